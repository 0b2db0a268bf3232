//! Older project schemas, read as they were written and brought up to the
//! current one. Each schema keeps its own types here; a migration is a plain
//! function from one schema's project to the next.

use std::path::Path;

use serde::Deserialize;

use super::{StoreError, parse_error};
use crate::model::{
    self, ClockTime, Evidence, Footage, FootageUse, Frame, FrameRate, Length, LengthSource, Placement, Project,
    Vocabularies,
};

/// Schema 1, the layout of the first drafts: a film's rate was a decimal
/// `fps`, and a shot's length was a bare `frames` count with a free-text
/// `frames_source` beside it.
mod v1 {
    use super::*;

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct Project {
        pub schema: u32,
        pub title: String,
        #[serde(default)]
        pub notes: String,
        #[serde(default)]
        pub films: Vec<Film>,
        #[serde(default)]
        pub footage: Vec<Footage>,
        #[serde(default)]
        pub vocabularies: Vocabularies,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct Film {
        pub id: String,
        pub title: String,
        #[serde(default)]
        pub english_title: String,
        #[serde(default)]
        pub year: Option<i32>,
        #[serde(default)]
        pub kind: String,
        #[serde(default)]
        pub collection: String,
        #[serde(default)]
        pub credits: String,
        #[serde(default)]
        pub duration: Option<ClockTime>,
        #[serde(default)]
        pub fps: Option<f64>,
        #[serde(default)]
        pub sound: String,
        #[serde(default)]
        pub memory_phase: String,
        #[serde(default)]
        pub media: Option<String>,
        #[serde(default)]
        pub notes: String,
        #[serde(default)]
        pub shots: Vec<Shot>,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct Shot {
        pub id: u32,
        #[serde(default)]
        pub start: Option<Frame>,
        #[serde(default)]
        pub frames: Option<i64>,
        #[serde(default)]
        pub frames_source: String,
        #[serde(default)]
        pub time_in: Option<ClockTime>,
        #[serde(default)]
        pub duration: Option<ClockTime>,
        #[serde(default)]
        pub framing: Option<String>,
        #[serde(default)]
        pub footage: Option<FootageUse>,
        #[serde(default)]
        pub description: String,
        #[serde(default)]
        pub evidence: Vec<Evidence>,
        #[serde(default)]
        pub placement: Option<Placement>,
        #[serde(default)]
        pub notes: String,
    }
}

/// A decimal rate as the exact rate it stands for: 29.97 is 30000/1001.
fn rate_from_fps(fps: f64) -> Result<FrameRate, String> {
    if !(fps.is_finite() && fps > 0.0) {
        return Err(format!("fps {fps} is not a frame rate"));
    }
    for ntsc in [FrameRate::NTSC_24, FrameRate::NTSC_30, FrameRate::NTSC_60] {
        if (fps - ntsc.as_f64()).abs() < 0.006 {
            return Ok(ntsc);
        }
    }
    let thousandths = (fps * 1000.0).round();
    if thousandths > u32::MAX as f64 {
        return Err(format!("fps {fps} is too large"));
    }
    FrameRate::new(thousandths as u32, 1000).map_err(|e| e.to_string())
}

/// What a v1 `frames_source` said, as a provenance.
fn length_source(text: &str) -> LengthSource {
    match text.trim().to_ascii_lowercase().as_str() {
        "measured" | "counted" => LengthSource::Measured,
        "estimated" | "estimate" => LengthSource::Estimated,
        "derived" => LengthSource::Derived { from: String::new() },
        "" => LengthSource::Reported {
            citation: String::new(),
        },
        _ => LengthSource::Reported {
            citation: text.trim().to_string(),
        },
    }
}

fn from_v1(old: v1::Project) -> Result<Project, String> {
    let mut films = Vec::with_capacity(old.films.len());
    for f in old.films {
        let rate = match f.fps {
            Some(fps) => Some(rate_from_fps(fps).map_err(|e| format!("film '{}': {e}", f.id))?),
            None => None,
        };
        let shots = f
            .shots
            .into_iter()
            .map(|s| model::Shot {
                id: s.id,
                start: s.start,
                length: s.frames.map(|frames| Length {
                    frames,
                    source: length_source(&s.frames_source),
                }),
                time_in: s.time_in,
                duration: s.duration,
                framing: s.framing,
                footage: s.footage,
                description: s.description,
                evidence: s.evidence,
                placement: s.placement,
                notes: s.notes,
                source: None,
                reported: None,
            })
            .collect();
        films.push(model::Film {
            id: f.id,
            title: f.title,
            english_title: f.english_title,
            year: f.year,
            kind: f.kind,
            collection: f.collection,
            credits: f.credits,
            duration: f.duration,
            rate,
            sound: f.sound,
            memory_phase: f.memory_phase,
            media: f.media,
            timecode_start: None,
            drop_frame: false,
            notes: f.notes,
            shots,
        });
    }
    Ok(Project {
        schema: 2,
        title: old.title,
        notes: old.notes,
        films,
        footage: old.footage,
        vocabularies: old.vocabularies,
    })
}

/// Reads a project of an older schema and migrates it, step by step, to the
/// current one.
pub(super) fn from_old_schema(found: u32, text: &str, path: &Path) -> Result<Project, StoreError> {
    match found {
        1 => {
            let old: v1::Project = ron::from_str(text).map_err(|e| parse_error(path, e))?;
            debug_assert_eq!(old.schema, 1);
            from_v1(old).map_err(|message| StoreError::Migration {
                path: path.to_path_buf(),
                from: 1,
                message,
            })
        }
        _ => Err(StoreError::UnknownSchema {
            path: path.to_path_buf(),
            found,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimal_rates_become_exact() {
        assert_eq!(rate_from_fps(29.97).unwrap(), FrameRate::NTSC_30);
        assert_eq!(rate_from_fps(23.976).unwrap(), FrameRate::NTSC_24);
        assert_eq!(rate_from_fps(18.0).unwrap(), FrameRate::FPS_18);
        assert_eq!(rate_from_fps(12.5).unwrap(), FrameRate::new(25, 2).unwrap());
        assert!(rate_from_fps(0.0).is_err());
    }
}
