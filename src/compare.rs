//! Scores each entered field against what the document says, with an
//! explanation naming the rule that decided. The only module that calls strsim.
//! Names are matched in `compare/name.rs`; this file handles dates, numbers,
//! document type, country and expiry, the proof of address's date and holder,
//! and assembles the checks.

use crate::documents::address_proof::AddressProof;
use crate::documents::{DocumentFields, DocumentKind, Expiry, Read};
use crate::policy::Policy;
use crate::report::{Check, CheckField, Source, Status};
use crate::text::date::{Date, DateOrder};
use crate::text::id_number;
use crate::text::name::is_han;
use crate::{Claimed, DocType};

mod mrz_field;
pub mod name;

/// What the comparison needs besides the two sides.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    /// "Today" for expiry.
    pub as_of: Date,
    /// The thresholds.
    pub policy: &'a Policy,
}

fn check(
    field: CheckField,
    entered: impl Into<String>,
    document: impl Into<String>,
    status: Status,
    score: f64,
    source: Option<Source>,
    explanation: impl Into<String>,
) -> Check {
    Check {
        field,
        entered: entered.into(),
        document: document.into(),
        status,
        score: (score * 1000.0).round() / 1000.0,
        source,
        explanation: explanation.into(),
    }
}

fn not_found(field: CheckField, entered: &str, what: &str) -> Check {
    check(
        field,
        entered,
        "",
        Status::NotFound,
        0.0,
        None,
        format!("the document's {what} could not be read"),
    )
}

/// Every check for one submission, in a fixed order: name, dob, id_number,
/// doc_type, country, expiry. Fields the person did not enter are not checked;
/// expiry always is.
pub fn all(claimed: &Claimed, doc: &DocumentFields, ctx: Context<'_>) -> Vec<Check> {
    let mut out = Vec::new();
    if let Some(n) = &claimed.name {
        out.push(name_check(n, doc, ctx));
    }
    if let Some(d) = claimed.dob {
        out.push(dob_check(
            d,
            claimed.dob_text.as_deref().unwrap_or(""),
            doc,
            ctx,
        ));
    }
    if let Some(n) = &claimed.id_number {
        out.push(number_check(n, doc, ctx));
    }
    if let Some(t) = claimed.doc_type {
        out.push(doc_type_check(t, doc));
    }
    if let Some(c) = &claimed.country {
        out.push(country_check(c, doc));
    }
    out.push(expiry_check(doc, ctx));
    out
}

/// Whether a read is too weak to support a mismatch: a visual read below the
/// policy's confidence, or an MRZ field whose own check digit failed.
fn low_confidence<T>(r: &Read<T>, ctx: Context<'_>) -> bool {
    match r.source {
        Source::Mrz => r.confidence < ctx.policy.min_mrz_confidence,
        Source::CnIdNumber => false,
        Source::Visual => r.confidence < ctx.policy.min_evidence_confidence,
    }
}

