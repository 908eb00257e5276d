//! Regression tests for the "trust taken from documents the issuer never
//! published" security issue: key ownership, hosting policy, redirects,
//! status lists, the offline cache, `did:web` host parsing, proxies and
//! plain-http issuer data. On the code before the fix (0af02e9) every
//! attack below came out `verified`.
//!
//! Every test drives the real `badgelens` binary as a black box
//! (`verify --json --now T [--offline] <file|URL>`, `bake`), with a config
//! file (`BADGELENS_CONFIG`) that pins two host names to one loopback
//! server speaking HTTP and HTTPS (a test CA in `network.extra_roots`):
//!
//! - `victim.example`, the genuine issuer: it serves only what a real
//!   issuer would publish (its profile or DID document with its own key,
//!   its badge classes and assertions, and, where a test says so, an open
//!   redirect `/redirect?to=<URL>` such as many real sites have);
//! - `attacker.example`, controlled by the attacker.
//!
//! The binary is `$BADGELENS_TEST_BIN` if set (to run these tests against
//! another build, e.g. the pre-fix one), else the one cargo built. Only
//! loopback traffic; proxy variables are removed from the child's
//! environment except where a test sets them on purpose.
//!
//! What each test pins (attack number from the issue):
//!
//! 1. OB 3.0 key ownership comes from the issuer's own document, never from
//!    the key document's claim: a VC-JWT whose `kid` is a key document on
//!    attacker.example claiming `controller: did:web:victim.example`
//!    (`ob3_vc_jwt_key_document_claiming_the_did_web_issuer_as_controller_is_not_the_issuers_key`),
//!    and a Data Integrity credential of an https issuer re-signed by a key
//!    whose document claims that issuer
//!    (`ob3_data_integrity_key_document_claiming_the_https_issuer_as_controller_is_not_the_issuers_key`):
//!    not verified, `key_owner` fails.
//! 2. OB 1/2 hosted: an issuer profile not fetched from the issuer cannot set
//!    the hosting policy (`verification.allowedOrigins` / `startsWith`):
//!    embedded in a badge class on attacker.example, pasted and baked in a
//!    PNG, in an embedded badge class, with `startsWith`, and as an OB 1.0
//!    assertion whose issuer has no `id` but the victim's `url`: not
//!    verified, `issuer_origin` or `issuer_profile` fails.
//! 3. An open redirect on the victim's site does not vouch for an issuer
//!    profile served by attacker.example, hosted or RS256-signed: not
//!    verified, `issuer_profile` or `issuer_origin` fails.
//! 4. A `1EdTechRevocationList` served by attacker.example does not clear a
//!    victim-signed credential: `revocation` fails, not verified.
//! 5. A `BitstringStatusList` credential signed by another issuer (the
//!    attacker's did:key) saying "not revoked" does not count: `revocation`
//!    fails, not verified.
//! 6. A hosted assertion reached through a cross-host redirect is refused
//!    online (`issuer_origin`) and stays refused `--offline` from the cache.
//! 7. `did:web:victim.example@attacker.example` never resolves to
//!    attacker.example (no request reaches it) and is not verified.
//! 8. `HTTPS_PROXY` / `HTTP_PROXY` / `ALL_PROXY` in the environment are not
//!    used when the config names no proxy (the recording proxy sees no
//!    connection) and the genuine badges still verify directly.
//! 9. Issuer data fetched over plain http (an OB 3.0 issuer's profile and key
//!    document, a signed OB 2.0 badge's profile and key) gives a `transport`
//!    check with status `warn`.
//! 10. A revocation served by attacker.example in the victim's name (a
//!     `revoked: true` assertion, or HTTP 410 for a baked copy) is not the
//!     victim's word: `invalid`, `issuer_origin` fails; the victim's own
//!     revocation stays `revoked`.
//!
//! Positive controls (`control_*`): the victim's genuine badges in the same
//! setups are `verified`, so each attack test fails for the right reason.

mod common;

use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use base64::Engine as _;
use common::ob3_sign::{b64url, credential, jws, sign_di, EdKey, RsaKey};
use serde_json::{json, Value};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};

const VICTIM: &str = "victim.example";
const ATTACKER: &str = "attacker.example";
const NAMES: &[&str] = &[VICTIM, ATTACKER];
const VICTIM_DID: &str = "did:web:victim.example";
const NOW: &str = "2026-11-25T12:00:00Z";
const OB2: &str = "https://w3id.org/openbadges/v2";

// ---------------------------------------------------------------------------
// The loopback web: one server, HTTP and HTTPS, routing by Host header.
// ---------------------------------------------------------------------------

/// What a URL answers.
#[derive(Clone)]
enum Reply {
    /// A JSON body with this status (`application/json`).
    Json(u16, String),
    /// An open redirect: 302 to the request's `to` query parameter.
    OpenRedirect,
}

type Routes = Arc<Mutex<HashMap<String, Reply>>>;

/// victim.example and attacker.example on 127.0.0.1, ports 80 and 443
/// pinned to one server by the config.
struct Net {
    /// Runs the server tasks; dropping it stops them.
    _rt: tokio::runtime::Runtime,
    http: SocketAddr,
    https: SocketAddr,
    routes: Routes,
    /// Every request, as `host path[?query]`.
    seen: Arc<Mutex<Vec<String>>>,
    ca: PathBuf,
    _dir: tempfile::TempDir,
}

fn route_key(url: &str) -> String {
    let u = url::Url::parse(url).unwrap();
    match u.query() {
        Some(q) => format!("{}{}?{q}", u.host_str().unwrap(), u.path()),
        None => format!("{}{}", u.host_str().unwrap(), u.path()),
    }
}

