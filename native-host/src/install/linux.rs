//! Linux (and the other free Unixes): per-user manifest folders, and the
//! sandboxed browser packages (snap, flatpak) that cannot start a host
//! outside their sandbox.
//!
//! Chrome-family browsers read `<config>/<browser>/NativeMessagingHosts/`,
//! where `<config>` is `$XDG_CONFIG_HOME` or `~/.config`; Firefox reads
//! `~/.mozilla/native-messaging-hosts/` (developer.chrome.com and MDN
//! "Native manifests").

use std::path::{Path, PathBuf};

use super::Browser;

/// The browser's own folder under `config` (Chrome family) or `home` (Firefox).
fn browser_dir(browser: Browser, home: &Path, config: &Path) -> PathBuf {
    match browser {
        Browser::Chrome => config.join("google-chrome"),
        Browser::Chromium => config.join("chromium"),
        Browser::Edge => config.join("microsoft-edge"),
        Browser::Brave => config.join("BraveSoftware").join("Brave-Browser"),
        Browser::Vivaldi => config.join("vivaldi"),
        Browser::Firefox => home.join(".mozilla"),
    }
}

/// The folder the browser reads native host manifests from.
pub fn manifest_dir(browser: Browser, home: &Path, config: &Path) -> PathBuf {
    let dir = browser_dir(browser, home, config);
    match browser {
        Browser::Firefox => dir.join("native-messaging-hosts"),
        _ => dir.join("NativeMessagingHosts"),
    }
}

/// The folder the browser reads for every user of the machine, relative to
/// the root: where the Debian package registers BadgeLens (`install
/// --system`). Chrome and Chromium choose theirs by branding (Chromium's
/// `chrome_paths.cc`); Edge, Brave and Vivaldi keep their own under
/// `/etc/opt`, as their packagers and browserpass's installer use; Firefox
/// reads `/usr/lib/mozilla` on Debian and most distributions (MDN).
pub fn system_manifest_dir(browser: Browser) -> PathBuf {
    PathBuf::from(match browser {
        Browser::Chrome => "etc/opt/chrome/native-messaging-hosts",
        Browser::Chromium => "etc/chromium/native-messaging-hosts",
        Browser::Edge => "etc/opt/edge/native-messaging-hosts",
        Browser::Brave => "etc/opt/brave/native-messaging-hosts",
        Browser::Vivaldi => "etc/opt/vivaldi/native-messaging-hosts",
        Browser::Firefox => "usr/lib/mozilla/native-messaging-hosts",
    })
}

/// Folders whose presence means the browser has run for this user. Firefox
/// 147 and later keep new profiles in `<config>/mozilla` (XDG) but still read
/// native hosts from `~/.mozilla/native-messaging-hosts` only (Mozilla bug
/// 2005167), so either folder means Firefox is here. So does the Firefox
/// snap's `~/snap/firefox`: through the WebExtensions portal it reads the
/// same `~/.mozilla` manifest.
pub fn detect_dirs(browser: Browser, home: &Path, config: &Path) -> Vec<PathBuf> {
    match browser {
        Browser::Firefox => vec![
            browser_dir(browser, home, config),
            config.join("mozilla"),
            home.join("snap").join("firefox"),
        ],
        _ => vec![browser_dir(browser, home, config)],
    }
}

/// How a sandboxed browser was packaged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SandboxKind {
    Snap,
    Flatpak,
}

/// A browser found in a sandbox package, with what to tell the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sandboxed {
    pub browser: Browser,
    pub kind: SandboxKind,
    /// What was found (a folder or `/snap/bin/...`).
    pub evidence: PathBuf,
}

/// Where BadgeLens explains sandboxed browsers (kept with the manifests).
pub const SANDBOX_HELP: &str =
    "https://github.com/badgelens/badgelens/blob/main/manifests/README.md#sandboxed-browsers";

impl Sandboxed {
    /// Plain advice: what does not work, and what to do.
    pub fn advice(&self) -> String {
        let name = self.browser.label();
        match (self.kind, self.browser) {
            (SandboxKind::Snap, Browser::Firefox) => format!(
                "{name} is installed as a snap ({}). A snap cannot start programs outside its \
                 sandbox; it can reach BadgeLens only through the desktop's WebExtensions portal \
                 (recent Ubuntu releases), which asks you once for permission. If the extension \
                 still says \"host not installed\", install Firefox from Mozilla's .deb or \
                 tarball instead. See {SANDBOX_HELP}",
                self.evidence.display()
            ),
            (SandboxKind::Snap, _) => format!(
                "{name} is installed as a snap ({}). A snap cannot start programs outside its \
                 sandbox, so BadgeLens cannot work with it. Use Google Chrome, or a {name} \
                 package that is not a snap. See {SANDBOX_HELP}",
                self.evidence.display()
            ),
            (SandboxKind::Flatpak, _) => format!(
                "{name} is installed as a flatpak ({}). A flatpak cannot start programs outside \
                 its sandbox without extra steps (a manifest inside the sandbox and a wrapper \
                 run through flatpak-spawn --host, which needs the \
                 --talk-name=org.freedesktop.Flatpak permission). BadgeLens does not set this up \
                 for you: install {name} from a .deb or .rpm package instead, or see \
                 {SANDBOX_HELP}",
                self.evidence.display()
            ),
        }
    }
}

