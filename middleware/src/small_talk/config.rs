//! Operator settings for the small-talk layer: extra phrases and fillers, replies, and FAQ rules,
//! read from a TOML file and checked when it is loaded, never at the first request.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use serde::Deserialize;
use toml::Spanned;

use super::classifier::{
    emoji_small_talk, encode, normalized_if_short, Extra, MAX_SMALL_TALK_BYTES,
};
use super::expand::expand;
use super::normalize::normalize;
use super::{Category, Classifier, Lang, Replies};

/// A message no rule may match: a pattern that does would answer ordinary requests from a canned
/// reply.
const PROBES: &[&str] = &[
    "please write me a short poem about my cat and translate it into french",
    "what is the weather in paris tomorrow",
    "how do i reset my password",
];

/// Extra phrases, replies and FAQ rules for [`SmallTalkLayer`](super::SmallTalkLayer), from a TOML
/// file (see the example below and `docs/small-talk.md`).
///
/// - `[phrases.<lang>]`: lists `greeting`, `howareyou`, `thanks`, `goodbye` and `fillers` of
///   templates in the built-in syntax (`{a|b|}`: one of the alternatives, an empty one makes the part
///   optional). Phrases and fillers join the built-in ones; a message still has to be covered whole.
/// - `[replies.<lang>]`: `greeting`, `howareyou`, `thanks`, `goodbye` replace the built-in replies.
/// - `[[rules]]`: `pattern` (a regular expression in the `regex-lite` syntax) and `reply`, optional
///   `name`. A rule answers when the pattern matches the whole normalised message (lower case,
///   accents, apostrophes and punctuation dropped, single spaces). Rules are tried in order, before
///   the phrases. A pattern that matches an empty message or an ordinary request is refused.
///
/// `<lang>` is an ISO 639-1 code of a built-in language ([`Lang`]). Every error names the file, the
/// line and the reason.
///
/// ```
/// use frugal_middleware::small_talk::{Config, Matched, SmallTalkLayer};
///
/// let config = Config::from_toml(r#"
/// [phrases.en]
/// greeting = ["hey {frugal|frugalbot}"]
///
/// [replies.en]
/// greeting = "Hi! Ask me about your order."
///
/// [[rules]]
/// name = "hours"
/// pattern = "(what are|when are) (your|the) (opening|business) hours"
/// reply = "We are open 9:00-17:00, Monday to Friday."
/// "#, "small-talk.toml").unwrap();
/// assert_eq!(config.respond("Hey FrugalBot!").map(|r| r.text), Some("Hi! Ask me about your order."));
/// let hours = config.respond("When are your opening hours?").unwrap();
/// assert_eq!(hours.matched, Matched::Rule { name: Some("hours") });
/// assert!(config.respond("hey frugal, when are your opening hours?").is_none());
///
/// let error = Config::from_toml("[replies.xx]\ngreeting = \"hi\"\n", "small-talk.toml").unwrap_err();
/// assert_eq!(error.line(), Some(1));
/// let layer = SmallTalkLayer::new().config(config);
/// ```
#[derive(Clone, Debug, Default)]
pub struct Config {
    classifier: Classifier,
    replies: Replies,
    rules: Arc<[Rule]>,
}

/// A FAQ rule: a whole-message pattern and its reply.
#[derive(Debug)]
struct Rule {
    name: Option<String>,
    regex: regex_lite::Regex,
    reply: Arc<str>,
}

/// What [`Config::respond`] answers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Response<'a> {
    /// The reply.
    pub text: &'a str,
    /// What matched the message.
    pub matched: Matched<'a>,
}

/// What matched a message answered by [`Config::respond`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Matched<'a> {
    /// An operator rule.
    Rule {
        /// Its `name`, when it has one.
        name: Option<&'a str>,
    },
    /// The small-talk phrases.
    SmallTalk(super::Classification),
}

impl Matched<'_> {
    /// The small-talk class, when the phrases answered.
    pub fn class(self) -> Option<super::Classification> {
        match self {
            Matched::SmallTalk(class) => Some(class),
            Matched::Rule { .. } => None,
        }
    }
}

/// Why an operator file was refused.
#[derive(Debug, thiserror::Error)]
#[error("{origin}{}: {reason}", line.map(|l| format!(":{l}")).unwrap_or_default())]
pub struct ConfigError {
    origin: String,
    line: Option<usize>,
    reason: String,
}

impl ConfigError {
    /// The line (from 1) the error is on, when it is about one.
    pub fn line(&self) -> Option<usize> {
        self.line
    }

