//! JSON-LD to RDF with bundled contexts (and those fetched for the credential
//! in hand, [`super::remote_contexts`]), then RDFC-1.0 canonical N-Quads.
//!
//! Two expansions run: the real one, and a "safe mode" one with a trailing
//! `@vocab` that catches every term no context defines. JSON-LD silently
//! drops such terms, which leaves them outside the signature (CRATES.md trap
//! 1), so any quad in that namespace makes the credential invalid.

use std::collections::HashMap;

use oxjsonld::{JsonLdParser, JsonLdRemoteDocument};
use oxrdf::{Dataset, Quad, Term};
use serde_json::Value;

use crate::contexts;

/// Where undefined terms land in the safe-mode expansion.
const UNDEFINED_NS: &str = "urn:x-undefined-term#";
/// RDFC-1.0 has no bound on hostile blank-node graphs; real credentials
/// carry a few dozen blank nodes at most.
const MAX_BLANK_NODES: usize = 256;
/// And a few hundred quads.
const MAX_QUADS: usize = 20_000;

/// Why a document could not be canonicalized.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CanonError {
    /// The document names a context BadgeLens neither bundles nor fetched.
    #[error("the credential uses the JSON-LD context {0}, which BadgeLens does not bundle and did not fetch")]
    UnknownContext(String),
    /// A term or type that no context defines, so it would sit outside the signature.
    #[error("the credential uses {0:?}, which none of its JSON-LD contexts defines, so the signature does not cover it")]
    UndefinedTerm(String),
    /// The JSON-LD itself is malformed (a JSON-LD processing error).
    #[error("the credential is not valid JSON-LD: {0}")]
    JsonLd(String),
    /// Too many blank nodes or quads to canonicalize safely.
    #[error("the credential is too large to canonicalize ({0})")]
    TooComplex(String),
}

/// Every string-valued `@context` reference anywhere in `doc`.
pub fn context_urls(doc: &Value, out: &mut Vec<String>) {
    match doc {
        Value::Object(map) => {
            for (k, v) in map {
                if k == "@context" {
                    let list = match v {
                        Value::Array(a) => a.iter().collect::<Vec<_>>(),
                        other => vec![other],
                    };
                    for c in list {
                        match c {
                            Value::String(s) => out.push(s.clone()),
                            other => context_urls(other, out),
                        }
                    }
                } else {
                    context_urls(v, out);
                }
            }
        }
        Value::Array(a) => a.iter().for_each(|v| context_urls(v, out)),
        _ => {}
    }
}

/// The first context `doc` references that is neither bundled nor fetched.
pub fn first_unknown_context(doc: &Value) -> Option<String> {
    let mut urls = Vec::new();
    context_urls(doc, &mut urls);
    // A bundled context is known without copying it out.
    urls.into_iter()
        .find(|u| contexts::lookup(u).is_none() && load_context(u).is_none())
}

/// The loader hook: a bundled context always wins; else one fetched for
/// this credential (in scope), else none.
fn load_context(url: &str) -> Option<Vec<u8>> {
    contexts::lookup(url)
        .map(<[u8]>::to_vec)
        .or_else(|| super::remote_contexts::lookup(url))
}

/// JSON-LD to an RDF dataset, loading contexts from the bundle only.
pub fn to_dataset(doc: &Value) -> Result<Dataset, CanonError> {
    let mut dataset = Dataset::new();
    expand(doc, |q| {
        dataset.insert(&q);
        dataset.len()
    })?;
    Ok(dataset)
}

/// The distinct quads of [`to_dataset`], in the order expansion gives them,
/// without building a dataset's indexes (canonicalization only reads them).
fn to_quads(doc: &Value) -> Result<Vec<Quad>, CanonError> {
    let mut seen: HashMap<Quad, usize> = HashMap::new();
    expand(doc, |q| {
        let next = seen.len();
        seen.entry(q).or_insert(next);
        seen.len()
    })?;
    let mut quads: Vec<(Quad, usize)> = seen.into_iter().collect();
    quads.sort_unstable_by_key(|(_, i)| *i);
    Ok(quads.into_iter().map(|(q, _)| q).collect())
}

