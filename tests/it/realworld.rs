//! Public specimen images from ../shared/realworld (read in place, never copied;
//! skipped where the folder is absent): the 35 TD3 passports whose MRZ truth
//! passes every check digit.

use kycmatch::{
    Claimed, ClaimedText, Config, Date, DateOrder, Decision, ImageInput, Limits, ReasonCode,
    Submission, Verifier,
};

pub(crate) struct Td3 {
    pub(crate) file: String,
    name: String,
    dob: String,
    number: String,
    expiry: Date,
}

pub(crate) fn td3_cases(dir: &std::path::Path) -> Vec<Td3> {
    let mut out = Vec::new();
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("realworld dir")
        .flatten()
        .collect();
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let path = e.path();
        if path.extension().is_none_or(|x| x != "json") {
            continue;
        }
        let v: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&path).expect("sidecar"))
                .expect("json sidecar");
        if v["mrz_format"] != "TD3" || v["all_check_digits_valid"] != true {
            continue;
        }
        let f = &v["fields"];
        let s = |k: &str| f[k].as_str().unwrap_or_default().to_string();
        // Birth years after 26 are 19xx; an expiry more than 50 years
        // ahead is 19xx too (a 1998 expiry, not 2098), as the reader takes it.
        let yymmdd = |d: &str, birth: bool| -> Date {
            let yy: i32 = d[0..2].parse().expect("yy");
            let year = if (birth && yy > 26) || (!birth && 2000 + yy > Date::today().year + 50) {
                1900 + yy
            } else {
                2000 + yy
            };
            Date::new(
                year,
                d[2..4].parse().expect("mm"),
                d[4..6].parse().expect("dd"),
            )
            .expect("valid date")
        };
        let dob = yymmdd(&s("birth_date"), true);
        out.push(Td3 {
            file: v["image"].as_str().unwrap_or_default().to_string(),
            name: format!("{} {}", s("given_names"), s("surname"))
                .trim()
                .to_string(),
            dob: dob.to_string(),
            number: s("document_number").trim_end_matches('<').to_string(),
            expiry: yymmdd(&s("expiry_date"), false),
        });
    }
    out
}

fn change_one_char(number: &str) -> String {
    let mut chars: Vec<char> = number.chars().collect();
    let i = chars.len() / 2;
    chars[i] = match chars[i] {
        '9' => '3',
        c if c.is_ascii_digit() => char::from(b'0' + ((c as u8 - b'0' + 5) % 10)),
        'Z' => 'Q',
        c => char::from(c as u8 + 1),
    };
    chars.into_iter().collect()
}

