//! Prices and the per-request cost model, shared by the metrics layer and the `frugal` analyzer.
//!
//! All prices are USD, on-demand, from the AWS price pages (Lambda and Amazon Bedrock, checked
//! 2025). Lambda duration is billed per GB-second with the duration rounded up to the next 1 ms, and
//! since August 2025 the init phase is billed too. The duration price has volume tiers; the first tier
//! is what a single chat function pays and what this module uses unless told otherwise.

use std::time::Duration;

use serde::{Deserialize, Serialize};

/// Lambda request fee, USD per request ($0.20 per million).
pub const REQUEST_PRICE: f64 = 0.20 / 1_000_000.0;
/// CPU scales with memory: 1,769 MB gives one full vCPU.
pub const MB_PER_VCPU: f64 = 1769.0;
/// The default memory size when `AWS_LAMBDA_FUNCTION_MEMORY_SIZE` is not set (the SAM template's).
pub const DEFAULT_MEMORY_MB: u32 = 256;

/// Instruction set of the function.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Architecture {
    /// Graviton (about 20 % cheaper per GB-s).
    #[default]
    Arm64,
    /// Intel / AMD.
    X86_64,
}

impl Architecture {
    /// Parses `arm64`, `aarch64`, `x86_64` or `x86-64` (case-insensitive).
    pub fn parse(text: &str) -> Option<Self> {
        match text.trim().to_ascii_lowercase().as_str() {
            "arm64" | "aarch64" | "arm" => Some(Architecture::Arm64),
            "x86_64" | "x86-64" | "amd64" | "x86" => Some(Architecture::X86_64),
            _ => None,
        }
    }

    /// The architecture this process runs on.
    pub fn current() -> Self {
        if cfg!(target_arch = "aarch64") {
            Architecture::Arm64
        } else {
            Architecture::X86_64
        }
    }

    /// Lambda's name for it.
    pub fn as_str(self) -> &'static str {
        match self {
            Architecture::Arm64 => "arm64",
            Architecture::X86_64 => "x86_64",
        }
    }
}

/// One volume tier of the duration price: up to `up_to_gb_seconds` per month (None = unlimited).
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Tier {
    /// Upper bound of the tier in GB-seconds per month.
    pub up_to_gb_seconds: Option<f64>,
    /// USD per GB-second.
    pub price: f64,
}

/// Lambda prices of one region and architecture.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct LambdaPrice {
    /// Region code.
    pub region: &'static str,
    /// Architecture.
    pub architecture: Architecture,
    /// Duration price tiers (first tier first).
    pub duration_tiers: &'static [Tier],
    /// USD per request.
    pub request: f64,
    /// Provisioned concurrency: USD per GB-second provisioned.
    pub provisioned: f64,
    /// Provisioned concurrency: USD per GB-second of duration on provisioned environments.
    pub provisioned_duration: f64,
}

impl LambdaPrice {
    /// The first-tier duration price, USD per GB-second.
    pub fn gb_second(&self) -> f64 {
        self.duration_tiers.first().map_or(0.0, |t| t.price)
    }

    /// Duration cost of `gb_seconds` in one month, walking the tiers.
    pub fn tiered_duration_cost(&self, gb_seconds: f64) -> f64 {
        let mut left = gb_seconds.max(0.0);
        let mut floor = 0.0;
        let mut cost = 0.0;
        for tier in self.duration_tiers {
            let width = tier
                .up_to_gb_seconds
                .map_or(f64::INFINITY, |top| top - floor);
            let here = left.min(width);
            cost += here * tier.price;
            left -= here;
            floor += width;
            if left <= 0.0 {
                break;
            }
        }
        cost
    }
}

const X86_TIERS: &[Tier] = &[
    Tier {
        up_to_gb_seconds: Some(6.0e9),
        price: 0.000_016_666_7,
    },
    Tier {
        up_to_gb_seconds: Some(15.0e9),
        price: 0.000_015,
    },
    Tier {
        up_to_gb_seconds: None,
        price: 0.000_013_333_4,
    },
];
const ARM_TIERS: &[Tier] = &[
    Tier {
        up_to_gb_seconds: Some(7.5e9),
        price: 0.000_013_333_4,
    },
    Tier {
        up_to_gb_seconds: Some(18.75e9),
        price: 0.000_012_000_1,
    },
    Tier {
        up_to_gb_seconds: None,
        price: 0.000_010_666_7,
    },
];

macro_rules! region_prices {
    ($($region:literal),* $(,)?) => {
        &[$(
            LambdaPrice {
                region: $region,
                architecture: Architecture::X86_64,
                duration_tiers: X86_TIERS,
                request: REQUEST_PRICE,
                provisioned: 0.000_004_166_7,
                provisioned_duration: 0.000_009_722_2,
            },
            LambdaPrice {
                region: $region,
                architecture: Architecture::Arm64,
                duration_tiers: ARM_TIERS,
                request: REQUEST_PRICE,
                provisioned: 0.000_003_333_4,
                provisioned_duration: 0.000_007_777_8,
            },
        )*]
    };
}

