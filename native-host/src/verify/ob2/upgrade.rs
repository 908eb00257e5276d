//! Older Open Badges documents in 2.0 terms, and the required-property checks.
//!
//! - 0.5: no `@context`, recipient as a (hashed) string, badge and issuer
//!   embedded with an `origin`; it names no hosted copy.
//! - 1.0: no `@context`, `verify: {type, url}`, dates as dates or Unix seconds.
//! - 1.1: the v1 context, `type`, `id`, `verify` or `verification`.
//! - 2.0: the v2 context (or an inline copy of it).
//!
//! Compact aliases real issuers send are accepted: Credly's
//! `"verification": {"type": "hosted"}`, `obi:`-prefixed and full IRIs.

use serde_json::{json, Value};

use crate::contexts::{self, ObContext};
use crate::messages::Verdict;

/// A document in 2.0 shape, with the version it came as.
#[derive(Debug, Clone)]
pub struct Upgraded {
    pub doc: Value,
    pub version: &'static str,
}

/// Why a document cannot be taken as an assertion, and the verdict that follows.
#[derive(Debug, Clone)]
pub struct UpgradeError {
    pub verdict: Verdict,
    pub message: String,
}

fn err(verdict: Verdict, message: impl Into<String>) -> UpgradeError {
    UpgradeError {
        verdict,
        message: message.into(),
    }
}

const OBI: &str = "https://w3id.org/openbadges#";

