//! The visual zone of a passport data page: the holder's Han name, and the
//! labelled fields that repeat the MRZ (surname, given names, birth date,
//! sex, expiry date, number), for a cross-check with it.
//!
//! Chinese, Taiwanese, Hong Kong and Macau passports print the holder's name
//! in Han characters beside or near the Latin one: on the surname and
//! given-name lines (王 WANG / 思远 SIYUAN), after the Latin name (林美華 LIN,
//! MEI-HUA), or on a line of its own below it (林健聖). Labels and layouts
//! differ between states, so the name is found by what it must be rather
//! than where: a run of Han characters (or a surname run and a given-name run
//! on nearby lines) whose romanization is the MRZ's name. The caller says
//! what romanizes to it.
//!
//! The other fields are found by their labels, in English, French or Chinese
//! (`Date of birth` / 出生日期), each value on the line under its label.

use crate::documents::{DocumentFields, DocumentIssue, Expiry, Read, Sex};
use crate::ocr::{BBox, Line, OcrPage};
use crate::report::{CheckField, ReasonCode, Source, Status};
use crate::text::date::{self, Date, DateOrder};
use crate::text::id_number;
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
                    r.bbox = r.bbox.union(&word.bbox);
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
        .map(|(text, conf)| Read::new(text, Source::Visual, unit(conf)))
}

/// The fields of a passport's visual zone that its MRZ repeats, as read.
/// Serialized as `fields`, the values that were read (`surname`,
/// `given_names`, `birth_date`, `sex`, `expiry_date`, `document_number`),
/// and `confidence`, each one's lowest word confidence (0–1).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct VisualFields {
    /// The surname in Latin letters, upper case (its words joined by spaces).
    pub surname: Option<Read<String>>,
    /// The given names in Latin letters, upper case.
    pub given_names: Option<Read<String>>,
    /// Sex, printed as M, F or X.
    pub sex: Option<Read<Sex>>,
    /// Date of birth.
    pub birth_date: Option<Read<Date>>,
    /// Date of expiry.
    pub expiry_date: Option<Read<Date>>,
    /// The passport number.
    pub number: Option<Read<String>>,
}

impl VisualFields {
    /// The fields that were read, as (report key, value, confidence 0–1).
    pub fn entries(&self) -> Vec<(&'static str, String, f32)> {
        let date = |r: &Read<Date>| (r.value.to_string(), r.confidence);
        let text = |r: &Read<String>| (r.value.clone(), r.confidence);
        [
            ("surname", self.surname.as_ref().map(text)),
            ("given_names", self.given_names.as_ref().map(text)),
            ("birth_date", self.birth_date.as_ref().map(date)),
            (
                "sex",
                self.sex
                    .as_ref()
                    .map(|r| (format!("{:?}", r.value), r.confidence)),
            ),
            ("expiry_date", self.expiry_date.as_ref().map(date)),
            (
                "document_number",
                self.number
                    .as_ref()
                    .map(|r| (r.value.clone(), r.confidence)),
            ),
        ]
        .into_iter()
        .filter_map(|(key, read)| read.map(|(value, conf)| (key, value, conf)))
        .collect()
    }
}

impl serde::Serialize for VisualFields {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        use std::collections::BTreeMap;
        let entries = self.entries();
        let values: BTreeMap<&str, &str> =
            entries.iter().map(|(k, v, _)| (*k, v.as_str())).collect();
        let confidence: BTreeMap<&str, f64> = entries
            .iter()
            .map(|(k, _, c)| (*k, (f64::from(*c) * 1000.0).round() / 1000.0))
            .collect();
        let mut m = s.serialize_map(Some(2))?;
        m.serialize_entry("fields", &values)?;
        m.serialize_entry("confidence", &confidence)?;
        m.end()
    }
}

/// Which field a label names.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Label {
    Surname,
    Given,
    Birth,
    Sex,
    Expiry,
    Number,
}

