//! The command line: the same engine as the host, for people and scripts.
//!
//! `main → run → ExitCode`. Exit codes of `verify` follow the protocol:
//! 0 all verified, 1 any invalid/revoked/expired, 2 any unverifiable or
//! not a badge, 64 usage error, 66 an input file cannot be read.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::clock::Timestamp;
use crate::config::Config;
use crate::install::paths::Scope;
use crate::install::{self, InstallError};
use crate::messages::{
    CacheMode, CheckStatus, Response, Source, Verdict, VerifyOptions, VerifyResult,
};
use crate::output;
use crate::unbake::{self, BadgeKeyword, Container, Unbaked};
use crate::verify::Engine;

pub const EXIT_USAGE: u8 = 64;
pub const EXIT_NO_INPUT: u8 = 66;

#[derive(Debug, Parser)]
#[command(
    name = "badgelens",
    version,
    about = "Checks whether an Open Badge is real: unbakes it, fetches or checks its proof, and says who issued what to whom."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Verify badge images, assertion files or badge URLs.
    Verify {
        /// PNG/SVG files, assertion or credential files (JSON, JWS/JWT, URL text), or URLs.
        #[arg(required = true)]
        inputs: Vec<String>,
        /// An identity (email, URL, phone) to test the badge's recipient against.
        #[arg(long = "recipient", value_name = "ID")]
        recipients: Vec<String>,
        /// The time every date is judged against (RFC 3339), instead of the clock.
        #[arg(long, value_name = "T")]
        now: Option<String>,
        /// Use no network: answer from the cache or say unverifiable.
        #[arg(long)]
        offline: bool,
        /// Print the protocol's result objects as JSON lines.
        #[arg(long)]
        json: bool,
    },
    /// Print the badge data baked into a PNG or SVG, exactly as stored.
    Unbake { file: PathBuf },
    /// Bake an assertion or credential (JSON, JWS/JWT or URL) into a PNG or SVG.
    Bake {
        #[arg(long, value_name = "IN")]
        image: PathBuf,
        /// A file holding the payload, or an assertion URL.
        #[arg(long, value_name = "FILE|URL")]
        assertion: String,
        #[arg(short = 'o', long = "output", value_name = "OUT")]
        output: PathBuf,
    },
    /// Register the native messaging host with browsers.
    Install {
        /// chrome, chromium, edge, brave, vivaldi, firefox (default: every one found).
        #[arg(long = "browser", value_name = "NAME")]
        browsers: Vec<String>,
        /// The extension id to allow (default: the development id).
        #[arg(long, value_name = "ID")]
        extension_id: Option<String>,
        /// Write only DIR/NativeMessagingHosts/ for a browser started with --user-data-dir=DIR.
        #[arg(long, value_name = "DIR")]
        user_data_dir: Option<PathBuf>,
        /// Print what would be written, write nothing.
        #[arg(long)]
        dry_run: bool,
        /// Register for every user of the machine (Linux, macOS; needs root).
        #[arg(long)]
        system: bool,
    },
    /// Remove the native messaging host registration.
    Uninstall {
        #[arg(long = "browser", value_name = "NAME")]
        browsers: Vec<String>,
        #[arg(long, value_name = "DIR")]
        user_data_dir: Option<PathBuf>,
        /// Remove the registration for every user of the machine (needs root).
        #[arg(long)]
        system: bool,
    },
    /// Check, per browser, that the host is installed and answers.
    Doctor,
    /// Verify the bundled sample badges against a built-in local issuer.
    Demo,
    /// Native messaging mode (what browsers start).
    Host,
}

/// Is this how a browser starts a native messaging host? Chrome-family
/// browsers pass the caller origin (and on Windows `--parent-window=`),
/// Firefox passes the manifest path and the extension id.
pub fn is_browser_invocation(args: &[String]) -> bool {
    match args.get(1).map(String::as_str) {
        Some(a) if a.starts_with("chrome-extension://") => true,
        Some(a) if a.starts_with("--parent-window=") => true,
        Some(a) if a.ends_with(".json") && args.len() == 3 => true,
        _ => false,
    }
}

pub fn run(args: Vec<String>) -> ExitCode {
    if is_browser_invocation(&args) {
        return run_host();
    }
    let cli = match Cli::try_parse_from(&args) {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return match e.kind() {
                clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion => {
                    ExitCode::SUCCESS
                }
                clap::error::ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
                    ExitCode::from(EXIT_USAGE)
                }
                _ => ExitCode::from(EXIT_USAGE),
            };
        }
    };
    match cli.command {
        Command::Host => run_host(),
        Command::Verify {
            inputs,
            recipients,
            now,
            offline,
            json,
        } => cmd_verify(inputs, recipients, now, offline, json),
        Command::Unbake { file } => cmd_unbake(&file),
        Command::Bake {
            image,
            assertion,
            output,
        } => cmd_bake(&image, &assertion, &output),
        Command::Install {
            browsers,
            extension_id,
            user_data_dir,
            dry_run,
            system,
        } => cmd_install(
            &browsers,
            extension_id.as_deref(),
            user_data_dir.as_deref(),
            dry_run,
            scope(system),
        ),
        Command::Uninstall {
            browsers,
            user_data_dir,
            system,
        } => cmd_uninstall(&browsers, user_data_dir.as_deref(), scope(system)),
        Command::Doctor => cmd_doctor(),
        Command::Demo => cmd_demo(),
    }
}

