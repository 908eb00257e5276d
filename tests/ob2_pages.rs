//! page_url resolution: the built-in Credly and Badgr rules (with the
//! platforms' hosts pinned to a loopback issuer over TLS), redirect
//! wrappers, config rules, `<link rel="alternate">` discovery and the
//! generic URL sniffing the CLI uses.

mod common;

use badgelens::config::RuleConfig;
use badgelens::messages::{CheckName, CheckStatus, Source, Verdict};
use badgelens::verify::Engine;
use common::issuer::{fixtures, Issuer, Route};
use common::*;

const UUID: &str = "1b3c5d7e-0000-4aaa-8bbb-123456789abc";
const ASSERTION_PATH: &str = "/v1/obi/v2/badge_assertions/1b3c5d7e-0000-4aaa-8bbb-123456789abc";

async fn credly() -> Setup {
    Setup::new(Issuer::start_tls(&[fixtures().join("credly"), dc_ob20().join("assets")]).await)
        .await
}

#[tokio::test]
async fn credly_page_links_in_every_form_are_verified() {
    let s = credly().await;
    let page = format!("https://www.credly.com/badges/{UUID}");
    let enc: String = url::form_urlencoded::byte_serialize(page.as_bytes()).collect();
    for link in [
        page.clone(),
        format!("{page}/public_url"),
        format!("{page}/linked_in_profile"),
        format!("https://www.credly.com/badges/{UUID}?source=linked_in_profile"),
        format!("https://www.credly.com/earner/earned/badge/{UUID}"),
        format!("https://www.youracclaim.com/badges/{UUID}"),
        format!("https://www.linkedin.com/redir/redirect?url={enc}&urlhash=x"),
        format!("https://nam12.safelinks.protection.outlook.com/?url={enc}&data=z"),
    ] {
        let r = s
            .verify(Source::PageUrl(link.clone()), &["Alice@Example.com"])
            .await;
        assert_eq!(r.verdict, Verdict::Verified, "{link}: {}", dump(&r));
        let b = r.badge.as_ref().unwrap();
        assert_eq!(b.name.as_deref(), Some("Cloud Practitioner"));
        assert_eq!(b.issuer.name.as_deref(), Some("Example Academy"));
        // Credly hashes without a salt.
        assert_eq!(b.recipient.matched, Some(true), "{link}");
    }
    assert!(s.issuer.hits(ASSERTION_PATH) >= 8);
}

