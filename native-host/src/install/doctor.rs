//! `badgelens doctor`: is the host registered with each browser, and does it
//! answer?
//!
//! For every browser it checks what the browser itself would rely on: the
//! manifest exists, parses, names `org.badgelens.host`, allows the
//! BadgeLens extension, points at an existing executable; then it starts
//! that executable exactly as the browser would (same arguments, same
//! working folder), sends a real framed `hello` and reads the answer with a
//! timeout. It also names sandboxed browser packages (snap, flatpak) that
//! cannot start the host, the config file in force and any resolver rules
//! refused at start-up.
//!
//! Exit 0 when BadgeLens is registered with at least one browser and every
//! registration is healthy; 1 otherwise. A browser that is present but not
//! registered is listed with the command to fix it, without failing: a person
//! may well use only one of their browsers with BadgeLens.

use std::fmt::Write as _;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde_json::Value;

use super::linux::{self, Sandboxed};
use super::manifest::{chrome_origin, is_chrome_id, is_firefox_id, Family};
use super::paths::{self, Dirs, Os, Target};
use super::{safety, windows, Browser, DEV_EXTENSION_ID, FIREFOX_ADDON_ID, HOST_NAME};
use crate::config::{self, Config};
use crate::framing::{self, Inbound};
use crate::messages::PROTOCOL_VERSION;

/// How long the host may take to answer `hello`.
pub const HELLO_TIMEOUT: Duration = Duration::from_secs(5);
/// How long the host may take to exit once its input closes (PROTOCOL.md: within one second).
const EXIT_TIMEOUT: Duration = Duration::from_secs(2);
/// A manifest is a few hundred bytes; anything much larger is not ours.
const MAX_MANIFEST_BYTES: u64 = 64 * 1024;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Ok,
    /// Worth knowing, does not stop BadgeLens from working.
    Note,
    /// BadgeLens will not work in this browser until it is fixed.
    Problem,
}

/// One line of the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub level: Level,
    pub text: String,
}

impl Finding {
    fn ok(text: impl Into<String>) -> Finding {
        Finding {
            level: Level::Ok,
            text: text.into(),
        }
    }
    fn note(text: impl Into<String>) -> Finding {
        Finding {
            level: Level::Note,
            text: text.into(),
        }
    }
    fn problem(text: impl Into<String>) -> Finding {
        Finding {
            level: Level::Problem,
            text: text.into(),
        }
    }
}

/// What doctor found for one browser.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum State {
    /// Neither the browser nor a BadgeLens manifest is here.
    NotFound,
    /// The browser is here, BadgeLens is not registered with it.
    NotSetUp,
    /// A BadgeLens registration exists; the findings say whether it works.
    Registered(Vec<Finding>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrowserReport {
    pub browser: Browser,
    /// The manifest the browser reads (or, on Windows, the one the registry names).
    pub manifest: PathBuf,
    pub state: State,
}

impl BrowserReport {
    /// Registered and nothing wrong.
    pub fn is_healthy(&self) -> bool {
        match &self.state {
            State::Registered(f) => f.iter().all(|f| f.level != Level::Problem),
            _ => false,
        }
    }
}

/// How the browser would start the host: program, arguments, working folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Launch {
    pub program: PathBuf,
    pub args: Vec<String>,
}

/// Checks one browser's registration, including a real `hello` round trip.
pub fn examine(target: &Target) -> BrowserReport {
    let browser = target.browser;
    let mut manifest = target.manifest.clone();
    let registered = match &target.registry_key {
        Some(key) => match windows::registry::get_default(key) {
            Ok(Some(path)) => {
                manifest = PathBuf::from(path);
                true
            }
            Ok(None) => false,
            Err(e) => {
                return BrowserReport {
                    browser,
                    manifest,
                    state: State::Registered(vec![Finding::problem(format!(
                        "cannot read the registry key HKEY_CURRENT_USER\\{key}: {e}"
                    ))]),
                }
            }
        },
        None => manifest.exists() || manifest.is_symlink(),
    };
    let state = if registered {
        let (mut findings, launch) = check_manifest(&manifest, browser.family());
        if let Some(launch) = launch {
            findings.push(match hello_round_trip(&launch, HELLO_TIMEOUT) {
                Ok(answer) => Finding::ok(format!("answers: {answer}")),
                Err(why) => Finding::problem(format!("does not work: {why}")),
            });
        }
        State::Registered(findings)
    } else if target.is_detected() {
        State::NotSetUp
    } else {
        State::NotFound
    };
    BrowserReport {
        browser,
        manifest,
        state,
    }
}

