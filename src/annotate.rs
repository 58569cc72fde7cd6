//! Draws what a verify found, for a person who would rather look than read:
//! the photo with the card's outline, the page as it was read with each
//! field's box coloured by its check's status, and a legend listing the
//! checks and the reasons (image problems first). Text is drawn with a small
//! built-in 5×7 capital-letter font, so no font file is needed. Writing the
//! file is left to the caller.

use image::{imageops, GrayImage, Rgb, RgbImage};
use imageproc::drawing::{draw_filled_rect_mut, draw_hollow_rect_mut, draw_line_segment_mut};
use imageproc::rect::Rect;

use crate::ocr::BBox;
use crate::report::{CheckField, Report, Status};
use crate::verify::Reading;

/// Height of the two image panels.
const PANEL_H: u32 = 540;
const GREEN: Rgb<u8> = Rgb([20, 170, 60]);
const RED: Rgb<u8> = Rgb([220, 30, 30]);
const AMBER: Rgb<u8> = Rgb([235, 150, 0]);
const CYAN: Rgb<u8> = Rgb([0, 170, 230]);
const INK: Rgb<u8> = Rgb([25, 25, 25]);

/// The colour of a check's status: green match, red mismatch, amber
/// not found or uncertain.
fn colour(status: Status) -> Rgb<u8> {
    match status {
        Status::Match => GREEN,
        Status::Mismatch => RED,
        _ => AMBER,
    }
}

/// An image of `reading` and its `report`: on the left the photo with the
/// card's outline (cyan; red when the card is cropped) and the box of an
/// image problem that has one (glare, in red), on the right the page
/// as it was read with each field's box in its check's colour, and below a
/// legend of the checks and reasons.
pub fn annotate(reading: &Reading, report: &Report) -> RgbImage {
    let photo = panel(reading.photo());
    let page = panel(reading.page());
    let gap = 12;
    let width = (photo.0.width() + page.0.width() + 3 * gap).max(480);
    let legend_lines = report.checks.len() + report.reasons.len() + 2;
    let legend_h = legend_lines as u32 * LINE_H + gap;
    let mut out = RgbImage::from_pixel(width, PANEL_H + 2 * gap + legend_h, Rgb([255, 255, 255]));

    // The photo and the card found on it.
    let (mut left, k) = photo;
    if let Some(card) = reading.card {
        let c = card.corners.map(|(x, y)| (x * k, y * k));
        let col = if card.cropped { RED } else { CYAN };
        for i in 0..4 {
            let (a, b) = (c[i], c[(i + 1) % 4]);
            for d in [-1.0, 0.0, 1.0] {
                draw_line_segment_mut(&mut left, (a.0 + d, a.1), (b.0 + d, b.1), col);
                draw_line_segment_mut(&mut left, (a.0, a.1 + d), (b.0, b.1 + d), col);
            }
        }
        // The corner that became the straight card's top left.
        draw_filled_rect_mut(
            &mut left,
            Rect::at(c[0].0 as i32 - 4, c[0].1 as i32 - 4).of_size(9, 9),
            col,
        );
    }
    // Where an image problem lies on the front photo (glare), in red.
    for reason in report.reasons.iter().filter(|r| r.code.is_image()) {
        let on_front = reason
            .image
            .is_none_or(|i| i == crate::report::ImageSide::Front);
        if let (true, Some(b)) = (on_front, reason.bbox) {
            if let Some(r) = scale_box(b, k, left.width(), left.height()) {
                draw_box(&mut left, r, RED);
            }
        }
    }
    imageops::replace(&mut out, &left, i64::from(gap), i64::from(gap));

    // The page as read, with a box per field.
    let (mut right, k) = page;
    for (field, bbox) in reading.marks() {
        let status = report
            .checks
            .iter()
            .find(|c| c.field == *field)
            .map(|c| c.status);
        let Some(status) = status else { continue };
        let r = scale_box(*bbox, k, right.width(), right.height());
        if let Some(r) = r {
            draw_box(&mut right, r, colour(status));
        }
    }
    let x = i64::from(left.width() + 2 * gap);
    imageops::replace(&mut out, &right, x, i64::from(gap));

    // The legend.
    let mut y = PANEL_H + 2 * gap;
    let decision = format!("DECISION: {}", decision_word(report));
    text(&mut out, gap, y, &decision, INK);
    y += LINE_H;
    for reason in report.reasons.iter().filter(|r| r.code.is_image()) {
        text(&mut out, gap, y, reason.code.as_str(), RED);
        y += LINE_H;
    }
    for check in &report.checks {
        let line = format!("{}: {}", field_word(check.field), status_word(check.status));
        text(&mut out, gap, y, &line, colour(check.status));
        y += LINE_H;
    }
    for reason in report.reasons.iter().filter(|r| !r.code.is_image()) {
        text(&mut out, gap, y, reason.code.as_str(), INK);
        y += LINE_H;
    }
    out
}

