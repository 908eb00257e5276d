//! The real `badgelens` binary on OB 3.0 credentials: `verify --json` prints
//! the protocol's result and exits by verdict.

use std::process::Command;

fn verify(args: &[&str]) -> (i32, Vec<serde_json::Value>) {
    let out = Command::new(env!("CARGO_BIN_EXE_badgelens"))
        .arg("verify")
        .args(args)
        .args(["--now", "2026-11-25T12:00:00Z", "--json"])
        .output()
        .unwrap();
    let lines = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    (out.status.code().unwrap_or(-1), lines)
}

#[test]
fn did_key_credential_is_verified_by_the_binary() {
    let (code, results) =
        verify(&["tests/fixtures/verifier-core/credentials/v2-v2OBv3SpecExample.json"]);
    assert_eq!(code, 0, "{results:?}");
    let r = &results[0];
    assert_eq!(r["verdict"], "verified");
    assert_eq!(r["badge"]["format"], "ob3");
    assert_eq!(r["badge"]["verification"], "eddsa-rdfc-2022");
    assert!(r["checks"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["check"] == "key_owner" && c["status"] == "pass"));
}

#[test]
fn expired_and_safe_mode_breaker_exit_one() {
    let (code, results) = verify(&[
        "tests/fixtures/verifier-core/credentials/v2-v2Expired.json",
        "tests/fixtures/verifier-core/credentials/eddsa-v2-safeModeBreaker.json",
    ]);
    assert_eq!(code, 1, "{results:?}");
    assert_eq!(results[0]["verdict"], "expired");
    assert_eq!(results[1]["verdict"], "invalid");
}

#[test]
fn baked_image_needing_the_issuer_document_is_unverifiable_offline() {
    let (code, results) = verify(&[
        "tests/fixtures/dc-public-validator/ob30/simple-json.png",
        "--offline",
    ]);
    assert_eq!(code, 2, "{results:?}");
    assert_eq!(results[0]["verdict"], "unverifiable");
    assert!(results[0]["checks"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["check"] == "signature" && c["status"] == "pass"));
}
