//! Badges and credentials issued by real platforms, through the real binary.
//!
//! The walk reads `../shared/realworld/` beside the clone when it is there
//! (every file), else the Apache-2.0 copies in `tests/fixtures/realworld/`,
//! and holds each verdict to the table's "expected offline" column (a second
//! choice after `/` counts), offline, with `now` fixed to the collection
//! date. The online test serves the issuers' own files (`mirror-www/`) on
//! loopback over TLS under their real names.

mod common;
mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

use badgelens::messages::{CheckName, CheckStatus, Source, Verdict, VerifyOptions};
use badgelens::verify::Engine;
use serde_json::Value;
use support::BIN;

const NOW: &str = "2026-12-04T12:00:00Z";

fn shared() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/realworld");
    p.join("README.md").is_file().then_some(p)
}

fn copies() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/realworld")
}

/// `(file, accepted verdicts)` from a table in the README's format.
fn expectations(table: &Path) -> Vec<(String, Vec<String>)> {
    let text = std::fs::read_to_string(table).unwrap();
    let mut out = Vec::new();
    for line in text.lines().filter(|l| l.starts_with("| ")) {
        let cols: Vec<&str> = line.split('|').map(str::trim).collect();
        let (Some(file), Some(expected)) = (cols.get(2), cols.get(7)) else {
            continue;
        };
        let Some(file) = file.strip_prefix('`').and_then(|f| f.strip_suffix('`')) else {
            continue;
        };
        let verdicts = expected
            .trim_matches('*')
            .split('/')
            .map(|v| v.trim().to_string())
            .collect();
        out.push((file.to_string(), verdicts));
    }
    out
}

/// `badgelens verify` offline at [`NOW`]; a `.txt` file holds a URL to give as one.
fn verify_offline(path: &Path) -> Value {
    let cache = tempfile::tempdir().unwrap();
    let config = cache.path().join("config.json");
    let cfg = serde_json::json!({ "cache_dir": cache.path().join("cache") });
    std::fs::write(&config, cfg.to_string()).unwrap();
    let input = if path.extension().is_some_and(|e| e == "txt")
        && std::fs::read_to_string(path)
            .unwrap()
            .trim()
            .starts_with("https://")
    {
        std::fs::read_to_string(path).unwrap().trim().to_string()
    } else {
        path.to_str().unwrap().to_string()
    };
    let out = Command::new(BIN)
        .args(["verify", &input, "--now", NOW, "--offline", "--json"])
        .env("BADGELENS_CONFIG", &config)
        .output()
        .unwrap();
    let line = String::from_utf8(out.stdout).unwrap();
    serde_json::from_str(line.lines().next().unwrap_or("null")).unwrap()
}

