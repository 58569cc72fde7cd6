//! Proof of address (KYC level 3): reads a utility bill, a bank statement or a
//! tenancy agreement, in Chinese or English, from OCR output. It says what kind
//! of page it is (by its wording), and finds the issue date, the holder's name
//! and the address by their printed labels (`Statement date`, `出账日期`,
//! `Account name`, `户名`, `乙方（承租方）`, `Supply address`, `用电地址`, ...).
//! Dates are read by `text::date` in every form it knows. Whether the name is
//! the identity document's and the date recent enough is left to `compare`;
//! images and engines to `verify`.
//!
//! A label counts where a cell of text starts with it, or where a colon follows
//! it (`第一条 房屋坐落：...`), so the same words in running text are not taken
//! for labels. Its value is the rest of the cell up to the next label, else
//! the next cell on the row, else the line below; an address also takes the
//! lines below that start where it starts.

use serde::Serialize;

use crate::documents::Read;
use crate::ocr::{BBox, OcrPage, Word};
use crate::report::Source;
use crate::text::date::{self, Date, DateOrder};

/// What kind of proof-of-address page it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum AddressProofKind {
    /// A utility bill: electricity, water, gas (电费, 水费, 燃气费).
    UtilityBill,
    /// A bank statement (银行对账单).
    BankStatement,
    /// A tenancy agreement (房屋租赁合同).
    TenancyAgreement,
    /// Not recognized as any of them.
    #[default]
    Unknown,
}

/// What a proof-of-address page says. A field is `None` when it was not found.
///
/// Serialized as the report's `address_proof` object: `kind`, `issue_date`,
/// `name` and `address`, and under `evidence` each value's confidence and the
/// label it was read from.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AddressProof {
    /// What kind of page it is.
    pub kind: AddressProofKind,
    /// When the page was issued: its statement, bill or signing date.
    pub issue_date: Option<Read<Date>>,
    /// The other reading of an issue date printed with numbers only, when day
    /// and month could be either way round (`03/06/2026`: 3 June day first, 6
    /// March month first). The reader gives the day-first reading as
    /// `issue_date`; [`AddressProof::in_date_order`] swaps them for month first.
    pub issue_date_other: Option<Date>,
    /// The holder's name as printed, a title (`Mr`, `女士`) removed.
    pub name: Option<Read<String>>,
    /// The address, its lines joined with ", ".
    pub address: Option<Read<String>>,
    /// The label each value was read from, as printed (`issue_date`, `name`,
    /// `address`, in that order).
    pub labels: [Option<String>; 3],
}

impl Serialize for AddressProof {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;

        /// How one value was read.
        #[derive(Serialize)]
        struct Evidence<'a> {
            confidence: f64,
            label: Option<&'a str>,
            #[serde(skip_serializing_if = "Option::is_none")]
            other_reading: Option<Date>,
        }
        fn evidence(confidence: f32, label: &Option<String>, other: Option<Date>) -> Evidence<'_> {
            Evidence {
                confidence: (f64::from(confidence) * 1000.0).round() / 1000.0,
                label: label.as_deref(),
                other_reading: other,
            }
        }
        /// The `evidence` object: an entry per value read.
        struct All<'a>(&'a AddressProof);
        impl Serialize for All<'_> {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let p = self.0;
                let mut m = s.serialize_map(None)?;
                if let Some(d) = &p.issue_date {
                    let e = evidence(d.confidence, &p.labels[0], p.issue_date_other);
                    m.serialize_entry("issue_date", &e)?;
                }
                if let Some(n) = &p.name {
                    m.serialize_entry("name", &evidence(n.confidence, &p.labels[1], None))?;
                }
                if let Some(a) = &p.address {
                    m.serialize_entry("address", &evidence(a.confidence, &p.labels[2], None))?;
                }
                m.end()
            }
        }

        let mut m = s.serialize_map(None)?;
        m.serialize_entry("kind", &self.kind)?;
        if let Some(d) = &self.issue_date {
            m.serialize_entry("issue_date", &d.value)?;
        }
        if let Some(n) = &self.name {
            m.serialize_entry("name", &n.value)?;
        }
        if let Some(a) = &self.address {
            m.serialize_entry("address", &a.value)?;
        }
        m.serialize_entry("evidence", &All(self))?;
        m.end()
    }
}

