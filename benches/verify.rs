//! Whole-verify time per document kind with warm engines, next to plain
//! Tesseract (one full-page recognition with the same engine) on the same image.
//! Criterion measures each; then, in the same run, a table for README gives
//! per kind the median and p95 of single verifies, plain Tesseract's median,
//! kycmatch's own work (total minus the time inside Tesseract's
//! recognition calls, from the report's timings) as a share of the total,
//! and the survey of the same images (quality measures, finding and
//! straightening the card, deskew: `kycmatch::survey`, the pixel work
//! before any OCR) with its share of the verify's median.
//! Run: `make bench` or `OMP_THREAD_LIMIT=1 cargo bench --bench verify`.

use std::path::PathBuf;

use std::time::Instant;

use criterion::Criterion;
use kycmatch::{
    Claimed, ClaimedText, Config, Date, DateOrder, ImageInput, Lang, Limits, Ocr, Request,
    Segmentation, Submission, Tesseract, Verifier,
};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/images")
        .join(name)
}

/// A submission typing the holder's true name, so the bench measures the usual path.
fn submission(front: &str, back: Option<&str>, name: &str) -> Submission {
    let claimed = Claimed::new(
        &ClaimedText {
            name: Some(name),
            ..Default::default()
        },
        DateOrder::Dmy,
        &Limits::default(),
    )
    .expect("valid claim");
    Submission {
        front: ImageInput::Path(fixture(front)),
        back: back.map(|b| ImageInput::Path(fixture(b))),
        proof_of_address: None,
        claimed,
        as_of: Date::new(2026, 11, 22),
    }
}

/// The fixture decoded to grey as verify decodes it.
fn gray(name: &str) -> image::GrayImage {
    ImageInput::Path(fixture(name))
        .decode(&Limits::default())
        .expect("fixture image")
}

fn bench(c: &mut Criterion) {
    if std::env::var_os("OMP_THREAD_LIMIT").is_none() {
        eprintln!("warning: OMP_THREAD_LIMIT is not set; Tesseract will be 5-10x slower");
    }
    let verifier = Verifier::new(Config {
        workers: 1,
        ..Config::default()
    })
    .expect("tesseract");
    let mut raw = Tesseract::new(None, &[Lang::Eng, Lang::ChiSim]).expect("tesseract");
    let mut g = c.benchmark_group("verify");
    g.sample_size(10);

    let cn = submission(
        "cnid01_front.jpg",
        Some("cnid01_back.jpg"),
        "Zhang Xiaoming",
    );
    g.bench_function("cn_id_front_back", |b| {
        b.iter(|| verifier.verify(&cn).expect("verify"))
    });
    let pp = submission("pp01.jpg", None, "Wang Siyuan");
    g.bench_function("passport", |b| {
        b.iter(|| verifier.verify(&pp).expect("verify"))
    });

    let sparse_chi = Request {
        lang: Lang::ChiSim,
        segmentation: Segmentation::Sparse,
        whitelist: None,
        region: None,
        glyphs: false,
    };
    let (front, back) = (gray("cnid01_front.jpg"), gray("cnid01_back.jpg"));
    g.bench_function("tesseract_raw/cn_id_front_back", |b| {
        b.iter(|| {
            raw.recognize(&front, &sparse_chi).expect("ocr");
            raw.recognize(&back, &sparse_chi).expect("ocr");
        })
    });
    let page = gray("pp01.jpg");
    let block_eng = Request {
        lang: Lang::Eng,
        segmentation: Segmentation::Block,
        whitelist: None,
        region: None,
        glyphs: false,
    };
    g.bench_function("tesseract_raw/passport", |b| {
        b.iter(|| raw.recognize(&page, &block_eng).expect("ocr"))
    });
    g.finish();

    // The pixel work before OCR (quality measures, finding and straightening
    // the card, deskew: `kycmatch::survey`), per image of each kind, next to
    // the whole verify of a photographed card pair.
    let mut g = c.benchmark_group("survey");
    g.sample_size(10);
    let photo = submission(
        "photo01_front.jpg",
        Some("photo01_back.jpg"),
        "Zhang Xiaoming",
    );
    g.bench_function("verify/photo_cn_id_front_back", |b| {
        b.iter(|| verifier.verify(&photo).expect("verify"))
    });
    let (photo_front, photo_back) = (gray("photo01_front.jpg"), gray("photo01_back.jpg"));
    g.bench_function("photo_cn_id_front_back", |b| {
        b.iter(|| {
            (
                kycmatch::survey(&photo_front),
                kycmatch::survey(&photo_back),
            )
        })
    });
    g.bench_function("scan_cn_id_front_back", |b| {
        b.iter(|| (kycmatch::survey(&front), kycmatch::survey(&back)))
    });
    g.bench_function("scan_passport", |b| b.iter(|| kycmatch::survey(&page)));
    g.finish();

    // Decoding a page to grey, the other fixed per-image work before OCR,
    // and for reference the decode of every channel then their conversion
    // to grey (`image`'s, as verify decoded a JPEG before it read the luma
    // channel alone).
    let mut g = c.benchmark_group("decode");
    let raw = std::fs::read(fixture("pp01.jpg")).expect("fixture");
    let bytes = ImageInput::Bytes(raw.clone());
    g.bench_function("jpeg_passport", |b| {
        b.iter(|| bytes.decode(&Limits::default()).expect("decodes"))
    });
    g.bench_function("jpeg_passport_all_channels", |b| {
        b.iter(|| image::load_from_memory(&raw).expect("decodes").to_luma8())
    });
    g.finish();
}

