//! OB 2.0 signed badges (RS256 JWS) against the reference fixtures, served
//! unmodified over https under their own names (test CA in extra_roots).

mod common;

use badgelens::messages::{CheckName, CheckStatus, Source, Verdict};
use base64::Engine as _;
use common::issuer::{Issuer, Route};
use common::*;

async fn setup() -> Setup {
    Setup::new(Issuer::start_tls(&[dc_ob20().join("assets")]).await).await
}

fn jwt(name: &str) -> String {
    std::fs::read_to_string(dc_ob20().join(name))
        .unwrap()
        .trim()
        .to_string()
}

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

#[tokio::test]
async fn reference_signed_badges() {
    let s = setup().await;
    for (file, want) in [
        ("simple.jwt", Verdict::Verified),
        ("simple-not-revoked.jwt", Verdict::Verified),
        ("simple-revoked.jwt", Verdict::Revoked),
    ] {
        let r = s
            .verify(Source::Assertion(jwt(file)), &["nobody@example.org"])
            .await;
        assert_eq!(r.verdict, want, "{file}: {}", dump(&r));
        let badge = r.badge.as_ref().unwrap();
        assert_eq!(badge.verification.as_deref(), Some("signed"));
        assert_eq!(badge.recipient.matched, Some(true), "{file}");
        assert_eq!(
            status(&r, CheckName::Signature),
            Some(CheckStatus::Pass),
            "{file}"
        );
        assert_eq!(
            status(&r, CheckName::KeyOwner),
            Some(CheckStatus::Pass),
            "{file}"
        );
    }
    let r = s
        .verify(Source::Assertion(jwt("simple-revoked.jwt")), &[])
        .await;
    assert_eq!(
        r.badge.unwrap().revocation_reason.as_deref(),
        Some("A good reason, for sure")
    );
}

#[tokio::test]
async fn a_baked_signed_badge_is_verified() {
    let s = setup().await;
    let png = std::fs::read(dc_ob20().join("simple-badge.png")).unwrap();
    let png = bake_png(&png, &jwt("simple.jwt"));
    let r = s
        .verify(
            Source::Image {
                data: png,
                mime: None,
                url: None,
            },
            &[],
        )
        .await;
    assert_eq!(r.verdict, Verdict::Verified, "{}", dump(&r));
}

#[tokio::test]
async fn an_altered_payload_fails_the_signature() {
    let s = setup().await;
    let token = jwt("simple.jwt");
    let parts: Vec<&str> = token.split('.').collect();
    let payload = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(parts[1])
        .unwrap();
    let altered = String::from_utf8(payload)
        .unwrap()
        .replace("2016-12-31T23:59:59Z", "2016-12-30T23:59:59Z");
    let forged = format!("{}.{}.{}", parts[0], b64(altered.as_bytes()), parts[2]);
    let r = s.verify(Source::Assertion(forged), &[]).await;
    assert_eq!(r.verdict, Verdict::Invalid, "{}", dump(&r));
    assert_eq!(status(&r, CheckName::Signature), Some(CheckStatus::Fail));
}

