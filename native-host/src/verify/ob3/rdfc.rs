//! RDF Dataset Canonicalization (RDFC-1.0, W3C Recommendation 2024) with
//! SHA-256, as the JavaScript reference implementation (`rdf-canonize`,
//! which signs most OB 3.0 credentials) computes it.
//!
//! Why not `oxrdf`'s `Dataset::canonicalize`: measured on 1EdTech's
//! `complete.json`, oxrdf 0.3.5 keeps the related blank nodes of the
//! Hash N-Degree Quads algorithm (step 3.1.2) in a set, where the spec and
//! `rdf-canonize` keep a list with repeats; when one blank node relates to
//! another through several quads (an embedded proof in its named graph),
//! the hashes differ, canonical labels are permuted and a genuine signature
//! fails. This module follows the spec's lists, iterates only distinct
//! permutations (repeats give identical paths, so the result is the same),
//! and stops after a work budget so that a hostile "poison graph" cannot
//! hang the host.

use std::collections::{BTreeMap, HashMap, HashSet};

use aws_lc_rs::digest;
use oxrdf::{GraphName, Literal, NamedOrBlankNode, Quad, Term};

/// Permutations plus recursive calls allowed for one dataset.
const WORK_BUDGET: u64 = 200_000;

/// The dataset needs more work than [`WORK_BUDGET`] allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooComplex;

#[derive(Clone)]
struct Issuer {
    prefix: &'static str,
    counter: usize,
    map: HashMap<String, String>,
    order: Vec<String>,
}

impl Issuer {
    fn new(prefix: &'static str) -> Self {
        Issuer {
            prefix,
            counter: 0,
            map: HashMap::new(),
            order: Vec::new(),
        }
    }

    fn issue(&mut self, id: &str) -> String {
        if let Some(v) = self.map.get(id) {
            return v.clone();
        }
        let v = format!("{}{}", self.prefix, self.counter);
        self.counter += 1;
        self.map.insert(id.to_string(), v.clone());
        self.order.push(id.to_string());
        v
    }
}

fn sha256_hex(s: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(64);
    for b in digest::digest(&digest::SHA256, s.as_bytes()).as_ref() {
        out.push(char::from(HEX[usize::from(b >> 4)]));
        out.push(char::from(HEX[usize::from(b & 0xf)]));
    }
    out
}

/// Canonical N-Quads escaping of a literal's lexical form (RDFC-1.0 §4.3).
fn escape_literal(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '\u{8}' => out.push_str("\\b"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\u{c}' => out.push_str("\\f"),
            '\r' => out.push_str("\\r"),
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\0'..='\u{1f}' | '\u{7f}' => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
}

fn write_literal(l: &Literal, out: &mut String) {
    out.push('"');
    escape_literal(l.value(), out);
    out.push('"');
    if let Some(lang) = l.language() {
        out.push('@');
        out.push_str(lang);
    } else if l.datatype().as_str() != "http://www.w3.org/2001/XMLSchema#string" {
        out.push_str("^^<");
        out.push_str(l.datatype().as_str());
        out.push('>');
    }
}

/// Serializes a quad; `bnode` writes each blank node's label.
fn write_quad(q: &Quad, bnode: &dyn Fn(&str, &mut String), out: &mut String) {
    match &q.subject {
        NamedOrBlankNode::NamedNode(n) => {
            out.push('<');
            out.push_str(n.as_str());
            out.push('>');
        }
        NamedOrBlankNode::BlankNode(b) => {
            out.push_str("_:");
            bnode(b.as_str(), out);
        }
    }
    out.push_str(" <");
    out.push_str(q.predicate.as_str());
    out.push_str("> ");
    match &q.object {
        Term::NamedNode(n) => {
            out.push('<');
            out.push_str(n.as_str());
            out.push('>');
        }
        Term::BlankNode(b) => {
            out.push_str("_:");
            bnode(b.as_str(), out);
        }
        Term::Literal(l) => write_literal(l, out),
    }
    match &q.graph_name {
        GraphName::DefaultGraph => {}
        GraphName::NamedNode(n) => {
            out.push_str(" <");
            out.push_str(n.as_str());
            out.push('>');
        }
        GraphName::BlankNode(b) => {
            out.push_str(" _:");
            bnode(b.as_str(), out);
        }
    }
    out.push_str(" .\n");
}

fn blank_components(q: &Quad) -> [(Option<&str>, &'static str); 3] {
    [
        (
            match &q.subject {
                NamedOrBlankNode::BlankNode(b) => Some(b.as_str()),
                _ => None,
            },
            "s",
        ),
        (
            match &q.object {
                Term::BlankNode(b) => Some(b.as_str()),
                _ => None,
            },
            "o",
        ),
        (
            match &q.graph_name {
                GraphName::BlankNode(b) => Some(b.as_str()),
                _ => None,
            },
            "g",
        ),
    ]
}

struct State<'a> {
    quads: &'a [&'a Quad],
    /// Blank node → indexes of the quads that mention it (each once).
    by_node: HashMap<&'a str, Vec<usize>>,
    canonical: Issuer,
    first_degree: HashMap<&'a str, String>,
    work: u64,
}