/// Flatpak application ids of the supported browsers.
pub const FLATPAK_APPS: &[(Browser, &str)] = &[
    (Browser::Chrome, "com.google.Chrome"),
    (Browser::Chromium, "org.chromium.Chromium"),
    (Browser::Edge, "com.microsoft.Edge"),
    (Browser::Brave, "com.brave.Browser"),
    (Browser::Vivaldi, "com.vivaldi.Vivaldi"),
    (Browser::Firefox, "org.mozilla.firefox"),
];

/// Snap package names of the supported browsers.
const SNAPS: &[(Browser, &str)] = &[
    (Browser::Chromium, "chromium"),
    (Browser::Firefox, "firefox"),
    (Browser::Brave, "brave"),
];

/// Sandboxed browsers this user has: a snap's `/snap/bin/<name>` or
/// `~/snap/<name>/`, a flatpak's `~/.var/app/<app-id>/`.
pub fn sandboxed(home: &Path, root: &Path) -> Vec<Sandboxed> {
    let mut out = Vec::new();
    for &(browser, snap) in SNAPS {
        let candidates = [
            root.join("snap").join("bin").join(snap),
            home.join("snap").join(snap),
        ];
        if let Some(found) = candidates.into_iter().find(|p| p.exists()) {
            out.push(Sandboxed {
                browser,
                kind: SandboxKind::Snap,
                evidence: found,
            });
        }
    }
    for &(browser, app) in FLATPAK_APPS {
        let dir = home.join(".var").join("app").join(app);
        if dir.is_dir() {
            out.push(Sandboxed {
                browser,
                kind: SandboxKind::Flatpak,
                evidence: dir,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chrome_family_follows_config_firefox_follows_home() {
        let home = Path::new("/home/u");
        let config = Path::new("/xdg/config");
        let expect = [
            (
                Browser::Chrome,
                "/xdg/config/google-chrome/NativeMessagingHosts",
            ),
            (
                Browser::Chromium,
                "/xdg/config/chromium/NativeMessagingHosts",
            ),
            (
                Browser::Edge,
                "/xdg/config/microsoft-edge/NativeMessagingHosts",
            ),
            (
                Browser::Brave,
                "/xdg/config/BraveSoftware/Brave-Browser/NativeMessagingHosts",
            ),
            (Browser::Vivaldi, "/xdg/config/vivaldi/NativeMessagingHosts"),
            (Browser::Firefox, "/home/u/.mozilla/native-messaging-hosts"),
        ];
        for (b, dir) in expect {
            assert_eq!(manifest_dir(b, home, config), Path::new(dir), "{b:?}");
        }
    }

    #[test]
    fn xdg_and_snap_firefox_count_as_firefox() {
        let d = detect_dirs(Browser::Firefox, Path::new("/h"), Path::new("/h/.config"));
        assert_eq!(
            d,
            vec![
                PathBuf::from("/h/.mozilla"),
                PathBuf::from("/h/.config/mozilla"),
                PathBuf::from("/h/snap/firefox"),
            ]
        );
        // ...while the manifest still goes where Firefox reads it.
        assert_eq!(
            manifest_dir(Browser::Firefox, Path::new("/h"), Path::new("/h/.config")),
            Path::new("/h/.mozilla/native-messaging-hosts")
        );
    }

    #[test]
    fn finds_snap_and_flatpak_browsers() {
        let tmp = tempfile::tempdir().unwrap();
        let home = tmp.path().join("home");
        let root = tmp.path().join("root");
        assert!(sandboxed(&home, &root).is_empty());
        std::fs::create_dir_all(root.join("snap/bin")).unwrap();
        std::fs::write(root.join("snap/bin/chromium"), b"").unwrap();
        std::fs::create_dir_all(home.join("snap/firefox/common")).unwrap();
        std::fs::create_dir_all(home.join(".var/app/com.brave.Browser")).unwrap();
        let found = sandboxed(&home, &root);
        let kinds: Vec<_> = found.iter().map(|s| (s.browser, s.kind)).collect();
        assert_eq!(
            kinds,
            vec![
                (Browser::Chromium, SandboxKind::Snap),
                (Browser::Firefox, SandboxKind::Snap),
                (Browser::Brave, SandboxKind::Flatpak),
            ]
        );
        assert_eq!(found[0].evidence, root.join("snap/bin/chromium"));
        for s in &found {
            let a = s.advice();
            assert!(a.contains(SANDBOX_HELP) && a.contains("sandbox"), "{a}");
        }
        assert!(found[0].advice().contains("cannot work with it"));
        assert!(found[2].advice().contains("flatpak-spawn --host"));
    }
}
