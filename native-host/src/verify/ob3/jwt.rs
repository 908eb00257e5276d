//! VC-JWT: an OB 3.0 credential as a compact JWS (RS256, ES256, ES384, EdDSA).
//!
//! The key comes from `kid` (a DID URL or key URL, resolved like Data
//! Integrity methods) or from an inline public `jwk`. Whose key it is, is
//! decided as for every proof (`key_owner` in `ob3`): an inline key is the
//! issuer's only when the issuer is that very key (`did:jwk`). The JWT
//! claims `iss`, `sub`, `jti`, `nbf`, `exp` must agree with the credential
//! they carry.

use serde_json::Value;

use super::keys::{self, KeyError, VerificationKey};
use super::{dates, describe, issuer_id, key_owner, list, recipient, status, Ob3Context};
use crate::clock::Timestamp;
use crate::messages::{CheckName, Verdict};
use crate::unbake::CompactJws;
use crate::verify::keys::{key_from_jwk, verify_compact_jws, SigAlg};
use crate::verify::report::Report;

/// The JOSE header, the payload and the credential it carries (`vc`, or
/// the payload itself); `None` when the header or payload is not JSON.
fn decoded(jws: &CompactJws) -> Option<(Value, Value, Value)> {
    let (header, payload) = (jws.header_json()?, jws.payload_json()?);
    let vc = payload
        .get("vc")
        .filter(|v| v.is_object())
        .cloned()
        .unwrap_or_else(|| payload.clone());
    Some((header, payload, vc))
}

/// Verifies a VC-JWT.
pub async fn verify_jwt(jws: &CompactJws, ctx: Ob3Context<'_>) -> Report {
    let mut r = Report::new();
    let Some((header, payload, vc)) = decoded(jws) else {
        r.fail(
            CheckName::Parse,
            Verdict::Invalid,
            "the JWT's header or payload is not JSON",
        );
        return r;
    };
    let mut info = describe(&vc);
    info.verification = Some("vc-jwt".into());
    r.pass(CheckName::Parse, "the badge data is a VC-JWT");

    if let Some(key) = issuer_signature(&mut r, jws, &header, &payload, &vc, ctx, "JWT").await {
        let issuer = payload
            .get("iss")
            .and_then(Value::as_str)
            .map(str::to_string)
            .or_else(|| issuer_id(&vc));
        key_owner(&mut r, issuer.as_deref(), &key, ctx).await;
    }

    claims_agree(&mut r, &vc, &payload);
    let num = |k: &str| payload.get(k).and_then(Value::as_i64);
    if num("nbf").is_none() {
        // OB 3.0 §8.2.6.1 makes nbf a MUST; real issuers (walt.id) leave it
        // out, and the credential's own dates still say when it holds.
        r.warn(
            CheckName::IssuedOn,
            "the JWT has no nbf claim, which Open Badges 3.0 requires; the credential's own dates are used",
        );
    }
    dates(&mut r, &vc, ctx.now, Some((num("nbf"), num("exp"))));
    status::check(&mut r, &mut info, &vc, ctx).await;
    super::schema::check(&mut r, &vc, ctx).await;
    recipient(&mut r, &mut info, &vc, ctx.recipient);
    r.badge = Some(info);
    r
}

/// Checks the signature of a compact JWS by the key its header names; the
/// key when it holds. `what` names the token in messages ("JWT", "SD-JWT").
async fn issuer_signature(
    r: &mut Report,
    jws: &CompactJws,
    header: &Value,
    payload: &Value,
    vc: &Value,
    ctx: Ob3Context<'_>,
    what: &str,
) -> Option<VerificationKey> {
    let alg = match header.get("alg").and_then(Value::as_str) {
        Some("RS256") => SigAlg::Rs256,
        Some("ES256") => SigAlg::Es256,
        Some("ES384") => SigAlg::Es384,
        Some("EdDSA") => SigAlg::EdDsa,
        Some(a) if a.eq_ignore_ascii_case("none") || a.starts_with("HS") => {
            r.fail(
                CheckName::Signature,
                Verdict::Invalid,
                format!("the {what} uses alg {a:?}, which proves nothing about its issuer"),
            );
            return None;
        }
        Some(a) => {
            r.fail(
                CheckName::Signature,
                Verdict::Unverifiable,
                format!(
                    "the {what} uses alg {a:?}; BadgeLens verifies RS256, ES256, ES384 and EdDSA"
                ),
            );
            return None;
        }
        None => {
            r.fail(
                CheckName::Signature,
                Verdict::Invalid,
                format!("the {what} header has no alg"),
            );
            return None;
        }
    };
    let iss = payload
        .get("iss")
        .and_then(Value::as_str)
        .map(str::to_string)
        .or_else(|| issuer_id(vc));
    match key_for(header, iss.as_deref(), ctx).await {
        Ok((key, inline)) => match verify_compact_jws(&key.key, alg, &jws.0) {
            Ok(()) => {
                let by = if inline {
                    "the key in its header"
                } else {
                    key.id.as_str()
                };
                r.pass(
                    CheckName::Signature,
                    format!("the {what} signature by {by} is valid"),
                );
                return Some(key);
            }
            Err(m) => r.fail(
                CheckName::Signature,
                Verdict::Invalid,
                format!("the {what} signature is not valid: {m}"),
            ),
        },
        Err(KeyError::Network { what, failure }) => {
            crate::verify::net::record(r, CheckName::Signature, &what, &failure);
        }
        Err(KeyError::Unsupported(m)) => r.fail(CheckName::Signature, Verdict::Unverifiable, m),
        Err(KeyError::Malformed(m) | KeyError::NotFound(m)) => {
            r.fail(CheckName::Signature, Verdict::Invalid, m)
        }
    }
    None
}

