//! The safe fetcher: every URL in badge data is hostile.
//!
//! # API (shared by the OB 1/2 and OB 3.0 engines)
//!
//! ```ignore
//! let ctx = FetchContext::new(&config.network, options.cache); // one per verification
//! // Verifiers go through verify::net (cache, provenance, one error mapping):
//! let doc = engine.net(&ctx).json(url, Freshness::Cached).await?; // Document or NetError
//! // Or raw, any status, no cache:
//! let answer = engine.fetcher.get(&ctx, url, Kind::Json, None).await?;
//! ```
//!
//! - [`FetchContext`] carries the verification's time budget
//!   (`network.timeout_ms`, one deadline for every fetch it makes) and its
//!   fetch counter (at most [`MAX_FETCHES`], redirect hops included). Hand
//!   the same context down the whole call chain (did:web, keys, status lists).
//! - [`Fetcher::get`] returns any HTTP status with its (capped) body, so the
//!   caller decides what 404 or 410 means. It refuses, naming the
//!   [`Rule`]: schemes other than http/https ([`Rule::Scheme`]), a host
//!   whose resolved addresses are all loopback/private/link-local/... and
//!   not in `network.allow_private` ([`Rule::PrivateAddress`]), more than 5
//!   redirects ([`Rule::Redirects`]), the budget running out
//!   ([`Rule::Timeout`]), a body over the cap for its [`Kind`]
//!   ([`Rule::MaxBytes`], enforced while streaming) and the 33rd fetch
//!   ([`Rule::FetchCount`]).
//! - Names are resolved here, each address checked with [`policy::Policy`],
//!   and the connection made only to checked addresses (reqwest is given
//!   them as the only resolution for that host), so DNS rebinding between
//!   check and connect is impossible. Redirects are followed by hand, each
//!   hop checked again. `network.resolve` pins replace DNS for a host:port.
//! - Proxy environment variables (`HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY`)
//!   are ignored: with one, the address checked would not be the address
//!   connected to. Only `network.proxy` in the config is used; the target's
//!   addresses are still checked first, and that proxy is trusted to
//!   resolve names the same way.
//! - Every [`Fetched`] carries its [`Provenance`] (the URL asked for, the
//!   redirects, cache or network); the trust rules in
//!   [`crate::verify::authority`] decide whose document it is from that.
//! - Caching lives one level up, in [`crate::cache`]: for issuer data, keys
//!   and DID documents use
//!   `engine.cache.get(&engine.fetcher, &ctx, url, Kind::Json, Freshness::Cached)`;
//!   for anything carrying revocation status (assertions, revocation and
//!   status lists) `Freshness::Live`. Both honour `options.cache`.
//! - A failure maps to the protocol in one place, [`crate::verify::net`]:
//!   a refusal fails the check with its `rule`, offline and network
//!   failures make it `unverifiable`.

pub mod policy;

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;
use std::time::Duration;

use tokio::time::Instant;
use url::Url;

use crate::config::{Config, MaxBytes, NetworkConfig};
use crate::messages::{CacheMode, Rule};
use policy::Policy;

/// At most this many HTTP requests per verification (redirect hops count).
pub const MAX_FETCHES: u32 = 32;
/// At most this many redirects per fetch.
pub const MAX_REDIRECTS: usize = 5;
/// What every JSON fetch asks for: Credly answers HTML without it.
pub const ACCEPT_JSON: &str = "application/ld+json, application/json";

/// What a fetch is for: decides the `Accept` header and the size cap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A JSON(-LD) document: assertion, badge class, profile, key, list.
    Json,
    /// A badge image (PNG or SVG).
    Image,
    /// A web page to search for a link to the assertion.
    Page,
    /// Anything a person pasted (the CLI sniffs what comes back).
    Any,
}

impl Kind {
    fn accept(self) -> &'static str {
        match self {
            Kind::Json => ACCEPT_JSON,
            Kind::Image => "image/png, image/svg+xml;q=0.9, */*;q=0.1",
            Kind::Page => "text/html, application/ld+json;q=0.9, application/json;q=0.9",
            Kind::Any => {
                "application/ld+json, application/json, image/png, image/svg+xml, text/html;q=0.8"
            }
        }
    }

    fn cap(self, max: &MaxBytes) -> u64 {
        match self {
            Kind::Json | Kind::Page => max.json,
            Kind::Image | Kind::Any => max.image,
        }
    }
}