fn decision_word(report: &Report) -> &'static str {
    match report.decision {
        crate::report::Decision::Pass => "PASS",
        crate::report::Decision::Reject => "REJECT",
        crate::report::Decision::Review => "REVIEW",
    }
}

fn field_word(f: CheckField) -> &'static str {
    match f {
        CheckField::Name => "NAME",
        CheckField::Dob => "DOB",
        CheckField::IdNumber => "ID NUMBER",
        CheckField::DocType => "DOC TYPE",
        CheckField::Country => "COUNTRY",
        CheckField::Expiry => "EXPIRY",
        CheckField::AddressProofDate => "ADDRESS DATE",
        CheckField::AddressProofName => "ADDRESS NAME",
    }
}

fn status_word(s: Status) -> &'static str {
    match s {
        Status::Match => "MATCH",
        Status::Mismatch => "MISMATCH",
        Status::NotFound => "NOT FOUND",
        Status::Uncertain => "UNCERTAIN",
    }
}

/// `gray` scaled to the panel height (at most 2× wider than high), in
/// colour, with the scale used.
fn panel(gray: &GrayImage) -> (RgbImage, f32) {
    let (w, h) = gray.dimensions();
    if w == 0 || h == 0 {
        return (
            RgbImage::from_pixel(PANEL_H, PANEL_H, Rgb([200, 200, 200])),
            1.0,
        );
    }
    let k = PANEL_H as f32 / h as f32;
    let pw = ((w as f32 * k).round() as u32).clamp(1, 2 * PANEL_H);
    let k = k.min(pw as f32 / w as f32);
    let ph = ((h as f32 * k).round() as u32).max(1);
    let small = imageops::resize(gray, pw, ph, imageops::FilterType::Triangle);
    let rgb = RgbImage::from_fn(pw, ph, |x, y| {
        let v = small.get_pixel(x, y).0[0];
        Rgb([v, v, v])
    });
    (rgb, k)
}

/// A box two pixels thick (one when it is too small for two).
fn draw_box(image: &mut RgbImage, r: Rect, col: Rgb<u8>) {
    draw_hollow_rect_mut(image, r, col);
    if r.width() > 4 && r.height() > 4 {
        let inner = Rect::at(r.left() + 1, r.top() + 1).of_size(r.width() - 2, r.height() - 2);
        draw_hollow_rect_mut(image, inner, col);
    }
}

fn scale_box(b: BBox, k: f32, w: u32, h: u32) -> Option<Rect> {
    let x = (b.x as f32 * k) as i32;
    let y = (b.y as f32 * k) as i32;
    let bw = ((b.w as f32 * k).round() as u32).max(1);
    let bh = ((b.h as f32 * k).round() as u32).max(1);
    (x >= 0 && y >= 0 && (x as u32) < w && (y as u32) < h).then(|| Rect::at(x, y).of_size(bw, bh))
}

/// Pixels per font dot, and the height of a legend line.
const DOT: u32 = 3;
const LINE_H: u32 = 9 * DOT + 4;

/// Draws `s` (capital letters, digits, space and `_:-./%`; anything else as a
/// blank) with its top left at (x, y).
fn text(img: &mut RgbImage, x: u32, y: u32, s: &str, col: Rgb<u8>) {
    let mut cx = x;
    for ch in s.chars() {
        let rows = glyph(ch.to_ascii_uppercase());
        for (ry, row) in rows.iter().enumerate() {
            for rx in 0..5u32 {
                if row & (0b10000 >> rx) != 0 {
                    let (px, py) = (cx + rx * DOT, y + ry as u32 * DOT);
                    if px + DOT <= img.width() && py + DOT <= img.height() {
                        draw_filled_rect_mut(
                            img,
                            Rect::at(px as i32, py as i32).of_size(DOT, DOT),
                            col,
                        );
                    }
                }
            }
        }
        cx += 6 * DOT;
    }
}

