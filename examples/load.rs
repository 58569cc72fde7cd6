//! A load run against a real `kycmatch serve` on loopback: starts the server
//! (target/release/kycmatch, or $KYCMATCH_BIN), sends N verify requests from
//! C client threads (a 503 is retried after its Retry-After), and prints
//! requests per second and latency percentiles.
//!
//! ```text
//! cargo build --release
//! cargo run --release --example load -- --requests 2000 --concurrency 8 --workers 2 --queue 0
//! ```

#[path = "../tests/it/http.rs"]
mod http;

fn main() {
    let mut requests = 2000usize;
    let mut concurrency = 8usize;
    let mut workers = 2usize;
    let mut queue = 0usize;
    let mut image = "fixtures/images/pp01.jpg".to_string();
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let value = args.next().unwrap_or_default();
        let number = || value.parse::<usize>().unwrap_or_else(|_| usage(&flag));
        match flag.as_str() {
            "--requests" => requests = number(),
            "--concurrency" => concurrency = number(),
            "--workers" => workers = number(),
            "--queue" => queue = number(),
            "--image" => image = value,
            _ => usage(&flag),
        }
    }
    let exe = std::env::var("KYCMATCH_BIN").unwrap_or_else(|_| "target/release/kycmatch".into());
    let bytes = std::fs::read(&image).unwrap_or_else(|e| {
        eprintln!("error: reading {image}: {e}");
        std::process::exit(2)
    });
    let server = http::Server::start(
        &exe,
        &[
            "--workers",
            &workers.to_string(),
            "--queue",
            &queue.to_string(),
        ],
    );
    let (content_type, body) = http::multipart(
        &[("name", "Siyuan Wang"), ("as_of", "2026-11-22")],
        &[("front", &bytes)],
    );
    // One request first, so engines and caches are warm.
    let _ = http::request(
        &server.addr,
        "POST",
        "/v1/verify",
        Some(&content_type),
        &body,
    );
    let stats = http::load(&server.addr, &content_type, &body, requests, concurrency);
    println!(
        "{} requests ({image}), concurrency {concurrency}, {workers} workers, queue {queue}",
        stats.requests
    );
    println!(
        "  ok {}, errors {}, 503 retried {}, {:.1} s",
        stats.ok, stats.errors, stats.retried, stats.seconds
    );
    println!(
        "  {:.2} requests/s; latency p50 {:.0} ms, p95 {:.0} ms, max {:.0} ms",
        stats.per_second(),
        stats.percentile_ms(0.5),
        stats.percentile_ms(0.95),
        stats.percentile_ms(1.0)
    );
    if stats.errors > 0 {
        std::process::exit(1);
    }
}

fn usage(flag: &str) -> ! {
    eprintln!(
        "error: bad argument {flag:?}; usage: load [--requests N] [--concurrency C] [--workers W] [--queue Q] [--image PATH]"
    );
    std::process::exit(2)
}
