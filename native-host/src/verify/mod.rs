//! The verification engine: from a [`Source`] to a [`VerifyResult`].
//!
//! One engine serves the native messaging host, the CLI and the demo. It
//! owns the configuration and the resolver rules, and it is `Sync`, so
//! concurrent requests share it.
//!
//! This build unbakes and classifies badge data; checks it cannot run yet
//! are reported as such (`unverifiable`, with a check naming what is
//! missing), never guessed.

pub mod ob3;
pub mod report;
pub mod summary;

use std::time::Instant;

use serde_json::Value;

use crate::config::Config;
use crate::messages::{
    BadgeFormat, BadgeInfo, CheckName, Rule, Source, Verdict, VerifyOptions, VerifyResult,
};
use crate::resolve::Resolver;
use crate::unbake::{self, BadgeKeyword, Payload, Unbaked};
use report::Report;

/// What this build can do, as `hello` announces it. `did-web` and
/// `status-list` work through [`ob3::Ob3Network`] but join the list only
/// once the engine is connected to the real (safe) fetcher.
pub const CAPABILITIES: &[&str] = &[
    "png",
    "svg",
    "ob3-eddsa-rdfc-2022",
    "ob3-ed25519-2020",
    "ob3-vc-jwt",
    "did-key",
];

pub struct Engine {
    pub config: Config,
    pub resolver: Resolver,
    /// Network access for OB 3.0 (did:web, key documents, status lists);
    /// `None` makes those checks `unverifiable`.
    pub ob3_network: Option<std::sync::Arc<dyn ob3::Ob3Network>>,
}

impl Engine {
    pub fn new(config: Config) -> Engine {
        let resolver = Resolver::new(&config.resolvers);
        for refused in &resolver.refused {
            eprintln!("badgelens: resolver rule refused: {refused}");
        }
        Engine {
            config,
            resolver,
            ob3_network: None,
        }
    }

    pub fn capabilities(&self) -> Vec<&'static str> {
        CAPABILITIES.to_vec()
    }

    pub fn page_patterns(&self) -> Vec<String> {
        self.resolver.page_patterns()
    }

    /// Verifies one badge. Never panics on bad input; every outcome is a result.
    pub async fn verify(&self, source: Source, options: VerifyOptions) -> VerifyResult {
        let started = Instant::now();
        let report = self.verify_source(source, &options).await;
        report.finish(started.elapsed().as_secs_f64() * 1000.0)
    }

    async fn verify_source(&self, source: Source, options: &VerifyOptions) -> Report {
        match source {
            Source::Image { data, .. } => self.verify_image_bytes(&data, options).await,
            Source::Assertion(text) => match unbake::classify(&text) {
                Ok(payload) => self.verify_payload(payload, None, options).await,
                Err(e) => {
                    if text.trim().is_empty() {
                        return Report::not_a_badge("The pasted text is empty.");
                    }
                    let mut r = Report::new();
                    r.fail(CheckName::Parse, Verdict::Invalid, e.to_string());
                    r
                }
            },
            Source::ImageUrl(url) | Source::PageUrl(url) => self.verify_url(&url, options).await,
        }
    }

    async fn verify_image_bytes(&self, data: &[u8], options: &VerifyOptions) -> Report {
        if data.is_empty() {
            return Report::not_a_badge("The image is empty.");
        }
        match unbake::unbake(data) {
            Ok(Unbaked::NotAnImage) => {
                Report::not_a_badge("This is not a PNG or SVG image, so it carries no badge data.")
            }
            Ok(Unbaked::NoBadge { note }) => {
                let mut r = Report::not_a_badge(match &note {
                    Some(n) => format!("No badge data was found in this image ({n})."),
                    None => "No badge data was found in this image.".to_string(),
                });
                if let Some(n) = note {
                    r.warn(CheckName::Unbake, n);
                }
                r
            }
            Err(e) => {
                let mut r = Report::new();
                r.fail(
                    CheckName::Unbake,
                    Verdict::Invalid,
                    format!("The image carries badge data that cannot be read: {e}"),
                );
                r
            }
            Ok(Unbaked::Found(baked)) => {
                let mut r = Report::new();
                match unbake::classify(&baked.text) {
                    Ok(payload) => {
                        let where_ =
                            format!("{} {}", baked.container.as_str(), baked.keyword.as_str());
                        let mut next = self
                            .verify_payload(payload.clone(), Some(baked.keyword), options)
                            .await;
                        next.checks.insert(
                            0,
                            crate::messages::Check::pass(
                                CheckName::Unbake,
                                format!("found {} in the {where_} slot", payload.kind()),
                            ),
                        );
                        next
                    }
                    Err(e) => {
                        r.fail(
                            CheckName::Unbake,
                            Verdict::Invalid,
                            format!("The image's badge data is unreadable: {e}"),
                        );
                        r
                    }
                }
            }
        }
    }

    async fn verify_url(&self, url: &str, _options: &VerifyOptions) -> Report {
        let mut r = Report::new();
        match url::Url::parse(url.trim()) {
            Ok(u) if u.scheme() == "http" || u.scheme() == "https" => {
                r.cannot_check(
                    CheckName::FetchAssertion,
                    "this build of BadgeLens cannot fetch badges from the network yet",
                );
            }
            Ok(u) => r.refused(
                CheckName::FetchAssertion,
                Rule::Scheme,
                format!(
                    "BadgeLens only fetches http and https URLs, not {}:",
                    u.scheme()
                ),
            ),
            Err(e) => return Report::not_a_badge(format!("This is not a URL ({e}).")),
        }
        r
    }

    async fn verify_payload(
        &self,
        payload: Payload,
        slot: Option<BadgeKeyword>,
        options: &VerifyOptions,
    ) -> Report {
        let mut r = Report::new();
        let keyword = slot.unwrap_or_else(|| BadgeKeyword::for_payload(&payload));
        if keyword == BadgeKeyword::OpenBadgeCredential {
            if let Some(report) = self.verify_ob3(&payload, options).await {
                return report;
            }
        }
        match payload {
            Payload::Url(u) if u.scheme() != "http" && u.scheme() != "https" => {
                r.refused(
                    CheckName::FetchAssertion,
                    Rule::Scheme,
                    format!(
                        "the assertion URL uses the {}: scheme; only http and https are fetched",
                        u.scheme()
                    ),
                );
            }
            Payload::Url(_) => {
                r.cannot_check(
                    CheckName::FetchAssertion,
                    "this build of BadgeLens cannot fetch hosted assertions yet",
                );
            }
            Payload::Json(doc) => {
                r.badge = Some(describe_document(&doc, keyword));
                r.pass(CheckName::Parse, "the badge data is a JSON document");
                match keyword {
                    BadgeKeyword::OpenBadgeCredential => r.cannot_check(CheckName::Signature, "this build of BadgeLens cannot verify Open Badges 3.0 proofs yet"),
                    BadgeKeyword::OpenBadges => r.cannot_check(CheckName::FetchAssertion, "this build of BadgeLens cannot fetch hosted assertions from the issuer yet"),
                }
            }
            Payload::Jws(jws) => {
                if let Some(doc) = jws.payload_json() {
                    let doc = doc.get("vc").cloned().unwrap_or(doc);
                    r.badge = Some(describe_document(&doc, keyword));
                }
                r.pass(CheckName::Parse, "the badge data is a compact JWS");
                r.cannot_check(
                    CheckName::Signature,
                    "this build of BadgeLens cannot check signed badges yet",
                );
            }
        }
        r
    }
}

