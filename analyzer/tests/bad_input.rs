//! Bad input, driven from the outside: every malformed snapshot, trace or option ends in a plain
//! error naming the file and the field (or a warning, for what is odd but usable), never in a panic,
//! a backtrace or a price taken silently.

use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::OnceLock;

use assert_cmd::Command;
use frugal_analyzer::snapshot::Snapshot;
use proptest::prelude::*;
use serde_json::Value;

/// The bundled Azure sample's invocations file.
fn azure_sample() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../data/azure-functions-2019/invocations.csv")
}

/// The binary, with every backtrace switch on: none may show.
fn frugal() -> Command {
    let mut command = Command::cargo_bin("frugal").expect("the frugal binary is built");
    command
        .env("RUST_BACKTRACE", "1")
        .env("RUST_LIB_BACKTRACE", "1")
        .env_remove("AWS_REGION");
    command
}

/// Standard error of `output`, checked for what must never appear.
fn stderr_of(output: &Output) -> String {
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "a panic: {stderr}");
    assert!(
        !stderr.to_lowercase().contains("backtrace"),
        "a backtrace: {stderr}"
    );
    stderr
}

/// Asserts `output` is a user error: exit code `code`, `error: ` and at most two lines on standard
/// error, each of `names` in them. Returns standard error.
fn user_error(output: &Output, code: i32, names: &[&str]) -> String {
    let stderr = stderr_of(output);
    assert_eq!(output.status.code(), Some(code), "{stderr}");
    assert!(stderr.starts_with("error: "), "{stderr}");
    assert!(stderr.lines().count() <= 2, "more than two lines: {stderr}");
    for name in names {
        assert!(stderr.contains(name), "{name:?} not in: {stderr}");
    }
    stderr
}

/// A valid snapshot, simulated once from a quiet function of the Azure sample and renamed
/// `checkout`.
fn valid_snapshot() -> &'static Value {
    static SNAPSHOT: OnceLock<Value> = OnceLock::new();
    SNAPSHOT.get_or_init(|| {
        let output = frugal()
            .args(["simulate", "--function", "729e1d91", "--trace"])
            .arg(azure_sample())
            .output()
            .expect("frugal simulate runs");
        assert!(output.status.success(), "{}", stderr_of(&output));
        let mut snapshot: Value = serde_json::from_slice(&output.stdout).expect("JSON");
        snapshot["functions"][0]["name"] = "checkout".into();
        snapshot
    })
}

/// Writes `text` to `name` in a new temporary directory.
fn file(name: &str, text: impl AsRef<[u8]>) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join(name);
    std::fs::write(&path, text).expect("written");
    (dir, path)
}

/// The valid snapshot changed by `change`, as pretty JSON.
fn changed(change: impl FnOnce(&mut Value)) -> String {
    let mut snapshot = valid_snapshot().clone();
    change(&mut snapshot);
    serde_json::to_string_pretty(&snapshot).expect("serialises")
}

/// `frugal analyze --format json --from-file` on a file named `snap.json` holding `text`.
fn analyze(text: impl AsRef<[u8]>) -> Output {
    let (_dir, path) = file("snap.json", text);
    frugal()
        .args(["analyze", "--format", "json", "--from-file"])
        .arg(&path)
        .output()
        .expect("frugal runs")
}

/// The valid snapshot with `raw` JSON text in place of the function's field at `pointer`.
fn with_raw(pointer: &str, raw: &str) -> String {
    changed(|s| *s.pointer_mut(pointer).expect("the field exists") = "@@RAW@@".into())
        .replace("\"@@RAW@@\"", raw)
}

#[test]
fn the_valid_snapshot_is_analysed() {
    let output = analyze(changed(|_| ()));
    assert!(output.status.success(), "{}", stderr_of(&output));
}

#[test]
fn a_duration_of_1e308_ms_is_an_error_not_a_panic() {
    let output = analyze(changed(|s| {
        s["functions"][0]["duration_ms"]["avg"] = 1e308.into();
    }));
    let stderr = user_error(&output, 2, &["snap.json", "duration_ms.avg"]);
    assert!(
        stderr.contains(
            r#"snap.json: functions[0] ("checkout").duration_ms.avg = 1e308: not a duration (0 to 900000 ms)"#
        ),
        "{stderr}"
    );
}

