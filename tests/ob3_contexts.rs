//! Issuer JSON-LD contexts fetched at verify time (issue 11), served over
//! TLS on loopback under a real-looking name: a context that adds terms lets
//! a credential verify; one that redefines a term of the VC/OB contexts
//! (`name`, `issuer`, ...) makes it invalid; too many, plain-http or unreachable contexts are unverifiable.

mod common;

use std::collections::HashMap;

use badgelens::clock::Timestamp;
use badgelens::messages::{CacheMode, CheckName, Source, Verdict, VerifyOptions, VerifyResult};
use badgelens::verify::ob3::{proofs, remote_contexts};
use badgelens::verify::Engine;
use common::issuer::{Issuer, Route};
use common::ob3_sign::{credential, EdKey};
use serde_json::{json, Value};

const HOST: &str = "contexts.example";

fn options(cache: CacheMode) -> VerifyOptions {
    VerifyOptions {
        recipient: Vec::new(),
        now: Timestamp::parse("2026-11-25T12:00:00Z"),
        cache,
    }
}

/// A did:key credential using `context` (served at `url`) and the term
/// `extra`, signed with that context in force, as its issuer would.
async fn signed_with(key: &EdKey, urls: &[String], contexts: &[Value], extra: Value) -> Value {
    let mut doc = credential(&key.did);
    for url in urls {
        doc["@context"].as_array_mut().unwrap().push(json!(url));
    }
    if let Value::Object(extra) = extra {
        for (k, v) in extra {
            doc["credentialSubject"][k] = v;
        }
    }
    let map: HashMap<String, Vec<u8>> = urls
        .iter()
        .cloned()
        .zip(contexts.iter().map(|c| c.to_string().into_bytes()))
        .collect();
    let mut proof = json!({
        "type": "DataIntegrityProof", "cryptosuite": "eddsa-rdfc-2022",
        "created": "2026-03-02T00:00:00Z", "verificationMethod": key.vm,
        "proofPurpose": "assertionMethod"
    });
    let data = remote_contexts::scope(map, async {
        proofs::hash_data(doc.as_object().unwrap(), &proof).unwrap()
    })
    .await;
    proof["proofValue"] = json!(format!(
        "z{}",
        bs58::encode(key.sign(&data.signed_bytes())).into_string()
    ));
    doc["proof"] = proof;
    doc
}

struct Setup {
    issuer: Issuer,
    engine: Engine,
    _cache: tempfile::TempDir,
}

async fn setup() -> Setup {
    let issuer = Issuer::start_tls_names(&[], &[HOST]).await;
    let cache = tempfile::tempdir().unwrap();
    let engine = Engine::new(issuer.config(cache.path()));
    Setup {
        issuer,
        engine,
        _cache: cache,
    }
}

impl Setup {
    fn serve(&self, path: &str, context: &Value) -> String {
        self.issuer
            .route(path, Route::json(200, &context.to_string()));
        format!("https://{HOST}{path}")
    }

    async fn verify(&self, doc: &Value, cache: CacheMode) -> VerifyResult {
        self.engine
            .verify(Source::Assertion(doc.to_string()), options(cache))
            .await
    }
}

fn good_context() -> Value {
    json!({"@context": {"@protected": true,
        "favouriteColour": "https://contexts.example/ns#favouriteColour"}})
}

#[tokio::test]
async fn a_context_that_adds_terms_is_fetched_once_and_the_credential_verifies() {
    let s = setup().await;
    let url = s.serve("/good/v1.jsonld", &good_context());
    let key = EdKey::generate();
    let doc = signed_with(
        &key,
        std::slice::from_ref(&url),
        &[good_context()],
        json!({"favouriteColour": "teal"}),
    )
    .await;
    let r = s.verify(&doc, CacheMode::Use).await;
    assert_eq!(r.verdict, Verdict::Verified, "{}", common::dump(&r));
    assert!(common::dump(&r).contains(&url), "{}", common::dump(&r));
    // Cached: a second verification, even offline, does not fetch it again.
    let r = s.verify(&doc, CacheMode::Offline).await;
    assert_eq!(r.verdict, Verdict::Verified, "{}", common::dump(&r));
    assert_eq!(s.issuer.hits("/good/v1.jsonld"), 1);

    // Altered after signing: the fetched context covers the new term,
    // and the signature does not.
    let mut tampered = doc.clone();
    tampered["credentialSubject"]["favouriteColour"] = json!("red");
    let r = s.verify(&tampered, CacheMode::Use).await;
    assert_eq!(r.verdict, Verdict::Invalid, "{}", common::dump(&r));
}

