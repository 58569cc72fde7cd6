//! Text and JSON output of reports, name comparisons and OCR readings.

use std::io::Write;

use kycmatch::{CheckField, Decision, NameOutcome, Reading, ReasonCode, Report, Status};

pub fn report(r: &Report, json: bool, out: &mut impl Write) -> anyhow::Result<()> {
    if json {
        serde_json::to_writer_pretty(&mut *out, r)?;
        writeln!(out)?;
        return Ok(());
    }
    let verdict = match r.decision {
        Decision::Pass => "PASS: the submission matches the document",
        Decision::Reject => "REJECT: the submission would be rejected",
        Decision::Review => "REVIEW: kycmatch could not decide",
    };
    writeln!(out, "{verdict}")?;
    let d = &r.document;
    let kind = serde_json::to_value(d.kind)?;
    write!(out, "document: {}", kind.as_str().unwrap_or("unknown"))?;
    if let Some(c) = &d.issuing_country {
        write!(out, ", issued by {c}")?;
    }
    if !d.sides.is_empty() {
        write!(out, " ({})", d.sides.join(" + "))?;
    }
    writeln!(out)?;
    if let Some(v) = &d.visual {
        // What the visual zone gave, without its values (the reasons below
        // name any field that disagrees with the MRZ).
        let read: Vec<String> = v
            .entries()
            .iter()
            .map(|(key, _, _)| key.replace('_', " "))
            .collect();
        let agree = !r.has_reason(ReasonCode::VisualMrzMismatch);
        match (read.is_empty(), agree) {
            (true, _) => writeln!(out, "visual zone: no labelled field read")?,
            (false, true) => writeln!(
                out,
                "visual zone: {} read; no disagreement with the MRZ found",
                read.join(", ")
            )?,
            (false, false) => writeln!(
                out,
                "visual zone: {} read; see VISUAL_MRZ_MISMATCH below",
                read.join(", ")
            )?,
        }
    }
    if let Some(p) = &r.address_proof {
        let kind = serde_json::to_value(p.kind)?;
        write!(
            out,
            "proof of address: {}",
            kind.as_str().unwrap_or("unknown")
        )?;
        if let Some(d) = &p.issue_date {
            write!(out, ", issued {}", d.value)?;
        }
        if let Some(n) = &p.name {
            write!(out, ", holder {:?}", n.value)?;
        }
        writeln!(out)?;
        if let Some(a) = &p.address {
            writeln!(out, "  address: {}", a.value)?;
        }
    }
    writeln!(out, "checks:")?;
    for c in &r.checks {
        let mark = match c.status {
            Status::Match => "ok  ",
            Status::Mismatch => "FAIL",
            Status::NotFound => "??  ",
            Status::Uncertain => "?   ",
        };
        let field = serde_json::to_value(c.field)?;
        writeln!(
            out,
            "  {mark} {:<9} {} {:?}, document {:?} ({:.2}): {}",
            field.as_str().unwrap_or(""),
            match c.field {
                CheckField::AddressProofName => "identity",
                CheckField::AddressProofDate => "as of",
                _ => "entered",
            },
            c.entered,
            c.document,
            c.score,
            c.explanation
        )?;
    }
    if !r.reasons.is_empty() {
        writeln!(out, "reasons:")?;
        for reason in &r.reasons {
            writeln!(out, "  {}: {}", reason.code.as_str(), reason.message)?;
            writeln!(out, "      what to do: {}", reason.hint)?;
            writeln!(out, "      怎么办: {}", reason.hint_zh)?;
        }
    }
    let q = &r.quality;
    writeln!(
        out,
        "image: {}x{}, sharpness {:.0}, brightness {:.2}, glare {:.3}; {} ms ({} ms OCR)",
        q.width, q.height, q.sharpness, q.brightness, q.glare, r.timings_ms.total, r.timings_ms.ocr
    )?;
    Ok(())
}

pub fn name_outcome(o: &NameOutcome, json: bool, out: &mut impl Write) -> anyhow::Result<()> {
    if json {
        serde_json::to_writer(&mut *out, o)?;
        writeln!(out)?;
    } else {
        let status = serde_json::to_value(o.status)?;
        let level = serde_json::to_value(o.level)?;
        writeln!(
            out,
            "{} ({}, score {:.2}): {}",
            status.as_str().unwrap_or(""),
            level.as_str().unwrap_or(""),
            o.score,
            o.explanation
        )?;
    }
    Ok(())
}

pub fn reading(r: &Reading, json: bool, out: &mut impl Write) -> anyhow::Result<()> {
    if json {
        serde_json::to_writer_pretty(&mut *out, r)?;
        writeln!(out)?;
        return Ok(());
    }
    for p in &r.passes {
        writeln!(out, "== {} (mean confidence {:.0})", p.what, p.mean_conf)?;
        for l in &p.lines {
            writeln!(out, "  {l}")?;
        }
    }
    writeln!(out, "== document")?;
    writeln!(out, "{}", serde_json::to_string_pretty(&r.document)?)?;
    Ok(())
}