fn name_check(entered: &str, doc: &DocumentFields, ctx: Context<'_>) -> Check {
    // Candidates, best evidence first: the MRZ name field (and its readings
    // by other OCR passes), the printed name, the Latin name. A Han name
    // typed is held to the Han name the document prints alone, when one was
    // read (a passport's visual zone): a romanization does not tell
    // homophones apart.
    let printed = doc
        .name
        .as_ref()
        .map(|n| (n.value.as_str(), n.source, low_confidence(n, ctx)));
    let han_to_han =
        entered.chars().any(is_han) && printed.is_some_and(|(v, _, _)| v.chars().any(is_han));
    let mut candidates: Vec<(&str, Source, bool)> = Vec::new();
    if let (Some(field), Some(latin), false) = (&doc.mrz_name_field, &doc.name_latin, han_to_han) {
        candidates.push((field.as_str(), latin.source, false));
        for alt in &doc.mrz_name_alternatives {
            candidates.push((alt.as_str(), latin.source, false));
        }
    }
    candidates.extend(printed);
    if let (Some(n), false) = (&doc.name_latin, han_to_han) {
        candidates.push((n.value.as_str(), n.source, false));
    }
    if candidates.is_empty() {
        return not_found(CheckField::Name, entered, "name");
    }
    // A Hong Kong, Macau or Taiwan resident's permit is issued by CHN, but
    // the holder's name is romanized the region's way (Cantonese, Wade-Giles),
    // a foreign permanent resident's their nation's way.
    let country = if issued_to_others(doc.kind) {
        doc.nationality.as_deref()
    } else {
        doc.issuing_country.as_deref()
    };
    let mut best: Option<(name::NameOutcome, &str, Source)> = None;
    for (text, source, low) in candidates {
        let positions: Vec<usize> = if low {
            (0..text.chars().count()).collect()
        } else {
            Vec::new()
        };
        let outcome = names(entered, text, country, &positions);
        let rank = |o: &name::NameOutcome| match o.status {
            Status::Match => 3,
            Status::Uncertain => 2,
            Status::Mismatch => 1,
            Status::NotFound => 0,
        };
        let better = match &best {
            None => true,
            Some((b, _, _)) => (rank(&outcome), outcome.score) > (rank(b), b.score),
        };
        if better {
            best = Some((outcome, text, source));
        }
    }
    let Some((mut o, text, mut source)) = best else {
        return not_found(CheckField::Name, entered, "name");
    };
    // `names` already read every MRZ field by its fixed positions; a garbled
    // one may still be corroborated by the visual zone.
    if o.status != Status::Match {
        if let Some(m) = doc
            .mrz_name_field
            .as_deref()
            .and_then(|field| mrz_field::corroborated(entered, field, &doc.visual_words))
        {
            o = m;
            source = Source::Visual;
        }
    }
    // An MRZ field is shown as the name it encodes: the document's Latin
    // name for the field read first, the same reading of another one.
    let shown = match &doc.name_latin {
        Some(n) if doc.mrz_name_field.as_deref() == Some(text) => n.value.clone(),
        _ if text.contains('<') => crate::documents::mrz::latin_name(text),
        _ => text.to_string(),
    };
    check(
        CheckField::Name,
        entered,
        shown,
        o.status,
        o.score,
        Some(source),
        o.explanation,
    )
}

/// Compares an entered name with a document's name (Hanzi, Latin, or an MRZ
/// name field with `<`): the general matcher of `compare/name.rs`, and for an
/// MRZ field it does not match, the positional reading of `compare/mrz_field.rs`.
/// This is what `kycmatch compare name` prints and what `verify` decides by.
pub fn names(
    entered: &str,
    document: &str,
    doc_country: Option<&str>,
    low_conf: &[usize],
) -> name::NameOutcome {
    let outcome = name::compare(entered, document, doc_country, low_conf);
    if outcome.status != Status::Match && document.contains('<') {
        if let Some(m) = mrz_field::compare(entered, document, doc_country) {
            return m;
        }
    }
    outcome
}

/// The proof of address's checks: its issue date against the as-of date, then
/// its holder's name against the identity's name.
pub fn address_proof(
    claimed: &Claimed,
    doc: &DocumentFields,
    proof: &AddressProof,
    ctx: Context<'_>,
) -> Vec<Check> {
    vec![
        address_proof_date_check(proof, claimed.date_order, ctx),
        address_proof_name_check(claimed, doc, proof, ctx),
    ]
}

/// A proof-of-address check whose value the proof did not show, or the OCR
/// could not read.
fn unread(field: CheckField, entered: String, what: &str) -> Check {
    check(
        field,
        entered,
        "",
        Status::NotFound,
        0.0,
        None,
        format!("the proof of address's {what} could not be read"),
    )
}

