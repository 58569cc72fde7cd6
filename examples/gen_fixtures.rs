//! Generates the synthetic image fixtures of kycmatch: Chinese resident ID cards, residence
//! permits for Hong Kong, Macau and Taiwan residents and foreign permanent resident ID cards
//! (both sides), and TD3 passport data pages, some of them also photographed on a table (perspective,
//! right-angle turns), and proof-of-address pages (bills, statements, a tenancy agreement)
//! issued to their holders, each with a truth file, plus `cases.tsv` and
//! `cases_address.tsv`, the submissions the integration tests verify against them.
//!
//! ```text
//! cargo run --release --example gen_fixtures -- fixtures
//! ```
//!
//! Output (under the given root): `images/<doc_id>_front.jpg`, `images/<doc_id>_back.jpg`,
//! `images/<doc_id>.jpg` (documents `cnidNN`, `rpNN`, `prNN`, `ppNN`, `photoNN` and `billNN`),
//! `images/<image>.truth.json`, `cases.tsv` and `cases_address.tsv`. The seeds are fixed, so a
//! re-run gives the same documents and cases. Every name, number and address is invented.
//! Fonts: OCR-B (Debian package fonts-ocr-b), Noto Sans CJK SC (fonts-noto-cjk) and DejaVu
//! Sans (fonts-dejavu-core).

#[path = "gen_fixtures/bills.rs"]
mod bills;
#[path = "gen_fixtures/data.rs"]
mod data;
#[path = "gen_fixtures/draw.rs"]
mod draw;
#[path = "gen_fixtures/layout.rs"]
mod layout;
#[path = "gen_fixtures/photo.rs"]
mod photo;

use std::fmt::Write as _;
use std::fs;
use std::io::BufWriter;
use std::path::{Path, PathBuf};

use ab_glyph::FontRef;
use image::RgbImage;
use serde::Serialize;

use data::{CnId, Passport, PrCard, Ymd, AS_OF};
use draw::{Fonts, Rgb};
use photo::{Shot, Table};

const OCRB: &str = "/usr/share/fonts/opentype/ocr-b/OCRB.otf";
const CJK: &str = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";
const CJK_BOLD: &str = "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc";
const LATIN: &str = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
const LATIN_BOLD: &str = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";
/// Face index of Noto Sans CJK SC inside the collections.
const CJK_SC: u32 = 2;
/// The table or desk around a photographed card.
const OUTSIDE: Rgb = [116, 114, 110];
/// JPEG quality of every image except the `jpeg60` ones: keeps each file under 250 KB (the
/// fine background lines are expensive) while Tesseract still reads every MRZ crop exactly.
const JPEG_QUALITY: u8 = 86;

type Result<T> = std::result::Result<T, String>;

fn main() {
    if let Err(e) = run() {
        eprintln!("gen_fixtures: {e}");
        std::process::exit(1);
    }
}

fn read_font(path: &str, package: &str) -> Result<Vec<u8>> {
    fs::read(path)
        .map_err(|e| format!("reading font {path}: {e} (install the Debian package {package})"))
}

