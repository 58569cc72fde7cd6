//! The portrait side of the foreign permanent resident ID card
//! (外国人永久居留身份证, 2023 edition). Its number has the resident ID's
//! layout (see [`super::Holder`]), but the side is laid out differently:
//! under the title, bilingual labels with the name in Latin capitals
//! (`SURNAME, GIVEN NAMES`) and the Chinese name under it when the holder
//! has one, sex (`女/F`), birth date (`1985.09.23`), nationality
//! (`德国/DEU`), the validity period and the card number. The other side
//! holds only the emblem, the title and the issuing authority, so this side
//! alone carries every field a check needs.

use super::{fold, is_han, mark_card, printed_date_in, row_text, rows, settle_number, validity};
use crate::documents::visual::{latin_words, printed_sex};
use crate::documents::{DocumentFields, DocumentIssue, DocumentKind, Read};
use crate::ocr::{Line, OcrPage};
use crate::report::{ReasonCode, Source};

/// Whether a page is this card: its title (永久居留, or the English
/// `PERMANENT RESIDENT`) was read. Both sides print it; [`super::side`]
/// tells them apart.
pub(super) fn is_permanent_card(page_text: &str) -> bool {
    let squeezed: String = page_text.chars().filter(|c| !c.is_whitespace()).collect();
    squeezed.contains("永久居留") || squeezed.to_ascii_uppercase().contains("PERMANENTRESIDENT")
}

/// Reads the portrait side into `fields`: each value found by what it looks
/// like, top to bottom (OCR puts a label and its value on separate rows, and
/// the English labels come out garbled): the Latin name is the first row of
/// Latin capitals after the title, the Chinese name a row of Han characters
/// under it that is no label, then the sex (男/女 or `/M`, `/F`), the birth
/// date (a lone date), the nationality (an alpha-3 code after a slash), the
/// validity period (two dates) and the number. The number settles the birth
/// date, sex and nationality as on a resident ID card's front.
pub(super) fn read_front(page: &OcrPage, fields: &mut DocumentFields) {
    mark_card(fields, "front");
    fields.nationality = None;
    let rows = rows(page);
    let texts: Vec<String> = rows.iter().map(row_text).collect();

    let number_at = rows
        .iter()
        .enumerate()
        .rev()
        .find_map(|(i, r)| super::find_number(r).map(|n| (i, n)));
    let end = number_at.as_ref().map_or(rows.len(), |(i, _)| *i);

    let valid_at = (0..end).find_map(|i| {
        validity(&texts[i])
            .filter(|(_, e)| e.is_some())
            .map(|v| (i, v))
    });
    if let Some((i, (issued, expiry))) = valid_at {
        let conf = conf_of(&rows[i], |c| c.is_ascii_digit());
        if let Some(d) = issued {
            fields.issue_date = Some(Read::new(d, Source::Visual, conf));
        }
        if let Some(e) = expiry {
            fields.expiry_date = Some(Read::new(e, Source::Visual, conf));
        }
    }
    let valid_row = valid_at.as_ref().map_or(end, |(i, _)| *i);

    // A period whose end was not read is no birth date.
    let printed_birth = (0..valid_row)
        .filter(|&i| validity(&texts[i]).is_none())
        .find_map(|i| printed_date_in(&rows[i]));
    let printed_nationality = (0..valid_row).find_map(|i| nationality_in(&texts[i]));

    // The Latin name: after the title, on a row with the printed comma of
    // `SURNAME, GIVEN NAMES` first (a garbled title word has none).
    let name_start = (0..valid_row)
        .rev()
        .find(|&i| is_permanent_card(&rows[i].text()))
        .map_or(0, |i| i + 1);
    let latin_in = |comma: bool| {
        (name_start..valid_row)
            .filter(|&i| !comma || rows[i].text().contains(','))
            .find_map(|i| latin_name_in(&rows[i]).map(|n| (i, n)))
    };
    let latin_at = latin_in(true).or_else(|| latin_in(false));
    if let Some((_, (name, conf))) = &latin_at {
        fields.name_latin = Some(Read::new(name.clone(), Source::Visual, *conf));
    }
    // The sex after it (a lone initial in the name is no sex), and the
    // Chinese name between the two.
    let after_name = latin_at.as_ref().map_or(name_start, |(i, _)| i + 1);
    let sex_at = (after_name..valid_row).find_map(|i| printed_sex(&rows[i]).map(|s| (i, s)));
    let printed_sex = sex_at
        .as_ref()
        .map(|(_, (s, conf))| Read::new(*s, Source::Visual, conf / 100.0));
    let name_end = sex_at.as_ref().map_or(valid_row, |(i, _)| *i);
    let han = (after_name..name_end).find_map(|j| han_name_in(&texts[j]).map(|n| (j, n)));
    if let Some((j, name)) = han {
        let conf = conf_of(&rows[j], is_han);
        fields.name = Some(Read::new(name, Source::Visual, conf));
    }

    settle_number(
        fields,
        number_at.map(|(_, n)| n),
        printed_birth,
        printed_sex,
    );
    // The number's nationality code outranks the printed one, which fills in
    // when the number did not settle it.
    match (&fields.nationality, printed_nationality) {
        (None, printed) => fields.nationality = printed,
        (Some(n), Some(p)) if *n != p => fields.issues.push(DocumentIssue {
            code: ReasonCode::IdNumberInvalid,
            field: None,
            message: format!(
                "permanent resident card: the printed nationality {p} differs from the one in the ID number ({n})"
            ),
        }),
        _ => {}
    }
    fields.kind = DocumentKind::CnPermanentResidentCard;
}

