//! Romanization candidates, the raw material for matching names across
//! scripts: every way a Han character may be spelled in Latin letters
//! (each heteronym the `pinyin` crate knows, surname readings, `ü` written
//! `yu`/`u`/`v`, Cantonese and Macanese surname spellings for HKG/MAC,
//! Wade-Giles for TWN), and the ICAO 9303 transliteration options for Latin
//! letters with diacritics. Deciding whether a typed name fits these
//! candidates is left to `compare::name`.
//!
//! The `pinyin` crate has no surname mode and no regional spellings; the
//! small tables below (surname readings, compound surnames, Cantonese and
//! Taiwanese surname spellings) and the pinyin → Wade-Giles rules are written
//! by hand and say where they come from.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::LazyLock;

use pinyin::{ToPinyin, ToPinyinMulti};

/// Which romanization conventions an issuer's documents may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Region {
    /// Hanyu pinyin only (CHN and everything else).
    Mainland,
    /// HKG and MAC: Cantonese (and Wade-Giles) spellings of surnames.
    HongKongMacau,
    /// TWN: Wade-Giles for every syllable, plus common Taiwanese surname spellings.
    Taiwan,
    /// JPN, KOR, PRK: Han characters are read in Japanese or Korean, which no
    /// table here covers; pinyin only.
    JapanKorea,
}

impl Region {
    /// The conventions of the issuer with ISO 3166 alpha-3 code `iso3`
    /// (case-insensitive); `None` or an unknown code is [`Region::Mainland`].
    pub fn from_iso3(iso3: Option<&str>) -> Region {
        match iso3.map(str::trim) {
            Some(c) if c.eq_ignore_ascii_case("HKG") || c.eq_ignore_ascii_case("MAC") => {
                Region::HongKongMacau
            }
            Some(c) if c.eq_ignore_ascii_case("TWN") => Region::Taiwan,
            Some(c)
                if ["JPN", "KOR", "PRK"]
                    .iter()
                    .any(|k| c.eq_ignore_ascii_case(k)) =>
            {
                Region::JapanKorea
            }
            _ => Region::Mainland,
        }
    }
}

/// Where a candidate spelling came from; used to explain a match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// The character's most common pinyin reading.
    Pinyin,
    /// Another pinyin reading of a polyphonic character (heteronym).
    Heteronym,
    /// The reading the character takes as a family name (单 shan).
    Surname,
    /// `ü` spelled `yu`, `u` or `v` (吕 LYU / LU / LV).
    UmlautSpelling,
    /// A Cantonese or Macanese surname spelling (陳 CHAN).
    Cantonese,
    /// A Wade-Giles spelling (健 CHIEN), apostrophes dropped.
    WadeGiles,
    /// A Taiwanese surname spelling outside Wade-Giles (李 LEE).
    TaiwanSurname,
}

/// One way to spell one Han character: a lower-case ASCII syllable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reading {
    /// Lower-case ASCII letters, no tone, no apostrophe.
    pub syllable: Cow<'static, str>,
    /// Which rule produced it.
    pub origin: Origin,
}

/// Readings of characters as family names where they differ from the
/// everyday reading. Written by hand from common reference usage (the same
/// readings as pinyin-pro's surname table); kept small: every reading here is
/// also among the `pinyin` crate's heteronyms, the table decides which one a
/// match is explained with.
const SURNAME_READINGS: &[(char, &str)] = &[
    ('单', "shan"),
    ('曾', "zeng"),
    ('解', "xie"),
    ('仇', "qiu"),
    ('区', "ou"),
    ('朴', "piao"),
    ('查', "zha"),
    ('盖', "ge"),
    ('乐', "yue"),
    ('覃', "qin"),
    ('缪', "miao"),
    ('秘', "bi"),
    ('翟', "zhai"),
    ('员', "yun"),
    ('过', "guo"),
    ('能', "nai"),
    ('种', "chong"),
    ('繁', "po"),
    ('召', "shao"),
    ('句', "gou"),
    ('尉', "yu"),
    ('万', "mo"),
    ('长', "zhang"),
];

