//! Every synthetic fixture case (fixtures/cases.tsv, and fixtures/cases_address.tsv
//! with a proof of address) through the real Tesseract engine: the decision and the
//! reason codes must be the truth's, and what a proof of address was read to say
//! (kind, issue date, holder) must be its truth file's. How many addresses were
//! read exactly is printed (`--nocapture`), not required: no check depends on it.

use std::sync::Mutex;

use kycmatch::{Claimed, ClaimedText, Config, DateOrder, ImageInput, Limits, Submission, Verifier};

struct Case {
    file: &'static str,
    line: usize,
    id: String,
    front: String,
    back: String,
    proof: String,
    fields: Vec<String>,
    as_of: String,
    decision: String,
    reasons: Vec<String>,
}

/// The rows of `file`; `proof` says whether it has the `proof_of_address`
/// column after `back`.
fn cases_in(file: &'static str, proof: bool) -> Vec<Case> {
    let columns = if proof { 12 } else { 11 };
    crate::tsv(&crate::root().join("fixtures").join(file))
        .into_iter()
        .map(|(line, mut c)| {
            assert_eq!(c.len(), columns, "{file}:{line} needs {columns} columns");
            let proof = if proof { c.remove(3) } else { String::new() };
            Case {
                file,
                line,
                id: c[0].clone(),
                front: c[1].clone(),
                back: c[2].clone(),
                proof,
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

fn cases() -> Vec<Case> {
    let mut all = cases_in("cases.tsv", false);
    all.extend(cases_in("cases_address.tsv", true));
    all
}

fn opt(s: &str) -> Option<&str> {
    (!s.is_empty()).then_some(s)
}

/// Where the report's `address_proof` block differs from the proof's truth
/// file: kind, issue date and holder's name (case, spaces and punctuation
/// ignored), and whether the address was read exactly in the same way.
fn proof_misreads(report: &serde_json::Value, truth: &serde_json::Value) -> (Vec<String>, bool) {
    let squeeze = |v: &serde_json::Value| {
        v.as_str()
            .unwrap_or("")
            .chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect::<String>()
    };
    let block = &report["address_proof"];
    let mut out = Vec::new();
    for (got, want) in [
        ("kind", "proof_kind"),
        ("issue_date", "issue_date"),
        ("name", "name"),
    ] {
        let same = if got == "name" {
            squeeze(&block[got]) == squeeze(&truth[want])
        } else {
            block[got] == truth[want]
        };
        if !same {
            out.push(format!("{got}: read {}, truth {}", block[got], truth[want]));
        }
    }
    (
        out,
        squeeze(&block["address"]) == squeeze(&truth["address"]),
    )
}

#[test]
fn fixtures_every_case_gives_its_truth_decision() {
    let cases = cases();
    assert!(
        cases.len() >= 40,
        "at least 40 fixture cases, found {}",
        cases.len()
    );
    let with_proof = cases.iter().filter(|c| !c.proof.is_empty()).count();
    assert!(with_proof >= 8, "proof-of-address cases: {with_proof}");
    let verifier = Verifier::new(Config {
        workers: 2,
        ..Config::default()
    })
    .expect("Tesseract with eng and chi_sim is installed (make setup)");
    let images = crate::root().join("fixtures/images");
    let failures = Mutex::new(Vec::new());
    let addresses = Mutex::new(Vec::new());
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
                    proof_of_address: opt(&case.proof).map(|p| ImageInput::Path(images.join(p))),
                    claimed,
                    as_of: Some(kycmatch::parse_date(&case.as_of, DateOrder::Ymd).expect("as_of")),
                };
                let report = verifier.verify(&submission).expect("verify runs");
                if let Some(proof) = opt(&case.proof) {
                    let truth = crate::truth(proof);
                    let json = serde_json::to_value(&report).expect("json");
                    let (misreads, address_exact) = proof_misreads(&json, &truth);
                    addresses
                        .lock()
                        .expect("addresses")
                        .push((proof.to_string(), address_exact));
                    if !misreads.is_empty() {
                        failures.lock().expect("failures").push(format!(
                            "{}:{} case={} {proof} read wrongly: {}",
                            case.file,
                            case.line,
                            case.id,
                            misreads.join("; ")
                        ));
                    }
                }
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
                        "{}:{} case={} expected {} {:?}, got {} {:?}\n  checks: {}",
                        case.file,
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
    let mut addresses = addresses.into_inner().expect("addresses");
    addresses.sort();
    addresses.dedup();
    let exact: Vec<&str> = addresses
        .iter()
        .filter(|a| a.1)
        .map(|a| a.0.as_str())
        .collect();
    println!(
        "proof-of-address addresses read exactly: {} of {} ({})",
        exact.len(),
        addresses.len(),
        exact.join(", ")
    );
    let failures = failures.into_inner().expect("failures");
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

/// Every fixture card that prints a validity period (the backs of the
/// resident ID cards and permits, scanned and photographed, and the
/// permanent resident cards' fronts), read with its other side: the period
/// as read against its truth, and `DOCUMENT_VALIDITY_INVALID` exactly on
/// the cards whose truth says the period fits no rule. Prints the figures
/// (`--nocapture`); requires every misfit flagged, no fitting card flagged,
/// and a floor of periods read exactly.
#[test]
fn fixtures_validity_periods_read_and_checked_against_the_holders_age() {
    let verifier = Verifier::new(Config {
        workers: 1,
        ..Config::default()
    })
    .expect("Tesseract with eng and chi_sim is installed (make setup)");
    let images = crate::root().join("fixtures/images");
    let mut names: Vec<String> = std::fs::read_dir(&images)
        .expect("fixtures/images")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".jpg"))
        .collect();
    names.sort();
    let (mut cards, mut exact, mut misfits, mut flagged_misfits) = (0, 0, 0, 0);
    let mut failures = Vec::new();
    for name in &names {
        let truth = crate::truth(name);
        let Some(fits) = truth["validity_fits"].as_bool() else {
            continue;
        };
        // The side with the period, and the other side.
        let (front, back) = match truth["image_kind"].as_str() {
            Some("cn_id_back") => (name.replace("_back", "_front"), Some(name.clone())),
            _ => {
                let back = name.replace("_front", "_back");
                (name.clone(), images.join(&back).exists().then_some(back))
            }
        };
        let back = back.map(|b| ImageInput::Path(images.join(b)));
        let reading = verifier
            .read(&ImageInput::Path(images.join(&front)), back.as_ref())
            .expect("read runs");
        let doc = &reading.document;
        let issued = doc.issue_date.as_ref().map(|d| d.value.to_string());
        let until = doc.expiry_date.as_ref().map(|e| match e.value {
            kycmatch::Expiry::On(d) => d.to_string(),
            kycmatch::Expiry::Indefinite => "indefinite".to_string(),
        });
        let right = issued.as_deref() == truth["valid_from"].as_str()
            && until.as_deref() == truth["valid_until"].as_str();
        let flagged = doc
            .issues
            .iter()
            .any(|i| i.code == kycmatch::ReasonCode::DocumentValidityInvalid);
        cards += 1;
        exact += usize::from(right);
        if !fits {
            misfits += 1;
            flagged_misfits += usize::from(flagged);
        }
        println!(
            "{name}: read {issued:?} to {until:?}{}{}",
            if right { "" } else { " (truth differs)" },
            if flagged {
                ", DOCUMENT_VALIDITY_INVALID"
            } else {
                ""
            }
        );
        if flagged != (!fits && right) && (flagged || right) {
            failures.push(format!(
                "{name}: fits the rules: {fits}, read right: {right}, flagged: {flagged}"
            ));
        }
    }
    println!(
        "validity periods read exactly: {exact}/{cards}; misfits flagged: {flagged_misfits}/{misfits}"
    );
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
    assert!(misfits >= 2 && flagged_misfits == misfits);
    assert!(cards >= 20, "cards with a validity period: {cards}");
    assert!(exact + 1 >= cards, "periods read exactly: {exact}/{cards}");
}
