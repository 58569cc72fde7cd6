//! Raster primitives for the fixture generator: anti-aliased text (ab_glyph outlines blended
//! straight into an `RgbImage`, so imageproc's `text` feature is not needed), filled shapes,
//! guilloche-like backgrounds and the photo placeholder.

use ab_glyph::{Font, FontRef, PxScale, ScaleFont};
use image::RgbImage;

/// An RGB colour.
pub type Rgb = [u8; 3];

/// The three faces the documents are printed with.
pub struct Fonts<'a> {
    /// Noto Sans CJK SC Regular: Hanzi and Latin labels and values.
    pub cjk: FontRef<'a>,
    /// Noto Sans CJK SC Bold: titles.
    pub cjk_bold: FontRef<'a>,
    /// OCR-B: the MRZ and the Chinese ID number.
    pub ocrb: FontRef<'a>,
}

/// Blends `color` over the pixel at (x, y) with opacity `a` (0..=1); out-of-range is ignored.
pub fn blend(img: &mut RgbImage, x: i32, y: i32, color: Rgb, a: f32) {
    if x < 0 || y < 0 || x >= img.width() as i32 || y >= img.height() as i32 || a <= 0.0 {
        return;
    }
    let a = a.min(1.0);
    let p = img.get_pixel_mut(x as u32, y as u32);
    for (dst, src) in p.0.iter_mut().zip(color) {
        *dst = (f32::from(*dst) * (1.0 - a) + f32::from(src) * a).round() as u8;
    }
}

/// Width in pixels of `text` at `px` size with `tracking` extra pixels after each character.
pub fn text_width(font: &FontRef, px: f32, text: &str, tracking: f32) -> f32 {
    let scaled = font.as_scaled(PxScale::from(px));
    let mut width = 0.0;
    let mut prev = None;
    for c in text.chars() {
        let id = font.glyph_id(c);
        if let Some(p) = prev {
            width += scaled.kern(p, id);
        }
        width += scaled.h_advance(id) + tracking;
        prev = Some(id);
    }
    if width > 0.0 {
        width - tracking
    } else {
        0.0
    }
}

/// Fails when `font` has no glyph for a character of `text` (it would print as a box).
pub fn check_glyphs(font: &FontRef, font_name: &str, text: &str) -> Result<(), String> {
    match text
        .chars()
        .find(|&c| !c.is_whitespace() && font.glyph_id(c).0 == 0)
    {
        Some(c) => Err(format!(
            "font {font_name} has no glyph for {c:?} in {text:?}"
        )),
        None => Ok(()),
    }
}

/// Draws `text` with its baseline at `baseline`, starting at `x`; returns the x after the text.
#[allow(clippy::too_many_arguments)]
pub fn text(
    img: &mut RgbImage,
    font: &FontRef,
    px: f32,
    x: f32,
    baseline: f32,
    color: Rgb,
    text: &str,
    tracking: f32,
) -> f32 {
    let scaled = font.as_scaled(PxScale::from(px));
    let mut caret = x;
    let mut prev = None;
    for c in text.chars() {
        let id = font.glyph_id(c);
        if let Some(p) = prev {
            caret += scaled.kern(p, id);
        }
        let glyph = id.with_scale_and_position(px, ab_glyph::point(caret, baseline));
        if let Some(outline) = font.outline_glyph(glyph) {
            let bounds = outline.px_bounds();
            outline.draw(|gx, gy, coverage| {
                blend(
                    img,
                    bounds.min.x as i32 + gx as i32,
                    bounds.min.y as i32 + gy as i32,
                    color,
                    coverage,
                );
            });
        }
        caret += scaled.h_advance(id) + tracking;
        prev = Some(id);
    }
    caret
}

/// Draws each character of `text` centred in its own cell of width `pitch` (a monospaced
/// line such as an MRZ), starting at `x`.
#[allow(clippy::too_many_arguments)]
pub fn text_cells(
    img: &mut RgbImage,
    font: &FontRef,
    px: f32,
    x: f32,
    baseline: f32,
    color: Rgb,
    text_line: &str,
    pitch: f32,
) {
    let mut buf = [0u8; 4];
    for (i, c) in text_line.chars().enumerate() {
        let s = c.encode_utf8(&mut buf);
        let w = text_width(font, px, s, 0.0);
        let cx = x + pitch * i as f32 + (pitch - w) / 2.0;
        text(img, font, px, cx, baseline, color, s, 0.0);
    }
}

/// Fills the axis-aligned rectangle [x0, x1) x [y0, y1) with `color` at opacity `a`.
pub fn fill_rect(img: &mut RgbImage, x0: i32, y0: i32, x1: i32, y1: i32, color: Rgb, a: f32) {
    for y in y0.max(0)..y1.min(img.height() as i32) {
        for x in x0.max(0)..x1.min(img.width() as i32) {
            blend(img, x, y, color, a);
        }
    }
}

