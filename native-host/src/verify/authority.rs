//! Whose word counts: the trust rules shared by Open Badges 1, 2 and 3.
//!
//! A fact that decides a verdict (where an issuer hosts its badges, which
//! keys are its own, whether it revoked a badge) counts only when it comes
//! from the issuer's own authority: the document answered at the issuer's
//! own address. What a badge, a key document, a redirect or a page says
//! about itself may be shown, never trusted. Every rule here decides from a
//! document's [`Provenance`] (the URL asked for, the redirects, the URL that
//! answered), never from the document's own claims.
//!
//! | fact | authority |
//! | --- | --- |
//! | a document is `id`'s own | fetched from `id`, answered on `id`'s origin (no redirect to another site) |
//! | hosting policy (`allowedOrigins`, `startsWith`) | the issuer profile answered at the issuer's `id`; else the origin of the `id` |
//! | OB 3.0 key ownership | `did:key`/`did:jwk`: the DID itself; `did:web`: its DID document; an https issuer: its profile; both must list the key under `assertionMethod` |
//! | revocation | a 1EdTech list on the issuer's origin, or a status list credential signed by the issuer itself |

use serde_json::Value;
use url::Url;

use super::json;
use crate::fetch::{Fetched, Provenance};
use crate::messages::IssuerIdentity;

/// A JSON document and where it came from.
#[derive(Debug, Clone)]
pub struct Document {
    pub value: Value,
    /// The URL that answered (after redirects).
    pub url: Url,
    /// The URL asked for, the redirects on the way, cache or network.
    pub provenance: Provenance,
}

impl Document {
    pub fn new(value: Value, fetched: &Fetched) -> Document {
        Document {
            value,
            url: fetched.url.clone(),
            provenance: fetched.provenance.clone(),
        }
    }

    /// Does this document speak for `id`? See [`speaks_for`].
    pub fn speaks_for(&self, id: &str) -> Result<(), String> {
        speaks_for(
            &self.provenance.requested,
            self.provenance
                .redirected_from
                .iter()
                .chain(std::iter::once(&self.url)),
            id,
        )
    }
}

/// A document speaks for `id` when it was asked for at `id` or answered
/// at `id` (fragments aside), and every URL on the way (the one asked for,
/// each redirect, the one that answered) is on `id`'s site: its origin, or
/// the same host upgraded from http to https. An open redirect on the
/// issuer's site can then never vouch for another server's document.
pub fn speaks_for<'a>(
    requested: &'a Url,
    path: impl Iterator<Item = &'a Url>,
    id: &str,
) -> Result<(), String> {
    let Ok(mut id_url) = Url::parse(id) else {
        return Err(format!("{id} is not a web address"));
    };
    id_url.set_fragment(None);
    let bare = |u: &Url| {
        let mut u = u.clone();
        u.set_fragment(None);
        u
    };
    let mut answered = None;
    for hop in std::iter::once(requested).chain(path) {
        if !same_site(&id_url, hop) {
            return Err(format!(
                "was not answered by {}: BadgeLens was sent to another site ({}), and a redirect cannot vouch for another server's document",
                id_url.origin().ascii_serialization(),
                hop.origin().ascii_serialization()
            ));
        }
        answered = Some(hop);
    }
    if bare(requested) != id_url && answered.map(bare).as_ref() != Some(&id_url) {
        return Err(format!(
            "was fetched from {}, not from its own address {id_url}",
            bare(requested)
        ));
    }
    Ok(())
}

/// Same origin, or the same host reached over https instead of http (an
/// upgrade the site itself asked for).
pub fn same_site(a: &Url, b: &Url) -> bool {
    if a.origin() == b.origin() {
        return true;
    }
    let upgrade = |from: &Url, to: &Url| {
        from.scheme() == "http"
            && to.scheme() == "https"
            && from.port().is_none()
            && to.port().is_none()
    };
    a.host_str().map(str::to_ascii_lowercase) == b.host_str().map(str::to_ascii_lowercase)
        && (upgrade(a, b) || upgrade(b, a))
}

/// The identity a document answered at `url` gives its issuer: its domain,
/// when it came over https. Plain http proves nothing about who answered
/// (anyone on the way can), so it identifies no one.
pub fn domain_of(url: &Url) -> Option<IssuerIdentity> {
    match (url.scheme(), url.host_str()) {
        ("https", Some(host)) => Some(IssuerIdentity::Domain(host.to_ascii_lowercase())),
        _ => None,
    }
}

