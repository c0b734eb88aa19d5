//! Lambda prices by region and architecture, and the cost of one invocation.

use std::fmt;
use std::str::FromStr;
use std::time::Duration;

use serde::{Deserialize, Serialize};

/// Lambda request fee, USD per request ($0.20 per million).
pub const REQUEST_PRICE: f64 = 0.20 / 1_000_000.0;
/// CPU scales with memory: 1,769 MB gives one full vCPU.
pub const MB_PER_VCPU: f64 = 1769.0;
/// The memory size assumed when none is configured (the SAM template's).
pub const DEFAULT_MEMORY_MB: u32 = 256;
/// The region assumed when none is configured.
pub const DEFAULT_REGION: &str = "us-east-1";

/// Instruction set of a Lambda function.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Default,
)]
#[cfg_attr(feature = "clap", derive(clap::ValueEnum))]
#[serde(rename_all = "snake_case")]
pub enum Architecture {
    /// Graviton (about 20 % cheaper per GB-s).
    #[default]
    #[cfg_attr(feature = "clap", value(name = "arm64", alias = "aarch64"))]
    Arm64,
    /// Intel / AMD.
    #[cfg_attr(
        feature = "clap",
        value(name = "x86_64", alias = "x86-64", alias = "amd64")
    )]
    X86_64,
}

/// A text that names no architecture Lambda offers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseArchitectureError(pub String);

impl fmt::Display for ParseArchitectureError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown architecture {:?}: use arm64 or x86_64", self.0)
    }
}

impl std::error::Error for ParseArchitectureError {}

impl FromStr for Architecture {
    type Err = ParseArchitectureError;

    /// Parses `arm64`/`aarch64` or `x86_64`/`x86-64`/`amd64` (case-insensitive).
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text.trim().to_ascii_lowercase().as_str() {
            "arm64" | "aarch64" => Ok(Architecture::Arm64),
            "x86_64" | "x86-64" | "amd64" => Ok(Architecture::X86_64),
            _ => Err(ParseArchitectureError(text.to_owned())),
        }
    }
}

impl fmt::Display for Architecture {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Architecture {
    /// Both architectures.
    pub const ALL: [Architecture; 2] = [Architecture::Arm64, Architecture::X86_64];

    /// The architecture this binary was built for.
    pub fn current() -> Self {
        if cfg!(target_arch = "aarch64") {
            Architecture::Arm64
        } else {
            Architecture::X86_64
        }
    }

    /// Lambda's name for it (`arm64`, `x86_64`).
    pub fn as_str(self) -> &'static str {
        match self {
            Architecture::Arm64 => "arm64",
            Architecture::X86_64 => "x86_64",
        }
    }
}

/// One volume tier of the duration price: up to `up_to_gb_seconds` per month (`None` = unlimited).
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

/// Prices for `region` and `architecture`, or `None` for a region the table does not know.
pub fn lambda_price(region: &str, architecture: Architecture) -> Option<&'static LambdaPrice> {
    LAMBDA_PRICES
        .iter()
        .find(|p| p.region == region && p.architecture == architecture)
}

/// Prices one invocation of a function of a given size.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CostModel {
    /// Configured memory, MB.
    pub memory_mb: u32,
    /// Prices in force.
    pub price: &'static LambdaPrice,
}

impl CostModel {
    /// A model for `memory_mb` MB at `price`.
    pub fn new(memory_mb: u32, price: &'static LambdaPrice) -> Self {
        Self { memory_mb, price }
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

    fn price(region: &str, architecture: Architecture) -> &'static LambdaPrice {
        lambda_price(region, architecture).unwrap()
    }

    #[test]
    fn rounds_duration_up_to_the_millisecond() {
        assert_eq!(billed_ms(Duration::from_micros(1)), 1);
        assert_eq!(billed_ms(Duration::from_micros(1000)), 1);
        assert_eq!(billed_ms(Duration::from_micros(1001)), 2);
        assert_eq!(billed_ms(Duration::ZERO), 0);
    }

    #[test]
    fn power_tuning_formula_for_one_second_at_1024_mb_x86() {
        let model = CostModel::new(1024, price("us-east-1", Architecture::X86_64));
        let cost = model.invocation_cost(Duration::from_secs(1));
        assert!((cost - (0.000_016_666_7 + 0.000_000_2)).abs() < 1e-12);
    }

    #[test]
    fn arm_is_about_twenty_percent_cheaper() {
        let x86 = price("us-east-1", Architecture::X86_64).gb_second();
        let arm = price("us-east-1", Architecture::Arm64).gb_second();
        assert!((1.0 - arm / x86 - 0.2).abs() < 0.001);
    }

    #[test]
    fn tiers_apply_in_order() {
        let p = price("us-east-1", Architecture::X86_64);
        let cost = p.tiered_duration_cost(7.0e9);
        let expected = 6.0e9 * 0.000_016_666_7 + 1.0e9 * 0.000_015;
        assert!((cost - expected).abs() < 1e-3);
    }

    #[test]
    fn unknown_regions_and_architectures_are_not_guessed() {
        assert_eq!(lambda_price("mars-1", Architecture::Arm64), None);
        assert!("sparc".parse::<Architecture>().is_err());
        assert_eq!("AARCH64".parse::<Architecture>(), Ok(Architecture::Arm64));
        assert_eq!("x86-64".parse::<Architecture>(), Ok(Architecture::X86_64));
        assert_eq!(Architecture::X86_64.to_string(), "x86_64");
    }
}
