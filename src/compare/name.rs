//! Name matching: is the name a person typed the name on their document?
//! Handles Latin against Latin (any order, spacing, case, ICAO 9303
//! transliteration with every option a state may choose), MRZ name fields
//! (filler and separators misread as letters, truncation, OCR-confusable
//! digits), Han against Han (traditional = simplified and variant forms,
//! parts around a middle dot in either order, nothing else) and Han against
//! Latin (every pinyin reading, surname and compound-surname readings, `ü`
//! as YU/U/V, minority names in either order, Cantonese and Wade-Giles
//! spellings for HKG/MAC/TWN issuers). A Latin spelling matches every
//! homophone of the Han name, and the explanation says so.
//! Normalization is in `text::name`, reading tables in `text::romanize`.
//!
//! Latin comparison runs in stages, cheapest first: the parts as written;
//! each part against one document part in any of its spellings; every
//! whole-name spelling (parts joined or split differently); a full MRZ field
//! the entered name continues (truncation); MRZ parts that may be misread
//! filler; and last a letter-by-letter alignment with the MRZ field.
//!
//! A typo is never turned into a match: string similarity only sets the
//! score. When the verdict hangs on characters the OCR may have misread
//! (digits for letters, positions it flagged as unsure), the status is
//! `Uncertain`, not `Match` or `Mismatch`.

use serde::Serialize;

use crate::report::Status;
use crate::text::name::{self, HanName, LatinName, Name, Problem, Token};
use crate::text::romanize::{self, Origin, Reading, Region};

/// How far apart two matching names were, from identical to not matching.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NameLevel {
    /// Identical text.
    Exact,
    /// Same name parts; only case, punctuation, separators or spacing differ.
    CasePunctuation,
    /// Full-width or compatibility forms, or traditional vs simplified Han.
    WidthScript,
    /// Diacritics transliterated, or Han read as pinyin or another romanization.
    Transliteration,
    /// The same name parts in another order.
    OrderSwapped,
    /// The document's MRZ name field is full and the entered name continues it.
    Truncated,
    /// Only OCR-confusable characters (MRZ filler read as letters, digits
    /// for letters, positions the OCR was unsure of) differ.
    OcrConfusable,
    /// The names differ.
    Mismatch,
}

/// The verdict on one name pair.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NameOutcome {
    /// `Match`, `Mismatch` or `Uncertain` (the verdict hangs on what the OCR may have misread).
    pub status: Status,
    /// What differed between the two names.
    pub level: NameLevel,
    /// Similarity in [0, 1], higher is closer: 1 for identical text, 0.93–0.99
    /// for other matches, below 0.9 otherwise (a scaled string similarity
    /// that never changes the status).
    pub score: f64,
    /// The rule(s) that decided, in words.
    pub explanation: String,
}

/// Compares the name a person typed (`entered`) with the name read from
/// their document (`document`: Han characters, Latin text such as
/// `ERIKSSON, Anna Maria`, or an MRZ name field such as
/// `ERIKSSON<<ANNA<MARIA<<<<<<<<<`, or a whole TD3/TD2 first line).
/// `doc_country` is the ISO 3166 alpha-3 issuer: HKG and MAC allow Cantonese
/// surname spellings, TWN Wade-Giles; on JPN/KOR/PRK documents a Han–Latin
/// pair that pinyin does not explain is `Uncertain`. `low_conf` lists
/// character indices into `document` that the OCR was unsure of; if only
/// such positions differ the status is `Uncertain`.
///
/// Returns `Match`, `Mismatch` or `Uncertain` with a level, a score in [0, 1]
/// (higher is closer: a match scores 0.93 or more, anything else below 0.9)
/// and an explanation that names the deciding rule. Empty, letterless or
/// over-long (more than 200 characters) input is a `Mismatch` with score 0;
/// Han mixed with Latin letters in one name is `Uncertain` with score 0.
/// Never panics.
pub fn compare(
    entered: &str,
    document: &str,
    doc_country: Option<&str>,
    low_conf: &[usize],
) -> NameOutcome {
    let e = match name::parse(entered, false) {
        Ok(n) => n,
        Err(p) => return refused("entered", p),
    };
    let d = match name::parse(document, true) {
        Ok(n) => n,
        Err(p) => return refused("document", p),
    };
    if entered.trim() == document.trim() {
        return NameOutcome {
            status: Status::Match,
            level: NameLevel::Exact,
            score: 1.0,
            explanation: "identical".into(),
        };
    }
    let ctx = Ctx {
        low_conf,
        region: Region::from_iso3(doc_country),
    };
    match (&e, &d) {
        (Name::Latin(e), Name::Latin(d)) => latin_latin(e, d, &ctx),
        (Name::Han(e), Name::Han(d)) => han_han(e, d, &ctx),
        (Name::Latin(l), Name::Han(h)) => han_latin(h, l, true, &ctx),
        (Name::Han(h), Name::Latin(l)) => han_latin(h, l, false, &ctx),
    }
}

fn refused(side: &str, p: Problem) -> NameOutcome {
    let (status, level) = match p {
        // Mixed scripts are not absurd, just beyond these rules: a person decides.
        Problem::MixedScripts => (Status::Uncertain, NameLevel::Mismatch),
        _ => (Status::Mismatch, NameLevel::Mismatch),
    };
    NameOutcome {
        status,
        level,
        score: 0.0,
        explanation: format!("{side} name {p}"),
    }
}

struct Ctx<'a> {
    low_conf: &'a [usize],
    region: Region,
}

/// What a comparison had to allow to succeed; higher is weaker evidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
enum Allow {
    /// Nothing: the letters agree.
    #[default]
    Clean,
    /// A document digit read for the entered letter (0/O, 1/I, 2/Z, 5/S, 8/B,
    /// 6/G), or an MRZ `<` and one of K/X/C/E/L read for each other.
    Confusable,
    /// Trailing MRZ name parts made of K/X/C/E/L were taken for misread filler.
    Filler,
    /// A document position the OCR flagged as unsure.
    LowConf,
    /// Part of the name could not be checked (no reading known, Cantonese given names).
    Unchecked,
}

/// Compares an entered byte `a` with a document byte `b`; `pos` is the
/// document position when the document side is OCR text.
#[inline]
fn ch(a: u8, b: u8, pos: Option<u32>, ctx: &Ctx) -> Option<Allow> {
    if a.eq_ignore_ascii_case(&b) {
        return Some(Allow::Clean);
    }
    let p = pos?;
    let confusable = matches!(
        (a.to_ascii_uppercase(), b),
        (b'O', b'0')
            | (b'I' | b'L', b'1')
            | (b'Z', b'2')
            | (b'S', b'5')
            | (b'B', b'8')
            | (b'G', b'6')
    );
    if confusable {
        Some(Allow::Confusable)
    } else if ctx.low_conf.contains(&(p as usize)) {
        Some(Allow::LowConf)
    } else {
        None
    }
}

/// A token as compared: bytes, and document positions when on the OCR side.
#[derive(Debug, Clone, Copy)]
struct Tv<'a> {
    s: &'a [u8],
    pos: Option<&'a [u32]>,
}

/// The token views of one way of spelling a name.
type Spelling<'a> = Vec<Tv<'a>>;

/// Every ASCII spelling of `tokens` (at most 16): ASCII tokens as written,
/// others through their transliterations. `doc` keeps positions.
fn spellings<'a>(tokens: &[&'a Token], doc: bool) -> Vec<Spelling<'a>> {
    const MAX: usize = 16;
    let mut out: Vec<Spelling<'a>> = vec![Vec::with_capacity(tokens.len())];
    for t in tokens {
        if t.is_ascii() {
            let tv = Tv {
                s: t.text.as_bytes(),
                pos: doc.then_some(t.pos.as_slice()),
            };
            out.iter_mut().for_each(|s| s.push(tv));
        } else {
            let mut next = Vec::with_capacity(out.len() * t.forms.len());
            for (k, f) in t.forms.iter().enumerate() {
                for s in &out {
                    if k > 0 && next.len() >= MAX {
                        break;
                    }
                    let mut s = s.clone();
                    s.push(Tv {
                        s: f.as_bytes(),
                        pos: None,
                    });
                    next.push(s);
                }
            }
            out = next;
        }
    }
    out
}

/// The tokens as written (stage 1: no transliteration).
fn as_written<'a>(tokens: &[&'a Token], doc: bool) -> Spelling<'a> {
    tokens
        .iter()
        .map(|t| Tv {
            s: t.text.as_bytes(),
            pos: doc.then_some(t.pos.as_slice()),
        })
        .collect()
}

/// Whether `a` (entered) and `b` (document) spell the same letters in the
/// same order, where the token boundaries of one side are a subset of the
/// other's (XIAOMING = XIAO MING, but ANNA MARIA ≠ ANNAM ARIA). Returns what
/// had to be allowed and whether the spacing differed.
/// `rot` rotates `a` left: its first token is `a[rot]`.
fn same_spaced(a: &[Tv], rot: usize, b: &[Tv], ctx: &Ctx) -> Option<(Allow, bool)> {
    let la: usize = a.iter().map(|t| t.s.len()).sum();
    let lb: usize = b.iter().map(|t| t.s.len()).sum();
    if la != lb || la == 0 {
        return None;
    }
    let (mut ai, mut ao, mut bi, mut bo) = (0, 0, 0, 0);
    let mut allow = Allow::Clean;
    let (mut extra_a, mut extra_b) = (false, false);
    let n = a.len();
    for _ in 0..la {
        let ta = a[(ai + rot) % n];
        let tb = b[bi];
        allow = allow.max(ch(ta.s[ao], tb.s[bo], tb.pos.map(|p| p[bo]), ctx)?);
        ao += 1;
        bo += 1;
        let ea = ao == ta.s.len();
        let eb = bo == b[bi].s.len();
        if ea {
            ai += 1;
            ao = 0;
        }
        if eb {
            bi += 1;
            bo = 0;
        }
        if ea != eb {
            extra_a |= ea;
            extra_b |= eb;
            if extra_a && extra_b {
                return None;
            }
        }
    }
    Some((allow, extra_a || extra_b))
}

