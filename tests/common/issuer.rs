//! A real HTTP issuer on 127.0.0.1:0 for the integration tests.
//!
//! It serves directories of fixture files by URL path, rewriting the
//! fixtures' own origins (`https://example.org`, `http://a.com`, ...) to its
//! own origin in every text body, so hosted badges point back at it. Routes
//! can be overridden per path with knobs for status codes, delays, slow
//! drip, endless bodies and redirects. Every request is counted by path.
#![allow(dead_code)]

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Router;

/// What a path answers.
#[derive(Clone, Debug)]
pub enum Route {
    /// A fixture file, origins rewritten (text only).
    File(PathBuf),
    /// A body as given, after origin rewriting, with a status and content type.
    Body {
        status: u16,
        content_type: String,
        body: Vec<u8>,
    },
    /// A redirect to `location` (absolute, or a path on this server).
    Redirect { status: u16, location: String },
    /// Waits, then answers as the inner route.
    Delay(Duration, Box<Route>),
    /// Sends one byte every `every`, forever (until the client gives up).
    Drip { every: Duration },
    /// A 200 body that never ends, sent as fast as possible.
    Endless,
}

impl Route {
    pub fn json(status: u16, body: &str) -> Route {
        Route::Body {
            status,
            content_type: "application/ld+json".into(),
            body: body.as_bytes().to_vec(),
        }
    }
    pub fn status(status: u16) -> Route {
        Route::Body {
            status,
            content_type: "text/plain".into(),
            body: Vec::new(),
        }
    }
}

pub struct Shared {
    roots: Vec<PathBuf>,
    /// (from, to) text replacements applied to every text body.
    rewrites: Vec<(String, String)>,
    routes: Mutex<HashMap<String, Route>>,
    hits: Mutex<HashMap<String, u32>>,
    /// The last `Accept` header each path was asked with.
    accept: Mutex<HashMap<String, String>>,
}

pub struct Issuer {
    pub addr: SocketAddr,
    /// `http://127.0.0.1:PORT` (no trailing slash).
    pub origin: String,
    /// Host names pinned to this server (named mode).
    pub names: Vec<String>,
    /// The HTTPS side (TLS mode): its address and the test CA's PEM file.
    pub tls: Option<(SocketAddr, PathBuf)>,
    _ca_dir: Option<tempfile::TempDir>,
    tls_task: Option<tokio::task::JoinHandle<()>>,
    shared: Arc<Shared>,
    task: tokio::task::JoinHandle<()>,
}

/// The origins fixture files use for their issuer.
pub const DEFAULT_ALIASES: &[&str] = &[
    "https://www.example.org",
    "http://www.example.org",
    "https://example.org",
    "http://example.org",
    "http://a.com",
];

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

impl Issuer {
    /// Starts a server on 127.0.0.1:0 serving `roots` (first match wins).
    pub async fn start(roots: &[PathBuf]) -> Issuer {
        Self::start_with(roots, None).await
    }

    /// Like [`Issuer::start`], but keeps the fixtures' host names
    /// (`example.org`, `a.com`, ...): `https://` becomes `http://` and the
    /// config pins those names to this server (`network.resolve`), so
    /// origin rules (`allowedOrigins`) see the names the fixtures use.
    pub async fn start_named(roots: &[PathBuf]) -> Issuer {
        Self::start_with(roots, Some(NAMES)).await
    }

    async fn start_with(roots: &[PathBuf], names: Option<&[&str]>) -> Issuer {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let origin = format!("http://{addr}");
        let rewrites: Vec<(String, String)> = match names {
            None => DEFAULT_ALIASES
                .iter()
                .map(|a| (a.to_string(), origin.clone()))
                .collect(),
            // TLS mode passes no names here: nothing is rewritten.
            Some(names) => names
                .iter()
                .map(|n| (format!("https://{n}"), format!("http://{n}")))
                .collect(),
        };
        let shared = Arc::new(Shared {
            roots: roots.to_vec(),
            rewrites,
            routes: Mutex::new(HashMap::new()),
            hits: Mutex::new(HashMap::new()),
            accept: Mutex::new(HashMap::new()),
        });
        let app = Router::new().fallback(serve).with_state(shared.clone());
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Issuer {
            addr,
            origin,
            names: names.unwrap_or(&[]).iter().map(|s| s.to_string()).collect(),
            shared,
            task,
            tls: None,
            _ca_dir: None,
            tls_task: None,
        }
    }

    /// The fixtures exactly as they are, under their own names, over http
    /// and https: `name:80` and `name:443` are pinned to this server and a
    /// test CA (in `network.extra_roots`) vouches for the names. Nothing is
    /// rewritten, so signed badges keep their signatures.
    pub async fn start_tls(roots: &[PathBuf]) -> Issuer {
        Self::start_tls_names(roots, NAMES).await
    }

