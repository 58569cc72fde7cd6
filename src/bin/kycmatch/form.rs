//! One submission's fields as text, keyed as `verify`'s long options with
//! underscores (`front`, `back`, `proof_of_address`, `name`, `dob`,
//! `id_number`, `doc_type`, `country`, `as_of`, `date_order`, plus the
//! caller's `id`): the shape of a
//! batch manifest line and of a `serve` request. Turning it into a library
//! [`Submission`] is the only logic here; reading images is the caller's.

use kycmatch::{
    Claimed, ClaimedText, Date, DateOrder, Error, ImageInput, Limits, Report, Submission,
};
use serde::{Deserialize, Serialize};

/// A result: the `verify --json` report with the submission's `id` first.
#[derive(Serialize)]
pub struct IdentifiedReport<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<&'a str>,
    #[serde(flatten)]
    pub report: &'a Report,
}

/// A submission's fields as text. Unknown keys are refused, so a typo in a
/// manifest is an error, not a silently missing field.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Form {
    /// The caller's identifier of the submission, echoed in the result.
    #[serde(default, deserialize_with = "id_text")]
    pub id: Option<String>,
    /// Front image: a path (batch) or base64 (serve's JSON body).
    pub front: Option<String>,
    /// Back image, like `front`.
    pub back: Option<String>,
    /// Proof of address image (a bill, statement or tenancy agreement), like `front`.
    pub proof_of_address: Option<String>,
    pub name: Option<String>,
    pub dob: Option<String>,
    pub id_number: Option<String>,
    pub doc_type: Option<String>,
    pub country: Option<String>,
    pub as_of: Option<String>,
    pub date_order: Option<String>,
}

impl Form {
    /// Sets a text field by its key, as a multipart form part names it. Errs on
    /// an unknown key or (through the caller) a repeated one.
    #[cfg_attr(not(feature = "serve"), allow(dead_code))]
    pub fn set(&mut self, key: &str, value: String) -> Result<(), Error> {
        let slot = match key {
            "id" => &mut self.id,
            "front" => &mut self.front,
            "back" => &mut self.back,
            "proof_of_address" => &mut self.proof_of_address,
            "name" => &mut self.name,
            "dob" => &mut self.dob,
            "id_number" => &mut self.id_number,
            "doc_type" => &mut self.doc_type,
            "country" => &mut self.country,
            "as_of" => &mut self.as_of,
            "date_order" => &mut self.date_order,
            _ => return Err(Error::invalid("form", format!("unknown field {key:?}"))),
        };
        if slot.is_some() {
            return Err(Error::invalid("form", format!("field {key:?} given twice")));
        }
        *slot = Some(value);
        Ok(())
    }

    /// The library request for these fields and images. Errs (naming the
    /// field, never its value) on an empty or absurd field, an unknown
    /// document type or date order, or a bad `as_of`.
    pub fn submission(
        &self,
        front: ImageInput,
        back: Option<ImageInput>,
        proof_of_address: Option<ImageInput>,
        limits: &Limits,
    ) -> Result<Submission, Error> {
        let order = match self.date_order.as_deref().map(str::trim) {
            None | Some("dmy") => DateOrder::Dmy,
            Some("mdy") => DateOrder::Mdy,
            Some("ymd") => DateOrder::Ymd,
            Some(_) => return Err(Error::invalid("date_order", "expected dmy, mdy or ymd")),
        };
        let claimed = Claimed::new(
            &ClaimedText {
                name: self.name.as_deref(),
                dob: self.dob.as_deref(),
                id_number: self.id_number.as_deref(),
                doc_type: self.doc_type.as_deref(),
                country: self.country.as_deref(),
            },
            order,
            limits,
        )?;
        let as_of = self.as_of.as_deref().map(parse_as_of).transpose()?;
        Ok(Submission {
            front,
            back,
            proof_of_address,
            claimed,
            as_of,
        })
    }
}

/// The `id` of a JSON object whose other keys may be wrong (a manifest line
/// that is not a valid [`Form`] still names its submission).
pub fn id_of(json: &str) -> Option<String> {
    #[derive(Deserialize)]
    struct IdOnly {
        #[serde(default, deserialize_with = "id_text")]
        id: Option<String>,
    }
    serde_json::from_str::<IdOnly>(json).ok()?.id
}

/// `--as-of` and `as_of`: an ISO date.
pub fn parse_as_of(s: &str) -> Result<Date, Error> {
    kycmatch::parse_date(s, DateOrder::Ymd).map_err(|e| Error::invalid("as_of", e.to_string()))
}

/// An id may be given as a string or a number.
fn id_text<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Id {
        Text(String),
        Number(serde_json::Number),
    }
    Ok(Option::<Id>::deserialize(d)?.map(|id| match id {
        Id::Text(s) => s,
        Id::Number(n) => n.to_string(),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn image() -> ImageInput {
        ImageInput::Bytes(Vec::new())
    }

    #[test]
    fn form_reads_manifest_keys() -> Result<(), Box<dyn std::error::Error>> {
        let f: Form = serde_json::from_str(
            r#"{"id": 7, "front": "a.jpg", "name": "Zhang San", "dob": "02/01/1990",
                "date_order": "mdy", "doc_type": "id-card", "country": "chn", "as_of": "2026-01-01"}"#,
        )?;
        assert_eq!(f.id.as_deref(), Some("7"));
        let s = f.submission(image(), None, None, &Limits::default())?;
        assert_eq!(s.claimed.dob, Some(Date::new(1990, 2, 1).ok_or("date")?));
        assert_eq!(s.claimed.country.as_deref(), Some("CHN"));
        assert_eq!(s.as_of, Some(Date::new(2026, 1, 1).ok_or("date")?));
        Ok(())
    }

    #[test]
    fn form_unknown_key_is_refused() {
        let r: Result<Form, _> = serde_json::from_str(r#"{"front": "a.jpg", "idnumber": "1"}"#);
        assert!(r.is_err());
        let mut f = Form::default();
        assert!(f.set("nmae", "x".into()).is_err());
        assert!(f.set("name", "x".into()).is_ok());
        assert!(
            f.set("name", "y".into()).is_err(),
            "a repeated field is refused"
        );
    }

    #[test]
    fn form_bad_fields_name_the_field() {
        let cases = [
            (r#"{"date_order": "dym"}"#, "date_order"),
            (r#"{"as_of": "yesterday"}"#, "as_of"),
            (r#"{"doc_type": "driving-licence"}"#, "doc_type"),
            (r#"{"name": "  "}"#, "name"),
        ];
        for (json, field) in cases {
            let f: Form = serde_json::from_str(json).expect("well-formed test JSON");
            let e = f
                .submission(image(), None, None, &Limits::default())
                .expect_err(json);
            assert!(e.to_string().contains(field), "{json}: {e}");
        }
    }
}
