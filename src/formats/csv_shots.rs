//! CSV and TSV shot tables in: a column mapping (guessed from the headers,
//! corrected in the window's mapping dialog), then one shot per row.
//!
//! What a row gives, in this order of trust:
//! - the start: a start frame (counted from `first_frame`), else a start
//!   time (seconds, a clock time `HH:MM:SS.mmm`, or an SMPTE timecode
//!   `HH:MM:SS:FF`) at the rate;
//! - the length: a length in frames, else end − start in frame numbers
//!   (the end inclusive or not), else end − start in time, else start +
//!   duration, else the duration alone, at the rate. Times are added as
//!   exact decimals before they become frames, so a table whose onsets and
//!   durations were rounded separately (±1 ms) still gives shots that
//!   follow each other frame for frame.
//!
//! Frame numbers need no rate. Seconds and timecodes do: when a start or a
//! length can only come from them and no rate is given, the import is
//! refused with a message asking for one (`--rate`), rather than guessing a
//! rate or leaving every length unknown. When frames and seconds are both
//! there, the frames win; if the seconds imply another rate than the one
//! given, the report says so.
//!
//! A row that cannot be read (ragged, a bad number, an end before its start)
//! is skipped and listed in the report with its line number. A framing that
//! is not on the scale is kept in the notes, and the report says which.
//! Columns the guess does not know become notes (`header: value`), so that
//! nothing in the table is lost.

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use super::import::{ImportError, ImportFormat, ImportOptions, ImportReport, ImportedFilm, decode_text};
use crate::model::{ClockTime, Frame, FrameRate, Length, LengthSource, Shot, SourceClip, Timecode};

/// What a column holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    Ignore,
    /// The shot's number in the list.
    ShotNo,
    StartFrame,
    /// Inclusive or exclusive: see `ColumnMapping::end_inclusive`.
    EndFrame,
    /// Length in frames.
    Frames,
    StartSeconds,
    EndSeconds,
    DurationSeconds,
    StartTimecode,
    EndTimecode,
    DurationTimecode,
    /// A term of the framing scale (`CU`, "close-up", "gros plan").
    Framing,
    Description,
    Notes,
    ClipName,
    /// Reel or media file name.
    Source,
    SourceIn,
    /// Exclusive.
    SourceOut,
}

impl Field {
    pub const ALL: [Field; 18] = [
        Field::Ignore,
        Field::ShotNo,
        Field::StartFrame,
        Field::EndFrame,
        Field::Frames,
        Field::StartSeconds,
        Field::EndSeconds,
        Field::DurationSeconds,
        Field::StartTimecode,
        Field::EndTimecode,
        Field::DurationTimecode,
        Field::Framing,
        Field::Description,
        Field::Notes,
        Field::ClipName,
        Field::Source,
        Field::SourceIn,
        Field::SourceOut,
    ];

    /// The name the mapping dialog and the report show.
    pub fn label(self) -> &'static str {
        match self {
            Field::Ignore => "(ignore)",
            Field::ShotNo => "shot no.",
            Field::StartFrame => "start frame",
            Field::EndFrame => "end frame",
            Field::Frames => "length (frames)",
            Field::StartSeconds => "start (seconds)",
            Field::EndSeconds => "end (seconds)",
            Field::DurationSeconds => "duration (seconds)",
            Field::StartTimecode => "start (timecode)",
            Field::EndTimecode => "end (timecode)",
            Field::DurationTimecode => "duration (timecode)",
            Field::Framing => "framing",
            Field::Description => "description",
            Field::Notes => "notes",
            Field::ClipName => "clip name",
            Field::Source => "source (reel or file)",
            Field::SourceIn => "source in",
            Field::SourceOut => "source out",
        }
    }

    /// Fields that several columns may share (their texts are joined).
    fn repeatable(self) -> bool {
        matches!(self, Field::Ignore | Field::Description | Field::Notes)
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// How the columns of a table become shots.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ColumnMapping {
    /// 1-based line of the header; the lines before it (a preamble) are
    /// skipped. 0: the table has no header, and rows start on line 1.
    pub header_line: usize,
    pub delimiter: u8,
    /// One field per column; columns beyond the list are ignored.
    pub columns: Vec<Field>,
    /// End frames (and SMPTE end timecodes) name the shot's last frame,
    /// not the first frame after it.
    pub end_inclusive: bool,
    /// Frame numbers are counted from 0 or from 1.
    pub first_frame: i64,
}

/// What the mapping dialog shows: the table's first rows and a guess.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Preview {
    pub header_line: usize,
    pub delimiter: u8,
    pub headers: Vec<String>,
    /// The first 20 rows after the header.
    pub rows: Vec<Vec<String>>,
    pub guess: ColumnMapping,
    /// Set when the file is not UTF-8: the encoding it was read as.
    pub encoding_note: Option<String>,
}

const PREVIEW_ROWS: usize = 20;
/// Lines looked at to find the delimiter and the header.
const SNIFF_LINES: usize = 60;

/// The text with every line ending made `\n` (CR-only files too).
fn normalized_text(bytes: &[u8]) -> (String, Option<String>) {
    let (text, note) = decode_text(bytes);
    let text = if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text
    };
    (text, note)
}

fn reader(text: &str, delimiter: u8) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes())
}

/// Cells of one line on its own (for sniffing; a quote left open on a line
/// cannot swallow the rest of the file).
fn line_cells(line: &str, delimiter: u8) -> Vec<String> {
    reader(line, delimiter)
        .records()
        .next()
        .and_then(Result::ok)
        .map(|r| r.iter().map(str::to_string).collect())
        .unwrap_or_default()
}

/// Whether a cell looks like data (a number or a time) rather than a name.
fn looks_like_data(cell: &str) -> bool {
    let t = cell.trim();
    !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit() || b".,:;+-".contains(&b))
}