fn run() -> Result<()> {
    let root = PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| "fixtures".into()));
    let ocrb = read_font(OCRB, "fonts-ocr-b")?;
    let cjk = read_font(CJK, "fonts-noto-cjk")?;
    let cjk_bold = read_font(CJK_BOLD, "fonts-noto-cjk")?;
    let fonts = Fonts {
        ocrb: FontRef::try_from_slice(&ocrb).map_err(|e| format!("parsing {OCRB}: {e}"))?,
        cjk: FontRef::try_from_slice_and_index(&cjk, CJK_SC)
            .map_err(|e| format!("parsing {CJK} face {CJK_SC}: {e}"))?,
        cjk_bold: FontRef::try_from_slice_and_index(&cjk_bold, CJK_SC)
            .map_err(|e| format!("parsing {CJK_BOLD} face {CJK_SC}: {e}"))?,
    };
    data::self_check();

    let (cn_ids, passports) = data::documents();
    let permits = data::permits();
    for id in cn_ids.iter().chain(&permits) {
        for s in layout::cjk_strings_cn(id) {
            draw::check_glyphs(&fonts.cjk, "Noto Sans CJK SC", &s)?;
            draw::check_glyphs(&fonts.cjk_bold, "Noto Sans CJK SC Bold", &s)?;
        }
        draw::check_glyphs(&fonts.ocrb, "OCR-B", &id.number)?;
    }
    let pr_cards = data::pr_cards();
    for card in &pr_cards {
        for s in layout::cjk_strings_pr(card) {
            draw::check_glyphs(&fonts.cjk, "Noto Sans CJK SC", &s)?;
            draw::check_glyphs(&fonts.cjk_bold, "Noto Sans CJK SC Bold", &s)?;
        }
    }
    for p in &passports {
        for s in layout::cjk_strings_passport(p) {
            draw::check_glyphs(&fonts.cjk, "Noto Sans CJK SC", &s)?;
        }
        draw::check_glyphs(&fonts.ocrb, "OCR-B", &p.mrz.concat())?;
    }

    let images = root.join("images");
    fs::create_dir_all(&images).map_err(|e| format!("creating {}: {e}", images.display()))?;
    remove_stale(&images)?;

    let mut total = 0u64;
    for (i, id) in cn_ids.iter().enumerate() {
        let deg = CN_DEGRADATIONS[i];
        let front = layout::cn_front(&fonts, id, OUTSIDE);
        let back = layout::cn_back(&fonts, id, OUTSIDE);
        let name = format!("{}_front.jpg", id.doc_id);
        total += save(&images, &name, &degrade(front, deg), deg)?;
        write_truth(&images, &name, &truth_cn_front(id, deg))?;
        let name = format!("{}_back.jpg", id.doc_id);
        total += save(&images, &name, &degrade(back, deg), deg)?;
        write_truth(&images, &name, &truth_cn_back(id, deg))?;
    }
    for (i, p) in passports.iter().enumerate() {
        let deg = PASSPORT_DEGRADATIONS[i];
        let name = format!("{}.jpg", p.doc_id);
        let page = layout::passport(&fonts, p);
        total += save(&images, &name, &degrade(page, deg), deg)?;
        write_truth(&images, &name, &truth_passport(p, deg))?;
    }

    let mut photo_facts = Vec::new();
    for spec in &PHOTOS {
        let (facts, bytes) = take_photos(&fonts, &images, spec, &cn_ids, &passports)?;
        total += bytes;
        photo_facts.push(facts);
    }

    // Residence permits, clean scans, after everything else (their own random stream).
    for id in &permits {
        let front = layout::cn_front(&fonts, id, OUTSIDE);
        let back = layout::cn_back(&fonts, id, OUTSIDE);
        let name = format!("{}_front.jpg", id.doc_id);
        total += save(&images, &name, &front, Clean)?;
        write_truth(&images, &name, &truth_cn_front(id, Clean))?;
        let name = format!("{}_back.jpg", id.doc_id);
        total += save(&images, &name, &back, Clean)?;
        write_truth(&images, &name, &truth_cn_back(id, Clean))?;
    }

    // Foreign permanent resident cards, clean scans, after the permits (their own stream).
    for card in &pr_cards {
        let name = format!("{}_front.jpg", card.doc_id);
        total += save(
            &images,
            &name,
            &layout::pr_front(&fonts, card, OUTSIDE),
            Clean,
        )?;
        write_truth(&images, &name, &truth_pr_front(card))?;
        if card.spec.back {
            let name = format!("{}_back.jpg", card.doc_id);
            total += save(&images, &name, &layout::pr_back(&fonts, OUTSIDE), Clean)?;
            write_truth(&images, &name, &truth_pr_back(card))?;
        }
    }

    // Passport pages stamped SPECIMEN across an MRZ line, clean (no randomness).
    for &(i, line) in &STAMPED_PASSPORTS {
        let stamped = &passports[i];
        let mut page = layout::passport(&fonts, stamped);
        layout::specimen_stamp(&fonts, &mut page, line);
        let name = format!("{}_stamped.jpg", stamped.doc_id);
        total += save(&images, &name, &page, Clean)?;
        write_truth(&images, &name, &truth_passport(stamped, Clean))?;
    }

    let cases = cases(&cn_ids, &passports, photo_facts, &permits, &pr_cards);
    let tsv = root.join("cases.tsv");
    fs::write(&tsv, render_cases(&cases)).map_err(|e| format!("writing {}: {e}", tsv.display()))?;

    // Proof-of-address pages, from their own random stream, after everything else.
    let latin = read_font(LATIN, "fonts-dejavu-core")?;
    let latin_bold = read_font(LATIN_BOLD, "fonts-dejavu-core")?;
    let bill_fonts = bills::BillFonts {
        cjk: fonts.cjk.clone(),
        cjk_bold: fonts.cjk_bold.clone(),
        latin: FontRef::try_from_slice(&latin).map_err(|e| format!("parsing {LATIN}: {e}"))?,
        latin_bold: FontRef::try_from_slice(&latin_bold)
            .map_err(|e| format!("parsing {LATIN_BOLD}: {e}"))?,
    };
    let bills = bills::bills(&cn_ids, &passports)?;
    for (b, deg) in bills.iter().zip(BILL_DEGRADATIONS) {
        for s in bills::cjk_strings(b) {
            draw::check_glyphs(&bill_fonts.cjk, "Noto Sans CJK SC", &s)?;
            draw::check_glyphs(&bill_fonts.cjk_bold, "Noto Sans CJK SC Bold", &s)?;
        }
        for s in bills::latin_strings(b) {
            draw::check_glyphs(&bill_fonts.latin, "DejaVu Sans", &s)?;
            draw::check_glyphs(&bill_fonts.latin_bold, "DejaVu Sans Bold", &s)?;
        }
        let name = format!("{}.jpg", b.spec.doc_id);
        total += save(
            &images,
            &name,
            &degrade(bills::page(&bill_fonts, b), deg),
            deg,
        )?;
        write_json(&images, &name, &truth_bill(b, deg))?;
    }
    let address_cases = address_cases(&bills, &cases)?;
    let tsv = root.join("cases_address.tsv");
    fs::write(&tsv, render_address_cases(&address_cases, &cases))
        .map_err(|e| format!("writing {}: {e}", tsv.display()))?;

    println!(
        "{} documents, {} images ({:.1} MB), {} cases -> {}",
        cn_ids.len()
            + passports.len()
            + PHOTOS.len()
            + bills.len()
            + permits.len()
            + pr_cards.len(),
        (cn_ids.len() + permits.len()) * 2
            + pr_cards.len()
            + pr_cards.iter().filter(|c| c.spec.back).count()
            + passports.len()
            + PHOTOS
                .iter()
                .map(|p| 1 + usize::from(p.back.is_some()))
                .sum::<usize>()
            + bills.len()
            + STAMPED_PASSPORTS.len(),
        total as f64 / 1e6,
        cases.len() + address_cases.len(),
        root.display()
    );
    Ok(())
}