/// Token multiset equality (any order); at most 64 tokens.
fn same_multiset(a: &[Tv], b: &[Tv], ctx: &Ctx) -> Option<Allow> {
    if a.len() != b.len() || a.len() > 64 {
        return None;
    }
    let mut used = 0u64;
    let mut allow = Allow::Clean;
    for x in a {
        let mut best: Option<(Allow, usize)> = None;
        for (j, y) in b.iter().enumerate() {
            if used & (1 << j) != 0 {
                continue;
            }
            if let Some(t) = same_token(*x, *y, ctx) {
                if best.is_none_or(|(b, _)| t < b) {
                    best = Some((t, j));
                }
            }
        }
        let (t, j) = best?;
        used |= 1 << j;
        allow = allow.max(t);
    }
    Some(allow)
}

/// Whether the entered part `x` and the document part `y` have the same
/// letters, and what that had to allow.
fn same_token(x: Tv, y: Tv, ctx: &Ctx) -> Option<Allow> {
    if x.s.len() != y.s.len() {
        return None;
    }
    let mut allow = Allow::Clean;
    for (k, (&p, &q)) in x.s.iter().zip(y.s).enumerate() {
        allow = allow.max(ch(p, q, y.pos.map(|ps| ps[k]), ctx)?);
    }
    Some(allow)
}

/// The spellings of one part: as written when it is plain ASCII (with its
/// positions on the document side), else its transliterations.
fn token_forms<'a>(t: &'a Token, doc: bool) -> impl Iterator<Item = Tv<'a>> {
    let written = t.is_ascii().then(|| Tv {
        s: t.text.as_bytes(),
        pos: doc.then_some(t.pos.as_slice()),
    });
    written.into_iter().chain(t.forms.iter().map(|f| Tv {
        s: f.as_bytes(),
        pos: None,
    }))
}

/// Stage 2a: the name parts paired one for one, each part in any of its
/// spellings, without enumerating whole-name spellings. Only a clean
/// pairing counts: in the same order, rotated, or in any order.
fn tokenwise(et: &[&Token], dt: &[&Token], ctx: &Ctx) -> Option<Attempt> {
    const MAX: usize = 16;
    let n = et.len();
    if n != dt.len() || n > MAX {
        return None;
    }
    // pair[i * n + j]: the spellings under which entered part i cleanly
    // equals document part j (the document's printed spelling first).
    let mut pair: Vec<Option<(Tv, Tv)>> = vec![None; n * n];
    for (j, d) in dt.iter().enumerate() {
        for (i, e) in et.iter().enumerate() {
            pair[i * n + j] = token_forms(d, true).find_map(|y| {
                token_forms(e, false)
                    .find(|&x| same_token(x, y, ctx) == Some(Allow::Clean))
                    .map(|x| (x, y))
            });
        }
    }
    // Entered part `perm[j]` against document part j.
    let mut perm = [0usize; MAX];
    let rotation = (0..n).find(|&r| (0..n).all(|k| pair[((k + r) % n) * n + k].is_some()));
    let order = if let Some(r) = rotation {
        for (k, p) in perm.iter_mut().enumerate().take(n) {
            *p = (k + r) % n;
        }
        if r == 0 {
            Order::Same
        } else {
            Order::Rotated
        }
    } else {
        let mut used = [false; MAX];
        for (j, p) in perm.iter_mut().enumerate().take(n) {
            let i = (0..n).find(|&i| !used[i] && pair[i * n + j].is_some())?;
            used[i] = true;
            *p = i;
        }
        Order::Reordered
    };
    let mut spelled = Vec::new();
    let mut note = |t: &Token, tv: Tv| {
        if !t.is_ascii() && t.text.as_bytes() != tv.s {
            spelled.push((t.text.clone(), String::from_utf8_lossy(tv.s).into_owned()));
        }
    };
    let chosen: Vec<(Tv, Tv)> = (0..n)
        .map(|j| pair[perm[j] * n + j])
        .collect::<Option<_>>()?;
    for (i, e) in et.iter().enumerate() {
        if let Some(j) = perm[..n].iter().position(|&p| p == i) {
            note(e, chosen[j].0);
        }
    }
    for (j, d) in dt.iter().enumerate() {
        note(d, chosen[j].1);
    }
    Some(Attempt {
        found: Found {
            allow: Allow::Clean,
            order,
            respaced: false,
            truncated: false,
        },
        spelled,
    })
}

/// How the entered name had to be rearranged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Order {
    Same,
    /// A rotation: the surname moved from one end to the other.
    Rotated,
    /// Any other permutation of the name parts.
    Reordered,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Found {
    allow: Allow,
    order: Order,
    respaced: bool,
    truncated: bool,
}

impl Found {
    fn key(&self) -> (Allow, bool, Order, bool) {
        (self.allow, self.truncated, self.order, self.respaced)
    }
}

fn better(best: &mut Option<Found>, f: Found) {
    if best.is_none_or(|b| f.key() < b.key()) {
        *best = Some(f);
    }
}

/// The number of letters in a spelling.
fn letters_len(sp: &[Tv]) -> usize {
    sp.iter().map(|t| t.s.len()).sum()
}

/// Tries the entered spelling `e` against the document spelling `d` in the
/// same order, rotated (surname moved to the other end), and as a multiset.
fn arrange(e: &[Tv], d: &[Tv], ctx: &Ctx) -> Option<Found> {
    // Every arrangement keeps the letters: different totals never match.
    if letters_len(e) != letters_len(d) {
        return None;
    }
    let mut best = None;
    if let Some((allow, respaced)) = same_spaced(e, 0, d, ctx) {
        better(
            &mut best,
            Found {
                allow,
                order: Order::Same,
                respaced,
                truncated: false,
            },
        );
        if allow == Allow::Clean {
            return best;
        }
    }
    let n = e.len();
    for r in 1..n {
        if let Some((allow, respaced)) = same_spaced(e, r, d, ctx) {
            better(
                &mut best,
                Found {
                    allow,
                    order: Order::Rotated,
                    respaced,
                    truncated: false,
                },
            );
        }
    }
    if let Some(allow) = same_multiset(e, d, ctx) {
        better(
            &mut best,
            Found {
                allow,
                order: Order::Reordered,
                respaced: false,
                truncated: false,
            },
        );
    }
    best
}

/// Calls `f` with every ICAO 9303 encoding of the spelling `e` (each
/// rotation of its parts and each surname / given-names split:
/// `SURNAME<PART<<GIVEN<NAMES`) and the rotation used.
fn for_each_encoding(e: &[Tv], buf: &mut Vec<u8>, mut f: impl FnMut(&[u8], usize)) {
    /// An MRZ name field holds at most 39 characters: more parts than this
    /// cannot be encoded in one, and would only cost time (n² encodings).
    const MAX_PARTS: usize = 16;
    let n = e.len();
    if n > MAX_PARTS {
        return;
    }
    for r in 0..n {
        for split in 1..=n {
            buf.clear();
            for k in 0..n {
                if k == split {
                    buf.extend_from_slice(b"<<");
                } else if k > 0 {
                    buf.push(b'<');
                }
                buf.extend_from_slice(e[(r + k) % n].s);
            }
            f(buf, r);
        }
    }
}

fn order_of(rotation: usize) -> Order {
    if rotation == 0 {
        Order::Same
    } else {
        Order::Rotated
    }
}

/// The entered name, encoded as ICAO would, is longer than a full MRZ field
/// and begins with it: the MRZ name was truncated. Returns the best find and
/// the index of the entered spelling it used.
fn truncated(
    es: &[Spelling],
    field: &[u8],
    field_pos: &[u32],
    ctx: &Ctx,
) -> Option<(Found, usize)> {
    let mut best: Option<(Found, usize)> = None;
    let mut buf: Vec<u8> = Vec::with_capacity(64);
    for (si, e) in es.iter().enumerate() {
        if letters_len(e) + e.len() <= field.len() {
            continue;
        }
        for_each_encoding(e, &mut buf, |enc, r| {
            if enc.len() <= field.len() {
                return;
            }
            let mut allow = Some(Allow::Clean);
            for (i, &b) in field.iter().enumerate() {
                allow =
                    allow.and_then(|a| ch(enc[i], b, Some(field_pos[i]), ctx).map(|c| a.max(c)));
                if allow.is_none() {
                    return;
                }
            }
            if let Some(allow) = allow {
                let f = Found {
                    allow,
                    order: order_of(r),
                    respaced: false,
                    truncated: true,
                };
                if best.as_ref().is_none_or(|(b, _)| f.key() < b.key()) {
                    best = Some((f, si));
                }
            }
        });
    }
    best
}

/// A letter Tesseract reads for the MRZ filler `<` inside or next to the
/// names: K, X, C, E, L, and S (`LINS<CHIEN` for `LIN<<CHIEN`).
fn reads_as_filler(b: u8) -> bool {
    name::is_filler_letter(b) || b == b'S'
}

/// What may follow the names in an OCR-read MRZ field: `<` and what
/// Tesseract reads for runs of it (K, X, C, E, L, S, digits).
fn is_filler_like(b: u8) -> bool {
    b == b'<' || reads_as_filler(b) || b.is_ascii_digit()
}

/// Aligns the entered name's ICAO encoding `enc` with the OCR-read MRZ field,
/// from `enc[i]` and `field[j]` on: letters must agree (digits read for
/// letters and unsure positions allowed), `<` and K/X/C/E/L/S may stand for
/// each other, once a K may have been read between two characters where the
/// encoding has a `<` (`MUSTERMANN<K<ERIKA` for `MUSTERMANN<<ERIKA`), no
/// entered letter may face the field past its last name letter (`name_end`),
/// and after the encoding only filler may follow (and at most two K, C or S
/// read for the `<` after the last name: `MARIAK<<<`).
struct Aligner<'a> {
    enc: &'a [u8],
    field: &'a [u8],
    field_pos: &'a [u32],
    name_end: usize,
    ctx: &'a Ctx<'a>,
}

