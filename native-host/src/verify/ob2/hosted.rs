//! Hosted verification: the issuer's copy fetched from its own address,
//! its HTTP status (410 Gone is revoked), and the comparison with a copy
//! found in an image or a paste.

use serde_json::Value;

use super::upgrade::{self, Upgraded};
use super::*;
use crate::cache::Freshness;
use crate::clock::Timestamp;
use crate::fetch::{Fetched, Kind};
use crate::messages::{CheckName, Verdict};
use crate::verify::authority::origin_of;
use crate::verify::net;
use crate::verify::report::Report;

/// The hosted flow: fetch `url`, handle status, judge, compare with `embedded`.
pub(super) async fn judge_hosted(
    env: &Env<'_>,
    url: &str,
    embedded: Option<&Upgraded>,
    prefetched: Option<Fetched>,
    r: &mut Report,
) {
    if let Some(e) = embedded {
        r.badge = Some(describe(&e.doc, None, None));
    }
    let mut fetched = match prefetched {
        Some(f) => f,
        None => match env.net.fetch(url, Kind::Json, Freshness::Live).await {
            Ok(f) => f,
            Err(e) => {
                let what = format!("the assertion at {url}");
                net::record(r, CheckName::FetchAssertion, &what, &e.into());
                return;
            }
        },
    };
    let mut hosted = None;
    let mut requested = url.to_string();
    for attempt in 0..2 {
        match hosted_status(&fetched, r) {
            Some(doc) => {
                // The issuer's copy lives at its own `id`: if we fetched it
                // elsewhere (a page's API URL, a query), fetch the id once;
                // that copy must then be at its id, or anyone could point a
                // badge through their server at another issuer's origin.
                let id = upgrade::upgrade(&doc).ok().and_then(|u| u.hosted_url());
                match id {
                    Some(id)
                        if !same_url(&id, fetched.url.as_str()) && !same_url(&id, &requested) =>
                    {
                        if attempt == 1 {
                            r.fail(
                                CheckName::FetchAssertion,
                                Verdict::Invalid,
                                format!("the assertion fetched from {requested} says it lives at {id}: it is not hosted at its own address"),
                            );
                            return;
                        }
                        requested = id.clone();
                        match env.net.fetch(&id, Kind::Json, Freshness::Live).await {
                            Ok(f) => {
                                fetched = f;
                                continue;
                            }
                            Err(e) => {
                                let what = format!("the assertion at its id {id}");
                                net::record(r, CheckName::FetchAssertion, &what, &e.into());
                                return;
                            }
                        }
                    }
                    _ => {
                        hosted = Some(doc);
                        break;
                    }
                }
            }
            None => {
                // Revoked, not found, refused...: still say what the badge
                // is and whom to contact, as far as the issuer's data allows.
                if let Some(e) = embedded {
                    describe_more(env, &e.doc, r).await;
                    if r.verdict() == Verdict::Revoked {
                        confirm_revoker(env, fetched.url.as_str(), &e.doc, r).await;
                    }
                }
                return;
            }
        }
    }
    let Some(hosted) = hosted else { return };
    let up = match upgrade::upgrade(&hosted) {
        Ok(up) => up,
        Err(e) => {
            r.badge = Some(describe(&hosted, None, None));
            r.fail(
                CheckName::Parse,
                e.verdict,
                format!("the issuer's copy: {}", e.message),
            );
            return;
        }
    };
    // Revoked by a flag in the hosted copy.
    if up.doc.get("revoked").and_then(Value::as_bool) == Some(true) {
        r.badge = Some(describe(&up.doc, None, None));
        revoked_by_issuer(
            r,
            &fetched,
            &up.doc,
            "the issuer marks this assertion as revoked",
            embedded.is_some(),
        );
        describe_more(env, &up.doc, r).await;
        confirm_revoker(env, fetched.url.as_str(), &up.doc, r).await;
        return;
    }
    if let Some(e) = embedded {
        compare_hosted(&e.doc, &up.doc, r);
    }
    judge_assertion(env, up, Mode::Hosted { fetched: &fetched }, r).await;
}

