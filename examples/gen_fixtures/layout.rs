//! Page layouts: the Chinese resident ID card (portrait and emblem sides) and the TD3 passport
//! data page. Positions are fractions of the page size, measured from real specimens.

use ab_glyph::{Font, FontRef, PxScale};
use image::RgbImage;

use crate::data::{CnId, Passport, PrCard};
use crate::draw::{self, Fonts, Rgb, Waves};

/// Card width in pixels (85.6 x 54 mm, ISO/IEC 7810 ID-1).
pub const CARD_W: u32 = 1100;
/// Card height in pixels.
pub const CARD_H: u32 = 694;
/// Passport data page width in pixels (125 x 88 mm, ICAO 9303 TD3).
pub const PAGE_W: u32 = 1300;
/// Passport data page height in pixels.
pub const PAGE_H: u32 = 915;

const INK: Rgb = [22, 22, 26];
const CARD_LABEL: Rgb = [52, 102, 150];

/// Every string that will be printed with the CJK face, checked for missing glyphs up front.
pub fn cjk_strings_cn(id: &CnId) -> Vec<String> {
    vec![
        id.spec.name.to_string(),
        id.spec.address.to_string(),
        id.spec.authority.to_string(),
        id.spec.ethnicity.to_string(),
        permit_title(id).to_string(),
        "姓名性别民族出生年月日住址公民身份号码签发机关有效期限长期中华人民共和国居民身份证男女"
            .to_string(),
    ]
}

/// The card's title on its back: 居民身份证, or the residence permit's (the back of a
/// real permit also prints the holder's travel-permit number and how many times the
/// permit was issued; those lines are not drawn).
fn permit_title(id: &CnId) -> &'static str {
    match id.spec.region {
        "810000" | "820000" => "港澳居民居住证",
        "830000" => "台湾居民居住证",
        _ => "居民身份证",
    }
}

fn card_background(img: &mut RgbImage, tint: (Rgb, Rgb), lines: (Rgb, Rgb), rosette: (f32, f32)) {
    let (w, h) = (img.width(), img.height());
    draw::gradient(img, tint.0, tint.1);
    let region = (0, 0, w, h);
    draw::waves(
        img,
        &Waves {
            spacing: 12.0,
            amp: (7.0, 3.0),
            wavelength: (190.0, 71.0),
            phase: 0.0,
            tilt: 0.0,
            width: 1.0,
            color: lines.0,
            alpha: 0.45,
        },
        region,
    );
    draw::waves(
        img,
        &Waves {
            spacing: 15.0,
            amp: (6.0, 4.0),
            wavelength: (260.0, 97.0),
            phase: 1.3,
            tilt: 0.06,
            width: 1.0,
            color: lines.1,
            alpha: 0.40,
        },
        region,
    );
    let r = w as f32 * 0.26;
    draw::rosette(
        img,
        rosette.0 * w as f32,
        rosette.1 * h as f32,
        r,
        9.0,
        14.0,
        3.5,
        lines.0,
        0.45,
    );
}

/// Rounded card corners: pixels outside the corner radius get `bg`.
fn round_corners(img: &mut RgbImage, radius: f32, bg: Rgb) {
    let (w, h) = (img.width() as f32, img.height() as f32);
    let r = radius;
    for (x, y, p) in img.enumerate_pixels_mut() {
        let (fx, fy) = (x as f32 + 0.5, y as f32 + 0.5);
        let cx = if fx < r {
            r
        } else if fx > w - r {
            w - r
        } else {
            continue;
        };
        let cy = if fy < r {
            r
        } else if fy > h - r {
            h - r
        } else {
            continue;
        };
        let d = (fx - cx).hypot(fy - cy) - r;
        let a = (d + 0.5).clamp(0.0, 1.0);
        for (c, o) in p.0.iter_mut().zip(bg) {
            *c = (f32::from(*c) * (1.0 - a) + f32::from(o) * a).round() as u8;
        }
    }
}

