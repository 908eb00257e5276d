//! DCC's vc-test-fixtures (real credentials signed by the Digital
//! Credentials Consortium). The repository carries no licence, so nothing
//! of it is committed: this test reads it from `../shared` beside the clone
//! when present and skips (saying so) otherwise. Expected (its SOURCES.md):
//! every signature valid except the tampered ones and the unresolvable
//! did:web.

mod common;
mod shared_fixtures;

use common::ob3_net;

use std::path::{Path, PathBuf};

use badgelens::clock::Timestamp;
use badgelens::messages::{CacheMode, CheckName, CheckStatus, Source, VerifyOptions};
use badgelens::verify::Engine;

const ROOT: &str = "fixtures/crate-probe/dcc-vc-test-fixtures";

fn json_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            json_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "json") {
            out.push(p);
        }
    }
}

#[tokio::test]
async fn dcc_signatures_verify_except_the_tampered_ones() {
    let Some(root) = shared_fixtures::path(
        ROOT,
        "ob3_dcc_local::dcc_signatures_verify_except_the_tampered_ones",
    ) else {
        return;
    };
    let root = root.as_path();
    let issuer = ob3_net::Issuer::start().await;
    for name in ["legacy", "oidf"] {
        let doc: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(root.join(format!("dids/{name}/did.json"))).unwrap(),
        )
        .unwrap();
        issuer.routes.json(
            &format!("https://digitalcredentials.github.io/vc-test-fixtures/dids/{name}/did.json"),
            &doc,
        );
    }
    let engine = Engine::new(issuer.config());
    let options = VerifyOptions {
        recipient: Vec::new(),
        now: Timestamp::parse("2026-11-25T12:00:00Z"),
        cache: CacheMode::Use,
    };

    let mut files = Vec::new();
    json_files(&root.join("verifiableCredentials"), &mut files);
    files.sort();
    let (mut passed, mut wrong) = (0, Vec::new());
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        if text.trim().is_empty() {
            continue;
        }
        let r = engine
            .verify(Source::Assertion(text), options.clone())
            .await;
        let signature_ok = r
            .checks
            .iter()
            .any(|c| c.check == CheckName::Signature && c.status == CheckStatus::Pass);
        let name = f.display().to_string();
        let expect_ok = !name.ends_with("-tampered.json") && !name.contains("badDidWeb");
        if signature_ok == expect_ok {
            passed += 1;
        } else {
            let checks: String = r
                .checks
                .iter()
                .map(|c| format!("  {:?} {:?}: {}\n", c.check, c.status, c.message))
                .collect();
            wrong.push(format!("{name}: signature ok = {signature_ok}\n{checks}"));
        }
    }
    eprintln!("{passed} of {} DCC credentials as expected", files.len());
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    assert!(passed > 50, "expected the full DCC set, found {passed}");
}
