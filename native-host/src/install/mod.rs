//! Registering the native messaging host with browsers: `install`,
//! `uninstall` and `doctor`.
//!
//! A browser finds a native host through a small JSON manifest named after
//! the host (`org.badgelens.host.json`) in a per-browser directory (Linux,
//! macOS) or through a registry key naming that file (Windows). One renderer
//! writes the manifest for both browser families ([`manifest`]); where it goes
//! is a pure function of the OS and the user's directories ([`paths`], with
//! [`linux`], [`macos`] and [`windows`]), so every OS's layout is tested on
//! every OS. Only the registry calls themselves are Windows-only code.
//!
//! The people reading this output are often not developers (an IT person
//! helping a recruiter whose extension says "host not installed"), so every
//! message says what happened and what to do next, in plain words.

pub mod doctor;
pub mod linux;
pub mod macos;
pub mod manifest;
pub mod paths;
pub mod safety;
pub mod windows;

use manifest::{ExtensionIds, Family};
use paths::{Dirs, Os, Scope, Target};
use std::io;
use std::path::{Path, PathBuf};

/// The native messaging host name (PROTOCOL.md "Names").
pub const HOST_NAME: &str = "org.badgelens.host";
/// The manifest's file name: browsers look the host up by this exact name.
pub const MANIFEST_FILE: &str = "org.badgelens.host.json";
/// The Chrome-family id of the development build, derived from the `key` in
/// `extension/manifest.json` (a test re-derives it from that file).
pub const DEV_EXTENSION_ID: &str = "peadbbggjabpafmgipjcgfolomncnjml";
/// The Firefox add-on id (`browser_specific_settings.gecko.id`).
pub const FIREFOX_ADDON_ID: &str = "badgelens@badgelens.org";

/// The browsers BadgeLens registers with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Browser {
    Chrome,
    Chromium,
    Edge,
    Brave,
    Vivaldi,
    Firefox,
}

impl Browser {
    pub const ALL: [Browser; 6] = [
        Browser::Chrome,
        Browser::Chromium,
        Browser::Edge,
        Browser::Brave,
        Browser::Vivaldi,
        Browser::Firefox,
    ];

    /// The name used on the command line (`--browser NAME`).
    pub fn name(self) -> &'static str {
        match self {
            Browser::Chrome => "chrome",
            Browser::Chromium => "chromium",
            Browser::Edge => "edge",
            Browser::Brave => "brave",
            Browser::Vivaldi => "vivaldi",
            Browser::Firefox => "firefox",
        }
    }

    /// The name people know the browser by.
    pub fn label(self) -> &'static str {
        match self {
            Browser::Chrome => "Google Chrome",
            Browser::Chromium => "Chromium",
            Browser::Edge => "Microsoft Edge",
            Browser::Brave => "Brave",
            Browser::Vivaldi => "Vivaldi",
            Browser::Firefox => "Firefox",
        }
    }

    /// Which manifest dialect the browser reads.
    pub fn family(self) -> Family {
        match self {
            Browser::Firefox => Family::Firefox,
            _ => Family::Chrome,
        }
    }

    /// Parses a `--browser` value (case-insensitive, a few common aliases).
    pub fn parse(name: &str) -> Option<Browser> {
        match name.trim().to_ascii_lowercase().as_str() {
            "chrome" | "google-chrome" => Some(Browser::Chrome),
            "chromium" => Some(Browser::Chromium),
            "edge" | "msedge" | "microsoft-edge" => Some(Browser::Edge),
            "brave" => Some(Browser::Brave),
            "vivaldi" => Some(Browser::Vivaldi),
            "firefox" => Some(Browser::Firefox),
            _ => None,
        }
    }
}

