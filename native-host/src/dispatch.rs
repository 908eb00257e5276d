//! From frame bodies to requests, and from responses to frame bodies.
//!
//! Pure functions, no IO: `parse_request` turns one inbound frame into a
//! [`Request`] or the `error` response the protocol prescribes, and
//! `encode_response` serialises a response so that it fits the browsers'
//! 1 MiB limit, shrinking it when needed.

use base64::Engine as _;
use serde_json::Value;

use crate::clock::Timestamp;
use crate::framing::MAX_OUTBOUND;
use crate::messages::{CacheMode, ErrorCode, Request, RequestId, Response, Source, VerifyOptions};

/// Strings longer than this are cut when a response must shrink to fit.
const MAX_STRING_WHEN_TRUNCATING: usize = 16 * 1024;

/// Parses one frame body. An `Err` is the `error` response to send back.
pub fn parse_request(body: &[u8]) -> Result<Request, Response> {
    let bad = |id: RequestId, msg: &str| Response::error(id, ErrorCode::BadRequest, msg);
    let value: Value = serde_json::from_slice(body).map_err(|e| {
        bad(
            Value::Null,
            &format!("the frame is not valid UTF-8 JSON: {e}"),
        )
    })?;
    let Value::Object(mut obj) = value else {
        return Err(bad(Value::Null, "the frame is not a JSON object"));
    };
    let id = match obj.remove("id") {
        Some(id @ (Value::String(_) | Value::Number(_))) => id,
        Some(_) => return Err(bad(Value::Null, "`id` must be a string or a number")),
        None => return Err(bad(Value::Null, "the request has no `id`")),
    };
    let kind = match obj.get("type") {
        Some(Value::String(t)) => t.clone(),
        Some(_) => return Err(bad(id, "`type` must be a string")),
        None => return Err(bad(id, "the request has no `type`")),
    };
    match kind.as_str() {
        "hello" => Ok(Request::Hello { id }),
        "verify" => {
            let source = match parse_source(obj.get("source")) {
                Ok(s) => s,
                Err(msg) => return Err(bad(id, &msg)),
            };
            let options = match parse_options(obj.get("options")) {
                Ok(o) => o,
                Err(msg) => return Err(bad(id, &msg)),
            };
            Ok(Request::Verify {
                id,
                source,
                options,
            })
        }
        other => {
            let shown: String = other.chars().take(64).collect();
            Err(Response::error(
                id,
                ErrorCode::UnsupportedType,
                format!("unknown request type {shown:?}"),
            ))
        }
    }
}

const SOURCE_KEYS: [&str; 4] = ["image", "image_url", "page_url", "assertion"];

fn parse_source(source: Option<&Value>) -> Result<Source, String> {
    let exactly_one = "source must hold exactly one of image, image_url, page_url, assertion";
    let Some(Value::Object(src)) = source else {
        return Err(exactly_one.into());
    };
    let present: Vec<&str> = SOURCE_KEYS
        .into_iter()
        .filter(|k| src.contains_key(*k))
        .collect();
    if present.len() != 1 || src.len() != 1 {
        return Err(exactly_one.into());
    }
    let text = |key: &str| -> Result<String, String> {
        match &src[key] {
            Value::String(s) => Ok(s.clone()),
            _ => Err(format!("source.{key} must be a string")),
        }
    };
    match present[0] {
        "image" => {
            let Value::Object(img) = &src["image"] else {
                return Err("source.image must be an object with base64 `data`".into());
            };
            let data = match img.get("data") {
                Some(Value::String(d)) => {
                    decode_base64(d).map_err(|e| format!("source.image.data is not base64: {e}"))?
                }
                _ => return Err("source.image.data must be a base64 string".into()),
            };
            let hint = |k: &str| img.get(k).and_then(Value::as_str).map(str::to_string);
            Ok(Source::Image {
                data,
                mime: hint("mime"),
                url: hint("url"),
            })
        }
        "image_url" => Ok(Source::ImageUrl(text("image_url")?)),
        "page_url" => Ok(Source::PageUrl(text("page_url")?)),
        _ => Ok(Source::Assertion(text("assertion")?)),
    }
}

