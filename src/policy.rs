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
    /// A passport visual-zone value (name, date of birth, sex, date of
    /// expiry, number) read with a lowest word confidence (0–1) below this
    /// is not compared with the MRZ: a misread must not pass for an altered
    /// page. 0.6: on the ten synthetic passports the dates and numbers read
    /// right score 0.85–0.97 and the three misread numbers 0.28–0.44
    /// (`document.visual` of `kycmatch verify --visual-zone --json`;
    /// `tests/it/visual_zone.rs` holds every misread date and number below
    /// this; a misread name is tolerated by the name's own comparison).
    pub min_visual_cross_check_confidence: f32,
    /// Days before expiry from which `DOCUMENT_EXPIRING_SOON` warns (without
    /// changing the decision): 30, the figure, about the time a renewal takes.
    pub expiry_warning_days: i64,
    /// A proof of address must be issued at most this many calendar months
    /// before the as-of date: on or after the same day of the month that many
    /// months earlier (the month's last day when it is shorter), and not after
    /// the as-of date. 3, the issue's figure and the usual KYC rule ("dated
    /// within the last three months").
    pub address_proof_max_age_months: u32,

    // Image quality. Each figure comes from the degraded set of
    // `cargo run --release --example calibrate_quality` (59 fixture images:
    // scans and photos, each clean, mildly and severely degraded, measured
    // as `survey` measures them: the document's analysis copy at 800 px);
    // the table is fixtures/quality/calibration.tsv and its summary
    // fixtures/quality/README.md.
    /// Blur (`QualityMeasures::blur`, 0–1) above which an image is
    /// `IMAGE_BLURRY`. Clean fixtures measure 0.164–0.299 and the mild cases
    /// at most 0.362 (Gaussian σ 1 on a photographed card back); Gaussian
    /// σ 2.5 measures from 0.364, a 16 px motion smear from 0.348 (3 and 2
    /// of 59 fall below; Tesseract read the key field of 0 of 20 smears).
    pub max_blur: f64,
    /// Paper level (`white`, 0–1) below which an image is `IMAGE_TOO_DARK`.
    /// Exposure ×0.5 leaves at least 0.447; ×0.25 at most 0.247.
    pub min_white: f64,
    /// Ink level (`black`, 0–1) above which an image whose paper clips
    /// (`white` at least `overexposed_white`) is `IMAGE_OVEREXPOSED`: the
    /// print itself is washed out. Mild washouts (print kept at 75%) measure
    /// at most 0.486, severe ones (35%) from 0.678.
    pub max_black: f64,
    /// Paper level (`white`, 0–1) from which the paper counts as clipped.
    /// Clean fixtures reach 0.980; overexposed ones 1.0. Keeps heavy blur,
    /// which also greys the ink (up to 0.565), from reading as overexposure.
    pub overexposed_white: f64,
    /// A glare blob covering at least this share of the document is
    /// `IMAGE_GLARE`. A small specular spot covers at most 0.002; a large
    /// blob from 0.048.
    pub max_glare_area: f64,
    /// A glare blob over text covering at least this share is `IMAGE_GLARE`.
    /// The blob on the bottom text line covers 0.012–0.019 (Tesseract read
    /// the key field under it on 5 of 20); a small spot at most 0.002.
    pub max_glare_area_on_text: f64,
    /// A glare blob is over text when at least this share of its flanks is
    /// ink (`GlareBlob::ink_around`): 0.024–0.239 for the blob on the text
    /// line, 0 for blobs on blank paper (the one "on the text line" of the
    /// permanent resident card's back falls below its last line).
    pub glare_min_ink_around: f64,
    /// The document's long side in pixels below which it is
    /// `LOW_RESOLUTION`. At 0.6× (documents 660–835 px long) Tesseract read
    /// the key field as often as on the clean images (19 of 20); at 0.4×
    /// (440–608 px) on 15 of 20, at 0.25× on 4.
    pub min_document_px: u32,
    /// EXIF `Software` values naming an editing or beauty app (matched
    /// case-insensitively as substrings) give `IMAGE_EDITED`. A camera's own
    /// firmware string, or no EXIF at all, is not evidence.
    pub editing_software: Vec<String>,
    /// A document with part of it outside the photo (`DOCUMENT_CROPPED`) is
    /// incomplete, so it rejects; `false` sends it to review instead.
    pub reject_cropped: bool,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            min_evidence_confidence: 0.15,
            min_visual_cross_check_confidence: 0.6,
            min_mrz_confidence: 0.9,
            expiry_warning_days: 30,
            address_proof_max_age_months: 3,
            max_blur: 0.375,
            min_white: 0.35,
            max_black: 0.58,
            overexposed_white: 0.99,
            max_glare_area: 0.02,
            max_glare_area_on_text: 0.005,
            glare_min_ink_around: 0.02,
            min_document_px: 600,
            editing_software: EDITING_SOFTWARE.iter().map(|s| s.to_string()).collect(),
            reject_cropped: true,
        }
    }
}

/// Editors and beauty apps known to write their name into EXIF `Software`
/// (desktop editors, and the photo apps most used in China and elsewhere).
/// Camera firmware strings ("HDR+ 1.0", "iOS 17.2", model build numbers) are
/// deliberately absent.
const EDITING_SOFTWARE: &[&str] = &[
    "Photoshop",
    "Lightroom",
    "GIMP",
    "Paint.NET",
    "Affinity Photo",
    "Pixelmator",
    "Snapseed",
    "PicsArt",
    "Facetune",
    "Meitu",
    "美图",
    "BeautyCam",
    "BeautyPlus",
    "美颜相机",
    "Xingtu",
    "醒图",
    "Faceu",
    "B612",
    "Ulike",
    "YouCam",
    "AirBrush",
    "VSCO",
    "Pixlr",
    "Fotor",
    "Polarr",
    "Canva",
];
