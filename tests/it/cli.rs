//! The command-line contract: exit codes 0/1/3/2, one error line, JSON shape.

use std::io::Write;
use std::process::{Command, Output};

fn kycmatch(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kycmatch"))
        .args(args)
        .output()
        .expect("the kycmatch binary runs")
}

fn assert_clean_error(out: &Output, expect_in_message: &str) {
    assert_eq!(
        out.status.code(),
        Some(2),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    let lines: Vec<&str> = stderr.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), 1, "one line on stderr, got: {stderr}");
    assert!(lines[0].starts_with("error: "), "{stderr}");
    assert!(
        lines[0].contains(expect_in_message),
        "expected {expect_in_message:?} in {stderr:?}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(out.stdout.is_empty());
}

fn temp_file(name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("kycmatch-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let p = dir.join(name);
    let mut f = std::fs::File::create(&p).expect("temp file");
    f.write_all(bytes).expect("write temp file");
    p
}

fn small_png() -> Vec<u8> {
    blank_png(64, 64)
}

fn blank_png(w: u32, h: u32) -> Vec<u8> {
    let img = image::GrayImage::from_pixel(w, h, image::Luma([200]));
    let mut out = Vec::new();
    image::DynamicImage::ImageLuma8(img)
        .write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
        .expect("encode png");
    out
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// A PNG announcing a 30000×30000 image, with hardly any pixel data.
fn huge_png_header() -> Vec<u8> {
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = b"IHDR".to_vec();
    ihdr.extend_from_slice(&30000u32.to_be_bytes());
    ihdr.extend_from_slice(&30000u32.to_be_bytes());
    ihdr.extend_from_slice(&[8, 0, 0, 0, 0]);
    png.extend_from_slice(&13u32.to_be_bytes());
    png.extend_from_slice(&ihdr);
    png.extend_from_slice(&crc32(&ihdr).to_be_bytes());
    // An IDAT with an empty zlib stream: the decoder reads the header, and
    // the dimension limit must stop it before any pixel is allocated.
    let idat: Vec<u8> = [
        b"IDAT".as_slice(),
        &[0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01],
    ]
    .concat();
    png.extend_from_slice(&8u32.to_be_bytes());
    png.extend_from_slice(&idat);
    png.extend_from_slice(&crc32(&idat).to_be_bytes());
    png.extend_from_slice(&0u32.to_be_bytes());
    png.extend_from_slice(b"IEND");
    png.extend_from_slice(&crc32(b"IEND").to_be_bytes());
    png
}

#[test]
fn cli_missing_file() {
    let out = kycmatch(&[
        "verify",
        "--front",
        "/nonexistent/front.jpg",
        "--name",
        "A B",
    ]);
    assert_clean_error(&out, "/nonexistent/front.jpg");
}

#[test]
fn cli_not_an_image() {
    let p = temp_file(
        "notes.jpg",
        b"these are not the pixels you are looking for\n",
    );
    let out = kycmatch(&["verify", "--front", p.to_str().unwrap_or_default()]);
    assert_clean_error(&out, "decoding");
}

#[test]
fn cli_truncated_png_and_jpeg() {
    let png = small_png();
    let p = temp_file("cut.png", &png[..png.len() / 2]);
    assert_clean_error(
        &kycmatch(&["verify", "--front", p.to_str().unwrap_or_default()]),
        "decoding",
    );
    let jpg =
        std::fs::read(crate::root().join("fixtures/images/cnid01_front.jpg")).expect("fixture");
    let p = temp_file("cut.jpg", &jpg[..jpg.len() / 3]);
    assert_clean_error(
        &kycmatch(&["ocr", p.to_str().unwrap_or_default()]),
        "decoding",
    );
}

#[test]
fn cli_huge_image_hits_decode_limit() {
    let p = temp_file("huge.png", &huge_png_header());
    let out = kycmatch(&["verify", "--front", p.to_str().unwrap_or_default()]);
    assert_clean_error(&out, "limit");
}

#[test]
fn cli_empty_name_and_impossible_date() {
    let p = temp_file("ok.png", &small_png());
    let f = p.to_str().unwrap_or_default();
    assert_clean_error(
        &kycmatch(&["verify", "--front", f, "--name", ""]),
        "invalid name",
    );
    assert_clean_error(
        &kycmatch(&["verify", "--front", f, "--name", "   "]),
        "invalid name",
    );
    assert_clean_error(
        &kycmatch(&["verify", "--front", f, "--dob", "2023-02-30"]),
        "invalid dob",
    );
    assert_clean_error(
        &kycmatch(&["verify", "--front", f, "--dob", "someday"]),
        "invalid dob",
    );
    assert_clean_error(
        &kycmatch(&["verify", "--front", f, "--country", "CHINA"]),
        "invalid country",
    );
    assert_clean_error(
        &kycmatch(&["verify", "--front", f, "--as-of", "2023-13-01"]),
        "invalid as_of",
    );
    let long = "x".repeat(5000);
    assert_clean_error(
        &kycmatch(&["verify", "--front", f, "--name", &long]),
        "invalid name",
    );
}

#[test]
fn cli_unknown_document_type_is_usage_error() {
    let out = kycmatch(&["verify", "--front", "x.png", "--doc-type", "library-card"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn cli_error_message_does_not_echo_id_number() {
    let out = kycmatch(&[
        "verify",
        "--front",
        "/nonexistent.png",
        "--id-number",
        "110105199001021234",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(!String::from_utf8_lossy(&out.stderr).contains("110105199001021234"));
}

#[test]
fn cli_compare_name_json_and_exit_codes() {
    let out = kycmatch(&["compare", "name", "Zhang Xiaoming", "张小明", "--json"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["status"], "match");
    for key in ["status", "level", "score", "explanation"] {
        assert!(v.get(key).is_some(), "missing {key} in {v}");
    }
    let out = kycmatch(&["compare", "name", "张伟", "张维", "--json"]);
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["status"], "mismatch");
}

#[test]
fn cli_blank_image_is_review_not_error() {
    // Large enough not to be LOW_RESOLUTION (see cli_tiny_image_is_rejected_as_low_resolution).
    let p = temp_file("blank.png", &blank_png(800, 500));
    let out = kycmatch(&[
        "verify",
        "--front",
        p.to_str().unwrap_or_default(),
        "--name",
        "Anna",
        "--json",
    ]);
    assert_eq!(
        out.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["decision"], "review");
    assert_eq!(v["document"]["kind"], "unknown");
    assert!(v["reasons"]
        .as_array()
        .is_some_and(|r| r.iter().any(|r| r["code"] == "FIELD_UNREADABLE")));
}

#[cfg(feature = "tesseract")]
#[test]
fn fingerprint_finds_one_document_in_two_photos() {
    let images = crate::root().join("fixtures/images");
    let key = temp_file("fp.key", b"a service secret of 32 bytes....\n");
    // The same passport photographed again: smaller, re-encoded as PNG.
    let again = image::open(images.join("pp01.jpg"))
        .expect("fixture")
        .resize(1100, 1100, image::imageops::FilterType::Triangle);
    let mut png = Vec::new();
    again
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .expect("encode");
    let again = temp_file("pp01-again.png", &png);
    let fp = |front: &std::path::Path, with_key: bool| -> Option<String> {
        let mut args = vec![
            "verify",
            "--json",
            "--front",
            front.to_str().expect("utf-8 path"),
        ];
        if with_key {
            args.extend(["--fingerprint-key-file", key.to_str().expect("utf-8 path")]);
        }
        let out = kycmatch(&args);
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON report");
        v.get("fingerprint")
            .and_then(|f| f.as_str())
            .map(str::to_string)
    };
    let first = fp(&images.join("pp01.jpg"), true);
    assert!(first.as_deref().is_some_and(|f| f.len() == 64), "{first:?}");
    assert_eq!(first, fp(&again, true), "same document, same fingerprint");
    assert_ne!(first, fp(&images.join("pp02.jpg"), true));
    assert_eq!(
        fp(&images.join("pp01.jpg"), false),
        None,
        "no key, no fingerprint"
    );
}

#[test]
fn cli_tiny_image_is_rejected_as_low_resolution() {
    // Nothing could be read, and the image says why: too small.
    let p = temp_file("tiny.png", &small_png());
    let out = kycmatch(&[
        "verify",
        "--front",
        p.to_str().unwrap_or_default(),
        "--name",
        "Anna",
        "--json",
    ]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["decision"], "reject");
    assert_eq!(v["reasons"][0]["code"], "LOW_RESOLUTION");
    assert_eq!(v["reasons"][0]["image"], "front");
    assert!(v["quality"]["document_px"].as_u64() == Some(64), "{v}");
}

#[test]
fn cli_annotate_draws_a_cropped_photo() {
    let images = crate::root().join("fixtures/images");
    let png = std::env::temp_dir().join(format!("kycmatch-annotate-{}.png", std::process::id()));
    let _ = std::fs::remove_file(&png);
    let front = images.join("photo08_front.jpg");
    let back = images.join("photo08_back.jpg");
    let out = kycmatch(&[
        "verify",
        "--front",
        &front.to_string_lossy(),
        "--back",
        &back.to_string_lossy(),
        "--name",
        "周子涵",
        "--doc-type",
        "id-card",
        "--as-of",
        "2026-11-22",
        "--json",
        "--annotate",
        &png.to_string_lossy(),
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "stderr: {stderr}");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON report");
    let codes: Vec<&str> = report["reasons"]
        .as_array()
        .expect("reasons")
        .iter()
        .filter_map(|r| r["code"].as_str())
        .collect();
    assert_eq!(codes, ["DOCUMENT_CROPPED"], "{report}");
    let drawn = image::open(&png)
        .expect("the annotation is a PNG")
        .to_rgb8();
    let _ = std::fs::remove_file(&png);
    assert!(drawn.height() >= 540 && drawn.width() > drawn.height());
    // The cropped card's outline and the DOCUMENT_CROPPED line are red.
    let red = drawn
        .pixels()
        .filter(|p| p.0[0] > 200 && p.0[1] < 60 && p.0[2] < 60)
        .count();
    assert!(red > 2000, "only {red} red pixels");
}

/// Verifies the passport `pp01` (Siyuan Wang) with a proof of address.
#[cfg(feature = "tesseract")]
fn verify_with_proof(proof: &std::path::Path, as_of: &str, json: bool) -> Output {
    let front = crate::root().join("fixtures/images/pp01.jpg");
    let mut args = vec![
        "verify".to_string(),
        "--front".into(),
        front.to_string_lossy().into_owned(),
        "--proof-of-address".into(),
        proof.to_string_lossy().into_owned(),
        "--name".into(),
        "Siyuan Wang".into(),
        "--as-of".into(),
        as_of.into(),
    ];
    if json {
        args.push("--json".into());
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    kycmatch(&args)
}

#[cfg(feature = "tesseract")]
#[test]
fn cli_proof_of_address_pass_reject_review() {
    let statement = crate::root().join("fixtures/images/bill04.jpg");
    let truth = crate::truth("bill04.jpg");

    // The holder's own statement, issued six weeks before: pass.
    let out = verify_with_proof(&statement, "2026-11-22", true);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "stderr: {stderr}");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON report");
    assert_eq!(v["address_proof"]["kind"], "bank_statement", "{v}");
    assert_eq!(v["address_proof"]["issue_date"], truth["issue_date"]);
    assert_eq!(v["address_proof"]["name"], "SIYUAN WANG");
    let checks: Vec<(&str, &str)> = v["checks"]
        .as_array()
        .expect("checks")
        .iter()
        .map(|c| {
            (
                c["field"].as_str().unwrap_or(""),
                c["status"].as_str().unwrap_or(""),
            )
        })
        .filter(|(f, _)| f.starts_with("address_proof"))
        .collect();
    assert_eq!(
        checks,
        [
            ("address_proof_date", "match"),
            ("address_proof_name", "match")
        ]
    );

    // The same statement four months later: too old, and the text report says what to do.
    let out = verify_with_proof(&statement, "2027-02-22", false);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("proof of address: bank_statement"), "{text}");
    assert!(text.contains("ADDRESS_PROOF_TOO_OLD"), "{text}");
    assert!(text.contains("近三个月"), "{text}");
    assert!(!text.contains("NAME_MISMATCH"), "{text}");

    // A blank page: nothing read, so review (not a mismatch).
    let blank = temp_file("blank-page.png", &blank_png(1240, 1754));
    let out = verify_with_proof(&blank, "2026-11-22", true);
    assert_eq!(
        out.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON report");
    let unreadable: Vec<&str> = v["reasons"]
        .as_array()
        .expect("reasons")
        .iter()
        .filter(|r| r["code"] == "FIELD_UNREADABLE")
        .filter_map(|r| r["field"].as_str())
        .collect();
    assert_eq!(
        unreadable,
        ["address_proof_date", "address_proof_name"],
        "{v}"
    );
    assert_eq!(v["address_proof"]["kind"], "unknown");
}

#[test]
fn cli_proof_of_address_missing_or_not_an_image() {
    let front = crate::root().join("fixtures/images/pp01.jpg");
    let front = front.to_string_lossy();
    let out = kycmatch(&[
        "verify",
        "--front",
        &front,
        "--proof-of-address",
        "/nonexistent/bill.jpg",
    ]);
    assert_clean_error(&out, "/nonexistent/bill.jpg");
    let p = temp_file("bill.jpg", b"not a bill, not an image\n");
    let out = kycmatch(&[
        "verify",
        "--front",
        &front,
        "--proof-of-address",
        p.to_str().unwrap_or_default(),
    ]);
    assert_clean_error(&out, &format!("decoding {}", p.display()));
}

/// `--visual-zone` puts the passport's printed fields in `document.visual`
/// (the truth's values on `pp01`, its name as printed in Latin letters);
/// without it there is no such object.
#[cfg(feature = "tesseract")]
#[test]
fn cli_visual_zone_reports_the_printed_fields() {
    let front = crate::root().join("fixtures/images/pp01.jpg");
    let truth = crate::truth("pp01.jpg");
    let front = front.to_string_lossy();
    let run = |extra: &[&str]| -> serde_json::Value {
        let mut args = vec!["verify", "--front", &front, "--json"];
        args.extend_from_slice(extra);
        let out = kycmatch(&args);
        assert_eq!(
            out.status.code(),
            Some(0),
            "stderr: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).expect("JSON report")
    };
    let with = run(&["--visual-zone"]);
    let visual = &with["document"]["visual"]["fields"];
    for (key, truth_key) in [
        ("surname", "surname"),
        ("given_names", "given_names"),
        ("birth_date", "birth_date"),
        ("sex", "sex"),
        ("expiry_date", "expiry_date"),
        ("document_number", "document_number"),
    ] {
        assert_eq!(visual[key], truth[truth_key], "{key}: {with}");
    }
    assert!(run(&[])["document"].get("visual").is_none());
}
