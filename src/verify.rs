//! Submission -> Report: the pipeline of DESIGN.md (load, quality, geometry,
//! OCR, documents, compare, decide) and nothing else. The [`Verifier`] owns a
//! pool of warm OCR engines; `verify` checks one out per call, so many threads
//! can verify at once.

use std::path::PathBuf;
use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant};

use image::GrayImage;
use serde::Serialize;

use crate::compare::{self, Context};
use crate::documents::address_proof::{self, AddressProof, AddressProofKind};
use crate::documents::{self, cn_id, DocumentFields, DocumentKind, Expiry};
use crate::error::{Error, ErrorKind};
use crate::fingerprint::FingerprintKey;
use crate::limits::Limits;
use crate::ocr::{BBox, Lang, Ocr, OcrPage, Request, Segmentation};
use crate::policy::Policy;
use crate::quality::{self, QualityMeasures};
use crate::report::{
    Check, CheckField, Decision, ImageSide, Reason, ReasonCode, Report, Status, Timings,
    SCHEMA_VERSION,
};
use crate::survey::{survey, Survey};
use crate::text::date::{self, Date, DateOrder};
use crate::{geometry, load};

/// The document type the person selected in the KYC form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocType {
    /// A passport.
    Passport,
    /// A national identity card (a Chinese resident ID card is `IdCard` with `CHN`).
    IdCard,
    /// A residence permit.
    ResidencePermit,
}

impl DocType {
    /// The CLI spelling: `passport`, `id-card`, `residence-permit`.
    pub fn as_str(self) -> &'static str {
        match self {
            DocType::Passport => "passport",
            DocType::IdCard => "id-card",
            DocType::ResidencePermit => "residence-permit",
        }
    }
}

impl std::str::FromStr for DocType {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        match s.trim().to_ascii_lowercase().replace('_', "-").as_str() {
            "passport" => Ok(DocType::Passport),
            "id-card" | "idcard" | "id" => Ok(DocType::IdCard),
            "residence-permit" => Ok(DocType::ResidencePermit),
            _ => Err(Error::invalid(
                "doc_type",
                "unknown document type (expected passport, id-card or residence-permit)",
            )),
        }
    }
}

/// What the person typed in the KYC form. Build it with [`Claimed::new`], which
/// validates every field; `Debug` masks the values.
#[derive(Clone, Default)]
pub struct Claimed {
    /// The full name, in any script and order.
    pub name: Option<String>,
    /// The date of birth as parsed.
    pub dob: Option<Date>,
    /// The date of birth as typed.
    pub dob_text: Option<String>,
    /// The ID or document number.
    pub id_number: Option<String>,
    /// The document type selected.
    pub doc_type: Option<DocType>,
    /// The country selected, ISO 3166 alpha-3, upper case.
    pub country: Option<String>,
    /// How the person reads numeric dates (`02/01/1990`): their typed date
    /// of birth was read so, and so is a proof of address's issue date.
    pub date_order: DateOrder,
}

impl std::fmt::Debug for Claimed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mask = |o: &Option<String>| o.as_ref().map(|_| "***");
        f.debug_struct("Claimed")
            .field("name", &mask(&self.name))
            .field("dob", &self.dob.map(|_| "***"))
            .field("id_number", &mask(&self.id_number))
            .field("doc_type", &self.doc_type)
            .field("country", &self.country)
            .field("date_order", &self.date_order)
            .finish()
    }
}

/// The raw form fields, as strings, before validation.
#[derive(Debug, Clone, Default)]
pub struct ClaimedText<'a> {
    /// Name as typed.
    pub name: Option<&'a str>,
    /// Date of birth as typed.
    pub dob: Option<&'a str>,
    /// ID number as typed.
    pub id_number: Option<&'a str>,
    /// Document type (`passport`, `id-card`, `residence-permit`).
    pub doc_type: Option<&'a str>,
    /// Country, ISO 3166 alpha-3.
    pub country: Option<&'a str>,
}

impl Claimed {
    /// Validates the typed fields. Errs (naming the field, never its value) when
    /// a given field is empty, longer than `limits.max_field_chars`, an
    /// impossible or unreadable date, an unknown document type, or a country that
    /// is not three letters.
    pub fn new(t: &ClaimedText<'_>, order: DateOrder, limits: &Limits) -> Result<Claimed, Error> {
        let field = |name: &'static str, v: Option<&str>| -> Result<Option<String>, Error> {
            match v {
                None => Ok(None),
                Some(s) => {
                    let s = s.trim();
                    if s.is_empty() {
                        return Err(Error::invalid(name, "empty"));
                    }
                    if s.chars().count() > limits.max_field_chars {
                        return Err(Error::invalid(
                            name,
                            format!("longer than {} characters", limits.max_field_chars),
                        ));
                    }
                    if s.chars().any(char::is_control) {
                        return Err(Error::invalid(name, "contains control characters"));
                    }
                    Ok(Some(s.to_string()))
                }
            }
        };
        let name = field("name", t.name)?;
        if let Some(n) = &name {
            if !n.chars().any(char::is_alphabetic) {
                return Err(Error::invalid("name", "contains no letters"));
            }
        }
        let dob_text = field("dob", t.dob)?;
        let dob = match &dob_text {
            None => None,
            Some(s) => {
                Some(date::parse(s, order).map_err(|e| Error::invalid("dob", e.to_string()))?)
            }
        };
        let id_number = field("id_number", t.id_number)?;
        if let Some(n) = &id_number {
            if !n.chars().any(|c| c.is_alphanumeric()) {
                return Err(Error::invalid("id_number", "contains no letters or digits"));
            }
        }
        let doc_type = field("doc_type", t.doc_type)?
            .map(|s| s.parse::<DocType>())
            .transpose()?;
        let country = field("country", t.country)?;
        if let Some(c) = &country {
            if c.len() != 3 || !c.chars().all(|ch| ch.is_ascii_alphabetic()) {
                return Err(Error::invalid(
                    "country",
                    "expected an ISO 3166 alpha-3 code such as CHN",
                ));
            }
        }
        Ok(Claimed {
            name,
            dob,
            dob_text,
            id_number,
            doc_type,
            country: country.map(|c| c.to_ascii_uppercase()),
            date_order: order,
        })
    }
}

/// An image handed to the verifier.
#[derive(Debug, Clone)]
pub enum ImageInput {
    /// A file on disk.
    Path(PathBuf),
    /// Encoded bytes (PNG, JPEG, ...) already in memory.
    Bytes(Vec<u8>),
}

impl ImageInput {
    /// The image in grey, decoded as [`Verifier::verify`] decodes it: within
    /// `limits`, EXIF orientation applied, a JPEG from its luma channel
    /// alone. For [`survey`](crate::survey) and other pixel work of one's
    /// own. Errs when the file is missing or unreadable, over the limits, or
    /// not a complete supported image.
    pub fn decode(&self, limits: &Limits) -> Result<GrayImage, Error> {
        Ok(self.load("image", limits)?.gray)
    }

    fn load(&self, what: &str, limits: &Limits) -> Result<load::Loaded, Error> {
        self.load_in(what, limits, load::Tone::Luma)
    }

    /// The front image again in ink tone ([`load::Tone::Ink`]); `None` if it
    /// no longer decodes (it did once, in luma, before any OCR).
    fn ink(&self, limits: &Limits) -> Option<GrayImage> {
        let loaded = self.load_in("front image", limits, load::Tone::Ink).ok()?;
        Some(loaded.gray)
    }

    fn load_in(
        &self,
        what: &str,
        limits: &Limits,
        tone: load::Tone,
    ) -> Result<load::Loaded, Error> {
        match self {
            ImageInput::Path(p) => load::file(p, limits, tone),
            ImageInput::Bytes(b) => load::bytes_named(b, what, limits, tone),
        }
    }
}

/// One submission: the document's images and what the person typed.
#[derive(Debug, Clone)]
pub struct Submission {
    /// The front (a passport's data page, an ID card's portrait side).
    pub front: ImageInput,
    /// The back of a card (a Chinese ID's emblem side with the validity period).
    pub back: Option<ImageInput>,
    /// A proof of address (KYC level 3): a utility bill, bank statement or
    /// tenancy agreement in the holder's name, issued within
    /// `Policy::address_proof_max_age_months` of `as_of`.
    pub proof_of_address: Option<ImageInput>,
    /// What the person typed.
    pub claimed: Claimed,
    /// "Today" for expiry checks; `None` is the system date.
    pub as_of: Option<Date>,
}