/// Where an issue date falls against the as-of date.
#[derive(Debug, Clone, Copy)]
enum Age {
    /// On or after the oldest day allowed, and not after the as-of date.
    Recent,
    /// Before the oldest day allowed.
    TooOld,
    /// After the as-of date.
    Future,
}

/// "Within three months" means: not before the same day of the month
/// `Policy::address_proof_max_age_months` calendar months before the as-of
/// date (that month's last day when it is shorter: from 2026-05-31 the oldest
/// day is 2026-02-28), and not after the as-of date. A date after it is a
/// misread or a wrong as-of date, not evidence of age: uncertain.
fn address_proof_date_check(proof: &AddressProof, order: DateOrder, ctx: Context<'_>) -> Check {
    let field = CheckField::AddressProofDate;
    let as_of = ctx.as_of;
    let entered = as_of.to_string();
    let Some(issued) = &proof.issue_date else {
        return unread(field, entered, "issue date");
    };
    let months = ctx.policy.address_proof_max_age_months;
    let oldest = as_of.add_months(-i32::try_from(months).unwrap_or(i32::MAX));
    let age = |d: Date| {
        if d > as_of {
            Age::Future
        } else if d < oldest {
            Age::TooOld
        } else {
            Age::Recent
        }
    };
    let d = issued.value;
    let shown = d.to_string();
    let mut limit = format!("the limit is {oldest}, {months} calendar months before {as_of}");
    if let Some(other) = proof.issue_date_other {
        // Printed with numbers only: read in the person's date order.
        let (read, instead) = match order {
            DateOrder::Mdy => ("month first", "day"),
            DateOrder::Dmy | DateOrder::Ymd => ("day first", "month"),
        };
        limit.push_str(&format!(
            "; printed with numbers only, read {read} as the date order says ({instead} first it would be {other})"
        ));
    }
    let days = as_of.days_since_epoch() - d.days_since_epoch();
    match age(d) {
        Age::Recent => check(
            field,
            entered,
            shown,
            Status::Match,
            1.0,
            Some(issued.source),
            format!("issued on {d}, {days} days before {as_of} ({limit})"),
        ),
        Age::Future => check(
            field,
            entered,
            shown,
            Status::Uncertain,
            0.5,
            Some(issued.source),
            format!("dated {d}, after {as_of}: a misread date or a wrong as-of date"),
        ),
        Age::TooOld if low_confidence(issued, ctx) => check(
            field,
            entered,
            shown,
            Status::Uncertain,
            0.5,
            Some(issued.source),
            format!("the issue date read, {d}, is too old, but it was read with low confidence ({limit})"),
        ),
        Age::TooOld => check(
            field,
            entered,
            shown,
            Status::Mismatch,
            0.0,
            Some(issued.source),
            format!("issued on {d}, {days} days before {as_of}: more than {months} months old ({limit})"),
        ),
    }
}

