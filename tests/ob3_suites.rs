//! Proof suites real issuers use (issue 11): `ecdsa-rdfc-2019` with P-256
//! and P-384 verifies; `ecdsa-sd-2023` and `Ed25519Signature2018` are
//! `unverifiable` with the reason. Credentials are signed here with fresh
//! keys (did:key), so every verdict could fail.

mod common;

use aws_lc_rs::rand::SystemRandom;
use aws_lc_rs::signature::{self, EcdsaKeyPair, KeyPair};
use badgelens::clock::Timestamp;
use badgelens::config::Config;
use badgelens::messages::{CacheMode, CheckName, CheckStatus, Source, Verdict, VerifyOptions};
use badgelens::verify::ob3::proofs;
use badgelens::verify::Engine;
use common::ob3_sign::credential;
use serde_json::{json, Value};

/// A fresh P-256 or P-384 key; its did:key uses the compressed point.
struct EcKey {
    pair: EcdsaKeyPair,
    p384: bool,
    did: String,
    vm: String,
}

impl EcKey {
    fn generate(p384: bool) -> EcKey {
        let (alg, prefix, half) = if p384 {
            (
                &signature::ECDSA_P384_SHA384_FIXED_SIGNING,
                [0x81, 0x24],
                48,
            )
        } else {
            (
                &signature::ECDSA_P256_SHA256_FIXED_SIGNING,
                [0x80, 0x24],
                32,
            )
        };
        let pair = EcdsaKeyPair::generate(alg).unwrap();
        let point = pair.public_key().as_ref().to_vec();
        let mut bytes = prefix.to_vec();
        bytes.push(if point[2 * half] & 1 == 1 { 3 } else { 2 });
        bytes.extend_from_slice(&point[1..=half]);
        let multikey = format!("z{}", bs58::encode(bytes).into_string());
        let did = format!("did:key:{multikey}");
        let vm = format!("{did}#{multikey}");
        EcKey {
            pair,
            p384,
            did,
            vm,
        }
    }

    /// An `ecdsa-rdfc-2019` proof: SHA-256 (P-256) or SHA-384 (P-384)
    /// of the canonical proof options and document, signed with ECDSA.
    fn sign(&self, doc: &Value) -> Value {
        let mut proof = json!({
            "type": "DataIntegrityProof",
            "cryptosuite": "ecdsa-rdfc-2019",
            "created": "2026-03-02T00:00:00Z",
            "verificationMethod": self.vm,
            "proofPurpose": "assertionMethod"
        });
        let data = proofs::hash_data(doc.as_object().unwrap(), &proof).unwrap();
        let signed = if self.p384 {
            let h = |s: &str| aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA384, s.as_bytes());
            let mut v = h(&data.proof_canon).as_ref().to_vec();
            v.extend_from_slice(h(&data.document_canon).as_ref());
            v
        } else {
            data.signed_bytes()
        };
        let sig = self.pair.sign(&SystemRandom::new(), &signed).unwrap();
        proof["proofValue"] = json!(format!("z{}", bs58::encode(sig.as_ref()).into_string()));
        let mut doc = doc.clone();
        doc["proof"] = proof;
        doc
    }
}

async fn verify(doc: &Value) -> badgelens::messages::VerifyResult {
    let options = VerifyOptions {
        recipient: Vec::new(),
        now: Timestamp::parse("2026-11-25T12:00:00Z"),
        cache: CacheMode::Use,
    };
    Engine::new(Config::default())
        .verify(Source::Assertion(doc.to_string()), options)
        .await
}

#[tokio::test]
async fn ecdsa_rdfc_2019_with_p256_and_p384_verifies_and_tampering_fails() {
    for p384 in [false, true] {
        let key = EcKey::generate(p384);
        let doc = key.sign(&credential(&key.did));
        let r = verify(&doc).await;
        assert_eq!(r.verdict, Verdict::Verified, "{}", common::dump(&r));
        assert_eq!(
            r.badge.as_ref().unwrap().verification.as_deref(),
            Some("ecdsa-rdfc-2019")
        );
        assert_eq!(
            common::status(&r, CheckName::KeyOwner),
            Some(CheckStatus::Pass)
        );

        let mut tampered = doc.clone();
        tampered["credentialSubject"]["achievement"]["name"] = json!("Rust Mastery");
        let r = verify(&tampered).await;
        assert_eq!(r.verdict, Verdict::Invalid, "{}", common::dump(&r));

        // The hash must be the curve's: a P-384 proof over SHA-256 hashes
        // (or the reverse) is not valid.
        let other = EcKey {
            p384: !p384,
            ..EcKey::generate(p384)
        };
        let r = verify(&other.sign(&credential(&other.did))).await;
        assert_eq!(r.verdict, Verdict::Invalid, "{}", common::dump(&r));
    }
}

#[tokio::test]
async fn ecdsa_rdfc_2019_by_an_ed25519_key_is_invalid() {
    let ed = common::ob3_sign::EdKey::generate();
    let mut doc = common::ob3_sign::sign_di(&credential(&ed.did), &ed, &ed.vm, "eddsa-rdfc-2022");
    doc["proof"]["cryptosuite"] = json!("ecdsa-rdfc-2019");
    let r = verify(&doc).await;
    assert_eq!(r.verdict, Verdict::Invalid, "{}", common::dump(&r));
}

#[tokio::test]
async fn ecdsa_sd_2023_and_ed25519_signature_2018_are_unverifiable_with_the_reason() {
    let key = EcKey::generate(false);
    let mut doc = key.sign(&credential(&key.did));
    doc["proof"]["cryptosuite"] = json!("ecdsa-sd-2023");
    let r = verify(&doc).await;
    assert_eq!(r.verdict, Verdict::Unverifiable, "{}", common::dump(&r));
    assert!(
        common::dump(&r).contains("selective-disclosure"),
        "{}",
        common::dump(&r)
    );

    let mut doc = key.sign(&credential(&key.did));
    doc["proof"] = json!({
        "type": "Ed25519Signature2018",
        "created": "2026-03-02T00:00:00Z",
        "verificationMethod": key.vm,
        "proofPurpose": "assertionMethod",
        "jws": "eyJhbGciOiJFZERTQSIsImI2NCI6ZmFsc2UsImNyaXQiOlsiYjY0Il19..AAAA"
    });
    doc["@context"]
        .as_array_mut()
        .unwrap()
        .push(json!("https://w3id.org/security/v2"));
    let r = verify(&doc).await;
    assert_eq!(r.verdict, Verdict::Unverifiable, "{}", common::dump(&r));
    assert!(
        common::dump(&r).contains("not an Open Badges 3.0 proof suite"),
        "{}",
        common::dump(&r)
    );
}
