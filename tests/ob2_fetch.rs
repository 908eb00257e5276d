//! The fetcher against a real loopback server: the network policy's rules
//! each refuse what they should, and name themselves.

mod common;

use std::time::Duration;

use badgelens::config::Config;
use badgelens::fetch::{FetchContext, Fetcher, Kind};
use badgelens::messages::{CacheMode, Rule};
use badgelens::verify::net::NetError;
use common::issuer::{fixtures, Issuer, Route};

fn allowing(issuer: &Issuer) -> Config {
    let mut c = Config::default();
    c.network.allow_private = vec![issuer.addr.to_string()];
    c
}

async fn server() -> Issuer {
    Issuer::start(&[fixtures().join("dc-public-validator/ob20/assets")]).await
}

#[tokio::test]
async fn fetches_from_an_allowed_loopback_issuer_with_the_json_accept_header() {
    let issuer = server().await;
    let config = allowing(&issuer);
    let fetcher = Fetcher::new(&config);
    let ctx = FetchContext::new(&config.network, CacheMode::Use);
    let doc = fetcher
        .get(&ctx, &issuer.url("/issuer1.json"), Kind::Json, None)
        .await
        .unwrap();
    assert_eq!(doc.status, 200);
    let v = doc.json().unwrap();
    assert_eq!(v["id"], format!("{}/issuer1.json", issuer.origin));
    assert_eq!(ctx.fetches(), 1);
    // Credly answers HTML without this.
    assert_eq!(
        issuer.accept("/issuer1.json").as_deref(),
        Some("application/ld+json, application/json")
    );
}

#[tokio::test]
async fn loopback_is_refused_unless_its_ip_and_port_are_allowed() {
    let issuer = server().await;
    let config = Config::default();
    let fetcher = Fetcher::new(&config);
    let ctx = FetchContext::new(&config.network, CacheMode::Use);
    let e = fetcher
        .get(&ctx, &issuer.url("/issuer1.json"), Kind::Json, None)
        .await
        .unwrap_err();
    assert_eq!(e.rule(), Some(Rule::PrivateAddress), "{e}");
    assert_eq!(issuer.hits("/issuer1.json"), 0, "no connection was made");

    // Same IP, other port: still refused.
    let mut other = Config::default();
    other.network.allow_private = vec![format!("127.0.0.1:{}", issuer.addr.port() ^ 1)];
    let fetcher = Fetcher::new(&other);
    let e = fetcher
        .get(&ctx, &issuer.url("/issuer1.json"), Kind::Json, None)
        .await
        .unwrap_err();
    assert_eq!(e.rule(), Some(Rule::PrivateAddress));
}

#[tokio::test]
async fn a_redirect_to_a_private_address_is_refused() {
    let issuer = server().await;
    issuer.route(
        "/to-metadata",
        Route::Redirect {
            status: 302,
            location: "http://169.254.169.254/latest/meta-data/".into(),
        },
    );
    issuer.route(
        "/to-other-port",
        Route::Redirect {
            status: 307,
            location: format!("http://127.0.0.1:{}/x", issuer.addr.port() ^ 1),
        },
    );
    let config = allowing(&issuer);
    let fetcher = Fetcher::new(&config);
    for path in ["/to-metadata", "/to-other-port"] {
        let ctx = FetchContext::new(&config.network, CacheMode::Use);
        let e = fetcher
            .get(&ctx, &issuer.url(path), Kind::Json, None)
            .await
            .unwrap_err();
        assert_eq!(e.rule(), Some(Rule::PrivateAddress), "{path}: {e}");
    }
}

#[tokio::test]
async fn a_redirect_to_another_scheme_is_refused() {
    let issuer = server().await;
    issuer.route(
        "/to-file",
        Route::Redirect {
            status: 301,
            location: "file:///etc/passwd".into(),
        },
    );
    let config = allowing(&issuer);
    let fetcher = Fetcher::new(&config);
    let ctx = FetchContext::new(&config.network, CacheMode::Use);
    let e = fetcher
        .get(&ctx, &issuer.url("/to-file"), Kind::Json, None)
        .await
        .unwrap_err();
    assert_eq!(e.rule(), Some(Rule::Scheme));
}

