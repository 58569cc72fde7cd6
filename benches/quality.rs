//! Cost of the image-quality measures and reasons, per image, next to which
//! the whole verify of benches/verify.rs is measured: a card side (1100×694),
//! a passport page (1300×915), one side of the photographed card pair of
//! `geometry/verify/photo_cn_id_front_back` (photo01_front, 1600×1200) and a
//! 12-megapixel phone photo (4032×3024).
//! Run: `cargo bench --bench quality`.

use std::path::PathBuf;

use criterion::{criterion_group, criterion_main, Criterion};
use kycmatch::{measure_quality, quality_reasons, ImageSide, Policy};

fn gray(name: &str) -> image::GrayImage {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/images")
        .join(name);
    image::open(path).expect("fixture image").to_luma8()
}

fn bench(c: &mut Criterion) {
    let policy = Policy::default();
    let card = gray("cnid01_front.jpg");
    let page = gray("pp01.jpg");
    let card_photo = gray("photo01_front.jpg");
    let photo = image::imageops::resize(&page, 4032, 3024, image::imageops::FilterType::Triangle);
    let mut g = c.benchmark_group("quality");
    for (name, img) in [
        ("card_1100", &card),
        ("passport_1300", &page),
        ("card_photo_1600", &card_photo),
        ("photo_4032", &photo),
    ] {
        g.bench_function(name, |b| {
            b.iter(|| {
                let m = measure_quality(img, None);
                quality_reasons(&m, ImageSide::Front, &policy)
            })
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
