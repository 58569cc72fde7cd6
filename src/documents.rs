//! Reads what a document says from OCR output: classifies the page and hands it
//! to the reader for its kind (MRZ, Chinese ID front or back, visual zone), which
//! returns [`DocumentFields`]. Comparing with what the person typed is left to
//! `compare`; images and engines are left to `verify` and `ocr`.

use serde::Serialize;

use crate::report::{CheckField, ReasonCode, Source};
use crate::text::date::Date;

pub mod cn_id;
pub mod mrz;

/// What kind of document a page is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum DocumentKind {
    /// PRC resident identity card (第二代居民身份证), front or back.
    CnIdCard,
    /// A passport data page (TD3 MRZ).
    Passport,
    /// An identity card with an MRZ (TD1/TD2).
    IdCard,
    /// A machine-readable visa (MRV-A/MRV-B).
    Visa,
    /// Nothing recognized.
    #[default]
    Unknown,
}

/// Sex as printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Sex {
    /// Male (M, 男).
    M,
    /// Female (F, 女).
    F,
    /// Unspecified (`<` or X).
    X,
}

/// A document's expiry: a date, or "long-term" (长期) on Chinese ID cards.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expiry {
    /// Valid until the end of this day.
    On(Date),
    /// Valid indefinitely (长期).
    Indefinite,
}

impl Serialize for Expiry {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Expiry::On(d) => d.serialize(s),
            Expiry::Indefinite => s.serialize_str("indefinite"),
        }
    }
}

/// One value read from the document, with where it came from and how sure the read is.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Read<T> {
    /// The value, normalized (dates as dates, numbers without separators).
    pub value: T,
    /// Which zone it came from.
    pub source: Source,
    /// Confidence of the read in [0, 1]: 1 when a check digit verifies it,
    /// otherwise the OCR's lowest character confidence over the field.
    pub confidence: f32,
}

impl<T> Read<T> {
    /// A value read with this source and confidence.
    pub fn new(value: T, source: Source, confidence: f32) -> Read<T> {
        Read {
            value,
            source,
            confidence,
        }
    }
}

/// Something wrong with the document itself, found while reading it
/// (as opposed to a disagreement with what the person typed).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocumentIssue {
    /// The reason code it raises.
    pub code: ReasonCode,
    /// The field concerned.
    pub field: Option<CheckField>,
    /// What is wrong, naming zone and field, never the value.
    pub message: String,
}

/// Everything read from a document (all its sides), field by field.
/// A field is `None` when the document does not carry it or it was not read.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct DocumentFields {
    /// What kind of document it is.
    pub kind: DocumentKind,
    /// Issuing state, ISO 3166 alpha-3 (ICAO codes such as `D` kept as printed).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub issuing_country: Option<String>,
    /// Nationality, alpha-3.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nationality: Option<String>,
    /// The name as printed in the visual zone (Hanzi on a Chinese ID card).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<Read<String>>,
    /// The name in Latin letters from the MRZ: surname, then given names, space-separated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name_latin: Option<Read<String>>,
    /// The MRZ name field exactly as read, `<` separators and filler included
    /// (`ERIKSSON<<ANNA<MARIA<<<`); compared with OCR confusions in mind.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mrz_name_field: Option<String>,
    /// Date of birth.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub birth_date: Option<Read<Date>>,
    /// Sex.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sex: Option<Read<Sex>>,
    /// Document or ID number, upper case, no separators.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub document_number: Option<Read<String>>,
    /// Expiry date, or indefinite.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expiry_date: Option<Read<Expiry>>,
    /// Issue date (start of a Chinese ID's validity period).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub issue_date: Option<Read<Date>>,
    /// Ethnicity (民族) on a Chinese ID card.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ethnicity: Option<Read<String>>,
    /// Address (住址), lines joined.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<Read<String>>,
    /// Issuing authority (签发机关).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub authority: Option<Read<String>>,
    /// Which sides were seen: for Chinese ID cards `front` and/or `back`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sides: Vec<String>,
    /// Problems with the document itself (bad check digits, self-contradiction).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub issues: Vec<DocumentIssue>,
}