/// Judges the status of a hosted fetch; `Some(doc)` when there is a document to judge.
pub(super) fn hosted_status(f: &Fetched, r: &mut Report) -> Option<Value> {
    let origin = origin_of(f.url.as_str());
    match f.status {
        410 => {
            let body = f.json().unwrap_or(Value::Null);
            revoked_by_issuer(
                r,
                f,
                &body,
                "the issuer's server says this badge is gone (HTTP 410): it was revoked",
                true,
            );
            None
        }
        404 => {
            r.fail(
                CheckName::FetchAssertion,
                Verdict::Unverifiable,
                format!("the issuer's server at {origin} says this badge is not found or not public (HTTP 404)"),
            );
            None
        }
        s if !(200..300).contains(&s) => {
            r.fail(
                CheckName::FetchAssertion,
                Verdict::Unverifiable,
                format!("the issuer's server at {origin} answered HTTP {s}"),
            );
            None
        }
        _ if f.non_json_content_type().is_some() => {
            r.fail(
                CheckName::FetchAssertion,
                Verdict::Unverifiable,
                format!(
                    "the issuer's server at {origin} answered {} instead of the assertion",
                    f.non_json_content_type().unwrap_or_default()
                ),
            );
            None
        }
        _ => {
            match f.json() {
                Ok(v @ Value::Object(_)) => {
                    if v.get("revoked").and_then(Value::as_bool) == Some(true)
                        && v.get("id").is_none()
                    {
                        // Credly's bare `{"revoked": true}`.
                        revoked_by_issuer(r, f, &v, "the issuer marks this badge as revoked", true);
                        return None;
                    }
                    Some(v)
                }
                Ok(_) => {
                    r.fail(CheckName::FetchAssertion, Verdict::Unverifiable, format!("the issuer's server at {origin} answered JSON that is not an assertion"));
                    None
                }
                Err(e) => {
                    let what = if f.is_html() {
                        "a web page instead of the assertion".to_string()
                    } else {
                        e
                    };
                    r.fail(
                        CheckName::FetchAssertion,
                        Verdict::Unverifiable,
                        format!("the issuer's server at {origin} answered {what}"),
                    );
                    None
                }
            }
        }
    }
}

/// The issuer's server says the badge is revoked (410 Gone, or a
/// `revoked` flag in its answer): the verdict is `revoked`, and a copy from
/// the badge (`embedded`) is not compared.
fn revoked_by_issuer(r: &mut Report, answer: &Fetched, body: &Value, why: &str, embedded: bool) {
    if let Some(b) = r.badge.as_mut() {
        b.revocation_reason = body
            .get("revocationReason")
            .and_then(Value::as_str)
            .map(str::to_string);
    }
    r.pass(
        CheckName::FetchAssertion,
        format!(
            "the issuer's server at {} answered",
            origin_of(answer.url.as_str())
        ),
    );
    r.fail(CheckName::Revocation, Verdict::Revoked, why);
    if embedded {
        r.skip(
            CheckName::HostedMatch,
            "not compared: the issuer revoked this badge",
        );
    }
}

/// A revocation names an issuer only when it came from where that issuer
/// hosts its badges: the same issuer-scope rule as a valid badge (the policy
/// from the issuer's own profile). A revoked answer from anywhere else is a
/// forger's statement in the issuer's name: `invalid`, which outranks
/// `revoked`. When the issuer's documents cannot be had, the check says so
/// and the verdict stays `revoked` (the badge is not valid either way).
async fn confirm_revoker(env: &Env<'_>, answered_at: &str, doc: &Value, r: &mut Report) {
    let class = super::describe::badge_class_of(env, doc, r).await;
    let issuer_ref = class.as_ref().and_then(|c| c.get("issuer")).cloned();
    let (shown, authoritative) = match issuer_ref {
        Some(Value::String(url)) => {
            match super::assertion::fetch_issuer_profile(env, &url, r).await {
                Some(p) => (p.clone(), Some(p)),
                None => {
                    r.cannot_check(
                        CheckName::IssuerOrigin,
                        "the issuer's profile could not be had, so nothing confirms who revoked this badge",
                    );
                    return;
                }
            }
        }
        Some(v @ Value::Object(_)) => (v, None),
        _ => {
            r.cannot_check(
                CheckName::IssuerOrigin,
                "the revoked badge's issuer is unknown, so nothing confirms who revoked it",
            );
            return;
        }
    };
    super::assertion::judge_issuer_scope(env, answered_at, &shown, authoritative.as_ref(), r).await;
}

