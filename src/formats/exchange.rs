//! Shot lists out, for the tools scholars and editors already use: an EDL
//! (CMX 3600), an OpenTimelineIO timeline, an ELAN file, WebVTT captions
//! and W3C Web Annotations — beside the tables of `table`. The window's
//! File > Export and `decoupage export` both go through `export`.

use std::fmt;
use std::str::FromStr;

use super::table::TableFormat;
use crate::model::{Film, Project};

/// Every format a project can be exported to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportFormat {
    /// The shot table (`table`).
    Table(TableFormat),
    /// CMX 3600 EDL: one film.
    Edl,
    /// OpenTimelineIO: one track per film.
    Otio,
    /// ELAN: one film.
    Eaf,
    /// WebVTT: one film, a cue per shot.
    WebVtt,
    /// W3C Web Annotation (JSON-LD): a shot an annotation.
    WebAnnotation,
}

impl ExportFormat {
    pub const TIMELINES: [ExportFormat; 5] = [
        ExportFormat::Edl,
        ExportFormat::Otio,
        ExportFormat::Eaf,
        ExportFormat::WebVtt,
        ExportFormat::WebAnnotation,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ExportFormat::Table(t) => t.extension(),
            ExportFormat::Edl => "edl",
            ExportFormat::Otio => "otio",
            ExportFormat::Eaf => "eaf",
            ExportFormat::WebVtt => "vtt",
            ExportFormat::WebAnnotation => "jsonld",
        }
    }

    /// Whether the format holds a single film.
    pub fn one_film(self) -> bool {
        matches!(self, ExportFormat::Edl | ExportFormat::Eaf | ExportFormat::WebVtt)
    }
}

impl fmt::Display for ExportFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ExportFormat {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        match s.to_ascii_lowercase().as_str() {
            "edl" | "cmx3600" => Ok(ExportFormat::Edl),
            "otio" => Ok(ExportFormat::Otio),
            "eaf" | "elan" => Ok(ExportFormat::Eaf),
            "vtt" | "webvtt" => Ok(ExportFormat::WebVtt),
            "jsonld" | "json-ld" | "annotation" | "webannotation" => Ok(ExportFormat::WebAnnotation),
            other => other.parse::<TableFormat>().map(ExportFormat::Table).map_err(|_| {
                format!("unknown format '{s}' (csv, tsv, md, latex, html, xlsx, json, edl, otio, eaf, vtt, jsonld)")
            }),
        }
    }
}

/// The bytes of an export of the films `ids` (every film when empty):
/// what `decoupage export` writes and the window's File > Export saves.
pub fn export_bytes(project: &Project, ids: &[String], format: ExportFormat) -> Result<Vec<u8>, String> {
    match format {
        ExportFormat::Table(table_format) => {
            let rows = super::table::project_rows(project, ids);
            let title = match ids {
                [one] => project.film(one).map_or(project.title.clone(), |f| f.title.clone()),
                _ => project.title.clone(),
            };
            super::table::render(&rows, table_format, &title).map_err(|e| e.to_string())
        }
        timeline => {
            let films: Vec<&Film> = project
                .films
                .iter()
                .filter(|f| ids.is_empty() || ids.contains(&f.id))
                .collect();
            export_timeline(project, &films, timeline).map(String::into_bytes)
        }
    }
}

/// The films of a timeline export as text. A format that holds one film
/// refuses several, saying so.
pub fn export_timeline(project: &Project, films: &[&Film], format: ExportFormat) -> Result<String, String> {
    if format.one_film() && films.len() != 1 {
        return Err(format!(
            "{format} holds one film and {} are chosen: give --film ID",
            films.len()
        ));
    }
    match format {
        ExportFormat::Table(_) => Err("a table is written by formats::table".to_string()),
        ExportFormat::Edl => super::edl::write(project, films[0]),
        ExportFormat::Otio => super::otio::write(project, films),
        ExportFormat::Eaf => super::eaf::write(project, films[0]),
        ExportFormat::WebVtt => super::webvtt::write(project, films[0]),
        ExportFormat::WebAnnotation => super::annotation::write(project, films),
    }
}
