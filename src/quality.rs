//! Image measures taken before OCR: sharpness, glare, brightness, contrast and
//! size, each computed on a copy scaled to a fixed width so they do not depend on
//! the photo's resolution. Turning measures into reasons is `verify`'s job with
//! thresholds from `Policy`.

use crate::resample::{self, Filter};
use image::GrayImage;
use serde::Serialize;

/// Width the measures are normalized to.
const NORM_WIDTH: u32 = 1000;

/// Measures of one image.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct QualityMeasures {
    /// Variance of the Laplacian at 1000 px width: ~1000 sharp, under ~30 blurry.
    pub sharpness: f64,
    /// Fraction of pixels that are saturated (≥ 250), 0 to 1.
    pub glare: f64,
    /// Mean brightness, 0 (black) to 1 (white).
    pub brightness: f64,
    /// Standard deviation of brightness, 0 to 0.5.
    pub contrast: f64,
    /// Image width in pixels.
    pub width: u32,
    /// Image height in pixels.
    pub height: u32,
    /// The EXIF `Software` tag of the file, if any (an editing app leaves its name here).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub software: Option<String>,
}

/// Measures `gray`. Takes a few milliseconds.
pub fn measure(gray: &GrayImage) -> QualityMeasures {
    let (width, height) = gray.dimensions();
    if width < 3 || height < 3 {
        return QualityMeasures {
            width,
            height,
            ..QualityMeasures::default()
        };
    }
    let norm = if width == NORM_WIDTH {
        gray.clone()
    } else {
        let h = ((height as f64 * NORM_WIDTH as f64 / width as f64).round() as u32).max(3);
        resample::resize(gray, NORM_WIDTH, h, Filter::Bilinear)
    };
    let (w, h) = norm.dimensions();
    let px = norm.as_raw();
    let n = px.len() as f64;
    let mean = px.iter().map(|&p| f64::from(p)).sum::<f64>() / n;
    let var = px
        .iter()
        .map(|&p| (f64::from(p) - mean).powi(2))
        .sum::<f64>()
        / n;
    let saturated = px.iter().filter(|&&p| p >= 250).count() as f64 / n;
    let mut lap_sum = 0.0;
    let mut lap_sq = 0.0;
    let mut count = 0.0;
    for y in 1..h - 1 {
        for x in 1..w - 1 {
            let i = (y * w + x) as usize;
            let c = 4.0 * f64::from(px[i]);
            let l = c
                - f64::from(px[i - 1])
                - f64::from(px[i + 1])
                - f64::from(px[i - w as usize])
                - f64::from(px[i + w as usize]);
            lap_sum += l;
            lap_sq += l * l;
            count += 1.0;
        }
    }
    let lap_mean = lap_sum / count;
    let round3 = |v: f64| (v * 1000.0).round() / 1000.0;
    QualityMeasures {
        sharpness: round3(lap_sq / count - lap_mean * lap_mean),
        glare: round3(saturated),
        brightness: round3(mean / 255.0),
        contrast: round3(var.sqrt() / 255.0),
        width,
        height,
        software: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::Luma;

    #[test]
    fn blur_lowers_sharpness_independent_of_size() {
        let mut img = GrayImage::from_pixel(800, 500, Luma([230]));
        for y in (50..450).step_by(20) {
            for x in (50..750).step_by(7) {
                for d in 0..3 {
                    img.put_pixel(x + d, y, Luma([20]));
                    img.put_pixel(x, y + d, Luma([20]));
                }
            }
        }
        let sharp = measure(&img);
        let blurred = measure(&imageproc::filter::gaussian_blur_f32(&img, 2.5));
        assert!(
            sharp.sharpness > 5.0 * blurred.sharpness,
            "{sharp:?} {blurred:?}"
        );
        let big = image::imageops::resize(&img, 1600, 1000, image::imageops::FilterType::Nearest);
        let ratio = measure(&big).sharpness / sharp.sharpness;
        assert!((0.3..3.0).contains(&ratio), "{ratio}");
        assert!(sharp.brightness > 0.8);
    }

    #[test]
    fn tiny_image_does_not_panic() {
        let m = measure(&GrayImage::new(2, 2));
        assert_eq!(m.width, 2);
    }
}
