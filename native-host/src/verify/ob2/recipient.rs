//! Does the badge name this person? (`options.recipient` against `recipient`.)
//!
//! OB 2.0 recipients are plaintext or hashed; the hash rule is the one all
//! versions share ([`claims::identity_matches`]).

use serde_json::Value;

use crate::verify::claims;

/// `Some(true)` when one of `candidates` is the recipient, `Some(false)` when
/// none is, `None` when the badge names no usable recipient or no candidate
/// was given.
pub fn matches(recipient: Option<&Value>, candidates: &[String]) -> Option<bool> {
    if candidates.is_empty() {
        return None;
    }
    let (identity, salt, hashed) = match recipient? {
        Value::String(s) => (s.as_str(), "", false),
        Value::Object(o) => {
            let identity = o.get("identity").and_then(Value::as_str)?;
            let salt = o.get("salt").and_then(Value::as_str).unwrap_or("");
            let hashed = o
                .get("hashed")
                .and_then(Value::as_bool)
                .unwrap_or_else(|| identity.contains('$'));
            (identity, salt, hashed)
        }
        _ => return None,
    };
    Some(claims::identity_matches(identity, salt, hashed, candidates))
}

#[cfg(test)]
mod tests {
    use super::*;
    use md5::Digest as _;
    use serde_json::json;

    fn ids(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn the_reference_hash() {
        // validator-core's fixture: nobody@example.org, salt "deadsea".
        let r = json!({"type":"email","hashed":true,"salt":"deadsea",
            "identity":"sha256$ecf5409f3f4b91ab60cc5ef4c02aef7032354375e70cf4d8e43f6a1d29891942"});
        assert_eq!(matches(Some(&r), &ids(&["nobody@example.org"])), Some(true));
        assert_eq!(
            matches(Some(&r), &ids(&[" Nobody@Example.org "])),
            Some(true)
        );
        assert_eq!(
            matches(Some(&r), &ids(&["somebody@example.org"])),
            Some(false)
        );
        assert_eq!(matches(Some(&r), &[]), None);
    }

    #[test]
    fn unsalted_md5_and_uppercase_hex() {
        let sha = aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, b"alice@example.com");
        let hex: String = sha.as_ref().iter().map(|b| format!("{b:02X}")).collect();
        let r = json!({"type":"email","hashed":true,"identity":format!("sha256${hex}")});
        assert_eq!(matches(Some(&r), &ids(&["alice@example.com"])), Some(true));
        let md5hex: String = md5::Md5::digest(b"bob@example.comsalty")
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let r =
            json!({"type":"email","hashed":true,"salt":"salty","identity":format!("md5${md5hex}")});
        assert_eq!(matches(Some(&r), &ids(&["bob@example.com"])), Some(true));
    }

    #[test]
    fn plaintext() {
        let r = json!({"type":"email","hashed":false,"identity":"Test@Example.com"});
        assert_eq!(matches(Some(&r), &ids(&["test@example.com"])), Some(true));
        assert_eq!(matches(Some(&json!("x@y.z")), &ids(&["x@y.z"])), Some(true));
        let url = json!({"type":"url","hashed":false,"identity":"https://Alice.example/"});
        assert_eq!(
            matches(Some(&url), &ids(&["https://alice.example/"])),
            Some(false)
        );
    }
}
