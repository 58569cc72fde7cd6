//! Proof-of-address documents (KYC level 3): a Chinese electricity bill (电费通知单), an
//! English bank statement, a Chinese tenancy agreement (房屋租赁合同), an English water bill
//! and a Chinese bank statement (账户对账单). Each is an A4 page at 150 dpi (1240 × 1754 px,
//! as a flatbed scan or a phone photo of a page gives it), issued to the holder of an existing
//! fixture document so that the cases can pair them. Issuers, numbers and addresses are
//! invented; each page says it is a specimen.
//!
//! Dates and numbers come from their own random stream ([`BILL_SEED`]), drawn after every
//! other fixture, so adding or changing a bill changes no earlier fixture.

use ab_glyph::FontRef;
use image::RgbImage;

use crate::data::{self, CnId, Passport, Rng, Sex, Ymd, AS_OF};
use crate::draw::{self, Rgb};

/// The seed of the bills' own random stream ("KYCBILLS").
pub const BILL_SEED: u64 = 0x4B59_4342_494C_4C53;

/// A4 at 150 dpi.
pub const PAGE_W: u32 = 1240;
/// A4 at 150 dpi.
pub const PAGE_H: u32 = 1754;

const INK: Rgb = [24, 24, 28];
const GREY: Rgb = [92, 94, 100];
const WHITE: Rgb = [255, 255, 255];

/// The faces bills are printed with.
pub struct BillFonts<'a> {
    /// Noto Sans CJK SC Regular and Bold: Chinese pages.
    pub cjk: FontRef<'a>,
    pub cjk_bold: FontRef<'a>,
    /// DejaVu Sans Book and Bold: English pages.
    pub latin: FontRef<'a>,
    pub latin_bold: FontRef<'a>,
}

/// What kind of page.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Kind {
    /// A Chinese electricity bill (电费通知单).
    CnElectricity,
    /// An English bank statement.
    EnBankStatement,
    /// A Chinese tenancy agreement's first page (房屋租赁合同).
    CnTenancy,
    /// An English water bill.
    EnWater,
    /// A Chinese bank statement (个人账户对账单).
    CnBankStatement,
}

impl Kind {
    /// The report's `address_proof.kind` for this page.
    pub fn proof_kind(self) -> &'static str {
        match self {
            Kind::CnElectricity | Kind::EnWater => "utility_bill",
            Kind::EnBankStatement | Kind::CnBankStatement => "bank_statement",
            Kind::CnTenancy => "tenancy_agreement",
        }
    }
    fn chinese(self) -> bool {
        matches!(
            self,
            Kind::CnElectricity | Kind::CnTenancy | Kind::CnBankStatement
        )
    }
}

/// How old the page is on [`AS_OF`].
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Age {
    /// Issued 12 to 80 days before: within three months.
    Fresh,
    /// Issued 100 to 200 days before: more than three months.
    Old,
}

/// One proof-of-address page.
pub struct BillSpec {
    pub doc_id: &'static str,
    pub kind: Kind,
    /// The fixture document (`cnidNN` or `ppNN`) whose holder the page is issued to.
    pub holder: &'static str,
    /// For a tenancy agreement, the landlord (甲方): another fixture document's holder.
    pub landlord: Option<&'static str>,
    pub age: Age,
    /// The address printed on the page, in lines.
    pub address: &'static [&'static str],
    /// The identity documents submitted with this page in the cases (`cnidNN`, `ppNN`).
    pub paired_with: &'static [&'static str],
}