/// How to build a [`Verifier`].
#[derive(Debug, Clone)]
pub struct Config {
    /// Engine sets, one per concurrent verify; default: the number of CPUs.
    pub workers: usize,
    /// Tesseract's tessdata folder; `None` uses `TESSDATA_PREFIX` or the system's.
    pub tessdata: Option<String>,
    /// Thresholds.
    pub policy: Policy,
    /// Caps on untrusted input.
    pub limits: Limits,
    /// Key for duplicate-account fingerprints; `None`: reports carry none.
    pub fingerprint_key: Option<FingerprintKey>,
    /// Read every passport's visual zone and cross-check its name, date of
    /// birth, sex, date of expiry and number with the MRZ
    /// (`VISUAL_MRZ_MISMATCH`): one
    /// more OCR pass per passport. Default `false`; the zone is read anyway
    /// when a Han name is typed, and then cross-checked too.
    pub visual_zone: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            workers: std::thread::available_parallelism().map_or(1, |n| n.get()),
            tessdata: None,
            policy: Policy::default(),
            limits: Limits::default(),
            fingerprint_key: None,
            visual_zone: false,
        }
    }
}

/// One OCR pass and what it read, for `kycmatch ocr` and debugging.
#[derive(Debug, Clone, Serialize)]
pub struct OcrPass {
    /// Which image and region ("front: mrz band", "back: whole card").
    pub what: String,
    /// The region on the (deskewed) image.
    pub region: Option<BBox>,
    /// Lines of text as recognized.
    pub lines: Vec<String>,
    /// Mean word confidence, 0–100.
    pub mean_conf: f32,
}

/// What the OCR and the document readers saw on a submission's images.
#[derive(Debug, Clone, Serialize)]
pub struct Reading {
    /// The fields read.
    pub document: DocumentFields,
    /// Every OCR pass, in order.
    pub passes: Vec<OcrPass>,
    /// Measures of the front image (and of the back under `back`).
    pub quality: QualityMeasures,
    /// Milliseconds spent in OCR (the sum of every pass's time, rounded once).
    pub ocr_ms: u64,
    /// The same, unrounded.
    #[serde(skip)]
    ocr_time: Duration,
    /// The card or page found in the front photo and straightened before
    /// OCR; `None` for a scan that fills the frame.
    pub card: Option<geometry::Card>,
    /// The same for the back.
    pub back_card: Option<geometry::Card>,
    /// What the proof of address says, when one was read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address_proof: Option<AddressProof>,
    /// The front as it was read (straightened, turned upright), for a later
    /// pass over its visual zone.
    #[serde(skip)]
    page: GrayImage,
    /// The front image as given, for drawing on.
    #[serde(skip)]
    photo: GrayImage,
    /// Where each field was read on `page`.
    #[serde(skip)]
    marks: Vec<(CheckField, BBox)>,
    /// The MRZ band on `page`, when the document was read from its MRZ.
    #[serde(skip)]
    mrz_band: Option<geometry::Band>,
    /// How to make `page` from the front in ink tone, when the front is in
    /// colour, its MRZ was read on `page` and not yet in ink tone.
    #[serde(skip)]
    ink_view: Option<InkView>,
}

impl Reading {
    /// Adds passes run after the document's own read, and their OCR time.
    fn record(&mut self, passes: Vec<OcrPass>, time: Duration) {
        self.passes.extend(passes);
        self.ocr_time += time;
        self.ocr_ms = millis(self.ocr_time);
    }

    /// The front as the document was read: straightened and turned upright.
    pub fn page(&self) -> &GrayImage {
        &self.page
    }

    /// The front image as it was given (EXIF orientation applied).
    pub fn photo(&self) -> &GrayImage {
        &self.photo
    }

    /// Where fields were read on [`page`](Reading::page): the printed name,
    /// birth date and number of a Chinese ID front, or each field's cells
    /// in a passport's MRZ. Fields read elsewhere (a card's back) have none.
    pub fn marks(&self) -> &[(CheckField, BBox)] {
        &self.marks
    }
}

struct Pool {
    engines: Mutex<Vec<Box<dyn Ocr>>>,
    available: Condvar,
    size: usize,
}

/// An engine taken from the pool; dropping it (normally or in a panic) puts it back.
struct Lease<'a> {
    pool: &'a Pool,
    engine: Option<Box<dyn Ocr>>,
}

impl Drop for Lease<'_> {
    fn drop(&mut self) {
        if let Some(engine) = self.engine.take() {
            let mut free = match self.pool.engines.lock() {
                Ok(free) => free,
                Err(poisoned) => poisoned.into_inner(),
            };
            free.push(engine);
            drop(free);
            self.pool.available.notify_one();
        }
    }
}

/// Checks submissions against their documents. Build one per process (engine
/// creation costs ~0.1–0.3 s per language per worker) and call
/// [`verify`](Verifier::verify) from as many threads as you like: each call
/// takes a free engine set from the pool and waits when all are busy.
///
/// **Speed:** Debian's libtesseract uses OpenMP and is 5–10× slower unless the
/// process starts with `OMP_THREAD_LIMIT=1` in its environment (it cannot be
/// set from inside the process). Set it in your service's unit file or
/// container; [`Verifier::omp_limited`] tells whether it is.
pub struct Verifier {
    pool: Pool,
    policy: Policy,
    limits: Limits,
    fingerprint_key: Option<FingerprintKey>,
    visual_zone: bool,
}

impl std::fmt::Debug for Verifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Verifier")
            .field("policy", &self.policy)
            .field("limits", &self.limits)
            .finish_non_exhaustive()
    }
}

const MRZ_WHITELIST: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<";

impl Verifier {
    /// A verifier with `config.workers` sets of warm Tesseract engines (eng and
    /// chi_sim). Errs when Tesseract's language data is missing. An engine
    /// set builds chi_tra on its first use (a Han name typed for a TWN, HKG
    /// or MAC passport), in that request.
    #[cfg(feature = "tesseract")]
    pub fn new(config: Config) -> Result<Verifier, Error> {
        let mut engines: Vec<Box<dyn Ocr>> = Vec::new();
        for _ in 0..config.workers.max(1) {
            let t = crate::ocr::tesseract::Tesseract::new(
                config.tessdata.as_deref(),
                &[Lang::Eng, Lang::ChiSim],
            )?;
            engines.push(Box::new(t));
        }
        // The traditional/simplified table loads on first use (~50 ms): not in a request.
        let _ = crate::text::name::simplified('張');
        let mut verifier = Verifier::with_engines(engines, config.policy, config.limits);
        verifier.fingerprint_key = config.fingerprint_key;
        verifier.visual_zone = config.visual_zone;
        Ok(verifier)
    }

    /// A verifier over engines you supply (another OCR engine, or canned output
    /// in tests). Panics never; with no engines every verify errs.
    pub fn with_engines(engines: Vec<Box<dyn Ocr>>, policy: Policy, limits: Limits) -> Verifier {
        Verifier {
            pool: Pool {
                size: engines.len(),
                engines: Mutex::new(engines),
                available: Condvar::new(),
            },
            policy,
            limits,
            fingerprint_key: None,
            visual_zone: false,
        }
    }

    /// Whether this process runs Tesseract single-threaded per call, as it
    /// should (see the type's docs).
    pub fn omp_limited() -> bool {
        std::env::var_os("OMP_THREAD_LIMIT").is_some()
    }

    /// The limits this verifier applies.
    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    fn with_engine<T>(&self, f: impl FnOnce(&mut dyn Ocr) -> Result<T, Error>) -> Result<T, Error> {
        let engine = {
            let mut free = self
                .pool
                .engines
                .lock()
                .map_err(|_| Error::from(ErrorKind::Ocr("engine pool poisoned".into())))?;
            if self.pool.size == 0 {
                return Err(ErrorKind::Ocr("no OCR engine configured".into()).into());
            }
            loop {
                if let Some(e) = free.pop() {
                    break e;
                }
                free = self
                    .pool
                    .available
                    .wait(free)
                    .map_err(|_| Error::from(ErrorKind::Ocr("engine pool poisoned".into())))?;
            }
        };
        // The engine goes back to the pool even if `f` panics (a service
        // catching the panic keeps its full pool).
        let mut lease = Lease {
            pool: &self.pool,
            engine: Some(engine),
        };
        match lease.engine.as_mut() {
            Some(engine) => f(engine.as_mut()),
            None => Err(ErrorKind::Ocr("engine lease empty".into()).into()),
        }
    }

    /// Reads a submission's images without comparing: what `kycmatch ocr` shows.
    pub fn read(&self, front: &ImageInput, back: Option<&ImageInput>) -> Result<Reading, Error> {
        self.read_with_proof(front, back, None)
    }

    /// [`read`](Verifier::read), and a proof of address when one is given
    /// (its OCR passes and time are counted in the reading's).
    pub fn read_with_proof(
        &self,
        front: &ImageInput,
        back: Option<&ImageInput>,
        proof: Option<&ImageInput>,
    ) -> Result<Reading, Error> {
        // Every image is decoded before any OCR: a bad one fails fast.
        let proof = proof
            .map(|p| p.load("proof of address image", &self.limits))
            .transpose()?;
        let mut reading = self.read_document(front, back)?;
        if let Some(proof) = proof {
            let page = proof.gray;
            let (read, passes, time) =
                self.with_engine(|engine| read_address_proof(engine, &page))?;
            reading.address_proof = Some(read);
            reading.record(passes, time);
        }
        Ok(reading)
    }