/// Removes images and truth files of an earlier run (ours are named `cnidNN*`, `ppNN*`,
/// `photoNN*` and `billNN*`), so a document dropped from the tables does not linger. Other
/// files are left alone.
fn remove_stale(dir: &Path) -> Result<()> {
    let entries = fs::read_dir(dir).map_err(|e| format!("listing {}: {e}", dir.display()))?;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if ["cnid", "pp", "photo", "bill", "rp", "pr"]
            .iter()
            .any(|prefix| name.starts_with(prefix))
        {
            fs::remove_file(entry.path()).map_err(|e| format!("removing {name}: {e}"))?;
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Degradations

#[derive(Clone, Copy, PartialEq)]
enum Degradation {
    Clean,
    /// Gaussian blur, sigma 1.0.
    Blur,
    /// Saved as JPEG quality 60.
    Jpeg60,
    /// Rotated by the given degrees (positive = clockwise) on a larger canvas.
    Rot3(i32),
    /// Brightness falling smoothly from 1.0 to 0.65 across the image.
    Uneven,
}

impl Degradation {
    fn name(self) -> &'static str {
        match self {
            Degradation::Clean => "clean",
            Degradation::Blur => "blur",
            Degradation::Jpeg60 => "jpeg60",
            Degradation::Rot3(_) => "rot3",
            Degradation::Uneven => "uneven",
        }
    }
    fn rotation(self) -> Option<i32> {
        match self {
            Degradation::Rot3(deg) => Some(deg),
            _ => None,
        }
    }
}

use Degradation::{Blur, Clean, Jpeg60, Rot3, Uneven};

const CN_DEGRADATIONS: [Degradation; 12] = [
    Clean,
    Blur,
    Clean,
    Jpeg60,
    Clean,
    Rot3(3),
    Clean,
    Uneven,
    Clean,
    Rot3(-3),
    Clean,
    Uneven,
];
const PASSPORT_DEGRADATIONS: [Degradation; 10] = [
    Clean,
    Jpeg60,
    Clean,
    Blur,
    Clean,
    Rot3(-3),
    Clean,
    Uneven,
    Clean,
    Jpeg60,
];

/// One per bill, in the order of `bills::BILLS`.
const BILL_DEGRADATIONS: [Degradation; 7] = [Clean, Clean, Uneven, Jpeg60, Rot3(-3), Blur, Clean];

fn degrade(img: RgbImage, deg: Degradation) -> RgbImage {
    match deg {
        Clean | Jpeg60 => img,
        Blur => imageproc::filter::gaussian_blur_f32(&img, 1.0),
        Rot3(deg) => {
            // A margin large enough that the rotated corners stay inside the canvas.
            let margin = 48;
            let mut canvas = RgbImage::from_pixel(
                img.width() + 2 * margin,
                img.height() + 2 * margin,
                image::Rgb(OUTSIDE),
            );
            image::imageops::replace(&mut canvas, &img, i64::from(margin), i64::from(margin));
            imageproc::geometric_transformations::rotate_about_center(
                &canvas,
                (deg as f32).to_radians(),
                imageproc::geometric_transformations::Interpolation::Bicubic,
                imageproc::geometric_transformations::Border::Constant(image::Rgb(OUTSIDE)),
            )
        }
        Uneven => {
            let mut img = img;
            let (w, h) = (img.width() as f32, img.height() as f32);
            for (x, y, p) in img.enumerate_pixels_mut() {
                let t = (0.75 * x as f32 / w + 0.25 * y as f32 / h).clamp(0.0, 1.0);
                // Smoothstep, so the light falls off like a lamp at the side, not a ramp.
                let gain = 1.0 - 0.35 * t * t * (3.0 - 2.0 * t);
                for c in p.0.iter_mut() {
                    *c = (f32::from(*c) * gain).round() as u8;
                }
            }
            img
        }
    }
}

/// Writes `img` as JPEG and returns the file size.
fn save(dir: &Path, name: &str, img: &RgbImage, deg: Degradation) -> Result<u64> {
    let path = dir.join(name);
    let quality = if deg == Jpeg60 { 60 } else { JPEG_QUALITY };
    let file = fs::File::create(&path).map_err(|e| format!("creating {}: {e}", path.display()))?;
    image::codecs::jpeg::JpegEncoder::new_with_quality(BufWriter::new(file), quality)
        .encode_image(img)
        .map_err(|e| format!("encoding {}: {e}", path.display()))?;
    let size = fs::metadata(&path)
        .map_err(|e| format!("reading {}: {e}", path.display()))?
        .len();
    Ok(size)
}

// ---------------------------------------------------------------------------------------------
// Truth files

/// What is printed on one image. Keys that do not apply to the image kind are left out.
#[derive(Serialize, Default)]
struct Truth {
    doc_id: String,
    image_kind: &'static str,
    degradation: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    rotation_deg: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    name_latin: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    surname: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    given_names: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    sex: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    ethnicity: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    birth_date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    address: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    id_number: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    authority: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    valid_from: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    valid_until: Option<String>,
    /// Whether the validity period is the one the card's rules give for the holder's age
    /// at issue (false: a misprint the check must report).
    #[serde(skip_serializing_if = "Option::is_none")]
    validity_fits: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    issuing_country: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    nationality: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    document_number: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    expiry_date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    personal_number: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    mrz: Option<[String; 2]>,
    /// For a photo: the straight image it was taken of.
    #[serde(skip_serializing_if = "Option::is_none")]
    source_image: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    photo: Option<PhotoTruth>,
}

/// How a photo was taken and where the document landed in it.
#[derive(Serialize)]
struct PhotoTruth {
    table: &'static str,
    tilt_x_deg: f32,
    tilt_y_deg: f32,
    turn_deg: f32,
    width: u32,
    height: u32,
    /// The document's own top-left, top-right, bottom-right and bottom-left corners in the
    /// photo's pixels (they may lie outside it).
    corners: [[f32; 2]; 4],
    /// Whether part of the document lies outside the photo.
    cropped: bool,
}

fn truth_cn_front(id: &CnId, deg: Degradation) -> Truth {
    Truth {
        doc_id: id.doc_id.clone(),
        image_kind: "cn_id_front",
        degradation: deg.name(),
        rotation_deg: deg.rotation(),
        name: Some(id.spec.name.into()),
        sex: Some(id.spec.sex.code()),
        ethnicity: Some(id.spec.ethnicity).filter(|e| !e.is_empty()),
        birth_date: Some(id.birth.iso()),
        address: Some(id.spec.address),
        id_number: Some(id.number.clone()),
        ..Default::default()
    }
}

fn truth_cn_back(id: &CnId, deg: Degradation) -> Truth {
    Truth {
        doc_id: id.doc_id.clone(),
        image_kind: "cn_id_back",
        degradation: deg.name(),
        rotation_deg: deg.rotation(),
        authority: Some(id.spec.authority),
        valid_from: Some(id.valid_from.iso()),
        valid_until: Some(id.valid_until.map_or("indefinite".into(), Ymd::iso)),
        validity_fits: Some(data::validity_fits(id)),
        ..Default::default()
    }
}

fn truth_pr_front(card: &PrCard) -> Truth {
    Truth {
        doc_id: card.doc_id.clone(),
        image_kind: "cn_pr_front",
        degradation: Clean.name(),
        name: card.spec.hanzi.map(str::to_string),
        name_latin: Some(layout::pr_latin_name(card)),
        sex: Some(card.spec.sex.code()),
        birth_date: Some(card.birth.iso()),
        nationality: Some(card.spec.nationality.0),
        id_number: Some(card.number.clone()),
        valid_from: Some(card.valid_from.iso()),
        valid_until: Some(card.valid_until.iso()),
        validity_fits: Some(card.term_fits()),
        ..Default::default()
    }
}

fn truth_pr_back(card: &PrCard) -> Truth {
    Truth {
        doc_id: card.doc_id.clone(),
        image_kind: "cn_pr_back",
        degradation: Clean.name(),
        authority: Some(layout::PR_AUTHORITY),
        ..Default::default()
    }
}

fn truth_passport(p: &Passport, deg: Degradation) -> Truth {
    let (sur, given) = p.mrz_names();
    let printed = match p.spec.hanzi {
        Some((hanzi, _)) => hanzi.to_string(),
        None => format!("{} {}", p.surname, p.given),
    };
    Truth {
        doc_id: p.doc_id.clone(),
        image_kind: "passport",
        degradation: deg.name(),
        rotation_deg: deg.rotation(),
        name: Some(printed),
        name_latin: Some(format!("{sur} {given}")),
        surname: Some(sur),
        given_names: Some(given),
        sex: Some(p.spec.sex.code()),
        birth_date: Some(p.birth.iso()),
        issuing_country: Some(p.spec.issuer),
        nationality: Some(p.spec.nationality),
        document_number: Some(p.number.clone()),
        expiry_date: Some(p.expiry.iso()),
        personal_number: p.personal_number.clone(),
        mrz: Some(p.mrz.clone()),
        ..Default::default()
    }
}

/// What is printed on a proof-of-address page.
#[derive(Serialize)]
struct BillTruth {
    doc_id: &'static str,
    image_kind: &'static str,
    degradation: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    rotation_deg: Option<i32>,
    /// `utility_bill`, `bank_statement` or `tenancy_agreement`.
    proof_kind: &'static str,
    /// The fixture document whose holder the page is issued to.
    holder_doc: &'static str,
    /// The holder's name as printed, without a title.
    name: String,
    /// The issue date (statement date, bill date, 出账日期, 签订日期).
    issue_date: String,
    /// The address, lines joined with ", ".
    address: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    landlord: Option<String>,
}

fn truth_bill(b: &bills::Bill, deg: Degradation) -> BillTruth {
    BillTruth {
        doc_id: b.spec.doc_id,
        image_kind: "address_proof",
        degradation: deg.name(),
        rotation_deg: deg.rotation(),
        proof_kind: b.spec.kind.proof_kind(),
        holder_doc: b.spec.holder,
        name: b.name.clone(),
        issue_date: b.issued.iso(),
        address: b.address_line(),
        landlord: b.landlord.clone(),
    }
}

fn write_truth(dir: &Path, image: &str, truth: &Truth) -> Result<()> {
    write_json(dir, image, truth)
}

fn write_json(dir: &Path, image: &str, truth: &impl Serialize) -> Result<()> {
    let path = dir.join(format!("{image}.truth.json"));
    let mut json = serde_json::to_string_pretty(truth).map_err(|e| e.to_string())?;
    json.push('\n');
    fs::write(&path, json).map_err(|e| format!("writing {}: {e}", path.display()))
}

// ---------------------------------------------------------------------------------------------
// Cases

/// One submission: what the person typed into the KYC form, and the expected verdict.
struct Case {
    id: String,
    front: String,
    back: String,
    name: String,
    dob: String,
    id_number: String,
    doc_type: &'static str,
    country: &'static str,
    as_of: String,
    decision: &'static str,
    reasons: &'static str,
}

#[derive(Clone, Copy, PartialEq)]
enum Wrong {
    Name,
    Dob,
    Number,
    Expired,
    Type,
    Country,
}

const WRONG_CYCLE: [Wrong; 6] = [
    Wrong::Name,
    Wrong::Dob,
    Wrong::Number,
    Wrong::Expired,
    Wrong::Type,
    Wrong::Country,
];

impl Wrong {
    fn suffix(self) -> &'static str {
        match self {
            Wrong::Name => "wrong_name",
            Wrong::Dob => "wrong_dob",
            Wrong::Number => "wrong_number",
            Wrong::Expired => "expired",
            Wrong::Type => "wrong_type",
            Wrong::Country => "wrong_country",
        }
    }
    fn reason(self) -> &'static str {
        match self {
            Wrong::Name => "NAME_MISMATCH",
            Wrong::Dob => "DOB_MISMATCH",
            Wrong::Number => "ID_NUMBER_MISMATCH",
            Wrong::Expired => "DOCUMENT_EXPIRED",
            Wrong::Type => "DOCUMENT_TYPE_MISMATCH",
            Wrong::Country => "COUNTRY_MISMATCH",
        }
    }
}

