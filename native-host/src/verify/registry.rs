//! Issuer registries: lists a user configures of issuers someone they
//! trust vouches for (the Digital Credentials Consortium's format:
//! `{"meta": {...}, "entries": {"<issuer id or DID>": {"name", "url", ...}}}`).
//!
//! A registry can only add to what authority already proved: it is
//! consulted once the issuer's key or site was proved the issuer's own
//! ([`super::authority`]), and it names who that issuer is. The registry is
//! fetched over https only, with the safe fetcher, and cached like issuer
//! data. Registries are tried in the configured order (most authoritative
//! first); the first that lists the issuer wins.

use serde_json::Value;

use super::net::Net;
use super::report::Report;
use crate::cache::Freshness;
use crate::config::RegistryConfig;
use crate::messages::{CheckName, IssuerIdentity};

/// Looks `issuer` up in `registries`; on a hit the report's identity
/// becomes the registry's, keeping a domain already proved.
pub async fn identify(r: &mut Report, issuer: &str, registries: &[RegistryConfig], net: &Net<'_>) {
    let Some(proved) = r.issuer_identity().cloned() else {
        return;
    };
    for registry in registries {
        if !registry.url.starts_with("https://") {
            r.warn(
                CheckName::IssuerProfile,
                format!(
                    "the registry {} is not fetched: only https registries are used",
                    registry.name
                ),
            );
            continue;
        }
        let doc = match net.json(&registry.url, Freshness::Cached).await {
            Ok(d) => d.value,
            Err(e) => {
                r.warn(
                    CheckName::IssuerProfile,
                    format!("the registry {} could not be consulted: {e}", registry.name),
                );
                continue;
            }
        };
        if let Some(entry) = lookup(&doc, issuer) {
            let listed_as = entry
                .get("name")
                .and_then(Value::as_str)
                .map(str::to_string);
            r.pass(
                CheckName::IssuerProfile,
                format!(
                    "the registry {} lists the issuer {issuer}{}",
                    registry.name,
                    listed_as
                        .as_deref()
                        .map(|n| format!(" as {n}"))
                        .unwrap_or_default()
                ),
            );
            let domain = match proved {
                IssuerIdentity::Domain(d) => Some(d),
                IssuerIdentity::Registry { domain, .. } => domain,
                IssuerIdentity::Key => None,
            };
            r.identify_issuer(IssuerIdentity::Registry {
                registry: registry.name.clone(),
                listed_as,
                domain,
            });
            return;
        }
    }
}

/// The registry's entry for `issuer` (exact id; a DID URL's fragment aside).
fn lookup<'a>(registry: &'a Value, issuer: &str) -> Option<&'a Value> {
    let entries = registry.get("entries")?.as_object()?;
    let bare = issuer.split('#').next().unwrap_or(issuer);
    entries.get(bare).filter(|e| e.is_object())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_by_exact_issuer_id() {
        let reg = serde_json::json!({"meta": {"created": "2020-12-02T02:32:16+0000"}, "entries": {
            "did:key:z6Mktpn6": {"name": "Example University 1", "url": "https://openlearning.example"},
            "did:web:keys.example:plugfest": {"name": "JFF", "url": "https://jff.example"}
        }});
        assert_eq!(
            lookup(&reg, "did:key:z6Mktpn6").unwrap()["name"],
            "Example University 1"
        );
        assert!(lookup(&reg, "did:key:z6Mktpn6#z6Mktpn6").is_some());
        assert!(lookup(&reg, "did:key:z6Mktpn").is_none(), "no prefix match");
        assert!(lookup(&reg, "DID:KEY:z6Mktpn6").is_none());
        assert!(lookup(&serde_json::json!({"entries": []}), "did:key:z6Mktpn6").is_none());
    }
}