/// Checks a manifest file as `family` reads it. Returns the findings and,
/// when the program it names can be started, how the browser would start it.
pub fn check_manifest(path: &Path, family: Family) -> (Vec<Finding>, Option<Launch>) {
    let mut f = Vec::new();
    let text = match read_small(path) {
        Ok(t) => t,
        Err(e) => {
            f.push(Finding::problem(format!("cannot read the manifest: {e}")));
            return (f, None);
        }
    };
    let m: Value = match serde_json::from_str(&text) {
        Ok(v @ Value::Object(_)) => v,
        Ok(_) => {
            f.push(Finding::problem("the manifest is JSON but not an object"));
            return (f, None);
        }
        Err(e) => {
            f.push(Finding::problem(format!(
                "the manifest is not valid JSON ({e})"
            )));
            return (f, None);
        }
    };
    f.push(Finding::ok("manifest is valid JSON"));
    match m.get("name").and_then(Value::as_str) {
        Some(HOST_NAME) => f.push(Finding::ok(format!("names {HOST_NAME}"))),
        other => f.push(Finding::problem(format!(
            "names {:?} instead of {HOST_NAME}",
            other.unwrap_or("nothing")
        ))),
    }
    if m.get("type").and_then(Value::as_str) != Some("stdio") {
        f.push(Finding::problem("\"type\" is not \"stdio\""));
    }
    let caller_arg = check_allowed(&m, family, &mut f);
    let program = check_program(&m, path, &mut f);
    let launch = match (program, caller_arg) {
        (Some(program), Some(caller)) => {
            let args = match family {
                // Chrome passes the caller's origin (and on Windows the parent window).
                Family::Chrome if cfg!(windows) => vec![caller, "--parent-window=0".into()],
                Family::Chrome => vec![caller],
                // Firefox passes the manifest path and the add-on id.
                Family::Firefox => vec![path.to_string_lossy().into_owned(), caller],
            };
            Some(Launch { program, args })
        }
        _ => None,
    };
    (f, launch)
}

/// Reads a file of at most [`MAX_MANIFEST_BYTES`].
fn read_small(path: &Path) -> std::io::Result<String> {
    let file = std::fs::File::open(path)?;
    let mut text = String::new();
    file.take(MAX_MANIFEST_BYTES + 1)
        .read_to_string(&mut text)?;
    if text.len() as u64 > MAX_MANIFEST_BYTES {
        return Err(std::io::Error::other(
            "it is far too large to be a manifest",
        ));
    }
    Ok(text)
}

