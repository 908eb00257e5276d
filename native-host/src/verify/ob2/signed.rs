//! Signed verification (OB 2.0 JWS, RS256): the key from the issuer's own
//! profile, the signature through the shared verifier, the issuer's
//! revocation list.

use serde_json::Value;
use url::Url;

use super::upgrade;
use super::*;
use crate::cache::Freshness;
use crate::messages::{CheckName, Verdict};
use crate::unbake::CompactJws;
use crate::verify::authority;
use crate::verify::keys::{self, SigAlg};
use crate::verify::report::Report;

/// A compact JWS: an OB 2.0 signed assertion.
pub async fn verify_jws(env: &Env<'_>, jws: &CompactJws, r: &mut Report) {
    let header = jws.header_json().unwrap_or(Value::Null);
    let Some(payload) = jws.payload_json().filter(Value::is_object) else {
        r.fail(
            CheckName::Parse,
            Verdict::Invalid,
            "the signed badge's payload is not a JSON object",
        );
        return;
    };
    r.badge = Some(describe(&payload, None, None));
    let alg = header
        .get("alg")
        .and_then(Value::as_str)
        .unwrap_or("none")
        .to_string();
    let up = match upgrade::upgrade(&payload) {
        Ok(up) => up,
        Err(e) => {
            r.fail(CheckName::Parse, e.verdict, e.message);
            return;
        }
    };
    r.pass(
        CheckName::Parse,
        format!("an Open Badges {} signed assertion (JWS)", up.version),
    );
    let ob1 = up.version == "1.0" || up.version == "0.5";
    if alg != "RS256" {
        r.fail(
            CheckName::Signature,
            Verdict::Invalid,
            format!("the signature uses the {alg:?} algorithm; Open Badges 2.0 signed badges must use RS256"),
        );
        if let Some(b) = r.badge.as_mut() {
            b.verification = Some("signed".into());
        }
        return;
    }
    let token = jws.0.clone();
    let Some(judged) = judge_assertion(env, up, Mode::Signed, r).await else {
        r.cannot_check(
            CheckName::Signature,
            "the issuer profile is needed to find the signing key",
        );
        return;
    };
    let Some(issuer) = judged.issuer else {
        r.cannot_check(
            CheckName::Signature,
            "the issuer profile is needed to find the signing key",
        );
        return;
    };
    if ob1 {
        check_ob1_signature(env, &token, &judged.doc, &issuer, r).await;
    } else {
        check_signature(env, &token, &judged.doc, &issuer, r).await;
    }
    check_revocation_list(env, &judged.doc, &issuer, r).await;
}

