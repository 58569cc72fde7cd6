//! `kycmatch serve` over real loopback HTTP: the same reports as the CLI,
//! concurrently; bad requests answered 4xx with one JSON error; the body cap;
//! load shedding with 503 + Retry-After; a short load run.

use base64::Engine as _;
use serde_json::Value;

use crate::http::{self, multipart, Server};

const EXE: &str = env!("CARGO_BIN_EXE_kycmatch");

fn image(name: &str) -> Vec<u8> {
    std::fs::read(crate::root().join("fixtures/images").join(name)).expect("fixture image")
}

/// A report without what varies from run to run (timings) or per caller (id).
fn comparable(mut v: Value) -> Value {
    if let Some(o) = v.as_object_mut() {
        o.remove("timings_ms");
        o.remove("id");
    }
    v
}

fn cli_report(args: &[&str]) -> Value {
    let out = std::process::Command::new(EXE)
        .args(["verify", "--json"])
        .args(args)
        .output()
        .expect("kycmatch runs");
    comparable(serde_json::from_slice(&out.stdout).expect("the CLI prints JSON"))
}

#[test]
fn serve_answers_like_the_cli_concurrently() {
    let dir = crate::root().join("fixtures/images");
    let path = |n: &str| dir.join(n).to_string_lossy().into_owned();
    let cn_cli = cli_report(&[
        "--front",
        &path("cnid01_front.jpg"),
        "--back",
        &path("cnid01_back.jpg"),
        "--name",
        "Zhang Xiaoming",
        "--dob",
        "1993年3月20日",
        "--as-of",
        "2026-11-22",
    ]);
    let pp_cli = cli_report(&[
        "--front",
        &path("pp01.jpg"),
        "--name",
        "Siyuan Wang",
        "--id-number",
        "E39483832",
        "--date-order",
        "mdy",
        "--dob",
        "12/26/1991",
        "--as-of",
        "2026-11-22",
    ]);
    assert_eq!(cn_cli["decision"], "pass");
    assert_eq!(pp_cli["decision"], "reject");

    let (cn_type, cn_body) = multipart(
        &[
            ("id", "cn-1"),
            ("name", "Zhang Xiaoming"),
            ("dob", "1993年3月20日"),
            ("as_of", "2026-11-22"),
        ],
        &[
            ("front", &image("cnid01_front.jpg")),
            ("back", &image("cnid01_back.jpg")),
        ],
    );
    let b64 = base64::engine::general_purpose::STANDARD;
    let pp_body = serde_json::json!({
        "id": 42,
        "front": b64.encode(image("pp01.jpg")),
        "name": "Siyuan Wang",
        "id_number": "E39483832",
        "date_order": "mdy",
        "dob": "12/26/1991",
        "as_of": "2026-11-22",
    })
    .to_string();

    let server = Server::start(EXE, &["--workers", "2", "--queue", "4"]);
    let responses: Vec<(usize, http::Response)> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..4)
            .map(|i| {
                let (ct, body) = if i % 2 == 0 {
                    (cn_type.as_str(), cn_body.as_slice())
                } else {
                    ("application/json", pp_body.as_bytes())
                };
                let addr = &server.addr;
                s.spawn(move || (i, http::request(addr, "POST", "/v1/verify", Some(ct), body)))
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                let (i, r) = h.join().expect("client thread");
                (i, r.expect("the server answers"))
            })
            .collect()
    });
    for (i, r) in responses {
        assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
        assert_eq!(r.header("content-type"), Some("application/json"));
        let v = r.json();
        let (id, cli) = if i % 2 == 0 {
            ("cn-1", &cn_cli)
        } else {
            ("42", &pp_cli)
        };
        assert_eq!(v["id"], id);
        assert_eq!(&comparable(v), cli, "request {i} differs from the CLI");
    }
}