/// Checks the allow list; returns the id argument the browser would pass.
fn check_allowed(m: &Value, family: Family, f: &mut Vec<Finding>) -> Option<String> {
    let list = |key: &str| -> Option<Vec<String>> {
        m.get(key)?.as_array().map(|a| {
            a.iter()
                .map(|v| v.as_str().unwrap_or("").to_string())
                .collect()
        })
    };
    match family {
        Family::Chrome => {
            let origins = list("allowed_origins").unwrap_or_default();
            let dev = chrome_origin(DEV_EXTENSION_ID);
            let well_formed = |o: &String| {
                o.strip_prefix("chrome-extension://")
                    .and_then(|r| r.strip_suffix('/'))
                    .is_some_and(is_chrome_id)
            };
            if origins.contains(&dev) {
                f.push(Finding::ok(format!(
                    "allows the BadgeLens extension ({DEV_EXTENSION_ID}, development build)"
                )));
                Some(dev)
            } else if !origins.is_empty() && origins.iter().all(well_formed) {
                f.push(Finding::note(format!(
                    "allows {} (not the development id {DEV_EXTENSION_ID}; right if you installed with --extension-id)",
                    origins.join(", ")
                )));
                origins.into_iter().next()
            } else {
                f.push(Finding::problem(
                    "\"allowed_origins\" does not list a chrome-extension://<id>/ origin, so the extension may not start BadgeLens",
                ));
                None
            }
        }
        Family::Firefox => {
            if m.get("allowed_origins").is_some() {
                f.push(Finding::problem(
                    "the manifest carries \"allowed_origins\", which Firefox refuses (it is a Chrome-family manifest)",
                ));
            }
            let ids = list("allowed_extensions").unwrap_or_default();
            if ids.iter().any(|i| i == FIREFOX_ADDON_ID) {
                f.push(Finding::ok(format!(
                    "allows the BadgeLens add-on ({FIREFOX_ADDON_ID})"
                )));
                Some(FIREFOX_ADDON_ID.to_string())
            } else if !ids.is_empty() && ids.iter().all(|i| is_firefox_id(i)) {
                f.push(Finding::note(format!(
                    "allows {} (not the BadgeLens add-on id {FIREFOX_ADDON_ID}; right if you installed with --extension-id)",
                    ids.join(", ")
                )));
                ids.into_iter().next()
            } else {
                f.push(Finding::problem(
                    "\"allowed_extensions\" does not list the BadgeLens add-on, so Firefox will not let it start BadgeLens",
                ));
                None
            }
        }
    }
}

/// Checks `path`: absolute (relative only on Windows, to the manifest's
/// folder, as browsers resolve it), exists, is an executable file.
fn check_program(m: &Value, manifest: &Path, f: &mut Vec<Finding>) -> Option<PathBuf> {
    let Some(raw) = m.get("path").and_then(Value::as_str) else {
        f.push(Finding::problem("the manifest names no program (\"path\")"));
        return None;
    };
    let mut program = PathBuf::from(raw);
    if !program.is_absolute() {
        if cfg!(windows) {
            program = manifest.parent().unwrap_or(Path::new("")).join(program);
        } else {
            f.push(Finding::problem(format!(
                "program {raw} is a relative path; browsers need an absolute one"
            )));
            return None;
        }
    }
    let meta = match std::fs::metadata(&program) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            f.push(Finding::problem(format!(
                "program {} does not exist (moved or deleted?)",
                program.display()
            )));
            return None;
        }
        Err(e) => {
            f.push(Finding::problem(format!(
                "program {} cannot be read: {e}",
                program.display()
            )));
            return None;
        }
    };
    if !meta.is_file() {
        f.push(Finding::problem(format!(
            "program {} is not a file",
            program.display()
        )));
        return None;
    }
    if !is_executable(&meta) {
        f.push(Finding::problem(format!(
            "program {} is not executable (chmod +x it)",
            program.display()
        )));
        return None;
    }
    if let Err(why) = safety::check(&program) {
        // The browser would still start it, but so could anyone replace it.
        f.push(Finding::problem(format!("unsafe: {why}")));
        return None;
    }
    f.push(Finding::ok(format!("program {}", program.display())));
    Some(program)
}

#[cfg(unix)]
fn is_executable(meta: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::PermissionsExt;
    meta.permissions().mode() & 0o111 != 0
}

#[cfg(not(unix))]
fn is_executable(_meta: &std::fs::Metadata) -> bool {
    true
}

