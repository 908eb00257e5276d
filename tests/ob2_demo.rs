//! `badgelens demo`, in process and as the real binary.

use badgelens::demo;
use badgelens::messages::{CheckName, CheckStatus};

#[tokio::test]
async fn every_sample_gets_its_verdict() {
    let (addr, server) = demo::start_issuer().await.unwrap();
    let engine = demo::engine_for(addr);
    let results = demo::verify_samples(&engine).await;
    for (s, r) in demo::SAMPLES.iter().zip(&results) {
        assert_eq!(
            r.verdict,
            s.expected,
            "{}: {}",
            s.file,
            serde_json::to_string_pretty(r).unwrap()
        );
        let matched = r.badge.as_ref().and_then(|b| b.recipient.matched);
        if s.file != "tampered.png" {
            assert_eq!(matched, Some(s.for_alex), "{}", s.file);
        }
    }
    let tampered = &results[3];
    assert!(tampered
        .checks
        .iter()
        .any(|c| c.check == CheckName::HostedMatch && c.status == CheckStatus::Fail));
    server.abort();
}

#[test]
fn the_binary_prints_the_table_and_exits_0() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_badgelens"))
        .arg("demo")
        .env("BADGELENS_CONFIG", "/nonexistent/badgelens-config.json")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{text}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for word in [
        "VERIFIED", "REVOKED", "EXPIRED", "INVALID", "signed", "hosted",
    ] {
        assert!(text.contains(word), "{word} missing from:\n{text}");
    }
    assert!(!text.contains("unexpected"), "{text}");
}
