//! Verifies one fixture submission over and over on a warm `Verifier`, for
//! a profiler to see where a verify's time goes. Prints the mean time per
//! verify.
//!
//! ```text
//! OMP_THREAD_LIMIT=1 perf record -D 4000 -g -o /tmp/verify.perf \
//!     target/release/examples/profile_verify pp01.jpg 200
//! perf report -i /tmp/verify.perf --no-children --sort dso -g none
//! ```
//!
//! `-D 4000` leaves out the engines' start; build with
//! `RUSTFLAGS="-C force-frame-pointers=yes"` for kycmatch's own call chains
//! (`--children --sort symbol`). Arguments: the front image in
//! fixtures/images, the back (optional, before the count), the count.

use std::path::PathBuf;
use std::time::Instant;

use kycmatch::{
    Claimed, ClaimedText, Config, Date, DateOrder, ImageInput, Limits, Submission, Verifier,
};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (images, count) = match args.split_last() {
        Some((n, images)) if n.parse::<u32>().is_ok() => (images.to_vec(), n.parse::<u32>()?),
        _ => (args.clone(), 200),
    };
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/images");
    let front = images.first().map_or("pp01.jpg", String::as_str);
    let back = images.get(1);
    let verifier = Verifier::new(Config {
        workers: 1,
        ..Config::default()
    })?;
    let claimed = Claimed::new(&ClaimedText::default(), DateOrder::Dmy, &Limits::default())?;
    let submission = Submission {
        front: ImageInput::Path(dir.join(front)),
        back: back.map(|b| ImageInput::Path(dir.join(b))),
        proof_of_address: None,
        claimed,
        as_of: Date::new(2026, 11, 22),
    };
    let start = Instant::now();
    for _ in 0..count.max(1) {
        std::hint::black_box(verifier.verify(&submission)?);
    }
    println!(
        "{front}: {:.1} ms per verify ({count} verifies)",
        start.elapsed().as_secs_f64() * 1000.0 / f64::from(count.max(1))
    );
    Ok(())
}
