//! `install`, `uninstall` and `doctor`, run as the real binary with `HOME`
//! pointed at a temporary folder, so nothing touches the real profile.
//!
//! Unix only: on Windows the browsers' locations are registry keys under the
//! real `HKEY_CURRENT_USER`, which `HOME` does not redirect; the values
//! written there are unit-tested as pure functions (`install::windows`).
#![cfg(unix)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_badgelens");
const DEV_ORIGIN: &str = "chrome-extension://peadbbggjabpafmgipjcgfolomncnjml/";
const GECKO_ID: &str = "badgelens@badgelens.org";
const BROWSERS: [&str; 6] = ["chrome", "chromium", "edge", "brave", "vivaldi", "firefox"];

/// A temporary home folder and a way to run `badgelens` in it.
struct Home {
    dir: tempfile::TempDir,
}

impl Home {
    fn new() -> Home {
        Home {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn run(&self, args: &[&str]) -> Output {
        Command::new(BIN)
            .args(args)
            .env("HOME", self.path())
            .env_remove("XDG_CONFIG_HOME")
            .env_remove("XDG_DATA_HOME")
            .env_remove("BADGELENS_CONFIG")
            .output()
            .unwrap()
    }

    /// The folder a browser's profile lives in (what `install` detects).
    fn browser_dir(&self, browser: &str) -> PathBuf {
        let h = self.path();
        if cfg!(target_os = "macos") {
            let s = h.join("Library/Application Support");
            match browser {
                "chrome" => s.join("Google/Chrome"),
                "chromium" => s.join("Chromium"),
                "edge" => s.join("Microsoft Edge"),
                "brave" => s.join("BraveSoftware/Brave-Browser"),
                "vivaldi" => s.join("Vivaldi"),
                "firefox" => s.join("Firefox"),
                _ => unreachable!(),
            }
        } else {
            match browser {
                "chrome" => h.join(".config/google-chrome"),
                "chromium" => h.join(".config/chromium"),
                "edge" => h.join(".config/microsoft-edge"),
                "brave" => h.join(".config/BraveSoftware/Brave-Browser"),
                "vivaldi" => h.join(".config/vivaldi"),
                "firefox" => h.join(".mozilla"),
                _ => unreachable!(),
            }
        }
    }

    /// Where the browser reads the BadgeLens manifest (the documented locations).
    fn manifest(&self, browser: &str) -> PathBuf {
        let h = self.path();
        let dir = match (cfg!(target_os = "macos"), browser) {
            (true, "firefox") => h.join("Library/Application Support/Mozilla/NativeMessagingHosts"),
            (false, "firefox") => h.join(".mozilla/native-messaging-hosts"),
            _ => self.browser_dir(browser).join("NativeMessagingHosts"),
        };
        dir.join("org.badgelens.host.json")
    }

    /// Every file under the home folder.
    fn files(&self) -> Vec<PathBuf> {
        fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
            for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
                let p = e.path();
                if p.is_dir() {
                    walk(&p, out);
                } else {
                    out.push(p);
                }
            }
        }
        let mut out = Vec::new();
        walk(self.path(), &mut out);
        out.sort();
        out
    }
}

