//! Shared helpers for the integration tests: the loopback issuer.
#![allow(dead_code)]

pub mod issuer;
