//! One signature verifier for every Open Badges version: public keys from
//! PEM (OB 2.0 signed badges), JWK (VC-JWT), multikey and base58 (Data
//! Integrity), and RS256 / ES256 / ES384 / EdDSA verification with aws-lc-rs.
//! Where keys come from and whose they are is decided elsewhere
//! ([`super::authority`]); this module only says whether bytes were signed
//! by a key.

use base64::Engine as _;
use serde_json::Value;

/// Why key material cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum KeyMaterialError {
    /// A key type BadgeLens does not support (`unverifiable`).
    #[error("{0}")]
    Unsupported(String),
    /// Malformed key material (`invalid`).
    #[error("{0}")]
    Malformed(String),
}

/// Multicodec prefix of an Ed25519 public key (`0xed`, varint).
const ED25519_PUB: [u8; 2] = [0xed, 0x01];
/// Multicodec prefix of a P-256 public key (`0x1200`, varint).
const P256_PUB: [u8; 2] = [0x80, 0x24];
/// Multicodec prefix of a P-384 public key (`0x1201`, varint).
const P384_PUB: [u8; 2] = [0x81, 0x24];

/// A public key BadgeLens can verify with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PublicKey {
    /// 32 raw bytes.
    Ed25519(Vec<u8>),
    /// SEC1 point (33 bytes compressed or 65 uncompressed).
    P256(Vec<u8>),
    /// SEC1 point (49 bytes compressed or 97 uncompressed).
    P384(Vec<u8>),
    /// RSA: modulus and public exponent, big-endian.
    Rsa { n: Vec<u8>, e: Vec<u8> },
}

impl PublicKey {
    /// The size of an RSA key's modulus in bits; `None` for other keys.
    pub fn rsa_bits(&self) -> Option<usize> {
        match self {
            PublicKey::Rsa { n, .. } => Some(n.iter().skip_while(|b| **b == 0).count() * 8),
            _ => None,
        }
    }
}

/// Decodes multibase: `z` (base58btc) and `u` (base64url) are the bases seen.
pub fn multibase_decode(text: &str) -> Option<Vec<u8>> {
    let mut chars = text.chars();
    match chars.next()? {
        'z' => bs58::decode(chars.as_str()).into_vec().ok(),
        'u' => base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(chars.as_str())
            .ok(),
        _ => None,
    }
}

/// A multikey (`publicKeyMultibase`) to a key: Ed25519, P-256 or P-384.
pub fn decode_multikey(text: &str) -> Result<PublicKey, KeyMaterialError> {
    let bytes = multibase_decode(text)
        .ok_or_else(|| KeyMaterialError::Malformed(format!("{text:?} is not a multibase key")))?;
    if let Some(raw) = bytes.strip_prefix(&ED25519_PUB) {
        if raw.len() == 32 {
            return Ok(PublicKey::Ed25519(raw.to_vec()));
        }
        return Err(KeyMaterialError::Malformed(format!(
            "an Ed25519 multikey of {} bytes (32 expected)",
            raw.len()
        )));
    }
    if let Some(raw) = bytes.strip_prefix(&P256_PUB) {
        if raw.len() == 33 || raw.len() == 65 {
            return Ok(PublicKey::P256(raw.to_vec()));
        }
        return Err(KeyMaterialError::Malformed(
            "a P-256 multikey of the wrong length".into(),
        ));
    }
    if let Some(raw) = bytes.strip_prefix(&P384_PUB) {
        if raw.len() == 49 || raw.len() == 97 {
            return Ok(PublicKey::P384(raw.to_vec()));
        }
        return Err(KeyMaterialError::Malformed(
            "a P-384 multikey of the wrong length".into(),
        ));
    }
    Err(KeyMaterialError::Unsupported(
        "a multikey of a type BadgeLens does not support (only Ed25519, P-256 and P-384)".into(),
    ))
}

/// Key material from a verification method object.
pub fn key_from_method(vm: &Value) -> Result<PublicKey, KeyMaterialError> {
    if let Some(m) = vm.get("publicKeyMultibase").and_then(Value::as_str) {
        return decode_multikey(m).or_else(|e| {
            // Ed25519VerificationKey2018-style raw keys in multibase.
            match multibase_decode(m) {
                Some(raw) if raw.len() == 32 => Ok(PublicKey::Ed25519(raw)),
                _ => Err(e),
            }
        });
    }
    if let Some(b58) = vm.get("publicKeyBase58").and_then(Value::as_str) {
        return match bs58::decode(b58).into_vec() {
            Ok(raw) if raw.len() == 32 => Ok(PublicKey::Ed25519(raw)),
            _ => Err(KeyMaterialError::Malformed(
                "publicKeyBase58 is not a 32-byte key".into(),
            )),
        };
    }
    if let Some(jwk) = vm.get("publicKeyJwk") {
        return key_from_jwk(jwk);
    }
    Err(KeyMaterialError::Unsupported(
        "the verification method carries no key BadgeLens can read".into(),
    ))
}