    fn read_document(
        &self,
        front: &ImageInput,
        back: Option<&ImageInput>,
    ) -> Result<Reading, Error> {
        let loaded = front.load("front image", &self.limits)?;
        let back = back
            .map(|b| b.load("back image", &self.limits))
            .transpose()?;
        let front_gray = loaded.gray;
        let mut front_survey = survey(&front_gray);
        let mut quality = std::mem::take(&mut front_survey.quality);
        quality.software = loaded.software;
        let back = back.map(|b| {
            let gray = b.gray;
            let mut s = survey(&gray);
            let mut q = std::mem::take(&mut s.quality);
            q.software = b.software;
            quality.back = Some(Box::new(q));
            (gray, s)
        });
        // The front again in ink tone, decoded only if a damaged MRZ read asks.
        let ink = || front.ink(&self.limits);
        let ink: Option<InkImage<'_>> = loaded.coloured.then_some(&ink);
        let (back_gray, back_survey) = back.unzip();
        let back = back_gray.as_ref().zip(back_survey);
        let measured_card = front_survey.flat.is_some();
        let mut reading =
            self.with_engine(|engine| read_images(engine, (&front_gray, front_survey), ink, back))?;
        if measured_card && reading.card.is_none() {
            // The document was read on the whole image, not on the card the
            // survey measured: the image is what to judge.
            quality = QualityMeasures {
                software: quality.software.take(),
                back: quality.back.take(),
                ..quality::measure(&front_gray, None)
            };
        }
        reading.quality = quality;
        reading.photo = front_gray;
        Ok(reading)
    }

    /// Verifies a submission: reads the document on its images and checks every
    /// entered field against it. Errs only when there is no verdict to give: an
    /// image is missing, unreadable or over the limits, or the engine fails.
    pub fn verify(&self, submission: &Submission) -> Result<Report, Error> {
        Ok(self.verify_reading(submission)?.0)
    }

    /// [`verify`](Verifier::verify), also returning what was read (for
    /// drawing it with [`annotate`](crate::annotate)).
    pub fn verify_reading(&self, submission: &Submission) -> Result<(Report, Reading), Error> {
        let start = Instant::now();
        let mut reading = self.read_with_proof(
            &submission.front,
            submission.back.as_ref(),
            submission.proof_of_address.as_ref(),
        )?;
        let han = submission
            .claimed
            .name
            .as_deref()
            .is_some_and(|n| n.chars().any(crate::text::name::is_han));
        if han || self.visual_zone {
            self.read_visual_zone(&mut reading, han)?;
        }
        let as_of = submission.as_of.unwrap_or_else(Date::today);
        let mut report = verify_reading(&reading, &submission.claimed, as_of, &self.policy);
        if self.reread_name_in_ink(&mut reading, &report, &submission.front)? {
            report = verify_reading(&reading, &submission.claimed, as_of, &self.policy);
        }
        if self.corroborate_name(&mut reading, &report)? {
            report = verify_reading(&reading, &submission.claimed, as_of, &self.policy);
        }
        report.fingerprint = self
            .fingerprint_key
            .as_ref()
            .and_then(|key| crate::fingerprint::of(key, &report.document));
        report.timings_ms = Timings {
            total: millis(start.elapsed()),
            ocr: reading.ocr_ms,
        };
        Ok((report, reading))
    }

    /// When a name did not match the MRZ read on a colour photo, reads the
    /// MRZ band once more on the photo in ink tone ([`load::Tone::Ink`]):
    /// line 1 has no check digit, so a red stamp that turns `AL<KAABI<<ALI`
    /// into `ALBHA` (Qatar's specimen in ../shared/realworld) or `<<` into
    /// `SR` leaves no other trace. The ink read's name field is a second
    /// reading of it, as the whole-page read's is in [`Self::corroborate_name`];
    /// the name check takes the better of the readings. Returns whether it
    /// read one. Costs a second decode and one to three OCR passes of the
    /// band, only on such cases.
    fn reread_name_in_ink(
        &self,
        reading: &mut Reading,
        report: &Report,
        front: &ImageInput,
    ) -> Result<bool, Error> {
        if !name_failed(report) {
            return Ok(false);
        }
        let (Some(view), Some(band)) = (reading.ink_view.take(), reading.mrz_band) else {
            return Ok(false);
        };
        let Some(page) = front.ink(&self.limits).and_then(|ink| view.page(&ink)) else {
            return Ok(false);
        };
        let what = "front: mrz band (name re-read)";
        let (read, passes, time) = self.with_engine(|engine| {
            let mut rec = Recorder::new(engine);
            let read = read_in_ink(&mut rec, &page, band, what, Date::today(), &mut Vec::new())?;
            Ok((read, rec.passes, rec.ocr_time))
        })?;
        reading.record(passes, time);
        Ok(read.is_some_and(|m| add_name_reading(&mut reading.document, &m)))
    }

    /// When a name did not match a document read from its MRZ, reads the whole
    /// page once: its visual zone may print the name more legibly than
    /// Tesseract reads MRZ line 1, and the page read segments line 1
    /// differently, giving a second reading of it. The name check looks for
    /// corroboration in both. Returns whether it read anything. Costs one
    /// full-page OCR, only on such cases.
    fn corroborate_name(&self, reading: &mut Reading, report: &Report) -> Result<bool, Error> {
        // A visual zone read already (a Han name, or `visual_zone`) has
        // corroborated or decided: its region is not read twice.
        if !name_failed(report)
            || reading.document.mrz_name_field.is_none()
            || !reading.document.visual_words.is_empty()
        {
            return Ok(false);
        }
        // Owned, as the pass is recorded in `reading` (a copy only of a page
        // wide enough not to be enlarged, on this rare path).
        let image = enlarged_for_print(&reading.page).into_owned();
        let what = "front: visual zone (name corroboration)";
        let page = self.read_print(reading, &image, Lang::Eng, what)?;
        // The whole-page read segments the MRZ differently: a second reading of line 1.
        if let Some(m) = documents::mrz::read(&page, Date::today()) {
            add_name_reading(&mut reading.document, &m);
        }
        reading.document.visual_words = words(&page);
        Ok(!reading.document.visual_words.is_empty())
    }

    /// One sparse OCR pass over printed text (a visual zone), its time and
    /// the pass recorded in `reading`.
    fn read_print(
        &self,
        reading: &mut Reading,
        image: &GrayImage,
        lang: Lang,
        what: &str,
    ) -> Result<OcrPage, Error> {
        let request = Request {
            lang,
            segmentation: Segmentation::Sparse,
            whitelist: None,
            region: None,
            glyphs: false,
        };
        let (page, passes, time) = self.with_engine(|engine| {
            let mut rec = Recorder::new(engine);
            let page = rec.run(what, image, request)?;
            Ok((page, rec.passes, rec.ocr_time))
        })?;
        reading.record(passes, time);
        Ok(page)
    }

    /// Reads a passport's visual zone: one OCR pass over the page above the
    /// MRZ. Its name, date of birth, sex, date of expiry and number are cross-checked
    /// with the MRZ ([`documents::visual::disagreements`]). When `han` (a
    /// Han name was typed), the pass uses the Chinese model of the issuer's
    /// script and the Han name the zone prints becomes the document's
    /// `name`: the MRZ carries only a romanization, which does not tell
    /// homophones apart (王思远 and 汪思源 are both WANG SIYUAN). The name
    /// is the Han text whose romanization is the MRZ's name
    /// ([`documents::visual::han_name`]).
    fn read_visual_zone(&self, reading: &mut Reading, han: bool) -> Result<(), Error> {
        let doc = &reading.document;
        let Some(field) = doc.mrz_name_field.clone() else {
            return Ok(());
        };
        if doc.kind != DocumentKind::Passport {
            return Ok(());
        }
        let country = doc.issuing_country.clone();
        let lang = match (han, country.as_deref()) {
            (false, _) => Lang::Eng,
            (true, Some("TWN" | "HKG" | "MAC")) => Lang::ChiTra,
            (true, _) => Lang::ChiSim,
        };
        let (w, h) = reading.page.dimensions();
        // The visual zone is above the MRZ band (the whole page when the band
        // was not found, or found implausibly high).
        let top = reading
            .mrz_band
            .map(|b| b.bbox.y)
            .filter(|&y| y >= h / 3)
            .unwrap_or(h);
        if w < 32 || top < 32 {
            return Ok(());
        }
        let zone = image::imageops::crop_imm(&reading.page, 0, 0, w, top).to_image();
        let zone = enlarged_for_print(&zone);
        let page = self.read_print(reading, &zone, lang, "front: visual zone")?;
        let visual = documents::visual::fields(&page);
        // The printed name is another name only when it is one against
        // every reading of the MRZ's name field.
        let doc = &reading.document;
        let names_differ = |printed: &str, field: &str| {
            std::iter::once(field)
                .chain(doc.mrz_name_alternatives.iter().map(String::as_str))
                .all(|f| {
                    compare::names(printed, f, country.as_deref(), &[]).status == Status::Mismatch
                })
        };
        let issues = documents::visual::disagreements(
            &visual,
            doc,
            self.policy.min_visual_cross_check_confidence,
            names_differ,
        );
        reading.document.issues.extend(issues);
        reading.document.visual = Some(visual);
        // The printed words also corroborate a garbled MRZ name field.
        reading.document.visual_words = words(&page);
        if han {
            reading.document.name = documents::visual::han_name(&page, |text| {
                compare::names(text, &field, country.as_deref(), &[]).status == Status::Match
            });
        }
        Ok(())
    }
}

