//! Compiled examples of the Frugal middleware, one binary each (`src/bin/`):
//!
//! | example | what it shows |
//! |---|---|
//! | `lambda_stack` | the README's adoption example: the whole stack on `lambda_http` |
//! | `metrics_on_hyper` | one layer alone (cold-start and cost metrics) on a plain hyper server |
//! | `custom_replies` | the stack with a custom small-talk reply table |
//!
//! The workspace README's Rust block is compiled here as a doc test, and `tests/examples.rs` checks
//! that it is the very text of `src/bin/lambda_stack.rs`, which it then runs under a local Lambda
//! Runtime API.
#![doc = include_str!("../../README.md")]
#![warn(missing_docs)]
#![deny(unsafe_code)]
