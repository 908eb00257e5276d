//! The one network seam of verification: every document OB 1/2 and OB 3.0
//! read (assertions, badge classes, profiles, keys, DID documents, lists,
//! schemas) comes through [`Net`], through the safe fetcher and the cache,
//! with its provenance ([`Document`]); and every failure becomes a check
//! through one mapping ([`record`]).

use serde_json::Value;

use super::authority::Document;
use super::report::Report;
use crate::cache::{Cache, Freshness};
use crate::fetch::{FetchContext, FetchError, Fetched, Fetcher, Kind};
use crate::messages::{Check, CheckName, Rule, Verdict};

/// One verification's access to the network: the safe fetcher, the cache,
/// and the verification's budget.
#[derive(Clone, Copy)]
pub struct Net<'a> {
    pub fetcher: &'a Fetcher,
    pub cache: &'a Cache,
    pub ctx: &'a FetchContext,
}

/// Why no usable JSON document came back.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum NetError {
    /// Refused by a network rule, a network failure, or offline with
    /// nothing cached.
    #[error("{0}")]
    Fetch(#[from] FetchError),
    /// No network access was given to this verification (fuzzing, tests).
    #[error("this verification has no network access")]
    NoNetwork,
    /// The server answered with a status other than 2xx.
    #[error("HTTP {0}")]
    Status(u16),
    /// The answer is not a JSON document (a web page, an image, broken JSON).
    #[error("{0}")]
    NotJson(String),
    /// JSON, but not an object: no badge document is shaped so.
    #[error("JSON that is not an object")]
    NotObject,
}

impl NetError {
    /// The network rule to report with the failing check, if any.
    pub fn rule(&self) -> Option<Rule> {
        match self {
            NetError::Fetch(e) => e.rule(),
            _ => None,
        }
    }
}

impl<'a> Net<'a> {
    /// Any answer, whatever its status, through the cache (for callers
    /// that give statuses a meaning: hosted assertions, pages).
    pub async fn fetch(
        &self,
        url: &str,
        kind: Kind,
        freshness: Freshness,
    ) -> Result<Fetched, FetchError> {
        self.cache
            .get(self.fetcher, self.ctx, url, kind, freshness)
            .await
    }

    /// A JSON object with its provenance. Issuer data is `Cached`; what
    /// carries revocation status is `Live` (always fetched, except offline).
    pub async fn json(&self, url: &str, freshness: Freshness) -> Result<Document, NetError> {
        let f = self.fetch(url, Kind::Json, freshness).await?;
        document(&f)
    }
}

/// The JSON object of a 2xx answer, with its provenance; else why not.
pub fn document(f: &Fetched) -> Result<Document, NetError> {
    if !f.is_success() {
        return Err(NetError::Status(f.status));
    }
    if let Some(t) = f.non_json_content_type() {
        return Err(NetError::NotJson(format!("{t}, not JSON")));
    }
    match f.json() {
        Ok(v @ Value::Object(_)) => Ok(Document::new(v, f)),
        Ok(_) => Err(NetError::NotObject),
        Err(e) => Err(NetError::NotJson(e)),
    }
}

/// The one mapping from a failed fetch to a check: a refusal names its
/// rule (`unverifiable`), offline or no network cannot check (a skipped
/// check, `unverifiable`), a document that is not an object is `invalid`,
/// anything else `unverifiable`. `what` names the document ("the issuer
/// profile at https://...").
pub fn failure(check: CheckName, what: &str, e: &NetError) -> (Check, Verdict) {
    match e {
        NetError::Fetch(FetchError::Refused { rule, message }) => (
            Check::fail(check, format!("{what} could not be fetched: {message}")).with_rule(*rule),
            Verdict::Unverifiable,
        ),
        NetError::Fetch(FetchError::Offline) | NetError::NoNetwork => (
            Check::skip(check, format!("{what} could not be consulted: {e}")),
            Verdict::Unverifiable,
        ),
        NetError::NotObject => (
            Check::fail(check, format!("{what} is {e}")),
            Verdict::Invalid,
        ),
        NetError::Status(_) => (
            Check::fail(check, format!("{what} could not be fetched ({e})")),
            Verdict::Unverifiable,
        ),
        _ => (
            Check::fail(check, format!("{what}: {e}")),
            Verdict::Unverifiable,
        ),
    }
}

/// Records [`failure`] on the report.
pub fn record(r: &mut Report, check: CheckName, what: &str, e: &NetError) {
    let (c, verdict) = failure(check, what, e);
    r.record(c, verdict);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fetch::Provenance;
    use url::Url;

    fn answer(status: u16, content_type: Option<&str>, body: &str) -> Fetched {
        let url = Url::parse("https://issuer.example/key.json").unwrap();
        Fetched {
            provenance: Provenance::direct(&url),
            url,
            status,
            content_type: content_type.map(str::to_string),
            body: body.as_bytes().to_vec(),
            etag: None,
            last_modified: None,
        }
    }

    #[test]
    fn only_a_json_object_of_a_2xx_answer_is_a_document() {
        let doc = r#"{"id":"https://issuer.example/key.json"}"#;
        assert!(document(&answer(200, Some("application/ld+json"), doc)).is_ok());
        assert_eq!(
            document(&answer(404, None, doc)).unwrap_err(),
            NetError::Status(404)
        );
        assert!(matches!(
            document(&answer(200, Some("text/html"), doc)),
            Err(NetError::NotJson(_))
        ));
        assert_eq!(
            document(&answer(200, None, "[1]")).unwrap_err(),
            NetError::NotObject
        );
        // One mapping: not an object is invalid, a refusal names its rule.
        let (_, v) = failure(
            CheckName::IssuerProfile,
            "the profile",
            &NetError::NotObject,
        );
        assert_eq!(v, Verdict::Invalid);
        let refused = NetError::Fetch(FetchError::Refused {
            rule: Rule::PrivateAddress,
            message: "no".into(),
        });
        let (c, v) = failure(CheckName::KeyOwner, "the key", &refused);
        assert_eq!(
            (c.rule, v),
            (Some(Rule::PrivateAddress), Verdict::Unverifiable)
        );
    }
}
