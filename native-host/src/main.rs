//! `badgelens`: the BadgeLens native messaging host and command line.

use std::process::ExitCode;

fn main() -> ExitCode {
    badgelens::cli::run(std::env::args().collect())
}
