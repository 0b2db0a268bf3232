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
//!   `evidence_kind`, `weight` and `citation` for programs. The citation is
//!   not called `source`: in the annotation context `source` means the IRI
//!   of a resource, and a citation is text.
//!
//! A film without a rate is refused (media fragments are in seconds); a
//! shot without a known start or length has no range and no annotation:
//! the collection's `label` counts them.

use serde_json::{Value, json};

use super::webvtt::frame_millis;
use crate::model::{Film, Project};

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
            let from = frame_millis(start.0, rate);
            let to = frame_millis(start.0.saturating_add(frames), rate);
            let mut bodies = Vec::new();
            if !shot.description.trim().is_empty() {
                bodies.push(json!({
                    "type": "TextualBody",
                    "purpose": "describing",
                    "format": "text/plain",
                    "value": shot.description,
                }));
            }
            if let Some(code) = shot.framing.as_deref().filter(|c| !c.trim().is_empty()) {
                let mut body = json!({
                    "type": "TextualBody",
                    "purpose": "classifying",
                    "value": code,
                });
                if let Some(term) = project.vocabularies.framing.iter().find(|t| t.code == code) {
                    body["label"] = Value::from(term.label.clone());
                }
                bodies.push(body);
            }
            for evidence in &shot.evidence {
                let mut sentence = format!(
                    "{} '{}' ({}{}): {}",
                    match evidence.stance {
                        crate::model::Stance::Supports => "Supports",
                        crate::model::Stance::Contradicts => "Contradicts",
                    },
                    evidence.claim,
                    evidence.kind,
                    evidence.weight.map_or(String::new(), |w| format!(", {}", w.name())),
                    evidence.observation
                );
                if !evidence.source.trim().is_empty() {
                    sentence.push_str(&format!(" Source: {}", evidence.source));
                }
                let mut body = json!({
                    "type": "TextualBody",
                    "purpose": "assessing",
                    "format": "text/plain",
                    "value": sentence,
                    "claim": evidence.claim,
                    "stance": evidence.stance.name(),
                    "evidence_kind": evidence.kind,
                });
                if let Some(weight) = evidence.weight {
                    body["weight"] = Value::from(weight.name());
                }
                if !evidence.source.trim().is_empty() {
                    body["citation"] = Value::from(evidence.source.clone());
                }
                bodies.push(body);
            }
            let mut annotation = json!({
                "id": format!("urn:decoupage:{}:shot:{}", iri(&film.id), shot.id),
                "type": "Annotation",
                "motivation": "describing",
                "label": format!("{}, shot {}", film.title, i + 1),
                "target": {
                    "source": source,
                    "selector": {
                        "type": "FragmentSelector",
                        "conformsTo": "http://www.w3.org/TR/media-frags/",
                        "value": format!("t={},{}", npt(from), npt(to)),
                    },
                },
            });
            match bodies.len() {
                0 => {}
                1 => annotation["body"] = bodies.pop().expect("one body"),
                _ => annotation["body"] = Value::Array(bodies),
            }
            items.push(annotation);
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
    let collection = json!({
        "@context": CONTEXT,
        "id": "urn:decoupage:collection",
        "type": "AnnotationCollection",
        "label": label,
        "total": items.len(),
        "first": {
            "id": "urn:decoupage:collection:page1",
            "type": "AnnotationPage",
            "startIndex": 0,
            "items": items,
        },
    });
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
