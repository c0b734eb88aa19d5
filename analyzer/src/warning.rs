//! What the data could not tell, and what was taken instead: one [`Warning`] per gap, carried by the
//! snapshot and every report.
//!
//! In JSON a warning is its text alone, so snapshot files and the report's `warnings[]` keep the shape
//! they had; the [`WarningKind`] is for code that reacts to a kind of gap.
//!
//! ```
//! use frugal_analyzer::warning::{Warning, WarningKind};
//!
//! let warning = Warning::new(WarningKind::NoInvocations, "chat: no Invocations in the window");
//! assert_eq!(serde_json::to_string(&warning).unwrap(), r#""chat: no Invocations in the window""#);
//! assert_eq!(warning.to_string(), "chat: no Invocations in the window");
//! ```

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The kind of gap a [`Warning`] reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum WarningKind {
    /// CloudWatch answered a metric query only in part.
    PartialMetricData,
    /// CloudWatch served no percentile statistics.
    NoPercentiles,
    /// Some duration percentiles were estimated from the mean and maximum.
    EstimatedPercentiles,
    /// The function's provisioned-concurrency configurations could not be listed.
    NoProvisionedConfigs,
    /// The function's `REPORT` log lines could not be read.
    NoReportLines,
    /// Only the first `--max-log-events` `REPORT` lines were read.
    ReportLinesCapped,
    /// The function had no invocations in the window.
    NoInvocations,
    /// A function's duration percentiles are not in order (p50 above p99, the mean above the
    /// maximum, …); they were taken as they are.
    PercentilesOutOfOrder,
    /// No source gave the function's peak memory.
    UnknownPeakMemory,
    /// Read back from a snapshot file, which stores the text only.
    Recorded,
}

/// One gap in the data, with what was used instead.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    /// What kind of gap.
    pub kind: WarningKind,
    /// The sentence shown to the reader.
    pub message: String,
}

impl Warning {
    /// A warning of `kind` saying `message`.
    pub fn new(kind: WarningKind, message: impl Into<String>) -> Self {
        Warning {
            kind,
            message: message.into(),
        }
    }

    /// The sentence shown to the reader.
    pub fn as_str(&self) -> &str {
        &self.message
    }

    /// Whether `other` reports what this warning already does: the same sentence, or, for a
    /// function with no invocations, the same function (`fetch` words it its own way, and a snapshot
    /// file keeps the text only).
    pub fn says_the_same(&self, other: &Warning) -> bool {
        if self.message == other.message {
            return true;
        }
        let function = |w: &Warning| w.message.split_once(": ").map(|(name, _)| name.to_owned());
        let no_invocations =
            |w: &Warning| w.message.to_ascii_lowercase().contains("no invocations");
        other.kind == WarningKind::NoInvocations
            && no_invocations(self)
            && no_invocations(other)
            && function(self) == function(other)
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl Serialize for Warning {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.message)
    }
}

impl<'de> Deserialize<'de> for Warning {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer)
            .map(|message| Warning::new(WarningKind::Recorded, message))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_as_its_text() {
        let warning = Warning::new(WarningKind::NoPercentiles, "no percentiles");
        let json = serde_json::to_string(&vec![warning.clone()]).unwrap();
        assert_eq!(json, r#"["no percentiles"]"#);
        let back: Vec<Warning> = serde_json::from_str(&json).unwrap();
        assert_eq!(back[0].message, warning.message);
        assert_eq!(back[0].kind, WarningKind::Recorded);
    }
}
