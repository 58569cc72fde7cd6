//! Calibrates the image-quality thresholds of `Policy`: takes the synthetic
//! fixtures (fixtures/images/*.jpg), applies every degradation of
//! `calibrate_quality/degrade.rs` at its mild and severe levels, measures each
//! result and writes the measures and flags as a table. Prints, per reason
//! code, how often a severe case is flagged with it, and how often a clean or
//! mild case is flagged with anything.
//!
//! ```text
//! cargo run --release --example calibrate_quality -- [--ocr] [--dump DIR] [OUT.tsv]
//! ```
//!
//! OUT defaults to fixtures/quality/calibration.tsv. `--ocr` also reads every
//! degraded image with Tesseract and records whether its key field (the ID
//! number, a card back's validity, the passport number) was still read: the
//! evidence for what counts as severe (every third image; a few minutes). `--dump DIR`
//! writes each degraded version of the first card front as PNG.
//! Exits 1 when the targets (severe ≥ 95% flagged with the right code, clean
//! and mild ≤ 2% flagged) are missed.

#[path = "calibrate_quality/degrade.rs"]
mod degrade;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use degrade::Level;
use kycmatch::{quality_reasons, ImageSide, Policy, ReasonCode};

fn main() {
    if let Err(e) = run() {
        eprintln!("calibrate_quality: {e}");
        std::process::exit(2);
    }
}

/// With `--ocr`, every this many images is read by Tesseract (each read
/// takes 0.3-1 s).
const OCR_EVERY: usize = 3;

struct Tally {
    severe: usize,
    hit: usize,
}