/// OB 1.0 signed badges name their key by `verify.url`: a PEM public key on
/// the issuer's own site, the origin of the issuer's `url` (OB 1.0 has no key
/// documents or owners). The key counts only when answered at that address,
/// on that origin (rule `authority`), never from anywhere the badge points.
async fn check_ob1_signature(
    env: &Env<'_>,
    token: &str,
    doc: &Value,
    issuer: &Value,
    r: &mut Report,
) {
    let Some(key_url) = doc.pointer("/verification/creator").and_then(Value::as_str) else {
        r.fail(
            CheckName::KeyOwner,
            Verdict::Invalid,
            "the signed badge names no key (verify.url)",
        );
        return;
    };
    let site = issuer
        .get("url")
        .or_else(|| issuer.get("origin"))
        .and_then(Value::as_str)
        .and_then(|u| Url::parse(u).ok());
    let (Some(site), Ok(key_at)) = (site, Url::parse(key_url)) else {
        r.fail(
            CheckName::KeyOwner,
            Verdict::Invalid,
            "the issuer's url or the key's address (verify.url) is not a web address",
        );
        return;
    };
    if !authority::same_site(&site, &key_at) {
        r.untrusted(
            CheckName::KeyOwner,
            Verdict::Invalid,
            format!(
                "the signing key {key_url} is not on the issuer's site {}",
                site.origin().ascii_serialization()
            ),
        );
        return;
    }
    let fetched = match env
        .net
        .fetch(key_url, crate::fetch::Kind::Any, Freshness::Cached)
        .await
    {
        Ok(f) if f.is_success() => f,
        Ok(f) => {
            r.fail(
                CheckName::KeyOwner,
                Verdict::Unverifiable,
                format!("the signing key at {key_url} answered HTTP {}", f.status),
            );
            return;
        }
        Err(e) => {
            super::net::record(r, CheckName::KeyOwner, "the signing key", &e.into());
            return;
        }
    };
    // A redirect to another site must not hand in someone else's key.
    if let Err(why) = authority::speaks_for(&fetched.provenance.requested, fetched.urls(), key_url)
    {
        r.untrusted(
            CheckName::KeyOwner,
            Verdict::Invalid,
            format!("the signing key {key_url} {why}"),
        );
        return;
    }
    let key = match keys::key_from_pem(&String::from_utf8_lossy(&fetched.body)) {
        Ok(k) => k,
        Err(e) => {
            r.fail(
                CheckName::KeyOwner,
                Verdict::Invalid,
                format!("the key at {key_url} cannot be read: {e}"),
            );
            return;
        }
    };
    r.pass(
        CheckName::KeyOwner,
        format!(
            "the signing key is on the issuer's site {}",
            site.origin().ascii_serialization()
        ),
    );
    // Plain http on the way to the key proves nothing about who answered.
    if let Some(identity) = authority::domain_of(&site).filter(|_| key_at.scheme() == "https") {
        r.identify_issuer(identity);
    }
    match keys::verify_compact_jws(&key, SigAlg::Rs256, token) {
        Ok(()) => r.pass(CheckName::Signature, "the RS256 signature is made by the issuer's key, and the badge is unchanged since it was signed"),
        Err(m) if key.rsa_bits().is_some_and(|b| b < 2048) => {
            r.cannot_check(CheckName::Signature, format!("the issuer's {m}"))
        }
        Err(_) => r.fail(CheckName::Signature, Verdict::Invalid, "the signature does not match: the badge was altered or not signed by this key"),
    }
}

pub(super) async fn check_signature(
    env: &Env<'_>,
    token: &str,
    doc: &Value,
    issuer: &Value,
    r: &mut Report,
) {
    let issuer_id = issuer
        .get("id")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    let creator = doc.pointer("/verification/creator").and_then(Value::as_str);
    let mut keys = one_or_many(issuer.get("publicKey"));
    if keys.is_empty() {
        r.fail(
            CheckName::KeyOwner,
            Verdict::Invalid,
            "the issuer profile lists no public key, so no signature can be its own",
        );
        return;
    }
    if let Some(c) = creator {
        // The key ownership rule all versions share: the issuer's own
        // profile (answered at its id) must list the key.
        if let Err(why) = authority::listed_by_issuer(issuer, &issuer_id, &["publicKey"], c) {
            r.fail(
                CheckName::KeyOwner,
                Verdict::Invalid,
                format!("the badge was signed with the key {c}, which is not one of the issuer's keys: {why}"),
            );
            return;
        }
        keys.retain(|k| node_id(k).is_some_and(|id| same_url(id, c)));
    }
    let mut last_error = None;
    for key in keys.iter().take(8) {
        let key_doc = match key {
            Value::Object(_) if key.get("publicKeyPem").is_some() => (*key).clone(),
            _ => {
                let Some(id) = node_id(key) else { continue };
                let mut sub = Report::new();
                match env
                    .get_doc(
                        &mut sub,
                        CheckName::KeyOwner,
                        "signing key",
                        id,
                        Freshness::Cached,
                    )
                    .await
                {
                    // The issuer listed this URL; a redirect to another
                    // site must not hand in someone else's key.
                    Some(k) => match k.speaks_for(id) {
                        Ok(()) => k.value,
                        Err(why) => {
                            r.untrusted(
                                CheckName::KeyOwner,
                                Verdict::Invalid,
                                format!("the signing key {id} {why}"),
                            );
                            return;
                        }
                    },
                    None => {
                        last_error = Some(sub);
                        continue;
                    }
                }
            }
        };
        if !upgrade::has_type(
            &key_doc,
            &[
                "CryptographicKey",
                "sec:Key",
                "https://w3id.org/security#Key",
            ],
        ) && key_doc.get("type").is_some()
        {
            r.fail(
                CheckName::KeyOwner,
                Verdict::Invalid,
                "the signing key document is not a CryptographicKey",
            );
            return;
        }
        let owner = key_doc
            .get("owner")
            .and_then(Value::as_str)
            .unwrap_or_default();
        if owner.is_empty() || !same_url(owner, &issuer_id) {
            r.fail(
                CheckName::KeyOwner,
                Verdict::Invalid,
                format!(
                    "the signing key belongs to {:?}, not to the issuer {issuer_id}",
                    if owner.is_empty() { "nobody" } else { owner }
                ),
            );
            return;
        }
        let Some(pem) = key_doc.get("publicKeyPem").and_then(Value::as_str) else {
            r.fail(
                CheckName::KeyOwner,
                Verdict::Invalid,
                "the signing key has no publicKeyPem",
            );
            return;
        };
        r.pass(
            CheckName::KeyOwner,
            format!("the signing key belongs to the issuer {issuer_id}"),
        );
        // The profile (and so its key list) was answered at the issuer's id.
        if let Some(identity) = Url::parse(&issuer_id)
            .ok()
            .as_ref()
            .and_then(authority::domain_of)
        {
            r.identify_issuer(identity);
        }
        let key = match keys::key_from_pem(pem) {
            Ok(k) => k,
            Err(e) => {
                r.fail(
                    CheckName::KeyOwner,
                    Verdict::Invalid,
                    format!("the issuer's key cannot be read: {e}"),
                );
                return;
            }
        };
        match keys::verify_compact_jws(&key, SigAlg::Rs256, token) {
            Ok(()) => r.pass(CheckName::Signature, "the RS256 signature is the issuer's, and the badge is unchanged since it was signed"),
            // A short key is not proof of tampering: say it is too weak.
            Err(m) if key.rsa_bits().is_some_and(|b| b < 2048) => r.cannot_check(
                CheckName::Signature,
                format!("the issuer's {m}"),
            ),
            Err(_) => r.fail(CheckName::Signature, Verdict::Invalid, "the signature does not match: the badge was altered or not signed by this key"),
        }
        return;
    }
    match last_error {
        Some(sub) => r.absorb(sub),
        None => r.fail(
            CheckName::KeyOwner,
            Verdict::Invalid,
            "none of the issuer's keys can be used",
        ),
    }
}

