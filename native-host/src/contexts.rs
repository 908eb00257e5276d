//! The JSON-LD contexts bundled in the binary, for every generation: Open
//! Badges 1.x/2.0 and extensions, W3C credentials, Data Integrity, DID,
//! status lists, Open Badges 3.0 and extensions. One table serves the OB 2.0
//! context check and the OB 3.0 canonicalization's document loader.
//!
//! Bundled contexts are never fetched at verify time: an outage of w3id.org
//! must not turn genuine badges grey. An OB 3.0 credential that names a
//! context not listed here gets it fetched, under strict rules
//! (`verify/ob3/remote_contexts.rs`); anything else that names one cannot be
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
    // W3C VC, Data Integrity, DID, status lists, Open Badges 3.0 and DCC.
    (
        "https://www.w3.org/2018/credentials/v1",
        include_str!("../contexts/credentials-v1.jsonld"),
    ),
    (
        "https://www.w3.org/ns/credentials/v2",
        include_str!("../contexts/credentials-v2.jsonld"),
    ),
    (
        "https://w3id.org/security/data-integrity/v1",
        include_str!("../contexts/data-integrity-v1.jsonld"),
    ),
    (
        "https://w3id.org/security/data-integrity/v2",
        include_str!("../contexts/data-integrity-v2.jsonld"),
    ),
    (
        "https://w3id.org/security/suites/ed25519-2020/v1",
        include_str!("../contexts/ed25519-2020-v1.jsonld"),
    ),
    (
        "https://w3id.org/security/multikey/v1",
        include_str!("../contexts/multikey-v1.jsonld"),
    ),
    (
        "https://w3id.org/security/v1",
        include_str!("../contexts/security-v1.jsonld"),
    ),
    (
        "https://w3id.org/security/v2",
        include_str!("../contexts/security-v2.jsonld"),
    ),
    (
        "https://www.w3.org/ns/did/v1",
        include_str!("../contexts/did-v1.jsonld"),
    ),
    (
        "https://w3id.org/did/v1",
        include_str!("../contexts/did-v1.jsonld"),
    ),
    (
        "https://www.w3.org/ns/credentials/status/v1",
        include_str!("../contexts/vc-bitstring-status-list-v1.jsonld"),
    ),
    (
        "https://w3id.org/vc/status-list/2021/v1",
        include_str!("../contexts/status-list-2021-v1.jsonld"),
    ),
    (
        "https://purl.imsglobal.org/spec/ob/v3p0/context.json",
        include_str!("../contexts/ob-v3p0-context.jsonld"),
    ),
    (
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.0.json",
        include_str!("../contexts/ob-v3p0-context.jsonld"),
    ),
    (
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json",
        include_str!("../contexts/ob-v3p0-context-3.0.1.jsonld"),
    ),
    (
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json",
        include_str!("../contexts/ob-v3p0-context-3.0.2.jsonld"),
    ),
    (
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
        include_str!("../contexts/ob-v3p0-context-3.0.3.jsonld"),
    ),
    (
        "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json",
        include_str!("../contexts/ob-v3p0-extensions.jsonld"),
    ),
    (
        "https://w3id.org/dcc/v1",
        include_str!("../contexts/dcc-v1.jsonld"),
    ),
];

const OB_V2: &str = include_str!("../contexts/ob-v2p0.json");
const OB_V1: &str = include_str!("../contexts/ob-v1.json");

/// The bundled context document for `url`, if there is one.
pub fn bundled(url: &str) -> Option<&'static str> {
    BUNDLED.iter().find(|(u, _)| *u == url).map(|(_, c)| *c)
}

/// The bundled context for exactly `url`, if there is one (no
/// normalisation: another spelling is another context). The text as
/// bundled: each is parsed and processed once per process (canon.rs), so
/// re-serializing every context compactly at start-up cost more than it saved.
pub fn lookup(url: &str) -> Option<&'static [u8]> {
    bundled(url).map(str::as_bytes)
}

/// Every context URL the bundle knows, for messages and tests.
pub fn known() -> impl Iterator<Item = &'static str> {
    BUNDLED.iter().map(|(u, _)| *u)
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
                // Only the Open Badges contexts decide the generation; the
                // table also holds W3C and OB 3.0 contexts.
                let ob = url.contains("/openbadges/") || url.contains("openbadgespec.org/");
                if ob && url.contains("/v2") {
                    generation = Some(ObContext::V2);
                } else if ob && url.contains("/v1") {
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
        // A bundled context of another kind does not make a document an Open Badge.
        assert!(check(Some(&json!("https://www.w3.org/2018/credentials/v1"))).is_err());
        let v2: Value = serde_json::from_str(OB_V2).unwrap();
        assert_eq!(check(Some(&v2["@context"])), Ok(ObContext::V2));
        assert!(check(Some(&json!({"recipient": "http://evil.example/r"}))).is_err());
        assert!(check(Some(&json!([
            "https://w3id.org/openbadges/v2",
            "https://w3id.org/openbadges/extensions/exampleExtension/context.json"
        ])))
        .is_ok());
    }

    #[test]
    fn every_bundled_context_is_a_json_ld_context() {
        for (url, text) in BUNDLED {
            let v: serde_json::Value = serde_json::from_str(text).expect(url);
            assert!(v.get("@context").is_some(), "{url} has no @context");
            assert!(lookup(url).is_some());
        }
        assert!(lookup("https://example.org/unknown-context").is_none());
        assert!(lookup("http://www.w3.org/ns/credentials/v2").is_none());
    }
}
