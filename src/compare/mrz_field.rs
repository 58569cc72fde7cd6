//! A typed name against an OCR'd MRZ name field, position by position.
//!
//! Tesseract reads the filler `<` of MRZ line 1 as K, X, C, E, L, S or 6
//! (STACK-NOTES.md), so the field `WANG<<SIYUANK<<<KKKK` or `LINC<XIAOYAN`
//! does not spell the name. But an MRZ is fixed-width: if every letter of the
//! typed name, encoded as ICAO 9303 Part 3 §4.6 would (surname, `<<`, given
//! names separated by `<`), stands at its own position and the only other
//! differences are those known misreads where the encoding has a `<` (and
//! letter/digit confusions such as 0/O inside names), the positions themselves
//! vouch for the name. This module finds such an alignment; when there is none
//! the general matcher in `compare/name.rs` decides.

use std::ops::Range;

use crate::compare::name::{NameLevel, NameOutcome};
use crate::report::Status;
use crate::text::name::{is_han, simplified};
use crate::text::romanize::{self, Reading, Region};

/// Letters Tesseract gives for the `<` filler glyph of OCR-B.
fn filler_like(c: u8) -> bool {
    matches!(
        c,
        b'<' | b'K' | b'X' | b'C' | b'E' | b'L' | b'S' | b'6' | b'G' | b'Z'
    )
}

/// Letter/digit pairs OCR confuses inside words (the classes of `text::id_number`).
fn confusable(a: u8, b: u8) -> bool {
    let class = |x: u8| crate::text::id_number::class(char::from(x));
    class(a).is_some() && class(a) == class(b)
}

/// Most spellings tried per name part, so a long name cannot explode the search.
const MAX_SPELLINGS: usize = 48;

/// Spellings of one typed name part in MRZ letters.
fn latin_spellings(token: &str) -> Vec<String> {
    if token.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return vec![token.to_ascii_uppercase()];
    }
    let mut out = vec![String::new()];
    for c in token.chars() {
        let up: Vec<char> = c.to_uppercase().collect();
        let options: Vec<String> = match up.as_slice() {
            [u] if u.is_ascii_alphanumeric() => vec![u.to_string()],
            [u] => match romanize::icao_options(*u) {
                Some(opts) => opts.iter().map(|s| s.to_string()).collect(),
                None => {
                    let mut s = String::new();
                    romanize::fold_latin(*u, &mut s);
                    vec![s]
                }
            },
            _ => {
                let mut s = String::new();
                for u in up {
                    romanize::fold_latin(u, &mut s);
                }
                vec![s]
            }
        };
        out = out
            .iter()
            .flat_map(|p| options.iter().map(move |o| format!("{p}{o}")))
            .take(MAX_SPELLINGS)
            .collect();
    }
    out
}

/// Spellings of Han characters read as one MRZ name part (syllables joined).
fn han_spellings(chars: &[char], surname: bool, region: Region) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut readings: Vec<Reading> = Vec::new();
    for (i, &c) in chars.iter().enumerate() {
        romanize::readings(c, simplified(c), surname && i == 0, region, &mut readings);
        if readings.is_empty() {
            return Vec::new();
        }
        out = out
            .iter()
            .flat_map(|p| {
                readings
                    .iter()
                    .map(move |r| format!("{p}{}", r.syllable.to_ascii_uppercase()))
            })
            .take(MAX_SPELLINGS)
            .collect();
    }
    out
}

/// Name parts, each a list of spellings.
type Parts = Vec<Vec<String>>;

/// Ways to read a typed name as an MRZ name: its parts, and which of them
/// (ranges into the parts) could be the surname and which the given names.
type Readings = Vec<(Parts, Vec<(Range<usize>, Range<usize>)>)>;

