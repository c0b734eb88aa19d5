//! Amazon Bedrock through the Converse and ConverseStream APIs.

use std::time::{Duration, Instant};

use aws_sdk_bedrockruntime::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_bedrockruntime::operation::converse::ConverseError;
use aws_sdk_bedrockruntime::primitives::event_stream::EventReceiver;
use aws_sdk_bedrockruntime::types::error::ConverseStreamOutputError;
use aws_sdk_bedrockruntime::types::{
    CachePointBlock, CachePointType, ContentBlock, ContentBlockDelta, ConversationRole,
    ConverseStreamOutput, InferenceConfiguration, Message, SystemContentBlock, TokenUsage,
};
use frugal_middleware::stream::estimate_text_tokens;
use frugal_middleware::{FrugalError, Usage};

use crate::error::ChatError;

use crate::history::Turn;

/// Model settings.
#[derive(Clone, Debug)]
pub struct ModelSettings {
    /// Model id or inference profile.
    pub model_id: String,
    /// System prompt.
    pub system_prompt: String,
    /// Max output tokens.
    pub max_tokens: i32,
    /// Temperature.
    pub temperature: f32,
    /// Most (estimated) tokens of earlier turns sent with a prompt; the oldest turns are dropped
    /// first (`FRUGAL_MAX_HISTORY_TOKENS`).
    pub max_history_tokens: u64,
}

impl ModelSettings {
    /// The prompt-cache prices and minimum prefix of this model, when Bedrock caches its prompts.
    pub fn prompt_cache(&self) -> Option<frugal_middleware::pricing::PromptCachePrice> {
        frugal_middleware::pricing::model_price(&self.model_id)?.prompt_cache
    }
}

/// The newest turns of `history` (oldest first) whose estimated tokens fit in `max_tokens`.
pub fn fit_history(history: &[Turn], max_tokens: u64) -> &[Turn] {
    let mut total = 0;
    let mut first = history.len();
    for (i, turn) in history.iter().enumerate().rev() {
        total += estimate_text_tokens(&turn.question) + estimate_text_tokens(&turn.answer);
        if total > max_tokens {
            break;
        }
        first = i;
    }
    &history[first..]
}

/// Bedrock's usage with its prompt-cache counts.
fn usage_of(usage: &TokenUsage) -> Usage {
    let count = |n: i32| n.max(0) as u64;
    Usage {
        input_tokens: count(usage.input_tokens),
        output_tokens: count(usage.output_tokens),
        cache_read_input_tokens: usage.cache_read_input_tokens.map_or(0, count),
        cache_write_input_tokens: usage.cache_write_input_tokens.map_or(0, count),
    }
}

/// One answer from the model.
#[derive(Clone, Debug, PartialEq)]
pub struct ModelAnswer {
    /// The text.
    pub text: String,
    /// Tokens used.
    pub usage: Usage,
    /// Wall time of the call, retries included.
    pub latency: Duration,
}

/// Asks the model, with the earlier turns (oldest first) as context.
pub async fn converse(
    client: &aws_sdk_bedrockruntime::Client,
    settings: &ModelSettings,
    history: &[Turn],
    message: &str,
) -> Result<ModelAnswer, ChatError> {
    let (system, messages) = prompt(settings, history, message)?;
    let started = Instant::now();
    let output = client
        .converse()
        .model_id(&settings.model_id)
        .set_system(Some(system))
        .set_messages(Some(messages))
        .inference_config(inference(settings))
        .send()
        .await
        .map_err(map_error)?;
    let latency = started.elapsed();
    let text: String = output
        .output()
        .and_then(|o| o.as_message().ok())
        .map(|m| {
            m.content()
                .iter()
                .filter_map(|block| block.as_text().ok())
                .map(String::as_str)
                .collect::<Vec<_>>()
                .join("")
        })
        .unwrap_or_default();
    if text.trim().is_empty() {
        return Err(ChatError::Model("the model returned no text".into()));
    }
    let usage = output.usage().map(usage_of).unwrap_or_default();
    Ok(ModelAnswer {
        text,
        usage,
        latency,
    })
}