/// The holder's name on the proof against the identity's name under the same
/// rules as the name check (`names`: scripts, pinyin, order, traditional and
/// simplified, MRZ fields): against the names the identity document gave (its
/// MRZ name field and other readings of it, its printed name, its Latin name),
/// the best of them deciding; when the document gave none, against the name
/// the person entered.
fn address_proof_name_check(
    claimed: &Claimed,
    doc: &DocumentFields,
    proof: &AddressProof,
    ctx: Context<'_>,
) -> Check {
    let field = CheckField::AddressProofName;
    let mut identity: Vec<(&str, bool)> = Vec::new();
    if let (Some(mrz), Some(_)) = (&doc.mrz_name_field, &doc.name_latin) {
        identity.push((mrz.as_str(), false));
        identity.extend(
            doc.mrz_name_alternatives
                .iter()
                .map(|a| (a.as_str(), false)),
        );
    }
    if let Some(n) = &doc.name {
        identity.push((n.value.as_str(), low_confidence(n, ctx)));
    }
    if let Some(n) = &doc.name_latin {
        identity.push((n.value.as_str(), false));
    }
    let from_document = !identity.is_empty();
    if !from_document {
        if let Some(n) = &claimed.name {
            identity.push((n.as_str(), false));
        }
    }
    let shown_identity = |text: &str| {
        if text.contains('<') {
            doc.name_latin
                .as_ref()
                .map_or(text.to_string(), |n| n.value.clone())
        } else {
            text.to_string()
        }
    };
    let Some(holder) = &proof.name else {
        let entered = identity
            .first()
            .map_or(String::new(), |(t, _)| shown_identity(t));
        return unread(field, entered, "holder's name");
    };
    if identity.is_empty() {
        return check(
            field,
            "",
            holder.value.clone(),
            Status::NotFound,
            0.0,
            Some(holder.source),
            "no identity name to compare with: the identity document's name was not read and none was entered",
        );
    }
    let rank = |s: Status| match s {
        Status::Match => 3,
        Status::Uncertain => 2,
        Status::Mismatch => 1,
        Status::NotFound => 0,
    };
    let country = if doc.kind == DocumentKind::CnResidencePermit {
        doc.nationality.as_deref()
    } else {
        doc.issuing_country.as_deref()
    };
    let mut best: Option<(name::NameOutcome, &str)> = None;
    for (text, low) in identity {
        let positions: Vec<usize> = if low {
            (0..text.chars().count()).collect()
        } else {
            Vec::new()
        };
        let o = names(&holder.value, text, country, &positions);
        if best
            .as_ref()
            .is_none_or(|(b, _)| (rank(o.status), o.score) > (rank(b.status), b.score))
        {
            best = Some((o, text));
        }
    }
    let Some((mut o, text)) = best else {
        return unread(field, String::new(), "holder's name");
    };
    if o.status == Status::Mismatch && low_confidence(holder, ctx) {
        o.status = Status::Uncertain;
        o.explanation = format!(
            "{}; the proof's name was read with low confidence",
            o.explanation
        );
    }
    let against = if from_document {
        "against the identity document's name"
    } else {
        "against the entered name (the identity document's name was not read)"
    };
    check(
        field,
        shown_identity(text),
        holder.value.clone(),
        o.status,
        o.score,
        Some(holder.source),
        format!("{against}: {}", o.explanation),
    )
}

fn dob_check(entered: Date, entered_text: &str, doc: &DocumentFields, ctx: Context<'_>) -> Check {
    let Some(b) = &doc.birth_date else {
        return not_found(CheckField::Dob, entered_text, "date of birth");
    };
    let shown = b.value.to_string();
    if b.value == entered {
        return check(
            CheckField::Dob,
            entered_text,
            shown,
            Status::Match,
            1.0,
            Some(b.source),
            format!("same day ({})", source_phrase(b.source)),
        );
    }
    let e = entered.to_string();
    let differing = e.chars().zip(shown.chars()).filter(|(a, b)| a != b).count();
    let score = 1.0 - differing as f64 / 8.0;
    if low_confidence(b, ctx) {
        return check(
            CheckField::Dob,
            entered_text,
            shown,
            Status::Uncertain,
            score,
            Some(b.source),
            "dates differ, but the document's date was read with low confidence",
        );
    }
    let swapped = entered.day == b.value.month && entered.month == b.value.day;
    let explanation = if swapped {
        "dates differ: day and month swapped (check the date order)".to_string()
    } else {
        format!("dates differ ({})", source_phrase(b.source))
    };
    check(
        CheckField::Dob,
        entered_text,
        shown,
        Status::Mismatch,
        score.max(0.0),
        Some(b.source),
        explanation,
    )
}

fn source_phrase(s: Source) -> &'static str {
    match s {
        Source::Mrz => "MRZ, check digit verified",
        Source::Visual => "printed on the document",
        Source::CnIdNumber => "embedded in the ID number, check character verified",
    }
}