pub const BILLS: [BillSpec; 7] = [
    BillSpec {
        doc_id: "bill01",
        kind: Kind::CnElectricity,
        holder: "cnid01",
        landlord: None,
        age: Age::Fresh,
        address: &["北京市朝阳区建国路88号院3号楼1单元502号"],
        // The holder's own bill, and the same bill submitted by someone else.
        paired_with: &["cnid01", "cnid03"],
    },
    BillSpec {
        doc_id: "bill02",
        kind: Kind::EnBankStatement,
        holder: "cnid01",
        landlord: None,
        age: Age::Fresh,
        address: &[
            "Room 502, Unit 1, Building 3",
            "88 Jianguo Road, Chaoyang District",
            "Beijing 100022",
        ],
        // Pinyin on the statement, Hanzi on the card.
        paired_with: &["cnid01"],
    },
    BillSpec {
        doc_id: "bill03",
        kind: Kind::CnElectricity,
        holder: "cnid03",
        landlord: None,
        age: Age::Old,
        address: &["广东省深圳市南山区科技园南路15号2栋1203"],
        paired_with: &["cnid03"],
    },
    BillSpec {
        doc_id: "bill04",
        kind: Kind::EnBankStatement,
        holder: "pp01",
        landlord: None,
        age: Age::Fresh,
        address: &["Flat 7, 21 Canal Street", "Manchester", "M1 3HE"],
        // Given name first on the statement, surname first in the MRZ; and a stranger's.
        paired_with: &["pp01", "pp07"],
    },
    BillSpec {
        doc_id: "bill05",
        kind: Kind::CnTenancy,
        holder: "cnid02",
        landlord: Some("cnid09"),
        age: Age::Fresh,
        address: &["上海市徐汇区天钥桥路580弄12号1602室"],
        // The tenant (乙方), and the landlord (甲方), whose name is on the page but who is not
        // its holder.
        paired_with: &["cnid02", "cnid09"],
    },
    BillSpec {
        doc_id: "bill06",
        kind: Kind::EnWater,
        holder: "pp07",
        landlord: None,
        age: Age::Old,
        address: &["14 Moor Lane", "Leeds", "LS6 2QT"],
        paired_with: &["pp07"],
    },
    BillSpec {
        doc_id: "bill07",
        kind: Kind::CnBankStatement,
        holder: "pp03",
        landlord: None,
        age: Age::Fresh,
        address: &["福建省福州市鼓楼区五四路158号"],
        // Hanzi on the statement, pinyin in the passport's MRZ.
        paired_with: &["pp03"],
    },
];

/// A fixture document's holder, as a bill prints them.
pub struct Holder {
    pub hanzi: Option<String>,
    /// Latin surname and given names, upper case (`ZHANG`, `XIAOMING`).
    pub surname: String,
    pub given: String,
    pub sex: Sex,
}

/// The holder of the fixture document `doc_id`.
pub fn holder(doc_id: &str, cn_ids: &[CnId], passports: &[Passport]) -> Option<Holder> {
    if let Some(c) = cn_ids.iter().find(|c| c.doc_id == doc_id) {
        let (surname, given) = data::name_pinyin(c.spec.name, c.spec.surname_len);
        return Some(Holder {
            hanzi: Some(c.spec.name.to_string()),
            surname,
            given,
            sex: c.spec.sex,
        });
    }
    passports
        .iter()
        .find(|p| p.doc_id == doc_id)
        .map(|p| Holder {
            hanzi: p.spec.hanzi.map(|(h, _)| h.to_string()),
            surname: p.surname.clone(),
            given: p.given.clone(),
            sex: p.spec.sex,
        })
}

/// A generated page.
pub struct Bill {
    pub spec: &'static BillSpec,
    /// The holder's name as printed, without a title.
    pub name: String,
    /// The title printed before it on English pages (`MR`, `Ms`).
    pub title: &'static str,
    /// The landlord's name on a tenancy agreement.
    pub landlord: Option<String>,
    /// The issue date: statement date, bill date, 出账日期 or 签订日期.
    pub issued: Ymd,
    /// Account or contract number.
    pub account: String,
    /// Amounts in cents (fen, pence), one per table row.
    pub amounts: Vec<i64>,
}

impl Bill {
    /// The address on one line, as the report joins it (lines separated by ", ").
    pub fn address_line(&self) -> String {
        self.spec.address.join(", ")
    }
}

