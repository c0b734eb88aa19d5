//! The `frugal` command line: small-talk classification, the offline demo, the cost calculator, and
//! the analyzer that right-sizes a chat Lambda: snapshot (simulated or fetched) → models →
//! recommendation → exporters.
//!
//! Each command's `clap` arguments live next to the code they drive; `main.rs` only parses and
//! dispatches.
#![warn(missing_docs)]
#![deny(unsafe_code)]

pub mod analyze;
pub mod aws;
pub mod classify;
pub mod cost_cmd;
pub mod demo;
pub mod export;
pub mod fetch;
pub mod model;
pub mod recommend;
pub mod simulate;
pub mod snapshot;
