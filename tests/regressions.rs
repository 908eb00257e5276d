//! Regression tests for what the fuzzers (native-host/fuzz/) caught, each
//! named after the bug it pins. The input that found it is inlined, reduced.

use badgelens::unbake::{svg, BadgeKeyword, UnbakeError, Unbaked};

const PLAIN_SVG: &[u8] = br#"<svg xmlns="http://www.w3.org/2000/svg"><circle r="4"/></svg>"#;

fn unbaked_text(svg_bytes: &[u8]) -> String {
    match svg::unbake(svg_bytes) {
        Ok(Unbaked::Found(b)) => b.text,
        other => panic!(
            "expected badge data, got {other:?} from {}",
            String::from_utf8_lossy(svg_bytes)
        ),
    }
}

/// svg_bake_roundtrip: a badge element produced by expanding a DTD entity
/// has no text of its own in the body, so bake could not remove it and
/// wrote a second badge element; the result unbaked as "ambiguous".
#[test]
fn svg_bake_refuses_a_badge_element_expanded_from_a_dtd_entity() {
    let hostile = br#"<!DOCTYPE svg [<!ENTITY b "<o:assertion xmlns:o='http://openbadges.org' verify='https://a.example/1'/>">]><svg xmlns="http://www.w3.org/2000/svg">&b;</svg>"#;
    // The entity really does put a badge element in the tree.
    assert_eq!(unbaked_text(hostile), "https://a.example/1");
    match svg::bake(
        hostile,
        BadgeKeyword::OpenBadges,
        "https://example.org/assertions/1",
    ) {
        Err(UnbakeError::Malformed(msg)) => assert!(msg.contains("entity"), "{msg}"),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

/// svg_bake_roundtrip: a URL payload holding a NUL (the `url` crate accepts
/// it, percent-encoding it) was written raw into the `verify` attribute, and
/// the baked SVG was not XML any more.
#[test]
fn svg_bake_refuses_payload_characters_xml_cannot_carry() {
    for payload in [
        "https://example.org/assertions/1?a\0b",
        "https://example.org/\u{1b}[31m",
        "{\"id\":\"x\",\"n\":\"\u{fffe}\"}",
    ] {
        match svg::bake(PLAIN_SVG, BadgeKeyword::OpenBadges, payload) {
            Err(UnbakeError::Malformed(msg)) => assert!(msg.contains("XML"), "{msg}"),
            other => panic!("{payload:?}: expected a refusal, got {other:?}"),
        }
    }
}

/// Found while fixing the one above: XML turns tab, LF and CR in attribute
/// values into spaces, so a payload with a line break came back altered.
#[test]
fn svg_bake_keeps_line_breaks_in_the_verify_attribute() {
    let payload = "eyJhbGciOiJSUzI1NiJ9.\neyJhIjoxfQ.\r\n\tc2ln";
    let baked = svg::bake(PLAIN_SVG, BadgeKeyword::OpenBadges, payload).unwrap();
    assert_eq!(unbaked_text(&baked), payload);
}

/// A hosted assertion whose `id` holds a control character: the `verify`
/// hint is left out (the CDATA carries the payload), and the SVG stays XML.
#[test]
fn svg_bake_leaves_out_a_verify_hint_xml_cannot_carry() {
    let payload = r#"{"id":"https://a.example/\u0000","verification":{"type":"hosted"}}"#;
    let baked = svg::bake(PLAIN_SVG, BadgeKeyword::OpenBadges, payload).unwrap();
    assert_eq!(unbaked_text(&baked), payload);
    assert!(!String::from_utf8(baked).unwrap().contains("verify="));
}

/// adversarial corpus (tests/adversarial.rs): a hosted assertion whose `id`
/// is `javascript:` or `data:` was reported as "names no hosted copy"
/// without the `scheme` rule PROTOCOL.md requires for such URLs (the verdict
/// was already `unverifiable`; the rule tells the user why).
#[test]
fn a_hosted_assertion_id_with_a_javascript_or_data_scheme_is_refused_by_rule_scheme() {
    use badgelens::config::Config;
    use badgelens::messages::{CacheMode, CheckName, Rule, Source, Verdict, VerifyOptions};
    use badgelens::verify::Engine;

    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let engine = Engine::new(Config::default());
    for id in ["javascript:alert(1)", "data:application/json;base64,e30="] {
        let doc = serde_json::json!({
            "@context": "https://w3id.org/openbadges/v2", "type": "Assertion", "id": id,
            "recipient": {"type": "email", "hashed": false, "identity": "a@example.org"},
            "issuedOn": "2016-12-31T23:59:59Z", "badge": "https://example.org/b.json",
            "verification": {"type": "hosted"}
        });
        let options = VerifyOptions {
            cache: CacheMode::Offline,
            ..VerifyOptions::default()
        };
        let r = rt.block_on(engine.verify(Source::Assertion(doc.to_string()), options));
        assert_eq!(r.verdict, Verdict::Unverifiable, "{id}");
        let fetch = r
            .checks
            .iter()
            .find(|c| c.check == CheckName::FetchAssertion)
            .expect("a fetch_assertion check");
        assert_eq!(fetch.rule, Some(Rule::Scheme), "{id}: {}", fetch.message);
    }
}