/// The field `text` (a line, lower case) labels, if any. A line naming the
/// place of birth is not the date's label.
fn label(text: &str) -> Option<Label> {
    let has = |keys: &[&str]| keys.iter().any(|k| text.contains(k));
    if has(&["date of birth", "出生日期", "date de naissance"])
        || (has(&["birth"]) && !has(&["place", "出生地"]))
    {
        Some(Label::Birth)
    } else if has(&["expiry", "expiration", "有效期至", "效期截止", "有效期限"]) {
        Some(Label::Expiry)
    } else if has(&["passport no", "护照号", "護照號"]) {
        Some(Label::Number)
    } else if has(&["given name", "prénom", "prenom"]) {
        Some(Label::Given)
    } else if has(&["surname"]) {
        Some(Label::Surname)
    } else if has(&["sex", "性别", "性別"]) {
        Some(Label::Sex)
    } else {
        None
    }
}

/// The box around a line's words; `None` for a line without any.
fn line_box(line: &Line) -> Option<BBox> {
    (!line.words.is_empty()).then(|| line.bbox())
}

/// The line under `label_box` that holds its value: the nearest whose top is
/// below the label's middle, within three label heights, and whose left
/// edge is within two label heights of the label's.
fn value_under(page: &OcrPage, label_box: BBox) -> Option<&Line> {
    let h = i64::from(label_box.h.max(1));
    let middle = i64::from(label_box.y) + h / 2;
    page.lines
        .iter()
        .filter_map(|l| Some((l, line_box(l)?)))
        .filter(|(_, b)| {
            let drop = i64::from(b.y) - middle;
            drop > 0 && drop <= 3 * h && (i64::from(b.x) - i64::from(label_box.x)).abs() <= 2 * h
        })
        .min_by_key(|(_, b)| b.y)
        .map(|(l, _)| l)
}

/// An OCR confidence (0–100) as a field's confidence (0–1).
fn unit(conf: f32) -> f32 {
    (conf / 100.0).clamp(0.0, 1.0)
}

/// The Latin name words of a line, upper case, and their lowest
/// confidence (0–100): words of capital letters, apostrophes and hyphens
/// of two or more characters, a comma after one dropped (`MUELLER,` of
/// `MUELLER, ANNA`); OCR junk from a label's Han part (`=<`, `uz`) and the
/// Han label itself are left out. `None` when the line has none.
pub(crate) fn latin_words(line: &Line) -> Option<(String, f32)> {
    let words: Vec<(&str, f32)> = line
        .words
        .iter()
        .map(|w| (w.text.strip_suffix(',').unwrap_or(&w.text), w.conf))
        .filter(|(t, _)| {
            t.chars().count() >= 2
                && t.chars().next().is_some_and(|c| c.is_uppercase())
                && t.chars().all(|c| c.is_uppercase() || c == '\'' || c == '-')
        })
        .collect();
    let conf = words.iter().map(|w| w.1).reduce(f32::min)?;
    let text: Vec<&str> = words.iter().map(|w| w.0).collect();
    Some((text.join(" "), conf))
}

/// The sex printed on a line ([`Sex::from_printed`]) and its word's
/// confidence (0–100).
pub(crate) fn printed_sex(line: &Line) -> Option<(Sex, f32)> {
    line.words
        .iter()
        .find_map(|w| Sex::from_printed(&w.text).map(|s| (s, w.conf)))
}

