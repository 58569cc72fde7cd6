//! Command-line arguments (clap) and their translation into library requests. No I/O.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};
use kycmatch::{ImageInput, Limits, Submission};

use crate::form::Form;

/// Tells whether an ID document submission will be rejected in KYC review, and why.
#[derive(Debug, Parser)]
#[command(name = "kycmatch", version, about)]
pub struct Args {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check the fields a person entered against their document's images.
    /// Exit code: 0 pass, 1 reject, 3 review, 2 error.
    Verify(VerifyArgs),
    /// Compare two values, explained.
    Compare {
        #[command(subcommand)]
        what: CompareWhat,
    },
    /// Show what the OCR and the document readers saw on an image.
    Ocr(OcrArgs),
    /// Verify many submissions: one JSON object per manifest line, one result
    /// line each, in input order. Exit code: 0 when every line was processed
    /// (whatever the decisions), 2 when the manifest or output cannot be used.
    Batch(BatchArgs),
    /// Serve verification over HTTP: POST /v1/verify, GET /healthz, GET /openapi.json.
    #[cfg(feature = "serve")]
    Serve(ServeArgs),
}

/// How submissions are checked, beyond what they hold: the options `verify`,
/// `batch` and `serve` share (see `crate::verifier_config`).
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// A file holding the service's secret key for duplicate-account
    /// fingerprints (an HMAC-SHA256 of document kind, issuer and number in the
    /// report); at least 16 bytes, a trailing newline ignored.
    #[arg(long, value_name = "FILE")]
    pub fingerprint_key_file: Option<PathBuf>,
    /// Also read every passport's visual zone and report `VISUAL_MRZ_MISMATCH`
    /// where its name, date of birth, sex, date of expiry or number differs
    /// from the MRZ (one more OCR pass per passport; a Han name typed reads
    /// it anyway).
    #[arg(long)]
    pub visual_zone: bool,
}

#[derive(Debug, clap::Args)]
pub struct BatchArgs {
    /// JSON Lines: each line an object with keys named as verify's long options
    /// with underscores (id, front, back, proof_of_address, name, dob,
    /// id_number, doc_type, country, as_of, date_order); image paths are
    /// relative to the manifest's folder.
    #[arg(value_name = "MANIFEST.jsonl")]
    pub manifest: PathBuf,
    /// Submissions verified at once, each with its own OCR engines (default: CPUs).
    #[arg(long, value_name = "N")]
    pub jobs: Option<usize>,
    /// Where the results go, one JSON line per submission (default: standard output).
    #[arg(long, value_name = "results.jsonl")]
    pub out: Option<PathBuf>,
    /// Skip the ids already in --out and append the rest.
    #[arg(long, requires = "out")]
    pub resume: bool,
    #[command(flatten)]
    pub checks: CheckArgs,
}

#[cfg(feature = "serve")]
#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// Address to listen on; use 127.0.0.1:0 for any free port (the address is printed).
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8080")]
    pub listen: std::net::SocketAddr,
    /// OCR engine sets, hence verifies running at once (default: CPUs).
    #[arg(long, value_name = "N")]
    pub workers: Option<usize>,
    /// Requests that may wait for a free engine set; beyond workers + queue the
    /// answer is 503 with Retry-After.
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub queue: usize,
    /// Seconds a request may take, waiting included, before it is answered 504.
    #[arg(long, value_name = "SECS", default_value_t = 30)]
    pub timeout_secs: u64,
    /// Largest request body in bytes (default: three images at the decode limit, plus 1 MiB).
    #[arg(long, value_name = "BYTES")]
    pub max_body_bytes: Option<usize>,
    #[command(flatten)]
    pub checks: CheckArgs,
}

#[derive(Debug, clap::Args)]
pub struct VerifyArgs {
    /// The document's front: a passport data page or an ID card's portrait side.
    #[arg(long, value_name = "IMG")]
    pub front: PathBuf,
    /// The other side of a card (a Chinese ID's side with the validity period).
    #[arg(long, value_name = "IMG")]
    pub back: Option<PathBuf>,
    /// A proof of address (KYC level 3): a utility bill, bank statement or
    /// tenancy agreement, Chinese or English, in the holder's name and issued
    /// within three months of --as-of.
    #[arg(long, value_name = "IMG")]
    pub proof_of_address: Option<PathBuf>,
    /// The full name as entered, in any script and order.
    #[arg(long, value_name = "TEXT")]
    pub name: Option<String>,
    /// Date of birth as entered (1990-01-02, 19900102, 1990年1月2日, 2 Jan 1990, 02/01/1990).
    #[arg(long, value_name = "DATE")]
    pub dob: Option<String>,
    /// ID or document number as entered.
    #[arg(long, value_name = "TEXT")]
    pub id_number: Option<String>,
    /// The document type selected in the form.
    #[arg(long, value_enum)]
    pub doc_type: Option<DocTypeArg>,
    /// The issuing country selected in the form (ISO 3166 alpha-3, e.g. CHN).
    #[arg(long, value_name = "ISO3")]
    pub country: Option<String>,
    /// Today's date for expiry checks (default: the system date).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub as_of: Option<String>,
    /// How to read numeric dates such as 02/01/1990.
    #[arg(long, value_enum, default_value_t = DateOrderArg::Dmy)]
    pub date_order: DateOrderArg,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub checks: CheckArgs,
    /// Also draw what was found (the card's outline, each field's box coloured
    /// by its status, the reasons) into this PNG file.
    #[arg(long, value_name = "PNG")]
    pub annotate: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum CompareWhat {
    /// Score an entered name against a document's name (Hanzi, Latin or an MRZ name field).
    /// Exit code: 0 match, 1 mismatch, 3 uncertain.
    Name {
        /// The name as entered.
        entered: String,
        /// The name on the document.
        document: String,
        /// The document's issuing country (HKG, MAC, TWN enable their romanizations).
        #[arg(long, value_name = "ISO3")]
        doc_country: Option<String>,
        /// Print the result as JSON.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, clap::Args)]
pub struct OcrArgs {
    /// The image to read.
    pub image: PathBuf,
    /// The back of a card, read after the front.
    #[arg(long, value_name = "IMG")]
    pub back: Option<PathBuf>,
    /// A proof of address, read after the document.
    #[arg(long, value_name = "IMG")]
    pub proof_of_address: Option<PathBuf>,
    /// Print as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum DocTypeArg {
    Passport,
    IdCard,
    ResidencePermit,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum DateOrderArg {
    Dmy,
    Mdy,
    Ymd,
}

impl VerifyArgs {
    /// The library request; errs on an empty or absurd field or a bad `--as-of`.
    pub fn submission(&self) -> Result<Submission, kycmatch::Error> {
        let form = Form {
            name: self.name.clone(),
            dob: self.dob.clone(),
            id_number: self.id_number.clone(),
            doc_type: self.doc_type.and_then(|t| value_name(&t)),
            country: self.country.clone(),
            as_of: self.as_of.clone(),
            date_order: value_name(&self.date_order),
            ..Form::default()
        };
        form.submission(
            ImageInput::Path(self.front.clone()),
            self.back.clone().map(ImageInput::Path),
            self.proof_of_address.clone().map(ImageInput::Path),
            &Limits::default(),
        )
    }
}

/// The command-line spelling of a value (`id-card`, `mdy`): the form's too.
fn value_name(v: &impl ValueEnum) -> Option<String> {
    v.to_possible_value().map(|p| p.get_name().to_string())
}
