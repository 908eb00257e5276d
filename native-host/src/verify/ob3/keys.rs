//! Issuer keys: multibase/multikey decoding, `did:key`, `did:jwk`, `did:web`
//! and HTTPS key documents, and whether the issuer authorised a key.
//!
//! Two questions, kept apart: [`resolve`] finds a method's key *material*
//! (what verifies the proof), and [`issuer_owns`] decides whether the key
//! is the issuer's, from the issuer's own authority only
//! ([`crate::verify::authority`]): the DID itself for `did:key`/`did:jwk`,
//! the DID document for `did:web`, the profile at its id for an https
//! issuer. A key document's own `controller` claim decides nothing.
//! Documents go through [`Ob3Network`]; without one the answer is
//! `unverifiable`, never guessed.

use base64::Engine as _;
use serde_json::Value;
use url::Url;

use super::Ob3Context;
use crate::cache::Freshness;
use crate::fetch::FetchError;
use crate::messages::{Check, CheckName, IssuerIdentity, Verdict};
use crate::verify::authority::{self, KeyAuthority};
use crate::verify::keys::{
    decode_multikey, key_from_jwk, key_from_method, KeyMaterialError, PublicKey,
};
use crate::verify::net::{Net, NetError};

/// A verification method's key material. Whose key it is, is a separate
/// question ([`issuer_owns`]).
#[derive(Debug, Clone)]
pub struct VerificationKey {
    /// Absolute id of the method.
    pub id: String,
    pub key: PublicKey,
}

/// The key an HTTPS verification method names in its fragment
/// (`https://issuer.example/keys#z6Mk...`), as the 1EdTech validator reads it.
/// Enough to check the signature offline; ownership still needs the document.
pub fn fragment_key(vm: &str) -> Option<VerificationKey> {
    if !(vm.starts_with("https://") || vm.starts_with("http://")) {
        return None;
    }
    let (_, fragment) = vm.split_once('#')?;
    let key = decode_multikey(fragment).ok()?;
    Some(VerificationKey {
        id: vm.to_string(),
        key,
    })
}

/// Why no key could be found for a proof.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum KeyError {
    /// A key form or DID method BadgeLens does not support (`unverifiable`).
    #[error("{0}")]
    Unsupported(String),
    /// Key material or a DID that is malformed (`invalid`).
    #[error("{0}")]
    Malformed(String),
    /// The controller's document does not list the method (`invalid`).
    #[error("{0}")]
    NotFound(String),
    /// The document could not be fetched (`unverifiable`).
    #[error("{what}: {failure}")]
    Network { what: String, failure: NetError },
}

impl From<KeyMaterialError> for KeyError {
    fn from(e: KeyMaterialError) -> Self {
        match e {
            KeyMaterialError::Unsupported(m) => KeyError::Unsupported(m),
            KeyMaterialError::Malformed(m) => KeyError::Malformed(m),
        }
    }
}

/// `did:key:z...` (with or without `#fragment`) to its only key. The DID
/// document is implied: the key is its own `assertionMethod`.
fn resolve_did_key(vm: &str) -> Result<VerificationKey, KeyError> {
    let (did, fragment) = vm.split_once('#').unwrap_or((vm, ""));
    let id = did.strip_prefix("did:key:").unwrap_or_default();
    if !fragment.is_empty() && fragment != id {
        return Err(KeyError::NotFound(format!(
            "{did} has no verification method #{fragment}"
        )));
    }
    let key = decode_multikey(id)?;
    Ok(VerificationKey {
        id: format!("{did}#{id}"),
        key,
    })
}

/// `did:jwk:<base64url JWK>` (fragment `#0` or none) to its key.
fn resolve_did_jwk(vm: &str) -> Result<VerificationKey, KeyError> {
    let (did, fragment) = vm.split_once('#').unwrap_or((vm, ""));
    if !fragment.is_empty() && fragment != "0" {
        return Err(KeyError::NotFound(format!(
            "{did} has no verification method #{fragment}"
        )));
    }
    let encoded = did.strip_prefix("did:jwk:").unwrap_or_default();
    let jwk: Value = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(encoded)
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .ok_or_else(|| KeyError::Malformed(format!("{did} does not hold a base64url JWK")))?;
    Ok(VerificationKey {
        id: format!("{did}#0"),
        key: key_from_jwk(&jwk)?,
    })
}

