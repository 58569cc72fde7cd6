//! The synthetic people and documents: a deterministic RNG, calendar arithmetic, GB 11643 ID
//! numbers, validity periods and passport numbers. Every name, number and address is invented.

use pinyin::{ToPinyin, ToPinyinMulti};

/// The seed of every fixture run (and of the accuracy example, which renders the same documents).
pub const SEED: u64 = 0x4B59_434D_4154_4348; // "KYCMATCH"

/// SplitMix64: tiny, and stable across crate upgrades, so a fixed seed always gives the same
/// fixtures.
pub struct Rng(u64);

impl Rng {
    /// A generator started from `seed`.
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A uniform integer in `lo..=hi`.
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + (self.next_u64() % (hi - lo + 1) as u64) as i64
    }

    /// One element of `items`.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.range(0, items.len() as i64 - 1) as usize]
    }
}

/// A calendar date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Ymd {
    pub y: i32,
    pub m: u32,
    pub d: u32,
}

const MONTHS: [&str; 12] = [
    "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
];

impl Ymd {
    pub const fn new(y: i32, m: u32, d: u32) -> Self {
        Ymd { y, m, d }
    }

    /// The same day as the library's calendar date (its day arithmetic is reused).
    fn date(self) -> kycmatch::Date {
        kycmatch::Date::new(self.y, self.m, self.d).expect("generated dates are real days")
    }

    pub fn add_days(self, n: i64) -> Self {
        let d = kycmatch::Date::from_days_since_epoch(self.date().days_since_epoch() + n);
        Ymd::new(d.year, d.month, d.day)
    }

    /// The same day `n` years later (all generated days are <= 28, so always valid).
    pub fn add_years(self, n: i32) -> Self {
        Ymd {
            y: self.y + n,
            ..self
        }
    }

    /// Whole years from `self` to `later`.
    pub fn years_until(self, later: Ymd) -> i32 {
        self.date().years_until(later.date())
    }

    pub fn iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.y, self.m, self.d)
    }
    pub fn compact(self) -> String {
        format!("{:04}{:02}{:02}", self.y, self.m, self.d)
    }
    pub fn dotted(self) -> String {
        format!("{:04}.{:02}.{:02}", self.y, self.m, self.d)
    }
    /// `1990年1月2日`
    pub fn chinese(self) -> String {
        format!("{}年{}月{}日", self.y, self.m, self.d)
    }
    /// `02/01/1990` (day first)
    pub fn dmy_slash(self) -> String {
        format!("{:02}/{:02}/{:04}", self.d, self.m, self.y)
    }
    /// `2 Jan 1990`
    pub fn day_month_name(self) -> String {
        let mon = MONTHS[self.m as usize - 1];
        format!(
            "{} {}{} {}",
            self.d,
            &mon[..1],
            mon[1..].to_lowercase(),
            self.y
        )
    }
    /// `02 JAN 1990`, as printed in a passport's visual zone.
    pub fn passport(self) -> String {
        format!("{:02} {} {}", self.d, MONTHS[self.m as usize - 1], self.y)
    }
    pub fn mrz(self) -> mrz::MrzDate {
        mrz::MrzDate::Calendar(mrz::Date::new(self.y, self.m, self.d))
    }
}

/// The fixed "today" of every correct submission.
pub const AS_OF: Ymd = Ymd::new(2026, 11, 22);

/// A random date in `from_year..=to_year` with day <= 28.
pub fn random_date(rng: &mut Rng, from_year: i32, to_year: i32) -> Ymd {
    Ymd::new(
        rng.range(i64::from(from_year), i64::from(to_year)) as i32,
        rng.range(1, 12) as u32,
        rng.range(1, 28) as u32,
    )
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Sex {
    M,
    F,
}

impl Sex {
    pub fn code(self) -> &'static str {
        match self {
            Sex::M => "M",
            Sex::F => "F",
        }
    }
    pub fn hanzi(self) -> &'static str {
        match self {
            Sex::M => "男",
            Sex::F => "女",
        }
    }
}

/// GB 11643-1999 check character: ISO 7064 MOD 11-2 over the first 17 digits.
pub fn gb11643_check(first17: &str) -> char {
    const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = first17
        .chars()
        .zip(W)
        .map(|(c, w)| c.to_digit(10).expect("first 17 ID characters are digits") * w)
        .sum();
    "10X98765432".as_bytes()[(sum % 11) as usize] as char
}

