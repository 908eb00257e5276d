//! Windows: browsers find a native host through a registry key under
//! `HKEY_CURRENT_USER` whose default value is the path of the manifest file
//! (developer.chrome.com, MDN "Native manifests"). BadgeLens writes one
//! manifest per browser in its own local data folder and points the key at
//! it, so uninstalling one browser leaves the others alone.
//!
//! What would be written is computed by pure functions, tested on every OS;
//! only [`registry`] touches the real registry, and only on Windows.

use std::path::{Path, PathBuf};

use super::{Browser, HOST_NAME, MANIFEST_FILE};

/// The browser's vendor key under `HKEY_CURRENT_USER\Software`.
fn vendor_key(browser: Browser) -> &'static str {
    match browser {
        Browser::Chrome => r"Google\Chrome",
        Browser::Chromium => "Chromium",
        Browser::Edge => r"Microsoft\Edge",
        Browser::Brave => r"BraveSoftware\Brave-Browser",
        Browser::Vivaldi => "Vivaldi",
        Browser::Firefox => "Mozilla",
    }
}

/// The key (under `HKEY_CURRENT_USER`) the browser reads for our host.
pub fn registry_key(browser: Browser) -> String {
    format!(
        r"Software\{}\NativeMessagingHosts\{HOST_NAME}",
        vendor_key(browser)
    )
}

/// Where the manifest the key points at is written:
/// `<BadgeLens local data>\NativeMessagingHosts\<browser>\org.badgelens.host.json`.
pub fn manifest_path(browser: Browser, app_data_local: &Path) -> PathBuf {
    app_data_local
        .join("NativeMessagingHosts")
        .join(browser.name())
        .join(MANIFEST_FILE)
}

/// Folders whose presence means the browser has run for this user:
/// Chrome-family `User Data` under `%LOCALAPPDATA%`, Firefox under `%APPDATA%`.
pub fn detect_dirs(browser: Browser, local: &Path, roaming: &Path) -> Vec<PathBuf> {
    let vendor = |parts: &[&str]| {
        let mut p = local.to_path_buf();
        for part in parts {
            p.push(part);
        }
        p.join("User Data")
    };
    match browser {
        Browser::Chrome => vec![vendor(&["Google", "Chrome"])],
        Browser::Chromium => vec![vendor(&["Chromium"])],
        Browser::Edge => vec![vendor(&["Microsoft", "Edge"])],
        Browser::Brave => vec![vendor(&["BraveSoftware", "Brave-Browser"])],
        Browser::Vivaldi => vec![vendor(&["Vivaldi"])],
        Browser::Firefox => vec![roaming.join("Mozilla").join("Firefox")],
    }
}

/// One registry write: the default value of `key` under `HKEY_CURRENT_USER`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegistryValue {
    pub key: String,
    /// The manifest path, as a `REG_SZ` string.
    pub value: String,
}

/// The value `install` writes for a key and a manifest file.
pub fn registry_value(key: &str, manifest: &Path) -> RegistryValue {
    RegistryValue {
        key: key.to_string(),
        value: strip_verbatim(&manifest.to_string_lossy()).to_string(),
    }
}

/// Drops the `\\?\` prefix `canonicalize` adds on Windows (`\\?\C:\x` → `C:\x`,
/// `\\?\UNC\srv\share` → `\\srv\share`), which browsers do not expect.
pub fn strip_verbatim(path: &str) -> std::borrow::Cow<'_, str> {
    if let Some(rest) = path.strip_prefix(r"\\?\UNC\") {
        return format!(r"\\{rest}").into();
    }
    match path.strip_prefix(r"\\?\") {
        Some(rest) if rest.as_bytes().get(1) == Some(&b':') => rest.into(),
        _ => path.into(),
    }
}

/// The registry calls. Real on Windows; elsewhere they are never reached
/// (targets carry a registry key only on Windows) and say so if they are.
#[cfg(windows)]
pub mod registry {
    use windows_registry::CURRENT_USER;

    /// Sets the default value of `key` (creating it).
    pub fn set_default(key: &str, value: &str) -> Result<(), String> {
        let k = CURRENT_USER.create(key).map_err(|e| e.to_string())?;
        k.set_string("", value).map_err(|e| e.to_string())
    }

    /// The default value of `key`, `None` when the key or value is missing.
    pub fn get_default(key: &str) -> Result<Option<String>, String> {
        match CURRENT_USER.open(key) {
            Ok(k) => match k.get_string("") {
                Ok(v) => Ok(Some(v)),
                Err(_) => Ok(None),
            },
            Err(_) => Ok(None),
        }
    }

    /// Removes `key` and anything under it; `Ok(false)` when it was not there.
    pub fn remove(key: &str) -> Result<bool, String> {
        if CURRENT_USER.open(key).is_err() {
            return Ok(false);
        }
        CURRENT_USER
            .remove_tree(key)
            .map(|()| true)
            .map_err(|e| e.to_string())
    }
}