fn number_check(entered: &str, doc: &DocumentFields, ctx: Context<'_>) -> Check {
    let Some(n) = &doc.document_number else {
        return not_found(CheckField::IdNumber, entered, "document number");
    };
    let (mut status, score, mut explanation) = id_number::compare(entered, &n.value);
    let typed = id_number::normalize(entered);
    if status != Status::Match && doc.document_number_alternatives.contains(&typed) {
        // The zone read two ways that both verify; the person typed one of them.
        return check(
            CheckField::IdNumber,
            entered,
            typed,
            Status::Match,
            1.0,
            Some(n.source),
            "the MRZ reads two ways that both satisfy every check digit; the entered number is one of them",
        );
    }
    if n.source == Source::Mrz && !low_confidence(n, ctx) {
        // The MRZ check digit verified the OCR'd number, so it is the printed
        // digit. An entered number that satisfies it too differs only where
        // the digit is blind (G/6 at weight 3, ICAO 9303 Part 3): the OCR's
        // confusion, not the person's.
        let same_digit = matches!(
            (::mrz::check_digit(&typed), ::mrz::check_digit(&n.value)),
            (Ok(a), Ok(b)) if a == b
        );
        if status == Status::Uncertain && same_digit {
            status = Status::Match;
            explanation = format!(
                "{explanation}; the entered number satisfies the MRZ check digit too, so the difference is the OCR's"
            );
        } else if status != Status::Match && !same_digit {
            status = Status::Mismatch;
            explanation = format!("{explanation}; the entered number fails the MRZ check digit");
        } else if status == Status::Mismatch && n.confidence < 1.0 {
            // Another reading of the zone verified too: both numbers fit the digit.
            status = Status::Uncertain;
            explanation = format!(
                "{explanation}; both numbers satisfy the MRZ check digit and the zone read two ways"
            );
        }
    } else if status == Status::Mismatch && low_confidence(n, ctx) {
        status = Status::Uncertain;
        explanation = format!("{explanation}; the document's number was read with low confidence");
    }
    check(
        CheckField::IdNumber,
        entered,
        n.value.clone(),
        status,
        score,
        Some(n.source),
        explanation,
    )
}

fn doc_type_check(declared: DocType, doc: &DocumentFields) -> Check {
    let found = match doc.kind {
        DocumentKind::CnIdCard => "cn_id_card",
        DocumentKind::CnResidencePermit => "cn_residence_permit",
        DocumentKind::CnPermanentResidentCard => "cn_permanent_resident_card",
        DocumentKind::Passport => "passport",
        DocumentKind::IdCard => "id_card",
        DocumentKind::Visa => "visa",
        _ => "unknown",
    };
    if found == "unknown" {
        return not_found(CheckField::DocType, declared.as_str(), "type");
    }
    let ok = match declared {
        DocType::Passport => doc.kind == DocumentKind::Passport,
        // The foreign permanent resident card is officially an "ID card"
        // (身份证) and a residence title: either choice is right.
        DocType::IdCard => matches!(
            doc.kind,
            DocumentKind::CnIdCard | DocumentKind::IdCard | DocumentKind::CnPermanentResidentCard
        ),
        DocType::ResidencePermit => matches!(
            doc.kind,
            DocumentKind::IdCard
                | DocumentKind::CnResidencePermit
                | DocumentKind::CnPermanentResidentCard
        ),
    };
    let (status, score, explanation) = if ok {
        (
            Status::Match,
            1.0,
            format!("the document is a {}", found.replace('_', " ")),
        )
    } else {
        (
            Status::Mismatch,
            0.0,
            format!(
                "{} selected, but the document is a {}",
                declared.as_str(),
                found.replace('_', " ")
            ),
        )
    };
    let source = if doc.mrz_name_field.is_some() {
        Source::Mrz
    } else {
        Source::Visual
    };
    check(
        CheckField::DocType,
        declared.as_str(),
        found,
        status,
        score,
        Some(source),
        explanation,
    )
}

