//! What the host does with bytes from the browser, minus the threads:
//! `framing::read_frame` over arbitrary input, `dispatch::parse_request` on
//! each frame, and `dispatch::encode_response` of the answer. Every answer
//! must be a JSON object of at most 1 MiB with the id the protocol says.
//!
//! `verify` requests run through the real engine, forced offline (and with
//! a cache directory of its own), so fuzzing never sends network traffic,
//! even once the fetching code lands. A `verified` verdict must carry a
//! passing `fetch_assertion` or `signature` check.
#![no_main]

#[path = "shared/mod.rs"]
mod shared;

use std::io::Cursor;

use badgelens::dispatch::{encode_response, parse_request};
use badgelens::framing::{self, Inbound, MAX_OUTBOUND};
use badgelens::host;
use badgelens::messages::{CacheMode, ErrorCode, Request, Response};
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

/// The target's own cache directory (under $TMPDIR); it is never filled, verification runs offline.
const CACHE: &str = "badgelens-fuzz-cache";

/// A small cap so that the "too large" path is reached by small inputs too.
const FUZZ_CAP: u32 = 4096;

fn check_encoded(response: &Response) -> Value {
    let body = encode_response(response);
    assert!(body.len() <= MAX_OUTBOUND, "response over 1 MiB");
    let v: Value = serde_json::from_slice(&body).expect("responses are JSON");
    assert!(v.is_object());
    assert!(v["id"].is_null() || v["id"].is_string() || v["id"].is_number());
    v
}

fuzz_target!(|data: &[u8]| {
    // The first byte picks the cap: the real 64 MiB one, or a small one.
    let Some((&selector, input)) = data.split_first() else {
        return;
    };
    let cap = if selector & 1 == 0 {
        framing::MAX_INBOUND
    } else {
        FUZZ_CAP
    };
    let mut reader = Cursor::new(input);
    let mut frames = 0usize;
    loop {
        match framing::read_frame(&mut reader, cap) {
            Ok(Inbound::TooLarge { declared }) => {
                assert!(declared > cap);
                let r = Response::error(Value::Null, ErrorCode::FrameTooLarge, "too large");
                check_encoded(&r);
            }
            Ok(Inbound::Frame(body)) => {
                assert!(body.len() <= cap as usize);
                match parse_request(&body) {
                    Err(response) => {
                        let v = check_encoded(&response);
                        assert_eq!(v["type"], "error");
                        // Frames that are not JSON objects are answered with id null.
                        let parsed: Option<Value> = serde_json::from_slice(&body).ok();
                        if !parsed.as_ref().is_some_and(Value::is_object) {
                            assert!(v["id"].is_null(), "{v}");
                            assert_eq!(v["code"], "bad_request");
                        }
                    }
                    Ok(Request::Hello { id }) => {
                        let v = check_encoded(&host::hello(shared::engine(CACHE), id.clone()));
                        assert_eq!(v["id"], id);
                    }
                    Ok(Request::Verify {
                        id,
                        source,
                        mut options,
                    }) => {
                        assert!(id.is_string() || id.is_number());
                        options.cache = CacheMode::Offline;
                        let result = shared::runtime()
                            .block_on(shared::engine(CACHE).verify(source, options));
                        let v = check_encoded(&Response::Result {
                            id: id.clone(),
                            result: Box::new(result),
                        });
                        assert_eq!(v["id"], id);
                        if v["verdict"] == "verified" {
                            let proven = v["checks"].as_array().is_some_and(|checks| {
                                checks.iter().any(|c| {
                                    (c["check"] == "fetch_assertion" || c["check"] == "signature")
                                        && c["status"] == "pass"
                                })
                            });
                            assert!(proven, "verified without a proof: {v}");
                        }
                    }
                }
            }
            Err(e) => {
                assert!(e.is_end_of_input(), "a Cursor never fails: {e}");
                break;
            }
        }
        frames += 1;
        assert!(frames <= input.len(), "more frames than input bytes");
    }
});
