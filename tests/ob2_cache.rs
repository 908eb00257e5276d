//! The cache in front of the fetcher: issuer data reused within its TTL,
//! revalidated after it, revocation status always fetched fresh, offline
//! answered from the cache, corrupt files ignored, one fetch for many
//! concurrent verifications.

mod common;

use std::sync::Arc;

use badgelens::cache::Cache;
use badgelens::messages::{CacheMode, Source, Verdict, VerifyOptions};
use common::issuer::Route;
use common::*;

const ASSERTION: &str = "/beths-robotics-badge.json";
const CLASS: &str = "/robotics-badge.json";
const ISSUER: &str = "/organization.json";

async fn setup() -> (Setup, String) {
    let s = Setup::dc().await;
    let hosted = std::fs::read_to_string(dc_ob20().join("basic-assertion.json")).unwrap();
    s.issuer.route(ASSERTION, Route::json(200, &hosted));
    (
        s,
        "http://example.org/beths-robotics-badge.json".to_string(),
    )
}

fn mode(cache: CacheMode) -> VerifyOptions {
    VerifyOptions {
        cache,
        ..VerifyOptions::default()
    }
}

#[tokio::test]
async fn issuer_data_is_reused_and_status_is_always_fresh() {
    let (s, url) = setup().await;
    for _ in 0..3 {
        let r = s.verify(Source::PageUrl(url.clone()), &[]).await;
        assert_eq!(r.verdict, Verdict::Verified, "{}", dump(&r));
    }
    assert_eq!(
        s.issuer.hits(ASSERTION),
        3,
        "the assertion carries the revocation status"
    );
    assert_eq!(s.issuer.hits(CLASS), 1);
    assert_eq!(s.issuer.hits(ISSUER), 1);
    // A revocation is seen at once, despite the cache.
    s.issuer.route(ASSERTION, Route::status(410));
    let r = s.verify(Source::PageUrl(url.clone()), &[]).await;
    assert_eq!(r.verdict, Verdict::Revoked);
    // refresh fetches everything again.
    s.issuer.route(
        ASSERTION,
        Route::json(
            200,
            &std::fs::read_to_string(dc_ob20().join("basic-assertion.json")).unwrap(),
        ),
    );
    let r = s
        .engine
        .verify(Source::PageUrl(url), mode(CacheMode::Refresh))
        .await;
    assert_eq!(r.verdict, Verdict::Verified);
    assert_eq!(s.issuer.hits(CLASS), 2);
}

#[tokio::test]
async fn offline_answers_from_the_cache_or_is_unverifiable() {
    let (s, url) = setup().await;
    let r = s
        .engine
        .verify(Source::PageUrl(url.clone()), mode(CacheMode::Offline))
        .await;
    assert_eq!(r.verdict, Verdict::Unverifiable, "{}", dump(&r));
    assert_eq!(s.issuer.hits(ASSERTION), 0);
    // Warm the cache online, then ask again offline.
    let r = s.verify(Source::Assertion(url.clone()), &[]).await;
    assert_eq!(r.verdict, Verdict::Verified);
    let hits = s.issuer.hits(ASSERTION);
    let r = s
        .engine
        .verify(Source::Assertion(url), mode(CacheMode::Offline))
        .await;
    assert_eq!(r.verdict, Verdict::Verified, "{}", dump(&r));
    assert_eq!(s.issuer.hits(ASSERTION), hits, "offline made no request");
    assert!(r
        .checks
        .iter()
        .any(|c| c.check == badgelens::messages::CheckName::Revocation
            && c.status == badgelens::messages::CheckStatus::Warn));
}