/// The key material of the verification method `vm_id` in a DID or key
/// document (listed under `verificationMethod`, `assertionMethod` or
/// `publicKey`). The document must be the one it was fetched for.
pub fn find_method(doc: &Value, doc_id: &str, vm_id: &str) -> Result<VerificationKey, KeyError> {
    if let Some(id) = doc.get("id").and_then(Value::as_str) {
        if id != doc_id {
            return Err(KeyError::NotFound(format!(
                "the document fetched for {doc_id} says its id is {id}"
            )));
        }
    }
    let method = authority::listed_by_issuer(
        doc,
        doc_id,
        &["verificationMethod", "assertionMethod", "publicKey"],
        vm_id,
    )
    .ok()
    .flatten()
    .ok_or_else(|| {
        KeyError::NotFound(format!(
            "{doc_id} does not list the verification method {vm_id}"
        ))
    })?;
    Ok(VerificationKey {
        id: vm_id.to_string(),
        key: key_from_method(method)?,
    })
}

/// Resolves a verification method reference to its key.
pub async fn resolve(vm: &str, net: Option<&Net<'_>>) -> Result<VerificationKey, KeyError> {
    if vm.starts_with("did:key:") {
        return resolve_did_key(vm);
    }
    if vm.starts_with("did:jwk:") {
        return resolve_did_jwk(vm);
    }
    let (doc_id, url, what) = if vm.starts_with("did:web:") {
        let did = vm.split('#').next().unwrap_or(vm);
        (
            did.to_string(),
            authority::did_web_url(did).map_err(KeyError::Malformed)?,
            format!("the DID document of {did}"),
        )
    } else if vm.starts_with("did:") {
        let method = vm.split(':').nth(1).unwrap_or_default();
        return Err(KeyError::Unsupported(format!(
            "the DID method did:{method} is not supported (did:key, did:jwk and did:web are)"
        )));
    } else {
        let url = Url::parse(vm).map_err(|_| {
            KeyError::Malformed(format!(
                "the verification method {vm:?} is not a URL or DID"
            ))
        })?;
        match url.scheme() {
            "https" | "http" => {}
            other => {
                return Err(KeyError::Network {
                    what: format!("the verification method {vm}"),
                    failure: NetError::Fetch(FetchError::Refused {
                        rule: crate::messages::Rule::Scheme,
                        message: format!("only http and https are fetched, not {other}:"),
                    }),
                })
            }
        }
        let mut doc_url = url.clone();
        doc_url.set_fragment(None);
        (
            doc_url.to_string(),
            doc_url,
            format!("the key document {}", vm.split('#').next().unwrap_or(vm)),
        )
    };
    let Some(net) = net else {
        return Err(KeyError::Network {
            what,
            failure: NetError::NoNetwork,
        });
    };
    let doc = net
        .json(url.as_str(), Freshness::Cached)
        .await
        .map_err(|failure| KeyError::Network {
            what: what.clone(),
            failure,
        })?;
    // A redirect to another site must not hand in another server's keys.
    doc.speaks_for(url.as_str())
        .map_err(|why| KeyError::NotFound(format!("{what} {why}")))?;
    let doc = doc.value;
    // OB 3.0 lets a VC-JWT `kid` dereference to a bare JWK. It gives the key
    // material only: whose key it is, only the issuer's own document says
    // (`issuer_owns`), never the JWK document.
    if !vm.starts_with("did:") && is_bare_jwk(&doc) {
        return Ok(VerificationKey {
            id: vm.to_string(),
            key: key_from_jwk(&doc)?,
        });
    }
    let vm_abs = if vm.contains('#') || !vm.starts_with("did:") {
        vm.to_string()
    } else {
        return Err(KeyError::NotFound(format!(
            "{vm} names a DID but no verification method in it"
        )));
    };
    find_method(&doc, &doc_id, &vm_abs)
}

/// A JWK on its own (`kty`, no DID or key-document structure).
fn is_bare_jwk(doc: &Value) -> bool {
    doc.get("kty").is_some_and(Value::is_string)
        && [
            "verificationMethod",
            "assertionMethod",
            "publicKey",
            "@context",
        ]
        .iter()
        .all(|k| doc.get(*k).is_none())
}

