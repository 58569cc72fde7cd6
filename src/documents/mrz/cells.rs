//! An MRZ line's glyphs placed in the zone's fixed-pitch cells.
//!
//! OCR-B in a machine-readable zone is printed at one pitch, one character
//! per cell. Tesseract's LSTM reads a chevron `<` now and then as two glyphs,
//! `<` and a `K` (or `S`, `C`) over the same cell (`ANNA<KMARIA`, `SARAHK<`,
//! `JANES<`), and a run of chevrons as one wide `<`. With each glyph's box
//! ([`crate::ocr::Glyph`]) the line is laid on its pitch: an echo letter
//! sharing its cell with a `<` is dropped, a `<` as wide as
//! two cells fills both, two glyphs that are one shape read as letter and
//! digit (`O` and `0`, `D` and `0`, `Z` and `2`) become one, and every other
//! glyph is kept in order (LSTM boxes are good to about half a character,
//! too loose to merge two different letters: `R` and `I` of MARIA were
//! seen in one cell).

use std::collections::BTreeMap;

use crate::ocr::{Glyph, Line};

/// Fewest glyphs a line needs for its pitch to be measured.
const MIN_GLYPHS: usize = 20;

/// The line's text with its glyphs placed in cells, or the words' own text
/// when the line has no glyph boxes (text from `verify_text`, or an engine
/// that gives none) or too few to measure the pitch.
pub(super) fn text(line: &Line) -> String {
    let count: usize = line.words.iter().map(|w| w.glyphs.len()).sum();
    let Some(p) = (count >= MIN_GLYPHS).then(|| Pitched::of(line)).flatten() else {
        return line.text_joined();
    };
    let (glyphs, centres, pitch) = (&p.glyphs, &p.centres, p.pitch);
    let cell = |x: f64| p.cell(x);
    let mut cells: BTreeMap<i64, Vec<(&str, f32)>> = BTreeMap::new();
    for (g, &c) in glyphs.iter().zip(centres) {
        let span = (f64::from(g.bbox.w) / pitch).round() as i64;
        if g.text == "<" && span >= 2 {
            // One box over a run of chevrons: one `<` per cell it covers.
            let first = cell(f64::from(g.bbox.x) + pitch / 2.0);
            for k in first..first + span {
                cells.entry(k).or_default().push(("<", g.conf));
            }
        } else {
            cells.entry(cell(c)).or_default().push((&g.text, g.conf));
        }
    }
    let mut out = String::new();
    for glyphs in cells.values() {
        let texts: Vec<&str> = glyphs.iter().map(|g| g.0).collect();
        if texts.len() > 1 && texts.contains(&"<") {
            // One chevron; its echo is dropped, and a letter that is no echo
            // (the T of HENERT, boxed over the chevron after it) is kept
            // where it stands.
            let mut chevron = false;
            for t in texts {
                if t == "<" {
                    if !chevron {
                        out.push('<');
                    }
                    chevron = true;
                } else if !ECHOES.contains(&t) {
                    out.push_str(t);
                }
            }
        } else if let [a, b] = glyphs[..] {
            if lookalikes(a.0, b.0) {
                // One glyph read twice as letter and digit (O and 0, Z and
                // 2, D and 0): the field's type picks the reading later.
                out.push_str(if b.1 > a.1 { b.0 } else { a.0 });
            } else {
                out.push_str(a.0);
                out.push_str(b.0);
            }
        } else {
            texts.iter().for_each(|t| out.push_str(t));
        }
    }
    out
}

/// The letters Tesseract's LSTM reads for an OCR-B chevron `<`, alone or
/// beside it over one cell (`SARAHK<`, `ANNA<KMARIA`, `JANES<`, `<<` as
/// `<K<`): beside a `<` they are its echo. Another letter over a chevron's
/// cell is a letter of its own whose box is loose (`HENERT<`).
const ECHOES: [&str; 5] = ["K", "X", "C", "E", "S"];

/// Glyphs of one OCR-B shape that Tesseract reads either way: round
/// (`0 O D Q`) and the straight or curved pairs. `U` is not among the round
/// ones: MABROUK's O and U were seen boxed over one cell.
const SHAPES: [&str; 6] = ["0ODQ", "1I", "2Z", "5S", "8B", "6G"];