#[test]
fn a_negative_invocation_count_is_an_error() {
    let output = analyze(changed(|s| {
        s["functions"][0]["invocations"][3] = (-50.0).into();
    }));
    user_error(
        &output,
        2,
        &[
            "snap.json",
            r#"functions[0] ("checkout").invocations[3] = -50"#,
        ],
    );
}

#[test]
fn a_number_out_of_range_is_an_error_naming_the_field() {
    let output = analyze(with_raw("/functions/0/duration_ms/p99", "1e400"));
    user_error(
        &output,
        2,
        &["snap.json", "duration_ms.p99", "not valid JSON", "line"],
    );
}

#[test]
fn a_string_where_a_number_belongs_is_an_error_naming_the_field() {
    let output = analyze(with_raw("/functions/0/duration_ms/p99", r#""slow""#));
    user_error(
        &output,
        2,
        &["snap.json", "duration_ms.p99", "invalid type: string"],
    );
}

#[test]
fn null_where_a_number_belongs_is_an_error_naming_the_field() {
    let output = analyze(with_raw("/functions/0/errors", "null"));
    user_error(
        &output,
        2,
        &["snap.json", r#"functions[0] ("checkout").errors"#, "null"],
    );
}

#[test]
fn a_truncated_snapshot_says_so_with_line_and_column() {
    let text = changed(|_| ());
    let output = analyze(&text[..text.len() / 2]);
    user_error(&output, 2, &["snap.json", "truncated", "line", "column"]);
    let output = analyze("");
    user_error(&output, 2, &["snap.json", "empty"]);
    let output = analyze("{\"version\": 1,, }");
    user_error(&output, 2, &["snap.json", "not valid JSON", "line 1"]);
}

#[test]
fn an_unknown_region_is_refused_with_the_known_ones() {
    let output = analyze(changed(|s| s["region"] = "mars-1".into()));
    user_error(
        &output,
        2,
        &[
            "snap.json",
            r#"region = "mars-1""#,
            "us-east-1",
            "eu-west-1",
        ],
    );
}

#[test]
fn an_unknown_architecture_is_refused_naming_the_field_and_the_choices() {
    let output = analyze(changed(|s| {
        s["functions"][0]["config"]["architecture"] = "sparc".into();
    }));
    user_error(
        &output,
        2,
        &[
            "snap.json",
            r#"functions[0] ("checkout").config.architecture"#,
            "sparc",
            "arm64",
            "x86_64",
        ],
    );
}

#[test]
fn series_of_different_lengths_are_an_error() {
    let output = analyze(changed(|s| {
        s["functions"][0]["concurrency"]
            .as_array_mut()
            .expect("a series")
            .pop();
    }));
    user_error(&output, 2, &["snap.json", "concurrency", "invocations"]);
    let output = analyze(changed(|s| {
        s["functions"][0]["invocations"] = Value::Array(Vec::new());
        s["functions"][0]["concurrency"] = Value::Array(Vec::new());
    }));
    user_error(&output, 2, &["snap.json", "invocations", "empty"]);
}

#[test]
fn configuration_out_of_lambdas_range_is_an_error() {
    for (field, value, expected) in [
        ("memory_mb", 64, "config.memory_mb = 64"),
        ("timeout_s", 0, "config.timeout_s = 0"),
        ("timeout_s", 901, "config.timeout_s = 901"),
    ] {
        let output = analyze(changed(|s| {
            s["functions"][0]["config"][field] = value.into();
        }));
        user_error(&output, 2, &["snap.json", expected]);
    }
    let output = analyze(changed(|s| {
        s["functions"][0]["config"]
            .as_object_mut()
            .expect("an object")
            .remove("timeout_s");
    }));
    user_error(
        &output,
        2,
        &["snap.json", "config", "missing field `timeout_s`"],
    );
    let output = analyze(changed(|s| s["period_seconds"] = 0.into()));
    user_error(&output, 2, &["snap.json", "period_seconds = 0"]);
    let output = analyze(changed(|s| {
        s["functions"][0]["provisioned_utilization"] = 1.5.into();
    }));
    user_error(&output, 2, &["snap.json", "provisioned_utilization = 1.5"]);
}

#[test]
fn zero_invocations_is_a_warning_not_an_error() {
    let output = analyze(changed(|s| {
        let points = s["functions"][0]["invocations"]
            .as_array()
            .map_or(0, Vec::len);
        s["functions"][0]["invocations"] = Value::Array(vec![0.0.into(); points]);
    }));
    let stderr = stderr_of(&output);
    assert!(output.status.success(), "{stderr}");
    let report: Value = serde_json::from_slice(&output.stdout).expect("a JSON report");
    let warnings = report["warnings"].to_string();
    assert!(
        warnings.contains("checkout: no invocations in the window (")
            && warnings.contains("snap.json"),
        "{warnings}"
    );
}

#[test]
fn percentiles_out_of_order_are_a_warning_naming_the_function() {
    let output = analyze(changed(|s| {
        s["functions"][0]["duration_ms"]["p50"] = 5000.0.into();
    }));
    let stderr = stderr_of(&output);
    assert!(output.status.success(), "{stderr}");
    let report: Value = serde_json::from_slice(&output.stdout).expect("a JSON report");
    let warnings = report["warnings"].to_string();
    assert!(
        warnings.contains("checkout: duration p50 (5000.0 ms) is above p90"),
        "{warnings}"
    );
}

/// `frugal simulate --trace` on `path`.
fn simulate(path: &Path) -> Output {
    frugal()
        .args(["simulate", "--output", "-", "--trace"])
        .arg(path)
        .output()
        .expect("frugal runs")
}

/// A copy of the Azure sample in a temporary directory, its invocations file changed by `change`.
fn azure_copy(change: impl FnOnce(String) -> String) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let sample = azure_sample();
    let sample_dir = sample.parent().expect("a directory");
    for name in ["durations.csv", "memory.csv"] {
        std::fs::copy(sample_dir.join(name), dir.path().join(name)).expect("copied");
    }
    let text = std::fs::read_to_string(&sample).expect("the sample");
    let path = dir.path().join("invocations.csv");
    std::fs::write(&path, change(text)).expect("written");
    (dir, path)
}

#[test]
fn a_truncated_azure_trace_names_the_file_and_the_line() {
    // Cut the file in the middle of a row, as an interrupted download does.
    let (_dir, path) = azure_copy(|text| text[..text.len() / 2].to_owned());
    let output = simulate(&path);
    user_error(&output, 2, &["invocations.csv: line ", "truncated row"]);
}

#[test]
fn garbage_in_an_azure_trace_names_the_file_line_and_column() {
    let (_dir, path) = azure_copy(|text| {
        let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
        let mut cells: Vec<&str> = lines[3].split(',').collect();
        cells[4] = "NaN";
        lines[3] = cells.join(",");
        lines.join("\n")
    });
    let output = simulate(&path);
    user_error(
        &output,
        2,
        &[
            "invocations.csv: line 4, column 5 (480) = NaN",
            "not a count",
        ],
    );
    let (_dir, path) = azure_copy(|text| text.replacen(",http,0,", ",http,-3,", 1));
    let output = simulate(&path);
    user_error(&output, 2, &["invocations.csv: line ", "(480) = -3"]);
}

#[test]
fn an_azure_trace_missing_a_column_names_it() {
    let (_dir, path) = azure_copy(|text| text.replacen("HashFunction", "HashFunktion", 1));
    // Without its HashFunction header it is not recognised as Azure: read as a plain trace.
    let output = simulate(&path);
    user_error(&output, 2, &["invocations.csv", "line 2"]);
    let (dir, path) = azure_copy(|text| text);
    let durations = dir.path().join("durations.csv");
    let text = std::fs::read_to_string(&durations).expect("copied");
    std::fs::write(&durations, text.replacen("percentile_Average_99", "p99", 1)).expect("written");
    let output = simulate(&path);
    user_error(&output, 2, &["durations.csv", "percentile_Average_99"]);
}

#[test]
fn bad_plain_traces_name_the_file_line_and_column() {
    for (text, expected) in [
        (
            "timestamp_seconds,duration_ms\n0,120\n5,NaN\n",
            "trace.csv: line 3, column 2 (duration_ms) = NaN",
        ),
        (
            "timestamp_seconds,duration_ms\n0,120\n5,-1\n",
            "trace.csv: line 3, column 2 (duration_ms) = -1",
        ),
        (
            "timestamp_seconds,duration_ms\n0,120\n5,1e308\n",
            "trace.csv: line 3, column 2 (duration_ms) = 1e308",
        ),
        (
            "timestamp_seconds,duration_ms,memory_mb\n0,120,128\n5,100\n",
            "trace.csv: line 3: truncated row",
        ),
        ("", "trace.csv has no invocations"),
        (
            "timestamp_seconds\n0\n",
            "trace.csv: line 1: the header names 1 column",
        ),
        (
            "garbage,here\n%%%,???\n",
            "trace.csv: line 2, column 1 (timestamp_seconds) = %%%",
        ),
    ] {
        let (_dir, path) = file("trace.csv", text);
        let output = simulate(&path);
        user_error(&output, 2, &[expected]);
    }
}

#[test]
fn a_trace_that_is_not_utf8_names_the_file() {
    let (_dir, path) = file("trace.csv", b"0,120\n5,1\xff0\n");
    let output = simulate(&path);
    user_error(&output, 2, &["trace.csv", "UTF-8"]);
}

#[test]
fn a_missing_file_is_one_plain_line() {
    let output = frugal()
        .args(["analyze", "--from-file", "/nonexistent/snap.json"])
        .output()
        .expect("frugal runs");
    let stderr = user_error(&output, 2, &[]);
    assert_eq!(
        stderr.trim_end(),
        "error: reading /nonexistent/snap.json: No such file or directory (os error 2)"
    );
    let output = frugal()
        .args(["simulate", "--trace", "/nonexistent/trace.csv"])
        .output()
        .expect("frugal runs");
    user_error(&output, 2, &["/nonexistent/trace.csv"]);
}

#[test]
fn a_bad_flag_is_clap_s_usage_error() {
    for argv in [
        &["analyze", "--no-such-flag"][..],
        &["simulate", "--trace", "t.csv", "--init-ms", "NaN"],
        &["simulate", "--trace", "t.csv", "--memory", "64"],
        &[
            "cost",
            "--memory",
            "256",
            "--duration-ms",
            "5",
            "--arch",
            "sparc",
        ],
    ] {
        let output = frugal().args(argv).output().expect("frugal runs");
        let stderr = stderr_of(&output);
        assert_eq!(output.status.code(), Some(2), "{argv:?}: {stderr}");
        assert!(stderr.starts_with("error: "), "{argv:?}: {stderr}");
    }
}

#[test]
fn cost_refuses_bad_numbers_and_unknown_regions_naming_the_flag() {
    for (extra, expected) in [
        (&["--duration-ms", "1e308"][..], "--duration-ms = 1e308"),
        (&["--duration-ms", "NaN"], "--duration-ms = NaN"),
        (&["--duration-ms", "5", "--init-ms=-5"], "--init-ms = -5"),
        (&["--duration-ms", "5", "--hours", "NaN"], "--hours = NaN"),
        (&["--duration-ms", "5", "--region", "mars-1"], "--region"),
    ] {
        let output = frugal()
            .args(["cost", "--memory", "256"])
            .args(extra)
            .output()
            .expect("frugal runs");
        user_error(&output, 2, &[expected]);
    }
}

/// Numeric fields of the valid snapshot, as JSON pointers (a few points of each series).
fn numeric_fields() -> Vec<String> {
    fn walk(value: &Value, at: String, out: &mut Vec<String>) {
        match value {
            Value::Number(_) => out.push(at),
            Value::Object(map) => {
                for (key, v) in map {
                    walk(v, format!("{at}/{key}"), out);
                }
            }
            Value::Array(items) => {
                for (i, v) in items.iter().enumerate().filter(|(i, _)| i % 97 == 0) {
                    walk(v, format!("{at}/{i}"), out);
                }
            }
            _ => {}
        }
    }
    let mut fields = Vec::new();
    walk(valid_snapshot(), String::new(), &mut fields);
    // Optional fields the simulation leaves out, so they are mutated too.
    for name in [
        "model_latency_ms",
        "small_talk_hits",
        "cache_hits",
        "model_calls",
        "provisioned_utilization",
        "spillover_invocations",
    ] {
        fields.push(format!("/functions/0/{name}"));
    }
    fields
}

/// A value as JSON text: finite numbers as serde_json writes them, extremes, and what JSON cannot
/// hold or a number is not.
fn raw_value() -> impl Strategy<Value = String> {
    let extremes = prop::sample::select(vec![
        "0",
        "-0.0",
        "-1",
        "1",
        "0.5",
        "127",
        "128",
        "900",
        "901",
        "10240",
        "10241",
        "86400",
        "900000",
        "900000.5",
        "1e7",
        "1e15",
        "1e16",
        "4294967295",
        "4294967296",
        "18446744073709551615",
        "18446744073709551616",
        "1.7976931348623157e308",
        "-1.7976931348623157e308",
        "5e-324",
        "1e308",
        "1e400",
        "-1e400",
        "null",
        "\"12\"",
        "true",
        "[]",
        "{}",
    ])
    .prop_map(str::to_owned);
    let any_number = any::<f64>().prop_map(|v| {
        if v.is_finite() {
            serde_json::to_string(&v).unwrap_or_else(|_| "0".into())
        } else {
            format!("{v}") // NaN, inf: not JSON at all
        }
    });
    prop_oneof![extremes, any_number]
}

/// Changes to the valid snapshot: one to three fields, each given a raw value.
fn mutations() -> impl Strategy<Value = Vec<(String, String)>> {
    prop::collection::vec((prop::sample::select(numeric_fields()), raw_value()), 1..=3)
}

/// The valid snapshot with each `(pointer, raw)` applied.
fn mutated(changes: &[(String, String)]) -> String {
    let mut snapshot = valid_snapshot().clone();
    for (i, (pointer, _)) in changes.iter().enumerate() {
        let (parent, key) = pointer.rsplit_once('/').unwrap_or(("", pointer));
        if let Some(Value::Object(map)) = snapshot.pointer_mut(parent) {
            map.insert(key.to_owned(), format!("@@RAW{i}@@").into());
        } else if let Some(slot) = snapshot.pointer_mut(pointer) {
            *slot = format!("@@RAW{i}@@").into();
        }
    }
    let mut text = serde_json::to_string_pretty(&snapshot).unwrap_or_default();
    for (i, (_, raw)) in changes.iter().enumerate() {
        text = text.replace(&format!("\"@@RAW{i}@@\""), raw);
    }
    text
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Reading never panics; what it accepts is within Lambda's ranges.
    #[test]
    fn reading_a_mutated_snapshot_never_panics(changes in mutations()) {
        let text = mutated(&changes);
        if let Ok(snapshot) = Snapshot::from_json("snap.json", &text) {
            for function in &snapshot.functions {
                let d = &function.duration_ms;
                for ms in [d.avg, d.p50, d.p90, d.p99, d.p999, d.max] {
                    prop_assert!((0.0..=900_000.0).contains(&ms));
                }
                prop_assert!(function.invocations.iter().all(|v| v.is_finite() && *v >= 0.0));
                prop_assert!((128..=10_240).contains(&function.config.memory_mb));
            }
        }
    }
}

/// A heavy load within Lambda's limits (200 million invocations in a minute at 28 ms, on the
/// largest memory size) is analysed, its provisioned levels searched within bounds.
#[test]
fn a_heavy_but_valid_load_is_analysed_with_a_bounded_search() {
    let output = analyze(changed(|s| {
        s["functions"][0]["invocations"][0] = 2e8.into();
        s["functions"][0]["config"]["memory_mb"] = 10_240.into();
    }));
    let stderr = stderr_of(&output);
    assert!(output.status.success(), "{stderr}");
    let report: Value = serde_json::from_slice(&output.stdout).expect("a JSON report");
    let levels = report["functions"][0]["provisioned_concurrency"]["levels"]
        .as_array()
        .map_or(0, Vec::len);
    assert!(levels <= 10_000, "{levels} levels evaluated");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// End to end, in every format: exit 0 when the snapshot reads, else a plain error (2); never a
    /// panic.
    #[test]
    fn analysing_a_mutated_snapshot_never_panics(
        changes in mutations(),
        format in prop::sample::select(vec!["json", "table", "markdown", "html"]),
    ) {
        let text = mutated(&changes);
        let readable = Snapshot::from_json("snap.json", &text).is_ok();
        let (_dir, path) = file("snap.json", &text);
        let output = frugal()
            .args(["analyze", "--format", format, "--from-file"])
            .arg(&path)
            .output()
            .expect("frugal runs");
        let stderr = String::from_utf8_lossy(&output.stderr);
        prop_assert!(!stderr.contains("panicked"), "{changes:?}: {stderr}");
        let expected = if readable { 0 } else { 2 };
        prop_assert_eq!(output.status.code(), Some(expected), "{:?}: {}", changes, stderr);
        if !readable {
            prop_assert!(stderr.starts_with("error: ") && stderr.lines().count() <= 2, "{}", stderr);
        }
    }
}