/// The Lambda price table. These regions share the same list prices.
pub const LAMBDA_PRICES: &[LambdaPrice] = region_prices!(
    "us-east-1",
    "us-east-2",
    "us-west-2",
    "eu-west-1",
    "eu-central-1",
    "eu-north-1",
    "ap-northeast-1",
    "ap-southeast-1",
    "ap-southeast-2",
);

/// Prices for `region` and `architecture`; falls back to us-east-1 for a region not in the table.
pub fn lambda_price(region: &str, architecture: Architecture) -> &'static LambdaPrice {
    LAMBDA_PRICES
        .iter()
        .find(|p| p.region == region && p.architecture == architecture)
        .or_else(|| {
            LAMBDA_PRICES
                .iter()
                .find(|p| p.architecture == architecture)
        })
        .unwrap_or(&LAMBDA_PRICES[0])
}

/// On-demand price of one Bedrock model, USD per 1,000 tokens.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct ModelPrice {
    /// Bedrock model id (without an inference-profile prefix such as `us.`).
    pub model_id: &'static str,
    /// Human name.
    pub name: &'static str,
    /// USD per 1,000 input tokens.
    pub input_per_1k: f64,
    /// USD per 1,000 output tokens.
    pub output_per_1k: f64,
}

/// The Bedrock price table (us-east-1 on-demand).
pub const MODEL_PRICES: &[ModelPrice] = &[
    ModelPrice {
        model_id: "anthropic.claude-3-haiku-20240307-v1:0",
        name: "Claude 3 Haiku",
        input_per_1k: 0.000_25,
        output_per_1k: 0.001_25,
    },
    ModelPrice {
        model_id: "anthropic.claude-3-5-haiku-20241022-v1:0",
        name: "Claude 3.5 Haiku",
        input_per_1k: 0.000_8,
        output_per_1k: 0.004,
    },
    ModelPrice {
        model_id: "anthropic.claude-3-5-sonnet-20240620-v1:0",
        name: "Claude 3.5 Sonnet",
        input_per_1k: 0.003,
        output_per_1k: 0.015,
    },
    ModelPrice {
        model_id: "anthropic.claude-3-5-sonnet-20241022-v2:0",
        name: "Claude 3.5 Sonnet v2",
        input_per_1k: 0.003,
        output_per_1k: 0.015,
    },
    ModelPrice {
        model_id: "anthropic.claude-3-7-sonnet-20250219-v1:0",
        name: "Claude 3.7 Sonnet",
        input_per_1k: 0.003,
        output_per_1k: 0.015,
    },
    ModelPrice {
        model_id: "amazon.nova-micro-v1:0",
        name: "Nova Micro",
        input_per_1k: 0.000_035,
        output_per_1k: 0.000_14,
    },
    ModelPrice {
        model_id: "amazon.nova-lite-v1:0",
        name: "Nova Lite",
        input_per_1k: 0.000_06,
        output_per_1k: 0.000_24,
    },
    ModelPrice {
        model_id: "amazon.nova-pro-v1:0",
        name: "Nova Pro",
        input_per_1k: 0.000_8,
        output_per_1k: 0.003_2,
    },
    ModelPrice {
        model_id: "meta.llama3-8b-instruct-v1:0",
        name: "Llama 3 8B",
        input_per_1k: 0.000_3,
        output_per_1k: 0.000_6,
    },
    ModelPrice {
        model_id: "meta.llama3-70b-instruct-v1:0",
        name: "Llama 3 70B",
        input_per_1k: 0.002_65,
        output_per_1k: 0.003_5,
    },
    ModelPrice {
        model_id: "meta.llama3-1-8b-instruct-v1:0",
        name: "Llama 3.1 8B",
        input_per_1k: 0.000_22,
        output_per_1k: 0.000_22,
    },
    ModelPrice {
        model_id: "meta.llama3-1-70b-instruct-v1:0",
        name: "Llama 3.1 70B",
        input_per_1k: 0.000_72,
        output_per_1k: 0.000_72,
    },
    ModelPrice {
        model_id: "meta.llama3-2-1b-instruct-v1:0",
        name: "Llama 3.2 1B",
        input_per_1k: 0.000_1,
        output_per_1k: 0.000_1,
    },
    ModelPrice {
        model_id: "meta.llama3-2-3b-instruct-v1:0",
        name: "Llama 3.2 3B",
        input_per_1k: 0.000_15,
        output_per_1k: 0.000_15,
    },
    ModelPrice {
        model_id: "meta.llama3-3-70b-instruct-v1:0",
        name: "Llama 3.3 70B",
        input_per_1k: 0.000_72,
        output_per_1k: 0.000_72,
    },
];

/// The model the chat Lambda uses unless configured otherwise.
pub const DEFAULT_MODEL_ID: &str = "anthropic.claude-3-haiku-20240307-v1:0";

