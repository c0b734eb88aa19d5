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
    let output = frugal().args(["demo", "--json"]).output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["requests"], 500);
    assert!(report["saving_share"].as_f64().unwrap() > 0.1);
}

#[test]
fn demo_rejects_unknown_architecture() {
    let output = frugal().args(["demo", "--arch", "sparc"]).output().unwrap();
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("arm64 or x86_64"));
}
