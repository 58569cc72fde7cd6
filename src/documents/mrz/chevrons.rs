//! Chevrons Tesseract read as letters, found by their look.
//!
//! Tesseract's LSTM reads an OCR-B chevron `<` now and then as `K`, `X`,
//! `S` or `C` (`ANNAKMARIA`, `LOESSALBERTINE`, `JANES`), and never offers
//! `<` among its own alternatives there. But a zone prints many chevrons
//! that it did read confidently, so the zone carries its own picture of a
//! chevron: each cell of a line's fixed pitch
//! ([`Pitched`]) holding a glyph that is not `<` is
//! compared with the mean of those confident chevron cells (normalised
//! cross-correlation), and a glyph that looks like them is a chevron.
//!
//! The likeness threshold, 0.8, was chosen by looking at each glyph's
//! correlation against the sidecar truth on the bands of the 80 specimens in
//! ../shared/realworld/mrz_images (a one-off script, not kept; its counts
//! are not repeated here because no command in the repository reproduces
//! them): real letters stayed below it but for a blurred `K` on
//! 27_pass-gbr. What it does end to end is what `examples/mrz_accuracy.rs`
//! measures: every field on 35/69 specimens before the chevrons were
//! restored (commit 3a316b5) and 45/69 after (1dcba92). Cell pixel work on
//! the band as recognized, a few hundred cells: well under a millisecond.

use image::GrayImage;

use super::cells::Pitched;
use crate::ocr::{Glyph, OcrPage};
use crate::resample::{self, Filter};

/// How alike (normalised cross-correlation, at most 1) a cell must be to the
/// line's confident chevrons to be read as one.
const LIKENESS: f32 = 0.8;

/// The engine's confidence above which a `<` is a model of the line's chevron.
const MODEL_CONF: f32 = 95.0;

/// Fewest confident chevrons a line needs to model one.
const MIN_MODELS: usize = 3;

/// Every cell is compared at this size (width, height).
const CELL: (u32, u32) = (16, 24);

/// Reads as `<` each glyph on `page` whose cell on `image` (the image the
/// page was recognized on) looks like its line's confident chevrons (or,
/// for a line with fewer than three, the whole zone's), and rewrites the
/// words' text to match. Lines without glyph boxes are left alone, and
/// the whole page when it has fewer than three confident chevrons.
pub fn restore(image: &GrayImage, page: &mut OcrPage) {
    // Each line with glyph boxes, laid on its pitch.
    let mut laid: Vec<Laid> = Vec::new();
    for (i, line) in page.lines.iter().enumerate() {
        let Some(p) = Pitched::of(line) else {
            continue;
        };
        let (top, bottom) = extent(&p.glyphs);
        let vectors = p
            .centres
            .iter()
            .map(|&x| cell(image, p.cell_centre(x), p.pitch, top, bottom))
            .collect();
        let models = p
            .glyphs
            .iter()
            .map(|g| g.text == "<" && g.conf > MODEL_CONF && f64::from(g.bbox.w) < p.pitch * 1.3)
            .collect();
        laid.push(Laid {
            line: i,
            cells: vectors,
            models,
        });
    }
    // The zone's chevron: the mean of its confident ones over all lines,
    // for a line with too few of its own (line 1 of a long name); a line
    // with enough is held to its own, which fits it best.
    let zone = mean_model(laid.iter().flat_map(Laid::model_cells));
    for l in &laid {
        let Some(model) = mean_model(l.model_cells()).or_else(|| zone.clone()) else {
            continue;
        };
        let mut cells = l.cells.iter();
        for word in &mut page.lines[l.line].words {
            for g in &mut word.glyphs {
                let alike = cells.next().and_then(Option::as_ref).is_some_and(|v| {
                    v.iter().zip(&model).map(|(a, b)| a * b).sum::<f32>() >= LIKENESS
                });
                if g.text != "<" && alike {
                    g.text = "<".to_string();
                }
            }
            word.text = word.glyphs.iter().map(|g| g.text.as_str()).collect();
        }
    }
}

/// The normalised mean of at least [`MIN_MODELS`] chevron cells.
fn mean_model<'a>(cells: impl Iterator<Item = &'a Vec<f32>>) -> Option<Vec<f32>> {
    let mut model = vec![0.0f32; (CELL.0 * CELL.1) as usize];
    let mut n = 0;
    for v in cells {
        model.iter_mut().zip(v).for_each(|(a, b)| *a += b);
        n += 1;
    }
    if n < MIN_MODELS {
        return None;
    }
    normalised(model)
}

/// One line's glyphs in their cells.
struct Laid {
    /// The line's index on the page.
    line: usize,
    /// Each glyph's cell as a vector ([`cell`]), in glyph order.
    cells: Vec<Option<Vec<f32>>>,
    /// Whether each glyph is a confident chevron, a model of the zone's.
    models: Vec<bool>,
}

impl Laid {
    /// The cells of the line's confident chevrons.
    fn model_cells(&self) -> impl Iterator<Item = &Vec<f32>> {
        self.cells
            .iter()
            .zip(&self.models)
            .filter_map(|(c, &m)| c.as_ref().filter(|_| m))
    }
}

