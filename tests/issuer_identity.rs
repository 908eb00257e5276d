//! Who issued it: how a verified badge's issuer is identified
//! (`badge.issuer.identified_by`, `domain`, `registry`), from authority only.
//! A bare key naming itself "Harvard University" with a Harvard `url` is
//! identified by its key, never by that domain; a `did:web` by its host; a
//! configured registry that lists the issuer names it.

mod common;

use badgelens::clock::Timestamp;
use badgelens::config::{Config, RegistryConfig};
use badgelens::messages::{CacheMode, Source, Verdict, VerifyOptions, VerifyResult};
use badgelens::verify::Engine;
use common::ob3_net;
use common::ob3_sign::*;
use serde_json::{json, Value};

fn options() -> VerifyOptions {
    VerifyOptions {
        recipient: Vec::new(),
        now: Timestamp::parse("2026-11-25T12:00:00Z"),
        cache: CacheMode::Use,
    }
}

async fn verify(engine: &Engine, doc: &Value) -> VerifyResult {
    engine
        .verify(Source::Assertion(doc.to_string()), options())
        .await
}

/// A did:key credential that calls itself Harvard.
fn harvard(key: &EdKey) -> Value {
    let mut c = credential(&key.did);
    c["issuer"] = json!({"id": key.did, "type": ["Profile"], "name": "Harvard University", "url": "https://www.harvard.edu"});
    sign_di(&c, key, &key.vm, "eddsa-rdfc-2022")
}

#[tokio::test]
async fn a_bare_key_naming_itself_harvard_is_identified_by_its_key_never_by_its_url() {
    let key = EdKey::generate();
    let r = verify(&Engine::new(Config::default()), &harvard(&key)).await;
    assert_eq!(r.verdict, Verdict::Verified);
    let issuer = r.badge.unwrap().issuer;
    assert_eq!(issuer.identified_by.as_deref(), Some("key"));
    assert_eq!(issuer.domain, None, "the url is the issuer's own claim");
    assert_eq!(issuer.name.as_deref(), Some("Harvard University"));
}

#[tokio::test]
async fn a_did_web_issuer_is_identified_by_its_host_and_a_failed_badge_by_nothing() {
    let net = ob3_net::Issuer::start().await;
    let key = EdKey::generate();
    let did = "did:web:academy.example";
    let vm = format!("{did}#key-1");
    net.routes.json(
        "https://academy.example/.well-known/did.json",
        &json!({"id": did,
            "verificationMethod": [{"id": vm, "type": "Multikey", "controller": did, "publicKeyMultibase": key.multikey}],
            "assertionMethod": [vm]}),
    );
    let engine = Engine::new(net.config());
    let doc = sign_di(&credential(did), &key, &vm, "eddsa-rdfc-2022");
    let r = verify(&engine, &doc).await;
    assert_eq!(r.verdict, Verdict::Verified);
    let issuer = r.badge.unwrap().issuer;
    assert_eq!(issuer.identified_by.as_deref(), Some("domain"));
    assert_eq!(issuer.domain.as_deref(), Some("academy.example"));

    // Signed by another key: invalid, and identified by nothing.
    let other = EdKey::generate();
    let forged = sign_di(&credential(did), &other, &vm, "eddsa-rdfc-2022");
    let r = verify(&engine, &forged).await;
    assert_ne!(r.verdict, Verdict::Verified);
    let issuer = r.badge.unwrap().issuer;
    assert_eq!((issuer.identified_by, issuer.domain), (None, None));
}

#[tokio::test]
async fn a_registry_that_lists_the_issuer_names_it_and_one_that_does_not_changes_nothing() {
    let net = ob3_net::Issuer::start().await;
    let listed = EdKey::generate();
    let unlisted = EdKey::generate();
    net.routes.json(
        "https://contexts.example/registry.json",
        &json!({"meta": {"created": "2020-12-02T02:32:16+0000"}, "entries": {
            listed.did.clone(): {"name": "Example University 1", "url": "https://university.example"}
        }}),
    );
    let mut config = net.config();
    config.registries = vec![
        RegistryConfig {
            name: "Not served".into(),
            url: "https://contexts.example/missing.json".into(),
        },
        RegistryConfig {
            name: "Plain http is never used".into(),
            url: "http://contexts.example/registry.json".into(),
        },
        RegistryConfig {
            name: "Test Registry".into(),
            url: "https://contexts.example/registry.json".into(),
        },
    ];
    let engine = Engine::new(config);

    let r = verify(&engine, &harvard(&listed)).await;
    assert_eq!(r.verdict, Verdict::Verified);
    let issuer = r.badge.unwrap().issuer;
    assert_eq!(issuer.identified_by.as_deref(), Some("registry"));
    assert_eq!(issuer.registry.as_deref(), Some("Test Registry"));
    assert_eq!(
        issuer.registered_name.as_deref(),
        Some("Example University 1")
    );

    let r = verify(&engine, &harvard(&unlisted)).await;
    assert_eq!(r.verdict, Verdict::Verified);
    let issuer = r.badge.unwrap().issuer;
    assert_eq!(issuer.identified_by.as_deref(), Some("key"));
    assert_eq!(issuer.registry, None);
    // Fetched once over https and cached; the plain-http entry never.
    let fetched = |path: &str| {
        net.seen
            .lock()
            .unwrap()
            .iter()
            .filter(|s| s.ends_with(path))
            .count()
    };
    assert_eq!(fetched("/registry.json"), 1);

    // A forgery in a listed issuer's name is not made green by the registry.
    let forged = {
        let mut c = credential(&listed.did);
        c["issuer"] = json!(listed.did);
        sign_di(&c, &unlisted, &unlisted.vm, "eddsa-rdfc-2022")
    };
    let r = verify(&engine, &forged).await;
    assert_ne!(r.verdict, Verdict::Verified);
    assert_eq!(r.badge.unwrap().issuer.identified_by, None);
}