#[tokio::test]
async fn corrupt_cache_files_are_ignored_and_rewritten() {
    let (s, url) = setup().await;
    let r = s.verify(Source::PageUrl(url.clone()), &[]).await;
    assert_eq!(r.verdict, Verdict::Verified);
    let dir = s.cache.path().join("http");
    let mut n = 0;
    for e in std::fs::read_dir(&dir).unwrap() {
        let p = e.unwrap().path();
        std::fs::write(&p, b"{\"url\": \"http://exa").unwrap();
        n += 1;
    }
    assert!(n >= 3, "assertion, badge class and issuer are cached ({n})");
    let r = s.verify(Source::PageUrl(url), &[]).await;
    assert_eq!(r.verdict, Verdict::Verified, "{}", dump(&r));
    assert_eq!(s.issuer.hits(ISSUER), 2, "the broken copy was not trusted");
    for e in std::fs::read_dir(&dir).unwrap() {
        let text = std::fs::read(e.unwrap().path()).unwrap();
        assert!(serde_json::from_slice::<serde_json::Value>(&text).is_ok());
    }
}

#[tokio::test]
async fn stale_entries_are_revalidated() {
    let (mut s, url) = setup().await;
    s.engine.cache =
        Cache::new(Some(s.cache.path().to_path_buf())).with_ttl(std::time::Duration::from_secs(0));
    for _ in 0..2 {
        let r = s.verify(Source::PageUrl(url.clone()), &[]).await;
        assert_eq!(r.verdict, Verdict::Verified, "{}", dump(&r));
    }
    // Asked twice (the second time with If-None-Match, answered 304).
    assert_eq!(s.issuer.hits(ISSUER), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_verifications_fetch_the_issuer_once() {
    let (s, url) = setup().await;
    let s = Arc::new(s);
    let mut tasks = Vec::new();
    for _ in 0..24 {
        let s = s.clone();
        let url = url.clone();
        tasks.push(tokio::spawn(async move {
            s.verify(Source::PageUrl(url), &[]).await.verdict
        }));
    }
    for t in tasks {
        assert_eq!(t.await.unwrap(), Verdict::Verified);
    }
    assert_eq!(s.issuer.hits(ISSUER), 1);
    assert_eq!(s.issuer.hits(CLASS), 1);
    assert_eq!(s.issuer.hits(ASSERTION), 24);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_refreshes_share_one_fetch_and_a_later_refresh_fetches_again() {
    let (s, url) = setup().await;
    let s = Arc::new(s);
    // Cached first, so a refresh that reused the old copy would show as no new hit.
    assert_eq!(
        s.verify(Source::PageUrl(url.clone()), &[]).await.verdict,
        Verdict::Verified
    );
    assert_eq!(s.issuer.hits(CLASS), 1);
    // The assertion answers late, so every verification of a batch has started
    // before any of them asks for the badge class (no race in the counts).
    let hosted = std::fs::read_to_string(dc_ob20().join("basic-assertion.json")).unwrap();
    s.issuer.route(
        ASSERTION,
        Route::Delay(
            std::time::Duration::from_millis(300),
            Box::new(Route::json(200, &hosted)),
        ),
    );
    let batch = |s: Arc<Setup>| {
        let url = url.clone();
        async move {
            let mut tasks = Vec::new();
            for _ in 0..16 {
                let (s, url) = (s.clone(), url.clone());
                tasks.push(tokio::spawn(async move {
                    s.engine
                        .verify(Source::PageUrl(url), mode(CacheMode::Refresh))
                        .await
                        .verdict
                }));
            }
            for t in tasks {
                assert_eq!(t.await.unwrap(), Verdict::Verified);
            }
        }
    };
    batch(s.clone()).await;
    // Fetched again (not the copy from before the refresh), once for all 16.
    assert_eq!(s.issuer.hits(CLASS), 2);
    assert_eq!(s.issuer.hits(ISSUER), 2);
    assert_eq!(s.issuer.hits(ASSERTION), 17);
    // A refresh that starts later does not take the earlier refresh's copy.
    batch(s.clone()).await;
    assert_eq!(s.issuer.hits(CLASS), 3);
    assert_eq!(s.issuer.hits(ISSUER), 3);
}
