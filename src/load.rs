//! Decodes untrusted image bytes safely into grey: size and dimension caps
//! checked from the header before any pixel is decoded, a decoder allocation
//! cap, and the EXIF orientation applied (Leptonica ignores it). Everything
//! after this step works on grey. Judging the pixels is left to `quality`.

use std::io::Cursor;
use std::path::Path;

use image::{DynamicImage, GrayImage, ImageDecoder, ImageReader, RgbImage};

use crate::error::{Error, ErrorKind};
use crate::limits::Limits;

/// A decoded image, upright, in grey.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The pixels in grey, in the [`Tone`] asked for, with EXIF orientation
    /// applied.
    pub gray: GrayImage,
    /// The EXIF `Software` tag, if the file has one (edit traces).
    pub software: Option<String>,
    /// The file holds colour channels: [`Tone::Ink`] gives a different grey.
    pub coloured: bool,
}

/// How colour pixels become grey.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    /// Luminance, what the eye sees: a JPEG's own luma channel (Y, BT.601
    /// weights), decoded alone; any other file's colours as `image`'s
    /// `to_luma8` weighs them (BT.709). The two agree on black print and
    /// white paper (the fixtures' JPEGs differ by at most 3 levels) and
    /// part on saturated colours (BT.601 weighs red more, green less).
    Luma,
    /// The lightest of the channels, a colour drop-out: black ink stays
    /// black, while coloured print (a red SPECIMEN stamp, a tinted
    /// guilloche) turns as light as its brightest channel. An MRZ is
    /// printed in black, so a band garbled under a stamp reads clean this way.
    Ink,
}

/// Reads and decodes the file at `path`. Errs when the file is missing or
/// unreadable, larger than the limits, or not a complete supported image.
pub fn file(path: &Path, limits: &Limits, tone: Tone) -> Result<Loaded, Error> {
    let what = path.display().to_string();
    let meta = std::fs::metadata(path).map_err(|source| ErrorKind::Io {
        path: path.to_path_buf(),
        source,
    })?;
    if meta.is_dir() {
        return Err(ErrorKind::Decode {
            what,
            detail: "is a directory".into(),
        }
        .into());
    }
    check(&what, "file size", limits.max_file_bytes, meta.len())?;
    let bytes = std::fs::read(path).map_err(|source| ErrorKind::Io {
        path: path.to_path_buf(),
        source,
    })?;
    bytes_named(&bytes, &what, limits, tone)
}

/// Decodes an image held in memory; `what` names it in errors ("front image").
pub fn bytes_named(bytes: &[u8], what: &str, limits: &Limits, tone: Tone) -> Result<Loaded, Error> {
    check(what, "file size", limits.max_file_bytes, bytes.len() as u64)?;
    let decode_err = |detail: String| -> Error {
        ErrorKind::Decode {
            what: what.to_string(),
            detail,
        }
        .into()
    };
    let reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| decode_err(e.to_string()))?;
    let reader_format = reader.format();
    match reader_format {
        None => return Err(decode_err("not a supported image format".into())),
        Some(image::ImageFormat::Jpeg) if !jpeg_complete(bytes) => {
            // The JPEG decoder fills a cut-off scan with grey and says nothing.
            return Err(decode_err(
                "truncated JPEG (no end-of-image marker after the last scan)".into(),
            ));
        }
        Some(_) => {}
    }
    let mut decoder = reader
        .into_decoder()
        .map_err(|e| decode_err(e.to_string()))?;
    let (w, h) = decoder.dimensions();
    check(
        what,
        "image width",
        u64::from(limits.max_dimension),
        u64::from(w),
    )?;
    check(
        what,
        "image height",
        u64::from(limits.max_dimension),
        u64::from(h),
    )?;
    check(
        what,
        "image pixels",
        limits.max_pixels,
        u64::from(w) * u64::from(h),
    )?;
    if w == 0 || h == 0 {
        return Err(decode_err("image has no pixels".into()));
    }
    let mut dec_limits = image::Limits::default();
    dec_limits.max_image_width = Some(limits.max_dimension);
    dec_limits.max_image_height = Some(limits.max_dimension);
    dec_limits.max_alloc = Some(limits.max_alloc_bytes);
    decoder
        .set_limits(dec_limits)
        .map_err(|e| decode_err(e.to_string()))?;
    let orientation = decoder.orientation().ok();
    let software = decoder
        .exif_metadata()
        .ok()
        .flatten()
        .and_then(|raw| exif_software(&raw));
    let stored_luma = match (reader_format, tone) {
        (Some(image::ImageFormat::Jpeg), Tone::Luma) => jpeg_luma(bytes, limits),
        _ => None,
    };
    let (gray, coloured) = match stored_luma {
        Some(read) => read.map_err(decode_err)?,
        None => {
            let decoded =
                DynamicImage::from_decoder(decoder).map_err(|e| decode_err(e.to_string()))?;
            let coloured = decoded.color().has_color();
            (to_gray(decoded, tone), coloured)
        }
    };
    let gray = match orientation {
        Some(o) => {
            let mut image = DynamicImage::ImageLuma8(gray);
            image.apply_orientation(o);
            image.into_luma8()
        }
        None => gray,
    };
    Ok(Loaded {
        gray,
        software,
        coloured,
    })
}