/// Every bill, drawn from [`BILL_SEED`] in table order.
pub fn bills(cn_ids: &[CnId], passports: &[Passport]) -> Result<Vec<Bill>, String> {
    let mut rng = Rng::new(BILL_SEED);
    BILLS
        .iter()
        .map(|spec| {
            let h = holder(spec.holder, cn_ids, passports)
                .ok_or_else(|| format!("{}: no fixture document {}", spec.doc_id, spec.holder))?;
            let name = if spec.kind.chinese() {
                h.hanzi
                    .clone()
                    .ok_or_else(|| format!("{}: a Chinese page needs a Hanzi name", spec.doc_id))?
            } else if spec.kind == Kind::EnBankStatement {
                format!("{} {}", h.given, h.surname)
            } else {
                data::title_case(&format!("{} {}", h.given, h.surname))
            };
            let title = match (spec.kind, h.sex) {
                (Kind::EnBankStatement, Sex::M) => "MR",
                (Kind::EnBankStatement, Sex::F) => "MS",
                (_, Sex::M) => "Mr",
                (_, Sex::F) => "Ms",
            };
            let landlord = match spec.landlord {
                None => None,
                Some(id) => Some(
                    holder(id, cn_ids, passports)
                        .and_then(|l| l.hanzi)
                        .ok_or_else(|| {
                            format!("{}: landlord {id} has no Hanzi name", spec.doc_id)
                        })?,
                ),
            };
            let days = match spec.age {
                Age::Fresh => rng.range(12, 80),
                Age::Old => rng.range(100, 200),
            };
            let issued = AS_OF.add_days(-days);
            let account = (0..10)
                .map(|_| char::from(b'0' + rng.range(0, 9) as u8))
                .collect();
            let amounts = (0..8).map(|_| rng.range(350, 48_000)).collect();
            Ok(Bill {
                spec,
                name,
                title,
                landlord,
                issued,
                account,
                amounts,
            })
        })
        .collect()
}

/// Every string a bill prints with the CJK face (checked for missing glyphs up front).
pub fn cjk_strings(b: &Bill) -> Vec<String> {
    if !b.spec.kind.chinese() {
        return Vec::new();
    }
    let mut v = vec![b.name.clone(), b.address_line()];
    v.extend(b.landlord.clone());
    v.extend(page_text(b).into_iter().map(|(_, s)| s));
    v
}

/// Every string a bill prints with the Latin face.
pub fn latin_strings(b: &Bill) -> Vec<String> {
    if b.spec.kind.chinese() {
        return Vec::new();
    }
    page_text(b).into_iter().map(|(_, s)| s).collect()
}

/// The page's text lines with their pixel size, for the glyph check.
fn page_text(b: &Bill) -> Vec<(u8, String)> {
    let mut img = RgbImage::new(1, 1);
    let mut out = Vec::new();
    draw_page(&mut img, None, Some(&mut out), b);
    out
}

/// Draws one bill.
pub fn page(fonts: &BillFonts, b: &Bill) -> RgbImage {
    let mut img = RgbImage::from_pixel(PAGE_W, PAGE_H, image::Rgb([252, 252, 250]));
    draw_page(&mut img, Some(fonts), None, b);
    img
}

/// A pen over one page. Without fonts it only collects the text (for the glyph check before
/// anything is drawn).
struct Pen<'a, 'f> {
    img: &'a mut RgbImage,
    fonts: Option<&'a BillFonts<'f>>,
    collect: Option<&'a mut Vec<(u8, String)>>,
    chinese: bool,
}

impl Pen<'_, '_> {
    fn font(&self, bold: bool) -> Option<&FontRef<'_>> {
        self.fonts.map(|f| match (self.chinese, bold) {
            (true, false) => &f.cjk,
            (true, true) => &f.cjk_bold,
            (false, false) => &f.latin,
            (false, true) => &f.latin_bold,
        })
    }

    /// Writes `s` at `px` with its baseline at `y`; returns the x after it.
    fn text(&mut self, x: f32, y: f32, px: f32, bold: bool, color: Rgb, s: &str) -> f32 {
        if let Some(out) = self.collect.as_mut() {
            out.push((px as u8, s.to_string()));
        }
        let Some(fonts) = self.fonts else { return x };
        let font = match (self.chinese, bold) {
            (true, false) => &fonts.cjk,
            (true, true) => &fonts.cjk_bold,
            (false, false) => &fonts.latin,
            (false, true) => &fonts.latin_bold,
        };
        draw::text(self.img, font, px, x, y, color, s, 0.5)
    }

    /// Text ending at `right`.
    fn text_right(&mut self, right: f32, y: f32, px: f32, bold: bool, color: Rgb, s: &str) {
        let w = self
            .font(bold)
            .map_or(0.0, |f| draw::text_width(f, px, s, 0.5));
        self.text(right - w, y, px, bold, color, s);
    }

    /// A label in grey and its value in ink right after it.
    fn field(&mut self, x: f32, y: f32, label: &str, value: &str) -> f32 {
        let after = self.text(x, y, LABEL_PX, false, GREY, label);
        let gap = if self.chinese { 4.0 } else { 12.0 };
        self.text(after + gap, y, VALUE_PX, true, INK, value)
    }

    fn rect(&mut self, x0: f32, y0: f32, x1: f32, y1: f32, color: Rgb) {
        if self.fonts.is_some() {
            draw::fill_rect(
                self.img, x0 as i32, y0 as i32, x1 as i32, y1 as i32, color, 1.0,
            );
        }
    }
}

