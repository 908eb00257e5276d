//! The OB 1.0/2.0 document parser: `verify::ob2::upgrade` (1.0 → 2.0 shape,
//! `validate_*`), `describe`, `recipient::matches`, `page::discover`, and
//! the engine's JSON entry point (`verify` of pasted assertion text), over
//! arbitrary text.
//!
//! Offline by construction: the pure functions take no network, and the
//! engine runs with `options.cache` forced to `offline` and a cache
//! directory of its own, so nothing is fetched. A `verified` verdict must
//! carry a passing `fetch_assertion` or `signature` check (an empty offline
//! cache can supply neither, so in practice none is ever verified).
#![no_main]

#[path = "shared/mod.rs"]
mod shared;

use badgelens::messages::{CacheMode, CheckName, CheckStatus, Source, Verdict, VerifyOptions};
use badgelens::verify::authority;
use badgelens::verify::ob2::{self, page, recipient, upgrade};
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(doc) = serde_json::from_str::<Value>(text) {
        match upgrade::upgrade(&doc) {
            Ok(up) => {
                assert!(up.doc.is_object(), "an upgraded document is an object");
                let _ = up.is_hosted();
                let _ = up.is_signed();
                if let Some(url) = up.hosted_url() {
                    let _ = authority::origin_of(&url);
                }
                let _ = upgrade::validate_assertion(&up);
            }
            Err(e) => assert!(
                e.verdict != Verdict::Verified,
                "an upgrade error cannot be verified"
            ),
        }
        let _ = upgrade::validate_badge_class(&doc, "2.0");
        let _ = upgrade::validate_issuer(&doc, "2.0");
        let _ = upgrade::validate_badge_class(&doc, "1.0");
        let _ = upgrade::validate_issuer(&doc, "1.1");
        let _ = ob2::describe(&doc, doc.get("badge"), doc.get("issuer"));
        let _ = recipient::matches(
            doc.get("recipient"),
            &[
                "alice@example.org".to_string(),
                "https://example.org/alice".to_string(),
            ],
        );
        if let Some(id) = doc.get("id").and_then(Value::as_str) {
            let _ = authority::origin_of(id);
        }
    }
    let base = url::Url::parse("https://badges.example.org/public/assertions/1").expect("a URL");
    let _ = page::discover(text, &base);

    let options = VerifyOptions {
        recipient: vec!["alice@example.org".to_string()],
        now: None,
        cache: CacheMode::Offline,
    };
    let result = shared::runtime().block_on(
        shared::engine("badgelens-fuzz-cache-ob2")
            .verify(Source::Assertion(text.to_string()), options),
    );
    if result.verdict == Verdict::Verified {
        let proven = result.checks.iter().any(|c| {
            matches!(c.check, CheckName::FetchAssertion | CheckName::Signature)
                && c.status == CheckStatus::Pass
        });
        assert!(proven, "verified without a proof: {:?}", result.checks);
    }
});
