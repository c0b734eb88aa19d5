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

macro_rules! for_each_lang {
    ($($variant:ident $code:literal $name:literal,)*) => {
        /// Languages the built-in lexicon and replies cover.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "lowercase")]
        pub enum Lang {
            $(#[doc = $name] $variant,)*
        }

        impl Lang {
            /// Every language, in the order of the built-in table.
            pub const ALL: &'static [Lang] = &[$(Lang::$variant,)*];

            /// ISO 639-1 code.
            pub fn code(self) -> &'static str {
                match self {
                    $(Lang::$variant => $code,)*
                }
            }

            /// English name.
            pub fn name(self) -> &'static str {
                match self {
                    $(Lang::$variant => $name,)*
                }
            }
        }
    };
}
include!("langs.rs");

impl Lang {
    /// The language with this ISO 639-1 code (as [`Lang::code`] gives it), if built in.
    pub fn from_code(code: &str) -> Option<Lang> {
        Lang::ALL
            .iter()
            .copied()
            .find(|lang| lang.code().eq_ignore_ascii_case(code))
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