/// One verification's share of the network: a deadline and a fetch counter.
#[derive(Debug)]
pub struct FetchContext {
    /// When this verification started (a `refresh` accepts documents fetched since).
    pub started: Instant,
    pub deadline: Instant,
    fetches: AtomicU32,
    pub cache: CacheMode,
    /// Every plain-http URL a document of this verification came from
    /// (network or cache), for the one `transport` warning.
    plain_http: std::sync::Mutex<Vec<Url>>,
}

impl FetchContext {
    pub fn new(net: &NetworkConfig, cache: CacheMode) -> FetchContext {
        let started = Instant::now();
        FetchContext {
            started,
            deadline: started + Duration::from_millis(net.timeout_ms.max(1)),
            fetches: AtomicU32::new(0),
            cache,
            plain_http: std::sync::Mutex::new(Vec::new()),
        }
    }

    /// Records a URL a document came from (only plain http is kept).
    pub fn note_url(&self, url: &Url) {
        if url.scheme() == "http" {
            let mut seen = self.plain_http.lock().unwrap_or_else(|p| p.into_inner());
            if !seen.contains(url) && seen.len() < 64 {
                seen.push(url.clone());
            }
        }
    }

    /// The plain-http URLs this verification used, in the order first used.
    pub fn plain_http(&self) -> Vec<Url> {
        self.plain_http
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// Number of HTTP requests made so far.
    pub fn fetches(&self) -> u32 {
        self.fetches.load(Ordering::Relaxed)
    }

    fn take_fetch(&self) -> Result<(), FetchError> {
        let n = self.fetches.fetch_add(1, Ordering::Relaxed) + 1;
        if n > MAX_FETCHES {
            return Err(FetchError::Refused {
                rule: Rule::FetchCount,
                message: format!("more than {MAX_FETCHES} fetches for one badge"),
            });
        }
        Ok(())
    }
}

/// A fetched document, whatever its status, with where it came from.
#[derive(Debug, Clone)]
pub struct Fetched {
    /// The URL that answered (after redirects).
    pub url: Url,
    pub status: u16,
    pub content_type: Option<String>,
    pub body: Vec<u8>,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    /// Where it came from: the URL asked for, the redirects on the way,
    /// and whether the answer was read from the cache. The cache stores
    /// this with the body, so an offline answer obeys the same rules.
    pub provenance: Provenance,
}

/// How a document reached BadgeLens. Trust rules (whose document this
/// is) are decided from this, never from what the document says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Provenance {
    /// The URL that was asked for.
    pub requested: Url,
    /// Every URL that answered with a redirect, in order (`requested`
    /// first); empty when the requested URL answered itself.
    pub redirected_from: Vec<Url>,
    /// Read from the cache rather than the network.
    pub from_cache: bool,
}

impl Provenance {
    pub fn direct(url: &Url) -> Provenance {
        Provenance {
            requested: url.clone(),
            redirected_from: Vec::new(),
            from_cache: false,
        }
    }
}

impl Fetched {
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// How many redirects led to this answer.
    pub fn redirects(&self) -> usize {
        self.provenance.redirected_from.len()
    }

    /// Every URL this answer touched: the redirects and the one that answered.
    pub fn urls(&self) -> impl Iterator<Item = &Url> {
        self.provenance
            .redirected_from
            .iter()
            .chain(std::iter::once(&self.url))
    }

    /// The body as JSON. Depth is bounded by serde_json's recursion limit.
    pub fn json(&self) -> Result<serde_json::Value, String> {
        let text = std::str::from_utf8(&self.body)
            .map_err(|_| "the document is not valid UTF-8".to_string())?;
        serde_json::from_str(text.trim_start_matches('\u{feff}'))
            .map_err(|e| format!("the document is not valid JSON ({e})"))
    }