/// The lowest confidence (0–1) of the words on a row that hold a character
/// `of` the value (a label or junk read beside it does not count).
fn conf_of(r: &Line, of: impl Fn(char) -> bool) -> f32 {
    r.words
        .iter()
        .filter(|w| w.text.chars().any(&of))
        .map(|w| w.conf / 100.0)
        .fold(None, |m: Option<f32>, c| Some(m.map_or(c, |m| m.min(c))))
        .unwrap_or(0.0)
}

/// Labels of the portrait side, which the Chinese name row must not be.
const LABELS: [&str; 7] = ["姓名", "性别", "出生", "日期", "国籍", "有效", "证件"];

/// Words of the title and the English labels, which a Latin name row is not.
const NOT_NAME: [&str; 6] = [
    "PERMANENT",
    "RESIDENT",
    "FOREIGN",
    "CARD",
    "NAME",
    "VALIDITY",
];

/// The nationality on a row: a known ISO 3166 alpha-3 code after a slash
/// (`德国/DEU`).
fn nationality_in(text: &str) -> Option<String> {
    let (_, code) = text.rsplit_once('/')?;
    let code = code.trim();
    let known = code.len() == 3
        && code.chars().all(|c| c.is_ascii_uppercase())
        && isocountry::CountryCode::for_alpha3(code).is_ok();
    known.then(|| code.to_string())
}

/// A Latin name on a row ([`latin_words`]: capitals after the label, a
/// comma after the surname), none of its words a word of the title or the
/// labels. Returned as the surname, then the given names, space-separated,
/// with the lowest word confidence / 100.
fn latin_name_in(r: &Line) -> Option<(String, f32)> {
    let (name, conf) = latin_words(r)?;
    let title = name
        .split(' ')
        .any(|w| NOT_NAME.contains(&w.to_ascii_uppercase().as_str()));
    (!title).then_some((name, conf / 100.0))
}