/// Starts the program as the browser would, sends a framed
/// `{"type":"hello","id":1}` and checks the answer. Returns a one-line
/// description of the answer, or why there was none.
pub fn hello_round_trip(launch: &Launch, timeout: Duration) -> Result<String, String> {
    let mut cmd = Command::new(&launch.program);
    cmd.args(&launch.args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    // Browsers start the host in its own folder.
    if let Some(dir) = launch.program.parent() {
        cmd.current_dir(dir);
    }
    let mut child = cmd.spawn().map_err(|e| format!("cannot start it: {e}"))?;
    let (Some(mut stdin), Some(mut stdout), Some(stderr)) =
        (child.stdin.take(), child.stdout.take(), child.stderr.take())
    else {
        let _ = child.kill();
        let _ = child.wait();
        return Err("cannot connect to it".into());
    };
    let errors = drain_stderr(stderr);
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(framing::read_frame(
            &mut stdout,
            framing::MAX_OUTBOUND as u32,
        ));
    });
    let sent = stdin.write_all(&framing::encode(br#"{"type":"hello","id":1}"#));
    let answer = rx.recv_timeout(timeout);
    drop(stdin); // the browser has gone: the host should exit now
    let exited = wait_for_exit(&mut child, EXIT_TIMEOUT);
    let stderr_text = || {
        let t = errors
            .recv_timeout(Duration::from_millis(200))
            .unwrap_or_default();
        let t = t.trim();
        if t.is_empty() {
            String::new()
        } else {
            format!("; it said: {}", one_line(t))
        }
    };
    let result = match answer {
        Ok(Ok(Inbound::Frame(body))) => check_hello(&body),
        Ok(Ok(Inbound::TooLarge { .. })) => {
            Err("it wrote something that is not a native messaging frame".into())
        }
        Ok(Err(_)) => Err(format!(
            "it stopped without answering{}{}",
            if sent.is_err() {
                " (it did not read its input)"
            } else {
                ""
            },
            stderr_text()
        )),
        Err(_) => Err(format!(
            "it did not answer within {} s{}",
            timeout.as_secs(),
            stderr_text()
        )),
    };
    match (result, exited) {
        (Ok(answer), false) => Err(format!(
            "{answer}, but it did not exit when its input closed"
        )),
        (r, _) => r,
    }
}

/// Checks a `hello` answer body.
fn check_hello(body: &[u8]) -> Result<String, String> {
    let v: Value = serde_json::from_slice(body)
        .map_err(|_| "it answered with something that is not JSON: is it BadgeLens?".to_string())?;
    if v.get("type").and_then(Value::as_str) != Some("hello")
        || v.get("id") != Some(&Value::from(1))
    {
        return Err("it answered, but not with a hello: is it BadgeLens?".into());
    }
    let product = v.get("product").and_then(Value::as_str).unwrap_or("?");
    let version = v.get("version").and_then(Value::as_str).unwrap_or("?");
    match v.get("protocol").and_then(Value::as_u64) {
        Some(p) if p == u64::from(PROTOCOL_VERSION) => {
            Ok(format!("{product} {version}, protocol {p}"))
        }
        Some(p) => Err(format!(
            "{product} {version} speaks protocol {p}; this BadgeLens speaks {PROTOCOL_VERSION}. Install matching versions of the extension and the program"
        )),
        None => Err("it answered hello without a protocol number: is it BadgeLens?".into()),
    }
}

/// Reads the child's stderr in the background, keeping the first 2 KiB.
fn drain_stderr(mut stderr: std::process::ChildStderr) -> mpsc::Receiver<String> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut kept = Vec::new();
        let mut buf = [0u8; 4096];
        while let Ok(n) = stderr.read(&mut buf) {
            if n == 0 {
                break;
            }
            let room = 2048usize.saturating_sub(kept.len());
            kept.extend_from_slice(&buf[..n.min(room)]);
        }
        let _ = tx.send(String::from_utf8_lossy(&kept).into_owned());
    });
    rx
}

/// Waits up to `limit` for the child to exit, then kills it. True if it exited by itself.
fn wait_for_exit(child: &mut std::process::Child, limit: Duration) -> bool {
    let deadline = Instant::now() + limit;
    loop {
        match child.try_wait() {
            Ok(Some(_)) => return true,
            Ok(None) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(20)),
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                return false;
            }
        }
    }
}

/// Wraps `text` at 78 columns for a terminal: the first line starts with
/// `prefix`, the others with `indent`. Words longer than a line (URLs, paths)
/// stay whole.
pub fn wrap(prefix: &str, text: &str, indent: &str) -> String {
    const WIDTH: usize = 78;
    let mut out = String::new();
    let mut line = prefix.to_string();
    let mut empty = true;
    for word in text.split_whitespace() {
        if !empty && line.chars().count() + 1 + word.chars().count() > WIDTH {
            out.push_str(&line);
            out.push('\n');
            line = indent.to_string();
            empty = true;
        }
        if !empty {
            line.push(' ');
        }
        line.push_str(word);
        empty = false;
    }
    out.push_str(&line);
    out.push('\n');
    out
}

