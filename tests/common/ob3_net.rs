//! A real issuer on 127.0.0.1 for OB 3.0 tests, over HTTP and HTTPS (a test
//! CA vouches for [`NAMES`]), routing by the `Host` header so one server
//! plays several issuers. [`Issuer::config`] gives the engine a config that
//! pins those names to it (`network.resolve`), allows its addresses and
//! trusts the test CA, so every request goes through BadgeLens's real safe
//! fetcher and cache. Only loopback traffic.

#![allow(dead_code)]

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use serde_json::Value;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::TcpListener;
use url::Url;

/// Host names the OB 3.0 tests use for issuers, key documents and lists.
pub const NAMES: &[&str] = &[
    "academy.example",
    "other.example",
    "example.com",
    "example.edu",
    "1edtech.edu",
    "contexts.example",
    "digitalcredentials.github.io",
    "raw.githubusercontent.com",
    "dc.1edtech.org",
    "purl.imsglobal.org",
    "json-schema.org",
];

/// What the issuer serves: `host` + `path` → `(status, body)`.
#[derive(Clone, Default)]
pub struct Routes(Arc<Mutex<HashMap<String, (u16, String)>>>);

impl Routes {
    /// Serves `body` as JSON at `url` (scheme and port ignored).
    pub fn json(&self, url: &str, body: &Value) {
        self.raw(url, 200, &body.to_string());
    }

    pub fn raw(&self, url: &str, status: u16, body: &str) {
        let u = Url::parse(url).unwrap();
        let key = format!("{}{}", u.host_str().unwrap(), u.path());
        self.0
            .lock()
            .unwrap()
            .insert(key, (status, body.to_string()));
    }

    fn get(&self, host: &str, path: &str) -> Option<(u16, String)> {
        self.0
            .lock()
            .unwrap()
            .get(&format!("{host}{path}"))
            .cloned()
    }
}

/// The loopback issuer server.
pub struct Issuer {
    /// Plain HTTP.
    pub addr: SocketAddr,
    /// HTTPS with the test CA's certificate for [`NAMES`].
    pub tls_addr: SocketAddr,
    pub routes: Routes,
    /// Every request line the server saw, `host path`.
    pub seen: Arc<Mutex<Vec<String>>>,
    dir: tempfile::TempDir,
}

impl Issuer {
    pub async fn start() -> Issuer {
        let routes = Routes::default();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let tls_listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let tls_addr = tls_listener.local_addr().unwrap();
        let (acceptor, ca_pem) = super::issuer::test_tls(NAMES);
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("test-ca.pem"), ca_pem).unwrap();
        let (r, s) = (routes.clone(), seen.clone());
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(serve(stream, r.clone(), s.clone()));
            }
        });
        let (r, s) = (routes.clone(), seen.clone());
        tokio::spawn(async move {
            while let Ok((stream, _)) = tls_listener.accept().await {
                let (r, s, acceptor) = (r.clone(), s.clone(), acceptor.clone());
                tokio::spawn(async move {
                    if let Ok(tls) = acceptor.accept(stream).await {
                        serve(tls, r, s).await;
                    }
                });
            }
        });
        Issuer {
            addr,
            tls_addr,
            routes,
            seen,
            dir,
        }
    }

    /// An engine config that sends [`NAMES`] here (ports 80 and 443), with
    /// a cache directory of its own.
    pub fn config(&self) -> badgelens::config::Config {
        let mut c = badgelens::config::Config::default();
        c.network.allow_private = vec![self.addr.to_string(), self.tls_addr.to_string()];
        c.network.extra_roots = vec![self.dir.path().join("test-ca.pem")];
        c.cache_dir = Some(self.dir.path().join("cache"));
        for n in NAMES {
            c.network
                .resolve
                .insert(format!("{n}:80"), self.addr.to_string());
            c.network
                .resolve
                .insert(format!("{n}:443"), self.tls_addr.to_string());
        }
        c
    }
}

async fn serve<S: AsyncRead + AsyncWrite + Unpin>(
    stream: S,
    routes: Routes,
    seen: Arc<Mutex<Vec<String>>>,
) {
    let _ = answer(stream, routes, seen).await;
}

async fn answer<S: AsyncRead + AsyncWrite + Unpin>(
    mut stream: S,
    routes: Routes,
    seen: Arc<Mutex<Vec<String>>>,
) -> std::io::Result<()> {
    let mut head = Vec::new();
    let mut buf = [0u8; 1024];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") && head.len() < 16 * 1024 {
        let n = stream.read(&mut buf).await?;
        if n == 0 {
            return Ok(());
        }
        head.extend_from_slice(&buf[..n]);
    }
    let text = String::from_utf8_lossy(&head).to_string();
    let mut lines = text.split("\r\n");
    let path = lines
        .next()
        .unwrap_or("")
        .split(' ')
        .nth(1)
        .unwrap_or("/")
        .split('?')
        .next()
        .unwrap_or("/")
        .to_string();
    let host = lines
        .find_map(|l| {
            l.strip_prefix("Host: ")
                .or_else(|| l.strip_prefix("host: "))
        })
        .unwrap_or("")
        .split(':')
        .next()
        .unwrap_or("")
        .to_string();
    seen.lock().unwrap().push(format!("{host} {path}"));
    let (status, body) = routes
        .get(&host, &path)
        .unwrap_or((404, "{\"error\":\"not found\"}".into()));
    let reason = if status == 200 { "OK" } else { "Error" };
    let response = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(response.as_bytes()).await?;
    stream.shutdown().await
}
