//! Whole-process cold start: spawn a bootstrap the way Lambda does (its environment variables, a
//! Runtime API on loopback), serve it one event, and time spawn → first poll and spawn → response.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::runtime_api::RuntimeApi;

/// One cold start.
#[derive(Clone, Copy, Debug)]
pub struct ColdStart {
    /// Spawn to the first `GET …/next` (init done).
    pub ready: Duration,
    /// Spawn to the response posted.
    pub first_response: Duration,
    /// Peak RSS of the process after the response, KiB (`VmHWM`).
    pub peak_rss_kib: Option<u64>,
}

/// The Lambda environment for a function of `memory_mb` with dummy credentials.
pub fn lambda_env(runtime_api: &str, memory_mb: u32) -> Vec<(String, String)> {
    [
        ("AWS_LAMBDA_RUNTIME_API", runtime_api.to_owned()),
        ("AWS_LAMBDA_FUNCTION_NAME", "bench".to_owned()),
        ("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", memory_mb.to_string()),
        ("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST".to_owned()),
        ("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/bench".to_owned()),
        (
            "AWS_LAMBDA_LOG_STREAM_NAME",
            "2026/11/28/[$LATEST]bench".to_owned(),
        ),
        ("AWS_REGION", "us-east-1".to_owned()),
        ("AWS_DEFAULT_REGION", "us-east-1".to_owned()),
        ("AWS_ACCESS_KEY_ID", "AKIDBENCH".to_owned()),
        ("AWS_SECRET_ACCESS_KEY", "bench-secret".to_owned()),
        ("AWS_SESSION_TOKEN", "bench-token".to_owned()),
        ("LANG", "C.UTF-8".to_owned()),
        ("TZ", ":UTC".to_owned()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect()
}

fn peak_rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Spawns `program` with `args` and the Lambda environment plus `extra_env`, serves it `event`, and
/// measures. The process is killed afterwards.
pub fn measure(
    program: &Path,
    args: &[&str],
    extra_env: &[(String, String)],
    event: Vec<u8>,
) -> std::io::Result<ColdStart> {
    let api = RuntimeApi::start(vec![event])?;
    let mut command = Command::new(program);
    command
        .args(args)
        .env_clear()
        .envs(lambda_env(&api.address.to_string(), 256))
        .envs(extra_env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    if let Ok(path) = std::env::var("PATH") {
        command.env("PATH", path);
    }
    let spawned = Instant::now();
    let mut child = command.spawn()?;
    let responses = api.wait_responses(1, Duration::from_secs(60));
    let peak = peak_rss_kib(child.id());
    let _ = child.kill();
    let _ = child.wait();
    let (answered, path, _) = responses.first().cloned().ok_or_else(|| {
        std::io::Error::other(format!("{} did not answer within 60 s", program.display()))
    })?;
    if !path.ends_with("/response") {
        return Err(std::io::Error::other(format!(
            "{} reported an error: {path}",
            program.display()
        )));
    }
    let ready = api
        .first_poll()
        .map_or(Duration::ZERO, |t| t.duration_since(spawned));
    Ok(ColdStart {
        ready,
        first_response: answered.duration_since(spawned),
        peak_rss_kib: peak,
    })
}

/// Median of some durations.
pub fn median(mut values: Vec<Duration>) -> Duration {
    values.sort();
    values.get(values.len() / 2).copied().unwrap_or_default()
}