/// A 5×7 glyph, one row per byte, the leftmost dot in bit 4.
fn glyph(c: char) -> [u8; 7] {
    match c {
        'A' => [0x0E, 0x11, 0x11, 0x1F, 0x11, 0x11, 0x11],
        'B' => [0x1E, 0x11, 0x11, 0x1E, 0x11, 0x11, 0x1E],
        'C' => [0x0E, 0x11, 0x10, 0x10, 0x10, 0x11, 0x0E],
        'D' => [0x1E, 0x11, 0x11, 0x11, 0x11, 0x11, 0x1E],
        'E' => [0x1F, 0x10, 0x10, 0x1E, 0x10, 0x10, 0x1F],
        'F' => [0x1F, 0x10, 0x10, 0x1E, 0x10, 0x10, 0x10],
        'G' => [0x0E, 0x11, 0x10, 0x17, 0x11, 0x11, 0x0F],
        'H' => [0x11, 0x11, 0x11, 0x1F, 0x11, 0x11, 0x11],
        'I' => [0x0E, 0x04, 0x04, 0x04, 0x04, 0x04, 0x0E],
        'J' => [0x07, 0x02, 0x02, 0x02, 0x02, 0x12, 0x0C],
        'K' => [0x11, 0x12, 0x14, 0x18, 0x14, 0x12, 0x11],
        'L' => [0x10, 0x10, 0x10, 0x10, 0x10, 0x10, 0x1F],
        'M' => [0x11, 0x1B, 0x15, 0x15, 0x11, 0x11, 0x11],
        'N' => [0x11, 0x11, 0x19, 0x15, 0x13, 0x11, 0x11],
        'O' => [0x0E, 0x11, 0x11, 0x11, 0x11, 0x11, 0x0E],
        'P' => [0x1E, 0x11, 0x11, 0x1E, 0x10, 0x10, 0x10],
        'Q' => [0x0E, 0x11, 0x11, 0x11, 0x15, 0x12, 0x0D],
        'R' => [0x1E, 0x11, 0x11, 0x1E, 0x14, 0x12, 0x11],
        'S' => [0x0F, 0x10, 0x10, 0x0E, 0x01, 0x01, 0x1E],
        'T' => [0x1F, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04],
        'U' => [0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x0E],
        'V' => [0x11, 0x11, 0x11, 0x11, 0x11, 0x0A, 0x04],
        'W' => [0x11, 0x11, 0x11, 0x15, 0x15, 0x15, 0x0A],
        'X' => [0x11, 0x11, 0x0A, 0x04, 0x0A, 0x11, 0x11],
        'Y' => [0x11, 0x11, 0x0A, 0x04, 0x04, 0x04, 0x04],
        'Z' => [0x1F, 0x01, 0x02, 0x04, 0x08, 0x10, 0x1F],
        '0' => [0x0E, 0x11, 0x13, 0x15, 0x19, 0x11, 0x0E],
        '1' => [0x04, 0x0C, 0x04, 0x04, 0x04, 0x04, 0x0E],
        '2' => [0x0E, 0x11, 0x01, 0x02, 0x04, 0x08, 0x1F],
        '3' => [0x1F, 0x02, 0x04, 0x02, 0x01, 0x11, 0x0E],
        '4' => [0x02, 0x06, 0x0A, 0x12, 0x1F, 0x02, 0x02],
        '5' => [0x1F, 0x10, 0x1E, 0x01, 0x01, 0x11, 0x0E],
        '6' => [0x06, 0x08, 0x10, 0x1E, 0x11, 0x11, 0x0E],
        '7' => [0x1F, 0x01, 0x02, 0x04, 0x08, 0x08, 0x08],
        '8' => [0x0E, 0x11, 0x11, 0x0E, 0x11, 0x11, 0x0E],
        '9' => [0x0E, 0x11, 0x11, 0x0F, 0x01, 0x02, 0x0C],
        '_' => [0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x1F],
        ':' => [0x00, 0x0C, 0x0C, 0x00, 0x0C, 0x0C, 0x00],
        '-' => [0x00, 0x00, 0x00, 0x1F, 0x00, 0x00, 0x00],
        '.' => [0x00, 0x00, 0x00, 0x00, 0x00, 0x0C, 0x0C],
        '/' => [0x00, 0x01, 0x02, 0x04, 0x08, 0x10, 0x00],
        '%' => [0x18, 0x19, 0x02, 0x04, 0x08, 0x13, 0x03],
        _ => [0; 7],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_legend_word_has_glyphs() {
        let words = [
            "DECISION: PASS REJECT REVIEW",
            "NAME DOB ID NUMBER DOC TYPE COUNTRY EXPIRY",
            "MATCH MISMATCH NOT FOUND UNCERTAIN",
            "DOCUMENT_CROPPED IMAGE_BLURRY LOW_RESOLUTION 0123456789",
        ];
        for w in words {
            for c in w.chars().filter(|c| *c != ' ') {
                assert_ne!(glyph(c), [0; 7], "no glyph for {c:?}");
            }
        }
    }

    #[test]
    fn tiny_and_empty_images_do_not_panic() {
        let (p, _) = panel(&GrayImage::new(0, 0));
        assert_eq!(p.height(), PANEL_H);
        let (p, _) = panel(&GrayImage::new(1, 5000));
        assert!(p.width() >= 1);
        let mut img = RgbImage::new(10, 10);
        text(&mut img, 5, 5, "CLIPPED", RED);
        assert_eq!(
            scale_box(
                BBox {
                    x: 50,
                    y: 0,
                    w: 5,
                    h: 5
                },
                1.0,
                10,
                10
            ),
            None
        );
    }
}
