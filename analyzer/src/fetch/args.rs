//! What to read: the command-line arguments, and the [`Plan`] they become (functions, window, region).

use frugal_pricing::metric_names;

use crate::aws::AwsArgs;
use crate::error::{ensure, Error};

/// Functions read at once when `--concurrency` is not given.
pub const DEFAULT_CONCURRENCY: usize = 8;
/// The most functions `--concurrency` lets be read at once.
pub const MAX_CONCURRENCY: usize = 64;

/// What to read: the functions (by name, through a stack, or every one in the region), the window and
/// the AWS account.
#[derive(Debug, Clone, clap::Args)]
pub struct SourceArgs {
    /// Function to analyse, by name or ARN (repeatable, or comma separated).
    #[arg(long = "function", env = "FRUGAL_FUNCTIONS", value_delimiter = ',')]
    pub functions: Vec<String>,
    /// CloudFormation stack whose `AWS::Lambda::Function` resources to analyse.
    #[arg(long, env = "FRUGAL_STACK", conflicts_with = "functions")]
    pub stack: Option<String>,
    /// Every function in the region (narrowed by `--tag` and `--name-prefix`).
    #[arg(long, env = "FRUGAL_ALL", conflicts_with_all = ["functions", "stack"])]
    pub all: bool,
    /// With `--all`: only functions tagged KEY=VALUE (repeatable, or comma separated; all must match).
    #[arg(
        long = "tag",
        env = "FRUGAL_TAGS",
        value_name = "KEY=VALUE",
        value_delimiter = ',',
        requires = "all"
    )]
    pub tags: Vec<TagFilter>,
    /// With `--all`: only functions whose name starts with PREFIX.
    #[arg(
        long,
        env = "FRUGAL_NAME_PREFIX",
        value_name = "PREFIX",
        requires = "all"
    )]
    pub name_prefix: Option<String>,
    /// Functions read at once (1–64); CloudWatch calls are batched across them and retried
    /// adaptively when AWS throttles.
    #[arg(
        long,
        env = "FRUGAL_CONCURRENCY",
        default_value_t = DEFAULT_CONCURRENCY,
        value_parser = parse_concurrency
    )]
    pub concurrency: usize,
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
        let named = [
            (!self.functions.is_empty()).then_some("--function"),
            self.stack.is_some().then_some("--stack"),
            self.all.then_some("--all"),
        ];
        let named: Vec<&str> = named.into_iter().flatten().collect();
        ensure!(
            named.len() <= 1,
            Input,
            "give one of --function, --stack or --all, not {}",
            named.join(" and ")
        );
        ensure!(
            self.all || (self.tags.is_empty() && self.name_prefix.is_none()),
            Input,
            "--tag and --name-prefix narrow --all; add --all (or drop them)"
        );
        ensure!(
            (1..=MAX_CONCURRENCY).contains(&self.concurrency),
            Input,
            "--concurrency must be between 1 and {MAX_CONCURRENCY}, got {}",
            self.concurrency
        );
        if self.all {
            return Ok(Target::All {
                tags: self.tags.clone(),
                name_prefix: self.name_prefix.clone().filter(|p| !p.is_empty()),
            });
        }
        match &self.stack {
            Some(stack) => Ok(Target::Stack(stack.clone())),
            None if !self.functions.is_empty() => Ok(Target::Functions(self.functions.clone())),
            None => Err(Error::Input(
                "nothing to read: give --function NAME, --stack STACK or --all".into(),
            )),
        }
    }

    /// Whether the command line names something to read from AWS.
    pub fn names_a_target(&self) -> bool {
        self.all || self.stack.is_some() || !self.functions.is_empty()
    }
}

/// `--concurrency`: a whole number from 1 to [`MAX_CONCURRENCY`].
fn parse_concurrency(text: &str) -> Result<usize, String> {
    text.trim()
        .parse::<usize>()
        .ok()
        .filter(|n| (1..=MAX_CONCURRENCY).contains(n))
        .ok_or_else(|| format!("expected a whole number from 1 to {MAX_CONCURRENCY}, got {text:?}"))
}

/// `--tag KEY=VALUE`: a function matches when it carries the tag KEY with exactly VALUE.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct TagFilter {
    /// Tag key.
    pub key: String,
    /// Tag value (may be empty: AWS allows empty tag values).
    pub value: String,
}

impl std::str::FromStr for TagFilter {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text.split_once('=') {
            Some((key, value)) if !key.trim().is_empty() => Ok(TagFilter {
                key: key.trim().to_owned(),
                value: value.to_owned(),
            }),
            _ => Err(format!(
                "expected KEY=VALUE (for example team=chat), got {text:?}"
            )),
        }
    }
}

impl std::fmt::Display for TagFilter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}={}", self.key, self.value)
    }
}

/// Which functions to read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// These functions.
    Functions(Vec<String>),
    /// The `AWS::Lambda::Function` resources of this stack.
    Stack(String),
    /// Every function in the region that carries all of `tags` and whose name starts with
    /// `name_prefix`.
    All {
        /// Tags a function must all carry.
        tags: Vec<TagFilter>,
        /// Start of the name.
        name_prefix: Option<String>,
    },
}

impl Target {
    /// What the target filters on, for messages (`--tag team=chat --name-prefix chat-`), empty when
    /// it does not filter.
    pub fn filters(&self) -> String {
        match self {
            Target::All { tags, name_prefix } => tags
                .iter()
                .map(|t| format!("--tag {t}"))
                .chain(name_prefix.iter().map(|p| format!("--name-prefix {p}")))
                .collect::<Vec<_>>()
                .join(" "),
            Target::Functions(_) | Target::Stack(_) => String::new(),
        }
    }
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
    /// Functions read at once (AWS calls in flight at once, CloudWatch batches aside).
    pub concurrency: usize,
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
    fn tags_parse_as_key_equals_value() {
        let tag: TagFilter = "team=chat=x".parse().unwrap();
        assert_eq!((tag.key.as_str(), tag.value.as_str()), ("team", "chat=x"));
        let empty: TagFilter = "flag=".parse().unwrap();
        assert_eq!(empty.value, "");
        for bad in ["team", "=chat", "", " =x"] {
            assert!(bad.parse::<TagFilter>().is_err(), "{bad:?}");
        }
    }

    #[test]
    fn names_are_trimmed_and_deduplicated_in_order() {
        assert_eq!(
            dedupe(vec!["b".into(), " a ".into(), "b".into(), "".into()]),
            vec!["b".to_owned(), "a".to_owned()]
        );
    }
}