/// JSON-LD to RDF: every quad of `doc` to `insert`, which answers how many
/// distinct quads it holds.
fn expand(doc: &Value, mut insert: impl FnMut(Quad) -> usize) -> Result<(), CanonError> {
    if let Some(url) = first_unknown_context(doc) {
        return Err(CanonError::UnknownContext(url));
    }
    let bytes = serde_json::to_vec(doc).map_err(|e| CanonError::JsonLd(e.to_string()))?;
    let parser = JsonLdParser::new()
        .for_slice(&bytes)
        .with_load_document_callback(|url, _| match load_context(url) {
            Some(doc) => Ok(JsonLdRemoteDocument {
                document: doc,
                document_url: url.to_string(),
            }),
            None => Err(format!("{UNKNOWN_MARK}{url}").into()),
        })
        // Bundled contexts never change: processed once per process, not per document.
        .with_static_contexts(|url| contexts::lookup(url).is_some());
    for quad in parser {
        match quad {
            Ok(q) => {
                if insert(q) > MAX_QUADS {
                    return Err(CanonError::TooComplex(format!(
                        "over {MAX_QUADS} statements"
                    )));
                }
            }
            Err(e) => {
                let msg = e.to_string();
                if let Some(i) = msg.find(UNKNOWN_MARK) {
                    let url = msg[i + UNKNOWN_MARK.len()..].to_string();
                    return Err(CanonError::UnknownContext(url));
                }
                return Err(CanonError::JsonLd(msg));
            }
        }
    }
    Ok(())
}

/// Marks a loader refusal inside oxjsonld's error text.
const UNKNOWN_MARK: &str = "not bundled: ";

/// JSON-LD 1.1 keywords; any other key in keyword form (`@foo`) is ignored
/// by expansion, so it could be added after signing unnoticed.
const KEYWORDS: &[&str] = &[
    "@base",
    "@container",
    "@context",
    "@direction",
    "@graph",
    "@id",
    "@import",
    "@included",
    "@index",
    "@json",
    "@language",
    "@list",
    "@nest",
    "@none",
    "@prefix",
    "@propagate",
    "@protected",
    "@reverse",
    "@set",
    "@type",
    "@value",
    "@version",
    "@vocab",
];

/// Keys JSON-LD drops without a term definition being involved: unknown
/// `@` keywords and blank-node properties (`_:x`), which RDF cannot hold.
fn dropped_key(doc: &Value) -> Option<String> {
    match doc {
        Value::Object(map) => {
            for (k, v) in map {
                if (k.starts_with('@') && !KEYWORDS.contains(&k.as_str())) || k.starts_with("_:") {
                    return Some(k.clone());
                }
                // Contexts define terms; their keys are not data. But a term
                // mapped to null in an inline context is dropped on purpose,
                // which would let a key ride outside the signature too.
                if k == "@context" {
                    if let Some(term) = null_term(v) {
                        return Some(term);
                    }
                    continue;
                }
                if let Some(found) = dropped_key(v) {
                    return Some(found);
                }
            }
            None
        }
        Value::Array(a) => a.iter().find_map(dropped_key),
        _ => None,
    }
}

/// A term an inline context maps to `null`.
fn null_term(ctx: &Value) -> Option<String> {
    match ctx {
        Value::Object(map) => map
            .iter()
            .find(|(_, v)| v.is_null())
            .map(|(k, _)| k.clone()),
        Value::Array(a) => a.iter().find_map(null_term),
        _ => None,
    }
}

/// Safe mode: fails when any term or type in `doc` is undefined by its contexts.
pub fn check_safe_mode(doc: &Value) -> Result<(), CanonError> {
    safe_quads(doc).map(|_| ())
}

/// The RDF of `doc` (its distinct quads), expanded with a trailing `@vocab`
/// that catches every undefined term. When no quad lands in that namespace
/// the quads are exactly the plain expansion (the `@vocab` only gives IRIs to terms that
/// would otherwise be dropped), so it can be canonicalized as it is: one
/// JSON-LD pass serves both safe mode and the signature.
pub fn safe_quads(doc: &Value) -> Result<Vec<Quad>, CanonError> {
    if let Some(key) = dropped_key(doc) {
        return Err(CanonError::UndefinedTerm(key));
    }
    let Some(obj) = doc.as_object() else {
        return Err(CanonError::JsonLd(
            "the document is not a JSON object".into(),
        ));
    };
    let mut probe = obj.clone();
    let mut ctx = match probe.remove("@context") {
        Some(Value::Array(a)) => a,
        Some(other) => vec![other],
        None => Vec::new(),
    };
    ctx.push(serde_json::json!({ "@vocab": UNDEFINED_NS }));
    probe.insert("@context".into(), Value::Array(ctx));
    let quads = to_quads(&Value::Object(probe))?;
    for q in &quads {
        if let Some(term) = undefined_in(q) {
            return Err(CanonError::UndefinedTerm(term));
        }
    }
    Ok(quads)
}

/// Marks the proof options inside the combined pass of [`safe_canonical_pair`].
const OPTIONS_MARK: &str = "urn:x-badgelens:proof-options";