/// Adds the name field of `second`, another read of the document's MRZ,
/// to the readings the name check considers. Returns whether it had one.
fn add_name_reading(doc: &mut DocumentFields, second: &documents::mrz::MrzRead) -> bool {
    let mut fields = DocumentFields::default();
    documents::mrz::fill(second, &mut fields);
    let found = fields.mrz_name_field.is_some();
    doc.mrz_name_alternatives.extend(fields.mrz_name_field);
    found
}

/// The report's name check is there and did not match.
fn name_failed(report: &Report) -> bool {
    report
        .checks
        .iter()
        .any(|c| c.field == CheckField::Name && c.status != Status::Match)
}

/// A page's words, in reading order.
fn words(page: &OcrPage) -> Vec<String> {
    page.lines
        .iter()
        .flat_map(|l| &l.words)
        .map(|w| w.text.clone())
        .collect()
}

/// A page enlarged for its visual-zone print, which is small: on a page
/// under 1400 px wide it is below the 20 px Tesseract needs, so the page is
/// enlarged (at most 3×).
fn enlarged_for_print(page: &GrayImage) -> std::borrow::Cow<'_, GrayImage> {
    let scale = (1400.0 / page.width().max(1) as f32).clamp(1.0, 3.0);
    if scale <= 1.1 {
        return std::borrow::Cow::Borrowed(page);
    }
    let (w, h) = page.dimensions();
    std::borrow::Cow::Owned(crate::resample::resize(
        page,
        (w as f32 * scale) as u32,
        (h as f32 * scale) as u32,
        crate::resample::Filter::CatmullRom,
    ))
}

/// Checks the entered fields against an earlier [`Reading`] (from
/// [`Verifier::read`]): the same report as [`Verifier::verify`] without running
/// OCR again, for re-checking one document against several submissions.
pub fn verify_reading(
    reading: &Reading,
    claimed: &Claimed,
    as_of: Date,
    policy: &Policy,
) -> Report {
    let mut report = decide(
        claimed,
        reading.document.clone(),
        reading.address_proof.as_ref(),
        as_of,
        policy,
        reading.quality.clone(),
        [reading.card, reading.back_card],
    );
    report.timings_ms.ocr = reading.ocr_ms;
    report
}

/// Verifies OCR text instead of images: `front` (and `back`) are what an OCR
/// engine read, one line per text line. Runs the document readers, the
/// comparisons and the decision exactly as [`Verifier::verify`] does after OCR.
pub fn verify_text(
    front: &str,
    back: Option<&str>,
    claimed: &Claimed,
    as_of: Date,
    policy: &Policy,
) -> Report {
    verify_text_with_proof(front, back, None, claimed, as_of, policy)
}

/// [`verify_text`] with the OCR text of a proof of address (`proof`), read
/// and checked as [`Verifier::verify`] reads and checks its image.
pub fn verify_text_with_proof(
    front: &str,
    back: Option<&str>,
    proof: Option<&str>,
    claimed: &Claimed,
    as_of: Date,
    policy: &Policy,
) -> Report {
    let mut doc = DocumentFields::default();
    let pages: Vec<OcrPage> = std::iter::once(front)
        .chain(back)
        .map(OcrPage::from_text)
        .collect();
    for page in &pages {
        read_page_text(page, &mut doc, as_of);
    }
    let proof = proof.map(|p| address_proof::read(&OcrPage::from_text(p)));
    decide(
        claimed,
        doc,
        proof.as_ref(),
        as_of,
        policy,
        QualityMeasures::default(),
        [None, None],
    )
}

fn read_page_text(page: &OcrPage, doc: &mut DocumentFields, today: Date) {
    if let Some(m) = documents::mrz::read(page, today) {
        documents::mrz::fill(&m, doc);
        return;
    }
    match cn_id::side(page) {
        Some(cn_id::Side::Front) => cn_id::read_front(page, doc),
        Some(cn_id::Side::Back) => cn_id::read_back(page, doc),
        None => {}
    }
}

/// Whole milliseconds, rounded to the nearest.
fn millis(d: Duration) -> u64 {
    ((d.as_micros() + 500) / 1000) as u64
}

struct Recorder<'a> {
    engine: &'a mut dyn Ocr,
    passes: Vec<OcrPass>,
    /// Time inside the engine's recognition calls, summed unrounded.
    ocr_time: Duration,
    /// The last Chinese ID side read, and the image it was read on when
    /// that had to be turned.
    last_cn: Option<(OcrPage, Option<GrayImage>)>,
}