/// The attack: a credential's own context gives `name` or `issuer` another
/// meaning than the VC and OB contexts do, so what is shown is not what the
/// signature covers. Refusing the redefinition keeps it from verifying.
#[tokio::test]
async fn a_context_that_redefines_a_protected_vc_or_ob_term_makes_the_credential_invalid() {
    let s = setup().await;
    let key = EdKey::generate();
    for (i, term) in ["name", "issuer", "achievement", "VerifiableCredential"]
        .into_iter()
        .enumerate()
    {
        let evil = json!({"@context": {term: {"@id": format!("https://attacker.example/ns#{term}")},
            "favouriteColour": "https://contexts.example/ns#favouriteColour"}});
        let url = s.serve(&format!("/evil/{i}.jsonld"), &evil);
        // Signed over the harmless context; the one served redefines the term.
        let doc = signed_with(
            &key,
            std::slice::from_ref(&url),
            &[good_context()],
            json!({"favouriteColour": "teal"}),
        )
        .await;
        let r = s.verify(&doc, CacheMode::Use).await;
        assert_eq!(r.verdict, Verdict::Invalid, "{term}: {}", common::dump(&r));
        let parse = r
            .checks
            .iter()
            .find(|c| c.check == CheckName::Parse)
            .unwrap();
        assert!(
            parse.message.contains(&format!("redefines \"{term}\"")),
            "{}",
            parse.message
        );
        assert!(!r.summary.starts_with("Verified"));
    }
}

#[tokio::test]
async fn plain_http_too_many_and_unreachable_contexts_are_unverifiable() {
    let s = setup().await;
    let key = EdKey::generate();
    // Not https: never fetched.
    let doc = signed_with(
        &key,
        &["http://contexts.example/c.jsonld".into()],
        &[good_context()],
        json!({}),
    )
    .await;
    let r = s.verify(&doc, CacheMode::Use).await;
    assert_eq!(r.verdict, Verdict::Unverifiable, "{}", common::dump(&r));
    assert_eq!(s.issuer.hits("/c.jsonld"), 0);
    // Five contexts of its own: one too many.
    let urls: Vec<String> = (0..5)
        .map(|i| {
            s.serve(
                &format!("/many/{i}.jsonld"),
                &json!({"@context": {"@version": 1.1}}),
            )
        })
        .collect();
    let contexts = vec![json!({"@context": {"@version": 1.1}}); 5];
    let doc = signed_with(&key, &urls, &contexts, json!({})).await;
    let r = s.verify(&doc, CacheMode::Use).await;
    assert_eq!(r.verdict, Verdict::Unverifiable, "{}", common::dump(&r));
    assert!(
        common::dump(&r).contains("more than 4"),
        "{}",
        common::dump(&r)
    );
    // Not there (404), and offline with nothing cached.
    let url = format!("https://{HOST}/missing.jsonld");
    let doc = signed_with(&key, &[url], &[good_context()], json!({})).await;
    let r = s.verify(&doc, CacheMode::Use).await;
    assert_eq!(r.verdict, Verdict::Unverifiable, "{}", common::dump(&r));
    let url = s.serve("/later.jsonld", &good_context());
    let doc = signed_with(&key, &[url], &[good_context()], json!({})).await;
    let r = s.verify(&doc, CacheMode::Offline).await;
    assert_eq!(r.verdict, Verdict::Unverifiable, "{}", common::dump(&r));
}

#[tokio::test]
async fn a_bundled_context_is_never_fetched_even_when_served() {
    let s = setup().await;
    let key = EdKey::generate();
    let doc = signed_with(&key, &[], &[], json!({})).await;
    let r = s.verify(&doc, CacheMode::Use).await;
    assert_eq!(r.verdict, Verdict::Verified, "{}", common::dump(&r));
    assert!(!common::dump(&r).contains("fetched and checked"));
}
