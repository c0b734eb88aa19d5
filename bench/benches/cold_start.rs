//! Whole-process cold starts of the release binaries, the way Lambda starts them: Lambda's environment
//! variables, a local Runtime API on loopback, one API Gateway HTTP API event. Baseline: the smallest
//! `lambda_http` function (`hello`), built in the same run. Criterion measures each variant in its own
//! block; then a summary table from interleaved rounds (every variant once a round), with each round's
//! ratio to hello's run in the same round, binary and zip sizes, peak RSS, and the per-request cost of
//! each path. The model variants run against stand-ins for Bedrock and DynamoDB over plain HTTP and
//! over TLS (the bootstrap's built-in trust anchors plus a local certificate authority named by
//! `SSL_CERT_FILE`; one variant names the system's whole CA bundle with it instead), and each variant
//! reports wall and CPU time. The static bootstrap (x86_64 musl, bench/README.md "Step 9") runs the
//! greeting and TLS variants too when its target is installed.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use criterion::{criterion_group, Criterion};
use frugal_bench::coldstart::{chat_event, measure, ColdStart, Spread, DEPLOYED_ENV, FULL_VCPU_MB};
use frugal_bench::tls::LocalPki;
use frugal_pricing::{lambda_price, Architecture, CostModel, MODEL_PRICES};

/// Rounds of the interleaved summary (each runs every variant once).
const SUMMARY_ROUNDS: usize = 30;

fn release_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../target"));
    target.join("release")
}

/// The static bootstrap's target (bench/README.md, "Step 9").
const STATIC_TARGET: &str = "x86_64-unknown-linux-musl";

fn static_bootstrap() -> PathBuf {
    release_dir()
        .join("..")
        .join(STATIC_TARGET)
        .join("release/frugal-chat")
}

/// Builds the release `frugal-chat` and `hello`, and the static `frugal-chat` when the musl target
/// is installed (whether it was built is returned; its variants are left out otherwise).
fn build_release_binaries() -> bool {
    let cargo = |args: &[&str]| {
        Command::new(env!("CARGO"))
            .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
            .args(args)
            .status()
    };
    // One `cargo build` per package: built together, the bench's own dependencies (the analyzer's SDK
    // clients, with aws-lc) would be unified into the chat binary's features and inflate it.
    for (package, binary) in [("frugal-chat", "frugal-chat"), ("frugal-bench", "hello")] {
        match cargo(&["build", "--release", "-p", package, "--bin", binary]) {
            Ok(s) if s.success() => {}
            other => panic!("building the release {binary} failed: {other:?}"),
        }
    }
    let built = cargo(&[
        "build",
        "--release",
        "--target",
        STATIC_TARGET,
        "-p",
        "frugal-chat",
    ])
    .is_ok_and(|s| s.success());
    if !built {
        eprintln!("the static bootstrap did not build (is the {STATIC_TARGET} target installed?): its variants are left out");
    }
    built
}

struct Variant {
    name: &'static str,
    program: PathBuf,
    env: Vec<(String, String)>,
    message: &'static str,
    /// A conversation to continue (its history is read before the model is asked).
    session: Option<&'static str>,
    /// As the SAM template deploys it: a REST API event asking for an event stream, answered in
    /// Lambda's streaming response mode (otherwise an HTTP API event, answered buffered).
    deployed: bool,
}

/// Where the model path's AWS calls go: the plain-HTTP stand-in or the TLS one (and its trust store:
/// the local authority alone, or the system's bundle with it).
struct Endpoints {
    plain: String,
    tls: String,
    tls_env: Vec<(String, String)>,
    tls_env_system_bundle: Vec<(String, String)>,
}

