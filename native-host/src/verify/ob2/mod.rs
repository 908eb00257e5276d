//! Open Badges 0.5 / 1.0 / 1.1 / 2.0: hosted and signed verification.
//!
//! Follows 1EdTech's Open Badges 2.0 "Verification and Data Validation",
//! with PROTOCOL.md's verdict rules:
//!
//! - older documents are upgraded to 2.0 semantics first ([`upgrade`]);
//! - hosted: the copy in an image or a paste is only a pointer. The
//!   assertion is fetched from its `id` (OB 1.0: `verify.url`) and that copy
//!   is judged; 410 Gone or `revoked: true` is `revoked`, 404 and 5xx are
//!   `unverifiable`; the embedded copy must agree on identity-bearing fields
//!   (`hosted_match`); the `id` must be in the issuer's verification scope;
//! - signed: RS256 only, the key taken from the issuer profile's
//!   `publicKey` (narrowed by `verification.creator`), owned by the issuer,
//!   and the issuer's `revocationList` consulted;
//! - both: BadgeClass and Issuer Profile fetched and validated, the dates
//!   judged against `now`, the recipient compared with `options.recipient`.

pub mod page;
pub mod recipient;
pub mod upgrade;

use serde_json::Value;
use url::Url;

use super::authority::{self, origin_of, Document, HostingPolicy};
use super::claims::{self, date_of};
use super::keys::{self, SigAlg};
use super::report::Report;
use crate::cache::{Cache, Freshness};
use crate::clock::Timestamp;
use crate::fetch::{FetchContext, FetchError, Fetched, Fetcher, Kind};
use crate::messages::{BadgeFormat, BadgeInfo, CheckName, Verdict, VerifyOptions};
use crate::unbake::CompactJws;
use upgrade::Upgraded;

/// Everything one OB 1/2 verification needs from its surroundings.
pub struct Env<'a> {
    pub fetcher: &'a Fetcher,
    pub cache: &'a Cache,
    pub ctx: &'a FetchContext,
    pub options: &'a VerifyOptions,
    pub now: Timestamp,
}

/// How the assertion under judgement reached us.
enum Mode<'a> {
    /// Fetched from the issuer's server (the hosted copy).
    Hosted { fetched: &'a Fetched },
    /// The payload of a JWS whose signature is checked afterwards.
    Signed,
}

/// What judging an assertion found, for the signed checks that follow.
struct Judged {
    doc: Value,
    issuer: Option<Value>,
}

impl Env<'_> {
    async fn get(&self, url: &str, freshness: Freshness) -> Result<Fetched, FetchError> {
        self.cache
            .get(self.fetcher, self.ctx, url, Kind::Json, freshness)
            .await
    }

    /// Fetches a JSON document for `check`, with its provenance; records
    /// why not on failure.
    async fn get_doc(
        &self,
        r: &mut Report,
        check: CheckName,
        what: &str,
        url: &str,
        freshness: Freshness,
    ) -> Option<Document> {
        let f = match self.get(url, freshness).await {
            Ok(f) => f,
            Err(e) => {
                record_fetch_error(r, check, &format!("cannot fetch the {what}"), &e);
                return None;
            }
        };
        if !f.is_success() {
            r.fail(
                check,
                Verdict::Unverifiable,
                format!(
                    "the {what} at {url} could not be fetched (HTTP {})",
                    f.status
                ),
            );
            return None;
        }
        if let Some(t) = f.non_json_content_type() {
            r.fail(
                check,
                Verdict::Unverifiable,
                format!("the {what} at {url} is {t}, not JSON"),
            );
            return None;
        }
        match f.json() {
            Ok(v @ Value::Object(_)) => Some(Document::new(v, &f)),
            Ok(_) => {
                r.fail(
                    check,
                    Verdict::Invalid,
                    format!("the {what} at {url} is not a JSON object"),
                );
                None
            }
            Err(e) => {
                r.fail(
                    check,
                    Verdict::Unverifiable,
                    format!("the {what} at {url}: {e}"),
                );
                None
            }
        }
    }
}

