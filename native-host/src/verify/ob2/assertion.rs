//! What hosted and signed assertions share: document shape, BadgeClass,
//! Issuer Profile (from the issuer's own address), hosting scope, dates
//! and recipient.

use serde_json::Value;
use url::Url;

use super::upgrade::{self, Upgraded};
use super::*;
use crate::cache::Freshness;
use crate::messages::{CheckName, Verdict};
use crate::verify::authority::{self, origin_of, HostingPolicy};
use crate::verify::claims::{self, date_of};
use crate::verify::report::Report;

/// The checks common to hosted and signed: document shape, BadgeClass,
/// Issuer Profile, issuer scope (hosted), dates and recipient.
pub(super) async fn judge_assertion(
    env: &Env<'_>,
    up: Upgraded,
    mode: Mode<'_>,
    r: &mut Report,
) -> Option<Judged> {
    let doc = up.doc.clone();
    r.badge = Some(describe(&doc, None, None));
    if let Err(e) = upgrade::validate_assertion(&up) {
        r.fail(CheckName::Schema, e.verdict, e.message);
        return None;
    }
    let assertion_id = doc
        .get("id")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    if let Mode::Hosted { fetched } = &mode {
        if !up.is_hosted() {
            r.cannot_check(
                CheckName::Signature,
                "the issuer's copy says this badge is signed; its signature (JWS) is needed to check it",
            );
            return None;
        }
        let origin = origin_of(fetched.url.as_str());
        r.pass(
            CheckName::FetchAssertion,
            format!("the issuer's server at {origin} confirmed this assertion"),
        );
        if env.net.ctx.cache == crate::messages::CacheMode::Offline {
            r.warn(
                CheckName::Revocation,
                "offline: this is the issuer's copy as cached earlier; a revocation since then would not show",
            );
        }
        // The issuer's copy must be answered at its own id: an open
        // redirect on the issuer's site cannot vouch for another server's
        // document (the provenance comes from the cache too, offline).
        if let Err(why) =
            authority::speaks_for(&fetched.provenance.requested, fetched.urls(), &assertion_id)
        {
            r.untrusted(
                CheckName::IssuerOrigin,
                Verdict::Invalid,
                format!("the assertion {why}"),
            );
            return None;
        }
        if fetched.redirects() > 0 {
            r.warn(
                CheckName::FetchAssertion,
                format!(
                    "the issuer's server redirected {} time(s) to reach the assertion",
                    fetched.redirects()
                ),
            );
        }
    }

    // BadgeClass.
    let badge_ref = doc.get("badge").cloned().unwrap_or(Value::Null);
    let badge_class = match &badge_ref {
        Value::String(url) => env
            .get_doc(
                r,
                CheckName::BadgeClass,
                "badge class",
                url,
                Freshness::Cached,
            )
            .await
            .map(|d| d.value),
        Value::Object(_) => Some(badge_ref.clone()),
        _ => None,
    };
    let Some(badge_class) = badge_class else {
        return Some(Judged { doc, issuer: None });
    };
    if let Err(e) = upgrade::validate_badge_class(&badge_class, up.version) {
        r.badge = Some(describe(&doc, Some(&badge_class), None));
        r.fail(CheckName::BadgeClass, Verdict::Invalid, e);
        return Some(Judged { doc, issuer: None });
    }
    if let Value::String(url) = &badge_ref {
        if let Some(id) = badge_class.get("id").and_then(Value::as_str) {
            if !same_url(id, url) && up.version.starts_with('2') {
                r.warn(
                    CheckName::BadgeClass,
                    format!("the badge class fetched from {url} calls itself {id}"),
                );
            }
        }
    }
    r.pass(CheckName::BadgeClass, "the badge class is complete");

    // Issuer Profile. What decides the verdict (the hosting policy, the
    // signing keys) comes only from the profile answered at the issuer's
    // own id (authority.rs); an embedded profile is shown, never trusted.
    let issuer_ref = badge_class.get("issuer").cloned().unwrap_or(Value::Null);
    let embedded_id = issuer_ref.get("id").and_then(Value::as_str);
    let issuer_url: Option<String> = match (&issuer_ref, &mode) {
        (Value::String(url), _) => Some(url.clone()),
        (Value::Object(_), Mode::Signed) => match embedded_id {
            Some(id) if is_web_url(id) => Some(id.to_string()),
            _ => {
                r.fail(
                    CheckName::IssuerProfile,
                    Verdict::Invalid,
                    "a signed badge must name its issuer by the web address of the issuer's profile",
                );
                return Some(Judged { doc, issuer: None });
            }
        },
        _ => None,
    };
    let (issuer, authoritative) = match (&issuer_url, &issuer_ref) {
        (Some(url), _) => {
            let Some(profile) = fetch_issuer_profile(env, url, r).await else {
                return Some(Judged { doc, issuer: None });
            };
            (Some(profile.clone()), Some(profile))
        }
        (None, Value::Object(_)) => (Some(issuer_ref.clone()), None),
        _ => (None, None),
    };
    r.badge = Some(describe(&doc, Some(&badge_class), issuer.as_ref()));
    let Some(issuer) = issuer else {
        r.fail(
            CheckName::IssuerProfile,
            Verdict::Invalid,
            "the badge class names no issuer",
        );
        return Some(Judged { doc, issuer: None });
    };
    if let Err(e) = upgrade::validate_issuer(&issuer, up.version) {
        r.fail(CheckName::IssuerProfile, Verdict::Invalid, e);
        return Some(Judged { doc, issuer: None });
    }
    r.pass(
        CheckName::IssuerProfile,
        format!(
            "issued by {}",
            issuer
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or("the issuer")
        ),
    );

    // Issuer scope (hosted): the assertion must live where the issuer's
    // own profile allows, or on the issuer's own site.
    if let Mode::Hosted { .. } = mode {
        judge_issuer_scope(env, &assertion_id, &issuer, authoritative.as_ref(), r).await;
    }

    let extensions: Vec<&String> = doc
        .as_object()
        .map(|o| o.keys().filter(|k| k.starts_with("extensions:")).collect())
        .unwrap_or_default();
    if !extensions.is_empty() {
        r.warn(
            CheckName::Schema,
            format!(
                "extension data ({}) is shown as the issuer wrote it; BadgeLens does not fetch extension schemas to validate it",
                extensions.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")
            ),
        );
    }
    judge_dates(env, &doc, r);
    judge_recipient(env, &doc, r);
    Some(Judged {
        doc,
        issuer: Some(issuer),
    })
}