/// The document and one proof's options, in safe mode, canonicalized from a
/// single JSON-LD pass: `{"@context": C, "@graph": [document, options]}`
/// expands to the union of both documents' quads (same context), and
/// processing the contexts is most of the cost (benches/ob3.rs). The options
/// node gets a marker `@id` to be told apart, then is a blank node again.
/// `None` when the shapes do not allow it safely (the caller then expands
/// each document on its own).
pub fn safe_canonical_pair(
    unsecured: &Value,
    options: &Value,
) -> Option<Result<(String, String), CanonError>> {
    let (doc, opts) = (unsecured.as_object()?, options.as_object()?);
    if doc.get("@context") != opts.get("@context")
        || doc.contains_key("@graph")
        || opts.contains_key("id")
        || opts.contains_key("@id")
    {
        return None;
    }
    let mut doc = doc.clone();
    let mut opts = opts.clone();
    let ctx = doc.remove("@context");
    opts.remove("@context");
    opts.insert("@id".into(), Value::String(OPTIONS_MARK.into()));
    let mut combined = serde_json::Map::new();
    if let Some(ctx) = ctx {
        combined.insert("@context".into(), ctx);
    }
    combined.insert(
        "@graph".into(),
        Value::Array(vec![Value::Object(doc), Value::Object(opts)]),
    );
    let quads = match safe_quads(&Value::Object(combined)) {
        Ok(d) => d,
        Err(e) => return Some(Err(e)),
    };
    let mark = oxrdf::NamedNode::new_unchecked(OPTIONS_MARK);
    let options_node = oxrdf::BlankNode::default();
    let (mut doc_quads, mut opt_quads) = (Vec::new(), Vec::new());
    for q in quads {
        let marked_subject =
            matches!(&q.subject, oxrdf::NamedOrBlankNode::NamedNode(n) if *n == mark);
        if matches!(&q.object, Term::NamedNode(n) if *n == mark)
            || matches!(&q.graph_name, oxrdf::GraphName::NamedNode(n) if *n == mark)
            || (marked_subject && matches!(q.object, Term::BlankNode(_)))
            || !matches!(q.graph_name, oxrdf::GraphName::DefaultGraph) && marked_subject
        {
            return None;
        }
        if marked_subject {
            opt_quads.push(Quad::new(
                options_node.clone(),
                q.predicate,
                q.object,
                q.graph_name,
            ));
        } else {
            doc_quads.push(q);
        }
    }
    Some(canonicalize_quads(&doc_quads).and_then(|d| Ok((d, canonicalize_quads(&opt_quads)?))))
}

/// Safe mode and RDFC-1.0 canonical N-Quads in one JSON-LD pass.
pub fn safe_canonical_nquads(doc: &Value) -> Result<String, CanonError> {
    canonicalize_quads(&safe_quads(doc)?)
}

fn undefined_in(q: &Quad) -> Option<String> {
    let strip = |s: &str| s.strip_prefix(UNDEFINED_NS).map(str::to_string);
    if let Some(t) = strip(q.predicate.as_str()) {
        return Some(t);
    }
    if let oxrdf::NamedOrBlankNode::NamedNode(n) = &q.subject {
        if let Some(t) = strip(n.as_str()) {
            return Some(t);
        }
    }
    if let Term::NamedNode(n) = &q.object {
        if let Some(t) = strip(n.as_str()) {
            return Some(t);
        }
    }
    if let Term::Literal(l) = &q.object {
        if let Some(t) = strip(l.datatype().as_str()) {
            return Some(t);
        }
    }
    if let oxrdf::GraphName::NamedNode(n) = &q.graph_name {
        if let Some(t) = strip(n.as_str()) {
            return Some(t);
        }
    }
    None
}

/// RDFC-1.0 canonical N-Quads of `doc` (sorted lines, each ending in `\n`).
pub fn canonical_nquads(doc: &Value) -> Result<String, CanonError> {
    canonicalize_quads(&to_quads(doc)?)
}

fn canonicalize_quads(quads: &[Quad]) -> Result<String, CanonError> {
    let mut blank = std::collections::HashSet::new();
    for q in quads.iter().map(Quad::as_ref) {
        if let oxrdf::NamedOrBlankNodeRef::BlankNode(b) = q.subject {
            blank.insert(b.as_str().to_string());
        }
        if let oxrdf::TermRef::BlankNode(b) = q.object {
            blank.insert(b.as_str().to_string());
        }
        if let oxrdf::GraphNameRef::BlankNode(b) = q.graph_name {
            blank.insert(b.as_str().to_string());
        }
        if blank.len() > MAX_BLANK_NODES {
            return Err(CanonError::TooComplex(format!(
                "over {MAX_BLANK_NODES} blank nodes"
            )));
        }
    }
    super::rdfc::canonicalize(quads).map_err(|_| {
        CanonError::TooComplex("its blank nodes need too much work to canonicalize".into())
    })
}
