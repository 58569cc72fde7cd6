//! The MRZ read rate on the public specimen images of
//! ../shared/realworld/mrz_images, shared by the realworld test (which
//! asserts floors) and `examples/mrz_accuracy.rs` (which prints the table).
//!
//! The truth for an image is its sidecar's `mrz_lines`, read by the same MRZ
//! reader as text ([`kycmatch::verify_text`]): an image counts as read when
//! every field that reader takes from the zone (kind, issuer, nationality,
//! Latin name, birth date, sex, document number, expiry) comes out of the
//! image equal. Images whose truth verifies by its check digits are scored;
//! the deliberately invalid ones must be reported `MRZ_INVALID`; the image
//! without an MRZ must yield none.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use kycmatch::{
    verify_text, Claimed, ClaimedText, Date, DateOrder, DocumentFields, DocumentKind, ImageInput,
    Limits, Policy, ReasonCode, Verifier,
};

/// One specimen and what its sidecar says.
pub struct Specimen {
    pub image: PathBuf,
    /// TD1, TD2, TD3, MRVA, MRVB; `none` for the image without an MRZ.
    pub format: String,
    pub lines: Vec<String>,
    /// Every check digit of the truth verifies.
    pub valid: bool,
}

/// What became of one specimen.
pub enum Outcome {
    /// Every field as the truth says.
    Read,
    /// Fields that differ: (field, truth, read).
    Wrong(Vec<(&'static str, String, String)>),
    /// A deliberately invalid MRZ: whether `MRZ_INVALID` was reported.
    Invalid { reported: bool },
    /// No MRZ in the image: whether none was read.
    NoMrz { none_read: bool },
    /// The image did not decode.
    Error(String),
}

pub struct Result {
    pub specimen: Specimen,
    pub outcome: Outcome,
    /// The MRZ name field as read, for looking at failures.
    pub name_field: Option<String>,
}

pub fn specimens(dir: &Path) -> Vec<Specimen> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let v: serde_json::Value =
                serde_json::from_str(&std::fs::read_to_string(&p).expect("sidecar"))
                    .expect("sidecar json");
            Specimen {
                image: dir.join(v["image"].as_str().expect("image name")),
                format: v["mrz_format"].as_str().unwrap_or("none").to_string(),
                lines: v["mrz_lines"]
                    .as_array()
                    .map(|a| {
                        a.iter()
                            .map(|l| l.as_str().unwrap_or_default().to_string())
                            .collect()
                    })
                    .unwrap_or_default(),
                valid: v["all_check_digits_valid"] == true,
            }
        })
        .collect()
}

/// The fields the MRZ reader takes from a zone, for comparison.
fn mrz_fields(d: &DocumentFields) -> Vec<(&'static str, String)> {
    let v = |x: Option<String>| x.unwrap_or_else(|| "-".into());
    vec![
        ("kind", format!("{:?}", d.kind)),
        ("issuer", v(d.issuing_country.clone())),
        ("nationality", v(d.nationality.clone())),
        ("name", v(d.name_latin.as_ref().map(|r| r.value.clone()))),
        (
            "birth",
            v(d.birth_date.as_ref().map(|r| r.value.to_string())),
        ),
        ("sex", v(d.sex.as_ref().map(|r| format!("{:?}", r.value)))),
        (
            "number",
            v(d.document_number.as_ref().map(|r| r.value.clone())),
        ),
        (
            "expiry",
            v(d.expiry_date.as_ref().map(|r| format!("{:?}", r.value))),
        ),
    ]
}

fn judge(verifier: &Verifier, s: &Specimen, today: Date) -> (Outcome, Option<String>) {
    let reading = match verifier.read(&ImageInput::Path(s.image.clone()), None) {
        Ok(r) => r,
        Err(e) => return (Outcome::Error(e.to_string()), None),
    };
    let got = reading.document;
    let name_field = got.mrz_name_field.clone();
    if s.lines.is_empty() {
        let none_read = got.mrz_name_field.is_none()
            && !matches!(
                got.kind,
                DocumentKind::Passport | DocumentKind::IdCard | DocumentKind::Visa
            );
        return (Outcome::NoMrz { none_read }, name_field);
    }
    if !s.valid {
        let reported = got.issues.iter().any(|i| i.code == ReasonCode::MrzInvalid);
        return (Outcome::Invalid { reported }, name_field);
    }
    let none = Claimed::new(&ClaimedText::default(), DateOrder::Dmy, &Limits::default())
        .expect("an empty claim");
    let truth = verify_text(&s.lines.join("\n"), None, &none, today, &Policy::default());
    let wrong: Vec<_> = mrz_fields(&truth.document)
        .into_iter()
        .zip(mrz_fields(&got))
        .filter(|(w, h)| w.1 != h.1)
        .map(|(w, h)| (w.0, w.1, h.1))
        .collect();
    let outcome = if wrong.is_empty() {
        Outcome::Read
    } else {
        Outcome::Wrong(wrong)
    };
    (outcome, name_field)
}

/// Reads every specimen in `dir` with `threads` threads sharing `verifier`;
/// results in file-name order.
pub fn evaluate(verifier: &Verifier, dir: &Path, threads: usize) -> Vec<Result> {
    let today = Date::today();
    let queue = Mutex::new(specimens(dir).into_iter().enumerate());
    let done = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..threads.max(1) {
            scope.spawn(|| loop {
                let Some((i, specimen)) = queue.lock().expect("queue").next() else {
                    break;
                };
                let (outcome, name_field) = judge(verifier, &specimen, today);
                done.lock().expect("results").push((
                    i,
                    Result {
                        specimen,
                        outcome,
                        name_field,
                    },
                ));
            });
        }
    });
    let mut done = done.into_inner().expect("results");
    done.sort_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, r)| r).collect()
}

/// Per format: (every field read, scored).
pub fn rates(results: &[Result]) -> BTreeMap<String, (usize, usize)> {
    let mut out: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for r in results {
        let read = match r.outcome {
            Outcome::Read => true,
            Outcome::Wrong(_) | Outcome::Error(_) => false,
            Outcome::Invalid { .. } | Outcome::NoMrz { .. } => continue,
        };
        let e = out.entry(r.specimen.format.clone()).or_default();
        e.0 += usize::from(read);
        e.1 += 1;
    }
    out
}

/// One line per specimen.
pub fn describe(r: &Result) -> String {
    let name = r
        .specimen
        .image
        .file_name()
        .unwrap_or_default()
        .to_string_lossy();
    let format = &r.specimen.format;
    match &r.outcome {
        Outcome::Read => format!("{name}: {format} read"),
        Outcome::Wrong(w) => format!(
            "{name}: {format} WRONG: {} [name field {:?}]",
            w.iter()
                .map(|(f, want, got)| format!("{f} {want:?} read {got:?}"))
                .collect::<Vec<_>>()
                .join("; "),
            r.name_field.as_deref().unwrap_or("")
        ),
        Outcome::Invalid { reported } => format!(
            "{name}: {format} deliberately invalid -> {}",
            if *reported {
                "MRZ_INVALID"
            } else {
                "NOT REPORTED INVALID"
            }
        ),
        Outcome::NoMrz { none_read } => format!(
            "{name}: no MRZ in the image -> {}",
            if *none_read {
                "none read"
            } else {
                "AN MRZ READ"
            }
        ),
        Outcome::Error(e) => format!("{name}: error {e}"),
    }
}