    /// [`Issuer::start_tls`] under other host names (a real issuer's own).
    pub async fn start_tls_names(roots: &[PathBuf], names: &[&str]) -> Issuer {
        let mut issuer = Self::start_with(roots, Some(&[])).await;
        issuer.names = names.iter().map(|s| s.to_string()).collect();
        let shared = issuer.shared.clone();
        let (acceptor, ca_pem) = test_tls(names);
        let dir = tempfile::tempdir().unwrap();
        let ca_path = dir.path().join("test-ca.pem");
        std::fs::write(&ca_path, ca_pem).unwrap();
        let tcp = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let tls_addr = tcp.local_addr().unwrap();
        let app = Router::new().fallback(serve).with_state(shared);
        issuer.tls_task = Some(tokio::spawn(async move {
            let _ = axum::serve(TlsListener { tcp, acceptor }, app).await;
        }));
        issuer.tls = Some((tls_addr, ca_path));
        issuer._ca_dir = Some(dir);
        issuer
    }

    /// Overrides what `path` (e.g. `/badge.json`) answers.
    pub fn route(&self, path: &str, route: Route) {
        self.shared
            .routes
            .lock()
            .unwrap()
            .insert(path.to_string(), route);
    }

    /// How many requests `path` has had.
    pub fn hits(&self, path: &str) -> u32 {
        *self.shared.hits.lock().unwrap().get(path).unwrap_or(&0)
    }

    /// The `Accept` header `path` was last requested with.
    pub fn accept(&self, path: &str) -> Option<String> {
        self.shared.accept.lock().unwrap().get(path).cloned()
    }

    /// `origin + path`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.origin)
    }

    /// Rewrites the fixture origins in `text` to this server's.
    pub fn rewrite(&self, text: &str) -> String {
        rewrite(text, &self.shared.rewrites)
    }

    /// A config allowing this server's address, with `cache_dir`.
    pub fn config(&self, cache_dir: &Path) -> badgelens::config::Config {
        let mut c = badgelens::config::Config::default();
        c.network.allow_private = vec![self.addr.to_string()];
        c.cache_dir = Some(cache_dir.to_path_buf());
        for n in &self.names {
            c.network
                .resolve
                .insert(format!("{n}:80"), self.addr.to_string());
        }
        if let Some((tls_addr, ca)) = &self.tls {
            c.network.allow_private.push(tls_addr.to_string());
            c.network.extra_roots.push(ca.clone());
            for n in &self.names {
                c.network
                    .resolve
                    .insert(format!("{n}:443"), tls_addr.to_string());
            }
        }
        c
    }
}

impl Drop for Issuer {
    fn drop(&mut self) {
        self.task.abort();
        if let Some(t) = &self.tls_task {
            t.abort();
        }
    }
}

/// A test CA and a server certificate for `names`, signed by it.
pub fn test_tls(names: &[&str]) -> (tokio_rustls::TlsAcceptor, String) {
    use rcgen::{
        BasicConstraints, CertificateParams, CertifiedIssuer, DnType, ExtendedKeyUsagePurpose,
        IsCa, KeyPair, KeyUsagePurpose,
    };
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca_params
        .distinguished_name
        .push(DnType::CommonName, "BadgeLens test CA");
    ca_params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    let ca = CertifiedIssuer::self_signed(ca_params, KeyPair::generate().unwrap()).unwrap();
    let leaf_key = KeyPair::generate().unwrap();
    let mut leaf_params =
        CertificateParams::new(names.iter().map(|s| s.to_string()).collect::<Vec<_>>()).unwrap();
    leaf_params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    let leaf = leaf_params.signed_by(&leaf_key, &ca).unwrap();
    let key = rustls_pki_types::PrivateKeyDer::Pkcs8(leaf_key.serialize_der().into());
    let mut config = rustls::ServerConfig::builder_with_provider(Arc::new(
        rustls::crypto::aws_lc_rs::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .unwrap()
    .with_no_client_auth()
    .with_single_cert(vec![leaf.der().clone(), ca.der().clone()], key)
    .unwrap();
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    (tokio_rustls::TlsAcceptor::from(Arc::new(config)), ca.pem())
}

struct TlsListener {
    tcp: tokio::net::TcpListener,
    acceptor: tokio_rustls::TlsAcceptor,
}

impl axum::serve::Listener for TlsListener {
    type Io = tokio_rustls::server::TlsStream<tokio::net::TcpStream>;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        loop {
            let Ok((stream, addr)) = self.tcp.accept().await else {
                continue;
            };
            if let Ok(tls) = self.acceptor.accept(stream).await {
                return (tls, addr);
            }
        }
    }

    fn local_addr(&self) -> std::io::Result<Self::Addr> {
        self.tcp.local_addr()
    }
}

fn rewrite(text: &str, rewrites: &[(String, String)]) -> String {
    let mut out = text.to_string();
    for (from, to) in rewrites {
        out = out.replace(from.as_str(), to);
    }
    out
}

/// Host names the fixtures use for their issuers.
pub const NAMES: &[&str] = &[
    "www.example.org",
    "example.org",
    "example.com",
    "a.com",
    "api.credly.com",
    "api.badgr.io",
];

fn content_type_for(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()) {
        Some("json") | Some("jsonld") => "application/ld+json",
        Some("png") => "image/png",
        Some("svg") => "image/svg+xml",
        Some("html") => "text/html; charset=utf-8",
        Some("jwt") | Some("jws") => "text/plain",
        _ => "application/octet-stream",
    }
}

