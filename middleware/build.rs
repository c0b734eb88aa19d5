//! Expands and normalises the small-talk lexicon once, at build time, into a sorted table, so the
//! classifier has no init cost (it runs on the cold-start path of a greeting).

#![allow(dead_code)]

use std::fmt::Write as _;

#[derive(Clone, Copy, Debug)]
enum Category {
    Greeting,
    HowAreYou,
    Thanks,
    Goodbye,
}

#[derive(Clone, Copy, Debug)]
enum Lang {
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

include!("src/small_talk/lexicon_templates.rs");
include!("src/small_talk/expand.rs");
include!("src/small_talk/normalize.rs");

fn main() {
    println!("cargo:rerun-if-changed=src/small_talk/lexicon_templates.rs");
    println!("cargo:rerun-if-changed=src/small_talk/expand.rs");
    println!("cargo:rerun-if-changed=src/small_talk/normalize.rs");
    println!("cargo:rerun-if-changed=build.rs");

    let phrases = PHRASES.iter().map(|(c, l, t)| (Some(*c), *l, *t));
    let fillers = FILLERS.iter().map(|(l, t)| (None, *l, *t));
    // Phrases first: where a text is both a phrase and a filler, the phrase wins; then first wins.
    let mut table: std::collections::BTreeMap<String, (Option<Category>, Lang)> =
        Default::default();
    for (category, lang, template) in phrases.chain(fillers) {
        for phrase in expand(template) {
            let normalized = normalize_lexicon(&phrase);
            if !normalized.is_empty() {
                table.entry(normalized).or_insert((category, lang));
            }
        }
    }
    let max = table.keys().map(String::len).max().unwrap_or(0);
    assert!(max <= usize::from(u16::MAX), "a phrase of {max} bytes");
    // One string with every phrase back to back, and a table of offsets into it: a table of `&str`
    // would hold a pointer per phrase, each a relocation the loader applies at every process start.
    let mut text = String::new();
    let mut rows = String::new();
    for (phrase, (category, lang)) in &table {
        let category = match category {
            Some(c) => format!("Some(Category::{c:?})"),
            None => "None".to_owned(),
        };
        let _ = writeln!(
            rows,
            "    ({}, {}, {category}, Lang::{lang:?}),",
            text.len(),
            phrase.len()
        );
        text.push_str(phrase);
    }
    let mut out = String::new();
    let _ = writeln!(
        out,
        "/// Longest phrase in bytes.\nconst MAX_PHRASE_BYTES: usize = {max};"
    );
    let _ = writeln!(out, "/// Every phrase, sorted, back to back.");
    let _ = writeln!(out, "static LEXICON_TEXT: &str = {text:?};");
    let _ = writeln!(
        out,
        "/// Start and length in `LEXICON_TEXT`, category (`None` for fillers), language; sorted by phrase."
    );
    let _ = writeln!(
        out,
        "static LEXICON: &[(u32, u16, Option<Category>, Lang)] = &["
    );
    out.push_str(&rows);
    out.push_str("];\n");
    let path = std::path::Path::new(&std::env::var("OUT_DIR").unwrap_or_else(|_| ".".into()))
        .join("lexicon_table.rs");
    if let Err(e) = std::fs::write(&path, out) {
        panic!("writing {}: {e}", path.display());
    }
}
