//! The native messaging manifest: one renderer for both browser families.
//!
//! Chrome-family browsers want `allowed_origins` with
//! `chrome-extension://<id>/`; Firefox wants `allowed_extensions` with the
//! add-on id and refuses a manifest that carries `allowed_origins`. All else
//! is the same, so one struct with two optional lists renders both, in a
//! fixed key order (the golden files in `manifests/` pin the exact bytes).

use serde::Serialize;

use super::{InstallError, DEV_EXTENSION_ID, FIREFOX_ADDON_ID, HOST_NAME};

/// What the manifest says about the host, shown in some browsers' errors.
pub const DESCRIPTION: &str = "BadgeLens: checks Open Badges for the BadgeLens browser extension";

/// Which manifest dialect a browser reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Family {
    /// Chrome, Chromium, Edge, Brave, Vivaldi.
    Chrome,
    Firefox,
}

impl Family {
    /// The folder name used for this family's golden file in `manifests/`.
    pub fn name(self) -> &'static str {
        match self {
            Family::Chrome => "chrome",
            Family::Firefox => "firefox",
        }
    }
}

/// The extension ids to allow, one per family.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExtensionIds {
    /// A Chrome-family id: 32 letters `a`–`p`.
    pub chrome: String,
    /// A Firefox add-on id: `name@domain` or `{uuid}`.
    pub firefox: String,
}

impl Default for ExtensionIds {
    fn default() -> Self {
        ExtensionIds {
            chrome: DEV_EXTENSION_ID.to_string(),
            firefox: FIREFOX_ADDON_ID.to_string(),
        }
    }
}

impl ExtensionIds {
    /// `--extension-id ID` replaces the id of the family it belongs to (the
    /// shape tells which); the other family keeps its default.
    pub fn from_option(id: Option<&str>) -> Result<ExtensionIds, InstallError> {
        let mut ids = ExtensionIds::default();
        match id {
            None => {}
            Some(id) if is_chrome_id(id) => ids.chrome = id.to_string(),
            Some(id) if is_firefox_id(id) => ids.firefox = id.to_string(),
            Some(id) => return Err(InstallError::BadExtensionId(id.to_string())),
        }
        Ok(ids)
    }
}

/// A Chrome extension id: 32 characters from `a` to `p` (hex digits shifted).
pub fn is_chrome_id(id: &str) -> bool {
    id.len() == 32 && id.bytes().all(|b| (b'a'..=b'p').contains(&b))
}

/// A Firefox add-on id as AMO accepts it: `{uuid}` or an email-like `name@domain`.
pub fn is_firefox_id(id: &str) -> bool {
    let uuid = regex::Regex::new(
        r"^\{[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}\}$",
    );
    let email = regex::Regex::new(r"^[A-Za-z0-9._+-]*@[A-Za-z0-9._-]+$");
    id.len() <= 80 && (uuid.is_ok_and(|r| r.is_match(id)) || email.is_ok_and(|r| r.is_match(id)))
}

/// The origin a Chrome-family manifest allows for an extension id.
pub fn chrome_origin(id: &str) -> String {
    format!("chrome-extension://{id}/")
}

#[derive(Serialize)]
struct Manifest<'a> {
    name: &'a str,
    description: &'a str,
    path: &'a str,
    #[serde(rename = "type")]
    kind: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    allowed_origins: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    allowed_extensions: Option<Vec<&'a str>>,
}