fn run() -> Result<(), String> {
    let mut ocr = false;
    let mut dump: Option<PathBuf> = None;
    let mut out = PathBuf::from("fixtures/quality/calibration.tsv");
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--ocr" => ocr = true,
            "--dump" => dump = Some(args.next().ok_or("--dump needs a folder")?.into()),
            _ => out = a.into(),
        }
    }
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/images");
    let mut images: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "jpg"))
        // Identity documents only: a proof of address (bill*) is not measured.
        .filter(|p| {
            !p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("bill"))
        })
        .collect();
    images.sort();
    let verifier = if ocr {
        Some(
            kycmatch::Verifier::new(kycmatch::Config {
                workers: 1,
                ..kycmatch::Config::default()
            })
            .map_err(|e| e.to_string())?,
        )
    } else {
        None
    };
    let policy = Policy::default();
    let set = degrade::set();
    let mut table = String::new();
    table.push_str(
        "# Made by `cargo run --release --example calibrate_quality`; see fixtures/quality/README.md.\n",
    );
    table.push_str("image\tfixture\tdegradation\tlevel\texpect\tdocument_px\tblur\twhite\tblack\tglare_area\tglare_ink\tsharpness\tflags\tverdict");
    table.push_str(if ocr { "\tkey_field\n" } else { "\n" });
    let mut tallies: BTreeMap<&str, Tally> = BTreeMap::new();
    let (mut plain, mut false_flags) = (0usize, 0usize);
    let mut false_by: BTreeMap<String, usize> = BTreeMap::new();
    let mut ocr_by: BTreeMap<(&str, &str), (usize, usize)> = BTreeMap::new();
    for (i, path) in images.iter().enumerate() {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        let truth: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(format!("{}.truth.json", path.display()))
                .map_err(|e| format!("{name}.truth.json: {e}"))?,
        )
        .map_err(|e| format!("{name}.truth.json: {e}"))?;
        let fixture = truth["degradation"].as_str().unwrap_or("?").to_string();
        let gray = image::open(path)
            .map_err(|e| format!("{name}: {e}"))?
            .to_luma8();
        // A photo's document lies where its truth file says; a scan is all document.
        let place = match truth["photo"]["corners"].as_array() {
            Some(c) if c.len() == 4 => degrade::Place {
                corners: std::array::from_fn(|k| {
                    let xy = |j: usize| c[k][j].as_f64().unwrap_or(0.0) as f32;
                    (xy(0), xy(1))
                }),
            },
            _ => degrade::Place::whole(&gray),
        };
        for d in &set {
            let img = (d.apply)(&gray, i, &place);
            if let (Some(dir), 0) = (&dump, i) {
                std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
                img.save(dir.join(format!("{}.png", d.name)))
                    .map_err(|e| e.to_string())?;
            }
            let m = kycmatch::survey(&img).quality;
            let flags: Vec<ReasonCode> = quality_reasons(&m, ImageSide::Front, &policy)
                .iter()
                .map(|r| r.code)
                .collect();
            let verdict = match (d.level, d.expect) {
                (Level::Severe, Some(code)) => {
                    let t = tallies
                        .entry(code.as_str())
                        .or_insert(Tally { severe: 0, hit: 0 });
                    t.severe += 1;
                    if flags.contains(&code) {
                        t.hit += 1;
                        "hit"
                    } else {
                        "MISS"
                    }
                }
                _ => {
                    plain += 1;
                    if flags.is_empty() {
                        "ok"
                    } else {
                        false_flags += 1;
                        for f in &flags {
                            *false_by
                                .entry(format!("{} on {}", f.as_str(), d.name))
                                .or_default() += 1;
                        }
                        "FALSE"
                    }
                }
            };
            let g = m.glare_blob.as_ref();
            let opt = |v: Option<f64>| v.map_or(String::new(), |v| format!("{v:.3}"));
            let _ = write!(
                table,
                "{name}\t{fixture}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{:.0}\t{}\t{verdict}",
                d.name,
                d.level.as_str(),
                d.expect.map_or("", |c| c.as_str()),
                m.document_px.unwrap_or(0),
                opt(m.blur),
                opt(m.white),
                opt(m.black),
                opt(g.map(|g| g.area)),
                opt(g.map(|g| g.ink_around)),
                m.sharpness,
                flags
                    .iter()
                    .map(|c| c.as_str())
                    .collect::<Vec<_>>()
                    .join(","),
            );
            if let Some(v) = verifier.as_ref().filter(|_| i % OCR_EVERY == 0) {
                let read = key_field_read(v, &img, &truth)?;
                let e = ocr_by.entry((d.name, d.level.as_str())).or_default();
                e.0 += 1;
                e.1 += usize::from(read);
                let _ = write!(table, "\t{}", if read { "read" } else { "lost" });
            } else if ocr {
                table.push('\t');
            }
            table.push('\n');
        }
        eprint!("\r{}/{} images", i + 1, images.len());
    }
    eprintln!();
    if let Some(parent) = out.parent() {
        std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
    }
    std::fs::write(&out, &table).map_err(|e| format!("{}: {e}", out.display()))?;

    let mut ok = true;
    println!("severe cases flagged with the right code:");
    for (code, t) in &tallies {
        let rate = t.hit as f64 / t.severe as f64;
        ok &= rate >= 0.95;
        println!(
            "  {code:<18} {:>3}/{:<3} {:5.1}%",
            t.hit,
            t.severe,
            rate * 100.0
        );
    }
    let rate = false_flags as f64 / plain as f64;
    ok &= rate <= 0.02;
    println!(
        "clean and mild cases flagged: {false_flags}/{plain} {:.1}%",
        rate * 100.0
    );
    for (what, n) in &false_by {
        println!("  {what}: {n}");
    }
    if !ocr_by.is_empty() {
        println!("key field still read by Tesseract:");
        for ((name, level), (n, read)) in &ocr_by {
            println!("  {name:<14} {level:<6} {read:>3}/{n}");
        }
    }
    println!("table: {}", out.display());
    if !ok {
        return Err("targets missed (severe ≥ 95%, clean and mild ≤ 2%)".into());
    }
    Ok(())
}

/// Whether Tesseract still reads the image's key field: a card front's ID
/// number, a card back's validity period, a passport's number.
fn key_field_read(
    v: &kycmatch::Verifier,
    img: &image::GrayImage,
    truth: &serde_json::Value,
) -> Result<bool, String> {
    let mut png = Vec::new();
    img.write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .map_err(|e| e.to_string())?;
    let reading = v
        .read(&kycmatch::ImageInput::Bytes(png), None)
        .map_err(|e| e.to_string())?;
    let doc = &reading.document;
    let number = doc.document_number.as_ref().map(|r| r.value.as_str());
    Ok(match truth["image_kind"].as_str() {
        Some("cn_id_back") => doc.expiry_date.is_some(),
        Some("cn_id_front" | "cn_pr_front") => number == truth["id_number"].as_str(),
        // A permanent resident card's back holds only the issuing authority.
        Some("cn_pr_back") => doc.authority.is_some(),
        _ => number == truth["document_number"].as_str(),
    })
}