/// Reads the first lines of a table: its delimiter, its header line (after
/// a preamble), its first rows, and a guess at what each column holds.
pub fn preview(bytes: &[u8], format: ImportFormat) -> Result<Preview, String> {
    let (text, encoding_note) = normalized_text(bytes);
    if text.trim().is_empty() {
        return Err("the file is empty".into());
    }
    let lines: Vec<&str> = text.split('\n').take(SNIFF_LINES).collect();
    let preferred: &[u8] = match format {
        ImportFormat::Tsv => b"\t,;|",
        _ => b",;\t|",
    };
    // For each delimiter: the usual number of cells per line (at least 2),
    // and how many lines have it. The best delimiter has most such lines.
    let mut best: Option<(u8, usize, usize)> = None; // (delimiter, cells, lines)
    for &d in preferred {
        let counts: Vec<usize> = lines
            .iter()
            .filter(|l| !l.trim().is_empty())
            .map(|l| line_cells(l, d).len())
            .collect();
        let mut tally: BTreeMap<usize, usize> = BTreeMap::new();
        for &c in counts.iter().filter(|&&c| c >= 2) {
            *tally.entry(c).or_default() += 1;
        }
        if let Some((&cells, &n)) = tally.iter().max_by_key(|&(&cells, &n)| (n, cells))
            && best.is_none_or(|(_, _, m)| n > m)
        {
            best = Some((d, cells, n));
        }
    }
    let (delimiter, cells) = match best {
        Some((d, cells, _)) => (d, cells),
        // One column only: still a table (a list of descriptions).
        None => (preferred[0], 1),
    };
    // The header: among the first lines with the usual number of cells,
    // the first that looks like one (it names a known field, or holds no
    // number); the lines before it are a preamble, even one that happens
    // to have as many cells (PySceneDetect's `Timecode List:` after nine
    // cuts). If none of the first few does, the table has no header.
    let looks_like_header = |cells: &[String]| {
        cells
            .iter()
            .any(|c| !looks_like_data(c) && !matches!(header_field(c), Field::Notes | Field::Ignore))
            || !cells.iter().any(|c| looks_like_data(c))
    };
    let candidates: Vec<usize> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && line_cells(l, delimiter).len() == cells)
        .map(|(i, _)| i)
        .take(5)
        .collect();
    let header_at = candidates
        .iter()
        .copied()
        .find(|&i| looks_like_header(&line_cells(lines[i], delimiter)));
    let has_header = header_at.is_some();
    let first = header_at.or(candidates.first().copied()).unwrap_or(0);
    let first_cells = line_cells(lines[first], delimiter);
    let header_line = if has_header { first + 1 } else { 0 };
    let headers: Vec<String> = if has_header {
        first_cells.iter().map(|c| c.trim().to_string()).collect()
    } else {
        (1..=first_cells.len()).map(|i| format!("column {i}")).collect()
    };
    let mut rows = Vec::new();
    for record in reader(body(&text, header_line), delimiter).records() {
        let Ok(record) = record else { break };
        if rows.len() >= PREVIEW_ROWS {
            break;
        }
        rows.push(record.iter().map(str::to_string).collect::<Vec<_>>());
    }
    let guess = guess_mapping(&headers, &rows, header_line, delimiter, has_header);
    Ok(Preview {
        header_line,
        delimiter,
        headers,
        rows,
        guess,
        encoding_note,
    })
}

/// The text after the header line (all of it when there is no header).
fn body(text: &str, header_line: usize) -> &str {
    let mut rest = text;
    for _ in 0..header_line {
        match rest.find('\n') {
            Some(i) => rest = &rest[i + 1..],
            None => return "",
        }
    }
    rest
}

/// A header made comparable: lower case, accents and punctuation gone.
fn header_key(header: &str) -> String {
    let mut out = String::new();
    for c in header.trim().chars().flat_map(char::to_lowercase) {
        let c = match c {
            'à' | 'â' | 'ä' | 'á' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'î' | 'ï' | 'í' => 'i',
            'ô' | 'ö' | 'ó' => 'o',
            'ù' | 'û' | 'ü' | 'ú' => 'u',
            'ç' => 'c',
            '#' => '#',
            c if c.is_alphanumeric() => c,
            _ => ' ',
        };
        if c == ' ' && (out.is_empty() || out.ends_with(' ')) {
            continue;
        }
        out.push(c);
    }
    out.trim_end().to_string()
}

/// The field a header names; `Notes` for a header nobody knows (its cells
/// are kept in the notes), `Ignore` for our own export's columns that
/// carry nothing a shot can hold again.
fn header_field(header: &str) -> Field {
    let key = header_key(header);
    let words: Vec<&str> = key.split(' ').collect();
    let has = |w: &str| words.contains(&w);
    let any = |ws: &[&str]| ws.iter().any(|w| has(w));
    // Our own shot table, exactly.
    match key.as_str() {
        "film id" | "frames source" | "evidence" => return Field::Ignore,
        "shot no" => return Field::ShotNo,
        "start frame" => return Field::StartFrame,
        "end frame" => return Field::EndFrame,
        "frames" | "nb frames" | "frame count" | "images" | "photogrammes" => return Field::Frames,
        "seconds" => return Field::DurationSeconds,
        "timecode in" | "tc in" => return Field::StartTimecode,
        "timecode out" | "tc out" => return Field::EndTimecode,
        "clip name" | "clip" | "nom du clip" => return Field::ClipName,
        "source" | "reel" | "tape" | "bobine" | "source file" | "media" => return Field::Source,
        "source in" | "src in" => return Field::SourceIn,
        "source out" | "src out" => return Field::SourceOut,
        "scene" => return Field::Notes,
        _ => {}
    }
    let seconds = any(&["seconds", "second", "sec", "secs", "s", "secondes", "seconde"]);
    let timecode = any(&["timecode", "tc"]);
    let frames = any(&["frame", "frames", "fr", "images", "image", "photogrammes"]);
    let start = any(&["start", "in", "onset", "begin", "debut", "entree", "from"]);
    let end = any(&["end", "out", "offset", "fin", "sortie", "to", "stop"]);
    let duration = any(&["duration", "duree", "length", "longueur", "dur", "len"]);
    let unit = |frames_field: Field, seconds_field: Field, timecode_field: Field| {
        if timecode {
            timecode_field
        } else if seconds {
            seconds_field
        } else if frames {
            frames_field
        } else {
            // A bare "start" or "durée": a time, in the cells' own form
            // (seconds or a timecode; both read).
            seconds_field
        }
    };
    if duration {
        return unit(Field::Frames, Field::DurationSeconds, Field::DurationTimecode);
    }
    if start && !end {
        return unit(Field::StartFrame, Field::StartSeconds, Field::StartTimecode);
    }
    if end && !start {
        return unit(Field::EndFrame, Field::EndSeconds, Field::EndTimecode);
    }
    if any(&["scale", "framing", "echelle", "cadrage", "grosseur", "taille", "size"]) {
        return Field::Framing;
    }
    if any(&[
        "description",
        "descr",
        "desc",
        "content",
        "contenu",
        "action",
        "summary",
        "resume",
    ]) {
        return Field::Description;
    }
    if any(&[
        "notes",
        "note",
        "comment",
        "comments",
        "commentaire",
        "commentaires",
        "remarques",
        "remarque",
    ]) {
        return Field::Notes;
    }
    if any(&[
        "shot", "plan", "no", "n", "nr", "num", "number", "numero", "#", "segment", "cut",
    ]) && !any(&["type", "kind"])
    {
        return Field::ShotNo;
    }
    Field::Notes
}

