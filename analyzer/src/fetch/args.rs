//! What to read: the command-line arguments, and the [`Plan`] they become (functions, window, region).

use frugal_pricing::metric_names;

use crate::aws::AwsArgs;
use crate::error::{ensure, Error};

/// What to read: the functions (by name or through a stack), the window and the AWS account.
#[derive(Debug, Clone, clap::Args)]
pub struct SourceArgs {
    /// Function to analyse, by name or ARN (repeatable, or comma separated).
    #[arg(long = "function", env = "FRUGAL_FUNCTIONS", value_delimiter = ',')]
    pub functions: Vec<String>,
    /// CloudFormation stack whose `AWS::Lambda::Function` resources to analyse.
    #[arg(long, env = "FRUGAL_STACK", conflicts_with = "functions")]
    pub stack: Option<String>,
    /// Days of metrics to read (CloudWatch keeps 1-minute points for 15 days, 5-minute for 63).
    #[arg(long, env = "FRUGAL_DAYS", default_value_t = 14)]
    pub days: u32,
    /// Seconds per metric point (a multiple of 60).
    #[arg(long, env = "FRUGAL_PERIOD", default_value_t = 60)]
    pub period: u32,
    /// Namespace of the middleware's EMF metrics.
    #[arg(long, env = "FRUGAL_EMF_NAMESPACE", default_value = metric_names::NAMESPACE)]
    pub emf_namespace: String,
    /// Most `REPORT` log lines to read per function when no memory metric exists (0 = never read logs).
    #[arg(long, env = "FRUGAL_MAX_LOG_EVENTS", default_value_t = 20_000)]
    pub max_log_events: usize,
    /// AWS options.
    #[command(flatten)]
    pub aws: AwsArgs,
}

impl SourceArgs {
    /// The target named on the command line.
    pub fn target(&self) -> crate::Result<Target> {
        match (&self.stack, self.functions.is_empty()) {
            (Some(stack), true) => Ok(Target::Stack(stack.clone())),
            (None, false) => Ok(Target::Functions(self.functions.clone())),
            (Some(_), false) => Err(Error::Input(
                "give either --function or --stack, not both".into(),
            )),
            (None, true) => Err(Error::Input(
                "nothing to read: give --function NAME or --stack STACK".into(),
            )),
        }
    }
}

/// Which functions to read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// These functions.
    Functions(Vec<String>),
    /// The `AWS::Lambda::Function` resources of this stack.
    Stack(String),
}

/// A fetch, fully specified.
#[derive(Clone, Debug)]
pub struct Plan {
    /// Which functions.
    pub target: Target,
    /// When.
    pub window: Window,
    /// Region named in the snapshot (prices).
    pub region: String,
    /// EMF namespace.
    pub emf_namespace: String,
    /// Cap on `REPORT` lines per function.
    pub max_log_events: usize,
}

/// The time window read: `periods` points of `period` seconds ending at `end` (epoch seconds).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Window {
    /// First second.
    pub start: i64,
    /// One past the last second.
    pub end: i64,
    /// Seconds per point.
    pub period: i64,
}

impl Window {
    /// `days` of `period`-second points ending at the last whole period before `now`, checked against
    /// what CloudWatch keeps.
    pub fn ending_at(now: i64, days: u32, period: u32) -> crate::Result<Self> {
        ensure!(
            (1..=455).contains(&days),
            Input,
            "--days must be between 1 and 455 (CloudWatch keeps metrics for 15 months)"
        );
        ensure!(
            period >= 60 && period.is_multiple_of(60) && 86_400u32.is_multiple_of(period),
            Input,
            "--period must be a multiple of 60 seconds that divides a day (60, 300, 3600, …), got {period}"
        );
        let (limit, hint) = match period {
            p if p < 300 => (15, "use --period 300 for up to 63 days"),
            p if p < 3_600 => (63, "use --period 3600 for up to 455 days"),
            _ => (455, ""),
        };
        ensure!(
            days <= limit,
            Input,
            "CloudWatch keeps {period}-second points for {limit} days only; {hint}"
        );
        let period = i64::from(period);
        let end = now - now.rem_euclid(period);
        Ok(Window {
            start: end - i64::from(days) * 86_400,
            end,
            period,
        })
    }

    /// Points in the window.
    pub fn periods(&self) -> usize {
        ((self.end - self.start) / self.period) as usize
    }

    /// Length of the window, seconds (at most 455 days, so it fits CloudWatch's `i32` period).
    pub(crate) fn seconds(&self) -> i32 {
        (self.end - self.start) as i32
    }
}

/// Function names trimmed, without blanks and repeats, in their first order.
pub(crate) fn dedupe(names: Vec<String>) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    names
        .into_iter()
        .map(|n| n.trim().to_owned())
        .filter(|n| !n.is_empty() && seen.insert(n.clone()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn window_ends_on_a_whole_period_and_respects_retention() {
        let w = Window::ending_at(1_000_000_123, 14, 60).unwrap();
        assert_eq!(w.end % 60, 0);
        assert_eq!(w.periods(), 14 * 1_440);
        assert!(Window::ending_at(0, 16, 60)
            .unwrap_err()
            .to_string()
            .contains("--period 300"));
        assert!(Window::ending_at(0, 30, 300).is_ok());
        assert!(Window::ending_at(0, 1, 90).is_err());
        assert!(Window::ending_at(0, 0, 60).is_err());
        assert!(Window::ending_at(0, 400, 3_600).is_ok());
    }

    #[test]
    fn names_are_trimmed_and_deduplicated_in_order() {
        assert_eq!(
            dedupe(vec!["b".into(), " a ".into(), "b".into(), "".into()]),
            vec!["b".to_owned(), "a".to_owned()]
        );
    }
}
