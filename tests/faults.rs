//! Faults, through one real host process each: an issuer that fails (HTTP
//! 500, timeouts, connection resets, half the requests failing) gives
//! `unverifiable`, never another verdict, and the same badge verifies once
//! the issuer is back; a cache directory that is truncated, filled with
//! garbage, made unwritable or deleted while the host runs changes nothing
//! but the speed.
//!
//! The genuine badge is the reference project's OB 2.0 hosted assertion
//! (dc-public-validator `basic-assertion.json`), served by the loopback
//! issuer under its own names (`http://example.org/...`, `network.resolve`).

mod common;
mod support;

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use common::dc_ob20;
use common::issuer::{Issuer, Route};
use serde_json::{json, Value};
use support::HostProcess;

const ASSERTION: &str = "/beths-robotics-badge.json";
const BADGE_CLASS: &str = "/robotics-badge.json";

struct Rig {
    rt: tokio::runtime::Runtime,
    issuer: Issuer,
    cache: tempfile::TempDir,
    host: HostProcess,
    /// The pasted assertion (the hosted copy, as the issuer serves it).
    text: String,
    next: u32,
}

impl Rig {
    /// A host whose `example.org` is `front` (the issuer itself, or a
    /// proxy in front of it), with a short time budget.
    fn start(front: impl FnOnce(SocketAddr) -> SocketAddr) -> Rig {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let issuer = rt.block_on(Issuer::start_named(&[dc_ob20().join("assets")]));
        let text = issuer
            .rewrite(&std::fs::read_to_string(dc_ob20().join("basic-assertion.json")).unwrap());
        issuer.route(ASSERTION, Route::json(200, &text));
        let front = front(issuer.addr);
        let cache = tempfile::tempdir().unwrap();
        let cache_dir = cache.path().join("cache");
        let mut config = issuer.config(&cache_dir);
        config.network.allow_private.push(front.to_string());
        config
            .network
            .resolve
            .insert("example.org:80".into(), front.to_string());
        // Short, so the timeout cases end quickly; every case still runs
        // against the real budget logic.
        config.network.timeout_ms = 2_000;
        let config_path = cache.path().join("config.json");
        std::fs::write(&config_path, serde_json::to_vec(&config).unwrap()).unwrap();
        let host = HostProcess::start_with_env(
            &["host"],
            &[("BADGELENS_CONFIG", config_path.to_str().unwrap())],
        );
        Rig {
            rt,
            issuer,
            cache,
            host,
            text,
            next: 0,
        }
    }

    fn cache_dir(&self) -> PathBuf {
        self.cache.path().join("cache")
    }

    fn verify(&mut self, cache: &str) -> Value {
        self.next += 1;
        let id = format!("f{}", self.next);
        let answer = self.host.request(&json!({
            "type": "verify", "id": id,
            "source": {"assertion": self.text},
            "options": {"cache": cache}
        }));
        assert_eq!(answer["type"], "result", "{answer}");
        answer
    }

    /// Verifies and returns the verdict, which must be one of `allowed`.
    fn expect(&mut self, cache: &str, allowed: &[&str], what: &str) -> String {
        let answer = self.verify(cache);
        let verdict = answer["verdict"].as_str().unwrap().to_string();
        assert!(
            allowed.contains(&verdict.as_str()),
            "{what}: verdict {verdict}, allowed {allowed:?}: {answer}"
        );
        verdict
    }

    fn finish(mut self) {
        let hello = self.host.request(&json!({"type": "hello", "id": "end"}));
        assert_eq!(hello["type"], "hello");
        self.host.close_stdin();
        let status = self.host.wait_exit(Duration::from_secs(20));
        assert!(status.success(), "{status:?}: {}", self.host.stderr());
        drop(self.issuer);
        drop(self.rt);
    }
}

/// A TCP front for the issuer that either forwards each connection or
/// resets it (closes with the request unread, which makes Linux send RST).
fn proxy(to: SocketAddr, reset: Arc<AtomicBool>) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for client in listener.incoming() {
            let Ok(client) = client else { continue };
            if reset.load(Ordering::SeqCst) {
                std::thread::sleep(Duration::from_millis(30));
                drop(client);
                continue;
            }
            let Ok(upstream) = TcpStream::connect(to) else {
                continue;
            };
            let pipe = |mut a: TcpStream, mut b: TcpStream| {
                std::thread::spawn(move || {
                    let mut buf = [0u8; 16 * 1024];
                    while let Ok(n) = a.read(&mut buf) {
                        if n == 0 || b.write_all(&buf[..n]).is_err() {
                            break;
                        }
                    }
                    let _ = b.shutdown(std::net::Shutdown::Write);
                });
            };
            pipe(client.try_clone().unwrap(), upstream.try_clone().unwrap());
            pipe(upstream, client);
        }
    });
    addr
}

fn check<'a>(answer: &'a Value, name: &str) -> Option<&'a Value> {
    answer["checks"]
        .as_array()?
        .iter()
        .find(|c| c["check"] == name)
}

