//! Signing OB 3.0 credentials in tests with keys generated on the spot, so
//! that no verdict depends on one fixture or one stored key.

#![allow(dead_code)]

use aws_lc_rs::rand::SystemRandom;
use aws_lc_rs::signature::{self, EcdsaKeyPair, Ed25519KeyPair, KeyPair};
use badgelens::verify::ob3::proofs;
use base64::Engine as _;
use serde_json::{json, Value};

pub fn b64url(bytes: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// A fresh Ed25519 key with its did:key names.
pub struct EdKey {
    pair: Ed25519KeyPair,
    pub multikey: String,
    pub did: String,
    pub vm: String,
}

impl EdKey {
    pub fn generate() -> EdKey {
        let pair = Ed25519KeyPair::generate().unwrap();
        let mut bytes = vec![0xed, 0x01];
        bytes.extend_from_slice(pair.public_key().as_ref());
        let multikey = format!("z{}", bs58::encode(bytes).into_string());
        let did = format!("did:key:{multikey}");
        let vm = format!("{did}#{multikey}");
        EdKey {
            pair,
            multikey,
            did,
            vm,
        }
    }

    pub fn sign(&self, msg: &[u8]) -> Vec<u8> {
        self.pair.sign(msg).as_ref().to_vec()
    }

    pub fn public_jwk(&self) -> Value {
        json!({"kty": "OKP", "crv": "Ed25519", "x": b64url(self.pair.public_key().as_ref())})
    }
}

/// A fresh P-256 key; its did:key uses the compressed point.
pub struct P256Key {
    pair: EcdsaKeyPair,
    pub did: String,
    pub vm: String,
}

impl P256Key {
    pub fn generate() -> P256Key {
        let pair = EcdsaKeyPair::generate(&signature::ECDSA_P256_SHA256_FIXED_SIGNING).unwrap();
        let point = pair.public_key().as_ref().to_vec();
        let mut compressed = vec![if point[64] & 1 == 1 { 3 } else { 2 }];
        compressed.extend_from_slice(&point[1..33]);
        let mut bytes = vec![0x80, 0x24];
        bytes.extend_from_slice(&compressed);
        let multikey = format!("z{}", bs58::encode(bytes).into_string());
        let did = format!("did:key:{multikey}");
        let vm = format!("{did}#{multikey}");
        P256Key { pair, did, vm }
    }

    pub fn sign(&self, msg: &[u8]) -> Vec<u8> {
        self.pair
            .sign(&SystemRandom::new(), msg)
            .unwrap()
            .as_ref()
            .to_vec()
    }
}

/// A fresh 2048-bit RSA key.
pub struct RsaKey {
    pair: aws_lc_rs::rsa::KeyPair,
}

impl RsaKey {
    /// A PKCS#8 `PRIVATE KEY` PEM (the demo issuer's key, for instance).
    pub fn from_pem(pem: &[u8]) -> RsaKey {
        use rustls_pki_types::pem::PemObject;
        let der = rustls_pki_types::PrivatePkcs8KeyDer::from_pem_slice(pem).unwrap();
        RsaKey {
            pair: aws_lc_rs::rsa::KeyPair::from_pkcs8(der.secret_pkcs8_der()).unwrap(),
        }
    }

    pub fn generate() -> RsaKey {
        RsaKey {
            pair: aws_lc_rs::rsa::KeyPair::generate(aws_lc_rs::rsa::KeySize::Rsa2048).unwrap(),
        }
    }

    pub fn public_jwk(&self) -> Value {
        let public = self.pair.public_key();
        json!({
            "kty": "RSA",
            "n": b64url(public.modulus().big_endian_without_leading_zero()),
            "e": b64url(public.exponent().big_endian_without_leading_zero()),
        })
    }

    pub fn sign(&self, msg: &[u8]) -> Vec<u8> {
        let mut sig = vec![0u8; self.pair.public_modulus_len()];
        self.pair
            .sign(
                &signature::RSA_PKCS1_SHA256,
                &SystemRandom::new(),
                msg,
                &mut sig,
            )
            .unwrap();
        sig
    }
}

/// An OB 3.0 AchievementCredential from `issuer`, in VC 2.0 form.
pub fn credential(issuer: &str) -> Value {
    json!({
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
        ],
        "id": "urn:uuid:2f0b7b5e-6a0e-4f3c-9a55-2f1a7c3b9d10",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": issuer, "type": ["Profile"], "name": "BadgeLens Test Academy"},
        "validFrom": "2026-03-02T00:00:00Z",
        "name": "Rust Verification",
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [{
                "type": "IdentityObject",
                "identityHash": hashed_email("alice@example.com", "pepper"),
                "identityType": "emailAddress",
                "hashed": true,
                "salt": "pepper"
            }],
            "achievement": {
                "id": "https://academy.example/achievements/rust",
                "type": ["Achievement"],
                "name": "Rust Verification",
                "description": "Verifies Open Badges in Rust.",
                "criteria": {"narrative": "Ship a verifier."}
            }
        }
    })
}

/// `sha256$hex(email + salt)` as OB identity hashes are written.
pub fn hashed_email(email: &str, salt: &str) -> String {
    let d = aws_lc_rs::digest::digest(
        &aws_lc_rs::digest::SHA256,
        format!("{email}{salt}").as_bytes(),
    );
    format!(
        "sha256${}",
        d.as_ref()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    )
}

/// Adds a Data Integrity (`eddsa-rdfc-2022`) or `Ed25519Signature2020` proof.
pub fn sign_di(doc: &Value, key: &EdKey, vm: &str, suite: &str) -> Value {
    let mut proof = match suite {
        "Ed25519Signature2020" => json!({"type": "Ed25519Signature2020"}),
        cs => json!({"type": "DataIntegrityProof", "cryptosuite": cs}),
    };
    proof["created"] = json!("2026-03-02T00:00:00Z");
    proof["verificationMethod"] = json!(vm);
    proof["proofPurpose"] = json!("assertionMethod");
    let mut doc = doc.clone();
    if suite == "Ed25519Signature2020" {
        doc["@context"]
            .as_array_mut()
            .unwrap()
            .push(json!("https://w3id.org/security/suites/ed25519-2020/v1"));
    }
    let data = proofs::hash_data(doc.as_object().unwrap(), &proof).unwrap();
    let sig = key.sign(&data.signed_bytes());
    proof["proofValue"] = json!(format!("z{}", bs58::encode(sig).into_string()));
    doc["proof"] = proof;
    doc
}

/// HMAC-SHA256 of `msg` keyed with `secret` (for forged HS256 tokens).
pub fn hs256(secret: &[u8], msg: &[u8]) -> Vec<u8> {
    let key = aws_lc_rs::hmac::Key::new(aws_lc_rs::hmac::HMAC_SHA256, secret);
    aws_lc_rs::hmac::sign(&key, msg).as_ref().to_vec()
}

/// A compact JWS of `payload` with `header`, signed by `sign`.
pub fn jws(header: &Value, payload: &Value, sign: impl Fn(&[u8]) -> Vec<u8>) -> String {
    let input = format!(
        "{}.{}",
        b64url(header.to_string().as_bytes()),
        b64url(payload.to_string().as_bytes())
    );
    let sig = sign(input.as_bytes());
    format!("{input}.{}", b64url(&sig))
}