impl<'a> Recorder<'a> {
    fn new(engine: &'a mut dyn Ocr) -> Recorder<'a> {
        Recorder {
            engine,
            passes: Vec::new(),
            ocr_time: Duration::ZERO,
            last_cn: None,
        }
    }

    fn run(&mut self, what: &str, image: &GrayImage, req: Request<'_>) -> Result<OcrPage, Error> {
        let t = Instant::now();
        let page = self.engine.recognize(image, &req)?;
        self.ocr_time += t.elapsed();
        self.passes.push(OcrPass {
            what: what.to_string(),
            region: req.region,
            lines: page.lines.iter().map(|l| l.text()).collect(),
            mean_conf: page.mean_conf(),
        });
        Ok(page)
    }
}

/// Reads the document on its front and back, each with its [`Survey`]
/// (the card found and straightened, the skew measured).
fn read_images(
    engine: &mut dyn Ocr,
    (front, front_survey): (&GrayImage, Survey),
    ink: Option<InkImage<'_>>,
    back: Option<(&GrayImage, Survey)>,
) -> Result<Reading, Error> {
    let mut rec = Recorder::new(engine);
    let mut doc = DocumentFields::default();
    let today = Date::today();
    let whole = front;
    let Survey {
        mut card,
        flat,
        level,
        angle,
        work,
        ..
    } = front_survey;
    // The whole image's analysis copy, for the band searches on it: the
    // survey's when the document is the whole image, else made once when
    // first asked for.
    let whole_work = match flat {
        None => std::cell::OnceCell::from(work),
        Some(_) => std::cell::OnceCell::new(),
    };
    let band_once_levelled = |max: f32| {
        let work = whole_work.get_or_init(|| geometry::work_copy(whole));
        geometry::band_once_levelled(work, whole.dimensions(), max)
    };
    let prepared = evened(flat.as_ref().unwrap_or(front), level);
    let front: &GrayImage = &prepared;
    // The prepared front in ink tone: the same straightening, turn and
    // evening out, applied to the ink-tone decode.
    let view = InkView {
        card: card.filter(|_| flat.is_some()),
        angle,
    };
    let ink_read = std::cell::Cell::new(false);
    let ink_page = ink.map(|ink| {
        let ink_read = &ink_read;
        move || {
            ink_read.set(true);
            view.page(&ink()?)
        }
    });
    let primary = match &ink_page {
        Some(page) => Tries::ScalesThenInk(page),
        None => Tries::Scales,
    };
    // The front as the document was read, when it had to be turned, and
    // its MRZ band when that was found on it.
    let mut upright: Option<(GrayImage, Option<geometry::Band>)> = None;

    let mut found = false;
    let front_band = geometry::mrz_band(front);
    if let Some(band) = front_band {
        found = read_mrz(
            &mut rec,
            front,
            band,
            primary,
            "front: mrz band",
            today,
            &mut doc,
        )?;
    }
    if !found && flat.is_some() {
        // A straightened page is upright or upside down: look for its MRZ
        // band turned before reading it as a Chinese ID card.
        let turned = image::imageops::rotate180(front);
        let what = "front turned 180°: mrz band";
        if let Some(band) = read_mrz_on(&mut rec, &turned, what, today, &mut doc)? {
            found = true;
            upright = Some((turned, Some(band)));
        }
    }
    if !found && flat.is_some() && band_once_levelled(geometry::SKEW_DEGREES) {
        // The image may hold more than the card found: both sides of an ID
        // card one above the other (Arg0s1080's id_cards), the MRZ on the
        // side not taken.
        let (whole, _) = prepare(whole);
        let what = "whole image: mrz band";
        if let Some(band) = read_mrz_on(&mut rec, &whole, what, today, &mut doc)? {
            found = true;
            upright = Some((whole.into_owned(), Some(band)));
            // What was found was not the document (a photo on the page,
            // one of two sides shown): the document is the image.
            card = None;
        }
    }
    if !found {
        found = read_cn_id_landscape(&mut rec, front, "front", &mut doc)?;
    }
    if !found {
        // A page photographed sideways or upside down: its MRZ band shows
        // once the page is turned (pixel work only; OCR runs on a find).
        let turns: [(Turn, &str); 3] = [
            (image::imageops::rotate90, "front turned 90°: mrz band"),
            (image::imageops::rotate270, "front turned 270°: mrz band"),
            (image::imageops::rotate180, "front turned 180°: mrz band"),
        ];
        for (turn, what) in turns {
            let turned = turn(front);
            if let Some(band) = read_mrz_on(&mut rec, &turned, what, today, &mut doc)? {
                found = true;
                upright = Some((turned, Some(band)));
                break;
            }
        }
    }
    if !found && band_once_levelled(WIDE_SKEW_DEGREES) {
        // A page photographed at a steep tilt (a passport held at 20°, its
        // edges out of the frame, so no card was found to straighten): its
        // lines levelled by a wider skew search.
        if let (Some(level), _) = geometry::deskew_within(whole, WIDE_SKEW_DEGREES) {
            let what = "front levelled: mrz band";
            if let Some(band) = read_mrz_on(&mut rec, &level, what, today, &mut doc)? {
                found = true;
                upright = Some((level, Some(band)));
            }
        }
    }
    if !found {
        let (w, h) = front.dimensions();
        // No band found: try the lower half, where an MRZ line is about a
        // thirtieth of the page's height.
        let lower = geometry::Band {
            bbox: BBox {
                x: 0,
                y: h / 2,
                w,
                h: h - h / 2,
            },
            line_height: (h / 30).max(1),
            bottom_two: None,
        };
        read_mrz(
            &mut rec,
            front,
            lower,
            Tries::Once,
            "front: lower half (mrz)",
            today,
            &mut doc,
        )?;
    }
    let mut marks = Vec::new();
    if let Some((page, turned)) = rec.last_cn.take() {
        if let Some(turned) = turned {
            upright = Some((turned, None));
        }
        marks = cn_id_marks(&page, &doc);
    }
    let mut back_card = None;
    if let Some((back, survey)) = back {
        back_card = survey.card;
        let back = evened(survey.flat.as_ref().unwrap_or(back), survey.level);
        let back = &back;
        if !read_cn_id_landscape(&mut rec, back, "back", &mut doc)? {
            read_mrz_on(&mut rec, back, "back: mrz band", today, &mut doc)?;
        }
    }
    // The band on the page as read, found above unless the page was turned
    // for a Chinese ID read.
    let mrz_band = match &upright {
        _ if doc.mrz_name_field.is_none() => None,
        None => front_band,
        Some((_, Some(band))) => Some(*band),
        Some((turned, None)) => geometry::mrz_band(turned),
    };
    if marks.is_empty() {
        marks = mrz_band.map_or_else(Vec::new, mrz_marks);
    }
    // The front's MRZ read on the prepared page and not in ink tone yet:
    // a name that disagrees with it gets that read (`Verifier::reread_name_in_ink`).
    let ink_view = (ink.is_some() && !ink_read.get() && upright.is_none() && mrz_band.is_some())
        .then_some(view);
    let page = match upright {
        Some((turned, _)) => turned,
        None => prepared.into_owned(),
    };
    Ok(Reading {
        document: doc,
        passes: rec.passes,
        quality: QualityMeasures::default(),
        ocr_ms: millis(rec.ocr_time),
        ocr_time: rec.ocr_time,
        card,
        back_card,
        address_proof: None,
        photo: GrayImage::new(0, 0),
        marks,
        mrz_band,
        ink_view,
        page,
    })
}

/// Looks for an MRZ band on `page` (the front turned, levelled or whole, a
/// card's back) and reads it at its scales; the band, when a read was found.
fn read_mrz_on(
    rec: &mut Recorder<'_>,
    page: &GrayImage,
    what: &str,
    today: Date,
    doc: &mut DocumentFields,
) -> Result<Option<geometry::Band>, Error> {
    let Some(band) = geometry::mrz_band(page) else {
        return Ok(None);
    };
    Ok(read_mrz(rec, page, band, Tries::Scales, what, today, doc)?.then_some(band))
}

/// How far a photographed page may be tilted for its MRZ to be found when
/// no card outline was (62_pass-aus in ../shared/realworld is at 19°).
const WIDE_SKEW_DEGREES: f32 = 25.0;

/// A quarter or half turn of a page.
type Turn = fn(&GrayImage) -> GrayImage;

/// Reads a Chinese ID card side; a portrait image (a card photographed
/// sideways, filling the frame) is turned a quarter first, and the
/// half-turn retry of [`read_cn_id`] covers the other quarter.
fn read_cn_id_landscape(
    rec: &mut Recorder<'_>,
    image: &GrayImage,
    what: &str,
    doc: &mut DocumentFields,
) -> Result<bool, Error> {
    if image.height() > image.width() {
        let turned = image::imageops::rotate90(image);
        let found = read_cn_id(rec, &turned, &format!("{what} turned 90°"), doc)?;
        if let Some((_, read_on @ None)) = &mut rec.last_cn {
            *read_on = Some(turned);
        }
        return Ok(found);
    }
    read_cn_id(rec, image, what, doc)
}

/// Straightens and evens out an image before OCR; also gives the angle it
/// was turned by (0 when it was not).
fn prepare(gray: &GrayImage) -> (std::borrow::Cow<'_, GrayImage>, f32) {
    let (straight, angle) = geometry::deskew(gray);
    (evened(gray, straight), angle)
}

/// `gray` prepared as another rendering of the same image was: turned by
/// the `angle` [`prepare`] found on that one, and evened out.
fn prepare_as(gray: &GrayImage, angle: f32) -> GrayImage {
    let turned = (angle != 0.0).then(|| geometry::rotate(gray, angle));
    evened(gray, turned).into_owned()
}

/// `gray`, or `turned` (`gray` levelled) when given, with its lighting evened out.
fn evened(gray: &GrayImage, turned: Option<GrayImage>) -> std::borrow::Cow<'_, GrayImage> {
    let image = turned.as_ref().unwrap_or(gray);
    match geometry::flatten_illumination(image) {
        Some(flat) => std::borrow::Cow::Owned(flat),
        None => match turned {
            Some(s) => std::borrow::Cow::Owned(s),
            None => std::borrow::Cow::Borrowed(gray),
        },
    }
}

/// The image being read rendered in ink tone ([`load::Tone::Ink`]), made on
/// demand: decoding and preparing it costs a few milliseconds, spent only
/// when a read asks for it.
type InkImage<'a> = &'a dyn Fn() -> Option<GrayImage>;

/// How the front was prepared for reading ([`locate`], [`prepare`]), to
/// prepare its ink-tone rendering the same way.
#[derive(Debug, Clone, Copy)]
struct InkView {
    /// The card straightened out of the photo, if one was.
    card: Option<geometry::Card>,
    /// The turn [`prepare`] levelled it by.
    angle: f32,
}

impl InkView {
    /// `ink` (the front in ink tone) straightened, turned and evened out as
    /// the front was.
    fn page(&self, ink: &GrayImage) -> Option<GrayImage> {
        let straight = match &self.card {
            Some(card) => Some(geometry::straighten(ink, card)?),
            None => None,
        };
        Some(prepare_as(straight.as_ref().unwrap_or(ink), self.angle))
    }
}

/// Reads the MRZ on `page`, the front in ink tone. Its band is searched
/// again: a stamp that garbles the zone may also have hidden a line of it
/// from the search on the grey page (`band` is the fallback).
fn read_in_ink(
    rec: &mut Recorder<'_>,
    page: &GrayImage,
    band: geometry::Band,
    what: &str,
    today: Date,
    pages: &mut Vec<OcrPage>,
) -> Result<Option<documents::mrz::MrzRead>, Error> {
    let band = geometry::mrz_band(page).unwrap_or(band);
    let what = format!("{what} in ink tone");
    read_band(rec, page, band, true, &what, today, pages)
}