impl Net {
    fn start() -> Net {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        let routes: Routes = Arc::default();
        let seen: Arc<Mutex<Vec<String>>> = Arc::default();
        let (acceptor, ca_pem) = common::issuer::test_tls(NAMES);
        let dir = tempfile::tempdir().unwrap();
        let ca = dir.path().join("test-ca.pem");
        std::fs::write(&ca, ca_pem).unwrap();
        let (http, https) = rt.block_on(async {
            let plain = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            let tls = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            let addrs = (plain.local_addr().unwrap(), tls.local_addr().unwrap());
            let (r, s) = (routes.clone(), seen.clone());
            tokio::spawn(async move {
                while let Ok((stream, _)) = plain.accept().await {
                    tokio::spawn(serve(stream, r.clone(), s.clone()));
                }
            });
            let (r, s) = (routes.clone(), seen.clone());
            tokio::spawn(async move {
                while let Ok((stream, _)) = tls.accept().await {
                    let (r, s, acceptor) = (r.clone(), s.clone(), acceptor.clone());
                    tokio::spawn(async move {
                        if let Ok(stream) = acceptor.accept(stream).await {
                            serve(stream, r, s).await;
                        }
                    });
                }
            });
            addrs
        });
        Net {
            _rt: rt,
            http,
            https,
            routes,
            seen,
            ca,
            _dir: dir,
        }
    }

    /// Serves `body` as JSON at `url` (scheme and port are not part of the
    /// route; a query is, when given).
    fn json(&self, url: &str, body: &Value) {
        self.reply(url, Reply::Json(200, body.to_string()));
    }

    fn reply(&self, url: &str, reply: Reply) {
        self.routes.lock().unwrap().insert(route_key(url), reply);
    }

    /// Requests that reached `host`.
    fn requests_to(&self, host: &str) -> Vec<String> {
        self.seen
            .lock()
            .unwrap()
            .iter()
            .filter(|s| s.split(' ').next() == Some(host))
            .cloned()
            .collect()
    }

