//! `frugal classify`: runs the small-talk classifier over messages, one per line.

use std::io::{BufRead, Write};
use std::path::PathBuf;

use frugal_middleware::small_talk::{Category, Config, Matched};
use serde::Serialize;

/// Arguments of `frugal classify`.
#[derive(Debug, clap::Args)]
pub struct ClassifyArgs {
    /// File with one message per line; `-` or absent reads standard input.
    #[arg(value_name = "FILE", env = "FRUGAL_CLASSIFY_INPUT")]
    pub input: Option<PathBuf>,
    /// Also print counts and the share of traffic that would skip the model (on standard error, so
    /// standard output stays one JSON object per line).
    #[arg(long, env = "FRUGAL_CLASSIFY_SUMMARY")]
    pub summary: bool,
    /// Operator phrases, replies and FAQ rules (TOML), as the chat Lambda reads them.
    #[arg(long, value_name = "FILE", env = "FRUGAL_SMALL_TALK_FILE")]
    pub config: Option<PathBuf>,
}

/// One output line.
#[derive(Debug, Serialize, PartialEq)]
pub struct Line<'a> {
    /// The message as given.
    pub text: &'a str,
    /// Whether the message is only small talk.
    pub smalltalk: bool,
    /// Its category, when small talk.
    pub category: Option<Category>,
    /// Its language, when small talk.
    pub lang: Option<&'static str>,
    /// The operator rule that answered it, if one did (empty name for an unnamed rule).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<&'a str>,
}

/// Counts for `--summary`.
#[derive(Debug, Default, Serialize, PartialEq)]
pub struct Summary {
    /// Messages read (blank lines skipped).
    pub total: u64,
    /// Small talk among them.
    pub smalltalk: u64,
    /// Per category.
    pub by_category: std::collections::BTreeMap<&'static str, u64>,
    /// Per language (ISO 639-1).
    pub by_lang: std::collections::BTreeMap<&'static str, u64>,
    /// Answered by an operator rule, per rule name.
    pub by_rule: std::collections::BTreeMap<String, u64>,
}

impl Summary {
    /// Share of messages that would skip the model.
    pub fn skip_share(&self) -> f64 {
        if self.total == 0 {
            0.0
        } else {
            self.smalltalk as f64 / self.total as f64
        }
    }
}

/// Classifies every line of `input` into `output` with the built-in lexicon; returns the counts.
pub fn classify_lines(input: impl BufRead, output: impl Write) -> crate::Result<Summary> {
    classify_lines_with(&Config::default(), input, output)
}

/// Classifies every line of `input` into `output` with an operator's settings; returns the counts.
pub fn classify_lines_with(
    config: &Config,
    input: impl BufRead,
    mut output: impl Write,
) -> crate::Result<Summary> {
    let mut summary = Summary::default();
    for line in input.lines() {
        let line = line.map_err(crate::Error::ReadMessage)?;
        let text = line.trim_end_matches('\r');
        if text.trim().is_empty() {
            continue;
        }
        let response = config.respond(text);
        let class = response.and_then(|r| r.matched.class());
        let rule = response.and_then(|r| match r.matched {
            Matched::Rule { name } => Some(name.unwrap_or("")),
            Matched::SmallTalk(_) => None,
        });
        summary.total += 1;
        if response.is_some() {
            summary.smalltalk += 1;
        }
        if let Some(class) = class {
            *summary
                .by_category
                .entry(class.category.as_str())
                .or_default() += 1;
            *summary.by_lang.entry(class.lang.code()).or_default() += 1;
        }
        if let Some(rule) = rule {
            *summary.by_rule.entry(rule.to_owned()).or_default() += 1;
        }
        let line = Line {
            text,
            smalltalk: response.is_some(),
            category: class.map(|c| c.category),
            lang: class.map(|c| c.lang.code()),
            rule,
        };
        serde_json::to_writer(&mut output, &line)?;
        output.write_all(b"\n")?;
    }
    output.flush()?;
    Ok(summary)
}