fn variants(endpoints: &Endpoints, with_static: bool) -> Vec<Variant> {
    let dir = release_dir();
    let chat = dir.join("frugal-chat");
    let static_chat = static_bootstrap();
    let env = |tls: bool, dynamodb: bool, prewarm: bool| {
        let url = if tls {
            &endpoints.tls
        } else {
            &endpoints.plain
        };
        let mut env = vec![
            ("AWS_ENDPOINT_URL_BEDROCK_RUNTIME".to_owned(), url.clone()),
            ("AWS_ENDPOINT_URL_DYNAMODB".to_owned(), url.clone()),
        ];
        if dynamodb {
            env.push(("FRUGAL_TABLE_NAME".to_owned(), "bench".to_owned()));
        } else {
            env.push(("FRUGAL_HISTORY_STORE".to_owned(), "memory".to_owned()));
        }
        if tls {
            env.extend(endpoints.tls_env.iter().cloned());
        }
        if prewarm {
            env.push(("FRUGAL_PREWARM".to_owned(), "1".to_owned()));
        }
        env
    };
    let variant = |program: &PathBuf, name, message, env| Variant {
        name,
        program: program.clone(),
        env,
        message,
        session: None,
        deployed: false,
    };
    let chat_variant = |name, message, env| variant(&chat, name, message, env);
    let static_variant = |name, message, env| variant(&static_chat, name, message, env);
    const QUESTION: &str = "What is the capital of France?";
    let continued = |variant: Variant| Variant {
        session: Some("bench-session"),
        ..variant
    };
    // The template's configuration: history and the shared response cache in DynamoDB, a REST API
    // in front, answers streamed.
    let deployed = |variant: Variant| {
        let mut env = variant.env.clone();
        env.extend(DEPLOYED_ENV.map(|(k, v)| (k.to_owned(), v.to_owned())));
        Variant {
            env,
            deployed: true,
            ..variant
        }
    };
    let mut variants = vec![
        variant(&dir.join("hello"), "hello_baseline", "Hello!", vec![]),
        chat_variant("chat_greeting", "Hello!", env(true, true, false)),
        chat_variant("chat_model_http", QUESTION, env(false, false, false)),
        chat_variant("chat_model_tls", QUESTION, env(true, false, false)),
        chat_variant("chat_model_ddb_http", QUESTION, env(false, true, false)),
        chat_variant("chat_model_ddb_tls", QUESTION, env(true, true, false)),
        continued(chat_variant(
            "chat_model_ddb_continued_tls",
            QUESTION,
            env(true, true, false),
        )),
        deployed(chat_variant(
            "chat_model_deployed_tls",
            QUESTION,
            env(true, true, false),
        )),
        chat_variant("chat_model_tls_prewarm", QUESTION, env(true, false, true)),
        chat_variant("chat_model_tls_system_bundle", QUESTION, {
            let mut env = env(false, false, false);
            env[0].1.clone_from(&endpoints.tls);
            env[1].1.clone_from(&endpoints.tls);
            env.extend(endpoints.tls_env_system_bundle.iter().cloned());
            env
        }),
    ];
    if with_static {
        variants.extend([
            static_variant("static_greeting", "Hello!", env(true, true, false)),
            static_variant("static_model_tls", QUESTION, env(true, false, false)),
            static_variant("static_model_ddb_tls", QUESTION, env(true, true, false)),
            continued(static_variant(
                "static_model_ddb_continued_tls",
                QUESTION,
                env(true, true, false),
            )),
            deployed(static_variant(
                "static_model_deployed_tls",
                QUESTION,
                env(true, true, false),
            )),
        ]);
    }
    variants
}

fn run(variant: &Variant) -> ColdStart {
    let event = chat_event(variant.message, variant.session, variant.deployed);
    measure(&variant.program, &[], &variant.env, event)
        .unwrap_or_else(|e| panic!("{}: {e}", variant.name))
}