/// Whether a header names our notes column itself (its cells are kept as
/// they are, without the header before them).
fn is_notes_header(header: &str) -> bool {
    matches!(
        header_key(header).as_str(),
        "notes" | "note" | "comment" | "comments" | "commentaire" | "commentaires" | "remarques"
    )
}

fn guess_mapping(
    headers: &[String],
    rows: &[Vec<String>],
    header_line: usize,
    delimiter: u8,
    has_header: bool,
) -> ColumnMapping {
    let mut columns: Vec<Field> = if has_header {
        headers.iter().map(|h| header_field(h)).collect()
    } else {
        vec![Field::Ignore; headers.len()]
    };
    // One column per field, except descriptions and notes: the first wins.
    let mut seen = std::collections::HashSet::new();
    for field in columns.iter_mut() {
        if !field.repeatable() && !seen.insert(*field) {
            *field = Field::Notes;
        }
    }
    let keys: Vec<String> = headers.iter().map(|h| header_key(h)).collect();
    let own_table = keys.iter().any(|k| k == "film id") && keys.iter().any(|k| k == "shot no");
    let pyscenedetect = keys.iter().any(|k| k == "scene number") && keys.iter().any(|k| k == "start frame");
    let column = |f: Field| columns.iter().position(|&c| c == f);
    let numbers = |i: Option<usize>| -> Vec<Option<i64>> {
        rows.iter()
            .map(|r| i.and_then(|i| r.get(i)).and_then(|c| parse_whole(c)))
            .collect()
    };
    let starts = numbers(column(Field::StartFrame));
    let ends = numbers(column(Field::EndFrame));
    let lengths = numbers(column(Field::Frames));
    let first_frame = if own_table {
        0
    } else if pyscenedetect || starts.iter().flatten().min() == Some(&1) {
        1
    } else {
        0
    };
    // Inclusive ends: a length of end − start + 1, or the next shot
    // starting one frame after this one's end.
    let mut votes = (0usize, 0usize); // (inclusive, exclusive)
    for i in 0..rows.len() {
        if let (Some(s), Some(e)) = (starts[i], ends[i]) {
            if let Some(n) = lengths[i] {
                if n == e - s + 1 {
                    votes.0 += 1;
                } else if n == e - s {
                    votes.1 += 1;
                }
            }
            if let Some(Some(next)) = starts.get(i + 1) {
                if *next == e + 1 {
                    votes.0 += 1;
                } else if *next == e {
                    votes.1 += 1;
                }
            }
        }
    }
    let end_inclusive = if votes.0 != votes.1 {
        votes.0 > votes.1
    } else {
        pyscenedetect
    };
    ColumnMapping {
        header_line,
        delimiter,
        columns,
        end_inclusive,
        first_frame,
    }
}

/// Reads the table with the guessed mapping.
pub fn read(
    path: &Path,
    bytes: &[u8],
    format: ImportFormat,
    options: &ImportOptions,
) -> Result<ImportedFilm, ImportError> {
    let preview = preview(bytes, format).map_err(|e| ImportError::invalid(path, e))?;
    read_mapped(path, bytes, &preview.guess, options)
}

/// A time read from a cell: exact, in microseconds, or an SMPTE label.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Time {
    Micros(i128),
    Smpte(Timecode),
}

/// Seconds written as a decimal (`12.48`, `12,48`) or a clock time
/// (`00:00:12.480`, `2:05`), in microseconds.
fn parse_seconds(cell: &str) -> Option<i128> {
    let t = cell.trim();
    if t.contains(':') {
        // Hours of at most 9 digits keep the milliseconds in range.
        if t.split(':').next().is_none_or(|h| h.trim_start_matches('-').len() > 9) {
            return None;
        }
        // A clock time; digits beyond the millisecond are cut to it.
        let (hms, frac) = match t.split_once('.') {
            Some((a, b)) => (a, b),
            None => (t, ""),
        };
        let frac3: String = frac.chars().take(3).collect();
        let clock: ClockTime = if frac3.is_empty() {
            hms.parse().ok()?
        } else {
            format!("{hms}.{frac3}").parse().ok()?
        };
        if !frac.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let rest: i128 = match frac.get(3..6) {
            Some(more) if !more.is_empty() => format!("{more:0<3}").parse().ok()?,
            _ => 0,
        };
        return Some(clock.millis as i128 * 1000 + rest);
    }
    let t = t.replace(',', ".");
    let (sign, digits) = match t.strip_prefix('-') {
        Some(rest) => (-1, rest.to_string()),
        None => (1, t.trim_start_matches('+').to_string()),
    };
    let (int, frac) = digits.split_once('.').unwrap_or((&digits, ""));
    if (int.is_empty() && frac.is_empty())
        || !int.bytes().all(|b| b.is_ascii_digit())
        || !frac.bytes().all(|b| b.is_ascii_digit())
        || int.len() > 12
    {
        return None;
    }
    let whole: i128 = if int.is_empty() { 0 } else { int.parse().ok()? };
    // Microseconds, rounded half up on the seventh decimal.
    let mut micros: i128 = 0;
    for (i, b) in frac.bytes().take(6).enumerate() {
        micros += (b - b'0') as i128 * 10i128.pow(5 - i as u32);
    }
    if frac.len() > 6 && frac.as_bytes()[6] >= b'5' {
        micros += 1;
    }
    Some(sign * (whole * 1_000_000 + micros))
}

