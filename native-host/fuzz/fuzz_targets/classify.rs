//! `unbake::classify` (badge text: JSON object, compact JWS/JWT or URL) and
//! the slot choice that follows it, over arbitrary text.
#![no_main]

use badgelens::unbake::{self, BadgeKeyword, CompactJws, Payload};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match unbake::classify(text) {
        Ok(payload) => {
            match &payload {
                Payload::Json(v) => assert!(v.is_object(), "JSON payloads are objects"),
                Payload::Jws(jws) => {
                    assert_eq!(jws.0.split('.').count(), 3);
                    assert!(jws.header_json().is_some_and(|h| h.is_object()));
                    let _ = jws.payload_json();
                }
                Payload::Url(u) => {
                    if u.scheme() == "http" || u.scheme() == "https" {
                        assert!(u.has_host(), "an http(s) URL without a host");
                    }
                }
            }
            let _ = BadgeKeyword::for_payload(&payload);
            let _ = payload.kind();
        }
        Err(e) => {
            // The message shows a bounded preview of the text, never all of it.
            assert!(e.to_string().len() < 1024 + text.len().min(200), "{e}");
        }
    }
    let _ = CompactJws::parse(text);
});