fn cold_start(c: &mut Criterion) {
    let with_static = build_release_binaries();
    let pki = LocalPki::new().expect("local certificate authority");
    let plain = frugal_bench::stand_in::start(Duration::ZERO).expect("stand-in");
    let tls = frugal_bench::stand_in::start_with(Duration::ZERO, Some(pki.server.clone()))
        .expect("TLS stand-in");
    let endpoints = Endpoints {
        plain: format!("http://{plain}"),
        tls: tls.url(true),
        tls_env: pki.client_env_ca_only("SSL_CERT_FILE"),
        tls_env_system_bundle: pki.client_env("SSL_CERT_FILE"),
    };
    println!(
        "TLS stand-in: built-in trust anchors + the local CA; one variant with SSL_CERT_FILE = {} certificates (system bundle + local CA)",
        pki.trust_store_certificates
    );
    let variants = variants(&endpoints, with_static);
    let mut group = c.benchmark_group("cold_start_first_response");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10))
        .warm_up_time(Duration::from_millis(500));
    for variant in &variants {
        group.bench_function(variant.name, |b| {
            b.iter_custom(|iterations| (0..iterations).map(|_| run(variant).first_response).sum())
        });
    }
    group.finish();
    summary(&variants, with_static);
}

fn zip_size(binary: &Path) -> Option<u64> {
    let out = std::env::temp_dir().join(format!("frugal-bootstrap-{}.zip", std::process::id()));
    let script = "import sys, zipfile\nwith zipfile.ZipFile(sys.argv[2], 'w', zipfile.ZIP_DEFLATED, compresslevel=9) as z:\n    z.write(sys.argv[1], 'bootstrap')";
    let ok = Command::new("python3")
        .args(["-c", script])
        .arg(binary)
        .arg(&out)
        .status()
        .ok()?
        .success();
    let size = ok
        .then(|| std::fs::metadata(&out).ok().map(|m| m.len()))
        .flatten();
    let _ = std::fs::remove_file(&out);
    size
}

/// The summary's runs: `SUMMARY_ROUNDS` rounds, each running every variant once, starting one variant
/// later each round. A machine that slows down or speeds up over the minutes this takes (another
/// process, frequency, the page cache) then weighs on every variant alike, where criterion's blocks of
/// one variant at a time put each variant in its own stretch of time.
fn interleaved(variants: &[Variant]) -> Vec<Vec<ColdStart>> {
    let mut runs: Vec<Vec<ColdStart>> = variants
        .iter()
        .map(|_| Vec::with_capacity(SUMMARY_ROUNDS))
        .collect();
    for round in 0..SUMMARY_ROUNDS {
        for k in 0..variants.len() {
            let i = (round + k) % variants.len();
            runs[i].push(run(&variants[i]));
        }
    }
    runs
}

/// Each round's `value` of a variant divided by the baseline's in the same round.
fn paired_ratios(
    runs: &[ColdStart],
    baseline: &[ColdStart],
    value: impl Fn(&ColdStart) -> Option<Duration>,
) -> Spread {
    Spread::of(
        runs.iter()
            .zip(baseline)
            .filter_map(|(run, base)| {
                let (v, b) = (value(run)?, value(base)?);
                (!b.is_zero()).then(|| v.as_secs_f64() / b.as_secs_f64())
            })
            .collect(),
    )
}