impl AddressProof {
    /// The same, with a numeric issue date read in `order`: month first
    /// (`DateOrder::Mdy`) swaps `issue_date` with `issue_date_other`; day
    /// first (the default) and year first leave it as read.
    pub fn in_date_order(&self, order: DateOrder) -> AddressProof {
        let mut p = self.clone();
        if order == DateOrder::Mdy {
            if let (Some(d), Some(other)) = (p.issue_date.as_mut(), p.issue_date_other.as_mut()) {
                std::mem::swap(&mut d.value, other);
            }
        }
        p
    }
}

/// What a label introduces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    /// The issue date; rank 0 is a label naming it, rank 1 a period whose
    /// last day stands in for it.
    Issued(u8),
    /// The holder's name; rank 0 names the holder, rank 1 is generic (`Name`).
    Holder(u8),
    /// The address.
    Address,
    /// Any other labelled field (account numbers, the landlord, due dates):
    /// it ends the value before it, and is never taken for one of ours.
    Other,
}

/// Labels in folded form (lower case, no spaces between Han characters,
/// ASCII colon and brackets). The longest label matching at a place wins, so
/// `account number` is not read as `account`.
const LABELS: &[(&str, Field)] = &[
    // Issue date.
    ("statement date", Field::Issued(0)),
    ("date of statement", Field::Issued(0)),
    ("date of issue", Field::Issued(0)),
    ("issue date", Field::Issued(0)),
    ("date issued", Field::Issued(0)),
    ("issued on", Field::Issued(0)),
    ("bill date", Field::Issued(0)),
    ("billing date", Field::Issued(0)),
    ("invoice date", Field::Issued(0)),
    ("date of agreement", Field::Issued(0)),
    ("agreement date", Field::Issued(0)),
    ("账单日期", Field::Issued(0)),
    ("出账日期", Field::Issued(0)),
    ("开具日期", Field::Issued(0)),
    ("开票日期", Field::Issued(0)),
    ("签订日期", Field::Issued(0)),
    ("签约日期", Field::Issued(0)),
    ("合同签订日期", Field::Issued(0)),
    ("对账单日期", Field::Issued(0)),
    ("对账日期", Field::Issued(0)),
    ("statement period", Field::Issued(1)),
    ("billing period", Field::Issued(1)),
    ("charges for", Field::Issued(1)),
    ("计费周期", Field::Issued(1)),
    ("账单周期", Field::Issued(1)),
    ("对账周期", Field::Issued(1)),
    // The holder. On a tenancy agreement that is the tenant (乙方, 承租方).
    ("account name", Field::Holder(0)),
    ("account holder", Field::Holder(0)),
    ("account holder name", Field::Holder(0)),
    ("customer name", Field::Holder(0)),
    ("customer", Field::Holder(0)),
    ("tenant", Field::Holder(0)),
    ("tenant name", Field::Holder(0)),
    ("户名", Field::Holder(0)),
    ("账户名称", Field::Holder(0)),
    ("客户姓名", Field::Holder(0)),
    ("客户名称", Field::Holder(0)),
    ("用户名称", Field::Holder(0)),
    ("用户姓名", Field::Holder(0)),
    ("承租方", Field::Holder(0)),
    ("承租人", Field::Holder(0)),
    ("乙方", Field::Holder(0)),
    ("name", Field::Holder(1)),
    ("姓名", Field::Holder(1)),
    // The address.
    ("address", Field::Address),
    ("service address", Field::Address),
    ("supply address", Field::Address),
    ("property address", Field::Address),
    ("billing address", Field::Address),
    ("installation address", Field::Address),
    ("correspondence address", Field::Address),
    ("地址", Field::Address),
    ("住址", Field::Address),
    ("用电地址", Field::Address),
    ("用水地址", Field::Address),
    ("用气地址", Field::Address),
    ("通讯地址", Field::Address),
    ("联系地址", Field::Address),
    ("房屋地址", Field::Address),
    ("房屋坐落", Field::Address),
    ("坐落", Field::Address),
    // Other fields: they end a value and are never one of ours.
    ("account number", Field::Other),
    ("account no", Field::Other),
    ("sort code", Field::Other),
    ("customer number", Field::Other),
    ("customer no", Field::Other),
    ("reference", Field::Other),
    ("landlord", Field::Other),
    ("amount due", Field::Other),
    ("please pay by", Field::Other),
    ("due date", Field::Other),
    ("closing balance", Field::Other),
    ("opening balance", Field::Other),
    ("甲方", Field::Other),
    ("出租方", Field::Other),
    ("出租人", Field::Other),
    ("户号", Field::Other),
    ("账号", Field::Other),
    ("卡号", Field::Other),
    ("身份证号码", Field::Other),
    ("身份证号", Field::Other),
    ("证件号码", Field::Other),
    ("联系电话", Field::Other),
    ("电话", Field::Other),
    ("合同编号", Field::Other),
    ("缴费截止日期", Field::Other),
    ("截止日期", Field::Other),
    ("本期应缴电费", Field::Other),
    ("应缴金额", Field::Other),
];