/// Is `key` the issuer's own, by the issuer's authority? Its DID for
/// `did:key`/`did:jwk`; for `did:web` and https issuers the issuer's own
/// document (answered at its address) must list the key under
/// `assertionMethod`, with the same key material where it embeds one.
/// `Ok` says how the issuer is identified.
pub async fn issuer_owns(
    issuer: &str,
    key: &VerificationKey,
    ctx: Ob3Context<'_>,
) -> Result<Option<IssuerIdentity>, (Verdict, Check)> {
    let fail = |v: Verdict, m: String| (v, Check::fail(CheckName::KeyOwner, m));
    let untrusted = |v: Verdict, m: String| {
        (
            v,
            Check::fail(CheckName::KeyOwner, m).with_rule(crate::messages::Rule::Authority),
        )
    };
    let authority = KeyAuthority::of(issuer);
    match &authority {
        KeyAuthority::SelfCertifying(did) => {
            // The DID is the key: the method must be the DID's own.
            let own = if did.starts_with("did:key:") {
                resolve_did_key(did)
            } else {
                resolve_did_jwk(did)
            };
            match own {
                Ok(own) if own.key == key.key => Ok(authority.identity()),
                Ok(_) => Err(untrusted(
                    Verdict::Invalid,
                    format!("the signing key {} is not the issuer's key {did}", key.id),
                )),
                Err(e) => Err(fail(Verdict::Invalid, e.to_string())),
            }
        }
        KeyAuthority::None(why) => Err(fail(Verdict::Unverifiable, why.clone())),
        KeyAuthority::Document {
            issuer, document, ..
        } => {
            let Some(net) = ctx.net else {
                return Err(fail(
                    Verdict::Unverifiable,
                    format!("the issuer's own document {document} is needed to confirm whose key signed this, and there is no network access"),
                ));
            };
            let doc = match net.json(document.as_str(), Freshness::Cached).await {
                Ok(d) => d,
                Err(failure) => {
                    let what = format!("the issuer's own document {document}, which says whose keys are the issuer's,");
                    let (c, v) = crate::verify::net::failure(CheckName::KeyOwner, &what, &failure);
                    return Err((v, c));
                }
            };
            if let Err(why) = doc.speaks_for(document.as_str()) {
                return Err(untrusted(
                    Verdict::Invalid,
                    format!("the issuer's document {why}"),
                ));
            }
            if let Some(id) = doc.value.get("id").and_then(Value::as_str) {
                if id != issuer && !same_web_id(id, issuer) {
                    return Err(untrusted(
                        Verdict::Invalid,
                        format!("the document at {document} is {id}, not the issuer {issuer}"),
                    ));
                }
            }
            match authority::listed_by_issuer(&doc.value, issuer, &["assertionMethod"], &key.id) {
                // Listed by id: where the issuer embeds the method, its
                // key material must be the one that verified.
                Ok(Some(method)) => match key_from_method(method) {
                    Ok(k) if k == key.key => {}
                    Ok(_) => {
                        return Err(untrusted(
                            Verdict::Invalid,
                            format!("the issuer's document lists a different key for {}", key.id),
                        ))
                    }
                    Err(e) => return Err(fail(Verdict::Invalid, e.to_string())),
                },
                Ok(None) => {}
                // Not listed by this id: the same key material listed under
                // the issuer's assertionMethod is still the issuer's key
                // (DCC signs status lists as did:key with its did:web key).
                Err(why) => {
                    if !lists_key_material(&doc.value, issuer, &key.key) {
                        return Err(untrusted(
                            Verdict::Invalid,
                            format!("{why}: the signing key is not one the issuer published"),
                        ));
                    }
                }
            }
            Ok(authority.identity())
        }
    }
}

/// Does the issuer's document embed an assertion method with this key material?
fn lists_key_material(doc: &Value, issuer: &str, key: &PublicKey) -> bool {
    authority::listed_ids(doc, issuer, &["assertionMethod"])
        .iter()
        .filter_map(|id| {
            authority::listed_by_issuer(doc, issuer, &["assertionMethod"], id)
                .ok()
                .flatten()
        })
        .any(|m| key_from_method(m).ok().as_ref() == Some(key))
}

/// Two web ids that differ only in a fragment or a trailing slash.
fn same_web_id(a: &str, b: &str) -> bool {
    let norm = |s: &str| {
        s.split('#')
            .next()
            .unwrap_or(s)
            .trim_end_matches('/')
            .to_string()
    };
    norm(a) == norm(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn did_key_with_and_without_fragment() {
        let did = "did:key:z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi";
        let a = resolve_did_key(did).unwrap();
        let b = resolve_did_key(&format!(
            "{did}#z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi"
        ))
        .unwrap();
        assert_eq!(a.key, b.key);
        let PublicKey::Ed25519(raw) = a.key else {
            panic!("not Ed25519")
        };
        assert_eq!(
            raw.iter().map(|b| format!("{b:02x}")).collect::<String>(),
            "4bdeafde2ea8beefadd8c699b5c7e0704cf51154d52e17b20b71337ca04cc5a5"
        );
        assert!(matches!(
            resolve_did_key(&format!("{did}#other")),
            Err(KeyError::NotFound(_))
        ));
        assert!(resolve_did_key("did:key:zzzz").is_err());
    }
}
