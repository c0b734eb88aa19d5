//! The one cost function. Every monthly figure of a report — "before", "after", each point of the memory
//! curve, each provisioned level, the simulator's bill — is [`MonthlyCost::of`] applied to a [`Billable`].

use frugal_pricing::LambdaPrice;
use serde::Serialize;

/// What a configuration is billed for over a window, before prices.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Billable {
    /// Invocations.
    pub requests: f64,
    /// Billed ms of invocations that ran on on-demand environments.
    pub on_demand_ms: f64,
    /// Billed ms of invocations that ran on provisioned environments.
    pub provisioned_ms: f64,
    /// Billed init ms of on-demand cold starts (provisioned environments' init is in their price).
    pub init_ms: f64,
    /// Length of the window, seconds.
    pub window_seconds: f64,
}

/// A configuration's Lambda bill for a month of 730 hours, by part, USD.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct MonthlyCost {
    /// Duration of invocations on on-demand environments (tiered price).
    pub on_demand_duration: f64,
    /// Init of on-demand cold starts (billed like duration, same tiers).
    pub init: f64,
    /// Duration of invocations on provisioned environments (provisioned duration price).
    pub provisioned_duration: f64,
    /// The provisioned environments themselves, kept warm all month.
    pub provisioned_environments: f64,
    /// Request fees.
    pub requests: f64,
    /// The sum of the parts.
    pub total: f64,
}

impl MonthlyCost {
    /// Prices `billable` at `memory_mb` with `provisioned` environments. The window's usage is scaled to
    /// a month before the duration tiers apply (they are monthly).
    pub fn of(billable: &Billable, memory_mb: u32, provisioned: u32, price: &LambdaPrice) -> Self {
        let gb = f64::from(memory_mb) / 1024.0;
        let to_month = if billable.window_seconds > 0.0 {
            crate::cost_cmd::SECONDS_PER_MONTH / billable.window_seconds
        } else {
            0.0
        };
        let on_demand_gb_s = billable.on_demand_ms.max(0.0) / 1000.0 * gb * to_month;
        let init_gb_s = billable.init_ms.max(0.0) / 1000.0 * gb * to_month;
        let tiered = price.tiered_duration_cost(on_demand_gb_s + init_gb_s);
        // Tiers apply to on-demand duration and init together; split the bill in proportion.
        let init_share = if on_demand_gb_s + init_gb_s > 0.0 {
            init_gb_s / (on_demand_gb_s + init_gb_s)
        } else {
            0.0
        };
        let on_demand_duration = tiered * (1.0 - init_share);
        let init = tiered * init_share;
        let provisioned_duration =
            billable.provisioned_ms.max(0.0) / 1000.0 * gb * to_month * price.provisioned_duration;
        let provisioned_environments = if billable.window_seconds > 0.0 {
            f64::from(provisioned) * gb * crate::cost_cmd::SECONDS_PER_MONTH * price.provisioned
        } else {
            0.0
        };
        let requests = billable.requests.max(0.0) * to_month * price.request;
        MonthlyCost {
            on_demand_duration,
            init,
            provisioned_duration,
            provisioned_environments,
            requests,
            total: on_demand_duration
                + init
                + provisioned_duration
                + provisioned_environments
                + requests,
        }
    }

    /// The parts, named, in the order of the struct (for reports and the add-up checks).
    pub fn parts(&self) -> [(&'static str, f64); 5] {
        [
            ("on-demand duration", self.on_demand_duration),
            ("init", self.init),
            ("provisioned duration", self.provisioned_duration),
            ("provisioned environments", self.provisioned_environments),
            ("requests", self.requests),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use frugal_pricing::{lambda_price, Architecture};

    #[test]
    fn parts_add_up_and_match_the_published_prices() {
        let price = lambda_price("us-east-1", Architecture::X86_64).unwrap();
        // One hour: 1M invocations of 100 ms at 1 GB on demand, 10 cold starts of 200 ms, 2 environments.
        let billable = Billable {
            requests: 1e6,
            on_demand_ms: 1e8,
            provisioned_ms: 5e7,
            init_ms: 2000.0,
            window_seconds: 3600.0,
        };
        let cost = MonthlyCost::of(&billable, 1024, 2, price);
        let sum: f64 = cost.parts().iter().map(|(_, v)| v).sum();
        assert!((sum - cost.total).abs() < 1e-9);
        // 730 h × 1e5 GB-s on demand: past the first tier (6 billion GB-s)? No: 7.3e7 GB-s, first tier.
        assert!((cost.on_demand_duration - 730.0 * 1e5 * 0.0000166667).abs() < 1e-6);
        assert!((cost.provisioned_duration - 730.0 * 5e4 * 0.0000097222).abs() < 1e-6);
        assert!((cost.provisioned_environments - 2.0 * 730.0 * 3600.0 * 0.0000041667).abs() < 1e-6);
        assert!((cost.requests - 730.0 * 0.2).abs() < 1e-9);
        assert_eq!(
            MonthlyCost::of(&Billable::default(), 1024, 3, price).total,
            0.0
        );
    }
}