/// Words that tell the kinds apart, folded like the labels. A kind needs two
/// different ones; the most wins (ties: tenancy, then bank, then utility).
const KIND_WORDS: &[(AddressProofKind, &[&str])] = &[
    (
        AddressProofKind::TenancyAgreement,
        &[
            "租赁合同",
            "房屋租赁",
            "出租方",
            "承租方",
            "出租人",
            "承租人",
            "租金",
            "租赁期限",
            "tenancy",
            "lease",
            "landlord",
            "tenant",
            "rent",
        ],
    ),
    (
        AddressProofKind::BankStatement,
        &[
            "银行",
            "对账单",
            "账户",
            "余额",
            "交易日期",
            "bank",
            "statement",
            "sort code",
            "balance",
            "paid in",
            "paid out",
            "account number",
            "account no",
        ],
    ),
    (
        AddressProofKind::UtilityBill,
        &[
            "电费",
            "水费",
            "燃气费",
            "供电",
            "电力",
            "用电",
            "电量",
            "千瓦时",
            "自来水",
            "电费通知单",
            "electricity",
            "electricity bill",
            "water",
            "water bill",
            "gas bill",
            "energy bill",
            "wastewater",
            "gas",
            "energy",
            "kwh",
            "meter",
            "utility",
        ],
    ),
];

/// Honorifics printed before a name (English) or after it (Chinese).
const TITLES_BEFORE: &[&str] = &[
    "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "madam",
];
const TITLES_AFTER: &[&str] = &["先生", "女士", "小姐"];

/// Reads a proof-of-address page. Never fails: what is not found stays `None`.
pub fn read(page: &OcrPage) -> AddressProof {
    let rows = rows(page);
    let mut proof = AddressProof {
        kind: kind(page),
        ..AddressProof::default()
    };
    // The best (lowest-ranked, then first) value found for each field.
    let mut issued: Option<(u8, Read<Date>, Option<Date>, String)> = None;
    let mut holder: Option<(u8, Read<String>, String)> = None;
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            for found in labels_in(&cell.folded) {
                let (field, label) = (found.field, cell.original(found.start, found.end));
                if field == Field::Other {
                    continue;
                }
                let value = value_of(&rows, r, c, &found);
                let Some(value) = value else { continue };
                match field {
                    Field::Issued(rank) if issued.as_ref().is_none_or(|b| rank < b.0) => {
                        let dates = dates_in(&value.text);
                        // A period stands for its last day; a date label for its first date.
                        let pick = if rank == 0 {
                            dates.first()
                        } else {
                            dates.last()
                        };
                        if let Some(&(d, other)) = pick {
                            let read = Read::new(d, Source::Visual, value.conf);
                            issued = Some((rank, read, other, label));
                        }
                    }
                    Field::Holder(rank) if holder.as_ref().is_none_or(|b| rank < b.0) => {
                        if let Some(name) = clean_name(&value.text) {
                            let read = Read::new(name, Source::Visual, value.conf);
                            holder = Some((rank, read, label));
                        }
                    }
                    Field::Address if proof.address.is_none() => {
                        let text = address_lines(&rows, r, &value);
                        if text.chars().filter(|c| c.is_alphanumeric()).count() >= 4 {
                            proof.address = Some(Read::new(text, Source::Visual, value.conf));
                            proof.labels[2] = Some(label);
                        }
                    }
                    _ => {}
                }
            }
        }
    }
    if let Some((_, read, other, label)) = issued {
        proof.issue_date = Some(read);
        proof.issue_date_other = other;
        proof.labels[0] = Some(label);
    }
    if let Some((_, read, label)) = holder {
        proof.name = Some(read);
        proof.labels[1] = Some(label);
    }
    proof
}

