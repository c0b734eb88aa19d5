//! The `frugal` command line, driven from the outside.

use assert_cmd::Command;

fn frugal() -> Command {
    Command::cargo_bin("frugal").expect("the frugal binary is built")
}

#[test]
fn classify_reads_stdin_and_writes_json_lines() {
    let output = frugal()
        .arg("classify")
        .arg("--summary")
        .write_stdin("Hello!\nhow do I reset my password?\nDanke schön\n")
        .output()
        .unwrap();
    assert!(output.status.success());
    let lines: Vec<serde_json::Value> = String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["smalltalk"], true);
    assert_eq!(lines[1]["smalltalk"], false);
    assert_eq!(lines[2]["lang"], "de");
    let summary = String::from_utf8(output.stderr).unwrap();
    assert!(summary.contains("66.7 %"), "{summary}");
}

#[test]
fn classify_missing_file_is_a_clear_error() {
    let output = frugal()
        .args(["classify", "/nonexistent/messages.txt"])
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("/nonexistent/messages.txt"));
}

#[test]
fn demo_runs_offline_and_reports_savings() {
    let dir = tempfile::tempdir().unwrap();
    let html = dir.path().join("report.html");
    let output = frugal()
        .args(["demo", "--json", "--report"])
        .arg(&html)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let both: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let report = &both["middleware"];
    assert_eq!(report["requests"], 500);
    assert!(report["saving_share"].as_f64().unwrap() > 0.1);
    let analysis = &both["analysis"]["functions"][0];
    assert!(analysis["memory"]["recommended_mb"].as_u64().is_some());
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.contains("<svg") && page.contains("Frugal report"));
}

#[test]
fn simulate_then_analyze_offline_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let trace = dir.path().join("trace.csv");
    let mut csv = String::from("timestamp,duration_ms,memory_mb\n");
    for i in 0..600 {
        csv.push_str(&format!(
            "{},{},{}\n",
            i as f64 * 2.5,
            200 + (i % 7) * 30,
            60
        ));
    }
    std::fs::write(&trace, csv).unwrap();
    let snapshot = dir.path().join("snapshot.json");
    let output = frugal()
        .args(["simulate", "--trace"])
        .arg(&trace)
        .arg("-o")
        .arg(&snapshot)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    for format in ["table", "json", "markdown", "html"] {
        let output = frugal()
            .args(["analyze", "--format", format, "--from-file"])
            .arg(&snapshot)
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{format}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let text = String::from_utf8(output.stdout).unwrap();
        assert!(text.contains("trace"), "{format}: {text}");
        if format == "html" {
            // Cost vs memory, concurrency with the provisioned line, duration distribution.
            assert_eq!(text.matches("<svg").count(), 3, "{text}");
            assert!(text.contains("Duration distribution"));
        }
    }
    let json = frugal()
        .args(["analyze", "--format", "json", "--from-file"])
        .arg(&snapshot)
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let f = &report["functions"][0];
    assert_eq!(report["schema_version"], 1);
    assert_eq!(f["timeout"]["recommended_s"], 3);
    assert!(f["memory"]["curve"].as_array().unwrap().len() > 5);
}

#[test]
fn analyze_explains_bad_input() {
    let output = frugal().args(["analyze"]).output().unwrap();
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("--from-file"));
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, "{\"hello\": 1}").unwrap();
    let output = frugal()
        .args(["analyze", "--from-file"])
        .arg(&bad)
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&output.stderr).contains("not a Frugal snapshot"));
}

#[test]
fn demo_rejects_unknown_architecture() {
    let output = frugal().args(["demo", "--arch", "sparc"]).output().unwrap();
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("arm64 or x86_64"));
}
