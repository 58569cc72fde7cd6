//! The visual zone of a passport data page. Chinese, Taiwanese, Hong Kong
//! and Macau passports print the holder's name in Han characters beside or
//! near the Latin one: on the surname and given-name lines (王 WANG /
//! 思远 SIYUAN), after the Latin name (林美華 LIN, MEI-HUA), or on a line of
//! its own below it (林健聖). Labels and layouts differ between states, so the
//! name is found by what it must be rather than where: a run of Han
//! characters (or a surname run and a given-name run on nearby lines) whose
//! romanization is the MRZ's name. The caller says what romanizes to it.

use crate::documents::Read;
use crate::ocr::{BBox, OcrPage};
use crate::report::Source;
use crate::text::name::is_han;

/// How many Han characters a printed name has at most (a two-character
/// surname and a three-character given name).
const MAX_CHARS: usize = 5;

/// Consecutive Han-only words of one line.
#[derive(Debug, Clone, PartialEq)]
struct HanRun {
    text: String,
    bbox: BBox,
    /// The lowest confidence of its words, 0–100.
    conf: f32,
}

/// The runs of words made only of Han characters, line by line.
fn han_runs(page: &OcrPage) -> Vec<HanRun> {
    let mut runs = Vec::new();
    for line in &page.lines {
        let mut run: Option<HanRun> = None;
        for word in &line.words {
            let han = !word.text.is_empty() && word.text.chars().all(is_han);
            match (&mut run, han) {
                (Some(r), true) => {
                    r.text.push_str(&word.text);
                    r.bbox = union(r.bbox, word.bbox);
                    r.conf = r.conf.min(word.conf);
                }
                (None, true) => {
                    run = Some(HanRun {
                        text: word.text.clone(),
                        bbox: word.bbox,
                        conf: word.conf,
                    })
                }
                (_, false) => runs.extend(run.take()),
            }
        }
        runs.extend(run);
    }
    runs
}

fn union(a: BBox, b: BBox) -> BBox {
    let (x, y) = (a.x.min(b.x), a.y.min(b.y));
    let right = (a.x + a.w).max(b.x + b.w);
    let bottom = (a.y + a.h).max(b.y + b.h);
    BBox {
        x,
        y,
        w: right - x,
        h: bottom - y,
    }
}

/// Whether `below` may be the given-name run under the surname run `above`:
/// it starts where `above` starts (within two character heights) and its top
/// is at most five character heights under `above`'s bottom.
fn stacked(above: &HanRun, below: &HanRun) -> bool {
    let h = i64::from(above.bbox.h.max(below.bbox.h).max(1));
    let gap = i64::from(below.bbox.y) - i64::from(above.bbox.y + above.bbox.h);
    let shift = (i64::from(below.bbox.x) - i64::from(above.bbox.x)).abs();
    (0..=5 * h).contains(&gap) && shift <= 2 * h
}

/// The holder's Han name on a visual-zone page read by OCR: of the Han runs
/// (and surname-over-given-name pairs of runs) of two to [`MAX_CHARS`]
/// characters that `romanizes` accepts, the longest, then the most
/// confidently read. Its confidence is the lowest word confidence, over 100.
pub fn han_name(page: &OcrPage, romanizes: impl Fn(&str) -> bool) -> Option<Read<String>> {
    let runs = han_runs(page);
    let mut candidates: Vec<(String, f32)> =
        runs.iter().map(|r| (r.text.clone(), r.conf)).collect();
    for a in &runs {
        for b in runs.iter().filter(|b| stacked(a, b)) {
            candidates.push((format!("{}{}", a.text, b.text), a.conf.min(b.conf)));
        }
    }
    candidates
        .into_iter()
        .filter(|(text, _)| (2..=MAX_CHARS).contains(&text.chars().count()))
        .filter(|(text, _)| romanizes(text))
        .max_by(|a, b| {
            (a.0.chars().count(), a.1)
                .partial_cmp(&(b.0.chars().count(), b.1))
                .unwrap_or(std::cmp::Ordering::Equal)
        })
        .map(|(text, conf)| Read::new(text, Source::Visual, (conf / 100.0).clamp(0.0, 1.0)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ocr::{Line, Word};

    fn word(text: &str, x: u32, y: u32, conf: u8) -> Word {
        Word {
            text: text.into(),
            conf: f32::from(conf),
            bbox: BBox {
                x,
                y,
                w: 16 * text.chars().count() as u32,
                h: 16,
            },
            glyphs: Vec::new(),
        }
    }

    fn page(lines: Vec<Vec<Word>>) -> OcrPage {
        OcrPage {
            lines: lines.into_iter().map(|words| Line { words }).collect(),
        }
    }

    /// Stands in for the romanization check: the runs that spell 王思远.
    fn wang_siyuan(text: &str) -> bool {
        text == "王思远"
    }

    #[test]
    fn surname_and_given_name_lines_join() {
        // The layout of fixtures/images/pp*.jpg: label, then Han and Latin.
        let p = page(vec![
            vec![word("姓", 417, 188, 90), word("/Surname", 440, 188, 80)],
            vec![word("王", 417, 217, 89), word("WANG", 440, 217, 87)],
            vec![word("名", 417, 264, 90), word("/Given", 440, 264, 80)],
            vec![word("思", 417, 292, 92), word("远", 433, 292, 91)],
        ]);
        let name = han_name(&p, wang_siyuan).expect("a name");
        assert_eq!(name.value, "王思远");
        assert_eq!(name.source, Source::Visual);
        assert!((name.confidence - 0.89).abs() < 1e-6);
    }

    #[test]
    fn a_name_on_one_line_is_taken_whole() {
        let p = page(vec![vec![
            word("王思远", 417, 203, 95),
            word("WANG,", 600, 203, 88),
            word("SIYUAN", 680, 203, 88),
        ]]);
        assert_eq!(
            han_name(&p, wang_siyuan).map(|r| r.value).as_deref(),
            Some("王思远")
        );
    }

    #[test]
    fn runs_far_apart_or_unromanized_are_not_a_name() {
        // 王 and 思远 too far apart to be one name; labels do not romanize.
        let p = page(vec![
            vec![word("王", 417, 100, 90)],
            vec![word("思远", 417, 400, 90)],
            vec![word("姓名", 417, 500, 90)],
        ]);
        assert_eq!(han_name(&p, wang_siyuan), None);
        assert_eq!(han_name(&page(Vec::new()), |_| true), None);
    }

    #[test]
    fn a_latin_word_ends_a_run() {
        let p = page(vec![vec![
            word("中华", 0, 0, 90),
            word("PEOPLE'S", 40, 0, 90),
            word("王", 200, 0, 90),
        ]]);
        let runs = han_runs(&p);
        let texts: Vec<&str> = runs.iter().map(|r| r.text.as_str()).collect();
        assert_eq!(texts, ["中华", "王"]);
    }
}
