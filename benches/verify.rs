//! Whole-verify time per document kind with warm engines, next to plain
//! Tesseract (one full-page recognition with the same engine) on the same image.
//! Run: `make bench` or `OMP_THREAD_LIMIT=1 cargo bench --bench verify`.

use std::path::PathBuf;

use criterion::{criterion_group, criterion_main, Criterion};
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
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
