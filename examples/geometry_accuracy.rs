//! How well photos read compared with straight scans: renders every synthetic document of the
//! fixtures (12 Chinese ID cards, front and back, and 10 passport pages) straight and as photos
//! on a table (perspective up to 20°, every right-angle turn), reads each with the real
//! Tesseract pipeline and prints per-field accuracy for each variant next to the straight one.
//!
//! ```text
//! OMP_THREAD_LIMIT=1 cargo run --release --example geometry_accuracy [-- --misses]
//! ```
//!
//! `--misses` also lists every field read wrongly, by document and variant.
//!
//! The images are made in memory (JPEG quality 86, as the fixtures); nothing is written.
//! Fonts as for `gen_fixtures` (fonts-ocr-b, fonts-noto-cjk).

#[allow(dead_code)]
#[path = "gen_fixtures/data.rs"]
mod data;
#[allow(dead_code)]
#[path = "gen_fixtures/draw.rs"]
mod draw;
#[allow(dead_code)]
#[path = "gen_fixtures/layout.rs"]
mod layout;
#[allow(dead_code)]
#[path = "gen_fixtures/photo.rs"]
mod photo;

use ab_glyph::FontRef;
use image::RgbImage;
use kycmatch::{Config, DocumentFields, Expiry, ImageInput, Verifier};

use data::{CnId, Passport, Ymd};
use draw::Fonts;
use photo::{Shot, Table};

const OCRB: &str = "/usr/share/fonts/opentype/ocr-b/OCRB.otf";
const CJK: &str = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";
const CJK_BOLD: &str = "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc";
const OUTSIDE: draw::Rgb = [116, 114, 110];

/// One way of presenting a document: straight, or a photo.
struct Variant {
    name: &'static str,
    shot: Option<Shot>,
}

const fn photo_shot(table: Table, tilt_x: f32, tilt_y: f32, turn: f32, portrait: bool) -> Shot {
    Shot {
        tilt_x,
        tilt_y,
        turn,
        table,
        size: if portrait { (1200, 1600) } else { (1600, 1200) },
        fill: 0.8,
        shift: (0.0, 0.0),
    }
}

const VARIANTS: [Variant; 5] = [
    Variant {
        name: "straight",
        shot: None,
    },
    Variant {
        name: "tilt 20° (x), turn 2°",
        shot: Some(photo_shot(Table::Wood, 20.0, 0.0, 2.0, false)),
    },
    Variant {
        name: "tilt 20° (y), turn 90°",
        shot: Some(photo_shot(Table::Desk, 0.0, 20.0, 90.0, true)),
    },
    Variant {
        name: "tilt 15°/10°, turn 180°",
        shot: Some(photo_shot(Table::Cloth, -15.0, 10.0, 180.0, false)),
    },
    Variant {
        name: "tilt 12° (x), turn 273°",
        shot: Some(photo_shot(Table::Wood, 12.0, 0.0, 273.0, true)),
    },
];

/// Fields right and fields expected, per document kind.
#[derive(Default, Clone, Copy)]
struct Score {
    right: u32,
    total: u32,
}

