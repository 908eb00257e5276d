//! Registering the native messaging host with browsers (placeholder until the install module lands).

use std::path::Path;
use std::process::ExitCode;

pub fn cmd_install(
    _browsers: &[String],
    _extension_id: Option<&str>,
    _user_data_dir: Option<&Path>,
    _dry_run: bool,
) -> ExitCode {
    eprintln!("badgelens: install is not built yet");
    ExitCode::FAILURE
}

pub fn cmd_uninstall(_browsers: &[String], _user_data_dir: Option<&Path>) -> ExitCode {
    eprintln!("badgelens: uninstall is not built yet");
    ExitCode::FAILURE
}

pub fn cmd_doctor() -> ExitCode {
    eprintln!("badgelens: doctor is not built yet");
    ExitCode::FAILURE
}
