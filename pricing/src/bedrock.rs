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
    /// Bedrock prompt caching, where the model supports it.
    pub prompt_cache: Option<PromptCachePrice>,
}

/// Bedrock prompt caching for one model: the smallest prefix a cache point may end, and the prices
/// of tokens written to and read from the cache (instead of the input price).
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct PromptCachePrice {
    /// Fewest prompt tokens before a cache point (Bedrock ignores a cache point below it).
    pub min_tokens: u32,
    /// USD per 1,000 tokens written to the cache.
    pub write_per_1k: f64,
    /// USD per 1,000 tokens read from the cache.
    pub read_per_1k: f64,
}

impl ModelPrice {
    /// USD for this many input and output tokens.
    pub fn token_cost(&self, input_tokens: u64, output_tokens: u64) -> f64 {
        input_tokens as f64 / 1000.0 * self.input_per_1k
            + output_tokens as f64 / 1000.0 * self.output_per_1k
    }

    /// USD for a call that also read and wrote prompt-cache tokens (Bedrock reports them apart from
    /// `inputTokens`). A model without prompt caching prices them as input tokens.
    pub fn token_cost_with_cache(
        &self,
        input_tokens: u64,
        output_tokens: u64,
        cache_read_tokens: u64,
        cache_write_tokens: u64,
    ) -> f64 {
        let (read, write) = self
            .prompt_cache
            .map_or((self.input_per_1k, self.input_per_1k), |cache| {
                (cache.read_per_1k, cache.write_per_1k)
            });
        self.token_cost(input_tokens, output_tokens)
            + cache_read_tokens as f64 / 1000.0 * read
            + cache_write_tokens as f64 / 1000.0 * write
    }
}

/// The Bedrock price table (us-east-1 on-demand). Prompt caching (Bedrock's generally available
/// models): Claude 3.7 Sonnet and Claude 3.5 Haiku write at 1.25× and read at 0.1× the input price;
/// Amazon Nova writes at the input price and reads at 0.25× of it.
pub const MODEL_PRICES: &[ModelPrice] = &[
    ModelPrice {
        model_id: "anthropic.claude-3-haiku-20240307-v1:0",
        name: "Claude 3 Haiku",
        input_per_1k: 0.000_25,
        output_per_1k: 0.001_25,
        prompt_cache: None,
    },
    ModelPrice {
        model_id: "anthropic.claude-3-5-haiku-20241022-v1:0",
        name: "Claude 3.5 Haiku",
        input_per_1k: 0.000_8,
        output_per_1k: 0.004,
        prompt_cache: Some(PromptCachePrice {
            min_tokens: 2_048,
            write_per_1k: 0.001,
            read_per_1k: 0.000_08,
        }),
    },
    ModelPrice {
        model_id: "anthropic.claude-3-5-sonnet-20240620-v1:0",
        name: "Claude 3.5 Sonnet",
        input_per_1k: 0.003,
        output_per_1k: 0.015,
        prompt_cache: None,
    },
    ModelPrice {
        model_id: "anthropic.claude-3-5-sonnet-20241022-v2:0",
        name: "Claude 3.5 Sonnet v2",
        input_per_1k: 0.003,
        output_per_1k: 0.015,
        prompt_cache: None,
    },
    ModelPrice {
        model_id: "anthropic.claude-3-7-sonnet-20250219-v1:0",
        name: "Claude 3.7 Sonnet",
        input_per_1k: 0.003,
        output_per_1k: 0.015,
        prompt_cache: Some(PromptCachePrice {
            min_tokens: 1_024,
            write_per_1k: 0.003_75,
            read_per_1k: 0.000_3,
        }),
    },
    ModelPrice {
        model_id: "amazon.nova-micro-v1:0",
        name: "Nova Micro",
        input_per_1k: 0.000_035,
        output_per_1k: 0.000_14,
        prompt_cache: Some(PromptCachePrice {
            min_tokens: 1_000,
            write_per_1k: 0.000_035,
            read_per_1k: 0.000_008_75,
        }),
    },
    ModelPrice {
        model_id: "amazon.nova-lite-v1:0",
        name: "Nova Lite",
        input_per_1k: 0.000_06,
        output_per_1k: 0.000_24,
        prompt_cache: Some(PromptCachePrice {
            min_tokens: 1_000,
            write_per_1k: 0.000_06,
            read_per_1k: 0.000_015,
        }),
    },
    ModelPrice {
        model_id: "amazon.nova-pro-v1:0",
        name: "Nova Pro",
        input_per_1k: 0.000_8,
        output_per_1k: 0.003_2,
        prompt_cache: Some(PromptCachePrice {
            min_tokens: 1_000,
            write_per_1k: 0.000_8,
            read_per_1k: 0.000_2,
        }),
    },
    ModelPrice {
        model_id: "meta.llama3-8b-instruct-v1:0",
        name: "Llama 3 8B",
        input_per_1k: 0.000_3,
        output_per_1k: 0.000_6,
        prompt_cache: None,
    },
    ModelPrice {
        model_id: "meta.llama3-70b-instruct-v1:0",
        name: "Llama 3 70B",
        input_per_1k: 0.002_65,
        output_per_1k: 0.003_5,
        prompt_cache: None,
    },
    ModelPrice {
        model_id: "meta.llama3-1-8b-instruct-v1:0",
        name: "Llama 3.1 8B",
        input_per_1k: 0.000_22,
        output_per_1k: 0.000_22,
        prompt_cache: None,
    },
    ModelPrice {
        model_id: "meta.llama3-1-70b-instruct-v1:0",
        name: "Llama 3.1 70B",
        input_per_1k: 0.000_72,
        output_per_1k: 0.000_72,
        prompt_cache: None,
    },
    ModelPrice {
        model_id: "meta.llama3-2-1b-instruct-v1:0",
        name: "Llama 3.2 1B",
        input_per_1k: 0.000_1,
        output_per_1k: 0.000_1,
        prompt_cache: None,
    },
    ModelPrice {
        model_id: "meta.llama3-2-3b-instruct-v1:0",
        name: "Llama 3.2 3B",
        input_per_1k: 0.000_15,
        output_per_1k: 0.000_15,
        prompt_cache: None,
    },
    ModelPrice {
        model_id: "meta.llama3-3-70b-instruct-v1:0",
        name: "Llama 3.3 70B",
        input_per_1k: 0.000_72,
        output_per_1k: 0.000_72,
        prompt_cache: None,
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

    #[test]
    fn cache_tokens_have_their_own_prices_where_the_model_caches() {
        let sonnet = model_price("anthropic.claude-3-7-sonnet-20250219-v1:0").unwrap();
        let cost = sonnet.token_cost_with_cache(0, 0, 1_000_000, 1_000_000);
        assert!((cost - (0.30 + 3.75)).abs() < 1e-9, "{cost}");
        // Reads are cheaper than input and writes dearer, for the Claude models.
        for price in MODEL_PRICES {
            if let Some(cache) = price.prompt_cache {
                assert!(cache.read_per_1k < price.input_per_1k, "{}", price.name);
                assert!(cache.write_per_1k >= price.input_per_1k, "{}", price.name);
                assert!(cache.min_tokens >= 1_000, "{}", price.name);
            }
        }
        // No prompt caching: cache tokens (which such a model never reports) priced as input.
        let haiku = model_price(DEFAULT_MODEL_ID).unwrap();
        assert!(haiku.prompt_cache.is_none());
        assert_eq!(
            haiku.token_cost_with_cache(1000, 0, 1000, 0),
            haiku.token_cost(2000, 0)
        );
    }
}