/// Records a failed or refused fetch on `check`.
pub fn record_fetch_error(r: &mut Report, check: CheckName, what: &str, e: &FetchError) {
    match e {
        FetchError::Refused { rule, message } => {
            r.refused(check, *rule, format!("{what}: {message}"))
        }
        FetchError::Offline => r.cannot_check(
            check,
            format!("{what}: offline, and it is not in the cache"),
        ),
        other => r.fail(check, Verdict::Unverifiable, format!("{what}: {other}")),
    }
}

/// A JSON document that claims to be an OB 0.5-2.0 assertion (from an image
/// or a paste). Hosted ones are judged by the issuer's copy.
pub async fn verify_json(env: &Env<'_>, doc: Value, r: &mut Report) {
    let up = match upgrade::upgrade(&doc) {
        Ok(up) => up,
        Err(e) if e.verdict == Verdict::NotABadge => {
            *r = Report::not_a_badge(e.message);
            return;
        }
        Err(e) => {
            r.badge = Some(describe(&doc, None, None));
            r.fail(CheckName::Parse, e.verdict, e.message);
            return;
        }
    };
    match up.hosted_url() {
        Some(url) => {
            r.pass(
                CheckName::Parse,
                format!("an Open Badges {} hosted assertion", up.version),
            );
            judge_hosted(env, &url, Some(&up), None, r).await
        }
        None if up.is_signed() => {
            r.badge = Some(describe(&up.doc, None, None));
            r.pass(
                CheckName::Parse,
                format!("an Open Badges {} assertion", up.version),
            );
            r.cannot_check(
                CheckName::Signature,
                "this assertion says it is signed, but only its JSON was given; the signature (the compact JWS the issuer made) is needed to check it",
            );
        }
        None => {
            r.badge = Some(describe(&up.doc, None, None));
            r.pass(
                CheckName::Parse,
                format!("an Open Badges {} assertion", up.version),
            );
            // A hosted id such as `javascript:` or `data:` is a refused
            // scheme (PROTOCOL.md), not a missing hosted copy.
            let bad_scheme = up
                .doc
                .get("id")
                .and_then(Value::as_str)
                .filter(|_| up.is_hosted())
                .and_then(|id| Url::parse(id).ok())
                .filter(|u| !matches!(u.scheme(), "http" | "https"));
            match bad_scheme {
                Some(u) => r.refused(
                    CheckName::FetchAssertion,
                    crate::messages::Rule::Scheme,
                    format!(
                        "the issuer's copy would be at a {}: address; only http and https are fetched",
                        u.scheme()
                    ),
                ),
                None => r.cannot_check(
                    CheckName::FetchAssertion,
                    format!(
                        "this Open Badges {} assertion names no hosted copy to check it against",
                        up.version
                    ),
                ),
            }
        }
    }
}

/// An assertion URL (baked in an image, pasted, or resolved from a page):
/// fetch and judge the issuer's copy.
pub async fn verify_hosted_url(env: &Env<'_>, url: &str, r: &mut Report) {
    judge_hosted(env, url, None, None, r).await
}

/// A document already fetched from `fetched.url` (the CLI's URL sniffing).
pub async fn verify_fetched(env: &Env<'_>, fetched: Fetched, r: &mut Report) {
    let url = fetched.url.to_string();
    judge_hosted(env, &url, None, Some(fetched), r).await
}

