//! Resizing grayscale images, the most frequent pixel operation before OCR
//! (analysis copies, text scaled to Tesseract's preferred height, the
//! lighting estimate). `fast_image_resize` does the convolution with SIMD,
//! about ten times faster than `image::imageops::resize` on this machine;
//! the results agree with it to within rounding.

use fast_image_resize as fr;
use image::GrayImage;

/// The convolution kernel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Filter {
    /// Area averaging (a box kernel): each target pixel is the mean of the
    /// source pixels it covers, for measuring a shrunk copy.
    Area,
    /// Linear interpolation (`image`'s `Triangle`): analysis copies.
    Bilinear,
    /// Catmull-Rom bicubic: text to be read.
    CatmullRom,
}

/// `gray` resized to `width` × `height` (each at least 1).
pub fn resize(gray: &GrayImage, width: u32, height: u32, filter: Filter) -> GrayImage {
    let (width, height) = (width.max(1), height.max(1));
    if gray.dimensions() == (width, height) {
        return gray.clone();
    }
    let alg = fr::ResizeAlg::Convolution(match filter {
        Filter::Area => fr::FilterType::Box,
        Filter::Bilinear => fr::FilterType::Bilinear,
        Filter::CatmullRom => fr::FilterType::CatmullRom,
    });
    let fast = (|| {
        let src = fr::images::ImageRef::new(
            gray.width(),
            gray.height(),
            gray.as_raw(),
            fr::PixelType::U8,
        )
        .ok()?;
        let mut dst = fr::images::Image::new(width, height, fr::PixelType::U8);
        fr::Resizer::new()
            .resize(&src, &mut dst, &fr::ResizeOptions::new().resize_alg(alg))
            .ok()?;
        GrayImage::from_raw(width, height, dst.into_vec())
    })();
    // The fast path fails only on an empty source; the slow one copes.
    fast.unwrap_or_else(|| {
        let f = match filter {
            Filter::Area | Filter::Bilinear => image::imageops::FilterType::Triangle,
            Filter::CatmullRom => image::imageops::FilterType::CatmullRom,
        };
        image::imageops::resize(gray, width, height, f)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A smooth ramp with a dark bar, like text on paper.
    fn gradient(w: u32, h: u32) -> GrayImage {
        GrayImage::from_fn(w, h, |x, y| {
            let ramp = (x + y) * 200 / (w + h).max(1) + 40;
            let bar = (w / 3..w / 3 + 6).contains(&x);
            image::Luma([if bar { 20 } else { ramp as u8 }])
        })
    }

    #[test]
    fn resize_agrees_with_image_crate() {
        let g = gradient(300, 200);
        for (w, h, filter, img_filter) in [
            (
                200,
                133,
                Filter::Bilinear,
                image::imageops::FilterType::Triangle,
            ),
            (
                450,
                300,
                Filter::CatmullRom,
                image::imageops::FilterType::CatmullRom,
            ),
        ] {
            let ours = resize(&g, w, h, filter);
            let theirs = image::imageops::resize(&g, w, h, img_filter);
            assert_eq!(ours.dimensions(), theirs.dimensions());
            // Interior pixels (edges are handled differently at the border).
            let mut worst = 0i32;
            for y in 4..h - 4 {
                for x in 4..w - 4 {
                    let d = i32::from(ours.get_pixel(x, y).0[0])
                        - i32::from(theirs.get_pixel(x, y).0[0]);
                    worst = worst.max(d.abs());
                }
            }
            assert!(worst <= 3, "{filter:?}: differs by {worst} levels");
        }
    }

    #[test]
    fn resize_handles_degenerate_sizes() {
        let g = gradient(5, 3);
        assert_eq!(resize(&g, 0, 0, Filter::Bilinear).dimensions(), (1, 1));
        assert_eq!(resize(&g, 50, 1, Filter::CatmullRom).dimensions(), (50, 1));
        let empty = GrayImage::new(0, 0);
        assert_eq!(resize(&empty, 3, 3, Filter::Bilinear).dimensions(), (3, 3));
    }
}