impl Aligner<'_> {
    fn align(&self, i: usize, j: usize, insertions: u8) -> Option<Allow> {
        let (enc, field) = (self.enc, self.field);
        if i == enc.len() {
            // At most two of the field's name letters may be left, and only
            // K, C or S, the letters Tesseract reads for the `<` after a
            // name (`MARIAK<<<`); a real letter left over is a mismatch.
            let left = field.get(j..self.name_end).unwrap_or_default();
            let trailing = left.len() <= 2 && left.iter().all(|b| matches!(b, b'K' | b'C' | b'S'));
            let rest = field.get(self.name_end.max(j)..).unwrap_or_default();
            return (trailing && rest.iter().all(|&b| is_filler_like(b)))
                .then_some(Allow::Confusable);
        }
        let &b = field.get(j)?;
        let a = enc[i];
        let here = if a == b {
            Some(Allow::Clean)
        } else if a == b'<' && reads_as_filler(b) {
            Some(Allow::Confusable)
        } else if a != b'<' && j >= self.name_end {
            None
        } else if name::is_filler_letter(a) && b == b'<' {
            Some(Allow::Confusable)
        } else {
            ch(a, b, self.field_pos.get(j).copied(), self.ctx)
        };
        if let Some(h) = here {
            if let Some(rest) = self.align(i + 1, j + 1, insertions) {
                return Some(h.max(rest));
            }
        }
        let at_separator = a == b'<' || (i > 0 && enc[i - 1] == b'<');
        if insertions > 0 && b == b'K' && at_separator {
            return self.align(i, j + 1, insertions - 1);
        }
        None
    }
}

/// The entered name's ICAO encodings against the OCR-read MRZ field, letter
/// by letter ([`Aligner`]). Only reached when the name parts did not match,
/// so any success is `Uncertain`.
fn positional(
    es: &[Spelling],
    field: &[u8],
    field_pos: &[u32],
    name_end: usize,
    ctx: &Ctx,
) -> Option<Found> {
    let mut best: Option<Found> = None;
    let mut buf: Vec<u8> = Vec::with_capacity(64);
    for e in es {
        // An encoding has the letters and at least a `<` between parts.
        if letters_len(e) + e.len() > field.len() + 1 {
            continue;
        }
        for_each_encoding(e, &mut buf, |enc, r| {
            if enc.len() > field.len() {
                return;
            }
            let aligner = Aligner {
                enc,
                field,
                field_pos,
                name_end,
                ctx,
            };
            if let Some(allow) = aligner.align(0, 0, 1) {
                better(
                    &mut best,
                    Found {
                        allow: allow.max(Allow::Confusable),
                        order: order_of(r),
                        respaced: false,
                        truncated: false,
                    },
                );
            }
        });
    }
    best
}

/// A successful Latin comparison and the transliterations it used.
struct Attempt {
    found: Found,
    /// `(as written, as spelled)` for each token whose ASCII spelling decided.
    spelled: Vec<(String, String)>,
}

/// `(as written, as spelled)` for the non-ASCII tokens of one spelling.
fn spelled_pairs(tokens: &[&Token], sp: &[Tv]) -> Vec<(String, String)> {
    tokens
        .iter()
        .zip(sp)
        .filter(|(t, tv)| !t.is_ascii() && t.text.as_bytes() != tv.s)
        .map(|(t, tv)| (t.text.clone(), String::from_utf8_lossy(tv.s).into_owned()))
        .collect()
}

/// Stage 1: the tokens as written; stage 2 (when some token has letters
/// outside A–Z): every ASCII spelling (ICAO 9303 options, deunicode).
fn attempt(et: &[&Token], dt: &[&Token], translit_needed: bool, ctx: &Ctx) -> Option<Attempt> {
    if let Some(found) = arrange(&as_written(et, false), &as_written(dt, true), ctx) {
        if found.allow == Allow::Clean || !translit_needed {
            return Some(Attempt {
                found,
                spelled: Vec::new(),
            });
        }
    }
    if !translit_needed {
        return None;
    }
    if let Some(a) = tokenwise(et, dt, ctx) {
        return Some(a);
    }
    let es_all = spellings(et, false);
    let ds_all = spellings(dt, true);
    let mut best: Option<(Found, usize, usize)> = None;
    let e_len: Vec<usize> = es_all.iter().map(|e| letters_len(e)).collect();
    // The best possible find: nothing allowed, nothing moved.
    let perfect = Found {
        allow: Allow::Clean,
        order: Order::Same,
        respaced: false,
        truncated: false,
    }
    .key();
    // The document's spellings outside: its part as printed comes first.
    'outer: for (j, ds) in ds_all.iter().enumerate() {
        let d_len = letters_len(ds);
        for (i, es) in es_all.iter().enumerate() {
            if e_len[i] != d_len {
                continue;
            }
            if let Some(f) = arrange(es, ds, ctx) {
                if best.as_ref().is_none_or(|(b, _, _)| f.key() < b.key()) {
                    best = Some((f, i, j));
                    if f.key() == perfect {
                        break 'outer;
                    }
                }
            }
        }
    }
    let (found, i, j) = best?;
    let mut spelled = spelled_pairs(et, &es_all[i]);
    spelled.extend(spelled_pairs(dt, &ds_all[j]));
    Some(Attempt { found, spelled })
}

/// Latin (typed) against Latin or MRZ (document).
fn latin_latin(e: &LatinName, d: &LatinName, ctx: &Ctx) -> NameOutcome {
    let et: Vec<&Token> = e.tokens.iter().collect();
    let dt: Vec<&Token> = d.tokens.iter().collect();
    let translit_needed = !et.iter().chain(&dt).all(|t| t.is_ascii());
    let mut found = attempt(&et, &dt, translit_needed, ctx);
    let mut notes: Vec<String> = Vec::new();
    // A full MRZ field: the entered name may continue it.
    if found.as_ref().is_none_or(|a| a.found.allow != Allow::Clean) {
        if let Some(m) = d.mrz.as_ref().filter(|m| m.full) {
            let es = spellings(&et, false);
            if let Some((f, si)) = truncated(&es, m.field.as_bytes(), &m.field_pos, ctx) {
                if found.as_ref().is_none_or(|g| f.allow < g.found.allow) {
                    let last = d.tokens.last().map(|t| t.text.as_str()).unwrap_or_default();
                    let c = last.chars().last().unwrap_or('<');
                    notes.push(format!(
                        "MRZ name truncated after {c}: the field is full ({} characters) and the entered name continues past {last}",
                        m.field.len()
                    ));
                    found = Some(Attempt {
                        found: f,
                        spelled: spelled_pairs(&et, &es[si]),
                    });
                }
            }
        }
    }
    // Trailing MRZ name parts made of K/X/C/E/L may be misread filler.
    if found.is_none() {
        if let Some(m) = d.mrz.as_ref().filter(|m| !m.maybe_junk.is_empty()) {
            let kept: Vec<&Token> = dt
                .iter()
                .enumerate()
                .filter(|(i, _)| !m.maybe_junk.contains(i))
                .map(|(_, t)| *t)
                .collect();
            if let Some(mut a) = attempt(&et, &kept, translit_needed, ctx) {
                a.found.allow = a.found.allow.max(Allow::Filler);
                notes.push("MRZ name parts made only of K/X/C/E/L may be misread filler".into());
                found = Some(a);
            }
        }
    }
    // Separators read as letters (or letters as `<`) inside the MRZ names.
    if found.is_none() {
        if let Some(m) = d.mrz.as_ref() {
            let end = name_end(m, &d.tokens);
            let es = spellings(&et, false);
            if let Some(f) = positional(&es, m.field.as_bytes(), &m.field_pos, end, ctx) {
                notes.push(
                    "MRZ separators and the letters K/X/C/E/L/S may be misread for each other"
                        .into(),
                );
                found = Some(Attempt {
                    found: f,
                    spelled: Vec::new(),
                });
            }
        }
    }
    let Some(Attempt { found: f, spelled }) = found else {
        return latin_mismatch(e, d);
    };
    let mut level = NameLevel::CasePunctuation;
    let mut why: Vec<String> = Vec::new();
    if e.width || d.width {
        level = level.max(NameLevel::WidthScript);
        why.push("full-width letters folded (NFKC)".into());
    }
    if !spelled.is_empty() {
        level = level.max(NameLevel::Transliteration);
        let pairs: Vec<String> = spelled
            .iter()
            .take(4)
            .map(|(a, b)| format!("{a} = {b}"))
            .collect();
        why.push(format!(
            "letters transliterated ({}; ICAO 9303)",
            pairs.join(", ")
        ));
    }
    let order_note = match (e.surname_len.is_some(), d.surname_len.is_some()) {
        (false, true) => "same name in another order (given names first)",
        (true, false) => "same name in another order (surname first)",
        _ => "same name in another order",
    };
    match f.order {
        Order::Same => {}
        Order::Rotated => {
            level = level.max(NameLevel::OrderSwapped);
            why.push(order_note.into());
        }
        Order::Reordered => {
            level = level.max(NameLevel::OrderSwapped);
            why.push("same name parts in another order".into());
        }
    }
    if f.respaced {
        why.push("name parts joined or split differently".into());
    }
    if f.truncated {
        level = level.max(NameLevel::Truncated);
    }
    if d.mrz.as_ref().is_some_and(|m| m.filler_junk) {
        level = level.max(NameLevel::OcrConfusable);
        why.push("MRZ filler read as K/X/C/E ignored".into());
    }
    why.extend(notes);
    finish_match(f.allow, level, why, || latin_similarity(e, d))
}

