//! macOS: per-user manifest folders under `~/Library/Application Support`
//! (developer.chrome.com and MDN "Native manifests").

use std::path::{Path, PathBuf};

use super::Browser;

/// The browser's vendor folder under Application Support.
fn vendor_dir(browser: Browser, app_support: &Path) -> PathBuf {
    match browser {
        Browser::Chrome => app_support.join("Google").join("Chrome"),
        Browser::Chromium => app_support.join("Chromium"),
        Browser::Edge => app_support.join("Microsoft Edge"),
        Browser::Brave => app_support.join("BraveSoftware").join("Brave-Browser"),
        Browser::Vivaldi => app_support.join("Vivaldi"),
        Browser::Firefox => app_support.join("Mozilla"),
    }
}

/// The folder the browser reads native host manifests from;
/// `app_support` is `~/Library/Application Support`.
pub fn manifest_dir(browser: Browser, app_support: &Path) -> PathBuf {
    vendor_dir(browser, app_support).join("NativeMessagingHosts")
}

/// The folder the browser reads for every user of the Mac, relative to the
/// root (developer.chrome.com, Microsoft's and MDN's "Native messaging").
pub fn system_manifest_dir(browser: Browser) -> PathBuf {
    let dir = match browser {
        Browser::Chrome => "Library/Google/Chrome",
        Browser::Chromium => "Library/Application Support/Chromium",
        Browser::Edge => "Library/Microsoft/Edge",
        Browser::Brave => "Library/Application Support/BraveSoftware/Brave-Browser",
        Browser::Vivaldi => "Library/Application Support/Vivaldi",
        Browser::Firefox => "Library/Application Support/Mozilla",
    };
    PathBuf::from(dir).join("NativeMessagingHosts")
}

/// Folders whose presence means the browser has run for this user. Firefox
/// keeps its profiles in `Firefox/`, not in the `Mozilla/` folder it reads
/// manifests from.
pub fn detect_dirs(browser: Browser, app_support: &Path) -> Vec<PathBuf> {
    match browser {
        Browser::Firefox => vec![app_support.join("Firefox"), app_support.join("Mozilla")],
        _ => vec![vendor_dir(browser, app_support)],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn macos_manifest_folders() {
        let support = Path::new("/Users/u/Library/Application Support");
        let expect = [
            (Browser::Chrome, "Google/Chrome/NativeMessagingHosts"),
            (Browser::Chromium, "Chromium/NativeMessagingHosts"),
            (Browser::Edge, "Microsoft Edge/NativeMessagingHosts"),
            (
                Browser::Brave,
                "BraveSoftware/Brave-Browser/NativeMessagingHosts",
            ),
            (Browser::Vivaldi, "Vivaldi/NativeMessagingHosts"),
            (Browser::Firefox, "Mozilla/NativeMessagingHosts"),
        ];
        for (b, rel) in expect {
            assert_eq!(manifest_dir(b, support), support.join(rel), "{b:?}");
        }
        assert!(detect_dirs(Browser::Firefox, support).contains(&support.join("Firefox")));
        assert_eq!(
            detect_dirs(Browser::Edge, support),
            vec![support.join("Microsoft Edge")]
        );
    }

    #[test]
    fn macos_targets_use_application_support() {
        use super::super::paths::{target, Dirs, Os};
        let d = Dirs {
            home: "/Users/u".into(),
            config: "/Users/u/Library/Application Support".into(),
            data: "/Users/u/Library/Application Support".into(),
            data_local: "/Users/u/Library/Application Support".into(),
            app_data_local: "/Users/u/Library/Application Support/org.badgelens.BadgeLens".into(),
            root: "/".into(),
        };
        let t = target(Os::MacOs, Browser::Chrome, &d);
        assert_eq!(
            t.manifest,
            Path::new("/Users/u/Library/Application Support/Google/Chrome/NativeMessagingHosts/org.badgelens.host.json")
        );
        assert_eq!(t.registry_key, None);
    }
}
