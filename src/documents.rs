//! Reads what a document says from OCR output: classifies the page and hands it
//! to the reader for its kind (MRZ, Chinese ID front or back, visual zone), which
//! returns [`DocumentFields`]; a proof of address is read on its own page by
//! `address_proof`. Comparing with what the person typed is left to
//! `compare`; images and engines are left to `verify` and `ocr`.

use serde::Serialize;

use crate::report::{CheckField, ReasonCode, Source};
use crate::text::date::Date;

pub mod address_proof;
pub mod cn_id;
pub mod mrz;
pub mod visual;

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
    /// PRC residence permit for residents of Hong Kong, Macau or Taiwan
    /// (港澳台居民居住证): the resident ID card's layout and number format,
    /// region code 810000, 820000 or 830000.
    CnResidencePermit,
    /// PRC foreign permanent resident ID card (外国人永久居留身份证, 2023):
    /// an 18-digit number of the same format whose first digit is 9.
    CnPermanentResidentCard,
    /// Nothing recognized.
    #[default]
    Unknown,
}

impl DocumentKind {
    /// A card of the PRC resident ID family (same layout and number format).
    pub fn is_cn_id_family(self) -> bool {
        matches!(
            self,
            DocumentKind::CnIdCard
                | DocumentKind::CnResidencePermit
                | DocumentKind::CnPermanentResidentCard
        )
    }

    /// A card whose back carries the validity period (the resident ID card
    /// and the residence permit; the permanent resident card prints it on
    /// its front).
    pub fn validity_on_back(self) -> bool {
        matches!(
            self,
            DocumentKind::CnIdCard | DocumentKind::CnResidencePermit
        )
    }
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

impl Sex {
    /// The sex a printed word gives: M, F or X, or 男 / 女, alone or with
    /// its translation after a slash (`F/F`, `M/H`, `女/F`), or the letter
    /// after a slash when the Han part went to another word (`/F`).
    pub fn from_printed(word: &str) -> Option<Sex> {
        match word.split('/').find(|p| !p.is_empty())? {
            "M" | "男" => Some(Sex::M),
            "F" | "女" => Some(Sex::F),
            "X" => Some(Sex::X),
            _ => None,
        }
    }
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
///
/// Serialized as the report's `document` object: `kind`, `issuing_country`,
/// `nationality`, plain values under `fields`, and each value's source and
/// confidence under `evidence`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DocumentFields {
    /// What kind of document it is.
    pub kind: DocumentKind,
    /// Issuing state, ISO 3166 alpha-3 (ICAO codes such as `D` kept as printed).
    pub issuing_country: Option<String>,
    /// Nationality, alpha-3.
    pub nationality: Option<String>,
    /// The name as printed in the visual zone (Hanzi on a Chinese ID card).
    pub name: Option<Read<String>>,
    /// The name in Latin letters from the MRZ: surname, then given names, space-separated.
    pub name_latin: Option<Read<String>>,
    /// The MRZ name field exactly as read, `<` separators and filler included
    /// (`ERIKSSON<<ANNA<MARIA<<<`); compared with OCR confusions in mind.
    pub mrz_name_field: Option<String>,
    /// Date of birth.
    pub birth_date: Option<Read<Date>>,
    /// Sex.
    pub sex: Option<Read<Sex>>,
    /// Document or ID number, upper case, no separators.
    pub document_number: Option<Read<String>>,
    /// Expiry date, or indefinite.
    pub expiry_date: Option<Read<Expiry>>,
    /// Issue date (start of a Chinese ID's validity period).
    pub issue_date: Option<Read<Date>>,
    /// Ethnicity (民族) on a Chinese ID card.
    pub ethnicity: Option<Read<String>>,
    /// Address (住址), lines joined.
    pub address: Option<Read<String>>,
    /// Issuing authority (签发机关).
    pub authority: Option<Read<String>>,
    /// Which sides were seen: for Chinese ID cards `front` and/or `back`.
    pub sides: Vec<String>,
    /// Problems with the document itself (bad check digits, self-contradiction).
    pub issues: Vec<DocumentIssue>,
    /// What a passport's visual zone repeats of its MRZ, when the zone was
    /// read (`Config::visual_zone`, or a Han name typed); the report's
    /// `visual` object.
    pub visual: Option<visual::VisualFields>,
    /// Words of the visual zone as OCR'd, when it was read (for the fields
    /// above, or to corroborate a garbled MRZ name); they corroborate the
    /// MRZ name field (not part of the JSON report).
    pub visual_words: Vec<String>,
    /// Other document numbers that satisfied every MRZ check digit as well as
    /// `document_number` did (the zone read two ways; not part of the JSON report).
    pub document_number_alternatives: Vec<String>,
    /// The MRZ name field as read by other OCR passes (the whole page), for
    /// the same corroboration (not part of the JSON report).
    pub mrz_name_alternatives: Vec<String>,
}

impl Serialize for DocumentFields {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;

        /// `fields` and `evidence` entries for the values that were read.
        struct Values<'a>(&'a DocumentFields, bool);
        impl Serialize for Values<'_> {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let d = self.0;
                let evidence = self.1;
                let mut m = s.serialize_map(None)?;
                macro_rules! entry {
                    ($key:literal, $field:expr) => {
                        if let Some(r) = &$field {
                            if evidence {
                                m.serialize_entry(
                                    $key,
                                    &Evidence {
                                        source: r.source,
                                        confidence: (f64::from(r.confidence) * 1000.0).round()
                                            / 1000.0,
                                    },
                                )?;
                            } else {
                                m.serialize_entry($key, &r.value)?;
                            }
                        }
                    };
                }
                entry!("name", d.name);
                entry!("name_latin", d.name_latin);
                entry!("birth_date", d.birth_date);
                entry!("document_number", d.document_number);
                entry!("sex", d.sex);
                entry!("expiry_date", d.expiry_date);
                entry!("issue_date", d.issue_date);
                entry!("ethnicity", d.ethnicity);
                entry!("address", d.address);
                entry!("authority", d.authority);
                m.end()
            }
        }
        #[derive(Serialize)]
        struct Evidence {
            source: Source,
            confidence: f64,
        }

        let mut m = s.serialize_map(None)?;
        m.serialize_entry("kind", &self.kind)?;
        if let Some(c) = &self.issuing_country {
            m.serialize_entry("issuing_country", c)?;
        }
        if let Some(c) = &self.nationality {
            m.serialize_entry("nationality", c)?;
        }
        m.serialize_entry("fields", &Values(self, false))?;
        m.serialize_entry("evidence", &Values(self, true))?;
        if let Some(f) = &self.mrz_name_field {
            m.serialize_entry("mrz_name_field", f)?;
        }
        if !self.sides.is_empty() {
            m.serialize_entry("sides", &self.sides)?;
        }
        if !self.issues.is_empty() {
            m.serialize_entry("issues", &self.issues)?;
        }
        if let Some(v) = &self.visual {
            m.serialize_entry("visual", v)?;
        }
        m.end()
    }
}