/// An SD-JWT (a JWS followed by `~disclosure` parts): not an OB 3.0 proof
/// format, so `unverifiable`. The issuer part's signature is checked and
/// said to be only that; the undisclosed claims, the disclosures and the
/// dates they may hide are not judged.
pub async fn verify_sd_jwt(jws: &CompactJws, ctx: Ob3Context<'_>) -> Report {
    let mut r = Report::new();
    let Some((header, payload, vc)) = decoded(jws) else {
        r.fail(
            CheckName::Parse,
            Verdict::Invalid,
            "the SD-JWT's issuer part has a header or payload that is not JSON",
        );
        return r;
    };
    r.badge = Some(describe(&vc));
    r.fail(
        CheckName::Parse,
        Verdict::Unverifiable,
        "this is an SD-JWT (sd-jwt, selective disclosure), which is not an Open Badges 3.0 proof format; BadgeLens does not check its disclosures",
    );
    issuer_signature(
        &mut r,
        jws,
        &header,
        &payload,
        &vc,
        ctx,
        "SD-JWT issuer part's",
    )
    .await;
    r
}

/// The key named by the header: `kid` first (it can be tied to the
/// issuer), else an inline `jwk`. The bool says the key was inline.
async fn key_for(
    header: &Value,
    iss: Option<&str>,
    ctx: Ob3Context<'_>,
) -> Result<(VerificationKey, bool), KeyError> {
    if let Some(kid) = header.get("kid").and_then(Value::as_str) {
        // A bare fragment (`#key-1`) is relative to the issuer's DID or URL.
        let kid = match (kid.strip_prefix('#'), iss) {
            (Some(_), Some(iss)) if !iss.contains('#') => format!("{iss}{kid}"),
            _ => kid.to_string(),
        };
        if kid.starts_with("did:") || kid.starts_with("https://") || kid.starts_with("http://") {
            return keys::resolve(&kid, ctx.net).await.map(|k| (k, false));
        }
    }
    if let Some(jwk) = header.get("jwk") {
        let key = key_from_jwk(jwk)?;
        return Ok((
            VerificationKey {
                id: "the key in the JWT's header".into(),
                key,
            },
            true,
        ));
    }
    Err(KeyError::Unsupported(
        "the JWT header names no key (neither a resolvable kid nor a jwk)".into(),
    ))
}

/// `iss`, `sub`, `jti`, `nbf`, `exp` against the credential they carry.
fn claims_agree(r: &mut Report, vc: &Value, payload: &Value) {
    let s = |v: &Value, k: &str| v.get(k).and_then(Value::as_str).map(str::to_string);
    let mut differences = Vec::new();
    if let (Some(iss), Some(issuer)) = (s(payload, "iss"), issuer_id(vc)) {
        if iss != issuer {
            differences.push(format!("iss {iss} is not the issuer {issuer}"));
        }
    }
    if let Some(sub) = s(payload, "sub") {
        let ids: Vec<String> = list(vc.get("credentialSubject"))
            .into_iter()
            .filter_map(|c| s(c, "id"))
            .collect();
        if !ids.is_empty() && !ids.contains(&sub) {
            differences.push(format!("sub {sub} is not the credential subject"));
        }
    }
    if let (Some(jti), Some(id)) = (s(payload, "jti"), s(vc, "id")) {
        if jti != id {
            differences.push(format!("jti {jti} is not the credential id {id}"));
        }
    }
    let date = |keys: &[&str]| {
        keys.iter()
            .find_map(|k| s(vc, k))
            .and_then(|t| Timestamp::parse(&t))
    };
    if let (Some(nbf), Some(from)) = (
        payload.get("nbf").and_then(Value::as_i64),
        date(&["validFrom", "issuanceDate"]),
    ) {
        if nbf != from.0 {
            differences.push(format!(
                "nbf {} is not the credential's issue date {}",
                Timestamp(nbf).to_rfc3339(),
                from.to_rfc3339()
            ));
        }
    }
    if let (Some(exp), Some(until)) = (
        payload.get("exp").and_then(Value::as_i64),
        date(&["validUntil", "expirationDate"]),
    ) {
        if exp != until.0 {
            differences.push(format!(
                "exp {} is not the credential's expiry {}",
                Timestamp(exp).to_rfc3339(),
                until.to_rfc3339()
            ));
        }
    }
    if differences.is_empty() {
        r.pass(CheckName::Parse, "the JWT claims agree with the credential");
    } else {
        r.fail(
            CheckName::Parse,
            Verdict::Invalid,
            format!(
                "the JWT claims disagree with the credential: {}",
                differences.join("; ")
            ),
        );
    }
}
