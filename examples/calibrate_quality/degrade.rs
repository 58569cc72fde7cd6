//! Deterministic photo degradations of a grey document image, at mild and
//! severe levels, for calibrating and testing the image-quality reasons. Shared
//! by `examples/calibrate_quality.rs` and `tests/it/quality.rs`.
//!
//! "Mild" is what a phone photo that still reads fine looks like; "severe" is
//! what a KYC reviewer would send back. Positions and angles vary with the
//! image's index, so the set covers different places without randomness.

#![allow(dead_code)]

use image::imageops::{self, FilterType};
use image::{GrayImage, Luma};
use kycmatch::ReasonCode;

/// How bad a degradation is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// Nothing done (the fixture as generated, with its own mild degradation).
    Clean,
    /// Still reads fine: must not be flagged.
    Mild,
    /// Would be rejected by a reviewer: must be flagged with `expect`.
    Severe,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Clean => "clean",
            Level::Mild => "mild",
            Level::Severe => "severe",
        }
    }
}

/// One degradation: a name with its parameters, its level, the reason a
/// severe one must give, and the transformation (image, image index, where
/// the document lies on the image).
pub struct Degradation {
    pub name: &'static str,
    pub level: Level,
    pub expect: Option<ReasonCode>,
    pub apply: fn(&GrayImage, usize, &Place) -> GrayImage,
}

/// Where the document lies on the image: its own top-left, top-right,
/// bottom-right and bottom-left corners in the image's pixels (a photo's
/// truth file gives them; on a scan they are the image's). Glare is placed
/// on the document through them, so that "on the bottom text line" means
/// the document's, however the photo turned it.
#[derive(Debug, Clone, Copy)]
pub struct Place {
    pub corners: [(f32, f32); 4],
}

impl Place {
    /// The whole image is the document.
    pub fn whole(g: &GrayImage) -> Place {
        let (w, h) = (g.width() as f32, g.height() as f32);
        Place {
            corners: [(0.0, 0.0), (w, 0.0), (w, h), (0.0, h)],
        }
    }

    /// The image point at (`u`, `v`), fractions of the document's width and height.
    fn at(&self, u: f32, v: f32) -> (f32, f32) {
        let [a, b, c, d] = self.corners;
        let mix = |p: f32, q: f32, r: f32, s: f32| {
            p * (1.0 - u) * (1.0 - v) + q * u * (1.0 - v) + r * u * v + s * (1.0 - u) * v
        };
        (mix(a.0, b.0, c.0, d.0), mix(a.1, b.1, c.1, d.1))
    }

    /// The document's width in image pixels and the unit vector along it.
    fn across(&self) -> (f32, (f32, f32)) {
        let [a, b, c, d] = self.corners;
        let (dx, dy) = ((b.0 - a.0 + c.0 - d.0) / 2.0, (b.1 - a.1 + c.1 - d.1) / 2.0);
        let len = dx.hypot(dy).max(1.0);
        (len, (dx / len, dy / len))
    }
}

