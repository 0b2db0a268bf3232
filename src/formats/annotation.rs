//! W3C Web Annotation (JSON-LD) out: every shot of a known range an
//! annotation of its film, for annotation servers and viewers that read
//! the Web Annotation Data Model.
//!
//! The document is one `AnnotationCollection` whose first (and only) page
//! holds the annotations, films in the order given and shots in film order.
//! Each annotation:
//! - `id`: `urn:decoupage:FILM:shot:ID` (the shot's id, which stays with it
//!   when shots move; its number in the film is in the `label`);
//! - `target`: the film's media file (a relative IRI, as stored in the
//!   project), or `urn:decoupage:film:FILM` when there is none, with a
//!   media-fragment selector `t=START,END` in seconds to the millisecond at
//!   the film's rate (END is the first frame after the shot);
//! - `body`: the description (`TextualBody`, purpose `describing`), the
//!   framing code (purpose `classifying`, its label from the project's
//!   scale), and one body per piece of evidence (purpose `assessing`): a
//!   sentence for readers in `value`, and `claim`, `stance`,
//!   `evidence_kind`, `weight` and `citation` for programs (the citation is
//!   not called `source`: in the annotation context `source` means the IRI
//!   of a resource, and a citation is text); the shot's notes (purpose
//!   `commenting`).
//!
//! A film without a rate is refused (media fragments are in seconds); a
//! shot without a known start or length has no range and no annotation:
//! the collection's `label` counts them.

use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};

use crate::model::{Film, Project, Stance};

pub const CONTEXT: &str = "http://www.w3.org/ns/anno.jsonld";

/// Seconds to the millisecond, as media fragments write them (`12.480`).
fn npt(millis: i64) -> String {
    format!("{}.{:03}", millis / 1000, millis % 1000)
}

/// A relative path as an IRI reference: spaces and the like escaped.
fn iri(path: &str) -> String {
    let mut out = String::new();
    for b in path.replace('\\', "/").bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/:@!$&'()*+,;=%".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn film_source(film: &Film) -> String {
    match film.media.as_deref().filter(|m| !m.trim().is_empty()) {
        Some(media) => iri(media),
        None => format!("urn:decoupage:film:{}", iri(&film.id)),
    }
}

