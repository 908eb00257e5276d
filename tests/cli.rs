//! The command line as a user runs it: real binary, temp files, exit codes.

mod support;

use std::process::{Command, Output};

use serde_json::Value;
use support::BIN;

fn run(args: &[&str]) -> Output {
    let config = std::env::temp_dir().join("badgelens-cli-test-config.json");
    std::fs::write(&config, "{}").unwrap();
    Command::new(BIN)
        .args(args)
        .env("BADGELENS_CONFIG", &config)
        .output()
        .expect("runs")
}

fn fixture_path(p: &str) -> String {
    format!("{}/tests/fixtures/{p}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn unbake_prints_the_payload_exactly_as_stored() {
    let out = run(&["unbake", &fixture_path("openbadges-bakery-js/no-json.svg")]);
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8(out.stdout).unwrap().trim_end(),
        "http://example.org"
    );

    let out = run(&[
        "unbake",
        &fixture_path("openbadges-validator-core/baked/2_0_basic_assertion_baked.png"),
    ]);
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["id"], "https://example.org/beths-robotics-badge.json");

    let out = run(&["unbake", &fixture_path("openbadges-bakery-js/unbaked.png")]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no badge data"));
}

#[test]
fn bake_then_unbake_through_the_cli() {
    let dir = tempfile::tempdir().unwrap();
    let assertion = dir.path().join("a.json");
    std::fs::write(&assertion, r#"{"@context":"https://w3id.org/openbadges/v2","type":"Assertion","id":"https://example.org/x.json","badge":{"name":"SAFe® Agilist"}}"#).unwrap();
    for image in [
        "openbadges-validator-core/images/public_domain_heart.png",
        "openbadges-bakery-js/unbaked.svg",
    ] {
        let ext = if image.ends_with(".png") {
            "png"
        } else {
            "svg"
        };
        let out_path = dir.path().join(format!("baked.{ext}"));
        let out = run(&[
            "bake",
            "--image",
            &fixture_path(image),
            "--assertion",
            assertion.to_str().unwrap(),
            "-o",
            out_path.to_str().unwrap(),
        ]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let out = run(&["unbake", out_path.to_str().unwrap()]);
        assert!(out.status.success());
        assert!(String::from_utf8(out.stdout)
            .unwrap()
            .contains("SAFe® Agilist"));
    }
    // A URL as the payload.
    let out_path = dir.path().join("url.png");
    let out = run(&[
        "bake",
        "--image",
        &fixture_path("openbadges-validator-core/images/public_domain_heart.png"),
        "--assertion",
        "https://example.org/x.json",
        "-o",
        out_path.to_str().unwrap(),
    ]);
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8(run(&["unbake", out_path.to_str().unwrap()]).stdout)
            .unwrap()
            .trim(),
        "https://example.org/x.json"
    );
}

#[test]
fn verify_exit_codes() {
    // 66: an input file that cannot be read.
    assert_eq!(
        run(&["verify", "/no/such/badge.png"]).status.code(),
        Some(66)
    );
    // 64: usage errors.
    assert_eq!(run(&["verify"]).status.code(), Some(64));
    assert_eq!(
        run(&[
            "verify",
            "--now",
            "yesterday",
            &fixture_path("openbadges-bakery-js/unbaked.png")
        ])
        .status
        .code(),
        Some(64)
    );
    assert_eq!(run(&["frobnicate"]).status.code(), Some(64));
    // 2: not a badge.
    assert_eq!(
        run(&["verify", &fixture_path("openbadges-bakery-js/unbaked.png")])
            .status
            .code(),
        Some(2)
    );
    // 1: broken badge data is invalid.
    assert_eq!(
        run(&["verify", &fixture_path("openbadges-bakery-js/bad-json.svg")])
            .status
            .code(),
        Some(1)
    );
    // Any 1 outranks 2.
    let both = run(&[
        "verify",
        &fixture_path("openbadges-bakery-js/unbaked.png"),
        &fixture_path("openbadges-bakery-js/bad-json.svg"),
    ]);
    assert_eq!(both.status.code(), Some(1));
}

#[test]
fn verify_json_prints_one_result_per_input_with_the_input_as_id() {
    let a = fixture_path("openbadges-bakery-js/unbaked.png");
    let b = fixture_path("openbadges-bakery-js/bad-json.svg");
    let out = run(&["verify", "--json", &a, &b]);
    let lines: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(
        (
            lines[0]["type"].as_str(),
            lines[0]["id"].as_str(),
            lines[0]["verdict"].as_str()
        ),
        (Some("result"), Some(a.as_str()), Some("not_a_badge"))
    );
    assert_eq!(
        (lines[1]["id"].as_str(), lines[1]["verdict"].as_str()),
        (Some(b.as_str()), Some("invalid"))
    );
    assert_eq!(lines[1]["checks"][0]["check"], "unbake");
}

#[test]
fn verify_text_files_are_taken_as_assertions() {
    let dir = tempfile::tempdir().unwrap();
    let gibberish = dir.path().join("notes.txt");
    std::fs::write(&gibberish, "hello there, this is not a badge").unwrap();
    let out = run(&["verify", "--json", gibberish.to_str().unwrap()]);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    // Prose is no badge data at all (issue 11).
    assert_eq!(v["verdict"], "not_a_badge");
    assert_eq!(out.status.code(), Some(2));
    // Text that tries to be a badge and is broken is invalid.
    std::fs::write(
        &gibberish,
        "{\"@context\": \"https://w3id.org/openbadges/v2\",",
    )
    .unwrap();
    let out = run(&["verify", "--json", gibberish.to_str().unwrap()]);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["verdict"], "invalid");
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn human_output_names_the_verdict_and_checks() {
    let out = run(&["verify", &fixture_path("openbadges-bakery-js/bad-json.svg")]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("INVALID"), "{text}");
    assert!(text.contains("unbake"), "{text}");
}
