//! `frugal classify`: runs the small-talk classifier over messages, one per line.

use std::io::{BufRead, Write};
use std::path::PathBuf;

use frugal_middleware::small_talk::{Category, Classifier};
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

/// Classifies every line of `input` into `output`; returns the counts.
pub fn classify_lines(input: impl BufRead, mut output: impl Write) -> crate::Result<Summary> {
    let classifier = Classifier::new();
    let mut summary = Summary::default();
    for line in input.lines() {
        let line = line.map_err(crate::Error::ReadMessage)?;
        let text = line.trim_end_matches('\r');
        if text.trim().is_empty() {
            continue;
        }
        let class = classifier.classify(text);
        summary.total += 1;
        if let Some(class) = class {
            summary.smalltalk += 1;
            *summary
                .by_category
                .entry(class.category.as_str())
                .or_default() += 1;
        }
        let line = Line {
            text,
            smalltalk: class.is_some(),
            category: class.map(|c| c.category),
            lang: class.map(|c| c.lang.code()),
        };
        serde_json::to_writer(&mut output, &line)?;
        output.write_all(b"\n")?;
    }
    output.flush()?;
    Ok(summary)
}

/// Runs `frugal classify`.
pub fn run(args: &ClassifyArgs) -> crate::Result<()> {
    let stdout = std::io::stdout().lock();
    let summary = match args.input.as_deref() {
        None => classify_lines(std::io::stdin().lock(), stdout)?,
        Some(path) if path.as_os_str() == "-" => classify_lines(std::io::stdin().lock(), stdout)?,
        Some(path) => {
            let file = std::fs::File::open(path).map_err(|source| crate::Error::Open {
                path: path.to_owned(),
                source,
            })?;
            classify_lines(std::io::BufReader::new(file), stdout)?
        }
    };
    if args.summary {
        let mut err = std::io::stderr().lock();
        writeln!(err, "messages: {}", summary.total)?;
        writeln!(
            err,
            "small talk: {} ({:.1} % of traffic would skip the model)",
            summary.smalltalk,
            summary.skip_share() * 100.0
        )?;
        for (category, count) in &summary.by_category {
            writeln!(err, "  {category}: {count}")?;
        }
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
    }
}
