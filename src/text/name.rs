//! Name normalization: turns a typed name, a printed name or an MRZ name
//! field into tokens that can be compared, keeping for every character the
//! position it came from (so OCR confidence can be applied later). Scoring
//! two normalized names is left to `compare::name`; romanization tables live
//! in `text::romanize`.
//!
//! The steps, in order ([`parse`]):
//!
//! | # | step | example |
//! |---|------|---------|
//! | 1 | bound: empty, over 200 characters or without any letter is refused | `"--"` → [`Problem::NoLetters`] |
//! | 2 | NFKC per character cluster (a letter with its combining marks), keeping source positions; any change but to white space counts as a width change | `ＬＩ　ＭＩＮＧ` → `LI MING` |
//! | 3 | script: any Han ideograph → Han (with other letters → mixed); a document with `<` → MRZ; else Latin | `ERIKSSON<<ANNA` → MRZ |
//! | 4 | case fold to upper case (Latin, MRZ) | `Anna` → `ANNA` |
//! | 5 | separators split tokens: spaces, hyphens, commas (the first splits `SURNAME, Given`), dots, middle dots `· • ・`, `<`; apostrophes are dropped | `O'Connor-Smith` → `OCONNOR` `SMITH` |
//! | 6 | transliteration options for letters outside A–Z: ICAO 9303 (`Ä` → `AE`/`A`, `ß` → `SS`, `Ø` → `OE`/`O` ...) else `deunicode` | `Müller` → `MUELLER`, `MULLER` |
//! | 7 | MRZ: surname / given names split on the first `<<`; after the next `<<` is filler, and tokens there made only of K, X, C, E, L, S and digits (OCR misreads of `<`) are dropped; the ICAO options `UXX` (Ü) and `NXX` (Ñ) are decoded | `ERIKSSON<<ANNA<<KKK<<XC` → `ERIKSSON` / `ANNA`; `MUXXLLER` → `MUELLER`, `MULLER` |
//! | 8 | Han: separators (spaces, middle dots `· • ・`, full stops) dropped and remembered as breaks, traditional → simplified per character, then variant forms folded | `張 小明` → `张小明`; `眞` → `真` |

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

use crate::text::romanize;

/// Names longer than this many characters are refused as absurd.
pub const MAX_CHARS: usize = 200;

/// Why a string could not be read as a name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    /// Nothing but white space.
    Empty,
    /// More than [`MAX_CHARS`] characters.
    TooLong,
    /// No letter at all (only punctuation or digits).
    NoLetters,
    /// Han characters together with letters of another script.
    MixedScripts,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Problem::Empty => "is empty",
            Problem::TooLong => "is longer than 200 characters",
            Problem::NoLetters => "has no letters",
            Problem::MixedScripts => "mixes Han characters with another script",
        })
    }
}

/// A name read from text.
#[derive(Debug, Clone, PartialEq)]
pub enum Name {
    /// Latin letters (or another alphabet, transliterated), or an MRZ name field.
    Latin(LatinName),
    /// Han characters.
    Han(HanName),
}

/// A name in Latin letters, as tokens in the order written.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LatinName {
    /// The name parts, in the order written; never empty, no empty token.
    pub tokens: Vec<Token>,
    /// How many leading tokens are the surname, when the text says so
    /// (`SURNAME, Given` or an MRZ field).
    pub surname_len: Option<usize>,
    /// NFKC changed a character other than white space (full-width or compatibility forms).
    pub width: bool,
    /// Set for an MRZ name field.
    pub mrz: Option<MrzField>,
}

/// What the MRZ reading of a name field found besides the name parts.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MrzField {
    /// Filler after the names contained letters K, X, C, E, L, S or digits
    /// (OCR misreads of `<`) that were dropped.
    pub filler_junk: bool,
    /// Indices into `tokens` of name parts that may be misread filler:
    /// trailing parts made only of K, X, C, E, L after a single `<`, and
    /// single letters K, X, C, E, L between parts (`MUSTERMANN<K<ERIKA`).
    pub maybe_junk: Vec<usize>,
    /// The field reaches its last position (30, 31 or 39 characters with a
    /// letter last): the name may have been truncated.
    pub full: bool,
    /// The field as read (upper case, spaces removed), and the source
    /// position of each byte.
    pub field: String,
    /// Source character index of each byte of `field`.
    pub field_pos: Vec<u32>,
}

