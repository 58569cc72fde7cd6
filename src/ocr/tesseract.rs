//! The leptess (Tesseract 5 + Leptonica) implementation of [`Ocr`]; the only
//! file that names leptess. One [`Tesseract`] holds one warm engine per
//! language, created on first use and reused; it is `Send` but not `Sync`, so a
//! service keeps one per worker (the `Verifier` pool does).
//!
//! Traps handled here (see STACK-NOTES.md): the text getters panic when no image
//! is set, so an image is always set first; `set_rectangle` with a zero side
//! crashes, so regions are cropped in Rust instead; variables persist across
//! images, so segmentation and whitelist are set on every call. Pixels are
//! handed over as they are (`TessBaseAPISetImage`), not encoded as an image
//! file for Leptonica to parse again.

use std::collections::HashMap;
use std::ffi::CString;

use image::GrayImage;
use leptess::tesseract::TessApi;
use leptess::Variable;

use crate::error::{Error, ErrorKind};
use crate::ocr::{Lang, Ocr, OcrPage, Request, Segmentation};

/// Warm Tesseract engines, one per language model, for one thread at a time.
pub struct Tesseract {
    datapath: Option<String>,
    engines: HashMap<Lang, TessApi>,
}

impl std::fmt::Debug for Tesseract {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tesseract")
            .field("datapath", &self.datapath)
            .field("languages", &self.engines.keys().collect::<Vec<_>>())
            .finish()
    }
}

impl Tesseract {
    /// Engines for `preload` languages, built now (each ~0.1–0.3 s); others are
    /// built on first use. `datapath` overrides the tessdata folder (default:
    /// `TESSDATA_PREFIX` or the system's). Errs when language data is missing.
    pub fn new(datapath: Option<&str>, preload: &[Lang]) -> Result<Tesseract, Error> {
        silence_leptonica();
        let mut t = Tesseract {
            datapath: datapath.map(str::to_string),
            engines: HashMap::new(),
        };
        for &lang in preload {
            t.engine(lang)?;
        }
        Ok(t)
    }

    fn engine(&mut self, lang: Lang) -> Result<&mut TessApi, Error> {
        if !self.engines.contains_key(&lang) {
            let mut e = TessApi::new(self.datapath.as_deref(), lang.code()).map_err(|_| {
                Error::from(ErrorKind::Ocr(format!(
                    "cannot load Tesseract language data '{}' (install tesseract-ocr-{})",
                    lang.code(),
                    lang.code().replace('_', "-")
                )))
            })?;
            // Tesseract's own diagnostics go nowhere; errors reach us as return values.
            let _ = set_variable(&mut e, Variable::DebugFile, "/dev/null");
            self.engines.insert(lang, e);
        }
        self.engines
            .get_mut(&lang)
            .ok_or_else(|| ErrorKind::Ocr("engine vanished".into()).into())
    }
}

fn silence_leptonica() {
    // SAFETY: setMsgSeverity only stores an integer in Leptonica's global state.
    unsafe {
        leptess::capi::setMsgSeverity(leptess::capi::L_SEVERITY_NONE as i32);
    }
}

/// Sets one of Tesseract's variables; errs when Tesseract does not know it or
/// the value holds a NUL byte.
fn set_variable(engine: &mut TessApi, name: Variable, value: &str) -> Result<(), ()> {
    let value = CString::new(value).map_err(|_| ())?;
    engine
        .raw
        .set_variable(name.as_cstr(), &value)
        .map_err(|_| ())
}

impl Ocr for Tesseract {
    fn recognize(&mut self, image: &GrayImage, request: &Request<'_>) -> Result<OcrPage, Error> {
        let (dx, dy, cropped);
        let target = match request.region {
            Some(r) => {
                let x = r.x.min(image.width());
                let y = r.y.min(image.height());
                let w = r.w.min(image.width() - x);
                let h = r.h.min(image.height() - y);
                if w < 4 || h < 4 {
                    return Ok(OcrPage::default());
                }
                cropped = image::imageops::crop_imm(image, x, y, w, h).to_image();
                (dx, dy) = (x, y);
                &cropped
            }
            None => {
                (dx, dy) = (0, 0);
                image
            }
        };
        if target.width() < 4 || target.height() < 4 {
            return Ok(OcrPage::default());
        }
        let psm = match request.segmentation {
            Segmentation::Block => "6",
            Segmentation::Line => "7",
            Segmentation::Sparse => "11",
        };
        let engine = self.engine(request.lang)?;
        let fail = |what: &str| Error::from(ErrorKind::Ocr(what.to_string()));
        let (w, h) = (
            i32::try_from(target.width()).map_err(|_| fail("image too wide for tesseract"))?,
            i32::try_from(target.height()).map_err(|_| fail("image too high for tesseract"))?,
        );
        // One byte per pixel, rows packed; Tesseract copies them into its
        // own 8-bit image.
        engine
            .raw
            .set_image(target.as_raw(), w, h, 1, w)
            .map_err(|_| fail("tesseract could not take the image"))?;
        engine.set_source_resolution(300);
        set_variable(engine, Variable::TesseditPagesegMode, psm)
            .map_err(|_| fail("setting page segmentation"))?;
        set_variable(
            engine,
            Variable::TesseditCharWhitelist,
            request.whitelist.unwrap_or(""),
        )
        .map_err(|_| fail("setting the character whitelist"))?;
        let tsv = engine
            .get_tsv_text(0)
            .map_err(|_| fail("tesseract returned text that is not UTF-8"))?;
        let mut page = OcrPage::from_tsv(&tsv, dx, dy);
        if request.glyphs {
            set_variable(engine, Variable::HocrCharBoxes, "1")
                .map_err(|_| fail("asking for character boxes"))?;
            let hocr = engine
                .get_hocr_text(0)
                .map_err(|_| fail("tesseract returned text that is not UTF-8"))?;
            page.attach_hocr_glyphs(&hocr, dx, dy);
        }
        Ok(page)
    }
}