/// A timecode cell: SMPTE `HH:MM:SS:FF` (`;` for drop-frame), or a clock
/// time `HH:MM:SS.mmm` as PySceneDetect writes its "timecodes".
fn parse_time_cell(cell: &str, field_is_timecode: bool) -> Option<Time> {
    let t = cell.trim();
    let separators = t.bytes().filter(|b| b":;".contains(b)).count();
    if field_is_timecode && (separators == 3 || (separators == 2 && t.contains(';'))) {
        return t.parse::<Timecode>().ok().map(Time::Smpte);
    }
    if separators == 3 {
        return t.parse::<Timecode>().ok().map(Time::Smpte);
    }
    parse_seconds(t).map(Time::Micros)
}

/// A frame number or count: a whole number (`12`, `12.0`).
fn parse_whole(cell: &str) -> Option<i64> {
    let t = cell.trim();
    let t = t.strip_suffix(".0").unwrap_or(t);
    let t = t.strip_prefix('+').unwrap_or(t);
    let digits = t.strip_prefix('-').unwrap_or(t);
    // At most 15 digits: more than any film has frames, and no sum of two
    // such numbers can overflow.
    if digits.is_empty() || digits.len() > MAX_DIGITS || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    t.parse().ok()
}

const MAX_DIGITS: usize = 15;

/// Microseconds to the nearest frame at `rate` (half a frame rounds up).
fn micros_to_frames(micros: i128, rate: FrameRate) -> i64 {
    let n = micros * rate.num() as i128;
    let d = 1_000_000i128 * rate.den() as i128;
    let q = if n >= 0 {
        (2 * n + d) / (2 * d)
    } else {
        -((-2 * n + d) / (2 * d))
    };
    q.clamp(i64::MIN as i128, i64::MAX as i128) as i64
}

/// The framing scale code a cell names: a code (`MCU`), a label in English
/// or French (`close-up`, `gros plan`, `plan d'ensemble`).
pub fn framing_code(cell: &str) -> Option<&'static str> {
    let key = header_key(cell).replace(['-', '.'], " ");
    let key = key.split_whitespace().collect::<Vec<_>>().join(" ");
    let key = key
        .strip_suffix(" shot")
        .filter(|k| k.contains(' ') || k.len() > 3)
        .unwrap_or(&key);
    Some(match key {
        "ecu" | "xcu" | "bcu" | "extreme close up" | "extreme closeup" | "big close up" | "detail" | "insert"
        | "tgp" | "tres gros plan" | "insert detail" => "ECU",
        "cu" | "close up" | "closeup" | "close" | "gp" | "gros plan" => "CU",
        "mcu" | "medium close up" | "medium closeup" | "pr" | "plan rapproche" | "plan rapproche poitrine" | "prp" => {
            "MCU"
        }
        "ms"
        | "medium"
        | "mid"
        | "mid shot"
        | "medium shot"
        | "waist"
        | "pa"
        | "plan americain"
        | "prt"
        | "plan rapproche taille"
        | "plan taille" => "MS",
        "mls" | "medium long" | "medium long shot" | "full" | "full shot" | "fs" | "pm" | "plan moyen" => "MLS",
        "ls" | "long" | "long shot" | "wide" | "wide shot" | "ws" | "pe" | "plan d ensemble" | "plan large"
        | "ensemble" => "LS",
        "els"
        | "xls"
        | "extreme long"
        | "extreme long shot"
        | "extreme wide"
        | "extreme wide shot"
        | "ews"
        | "xws"
        | "pg"
        | "plan general"
        | "gpe"
        | "grand plan d ensemble"
        | "tres grand plan d ensemble" => "ELS",
        _ => return None,
    })
}

/// Every cell of a row, named by its field.
struct Row<'a> {
    line: usize,
    cells: Vec<(Field, &'a str, &'a str)>, // (field, header, cell)
}

impl<'a> Row<'a> {
    /// The first non-empty cell of a field, with its header.
    fn get(&self, field: Field) -> Option<(&'a str, &'a str)> {
        self.cells
            .iter()
            .find(|(f, _, c)| *f == field && !c.trim().is_empty())
            .map(|&(_, h, c)| (h, c.trim()))
    }
}

/// What one row became: a shot, or why not.
type RowResult = Result<Shot, String>;

struct Reader<'a> {
    mapping: &'a ColumnMapping,
    rate: Option<FrameRate>,
    file_name: String,
    /// The first SMPTE start timecode's frame: the film's timecode start.
    timecode_start: Option<i64>,
    drop_frame: bool,
    /// Framings not on the scale, with the lines they are on.
    unknown_framings: BTreeMap<String, Vec<usize>>,
    /// Sums for the frames/seconds check: (frames, microseconds).
    frames_and_seconds: (i64, i128),
    /// Lines whose source in or out is a timecode and no rate was given.
    unrated_source_lines: Vec<usize>,
}

