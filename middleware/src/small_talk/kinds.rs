//! What a small-talk message is: its category and language.

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