fn scope(system: bool) -> Scope {
    if system {
        Scope::System
    } else {
        Scope::User
    }
}

/// Exit 64 for a wrong command line, 1 for anything else that went wrong.
fn install_error(e: &InstallError) -> ExitCode {
    crate::log!("{e}");
    if e.is_usage() {
        ExitCode::from(EXIT_USAGE)
    } else {
        ExitCode::FAILURE
    }
}

fn success_if(ok: bool) -> ExitCode {
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn cmd_install(
    browsers: &[String],
    extension_id: Option<&str>,
    user_data_dir: Option<&Path>,
    dry_run: bool,
    scope: Scope,
) -> ExitCode {
    match install::install(browsers, extension_id, user_data_dir, dry_run, scope) {
        Ok(report) => {
            for f in report.failures() {
                crate::log!("{}: {}", f.title, f.error);
            }
            output::print(&report.render());
            success_if(report.succeeded())
        }
        Err(e) => install_error(&e),
    }
}

fn cmd_uninstall(browsers: &[String], user_data_dir: Option<&Path>, scope: Scope) -> ExitCode {
    match install::uninstall(browsers, user_data_dir, scope) {
        Ok(report) => {
            for f in &report.failures {
                crate::log!("{}: {}", f.title, f.error);
            }
            output::print(&report.render());
            success_if(report.failures.is_empty())
        }
        Err(e) => install_error(&e),
    }
}

fn cmd_doctor() -> ExitCode {
    match install::doctor::run() {
        Ok(report) => {
            output::print(&report.text);
            success_if(report.healthy)
        }
        Err(e) => install_error(&e),
    }
}

fn cmd_demo() -> ExitCode {
    match crate::demo::run() {
        Ok(outcome) => {
            output::print(&outcome.text);
            if !outcome.as_expected {
                crate::log!("some sample badges did not get the verdict they should");
            }
            success_if(outcome.as_expected)
        }
        Err(e) => {
            crate::log!("{e}");
            ExitCode::FAILURE
        }
    }
}

fn load_config() -> Config {
    match Config::load() {
        Ok(c) => c,
        Err(e) => {
            crate::log!("{e}; using the defaults");
            Config::default()
        }
    }
}

fn run_host() -> ExitCode {
    match crate::host::run(Engine::new(load_config())) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            crate::log!("host failed: {e}");
            ExitCode::FAILURE
        }
    }
}

fn runtime() -> tokio::runtime::Runtime {
    // One thread: the CLI verifies one badge at a time, and starting worker
    // threads cost more than a cached verification.
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("cannot start the async runtime")
}

/// Turns a CLI input into a source: a readable file is sniffed (image or
/// text), a URL is a page URL (resolver rules, then fetch and sniff).
fn source_for_input(input: &str) -> Result<Source, String> {
    let path = Path::new(input);
    if path.exists() {
        let bytes =
            unbake::read_image_file(path).map_err(|e| format!("cannot read {input}: {e}"))?;
        return Ok(match Container::sniff(&bytes) {
            Some(_) => Source::Image {
                data: bytes,
                mime: None,
                url: None,
            },
            None => Source::Assertion(String::from_utf8_lossy(&bytes).into_owned()),
        });
    }
    if input.contains("://") || input.starts_with("data:") {
        return Ok(Source::PageUrl(input.to_string()));
    }
    Err(format!("cannot read {input}: no such file"))
}

fn cmd_verify(
    inputs: Vec<String>,
    recipients: Vec<String>,
    now: Option<String>,
    offline: bool,
    json: bool,
) -> ExitCode {
    let now = match now.as_deref().map(|n| Timestamp::parse(n).ok_or(n)) {
        Some(Err(bad)) => {
            crate::log!("--now {bad:?} is not an RFC 3339 time");
            return ExitCode::from(EXIT_USAGE);
        }
        Some(Ok(t)) => Some(t),
        None => None,
    };
    let mut sources = Vec::new();
    for input in &inputs {
        match source_for_input(input) {
            Ok(s) => sources.push((input.clone(), s)),
            Err(msg) => {
                crate::log!("{msg}");
                return ExitCode::from(EXIT_NO_INPUT);
            }
        }
    }
    let options = VerifyOptions {
        recipient: recipients,
        now,
        cache: if offline {
            CacheMode::Offline
        } else {
            CacheMode::Use
        },
    };
    let engine = Engine::new(load_config());
    let rt = runtime();
    let mut worst = 0u8;
    for (input, source) in sources {
        let result = rt.block_on(engine.verify(source, options.clone()));
        worst = worst.max(exit_rank(result.verdict));
        if json {
            let response = Response::Result {
                id: serde_json::Value::String(input),
                result: Box::new(result),
            };
            output::print(&format!(
                "{}\n",
                serde_json::to_string(&response).unwrap_or_default()
            ));
        } else {
            output::print(&render_human(&input, &result));
        }
    }
    // Ranks: 0 verified, 1 unverifiable/not_a_badge (exit 2), 2 invalid/revoked/expired (exit 1).
    ExitCode::from(match worst {
        0 => 0,
        1 => 2,
        _ => 1,
    })
}

