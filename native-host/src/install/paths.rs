//! Where each browser looks for the manifest, as a pure function of the OS
//! and the user's folders, so the Linux, macOS and Windows layouts are all
//! tested on every OS. The folders come from the `directories` crate, which
//! follows `HOME` (and `XDG_CONFIG_HOME` on Linux, as Chrome does), so tests
//! point `HOME` at a temporary folder.

use std::path::PathBuf;

use super::{linux, macos, windows, Browser};

/// The operating systems with different manifest layouts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Os {
    /// Linux and the other free Unixes (Chrome and Firefox use the same layout there).
    Linux,
    MacOs,
    Windows,
}

impl Os {
    pub fn current() -> Os {
        if cfg!(windows) {
            Os::Windows
        } else if cfg!(target_os = "macos") {
            Os::MacOs
        } else {
            Os::Linux
        }
    }
}

/// The user's folders that decide the layout.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dirs {
    /// `~`.
    pub home: PathBuf,
    /// Linux `$XDG_CONFIG_HOME` or `~/.config`; macOS `~/Library/Application Support`; Windows `%APPDATA%`.
    pub config: PathBuf,
    /// macOS `~/Library/Application Support`; Windows `%APPDATA%` (roaming).
    pub data: PathBuf,
    /// Windows `%LOCALAPPDATA%` (where Chrome-family profiles live).
    pub data_local: PathBuf,
    /// BadgeLens's own local data folder: where the Windows manifests are
    /// written (the registry only points at them).
    pub app_data_local: PathBuf,
    /// The file system root, for `/snap/bin` (a parameter so tests can fake it).
    pub root: PathBuf,
}

impl Dirs {
    /// The current user's folders; `None` without a home folder.
    pub fn from_env() -> Option<Dirs> {
        let base = directories::BaseDirs::new()?;
        let project = crate::config::project_dirs()?;
        Some(Dirs {
            home: base.home_dir().to_path_buf(),
            config: base.config_dir().to_path_buf(),
            data: base.data_dir().to_path_buf(),
            data_local: base.data_local_dir().to_path_buf(),
            app_data_local: project.data_local_dir().to_path_buf(),
            root: PathBuf::from("/"),
        })
    }
}

/// Whose registration: this user's, or every user's of the machine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// The user's own folders (or `HKEY_CURRENT_USER`): `badgelens install`.
    User,
    /// The machine-wide folders a package installs into: `badgelens install --system`.
    System,
}

impl Scope {
    pub fn label(self) -> &'static str {
        match self {
            Scope::User => "per-user",
            Scope::System => "system-wide",
        }
    }
}

/// Where one browser reads the BadgeLens manifest for this user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub browser: Browser,
    pub scope: Scope,
    /// The manifest file (on Windows, the file the registry key names).
    pub manifest: PathBuf,
    /// Windows only: the key under `HKEY_CURRENT_USER` whose default value names `manifest`.
    pub registry_key: Option<String>,
    /// Folders whose presence means this user has the browser.
    pub detect: Vec<PathBuf>,
}

impl Target {
    /// Does this user have the browser (one of its profile folders exists)?
    pub fn is_detected(&self) -> bool {
        self.detect.iter().any(|d| d.is_dir())
    }
}

/// Every browser's target on `os`, in [`Browser::ALL`] order.
pub fn targets(os: Os, dirs: &Dirs) -> Vec<Target> {
    Browser::ALL.iter().map(|&b| target(os, b, dirs)).collect()
}

/// One browser's target on `os`.
pub fn target(os: Os, browser: Browser, dirs: &Dirs) -> Target {
    let file = super::MANIFEST_FILE;
    match os {
        Os::Linux => Target {
            browser,
            scope: Scope::User,
            manifest: linux::manifest_dir(browser, &dirs.home, &dirs.config).join(file),
            registry_key: None,
            detect: linux::detect_dirs(browser, &dirs.home, &dirs.config),
        },
        Os::MacOs => Target {
            browser,
            scope: Scope::User,
            manifest: macos::manifest_dir(browser, &dirs.data).join(file),
            registry_key: None,
            detect: macos::detect_dirs(browser, &dirs.data),
        },
        Os::Windows => Target {
            browser,
            scope: Scope::User,
            manifest: windows::manifest_path(browser, &dirs.app_data_local),
            registry_key: Some(windows::registry_key(browser)),
            detect: windows::detect_dirs(browser, &dirs.data_local, &dirs.data),
        },
    }
}

