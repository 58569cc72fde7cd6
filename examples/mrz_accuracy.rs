//! MRZ read rate on the public specimen images of ../shared/realworld/mrz_images,
//! per format, with every field compared (the rules are in
//! tests/it/mrz_specimens.rs, which the realworld test shares).
//!
//! ```text
//! OMP_THREAD_LIMIT=1 cargo run --release --example mrz_accuracy [-- DIR]
//! ```

#[path = "../tests/it/mrz_specimens.rs"]
mod mrz_specimens;

use std::path::{Path, PathBuf};

use kycmatch::{Config, Verifier};
use mrz_specimens::Outcome;

fn main() {
    let dir = std::env::args().nth(1).map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/realworld/mrz_images"),
        PathBuf::from,
    );
    let verifier = Verifier::new(Config {
        workers: 2,
        ..Config::default()
    })
    .expect("tesseract");
    let results = mrz_specimens::evaluate(&verifier, &dir, 2);
    for r in &results {
        println!("{}", mrz_specimens::describe(r));
    }
    println!();
    println!("| format | every field read | rate |");
    println!("|---|---|---|");
    let (mut all, mut n) = (0, 0);
    for (format, (ok, total)) in mrz_specimens::rates(&results) {
        all += ok;
        n += total;
        println!(
            "| {format} | {ok}/{total} | {:.1}% |",
            100.0 * ok as f64 / total as f64
        );
    }
    println!(
        "| all | {all}/{n} | {:.1}% |",
        100.0 * all as f64 / n.max(1) as f64
    );
    let invalid: Vec<bool> = results
        .iter()
        .filter_map(|r| match r.outcome {
            Outcome::Invalid { reported } => Some(reported),
            _ => None,
        })
        .collect();
    println!(
        "deliberately invalid reported MRZ_INVALID: {}/{}",
        invalid.iter().filter(|&&r| r).count(),
        invalid.len()
    );
}
