//! The verification engine: from a [`Source`] to a [`VerifyResult`].
//!
//! One engine serves the native messaging host, the CLI and the demo. It
//! owns the configuration and the resolver rules, and it is `Sync`, so
//! concurrent requests share it.
//!
//! Open Badges 0.5-2.0 (hosted and signed) are verified in [`ob2`], Open
//! Badges 3.0 credentials in [`ob3`]. Every fetch of both goes through the
//! safe [`crate::fetch`] and the [`crate::cache`], with one
//! [`FetchContext`] (time budget, fetch count) per verification.
//! Checks this build cannot run are reported as such (`unverifiable`, with a
//! check naming what is missing), never guessed.

pub mod authority;
pub mod claims;
pub mod json;
pub mod keys;
pub mod net;
pub mod ob2;
pub mod ob3;
pub mod registry;
pub mod report;
pub mod summary;

use std::time::Instant;

use crate::cache::{Cache, Freshness};
use crate::clock::Timestamp;
use crate::config::Config;
use crate::fetch::{FetchContext, Fetcher, Kind};
use crate::messages::{CheckName, Rule, Source, Verdict, VerifyOptions, VerifyResult};
use crate::resolve::Resolver;
use crate::unbake::{self, BadgeKeyword, Container, Payload, Unbaked};
use net::Net;
use report::Report;

/// What this build can do, as `hello` announces it.
pub const CAPABILITIES: &[&str] = &[
    "png",
    "svg",
    "ob1",
    "ob2-hosted",
    "ob2-signed",
    "resolve-page-url",
    "recipient-check",
    "cache",
    "ob3-eddsa-rdfc-2022",
    "ob3-ed25519-2020",
    "ob3-ecdsa-rdfc-2019",
    "ob3-contexts-fetched",
    "ob3-vc-jwt",
    "did-key",
    "did-web",
    "status-list",
];

/// The longest URL accepted from a badge or a request. Real badge and
/// credential URLs are a few hundred bytes; a longer one is refused before
/// it is resolved, fetched or quoted in any message (a 50 MB URL once cost
/// 800 MB of copies).
pub const MAX_URL_BYTES: usize = 16 * 1024;

fn url_too_long(len: usize) -> Report {
    let mut r = Report::new();
    r.refused(
        CheckName::FetchAssertion,
        Rule::MaxBytes,
        format!("a URL of {len} bytes is longer than the {MAX_URL_BYTES} bytes BadgeLens accepts"),
    );
    r
}

pub struct Engine {
    pub config: Config,
    /// Compiled on first use (`hello`, a page URL): a verification of a file never needs it.
    resolver: std::sync::OnceLock<Resolver>,
    /// Every network access goes through this (policy, caps, budget).
    pub fetcher: Fetcher,
    pub cache: Cache,
}

impl Engine {
    pub fn new(config: Config) -> Engine {
        let fetcher = Fetcher::new(&config);
        let cache = Cache::new(config.cache_dir());
        Engine {
            config,
            resolver: std::sync::OnceLock::new(),
            fetcher,
            cache,
        }
    }

    /// The resolver rules in force (config rules, then the built-in ones).
    pub fn resolver(&self) -> &Resolver {
        self.resolver.get_or_init(|| {
            let resolver = Resolver::new(&self.config.resolvers);
            for refused in &resolver.refused {
                crate::log!("resolver rule refused: {refused}");
            }
            resolver
        })
    }

    /// One verification's network: the safe fetcher, the cache, its budget.
    pub fn net<'a>(&'a self, ctx: &'a FetchContext) -> Net<'a> {
        Net {
            fetcher: &self.fetcher,
            cache: &self.cache,
            ctx,
        }
    }

