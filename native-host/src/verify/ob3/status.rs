//! Credential status: `BitstringStatusListEntry`, `StatusList2021Entry` and
//! `1EdTechRevocationList`, fetched fresh through [`Ob3Network`].
//!
//! A status list only counts when its own proof verifies with a key its
//! issuer authorised; otherwise the revocation check is `unverifiable`,
//! because a list anyone could have written proves nothing either way.

use std::io::Read;

use base64::Engine as _;
use serde_json::Value;
use url::Url;

use super::{issuer_id, list, verify_embedded_proofs, Ob3Context, ProofsOutcome};
use crate::cache::Freshness;
use crate::messages::{BadgeInfo, CheckName, Verdict};
use crate::verify::authority::{self, KeyAuthority};
use crate::verify::net::{self, NetError};
use crate::verify::report::Report;

/// Largest decompressed status list accepted (the spec's minimum is 16 KiB;
/// 16 MiB holds 134 million entries).
const MAX_LIST_BYTES: u64 = 16 * 1024 * 1024;

/// Checks every `credentialStatus` entry.
pub async fn check(r: &mut Report, info: &mut BadgeInfo, doc: &Value, ctx: Ob3Context<'_>) {
    let entries = list(doc.get("credentialStatus"));
    if entries.is_empty() {
        r.pass(
            CheckName::Revocation,
            "the credential has no status list to consult",
        );
        return;
    }
    for entry in entries {
        let kind = entry.get("type").and_then(Value::as_str).unwrap_or("");
        match kind {
            "BitstringStatusListEntry" | "StatusList2021Entry" => {
                bitstring(r, info, doc, entry, ctx).await
            }
            "1EdTechRevocationList" => revocation_list(r, info, doc, entry, ctx).await,
            other => r.fail(
                CheckName::Revocation,
                Verdict::Unverifiable,
                format!(
                    "the credential's status is of type {other:?}, which BadgeLens cannot check"
                ),
            ),
        }
    }
}

async fn fetch(
    r: &mut Report,
    url_text: Option<&str>,
    what: &str,
    ctx: Ob3Context<'_>,
) -> Option<Value> {
    let Some(text) = url_text else {
        r.fail(
            CheckName::Revocation,
            Verdict::Invalid,
            format!("the {what} has no URL"),
        );
        return None;
    };
    let url = match Url::parse(text) {
        Ok(u) if u.scheme() == "https" || u.scheme() == "http" => u,
        Ok(u) => {
            r.refused(
                CheckName::Revocation,
                crate::messages::Rule::Scheme,
                format!("the {what} URL uses the {}: scheme", u.scheme()),
            );
            return None;
        }
        Err(e) => {
            r.fail(
                CheckName::Revocation,
                Verdict::Invalid,
                format!("the {what} URL {text:?} is not a URL ({e})"),
            );
            return None;
        }
    };
    let where_ = format!("the {what} at {url}");
    let Some(net) = ctx.net else {
        net::record(r, CheckName::Revocation, &where_, &NetError::NoNetwork);
        return None;
    };
    // Revocation status is always fetched fresh (except offline).
    match net.json(url.as_str(), Freshness::Live).await {
        Ok(d) => match d.speaks_for(url.as_str()) {
            Ok(()) => Some(d.value),
            Err(why) => {
                r.untrusted(
                    CheckName::Revocation,
                    Verdict::Unverifiable,
                    format!("the {what} {why}"),
                );
                None
            }
        },
        Err(e) => {
            net::record(r, CheckName::Revocation, &where_, &e);
            None
        }
    }
}

fn decode_list(encoded: &str, multibase_first: bool) -> Option<Vec<u8>> {
    let b64 = |s: &str| {
        base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(s.trim_end_matches('='))
            .ok()
    };
    let gunzip = |bytes: Vec<u8>| -> Option<Vec<u8>> {
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(&bytes[..])
            .take(MAX_LIST_BYTES + 1)
            .read_to_end(&mut out)
            .ok()?;
        (out.len() as u64 <= MAX_LIST_BYTES).then_some(out)
    };
    let multibase = || encoded.strip_prefix('u').and_then(b64).and_then(gunzip);
    let plain = || b64(encoded).and_then(gunzip);
    if multibase_first {
        multibase().or_else(plain)
    } else {
        plain().or_else(multibase)
    }
}