    /// A content type that cannot be a JSON document (an image, a web page,
    /// audio, video), named for the message. Missing, JSON, text/plain and
    /// octet-stream are accepted: static hosts label .json files loosely.
    pub fn non_json_content_type(&self) -> Option<String> {
        let ct = self.content_type.as_deref()?.to_ascii_lowercase();
        let main = ct.split(';').next().unwrap_or("").trim().to_string();
        let bad = main.starts_with("image/")
            || main.starts_with("audio/")
            || main.starts_with("video/")
            || main.contains("html")
            || main.contains("xml") && !main.contains("json");
        bad.then_some(main)
    }

    /// Does the server say this is HTML?
    pub fn is_html(&self) -> bool {
        self.content_type
            .as_deref()
            .is_some_and(|c| c.to_ascii_lowercase().contains("html"))
    }
}

/// HTTP validators for a conditional request (from the cache).
#[derive(Debug, Clone, Default)]
pub struct Validators {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

/// Why a fetch produced no document.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum FetchError {
    /// A network rule refused it; the failing check carries `rule`.
    #[error("{message}")]
    Refused { rule: Rule, message: String },
    /// DNS, connection, TLS or protocol failure.
    #[error("{0}")]
    Network(String),
    /// `cache: offline` and nothing cached.
    #[error("offline, and this document is not in the cache")]
    Offline,
}

impl FetchError {
    pub fn rule(&self) -> Option<Rule> {
        match self {
            FetchError::Refused { rule, .. } => Some(*rule),
            _ => None,
        }
    }

    fn refused(rule: Rule, message: impl Into<String>) -> Self {
        FetchError::Refused {
            rule,
            message: message.into(),
        }
    }
}

/// Fetches URLs under the network policy. Cheap to share (`Sync`).
pub struct Fetcher {
    pub policy: Policy,
    max: MaxBytes,
    /// Built on first use: loading the OS trust store costs milliseconds
    /// that a verification answered from the cache or over http never needs.
    tls: std::sync::OnceLock<Tls>,
    /// For clients that only ever fetch http:// URLs: no roots, so the OS
    /// trust store is never read for them (and TLS through one fails closed).
    no_roots: std::sync::OnceLock<Arc<rustls::ClientConfig>>,
    extra_roots: Vec<std::path::PathBuf>,
    /// `network.proxy`, the only proxy ever used.
    proxy: Option<reqwest::Proxy>,
    clients: std::sync::Mutex<HashMap<ClientKey, reqwest::Client>>,
}

/// A client's host, checked addresses, and whether it is for https.
type ClientKey = (String, Vec<SocketAddr>, bool);

/// Clients kept for reuse (one per host and checked address set).
const MAX_CLIENTS: usize = 256;

impl Fetcher {
    pub fn new(config: &Config) -> Fetcher {
        let policy = Policy::from_config(&config.network);
        for r in &policy.refused {
            crate::log!("{r}");
        }
        let proxy = config.network.proxy.as_deref().and_then(|p| {
            reqwest::Proxy::all(p)
                .inspect_err(|e| crate::log!("network.proxy {p:?} is not usable: {e}"))
                .ok()
        });
        Fetcher {
            policy,
            proxy,
            max: config.network.max_bytes,
            tls: std::sync::OnceLock::new(),
            no_roots: std::sync::OnceLock::new(),
            extra_roots: config.network.extra_roots.clone(),
            clients: std::sync::Mutex::new(HashMap::new()),
        }
    }

    /// Fetches `url`, following up to 5 redirects by hand, each checked.
    pub async fn get(
        &self,
        ctx: &FetchContext,
        url: &str,
        kind: Kind,
        validators: Option<&Validators>,
    ) -> Result<Fetched, FetchError> {
        if ctx.cache == CacheMode::Offline {
            return Err(FetchError::Offline);
        }
        let requested = parse_http_url(url)?;
        let mut current = requested.clone();
        let mut redirected_from = Vec::new();
        loop {
            ctx.take_fetch()?;
            let hop =
                tokio::time::timeout_at(ctx.deadline, self.one_request(&current, kind, validators))
                    .await
                    .map_err(|_| {
                        FetchError::refused(
                            Rule::Timeout,
                            format!(
                                "{} did not answer within the time budget",
                                current.host_str().unwrap_or("the server")
                            ),
                        )
                    })??;
            ctx.note_url(&current);
            match hop {
                Hop::Done(mut fetched) => {
                    fetched.provenance = Provenance {
                        requested,
                        redirected_from,
                        from_cache: false,
                    };
                    return Ok(*fetched);
                }
                Hop::Redirect(location) => {
                    redirected_from.push(current.clone());
                    if redirected_from.len() > MAX_REDIRECTS {
                        return Err(FetchError::refused(
                            Rule::Redirects,
                            format!("more than {MAX_REDIRECTS} redirects from {url}"),
                        ));
                    }
                    let next = current.join(&location).map_err(|_| {
                        FetchError::Network(format!("a redirect to an invalid URL ({location:?})"))
                    })?;
                    current = parse_http_url(next.as_str())?;
                }
            }
        }
    }

