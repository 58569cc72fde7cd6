//! A Han name typed for a Chinese or Taiwanese passport is checked against the
//! Han name its visual zone prints (fixtures/tables/passport_han_names.tsv), on
//! the synthetic passports and the public Taiwanese specimens in
//! ../shared/realworld, through the real engine: the name read must be the
//! image's truth, and a homophone (same pinyin as the MRZ) must be a mismatch.

use std::path::PathBuf;

use kycmatch::{CheckField, Config, ImageInput, Source, Status, Verifier};

/// The image's path and its truth Han name (`stated` when the table gives it,
/// else the sidecar's); `None` for a realworld image where ../shared/realworld
/// is absent.
fn image_and_truth(image: &str, stated: &str) -> Option<(PathBuf, String)> {
    let (path, sidecar, pointer) = match image.strip_prefix("realworld/") {
        Some(rest) => {
            let path = crate::realworld()?.join(rest);
            let sidecar = format!("{}.json", path.display());
            (path, sidecar, "/visual_zone/viz_name_cjk")
        }
        None => {
            let path = crate::root().join("fixtures/images").join(image);
            let sidecar = format!("{}.truth.json", path.display());
            (path, sidecar, "/name")
        }
    };
    if !stated.is_empty() {
        return Some((path, stated.to_string()));
    }
    let sidecar = PathBuf::from(sidecar);
    let text =
        std::fs::read_to_string(&sidecar).unwrap_or_else(|e| panic!("{}: {e}", sidecar.display()));
    let truth: serde_json::Value = serde_json::from_str(&text).expect("truth JSON");
    let name = truth
        .pointer(pointer)
        .and_then(|v| v.as_str())
        .unwrap_or_else(|| panic!("{} has no {pointer}", sidecar.display()))
        .to_string();
    Some((path, name))
}

#[test]
fn typed_han_names_are_checked_against_the_printed_han_name() {
    let rows = crate::tsv(&crate::root().join("fixtures/tables/passport_han_names.tsv"));
    assert!(rows.len() >= 10, "the table's rows");
    let verifier = Verifier::new(Config {
        workers: 2,
        ..Config::default()
    })
    .expect("tesseract");
    let failures = std::sync::Mutex::new(Vec::new());
    let ran = std::sync::atomic::AtomicUsize::new(0);
    std::thread::scope(|s| {
        for half in [0, 1] {
            let (rows, verifier, failures, ran) = (&rows, &verifier, &failures, &ran);
            s.spawn(move || {
                for (line, row) in rows.iter().skip(half).step_by(2) {
                    let [case, image, typed, expect, stated] = row.as_slice() else {
                        panic!("passport_han_names.tsv:{line} needs 5 columns");
                    };
                    let Some((path, truth)) = image_and_truth(image, stated) else {
                        continue;
                    };
                    let report = crate::verify_name(verifier, ImageInput::Path(path), Some(typed));
                    ran.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let read = report.document.name.as_ref().map(|n| n.value.clone());
                    let check = report.checks.iter().find(|c| c.field == CheckField::Name);
                    let status = check.map(|c| c.status);
                    let want = match expect.as_str() {
                        "match" => Status::Match,
                        "mismatch" => Status::Mismatch,
                        "uncertain" => Status::Uncertain,
                        other => panic!("passport_han_names.tsv:{line}: expect {other}?"),
                    };
                    if read.as_deref() != Some(truth.as_str())
                        || status != Some(want)
                        || check.and_then(|c| c.source) != Some(Source::Visual)
                    {
                        failures.lock().expect("failures").push(format!(
                            "{case} (line {line}): read {read:?}, truth {truth}; name check {:?}",
                            check.map(|c| (c.status, c.source, &c.explanation))
                        ));
                    }
                }
            });
        }
    });
    let failures = failures.into_inner().expect("failures");
    eprintln!(
        "{} rows verified, {} failed",
        ran.into_inner(),
        failures.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
