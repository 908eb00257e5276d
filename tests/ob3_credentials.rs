//! OB 3.0 credentials BadgeLens signs itself with fresh keys: every verdict
//! path (valid, tampered, wrong key, unauthorised key, dates, recipient,
//! VC-JWT algorithms and claims, did:web and status lists over a loopback
//! issuer) without depending on any stored fixture.

mod common;

use common::{ob3_net, ob3_sign};

use badgelens::clock::Timestamp;
use badgelens::config::Config;
use badgelens::messages::{
    CacheMode, CheckName, CheckStatus, Source, Verdict, VerifyOptions, VerifyResult,
};
use badgelens::verify::Engine;
use ob3_sign::*;
use serde_json::{json, Value};

fn options() -> VerifyOptions {
    VerifyOptions {
        recipient: Vec::new(),
        now: Timestamp::parse("2026-11-25T12:00:00Z"),
        cache: CacheMode::Use,
    }
}

async fn verify_text(engine: &Engine, text: &str, options: VerifyOptions) -> VerifyResult {
    engine
        .verify(Source::Assertion(text.to_string()), options)
        .await
}

async fn verify_doc(doc: &Value) -> VerifyResult {
    verify_text(&Engine::new(Config::default()), &doc.to_string(), options()).await
}

fn status_of(r: &VerifyResult, check: CheckName) -> Vec<CheckStatus> {
    r.checks
        .iter()
        .filter(|c| c.check == check)
        .map(|c| c.status)
        .collect()
}

fn explain(r: &VerifyResult) -> String {
    r.checks
        .iter()
        .map(|c| format!("{:?} {:?}: {}\n", c.check, c.status, c.message))
        .collect()
}

#[tokio::test]
async fn own_eddsa_rdfc_2022_did_key_credential_verifies() {
    let key = EdKey::generate();
    let doc = sign_di(&credential(&key.did), &key, &key.vm, "eddsa-rdfc-2022");
    let r = verify_doc(&doc).await;
    assert_eq!(r.verdict, Verdict::Verified, "{}", explain(&r));
    let badge = r.badge.clone().unwrap();
    assert_eq!(badge.verification.as_deref(), Some("eddsa-rdfc-2022"));
    assert_eq!(badge.name.as_deref(), Some("Rust Verification"));
    assert_eq!(status_of(&r, CheckName::KeyOwner), vec![CheckStatus::Pass]);
}

#[tokio::test]
async fn legacy_eddsa_2022_and_did_key_without_fragment_verify() {
    let key = EdKey::generate();
    let doc = sign_di(&credential(&key.did), &key, &key.did, "eddsa-2022");
    let r = verify_doc(&doc).await;
    assert_eq!(r.verdict, Verdict::Verified, "{}", explain(&r));
    assert!(r.checks.iter().any(|c| c.check == CheckName::Signature
        && c.status == CheckStatus::Warn
        && c.message.contains("eddsa-2022")));
}

#[tokio::test]
async fn own_ed25519_signature_2020_credential_verifies() {
    let key = EdKey::generate();
    let doc = sign_di(&credential(&key.did), &key, &key.vm, "Ed25519Signature2020");
    let r = verify_doc(&doc).await;
    assert_eq!(r.verdict, Verdict::Verified, "{}", explain(&r));
    assert_eq!(
        r.badge.unwrap().verification.as_deref(),
        Some("Ed25519Signature2020")
    );
}

#[tokio::test]
async fn tampered_subject_is_invalid() {
    let key = EdKey::generate();
    let mut doc = sign_di(&credential(&key.did), &key, &key.vm, "eddsa-rdfc-2022");
    doc["credentialSubject"]["achievement"]["name"] = json!("Something Grander");
    let r = verify_doc(&doc).await;
    assert_eq!(r.verdict, Verdict::Invalid, "{}", explain(&r));
    assert_eq!(status_of(&r, CheckName::Signature), vec![CheckStatus::Fail]);
}

#[tokio::test]
async fn key_added_to_subject_after_signing_is_never_verified() {
    // JSON-LD would drop the undefined term, leaving the signature intact:
    // safe mode must catch it.
    let key = EdKey::generate();
    let mut doc = sign_di(&credential(&key.did), &key, &key.vm, "eddsa-rdfc-2022");
    doc["credentialSubject"]["grade"] = json!("A+");
    let r = verify_doc(&doc).await;
    assert_eq!(r.verdict, Verdict::Invalid, "{}", explain(&r));
    assert!(r.checks.iter().any(|c| c.check == CheckName::Parse
        && c.status == CheckStatus::Fail
        && c.message.contains("grade")));
}

