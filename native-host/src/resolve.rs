//! From a badge's public page URL to its machine-readable assertion URL.
//!
//! First the wrappers that sites put around links are removed (LinkedIn's
//! redirect and safety pages, Outlook safelinks, Gmail's image proxy). Then an
//! ordered list of rules (config first, then built-in) maps the page to an
//! assertion URL. Each rule's `page` expression must be valid in both Rust's
//! `regex` and JavaScript's `RegExp`, because `hello` hands the same list to
//! the extension to recognise badge links.

use regex::Regex;
use url::Url;

use crate::config::RuleConfig;

/// A validated resolver rule.
#[derive(Debug, Clone)]
pub struct Rule {
    pub name: String,
    pub page: Regex,
    pub assertion: String,
}

/// Why a rule was refused at start-up.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RuleError {
    #[error("rule {name:?}: {reason}")]
    Invalid { name: String, reason: String },
}

/// The built-in rules: platforms whose public URL pattern is known.
pub const BUILT_IN: &[(&str, &str, &str)] = &[
    (
        "credly",
        r"^https://(www\.)?(credly|youracclaim)\.com/(badges|earner/earned/badge)/(?<id>[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})",
        "https://api.credly.com/v1/obi/v2/badge_assertions/{id}",
    ),
    (
        "badgr",
        r"^https://(www\.)?(badgr\.com|api\.badgr\.io)/public/assertions/(?<id>[A-Za-z0-9_-]+)",
        "https://api.badgr.io/public/assertions/{id}?v=2_0",
    ),
    (
        "badgr-eu",
        r"^https://(eu\.badgr\.com|api\.eu\.badgr\.io)/public/assertions/(?<id>[A-Za-z0-9_-]+)",
        "https://api.eu.badgr.io/public/assertions/{id}?v=2_0",
    ),
    (
        "parchment",
        r"^https://(api\.)?badges\.parchment\.com/public/assertions/(?<id>[A-Za-z0-9_-]+)",
        "https://api.badges.parchment.com/public/assertions/{id}?v=2_0",
    ),
];

impl Rule {
    /// Validates a rule: the expression must compile and stay inside the
    /// syntax both engines share; every `{name}` in the template must be a group.
    pub fn new(name: &str, page: &str, assertion: &str) -> Result<Rule, RuleError> {
        let invalid = |reason: String| RuleError::Invalid {
            name: name.to_string(),
            reason,
        };
        if page.contains("(?P<") {
            return Err(invalid(
                "named groups must be written (?<name>...) so JavaScript accepts them".into(),
            ));
        }
        if has_inline_flags(page) {
            return Err(invalid(
                "inline flags such as (?i) are not accepted by JavaScript".into(),
            ));
        }
        if page.contains(r"\A")
            || page.contains(r"\z")
            || page.contains(r"\Z")
            || page.contains("[[:")
        {
            return Err(invalid(
                "Rust-only syntax (\\A, \\z, [[:class:]]) is not accepted by JavaScript".into(),
            ));
        }
        let regex = Regex::new(page).map_err(|e| invalid(format!("bad expression: {e}")))?;
        for placeholder in template_names(assertion) {
            if !regex.capture_names().flatten().any(|n| n == placeholder) {
                return Err(invalid(format!(
                    "template uses {{{placeholder}}}, which is not a named group"
                )));
            }
        }
        Ok(Rule {
            name: name.to_string(),
            page: regex,
            assertion: assertion.to_string(),
        })
    }

    /// The assertion URL for `page_url`, if this rule matches it.
    pub fn apply(&self, page_url: &str) -> Option<String> {
        let caps = self.page.captures(page_url)?;
        let mut out = self.assertion.clone();
        for name in self.page.capture_names().flatten() {
            let value = caps.name(name).map(|m| m.as_str()).unwrap_or("");
            out = out.replace(&format!("{{{name}}}"), value);
        }
        Some(out)
    }
}

