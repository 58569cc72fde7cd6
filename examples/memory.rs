//! Resident memory of a `Verifier` and its growth over many verifies.
//! Prints the resident set size (VmRSS, Linux) before and after building a
//! Verifier with one engine set per worker, then every 1,000 verifies of the
//! fixture submissions (a Chinese ID front+back and passports in turn).
//!
//! ```text
//! OMP_THREAD_LIMIT=1 cargo run --release --example memory -- [VERIFIES] [WORKERS]
//! ```
//! (default 10000 verifies on 1 worker).

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use kycmatch::{Claimed, ClaimedText, Config, DateOrder, ImageInput, Limits, Submission, Verifier};

fn rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map_or(0.0, |kib| kib / 1024.0)
}

fn submission(front: &str, back: Option<&str>, name: &str) -> Submission {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/images");
    Submission {
        front: ImageInput::Path(dir.join(front)),
        back: back.map(|b| ImageInput::Path(dir.join(b))),
        proof_of_address: None,
        claimed: Claimed::new(
            &ClaimedText {
                name: Some(name),
                ..Default::default()
            },
            DateOrder::Dmy,
            &Limits::default(),
        )
        .expect("a valid claim"),
        as_of: None,
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let total: usize = args.next().map_or(Ok(10_000), |a| a.parse())?;
    let workers: usize = args.next().map_or(Ok(1), |a| a.parse())?;
    let before = rss_mib();
    let verifier = Verifier::new(Config {
        workers,
        ..Config::default()
    })?;
    let built = rss_mib();
    println!(
        "process before the Verifier: {before:.0} MiB; with it ({workers} engine set(s), eng + chi_sim): {built:.0} MiB (+{:.0} MiB)",
        built - before
    );
    let cases = [
        submission(
            "cnid01_front.jpg",
            Some("cnid01_back.jpg"),
            "Zhang Xiaoming",
        ),
        submission("pp01.jpg", None, "Wang Siyuan"),
        submission("cnid05_front.jpg", Some("cnid05_back.jpg"), "Nobody"),
        submission("pp04.jpg", None, "Nobody"),
    ];
    let done = AtomicUsize::new(0);
    let start = std::time::Instant::now();
    println!("{:>8} {:>9} {:>8}", "verifies", "rss MiB", "seconds");
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| loop {
                let i = done.fetch_add(1, Ordering::Relaxed);
                if i >= total {
                    break;
                }
                if let Err(e) = verifier.verify(&cases[i % cases.len()]) {
                    eprintln!("verify {i}: {e}");
                }
                if (i + 1).is_multiple_of(1000) || i + 1 == 100 {
                    println!(
                        "{:>8} {:>9.1} {:>8.0}",
                        i + 1,
                        rss_mib(),
                        start.elapsed().as_secs_f64()
                    );
                }
            });
        }
    });
    println!("after {total} verifies: {:.1} MiB", rss_mib());
    Ok(())
}
