//! The whole request's price: besides Lambda and the model's tokens, the front door (API Gateway or a
//! function URL, and CloudFront when it sits in front), CloudWatch Logs ingestion of the request's log
//! and EMF lines, and DynamoDB reads and writes (history, shared cache, budget). us-east-1 list prices.

use serde::Serialize;

/// API Gateway HTTP API, per request (first 300 million a month).
pub const HTTP_API_PER_REQUEST: f64 = 1.00e-6;
/// API Gateway REST API, per request (first 333 million a month).
pub const REST_API_PER_REQUEST: f64 = 3.50e-6;
/// CloudFront HTTPS requests (United States, Europe), per request.
pub const CLOUDFRONT_PER_REQUEST: f64 = 0.0100 / 10_000.0;
/// CloudWatch Logs ingestion (standard class), per GB.
pub const LOGS_INGESTION_PER_GB: f64 = 0.50;
/// DynamoDB on-demand, per read request unit (a strongly consistent read of up to 4 KB; half a unit
/// eventually consistent).
pub const DYNAMODB_PER_READ_UNIT: f64 = 0.125e-6;
/// DynamoDB on-demand, per write request unit (a write of up to 1 KB; a transactional write counts
/// twice).
pub const DYNAMODB_PER_WRITE_UNIT: f64 = 0.625e-6;
/// Log bytes Lambda itself writes per invocation in the JSON log format (`platform.start` and
/// `platform.report`), an estimate.
pub const PLATFORM_LOG_BYTES: u64 = 600;

/// What answers the browser's request before Lambda.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FrontDoor {
    /// API Gateway HTTP API (buffered responses only).
    HttpApi,
    /// API Gateway REST API (response streaming).
    RestApi,
    /// A Lambda function URL (no charge of its own).
    FunctionUrl,
}

impl FrontDoor {
    /// The price of one request through it.
    pub fn per_request(self) -> f64 {
        match self {
            FrontDoor::HttpApi => HTTP_API_PER_REQUEST,
            FrontDoor::RestApi => REST_API_PER_REQUEST,
            FrontDoor::FunctionUrl => 0.0,
        }
    }
}

impl std::str::FromStr for FrontDoor {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        match text {
            "http-api" => Ok(FrontDoor::HttpApi),
            "rest-api" => Ok(FrontDoor::RestApi),
            "function-url" => Ok(FrontDoor::FunctionUrl),
            other => Err(format!(
                "unknown front door {other:?}: use http-api, rest-api or function-url"
            )),
        }
    }
}

/// One request's price, by component, in USD.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct RequestPrice {
    /// Lambda: duration (and init on a cold start) and the request fee.
    pub lambda: f64,
    /// The model's tokens.
    pub tokens: f64,
    /// API Gateway or function URL, and CloudFront when in front.
    pub front_door: f64,
    /// CloudWatch Logs ingestion of the request's log lines.
    pub logs: f64,
    /// DynamoDB reads and writes.
    pub dynamodb: f64,
}

impl RequestPrice {
    /// Everything.
    pub fn total(&self) -> f64 {
        self.lambda + self.tokens + self.front_door + self.logs + self.dynamodb
    }

    /// The components with their names, largest first.
    pub fn components(&self) -> Vec<(&'static str, f64)> {
        let mut parts = vec![
            ("Lambda", self.lambda),
            ("model tokens", self.tokens),
            ("front door", self.front_door),
            ("CloudWatch Logs", self.logs),
            ("DynamoDB", self.dynamodb),
        ];
        parts.sort_by(|a, b| b.1.total_cmp(&a.1));
        parts
    }

    /// The largest component.
    pub fn dominant(&self) -> (&'static str, f64) {
        self.components()[0]
    }
}

/// Log ingestion of `bytes` of log lines.
pub fn logs_cost(bytes: u64) -> f64 {
    bytes as f64 / 1e9 * LOGS_INGESTION_PER_GB
}

/// DynamoDB on-demand cost of these read and write request units.
pub fn dynamodb_cost(read_units: f64, write_units: f64) -> f64 {
    read_units * DYNAMODB_PER_READ_UNIT + write_units * DYNAMODB_PER_WRITE_UNIT
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn components_add_up_and_the_dominant_one_is_named() {
        let price = RequestPrice {
            lambda: 2.0e-7,
            tokens: 0.0,
            front_door: FrontDoor::RestApi.per_request(),
            logs: logs_cost(1_500),
            dynamodb: 0.0,
        };
        assert!((price.total() - (2.0e-7 + 3.5e-6 + 7.5e-7)).abs() < 1e-15);
        assert_eq!(price.dominant().0, "front door");
        assert_eq!("rest-api".parse::<FrontDoor>(), Ok(FrontDoor::RestApi));
        assert!("carrier-pigeon".parse::<FrontDoor>().is_err());
        assert!((dynamodb_cost(0.5, 2.0) - (0.0625e-6 + 1.25e-6)).abs() < 1e-15);
    }
}
