//! Every threshold kycmatch decides by, each with its source. `Default` is strict.

/// Thresholds for turning reads and comparisons into a decision.
#[derive(Debug, Clone, PartialEq)]
pub struct Policy {
    /// A visual-zone read whose lowest word confidence (0–1) is below this is
    /// not evidence enough for a mismatch: the check becomes `uncertain`.
    /// chi_sim word confidences are poorly calibrated: correct name reads on
    /// fixtures/images range from 0.21 to 0.97, so only very weak reads count
    /// as unsure.
    pub min_evidence_confidence: f32,
    /// An MRZ field read with less confidence than this (0.5: its own check
    /// digit failed; 0.9: verified, but the composite failed or another reading
    /// verified too; see `documents/mrz.rs`) does not support a mismatch.
    pub min_mrz_confidence: f32,
    /// Days before expiry at which a warning would be given (not yet a reason code).
    pub expiry_warning_days: i64,
    /// A document with part of it outside the photo (`DOCUMENT_CROPPED`) is
    /// incomplete, so it rejects; `false` sends it to review instead.
    pub reject_cropped: bool,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            min_evidence_confidence: 0.15,
            min_mrz_confidence: 0.9,
            expiry_warning_days: 30,
            reject_cropped: true,
        }
    }
}
