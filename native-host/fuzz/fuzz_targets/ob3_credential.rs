//! The OB 3.0 credential parser and canonicalization input: `ob3::describe`,
//! `issuer_id`, `dates`, the JSON-LD → RDF → RDFC-1.0 path
//! (`canon::safe_canonical_nquads`, `canonical_nquads`, `proofs::hash_data`),
//! key decoding (`decode_multikey`, `key_from_jwk`, `key_from_method`,
//! `did_web_url`), `verify_credential`, and VC-JWT parsing (`verify_jwt`),
//! over arbitrary text.
//!
//! Offline by construction: every call gets `net: None`, so key and status
//! lookups that need a server end `unverifiable` instead of fetching, and
//! JSON-LD contexts come from the built-in bundle only. A `verified` report
//! must carry a passing `signature` check.
#![no_main]

#[path = "shared/mod.rs"]
mod shared;

use badgelens::clock::Timestamp;
use badgelens::messages::{CheckName, CheckStatus, Verdict};
use badgelens::unbake::CompactJws;
use badgelens::verify::keys;
use badgelens::verify::ob3::{self, canon, proofs, Ob3Context};
use badgelens::verify::{authority, ob3::keys::fragment_key};
use badgelens::verify::report::Report;
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

fn check_report(r: Report) {
    let result = r.finish(0.0);
    if result.verdict == Verdict::Verified {
        let proven = result
            .checks
            .iter()
            .any(|c| c.check == CheckName::Signature && c.status == CheckStatus::Pass);
        assert!(proven, "verified without a signature: {:?}", result.checks);
    }
}

/// Every string and object in `v` (bounded) through the key decoders.
fn keys_in(v: &Value, budget: &mut usize) {
    if *budget == 0 {
        return;
    }
    *budget -= 1;
    match v {
        Value::String(s) => {
            let _ = keys::decode_multikey(s);
            let _ = keys::multibase_decode(s);
            let _ = fragment_key(s);
            let _ = authority::did_web_url(s);
            let _ = authority::KeyAuthority::of(s);
        }
        Value::Object(m) => {
            let _ = keys::key_from_jwk(v);
            let _ = keys::key_from_method(v);
            for x in m.values() {
                keys_in(x, budget);
            }
        }
        Value::Array(a) => a.iter().for_each(|x| keys_in(x, budget)),
        _ => {}
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // A fixed "now" so that runs are reproducible.
    let ctx = Ob3Context {
        now: Timestamp(1_767_225_600),
        recipient: &[],
        net: None,
    };
    if let Ok(doc) = serde_json::from_str::<Value>(text) {
        let _ = ob3::describe(&doc);
        let _ = ob3::issuer_id(&doc);
        let mut r = Report::new();
        ob3::dates(&mut r, &doc, ctx.now, None);
        let _ = canon::first_unknown_context(&doc);
        let _ = canon::check_safe_mode(&doc);
        if let Ok(nquads) = canon::safe_canonical_nquads(&doc) {
            assert!(
                nquads.is_empty() || nquads.ends_with('\n'),
                "N-Quads end lines"
            );
        }
        let _ = canon::canonical_nquads(&doc);
        if let Some(map) = doc.as_object() {
            let proofs_given: Vec<&Value> = match map.get("proof") {
                Some(Value::Array(a)) => a.iter().take(4).collect(),
                Some(p) => vec![p],
                None => Vec::new(),
            };
            for proof in proofs_given {
                if let Ok(h) = proofs::hash_data(map, proof) {
                    let _ = h.signed_bytes();
                }
            }
        }
        keys_in(&doc, &mut 64);
        check_report(shared::runtime().block_on(ob3::verify_credential(&doc, ctx)));
    }
    if let Some(jws) = CompactJws::parse(text.trim()) {
        check_report(shared::runtime().block_on(ob3::jwt::verify_jwt(&jws, ctx)));
    }
});