impl<'a> State<'a> {
    fn spend(&mut self) -> Result<(), TooComplex> {
        self.work += 1;
        if self.work > WORK_BUDGET {
            Err(TooComplex)
        } else {
            Ok(())
        }
    }

    /// Hash First Degree Quads (§4.6).
    fn hash_first_degree(&self, node: &str) -> String {
        if let Some(h) = self.first_degree.get(node) {
            return h.clone();
        }
        let mut lines: Vec<String> = self.by_node[node]
            .iter()
            .map(|&i| {
                let mut s = String::new();
                write_quad(
                    self.quads[i],
                    &|b, out| out.push(if b == node { 'a' } else { 'z' }),
                    &mut s,
                );
                s
            })
            .collect();
        lines.sort();
        sha256_hex(&lines.concat())
    }

    /// Hash Related Blank Node (§4.7).
    fn hash_related(&self, related: &str, q: &Quad, issuer: &Issuer, position: &str) -> String {
        let mut input = position.to_string();
        if position != "g" {
            input.push('<');
            input.push_str(q.predicate.as_str());
            input.push('>');
        }
        if let Some(id) = self
            .canonical
            .map
            .get(related)
            .or_else(|| issuer.map.get(related))
        {
            input.push_str("_:");
            input.push_str(id);
        } else {
            input.push_str(&self.hash_first_degree(related));
        }
        sha256_hex(&input)
    }

    /// Hash N-Degree Quads (§4.8).
    fn hash_n_degree(
        &mut self,
        node: &str,
        issuer: &Issuer,
    ) -> Result<(Issuer, String), TooComplex> {
        self.spend()?;
        let mut issuer = issuer.clone();
        // 1-3: related hash → list of related blank nodes, repeats kept.
        let mut h_n: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let quads = self.quads;
        for &i in &self.by_node[node] {
            let q = quads[i];
            for (component, position) in blank_components(q) {
                if let Some(related) = component.filter(|r| *r != node) {
                    let hash = self.hash_related(related, q, &issuer, position);
                    h_n.entry(hash).or_default().push(related.to_string());
                }
            }
        }
        // 4-5
        let mut data = String::new();
        for (related_hash, mut list) in h_n {
            data.push_str(&related_hash);
            let mut chosen_path = String::new();
            let mut chosen_issuer: Option<Issuer> = None;
            list.sort();
            let mut perm = Some(list);
            'perm: while let Some(p) = perm.take() {
                perm = next_permutation(&p);
                self.spend()?;
                let mut issuer_copy = issuer.clone();
                let mut path = String::new();
                let mut recursion = Vec::new();
                for related in &p {
                    if let Some(id) = self.canonical.map.get(related) {
                        path.push_str("_:");
                        path.push_str(id);
                    } else {
                        if !issuer_copy.map.contains_key(related) {
                            recursion.push(related.clone());
                        }
                        path.push_str("_:");
                        path.push_str(&issuer_copy.issue(related));
                    }
                    if !chosen_path.is_empty()
                        && path.len() >= chosen_path.len()
                        && path > chosen_path
                    {
                        continue 'perm;
                    }
                }
                for related in recursion {
                    let (result_issuer, result_hash) =
                        self.hash_n_degree(&related, &issuer_copy)?;
                    path.push_str("_:");
                    path.push_str(&issuer_copy.issue(&related));
                    path.push('<');
                    path.push_str(&result_hash);
                    path.push('>');
                    issuer_copy = result_issuer;
                    if !chosen_path.is_empty()
                        && path.len() >= chosen_path.len()
                        && path > chosen_path
                    {
                        continue 'perm;
                    }
                }
                if chosen_path.is_empty() || path < chosen_path {
                    chosen_path = path;
                    chosen_issuer = Some(issuer_copy);
                }
            }
            data.push_str(&chosen_path);
            if let Some(c) = chosen_issuer {
                issuer = c;
            }
        }
        Ok((issuer, sha256_hex(&data)))
    }
}