/// Which kind of page this is, by the words on it (see [`KIND_WORDS`]).
pub fn kind(page: &OcrPage) -> AddressProofKind {
    let text = fold(&page.text()).0;
    let mut best = (1, AddressProofKind::Unknown);
    for (kind, words) in KIND_WORDS {
        let hits = words.iter().filter(|w| contains_word(&text, w)).count();
        if hits > best.0 {
            best = (hits, *kind);
        }
    }
    best.1
}

/// Whether `word` occurs in `text` without a letter or digit glued to either
/// side of an ASCII word (`rent` is not in `current`).
fn contains_word(text: &str, word: &str) -> bool {
    text.match_indices(word)
        .any(|(i, _)| boundary(text, i, i + word.len()))
}

fn boundary(text: &str, start: usize, end: usize) -> bool {
    let ascii_word = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    let first = text[start..].chars().next();
    let last = text[..end].chars().next_back();
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    let glued_before = ascii_word(first) && ascii_word(before);
    let glued_after = ascii_word(last) && ascii_word(after);
    !glued_before && !glued_after
}

/// A run of words on one row, set apart from the next by a wide gap (a column).
#[derive(Debug)]
struct Cell<'a> {
    words: Vec<&'a Word>,
    /// The words' text joined (see [`join`]).
    text: String,
    /// `text` folded, and for each folded byte the byte of `text` it came from.
    folded: String,
    map: Vec<usize>,
    bbox: BBox,
}

impl Cell<'_> {
    fn new(words: Vec<&Word>) -> Cell<'_> {
        let text = join(words.iter().map(|w| w.text.as_str()));
        let (folded, map) = fold(&text);
        let bbox = words
            .iter()
            .map(|w| w.bbox)
            .reduce(|a, b| a.union(&b))
            .unwrap_or_default();
        Cell {
            words,
            text,
            folded,
            map,
            bbox,
        }
    }

    /// The original text of folded bytes `start..end`.
    fn original(&self, start: usize, end: usize) -> String {
        let from = self.map.get(start).copied().unwrap_or(self.text.len());
        let to = if end >= self.map.len() {
            self.text.len()
        } else {
            self.map[end]
        };
        self.text[from..to.max(from)].trim().to_string()
    }

    /// The words that hold text from original byte `from` on, and their lowest
    /// confidence (0–1).
    fn words_from(&self, from: usize) -> (Vec<&Word>, f32) {
        let mut offset = 0;
        let mut out = Vec::new();
        for w in &self.words {
            let start = self.text[offset..]
                .find(w.text.as_str())
                .map_or(offset, |i| offset + i);
            let end = start + w.text.len();
            if end > from {
                out.push(*w);
            }
            offset = end;
        }
        let conf = out.iter().map(|w| w.conf).fold(100.0f32, f32::min) / 100.0;
        (out, conf)
    }
}

/// The page's words as rows top to bottom, each split into cells at gaps wider
/// than one and a half times the row's height.
fn rows(page: &OcrPage) -> Vec<Vec<Cell<'_>>> {
    let words: Vec<Word> = page.lines.iter().flat_map(|l| l.words.clone()).collect();
    let regrouped = OcrPage::from_words(words);
    // Each regrouped word is found again among the page's own words, so the
    // cells borrow from `page`.
    let all: Vec<&Word> = page.lines.iter().flat_map(|l| &l.words).collect();
    regrouped
        .lines
        .iter()
        .map(|line| {
            let h = line.bbox().h.max(1);
            let mut cells: Vec<Vec<&Word>> = Vec::new();
            let mut last_right: Option<u32> = None;
            for w in &line.words {
                let Some(own) = all.iter().find(|o| o.bbox == w.bbox && o.text == w.text) else {
                    continue;
                };
                let gap = last_right.map(|r| w.bbox.x.saturating_sub(r));
                match (cells.last_mut(), gap) {
                    (Some(cell), Some(g)) if g * 2 <= h * 3 => cell.push(own),
                    _ => cells.push(vec![own]),
                }
                last_right = Some(w.bbox.right());
            }
            cells.into_iter().map(Cell::new).collect()
        })
        .collect()
}

