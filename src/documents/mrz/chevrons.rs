//! Chevrons Tesseract read as letters, found by their look.
//!
//! Tesseract's LSTM reads an OCR-B chevron `<` now and then as `K`, `X`,
//! `S` or `C` (`ANNAKMARIA`, `LOESSALBERTINE`, `JANES`), and never offers
//! `<` among its own alternatives there. But one zone line prints many
//! chevrons that it did read confidently, so the line carries its own
//! picture of a chevron: each cell of the fixed pitch
//! ([`cells::fit_pitch`](super::cells)) holding a glyph that is not `<` is
//! compared with the mean of those confident chevron cells (normalised
//! cross-correlation), and a glyph that looks like them is a chevron.
//!
//! The likeness threshold was chosen on the bands of the 80 specimens in
//! ../shared/realworld/mrz_images, each glyph's cell against the sidecar
//! truth: at 0.8, 206 of the 397 chevrons read as something else are
//! restored and 1 of the 3,355 other glyphs (a blurred `K` on 27_pass-gbr)
//! is taken for a chevron; at 0.7 the wrong ones are 30. Cell pixel work on
//! the band as recognized, a few hundred cells: well under a millisecond.

use image::GrayImage;

use super::cells;
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
/// page was recognized on) looks like the confident chevrons of its line,
/// and rewrites the words' text to match. Lines without glyph boxes, or
/// with fewer than three confident chevrons, are left alone.
pub fn restore(image: &GrayImage, page: &mut OcrPage) {
    for line in &mut page.lines {
        if line.words.iter().any(|w| w.glyphs.is_empty()) {
            continue;
        }
        let glyphs: Vec<&Glyph> = line.words.iter().flat_map(|w| &w.glyphs).collect();
        let centres: Vec<f64> = glyphs.iter().map(|g| centre(g)).collect();
        let Some((origin, pitch)) = cells::fit_pitch(&centres) else {
            continue;
        };
        let (top, bottom) = extent(&glyphs);
        let cell_of = |x: f64| {
            let k = ((x - origin) / pitch).round();
            cell(image, origin + k * pitch, pitch, top, bottom)
        };
        let models: Vec<Vec<f32>> = glyphs
            .iter()
            .zip(&centres)
            .filter(|(g, _)| {
                g.text == "<" && g.conf > MODEL_CONF && f64::from(g.bbox.w) < pitch * 1.3
            })
            .filter_map(|(_, &c)| cell_of(c))
            .collect();
        if models.len() < MIN_MODELS {
            continue;
        }
        let mut model = vec![0.0f32; models[0].len()];
        for m in &models {
            model.iter_mut().zip(m).for_each(|(a, b)| *a += b);
        }
        let Some(model) = normalised(model) else {
            continue;
        };
        let chevron: Vec<bool> = glyphs
            .iter()
            .zip(&centres)
            .map(|(g, &c)| {
                g.text != "<"
                    && cell_of(c).is_some_and(|v| {
                        v.iter().zip(&model).map(|(a, b)| a * b).sum::<f32>() >= LIKENESS
                    })
            })
            .collect();
        let mut flags = chevron.into_iter();
        for word in &mut line.words {
            for g in &mut word.glyphs {
                if flags.next() == Some(true) {
                    g.text = "<".to_string();
                }
            }
            word.text = word.glyphs.iter().map(|g| g.text.as_str()).collect();
        }
    }
}

fn centre(g: &Glyph) -> f64 {
    f64::from(g.bbox.x) + f64::from(g.bbox.w) / 2.0
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
