//! The verdict: [`Report`], [`Decision`], [`Check`], [`ReasonCode`] and the hints
//! (English and Chinese) that tell a person what to fix. Its serde shape is the
//! JSON contract in DESIGN.md; field names and reason codes are never renamed.

use serde::Serialize;

use crate::documents::address_proof::AddressProof;
use crate::documents::DocumentFields;
use crate::ocr::BBox;
use crate::quality::QualityMeasures;

/// Version of the JSON report shape; bumped only when a field changes meaning.
pub const SCHEMA_VERSION: u32 = 1;

/// The overall verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    /// Every checked field agrees with the document.
    Pass,
    /// The submission will be rejected: a field disagrees or the document is unusable.
    Reject,
    /// No verdict on evidence: a field could not be read or a match is uncertain.
    Review,
}

impl Decision {
    /// The CLI's exit code: 0 pass, 1 reject, 3 review.
    pub fn exit_code(self) -> u8 {
        match self {
            Decision::Pass => 0,
            Decision::Reject => 1,
            Decision::Review => 3,
        }
    }

    /// The wire name: `pass`, `reject` or `review`.
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Pass => "pass",
            Decision::Reject => "reject",
            Decision::Review => "review",
        }
    }
}

/// Why a submission would be rejected or needs review. Stable wire names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[non_exhaustive]
pub enum ReasonCode {
    /// The entered name differs from the document's.
    NameMismatch,
    /// The entered date of birth differs from the document's.
    DobMismatch,
    /// The entered ID or document number differs from the document's.
    IdNumberMismatch,
    /// The document's own number fails its check (GB 11643 check character, embedded birth date).
    IdNumberInvalid,
    /// The document expired before the as-of date.
    DocumentExpired,
    /// The document is not of the type the person selected.
    DocumentTypeMismatch,
    /// The document's issuing country is not the one the person selected.
    CountryMismatch,
    /// The MRZ fails its check digits.
    MrzInvalid,
    /// A field needed for a check could not be read.
    FieldUnreadable,
    /// The photo is too blurry to read.
    ImageBlurry,
    /// Glare covers part of the document.
    ImageGlare,
    /// The photo is too dark.
    ImageTooDark,
    /// The photo is overexposed.
    ImageOverexposed,
    /// Part of the document is outside the photo.
    DocumentCropped,
    /// The document is too small in the photo.
    LowResolution,
    /// The photo carries traces of an editing app.
    ImageEdited,
    /// A Chinese ID card's validity period does not fit the holder's age at
    /// issue (or a residence permit's its fixed term).
    DocumentValidityInvalid,
    /// A side of the document is missing: a Chinese ID card's back was not
    /// given, or the same side was given twice.
    DocumentIncomplete,
    /// A warning that does not change the decision: the document expires
    /// within `Policy::expiry_warning_days`.
    DocumentExpiringSoon,
    /// The proof of address was issued more than
    /// `Policy::address_proof_max_age_months` before the as-of date.
    AddressProofTooOld,
    /// The name on the proof of address is not the identity document's.
    AddressProofNameMismatch,
    /// A field printed in a passport's visual zone differs from the same
    /// field in its MRZ, which its check digits verified: a misread, or an
    /// altered page.
    VisualMrzMismatch,
}

impl ReasonCode {
    /// Whether the reason is about the photo rather than the data (the image
    /// reasons of DESIGN.md).
    pub fn is_image(self) -> bool {
        matches!(
            self,
            ReasonCode::ImageBlurry
                | ReasonCode::ImageGlare
                | ReasonCode::ImageTooDark
                | ReasonCode::ImageOverexposed
                | ReasonCode::DocumentCropped
                | ReasonCode::LowResolution
                | ReasonCode::ImageEdited
        )
    }

