//! Reading JSON-LD-shaped badge data the way every version writes it: a
//! property holds one value or an array of them, a node is an id or an
//! object with an `id`.

use serde_json::Value;
use url::Url;

/// A property's values: none for absent or `null`, one, or every element
/// of an array.
pub fn one_or_many(v: Option<&Value>) -> Vec<&Value> {
    match v {
        Some(Value::Array(a)) => a.iter().collect(),
        Some(Value::Null) | None => Vec::new(),
        Some(other) => vec![other],
    }
}

/// A property's string values (`"a"` or `["a", "b"]`); other values are skipped.
pub fn strings(v: Option<&Value>) -> Vec<String> {
    one_or_many(v)
        .into_iter()
        .filter_map(Value::as_str)
        .map(str::to_string)
        .collect()
}

/// A node's id: the string itself, or an object's `id`.
pub fn node_id(v: &Value) -> Option<&str> {
    match v {
        Value::String(s) => Some(s),
        Value::Object(o) => o.get("id").and_then(Value::as_str),
        _ => None,
    }
}

/// An http(s) URL with a host.
pub fn is_web_url(s: &str) -> bool {
    Url::parse(s).is_ok_and(|u| matches!(u.scheme(), "http" | "https") && u.has_host())
}

/// The same URL once parsed (`HTTPS://A.example` is `https://a.example/`).
pub fn same_url(a: &str, b: &str) -> bool {
    match (Url::parse(a), Url::parse(b)) {
        (Ok(x), Ok(y)) => x == y,
        _ => a == b,
    }
}