/// The hosted flow: fetch `url`, handle status, judge, compare with `embedded`.
async fn judge_hosted(
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
        None => match env.get(url, Freshness::Live).await {
            Ok(f) => f,
            Err(e) => {
                record_fetch_error(
                    r,
                    CheckName::FetchAssertion,
                    "cannot fetch the assertion from the issuer",
                    &e,
                );
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
                        match env.get(&id, Freshness::Live).await {
                            Ok(f) => {
                                fetched = f;
                                continue;
                            }
                            Err(e) => {
                                record_fetch_error(
                                    r,
                                    CheckName::FetchAssertion,
                                    "cannot fetch the assertion from its id",
                                    &e,
                                );
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
        let mut info = describe(&up.doc, None, None);
        info.revocation_reason = up
            .doc
            .get("revocationReason")
            .and_then(Value::as_str)
            .map(str::to_string);
        r.badge = Some(info);
        r.pass(
            CheckName::FetchAssertion,
            format!(
                "the issuer's server at {} answered",
                origin_of(fetched.url.as_str())
            ),
        );
        r.fail(
            CheckName::Revocation,
            Verdict::Revoked,
            "the issuer marks this assertion as revoked",
        );
        if embedded.is_some() {
            r.skip(
                CheckName::HostedMatch,
                "not compared: the issuer revoked this badge",
            );
        }
        describe_more(env, &up.doc, r).await;
        return;
    }
    if let Some(e) = embedded {
        compare_hosted(&e.doc, &up.doc, r);
    }
    judge_assertion(env, up, Mode::Hosted { fetched: &fetched }, r).await;
}

/// A badge whose hosted copy could not be judged (revoked, gone, not found)
/// is still described as far as the issuer's data allows (name, issuer and
/// its contact, recipient match); nothing fetched here changes the verdict.
async fn describe_more(env: &Env<'_>, doc: &Value, r: &mut Report) {
    let reason = r.badge.as_ref().and_then(|b| b.revocation_reason.clone());
    let mut scratch = Report::new();
    let class = match doc.get("badge") {
        Some(Value::String(u)) => env
            .get_doc(
                &mut scratch,
                CheckName::BadgeClass,
                "badge class",
                u,
                Freshness::Cached,
            )
            .await
            .map(|d| d.value),
        Some(v @ Value::Object(_)) => Some(v.clone()),
        _ => None,
    };
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

/// Judges the status of a hosted fetch; `Some(doc)` when there is a document to judge.
fn hosted_status(f: &Fetched, r: &mut Report) -> Option<Value> {
    let origin = origin_of(f.url.as_str());
    match f.status {
        410 => {
            let reason = f.json().ok().and_then(|v| {
                v.get("revocationReason")
                    .and_then(Value::as_str)
                    .map(str::to_string)
            });
            if let Some(b) = r.badge.as_mut() {
                b.revocation_reason = reason;
            }
            r.pass(
                CheckName::FetchAssertion,
                format!("the issuer's server at {origin} answered"),
            );
            r.fail(
                CheckName::Revocation,
                Verdict::Revoked,
                "the issuer's server says this badge is gone (HTTP 410): it was revoked",
            );
            r.skip(
                CheckName::HostedMatch,
                "not compared: the issuer revoked this badge",
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
                        if let Some(b) = r.badge.as_mut() {
                            b.revocation_reason = v
                                .get("revocationReason")
                                .and_then(Value::as_str)
                                .map(str::to_string);
                        }
                        r.pass(
                            CheckName::FetchAssertion,
                            format!("the issuer's server at {origin} answered"),
                        );
                        r.fail(
                            CheckName::Revocation,
                            Verdict::Revoked,
                            "the issuer marks this badge as revoked",
                        );
                        r.skip(
                            CheckName::HostedMatch,
                            "not compared: the issuer revoked this badge",
                        );
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

/// Identity-bearing fields must agree between the embedded and hosted copies.
fn compare_hosted(embedded: &Value, hosted: &Value, r: &mut Report) {
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
fn same_field(key: &str, a: Option<&Value>, b: Option<&Value>) -> bool {
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
            let creator = |v: &Value| v.get("creator").and_then(node_id_str);
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

fn same_value(a: Option<&Value>, b: Option<&Value>) -> bool {
    match (a, b) {
        (Some(Value::String(x)), Some(Value::String(y))) if x != y => {
            matches!((Timestamp::parse(x), Timestamp::parse(y)), (Some(p), Some(q)) if p == q)
        }
        _ => a == b,
    }
}

fn is_web_url(s: &str) -> bool {
    Url::parse(s).is_ok_and(|u| matches!(u.scheme(), "http" | "https") && u.has_host())
}

fn same_url(a: &str, b: &str) -> bool {
    match (Url::parse(a), Url::parse(b)) {
        (Ok(x), Ok(y)) => x == y,
        _ => a == b,
    }
}

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
    if up.version == "1.0" || up.version == "0.5" {
        // OB 1.0 signed badges name their key by `verify.url` on the issuer's
        // origin, with no key document or owner: a different scheme, not
        // built yet. Saying "invalid" would wrong genuine badges.
        r.cannot_check(
            CheckName::Signature,
            format!(
                "Open Badges {} signed badges cannot be checked by this version of BadgeLens",
                up.version
            ),
        );
        return;
    }
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
    check_signature(env, &token, &judged.doc, &issuer, r).await;
    check_revocation_list(env, &judged.doc, &issuer, r).await;
}

fn ids_of(v: Option<&Value>) -> Vec<Value> {
    match v {
        Some(Value::Array(a)) => a.clone(),
        Some(Value::Null) | None => Vec::new(),
        Some(other) => vec![other.clone()],
    }
}

fn node_id(v: &Value) -> Option<&str> {
    match v {
        Value::String(s) => Some(s),
        Value::Object(o) => o.get("id").and_then(Value::as_str),
        _ => None,
    }
}

async fn check_signature(env: &Env<'_>, token: &str, doc: &Value, issuer: &Value, r: &mut Report) {
    let issuer_id = issuer
        .get("id")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    let creator = doc.pointer("/verification/creator").and_then(Value::as_str);
    let mut keys = ids_of(issuer.get("publicKey"));
    if keys.is_empty() {
        r.fail(
            CheckName::KeyOwner,
            Verdict::Invalid,
            "the issuer profile lists no public key, so no signature can be its own",
        );
        return;
    }
    if let Some(c) = creator {
        keys.retain(|k| node_id(k).is_some_and(|id| same_url(id, c)));
        if keys.is_empty() {
            r.fail(
                CheckName::KeyOwner,
                Verdict::Invalid,
                format!(
                    "the badge was signed with the key {c}, which is not one of the issuer's keys"
                ),
            );
            return;
        }
    }
    let mut last_error = None;
    for key in keys.iter().take(8) {
        let key_doc = match key {
            Value::Object(_) if key.get("publicKeyPem").is_some() => key.clone(),
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

async fn check_revocation_list(env: &Env<'_>, doc: &Value, issuer: &Value, r: &mut Report) {
    let Some(list_url) = issuer.get("revocationList").and_then(node_id_str) else {
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
    let entries = ids_of(list.get("revokedAssertions"));
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

fn node_id_str(v: &Value) -> Option<String> {
    node_id(v).map(str::to_string)
}

/// The checks common to hosted and signed: document shape, BadgeClass,
/// Issuer Profile, issuer scope (hosted), dates and recipient.
async fn judge_assertion(
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
        if env.ctx.cache == crate::messages::CacheMode::Offline {
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
async fn fetch_issuer_profile(env: &Env<'_>, url: &str, r: &mut Report) -> Option<Value> {
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
async fn judge_issuer_scope(
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
fn judge_dates(env: &Env<'_>, doc: &Value, r: &mut Report) {
    let issued = date_of(doc.get("issuedOn"))
        .and_then(|claim| claims::judge_issued(r, "issuedOn", claim, env.now));
    match date_of(doc.get("expires")) {
        None => r.pass(CheckName::Expiry, "it does not expire"),
        Some(claim) => claims::judge_expiry(r, "expires", claim, issued, env.now),
    }
}

fn judge_recipient(env: &Env<'_>, doc: &Value, r: &mut Report) {
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
