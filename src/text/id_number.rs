//! ID and document numbers: separators, case, and the characters OCR
//! confuses. Check digits are validated by the document readers
//! (`documents::cn_id`, `documents::mrz`); this module only says whether a
//! typed number and a read number are the same.

use unicode_normalization::UnicodeNormalization;

use crate::report::Status;

/// Normalizes an ID number: NFKC (full-width digits become ASCII), removes
/// white space, hyphens, dashes and dots, and upper-cases (so a check
/// character typed `x` becomes `X`).
pub fn normalize(s: &str) -> String {
    s.nfkc()
        .filter(|c| !c.is_whitespace() && !matches!(c, '-' | '‐' | '‑' | '‒' | '–' | '—' | '.'))
        .flat_map(char::to_uppercase)
        .collect()
}

/// The confusion class of a normalized character: O/0, I/1/l, Z/2, S/5,
/// B/8, G/6 (a lower-case `l` has become `L` after [`normalize`]). Shared by
/// every comparison that forgives the OCR's look-alikes.
pub(crate) fn class(c: char) -> Option<u8> {
    Some(match c {
        'O' | '0' => 0,
        'I' | '1' | 'L' => 1,
        'Z' | '2' => 2,
        'S' | '5' => 3,
        'B' | '8' => 4,
        'G' | '6' => 5,
        _ => return None,
    })
}

/// Compares a typed ID number with the one read from the document, both
/// normalized with [`normalize`]. Returns the status (`Match` when equal;
/// `Uncertain` when every difference is an OCR-confusable pair such as O/0
/// or B/8 at the same position; `Mismatch` otherwise, or when either is
/// empty), a score in [0, 1] (1 − normalized Levenshtein distance, higher is
/// closer) and an explanation that never quotes the numbers.
pub fn compare(entered: &str, document: &str) -> (Status, f64, String) {
    let e = normalize(entered);
    let d = normalize(document);
    if e.is_empty() || d.is_empty() {
        let which = if e.is_empty() { "entered" } else { "document" };
        return (Status::Mismatch, 0.0, format!("{which} number is empty"));
    }
    let score = (strsim::normalized_levenshtein(&e, &d) * 1000.0).round() / 1000.0;
    if e == d {
        let how = if entered == document {
            "same number"
        } else {
            "same number after removing separators and case"
        };
        return (Status::Match, 1.0, how.into());
    }
    let (ec, dc) = (e.chars().count(), d.chars().count());
    if ec != dc {
        return (
            Status::Mismatch,
            score,
            format!("numbers differ in length ({ec} vs {dc} characters)"),
        );
    }
    let mut confusable = 0;
    let mut different = 0;
    for (a, b) in e.chars().zip(d.chars()) {
        if a == b {
            continue;
        }
        match (class(a), class(b)) {
            (Some(x), Some(y)) if x == y => confusable += 1,
            _ => different += 1,
        }
    }
    if different == 0 {
        (
            Status::Uncertain,
            score,
            format!("numbers differ only in {confusable} OCR-confusable character(s) (O/0, I/1, Z/2, S/5, B/8, G/6)"),
        )
    } else {
        (
            Status::Mismatch,
            score,
            format!("numbers differ in {} character(s)", different + confusable),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_separators_case_width() {
        assert_eq!(normalize(" 1101-0519 9001.01123x "), "11010519900101123X");
        assert_eq!(normalize("１２３ ａｂ"), "123AB");
    }

    #[test]
    fn compare_never_quotes_numbers() {
        let (s, score, why) = compare("E12345678", "E12345679");
        assert_eq!(s, Status::Mismatch);
        assert!(score > 0.8 && score < 1.0);
        assert!(!why.contains("1234"), "{why}");
    }

    #[test]
    fn id_numbers_table() {
        let table = crate::tables::Table::load("id_numbers.tsv");
        let mut failures = Vec::new();
        let mut rows = 0;
        for (line, c) in table.rows(4) {
            rows += 1;
            let (status, _, why) = compare(c[1], c[2]);
            let got = match status {
                Status::Match => "match",
                Status::Mismatch => "mismatch",
                Status::Uncertain => "uncertain",
                Status::NotFound => "not_found",
            };
            if got != c[3] {
                failures.push(format!(
                    "id_numbers.tsv:{} case={} expected {} got {} ({why})",
                    line, c[0], c[3], got
                ));
            }
        }
        assert!(rows >= 20, "id_numbers.tsv has {rows} rows");
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }
}
