//! Amazon Bedrock on-demand token prices.

use serde::Serialize;

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

impl ModelPrice {
    /// USD for this many input and output tokens.
    pub fn token_cost(&self, input_tokens: u64, output_tokens: u64) -> f64 {
        input_tokens as f64 / 1000.0 * self.input_per_1k
            + output_tokens as f64 / 1000.0 * self.output_per_1k
    }
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

/// Token cost of one call, or `None` for a model the table does not know.
pub fn token_cost(model_id: &str, input_tokens: u64, output_tokens: u64) -> Option<f64> {
    model_price(model_id).map(|p| p.token_cost(input_tokens, output_tokens))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn model_lookup_ignores_inference_profile_prefix() {
        assert_eq!(
            model_price("us.anthropic.claude-3-haiku-20240307-v1:0").map(|p| p.name),
            Some("Claude 3 Haiku")
        );
        let cost = token_cost("amazon.nova-micro-v1:0", 1000, 1000).unwrap();
        assert!((cost - 0.000_175).abs() < 1e-12);
        assert_eq!(token_cost("unknown", 1000, 1000), None);
    }
}
