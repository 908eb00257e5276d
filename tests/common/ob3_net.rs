//! A real HTTP issuer on 127.0.0.1 for OB 3.0 tests, and an [`Ob3Network`]
//! that sends every request to it (as `network.resolve` pins hosts), keeping
//! the original host in the `Host` header so the server can serve several
//! "issuers" at once. Only loopback traffic; nothing here reaches any other
//! address.

#![allow(dead_code)]

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use badgelens::messages::CheckName;
use badgelens::verify::ob3::{BoxFuture, NetFailure, Ob3Network};
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use url::Url;

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
    pub addr: SocketAddr,
    pub routes: Routes,
    /// Every request line the server saw, `host path`.
    pub seen: Arc<Mutex<Vec<String>>>,
}

impl Issuer {
    pub async fn start() -> Issuer {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let routes = Routes::default();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let (r, s) = (routes.clone(), seen.clone());
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let (r, s) = (r.clone(), s.clone());
                tokio::spawn(async move {
                    let _ = serve(stream, r, s).await;
                });
            }
        });
        Issuer { addr, routes, seen }
    }

    pub fn network(&self) -> Arc<LoopbackNet> {
        Arc::new(LoopbackNet { addr: self.addr })
    }
}

async fn serve(
    mut stream: TcpStream,
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

/// An [`Ob3Network`] that speaks HTTP/1.1 to the loopback issuer for every URL.
pub struct LoopbackNet {
    addr: SocketAddr,
}

impl LoopbackNet {
    async fn get(&self, url: &Url) -> Result<Value, NetFailure> {
        let mut stream = TcpStream::connect(self.addr)
            .await
            .map_err(|e| NetFailure::Other(e.to_string()))?;
        let request = format!(
            "GET {} HTTP/1.1\r\nHost: {}\r\nAccept: application/json\r\nConnection: close\r\n\r\n",
            url.path(),
            url.host_str().unwrap_or("")
        );
        stream
            .write_all(request.as_bytes())
            .await
            .map_err(|e| NetFailure::Other(e.to_string()))?;
        let mut response = Vec::new();
        (&mut stream)
            .take(2 * 1024 * 1024)
            .read_to_end(&mut response)
            .await
            .map_err(|e| NetFailure::Other(e.to_string()))?;
        let text =
            String::from_utf8(response).map_err(|_| NetFailure::NotJson("not UTF-8".into()))?;
        let (head, body) = text
            .split_once("\r\n\r\n")
            .ok_or_else(|| NetFailure::Other("no HTTP head".into()))?;
        let status: u16 = head
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        if status != 200 {
            return Err(NetFailure::Status(status));
        }
        serde_json::from_str(body).map_err(|e| NetFailure::NotJson(e.to_string()))
    }
}

impl Ob3Network for LoopbackNet {
    fn fetch_json<'a>(
        &'a self,
        url: &'a Url,
        _purpose: CheckName,
    ) -> BoxFuture<'a, Result<Value, NetFailure>> {
        Box::pin(async move {
            match tokio::time::timeout(Duration::from_secs(5), self.get(url)).await {
                Ok(r) => r,
                Err(_) => Err(NetFailure::Timeout),
            }
        })
    }
}