fn candidates(entered: &str, region: Region) -> Readings {
    let chars: Vec<char> = entered.chars().filter(|c| !c.is_whitespace()).collect();
    if !chars.is_empty() && chars.iter().all(|&c| is_han(c)) {
        // A Han name: surname first (one character, or a compound of two).
        let mut out = Vec::new();
        for split in [1usize, 2] {
            if chars.len() > split {
                let surname = han_spellings(&chars[..split], true, region);
                let given = han_spellings(&chars[split..], false, region);
                if !surname.is_empty() && !given.is_empty() {
                    out.push((vec![surname, given], vec![(0..1, 1..2)]));
                }
            }
        }
        return out;
    }
    let tokens: Parts = entered
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | '-' | '.' | '·' | '<'))
        .map(|t| t.replace(['\'', '’'], ""))
        .filter(|t| !t.is_empty())
        .map(|t| latin_spellings(&t))
        .collect();
    let n = tokens.len();
    if n == 0 || n > 6 {
        return Vec::new();
    }
    let mut orders = Vec::new();
    for k in 1..=n {
        // Typed surname-first: the first k tokens are the surname.
        orders.push((0..k, k..n));
        // Typed given-names-first: the last n-k tokens are the surname.
        if k < n {
            orders.push((k..n, 0..k));
        }
    }
    vec![(tokens, orders)]
}

/// Matches `part` spellings at `pos`; returns the new position and the confusions used.
fn match_part(field: &[u8], pos: usize, spellings: &[String]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for s in spellings {
        let s = s.as_bytes();
        if pos + s.len() > field.len() {
            continue;
        }
        let mut confusions = 0;
        let ok = s.iter().zip(&field[pos..pos + s.len()]).all(|(&a, &b)| {
            if a == b {
                true
            } else if confusable(a, b) {
                confusions += 1;
                true
            } else {
                false
            }
        });
        if ok {
            out.push((pos + s.len(), confusions));
        }
    }
    out
}

/// Separators: `n` filler cells at `pos`, or `n + 1` when the OCR inserted a
/// spurious glyph between two `<` (`<<` read as `<K<`). Yields each possible
/// end position with the number of misread cells.
fn match_separator(field: &[u8], pos: usize, n: usize) -> Vec<(usize, usize)> {
    let widths: &[usize] = if n == 0 { &[0] } else { &[n, n + 1] };
    widths
        .iter()
        .filter_map(|&w| {
            let cells = field.get(pos..pos + w)?;
            cells.iter().all(|&c| filler_like(c)).then(|| {
                let misread = cells.iter().filter(|&&c| c != b'<').count() + (w - n);
                (pos + w, misread)
            })
        })
        .collect()
}

/// The rest of the field after the name: all filler or its misreads, and not
/// a word that could be one more name part (`<ELSE<<<`: a run of two or more
/// different letters right after a single `<`). Returns the misread cells.
fn match_rest(field: &[u8], pos: usize) -> Option<usize> {
    let rest = field.get(pos..)?;
    if !rest.iter().all(|&c| filler_like(c)) {
        return None;
    }
    let leading = rest.iter().take_while(|&&c| c == b'<').count();
    let run: Vec<u8> = rest[leading..]
        .iter()
        .copied()
        .take_while(|&c| c != b'<')
        .collect();
    let mut distinct = run.clone();
    distinct.sort_unstable();
    distinct.dedup();
    if leading == 1 && run.len() >= 2 && distinct.len() >= 2 {
        return None;
    }
    Some(rest.iter().filter(|&&c| c != b'<').count())
}

fn align(field: &[u8], surname: &[Vec<String>], given: &[Vec<String>]) -> Option<usize> {
    // Parts in order with the separator width before each: surname parts
    // joined by one `<`, then `<<`, then given names joined by one `<`.
    let mut plan: Vec<(usize, &Vec<String>)> = Vec::new();
    for (i, p) in surname.iter().enumerate() {
        plan.push((usize::from(i > 0), p));
    }
    for (i, p) in given.iter().enumerate() {
        plan.push((if i == 0 { 2 } else { 1 }, p));
    }
    fn go(field: &[u8], plan: &[(usize, &Vec<String>)], pos: usize) -> Option<usize> {
        let Some(((sep, part), rest)) = plan.split_first() else {
            return match_rest(field, pos);
        };
        let mut best: Option<usize> = None;
        for (start, sep_misreads) in match_separator(field, pos, *sep) {
            for (next, confusions) in match_part(field, start, part) {
                if let Some(more) = go(field, rest, next) {
                    let total = sep_misreads + confusions + more;
                    best = Some(best.map_or(total, |b: usize| b.min(total)));
                }
            }
        }
        best
    }
    go(field, &plan, 0)
}