/// The summary as `frugal classify --summary` prints it: shares of all messages.
pub fn write_summary(summary: &Summary, mut out: impl Write) -> std::io::Result<()> {
    let share = |n: u64| n as f64 * 100.0 / summary.total.max(1) as f64;
    writeln!(out, "messages: {}", summary.total)?;
    writeln!(
        out,
        "small talk: {} ({:.1} % of traffic would skip the model)",
        summary.smalltalk,
        summary.skip_share() * 100.0
    )?;
    writeln!(out, "by category:")?;
    for (category, count) in &summary.by_category {
        writeln!(out, "  {category:<10} {count:>8} {:>6.1} %", share(*count))?;
    }
    writeln!(out, "by language:")?;
    let mut langs: Vec<_> = summary.by_lang.iter().collect();
    langs.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    for (lang, count) in langs {
        writeln!(out, "  {lang:<10} {count:>8} {:>6.1} %", share(*count))?;
    }
    if !summary.by_rule.is_empty() {
        writeln!(out, "by operator rule:")?;
        for (rule, count) in &summary.by_rule {
            let rule = if rule.is_empty() { "(unnamed)" } else { rule };
            writeln!(out, "  {rule:<10} {count:>8} {:>6.1} %", share(*count))?;
        }
    }
    Ok(())
}

/// Runs `frugal classify`.
pub fn run(args: &ClassifyArgs) -> crate::Result<()> {
    let config = match &args.config {
        Some(path) => Config::load(path).map_err(|e| crate::Error::Input(e.to_string()))?,
        None => Config::default(),
    };
    let stdout = std::io::stdout().lock();
    let summary = match args.input.as_deref() {
        None => classify_lines_with(&config, std::io::stdin().lock(), stdout)?,
        Some(path) if path.as_os_str() == "-" => {
            classify_lines_with(&config, std::io::stdin().lock(), stdout)?
        }
        Some(path) => {
            let file = std::fs::File::open(path).map_err(|source| crate::Error::Open {
                path: path.to_owned(),
                source,
            })?;
            classify_lines_with(&config, std::io::BufReader::new(file), stdout)?
        }
    };
    if args.summary {
        write_summary(&summary, std::io::stderr().lock())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_one_json_object_per_line_and_counts() {
        let mut out = Vec::new();
        let summary = classify_lines(
            "hello\n\nwhat is my balance\nmerci !\n".as_bytes(),
            &mut out,
        )
        .unwrap();
        let lines: Vec<serde_json::Value> = String::from_utf8(out)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines.len(), 3);
        assert_eq!(lines[0]["category"], "greeting");
        assert_eq!(lines[1]["smalltalk"], false);
        assert!(lines[1]["category"].is_null());
        assert_eq!(lines[2]["lang"], "fr");
        assert_eq!(summary.total, 3);
        assert_eq!(summary.smalltalk, 2);
        assert_eq!(summary.by_lang.get("fr"), Some(&1));
    }

    #[test]
    fn operator_rules_are_counted_and_the_summary_shares_add_up() {
        let config = Config::from_toml(
            "[[rules]]\nname = \"hours\"\npattern = \"(what are )?(your )?opening hours\"\nreply = \"9-5\"\n",
            "ops.toml",
        )
        .unwrap();
        let mut out = Vec::new();
        let summary = classify_lines_with(
            &config,
            "Opening hours?\nhola\nbonjour\nwhat is my balance\n".as_bytes(),
            &mut out,
        )
        .unwrap();
        assert_eq!(summary.by_rule.get("hours"), Some(&1));
        assert_eq!(summary.smalltalk, 3);
        let mut text = Vec::new();
        write_summary(&summary, &mut text).unwrap();
        let text = String::from_utf8(text).unwrap();
        assert!(text.contains("75.0 % of traffic"), "{text}");
        assert!(text.contains("hours"), "{text}");
        assert!(text.contains("es "), "{text}");
    }
}