#[tokio::test]
async fn none_and_hmac_algorithms_are_refused() {
    let s = setup().await;
    let token = jwt("simple.jwt");
    let payload = token.split('.').nth(1).unwrap().to_string();
    let none = format!("{}.{payload}.", b64(br#"{"alg":"none","typ":"JWT"}"#));
    // The classic confusion attack: HS256 keyed with the issuer's public key.
    let pem = serde_json::from_str::<serde_json::Value>(
        &std::fs::read_to_string(dc_ob20().join("assets/key1.json")).unwrap(),
    )
    .unwrap()["publicKeyPem"]
        .as_str()
        .unwrap()
        .to_string();
    let claims: serde_json::Value = serde_json::from_slice(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(&payload)
            .unwrap(),
    )
    .unwrap();
    let hs = common::ob3_sign::jws(
        &serde_json::json!({"alg": "HS256", "typ": "JWT"}),
        &claims,
        |m| common::ob3_sign::hs256(pem.as_bytes(), m),
    );
    for forged in [none, hs] {
        let r = s.verify(Source::Assertion(forged.clone()), &[]).await;
        assert_eq!(r.verdict, Verdict::Invalid, "{forged}: {}", dump(&r));
        assert_eq!(status(&r, CheckName::Signature), Some(CheckStatus::Fail));
    }
}

#[tokio::test]
async fn a_key_not_owned_by_the_issuer_is_invalid() {
    let s = setup().await;
    // key1 claims another owner.
    let key1 = std::fs::read_to_string(dc_ob20().join("assets/key1.json"))
        .unwrap()
        .replace(
            "https://example.org/organization.json",
            "https://example.org/someone-else.json",
        );
    s.issuer.route("/key1.json", Route::json(200, &key1));
    let r = s.verify(Source::Assertion(jwt("simple.jwt")), &[]).await;
    assert_eq!(r.verdict, Verdict::Invalid, "{}", dump(&r));
    assert_eq!(status(&r, CheckName::KeyOwner), Some(CheckStatus::Fail));
}

#[tokio::test]
async fn a_creator_key_the_issuer_does_not_list_is_invalid() {
    let s = setup().await;
    let org = std::fs::read_to_string(dc_ob20().join("assets/organization.json"))
        .unwrap()
        .replace(
            "http://example.org/key1.json",
            "http://example.org/key9.json",
        );
    s.issuer.route("/organization.json", Route::json(200, &org));
    let r = s.verify(Source::Assertion(jwt("simple.jwt")), &[]).await;
    assert_eq!(r.verdict, Verdict::Invalid, "{}", dump(&r));
    assert_eq!(status(&r, CheckName::KeyOwner), Some(CheckStatus::Fail));
}

/// The reference validator misses a revocation list whose
/// `revokedAssertions` holds a single entry (JSON-LD compacts a one-item
/// list to the item itself); we count it, by `id` and by legacy `uid`.
#[tokio::test]
async fn exception_a_revocation_list_with_one_entry_counts() {
    let s = setup().await;
    for list in [
        r#"{"@context":"https://w3id.org/openbadges/v2","id":"http://example.org/revocation-list.json","type":"RevocationList",
            "revokedAssertions":{"id":"https://example.org/beths-robotics-badge-revoked.json","revocationReason":"one"}}"#,
        r#"{"@context":"https://w3id.org/openbadges/v2","id":"http://example.org/revocation-list.json","type":"RevocationList",
            "revokedAssertions":"https://example.org/beths-robotics-badge-revoked.json"}"#,
        r#"{"@context":"https://w3id.org/openbadges/v2","id":"http://example.org/revocation-list.json","type":"RevocationList",
            "revokedAssertions":["https://example.org/beths-robotics-badge-revoked.json"]}"#,
    ] {
        s.issuer
            .route("/revocation-list.json", Route::json(200, list));
        let r = s
            .verify(Source::Assertion(jwt("simple-revoked.jwt")), &[])
            .await;
        assert_eq!(r.verdict, Verdict::Revoked, "{list}: {}", dump(&r));
    }
    // An unreachable revocation list is not a pass.
    s.issuer.route("/revocation-list.json", Route::status(500));
    let r = s
        .verify(Source::Assertion(jwt("simple-revoked.jwt")), &[])
        .await;
    assert_eq!(r.verdict, Verdict::Unverifiable, "{}", dump(&r));
    assert_eq!(status(&r, CheckName::Revocation), Some(CheckStatus::Fail));
}

#[tokio::test]
async fn a_signed_badge_is_judged_on_dates_too() {
    let s = setup().await;
    let r = s
        .engine
        .verify(
            Source::Assertion(jwt("simple.jwt")),
            badgelens::messages::VerifyOptions {
                now: badgelens::clock::Timestamp::parse("2016-01-01T00:00:00Z"),
                ..Default::default()
            },
        )
        .await;
    assert_eq!(r.verdict, Verdict::Invalid, "{}", dump(&r));
    assert_eq!(status(&r, CheckName::IssuedOn), Some(CheckStatus::Fail));
}

/// aws-lc-rs refuses RSA keys under 2048 bits; a badge signed with one must
/// say "key too weak" (unverifiable), not "tampered" (invalid).
#[tokio::test]
async fn a_1024_bit_key_is_too_weak_not_tampering() {
    let s = setup().await;
    let weak = std::fs::read_to_string(
        common::issuer::fixtures().join("badgelens/weak-rsa-1024-public.pem"),
    )
    .unwrap();
    let key = serde_json::json!({"@context": "https://w3id.org/openbadges/v2",
        "id": "http://example.org/key1.json", "type": "CryptographicKey",
        "owner": "https://example.org/organization.json", "publicKeyPem": weak});
    s.issuer
        .route("/key1.json", Route::json(200, &key.to_string()));
    let token =
        std::fs::read_to_string(common::issuer::fixtures().join("badgelens/simple-weak-key.jwt"))
            .unwrap();
    let r = s
        .verify(Source::Assertion(token.trim().to_string()), &[])
        .await;
    assert_eq!(r.verdict, Verdict::Unverifiable, "{}", dump(&r));
    let sig = check(&r, CheckName::Signature).unwrap();
    assert!(
        sig.message.contains("too weak") && sig.message.contains("1024"),
        "{}",
        sig.message
    );
}