/// One name part.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Token {
    /// Upper-case letters (and any digits) as written, before transliteration.
    pub text: String,
    /// Source character index (into the original string) of each byte of `text`.
    pub pos: Vec<u32>,
    /// ASCII spellings when `text` has letters outside A–Z, most specific
    /// first (`MÜLLER` → `MUELLER`, `MULLER`); empty when `text` is ASCII.
    pub forms: Vec<String>,
}

impl Token {
    /// Whether `text` is plain ASCII (no transliteration needed).
    pub fn is_ascii(&self) -> bool {
        self.forms.is_empty()
    }
}

/// A name in Han characters.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct HanName {
    /// The characters as written (after NFKC), separators removed.
    pub source: Vec<char>,
    /// The same characters in simplified form.
    pub chars: Vec<char>,
    /// Source character index of each character.
    pub pos: Vec<u32>,
    /// Some character was traditional (`source != chars`).
    pub converted: bool,
    /// NFKC changed a character (compatibility ideographs, full-width).
    pub width: bool,
    /// Separators (spaces, middle dots) were present.
    pub spaced: bool,
    /// Indices into `chars` of the characters a separator came before
    /// (`阿依古丽·买买提` → `[4]`): where the name's parts meet.
    pub breaks: Vec<usize>,
}

/// Reads `text` as a name (steps 1–8 in the module docs). `document` says the
/// text comes from a document, where `<` marks an MRZ name field; in typed
/// text `<` is just a separator.
pub fn parse(text: &str, document: bool) -> Result<Name, Problem> {
    // Step 1: bound.
    // A byte count at most MAX_CHARS needs no character count.
    if text.len() > MAX_CHARS && text.chars().count() > MAX_CHARS {
        return Err(Problem::TooLong);
    }
    if text.trim().is_empty() {
        return Err(Problem::Empty);
    }
    // Step 2: NFKC per cluster, with source positions.
    let (chars, width) = nfkc_with_positions(text);
    // Step 3: script.
    let mut han = false;
    let mut other_letter = false;
    let mut chevron = false;
    if text.is_ascii() {
        other_letter = text.bytes().any(|b| b.is_ascii_alphabetic());
        chevron = text.contains('<');
    } else {
        for &(c, _) in &chars {
            if is_han(c) {
                han = true;
            } else if c.is_alphabetic() {
                other_letter = true;
            } else if c == '<' {
                chevron = true;
            }
        }
    }
    if !han && !other_letter {
        return Err(Problem::NoLetters);
    }
    if han {
        if other_letter || chars.iter().any(|(c, _)| c.is_ascii_digit()) {
            return Err(Problem::MixedScripts);
        }
        return Ok(Name::Han(han_name(&chars, width)));
    }
    let name = if document && chevron {
        mrz_name(&chars, width)
    } else {
        latin_name(&chars, width)
    };
    if name.tokens.is_empty() {
        return Err(Problem::NoLetters);
    }
    Ok(Name::Latin(name))
}

/// Whether `c` is a Han ideograph (CJK unified, extensions, compatibility).
pub fn is_han(c: char) -> bool {
    matches!(c as u32,
        0x3007 | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3134F)
}

/// Step 2. Returns the NFKC characters with the index of the source
/// character each came from, and whether a character other than white
/// space changed.
fn nfkc_with_positions(text: &str) -> (Vec<(char, u32)>, bool) {
    if text.is_ascii() {
        // NFKC leaves ASCII unchanged.
        return (
            text.bytes()
                .enumerate()
                .map(|(i, b)| (char::from(b), i as u32))
                .collect(),
            false,
        );
    }
    let mut out = Vec::with_capacity(text.len());
    let mut width = false;
    let mut it = text.chars().enumerate().peekable();
    let mut cluster = String::new();
    while let Some((i, c)) = it.next() {
        let i = i as u32;
        let followed_by_mark = it
            .peek()
            .is_some_and(|&(_, n)| !n.is_ascii() && is_combining_mark(n));
        if !followed_by_mark
            && (c.is_ascii()
                || unicode_normalization::is_nfkc_quick(std::iter::once(c))
                    == unicode_normalization::IsNormalized::Yes)
        {
            // NFKC leaves this character as it is.
            out.push((c, i));
            continue;
        }
        cluster.clear();
        cluster.push(c);
        while let Some(&(_, n)) = it.peek() {
            if !is_combining_mark(n) {
                break;
            }
            cluster.push(n);
            it.next();
        }
        let before = out.len();
        out.extend(cluster.nfkc().map(|o| (o, i)));
        let unchanged = out.len() == before + 1 && out[before].0 == c;
        if !(followed_by_mark || c.is_whitespace() || unchanged) {
            width = true;
        }
    }
    (out, width)
}