/// The byte length of the MRZ field up to the end of its last name part
/// that does not look like misread filler (K, X, C, E, L, S, digits).
fn name_end(m: &name::MrzField, tokens: &[Token]) -> usize {
    let last = tokens
        .iter()
        .rev()
        .find(|t| !name::is_filler_junk(&t.text))
        .and_then(|t| t.pos.last())
        .copied();
    last.and_then(|p| m.field_pos.iter().rposition(|&q| q == p))
        .map_or(0, |i| i + 1)
}

/// Turns a successful comparison into an outcome: `Match` when nothing but
/// clean letters decided, `Uncertain` otherwise. Match scores are 0.93 and
/// above; anything else scores below 0.9.
fn finish_match(
    allow: Allow,
    mut level: NameLevel,
    mut why: Vec<String>,
    sim: impl Fn() -> f64,
) -> NameOutcome {
    match allow {
        Allow::Clean => {}
        Allow::Confusable => {
            level = level.max(NameLevel::OcrConfusable);
            why.push("only OCR-confusable characters differ (0/O, 1/I, 2/Z, 5/S, 8/B, 6/G, < and K/X/C/E/L)".into());
        }
        Allow::LowConf => {
            level = level.max(NameLevel::OcrConfusable);
            why.push("only characters the OCR was unsure of differ".into());
        }
        Allow::Filler => level = level.max(NameLevel::OcrConfusable),
        Allow::Unchecked => {}
    }
    if level == NameLevel::CasePunctuation && why.is_empty() {
        why.push("same name, differing only in case and punctuation".into());
    }
    let (status, score) = if allow == Allow::Clean {
        let s = match level {
            NameLevel::Exact => 1.0,
            NameLevel::CasePunctuation | NameLevel::WidthScript => 0.99,
            NameLevel::Transliteration | NameLevel::OrderSwapped => 0.97,
            NameLevel::OcrConfusable => 0.95,
            NameLevel::Truncated => 0.93,
            NameLevel::Mismatch => 0.0,
        };
        (Status::Match, s)
    } else {
        (Status::Uncertain, below_match(sim()))
    };
    NameOutcome {
        status,
        level,
        score,
        explanation: why.join("; "),
    }
}

/// The score of anything but a match: a similarity in [0, 1] scaled below
/// every match score, so a near-miss typo never outranks a match.
fn below_match(similarity: f64) -> f64 {
    round3(0.9 * similarity.clamp(0.0, 1.0))
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// Upper-case ASCII name parts (the first spelling of each), sorted.
fn sorted_parts(n: &LatinName) -> Vec<&str> {
    let mut parts: Vec<&str> = n
        .tokens
        .iter()
        .map(|t| t.forms.first().map_or(t.text.as_str(), String::as_str))
        .collect();
    parts.sort_unstable();
    parts
}

/// Jaro-Winkler between the sorted name parts (score only).
fn latin_similarity(e: &LatinName, d: &LatinName) -> f64 {
    strsim::jaro_winkler(&sorted_parts(e).join(" "), &sorted_parts(d).join(" "))
}

fn latin_mismatch(e: &LatinName, d: &LatinName) -> NameOutcome {
    let es = sorted_parts(e);
    let ds = sorted_parts(d);
    let subset = |a: &[&str], b: &[&str]| a.iter().all(|x| b.contains(x));
    let why = if es.len() < ds.len() && subset(&es, &ds) {
        "the document name has parts the entered name lacks"
    } else if es.len() > ds.len() && subset(&ds, &es) {
        "the entered name has parts the document name lacks"
    } else if es.len() == ds.len() {
        "name parts are spelled differently"
    } else {
        "names differ"
    };
    let (a, b) = (es.join(" "), ds.join(" "));
    NameOutcome {
        status: Status::Mismatch,
        level: NameLevel::Mismatch,
        score: below_match(strsim::jaro_winkler(&a, &b)),
        explanation: format!("{why}: {a} vs {b}"),
    }
}

/// Han against Han: simplified forms must be equal character for character.
fn han_han(e: &HanName, d: &HanName, ctx: &Ctx) -> NameOutcome {
    let s: String = e.chars.iter().collect();
    let t: String = d.chars.iter().collect();
    let equal_at = e.chars.iter().zip(&d.chars).filter(|(a, b)| a == b).count();
    let score = below_match(equal_at as f64 / e.chars.len().max(d.chars.len()).max(1) as f64);
    if e.chars == d.chars {
        let mut why = Vec::new();
        let mut level = NameLevel::CasePunctuation;
        let pairs: Vec<String> = e
            .source
            .iter()
            .zip(&d.source)
            .zip(&e.chars)
            .filter(|((a, b), _)| a != b)
            .take(3)
            .map(|((a, b), s)| {
                let trad = if a == s { b } else { a };
                format!("traditional {trad} = simplified {s}")
            })
            .collect();
        if !pairs.is_empty() {
            level = NameLevel::WidthScript;
            why.push(pairs.join(", "));
        }
        if e.width || d.width {
            level = NameLevel::WidthScript;
            why.push("compatibility characters folded (NFKC)".into());
        }
        if why.is_empty() {
            why.push(if e.spaced || d.spaced {
                "same characters; only spacing or separators differ".into()
            } else {
                "same characters".into()
            });
        }
        return NameOutcome {
            status: Status::Match,
            level,
            score: 0.99,
            explanation: why.join("; "),
        };
    }
    // Parts marked by a separator (阿依古丽·买买提) written in the other order.
    if e.chars.len() == d.chars.len() {
        let n = e.chars.len();
        // A separator on the entered side at `k` puts `e[k..]` first; one
        // on the document side at `k` means `e` starts with `d[k..]`.
        let cuts = e.breaks.iter().copied();
        let doc_cuts = d.breaks.iter().map(|&k| n.saturating_sub(k));
        let rotated = cuts.chain(doc_cuts).find(|&k| {
            k > 0 && k < n && e.chars[k..].iter().chain(&e.chars[..k]).eq(d.chars.iter())
        });
        if let Some(k) = rotated {
            let first: String = e.source[..k].iter().collect();
            let second: String = e.source[k..].iter().collect();
            return NameOutcome {
                status: Status::Match,
                level: NameLevel::OrderSwapped,
                score: 0.97,
                explanation: format!(
                    "same characters with the name parts in another order ({first} and {second})"
                ),
            };
        }
    }
    if e.chars.len() == d.chars.len()
        && e.chars
            .iter()
            .zip(&d.chars)
            .zip(&d.pos)
            .all(|((a, b), p)| a == b || ctx.low_conf.contains(&(*p as usize)))
    {
        return NameOutcome {
            status: Status::Uncertain,
            level: NameLevel::OcrConfusable,
            score,
            explanation: format!("{s} vs {t}: only characters the OCR was unsure of differ"),
        };
    }
    let why = if e.chars.len() != d.chars.len() {
        format!(
            "{s} vs {t}: different number of characters ({} vs {})",
            e.chars.len(),
            d.chars.len()
        )
    } else {
        let (a, b) = e
            .chars
            .iter()
            .zip(&d.chars)
            .find(|(a, b)| a != b)
            .map(|(a, b)| (*a, *b))
            .unwrap_or_default();
        let mut ra = Vec::new();
        let mut rb = Vec::new();
        romanize::readings(a, a, false, Region::Mainland, &mut ra);
        romanize::readings(b, b, false, Region::Mainland, &mut rb);
        match ra.iter().find(|x| rb.iter().any(|y| y.syllable == x.syllable)) {
            Some(r) => format!(
                "{s} vs {t}: different character {a} vs {b} (both read {}); Han names must match character for character",
                r.syllable
            ),
            None => format!("{s} vs {t}: different character {a} vs {b}"),
        }
    };
    NameOutcome {
        status: Status::Mismatch,
        level: NameLevel::Mismatch,
        score,
        explanation: why,
    }
}

/// The Latin side of a Han–Latin comparison, flattened.
struct Letters {
    /// Upper-case ASCII letters (and digits, from OCR).
    bytes: Vec<u8>,
    /// Document position of each byte, when the Latin side is the document.
    pos: Vec<Option<u32>>,
    /// `next_boundary[p]`: the first token boundary after `p` (a syllable
    /// may not cross one).
    next_boundary: Vec<usize>,
    /// `is_boundary[p]`: a token starts or ends at `p`.
    is_boundary: Vec<bool>,
    /// Byte offset where the surname group ends, when the text says so.
    group_end: Option<usize>,
}

impl Letters {
    fn new(sp: &[Tv], surname_len: Option<usize>) -> Letters {
        let len: usize = sp.iter().map(|t| t.s.len()).sum();
        let mut l = Letters {
            bytes: Vec::with_capacity(len),
            pos: Vec::with_capacity(len),
            next_boundary: vec![len; len + 1],
            is_boundary: vec![false; len + 1],
            group_end: None,
        };
        l.is_boundary[0] = true;
        for (k, t) in sp.iter().enumerate() {
            if surname_len == Some(k) {
                l.group_end = Some(l.bytes.len());
            }
            l.bytes.extend_from_slice(t.s);
            match t.pos {
                Some(p) => l.pos.extend(p.iter().map(|&x| Some(x))),
                None => l.pos.extend(std::iter::repeat_n(None, t.s.len())),
            }
            l.is_boundary[l.bytes.len()] = true;
        }
        let mut next = len;
        for p in (0..len).rev() {
            l.next_boundary[p] = next;
            if l.is_boundary[p] {
                next = p;
            }
        }
        l
    }
}

/// One DP cell: the best way to have read `i` characters and `p` letters.
#[derive(Clone, Copy)]
struct Cell {
    allow: Allow,
    prev: usize,
    /// Index into the character's readings; `usize::MAX` for a wildcard.
    reading: usize,
}

/// How one character was read: a reading index (`usize::MAX` for a
/// wildcard) over the letters `from..to`.
#[derive(Debug, Clone, Copy)]
struct Step {
    reading: usize,
    from: usize,
    to: usize,
}

/// A successful Han–Latin reading.
struct HanMatch {
    allow: Allow,
    /// Reading index per character (in name order), `usize::MAX` for a wildcard.
    used: Vec<usize>,
    /// How each character was read, upper case (a wildcard shows the
    /// letters it stood for, with `?`).
    shown: Vec<String>,
    swapped: bool,
    /// How many leading characters are taken for the family name.
    surname_len: usize,
    /// Where to split the syllables when showing them (character indices).
    groups: Vec<usize>,
}

/// What a Han–Latin reading is matched against: per character the candidate
/// readings and whether it may stand for any syllable (`wild`: an unsure OCR
/// position, or no reading known), the Latin letters, and the surname lengths
/// allowed where the Latin side says its surname ends.
struct Reader<'a> {
    readings: &'a [Vec<Reading>],
    wild: &'a [Allow],
    letters: &'a Letters,
    surname_choices: &'a [usize],
    han_is_doc: bool,
    ctx: &'a Ctx<'a>,
}