#[tokio::test]
async fn unknown_context_is_unverifiable_and_named() {
    let key = EdKey::generate();
    let mut unsigned = credential(&key.did);
    unsigned["@context"]
        .as_array_mut()
        .unwrap()
        .push(json!("https://contexts.example/private/v1"));
    let doc = json!({"proof": {"type": "DataIntegrityProof", "cryptosuite": "eddsa-rdfc-2022", "proofPurpose": "assertionMethod", "verificationMethod": key.vm, "proofValue": "z1111"}});
    let mut doc2 = unsigned.clone();
    doc2["proof"] = doc["proof"].clone();
    let r = verify_doc(&doc2).await;
    assert_eq!(r.verdict, Verdict::Unverifiable, "{}", explain(&r));
    assert!(r.checks.iter().any(|c| c.check == CheckName::Parse
        && c.message.contains("https://contexts.example/private/v1")));
}

#[tokio::test]
async fn signed_by_another_key_is_invalid() {
    let key = EdKey::generate();
    let other = EdKey::generate();
    // The proof names `key` but `other` signed.
    let doc = sign_di(&credential(&key.did), &other, &key.vm, "eddsa-rdfc-2022");
    let r = verify_doc(&doc).await;
    assert_eq!(r.verdict, Verdict::Invalid, "{}", explain(&r));
}

#[tokio::test]
async fn key_not_controlled_by_the_issuer_is_invalid() {
    let issuer = EdKey::generate();
    let impostor = EdKey::generate();
    let doc = sign_di(
        &credential(&issuer.did),
        &impostor,
        &impostor.vm,
        "eddsa-rdfc-2022",
    );
    let r = verify_doc(&doc).await;
    assert_eq!(r.verdict, Verdict::Invalid, "{}", explain(&r));
    assert_eq!(status_of(&r, CheckName::Signature), vec![CheckStatus::Pass]);
    assert_eq!(status_of(&r, CheckName::KeyOwner), vec![CheckStatus::Fail]);
}

#[tokio::test]
async fn proof_purpose_other_than_assertion_method_is_invalid() {
    let key = EdKey::generate();
    let mut doc = sign_di(&credential(&key.did), &key, &key.vm, "eddsa-rdfc-2022");
    doc["proof"]["proofPurpose"] = json!("authentication");
    let r = verify_doc(&doc).await;
    assert_eq!(r.verdict, Verdict::Invalid, "{}", explain(&r));
}

#[tokio::test]
async fn one_valid_proof_suffices_and_every_proof_is_reported() {
    let key = EdKey::generate();
    let signed = sign_di(&credential(&key.did), &key, &key.vm, "eddsa-rdfc-2022");
    let mut broken = signed["proof"].clone();
    broken["proofValue"] = json!(format!("z{}", bs58::encode([7u8; 64]).into_string()));
    let mut doc = signed.clone();
    doc["proof"] = json!([broken, signed["proof"].clone()]);
    let r = verify_doc(&doc).await;
    assert_eq!(r.verdict, Verdict::Verified, "{}", explain(&r));
    let sigs = status_of(&r, CheckName::Signature);
    assert_eq!(sigs.len(), 2, "{}", explain(&r));
    assert!(sigs.contains(&CheckStatus::Pass) && sigs.contains(&CheckStatus::Warn));
}

#[tokio::test]
async fn future_issue_date_is_invalid_and_past_expiry_is_expired() {
    let key = EdKey::generate();
    let mut future = credential(&key.did);
    future["validFrom"] = json!("2030-01-01T00:00:00Z");
    let r = verify_doc(&sign_di(&future, &key, &key.vm, "eddsa-rdfc-2022")).await;
    assert_eq!(r.verdict, Verdict::Invalid, "{}", explain(&r));
    assert_eq!(status_of(&r, CheckName::IssuedOn), vec![CheckStatus::Fail]);

    let mut expired = credential(&key.did);
    expired["validUntil"] = json!("2026-06-01T00:00:00Z");
    let r = verify_doc(&sign_di(&expired, &key, &key.vm, "eddsa-rdfc-2022")).await;
    assert_eq!(r.verdict, Verdict::Expired, "{}", explain(&r));

    // `now` governs: the same credential before its expiry is verified.
    let engine = Engine::new(Config::default());
    let mut early = options();
    early.now = Timestamp::parse("2026-04-01T00:00:00Z");
    let r = verify_text(
        &engine,
        &sign_di(&expired, &key, &key.vm, "eddsa-rdfc-2022").to_string(),
        early,
    )
    .await;
    assert_eq!(r.verdict, Verdict::Verified, "{}", explain(&r));
}