/// `scheme://host[:port]` of a URL, for messages and the origin rule.
pub fn origin_of(url: &str) -> String {
    Url::parse(url)
        .map(|u| u.origin().ascii_serialization())
        .unwrap_or_else(|_| url.to_string())
}

/// Where an issuer lets its hosted assertions live.
#[derive(Debug, Clone, PartialEq)]
pub enum HostingPolicy {
    /// No policy from the issuer's own profile: the origin of its id.
    IssuerOrigin(Url),
    /// `verification.allowedOrigins`: host names, optionally with a port.
    AllowedOrigins(Vec<String>),
    /// `verification.startsWith`: URL prefixes, matched at a path boundary.
    StartsWith(Vec<Url>),
}

impl HostingPolicy {
    /// The policy of the issuer whose home (id, or OB 1.x url) is `home`.
    /// `authoritative` is the issuer's profile only when it was answered at
    /// its own id ([`Document::speaks_for`]); an embedded or redirected
    /// profile is never passed here. A `startsWith` entry that is empty or
    /// not a web URL is refused; if none is usable, the issuer's origin rules.
    pub fn of(home: &Url, authoritative: Option<&Value>) -> (HostingPolicy, Vec<String>) {
        let mut refused = Vec::new();
        let policy = authoritative
            .and_then(|p| p.get("verification"))
            .filter(|v| v.is_object());
        let strings = |key: &str| json::strings(policy.and_then(|p| p.get(key)));
        let mut prefixes = Vec::new();
        for s in strings("startsWith") {
            match Url::parse(s.trim()) {
                Ok(u) if matches!(u.scheme(), "http" | "https") && u.has_host() => prefixes.push(u),
                _ => refused.push(format!(
                    "the issuer's startsWith entry {s:?} is not a web address and is ignored"
                )),
            }
        }
        if !prefixes.is_empty() {
            return (HostingPolicy::StartsWith(prefixes), refused);
        }
        let allowed: Vec<String> = strings("allowedOrigins")
            .into_iter()
            .map(|a| a.trim().to_ascii_lowercase())
            .filter(|a| !a.is_empty())
            .collect();
        if !allowed.is_empty() {
            return (HostingPolicy::AllowedOrigins(allowed), refused);
        }
        (HostingPolicy::IssuerOrigin(home.clone()), refused)
    }

    /// Is an assertion answered at `assertion` within this policy?
    pub fn allows(&self, assertion: &Url) -> Result<String, String> {
        match self {
            HostingPolicy::StartsWith(prefixes) => {
                if prefixes
                    .iter()
                    .any(|p| starts_with_at_boundary(assertion, p))
                {
                    Ok("the assertion's address is one the issuer allows (startsWith)".into())
                } else {
                    Err(format!(
                        "the assertion's address {assertion} is not one the issuer allows"
                    ))
                }
            }
            HostingPolicy::AllowedOrigins(allowed) => {
                let host = assertion
                    .host_str()
                    .unwrap_or_default()
                    .to_ascii_lowercase();
                let ok = allowed.iter().any(|a| match a.rsplit_once(':') {
                    Some((h, p)) if p.chars().all(|c| c.is_ascii_digit()) => {
                        h == host && p.parse::<u16>().ok() == assertion.port_or_known_default()
                    }
                    _ => *a == host && assertion.port().is_none(),
                });
                if ok {
                    Ok("the assertion is hosted where the issuer allows (allowedOrigins)".into())
                } else {
                    Err(format!(
                        "the assertion is hosted at {}, which the issuer does not allow",
                        assertion.origin().ascii_serialization()
                    ))
                }
            }
            HostingPolicy::IssuerOrigin(home) => {
                let (a, b) = (
                    assertion.origin().ascii_serialization(),
                    home.origin().ascii_serialization(),
                );
                if a == b {
                    Ok(format!(
                        "the assertion is hosted on the issuer's own site ({a})"
                    ))
                } else {
                    Err(format!(
                        "the assertion is hosted at {a}, not on the issuer's site {b}"
                    ))
                }
            }
        }
    }
}

/// `url` starts with `prefix` on the same origin, and the prefix ends at a
/// path boundary: `https://i.example/badges` allows `/badges/1` and
/// `/badges?x`, never `/badges-evil/1`.
fn starts_with_at_boundary(url: &Url, prefix: &Url) -> bool {
    if url.origin() != prefix.origin() {
        return false;
    }
    let (u, p) = (url.as_str(), prefix.as_str());
    let Some(rest) = u.strip_prefix(p) else {
        return false;
    };
    rest.is_empty()
        || p.ends_with('/')
        || p.ends_with('?')
        || rest.starts_with('/')
        || rest.starts_with('?')
        || rest.starts_with('#')
}

