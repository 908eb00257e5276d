//! Linked-data proofs: Data Integrity `eddsa-rdfc-2022` (and its legacy
//! name `eddsa-2022`), `ecdsa-rdfc-2019` (P-256, P-384) and
//! `Ed25519Signature2020`.
//!
//! All sign `H(canonical proof options) || H(canonical document)`, each
//! canonicalized with RDFC-1.0 (W3C vc-di-eddsa §3.3, vc-di-ecdsa §3.3,
//! Ed25519Signature2020 §4), the proof options carrying the document's
//! `@context` and no `proofValue`. H is SHA-256, except SHA-384 for
//! `ecdsa-rdfc-2019` with a P-384 key.

use aws_lc_rs::digest;
use serde_json::{Map, Value};

use super::canon::{self, CanonError};

/// The proof suites this module verifies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Suite {
    /// DataIntegrityProof with cryptosuite `eddsa-rdfc-2022`.
    EddsaRdfc2022,
    /// DataIntegrityProof with the pre-standard cryptosuite name `eddsa-2022`.
    Eddsa2022,
    Ed25519Signature2020,
    /// DataIntegrityProof with cryptosuite `ecdsa-rdfc-2019` (P-256 or P-384).
    EcdsaRdfc2019,
}

impl Suite {
    /// The suite of a proof object, if it is one BadgeLens verifies.
    pub fn of(proof: &Value) -> Option<Suite> {
        match (
            proof.get("type").and_then(Value::as_str),
            proof.get("cryptosuite").and_then(Value::as_str),
        ) {
            (Some("DataIntegrityProof"), Some("eddsa-rdfc-2022")) => Some(Suite::EddsaRdfc2022),
            (Some("DataIntegrityProof"), Some("eddsa-2022")) => Some(Suite::Eddsa2022),
            (Some("DataIntegrityProof"), Some("ecdsa-rdfc-2019")) => Some(Suite::EcdsaRdfc2019),
            (Some("Ed25519Signature2020"), _) => Some(Suite::Ed25519Signature2020),
            _ => None,
        }
    }

    /// `badge.verification` for this suite.
    pub fn verification_name(self) -> &'static str {
        match self {
            Suite::EddsaRdfc2022 | Suite::Eddsa2022 => "eddsa-rdfc-2022",
            Suite::Ed25519Signature2020 => "Ed25519Signature2020",
            Suite::EcdsaRdfc2019 => "ecdsa-rdfc-2019",
        }
    }
}

/// Why a proof BadgeLens does not verify cannot be checked, for the suites
/// real issuers use.
pub fn unsupported_reason(proof: &Value) -> Option<&'static str> {
    match (
        proof.get("type").and_then(Value::as_str),
        proof.get("cryptosuite").and_then(Value::as_str),
    ) {
        (_, Some("ecdsa-sd-2023")) => Some("ecdsa-sd-2023 is a selective-disclosure suite, whose derived proofs BadgeLens does not verify"),
        (Some("Ed25519Signature2018"), _) => Some("Ed25519Signature2018 (a detached JWS over the pre-standard URDNA2015 form) is not an Open Badges 3.0 proof suite, and BadgeLens does not verify it"),
        _ => None,
    }
}

/// Every intermediate value of a proof's hashing, as the spec's test vector lists them.
#[derive(Debug, Clone)]
pub struct HashData {
    pub document_canon: String,
    pub proof_canon: String,
    pub document_hash: [u8; 32],
    pub proof_hash: [u8; 32],
}

impl HashData {
    /// `proofHash || documentHash`, the bytes that are signed.
    pub fn signed_bytes(&self) -> Vec<u8> {
        let mut v = self.proof_hash.to_vec();
        v.extend_from_slice(&self.document_hash);
        v
    }

    /// The same with SHA-384 (`ecdsa-rdfc-2019` with a P-384 key).
    pub fn signed_bytes_sha384(&self) -> Vec<u8> {
        let h = |s: &str| digest::digest(&digest::SHA384, s.as_bytes());
        let mut v = h(&self.proof_canon).as_ref().to_vec();
        v.extend_from_slice(h(&self.document_canon).as_ref());
        v
    }
}

fn sha256(data: &[u8]) -> [u8; 32] {
    let d = digest::digest(&digest::SHA256, data);
    let mut out = [0u8; 32];
    out.copy_from_slice(d.as_ref());
    out
}

/// The document without its proofs, and this proof without its value and
/// with the document's `@context`.
pub fn split(doc: &Map<String, Value>, proof: &Value) -> (Value, Value) {
    let mut unsecured = doc.clone();
    unsecured.remove("proof");
    let mut options = proof.as_object().cloned().unwrap_or_default();
    options.remove("proofValue");
    if let Some(ctx) = doc.get("@context") {
        options.insert("@context".into(), ctx.clone());
    }
    (Value::Object(unsecured), Value::Object(options))
}

/// Canonicalizes and hashes the document and the proof options.
pub fn hash_data(doc: &Map<String, Value>, proof: &Value) -> Result<HashData, CanonError> {
    let (unsecured, options) = split(doc, proof);
    let proof_canon = canon::canonical_nquads(&options)?;
    let document_canon = canon::canonical_nquads(&unsecured)?;
    Ok(HashData {
        document_hash: sha256(document_canon.as_bytes()),
        proof_hash: sha256(proof_canon.as_bytes()),
        document_canon,
        proof_canon,
    })
}

/// As [`hash_data`], with the document's canonical form already computed
/// (once for all its proofs) and the proof options canonicalized in safe
/// mode, so an undefined term in a proof fails it.
pub fn hash_with_document(
    document_canon: &str,
    doc: &Map<String, Value>,
    proof: &Value,
) -> Result<HashData, CanonError> {
    let (_, options) = split(doc, proof);
    let proof_canon = canon::safe_canonical_nquads(&options)?;
    Ok(from_canons(document_canon, &proof_canon))
}

/// The hashes of canonical forms computed elsewhere.
pub fn from_canons(document_canon: &str, proof_canon: &str) -> HashData {
    HashData {
        document_hash: sha256(document_canon.as_bytes()),
        proof_hash: sha256(proof_canon.as_bytes()),
        document_canon: document_canon.to_string(),
        proof_canon: proof_canon.to_string(),
    }
}

/// The document without its proofs.
pub fn unsecured(doc: &Map<String, Value>) -> Value {
    let mut unsecured = doc.clone();
    unsecured.remove("proof");
    Value::Object(unsecured)
}