/// Looks a model up by id, ignoring an inference-profile prefix (`us.`, `eu.`, `apac.`, `global.`) and
/// a full ARN.
pub fn model_price(model_id: &str) -> Option<&'static ModelPrice> {
    let id = model_id.rsplit('/').next().unwrap_or(model_id);
    let id = ["us.", "eu.", "apac.", "global.", "us-gov."]
        .iter()
        .find_map(|prefix| id.strip_prefix(prefix))
        .unwrap_or(id);
    MODEL_PRICES.iter().find(|p| p.model_id == id)
}

/// Token cost of one call; zero for a model not in the table.
pub fn token_cost(model_id: &str, input_tokens: u64, output_tokens: u64) -> f64 {
    model_price(model_id).map_or(0.0, |p| {
        input_tokens as f64 / 1000.0 * p.input_per_1k
            + output_tokens as f64 / 1000.0 * p.output_per_1k
    })
}

/// Prices one invocation of a function of a given size.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CostModel {
    /// Configured memory, MB.
    pub memory_mb: u32,
    /// Prices in force.
    pub price: &'static LambdaPrice,
}

impl Default for CostModel {
    fn default() -> Self {
        Self::new(DEFAULT_MEMORY_MB, Architecture::current(), "us-east-1")
    }
}

impl CostModel {
    /// A model for `memory_mb` MB on `architecture` in `region`.
    pub fn new(memory_mb: u32, architecture: Architecture, region: &str) -> Self {
        Self {
            memory_mb,
            price: lambda_price(region, architecture),
        }
    }

    /// From the Lambda environment: `AWS_LAMBDA_FUNCTION_MEMORY_SIZE`, `AWS_REGION`, and
    /// `FRUGAL_ARCHITECTURE` (defaults to the architecture this binary was built for).
    pub fn from_env() -> Self {
        let memory_mb = std::env::var("AWS_LAMBDA_FUNCTION_MEMORY_SIZE")
            .ok()
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or(DEFAULT_MEMORY_MB);
        let architecture = std::env::var("FRUGAL_ARCHITECTURE")
            .ok()
            .and_then(|v| Architecture::parse(&v))
            .unwrap_or_else(Architecture::current);
        let region = std::env::var("AWS_REGION").unwrap_or_else(|_| "us-east-1".into());
        Self::new(memory_mb, architecture, &region)
    }

    /// GB-seconds billed for a duration (rounded up to the next millisecond).
    pub fn gb_seconds(&self, duration: Duration) -> f64 {
        billed_ms(duration) as f64 / 1000.0 * self.memory_mb as f64 / 1024.0
    }

    /// Duration cost plus request fee of one invocation (first price tier).
    pub fn invocation_cost(&self, duration: Duration) -> f64 {
        self.gb_seconds(duration) * self.price.gb_second() + self.price.request
    }
}

/// Milliseconds billed for a duration: rounded up to the next whole millisecond.
pub fn billed_ms(duration: Duration) -> u64 {
    let micros = duration.as_micros();
    micros.div_ceil(1000).try_into().unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounds_duration_up_to_the_millisecond() {
        assert_eq!(billed_ms(Duration::from_micros(1)), 1);
        assert_eq!(billed_ms(Duration::from_micros(1000)), 1);
        assert_eq!(billed_ms(Duration::from_micros(1001)), 2);
        assert_eq!(billed_ms(Duration::ZERO), 0);
    }

    #[test]
    fn power_tuning_formula_for_one_second_at_1024_mb_x86() {
        let model = CostModel::new(1024, Architecture::X86_64, "us-east-1");
        let cost = model.invocation_cost(Duration::from_secs(1));
        assert!((cost - (0.000_016_666_7 + 0.000_000_2)).abs() < 1e-12);
    }

    #[test]
    fn arm_is_about_twenty_percent_cheaper() {
        let x86 = lambda_price("us-east-1", Architecture::X86_64).gb_second();
        let arm = lambda_price("us-east-1", Architecture::Arm64).gb_second();
        assert!((1.0 - arm / x86 - 0.2).abs() < 0.001);
    }

    #[test]
    fn model_lookup_ignores_inference_profile_prefix() {
        assert_eq!(
            model_price("us.anthropic.claude-3-haiku-20240307-v1:0").map(|p| p.name),
            Some("Claude 3 Haiku")
        );
        let cost = token_cost("amazon.nova-micro-v1:0", 1000, 1000);
        assert!((cost - 0.000_175).abs() < 1e-12);
        assert_eq!(token_cost("unknown", 1000, 1000), 0.0);
    }

    #[test]
    fn tiers_apply_in_order() {
        let p = lambda_price("us-east-1", Architecture::X86_64);
        let cost = p.tiered_duration_cost(7.0e9);
        let expected = 6.0e9 * 0.000_016_666_7 + 1.0e9 * 0.000_015;
        assert!((cost - expected).abs() < 1e-3);
    }
}