/// Reads the labelled fields of a visual zone: for each label (the first of
/// each kind, top to bottom), the line under it, parsed as a date (day
/// first, `26 DEC 1991`), taken as a number (its longest word with a
/// digit, of six or more characters), a name (its words of Latin capitals)
/// or a sex (M, F or X). A value that does not parse is left out.
pub fn fields(page: &OcrPage) -> VisualFields {
    let mut out = VisualFields::default();
    let mut labels: Vec<(Label, BBox)> = page
        .lines
        .iter()
        .filter_map(|l| Some((label(&l.text().to_lowercase())?, line_box(l)?)))
        .collect();
    labels.sort_by_key(|(_, b)| b.y);
    for (kind, b) in labels {
        let Some(value) = value_under(page, b) else {
            continue;
        };
        let conf = unit(value.min_conf());
        let text = value.text();
        match kind {
            Label::Surname | Label::Given => {
                let slot = if kind == Label::Surname {
                    &mut out.surname
                } else {
                    &mut out.given_names
                };
                if let (None, Some((name, c))) = (&slot, latin_words(value)) {
                    *slot = Some(Read::new(name, Source::Visual, unit(c)));
                }
            }
            Label::Sex => {
                if let (None, Some((sex, c))) = (&out.sex, printed_sex(value)) {
                    out.sex = Some(Read::new(sex, Source::Visual, unit(c)));
                }
            }
            Label::Birth | Label::Expiry => {
                let Ok(d) = date::parse(&text, DateOrder::Dmy) else {
                    continue;
                };
                let slot = if kind == Label::Birth {
                    &mut out.birth_date
                } else {
                    &mut out.expiry_date
                };
                if slot.is_none() {
                    *slot = Some(Read::new(d, Source::Visual, conf));
                }
            }
            Label::Number => {
                let number = value
                    .words
                    .iter()
                    .map(|w| {
                        let t: String =
                            w.text.chars().filter(char::is_ascii_alphanumeric).collect();
                        (t.to_ascii_uppercase(), w.conf)
                    })
                    .filter(|(t, _)| t.len() >= 6 && t.chars().any(|c| c.is_ascii_digit()))
                    .max_by_key(|(t, _)| t.len());
                if let (None, Some((t, c))) = (&out.number, number) {
                    out.number = Some(Read::new(t, Source::Visual, unit(c)));
                }
            }
        }
    }
    out
}