/// Standard base64, padded or not, ignoring ASCII whitespace; a `data:` URI prefix is accepted.
fn decode_base64(text: &str) -> Result<Vec<u8>, base64::DecodeError> {
    let text = match text.strip_prefix("data:") {
        Some(rest) => rest.split_once(',').map(|(_, d)| d).unwrap_or(rest),
        None => text,
    };
    let cleaned: String = text.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    let engine = base64::engine::GeneralPurpose::new(
        &base64::alphabet::STANDARD,
        base64::engine::GeneralPurposeConfig::new()
            .with_decode_padding_mode(base64::engine::DecodePaddingMode::Indifferent),
    );
    engine.decode(cleaned.trim_end_matches('=')).or_else(|_| {
        base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(cleaned.trim_end_matches('='))
    })
}

fn parse_options(options: Option<&Value>) -> Result<VerifyOptions, String> {
    let mut out = VerifyOptions::default();
    let obj = match options {
        None | Some(Value::Null) => return Ok(out),
        Some(Value::Object(o)) => o,
        Some(_) => return Err("options must be an object".into()),
    };
    match obj.get("recipient") {
        None | Some(Value::Null) => {}
        Some(Value::String(s)) => out.recipient.push(s.clone()),
        Some(Value::Array(items)) => {
            for item in items {
                match item {
                    Value::String(s) => out.recipient.push(s.clone()),
                    _ => return Err("options.recipient must be a list of strings".into()),
                }
            }
        }
        Some(_) => return Err("options.recipient must be a list of strings".into()),
    }
    match obj.get("now") {
        None | Some(Value::Null) => {}
        Some(Value::String(s)) => {
            out.now = Some(
                Timestamp::parse(s)
                    .ok_or_else(|| format!("options.now is not an RFC 3339 time: {s:?}"))?,
            )
        }
        Some(_) => return Err("options.now must be an RFC 3339 string".into()),
    }
    match obj.get("cache") {
        None | Some(Value::Null) => {}
        Some(v) => {
            out.cache = serde_json::from_value::<CacheMode>(v.clone())
                .map_err(|_| "options.cache must be one of use, refresh, offline".to_string())?
        }
    }
    Ok(out)
}

/// Serialises a response as a frame body of at most 1 MiB. A result that
/// would be larger first loses `data:` URIs and raw payloads, then has every
/// string over 16 KiB cut, and says so in `truncated: true`. If even that is
/// too large, the answer becomes an `internal` error for the same id.
pub fn encode_response(response: &Response) -> Vec<u8> {
    let body = serde_json::to_vec(response).unwrap_or_else(|_| internal_error_body(&Value::Null));
    if body.len() <= MAX_OUTBOUND {
        return body;
    }
    let id = match response {
        Response::Hello { id, .. } | Response::Result { id, .. } | Response::Error { id, .. } => {
            id.clone()
        }
    };
    let Ok(mut value) = serde_json::to_value(response) else {
        return internal_error_body(&id);
    };
    drop_data_uris(&mut value);
    value["truncated"] = Value::Bool(true);
    if let Ok(b) = serde_json::to_vec(&value) {
        if b.len() <= MAX_OUTBOUND {
            return b;
        }
    }
    cut_long_strings(&mut value);
    match serde_json::to_vec(&value) {
        Ok(b) if b.len() <= MAX_OUTBOUND => b,
        _ => internal_error_body(&id),
    }
}

fn internal_error_body(id: &Value) -> Vec<u8> {
    let r = Response::error(
        id.clone(),
        ErrorCode::Internal,
        "the response did not fit the 1 MiB frame limit",
    );
    serde_json::to_vec(&r).unwrap_or_else(|_| {
        br#"{"type":"error","id":null,"code":"internal","message":"serialisation failed"}"#.to_vec()
    })
}

/// Removes `data:` URI strings and raw payload fields (`payload`, `raw`).
fn drop_data_uris(value: &mut Value) {
    match value {
        Value::Object(map) => {
            map.retain(|k, _| k != "payload" && k != "raw");
            for v in map.values_mut() {
                if v.as_str().is_some_and(|s| s.starts_with("data:")) {
                    *v = Value::Null;
                } else {
                    drop_data_uris(v);
                }
            }
        }
        Value::Array(items) => {
            items.retain(|v| !v.as_str().is_some_and(|s| s.starts_with("data:")));
            items.iter_mut().for_each(drop_data_uris);
        }
        _ => {}
    }
}