/// The type names in `type` (string or list), with `obi:` and the OB IRI stripped.
fn type_names(t: Option<&Value>) -> Vec<String> {
    let raw: Vec<&str> = match t {
        Some(Value::String(s)) => vec![s.as_str()],
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    raw.into_iter()
        .map(|s| {
            s.strip_prefix("obi:")
                .or_else(|| s.strip_prefix(OBI))
                .unwrap_or(s)
                .to_string()
        })
        .collect()
}

/// Does `doc`'s `type` include one of `names`?
pub fn has_type(doc: &Value, names: &[&str]) -> bool {
    type_names(doc.get("type"))
        .iter()
        .any(|t| names.contains(&t.as_str()))
}

/// `SignedBadge`, Credly-style `signed`, or their IRIs.
pub fn is_signed_type(t: Option<&Value>) -> bool {
    type_names(t)
        .iter()
        .any(|t| t == "SignedBadge" || t.eq_ignore_ascii_case("signed"))
}

/// `HostedBadge`, Credly-style `hosted`, or their IRIs.
pub fn is_hosted_type(t: Option<&Value>) -> bool {
    type_names(t)
        .iter()
        .any(|t| t == "HostedBadge" || t.eq_ignore_ascii_case("hosted"))
}

impl Upgraded {
    fn verification(&self) -> Option<&Value> {
        self.doc.get("verification")
    }

    pub fn is_hosted(&self) -> bool {
        is_hosted_type(self.verification().and_then(|v| v.get("type")))
    }

    pub fn is_signed(&self) -> bool {
        is_signed_type(self.verification().and_then(|v| v.get("type")))
    }

    /// Where the issuer's copy lives, for a hosted assertion.
    pub fn hosted_url(&self) -> Option<String> {
        if !self.is_hosted() {
            return None;
        }
        let id = self.doc.get("id").and_then(Value::as_str)?;
        let u = url::Url::parse(id).ok()?;
        u.has_host().then(|| id.to_string())
    }
}

/// Brings a 0.5/1.0/1.1/2.0 document into 2.0 shape.
pub fn upgrade(doc: &Value) -> Result<Upgraded, UpgradeError> {
    let Some(obj) = doc.as_object() else {
        return Err(err(Verdict::Invalid, "the badge data is not a JSON object"));
    };
    let generation = contexts::check(obj.get("@context")).map_err(|e| {
        err(
            Verdict::Unverifiable,
            format!("this badge cannot be interpreted: {e}"),
        )
    })?;
    let types = type_names(obj.get("type"));
    if types.iter().any(|t| t == "BadgeClass") {
        return Err(err(
            Verdict::NotABadge,
            "This is a badge class (the description of a badge), not a badge awarded to someone.",
        ));
    }
    if types.iter().any(|t| t == "Issuer" || t == "Profile") {
        return Err(err(
            Verdict::NotABadge,
            "This is an issuer profile, not a badge awarded to someone.",
        ));
    }
    let looks_awarded = obj.get("recipient").is_some() || obj.get("badge").is_some();
    if !types.iter().any(|t| t == "Assertion") && !looks_awarded {
        let what = if types.is_empty() {
            "This JSON".to_string()
        } else {
            format!("This {} document", types.join("/"))
        };
        return Err(err(
            Verdict::NotABadge,
            format!(
                "{what} is not a badge awarded to someone (it names no recipient and no badge)."
            ),
        ));
    }
    let mut out = doc.clone();
    let version = match generation {
        ObContext::V2 => "2.0",
        ObContext::V1 => "1.1",
        ObContext::None => {
            let badge_is_embedded = obj
                .get("badge")
                .is_some_and(|b| b.get("issuer").is_some_and(|i| i.get("origin").is_some()));
            if obj.get("verify").is_some() {
                "1.0"
            } else if obj.get("recipient").is_some_and(Value::is_string) || badge_is_embedded {
                "0.5"
            } else if obj.get("recipient").is_some() && obj.get("badge").is_some() {
                "1.0"
            } else {
                return Err(err(
                    Verdict::Invalid,
                    "this JSON is not an Open Badges assertion (it has no recipient and badge)",
                ));
            }
        }
    };
    // `verify` (1.0/1.1) becomes `verification`, and its `url` the id.
    if out.get("verification").is_none() {
        if let Some(v) = out.get("verify").cloned() {
            let mut ver = json!({"type": v.get("type").cloned().unwrap_or(Value::Null)});
            if is_signed_type(v.get("type")) {
                if let Some(u) = v.get("url") {
                    ver["creator"] = u.clone();
                }
            } else if out.get("id").and_then(Value::as_str).is_none() || version == "1.0" {
                if let Some(u) = v.get("url") {
                    out["id"] = u.clone();
                }
            }
            out["verification"] = ver;
        }
    }
    if version == "0.5" {
        // 0.5: recipient string (maybe hashed) and a top-level salt.
        if let Some(Value::String(identity)) = obj.get("recipient") {
            let hashed = identity.contains('$');
            let mut rcp = json!({"type": "email", "identity": identity, "hashed": hashed});
            if let Some(salt) = obj.get("salt") {
                rcp["salt"] = salt.clone();
            }
            out["recipient"] = rcp;
        }
    }
    Ok(Upgraded { doc: out, version })
}

/// Required properties of an assertion (after upgrade).
pub fn validate_assertion(up: &Upgraded) -> Result<(), UpgradeError> {
    let d = &up.doc;
    let missing = |what: &str| err(Verdict::Invalid, format!("the assertion has no {what}"));
    if up.version != "1.0" && up.version != "0.5" && !has_type(d, &["Assertion"]) {
        let t = d.get("type").map(Value::to_string).unwrap_or("none".into());
        return Err(err(
            Verdict::Invalid,
            format!("the document's type is {t}, not Assertion"),
        ));
    }
    // OB 1.0 signed assertions are named by `uid`; there is no hosted copy.
    let ob1_signed_uid =
        up.version == "1.0" && up.is_signed() && d.get("uid").and_then(Value::as_str).is_some();
    if up.version != "0.5" && !ob1_signed_uid && d.get("id").and_then(Value::as_str).is_none() {
        return Err(missing("id"));
    }
    match d.get("recipient") {
        Some(Value::Object(r)) if r.get("identity").is_some_and(Value::is_string) => {}
        _ => return Err(missing("recipient identity")),
    }
    match d.get("badge") {
        Some(Value::String(_)) | Some(Value::Object(_)) => {}
        _ => return Err(missing("badge")),
    }
    if up.version != "0.5" && d.pointer("/verification/type").is_none() {
        return Err(missing("verification type"));
    }
    if d.get("issuedOn").is_none() {
        return Err(missing("issue date (issuedOn)"));
    }
    Ok(())
}

/// Required properties of a BadgeClass.
pub fn validate_badge_class(bc: &Value, version: &str) -> Result<(), String> {
    if !bc.is_object() {
        return Err("the badge class is not a JSON object".into());
    }
    if version != "1.0"
        && version != "0.5"
        && bc.get("type").is_some()
        && !has_type(bc, &["BadgeClass"])
    {
        return Err(format!(
            "the badge class's type is {}, not BadgeClass",
            bc["type"]
        ));
    }
    if version == "2.0" && bc.get("type").is_none() {
        return Err("the badge class has no type".into());
    }
    for key in ["name", "description", "image", "criteria", "issuer"] {
        match bc.get(key) {
            None | Some(Value::Null) => return Err(format!("the badge class has no {key}")),
            _ => {}
        }
    }
    if !bc["name"].is_string() && !bc["name"].is_object() {
        return Err("the badge class's name is not text".into());
    }
    Ok(())
}

/// Required properties of an Issuer Profile.
pub fn validate_issuer(i: &Value, version: &str) -> Result<(), String> {
    if !i.is_object() {
        return Err("the issuer profile is not a JSON object".into());
    }
    if version == "2.0" {
        if !has_type(i, &["Issuer", "Profile"]) {
            return Err(format!(
                "the issuer profile's type is {}, not Issuer or Profile",
                i.get("type")
                    .map(Value::to_string)
                    .unwrap_or("missing".into())
            ));
        }
        if i.get("id").and_then(Value::as_str).is_none() {
            return Err("the issuer profile has no id".into());
        }
    }
    if i.get("name").is_none() {
        return Err("the issuer profile has no name".into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(rel: &str) -> Value {
        let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/openbadges-validator-core/components")
            .join(rel);
        serde_json::from_slice(&std::fs::read(p).unwrap()).unwrap()
    }

    #[test]
    fn detects_and_upgrades_every_version() {
        let v2 = upgrade(&fixture("2_0_basic_assertion.json")).unwrap();
        assert_eq!(v2.version, "2.0");
        assert!(v2.is_hosted());
        let v11 = upgrade(&fixture("1_1_basic_assertion.json")).unwrap();
        assert_eq!(v11.version, "1.1");
        assert_eq!(
            v11.hosted_url().as_deref(),
            Some("https://example.org/beths-robotics-badge.json")
        );
        let v10 = upgrade(&fixture("1_0_basic_assertion.json")).unwrap();
        assert_eq!(v10.version, "1.0");
        assert_eq!(v10.hosted_url().as_deref(), Some("http://a.com/instance"));
        validate_assertion(&v10).unwrap();
        for f in ["0_5_assertion.json", "0_5_1_assertion.json"] {
            let v05 = upgrade(&fixture(f)).unwrap();
            assert_eq!(v05.version, "0.5", "{f}");
            assert_eq!(v05.hosted_url(), None);
            assert!(v05.doc["recipient"]["identity"].is_string());
        }
    }

    #[test]
    fn credly_aliases_and_iris() {
        for t in [
            "hosted",
            "HostedBadge",
            "obi:HostedBadge",
            "https://w3id.org/openbadges#HostedBadge",
        ] {
            assert!(is_hosted_type(Some(&json!(t))), "{t}");
        }
        assert!(is_signed_type(Some(&json!(["SignedBadge"]))));
        assert!(!is_hosted_type(Some(&json!("SignedBadge"))));
    }

    #[test]
    fn refuses_what_is_not_an_assertion() {
        assert_eq!(
            upgrade(&json!({"@context":"https://w3id.org/openbadges/v2","type":"BadgeClass"}))
                .unwrap_err()
                .verdict,
            Verdict::NotABadge
        );
        assert_eq!(
            upgrade(&json!({"@context":"https://w3id.org/openbadges/invalid","type":"Assertion"}))
                .unwrap_err()
                .verdict,
            Verdict::Unverifiable
        );
        assert_eq!(
            upgrade(&json!({"hello": 1})).unwrap_err().verdict,
            Verdict::NotABadge
        );
        let wrong_type = upgrade(
            &json!({"@context":"https://w3id.org/openbadges/v2","type":"OtherAssertion",
            "id":"https://x.example/a","recipient":{"identity":"a"},"badge":"https://x.example/b",
            "verification":{"type":"hosted"},"issuedOn":"2020-01-01"}),
        )
        .unwrap();
        assert!(validate_assertion(&wrong_type).is_err());
    }
}