/// A date as a person might type it; `style` picks one of six forms.
fn typed_date(d: Ymd, style: usize) -> String {
    match style % 6 {
        0 => d.iso(),
        1 => d.chinese(),
        2 => d.dmy_slash(),
        3 => d.day_month_name(),
        4 => d.compact(),
        _ => d.dotted(),
    }
}

/// The facts of one document that the case rows are built from.
#[derive(Clone)]
struct DocFacts {
    doc_id: String,
    front: String,
    back: String,
    /// Name typed correctly, and a wrong one.
    name: String,
    wrong_name: String,
    birth: Ymd,
    number: String,
    typed_number: String,
    wrong_number: String,
    expiry: Option<Ymd>,
    doc_type: &'static str,
    other_type: &'static str,
    country: &'static str,
    other_country: &'static str,
    /// Whether the document gets a wrong submission of every kind (not only the next one
    /// or two of the cycle).
    every_wrong: bool,
    /// A flaw of the document itself (photographed with part of it outside the frame; a
    /// validity that fits no rule): only the correct submission, named `<doc_id>_<suffix>`,
    /// whose verdict is the flaw's.
    flaw: Option<Flaw>,
}

/// What a flawed document's correct submission is named after and gives.
#[derive(Clone, Copy)]
struct Flaw {
    suffix: &'static str,
    decision: &'static str,
    reasons: &'static str,
}