#[test]
fn issuer_faults_are_unverifiable_and_the_badge_verifies_once_the_issuer_is_back() {
    let reset = Arc::new(AtomicBool::new(true));
    let r2 = reset.clone();
    let mut rig = Rig::start(move |issuer| proxy(issuer, r2));

    // Connection resets, from the first connection on (nothing pooled yet).
    let a = rig.verify("refresh");
    assert_eq!(a["verdict"], "unverifiable", "reset: {a}");
    assert_eq!(
        check(&a, "fetch_assertion").unwrap()["status"],
        "fail",
        "{a}"
    );
    reset.store(false, Ordering::SeqCst);
    rig.expect("refresh", &["verified"], "after resets");

    // HTTP 500 from the issuer, for the assertion and then the badge class.
    rig.issuer.route(ASSERTION, Route::status(500));
    let a = rig.verify("refresh");
    assert_eq!(a["verdict"], "unverifiable", "500: {a}");
    assert_eq!(check(&a, "fetch_assertion").unwrap()["status"], "fail");
    rig.issuer
        .route(ASSERTION, Route::json(200, &rig.text.clone()));
    rig.issuer.route(BADGE_CLASS, Route::status(500));
    let a = rig.verify("refresh");
    assert_eq!(a["verdict"], "unverifiable", "badge class 500: {a}");
    assert_eq!(check(&a, "badge_class").unwrap()["status"], "fail");
    let badge_class =
        std::fs::read_to_string(dc_ob20().join("assets/robotics-badge.json")).unwrap();
    let badge_class = rig.issuer.rewrite(&badge_class);
    rig.issuer
        .route(BADGE_CLASS, Route::json(200, &badge_class));
    rig.expect("refresh", &["verified"], "after 500s");

    // A timeout: the issuer answers after the whole budget.
    rig.issuer.route(
        ASSERTION,
        Route::Delay(
            Duration::from_secs(6),
            Box::new(Route::json(200, &rig.text.clone())),
        ),
    );
    let a = rig.verify("refresh");
    assert_eq!(a["verdict"], "unverifiable", "timeout: {a}");
    assert_eq!(
        check(&a, "fetch_assertion").unwrap()["rule"],
        "timeout",
        "{a}"
    );
    rig.issuer
        .route(ASSERTION, Route::json(200, &rig.text.clone()));
    rig.expect("refresh", &["verified"], "after a timeout");

    // Half the requests failing: every other verification meets a broken
    // issuer (assertion or badge class). Each must be verified or
    // unverifiable, exactly as the issuer's state says.
    let mut seen = (0, 0);
    for i in 0..12 {
        let failing = i % 2 == 0;
        let path = if i % 4 == 0 { ASSERTION } else { BADGE_CLASS };
        let good = if path == ASSERTION {
            rig.text.clone()
        } else {
            badge_class.clone()
        };
        rig.issuer.route(
            path,
            if failing {
                Route::status(if i % 3 == 0 { 503 } else { 500 })
            } else {
                Route::json(200, &good)
            },
        );
        let want = if failing { "unverifiable" } else { "verified" };
        let got = rig.expect("refresh", &[want], &format!("half failing, request {i}"));
        if got == "verified" {
            seen.0 += 1;
        } else {
            seen.1 += 1;
        }
        rig.issuer.route(path, Route::json(200, &good));
    }
    assert_eq!(seen, (6, 6));
    rig.expect("use", &["verified"], "after the flapping issuer");
    rig.finish();
}

/// Every regular file under `dir`.
fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(files(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[test]
fn the_cache_survives_truncation_garbage_no_write_access_and_deletion() {
    let mut rig = Rig::start(|issuer| issuer);
    rig.expect("use", &["verified"], "first");
    let cached = files(&rig.cache_dir());
    assert!(
        cached.len() >= 3,
        "assertion, badge class and issuer are cached: {cached:?}"
    );

    // Truncated to nothing, and to half.
    for (i, f) in cached.iter().enumerate() {
        let len = std::fs::metadata(f).unwrap().len();
        let keep = if i % 2 == 0 { 0 } else { len / 2 };
        std::fs::OpenOptions::new()
            .write(true)
            .open(f)
            .unwrap()
            .set_len(keep)
            .unwrap();
    }
    // Offline, the broken entries are not trusted: never anything but
    // unverifiable (the assertion's status is always fetched).
    rig.expect("offline", &["unverifiable"], "offline over truncated files");
    rig.expect("use", &["verified"], "truncated");

    // Garbage: random-looking bytes, invalid UTF-8, and JSON of the wrong shape.
    for (i, f) in files(&rig.cache_dir()).iter().enumerate() {
        let junk: Vec<u8> = match i % 3 {
            0 => (0..4096u32).map(|n| (n.wrapping_mul(2_654_435_761) >> 13) as u8).collect(),
            1 => b"\xff\xfe\x00{\"url\":".to_vec(),
            _ => br#"{"url":"http://example.org/robotics-badge.json","body":{"revoked":true},"etag":7}"#.to_vec(),
        };
        std::fs::write(f, junk).unwrap();
    }
    rig.expect("offline", &["unverifiable"], "offline over garbage");
    rig.expect("use", &["verified"], "garbage");

    // No write access. Tests run as root here, and root ignores permission
    // bits, so a mode-0555 directory would still be written. What really
    // makes every write fail: the cache directory replaced by a regular
    // file (creating anything under it fails with ENOTDIR, for root too).
    std::fs::remove_dir_all(rig.cache_dir()).unwrap();
    std::fs::write(rig.cache_dir(), b"not a directory").unwrap();
    let probe = std::fs::write(rig.cache_dir().join("probe"), b"x");
    assert!(probe.is_err(), "writes under the cache path must fail");
    rig.expect("use", &["verified"], "unwritable cache");
    rig.expect("offline", &["unverifiable"], "offline with no cache");
    assert_eq!(std::fs::read(rig.cache_dir()).unwrap(), b"not a directory");

    // Deleted while the host runs: it comes back on the next fetch.
    std::fs::remove_file(rig.cache_dir()).unwrap();
    rig.expect("use", &["verified"], "deleted cache");
    assert!(
        !files(&rig.cache_dir()).is_empty(),
        "the cache is written again"
    );
    rig.expect("use", &["verified"], "rebuilt cache");
    rig.finish();
}
