//! Hostile issuers: every trick ends `unverifiable` or `invalid` within the
//! time budget, with bounded memory, and never `verified`.

mod common;

use std::time::Duration;

use badgelens::messages::{CheckName, Rule, Source, Verdict, VerifyResult};
use badgelens::verify::Engine;
use common::issuer::Route;
use common::*;

const PATH: &str = "/beths-robotics-badge.json";

/// Serves `route` as the hosted assertion and verifies the pasted copy.
async fn hosted_as(route: Route, timeout_ms: u64) -> VerifyResult {
    let s = Setup::dc().await;
    s.issuer.route(PATH, route);
    let mut config = s.issuer.config(s.cache.path());
    config.network.timeout_ms = timeout_ms;
    let engine = Engine::new(config);
    let text = s
        .issuer
        .rewrite(&std::fs::read_to_string(dc_ob20().join("basic-assertion.json")).unwrap());
    let r = tokio::time::timeout(
        Duration::from_secs(30),
        engine.verify(Source::Assertion(text), Default::default()),
    )
    .await
    .expect("the verification ended");
    assert!(
        matches!(r.verdict, Verdict::Unverifiable | Verdict::Invalid),
        "{}",
        dump(&r)
    );
    r
}

fn rule(r: &VerifyResult) -> Option<Rule> {
    check(r, CheckName::FetchAssertion).and_then(|c| c.rule)
}

#[tokio::test]
async fn slow_drip() {
    let r = hosted_as(
        Route::Drip {
            every: Duration::from_millis(100),
        },
        800,
    )
    .await;
    assert_eq!(rule(&r), Some(Rule::Timeout), "{}", dump(&r));
}

#[tokio::test]
async fn a_server_that_never_answers() {
    let r = hosted_as(
        Route::Delay(Duration::from_secs(60), Box::new(Route::status(200))),
        600,
    )
    .await;
    assert_eq!(rule(&r), Some(Rule::Timeout));
}

#[tokio::test]
async fn endless_body() {
    let r = hosted_as(Route::Endless, 10_000).await;
    assert_eq!(rule(&r), Some(Rule::MaxBytes), "{}", dump(&r));
}

#[tokio::test]
async fn fifty_megabytes_of_json() {
    let mut big = Vec::with_capacity(50 * 1024 * 1024 + 2);
    big.push(b'[');
    while big.len() < 50 * 1024 * 1024 {
        big.extend_from_slice(b"1234567,");
    }
    big.extend_from_slice(b"0]");
    let r = hosted_as(
        Route::Body {
            status: 200,
            content_type: "application/json".into(),
            body: big,
        },
        10_000,
    )
    .await;
    assert_eq!(rule(&r), Some(Rule::MaxBytes));
}

#[tokio::test]
async fn json_nested_100000_deep() {
    let mut deep = "[".repeat(100_000);
    deep.push_str(&"]".repeat(100_000));
    let r = hosted_as(Route::json(200, &deep), 10_000).await;
    assert_eq!(r.verdict, Verdict::Unverifiable, "{}", dump(&r));
    let mut deep = "{\"a\":".repeat(100_000);
    deep.push('1');
    deep.push_str(&"}".repeat(100_000));
    hosted_as(Route::json(200, &deep), 10_000).await;
}

#[tokio::test]
async fn redirect_to_a_private_address() {
    for location in [
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.1/badge.json",
        "http://[::1]:9/badge.json",
        "http://localhost:9/badge.json",
    ] {
        let r = hosted_as(
            Route::Redirect {
                status: 302,
                location: location.into(),
            },
            10_000,
        )
        .await;
        assert_eq!(
            rule(&r),
            Some(Rule::PrivateAddress),
            "{location}: {}",
            dump(&r)
        );
    }
}

#[tokio::test]
async fn redirect_loop() {
    let r = hosted_as(
        Route::Redirect {
            status: 302,
            location: PATH.into(),
        },
        10_000,
    )
    .await;
    assert_eq!(rule(&r), Some(Rule::Redirects));
}

#[tokio::test]
async fn wrong_content_type() {
    let hosted = std::fs::read(dc_ob20().join("basic-assertion.json")).unwrap();
    for ct in ["image/png", "text/html; charset=utf-8"] {
        let r = hosted_as(
            Route::Body {
                status: 200,
                content_type: ct.into(),
                body: hosted.clone(),
            },
            10_000,
        )
        .await;
        assert_eq!(r.verdict, Verdict::Unverifiable, "{ct}: {}", dump(&r));
    }
}

#[tokio::test]
async fn invalid_utf8() {
    let r = hosted_as(
        Route::Body {
            status: 200,
            content_type: "application/json".into(),
            body: b"{\"id\": \"\xff\xfe\"}".to_vec(),
        },
        10_000,
    )
    .await;
    assert_eq!(r.verdict, Verdict::Unverifiable);
}

#[tokio::test]
async fn a_hostile_issuer_profile_is_as_harmless() {
    let s = Setup::dc().await;
    let hosted = std::fs::read_to_string(dc_ob20().join("basic-assertion.json")).unwrap();
    s.issuer.route(PATH, Route::json(200, &hosted));
    s.issuer.route("/organization.json", Route::Endless);
    let text = s.issuer.rewrite(&hosted);
    let r = s.verify(Source::Assertion(text), &[]).await;
    assert_eq!(r.verdict, Verdict::Unverifiable, "{}", dump(&r));
    assert_eq!(
        check(&r, CheckName::IssuerProfile).and_then(|c| c.rule),
        Some(Rule::MaxBytes)
    );
}

#[tokio::test]
async fn more_than_32_fetches_are_refused() {
    // Eight fetches in one verification, each through five redirects:
    // 48 requests are wanted, the 33rd is refused.
    let s = Setup::dc().await;
    for i in 0..40 {
        s.issuer.route(
            &format!("/hop{i}"),
            Route::Redirect {
                status: 302,
                location: format!("/hop{}", i + 1),
            },
        );
    }
    let ctx = badgelens::fetch::FetchContext::new(
        &s.engine.config.network,
        badgelens::messages::CacheMode::Use,
    );
    let mut last = None;
    for i in 0..8 {
        last = Some(
            s.engine
                .fetcher
                .get(
                    &ctx,
                    &format!("http://example.org/hop{}", i * 5),
                    badgelens::fetch::Kind::Json,
                    None,
                )
                .await,
        );
    }
    assert_eq!(last.unwrap().unwrap_err().rule(), Some(Rule::FetchCount));
}