const CROPPED: Flaw = Flaw {
    suffix: "cropped",
    decision: "reject",
    reasons: "DOCUMENT_CROPPED",
};

/// Not a flaw of the document but of its print: a stamp over the MRZ, which
/// must still read and pass.
const STAMPED: Flaw = Flaw {
    suffix: "stamped",
    decision: "pass",
    reasons: "",
};

/// Passports that also get a page stamped SPECIMEN ([`layout::specimen_stamp`]),
/// and over which MRZ line (0: the name, which has no check digit; 1: the
/// number and dates, which do).
const STAMPED_PASSPORTS: [(usize, usize); 2] = [(1, 0), (6, 1)];

const VALIDITY_MISFIT: Flaw = Flaw {
    suffix: "validity_misfit",
    decision: "review",
    reasons: "DOCUMENT_VALIDITY_INVALID",
};

fn cn_facts(i: usize, id: &CnId) -> DocFacts {
    let (sur, given) = data::name_pinyin(id.spec.name, id.spec.surname_len);
    // Mostly Hanzi; sometimes pinyin, surname first in title case or given name first in capitals.
    let name = match i % 6 {
        1 => format!("{} {}", data::title_case(&sur), data::title_case(&given)),
        4 => format!("{given} {sur}"),
        _ => id.spec.name.to_string(),
    };
    assert!(
        data::names_sound_different(id.spec.name, id.spec.wrong_name),
        "wrong name of {} must not be a homophone",
        id.doc_id
    );
    let typed_number = if i % 3 == 2 {
        format!(
            "{} {} {}",
            &id.number[..6],
            &id.number[6..14],
            &id.number[14..]
        )
    } else {
        id.number.clone()
    };
    DocFacts {
        doc_id: id.doc_id.clone(),
        front: format!("{}_front.jpg", id.doc_id),
        back: format!("{}_back.jpg", id.doc_id),
        name,
        wrong_name: id.spec.wrong_name.to_string(),
        birth: id.birth,
        number: id.number.clone(),
        typed_number,
        wrong_number: data::cn_id_number_other(&id.number),
        expiry: id.valid_until,
        doc_type: "id-card",
        other_type: "passport",
        country: "CHN",
        other_country: "USA",
        every_wrong: false,
        flaw: None,
    }
}

/// A residence permit's submission: the holder types the Han name, selects
/// `residence-permit`, and the region they live in as the country for the first
/// permit (HKG), the issuer (CHN) for the second; either is right. A permit whose
/// term is not five years is flawed (`DOCUMENT_VALIDITY_INVALID`, review).
fn permit_facts(i: usize, id: &CnId) -> DocFacts {
    let region = match id.spec.region {
        "810000" => "HKG",
        "820000" => "MAC",
        _ => "TWN",
    };
    DocFacts {
        doc_type: "residence-permit",
        country: if i.is_multiple_of(2) { region } else { "CHN" },
        flaw: (!data::permit_term_fits(id)).then_some(VALIDITY_MISFIT),
        ..cn_facts(0, id)
    }
}

/// A permanent resident card's submission: the holder types the Latin name (given names
/// first, or as printed) or the Chinese name, selects `id-card` or `residence-permit`
/// (the card is both), and the nationality or the issuer (CHN) as the country. Only `pr01`
/// comes with its back (the back holds no field a check needs). A card
/// whose term fits no rule is flawed (`DOCUMENT_VALIDITY_INVALID`, review).
fn pr_facts(i: usize, card: &PrCard) -> DocFacts {
    let spec = card.spec;
    let given_first = |given: &str| {
        format!(
            "{} {}",
            data::title_case(given),
            data::title_case(spec.surname)
        )
    };
    let name = match (i % 3, spec.hanzi) {
        (0, _) | (_, None) => given_first(spec.given),
        (1, _) => format!("{} {}", spec.surname, spec.given),
        (_, Some(hanzi)) => hanzi.to_string(),
    };
    DocFacts {
        doc_id: card.doc_id.clone(),
        front: format!("{}_front.jpg", card.doc_id),
        back: if spec.back {
            format!("{}_back.jpg", card.doc_id)
        } else {
            String::new()
        },
        name,
        wrong_name: given_first(spec.wrong_given),
        birth: card.birth,
        number: card.number.clone(),
        typed_number: card.number.clone(),
        wrong_number: data::cn_id_number_other(&card.number),
        expiry: Some(card.valid_until),
        doc_type: if i == 1 {
            "residence-permit"
        } else {
            "id-card"
        },
        other_type: "passport",
        country: if i.is_multiple_of(2) {
            spec.nationality.0
        } else {
            "CHN"
        },
        other_country: "FRA",
        // The front-only card (its type, issuer and nationality are all new) gets every
        // wrong submission.
        every_wrong: !spec.back,
        flaw: (!card.term_fits()).then_some(VALIDITY_MISFIT),
    }
}