fn one_line(text: &str) -> String {
    let joined = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match joined.char_indices().nth(300) {
        Some((i, _)) => format!("{}...", &joined[..i]),
        None => joined,
    }
}

/// The config file, the HTTPS trust store and the resolver rules in force,
/// as doctor reports them. Returns false when https cannot work.
fn config_lines(out: &mut String) -> bool {
    let path = config::config_path();
    let shown = path
        .as_ref()
        .map_or("(no config folder on this system)".to_string(), |p| {
            p.display().to_string()
        });
    let config = match Config::load() {
        Ok(c) => {
            let state = match &path {
                Some(p) if p.exists() => "in use",
                _ => "not present: using the defaults",
            };
            let _ = writeln!(out, "Config: {shown} ({state})");
            c
        }
        Err(e) => {
            let _ = writeln!(out, "Config: {shown}");
            let _ = writeln!(
                out,
                "  [note] {e}; BadgeLens uses the defaults until it is fixed"
            );
            Config::default()
        }
    };
    let https_ok = https_line(&config, out);
    let resolver = crate::resolve::Resolver::new(&config.resolvers);
    let in_force = resolver.page_patterns().len();
    if resolver.refused.is_empty() {
        let _ = writeln!(out, "Badge link rules: {in_force} in force");
    } else {
        let _ = writeln!(
            out,
            "Badge link rules: {in_force} in force, {} refused at start-up:",
            resolver.refused.len()
        );
        for r in &resolver.refused {
            let _ = writeln!(out, "  [note] {r}");
        }
    }
    https_ok
}

/// Whether https badges can be checked: the trust store the fetcher uses,
/// loaded the same way. Returns false when it is empty.
fn https_line(config: &Config, out: &mut String) -> bool {
    let tls = crate::fetch::Tls::load(&config.network.extra_roots);
    match &tls.empty_trust {
        None => {
            let extra = config.network.extra_roots.len();
            let _ = writeln!(
                out,
                "HTTPS: the system's certificate store{}",
                if extra > 0 {
                    format!(" plus {extra} file(s) of extra roots (network.extra_roots)")
                } else {
                    String::new()
                }
            );
            true
        }
        Some(why) => {
            out.push_str(&wrap(
                "HTTPS: [FAIL] ",
                &format!("{why}. Badges served over https will be unverifiable until it is fixed; on Linux install the ca-certificates package."),
                "       ",
            ));
            false
        }
    }
}

/// A browser's registrations side by side: this user's and the machine's.
/// Chrome-family browsers and Firefox read the per-user manifest first, so
/// while one exists the system-wide one is not used, broken or not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Registrations {
    pub user: BrowserReport,
    /// The system-wide registration, when there is one.
    pub system: Option<BrowserReport>,
}

impl Registrations {
    /// The registration the browser will use, if any.
    pub fn in_use(&self) -> Option<&BrowserReport> {
        if matches!(self.user.state, State::Registered(_)) {
            Some(&self.user)
        } else {
            self.system.as_ref()
        }
    }
}

/// Renders one browser's section: the registration in use, then a
/// system-wide one that the per-user one hides.
pub fn render_browser(reg: &Registrations, out: &mut String) {
    let (r, scope_note) = match (&reg.system, reg.in_use()) {
        (Some(system), Some(used)) if std::ptr::eq(used, system) => {
            (system, " (system-wide registration, for every user)")
        }
        (Some(_), _) => (
            &reg.user,
            " (per-user registration; it wins over the system-wide one)",
        ),
        (None, _) => (&reg.user, ""),
    };
    render_one(r, scope_note, out);
    if let (Some(system), true) = (&reg.system, std::ptr::eq(r, &reg.user)) {
        let _ = writeln!(
            out,
            "  system-wide: {} ({}, not used while the per-user registration is there)",
            system.manifest.display(),
            if system.is_healthy() {
                "healthy"
            } else {
                "broken"
            }
        );
    }
}

