//! `coldstart [--runs N] [--question] [--session ID] [--deployed] [--tls [--ca-only]] [--ca-variable NAME] [--env K=V]… -- PROGRAM [ARGS…]`:
//! measures whole-process
//! cold starts of any Lambda bootstrap (Rust or not) under the local Runtime API and prints JSON: wall
//! and CPU time (min/median/max, ms), peak RSS, and the first response estimated at Lambda sizes.
//! With `--question` the event is a model question; a stand-in answers for Bedrock and DynamoDB
//! (`AWS_ENDPOINT_URL_BEDROCK_RUNTIME`, `AWS_ENDPOINT_URL_DYNAMODB`); `--session ID` continues a
//! conversation (its history is read first) instead of starting one; `--deployed` sends it as the SAM
//! template deploys the function (a REST API event asking for an event stream, Lambda's streaming
//! response mode, the shared response cache in DynamoDB; name the history table with `--env
//! FRUGAL_TABLE_NAME=…`); over TLS with `--tls` (a local
//! certificate authority added to the system's CA bundle, given as `SSL_CERT_FILE`, or the variable
//! named by `--ca-variable`, e.g. `AWS_CA_BUNDLE` for botocore; `--ca-only`: a trust store of the local
//! authority alone, to see what the size of the system bundle costs).

use std::time::Duration;

use frugal_bench::coldstart::{chat_event, measure, Spread, DEPLOYED_ENV};
use frugal_bench::tls::LocalPki;

fn main() -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let mut args = std::env::args().skip(1);
    let mut runs = 10usize;
    let mut question = false;
    let mut tls = false;
    let mut ca_variable = "SSL_CERT_FILE".to_owned();
    let mut ca_only = false;
    let mut session = None;
    let mut deployed = false;
    let mut env = Vec::new();
    let mut command = Vec::new();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--runs" => runs = args.next().ok_or("--runs needs a number")?.parse()?,
            "--question" => question = true,
            "--session" => session = Some(args.next().ok_or("--session needs an id")?),
            "--deployed" => deployed = true,
            "--tls" => tls = true,
            "--ca-only" => ca_only = true,
            "--ca-variable" => ca_variable = args.next().ok_or("--ca-variable needs a name")?,
            "--env" => {
                let pair = args.next().ok_or("--env needs K=V")?;
                let (k, v) = pair.split_once('=').ok_or("--env needs K=V")?;
                env.push((k.to_owned(), v.to_owned()));
            }
            "--" => {
                command.extend(args.by_ref());
            }
            other => return Err(format!("unknown argument {other:?}").into()),
        }
    }
    let (program, program_args) = command.split_first().ok_or(
        "usage: coldstart [--runs N] [--question] [--session ID] [--deployed] [--tls [--ca-only]] [--ca-variable NAME] [--env K=V]... -- PROGRAM [ARGS...]",
    )?;
    let pki = if tls { Some(LocalPki::new()?) } else { None };
    let stand_in =
        frugal_bench::stand_in::start_with(Duration::ZERO, pki.as_ref().map(|p| p.server.clone()))?;
    if let Some(pki) = &pki {
        if ca_only {
            env.push((ca_variable.clone(), pki.ca_only.display().to_string()));
        } else {
            env.extend(pki.client_env(&ca_variable));
        }
    }
    let url = stand_in.url(tls);
    for name in [
        "AWS_ENDPOINT_URL_BEDROCK_RUNTIME",
        "AWS_ENDPOINT_URL_DYNAMODB",
        "BEDROCK_ENDPOINT_URL",
    ] {
        env.push((name.to_owned(), url.clone()));
    }
    let message = if question {
        "What is the capital of France?"
    } else {
        "Hello!"
    };
    if deployed {
        env.extend(DEPLOYED_ENV.map(|(k, v)| (k.to_owned(), v.to_owned())));
    }
    let program_args: Vec<&str> = program_args.iter().map(String::as_str).collect();
    let mut measured = Vec::new();
    for _ in 0..runs {
        measured.push(measure(
            std::path::Path::new(program),
            &program_args,
            &env,
            chat_event(message, session.as_deref(), deployed),
        )?);
    }
    let spread = |s: Spread| serde_json::json!({"min": s.min, "median": s.median, "max": s.max});
    let estimates: serde_json::Map<String, serde_json::Value> = [128, 256, 512, 1024]
        .into_iter()
        .map(|mb| {
            let s = Spread::of_ms(measured.iter().filter_map(|m| m.estimate_at(mb)));
            (format!("{mb}"), spread(s))
        })
        .collect();
    let mut rss: Vec<u64> = measured.iter().filter_map(|m| m.peak_rss_kib).collect();
    rss.sort_unstable();
    let report = serde_json::json!({
        "program": program,
        "runs": runs,
        "tls": tls,
        "ca_only": ca_only,
        "trust_store_certificates": pki.as_ref().map(|p| if ca_only { 1 } else { p.trust_store_certificates }),
        "ready_ms": spread(Spread::of_ms(measured.iter().map(|m| m.ready))),
        "first_response_ms": spread(Spread::of_ms(measured.iter().map(|m| m.first_response))),
        "cpu_ms": spread(Spread::of_ms(measured.iter().filter_map(|m| m.cpu))),
        "peak_rss_kib": rss.get(rss.len() / 2),
        "first_response_ms_estimated_at_mb": estimates,
    });
    println!("{report}");
    Ok(())
}