/// Why install, uninstall or doctor could not do their job.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum InstallError {
    /// A `--browser` value that names no supported browser (usage error).
    #[error("unknown browser {0:?}: choose from chrome, chromium, edge, brave, vivaldi, firefox")]
    UnknownBrowser(String),
    /// An `--extension-id` that is neither a Chrome id nor a Firefox add-on id (usage error).
    #[error("{0:?} is not an extension id: a Chrome-family id is 32 letters a to p, a Firefox id looks like name@example.org or {{uuid}}")]
    BadExtensionId(String),
    /// `--user-data-dir` combined with Firefox, which never reads manifests from a profile (usage error).
    #[error("--user-data-dir is for Chrome-family browsers only: Firefox does not read native hosts from a profile folder")]
    UserDataDirNotChrome,
    /// The OS would not say where this program is.
    #[error("cannot find where this program is: {0}")]
    NoProgramPath(io::Error),
    /// The program path is relative, which browsers refuse (Linux, macOS) or misread.
    #[error("this program's path {0} is not absolute; browsers need an absolute path")]
    RelativeProgramPath(PathBuf),
    /// The program path is not UTF-8, so it cannot be written into a JSON manifest faithfully.
    #[error("this program's path {0} is not valid UTF-8; move it to a plain folder such as /usr/local/bin")]
    NonUtf8ProgramPath(PathBuf),
    /// No home directory, so there is nowhere per-user to write.
    #[error("cannot find your home folder (is HOME set?)")]
    NoHome,
    /// Writing a manifest failed.
    #[error("cannot write {path}: {source}")]
    Write { path: PathBuf, source: io::Error },
    /// Removing a manifest failed.
    #[error("cannot remove {path}: {source}")]
    Remove { path: PathBuf, source: io::Error },
    /// Others could replace the program, so registering it would let them run code as this user.
    #[error("refusing to register {program}: {why}")]
    UnsafeProgram { program: PathBuf, why: String },
    /// `--system` with `--user-data-dir`: a profile folder belongs to one user (usage error).
    #[error(
        "--system and --user-data-dir cannot go together: a profile folder belongs to one user"
    )]
    SystemWithUserDataDir,
    /// `--system` on Windows, where BadgeLens registers per user (no administrator needed).
    #[error("--system is for Linux and macOS; on Windows run `badgelens install` as the user who browses (no administrator rights needed)")]
    SystemUnsupported,
    /// A system-wide folder is not writable by this user.
    #[error("cannot write {path}: registering for every user needs root (run it with sudo), or run `badgelens install` without --system for yourself")]
    NeedsRoot { path: PathBuf },
    /// A registry call failed (Windows).
    #[error("cannot update the registry key HKEY_CURRENT_USER\\{key}: {message}")]
    Registry { key: String, message: String },
}

impl InstallError {
    /// Errors that mean "the command line was wrong": exit 64.
    pub fn is_usage(&self) -> bool {
        matches!(
            self,
            InstallError::UnknownBrowser(_)
                | InstallError::BadExtensionId(_)
                | InstallError::UserDataDirNotChrome
                | InstallError::SystemWithUserDataDir
        )
    }
}

/// Parses `--browser` values, keeping order and dropping repeats.
pub fn parse_browsers(names: &[String]) -> Result<Vec<Browser>, InstallError> {
    let mut out = Vec::new();
    for name in names {
        // `--browser chrome,firefox` is accepted too: people type it.
        for part in name.split(',').filter(|p| !p.trim().is_empty()) {
            let b =
                Browser::parse(part).ok_or_else(|| InstallError::UnknownBrowser(part.into()))?;
            if !out.contains(&b) {
                out.push(b);
            }
        }
    }
    Ok(out)
}

/// The absolute, canonical path of the running program: what `path` in the
/// manifest must name. Browsers on Linux and macOS refuse a relative path.
pub fn program_path() -> Result<String, InstallError> {
    let exe = std::env::current_exe().map_err(InstallError::NoProgramPath)?;
    let exe = exe.canonicalize().map_err(InstallError::NoProgramPath)?;
    program_path_text(&exe)
}

/// Checks and spells a program path for a manifest (pure, for tests).
pub fn program_path_text(exe: &Path) -> Result<String, InstallError> {
    let text = exe
        .to_str()
        .ok_or_else(|| InstallError::NonUtf8ProgramPath(exe.to_path_buf()))?;
    // canonicalize() on Windows yields `\\?\C:\...`, which browsers do not expect.
    let text = windows::strip_verbatim(text);
    if !exe.is_absolute() {
        return Err(InstallError::RelativeProgramPath(exe.to_path_buf()));
    }
    Ok(text.to_string())
}

/// One manifest to write or remove.
#[derive(Debug, Clone, PartialEq)]
struct Planned {
    /// Who reads it (`None`: a Chrome-family `--user-data-dir`).
    browser: Option<Browser>,
    manifest: PathBuf,
    registry_key: Option<String>,
}

