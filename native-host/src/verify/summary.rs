//! The one-sentence summary a recruiter reads, in plain words.

use crate::clock::Timestamp;
use crate::messages::{BadgeInfo, Check, CheckName, CheckStatus, Verdict};

/// Builds the summary from the verdict, what the badge says and the checks.
pub fn summarise(verdict: Verdict, badge: Option<&BadgeInfo>, checks: &[Check]) -> String {
    let what = badge
        .map(describe)
        .unwrap_or_else(|| "this badge".to_string());
    let first_failure = checks
        .iter()
        .find(|c| c.status == CheckStatus::Fail)
        .map(|c| c.message.as_str());
    let first_gap = checks
        .iter()
        .find(|c| {
            matches!(c.status, CheckStatus::Fail | CheckStatus::Skip)
                && c.check != CheckName::Recipient
        })
        .map(|c| c.message.as_str());
    let mismatch = badge.is_some_and(|b| b.recipient.matched == Some(false));
    let mut out = match verdict {
        Verdict::Verified => format!("Verified: {what}."),
        Verdict::Expired => format!(
            "Expired: {what}{}.",
            badge
                .and_then(|b| b.expires.as_deref())
                .map(|e| format!("; it expired on {}", date(e)))
                .unwrap_or_default()
        ),
        Verdict::Revoked => format!(
            "Revoked: the issuer has withdrawn {what}{}.",
            badge
                .and_then(|b| b.revocation_reason.as_deref())
                .map(|r| format!(" (reason: {r})"))
                .unwrap_or_default()
        ),
        Verdict::Invalid => format!(
            "Not genuine: {what} failed verification: {}.",
            first_failure.unwrap_or("a required check failed")
        ),
        Verdict::Unverifiable => {
            let contact = badge.and_then(contact_line).unwrap_or_default();
            // A claim of expiry the badge makes of itself, though unconfirmed.
            let expired = checks
                .iter()
                .find(|c| c.check == CheckName::Expiry && c.status == CheckStatus::Warn)
                .map(|c| format!(" {}.", sentence(&c.message)))
                .unwrap_or_default();
            format!(
                "Could not verify {what}: {}.{expired}{contact}",
                first_gap.unwrap_or("a required check could not run")
            )
        }
        Verdict::NotABadge => "No badge data was found.".to_string(),
    };
    if mismatch && verdict != Verdict::NotABadge {
        out.push_str(" It was not issued to the person you named.");
    }
    out
}

/// "'Cloud Practitioner' issued by Example Academy to a hashed email on 2026-03-02".
fn describe(b: &BadgeInfo) -> String {
    let mut s = match &b.name {
        Some(n) => format!("'{n}'"),
        None => "the badge".to_string(),
    };
    if let Some(issuer) = b.issuer.name.as_deref().or(b.issuer.id.as_deref()) {
        s.push_str(&format!(" issued by {issuer}"));
    }
    let r = &b.recipient;
    let to = match (&r.name, &r.plaintext, r.hashed) {
        (Some(name), _, _) => Some(name.clone()),
        (None, Some(p), _) => Some(p.clone()),
        (None, None, true) => Some(format!("a hashed {}", identity_words(r.kind.as_deref()))),
        _ => None,
    };
    if let Some(to) = to {
        s.push_str(&format!(" to {to}"));
    }
    if let Some(on) = &b.issued_on {
        s.push_str(&format!(" on {}", date(on)));
    }
    s
}

/// An identity type as words ("emailAddress" is "e-mail address"), so the
/// summary reads as a sentence.
fn identity_words(kind: Option<&str>) -> &'static str {
    match kind.map(str::to_ascii_lowercase).as_deref() {
        Some("email" | "emailaddress") => "e-mail address",
        Some("url") => "URL",
        Some("telephone" | "phonenumber" | "phone") => "phone number",
        Some("did") => "DID",
        Some("sourcedid") => "source identifier",
        Some("studentid") => "student ID",
        _ => "identity",
    }
}

/// A check message as a sentence: capital first letter.
fn sentence(message: &str) -> String {
    let mut chars = message.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn date(text: &str) -> String {
    Timestamp::parse(text)
        .map(Timestamp::date)
        .unwrap_or_else(|| text.to_string())
}

/// Who to ask when verification could not run, as Credly's FAQ advises.
fn contact_line(b: &BadgeInfo) -> Option<String> {
    let who = b.issuer.name.as_deref().unwrap_or("the issuer");
    let how = b.issuer.email.as_deref().or(b.issuer.url.as_deref())?;
    Some(format!(" Contact {who} ({how}) to confirm it."))
}