/// Standard output with runs of whitespace made single spaces: doctor wraps
/// long lines for the terminal, and paths in temporary folders vary in length.
fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn describe(o: &Output) -> String {
    format!(
        "status {:?}\nstdout:\n{}\nstderr:\n{}",
        o.status.code(),
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn canonical_bin() -> String {
    Path::new(BIN)
        .canonicalize()
        .unwrap()
        .to_str()
        .unwrap()
        .to_string()
}

fn read_json(p: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap()
}

#[test]
fn install_each_browser_doctor_round_trips_then_uninstall_removes() {
    let home = Home::new();
    for b in BROWSERS {
        let o = home.run(&["install", "--browser", b]);
        assert_eq!(o.status.code(), Some(0), "{b}: {}", describe(&o));
        let path = home.manifest(b);
        let m = read_json(&path);
        assert_eq!(m["name"], "org.badgelens.host", "{b}");
        assert_eq!(m["type"], "stdio");
        assert_eq!(m["path"], canonical_bin().as_str());
        if b == "firefox" {
            assert_eq!(m["allowed_extensions"], serde_json::json!([GECKO_ID]));
            assert!(m.get("allowed_origins").is_none());
        } else {
            assert_eq!(m["allowed_origins"], serde_json::json!([DEV_ORIGIN]));
            assert!(m.get("allowed_extensions").is_none());
        }
        assert!(stdout(&o).contains(&path.display().to_string()));
    }

    let o = home.run(&["doctor"]);
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(0), "{}", describe(&o));
    // Every browser got a real hello answer through the installed manifest.
    assert_eq!(
        out.matches("answers: BadgeLens 0.1.0, protocol 1").count(),
        6,
        "{out}"
    );
    assert!(!out.contains("[FAIL]"), "{out}");
    assert!(out.contains("Result: healthy."), "{out}");

    let o = home.run(&["uninstall"]);
    assert_eq!(o.status.code(), Some(0), "{}", describe(&o));
    for b in BROWSERS {
        assert!(!home.manifest(b).exists(), "{b} still registered");
    }
    let o = home.run(&["doctor"]);
    assert_eq!(o.status.code(), Some(1), "{}", describe(&o));
    assert!(stdout(&o).contains("not registered with any browser"));
}

#[test]
fn install_without_browser_picks_the_browsers_found() {
    let home = Home::new();
    // No browser at all: nothing is written, and the message says what to do.
    let o = home.run(&["install"]);
    assert_eq!(o.status.code(), Some(1), "{}", describe(&o));
    assert!(stdout(&o).contains("--browser"), "{}", describe(&o));
    assert!(home.files().is_empty(), "{:?}", home.files());

    std::fs::create_dir_all(home.browser_dir("chromium")).unwrap();
    std::fs::create_dir_all(home.browser_dir("firefox")).unwrap();
    let o = home.run(&["install"]);
    assert_eq!(o.status.code(), Some(0), "{}", describe(&o));
    assert_eq!(
        home.files(),
        {
            let mut v = vec![home.manifest("chromium"), home.manifest("firefox")];
            v.sort();
            v
        },
        "{}",
        describe(&o)
    );

    // Doctor lists a found but unregistered browser without failing on it.
    std::fs::create_dir_all(home.browser_dir("brave")).unwrap();
    let o = home.run(&["doctor"]);
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(0), "{}", describe(&o));
    assert!(out.contains("Brave: not set up"), "{out}");
    assert!(out.contains("badgelens install --browser brave"), "{out}");
}

#[test]
fn user_data_dir_writes_only_there() {
    let home = Home::new();
    let udd = home.path().join("profile");
    let udd_s = udd.to_str().unwrap();
    let o = home.run(&["install", "--user-data-dir", udd_s]);
    assert_eq!(o.status.code(), Some(0), "{}", describe(&o));
    let file = udd.join("NativeMessagingHosts/org.badgelens.host.json");
    assert_eq!(home.files(), vec![file.clone()]);
    let m = read_json(&file);
    assert_eq!(m["allowed_origins"], serde_json::json!([DEV_ORIGIN]));
    assert_eq!(m["path"], canonical_bin().as_str());

    let o = home.run(&["uninstall", "--user-data-dir", udd_s]);
    assert_eq!(o.status.code(), Some(0), "{}", describe(&o));
    assert!(!file.exists());

    // Firefox never reads a profile folder: a usage error, nothing written.
    let o = home.run(&["install", "--user-data-dir", udd_s, "--browser", "firefox"]);
    assert_eq!(o.status.code(), Some(64), "{}", describe(&o));
    assert!(home.files().is_empty());
}

#[test]
fn dry_run_writes_nothing_and_prints_the_golden_manifests() {
    let home = Home::new();
    for b in BROWSERS {
        std::fs::create_dir_all(home.browser_dir(b)).unwrap();
    }
    let o = home.run(&["install", "--dry-run"]);
    assert_eq!(o.status.code(), Some(0), "{}", describe(&o));
    assert!(home.files().is_empty(), "{:?}", home.files());
    let out = String::from_utf8_lossy(&o.stdout).into_owned();
    for b in BROWSERS {
        assert!(
            out.contains(&home.manifest(b).display().to_string()),
            "{b}: {out}"
        );
    }
    // The printed manifests, with the program path replaced by the
    // placeholder, are byte for byte the golden files in manifests/.
    let program = serde_json::to_string(&canonical_bin()).unwrap();
    let placeholder = serde_json::to_string("/usr/local/bin/badgelens").unwrap();
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    for line in out.lines() {
        if line == "{" {
            current = Some(String::new());
        }
        if let Some(c) = current.as_mut() {
            c.push_str(line);
            c.push('\n');
        }
        if line == "}" {
            blocks.extend(current.take());
        }
    }
    assert_eq!(blocks.len(), 6, "{out}");
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("manifests");
    let chrome = std::fs::read_to_string(root.join("chrome/org.badgelens.host.json")).unwrap();
    let firefox = std::fs::read_to_string(root.join("firefox/org.badgelens.host.json")).unwrap();
    for (b, block) in BROWSERS.iter().zip(&blocks) {
        let normalised = block.replace(&program, &placeholder);
        let golden = if *b == "firefox" { &firefox } else { &chrome };
        assert_eq!(&normalised, golden, "{b}");
    }
}

