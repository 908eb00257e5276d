//! contexts