/// Joins OCR words: with a space between two ASCII words, without one where
/// either side is Han (chi_sim splits Chinese text into single characters).
fn join<'a>(words: impl Iterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for w in words {
        let glue = match (out.chars().next_back(), w.chars().next()) {
            (Some(a), Some(b)) => a.is_ascii() && b.is_ascii(),
            _ => false,
        };
        if glue {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// Folds text for label matching: ASCII lower case, full-width colon and
/// brackets to ASCII, whitespace runs to one space and none next to a Han
/// character. Returns the folded text and, for each of its bytes, the byte of
/// `text` it came from.
fn fold(text: &str) -> (String, Vec<usize>) {
    let mut out = String::new();
    let mut map = Vec::new();
    let mut pending_space: Option<usize> = None;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            pending_space.get_or_insert(i);
            continue;
        }
        let c = match c {
            '：' => ':',
            '（' => '(',
            '）' => ')',
            c => c.to_ascii_lowercase(),
        };
        if let Some(at) = pending_space.take() {
            let prev = out.chars().next_back();
            if prev.is_some_and(|p| p.is_ascii() && p != ':') && c.is_ascii() {
                out.push(' ');
                map.push(at);
            }
        }
        let mut buf = [0u8; 4];
        for _ in c.encode_utf8(&mut buf).bytes() {
            map.push(i);
        }
        out.push(c);
    }
    (out, map)
}

/// A label found in a folded cell: bytes `start..end` of it, and where its
/// value begins (after a bracketed note such as `（承租方）` and a colon).
#[derive(Debug, Clone, Copy)]
struct Found {
    field: Field,
    start: usize,
    end: usize,
    value_start: usize,
}

/// Every label in a folded cell, left to right, longest first at each place.
/// A label counts at the start of the cell, or anywhere when a colon follows it.
fn labels_in(folded: &str) -> Vec<Found> {
    let mut out = Vec::new();
    let mut at = 0;
    while at < folded.len() {
        let best = LABELS
            .iter()
            .filter(|(l, _)| folded[at..].starts_with(l) && boundary(folded, at, at + l.len()))
            .max_by_key(|(l, _)| l.len());
        if let Some(&(label, field)) = best {
            let end = at + label.len();
            let (colon, value_start) = after_label(folded, end);
            if at == 0 || colon {
                out.push(Found {
                    field,
                    start: at,
                    end,
                    value_start,
                });
                at = value_start.max(end);
                continue;
            }
        }
        at += folded[at..].chars().next().map_or(1, char::len_utf8);
    }
    out
}

/// Skips what may follow a label: a space, a short bracketed note and a
/// colon. Returns whether there was a colon, and where the value begins.
fn after_label(folded: &str, end: usize) -> (bool, usize) {
    let mut i = end;
    let rest = &folded[i..];
    let trimmed = rest.trim_start();
    i += rest.len() - trimmed.len();
    if folded[i..].starts_with('(') {
        if let Some(close) = folded[i..].find(')') {
            if folded[i..i + close].chars().count() <= 8 {
                i += close + 1;
            }
        }
    }
    let rest = &folded[i..];
    let trimmed = rest.trim_start_matches([' ', ':', '.']);
    let colon = rest[..rest.len() - trimmed.len()].contains(':');
    (colon, folded.len() - trimmed.len())
}

/// A label's value: its text, where it starts on the page and how sure the
/// OCR was of it.
#[derive(Debug)]
struct Value {
    text: String,
    x: u32,
    row_h: u32,
    conf: f32,
}

/// The value of the label `found` in cell `c` of row `r`: the rest of the cell
/// up to the next label; if that is empty, the next cell on the row; if there
/// is none, the cell below it.
fn value_of(rows: &[Vec<Cell<'_>>], r: usize, c: usize, found: &Found) -> Option<Value> {
    let cell = &rows[r][c];
    let next = labels_in(&cell.folded)
        .into_iter()
        .find(|l| l.start >= found.value_start)
        .map_or(cell.folded.len(), |l| l.start);
    let text = cell.original(found.value_start, next);
    if !text.is_empty() {
        let from = cell.map.get(found.value_start).copied().unwrap_or(0);
        let (words, conf) = cell.words_from(from);
        let x = words.first().map_or(cell.bbox.x, |w| w.bbox.x);
        return Some(Value {
            text,
            x,
            row_h: cell.bbox.h,
            conf,
        });
    }
    let whole = |cell: &Cell<'_>| {
        // A cell that starts with a label is that label's, not a value.
        let starts_labelled = labels_in(&cell.folded)
            .first()
            .is_some_and(|l| l.start == 0);
        (!starts_labelled && !cell.text.trim().is_empty()).then(|| Value {
            text: cell.text.trim().to_string(),
            x: cell.bbox.x,
            row_h: cell.bbox.h,
            conf: cell.words.iter().map(|w| w.conf).fold(100.0f32, f32::min) / 100.0,
        })
    };
    if let Some(next) = rows[r].get(c + 1) {
        return whole(next);
    }
    let below = rows.get(r + 1)?;
    let label_x = cell.bbox.x;
    let near = below.iter().find(|b| {
        b.bbox.y < cell.bbox.bottom() + 2 * cell.bbox.h.max(1) && b.bbox.right() > label_x
    })?;
    whole(near)
}