/// A card CHN issues to people of another region or nation (the residence
/// permit, the permanent resident card), whose nationality is theirs.
fn issued_to_others(kind: DocumentKind) -> bool {
    matches!(
        kind,
        DocumentKind::CnResidencePermit | DocumentKind::CnPermanentResidentCard
    )
}

fn country_check(declared: &str, doc: &DocumentFields) -> Check {
    let Some(issuer) = &doc.issuing_country else {
        return not_found(CheckField::Country, declared, "issuing country");
    };
    let same = declared.eq_ignore_ascii_case(issuer)
        || ::mrz::codes_equivalent(&declared.to_ascii_uppercase(), issuer);
    let source = if doc.mrz_name_field.is_some() {
        Source::Mrz
    } else if doc
        .document_number
        .as_ref()
        .is_some_and(|n| n.source == Source::CnIdNumber)
    {
        Source::CnIdNumber
    } else {
        Source::Visual
    };
    // A residence permit for Hong Kong, Macau or Taiwan residents is issued
    // by CHN to a resident of the region, a permanent resident card to a
    // foreigner: a person may select the issuer or the region or nationality.
    let region = doc
        .nationality
        .as_deref()
        .filter(|_| issued_to_others(doc.kind))
        .filter(|r| declared.eq_ignore_ascii_case(r));
    let (status, score, explanation) = if same {
        (Status::Match, 1.0, format!("issued by {issuer}"))
    } else if let Some(region) = region {
        (
            Status::Match,
            1.0,
            if doc.kind == DocumentKind::CnResidencePermit {
                format!("issued by {issuer} to a resident of {region}")
            } else {
                format!("issued by {issuer} to a national of {region}")
            },
        )
    } else {
        (
            Status::Mismatch,
            0.0,
            format!(
                "{} selected, but the document was issued by {issuer}",
                declared.to_ascii_uppercase()
            ),
        )
    };
    check(
        CheckField::Country,
        declared,
        issuer.clone(),
        status,
        score,
        Some(source),
        explanation,
    )
}