const LABEL_PX: f32 = 28.0;
const VALUE_PX: f32 = 30.0;
const BODY_PX: f32 = 27.0;
const MARGIN: f32 = 90.0;

fn draw_page(
    img: &mut RgbImage,
    fonts: Option<&BillFonts>,
    collect: Option<&mut Vec<(u8, String)>>,
    b: &Bill,
) {
    let mut pen = Pen {
        img,
        fonts,
        collect,
        chinese: b.spec.kind.chinese(),
    };
    match b.spec.kind {
        Kind::CnElectricity => cn_electricity(&mut pen, b),
        Kind::EnBankStatement => en_bank_statement(&mut pen, b),
        Kind::CnTenancy => cn_tenancy(&mut pen, b),
        Kind::EnWater => en_water(&mut pen, b),
        Kind::CnBankStatement => cn_bank_statement(&mut pen, b),
    }
}

fn yuan(cents: i64) -> String {
    format!("{}.{:02}", cents / 100, cents % 100)
}

fn pounds(pence: i64) -> String {
    let whole = pence / 100;
    let s = if whole >= 1000 {
        format!("{},{:03}", whole / 1000, whole % 1000)
    } else {
        whole.to_string()
    };
    format!("{s}.{:02}", pence % 100)
}

/// `15 October 2026`
fn long_date(d: Ymd) -> String {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    format!("{} {} {}", d.d, MONTHS[d.m as usize - 1], d.y)
}

/// `18 Sep`
fn short_date(d: Ymd) -> String {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    format!("{:02} {}", d.d, MONTHS[d.m as usize - 1])
}

/// The first day of the month `d` falls in.
fn month_start(d: Ymd) -> Ymd {
    Ymd::new(d.y, d.m, 1)
}

/// The last day of the month before the one `d` falls in.
fn previous_month_end(d: Ymd) -> Ymd {
    month_start(d).add_days(-1)
}

fn cn_electricity(pen: &mut Pen, b: &Bill) {
    let w = PAGE_W as f32;
    let teal: Rgb = [0, 120, 108];
    pen.rect(0.0, 0.0, w, 170.0, teal);
    pen.text(MARGIN, 105.0, 50.0, true, WHITE, "华光电力公司");
    pen.text_right(w - MARGIN, 105.0, 44.0, true, WHITE, "电费通知单");
    pen.text_right(w - MARGIN, 215.0, 22.0, false, GREY, "样本 仅供测试");
    let period_end = previous_month_end(b.issued);
    let period_start = month_start(period_end);
    let due = b.issued.add_days(20);
    let col2 = 700.0;
    pen.field(MARGIN, 290.0, "户名：", &b.name);
    pen.field(col2, 290.0, "户号：", &b.account);
    pen.field(MARGIN, 370.0, "用电地址：", &b.address_line());
    pen.field(MARGIN, 450.0, "出账日期：", &b.issued.chinese());
    pen.field(
        col2,
        450.0,
        "计费周期：",
        &format!("{}-{}", period_start.dotted(), period_end.dotted()),
    );
    pen.field(MARGIN, 530.0, "缴费截止日期：", &due.chinese());

    // The meter table.
    let top = 610.0;
    pen.rect(MARGIN, top, w - MARGIN, top + 62.0, [218, 236, 232]);
    let cols = [MARGIN + 16.0, 300.0, 480.0, 660.0, 840.0, 1010.0];
    let heads = ["时段", "上期示数", "本期示数", "电量", "单价", "金额"];
    for (x, h) in cols.iter().zip(heads) {
        pen.text(*x, top + 44.0, BODY_PX, true, INK, h);
    }
    let mut reading = 10_000 + b.amounts[0] % 5_000;
    let mut total = 0;
    // Price per kWh in ten-thousandths of a yuan.
    for (i, (slot, price)) in [("峰时段", 5683), ("平时段", 4883), ("谷时段", 3083)]
        .iter()
        .enumerate()
    {
        let used = 60 + b.amounts[i + 1] % 240;
        let cost = used * price / 100;
        total += cost;
        let y = top + 120.0 + 64.0 * i as f32;
        let row = [
            slot.to_string(),
            reading.to_string(),
            (reading + used).to_string(),
            used.to_string(),
            format!("0.{price:04}"),
            yuan(cost),
        ];
        for (x, v) in cols.iter().zip(&row) {
            pen.text(*x, y, BODY_PX, false, INK, v);
        }
        reading += used;
    }
    let y = top + 340.0;
    pen.rect(MARGIN, y - 50.0, w - MARGIN, y - 48.0, GREY);
    pen.field(
        MARGIN,
        y + 20.0,
        "本期应缴电费：",
        &format!("{} 元", yuan(total)),
    );
    let notes = [
        "温馨提示：请在缴费截止日期前缴清电费，逾期将按规定加收违约金。",
        "您可以通过网上营业厅、手机客户端或银行代扣等方式缴纳电费。",
        "如对本通知单有疑问，请拨打客服热线咨询。",
    ];
    for (i, n) in notes.iter().enumerate() {
        pen.text(MARGIN, 1180.0 + 52.0 * i as f32, 24.0, false, GREY, n);
    }
    pen.rect(MARGIN, 1560.0, w - MARGIN, 1562.0, teal);
    pen.text(
        MARGIN,
        1610.0,
        24.0,
        false,
        GREY,
        "华光电力公司  客服热线：96789",
    );
}

