//! `kycmatch batch`: results in input order whatever the completion order,
//! the same report as `verify --json`, bad lines reported without stopping
//! the batch, paths relative to the manifest, and `--resume`.

use std::process::Command;

use serde_json::Value;

const EXE: &str = env!("CARGO_BIN_EXE_kycmatch");

fn lines(path: &std::path::Path) -> Vec<Value> {
    std::fs::read_to_string(path)
        .expect("results written")
        .lines()
        .map(|l| serde_json::from_str(l).expect("each result line is JSON"))
        .collect()
}

#[test]
fn batch_keeps_order_reports_bad_lines_and_resumes() {
    let dir = std::env::temp_dir().join(format!("kycmatch-batch-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("img")).expect("temp dir");
    let images = crate::root().join("fixtures/images");
    // One image beside the manifest, named relative to it.
    std::fs::copy(images.join("pp02.jpg"), dir.join("img/pp02.jpg")).expect("copy fixture");
    let abs = |n: &str| images.join(n).to_string_lossy().into_owned();
    let manifest = dir.join("manifest.jsonl");
    let first = [
        serde_json::json!({"id": "cn", "front": abs("cnid01_front.jpg"), "back": abs("cnid01_back.jpg"),
                           "name": "张晓明", "dob": "1993-03-20", "id_number": "110105199303208436",
                           "doc_type": "id-card", "country": "CHN", "as_of": "2026-11-22"})
        .to_string(),
        "{\"id\": \"broken\", \"front\": ".to_string(),
        serde_json::json!({"id": 3, "front": "img/pp02.jpg", "dob": "1990-02-30"}).to_string(),
        serde_json::json!({"id": "missing", "front": "img/nope.jpg"}).to_string(),
        serde_json::json!({"id": "pp", "front": "img/pp02.jpg", "name": "Someone Else",
                           "as_of": "2026-11-22"})
        .to_string(),
    ];
    std::fs::write(&manifest, first.join("\n") + "\n").expect("write manifest");
    let out = dir.join("results.jsonl");
    let run = |extra: &[&str]| {
        Command::new(EXE)
            .arg("batch")
            .arg(&manifest)
            .args(["--jobs", "2", "--out"])
            .arg(&out)
            .args(extra)
            .output()
            .expect("kycmatch runs")
    };
    let o = run(&[]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let summary = String::from_utf8_lossy(&o.stderr);
    assert!(summary.contains("5 submissions"), "{summary}");
    let results = lines(&out);
    let ids: Vec<&str> = results
        .iter()
        .map(|r| r["id"].as_str().unwrap_or(""))
        .collect();
    // "broken" is not JSON, so its id cannot be read: it is named by its line.
    assert_eq!(ids, ["cn", "line:2", "3", "missing", "pp"]);
    assert_eq!(results[0]["decision"], "pass");
    assert!(results[1]["error"]
        .as_str()
        .is_some_and(|e| e.contains("manifest line")));
    assert!(results[2]["error"]
        .as_str()
        .is_some_and(|e| e.contains("dob")));
    assert!(results[3]["error"]
        .as_str()
        .is_some_and(|e| e.contains("nope.jpg")));
    assert_eq!(results[4]["decision"], "reject");
    assert!(summary.contains("NAME_MISMATCH"), "{summary}");

    // The batch result is verify's report plus the id.
    let cli = Command::new(EXE)
        .args([
            "verify",
            "--json",
            "--name",
            "Someone Else",
            "--as-of",
            "2026-11-22",
            "--front",
        ])
        .arg(dir.join("img/pp02.jpg"))
        .output()
        .expect("kycmatch runs");
    let mut cli: Value = serde_json::from_slice(&cli.stdout).expect("JSON report");
    let mut batch = results[4].clone();
    for v in [&mut cli, &mut batch] {
        if let Some(o) = v.as_object_mut() {
            o.remove("timings_ms");
            o.remove("id");
        }
    }
    assert_eq!(batch, cli);

    // An interrupted run left a partial line; --resume drops it, skips the
    // ids already done and appends only the new line.
    let mut text = std::fs::read_to_string(&out).expect("results");
    text.push_str("{\"id\": \"half-writ");
    std::fs::write(&out, text).expect("rewrite results");
    let more = serde_json::json!({"id": "pp-again", "front": "img/pp02.jpg"}).to_string();
    std::fs::write(&manifest, first.join("\n") + "\n" + &more + "\n").expect("manifest");
    let o = run(&["--resume"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(String::from_utf8_lossy(&o.stderr).contains("5 skipped"));
    let results = lines(&out);
    let ids: Vec<&str> = results
        .iter()
        .map(|r| r["id"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(ids, ["cn", "line:2", "3", "missing", "pp", "pp-again"]);

    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn batch_without_a_manifest_is_one_error_line() {
    let o = Command::new(EXE)
        .args(["batch", "/nonexistent/manifest.jsonl"])
        .output()
        .expect("kycmatch runs");
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with("error: reading /nonexistent/manifest.jsonl"),
        "{err}"
    );
}

#[test]
fn batch_reads_a_proof_of_address_beside_the_manifest() {
    let dir = std::env::temp_dir().join(format!("kycmatch-batch-poa-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("img")).expect("temp dir");
    let images = crate::root().join("fixtures/images");
    for name in ["pp07.jpg", "bill06.jpg"] {
        std::fs::copy(images.join(name), dir.join("img").join(name)).expect("copy fixture");
    }
    let manifest = dir.join("manifest.jsonl");
    let lines = [
        serde_json::json!({"id": "old-bill", "front": "img/pp07.jpg",
                           "proof_of_address": "img/bill06.jpg",
                           "name": "Oliver James Hargreaves", "as_of": "2026-11-22"}),
        serde_json::json!({"id": "no-bill", "front": "img/pp07.jpg",
                           "proof_of_address": "img/nope.jpg"}),
    ];
    let text: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    std::fs::write(&manifest, text.join("\n") + "\n").expect("write manifest");
    let o = Command::new(EXE)
        .arg("batch")
        .arg(&manifest)
        .args(["--jobs", "1"])
        .output()
        .expect("kycmatch runs");
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let results: Vec<Value> = String::from_utf8_lossy(&o.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("each result line is JSON"))
        .collect();
    assert_eq!(results.len(), 2);
    assert_eq!(results[0]["decision"], "reject", "{}", results[0]);
    assert_eq!(results[0]["address_proof"]["kind"], "utility_bill");
    assert_eq!(results[0]["reasons"][0]["code"], "ADDRESS_PROOF_TOO_OLD");
    assert!(results[1]["error"]
        .as_str()
        .is_some_and(|e| e.contains("nope.jpg")));
    assert!(String::from_utf8_lossy(&o.stderr).contains("ADDRESS_PROOF_TOO_OLD"));
    let _ = std::fs::remove_dir_all(&dir);
}