fn expiry_check(doc: &DocumentFields, ctx: Context<'_>) -> Check {
    let as_of = ctx.as_of.to_string();
    let Some(e) = &doc.expiry_date else {
        let what = if doc.kind.validity_on_back() && !doc.sides.iter().any(|s| s == "back") {
            "validity period (on the back of the card, which was not given)"
        } else {
            "expiry date"
        };
        return not_found(CheckField::Expiry, &as_of, what);
    };
    match e.value {
        Expiry::Indefinite => check(
            CheckField::Expiry,
            as_of,
            "indefinite",
            Status::Match,
            1.0,
            Some(e.source),
            "valid indefinitely (长期)",
        ),
        Expiry::On(d) => {
            let days = d.days_since_epoch() - ctx.as_of.days_since_epoch();
            if days >= 0 {
                let mut explanation = format!("valid until {d}, {days} days after {as_of}");
                if days <= ctx.policy.expiry_warning_days {
                    explanation.push_str(" (expires soon)");
                }
                check(
                    CheckField::Expiry,
                    as_of.clone(),
                    d.to_string(),
                    Status::Match,
                    1.0,
                    Some(e.source),
                    explanation,
                )
            } else if low_confidence(e, ctx) {
                check(
                    CheckField::Expiry,
                    as_of.clone(),
                    d.to_string(),
                    Status::Uncertain,
                    0.5,
                    Some(e.source),
                    "the expiry date read is in the past, but it was read with low confidence",
                )
            } else {
                let explanation = format!("expired on {d}, {} days before {as_of}", -days);
                check(
                    CheckField::Expiry,
                    as_of,
                    d.to_string(),
                    Status::Mismatch,
                    0.0,
                    Some(e.source),
                    explanation,
                )
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::documents::address_proof::AddressProofKind;
    use crate::limits::Limits;
    use crate::ClaimedText;

    fn d(y: i32, m: u32, day: u32) -> Date {
        Date::new(y, m, day).expect("a real day")
    }

    fn claimed(name: Option<&str>) -> Claimed {
        Claimed::new(
            &ClaimedText {
                name,
                ..Default::default()
            },
            DateOrder::Dmy,
            &Limits::default(),
        )
        .expect("a valid claim")
    }

    fn proof(date: Option<(Date, f32)>, name: Option<(&str, f32)>) -> AddressProof {
        AddressProof {
            kind: AddressProofKind::UtilityBill,
            issue_date: date.map(|(v, c)| Read::new(v, Source::Visual, c)),
            name: name.map(|(v, c)| Read::new(v.to_string(), Source::Visual, c)),
            ..AddressProof::default()
        }
    }

    fn date_status(as_of: Date, issued: Option<Date>, conf: f32) -> Status {
        let policy = Policy::default();
        let checks = address_proof(
            &claimed(None),
            &DocumentFields::default(),
            &proof(issued.map(|i| (i, conf)), None),
            Context {
                as_of,
                policy: &policy,
            },
        );
        assert_eq!(checks[0].field, CheckField::AddressProofDate);
        checks[0].status
    }

    /// A passport read by its MRZ (WANG SIYUAN), with `han` as its visual zone's Han name.
    fn passport(han: Option<(&str, f32)>) -> DocumentFields {
        DocumentFields {
            kind: DocumentKind::Passport,
            issuing_country: Some("CHN".into()),
            name_latin: Some(Read::new("WANG SIYUAN".into(), Source::Mrz, 1.0)),
            mrz_name_field: Some("WANG<<SIYUAN<<<<<<<<<<<<<<<<<<<<<<<<<<<".into()),
            name: han.map(|(v, c)| Read::new(v.to_string(), Source::Visual, c)),
            ..DocumentFields::default()
        }
    }

    fn name_status(entered: &str, doc: &DocumentFields) -> (Status, Option<Source>) {
        let policy = Policy::default();
        let ctx = Context {
            as_of: d(2026, 11, 22),
            policy: &policy,
        };
        let check = super::name_check(entered, doc, ctx);
        (check.status, check.source)
    }

    #[test]
    fn a_typed_han_name_is_held_to_the_printed_han_name() {
        let read = passport(Some(("王思远", 0.9)));
        assert_eq!(
            name_status("王思远", &read),
            (Status::Match, Some(Source::Visual))
        );
        // A homophone: the MRZ's pinyin cannot tell it apart, the print can.
        assert_eq!(
            name_status("王思源", &read),
            (Status::Mismatch, Some(Source::Visual))
        );
        // Read too weakly to reject on: review.
        assert_eq!(
            name_status("王思源", &passport(Some(("王思远", 0.05)))).0,
            Status::Uncertain
        );
        // Without the printed Han name, the pinyin is all there is.
        assert_eq!(
            name_status("王思源", &passport(None)),
            (Status::Match, Some(Source::Mrz))
        );
        // A Latin name typed is still checked against the MRZ.
        assert_eq!(
            name_status("Siyuan Wang", &read),
            (Status::Match, Some(Source::Mrz))
        );
    }

    #[test]
    fn address_proof_date_within_three_calendar_months() {
        let as_of = d(2026, 11, 22);
        let status = |issued| date_status(as_of, Some(issued), 0.9);
        assert_eq!(
            status(d(2026, 8, 22)),
            Status::Match,
            "exactly three months"
        );
        assert_eq!(status(d(2026, 8, 21)), Status::Mismatch, "a day more");
        assert_eq!(status(d(2026, 11, 22)), Status::Match, "issued today");
        assert_eq!(status(d(2026, 11, 23)), Status::Uncertain, "in the future");
        // From the 31st, three months back is the end of February.
        let end = d(2026, 5, 31);
        assert_eq!(date_status(end, Some(d(2026, 2, 28)), 0.9), Status::Match);
        assert_eq!(
            date_status(end, Some(d(2026, 2, 27)), 0.9),
            Status::Mismatch
        );
    }

    #[test]
    fn address_proof_date_unread_or_weak_is_not_a_mismatch() {
        let as_of = d(2026, 11, 22);
        assert_eq!(date_status(as_of, None, 0.9), Status::NotFound);
        assert_eq!(
            date_status(as_of, Some(d(2026, 1, 5)), 0.05),
            Status::Uncertain,
            "too old, but read with low confidence"
        );
    }

    fn name_check(
        doc: &DocumentFields,
        typed: Option<&str>,
        on_proof: Option<(&str, f32)>,
    ) -> Check {
        let policy = Policy::default();
        address_proof(
            &claimed(typed),
            doc,
            &proof(Some((d(2026, 10, 1), 0.9)), on_proof),
            Context {
                as_of: d(2026, 11, 22),
                policy: &policy,
            },
        )
        .remove(1)
    }

    fn cn_card(name: &str) -> DocumentFields {
        DocumentFields {
            kind: DocumentKind::CnIdCard,
            issuing_country: Some("CHN".into()),
            name: Some(Read::new(name.to_string(), Source::Visual, 0.9)),
            ..DocumentFields::default()
        }
    }

    #[test]
    fn address_proof_name_under_the_name_rules() {
        let card = cn_card("张晓明");
        let status = |on_proof: &str| name_check(&card, None, Some((on_proof, 0.9))).status;
        assert_eq!(status("ZHANG XIAOMING"), Status::Match, "pinyin");
        assert_eq!(status("Xiaoming Zhang"), Status::Match, "order");
        assert_eq!(status("張曉明"), Status::Match, "traditional");
        assert_eq!(status("王建国"), Status::Mismatch);
        assert_eq!(status("LI MING"), Status::Mismatch);
        let c = name_check(&card, None, Some(("ZHANG XIAOMING", 0.9)));
        assert_eq!(c.entered, "张晓明");
        assert_eq!(c.document, "ZHANG XIAOMING");
        assert!(c
            .explanation
            .starts_with("against the identity document's name"));
    }

    #[test]
    fn address_proof_name_against_an_mrz_name_field() {
        let passport = DocumentFields {
            kind: DocumentKind::Passport,
            issuing_country: Some("CHN".into()),
            name_latin: Some(Read::new("WANG SIYUAN".into(), Source::Mrz, 1.0)),
            // Filler misread as K at the end, as Tesseract does.
            mrz_name_field: Some("WANG<<SIYUAN<<<<<<<<<<<KK<<<<<<<<<<<<<".into()),
            ..DocumentFields::default()
        };
        let c = name_check(&passport, None, Some(("Siyuan Wang", 0.9)));
        assert_eq!(c.status, Status::Match, "{c:?}");
        assert_eq!(c.entered, "WANG SIYUAN");
        let c = name_check(&passport, None, Some(("Haoran Wang", 0.9)));
        assert_eq!(c.status, Status::Mismatch, "{c:?}");
    }

    #[test]
    fn address_proof_name_falls_back_to_the_entered_name() {
        let unread = DocumentFields::default();
        let c = name_check(&unread, Some("Anna Eriksson"), Some(("ANNA ERIKSSON", 0.9)));
        assert_eq!(c.status, Status::Match);
        assert!(c.explanation.contains("entered name"), "{}", c.explanation);
        let c = name_check(&unread, None, Some(("ANNA ERIKSSON", 0.9)));
        assert_eq!(c.status, Status::NotFound, "nothing to compare with");
    }

    #[test]
    fn address_proof_name_unread_or_weak_is_not_a_mismatch() {
        let card = cn_card("张晓明");
        assert_eq!(name_check(&card, None, None).status, Status::NotFound);
        let c = name_check(&card, None, Some(("王建国", 0.05)));
        assert_eq!(c.status, Status::Uncertain, "{c:?}");
    }
}