#[tokio::test]
async fn recipient_identity_hash_is_matched_without_changing_the_verdict() {
    let key = EdKey::generate();
    let doc = sign_di(&credential(&key.did), &key, &key.vm, "eddsa-rdfc-2022").to_string();
    let engine = Engine::new(Config::default());
    let mut opts = options();
    opts.recipient = vec!["alice@example.com".into()];
    let r = verify_text(&engine, &doc, opts.clone()).await;
    assert_eq!(r.verdict, Verdict::Verified);
    assert_eq!(r.badge.unwrap().recipient.matched, Some(true));

    opts.recipient = vec!["mallory@example.com".into()];
    let r = verify_text(&engine, &doc, opts).await;
    assert_eq!(
        r.verdict,
        Verdict::Verified,
        "a mismatch alone does not change the verdict"
    );
    assert_eq!(r.badge.clone().unwrap().recipient.matched, Some(false));
    assert_eq!(status_of(&r, CheckName::Recipient), vec![CheckStatus::Fail]);
}

// ---- VC-JWT ----

fn jwt_payload(issuer: &str, vc: &Value) -> Value {
    json!({
        "iss": issuer,
        "jti": vc["id"],
        "nbf": Timestamp::parse(vc["validFrom"].as_str().unwrap()).unwrap().0,
        "vc": vc,
    })
}

#[tokio::test]
async fn vc_jwt_eddsa_with_did_key_kid_verifies() {
    let key = EdKey::generate();
    let vc = credential(&key.did);
    let token = jws(
        &json!({"alg": "EdDSA", "kid": key.vm}),
        &jwt_payload(&key.did, &vc),
        |m| key.sign(m),
    );
    let r = verify_text(&Engine::new(Config::default()), &token, options()).await;
    assert_eq!(r.verdict, Verdict::Verified, "{}", explain(&r));
    assert_eq!(r.badge.unwrap().verification.as_deref(), Some("vc-jwt"));
}

#[tokio::test]
async fn vc_jwt_es256_with_p256_did_key_verifies() {
    let key = P256Key::generate();
    let vc = credential(&key.did);
    let token = jws(
        &json!({"alg": "ES256", "kid": key.vm}),
        &jwt_payload(&key.did, &vc),
        |m| key.sign(m),
    );
    let r = verify_text(&Engine::new(Config::default()), &token, options()).await;
    assert_eq!(r.verdict, Verdict::Verified, "{}", explain(&r));
}

#[tokio::test]
async fn vc_jwt_alg_none_is_invalid() {
    let key = EdKey::generate();
    let vc = credential(&key.did);
    let token = jws(
        &json!({"alg": "none", "kid": key.vm}),
        &jwt_payload(&key.did, &vc),
        |_| b"x".to_vec(),
    );
    let r = verify_text(&Engine::new(Config::default()), &token, options()).await;
    assert_eq!(r.verdict, Verdict::Invalid, "{}", explain(&r));
}

#[tokio::test]
async fn vc_jwt_with_the_wrong_algorithm_for_its_key_is_invalid() {
    let key = EdKey::generate();
    let vc = credential(&key.did);
    let token = jws(
        &json!({"alg": "ES256", "kid": key.vm}),
        &jwt_payload(&key.did, &vc),
        |m| key.sign(m),
    );
    let r = verify_text(&Engine::new(Config::default()), &token, options()).await;
    assert_eq!(r.verdict, Verdict::Invalid, "{}", explain(&r));
}

#[tokio::test]
async fn vc_jwt_whose_claims_disagree_with_the_credential_is_invalid() {
    let key = EdKey::generate();
    let vc = credential(&key.did);
    for (claim, value) in [
        ("jti", json!("urn:uuid:another")),
        ("iss", json!("did:web:other.example")),
        ("nbf", json!(1_700_000_000)),
    ] {
        let mut payload = jwt_payload(&key.did, &vc);
        payload[claim] = value;
        let token = jws(&json!({"alg": "EdDSA", "kid": key.vm}), &payload, |m| {
            key.sign(m)
        });
        let r = verify_text(&Engine::new(Config::default()), &token, options()).await;
        assert_eq!(r.verdict, Verdict::Invalid, "{claim}: {}", explain(&r));
    }
}

