//! `ekyc-sandbox --port <p> [--webhook-argos <url>] [--latency-ms <n>] [--argos-encryption gcm|ecb] [--exit-on-stdin-close]`
//!
//! SANDBOX: a local stand-in for the eKYC providers, bound to 127.0.0.1 only. The first stdout line is
//! `ekyc-sandbox listening on http://127.0.0.1:<port> (SANDBOX: not a real provider)`.

use ekyc_sandbox::{app, AppState, ArgosEncryption, Config};

const USAGE: &str = "usage: ekyc-sandbox --port <p> (0 = any) [--webhook-argos <url>] [--latency-ms <n>] \
                     [--argos-encryption gcm|ecb] [--exit-on-stdin-close]";

struct Args {
    port: u16,
    exit_on_stdin_close: bool,
    config: Config,
}

fn parse_args() -> Result<Args, String> {
    let mut args = std::env::args().skip(1);
    let mut out = Args { port: 0, exit_on_stdin_close: false, config: Config::default() };
    let mut port = None;
    while let Some(a) = args.next() {
        let mut value = |name: &str| args.next().ok_or(format!("{name} needs a value"));
        match a.as_str() {
            "--port" => port = Some(value("--port")?.parse::<u16>().map_err(|_| "--port must be 0-65535")?),
            "--webhook-argos" => {
                let url = value("--webhook-argos")?;
                if !ekyc_sandbox::common::is_http_url(&url) {
                    return Err("--webhook-argos must be an http(s) URL".into());
                }
                out.config.webhook_argos = Some(url);
            }
            "--latency-ms" => {
                out.config.latency_ms = value("--latency-ms")?.parse().map_err(|_| "--latency-ms must be a number")?
            }
            "--argos-encryption" => {
                out.config.argos_encryption = Some(match value("--argos-encryption")?.as_str() {
                    "gcm" => ArgosEncryption::Gcm,
                    "ecb" => ArgosEncryption::Ecb,
                    _ => return Err("--argos-encryption must be gcm or ecb".into()),
                })
            }
            "--exit-on-stdin-close" => out.exit_on_stdin_close = true,
            "-h" | "--help" => return Err(USAGE.into()),
            other => return Err(format!("unknown argument {other:?}\n{USAGE}")),
        }
    }
    out.port = port.ok_or(format!("--port is required\n{USAGE}"))?;
    Ok(out)
}

/// Resolves when stdin reaches end of file (the parent process went away or closed the pipe).
async fn stdin_closed() {
    use tokio::io::AsyncReadExt;
    let mut stdin = tokio::io::stdin();
    let mut buf = [0u8; 256];
    while let Ok(n) = stdin.read(&mut buf).await {
        if n == 0 {
            break;
        }
    }
}

async fn shutdown_signal(watch_stdin: bool) {
    let stdin = async {
        if watch_stdin {
            stdin_closed().await;
            println!("[sandbox] stdin closed: exiting");
        } else {
            std::future::pending::<()>().await;
        }
    };
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
                println!("[sandbox] SIGTERM: exiting");
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    let int = async {
        if tokio::signal::ctrl_c().await.is_ok() {
            println!("[sandbox] interrupted: exiting");
        }
    };
    tokio::select! { _ = stdin => {}, _ = term => {}, _ = int => {} }
}

#[tokio::main]
async fn main() {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            for line in e.lines() {
                eprintln!("[sandbox] {line}");
            }
            std::process::exit(2);
        }
    };
    let state = match AppState::new(args.config.clone()) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("[sandbox] cannot start: {e}");
            std::process::exit(1);
        }
    };
    let listener = match tokio::net::TcpListener::bind(("127.0.0.1", args.port)).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("[sandbox] cannot listen on 127.0.0.1:{}: {e}", args.port);
            std::process::exit(1);
        }
    };
    let port = listener.local_addr().map(|a| a.port()).unwrap_or(args.port);
    println!("ekyc-sandbox listening on http://127.0.0.1:{port} (SANDBOX: not a real provider)");
    println!(
        "[sandbox] fake credentials from sandbox/credentials.json; index at http://127.0.0.1:{port}/_sandbox/{}",
        if args.config.webhook_argos.is_some() { "; ARGOS webhooks on" } else { "" }
    );
    // No graceful drain: the sandbox keeps nothing worth flushing, and open keep-alive connections of a test
    // harness must not hold the exit back.
    tokio::select! {
        result = axum::serve(listener, app(state)) => {
            if let Err(e) = result {
                eprintln!("[sandbox] server error: {e}");
                std::process::exit(1);
            }
        }
        _ = shutdown_signal(args.exit_on_stdin_close) => {}
    }
}
