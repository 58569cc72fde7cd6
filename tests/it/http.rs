//! A minimal HTTP/1.1 client over std's TcpStream, for talking to a real
//! `kycmatch serve` on loopback: one request per connection, multipart and
//! JSON bodies, and a load run that honours 503 + Retry-After. Shared by the
//! serve tests and `examples/load.rs` (included there by path).

#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// A response: status, headers (names lower-cased) and body.
#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!(
                "status {}: body is not JSON ({e}): {}",
                self.status,
                String::from_utf8_lossy(&self.body)
            )
        })
    }
}

/// Sends one request and reads the whole response.
pub fn request(
    addr: &str,
    method: &str,
    path: &str,
    content_type: Option<&str>,
    body: &[u8],
) -> std::io::Result<Response> {
    let mut stream = TcpStream::connect(addr)?;
    stream.set_read_timeout(Some(Duration::from_secs(120)))?;
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    if let Some(ct) = content_type {
        head.push_str(&format!("Content-Type: {ct}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    // The server may answer (413, 503) before reading the whole body and
    // close; what it answered is still readable.
    let _ = stream.write_all(body);
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw)?;
    parse(&raw).ok_or_else(|| std::io::Error::other("malformed HTTP response"))
}

fn parse(raw: &[u8]) -> Option<Response> {
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = std::str::from_utf8(&raw[..split]).ok()?;
    let mut lines = head.split("\r\n");
    let status = lines.next()?.split_whitespace().nth(1)?.parse().ok()?;
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    Some(Response {
        status,
        headers,
        body: raw[split + 4..].to_vec(),
    })
}

/// A multipart/form-data body: text fields, then files. Returns the content
/// type (with its boundary) and the body.
pub fn multipart(texts: &[(&str, &str)], files: &[(&str, &[u8])]) -> (String, Vec<u8>) {
    let boundary = "----kycmatch-test-boundary-7d1f";
    let mut body = Vec::new();
    for (name, value) in texts {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n")
                .as_bytes(),
        );
    }
    for (name, bytes) in files {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{name}.jpg\"\r\nContent-Type: application/octet-stream\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// A `kycmatch serve` child process on a free loopback port; killed on drop.
pub struct Server {
    child: Child,
    pub addr: String,
}

impl Server {
    /// Starts `exe serve --listen 127.0.0.1:0 ARGS` and waits for its address line.
    pub fn start(exe: &str, args: &[&str]) -> Server {
        let mut child = Command::new(exe)
            .args(["serve", "--listen", "127.0.0.1:0"])
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("kycmatch serve starts");
        let mut stdout = child.stdout.take().expect("piped stdout");
        let mut line = Vec::new();
        let mut byte = [0u8; 1];
        while stdout.read(&mut byte).map(|n| n == 1).unwrap_or(false) && byte[0] != b'\n' {
            line.push(byte[0]);
        }
        let line = String::from_utf8_lossy(&line).to_string();
        let addr = line
            .strip_prefix("listening on http://")
            .unwrap_or_else(|| panic!("unexpected first line from serve: {line:?}"))
            .to_string();
        Server { child, addr }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// What a load run measured.
#[derive(Debug)]
pub struct LoadStats {
    pub requests: usize,
    pub ok: usize,
    pub errors: usize,
    /// 503 answers that were retried after Retry-After.
    pub retried: usize,
    pub seconds: f64,
    /// End-to-end latency of each request (retries included), sorted, in ms.
    pub latencies_ms: Vec<f64>,
}

impl LoadStats {
    pub fn per_second(&self) -> f64 {
        self.ok as f64 / self.seconds.max(1e-9)
    }

    pub fn percentile_ms(&self, p: f64) -> f64 {
        if self.latencies_ms.is_empty() {
            return 0.0;
        }
        let i = ((self.latencies_ms.len() as f64 - 1.0) * p).round() as usize;
        self.latencies_ms[i.min(self.latencies_ms.len() - 1)]
    }
}

/// Sends `requests` copies of one request from `concurrency` threads; a 503
/// is retried after its Retry-After, anything else but 200 is an error.
pub fn load(
    addr: &str,
    content_type: &str,
    body: &[u8],
    requests: usize,
    concurrency: usize,
) -> LoadStats {
    let next = AtomicUsize::new(0);
    let retried = AtomicUsize::new(0);
    let results = Mutex::new(Vec::with_capacity(requests));
    let start = Instant::now();
    std::thread::scope(|s| {
        for _ in 0..concurrency.max(1) {
            s.spawn(|| {
                while next.fetch_add(1, Ordering::Relaxed) < requests {
                    let t = Instant::now();
                    let ok = loop {
                        match request(addr, "POST", "/v1/verify", Some(content_type), body) {
                            Ok(r) if r.status == 503 => {
                                retried.fetch_add(1, Ordering::Relaxed);
                                let secs = r
                                    .header("retry-after")
                                    .and_then(|v| v.parse::<f64>().ok())
                                    .unwrap_or(1.0);
                                std::thread::sleep(Duration::from_secs_f64(secs));
                            }
                            Ok(r) => break r.status == 200,
                            Err(_) => break false,
                        }
                    };
                    let ms = t.elapsed().as_secs_f64() * 1000.0;
                    if let Ok(mut v) = results.lock() {
                        v.push((ok, ms));
                    }
                }
            });
        }
    });
    let seconds = start.elapsed().as_secs_f64();
    let results = results.into_inner().unwrap_or_default();
    let mut latencies_ms: Vec<f64> = results.iter().map(|r| r.1).collect();
    latencies_ms.sort_by(f64::total_cmp);
    let ok = results.iter().filter(|r| r.0).count();
    LoadStats {
        requests: results.len(),
        ok,
        errors: results.len() - ok,
        retried: retried.into_inner(),
        seconds,
        latencies_ms,
    }
}
