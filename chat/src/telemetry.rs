//! The tracing subscriber: level from `AWS_LAMBDA_LOG_LEVEL` or `RUST_LOG`, JSON when
//! `AWS_LAMBDA_LOG_FORMAT=JSON`. Logs go to stderr; stdout carries the EMF metric lines.
//! Message text is only ever logged at DEBUG or below.
//!
//! The filter is `tracing_subscriber`'s `Targets` (`info`, `warn,frugal_chat=debug`, …): the same
//! directives as `RUST_LOG` for levels and targets, parsed without a regex engine, so start-up pays
//! for no filter compilation and the binary carries no regex. Events below the level are rejected at
//! their call site once and cost nothing after. No ANSI colours: CloudWatch shows them as escapes.

use tracing_subscriber::filter::{LevelFilter, Targets};
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::Layer;

/// The filter for a level setting: Lambda's level names (`FATAL` is `error`), or `RUST_LOG`-style
/// directives; anything unreadable is `info`.
pub fn filter(setting: &str) -> Targets {
    let setting = setting.trim().to_ascii_lowercase();
    let setting = if setting == "fatal" {
        "error"
    } else {
        setting.as_str()
    };
    setting
        .parse()
        .unwrap_or_else(|_| Targets::new().with_default(LevelFilter::INFO))
}

/// Installs the subscriber (once; later calls do nothing).
pub fn init() {
    let level = std::env::var("AWS_LAMBDA_LOG_LEVEL")
        .ok()
        .or_else(|| std::env::var("RUST_LOG").ok())
        .unwrap_or_else(|| "info".into());
    let json = std::env::var("AWS_LAMBDA_LOG_FORMAT").is_ok_and(|f| f.eq_ignore_ascii_case("json"));
    let layer = tracing_subscriber::fmt::layer()
        .with_writer(std::io::stderr)
        .with_target(false)
        .with_ansi(false);
    let layer = if json {
        layer.json().with_filter(filter(&level)).boxed()
    } else {
        layer.with_filter(filter(&level)).boxed()
    };
    let _ = tracing_subscriber::registry().with(layer).try_init();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lambda_levels_and_rust_log_directives() {
        assert_eq!(filter("DEBUG").default_level(), Some(LevelFilter::DEBUG));
        assert_eq!(filter("FATAL").default_level(), Some(LevelFilter::ERROR));
        assert_eq!(
            filter("frugal_chat=loud").default_level(),
            Some(LevelFilter::INFO)
        );
        let targets = filter("warn,frugal_chat=debug");
        assert!(targets.would_enable("frugal_chat::service", &tracing::Level::DEBUG));
        assert!(!targets.would_enable("hyper", &tracing::Level::INFO));
    }
}
