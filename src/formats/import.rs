//! Shot lists in: what every importer gives back, and how an import becomes
//! one undoable edit of a project. Each format has its own module
//! (`csv_shots`, `edl`, `otio`, `eaf`); they all read bytes into an
//! `ImportedFilm` and a report of what was skipped and why, or fail with
//! an `ImportError` that names the file and the line. The window's File >
//! Import and `decoupage import` both go through `import_file`.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::model::{Edit, Film, Frame, FrameRate, Project, Shot};

/// The formats a shot list can come in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum ImportFormat {
    Csv,
    Tsv,
    /// CMX 3600 edit decision list.
    Edl,
    /// OpenTimelineIO JSON.
    Otio,
    /// ELAN annotation file.
    Eaf,
}

impl ImportFormat {
    pub const ALL: [ImportFormat; 5] = [
        ImportFormat::Csv,
        ImportFormat::Tsv,
        ImportFormat::Edl,
        ImportFormat::Otio,
        ImportFormat::Eaf,
    ];

    /// The word the command line takes, and the usual extension.
    pub fn as_str(self) -> &'static str {
        match self {
            ImportFormat::Csv => "csv",
            ImportFormat::Tsv => "tsv",
            ImportFormat::Edl => "edl",
            ImportFormat::Otio => "otio",
            ImportFormat::Eaf => "eaf",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim().trim_start_matches('.').to_ascii_lowercase();
        match s.as_str() {
            "txt" => Some(ImportFormat::Tsv),
            "elan" => Some(ImportFormat::Eaf),
            _ => Self::ALL.into_iter().find(|f| f.as_str() == s),
        }
    }

    /// The format a file's extension names.
    pub fn from_path(path: &Path) -> Option<Self> {
        Self::parse(&path.extension()?.to_string_lossy())
    }
}

impl fmt::Display for ImportFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Which track of a timeline holds the shots.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TrackChoice {
    /// By name (`V1`, `A2`, an OTIO track's name).
    Name(String),
    /// By place, 1-based, among the tracks in file order.
    Index(usize),
}

impl TrackChoice {
    /// `V1` is a name, `2` an index.
    pub fn parse(s: &str) -> Self {
        match s.trim().parse::<usize>() {
            Ok(n) if n > 0 => TrackChoice::Index(n),
            _ => TrackChoice::Name(s.trim().to_string()),
        }
    }
}

/// What the user said about the file.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ImportOptions {
    /// The film's frame rate, when the file does not say it or says it
    /// wrongly; frames are counted at this rate.
    pub rate: Option<FrameRate>,
    /// The track whose events or clips are shots (EDL, OTIO); default: the
    /// first video track.
    pub track: Option<TrackChoice>,
    /// The tier whose annotations are shots (ELAN); default: the first
    /// tier with annotations.
    pub tier: Option<String>,
    /// Tiers whose annotations become the shots' descriptions (ELAN).
    pub description_tiers: Vec<String>,
    /// Tiers whose annotations become the shots' notes (ELAN).
    pub note_tiers: Vec<String>,
}

/// Something of the file that did not become a shot, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Skipped {
    /// 1-based line (EDL, CSV) or `None` where the format has no lines
    /// that mean anything (OTIO, ELAN: `place` says where).
    pub line: Option<usize>,
    /// Where in the file, in the format's own words ("track V2, clip 3",
    /// "tier Gloss, annotation a12").
    pub place: String,
    pub reason: String,
}

/// What an import read and what it left out.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ImportReport {
    pub file: PathBuf,
    pub format: Option<ImportFormat>,
    /// Shots made.
    pub shots: usize,
    pub skipped: Vec<Skipped>,
    /// Everything else worth knowing: the encoding used, the rate
    /// assumed, roundings, the track chosen.
    pub notes: Vec<String>,
}

