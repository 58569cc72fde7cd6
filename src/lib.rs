//! # kycmatch
//!
//! Tells a person, or the KYC service they are signing up to, whether their ID
//! document submission will be rejected, and why, before it goes to review.
//!
//! kycmatch reads the document with Tesseract OCR (passport MRZs with their check
//! digits, Chinese resident ID cards with their GB 11643 number), normalizes what
//! the person typed and what the document says (names across scripts, dates in
//! every written form, ID numbers), compares field by field and returns a
//! [`Report`]: a [`Decision`] (pass, reject, review), one [`Check`] per field with
//! its evidence, and [`ReasonCode`]s with hints that tell the person what to fix.
//!
//! The main types:
//! - [`Verifier`] owns a pool of warm OCR engines; build one and call
//!   [`Verifier::verify`] from many threads. It needs the `tesseract` feature
//!   (on by default) and, for speed, `OMP_THREAD_LIMIT=1` in the process
//!   environment (see [`Verifier`]).
//! - [`Submission`] holds the images and the [`Claimed`] fields; with a proof
//!   of address (a bill, statement or tenancy agreement) the report also
//!   checks its date and holder ([`AddressProof`]).
//! - [`verify_text`] takes OCR text instead of images; it needs no engine.
//! - [`survey`] is the pixel work on an image before any OCR: [`find_card`]
//!   and [`straighten`] find a card or page photographed on a background and
//!   warp it flat, the document's [`QualityMeasures`] are taken and its skew
//!   levelled (the verifier surveys every image);
//!   [`annotate`] draws a [`Reading`] and its [`Report`] for a person to look at.
//!
//! ```
//! use kycmatch::{verify_text, Claimed, ClaimedText, DateOrder, Date, Decision, Limits, Policy, ReasonCode};
//!
//! let mrz = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\n\
//!            L898902C36UTO7408122F1204159ZE184226B<<<<<10";
//! let typed = ClaimedText { name: Some("Anna Maria Eriksson"), dob: Some("12 Aug 1974"),
//!                           id_number: Some("L898902C3"), ..Default::default() };
//! let claimed = Claimed::new(&typed, DateOrder::Dmy, &Limits::default())?;
//! let as_of = Date::new(2010, 1, 1).unwrap();
//! let report = verify_text(mrz, None, &claimed, as_of, &Policy::default());
//! assert_eq!(report.decision, Decision::Pass);
//!
//! // Two years later the passport has expired.
//! let later = Date::new(2012, 6, 1).unwrap();
//! let report = verify_text(mrz, None, &claimed, later, &Policy::default());
//! assert_eq!(report.decision, Decision::Reject);
//! assert!(report.has_reason(ReasonCode::DocumentExpired));
//! # Ok::<(), kycmatch::Error>(())
//! ```
#![deny(missing_docs)]

mod annotate;
mod compare;
mod documents;
mod error;
mod fingerprint;
mod geometry;
mod limits;
mod load;
mod ocr;
mod policy;
mod quality;
mod report;
mod resample;
mod survey;
#[cfg(test)]
mod tables;
mod text;
mod verify;

pub use annotate::annotate;
pub use compare::name::{NameLevel, NameOutcome};
pub use compare::names as compare_names;
pub use documents::address_proof::{AddressProof, AddressProofKind};
pub use documents::visual::VisualFields;
pub use documents::{DocumentFields, DocumentIssue, DocumentKind, Expiry, Read, Sex};
pub use error::{Error, ErrorKind};
pub use fingerprint::{of as fingerprint, FingerprintKey};
pub use geometry::{deskew, find_card, straighten, Card};
pub use limits::Limits;
pub use ocr::{BBox, Lang, Line, Ocr, OcrPage, Request, Segmentation, Word};
pub use policy::Policy;
pub use quality::{
    measure as measure_quality, reasons as quality_reasons, GlareBlob, QualityMeasures,
};
pub use report::{
    Check, CheckField, Decision, ImageSide, Reason, ReasonCode, Report, Source, Status, Timings,
    SCHEMA_VERSION,
};
pub use survey::{survey, Survey};
pub use text::date::{parse as parse_date, Date, DateIssue, DateOrder};
pub use verify::{
    verify_reading, verify_text, verify_text_with_proof, Claimed, ClaimedText, Config, DocType,
    ImageInput, OcrPass, Reading, Submission, Verifier,
};

#[cfg(feature = "tesseract")]
pub use ocr::tesseract::Tesseract;