fn passport_facts(i: usize, p: &Passport) -> DocFacts {
    // Latin names as printed (diacritics kept, as a person types them from the page).
    let (sur, given) = (p.surname.as_str(), p.given.as_str());
    let wrong = p.spec.wrong_given;
    let (name, wrong_name) = match (p.spec.hanzi, i % 4) {
        (Some((hanzi, _)), 2) => (
            hanzi.to_string(),
            format!("{} {}", data::title_case(sur), data::title_case(wrong)),
        ),
        (_, 0) | (_, 2) => (
            format!("{} {}", data::title_case(given), data::title_case(sur)),
            format!("{} {}", data::title_case(wrong), data::title_case(sur)),
        ),
        _ => (format!("{sur} {given}"), format!("{sur} {wrong}")),
    };
    let other_country = match p.spec.form_country {
        "CHN" | "CAN" => "USA",
        "UTO" => "SWE",
        "DEU" => "AUT",
        "FRA" => "BEL",
        _ => "IRL",
    };
    DocFacts {
        doc_id: p.doc_id.clone(),
        front: format!("{}.jpg", p.doc_id),
        back: String::new(),
        name,
        wrong_name,
        birth: p.birth,
        number: p.number.clone(),
        typed_number: p.number.clone(),
        wrong_number: data::passport_number_other(&p.number),
        expiry: Some(p.expiry),
        doc_type: "passport",
        other_type: "id-card",
        country: p.spec.form_country,
        other_country,
        every_wrong: false,
        flaw: None,
    }
}

fn cases(
    cn_ids: &[CnId],
    passports: &[Passport],
    photos: Vec<DocFacts>,
    permits: &[CnId],
    pr_cards: &[PrCard],
) -> Vec<Case> {
    let facts: Vec<DocFacts> = cn_ids
        .iter()
        .enumerate()
        .map(|(i, id)| cn_facts(i, id))
        .chain(
            passports
                .iter()
                .enumerate()
                .map(|(i, p)| passport_facts(i, p)),
        )
        .chain(photos)
        .chain(
            permits
                .iter()
                .enumerate()
                .map(|(i, id)| permit_facts(i, id)),
        )
        .chain(
            pr_cards
                .iter()
                .enumerate()
                .map(|(i, card)| pr_facts(i, card)),
        )
        .chain(STAMPED_PASSPORTS.iter().map(|&(i, _)| DocFacts {
            front: format!("{}_stamped.jpg", passports[i].doc_id),
            flaw: Some(STAMPED),
            ..passport_facts(i, &passports[i])
        }))
        .collect();
    let mut out = Vec::new();
    let mut next_wrong = 0;
    for (k, f) in facts.iter().enumerate() {
        let base = Case {
            id: format!("{}_ok", f.doc_id),
            front: f.front.clone(),
            back: f.back.clone(),
            name: f.name.clone(),
            dob: typed_date(f.birth, k),
            id_number: f.typed_number.clone(),
            doc_type: f.doc_type,
            country: f.country,
            as_of: AS_OF.iso(),
            decision: "pass",
            reasons: "",
        };
        if let Some(flaw) = f.flaw {
            out.push(Case {
                id: format!("{}_{}", f.doc_id, flaw.suffix),
                decision: flaw.decision,
                reasons: flaw.reasons,
                ..base
            });
            continue;
        }
        // Every document gets one wrong submission, every other one a second.
        let n_wrong = if k % 2 == 0 { 2 } else { 1 };
        let mut wrongs = Vec::new();
        if f.every_wrong {
            wrongs.extend(WRONG_CYCLE);
        }
        while wrongs.len() < n_wrong {
            let kind = WRONG_CYCLE[next_wrong % WRONG_CYCLE.len()];
            next_wrong += 1;
            if kind == Wrong::Expired && f.expiry.is_none() {
                continue; // a long-term (长期) card cannot expire; take the next kind
            }
            wrongs.push(kind);
        }
        let mut rows = vec![];
        for (j, kind) in wrongs.into_iter().enumerate() {
            let mut row = Case {
                id: format!("{}_{}", f.doc_id, kind.suffix()),
                front: f.front.clone(),
                back: f.back.clone(),
                name: f.name.clone(),
                dob: typed_date(f.birth, k + j + 1),
                id_number: f.number.clone(),
                doc_type: f.doc_type,
                country: f.country,
                as_of: AS_OF.iso(),
                decision: "reject",
                reasons: kind.reason(),
            };
            match kind {
                Wrong::Name => row.name = f.wrong_name.clone(),
                // One day later, in a different written form than the correct row.
                Wrong::Dob => row.dob = typed_date(f.birth.add_days(1), [3, 2, 1, 0][k % 4]),
                Wrong::Number => row.id_number = f.wrong_number.clone(),
                Wrong::Expired => {
                    let expiry = f.expiry.expect("expired cases need a finite validity");
                    row.as_of = expiry.add_days(1).iso();
                }
                Wrong::Type => row.doc_type = f.other_type,
                Wrong::Country => row.country = f.other_country,
            }
            rows.push(row);
        }
        out.push(base);
        out.extend(rows);
    }
    out
}