/// Two-character (compound) family names and their readings as family
/// names. Written by hand from the compound surnames of the *Baijiaxing*
/// (百家姓, public domain), plus 毌丘 (毌丘俭) and the Taiwanese double
/// surnames 张简 and 范姜; the readings are the standard surname readings
/// (万俟 mo qi, 尉迟 yu chi, 单于 chan yu, 澹台 tan tai, 子车 zi ju, 乐正
/// yue zheng), which the `pinyin` crate lists only among its heteronyms or
/// not at all. The table decides where the family name ends when a name is
/// typed given names first (娜娜 欧阳 → NANA OUYANG) and which reading a
/// match is explained with.
const COMPOUND_SURNAMES: &[(&str, [&str; 2])] = &[
    ("万俟", ["mo", "qi"]),
    ("司马", ["si", "ma"]),
    ("上官", ["shang", "guan"]),
    ("欧阳", ["ou", "yang"]),
    ("夏侯", ["xia", "hou"]),
    ("诸葛", ["zhu", "ge"]),
    ("闻人", ["wen", "ren"]),
    ("东方", ["dong", "fang"]),
    ("赫连", ["he", "lian"]),
    ("皇甫", ["huang", "fu"]),
    ("尉迟", ["yu", "chi"]),
    ("公羊", ["gong", "yang"]),
    ("澹台", ["tan", "tai"]),
    ("公冶", ["gong", "ye"]),
    ("宗政", ["zong", "zheng"]),
    ("濮阳", ["pu", "yang"]),
    ("淳于", ["chun", "yu"]),
    ("单于", ["chan", "yu"]),
    ("太叔", ["tai", "shu"]),
    ("申屠", ["shen", "tu"]),
    ("公孙", ["gong", "sun"]),
    ("仲孙", ["zhong", "sun"]),
    ("轩辕", ["xuan", "yuan"]),
    ("令狐", ["ling", "hu"]),
    ("钟离", ["zhong", "li"]),
    ("宇文", ["yu", "wen"]),
    ("长孙", ["zhang", "sun"]),
    ("慕容", ["mu", "rong"]),
    ("鲜于", ["xian", "yu"]),
    ("闾丘", ["lü", "qiu"]),
    ("司徒", ["si", "tu"]),
    ("司空", ["si", "kong"]),
    ("亓官", ["qi", "guan"]),
    ("司寇", ["si", "kou"]),
    ("仉督", ["zhang", "du"]),
    ("子车", ["zi", "ju"]),
    ("颛孙", ["zhuan", "sun"]),
    ("端木", ["duan", "mu"]),
    ("巫马", ["wu", "ma"]),
    ("公西", ["gong", "xi"]),
    ("漆雕", ["qi", "diao"]),
    ("乐正", ["yue", "zheng"]),
    ("壤驷", ["rang", "si"]),
    ("公良", ["gong", "liang"]),
    ("拓跋", ["tuo", "ba"]),
    ("夹谷", ["jia", "gu"]),
    ("宰父", ["zai", "fu"]),
    ("谷梁", ["gu", "liang"]),
    ("榖梁", ["gu", "liang"]),
    ("段干", ["duan", "gan"]),
    ("百里", ["bai", "li"]),
    ("东郭", ["dong", "guo"]),
    ("南门", ["nan", "men"]),
    ("呼延", ["hu", "yan"]),
    ("归海", ["gui", "hai"]),
    ("羊舌", ["yang", "she"]),
    ("微生", ["wei", "sheng"]),
    ("梁丘", ["liang", "qiu"]),
    ("左丘", ["zuo", "qiu"]),
    ("东门", ["dong", "men"]),
    ("西门", ["xi", "men"]),
    ("南宫", ["nan", "gong"]),
    ("第五", ["di", "wu"]),
    ("毌丘", ["guan", "qiu"]),
    ("张简", ["zhang", "jian"]),
    ("范姜", ["fan", "jiang"]),
];

