//! `coldstart [--runs N] [--question] [--env K=V]… -- PROGRAM [ARGS…]`: measures whole-process cold
//! starts of any Lambda bootstrap (Rust or not) under the local Runtime API and prints the medians as
//! JSON. With `--question` the event is a model question and a Bedrock stand-in answers it.

use std::time::Duration;

use frugal_bench::coldstart::{measure, median};
use frugal_bench::runtime_api::http_api_chat_event;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let mut runs = 10usize;
    let mut question = false;
    let mut env = Vec::new();
    let mut command = Vec::new();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--runs" => runs = args.next().ok_or("--runs needs a number")?.parse()?,
            "--question" => question = true,
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
    let (program, program_args) = command
        .split_first()
        .ok_or("usage: coldstart [--runs N] [--question] [--env K=V]... -- PROGRAM [ARGS...]")?;
    if question {
        let stand_in = frugal_bench::stand_in::start(Duration::ZERO)?;
        env.push((
            "AWS_ENDPOINT_URL_BEDROCK_RUNTIME".into(),
            format!("http://{stand_in}"),
        ));
        env.push(("BEDROCK_ENDPOINT_URL".into(), format!("http://{stand_in}")));
    }
    let message = if question {
        "What is the capital of France?"
    } else {
        "Hello!"
    };
    let program_args: Vec<&str> = program_args.iter().map(String::as_str).collect();
    let mut ready = Vec::new();
    let mut first = Vec::new();
    let mut rss = Vec::new();
    for _ in 0..runs {
        let m = measure(
            std::path::Path::new(program),
            &program_args,
            &env,
            http_api_chat_event(message),
        )?;
        ready.push(m.ready);
        first.push(m.first_response);
        rss.extend(m.peak_rss_kib);
    }
    rss.sort_unstable();
    let report = serde_json::json!({
        "program": program,
        "runs": runs,
        "ready_ms": median(ready).as_secs_f64() * 1000.0,
        "first_response_ms": median(first).as_secs_f64() * 1000.0,
        "peak_rss_kib": rss.get(rss.len() / 2),
    });
    println!("{report}");
    Ok(())
}