#[tokio::test]
async fn five_redirects_are_followed_and_the_sixth_refused() {
    let issuer = server().await;
    for i in 0..5 {
        issuer.route(
            &format!("/r{i}"),
            Route::Redirect {
                status: 302,
                location: format!("/r{}", i + 1),
            },
        );
    }
    issuer.route("/r5", Route::json(200, r#"{"ok":true}"#));
    issuer.route(
        "/loop",
        Route::Redirect {
            status: 302,
            location: "/loop".into(),
        },
    );
    let config = allowing(&issuer);
    let fetcher = Fetcher::new(&config);
    let ctx = FetchContext::new(&config.network, CacheMode::Use);
    let ok = fetcher
        .get(&ctx, &issuer.url("/r0"), Kind::Json, None)
        .await
        .unwrap();
    assert_eq!(ok.redirects(), 5);
    assert_eq!(ok.url.path(), "/r5");
    let ctx = FetchContext::new(&config.network, CacheMode::Use);
    let e = fetcher
        .get(&ctx, &issuer.url("/loop"), Kind::Json, None)
        .await
        .unwrap_err();
    assert_eq!(e.rule(), Some(Rule::Redirects));
    assert_eq!(issuer.hits("/loop"), 6);
}

#[tokio::test]
async fn bodies_over_the_cap_are_cut_off_while_streaming() {
    let issuer = server().await;
    issuer.route("/endless", Route::Endless);
    let mut config = allowing(&issuer);
    config.network.max_bytes.json = 100_000;
    let fetcher = Fetcher::new(&config);
    let ctx = FetchContext::new(&config.network, CacheMode::Use);
    let e = fetcher
        .get(&ctx, &issuer.url("/endless"), Kind::Json, None)
        .await
        .unwrap_err();
    assert_eq!(e.rule(), Some(Rule::MaxBytes), "{e}");
    // A declared length over the cap is refused before reading.
    issuer.route(
        "/big",
        Route::Body {
            status: 200,
            content_type: "application/json".into(),
            body: vec![b' '; 200_000],
        },
    );
    let e = fetcher
        .get(&ctx, &issuer.url("/big"), Kind::Json, None)
        .await
        .unwrap_err();
    assert_eq!(e.rule(), Some(Rule::MaxBytes));
}

#[tokio::test]
async fn one_time_budget_covers_the_whole_verification() {
    let issuer = server().await;
    issuer.route(
        "/drip",
        Route::Drip {
            every: Duration::from_millis(50),
        },
    );
    issuer.route(
        "/slow",
        Route::Delay(Duration::from_secs(30), Box::new(Route::json(200, "{}"))),
    );
    let mut config = allowing(&issuer);
    config.network.timeout_ms = 400;
    let fetcher = Fetcher::new(&config);
    for path in ["/drip", "/slow"] {
        let ctx = FetchContext::new(&config.network, CacheMode::Use);
        let e = fetcher
            .get(&ctx, &issuer.url(path), Kind::Json, None)
            .await
            .unwrap_err();
        assert_eq!(e.rule(), Some(Rule::Timeout), "{path}: {e}");
        // The budget is spent: the next fetch in the same verification is refused too.
        let e = fetcher
            .get(&ctx, &issuer.url("/issuer1.json"), Kind::Json, None)
            .await
            .unwrap_err();
        assert_eq!(e.rule(), Some(Rule::Timeout));
    }
}

#[tokio::test]
async fn resolve_pins_send_a_name_to_the_local_issuer() {
    let issuer = server().await;
    let mut config = allowing(&issuer);
    config
        .network
        .resolve
        .insert("issuer.example:8443".into(), issuer.addr.to_string());
    config
        .network
        .resolve
        .insert("issuer.example:80".into(), issuer.addr.to_string());
    let fetcher = Fetcher::new(&config);
    let ctx = FetchContext::new(&config.network, CacheMode::Use);
    for url in [
        "http://issuer.example/issuer1.json",
        "http://issuer.example:8443/issuer1.json",
    ] {
        let doc = fetcher.get(&ctx, url, Kind::Json, None).await.unwrap();
        assert_eq!(doc.status, 200, "{url}");
    }
    assert_eq!(issuer.hits("/issuer1.json"), 2);
    // A pin to a loopback address not in allow_private is still refused.
    let mut unallowed = Config::default();
    unallowed
        .network
        .resolve
        .insert("issuer.example:80".into(), issuer.addr.to_string());
    let e = Fetcher::new(&unallowed)
        .get(&ctx, "http://issuer.example/issuer1.json", Kind::Json, None)
        .await
        .unwrap_err();
    assert_eq!(e.rule(), Some(Rule::PrivateAddress));
}

#[tokio::test]
async fn https_with_a_pinned_name_and_an_extra_root() {
    let issuer = Issuer::start_tls(&[fixtures().join("dc-public-validator/ob20/assets")]).await;
    let dir = tempfile::tempdir().unwrap();
    let config = issuer.config(dir.path());
    let fetcher = Fetcher::new(&config);
    let ctx = FetchContext::new(&config.network, CacheMode::Use);
    let doc = fetcher
        .get(
            &ctx,
            "https://example.org/organization.json",
            Kind::Json,
            None,
        )
        .await
        .unwrap();
    assert_eq!(doc.status, 200);
    assert_eq!(
        doc.json().unwrap()["id"],
        "https://example.org/organization.json"
    );
    // Without the extra root the same server is not trusted.
    let mut untrusted = config.clone();
    untrusted.network.extra_roots.clear();
    let e = Fetcher::new(&untrusted)
        .get(
            &ctx,
            "https://example.org/organization.json",
            Kind::Json,
            None,
        )
        .await
        .unwrap_err();
    assert_eq!(e.rule(), None, "{e}");
}

#[tokio::test]
async fn the_engine_fetches_json_for_any_verifier() {
    use badgelens::cache::Freshness;
    let issuer = server().await;
    issuer.route("/gone", Route::status(410));
    issuer.route(
        "/page",
        Route::Body {
            status: 200,
            content_type: "text/html".into(),
            body: b"<html></html>".to_vec(),
        },
    );
    let dir = tempfile::tempdir().unwrap();
    let engine = badgelens::verify::Engine::new(issuer.config(dir.path()));
    let ctx = FetchContext::new(&engine.config.network, CacheMode::Use);
    let net = engine.net(&ctx);
    let doc = net
        .json(&issuer.url("/key1.json"), Freshness::Cached)
        .await
        .unwrap();
    assert_eq!(doc.value["type"], "CryptographicKey");
    assert_eq!(doc.url.as_str(), issuer.url("/key1.json"));
    for path in ["/gone", "/page"] {
        let e = net
            .json(&issuer.url(path), Freshness::Live)
            .await
            .unwrap_err();
        assert!(
            matches!(e, NetError::Status(_) | NetError::NotJson(_)),
            "{path}: {e:?}"
        );
    }
}