fn is_separator(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '-' | '‐'
                | '‑'
                | '‒'
                | '–'
                | '—'
                | ','
                | '.'
                | '·'
                | '•'
                | '・'
                | '‧'
                | '∙'
                | '/'
                | '_'
                | '<'
                | '('
                | ')'
                | ';'
                | ':'
        )
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | '‘' | 'ʼ' | 'ʻ' | '`' | '´' | '′')
}

/// Steps 4–6 for typed or printed Latin text.
fn latin_name(chars: &[(char, u32)], width: bool) -> LatinName {
    let mut name = LatinName {
        width,
        tokens: Vec::with_capacity(4),
        ..LatinName::default()
    };
    let mut cur = Token::default();
    let mut translit = false;
    for &(c, i) in chars {
        if is_apostrophe(c) {
            continue;
        }
        if c == ',' || is_separator(c) || !c.is_alphanumeric() {
            finish(&mut name.tokens, &mut cur, &mut translit);
            if c == ',' && name.surname_len.is_none() && !name.tokens.is_empty() {
                name.surname_len = Some(name.tokens.len());
            }
            continue;
        }
        if cur.text.capacity() == 0 {
            cur.text.reserve(16);
            cur.pos.reserve(16);
        }
        if c.is_ascii() {
            cur.text.push(c.to_ascii_uppercase());
            cur.pos.push(i);
        } else {
            translit = true;
            // Keep letters whose upper case is several letters (ß → SS) as
            // written: step 6 transliterates them.
            let mut up = c.to_uppercase();
            let u = match (up.next(), up.next()) {
                (Some(u), None) => u,
                _ => c,
            };
            let before = cur.text.len();
            cur.text.push(u);
            cur.pos
                .extend(std::iter::repeat_n(i, cur.text.len() - before));
        }
    }
    finish(&mut name.tokens, &mut cur, &mut translit);
    if name.surname_len.is_some_and(|s| s >= name.tokens.len()) {
        name.surname_len = None;
    }
    name
}

/// Ends the current token; step 6 adds its transliterations.
fn finish(tokens: &mut Vec<Token>, cur: &mut Token, translit: &mut bool) {
    if cur.text.is_empty() {
        return;
    }
    let mut tok = std::mem::take(cur);
    if std::mem::take(translit) {
        tok.forms = transliterations(&tok.text);
    }
    tokens.push(tok);
}

/// Step 6: every ASCII spelling of an upper-case token, ICAO options first,
/// at most 8. Spellings are counted like numbers whose digits are the
/// options of each letter, the first letter's option changing fastest:
/// `JÜRGEN` gives `JUERGEN`, `JURGEN`, `JUXXRGEN` ...
fn transliterations(text: &str) -> Vec<String> {
    const MAX_FORMS: usize = 8;
    /// A run of fixed ASCII letters (`start..end` in `fixed`), or the
    /// options of one letter.
    enum Part {
        Fixed(usize, usize),
        Options(&'static [&'static str]),
    }
    let mut fixed = String::with_capacity(text.len() + 4);
    let mut parts: Vec<Part> = Vec::with_capacity(8);
    let mut run_start = 0;
    for c in text.chars() {
        if let Some(opts) = (!c.is_ascii()).then(|| romanize::icao_options(c)).flatten() {
            parts.push(Part::Fixed(run_start, fixed.len()));
            parts.push(Part::Options(opts));
            run_start = fixed.len();
        } else if c.is_ascii() {
            fixed.push(c);
        } else {
            romanize::fold_latin(c, &mut fixed);
        }
    }
    parts.push(Part::Fixed(run_start, fixed.len()));
    let total = parts.iter().fold(1usize, |n, p| match p {
        Part::Options(o) => n.saturating_mul(o.len()),
        Part::Fixed(..) => n,
    });
    let mut forms: Vec<String> = Vec::with_capacity(total.min(MAX_FORMS));
    for index in 0..total.min(MAX_FORMS) {
        let mut f = String::with_capacity(fixed.len() + 8);
        let mut rest = index;
        for p in &parts {
            match *p {
                Part::Fixed(a, b) => f.push_str(&fixed[a..b]),
                Part::Options(o) => {
                    f.push_str(o[rest % o.len()]);
                    rest /= o.len();
                }
            }
        }
        if !f.is_empty() && forms.last() != Some(&f) {
            forms.push(f);
        }
    }
    forms
}