/// Cantonese (Hong Kong government) and Macanese (Portuguese-based) surname
/// spellings, keyed by the simplified character. Written by hand from the
/// common spellings on HKSAR and MSAR documents; not exhaustive.
const CANTONESE_SURNAMES: &[(char, &[&str])] = &[
    ('陈', &["chan"]),
    ('张', &["cheung", "cheong", "chong"]),
    ('黄', &["wong", "vong"]),
    ('吴', &["ng"]),
    ('许', &["hui", "hoi"]),
    ('李', &["lee", "lei"]),
    ('林', &["lam"]),
    ('刘', &["lau", "lao"]),
    ('王', &["wong", "vong"]),
    ('梁', &["leung", "leong"]),
    ('周', &["chow", "chau", "chao"]),
    ('郑', &["cheng", "cheang"]),
    ('谢', &["tse", "che"]),
    ('何', &["ho"]),
    ('杨', &["yeung", "ieong"]),
    ('赵', &["chiu", "chio"]),
    ('胡', &["wu", "woo"]),
    ('朱', &["chu", "chue"]),
    ('郭', &["kwok", "kuok"]),
    ('马', &["ma"]),
    ('罗', &["law", "lo"]),
    ('高', &["ko", "kou"]),
    ('蔡', &["choi", "choy"]),
    ('麦', &["mak"]),
    ('邓', &["tang"]),
    ('曾', &["tsang"]),
    ('彭', &["pang"]),
    ('萧', &["siu"]),
    ('叶', &["yip", "ip"]),
    ('余', &["yu", "yue"]),
    ('潘', &["poon", "pun"]),
    ('卢', &["lo", "lou"]),
    ('袁', &["yuen"]),
    ('徐', &["tsui", "chui"]),
    ('孙', &["suen"]),
    ('冯', &["fung"]),
    ('谭', &["tam"]),
    ('钟', &["chung"]),
    ('廖', &["liu"]),
    ('关', &["kwan"]),
    ('简', &["kan"]),
    ('莫', &["mok"]),
    ('区', &["au"]),
    ('欧', &["au"]),
    ('甘', &["kam"]),
    ('岑', &["shum"]),
    ('文', &["man"]),
    ('方', &["fong"]),
    ('姚', &["yiu"]),
    ('苏', &["so", "sou"]),
    ('赖', &["lai"]),
    ('江', &["kong"]),
    ('汤', &["tong"]),
    ('唐', &["tong"]),
    ('石', &["shek"]),
    ('杜', &["to", "tou"]),
    ('韩', &["hon"]),
    ('温', &["wan"]),
    ('崔', &["tsui", "chui"]),
    ('邝', &["kwong"]),
    ('戴', &["tai"]),
    ('顾', &["koo"]),
    ('宋', &["sung"]),
    ('伍', &["ng"]),
    ('黎', &["lai"]),
    ('龙', &["lung"]),
    ('侯', &["hau"]),
    ('邱', &["yau"]),
    ('丘', &["yau"]),
    ('雷', &["lui"]),
    ('吕', &["lui"]),
    ('沈', &["shum"]),
    ('邵', &["shiu"]),
    ('施', &["sze"]),
    ('庞', &["pong"]),
    ('薛', &["sit"]),
    ('程', &["ching"]),
    ('严', &["yim"]),
    ('阮', &["yuen"]),
    ('魏', &["ngai"]),
    ('翁', &["yung"]),
    ('洪', &["hung"]),
    ('孔', &["hung"]),
    ('熊', &["hung"]),
    ('白', &["pak"]),
    ('容', &["yung"]),
    ('田', &["tin"]),
    ('任', &["yam"]),
    ('易', &["yik"]),
    ('卓', &["cheuk"]),
    ('陆', &["luk"]),
    ('游', &["yau"]),
    ('霍', &["fok"]),
    ('邹', &["chau", "chow"]),
    ('陶', &["to"]),
    ('金', &["kam"]),
    ('秦', &["chun"]),
    ('鲍', &["pau"]),
    ('章', &["cheung"]),
    ('夏', &["ha"]),
    ('姜', &["keung"]),
    ('蒋', &["cheung"]),
    ('聂', &["nip"]),
    ('骆', &["lok"]),
    ('尹', &["wan"]),
];

/// Compound surnames with Cantonese spellings (two syllables each).
const CANTONESE_COMPOUNDS: &[(&str, [&str; 2])] = &[
    ("欧阳", ["au", "yeung"]),
    ("司徒", ["sze", "to"]),
    ("上官", ["sheung", "kwun"]),
    ("司马", ["sze", "ma"]),
    ("诸葛", ["chu", "kot"]),
    ("东方", ["tung", "fong"]),
    ("慕容", ["mo", "yung"]),
    ("夏侯", ["ha", "hau"]),
    ("公孙", ["kung", "suen"]),
];

