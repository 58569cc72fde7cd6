//! Duplicate-account fingerprints: an HMAC-SHA256, under a key the service
//! supplies, over a document's kind, issuer and normalized number, so one
//! document can be found on two accounts without storing its number. No key,
//! no fingerprint; a number not verified by its check digit gives none either
//! (a misread would fingerprint a document that does not exist).

use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::documents::{DocumentFields, DocumentKind};
use crate::error::Error;

/// Shortest key accepted: 128 bits.
const MIN_KEY_BYTES: usize = 16;

/// Lowest confidence of the number read for it to be fingerprinted: verified
/// by its check digit or check character (see `documents/mrz.rs` and
/// `documents/cn_id.rs` for the confidence scale).
const MIN_NUMBER_CONFIDENCE: f32 = 0.9;

/// A secret HMAC key. `Debug` never shows it.
#[derive(Clone)]
pub struct FingerprintKey(Vec<u8>);

impl FingerprintKey {
    /// A key of at least 16 bytes; errs on a shorter one (without showing it).
    pub fn new(bytes: Vec<u8>) -> Result<FingerprintKey, Error> {
        if bytes.len() < MIN_KEY_BYTES {
            return Err(Error::invalid(
                "fingerprint_key",
                format!("shorter than {MIN_KEY_BYTES} bytes"),
            ));
        }
        Ok(FingerprintKey(bytes))
    }
}

impl std::fmt::Debug for FingerprintKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("FingerprintKey(***)")
    }
}

/// The document's fingerprint, 64 lower-case hex digits, or `None` when the
/// kind is unknown or the number was not read and verified. The same document
/// gives the same fingerprint under the same key whatever the photo or the
/// separators and case of its number.
pub fn of(key: &FingerprintKey, doc: &DocumentFields) -> Option<String> {
    let number = doc.document_number.as_ref()?;
    if doc.kind == DocumentKind::Unknown || number.confidence < MIN_NUMBER_CONFIDENCE {
        return None;
    }
    let number: String = number
        .value
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect();
    if number.is_empty() {
        return None;
    }
    let kind = serde_json::to_value(doc.kind).ok()?;
    let issuer = doc.issuing_country.as_deref().unwrap_or("");
    let mut mac = Hmac::<Sha256>::new_from_slice(&key.0).ok()?;
    // Versioned, and each part ends in a NUL, so no two inputs run together.
    for part in ["kycmatch-fingerprint-v1", kind.as_str()?, issuer, &number] {
        mac.update(part.as_bytes());
        mac.update(&[0]);
    }
    let digest = mac.finalize().into_bytes();
    Some(digest.iter().map(|b| format!("{b:02x}")).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::documents::Read;
    use crate::report::Source;

    fn doc(kind: DocumentKind, issuer: &str, number: &str, confidence: f32) -> DocumentFields {
        DocumentFields {
            kind,
            issuing_country: Some(issuer.into()),
            document_number: Some(Read::new(number.into(), Source::Mrz, confidence)),
            ..DocumentFields::default()
        }
    }

    #[test]
    fn fingerprint_is_keyed_and_stable() -> Result<(), Error> {
        let key = FingerprintKey::new(b"0123456789abcdef-service-key".to_vec())?;
        let other = FingerprintKey::new(b"another key of the service!!".to_vec())?;
        let a = of(&key, &doc(DocumentKind::Passport, "CHN", "E39483838", 1.0));
        let hex = a.as_deref().unwrap_or("");
        assert_eq!(hex.len(), 64);
        assert!(hex.chars().all(|c| c.is_ascii_hexdigit()));
        assert!(!hex.contains("E39483838"));
        // Separators and case do not matter; key, kind, issuer and number do.
        assert_eq!(
            a,
            of(
                &key,
                &doc(DocumentKind::Passport, "CHN", "e39-483 838", 1.0)
            )
        );
        assert_ne!(
            a,
            of(
                &other,
                &doc(DocumentKind::Passport, "CHN", "E39483838", 1.0)
            )
        );
        assert_ne!(
            a,
            of(&key, &doc(DocumentKind::IdCard, "CHN", "E39483838", 1.0))
        );
        assert_ne!(
            a,
            of(&key, &doc(DocumentKind::Passport, "TWN", "E39483838", 1.0))
        );
        assert_ne!(
            a,
            of(&key, &doc(DocumentKind::Passport, "CHN", "E39483839", 1.0))
        );
        Ok(())
    }

    #[test]
    fn fingerprint_needs_a_verified_number_and_a_long_key() -> Result<(), Error> {
        let key = FingerprintKey::new(vec![7; 16])?;
        assert_eq!(
            of(&key, &doc(DocumentKind::Passport, "CHN", "E39483838", 0.5)),
            None
        );
        assert_eq!(
            of(&key, &doc(DocumentKind::Unknown, "CHN", "E39483838", 1.0)),
            None
        );
        assert_eq!(of(&key, &DocumentFields::default()), None);
        let short = FingerprintKey::new(b"short".to_vec());
        assert!(short.is_err_and(|e| !e.to_string().contains("short\"")));
        assert_eq!(format!("{key:?}"), "FingerprintKey(***)");
        Ok(())
    }
}