/// An address value with the lines below it that start where it starts (within
/// a row's height) and carry no label, joined with ", ".
fn address_lines(rows: &[Vec<Cell<'_>>], r: usize, value: &Value) -> String {
    let mut lines = vec![value.text.clone()];
    let h = value.row_h.max(1);
    let mut bottom = rows[r]
        .iter()
        .map(|c| c.bbox.bottom())
        .max()
        .unwrap_or_default();
    for row in rows.iter().skip(r + 1).take(3) {
        let Some(cell) = row.iter().find(|c| c.bbox.x.abs_diff(value.x) <= h) else {
            break;
        };
        if cell.bbox.y > bottom + 2 * h || !labels_in(&cell.folded).is_empty() {
            break;
        }
        lines.push(cell.text.trim().to_string());
        bottom = cell.bbox.bottom();
    }
    let joined = lines
        .iter()
        .map(|l| l.trim_matches([',', ' ', '，']))
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>();
    joined.join(", ")
}

/// Every date in `text`, left to right, each with its other reading when
/// the day and month of an all-number date could be either way round.
/// Tries three tokens (`15 October 2026`, `2026年10月15日`, `03/06/2026`),
/// then one (`20261015`), where tokens are runs of ASCII letters or digits.
fn dates_in(text: &str) -> Vec<(Date, Option<Date>)> {
    // Byte ranges of the runs of ASCII digits or ASCII letters.
    let mut tokens: Vec<(usize, usize)> = Vec::new();
    let mut run: Option<(usize, bool)> = None;
    for (i, c) in text.char_indices() {
        let class = if c.is_ascii_digit() {
            Some(true)
        } else if c.is_ascii_alphabetic() {
            Some(false)
        } else {
            None
        };
        if let Some((start, digits)) = run {
            if class == Some(digits) {
                continue;
            }
            tokens.push((start, i));
        }
        run = class.map(|digits| (i, digits));
    }
    if let Some((start, _)) = run {
        tokens.push((start, text.len()));
    }
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let mut took = 0;
        for len in [3usize, 1] {
            let Some(&(_, end)) = tokens.get(i + len - 1) else {
                continue;
            };
            let span = &text[tokens[i].0..end];
            // Only separators between the tokens: no words of another sentence.
            if span.chars().count() > 24 {
                continue;
            }
            if let Ok(d) = date::parse(span, DateOrder::Dmy) {
                let other = date::parse(span, DateOrder::Mdy).ok().filter(|o| *o != d);
                out.push((d, other));
                took = len;
                break;
            }
        }
        i += took.max(1);
    }
    out
}

