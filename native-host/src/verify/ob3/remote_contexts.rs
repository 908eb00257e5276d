//! JSON-LD contexts an issuer adds of its own (Andamio's
//! `https://credentials.andamio.io/context/v1.jsonld`), fetched so that its
//! credentials can be canonicalized and their proofs checked.
//!
//! Bundled contexts always win: a URL the bundle knows is never fetched.
//! Others are fetched through the one network seam ([`Net`]: the safe
//! fetcher, the cache), over https only, at most [`MAX_PER_CREDENTIAL`] per
//! credential and [`MAX_BYTES`] each. A fetched context may add terms, never
//! change one: a term that a bundled context defines (`name`, `issuer`,
//! the `@protected` terms of the VC and OB contexts) defined otherwise makes
//! the credential `invalid`, since it would change what the signed data
//! means. Safe mode stays: undefined terms still fail.
//!
//! The canonicalizer is synchronous, so the contexts fetched for one
//! credential are handed to its loader ([`lookup`]) through a task-local
//! scope around that credential's verification ([`scope`]).

use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, OnceLock};

use serde_json::{Map, Value};

use super::canon;
use crate::cache::Freshness;
use crate::contexts;
use crate::fetch::Kind;
use crate::verify::net::Net;

/// Real credentials add one or two contexts of their own.
pub const MAX_PER_CREDENTIAL: usize = 4;
/// Real contexts are a few KiB; the VC 2.0 context, the largest, is 12 KiB.
pub const MAX_BYTES: usize = 256 * 1024;

tokio::task_local! {
    static FETCHED: Arc<HashMap<String, Vec<u8>>>;
}

/// A fetched context for `url`, inside a [`scope`]; never a bundled one.
pub fn lookup(url: &str) -> Option<Vec<u8>> {
    FETCHED.try_with(|m| m.get(url).cloned()).ok().flatten()
}

/// Runs `fut` (one credential's verification) with `fetched` as its extra contexts.
pub async fn scope<F: Future>(fetched: HashMap<String, Vec<u8>>, fut: F) -> F::Output {
    FETCHED.scope(Arc::new(fetched), fut).await
}

/// Why the contexts a credential names could not all be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ContextError {
    /// Not fetched or not usable (not https, too many, too large, network,
    /// not a context): the credential cannot be interpreted (`unverifiable`).
    Unavailable(String),
    /// The context would change the meaning of a term a bundled context
    /// defines (`invalid`).
    Redefines(String),
}

/// Fetches every context `doc` names (also inside fetched contexts) that is
/// not bundled, and checks each one. An empty map when all are bundled.
pub async fn fetch_for(
    doc: &Value,
    net: Option<&Net<'_>>,
) -> Result<HashMap<String, Vec<u8>>, ContextError> {
    let mut pending = Vec::new();
    canon::context_urls(doc, &mut pending);
    let mut fetched: HashMap<String, Vec<u8>> = HashMap::new();
    while let Some(url) = pending.pop() {
        if contexts::lookup(&url).is_some() || fetched.contains_key(&url) {
            continue;
        }
        if fetched.len() >= MAX_PER_CREDENTIAL {
            return Err(ContextError::Unavailable(format!(
                "the credential needs more than {MAX_PER_CREDENTIAL} JSON-LD contexts that are not bundled ({url} is one too many)"
            )));
        }
        let context = fetch_one(&url, net).await?;
        check_terms(&url, &context)?;
        canon::context_urls(&context, &mut pending);
        fetched.insert(url, context.to_string().into_bytes());
    }
    Ok(fetched)
}

async fn fetch_one(url: &str, net: Option<&Net<'_>>) -> Result<Value, ContextError> {
    let unavailable = |why: String| {
        ContextError::Unavailable(format!(
            "the credential uses the JSON-LD context {url}, which is not bundled and {why}"
        ))
    };
    if !url.starts_with("https://") {
        return Err(unavailable(
            "is not an https address (only https contexts are fetched)".into(),
        ));
    }
    let Some(net) = net else {
        return Err(unavailable(
            "cannot be fetched without network access".into(),
        ));
    };
    let f = net
        .fetch(url, Kind::Json, Freshness::Cached)
        .await
        .map_err(|e| unavailable(format!("could not be fetched: {e}")))?;
    if !f.is_success() {
        return Err(unavailable(format!("answered HTTP {}", f.status)));
    }
    if f.body.len() > MAX_BYTES {
        return Err(unavailable(format!(
            "is larger than the {} KiB a context may be",
            MAX_BYTES / 1024
        )));
    }
    match serde_json::from_slice::<Value>(&f.body) {
        Ok(v) if v.get("@context").is_some() => Ok(v),
        _ => Err(unavailable("is not a JSON-LD context document".into())),
    }
}

