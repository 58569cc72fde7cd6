//! Integration tests, one binary: CLI contract and bad input, the synthetic
//! fixtures through the real engine, the public specimen images in
//! ../shared/realworld, verify_text goldens, and the image-quality reasons.

#[cfg(feature = "tesseract")]
mod batch;
mod cli;
#[cfg(feature = "tesseract")]
mod fixtures;
#[cfg(feature = "tesseract")]
mod han_names;
#[cfg(feature = "serve")]
mod http;
#[cfg(feature = "tesseract")]
mod mrz_specimens;
mod quality;
#[cfg(feature = "tesseract")]
mod realworld;
#[cfg(feature = "serve")]
mod serve;
mod text;
#[cfg(feature = "tesseract")]
mod visual_zone;

use std::path::{Path, PathBuf};

pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

pub fn realworld() -> Option<PathBuf> {
    let p = root().join("../shared/realworld");
    p.is_dir().then_some(p)
}

/// The truth file the fixture generator wrote beside `fixtures/images/<image>`.
pub fn truth(image: &str) -> serde_json::Value {
    let path = root().join(format!("fixtures/images/{image}.truth.json"));
    serde_json::from_str(&std::fs::read_to_string(path).expect("truth file")).expect("truth JSON")
}

/// Verifies `front` with only a typed name (or nothing) entered, as of today.
pub fn verify_name(
    verifier: &kycmatch::Verifier,
    front: kycmatch::ImageInput,
    name: Option<&str>,
) -> kycmatch::Report {
    let claimed = kycmatch::Claimed::new(
        &kycmatch::ClaimedText {
            name,
            ..Default::default()
        },
        kycmatch::DateOrder::Dmy,
        &kycmatch::Limits::default(),
    )
    .expect("a valid claim");
    verifier
        .verify(&kycmatch::Submission {
            front,
            back: None,
            proof_of_address: None,
            claimed,
            as_of: None,
        })
        .expect("verify")
}

/// Rows of a TSV table: `#` comments and blank lines dropped, then the header row;
/// each row with its 1-based line number.
pub fn tsv(path: &Path) -> Vec<(usize, Vec<String>)> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
        .skip(1)
        .map(|(i, l)| (i + 1, l.split('\t').map(str::to_string).collect()))
        .collect()
}