/// Which reads of an MRZ band [`read_mrz`] makes.
#[derive(Clone, Copy)]
enum Tries<'a> {
    /// One read at the preferred scale (a guessed band).
    Once,
    /// The preferred scale, then the others while no read verifies.
    Scales,
    /// [`Tries::Scales`], then, while no read is intact (every check digit
    /// verified, lines at the format's width), the same on the page in ink
    /// tone: a stamp over the zone smudges the grey, not the black print.
    ScalesThenInk(InkImage<'a>),
}

/// Reads the MRZ in `band` of `image`. Tesseract reads OCR-B best when a line
/// is 24–56 px high; the band is tried at 40 px first and at 24 and 56 px
/// while no read verifies (measured on the 35 TD3 specimens in
/// ../shared/realworld: 27/35 at 40 px alone, 28/35 with the retries). A
/// retry that would enlarge the band by the same factor as an earlier try
/// (a line under 8 px is enlarged 3× for every target) is skipped.
/// `retry` is false where no band was found and a miss means no MRZ.
fn read_mrz(
    rec: &mut Recorder<'_>,
    image: &GrayImage,
    band: geometry::Band,
    tries: Tries<'_>,
    what: &str,
    today: Date,
    doc: &mut DocumentFields,
) -> Result<bool, Error> {
    let retry = !matches!(tries, Tries::Once);
    let mut pages = Vec::new();
    let mut best = read_band(rec, image, band, retry, what, today, &mut pages)?;
    if let Tries::ScalesThenInk(ink) = tries {
        if best.as_ref().is_none_or(|m| !m.intact()) {
            if let Some(page) = ink().filter(|p| p.dimensions() == image.dimensions()) {
                if let Some(m) = read_in_ink(rec, &page, band, what, today, &mut pages)? {
                    if best.as_ref().is_none_or(|b| m.better_than(b)) {
                        best = Some(m);
                    }
                }
            }
        }
    }
    // No read verified: each field whose check digit failed may have been
    // read whole on another pass, in grey or in ink tone.
    if let Some(merged) = best
        .as_ref()
        .and_then(|b| documents::mrz::merge(b, &pages.iter().collect::<Vec<_>>()))
    {
        best = Some(merged);
    }
    if let Some(b) = best.as_mut() {
        documents::mrz::cleaner_name(b, &pages.iter().collect::<Vec<_>>());
    }
    match best {
        Some(m) => {
            documents::mrz::fill(&m, doc);
            Ok(true)
        }
        None => Ok(false),
    }
}

/// The best read of `band` on `image`: at 40 px, then (when `retry`) at the
/// other scales and on the bottom two lines while no read verifies.
fn read_band(
    rec: &mut Recorder<'_>,
    image: &GrayImage,
    band: geometry::Band,
    retry: bool,
    what: &str,
    today: Date,
    pages: &mut Vec<OcrPage>,
) -> Result<Option<documents::mrz::MrzRead>, Error> {
    let line_height = band.line_height;
    let mut best: Option<documents::mrz::MrzRead> = None;
    // The band at three scales, then (for a three-line band) its bottom two lines.
    let mut tries = vec![(band.bbox, 40), (band.bbox, 24), (band.bbox, 56)];
    tries.extend(band.bottom_two.map(|b| (b, 40)));
    let mut done: Vec<(BBox, f32)> = Vec::new();
    for (b, target) in tries {
        // The same crop at the same scale reads the same: one OCR pass each.
        let scale = geometry::text_scale(line_height, target);
        if done.contains(&(b, scale)) {
            continue;
        }
        done.push((b, scale));
        let crop = image::imageops::crop_imm(image, b.x, b.y, b.w, b.h).to_image();
        let scaled = geometry::scale_for_text(&crop, line_height, target);
        let mut page = rec.run(
            &format!("{what} at {target} px"),
            &scaled,
            Request {
                lang: Lang::Eng,
                segmentation: Segmentation::Block,
                whitelist: Some(MRZ_WHITELIST),
                region: None,
                glyphs: true,
            },
        )?;
        documents::mrz::chevrons::restore(&scaled, &mut page);
        if let Some(m) = documents::mrz::read(&page, today) {
            let valid = m.valid;
            if best.as_ref().is_none_or(|b| !b.valid && valid) {
                best = Some(m);
            }
            if valid {
                break;
            }
        }
        pages.push(page);
        if !retry {
            break;
        }
    }
    Ok(best)
}

fn read_cn_id(
    rec: &mut Recorder<'_>,
    image: &GrayImage,
    what: &str,
    doc: &mut DocumentFields,
) -> Result<bool, Error> {
    let req = Request {
        lang: Lang::ChiSim,
        segmentation: Segmentation::Sparse,
        whitelist: None,
        region: None,
        glyphs: false,
    };
    let page = rec.run(&format!("{what}: whole card"), image, req.clone())?;
    let (page, side, turned) = match cn_id::side(&page) {
        Some(s) => (page, s, None),
        None => {
            // Upside-down photos are common; one more pass decides.
            let turned = image::imageops::rotate180(image);
            let page = rec.run(&format!("{what}: whole card, turned 180°"), &turned, req)?;
            match cn_id::side(&page) {
                Some(s) => (page, s, Some(turned)),
                None => return Ok(false),
            }
        }
    };
    let read_on = turned.as_ref().unwrap_or(image);
    match side {
        cn_id::Side::Front => {
            cn_id::read_front(&page, doc);
            if doc.name.is_none() {
                reread_name(rec, read_on, &page, what, doc)?;
            }
        }
        cn_id::Side::Back => cn_id::read_back(&page, doc),
    }
    rec.last_cn = Some((page, turned));
    Ok(true)
}

/// A proof-of-address page wider than this is shrunk first: OCR time grows
/// with the pixels, and at this width a page's body text is still 20 px or more.
const PROOF_MAX_WIDTH: u32 = 1800;

/// The English read of a proof of address is kept, and no Chinese read made,
/// when it found the name or the date and their words have at least this
/// confidence (0–1). The English model reads a Chinese page as Latin junk in
/// which no label is found (mean word confidence 31–58 on the Chinese fixture
/// pages, against 95–96 on the English ones). A Chinese name beside an English
/// label should come out as junk of low confidence too and send the page to
/// the Chinese read (not measured: no fixture page mixes the scripts).
const PROOF_ENGLISH_MIN_CONF: f32 = 0.6;

/// Reads a proof-of-address page: straightened and evened out as the other
/// images are, then read whole in English and, unless that found the date or
/// the name with confidence, in simplified Chinese (which also reads Latin
/// text, less well), keeping the read that found more. Returns what was read,
/// the OCR passes and the time spent in OCR.
fn read_address_proof(
    engine: &mut dyn Ocr,
    gray: &GrayImage,
) -> Result<(AddressProof, Vec<OcrPass>, Duration), Error> {
    let mut rec = Recorder::new(engine);
    let shrunk;
    let gray = if gray.width() > PROOF_MAX_WIDTH {
        let h = (u64::from(gray.height()) * u64::from(PROOF_MAX_WIDTH) / u64::from(gray.width()))
            .max(1) as u32;
        shrunk = crate::resample::resize(
            gray,
            PROOF_MAX_WIDTH,
            h,
            crate::resample::Filter::CatmullRom,
        );
        &shrunk
    } else {
        gray
    };
    let (page, _) = prepare(gray);
    let mut best: Option<AddressProof> = None;
    for (lang, what) in [
        (Lang::Eng, "proof of address: whole page (eng)"),
        (Lang::ChiSim, "proof of address: whole page (chi_sim)"),
    ] {
        let text = rec.run(
            what,
            &page,
            Request {
                lang,
                segmentation: Segmentation::Sparse,
                whitelist: None,
                region: None,
                glyphs: false,
            },
        )?;
        let read = address_proof::read(&text);
        // What a read found, and how sure it was of the name and date.
        let weigh = |p: &AddressProof| {
            let found = usize::from(p.issue_date.is_some())
                + usize::from(p.name.is_some())
                + usize::from(p.address.is_some())
                + usize::from(p.kind != AddressProofKind::Unknown);
            let conf = [
                p.issue_date.as_ref().map(|r| r.confidence),
                p.name.as_ref().map(|r| r.confidence),
            ]
            .into_iter()
            .flatten()
            .fold(None, |m: Option<f32>, c| Some(m.map_or(c, |m| m.min(c))));
            (found, conf)
        };
        let (found, conf) = weigh(&read);
        let sure = conf.is_some_and(|c| c >= PROOF_ENGLISH_MIN_CONF);
        if best.as_ref().is_none_or(|b| {
            let (b_found, b_conf) = weigh(b);
            (found, conf.unwrap_or(0.0)) > (b_found, b_conf.unwrap_or(0.0))
        }) {
            best = Some(read);
        }
        if lang == Lang::Eng && sure {
            break;
        }
    }
    Ok((best.unwrap_or_default(), rec.passes, rec.ocr_time))
}

