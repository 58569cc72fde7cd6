//! `kycmatch serve`: the verifier over HTTP for callers not written in Rust.
//! `POST /v1/verify` takes multipart form data (files `front`, `back`,
//! `proof_of_address`; text fields named as the batch keys) or JSON with base64 images and answers the
//! `verify --json` report; `GET /healthz`; `GET /openapi.json`.
//!
//! Protection: a request body cap, the library's decode limits, a per-request
//! timeout, and at most `workers + queue` requests admitted at once (503 with
//! Retry-After beyond), each verify on a blocking thread so a slow one never
//! stalls the server, and a panic in one request answered 500, not a crash.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, FromRequest, Multipart, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use base64::Engine as _;
use kycmatch::{Config, ErrorKind, ImageInput, Limits, Verifier};
use tokio::sync::Semaphore;

use crate::args::ServeArgs;
use crate::form::{Form, IdentifiedReport};

/// The OpenAPI 3 description served at `/openapi.json`.
const OPENAPI: &str = include_str!("openapi.json");

/// Seconds a client is told to wait when every engine is busy.
const RETRY_AFTER_SECS: u64 = 1;

struct App {
    verifier: Verifier,
    admitted: Arc<Semaphore>,
    capacity: usize,
    workers: usize,
    limits: Limits,
    timeout: Duration,
}

pub fn run(args: &ServeArgs) -> anyhow::Result<u8> {
    let workers = args
        .workers
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .clamp(1, 256);
    let limits = Limits::default();
    let verifier = Verifier::new(Config {
        limits: limits.clone(),
        ..crate::verifier_config(&args.checks, workers)?
    })?;
    // Three images (front, back, proof of address) at the file cap, plus room
    // for the text fields and encoding.
    let default_body = usize::try_from(limits.max_file_bytes)
        .unwrap_or(usize::MAX / 4)
        .saturating_mul(3)
        .saturating_add(1 << 20);
    let capacity = workers.saturating_add(args.queue);
    let app = Arc::new(App {
        verifier,
        admitted: Arc::new(Semaphore::new(capacity)),
        capacity,
        workers,
        limits,
        timeout: Duration::from_secs(args.timeout_secs.max(1)),
    });
    let router = Router::new()
        .route("/v1/verify", post(verify))
        .route("/healthz", get(healthz))
        .route("/openapi.json", get(openapi))
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(
            args.max_body_bytes.unwrap_or(default_body),
        ))
        .with_state(app);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("starting the server runtime")?;
    runtime.block_on(serve(args.listen, router))?;
    Ok(0)
}

async fn serve(listen: SocketAddr, router: Router) -> anyhow::Result<()> {
    let listener = tokio::net::TcpListener::bind(listen)
        .await
        .with_context(|| format!("listening on {listen}"))?;
    let addr = listener.local_addr().context("reading the bound address")?;
    // The first line of output: scripts and tests read the port from it.
    println!("listening on http://{addr}");
    use std::io::Write as _;
    std::io::stdout().flush().context("writing the address")?;
    axum::serve(listener, router)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
        .context("serving")
}

async fn healthz(State(app): State<Arc<App>>) -> Response {
    json(
        StatusCode::OK,
        serde_json::json!({
            "status": "ok",
            "workers": app.workers,
            "capacity": app.capacity,
            "available": app.admitted.available_permits(),
        })
        .to_string(),
    )
}

async fn openapi() -> Response {
    json(StatusCode::OK, OPENAPI.to_string())
}

async fn not_found() -> Response {
    error(StatusCode::NOT_FOUND, "no such endpoint")
}

async fn verify(State(app): State<Arc<App>>, req: Request) -> Response {
    // Shed load before reading the body.
    let Ok(permit) = app.admitted.clone().try_acquire_owned() else {
        let mut r = error(
            StatusCode::SERVICE_UNAVAILABLE,
            "every verifier is busy; retry after the time in Retry-After",
        );
        r.headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(RETRY_AFTER_SECS));
        return r;
    };
    let work = async {
        let (form, front, back, proof) = match read_request(req).await {
            Ok(parts) => parts,
            Err(response) => return response,
        };
        let app2 = Arc::clone(&app);
        let task = tokio::task::spawn_blocking(move || {
            // The permit is held until the verify ends, even after a timeout.
            let _permit = permit;
            let submission = form.submission(front, back, proof, &app2.limits)?;
            let report = app2.verifier.verify(&submission)?;
            Ok::<_, kycmatch::Error>((form.id, report))
        });
        match task.await {
            Ok(Ok((id, report))) => match serde_json::to_string(&IdentifiedReport {
                id: id.as_deref(),
                report: &report,
            }) {
                Ok(body) => json(StatusCode::OK, body),
                Err(_) => error(StatusCode::INTERNAL_SERVER_ERROR, "writing the report"),
            },
            Ok(Err(e)) => library_error(&e),
            Err(_) => error(StatusCode::INTERNAL_SERVER_ERROR, "internal error"),
        }
    };
    match tokio::time::timeout(app.timeout, work).await {
        Ok(response) => response,
        Err(_) => error(
            StatusCode::GATEWAY_TIMEOUT,
            "the verification took longer than the server allows",
        ),
    }
}