/// Taiwanese surname spellings not produced by the Wade-Giles rules.
const TAIWAN_SURNAMES: &[(char, &[&str])] = &[('李', &["lee"]), ('吴', &["woo"]), ('胡', &["hoo"])];

/// Spellings of pinyin syllables containing `ü` (the `pinyin` crate writes
/// `lü`, `lüe`, `nü`, `nüe`): Chinese passports write `ü` as `YU` (吕 LYU),
/// older documents and people as `U` or `V`.
const UMLAUT_SPELLINGS: &[(&str, &[&str])] = &[
    ("lü", &["lyu", "lu", "lv"]),
    ("nü", &["nyu", "nu", "nv"]),
    ("lüe", &["lyue", "lue", "lve"]),
    ("nüe", &["nyue", "nue", "nve"]),
];

static CANTONESE: LazyLock<HashMap<char, &'static [&'static str]>> =
    LazyLock::new(|| CANTONESE_SURNAMES.iter().copied().collect());

/// Pushes onto `out` every spelling of the Han character `source` (as the
/// document or the person wrote it) whose simplified form is `simplified`.
/// `surname` says the character is the (first) family-name character. The
/// first reading pushed is the everyday pinyin; duplicates are skipped. A
/// character without any known reading (rare characters such as 𠮷) pushes
/// nothing.
pub fn readings(
    source: char,
    simplified: char,
    surname: bool,
    region: Region,
    out: &mut Vec<Reading>,
) {
    out.clear();
    // 1. Everyday pinyin reading, then every heteronym, of both forms.
    for c in [simplified, source] {
        if let Some(p) = c.to_pinyin() {
            push_pinyin(p.plain(), Origin::Pinyin, out);
        }
    }
    for c in [simplified, source] {
        if let Some(multi) = c.to_pinyin_multi() {
            for p in multi {
                push_pinyin(p.plain(), Origin::Heteronym, out);
            }
        }
    }
    if surname {
        // 2. Surname reading: re-label (or add) it so the match is explained as such.
        if let Some(&(_, r)) = SURNAME_READINGS.iter().find(|(c, _)| *c == simplified) {
            match out.iter_mut().find(|x| x.syllable == r) {
                Some(x) if x.origin != Origin::Pinyin => x.origin = Origin::Surname,
                Some(_) => {}
                None => push(Cow::Borrowed(r), Origin::Surname, out),
            }
        }
        // 3. Regional surname spellings.
        match region {
            Region::HongKongMacau => {
                if let Some(list) = CANTONESE.get(&simplified) {
                    for s in list.iter() {
                        push(Cow::Borrowed(s), Origin::Cantonese, out);
                    }
                }
            }
            Region::Taiwan => {
                if let Some(&(_, list)) = TAIWAN_SURNAMES.iter().find(|(c, _)| *c == simplified) {
                    for s in list {
                        push(Cow::Borrowed(s), Origin::TaiwanSurname, out);
                    }
                }
            }
            Region::Mainland | Region::JapanKorea => {}
        }
    }
    // 4. Wade-Giles: every syllable on TWN documents, the surname on HKG/MAC.
    if region == Region::Taiwan || (surname && region == Region::HongKongMacau) {
        let n = out.len();
        for i in 0..n {
            if matches!(
                out[i].origin,
                Origin::Pinyin | Origin::Heteronym | Origin::Surname
            ) {
                let wg = wade_giles(&out[i].syllable);
                push(Cow::Owned(wg), Origin::WadeGiles, out);
            }
        }
    }
}

fn push_pinyin(plain: &'static str, origin: Origin, out: &mut Vec<Reading>) {
    if plain.contains('ü') {
        if let Some(&(_, spellings)) = UMLAUT_SPELLINGS.iter().find(|(p, _)| *p == plain) {
            for s in spellings {
                push(Cow::Borrowed(s), Origin::UmlautSpelling, out);
            }
        }
    } else {
        push(Cow::Borrowed(plain), origin, out);
    }
}

fn push(syllable: Cow<'static, str>, origin: Origin, out: &mut Vec<Reading>) {
    if !syllable.is_empty() && !out.iter().any(|r| r.syllable == syllable) {
        out.push(Reading { syllable, origin });
    }
}