#[test]
fn every_real_world_file_gets_the_verdict_the_specs_expect_offline() {
    let (root, table) = match shared() {
        Some(s) => (s.join("artifacts"), s.join("README.md")),
        None => {
            eprintln!("NOTE: ../shared/realworld absent: walking the copies in tests/fixtures/realworld only");
            (copies().join("artifacts"), copies().join("SOURCES.md"))
        }
    };
    let expected = expectations(&table);
    let mut files: Vec<String> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    files.sort();
    assert!(
        files.len() >= 21,
        "{} files in {}",
        files.len(),
        root.display()
    );
    let mut wrong = Vec::new();
    for file in &files {
        let accepted = &expected
            .iter()
            .find(|(f, _)| f == file)
            .unwrap_or_else(|| panic!("{file} is not in {}", table.display()))
            .1;
        let result = verify_offline(&root.join(file));
        let verdict = result["verdict"]
            .as_str()
            .unwrap_or("(no result)")
            .to_string();
        if !accepted.contains(&verdict) {
            wrong.push(format!(
                "{file}: {verdict}, expected {}: {}",
                accepted.join(" / "),
                result["summary"]
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {} disagree:\n{}",
        wrong.len(),
        files.len(),
        wrong.join("\n")
    );
    eprintln!("{} of {} real-world files agree", files.len(), files.len());
}

#[test]
fn the_readme_expectations_cover_every_copied_file() {
    let expected = expectations(&copies().join("SOURCES.md"));
    for entry in std::fs::read_dir(copies().join("artifacts")).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        assert!(expected.iter().any(|(f, _)| *f == name), "{name}");
    }
}

fn artifact(name: &str) -> PathBuf {
    match shared() {
        Some(s) => s.join("artifacts").join(name),
        None => copies().join("artifacts").join(name),
    }
}

fn result_of(name: &str) -> Value {
    verify_offline(&artifact(name))
}

fn check<'a>(result: &'a Value, name: &str, status: &str) -> Option<&'a Value> {
    result["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["check"] == name && c["status"] == status)
}

#[test]
fn sd_jwt_is_unverifiable_and_names_sd_jwt_without_claiming_the_signature() {
    let r = result_of("waltid__jff-plugfest3-sdjwt.txt");
    assert_eq!(r["verdict"], "unverifiable", "{r}");
    let text = r.to_string().to_lowercase();
    assert!(text.contains("sd-jwt"), "{r}");
    // The issuer part's signature is really checked here (did:key): when it
    // passes, it says it is only the issuer's part.
    if let Some(pass) = check(&r, "signature", "pass") {
        assert!(
            pass["message"].as_str().unwrap().contains("SD-JWT"),
            "{pass}"
        );
    }
    assert!(!r["summary"].as_str().unwrap().starts_with("Verified"));
}

#[test]
fn ob3_json_baked_under_the_openbadges_keyword_is_read_as_ob3_with_a_warning() {
    let r = result_of("oeb__ob3-baked-under-openbadges-keyword.png");
    assert_eq!(r["badge"]["format"], "ob3", "{r}");
    let warn = check(&r, "unbake", "warn").expect("a warning about the keyword");
    assert!(
        warn["message"].as_str().unwrap().contains("openbadges"),
        "{warn}"
    );
    assert!(!r.to_string().contains("not an Open Badges context"), "{r}");
}

#[test]
fn capital_h_hosted_verification_type_is_accepted_with_a_warning() {
    let r = result_of("asf-training__assertion-121eacc3d632.json");
    assert_eq!(r["badge"]["verification"], "hosted", "{r}");
    let warn = check(&r, "parse", "warn").expect("a warning about \"Hosted\"");
    assert!(
        warn["message"].as_str().unwrap().contains("Hosted"),
        "{warn}"
    );
}

#[test]
fn vc_jwt_without_nbf_verifies_with_a_warning() {
    let r = result_of("waltid__compliant-ob-vc2-vcjwt.jwt");
    assert_eq!(r["verdict"], "verified", "{r}");
    let warn = check(&r, "issued_on", "warn").expect("a warning about nbf");
    assert!(warn["message"].as_str().unwrap().contains("nbf"), "{warn}");
}

#[test]
fn summaries_read_as_sentences() {
    let r = result_of("asf-training__assertion-121eacc3d632.json");
    let summary = r["summary"].as_str().unwrap();
    assert!(summary.contains("a hashed e-mail address"), "{summary}");
    assert!(!summary.contains("emailAddress"), "{summary}");
}

/// The Credly badge from a 2022 e-mail signature says of itself that it
/// expired in 2021; offline its issuer copy cannot be fetched.
#[test]
fn hosted_badge_whose_own_copy_expired_says_so_when_the_issuer_cannot_be_asked() {
    let Some(s) = shared() else {
        eprintln!("SKIPPED: the Credly e-mail-signature badge cannot be copied; ../shared/realworld absent");
        return;
    };
    let r = verify_offline(&s.join("artifacts/credly__ob2-email-signature-badge.png"));
    assert_eq!(r["verdict"], "unverifiable", "{r}");
    let summary = r["summary"].as_str().unwrap();
    assert!(summary.contains("expired on 2021-10-31"), "{summary}");
}

#[test]
fn pasted_prose_is_not_a_badge() {
    let cache = tempfile::tempdir().unwrap();
    let config = cache.path().join("config.json");
    std::fs::write(&config, "{}").unwrap();
    let file = cache.path().join("note.txt");
    std::fs::write(&file, "Congratulations on your badge!\n").unwrap();
    let out = Command::new(BIN)
        .args(["verify", file.to_str().unwrap(), "--offline", "--json"])
        .env("BADGELENS_CONFIG", &config)
        .output()
        .unwrap();
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(r["verdict"], "not_a_badge", "{r}");
    // Broken badge data stays broken: text that tries to be JSON.
    std::fs::write(&file, "{\"@context\": ").unwrap();
    let out = Command::new(BIN)
        .args(["verify", file.to_str().unwrap(), "--offline", "--json"])
        .env("BADGELENS_CONFIG", &config)
        .output()
        .unwrap();
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(r["verdict"], "invalid", "{r}");
}

#[test]
fn unbake_prints_a_real_png_payload_byte_for_byte() {
    let path = artifact("asf-training__test-badge-121eacc3d632.png");
    let out = Command::new(BIN)
        .args(["unbake", path.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success());
    let bytes = std::fs::read(&path).unwrap();
    let stored = match badgelens::unbake::unbake(&bytes).unwrap() {
        badgelens::unbake::Unbaked::Found(b) => b.text,
        other => panic!("{other:?}"),
    };
    assert_eq!(out.stdout, stored.as_bytes());
}

/// The issuers' own files served under their own names over TLS.
async fn mirror() -> (common::issuer::Issuer, tempfile::TempDir, Engine) {
    let www = match shared() {
        Some(s) => s.join("mirror-www"),
        None => copies().join("mirror-www"),
    };
    let hosts = ["credentials.andamio.io", "training.apache.org"];
    let roots: Vec<PathBuf> = hosts.iter().map(|h| www.join(h)).collect();
    let issuer = common::issuer::Issuer::start_tls_names(&roots, &hosts).await;
    let cache = tempfile::tempdir().unwrap();
    let engine = Engine::new(issuer.config(cache.path()));
    (issuer, cache, engine)
}

fn at_now() -> VerifyOptions {
    VerifyOptions {
        now: badgelens::clock::Timestamp::parse(NOW),
        ..VerifyOptions::default()
    }
}

/// The artifact `name`, as an image the extension sent, verified at NOW.
async fn verify_image(engine: &Engine, name: &str) -> badgelens::messages::VerifyResult {
    let data = std::fs::read(artifact(name)).unwrap();
    let image = Source::Image {
        data,
        mime: None,
        url: None,
    };
    engine.verify(image, at_now()).await
}

#[tokio::test]
async fn andamio_credentials_verify_online_with_their_issuer_files_on_loopback() {
    let (issuer, _cache, engine) = mirror().await;
    for name in [
        "andamio__ob3-didweb-course-203e63f4.svg",
        "andamio__ob3-didweb-course-661274aa.svg",
    ] {
        let r = verify_image(&engine, name).await;
        assert_eq!(r.verdict, Verdict::Verified, "{name}: {}", common::dump(&r));
        assert_eq!(
            common::status(&r, CheckName::KeyOwner),
            Some(CheckStatus::Pass)
        );
        assert_eq!(
            common::status(&r, CheckName::Revocation),
            Some(CheckStatus::Pass),
            "{}",
            common::dump(&r)
        );
    }
    assert!(issuer.hits("/context/v1.jsonld") >= 1);
}

#[tokio::test]
async fn apache_training_hosted_badge_verifies_online_with_its_site_on_loopback() {
    let (_issuer, _cache, engine) = mirror().await;
    let r = verify_image(&engine, "asf-training__test-badge-121eacc3d632.png").await;
    assert_eq!(r.verdict, Verdict::Verified, "{}", common::dump(&r));
    // The unpublished assertion of the other badge answers 404.
    let r = verify_image(&engine, "asf-training__test-badge-justin-mclean.png").await;
    assert_eq!(r.verdict, Verdict::Unverifiable, "{}", common::dump(&r));
}