/// Identity-bearing fields must agree between the embedded and hosted copies.
pub(super) fn compare_hosted(embedded: &Value, hosted: &Value, r: &mut Report) {
    const IDENTITY: [&str; 5] = ["recipient", "badge", "issuedOn", "expires", "verification"];
    let mut differs = Vec::new();
    for key in IDENTITY {
        if !same_field(key, embedded.get(key), hosted.get(key)) {
            differs.push(key);
        }
    }
    if !differs.is_empty() {
        r.fail(
            CheckName::HostedMatch,
            Verdict::Invalid,
            format!(
                "the badge's data differs from the issuer's copy in: {}",
                differs.join(", ")
            ),
        );
        return;
    }
    let others: Vec<&String> = match (embedded.as_object(), hosted.as_object()) {
        (Some(a), Some(b)) => a
            .keys()
            .chain(b.keys())
            .filter(|k| !IDENTITY.contains(&k.as_str()))
            .filter(|k| a.get(*k) != b.get(*k))
            .collect(),
        _ => Vec::new(),
    };
    if others.is_empty() {
        r.pass(
            CheckName::HostedMatch,
            "the badge's data matches the issuer's copy",
        );
    } else {
        let mut names: Vec<&str> = others.iter().map(|s| s.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        r.warn(
            CheckName::HostedMatch,
            format!("the badge's data differs from the issuer's copy in details ({}); the issuer's copy is shown", names.join(", ")),
        );
    }
}

/// JSON equality, with dates compared as instants (issuers re-serialise them).
/// Do two copies say the same thing in an identity-bearing field? Compared
/// by meaning, not spelling: issuers re-serialise dates, write `null` for
/// absent, embed or link the badge class, and spell the verification type
/// `hosted` or `HostedBadge`.
pub(super) fn same_field(key: &str, a: Option<&Value>, b: Option<&Value>) -> bool {
    let a = a.filter(|v| !v.is_null());
    let b = b.filter(|v| !v.is_null());
    let (Some(x), Some(y)) = (a, b) else {
        return a.is_none() && b.is_none();
    };
    match key {
        "badge" => match (node_id(x), node_id(y)) {
            (Some(p), Some(q)) => same_url(p, q),
            _ => x == y,
        },
        "verification" => {
            let kind = |v: &Value| {
                let t = v.get("type");
                (upgrade::is_hosted_type(t), upgrade::is_signed_type(t))
            };
            let creator = |v: &Value| v.get("creator").and_then(node_id).map(str::to_string);
            kind(x) == kind(y)
                && (creator(x).is_none() || creator(y).is_none() || creator(x) == creator(y))
        }
        "recipient" => {
            let norm = |v: &Value| -> Option<(String, String, String, bool)> {
                let o = v.as_object()?;
                let identity = o.get("identity")?.as_str()?.trim().to_ascii_lowercase();
                let kind = o
                    .get("type")
                    .and_then(Value::as_str)
                    .unwrap_or("email")
                    .to_string();
                let salt = o
                    .get("salt")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string();
                let hashed = o
                    .get("hashed")
                    .and_then(Value::as_bool)
                    .unwrap_or_else(|| identity.contains('$'));
                Some((identity, kind, salt, hashed))
            };
            match (norm(x), norm(y)) {
                (Some(p), Some(q)) => p == q,
                _ => x == y,
            }
        }
        _ => same_value(Some(x), Some(y)),
    }
}

pub(super) fn same_value(a: Option<&Value>, b: Option<&Value>) -> bool {
    match (a, b) {
        (Some(Value::String(x)), Some(Value::String(y))) if x != y => {
            matches!((Timestamp::parse(x), Timestamp::parse(y)), (Some(p), Some(q)) if p == q)
        }
        _ => a == b,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosted_match_compares_meaning_not_spelling() {
        use serde_json::json;
        assert!(same_field("expires", None, Some(&Value::Null)));
        assert!(!same_field("expires", None, Some(&json!("2030-01-01"))));
        assert!(same_field(
            "issuedOn",
            Some(&json!("2026-03-02T00:00:00Z")),
            Some(&json!("2026-03-02T00:00:00.000+00:00"))
        ));
        assert!(same_field(
            "verification",
            Some(&json!({"type": "hosted"})),
            Some(&json!({"type": "HostedBadge"}))
        ));
        assert!(!same_field(
            "verification",
            Some(&json!({"type": "hosted"})),
            Some(&json!({"type": "SignedBadge"}))
        ));
        assert!(same_field(
            "badge",
            Some(&json!("https://i.example/b")),
            Some(&json!({"id": "https://i.example/b", "name": "B"}))
        ));
        assert!(same_field(
            "recipient",
            Some(&json!({"type": "email", "identity": "sha256$ABCD", "hashed": true})),
            Some(&json!({"type": "email", "identity": "sha256$abcd"}))
        ));
        assert!(!same_field(
            "recipient",
            Some(&json!({"type": "email", "identity": "sha256$abcd", "salt": "x"})),
            Some(&json!({"type": "email", "identity": "sha256$abcd"}))
        ));
    }
}