/// JSON whose objects keep their keys in the order written: `@context`,
/// `id` and `type` first, as the model's examples have them.
enum Json {
    Str(String),
    Num(u64),
    List(Vec<Json>),
    Object(Vec<(&'static str, Json)>),
}

impl Serialize for Json {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Json::Str(s) => serializer.serialize_str(s),
            Json::Num(n) => serializer.serialize_u64(*n),
            Json::List(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Json::Object(entries) => {
                let mut map = serializer.serialize_map(Some(entries.len()))?;
                for (key, value) in entries {
                    map.serialize_entry(key, value)?;
                }
                map.end()
            }
        }
    }
}

fn text(s: impl Into<String>) -> Json {
    Json::Str(s.into())
}

/// A plain-text body with a purpose.
fn textual_body(purpose: &str, value: &str) -> Vec<(&'static str, Json)> {
    vec![
        ("type", text("TextualBody")),
        ("purpose", text(purpose)),
        ("format", text("text/plain")),
        ("value", text(value)),
    ]
}

pub fn write(project: &Project, films: &[&Film]) -> Result<String, String> {
    if films.is_empty() {
        return Err("no film to export".into());
    }
    let mut items = Vec::new();
    let mut left_out = 0usize;
    for film in films {
        let rate = film.rate.ok_or_else(|| {
            format!(
                "film '{}' has no frame rate: media fragments are in seconds, so set its rate or leave it out (--film)",
                film.id
            )
        })?;
        let source = film_source(film);
        for (i, shot) in film.shots.iter().enumerate() {
            let (Some(start), Some(frames)) = (shot.start, shot.frames()) else {
                left_out += 1;
                continue;
            };
            if start.0 < 0 || frames <= 0 {
                left_out += 1;
                continue;
            }
            let from = rate.frames_to_millis(start.0);
            let to = rate.frames_to_millis(start.0.saturating_add(frames));
            let mut bodies: Vec<Json> = Vec::new();
            if !shot.description.trim().is_empty() {
                bodies.push(Json::Object(textual_body("describing", &shot.description)));
            }
            if let Some(code) = shot.framing.as_deref().filter(|c| !c.trim().is_empty()) {
                let mut body = vec![
                    ("type", text("TextualBody")),
                    ("purpose", text("classifying")),
                    ("value", text(code)),
                ];
                if let Some(term) = project.vocabularies.framing.iter().find(|t| t.code == code) {
                    body.push(("label", text(term.label.clone())));
                }
                bodies.push(Json::Object(body));
            }
            for evidence in &shot.evidence {
                let mut sentence = format!(
                    "{} '{}' ({}{}): {}",
                    match evidence.stance {
                        Stance::Supports => "Supports",
                        Stance::Contradicts => "Contradicts",
                    },
                    evidence.claim,
                    evidence.kind,
                    evidence.weight.map_or(String::new(), |w| format!(", {}", w.name())),
                    evidence.observation
                );
                if !evidence.source.trim().is_empty() {
                    sentence.push_str(&format!(" Source: {}", evidence.source));
                }
                let mut body = textual_body("assessing", &sentence);
                body.push(("claim", text(evidence.claim.clone())));
                body.push(("stance", text(evidence.stance.name())));
                body.push(("evidence_kind", text(evidence.kind.clone())));
                if let Some(weight) = evidence.weight {
                    body.push(("weight", text(weight.name())));
                }
                if !evidence.source.trim().is_empty() {
                    body.push(("citation", text(evidence.source.clone())));
                }
                bodies.push(Json::Object(body));
            }
            if !shot.notes.trim().is_empty() {
                bodies.push(Json::Object(textual_body("commenting", &shot.notes)));
            }
            let mut annotation = vec![
                ("id", text(format!("urn:decoupage:{}:shot:{}", iri(&film.id), shot.id))),
                ("type", text("Annotation")),
                ("motivation", text("describing")),
                ("label", text(format!("{}, shot {}", film.title, i + 1))),
            ];
            match bodies.len() {
                0 => {}
                1 => annotation.push(("body", bodies.pop().expect("one body"))),
                _ => annotation.push(("body", Json::List(bodies))),
            }
            annotation.push((
                "target",
                Json::Object(vec![
                    ("source", text(source.clone())),
                    (
                        "selector",
                        Json::Object(vec![
                            ("type", text("FragmentSelector")),
                            ("conformsTo", text("http://www.w3.org/TR/media-frags/")),
                            ("value", text(format!("t={},{}", npt(from), npt(to)))),
                        ]),
                    ),
                ]),
            ));
            items.push(Json::Object(annotation));
        }
    }
    if items.is_empty() {
        return Err(format!(
            "no shot of {} has both a start frame and a length: an annotation needs its time range",
            films
                .iter()
                .map(|f| format!("'{}'", f.id))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    let label = format!(
        "{}: {} shot{}{}",
        project.title,
        items.len(),
        if items.len() == 1 { "" } else { "s" },
        if left_out > 0 {
            format!(" ({left_out} left out, their start or length unknown)")
        } else {
            String::new()
        }
    );
    let total = items.len() as u64;
    let collection = Json::Object(vec![
        ("@context", text(CONTEXT)),
        ("id", text("urn:decoupage:collection")),
        ("type", text("AnnotationCollection")),
        ("label", text(label)),
        ("total", Json::Num(total)),
        (
            "first",
            Json::Object(vec![
                ("id", text("urn:decoupage:collection:page1")),
                ("type", text("AnnotationPage")),
                ("startIndex", Json::Num(0)),
                ("items", Json::List(items)),
            ]),
        ),
    ]);
    let mut out = serde_json::to_string_pretty(&collection).map_err(|e| e.to_string())?;
    out.push('\n');
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fragments_and_iris() {
        assert_eq!(npt(12_480), "12.480");
        assert_eq!(npt(0), "0.000");
        assert_eq!(iri("films/Le journal 1935.mp4"), "films/Le%20journal%201935.mp4");
        assert_eq!(iri("é"), "%C3%A9");
    }
}