fn etag_of(body: &[u8]) -> String {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in body {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x100000001b3);
    }
    format!("\"{h:016x}\"")
}

fn body_response(
    shared: &Shared,
    status: u16,
    ct: &str,
    body: Vec<u8>,
    req: &HeaderMap,
) -> Response {
    let body = if ct.starts_with("image/png") || ct.starts_with("application/octet") {
        body
    } else {
        match String::from_utf8(body) {
            Ok(t) => rewrite(&t, &shared.rewrites).into_bytes(),
            Err(e) => e.into_bytes(),
        }
    };
    let etag = etag_of(&body);
    if status == 200
        && req
            .get(header::IF_NONE_MATCH)
            .is_some_and(|v| v.as_bytes() == etag.as_bytes())
    {
        let mut r = StatusCode::NOT_MODIFIED.into_response();
        r.headers_mut()
            .insert(header::ETAG, HeaderValue::from_str(&etag).unwrap());
        return r;
    }
    let mut r = (StatusCode::from_u16(status).unwrap_or(StatusCode::OK), body).into_response();
    r.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_str(ct).unwrap());
    r.headers_mut()
        .insert(header::ETAG, HeaderValue::from_str(&etag).unwrap());
    r
}

async fn serve(State(shared): State<Arc<Shared>>, req: Request) -> Response {
    let path = req.uri().path().to_string();
    let path_q = match req.uri().query() {
        Some(q) => format!("{path}?{q}"),
        None => path.clone(),
    };
    *shared.hits.lock().unwrap().entry(path.clone()).or_insert(0) += 1;
    if let Some(a) = req
        .headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
    {
        shared
            .accept
            .lock()
            .unwrap()
            .insert(path.clone(), a.to_string());
    }
    let route = {
        let routes = shared.routes.lock().unwrap();
        routes.get(&path_q).or_else(|| routes.get(&path)).cloned()
    };
    let route = match route {
        Some(r) => r,
        None => {
            let rel = path.trim_start_matches('/');
            match shared
                .roots
                .iter()
                .map(|r| r.join(rel))
                .find(|p| !rel.is_empty() && !rel.contains("..") && p.is_file())
            {
                Some(p) => Route::File(p),
                None => return (StatusCode::NOT_FOUND, "not found").into_response(),
            }
        }
    };
    answer(&shared, route, req.headers().clone()).await
}

async fn answer(shared: &Shared, mut route: Route, headers: HeaderMap) -> Response {
    loop {
        match route {
            Route::Delay(d, inner) => {
                tokio::time::sleep(d).await;
                route = *inner;
            }
            Route::File(p) => {
                let body = std::fs::read(&p).unwrap();
                return body_response(shared, 200, content_type_for(&p), body, &headers);
            }
            Route::Body {
                status,
                content_type,
                body,
            } => return body_response(shared, status, &content_type, body, &headers),
            Route::Redirect { status, location } => {
                let mut r = StatusCode::from_u16(status).unwrap().into_response();
                r.headers_mut()
                    .insert(header::LOCATION, HeaderValue::from_str(&location).unwrap());
                return r;
            }
            Route::Drip { every } => {
                let stream = futures_util::stream::unfold((), move |()| async move {
                    tokio::time::sleep(every).await;
                    Some((Ok::<_, std::io::Error>(Bytes::from_static(b" ")), ()))
                });
                let mut r = Response::new(Body::from_stream(stream));
                r.headers_mut().insert(
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("application/json"),
                );
                return r;
            }
            Route::Endless => {
                let chunk = Bytes::from(vec![b'['; 64 * 1024]);
                let stream = futures_util::stream::repeat_with(move || {
                    Ok::<_, std::io::Error>(chunk.clone())
                });
                let mut r = Response::new(Body::from_stream(stream));
                r.headers_mut().insert(
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("application/json"),
                );
                return r;
            }
        }
    }
}