/// OB 1.0 signed badges name a PEM key by `verify.url` (tests/ob1_signed.rs);
/// when that key cannot be had, the answer is `unverifiable`, never `invalid`.
#[tokio::test]
async fn ob1_signed_badges_are_unverifiable_not_invalid() {
    let s = setup().await;
    let payload = serde_json::json!({"uid": "abc", "recipient": {"type": "email", "hashed": false, "identity": "a@example.org"},
        "badge": "https://example.org/robotics-badge.json", "issuedOn": "2015-01-01",
        "verify": {"type": "signed", "url": "https://example.org/public-key.pem"}});
    let token = format!(
        "{}.{}.{}",
        b64(br#"{"alg":"RS256"}"#),
        b64(payload.to_string().as_bytes()),
        b64(b"sig")
    );
    let r = s.verify(Source::Assertion(token), &[]).await;
    assert_eq!(r.verdict, Verdict::Unverifiable, "{}", dump(&r));
}

/// Regression: a signed badge that embeds its issuer (with a key of the
/// signer's choosing) must not be verified by that embedded key. The issuer
/// profile, and so the key, is fetched from the issuer's own address.
#[tokio::test]
async fn an_embedded_issuer_cannot_bring_its_own_key() {
    let s = setup().await;
    let demo = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("native-host/demo/files");
    let private = std::fs::read(demo.join("demo-key.pem")).unwrap();
    let key: serde_json::Value =
        serde_json::from_slice(&std::fs::read(demo.join("key.json")).unwrap()).unwrap();
    let payload = serde_json::json!({
        "@context": "https://w3id.org/openbadges/v2", "type": "Assertion",
        "id": "urn:uuid:5a1c6f0e-2b1a-4c1e-9a7e-000000000001",
        "recipient": {"type": "email", "hashed": false, "identity": "mallory@example.org"},
        "issuedOn": "2020-01-01T00:00:00Z",
        "verification": {"type": "SignedBadge", "creator": "https://attacker.example/key"},
        "badge": {"type": "BadgeClass", "id": "https://example.org/robotics-badge.json",
            "name": "Awesome Robotics Badge", "description": "d", "image": "https://example.org/robotics-badge.png",
            "criteria": "https://example.org/badgecriteria.json",
            "issuer": {"type": "Issuer", "id": "https://example.org/organization.json",
                "name": "An Example Badge Issuer",
                "publicKey": {"id": "https://attacker.example/key", "type": "CryptographicKey",
                    "owner": "https://example.org/organization.json",
                    "publicKeyPem": key["publicKeyPem"]}}}
    });
    let signer = common::ob3_sign::RsaKey::from_pem(&private);
    let token = common::ob3_sign::jws(
        &serde_json::json!({"alg": "RS256", "typ": "JWT"}),
        &payload,
        |m| signer.sign(m),
    );
    let r = s.verify(Source::Assertion(token), &[]).await;
    assert_eq!(r.verdict, Verdict::Invalid, "{}", dump(&r));
    assert_eq!(status(&r, CheckName::KeyOwner), Some(CheckStatus::Fail));
    assert_ne!(status(&r, CheckName::Signature), Some(CheckStatus::Pass));
}

/// dc-public-validator reports `simple-revoked.jwt` as invalid (its
/// "not revoked" probe fails). PROTOCOL.md has a verdict for exactly this:
/// `revoked`, with the issuer's reason.
#[tokio::test]
async fn exception_a_revoked_signed_badge_is_revoked_not_invalid() {
    let s = setup().await;
    let r = s
        .verify(Source::Assertion(jwt("simple-revoked.jwt")), &[])
        .await;
    assert_eq!(r.verdict, Verdict::Revoked, "{}", dump(&r));
    assert_eq!(status(&r, CheckName::Revocation), Some(CheckStatus::Fail));
    assert!(
        r.summary.contains("A good reason, for sure"),
        "{}",
        r.summary
    );
}
