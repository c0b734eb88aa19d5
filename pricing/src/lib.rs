//! Prices and cost formulas for a chat on AWS Lambda and Amazon Bedrock, and the names of the
//! metrics Frugal writes.
//!
//! All prices are USD, on-demand, from the AWS price pages (Lambda and Amazon Bedrock, checked 2025).
//! Lambda duration is billed per GB-second with the duration rounded up to the next 1 ms, and since
//! August 2025 the init phase is billed too. A lookup for a region, architecture or model the tables do
//! not know returns `None`: the caller decides what to do and says so; nothing falls back silently.
//!
//! ```
//! use std::time::Duration;
//! use frugal_pricing::{lambda_price, token_cost, Architecture, CostModel};
//!
//! let price = lambda_price("eu-west-1", Architecture::Arm64).expect("a known region");
//! let cost = CostModel::new(256, price).invocation_cost(Duration::from_millis(120));
//! assert!(cost > 0.0);
//! assert_eq!(lambda_price("mars-1", Architecture::Arm64), None);
//! assert_eq!(token_cost("unknown-model", 1000, 1000), None);
//! ```
#![warn(missing_docs)]
#![deny(unsafe_code)]

mod bedrock;
mod lambda;
pub mod metric_names;
pub mod request;

pub use bedrock::{
    model_price, token_cost, ModelPrice, PromptCachePrice, DEFAULT_MODEL_ID, MODEL_PRICES,
};
pub use lambda::{
    billed_ms, lambda_price, Architecture, CostModel, LambdaPrice, ParseArchitectureError, Tier,
    DEFAULT_MEMORY_MB, DEFAULT_REGION, LAMBDA_PRICES, MB_PER_VCPU, REQUEST_PRICE,
};