fn render_one(r: &BrowserReport, scope_note: &str, out: &mut String) {
    let name = r.browser.label();
    let fix = format!("badgelens install --browser {}", r.browser.name());
    match &r.state {
        State::NotFound => {}
        State::NotSetUp => {
            let _ = writeln!(
                out,
                "{name}: not set up (the browser is here, BadgeLens is not registered with it)"
            );
            let _ = writeln!(out, "  To use BadgeLens in {name}, run: {fix}");
        }
        State::Registered(findings) => {
            let healthy = r.is_healthy();
            let verdict = if healthy { "OK" } else { "PROBLEM" };
            let _ = writeln!(out, "{name}: {verdict}{scope_note}");
            let _ = writeln!(out, "  manifest {}", r.manifest.display());
            for f in findings {
                let tag = match f.level {
                    Level::Ok => "  [ok]   ",
                    Level::Note => "  [note] ",
                    Level::Problem => "  [FAIL] ",
                };
                out.push_str(&wrap(tag, &f.text, "         "));
            }
            if !healthy {
                let _ = writeln!(
                    out,
                    "  To fix: run `{fix}` with the BadgeLens program you want the browser to use."
                );
            }
        }
    }
}

/// The whole report and its verdict (true: healthy).
///
/// `system` are the machine-wide manifests (`install --system`, the Debian
/// package), shown beside the user's own.
pub fn report(os: Os, dirs: &Dirs, targets: &[Target], system: &[Target]) -> (String, bool) {
    let mut out = String::new();
    let me = super::program_path().unwrap_or_else(|e| format!("(unknown: {e})"));
    let _ = writeln!(
        out,
        "BadgeLens doctor: {me} (version {}, protocol {PROTOCOL_VERSION})",
        crate::messages::VERSION
    );
    let https_ok = config_lines(&mut out);
    out.push('\n');
    let all: Vec<Registrations> = targets
        .iter()
        .map(|t| Registrations {
            user: examine(t),
            system: system
                .iter()
                .find(|s| s.browser == t.browser)
                .map(examine)
                .filter(|r| matches!(r.state, State::Registered(_))),
        })
        .collect();
    for reg in &all {
        render_browser(reg, &mut out);
    }
    let absent: Vec<&str> = all
        .iter()
        .filter(|r| r.in_use().is_none() && r.user.state == State::NotFound)
        .map(|r| r.user.browser.label())
        .collect();
    if !absent.is_empty() {
        let _ = writeln!(out, "Not found for this user: {}", absent.join(", "));
    }
    let sandboxes: Vec<Sandboxed> = if os == Os::Linux {
        linux::sandboxed(&dirs.home, &dirs.root)
    } else {
        Vec::new()
    };
    for s in &sandboxes {
        out.push_str(&wrap("[note] ", &s.advice(), "       "));
    }
    let registered: Vec<&BrowserReport> = all.iter().filter_map(Registrations::in_use).collect();
    let broken: Vec<&str> = registered
        .iter()
        .filter(|r| !r.is_healthy())
        .map(|r| r.browser.label())
        .collect();
    out.push('\n');
    let healthy = !registered.is_empty() && broken.is_empty() && https_ok;
    if registered.is_empty() {
        let _ = writeln!(
            out,
            "Result: BadgeLens is not registered with any browser, so the extension says \"host not installed\"."
        );
        let _ = writeln!(
            out,
            "To fix: run `badgelens install` (or name one: --browser chrome)."
        );
    } else if healthy {
        let _ = writeln!(out, "Result: healthy.");
    } else if broken.is_empty() {
        let _ = writeln!(
            out,
            "Result: BadgeLens is registered, but cannot check badges served over https (see HTTPS above)."
        );
    } else {
        let _ = writeln!(
            out,
            "Result: BadgeLens will not work in {} until the problems above are fixed.",
            broken.join(", ")
        );
    }
    (out, healthy)
}

/// What `doctor` found: the report to show and its verdict. The CLI prints it.
pub struct DoctorReport {
    pub text: String,
    pub healthy: bool,
}