fn summary(variants: &[Variant], with_static: bool) {
    println!(
        "\nCold start, {SUMMARY_ROUNDS} interleaved rounds (every variant once a round), min / median / max (ms)."
    );
    println!("first response = spawn → response posted; CPU = user + system time of the process.");
    println!(
        "× hello: median (and min–max) of each round's ratio to hello's run in the same round."
    );
    println!(
        "{:<30} {:>20} {:>18} {:>20} {:>18} {:>8}",
        "variant", "first response ms", "× hello", "CPU ms", "× hello", "RSS MiB"
    );
    let runs = interleaved(variants);
    let Some(baseline) = runs.first() else {
        return;
    };
    let mut estimates = Vec::new();
    for (variant, runs) in variants.iter().zip(&runs) {
        let first = Spread::of_ms(runs.iter().map(|r| r.first_response));
        let cpu = Spread::of_ms(runs.iter().filter_map(|r| r.cpu));
        let first_ratio = paired_ratios(runs, baseline, |r| Some(r.first_response));
        let cpu_ratio = paired_ratios(runs, baseline, |r| r.cpu);
        let mut rss: Vec<u64> = runs.iter().filter_map(|r| r.peak_rss_kib).collect();
        rss.sort_unstable();
        let rss = rss.get(rss.len() / 2).map_or(0.0, |k| *k as f64 / 1024.0);
        let ratio = |r: Spread| format!("{:.2} ({:.2}–{:.2})", r.median, r.min, r.max);
        println!(
            "{:<30} {:>20} {:>18} {:>20} {:>18} {:>8.1}",
            variant.name,
            first.to_string(),
            ratio(first_ratio),
            cpu.to_string(),
            ratio(cpu_ratio),
            rss
        );
        let at = |mb| Spread::of_ms(runs.iter().filter_map(|r| r.estimate_at(mb))).median;
        estimates.push((variant.name, [at(128), at(256), at(512), at(1024)]));
    }
    println!(
        "\nFirst response estimated at Lambda sizes (median; waiting kept, CPU time × {FULL_VCPU_MB} / MB):"
    );
    println!(
        "{:<24} {:>9} {:>9} {:>9} {:>9}",
        "variant", "128 MB", "256 MB", "512 MB", "1024 MB"
    );
    for (name, [a, b, c, d]) in estimates {
        println!("{name:<24} {a:>9.1} {b:>9.1} {c:>9.1} {d:>9.1}");
    }
    let chat = release_dir().join("frugal-chat");
    let hello = release_dir().join("hello");
    let size = |p: &Path| std::fs::metadata(p).map_or(0.0, |m| m.len() as f64 / 1_048_576.0);
    println!(
        "\nStripped bootstrap: frugal-chat {:.2} MiB (zip {:.2} MiB), hello {:.2} MiB (zip {:.2} MiB)",
        size(&chat),
        zip_size(&chat).map_or(0.0, |b| b as f64 / 1_048_576.0),
        size(&hello),
        zip_size(&hello).map_or(0.0, |b| b as f64 / 1_048_576.0),
    );
    if with_static {
        let static_chat = static_bootstrap();
        println!(
            "Static bootstrap ({STATIC_TARGET}): {:.2} MiB (zip {:.2} MiB)",
            size(&static_chat),
            zip_size(&static_chat).map_or(0.0, |b| b as f64 / 1_048_576.0),
        );
    }

    // $ per 1M requests per path at 256 MB arm64: greeting and cache hits bill 1 ms (the stack answers
    // in microseconds), the model path bills the model's latency; tokens at 400 in / 150 out.
    let Some(arm64) = lambda_price("us-east-1", Architecture::Arm64) else {
        return;
    };
    let cost = CostModel::new(256, arm64);
    let model_latency = Duration::from_millis(800);
    println!("\nPer-request cost, 256 MB arm64 us-east-1, USD per 1M requests (GB-s per request in brackets):");
    let quick = cost.invocation_cost(Duration::from_millis(1)) * 1e6;
    println!(
        "  greeting (small talk)  {quick:>10.2}  [{:.6} GB-s]",
        cost.gb_seconds(Duration::from_millis(1))
    );
    println!(
        "  cache hit              {quick:>10.2}  [{:.6} GB-s]",
        cost.gb_seconds(Duration::from_millis(1))
    );
    for price in MODEL_PRICES {
        let per_million = (cost.invocation_cost(model_latency) + price.token_cost(400, 150)) * 1e6;
        println!(
            "  model: {:<22} {per_million:>10.2}  [{:.6} GB-s, {} ms, 400 in / 150 out tokens]",
            price.name,
            cost.gb_seconds(model_latency),
            model_latency.as_millis()
        );
    }
}

criterion_group!(benches, cold_start);

fn main() {
    // `cargo test --benches` and `cargo bench --no-run` must not spawn processes or build anything.
    if std::env::args().any(|a| a == "--list" || a == "--test") {
        return;
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
}