/// Where a Chinese ID front's fields were read: the text line holding the
/// name, the birth date (出生) and the number.
fn cn_id_marks(page: &OcrPage, doc: &DocumentFields) -> Vec<(CheckField, BBox)> {
    let squeeze = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let line_with = |needle: &str| -> Option<BBox> {
        if needle.is_empty() {
            return None;
        }
        page.lines
            .iter()
            .find(|l| squeeze(&l.text()).contains(needle))
            .map(|l| l.bbox())
    };
    let mut marks = Vec::new();
    // The Han name, or the Latin one's first word (a permanent resident
    // card's name in capitals, which may have no Han name).
    let latin = doc
        .name_latin
        .as_ref()
        .and_then(|n| n.value.split(' ').next());
    if let Some(b) = doc
        .name
        .as_ref()
        .map(|n| squeeze(&n.value))
        .and_then(|n| line_with(&n))
        .or_else(|| latin.and_then(line_with))
    {
        marks.push((CheckField::Name, b));
    }
    // A validity period on this side (a permanent resident card's front):
    // the line that reads as the document's.
    if let Some(b) = doc.expiry_date.as_ref().and_then(|e| {
        page.lines
            .iter()
            .find(|l| cn_id::validity(&l.text()).is_some_and(|(_, x)| x == Some(e.value)))
            .map(|l| l.bbox())
    }) {
        marks.push((CheckField::Expiry, b));
    }
    // Sparse-text mode splits the birth-date row: take every word on the
    // 出生 label's row.
    if let Some(label) = line_with("出生") {
        let row = page
            .lines
            .iter()
            .flat_map(|l| &l.words)
            .map(|w| w.bbox)
            .filter(|b| {
                let mid = b.y + b.h / 2;
                mid >= label.y && mid <= label.bottom()
            })
            .fold(label, |a, b| a.union(&b));
        marks.push((CheckField::Dob, row));
    }
    if let Some(b) = doc
        .document_number
        .as_ref()
        .and_then(|n| line_with(&n.value))
    {
        // The birth date is also embedded in the number, where the check takes it from.
        if !marks.iter().any(|(f, _)| *f == CheckField::Dob) {
            marks.push((CheckField::Dob, b));
        }
        marks.push((CheckField::IdNumber, b));
    }
    marks
}

/// Each field's cells in a TD3 MRZ band (44 cells a line): the name on line
/// 1, then number, birth date and expiry on line 2; document code and
/// issuing state give the type and country.
fn mrz_marks(band: geometry::Band) -> Vec<(CheckField, BBox)> {
    let b = band.bottom_two.unwrap_or(band.bbox);
    // The band has a margin of a line height above and below, and 1/40 of
    // the page's width at the sides (about 1/42 of the band).
    let lh = band.line_height.max(1);
    let inner_h = b.h.saturating_sub(2 * lh).max(2);
    let margin_x = b.w / 42;
    let cells = b.w.saturating_sub(2 * margin_x).max(44);
    let cell = |i: u32| b.x + margin_x + cells * i / 44;
    let line_y = |line: u32| b.y + lh + inner_h * line / 2;
    let mark = |line: u32, from: u32, to: u32| BBox {
        x: cell(from),
        y: line_y(line),
        w: cell(to) - cell(from),
        h: inner_h / 2,
    };
    vec![
        (CheckField::DocType, mark(0, 0, 2)),
        (CheckField::Country, mark(0, 2, 5)),
        (CheckField::Name, mark(0, 5, 44)),
        (CheckField::IdNumber, mark(1, 0, 10)),
        (CheckField::Dob, mark(1, 13, 20)),
        (CheckField::Expiry, mark(1, 21, 28)),
    ]
}

/// Sparse-text segmentation sometimes drops the short name line of a Chinese
/// ID front. When the 姓名 label was read, read the strip to its right once
/// more on its own (sparse again: on the guilloche background, single-line
/// mode returned nothing where sparse mode read the name).
fn reread_name(
    rec: &mut Recorder<'_>,
    image: &GrayImage,
    page: &OcrPage,
    what: &str,
    doc: &mut DocumentFields,
) -> Result<(), Error> {
    let label = page
        .lines
        .iter()
        .flat_map(|l| &l.words)
        .find(|w| w.text.replace(' ', "").starts_with("姓名"));
    let Some(label) = label else {
        return Ok(());
    };
    let b = label.bbox;
    let pad = b.h / 2;
    let x = b.right() + b.h / 2;
    // The photo takes the right third of the card; the name never reaches it.
    let right = image.width() * 62 / 100;
    if x + b.h >= right {
        return Ok(());
    }
    let region = BBox {
        x,
        y: b.y.saturating_sub(pad),
        w: right - x,
        h: b.h + 2 * pad,
    };
    let line = rec.run(
        &format!("{what}: name strip"),
        image,
        Request {
            lang: Lang::ChiSim,
            segmentation: Segmentation::Sparse,
            whitelist: None,
            region: Some(region),
            glyphs: false,
        },
    )?;
    let text: String = line
        .lines
        .iter()
        .flat_map(|l| &l.words)
        .flat_map(|w| w.text.chars())
        .filter(|c| !c.is_whitespace() && !c.is_ascii_punctuation())
        .collect();
    let count = text.chars().count();
    if (2..=6).contains(&count)
        && text
            .chars()
            .all(|c| ('\u{4e00}'..='\u{9fff}').contains(&c) || c == '·')
    {
        let conf = line
            .lines
            .iter()
            .map(|l| l.min_conf())
            .fold(100.0f32, f32::min)
            / 100.0;
        doc.name = Some(crate::documents::Read::new(
            text,
            crate::report::Source::Visual,
            conf,
        ));
    }
    Ok(())
}

/// Turns the document read, the proof of address and the entered fields into
/// checks, reasons and a decision.
fn decide(
    claimed: &Claimed,
    doc: DocumentFields,
    proof: Option<&AddressProof>,
    as_of: Date,
    policy: &Policy,
    quality: QualityMeasures,
    cards: [Option<geometry::Card>; 2],
) -> Report {
    let ctx = Context { as_of, policy };
    let mut checks = compare::all(claimed, &doc, ctx);
    // A numeric issue date is read in the person's date order, as their own dates are.
    let proof = proof.map(|p| p.in_date_order(claimed.date_order));
    let proof = proof.as_ref();
    if let Some(proof) = proof {
        checks.extend(compare::address_proof(claimed, &doc, proof, ctx));
    }
    // A Chinese ID card or residence permit read on its front only: its back
    // carries the validity period.
    let back_missing = doc.kind.validity_on_back() && !doc.sides.iter().any(|s| s == "back");
    let mut rejects: Vec<Reason> = Vec::new();
    let mut reviews: Vec<Reason> = Vec::new();
    for (card, side) in cards.iter().zip(["front", "back"]) {
        if card.is_some_and(|c| c.cropped) {
            let reason = Reason::new(
                ReasonCode::DocumentCropped,
                None,
                format!("{side}: part of the document is outside the photo"),
            );
            if policy.reject_cropped {
                rejects.push(reason);
            } else {
                reviews.push(reason);
            }
        }
    }
    if doc.kind == DocumentKind::Unknown {
        reviews.push(Reason::new(
            ReasonCode::FieldUnreadable,
            None,
            "no identity document was recognized on the image",
        ));
    }
    for c in &checks {
        match c.status {
            Status::Match => {}
            Status::Mismatch => rejects.push(Reason::new(
                mismatch_code(c.field),
                Some(c.field),
                mismatch_message(c),
            )),
            Status::NotFound if c.field == CheckField::Expiry && back_missing => {
                // Not a reading problem: the side that carries it was not sent.
                reviews.push(Reason::new(
                    ReasonCode::DocumentIncomplete,
                    Some(c.field),
                    "the back of the card, which carries the validity period, was not given",
                ));
            }
            Status::NotFound | Status::Uncertain
                if doc.kind != DocumentKind::Unknown || c.field.is_address_proof() =>
            {
                let message = format!("{}: {}", field_name(c.field), c.explanation);
                reviews.push(Reason::new(
                    ReasonCode::FieldUnreadable,
                    Some(c.field),
                    message,
                ));
            }
            _ => {}
        }
    }
    for issue in &doc.issues {
        let conclusive = match issue.code {
            ReasonCode::IdNumberInvalid => doc
                .document_number
                .as_ref()
                .is_none_or(|n| n.confidence >= policy.min_evidence_confidence),
            // Both images show the same side: the other is missing for sure.
            ReasonCode::DocumentIncomplete => true,
            _ => false,
        };
        let reason = Reason::new(issue.code, issue.field, issue.message.clone());
        if !rejects
            .iter()
            .chain(&reviews)
            .any(|r| r.code == reason.code && r.message == reason.message)
        {
            if conclusive {
                rejects.push(reason);
            } else {
                reviews.push(reason);
            }
        }
    }
    // An image reason rejects when a field printed on that image could not be
    // read, or no document was recognized (the photo is why); otherwise it is
    // reported and the decision stands on the fields.
    let mut image = quality::reasons(&quality, ImageSide::Front, policy);
    if let Some(back) = &quality.back {
        image.extend(quality::reasons(back, ImageSide::Back, policy));
    }
    let unreadable: Vec<Option<CheckField>> = reviews
        .iter()
        .filter(|r| r.code == ReasonCode::FieldUnreadable)
        .map(|r| r.field)
        .collect();
    let blocks = |r: &Reason| {
        impairs_reading(r.code)
            && unreadable
                .iter()
                .any(|f| f.is_none_or(|f| Some(side_of(f, doc.kind)) == r.image))
    };
    let blocking = image.iter().any(blocks);
    // A page whose date and holder were read, but whose wording is not a
    // bill's, a statement's or a tenancy agreement's, is for a person to judge.
    if proof.is_some_and(|p| p.kind == AddressProofKind::Unknown)
        && !checks
            .iter()
            .any(|c| c.field.is_address_proof() && c.status != Status::Match)
    {
        reviews.push(Reason::new(
            ReasonCode::FieldUnreadable,
            None,
            "the proof of address was not recognized as a utility bill, bank statement or tenancy agreement",
        ));
    }
    let decision = if blocking || !rejects.is_empty() {
        Decision::Reject
    } else if !reviews.is_empty() {
        Decision::Review
    } else {
        Decision::Pass
    };
    if blocking {
        let (mut first, rest): (Vec<Reason>, Vec<Reason>) = image.into_iter().partition(blocks);
        for r in &mut first {
            name_covered_fields(r, &unreadable, doc.kind, &quality, policy);
        }
        first.append(&mut rejects);
        first.extend(reviews);
        first.extend(rest);
        rejects = first;
    } else {
        rejects.extend(reviews);
        rejects.extend(image);
    }
    // A warning that does not change the decision: the document expires soon.
    if let Some(Expiry::On(d)) = doc.expiry_date.as_ref().map(|e| e.value) {
        let days = d.days_since_epoch() - as_of.days_since_epoch();
        if (0..=policy.expiry_warning_days).contains(&days) {
            rejects.push(Reason::new(
                ReasonCode::DocumentExpiringSoon,
                Some(CheckField::Expiry),
                format!("the document expires in {days} days, on {d}"),
            ));
        }
    }
    Report {
        schema_version: SCHEMA_VERSION,
        decision,
        document: doc,
        checks,
        quality,
        reasons: rejects,
        timings_ms: Timings::default(),
        fingerprint: None,
        address_proof: proof.cloned(),
    }
}

