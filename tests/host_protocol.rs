//! The real binary in host mode, spoken to with real frames over pipes.

mod support;

use std::time::Duration;

use serde_json::{json, Value};
use support::{base64, fixture, frame, HostProcess};

const DEV_ORIGIN: &str = "chrome-extension://peadbbggjabpafmgipjcgfolomncnjml/";

#[test]
fn hello_answers_version_protocol_capabilities_and_patterns() {
    let mut host = HostProcess::start(&["host"]);
    let hello = host.request(&json!({"type":"hello","id":1}));
    assert_eq!(hello["type"], "hello");
    assert_eq!(hello["id"], 1);
    assert_eq!(hello["product"], "BadgeLens");
    assert_eq!(hello["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(hello["protocol"], 1);
    let caps: Vec<&str> = hello["capabilities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    assert!(caps.contains(&"png") && caps.contains(&"svg"), "{caps:?}");
    let known = [
        "png",
        "svg",
        "ob1",
        "ob2-hosted",
        "ob2-signed",
        "ob3-eddsa-rdfc-2022",
        "ob3-ed25519-2020",
        "ob3-ecdsa-rdfc-2019",
        "ob3-contexts-fetched",
        "ob3-vc-jwt",
        "did-key",
        "did-web",
        "status-list",
        "resolve-page-url",
        "recipient-check",
        "cache",
    ];
    assert!(
        caps.iter().all(|c| known.contains(c)),
        "unknown capability in {caps:?}"
    );
    let patterns = hello["page_patterns"].as_array().unwrap();
    assert!(patterns
        .iter()
        .any(|p| p.as_str().unwrap().contains("credly")));
    host.close_stdin();
    assert!(host.wait_exit(Duration::from_secs(5)).success());
}

#[test]
fn chrome_and_firefox_arguments_start_host_mode() {
    for args in [
        vec![DEV_ORIGIN],
        vec![DEV_ORIGIN, "--parent-window=0"],
        vec![
            "/home/u/.mozilla/native-messaging-hosts/org.badgelens.host.json",
            "badgelens@badgelens.org",
        ],
    ] {
        let mut host = HostProcess::start(&args);
        let hello = host.request(&json!({"type":"hello","id":"h"}));
        assert_eq!(hello["protocol"], 1, "{args:?}");
        host.close_stdin();
        assert!(host.wait_exit(Duration::from_secs(5)).success(), "{args:?}");
    }
}

#[test]
fn two_hundred_pipelined_requests_each_get_one_answer() {
    let mut host = HostProcess::start(&["host"]);
    let png = base64(&fixture(
        "openbadges-validator-core/baked/2_0_basic_assertion_baked.png",
    ));
    let mut batch = Vec::new();
    for i in 0..200 {
        let msg = match i % 4 {
            0 => json!({"type":"hello","id":i}),
            1 => {
                json!({"type":"verify","id":format!("v{i}"),"source":{"image":{"data":png,"mime":"image/png"}}})
            }
            2 => json!({"type":"verify","id":i,"source":{"assertion":"not a badge at all"}}),
            _ => json!({"type":"frobnicate","id":i}),
        };
        batch.extend(frame(msg.to_string().as_bytes()));
    }
    host.send_raw(&batch);
    let mut seen = std::collections::HashMap::new();
    for _ in 0..200 {
        let v = host.recv();
        *seen.entry(v["id"].to_string()).or_insert(0) += 1;
        match v["type"].as_str().unwrap() {
            "hello" => assert_eq!(v["protocol"], 1),
            "result" => assert!(v["verdict"].is_string()),
            "error" => assert_eq!(v["code"], "unsupported_type"),
            other => panic!("unexpected type {other}"),
        }
    }
    assert_eq!(seen.len(), 200, "every id answered");
    assert!(seen.values().all(|&n| n == 1), "each exactly once");
    assert!(
        host.drain(Duration::from_millis(300)).is_empty(),
        "no extra frames"
    );
    host.close_stdin();
    assert!(host.wait_exit(Duration::from_secs(5)).success());
}

#[test]
fn hostile_frames_get_errors_and_the_host_goes_on() {
    let mut host = HostProcess::start(&["host"]);
    host.send_raw(&frame(b"this is not json"));
    assert_eq!(bad(&host.recv()), ("bad_request", Value::Null));
    host.send_raw(&frame(b"[1,2,3]"));
    assert_eq!(bad(&host.recv()), ("bad_request", Value::Null));
    host.send_raw(&frame(b"\xff\xfe\xfd"));
    assert_eq!(bad(&host.recv()), ("bad_request", Value::Null));
    host.send_raw(&frame(br#"{"type":"hello"}"#));
    assert_eq!(bad(&host.recv()), ("bad_request", Value::Null));
    host.send_raw(&frame(br#"{"type":"hello","id":{"x":1}}"#));
    assert_eq!(bad(&host.recv()), ("bad_request", Value::Null));
    host.send_raw(&frame(br#"{"id":5}"#));
    assert_eq!(bad(&host.recv()), ("bad_request", json!(5)));
    host.send_raw(&frame(
        br#"{"type":"verify","id":6,"source":{"image_url":"x","page_url":"y"}}"#,
    ));
    assert_eq!(bad(&host.recv()), ("bad_request", json!(6)));
    host.send_raw(&frame(br#"{"type":"launch_missiles","id":7}"#));
    assert_eq!(bad(&host.recv()), ("unsupported_type", json!(7)));
    host.send_raw(&frame(b""));
    assert_eq!(bad(&host.recv()), ("bad_request", Value::Null));
    // Declares 64 MiB + 1: refused, the body skipped without buffering, then the host goes on.
    let declared: u32 = 64 * 1024 * 1024 + 1;
    let mut oversized = declared.to_le_bytes().to_vec();
    oversized.resize(4 + declared as usize, b'x');
    host.send_raw(&oversized);
    assert_eq!(bad(&host.recv()), ("frame_too_large", Value::Null));
    let hello = host.request(&json!({"type":"hello","id":"after"}));
    assert_eq!(hello["protocol"], 1);
    host.close_stdin();
    assert!(host.wait_exit(Duration::from_secs(5)).success());
}

fn bad(v: &Value) -> (&str, Value) {
    assert_eq!(v["type"], "error", "{v}");
    assert!(v["message"].as_str().is_some_and(|m| !m.is_empty()));
    (v["code"].as_str().unwrap(), v["id"].clone())
}

#[test]
fn eof_inside_a_frame_exits_zero() {
    for partial in [&[7u8][..], &[10, 0, 0, 0, b'{', b'"'][..]] {
        let mut host = HostProcess::start(&["host"]);
        host.send_raw(partial);
        host.close_stdin();
        assert!(host.wait_exit(Duration::from_secs(5)).success());
        let stderr = host.stderr();
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
}

#[test]
fn eof_with_nothing_sent_exits_zero() {
    let mut host = HostProcess::start(&["host"]);
    host.close_stdin();
    assert!(host.wait_exit(Duration::from_secs(5)).success());
}

#[test]
fn verify_results_have_the_protocol_shape() {
    let mut host = HostProcess::start(&["host"]);
    let empty = host.request(&json!({"type":"verify","id":"e","source":{"image":{"data":""}}}));
    assert_eq!(
        (empty["type"].as_str(), empty["verdict"].as_str()),
        (Some("result"), Some("not_a_badge"))
    );
    assert!(empty["badge"].is_null());

    let plain = base64(&fixture("openbadges-bakery-js/unbaked.png"));
    let v = host.request(&json!({"type":"verify","id":"p","source":{"image":{"data":plain}}}));
    assert_eq!(v["verdict"], "not_a_badge");

    let baked = base64(&fixture(
        "openbadges-validator-core/baked/2_0_basic_assertion_baked.png",
    ));
    let v = host.request(&json!({"type":"verify","id":"b","source":{"image":{"data":baked,"mime":"image/png"}},"options":{"now":"2026-11-25T12:00:00Z"}}));
    let verdict = v["verdict"].as_str().unwrap();
    assert!(["verified", "unverifiable"].contains(&verdict), "{v}");
    assert!(v["summary"].as_str().is_some_and(|s| !s.is_empty()));
    assert!(v["elapsed_ms"].is_number());
    let checks = v["checks"].as_array().unwrap();
    assert_eq!(checks[0]["check"], "unbake");
    assert_eq!(checks[0]["status"], "pass");
    assert_eq!(v["badge"]["format"], "ob2");

    // Broken badge data is `invalid` with a failing unbake check, not "no badge".
    let mut broken = fixture("openbadges-validator-core/baked/2_0_basic_assertion_baked.png");
    let at = broken.windows(4).position(|w| w == b"iTXt").unwrap();
    broken.truncate(at + 40);
    let v = host
        .request(&json!({"type":"verify","id":"t","source":{"image":{"data":base64(&broken)}}}));
    assert_eq!(v["verdict"], "invalid", "{v}");
    assert_eq!(v["checks"][0]["check"], "unbake");
    assert_eq!(v["checks"][0]["status"], "fail");

    // Non-http schemes are refused by rule `scheme`.
    let v = host
        .request(&json!({"type":"verify","id":"s","source":{"assertion":"file:///etc/passwd"}}));
    assert_eq!(v["verdict"], "unverifiable");
    let refused = v["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["rule"] == "scheme");
    assert!(refused.is_some_and(|c| c["status"] == "fail"), "{v}");
    host.close_stdin();
    assert!(host.wait_exit(Duration::from_secs(5)).success());
}

#[test]
fn nothing_but_frames_on_stdout() {
    // The reader in `support` fails on anything that is not a frame; a noisy
    // request mix must still produce only well-formed frames.
    let mut host = HostProcess::start(&["host"]);
    let svg = base64(&fixture("openbadges-bakery-js/bad-json.svg"));
    for (i, src) in [
        json!({"image":{"data":svg}}),
        json!({"assertion":"{\"broken\": "}),
        json!({"page_url":"javascript:alert(1)"}),
    ]
    .iter()
    .enumerate()
    {
        let v = host.request(&json!({"type":"verify","id":i,"source":src}));
        assert_eq!(v["type"], "result");
        assert_ne!(v["verdict"], "verified");
    }
    host.close_stdin();
    assert!(host.wait_exit(Duration::from_secs(5)).success());
}