/// Orders verdict classes for the exit status: exit 1 outranks exit 2.
fn exit_rank(v: Verdict) -> u8 {
    match v.exit_class() {
        0 => 0,
        2 => 1,
        _ => 2,
    }
}

/// The human-readable report for one input.
pub fn render_human(input: &str, result: &VerifyResult) -> String {
    let mut s = format!(
        "{input}: {}\n  {}\n",
        result.verdict.as_str().to_uppercase().replace('_', " "),
        result.summary
    );
    for c in &result.checks {
        let mark = match c.status {
            CheckStatus::Pass => "ok  ",
            CheckStatus::Fail => "FAIL",
            CheckStatus::Warn => "warn",
            CheckStatus::Skip => "skip",
        };
        let check = serde_json::to_value(c.check)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        s.push_str(&format!("  [{mark}] {check}: {}\n", c.message));
    }
    s
}

fn cmd_unbake(file: &Path) -> ExitCode {
    let bytes = match unbake::read_image_file(file) {
        Ok(b) => b,
        Err(e) => {
            crate::log!("cannot read {}: {e}", file.display());
            return ExitCode::from(EXIT_NO_INPUT);
        }
    };
    match unbake::unbake(&bytes) {
        Ok(Unbaked::Found(baked)) => {
            // Exactly as stored (PROTOCOL.md): no trimming, no added newline.
            output::print(&baked.text);
            ExitCode::SUCCESS
        }
        Ok(Unbaked::NoBadge { note }) => {
            crate::log!(
                "{} carries no badge data{}",
                file.display(),
                note.map(|n| format!(" ({n})")).unwrap_or_default()
            );
            ExitCode::from(2)
        }
        Ok(Unbaked::NotAnImage) => {
            crate::log!("{} is not a PNG or SVG image", file.display());
            ExitCode::from(2)
        }
        Err(e) => {
            crate::log!("{} carries broken badge data: {e}", file.display());
            ExitCode::from(1)
        }
    }
}

fn cmd_bake(image: &Path, assertion: &str, output: &Path) -> ExitCode {
    let bytes = match std::fs::read(image) {
        Ok(b) => b,
        Err(e) => {
            crate::log!("cannot read {}: {e}", image.display());
            return ExitCode::from(EXIT_NO_INPUT);
        }
    };
    let payload_text = if Path::new(assertion).exists() {
        match std::fs::read_to_string(assertion) {
            Ok(t) => t.trim().to_string(),
            Err(e) => {
                crate::log!("cannot read {assertion}: {e}");
                return ExitCode::from(EXIT_NO_INPUT);
            }
        }
    } else if assertion.contains("://") {
        assertion.trim().to_string()
    } else {
        crate::log!("cannot read {assertion}: no such file (and not a URL)");
        return ExitCode::from(EXIT_NO_INPUT);
    };
    let payload = match unbake::classify(&payload_text) {
        Ok(p) => p,
        Err(e) => {
            crate::log!("{e}");
            return ExitCode::from(EXIT_USAGE);
        }
    };
    let keyword = BadgeKeyword::for_payload(&payload);
    let baked = match Container::sniff(&bytes) {
        Some(Container::Png) => unbake::png::bake(&bytes, keyword, &payload_text),
        Some(Container::Svg) => unbake::svg::bake(&bytes, keyword, &payload_text),
        None => {
            crate::log!("{} is not a PNG or SVG image", image.display());
            return ExitCode::from(EXIT_USAGE);
        }
    };
    match baked {
        Ok(out) => match std::fs::write(output, out) {
            Ok(()) => {
                crate::log!(
                    "baked {} ({}) into {}",
                    payload.kind(),
                    keyword.as_str(),
                    output.display()
                );
                ExitCode::SUCCESS
            }
            Err(e) => {
                crate::log!("cannot write {}: {e}", output.display());
                ExitCode::FAILURE
            }
        },
        Err(e) => {
            crate::log!("cannot bake into {}: {e}", image.display());
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(a: &[&str]) -> Vec<String> {
        a.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn recognises_browser_invocations() {
        assert!(is_browser_invocation(&args(&[
            "badgelens",
            "chrome-extension://abcdefghijklmnopabcdefghijklmnop/"
        ])));
        assert!(is_browser_invocation(&args(&[
            "badgelens",
            "chrome-extension://x/",
            "--parent-window=0"
        ])));
        assert!(is_browser_invocation(&args(&[
            "badgelens",
            "/home/u/.mozilla/native-messaging-hosts/org.badgelens.host.json",
            "badgelens@badgelens.org"
        ])));
        assert!(!is_browser_invocation(&args(&[
            "badgelens",
            "verify",
            "a.json"
        ])));
        assert!(!is_browser_invocation(&args(&["badgelens"])));
    }
}