impl Reader<'_> {
    /// Reads the characters in `order` against all the letters (dynamic
    /// programming over characters read × letters consumed, keeping the
    /// weakest allowance lowest). `boundary_at`: after this many characters
    /// the letters must be at a token boundary (given names first);
    /// `given_any`: characters from this index on stand for any one whole
    /// token (Cantonese given names, not checked). Returns the allowance and,
    /// per position of `order`, the reading used, or `None` when no reading
    /// covers the letters.
    fn read(
        &self,
        order: &[usize],
        boundary_at: Option<usize>,
        given_any: Option<usize>,
    ) -> Option<(Allow, Vec<Step>)> {
        let Reader {
            readings,
            wild,
            letters,
            surname_choices,
            han_is_doc,
            ctx,
        } = *self;
        let n = order.len();
        let len = letters.bytes.len();
        let w = len + 1;
        let mut dp: Vec<Option<Cell>> = vec![None; (n + 1) * w];
        dp[0] = Some(Cell {
            allow: Allow::Clean,
            prev: 0,
            reading: 0,
        });
        let state_ok = |i: usize, p: usize| -> bool {
            if boundary_at == Some(i) && !letters.is_boundary[p] {
                return false;
            }
            // The path passes the Latin surname end exactly once; the
            // characters read by then are the surname.
            letters.group_end != Some(p) || surname_choices.contains(&i)
        };
        let upd = |dp: &mut Vec<Option<Cell>>, i: usize, p: usize, cell: Cell| {
            let slot = &mut dp[i * w + p];
            if slot.is_none_or(|c| cell.allow < c.allow) {
                *slot = Some(cell);
            }
        };
        for i in 0..n {
            let c = order[i];
            let given = given_any.is_some_and(|k| c >= k);
            for p in 0..len {
                let Some(cur) = dp[i * w + p] else { continue };
                let limit = letters.next_boundary[p];
                if given {
                    // Any one whole token.
                    if letters.is_boundary[p] && state_ok(i + 1, limit) {
                        let allow = cur.allow.max(Allow::Unchecked);
                        upd(
                            &mut dp,
                            i + 1,
                            limit,
                            Cell {
                                allow,
                                prev: p,
                                reading: usize::MAX,
                            },
                        );
                    }
                    continue;
                }
                if wild[c] != Allow::Clean {
                    for q in p + 1..=limit.min(p + 6) {
                        if state_ok(i + 1, q) {
                            let allow = cur.allow.max(wild[c]);
                            upd(
                                &mut dp,
                                i + 1,
                                q,
                                Cell {
                                    allow,
                                    prev: p,
                                    reading: usize::MAX,
                                },
                            );
                        }
                    }
                }
                for (ri, r) in readings[c].iter().enumerate() {
                    let s = r.syllable.as_bytes();
                    let q = p + s.len();
                    if q > limit || !state_ok(i + 1, q) {
                        continue;
                    }
                    let mut allow = Some(cur.allow);
                    for (k, &sb) in s.iter().enumerate() {
                        let lb = letters.bytes[p + k];
                        let got = if han_is_doc {
                            ch(lb, sb, None, ctx)
                        } else {
                            ch(sb, lb, letters.pos[p + k], ctx)
                        };
                        allow = allow.and_then(|a| got.map(|g| a.max(g)));
                        if allow.is_none() {
                            break;
                        }
                    }
                    if let Some(allow) = allow {
                        upd(
                            &mut dp,
                            i + 1,
                            q,
                            Cell {
                                allow,
                                prev: p,
                                reading: ri,
                            },
                        );
                    }
                }
            }
        }
        let end = dp[n * w + len]?;
        let mut path = vec![
            Step {
                reading: 0,
                from: 0,
                to: 0
            };
            n
        ];
        let mut p = len;
        for i in (1..=n).rev() {
            let cell = dp[i * w + p]?;
            path[i - 1] = Step {
                reading: cell.reading,
                from: cell.prev,
                to: p,
            };
            p = cell.prev;
        }
        Some((end.allow, path))
    }
}