#[tokio::test]
async fn vc_jwt_future_nbf_is_invalid_and_past_exp_is_expired() {
    let key = EdKey::generate();
    let mut vc = credential(&key.did);
    vc["validFrom"] = json!("2030-01-01T00:00:00Z");
    let token = jws(
        &json!({"alg": "EdDSA", "kid": key.vm}),
        &jwt_payload(&key.did, &vc),
        |m| key.sign(m),
    );
    let r = verify_text(&Engine::new(Config::default()), &token, options()).await;
    assert_eq!(r.verdict, Verdict::Invalid, "{}", explain(&r));

    let vc = credential(&key.did);
    let mut payload = jwt_payload(&key.did, &vc);
    payload["exp"] = json!(Timestamp::parse("2026-06-01T00:00:00Z").unwrap().0);
    payload["vc"]["validUntil"] = json!("2026-06-01T00:00:00Z");
    let token = jws(&json!({"alg": "EdDSA", "kid": key.vm}), &payload, |m| {
        key.sign(m)
    });
    let r = verify_text(&Engine::new(Config::default()), &token, options()).await;
    assert_eq!(r.verdict, Verdict::Expired, "{}", explain(&r));
}

#[tokio::test]
async fn vc_jwt_inline_jwk_proves_integrity_but_not_the_issuer() {
    let key = EdKey::generate();
    let vc = credential("https://academy.example/issuer");
    let token = jws(
        &json!({"alg": "EdDSA", "jwk": key.public_jwk()}),
        &jwt_payload("https://academy.example/issuer", &vc),
        |m| key.sign(m),
    );
    let r = verify_text(&Engine::new(Config::default()), &token, options()).await;
    assert_eq!(r.verdict, Verdict::Unverifiable, "{}", explain(&r));
    assert_eq!(status_of(&r, CheckName::Signature), vec![CheckStatus::Pass]);

    // An inline JWK with a private part is refused outright.
    let mut private = key.public_jwk();
    private["d"] = json!("c2VjcmV0");
    let token = jws(
        &json!({"alg": "EdDSA", "jwk": private}),
        &jwt_payload("https://academy.example/issuer", &vc),
        |m| key.sign(m),
    );
    let r = verify_text(&Engine::new(Config::default()), &token, options()).await;
    assert_eq!(r.verdict, Verdict::Invalid, "{}", explain(&r));
}

#[tokio::test]
async fn vc_jwt_did_jwk_issuer_verifies() {
    let key = EdKey::generate();
    let did = format!(
        "did:jwk:{}",
        b64url(key.public_jwk().to_string().as_bytes())
    );
    let vc = credential(&did);
    let token = jws(
        &json!({"alg": "EdDSA", "kid": format!("{did}#0")}),
        &jwt_payload(&did, &vc),
        |m| key.sign(m),
    );
    let r = verify_text(&Engine::new(Config::default()), &token, options()).await;
    assert_eq!(r.verdict, Verdict::Verified, "{}", explain(&r));
}

// ---- over the loopback issuer: did:web, HTTPS key documents, status lists ----

const ISSUER_DID: &str = "did:web:academy.example";

fn did_document(did: &str, key: &EdKey, list_under_assertion: bool) -> Value {
    let vm_id = format!("{did}#key-1");
    json!({
        "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
        "id": did,
        "verificationMethod": [{"id": vm_id, "type": "Multikey", "controller": did, "publicKeyMultibase": key.multikey}],
        "assertionMethod": if list_under_assertion { json!([vm_id]) } else { json!([]) },
    })
}