    /// Resolves the host, checks every address, connects only to allowed ones.
    async fn one_request(
        &self,
        url: &Url,
        kind: Kind,
        validators: Option<&Validators>,
    ) -> Result<Hop, FetchError> {
        let host = url
            .host_str()
            .ok_or_else(|| FetchError::Network("the URL has no host".into()))?
            .to_string();
        let bare_host = host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .to_string();
        let port = url.port_or_known_default().unwrap_or(443);
        let candidates = self.resolve(&bare_host, port).await?;
        let mut allowed = Vec::new();
        let mut first_refusal = None;
        for addr in candidates {
            match self.policy.check(addr) {
                Ok(()) => allowed.push(addr),
                Err(range) => {
                    first_refusal.get_or_insert((addr, range));
                }
            }
        }
        if allowed.is_empty() {
            let (addr, range) = first_refusal
                .ok_or_else(|| FetchError::Network(format!("{host} has no address")))?;
            return Err(FetchError::refused(
                Rule::PrivateAddress,
                format!("{host} resolves to {addr}, a {range} address, which badges may not reach"),
            ));
        }
        let mut request_url = url.clone();
        let mut host_header = None;
        // reqwest lets an explicit URL port win over the address we give it;
        // for a pin to another port, drop the URL port and say it in Host.
        if url.port().is_some() && allowed[0].port() != port {
            host_header = Some(format!("{host}:{port}"));
            let _ = request_url.set_port(None);
        }
        let client = self.client_for(&bare_host, &allowed, url.scheme() == "https")?;
        let mut req = client
            .get(request_url)
            .header(reqwest::header::ACCEPT, kind.accept());
        if let Some(h) = host_header {
            req = req.header(reqwest::header::HOST, h);
        }
        if let Some(v) = validators {
            if let Some(e) = &v.etag {
                req = req.header(reqwest::header::IF_NONE_MATCH, e);
            }
            if let Some(l) = &v.last_modified {
                req = req.header(reqwest::header::IF_MODIFIED_SINCE, l);
            }
        }
        let mut resp = req.send().await.map_err(|e| {
            let mut why = format!("cannot fetch {url}: {}", error_chain(&e));
            // An empty trust store fails every https fetch: say why each time.
            if let (Some(empty), "https") = (&self.tls().empty_trust, url.scheme()) {
                why.push_str(&format!(" ({empty})"));
            }
            FetchError::Network(why)
        })?;
        let status = resp.status().as_u16();
        if matches!(status, 301 | 302 | 303 | 307 | 308) {
            if let Some(loc) = resp
                .headers()
                .get(reqwest::header::LOCATION)
                .and_then(|v| v.to_str().ok())
            {
                return Ok(Hop::Redirect(loc.to_string()));
            }
        }
        let header = |name: reqwest::header::HeaderName| {
            resp.headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        let content_type = header(reqwest::header::CONTENT_TYPE);
        let etag = header(reqwest::header::ETAG);
        let last_modified = header(reqwest::header::LAST_MODIFIED);
        let cap = kind.cap(&self.max);
        let too_big = || {
            FetchError::refused(
                Rule::MaxBytes,
                format!("{url} is larger than the {cap}-byte limit"),
            )
        };
        if resp.content_length().is_some_and(|n| n > cap) {
            return Err(too_big());
        }
        let mut body = Vec::new();
        loop {
            match resp.chunk().await {
                Ok(Some(chunk)) => {
                    if body.len() as u64 + chunk.len() as u64 > cap {
                        return Err(too_big());
                    }
                    body.extend_from_slice(&chunk);
                }
                Ok(None) => break,
                Err(e) => {
                    return Err(FetchError::Network(format!(
                        "the answer from {url} broke off: {}",
                        error_chain(&e)
                    )))
                }
            }
        }
        Ok(Hop::Done(Box::new(Fetched {
            url: url.clone(),
            status,
            content_type,
            body,
            etag,
            last_modified,
            provenance: Provenance::direct(url),
        })))
    }

    /// A client that can only reach `addrs` for `host` (the checked
    /// addresses), reused while the name resolves to the same addresses so
    /// that keep-alive connections are shared; every pooled connection was
    /// made to one of those addresses.
    /// `https`: the client is for https:// URLs (only those load the trust store).
    fn client_for(
        &self,
        host: &str,
        addrs: &[SocketAddr],
        https: bool,
    ) -> Result<reqwest::Client, FetchError> {
        let key = (host.to_ascii_lowercase(), addrs.to_vec(), https);
        let mut clients = self.clients.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(c) = clients.get(&key) {
            return Ok(c.clone());
        }
        // A proxy may itself speak TLS, whatever the URL's scheme.
        let tls = if https || self.proxy.is_some() {
            self.tls().config.clone()
        } else {
            self.no_roots
                .get_or_init(|| Arc::new(no_roots_config()))
                .clone()
        };
        let mut builder = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .tls_backend_preconfigured((*tls).clone())
            .user_agent(concat!("BadgeLens/", env!("CARGO_PKG_VERSION")))
            .pool_idle_timeout(Duration::from_secs(30));
        // The address checked above must be the one connected to, so proxy
        // environment variables are ignored: only a proxy the config names
        // is used (and trusted to resolve names the same way).
        builder = match &self.proxy {
            Some(proxy) => builder.proxy(proxy.clone()),
            None => builder.no_proxy(),
        };
        if host.parse::<IpAddr>().is_err() {
            builder = builder.resolve_to_addrs(host, addrs);
        }
        let client = builder
            .build()
            .map_err(|e| FetchError::Network(format!("cannot set up HTTP: {e}")))?;
        if clients.len() >= MAX_CLIENTS {
            clients.clear();
        }
        clients.insert(key, client.clone());
        Ok(client)
    }

    fn tls(&self) -> &Tls {
        self.tls.get_or_init(|| Tls::load(&self.extra_roots))
    }

    /// The addresses for host:port: a pin, an IP literal, or DNS.
    async fn resolve(&self, host: &str, port: u16) -> Result<Vec<SocketAddr>, FetchError> {
        let key = (host.to_ascii_lowercase(), port);
        if let Some(pinned) = self.policy.pins.get(&key) {
            return Ok(vec![*pinned]);
        }
        if let Ok(ip) = host.parse::<IpAddr>() {
            return Ok(vec![SocketAddr::new(ip, port)]);
        }
        let addrs = tokio::net::lookup_host((host, port))
            .await
            .map_err(|e| FetchError::Network(format!("cannot resolve {host}: {e}")))?;
        Ok(addrs.collect())
    }
}

enum Hop {
    Done(Box<Fetched>),
    Redirect(String),
}

/// http/https URLs only; anything else is refused by the `scheme` rule.
pub fn parse_http_url(url: &str) -> Result<Url, FetchError> {
    let u = Url::parse(url.trim())
        .map_err(|e| FetchError::Network(format!("{url:?} is not a valid URL ({e})")))?;
    match u.scheme() {
        "http" | "https" if u.host_str().is_some() => Ok(u),
        "http" | "https" => Err(FetchError::Network(format!("{url:?} has no host"))),
        other => Err(FetchError::refused(
            Rule::Scheme,
            format!("BadgeLens only fetches http and https URLs, not {other}:"),
        )),
    }
}

fn error_chain(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut source = e.source();
    while let Some(inner) = source {
        let t = inner.to_string();
        if !s.contains(&t) {
            s.push_str(": ");
            s.push_str(&t);
        }
        source = inner.source();
    }
    s
}

/// rustls that trusts nothing: for clients that fetch http:// URLs only.
fn no_roots_config() -> rustls::ClientConfig {
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .expect("aws-lc-rs supports the default TLS versions")
        .with_root_certificates(rustls::RootCertStore::empty())
        .with_no_client_auth()
}

/// The TLS setup every https fetch uses: rustls with the OS trust store
/// (through rustls-platform-verifier) plus `network.extra_roots`.
pub struct Tls {
    pub config: Arc<rustls::ClientConfig>,
    /// When the OS trust store could not be loaded, rustls falls back to an
    /// empty root store, so every https fetch fails: this says why, for the
    /// fetch errors and `doctor`.
    pub empty_trust: Option<String>,
}

impl Tls {
    /// Loads the OS trust store and the extra roots (milliseconds: done once).
    pub fn load(extra_roots: &[std::path::PathBuf]) -> Tls {
        let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
        let mut extra = Vec::new();
        for path in extra_roots {
            match std::fs::read(path) {
                Ok(pem) => {
                    use rustls_pki_types::pem::PemObject;
                    for cert in rustls_pki_types::CertificateDer::pem_slice_iter(&pem).flatten() {
                        extra.push(cert.into_owned());
                    }
                }
                Err(e) => crate::log!("network.extra_roots: cannot read {}: {e}", path.display()),
            }
        }
        let verifier = if extra.is_empty() {
            rustls_platform_verifier::Verifier::new(provider.clone())
        } else {
            rustls_platform_verifier::Verifier::new_with_extra_roots(
                extra.clone(),
                provider.clone(),
            )
        };
        Tls::with_verifier(provider, verifier.map_err(|e| e.to_string()), extra)
    }