/// Han characters (document or entered) against a Latin name.
fn han_latin(h: &HanName, l: &LatinName, han_is_doc: bool, ctx: &Ctx) -> NameOutcome {
    let n = h.chars.len();
    let compound = if n >= 3 {
        romanize::compound_surname([h.chars[0], h.chars[1]], ctx.region)
    } else {
        None
    };
    let surname_len = if compound.is_some() { 2 } else { 1 };
    let mut readings: Vec<Vec<Reading>> = Vec::with_capacity(n);
    for (i, (&src, &simp)) in h.source.iter().zip(&h.chars).enumerate() {
        let mut r = Vec::new();
        romanize::readings(src, simp, i < surname_len, ctx.region, &mut r);
        if let (Some(list), true) = (&compound, i < 2) {
            romanize::add_compound_readings(list, i, &mut r);
        }
        readings.push(r);
    }
    let wild: Vec<Allow> = (0..n)
        .map(|i| {
            if han_is_doc && ctx.low_conf.contains(&(h.pos[i] as usize)) {
                Allow::LowConf
            } else if readings[i].is_empty() {
                Allow::Unchecked
            } else {
                Allow::Clean
            }
        })
        .collect();
    let tokens: Vec<&Token> = l.tokens.iter().collect();
    let maybe_junk: &[usize] = l.mrz.as_ref().map_or(&[], |m| m.maybe_junk.as_slice());
    let kept: Vec<&Token> = tokens
        .iter()
        .enumerate()
        .filter(|(i, _)| !maybe_junk.contains(i))
        .map(|(_, t)| *t)
        .collect();
    // Where the name may be cut to put the given names first: after the
    // surname (one character, two for a compound surname), after one or
    // two characters of a four-character name (two families' names
    // joined), at a separator of the Han text (阿依古丽·买买提), and anywhere
    // in a name of five or more characters (transcribed minority names).
    let mut cuts: Vec<usize> = vec![surname_len];
    if n >= 4 {
        cuts.extend([1, 2]);
    }
    // Longer strings are not names: only their separators are tried.
    const MAX_CUT_ANYWHERE: usize = 12;
    if (5..=MAX_CUT_ANYWHERE).contains(&n) {
        cuts.extend(1..n);
    }
    cuts.extend(h.breaks.iter().copied());
    cuts.retain(|&k| k >= 1 && k < n);
    cuts.sort_unstable();
    cuts.dedup();
    cuts.truncate(MAX_CUT_ANYWHERE);
    // When the Latin side says where its surname ends (`SURNAME, Given`,
    // an MRZ field), only names with several parts of their own (a
    // separator, five or more characters) may be cut elsewhere.
    let labelled_cuts: Vec<usize> = cuts
        .iter()
        .copied()
        .filter(|k| n >= 5 || h.breaks.contains(k))
        .collect();
    // The surname lengths allowed in the written order where the Latin side
    // says where its surname ends.
    let straight_choices: Vec<usize> = if n >= 5 {
        cuts.clone()
    } else if n == 4 {
        vec![1, 2]
    } else {
        vec![surname_len]
    };
    let minority = n >= 5;
    let search = |tokens: &[&Token], given_any: bool| -> Option<HanMatch> {
        let mut best: Option<HanMatch> = None;
        let mut order: Vec<usize> = Vec::with_capacity(n);
        for sp in spellings(tokens, !han_is_doc) {
            let letters = Letters::new(&sp, l.surname_len.filter(|&s| s <= tokens.len()));
            let rotations: &[usize] = if letters.group_end.is_some() {
                &labelled_cuts
            } else {
                &cuts
            };
            // `0` is the written order; `k` puts characters `k..` first.
            for &k in std::iter::once(&0).chain(rotations) {
                let swapped = k > 0;
                if best
                    .as_ref()
                    .is_some_and(|b: &HanMatch| (b.allow, b.swapped) <= (Allow::Clean, swapped))
                {
                    break;
                }
                order.clear();
                order.extend(k..n);
                order.extend(0..k);
                let one_choice = [n - k];
                let (boundary_at, choices, surname) = if swapped {
                    (Some(n - k), &one_choice[..], k)
                } else {
                    (None, &straight_choices[..], surname_len)
                };
                let g = given_any.then_some(surname);
                let reader = Reader {
                    readings: &readings,
                    wild: &wild,
                    letters: &letters,
                    surname_choices: choices,
                    han_is_doc,
                    ctx,
                };
                let Some((allow, path)) = reader.read(&order, boundary_at, g) else {
                    continue;
                };
                if best
                    .as_ref()
                    .is_some_and(|b| (b.allow, b.swapped) <= (allow, swapped))
                {
                    continue;
                }
                let mut used = vec![usize::MAX; n];
                let mut shown = vec![String::new(); n];
                let mut ends = vec![0; n];
                for (idx, step) in path.iter().enumerate() {
                    let c = order[idx];
                    used[c] = step.reading;
                    ends[c] = step.to;
                    shown[c] = match readings[c].get(step.reading) {
                        Some(r) => r.syllable.to_uppercase(),
                        None => {
                            let mut w = String::from_utf8_lossy(&letters.bytes[step.from..step.to])
                                .into_owned();
                            w.push('?');
                            w
                        }
                    };
                }
                // How to group the syllables when showing them: at the Han
                // separators, else after the surname, else (minority names)
                // where the Latin words end.
                let groups: Vec<usize> = if !h.breaks.is_empty() {
                    h.breaks.clone()
                } else if minority {
                    (1..n)
                        .filter(|&i| letters.is_boundary[ends[i - 1]])
                        .collect()
                } else if n == 4
                    && !swapped
                    && compound.is_none()
                    && letters.is_boundary[ends[1]]
                    && !letters.is_boundary[ends[0]]
                {
                    // Two families' names joined, written as one word.
                    vec![2]
                } else {
                    vec![surname]
                };
                best = Some(HanMatch {
                    allow,
                    used,
                    shown,
                    swapped,
                    surname_len: surname,
                    groups,
                });
            }
        }
        best
    };
    let mut found = search(&tokens, false);
    let mut notes = Vec::new();
    if found.is_none() && kept.len() < tokens.len() && !kept.is_empty() {
        found = search(&kept, false).map(|mut m| {
            m.allow = m.allow.max(Allow::Filler);
            notes.push("MRZ name parts made only of K/X/C/E/L may be misread filler".to_string());
            m
        });
    }
    let han: String = h.source.iter().collect();
    if found.is_none() && ctx.region == Region::HongKongMacau && n >= 2 {
        if let Some(m) = search(&tokens, true) {
            let sur = describe_surname(h, &m);
            return NameOutcome {
                status: Status::Uncertain,
                level: NameLevel::Transliteration,
                score: below_match(han_similarity(h, &readings, l)),
                explanation: format!(
                    "{sur}; given names of {han} may be in a Cantonese spelling, which is not checked"
                ),
            };
        }
    }
    if found.is_none() && ctx.region == Region::JapanKorea {
        return NameOutcome {
            status: Status::Uncertain,
            level: NameLevel::Transliteration,
            score: below_match(han_similarity(h, &readings, l)),
            explanation: format!(
                "{han} is not read as pinyin {}; Japanese and Korean readings are not checked",
                latin_display(l)
            ),
        };
    }
    let Some(m) = found else {
        let surname_cut = [surname_len];
        let default_groups: &[usize] = if h.breaks.is_empty() {
            &surname_cut
        } else {
            &h.breaks
        };
        let default: Vec<String> = readings
            .iter()
            .map(|r| {
                r.first()
                    .map_or("?".to_string(), |x| x.syllable.to_uppercase())
            })
            .collect();
        return NameOutcome {
            status: Status::Mismatch,
            level: NameLevel::Mismatch,
            score: below_match(han_similarity(h, &readings, l)),
            explanation: format!(
                "no reading of {han} gives {}: its pinyin is {}",
                latin_display(l),
                group_syllables(&default, default_groups, "")
            ),
        };
    };
    let mut why = Vec::new();
    let used = &m.shown;
    let origins: Vec<Option<Origin>> = m
        .used
        .iter()
        .enumerate()
        .map(|(i, &r)| readings[i].get(r).map(|x| x.origin))
        .collect();
    let pinyin_only = origins.iter().flatten().all(|o| {
        matches!(
            o,
            Origin::Pinyin | Origin::Heteronym | Origin::Surname | Origin::UmlautSpelling
        )
    });
    let label = if pinyin_only {
        "pinyin"
    } else {
        "romanization"
    };
    let joiner = if pinyin_only { "" } else { "-" };
    let spelled = group_syllables(used, &m.groups, joiner);
    why.push(if m.used.contains(&usize::MAX) {
        format!("{han} read as {spelled} only by taking unsure or unknown characters (?) as any syllable")
    } else {
        format!("matched by reading: {label} of {han} is {spelled}")
    });
    let mut wade_giles = Vec::new();
    let compound_read = compound.is_some() && m.surname_len == 2;
    if compound_read {
        let sur: String = h.source[..2].iter().collect();
        let how = capitalize(&used[..2].concat());
        let cantonese = origins[..2].contains(&Some(Origin::Cantonese));
        why.push(if cantonese {
            format!("compound surname {sur} read as {how} (Cantonese spelling)")
        } else {
            format!("compound surname {sur} read as {how}")
        });
    }
    for (i, o) in origins.iter().enumerate() {
        let c = h.source[i];
        let syl = capitalize(&used[i]);
        let surname = i < m.surname_len;
        if compound_read && i < 2 {
            continue;
        }
        match o {
            Some(Origin::Surname | Origin::Heteronym) if surname => {
                why.push(format!("surname {c} read as {syl}"))
            }
            Some(Origin::Heteronym) => why.push(format!("{c} read as {syl}")),
            Some(Origin::UmlautSpelling) => why.push(format!("{c} (ü) written {}", used[i])),
            Some(Origin::Cantonese) => {
                why.push(format!("surname {c} read as {syl} (Cantonese spelling)"))
            }
            Some(Origin::TaiwanSurname) => {
                why.push(format!("surname {c} spelled {syl} (Taiwanese spelling)"))
            }
            Some(Origin::WadeGiles) => wade_giles.push(format!("{c} {syl}")),
            Some(Origin::Surname | Origin::Pinyin) | None => {}
        }
    }
    if !wade_giles.is_empty() {
        why.push(format!("Wade-Giles spelling: {}", wade_giles.join(", ")));
    }
    if m.allow == Allow::Unchecked {
        let unknown: String = (0..n)
            .filter(|&i| readings[i].is_empty())
            .map(|i| h.source[i])
            .collect();
        why.push(format!("no reading known for {unknown}, not checked"));
    }
    let mut level = NameLevel::Transliteration;
    if m.swapped {
        level = NameLevel::OrderSwapped;
        why.push(if minority || !h.breaks.is_empty() {
            "same name parts in another order".into()
        } else {
            "same name in another order (given names first)".into()
        });
    }
    why.push("Latin letters do not tell homophones apart".into());
    if l.mrz.as_ref().is_some_and(|x| x.filler_junk) {
        level = level.max(NameLevel::OcrConfusable);
        why.push("MRZ filler read as K/X/C/E ignored".into());
    }
    why.extend(notes);
    finish_match(m.allow, level, why, || han_similarity(h, &readings, l))
}

fn describe_surname(h: &HanName, m: &HanMatch) -> String {
    let k = m.surname_len.clamp(1, h.source.len());
    let sur: String = h.source[..k].iter().collect();
    format!("surname {sur} matches {}", m.shown[..k].join(" "))
}

/// `["ZHANG", "XIAO", "MING"]` split at `[1]` → `ZHANG XIAOMING`: the first
/// group's syllables joined, each later group's syllables joined by
/// `joiner` ("" for pinyin, "-" for Wade-Giles and Cantonese given names).
fn group_syllables(syl: &[String], groups: &[usize], joiner: &str) -> String {
    let mut out = String::with_capacity(syl.len() * 6);
    let mut start = 0;
    for (g, &end) in groups
        .iter()
        .filter(|&&k| k > 0 && k < syl.len())
        .chain(std::iter::once(&syl.len()))
        .enumerate()
    {
        if end <= start {
            continue;
        }
        if g > 0 && !out.is_empty() {
            out.push(' ');
        }
        let j = if start == 0 { "" } else { joiner };
        out.push_str(&syl[start..end].join(j));
        start = end;
    }
    out
}

fn capitalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for (i, c) in s.chars().enumerate() {
        if i == 0 {
            out.push(c.to_ascii_uppercase());
        } else {
            out.push(c.to_ascii_lowercase());
        }
    }
    out
}