    /// The wire name, e.g. `NAME_MISMATCH`.
    pub fn as_str(self) -> &'static str {
        match self {
            ReasonCode::NameMismatch => "NAME_MISMATCH",
            ReasonCode::DobMismatch => "DOB_MISMATCH",
            ReasonCode::IdNumberMismatch => "ID_NUMBER_MISMATCH",
            ReasonCode::IdNumberInvalid => "ID_NUMBER_INVALID",
            ReasonCode::DocumentExpired => "DOCUMENT_EXPIRED",
            ReasonCode::DocumentTypeMismatch => "DOCUMENT_TYPE_MISMATCH",
            ReasonCode::CountryMismatch => "COUNTRY_MISMATCH",
            ReasonCode::MrzInvalid => "MRZ_INVALID",
            ReasonCode::FieldUnreadable => "FIELD_UNREADABLE",
            ReasonCode::ImageBlurry => "IMAGE_BLURRY",
            ReasonCode::ImageGlare => "IMAGE_GLARE",
            ReasonCode::ImageTooDark => "IMAGE_TOO_DARK",
            ReasonCode::ImageOverexposed => "IMAGE_OVEREXPOSED",
            ReasonCode::DocumentCropped => "DOCUMENT_CROPPED",
            ReasonCode::LowResolution => "LOW_RESOLUTION",
            ReasonCode::ImageEdited => "IMAGE_EDITED",
            ReasonCode::DocumentValidityInvalid => "DOCUMENT_VALIDITY_INVALID",
            ReasonCode::DocumentIncomplete => "DOCUMENT_INCOMPLETE",
            ReasonCode::DocumentExpiringSoon => "DOCUMENT_EXPIRING_SOON",
            ReasonCode::AddressProofTooOld => "ADDRESS_PROOF_TOO_OLD",
            ReasonCode::AddressProofNameMismatch => "ADDRESS_PROOF_NAME_MISMATCH",
            ReasonCode::VisualMrzMismatch => "VISUAL_MRZ_MISMATCH",
        }
    }

    /// What the person should do, in English and in Chinese.
    pub fn hints(self) -> (&'static str, &'static str) {
        match self {
            ReasonCode::NameMismatch => (
                "enter your name exactly as printed on the document",
                "请按证件上印刷的姓名填写",
            ),
            ReasonCode::DobMismatch => (
                "enter your date of birth exactly as printed on the document",
                "请按证件上的出生日期填写",
            ),
            ReasonCode::IdNumberMismatch => (
                "check the ID number you entered against the document, digit by digit",
                "请逐位核对您填写的证件号码",
            ),
            ReasonCode::IdNumberInvalid => (
                "the document's number fails its check: upload a clear photo of a genuine document",
                "证件号码校验失败：请上传真实证件的清晰照片",
            ),
            ReasonCode::DocumentExpired => (
                "this document has expired: use a valid one",
                "证件已过期：请使用有效期内的证件",
            ),
            ReasonCode::DocumentTypeMismatch => (
                "select the document type you actually uploaded, or upload the selected one",
                "请选择与上传证件一致的证件类型，或上传所选类型的证件",
            ),
            ReasonCode::CountryMismatch => (
                "select the country that issued this document",
                "请选择签发该证件的国家或地区",
            ),
            ReasonCode::MrzInvalid => (
                "the machine-readable lines could not be verified: photograph the whole page, flat and sharp",
                "机读码无法校验：请平整、清晰地拍摄整页",
            ),
            ReasonCode::FieldUnreadable => (
                "a field could not be read: retake the photo, sharp, evenly lit and with the whole document in view",
                "有字段无法识别：请重新拍摄清晰、光线均匀且完整的证件照片",
            ),
            ReasonCode::ImageBlurry => (
                "hold the camera still and tap to focus before taking the photo",
                "拍摄时请保持稳定并对焦",
            ),
            ReasonCode::ImageGlare => (
                "move away from the lamp or window: glare covers part of the document",
                "避开灯光或窗户：反光遮挡了证件内容",
            ),
            ReasonCode::ImageTooDark => (
                "take the photo in a brighter place",
                "请在光线充足的地方拍摄",
            ),
            ReasonCode::ImageOverexposed => (
                "the photo is too bright: turn off the flash or move out of direct light",
                "照片过亮：请关闭闪光灯或避开直射光",
            ),
            ReasonCode::DocumentCropped => (
                "keep all four corners of the document inside the photo",
                "请让证件四个角都完整地出现在照片中",
            ),
            ReasonCode::LowResolution => (
                "move the camera closer so the document fills the photo",
                "请靠近拍摄，让证件占满画面",
            ),
            ReasonCode::ImageEdited => (
                "upload the original photo from the camera, not an edited copy",
                "请上传相机拍摄的原图，不要上传编辑过的图片",
            ),
            ReasonCode::DocumentValidityInvalid => (
                "photograph the back of the card so the validity period is sharp; a period that does not fit the holder's age is checked by hand",
                "请清晰拍摄证件背面的有效期限；与持证人年龄不符的有效期将由人工审核",
            ),
            ReasonCode::DocumentIncomplete => (
                "upload both sides of the card: the side with your photo as the front and the side with the national emblem as the back",
                "请上传证件正反两面：人像面作为正面，国徽面作为背面",
            ),
            ReasonCode::DocumentExpiringSoon => (
                "your document expires soon: renew it, or use another valid document, to avoid a new check shortly",
                "您的证件即将过期：请尽快换领，或使用其他有效证件，以免很快需要重新认证",
            ),
            ReasonCode::AddressProofTooOld => (
                "upload a utility bill, bank statement or tenancy agreement issued within the last three months",
                "请上传近三个月内开具的水电燃气账单、银行对账单或租赁合同",
            ),
            ReasonCode::AddressProofNameMismatch => (
                "upload a proof of address in your own name, as it appears on your identity document",
                "请上传您本人名下的地址证明，姓名须与身份证件一致",
            ),
            ReasonCode::VisualMrzMismatch => (
                "photograph the whole data page flat and sharp, printed fields and the two code lines at the bottom alike; a page whose printed fields differ from its code lines is checked by hand",
                "请平整、清晰地拍摄整个资料页，包括印刷信息和底部的两行机读码；印刷信息与机读码不一致的证件将由人工审核",
            ),
        }
    }
}