impl Planned {
    fn title(&self) -> String {
        match self.browser {
            Some(b) => b.label().to_string(),
            None => "Chrome-family browser started with --user-data-dir".to_string(),
        }
    }

    fn family(&self) -> Family {
        self.browser.map_or(Family::Chrome, Browser::family)
    }

    fn from_target(t: &Target) -> Planned {
        Planned {
            browser: Some(t.browser),
            manifest: t.manifest.clone(),
            registry_key: t.registry_key.clone(),
        }
    }

    fn for_user_data_dir(dir: &Path) -> Planned {
        Planned {
            browser: None,
            manifest: dir.join("NativeMessagingHosts").join(MANIFEST_FILE),
            registry_key: None,
        }
    }
}

/// Decides what `install` or `uninstall` touches.
///
/// Without `--browser`, `install` writes for every browser whose profile
/// folder exists for this user: writing into the folders of browsers that
/// are not there would create them (other tools then think the browser is
/// installed) and would list places the user cannot check. If none is found
/// it writes nothing and says how to name one. `uninstall` without
/// `--browser` removes every BadgeLens manifest it finds, found browser or not.
///
/// System-wide (`--system`), `install` writes for every browser without
/// looking for it: the machine's users and browsers come and go, and the
/// package that calls it must not depend on who ran it.
fn plan(
    browsers: &[Browser],
    user_data_dir: Option<&Path>,
    for_install: bool,
    scope: Scope,
) -> Result<Vec<Planned>, InstallError> {
    if scope == Scope::System {
        if user_data_dir.is_some() {
            return Err(InstallError::SystemWithUserDataDir);
        }
        let targets = paths::system_targets(Os::current(), Path::new("/"));
        if targets.is_empty() {
            return Err(InstallError::SystemUnsupported);
        }
        return Ok(targets
            .iter()
            .filter(|t| browsers.is_empty() || browsers.contains(&t.browser))
            .map(Planned::from_target)
            .collect());
    }
    if let Some(dir) = user_data_dir {
        if browsers.iter().any(|b| b.family() == Family::Firefox) {
            return Err(InstallError::UserDataDirNotChrome);
        }
        return Ok(vec![Planned::for_user_data_dir(dir)]);
    }
    let dirs = Dirs::from_env().ok_or(InstallError::NoHome)?;
    let targets = paths::targets(Os::current(), &dirs);
    let chosen: Vec<&Target> = if !browsers.is_empty() {
        browsers
            .iter()
            .filter_map(|b| targets.iter().find(|t| t.browser == *b))
            .collect()
    } else if for_install {
        targets.iter().filter(|t| t.is_detected()).collect()
    } else {
        targets.iter().collect()
    };
    Ok(chosen.into_iter().map(Planned::from_target).collect())
}

/// A failure for one browser that did not stop the others.
#[derive(Debug)]
pub struct Failure {
    pub title: String,
    pub error: InstallError,
}

/// A manifest `install --dry-run` would write.
#[derive(Debug, Clone, PartialEq)]
pub struct WouldWrite {
    pub title: String,
    pub manifest: PathBuf,
    /// The registry value that would point at it (Windows).
    pub registry: Option<windows::RegistryValue>,
    /// The manifest text.
    pub text: String,
}

/// A registration `install` made.
#[derive(Debug, Clone, PartialEq)]
pub struct Registered {
    pub label: &'static str,
    pub manifest: PathBuf,
    /// The program the manifest named before, when it was another one.
    pub previous: Option<String>,
}

/// What `install` did (or, for a dry run, would do). The CLI prints
/// [`InstallReport::render`] and the failures.
#[derive(Debug)]
pub enum InstallReport {
    /// No browser was named and none was found: nothing was written.
    NoBrowserFound,
    DryRun {
        program: String,
        would_write: Vec<WouldWrite>,
        notes: Vec<String>,
    },
    Done {
        program: String,
        scope: Scope,
        registered: Vec<Registered>,
        failures: Vec<Failure>,
        notes: Vec<String>,
    },
}

