//! The report as a reader gets it, from the outside: a headline, a per-function summary, each
//! function's evidence and bill by part, warnings said once; tables that fit the terminal; an HTML
//! page that escapes names and needs nothing from outside.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

const WARNING: &str = "steady: a gap the report must mention exactly once";
const ODD_NAME: &str = "chat <b>api</b> & \"beta\"";
/// A name of wide characters: two terminal columns each.
const WIDE_NAME: &str = "夜間バッチ集計処理関数";

fn frugal() -> Command {
    Command::cargo_bin("frugal").expect("the frugal binary is built")
}

/// A snapshot of `frugal simulate` over a CSV trace: `count` invocations spread over two hours.
fn simulate(dir: &Path, name: &str, count: usize, options: &[&str]) -> serde_json::Value {
    // The name may hold any character; the files are named after the traffic.
    let file = format!("trace-{count}");
    let trace = dir.join(format!("{file}.csv"));
    let mut csv = String::from("timestamp,duration_ms,memory_mb\n");
    for i in 0..count {
        let t = i as f64 * 7200.0 / count as f64;
        // Bursts every 10 minutes, and a long tail.
        let burst = if (t as u64 / 60).is_multiple_of(10) {
            3
        } else {
            1
        };
        for _ in 0..burst {
            csv.push_str(&format!("{t},{},{}\n", 120 + (i % 13) * 40, 90));
        }
    }
    std::fs::write(&trace, csv).unwrap();
    let snapshot = dir.join(format!("{file}.json"));
    let output = frugal()
        .args(["simulate", "--trace"])
        .arg(&trace)
        .args(options)
        .arg("-o")
        .arg(&snapshot)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let mut value: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&snapshot).unwrap()).unwrap();
    for f in value["functions"].as_array_mut().unwrap() {
        f["name"] = name.into();
    }
    value
}

/// Three functions in one snapshot (one named with markup, one in wide characters), with one warning.
fn snapshot(dir: &Path) -> PathBuf {
    let mut merged = simulate(dir, "steady", 3000, &["--memory", "1024"]);
    for (name, count, options) in [
        (
            ODD_NAME,
            1500,
            &["--memory", "512", "--provisioned", "3"][..],
        ),
        (WIDE_NAME, 400, &["--memory", "2048"][..]),
    ] {
        let other = simulate(dir, name, count, options);
        let functions = other["functions"].as_array().unwrap().clone();
        merged["functions"]
            .as_array_mut()
            .unwrap()
            .extend(functions);
    }
    merged["warnings"] = serde_json::json!([WARNING]);
    let path = dir.join("snapshot.json");
    std::fs::write(&path, merged.to_string()).unwrap();
    path
}

fn analyze(snapshot: &Path, format: &str, columns: Option<&str>) -> String {
    let mut command = frugal();
    command
        .args(["analyze", "--format", format, "--from-file"])
        .arg(snapshot);
    match columns {
        Some(c) => command.env("COLUMNS", c),
        None => command.env_remove("COLUMNS"),
    };
    let output = command.output().unwrap();
    assert!(
        output.status.success(),
        "{format}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

fn report(snapshot: &Path) -> serde_json::Value {
    serde_json::from_str(&analyze(snapshot, "json", None)).unwrap()
}

#[test]
fn the_table_fits_the_width_and_wraps_the_why() {
    let dir = tempfile::tempdir().unwrap();
    let snapshot = snapshot(dir.path());
    let report = report(&snapshot);
    for (columns, width) in [(Some("100"), 100), (Some("80"), 80), (None, 100)] {
        let text = analyze(&snapshot, "table", columns);
        // Measured in terminal columns: the wide name's characters take two each.
        for line in text.lines() {
            let columns_used = textwrap::core::display_width(line);
            assert!(
                columns_used <= width,
                "COLUMNS={columns:?}: {columns_used} columns: {line}"
            );
        }
        assert!(text.contains("of 3 functions changed."), "{text}");
        // Headers may wrap; the bill's parts are rows.
        assert!(text.contains("saving") && text.contains("cost after"));
        assert!(text.contains("on-demand duration") && text.contains("provisioned environments"));
        for f in report["functions"].as_array().unwrap() {
            let name = f["name"].as_str().unwrap();
            assert!(text.contains(name), "{name} as a heading");
        }
        // The evidence wraps: its words are all there, over several lines.
        let evidence = report["functions"][0]["evidence"].as_str().unwrap();
        let words: Vec<&str> = evidence.split_whitespace().collect();
        let first = text.find(words[0]).unwrap();
        let last = text[first..].find(words[words.len() - 1]).unwrap() + first;
        assert!(text[first..last].lines().count() > 2, "{text}");
        assert_eq!(text.matches(WARNING).count(), 1, "{text}");
    }
}

#[test]
fn markdown_has_the_headline_and_the_summary_in_report_order() {
    let dir = tempfile::tempdir().unwrap();
    let snapshot = snapshot(dir.path());
    let report = report(&snapshot);
    let text = analyze(&snapshot, "markdown", None);
    let s = &report["summary"];
    let headline = format!(
        "${:.2} → ${:.2}",
        s["monthly_cost_before"].as_f64().unwrap(),
        s["monthly_cost_after"].as_f64().unwrap()
    );
    assert!(text.contains(&headline), "{text}");
    assert!(text.contains("## Summary"));
    let summary: Vec<&str> = text
        .split("## Summary")
        .nth(1)
        .unwrap()
        .lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| function"))
        .take_while(|l| !l.is_empty())
        .collect();
    let names: Vec<String> = report["functions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap().replace('|', "\\|"))
        .collect();
    for (row, name) in summary.iter().zip(&names) {
        assert!(row.starts_with(&format!("| {name} |")), "{row}");
    }
    assert!(text.contains("| cost by part / month |"));
    assert!(text.contains(report["functions"][0]["evidence"].as_str().unwrap()));
    assert_eq!(text.matches(WARNING).count(), 1);
    assert!(!text.contains("<svg"));
}

#[test]
fn html_escapes_names_and_stands_alone() {
    let dir = tempfile::tempdir().unwrap();
    let snapshot = snapshot(dir.path());
    let text = analyze(&snapshot, "html", None);
    assert!(!text.contains("<b>api</b>"), "a name is text, not markup");
    assert!(text.contains("chat &lt;b&gt;api&lt;/b&gt; &amp; &quot;beta&quot;"));
    assert!(text.contains("id=\"headline\""));
    assert!(text.contains("of 3 functions changed."));
    assert_eq!(text.matches(WARNING).count(), 1);
    assert_eq!(text.matches("<svg").count(), 9, "three charts per function");
    for title in [
        "Memory (MB, log scale)",
        "Monthly cost (USD)",
        "Duration (ms)",
        "Time (",
        "Concurrent executions",
        "recommended: ",
        "p99.9: ",
    ] {
        assert!(text.contains(title), "{title}");
    }
    for external in ["src=", "<link", "@import", "url(", "<script"] {
        assert!(!text.contains(external), "{external}");
    }
}
