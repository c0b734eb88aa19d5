//! Names of the metrics the Frugal middleware writes as EMF lines (namespace [`NAMESPACE`], dimensions
//! [`SERVICE_DIMENSION`] and [`FUNCTION_DIMENSION`]); the analyzer reads them back by these names.

/// Default CloudWatch namespace.
pub const NAMESPACE: &str = "Frugal";
/// Dimension naming the service (Powertools' `service`).
pub const SERVICE_DIMENSION: &str = "service";
/// Dimension naming the Lambda function.
pub const FUNCTION_DIMENSION: &str = "function_name";

/// 1 on the first invocation of an execution environment, else 0.
pub const COLD_START: &str = "ColdStart";
/// Process start to the first request, ms (cold starts only).
pub const INIT_DURATION: &str = "InitDuration";
/// Time in the middleware stack, ms.
pub const REQUEST_DURATION: &str = "RequestDuration";
/// Time waiting for the model, ms.
pub const MODEL_LATENCY: &str = "ModelLatency";
/// Request start to the first streamed text, ms (streamed model answers only).
pub const TIME_TO_FIRST_TOKEN: &str = "TimeToFirstToken";
/// Prompt tokens.
pub const INPUT_TOKENS: &str = "InputTokens";
/// Prompt tokens read from Bedrock's prompt cache (written only when there are some).
pub const CACHE_READ_INPUT_TOKENS: &str = "CacheReadInputTokens";
/// Prompt tokens written to Bedrock's prompt cache (written only when there are some).
pub const CACHE_WRITE_INPUT_TOKENS: &str = "CacheWriteInputTokens";
/// Completion tokens.
pub const OUTPUT_TOKENS: &str = "OutputTokens";
/// Estimated cost of the request, USD: Lambda (duration, init on a cold start, request fee), the
/// model's tokens (prompt-cache reads and writes at their prices), the front door when configured
/// (`FRUGAL_FRONT_DOOR`) and CloudWatch Logs ingestion of the request's EMF line and Lambda's platform
/// lines, and the DynamoDB request units the request used (history, shared cache, budget) at
/// on-demand prices.
pub const ESTIMATED_COST: &str = "EstimatedCost";
/// 1 when small talk answered.
pub const SMALL_TALK_HIT: &str = "SmallTalkHit";
/// 1 when the response cache answered.
pub const CACHE_HIT: &str = "CacheHit";
/// 1 when the shared (L2) cache answered (written only then; `CacheHit` counts both levels).
pub const SHARED_CACHE_HIT: &str = "SharedCacheHit";
/// 1 when the shared cache failed while this request read it (served as a miss; written only then).
pub const SHARED_CACHE_ERROR: &str = "SharedCacheError";
/// 1 when the model was called.
pub const MODEL_CALL: &str = "ModelCall";
/// Peak resident memory of the process, MB.
pub const MAX_MEMORY_USED: &str = "MaxMemoryUsed";