impl InstallReport {
    /// Every registration asked for was made (or would be, for a dry run).
    pub fn succeeded(&self) -> bool {
        match self {
            InstallReport::NoBrowserFound => false,
            InstallReport::DryRun { .. } => true,
            InstallReport::Done { failures, .. } => failures.is_empty(),
        }
    }

    pub fn failures(&self) -> &[Failure] {
        match self {
            InstallReport::Done { failures, .. } => failures,
            _ => &[],
        }
    }

    /// The text for the person installing (failures are not in it: they go to stderr).
    pub fn render(&self) -> String {
        let mut s = String::new();
        match self {
            InstallReport::NoBrowserFound => {
                s.push_str("No supported browser was found for this user.\n");
                s.push_str("Looked for: Chrome, Chromium, Edge, Brave, Vivaldi and Firefox profile folders.\n");
                s.push_str("To install anyway, name the browser: badgelens install --browser chrome (or chromium, edge, brave, vivaldi, firefox).\n");
            }
            InstallReport::DryRun {
                would_write, notes, ..
            } => {
                for w in would_write {
                    s.push_str(&format!(
                        "{}: would write {}\n",
                        w.title,
                        w.manifest.display()
                    ));
                    if let Some(v) = &w.registry {
                        s.push_str(&format!(
                            "{}: would set HKEY_CURRENT_USER\\{} (Default) = {}\n",
                            w.title, v.key, v.value
                        ));
                    }
                    s.push_str(&w.text);
                }
                s.push_str("Dry run: nothing was written.\n");
                notes.iter().for_each(|n| s.push_str(n));
            }
            InstallReport::Done {
                program,
                scope,
                registered,
                notes,
                ..
            } => {
                if !registered.is_empty() {
                    s.push_str(match scope {
                        Scope::User => "BadgeLens is now registered with:\n",
                        Scope::System => {
                            "BadgeLens is now registered for every user of this machine with:\n"
                        }
                    });
                    for r in registered {
                        s.push_str(&format!("  {:<15} {}\n", r.label, r.manifest.display()));
                        if let Some(old) = &r.previous {
                            s.push_str(&format!("  {:<15} (it pointed at {old} before)\n", ""));
                        }
                    }
                    s.push_str(&format!("Program: {program}\n"));
                    s.push_str(
                        "If you move or delete this program, run `badgelens install` again.\n",
                    );
                    s.push_str("Check it with: badgelens doctor\n");
                }
                notes.iter().for_each(|n| s.push_str(n));
            }
        }
        s
    }
}

/// `badgelens install`: registers the running program with the browsers
/// named (or found), see the module docs and PROTOCOL.md "Command line".
/// Refuses a program others could replace ([`safety`]).
pub fn install(
    browsers: &[String],
    extension_id: Option<&str>,
    user_data_dir: Option<&Path>,
    dry_run: bool,
    scope: Scope,
) -> Result<InstallReport, InstallError> {
    let browsers = parse_browsers(browsers)?;
    let ids = ExtensionIds::from_option(extension_id)?;
    let planned = plan(&browsers, user_data_dir, true, scope)?;
    if planned.is_empty() {
        return Ok(InstallReport::NoBrowserFound);
    }
    let program = program_path()?;
    safety::check(Path::new(&program)).map_err(|why| InstallError::UnsafeProgram {
        program: PathBuf::from(&program),
        why,
    })?;
    let mut notes = sandbox_notes();
    if dry_run {
        let would_write = planned
            .iter()
            .map(|p| WouldWrite {
                title: p.title(),
                manifest: p.manifest.clone(),
                registry: p
                    .registry_key
                    .as_ref()
                    .map(|key| windows::registry_value(key, &p.manifest)),
                text: manifest::render(p.family(), &program, &ids),
            })
            .collect();
        return Ok(InstallReport::DryRun {
            program,
            would_write,
            notes,
        });
    }
    let mut registered = Vec::new();
    let mut failures = Vec::new();
    for p in &planned {
        let text = manifest::render(p.family(), &program, &ids);
        let previous = previous_program(&p.manifest).filter(|old| *old != program);
        match write_one(p, &text) {
            Ok(()) => registered.push(Registered {
                label: short_title(p),
                manifest: p.manifest.clone(),
                previous,
            }),
            Err(error) if needs_root(&error, scope) => return Err(as_needs_root(error)),
            Err(error) => failures.push(Failure {
                title: p.title(),
                error,
            }),
        }
    }
    if user_data_dir.is_some() && Os::current() == Os::Windows {
        notes.push(
            "Note: on Windows, browsers find native hosts through the registry, not the user data folder.\n"
                .to_string(),
        );
    }
    Ok(InstallReport::Done {
        program,
        scope,
        registered,
        failures,
        notes,
    })
}