#[test]
fn unknown_browsers_and_bad_ids_are_usage_errors() {
    let home = Home::new();
    for args in [
        &["install", "--browser", "safari"][..],
        &["install", "--browser", "chrome", "--browser", "netscape"],
        &["uninstall", "--browser", "opera"],
        &[
            "install",
            "--browser",
            "chrome",
            "--extension-id",
            "not-an-id",
        ],
        &[
            "install",
            "--browser",
            "chrome",
            "--dry-run",
            "--extension-id",
            "ABCDEFGHIJKLMNOPABCDEFGHIJKLMNOP",
        ],
    ] {
        let o = home.run(args);
        assert_eq!(o.status.code(), Some(64), "{args:?}: {}", describe(&o));
        assert!(!o.stderr.is_empty(), "{args:?}");
    }
    assert!(home.files().is_empty());
}

#[test]
fn custom_extension_id_is_written_and_still_answers() {
    let home = Home::new();
    let id = "abcdefghijklmnopabcdefghijklmnop";
    let o = home.run(&["install", "--browser", "edge", "--extension-id", id]);
    assert_eq!(o.status.code(), Some(0), "{}", describe(&o));
    let m = read_json(&home.manifest("edge"));
    assert_eq!(
        m["allowed_origins"],
        serde_json::json!([format!("chrome-extension://{id}/")])
    );
    let o = home.run(&["doctor"]);
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(0), "{}", describe(&o));
    assert!(out.contains("not the development id"), "{out}");
    assert!(out.contains("answers: BadgeLens"), "{out}");
}

#[test]
fn doctor_reports_a_manifest_whose_program_is_gone() {
    let home = Home::new();
    let o = home.run(&["install", "--browser", "firefox", "--browser", "chrome"]);
    assert_eq!(o.status.code(), Some(0), "{}", describe(&o));
    // Point Firefox's manifest at a program that does not exist, as after
    // moving or deleting the binary.
    let gone = home.path().join("moved/badgelens");
    let path = home.manifest("firefox");
    let mut m = read_json(&path);
    m["path"] = Value::from(gone.to_str().unwrap());
    std::fs::write(&path, serde_json::to_string_pretty(&m).unwrap()).unwrap();

    let o = home.run(&["doctor"]);
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(1), "{}", describe(&o));
    assert!(out.contains("Firefox: PROBLEM"), "{out}");
    assert!(
        out.contains(&format!("program {} does not exist", gone.display())),
        "{out}"
    );
    assert!(out.contains("badgelens install --browser firefox"), "{out}");
    // Chrome is still fine, and the verdict names only Firefox.
    assert!(out.contains("Google Chrome: OK"), "{out}");
    assert!(out.contains("will not work in Firefox until"), "{out}");

    // The fix doctor gives works, and install says what it replaced.
    let o = home.run(&["install", "--browser", "firefox"]);
    assert_eq!(o.status.code(), Some(0), "{}", describe(&o));
    assert!(
        stdout(&o).contains(&format!("it pointed at {} before", gone.display())),
        "{}",
        describe(&o)
    );
    let o = home.run(&["doctor"]);
    assert_eq!(o.status.code(), Some(0), "{}", describe(&o));
    assert!(stdout(&o).contains("Firefox: OK"), "{}", describe(&o));
}