/// A streamed answer: the text as the model writes it, then the usage.
pub struct ModelStream {
    receiver: EventReceiver<ConverseStreamOutput, ConverseStreamOutputError>,
    started: Instant,
}

/// What the model stream said next.
#[derive(Debug, PartialEq)]
pub enum StreamPart {
    /// More text.
    Text(String),
    /// The token usage (sent once, near the end).
    Usage(Usage),
}

impl ModelStream {
    /// The next text or usage; `Ok(None)` at the end of the stream.
    pub async fn next(&mut self) -> Result<Option<StreamPart>, ChatError> {
        loop {
            let event = self
                .receiver
                .recv()
                .await
                .map_err(|error| map_stream_error(&error))?;
            match event {
                None => return Ok(None),
                Some(ConverseStreamOutput::ContentBlockDelta(event)) => {
                    if let Some(ContentBlockDelta::Text(text)) = event.delta {
                        return Ok(Some(StreamPart::Text(text)));
                    }
                }
                Some(ConverseStreamOutput::Metadata(event)) => {
                    if let Some(usage) = event.usage {
                        return Ok(Some(StreamPart::Usage(usage_of(&usage))));
                    }
                }
                Some(_) => {}
            }
        }
    }

    /// Time since the request was sent.
    pub fn elapsed(&self) -> Duration {
        self.started.elapsed()
    }
}

/// Starts a streamed answer (`ConverseStream`). Failures before the first event (throttling,
/// validation, access) come back here, so they keep their HTTP status.
pub async fn converse_stream(
    client: &aws_sdk_bedrockruntime::Client,
    settings: &ModelSettings,
    history: &[Turn],
    message: &str,
) -> Result<ModelStream, ChatError> {
    let (system, messages) = prompt(settings, history, message)?;
    let started = Instant::now();
    let output = client
        .converse_stream()
        .model_id(&settings.model_id)
        .set_system(Some(system))
        .set_messages(Some(messages))
        .inference_config(inference(settings))
        .send()
        .await
        .map_err(|error| map_stream_error(&error))?;
    Ok(ModelStream {
        receiver: output.stream,
        started,
    })
}

/// Tokens the model reads for this prompt (system prompt, the earlier turns that fit, message),
/// estimated: the basis of the input priced when a stream is cut before the model reports its usage.
pub fn prompt_tokens(settings: &ModelSettings, history: &[Turn], message: &str) -> u64 {
    let turns: u64 = fit_history(history, settings.max_history_tokens)
        .iter()
        .map(|turn| estimate_text_tokens(&turn.question) + estimate_text_tokens(&turn.answer))
        .sum();
    estimate_text_tokens(&settings.system_prompt) + turns + estimate_text_tokens(message)
}

/// The system blocks and messages of a request: the earlier turns that fit the history cap, and,
/// where the model caches prompts, a cache point after the system prompt and one after the reused
/// history, each only once the prefix before it reaches the model's minimum (Bedrock would not
/// cache a shorter one). Later turns then read that prefix from the cache.
fn prompt(
    settings: &ModelSettings,
    history: &[Turn],
    message: &str,
) -> Result<(Vec<SystemContentBlock>, Vec<Message>), ChatError> {
    let history = fit_history(history, settings.max_history_tokens);
    let cache = settings.prompt_cache();
    let min = cache.map_or(u64::MAX, |c| u64::from(c.min_tokens));
    let point = || {
        CachePointBlock::builder()
            .r#type(CachePointType::Default)
            .build()
            .map_err(|e| ChatError::Internal(format!("building a cache point: {e}")))
    };
    let mut prefix = estimate_text_tokens(&settings.system_prompt);
    let mut system = vec![SystemContentBlock::Text(settings.system_prompt.clone())];
    if prefix >= min {
        system.push(SystemContentBlock::CachePoint(point()?));
    }
    let mut messages = Vec::with_capacity(history.len() * 2 + 1);
    for turn in history {
        prefix += estimate_text_tokens(&turn.question) + estimate_text_tokens(&turn.answer);
        messages.push(text_message(ConversationRole::User, &turn.question)?);
        messages.push(text_message(ConversationRole::Assistant, &turn.answer)?);
    }
    if !history.is_empty() && prefix >= min {
        if let Some(last) = messages.pop() {
            let mut content = last.content().to_vec();
            content.push(ContentBlock::CachePoint(point()?));
            messages.push(
                Message::builder()
                    .role(ConversationRole::Assistant)
                    .set_content(Some(content))
                    .build()
                    .map_err(|e| ChatError::Internal(format!("building the model request: {e}")))?,
            );
        }
    }
    messages.push(text_message(ConversationRole::User, message)?);
    Ok((system, messages))
}