/// Every term the bundled contexts define, at any level, with each
/// definition they give it.
fn bundled_terms() -> &'static HashMap<String, Vec<Value>> {
    static TERMS: OnceLock<HashMap<String, Vec<Value>>> = OnceLock::new();
    TERMS.get_or_init(|| {
        let mut terms: HashMap<String, Vec<Value>> = HashMap::new();
        for url in contexts::known() {
            let Some(doc) =
                contexts::lookup(url).and_then(|b| serde_json::from_slice::<Value>(b).ok())
            else {
                continue;
            };
            collect_terms(&doc, &mut terms);
        }
        terms
    })
}

/// Terms of every context object in `doc`, scoped ones included
/// (`achievement` is defined inside `AchievementSubject`).
fn collect_terms(doc: &Value, terms: &mut HashMap<String, Vec<Value>>) {
    match doc {
        Value::Object(map) => {
            for (k, v) in map {
                if k == "@context" {
                    let maps: Vec<&Map<String, Value>> = match v {
                        Value::Object(m) => vec![m],
                        Value::Array(a) => a.iter().filter_map(Value::as_object).collect(),
                        _ => Vec::new(),
                    };
                    for m in maps {
                        for (term, def) in m.iter().filter(|(t, _)| !t.starts_with('@')) {
                            let defs = terms.entry(term.clone()).or_default();
                            if !defs.contains(def) {
                                defs.push(def.clone());
                            }
                        }
                    }
                }
                collect_terms(v, terms);
            }
        }
        Value::Array(a) => a.iter().for_each(|v| collect_terms(v, terms)),
        _ => {}
    }
}

/// The term maps of a context document's `@context` (an object, or the
/// objects of an array).
fn top_level(doc: &Value) -> Vec<&Map<String, Value>> {
    match doc.get("@context") {
        Some(Value::Object(m)) => vec![m],
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_object).collect(),
        _ => Vec::new(),
    }
}

/// A fetched context may define new terms, or restate a bundled term
/// exactly; any other definition of a bundled term is refused.
fn check_terms(url: &str, context: &Value) -> Result<(), ContextError> {
    let bundled = bundled_terms();
    for map in top_level(context) {
        for (term, def) in map {
            if let Some(defs) = bundled.get(term) {
                if !defs.contains(def) {
                    return Err(ContextError::Redefines(format!(
                        "the JSON-LD context {url} redefines {term:?}, a term the Verifiable Credentials and Open Badges contexts define, which would change what the signed credential means"
                    )));
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn new_terms_pass_and_bundled_terms_may_only_be_restated() {
        let ok = json!({"@context": {"@protected": true, "andamio": "https://credentials.andamio.io/ns/v0#",
            "courseOwner": {"@id": "andamio:courseOwner", "@type": "@id"}}});
        assert_eq!(check_terms("https://x.example/c", &ok), Ok(()));
        for term in [
            "name",
            "issuer",
            "credentialSubject",
            "VerifiableCredential",
        ] {
            let bad = json!({"@context": {term: "https://attacker.example/#x"}});
            assert!(
                matches!(check_terms("https://x.example/c", &bad), Err(ContextError::Redefines(m)) if m.contains(term)),
                "{term}"
            );
        }
        let bad_in_array = json!({"@context": [{"@version": 1.1}, {"issuer": {"@id": "https://attacker.example/#issuer", "@type": "@id"}}]});
        assert!(check_terms("https://x.example/c", &bad_in_array).is_err());
    }

    #[test]
    fn lookup_sees_only_its_scope() {
        assert_eq!(lookup("https://x.example/c"), None);
        let map = HashMap::from([("https://x.example/c".to_string(), b"{}".to_vec())]);
        let inside = futures_lite_block_on(scope(map, async { lookup("https://x.example/c") }));
        assert_eq!(inside, Some(b"{}".to_vec()));
        assert_eq!(lookup("https://x.example/c"), None);
    }

    fn futures_lite_block_on<F: Future>(f: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap()
            .block_on(f)
    }

    #[tokio::test]
    async fn http_contexts_and_no_network_are_unavailable() {
        let doc =
            json!({"@context": ["https://www.w3.org/ns/credentials/v2", "http://x.example/c"]});
        assert!(matches!(
            fetch_for(&doc, None).await,
            Err(ContextError::Unavailable(m)) if m.contains("https")
        ));
        let doc =
            json!({"@context": ["https://www.w3.org/ns/credentials/v2", "https://x.example/c"]});
        assert!(matches!(
            fetch_for(&doc, None).await,
            Err(ContextError::Unavailable(_))
        ));
        let bundled = json!({"@context": ["https://www.w3.org/ns/credentials/v2"]});
        assert_eq!(fetch_for(&bundled, None).await, Ok(HashMap::new()));
    }
}
