//! The `frugal` command line: small-talk classification, the offline demo, the cost calculator, and
//! the analyzer that right-sizes a chat Lambda: snapshot (simulated or fetched) → models →
//! recommendation → exporters.
//!
//! Each command has a module with its `clap` arguments and its `run()`: [`classify`], [`cost_cmd`],
//! [`demo`], [`analyze`], [`snapshot_cmd`], [`simulate`]; `main.rs` only parses and dispatches.
#![warn(missing_docs)]
#![deny(unsafe_code)]

pub mod analyze;
pub mod aws;
pub mod classify;
pub mod cli;
pub mod cost_cmd;
pub mod demo;
pub mod error;
pub mod export;
pub mod fetch;
pub mod model;
pub mod progress;
pub mod recommend;
pub mod simulate;
pub mod snapshot;
pub mod snapshot_cmd;
pub mod warning;

pub use error::{Error, Result};