#[test]
fn serve_refuses_bad_requests_with_one_json_error() {
    let server = Server::start(EXE, &["--workers", "1", "--queue", "8"]);
    let addr = server.addr.as_str();
    let post = |ct: Option<&str>, body: &[u8]| {
        http::request(addr, "POST", "/v1/verify", ct, body).expect("the server answers")
    };
    let mp = |texts: &[(&str, &str)], files: &[(&str, &[u8])]| multipart(texts, files);

    let (ct, body) = mp(&[("name", "Zhang San")], &[]);
    let cases: Vec<(&str, http::Response, u16, &str)> = vec![
        ("no front", post(Some(&ct), &body), 400, "front"),
        (
            "not an image",
            {
                let (ct, body) = mp(&[], &[("front", b"hello, not an image")]);
                post(Some(&ct), &body)
            },
            400,
            "decoding front image",
        ),
        (
            "unknown field",
            {
                let (ct, body) = mp(&[("nmae", "x")], &[("front", &image("pp01.jpg"))]);
                post(Some(&ct), &body)
            },
            400,
            "unknown field",
        ),
        (
            "impossible date",
            {
                let (ct, body) = mp(&[("dob", "1990-02-30")], &[("front", &image("pp01.jpg"))]);
                post(Some(&ct), &body)
            },
            400,
            "invalid dob",
        ),
        (
            "bad base64",
            post(Some("application/json"), br#"{"front": "@@not base64@@"}"#),
            400,
            "not base64",
        ),
        (
            "bad JSON",
            post(Some("application/json"), b"{\"front\": "),
            400,
            "invalid JSON",
        ),
        (
            "unknown JSON key",
            post(
                Some("application/json"),
                br#"{"front": "AAAA", "idnumber": "1"}"#,
            ),
            400,
            "unknown field",
        ),
        ("no content type", post(None, b"x"), 415, "multipart"),
        (
            "unknown path",
            http::request(addr, "GET", "/v2/verify", None, b"").expect("answer"),
            404,
            "no such endpoint",
        ),
    ];
    for (what, r, status, needle) in cases {
        assert_eq!(
            r.status,
            status,
            "{what}: {}",
            String::from_utf8_lossy(&r.body)
        );
        let v = r.json();
        let message = v["error"].as_str().unwrap_or_default();
        assert!(message.contains(needle), "{what}: {message:?}");
        assert!(!message.contains('\n'), "{what}: one line");
    }
    let r = http::request(addr, "GET", "/v1/verify", None, b"").expect("answer");
    assert_eq!(r.status, 405);

    // The server is still up and idle after all of that.
    let health = http::request(addr, "GET", "/healthz", None, b"").expect("answer");
    assert_eq!(health.status, 200);
    let h = health.json();
    assert_eq!(h["status"], "ok");
    assert_eq!(h["workers"], 1);
    assert_eq!(h["available"], h["capacity"]);

    let doc = http::request(addr, "GET", "/openapi.json", None, b"").expect("answer");
    let doc = doc.json();
    assert_eq!(doc["openapi"], "3.0.3");
    let fields = &doc["paths"]["/v1/verify"]["post"]["requestBody"]["content"]
        ["multipart/form-data"]["schema"]["properties"];
    let mut names: Vec<&str> = fields
        .as_object()
        .map(|o| o.keys().map(String::as_str).collect())
        .unwrap_or_default();
    names.sort_unstable();
    assert_eq!(
        names,
        [
            "as_of",
            "back",
            "country",
            "date_order",
            "dob",
            "doc_type",
            "front",
            "id",
            "id_number",
            "name",
            "proof_of_address"
        ],
        "the documented form fields are the batch keys"
    );
}

#[test]
fn serve_reads_a_proof_of_address() {
    let server = Server::start(EXE, &["--workers", "1", "--queue", "2"]);
    // Multipart: a Chinese card with its holder's bank statement in pinyin.
    let (ct, body) = multipart(
        &[("id", "poa-1"), ("name", "张晓明"), ("as_of", "2026-11-22")],
        &[
            ("front", &image("cnid01_front.jpg")),
            ("back", &image("cnid01_back.jpg")),
            ("proof_of_address", &image("bill02.jpg")),
        ],
    );
    let r = http::request(&server.addr, "POST", "/v1/verify", Some(&ct), &body).expect("answer");
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    let v = r.json();
    assert_eq!(v["id"], "poa-1");
    assert_eq!(v["decision"], "pass", "{v}");
    assert_eq!(v["address_proof"]["kind"], "bank_statement");
    assert_eq!(v["address_proof"]["name"], "XIAOMING ZHANG");

    // JSON: a passport with someone else's statement, as base64.
    let b64 = base64::engine::general_purpose::STANDARD;
    let body = serde_json::json!({
        "front": b64.encode(image("pp07.jpg")),
        "proof_of_address": b64.encode(image("bill04.jpg")),
        "name": "Oliver James Hargreaves",
        "as_of": "2026-11-22",
    })
    .to_string();
    let r = http::request(
        &server.addr,
        "POST",
        "/v1/verify",
        Some("application/json"),
        body.as_bytes(),
    )
    .expect("answer");
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    let v = r.json();
    assert_eq!(v["decision"], "reject", "{v}");
    let codes: Vec<&str> = v["reasons"]
        .as_array()
        .map(|a| a.iter().filter_map(|r| r["code"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(codes, ["ADDRESS_PROOF_NAME_MISMATCH"], "{v}");

    // A proof that is not an image is the request's fault, answered before any OCR.
    let (ct, body) = multipart(
        &[],
        &[
            ("front", &image("pp07.jpg")),
            ("proof_of_address", b"not an image"),
        ],
    );
    let r = http::request(&server.addr, "POST", "/v1/verify", Some(&ct), &body).expect("answer");
    assert_eq!(r.status, 400, "{}", String::from_utf8_lossy(&r.body));
    let message = r.json()["error"].as_str().unwrap_or_default().to_string();
    assert!(message.contains("proof of address image"), "{message}");
}

#[test]
fn serve_caps_the_body() {
    let server = Server::start(EXE, &["--workers", "1", "--max-body-bytes", "100000"]);
    let big = image("pp01.jpg");
    assert!(big.len() > 100_000);
    let (ct, body) = multipart(&[], &[("front", &big)]);
    let r = http::request(&server.addr, "POST", "/v1/verify", Some(&ct), &body).expect("answer");
    assert_eq!(r.status, 413, "{}", String::from_utf8_lossy(&r.body));
    let b64 = base64::engine::general_purpose::STANDARD.encode(&big);
    let json = format!("{{\"front\": \"{b64}\"}}");
    let r = http::request(
        &server.addr,
        "POST",
        "/v1/verify",
        Some("application/json"),
        json.as_bytes(),
    )
    .expect("answer");
    assert_eq!(r.status, 413);
}

#[test]
fn serve_sheds_load_beyond_its_engines() {
    // One engine set and no queue: of four requests sent at once, the ones
    // that arrive while the first is verifying get 503 with Retry-After.
    let server = Server::start(EXE, &["--workers", "1"]);
    let (ct, body) = multipart(&[], &[("front", &image("pp02.jpg"))]);
    let barrier = std::sync::Barrier::new(4);
    let statuses: Vec<(u16, Option<String>)> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..4)
            .map(|_| {
                s.spawn(|| {
                    barrier.wait();
                    let r = http::request(&server.addr, "POST", "/v1/verify", Some(&ct), &body)
                        .expect("answer");
                    (r.status, r.header("retry-after").map(str::to_string))
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("client"))
            .collect()
    });
    assert!(statuses.iter().any(|s| s.0 == 200), "{statuses:?}");
    let busy: Vec<_> = statuses.iter().filter(|s| s.0 == 503).collect();
    assert!(!busy.is_empty(), "{statuses:?}");
    assert!(
        busy.iter().all(|s| s.1.as_deref() == Some("1")),
        "{statuses:?}"
    );
}

#[test]
fn serve_load_run_has_no_errors() {
    // A short run here; `make load` runs 2,000 requests (README).
    let server = Server::start(EXE, &["--workers", "2"]);
    let (ct, body) = multipart(
        &[("name", "Siyuan Wang"), ("as_of", "2026-11-22")],
        &[("front", &image("pp01.jpg"))],
    );
    let stats = http::load(&server.addr, &ct, &body, 40, 8);
    println!(
        "load: {} requests, concurrency 8: {:.1} req/s, p50 {:.0} ms, p95 {:.0} ms, {} retried after 503",
        stats.requests,
        stats.per_second(),
        stats.percentile_ms(0.5),
        stats.percentile_ms(0.95),
        stats.retried
    );
    assert_eq!(stats.requests, 40);
    assert_eq!(stats.errors, 0, "{stats:?}");
}