/// Prints `layer` over `img` as ink on paper does: each channel multiplied,
/// so white leaves the page as it is and black print under the ink stays black.
pub fn multiply(img: &mut RgbImage, layer: &RgbImage) {
    for (p, l) in img.pixels_mut().zip(layer.pixels()) {
        for (dst, &ink) in p.0.iter_mut().zip(&l.0) {
            *dst = ((u16::from(*dst) * u16::from(ink) + 127) / 255) as u8;
        }
    }
}

/// Fills an anti-aliased ellipse.
pub fn fill_ellipse(img: &mut RgbImage, cx: f32, cy: f32, rx: f32, ry: f32, color: Rgb, a: f32) {
    let (x0, x1) = ((cx - rx - 2.0) as i32, (cx + rx + 2.0) as i32);
    let (y0, y1) = ((cy - ry - 2.0) as i32, (cy + ry + 2.0) as i32);
    let r = rx.min(ry);
    for y in y0..=y1 {
        for x in x0..=x1 {
            let dx = (x as f32 + 0.5 - cx) / rx;
            let dy = (y as f32 + 0.5 - cy) / ry;
            // Signed distance to the boundary, approximated in units of the smaller radius.
            let d = ((dx * dx + dy * dy).sqrt() - 1.0) * r;
            let cov = (0.5 - d).clamp(0.0, 1.0);
            blend(img, x, y, color, a * cov);
        }
    }
}

/// Fills an anti-aliased ring (annulus) between radii `r_in` and `r_out`.
pub fn fill_ring(img: &mut RgbImage, cx: f32, cy: f32, r_in: f32, r_out: f32, color: Rgb) {
    let (x0, x1) = ((cx - r_out - 2.0) as i32, (cx + r_out + 2.0) as i32);
    let (y0, y1) = ((cy - r_out - 2.0) as i32, (cy + r_out + 2.0) as i32);
    for y in y0..=y1 {
        for x in x0..=x1 {
            let d = (x as f32 + 0.5 - cx).hypot(y as f32 + 0.5 - cy);
            let cov = (r_out + 0.5 - d).clamp(0.0, 1.0) * (d - r_in + 0.5).clamp(0.0, 1.0);
            blend(img, x, y, color, cov);
        }
    }
}

/// Fills a polygon with 4x4 supersampling (even-odd rule).
pub fn fill_polygon(img: &mut RgbImage, pts: &[(f32, f32)], color: Rgb) {
    let min_x = pts.iter().map(|p| p.0).fold(f32::MAX, f32::min).floor() as i32;
    let max_x = pts.iter().map(|p| p.0).fold(f32::MIN, f32::max).ceil() as i32;
    let min_y = pts.iter().map(|p| p.1).fold(f32::MAX, f32::min).floor() as i32;
    let max_y = pts.iter().map(|p| p.1).fold(f32::MIN, f32::max).ceil() as i32;
    for y in min_y..=max_y {
        for x in min_x..=max_x {
            let mut hits = 0;
            for sy in 0..4 {
                for sx in 0..4 {
                    let px = x as f32 + (sx as f32 + 0.5) / 4.0;
                    let py = y as f32 + (sy as f32 + 0.5) / 4.0;
                    if inside(pts, px, py) {
                        hits += 1;
                    }
                }
            }
            blend(img, x, y, color, hits as f32 / 16.0);
        }
    }
}

