//! Reference material the repository may not carry (its licence forbids
//! it) lives in `../shared` beside the clone on machines that have it. A
//! test that needs it asks here: it gets the path, or the test skips and
//! says so on the terminal, past the harness's capture, as a line
//! `SKIPPED <test>: <why>` that `tests/run.sh` counts. A skip never passes
//! quietly.
//!
//! `BADGELENS_SHARED_DIR` names another folder (an empty one shows the skips).
#![allow(dead_code)]

use std::io::Write;
use std::path::PathBuf;

/// The folder `../shared` (or `BADGELENS_SHARED_DIR`).
pub fn root() -> PathBuf {
    match std::env::var_os("BADGELENS_SHARED_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared"),
    }
}

/// `rel` under the shared folder when it exists; otherwise prints the
/// SKIPPED line for `test` and returns `None` (the caller returns).
pub fn path(rel: &str, test: &str) -> Option<PathBuf> {
    let p = root().join(rel);
    if p.exists() {
        return Some(p);
    }
    skipped(test, &format!("{} is not there", p.display()));
    None
}

/// Prints `SKIPPED <test>: <why>` straight to stderr (the harness captures
/// only the print macros, so this shows even when the test passes).
#[allow(clippy::disallowed_methods)]
pub fn skipped(test: &str, why: &str) {
    let line = format!("SKIPPED {test}: {why}\n");
    let _ = std::io::stderr().lock().write_all(line.as_bytes());
}