/// Whether two glyphs are one shape read two ways ([`SHAPES`]).
fn lookalikes(a: &str, b: &str) -> bool {
    a != b
        && SHAPES
            .iter()
            .any(|s| [a, b].iter().all(|g| g.len() == 1 && s.contains(*g)))
}

/// A line's glyphs with their centres on the zone's fitted pitch.
pub(super) struct Pitched<'a> {
    /// Every glyph of the line, left to right.
    pub glyphs: Vec<&'a Glyph>,
    /// Each glyph's horizontal centre.
    pub centres: Vec<f64>,
    /// The centre of cell 0.
    pub origin: f64,
    /// The cell width.
    pub pitch: f64,
}

impl<'a> Pitched<'a> {
    /// The line laid on its pitch; `None` when a word has no glyph boxes
    /// (text from `verify_text`, or an engine that gives none) or the
    /// centres do not step along a line ([`fit_pitch`]).
    pub fn of(line: &'a Line) -> Option<Pitched<'a>> {
        if line.words.iter().any(|w| w.glyphs.is_empty()) {
            return None;
        }
        let glyphs: Vec<&Glyph> = line.words.iter().flat_map(|w| &w.glyphs).collect();
        let centres: Vec<f64> = glyphs
            .iter()
            .map(|g| f64::from(g.bbox.x) + f64::from(g.bbox.w) / 2.0)
            .collect();
        let (origin, pitch) = fit_pitch(&centres)?;
        Some(Pitched {
            glyphs,
            centres,
            origin,
            pitch,
        })
    }

    /// The number of the cell holding position `x`.
    pub fn cell(&self, x: f64) -> i64 {
        ((x - self.origin) / self.pitch).round() as i64
    }

    /// The centre of the cell holding position `x`.
    pub fn cell_centre(&self, x: f64) -> f64 {
        self.origin + self.cell(x) as f64 * self.pitch
    }
}

/// The origin and pitch of the cells the glyph centres sit in: the median
/// step between neighbours as a start, then a least-squares line through
/// the centres against their cell numbers, refitted as the numbers settle.
/// `None` when the centres do not step along a line.
fn fit_pitch(centres: &[f64]) -> Option<(f64, f64)> {
    let mut steps: Vec<f64> = centres.windows(2).map(|w| w[1] - w[0]).collect();
    steps.sort_by(f64::total_cmp);
    let mut pitch = *steps.get(steps.len() / 2)?;
    let mut origin = *centres.first()?;
    let n = centres.len() as f64;
    for _ in 0..4 {
        if !pitch.is_finite() || pitch < 1.0 {
            return None;
        }
        let ks: Vec<f64> = centres
            .iter()
            .map(|c| ((c - origin) / pitch).round())
            .collect();
        let mk = ks.iter().sum::<f64>() / n;
        let mc = centres.iter().sum::<f64>() / n;
        let var: f64 = ks.iter().map(|k| (k - mk).powi(2)).sum();
        if var == 0.0 {
            return None;
        }
        pitch = ks
            .iter()
            .zip(centres)
            .map(|(k, c)| (k - mk) * (c - mc))
            .sum::<f64>()
            / var;
        origin = mc - pitch * mk;
    }
    (pitch.is_finite() && pitch >= 1.0).then_some((origin, pitch))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ocr::{BBox, Word};

    /// A word of glyphs, one per (text, left edge, width), 20 px pitch.
    fn line<T: AsRef<str>>(glyphs: &[(T, u32, u32)]) -> Line {
        let glyphs: Vec<Glyph> = glyphs
            .iter()
            .map(|(t, x, w)| Glyph {
                text: t.as_ref().into(),
                conf: 90.0,
                bbox: BBox {
                    x: *x,
                    y: 0,
                    w: *w,
                    h: 20,
                },
            })
            .collect();
        Line {
            words: vec![Word {
                text: glyphs.iter().map(|g| g.text.as_str()).collect(),
                conf: 90.0,
                bbox: BBox {
                    x: 0,
                    y: 0,
                    w: 1000,
                    h: 20,
                },
                glyphs,
            }],
        }
    }

    /// Glyphs of `text` one per 20 px cell from x = 34, 15 px wide.
    fn printed(text: &str) -> Vec<(String, u32, u32)> {
        text.chars()
            .enumerate()
            .map(|(i, c)| (c.to_string(), 34 + 20 * i as u32, 15))
            .collect()
    }

    #[test]
    fn a_letter_over_a_chevron_is_dropped() {
        // Tesseract's reading of Canada's line 1: `SARAHK<<<`, the K a
        // narrow box over the first chevron's cell.
        let mut g = printed("P<CANMARTIN<<SARAH<<<<<<<<<<<<");
        g.insert(18, ("K".into(), 396, 8));
        let l = line(&g);
        assert_eq!(l.text_joined(), "P<CANMARTIN<<SARAHK<<<<<<<<<<<<");
        assert_eq!(text(&l), "P<CANMARTIN<<SARAH<<<<<<<<<<<<");
    }

    #[test]
    fn a_letter_boxed_over_a_chevron_that_is_no_echo_is_kept() {
        // fastmrz's UK passport: HENERT's T boxed over the chevron after it.
        let mut g = printed("P<GBRPUDARSAN<<HENER<<<<<<<<<");
        g.insert(20, ("T".into(), 34 + 20 * 20 - 8, 12));
        let l = line(&g);
        assert_eq!(text(&l), "P<GBRPUDARSAN<<HENERT<<<<<<<<<");
    }

    #[test]
    fn a_wide_chevron_fills_the_cells_it_covers() {
        let mut g = printed("P<UTOERIKSSON<<ANNA<MARIA<<<<<");
        // The last two chevrons read as one box two cells wide.
        g.truncate(g.len() - 2);
        g.push(("<".into(), 34 + 20 * 28, 35));
        let l = line(&g);
        assert_eq!(l.text_joined().len(), 29);
        assert_eq!(text(&l), "P<UTOERIKSSON<<ANNA<MARIA<<<<<");
    }

    #[test]
    fn a_glyph_read_as_letter_and_digit_is_one() {
        // Canada's line 2 read ZEODODSO9 for ZE000509: an O and a D over
        // one cell.
        let mut g = printed("ZEO00509<9CAN8501019F2301147<<");
        g.insert(3, ("D".into(), 34 + 20 * 2 + 6, 10));
        let l = line(&g);
        assert_eq!(l.text_joined(), "ZEOD00509<9CAN8501019F2301147<<");
        // Equal confidence: the first is kept.
        assert_eq!(text(&l), "ZEO00509<9CAN8501019F2301147<<");
    }

    #[test]
    fn letters_sharing_a_cell_are_both_kept() {
        // Boxes too loose to tell which letter is real: the check digits
        // and the width fitting decide later, as without glyphs.
        let mut g = printed("L898902C36UTO7408122F1204159ZE");
        g.insert(3, ("S".into(), 34 + 20 * 3 + 4, 10));
        let l = line(&g);
        // Laid on its pitch (not the fallback to the words' text), with the
        // S and the 8 over one cell.
        let p = Pitched::of(&l).expect("laid on its pitch");
        assert_eq!(p.cell(p.centres[3]), p.cell(p.centres[4]));
        assert_eq!(text(&l), l.text_joined());
    }

    #[test]
    fn no_glyphs_or_too_few_keep_the_words_text() {
        let mut l = line(&printed("P<UTOERIKSSON<<ANNA<MARIA<<<<<"));
        l.words[0].glyphs.clear();
        assert_eq!(text(&l), "P<UTOERIKSSON<<ANNA<MARIA<<<<<");
        let short = line(&printed("P<UTO<<"));
        assert_eq!(text(&short), "P<UTO<<");
        // All glyphs on one spot: no pitch to measure.
        let heap: Vec<(&str, u32, u32)> = (0..25).map(|_| ("<", 40, 10)).collect();
        assert_eq!(text(&line(&heap)).len(), 25);
    }
}
