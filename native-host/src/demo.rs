//! `badgelens demo`: the bundled sample badges, verified against a built-in issuer.
//!
//! A small HTTP issuer starts on 127.0.0.1 inside the process and serves the
//! demo issuer's profile, badge classes, key, revocation list and hosted
//! assertions (`native-host/demo/files/`, made by `demo/generate.py`, baked
//! into the binary). The engine is configured as a user's would be, except
//! that `issuer.badgelens.example` is pinned to that server and its address
//! allowed (`network.resolve`, `network.allow_private`), so the real fetch,
//! policy and verification code runs. Then the bundled baked images are
//! verified and a table shows what BadgeLens says about each.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Router;

use crate::cache::Cache;
use crate::config::Config;
use crate::messages::{Source, Verdict, VerifyOptions, VerifyResult};
use crate::verify::Engine;

/// The demo issuer's host name (pinned to the local server).
pub const HOST: &str = "issuer.badgelens.example";
/// The identity the demo checks every badge against.
pub const RECIPIENT: &str = "alex@example.com";

macro_rules! file {
    ($p:literal) => {
        ($p, include_bytes!(concat!("../demo/files/", $p)).as_slice())
    };
}

/// What the issuer serves, by path.
const SERVED: &[(&str, &[u8])] = &[
    file!("issuer.json"),
    file!("key.json"),
    file!("revocations.json"),
    file!("badges/rust.json"),
    file!("badges/cloud.json"),
    file!("badges/security.json"),
    file!("assertions/valid.json"),
    file!("assertions/expired.json"),
    file!("assertions/tampered.json"),
    file!("assertions/someone-else.json"),
    file!("images/rust.png"),
    file!("images/cloud.png"),
    file!("images/security.png"),
];

/// A sample badge: its image, what it shows, and the verdict it must get.
pub struct Sample {
    pub file: &'static str,
    pub how: &'static str,
    pub story: &'static str,
    pub expected: Verdict,
    /// Whether the recipient check must match.
    pub for_alex: bool,
    pub png: &'static [u8],
}

macro_rules! sample {
    ($f:literal, $how:literal, $story:literal, $v:expr, $alex:expr) => {
        Sample {
            file: $f,
            how: $how,
            story: $story,
            expected: $v,
            for_alex: $alex,
            png: include_bytes!(concat!("../demo/files/baked/", $f)),
        }
    };
}

pub const SAMPLES: &[Sample] = &[
    sample!("valid.png", "hosted", "genuine", Verdict::Verified, true),
    sample!(
        "revoked.png",
        "hosted",
        "revoked: the issuer answers 410 Gone",
        Verdict::Revoked,
        true
    ),
    sample!(
        "expired.png",
        "hosted",
        "expired in 2024",
        Verdict::Expired,
        true
    ),
    sample!(
        "tampered.png",
        "hosted",
        "recipient changed in the image",
        Verdict::Invalid,
        false
    ),
    sample!(
        "someone-else.png",
        "hosted",
        "genuine, but issued to someone else",
        Verdict::Verified,
        false
    ),
    sample!(
        "signed-valid.png",
        "signed",
        "genuine",
        Verdict::Verified,
        true
    ),
    sample!(
        "signed-revoked.png",
        "signed",
        "on the issuer's revocation list",
        Verdict::Revoked,
        true
    ),
    sample!(
        "signed-tampered.png",
        "signed",
        "date changed after signing",
        Verdict::Invalid,
        true
    ),
];

async fn serve(State(_): State<Arc<()>>, req: Request) -> Response {
    let path = req.uri().path().trim_start_matches('/');
    if path == "assertions/revoked.json" {
        let mut r = (StatusCode::GONE, r#"{"revoked": true}"#).into_response();
        r.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        return r;
    }
    match SERVED.iter().find(|(p, _)| *p == path) {
        Some((p, body)) => {
            let ct = if p.ends_with(".png") {
                "image/png"
            } else {
                "application/ld+json"
            };
            let mut r = (StatusCode::OK, body.to_vec()).into_response();
            r.headers_mut()
                .insert(header::CONTENT_TYPE, HeaderValue::from_static(ct));
            r
        }
        None => (StatusCode::NOT_FOUND, "not found").into_response(),
    }
}

/// Starts the demo issuer on 127.0.0.1:0; returns its address.
pub async fn start_issuer() -> std::io::Result<(SocketAddr, tokio::task::JoinHandle<()>)> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let app = Router::new().fallback(serve).with_state(Arc::new(()));
    let task = tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    Ok((addr, task))
}