thread_local! {
    /// Where the field being scored belongs, for `--misses` ("cnid03 / straight").
    static CURRENT: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

impl Score {
    fn add(&mut self, ok: bool) {
        self.total += 1;
        self.right += u32::from(ok);
    }
    /// Like `add`, naming the field for `--misses`.
    fn field(&mut self, name: &str, ok: bool) {
        self.add(ok);
        if !ok {
            CURRENT.with(|c| {
                if let Some(at) = c.borrow().as_ref() {
                    eprintln!("miss: {at}: {name}");
                }
            });
        }
    }
    fn percent(self) -> f64 {
        if self.total == 0 {
            0.0
        } else {
            100.0 * f64::from(self.right) / f64::from(self.total)
        }
    }
}

fn main() {
    if let Err(e) = run() {
        eprintln!("geometry_accuracy: {e}");
        std::process::exit(1);
    }
}

fn run() -> Result<(), String> {
    let read = |p: &str| std::fs::read(p).map_err(|e| format!("reading {p}: {e}"));
    let (ocrb, cjk, cjk_bold) = (read(OCRB)?, read(CJK)?, read(CJK_BOLD)?);
    let fonts = Fonts {
        ocrb: FontRef::try_from_slice(&ocrb).map_err(|e| e.to_string())?,
        cjk: FontRef::try_from_slice_and_index(&cjk, 2).map_err(|e| e.to_string())?,
        cjk_bold: FontRef::try_from_slice_and_index(&cjk_bold, 2).map_err(|e| e.to_string())?,
    };
    if !Verifier::omp_limited() {
        eprintln!("warning: OMP_THREAD_LIMIT is not set; Tesseract will be 5-10x slower");
    }
    let verifier = Verifier::new(Config {
        workers: 1,
        ..Config::default()
    })
    .map_err(|e| e.to_string())?;

    // The same documents as the fixtures (same seed, same order of draws).
    let (cn_ids, passports) = data::documents();

    // scores[variant] = (card fronts, card backs, passports)
    let mut scores = vec![[Score::default(); 3]; VARIANTS.len()];
    let mut found = vec![0u32; VARIANTS.len()];
    let misses = std::env::args().any(|a| a == "--misses");
    let at = |doc: &str, v: &Variant| {
        CURRENT.with(|c| *c.borrow_mut() = misses.then(|| format!("{doc} / {}", v.name)));
    };
    let radius = 0.04 * layout::CARD_W as f32;
    for id in &cn_ids {
        let front = layout::cn_front(&fonts, id, OUTSIDE);
        let back = layout::cn_back(&fonts, id, OUTSIDE);
        for (v, variant) in VARIANTS.iter().enumerate() {
            let f = present(&front, radius, variant.shot.as_ref())?;
            let b = present(&back, radius, variant.shot.as_ref())?;
            let reading = verifier
                .read(&ImageInput::Bytes(f), Some(&ImageInput::Bytes(b)))
                .map_err(|e| format!("{}: {e}", id.doc_id))?;
            found[v] += u32::from(reading.card.is_some()) + u32::from(reading.back_card.is_some());
            at(&id.doc_id, variant);
            score_cn(&reading.document, id, &mut scores[v]);
        }
        eprint!(".");
    }
    for p in &passports {
        let page = layout::passport(&fonts, p);
        for (v, variant) in VARIANTS.iter().enumerate() {
            let img = present(&page, 6.0, variant.shot.as_ref())?;
            let reading = verifier
                .read(&ImageInput::Bytes(img), None)
                .map_err(|e| format!("{}: {e}", p.doc_id))?;
            found[v] += u32::from(reading.card.is_some());
            at(&p.doc_id, variant);
            score_passport(&reading.document, p, &mut scores[v][2]);
        }
        eprint!(".");
    }
    eprintln!();

    let all = |s: &[Score; 3]| {
        let right: u32 = s.iter().map(|x| x.right).sum();
        let total: u32 = s.iter().map(|x| x.total).sum();
        Score { right, total }
    };
    let straight = all(&scores[0]).percent();
    println!(
        "{:<26} {:>9} {:>9} {:>9} {:>9} {:>8} {:>6}",
        "variant", "ID front", "ID back", "passport", "all", "vs flat", "found"
    );
    let images = (cn_ids.len() * 2 + passports.len()) as u32;
    for (v, variant) in VARIANTS.iter().enumerate() {
        let s = &scores[v];
        let total = all(s).percent();
        println!(
            "{:<26} {:>8.1}% {:>8.1}% {:>8.1}% {:>8.1}% {:>+8.1} {:>3}/{}",
            variant.name,
            s[0].percent(),
            s[1].percent(),
            s[2].percent(),
            total,
            total - straight,
            found[v],
            images
        );
    }
    let n = all(&scores[0]).total;
    println!(
        "({n} fields per variant; \"found\" counts images where a card was found and straightened)"
    );
    Ok(())
}

/// The document as a JPEG: straight, or photographed as `shot` says.
fn present(doc: &RgbImage, radius: f32, shot: Option<&Shot>) -> Result<Vec<u8>, String> {
    let img = match shot {
        Some(s) => photo::shoot(doc, radius, s).0,
        None => doc.clone(),
    };
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 86)
        .encode_image(&img)
        .map_err(|e| e.to_string())?;
    Ok(out)
}