#[cfg(not(windows))]
pub mod registry {
    const NOT_WINDOWS: &str = "the registry exists only on Windows";

    pub fn set_default(_key: &str, _value: &str) -> Result<(), String> {
        Err(NOT_WINDOWS.to_string())
    }

    pub fn get_default(_key: &str) -> Result<Option<String>, String> {
        Err(NOT_WINDOWS.to_string())
    }

    pub fn remove(_key: &str) -> Result<bool, String> {
        Err(NOT_WINDOWS.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_keys_per_browser() {
        let expect = [
            (
                Browser::Chrome,
                r"Software\Google\Chrome\NativeMessagingHosts\org.badgelens.host",
            ),
            (
                Browser::Chromium,
                r"Software\Chromium\NativeMessagingHosts\org.badgelens.host",
            ),
            (
                Browser::Edge,
                r"Software\Microsoft\Edge\NativeMessagingHosts\org.badgelens.host",
            ),
            (
                Browser::Brave,
                r"Software\BraveSoftware\Brave-Browser\NativeMessagingHosts\org.badgelens.host",
            ),
            (
                Browser::Vivaldi,
                r"Software\Vivaldi\NativeMessagingHosts\org.badgelens.host",
            ),
            (
                Browser::Firefox,
                r"Software\Mozilla\NativeMessagingHosts\org.badgelens.host",
            ),
        ];
        for (b, key) in expect {
            assert_eq!(registry_key(b), key);
        }
    }

    #[test]
    fn registry_value_is_the_manifest_path() {
        let data = Path::new(r"C:\Users\u\AppData\Local\badgelens\BadgeLens\data");
        let manifest = manifest_path(Browser::Edge, data);
        let v = registry_value(&registry_key(Browser::Edge), &manifest);
        assert_eq!(
            v.key,
            r"Software\Microsoft\Edge\NativeMessagingHosts\org.badgelens.host"
        );
        // Path::join uses the host's separator; compare through the same join.
        assert_eq!(v.value, manifest.to_string_lossy());
        assert!(v
            .value
            .starts_with(r"C:\Users\u\AppData\Local\badgelens\BadgeLens\data"));
        assert!(v.value.ends_with("org.badgelens.host.json"));
        assert!(v.value.contains("edge"));
        // Each browser gets its own file, so uninstalling one leaves the others.
        assert_ne!(manifest, manifest_path(Browser::Chrome, data));
    }

    #[test]
    fn verbatim_prefixes_are_removed() {
        assert_eq!(
            strip_verbatim(r"\\?\C:\Program Files\b.exe"),
            r"C:\Program Files\b.exe"
        );
        assert_eq!(
            strip_verbatim(r"\\?\UNC\srv\share\b.exe"),
            r"\\srv\share\b.exe"
        );
        assert_eq!(strip_verbatim(r"C:\b.exe"), r"C:\b.exe");
        assert_eq!(
            strip_verbatim("/usr/local/bin/badgelens"),
            "/usr/local/bin/badgelens"
        );
        // A verbatim path that is not a drive path is left alone.
        assert_eq!(strip_verbatim(r"\\?\Volume{x}\b"), r"\\?\Volume{x}\b");
    }

    #[test]
    fn windows_detection_folders() {
        let local = Path::new("L");
        let roaming = Path::new("R");
        assert_eq!(
            detect_dirs(Browser::Chrome, local, roaming),
            vec![local.join("Google").join("Chrome").join("User Data")]
        );
        assert_eq!(
            detect_dirs(Browser::Firefox, local, roaming),
            vec![roaming.join("Mozilla").join("Firefox")]
        );
    }

    /// The real registry (tests/windows/run.sh runs this under Wine).
    #[cfg(windows)]
    #[test]
    fn registry_round_trip() {
        let parent = r"Software\BadgeLens-test";
        let key = format!(r"{parent}\{}", std::process::id());
        let manifest = r"C:\Users\u\AppData\Local\badgelens\org.badgelens.host.json";
        assert_eq!(registry::get_default(&key), Ok(None));
        registry::set_default(&key, manifest).unwrap();
        assert_eq!(registry::get_default(&key), Ok(Some(manifest.to_string())));
        assert_eq!(registry::remove(&key), Ok(true));
        assert_eq!(registry::remove(&key), Ok(false));
        assert_eq!(registry::get_default(&key), Ok(None));
        let _ = registry::remove(parent);
    }

    #[cfg(not(windows))]
    #[test]
    fn registry_calls_refuse_off_windows() {
        assert!(registry::set_default("k", "v").is_err());
        assert!(registry::remove("k").is_err());
    }
}