/// The next distinct permutation in lexicographic order, if any.
fn next_permutation(p: &[String]) -> Option<Vec<String>> {
    let mut v = p.to_vec();
    let n = v.len();
    if n < 2 {
        return None;
    }
    let mut i = n - 1;
    while i > 0 && v[i - 1] >= v[i] {
        i -= 1;
    }
    if i == 0 {
        return None;
    }
    let mut j = n - 1;
    while v[j] <= v[i - 1] {
        j -= 1;
    }
    v.swap(i - 1, j);
    v[i..].reverse();
    Some(v)
}

/// RDFC-1.0 canonical N-Quads of `quads` (a set: duplicates are dropped).
/// The order of `quads` does not matter: every list the algorithm hashes
/// or permutes is sorted first, and so are the output lines.
pub fn canonicalize(quads: &[Quad]) -> Result<String, TooComplex> {
    let mut seen = HashSet::with_capacity(quads.len());
    let unique: Vec<&Quad> = quads.iter().filter(|q| seen.insert(*q)).collect();
    let quads = &unique[..];
    let mut by_node: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, q) in quads.iter().enumerate() {
        for (component, _) in blank_components(q) {
            if let Some(b) = component {
                let entry = by_node.entry(b).or_default();
                if entry.last() != Some(&i) {
                    entry.push(i);
                }
            }
        }
    }
    let mut state = State {
        quads,
        by_node,
        canonical: Issuer::new("c14n"),
        first_degree: HashMap::new(),
        work: 0,
    };
    // 3: first-degree hashes.
    let mut nodes: Vec<&str> = state.by_node.keys().copied().collect();
    nodes.sort_unstable();
    let mut hash_to_nodes: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for n in nodes {
        let h = state.hash_first_degree(n);
        state.first_degree.insert(n, h.clone());
        hash_to_nodes.entry(h).or_default().push(n);
    }
    // 4: unique hashes get canonical identifiers, in hash order.
    for list in hash_to_nodes.values() {
        if list.len() == 1 {
            state.canonical.issue(list[0]);
        }
    }
    // 5: the rest, through N-degree hashes.
    for list in hash_to_nodes.values().filter(|l| l.len() > 1) {
        let mut paths = Vec::new();
        for n in list {
            if state.canonical.map.contains_key(*n) {
                continue;
            }
            let mut temporary = Issuer::new("b");
            temporary.issue(n);
            paths.push(state.hash_n_degree(n, &temporary)?);
        }
        paths.sort_by(|a, b| a.1.cmp(&b.1));
        for (issuer, _) in paths {
            for existing in issuer.order {
                state.canonical.issue(&existing);
            }
        }
    }
    // 6-7: relabel and sort.
    let canonical = &state.canonical;
    let mut lines: Vec<String> = quads
        .iter()
        .map(|q| {
            let mut s = String::new();
            write_quad(
                q,
                &|b, out| out.push_str(canonical.map.get(b).map_or(b, String::as_str)),
                &mut s,
            );
            s
        })
        .collect();
    lines.sort();
    Ok(lines.concat())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distinct_permutations_in_order() {
        let mut p = Some(vec!["a".to_string(), "a".into(), "b".into()]);
        let mut all = Vec::new();
        while let Some(v) = p {
            p = next_permutation(&v);
            all.push(v.concat());
        }
        assert_eq!(all, ["aab", "aba", "baa"]);
    }

    #[test]
    fn literal_escapes_follow_rdfc() {
        let mut s = String::new();
        escape_literal("a\"b\\c\td\u{1}e\u{7f}é", &mut s);
        assert_eq!(s, "a\\\"b\\\\c\\td\\u0001e\\u007Fé");
    }
}