/// An 18-character resident ID number for a person born on `birth` in `region`.
pub fn cn_id_number(rng: &mut Rng, region: &str, birth: Ymd, sex: Sex) -> String {
    let seq = rng.range(0, 99);
    let parity = if sex == Sex::M { 1 } else { 0 };
    let last = rng.range(0, 4) * 2 + parity;
    let first17 = format!("{region}{}{seq:02}{last}", birth.compact());
    let check = gb11643_check(&first17);
    format!("{first17}{check}")
}

/// The same number with one sequence digit changed and the check character recomputed, so it
/// is still a valid number, has the same birth date and sex, but belongs to someone else.
pub fn cn_id_number_other(number: &str) -> String {
    let mut digits: Vec<char> = number.chars().take(17).collect();
    let d = digits[15].to_digit(10).expect("sequence digits are digits");
    digits[15] = char::from_digit((d + 3) % 10, 10).expect("a digit");
    let first17: String = digits.into_iter().collect();
    let check = gb11643_check(&first17);
    format!("{first17}{check}")
}

/// A passport number with one digit changed.
pub fn passport_number_other(number: &str) -> String {
    let pos = number
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_ascii_digit())
        .map(|(i, _)| i)
        .expect("passport numbers contain a digit");
    let mut out: Vec<char> = number.chars().collect();
    let d = out[pos].to_digit(10).expect("a digit");
    out[pos] = char::from_digit((d + 4) % 10, 10).expect("a digit");
    out.into_iter().collect()
}

/// Validity of a resident ID issued on `issued` to someone born on `birth` (PRC Resident
/// Identity Card Law, art. 5): under 16: 5 years, 16-25: 10, 26-45: 20, 46 and over: long-term.
pub fn cn_id_validity(birth: Ymd, issued: Ymd) -> Option<Ymd> {
    match birth.years_until(issued) {
        a if a < 16 => Some(issued.add_years(5)),
        a if a <= 25 => Some(issued.add_years(10)),
        a if a <= 45 => Some(issued.add_years(20)),
        _ => None,
    }
}

/// Plain pinyin of one Han character (its first, most common reading).
fn pinyin_of(c: char) -> &'static str {
    c.to_pinyin()
        .map(|p| p.plain())
        .expect("every name character has a reading")
}

/// All plain readings of one Han character.
fn readings(c: char) -> Vec<&'static str> {
    c.to_pinyin_multi()
        .map(|m| m.into_iter().map(|p| p.plain()).collect())
        .unwrap_or_default()
}

/// A Chinese name split as it is romanized: surname and given name in pinyin, no tones,
/// syllables of each part joined (`ZHANG`, `XIAOMING`).
pub fn name_pinyin(hanzi: &str, surname_len: usize) -> (String, String) {
    let sur: String = hanzi.chars().take(surname_len).map(pinyin_of).collect();
    let given: String = hanzi.chars().skip(surname_len).map(pinyin_of).collect();
    (sur.to_uppercase(), given.to_uppercase())
}

/// True when no reading of `a` equals a reading of `b` at the same position, so the two names
/// cannot be the same name written with different characters.
pub fn names_sound_different(a: &str, b: &str) -> bool {
    if a.chars().count() != b.chars().count() {
        return true;
    }
    a.chars().zip(b.chars()).any(|(x, y)| {
        let (rx, ry) = (readings(x), readings(y));
        !rx.iter().any(|r| ry.contains(r))
    })
}

