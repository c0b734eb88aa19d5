//! The `frugal` command line: small-talk classification, the offline demo, and (growing) the
//! analyzer that right-sizes a chat Lambda from its CloudWatch metrics.
//!
//! Each command's `clap` arguments live next to the code they drive; `main.rs` only parses and
//! dispatches.
#![warn(missing_docs)]
#![deny(unsafe_code)]

pub mod classify;
pub mod cost_cmd;
pub mod demo;
