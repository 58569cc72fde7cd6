//! The pixel work on one image before any OCR: its analysis copy, the card
//! found on it (straightened when it was photographed on a background), the
//! document's quality measures and its skew. One analysis copy of the
//! document serves the quality measures and deskew: the image's own for a
//! scan, the straightened card's for a photo, so that it is the card, not
//! the photo around it, whose quality is measured. What to read and how is
//! left to `verify`.

use image::GrayImage;

use crate::geometry::{self, Card, Work};
use crate::quality::{self, QualityMeasures};

/// What one image looks like before OCR.
#[derive(Debug, Clone)]
pub struct Survey {
    /// The card or page found on the image, if one was (on a scan it fills
    /// the frame).
    pub card: Option<Card>,
    /// The document straightened out of the photo, when it was found on a
    /// background; `None` when the image is read as it is.
    pub flat: Option<GrayImage>,
    /// The quality measures of the document: of the straightened card when
    /// there is one (its `region` then says where it lies on the photo, and
    /// a glare box is mapped back onto the photo), else of the whole image.
    pub quality: QualityMeasures,
    /// The document (straightened or not) levelled by `angle`, when it was
    /// tilted by 0.4° or more.
    pub level: Option<GrayImage>,
    /// The angle it was levelled by, in degrees (0 when it was not).
    pub angle: f32,
    /// The document's analysis copy: the image's own when `flat` is `None`,
    /// for the MRZ band searches on the whole image.
    pub(crate) work: Work,
}

/// Surveys `gray`: finds the card, straightens it out of a photo, measures
/// the document's quality and levels its text lines. A few milliseconds;
/// never panics, whatever the size or content.
pub fn survey(gray: &GrayImage) -> Survey {
    let (w, h) = gray.dimensions();
    let card = geometry::find_card(gray);
    let flat = card
        .filter(|c| !c.fills(w, h))
        .and_then(|c| geometry::straighten(gray, &c));
    let document = flat.as_ref().unwrap_or(gray);
    let document_work = geometry::work_copy(document);
    let mut quality = quality::measure_document(document, &document_work);
    if let (Some(card), Some(_)) = (&card, &flat) {
        quality.region = geometry::bounds_in(card.corners, w, h);
        quality.document_px = Some(card.long_side().round() as u32);
        if let Some(blob) = quality.glare_blob.as_mut() {
            if let Some(b) = geometry::box_in_photo(gray, card, blob.bbox) {
                blob.bbox = b;
            }
        }
    }
    quality.width = w;
    quality.height = h;
    let (level, angle) = geometry::deskew_in(document, &document_work, geometry::SKEW_DEGREES);
    Survey {
        card,
        flat,
        quality,
        level,
        angle,
        work: document_work,
    }
}