/// A name's letters for comparing OCR reads: diacritics dropped, upper
/// case, nothing but A–Z.
fn letters(t: &str) -> String {
    deunicode::deunicode(t)
        .chars()
        .filter(char::is_ascii_alphabetic)
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// Two names within the OCR's misreads of each other: at most one edit in
/// five apart, letters only.
fn near(a: &str, b: &str) -> bool {
    strsim::normalized_levenshtein(&letters(a), &letters(b)) >= 0.8
}

/// Whether a printed name (surname, and the given names when read) is the
/// MRZ name field's as far as two OCR reads can tell: the whole names are
/// near, or each part has a printed word near one of the MRZ's words for
/// it. The second covers junk the OCR made of a label or a Han name on the
/// same line (`陈 CHEN` read `BR CHEN`); the first a letter read otherwise
/// (`MÜLLER` read `MOLLER`). A typed name's tolerance (`compare::names`)
/// would count one confused letter as another name.
fn same_name(surname: &str, given: Option<&str>, field: &str) -> bool {
    let mrz = crate::documents::mrz::latin_name(field);
    let printed = format!("{surname} {}", given.unwrap_or(""));
    if near(&printed, &mrz) {
        return true;
    }
    let field = field.trim_end_matches('<');
    let (mrz_surname, mrz_given) = field.split_once("<<").unwrap_or((field, ""));
    let part_agrees = |printed: &str, mrz: &str| {
        printed
            .split_whitespace()
            .any(|p| mrz.split('<').filter(|m| !m.is_empty()).any(|m| near(p, m)))
    };
    part_agrees(surname, mrz_surname) && given.is_none_or(|g| part_agrees(g, mrz_given))
}

/// Where a visual zone read with at least `min_confidence` disagrees with
/// the MRZ it repeats (which its check digits verified): one issue per
/// field, naming it and never its values. A field the MRZ did not verify,
/// or the visual zone read weakly, is not compared. No check digit covers
/// the MRZ's name and sex: the sex is compared when the read verified (its
/// line is read in place), the name when `names_differ` says the printed
/// name (`SURNAME GIVEN NAMES`) is another than the MRZ's name field and
/// the two are more than the OCR's misreads apart ([`same_name`]).
pub fn disagreements(
    visual: &VisualFields,
    doc: &DocumentFields,
    min_confidence: f32,
    names_differ: impl Fn(&str, &str) -> bool,
) -> Vec<DocumentIssue> {
    let verified = |source: Source, conf: f32| source == Source::Mrz && conf >= 1.0;
    let strong = |conf: f32| conf >= min_confidence;
    let mut out = Vec::new();
    let mut differ = |field: Option<CheckField>, what: &str| {
        out.push(DocumentIssue {
            code: ReasonCode::VisualMrzMismatch,
            field,
            message: format!("the {what} printed in the visual zone differs from the MRZ's"),
        })
    };
    if let (Some(v), Some(m)) = (&visual.birth_date, &doc.birth_date) {
        if strong(v.confidence) && verified(m.source, m.confidence) && v.value != m.value {
            differ(Some(CheckField::Dob), "date of birth");
        }
    }
    if let (Some(v), Some(m)) = (&visual.expiry_date, &doc.expiry_date) {
        if strong(v.confidence)
            && verified(m.source, m.confidence)
            && m.value != Expiry::On(v.value)
        {
            differ(Some(CheckField::Expiry), "date of expiry");
        }
    }
    if let (Some(v), Some(m)) = (&visual.sex, &doc.sex) {
        // 0.9: the MRZ read verified (`mrz::fill`); a failed one is 0.5.
        // No check is about sex: the issue names no field.
        if strong(v.confidence)
            && m.source == Source::Mrz
            && m.confidence >= 0.9
            && v.value != m.value
        {
            differ(None, "sex");
        }
    }
    if let (Some(s), Some(field)) = (&visual.surname, &doc.mrz_name_field) {
        let given = visual
            .given_names
            .as_ref()
            .filter(|g| strong(g.confidence))
            .map(|g| g.value.as_str());
        let printed = match given {
            Some(g) => format!("{} {g}", s.value),
            None => s.value.clone(),
        };
        if strong(s.confidence)
            && !same_name(&s.value, given, field)
            && names_differ(&printed, field)
        {
            differ(Some(CheckField::Name), "name");
        }
    }
    // Numbers differing only in characters the OCR confuses (O/0, B/8)
    // agree, and so does a read of another length: the OCR dropped or split
    // characters (`0000000` for `AA0000000` on a Polish specimen).
    if let (Some(v), Some(m)) = (&visual.number, &doc.document_number) {
        let agree = std::iter::once(&m.value)
            .chain(&doc.document_number_alternatives)
            .any(|n| {
                n.chars().count() != v.value.chars().count()
                    || id_number::compare(&v.value, n).0 != Status::Mismatch
            });
        if strong(v.confidence) && verified(m.source, m.confidence) && !agree {
            differ(Some(CheckField::IdNumber), "passport number");
        }
    }
    out
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

    fn line(words: &[(&str, u32)], y: u32, conf: u8) -> Vec<Word> {
        words.iter().map(|&(t, x)| word(t, x, y, conf)).collect()
    }

    /// The data page of fixtures/images/pp01.jpg as the eng pass reads it.
    fn pp01() -> OcrPage {
        page(vec![
            line(
                &[("4P58S", 937), ("[Passport", 990), ("No.", 1080)],
                105,
                90,
            ),
            line(&[("E39483838", 938)], 143, 92),
            // Junk from the labels' Han part before the Latin names.
            line(&[("$#/Surname", 417)], 188, 80),
            line(&[("=<", 417), ("WANG", 440)], 217, 6),
            line(&[("#/Given", 417), ("names", 500)], 264, 62),
            line(&[("uz", 417), ("SIYUAN", 440)], 292, 88),
            line(&[("HE8I/Sex", 741)], 413, 90),
            line(
                &[("tu4:sH<8/Place", 937), ("of", 1050), ("birth", 1080)],
                413,
                97,
            ),
            line(
                &[("i", 417), ("BMB/Date", 430), ("of", 520), ("birth.", 550)],
                414,
                95,
            ),
            line(&[("26", 417), ("DEC", 450), ("1991", 500)], 443, 96),
            line(&[("M", 743)], 443, 93),
            line(&[("ALR", 937), ("/BEIJING", 990)], 441, 90),
            line(
                &[("RUN", 417), ("[Date", 470), ("of", 540), ("expiry", 570)],
                555,
                84,
            ),
            line(&[("19", 418), ("NOV", 450), ("2028", 500)], 593, 96),
        ])
    }

    fn date(y: i32, m: u32, d: u32) -> Date {
        Date::new(y, m, d).expect("a real day")
    }

    #[test]
    fn fields_are_read_under_their_labels() {
        let f = fields(&pp01());
        assert_eq!(f.birth_date.map(|r| r.value), Some(date(1991, 12, 26)));
        assert_eq!(f.expiry_date.map(|r| r.value), Some(date(2028, 11, 19)));
        let n = f.number.expect("the number");
        assert_eq!(n.value, "E39483838");
        assert!((n.confidence - 0.92).abs() < 1e-6);
        assert_eq!(f.surname.map(|r| r.value).as_deref(), Some("WANG"));
        assert_eq!(f.given_names.map(|r| r.value).as_deref(), Some("SIYUAN"));
        let sex = f.sex.expect("the sex");
        assert_eq!(sex.value, Sex::M);
        assert!((sex.confidence - 0.93).abs() < 1e-6);
        assert_eq!(label("名/given names"), Some(Label::Given));
        assert_eq!(label("nom/surname"), Some(Label::Surname));
        assert_eq!(label("性别/sex"), Some(Label::Sex));
        // The place of birth is no date's label; an unlabelled page has no fields.
        assert_eq!(label("出生地点/place of birth"), None);
        assert_eq!(label("出生日期/date of birth"), Some(Label::Birth));
        assert_eq!(fields(&page(Vec::new())), VisualFields::default());
    }

    #[test]
    fn a_value_that_does_not_parse_is_left_out() {
        // 43_pass-twn's birth date as chi_tra reads it: MAR became 語.
        let p = page(vec![
            line(&[("Date", 470), ("of", 520), ("birth", 550)], 459, 90),
            line(&[("02", 468), ("語", 500), ("1968", 540)], 487, 92),
        ]);
        assert_eq!(fields(&p).birth_date, None);
    }

    /// A passport whose MRZ verified these fields (WANG SIYUAN, M).
    fn mrz(birth: Date, expiry: Date, number: &str) -> DocumentFields {
        DocumentFields {
            birth_date: Some(Read::new(birth, Source::Mrz, 1.0)),
            expiry_date: Some(Read::new(Expiry::On(expiry), Source::Mrz, 1.0)),
            document_number: Some(Read::new(number.into(), Source::Mrz, 1.0)),
            sex: Some(Read::new(Sex::M, Source::Mrz, 0.9)),
            mrz_name_field: Some("WANG<<SIYUAN<<<<<<<<<<<<<<<<<<<<<<<<<<<".into()),
            ..DocumentFields::default()
        }
    }

    fn printed(birth: Date, expiry: Date, number: &str, conf: f32) -> VisualFields {
        VisualFields {
            surname: Some(Read::new("WANG".into(), Source::Visual, conf)),
            given_names: Some(Read::new("SIYUAN".into(), Source::Visual, conf)),
            sex: Some(Read::new(Sex::M, Source::Visual, conf)),
            birth_date: Some(Read::new(birth, Source::Visual, conf)),
            expiry_date: Some(Read::new(expiry, Source::Visual, conf)),
            number: Some(Read::new(number.into(), Source::Visual, conf)),
        }
    }

    /// Names differ as `verify` decides it: a mismatch by the name matcher.
    fn names_differ(printed: &str, field: &str) -> bool {
        crate::compare::names(printed, field, None, &[]).status == Status::Mismatch
    }

    #[test]
    fn disagreements_need_a_verified_mrz_and_a_confident_print() {
        let (b, e) = (date(1991, 12, 26), date(2028, 11, 19));
        let doc = mrz(b, e, "E39483838");
        let fields_of = |v: &VisualFields, d: &DocumentFields| -> Vec<Option<CheckField>> {
            disagreements(v, d, 0.6, names_differ)
                .iter()
                .map(|i| i.field)
                .collect()
        };
        assert!(fields_of(&printed(b, e, "E39483838", 0.9), &doc).is_empty());
        // B for 8 is the OCR's; a shorter read is a partial one.
        assert!(fields_of(&printed(b, e, "E394B3838", 0.9), &doc).is_empty());
        assert!(fields_of(&printed(b, e, "39483838", 0.9), &doc).is_empty());
        let other = printed(date(1977, 1, 27), date(2030, 5, 10), "E40352640", 0.9);
        assert_eq!(
            fields_of(&other, &doc),
            [
                Some(CheckField::Dob),
                Some(CheckField::Expiry),
                Some(CheckField::IdNumber)
            ]
        );
        // Weakly printed, or an MRZ whose check digits failed: no evidence.
        let weak = printed(date(1977, 1, 27), date(2030, 5, 10), "E40352640", 0.3);
        assert!(fields_of(&weak, &doc).is_empty());
        let mut unverified = doc.clone();
        unverified.birth_date = Some(Read::new(b, Source::Mrz, 0.5));
        assert_eq!(fields_of(&other, &unverified).len(), 2);
        // The message names the field, never a value.
        let issue = &disagreements(&other, &doc, 0.6, names_differ)[2];
        assert_eq!(issue.code, ReasonCode::VisualMrzMismatch);
        assert!(!issue.message.contains("E40352640") && !issue.message.contains("E39483838"));
    }

    #[test]
    fn a_printed_name_or_sex_that_is_another_disagrees() {
        let (b, e) = (date(1991, 12, 26), date(2028, 11, 19));
        let doc = mrz(b, e, "E39483838");
        let issues = |v: &VisualFields, d: &DocumentFields| -> Vec<(Option<CheckField>, String)> {
            disagreements(v, d, 0.6, names_differ)
                .into_iter()
                .map(|i| (i.field, i.message))
                .collect()
        };
        let mut other = printed(b, e, "E39483838", 0.9);
        other.surname = Some(Read::new("OUYANG".into(), Source::Visual, 0.9));
        other.given_names = Some(Read::new("MINGHUI".into(), Source::Visual, 0.9));
        other.sex = Some(Read::new(Sex::F, Source::Visual, 0.9));
        let found = issues(&other, &doc);
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[0].0, None);
        assert!(found[0].1.contains("sex"), "{}", found[0].1);
        assert_eq!(found[1].0, Some(CheckField::Name));
        assert!(!found[1].1.contains("OUYANG") && !found[1].1.contains("WANG"));
        // A letter the OCR confused, or given names read weakly, are no
        // other name; nor is an MRZ name field misread while another
        // reading of it agrees.
        let mut confused = printed(b, e, "E39483838", 0.9);
        confused.given_names = Some(Read::new("SIYUAM".into(), Source::Visual, 0.9));
        assert!(issues(&confused, &doc).is_empty());
        let mut junk = printed(b, e, "E39483838", 0.9);
        junk.surname = Some(Read::new("BR WANG".into(), Source::Visual, 0.9));
        assert!(issues(&junk, &doc).is_empty());
        // Another given name under the right surname is another name.
        let mut forged = printed(b, e, "E39483838", 0.9);
        forged.given_names = Some(Read::new("MINGHUI".into(), Source::Visual, 0.9));
        assert_eq!(issues(&forged, &doc).len(), 1);
        let mut weak = other.clone();
        weak.surname = Some(Read::new("OUYANG".into(), Source::Visual, 0.3));
        weak.sex = Some(Read::new(Sex::F, Source::Visual, 0.3));
        assert!(issues(&weak, &doc).is_empty());
        // An MRZ read that did not verify says nothing of the sex.
        let mut unverified = doc.clone();
        unverified.sex = Some(Read::new(Sex::M, Source::Mrz, 0.5));
        let found = issues(&other, &unverified);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, Some(CheckField::Name));
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