fn render_cases(cases: &[Case]) -> String {
    let mut s = String::new();
    s.push_str("# Generated by examples/gen_fixtures.rs; do not edit by hand (see README.md).\n");
    s.push_str("# One row per KYC submission: what the person typed, and the expected verdict.\n");
    s.push_str("# front/back are relative to fixtures/images; dob and id_number are as typed.\n");
    s.push_str("case\tfront\tback\tname\tdob\tid_number\tdoc_type\tcountry\tas_of\texpect_decision\texpect_reasons\n");
    for c in cases {
        let cols = [
            c.id.as_str(),
            &c.front,
            &c.back,
            &c.name,
            &c.dob,
            &c.id_number,
            c.doc_type,
            c.country,
            &c.as_of,
            c.decision,
            c.reasons,
        ];
        assert!(
            cols.iter().all(|v| !v.contains('\t') && !v.contains('\n')),
            "case {} has a tab or newline in a field",
            c.id
        );
        let _ = writeln!(s, "{}", cols.join("\t"));
    }
    s
}

// ---------------------------------------------------------------------------------------------
// Proof-of-address cases

/// A submission with a proof of address: an identity document's correct submission (its
/// `_ok` row of `cases.tsv`) plus a bill, and the verdict the bill's facts call for.
struct AddressCase {
    id: String,
    proof: String,
    identity: String,
    decision: &'static str,
    reasons: Vec<&'static str>,
}

/// The day `n` calendar months before `d`, on the same day of the month or the month's last
/// day when it is shorter (the rule of `Policy::address_proof_max_age_months`).
fn months_before(d: Ymd, n: i32) -> Ymd {
    let total = d.y * 12 + d.m as i32 - 1 - n;
    let (y, m) = (total.div_euclid(12), total.rem_euclid(12) as u32 + 1);
    (1..=d.d)
        .rev()
        .find_map(|day| kycmatch::Date::new(y, m, day).map(|_| Ymd::new(y, m, day)))
        .expect("the first of a month is a real day")
}

fn address_cases(bills: &[bills::Bill], cases: &[Case]) -> Result<Vec<AddressCase>> {
    let oldest = months_before(AS_OF, 3);
    let mut out = Vec::new();
    for b in bills {
        for &identity in b.spec.paired_with {
            let ok = format!("{identity}_ok");
            if !cases.iter().any(|c| c.id == ok && c.decision == "pass") {
                return Err(format!("{}: no passing case {ok}", b.spec.doc_id));
            }
            let mut reasons = Vec::new();
            if identity != b.spec.holder {
                reasons.push("ADDRESS_PROOF_NAME_MISMATCH");
            }
            if b.issued < oldest || b.issued > AS_OF {
                reasons.push("ADDRESS_PROOF_TOO_OLD");
            }
            let suffix = match reasons.as_slice() {
                [] => "ok",
                ["ADDRESS_PROOF_NAME_MISMATCH"] => "name_mismatch",
                ["ADDRESS_PROOF_TOO_OLD"] => "too_old",
                _ => "name_mismatch_too_old",
            };
            out.push(AddressCase {
                id: format!("{identity}_{}_{suffix}", b.spec.doc_id),
                proof: format!("{}.jpg", b.spec.doc_id),
                identity: ok,
                decision: if reasons.is_empty() { "pass" } else { "reject" },
                reasons,
            });
        }
    }
    Ok(out)
}

fn render_address_cases(cases: &[AddressCase], identities: &[Case]) -> String {
    let mut s = String::new();
    s.push_str("# Generated by examples/gen_fixtures.rs; do not edit by hand (see README.md).\n");
    s.push_str(
        "# Submissions with a proof of address: an identity document's correct submission\n",
    );
    s.push_str("# (its _ok row of cases.tsv) and a bill, statement or tenancy agreement.\n");
    s.push_str("# front/back/proof_of_address are relative to fixtures/images.\n");
    s.push_str("case\tfront\tback\tproof_of_address\tname\tdob\tid_number\tdoc_type\tcountry\tas_of\texpect_decision\texpect_reasons\n");
    for c in cases {
        let Some(base) = identities.iter().find(|i| i.id == c.identity) else {
            continue;
        };
        let reasons = c.reasons.join(",");
        let cols = [
            c.id.as_str(),
            &base.front,
            &base.back,
            &c.proof,
            &base.name,
            &base.dob,
            &base.id_number,
            base.doc_type,
            base.country,
            &base.as_of,
            c.decision,
            &reasons,
        ];
        let _ = writeln!(s, "{}", cols.join("\t"));
    }
    s
}

// ---------------------------------------------------------------------------------------------
// Photos on a table

/// One photographed document: a clean straight fixture shot on a table.
struct PhotoSpec {
    doc_id: &'static str,
    /// The straight document (`cnidNN` or `ppNN`) it shows.
    source: &'static str,
    front: Shot,
    /// The back of a card.
    back: Option<Shot>,
    cropped: bool,
}

const LANDSCAPE: (u32, u32) = (1600, 1200);
const PORTRAIT: (u32, u32) = (1200, 1600);

const fn shot(table: Table, tilt_x: f32, tilt_y: f32, turn: f32) -> Shot {
    let quarter = (turn as i32).rem_euclid(180) >= 45 && (turn as i32).rem_euclid(180) < 135;
    Shot {
        tilt_x,
        tilt_y,
        turn,
        table,
        size: if quarter { PORTRAIT } else { LANDSCAPE },
        fill: 0.8,
        shift: (0.0, 0.0),
    }
}