fn latin_display(l: &LatinName) -> String {
    l.tokens
        .iter()
        .map(|t| t.forms.first().map_or(t.text.as_str(), String::as_str))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Jaro-Winkler between the Latin letters and the everyday pinyin, in
/// either order (score only).
fn han_similarity(h: &HanName, readings: &[Vec<Reading>], l: &LatinName) -> f64 {
    let syl: Vec<&str> = readings
        .iter()
        .map(|r| r.first().map_or("", |x| x.syllable.as_ref()))
        .collect();
    let straight = syl.concat().to_ascii_uppercase();
    let swapped = if h.chars.len() >= 2 {
        let mut s = syl[1..].concat();
        s.push_str(syl[0]);
        s.to_ascii_uppercase()
    } else {
        straight.clone()
    };
    let letters: String = latin_display(l).chars().filter(|c| *c != ' ').collect();
    strsim::jaro_winkler(&letters, &straight).max(strsim::jaro_winkler(&letters, &swapped))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn st(s: &str) -> Status {
        match s {
            "match" => Status::Match,
            "mismatch" => Status::Mismatch,
            "uncertain" => Status::Uncertain,
            "not_found" => Status::NotFound,
            other => panic!("unknown status {other}"),
        }
    }

    fn level_name(l: NameLevel) -> String {
        serde_json::to_value(l)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default()
    }

    #[test]
    fn names_table() {
        let table = crate::tables::Table::load("names.tsv");
        let mut failures = Vec::new();
        let mut rows = 0;
        let mut ids = std::collections::HashSet::new();
        // (expected level, expected status) pairs seen.
        let mut seen = std::collections::HashSet::new();
        for (line, c) in table.rows(6) {
            assert!(ids.insert(c[0]), "names.tsv:{} case={} twice", line, c[0]);
            seen.insert((c[5], c[4]));
            rows += 1;
            let country = (c[3] != "-" && !c[3].is_empty()).then_some(c[3]);
            let got = compare(c[1], c[2], country, &[]);
            let want_level = c[5];
            if got.status != st(c[4]) || level_name(got.level) != want_level {
                failures.push(format!(
                    "names.tsv:{} case={} expected {} {} got {} {} ({})",
                    line,
                    c[0],
                    c[4],
                    want_level,
                    serde_json::to_value(got.status).unwrap_or_default(),
                    level_name(got.level),
                    got.explanation
                ));
            }
            assert!(
                (0.0..=1.0).contains(&got.score),
                "names.tsv:{} score {}",
                line,
                got.score
            );
        }
        println!("names.tsv: {} rows, {} failed", rows, failures.len());
        assert!(rows >= 420, "names.tsv has {rows} rows");
        // Every rung of the ladder is exercised, and so is every status.
        for level in [
            "exact",
            "case_punctuation",
            "width_script",
            "transliteration",
            "order_swapped",
            "truncated",
            "ocr_confusable",
        ] {
            assert!(seen.contains(&(level, "match")), "no {level} match row");
        }
        assert!(seen.contains(&("mismatch", "mismatch")));
        assert!(seen.contains(&("ocr_confusable", "uncertain")));
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    /// Real-world surname readings from pinyin-pro's 492-surname table (read
    /// in place, never copied): `<reading> Ming`, `Ming <reading>` and the
    /// MRZ `<READING><<MING` must match `<surname>明` (Han typed against the
    /// MRZ too), for single and compound surnames; and the reading of
    /// another surname, where it is not a reading of this one, must not.
    #[test]
    fn pinyin_pro_surnames() -> Result<(), String> {
        let Some(v) = vectors("pinyin_pro_surnames.json") else {
            return Ok(());
        };
        let entries = v["entries"].as_array().ok_or("no entries array")?;
        let list: Vec<(&str, String, bool)> = entries
            .iter()
            .filter_map(|e| {
                let s = e["surname"].as_str()?;
                let r = e["pinyin_toneless"].as_str()?;
                let reading = capitalize(&r.split(' ').collect::<String>().replace('ü', "yu"));
                Some((s, reading, e["chars"].as_u64() == Some(1)))
            })
            .collect();
        // [single, compound] × [total, straight, given first, MRZ]
        let mut counts = [[0usize; 4]; 2];
        let mut failed = Vec::new();
        let (mut wrong_tried, mut false_matches) = (0, Vec::new());
        for (idx, (s, reading, single)) in list.iter().enumerate() {
            let doc = format!("{s}明");
            let mrz = format!("{}<<MING<<<<<<<<<<<<<<<<", reading.to_uppercase());
            let ok = [
                compare(&format!("{reading} Ming"), &doc, None, &[]),
                compare(&format!("Ming {reading}"), &doc, None, &[]),
                compare(&doc, &mrz, Some("CHN"), &[]),
            ]
            .map(|o| o.status == Status::Match);
            let c = &mut counts[usize::from(!single)];
            c[0] += 1;
            for k in 0..3 {
                c[k + 1] += usize::from(ok[k]);
            }
            if ok.contains(&false) {
                failed.push(format!("{s} {reading}: {ok:?}"));
            }
            // Another surname's reading that this character cannot have.
            if *single {
                let first = s.chars().next().unwrap_or_default();
                let mut own = Vec::new();
                romanize::readings(first, first, true, Region::Mainland, &mut own);
                let other = list[idx + 1..]
                    .iter()
                    .chain(&list[..idx])
                    .filter(|(_, _, single)| *single)
                    .map(|(_, r, _)| r)
                    .find(|r| {
                        let low = r.to_ascii_lowercase();
                        !own.iter().any(|x| x.syllable == low)
                    });
                if let Some(other) = other {
                    wrong_tried += 1;
                    let o = compare(&format!("{other} Ming"), &doc, None, &[]);
                    if o.status != Status::Mismatch {
                        false_matches.push(format!("{other} Ming vs {doc}: {:?}", o.status));
                    }
                }
            }
        }
        let [single, compound] = counts;
        println!(
            "pinyin_pro surnames: single {}/{}/{} of {} (surname first / given first / MRZ); \
             compound {}/{}/{} of {}; wrong readings rejected {}/{}",
            single[1],
            single[2],
            single[3],
            single[0],
            compound[1],
            compound[2],
            compound[3],
            compound[0],
            wrong_tried - false_matches.len(),
            wrong_tried
        );
        for f in failed.iter().chain(&false_matches).take(20) {
            println!("  {f}");
        }
        if single[0] < 400 || compound[0] < 50 {
            return Err(format!("too few entries: {single:?} {compound:?}"));
        }
        for (what, c) in [("single", single), ("compound", compound)] {
            for k in 1..4 {
                let rate = c[k] as f64 / c[0] as f64;
                if rate < 0.95 {
                    return Err(format!("{what} surnames: pass rate {rate:.3} below 0.95"));
                }
            }
        }
        if !false_matches.is_empty() {
            return Err(format!("{} false matches", false_matches.len()));
        }
        Ok(())
    }

    fn vectors(file: &str) -> Option<serde_json::Value> {
        let path = format!(
            "{}/../shared/realworld/vectors/{file}",
            env!("CARGO_MANIFEST_DIR")
        );
        let Ok(text) = std::fs::read_to_string(&path) else {
            println!("skipped: {path} is absent");
            return None;
        };
        serde_json::from_str(&text).ok()
    }

    /// OpenCC's own traditional → simplified test vectors (t2s, tw2s, hk2s;
    /// read in place, never copied): each run of Han characters of the
    /// input, compared as a Han name with the same run of the expected
    /// output, must match. OpenCC converts some characters by the word they
    /// are in; a name is not a word, so runs with one of those characters
    /// are counted but not asserted (each listed with the reason).
    #[test]
    fn opencc_vectors() -> Result<(), String> {
        /// Characters whose simplified form depends on the phrase.
        const PHRASE_LEVEL: &[(char, &str)] = &[
            ('乾', "qián (乾隆, a name character) or 干 (葡萄乾, dried)"),
            ('沈', "the surname Shěn, or 沉 in 沈厚"),
            (
                '坏',
                "the simplified 坏 (壞, bad), or an old form of 坯 in 坏布",
            ),
            ('著', "著 in 著作, 着 in 著裝"),
            ('麼', "么 in 什麼, 麽 in 幺麼小丑"),
            ('么', "么 in 什么, 幺 in 老么"),
            ('袷', "qiā in 袷袢, 夹 in 袷衣"),
            ('蒐', "搜 in 蒐索, 蒐 in 春蒐"),
            ('鍾', "钟 (the surname, a bell) or 锺 in 千鍾"),
            ('陞', "升, but kept in the name 楊聯陞"),
            ('昇', "升, but kept in the name 畢昇"),
            ('覆', "复 in 覆盤 (review), 覆 in 覆盖"),
            ('剋', "克 in 相剋, 剋 in 剋架"),
            ('藉', "借 in 藉口, 藉 in 慰藉"),
            ('週', "周"),
        ];
        let Some(v) = vectors("opencc_testcases.json") else {
            return Ok(());
        };
        let cases = v["cases"].as_array().ok_or("no cases array")?;
        let runs = |s: &str| -> Vec<String> {
            s.split(|c: char| !name::is_han(c))
                .filter(|r| !r.is_empty())
                .map(str::to_owned)
                .collect()
        };
        let (mut total, mut pass, mut asserted, mut asserted_pass) = (0, 0, 0, 0);
        let mut failed = Vec::new();
        for c in cases {
            let config = c["config"].as_str().unwrap_or_default();
            if !matches!(config, "t2s" | "tw2s" | "hk2s") {
                continue;
            }
            let (Some(input), Some(expected)) = (c["input"].as_str(), c["expected"].as_str())
            else {
                continue;
            };
            let (a, b) = (runs(input), runs(expected));
            if a.len() != b.len() {
                continue;
            }
            for (x, y) in a.iter().zip(&b) {
                if x.chars().count() > name::MAX_CHARS {
                    continue;
                }
                total += 1;
                let ok = compare(x, y, None, &[]).status == Status::Match;
                pass += usize::from(ok);
                let phrase = x
                    .chars()
                    .chain(y.chars())
                    .find(|ch| PHRASE_LEVEL.iter().any(|(p, _)| p == ch));
                if phrase.is_none() {
                    asserted += 1;
                    asserted_pass += usize::from(ok);
                    if !ok {
                        failed.push(format!("{config} {x} vs {y}"));
                    }
                }
            }
        }
        println!(
            "opencc t2s/tw2s/hk2s runs: {pass}/{total} match; character-level runs {asserted_pass}/{asserted}"
        );
        for f in &failed {
            println!("  {f}");
        }
        if asserted < 100 {
            return Err(format!("only {asserted} character-level runs"));
        }
        if !failed.is_empty() {
            return Err(format!("{} character-level runs differ", failed.len()));
        }
        Ok(())
    }

    /// pinyin-pro's surname-mode assertions (read in place): the reading it
    /// expects, typed in Latin letters, matches the Han name, and a reading
    /// that differs from the everyday one is named in the explanation.
    #[test]
    fn pinyin_pro_surname_mode_cases() -> Result<(), String> {
        use unicode_normalization::UnicodeNormalization;
        let Some(v) = vectors("pinyin_pro_surname_tests.json") else {
            return Ok(());
        };
        let cases = v["cases"].as_array().ok_or("no cases array")?;
        let toneless = |s: &str| -> String {
            s.nfd()
                .filter(|c| !matches!(c, '\u{300}' | '\u{301}' | '\u{304}' | '\u{30C}'))
                .nfc()
                .collect::<String>()
                .replace('ü', "yu")
        };
        let mut checked = 0;
        for c in cases {
            let (Some(input), Some(expected)) = (c["input"].as_str(), c["expected"].as_str())
            else {
                continue;
            };
            let mut han: Vec<char> = input.chars().collect();
            let mut syllables: Vec<String> = expected.split(' ').map(toneless).collect();
            // "我叫…" is "my name is …".
            if input.starts_with("我叫") {
                han.drain(..2);
                syllables.drain(..2);
            }
            let han: String = han.into_iter().collect();
            let latin = syllables
                .iter()
                .map(|s| capitalize(s))
                .collect::<Vec<_>>()
                .join(" ");
            let o = compare(&latin, &han, None, &[]);
            if o.status != Status::Match {
                return Err(format!("{latin} vs {han}: {o:?}"));
            }
            // The reading of the first character, when it is not the everyday one.
            let first = han.chars().next().ok_or("empty input")?;
            let everyday = pinyin::ToPinyin::to_pinyin(&first).map(|p| p.plain());
            if everyday != Some(syllables[0].as_str()) && !o.explanation.contains("read as") {
                return Err(format!(
                    "{latin} vs {han}: reading not explained: {}",
                    o.explanation
                ));
            }
            checked += 1;
        }
        println!(
            "pinyin-pro surname mode: {checked}/{} cases match",
            cases.len()
        );
        if checked != cases.len() {
            return Err("some cases were not read".into());
        }
        Ok(())
    }

    #[test]
    fn low_conf_turns_mismatch_into_uncertain() {
        // Position 2 ('I' in ERIKSSON read as 'L') flagged unsure.
        let doc = "ERLKSSON<<ANNA<<<<<<<";
        assert_eq!(
            compare("Anna Eriksson", doc, None, &[]).status,
            Status::Mismatch
        );
        let o = compare("Anna Eriksson", doc, None, &[2]);
        assert_eq!(o.status, Status::Uncertain);
        assert_eq!(o.level, NameLevel::OcrConfusable);
        // An unsure position elsewhere does not help.
        assert_eq!(
            compare("Anna Eriksson", doc, None, &[5]).status,
            Status::Mismatch
        );
        // Han document: 明 unsure.
        assert_eq!(
            compare("张小鸣", "张小明", None, &[2]).status,
            Status::Uncertain
        );
        assert_eq!(
            compare("张小鸣", "张小明", None, &[1]).status,
            Status::Mismatch
        );
        assert_eq!(
            compare("Zhang Xiao Ling", "张小明", None, &[2]).status,
            Status::Uncertain
        );
        assert_eq!(
            compare("Zhang Xiao Ling", "张小明", None, &[]).status,
            Status::Mismatch
        );
        // Latin document against Han entered.
        assert_eq!(
            compare("张小明", "ZHANG<<XIAOMLNG<<<<", None, &[12]).status,
            Status::Uncertain
        );
    }

    #[test]
    fn explanations_name_the_rule() {
        let o = compare(
            "Anna Maria Eriksson",
            "ERIKSSON<<ANNA<MARIA<<<<<<<<<",
            None,
            &[],
        );
        assert!(
            o.explanation.contains("given names first"),
            "{}",
            o.explanation
        );
        let o = compare("Zhang Xiaoming", "张小明", None, &[]);
        assert!(
            o.explanation.contains("pinyin of 张小明 is ZHANG XIAOMING"),
            "{}",
            o.explanation
        );
        assert!(
            o.explanation.contains("matched by reading"),
            "{}",
            o.explanation
        );
        let o = compare("Shan Ming", "单明", None, &[]);
        assert!(
            o.explanation.contains("surname 单 read as Shan"),
            "{}",
            o.explanation
        );
        let o = compare("张小明", "張小明", None, &[]);
        assert!(
            o.explanation.contains("traditional 張 = simplified 张"),
            "{}",
            o.explanation
        );
        let o = compare(
            "Anna Maria Eriksson",
            "ERIKSSON<<ANNA<MARIA<<KKK<<<<XC",
            None,
            &[],
        );
        assert!(
            o.explanation.contains("MRZ filler read as K/X/C/E ignored"),
            "{}",
            o.explanation
        );
        let o = compare("张伟", "张维", None, &[]);
        assert!(o.explanation.contains("both read wei"), "{}", o.explanation);
        // A Latin name fits every homophone, and says so.
        for doc in ["张伟", "张维"] {
            let o = compare("Zhang Wei", doc, None, &[]);
            assert_eq!(o.status, Status::Match);
            assert!(o.explanation.contains("homophones"), "{}", o.explanation);
        }
        let o = compare("Gong Yuchi", "尉迟恭", None, &[]);
        assert!(
            o.explanation
                .contains("compound surname 尉迟 read as Yuchi"),
            "{}",
            o.explanation
        );
        let o = compare("Maimaiti Ayiguli", "阿依古丽·买买提", None, &[]);
        assert!(
            o.explanation.contains("AYIGULI MAIMAITI")
                && o.explanation.contains("name parts in another order"),
            "{}",
            o.explanation
        );
        let o = compare("Lin Chien-Sheng", "林健聖", Some("TWN"), &[]);
        assert!(
            o.explanation.contains("LIN CHIEN-SHENG") && o.explanation.contains("Wade-Giles"),
            "{}",
            o.explanation
        );
        let o = compare("Muñoz Pedro", "MUNXXOZ<<PEDRO<<<<<<<<", None, &[]);
        assert!(
            o.explanation.contains("MUÑOZ = MUNXXOZ"),
            "{}",
            o.explanation
        );
    }

    #[test]
    fn truncated_mrz() {
        let field = "VANDERWESTHUIZEN<<CHRISTOPHER<ALEXANDER";
        assert_eq!(field.len(), 39);
        let o = compare(
            "Christopher Alexander Maximilian Vanderwesthuizen",
            field,
            None,
            &[],
        );
        assert_eq!(
            (o.status, o.level),
            (Status::Match, NameLevel::Truncated),
            "{}",
            o.explanation
        );
        assert!(
            o.explanation.contains("MRZ name truncated after R"),
            "{}",
            o.explanation
        );
        let cut = "VANDERWESTHUIZEN<<CHRISTOPHER<ALEXANDE";
        let cut = format!("{cut}R");
        assert_eq!(
            compare("Christopher Alexanderson Vanderwesthuizen", &cut, None, &[]).level,
            NameLevel::Truncated
        );
        // Entered shorter than the field: not a truncation.
        assert_eq!(
            compare("Christopher Alex Vanderwesthuizen", field, None, &[]).status,
            Status::Mismatch
        );
        // A field with filler is not full.
        assert_eq!(
            compare(
                "Anna Marianne Eriksson",
                "ERIKSSON<<ANNA<MARIA<<<<<<<<<",
                None,
                &[]
            )
            .status,
            Status::Mismatch
        );
    }

    #[test]
    fn scores_and_absurd_inputs() {
        assert_eq!(compare("Anna", "Anna", None, &[]).score, 1.0);
        for (e, d) in [
            ("", "ANNA"),
            ("ANNA", ""),
            ("--", "ANNA"),
            ("ANNA", "<<<<"),
            ("ANNA", "…·"),
        ] {
            let o = compare(e, d, None, &[]);
            assert_eq!((o.status, o.score), (Status::Mismatch, 0.0), "{e:?} {d:?}");
        }
        let long = "A".repeat(201);
        assert_eq!(compare(&long, "A", None, &[]).status, Status::Mismatch);
        assert_eq!(compare("A", &long, None, &[]).status, Status::Mismatch);
        let o = compare("Muler", "MUELLER<<HANS<<<<", None, &[]);
        assert_eq!(o.status, Status::Mismatch);
        assert!(o.score > 0.5 && o.score < 1.0);
    }

    #[test]
    fn never_panics_on_odd_input() {
        let samples = [
            "<",
            "<<",
            "<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<",
            "K<<X",
            "P<UTO",
            ",",
            ", ,",
            "A,",
            ",A",
            "𠮷",
            "𠮷野家",
            "\u{308}",
            "a\u{308}\u{308}",
            "ﬁ",
            "Ⅷ",
            "〇",
            "1990",
            "ER1K55ON<<",
            "Ж",
            "'",
            "O'",
            "张",
            "·",
            "張·",
            "ÅÄÖÜØÆÞŁßÑ",
            "Zhang",
            "LYU",
            "L",
            "XX<<KK<<CC",
            "\u{3000}",
            "Q\u{0}Q",
            "阿依古丽·买买提",
            "买买提 阿依古丽",
            "··张·",
            "MUXXLLER<<NXX<<",
            "UXX",
            "欧阳娜娜",
            "闾丘",
            "LYUQIU<<MING",
            "Ｚｈａｎｇ　Ｘｉａｏ",
        ];
        for a in samples {
            for b in samples {
                let o = compare(a, b, Some("HKG"), &[0, 1, 2, 500]);
                assert!((0.0..=1.0).contains(&o.score), "{a:?} {b:?}");
                let _ = compare(a, b, Some("TWN"), &[]);
                let _ = compare(a, b, None, &[]);
            }
        }
        // Pseudo-random strings over an alphabet of troublemakers.
        let alphabet: Vec<char> = "AEIKXCLOZSB0125869<<<  ,-'·张張小明单吕𠮷ÜüßØ\u{308}ａ"
            .chars()
            .collect();
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for _ in 0..3000 {
            let mut make = || -> String {
                let len = (next() % 45) as usize;
                (0..len)
                    .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
                    .collect()
            };
            let (a, b) = (make(), make());
            let country = ["HKG", "TWN", "JPN", "CHN"][(next() % 4) as usize];
            let low: Vec<usize> = (0..(next() % 4)).map(|_| (next() % 50) as usize).collect();
            let o = compare(&a, &b, Some(country), &low);
            assert!((0.0..=1.0).contains(&o.score), "{a:?} {b:?}");
        }
        let long: String = "张".repeat(200);
        let _ = compare(&"Zhang ".repeat(33), &long, None, &[]);
        let dotted = vec!["张小明"; 50].join("·");
        let _ = compare(&"Xiao Ming ".repeat(20), &dotted, None, &[]);
        let _ = compare(&dotted, &dotted.replace('·', ""), None, &[]);
    }
}
