//! Every synthetic fixture case (fixtures/cases.tsv) through the real Tesseract
//! engine: the decision and the reason codes must be the truth's.

use std::sync::Mutex;

use kycmatch::{Claimed, ClaimedText, Config, DateOrder, ImageInput, Limits, Submission, Verifier};

struct Case {
    line: usize,
    id: String,
    front: String,
    back: String,
    fields: Vec<String>,
    as_of: String,
    decision: String,
    reasons: Vec<String>,
}

fn cases() -> Vec<Case> {
    crate::tsv(&crate::root().join("fixtures/cases.tsv"))
        .into_iter()
        .map(|(line, c)| {
            assert_eq!(c.len(), 11, "cases.tsv:{line} needs 11 columns");
            Case {
                line,
                id: c[0].clone(),
                front: c[1].clone(),
                back: c[2].clone(),
                fields: c[3..8].to_vec(),
                as_of: c[8].clone(),
                decision: c[9].clone(),
                reasons: c[10]
                    .split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
                    .collect(),
            }
        })
        .collect()
}

fn opt(s: &str) -> Option<&str> {
    (!s.is_empty()).then_some(s)
}

#[test]
fn fixtures_every_case_gives_its_truth_decision() {
    let cases = cases();
    assert!(
        cases.len() >= 40,
        "at least 40 fixture cases, found {}",
        cases.len()
    );
    let verifier = Verifier::new(Config {
        workers: 2,
        ..Config::default()
    })
    .expect("Tesseract with eng and chi_sim is installed (make setup)");
    let images = crate::root().join("fixtures/images");
    let failures = Mutex::new(Vec::new());
    let next = Mutex::new(0usize);
    std::thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| loop {
                let i = {
                    let mut n = next.lock().expect("counter");
                    *n += 1;
                    *n - 1
                };
                let Some(case) = cases.get(i) else { break };
                let claimed = Claimed::new(
                    &ClaimedText {
                        name: opt(&case.fields[0]),
                        dob: opt(&case.fields[1]),
                        id_number: opt(&case.fields[2]),
                        doc_type: opt(&case.fields[3]),
                        country: opt(&case.fields[4]),
                    },
                    DateOrder::Dmy,
                    &Limits::default(),
                )
                .expect("fixture fields are valid");
                let submission = Submission {
                    front: ImageInput::Path(images.join(&case.front)),
                    back: opt(&case.back).map(|b| ImageInput::Path(images.join(b))),
                    proof_of_address: None,
                    claimed,
                    as_of: Some(kycmatch::parse_date(&case.as_of, DateOrder::Ymd).expect("as_of")),
                };
                let report = verifier.verify(&submission).expect("verify runs");
                let decision = serde_json::to_value(report.decision).expect("json");
                let mut got: Vec<String> = report
                    .reasons
                    .iter()
                    .map(|r| r.code.as_str().to_string())
                    .collect();
                got.dedup();
                let mut want = case.reasons.clone();
                want.sort();
                let mut got_sorted = got.clone();
                got_sorted.sort();
                got_sorted.dedup();
                if decision != case.decision.as_str() || got_sorted != want {
                    failures.lock().expect("failures").push(format!(
                        "cases.tsv:{} case={} expected {} {:?}, got {} {:?}\n  checks: {}",
                        case.line,
                        case.id,
                        case.decision,
                        case.reasons,
                        decision,
                        got,
                        report
                            .checks
                            .iter()
                            .map(|c| format!("{:?}={:?} ({})", c.field, c.status, c.explanation))
                            .collect::<Vec<_>>()
                            .join("; ")
                    ));
                }
            });
        }
    });
    let failures = failures.into_inner().expect("failures");
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}
