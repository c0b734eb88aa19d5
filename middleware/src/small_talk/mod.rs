//! Answers greetings, thanks, goodbyes and "how are you" from canned replies, without calling the
//! inner service (the model).
//!
//! The [`Classifier`] is conservative by design: a message is small talk only when known phrases cover
//! all of it, so "hi, how do I reset my password?" still reaches the model.
//!
//! ```
//! use bytes::Bytes;
//! use frugal_middleware::{small_talk::SmallTalkLayer, ChatRequest, Identity, ChatReply, Source};
//! use tower::{service_fn, Layer, ServiceExt};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() {
//! let model = service_fn(|_req: http::Request<Bytes>| async {
//!     Ok::<_, std::convert::Infallible>(http::Response::new(Bytes::from_static(b"from the model")))
//! });
//! let service = SmallTalkLayer::new().layer(model);
//!
//! let mut request = http::Request::new(Bytes::new());
//! request.extensions_mut().insert(ChatRequest { message: "Merci beaucoup !".into(), session_id: None });
//! request.extensions_mut().insert(Identity("alice".into()));
//! let response = service.oneshot(request).await.unwrap();
//! let reply = response.extensions().get::<ChatReply>().unwrap();
//! assert_eq!(reply.source, Source::SmallTalk);
//! assert_eq!(reply.reply, "Avec plaisir ! Autre chose ?");
//! # }
//! ```

mod classifier;
#[cfg(test)]
mod expand;
mod layer;
mod normalize;
mod replies;

pub use classifier::{lexicon_size, Classifier, MAX_SMALL_TALK_BYTES};
pub use layer::{ResponseFuture, SmallTalk, SmallTalkLayer};
pub use normalize::normalize;
pub use replies::Replies;

use serde::{Deserialize, Serialize};

/// The kind of small talk. Ordered by strength: a message with several ("thanks, bye") takes the
/// strongest.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    /// "hi", "good morning".
    Greeting,
    /// "how are you?".
    #[serde(rename = "howareyou")]
    HowAreYou,
    /// "thanks!".
    Thanks,
    /// "bye".
    Goodbye,
}

impl Category {
    /// Every category.
    pub const ALL: [Category; 4] = [
        Category::Greeting,
        Category::HowAreYou,
        Category::Thanks,
        Category::Goodbye,
    ];

    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Greeting => "greeting",
            Category::HowAreYou => "howareyou",
            Category::Thanks => "thanks",
            Category::Goodbye => "goodbye",
        }
    }
}

/// Languages the built-in lexicon and replies cover.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[allow(missing_docs)]
pub enum Lang {
    En,
    Es,
    Fr,
    De,
    Pt,
    It,
    Nl,
    Zh,
    Ja,
    Ko,
    Ru,
    Ar,
    Hi,
    Id,
    Tr,
}

impl Lang {
    /// Every language.
    pub const ALL: [Lang; 15] = [
        Lang::En,
        Lang::Es,
        Lang::Fr,
        Lang::De,
        Lang::Pt,
        Lang::It,
        Lang::Nl,
        Lang::Zh,
        Lang::Ja,
        Lang::Ko,
        Lang::Ru,
        Lang::Ar,
        Lang::Hi,
        Lang::Id,
        Lang::Tr,
    ];

    /// ISO 639-1 code.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Es => "es",
            Lang::Fr => "fr",
            Lang::De => "de",
            Lang::Pt => "pt",
            Lang::It => "it",
            Lang::Nl => "nl",
            Lang::Zh => "zh",
            Lang::Ja => "ja",
            Lang::Ko => "ko",
            Lang::Ru => "ru",
            Lang::Ar => "ar",
            Lang::Hi => "hi",
            Lang::Id => "id",
            Lang::Tr => "tr",
        }
    }
}

/// The result of classifying a small-talk message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Classification {
    /// What kind of small talk.
    pub category: Category,
    /// The language of the phrase that decided it.
    pub lang: Lang,
}