/// `badgelens doctor`.
pub fn run() -> Result<DoctorReport, super::InstallError> {
    let dirs = Dirs::from_env().ok_or(super::InstallError::NoHome)?;
    let os = Os::current();
    let targets = paths::targets(os, &dirs);
    let system = paths::system_targets(os, &dirs.root);
    let (text, healthy) = report(os, &dirs, &targets, &system);
    Ok(DoctorReport { text, healthy })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::install::manifest::{render, ExtensionIds};

    fn write(dir: &Path, text: &str) -> PathBuf {
        let p = dir.join("org.badgelens.host.json");
        std::fs::write(&p, text).unwrap();
        p
    }

    fn problems(f: &[Finding]) -> Vec<&str> {
        f.iter()
            .filter(|f| f.level == Level::Problem)
            .map(|f| f.text.as_str())
            .collect()
    }

    #[test]
    fn broken_manifests_are_problems() {
        let tmp = tempfile::tempdir().unwrap();
        for (text, expect) in [
            ("{not json", "not valid JSON"),
            ("[1]", "not an object"),
            (
                r#"{"name":"other.host","type":"stdio","path":"/bin/sh","allowed_origins":["chrome-extension://peadbbggjabpafmgipjcgfolomncnjml/"]}"#,
                "instead of org.badgelens.host",
            ),
            (
                r#"{"name":"org.badgelens.host","type":"stdio","path":"/bin/sh","allowed_origins":[]}"#,
                "allowed_origins",
            ),
            (
                r#"{"name":"org.badgelens.host","type":"stdio","path":"relative/badgelens","allowed_origins":["chrome-extension://peadbbggjabpafmgipjcgfolomncnjml/"]}"#,
                if cfg!(windows) {
                    "does not exist"
                } else {
                    "relative path"
                },
            ),
        ] {
            let p = write(tmp.path(), text);
            let (f, launch) = check_manifest(&p, Family::Chrome);
            let probs = problems(&f);
            assert!(
                probs.iter().any(|t| t.contains(expect)),
                "{text}: {probs:?}"
            );
            assert!(launch.is_none() || !probs.is_empty());
        }
    }

    #[test]
    fn chrome_manifest_in_firefox_is_refused() {
        let tmp = tempfile::tempdir().unwrap();
        let me = crate::install::program_path().unwrap();
        let p = write(
            tmp.path(),
            &render(Family::Chrome, &me, &ExtensionIds::default()),
        );
        let (f, launch) = check_manifest(&p, Family::Firefox);
        let probs = problems(&f);
        assert!(
            probs.iter().any(|t| t.contains("Firefox refuses")),
            "{probs:?}"
        );
        assert!(launch.is_none());
    }

    #[test]
    fn good_manifest_gives_the_browsers_arguments() {
        let tmp = tempfile::tempdir().unwrap();
        let me = crate::install::program_path().unwrap();
        let p = write(
            tmp.path(),
            &render(Family::Firefox, &me, &ExtensionIds::default()),
        );
        let (f, launch) = check_manifest(&p, Family::Firefox);
        assert!(problems(&f).is_empty(), "{f:?}");
        let launch = launch.unwrap();
        assert_eq!(launch.program, Path::new(&me));
        assert_eq!(
            launch.args,
            vec![
                p.to_string_lossy().into_owned(),
                FIREFOX_ADDON_ID.to_string()
            ]
        );
        let p = write(
            tmp.path(),
            &render(Family::Chrome, &me, &ExtensionIds::default()),
        );
        let (_, launch) = check_manifest(&p, Family::Chrome);
        assert_eq!(
            launch.unwrap().args[0],
            "chrome-extension://peadbbggjabpafmgipjcgfolomncnjml/"
        );
    }

    #[test]
    fn wrap_keeps_words_and_indents() {
        let text = "word ".repeat(40) + "https://example.org/a/very/long/url/that/stays/whole/even/when/it/is/longer/than/a/line";
        let w = wrap("[note] ", &text, "       ");
        let lines: Vec<&str> = w.lines().collect();
        assert!(lines.len() > 2);
        assert!(lines[0].starts_with("[note] word"));
        assert!(lines[1..].iter().all(|l| l.starts_with("       ")));
        assert!(lines
            .iter()
            .all(|l| l.len() <= 78 || !l.trim().contains(' ')));
        assert_eq!(
            w.split_whitespace().skip(1).collect::<Vec<_>>(),
            text.split_whitespace().collect::<Vec<_>>()
        );
        assert_eq!(wrap("  [ok]   ", "short", "         "), "  [ok]   short\n");
    }

    #[test]
    fn hello_answers_are_checked() {
        assert!(check_hello(
            br#"{"type":"hello","id":1,"product":"BadgeLens","version":"9","protocol":1}"#
        )
        .is_ok());
        let e = check_hello(
            br#"{"type":"hello","id":1,"product":"BadgeLens","version":"9","protocol":2}"#,
        )
        .unwrap_err();
        assert!(e.contains("protocol 2"), "{e}");
        // An echo of our own request (what `cat` would send back) is not an answer.
        assert!(check_hello(br#"{"type":"hello","id":1}"#).is_err());
        assert!(check_hello(b"garbage").is_err());
        assert!(check_hello(br#"{"type":"error","id":null}"#).is_err());
    }

    #[cfg(unix)]
    #[test]
    fn a_program_that_is_not_a_host_is_reported() {
        // /bin/cat treats the origin argument as a file name, fails and exits.
        let launch = Launch {
            program: PathBuf::from("/bin/cat"),
            args: vec!["chrome-extension://peadbbggjabpafmgipjcgfolomncnjml/".into()],
        };
        if launch.program.exists() {
            let e = hello_round_trip(&launch, HELLO_TIMEOUT).unwrap_err();
            assert!(e.contains("stopped without answering"), "{e}");
        }
        let missing = Launch {
            program: PathBuf::from("/nonexistent/badgelens"),
            args: vec![],
        };
        assert!(hello_round_trip(&missing, HELLO_TIMEOUT)
            .unwrap_err()
            .contains("cannot start it"));
    }

    fn registered(browser: Browser, manifest: &str, level: Level) -> BrowserReport {
        BrowserReport {
            browser,
            manifest: PathBuf::from(manifest),
            state: State::Registered(vec![Finding {
                level,
                text: "answers: BadgeLens".into(),
            }]),
        }
    }

    #[test]
    fn system_and_user_registrations_are_shown_side_by_side() {
        let user_manifest = "/home/u/.config/chromium/NativeMessagingHosts/org.badgelens.host.json";
        let system_manifest = "/etc/chromium/native-messaging-hosts/org.badgelens.host.json";
        let not_set_up = BrowserReport {
            browser: Browser::Chromium,
            manifest: PathBuf::from(user_manifest),
            state: State::NotSetUp,
        };
        // Only the machine's registration: the browser uses it, no "not set up" advice.
        let reg = Registrations {
            user: not_set_up,
            system: Some(registered(Browser::Chromium, system_manifest, Level::Ok)),
        };
        assert!(std::ptr::eq(
            reg.in_use().unwrap(),
            reg.system.as_ref().unwrap()
        ));
        let mut out = String::new();
        render_browser(&reg, &mut out);
        assert!(
            out.contains("Chromium: OK (system-wide registration, for every user)"),
            "{out}"
        );
        assert!(out.contains(system_manifest), "{out}");
        assert!(!out.contains("not set up"), "{out}");

        // A broken per-user registration wins over a healthy system-wide one.
        let reg = Registrations {
            user: registered(Browser::Chromium, user_manifest, Level::Problem),
            system: Some(registered(Browser::Chromium, system_manifest, Level::Ok)),
        };
        assert!(!reg.in_use().unwrap().is_healthy());
        let mut out = String::new();
        render_browser(&reg, &mut out);
        assert!(
            out.contains("Chromium: PROBLEM (per-user registration; it wins"),
            "{out}"
        );
        assert!(
            out.contains(&format!(
                "system-wide: {system_manifest} (healthy, not used"
            )),
            "{out}"
        );
    }
}