#[tokio::test]
async fn did_web_issuer_over_loopback_verifies_and_is_unverifiable_without_network() {
    let issuer = ob3_net::Issuer::start().await;
    let key = EdKey::generate();
    issuer.routes.json(
        "https://academy.example/.well-known/did.json",
        &did_document(ISSUER_DID, &key, true),
    );
    let doc = sign_di(
        &credential(ISSUER_DID),
        &key,
        &format!("{ISSUER_DID}#key-1"),
        "eddsa-rdfc-2022",
    );

    let mut engine = Engine::new(Config::default());
    let offline = verify_text(&engine, &doc.to_string(), options()).await;
    assert_eq!(
        offline.verdict,
        Verdict::Unverifiable,
        "{}",
        explain(&offline)
    );

    engine = Engine::new(issuer.config());
    let r = verify_text(&engine, &doc.to_string(), options()).await;
    assert_eq!(r.verdict, Verdict::Verified, "{}", explain(&r));
    assert!(issuer
        .seen
        .lock()
        .unwrap()
        .iter()
        .any(|s| s == "academy.example /.well-known/did.json"));

    // cache: offline answers from the cache (the DID document fetched above)...
    let mut opts = options();
    opts.cache = CacheMode::Offline;
    let requests_before = issuer.seen.lock().unwrap().len();
    let r = verify_text(&engine, &doc.to_string(), opts.clone()).await;
    assert_eq!(r.verdict, Verdict::Verified, "{}", explain(&r));
    assert_eq!(
        issuer.seen.lock().unwrap().len(),
        requests_before,
        "offline fetched"
    );
    // ...and with nothing cached it is unverifiable, the network never asked.
    let empty_cache = tempfile::tempdir().unwrap();
    let mut config = issuer.config();
    config.cache_dir = Some(empty_cache.path().to_path_buf());
    let r = verify_text(&Engine::new(config), &doc.to_string(), opts).await;
    assert_eq!(r.verdict, Verdict::Unverifiable, "{}", explain(&r));
    assert_eq!(
        issuer.seen.lock().unwrap().len(),
        requests_before,
        "offline fetched"
    );
}

#[tokio::test]
async fn did_web_key_not_listed_under_assertion_method_is_invalid() {
    let issuer = ob3_net::Issuer::start().await;
    let key = EdKey::generate();
    issuer.routes.json(
        "https://academy.example/.well-known/did.json",
        &did_document(ISSUER_DID, &key, false),
    );
    let doc = sign_di(
        &credential(ISSUER_DID),
        &key,
        &format!("{ISSUER_DID}#key-1"),
        "eddsa-rdfc-2022",
    );
    let engine = Engine::new(issuer.config());
    let r = verify_text(&engine, &doc.to_string(), options()).await;
    assert_eq!(r.verdict, Verdict::Invalid, "{}", explain(&r));
    assert_eq!(status_of(&r, CheckName::KeyOwner), vec![CheckStatus::Fail]);
}

#[tokio::test]
async fn did_web_document_missing_is_unverifiable() {
    let issuer = ob3_net::Issuer::start().await;
    let key = EdKey::generate();
    let doc = sign_di(
        &credential(ISSUER_DID),
        &key,
        &format!("{ISSUER_DID}#key-1"),
        "eddsa-rdfc-2022",
    );
    let engine = Engine::new(issuer.config());
    let r = verify_text(&engine, &doc.to_string(), options()).await;
    assert_eq!(r.verdict, Verdict::Unverifiable, "{}", explain(&r));
    assert!(
        r.checks.iter().any(|c| c.message.contains("HTTP 404")),
        "{}",
        explain(&r)
    );
}

#[tokio::test]
async fn vc_jwt_rs256_with_https_key_document_over_loopback_verifies() {
    let issuer = ob3_net::Issuer::start().await;
    let rsa = RsaKey::generate();
    let issuer_id = "https://academy.example/issuer";
    let kid = format!("{issuer_id}#rsa-1");
    issuer.routes.json(issuer_id, &json!({
        "id": issuer_id,
        "type": ["Profile"],
        "verificationMethod": [{"id": kid, "type": "JsonWebKey", "controller": issuer_id, "publicKeyJwk": rsa.public_jwk()}],
        "assertionMethod": [kid],
    }));
    let vc = credential(issuer_id);
    let token = jws(
        &json!({"alg": "RS256", "kid": kid}),
        &jwt_payload(issuer_id, &vc),
        |m| rsa.sign(m),
    );
    let engine = Engine::new(issuer.config());
    let r = verify_text(&engine, &token, options()).await;
    assert_eq!(r.verdict, Verdict::Verified, "{}", explain(&r));
}