/// Splits `text` into lines no wider than `max_w` pixels, never inside a run of digits
/// (a house number stays whole, as on a printed card).
fn wrap(font: &FontRef, px: f32, text: &str, max_w: f32, tracking: f32) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for c in text.chars() {
        let mut next = line.clone();
        next.push(c);
        if line.is_empty() || draw::text_width(font, px, &next, tracking) <= max_w {
            line = next;
            continue;
        }
        // Break before the run of digits that `c` would continue, if there is one.
        let split = if c.is_ascii_digit() {
            line.trim_end_matches(|d: char| d.is_ascii_digit()).len()
        } else {
            line.len()
        };
        let split = if split == 0 { line.len() } else { split };
        let carried = line.split_off(split);
        lines.push(std::mem::replace(&mut line, carried));
        line.push(c);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// The portrait side (人像面) of a second-generation resident ID card.
pub fn cn_front(fonts: &Fonts, id: &CnId, outside: Rgb) -> RgbImage {
    let (w, h) = (CARD_W as f32, CARD_H as f32);
    let mut img = RgbImage::new(CARD_W, CARD_H);
    card_background(
        &mut img,
        ([248, 246, 238], [236, 242, 247]),
        ([168, 200, 228], [226, 200, 162]),
        (0.40, 0.55),
    );
    // Labels in blue-grey regular, values in black bold (Tesseract's chi_sim model reads the
    // bold digits far more reliably than regular ones at this size).
    let f = &fonts.cjk;
    let vf = &fonts.cjk_bold;
    let (label_px, value_px) = (27.0, 35.0);
    let label_x = 0.062 * w;
    let value_x = 0.175 * w;

    // Portrait on the right.
    draw::portrait(
        &mut img,
        0.615 * w,
        0.115 * h,
        0.915 * w,
        0.775 * h,
        [236, 238, 240],
        [178, 183, 190],
    );

    // 姓名
    let y = 0.165 * h;
    draw::text(&mut img, f, label_px, label_x, y, CARD_LABEL, "姓名", 4.0);
    draw::text(&mut img, vf, value_px, value_x, y, INK, id.spec.name, 2.0);

    // 性别 X   民族 X
    let y = 0.292 * h;
    draw::text(&mut img, f, label_px, label_x, y, CARD_LABEL, "性别", 4.0);
    draw::text(
        &mut img,
        vf,
        value_px,
        value_x,
        y,
        INK,
        id.spec.sex.hanzi(),
        0.0,
    );
    // A residence permit has no ethnicity.
    if !id.spec.ethnicity.is_empty() {
        let eth_x = 0.335 * w;
        draw::text(&mut img, f, label_px, eth_x, y, CARD_LABEL, "民族", 4.0);
        draw::text(
            &mut img,
            vf,
            value_px,
            eth_x + 0.105 * w,
            y,
            INK,
            id.spec.ethnicity,
            0.0,
        );
    }

    // 出生 1990 年 1 月 2 日, spaced as printed. The units are black and as large as the
    // digits: in the label colour and size chi_sim misreads the lone digits around them.
    let y = 0.419 * h;
    draw::text(&mut img, f, label_px, label_x, y, CARD_LABEL, "出生", 4.0);
    let gap = 0.25 * value_px;
    let mut x = value_x;
    for (value, unit) in [
        (id.birth.y.to_string(), "年"),
        (id.birth.m.to_string(), "月"),
        (id.birth.d.to_string(), "日"),
    ] {
        x = draw::text(&mut img, vf, value_px, x, y, INK, &value, 1.0) + gap;
        x = draw::text(&mut img, vf, value_px, x, y, INK, unit, 0.0) + gap;
    }

    // 住址, wrapped inside the left column.
    let y = 0.546 * h;
    draw::text(&mut img, f, label_px, label_x, y, CARD_LABEL, "住址", 4.0);
    let max_w = 0.60 * w - value_x;
    let lines = wrap(vf, value_px, id.spec.address, max_w, 1.0);
    for (i, line) in lines.iter().enumerate() {
        let line_y = y + i as f32 * 1.35 * value_px;
        draw::text(&mut img, vf, value_px, value_x, line_y, INK, line, 1.0);
    }

    // 公民身份号码 and the number, larger, at the bottom.
    let y = 0.875 * h;
    draw::text(
        &mut img,
        f,
        label_px,
        label_x,
        y,
        CARD_LABEL,
        "公民身份号码",
        3.0,
    );
    draw::text(&mut img, vf, 40.0, 0.335 * w, y + 2.0, INK, &id.number, 1.0);

    round_corners(&mut img, 0.037 * w, outside);
    img
}

pub fn cn_back(fonts: &Fonts, id: &CnId, outside: Rgb) -> RgbImage {
    let (w, h) = (CARD_W as f32, CARD_H as f32);
    let mut img = RgbImage::new(CARD_W, CARD_H);
    card_background(
        &mut img,
        ([244, 247, 241], [238, 240, 247]),
        ([176, 208, 196], [222, 196, 170]),
        (0.62, 0.45),
    );
    emblem(&mut img, 0.165 * w, 0.285 * h, 0.105 * w);

    let f = &fonts.cjk;
    draw::text(
        &mut img,
        f,
        46.0,
        0.335 * w,
        0.215 * h,
        INK,
        "中华人民共和国",
        14.0,
    );
    // A permit's seven-character title is set smaller to fit the card.
    let title = permit_title(id);
    let (size, spacing) = if title.chars().count() > 5 {
        (64.0, 8.0)
    } else {
        (84.0, 26.0)
    };
    draw::text(
        &mut img,
        &fonts.cjk_bold,
        size,
        0.322 * w,
        0.46 * h,
        INK,
        title,
        spacing,
    );

    // Values in bold, as on the front (chi_sim reads the regular authority name poorly).
    let (label_px, value_px) = (29.0, 33.0);
    let vf = &fonts.cjk_bold;
    let label_x = 0.19 * w;
    let value_x = 0.385 * w;
    let y = 0.765 * h;
    draw::text(&mut img, f, label_px, label_x, y, INK, "签发机关", 1.0);
    draw::text(
        &mut img,
        vf,
        value_px,
        value_x,
        y,
        INK,
        id.spec.authority,
        0.0,
    );
    let y = 0.885 * h;
    draw::text(&mut img, f, label_px, label_x, y, INK, "有效期限", 1.0);
    let until = match id.valid_until {
        Some(d) => d.dotted(),
        None => "长期".to_string(),
    };
    let validity = format!("{}-{}", id.valid_from.dotted(), until);
    draw::text(&mut img, vf, value_px, value_x, y, INK, &validity, 1.0);

    round_corners(&mut img, 0.037 * w, outside);
    img
}

/// Every string a permanent resident card prints with the CJK faces.
pub fn cjk_strings_pr(card: &PrCard) -> Vec<String> {
    let mut out: Vec<String> = PR_LABELS
        .iter()
        .map(|(zh, en)| format!("{zh}{en}"))
        .collect();
    out.extend([
        PR_TITLE.to_string(),
        PR_TITLE_EN.to_string(),
        PR_AUTHORITY.to_string(),
        "签发机关男女/MF".to_string(),
        card.spec.nationality.2.to_string(),
        pr_latin_name(card),
    ]);
    out.extend(card.spec.hanzi.map(str::to_string));
    out
}

const PR_TITLE: &str = "中华人民共和国外国人永久居留身份证";
const PR_TITLE_EN: &str = "FOREIGN PERMANENT RESIDENT ID CARD";
pub const PR_AUTHORITY: &str = "国家移民管理局";
/// The front's labels, Chinese over English, top to bottom.
const PR_LABELS: [(&str, &str); 6] = [
    ("姓名", "Name"),
    ("性别", "Sex"),
    ("出生日期", "Date of Birth"),
    ("国籍", "Nationality"),
    ("有效期限", "Period of Validity"),
    ("证件号码", "Card No."),
];
const PR_RED: Rgb = [168, 36, 40];

/// The holder's name as the card prints it: `SURNAME, GIVEN NAMES`.
pub fn pr_latin_name(card: &PrCard) -> String {
    format!("{}, {}", card.spec.surname, card.spec.given)
}

/// The portrait side of a foreign permanent resident ID card (2023 edition): its title,
/// then name (Latin, and the Chinese name under it when the holder has one), sex, birth
/// date, nationality, validity period and card number, each under a bilingual label.
pub fn pr_front(fonts: &Fonts, card: &PrCard, outside: Rgb) -> RgbImage {
    let (w, h) = (CARD_W as f32, CARD_H as f32);
    let mut img = RgbImage::new(CARD_W, CARD_H);
    card_background(
        &mut img,
        ([250, 244, 236], [240, 238, 248]),
        ([222, 184, 170], [190, 196, 226]),
        (0.45, 0.60),
    );
    let (f, vf) = (&fonts.cjk, &fonts.cjk_bold);
    draw::text(
        &mut img,
        vf,
        38.0,
        0.05 * w,
        0.105 * h,
        PR_RED,
        PR_TITLE,
        2.0,
    );
    draw::text(
        &mut img,
        f,
        21.0,
        0.05 * w,
        0.165 * h,
        PR_RED,
        PR_TITLE_EN,
        2.0,
    );
    draw::portrait(
        &mut img,
        0.70 * w,
        0.25 * h,
        0.94 * w,
        0.78 * h,
        [238, 236, 240],
        [180, 182, 192],
    );
    let label_x = 0.05 * w;
    let value_x = 0.25 * w;
    let value_px = 32.0;
    let sex = format!("{}/{}", card.spec.sex.hanzi(), card.spec.sex.code());
    let nationality = format!("{}/{}", card.spec.nationality.2, card.spec.nationality.0);
    let validity = format!("{}-{}", card.valid_from.dotted(), card.valid_until.dotted());
    let rows: [(f32, String); 6] = [
        (0.29, pr_latin_name(card)),
        (0.47, sex),
        (0.56, card.birth.dotted()),
        (0.65, nationality),
        (0.74, validity),
        (0.88, card.number.clone()),
    ];
    for ((zh, en), (y, value)) in PR_LABELS.iter().zip(rows) {
        let y = y * h;
        draw::text(&mut img, f, 22.0, label_x, y - 8.0, CARD_LABEL, zh, 2.0);
        draw::text(&mut img, f, 14.0, label_x, y + 10.0, CARD_LABEL, en, 0.5);
        let px = if *zh == "证件号码" {
            38.0
        } else {
            value_px
        };
        draw::text(&mut img, vf, px, value_x, y, INK, &value, 1.0);
    }
    if let Some(hanzi) = card.spec.hanzi {
        draw::text(&mut img, vf, value_px, value_x, 0.37 * h, INK, hanzi, 2.0);
    }
    round_corners(&mut img, 0.037 * w, outside);
    img
}

/// The emblem side of a foreign permanent resident ID card: the national emblem, the
/// card's title and the issuing authority.
pub fn pr_back(fonts: &Fonts, outside: Rgb) -> RgbImage {
    let (w, h) = (CARD_W as f32, CARD_H as f32);
    let mut img = RgbImage::new(CARD_W, CARD_H);
    card_background(
        &mut img,
        ([246, 244, 238], [240, 236, 246]),
        ([214, 190, 176], [186, 200, 222]),
        (0.60, 0.45),
    );
    emblem(&mut img, 0.5 * w, 0.27 * h, 0.13 * w);
    let (f, vf) = (&fonts.cjk, &fonts.cjk_bold);
    let title_w = draw::text_width(vf, 44.0, PR_TITLE, 2.0);
    draw::text(
        &mut img,
        vf,
        44.0,
        (w - title_w) / 2.0,
        0.60 * h,
        PR_RED,
        PR_TITLE,
        2.0,
    );
    let y = 0.82 * h;
    draw::text(&mut img, f, 29.0, 0.22 * w, y, INK, "签发机关", 1.0);
    draw::text(&mut img, vf, 33.0, 0.42 * w, y, INK, PR_AUTHORITY, 1.0);
    round_corners(&mut img, 0.037 * w, outside);
    img
}

/// A placeholder for the national emblem: red disc, gold rim, five gold stars, a gold gate.
fn emblem(img: &mut RgbImage, cx: f32, cy: f32, r: f32) {
    let red = [196, 32, 38];
    let gold = [232, 184, 64];
    draw::fill_ellipse(img, cx, cy, r, r, gold, 1.0);
    draw::fill_ellipse(img, cx, cy, r * 0.84, r * 0.84, red, 1.0);
    draw::fill_ring(img, cx, cy, r * 0.88, r * 0.93, [250, 214, 120]);
    // One large star and four small ones on an arc to its right.
    let (bx, by) = (cx - r * 0.06, cy - r * 0.38);
    draw::fill_polygon(img, &draw::star(bx, by, r * 0.24, 0.0), gold);
    for (i, ang) in [-65.0f32, -35.0, -5.0, 25.0].iter().enumerate() {
        let t = ang.to_radians();
        let (sx, sy) = (bx + r * 0.40 * t.cos(), by + r * 0.40 * t.sin());
        draw::fill_polygon(
            img,
            &draw::star(sx, sy, r * 0.08, -30.0 + 20.0 * i as f32),
            gold,
        );
    }
    // Gate: base, five openings, roof.
    let (gx0, gx1) = (cx - r * 0.5, cx + r * 0.5);
    let (gy0, gy1) = (cy + r * 0.05, cy + r * 0.42);
    draw::fill_rect(
        img, gx0 as i32, gy0 as i32, gx1 as i32, gy1 as i32, gold, 1.0,
    );
    for k in 0..5 {
        let ox = gx0 + r * (0.08 + 0.185 * k as f32);
        draw::fill_rect(
            img,
            ox as i32,
            (gy0 + r * 0.16) as i32,
            (ox + r * 0.09) as i32,
            gy1 as i32,
            red,
            1.0,
        );
    }
    draw::fill_polygon(
        img,
        &[
            (gx0 - r * 0.1, gy0),
            (gx1 + r * 0.1, gy0),
            (gx1 - r * 0.05, gy0 - r * 0.12),
            (gx0 + r * 0.05, gy0 - r * 0.12),
        ],
        gold,
    );
    // Cogwheel base.
    draw::fill_rect(
        img,
        (cx - r * 0.62) as i32,
        (cy + r * 0.5) as i32,
        (cx + r * 0.62) as i32,
        (cy + r * 0.6) as i32,
        gold,
        1.0,
    );
}

fn country_title(issuer: &str) -> (&'static str, &'static str) {
    match issuer {
        "CHN" => (
            "中华人民共和国  PEOPLE'S REPUBLIC OF CHINA",
            "护照  PASSPORT",
        ),
        "UTO" => ("UTOPIA", "PASSPORT"),
        "D" => ("BUNDESREPUBLIK DEUTSCHLAND", "REISEPASS  PASSPORT"),
        "FRA" => ("RÉPUBLIQUE FRANÇAISE", "PASSEPORT  PASSPORT"),
        "GBR" => (
            "UNITED KINGDOM OF GREAT BRITAIN AND NORTHERN IRELAND",
            "PASSPORT",
        ),
        "CAN" => ("CANADA", "PASSPORT  PASSEPORT"),
        _ => ("", "PASSPORT"),
    }
}

/// The labels of a passport page, bilingual for Chinese passports.
struct Labels {
    kind: &'static str,
    code: &'static str,
    number: &'static str,
    surname: &'static str,
    given: &'static str,
    nationality: &'static str,
    birth: &'static str,
    sex: &'static str,
    place: &'static str,
    issued: &'static str,
    authority: &'static str,
    expiry: &'static str,
}

const LABELS_EN: Labels = Labels {
    kind: "Type",
    code: "Code of issuing State",
    number: "Passport No.",
    surname: "Surname",
    given: "Given names",
    nationality: "Nationality",
    birth: "Date of birth",
    sex: "Sex",
    place: "Place of birth",
    issued: "Date of issue",
    authority: "Authority",
    expiry: "Date of expiry",
};

const LABELS_ZH: Labels = Labels {
    kind: "类型/Type",
    code: "国家码/Country Code",
    number: "护照号/Passport No.",
    surname: "姓/Surname",
    given: "名/Given names",
    nationality: "国籍/Nationality",
    birth: "出生日期/Date of birth",
    sex: "性别/Sex",
    place: "出生地点/Place of birth",
    issued: "签发日期/Date of issue",
    authority: "签发机关/Authority",
    expiry: "有效期至/Date of expiry",
};

/// Every string printed with the CJK face on a passport page.
pub fn cjk_strings_passport(p: &Passport) -> Vec<String> {
    let (t1, t2) = country_title(p.spec.issuer);
    let l = &LABELS_ZH;
    let mut v: Vec<String> = [
        t1,
        t2,
        l.kind,
        l.code,
        l.number,
        l.surname,
        l.given,
        l.nationality,
        l.birth,
        l.sex,
        l.place,
        l.issued,
        l.authority,
        l.expiry,
        p.spec.nationality_text,
        p.spec.place_of_birth,
        p.spec.authority,
        p.spec.surname,
        p.spec.given,
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    if let Some((hanzi, _)) = p.spec.hanzi {
        v.push(hanzi.to_string());
    }
    v
}

/// Pixel size at which OCR-B capitals are `cap` pixels tall.
fn px_for_cap_height(font: &FontRef, cap: f32) -> f32 {
    let glyph = font
        .glyph_id('H')
        .with_scale_and_position(PxScale::from(100.0), ab_glyph::point(0.0, 0.0));
    let bounds = font
        .outline_glyph(glyph)
        .expect("OCR-B has an outline for H")
        .px_bounds();
    100.0 * cap / (bounds.max.y - bounds.min.y)
}

/// A red SPECIMEN stamp printed across MRZ line `line` (0 or 1) of a
/// [`passport`] page, as specimen pages carry them (Qatar's in
/// ../shared/realworld): a ruled box and bold capitals in red ink, dense
/// enough to garble the line for OCR in grey, while its black print shows
/// through the ink.
pub fn specimen_stamp(fonts: &Fonts, page: &mut RgbImage, line: usize) {
    const RED: Rgb = [236, 64, 72];
    let (w, h) = (page.width() as f32, page.height() as f32);
    let mut layer = RgbImage::from_pixel(page.width(), page.height(), image::Rgb([255; 3]));
    let baseline = MRZ_BASELINES[line.min(1)] * h;
    let (x0, x1) = (0.30 * w, 0.70 * w);
    let (top, bottom) = (baseline - 0.104 * h, baseline + 0.027 * h);
    let rule = (0.007 * w).round() as i32;
    let (l, r, t, b) = (x0 as i32, x1 as i32, top as i32, bottom as i32);
    for (rx0, ry0, rx1, ry1) in [
        (l, t, r, t + rule),
        (l, b - rule, r, b),
        (l, t, l + rule, b),
        (r - rule, t, r, b),
    ] {
        draw::fill_rect(&mut layer, rx0, ry0, rx1, ry1, RED, 1.0);
    }
    let px = px_for_cap_height(&fonts.cjk_bold, 0.062 * h);
    draw::text(
        &mut layer,
        &fonts.cjk_bold,
        px,
        x0 + 0.02 * w,
        baseline - 0.02 * h,
        RED,
        "SPECIMEN",
        2.0,
    );
    draw::multiply(page, &layer);
}

/// A TD3 passport data page with visual zone and two-line MRZ.
pub fn passport(fonts: &Fonts, p: &Passport) -> RgbImage {
    let (w, h) = (PAGE_W as f32, PAGE_H as f32);
    let chinese = p.spec.hanzi.is_some();
    let mut img = RgbImage::new(PAGE_W, PAGE_H);
    let (tint, lines) = if chinese {
        (
            ([246, 238, 236], [238, 240, 247]),
            ([226, 178, 180], [170, 196, 226]),
        )
    } else {
        (
            ([238, 240, 248], [246, 242, 232]),
            ([178, 190, 226], [214, 200, 168]),
        )
    };
    card_background(&mut img, tint, lines, (0.62, 0.42));

    let f = &fonts.cjk;
    let grey: Rgb = [78, 80, 104];
    let (title, kind_title) = country_title(p.spec.issuer);
    let x0 = 0.045 * w;
    draw::text(&mut img, f, 26.0, x0, 0.065 * h, grey, title, 1.0);
    let kt_w = draw::text_width(f, 26.0, kind_title, 2.0);
    draw::text(
        &mut img,
        f,
        26.0,
        w - x0 - kt_w,
        0.065 * h,
        grey,
        kind_title,
        2.0,
    );

    draw::portrait(
        &mut img,
        x0,
        0.14 * h,
        0.285 * w,
        0.70 * h,
        [226, 230, 234],
        [140, 146, 156],
    );

    let l = if chinese { &LABELS_ZH } else { &LABELS_EN };
    let (label_px, value_px) = (17.0, 28.0);
    let col = 0.32 * w;
    let row_h = 0.082 * h;
    let top = 0.115 * h;
    let field = |img: &mut RgbImage, row: usize, x: f32, label: &str, value: &str| {
        let y = top + row as f32 * row_h;
        draw::text(img, f, label_px, x, y + 18.0, grey, label, 0.5);
        draw::text(img, f, value_px, x, y + 52.0, INK, value, 1.0);
    };
    let (surname_v, given_v) = match p.spec.hanzi {
        Some((hanzi, n)) => {
            let sur: String = hanzi.chars().take(n).collect();
            let given: String = hanzi.chars().skip(n).collect();
            (
                format!("{sur}  {}", p.surname),
                format!("{given}  {}", p.given),
            )
        }
        None => (p.surname.clone(), p.given.clone()),
    };
    field(&mut img, 0, col, l.kind, "P");
    field(&mut img, 0, col + 0.15 * w, l.code, p.spec.issuer);
    field(&mut img, 0, col + 0.40 * w, l.number, &p.number);
    field(&mut img, 1, col, l.surname, &surname_v);
    field(&mut img, 2, col, l.given, &given_v);
    field(&mut img, 3, col, l.nationality, p.spec.nationality_text);
    field(&mut img, 4, col, l.birth, &p.birth.passport());
    field(&mut img, 4, col + 0.25 * w, l.sex, p.spec.sex.code());
    field(&mut img, 4, col + 0.40 * w, l.place, p.spec.place_of_birth);
    field(&mut img, 5, col, l.issued, &p.issued.passport());
    field(&mut img, 5, col + 0.25 * w, l.authority, p.spec.authority);
    field(&mut img, 6, col, l.expiry, &p.expiry.passport());

    // The MRZ: a plain light band; 44 cells spanning 90% of the width; capitals 2.7% of it.
    let band_top = 0.745 * h;
    draw::fill_rect(
        &mut img,
        0,
        band_top as i32,
        PAGE_W as i32,
        PAGE_H as i32,
        [250, 250, 247],
        1.0,
    );
    let pitch = 0.90 * w / 44.0;
    let px = px_for_cap_height(&fonts.ocrb, 0.027 * w);
    let mrz_x = (w - 44.0 * pitch) / 2.0;
    for (line, baseline) in p.mrz.iter().zip(MRZ_BASELINES) {
        draw::text_cells(
            &mut img,
            &fonts.ocrb,
            px,
            mrz_x,
            baseline * h,
            INK,
            line,
            pitch,
        );
    }
    img
}

/// The baselines of a passport page's MRZ lines, as fractions of its height.
const MRZ_BASELINES: [f32; 2] = [0.855, 0.950];
