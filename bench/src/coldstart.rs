//! Whole-process cold start: spawn a bootstrap the way Lambda does (its environment variables, a
//! Runtime API on loopback), serve it one event, and time spawn → first poll and spawn → response,
//! with the CPU time (user + system) the process used to get there.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::runtime_api::RuntimeApi;

/// One cold start.
#[derive(Clone, Copy, Debug)]
pub struct ColdStart {
    /// Spawn to the first `GET …/next` (init done).
    pub ready: Duration,
    /// Spawn to the response posted; for a streamed answer (an event stream), to its first words
    /// (the end of its first `delta` event), while its CPU time below covers the whole answer.
    pub first_response: Duration,
    /// Peak RSS of the process after the response, KiB (`VmHWM`).
    pub peak_rss_kib: Option<u64>,
    /// CPU time of the process, user + system, all threads (`wait4`'s rusage). The process is killed
    /// right after its response, while it waits for the next event, so this is the CPU time of init
    /// plus the first invocation.
    pub cpu: Option<Duration>,
}

/// Lambda gives a function one vCPU at 1,769 MB and CPU in proportion below that.
pub const FULL_VCPU_MB: u32 = 1769;

impl ColdStart {
    /// First response at a `memory_mb` Lambda size, estimated from this run: the time spent waiting
    /// (wall − CPU) stays, the CPU time stretches by 1,769 / `memory_mb` below one vCPU. An estimate
    /// on a local machine, not a Lambda measurement.
    pub fn estimate_at(&self, memory_mb: u32) -> Option<Duration> {
        let cpu = self.cpu?;
        let waiting = self.first_response.saturating_sub(cpu);
        let share = (f64::from(memory_mb) / f64::from(FULL_VCPU_MB)).min(1.0);
        Some(waiting + cpu.div_f64(share))
    }
}

/// Minimum, median and maximum.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Spread {
    /// Smallest.
    pub min: f64,
    /// Median (upper median for an even count).
    pub median: f64,
    /// Largest.
    pub max: f64,
}

impl Spread {
    /// Of some values; all zero for none.
    pub fn of(mut values: Vec<f64>) -> Self {
        values.sort_by(f64::total_cmp);
        match (values.first(), values.last()) {
            (Some(&min), Some(&max)) => Self {
                min,
                median: values[values.len() / 2],
                max,
            },
            _ => Self::default(),
        }
    }

    /// Of some durations, in milliseconds.
    pub fn of_ms(values: impl IntoIterator<Item = Duration>) -> Self {
        Self::of(
            values
                .into_iter()
                .map(|d| d.as_secs_f64() * 1000.0)
                .collect(),
        )
    }
}

impl std::fmt::Display for Spread {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:.1} / {:.1} / {:.1}", self.min, self.median, self.max)
    }
}

/// What the SAM template sets for the function beyond its history table (`infra/template.yaml`): a
/// REST API in front (its paths carry the stage), answers streamed, the shared response cache.
pub const DEPLOYED_ENV: [(&str, &str); 4] = [
    ("FRUGAL_FRONT_DOOR", "rest-api"),
    ("FRUGAL_RESPONSE_MODE", "streaming"),
    ("FRUGAL_CACHE_TABLE", "bench-cache"),
    ("AWS_LAMBDA_HTTP_IGNORE_STAGE_IN_PATH", "true"),
];