/// `Xiaoming` from `XIAOMING`.
pub fn title_case(word: &str) -> String {
    word.split(' ')
        .map(|w| {
            let mut cs = w.chars();
            match cs.next() {
                Some(f) => f.to_uppercase().collect::<String>() + &cs.as_str().to_lowercase(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// One holder of a Chinese resident ID card (front and back).
pub struct CnIdSpec {
    pub name: &'static str,
    /// Characters of `name` that form the surname (2 for 欧阳, 司马).
    pub surname_len: usize,
    /// A different name for the wrong-name submission (no shared reading at some position).
    pub wrong_name: &'static str,
    pub sex: Sex,
    pub ethnicity: &'static str,
    /// Administrative division code (GB/T 2260) of the place of registration.
    pub region: &'static str,
    pub address: &'static str,
    pub authority: &'static str,
    /// Birth years to choose from.
    pub born: (i32, i32),
}

pub const CN_IDS: [CnIdSpec; 12] = [
    CnIdSpec {
        name: "张晓明",
        surname_len: 1,
        wrong_name: "张晓东",
        sex: Sex::M,
        ethnicity: "汉",
        region: "110105",
        address: "北京市朝阳区建国路88号院3号楼1单元502号",
        authority: "北京市公安局朝阳分局",
        born: (1988, 1994),
    },
    CnIdSpec {
        name: "李静怡",
        surname_len: 1,
        wrong_name: "李静雯",
        sex: Sex::F,
        ethnicity: "汉",
        region: "310104",
        address: "上海市徐汇区漕溪北路123弄4号601室",
        authority: "上海市公安局徐汇分局",
        born: (1995, 2000),
    },
    CnIdSpec {
        name: "王建国",
        surname_len: 1,
        wrong_name: "王建军",
        sex: Sex::M,
        ethnicity: "汉",
        region: "440305",
        address: "广东省深圳市南山区科技园南路15号2栋1203",
        authority: "深圳市公安局南山分局",
        born: (1962, 1968),
    },
    CnIdSpec {
        name: "刘芳",
        surname_len: 1,
        wrong_name: "刘红",
        sex: Sex::F,
        ethnicity: "回",
        region: "510107",
        address: "四川省成都市武侯区人民南路四段27号",
        authority: "成都市公安局武侯区分局",
        born: (1984, 1990),
    },
    CnIdSpec {
        name: "陈志强",
        surname_len: 1,
        wrong_name: "陈志刚",
        sex: Sex::M,
        ethnicity: "汉",
        region: "330106",
        address: "浙江省杭州市西湖区文三路259号2幢303室",
        authority: "杭州市公安局西湖分局",
        born: (1979, 1985),
    },
    CnIdSpec {
        name: "欧阳雪",
        surname_len: 2,
        wrong_name: "欧阳兰",
        sex: Sex::F,
        ethnicity: "汉",
        region: "420106",
        address: "湖北省武汉市武昌区中南路7号",
        authority: "武汉市公安局武昌分局",
        born: (1998, 2003),
    },
    CnIdSpec {
        name: "赵丽娜",
        surname_len: 1,
        wrong_name: "赵丽萍",
        sex: Sex::F,
        ethnicity: "满",
        region: "210102",
        address: "辽宁省沈阳市和平区南京北街66号",
        authority: "沈阳市公安局和平分局",
        born: (1986, 1992),
    },
    CnIdSpec {
        name: "黄伟",
        surname_len: 1,
        wrong_name: "黄斌",
        sex: Sex::M,
        ethnicity: "壮",
        region: "450103",
        address: "广西壮族自治区南宁市青秀区民族大道100号",
        authority: "南宁市公安局青秀分局",
        born: (1975, 1981),
    },
    CnIdSpec {
        name: "周子涵",
        surname_len: 1,
        wrong_name: "周子轩",
        sex: Sex::F,
        ethnicity: "汉",
        region: "320102",
        address: "江苏省南京市玄武区中山路18号",
        authority: "南京市公安局玄武分局",
        born: (2001, 2005),
    },
    CnIdSpec {
        name: "吴俊杰",
        surname_len: 1,
        wrong_name: "吴俊峰",
        sex: Sex::M,
        ethnicity: "汉",
        region: "370102",
        address: "山东省济南市历下区泉城路200号",
        authority: "济南市公安局历下分局",
        born: (1991, 1996),
    },
    CnIdSpec {
        name: "司马文博",
        surname_len: 2,
        wrong_name: "司马文杰",
        sex: Sex::M,
        ethnicity: "汉",
        region: "610113",
        address: "陕西省西安市雁塔区小寨东路1号",
        authority: "西安市公安局雁塔分局",
        born: (1958, 1964),
    },
    CnIdSpec {
        name: "马海燕",
        surname_len: 1,
        wrong_name: "马海玲",
        sex: Sex::F,
        ethnicity: "回",
        region: "640104",
        address: "宁夏回族自治区银川市兴庆区解放西街3号",
        authority: "银川市公安局兴庆区分局",
        born: (1970, 1976),
    },
];

/// A generated Chinese ID card.
pub struct CnId {
    pub doc_id: String,
    pub spec: &'static CnIdSpec,
    pub birth: Ymd,
    pub number: String,
    pub valid_from: Ymd,
    /// `None` = long-term (长期).
    pub valid_until: Option<Ymd>,
}

/// Residence permits for Hong Kong, Macau and Taiwan residents (港澳台居民居住证): the
/// resident ID card's layout and number format with the region's code (810000, 820000,
/// 830000) and no ethnicity; valid five years (Regulations on the Residence Permit for
/// Hong Kong, Macao and Taiwan Residents, art. 5). Their holders live on the mainland.
pub const PERMITS: [CnIdSpec; 3] = [
    CnIdSpec {
        name: "陈家豪",
        surname_len: 1,
        wrong_name: "陈志明",
        sex: Sex::M,
        ethnicity: "",
        region: "810000",
        address: "广东省深圳市福田区福华三路168号",
        authority: "深圳市公安局福田分局",
        born: (1985, 1995),
    },
    CnIdSpec {
        name: "林佩君",
        surname_len: 1,
        wrong_name: "林美华",
        sex: Sex::F,
        ethnicity: "",
        region: "830000",
        address: "福建省厦门市思明区湖滨南路59号",
        authority: "厦门市公安局思明分局",
        born: (1980, 1992),
    },
    CnIdSpec {
        name: "何嘉欣",
        surname_len: 1,
        wrong_name: "何美玲",
        sex: Sex::F,
        ethnicity: "",
        region: "820000",
        address: "广东省珠海市香洲区情侣中路38号",
        authority: "珠海市公安局香洲分局",
        born: (1990, 1998),
    },
];

/// Years each permit of [`PERMITS`] is valid: five by the regulations; `rp03` is printed
/// with ten, a term that fits no rule (a misprint, or an ID card's term copied onto a
/// forged permit).
const PERMIT_TERMS: [i32; 3] = [5, 5, 10];

/// Whether a card's printed validity period is the one its rules give: the resident ID
/// card's by the holder's age at issue ([`cn_id_validity`]), a permit's five years.
pub fn validity_fits(id: &CnId) -> bool {
    if PERMITS.iter().any(|p| p.region == id.spec.region) {
        permit_term_fits(id)
    } else {
        id.valid_until == cn_id_validity(id.birth, id.valid_from)
    }
}

/// Whether a permit is valid for the regulations' five years.
pub fn permit_term_fits(id: &CnId) -> bool {
    id.valid_until == Some(id.valid_from.add_years(5))
}

/// The residence permits, from their own random stream (so the other documents'
/// draws are unchanged): numbered `rp01`…, each valid on [`AS_OF`] for its term.
pub fn permits() -> Vec<CnId> {
    let mut rng = Rng::new(SEED ^ 0x5045_524D); // "PERM"
    PERMITS
        .iter()
        .enumerate()
        .map(|(i, spec)| {
            let birth = random_date(&mut rng, spec.born.0, spec.born.1);
            let number = cn_id_number(&mut rng, spec.region, birth, spec.sex);
            let term = PERMIT_TERMS[i];
            let valid_from = loop {
                let issued = random_date(&mut rng, 2022, 2025);
                if issued.add_years(term) > AS_OF.add_days(31) && issued < AS_OF {
                    break issued;
                }
            };
            CnId {
                doc_id: format!("rp{:02}", i + 1),
                spec,
                birth,
                number,
                valid_from,
                valid_until: Some(valid_from.add_years(term)),
            }
        })
        .collect()
}

/// One holder of a foreign permanent resident ID card (外国人永久居留身份证, 2023 edition).
pub struct PrCardSpec {
    /// The name as printed in Latin capitals: `SURNAME, GIVEN NAMES`.
    pub surname: &'static str,
    pub given: &'static str,
    /// A Chinese name, printed under the Latin one when the holder has one.
    pub hanzi: Option<&'static str>,
    /// Given names for the wrong-name submission.
    pub wrong_given: &'static str,
    pub sex: Sex,
    /// Nationality: alpha-3, ISO 3166 numeric (in the number), and its Chinese name.
    pub nationality: (&'static str, &'static str, &'static str),
    /// Province code of the office that took the application (the number's digits 2-3).
    pub province: &'static str,
    /// Birth years to choose from.
    pub born: (i32, i32),
    /// Years the card is printed valid for: 10 from 18, 5 under 18 by the rules; `pr03`
    /// is printed with 20, a term that fits no rule.
    pub term: i32,
    /// Whether the emblem side is photographed too (it is the same on every card and
    /// holds no field a check needs, so one is enough).
    pub back: bool,
}

/// The foreign permanent resident cards: `pr01`...
pub const PR_CARDS: [PrCardSpec; 3] = [
    PrCardSpec {
        surname: "MUELLER",
        given: "ANNA MARIA",
        hanzi: Some("穆安娜"),
        wrong_given: "JOHANNA",
        sex: Sex::F,
        nationality: ("DEU", "276", "德国"),
        province: "31",
        born: (1978, 1990),
        term: 10,
        back: true,
    },
    PrCardSpec {
        surname: "JOHNSON",
        given: "DAVID",
        hanzi: None,
        wrong_given: "DANIEL",
        sex: Sex::M,
        nationality: ("USA", "840", "美国"),
        province: "11",
        born: (1970, 1985),
        term: 10,
        back: false,
    },
    PrCardSpec {
        surname: "NGUYEN",
        given: "THI LAN",
        hanzi: Some("阮氏兰"),
        wrong_given: "THI HOA",
        sex: Sex::F,
        nationality: ("VNM", "704", "越南"),
        province: "44",
        born: (1982, 1995),
        term: 20,
        back: false,
    },
];

/// A generated foreign permanent resident card.
pub struct PrCard {
    pub doc_id: String,
    pub spec: &'static PrCardSpec,
    pub birth: Ymd,
    pub number: String,
    pub valid_from: Ymd,
    pub valid_until: Ymd,
}

impl PrCard {
    /// Whether the printed term is the rules' (5 years under 18 at issue, 10 from 18).
    pub fn term_fits(&self) -> bool {
        let years = if self.birth.years_until(self.valid_from) < 18 {
            5
        } else {
            10
        };
        self.valid_until == self.valid_from.add_years(years)
    }
}

/// The permanent resident cards, from their own random stream: numbered `pr01`..., each
/// issued since the 2023 edition began (2023-12-01) and valid on [`AS_OF`]. The number is
/// 9, the province, the nationality's numeric code, the birth date, two sequence digits,
/// the sex digit (odd for men) and the GB 11643 check character.
pub fn pr_cards() -> Vec<PrCard> {
    let mut rng = Rng::new(SEED ^ 0x5052_4341); // "PRCA"
    PR_CARDS
        .iter()
        .enumerate()
        .map(|(i, spec)| {
            let birth = random_date(&mut rng, spec.born.0, spec.born.1);
            let region = format!("9{}{}", spec.province, spec.nationality.1);
            let number = cn_id_number(&mut rng, &region, birth, spec.sex);
            let valid_from = loop {
                let issued = random_date(&mut rng, 2024, 2026);
                if issued < AS_OF {
                    break issued;
                }
            };
            PrCard {
                doc_id: format!("pr{:02}", i + 1),
                spec,
                birth,
                number,
                valid_from,
                valid_until: valid_from.add_years(spec.term),
            }
        })
        .collect()
}

/// Picks dates and the number for one card; the card is valid on [`AS_OF`].
/// Every fixture document, drawn from [`SEED`] in a fixed order: the cards,
/// then the passports. The generator and the accuracy example share it.
pub fn documents() -> (Vec<CnId>, Vec<Passport>) {
    let mut rng = Rng::new(SEED);
    let cn_ids = CN_IDS
        .iter()
        .enumerate()
        .map(|(i, spec)| cn_id(&mut rng, i, spec))
        .collect();
    let passports = PASSPORTS
        .iter()
        .enumerate()
        .map(|(i, spec)| passport(&mut rng, i, spec))
        .collect();
    (cn_ids, passports)
}

pub fn cn_id(rng: &mut Rng, index: usize, spec: &'static CnIdSpec) -> CnId {
    let birth = random_date(rng, spec.born.0, spec.born.1);
    let number = cn_id_number(rng, spec.region, birth, spec.sex);
    // Re-draw the issue date until the card is valid on AS_OF with a margin of a month.
    let (valid_from, valid_until) = loop {
        let issued = random_date(rng, (birth.y + 16).max(2008), 2025);
        if issued <= birth.add_years(16) {
            continue;
        }
        match cn_id_validity(birth, issued) {
            Some(until) if until <= AS_OF.add_days(31) => continue,
            v => break (issued, v),
        }
    };
    CnId {
        doc_id: format!("cnid{:02}", index + 1),
        spec,
        birth,
        number,
        valid_from,
        valid_until,
    }
}

/// How a passport's number is formed.
#[derive(Clone, Copy)]
pub enum NumberStyle {
    /// `E` + 8 digits (Chinese ordinary e-passport).
    ChnE,
    /// `E` + a letter + 7 digits.
    ChnEx,
    /// 9 digits.
    Digits9,
    /// 2 digits, 2 letters, 5 digits (France).
    Fra,
    /// 2 letters, 6 digits (Canada; 8 characters, so the MRZ field has one filler).
    Can,
    /// `C` + 8 characters from the German alphabet without vowels.
    Deu,
    /// A letter, 6 digits, a letter, a digit (ICAO specimen style).
    Uto,
}

/// One passport holder.
pub struct PassportSpec {
    /// Issuing state as in the MRZ (Germany is the one-letter `D`).
    pub issuer: &'static str,
    pub nationality: &'static str,
    /// The country as a KYC form names it (ISO 3166 alpha-3).
    pub form_country: &'static str,
    /// Chinese name for CHN passports; the pinyin is derived from it.
    pub hanzi: Option<(&'static str, usize)>,
    /// Surname and given names as printed in the visual zone (may carry diacritics).
    pub surname: &'static str,
    pub given: &'static str,
    /// Given names for the wrong-name submission.
    pub wrong_given: &'static str,
    pub sex: Sex,
    pub born: (i32, i32),
    pub style: NumberStyle,
    pub nationality_text: &'static str,
    pub place_of_birth: &'static str,
    pub authority: &'static str,
}

pub const PASSPORTS: [PassportSpec; 10] = [
    PassportSpec {
        issuer: "CHN",
        nationality: "CHN",
        form_country: "CHN",
        hanzi: Some(("王思远", 1)),
        surname: "",
        given: "",
        wrong_given: "HAORAN",
        sex: Sex::M,
        born: (1985, 1992),
        style: NumberStyle::ChnE,
        nationality_text: "中国/CHINESE",
        place_of_birth: "北京/BEIJING",
        authority: "国家移民管理局/NIA",
    },
    PassportSpec {
        issuer: "UTO",
        nationality: "UTO",
        form_country: "UTO",
        hanzi: None,
        surname: "ERIKSSON",
        given: "ANNA MARIA",
        wrong_given: "KARIN",
        sex: Sex::F,
        born: (1975, 1982),
        style: NumberStyle::Uto,
        nationality_text: "UTOPIAN",
        place_of_birth: "ZENITH",
        authority: "PASSPORT OFFICE",
    },
    PassportSpec {
        issuer: "CHN",
        nationality: "CHN",
        form_country: "CHN",
        hanzi: Some(("林晓燕", 1)),
        surname: "",
        given: "",
        wrong_given: "MEIHUA",
        sex: Sex::F,
        born: (1990, 1997),
        style: NumberStyle::ChnEx,
        nationality_text: "中国/CHINESE",
        place_of_birth: "福建/FUJIAN",
        authority: "国家移民管理局/NIA",
    },
    PassportSpec {
        issuer: "D",
        nationality: "D",
        form_country: "DEU",
        hanzi: None,
        surname: "MÜLLER",
        given: "JONAS MAXIMILIAN",
        wrong_given: "FRIEDRICH",
        sex: Sex::M,
        born: (1983, 1989),
        style: NumberStyle::Deu,
        nationality_text: "DEUTSCH",
        place_of_birth: "MUSTERSTADT",
        authority: "STADT MUSTERSTADT",
    },
    PassportSpec {
        issuer: "CHN",
        nationality: "CHN",
        form_country: "CHN",
        hanzi: Some(("欧阳明辉", 2)),
        surname: "",
        given: "",
        wrong_given: "JIANHUA",
        sex: Sex::M,
        born: (1970, 1978),
        style: NumberStyle::ChnE,
        nationality_text: "中国/CHINESE",
        place_of_birth: "湖南/HUNAN",
        authority: "国家移民管理局/NIA",
    },
    PassportSpec {
        issuer: "FRA",
        nationality: "FRA",
        form_country: "FRA",
        hanzi: None,
        surname: "DUBOIS",
        given: "HÉLÈNE CLAIRE",
        wrong_given: "MARGAUX",
        sex: Sex::F,
        born: (1992, 1999),
        style: NumberStyle::Fra,
        nationality_text: "FRANÇAISE",
        place_of_birth: "LYON",
        authority: "PRÉFECTURE DU RHÔNE",
    },
    PassportSpec {
        issuer: "GBR",
        nationality: "GBR",
        form_country: "GBR",
        hanzi: None,
        surname: "HARGREAVES",
        given: "OLIVER JAMES",
        wrong_given: "WILLIAM",
        sex: Sex::M,
        born: (1966, 1973),
        style: NumberStyle::Digits9,
        nationality_text: "BRITISH CITIZEN",
        place_of_birth: "LEEDS",
        authority: "HMPO",
    },
    PassportSpec {
        issuer: "CHN",
        nationality: "CHN",
        form_country: "CHN",
        hanzi: Some(("陈雨桐", 1)),
        surname: "",
        given: "",
        wrong_given: "SHUFEN",
        sex: Sex::F,
        born: (2000, 2004),
        style: NumberStyle::ChnEx,
        nationality_text: "中国/CHINESE",
        place_of_birth: "上海/SHANGHAI",
        authority: "国家移民管理局/NIA",
    },
    PassportSpec {
        issuer: "CAN",
        nationality: "CAN",
        form_country: "CAN",
        hanzi: None,
        surname: "MACDONALD",
        given: "SARAH ELIZABETH",
        wrong_given: "REBECCA",
        sex: Sex::F,
        born: (1980, 1988),
        style: NumberStyle::Can,
        nationality_text: "CANADIAN/CANADIENNE",
        place_of_birth: "HALIFAX CAN",
        authority: "GATINEAU",
    },
    PassportSpec {
        issuer: "CHN",
        nationality: "CHN",
        form_country: "CHN",
        hanzi: Some(("李娜", 1)),
        surname: "",
        given: "",
        wrong_given: "YING",
        sex: Sex::F,
        born: (1982, 1988),
        style: NumberStyle::ChnE,
        nationality_text: "中国/CHINESE",
        place_of_birth: "山东/SHANDONG",
        authority: "国家移民管理局/NIA",
    },
];

/// A generated passport.
pub struct Passport {
    pub doc_id: String,
    pub spec: &'static PassportSpec,
    /// Surname and given names as printed in the visual zone.
    pub surname: String,
    pub given: String,
    pub birth: Ymd,
    pub issued: Ymd,
    pub expiry: Ymd,
    pub number: String,
    pub personal_number: Option<String>,
    pub mrz: [String; 2],
}

impl Passport {
    /// MRZ-encoded surname and given names (`MUELLER`, `JONAS MAXIMILIAN`).
    pub fn mrz_names(&self) -> (String, String) {
        let line1 = &self.mrz[0];
        let field = line1[5..].trim_end_matches('<');
        let (sur, given) = field.split_once("<<").unwrap_or((field, ""));
        (sur.replace('<', " "), given.replace('<', " "))
    }
}

fn random_chars(rng: &mut Rng, alphabet: &[u8], n: usize) -> String {
    (0..n).map(|_| *rng.pick(alphabet) as char).collect()
}

const DIGITS: &[u8] = b"0123456789";
const LETTERS: &[u8] = b"ABCDEFGHJKLMNPRSTUVWXYZ";

fn passport_number(rng: &mut Rng, style: NumberStyle) -> String {
    match style {
        NumberStyle::ChnE => format!("E{}", random_chars(rng, DIGITS, 8)),
        NumberStyle::ChnEx => format!(
            "E{}{}",
            random_chars(rng, b"ABCDEFGH", 1),
            random_chars(rng, DIGITS, 7)
        ),
        NumberStyle::Digits9 => format!(
            "{}{}",
            random_chars(rng, b"123456789", 1),
            random_chars(rng, DIGITS, 8)
        ),
        NumberStyle::Fra => format!(
            "{}{}{}",
            random_chars(rng, DIGITS, 2),
            random_chars(rng, LETTERS, 2),
            random_chars(rng, DIGITS, 5)
        ),
        NumberStyle::Can => format!(
            "{}{}",
            random_chars(rng, LETTERS, 2),
            random_chars(rng, DIGITS, 6)
        ),
        NumberStyle::Deu => {
            let chars = random_chars(rng, b"CFGHJKLMNPRTVWXYZ0123456789", 7);
            format!("C{chars}{}", random_chars(rng, DIGITS, 1))
        }
        NumberStyle::Uto => format!(
            "{}{}{}{}",
            random_chars(rng, LETTERS, 1),
            random_chars(rng, DIGITS, 6),
            random_chars(rng, LETTERS, 1),
            random_chars(rng, DIGITS, 1)
        ),
    }
}

/// Picks dates and numbers for one passport and emits its MRZ with the `mrz` crate.
pub fn passport(rng: &mut Rng, index: usize, spec: &'static PassportSpec) -> Passport {
    let (surname, given) = match spec.hanzi {
        Some((hanzi, surname_len)) => name_pinyin(hanzi, surname_len),
        None => (spec.surname.to_string(), spec.given.to_string()),
    };
    let birth = random_date(rng, spec.born.0, spec.born.1);
    // Ten years of validity, ending the day before the anniversary; valid on AS_OF.
    let (issued, expiry) = loop {
        let issued = random_date(rng, 2017, 2025);
        let expiry = issued.add_years(10).add_days(-1);
        if expiry > AS_OF.add_days(31) && birth.years_until(issued) >= 18 {
            break (issued, expiry);
        }
    };
    let number = passport_number(rng, spec.style);
    // Chinese passports fill the whole personal-number field with a code of capital letters
    // (I, O and Q left out, as they are easily confused with digits).
    let personal_number = spec
        .hanzi
        .map(|_| random_chars(rng, b"ABCDEFGHJKLMNPRSTUVWXYZ", 14));
    let fields = mrz::Td3Fields {
        issuing_country: spec.issuer.into(),
        document_number: number.clone(),
        surname: surname.clone(),
        given_names: given.clone(),
        nationality: spec.nationality.into(),
        date_of_birth: birth.mrz(),
        sex: match spec.sex {
            Sex::M => mrz::Sex::Male,
            Sex::F => mrz::Sex::Female,
        },
        date_of_expiry: expiry.mrz(),
        personal_number: personal_number.clone(),
        ..Default::default()
    };
    let zone = mrz::format_td3(&fields);
    let (l1, l2) = zone.split_once('\n').expect("a TD3 zone has two lines");
    let parsed = mrz::parse_td3(l1, l2).expect("an emitted TD3 zone parses");
    assert!(
        parsed.valid(),
        "emitted MRZ of passport {index} has valid check digits"
    );
    if personal_number.is_some() {
        assert!(
            !l2.contains('<'),
            "a Chinese passport's MRZ line 2 has no filler"
        );
    }
    Passport {
        doc_id: format!("pp{:02}", index + 1),
        spec,
        surname,
        given,
        birth,
        issued,
        expiry,
        number,
        personal_number,
        mrz: [l1.to_string(), l2.to_string()],
    }
}

/// Asserts the arithmetic this generator relies on; run before anything is written.
pub fn self_check() {
    // The worked example of GB 11643-1999: 11010519491231002X.
    assert_eq!(gb11643_check("11010519491231002"), 'X', "GB 11643 check");
    let d = Ymd::new(2024, 2, 28);
    assert_eq!(d.add_days(1), Ymd::new(2024, 2, 29), "leap day");
    assert_eq!(d.add_days(2), Ymd::new(2024, 3, 1), "after leap day");
    assert_eq!(Ymd::new(1970, 1, 1).date().days_since_epoch(), 0, "epoch");
}