/// Step 7: an MRZ name field (or a whole TD2/TD3 first line).
fn mrz_name(chars: &[(char, u32)], width: bool) -> LatinName {
    let mut field = String::with_capacity(chars.len());
    let mut field_pos = Vec::with_capacity(chars.len());
    for &(c, i) in chars {
        if c.is_whitespace() {
            continue;
        }
        let u = c.to_ascii_uppercase();
        let before = field.len();
        field.push(u);
        field_pos.extend(std::iter::repeat_n(i, field.len() - before));
    }
    // A whole first line of a TD3 (44) or TD2 (36) document (`P<UTO...`,
    // `I<UTO...`, `V<UTO...`): drop the document code and issuing state. Only
    // the one-letter codes followed by `<` are recognised, so a name field
    // such as `PETERSON<<...` is never cut.
    let b = field.as_bytes();
    if (b.len() == 44 || b.len() == 36)
        && matches!(b[0], b'P' | b'I' | b'A' | b'C' | b'V')
        && b[1] == b'<'
        && b[2..5].iter().all(|c| c.is_ascii_uppercase() || *c == b'<')
    {
        field.drain(..5);
        field_pos.drain(..5);
    }
    let mut name = LatinName {
        width,
        ..LatinName::default()
    };
    let mut mrz = MrzField {
        full: matches!(field.len(), 30 | 31 | 39) && !field.ends_with('<'),
        ..MrzField::default()
    };
    #[derive(PartialEq, Clone, Copy)]
    enum Region {
        Surname,
        Given,
        Filler,
    }
    let mut region = Region::Surname;
    let mut surname_len = 0;
    let mut gap = 0usize;
    let mut last_in_filler_was_junk = false;
    let bytes = field.as_bytes();
    let mut k = 0;
    while k < bytes.len() {
        if bytes[k] == b'<' {
            gap += 1;
            k += 1;
            continue;
        }
        let start = k;
        while k < bytes.len() && bytes[k] != b'<' {
            k += 1;
        }
        // Move to the next region on a double (or longer) filler.
        if !name.tokens.is_empty() || surname_len > 0 {
            region = match (region, gap) {
                (Region::Surname, 0 | 1) => Region::Surname,
                (Region::Surname, 2) => Region::Given,
                (Region::Given, 0 | 1) => Region::Given,
                _ => Region::Filler,
            };
        }
        gap = 0;
        let part = &field[start..k];
        if region == Region::Filler && is_filler_junk(part) {
            mrz.filler_junk = true;
            last_in_filler_was_junk = true;
            continue;
        }
        last_in_filler_was_junk = false;
        let mut t = Token {
            text: String::with_capacity(part.len()),
            pos: Vec::with_capacity(part.len()),
            forms: Vec::new(),
        };
        for (j, c) in part.char_indices() {
            // Anything but letters and digits (OCR noise) is dropped.
            if c.is_alphanumeric() {
                let before = t.text.len();
                t.text.push(c);
                t.pos.extend(std::iter::repeat_n(
                    field_pos[start + j],
                    t.text.len() - before,
                ));
            }
        }
        if !t.text.is_ascii() {
            t.forms = transliterations(&t.text);
        } else if t.text.contains("XX") {
            t.forms = xx_decodings(&t.text);
        }
        if !t.text.is_empty() {
            name.tokens.push(t);
        }
        if region == Region::Surname {
            surname_len = name.tokens.len();
        }
    }
    if last_in_filler_was_junk {
        mrz.full = false;
    }
    // Trailing single-`<` name parts that look like misread filler, and
    // single filler letters between name parts (`MUSTERMANN<K<ERIKA`).
    let mut j = name.tokens.len();
    while j > 1 && is_junk(&name.tokens[j - 1].text) {
        j -= 1;
    }
    mrz.maybe_junk = (1..j)
        .filter(|&k| name.tokens[k].text.len() == 1 && is_junk(&name.tokens[k].text))
        .chain(j..name.tokens.len())
        .collect();
    name.surname_len = (surname_len > 0 && surname_len < name.tokens.len()).then_some(surname_len);
    mrz.field = field;
    mrz.field_pos = field_pos;
    name.mrz = Some(mrz);
    name
}