fn cut_long_strings(value: &mut Value) {
    match value {
        Value::String(s) if s.len() > MAX_STRING_WHEN_TRUNCATING => {
            let mut end = MAX_STRING_WHEN_TRUNCATING;
            while !s.is_char_boundary(end) {
                end -= 1;
            }
            s.truncate(end);
            s.push('…');
        }
        Value::Object(map) => map.values_mut().for_each(cut_long_strings),
        Value::Array(items) => items.iter_mut().for_each(cut_long_strings),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn error_of(body: &[u8]) -> (Value, ErrorCode) {
        match parse_request(body) {
            Err(Response::Error { id, code, .. }) => (id, code),
            other => panic!("expected an error, got {other:?}"),
        }
    }

    #[test]
    fn bad_frames_get_bad_request_with_null_id() {
        for body in [
            &b"not json"[..],
            b"[1,2]",
            b"\"str\"",
            b"\xff\xfe",
            b"{\"type\":\"hello\"}",
            b"{\"type\":\"hello\",\"id\":null}",
            b"{\"type\":\"hello\",\"id\":[1]}",
        ] {
            assert_eq!(
                error_of(body),
                (Value::Null, ErrorCode::BadRequest),
                "{:?}",
                String::from_utf8_lossy(body)
            );
        }
    }

    #[test]
    fn missing_type_keeps_the_id() {
        assert_eq!(error_of(br#"{"id":7}"#), (json!(7), ErrorCode::BadRequest));
        assert_eq!(
            error_of(br#"{"id":"x","type":"launch"}"#),
            (json!("x"), ErrorCode::UnsupportedType)
        );
    }

    #[test]
    fn source_must_hold_exactly_one() {
        let two = json!({"type":"verify","id":1,"source":{"page_url":"https://a","assertion":"x"}});
        assert_eq!(
            error_of(two.to_string().as_bytes()),
            (json!(1), ErrorCode::BadRequest)
        );
        let none = json!({"type":"verify","id":1,"source":{}});
        assert_eq!(
            error_of(none.to_string().as_bytes()),
            (json!(1), ErrorCode::BadRequest)
        );
        let bad_b64 = json!({"type":"verify","id":1,"source":{"image":{"data":"***"}}});
        assert_eq!(
            error_of(bad_b64.to_string().as_bytes()),
            (json!(1), ErrorCode::BadRequest)
        );
    }

    #[test]
    fn parses_a_full_verify_request() {
        let req = json!({"type":"verify","id":"r7",
            "source":{"image":{"data":"iVBORw0KGgo=","mime":"image/png","url":"https://cdn.example/b.png"}},
            "options":{"recipient":["alice@example.com"],"now":"2026-11-25T12:00:00Z","cache":"offline"}});
        match parse_request(req.to_string().as_bytes()).unwrap() {
            Request::Verify {
                id,
                source: Source::Image { data, mime, url },
                options,
            } => {
                assert_eq!(id, json!("r7"));
                assert_eq!(data, b"\x89PNG\r\n\x1a\n");
                assert_eq!(mime.as_deref(), Some("image/png"));
                assert_eq!(url.as_deref(), Some("https://cdn.example/b.png"));
                assert_eq!(options.recipient, vec!["alice@example.com"]);
                assert_eq!(options.now, Timestamp::parse("2026-11-25T12:00:00Z"));
                assert_eq!(options.cache, CacheMode::Offline);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn bad_options_are_bad_requests() {
        for options in [
            json!({"now":"yesterday"}),
            json!({"cache":"sometimes"}),
            json!({"recipient":[1]}),
            json!([]),
        ] {
            let req = json!({"type":"verify","id":2,"source":{"assertion":"x"},"options":options});
            assert_eq!(
                error_of(req.to_string().as_bytes()),
                (json!(2), ErrorCode::BadRequest)
            );
        }
    }

    #[test]
    fn oversized_results_shrink_below_one_mib() {
        use crate::messages::{BadgeFormat, BadgeInfo, Verdict, VerifyResult};
        let mut badge = BadgeInfo::new(BadgeFormat::Ob2);
        badge.image = Some(format!("data:image/png;base64,{}", "A".repeat(900_000)));
        badge.description = Some("d".repeat(1_200_000));
        let response = Response::Result {
            id: json!(1),
            result: Box::new(VerifyResult {
                verdict: Verdict::Verified,
                summary: "s".into(),
                badge: Some(badge),
                checks: vec![],
                elapsed_ms: 0.0,
                truncated: false,
            }),
        };
        let body = encode_response(&response);
        assert!(body.len() <= MAX_OUTBOUND);
        let v: Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(v["truncated"], json!(true));
        assert_eq!(v["verdict"], json!("verified"));
        assert_eq!(v["badge"]["image"], Value::Null);
        assert!(
            v["badge"]["description"].as_str().unwrap().len() <= MAX_STRING_WHEN_TRUNCATING + 3
        );
    }
}
