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