fn inference(settings: &ModelSettings) -> InferenceConfiguration {
    InferenceConfiguration::builder()
        .max_tokens(settings.max_tokens)
        .temperature(settings.temperature)
        .build()
}

fn text_message(role: ConversationRole, text: &str) -> Result<Message, ChatError> {
    Message::builder()
        .role(role)
        .content(ContentBlock::Text(text.to_owned()))
        .build()
        .map_err(|e| ChatError::Internal(format!("building the model request: {e}")))
}

/// Maps Bedrock failures to the HTTP contract: throttling 429, timeouts 504, input the model rejects
/// 400, everything else 502 with a hint how to configure Bedrock.
pub fn map_error(error: SdkError<ConverseError>) -> ChatError {
    map_sdk_error(&error)
}

/// [`map_error`] for `ConverseStream`: the call itself, or an exception in the middle of the stream
/// (the same error names, sent as event-stream exception messages).
pub fn map_stream_error<R: std::fmt::Debug>(
    error: &SdkError<impl ProvideErrorMetadata + std::error::Error + 'static, R>,
) -> ChatError {
    map_sdk_error(error)
}

fn map_sdk_error<E, R>(error: &SdkError<E, R>) -> ChatError
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
    R: std::fmt::Debug,
{
    match error {
        SdkError::ServiceError(service) => {
            let err = service.err();
            let message = err.message().unwrap_or("no message").to_owned();
            let code = err.code().unwrap_or("model error");
            // Mid-stream exceptions name the same errors in camelCase (`throttlingException`).
            match code.to_ascii_lowercase().as_str() {
                "throttlingexception" => ChatError::Throttled { retry_after_secs: 2 },
                "serviceunavailableexception" => ChatError::Throttled { retry_after_secs: 5 },
                "modeltimeoutexception" => FrugalError::DeadlineExceeded.into(),
                "validationexception" if caused_by_input(&message) => {
                    ChatError::invalid(format!("the model rejected the message: {message}"))
                }
                "accessdeniedexception" => ChatError::Model(format!(
                    "access to the model was denied ({message}); enable the model in the Bedrock console and allow bedrock:InvokeModel and bedrock:InvokeModelWithResponseStream on it"
                )),
                "resourcenotfoundexception" => ChatError::Model(format!(
                    "model not found ({message}); check FRUGAL_MODEL_ID and the region"
                )),
                _ => ChatError::Model(format!("{code}: {message}")),
            }
        }
        SdkError::TimeoutError(_) => FrugalError::DeadlineExceeded.into(),
        SdkError::ResponseError(_) => ChatError::Model("the model returned a malformed response".into()),
        SdkError::DispatchFailure(_) | SdkError::ConstructionFailure(_) => ChatError::Model(format!(
            "the model is not reachable ({}); configure Bedrock: AWS credentials and region, FRUGAL_MODEL_ID, \
             or AWS_ENDPOINT_URL_BEDROCK_RUNTIME for a local stand-in",
            error_chain(error)
        )),
        _ => ChatError::Model(error_chain(error)),
    }
}

fn caused_by_input(message: &str) -> bool {
    let m = message.to_ascii_lowercase();
    m.contains("too long")
        || m.contains("too many input tokens")
        || m.contains("input length")
        || m.contains("prompt is too")
        || m.contains("content filter")
        || m.contains("blocked")
}

fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(inner) = source {
        text.push_str(": ");
        text.push_str(&inner.to_string());
        source = inner.source();
    }
    text
}