pub(super) async fn check_revocation_list(
    env: &Env<'_>,
    doc: &Value,
    issuer: &Value,
    r: &mut Report,
) {
    let Some(list_url) = issuer
        .get("revocationList")
        .and_then(node_id)
        .map(str::to_string)
    else {
        r.pass(
            CheckName::Revocation,
            "the issuer publishes no revocation list",
        );
        return;
    };
    let Some(list) = env
        .get_doc(
            r,
            CheckName::Revocation,
            "revocation list",
            &list_url,
            Freshness::Live,
        )
        .await
    else {
        return;
    };
    if let Err(why) = list.speaks_for(&list_url) {
        r.untrusted(
            CheckName::Revocation,
            Verdict::Unverifiable,
            format!("the revocation list {list_url} {why}"),
        );
        return;
    }
    let list = list.value;
    let id = doc.get("id").and_then(Value::as_str);
    let uid = doc.get("uid").and_then(Value::as_str);
    let entries = one_or_many(list.get("revokedAssertions"));
    for e in &entries {
        let (eid, euid, reason) = match e {
            Value::String(s) => (Some(s.as_str()), None, None),
            Value::Object(o) => (
                o.get("id").and_then(Value::as_str),
                o.get("uid").and_then(Value::as_str),
                o.get("revocationReason").and_then(Value::as_str),
            ),
            _ => (None, None, None),
        };
        let hit = (eid.is_some() && eid == id)
            || (euid.is_some() && euid == uid)
            || (eid.is_some() && eid == uid);
        if hit {
            if let Some(b) = r.badge.as_mut() {
                b.revocation_reason = reason.map(str::to_string);
            }
            r.fail(
                CheckName::Revocation,
                Verdict::Revoked,
                "the issuer's revocation list names this badge",
            );
            return;
        }
    }
    r.pass(
        CheckName::Revocation,
        format!(
            "not on the issuer's revocation list ({} entries)",
            entries.len()
        ),
    );
}