fn en_bank_statement(pen: &mut Pen, b: &Bill) {
    let w = PAGE_W as f32;
    let navy: Rgb = [20, 44, 92];
    pen.text(MARGIN, 130.0, 54.0, true, navy, "HARBOUR BANK");
    pen.text_right(w - MARGIN, 126.0, 34.0, false, navy, "Statement of account");
    pen.text(
        MARGIN,
        180.0,
        20.0,
        false,
        GREY,
        "Harbour Bank plc, 1 Example Quay, Bristol BS1 1AA. Specimen for testing only.",
    );
    pen.rect(MARGIN, 205.0, w - MARGIN, 209.0, navy);
    let start = b.issued.add_days(-29);
    let col2 = 760.0;
    pen.field(
        MARGIN,
        300.0,
        "Account name:",
        &format!("{} {}", b.title, b.name),
    );
    pen.field(col2, 300.0, "Sort code:", "20-45-77");
    let mut y = 370.0;
    let after = pen.text(MARGIN, y, LABEL_PX, false, GREY, "Address:");
    for line in b.spec.address {
        pen.text(after + 12.0, y, VALUE_PX, true, INK, line);
        y += 48.0;
    }
    pen.field(col2, 370.0, "Account no:", &b.account[..8]);
    y += 30.0;
    pen.field(MARGIN, y, "Statement date:", &long_date(b.issued));
    pen.field(
        MARGIN,
        y + 70.0,
        "Statement period:",
        &format!("{} to {}", long_date(start), long_date(b.issued)),
    );

    let top = y + 150.0;
    pen.rect(MARGIN, top, w - MARGIN, top + 58.0, [226, 232, 244]);
    let cols = [MARGIN + 12.0, 260.0, 760.0, 930.0];
    for (x, h) in cols
        .iter()
        .zip(["Date", "Description", "Paid out", "Balance"])
    {
        pen.text(*x, top + 41.0, BODY_PX, true, navy, h);
    }
    let payees = [
        "CARD PAYMENT METRO MARKET",
        "DIRECT DEBIT CITY ENERGY",
        "CARD PAYMENT BOOKSHOP",
        "STANDING ORDER RENT",
        "CARD PAYMENT PHARMACY",
        "DIRECT DEBIT MOBILE",
    ];
    let mut balance: i64 = 250_000 + b.amounts[0] * 3;
    for (i, payee) in payees.iter().enumerate() {
        let d = start.add_days(3 + 4 * i as i64);
        let out = b.amounts[i + 1];
        balance -= out;
        let y = top + 110.0 + 58.0 * i as f32;
        pen.text(cols[0], y, BODY_PX, false, INK, &short_date(d));
        pen.text(cols[1], y, BODY_PX, false, INK, payee);
        pen.text(cols[2], y, BODY_PX, false, INK, &pounds(out));
        pen.text(cols[3], y, BODY_PX, false, INK, &pounds(balance));
    }
    let y = top + 110.0 + 58.0 * payees.len() as f32 + 30.0;
    pen.field(
        MARGIN,
        y,
        "Closing balance:",
        &format!("GBP {}", pounds(balance)),
    );
    pen.rect(MARGIN, 1560.0, w - MARGIN, 1562.0, navy);
    pen.text(
        MARGIN,
        1610.0,
        22.0,
        false,
        GREY,
        "Please check this statement and tell us about any entry you do not recognise.",
    );
}