fn same_date(read: Option<kycmatch::Date>, truth: Ymd) -> bool {
    read.is_some_and(|d| d.to_string() == truth.iso())
}

/// Front: name, sex, ethnicity, birth date, address, ID number. Back: authority, validity.
fn score_cn(doc: &DocumentFields, id: &CnId, s: &mut [Score; 3]) {
    let text = |r: &Option<kycmatch::Read<String>>| r.as_ref().map(|r| r.value.replace(' ', ""));
    s[0].field("name", text(&doc.name).as_deref() == Some(id.spec.name));
    s[0].field(
        "sex",
        doc.sex
            .as_ref()
            .map(|r| format!("{:?}", r.value))
            .as_deref()
            == Some(id.spec.sex.code()),
    );
    s[0].field(
        "ethnicity",
        text(&doc.ethnicity).as_deref() == Some(id.spec.ethnicity),
    );
    s[0].field(
        "birth date",
        same_date(doc.birth_date.as_ref().map(|r| r.value), id.birth),
    );
    s[0].field(
        "address",
        text(&doc.address).as_deref() == Some(id.spec.address),
    );
    s[0].field(
        "ID number",
        text(&doc.document_number).as_deref() == Some(id.number.as_str()),
    );
    s[1].field(
        "authority",
        text(&doc.authority).as_deref() == Some(id.spec.authority),
    );
    s[1].field(
        "valid from",
        same_date(doc.issue_date.as_ref().map(|r| r.value), id.valid_from),
    );
    let until = doc.expiry_date.as_ref().map(|r| r.value);
    s[1].field(
        "valid until",
        match (until, id.valid_until) {
            (Some(Expiry::Indefinite), None) => true,
            (Some(Expiry::On(d)), Some(t)) => d.to_string() == t.iso(),
            _ => false,
        },
    );
}

/// MRZ fields: name, birth date, number, sex, expiry, nationality.
fn score_passport(doc: &DocumentFields, p: &Passport, s: &mut Score) {
    let (sur, given) = p.mrz_names();
    let name = format!("{sur} {given}");
    let latin = doc.name_latin.as_ref().map(|r| r.value.clone());
    // MRZ line 1's `<` filler is read as K/X/C/E (STACK-NOTES): the name counts when the
    // letters read start with the true ones and only filler look-alikes follow.
    s.field(
        "name",
        latin.is_some_and(|l| {
            l.strip_prefix(&name)
                .is_some_and(|rest| rest.trim().chars().all(|c| "KXCE<".contains(c)))
        }),
    );
    s.field(
        "birth date",
        same_date(doc.birth_date.as_ref().map(|r| r.value), p.birth),
    );
    s.field(
        "number",
        doc.document_number.as_ref().map(|r| r.value.as_str()) == Some(p.number.as_str()),
    );
    s.field(
        "sex",
        doc.sex
            .as_ref()
            .map(|r| format!("{:?}", r.value))
            .as_deref()
            == Some(p.spec.sex.code()),
    );
    s.field(
        "expiry",
        match doc.expiry_date.as_ref().map(|r| r.value) {
            Some(Expiry::On(d)) => d.to_string() == p.expiry.iso(),
            _ => false,
        },
    );
    s.field(
        "nationality",
        doc.nationality.as_deref() == Some(p.spec.nationality),
    );
}