type Parts = (Form, ImageInput, Option<ImageInput>, Option<ImageInput>);

/// A request's form and its images (front, back, proof of address), as sent.
type Sent = (
    Form,
    Option<ImageInput>,
    Option<ImageInput>,
    Option<ImageInput>,
);

/// The form and images of a request, multipart or JSON.
async fn read_request(req: Request) -> Result<Parts, Response> {
    let content_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    let (mut form, front, back, proof) = if content_type.starts_with("multipart/form-data") {
        read_multipart(req).await?
    } else if content_type.starts_with("application/json") {
        let body = Bytes::from_request(req, &())
            .await
            .map_err(IntoResponse::into_response)?;
        read_json(&body).map_err(|m| error(StatusCode::BAD_REQUEST, &m))?
    } else {
        return Err(error(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "send multipart/form-data or application/json",
        ));
    };
    let Some(front) = front else {
        return Err(error(StatusCode::BAD_REQUEST, "invalid front: missing"));
    };
    form.front = None;
    form.back = None;
    form.proof_of_address = None;
    Ok((form, front, back, proof))
}

async fn read_multipart(req: Request) -> Result<Sent, Response> {
    let mut multipart = Multipart::from_request(req, &())
        .await
        .map_err(IntoResponse::into_response)?;
    let mut form = Form::default();
    let (mut front, mut back, mut proof) = (None, None, None);
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) => return Err(error(e.status(), &e.body_text())),
        };
        let name = field.name().unwrap_or("").to_string();
        let bytes = field
            .bytes()
            .await
            .map_err(|e| error(e.status(), &e.body_text()))?;
        let slot = match name.as_str() {
            "front" => &mut front,
            "back" => &mut back,
            "proof_of_address" => &mut proof,
            _ => {
                let text = String::from_utf8(bytes.to_vec()).map_err(|_| {
                    error(
                        StatusCode::BAD_REQUEST,
                        &format!("invalid {name}: not UTF-8 text"),
                    )
                })?;
                form.set(&name, text).map_err(|e| library_error(&e))?;
                continue;
            }
        };
        if slot.is_some() {
            return Err(error(
                StatusCode::BAD_REQUEST,
                &format!("invalid form: field \"{name}\" given twice"),
            ));
        }
        *slot = Some(ImageInput::Bytes(bytes.to_vec()));
    }
    Ok((form, front, back, proof))
}

fn read_json(body: &[u8]) -> Result<Sent, String> {
    let form: Form = serde_json::from_slice(body).map_err(|e| format!("invalid JSON body: {e}"))?;
    let decode = |what: &str, b64: &Option<String>| -> Result<Option<ImageInput>, String> {
        let Some(text) = b64 else { return Ok(None) };
        // A data URL ("data:image/jpeg;base64,...") carries the same base64.
        let text = text.split_once("base64,").map_or(text.as_str(), |(_, t)| t);
        base64::engine::general_purpose::STANDARD
            .decode(text.trim())
            .map(|b| Some(ImageInput::Bytes(b)))
            .map_err(|_| format!("invalid {what}: not base64"))
    };
    let front = decode("front", &form.front)?;
    let back = decode("back", &form.back)?;
    let proof = decode("proof_of_address", &form.proof_of_address)?;
    Ok((form, front, back, proof))
}

/// A library error as an HTTP answer: the request's fault is 4xx.
fn library_error(e: &kycmatch::Error) -> Response {
    let status = match e.kind() {
        ErrorKind::InvalidInput { .. } | ErrorKind::Decode { .. } => StatusCode::BAD_REQUEST,
        ErrorKind::LimitExceeded { .. } => StatusCode::PAYLOAD_TOO_LARGE,
        _ => StatusCode::INTERNAL_SERVER_ERROR,
    };
    error(status, &e.to_string())
}

fn error(status: StatusCode, message: &str) -> Response {
    json(status, serde_json::json!({ "error": message }).to_string())
}

fn json(status: StatusCode, body: String) -> Response {
    (status, [(header::CONTENT_TYPE, "application/json")], body).into_response()
}
