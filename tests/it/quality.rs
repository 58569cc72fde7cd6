//! Image-quality reasons: the degradations of the calibration set
//! (examples/calibrate_quality/degrade.rs) on a few fixtures must give their
//! code when severe and nothing when clean or mild; flags must not depend on
//! the photo's size; the EXIF Software tag of an editor gives IMAGE_EDITED;
//! and the decision rule (an image reason rejects only when a field on that
//! image could not be read) through `Verifier::verify` with canned OCR text,
//! plus one real OCR run on a blurred card.

#[path = "../../examples/calibrate_quality/degrade.rs"]
mod degrade;

use std::io::Cursor;

use degrade::Level;
use image::GrayImage;
use kycmatch::{
    measure_quality, quality_reasons, Claimed, ClaimedText, DateOrder, Decision, ImageInput,
    ImageSide, Limits, Ocr, OcrPage, Policy, ReasonCode, Report, Request, Submission, Verifier,
};

fn gray(name: &str) -> GrayImage {
    image::open(crate::root().join("fixtures/images").join(name))
        .unwrap_or_else(|e| panic!("{name}: {e}"))
        .to_luma8()
}

/// The image reasons verify gives for `img` (its quality measured as
/// [`kycmatch::survey`] measures it: on the document found on it).
fn codes(img: &GrayImage) -> Vec<ReasonCode> {
    quality_reasons(
        &kycmatch::survey(img).quality,
        ImageSide::Front,
        &Policy::default(),
    )
    .iter()
    .map(|r| r.code)
    .collect()
}

/// A card front, a card back and a passport page (with their index in the
/// sorted fixture list, which places glare and picks motion angles): a spot
/// check of every case on three images. The rates over the whole set are the
/// calibration's (fixtures/quality/README.md); its two misses (motion blur at
/// an angle between the four measured directions) are not among these.
const SAMPLES: [(&str, usize); 3] = [
    ("cnid03_front.jpg", 5),
    ("cnid08_back.jpg", 14),
    ("pp01.jpg", 24),
];