/// A public JWK to a key; a JWK with private parts is refused.
pub fn key_from_jwk(jwk: &Value) -> Result<PublicKey, KeyMaterialError> {
    if !jwk.is_object() {
        return Err(KeyMaterialError::Malformed(
            "the JWK is not an object".into(),
        ));
    }
    if jwk.get("d").is_some() {
        return Err(KeyMaterialError::Malformed(
            "the JWK carries a private key (`d`); refusing it".into(),
        ));
    }
    let s = |k: &str| jwk.get(k).and_then(Value::as_str);
    let b64 = |k: &str| {
        s(k).and_then(|v| {
            base64::engine::general_purpose::URL_SAFE_NO_PAD
                .decode(v)
                .ok()
        })
    };
    match (s("kty"), s("crv")) {
        (Some("OKP"), Some("Ed25519")) => match b64("x") {
            Some(x) if x.len() == 32 => Ok(PublicKey::Ed25519(x)),
            _ => Err(KeyMaterialError::Malformed(
                "an Ed25519 JWK without a 32-byte x".into(),
            )),
        },
        (Some("EC"), Some("P-256")) => match (b64("x"), b64("y")) {
            (Some(x), Some(y)) if x.len() == 32 && y.len() == 32 => {
                let mut p = vec![4u8];
                p.extend_from_slice(&x);
                p.extend_from_slice(&y);
                Ok(PublicKey::P256(p))
            }
            _ => Err(KeyMaterialError::Malformed(
                "a P-256 JWK without 32-byte x and y".into(),
            )),
        },
        (Some("EC"), Some("P-384")) => match (b64("x"), b64("y")) {
            (Some(x), Some(y)) if x.len() == 48 && y.len() == 48 => {
                let mut p = vec![4u8];
                p.extend_from_slice(&x);
                p.extend_from_slice(&y);
                Ok(PublicKey::P384(p))
            }
            _ => Err(KeyMaterialError::Malformed(
                "a P-384 JWK without 48-byte x and y".into(),
            )),
        },
        (Some("RSA"), _) => match (b64("n"), b64("e")) {
            (Some(n), Some(e)) if !n.is_empty() && !e.is_empty() => Ok(PublicKey::Rsa { n, e }),
            _ => Err(KeyMaterialError::Malformed(
                "the RSA JWK lacks n or e".into(),
            )),
        },
        (kty, crv) => Err(KeyMaterialError::Unsupported(format!(
            "a JWK of type {} {} (BadgeLens reads Ed25519, P-256, P-384 and RSA)",
            kty.unwrap_or("?"),
            crv.unwrap_or("")
        ))),
    }
}

/// JWS / Data Integrity signature algorithms BadgeLens verifies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SigAlg {
    EdDsa,
    Es256,
    Es384,
    Rs256,
}

/// Verifies `sig` over `msg`; the algorithm must fit the key's type, so an
/// RSA key never verifies an `EdDSA` token and so on (no algorithm confusion).
pub fn verify_signature(
    key: &PublicKey,
    alg: SigAlg,
    msg: &[u8],
    sig: &[u8],
) -> Result<(), String> {
    use aws_lc_rs::signature::{self, RsaPublicKeyComponents, UnparsedPublicKey};
    match (key, alg) {
        (PublicKey::Ed25519(raw), SigAlg::EdDsa) => {
            UnparsedPublicKey::new(&signature::ED25519, raw)
                .verify(msg, sig)
                .map_err(|_| "the Ed25519 signature does not match".to_string())
        }
        (PublicKey::P256(point), SigAlg::Es256) => {
            UnparsedPublicKey::new(&signature::ECDSA_P256_SHA256_FIXED, point)
                .verify(msg, sig)
                .map_err(|_| "the ES256 signature does not match".to_string())
        }
        (PublicKey::P384(point), SigAlg::Es384) => {
            UnparsedPublicKey::new(&signature::ECDSA_P384_SHA384_FIXED, point)
                .verify(msg, sig)
                .map_err(|_| "the ES384 signature does not match".to_string())
        }
        (PublicKey::Rsa { n, e }, SigAlg::Rs256) => {
            // aws-lc-rs takes 2048 to 8192 bits; say "too weak" rather
            // than let a short key look like a forged signature.
            let bits = key.rsa_bits().unwrap_or(0);
            if bits < 2048 {
                return Err(format!(
                    "the RSA key is too weak ({bits} bits; at least 2048 are needed)"
                ));
            }
            RsaPublicKeyComponents { n, e }
                .verify(&signature::RSA_PKCS1_2048_8192_SHA256, msg, sig)
                .map_err(|_| "the RS256 signature does not match".to_string())
        }
        (key, alg) => Err(format!(
            "a {} key cannot make {alg:?} signatures",
            match key {
                PublicKey::Ed25519(_) => "Ed25519",
                PublicKey::P256(_) => "P-256",
                PublicKey::P384(_) => "P-384",
                PublicKey::Rsa { .. } => "RSA",
            }
        )),
    }
}