#[tokio::test]
async fn credly_not_found_is_not_found_or_not_public() {
    let s = credly().await;
    s.issuer
        .route(ASSERTION_PATH, Route::json(404, r#"{"error":"not found"}"#));
    let r = s
        .verify(
            Source::PageUrl(format!("https://www.credly.com/badges/{UUID}")),
            &[],
        )
        .await;
    assert_eq!(r.verdict, Verdict::Unverifiable, "{}", dump(&r));
    assert!(
        r.summary.contains("not found or not public"),
        "{}",
        r.summary
    );
}

#[tokio::test]
async fn credly_gone_is_revoked() {
    let s = credly().await;
    s.issuer
        .route(ASSERTION_PATH, Route::json(410, r#"{"revoked": true}"#));
    let r = s
        .verify(
            Source::PageUrl(format!("https://www.credly.com/badges/{UUID}")),
            &[],
        )
        .await;
    assert_eq!(r.verdict, Verdict::Revoked, "{}", dump(&r));
}

#[tokio::test]
async fn badgr_public_assertions_are_fetched_from_their_id() {
    let s = credly().await;
    let mut doc: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(fixtures().join("credly").join(&ASSERTION_PATH[1..])).unwrap(),
    )
    .unwrap();
    // Badgr's id has no ?v=2_0; its badge class and issuer are Credly's here (same origin rule
    // needs the issuer on api.badgr.io, so serve the issuer there too).
    doc["id"] = "https://api.badgr.io/public/assertions/AbC123".into();
    doc["badge"] = "https://api.badgr.io/public/badges/B1".into();
    let bc = std::fs::read_to_string(
        fixtures().join("credly/v1/obi/v2/badge_classes/9f8e7d6c-1111-4bbb-9ccc-abcdefabcdef"),
    )
    .unwrap()
    .replace(
        "https://api.credly.com/v1/obi/v2/badge_classes/9f8e7d6c-1111-4bbb-9ccc-abcdefabcdef",
        "https://api.badgr.io/public/badges/B1",
    )
    .replace(
        "https://api.credly.com/v1/obi/v2/issuers/0a1b2c3d-2222-4ccc-addd-fedcbafedcba",
        "https://api.badgr.io/public/issuers/I1",
    );
    let issuer = std::fs::read_to_string(
        fixtures().join("credly/v1/obi/v2/issuers/0a1b2c3d-2222-4ccc-addd-fedcbafedcba"),
    )
    .unwrap()
    .replace(
        "https://api.credly.com/v1/obi/v2/issuers/0a1b2c3d-2222-4ccc-addd-fedcbafedcba",
        "https://api.badgr.io/public/issuers/I1",
    );
    s.issuer.route(
        "/public/assertions/AbC123",
        Route::json(200, &doc.to_string()),
    );
    s.issuer.route("/public/badges/B1", Route::json(200, &bc));
    s.issuer
        .route("/public/issuers/I1", Route::json(200, &issuer));
    let r = s
        .verify(
            Source::PageUrl("https://badgr.com/public/assertions/AbC123".into()),
            &[],
        )
        .await;
    assert_eq!(r.verdict, Verdict::Verified, "{}", dump(&r));
    assert_eq!(
        s.issuer.hits("/public/assertions/AbC123"),
        2,
        "page API URL, then the id"
    );
}

#[tokio::test]
async fn config_rules_come_first() {
    let s = Setup::dc().await;
    let hosted = std::fs::read_to_string(dc_ob20().join("basic-assertion.json")).unwrap();
    s.issuer
        .route("/beths-robotics-badge.json", Route::json(200, &hosted));
    let mut config = s.issuer.config(s.cache.path());
    config.resolvers.push(RuleConfig {
        name: "test".into(),
        page: r"^https://badges\.test/p/(?<id>[a-z-]+)$".into(),
        assertion: "http://example.org/{id}.json".into(),
    });
    let engine = Engine::new(config);
    let r = engine
        .verify(
            Source::PageUrl("https://badges.test/p/beths-robotics-badge".into()),
            Default::default(),
        )
        .await;
    assert_eq!(r.verdict, Verdict::Verified, "{}", dump(&r));
}

#[tokio::test]
async fn pages_link_to_their_assertion() {
    let s = Setup::dc().await;
    let hosted = std::fs::read_to_string(dc_ob20().join("basic-assertion.json")).unwrap();
    s.issuer
        .route("/beths-robotics-badge.json", Route::json(200, &hosted));
    s.issuer.route(
        "/badge-page",
        Route::Body {
            status: 200,
            content_type: "text/html; charset=utf-8".into(),
            body: br#"<!doctype html><html><head><title>My badge</title>
              <link rel="alternate" type="application/ld+json" href="/beths-robotics-badge.json">
              </head><body>Badge</body></html>"#
                .to_vec(),
        },
    );
    s.issuer.route(
        "/plain-page",
        Route::Body {
            status: 200,
            content_type: "text/html".into(),
            body: b"<html><body>No badge here</body></html>".to_vec(),
        },
    );
    let r = s
        .verify(Source::PageUrl("http://example.org/badge-page".into()), &[])
        .await;
    assert_eq!(r.verdict, Verdict::Verified, "{}", dump(&r));
    let r = s
        .verify(Source::PageUrl("http://example.org/plain-page".into()), &[])
        .await;
    assert_eq!(r.verdict, Verdict::NotABadge, "{}", dump(&r));
}

#[tokio::test]
async fn urls_are_sniffed_images_and_signed_badges() {
    let s = Setup::dc().await;
    let hosted = std::fs::read_to_string(dc_ob20().join("basic-assertion.json")).unwrap();
    s.issuer
        .route("/beths-robotics-badge.json", Route::json(200, &hosted));
    let png = std::fs::read(dc_ob20().join("simple-badge.png")).unwrap();
    let png = bake_png(&png, &s.issuer.rewrite(&unbake_text(&png)));
    s.issuer.route(
        "/baked.png",
        Route::Body {
            status: 200,
            content_type: "image/png".into(),
            body: png,
        },
    );
    for source in [
        Source::PageUrl("http://example.org/baked.png".into()),
        Source::ImageUrl("http://example.org/baked.png".into()),
        Source::Assertion("http://example.org/baked.png".into()),
    ] {
        let r = s.verify(source.clone(), &[]).await;
        assert_eq!(r.verdict, Verdict::Verified, "{source:?}: {}", dump(&r));
        assert_eq!(status(&r, CheckName::Unbake), Some(CheckStatus::Pass));
    }
}