    /// The file (or the name given to [`Config::from_toml`]).
    pub fn origin(&self) -> &str {
        &self.origin
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    phrases: BTreeMap<Lang, PhraseLists>,
    #[serde(default)]
    replies: BTreeMap<Lang, ReplyTexts>,
    #[serde(default)]
    rules: Vec<RuleSpec>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct PhraseLists {
    #[serde(default)]
    greeting: Vec<Spanned<String>>,
    #[serde(default, alias = "how_are_you")]
    howareyou: Vec<Spanned<String>>,
    #[serde(default)]
    thanks: Vec<Spanned<String>>,
    #[serde(default)]
    goodbye: Vec<Spanned<String>>,
    #[serde(default)]
    fillers: Vec<Spanned<String>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct ReplyTexts {
    greeting: Option<Spanned<String>>,
    #[serde(alias = "how_are_you")]
    howareyou: Option<Spanned<String>>,
    thanks: Option<Spanned<String>>,
    goodbye: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleSpec {
    name: Option<String>,
    pattern: Spanned<String>,
    reply: Spanned<String>,
}

impl Config {
    /// Reads and checks an operator file.
    pub fn load(path: impl AsRef<Path>) -> Result<Self, ConfigError> {
        let path = path.as_ref();
        let origin = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
            origin: origin.clone(),
            line: None,
            reason: format!("cannot read it: {e}"),
        })?;
        Self::from_toml(&text, &origin)
    }

    /// Parses and checks operator settings; `origin` names them in errors (usually the file path).
    pub fn from_toml(text: &str, origin: &str) -> Result<Self, ConfigError> {
        let error = |span: Option<std::ops::Range<usize>>, reason: String| ConfigError {
            origin: origin.to_owned(),
            line: span.map(|s| line_of(text, s.start)),
            reason,
        };
        let file: File =
            toml::from_str(text).map_err(|e| error(e.span(), e.message().to_owned()))?;

        let mut phrases: BTreeMap<String, u64> = BTreeMap::new();
        for (lang, lists) in &file.phrases {
            let kinds = [
                (Some(Category::Greeting), &lists.greeting),
                (Some(Category::HowAreYou), &lists.howareyou),
                (Some(Category::Thanks), &lists.thanks),
                (Some(Category::Goodbye), &lists.goodbye),
                (None, &lists.fillers),
            ];
            for (category, templates) in kinds {
                for template in templates {
                    check_template(template.get_ref())
                        .map_err(|reason| error(Some(template.span()), reason))?;
                    for phrase in expand(template.get_ref()) {
                        let normalized = normalize(&phrase);
                        if normalized.is_empty() || normalized.len() > MAX_SMALL_TALK_BYTES {
                            continue;
                        }
                        phrases
                            .entry(normalized)
                            .or_insert_with(|| encode(category, *lang));
                    }
                }
            }
        }
        let extra = if phrases.is_empty() {
            None
        } else {
            Some(Arc::new(Extra::new(phrases).map_err(|e| error(None, e))?))
        };

        let mut replies = Replies::default();
        for (lang, texts) in &file.replies {
            let kinds = [
                (Category::Greeting, &texts.greeting),
                (Category::HowAreYou, &texts.howareyou),
                (Category::Thanks, &texts.thanks),
                (Category::Goodbye, &texts.goodbye),
            ];
            for (category, text) in kinds {
                if let Some(text) = text {
                    if text.get_ref().trim().is_empty() {
                        return Err(error(Some(text.span()), "the reply is empty".into()));
                    }
                    replies = replies.with(category, *lang, text.get_ref().as_str());
                }
            }
        }

        let mut rules = Vec::with_capacity(file.rules.len());
        for spec in &file.rules {
            let pattern = spec.pattern.get_ref();
            let regex = regex_lite::Regex::new(&format!("^(?:{pattern})$"))
                .map_err(|e| error(Some(spec.pattern.span()), format!("bad pattern: {e}")))?;
            if regex.is_match("") {
                return Err(error(
                    Some(spec.pattern.span()),
                    "the pattern matches an empty message".into(),
                ));
            }
            if let Some(probe) = PROBES.iter().find(|p| regex.is_match(p)) {
                return Err(error(
                    Some(spec.pattern.span()),
                    format!("the pattern matches an ordinary request (\"{probe}\"): it must describe the whole message"),
                ));
            }
            if spec.reply.get_ref().trim().is_empty() {
                return Err(error(Some(spec.reply.span()), "the reply is empty".into()));
            }
            rules.push(Rule {
                name: spec.name.clone(),
                regex,
                reply: Arc::from(spec.reply.get_ref().as_str()),
            });
        }

        Ok(Self {
            classifier: Classifier::with_extra(extra),
            replies,
            rules: rules.into(),
        })
    }

    /// The classifier: built-in phrases plus the operator's.
    pub fn classifier(&self) -> &Classifier {
        &self.classifier
    }

    /// The replies: built-in ones with the operator's in their place.
    pub fn replies(&self) -> &Replies {
        &self.replies
    }

    /// Replaces the replies.
    pub(crate) fn set_replies(&mut self, replies: Replies) {
        self.replies = replies;
    }

    /// Number of FAQ rules.
    pub fn rule_count(&self) -> usize {
        self.rules.len()
    }

    /// The canned answer for a message: the first rule whose pattern matches the whole normalised
    /// message, else the small-talk reply; `None` when the message needs the model.
    pub fn respond(&self, message: &str) -> Option<Response<'_>> {
        let Some(normalized) = normalized_if_short(message) else {
            let class = emoji_small_talk(message)?;
            return Some(Response {
                text: self.replies.get(class.category, class.lang),
                matched: Matched::SmallTalk(class),
            });
        };
        if let Some(rule) = self.rules.iter().find(|r| r.regex.is_match(&normalized)) {
            return Some(Response {
                text: &rule.reply,
                matched: Matched::Rule {
                    name: rule.name.as_deref(),
                },
            });
        }
        let class = self.classifier.classify_normalized(message, &normalized)?;
        Some(Response {
            text: self.replies.get(class.category, class.lang),
            matched: Matched::SmallTalk(class),
        })
    }
}

/// The 1-based line of a byte offset.
fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()
        .iter()
        .take(offset)
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// Braces must balance and a group may not be left open: `expand` would read anything else in a way
/// the operator did not mean.
fn check_template(template: &str) -> Result<(), String> {
    let mut depth = 0usize;
    for c in template.chars() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth = depth
                    .checked_sub(1)
                    .ok_or_else(|| format!("unbalanced '}}' in \"{template}\""))?
            }
            _ => {}
        }
    }
    if depth > 0 {
        return Err(format!("unclosed '{{' in \"{template}\""));
    }
    if normalize(template.replace(['{', '}', '|'], " ").as_str()).is_empty() {
        return Err(format!("\"{template}\" has no words"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> ConfigError {
        Config::from_toml(text, "ops.toml").expect_err("refused")
    }

    #[test]
    fn errors_name_the_file_line_and_reason() {
        let e = err("[phrases.en]\ngreeting = [\"hey {bot\"]\n");
        assert_eq!(e.line(), Some(2));
        assert!(e.to_string().starts_with("ops.toml:2: unclosed"), "{e}");

        let e = err("\n\n[replies.klingon]\ngreeting = \"nuqneH\"\n");
        assert_eq!(e.line(), Some(3), "{e}");

        let e = err("[[rules]]\npattern = \"(unclosed\"\nreply = \"x\"\n");
        assert_eq!(e.line(), Some(2));
        assert!(e.to_string().contains("bad pattern"), "{e}");

        let e = err("[[rules]]\npattern = \".*\"\nreply = \"x\"\n");
        assert!(e.to_string().contains("empty message"), "{e}");

        let e = err("[[rules]]\npattern = \"[a-z ]+\"\nreply = \"x\"\n");
        assert!(e.to_string().contains("ordinary request"), "{e}");

        let e = err("[[rules]]\npattern = \"who are you\"\nreply = \" \"\n");
        assert_eq!(e.line(), Some(3));

        let e = err("[phrases.en]\ngreetings = [\"yo\"]\n");
        assert_eq!(e.line(), Some(2), "unknown key: {e}");

        let e = err("this is not toml");
        assert_eq!(e.line(), Some(1));
    }

    #[test]
    fn missing_file_is_named() {
        let e = Config::load("/nonexistent/small-talk.toml").expect_err("missing");
        assert_eq!(e.origin(), "/nonexistent/small-talk.toml");
        assert!(e.to_string().contains("cannot read it"), "{e}");
    }

    #[test]
    fn operator_phrases_join_the_built_in_ones_whole_message_only() {
        let config = Config::from_toml(
            "[phrases.de]\nthanks = [\"merci vielmals\"]\nfillers = [\"frugalbot\"]\n",
            "ops.toml",
        )
        .expect("valid");
        let class = config.classifier().classify("Merci vielmals, FrugalBot!");
        assert_eq!(
            class.map(|c| (c.category, c.lang)),
            Some((Category::Thanks, Lang::De))
        );
        assert!(config.classifier().classify("hallo frugalbot").is_some());
        assert!(config
            .classifier()
            .classify("merci vielmals, wo ist meine Rechnung")
            .is_none());
    }

    #[test]
    fn rules_answer_whole_messages_in_order() {
        let config = Config::from_toml(
            r#"
[[rules]]
name = "who"
pattern = "(who|what) are you"
reply = "I am Frugal's assistant."

[[rules]]
pattern = "who are you really"
reply = "never reached for 'who are you'"
"#,
            "ops.toml",
        )
        .expect("valid");
        assert_eq!(config.rule_count(), 2);
        let r = config.respond("Who are you?!").expect("answered");
        assert_eq!(
            (r.text, r.matched),
            (
                "I am Frugal's assistant.",
                Matched::Rule { name: Some("who") }
            )
        );
        assert!(config.respond("who are you and what can you do").is_none());
        assert_eq!(
            config.respond("Who are you really").map(|r| r.matched),
            Some(Matched::Rule { name: None })
        );
        assert_eq!(
            config
                .respond("hello")
                .and_then(|r| r.matched.class())
                .map(|c| c.category),
            Some(Category::Greeting)
        );
    }
}