/// Step 7: an MRZ name part with the ICAO 9303 options `UXX` (for `Ü`) or
/// `NXX` (for `Ñ`): the part as printed first, then each decoding spelled
/// as the other options (`MUXXLLER` → `MUXXLLER`, `MUELLER`, `MULLER`), at
/// most 8. Empty when there is nothing to decode.
fn xx_decodings(text: &str) -> Vec<String> {
    const MAX_FORMS: usize = 8;
    let b = text.as_bytes();
    let mut forms = vec![String::with_capacity(text.len())];
    let mut decoded = false;
    let mut k = 0;
    while k < b.len() {
        let opts: &[&str] = match &b[k..] {
            [b'U', b'X', b'X', ..] => &["UXX", "UE", "U"],
            [b'N', b'X', b'X', ..] => &["NXX", "N"],
            _ => &[],
        };
        if opts.is_empty() {
            forms.iter_mut().for_each(|f| f.push(char::from(b[k])));
            k += 1;
            continue;
        }
        decoded = true;
        let mut next = Vec::with_capacity(forms.len() * opts.len());
        for (j, o) in opts.iter().enumerate() {
            for f in &forms {
                if j > 0 && next.len() >= MAX_FORMS {
                    break;
                }
                let mut g = f.clone();
                g.push_str(o);
                next.push(g);
            }
        }
        forms = next;
        k += 3;
    }
    if decoded {
        forms
    } else {
        Vec::new()
    }
}

/// Whether `b` is a letter Tesseract commonly reads for the MRZ filler `<`
/// (K, X, C, E, L).
pub fn is_filler_letter(b: u8) -> bool {
    matches!(b, b'K' | b'X' | b'C' | b'E' | b'L')
}

/// A name part made only of filler letters.
fn is_junk(part: &str) -> bool {
    !part.is_empty() && part.bytes().all(is_filler_letter)
}

/// A part after the names (past the second `<<`) made only of what
/// Tesseract reads for runs of `<`: filler letters, S and digits
/// (`6KKK66KKKK`, `SKKKKKKK`). ICAO 9303 puts nothing but filler there.
pub fn is_filler_junk(part: &str) -> bool {
    !part.is_empty()
        && part
            .bytes()
            .all(|b| is_filler_letter(b) || b == b'S' || b.is_ascii_digit())
}

/// Step 8: Han characters.
fn han_name(chars: &[(char, u32)], width: bool) -> HanName {
    let mut name = HanName {
        width,
        ..HanName::default()
    };
    let mut pending_break = false;
    for &(c, i) in chars {
        if is_han(c) {
            if pending_break && !name.source.is_empty() {
                name.breaks.push(name.source.len());
            }
            pending_break = false;
            name.source.push(c);
            name.pos.push(i);
        } else {
            name.spaced = true;
            pending_break = true;
        }
    }
    name.breaks.dedup();
    name.chars = name.source.iter().map(|&c| simplified(c)).collect();
    name.converted = name.chars != name.source;
    name
}

/// Characters `character_converter` folds into another character although
/// the Table of General Standard Chinese Characters (2013) keeps them apart
/// for use in names: 堃 is not 坤, 喆 is not 哲, 珮 is not 佩. Two names
/// differing in these are different names. Written by hand.
const KEEP: &[char] = &['堃', '喆', '珮', '琍', '栢', '彊', '姉'];