impl Engine {
    /// OB 3.0 credentials (JSON or VC-JWT); `None` for other payloads.
    async fn verify_ob3(&self, payload: &Payload, options: &VerifyOptions) -> Option<Report> {
        let net = match options.cache {
            crate::messages::CacheMode::Offline => None,
            _ => self.ob3_network.as_deref(),
        };
        let ctx = ob3::Ob3Context {
            now: options.now.unwrap_or_else(crate::clock::Timestamp::now),
            recipient: &options.recipient,
            net,
        };
        match payload {
            Payload::Json(doc) => Some(ob3::verify_credential(doc, ctx).await),
            Payload::Jws(jws) => Some(ob3::jwt::verify_jwt(jws, ctx).await),
            Payload::Url(_) => None,
        }
    }
}

/// What an unverified document claims, for the details card. Claims are
/// shown as claims: the verdict says whether they were confirmed.
fn describe_document(doc: &Value, keyword: BadgeKeyword) -> BadgeInfo {
    let s = |v: Option<&Value>| v.and_then(Value::as_str).map(str::to_string);
    match keyword {
        BadgeKeyword::OpenBadgeCredential => {
            let mut b = BadgeInfo::new(BadgeFormat::Ob3);
            let subject = doc.get("credentialSubject");
            let achievement = subject.and_then(|c| c.get("achievement"));
            b.name = s(achievement.and_then(|a| a.get("name"))).or_else(|| s(doc.get("name")));
            b.description = s(achievement.and_then(|a| a.get("description")));
            b.assertion_id = s(doc.get("id"));
            b.issued_on = s(doc.get("validFrom")).or_else(|| s(doc.get("issuanceDate")));
            b.expires = s(doc.get("validUntil")).or_else(|| s(doc.get("expirationDate")));
            match doc.get("issuer") {
                Some(Value::String(id)) => b.issuer.id = Some(id.clone()),
                Some(issuer) => {
                    b.issuer.id = s(issuer.get("id"));
                    b.issuer.name = s(issuer.get("name"));
                    b.issuer.url = s(issuer.get("url"));
                    b.issuer.email = s(issuer.get("email"));
                }
                None => {}
            }
            b
        }
        BadgeKeyword::OpenBadges => {
            let format = if doc.get("@context").is_some() {
                BadgeFormat::Ob2
            } else {
                BadgeFormat::Ob1
            };
            let mut b = BadgeInfo::new(format);
            b.assertion_id = s(doc.get("id")).or_else(|| s(doc.pointer("/verify/url")));
            b.issued_on = doc.get("issuedOn").and_then(|v| {
                v.as_str()
                    .map(str::to_string)
                    .or_else(|| v.as_i64().map(|n| n.to_string()))
            });
            b.expires = s(doc.get("expires"));
            if let Some(badge) = doc.get("badge").filter(|v| v.is_object()) {
                b.name = s(badge.get("name"));
                b.description = s(badge.get("description"));
            }
            if let Some(recipient) = doc.get("recipient") {
                b.recipient.kind = s(recipient.get("type"));
                b.recipient.hashed = recipient
                    .get("hashed")
                    .and_then(Value::as_bool)
                    .unwrap_or(false);
            }
            b
        }
    }
}
