//! The timeout recommendation: the duration tail with a margin.

use serde::Serialize;

use super::{HTTP_API_TIMEOUT_S, TIMEOUT_MARGIN};
use crate::snapshot::FunctionSnapshot;

/// The timeout recommendation.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct TimeoutRecommendation {
    /// Configured now, s.
    pub current_s: u32,
    /// Recommended, s.
    pub recommended_s: u32,
    /// The recommendation exceeds the HTTP API's 30 s: the answer must stream or go async.
    pub exceeds_http_api_limit: bool,
    /// Why.
    pub evidence: String,
}

/// Timeout: the duration tail (max of p99.9 and max) with a margin, at least 3 s.
pub fn timeout(function: &FunctionSnapshot) -> TimeoutRecommendation {
    let d = &function.duration_ms;
    let tail = d.p999.max(d.max);
    let recommended = ((tail * TIMEOUT_MARGIN / 1000.0).ceil() as u32).max(3);
    let exceeds = recommended > HTTP_API_TIMEOUT_S;
    TimeoutRecommendation {
        current_s: function.config.timeout_s,
        recommended_s: recommended,
        exceeds_http_api_limit: exceeds,
        evidence: format!(
            "p99.9 {:.0} ms, max {:.0} ms; × {TIMEOUT_MARGIN} margin{}",
            d.p999,
            d.max,
            if exceeds {
                "; above the HTTP API's 30 s integration timeout: stream the answer (a REST API with response streaming or a function URL, FRUGAL_RESPONSE_MODE=streaming; up to 15 min) or make it asynchronous"
            } else {
                ""
            }
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::test_helpers::function;

    #[test]
    fn timeout_has_margin_and_flags_the_http_api_limit() {
        let f = function(vec![1.0], vec![1.0], 1000.0, None);
        assert_eq!(timeout(&f).recommended_s, 5);
        let slow = function(vec![1.0], vec![1.0], 8000.0, None);
        let t = timeout(&slow);
        assert!(t.exceeds_http_api_limit && t.recommended_s == 36, "{t:?}");
    }
}
