//! BadgeLens: verifies Open Badges where they appear.
//!
//! The same engine serves three front ends: the native messaging host the
//! browser extension talks to ([`host`]), the command line ([`cli`]) and the
//! demo ([`demo`]). The modules follow the concepts of the protocol:
//!
//! - [`framing`]: length-prefixed frames; [`messages`]: the wire vocabulary;
//!   [`dispatch`]: frames to requests and responses back to frames;
//! - [`unbake`]: badge data in PNG and SVG images, and baking it in;
//! - [`resolve`]: badge page URLs to assertion URLs;
//! - [`verify`]: from a source to a verdict with its checks;
//! - [`install`]: native messaging manifests for every browser, and `doctor`;
//! - [`config`], [`clock`]: the user's settings and time;
//! - [`log!`](crate::log!) and `output`: the only ways out to stderr and stdout.
//!
//! Host mode's stdout is the native messaging stream, so no module may
//! print: the print macros are denied here for the whole library, and
//! `clippy.toml` keeps `std::io::stdout`/`stderr` to the three places that
//! own them (the host's framing writer, `output` for the CLI, `log`).
#![deny(clippy::print_stdout, clippy::print_stderr, clippy::dbg_macro)]

pub mod cache;
pub mod cli;
pub mod clock;
pub mod config;
pub mod contexts;
pub mod demo;
pub mod dispatch;
pub mod fetch;
pub mod framing;
pub mod host;
pub mod install;
pub mod log;
pub mod messages;
mod output;
pub mod resolve;
pub mod unbake;
pub mod verify;