impl ImportReport {
    pub fn new(file: &Path, format: ImportFormat) -> Self {
        ImportReport {
            file: file.to_path_buf(),
            format: Some(format),
            ..Default::default()
        }
    }

    pub fn skip(&mut self, line: Option<usize>, place: impl Into<String>, reason: impl Into<String>) {
        self.skipped.push(Skipped {
            line,
            place: place.into(),
            reason: reason.into(),
        });
    }

    pub fn note(&mut self, note: impl Into<String>) {
        self.notes.push(note.into());
    }

    /// The report as lines of text, for the terminal and the window.
    pub fn lines(&self) -> Vec<String> {
        let mut out = vec![format!(
            "{}: {} shot{} imported{}",
            self.file.display(),
            self.shots,
            if self.shots == 1 { "" } else { "s" },
            match self.skipped.len() {
                0 => String::new(),
                1 => ", 1 item skipped".to_string(),
                n => format!(", {n} items skipped"),
            }
        )];
        out.extend(self.notes.iter().map(|n| format!("  note: {n}")));
        for s in &self.skipped {
            let place = match (s.line, s.place.is_empty()) {
                (Some(line), true) => format!("line {line}"),
                (Some(line), false) => format!("line {line} ({})", s.place),
                (None, _) => s.place.clone(),
            };
            out.push(format!("  skipped {place}: {}", s.reason));
        }
        out
    }
}

/// A film read from a shot list, before it joins a project.
#[derive(Clone, Debug, PartialEq)]
pub struct ImportedFilm {
    /// A title found in the file (EDL `TITLE:`, the timeline's name), or empty.
    pub title: String,
    pub rate: Option<FrameRate>,
    /// The record timecode of the first shot, as frames at `rate`.
    pub timecode_start: Option<Frame>,
    pub drop_frame: bool,
    /// Shots in order; `start` counts from the film's first frame (0).
    pub shots: Vec<Shot>,
    /// The film's media file, when the list names one for the whole film.
    pub media: Option<String>,
    pub report: ImportReport,
}

/// Why a file could not be imported at all. Every variant names the file;
/// parse errors name the line (and column where it helps).
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{}: {source}", path.display())]
    Io { path: PathBuf, source: std::io::Error },
    #[error("{}:{line}{}: {message}", path.display(), column.map_or(String::new(), |c| format!(":{c}")))]
    Parse {
        path: PathBuf,
        line: usize,
        column: Option<usize>,
        message: String,
    },
    /// The file is read, but something about it as a whole is wrong (no
    /// track of that name, no tier with annotations).
    #[error("{}: {message}", path.display())]
    Invalid { path: PathBuf, message: String },
    #[error("{}: the format cannot be told from the name: give --format ({})", path.display(), ImportFormat::ALL.map(|f| f.as_str()).join(", "))]
    UnknownFormat { path: PathBuf },
}

impl ImportError {
    pub fn parse(path: &Path, line: usize, message: impl Into<String>) -> Self {
        ImportError::Parse {
            path: path.to_path_buf(),
            line,
            column: None,
            message: message.into(),
        }
    }

    pub fn invalid(path: &Path, message: impl Into<String>) -> Self {
        ImportError::Invalid {
            path: path.to_path_buf(),
            message: message.into(),
        }
    }
}

/// Text of a file: UTF-8 (a byte-order mark dropped), or, when it is not,
/// the legacy encoding the bytes most likely are (Windows-1252 for Latin
/// text), said in the second value. Trailing Ctrl-Z and NUL padding, left
/// by old editing systems, is dropped.
pub fn decode_text(bytes: &[u8]) -> (String, Option<String>) {
    let end = bytes.iter().rposition(|&b| b != 0x1A && b != 0).map_or(0, |i| i + 1);
    let bytes = &bytes[..end];
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => (text.to_string(), None),
        Err(_) => {
            let mut detector = chardetng::EncodingDetector::new();
            detector.feed(bytes, true);
            let encoding = detector.guess(None, true);
            let (text, _, _) = encoding.decode(bytes);
            (
                text.into_owned(),
                Some(format!("the file is not UTF-8: read as {}", encoding.name())),
            )
        }
    }
}

