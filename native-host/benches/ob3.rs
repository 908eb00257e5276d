//! OB 3.0 Data Integrity verification: canonicalization (RDFC-1.0) plus the
//! Ed25519 check, with the bundled contexts held in memory.
//!
//! Inputs: verifier-core's copy of the OB 3.0 spec example (eddsa-rdfc-2022,
//! did:key, always present) and, when `../shared` is beside the clone, the
//! spec's own test vector credential.

use criterion::{criterion_group, criterion_main, Criterion};
use serde_json::Value;

use badgelens::clock::Timestamp;
use badgelens::verify::keys;
use badgelens::verify::ob3::{self, proofs, Ob3Context};

fn bench_credential(c: &mut Criterion, name: &str, doc: Value) {
    let map = doc.as_object().unwrap().clone();
    let proof = doc["proof"].clone();
    let unsecured = proofs::split(&map, &proof).0;
    // The share of context processing: the same contexts, no data.
    let bare = serde_json::json!({"@context": doc["@context"].clone(), "id": "urn:x:bare"});
    c.bench_function(&format!("{name}: JSON-LD to RDF (contexts only)"), |b| {
        b.iter(|| ob3::canon::to_dataset(&bare).unwrap())
    });
    c.bench_function(&format!("{name}: JSON-LD to RDF (document)"), |b| {
        b.iter(|| ob3::canon::to_dataset(&unsecured).unwrap())
    });
    let quads: Vec<oxrdf::Quad> = ob3::canon::to_dataset(&unsecured)
        .unwrap()
        .iter()
        .map(|q| q.into_owned())
        .collect();
    c.bench_function(&format!("{name}: RDFC-1.0 (document)"), |b| {
        b.iter(|| ob3::rdfc::canonicalize(&quads).unwrap())
    });
    c.bench_function(&format!("{name}: safe mode"), |b| {
        b.iter(|| ob3::canon::check_safe_mode(&doc).unwrap())
    });
    c.bench_function(&format!("{name}: canonicalize + hash"), |b| {
        b.iter(|| proofs::hash_data(&map, &proof).unwrap())
    });
    let data = proofs::hash_data(&map, &proof).unwrap();
    let sig = keys::multibase_decode(proof["proofValue"].as_str().unwrap()).unwrap();
    let vm = proof["verificationMethod"].as_str().unwrap();
    let fragment = vm.rsplit('#').next().unwrap();
    let key = keys::decode_multikey(fragment).unwrap();
    c.bench_function(
        &format!("{name}: canonicalize + hash + Ed25519 verify"),
        |b| {
            b.iter(|| {
                let data = proofs::hash_data(&map, &proof).unwrap();
                keys::verify_signature(&key, keys::SigAlg::EdDsa, &data.signed_bytes(), &sig)
                    .unwrap()
            })
        },
    );
    assert!(keys::verify_signature(&key, keys::SigAlg::EdDsa, &data.signed_bytes(), &sig).is_ok());
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    c.bench_function(
        &format!("{name}: full verify_credential (safe mode, dates, offline)"),
        |b| {
            b.iter(|| {
                let ctx = Ob3Context {
                    now: Timestamp(1_790_000_000),
                    recipient: &[],
                    net: None,
                };
                rt.block_on(ob3::verify_credential(&doc, ctx))
            })
        },
    );
}

fn ob3(c: &mut Criterion) {
    let example: Value = serde_json::from_str(include_str!(
        "../../tests/fixtures/verifier-core/credentials/v2-v2OBv3SpecExample.json"
    ))
    .unwrap();
    bench_credential(c, "verifier-core v2OBv3SpecExample", example);
    let vector = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/fixtures/openbadges-specification/ob3-test-vectors/obv3p0/credential-signed.json");
    if let Ok(text) = std::fs::read_to_string(vector) {
        bench_credential(c, "spec test vector", serde_json::from_str(&text).unwrap());
    }
}

criterion_group!(benches, ob3);
criterion_main!(benches);
