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
//!
//! Whose word counts (hosting policy, keys, lists) is decided by the shared
//! trust rules in [`crate::verify::authority`]; dates and recipient hashes
//! by [`crate::verify::claims`]; signatures by [`crate::verify::keys`].
//!
//! Files: this one holds the entry points; `hosted.rs` the issuer's copy and
//! its status, `signed.rs` JWS badges, `assertion.rs` what both share,
//! `describe.rs` the details card, [`upgrade`] OB 0.5-1.1 to 2.0.

mod assertion;
mod describe;
mod hosted;
pub mod page;
pub mod recipient;
mod signed;
pub mod upgrade;

use assertion::judge_assertion;
pub use describe::describe;
use describe::describe_more;
use hosted::judge_hosted;
pub use signed::verify_jws;

use serde_json::Value;
use url::Url;

use super::authority::Document;
use super::json::{is_web_url, node_id, one_or_many, same_url};
use super::net::{self, Net};
use super::report::Report;
use crate::cache::Freshness;
use crate::clock::Timestamp;
use crate::fetch::Fetched;
use crate::messages::{CheckName, Verdict, VerifyOptions};

/// Everything one OB 1/2 verification needs from its surroundings.
pub struct Env<'a> {
    pub net: Net<'a>,
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
    /// Fetches a JSON document for `check`, with its provenance; records
    /// why not on failure ([`net::record`]).
    async fn get_doc(
        &self,
        r: &mut Report,
        check: CheckName,
        what: &str,
        url: &str,
        freshness: Freshness,
    ) -> Option<Document> {
        match self.net.json(url, freshness).await {
            Ok(d) => Some(d),
            Err(e) => {
                net::record(r, check, &format!("the {what} at {url}"), &e);
                None
            }
        }
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
            hosted_type_spelling(&up, r);
            judge_hosted(env, &url, Some(&up), None, r).await;
            if r.verdict() == Verdict::Unverifiable {
                own_copy_expired(env, &up.doc, r);
            }
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

/// `"Hosted"` (Apache Training) and other spellings the spec does not use
/// are accepted, with a warning naming the spelling.
fn hosted_type_spelling(up: &upgrade::Upgraded, r: &mut Report) {
    let t = up
        .doc
        .get("verification")
        .and_then(|v| v.get("type"))
        .and_then(Value::as_str);
    if let Some(t) =
        t.filter(|t| !matches!(*t, "hosted" | "HostedBadge") && t.eq_ignore_ascii_case("hosted"))
    {
        r.warn(
            CheckName::Parse,
            format!("the verification type is {t:?}; Open Badges spells it \"hosted\" (accepted as such)"),
        );
    }
}

/// When the issuer's copy could not be consulted, the badge's own claim
/// to have expired is still worth saying (it decides nothing).
fn own_copy_expired(env: &Env<'_>, doc: &Value, r: &mut Report) {
    if let Some(Ok(expires)) = crate::verify::claims::date_of(doc.get("expires")) {
        if expires < env.now {
            r.warn(
                CheckName::Expiry,
                format!("the badge's own copy says it expired on {}", expires.date()),
            );
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
