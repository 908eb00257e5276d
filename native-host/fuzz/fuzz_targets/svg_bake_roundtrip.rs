//! `unbake::svg::bake` then `svg::unbake` must give back the payload.
//!
//! Input layout: byte 0 picks the slot and the payload kind, the rest up to
//! the first NUL is the SVG, the bytes after it are the payload text. The
//! payloads that count are the ones bake is for: text that
//! `unbake::classify` accepts (JSON object, compact JWS/JWT, URL). JSON comes
//! back as equal JSON (XML normalises line ends in CDATA, which only JSON
//! whitespace can hold); every other payload comes back byte for byte.
#![no_main]

use badgelens::unbake::{self, svg, BadgeKeyword, Payload, Unbaked};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let (svg_bytes, payload) = match rest.iter().position(|&b| b == 0) {
        Some(nul) => (&rest[..nul], &rest[nul + 1..]),
        None => (rest, &[][..]),
    };
    let keyword = if selector & 1 == 0 {
        BadgeKeyword::OpenBadges
    } else {
        BadgeKeyword::OpenBadgeCredential
    };
    let payload = match std::str::from_utf8(payload) {
        Ok(p) if !p.trim().is_empty() => p.to_string(),
        // No usable payload in the input: use a fixed one of each kind.
        _ => match selector >> 1 & 3 {
            0 => "https://issuer.example/assertions/1?a=1&b=\"2\"".to_string(),
            1 => "eyJhbGciOiJSUzI1NiJ9.eyJhIjoxfQ.c2ln".to_string(),
            2 => "{\"id\":\"https://issuer.example/a\",\"note\":\"]]> <x> &amp;\",\"verification\":{\"type\":\"hosted\"}}".to_string(),
            _ => "{\"@context\":\"https://www.w3.org/ns/credentials/v2\",\"n\":\"\\u0000\"}".to_string(),
        },
    };
    let Ok(classified) = unbake::classify(&payload) else {
        return;
    };
    let Ok(baked) = svg::bake(svg_bytes, keyword, &payload) else {
        return;
    };
    match svg::unbake(&baked) {
        Ok(Unbaked::Found(b)) => {
            assert_eq!(b.keyword, keyword, "slot changed");
            match classified {
                Payload::Json(expected) => {
                    let got: serde_json::Value = serde_json::from_str(&b.text)
                        .unwrap_or_else(|e| panic!("JSON payload came back unparseable: {e}"));
                    assert_eq!(got, expected, "JSON payload changed");
                }
                _ => assert_eq!(b.text, payload.trim(), "payload changed"),
            }
        }
        other => panic!(
            "baked SVG does not unbake: {other:?}\n{}",
            String::from_utf8_lossy(&baked)
        ),
    }
});