/// Runs per kind for the table.
const TABLE_RUNS: usize = 30;

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted.get(i).copied().unwrap_or(0.0)
}

fn table() {
    let verifier = Verifier::new(Config {
        workers: 1,
        ..Config::default()
    })
    .expect("tesseract");
    let mut raw = Tesseract::new(None, &[Lang::Eng, Lang::ChiSim]).expect("tesseract");
    let sparse_chi = Request {
        lang: Lang::ChiSim,
        segmentation: Segmentation::Sparse,
        whitelist: None,
        region: None,
        glyphs: false,
    };
    let block_eng = Request {
        lang: Lang::Eng,
        segmentation: Segmentation::Block,
        whitelist: None,
        region: None,
        glyphs: false,
    };
    type Raw<'a> = (Vec<image::GrayImage>, &'a Request<'a>);
    let kinds: [(&str, Submission, Raw); 3] = [
        (
            "Chinese ID front + back",
            submission(
                "cnid01_front.jpg",
                Some("cnid01_back.jpg"),
                "Zhang Xiaoming",
            ),
            (
                vec![gray("cnid01_front.jpg"), gray("cnid01_back.jpg")],
                &sparse_chi,
            ),
        ),
        (
            "passport data page (TD3)",
            submission("pp01.jpg", None, "Wang Siyuan"),
            (vec![gray("pp01.jpg")], &block_eng),
        ),
        (
            "Chinese ID front + back, photographed",
            submission(
                "photo01_front.jpg",
                Some("photo01_back.jpg"),
                "Zhang Xiaoming",
            ),
            (
                vec![gray("photo01_front.jpg"), gray("photo01_back.jpg")],
                &sparse_chi,
            ),
        ),
    ];
    println!();
    println!("| document | verify median | verify p95 | plain Tesseract median | ratio | own work (median share) | survey median | survey share |");
    println!("|---|---|---|---|---|---|---|---|");
    for (name, sub, (images, req)) in &kinds {
        verifier.verify(sub).expect("verify");
        let mut totals = Vec::new();
        let mut own = Vec::new();
        for _ in 0..TABLE_RUNS {
            let t = Instant::now();
            let report = verifier.verify(sub).expect("verify");
            let ms = t.elapsed().as_secs_f64() * 1000.0;
            totals.push(ms);
            own.push((ms - report.timings_ms.ocr as f64).max(0.0) / ms);
        }
        let mut raws = Vec::new();
        for _ in 0..TABLE_RUNS {
            let t = Instant::now();
            for im in images {
                raw.recognize(im, req).expect("ocr");
            }
            raws.push(t.elapsed().as_secs_f64() * 1000.0);
        }
        // The same images' survey (quality plus geometry), as verify runs it
        // on each before any OCR.
        let mut surveys = Vec::new();
        for _ in 0..TABLE_RUNS * 10 {
            let t = Instant::now();
            for im in images {
                std::hint::black_box(kycmatch::survey(im));
            }
            surveys.push(t.elapsed().as_secs_f64() * 1000.0);
        }
        for v in [&mut totals, &mut own, &mut raws, &mut surveys] {
            v.sort_by(f64::total_cmp);
        }
        let (med, p95, raw_med, survey_med) = (
            percentile(&totals, 0.5),
            percentile(&totals, 0.95),
            percentile(&raws, 0.5),
            percentile(&surveys, 0.5),
        );
        println!(
            "| {name} | {med:.0} ms | {p95:.0} ms | {raw_med:.0} ms | {:.2} | {:.1}% | {survey_med:.1} ms | {:.1}% |",
            med / raw_med,
            percentile(&own, 0.5) * 100.0,
            survey_med / med * 100.0
        );
    }
}

fn main() {
    let mut c = Criterion::default().configure_from_args();
    bench(&mut c);
    c.final_summary();
    table();
}