/// Variant forms (异体字 and old printed forms 舊字形) that
/// `character_converter` leaves as they are, with the standard simplified
/// character they stand for: HK and TW printing (眞 敎 靑 淸 衞), forms
/// OpenCC's own tests convert (汙 冑 擡 劄 箚 幷 貍 谿 遶 扞 蒐), and 锺,
/// the 2013 standard's surname form of 鍾, which older documents print 钟,
/// and two rare characters whose simplified forms are outside the BMP.
/// Written by hand; a character whose conversion depends on the word it is
/// in (乾 qián in names, 干 in 葡萄乾; 沈 the surname, 沉 in 沈厚) is left
/// alone, since a name is not a phrase.
const VARIANTS: &[(char, char)] = &[
    ('眞', '真'),
    ('敎', '教'),
    ('靑', '青'),
    ('淸', '清'),
    ('衞', '卫'),
    ('鋭', '锐'),
    ('寳', '宝'),
    ('劒', '剑'),
    ('剣', '剑'),
    ('囯', '国'),
    ('圀', '国'),
    ('淩', '凌'),
    ('汙', '污'),
    ('冑', '胄'),
    ('擡', '抬'),
    ('劄', '札'),
    ('箚', '札'),
    ('幷', '并'),
    ('貍', '狸'),
    ('谿', '溪'),
    ('遶', '绕'),
    ('扞', '捍'),
    ('蒐', '搜'),
    ('锺', '钟'),
    // Rare characters whose simplified forms lie outside the BMP.
    ('圞', '𪢮'),
    ('樠', '𣗊'),
];

