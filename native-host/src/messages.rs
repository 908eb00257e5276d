//! The wire vocabulary of protocol 1: requests, results, verdicts and checks.
//!
//! Everything the extension, the CLI's `--json` output and outside tests see is
//! defined here, so the contract lives in one file. Field names follow the
//! protocol exactly; add fields freely, never rename one without bumping
//! [`PROTOCOL_VERSION`].

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::clock::Timestamp;

/// The protocol number `hello` announces.
pub const PROTOCOL_VERSION: u32 = 1;
/// Product name announced by `hello`.
pub const PRODUCT: &str = "BadgeLens";
/// The host's own version, from Cargo.toml.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// A request id as the caller chose it: a string or a number, echoed verbatim.
pub type RequestId = Value;

/// Where the badge to verify comes from (exactly one per request).
#[derive(Debug, Clone, PartialEq)]
pub enum Source {
    /// Image bytes the extension fetched, with optional hints.
    Image {
        data: Vec<u8>,
        mime: Option<String>,
        url: Option<String>,
    },
    /// An image URL the host fetches itself.
    ImageUrl(String),
    /// A badge's public page or credential link, mapped by the resolver rules.
    PageUrl(String),
    /// Pasted text: assertion JSON, a compact JWS/JWT or an assertion URL.
    Assertion(String),
}

impl Source {
    /// A short description of the source for logs and the CLI.
    pub fn describe(&self) -> String {
        match self {
            Source::Image { url: Some(u), .. } => format!("image {u}"),
            Source::Image { data, .. } => format!("image ({} bytes)", data.len()),
            Source::ImageUrl(u) => format!("image_url {u}"),
            Source::PageUrl(u) => format!("page_url {u}"),
            Source::Assertion(_) => "assertion text".to_string(),
        }
    }
}

/// How the cache may be used for one verification.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CacheMode {
    /// Use cached issuer data within its TTL (default).
    #[default]
    Use,
    /// Fetch everything again.
    Refresh,
    /// No network: answer from the cache or say `unverifiable`.
    Offline,
}

/// The `options` object of a `verify` request.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct VerifyOptions {
    /// Identities (emails, URLs, phone numbers) to test the recipient against.
    pub recipient: Vec<String>,
    /// The time that governs every date comparison; `None` means the clock.
    pub now: Option<Timestamp>,
    pub cache: CacheMode,
}

/// A parsed request. Parsing lives in [`crate::dispatch`].
#[derive(Debug, Clone, PartialEq)]
pub enum Request {
    Hello {
        id: RequestId,
    },
    Verify {
        id: RequestId,
        source: Source,
        options: VerifyOptions,
    },
}

/// One of the six verdicts, in the protocol's spelling.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Hash)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Verified,
    Expired,
    Revoked,
    Invalid,
    Unverifiable,
    NotABadge,
}

impl Verdict {
    /// Rank for the precedence rule `invalid > revoked > expired > unverifiable > verified`.
    /// `not_a_badge` never competes: it is only given when there is no badge at all.
    pub fn severity(self) -> u8 {
        match self {
            Verdict::Verified => 0,
            Verdict::NotABadge => 0,
            Verdict::Unverifiable => 1,
            Verdict::Expired => 2,
            Verdict::Revoked => 3,
            Verdict::Invalid => 4,
        }
    }

    /// The more severe of two verdicts, by the protocol's precedence.
    pub fn worst(self, other: Verdict) -> Verdict {
        if other.severity() > self.severity() {
            other
        } else {
            self
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Verified => "verified",
            Verdict::Expired => "expired",
            Verdict::Revoked => "revoked",
            Verdict::Invalid => "invalid",
            Verdict::Unverifiable => "unverifiable",
            Verdict::NotABadge => "not_a_badge",
        }
    }

    /// The CLI exit code class of this verdict (0, 1 or 2).
    pub fn exit_class(self) -> u8 {
        match self {
            Verdict::Verified => 0,
            Verdict::Invalid | Verdict::Revoked | Verdict::Expired => 1,
            Verdict::Unverifiable | Verdict::NotABadge => 2,
        }
    }
}

impl std::fmt::Display for Verdict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The check names of protocol 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Hash)]
#[serde(rename_all = "snake_case")]
pub enum CheckName {
    Unbake,
    Parse,
    FetchAssertion,
    HostedMatch,
    Signature,
    KeyOwner,
    IssuerOrigin,
    BadgeClass,
    IssuerProfile,
    Revocation,
    Expiry,
    IssuedOn,
    Recipient,
    Schema,
    Transport,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Hash)]
#[serde(rename_all = "lowercase")]
pub enum CheckStatus {
    Pass,
    Fail,
    Warn,
    Skip,
}

/// The network rule that refused a fetch, carried by the failing check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Hash)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    Scheme,
    PrivateAddress,
    Redirects,
    Timeout,
    MaxBytes,
    FetchCount,
    /// A fact came from a document that does not speak for it: an embedded
    /// or redirected profile, a key document's own claim, a list on
    /// another site (the trust rules in `verify::authority`).
    Authority,
}

/// One entry of `checks`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Check {
    pub check: CheckName,
    pub status: CheckStatus,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub rule: Option<Rule>,
}

