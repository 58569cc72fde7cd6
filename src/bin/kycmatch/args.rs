//! Command-line arguments (clap) and their translation into library requests. No I/O.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};
use kycmatch::{Claimed, ClaimedText, Date, DateOrder, ImageInput, Limits, Submission};

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
}

#[derive(Debug, clap::Args)]
pub struct VerifyArgs {
    /// The document's front: a passport data page or an ID card's portrait side.
    #[arg(long, value_name = "IMG")]
    pub front: PathBuf,
    /// The other side of a card (a Chinese ID's side with the validity period).
    #[arg(long, value_name = "IMG")]
    pub back: Option<PathBuf>,
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
        let order = match self.date_order {
            DateOrderArg::Dmy => DateOrder::Dmy,
            DateOrderArg::Mdy => DateOrder::Mdy,
            DateOrderArg::Ymd => DateOrder::Ymd,
        };
        let doc_type = self.doc_type.map(|t| match t {
            DocTypeArg::Passport => "passport",
            DocTypeArg::IdCard => "id-card",
            DocTypeArg::ResidencePermit => "residence-permit",
        });
        let claimed = Claimed::new(
            &ClaimedText {
                name: self.name.as_deref(),
                dob: self.dob.as_deref(),
                id_number: self.id_number.as_deref(),
                doc_type,
                country: self.country.as_deref(),
            },
            order,
            &Limits::default(),
        )?;
        let as_of = self.as_of.as_deref().map(parse_as_of).transpose()?;
        Ok(Submission {
            front: ImageInput::Path(self.front.clone()),
            back: self.back.clone().map(ImageInput::Path),
            claimed,
            as_of,
        })
    }
}

fn parse_as_of(s: &str) -> Result<Date, kycmatch::Error> {
    kycmatch::parse_date(s, DateOrder::Ymd).map_err(|e| {
        kycmatch::Error::from(kycmatch::ErrorKind::InvalidInput {
            field: "as_of",
            detail: e.to_string(),
        })
    })
}