#[test]
fn realworld_td3_passports_pass_and_catch_a_wrong_number() {
    let Some(rw) = crate::realworld() else {
        eprintln!("skipped: ../shared/realworld is absent");
        return;
    };
    let cases = td3_cases(&rw.join("mrz_images"));
    assert_eq!(cases.len(), 35, "the 35 TD3 images with valid truth");
    let verifier = Verifier::new(Config {
        workers: 2,
        ..Config::default()
    })
    .expect("tesseract");
    let results = std::sync::Mutex::new(Vec::new());
    let next = std::sync::Mutex::new(0usize);
    std::thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| loop {
                let i = {
                    let mut n = next.lock().expect("counter");
                    *n += 1;
                    *n - 1
                };
                let Some(c) = cases.get(i) else { break };
                let verify = |number: &str| {
                    let claimed = Claimed::new(
                        &ClaimedText {
                            name: Some(&c.name),
                            dob: Some(&c.dob),
                            id_number: Some(number),
                            doc_type: Some("passport"),
                            country: None,
                        },
                        DateOrder::Dmy,
                        &Limits::default(),
                    )
                    .expect("valid claim");
                    verifier
                        .verify(&Submission {
                            front: ImageInput::Path(rw.join("mrz_images").join(&c.file)),
                            back: None,
                            proof_of_address: None,
                            claimed,
                            as_of: Some(c.expiry),
                        })
                        .expect("the specimen image decodes")
                };
                let good = verify(&c.number);
                let wrong = verify(&change_one_char(&c.number));
                let caught = wrong.decision == Decision::Reject
                    && wrong.has_reason(ReasonCode::IdNumberMismatch);
                let summary = format!(
                    "{}: true fields -> {:?} {:?}; wrong number -> {:?}",
                    c.file,
                    good.decision,
                    good.reasons
                        .iter()
                        .map(|r| r.code.as_str())
                        .collect::<Vec<_>>(),
                    wrong.decision
                );
                results.lock().expect("results").push((
                    good.decision == Decision::Pass,
                    caught,
                    summary,
                ));
            });
        }
    });
    let results = results.into_inner().expect("results");
    let passed = results.iter().filter(|r| r.0).count();
    let caught = results.iter().filter(|r| r.1).count();
    for r in &results {
        eprintln!("{}", r.2);
    }
    eprintln!(
        "realworld TD3: {passed}/35 pass with true fields, {caught}/35 reject a changed number"
    );
    // The foundation issue's target is 90% (32/35) for both. Reached:
    // 32/35 with the true fields and 35/35 for a changed number. The
    // floors sit one below, a margin for Tesseract builds that round
    // differently; they guard what works: raise them as the reading
    // improves, never lower them.
    assert!(
        passed >= 31,
        "only {passed}/35 passed with the true fields (floor 31)"
    );
    assert!(
        caught >= 34,
        "only {caught}/35 rejected a changed number (floor 34)"
    );
}

/// Every MRZ field, per format, on the 69 specimens whose truth verifies by
/// its check digits; the 10 deliberately invalid ones and the image with no
/// MRZ. Floors are the rates measured when they were set (issue 5 asks for
/// 95% of every field: not reached, see README "Known limits"), so a change
/// that reads fewer fails here.
#[test]
fn realworld_mrz_specimens_every_field_per_format() {
    let Some(rw) = crate::realworld() else {
        eprintln!("skipped: ../shared/realworld is absent");
        return;
    };
    let verifier = Verifier::new(Config {
        workers: 2,
        ..Config::default()
    })
    .expect("tesseract");
    let results = crate::mrz_specimens::evaluate(&verifier, &rw.join("mrz_images"), 2);
    for r in &results {
        eprintln!("{}", crate::mrz_specimens::describe(r));
    }
    let rates = crate::mrz_specimens::rates(&results);
    eprintln!("every MRZ field read, per format: {rates:?}");
    // (format, specimens, floor)
    for (format, total, floor) in [
        ("TD1", 17, 13),
        ("TD2", 6, 6),
        ("TD3", 35, 29),
        ("MRVA", 5, 5),
        ("MRVB", 6, 4),
    ] {
        let (read, n) = rates.get(format).copied().unwrap_or_default();
        assert_eq!(n, total, "{format} specimens with valid truth");
        assert!(read >= floor, "{format}: {read}/{n} read, floor {floor}");
    }
    let invalid: Vec<bool> = results
        .iter()
        .filter_map(|r| match r.outcome {
            crate::mrz_specimens::Outcome::Invalid { reported } => Some(reported),
            _ => None,
        })
        .collect();
    assert_eq!(invalid.len(), 10, "deliberately invalid specimens");
    let reported = invalid.iter().filter(|&&r| r).count();
    assert!(
        reported >= 8,
        "MRZ_INVALID on {reported}/10 invalid specimens"
    );
    let no_mrz: Vec<bool> = results
        .iter()
        .filter_map(|r| match r.outcome {
            crate::mrz_specimens::Outcome::NoMrz { none_read } => Some(none_read),
            _ => None,
        })
        .collect();
    assert_eq!(no_mrz, [true], "the payment card yields no MRZ");
}