/// Verifies a compact JWS (`header.payload.signature`, base64url) with
/// `key`: OB 2.0 signed badges and OB 3.0 VC-JWTs alike.
pub fn verify_compact_jws(key: &PublicKey, alg: SigAlg, token: &str) -> Result<(), String> {
    let mut parts = token.trim().split('.');
    let (Some(header), Some(payload), Some(sig), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err("the signed data is not a compact JWS".into());
    };
    let sig = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(sig.trim_end_matches('='))
        .map_err(|_| "the JWS signature is not base64url".to_string())?;
    verify_signature(key, alg, format!("{header}.{payload}").as_bytes(), &sig)
}

/// An RSA public key from PEM: `PUBLIC KEY` (SubjectPublicKeyInfo) or
/// `RSA PUBLIC KEY` (PKCS#1), as OB 2.0 issuers publish in `publicKeyPem`.
pub fn key_from_pem(pem: &str) -> Result<PublicKey, KeyMaterialError> {
    use rustls_pki_types::pem::PemObject;
    let malformed =
        || KeyMaterialError::Malformed("the publicKeyPem is not an RSA public key".into());
    let der = match rustls_pki_types::SubjectPublicKeyInfoDer::from_pem_slice(pem.as_bytes()) {
        Ok(spki) => spki.as_ref().to_vec(),
        // PKCS#1: the armor's base64 body.
        Err(_) => {
            let body: String = pem
                .lines()
                .filter(|l| !l.trim_start().starts_with("-----"))
                .collect();
            base64::engine::general_purpose::STANDARD
                .decode(body.trim())
                .map_err(|_| malformed())?
        }
    };
    let key = aws_lc_rs::rsa::PublicKey::from_der(&der).map_err(|_| malformed())?;
    let parts = aws_lc_rs::rsa::PublicKeyComponents::<Vec<u8>>::from(&key);
    Ok(PublicKey::Rsa {
        n: parts.n,
        e: parts.e,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rsa_keys_from_pem_with_their_size() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        let weak = std::fs::read_to_string(dir.join("badgelens/weak-rsa-1024-public.pem")).unwrap();
        let key1: Value = serde_json::from_str(
            &std::fs::read_to_string(dir.join("dc-public-validator/ob20/assets/key1.json"))
                .unwrap(),
        )
        .unwrap();
        let strong = key_from_pem(key1["publicKeyPem"].as_str().unwrap()).unwrap();
        assert_eq!(strong.rsa_bits(), Some(2048));
        let weak = key_from_pem(&weak).unwrap();
        assert_eq!(weak.rsa_bits(), Some(1024));
        // A weak key is said to be weak, not a bad signature.
        let e = verify_signature(&weak, SigAlg::Rs256, b"x", &[0; 128]).unwrap_err();
        assert!(e.contains("too weak"), "{e}");
        assert!(
            key_from_pem("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----").is_err()
        );
    }

    #[test]
    fn p384_keys_verify_es384_and_nothing_else() {
        use aws_lc_rs::rand::SystemRandom;
        use aws_lc_rs::signature::{EcdsaKeyPair, KeyPair, ECDSA_P384_SHA384_FIXED_SIGNING};
        let rng = SystemRandom::new();
        let pkcs8 = EcdsaKeyPair::generate_pkcs8(&ECDSA_P384_SHA384_FIXED_SIGNING, &rng).unwrap();
        let pair =
            EcdsaKeyPair::from_pkcs8(&ECDSA_P384_SHA384_FIXED_SIGNING, pkcs8.as_ref()).unwrap();
        let point = pair.public_key().as_ref().to_vec();
        let sig = pair.sign(&rng, b"msg").unwrap();
        // As a multikey (uncompressed here) and as a JWK.
        let mut mk = P384_PUB.to_vec();
        mk.extend_from_slice(&point);
        let key = decode_multikey(&format!("z{}", bs58::encode(&mk).into_string())).unwrap();
        assert_eq!(key, PublicKey::P384(point.clone()));
        let b64 = |b: &[u8]| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(b);
        let jwk = serde_json::json!({"kty":"EC","crv":"P-384","x":b64(&point[1..49]),"y":b64(&point[49..])});
        assert_eq!(key_from_jwk(&jwk).unwrap(), key);
        verify_signature(&key, SigAlg::Es384, b"msg", sig.as_ref()).unwrap();
        assert!(verify_signature(&key, SigAlg::Es384, b"msh", sig.as_ref()).is_err());
        assert!(verify_signature(&key, SigAlg::Es256, b"msg", sig.as_ref()).is_err());
    }

    #[test]
    fn refuses_private_jwk() {
        let jwk = serde_json::json!({"kty":"OKP","crv":"Ed25519","x":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA","d":"AAAA"});
        assert!(matches!(
            key_from_jwk(&jwk),
            Err(KeyMaterialError::Malformed(_))
        ));
    }
}
