//! Amazon Bedrock through the Converse API.

use std::time::{Duration, Instant};

use aws_sdk_bedrockruntime::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_bedrockruntime::operation::converse::ConverseError;
use aws_sdk_bedrockruntime::types::{
    ContentBlock, ConversationRole, InferenceConfiguration, Message, SystemContentBlock,
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
    let mut messages = Vec::with_capacity(history.len() * 2 + 1);
    for turn in history {
        messages.push(text_message(ConversationRole::User, &turn.question)?);
        messages.push(text_message(ConversationRole::Assistant, &turn.answer)?);
    }
    messages.push(text_message(ConversationRole::User, message)?);
    let started = Instant::now();
    let output = client
        .converse()
        .model_id(&settings.model_id)
        .system(SystemContentBlock::Text(settings.system_prompt.clone()))
        .set_messages(Some(messages))
        .inference_config(
            InferenceConfiguration::builder()
                .max_tokens(settings.max_tokens)
                .temperature(settings.temperature)
                .build(),
        )
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
    match &error {
        SdkError::ServiceError(service) => {
            let message = service.err().message().unwrap_or("no message").to_owned();
            match service.err() {
                ConverseError::ThrottlingException(_) => ChatError::Throttled { retry_after_secs: 2 },
                ConverseError::ServiceUnavailableException(_) => ChatError::Throttled { retry_after_secs: 5 },
                ConverseError::ModelTimeoutException(_) => FrugalError::DeadlineExceeded.into(),
                ConverseError::ValidationException(_) if caused_by_input(&message) => {
                    ChatError::invalid(format!("the model rejected the message: {message}"))
                }
                ConverseError::AccessDeniedException(_) => ChatError::Model(format!(
                    "access to the model was denied ({message}); enable the model in the Bedrock console and allow bedrock:InvokeModel on it"
                )),
                ConverseError::ResourceNotFoundException(_) => ChatError::Model(format!(
                    "model not found ({message}); check FRUGAL_MODEL_ID and the region"
                )),
                _ => ChatError::Model(format!(
                    "{}: {message}",
                    service.err().code().unwrap_or("model error")
                )),
            }
        }
        SdkError::TimeoutError(_) => FrugalError::DeadlineExceeded.into(),
        SdkError::ResponseError(_) => ChatError::Model("the model returned a malformed response".into()),
        SdkError::DispatchFailure(_) | SdkError::ConstructionFailure(_) => ChatError::Model(format!(
            "the model is not reachable ({}); configure Bedrock: AWS credentials and region, FRUGAL_MODEL_ID, \
             or AWS_ENDPOINT_URL_BEDROCK_RUNTIME for a local stand-in",
            error_chain(&error)
        )),
        _ => ChatError::Model(error_chain(&error)),
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
