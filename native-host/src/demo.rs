//! `badgelens demo` (placeholder until the demo issuer lands).

use std::process::ExitCode;

pub fn run() -> ExitCode {
    eprintln!("badgelens: demo is not built yet");
    ExitCode::FAILURE
}