/// Perspectives up to 20°, every right-angle turn, a few degrees of skew, three tables; the
/// last card is shot too close, its portrait corner outside the frame.
const PHOTOS: [PhotoSpec; 8] = [
    PhotoSpec {
        doc_id: "photo01",
        source: "cnid01",
        front: shot(Table::Wood, 12.0, 0.0, 2.0),
        back: Some(shot(Table::Wood, -10.0, 6.0, -3.0)),
        cropped: false,
    },
    PhotoSpec {
        doc_id: "photo02",
        source: "cnid03",
        front: shot(Table::Desk, 0.0, 18.0, 93.0),
        back: Some(shot(Table::Desk, 10.0, 0.0, 88.0)),
        cropped: false,
    },
    PhotoSpec {
        doc_id: "photo03",
        source: "cnid05",
        front: shot(Table::Cloth, -15.0, 8.0, 182.0),
        back: Some(shot(Table::Cloth, 12.0, 0.0, 180.0)),
        cropped: false,
    },
    PhotoSpec {
        doc_id: "photo04",
        source: "cnid07",
        front: shot(Table::Wood, 20.0, 0.0, 266.0),
        back: Some(shot(Table::Wood, 0.0, -15.0, 270.0)),
        cropped: false,
    },
    PhotoSpec {
        doc_id: "photo05",
        source: "pp01",
        front: shot(Table::Desk, 15.0, 0.0, -2.0),
        back: None,
        cropped: false,
    },
    PhotoSpec {
        doc_id: "photo06",
        source: "pp03",
        front: shot(Table::Cloth, 0.0, -12.0, 92.0),
        back: None,
        cropped: false,
    },
    PhotoSpec {
        doc_id: "photo07",
        source: "pp05",
        front: shot(Table::Wood, -20.0, 0.0, 180.0),
        back: None,
        cropped: false,
    },
    PhotoSpec {
        doc_id: "photo08",
        source: "cnid09",
        front: Shot {
            fill: 0.92,
            shift: (0.09, -0.06),
            ..shot(Table::Cloth, 8.0, 0.0, 3.0)
        },
        back: Some(shot(Table::Cloth, 6.0, 0.0, -2.0)),
        cropped: true,
    },
];

/// Renders, shoots and saves one photographed document (truth files included); returns the
/// facts its cases are built from and the bytes written.
fn take_photos(
    fonts: &Fonts,
    images: &Path,
    spec: &PhotoSpec,
    cn_ids: &[CnId],
    passports: &[Passport],
) -> Result<(DocFacts, u64)> {
    let mut total = 0;
    let mut photo =
        |name: String, straight: RgbImage, radius: f32, shot: &Shot, mut truth: Truth| {
            let (img, corners) = photo::shoot(&straight, radius, shot);
            let (w, h) = (img.width() as f32, img.height() as f32);
            let round = |v: f32| (v * 10.0).round() / 10.0;
            truth.doc_id = spec.doc_id.to_string();
            truth.degradation = "photo";
            truth.source_image = Some(truth.source_image.take().unwrap_or_default());
            truth.photo = Some(PhotoTruth {
                table: shot.table.name(),
                tilt_x_deg: shot.tilt_x,
                tilt_y_deg: shot.tilt_y,
                turn_deg: shot.turn,
                width: img.width(),
                height: img.height(),
                corners: corners.map(|(x, y)| [round(x), round(y)]),
                cropped: corners
                    .iter()
                    .any(|&(x, y)| x < 0.0 || y < 0.0 || x > w || y > h),
            });
            total += save(images, &name, &img, Clean)?;
            write_truth(images, &name, &truth)?;
            Ok::<(), String>(())
        };
    let facts = if let Some((i, id)) = cn_ids
        .iter()
        .enumerate()
        .find(|(_, c)| c.doc_id == spec.source)
    {
        let radius = 0.04 * layout::CARD_W as f32;
        let front = layout::cn_front(fonts, id, OUTSIDE);
        let mut truth = truth_cn_front(id, Clean);
        truth.source_image = Some(format!("{}_front.jpg", id.doc_id));
        photo(
            format!("{}_front.jpg", spec.doc_id),
            front,
            radius,
            &spec.front,
            truth,
        )?;
        if let Some(shot) = &spec.back {
            let back = layout::cn_back(fonts, id, OUTSIDE);
            let mut truth = truth_cn_back(id, Clean);
            truth.source_image = Some(format!("{}_back.jpg", id.doc_id));
            photo(
                format!("{}_back.jpg", spec.doc_id),
                back,
                radius,
                shot,
                truth,
            )?;
        }
        let mut f = cn_facts(i, id);
        f.front = format!("{}_front.jpg", spec.doc_id);
        f.back = if spec.back.is_some() {
            format!("{}_back.jpg", spec.doc_id)
        } else {
            String::new()
        };
        f
    } else if let Some((i, p)) = passports
        .iter()
        .enumerate()
        .find(|(_, p)| p.doc_id == spec.source)
    {
        let page = layout::passport(fonts, p);
        let mut truth = truth_passport(p, Clean);
        truth.source_image = Some(format!("{}.jpg", p.doc_id));
        photo(
            format!("{}.jpg", spec.doc_id),
            page,
            6.0,
            &spec.front,
            truth,
        )?;
        let mut f = passport_facts(i, p);
        f.front = format!("{}.jpg", spec.doc_id);
        f
    } else {
        return Err(format!(
            "photo {}: no document {}",
            spec.doc_id, spec.source
        ));
    };
    Ok((
        DocFacts {
            doc_id: spec.doc_id.to_string(),
            flaw: spec.cropped.then_some(CROPPED),
            ..facts
        },
        total,
    ))
}