/// A signed BitstringStatusListCredential with `set` bits on.
fn status_list(issuer: &str, key: &EdKey, vm: &str, purpose: &str, set: &[usize]) -> Value {
    use std::io::Write;
    let mut bits = vec![0u8; 16 * 1024];
    for i in set {
        bits[i / 8] |= 0x80 >> (i % 8);
    }
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(&bits).unwrap();
    let encoded = format!("u{}", b64url(&gz.finish().unwrap()));
    let list = json!({
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": "https://academy.example/status/1",
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer,
        "validFrom": "2026-01-01T00:00:00Z",
        "credentialSubject": {"id": "https://academy.example/status/1#list", "type": "BitstringStatusList", "statusPurpose": purpose, "encodedList": encoded}
    });
    sign_di(&list, key, vm, "eddsa-rdfc-2022")
}

fn with_status(doc: &Value, purpose: &str, index: usize) -> Value {
    let mut doc = doc.clone();
    doc["credentialStatus"] = json!({
        "id": format!("https://academy.example/status/1#{index}"),
        "type": "BitstringStatusListEntry",
        "statusPurpose": purpose,
        "statusListIndex": index.to_string(),
        "statusListCredential": "https://academy.example/status/1"
    });
    doc
}

#[tokio::test]
async fn bitstring_status_list_revoked_suspended_and_clear() {
    let issuer = ob3_net::Issuer::start().await;
    let key = EdKey::generate();
    let engine = Engine::new(issuer.config());

    for (purpose, index, expected, reason) in [
        ("revocation", 42, Verdict::Revoked, Some("revoked")),
        ("revocation", 41, Verdict::Verified, None),
        ("suspension", 42, Verdict::Revoked, Some("suspended")),
    ] {
        issuer.routes.json(
            "https://academy.example/status/1",
            &status_list(&key.did, &key, &key.vm, purpose, &[42]),
        );
        let doc = sign_di(
            &with_status(&credential(&key.did), purpose, index),
            &key,
            &key.vm,
            "eddsa-rdfc-2022",
        );
        let r = verify_text(&engine, &doc.to_string(), options()).await;
        assert_eq!(r.verdict, expected, "{purpose} {index}: {}", explain(&r));
        assert_eq!(r.badge.unwrap().revocation_reason.as_deref(), reason);
    }

    // Without network the status cannot be consulted: never green.
    let doc = sign_di(
        &with_status(&credential(&key.did), "revocation", 41),
        &key,
        &key.vm,
        "eddsa-rdfc-2022",
    );
    let r = verify_text(&Engine::new(Config::default()), &doc.to_string(), options()).await;
    assert_eq!(r.verdict, Verdict::Unverifiable, "{}", explain(&r));
}

#[tokio::test]
async fn status_list_signed_by_someone_else_is_not_trusted() {
    let issuer = ob3_net::Issuer::start().await;
    let key = EdKey::generate();
    let forger = EdKey::generate();
    // A list claiming the issuer, signed by another key: it cannot say "not revoked".
    issuer.routes.json(
        "https://academy.example/status/1",
        &status_list(&key.did, &forger, &forger.vm, "revocation", &[]),
    );
    let engine = Engine::new(issuer.config());
    let doc = sign_di(
        &with_status(&credential(&key.did), "revocation", 3),
        &key,
        &key.vm,
        "eddsa-rdfc-2022",
    );
    let r = verify_text(&engine, &doc.to_string(), options()).await;
    assert_eq!(r.verdict, Verdict::Unverifiable, "{}", explain(&r));

    // A list whose bits were altered after signing fails its own proof.
    let mut tampered = status_list(&key.did, &key, &key.vm, "revocation", &[]);
    tampered["credentialSubject"]["encodedList"] =
        status_list(&key.did, &key, &key.vm, "revocation", &[3])["credentialSubject"]
            ["encodedList"]
            .clone();
    issuer
        .routes
        .json("https://academy.example/status/1", &tampered);
    let r = verify_text(&engine, &doc.to_string(), options()).await;
    assert_eq!(r.verdict, Verdict::Unverifiable, "{}", explain(&r));
}

