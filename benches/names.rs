//! Name matching throughput, in pairs per second (criterion prints it as
//! `elem/s`), for the two kinds of pair a verify compares: a typed Latin
//! name against an MRZ name field, and a typed Latin name against Han
//! characters (or the reverse). Targets: 500,000 Latin–MRZ and 100,000
//! Hanzi–Latin pairs per second on one core, so name matching stays under
//! 1% of a verify.
//! Run: `OMP_THREAD_LIMIT=1 cargo bench --bench names`.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use kycmatch::compare_names;

/// `(label, entered, document, issuer)`.
type Pair = (
    &'static str,
    &'static str,
    &'static str,
    Option<&'static str>,
);

const LATIN_MRZ: &[Pair] = &[
    (
        "given_first_match",
        "Anna Maria Eriksson",
        "ERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
        None,
    ),
    (
        "surname_first_match",
        "Eriksson Anna Maria",
        "ERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
        None,
    ),
    (
        "typo_mismatch",
        "Anna Maria Erikson",
        "ERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
        None,
    ),
    (
        "umlaut_icao",
        "Jürgen Müller",
        "MUELLER<<JUERGEN<<<<<<<<<<<<<<<<<<<<<<<",
        Some("DEU"),
    ),
];

const HAN_LATIN: &[Pair] = &[
    ("zhang_xiaoming", "Zhang Xiaoming", "张小明", Some("CHN")),
    ("xiaoming_zhang", "Xiaoming Zhang", "张小明", Some("CHN")),
    ("ouyang_xiu", "Ouyang Xiu", "欧阳修", Some("CHN")),
    ("mismatch", "Zhang Xiaoling", "张小明", Some("CHN")),
    (
        "han_vs_mrz",
        "张小明",
        "ZHANG<<XIAOMING<<<<<<<<<<<<<<<<<<<<<<<<",
        Some("CHN"),
    ),
    ("twn_wade_giles", "Chang Chih-Ming", "張志明", Some("TWN")),
];

fn group(c: &mut Criterion, name: &str, pairs: &[Pair]) {
    let mut g = c.benchmark_group(name);
    g.throughput(Throughput::Elements(1));
    for &(label, entered, document, country) in pairs {
        g.bench_function(label, |b| {
            b.iter(|| compare_names(black_box(entered), black_box(document), country, &[]))
        });
    }
    // All pairs of the group in turn: the mix figure.
    g.throughput(Throughput::Elements(pairs.len() as u64));
    g.bench_function("mix", |b| {
        b.iter(|| {
            for &(_, entered, document, country) in pairs {
                black_box(compare_names(
                    black_box(entered),
                    black_box(document),
                    country,
                    &[],
                ));
            }
        })
    });
    g.finish();
}

fn bench(c: &mut Criterion) {
    group(c, "latin_mrz", LATIN_MRZ);
    group(c, "hanzi_latin", HAN_LATIN);
}

criterion_group!(benches, bench);
criterion_main!(benches);
