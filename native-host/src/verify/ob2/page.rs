//! Finding the assertion behind a web page that no resolver rule knows.
//!
//! PROTOCOL.md: a `<link rel="alternate" type="application/ld+json">`
//! pointing at the assertion, or an Open Badges JSON-LD `<script>` in the
//! page. Pages are untrusted, capped at the JSON size limit, and only read
//! with two simple expressions (no HTML engine, nothing executed).

use regex::Regex;
use serde_json::Value;
use url::Url;

/// What a page offers.
#[derive(Debug, Clone, PartialEq)]
pub enum Found {
    /// A link to the machine-readable assertion (absolute).
    Link(String),
    /// An assertion embedded as JSON-LD.
    Embedded(Value),
}

/// The attribute expressions, compiled once (pages can hold many tags).
fn attr_regex(name: &str) -> Option<&'static Regex> {
    static RES: std::sync::LazyLock<Vec<(&'static str, Regex)>> = std::sync::LazyLock::new(|| {
        ["rel", "type", "href"]
            .into_iter()
            .filter_map(|n| {
                Regex::new(&format!(
                    r#"(?i)\s{n}\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))"#
                ))
                .ok()
                .map(|r| (n, r))
            })
            .collect()
    });
    RES.iter().find(|(n, _)| *n == name).map(|(_, r)| r)
}

fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let c = attr_regex(name)?.captures(tag)?;
    c.get(1).or(c.get(2)).or(c.get(3)).map(|m| m.as_str())
}

/// Looks for the assertion in `html`, resolving relative links against `base`.
pub fn discover(html: &str, base: &Url) -> Option<Found> {
    let link = Regex::new(r"(?is)<link\b[^>]*>").ok()?;
    for m in link.find_iter(html) {
        let tag = m.as_str();
        let rel = attr(tag, "rel").unwrap_or("").to_ascii_lowercase();
        let ty = attr(tag, "type").unwrap_or("").to_ascii_lowercase();
        if rel.split_whitespace().any(|r| r == "alternate")
            && (ty.contains("ld+json") || ty == "application/json")
        {
            if let Some(href) = attr(tag, "href") {
                let href = href.replace("&amp;", "&");
                if let Ok(u) = base.join(&href) {
                    return Some(Found::Link(u.to_string()));
                }
            }
        }
    }
    let script = Regex::new(r#"(?is)<script\b([^>]*)>(.*?)</script>"#).ok()?;
    for c in script.captures_iter(html) {
        let attrs = c.get(1).map(|m| m.as_str()).unwrap_or("");
        if !attr(&format!(" {attrs}"), "type")
            .is_some_and(|t| t.to_ascii_lowercase().contains("ld+json"))
        {
            continue;
        }
        let Ok(v) = serde_json::from_str::<Value>(c.get(2)?.as_str().trim()) else {
            continue;
        };
        let candidates: Vec<Value> = match v {
            Value::Array(a) => a,
            other => vec![other],
        };
        for doc in candidates {
            let ctx = doc
                .get("@context")
                .map(Value::to_string)
                .unwrap_or_default();
            let is_ob = ctx.contains("w3id.org/openbadges")
                && super::upgrade::has_type(&doc, &["Assertion"]);
            if is_ob {
                return Some(Found::Embedded(doc));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_alternate_links_and_embedded_assertions() {
        let base = Url::parse("https://badges.example/p/1").unwrap();
        let html = r#"<html><head><link rel="stylesheet" href="/s.css">
            <LINK type='application/ld+json' rel='alternate' href='/a/1.json?x=1&amp;y=2'></head></html>"#;
        assert_eq!(
            discover(html, &base),
            Some(Found::Link(
                "https://badges.example/a/1.json?x=1&y=2".into()
            ))
        );
        let html = r#"<script type="application/ld+json">{"@context":"https://w3id.org/openbadges/v2","type":"Assertion","id":"https://badges.example/a/2"}</script>"#;
        assert!(matches!(discover(html, &base), Some(Found::Embedded(_))));
        let html = r#"<script type="application/ld+json">{"@context":"https://schema.org","type":"Person"}</script><p>nothing</p>"#;
        assert_eq!(discover(html, &base), None);
    }
}