    /// The environment the OB 1/2 verifier works in, for one verification.
    fn ob2_env<'a>(&'a self, ctx: &'a FetchContext, options: &'a VerifyOptions) -> ob2::Env<'a> {
        ob2::Env {
            net: self.net(ctx),
            options,
            now: options.now.unwrap_or_else(Timestamp::now),
        }
    }

    pub fn capabilities(&self) -> Vec<&'static str> {
        CAPABILITIES.to_vec()
    }

    pub fn page_patterns(&self) -> Vec<String> {
        self.resolver().page_patterns()
    }

    /// Verifies one badge. Never panics on bad input; every outcome is a result.
    pub async fn verify(&self, source: Source, options: VerifyOptions) -> VerifyResult {
        let started = Instant::now();
        let ctx = FetchContext::new(&self.config.network, options.cache);
        let mut report = self.verify_source(source, &options, &ctx).await;
        if !self.config.registries.is_empty() {
            let issuer = report.badge.as_ref().and_then(|b| b.issuer.id.clone());
            if let Some(issuer) = issuer {
                registry::identify(
                    &mut report,
                    &issuer,
                    &self.config.registries,
                    &self.net(&ctx),
                )
                .await;
            }
        }
        refuse_unsafe_links(&mut report);
        warn_plain_http(&mut report, &ctx);
        report.finish(started.elapsed().as_secs_f64() * 1000.0)
    }

    async fn verify_source(
        &self,
        source: Source,
        options: &VerifyOptions,
        ctx: &FetchContext,
    ) -> Report {
        match source {
            Source::Image { data, .. } => self.verify_image_bytes(&data, options, ctx).await,
            Source::ImageUrl(url) | Source::PageUrl(url) if url.len() > MAX_URL_BYTES => {
                url_too_long(url.len())
            }
            Source::Assertion(text) if unbake::sd_jwt_issuer_part(&text).is_some() => {
                self.verify_sd_jwt(&text, options, ctx).await
            }
            Source::Assertion(text) => match unbake::classify(&text) {
                Ok(Payload::Url(u)) if u.as_str().len() > MAX_URL_BYTES => {
                    url_too_long(u.as_str().len())
                }
                // A pasted link is treated as a page link: rules, then sniffing.
                Ok(Payload::Url(u)) if u.scheme() == "http" || u.scheme() == "https" => {
                    Box::pin(self.verify_url(u.as_str(), options, ctx)).await
                }
                Ok(payload) => self.verify_payload(payload, None, options, ctx).await,
                Err(e) => {
                    if text.trim().is_empty() {
                        return Report::not_a_badge("The pasted text is empty.");
                    }
                    if unbake::is_prose(&text) {
                        return Report::not_a_badge(
                            "The pasted text is not badge data (neither JSON, a compact JWS/JWT nor a URL).",
                        );
                    }
                    let mut r = Report::new();
                    r.fail(CheckName::Parse, Verdict::Invalid, e.to_string());
                    r
                }
            },
            Source::ImageUrl(url) => self.verify_image_url(&url, options, ctx).await,
            Source::PageUrl(url) => self.verify_url(&url, options, ctx).await,
        }
    }

    async fn verify_image_url(
        &self,
        url: &str,
        options: &VerifyOptions,
        ctx: &FetchContext,
    ) -> Report {
        let mut r = Report::new();
        let fetched = match self.net(ctx).fetch(url, Kind::Image, Freshness::Live).await {
            Ok(f) => f,
            Err(e) => {
                net::record(&mut r, CheckName::Unbake, "the image", &e.into());
                return r;
            }
        };
        if !fetched.is_success() {
            r.fail(
                CheckName::Unbake,
                Verdict::Unverifiable,
                format!("cannot fetch the image (HTTP {})", fetched.status),
            );
            return r;
        }
        Box::pin(self.verify_image_bytes(&fetched.body, options, ctx)).await
    }

    async fn verify_image_bytes(
        &self,
        data: &[u8],
        options: &VerifyOptions,
        ctx: &FetchContext,
    ) -> Report {
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
            Ok(Unbaked::Found(baked)) if unbake::sd_jwt_issuer_part(&baked.text).is_some() => {
                let mut next = self.verify_sd_jwt(&baked.text, options, ctx).await;
                next.prepend(crate::messages::Check::pass(
                    CheckName::Unbake,
                    format!(
                        "found an SD-JWT in the {} {} slot",
                        baked.container.as_str(),
                        baked.keyword.as_str()
                    ),
                ));
                next
            }
            Ok(Unbaked::Found(baked)) => {
                let mut r = Report::new();
                match unbake::classify(&baked.text) {
                    Ok(payload) => {
                        let where_ =
                            format!("{} {}", baked.container.as_str(), baked.keyword.as_str());
                        let mut next = self
                            .verify_payload(payload.clone(), Some(baked.keyword), options, ctx)
                            .await;
                        next.prepend(crate::messages::Check::pass(
                            CheckName::Unbake,
                            format!("found {} in the {where_} slot", payload.kind()),
                        ));
                        // An image with a badge slot carries badge data: if that
                        // data is not a badge, it is broken badge data, never
                        // "no badge data" (PROTOCOL.md keeps the two apart).
                        next.broken_if_not_a_badge()
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

    /// A page or credential link: resolver rules first (config, then
    /// built-in); where none matches, fetch it and look at what comes back
    /// (an image is unbaked, JSON or a JWS is the assertion, HTML is searched
    /// for a link to the assertion).
    async fn verify_url(&self, url: &str, options: &VerifyOptions, ctx: &FetchContext) -> Report {
        let mut r = Report::new();
        let unwrapped = crate::resolve::unwrap_link(url);
        let parsed = match url::Url::parse(unwrapped.trim()) {
            Ok(u) => u,
            Err(e) => return Report::not_a_badge(format!("This is not a URL ({e}).")),
        };
        if parsed.scheme() != "http" && parsed.scheme() != "https" {
            r.refused(
                CheckName::FetchAssertion,
                Rule::Scheme,
                format!(
                    "BadgeLens only fetches http and https URLs, not {}:",
                    parsed.scheme()
                ),
            );
            return r;
        }
        let env = self.ob2_env(ctx, options);
        if let Some((_rule, assertion_url)) = self.resolver().resolve(parsed.as_str()) {
            ob2::verify_hosted_url(&env, &assertion_url, &mut r).await;
            return r;
        }
        let fetched = match self
            .net(ctx)
            .fetch(parsed.as_str(), Kind::Any, Freshness::Live)
            .await
        {
            Ok(f) => f,
            Err(e) => {
                net::record(&mut r, CheckName::FetchAssertion, "the link", &e.into());
                return r;
            }
        };
        if fetched.status == 410 {
            // Gone: what issuers (Credly among them) answer for a revoked badge.
            ob2::verify_fetched(&env, fetched, &mut r).await;
            return r;
        }
        if !fetched.is_success() {
            let what = if fetched.status == 404 {
                "not found or not public (HTTP 404)".to_string()
            } else {
                format!("HTTP {}", fetched.status)
            };
            r.fail(
                CheckName::FetchAssertion,
                Verdict::Unverifiable,
                format!("the link answered {what}"),
            );
            return r;
        }
        if Container::sniff(&fetched.body).is_some() {
            return Box::pin(self.verify_image_bytes(&fetched.body, options, ctx)).await;
        }
        let text = String::from_utf8_lossy(&fetched.body).into_owned();
        if !fetched.is_html() {
            match unbake::classify(&text) {
                Ok(Payload::Json(doc)) => {
                    let payload = Payload::Json(doc.clone());
                    if BadgeKeyword::for_payload(&payload) == BadgeKeyword::OpenBadges {
                        let hosted_here = ob2::upgrade::upgrade(&doc)
                            .ok()
                            .is_some_and(|u| u.hosted_url().is_some());
                        if hosted_here {
                            ob2::verify_fetched(&env, fetched, &mut r).await;
                            return r;
                        }
                    }
                    return self.verify_payload(payload, None, options, ctx).await;
                }
                Ok(Payload::Jws(jws)) => {
                    return self
                        .verify_payload(Payload::Jws(jws), None, options, ctx)
                        .await
                }
                _ => {}
            }
        }
        match ob2::page::discover(&text, &fetched.url) {
            Some(ob2::page::Found::Link(link)) => {
                ob2::verify_hosted_url(&env, &link, &mut r).await;
                r
            }
            Some(ob2::page::Found::Embedded(doc)) => {
                ob2::verify_json(&env, doc, &mut r).await;
                r
            }
            None => Report::not_a_badge(
                "No badge was found at this link: it is not a badge image, an assertion, or a page that links to one.",
            ),
        }
    }

    /// An SD-JWT: the issuer part's signature is checked, the rest is not.
    async fn verify_sd_jwt(
        &self,
        text: &str,
        options: &VerifyOptions,
        ctx: &FetchContext,
    ) -> Report {
        let Some(jws) = unbake::sd_jwt_issuer_part(text) else {
            return Report::not_a_badge("This is not an SD-JWT.");
        };
        let net = self.net(ctx);
        ob3::jwt::verify_sd_jwt(&jws, ob3_context(options, &net)).await
    }

    /// Routes by content, not by the image slot's keyword: issuers bake OB
    /// 3.0 JSON under `openbadges` (Open Educational Badges), and reading it
    /// as OB 2.0 would refuse it for a false reason. The keyword gets a warning.
    async fn verify_payload(
        &self,
        payload: Payload,
        slot: Option<BadgeKeyword>,
        options: &VerifyOptions,
        ctx: &FetchContext,
    ) -> Report {
        let keyword = BadgeKeyword::for_payload(&payload);
        let misfiled = slot.filter(|s| *s != keyword && !matches!(payload, Payload::Url(_)));
        let mut r = Box::pin(self.verify_routed(payload, keyword, options, ctx)).await;
        if let Some(slot) = misfiled {
            r.prepend(crate::messages::Check::warn(
                CheckName::Unbake,
                format!(
                    "the badge data is stored under the {} keyword, which is for {}; it is read as {}, as its content says",
                    slot.as_str(),
                    slot.generation(),
                    keyword.generation()
                ),
            ));
        }
        r
    }

    async fn verify_routed(
        &self,
        payload: Payload,
        keyword: BadgeKeyword,
        options: &VerifyOptions,
        ctx: &FetchContext,
    ) -> Report {
        let mut r = Report::new();
        match payload {
            Payload::Url(u) if u.as_str().len() > MAX_URL_BYTES => {
                return url_too_long(u.as_str().len());
            }
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
            Payload::Url(u) => {
                let env = self.ob2_env(ctx, options);
                ob2::verify_hosted_url(&env, u.as_str(), &mut r).await;
            }
            Payload::Json(doc) if keyword == BadgeKeyword::OpenBadgeCredential => {
                let net = self.net(ctx);
                return ob3::verify_credential(&doc, ob3_context(options, &net)).await;
            }
            Payload::Jws(jws) if keyword == BadgeKeyword::OpenBadgeCredential => {
                let net = self.net(ctx);
                return ob3::jwt::verify_jwt(&jws, ob3_context(options, &net)).await;
            }
            Payload::Json(doc) => {
                let env = self.ob2_env(ctx, options);
                ob2::verify_json(&env, doc, &mut r).await;
            }
            Payload::Jws(jws) => {
                let env = self.ob2_env(ctx, options);
                ob2::verify_jws(&env, &jws, &mut r).await;
            }
        }
        r
    }
}

/// What an OB 3.0 verification may use: the clock, the recipients, the network.
fn ob3_context<'a>(options: &'a VerifyOptions, net: &'a Net<'a>) -> ob3::Ob3Context<'a> {
    ob3::Ob3Context {
        now: options.now.unwrap_or_else(Timestamp::now),
        recipient: &options.recipient,
        net: Some(net),
    }
}

/// One `transport` warning for every plain-http document any part of the
/// verification used (assertion, badge class, profile, keys, DID
/// documents, lists; from the network or the cache).
fn warn_plain_http(report: &mut Report, ctx: &FetchContext) {
    let plain = ctx.plain_http();
    if plain.is_empty() || report.is_not_a_badge() {
        return;
    }
    let mut hosts: Vec<String> = plain
        .iter()
        .map(|u| u.origin().ascii_serialization())
        .collect();
    hosts.dedup();
    report.warn(
        CheckName::Transport,
        format!(
            "{} document(s) came over plain http ({}), which can be altered on the way",
            plain.len(),
            hosts.join(", ")
        ),
    );
}

/// The links a badge shows (its image, criteria page, issuer's site) must
/// be `http`/`https` (the image may also be a `data:image/...` URI). Any
/// other scheme (`javascript:`, `file:`, ...) in a badge's documents makes
/// the verdict `unverifiable` with rule `scheme` (PROTOCOL.md: "a URL with a
/// scheme other than http/https, in any source or document"), and the link
/// is removed from the result, so no client is ever handed one.
fn refuse_unsafe_links(report: &mut Report) {
    let Some(badge) = report.badge.as_mut() else {
        return;
    };
    let web = |u: &str| {
        let lower = u.trim().to_ascii_lowercase();
        lower.starts_with("https://") || lower.starts_with("http://")
    };
    let mut refused = Vec::new();
    if let Some(image) = badge.image.take() {
        let data_image = image.trim().to_ascii_lowercase().starts_with("data:image/");
        if web(&image) || data_image {
            badge.image = Some(image);
        } else {
            refused.push((CheckName::BadgeClass, "image", image));
        }
    }
    if let Some(criteria) = badge.criteria_url.take() {
        if web(&criteria) {
            badge.criteria_url = Some(criteria);
        } else {
            refused.push((CheckName::BadgeClass, "criteria", criteria));
        }
    }
    if let Some(site) = badge.issuer.url.take() {
        if web(&site) {
            badge.issuer.url = Some(site);
        } else {
            refused.push((CheckName::IssuerProfile, "issuer's url", site));
        }
    }
    for (check, what, link) in refused {
        let scheme: String = link
            .split(':')
            .next()
            .unwrap_or("")
            .chars()
            .take(20)
            .collect();
        report.refused(
            check,
            Rule::Scheme,
            format!(
                "the badge's {what} is a {scheme}: link; only http and https links are accepted"
            ),
        );
    }
}