/// The holder's name from a label's value: a title dropped, and nothing kept
/// but letters, Han characters, spaces and the marks names carry. `None` when
/// no name is left.
fn clean_name(value: &str) -> Option<String> {
    let kept: String = value
        .chars()
        .map(|c| {
            if c.is_alphabetic() || matches!(c, '·' | '•' | '-' | '\'') {
                c
            } else {
                ' '
            }
        })
        .collect();
    let mut words: Vec<&str> = kept.split_whitespace().collect();
    while let Some(first) = words.first() {
        let bare = first.trim_end_matches('.').to_ascii_lowercase();
        if words.len() > 1 && TITLES_BEFORE.contains(&bare.as_str()) {
            words.remove(0);
        } else {
            break;
        }
    }
    let mut name = join(words.into_iter());
    for t in TITLES_AFTER {
        if let Some(stripped) = name.strip_suffix(t) {
            if stripped.chars().count() >= 2 {
                name = stripped.to_string();
            }
        }
    }
    let letters = name.chars().filter(|c| c.is_alphabetic()).count();
    (letters >= 2 && name.chars().count() <= 60).then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(text: &str) -> AddressProof {
        read(&OcrPage::from_text(text))
    }

    fn d(y: i32, m: u32, day: u32) -> Date {
        Date::new(y, m, day).expect("a real day")
    }

    #[test]
    fn chinese_electricity_bill() {
        let p = page(
            "华光电力公司                    电费通知单\n\
             户名：张晓明                    户号：1234567890\n\
             用电地址：北京市朝阳区建国路88号院3号楼1单元502号\n\
             出账日期：2026年10月15日        计费周期：2026.09.01-2026.09.30\n\
             缴费截止日期：2026年11月04日\n\
             时段  上期示数  本期示数  电量  单价  金额\n\
             峰时段  10234  10456  222  0.5683  126.16\n",
        );
        assert_eq!(p.kind, AddressProofKind::UtilityBill);
        assert_eq!(p.issue_date.map(|r| r.value), Some(d(2026, 10, 15)));
        assert_eq!(p.issue_date_other, None);
        assert_eq!(p.name.map(|r| r.value).as_deref(), Some("张晓明"));
        assert_eq!(
            p.address.map(|r| r.value).as_deref(),
            Some("北京市朝阳区建国路88号院3号楼1单元502号")
        );
        assert_eq!(p.labels[0].as_deref(), Some("出账日期"));
    }

    #[test]
    fn english_statement_with_a_title_and_a_three_line_address() {
        let p = page(
            "HARBOUR BANK                         Statement of account\n\
             Account name: MR XIAOMING ZHANG      Sort code: 20-45-77\n\
             Address: Room 502, Unit 1, Building 3      Account no: 41234567\n\
             \x20        88 Jianguo Road, Chaoyang District\n\
             \x20        Beijing 100022\n\
             Statement date: 15 October 2026\n\
             Statement period: 16 September 2026 to 15 October 2026\n\
             Date    Description    Paid out    Balance\n\
             18 Sep  CARD PAYMENT   23.45       1,234.56\n",
        );
        assert_eq!(p.kind, AddressProofKind::BankStatement);
        assert_eq!(p.issue_date.map(|r| r.value), Some(d(2026, 10, 15)));
        assert_eq!(p.name.map(|r| r.value).as_deref(), Some("XIAOMING ZHANG"));
        assert_eq!(
            p.address.map(|r| r.value).as_deref(),
            Some(
                "Room 502, Unit 1, Building 3, 88 Jianguo Road, Chaoyang District, Beijing 100022"
            )
        );
    }

    #[test]
    fn tenancy_holder_is_the_tenant_not_the_landlord() {
        let p = page(
            "房屋租赁合同\n\
             合同编号：ZL12345678\n\
             甲方（出租方）：周子涵\n\
             乙方（承租方）：李静怡\n\
             甲乙双方经友好协商，就乙方承租甲方房屋一事，订立本合同。\n\
             第一条 房屋坐落：上海市徐汇区天钥桥路580弄12号1602室\n\
             第二条 租赁期限：自2026年9月5日起至2027年9月4日止。\n\
             甲方（签字）：周子涵          乙方（签字）：李静怡\n\
             签订日期：2026年9月3日\n",
        );
        assert_eq!(p.kind, AddressProofKind::TenancyAgreement);
        assert_eq!(p.name.map(|r| r.value).as_deref(), Some("李静怡"));
        assert_eq!(p.issue_date.map(|r| r.value), Some(d(2026, 9, 3)));
        assert_eq!(
            p.address.map(|r| r.value).as_deref(),
            Some("上海市徐汇区天钥桥路580弄12号1602室")
        );
    }

    #[test]
    fn numeric_dates_keep_their_other_reading() {
        let p = page(
            "PENNINE WATER     Your water bill\n\
             Customer: Mr Oliver James Hargreaves\n\
             Customer number: 1234 567890\n\
             Bill date: 03/06/2026\n\
             Charges for: 01/03/2026 to 31/05/2026\n",
        );
        assert_eq!(p.kind, AddressProofKind::UtilityBill);
        assert_eq!(p.issue_date.as_ref().map(|r| r.value), Some(d(2026, 6, 3)));
        assert_eq!(p.issue_date_other, Some(d(2026, 3, 6)));
        let us = p.in_date_order(DateOrder::Mdy);
        assert_eq!(us.issue_date.map(|r| r.value), Some(d(2026, 3, 6)));
        assert_eq!(us.issue_date_other, Some(d(2026, 6, 3)));
        assert_eq!(p.in_date_order(DateOrder::Dmy), p);
        assert_eq!(
            p.name.map(|r| r.value).as_deref(),
            Some("Oliver James Hargreaves"),
            "the title goes, `Customer number` is not a name label"
        );
    }

    #[test]
    fn a_period_stands_in_when_no_date_is_labelled() {
        let p = page("Statement period: 16 September 2026 to 15 October 2026\n");
        assert_eq!(p.issue_date.map(|r| r.value), Some(d(2026, 10, 15)));
        let p = page("账单周期：2026/10/01-2026/10/31\n对账单日期：2026/10/31\n");
        assert_eq!(p.issue_date.map(|r| r.value), Some(d(2026, 10, 31)));
        assert_eq!(p.labels[0].as_deref(), Some("对账单日期"));
    }

    #[test]
    fn value_on_the_next_line_or_cell() {
        let p = page("户名：\n王建国\n出账日期：\n2026年6月1日\n");
        assert_eq!(p.name.map(|r| r.value).as_deref(), Some("王建国"));
        assert_eq!(p.issue_date.map(|r| r.value), Some(d(2026, 6, 1)));
        let p = page("Account name            MS ANNA MARIA ERIKSSON\n");
        assert_eq!(
            p.name.map(|r| r.value).as_deref(),
            Some("ANNA MARIA ERIKSSON")
        );
    }

    #[test]
    fn labels_in_running_text_are_not_labels() {
        // 乙方 in a sentence, `address` in a clause: no colon, not a cell start.
        let p = page(
            "甲乙双方经友好协商，就乙方承租甲方房屋一事订立本合同\n\
             Please tell us if your address changes\n",
        );
        assert_eq!(p.name, None);
        assert_eq!(p.address, None);
        assert_eq!(p.issue_date, None);
    }

    #[test]
    fn nothing_recognizable_is_unknown_and_empty() {
        let p = page("hello world\n1234\n");
        assert_eq!(p.kind, AddressProofKind::Unknown);
        assert_eq!(p, AddressProof::default());
        assert_eq!(
            kind(&OcrPage::from_text("water")),
            AddressProofKind::Unknown
        );
    }

    #[test]
    fn dates_in_every_form() {
        let one = |s: &str| dates_in(s).first().map(|x| x.0);
        assert_eq!(one("2026年10月15日"), Some(d(2026, 10, 15)));
        assert_eq!(one("2026 年 10 月 15 日 (第10期)"), Some(d(2026, 10, 15)));
        assert_eq!(one("15 Oct 2026"), Some(d(2026, 10, 15)));
        assert_eq!(one("October 15, 2026"), Some(d(2026, 10, 15)));
        assert_eq!(one("2026/10/15"), Some(d(2026, 10, 15)));
        assert_eq!(one("20261015"), Some(d(2026, 10, 15)));
        assert_eq!(one("2026.10.15"), Some(d(2026, 10, 15)));
        assert_eq!(one("no date here 12"), None);
        let period: Vec<Date> = dates_in("2026.09.01-2026.09.30")
            .iter()
            .map(|x| x.0)
            .collect();
        assert_eq!(period, [d(2026, 9, 1), d(2026, 9, 30)]);
        assert_eq!(dates_in("13/06/2026")[0].1, None, "13 cannot be a month");
    }

    #[test]
    fn names_lose_titles_and_junk() {
        assert_eq!(
            clean_name("MR XIAOMING ZHANG").as_deref(),
            Some("XIAOMING ZHANG")
        );
        assert_eq!(
            clean_name("Mrs. Anna Eriksson").as_deref(),
            Some("Anna Eriksson")
        );
        assert_eq!(clean_name("张晓明先生").as_deref(), Some("张晓明"));
        assert_eq!(clean_name("李静怡 |").as_deref(), Some("李静怡"));
        assert_eq!(
            clean_name("Mr").as_deref(),
            Some("Mr"),
            "a title alone is kept"
        );
        assert_eq!(clean_name("1234"), None);
    }

    #[test]
    fn report_block_shape() -> Result<(), serde_json::Error> {
        let p = page("户名：张晓明\n出账日期：2026年10月15日\n用电地址：北京市朝阳区建国路88号\n电费 千瓦时\n");
        let v = serde_json::to_value(&p)?;
        assert_eq!(v["kind"], "utility_bill");
        assert_eq!(v["issue_date"], "2026-10-15");
        assert_eq!(v["name"], "张晓明");
        assert_eq!(v["evidence"]["name"]["label"], "户名");
        assert_eq!(v["evidence"]["issue_date"]["confidence"], 1.0);
        Ok(())
    }
}