/// `(?` followed by a flag letter: `(?i)`, `(?x:...)`, `(?-m)` and so on.
fn has_inline_flags(page: &str) -> bool {
    let bytes = page.as_bytes();
    bytes.windows(3).enumerate().any(|(i, w)| {
        w[0] == b'('
            && w[1] == b'?'
            && (w[2].is_ascii_alphabetic() || w[2] == b'-')
            && (i == 0 || bytes[i - 1] != b'\\')
    })
}

fn template_names(template: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        let Some(len) = rest[start + 1..].find('}') else {
            break;
        };
        names.push(&rest[start + 1..start + 1 + len]);
        rest = &rest[start + 1 + len + 1..];
    }
    names
}

/// The ordered rule list in force.
#[derive(Debug, Clone)]
pub struct Resolver {
    rules: Vec<Rule>,
    /// Config rules that were refused, with why (for logs and `doctor`).
    pub refused: Vec<RuleError>,
}

impl Resolver {
    /// Config rules first, then the built-in ones. Invalid config rules are
    /// left out and reported in `refused`.
    pub fn new(config_rules: &[RuleConfig]) -> Resolver {
        let mut rules = Vec::new();
        let mut refused = Vec::new();
        for r in config_rules {
            match Rule::new(&r.name, &r.page, &r.assertion) {
                Ok(rule) => rules.push(rule),
                Err(e) => refused.push(e),
            }
        }
        for (name, page, assertion) in BUILT_IN {
            rules.push(Rule::new(name, page, assertion).expect("built-in rules are valid"));
        }
        Resolver { rules, refused }
    }

    /// The `page` expressions of every rule, for `hello`.
    pub fn page_patterns(&self) -> Vec<String> {
        self.rules
            .iter()
            .map(|r| r.page.as_str().to_string())
            .collect()
    }

    /// The first matching rule's assertion URL, after unwrapping redirect wrappers.
    pub fn resolve(&self, page_url: &str) -> Option<(String, String)> {
        let unwrapped = unwrap_link(page_url);
        self.rules
            .iter()
            .find_map(|r| r.apply(&unwrapped).map(|a| (r.name.clone(), a)))
    }
}

/// Removes the wrappers sites put around links, repeatedly (a safelink can
/// wrap a LinkedIn redirect): LinkedIn `/redir/redirect?url=` and
/// `/safety/go?url=`, Outlook `*.safelinks.protection.outlook.com/?url=`,
/// Gmail's image proxy (`*.googleusercontent.com/...#<original>`) and
/// Google's `/url?q=` click wrapper. The extension's `unwrapLink` does the
/// same: both are tested against tests/fixtures/link-unwrap-cases.json.
pub fn unwrap_link(link: &str) -> String {
    let mut current = link.trim().to_string();
    for _ in 0..5 {
        let Ok(url) = Url::parse(&current) else { break };
        let host = url.host_str().unwrap_or("").to_ascii_lowercase();
        let linkedin_wrapper = (host == "linkedin.com" || host.ends_with(".linkedin.com"))
            && (url.path().starts_with("/redir/redirect") || url.path().starts_with("/safety/go"));
        let inner = if linkedin_wrapper || host.ends_with(".safelinks.protection.outlook.com") {
            query_param(&url, "url")
        } else if host.ends_with(".googleusercontent.com") {
            url.fragment()
                .filter(|f| {
                    let f = f.to_ascii_lowercase();
                    f.starts_with("http://") || f.starts_with("https://")
                })
                .map(str::to_string)
        } else if (host == "www.google.com" || host == "google.com") && url.path() == "/url" {
            query_param(&url, "q")
                .filter(|q| !q.is_empty())
                .or_else(|| query_param(&url, "url"))
        } else {
            None
        };
        match inner {
            Some(next) if !next.is_empty() && next != current => current = next,
            _ => break,
        }
    }
    current
}