#[test]
fn quality_severe_degradations_give_their_code_and_mild_ones_nothing() {
    let mut failures = Vec::new();
    for (name, index) in SAMPLES {
        let img = gray(name);
        for d in degrade::set() {
            let got = codes(&(d.apply)(&img, index, &degrade::Place::whole(&img)));
            let ok = match (d.level, d.expect) {
                (Level::Severe, Some(code)) => got.contains(&code),
                _ => got.is_empty(),
            };
            if !ok {
                failures.push(format!(
                    "{name} {} ({}): expected {:?}, got {got:?}",
                    d.name,
                    d.level.as_str(),
                    d.expect
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn quality_flags_do_not_depend_on_photo_size() {
    let img = gray("cnid01_front.jpg");
    for d in degrade::set() {
        // Sizes both above the resolution limit, so only the pixel measures speak.
        if d.name.starts_with("scale") {
            continue;
        }
        let small = (d.apply)(&img, 1, &degrade::Place::whole(&img));
        let big = degrade::scale(&small, 1.7);
        let (ms, mb) = (
            kycmatch::survey(&small).quality,
            kycmatch::survey(&big).quality,
        );
        assert_eq!(codes(&small), codes(&big), "{}: {ms:?} {mb:?}", d.name);
        let (bs, bb) = (ms.blur.unwrap_or(0.0), mb.blur.unwrap_or(0.0));
        assert!((bs - bb).abs() < 0.05, "{}: blur {bs} vs {bb}", d.name);
        let (ws, wb) = (ms.white.unwrap_or(0.0), mb.white.unwrap_or(0.0));
        assert!((ws - wb).abs() < 0.02, "{}: white {ws} vs {wb}", d.name);
    }
}

#[test]
fn quality_glare_over_text_has_a_box_and_says_so() {
    let img = degrade::glare(&gray("cnid03_front.jpg"), 0.55, 0.9, 0.07, 0.035, 1.0);
    let reasons = quality_reasons(
        &measure_quality(&img, None),
        ImageSide::Front,
        &Policy::default(),
    );
    let glare = reasons
        .iter()
        .find(|r| r.code == ReasonCode::ImageGlare)
        .expect("glare flagged");
    let b = glare.bbox.expect("glare has a box");
    // The blob is centred at (605, 625) on the 1100 × 694 card.
    assert!(
        b.x < 605 && 605 < b.right() && b.y < 625 && 625 < b.bottom(),
        "{b:?}"
    );
    assert!(b.w < 300 && b.h < 150, "{b:?}");
    assert!(glare.message.contains("over text"), "{}", glare.message);
    assert!(glare.hint_zh.contains("文字"), "{}", glare.hint_zh);
    let json = serde_json::to_value(glare).expect("json");
    assert_eq!(json["image"], "front");
    assert!(json["box"]["w"].as_u64().is_some(), "{json}");

    // The same blob on blank paper (the card's top-right corner area) is not over text.
    let img = degrade::glare(&gray("cnid03_back.jpg"), 0.88, 0.12, 0.09, 0.06, 1.0);
    let m = measure_quality(&img, None);
    let reasons = quality_reasons(&m, ImageSide::Back, &Policy::default());
    let glare = reasons
        .iter()
        .find(|r| r.code == ReasonCode::ImageGlare)
        .unwrap_or_else(|| panic!("glare flagged: {m:?}"));
    assert!(!glare.message.contains("over text"), "{}", glare.message);
    assert_eq!(glare.image, Some(ImageSide::Back));
}

/// Glare on the ID number of a card photographed on a table: measured on
/// the card straightened out of the photo, flagged as over text, and its
/// box given in the photo's pixels, around where the glare was put.
#[test]
fn quality_glare_on_a_photographed_card_is_boxed_on_the_photo() {
    let truth = crate::truth("photo01_front.jpg");
    let corners: Vec<(f32, f32)> = truth["photo"]["corners"]
        .as_array()
        .expect("corners")
        .iter()
        .map(|c| {
            (
                c[0].as_f64().unwrap_or(0.0) as f32,
                c[1].as_f64().unwrap_or(0.0) as f32,
            )
        })
        .collect();
    let place = degrade::Place {
        corners: [corners[0], corners[1], corners[2], corners[3]],
    };
    // On the card's bottom text line (the ID number), as glare_on_text puts it.
    let img = degrade::glare_on(
        &gray("photo01_front.jpg"),
        &place,
        0.55,
        0.9,
        0.07,
        0.035,
        1.0,
    );
    let survey = kycmatch::survey(&img);
    assert!(survey.flat.is_some(), "the card is found and straightened");
    let reasons = quality_reasons(&survey.quality, ImageSide::Front, &Policy::default());
    let glare = reasons
        .iter()
        .find(|r| r.code == ReasonCode::ImageGlare)
        .unwrap_or_else(|| panic!("glare flagged: {:?}", survey.quality));
    assert!(glare.message.contains("over text"), "{}", glare.message);
    let b = glare.bbox.expect("glare has a box");
    // The glare's centre in the photo: the document point (0.55, 0.9).
    let [a, bb, c, d] = place.corners;
    let mix = |p: f32, q: f32, r: f32, s: f32| {
        p * 0.45 * 0.1 + q * 0.55 * 0.1 + r * 0.55 * 0.9 + s * 0.45 * 0.9
    };
    let (cx, cy) = (mix(a.0, bb.0, c.0, d.0), mix(a.1, bb.1, c.1, d.1));
    assert!(
        (b.x as f32) < cx && cx < b.right() as f32 && (b.y as f32) < cy && cy < b.bottom() as f32,
        "{b:?} around ({cx}, {cy})"
    );
    let region = survey
        .quality
        .region
        .expect("the card's place on the photo");
    assert!(
        region.w < img.width() && region.h < img.height(),
        "{region:?}"
    );
}

/// A baseline JPEG of `img` with an EXIF APP1 segment whose IFD0 holds one
/// Software tag, when `software` is given.
fn jpeg_with_software(img: &GrayImage, software: Option<&str>) -> Vec<u8> {
    let mut jpeg = Vec::new();
    img.write_to(&mut Cursor::new(&mut jpeg), image::ImageFormat::Jpeg)
        .expect("encoding a JPEG in memory cannot fail");
    let Some(software) = software else {
        return jpeg;
    };
    let mut value = software.as_bytes().to_vec();
    value.push(0);
    // TIFF, little-endian: header, IFD0 with one entry, no next IFD, then the value.
    let mut tiff = b"II*\0".to_vec();
    tiff.extend(8u32.to_le_bytes());
    tiff.extend(1u16.to_le_bytes());
    tiff.extend(0x0131u16.to_le_bytes()); // Software
    tiff.extend(2u16.to_le_bytes()); // ASCII
    tiff.extend((value.len() as u32).to_le_bytes());
    tiff.extend((8 + 2 + 12 + 4u32).to_le_bytes());
    tiff.extend(0u32.to_le_bytes());
    tiff.extend(value);
    let mut app1 = b"Exif\0\0".to_vec();
    app1.extend(tiff);
    let mut out = jpeg[..2].to_vec(); // SOI
    out.extend([0xFF, 0xE1]);
    out.extend(((app1.len() + 2) as u16).to_be_bytes());
    out.extend(app1);
    out.extend(&jpeg[2..]);
    out
}

/// Canned OCR: the back text for images of odd width (the tests crop the back
/// by a pixel), the front text otherwise.
struct Canned {
    front: &'static str,
    back: &'static str,
}

impl Ocr for Canned {
    fn recognize(
        &mut self,
        image: &GrayImage,
        _request: &Request<'_>,
    ) -> Result<OcrPage, kycmatch::Error> {
        Ok(OcrPage::from_text(if image.width() % 2 == 1 {
            self.back
        } else {
            self.front
        }))
    }
}

const FRONT: &str = "姓名 张小明\n性别 男 民族 汉\n出生 1990 年 1 月 2 日\n住址 北京市朝阳区建国路\n88号院3号楼2单元\n公民身份号码 110105199001021238\n";
const FRONT_NO_NUMBER: &str =
    "姓名 张小明\n性别 男 民族 汉\n出生 1990 年 1 月 2 日\n住址 北京市朝阳区建国路\n88号院3号楼2单元\n公民身份号码\n";
const BACK: &str =
    "中华人民共和国\n居民身份证\n签发机关 北京市公安局朝阳分局\n有效期限 2016.03.01-2036.03.01\n";
const BACK_NO_VALIDITY: &str =
    "中华人民共和国\n居民身份证\n签发机关 北京市公安局朝阳分局\n有效期限\n";

fn png(img: &GrayImage) -> ImageInput {
    let mut out = Vec::new();
    img.write_to(&mut Cursor::new(&mut out), image::ImageFormat::Png)
        .expect("encoding a PNG in memory cannot fail");
    ImageInput::Bytes(out)
}

fn claimed() -> Claimed {
    Claimed::new(
        &ClaimedText {
            name: Some("Zhang Xiaoming"),
            dob: Some("1990年1月2日"),
            id_number: Some("110105199001021238"),
            doc_type: Some("id-card"),
            country: Some("CHN"),
        },
        DateOrder::Dmy,
        &Limits::default(),
    )
    .expect("valid claim")
}

fn verify_canned(
    front: ImageInput,
    back: Option<ImageInput>,
    text: (&'static str, &'static str),
) -> Report {
    let v = Verifier::with_engines(
        vec![Box::new(Canned {
            front: text.0,
            back: text.1,
        })],
        Policy::default(),
        Limits::default(),
    );
    v.verify(&Submission {
        front,
        back,
        proof_of_address: None,
        claimed: claimed(),
        as_of: kycmatch::Date::new(2026, 11, 22),
    })
    .expect("verify runs")
}

fn reason_codes(r: &Report) -> Vec<&'static str> {
    r.reasons.iter().map(|r| r.code.as_str()).collect()
}

#[test]
fn quality_exif_software_of_an_editor_is_reported() {
    let front = gray("cnid01_front.jpg");
    let back = image::imageops::crop_imm(&gray("cnid01_back.jpg"), 0, 0, 1099, 694).to_image();
    for (software, edited) in [
        (Some("Adobe Photoshop 25.0 (Windows)"), true),
        (Some("Meitu 9.8.1"), true),
        (Some("HDR+ 1.0.540104767zd"), false),
        (None, false),
    ] {
        let report = verify_canned(
            ImageInput::Bytes(jpeg_with_software(&front, software)),
            Some(png(&back)),
            (FRONT, BACK),
        );
        assert_eq!(
            report.quality.software.as_deref(),
            software,
            "the tag is read back"
        );
        assert_eq!(
            report.has_reason(ReasonCode::ImageEdited),
            edited,
            "{software:?}: {:?}",
            reason_codes(&report)
        );
        // An edit trace is reported; the decision stands on the fields.
        assert_eq!(
            report.decision,
            Decision::Pass,
            "{:?}",
            reason_codes(&report)
        );
    }
}

#[test]
fn quality_decision_rule_image_reason_rejects_only_with_an_unread_field_on_it() {
    let front = gray("cnid01_front.jpg");
    let back = image::imageops::crop_imm(&gray("cnid01_back.jpg"), 0, 0, 1099, 694).to_image();
    let glared = degrade::glare(&front, 0.55, 0.9, 0.07, 0.035, 1.0);

    // Everything read: glare is reported, the decision stands.
    let r = verify_canned(png(&glared), Some(png(&back)), (FRONT, BACK));
    assert_eq!(r.decision, Decision::Pass, "{:?}", reason_codes(&r));
    assert_eq!(reason_codes(&r), vec!["IMAGE_GLARE"]);
    assert!(r.quality.back.is_some(), "back measured");

    // The ID number could not be read under the glare: reject, glare first,
    // and the hint names the field.
    let r = verify_canned(png(&glared), Some(png(&back)), (FRONT_NO_NUMBER, BACK));
    assert_eq!(r.decision, Decision::Reject, "{:?}", reason_codes(&r));
    let first = &r.reasons[0];
    assert_eq!(first.code, ReasonCode::ImageGlare, "{:?}", reason_codes(&r));
    assert!(first.hint.contains("ID number"), "{}", first.hint);
    assert!(first.hint_zh.contains("身份证号码"), "{}", first.hint_zh);
    assert!(r.has_reason(ReasonCode::FieldUnreadable));

    // The same unread field on a clean photo: review, no image reason.
    let r = verify_canned(png(&front), Some(png(&back)), (FRONT_NO_NUMBER, BACK));
    assert_eq!(r.decision, Decision::Review, "{:?}", reason_codes(&r));
    assert!(!reason_codes(&r).iter().any(|c| c.starts_with("IMAGE_")));

    // A dark back whose validity could not be read: reject for the back.
    let dark = degrade::gain(&back, 0.15);
    let r = verify_canned(png(&front), Some(png(&dark)), (FRONT, BACK_NO_VALIDITY));
    assert_eq!(r.decision, Decision::Reject, "{:?}", reason_codes(&r));
    assert_eq!(r.reasons[0].code, ReasonCode::ImageTooDark);
    assert_eq!(r.reasons[0].image, Some(ImageSide::Back));

    // Glare on the front does not explain a validity period missing from the back.
    let r = verify_canned(png(&glared), Some(png(&back)), (FRONT, BACK_NO_VALIDITY));
    assert_eq!(r.decision, Decision::Review, "{:?}", reason_codes(&r));
    assert!(r.has_reason(ReasonCode::ImageGlare));
}

#[cfg(feature = "tesseract")]
#[test]
fn quality_severely_blurred_card_is_rejected_as_blurry() {
    let v = Verifier::new(kycmatch::Config {
        workers: 1,
        ..kycmatch::Config::default()
    })
    .expect("Tesseract with eng and chi_sim is installed (make setup)");
    let front = degrade::gaussian(&gray("cnid01_front.jpg"), 4.0);
    // cnid01's holder, as cases.tsv types them.
    let claimed = Claimed::new(
        &ClaimedText {
            name: Some("张晓明"),
            dob: Some("1993-03-20"),
            id_number: Some("110105199303208436"),
            doc_type: Some("id-card"),
            country: Some("CHN"),
        },
        DateOrder::Dmy,
        &Limits::default(),
    )
    .expect("valid claim");
    let report = v
        .verify(&Submission {
            front: png(&front),
            back: None,
            proof_of_address: None,
            claimed,
            as_of: kycmatch::Date::new(2026, 11, 22),
        })
        .expect("verify runs");
    assert_ne!(
        report.decision,
        Decision::Pass,
        "{:?}",
        reason_codes(&report)
    );
    assert!(
        report.has_reason(ReasonCode::ImageBlurry),
        "{:?}",
        reason_codes(&report)
    );
    if report.decision == Decision::Reject {
        assert_eq!(report.reasons[0].code, ReasonCode::ImageBlurry);
    }
}