/// A decoded image in grey, in `tone`.
fn to_gray(decoded: DynamicImage, tone: Tone) -> GrayImage {
    match (decoded, tone) {
        (DynamicImage::ImageLuma8(gray), _) => gray,
        (DynamicImage::ImageRgb8(rgb), Tone::Luma) => luma(&rgb),
        (other, Tone::Luma) => other.to_luma8(),
        (other, Tone::Ink) => lightest_channel(&other.into_rgb8()),
    }
}

/// The luma a JPEG stores, decoded alone: a YCbCr JPEG (every photo and
/// scan) keeps brightness in its Y channel (BT.601 weights, JFIF), so its
/// grey needs neither the two colour channels' inverse DCT nor a colour
/// conversion: about half of a full decode and conversion (`make bench`,
/// group `decode`, times it on a 1300 × 915 page).
/// `None` for a JPEG stored otherwise (CMYK, YCCK): the general path
/// converts it. The flag says whether the file holds colour.
fn jpeg_luma(bytes: &[u8], limits: &Limits) -> Option<Result<(GrayImage, bool), String>> {
    use zune_core::colorspace::ColorSpace;
    let max = limits.max_dimension as usize;
    let options = zune_core::options::DecoderOptions::default()
        .set_strict_mode(false)
        .set_max_width(max)
        .set_max_height(max)
        .jpeg_set_out_colorspace(ColorSpace::Luma);
    let mut decoder = zune_jpeg::JpegDecoder::new_with_options(
        zune_core::bytestream::ZCursor::new(bytes),
        options,
    );
    if let Err(e) = decoder.decode_headers() {
        return Some(Err(e.to_string()));
    }
    let coloured = match decoder.input_colorspace()? {
        ColorSpace::YCbCr => true,
        ColorSpace::Luma => false,
        _ => return None,
    };
    let (w, h) = decoder.dimensions()?;
    Some(match decoder.decode() {
        Ok(pixels) => GrayImage::from_raw(w as u32, h as u32, pixels)
            .map(|gray| (gray, coloured))
            .ok_or_else(|| "decoded luma does not fill the image".to_string()),
        Err(e) => Err(e.to_string()),
    })
}

/// Each pixel's lightest channel ([`Tone::Ink`]).
fn lightest_channel(rgb: &RgbImage) -> GrayImage {
    let pixels = rgb
        .as_raw()
        .chunks_exact(3)
        .map(|p| p[0].max(p[1]).max(p[2]))
        .collect();
    GrayImage::from_raw(rgb.width(), rgb.height(), pixels)
        .expect("one grey pixel per RGB pixel fills the image")
}

/// `rgb` in grey, pixel for pixel as `image`'s `to_luma8` makes it (a test
/// compares every colour): the same weights (the luminance row of the
/// BT.709 primaries with a D65 white, from `moxcms` as `image` takes them),
/// the same float steps, and its rounding (half away from zero) done
/// without a libm call per pixel: 2.2 ms instead of 3.5 ms for a
/// 1300 × 915 page.
fn luma(rgb: &RgbImage) -> GrayImage {
    let [kr, kg, kb] = moxcms::ColorPrimaries::BT_709
        .transform_to_xyz(moxcms::Chromaticity::D65)
        .v[1];
    const TO_UNIT: f32 = 1.0 / u8::MAX as f32;
    let mut pixels = vec![0u8; rgb.as_raw().len() / 3];
    for (out, p) in pixels.iter_mut().zip(rgb.as_raw().chunks_exact(3)) {
        let y = multiply_accumulate(0.0, f32::from(p[0]) * TO_UNIT, kr);
        let y = multiply_accumulate(y, f32::from(p[1]) * TO_UNIT, kg);
        let y = multiply_accumulate(y, f32::from(p[2]) * TO_UNIT, kb);
        let v = (y * f32::from(u8::MAX)).clamp(0.0, 255.0);
        // Exact for 0 ≤ v < 2²³: the fraction is what truncation dropped.
        let whole = v as i32;
        *out = (whole + i32::from(v - whole as f32 >= 0.5)).min(255) as u8;
    }
    GrayImage::from_raw(rgb.width(), rgb.height(), pixels)
        .expect("one grey pixel per RGB pixel fills the image")
}