impl Reader<'_> {
    fn frames_of(&self, time: Time, what: &str) -> Result<i64, String> {
        let rate = self
            .rate
            .ok_or_else(|| format!("{what} is a time and no frame rate is given (--rate)"))?;
        match time {
            Time::Micros(us) => Ok(micros_to_frames(us, rate)),
            Time::Smpte(tc) => tc.to_frame(rate).map_err(|e| e.to_string()),
        }
    }

    fn time(&self, row: &Row, field: Field) -> Result<Option<Time>, String> {
        let Some((header, cell)) = row.get(field) else {
            return Ok(None);
        };
        let is_tc = matches!(
            field,
            Field::StartTimecode | Field::EndTimecode | Field::DurationTimecode
        );
        parse_time_cell(cell, is_tc)
            .map(Some)
            .ok_or_else(|| format!("'{cell}' in column '{header}' is not a time (seconds or HH:MM:SS[.mmm|:FF])"))
    }

    fn whole(&self, row: &Row, field: Field) -> Result<Option<i64>, String> {
        let Some((header, cell)) = row.get(field) else {
            return Ok(None);
        };
        parse_whole(cell)
            .map(Some)
            .ok_or_else(|| format!("'{cell}' in column '{header}' is not a whole number of frames"))
    }

    fn shot(&mut self, row: &Row, position: usize) -> RowResult {
        let m = self.mapping;
        let start_frame = self.whole(row, Field::StartFrame)?;
        let end_frame = self.whole(row, Field::EndFrame)?;
        let frames = self.whole(row, Field::Frames)?;
        let start_time = match self.time(row, Field::StartSeconds)? {
            Some(t) => Some(t),
            None => self.time(row, Field::StartTimecode)?,
        };
        let end_time = match self.time(row, Field::EndSeconds)? {
            Some(t) => Some(t),
            None => self.time(row, Field::EndTimecode)?,
        };
        let duration = match self.time(row, Field::DurationSeconds)? {
            Some(t) => Some(t),
            None => self.time(row, Field::DurationTimecode)?,
        };
        let rate_text = self.rate.map(crate::model::input::rate_text).unwrap_or_default();
        let derived = |what: &str| LengthSource::Derived {
            from: format!("{what} in {} at {rate_text} fps", self.file_name),
        };
        // An SMPTE timecode counts from the film's timecode start (the
        // first one met), as an EDL's record timecodes do.
        let smpte = matches!(start_time, Some(Time::Smpte(_)));
        if let Some(Time::Smpte(tc)) = start_time {
            self.drop_frame |= tc.drop;
        }
        let start_time_frames = match start_time {
            Some(t) if self.rate.is_some() => Some(self.frames_of(t, "the start")?),
            _ => None,
        };
        let start: Option<i64> = match (start_frame, start_time_frames) {
            (Some(n), _) => Some(n.saturating_sub(m.first_frame)),
            (None, Some(f)) if smpte => {
                let origin = *self.timecode_start.get_or_insert(f);
                Some(f.saturating_sub(origin))
            }
            (None, f) => f,
        };
        if start_frame.is_some()
            && smpte
            && self.timecode_start.is_none()
            && let Some(f) = start_time_frames
        {
            // The table has both: the timecode of frame 0 follows.
            self.timecode_start = Some(f.saturating_sub(start_frame.unwrap_or(0).saturating_sub(m.first_frame)));
        }
        if let Some(s) = start
            && s < 0
        {
            return Err(format!(
                "starts before the film's first frame (frame {})",
                s.saturating_add(m.first_frame)
            ));
        }
        let inclusive = i64::from(m.end_inclusive);
        let end_smpte = |t: Time| matches!(t, Time::Smpte(_));
        let length: Option<Length> = if let Some(n) = frames {
            Some(Length {
                frames: n,
                source: LengthSource::Reported {
                    citation: self.file_name.clone(),
                },
            })
        } else if let (Some(s), Some(e)) = (start_frame, end_frame) {
            Some(Length {
                frames: e.saturating_sub(s).saturating_add(inclusive),
                source: LengthSource::Derived {
                    from: format!("start and end frames in {}", self.file_name),
                },
            })
        } else if let (Some(s), Some(e)) = (start_time, end_time)
            && self.rate.is_some()
        {
            let extra = if end_smpte(e) { inclusive } else { 0 };
            Some(Length {
                frames: self
                    .frames_of(e, "the end")?
                    .saturating_add(extra)
                    .saturating_sub(self.frames_of(s, "the start")?),
                source: derived("start and end times"),
            })
        } else if let (Some(Time::Micros(s)), Some(Time::Micros(d))) = (start_time, duration)
            && self.rate.is_some()
        {
            Some(Length {
                frames: self
                    .frames_of(Time::Micros(s + d), "the end")?
                    .saturating_sub(self.frames_of(Time::Micros(s), "the start")?),
                source: derived("start and duration"),
            })
        } else if let (Some(s), Some(e)) = (start, end_frame) {
            // An end frame with a start from a time.
            Some(Length {
                frames: e
                    .saturating_sub(m.first_frame)
                    .saturating_add(inclusive)
                    .saturating_sub(s),
                source: derived("start time and end frame"),
            })
        } else if let Some(d) = duration
            && self.rate.is_some()
        {
            let frames = match d {
                Time::Smpte(tc) => tc.to_frame(self.rate.expect("checked")).map_err(|e| e.to_string())?,
                Time::Micros(us) => micros_to_frames(us, self.rate.expect("checked")),
            };
            Some(Length {
                frames,
                source: derived("the duration"),
            })
        } else {
            None
        };
        if let Some(l) = &length
            && l.frames <= 0
        {
            return Err(if l.frames == 0 {
                "the shot is 0 frames long".to_string()
            } else {
                format!("the shot ends before it starts ({} frames)", l.frames)
            });
        }
        // The frames/seconds check: both given for the same shot.
        if let (Some(l), Some(Time::Micros(d))) = (&length, duration)
            && (frames.is_some() || end_frame.is_some())
            && d > 0
        {
            self.frames_and_seconds.0 = self.frames_and_seconds.0.saturating_add(l.frames);
            self.frames_and_seconds.1 = self.frames_and_seconds.1.saturating_add(d);
        }

        let mut shot = Shot::new(position as u32);
        shot.start = start.map(Frame);
        shot.length = length;
        let mut notes: Vec<String> = Vec::new();
        let mut descriptions: Vec<String> = Vec::new();
        if let Some((header, cell)) = row.get(Field::ShotNo)
            && cell != position.to_string()
        {
            notes.push(format!("{header}: {cell}"));
        }
        if let Some((_, cell)) = row.get(Field::Framing) {
            match framing_code(cell) {
                Some(code) => shot.framing = Some(code.to_string()),
                None => {
                    notes.push(format!("framing: {cell}"));
                    self.unknown_framings
                        .entry(cell.to_string())
                        .or_default()
                        .push(row.line);
                }
            }
        }
        let mut primary_notes = 0;
        for &(field, header, cell) in &row.cells {
            let cell = cell.trim();
            if field == Field::Notes && is_notes_header(header) && !cell.is_empty() {
                notes.insert(primary_notes, cell.to_string());
                primary_notes += 1;
                continue;
            }
            if cell.is_empty() {
                continue;
            }
            match field {
                Field::Description => descriptions.push(cell.to_string()),

                // A false flag says nothing; a true one says its name.
                Field::Notes if matches!(cell, "False" | "false" | "FALSE") => {}
                Field::Notes if matches!(cell, "True" | "true" | "TRUE") => notes.push(header.to_string()),
                Field::Notes => notes.push(format!("{header}: {cell}")),
                _ => {}
            }
        }
        shot.description = descriptions.join(" — ");
        let mut source = SourceClip::default();
        if let Some((_, cell)) = row.get(Field::ClipName) {
            source.clip_name = cell.to_string();
        }
        if let Some((_, cell)) = row.get(Field::Source) {
            source.source = cell.to_string();
        }
        source.source_in = self.source_frame(row, Field::SourceIn, &mut notes)?.map(Frame);
        source.source_out = self.source_frame(row, Field::SourceOut, &mut notes)?.map(Frame);
        if let (Some(a), Some(b)) = (source.source_in, source.source_out)
            && b < a
        {
            return Err(format!("its source out ({}) is before its source in ({})", b.0, a.0));
        }
        shot.notes = notes.join("; ");
        if !source.is_empty() {
            shot.source = Some(source);
        }
        Ok(shot)
    }

    /// A source in or out: a frame number as it is, or a timecode at the
    /// rate. A timecode with no rate to count it is kept in the notes (the
    /// shot is not lost for it), and the report says on which lines.
    fn source_frame(&mut self, row: &Row, field: Field, notes: &mut Vec<String>) -> Result<Option<i64>, String> {
        let Some((header, cell)) = row.get(field) else {
            return Ok(None);
        };
        if let Some(n) = parse_whole(cell) {
            return Ok(Some(n));
        }
        match parse_time_cell(cell, true) {
            Some(_) if self.rate.is_none() => {
                notes.push(format!("{header}: {cell}"));
                if self.unrated_source_lines.last() != Some(&row.line) {
                    self.unrated_source_lines.push(row.line);
                }
                Ok(None)
            }
            Some(t) => self.frames_of(t, &format!("column '{header}'")).map(Some),
            None => Err(format!(
                "'{cell}' in column '{header}' is not a frame number or a timecode"
            )),
        }
    }
}

