//! Does the badge name this person? (`options.recipient` against `recipient`.)
//!
//! OB 2.0 recipients are plaintext or `sha256$hex` / `md5$hex` of the
//! identity followed by the salt. Issuers differ in what they hash: emails
//! are also tried lower-cased and trimmed, and Credly hashes without a salt
//! (an absent salt is simply the empty string).

use md5::Digest as _;
use serde_json::Value;

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
    let variants = |c: &String| {
        let mut v = vec![c.clone()];
        let folded = c.trim().to_lowercase();
        if folded != *c {
            v.push(folded);
        }
        v
    };
    let found = candidates.iter().flat_map(variants).any(|candidate| {
        if hashed {
            hash_matches(identity, &candidate, salt)
        } else {
            identity.trim().eq_ignore_ascii_case(candidate.trim())
                && (identity.contains('@') || identity.trim() == candidate.trim())
        }
    });
    Some(found)
}

/// Is `stored` (`alg$hex`) the hash of `value + salt`?
fn hash_matches(stored: &str, value: &str, salt: &str) -> bool {
    let Some((alg, hex)) = stored.split_once('$') else {
        return false;
    };
    let input = format!("{value}{salt}");
    let digest: Vec<u8> = match alg.to_ascii_lowercase().as_str() {
        "sha256" => aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, input.as_bytes())
            .as_ref()
            .to_vec(),
        "md5" => md5::Md5::digest(input.as_bytes()).to_vec(),
        _ => return false,
    };
    let ours: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    ours.eq_ignore_ascii_case(hex.trim())
}

#[cfg(test)]
mod tests {
    use super::*;
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