/// `acc + a·b`, fused where `image` fuses it (its `multiply_accumulate`).
#[inline(always)]
fn multiply_accumulate(acc: f32, a: f32, b: f32) -> f32 {
    if cfg!(any(
        all(
            any(target_arch = "x86", target_arch = "x86_64"),
            target_feature = "fma"
        ),
        all(target_arch = "aarch64", target_feature = "neon")
    )) {
        a.mul_add(b, acc)
    } else {
        acc + a * b
    }
}

fn check(what: &str, limit: &'static str, max: u64, actual: u64) -> Result<(), Error> {
    if actual > max {
        return Err(ErrorKind::LimitExceeded {
            what: what.to_string(),
            limit,
            max,
            actual,
        }
        .into());
    }
    Ok(())
}

/// Whether a JPEG holds a whole picture: its last scan (SOS, FF DA) is
/// followed by an end-of-image marker (FF D9), or it is progressive (several
/// scans), where a cut-off last scan only loses refinement and the earlier
/// scans still cover the picture. Inside entropy-coded data an FF byte is
/// always stuffed (FF 00), so FF D9 after the last SOS is the real end; an
/// EXIF thumbnail's EOI comes before the main scan and does not count.
fn jpeg_complete(bytes: &[u8]) -> bool {
    let mut sos: Vec<usize> = Vec::new();
    let mut from = 0;
    while let Some(i) = bytes[from..].iter().position(|&b| b == 0xFF) {
        let at = from + i;
        if bytes.get(at + 1) == Some(&0xDA) {
            sos.push(at);
        }
        from = at + 1;
    }
    match sos.last() {
        Some(&last) => sos.len() >= 2 || bytes[last..].windows(2).any(|w| w == [0xFF, 0xD9]),
        None => false,
    }
}

