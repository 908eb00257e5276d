//! Diagnostics: the one place the library writes to stderr.
//!
//! In host mode stdout carries native messaging frames, so a stray print
//! would corrupt the stream; the crate denies the print macros (lib.rs) and
//! `clippy.toml` disallows `std::io::stderr`/`stdout` outside this module,
//! [`crate::output`] and the host's framing writer. Browsers keep the host's
//! stderr in their logs, so everything here is one line, prefixed.

/// Writes `badgelens: <message>` to stderr as one line. Use [`crate::log!`].
#[allow(clippy::disallowed_methods)] // the one sanctioned stderr writer
pub fn line(args: std::fmt::Arguments<'_>) {
    // Formatted first, then written in one call under stderr's lock, so
    // lines from different threads never interleave. Errors are ignored:
    // `eprint!` would panic on a closed pipe, and a log line is not worth it.
    let text = format!("badgelens: {args}\n");
    #[cfg(not(test))]
    {
        use std::io::Write;
        let _ = std::io::stderr().lock().write_all(text.as_bytes());
    }
    // Unit tests: through the harness's capture, so passing tests stay quiet.
    #[cfg(test)]
    #[allow(clippy::print_stderr)]
    {
        eprint!("{text}");
    }
}

/// `crate::log!("format", args...)`: one diagnostic line on stderr.
#[macro_export]
macro_rules! log {
    ($($arg:tt)*) => {
        $crate::log::line(format_args!($($arg)*))
    };
}