/// Where the authority over an OB 3.0 issuer's keys lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyAuthority {
    /// `did:key` / `did:jwk`: the DID is the key; nothing ties it to a name.
    SelfCertifying(String),
    /// `did:web` (its DID document at `document`) or an https issuer (its
    /// profile at its id): the document that must list the key under
    /// `assertionMethod`. `site` is the origin the issuer is bound to.
    Document {
        issuer: String,
        document: Url,
        site: Url,
    },
    /// A `urn:`, an unknown DID method, ...: nothing can show whose key it is.
    None(String),
}

impl KeyAuthority {
    pub fn of(issuer: &str) -> KeyAuthority {
        if issuer.starts_with("did:key:") || issuer.starts_with("did:jwk:") {
            return KeyAuthority::SelfCertifying(issuer.to_string());
        }
        if issuer.starts_with("did:web:") {
            return match did_web_url(issuer) {
                Ok(document) => {
                    let mut site = document.clone();
                    site.set_path("/");
                    KeyAuthority::Document {
                        issuer: issuer.to_string(),
                        document,
                        site,
                    }
                }
                Err(e) => KeyAuthority::None(e),
            };
        }
        if let Some(method) = issuer.strip_prefix("did:") {
            let method = method.split(':').next().unwrap_or_default();
            return KeyAuthority::None(format!(
                "the issuer's DID method did:{method} is not supported (did:key, did:jwk and did:web are)"
            ));
        }
        match Url::parse(issuer) {
            Ok(u) if matches!(u.scheme(), "https" | "http") && u.has_host() => {
                let mut document = u.clone();
                document.set_fragment(None);
                KeyAuthority::Document {
                    issuer: issuer.to_string(),
                    site: document.clone(),
                    document,
                }
            }
            _ => KeyAuthority::None(format!(
                "the issuer {issuer} is not a web address or a supported DID, so nothing can show whose key signed it"
            )),
        }
    }

    /// How the issuer is identified once a key is proved its own: its
    /// domain (https only), or a bare key.
    pub fn identity(&self) -> Option<IssuerIdentity> {
        match self {
            KeyAuthority::Document { site, .. } => domain_of(site),
            KeyAuthority::SelfCertifying(_) => Some(IssuerIdentity::Key),
            KeyAuthority::None(_) => None,
        }
    }
}

/// The `did.json` URL of a `did:web` DID, as the did:web method spec says:
/// the host (no user info, no path characters; only the port's colon
/// percent-encoded as `%3A`), then optional path segments separated by `:`.
pub fn did_web_url(did: &str) -> Result<Url, String> {
    let bad = || format!("{did} is not a valid did:web DID");
    let rest = did.strip_prefix("did:web:").ok_or_else(bad)?;
    let rest = rest.split(['#', '?']).next().unwrap_or_default();
    let mut parts = rest.split(':');
    let host_part = parts.next().unwrap_or_default();
    let (host, port) = match host_part.find("%3A").or_else(|| host_part.find("%3a")) {
        Some(at) => (&host_part[..at], Some(&host_part[at + 3..])),
        None => (host_part, None),
    };
    let host_ok = !host.is_empty()
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
        && !host.starts_with('.')
        && !host.ends_with('.');
    let port_ok = port.is_none_or(|p| {
        !p.is_empty()
            && p.len() <= 5
            && p.chars().all(|c| c.is_ascii_digit())
            && p.parse::<u16>().is_ok()
    });
    if !host_ok || !port_ok {
        return Err(bad());
    }
    let mut path = Vec::new();
    for segment in parts {
        let decoded = percent_decode(segment).ok_or_else(bad)?;
        if decoded.is_empty()
            || decoded == "."
            || decoded == ".."
            || decoded.contains(['/', '\\', '?', '#', '@'])
        {
            return Err(bad());
        }
        path.push(segment.to_string());
    }
    let authority = match port {
        Some(p) => format!("{host}:{p}"),
        None => host.to_string(),
    };
    let text = if path.is_empty() {
        format!("https://{authority}/.well-known/did.json")
    } else {
        format!("https://{authority}/{}/did.json", path.join("/"))
    };
    let url = Url::parse(&text).map_err(|_| bad())?;
    if url.host_str() != Some(&host.to_ascii_lowercase()) || !url.username().is_empty() {
        return Err(bad());
    }
    Ok(url)
}