/// An engine that reaches the demo issuer at `addr`, with no disk cache.
pub fn engine_for(addr: SocketAddr) -> Engine {
    let mut config = Config::default();
    config.network.allow_private = vec![addr.to_string()];
    config
        .network
        .resolve
        .insert(format!("{HOST}:80"), addr.to_string());
    let mut engine = Engine::new(config);
    engine.cache = Cache::new(None);
    engine
}

/// Verifies every sample; results in `SAMPLES` order.
pub async fn verify_samples(engine: &Engine) -> Vec<VerifyResult> {
    let options = VerifyOptions {
        recipient: vec![RECIPIENT.to_string()],
        ..VerifyOptions::default()
    };
    let runs = SAMPLES.iter().map(|s| {
        engine.verify(
            Source::Image {
                data: s.png.to_vec(),
                mime: Some("image/png".into()),
                url: None,
            },
            options.clone(),
        )
    });
    futures_util::future::join_all(runs).await
}

/// What the demo did: the table to show, and whether every sample got the
/// verdict it should. The CLI prints it.
pub struct DemoOutcome {
    pub text: String,
    pub as_expected: bool,
}

/// Starts the issuer, verifies the samples, renders the table.
pub fn run() -> Result<DemoOutcome, String> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the async runtime: {e}"))?;
    rt.block_on(async {
        let (addr, server) = start_issuer()
            .await
            .map_err(|e| format!("cannot start the demo issuer on 127.0.0.1: {e}"))?;
        let engine = engine_for(addr);
        let started = std::time::Instant::now();
        let results = verify_samples(&engine).await;
        let elapsed = started.elapsed();
        server.abort();
        Ok(DemoOutcome {
            text: format!("{}\n", render(addr, &results, elapsed)),
            as_expected: SAMPLES
                .iter()
                .zip(&results)
                .all(|(s, r)| r.verdict == s.expected),
        })
    })
}

/// The table the demo prints.
pub fn render(addr: SocketAddr, results: &[VerifyResult], elapsed: std::time::Duration) -> String {
    let mut s = format!(
        "BadgeLens demo: {} sample badges (baked PNG images) verified against a demo issuer\n\
         running at http://{addr}/ as http://{HOST}/, checking the recipient {RECIPIENT}.\n\n",
        SAMPLES.len()
    );
    s.push_str(&format!(
        "  {:<20} {:<7} {:<13} {:<10} {}\n",
        "image", "kind", "verdict", "for alex?", "what was done to it"
    ));
    s.push_str(&format!("  {}\n", "-".repeat(88)));
    for (sample, r) in SAMPLES.iter().zip(results) {
        let matched = match r.badge.as_ref().and_then(|b| b.recipient.matched) {
            Some(true) => "yes",
            Some(false) => "NO",
            None => "-",
        };
        let mark = if r.verdict == sample.expected {
            ""
        } else {
            "  (unexpected!)"
        };
        s.push_str(&format!(
            "  {:<20} {:<7} {:<13} {:<10} {}{mark}\n",
            sample.file,
            sample.how,
            r.verdict.as_str().to_uppercase(),
            matched,
            sample.story
        ));
    }
    s.push_str("\nWhat BadgeLens says:\n");
    for (sample, r) in SAMPLES.iter().zip(results) {
        s.push_str(&format!("  {:<20} {}\n", sample.file, r.summary));
    }
    s.push_str(&format!(
        "\nAll {} verified in {:.0} ms. Try it on a real badge: badgelens verify <image, file or URL>\n",
        SAMPLES.len(),
        elapsed.as_secs_f64() * 1000.0
    ));
    s
}
