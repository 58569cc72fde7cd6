//! Every threshold kycmatch decides by, each with its source. `Default` is strict.

/// Thresholds for turning reads and comparisons into a decision.
#[derive(Debug, Clone, PartialEq)]
pub struct Policy {
    /// A visual-zone read whose lowest word confidence (0–1) is below this is
    /// not evidence enough for a mismatch: the check becomes `uncertain`.
    /// Tesseract's LSTM gives 0.90+ on clean synthetic cards and 0.3–0.7 on
    /// misread characters (measured on fixtures/images).
    pub min_evidence_confidence: f32,
    /// Days before expiry at which a warning would be given (not yet a reason code).
    pub expiry_warning_days: i64,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            min_evidence_confidence: 0.60,
            expiry_warning_days: 30,
        }
    }
}