/// A `POST /chat` event with `message`, continuing `session` if given: as the template deploys the
/// function (`deployed`: a REST API event asking for an event stream, for [`DEPLOYED_ENV`]), or an
/// HTTP API event.
pub fn chat_event(message: &str, session: Option<&str>, deployed: bool) -> Vec<u8> {
    let mut request = serde_json::json!({ "message": message });
    if let Some(session) = session {
        request["session_id"] = serde_json::json!(session);
    }
    if deployed {
        crate::runtime_api::rest_api_chat_request_event(
            &request,
            &[("accept", "text/event-stream")],
        )
    } else {
        crate::runtime_api::http_api_chat_request_event(&request)
    }
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
    let responses = api.wait_posted(1, Duration::from_secs(60));
    let peak = peak_rss_kib(child.id());
    let cpu = kill_and_reap(&mut child);
    let posted = responses.first().cloned().ok_or_else(|| {
        std::io::Error::other(format!("{} did not answer within 60 s", program.display()))
    })?;
    if !posted.path.ends_with("/response") {
        return Err(std::io::Error::other(format!(
            "{} reported an error: {}",
            program.display(),
            posted.path
        )));
    }
    // An error answered quickly (a 502 for a model it could not reach, or a stream that ends with an
    // `error` event) is not a cold start to measure.
    if let Some(problem) = answer_problem(&posted) {
        return Err(std::io::Error::other(format!(
            "{} answered {problem}: {}",
            program.display(),
            String::from_utf8_lossy(&posted.body)
                .chars()
                .take(300)
                .collect::<String>()
        )));
    }
    let answered = first_words(&posted).unwrap_or(posted.at);
    let ready = api
        .first_poll()
        .map_or(Duration::ZERO, |t| t.duration_since(spawned));
    Ok(ColdStart {
        ready,
        first_response: answered.duration_since(spawned),
        peak_rss_kib: peak,
        cpu,
    })
}

/// When a streamed answer's first words had arrived: the end of its first `delta` event.
fn first_words(posted: &crate::runtime_api::Posted) -> Option<Instant> {
    let (_, body) = posted.streamed_parts()?;
    let start = body.windows(12).position(|w| w == b"event: delta")?;
    let end = body[start..].windows(2).position(|w| w == b"\n\n")? + start + 2;
    posted.body_bytes_at(end)
}

/// What is wrong with an API Gateway response, if anything: an HTTP status of 400 or more, or an
/// event stream that does not end with its `done` event.
fn answer_problem(posted: &crate::runtime_api::Posted) -> Option<String> {
    let (status, stream) = match posted.streamed_parts() {
        Some((prelude, body)) => {
            let events = prelude["headers"]["content-type"]
                .as_str()
                .is_some_and(|t| t.starts_with("text/event-stream"));
            (prelude["statusCode"].as_u64(), events.then_some(body))
        }
        None => (
            serde_json::from_slice::<serde_json::Value>(&posted.body)
                .ok()
                .and_then(|response| response["statusCode"].as_u64()),
            None,
        ),
    };
    if let Some(status @ 400..) = status {
        return Some(format!("HTTP {status}"));
    }
    let done = |body: &[u8]| {
        String::from_utf8_lossy(body)
            .split("\n\n")
            .filter(|event| !event.trim().is_empty())
            .last()
            .is_some_and(|event| event.lines().any(|line| line == "event: done"))
    };
    match stream {
        Some(body) if !done(body) => Some("an event stream without its done event".to_owned()),
        _ => None,
    }
}

/// Kills the child and reaps it with `wait4`, returning its CPU time (user + system, every thread).
fn kill_and_reap(child: &mut Child) -> Option<Duration> {
    let _ = child.kill();
    let pid = libc::pid_t::try_from(child.id()).ok()?;
    let mut status = 0;
    let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
    // SAFETY: `status` and `usage` are valid for writes for the duration of the call; `pid` is our
    // own child, not reaped yet (std's `Child::wait` is not called on it afterwards).
    let reaped = unsafe { libc::wait4(pid, &mut status, 0, usage.as_mut_ptr()) };
    if reaped != pid {
        let _ = child.wait();
        return None;
    }
    // SAFETY: `wait4` succeeded and filled `usage`; it was zero-initialised before anyway.
    let usage = unsafe { usage.assume_init() };
    let time = |t: libc::timeval| {
        Duration::from_secs(u64::try_from(t.tv_sec).unwrap_or(0))
            + Duration::from_micros(u64::try_from(t.tv_usec).unwrap_or(0))
    };
    Some(time(usage.ru_utime) + time(usage.ru_stime))
}
