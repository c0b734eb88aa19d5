//! `bedrock_stand_in [--latency-ms N] [--port P]`: the Converse stand-in as a process, for load tests of
//! `frugal-chat serve` with wrk (see bench/README.md).

use std::time::Duration;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut latency = 0u64;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--latency-ms" => {
                latency = args.next().ok_or("--latency-ms needs a number")?.parse()?
            }
            other => return Err(format!("unknown argument {other:?}").into()),
        }
    }
    let address = frugal_bench::stand_in::start(Duration::from_millis(latency))?;
    println!("http://{address}");
    loop {
        std::thread::park();
    }
}