/// The whole set, clean first.
pub fn set() -> Vec<Degradation> {
    use Level::*;
    use ReasonCode as R;
    let d = |name, level, expect, apply| Degradation {
        name,
        level,
        expect,
        apply,
    };
    vec![
        d("none", Clean, None, |g, _, _| g.clone()),
        // Gaussian blur, σ in pixels of the ~1100-1300 px fixtures.
        d("gauss_0.6", Mild, None, |g, _, _| gaussian(g, 0.6)),
        d("gauss_1.0", Mild, None, |g, _, _| gaussian(g, 1.0)),
        d("gauss_2.5", Severe, Some(R::ImageBlurry), |g, _, _| {
            gaussian(g, 2.5)
        }),
        d("gauss_4.0", Severe, Some(R::ImageBlurry), |g, _, _| {
            gaussian(g, 4.0)
        }),
        // Motion blur: a straight smear of so many pixels, angle varying by image.
        d("motion_4", Mild, None, |g, i, _| motion(g, 4.0, angle(i))),
        d("motion_16", Severe, Some(R::ImageBlurry), |g, i, _| {
            motion(g, 16.0, angle(i))
        }),
        d("motion_28", Severe, Some(R::ImageBlurry), |g, i, _| {
            motion(g, 28.0, angle(i))
        }),
        // Glare: a small specular spot, a faint wide sheen; a large blob
        // anywhere, a smaller one over the bottom text (ID number, validity, MRZ).
        d("glare_spot", Mild, None, |g, i, at| {
            let (x, y) = spot(i);
            glare_on(g, at, x, y, 0.015, 0.015, 1.0)
        }),
        d("glare_sheen", Mild, None, |g, i, at| {
            let (x, y) = spot(i + 1);
            glare_on(g, at, x, y, 0.18, 0.12, 0.35)
        }),
        d("glare_large", Severe, Some(R::ImageGlare), |g, i, at| {
            let (x, y) = spot(i + 2);
            glare_on(g, at, x, y, 0.12, 0.08, 1.0)
        }),
        d("glare_on_text", Severe, Some(R::ImageGlare), |g, _, at| {
            glare_on(g, at, 0.55, 0.9, 0.07, 0.035, 1.0)
        }),
        // Darkness: exposure gain, with sensor noise when it is dark.
        d("dark_0.7", Mild, None, |g, _, _| gain(g, 0.7)),
        d("dark_0.5", Mild, None, |g, i, _| {
            noise(&gain(g, 0.5), 2.0, i as u64)
        }),
        d("dark_0.25", Severe, Some(R::ImageTooDark), |g, i, _| {
            noise(&gain(g, 0.25), 3.0, i as u64)
        }),
        d("dark_0.15", Severe, Some(R::ImageTooDark), |g, i, _| {
            noise(&gain(g, 0.15), 3.0, i as u64)
        }),
        // Overexposure: gain (paper clips), then the print pushed toward white.
        d("bright_1.15", Mild, None, |g, _, _| gain(g, 1.15)),
        d("washout_0.75", Mild, None, |g, _, _| washout(g, 1.1, 0.75)),
        d(
            "washout_0.35",
            Severe,
            Some(R::ImageOverexposed),
            |g, _, _| washout(g, 1.2, 0.35),
        ),
        d(
            "washout_0.25",
            Severe,
            Some(R::ImageOverexposed),
            |g, _, _| washout(g, 1.3, 0.25),
        ),
        // Resolution: the document photographed from further away.
        d("scale_0.75", Mild, None, |g, _, _| scale(g, 0.75)),
        d("scale_0.6", Mild, None, |g, _, _| scale(g, 0.6)),
        d("scale_0.4", Severe, Some(R::LowResolution), |g, _, _| {
            scale(g, 0.4)
        }),
        d("scale_0.25", Severe, Some(R::LowResolution), |g, _, _| {
            scale(g, 0.25)
        }),
        // Noise and a second JPEG generation: mild, must not look like anything.
        d("noise_4", Mild, None, |g, i, _| noise(g, 4.0, i as u64)),
        d("jpeg_50", Mild, None, |g, _, _| jpeg(g, 50)),
    ]
}

fn angle(i: usize) -> f32 {
    (i * 37 % 180) as f32
}

/// A place on the document (fractions of width and height), varying by image.
fn spot(i: usize) -> (f32, f32) {
    const SPOTS: [(f32, f32); 5] = [
        (0.3, 0.35),
        (0.7, 0.3),
        (0.5, 0.55),
        (0.25, 0.7),
        (0.75, 0.65),
    ];
    SPOTS[i % SPOTS.len()]
}

pub fn gaussian(g: &GrayImage, sigma: f32) -> GrayImage {
    imageproc::filter::gaussian_blur_f32(g, sigma)
}

/// Averages `length` pixels along a line at `deg` degrees (bilinear samples,
/// edges clamped): the smear of a camera moving during the exposure.
pub fn motion(g: &GrayImage, length: f32, deg: f32) -> GrayImage {
    let (w, h) = g.dimensions();
    let (dx, dy) = (deg.to_radians().cos(), deg.to_radians().sin());
    let n = length.round().max(1.0) as i32;
    let at = |x: f32, y: f32| -> f32 {
        let x = x.clamp(0.0, (w - 1) as f32);
        let y = y.clamp(0.0, (h - 1) as f32);
        let (x0, y0) = (x.floor() as u32, y.floor() as u32);
        let (x1, y1) = ((x0 + 1).min(w - 1), (y0 + 1).min(h - 1));
        let (fx, fy) = (x - x0 as f32, y - y0 as f32);
        let p = |x, y| f32::from(g.get_pixel(x, y).0[0]);
        (p(x0, y0) * (1.0 - fx) + p(x1, y0) * fx) * (1.0 - fy)
            + (p(x0, y1) * (1.0 - fx) + p(x1, y1) * fx) * fy
    };
    GrayImage::from_fn(w, h, |x, y| {
        let mut sum = 0.0;
        for k in 0..n {
            let t = k as f32 - (n - 1) as f32 / 2.0;
            sum += at(x as f32 + t * dx, y as f32 + t * dy);
        }
        Luma([(sum / n as f32).round() as u8])
    })
}