impl Check {
    pub fn new(check: CheckName, status: CheckStatus, message: impl Into<String>) -> Self {
        Check {
            check,
            status,
            message: message.into(),
            rule: None,
        }
    }
    pub fn pass(check: CheckName, message: impl Into<String>) -> Self {
        Self::new(check, CheckStatus::Pass, message)
    }
    pub fn fail(check: CheckName, message: impl Into<String>) -> Self {
        Self::new(check, CheckStatus::Fail, message)
    }
    pub fn warn(check: CheckName, message: impl Into<String>) -> Self {
        Self::new(check, CheckStatus::Warn, message)
    }
    pub fn skip(check: CheckName, message: impl Into<String>) -> Self {
        Self::new(check, CheckStatus::Skip, message)
    }
    pub fn with_rule(mut self, rule: Rule) -> Self {
        self.rule = Some(rule);
        self
    }
}

/// `badge.format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BadgeFormat {
    Ob1,
    Ob2,
    Ob3,
}

/// `badge.issuer`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct IssuerInfo {
    pub id: Option<String>,
    /// Self-chosen by the issuer: a claim, shown as one.
    pub name: Option<String>,
    /// Self-chosen by the issuer: a claim, never a verified domain.
    pub url: Option<String>,
    pub email: Option<String>,
    /// How the issuer is identified by authority: `domain`, `registry`,
    /// `key` (a bare key: nothing ties it to a name), or `null` when the
    /// verdict is not backed by the issuer's authority.
    #[serde(default)]
    pub identified_by: Option<String>,
    /// The web domain the issuer is bound to by authority (the host of its
    /// profile's id, answered there, or of its `did:web`), else `null`.
    #[serde(default)]
    pub domain: Option<String>,
    /// The configured registry that lists the issuer, else `null`.
    #[serde(default)]
    pub registry: Option<String>,
    /// The name that registry gives the issuer (the registry's word, not
    /// the issuer's), else `null`.
    #[serde(default)]
    pub registered_name: Option<String>,
}

/// How an issuer is identified, as proved by its authority.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IssuerIdentity {
    /// Bound to a web domain (an https issuer's profile answered at its id,
    /// or a `did:web`).
    Domain(String),
    /// Listed in a configured issuer registry: the registry's name, the
    /// name it gives the issuer, and the domain if one is proved too.
    Registry {
        registry: String,
        listed_as: Option<String>,
        domain: Option<String>,
    },
    /// A bare key (`did:key`, `did:jwk`): signed, but nothing ties the key
    /// to a name.
    Key,
}

impl IssuerIdentity {
    pub fn write_to(self, issuer: &mut IssuerInfo) {
        match self {
            IssuerIdentity::Domain(d) => {
                issuer.identified_by = Some("domain".into());
                issuer.domain = Some(d);
            }
            IssuerIdentity::Registry {
                registry,
                listed_as,
                domain,
            } => {
                issuer.identified_by = Some("registry".into());
                issuer.registry = Some(registry);
                issuer.registered_name = listed_as;
                issuer.domain = domain;
            }
            IssuerIdentity::Key => issuer.identified_by = Some("key".into()),
        }
    }
}

/// `badge.recipient`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RecipientInfo {
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub hashed: bool,
    pub plaintext: Option<String>,
    pub name: Option<String>,
    pub matched: Option<bool>,
}

/// The `badge` object: what the badge says, filled as far as the data allows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BadgeInfo {
    pub format: BadgeFormat,
    /// `hosted`, `signed`, `eddsa-rdfc-2022`, `Ed25519Signature2020` or `vc-jwt`.
    pub verification: Option<String>,
    pub name: Option<String>,
    pub description: Option<String>,
    pub image: Option<String>,
    pub criteria_url: Option<String>,
    pub issuer: IssuerInfo,
    pub assertion_id: Option<String>,
    pub issued_on: Option<String>,
    pub expires: Option<String>,
    pub recipient: RecipientInfo,
    pub evidence: Vec<Value>,
    pub revocation_reason: Option<String>,
}

impl BadgeInfo {
    pub fn new(format: BadgeFormat) -> Self {
        BadgeInfo {
            format,
            verification: None,
            name: None,
            description: None,
            image: None,
            criteria_url: None,
            issuer: IssuerInfo::default(),
            assertion_id: None,
            issued_on: None,
            expires: None,
            recipient: RecipientInfo::default(),
            evidence: Vec::new(),
            revocation_reason: None,
        }
    }
}

/// The body of a `result` response (without `type` and `id`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VerifyResult {
    pub verdict: Verdict,
    pub summary: String,
    pub badge: Option<BadgeInfo>,
    pub checks: Vec<Check>,
    pub elapsed_ms: f64,
    #[serde(skip_serializing_if = "std::ops::Not::not", default)]
    pub truncated: bool,
}

/// Error codes of the `error` response.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    BadRequest,
    FrameTooLarge,
    UnsupportedType,
    Internal,
}

/// Everything the host writes, tagged by `type`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum Response {
    Hello {
        id: RequestId,
        product: &'static str,
        version: &'static str,
        protocol: u32,
        capabilities: Vec<&'static str>,
        page_patterns: Vec<String>,
    },
    Result {
        id: RequestId,
        #[serde(flatten)]
        result: Box<VerifyResult>,
    },
    Error {
        id: RequestId,
        code: ErrorCode,
        message: String,
    },
}

impl Response {
    pub fn error(id: RequestId, code: ErrorCode, message: impl Into<String>) -> Self {
        Response::Error {
            id,
            code,
            message: message.into(),
        }
    }
}