/// Which check a [`Check`] is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckField {
    /// The holder's name.
    Name,
    /// The date of birth.
    Dob,
    /// The ID or document number.
    IdNumber,
    /// The document type the person selected.
    DocType,
    /// The country the person selected.
    Country,
    /// The document's expiry.
    Expiry,
    /// The proof of address's issue date, against the as-of date.
    AddressProofDate,
    /// The holder's name on the proof of address, against the identity's name.
    AddressProofName,
}

impl CheckField {
    /// Whether the check is about the proof of address rather than the identity document.
    pub fn is_address_proof(self) -> bool {
        matches!(
            self,
            CheckField::AddressProofDate | CheckField::AddressProofName
        )
    }
}

/// The outcome of one check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// The entered value agrees with the document.
    Match,
    /// The entered value disagrees with the document.
    Mismatch,
    /// The document does not show the field, or it could not be read.
    NotFound,
    /// The evidence does not decide (a low-confidence character decides).
    Uncertain,
}

/// Where the document side of a check came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// The machine-readable zone, checked by its check digits.
    Mrz,
    /// Printed text in the visual zone.
    Visual,
    /// The Chinese resident ID number (GB 11643), checked by its check character.
    CnIdNumber,
}

/// One field compared: what was entered, what the document says, and the verdict.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Check {
    /// Which field.
    pub field: CheckField,
    /// What the person entered (masked for ID numbers in text output only).
    pub entered: String,
    /// What the document says, normalized for display.
    pub document: String,
    /// The verdict.
    pub status: Status,
    /// Similarity in [0, 1]; 1 is identical after normalization.
    pub score: f64,
    /// Where the document value came from; `None` when it was not found.
    pub source: Option<Source>,
    /// One line naming the rule that decided.
    pub explanation: String,
}

/// Which image of a submission.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ImageSide {
    /// The front (a passport's data page, a card's portrait side).
    Front,
    /// The back of a card.
    Back,
    /// The proof of address.
    ProofOfAddress,
}

impl ImageSide {
    /// `front`, `back` or `proof_of_address`.
    pub fn as_str(self) -> &'static str {
        match self {
            ImageSide::Front => "front",
            ImageSide::Back => "back",
            ImageSide::ProofOfAddress => "proof_of_address",
        }
    }
}

/// A reason, with the message and what to do about it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reason {
    /// Stable code.
    pub code: ReasonCode,
    /// The field concerned, if any.
    pub field: Option<CheckField>,
    /// What was found, without personal data.
    pub message: String,
    /// What to do, in English.
    pub hint: String,
    /// What to do, in Chinese.
    pub hint_zh: String,
    /// The image an image reason is about.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image: Option<ImageSide>,
    /// Where on that image, when the reason has a place (a glare blob).
    #[serde(rename = "box", skip_serializing_if = "Option::is_none")]
    pub bbox: Option<BBox>,
}

impl Reason {
    /// A reason with the code's standard hints.
    pub fn new(code: ReasonCode, field: Option<CheckField>, message: impl Into<String>) -> Reason {
        let (hint, hint_zh) = code.hints();
        Reason {
            code,
            field,
            message: message.into(),
            hint: hint.to_string(),
            hint_zh: hint_zh.to_string(),
            image: None,
            bbox: None,
        }
    }
}

/// Wall-clock time spent, in milliseconds.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Timings {
    /// The whole verify.
    pub total: u64,
    /// Tesseract recognition only.
    pub ocr: u64,
}

/// Everything kycmatch found out about one submission.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// The report shape's version, [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// The verdict.
    pub decision: Decision,
    /// What the document says.
    pub document: DocumentFields,
    /// One entry per compared field.
    pub checks: Vec<Check>,
    /// Image measures of the front image, and of the back under `back`; all
    /// zero for `verify_text`.
    pub quality: QualityMeasures,
    /// Why the decision is not a pass, most important first, then image
    /// reasons that did not change the decision (a pass may carry those).
    pub reasons: Vec<Reason>,
    /// Time spent.
    pub timings_ms: Timings,
    /// The document's duplicate-account fingerprint (HMAC-SHA256, hex), when
    /// the verifier has a fingerprint key and the number was verified.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fingerprint: Option<String>,
    /// What the proof of address says, when one was given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address_proof: Option<AddressProof>,
}

impl Report {
    /// Whether any reason carries `code`.
    pub fn has_reason(&self, code: ReasonCode) -> bool {
        self.reasons.iter().any(|r| r.code == code)
    }
}
