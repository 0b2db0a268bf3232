//! Builds a project from a corpus of CSV files (films.csv, footage.csv,
//! shots.csv, evidence.csv), the layout of `shared/corpus/stakhanov`.
//! Every cell is kept; an empty cell stays unknown.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::model::{
    ClockTime, Evidence, Film, Footage, FootageUse, FrameRate, Length, LengthSource, Placement, Project, Shot, Stance,
    Term, Weight,
};

#[derive(Debug, thiserror::Error)]
pub enum CorpusError {
    #[error("{}: cannot read it: {source}", path.display())]
    Io { path: PathBuf, source: std::io::Error },
    #[error("{}:{line}: {message}", path.display())]
    Row { path: PathBuf, line: u64, message: String },
    #[error("{}: missing column '{column}'", path.display())]
    MissingColumn { path: PathBuf, column: String },
}

/// One CSV file read as rows of named cells, with their line numbers.
struct Table {
    path: PathBuf,
    rows: Vec<(u64, HashMap<String, String>)>,
}

impl Table {
    fn read(path: PathBuf, required: &[&str]) -> Result<Table, CorpusError> {
        let mut reader = csv::Reader::from_path(&path).map_err(|e| match e.into_kind() {
            csv::ErrorKind::Io(source) => CorpusError::Io {
                path: path.clone(),
                source,
            },
            other => CorpusError::Row {
                path: path.clone(),
                line: 1,
                message: format!("{other:?}"),
            },
        })?;
        let headers: Vec<String> = reader
            .headers()
            .map_err(|e| CorpusError::Row {
                path: path.clone(),
                line: 1,
                message: e.to_string(),
            })?
            .iter()
            .map(|h| h.trim().to_string())
            .collect();
        for column in required {
            if !headers.iter().any(|h| h == column) {
                return Err(CorpusError::MissingColumn {
                    path,
                    column: column.to_string(),
                });
            }
        }
        let mut rows = Vec::new();
        for record in reader.records() {
            let record = record.map_err(|e| CorpusError::Row {
                path: path.clone(),
                line: e.position().map_or(0, |p| p.line()),
                message: match e.kind() {
                    csv::ErrorKind::UnequalLengths { expected_len, len, .. } => {
                        format!("the row has {len} cells, the header {expected_len}")
                    }
                    csv::ErrorKind::Utf8 { .. } => "the row is not UTF-8 text".to_string(),
                    _ => e.to_string(),
                },
            })?;
            let line = record.position().map_or(0, |p| p.line());
            let cells = headers
                .iter()
                .cloned()
                .zip(record.iter().map(|c| c.trim().to_string()))
                .collect();
            rows.push((line, cells));
        }
        Ok(Table { path, rows })
    }

    fn error(&self, line: u64, message: String) -> CorpusError {
        CorpusError::Row {
            path: self.path.clone(),
            line,
            message,
        }
    }
}

fn cell<'a>(row: &'a HashMap<String, String>, column: &str) -> &'a str {
    row.get(column).map_or("", String::as_str)
}

fn parse_opt<T: std::str::FromStr>(
    table: &Table,
    line: u64,
    row: &HashMap<String, String>,
    column: &str,
) -> Result<Option<T>, CorpusError>
where
    T::Err: std::fmt::Display,
{
    let text = cell(row, column);
    if text.is_empty() {
        return Ok(None);
    }
    text.parse()
        .map(Some)
        .map_err(|e| table.error(line, format!("{column} '{text}': {e}")))
}

fn ensure_term(terms: &mut Vec<Term>, code: &str) {
    if !terms.iter().any(|t| t.code == code) {
        terms.push(Term::new(code, code, ""));
    }
}

