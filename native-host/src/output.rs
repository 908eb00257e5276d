//! The command line's user-facing output on stdout.
//!
//! Only the CLI (`cli.rs`) calls this; host mode never reaches it, since its
//! stdout belongs to the framing writer in `host.rs`. `clippy.toml`
//! disallows `std::io::stdout` everywhere else, so a new stdout writer has to
//! come through here and be seen in review.

use std::io::Write;

/// Writes `text` to stdout as is. A closed pipe (`badgelens ... | head`) is
/// not an error worth reporting.
#[allow(clippy::disallowed_methods)] // the CLI's sanctioned stdout writer
pub(crate) fn print(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes());
    let _ = out.flush();
}