/// The line's text height: the median glyph top and bottom, 2 px out.
fn extent(glyphs: &[&Glyph]) -> (u32, u32) {
    let mut tops: Vec<u32> = glyphs.iter().map(|g| g.bbox.y).collect();
    let mut bottoms: Vec<u32> = glyphs.iter().map(|g| g.bbox.bottom()).collect();
    tops.sort_unstable();
    bottoms.sort_unstable();
    (
        tops[tops.len() / 2].saturating_sub(2),
        bottoms[bottoms.len() / 2] + 2,
    )
}

/// The cell centred at `x`, one pitch wide, scaled to [`CELL`], as a
/// zero-mean unit vector; `None` off the image or for a flat cell.
fn cell(image: &GrayImage, x: f64, pitch: f64, top: u32, bottom: u32) -> Option<Vec<f32>> {
    let left = (x - pitch / 2.0).round();
    let right = (x + pitch / 2.0).round();
    let bottom = bottom.min(image.height());
    if left < 0.0 || right > f64::from(image.width()) || right - left < 2.0 || bottom <= top + 2 {
        return None;
    }
    let (left, width) = (left as u32, (right - left) as u32);
    let crop = image::imageops::crop_imm(image, left, top, width, bottom - top).to_image();
    let small = resample::resize(&crop, CELL.0, CELL.1, Filter::Bilinear);
    let v: Vec<f32> = small.as_raw().iter().map(|&p| f32::from(p)).collect();
    let mean = v.iter().sum::<f32>() / v.len() as f32;
    normalised(v.into_iter().map(|p| p - mean).collect())
}

fn normalised(mut v: Vec<f32>) -> Option<Vec<f32>> {
    let norm = v.iter().map(|a| a * a).sum::<f32>().sqrt();
    if norm < 1e-3 {
        return None;
    }
    v.iter_mut().for_each(|a| *a /= norm);
    Some(v)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ocr::{BBox, Line, Word};
    use image::Luma;

    /// A drawn line, one glyph per 20 px cell: `<` as two short arms
    /// meeting at the left below cap height, as OCR-B draws it, and `K` as
    /// a full-height stem with arms from its middle to the cap and base
    /// lines; glyphs as `read` says.
    fn drawn(printed: &str, read: &str) -> (GrayImage, OcrPage) {
        let mut img = GrayImage::from_pixel(20 * printed.len() as u32 + 40, 40, Luma([255]));
        for (i, c) in printed.chars().enumerate() {
            let x0 = 20 + 20 * i as u32;
            let mut ink = |x: u32, y: u32| {
                img.put_pixel(x, y, Luma([0]));
                img.put_pixel(x, y + 1, Luma([0]));
            };
            if c == 'K' {
                for t in 0..26u32 {
                    ink(x0 + 2, 7 + t);
                    ink(x0 + 3, 7 + t);
                    ink(x0 + 4, 7 + t);
                }
                for t in 0..13u32 {
                    ink(x0 + 5 + t, 20 - t);
                    ink(x0 + 5 + t, 20 + t);
                }
            } else {
                for t in 0..8u32 {
                    ink(x0 + 4 + t, 20 - t);
                    ink(x0 + 4 + t, 20 + t);
                }
            }
        }
        let glyphs: Vec<Glyph> = read
            .chars()
            .enumerate()
            .map(|(i, c)| Glyph {
                text: c.to_string(),
                conf: 98.0,
                bbox: BBox {
                    x: 22 + 20 * i as u32,
                    y: 8,
                    w: 15,
                    h: 25,
                },
            })
            .collect();
        let page = OcrPage {
            lines: vec![Line {
                words: vec![Word {
                    text: read.to_string(),
                    conf: 90.0,
                    bbox: BBox {
                        x: 20,
                        y: 8,
                        w: 20 * read.len() as u32,
                        h: 25,
                    },
                    glyphs,
                }],
            }],
        };
        (img, page)
    }

    #[test]
    fn a_chevron_read_as_a_letter_is_restored() {
        let (img, mut page) = drawn("K<<<<<<<<<<", "KK<<<<<<<<<");
        restore(&img, &mut page);
        // The second cell is printed `<`; the first is a real K, its stem
        // keeps it unlike the line's chevrons.
        assert_eq!(page.lines[0].words[0].text, "K<<<<<<<<<<");
        assert_eq!(page.lines[0].words[0].glyphs[1].text, "<");
    }

    #[test]
    fn too_few_confident_chevrons_change_nothing() {
        let (img, mut page) = drawn("K<<<", "KK<<");
        let before = page.clone();
        restore(&img, &mut page);
        assert_eq!(page, before);
        let (img, mut page) = drawn("K<<<<<<<<<<", "KK<<<<<<<<<");
        page.lines[0].words[0].glyphs.clear();
        let before = page.clone();
        restore(&img, &mut page);
        assert_eq!(page, before);
    }
}