/// Reads the four CSV files of `dir` into a project titled `title`.
pub fn import_corpus(dir: &Path, title: &str) -> Result<Project, CorpusError> {
    let mut project = Project::new(title);

    let films = Table::read(dir.join("films.csv"), &["film_id", "title"])?;
    for (line, row) in &films.rows {
        let id = cell(row, "film_id");
        if id.is_empty() {
            return Err(films.error(*line, "film_id is empty".into()));
        }
        if project.film(id).is_some() {
            return Err(films.error(*line, format!("film '{id}' is listed twice")));
        }
        let mut film = Film::new(id, cell(row, "title"));
        film.english_title = cell(row, "english_title").to_string();
        film.year = parse_opt(&films, *line, row, "year")?;
        film.kind = cell(row, "kind").to_string();
        film.collection = cell(row, "collection").to_string();
        film.credits = cell(row, "credits").to_string();
        film.duration = parse_opt::<ClockTime>(&films, *line, row, "duration")?;
        film.rate = parse_opt::<FrameRate>(&films, *line, row, "fps")?;
        film.sound = cell(row, "sound").to_string();
        film.memory_phase = cell(row, "memory_phase").to_string();
        film.notes = cell(row, "notes").to_string();
        project.films.push(film);
    }

    let footage = Table::read(dir.join("footage.csv"), &["footage_id", "label"])?;
    for (line, row) in &footage.rows {
        let id = cell(row, "footage_id");
        if id.is_empty() {
            return Err(footage.error(*line, "footage_id is empty".into()));
        }
        let mut f = Footage::new(id, cell(row, "label"));
        f.origin = cell(row, "origin").to_string();
        f.description = cell(row, "description").to_string();
        f.variants = cell(row, "known_variants")
            .split(';')
            .map(|set| {
                set.split('|')
                    .map(|v| v.trim().to_string())
                    .filter(|v| !v.is_empty())
                    .collect::<Vec<_>>()
            })
            .filter(|set| !set.is_empty())
            .collect();
        project.footage.push(f);
    }

    let shots = Table::read(dir.join("shots.csv"), &["film_id", "shot_no"])?;
    let mut numbered: Vec<(String, u32, u64, Shot)> = Vec::new();
    for (line, row) in &shots.rows {
        let film_id = cell(row, "film_id");
        if project.film(film_id).is_none() {
            return Err(shots.error(*line, format!("film '{film_id}' is not in films.csv")));
        }
        let no: u32 =
            parse_opt(&shots, *line, row, "shot_no")?.ok_or_else(|| shots.error(*line, "shot_no is empty".into()))?;
        let mut shot = Shot::new(no);
        let footage_id = cell(row, "footage_id");
        let variants: Vec<String> = cell(row, "variant")
            .split(';')
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
            .collect();
        let piece = parse_opt(&shots, *line, row, "piece")?;
        if footage_id.is_empty() {
            if !variants.is_empty() || piece.is_some() {
                return Err(shots.error(*line, "a variant or piece is given without a footage_id".into()));
            }
        } else {
            if project.footage(footage_id).is_none() {
                return Err(shots.error(*line, format!("footage '{footage_id}' is not in footage.csv")));
            }
            let mut usage = FootageUse::new(footage_id);
            usage.piece = piece;
            usage.variants = variants;
            shot.footage = Some(usage);
        }
        let framing = cell(row, "framing");
        if !framing.is_empty() {
            ensure_term(&mut project.vocabularies.framing, framing);
            shot.framing = Some(framing.to_string());
        }
        if let Some(frames) = parse_opt::<i64>(&shots, *line, row, "frames")? {
            let source = match cell(row, "frames_source") {
                "measured" => LengthSource::Measured,
                "estimated" => LengthSource::Estimated,
                citation => LengthSource::Reported {
                    citation: citation.to_string(),
                },
            };
            shot.length = Some(Length { frames, source });
        }
        shot.time_in = parse_opt(&shots, *line, row, "timecode_in")?;
        shot.duration = parse_opt(&shots, *line, row, "duration")?;
        shot.description = cell(row, "description").to_string();
        shot.placement = match cell(row, "placement") {
            "" => None,
            "stated" => Some(Placement::Stated),
            "inferred" => Some(Placement::Inferred),
            other => return Err(shots.error(*line, format!("placement '{other}' is not 'stated' or 'inferred'"))),
        };
        shot.notes = cell(row, "notes").to_string();
        numbered.push((film_id.to_string(), no, *line, shot));
    }
    // Shots go in film order by their number, whatever the row order.
    numbered.sort_by_key(|(_, no, _, _)| *no);
    for (film_id, no, line, shot) in numbered {
        let film = project
            .films
            .iter_mut()
            .find(|f| f.id == film_id)
            .expect("checked above");
        if film.shots.iter().any(|s| s.id == no) {
            return Err(shots.error(line, format!("shot {no} of '{film_id}' is listed twice")));
        }
        film.shots.push(shot);
    }

    let evidence = Table::read(
        dir.join("evidence.csv"),
        &["film_id", "shot_no", "claim", "kind", "observation"],
    )?;
    for (line, row) in &evidence.rows {
        let film_id = cell(row, "film_id");
        let no: u32 = parse_opt(&evidence, *line, row, "shot_no")?
            .ok_or_else(|| evidence.error(*line, "shot_no is empty".into()))?;
        let claim = cell(row, "claim");
        let kind = cell(row, "kind");
        let weight = match cell(row, "weight") {
            "" => None,
            w => Some(
                Weight::parse(w)
                    .ok_or_else(|| evidence.error(*line, format!("weight '{w}' is not strong, supporting or weak")))?,
            ),
        };
        ensure_term(&mut project.vocabularies.claims, claim);
        ensure_term(&mut project.vocabularies.evidence_kinds, kind);
        let shot = project
            .films
            .iter_mut()
            .find(|f| f.id == film_id)
            .and_then(|f| f.shots.iter_mut().find(|s| s.id == no))
            .ok_or_else(|| evidence.error(*line, format!("there is no shot {no} in film '{film_id}'")))?;
        // Each row is evidence *for* its claim, as the corpus README says.
        shot.evidence.push(Evidence {
            claim: claim.to_string(),
            stance: Stance::Supports,
            kind: kind.to_string(),
            observation: cell(row, "observation").to_string(),
            source: cell(row, "source").to_string(),
            weight,
        });
    }
    Ok(project)
}

/// The title and notes of the sample project built from the Stakhanov corpus.
pub const STAKHANOV_TITLE: &str = "Stakhanov in the Gaumont Pathé archives";
pub const STAKHANOV_NOTES: &str = "Films, footage, shots and evidence from the article on how the miner A. G. Stakhanov is shown in newsreels of the Gaumont Pathé archives (shared/corpus/stakhanov). A length reported by 'article' is that article's frame count. Nothing here is invented: what the article does not say is left unknown.";

/// The sample project, built from the Stakhanov corpus directory.
pub fn stakhanov_sample(dir: &Path) -> Result<Project, CorpusError> {
    let mut project = import_corpus(dir, STAKHANOV_TITLE)?;
    project.notes = STAKHANOV_NOTES.to_string();
    Ok(project)
}
