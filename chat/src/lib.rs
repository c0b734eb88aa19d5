//! The reference chat Lambda: API Gateway → Lambda → Amazon Bedrock (Converse), history in DynamoDB,
//! behind the Frugal middleware. The same stack runs as a local HTTP server.
#![warn(missing_docs)]
#![deny(unsafe_code)]

pub mod app;
pub mod aws;
pub mod budget;
pub mod config;
pub mod error;
pub mod history;
pub mod https;
pub mod model;
pub mod server;
pub mod service;
pub mod shared_cache;
pub mod telemetry;