fn cn_tenancy(pen: &mut Pen, b: &Bill) {
    let w = PAGE_W as f32;
    let title_w = 8.0 * 56.0;
    pen.text((w - title_w) / 2.0, 150.0, 56.0, true, INK, "房屋租赁合同");
    pen.text_right(w - MARGIN, 215.0, 22.0, false, GREY, "样本 仅供测试");
    pen.field(
        MARGIN,
        280.0,
        "合同编号：",
        &format!("ZL{}", &b.account[..8]),
    );
    let landlord = b.landlord.clone().unwrap_or_default();
    pen.field(MARGIN, 360.0, "甲方（出租方）：", &landlord);
    pen.field(MARGIN, 430.0, "乙方（承租方）：", &b.name);
    let start = b.issued.add_days(2);
    let end = start.add_years(1).add_days(-1);
    let rent = 3_000 + (b.amounts[0] % 30) * 100;
    let clauses = [
        "甲乙双方经友好协商，就乙方承租甲方房屋一事，订立本合同。".to_string(),
        format!("第一条 房屋坐落：{}", b.address_line()),
        format!(
            "第二条 租赁期限：自{}起至{}止。",
            start.chinese(),
            end.chinese()
        ),
        format!("第三条 租金：每月人民币{rent}元，按月支付。"),
        "第四条 乙方应按时支付租金，并爱护房屋及设施。".to_string(),
        "第五条 租赁期间的水电燃气费用由乙方承担。".to_string(),
        "第六条 本合同一式两份，甲乙双方各执一份。".to_string(),
    ];
    for (i, c) in clauses.iter().enumerate() {
        pen.text(MARGIN, 540.0 + 72.0 * i as f32, BODY_PX, false, INK, c);
    }
    let y = 1180.0;
    pen.field(MARGIN, y, "甲方（签字）：", &landlord);
    pen.field(660.0, y, "乙方（签字）：", &b.name);
    pen.field(MARGIN, y + 90.0, "签订日期：", &b.issued.chinese());
}

fn en_water(pen: &mut Pen, b: &Bill) {
    let w = PAGE_W as f32;
    let blue: Rgb = [0, 92, 160];
    pen.rect(0.0, 0.0, w, 150.0, blue);
    pen.text(MARGIN, 100.0, 50.0, true, WHITE, "PENNINE WATER");
    pen.text_right(w - MARGIN, 98.0, 36.0, false, WHITE, "Your water bill");
    pen.text_right(
        w - MARGIN,
        200.0,
        20.0,
        false,
        GREY,
        "Specimen for testing only",
    );
    let start = month_start(b.issued.add_days(-95));
    let end = previous_month_end(b.issued);
    pen.field(
        MARGIN,
        290.0,
        "Customer:",
        &format!("{} {}", b.title, b.name),
    );
    let mut y = 360.0;
    let after = pen.text(MARGIN, y, LABEL_PX, false, GREY, "Supply address:");
    for line in b.spec.address {
        pen.text(after + 12.0, y, VALUE_PX, true, INK, line);
        y += 48.0;
    }
    y += 30.0;
    pen.field(
        MARGIN,
        y,
        "Customer number:",
        &format!("{} {}", &b.account[..4], &b.account[4..]),
    );
    // Day first, as a British bill prints it.
    pen.field(MARGIN, y + 70.0, "Bill date:", &b.issued.dmy_slash());
    pen.field(
        MARGIN,
        y + 140.0,
        "Charges for:",
        &format!("{} to {}", start.dmy_slash(), end.dmy_slash()),
    );
    let top = y + 230.0;
    pen.rect(MARGIN, top, w - MARGIN, top + 58.0, [222, 236, 248]);
    pen.text(MARGIN + 12.0, top + 41.0, BODY_PX, true, blue, "Charge");
    pen.text(900.0, top + 41.0, BODY_PX, true, blue, "Amount");
    let mut total = 0;
    for (i, item) in ["Water supply", "Wastewater", "Standing charge"]
        .iter()
        .enumerate()
    {
        let amount = 800 + b.amounts[i + 1] % 6_000;
        total += amount;
        let y = top + 110.0 + 58.0 * i as f32;
        pen.text(MARGIN + 12.0, y, BODY_PX, false, INK, item);
        pen.text(900.0, y, BODY_PX, false, INK, &pounds(amount));
    }
    let y = top + 330.0;
    pen.field(MARGIN, y, "Amount due:", &format!("GBP {}", pounds(total)));
    pen.field(
        MARGIN,
        y + 70.0,
        "Please pay by:",
        &b.issued.add_days(21).dmy_slash(),
    );
    pen.rect(MARGIN, 1560.0, w - MARGIN, 1562.0, blue);
    pen.text(
        MARGIN,
        1610.0,
        22.0,
        false,
        GREY,
        "Pennine Water Ltd. Call us on 0800 000 0000 if you have a question about this bill.",
    );
}