/// A system-wide folder this user may not write: one clear error, not six.
fn needs_root(e: &InstallError, scope: Scope) -> bool {
    scope == Scope::System
        && matches!(e, InstallError::Write { source, .. } | InstallError::Remove { source, .. }
            if source.kind() == io::ErrorKind::PermissionDenied)
}

/// The error a refused system-wide write or removal becomes.
fn as_needs_root(e: InstallError) -> InstallError {
    match e {
        InstallError::Write { path, .. } | InstallError::Remove { path, .. } => {
            InstallError::NeedsRoot { path }
        }
        other => other,
    }
}

/// Linux: names the snap and flatpak browsers that cannot start the host as
/// installed, so the person installing knows before the extension says so.
fn sandbox_notes() -> Vec<String> {
    if Os::current() != Os::Linux {
        return Vec::new();
    }
    Dirs::from_env()
        .map(|dirs| {
            linux::sandboxed(&dirs.home, &dirs.root)
                .iter()
                .map(|s| doctor::wrap("Note: ", &s.advice(), "      "))
                .collect()
        })
        .unwrap_or_default()
}

/// The program an existing manifest names, so `install` can say what it replaced.
fn previous_program(manifest: &Path) -> Option<String> {
    let text = std::fs::read_to_string(manifest).ok()?;
    let v: serde_json::Value = serde_json::from_str(&text).ok()?;
    v.get("path")?.as_str().map(str::to_string)
}

fn short_title(p: &Planned) -> &'static str {
    p.browser.map_or("--user-data-dir", Browser::label)
}

/// Writes one manifest atomically (a temporary file renamed into place, so a
/// browser never reads half a file) and, on Windows, its registry key.
fn write_one(p: &Planned, text: &str) -> Result<(), InstallError> {
    let write_err = |source| InstallError::Write {
        path: p.manifest.clone(),
        source,
    };
    let dir = p
        .manifest
        .parent()
        .ok_or_else(|| write_err(io::Error::other("no parent folder")))?;
    std::fs::create_dir_all(dir).map_err(write_err)?;
    let tmp = dir.join(format!(".{MANIFEST_FILE}.{}.tmp", std::process::id()));
    std::fs::write(&tmp, text).map_err(write_err)?;
    if let Err(e) = std::fs::rename(&tmp, &p.manifest) {
        let _ = std::fs::remove_file(&tmp);
        return Err(write_err(e));
    }
    if let Some(key) = &p.registry_key {
        let v = windows::registry_value(key, &p.manifest);
        windows::registry::set_default(&v.key, &v.value).map_err(|message| {
            InstallError::Registry {
                key: v.key.clone(),
                message,
            }
        })?;
    }
    Ok(())
}

/// A registration `uninstall` removed.
#[derive(Debug, Clone, PartialEq)]
pub struct Removed {
    pub label: &'static str,
    pub manifest: PathBuf,
}

/// What `uninstall` did.
#[derive(Debug)]
pub struct UninstallReport {
    pub removed: Vec<Removed>,
    pub failures: Vec<Failure>,
}

impl UninstallReport {
    pub fn render(&self) -> String {
        let mut s = String::new();
        if self.removed.is_empty() && self.failures.is_empty() {
            s.push_str(
                "BadgeLens was not registered with any of these browsers; nothing to remove.\n",
            );
        } else if !self.removed.is_empty() {
            s.push_str("BadgeLens is no longer registered with:\n");
            for r in &self.removed {
                s.push_str(&format!(
                    "  {:<15} removed {}\n",
                    r.label,
                    r.manifest.display()
                ));
            }
        }
        s
    }
}

