//! A VC-JWT `kid` that is the URL of a bare JWK (issue 11; OB 3.0 lets `kid`
//! dereference to a JWK): the JWK gives the key material, and only the
//! issuer's own profile, answered at the issuer's id, says the key is the
//! issuer's. Over HTTPS on loopback.

mod common;

use badgelens::clock::Timestamp;
use badgelens::messages::{
    CacheMode, CheckName, CheckStatus, Rule, Source, Verdict, VerifyOptions,
};
use badgelens::verify::Engine;
use common::ob3_net;
use common::ob3_sign::{credential, jws, EdKey, RsaKey};
use serde_json::{json, Value};

const ISSUER: &str = "https://academy.example/issuer";
const KID: &str = "https://academy.example/keys/2026.jwk";

fn payload(vc: &Value) -> Value {
    json!({
        "iss": ISSUER,
        "jti": vc["id"],
        "nbf": Timestamp::parse(vc["validFrom"].as_str().unwrap()).unwrap().0,
        "vc": vc,
    })
}

async fn verify(issuer: &ob3_net::Issuer, token: String) -> badgelens::messages::VerifyResult {
    let options = VerifyOptions {
        recipient: Vec::new(),
        now: Timestamp::parse("2026-11-25T12:00:00Z"),
        cache: CacheMode::Use,
    };
    Engine::new(issuer.config())
        .verify(Source::Assertion(token), options)
        .await
}

fn key_owner(r: &badgelens::messages::VerifyResult) -> Option<&badgelens::messages::Check> {
    r.checks.iter().find(|c| c.check == CheckName::KeyOwner)
}

#[tokio::test]
async fn a_kid_answering_a_bare_jwk_verifies_when_the_issuers_profile_lists_it() {
    let issuer = ob3_net::Issuer::start().await;
    let rsa = RsaKey::generate();
    issuer.routes.json(KID, &rsa.public_jwk());
    issuer.routes.json(
        ISSUER,
        &json!({"id": ISSUER, "type": ["Profile"], "name": "Academy", "assertionMethod": [KID]}),
    );
    let token = jws(
        &json!({"alg": "RS256", "kid": KID}),
        &payload(&credential(ISSUER)),
        |m| rsa.sign(m),
    );
    let r = verify(&issuer, token).await;
    assert_eq!(r.verdict, Verdict::Verified, "{}", common::dump(&r));
    assert_eq!(key_owner(&r).unwrap().status, CheckStatus::Pass);

    // The same, with the profile embedding the key material instead (a
    // fresh issuer server and cache).
    let issuer = ob3_net::Issuer::start().await;
    let ed = EdKey::generate();
    let kid = "https://academy.example/keys/ed.jwk";
    issuer.routes.json(kid, &ed.public_jwk());
    issuer.routes.json(
        ISSUER,
        &json!({"id": ISSUER, "type": ["Profile"],
            "verificationMethod": [{"id": format!("{ISSUER}#ed"), "type": "JsonWebKey", "controller": ISSUER, "publicKeyJwk": ed.public_jwk()}],
            "assertionMethod": [format!("{ISSUER}#ed")]}),
    );
    let token = jws(
        &json!({"alg": "EdDSA", "kid": kid}),
        &payload(&credential(ISSUER)),
        |m| ed.sign(m),
    );
    let r = verify(&issuer, token).await;
    assert_eq!(r.verdict, Verdict::Verified, "{}", common::dump(&r));
}

/// The attack: anyone can put a JWK at a URL (even on the issuer's site, or
/// claiming the issuer in its own fields); without the issuer's profile
/// listing it, it is not the issuer's key.
#[tokio::test]
async fn a_bare_jwk_the_issuer_does_not_list_is_not_the_issuers_key() {
    let issuer = ob3_net::Issuer::start().await;
    let rsa = RsaKey::generate();
    let mut jwk = rsa.public_jwk();
    jwk["kid"] = json!(KID);
    jwk["controller"] = json!(ISSUER);
    issuer.routes.json(KID, &jwk);
    let other = RsaKey::generate();
    issuer.routes.json(
        ISSUER,
        &json!({"id": ISSUER, "type": ["Profile"],
            "verificationMethod": [{"id": format!("{ISSUER}#k"), "type": "JsonWebKey", "controller": ISSUER, "publicKeyJwk": other.public_jwk()}],
            "assertionMethod": [format!("{ISSUER}#k")]}),
    );
    let token = jws(
        &json!({"alg": "RS256", "kid": KID}),
        &payload(&credential(ISSUER)),
        |m| rsa.sign(m),
    );
    let r = verify(&issuer, token).await;
    assert_eq!(r.verdict, Verdict::Invalid, "{}", common::dump(&r));
    let owner = key_owner(&r).unwrap();
    assert_eq!(owner.status, CheckStatus::Fail, "{}", common::dump(&r));
    assert_eq!(owner.rule, Some(Rule::Authority));

    // A JWK carrying a private part is refused outright.
    let mut private = rsa.public_jwk();
    private["d"] = json!("AAAA");
    issuer.routes.json(KID, &private);
    issuer.routes.json(
        ISSUER,
        &json!({"id": ISSUER, "type": ["Profile"], "assertionMethod": [KID]}),
    );
    let token = jws(
        &json!({"alg": "RS256", "kid": KID}),
        &payload(&credential(ISSUER)),
        |m| rsa.sign(m),
    );
    let r = Engine::new(issuer.config())
        .verify(
            Source::Assertion(token),
            VerifyOptions {
                now: Timestamp::parse("2026-11-25T12:00:00Z"),
                cache: CacheMode::Refresh,
                ..VerifyOptions::default()
            },
        )
        .await;
    assert_ne!(r.verdict, Verdict::Verified, "{}", common::dump(&r));
}