async fn bitstring(
    r: &mut Report,
    info: &mut BadgeInfo,
    doc: &Value,
    entry: &Value,
    ctx: Ob3Context<'_>,
) {
    let purpose = entry
        .get("statusPurpose")
        .and_then(Value::as_str)
        .unwrap_or("revocation");
    if purpose != "revocation" && purpose != "suspension" {
        r.skip(
            CheckName::Revocation,
            format!("a status entry for {purpose:?}, which does not affect validity"),
        );
        return;
    }
    let index = match entry.get("statusListIndex") {
        Some(Value::String(s)) => s.parse::<u64>().ok(),
        Some(Value::Number(n)) => n.as_u64(),
        _ => None,
    };
    let Some(index) = index else {
        r.fail(
            CheckName::Revocation,
            Verdict::Invalid,
            "the status entry has no valid statusListIndex",
        );
        return;
    };
    let Some(list_doc) = fetch(
        r,
        entry.get("statusListCredential").and_then(Value::as_str),
        "status list",
        ctx,
    )
    .await
    else {
        return;
    };
    let Some(map) = list_doc.as_object() else {
        r.fail(
            CheckName::Revocation,
            Verdict::Unverifiable,
            "the status list is not a JSON object",
        );
        return;
    };
    // Only the credential's issuer can say whether it revoked it: the
    // list must be signed with a key that issuer owns (the same rule as
    // the credential's own proof, keys::issuer_owns).
    let list_issuer = issuer_id(&list_doc);
    if list_issuer.is_none() {
        r.fail(
            CheckName::Revocation,
            Verdict::Unverifiable,
            "the status list names no issuer",
        );
        return;
    }
    let list_canon = match super::canon::safe_canonical_nquads(&super::proofs::unsecured(map)) {
        Ok(c) => c,
        Err(e) => {
            r.fail(
                CheckName::Revocation,
                Verdict::Unverifiable,
                format!("the status list cannot be checked: {e}"),
            );
            return;
        }
    };
    let list_ctx = Ob3Context {
        net: ctx.net,
        ..ctx
    };
    match Box::pin(verify_embedded_proofs(map, &list_canon, None, list_ctx)).await {
        ProofsOutcome::Valid { key, .. } => {
            let issuer = issuer_id(doc).unwrap_or_default();
            if let Err((_, c)) = super::keys::issuer_owns(&issuer, &key, list_ctx).await {
                r.untrusted(
                    CheckName::Revocation,
                    Verdict::Unverifiable,
                    format!(
                        "the status list is not signed by the credential's issuer ({}): only the issuer can say whether it revoked a badge",
                        c.message
                    ),
                );
                return;
            }
        }
        ProofsOutcome::None { checks, .. } => {
            let why = checks
                .first()
                .map(|c| c.message.clone())
                .unwrap_or_default();
            r.fail(
                CheckName::Revocation,
                Verdict::Unverifiable,
                format!("the status list's own proof does not verify: {why}"),
            );
            return;
        }
    }
    let until = list_doc
        .get("validUntil")
        .or_else(|| list_doc.get("expirationDate"))
        .and_then(Value::as_str)
        .and_then(crate::clock::Timestamp::parse);
    if until.is_some_and(|t| t < ctx.now) {
        r.fail(
            CheckName::Revocation,
            Verdict::Unverifiable,
            "the status list has itself expired",
        );
        return;
    }
    let subject = list(list_doc.get("credentialSubject")).into_iter().next();
    let list_purpose = subject
        .and_then(|s| s.get("statusPurpose"))
        .and_then(Value::as_str);
    if list_purpose.is_some_and(|p| p != purpose) {
        r.fail(
            CheckName::Revocation,
            Verdict::Invalid,
            format!(
                "the status entry is for {purpose} but the list is for {}",
                list_purpose.unwrap_or("")
            ),
        );
        return;
    }
    let multibase_first = list_doc
        .get("type")
        .map(|t| t.to_string().contains("BitstringStatusListCredential"))
        .unwrap_or(true);
    let Some(bits) = subject
        .and_then(|s| s.get("encodedList"))
        .and_then(Value::as_str)
        .and_then(|e| decode_list(e, multibase_first))
    else {
        r.fail(
            CheckName::Revocation,
            Verdict::Unverifiable,
            "the status list's encodedList cannot be decoded",
        );
        return;
    };
    let byte = usize::try_from(index / 8).ok().and_then(|i| bits.get(i));
    let Some(byte) = byte else {
        r.fail(
            CheckName::Revocation,
            Verdict::Invalid,
            format!("statusListIndex {index} is beyond the end of the status list"),
        );
        return;
    };
    let set = byte & (0x80 >> (index % 8)) != 0;
    match (set, purpose) {
        (true, "suspension") => {
            info.revocation_reason = Some("suspended".into());
            r.fail(
                CheckName::Revocation,
                Verdict::Revoked,
                "the issuer has suspended this credential (status list)",
            );
        }
        (true, _) => {
            info.revocation_reason
                .get_or_insert_with(|| "revoked".into());
            r.fail(
                CheckName::Revocation,
                Verdict::Revoked,
                "the issuer has revoked this credential (status list)",
            );
        }
        (false, p) => r.pass(
            CheckName::Revocation,
            format!("the issuer's signed status list shows no {p} (index {index})"),
        ),
    }
}