/// `badgelens uninstall`: removes every manifest (and registry key) `install` writes.
pub fn uninstall(
    browsers: &[String],
    user_data_dir: Option<&Path>,
    scope: Scope,
) -> Result<UninstallReport, InstallError> {
    let browsers = parse_browsers(browsers)?;
    let planned = plan(&browsers, user_data_dir, false, scope)?;
    let mut report = UninstallReport {
        removed: Vec::new(),
        failures: Vec::new(),
    };
    for p in &planned {
        match remove_one(p) {
            Ok(true) => report.removed.push(Removed {
                label: short_title(p),
                manifest: p.manifest.clone(),
            }),
            Ok(false) => {}
            Err(error) if needs_root(&error, scope) => return Err(as_needs_root(error)),
            Err(error) => report.failures.push(Failure {
                title: p.title(),
                error,
            }),
        }
    }
    Ok(report)
}

/// Removes one manifest and its registry key; `Ok(false)` when neither was there.
fn remove_one(p: &Planned) -> Result<bool, InstallError> {
    let mut any = false;
    match std::fs::remove_file(&p.manifest) {
        Ok(()) => any = true,
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(source) => {
            return Err(InstallError::Remove {
                path: p.manifest.clone(),
                source,
            })
        }
    }
    if let Some(key) = &p.registry_key {
        match windows::registry::remove(key) {
            Ok(existed) => any |= existed,
            Err(message) => {
                return Err(InstallError::Registry {
                    key: key.clone(),
                    message,
                })
            }
        }
    }
    Ok(any)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn browser_names_round_trip_and_unknown_is_usage() {
        for b in Browser::ALL {
            assert_eq!(Browser::parse(b.name()), Some(b));
        }
        assert_eq!(
            parse_browsers(&s(&["Firefox", "chrome,edge", "chrome"])).unwrap(),
            vec![Browser::Firefox, Browser::Chrome, Browser::Edge]
        );
        let e = parse_browsers(&s(&["safari"])).unwrap_err();
        assert!(e.is_usage());
        assert!(e.to_string().contains("safari"));
    }

    #[test]
    fn relative_program_path_is_refused() {
        let e = program_path_text(Path::new("target/debug/badgelens")).unwrap_err();
        assert!(matches!(e, InstallError::RelativeProgramPath(_)));
        assert!(!e.is_usage());
    }

    #[test]
    fn running_program_path_is_absolute() {
        let p = program_path().unwrap();
        assert!(Path::new(&p).is_absolute(), "{p}");
        assert!(Path::new(&p).exists(), "{p}");
    }

    #[test]
    fn user_data_dir_refuses_firefox_and_writes_one_file() {
        let e = plan(
            &[Browser::Firefox],
            Some(Path::new("/tmp/x")),
            true,
            Scope::User,
        )
        .unwrap_err();
        assert!(e.is_usage());
        let p = plan(&[], Some(Path::new("/tmp/x")), true, Scope::User).unwrap();
        assert_eq!(p.len(), 1);
        assert_eq!(
            p[0].manifest,
            Path::new("/tmp/x")
                .join("NativeMessagingHosts")
                .join("org.badgelens.host.json")
        );
        assert_eq!(p[0].family(), Family::Chrome);
    }

    #[test]
    fn system_scope_is_every_browser_or_the_named_ones_and_never_a_profile() {
        let e = plan(&[], Some(Path::new("/tmp/x")), true, Scope::System).unwrap_err();
        assert!(e.is_usage());
        if Os::current() == Os::Windows {
            assert!(matches!(
                plan(&[], None, true, Scope::System),
                Err(InstallError::SystemUnsupported)
            ));
            return;
        }
        let all = plan(&[], None, true, Scope::System).unwrap();
        assert_eq!(
            all.len(),
            Browser::ALL.len(),
            "no detection for the whole machine"
        );
        assert!(all.iter().all(|p| p.manifest.is_absolute()));
        let one = plan(&[Browser::Firefox], None, false, Scope::System).unwrap();
        assert_eq!(one.len(), 1);
        assert_eq!(one[0].family(), Family::Firefox);
    }

    #[test]
    fn a_refused_system_write_asks_for_root() {
        let denied = InstallError::Write {
            path: PathBuf::from("/etc/chromium/native-messaging-hosts/x.json"),
            source: io::Error::from(io::ErrorKind::PermissionDenied),
        };
        assert!(needs_root(&denied, Scope::System));
        assert!(!needs_root(&denied, Scope::User));
        let text = as_needs_root(denied).to_string();
        assert!(text.contains("needs root"), "{text}");
    }
}