fn cn_bank_statement(pen: &mut Pen, b: &Bill) {
    let w = PAGE_W as f32;
    let red: Rgb = [170, 30, 40];
    pen.text(MARGIN, 130.0, 50.0, true, red, "示例银行");
    pen.text_right(w - MARGIN, 128.0, 40.0, false, INK, "个人账户对账单");
    pen.rect(MARGIN, 165.0, w - MARGIN, 169.0, red);
    pen.text_right(w - MARGIN, 215.0, 22.0, false, GREY, "样本 仅供测试");
    // Last month's statement, issued early this month.
    let end = previous_month_end(b.issued);
    let start = month_start(end);
    let col2 = 640.0;
    pen.field(MARGIN, 290.0, "户名：", &b.name);
    pen.field(
        col2,
        290.0,
        "账号：",
        &format!("6222 {} {}", &b.account[..4], &b.account[4..8]),
    );
    pen.field(MARGIN, 370.0, "地址：", &b.address_line());
    // Year first with slashes: 2026/10/31.
    let slashed = |d: Ymd| format!("{:04}/{:02}/{:02}", d.y, d.m, d.d);
    pen.field(MARGIN, 450.0, "对账单日期：", &slashed(b.issued));
    pen.field(
        col2,
        450.0,
        "账单周期：",
        &format!("{}-{}", slashed(start), slashed(end)),
    );
    let top = 540.0;
    pen.rect(MARGIN, top, w - MARGIN, top + 60.0, [244, 226, 226]);
    let cols = [MARGIN + 12.0, 330.0, 640.0, 900.0];
    for (x, h) in cols.iter().zip(["交易日期", "摘要", "金额", "余额"]) {
        pen.text(*x, top + 43.0, BODY_PX, true, INK, h);
    }
    let memos = ["工资", "消费", "转账", "消费", "水电费", "利息"];
    let mut balance: i64 = 1_200_000 + b.amounts[0] * 7;
    for (i, memo) in memos.iter().enumerate() {
        let d = start.add_days(1 + 5 * i as i64);
        let amount = b.amounts[i + 1];
        let signed = if i == 0 || i == 5 { amount } else { -amount };
        balance += signed;
        let y = top + 112.0 + 60.0 * i as f32;
        pen.text(cols[0], y, BODY_PX, false, INK, &d.dotted());
        pen.text(cols[1], y, BODY_PX, false, INK, memo);
        let sign = if signed < 0 { "-" } else { "+" };
        pen.text(
            cols[2],
            y,
            BODY_PX,
            false,
            INK,
            &format!("{sign}{}", yuan(amount)),
        );
        pen.text(cols[3], y, BODY_PX, false, INK, &yuan(balance));
    }
    pen.rect(MARGIN, 1560.0, w - MARGIN, 1562.0, red);
    pen.text(
        MARGIN,
        1610.0,
        22.0,
        false,
        GREY,
        "如对账单内容有疑问，请于收到后三十日内与本行联系。",
    );
}
