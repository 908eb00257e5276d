//! The real binary against the loopback issuer: `verify` (files and URLs,
//! JSON lines, exit codes) and `hello` over real frames in host mode,
//! configured through `BADGELENS_CONFIG`.

mod common;

use std::io::{Read, Write};
use std::process::{Command, Stdio};

use common::issuer::Route;
use common::*;

fn write_config(s: &Setup) -> std::path::PathBuf {
    let path = s.cache.path().join("config.json");
    let config = s.issuer.config(&s.cache.path().join("cache"));
    std::fs::write(&path, serde_json::to_vec(&config).unwrap()).unwrap();
    path
}

async fn run(config: &std::path::Path, args: &[&str]) -> (i32, Vec<serde_json::Value>) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_badgelens"));
    cmd.args(args).env("BADGELENS_CONFIG", config);
    let out = tokio::task::spawn_blocking(move || cmd.output().unwrap())
        .await
        .unwrap();
    let lines = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    (out.status.code().unwrap(), lines)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn verify_files_and_urls_with_exit_codes() {
    let s = Setup::dc().await;
    let hosted = std::fs::read_to_string(dc_ob20().join("basic-assertion.json")).unwrap();
    s.issuer
        .route("/beths-robotics-badge.json", Route::json(200, &hosted));
    s.issuer.route("/revoked.json", Route::status(410));
    s.issuer.route("/private.json", Route::status(404));
    let config = write_config(&s);
    let png = std::fs::read(dc_ob20().join("simple-badge.png")).unwrap();
    let png = bake_png(&png, &s.issuer.rewrite(&unbake_text(&png)));
    let png_path = s.cache.path().join("badge.png");
    std::fs::write(&png_path, png).unwrap();
    let png_arg = png_path.to_str().unwrap();

    let (code, lines) = run(
        &config,
        &[
            "verify",
            png_arg,
            "--json",
            "--recipient",
            "nobody@example.org",
        ],
    )
    .await;
    assert_eq!(code, 0, "{lines:?}");
    assert_eq!(lines[0]["type"], "result");
    assert_eq!(lines[0]["id"], png_arg);
    assert_eq!(lines[0]["verdict"], "verified");
    assert_eq!(lines[0]["badge"]["recipient"]["matched"], true);

    let (code, lines) = run(
        &config,
        &[
            "verify",
            "http://example.org/beths-robotics-badge.json",
            "http://example.org/revoked.json",
            "--json",
        ],
    )
    .await;
    assert_eq!(code, 1, "{lines:?}");
    assert_eq!(lines[0]["verdict"], "verified");
    assert_eq!(lines[1]["verdict"], "revoked");

    let (code, lines) = run(
        &config,
        &["verify", "http://example.org/private.json", "--json"],
    )
    .await;
    assert_eq!(code, 2, "{lines:?}");
    assert_eq!(lines[0]["verdict"], "unverifiable");

    // Offline after the runs above: answered from the cache.
    let (code, lines) = run(
        &config,
        &[
            "verify",
            "http://example.org/beths-robotics-badge.json",
            "--offline",
            "--json",
        ],
    )
    .await;
    assert_eq!(code, 0, "{lines:?}");
}

#[test]
fn hello_lists_the_ob2_capabilities() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_badgelens"))
        .arg("host")
        .env("BADGELENS_CONFIG", "/nonexistent/badgelens.json")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let body = br#"{"type":"hello","id":1}"#;
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(&(body.len() as u32).to_le_bytes()).unwrap();
    stdin.write_all(body).unwrap();
    drop(stdin);
    let mut out = Vec::new();
    child.stdout.take().unwrap().read_to_end(&mut out).unwrap();
    child.wait().unwrap();
    let len = u32::from_le_bytes(out[..4].try_into().unwrap()) as usize;
    let hello: serde_json::Value = serde_json::from_slice(&out[4..4 + len]).unwrap();
    let caps: Vec<&str> = hello["capabilities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    for c in [
        "png",
        "svg",
        "ob1",
        "ob2-hosted",
        "ob2-signed",
        "resolve-page-url",
        "recipient-check",
        "cache",
    ] {
        assert!(caps.contains(&c), "{c} missing from {caps:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn host_mode_verifies_over_real_frames() {
    let s = Setup::dc().await;
    let hosted = std::fs::read_to_string(dc_ob20().join("basic-assertion.json")).unwrap();
    s.issuer
        .route("/beths-robotics-badge.json", Route::json(200, &hosted));
    s.issuer.route("/gone.json", Route::status(410));
    let config = write_config(&s);
    let out = tokio::task::spawn_blocking(move || {
        let mut child = Command::new(env!("CARGO_BIN_EXE_badgelens"))
            .arg("host")
            .env("BADGELENS_CONFIG", &config)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        for (id, url) in [
            ("a", "http://example.org/beths-robotics-badge.json"),
            ("b", "http://example.org/gone.json"),
        ] {
            let body = serde_json::json!({"type":"verify","id":id,"source":{"page_url":url},
                "options":{"recipient":["nobody@example.org"]}})
            .to_string();
            stdin.write_all(&(body.len() as u32).to_le_bytes()).unwrap();
            stdin.write_all(body.as_bytes()).unwrap();
        }
        stdin.flush().unwrap();
        let mut stdout = child.stdout.take().unwrap();
        let mut answers = Vec::new();
        for _ in 0..2 {
            let mut len = [0u8; 4];
            stdout.read_exact(&mut len).unwrap();
            let mut body = vec![0u8; u32::from_le_bytes(len) as usize];
            stdout.read_exact(&mut body).unwrap();
            answers.push(serde_json::from_slice::<serde_json::Value>(&body).unwrap());
        }
        drop(stdin);
        child.wait().unwrap();
        answers
    })
    .await
    .unwrap();
    let by_id = |id: &str| out.iter().find(|a| a["id"] == id).unwrap().clone();
    assert_eq!(by_id("a")["verdict"], "verified", "{out:?}");
    assert_eq!(by_id("a")["badge"]["recipient"]["matched"], true);
    assert_eq!(by_id("b")["verdict"], "revoked", "{out:?}");
}
