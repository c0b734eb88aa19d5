//! Amazon Bedrock through the Converse and ConverseStream APIs.

use std::time::{Duration, Instant};

use aws_sdk_bedrockruntime::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_bedrockruntime::operation::converse::ConverseError;
use aws_sdk_bedrockruntime::primitives::event_stream::EventReceiver;
use aws_sdk_bedrockruntime::types::error::ConverseStreamOutputError;
use aws_sdk_bedrockruntime::types::{
    ContentBlock, ContentBlockDelta, ConversationRole, ConverseStreamOutput,
    InferenceConfiguration, Message, SystemContentBlock,
};
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
    let messages = conversation(history, message)?;
    let started = Instant::now();
    let output = client
        .converse()
        .model_id(&settings.model_id)
        .system(SystemContentBlock::Text(settings.system_prompt.clone()))
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
    let usage = output
        .usage()
        .map(|u| Usage {
            input_tokens: u.input_tokens().max(0) as u64,
            output_tokens: u.output_tokens().max(0) as u64,
        })
        .unwrap_or_default();
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
                        return Ok(Some(StreamPart::Usage(Usage {
                            input_tokens: usage.input_tokens.max(0) as u64,
                            output_tokens: usage.output_tokens.max(0) as u64,
                        })));
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
    let messages = conversation(history, message)?;
    let started = Instant::now();
    let output = client
        .converse_stream()
        .model_id(&settings.model_id)
        .system(SystemContentBlock::Text(settings.system_prompt.clone()))
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

/// Characters the model reads for this prompt (system prompt, earlier turns, message): the basis of
/// the input-token estimate priced when a stream is cut before the model reports its usage.
pub fn prompt_chars(settings: &ModelSettings, history: &[Turn], message: &str) -> usize {
    let turns: usize = history
        .iter()
        .map(|turn| turn.question.chars().count() + turn.answer.chars().count())
        .sum();
    settings.system_prompt.chars().count() + turns + message.chars().count()
}

fn conversation(history: &[Turn], message: &str) -> Result<Vec<Message>, ChatError> {
    let mut messages = Vec::with_capacity(history.len() * 2 + 1);
    for turn in history {
        messages.push(text_message(ConversationRole::User, &turn.question)?);
        messages.push(text_message(ConversationRole::Assistant, &turn.answer)?);
    }
    messages.push(text_message(ConversationRole::User, message)?);
    Ok(messages)
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