/// Renders the manifest for `family`, naming `program` (an absolute path).
/// Pretty-printed with two-space indents and a final newline.
pub fn render(family: Family, program: &str, ids: &ExtensionIds) -> String {
    let (allowed_origins, allowed_extensions) = match family {
        Family::Chrome => (Some(vec![chrome_origin(&ids.chrome)]), None),
        Family::Firefox => (None, Some(vec![ids.firefox.as_str()])),
    };
    let m = Manifest {
        name: HOST_NAME,
        description: DESCRIPTION,
        path: program,
        kind: "stdio",
        allowed_origins,
        allowed_extensions,
    };
    // Serializing a struct of strings cannot fail.
    let mut text = serde_json::to_string_pretty(&m).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine as _;
    use sha2::Digest;

    /// The placeholder program path in the golden files (see manifests/README.md).
    const GOLDEN_PROGRAM: &str = "/usr/local/bin/badgelens";

    fn repo_file(rel: &str) -> String {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(rel);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    /// Chrome's id: SHA-256 of the DER public key, first 16 bytes, each hex digit 0-f mapped to a-p.
    fn derive_chrome_id(key_b64: &str) -> String {
        let der = base64::engine::general_purpose::STANDARD
            .decode(key_b64)
            .expect("key is base64");
        let digest = sha2::Sha256::digest(&der);
        digest[..16]
            .iter()
            .flat_map(|b| [b >> 4, b & 0x0f])
            .map(|nibble| char::from(b'a' + nibble))
            .collect()
    }

    #[test]
    fn development_id_matches_the_key_in_the_extension_manifest() {
        let manifest: serde_json::Value =
            serde_json::from_str(&repo_file("extension/manifest.json")).unwrap();
        let key = manifest["key"]
            .as_str()
            .expect("extension/manifest.json has a key");
        let id = derive_chrome_id(key);
        assert!(is_chrome_id(&id));
        assert_eq!(id, DEV_EXTENSION_ID);
    }

    #[test]
    fn golden_files_are_what_install_renders() {
        let ids = ExtensionIds::default();
        for family in [Family::Chrome, Family::Firefox] {
            let golden = repo_file(&format!(
                "manifests/{}/org.badgelens.host.json",
                family.name()
            ));
            assert_eq!(render(family, GOLDEN_PROGRAM, &ids), golden, "{family:?}");
        }
    }

    #[test]
    fn families_differ_only_in_the_allow_list() {
        let ids = ExtensionIds::default();
        let c: serde_json::Value =
            serde_json::from_str(&render(Family::Chrome, GOLDEN_PROGRAM, &ids)).unwrap();
        let f: serde_json::Value =
            serde_json::from_str(&render(Family::Firefox, GOLDEN_PROGRAM, &ids)).unwrap();
        assert_eq!(
            c["allowed_origins"],
            serde_json::json!(["chrome-extension://peadbbggjabpafmgipjcgfolomncnjml/"])
        );
        assert!(c.get("allowed_extensions").is_none());
        assert_eq!(
            f["allowed_extensions"],
            serde_json::json!([FIREFOX_ADDON_ID])
        );
        // Firefox rejects a manifest that carries allowed_origins.
        assert!(f.get("allowed_origins").is_none());
        for m in [&c, &f] {
            assert_eq!(m["name"], HOST_NAME);
            assert_eq!(m["type"], "stdio");
            assert_eq!(m["path"], GOLDEN_PROGRAM);
        }
    }

    #[test]
    fn windows_paths_are_escaped_in_json() {
        let text = render(
            Family::Chrome,
            r"C:\Program Files\BadgeLens\badgelens.exe",
            &ExtensionIds::default(),
        );
        assert!(text.contains(r#""C:\\Program Files\\BadgeLens\\badgelens.exe""#));
    }

    #[test]
    fn extension_id_option_goes_to_its_family() {
        let ids = ExtensionIds::from_option(Some("abcdefghijklmnopabcdefghijklmnop")).unwrap();
        assert_eq!(ids.chrome, "abcdefghijklmnopabcdefghijklmnop");
        assert_eq!(ids.firefox, FIREFOX_ADDON_ID);
        let ids = ExtensionIds::from_option(Some("other@example.org")).unwrap();
        assert_eq!(ids.chrome, DEV_EXTENSION_ID);
        assert_eq!(ids.firefox, "other@example.org");
        assert!(ExtensionIds::from_option(Some("{12345678-1234-1234-1234-123456789abc}")).is_ok());
        for bad in [
            "abcdefghijklmnopabcdefghijklmnoq", // q is outside a-p
            "ABCDEFGHIJKLMNOPABCDEFGHIJKLMNOP",
            "short",
            "",
            "a@b@c",
            "chrome-extension://abcdefghijklmnopabcdefghijklmnop/",
        ] {
            let e = ExtensionIds::from_option(Some(bad)).unwrap_err();
            assert!(e.is_usage(), "{bad}");
        }
    }
}