fn query_param(url: &Url, key: &str) -> Option<String> {
    url.query_pairs()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    const UUID: &str = "1b3c5d7e-0000-4aaa-8bbb-123456789abc";

    fn credly(page: &str) -> Option<String> {
        Resolver::new(&[]).resolve(page).map(|(_, a)| a)
    }

    #[test]
    fn credly_page_forms() {
        let expected = Some(format!(
            "https://api.credly.com/v1/obi/v2/badge_assertions/{UUID}"
        ));
        for page in [
            format!("https://www.credly.com/badges/{UUID}"),
            format!("https://www.credly.com/badges/{UUID}/public_url"),
            format!("https://www.credly.com/badges/{UUID}/linked_in_profile"),
            format!("https://credly.com/badges/{UUID}?source=linked_in_profile"),
            format!("https://www.credly.com/earner/earned/badge/{UUID}"),
            format!("https://www.youracclaim.com/badges/{UUID}"),
        ] {
            assert_eq!(credly(&page), expected, "{page}");
        }
        assert_eq!(credly("https://www.credly.com/users/someone"), None);
        assert_eq!(
            credly(&format!(
                "https://evil.example/?u=https://www.credly.com/badges/{UUID}"
            )),
            None
        );
    }

    #[test]
    fn badgr_forms() {
        assert_eq!(
            credly("https://badgr.com/public/assertions/AbC_12-x"),
            Some("https://api.badgr.io/public/assertions/AbC_12-x?v=2_0".into())
        );
        assert_eq!(
            credly("https://api.eu.badgr.io/public/assertions/q1.json"),
            Some("https://api.eu.badgr.io/public/assertions/q1?v=2_0".into())
        );
    }

    /// The table the extension's unwrapLink is tested against too (extension/test/unwrap.test.mjs).
    #[test]
    fn unwraps_as_the_shared_table_says() {
        let table: serde_json::Value =
            serde_json::from_str(include_str!("../../tests/fixtures/link-unwrap-cases.json"))
                .unwrap();
        let cases = table["cases"].as_array().unwrap();
        assert!(cases.len() >= 20);
        for c in cases {
            let link = c["link"].as_str().unwrap();
            let expected = c["unwrapped"].as_str().unwrap_or(link.trim());
            assert_eq!(unwrap_link(link), expected, "{}", c["why"]);
        }
    }

    #[test]
    fn unwraps_wrappers() {
        let target = format!("https://www.credly.com/badges/{UUID}");
        let enc: String = url::form_urlencoded::byte_serialize(target.as_bytes()).collect();
        for wrapped in [
            format!("https://www.linkedin.com/redir/redirect?url={enc}&urlhash=x"),
            format!("https://www.linkedin.com/safety/go?url={enc}&trk=y"),
            format!("https://nam12.safelinks.protection.outlook.com/?url={enc}&data=z"),
            format!("https://ci3.googleusercontent.com/meips/AbC=s0-d-e1-ft#{target}"),
        ] {
            assert_eq!(unwrap_link(&wrapped), target, "{wrapped}");
        }
        let double: String = url::form_urlencoded::byte_serialize(
            format!("https://www.linkedin.com/redir/redirect?url={enc}").as_bytes(),
        )
        .collect();
        assert_eq!(
            unwrap_link(&format!(
                "https://eur01.safelinks.protection.outlook.com/?url={double}"
            )),
            target
        );
    }

    #[test]
    fn config_rules_come_first_and_are_validated() {
        let rules = vec![
            RuleConfig {
                name: "local".into(),
                page: r"^http://127\.0\.0\.1:\d+/badges/(?<id>\w+)".into(),
                assertion: "http://127.0.0.1:9/a/{id}".into(),
            },
            RuleConfig {
                name: "python".into(),
                page: r"(?P<id>x)".into(),
                assertion: "{id}".into(),
            },
            RuleConfig {
                name: "flags".into(),
                page: r"(?i)credly".into(),
                assertion: "x".into(),
            },
            RuleConfig {
                name: "missing".into(),
                page: r"(?<id>x)".into(),
                assertion: "{other}".into(),
            },
            RuleConfig {
                name: "broken".into(),
                page: r"(".into(),
                assertion: "x".into(),
            },
        ];
        let r = Resolver::new(&rules);
        assert_eq!(r.refused.len(), 4);
        assert_eq!(
            r.resolve("http://127.0.0.1:8080/badges/abc"),
            Some(("local".into(), "http://127.0.0.1:9/a/abc".into()))
        );
        assert_eq!(r.page_patterns().len(), 1 + BUILT_IN.len());
    }
}
