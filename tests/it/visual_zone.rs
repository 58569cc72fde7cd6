//! The passport visual-zone cross-check (`Config::visual_zone`) through the
//! real engine: a page whose MRZ was swapped for another passport's is
//! reported `VISUAL_MRZ_MISMATCH` on each field that differs, and true pages
//! (every synthetic passport, and the 35 TD3 specimens of ../shared/realworld)
//! never are. How many fields the zone gave is printed (`--nocapture`).

use std::io::Cursor;

use kycmatch::{CheckField, Config, Decision, ImageInput, ReasonCode, Report, Verifier};

use crate::verify_name as verify;

fn verifier() -> Verifier {
    Verifier::new(Config {
        workers: 2,
        visual_zone: true,
        ..Config::default()
    })
    .expect("tesseract")
}

fn mismatched_fields(report: &Report) -> Vec<Option<CheckField>> {
    report
        .reasons
        .iter()
        .filter(|r| r.code == ReasonCode::VisualMrzMismatch)
        .map(|r| r.field)
        .collect()
}

/// The visual zone's fields as read: (report key, value, confidence).
fn visual(report: &Report) -> Vec<(&'static str, String, f32)> {
    report
        .document
        .visual
        .as_ref()
        .map_or_else(Vec::new, |v| v.entries())
}

#[test]
fn a_page_with_another_passports_mrz_is_caught() {
    let image = |name: &str| {
        image::open(crate::root().join("fixtures/images").join(name))
            .expect("fixture")
            .to_rgb8()
    };
    // pp01's visual zone over pp05's MRZ (both clean CHN pages, one layout):
    // the zone ends above y 620, the MRZ's pale panel starts below 680.
    let (mut page, donor) = (image("pp01.jpg"), image("pp05.jpg"));
    assert_eq!(page.dimensions(), donor.dimensions());
    let mrz = image::imageops::crop_imm(&donor, 0, 650, donor.width(), donor.height() - 650);
    image::imageops::replace(&mut page, &mrz.to_image(), 0, 650);
    let mut png = Vec::new();
    page.write_to(&mut Cursor::new(&mut png), image::ImageFormat::Png)
        .expect("encode");
    let v = verifier();
    // The holder types the name the swapped MRZ carries.
    let report = verify(&v, ImageInput::Bytes(png), Some("OUYANG MINGHUI"));
    assert_eq!(
        mismatched_fields(&report),
        [
            Some(CheckField::Dob),
            Some(CheckField::Expiry),
            Some(CheckField::Name),
            Some(CheckField::IdNumber)
        ],
        "{:?}",
        report.reasons
    );
    assert_eq!(report.decision, Decision::Review);
    let untouched = verify(
        &v,
        ImageInput::Path(crate::root().join("fixtures/images/pp01.jpg")),
        Some("Siyuan Wang"),
    );
    assert!(mismatched_fields(&untouched).is_empty());
    assert_eq!(untouched.decision, Decision::Pass);
}

#[test]
fn true_pages_never_disagree() {
    let mut images: Vec<std::path::PathBuf> = (1..=10)
        .map(|i| crate::root().join(format!("fixtures/images/pp{i:02}.jpg")))
        .collect();
    if let Some(rw) = crate::realworld() {
        let dir = rw.join("mrz_images");
        images.extend(
            crate::realworld::td3_cases(&dir)
                .into_iter()
                .map(|c| dir.join(c.file)),
        );
    } else {
        eprintln!("../shared/realworld is absent: the synthetic passports only");
    }
    let v = verifier();
    let results = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for half in [0, 1] {
            let (images, v, results) = (&images, &v, &results);
            s.spawn(move || {
                for path in images.iter().skip(half).step_by(2) {
                    let report = verify(v, ImageInput::Path(path.clone()), None);
                    let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
                    results.lock().expect("results").push((
                        name.unwrap_or_default(),
                        visual(&report),
                        mismatched_fields(&report),
                    ));
                }
            });
        }
    });
    let results = results.into_inner().expect("results");
    let fields: usize = results.iter().map(|r| r.1.len()).sum();
    let synthetic: Vec<_> = results.iter().filter(|r| r.0.starts_with("pp")).collect();
    // On the synthetic pages, each value against the truth file: a misread
    // date or number must be below the confidence the cross-check needs; a
    // misread name (MÜLLER read MOLLER, a Han name read as Latin junk) is
    // within what the name cross-check tolerates, which no alarm below shows.
    let min = kycmatch::Policy::default().min_visual_cross_check_confidence;
    let (mut right, mut misreads) = (0, Vec::new());
    for (name, entries, _) in &synthetic {
        let truth = crate::truth(name);
        for (key, value, conf) in entries {
            if truth[*key].as_str() == Some(value.as_str()) {
                right += 1;
            } else {
                misreads.push((name.clone(), *key, value.clone(), *conf));
            }
        }
    }
    let synthetic: usize = synthetic.iter().map(|r| r.1.len()).sum();
    eprintln!(
        "{} pages: {fields} visual-zone fields read ({synthetic} of 60 on the synthetic passports, \
         {right} of them right; misreads: {misreads:?})",
        results.len()
    );
    assert!(
        misreads
            .iter()
            .filter(|m| !matches!(m.1, "surname" | "given_names"))
            .all(|m| m.3 < min),
        "a misread the cross-check would trust: {misreads:?}"
    );
    assert!(right >= 44, "{right} of 60 synthetic fields read right");
    let alarms: Vec<_> = results.iter().filter(|r| !r.2.is_empty()).collect();
    assert!(alarms.is_empty(), "false VISUAL_MRZ_MISMATCH: {alarms:?}");
    // The reader must actually read: every field of the clean synthetic pages at least.
    assert!(synthetic >= 50, "{synthetic} of 60 synthetic fields read");
}
