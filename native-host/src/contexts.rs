//! JSON-LD contexts bundled in the binary (Open Badges 1.x/2.0 and extensions).
//!
//! Contexts are never fetched at verify time: an outage of w3id.org must not
//! turn genuine badges grey, and a context URL in badge data must not make us
//! fetch it. A document that names a context not listed here cannot be
//! interpreted, so it is `unverifiable` (check `parse`, naming the context).
//! Provenance of each file: `native-host/contexts/README.md`.

use serde_json::Value;

/// `(URL, context document)` pairs, trailing slashes and `http:` forms included.
const BUNDLED: &[(&str, &str)] = &[
    ("https://w3id.org/openbadges/v2", OB_V2),
    ("https://w3id.org/openbadges/v2/", OB_V2),
    ("http://w3id.org/openbadges/v2", OB_V2),
    ("https://openbadgespec.org/v2/context.json", OB_V2),
    ("https://w3id.org/openbadges/v1", OB_V1),
    ("https://w3id.org/openbadges/v1/", OB_V1),
    ("http://w3id.org/openbadges/v1", OB_V1),
    ("https://openbadgespec.org/v1/context.json", OB_V1),
    (
        "https://w3id.org/openbadges/extensions/exampleExtension/context.json",
        include_str!("../contexts/obv2x-example-extension.json"),
    ),
    (
        "https://openbadgespec.org/extensions/exampleExtension/context.json",
        include_str!("../contexts/obv2x-example-extension.json"),
    ),
    (
        "https://w3id.org/openbadges/extensions/applyLinkExtension/context.json",
        include_str!("../contexts/obv2x-applylink-extensions.json"),
    ),
    (
        "https://openbadgespec.org/extensions/applyLinkExtension/context.json",
        include_str!("../contexts/obv2x-applylink-extensions.json"),
    ),
];

const OB_V2: &str = include_str!("../contexts/ob-v2p0.json");
const OB_V1: &str = include_str!("../contexts/ob-v1.json");

/// The bundled context document for `url`, if there is one.
pub fn bundled(url: &str) -> Option<&'static str> {
    BUNDLED.iter().find(|(u, _)| *u == url).map(|(_, c)| *c)
}

/// Which Open Badges generation a document's `@context` declares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ObContext {
    /// No `@context` at all (OB 0.5 / 1.0).
    None,
    V1,
    V2,
}

/// Checks a document's `@context`: every URL must be bundled, and an inline
/// context may not redefine an Open Badges v2 term to mean something else
/// (which would change what the badge's properties mean). `Err` says why.
pub fn check(context: Option<&Value>) -> Result<ObContext, String> {
    let Some(ctx) = context else {
        return Ok(ObContext::None);
    };
    let items: Vec<&Value> = match ctx {
        Value::Array(a) => a.iter().collect(),
        other => vec![other],
    };
    let mut generation = None;
    for item in items {
        match item {
            Value::String(url) => {
                if bundled(url).is_none() {
                    return Err(format!(
                        "it uses the JSON-LD context {url}, which BadgeLens does not know"
                    ));
                }
                if url.contains("/v2") {
                    generation = Some(ObContext::V2);
                } else if url.contains("/v1") {
                    generation.get_or_insert(ObContext::V1);
                }
            }
            Value::Object(map) => {
                let terms = map.get("@context").unwrap_or(item);
                check_inline(terms)?;
                if terms.get("obi").and_then(Value::as_str) == Some("https://w3id.org/openbadges#")
                    && terms.get("Assertion").is_some()
                {
                    generation = Some(ObContext::V2);
                }
            }
            _ => return Err("its @context is neither a URL nor an object".into()),
        }
    }
    generation.ok_or_else(|| "its @context is not an Open Badges context".to_string())
}

/// The IRI a term definition maps to (`"x:y"` or `{"@id": "x:y"}`).
fn term_id(def: &Value) -> Option<&str> {
    match def {
        Value::String(s) => Some(s),
        Value::Object(o) => o.get("@id").and_then(Value::as_str),
        _ => None,
    }
}

fn check_inline(terms: &Value) -> Result<(), String> {
    let Some(terms) = terms.as_object() else {
        return Err("its inline @context is not an object".into());
    };
    let v2: Value = serde_json::from_str(OB_V2).unwrap_or(Value::Null);
    let Some(v2) = v2.get("@context").and_then(Value::as_object) else {
        return Ok(());
    };
    for (term, def) in terms {
        if let Some(ours) = v2.get(term) {
            if term_id(ours) != term_id(def) {
                return Err(format!(
                    "its inline @context redefines the Open Badges term {term:?}"
                ));
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
    fn bundled_contexts_are_json() {
        for (url, text) in BUNDLED {
            let v: Value = serde_json::from_str(text).unwrap_or_else(|e| panic!("{url}: {e}"));
            assert!(v.get("@context").is_some(), "{url}");
        }
    }

    #[test]
    fn judges_contexts() {
        assert_eq!(
            check(Some(&json!("https://w3id.org/openbadges/v2"))),
            Ok(ObContext::V2)
        );
        assert_eq!(
            check(Some(&json!("https://w3id.org/openbadges/v1"))),
            Ok(ObContext::V1)
        );
        assert_eq!(check(None), Ok(ObContext::None));
        assert!(check(Some(&json!("https://w3id.org/openbadges/invalid"))).is_err());
        let v2: Value = serde_json::from_str(OB_V2).unwrap();
        assert_eq!(check(Some(&v2["@context"])), Ok(ObContext::V2));
        assert!(check(Some(&json!({"recipient": "http://evil.example/r"}))).is_err());
        assert!(check(Some(&json!([
            "https://w3id.org/openbadges/v2",
            "https://w3id.org/openbadges/extensions/exampleExtension/context.json"
        ])))
        .is_ok());
    }
}
