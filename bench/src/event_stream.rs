//! AWS event-stream framing (`application/vnd.amazon.eventstream`), as Bedrock's `ConverseStream`
//! sends it: each message is a prelude (total and header lengths, CRC32), string headers, a JSON
//! payload and a CRC32 of the whole message. The stand-ins write their streamed answers with it.

use aws_smithy_types::event_stream::{Header, HeaderValue, Message};
use bytes::Bytes;

/// The media type of an event stream.
pub const CONTENT_TYPE: &str = "application/vnd.amazon.eventstream";

fn encode(headers: [(&'static str, &str); 3], payload: String) -> Bytes {
    let message = headers
        .into_iter()
        .fold(Message::new(payload), |message, (name, value)| {
            message.add_header(Header::new(
                name,
                HeaderValue::String(value.to_owned().into()),
            ))
        });
    let mut buffer = Vec::new();
    // Writing to a Vec fails only for a header over 64 KiB or a message over 16 MiB: not ours.
    let _ = aws_smithy_eventstream::frame::write_message_to(&message, &mut buffer);
    Bytes::from(buffer)
}

/// An event message (`messageStart`, `contentBlockDelta`, `metadata`, …) with this JSON payload.
pub fn event(event_type: &str, payload: &serde_json::Value) -> Bytes {
    encode(
        [
            (":message-type", "event"),
            (":event-type", event_type),
            (":content-type", "application/json"),
        ],
        payload.to_string(),
    )
}

/// An exception message in the middle of a stream (`internalServerException`,
/// `throttlingException`, `modelStreamErrorException`, …).
pub fn exception(exception_type: &str, message: &str) -> Bytes {
    encode(
        [
            (":message-type", "exception"),
            (":exception-type", exception_type),
            (":content-type", "application/json"),
        ],
        serde_json::json!({ "message": message }).to_string(),
    )
}

/// The frames of a complete answer: `messageStart`, one `contentBlockDelta` per piece of `pieces`,
/// `contentBlockStop`, `messageStop`, then `metadata` with this usage.
pub fn answer(pieces: &[String], input_tokens: u64, output_tokens: u64) -> Vec<Bytes> {
    let mut frames = vec![event(
        "messageStart",
        &serde_json::json!({"role": "assistant"}),
    )];
    frames.extend(pieces.iter().map(|text| delta(text)));
    frames.push(event(
        "contentBlockStop",
        &serde_json::json!({"contentBlockIndex": 0}),
    ));
    frames.push(event(
        "messageStop",
        &serde_json::json!({"stopReason": "end_turn"}),
    ));
    frames.push(metadata(input_tokens, output_tokens));
    frames
}

/// One `contentBlockDelta` with this text.
pub fn delta(text: &str) -> Bytes {
    event(
        "contentBlockDelta",
        &serde_json::json!({"contentBlockIndex": 0, "delta": {"text": text}}),
    )
}

/// The closing `metadata` event with the usage.
pub fn metadata(input_tokens: u64, output_tokens: u64) -> Bytes {
    event(
        "metadata",
        &serde_json::json!({
            "usage": {"inputTokens": input_tokens, "outputTokens": output_tokens, "totalTokens": input_tokens + output_tokens},
            "metrics": {"latencyMs": 1}
        }),
    )
}

/// `text` cut into word-sized pieces (each word with the space before it), as models stream.
pub fn pieces(text: &str) -> Vec<String> {
    let mut pieces = Vec::new();
    let mut current = String::new();
    for c in text.chars() {
        if c == ' ' && !current.trim().is_empty() {
            pieces.push(std::mem::take(&mut current));
        }
        current.push(c);
    }
    if !current.is_empty() {
        pieces.push(current);
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_round_trip_and_carry_their_crcs() {
        let frame = delta("Hello");
        let message = aws_smithy_eventstream::frame::read_message_from(frame.clone()).unwrap();
        assert_eq!(
            message.payload().as_ref(),
            br#"{"contentBlockIndex":0,"delta":{"text":"Hello"}}"#
        );
        let total = u32::from_be_bytes([frame[0], frame[1], frame[2], frame[3]]) as usize;
        assert_eq!(total, frame.len());
        let mut broken = frame.to_vec();
        let last = broken.len() - 5;
        broken[last] ^= 0xff;
        assert!(aws_smithy_eventstream::frame::read_message_from(Bytes::from(broken)).is_err());
        assert_eq!(pieces("a bc  d"), ["a", " bc", "  d"]);
    }
}
