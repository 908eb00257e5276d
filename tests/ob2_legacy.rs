//! OB 0.5 / 1.0 / 1.1 documents, upgraded to 2.0 semantics and verified
//! against validator-core's fixtures on a loopback issuer.

mod common;

use badgelens::messages::{BadgeFormat, CheckName, CheckStatus, Source, Verdict};
use common::issuer::{fixtures, Route};
use common::*;

fn component(name: &str) -> String {
    std::fs::read_to_string(
        fixtures()
            .join("openbadges-validator-core/components")
            .join(name),
    )
    .unwrap()
}

/// validator-core's OB 1.0 set lives at http://a.com/{instance,badgeclass,issuer}.
async fn ob1_setup() -> Setup {
    let s = Setup::validator_core().await;
    s.issuer.route(
        "/instance",
        Route::json(200, &component("1_0_basic_assertion.json")),
    );
    s.issuer.route(
        "/instance3",
        Route::json(
            200,
            &component("1_0_basic_assertion_with_extra_properties.json"),
        ),
    );
    s.issuer.route(
        "/badgeclass",
        Route::json(200, &component("1_0_basic_badgeclass.json")),
    );
    s.issuer.route(
        "/issuer",
        Route::json(200, &component("1_0_basic_issuer.json")),
    );
    s
}

#[tokio::test]
async fn ob1_0_hosted_by_url_and_as_json() {
    let s = ob1_setup().await;
    let r = s
        .verify(
            Source::PageUrl("http://a.com/instance".into()),
            &["test@example.com"],
        )
        .await;
    assert_eq!(r.verdict, Verdict::Verified, "{}", dump(&r));
    let b = r.badge.as_ref().unwrap();
    assert_eq!(b.format, BadgeFormat::Ob1);
    assert_eq!(b.name.as_deref(), Some("Basic Badge"));
    assert_eq!(b.issuer.name.as_deref(), Some("Basic Issuer"));
    assert_eq!(b.recipient.plaintext.as_deref(), Some("test@example.com"));
    assert_eq!(b.recipient.matched, Some(true));
    let r = s
        .verify(
            Source::Assertion(component("1_0_basic_assertion.json")),
            &[],
        )
        .await;
    assert_eq!(r.verdict, Verdict::Verified, "{}", dump(&r));
    assert_eq!(status(&r, CheckName::HostedMatch), Some(CheckStatus::Pass));
}

#[tokio::test]
async fn ob1_0_with_an_unknown_property_is_verified() {
    let s = ob1_setup().await;
    let r = s
        .verify(
            Source::Assertion(component("1_0_basic_assertion_with_extra_properties.json")),
            &[],
        )
        .await;
    assert_eq!(r.verdict, Verdict::Verified, "{}", dump(&r));
}

#[tokio::test]
async fn ob1_0_with_a_bare_string_recipient_disagrees_with_its_hosted_copy() {
    let s = ob1_setup().await;
    let r = s
        .verify(
            Source::Assertion(component("1_0_assertion_with_errors.json")),
            &[],
        )
        .await;
    assert_eq!(r.verdict, Verdict::Invalid, "{}", dump(&r));
    assert_eq!(status(&r, CheckName::HostedMatch), Some(CheckStatus::Fail));
}

/// validator-core's 1.1 set, upgraded. Its tests do not assert a verdict
/// for the whole verification; the 1.1 documents are complete and
/// consistent, so BadgeLens verifies them.
#[tokio::test]
async fn ob1_1_hosted_is_upgraded_and_verified() {
    let s = Setup::validator_core().await;
    s.issuer.route(
        "/beths-robotics-badge.json",
        Route::json(200, &component("1_1_basic_assertion.json")),
    );
    s.issuer.route(
        "/robotics-badge.json",
        Route::json(200, &component("1_1_basic_badgeclass.json")),
    );
    s.issuer.route(
        "/organization.json",
        Route::json(200, &component("1_1_basic_issuer.json")),
    );
    let text = s.issuer.rewrite(&component("1_1_basic_assertion.json"));
    let r = s
        .verify(Source::Assertion(text), &["nobody@example.org"])
        .await;
    assert_eq!(r.verdict, Verdict::Verified, "{}", dump(&r));
    let b = r.badge.unwrap();
    assert_eq!(b.recipient.matched, Some(true));
    assert_eq!(b.format, BadgeFormat::Ob1);
}

/// OB 0.5 badges name no hosted copy and carry no signature: nothing can
/// confirm them. validator-core reports "no hosted verification URL" as an
/// error (invalid); it is a check that cannot run, so `unverifiable`.
#[tokio::test]
async fn exception_ob0_5_is_unverifiable() {
    let s = Setup::validator_core().await;
    for f in ["0_5_assertion.json", "0_5_1_assertion.json"] {
        let r = s
            .verify(Source::Assertion(component(f)), &["test@example.com"])
            .await;
        assert_eq!(r.verdict, Verdict::Unverifiable, "{f}: {}", dump(&r));
        let b = r.badge.as_ref().unwrap();
        assert_eq!(b.name.as_deref(), Some("Basic McBadge"), "{f}");
        assert_eq!(b.issuer.name.as_deref(), Some("Basic Issuer"), "{f}");
    }
}