/// A Chinese name on a row: two or more Han characters (and ·), no label.
fn han_name_in(text: &str) -> Option<String> {
    if LABELS.iter().any(|l| text.contains(l)) {
        return None;
    }
    let han: String = fold(text)
        .chars()
        .filter(|&c| is_han(c) || c == '·')
        .collect();
    (han.chars().filter(|&c| is_han(c)).count() >= 2).then_some(han)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::documents::{Expiry, Sex};

    fn read(text: &str) -> DocumentFields {
        let mut fields = DocumentFields::default();
        read_front(&OcrPage::from_text(text), &mut fields);
        fields
    }

    #[test]
    fn front_read_by_what_each_value_looks_like() {
        let f = read(
            "中华人民共和国外国人永久居留身份证\n\
             FOREIGN PERMANENT RESIDENT ID CARD\n\
             姓名 MUELLER, ANNA MARIA\n穆安娜\n性别 女/F\n出生日期 1985.09.23\n\
             国籍 德国/DEU\n有效期限 2025.02.09-2035.02.09\n证件号码 931276198509232765",
        );
        assert_eq!(f.kind, DocumentKind::CnPermanentResidentCard);
        assert_eq!(
            f.name_latin.map(|n| n.value).as_deref(),
            Some("MUELLER ANNA MARIA")
        );
        assert_eq!(f.name.map(|n| n.value).as_deref(), Some("穆安娜"));
        assert_eq!(f.nationality.as_deref(), Some("DEU"));
        assert_eq!(f.sex.map(|s| s.value), Some(Sex::F));
        assert_eq!(
            f.birth_date.map(|d| d.value.to_string()).as_deref(),
            Some("1985-09-23")
        );
        assert_eq!(
            f.issue_date.map(|d| d.value.to_string()).as_deref(),
            Some("2025-02-09")
        );
        assert!(f.issues.is_empty(), "{:?}", f.issues);
    }

    #[test]
    fn a_garbled_title_or_an_unread_row_is_not_taken_for_a_value() {
        // The English title garbled (no title word left), the birth row and
        // the period's end unread: the title is no name, the issue date no
        // birth date.
        let f = read(
            "中华人民共和国外国人永久居留身份证\nFORFIGN PERMANFNT RFSIDENT IO CAKD\n\
             姓名 MUELLER, ANNA MARIA\n性别 女/F\n国籍 德国/DEU\n\
             有效期限 2025.02.09-\n证件号码 931276198509232765",
        );
        assert_eq!(
            f.name_latin.map(|n| n.value).as_deref(),
            Some("MUELLER ANNA MARIA")
        );
        assert!(f.issues.is_empty(), "{:?}", f.issues);
        // A printed nationality that is not the number's.
        let f = read("永久居留\n德国/FRA\n931276198509232765");
        assert_eq!(f.nationality.as_deref(), Some("DEU"));
        assert_eq!(f.issues.len(), 1);
        assert_eq!(f.issues[0].code, ReasonCode::IdNumberInvalid);
    }

    #[test]
    fn sex_and_nationality_by_their_look() {
        assert_eq!(Sex::from_printed("女/F"), Some(Sex::F));
        assert_eq!(Sex::from_printed("男/M"), Some(Sex::M));
        assert_eq!(Sex::from_printed("/M"), Some(Sex::M));
        assert_eq!(Sex::from_printed("1985.09.23"), None);
        assert_eq!(Sex::from_printed("德国/DEU"), None);
        assert_eq!(nationality_in("德国/DEU"), Some("DEU".into()));
        assert_eq!(nationality_in("越南/VNM"), Some("VNM".into()));
        assert!(nationality_in("女/F").is_none());
        assert!(nationality_in("国/XYZ").is_none(), "no such country");
    }

    #[test]
    fn chinese_name_is_no_label() {
        assert_eq!(han_name_in("穆安娜"), Some("穆安娜".into()));
        assert_eq!(han_name_in("姓名"), None);
        assert_eq!(han_name_in("出生日期"), None);
        assert_eq!(han_name_in("AN"), None);
    }

    #[test]
    fn the_title_is_the_card() {
        assert!(is_permanent_card("中华人民共和国外国人永久居留身份证"));
        assert!(is_permanent_card("FOREIGN PERMANENT RESIDENT ID CARD"));
        assert!(is_permanent_card(
            "中 华人 民 共 和 国外 国人 永久 居留 身份 证"
        ));
        assert!(!is_permanent_card("居民身份证"));
    }

    #[test]
    fn expiry_reads_as_the_resident_id_does() {
        let (issued, expiry) = validity("2025.02.09-2035.02.09").expect("a period");
        assert_eq!(issued.map(|d| d.to_string()), Some("2025-02-09".into()));
        assert!(matches!(expiry, Some(Expiry::On(_))));
    }
}