/// Percent-decoding of one did:web path segment; `None` if malformed or not UTF-8.
fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Key ownership, for OB 2 and OB 3 alike: the issuer's own document
/// (`issuer_doc`, answered at the issuer's id or DID document URL) must
/// list `key_id` under one of `relations` (OB 2.0 `publicKey`, OB 3.0
/// `assertionMethod`). Returns the method object when the document embeds
/// it (its key material then decides), `None` when listed by reference.
/// What a key document says of its own controller proves nothing here.
pub fn listed_by_issuer<'a>(
    issuer_doc: &'a Value,
    doc_id: &str,
    relations: &[&str],
    key_id: &str,
) -> Result<Option<&'a Value>, String> {
    if !listed_ids(issuer_doc, doc_id, relations)
        .iter()
        .any(|id| id == key_id)
    {
        return Err(format!(
            "the issuer's own document {doc_id} does not list {key_id} under {}",
            relations.join(" or ")
        ));
    }
    // The method's key material, if the issuer's document embeds it.
    Ok(relations
        .iter()
        .chain(["verificationMethod"].iter())
        .flat_map(|r| entries(issuer_doc, r))
        .find(|e| e.is_object() && entry_id(e, doc_id).as_deref() == Some(key_id)))
}

/// The absolute ids of the methods `doc` lists under `relations`.
pub fn listed_ids(doc: &Value, doc_id: &str, relations: &[&str]) -> Vec<String> {
    relations
        .iter()
        .flat_map(|r| entries(doc, r))
        .filter_map(|e| entry_id(e, doc_id))
        .collect()
}

fn entries<'a>(doc: &'a Value, key: &str) -> Vec<&'a Value> {
    json::one_or_many(doc.get(key))
}

/// A listed method's id (a string, or an object's `id`), made absolute
/// against the document's id when it is a bare fragment.
fn entry_id(entry: &Value, doc_id: &str) -> Option<String> {
    let id = json::node_id(entry)?;
    Some(if id.starts_with('#') {
        format!("{}{id}", doc_id.split('#').next().unwrap_or(doc_id))
    } else {
        id.to_string()
    })
}

