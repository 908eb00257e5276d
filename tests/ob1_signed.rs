//! OB 1.0 signed badges (issue 11): the key named by `verify.url` is a PEM
//! on the issuer's own site (the origin of its `url`), fetched from there;
//! served over TLS on loopback under the fixtures' names.

mod common;

use badgelens::messages::{CheckName, CheckStatus, Rule, Source, Verdict};
use common::issuer::{Issuer, Route};
use common::ob3_sign::{jws, RsaKey};
use common::*;
use serde_json::{json, Value};

/// The demo issuer's RSA key pair (PKCS#8 private key, public PEM in key.json).
fn demo() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("native-host/demo/files")
}

fn public_pem() -> Vec<u8> {
    let key: Value =
        serde_json::from_slice(&std::fs::read(demo().join("key.json")).unwrap()).unwrap();
    key["publicKeyPem"].as_str().unwrap().as_bytes().to_vec()
}

/// The issuer's site: badge class, issuer organization, public key.
async fn setup() -> Setup {
    let s = Setup::new(Issuer::start_tls(&[]).await).await;
    let json_route = |v: Value| Route::json(200, &v.to_string());
    s.issuer.route(
        "/ob1/badge.json",
        json_route(json!({"name": "Robotics", "description": "Builds robots.",
            "image": "https://example.org/ob1/badge.png", "criteria": "https://example.org/ob1/criteria",
            "issuer": "https://example.org/ob1/issuer.json"})),
    );
    s.issuer.route(
        "/ob1/issuer.json",
        json_route(json!({"name": "Example Robotics Club", "url": "https://example.org"})),
    );
    let pem = Route::Body {
        status: 200,
        content_type: "application/x-pem-file".into(),
        body: public_pem(),
    };
    s.issuer.route("/ob1/public.pem", pem.clone());
    s.issuer.route("/attacker/public.pem", pem);
    s
}

fn assertion(key_url: &str) -> Value {
    json!({"uid": "ob1-signed-1",
        "recipient": {"type": "email", "hashed": false, "identity": "alice@example.org"},
        "badge": "https://example.org/ob1/badge.json",
        "verify": {"type": "signed", "url": key_url},
        "issuedOn": "2014-05-01"})
}

fn signed(payload: &Value) -> String {
    let key = RsaKey::from_pem(&std::fs::read(demo().join("demo-key.pem")).unwrap());
    jws(&json!({"alg": "RS256"}), payload, |m| key.sign(m))
}

#[tokio::test]
async fn an_ob1_signed_badge_verifies_with_the_key_on_the_issuers_site() {
    let s = setup().await;
    let token = signed(&assertion("https://example.org/ob1/public.pem"));
    let r = s
        .verify(Source::Assertion(token.clone()), &["alice@example.org"])
        .await;
    assert_eq!(r.verdict, Verdict::Verified, "{}", dump(&r));
    assert_eq!(status(&r, CheckName::KeyOwner), Some(CheckStatus::Pass));
    assert_eq!(status(&r, CheckName::Signature), Some(CheckStatus::Pass));
    let badge = r.badge.as_ref().unwrap();
    assert_eq!(badge.format, badgelens::messages::BadgeFormat::Ob1);
    assert_eq!(badge.issuer.identified_by.as_deref(), Some("domain"));
    assert_eq!(badge.issuer.domain.as_deref(), Some("example.org"));
    assert_eq!(s.issuer.hits("/ob1/public.pem"), 1);

    // Altered after signing.
    let mut parts: Vec<String> = token.split('.').map(str::to_string).collect();
    let mut altered = assertion("https://example.org/ob1/public.pem");
    altered["recipient"]["identity"] = json!("mallory@example.org");
    parts[1] = common::ob3_sign::b64url(altered.to_string().as_bytes());
    let r = s.verify(Source::Assertion(parts.join(".")), &[]).await;
    assert_eq!(r.verdict, Verdict::Invalid, "{}", dump(&r));
}

/// The key must come from the issuer's site, not from where the badge
/// points: a key elsewhere, even one that checks the signature, is refused.
#[tokio::test]
async fn an_ob1_key_off_the_issuers_site_is_refused_by_authority() {
    let s = setup().await;
    let token = signed(&assertion("https://a.com/attacker/public.pem"));
    let r = s.verify(Source::Assertion(token), &[]).await;
    assert_eq!(r.verdict, Verdict::Invalid, "{}", dump(&r));
    let owner = check(&r, CheckName::KeyOwner).unwrap();
    assert_eq!(owner.rule, Some(Rule::Authority), "{}", dump(&r));
    assert_eq!(s.issuer.hits("/attacker/public.pem"), 0);

    // A key URL on the issuer's site that redirects elsewhere.
    s.issuer.route(
        "/ob1/moved.pem",
        Route::Redirect {
            status: 302,
            location: "https://a.com/attacker/public.pem".into(),
        },
    );
    let token = signed(&assertion("https://example.org/ob1/moved.pem"));
    let r = s.verify(Source::Assertion(token), &[]).await;
    assert_eq!(r.verdict, Verdict::Invalid, "{}", dump(&r));
    assert_eq!(
        check(&r, CheckName::KeyOwner).unwrap().rule,
        Some(Rule::Authority),
        "{}",
        dump(&r)
    );
}

#[tokio::test]
async fn an_ob1_key_that_cannot_be_fetched_is_unverifiable() {
    let s = setup().await;
    let token = signed(&assertion("https://example.org/ob1/missing.pem"));
    let r = s.verify(Source::Assertion(token), &[]).await;
    assert_eq!(r.verdict, Verdict::Unverifiable, "{}", dump(&r));
}
