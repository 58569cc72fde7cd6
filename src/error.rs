//! The library's error type. An `Err` means "no verdict": unreadable input, a
//! limit exceeded, an engine failure, an invalid request. A field that does not
//! match is never an error; it is a check in the report.

use std::path::PathBuf;

/// What went wrong, without personal data.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A file could not be read.
    #[error("reading {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The OS error.
        #[source]
        source: std::io::Error,
    },
    /// The bytes are not a supported image, or the image is truncated.
    #[error("decoding {what}: {detail}")]
    Decode {
        /// Which input (a path or "front image").
        what: String,
        /// What the decoder said.
        detail: String,
    },
    /// An input is larger than [`crate::Limits`] allows.
    #[error("{what}: {limit} limit is {max}, got {actual}")]
    LimitExceeded {
        /// Which input.
        what: String,
        /// Which limit ("file size", "image width", ...).
        limit: &'static str,
        /// The limit.
        max: u64,
        /// What the input has.
        actual: u64,
    },
    /// The OCR engine failed (missing language data, engine error).
    #[error("ocr: {0}")]
    Ocr(String),
    /// A field of the request is empty or absurd (an impossible date, an unknown document type).
    #[error("invalid {field}: {detail}")]
    InvalidInput {
        /// Which field ("dob", "name", ...).
        field: &'static str,
        /// Why, without the value itself.
        detail: String,
    },
    /// The policy or configuration is inconsistent.
    #[error("invalid policy: {0}")]
    InvalidPolicy(String),
}

/// The error type of every fallible kycmatch call. `kind()` says what happened.
#[derive(Debug)]
pub struct Error(Box<ErrorKind>);

impl Error {
    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.0
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.0.source()
    }
}

impl From<ErrorKind> for Error {
    fn from(k: ErrorKind) -> Self {
        Error(Box::new(k))
    }
}

impl Error {
    /// An [`ErrorKind::InvalidInput`] for `field`; `detail` says why, without the value.
    pub fn invalid(field: &'static str, detail: impl Into<String>) -> Error {
        ErrorKind::InvalidInput {
            field,
            detail: detail.into(),
        }
        .into()
    }
}
