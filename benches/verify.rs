//! Whole-verify time per document kind with warm engines, next to plain
//! Tesseract (one full-page recognition with the same engine) on the same image.
//! Criterion measures each; then, in the same run, a table for README gives
//! per kind the median and p95 of single verifies, plain Tesseract's median,
//! and kycmatch's own work (total minus the time inside Tesseract's
//! recognition calls, from the report's timings) as a share of the total.
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

fn gray(name: &str) -> image::GrayImage {
    image::open(fixture(name))
        .expect("fixture image")
        .to_luma8()
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

    // Finding and straightening the card, next to whole verifies of the same
    // images: a photo on a table (photo01, 1600×1200 each side) and the scans.
    let mut g = c.benchmark_group("geometry");
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
    g.bench_function("find_and_straighten/photo_cn_id_front_back", |b| {
        b.iter(|| {
            for side in [&photo_front, &photo_back] {
                let card = kycmatch::find_card(side).expect("the photo shows a card");
                kycmatch::straighten(side, &card).expect("a straight card");
            }
        })
    });
    g.bench_function("find/scan_cn_id_front_back", |b| {
        b.iter(|| (kycmatch::find_card(&front), kycmatch::find_card(&back)))
    });
    g.bench_function("find/scan_passport", |b| {
        b.iter(|| kycmatch::find_card(&page))
    });
    // Levelling a few degrees of skew, as verify does to every page it
    // reads (on the straightened card for a photo).
    let straight: Vec<image::GrayImage> = [&photo_front, &photo_back]
        .into_iter()
        .map(|side| {
            let card = kycmatch::find_card(side).expect("the photo shows a card");
            kycmatch::straighten(side, &card).expect("a straight card")
        })
        .collect();
    g.bench_function("deskew/photo_cn_id_front_back", |b| {
        b.iter(|| {
            (
                kycmatch::deskew(&straight[0]),
                kycmatch::deskew(&straight[1]),
            )
        })
    });
    g.bench_function("deskew/scan_cn_id_front_back", |b| {
        b.iter(|| (kycmatch::deskew(&front), kycmatch::deskew(&back)))
    });
    g.bench_function("deskew/scan_passport", |b| {
        b.iter(|| kycmatch::deskew(&page))
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
    let kinds: [(&str, Submission, Raw); 2] = [
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
    ];
    println!();
    println!("| document | verify median | verify p95 | plain Tesseract median | ratio | own work (median share) |");
    println!("|---|---|---|---|---|---|");
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
        for v in [&mut totals, &mut own, &mut raws] {
            v.sort_by(f64::total_cmp);
        }
        let (med, p95, raw_med) = (
            percentile(&totals, 0.5),
            percentile(&totals, 0.95),
            percentile(&raws, 0.5),
        );
        println!(
            "| {name} | {med:.0} ms | {p95:.0} ms | {raw_med:.0} ms | {:.2} | {:.1}% |",
            med / raw_med,
            percentile(&own, 0.5) * 100.0
        );
    }
}

fn main() {
    let mut c = Criterion::default().configure_from_args();
    bench(&mut c);
    c.final_summary();
    table();
}