fn inside(pts: &[(f32, f32)], x: f32, y: f32) -> bool {
    let mut inside = false;
    let mut j = pts.len() - 1;
    for i in 0..pts.len() {
        let (xi, yi) = pts[i];
        let (xj, yj) = pts[j];
        if (yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi {
            inside = !inside;
        }
        j = i;
    }
    inside
}

/// A five-pointed star centred at (cx, cy) with outer radius `r`, first point at `angle_deg`
/// (0 = straight up).
pub fn star(cx: f32, cy: f32, r: f32, angle_deg: f32) -> Vec<(f32, f32)> {
    (0..10)
        .map(|i| {
            let radius = if i % 2 == 0 { r } else { r * 0.382 };
            let t = (angle_deg + 36.0 * i as f32).to_radians();
            (cx + radius * t.sin(), cy - radius * t.cos())
        })
        .collect()
}

/// Fills the whole image with a diagonal gradient from `a` (top left) to `b` (bottom right).
pub fn gradient(img: &mut RgbImage, a: Rgb, b: Rgb) {
    let (w, h) = (img.width() as f32, img.height() as f32);
    for (x, y, p) in img.enumerate_pixels_mut() {
        let t = (x as f32 / w * 0.6 + y as f32 / h * 0.4).clamp(0.0, 1.0);
        for ((c, ca), cb) in p.0.iter_mut().zip(a).zip(b) {
            *c = (f32::from(ca) * (1.0 - t) + f32::from(cb) * t).round() as u8;
        }
    }
}

/// One family of fine wavy lines, like the offset-printed guilloche of security paper.
pub struct Waves {
    /// Vertical distance between neighbouring lines, in pixels.
    pub spacing: f32,
    /// Amplitudes and wavelengths of the two sine components.
    pub amp: (f32, f32),
    /// Wavelengths of the two sine components.
    pub wavelength: (f32, f32),
    /// Phase offset in radians.
    pub phase: f32,
    /// Slope added to every line (dy/dx).
    pub tilt: f32,
    /// Line width in pixels.
    pub width: f32,
    /// Line colour and opacity.
    pub color: Rgb,
    /// Opacity of the line colour.
    pub alpha: f32,
}

/// Draws a family of wavy lines over the region [x0, x1) x [y0, y1).
pub fn waves(img: &mut RgbImage, w: &Waves, region: (u32, u32, u32, u32)) {
    use std::f32::consts::TAU;
    let (x0, y0, x1, y1) = region;
    for y in y0..y1.min(img.height()) {
        for x in x0..x1.min(img.width()) {
            let (xf, yf) = (x as f32 + 0.5, y as f32 + 0.5);
            let a1 = TAU * xf / w.wavelength.0 + w.phase;
            let a2 = TAU * xf / w.wavelength.1 + 2.0 * w.phase;
            let u = yf + w.tilt * xf - w.amp.0 * a1.sin() - w.amp.1 * a2.sin();
            let slope = w.tilt
                - w.amp.0 * TAU / w.wavelength.0 * a1.cos()
                - w.amp.1 * TAU / w.wavelength.1 * a2.cos();
            let t = u / w.spacing;
            let d = (t - t.round()).abs() * w.spacing / (1.0 + slope * slope).sqrt();
            let cov = (w.width / 2.0 + 0.5 - d).clamp(0.0, 1.0);
            if cov > 0.0 {
                blend(img, x as i32, y as i32, w.color, w.alpha * cov);
            }
        }
    }
}

/// Concentric wavy rings (a rosette) centred at (cx, cy) out to `radius`.
#[allow(clippy::too_many_arguments)]
pub fn rosette(
    img: &mut RgbImage,
    cx: f32,
    cy: f32,
    radius: f32,
    spacing: f32,
    lobes: f32,
    amp: f32,
    color: Rgb,
    alpha: f32,
) {
    let (x0, x1) = ((cx - radius).max(0.0) as u32, (cx + radius) as u32);
    let (y0, y1) = ((cy - radius).max(0.0) as u32, (cy + radius) as u32);
    for y in y0..y1.min(img.height()) {
        for x in x0..x1.min(img.width()) {
            let (dx, dy) = (x as f32 + 0.5 - cx, y as f32 + 0.5 - cy);
            let r = dx.hypot(dy);
            if r > radius || r < spacing {
                continue;
            }
            let theta = dy.atan2(dx);
            let fade = 1.0 - r / radius;
            for (k, phase) in [(1.0, 0.0), (-1.0, 0.7)] {
                let u = r - amp * (lobes * theta * k + phase).sin();
                let t = u / spacing;
                let d = (t - t.round()).abs() * spacing;
                let cov = (1.0 - d).clamp(0.0, 1.0);
                if cov > 0.0 {
                    blend(img, x as i32, y as i32, color, alpha * cov * fade);
                }
            }
        }
    }
}

/// A head-and-shoulders silhouette on a pale rectangle: the portrait placeholder.
pub fn portrait(img: &mut RgbImage, x0: f32, y0: f32, x1: f32, y1: f32, bg: Rgb, fg: Rgb) {
    fill_rect(img, x0 as i32, y0 as i32, x1 as i32, y1 as i32, bg, 1.0);
    let (w, h) = (x1 - x0, y1 - y0);
    let cx = w / 2.0;
    // A coverage mask of the portrait box: shoulders (clipped at the bottom), neck, head.
    let white = [255, 255, 255];
    let mut mask = RgbImage::new(w as u32, h as u32);
    fill_ellipse(&mut mask, cx, h * 1.04, w * 0.48, h * 0.36, white, 1.0);
    let (nx0, nx1) = ((cx - w * 0.11) as i32, (cx + w * 0.11) as i32);
    fill_rect(
        &mut mask,
        nx0,
        (h * 0.50) as i32,
        nx1,
        (h * 0.74) as i32,
        white,
        1.0,
    );
    fill_ellipse(&mut mask, cx, h * 0.38, w * 0.23, h * 0.20, white, 1.0);
    for (x, y, p) in mask.enumerate_pixels() {
        let a = f32::from(p.0[0]) / 255.0;
        blend(img, x0 as i32 + x as i32, y0 as i32 + y as i32, fg, a);
    }
}
