//! Shared helpers for the integration tests: the loopback issuer.
#![allow(dead_code)]

pub mod issuer;
pub mod ob3_net;
pub mod ob3_sign;

use std::path::PathBuf;

use badgelens::messages::{Check, CheckName, CheckStatus, Source, VerifyOptions, VerifyResult};
use badgelens::verify::Engine;
use issuer::{fixtures, Issuer, Route};

/// An engine wired to a loopback issuer, with its own cache directory.
pub struct Setup {
    pub issuer: Issuer,
    pub engine: Engine,
    pub cache: tempfile::TempDir,
}

impl Setup {
    pub async fn new(issuer: Issuer) -> Setup {
        let cache = tempfile::tempdir().unwrap();
        let engine = Engine::new(issuer.config(cache.path()));
        Setup {
            issuer,
            engine,
            cache,
        }
    }

    /// dc-public-validator's OB 2.0 assets under their own names (example.org, ...).
    pub async fn dc() -> Setup {
        Setup::new(Issuer::start_named(&[dc_ob20().join("assets")]).await).await
    }

    /// validator-core's hosted example.org set and its components.
    pub async fn validator_core() -> Setup {
        let base = fixtures().join("openbadges-validator-core");
        Setup::new(
            Issuer::start_named(&[base.join("hosted/example.org"), base.join("components")]).await,
        )
        .await
    }

    pub async fn verify(&self, source: Source, recipients: &[&str]) -> VerifyResult {
        let options = VerifyOptions {
            recipient: recipients.iter().map(|s| s.to_string()).collect(),
            ..VerifyOptions::default()
        };
        self.engine.verify(source, options).await
    }

    /// Serves `file` (a dc ob20 case) as the hosted copy at its id, and
    /// verifies the (rewritten) file's text as if pasted.
    pub async fn paste_hosted(&self, file: &str, recipients: &[&str]) -> VerifyResult {
        let text = std::fs::read_to_string(dc_ob20().join(file)).unwrap();
        let text = self.issuer.rewrite(&text);
        let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
        if let Some(id) = doc["id"].as_str() {
            let path = url::Url::parse(id).unwrap().path().to_string();
            self.issuer.route(
                &path,
                Route::Body {
                    status: 200,
                    content_type: "application/ld+json".into(),
                    body: text.clone().into_bytes(),
                },
            );
        }
        self.verify(Source::Assertion(text), recipients).await
    }
}

pub fn dc_ob20() -> PathBuf {
    fixtures().join("dc-public-validator/ob20")
}

/// The first check of that name.
pub fn check(result: &VerifyResult, name: CheckName) -> Option<&Check> {
    result.checks.iter().find(|c| c.check == name)
}

pub fn status(result: &VerifyResult, name: CheckName) -> Option<CheckStatus> {
    check(result, name).map(|c| c.status)
}

/// Bakes `text` into `png` (a real PNG), as an issuer's baker would.
pub fn bake_png(png: &[u8], text: &str) -> Vec<u8> {
    badgelens::unbake::png::bake(png, badgelens::unbake::BadgeKeyword::OpenBadges, text).unwrap()
}

/// The text baked into a PNG.
pub fn unbake_text(png: &[u8]) -> String {
    match badgelens::unbake::unbake(png).unwrap() {
        badgelens::unbake::Unbaked::Found(b) => b.text,
        other => panic!("no badge in the image: {other:?}"),
    }
}

pub fn dump(r: &VerifyResult) -> String {
    serde_json::to_string_pretty(r).unwrap()
}
