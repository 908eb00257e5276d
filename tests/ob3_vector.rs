//! The OB 3.0 specification's eddsa-rdfc-2022 test vector, every
//! intermediate value reproduced. The vector is under the IMS licence, so it
//! is read from `../shared` beside the clone when present and the test
//! skips (saying so) when it is absent.

mod shared_fixtures;

use std::path::PathBuf;

use badgelens::verify::keys::{self, PublicKey, SigAlg};
use badgelens::verify::ob3::{canon, proofs};
use serde_json::Value;

fn vector_dir(test: &str) -> Option<PathBuf> {
    shared_fixtures::path(
        "fixtures/openbadges-specification/ob3-test-vectors/obv3p0",
        &format!("ob3_vector::{test}"),
    )
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn eddsa_rdfc_2022_test_vector_reproduces_exactly() {
    let Some(dir) = vector_dir("eddsa_rdfc_2022_test_vector_reproduces_exactly") else {
        return;
    };
    let read = |name: &str| std::fs::read_to_string(dir.join(name)).unwrap();
    let signed: Value = serde_json::from_str(&read("credential-signed.json")).unwrap();
    let expected: Value = serde_json::from_str(&read("intermediate-values.json")).unwrap();
    let keypair: Value = serde_json::from_str(&read("keypair.json")).unwrap();
    let map = signed.as_object().unwrap();
    let proof = &signed["proof"];

    let data = proofs::hash_data(map, proof).unwrap();
    assert_eq!(data.document_canon, read("document-canon.txt"));
    assert_eq!(data.proof_canon, read("proof-canon.txt"));
    assert_eq!(hex(&data.document_hash), expected["ob-document-hash"]);
    assert_eq!(hex(&data.proof_hash), expected["ob-proof-hash"]);
    assert_eq!(hex(&data.signed_bytes()), expected["ob-data"]);

    // The verification path's single pass (safe mode + canonical form) gives
    // the same bytes.
    let safe_doc = canon::safe_canonical_nquads(&proofs::unsecured(map)).unwrap();
    assert_eq!(safe_doc, data.document_canon);
    let safe = proofs::hash_with_document(&safe_doc, map, proof).unwrap();
    assert_eq!(safe.signed_bytes(), data.signed_bytes());
    // And so does the combined pass (document and proof options together).
    let options = proofs::split(map, proof).1;
    let (pair_doc, pair_proof) = canon::safe_canonical_pair(&proofs::unsecured(map), &options)
        .expect("the vector's shapes allow one pass")
        .unwrap();
    assert_eq!(pair_doc, read("document-canon.txt"));
    assert_eq!(pair_proof, read("proof-canon.txt"));

    let sig = keys::multibase_decode(proof["proofValue"].as_str().unwrap()).unwrap();
    assert_eq!(hex(&sig), expected["ob-signature"]);
    let key = keys::decode_multikey(keypair["publicKeyMultibase"].as_str().unwrap()).unwrap();
    assert_eq!(
        key,
        PublicKey::Ed25519(
            (0..32)
                .map(|i| u8::from_str_radix(
                    &keypair["publicKeyHex"].as_str().unwrap()[2 * i..2 * i + 2],
                    16
                )
                .unwrap())
                .collect()
        )
    );
    keys::verify_signature(&key, SigAlg::EdDsa, &data.signed_bytes(), &sig).unwrap();

    // One changed byte anywhere in the data breaks it.
    let mut tampered = data.signed_bytes();
    tampered[40] ^= 1;
    assert!(keys::verify_signature(&key, SigAlg::EdDsa, &tampered, &sig).is_err());
}

#[test]
fn bundled_contexts_processed_once_give_the_same_canonical_form_every_time() {
    let Some(dir) =
        vector_dir("bundled_contexts_processed_once_give_the_same_canonical_form_every_time")
    else {
        return;
    };
    let read = |name: &str| std::fs::read_to_string(dir.join(name)).unwrap();
    let signed: Value = serde_json::from_str(&read("credential-signed.json")).unwrap();
    let map = signed.as_object().unwrap();
    // The first pass processes the bundled contexts; the later ones reuse them.
    for _ in 0..3 {
        let data = proofs::hash_data(map, &signed["proof"]).unwrap();
        assert_eq!(data.document_canon, read("document-canon.txt"));
        assert_eq!(data.proof_canon, read("proof-canon.txt"));
    }
}
