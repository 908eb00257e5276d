//! The JSON-LD contexts BadgeLens bundles, and the only document loader
//! the OB 3.0 canonicalization ever uses.
//!
//! Contexts are never fetched (PROTOCOL.md): a credential that names a
//! context outside this table cannot be canonicalized as its issuer did, so
//! its proof is `unverifiable`, with the context named. The files live in
//! `native-host/contexts/` with their sources and licences in its README.

use std::collections::HashMap;
use std::sync::OnceLock;

/// `(url, file contents)` for every bundled context. Aliases share a file.
const BUNDLED: &[(&str, &str)] = &[
    (
        "https://www.w3.org/2018/credentials/v1",
        include_str!("../../../contexts/credentials-v1.jsonld"),
    ),
    (
        "https://www.w3.org/ns/credentials/v2",
        include_str!("../../../contexts/credentials-v2.jsonld"),
    ),
    (
        "https://w3id.org/security/data-integrity/v1",
        include_str!("../../../contexts/data-integrity-v1.jsonld"),
    ),
    (
        "https://w3id.org/security/data-integrity/v2",
        include_str!("../../../contexts/data-integrity-v2.jsonld"),
    ),
    (
        "https://w3id.org/security/suites/ed25519-2020/v1",
        include_str!("../../../contexts/ed25519-2020-v1.jsonld"),
    ),
    (
        "https://w3id.org/security/multikey/v1",
        include_str!("../../../contexts/multikey-v1.jsonld"),
    ),
    (
        "https://w3id.org/security/v1",
        include_str!("../../../contexts/security-v1.jsonld"),
    ),
    (
        "https://w3id.org/security/v2",
        include_str!("../../../contexts/security-v2.jsonld"),
    ),
    (
        "https://www.w3.org/ns/did/v1",
        include_str!("../../../contexts/did-v1.jsonld"),
    ),
    (
        "https://w3id.org/did/v1",
        include_str!("../../../contexts/did-v1.jsonld"),
    ),
    (
        "https://www.w3.org/ns/credentials/status/v1",
        include_str!("../../../contexts/vc-bitstring-status-list-v1.jsonld"),
    ),
    (
        "https://w3id.org/vc/status-list/2021/v1",
        include_str!("../../../contexts/status-list-2021-v1.jsonld"),
    ),
    (
        "https://purl.imsglobal.org/spec/ob/v3p0/context.json",
        include_str!("../../../contexts/ob-v3p0-context.jsonld"),
    ),
    (
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.0.json",
        include_str!("../../../contexts/ob-v3p0-context.jsonld"),
    ),
    (
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json",
        include_str!("../../../contexts/ob-v3p0-context-3.0.1.jsonld"),
    ),
    (
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json",
        include_str!("../../../contexts/ob-v3p0-context-3.0.2.jsonld"),
    ),
    (
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
        include_str!("../../../contexts/ob-v3p0-context-3.0.3.jsonld"),
    ),
    (
        "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json",
        include_str!("../../../contexts/ob-v3p0-extensions.jsonld"),
    ),
    (
        "https://w3id.org/dcc/v1",
        include_str!("../../../contexts/dcc-v1.jsonld"),
    ),
];

/// The bundled contexts by URL, re-serialized compactly once per process so
/// each canonicalization parses the smallest text (oxjsonld offers no way to
/// share its processed contexts between documents).
fn registry() -> &'static HashMap<&'static str, &'static [u8]> {
    static REGISTRY: OnceLock<HashMap<&'static str, &'static [u8]>> = OnceLock::new();
    REGISTRY.get_or_init(|| {
        BUNDLED
            .iter()
            .map(|(url, text)| {
                let compact = serde_json::from_str::<serde_json::Value>(text)
                    .map(|v| v.to_string().into_bytes())
                    .unwrap_or_else(|_| text.as_bytes().to_vec());
                (*url, &*Box::leak(compact.into_boxed_slice()))
            })
            .collect()
    })
}

/// The bundled context for exactly `url`, if there is one (no
/// normalisation: another spelling is another context).
pub fn lookup(url: &str) -> Option<&'static [u8]> {
    registry().get(url).copied()
}

/// Every context URL the bundle knows, for messages and tests.
pub fn known() -> impl Iterator<Item = &'static str> {
    BUNDLED.iter().map(|(u, _)| *u)
}

#[cfg(test)]
mod tests {
    use super::*;

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
