//! Fetching a [`Snapshot`](crate::snapshot::Snapshot) from an AWS account, one file per service:
//! [`cloudformation`] for a stack's functions, [`lambda`] for their configuration and provisioned
//! concurrency, [`cloudwatch`] for the metrics (Lambda's own, the middleware's EMF metrics, Lambda
//! Insights) by the rules in [`queries`], and [`logs`] for `REPORT` lines where no memory metric
//! exists. [`args`] holds what to read; [`account`] lists a region's functions for `--all`;
//! [`batch`] packs many functions' queries into few `GetMetricData` calls; [`assemble`] runs the
//! steps in order, a bounded number of functions at once.
//!
//! Nothing here guesses silently: a figure AWS could not give is either taken from the next source
//! (EMF → Lambda Insights → `REPORT` lines) or recorded in the snapshot's
//! [`warnings`](crate::snapshot::Snapshot::warnings), which every report shows.

pub mod account;
pub mod args;
pub mod assemble;
pub mod batch;
pub mod cloudformation;
pub mod cloudwatch;
pub mod lambda;
pub mod logs;
pub mod queries;

pub use args::{Plan, SourceArgs, TagFilter, Target, Window};
pub use assemble::{fetch, fetch_with, Clients};