/// Compares `entered` with the MRZ name `field` (as OCR'd, `<` included)
/// position by position. Returns a match at level `ocr_confusable` when the
/// typed name aligns with the field and the only differences are known OCR
/// misreads; `None` when it does not align or nothing was misread (the general
/// matcher explains those better).
pub fn compare(entered: &str, field: &str, doc_country: Option<&str>) -> Option<NameOutcome> {
    let field = field.trim().to_ascii_uppercase();
    if field.is_empty()
        || !field
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'<')
    {
        return None;
    }
    let region = Region::from_iso3(doc_country);
    let bytes = field.as_bytes();
    let best = candidates(entered, region)
        .iter()
        .flat_map(|(parts, orders)| {
            orders
                .iter()
                .filter_map(|(s, g)| align(bytes, &parts[s.clone()], &parts[g.clone()]))
        })
        .min()?;
    if best == 0 {
        return None;
    }
    Some(NameOutcome {
        status: Status::Match,
        level: NameLevel::OcrConfusable,
        score: (1.0 - 0.005 * best as f64).max(0.93),
        explanation: format!(
            "every letter of the name stands at its place in the MRZ; {best} filler or separator cell(s) were misread by the OCR (< read as K/X/C/E/L/S)"
        ),
    })
}

/// Edit distance between a typed name's MRZ encoding and the OCR'd field,
/// where a filler misread (`<` read as K, X, ...) and a letter/digit confusion
/// cost nothing, and any other substitution, insertion or deletion costs 1.
fn ocr_distance(encoding: &[u8], field: &[u8]) -> usize {
    let mut prev: Vec<usize> = (0..=field.len()).collect();
    let mut cur = vec![0; field.len() + 1];
    for (i, &a) in encoding.iter().enumerate() {
        cur[0] = i + 1;
        for (j, &b) in field.iter().enumerate() {
            let free = a == b || (a == b'<' && filler_like(b)) || confusable(a, b);
            let sub = prev[j] + usize::from(!free);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[field.len()]
}

/// Most non-OCR edits between the typed name's encoding and a field the
/// visual zone corroborates: Tesseract inserts or drops a glyph or two in a
/// garbled line 1 (`ANNAKMARLIA`), which a different name rarely stays within.
const MAX_GARBLED_EDITS: usize = 2;

/// A typed Latin name against a garbled MRZ name field, corroborated by the
/// printed name in the visual zone: every typed name part is a word of the
/// visual zone (`visual_words`, as OCR'd), and the field is within
/// [`MAX_GARBLED_EDITS`] of the name's MRZ encoding once filler misreads are
/// forgiven. Both sources must agree, so a typo (not printed in the visual
/// zone) or a missing name part (too far from the MRZ) is not corroborated.
pub fn corroborated(entered: &str, field: &str, visual_words: &[String]) -> Option<NameOutcome> {
    let field = field.trim().to_ascii_uppercase();
    if field.is_empty() || entered.chars().any(is_han) {
        return None;
    }
    let printed: std::collections::HashSet<String> = visual_words
        .iter()
        .flat_map(|w| {
            w.split(|c: char| !c.is_alphanumeric())
                .map(|p| p.to_uppercase())
                .collect::<Vec<_>>()
        })
        .filter(|p| p.len() >= 2)
        .collect();
    let region = Region::Mainland;
    let mut best: Option<usize> = None;
    for (parts, orders) in candidates(entered, region) {
        if !parts.iter().all(|p| p.iter().any(|s| printed.contains(s))) {
            continue;
        }
        // The first spelling of each part, joined as ICAO encodes a name.
        let first = |r: &Range<usize>| {
            parts[r.clone()]
                .iter()
                .map(|p| p[0].as_str())
                .collect::<Vec<_>>()
                .join("<")
        };
        for (surname, given) in &orders {
            let mut encoding = first(surname);
            if !given.is_empty() {
                encoding.push_str("<<");
                encoding.push_str(&first(given));
            }
            let mut padded = encoding.into_bytes();
            padded.resize(field.len().max(padded.len()), b'<');
            let d = ocr_distance(&padded, field.as_bytes());
            best = Some(best.map_or(d, |b: usize| b.min(d)));
        }
    }
    let d = best?;
    (d <= MAX_GARBLED_EDITS).then(|| NameOutcome {
        status: Status::Match,
        level: NameLevel::OcrConfusable,
        score: 0.93,
        explanation: format!(
            "every part of the name is printed in the visual zone, and the garbled MRZ name differs from it by {d} OCR error(s) beyond filler misreads"
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(entered: &str, field: &str) -> bool {
        compare(entered, field, None).is_some_and(|o| o.status == Status::Match)
    }

    #[test]
    fn filler_misreads_align() {
        assert!(matches(
            "Wang Siyuan",
            "WANG<<SIYUANK<<<<<<<<KKKKK<KKKKKKKKKKKK<K"
        ));
        assert!(matches(
            "Siyuan Wang",
            "WANG<<SIYUANK<<<<<<<<KKKKK<KKKKKKKKKKKK<K"
        ));
        assert!(matches(
            "Lin Xiaoyan",
            "LINC<XIAOYANK<K<KK<K<<<KKKKKKKKKKKKKKKKKK"
        ));
        assert!(matches(
            "林晓燕",
            "LINC<XIAOYANK<K<KK<K<<<KKKKKKKKKKKKKKKKKK"
        ));
        assert!(matches(
            "Anna Maria Eriksson",
            "ERIKSSON<<ANNAKMARIA<<<<<<<<<<<<<<<<<<<"
        ));
        assert!(matches(
            "Rozalia Irma Handra",
            "HANDRAS<ROZALIACIRMASKK<<KK<KKKKKKKKK<K"
        ));
        assert!(matches(
            "Müller Jonas",
            "MUELLER<<JONAS<<<KKK<<<<<<<<<<<<<<<<<<<"
        ));
        assert!(matches("张伟", "ZHANG<<WEIKKKK<<<<<<<<<<<<<<<<<<<<<<<<"));
        assert!(matches(
            "Vzor Specimen",
            "SPECIMEN<K<VZOR<<<<<<<<<<SKKKKKKKKKKKKK"
        ));
        assert!(matches(
            "Erika Mustermann",
            "MUSTERMANN<K<ERIKA<K<<<<<<<<<<KKKKKKKKK"
        ));
        assert!(matches(
            "Anna Maria Eriksson",
            "ERIKSSON<<ANNA<KMARIA<K<<<<<<<<<<<<<<<"
        ));
    }

    #[test]
    fn other_names_do_not_align() {
        assert!(!matches(
            "Wang Siyu",
            "WANG<<SIYUANK<<<<<<<<KKKKK<KKKKKKKKKKKK<K"
        ));
        assert!(!matches(
            "Li Xiaoyan",
            "LINC<XIAOYANK<K<KK<K<<<KKKKKKKKKKKKKKKKKK"
        ));
        assert!(!matches(
            "Anna Eriksson",
            "ERIKSSON<<ANNAKMARIA<<<<<<<<<<<<<<<<<<<"
        ));
        assert!(!matches(
            "Anna Maria Eriksen",
            "ERIKSSON<<ANNAKMARIA<<<<<<<<<<<<<<<<<<<"
        ));
        // A given name made of letters the OCR gives for `<` is still a name.
        assert!(!matches(
            "Anna Eriksson",
            "ERIKSSON<<ANNA<ELSE<<<<<<<<<<<<<<<<<<<<"
        ));
        assert!(!matches("张小明", "ZHANG<<WEIKKKK<<<<<<<<<<<<<<<<<<<<<<<<"));
    }

    #[test]
    fn visual_zone_corroborates_a_garbled_field() {
        let viz: Vec<String> = ["Passport", "ERIKSSON", "ANNA", "MARIA", "UTOPIAN"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let field = "ERIKSSON<<ANNAKMARLIA<K<<<<<<<K<KKKKKKK";
        assert!(corroborated("Anna Maria Eriksson", field, &viz).is_some());
        // A typo is not printed; a missing given name is too far from the MRZ.
        assert!(corroborated("Ana Maria Eriksson", field, &viz).is_none());
        assert!(corroborated("Anna Eriksson", field, &viz).is_none());
        // Without the visual zone there is nothing to corroborate.
        assert!(corroborated("Anna Maria Eriksson", field, &[]).is_none());
    }

    #[test]
    fn clean_fields_are_left_to_the_general_matcher() {
        assert!(compare(
            "Anna Maria Eriksson",
            "ERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
            None
        )
        .is_none());
        assert!(compare("", "ERIKSSON<<ANNA", None).is_none());
        assert!(compare("Anna", "", None).is_none());
    }
}