/// Whether an image reason can be why a field was not read (an edit trace cannot).
fn impairs_reading(code: ReasonCode) -> bool {
    code.is_image() && code != ReasonCode::ImageEdited
}

/// When glare lies over text on the image where unread fields are printed,
/// says in the glare reason's hint which fields it covers ("glare covers the
/// ID number").
fn name_covered_fields(
    r: &mut Reason,
    unreadable: &[Option<CheckField>],
    kind: DocumentKind,
    quality: &QualityMeasures,
    policy: &Policy,
) {
    let measures = match r.image {
        Some(ImageSide::Back) => quality.back.as_deref(),
        _ => Some(quality),
    };
    let over_text = measures
        .and_then(|m| m.glare_blob.as_ref())
        .is_some_and(|g| g.ink_around >= policy.glare_min_ink_around);
    if r.code != ReasonCode::ImageGlare || !over_text {
        return;
    }
    let fields: Vec<CheckField> = unreadable
        .iter()
        .flatten()
        .copied()
        .filter(|&f| Some(side_of(f, kind)) == r.image)
        .collect();
    if fields.is_empty() {
        return;
    }
    let en: Vec<&str> = fields.iter().map(|&f| field_name(f)).collect();
    let zh: Vec<&str> = fields.iter().map(|&f| field_name_zh(f, kind)).collect();
    r.hint = format!(
        "move away from the lamp or window: glare covers the {}",
        en.join(" and the ")
    );
    r.hint_zh = format!("避开灯光或窗户：反光遮挡了{}", zh.join("和"));
}

/// The image a field is printed on: a Chinese ID card's validity period is
/// on its back, the proof of address's fields on it, everything else on the
/// front.
fn side_of(f: CheckField, kind: DocumentKind) -> ImageSide {
    match (kind, f) {
        (_, CheckField::AddressProofDate | CheckField::AddressProofName) => {
            ImageSide::ProofOfAddress
        }
        (DocumentKind::CnIdCard, CheckField::Expiry) => ImageSide::Back,
        _ => ImageSide::Front,
    }
}

fn field_name_zh(f: CheckField, kind: DocumentKind) -> &'static str {
    match f {
        CheckField::Name => "姓名",
        CheckField::Dob => "出生日期",
        CheckField::IdNumber if kind == DocumentKind::CnIdCard => "身份证号码",
        CheckField::IdNumber => "证件号码",
        CheckField::DocType => "证件类型",
        CheckField::Country => "签发国家",
        CheckField::Expiry => "有效期限",
        CheckField::AddressProofDate => "地址证明的开具日期",
        CheckField::AddressProofName => "地址证明上的姓名",
    }
}

fn mismatch_code(f: CheckField) -> ReasonCode {
    match f {
        CheckField::Name => ReasonCode::NameMismatch,
        CheckField::Dob => ReasonCode::DobMismatch,
        CheckField::IdNumber => ReasonCode::IdNumberMismatch,
        CheckField::DocType => ReasonCode::DocumentTypeMismatch,
        CheckField::Country => ReasonCode::CountryMismatch,
        CheckField::Expiry => ReasonCode::DocumentExpired,
        CheckField::AddressProofDate => ReasonCode::AddressProofTooOld,
        CheckField::AddressProofName => ReasonCode::AddressProofNameMismatch,
    }
}

fn field_name(f: CheckField) -> &'static str {
    match f {
        CheckField::Name => "name",
        CheckField::Dob => "date of birth",
        CheckField::IdNumber => "ID number",
        CheckField::DocType => "document type",
        CheckField::Country => "country",
        CheckField::Expiry => "expiry",
        CheckField::AddressProofDate => "proof of address date",
        CheckField::AddressProofName => "name on the proof of address",
    }
}

fn mismatch_message(c: &Check) -> String {
    // The explanation names the rule; values stay in the check, not in the reason.
    match c.field {
        CheckField::IdNumber => "the entered ID number differs from the document's".into(),
        CheckField::Name => "the entered name differs from the document's".into(),
        CheckField::AddressProofName => {
            "the name on the proof of address differs from the identity document's".into()
        }
        CheckField::Dob => format!(
            "the entered date of birth differs from the document's: {}",
            c.explanation
        ),
        _ => c.explanation.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verifier_is_shared_across_threads() {
        fn shared<T: Send + Sync>() {}
        shared::<Verifier>();
        shared::<Report>();
    }

    #[test]
    fn no_engines_is_an_error_not_a_hang() {
        let v = Verifier::with_engines(Vec::new(), Policy::default(), Limits::default());
        let png = {
            let mut out = Vec::new();
            image::DynamicImage::new_luma8(8, 8)
                .write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
                .expect("encoding a tiny PNG in memory cannot fail");
            out
        };
        let e = v.read(&ImageInput::Bytes(png), None).unwrap_err();
        assert!(e.to_string().contains("no OCR engine"), "{e}");
    }

    #[test]
    fn engine_returns_to_the_pool_after_a_panic() {
        struct Panics;
        impl Ocr for Panics {
            fn recognize(&mut self, _: &GrayImage, _: &Request<'_>) -> Result<OcrPage, Error> {
                panic!("engine bug")
            }
        }
        let v =
            Verifier::with_engines(vec![Box::new(Panics)], Policy::default(), Limits::default());
        let image = GrayImage::new(4, 4);
        let req = Request {
            lang: Lang::Eng,
            segmentation: Segmentation::Block,
            whitelist: None,
            region: None,
            glyphs: false,
        };
        for _ in 0..2 {
            let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                v.with_engine(|e| e.recognize(&image, &req))
            }));
            assert!(r.is_err(), "the fake engine panics");
        }
        let free = v.pool.engines.lock().map(|f| f.len()).unwrap_or(0);
        assert_eq!(free, 1, "the engine is back in the pool");
    }

    #[test]
    fn claimed_debug_masks_values() {
        let c = Claimed::new(
            &ClaimedText {
                name: Some("Zhang San"),
                id_number: Some("110105199001021238"),
                ..Default::default()
            },
            DateOrder::Dmy,
            &Limits::default(),
        )
        .expect("valid claim");
        let shown = format!("{c:?}");
        assert!(
            !shown.contains("Zhang") && !shown.contains("1101"),
            "{shown}"
        );
    }
}