/// The spellings of a two-character compound family name (欧阳 → ou yang),
/// if `pair` (simplified) is one: the standard reading first, then for
/// HKG/MAC a Cantonese spelling, each with its origin.
pub fn compound_surname(
    pair: [char; 2],
    region: Region,
) -> Option<Vec<([&'static str; 2], Origin)>> {
    let (main, cantonese) = COMPOUNDS.get(&pair)?;
    let mut out = vec![(*main, Origin::Surname)];
    if let (Region::HongKongMacau, Some(c)) = (region, cantonese) {
        out.push((*c, Origin::Cantonese));
    }
    Some(out)
}

/// Adds to `out` (the readings of character `index`, 0 or 1, of a compound
/// surname) that character's syllable from each of `spellings`
/// ([`compound_surname`]), `ü` spelled `yu`/`u`/`v`; a reading already
/// present is re-labelled as a surname reading.
pub fn add_compound_readings(
    spellings: &[([&'static str; 2], Origin)],
    index: usize,
    out: &mut Vec<Reading>,
) {
    for (pair, origin) in spellings {
        let Some(&syllable) = pair.get(index) else {
            continue;
        };
        let umlaut = UMLAUT_SPELLINGS.iter().find(|(p, _)| *p == syllable);
        let list: &[&'static str] = match umlaut {
            Some((_, l)) => l,
            None => std::slice::from_ref(&pair[index]),
        };
        for s in list {
            match out.iter_mut().find(|x| x.syllable == *s) {
                Some(x) => {
                    if x.origin != Origin::Pinyin && *origin == Origin::Surname {
                        x.origin = Origin::Surname;
                    }
                }
                None => push(Cow::Borrowed(s), *origin, out),
            }
        }
    }
}

type CompoundEntry = ([&'static str; 2], Option<[&'static str; 2]>);

static COMPOUNDS: LazyLock<HashMap<[char; 2], CompoundEntry>> = LazyLock::new(|| {
    let key = |k: &str| {
        let mut it = k.chars();
        [it.next().unwrap_or_default(), it.next().unwrap_or_default()]
    };
    let mut m: HashMap<[char; 2], CompoundEntry> = COMPOUND_SURNAMES
        .iter()
        .map(|(k, r)| (key(k), (*r, None)))
        .collect();
    for (k, c) in CANTONESE_COMPOUNDS {
        if let Some(e) = m.get_mut(&key(k)) {
            e.1 = Some(*c);
        }
    }
    m
});

/// Converts one toneless pinyin syllable (lower case, `ü` allowed) to its
/// Wade-Giles spelling without apostrophes or diacritics, lower case:
/// `jian` → `chien`, `xie` → `hsieh`, `zhong` → `chung`, `cai` → `tsai`,
/// `si` → `ssu`, `guo` → `kuo`. Initials: b→p, p→p', d→t, t→t', g→k,
/// k→k', zh/j→ch, ch/q→ch', x→hs, z→ts, c→ts', r→j; finals: -ong→-ung,
/// -ian→-ien, -ie→-ieh, -üe→-üeh, -uo→-o (except after g, k, h, sh),
/// e→o after g, k, h, -ui→-uei after g, k, -i→-ih after zh, ch, sh, r and
/// →-u after z, c, s. Unknown input is returned unchanged.
pub fn wade_giles(py: &str) -> String {
    match py {
        "zhi" | "chi" => return "chih".into(),
        "shi" => return "shih".into(),
        "ri" => return "jih".into(),
        "zi" | "ci" => return "tzu".into(),
        "si" => return "ssu".into(),
        "er" => return "erh".into(),
        "yi" => return "i".into(),
        "you" => return "yu".into(),
        "yan" => return "yen".into(),
        "ye" => return "yeh".into(),
        "yong" => return "yung".into(),
        "yue" => return "yueh".into(),
        "e" => return "o".into(),
        _ => {}
    }
    const INITIALS: [(&str, &str); 21] = [
        ("zh", "ch"),
        ("ch", "ch"),
        ("sh", "sh"),
        ("b", "p"),
        ("p", "p"),
        ("m", "m"),
        ("f", "f"),
        ("d", "t"),
        ("t", "t"),
        ("n", "n"),
        ("l", "l"),
        ("g", "k"),
        ("k", "k"),
        ("h", "h"),
        ("j", "ch"),
        ("q", "ch"),
        ("x", "hs"),
        ("r", "j"),
        ("z", "ts"),
        ("c", "ts"),
        ("s", "s"),
    ];
    let (ini, wg_ini, fin) = match INITIALS.iter().find(|(p, _)| py.starts_with(p)) {
        Some((p, w)) => (*p, *w, &py[p.len()..]),
        None => ("", "", py),
    };
    let palatal = matches!(ini, "j" | "q" | "x");
    let fin: Cow<str> = if palatal && fin.starts_with('u') {
        // ju, quan, xue, jun are jü, qüan, xüe, jün.
        Cow::Owned(format!("ü{}", &fin[1..]))
    } else {
        Cow::Borrowed(fin)
    };
    let wg_fin: String = match fin.as_ref() {
        "uo" if !matches!(ini, "g" | "k" | "h" | "sh" | "") => "o".into(),
        "e" if matches!(ini, "g" | "k" | "h") => "o".into(),
        "ui" if matches!(ini, "g" | "k") => "uei".into(),
        "ie" => "ieh".into(),
        "üe" | "ue" => "ueh".into(),
        f if f.ends_with("iong") => format!("{}iung", &f[..f.len() - 4]),
        f if f.ends_with("ong") => format!("{}ung", &f[..f.len() - 3]),
        f if f.ends_with("ian") => format!("{}ien", &f[..f.len() - 3]),
        f => f.into(),
    };
    format!("{wg_ini}{wg_fin}").replace('ü', "u")
}

/// ICAO 9303 Part 3 transliteration options for an upper-case Latin letter
/// with a diacritic, most specific first: the recommended spelling, the
/// base letter a state may print instead, and the `XX` options of Doc 9303
/// (`Ü` → `UXX`, `Ñ` → `NXX`): `Ä` → `AE` or `A`, `Ö` → `OE` or `O`, `Ü` →
/// `UE`, `U` or `UXX` (and `YU` and `V`, the Chinese passport and
/// keyboard spellings of pinyin `ü`), `Å` → `AA` or `A`, `Ñ` → `N` or `NXX`, `ß` → `SS`, `Ø` → `OE` or
/// `O`, `Æ` → `AE`, `Œ` → `OE`, `Þ` → `TH`, `Ł` → `L`, `Đ` → `D`. Other
/// letters return `None` (see [`fold_latin`]).
pub fn icao_options(c: char) -> Option<&'static [&'static str]> {
    Some(match c {
        'Ä' => &["AE", "A"],
        'Ö' => &["OE", "O"],
        // Pinyin ü with tone marks (Ǖ Ǘ Ǚ Ǜ) as typed for 吕 Lǚ.
        'Ü' | 'Ǖ' | 'Ǘ' | 'Ǚ' | 'Ǜ' => &["UE", "U", "UXX", "YU", "V"],
        'Å' => &["AA", "A"],
        'Ñ' => &["N", "NXX"],
        'ß' | 'ẞ' => &["SS"],
        'Ø' => &["OE", "O"],
        'Æ' => &["AE"],
        'Œ' => &["OE"],
        'Þ' => &["TH"],
        'Ł' => &["L"],
        'Đ' => &["D"],
        _ => return None,
    })
}

/// The ASCII spelling of one non-ASCII letter as `deunicode` gives it
/// (`É` → `E`, `Ş` → `S`, `Ж` → `ZH`), upper-cased with anything but letters
/// and digits removed; empty when there is none.
pub fn fold_latin(c: char, out: &mut String) {
    if let Some(s) = deunicode::deunicode_char(c) {
        out.extend(
            s.chars()
                .filter(char::is_ascii_alphanumeric)
                .map(|c| c.to_ascii_uppercase()),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn syllables(c: char, surname: bool, region: Region) -> Vec<String> {
        let mut out = Vec::new();
        let s = character_converter::traditional_to_simplified(&c.to_string())
            .chars()
            .next()
            .unwrap_or(c);
        readings(c, s, surname, region, &mut out);
        out.into_iter().map(|r| r.syllable.into_owned()).collect()
    }

    #[test]
    fn readings_include_heteronyms_and_surname_reading() {
        let r = syllables('单', true, Region::Mainland);
        assert_eq!(r[0], "dan");
        assert!(r.contains(&"shan".to_string()));
        let mut out = Vec::new();
        readings('单', '单', true, Region::Mainland, &mut out);
        assert!(out
            .iter()
            .any(|r| r.syllable == "shan" && r.origin == Origin::Surname));
    }

    #[test]
    fn readings_spell_umlaut_three_ways() {
        let r = syllables('吕', true, Region::Mainland);
        for s in ["lyu", "lu", "lv"] {
            assert!(r.contains(&s.to_string()), "{s} in {r:?}");
        }
    }

    #[test]
    fn readings_regional_surnames() {
        assert!(syllables('陳', true, Region::HongKongMacau).contains(&"chan".into()));
        assert!(syllables('張', true, Region::HongKongMacau).contains(&"cheung".into()));
        assert!(syllables('張', true, Region::HongKongMacau).contains(&"chang".into()));
        assert!(syllables('許', true, Region::Taiwan).contains(&"hsu".into()));
        assert!(!syllables('陳', true, Region::Mainland).contains(&"chan".into()));
        // Cantonese spellings apply to the surname only.
        assert!(!syllables('陳', false, Region::HongKongMacau).contains(&"chan".into()));
    }

    #[test]
    fn readings_rare_character_has_none() {
        assert!(syllables('𠮷', true, Region::Mainland).is_empty());
    }

    #[test]
    fn wade_giles_syllables() {
        for (py, wg) in [
            ("jian", "chien"),
            ("sheng", "sheng"),
            ("xie", "hsieh"),
            ("zhong", "chung"),
            ("cai", "tsai"),
            ("si", "ssu"),
            ("guo", "kuo"),
            ("xu", "hsu"),
            ("qiu", "chiu"),
            ("jiang", "chiang"),
            ("zeng", "tseng"),
            ("he", "ho"),
            ("gui", "kuei"),
            ("xiong", "hsiung"),
            ("ren", "jen"),
            ("luo", "lo"),
            ("shuo", "shuo"),
            ("xue", "hsueh"),
            ("lü", "lu"),
            ("zhi", "chih"),
            ("ye", "yeh"),
            ("bo", "po"),
            ("de", "te"),
            ("juan", "chuan"),
        ] {
            assert_eq!(wade_giles(py), wg, "{py}");
        }
    }

    #[test]
    fn compound_surnames() {
        assert_eq!(
            compound_surname(['欧', '阳'], Region::HongKongMacau),
            Some(vec![
                (["ou", "yang"], Origin::Surname),
                (["au", "yeung"], Origin::Cantonese)
            ])
        );
        assert_eq!(
            compound_surname(['欧', '阳'], Region::Mainland),
            Some(vec![(["ou", "yang"], Origin::Surname)])
        );
        // Every Cantonese compound is also a compound.
        for (k, _) in CANTONESE_COMPOUNDS {
            assert!(COMPOUND_SURNAMES.iter().any(|(c, _)| c == k), "{k}");
        }
        let mut out = Vec::new();
        readings('闾', '闾', true, Region::Mainland, &mut out);
        add_compound_readings(&[(["lü", "qiu"], Origin::Surname)], 0, &mut out);
        assert!(out.iter().any(|r| r.syllable == "lyu"));
        assert_eq!(compound_surname(['张', '小'], Region::Mainland), None);
    }

    #[test]
    fn icao_and_fold() {
        assert_eq!(icao_options('Ä'), Some(&["AE", "A"][..]));
        assert_eq!(icao_options('E'), None);
        let mut s = String::new();
        fold_latin('É', &mut s);
        fold_latin('Ş', &mut s);
        assert_eq!(s, "ES");
    }

    #[test]
    fn region_from_iso3() {
        assert_eq!(Region::from_iso3(Some("twn")), Region::Taiwan);
        assert_eq!(Region::from_iso3(Some("MAC")), Region::HongKongMacau);
        assert_eq!(Region::from_iso3(None), Region::Mainland);
        assert_eq!(Region::from_iso3(Some("JPN")), Region::JapanKorea);
    }
}