/// A revocation list's URL must be on the issuer's site (1EdTech
/// revocation lists carry no signature, so only the issuer's own server
/// can vouch for one).
pub fn list_on_issuers_site(list: &Url, authority: &KeyAuthority) -> Result<(), String> {
    match authority {
        KeyAuthority::Document { site, .. } if same_site(site, list) => Ok(()),
        KeyAuthority::Document { site, .. } => Err(format!(
            "the revocation list is at {}, not on the issuer's site {}: only the issuer's own server can vouch for an unsigned list",
            list.origin().ascii_serialization(),
            site.origin().ascii_serialization()
        )),
        _ => Err(
            "the issuer has no web site, so nothing can vouch for an unsigned revocation list"
                .into(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn u(s: &str) -> Url {
        Url::parse(s).unwrap()
    }

    #[test]
    fn a_redirect_to_another_site_does_not_speak_for_the_id() {
        let id = "http://victim.example/redirect?to=http://attacker.example/issuer.json";
        let hops = [u(id), u("http://attacker.example/issuer.json")];
        assert!(speaks_for(&u(id), hops[..1].iter().chain(&hops[1..]), id).is_err());
        // Same site, and an upgrade to https, are the issuer's own doing.
        let id = "http://victim.example/issuer";
        let path = [u(id), u("https://victim.example/issuer")];
        assert!(speaks_for(&u(id), path.iter(), id).is_ok());
        // Asked somewhere else entirely.
        assert!(speaks_for(
            &u("https://a.example/x"),
            [u("https://a.example/x")].iter(),
            "https://b.example/x"
        )
        .is_err());
    }

    #[test]
    fn starts_with_matches_at_a_path_boundary() {
        let home = u("https://i.example/issuer");
        let profile =
            serde_json::json!({"verification": {"startsWith": ["https://i.example/badges", ""]}});
        let (policy, refused) = HostingPolicy::of(&home, Some(&profile));
        assert_eq!(refused.len(), 1, "the empty prefix is refused");
        assert!(policy.allows(&u("https://i.example/badges/1")).is_ok());
        assert!(policy.allows(&u("https://i.example/badges?id=1")).is_ok());
        assert!(policy
            .allows(&u("https://i.example/badges-evil/1"))
            .is_err());
        assert!(policy
            .allows(&u("https://i.example.evil/badges/1"))
            .is_err());
        // Only an empty prefix: the issuer's origin rules.
        let only_empty = serde_json::json!({"verification": {"startsWith": ""}});
        let (policy, _) = HostingPolicy::of(&home, Some(&only_empty));
        assert_eq!(policy, HostingPolicy::IssuerOrigin(home.clone()));
        assert!(policy.allows(&u("https://evil.example/")).is_err());
    }

    #[test]
    fn no_authoritative_profile_means_the_issuers_origin() {
        let home = u("https://issuer.example/profile");
        let (policy, _) = HostingPolicy::of(&home, None);
        assert!(policy.allows(&u("https://issuer.example/a/1")).is_ok());
        assert!(policy.allows(&u("http://issuer.example/a/1")).is_err());
        assert!(policy
            .allows(&u("https://issuer.example:8443/a/1"))
            .is_err());
        assert!(policy.allows(&u("https://evil.example/a/1")).is_err());
        let allowed = serde_json::json!({"verification": {"allowedOrigins": ["badges.example", "api.example:8443"]}});
        let (policy, _) = HostingPolicy::of(&home, Some(&allowed));
        assert!(policy.allows(&u("https://badges.example/a")).is_ok());
        assert!(policy.allows(&u("https://badges.example:444/a")).is_err());
        assert!(policy.allows(&u("https://api.example:8443/a")).is_ok());
        assert!(policy.allows(&u("https://issuer.example/a")).is_err());
    }

    #[test]
    fn did_web_as_its_spec_says() {
        assert_eq!(
            did_web_url("did:web:example.com").unwrap().as_str(),
            "https://example.com/.well-known/did.json"
        );
        assert_eq!(
            did_web_url("did:web:example.com%3A8443:user:alice")
                .unwrap()
                .as_str(),
            "https://example.com:8443/user/alice/did.json"
        );
        for bad in [
            "did:web:victim.example@attacker.example",
            "did:web:victim.example%40attacker.example",
            "did:web:user:pass@attacker.example",
            "did:web:example.com:..:x",
            "did:web:example.com:%2e%2e:x",
            "did:web:example.com:a%2Fb",
            "did:web:",
            "did:web:exa mple.com",
            "did:web:example.com%3A",
            "did:web:example.com%3A99999",
            "did:web:example.com%2F..%2Fx",
        ] {
            assert!(did_web_url(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn only_the_issuers_own_listing_makes_a_key_its_own() {
        let did = "did:web:victim.example";
        let doc = serde_json::json!({
            "id": did,
            "verificationMethod": [{"id": "#k1", "type": "Multikey", "publicKeyMultibase": "z6Mk"}],
            "assertionMethod": ["#k1", "https://keys.example/k2"]
        });
        let embedded =
            listed_by_issuer(&doc, did, &["assertionMethod"], "did:web:victim.example#k1").unwrap();
        assert!(embedded.is_some());
        assert!(
            listed_by_issuer(&doc, did, &["assertionMethod"], "https://keys.example/k2")
                .unwrap()
                .is_none()
        );
        // A key the issuer does not list, whatever its own document claims.
        assert!(listed_by_issuer(
            &doc,
            did,
            &["assertionMethod"],
            "http://attacker.example/keys.json#k"
        )
        .is_err());
        // Listed only as a verification method, not for assertions.
        let doc = serde_json::json!({"id": did, "verificationMethod": [{"id": "#k1"}]});
        assert!(
            listed_by_issuer(&doc, did, &["assertionMethod"], "did:web:victim.example#k1").is_err()
        );
    }

    #[test]
    fn key_authority_by_issuer_kind() {
        assert!(matches!(
            KeyAuthority::of("did:key:z6Mk"),
            KeyAuthority::SelfCertifying(_)
        ));
        assert!(matches!(
            KeyAuthority::of("urn:uuid:1"),
            KeyAuthority::None(_)
        ));
        assert!(matches!(
            KeyAuthority::of("did:ion:x"),
            KeyAuthority::None(_)
        ));
        let identity = |issuer: &str| KeyAuthority::of(issuer).identity();
        let domain = |d: &str| Some(IssuerIdentity::Domain(d.into()));
        assert_eq!(identity("did:web:a.example:u"), domain("a.example"));
        assert_eq!(identity("https://b.example/issuer"), domain("b.example"));
        assert_eq!(
            identity("http://b.example/issuer"),
            None,
            "plain http proves no domain"
        );
        assert_eq!(identity("did:jwk:eyJ9"), Some(IssuerIdentity::Key));
        let list = u("https://b.example/revocations");
        assert!(list_on_issuers_site(&list, &KeyAuthority::of("https://b.example/issuer")).is_ok());
        assert!(
            list_on_issuers_site(&list, &KeyAuthority::of("https://c.example/issuer")).is_err()
        );
        assert!(list_on_issuers_site(&list, &KeyAuthority::of("did:key:z6Mk")).is_err());
    }
}