/// A specular highlight: an ellipse at (cx, cy) with radii (rx, ry), all as
/// fractions of the width, that lifts every pixel toward white by `strength`
/// (1: saturated core), with a soft shoulder outside the ellipse.
pub fn glare(g: &GrayImage, cx: f32, cy: f32, rx: f32, ry: f32, strength: f32) -> GrayImage {
    glare_on(g, &Place::whole(g), cx, cy, rx, ry, strength)
}

/// [`glare`] on the document at `place`: the centre at (`cu`, `cv`), fractions
/// of the document's width and height, the radii fractions of its width,
/// the ellipse's axes along the document's.
pub fn glare_on(
    g: &GrayImage,
    place: &Place,
    cu: f32,
    cv: f32,
    ru: f32,
    rv: f32,
    strength: f32,
) -> GrayImage {
    let (cx, cy) = place.at(cu, cv);
    let (width, (ax, ay)) = place.across();
    let (rx, ry) = (ru * width, rv * width);
    let mut out = g.clone();
    for (x, y, p) in out.enumerate_pixels_mut() {
        let (dx, dy) = (x as f32 - cx, y as f32 - cy);
        let (along, down) = (dx * ax + dy * ay, -dx * ay + dy * ax);
        let d = ((along / rx).powi(2) + (down / ry).powi(2)).sqrt();
        let profile = if d <= 1.0 {
            1.0
        } else {
            (-(d - 1.0).powi(2) / (2.0 * 0.3f32.powi(2))).exp()
        };
        let v = f32::from(p.0[0]);
        p.0[0] = (v + (255.0 - v) * strength * profile).round().min(255.0) as u8;
    }
    out
}

/// Multiplies every pixel by `k`, clipped to white.
pub fn gain(g: &GrayImage, k: f32) -> GrayImage {
    let mut out = g.clone();
    for p in out.pixels_mut() {
        p.0[0] = (f32::from(p.0[0]) * k).round().min(255.0) as u8;
    }
    out
}

/// Overexposure: gain `k` (paper clips), then every pixel's distance from
/// white kept only by `keep` (the print washes out toward white).
pub fn washout(g: &GrayImage, k: f32, keep: f32) -> GrayImage {
    let mut out = g.clone();
    for p in out.pixels_mut() {
        let v = (f32::from(p.0[0]) * k).min(255.0);
        p.0[0] = (255.0 - (255.0 - v) * keep).round() as u8;
    }
    out
}

/// Adds Gaussian-like noise of standard deviation `sigma` (sum of uniform
/// draws from a fixed-seed generator).
pub fn noise(g: &GrayImage, sigma: f32, seed: u64) -> GrayImage {
    let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state >> 11) as f32 / (1u64 << 53) as f32
    };
    let mut out = g.clone();
    for p in out.pixels_mut() {
        // Four uniforms on [0, 1): variance 4/12, so scale by sqrt(3).
        let z = (next() + next() + next() + next() - 2.0) * 3f32.sqrt();
        p.0[0] = (f32::from(p.0[0]) + z * sigma).round().clamp(0.0, 255.0) as u8;
    }
    out
}

/// The same picture at `k` times the size.
pub fn scale(g: &GrayImage, k: f32) -> GrayImage {
    let (w, h) = g.dimensions();
    let nw = ((w as f32 * k).round() as u32).max(1);
    let nh = ((h as f32 * k).round() as u32).max(1);
    imageops::resize(g, nw, nh, FilterType::Triangle)
}

/// Encodes as JPEG of `quality` and decodes again.
pub fn jpeg(g: &GrayImage, quality: u8) -> GrayImage {
    let mut bytes = Vec::new();
    let enc = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut bytes, quality);
    if g.write_with_encoder(enc).is_err() {
        return g.clone();
    }
    image::load_from_memory(&bytes)
        .map(|i| i.to_luma8())
        .unwrap_or_else(|_| g.clone())
}
