//! verify_text goldens: fixtures/ocr/<case>.txt (OCR text, front and back split
//! by a line `---back---`, a proof of address after a line
//! `---proof_of_address---`) plus fixtures/ocr/<case>.claim.json through
//! verify_text_with_proof, compared with fixtures/golden/<case>.report.json as
//! parsed JSON. `KYCMATCH_BLESS=1 cargo test` rewrites goldens; a missing
//! golden fails.

use kycmatch::{verify_text_with_proof, Claimed, ClaimedText, DateOrder, Limits, Policy};

#[test]
fn text_goldens() {
    let dir = crate::root().join("fixtures/ocr");
    let mut cases: Vec<_> = std::fs::read_dir(&dir)
        .expect("fixtures/ocr")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    cases.sort();
    assert!(cases.len() >= 4, "golden text cases present");
    let bless = std::env::var_os("KYCMATCH_BLESS").is_some();
    let mut failures = Vec::new();
    for path in cases {
        let case = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default()
            .to_string();
        let text = std::fs::read_to_string(&path).expect("ocr text");
        let (text, proof) = match text.split_once("---proof_of_address---") {
            Some((t, p)) => (t.to_string(), Some(p.to_string())),
            None => (text, None),
        };
        let (front, back) = match text.split_once("---back---") {
            Some((f, b)) => (f.to_string(), Some(b.to_string())),
            None => (text.clone(), None),
        };
        let claim: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(dir.join(format!("{case}.claim.json"))).expect("claim file"),
        )
        .expect("claim json");
        let g = |k: &str| claim[k].as_str();
        let claimed = Claimed::new(
            &ClaimedText {
                name: g("name"),
                dob: g("dob"),
                id_number: g("id_number"),
                doc_type: g("doc_type"),
                country: g("country"),
            },
            match g("date_order") {
                Some("mdy") => DateOrder::Mdy,
                _ => DateOrder::Dmy,
            },
            &Limits::default(),
        )
        .expect("valid claim");
        let as_of = kycmatch::parse_date(g("as_of").unwrap_or("2026-11-22"), DateOrder::Ymd)
            .expect("as_of");
        let report = verify_text_with_proof(
            &front,
            back.as_deref(),
            proof.as_deref(),
            &claimed,
            as_of,
            &Policy::default(),
        );
        let got = serde_json::to_value(&report).expect("report json");
        let golden = crate::root().join(format!("fixtures/golden/{case}.report.json"));
        if bless {
            std::fs::write(
                &golden,
                serde_json::to_string_pretty(&got).expect("json") + "\n",
            )
            .expect("bless");
            continue;
        }
        match std::fs::read_to_string(&golden) {
            Err(_) => failures.push(format!(
                "{case}: golden missing (run with KYCMATCH_BLESS=1)"
            )),
            Ok(s) => {
                let want: serde_json::Value = serde_json::from_str(&s).expect("golden json");
                if want != got {
                    failures.push(format!(
                        "{case}: report differs from golden\n want: {want}\n got:  {got}"
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