/// Every browser's system-wide target on `os`, in [`Browser::ALL`] order,
/// under `root` (`/` outside tests). Empty on Windows, where a machine-wide
/// registration lives under `HKEY_LOCAL_MACHINE`: the Windows package
/// registers per user (`badgelens install`), which needs no administrator.
pub fn system_targets(os: Os, root: &std::path::Path) -> Vec<Target> {
    let dir = |b| match os {
        Os::Linux => Some(linux::system_manifest_dir(b)),
        Os::MacOs => Some(macos::system_manifest_dir(b)),
        Os::Windows => None,
    };
    Browser::ALL
        .iter()
        .filter_map(|&browser| {
            let rel = dir(browser)?;
            Some(Target {
                browser,
                scope: Scope::System,
                manifest: root.join(rel).join(super::MANIFEST_FILE),
                registry_key: None,
                detect: Vec::new(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn fake_dirs() -> Dirs {
        Dirs {
            home: PathBuf::from("/home/u"),
            config: PathBuf::from("/home/u/.config"),
            data: PathBuf::from("/home/u/Library/Application Support"),
            data_local: PathBuf::from("/home/u/AppData/Local"),
            app_data_local: PathBuf::from("/home/u/AppData/Local/badgelens/BadgeLens/data"),
            root: PathBuf::from("/"),
        }
    }

    #[test]
    fn every_os_has_a_target_per_browser_named_after_the_host() {
        for os in [Os::Linux, Os::MacOs, Os::Windows] {
            let t = targets(os, &fake_dirs());
            assert_eq!(t.len(), Browser::ALL.len());
            for (t, b) in t.iter().zip(Browser::ALL) {
                assert_eq!(t.browser, b);
                assert_eq!(
                    t.manifest.file_name().and_then(|n| n.to_str()),
                    Some("org.badgelens.host.json")
                );
                assert_eq!(t.registry_key.is_some(), os == Os::Windows);
                assert!(!t.detect.is_empty());
            }
        }
    }

    #[test]
    fn system_layout_has_one_folder_per_browser_under_the_root() {
        let root = Path::new("/fake");
        let linux = system_targets(Os::Linux, root);
        assert_eq!(linux.len(), Browser::ALL.len());
        let chromium = linux
            .iter()
            .find(|t| t.browser == Browser::Chromium)
            .unwrap();
        assert_eq!(
            chromium.manifest,
            Path::new("/fake/etc/chromium/native-messaging-hosts/org.badgelens.host.json")
        );
        let firefox = linux
            .iter()
            .find(|t| t.browser == Browser::Firefox)
            .unwrap();
        assert_eq!(
            firefox.manifest,
            Path::new("/fake/usr/lib/mozilla/native-messaging-hosts/org.badgelens.host.json")
        );
        let mut folders: Vec<_> = linux.iter().map(|t| t.manifest.parent().unwrap()).collect();
        folders.sort();
        folders.dedup();
        assert_eq!(
            folders.len(),
            Browser::ALL.len(),
            "each browser has its own folder"
        );
        assert!(linux
            .iter()
            .all(|t| t.scope == Scope::System && t.detect.is_empty()));
        let mac = system_targets(Os::MacOs, Path::new("/"));
        assert_eq!(
            mac.iter()
                .find(|t| t.browser == Browser::Chrome)
                .unwrap()
                .manifest,
            Path::new("/Library/Google/Chrome/NativeMessagingHosts/org.badgelens.host.json")
        );
        assert!(system_targets(Os::Windows, root).is_empty());
    }

    #[test]
    fn linux_layout() {
        let t = target(Os::Linux, Browser::Chrome, &fake_dirs());
        assert_eq!(
            t.manifest,
            Path::new("/home/u/.config/google-chrome/NativeMessagingHosts/org.badgelens.host.json")
        );
        let t = target(Os::Linux, Browser::Firefox, &fake_dirs());
        assert_eq!(
            t.manifest,
            Path::new("/home/u/.mozilla/native-messaging-hosts/org.badgelens.host.json")
        );
    }

    #[test]
    fn detection_follows_existing_folders() {
        let tmp = tempfile::tempdir().unwrap();
        let mut d = fake_dirs();
        d.home = tmp.path().to_path_buf();
        d.config = tmp.path().join(".config");
        let t = target(Os::Linux, Browser::Brave, &d);
        assert!(!t.is_detected());
        std::fs::create_dir_all(tmp.path().join(".config/BraveSoftware/Brave-Browser")).unwrap();
        assert!(t.is_detected());
    }
}