    fn config(&self, cache: &Path) -> badgelens::config::Config {
        let mut c = badgelens::config::Config::default();
        c.network.allow_private = vec![self.http.to_string(), self.https.to_string()];
        c.network.extra_roots = vec![self.ca.clone()];
        c.cache_dir = Some(cache.to_path_buf());
        for n in NAMES {
            c.network
                .resolve
                .insert(format!("{n}:80"), self.http.to_string());
            c.network
                .resolve
                .insert(format!("{n}:443"), self.https.to_string());
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
    let mut buf = [0u8; 4096];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") && head.len() < 64 * 1024 {
        let n = stream.read(&mut buf).await?;
        if n == 0 {
            return Ok(());
        }
        head.extend_from_slice(&buf[..n]);
    }
    let text = String::from_utf8_lossy(&head).to_string();
    let mut lines = text.split("\r\n");
    let target = lines
        .next()
        .unwrap_or("")
        .split(' ')
        .nth(1)
        .unwrap_or("/")
        .to_string();
    let host = lines
        .find_map(|l| {
            let (name, value) = l.split_once(':')?;
            name.trim()
                .eq_ignore_ascii_case("host")
                .then(|| value.trim().to_string())
        })
        .unwrap_or_default();
    let host = host
        .rsplit_once(':')
        .map_or(host.as_str(), |(h, _)| h)
        .to_ascii_lowercase();
    seen.lock().unwrap().push(format!("{host} {target}"));
    let (path, query) = target.split_once('?').unwrap_or((target.as_str(), ""));
    let reply = {
        let routes = routes.lock().unwrap();
        routes
            .get(&format!("{host}{target}"))
            .or_else(|| routes.get(&format!("{host}{path}")))
            .cloned()
    };
    let response = match reply {
        Some(Reply::Json(status, body)) => format!(
            "HTTP/1.1 {status} {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            if status == 200 { "OK" } else { "Error" },
            body.len()
        ),
        Some(Reply::OpenRedirect) => {
            let to = url::form_urlencoded::parse(query.as_bytes())
                .find(|(k, _)| k == "to")
                .map(|(_, v)| v.into_owned())
                .unwrap_or_default();
            redirect(&to)
        }
        None => {
            let body = "{\"error\":\"not found\"}";
            format!(
                "HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            )
        }
    };
    stream.write_all(response.as_bytes()).await?;
    stream.shutdown().await
}

fn redirect(location: &str) -> String {
    format!("HTTP/1.1 302 Found\r\nLocation: {location}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
}

// ---------------------------------------------------------------------------
// The binary.
// ---------------------------------------------------------------------------

fn bin() -> PathBuf {
    match std::env::var_os("BADGELENS_TEST_BIN") {
        Some(p) if !p.is_empty() => PathBuf::from(p),
        _ => PathBuf::from(env!("CARGO_BIN_EXE_badgelens")),
    }
}

const PROXY_VARS: &[&str] = &[
    "HTTPS_PROXY",
    "https_proxy",
    "HTTP_PROXY",
    "http_proxy",
    "ALL_PROXY",
    "all_proxy",
    "NO_PROXY",
    "no_proxy",
];

/// A loopback web plus a config file, a cache directory and scratch files.
struct Lab {
    net: Net,
    dir: tempfile::TempDir,
    config: PathBuf,
}

impl Lab {
    fn new() -> Lab {
        let net = Net::start();
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join("config.json");
        let c = net.config(&dir.path().join("cache"));
        std::fs::write(&config, serde_json::to_vec_pretty(&c).unwrap()).unwrap();
        Lab { net, dir, config }
    }

    /// Writes a scratch file (a "pasted" assertion, a JWS, ...).
    fn file(&self, name: &str, contents: &str) -> String {
        let p = self.dir.path().join(name);
        std::fs::write(&p, contents).unwrap();
        p.to_string_lossy().into_owned()
    }

    fn command(&self) -> Command {
        let mut cmd = Command::new(bin());
        cmd.env("BADGELENS_CONFIG", &self.config);
        for v in PROXY_VARS {
            cmd.env_remove(v);
        }
        cmd
    }

    /// `badgelens verify --json --now NOW <inputs>`, one result per input.
    fn verify(&self, inputs: &[&str]) -> Vec<Value> {
        self.verify_with(inputs, false, &[])
    }

    fn verify_one(&self, input: &str) -> Value {
        self.verify(&[input]).remove(0)
    }

    fn verify_with(&self, inputs: &[&str], offline: bool, env: &[(&str, &str)]) -> Vec<Value> {
        let mut cmd = self.command();
        cmd.args(["verify", "--json", "--now", NOW]);
        if offline {
            cmd.arg("--offline");
        }
        cmd.args(inputs);
        for (k, v) in env {
            cmd.env(k, v);
        }
        let out = cmd.output().expect("badgelens runs");
        let stdout = String::from_utf8_lossy(&out.stdout);
        let results: Vec<Value> = stdout
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| {
                serde_json::from_str(l).unwrap_or_else(|e| {
                    panic!(
                        "not a JSON line ({e}): {l}\nstderr: {}",
                        String::from_utf8_lossy(&out.stderr)
                    )
                })
            })
            .collect();
        assert_eq!(
            results.len(),
            inputs.len(),
            "one result per input; stdout: {stdout}\nstderr: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        results
    }

    /// `badgelens bake --image <a fixture PNG> --assertion <payload> -o OUT`.
    fn bake(&self, payload: &str, name: &str) -> String {
        let image = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/openbadges-validator-core/images/public_domain_heart.png");
        let out = self.dir.path().join(name);
        let status = self
            .command()
            .arg("bake")
            .arg("--image")
            .arg(&image)
            .arg("--assertion")
            .arg(payload)
            .arg("-o")
            .arg(&out)
            .status()
            .expect("badgelens bake runs");
        assert!(status.success(), "bake failed: {status}");
        out.to_string_lossy().into_owned()
    }
}

// ---------------------------------------------------------------------------
// Reading results.
// ---------------------------------------------------------------------------

fn verdict(r: &Value) -> &str {
    r["verdict"].as_str().unwrap_or("?")
}

fn statuses(r: &Value, check: &str) -> Vec<String> {
    r["checks"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter(|c| c["check"] == check)
                .filter_map(|c| c["status"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

fn explain(r: &Value) -> String {
    let mut s = format!(
        "verdict {} ({})\n",
        verdict(r),
        r["summary"].as_str().unwrap_or("")
    );
    for c in r["checks"].as_array().into_iter().flatten() {
        s.push_str(&format!(
            "  {} {}: {}{}\n",
            c["check"].as_str().unwrap_or("?"),
            c["status"].as_str().unwrap_or("?"),
            c["message"].as_str().unwrap_or(""),
            c.get("rule")
                .and_then(Value::as_str)
                .map(|r| format!(" [rule {r}]"))
                .unwrap_or_default()
        ));
    }
    s
}

fn assert_verified(r: &Value, what: &str) {
    assert_eq!(verdict(r), "verified", "{what}: {}", explain(r));
}

/// Not verified, and at least one of `checks` fails.
fn assert_refused_by(r: &Value, checks: &[&str], what: &str) {
    eprintln!("{what}:\n{}", explain(r));
    assert_ne!(
        verdict(r),
        "verified",
        "{what}: the attack was verified\n{}",
        explain(r)
    );
    assert!(
        checks
            .iter()
            .any(|c| statuses(r, c).iter().any(|s| s == "fail")),
        "{what}: expected a failing {} check\n{}",
        checks.join(" or "),
        explain(r)
    );
}

/// Not verified; the verdict is one of `verdicts`.
fn assert_verdict_in(r: &Value, verdicts: &[&str], what: &str) {
    assert!(
        verdicts.contains(&verdict(r)),
        "{what}: expected one of {verdicts:?}\n{}",
        explain(r)
    );
}

// ---------------------------------------------------------------------------
// Documents.
// ---------------------------------------------------------------------------

/// A DID / controller document listing one Multikey under assertionMethod.
fn key_document(id: &str, vm_id: &str, controller: &str, key: &EdKey) -> Value {
    json!({
        "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
        "id": id,
        "verificationMethod": [{"id": vm_id, "type": "Multikey", "controller": controller, "publicKeyMultibase": key.multikey}],
        "assertionMethod": [vm_id],
    })
}

/// The victim's did.json at https://victim.example/.well-known/did.json.
fn victim_did_document(key: &EdKey) -> Value {
    key_document(VICTIM_DID, &format!("{VICTIM_DID}#key-1"), VICTIM_DID, key)
}

/// An OB 3.0 https issuer's profile, which is also its key document.
fn ob3_profile(issuer: &str, key: &EdKey) -> Value {
    let vm = format!("{issuer}#key-1");
    json!({
        "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
        "id": issuer,
        "type": ["Profile"],
        "name": "Victim University",
        "verificationMethod": [{"id": vm, "type": "Multikey", "controller": issuer, "publicKeyMultibase": key.multikey}],
        "assertionMethod": [vm],
    })
}

fn jwt_payload(issuer: &str, vc: &Value) -> Value {
    json!({
        "iss": issuer,
        "jti": vc["id"],
        "nbf": badgelens::clock::Timestamp::parse(vc["validFrom"].as_str().unwrap()).unwrap().0,
        "vc": vc,
    })
}

fn vc_jwt(issuer: &str, kid: &str, key: &EdKey) -> String {
    let vc = credential(issuer);
    jws(
        &json!({"alg": "EdDSA", "kid": kid}),
        &jwt_payload(issuer, &vc),
        |m| key.sign(m),
    )
}

fn eddsa(doc: &Value, key: &EdKey, vm: &str) -> String {
    sign_di(doc, key, vm, "eddsa-rdfc-2022").to_string()
}

/// A signed BitstringStatusListCredential at `id`, issued by `issuer`.
fn status_list(id: &str, issuer: &str, key: &EdKey, vm: &str, set: &[usize]) -> Value {
    let mut bits = vec![0u8; 16 * 1024];
    for i in set {
        bits[i / 8] |= 0x80 >> (i % 8);
    }
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(&bits).unwrap();
    let encoded = format!("u{}", b64url(&gz.finish().unwrap()));
    let list = json!({
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": id,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer,
        "validFrom": "2026-01-01T00:00:00Z",
        "credentialSubject": {"id": format!("{id}#list"), "type": "BitstringStatusList", "statusPurpose": "revocation", "encodedList": encoded}
    });
    sign_di(&list, key, vm, "eddsa-rdfc-2022")
}

fn with_bitstring_status(doc: &Value, list_url: &str, index: usize) -> Value {
    let mut doc = doc.clone();
    doc["credentialStatus"] = json!({
        "id": format!("{list_url}#{index}"),
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": index.to_string(),
        "statusListCredential": list_url
    });
    doc
}

fn ob2_issuer(id: &str, extra: Value) -> Value {
    let mut p = json!({
        "@context": OB2,
        "type": "Issuer",
        "id": id,
        "name": "Victim University",
        "url": "https://victim.example",
        "email": "badges@victim.example",
    });
    for (k, v) in extra.as_object().unwrap() {
        p[k] = v.clone();
    }
    p
}

fn ob2_badge_class(id: &str, issuer: Value) -> Value {
    json!({
        "@context": OB2,
        "type": "BadgeClass",
        "id": id,
        "name": "Victim Certified Engineer",
        "description": "Awarded by Victim University to its certified engineers.",
        "image": "https://victim.example/badge.png",
        "criteria": "https://victim.example/criteria",
        "issuer": issuer,
    })
}

fn ob2_assertion(id: &str, badge: Value) -> Value {
    json!({
        "@context": OB2,
        "type": "Assertion",
        "id": id,
        "recipient": {"type": "email", "hashed": false, "identity": "mallory@attacker.example"},
        "badge": badge,
        "verification": {"type": "HostedBadge"},
        "issuedOn": "2024-01-01T00:00:00Z",
    })
}

/// An RSA public key as an SPKI PEM (`-----BEGIN PUBLIC KEY-----`).
fn rsa_pem(key: &RsaKey) -> String {
    fn len(n: usize) -> Vec<u8> {
        match n {
            0..=127 => vec![n as u8],
            128..=255 => vec![0x81, n as u8],
            _ => vec![0x82, (n >> 8) as u8, n as u8],
        }
    }
    fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
        let mut out = vec![tag];
        out.extend(len(content.len()));
        out.extend_from_slice(content);
        out
    }
    fn int(bytes: &[u8]) -> Vec<u8> {
        let mut b: Vec<u8> = bytes.iter().copied().skip_while(|b| *b == 0).collect();
        if b.first().is_none_or(|f| f & 0x80 != 0) {
            b.insert(0, 0);
        }
        tlv(0x02, &b)
    }
    let jwk = key.public_jwk();
    let part = |k: &str| {
        base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(jwk[k].as_str().unwrap())
            .unwrap()
    };
    let pkcs1 = tlv(0x30, &[int(&part("n")), int(&part("e"))].concat());
    let algorithm = tlv(
        0x30,
        &[
            tlv(
                0x06,
                &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01],
            ),
            vec![0x05, 0x00],
        ]
        .concat(),
    );
    let bits = tlv(0x03, &[&[0u8][..], &pkcs1[..]].concat());
    let spki = tlv(0x30, &[algorithm, bits].concat());
    let b64 = base64::engine::general_purpose::STANDARD.encode(spki);
    let mut pem = String::from("-----BEGIN PUBLIC KEY-----\n");
    for chunk in b64.as_bytes().chunks(64) {
        pem.push_str(std::str::from_utf8(chunk).unwrap());
        pem.push('\n');
    }
    pem.push_str("-----END PUBLIC KEY-----\n");
    pem
}

fn ob2_key(id: &str, owner: &str, key: &RsaKey) -> Value {
    json!({
        "@context": OB2,
        "type": "CryptographicKey",
        "id": id,
        "owner": owner,
        "publicKeyPem": rsa_pem(key),
    })
}

/// An OB 2.0 signed assertion (compact JWS, RS256) naming `class` and `creator`.
fn ob2_signed(class: &str, creator: &str, key: &RsaKey) -> String {
    let payload = json!({
        "@context": OB2,
        "type": "Assertion",
        "id": "urn:uuid:8d0c4c1e-6a51-4f44-9f1b-6f4a2e0b7c11",
        "recipient": {"type": "email", "hashed": false, "identity": "mallory@attacker.example"},
        "badge": class,
        "verification": {"type": "SignedBadge", "creator": creator},
        "issuedOn": "2024-01-01T00:00:00Z",
    });
    jws(&json!({"alg": "RS256"}), &payload, |m| key.sign(m))
}

/// The victim's genuine hosted OB 2.0 badge over `scheme`: profile at
/// `<scheme>://victim.example/issuer`, class, and the assertion; returns
/// the assertion's JSON text.
fn serve_victim_hosted(net: &Net, scheme: &str) -> Value {
    let issuer = format!("{scheme}://victim.example/issuer");
    let class = format!("{scheme}://victim.example/badges/engineer.json");
    let assertion = format!("{scheme}://victim.example/assertions/alice.json");
    net.json(&issuer, &ob2_issuer(&issuer, json!({})));
    net.json(&class, &ob2_badge_class(&class, json!(issuer)));
    let mut a = ob2_assertion(&assertion, json!(class));
    a["recipient"]["identity"] = json!("alice@example.com");
    net.json(&assertion, &a);
    a
}

// ---------------------------------------------------------------------------
// Positive controls.
// ---------------------------------------------------------------------------

#[test]
fn control_ob3_victims_own_key_listed_in_its_did_json_or_profile_is_verified() {
    let lab = Lab::new();
    let victim = EdKey::generate();
    lab.net.json(
        "https://victim.example/.well-known/did.json",
        &victim_did_document(&victim),
    );
    let https_issuer = "https://victim.example/issuer";
    lab.net
        .json(https_issuer, &ob3_profile(https_issuer, &victim));

    let jwt = lab.file(
        "victim.jwt",
        &vc_jwt(VICTIM_DID, &format!("{VICTIM_DID}#key-1"), &victim),
    );
    let di = lab.file(
        "victim-did-web.json",
        &eddsa(
            &credential(VICTIM_DID),
            &victim,
            &format!("{VICTIM_DID}#key-1"),
        ),
    );
    let di_https = lab.file(
        "victim-https.json",
        &eddsa(
            &credential(https_issuer),
            &victim,
            &format!("{https_issuer}#key-1"),
        ),
    );
    for (r, what) in lab.verify(&[&jwt, &di, &di_https]).iter().zip([
        "VC-JWT, did:web",
        "eddsa-rdfc-2022, did:web",
        "eddsa-rdfc-2022, https issuer",
    ]) {
        assert_verified(r, what);
        assert_eq!(statuses(r, "key_owner"), ["pass"], "{what}: {}", explain(r));
    }
}

#[test]
fn control_ob2_victims_hosted_badge_pasted_and_baked_is_verified() {
    let lab = Lab::new();
    let assertion = serve_victim_hosted(&lab.net, "https");
    let pasted = lab.file("victim-assertion.json", &assertion.to_string());
    let baked = lab.bake(assertion["id"].as_str().unwrap(), "victim.png");
    for (r, what) in lab
        .verify(&[&pasted, &baked])
        .iter()
        .zip(["pasted", "baked"])
    {
        assert_verified(r, what);
        assert_eq!(
            statuses(r, "issuer_origin"),
            ["pass"],
            "{what}: {}",
            explain(r)
        );
    }
}

#[test]
fn control_ob2_victims_signed_badge_is_verified() {
    let lab = Lab::new();
    let rsa = RsaKey::generate();
    let issuer = "https://victim.example/issuer";
    let key = "https://victim.example/keys/1.json";
    let class = "https://victim.example/badges/engineer.json";
    lab.net
        .json(issuer, &ob2_issuer(issuer, json!({"publicKey": key})));
    lab.net.json(key, &ob2_key(key, issuer, &rsa));
    lab.net.json(class, &ob2_badge_class(class, json!(issuer)));
    let token = lab.file("victim-signed.jws", &ob2_signed(class, key, &rsa));
    let r = lab.verify_one(&token);
    assert_verified(&r, "victim's signed badge");
    assert_eq!(statuses(&r, "signature"), ["pass"], "{}", explain(&r));
}

#[test]
fn control_ob3_status_list_signed_by_the_issuer_itself_is_verified() {
    let lab = Lab::new();
    let victim = EdKey::generate();
    let vm = format!("{VICTIM_DID}#key-1");
    lab.net.json(
        "https://victim.example/.well-known/did.json",
        &victim_did_document(&victim),
    );
    let list = "https://victim.example/status/1";
    lab.net
        .json(list, &status_list(list, VICTIM_DID, &victim, &vm, &[]));
    let doc = with_bitstring_status(&credential(VICTIM_DID), list, 7);
    let r = lab.verify_one(&lab.file("listed.json", &eddsa(&doc, &victim, &vm)));
    assert_verified(&r, "status list of the issuer");
    assert_eq!(statuses(&r, "revocation"), ["pass"], "{}", explain(&r));
}

// ---------------------------------------------------------------------------
// 1. OB 3.0 key ownership.
// ---------------------------------------------------------------------------

#[test]
fn ob3_vc_jwt_key_document_claiming_the_did_web_issuer_as_controller_is_not_the_issuers_key() {
    let lab = Lab::new();
    let victim = EdKey::generate();
    let attacker = EdKey::generate();
    // The victim's DID document lists only the victim's own key.
    lab.net.json(
        "https://victim.example/.well-known/did.json",
        &victim_did_document(&victim),
    );
    // The attacker's key document claims the victim's DID as controller.
    let doc_id = "http://attacker.example/keys.json";
    let kid = format!("{doc_id}#k");
    lab.net.json(doc_id, &json!({
        "id": doc_id,
        "verificationMethod": [{"id": kid, "type": "JsonWebKey", "controller": VICTIM_DID, "publicKeyJwk": attacker.public_jwk()}],
        "assertionMethod": [kid],
    }));
    let token = lab.file("forged.jwt", &vc_jwt(VICTIM_DID, &kid, &attacker));
    let r = lab.verify_one(&token);
    assert_refused_by(
        &r,
        &["key_owner"],
        "kid on attacker.example claiming did:web:victim.example",
    );
    assert_verdict_in(&r, &["invalid", "unverifiable"], "forged VC-JWT");
}

#[test]
fn ob3_data_integrity_key_document_claiming_the_https_issuer_as_controller_is_not_the_issuers_key()
{
    let lab = Lab::new();
    let victim = EdKey::generate();
    let attacker = EdKey::generate();
    let issuer = "https://victim.example/issuer";
    // The victim's profile lists only the victim's key.
    lab.net.json(issuer, &ob3_profile(issuer, &victim));
    let doc_id = "https://attacker.example/keys.json";
    let vm = format!("{doc_id}#k");
    lab.net
        .json(doc_id, &key_document(doc_id, &vm, issuer, &attacker));
    let forged = lab.file("forged.json", &eddsa(&credential(issuer), &attacker, &vm));
    let r = lab.verify_one(&forged);
    assert_refused_by(
        &r,
        &["key_owner"],
        "key document on attacker.example claiming the https issuer",
    );
    assert_verdict_in(&r, &["invalid", "unverifiable"], "forged credential");
}

// ---------------------------------------------------------------------------
// 2. OB 1/2 hosted: an issuer profile not fetched from the issuer.
// ---------------------------------------------------------------------------

/// The victim publishes its profile (with no hosting policy) at
/// https://victim.example/issuer; attacker.example hosts an assertion whose
/// badge class embeds an issuer object with the victim's id and `policy`.
/// Returns the assertion.
fn serve_embedded_issuer_attack(net: &Net, policy: Value, embed_class: bool) -> Value {
    let victim_id = "https://victim.example/issuer";
    net.json(victim_id, &ob2_issuer(victim_id, json!({})));
    let embedded = ob2_issuer(victim_id, json!({"verification": policy}));
    let class = "https://attacker.example/badges/engineer.json";
    let class_doc = ob2_badge_class(class, embedded);
    net.json(class, &class_doc);
    let id = "https://attacker.example/assertions/mallory.json";
    let a = ob2_assertion(id, if embed_class { class_doc } else { json!(class) });
    net.json(id, &a);
    a
}

#[test]
fn ob2_hosted_embedded_issuer_object_cannot_allow_the_attackers_origin_pasted() {
    let lab = Lab::new();
    let a = serve_embedded_issuer_attack(
        &lab.net,
        json!({"allowedOrigins": ["attacker.example"]}),
        false,
    );
    let r = lab.verify_one(&lab.file("pasted.json", &a.to_string()));
    assert_refused_by(&r, &["issuer_origin", "issuer_profile"], "pasted");
}

#[test]
fn ob2_hosted_embedded_issuer_object_cannot_allow_the_attackers_origin_baked() {
    let lab = Lab::new();
    let a = serve_embedded_issuer_attack(
        &lab.net,
        json!({"allowedOrigins": ["attacker.example"]}),
        false,
    );
    let png = lab.bake(a["id"].as_str().unwrap(), "forged.png");
    let r = lab.verify_one(&png);
    assert_refused_by(&r, &["issuer_origin", "issuer_profile"], "baked PNG");
}

#[test]
fn ob2_hosted_embedded_badge_class_with_embedded_issuer_cannot_allow_the_attackers_origin() {
    let lab = Lab::new();
    let a = serve_embedded_issuer_attack(
        &lab.net,
        json!({"allowedOrigins": ["attacker.example"]}),
        true,
    );
    let r = lab.verify_one(&lab.file("pasted.json", &a.to_string()));
    assert_refused_by(
        &r,
        &["issuer_origin", "issuer_profile"],
        "badge class embedded in the assertion",
    );
}

#[test]
fn ob2_hosted_embedded_issuer_object_cannot_widen_starts_with_to_the_attacker() {
    let lab = Lab::new();
    let a = serve_embedded_issuer_attack(
        &lab.net,
        json!({"startsWith": ["https://attacker.example/"]}),
        false,
    );
    let r = lab.verify_one(&lab.file("pasted.json", &a.to_string()));
    assert_refused_by(&r, &["issuer_origin", "issuer_profile"], "startsWith");
}

#[test]
fn ob1_hosted_embedded_issuer_without_id_claiming_the_victims_url_cannot_allow_the_attackers_origin(
) {
    let lab = Lab::new();
    // OB 1.0: no @context, `verify: {type: hosted, url}`; the issuer in the
    // attacker's badge class has no id, only the victim's url and origin.
    let class = "https://attacker.example/ob1/engineer.json";
    lab.net.json(
        class,
        &json!({
            "name": "Victim Certified Engineer",
            "description": "Awarded by Victim University to its certified engineers.",
            "image": "https://victim.example/badge.png",
            "criteria": "https://victim.example/criteria",
            "issuer": {
                "name": "Victim University",
                "url": "https://victim.example",
                "origin": "https://victim.example",
                "email": "badges@victim.example",
                "verification": {"allowedOrigins": ["attacker.example"]}
            }
        }),
    );
    let url = "https://attacker.example/ob1/mallory.json";
    let a = json!({
        "uid": "mallory-1",
        "recipient": {"type": "email", "hashed": false, "identity": "mallory@attacker.example"},
        "badge": class,
        "verify": {"type": "hosted", "url": url},
        "issuedOn": "2024-01-01",
    });
    lab.net.json(url, &a);
    let r = lab.verify_one(&lab.file("ob1.json", &a.to_string()));
    assert_refused_by(
        &r,
        &["issuer_origin", "issuer_profile"],
        "OB 1.0 embedded issuer",
    );
}

// ---------------------------------------------------------------------------
// 3. Open redirects on the victim's site.
// ---------------------------------------------------------------------------

const REDIRECTED_ISSUER: &str =
    "http://victim.example/redirect?to=http://attacker.example/issuer.json";

/// victim.example/redirect is an open redirect; attacker.example's
/// issuer.json claims the redirect URL as its id, with `extra`.
fn serve_redirected_issuer(net: &Net, extra: Value) {
    net.reply("http://victim.example/redirect", Reply::OpenRedirect);
    net.json(
        "http://victim.example/issuer",
        &ob2_issuer("http://victim.example/issuer", json!({})),
    );
    net.json(
        "http://attacker.example/issuer.json",
        &ob2_issuer(REDIRECTED_ISSUER, extra),
    );
}

#[test]
fn ob2_hosted_issuer_profile_reached_through_an_open_redirect_does_not_vouch() {
    let lab = Lab::new();
    serve_redirected_issuer(
        &lab.net,
        json!({"verification": {"allowedOrigins": ["attacker.example"]}}),
    );
    let class = "https://attacker.example/r/engineer.json";
    lab.net
        .json(class, &ob2_badge_class(class, json!(REDIRECTED_ISSUER)));
    let id = "https://attacker.example/r/mallory.json";
    let a = ob2_assertion(id, json!(class));
    lab.net.json(id, &a);
    let r = lab.verify_one(&lab.file("redirected.json", &a.to_string()));
    assert_refused_by(
        &r,
        &["issuer_profile", "issuer_origin"],
        "hosted, issuer through an open redirect",
    );
    assert!(
        !lab.net.requests_to(ATTACKER).is_empty(),
        "the setup was not exercised: attacker.example saw no request"
    );
}

#[test]
fn ob2_signed_issuer_profile_reached_through_an_open_redirect_does_not_vouch_for_the_attackers_key()
{
    let lab = Lab::new();
    let rsa = RsaKey::generate();
    let key = "http://attacker.example/r/key.json";
    serve_redirected_issuer(&lab.net, json!({"publicKey": key}));
    lab.net.json(key, &ob2_key(key, REDIRECTED_ISSUER, &rsa));
    let class = "http://attacker.example/r/engineer.json";
    lab.net
        .json(class, &ob2_badge_class(class, json!(REDIRECTED_ISSUER)));
    let token = lab.file("redirected.jws", &ob2_signed(class, key, &rsa));
    let r = lab.verify_one(&token);
    assert_refused_by(
        &r,
        &["issuer_profile", "issuer_origin"],
        "signed, issuer through an open redirect",
    );
}

// ---------------------------------------------------------------------------
// 4, 5. OB 3.0 status published by someone else.
// ---------------------------------------------------------------------------

#[test]
fn ob3_1edtech_revocation_list_served_by_another_host_does_not_clear_the_credential() {
    let lab = Lab::new();
    let victim = EdKey::generate();
    let vm = format!("{VICTIM_DID}#key-1");
    lab.net.json(
        "https://victim.example/.well-known/did.json",
        &victim_did_document(&victim),
    );
    let list = "https://attacker.example/revocations.json";
    lab.net
        .json(list, &json!({"id": list, "revokedCredentials": []}));
    let mut doc = credential(VICTIM_DID);
    // The OB 3.0 extensions context defines 1EdTechRevocationList.
    doc["@context"].as_array_mut().unwrap().push(json!(
        "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json"
    ));
    doc["credentialStatus"] = json!({"id": list, "type": "1EdTechRevocationList"});
    let r = lab.verify_one(&lab.file("listed.json", &eddsa(&doc, &victim, &vm)));
    assert_refused_by(
        &r,
        &["revocation"],
        "1EdTechRevocationList on attacker.example",
    );
    assert_verdict_in(
        &r,
        &["unverifiable", "invalid"],
        "1EdTechRevocationList on attacker.example",
    );
}

#[test]
fn ob3_bitstring_status_list_signed_by_another_issuer_does_not_clear_the_credential() {
    let lab = Lab::new();
    let victim = EdKey::generate();
    let attacker = EdKey::generate();
    let vm = format!("{VICTIM_DID}#key-1");
    lab.net.json(
        "https://victim.example/.well-known/did.json",
        &victim_did_document(&victim),
    );
    let list = "https://attacker.example/status/1";
    // A valid list, but issued and signed by the attacker's did:key.
    lab.net.json(
        list,
        &status_list(list, &attacker.did, &attacker, &attacker.vm, &[]),
    );
    let doc = with_bitstring_status(&credential(VICTIM_DID), list, 7);
    let r = lab.verify_one(&lab.file("listed.json", &eddsa(&doc, &victim, &vm)));
    assert_refused_by(&r, &["revocation"], "status list of another issuer");
    assert_verdict_in(
        &r,
        &["unverifiable", "invalid"],
        "status list of another issuer",
    );
}

// ---------------------------------------------------------------------------
// 6. Offline after a cross-host redirect.
// ---------------------------------------------------------------------------

#[test]
fn ob2_hosted_assertion_redirected_to_another_host_stays_refused_offline() {
    let lab = Lab::new();
    // The victim's genuine badge, verified first: its class and profile are
    // now in the cache, as after any earlier use.
    let genuine = serve_victim_hosted(&lab.net, "http");
    lab.net
        .reply("http://victim.example/redirect", Reply::OpenRedirect);
    let forged_at = "http://attacker.example/forged.json";
    let id = format!("http://victim.example/redirect?to={forged_at}");
    let mut forged = ob2_assertion(&id, genuine["badge"].clone());
    forged["recipient"]["identity"] = json!("mallory@attacker.example");
    lab.net.json(forged_at, &forged);

    let r = lab.verify_one(genuine["id"].as_str().unwrap());
    assert_verified(&r, "the victim's genuine badge (warms the cache)");

    let r = lab.verify_one(&id);
    assert_refused_by(
        &r,
        &["issuer_origin"],
        "online, redirected to attacker.example",
    );

    let r = lab.verify_with(&[&id], true, &[]).remove(0);
    assert_refused_by(
        &r,
        &["issuer_origin", "fetch_assertion"],
        "offline, from the cache",
    );
}

// ---------------------------------------------------------------------------
// 7. did:web with userinfo.
// ---------------------------------------------------------------------------

#[test]
fn did_web_with_userinfo_never_resolves_to_the_host_after_the_at_sign() {
    let lab = Lab::new();
    let victim = EdKey::generate();
    let attacker = EdKey::generate();
    lab.net.json(
        "https://victim.example/.well-known/did.json",
        &victim_did_document(&victim),
    );
    let did = "did:web:victim.example@attacker.example";
    let vm = format!("{did}#key-1");
    // What attacker.example would answer for https://victim.example@attacker.example/.well-known/did.json.
    lab.net.json(
        "https://attacker.example/.well-known/did.json",
        &key_document(did, &vm, did, &attacker),
    );
    let di = lab.file("userinfo.json", &eddsa(&credential(did), &attacker, &vm));
    let jwt = lab.file("userinfo.jwt", &vc_jwt(did, &vm, &attacker));
    let results = lab.verify(&[&di, &jwt]);
    for (r, what) in results.iter().zip(["eddsa-rdfc-2022", "VC-JWT"]) {
        eprintln!("{what}:\n{}", explain(r));
        assert_ne!(
            verdict(r),
            "verified",
            "{what}: {did} was verified\n{}",
            explain(r)
        );
    }
    assert_eq!(
        lab.net.requests_to(ATTACKER),
        Vec::<String>::new(),
        "attacker.example was asked for {did}'s document"
    );
}

// ---------------------------------------------------------------------------
// 8. Proxy variables.
// ---------------------------------------------------------------------------

/// A "proxy" on loopback that records connections and closes them.
fn recording_proxy() -> (SocketAddr, Arc<AtomicUsize>) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let count = Arc::new(AtomicUsize::new(0));
    let c = count.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            c.fetch_add(1, Ordering::SeqCst);
            if let Ok(mut s) = stream {
                let mut buf = [0u8; 1024];
                let _ = s.set_read_timeout(Some(std::time::Duration::from_millis(200)));
                let _ = s.read(&mut buf);
                let _ = s.write_all(
                    b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                );
            }
        }
    });
    (addr, count)
}

#[test]
fn proxy_variables_are_not_used_when_the_config_names_no_proxy() {
    let lab = Lab::new();
    let assertion = serve_victim_hosted(&lab.net, "http");
    let victim = EdKey::generate();
    lab.net.json(
        "https://victim.example/.well-known/did.json",
        &victim_did_document(&victim),
    );
    let ob3 = lab.file(
        "victim.json",
        &eddsa(
            &credential(VICTIM_DID),
            &victim,
            &format!("{VICTIM_DID}#key-1"),
        ),
    );
    let (proxy, connections) = recording_proxy();
    let proxy_url = format!("http://{proxy}");
    let env: Vec<(&str, &str)> = PROXY_VARS
        .iter()
        .filter(|v| !v.eq_ignore_ascii_case("no_proxy"))
        .map(|v| (*v, proxy_url.as_str()))
        .collect();
    let results = lab.verify_with(&[assertion["id"].as_str().unwrap(), &ob3], false, &env);
    assert_eq!(
        connections.load(Ordering::SeqCst),
        0,
        "the verification went through the proxy from the environment\n{}\n{}",
        explain(&results[0]),
        explain(&results[1])
    );
    assert_verified(&results[0], "hosted OB 2.0 over http, proxy variables set");
    assert_verified(
        &results[1],
        "did:web credential over https, proxy variables set",
    );
}

// ---------------------------------------------------------------------------
// 9. Plain http issuer data.
// ---------------------------------------------------------------------------

#[test]
fn ob3_issuer_profile_and_key_document_over_plain_http_warn_on_transport() {
    let lab = Lab::new();
    let victim = EdKey::generate();
    let issuer = "http://victim.example/issuer";
    lab.net.json(issuer, &ob3_profile(issuer, &victim));
    let doc = lab.file(
        "http-issuer.json",
        &eddsa(&credential(issuer), &victim, &format!("{issuer}#key-1")),
    );
    let r = lab.verify_one(&doc);
    assert!(
        statuses(&r, "transport").iter().any(|s| s == "warn"),
        "no transport warning for a key document fetched over http\n{}",
        explain(&r)
    );
    assert_ne!(verdict(&r), "invalid", "{}", explain(&r));
}

#[test]
fn ob2_signed_issuer_profile_and_key_over_plain_http_warn_on_transport() {
    let lab = Lab::new();
    let rsa = RsaKey::generate();
    let issuer = "http://victim.example/issuer";
    let key = "http://victim.example/keys/1.json";
    let class = "http://victim.example/badges/engineer.json";
    lab.net
        .json(issuer, &ob2_issuer(issuer, json!({"publicKey": key})));
    lab.net.json(key, &ob2_key(key, issuer, &rsa));
    lab.net.json(class, &ob2_badge_class(class, json!(issuer)));
    let token = lab.file("http-signed.jws", &ob2_signed(class, key, &rsa));
    let r = lab.verify_one(&token);
    assert!(
        statuses(&r, "transport").iter().any(|s| s == "warn"),
        "no transport warning for an issuer profile and key fetched over http\n{}",
        explain(&r)
    );
    assert_ne!(verdict(&r), "invalid", "{}", explain(&r));
}

// ---------------------------------------------------------------------------
// 10. A revocation names an issuer only from where that issuer hosts badges.
// ---------------------------------------------------------------------------

/// The victim's real profile and badge class; an assertion on attacker.example
/// naming them, answering `revoked: true` (with `gone`, HTTP 410 and a baked
/// copy instead). Returns the assertion.
fn serve_forged_revocation(net: &Net, gone: bool) -> Value {
    let issuer = "https://victim.example/issuer";
    let class = "https://victim.example/badges/engineer.json";
    net.json(issuer, &ob2_issuer(issuer, json!({})));
    net.json(class, &ob2_badge_class(class, json!(issuer)));
    let id = "https://attacker.example/assertions/jane.json";
    let mut a = ob2_assertion(id, json!(class));
    a["recipient"]["identity"] = json!("jane@example.com");
    let mut revoked = a.clone();
    revoked["revoked"] = json!(true);
    revoked["revocationReason"] = json!("Academic misconduct");
    if gone {
        net.reply(id, Reply::Json(410, revoked.to_string()));
    } else {
        net.json(id, &revoked);
    }
    a
}

#[test]
fn ob2_revocation_served_by_the_attacker_in_the_victims_name_is_not_the_victims_word() {
    let lab = Lab::new();
    let a = serve_forged_revocation(&lab.net, false);
    let pasted = lab.file("forged-revoked.json", &a.to_string());
    let r = lab.verify_one(&pasted);
    assert_eq!(verdict(&r), "invalid", "{}", explain(&r));
    assert_eq!(statuses(&r, "issuer_origin"), ["fail"], "{}", explain(&r));

    let lab = Lab::new();
    let a = serve_forged_revocation(&lab.net, true);
    let baked = lab.bake(&a.to_string(), "forged-gone.png");
    let r = lab.verify_one(&baked);
    assert_eq!(verdict(&r), "invalid", "HTTP 410: {}", explain(&r));
    assert_eq!(statuses(&r, "issuer_origin"), ["fail"], "{}", explain(&r));
}

#[test]
fn control_ob2_victims_own_revocation_is_revoked() {
    let lab = Lab::new();
    let mut a = serve_victim_hosted(&lab.net, "https");
    let pasted = lab.file("victim-assertion.json", &a.to_string());
    a["revoked"] = json!(true);
    lab.net.json(a["id"].as_str().unwrap(), &a);
    let r = lab.verify_one(&pasted);
    assert_eq!(verdict(&r), "revoked", "{}", explain(&r));
    assert_eq!(statuses(&r, "issuer_origin"), ["pass"], "{}", explain(&r));
}