async fn revocation_list(
    r: &mut Report,
    info: &mut BadgeInfo,
    doc: &Value,
    entry: &Value,
    ctx: Ob3Context<'_>,
) {
    // The list carries no signature: only the issuer's own site can vouch
    // for it, so it must live there (authority.rs).
    let list_url = entry.get("id").and_then(Value::as_str);
    if let Some(url) = list_url.and_then(|u| Url::parse(u).ok()) {
        let issuer = issuer_id(doc).unwrap_or_default();
        if let Err(why) = authority::list_on_issuers_site(&url, &KeyAuthority::of(&issuer)) {
            r.untrusted(CheckName::Revocation, Verdict::Unverifiable, why);
            return;
        }
    }
    let Some(list_doc) = fetch(r, list_url, "1EdTech revocation list", ctx).await else {
        return;
    };
    let Some(revoked) = list_doc.get("revokedCredentials").and_then(Value::as_array) else {
        r.fail(
            CheckName::Revocation,
            Verdict::Unverifiable,
            "the revocation list has no revokedCredentials",
        );
        return;
    };
    let id = doc.get("id").and_then(Value::as_str);
    let hit = revoked
        .iter()
        .find(|c| c.get("id").and_then(Value::as_str) == id && id.is_some());
    match hit {
        Some(c) => {
            info.revocation_reason = Some(
                c.get("revocationReason")
                    .and_then(Value::as_str)
                    .unwrap_or("revoked")
                    .to_string(),
            );
            r.fail(
                CheckName::Revocation,
                Verdict::Revoked,
                "the issuer's revocation list names this credential",
            );
        }
        None => r.pass(
            CheckName::Revocation,
            "the issuer's revocation list does not name this credential",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_both_list_encodings() {
        // verifier-core's list: 100,000 bits (12,500 bytes), a few set.
        let enc = "uH4sIAAAAAAAAA-3BMQEAAAwCoGUx6aLbwgvIHwAAAAAAAAAAAAAAwFwBZnztF9QwAAA";
        let bits = decode_list(enc, true).unwrap();
        assert_eq!(bits.len(), 12_500);
        assert_ne!(bits[0], 0, "indexes 6 and 8 are revoked in this list");
        assert!(decode_list(&enc[1..], false).is_some());
        assert!(decode_list("not a list", true).is_none());
    }
}
