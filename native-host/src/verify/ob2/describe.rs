//! What the documents say, for the details card (claims shown as claims).

use serde_json::Value;

use super::upgrade;
use super::*;
use crate::cache::Freshness;
use crate::messages::{BadgeFormat, BadgeInfo, CheckName};
use crate::verify::claims::date_of;
use crate::verify::report::Report;

/// A badge whose hosted copy could not be judged (revoked, gone, not found)
/// is still described as far as the issuer's data allows (name, issuer and
/// its contact, recipient match); nothing fetched here changes the verdict.
pub(super) async fn describe_more(env: &Env<'_>, doc: &Value, r: &mut Report) {
    let reason = r.badge.as_ref().and_then(|b| b.revocation_reason.clone());
    let mut scratch = Report::new();
    let class = badge_class_of(env, doc, &mut scratch).await;
    let issuer = match class.as_ref().and_then(|c| c.get("issuer")) {
        Some(Value::String(u)) => env
            .get_doc(
                &mut scratch,
                CheckName::IssuerProfile,
                "issuer profile",
                u,
                Freshness::Cached,
            )
            .await
            .map(|d| d.value),
        Some(v @ Value::Object(_)) => Some(v.clone()),
        _ => None,
    };
    let mut info = describe(doc, class.as_ref(), issuer.as_ref());
    info.revocation_reason = reason;
    info.recipient.matched = recipient::matches(doc.get("recipient"), &env.options.recipient);
    r.badge = Some(info);
}

/// The assertion's badge class: embedded, or fetched from its URL (a failed
/// fetch is recorded in `r`).
pub(super) async fn badge_class_of(env: &Env<'_>, doc: &Value, r: &mut Report) -> Option<Value> {
    match doc.get("badge") {
        Some(Value::String(u)) => env
            .get_doc(
                r,
                CheckName::BadgeClass,
                "badge class",
                u,
                Freshness::Cached,
            )
            .await
            .map(|d| d.value),
        Some(v @ Value::Object(_)) => Some(v.clone()),
        _ => None,
    }
}

/// What the documents say, for the details card.
pub fn describe(doc: &Value, badge_class: Option<&Value>, issuer: Option<&Value>) -> BadgeInfo {
    let s = |v: Option<&Value>| v.and_then(Value::as_str).map(str::to_string);
    // 0.5 / 1.0 (no context) and 1.1 (the v1 context) are `ob1`.
    let format = match crate::contexts::check(doc.get("@context")) {
        Ok(crate::contexts::ObContext::V2) => BadgeFormat::Ob2,
        Ok(_) => BadgeFormat::Ob1,
        Err(_) if doc.get("@context").is_some() => BadgeFormat::Ob2,
        Err(_) => BadgeFormat::Ob1,
    };
    let mut b = BadgeInfo::new(format);
    let verification = doc.get("verification").or_else(|| doc.get("verify"));
    b.verification = verification.map(|v| {
        if upgrade::is_signed_type(v.get("type")) {
            "signed".to_string()
        } else {
            "hosted".to_string()
        }
    });
    b.assertion_id = s(doc.get("id")).or_else(|| s(doc.pointer("/verify/url")));
    b.issued_on = match date_of(doc.get("issuedOn")) {
        Some(Ok(t)) => Some(t.to_rfc3339()),
        _ => s(doc.get("issuedOn")),
    };
    b.expires = match date_of(doc.get("expires")) {
        Some(Ok(t)) => Some(t.to_rfc3339()),
        _ => s(doc.get("expires")),
    };
    let class = badge_class.or_else(|| doc.get("badge").filter(|v| v.is_object()));
    if let Some(c) = class {
        b.name = s(c.get("name"));
        b.description = s(c.get("description"));
        b.image = s(c.get("image")).or_else(|| s(c.pointer("/image/id")));
        b.criteria_url = s(c.get("criteria"))
            .or_else(|| s(c.pointer("/criteria/id")))
            .or_else(|| s(c.pointer("/criteria/url")));
    }
    let issuer = issuer.or_else(|| {
        class
            .and_then(|c| c.get("issuer"))
            .filter(|v| v.is_object())
    });
    if let Some(i) = issuer {
        b.issuer.id = s(i.get("id"));
        b.issuer.name = s(i.get("name"));
        b.issuer.url = s(i.get("url")).or_else(|| s(i.get("origin")));
        b.issuer.email = s(i.get("email"));
    } else if let Some(Value::String(id)) = class.and_then(|c| c.get("issuer")) {
        b.issuer.id = Some(id.clone());
    }
    match doc.get("recipient") {
        Some(Value::Object(rcp)) => {
            b.recipient.kind = s(rcp.get("type"));
            let identity = s(rcp.get("identity"));
            b.recipient.hashed = rcp
                .get("hashed")
                .and_then(Value::as_bool)
                .unwrap_or_else(|| identity.as_deref().is_some_and(|i| i.contains('$')));
            if !b.recipient.hashed {
                b.recipient.plaintext = identity;
            }
        }
        Some(Value::String(p)) => {
            b.recipient.kind = Some("email".into());
            b.recipient.plaintext = Some(p.clone());
        }
        _ => {}
    }
    b.recipient.name = s(doc.pointer("/recipient/name"))
        .or_else(|| s(doc.pointer("/extensions:recipientProfile/name")));
    b.evidence = match doc.get("evidence") {
        Some(Value::Array(a)) => a.clone(),
        Some(Value::Null) | None => Vec::new(),
        Some(v) => vec![v.clone()],
    };
    b
}