#[test]
fn doctor_reports_a_program_that_is_not_badgelens() {
    let home = Home::new();
    let o = home.run(&["install", "--browser", "chromium"]);
    assert_eq!(o.status.code(), Some(0), "{}", describe(&o));
    // A script that reads its input and prints text: executable, but no host.
    let fake = home.path().join("fake-host");
    std::fs::write(
        &fake,
        "#!/bin/sh\nhead -c 4 >/dev/null\necho 'hello there, not a frame'\n",
    )
    .unwrap();
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let path = home.manifest("chromium");
    let mut m = read_json(&path);
    m["path"] = Value::from(fake.to_str().unwrap());
    std::fs::write(&path, serde_json::to_string_pretty(&m).unwrap()).unwrap();
    let o = home.run(&["doctor"]);
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(1), "{}", describe(&o));
    assert!(out.contains("Chromium: PROBLEM"), "{out}");
    assert!(out.contains("does not work:"), "{out}");
}

#[test]
fn doctor_names_the_config_and_refused_rules() {
    let home = Home::new();
    let o = home.run(&["install", "--browser", "vivaldi"]);
    assert_eq!(o.status.code(), Some(0), "{}", describe(&o));
    let config = home.path().join("my-config.json");
    std::fs::write(
        &config,
        r#"{"resolvers":[{"name":"flagged","page":"(?i)^https://badges\\.example/(?<id>\\d+)","assertion":"https://badges.example/a/{id}"}]}"#,
    )
    .unwrap();
    let o = Command::new(BIN)
        .arg("doctor")
        .env("HOME", home.path())
        .env_remove("XDG_CONFIG_HOME")
        .env("BADGELENS_CONFIG", &config)
        .output()
        .unwrap();
    let out = stdout(&o);
    assert!(out.contains(&config.display().to_string()), "{out}");
    // The trust store https fetches use loads on this machine, and doctor says so.
    assert!(
        out.contains("HTTPS: the system's certificate store"),
        "{out}"
    );
    assert!(out.contains("1 refused"), "{out}");
    assert!(out.contains("\"flagged\""), "{out}");
    // A refused rule is reported but does not break the registration.
    assert_eq!(o.status.code(), Some(0), "{}", describe(&o));
}

/// The real binary, placed in `dir` (a hard link: same inode and mode, no
/// copy of a large debug build; a copy across file systems).
fn place_binary(dir: &Path) -> PathBuf {
    std::fs::create_dir_all(dir).unwrap();
    let to = dir.join("badgelens");
    if std::fs::hard_link(BIN, &to).is_err() {
        std::fs::copy(BIN, &to).unwrap();
    }
    to
}

fn chmod(p: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).unwrap();
}

#[test]
fn install_refuses_a_program_in_a_world_writable_folder_and_doctor_reports_it() {
    let home = Home::new();
    let shared = home.path().join("shared");
    let exposed = place_binary(&shared);
    chmod(&shared, 0o777);
    let o = Command::new(&exposed)
        .args(["install", "--browser", "chrome"])
        .env("HOME", home.path())
        .env_remove("XDG_CONFIG_HOME")
        .env_remove("XDG_DATA_HOME")
        .env_remove("BADGELENS_CONFIG")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", describe(&o));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("refusing to register"), "{}", describe(&o));
    assert!(err.contains("world-writable"), "{}", describe(&o));
    assert!(!home.manifest("chrome").exists());

    // A sticky shared folder (as /tmp) is fine for the owner's own folder in it.
    chmod(&shared, 0o1777);
    let o = Command::new(&exposed)
        .args(["install", "--browser", "chrome", "--dry-run"])
        .env("HOME", home.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", describe(&o));

    // A registration made elsewhere that points into the open folder:
    // doctor names it as a problem and does not start it.
    chmod(&shared, 0o777);
    let o = home.run(&["install", "--browser", "chromium"]);
    assert_eq!(o.status.code(), Some(0), "{}", describe(&o));
    let path = home.manifest("chromium");
    let mut m = read_json(&path);
    m["path"] = Value::from(exposed.to_str().unwrap());
    std::fs::write(&path, serde_json::to_string_pretty(&m).unwrap()).unwrap();
    let o = home.run(&["doctor"]);
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(1), "{}", describe(&o));
    assert!(out.contains("Chromium: PROBLEM"), "{out}");
    assert!(out.contains("[FAIL] unsafe:"), "{out}");
    assert!(out.contains("world-writable"), "{out}");
    assert!(!out.contains("answers: BadgeLens"), "{out}");
    chmod(&shared, 0o755); // lets the temporary folder go
}