/// The issuer profile at `url`, which must speak for `url` (no redirect to
/// another site) and must not claim an id on another site.
pub(super) async fn fetch_issuer_profile(
    env: &Env<'_>,
    url: &str,
    r: &mut Report,
) -> Option<Value> {
    let profile = env
        .get_doc(
            r,
            CheckName::IssuerProfile,
            "issuer profile",
            url,
            Freshness::Cached,
        )
        .await?;
    if let Err(why) = profile.speaks_for(url) {
        r.untrusted(
            CheckName::IssuerProfile,
            Verdict::Invalid,
            format!("the issuer profile {url} {why}"),
        );
        return None;
    }
    if let Some(id) = profile.value.get("id").and_then(Value::as_str) {
        if is_web_url(id) && origin_of(url) != origin_of(id) {
            r.untrusted(
                CheckName::IssuerProfile,
                Verdict::Invalid,
                format!("the issuer profile fetched from {url} claims to be {id}, on another site"),
            );
            return None;
        } else if is_web_url(id) && !same_url(url, id) {
            r.warn(
                CheckName::IssuerProfile,
                format!("the issuer profile fetched from {url} calls itself {id}"),
            );
        }
    }
    Some(profile.value)
}

/// Is a hosted assertion at `assertion_id` where its issuer allows? The
/// issuer's home is its profile's id (OB 0.5/1.0 profiles have none: their
/// `url` or `origin`). The policy comes from `authoritative`, the profile
/// answered at that id, only; when the profile in hand is embedded and its
/// origin rule refuses, the issuer's own profile is fetched and decides.
pub(super) async fn judge_issuer_scope(
    env: &Env<'_>,
    assertion_id: &str,
    shown: &Value,
    authoritative: Option<&Value>,
    r: &mut Report,
) {
    let Ok(assertion) = Url::parse(assertion_id) else {
        r.fail(
            CheckName::IssuerOrigin,
            Verdict::Invalid,
            format!("the assertion id {assertion_id:?} is not a URL"),
        );
        return;
    };
    let id = shown.get("id").and_then(Value::as_str);
    let home = match id {
        Some(id) if !is_web_url(id) => {
            r.fail(
                CheckName::IssuerOrigin,
                Verdict::Invalid,
                format!(
                    "the issuer's id {id} is not a web address, so nothing shows that {} speaks for it",
                    origin_of(assertion_id)
                ),
            );
            return;
        }
        Some(id) => id,
        None => shown
            .get("url")
            .and_then(Value::as_str)
            .or_else(|| shown.get("origin").and_then(Value::as_str))
            .unwrap_or_default(),
    };
    let Ok(home) = Url::parse(home) else {
        r.fail(
            CheckName::IssuerOrigin,
            Verdict::Invalid,
            "the issuer names no web address, so nothing shows where its badges may be hosted",
        );
        return;
    };
    let mut policy = HostingPolicy::of(&home, authoritative);
    if authoritative.is_none() && policy.0.allows(&assertion).is_err() {
        if let Some(id) = id {
            // The embedded profile may carry a policy; only the issuer's
            // own copy counts.
            let Some(own) = fetch_issuer_profile(env, id, r).await else {
                return;
            };
            policy = HostingPolicy::of(&home, Some(&own));
        }
    }
    let (policy, refused) = policy;
    for why in refused {
        r.warn(CheckName::IssuerOrigin, why);
    }
    match policy.allows(&assertion) {
        Ok(msg) => {
            r.pass(CheckName::IssuerOrigin, msg);
            // The issuer's own site answered for the assertion.
            if let Some(identity) =
                authority::domain_of(&assertion).and(authority::domain_of(&home))
            {
                r.identify_issuer(identity);
            }
        }
        Err(msg) => r.fail(CheckName::IssuerOrigin, Verdict::Invalid, msg),
    }
}

/// `issuedOn` and `expires`, by the rules all versions share.
pub(super) fn judge_dates(env: &Env<'_>, doc: &Value, r: &mut Report) {
    let issued = date_of(doc.get("issuedOn"))
        .and_then(|claim| claims::judge_issued(r, "issuedOn", claim, env.now));
    match date_of(doc.get("expires")) {
        None => r.pass(CheckName::Expiry, "it does not expire"),
        Some(claim) => claims::judge_expiry(r, "expires", claim, issued, env.now),
    }
}

pub(super) fn judge_recipient(env: &Env<'_>, doc: &Value, r: &mut Report) {
    let matched = recipient::matches(doc.get("recipient"), &env.options.recipient);
    if let Some(b) = r.badge.as_mut() {
        b.recipient.matched = matched;
    }
    match matched {
        Some(true) => r.pass(
            CheckName::Recipient,
            "it was issued to the person you named",
        ),
        Some(false) => r.note_mismatch(
            CheckName::Recipient,
            "it was not issued to the person you named",
        ),
        None if !env.options.recipient.is_empty() => r.skip(
            CheckName::Recipient,
            "the badge names no recipient to compare with",
        ),
        None => {}
    }
}