    /// The config for a verifier; without one, a root store of the extra
    /// roots alone (often empty), and why.
    fn with_verifier(
        provider: Arc<rustls::crypto::CryptoProvider>,
        verifier: Result<rustls_platform_verifier::Verifier, String>,
        extra: Vec<rustls_pki_types::CertificateDer<'static>>,
    ) -> Tls {
        let builder = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .expect("aws-lc-rs supports the default TLS versions");
        let (mut config, empty_trust) = match verifier {
            Ok(v) => (
                builder
                    .dangerous()
                    .with_custom_certificate_verifier(Arc::new(v))
                    .with_no_client_auth(),
                None,
            ),
            Err(e) => {
                let mut roots = rustls::RootCertStore::empty();
                let (added, _) = roots.add_parsable_certificates(extra);
                let why = if added == 0 {
                    format!("BadgeLens trusts no certificate authority: the OS certificate store could not be loaded ({e}), so no https site can be checked")
                } else {
                    format!("BadgeLens trusts only the {added} certificate(s) in network.extra_roots: the OS certificate store could not be loaded ({e})")
                };
                crate::log!("{why}");
                (
                    builder.with_root_certificates(roots).with_no_client_auth(),
                    Some(why),
                )
            }
        };
        config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
        Tls {
            config: Arc::new(config),
            empty_trust,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(content_type: Option<&str>, body: &str) -> Fetched {
        Fetched {
            url: Url::parse("https://issuer.example/key.json").unwrap(),
            status: 200,
            content_type: content_type.map(str::to_string),
            body: body.as_bytes().to_vec(),
            etag: None,
            last_modified: None,
            provenance: Provenance::direct(&Url::parse("https://issuer.example/key.json").unwrap()),
        }
    }

    #[test]
    fn json_is_refused_when_served_as_a_page_or_an_image() {
        // The same JSON object, served under different labels.
        let doc = r#"{"id":"https://issuer.example/key.json"}"#;
        for ok in [
            None,
            Some("application/json"),
            Some("application/ld+json; charset=utf-8"),
            Some("text/plain"),
            Some("application/octet-stream"),
        ] {
            assert!(answer(ok, doc).non_json_content_type().is_none(), "{ok:?}");
        }
        for bad in [
            "text/html",
            "image/png",
            "application/xhtml+xml",
            "image/svg+xml",
            "video/mp4",
        ] {
            let f = answer(Some(bad), doc);
            assert_eq!(f.non_json_content_type().as_deref(), Some(bad));
        }
    }

    #[test]
    fn only_http_and_https() {
        for bad in [
            "file:///etc/passwd",
            "ftp://x/y",
            "javascript:alert(1)",
            "data:,x",
        ] {
            assert_eq!(
                parse_http_url(bad).unwrap_err().rule(),
                Some(Rule::Scheme),
                "{bad}"
            );
        }
        assert!(parse_http_url("https://example.org/a").is_ok());
    }

    #[test]
    fn the_33rd_fetch_is_refused() {
        let ctx = FetchContext::new(&NetworkConfig::default(), CacheMode::Use);
        for _ in 0..MAX_FETCHES {
            ctx.take_fetch().unwrap();
        }
        assert_eq!(ctx.take_fetch().unwrap_err().rule(), Some(Rule::FetchCount));
    }

    #[tokio::test]
    async fn private_addresses_are_refused_before_connecting() {
        let fetcher = Fetcher::new(&Config::default());
        let ctx = FetchContext::new(&NetworkConfig::default(), CacheMode::Use);
        for url in [
            "http://127.0.0.1:9/x",
            "http://[::1]:9/x",
            "http://169.254.169.254/latest/meta-data",
            "http://10.0.0.1/",
            "http://[::ffff:127.0.0.1]/",
            "http://localhost:9/",
        ] {
            let e = fetcher.get(&ctx, url, Kind::Json, None).await.unwrap_err();
            assert_eq!(e.rule(), Some(Rule::PrivateAddress), "{url}: {e}");
        }
    }

    /// When the OS trust store cannot be loaded (as under Wine), every https
    /// fetch error says so, not only one line on stderr at start-up.
    #[tokio::test]
    async fn an_empty_trust_store_is_named_in_every_https_error() {
        // A loopback "server" that accepts and hangs up: the TLS handshake fails.
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move {
            while let Ok((sock, _)) = listener.accept().await {
                drop(sock);
            }
        });
        let mut config = Config::default();
        config.network.allow_private = vec![addr.to_string()];
        config
            .network
            .resolve
            .insert(format!("issuer.example:{}", addr.port()), addr.to_string());
        let fetcher = Fetcher::new(&config);
        let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
        let empty = Tls::with_verifier(
            provider,
            Err("the certificate store refused".into()),
            Vec::new(),
        );
        assert!(fetcher.tls.set(empty).is_ok());
        let ctx = FetchContext::new(&config.network, CacheMode::Use);
        for _ in 0..2 {
            let url = format!("https://issuer.example:{}/key.json", addr.port());
            let e = fetcher.get(&ctx, &url, Kind::Json, None).await.unwrap_err();
            let text = e.to_string();
            assert!(text.contains("trusts no certificate authority"), "{text}");
            assert!(text.contains("the certificate store refused"), "{text}");
        }
        // Plain http fails for its own reasons, without the https note.
        let url = format!("http://issuer.example:{}/key.json", addr.port());
        let e = fetcher.get(&ctx, &url, Kind::Json, None).await.unwrap_err();
        assert!(!e.to_string().contains("certificate"), "{e}");
    }

    #[test]
    fn without_the_os_store_the_extra_roots_are_still_trusted_and_named() {
        let ca = rcgen::generate_simple_self_signed(vec!["issuer.example".into()]).unwrap();
        let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
        let tls = Tls::with_verifier(provider, Err("refused".into()), vec![ca.cert.der().clone()]);
        let why = tls.empty_trust.unwrap();
        assert!(
            why.contains("only the 1 certificate(s) in network.extra_roots"),
            "{why}"
        );
        assert!(why.contains("refused"), "{why}");
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn the_os_trust_store_loads_here() {
        // The Linux CI machine has a CA bundle: no empty-trust note.
        let tls = Tls::load(&[]);
        assert_eq!(tls.empty_trust, None);
    }

    #[tokio::test]
    async fn offline_fetches_nothing() {
        let fetcher = Fetcher::new(&Config::default());
        let ctx = FetchContext::new(&NetworkConfig::default(), CacheMode::Offline);
        let e = fetcher
            .get(&ctx, "https://example.org/", Kind::Json, None)
            .await
            .unwrap_err();
        assert_eq!(e, FetchError::Offline);
        assert_eq!(ctx.fetches(), 0);
    }
}