#[tokio::test]
async fn credential_schema_is_a_warning_never_a_verdict() {
    let issuer = ob3_net::Issuer::start().await;
    let key = EdKey::generate();
    let mut unsigned = credential(&key.did);
    // The 1EdTech schema type is defined by the OB extensions context.
    unsigned["@context"].as_array_mut().unwrap().push(json!(
        "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json"
    ));
    unsigned["credentialSchema"] = json!([{"id": "https://academy.example/schema.json", "type": "1EdTechJsonSchemaValidator2019"}]);
    let doc = sign_di(&unsigned, &key, &key.vm, "eddsa-rdfc-2022");
    let engine = Engine::new(issuer.config());

    issuer.routes.json(
        "https://academy.example/schema.json",
        &json!({
            "$schema": "https://json-schema.org/draft/2019-09/schema",
            "type": "object",
            "required": ["issuer", "credentialSubject"]
        }),
    );
    let r = verify_text(&engine, &doc.to_string(), options()).await;
    assert_eq!(r.verdict, Verdict::Verified, "{}", explain(&r));
    assert_eq!(status_of(&r, CheckName::Schema), vec![CheckStatus::Pass]);

    issuer.routes.json(
        "https://academy.example/schema.json",
        &json!({
            "type": "object",
            "required": ["awardedDate"]
        }),
    );
    // The schema is issuer data, cached: `refresh` fetches the new one.
    let mut refresh = options();
    refresh.cache = CacheMode::Refresh;
    let r = verify_text(&engine, &doc.to_string(), refresh).await;
    assert_eq!(r.verdict, Verdict::Verified, "{}", explain(&r));
    assert_eq!(status_of(&r, CheckName::Schema), vec![CheckStatus::Warn]);
}

#[tokio::test]
async fn keys_json_ld_ignores_are_refused_too() {
    // `@foo` keys and blank-node properties never reach the RDF, so they
    // sit outside the signature just like undefined terms.
    let key = EdKey::generate();
    let signed = sign_di(&credential(&key.did), &key, &key.vm, "eddsa-rdfc-2022");
    for extra in ["@grade", "_:grade"] {
        let mut doc = signed.clone();
        doc["credentialSubject"][extra] = json!("A+");
        let r = verify_doc(&doc).await;
        assert_eq!(r.verdict, Verdict::Invalid, "{extra}: {}", explain(&r));
    }
}

#[tokio::test]
async fn inline_context_that_nulls_a_term_is_refused() {
    let key = EdKey::generate();
    let mut doc = sign_di(&credential(&key.did), &key, &key.vm, "eddsa-rdfc-2022");
    doc["credentialSubject"]["@context"] = json!({"grade": null});
    doc["credentialSubject"]["grade"] = json!("A+");
    let r = verify_doc(&doc).await;
    assert_eq!(r.verdict, Verdict::Invalid, "{}", explain(&r));
}

#[tokio::test]
async fn vc_jwt_relative_kid_resolves_against_the_did_web_issuer() {
    let issuer = ob3_net::Issuer::start().await;
    let key = EdKey::generate();
    issuer.routes.json(
        "https://academy.example/.well-known/did.json",
        &did_document(ISSUER_DID, &key, true),
    );
    let vc = credential(ISSUER_DID);
    let token = jws(
        &json!({"alg": "EdDSA", "kid": "#key-1"}),
        &jwt_payload(ISSUER_DID, &vc),
        |m| key.sign(m),
    );
    let engine = Engine::new(issuer.config());
    let r = verify_text(&engine, &token, options()).await;
    assert_eq!(r.verdict, Verdict::Verified, "{}", explain(&r));

    // Signed by another key under the same kid: invalid.
    let other = EdKey::generate();
    let token = jws(
        &json!({"alg": "EdDSA", "kid": "#key-1"}),
        &jwt_payload(ISSUER_DID, &vc),
        |m| other.sign(m),
    );
    let r = verify_text(&engine, &token, options()).await;
    assert_eq!(r.verdict, Verdict::Invalid, "{}", explain(&r));
}

#[tokio::test]
async fn a_valid_proof_by_a_stranger_does_not_hide_the_issuers_own_proof() {
    let issuer = EdKey::generate();
    let stranger = EdKey::generate();
    let unsigned = credential(&issuer.did);
    let by_stranger = sign_di(&unsigned, &stranger, &stranger.vm, "eddsa-rdfc-2022");
    let by_issuer = sign_di(&unsigned, &issuer, &issuer.vm, "eddsa-rdfc-2022");
    let mut doc = by_issuer.clone();
    doc["proof"] = json!([by_stranger["proof"], by_issuer["proof"]]);
    let r = verify_doc(&doc).await;
    assert_eq!(r.verdict, Verdict::Verified, "{}", explain(&r));
    assert_eq!(status_of(&r, CheckName::KeyOwner), vec![CheckStatus::Pass]);

    // With only the stranger's proof, the key is not the issuer's.
    let r = verify_doc(&by_stranger).await;
    assert_eq!(r.verdict, Verdict::Invalid, "{}", explain(&r));
}