/// Reads a table with a mapping the user has checked.
pub fn read_mapped(
    path: &Path,
    bytes: &[u8],
    mapping: &ColumnMapping,
    options: &ImportOptions,
) -> Result<ImportedFilm, ImportError> {
    let format = if mapping.delimiter == b'\t' {
        ImportFormat::Tsv
    } else {
        ImportFormat::Csv
    };
    let mut report = ImportReport::new(path, format);
    let (text, encoding_note) = normalized_text(bytes);
    if let Some(note) = encoding_note {
        report.note(note);
    }
    let used = |f: Field| mapping.columns.contains(&f);
    let meaningful = mapping
        .columns
        .iter()
        .any(|f| !matches!(f, Field::Ignore | Field::Notes));
    if !meaningful {
        return Err(ImportError::invalid(
            path,
            "no column is mapped to a shot number, a time, a length, a framing or a description: map the columns",
        ));
    }
    // A start or a length that only a time can give needs a rate.
    if options.rate.is_none() {
        let start_needs = !used(Field::StartFrame) && (used(Field::StartSeconds) || used(Field::StartTimecode));
        let frames_given = used(Field::Frames) || (used(Field::StartFrame) && used(Field::EndFrame));
        let length_needs = !frames_given
            && (used(Field::EndSeconds)
                || used(Field::EndTimecode)
                || used(Field::DurationSeconds)
                || used(Field::DurationTimecode));
        if start_needs || length_needs {
            let columns: Vec<&str> = mapping
                .columns
                .iter()
                .filter(|f| {
                    matches!(
                        f,
                        Field::StartSeconds
                            | Field::StartTimecode
                            | Field::EndSeconds
                            | Field::EndTimecode
                            | Field::DurationSeconds
                            | Field::DurationTimecode
                    )
                })
                .map(|f| f.label())
                .collect();
            return Err(ImportError::invalid(
                path,
                format!(
                    "the shots' {} come from times ({}): give the film's frame rate (--rate 24, 25, 29.97 …) to count them in frames",
                    if start_needs && length_needs {
                        "starts and lengths"
                    } else if start_needs {
                        "starts"
                    } else {
                        "lengths"
                    },
                    columns.join(", ")
                ),
            ));
        }
    }
    if mapping.header_line > 1 {
        report.note(format!(
            "lines 1–{} before the header skipped (preamble)",
            mapping.header_line - 1
        ));
    }
    let file_name = path
        .file_name()
        .map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
    // The header, and every row after it; the preamble is not parsed (a
    // quote left open in a title line cannot swallow the table).
    let preamble = mapping.header_line.saturating_sub(1);
    let mut table = reader(body(&text, preamble), mapping.delimiter);
    let mut headers: Vec<String> = Vec::new();
    let mut rows: Vec<(usize, csv::StringRecord)> = Vec::new();
    let mut record = csv::StringRecord::new();
    loop {
        match table.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let line = preamble + record.position().map_or(0, |p| p.line() as usize);
                if line < mapping.header_line {
                    continue;
                }
                if line == mapping.header_line {
                    headers = record.iter().map(|h| h.trim().to_string()).collect();
                } else {
                    rows.push((line, record.clone()));
                }
            }
            Err(e) => {
                let line = preamble + e.position().map_or(0, |p| p.line() as usize);
                return Err(ImportError::parse(path, line.max(1), e.to_string()));
            }
        }
    }
    if mapping.header_line > 0 && headers.is_empty() {
        return Err(ImportError::parse(
            path,
            mapping.header_line,
            "no header on this line (the file is shorter, or a quoted cell runs over it)",
        ));
    }
    let width = if headers.is_empty() {
        rows.iter().map(|(_, r)| r.len()).max().unwrap_or(0)
    } else {
        headers.len()
    };
    let header_names: Vec<String> = (0..width)
        .map(|i| headers.get(i).cloned().unwrap_or_else(|| format!("column {}", i + 1)))
        .collect();
    let described: Vec<String> = mapping
        .columns
        .iter()
        .zip(&header_names)
        .filter(|(f, _)| **f != Field::Ignore)
        .map(|(f, h)| format!("{h} → {f}"))
        .collect();
    report.note(format!(
        "columns: {}; frame numbers counted from {}{}",
        described.join(", "),
        mapping.first_frame,
        if used(Field::EndFrame) {
            if mapping.end_inclusive {
                ", end frames inclusive"
            } else {
                ", end frames exclusive"
            }
        } else {
            ""
        }
    ));
    let mut rows_reader = Reader {
        mapping,
        rate: options.rate,
        file_name,
        timecode_start: None,
        drop_frame: false,
        unknown_framings: BTreeMap::new(),
        frames_and_seconds: (0, 0),
        unrated_source_lines: Vec::new(),
    };
    let mut shots = Vec::new();
    for (line, record) in &rows {
        let cells: Vec<&str> = record.iter().collect();
        if cells.iter().all(|c| c.trim().is_empty()) {
            report.skip(Some(*line), "", "an empty row");
            continue;
        }
        let extra_filled = cells.iter().skip(width).any(|c| !c.trim().is_empty());
        if cells.len() < width || extra_filled {
            report.skip(
                Some(*line),
                "",
                format!(
                    "the row has {} cell{} where the header has {}",
                    cells.len(),
                    if cells.len() == 1 { "" } else { "s" },
                    width
                ),
            );
            continue;
        }
        let row = Row {
            line: *line,
            cells: cells
                .iter()
                .take(width)
                .enumerate()
                .map(|(i, &c)| {
                    (
                        mapping.columns.get(i).copied().unwrap_or(Field::Ignore),
                        header_names[i].as_str(),
                        c,
                    )
                })
                .collect(),
        };
        match rows_reader.shot(&row, shots.len() + 1) {
            Ok(shot) => shots.push(shot),
            Err(reason) => report.skip(Some(*line), "", reason),
        }
    }
    for (value, lines) in &rows_reader.unknown_framings {
        report.note(format!(
            "framing '{value}' is not on the scale (ECU, CU, MCU, MS, MLS, LS, ELS): kept in the notes (line{} {})",
            if lines.len() == 1 { "" } else { "s" },
            lines.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
        ));
    }
    if let (Some(first), Some(last)) = (
        rows_reader.unrated_source_lines.first(),
        rows_reader.unrated_source_lines.last(),
    ) {
        report.note(format!(
            "source in/out timecodes on {} line{} ({first}–{last}) kept in the notes: give --rate to count them in frames",
            rows_reader.unrated_source_lines.len(),
            if rows_reader.unrated_source_lines.len() == 1 { "" } else { "s" },
        ));
    }
    let (frames, micros) = rows_reader.frames_and_seconds;
    if micros > 0 {
        let implied = frames as f64 * 1e6 / micros as f64;
        match options.rate {
            Some(rate) if (implied / rate.as_f64() - 1.0).abs() > 0.01 => report.note(format!(
                "the frame counts and the seconds imply {implied:.3} fps, not the {} fps given: the frame counts were used",
                crate::model::input::rate_text(rate)
            )),
            None => report.note(format!(
                "the frame counts and the seconds imply {implied:.3} fps; the film's rate is left unknown (give --rate)"
            )),
            _ => {}
        }
    }
    if let Some(rate) = options.rate
        && rows_reader.timecode_start.is_some()
    {
        report.note(format!(
            "timecodes read at {} fps",
            crate::model::input::rate_text(rate)
        ));
    }
    // A table that gives no shot at all is refused, with why: an empty
    // film would only hide the reasons.
    if shots.is_empty() {
        let reasons: Vec<String> = report
            .skipped
            .iter()
            .take(3)
            .map(|s| format!("line {}: {}", s.line.unwrap_or(0), s.reason))
            .collect();
        return Err(if reasons.is_empty() {
            ImportError::invalid(path, "the table has no rows after its header")
        } else {
            ImportError::invalid(
                path,
                format!(
                    "no row became a shot ({} skipped; {}{})",
                    report.skipped.len(),
                    reasons.join("; "),
                    if report.skipped.len() > 3 { "; …" } else { "" }
                ),
            )
        });
    }
    report.shots = shots.len();
    Ok(ImportedFilm {
        title: String::new(),
        rate: options.rate,
        timecode_start: rows_reader.timecode_start.filter(|&f| f != 0).map(Frame),
        drop_frame: rows_reader.drop_frame,
        shots,
        media: None,
        report,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_in_english_french_and_pyscenedetect() {
        let cases = [
            ("Shot", Field::ShotNo),
            ("N° plan", Field::ShotNo),
            ("Plan", Field::ShotNo),
            ("Scene Number", Field::ShotNo),
            ("Start Frame", Field::StartFrame),
            ("End Frame", Field::EndFrame),
            ("Length (frames)", Field::Frames),
            ("Length (seconds)", Field::DurationSeconds),
            ("Length (timecode)", Field::DurationTimecode),
            ("Start Timecode", Field::StartTimecode),
            ("Start Time (seconds)", Field::StartSeconds),
            ("End Time (seconds)", Field::EndSeconds),
            ("onset", Field::StartSeconds),
            ("offset", Field::EndSeconds),
            ("duration", Field::DurationSeconds),
            ("Durée", Field::DurationSeconds),
            ("Début", Field::StartSeconds),
            ("Fin", Field::EndSeconds),
            ("TC in", Field::StartTimecode),
            ("onset_frame", Field::StartFrame),
            ("Échelle", Field::Framing),
            ("Cadrage", Field::Framing),
            ("Scale", Field::Framing),
            ("Description", Field::Description),
            ("Notes", Field::Notes),
            ("frames_source", Field::Ignore),
            ("film_id", Field::Ignore),
            ("shot_no", Field::ShotNo),
            ("start_frame", Field::StartFrame),
            ("frames", Field::Frames),
            ("timecode_in", Field::StartTimecode),
            ("clip_name", Field::ClipName),
            ("source_in", Field::SourceIn),
            ("source_out", Field::SourceOut),
            ("episode", Field::Notes),
            ("scene", Field::Notes),
            ("segment", Field::ShotNo),
        ];
        for (header, field) in cases {
            assert_eq!(header_field(header), field, "{header}");
        }
    }

    #[test]
    fn framings_in_english_and_french() {
        for (cell, code) in [
            ("CU", "CU"),
            ("close-up", "CU"),
            ("Gros plan", "CU"),
            ("mcu", "MCU"),
            ("plan rapproché", "MCU"),
            ("Medium shot", "MS"),
            ("plan américain", "MS"),
            ("plan moyen", "MLS"),
            ("Long shot", "LS"),
            ("plan d'ensemble", "LS"),
            ("plan général", "ELS"),
            ("extreme long shot", "ELS"),
            ("Très gros plan", "ECU"),
        ] {
            assert_eq!(framing_code(cell), Some(code), "{cell}");
        }
        assert_eq!(framing_code("two shot"), None);
        assert_eq!(framing_code(""), None);
    }

    #[test]
    fn seconds_and_clock_times_are_exact() {
        assert_eq!(parse_seconds("12.48"), Some(12_480_000));
        assert_eq!(parse_seconds("12,48"), Some(12_480_000));
        assert_eq!(parse_seconds("00:00:00.617"), Some(617_000));
        assert_eq!(parse_seconds("1:02"), Some(62_000_000));
        assert_eq!(parse_seconds("0.0000005"), Some(1));
        assert_eq!(parse_seconds("abc"), None);
        assert_eq!(parse_seconds("."), None);
        assert_eq!(parse_seconds("99999999999999999:00:00"), None, "hours beyond range");
        assert_eq!(parse_whole("9223372036854775807"), None, "more frames than any film");
        assert_eq!(parse_whole("-12"), Some(-12));
        assert_eq!(parse_whole("12.0"), Some(12));
        assert_eq!(
            parse_time_cell("01:00:00:12", true),
            Some(Time::Smpte("01:00:00:12".parse().unwrap()))
        );
        // 17.986 s at 29.97 is 539.04 frames.
        assert_eq!(micros_to_frames(17_986_000, FrameRate::NTSC_30), 539);
    }

    #[test]
    fn a_table_that_gives_no_shot_is_refused_with_its_reasons() {
        let none = ImportOptions::default();
        let err = read(Path::new("h.csv"), b"Shot,Frames\n", ImportFormat::Csv, &none).unwrap_err();
        assert_eq!(err.to_string(), "h.csv: the table has no rows after its header");
        let err = read(Path::new("b.csv"), b"Shot,Frames\n1,x\n2,0\n", ImportFormat::Csv, &none).unwrap_err();
        assert_eq!(
            err.to_string(),
            "b.csv: no row became a shot (2 skipped; line 2: 'x' in column 'Frames' is not a whole number of frames; line 3: the shot is 0 frames long)"
        );
    }

    #[test]
    fn drop_frame_timecodes_and_cr_only_lines() {
        // Old Mac spreadsheets end lines with CR alone.
        let text = "Shot,TC In,TC Out\r1,00:00:59;28,00:01:00;04\r2,00:01:00;04,oops\r";
        let rate = ImportOptions {
            rate: Some(FrameRate::NTSC_30),
            ..Default::default()
        };
        let film = read(Path::new("df.csv"), text.as_bytes(), ImportFormat::Csv, &rate).unwrap();
        // 00:00:59;28 is frame 1798; labels ;00 and ;01 of minute 1 are
        // dropped, so 00:01:00;04 is frame 1802.
        assert_eq!(film.timecode_start, Some(Frame(1798)));
        assert!(film.drop_frame);
        assert_eq!(film.shots.len(), 1);
        assert_eq!((film.shots[0].start, film.shots[0].frames()), (Some(Frame(0)), Some(4)));
        assert_eq!(film.report.skipped[0].line, Some(3));
        assert!(
            film.report.skipped[0].reason.contains("'oops'"),
            "{:?}",
            film.report.skipped
        );
    }

    #[test]
    fn a_preamble_with_as_many_cells_as_the_header_is_still_a_preamble() {
        // PySceneDetect after nine cuts: ten cells on both lines.
        let mut text = String::from("Timecode List:");
        for i in 1..=9 {
            text.push_str(&format!(",00:00:0{i}.000"));
        }
        text.push_str("\nScene Number,Start Frame,Start Timecode,Start Time (seconds),End Frame,End Timecode,End Time (seconds),Length (frames),Length (timecode),Length (seconds)\n");
        text.push_str("1,1,00:00:00.000,0.000,25,00:00:01.000,1.000,25,00:00:01.000,1.000\n");
        let p = preview(text.as_bytes(), ImportFormat::Csv).unwrap();
        assert_eq!(p.header_line, 2);
        assert_eq!(p.headers[0], "Scene Number");
        // A table of numbers only has no header.
        let p = preview(b"1,0,25\n2,25,50\n", ImportFormat::Csv).unwrap();
        assert_eq!(p.header_line, 0);
        assert_eq!(p.rows.len(), 2);
    }

    #[test]
    fn a_quote_left_open_in_the_preamble_does_not_swallow_the_table() {
        let text = "Title: \"Stakhanov\nShot,Frames,Description\n1,25,\"A, quoted\"\n2,x,bad\n";
        let film = read(
            Path::new("q.csv"),
            text.as_bytes(),
            ImportFormat::Csv,
            &ImportOptions::default(),
        )
        .unwrap();
        assert_eq!(film.shots.len(), 1);
        assert_eq!(film.shots[0].description, "A, quoted");
        assert_eq!(film.report.skipped[0].line, Some(4));
    }

    #[test]
    fn a_semicolon_table_with_a_title_line_and_no_rate_for_frames() {
        let text = "Découpage de la séquence\nPlan;Début;Fin;Échelle;Description\n1;0;24;GP;Un visage\n2;25;74;plan d'ensemble;La mine\n";
        let p = preview(text.as_bytes(), ImportFormat::Csv).unwrap();
        assert_eq!(p.delimiter, b';');
        assert_eq!(p.header_line, 2);
        assert_eq!(
            p.guess.columns,
            vec![
                Field::ShotNo,
                Field::StartSeconds,
                Field::EndSeconds,
                Field::Framing,
                Field::Description
            ]
        );
        // As seconds, they need a rate.
        let err = read(
            Path::new("t.csv"),
            text.as_bytes(),
            ImportFormat::Csv,
            &ImportOptions::default(),
        )
        .unwrap_err();
        assert!(err.to_string().contains("--rate"), "{err}");
        // Mapped as frame numbers, they do not.
        let mut mapping = p.guess.clone();
        mapping.columns[1] = Field::StartFrame;
        mapping.columns[2] = Field::EndFrame;
        mapping.end_inclusive = true;
        let film = read_mapped(Path::new("t.csv"), text.as_bytes(), &mapping, &ImportOptions::default()).unwrap();
        let got: Vec<(i64, i64, Option<&str>)> = film
            .shots
            .iter()
            .map(|s| (s.start.unwrap().0, s.frames().unwrap(), s.framing.as_deref()))
            .collect();
        assert_eq!(got, vec![(0, 25, Some("CU")), (25, 50, Some("LS"))]);
    }
}