/// The simplified form of one Han character: `character_converter` one
/// character at a time (names are not phrases), except the [`KEEP`]
/// characters, then the [`VARIANTS`] fold.
pub fn simplified(c: char) -> char {
    if c.is_ascii() || KEEP.contains(&c) {
        return c;
    }
    let mut buf = [0u8; 4];
    let s = character_converter::traditional_to_simplified(c.encode_utf8(&mut buf));
    let mut it = s.chars();
    let one = match (it.next(), it.next()) {
        (Some(one), None) => one,
        _ => c,
    };
    VARIANTS
        .iter()
        .find(|(v, _)| *v == one)
        .map_or(one, |&(_, std)| std)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn latin(s: &str, doc: bool) -> LatinName {
        match parse(s, doc) {
            Ok(Name::Latin(n)) => n,
            other => panic!("{s}: {other:?}"),
        }
    }

    fn texts(n: &LatinName) -> Vec<&str> {
        n.tokens.iter().map(|t| t.text.as_str()).collect()
    }

    // One row per normalization step, in order (STYLE.md principle 5).
    #[test]
    fn step1_bounds() {
        assert_eq!(parse("", false), Err(Problem::Empty));
        assert_eq!(parse("  ", false), Err(Problem::Empty));
        assert_eq!(parse("-- ,.", false), Err(Problem::NoLetters));
        assert_eq!(parse(&"A".repeat(201), false), Err(Problem::TooLong));
        assert!(parse(&"A".repeat(200), false).is_ok());
    }

    #[test]
    fn step2_nfkc_fullwidth_and_combining() {
        let n = latin("ＬＩ　ＭＩＮＧ", false);
        assert_eq!(texts(&n), ["LI", "MING"]);
        assert!(n.width);
        // A decomposed ü (u + U+0308) is one source position.
        let n = latin("Mu\u{308}ller", false);
        assert_eq!(n.tokens[0].text, "MÜLLER");
        assert_eq!(n.tokens[0].pos, [0, 1, 1, 3, 4, 5, 6]);
        assert!(!n.width);
    }

    #[test]
    fn step3_script() {
        assert!(matches!(parse("张小明", true), Ok(Name::Han(_))));
        assert!(latin("ERIKSSON<<ANNA", true).mrz.is_some());
        assert!(latin("ERIKSSON<<ANNA", false).mrz.is_none());
        assert_eq!(parse("张Ming", false), Err(Problem::MixedScripts));
    }

    #[test]
    fn step4_5_case_and_separators() {
        let n = latin("ERIKSSON, Anna-Maria", false);
        assert_eq!(texts(&n), ["ERIKSSON", "ANNA", "MARIA"]);
        assert_eq!(n.surname_len, Some(1));
        let n = latin("O'Connor · Seán", false);
        assert_eq!(texts(&n), ["OCONNOR", "SEÁN"]);
        assert_eq!(n.surname_len, None);
    }

    #[test]
    fn step6_transliteration_forms() {
        let n = latin("Jürgen Müller-Straße", false);
        assert_eq!(
            n.tokens[0].forms,
            ["JUERGEN", "JURGEN", "JUXXRGEN", "JYURGEN", "JVRGEN"]
        );
        assert_eq!(latin("Núñez", false).tokens[0].forms, ["NUNEZ", "NUNXXEZ"]);
        assert_eq!(n.tokens[2].forms, ["STRASSE"]);
        assert!(n.tokens[2].pos.len() == n.tokens[2].text.len());
        let n = latin("Łukasz Żółć", false);
        assert_eq!(n.tokens[0].forms, ["LUKASZ"]);
        assert_eq!(n.tokens[1].forms, ["ZOLC"]);
        assert_eq!(
            latin("Øystein", false).tokens[0].forms,
            ["OEYSTEIN", "OYSTEIN"]
        );
    }

    #[test]
    fn step7_mrz_field() {
        let n = latin("ERIKSSON<<ANNA<MARIA<<KKK<<<<XC", true);
        assert_eq!(texts(&n), ["ERIKSSON", "ANNA", "MARIA"]);
        assert_eq!(n.surname_len, Some(1));
        let m = n.mrz.as_ref().expect("mrz");
        assert!(m.filler_junk);
        assert!(!m.full);
        let n = latin("P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", true);
        assert_eq!(texts(&n), ["ERIKSSON", "ANNA", "MARIA"]);
        assert_eq!(n.tokens[0].pos[0], 5);
        // A 36- or 44-character name field is not a whole line.
        let n = latin("ERIKSSON<<ANNA<MARIA<<<<<KK<<<<<<<XC", true);
        assert_eq!(texts(&n), ["ERIKSSON", "ANNA", "MARIA"]);
        let n = latin("PETERSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<<<<<<", true);
        assert_eq!(texts(&n), ["PETERSON", "ANNA", "MARIA"]);
        let n = latin("SMITH<<JOHN<LEE<<<<<<", true);
        assert_eq!(n.mrz.as_ref().map(|m| m.maybe_junk.clone()), Some(vec![2]));
        let full = "ABCDEFGHIJKLMNOPQRS<<TUVWXYZABCDEFGHIJK";
        assert_eq!(full.len(), 39);
        assert!(latin(full, true).mrz.is_some_and(|m| m.full));
        // ICAO `XX` options are decoded, the printed part kept first.
        let n = latin("MUXXLLER<<NUNXXO<<<<<<<", true);
        assert_eq!(n.tokens[0].forms, ["MUXXLLER", "MUELLER", "MULLER"]);
        assert_eq!(n.tokens[1].forms, ["NUNXXO", "NUNO"]);
        assert!(latin("MAXX<<ANNA<<<", true).tokens[0].forms.is_empty());
        // Given names after a tripled filler are still names, not filler.
        let n = latin("ERIKSSON<<<ANNA<<<<", true);
        assert_eq!(texts(&n), ["ERIKSSON", "ANNA"]);
    }

    #[test]
    fn step8_han() {
        let Ok(Name::Han(n)) = parse("張 小明", true) else {
            panic!("han")
        };
        assert_eq!(n.chars, ['张', '小', '明']);
        assert_eq!(n.source, ['張', '小', '明']);
        assert_eq!(n.pos, [0, 2, 3]);
        assert_eq!(n.breaks, [1]);
        assert!(n.converted && n.spaced && !n.width);
        // Minority names: every separator marks the same break.
        for sep in ["·", "•", "・", ".", " ", "　", "。", "‧"] {
            let Ok(Name::Han(n)) = parse(&format!("阿依古丽{sep}买买提"), true) else {
                panic!("han {sep}")
            };
            assert_eq!(n.breaks, [4], "{sep}");
            assert_eq!(n.chars.len(), 7);
        }
        // Variant forms fold; name characters the 2013 table keeps stay.
        assert_eq!(simplified('眞'), '真');
        assert_eq!(simplified('锺'), '钟');
        assert_eq!(simplified('鍾'), '钟');
        assert_eq!(simplified('堃'), '堃');
        assert_eq!(simplified('喆'), '喆');
        assert_eq!(simplified('乾'), '乾');
        assert_eq!(simplified('沈'), '沈');
    }
}