/// Reads a shot list. The format is `format`, or the one the extension
/// names.
pub fn import_file(
    path: &Path,
    format: Option<ImportFormat>,
    options: &ImportOptions,
) -> Result<ImportedFilm, ImportError> {
    let format = format
        .or_else(|| ImportFormat::from_path(path))
        .ok_or_else(|| ImportError::UnknownFormat {
            path: path.to_path_buf(),
        })?;
    let bytes = std::fs::read(path).map_err(|source| ImportError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    import_bytes(path, &bytes, format, options)
}

/// Reads a shot list already in memory; `path` names it in messages.
pub fn import_bytes(
    path: &Path,
    bytes: &[u8],
    format: ImportFormat,
    options: &ImportOptions,
) -> Result<ImportedFilm, ImportError> {
    let mut film = match format {
        ImportFormat::Csv | ImportFormat::Tsv => super::csv_shots::read(path, bytes, format, options)?,
        ImportFormat::Edl => super::edl::read(path, bytes, options)?,
        ImportFormat::Otio => super::otio::read(path, bytes, options)?,
        ImportFormat::Eaf => super::eaf::read(path, bytes, options)?,
    };
    film.report.shots = film.shots.len();
    Ok(film)
}

/// The edit that puts an imported film into a project: a new film with id
/// `film_id` (its title from the file, or the file's name), or, when
/// `film_id` exists, its shots appended after the film's last shot (their
/// start frames moved to follow it). One edit, one undo step.
pub fn import_edit(project: &Project, film_id: &str, imported: &ImportedFilm) -> Result<Edit, String> {
    match project.film(film_id) {
        None => {
            let title = if imported.title.trim().is_empty() {
                imported
                    .report
                    .file
                    .file_stem()
                    .map_or(film_id.to_string(), |s| s.to_string_lossy().into_owned())
            } else {
                imported.title.trim().to_string()
            };
            let mut film = Film::new(film_id, title);
            film.rate = imported.rate;
            film.timecode_start = imported.timecode_start;
            film.drop_frame = imported.drop_frame;
            film.media = imported.media.clone();
            film.shots = imported.shots.clone();
            for (i, shot) in film.shots.iter_mut().enumerate() {
                shot.id = i as u32 + 1;
            }
            Ok(Edit::InsertFilm {
                index: project.films.len(),
                film: Box::new(film),
            })
        }
        Some(film) => {
            if let (Some(a), Some(b)) = (film.rate, imported.rate)
                && a != b
            {
                return Err(format!(
                    "film '{film_id}' runs at {a} fps and the list at {b}: import it as a new film, or give --rate {a}"
                ));
            }
            // Appended shots start where the film's known lengths end.
            let end = film.shots_end().unwrap_or(0);
            let first = imported
                .shots
                .iter()
                .filter_map(|s| s.start)
                .map(|f| f.0)
                .min()
                .unwrap_or(0);
            let mut next_id = film.next_shot_id();
            let edits = imported
                .shots
                .iter()
                .enumerate()
                .map(|(i, shot)| {
                    let mut shot = shot.clone();
                    shot.id = next_id;
                    next_id = next_id.saturating_add(1);
                    shot.start = shot.start.map(|s| Frame(s.0 - first + end));
                    Edit::InsertShot {
                        film: film_id.to_string(),
                        index: film.shots.len() + i,
                        shot: Box::new(shot),
                    }
                })
                .collect();
            Ok(Edit::Batch {
                label: format!("import {} shots into '{}'", imported.shots.len(), film.title),
                edits,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_from_names() {
        assert_eq!(ImportFormat::from_path(Path::new("a/b.EDL")), Some(ImportFormat::Edl));
        assert_eq!(ImportFormat::from_path(Path::new("x.otio")), Some(ImportFormat::Otio));
        assert_eq!(ImportFormat::from_path(Path::new("x.eaf")), Some(ImportFormat::Eaf));
        assert_eq!(ImportFormat::from_path(Path::new("x.tsv")), Some(ImportFormat::Tsv));
        assert_eq!(ImportFormat::from_path(Path::new("x.doc")), None);
        assert_eq!(ImportFormat::from_path(Path::new("noext")), None);
        assert_eq!(TrackChoice::parse("2"), TrackChoice::Index(2));
        assert_eq!(TrackChoice::parse("V1"), TrackChoice::Name("V1".into()));
    }

    #[test]
    fn text_is_utf8_or_says_what_it_was_read_as() {
        let (text, note) = decode_text(b"\xEF\xBB\xBFTITLE: caf\xC3\xA9\r\n\x1A\x1A\0\0");
        assert_eq!(text, "TITLE: café\r\n");
        assert_eq!(note, None);
        let (text, note) = decode_text(b"* FROM CLIP NAME: Caf\xE9 de la gare, \xE9t\xE9 1936\n");
        assert_eq!(text, "* FROM CLIP NAME: Café de la gare, été 1936\n");
        assert!(note.unwrap().contains("windows-1252"));
    }

    fn shot(start: i64, frames: i64) -> Shot {
        let mut s = Shot::new(99);
        s.start = Some(Frame(start));
        s.length = Some(crate::model::Length {
            frames,
            source: crate::model::LengthSource::Derived { from: "EDL".into() },
        });
        s
    }

    fn imported(shots: Vec<Shot>) -> ImportedFilm {
        ImportedFilm {
            title: String::new(),
            rate: Some(FrameRate::new(25, 1).unwrap()),
            timecode_start: Some(Frame(90_000)),
            drop_frame: false,
            shots,
            media: None,
            report: ImportReport::new(Path::new("/lists/reel 1.edl"), ImportFormat::Edl),
        }
    }

    #[test]
    fn an_import_makes_a_new_film_or_appends_in_one_undoable_edit() {
        let mut project = Project::new("p");
        let list = imported(vec![shot(0, 50), shot(50, 25)]);
        let edit = import_edit(&project, "reel-1", &list).unwrap();
        let before = project.clone();
        let undo = project.apply(edit).unwrap();
        let film = project.film("reel-1").unwrap();
        assert_eq!(film.title, "reel 1", "the title is the file's name");
        assert_eq!(film.timecode_start, Some(Frame(90_000)));
        assert_eq!(film.shots.iter().map(|s| s.id).collect::<Vec<_>>(), vec![1, 2]);

        // Appending: the new shots follow the film's last known frame.
        let more = imported(vec![shot(10, 5), shot(15, 5)]);
        let edit = import_edit(&project, "reel-1", &more).unwrap();
        let undo_append = project.apply(edit).unwrap();
        let film = project.film("reel-1").unwrap();
        let starts: Vec<i64> = film.shots.iter().map(|s| s.start.unwrap().0).collect();
        assert_eq!(starts, vec![0, 50, 75, 80]);
        assert_eq!(film.shots.iter().map(|s| s.id).collect::<Vec<_>>(), vec![1, 2, 3, 4]);
        project.apply(undo_append).unwrap();
        project.apply(undo).unwrap();
        assert_eq!(project, before, "undo leaves the project as it was");
    }

    #[test]
    fn appending_at_another_rate_is_refused() {
        let mut project = Project::new("p");
        let mut film = Film::new("f", "F");
        film.rate = Some(FrameRate::new(24, 1).unwrap());
        project.films.push(film);
        let err = import_edit(&project, "f", &imported(vec![shot(0, 5)])).unwrap_err();
        assert!(err.contains("24") && err.contains("25"), "{err}");
    }
}
