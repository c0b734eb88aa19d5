//! `frugal-chat`: inside Lambda (`AWS_LAMBDA_RUNTIME_API` set) it serves invocations through
//! `lambda_http`; otherwise `frugal-chat serve` runs the same stack as a local HTTP server.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Instant;

use anyhow::Context;
use clap::{Parser, Subcommand};
use frugal_chat::app::{build, AuthMode};
use frugal_chat::aws::AwsSettings;
use frugal_chat::config::{Config, ResponseMode};

#[derive(Debug, Parser)]
#[command(
    name = "frugal-chat",
    version,
    about = "The Frugal reference chat Lambda and local server"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the chat API (and the chat page, when found) over HTTP.
    Serve {
        /// Address to listen on.
        #[arg(long, env = "FRUGAL_LISTEN", default_value = "127.0.0.1:3000")]
        listen: SocketAddr,
        /// Take the user from the `x-frugal-user` header (multi-user local testing). Never in production.
        #[arg(long)]
        insecure_dev_auth: bool,
        /// Folder with the static chat page (default: `infra/web` when it exists).
        #[arg(long, env = "FRUGAL_WEB_DIR")]
        web_dir: Option<PathBuf>,
    },
}

fn main() -> anyhow::Result<()> {
    let init_started = Instant::now();
    frugal_chat::telemetry::init();
    let config = Config::from_env().context("reading the configuration")?;
    let aws = AwsSettings::from_env(config.max_attempts).context("reading the configuration")?;
    if config.in_lambda {
        // Lambda sends one invocation at a time: one thread, no worker pool to start.
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .context("starting the async runtime")?;
        let app = build(&config, aws, AuthMode::Authorizer, init_started);
        return runtime.block_on(async move {
            if config.prewarm {
                app.prewarm(&config).await;
            }
            app.mark_ready();
            match config.response_mode {
                // Events reach the client as the model writes them (REST API response streaming,
                // function URLs in RESPONSE_STREAM mode).
                ResponseMode::Streaming => {
                    // Nagle's algorithm off on the runtime's connection to the Runtime API: it
                    // would hold each small chunk of the stream for an ACK.
                    let service = tower::ServiceBuilder::new()
                        .layer(frugal_middleware::runtime_api::RuntimeApiNoDelayLayer)
                        .service(app.service);
                    lambda_http::run_with_streaming_response(service).await
                }
                ResponseMode::Buffered => lambda_http::run(app.service).await,
            }
            .map_err(|e| anyhow::anyhow!(e))
        });
    }
    let (listen, insecure, web_dir) = match Cli::parse().command {
        Some(Command::Serve {
            listen,
            insecure_dev_auth,
            web_dir,
        }) => (listen, insecure_dev_auth, web_dir),
        None => {
            anyhow::bail!("not running inside Lambda; use `frugal-chat serve` for the local server")
        }
    };
    let auth = if insecure {
        AuthMode::InsecureHeader
    } else {
        AuthMode::DevUser
    };
    let web_dir = web_dir.or_else(|| Some(PathBuf::from("infra/web")).filter(|d| d.is_dir()));
    let app = build(&config, aws, auth, init_started);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    runtime.block_on(async move {
        if config.prewarm {
            app.prewarm(&config).await;
        }
        let listener = frugal_chat::server::bind(listen).await.with_context(|| format!("binding {listen}"))?;
        let address = listener.local_addr().context("reading the bound address")?;
        app.mark_ready();
        if insecure {
            tracing::warn!("--insecure-dev-auth: the x-frugal-user header picks the user; never expose this server");
        }
        tracing::info!(%address, history = ?config.history, model = %config.model_id, "frugal-chat listening");
        println!("frugal-chat listening on http://{address}");
        frugal_chat::server::serve(listener, app.service, web_dir).await.context("serving")
    })
}