fn exif_software(raw: &[u8]) -> Option<String> {
    let exif = exif::Reader::new().read_raw(raw.to_vec()).ok()?;
    let field = exif.get_field(exif::Tag::Software, exif::In::PRIMARY)?;
    match &field.value {
        exif::Value::Ascii(parts) => parts
            .first()
            .map(|p| String::from_utf8_lossy(p).trim().to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(w: u32, h: u32) -> Vec<u8> {
        let img = DynamicImage::new_luma8(w, h);
        let mut out = Vec::new();
        img.write_to(&mut Cursor::new(&mut out), image::ImageFormat::Png)
            .expect("encoding a small PNG in memory cannot fail");
        out
    }

    #[test]
    fn decodes_png() {
        let l = bytes_named(&png(20, 10), "t", &Limits::default(), Tone::Luma).unwrap();
        assert_eq!(l.gray.dimensions(), (20, 10));
    }

    /// Ink tone keeps black print black and lifts a red stamp toward white;
    /// a grey file has no colour to drop.
    #[test]
    fn ink_tone_drops_colour_out() {
        let limits = Limits::default();
        assert!(
            !bytes_named(&png(8, 8), "t", &limits, Tone::Luma)
                .unwrap()
                .coloured
        );
        let stamp = image::Rgb([229, 120, 128]);
        let ink = image::Rgb([30, 30, 34]);
        let img = RgbImage::from_fn(8, 8, |x, _| if x < 4 { stamp } else { ink });
        let mut bytes = Vec::new();
        DynamicImage::ImageRgb8(img)
            .write_to(&mut Cursor::new(&mut bytes), image::ImageFormat::Png)
            .unwrap();
        let luma = bytes_named(&bytes, "t", &limits, Tone::Luma).unwrap();
        let dropped = bytes_named(&bytes, "t", &limits, Tone::Ink).unwrap();
        assert!(luma.coloured && dropped.coloured);
        assert!(luma.gray.get_pixel(0, 0)[0] < 150);
        assert_eq!(dropped.gray.get_pixel(0, 0)[0], 229);
        assert_eq!(dropped.gray.get_pixel(7, 0)[0], 34);
    }

    /// Every one of the 2²⁴ colours turns into the grey `to_luma8` gives it.
    #[test]
    fn luma_is_to_luma8_for_every_colour() {
        let all = RgbImage::from_fn(4096, 4096, |x, y| {
            let c = y * 4096 + x;
            image::Rgb([(c >> 16) as u8, (c >> 8) as u8, c as u8])
        });
        let want = DynamicImage::ImageRgb8(all.clone()).to_luma8();
        let got = luma(&all);
        if let Some(i) = got
            .as_raw()
            .iter()
            .zip(want.as_raw())
            .position(|(a, b)| a != b)
        {
            panic!(
                "colour {:06x}: {} instead of {}",
                i,
                got.as_raw()[i],
                want.as_raw()[i]
            );
        }
    }

    /// A colour JPEG's grey is its stored luma (BT.601's weighting of its
    /// colours); a grey JPEG has no colour.
    #[test]
    fn jpeg_grey_is_its_stored_luma() {
        let rgb = RgbImage::from_fn(64, 48, |x, y| {
            image::Rgb([(x * 4) as u8, (y * 5) as u8, ((x + y) * 2) as u8])
        });
        let mut jpg = Vec::new();
        DynamicImage::ImageRgb8(rgb)
            .write_to(&mut Cursor::new(&mut jpg), image::ImageFormat::Jpeg)
            .expect("encoding a JPEG in memory cannot fail");
        let limits = Limits::default();
        let got = bytes_named(&jpg, "t", &limits, Tone::Luma).unwrap();
        assert!(got.coloured);
        // BT.601's luma of the decoded colours, which the stored Y is up to
        // rounding and the colour channels' subsampling.
        let decoded = image::load_from_memory(&jpg).unwrap().to_rgb8();
        let worst = got
            .gray
            .as_raw()
            .iter()
            .zip(decoded.pixels())
            .map(|(&y, p)| {
                let [r, g, b] = p.0.map(f32::from);
                (f32::from(y) - (0.299 * r + 0.587 * g + 0.114 * b)).abs()
            })
            .fold(0.0f32, f32::max);
        assert!(worst <= 6.0, "{worst}");
        let mut grey = Vec::new();
        DynamicImage::ImageLuma8(DynamicImage::ImageRgb8(decoded).into_luma8())
            .write_to(&mut Cursor::new(&mut grey), image::ImageFormat::Jpeg)
            .expect("encoding a JPEG in memory cannot fail");
        assert!(
            !bytes_named(&grey, "t", &limits, Tone::Luma)
                .unwrap()
                .coloured
        );
    }

    #[test]
    fn rejects_text_and_truncation() {
        let e = bytes_named(b"hello world", "t", &Limits::default(), Tone::Luma).unwrap_err();
        assert!(matches!(e.kind(), ErrorKind::Decode { .. }), "{e}");
        let p = png(200, 200);
        let e = bytes_named(&p[..p.len() / 2], "t", &Limits::default(), Tone::Luma).unwrap_err();
        assert!(matches!(e.kind(), ErrorKind::Decode { .. }), "{e}");
    }

    #[test]
    fn truncated_jpeg_is_an_error() {
        let img = DynamicImage::new_luma8(64, 64);
        let mut jpg = Vec::new();
        img.write_to(&mut Cursor::new(&mut jpg), image::ImageFormat::Jpeg)
            .expect("encoding a small JPEG in memory cannot fail");
        assert!(bytes_named(&jpg, "t", &Limits::default(), Tone::Luma).is_ok());
        let e =
            bytes_named(&jpg[..jpg.len() - 10], "t", &Limits::default(), Tone::Luma).unwrap_err();
        assert!(e.to_string().contains("truncated"), "{e}");
    }

    #[test]
    fn dimension_cap_checked_before_decoding() {
        let limits = Limits {
            max_dimension: 100,
            ..Limits::default()
        };
        let e = bytes_named(&png(200, 10), "t", &limits, Tone::Luma).unwrap_err();
        assert!(
            matches!(
                e.kind(),
                ErrorKind::LimitExceeded {
                    limit: "image width",
                    ..
                }
            ),
            "{e}"
        );
    }
}
