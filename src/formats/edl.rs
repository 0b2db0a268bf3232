//! CMX 3600 edit decision lists, in and out.
//!
//! Reading: one event of the chosen track is one shot, in list order. The
//! record in/out give the shot's place and length, the source in/out and
//! the clip name (`* FROM CLIP NAME`, `* TO CLIP NAME` for the "to" side
//! of a transition) and reel (or `* SOURCE FILE`) say where it came from.
//! A dissolve or wipe is two lines with one event number: the 0-length
//! "from" line and the "to" line; the shot is the "to" clip and the
//! transition is kept in its notes, as are speed changes (`M2`), locators
//! and other comments. Timecode is counted at the film's rate, drop-frame
//! where an `FCM: DROP FRAME` line (or a `;` separator) says so; `FCM`
//! lines may switch mode anywhere in the list.
//!
//! The list is read in two passes: the first splits it into statements and
//! keeps every timecode as a label, so that the rate can be guessed from
//! the largest frame field when the user gave none; the second counts the
//! labels in frames at that rate and makes the shots.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use super::import::{ImportError, ImportFormat, ImportOptions, ImportReport, ImportedFilm, TrackChoice, decode_text};
use crate::model::{Film, Frame, FrameRate, Length, LengthSource, Project, Shot, SourceClip, Timecode};

/// How one event passes to the next.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Transition {
    Cut,
    /// `D` and its length in frames.
    Dissolve(u32),
    /// `W###` (the wipe pattern) and its length in frames.
    Wipe(u16, u32),
    /// `K`, `KB`, `KO`: a key, with a length when one is given.
    Key(String, Option<u32>),
    /// Only a length where the code should be (Avid writes this for some
    /// dissolves): read as a dissolve.
    Blank(u32),
}

impl Transition {
    fn describe(&self) -> String {
        match self {
            Transition::Cut => "cut".into(),
            Transition::Dissolve(n) => format!("dissolve, {n} frames"),
            Transition::Wipe(code, n) => format!("wipe {code:03}, {n} frames"),
            Transition::Key(code, Some(n)) => format!("key {code}, {n} frames"),
            Transition::Key(code, None) => format!("key {code}"),
            Transition::Blank(n) => format!("dissolve, {n} frames (the transition code is blank)"),
        }
    }
}

/// One event line as written, its timecodes not yet counted.
#[derive(Clone, Debug)]
struct EventLine {
    line: usize,
    number: String,
    reel: String,
    channel: String,
    transition: Transition,
    /// source in, source out, record in, record out
    timecodes: [Timecode; 4],
}

/// An event: its line (the "to" line of a transition), the "from" line
/// when there is one, and what follows it up to the next event.
#[derive(Debug, Default)]
struct Event {
    main: Option<EventLine>,
    from: Option<EventLine>,
    /// Lines of `*` comments: (line, body without the star).
    comments: Vec<(usize, String)>,
    /// `M2` lines: (line, reel, speed in fps as written, timecode).
    speeds: Vec<(usize, String, String)>,
    effects: Vec<String>,
    /// Extra audio channels from `AUD` lines (3, 4).
    extra_audio: Vec<u32>,
}

/// Splits text into lines at CR LF, LF or a lone CR.
fn lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let bytes = text.as_bytes();
    let mut start = 0;
    let mut number = 0;
    std::iter::from_fn(move || {
        if start >= bytes.len() {
            return None;
        }
        let mut end = start;
        while end < bytes.len() && bytes[end] != b'\n' && bytes[end] != b'\r' {
            end += 1;
        }
        let line = &text[start..end];
        start = if bytes.get(end) == Some(&b'\r') && bytes.get(end + 1) == Some(&b'\n') {
            end + 2
        } else {
            end + 1
        };
        number += 1;
        Some((number, line))
    })
}

fn is_channel(s: &str) -> bool {
    let s = s.to_ascii_uppercase();
    let audio = |a: &str| {
        a == "A" || a == "AA" || (a.len() > 1 && a.starts_with('A') && a[1..].bytes().all(|b| b.is_ascii_digit()))
    };
    let video = |v: &str| v == "V" || (v.len() > 1 && v.starts_with('V') && v[1..].bytes().all(|b| b.is_ascii_digit()));
    if s == "B" || s == "NONE" || audio(&s) || video(&s) {
        return true;
    }
    match s.split_once('/') {
        Some((a, b)) => (audio(a) && video(b)) || (video(a) && audio(b)),
        None => false,
    }
}

/// The tracks a channel code puts an event on (V, A1, A2 ...).
fn tracks_of(channel: &str) -> Vec<String> {
    let c = channel.to_ascii_uppercase();
    let one = |p: &str| -> Vec<String> {
        match p {
            "A" => vec!["A1".into()],
            "AA" => vec!["A1".into(), "A2".into()],
            "V" | "V1" => vec!["V".into()],
            other => vec![other.to_string()],
        }
    };
    match c.as_str() {
        "NONE" => vec![],
        "B" => vec!["V".into(), "A1".into()],
        _ => c.split('/').flat_map(one).collect(),
    }
}

fn looks_like_timecode(s: &str) -> bool {
    s.len() >= 7
        && s.bytes().any(|b| matches!(b, b':' | b';' | b'.' | b','))
        && s.bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b':' | b';' | b'.' | b','))
}

fn parse_duration(s: &str) -> Option<u32> {
    (!s.is_empty() && s.len() <= 6 && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

/// Reads one event line: `NNN REEL CHANNEL CODE [DUR] SRC_IN SRC_OUT REC_IN REC_OUT`.
/// The fields are read from the right, so a reel may hold spaces.
fn parse_event_line(line: usize, text: &str) -> Result<EventLine, String> {
    let tokens: Vec<&str> = text.split_whitespace().collect();
    let number = tokens[0];
    if !number.bytes().all(|b| b.is_ascii_digit()) || number.len() > 9 {
        return Err(format!("'{number}' is not an event number"));
    }
    if tokens.len() < 8 {
        return Err(format!(
            "an event line has an event number, a reel, a channel, a transition and four timecodes; this one has {} fields",
            tokens.len()
        ));
    }
    let n = tokens.len();
    let mut timecodes = [Timecode {
        hours: 0,
        minutes: 0,
        seconds: 0,
        frames: 0,
        drop: false,
    }; 4];
    for (k, t) in tokens[n - 4..].iter().enumerate() {
        if !looks_like_timecode(t) {
            return Err(format!("'{t}' is not a timecode (HH:MM:SS:FF)"));
        }
        timecodes[k] = t.parse::<Timecode>().map_err(|e| e.to_string())?;
    }
    let mut mid: Vec<&str> = tokens[1..n - 4].to_vec();
    let duration = match mid.last() {
        Some(d) if mid.len() >= 3 && parse_duration(d).is_some() => {
            let d = parse_duration(d);
            mid.pop();
            d
        }
        _ => None,
    };
    let code = mid.last().map(|c| c.to_ascii_uppercase()).unwrap_or_default();
    let transition = match code.as_str() {
        "C" if mid.len() >= 3 => Some(Transition::Cut),
        "D" if mid.len() >= 3 => Some(Transition::Dissolve(
            duration.ok_or("a dissolve (D) needs its length in frames")?,
        )),
        "K" | "KB" | "KO" if mid.len() >= 3 => Some(Transition::Key(code.clone(), duration)),
        c if mid.len() >= 3 && c.len() == 4 && c.starts_with('W') && c[1..].bytes().all(|b| b.is_ascii_digit()) => {
            Some(Transition::Wipe(
                c[1..].parse().unwrap_or(0),
                duration.ok_or("a wipe (W###) needs its length in frames")?,
            ))
        }
        _ => None,
    };
    let transition = match transition {
        Some(t) => {
            mid.pop();
            t
        }
        None => match duration {
            // The code is missing, only the length is left: Avid writes
            // dissolve "to" lines like this.
            Some(d) if mid.len() >= 2 && is_channel(mid[mid.len() - 1]) => Transition::Blank(d),
            _ if mid.len() >= 3 && is_channel(mid[mid.len() - 2]) => {
                return Err(format!(
                    "'{}' is not a transition code (C, D, W### or K)",
                    mid[mid.len() - 1]
                ));
            }
            _ => return Err("no transition code (C, D, W### or K) before the timecodes".into()),
        },
    };
    let channel = mid.pop().unwrap_or_default();
    if !is_channel(channel) {
        return Err(format!("'{channel}' is not a channel (V, A, A2, AA, B, A/V, NONE ...)"));
    }
    if mid.is_empty() {
        return Err("the reel (source) field is missing".into());
    }
    Ok(EventLine {
        line,
        number: number.to_string(),
        reel: mid.join(" "),
        channel: channel.to_string(),
        transition,
        timecodes,
    })
}

/// `* FROM CLIP NAME: x` → `Some(("FROM CLIP NAME", "x"))` for the keys we know.
fn comment_key(body: &str) -> Option<(&'static str, &str)> {
    const KEYS: [&str; 7] = [
        "FROM CLIP NAME",
        "TO CLIP NAME",
        "SOURCE FILE",
        "FROM CLIP",
        "FROM FILE",
        "COMMENT",
        "TO CLIP",
    ];
    let b = body.trim_start();
    for key in KEYS {
        if b.get(..key.len()).is_some_and(|h| h.eq_ignore_ascii_case(key)) {
            let rest = b[key.len()..].trim_start();
            if let Some(value) = rest.strip_prefix(':') {
                return Some((key, value.trim()));
            }
        }
    }
    None
}

/// Comments that are statements of their own, never the end of a wrapped one.
fn starts_statement(body: &str) -> bool {
    let b = body.trim_start().to_ascii_uppercase();
    [
        "LOC:",
        "ASC_",
        "PATCH",
        "FREEZE",
        "* FREEZE",
        "TIMEWARP",
        "EFFECTS NAME",
        "BLEND",
        "OTIO ",
    ]
    .iter()
    .any(|k| b.starts_with(k))
}

/// What a rate guess was made from.
struct RateGuess {
    max_frames: u32,
    drop: bool,
}

impl RateGuess {
    /// The smallest usual rate whose timecode holds every frame field;
    /// NTSC (29.97, 59.94) when the list counts drop-frame.
    fn rate(&self) -> FrameRate {
        match (self.max_frames, self.drop) {
            (0..=29, true) => FrameRate::NTSC_30,
            (_, true) => FrameRate::NTSC_60,
            (0..=23, false) => FrameRate::FPS_24,
            (24, false) => FrameRate::FPS_25,
            (25..=29, false) => FrameRate::FPS_30,
            (30..=49, false) => FrameRate::new(50, 1).unwrap_or(FrameRate::FPS_30),
            _ => FrameRate::new(60, 1).unwrap_or(FrameRate::FPS_30),
        }
    }
}

/// Reads a CMX 3600 EDL. See the module documentation.
pub fn read(path: &Path, bytes: &[u8], options: &ImportOptions) -> Result<ImportedFilm, ImportError> {
    let mut report = ImportReport::new(path, ImportFormat::Edl);
    let (text, encoding_note) = decode_text(bytes);
    if let Some(note) = encoding_note {
        report.note(note);
    }

    // Pass 1: statements.
    let mut title = String::new();
    let mut drop = false;
    let mut any_drop = false;
    let mut max_frames = 0u32;
    // The FCM before the first event sets the record side's counting; an
    // FCM line later in the list says how the source of the events after
    // it is counted (Avid writes one before each event whose source
    // differs), so the record side stays one timeline.
    let mut record_drop: Option<bool> = None;
    let mut events: Vec<(Event, bool)> = Vec::new(); // event, drop mode of its source
    let mut header_comments = Vec::new();
    let mut rem_lines = 0usize;
    let mut source_table = 0usize;
    let mut malformed = 0usize;
    let mut current: Option<usize> = None;

    for (no, raw) in lines(&text) {
        let line = raw.trim();
        if line.is_empty() {
            continue;
        }
        let opening: String = line.chars().take(6).collect::<String>().to_ascii_uppercase();
        if opening.starts_with("TITLE") && line[5..].trim_start().starts_with(':') {
            if title.is_empty() && events.is_empty() {
                title = line[5..].trim_start()[1..].trim().to_string();
            }
        } else if opening.starts_with("FCM") {
            let mode = line[3..]
                .trim_start()
                .trim_start_matches(':')
                .trim()
                .to_ascii_uppercase();
            drop = mode.contains("DROP") && !mode.contains("NON");
            any_drop |= drop;
            // An FCM line between the two lines of a transition does not
            // part them: pairing looks at event lines only.
        } else if line.as_bytes()[0].is_ascii_digit() {
            match parse_event_line(no, line) {
                Ok(ev) => {
                    let line_drop = drop;
                    any_drop |= ev.timecodes.iter().any(|t| t.drop);
                    record_drop.get_or_insert(drop || ev.timecodes[2].drop);
                    for t in &ev.timecodes {
                        max_frames = max_frames.max(t.frames);
                    }
                    // A transition's "to" line shares the number of the line
                    // before it: that line is its "from" side.
                    let pairs_with_previous = !matches!(ev.transition, Transition::Cut)
                        && current.is_some_and(|i| {
                            let e = &events[i].0;
                            e.from.is_none()
                                && e.main
                                    .as_ref()
                                    .is_some_and(|m| m.number.parse::<u64>().ok() == ev.number.parse::<u64>().ok())
                        });
                    if pairs_with_previous {
                        let i = current.unwrap_or(0);
                        let entry = &mut events[i];
                        entry.0.from = entry.0.main.take();
                        entry.0.main = Some(ev);
                        entry.1 = line_drop;
                    } else {
                        events.push((
                            Event {
                                main: Some(ev),
                                ..Default::default()
                            },
                            line_drop,
                        ));
                        current = Some(events.len() - 1);
                    }
                }
                Err(message) => {
                    malformed += 1;
                    report.skip(Some(no), "event line", message);
                    // What follows belongs to the event that failed.
                    current = None;
                }
            }
        } else if opening.starts_with("M2") {
            let fields: Vec<&str> = line.split_whitespace().collect();
            // M2 REEL SPEED TC; a reel may be missing or hold spaces.
            match (fields.len() >= 3, current) {
                (true, Some(i)) => {
                    let tc = fields[fields.len() - 1];
                    if let Ok(t) = tc.parse::<Timecode>() {
                        max_frames = max_frames.max(t.frames);
                    }
                    let speed = fields[fields.len() - 2].to_string();
                    let reel = fields[1..fields.len() - 2].join(" ");
                    events[i].0.speeds.push((no, reel, speed));
                }
                (false, _) => report.skip(Some(no), "M2 line", "an M2 line needs a reel, a speed and a timecode"),
                (true, None) => report.skip(Some(no), "M2 line", "an M2 line before any event"),
            }
        } else if let Some(rest) = line.strip_prefix('*') {
            let body = rest.strip_prefix(' ').unwrap_or(rest);
            match current {
                Some(i) => events[i].0.comments.push((no, body.trim_end().to_string())),
                None => header_comments.push(format!("line {no}: {}", line)),
            }
        } else if opening.starts_with("EFFECT") {
            if let Some(i) = current {
                events[i].0.effects.push(line.to_string());
            }
        } else if opening.starts_with("AUD") {
            if let Some(i) = current {
                for f in line.split_whitespace().skip(1) {
                    if let Ok(c) = f.parse::<u32>() {
                        events[i].0.extra_audio.push(c);
                    }
                }
            }
        } else if opening.starts_with("REM") {
            rem_lines += 1;
        } else if line.starts_with(">>>") {
            // Avid's table of sources after the events.
            source_table += 1;
        } else if opening.starts_with("SPLIT") {
            report.note(format!("line {no}: {line} (split edits are read as two events)"));
        } else {
            report.skip(
                Some(no),
                "",
                format!("not an EDL statement: '{}'", line.chars().take(60).collect::<String>()),
            );
        }
    }
    if events.is_empty() {
        // Every event line was malformed: the first one is the error.
        if let Some(first) = report.skipped.iter().find(|s| s.place == "event line") {
            return Err(ImportError::parse(
                path,
                first.line.unwrap_or(0),
                format!("{} (no event line could be read: {malformed} malformed)", first.reason),
            ));
        }
        return Err(ImportError::invalid(path, "no event lines: this is not a CMX 3600 EDL"));
    }
    for c in &header_comments {
        report.note(format!("comment before the first event, {c}"));
    }
    if source_table > 0 {
        report.note(format!(
            "{source_table} '>>> SOURCE' lines (a table of the sources) not read"
        ));
    }
    if rem_lines > 0 {
        report.note(format!(
            "{rem_lines} REM line{} not read",
            if rem_lines == 1 { "" } else { "s" }
        ));
    }

    // The rate.
    let rate = match options.rate {
        Some(r) => r,
        None => {
            let guess = RateGuess {
                max_frames,
                drop: any_drop,
            };
            let r = guess.rate();
            report.note(format!(
                "no rate given: read at {} fps, the smallest usual rate whose timecode holds the largest frame field ({max_frames}){}; give --rate if the film runs at another rate",
                rate_name(r),
                if any_drop { " and counts drop-frame (FCM: DROP FRAME)" } else { "" }
            ));
            r
        }
    };
    if any_drop && !rate.supports_drop_frame() {
        report.note(format!(
            "the list says DROP FRAME but {} fps has no drop-frame timecode: its timecodes are counted as non-drop",
            rate_name(rate)
        ));
    }

    // The track.
    let mut track_names: Vec<String> = Vec::new();
    for (e, _) in &events {
        if let Some(m) = &e.main {
            let mut names = tracks_of(&m.channel);
            names.extend(e.extra_audio.iter().map(|c| format!("A{c}")));
            for t in names {
                if !track_names.contains(&t) {
                    track_names.push(t);
                }
            }
        }
    }
    let track = match &options.track {
        None => {
            if track_names.iter().any(|t| t == "V") {
                "V".to_string()
            } else {
                return Err(ImportError::invalid(
                    path,
                    format!(
                        "the list has no picture (V) events; its tracks are {}: give --track with one of them",
                        if track_names.is_empty() {
                            "none".to_string()
                        } else {
                            track_names.join(", ")
                        }
                    ),
                ));
            }
        }
        Some(TrackChoice::Index(i)) => track_names.get(i - 1).cloned().ok_or_else(|| {
            ImportError::invalid(
                path,
                format!(
                    "there is no track {i}: the list has {} ({})",
                    track_names.len(),
                    track_names.join(", ")
                ),
            )
        })?,
        Some(TrackChoice::Name(n)) => {
            let wanted = tracks_of(n).into_iter().next().unwrap_or_default();
            track_names.iter().find(|t| **t == wanted).cloned().ok_or_else(|| {
                ImportError::invalid(
                    path,
                    format!("there is no track '{n}' in the list: it has {}", track_names.join(", ")),
                )
            })?
        }
    };
    if options.track.is_some() || track_names.len() > 1 {
        report.note(format!("track {track} read (the list has {})", track_names.join(", ")));
    }

    // Pass 2: shots.
    let record_drop = record_drop.unwrap_or(false);
    let count = |tc: &Timecode, line_drop: bool| -> Result<i64, String> {
        let mut t = *tc;
        t.drop = (line_drop || t.drop) && rate.supports_drop_frame();
        t.to_frame(rate).map_err(|e| e.to_string())
    };
    let mut shots: Vec<Shot> = Vec::new();
    let mut record_ins: Vec<i64> = Vec::new();
    let mut other_tracks: BTreeMap<String, usize> = BTreeMap::new();
    let mut none_channel = 0usize;
    let mut previous_key: Option<(String, [i64; 4], String)> = None;
    for (event, line_drop) in &events {
        let Some(main) = &event.main else { continue };
        let mut on = tracks_of(&main.channel);
        on.extend(event.extra_audio.iter().map(|c| format!("A{c}")));
        if !on.contains(&track) {
            if on.is_empty() {
                none_channel += 1;
            }
            for t in on {
                *other_tracks.entry(t).or_default() += 1;
            }
            continue;
        }
        let mut frames = [0i64; 4];
        let mut bad = None;
        for (k, tc) in main.timecodes.iter().enumerate() {
            match count(tc, if k < 2 { *line_drop } else { record_drop }) {
                Ok(f) => frames[k] = f,
                Err(e) => {
                    bad = Some(e);
                    break;
                }
            }
        }
        let place = format!("event {}", main.number);
        if let Some(e) = bad {
            report.skip(Some(main.line), place, e);
            continue;
        }
        let [src_in, src_out, rec_in, rec_out] = frames;
        if rec_out < rec_in {
            report.skip(
                Some(main.line),
                place,
                format!(
                    "record out {} is before record in {}",
                    main.timecodes[3], main.timecodes[2]
                ),
            );
            continue;
        }
        if src_out < src_in {
            report.skip(
                Some(main.line),
                place,
                format!(
                    "source out {} is before source in {}",
                    main.timecodes[1], main.timecodes[0]
                ),
            );
            continue;
        }
        if rec_out == rec_in {
            report.skip(Some(main.line), place, "the event is 0 frames long on the record side");
            continue;
        }
        let key = (main.reel.clone(), frames, main.channel.clone());
        if previous_key.as_ref() == Some(&key) {
            report.skip(
                Some(main.line),
                place,
                "the same edit as the event before it (a duplicate)",
            );
            continue;
        }
        previous_key = Some(key);

        // Comments. Avid wraps long comments (clip names too) at 80
        // characters, in the middle of words: a full line goes on in the
        // next comment unless that one starts a statement of its own.
        let mut comments: Vec<String> = Vec::new();
        let mut wrapped = false;
        for (_, body) in &event.comments {
            match (wrapped, comments.last_mut()) {
                (true, Some(last)) if comment_key(body).is_none() && !starts_statement(body) => last.push_str(body),
                _ => comments.push(body.clone()),
            }
            wrapped = body.chars().count() >= 80;
        }
        let mut from_name = None;
        let mut to_name = None;
        let mut source_file = None;
        let mut description: Vec<String> = Vec::new();
        let mut notes: Vec<String> = Vec::new();
        for body in &comments {
            match comment_key(body) {
                Some(("FROM CLIP NAME", v)) => from_name = Some(v.to_string()),
                Some(("TO CLIP NAME", v)) => to_name = Some(v.to_string()),
                Some(("SOURCE FILE", v)) | Some(("FROM FILE", v)) | Some(("FROM CLIP", v)) => {
                    source_file = Some(v.to_string())
                }
                Some(("COMMENT", v)) => {
                    if !v.is_empty() {
                        description.push(v.to_string())
                    }
                }
                _ => {
                    let text = body.trim();
                    if !text.is_empty() {
                        notes.push(text.to_string());
                    }
                }
            }
        }
        let is_transition = !matches!(main.transition, Transition::Cut);
        let clip_name = if is_transition {
            to_name.clone().or(from_name.clone())
        } else {
            from_name.clone().or(to_name.clone())
        }
        .unwrap_or_default();
        let mut head = Vec::new();
        if is_transition {
            let mut t = main.transition.describe();
            if let Some(from) = &event.from {
                let name = from_name.as_deref().filter(|_| to_name.is_some());
                match name {
                    Some(n) => write!(t, " from '{n}' (reel {})", from.reel).ok(),
                    None => write!(t, " from reel {}", from.reel).ok(),
                };
            }
            head.push(t);
        }
        if !is_transition
            && let (Some(to), Some(from)) = (&to_name, &from_name)
            && to != from
        {
            // On a cut, Avid's TO CLIP NAME names another clip (the source
            // file is the FROM clip's): kept, not taken for the name.
            head.push(format!("TO CLIP NAME: {to}"));
        }
        head.extend(event.effects.iter().cloned());
        // Two M2 lines after a transition: the first is the "from" side's,
        // the second the "to" side's (Avid writes them in that order, even
        // when both sides come from one reel); otherwise the reel decides.
        let two_sides = event.from.is_some() && event.speeds.len() == 2;
        for (k, (_, reel, speed)) in event.speeds.iter().enumerate() {
            let other_side = if two_sides {
                k == 0
            } else {
                event.speeds.len() > 1 && !reel.eq_ignore_ascii_case(&main.reel)
            };
            if other_side {
                head.push(format!("M2 {reel} {speed} (the other side of the transition)"));
                continue;
            }
            let s: f64 = speed.parse().unwrap_or(f64::NAN);
            head.push(if s == 0.0 {
                format!("freeze frame (M2 {speed})")
            } else if s < 0.0 {
                format!("reverse, {} fps (M2 {speed})", -s)
            } else {
                format!("speed {s} fps (M2 {speed})")
            });
        }
        let mut source = source_file.clone().unwrap_or_else(|| main.reel.clone());
        if source_file.is_some() && !main.reel.eq_ignore_ascii_case("AX") && main.reel != source {
            head.push(format!("reel {}", main.reel));
        }
        if source.is_empty() {
            source = main.reel.clone();
        }
        if main.reel.eq_ignore_ascii_case("BL") || main.reel.eq_ignore_ascii_case("BLACK") {
            head.push("black".into());
        }
        head.extend(notes);

        let mut shot = Shot::new(shots.len() as u32 + 1);
        shot.length = Some(Length {
            frames: rec_out - rec_in,
            source: LengthSource::Derived {
                from: "EDL record in/out".into(),
            },
        });
        shot.description = description.join(" ");
        shot.notes = head.join("\n");
        shot.source = Some(SourceClip {
            clip_name,
            source,
            source_in: Some(Frame(src_in)),
            source_out: Some(Frame(src_out)),
        });
        record_ins.push(rec_in);
        shots.push(shot);
    }
    if none_channel > 0 {
        report.note(format!(
            "{none_channel} event{} on channel NONE (neither picture nor sound) not read",
            if none_channel == 1 { "" } else { "s" }
        ));
    }
    if !other_tracks.is_empty() {
        let list: Vec<String> = other_tracks.iter().map(|(t, n)| format!("{n} on {t}")).collect();
        report.note(format!(
            "events of other tracks not read ({}): give --track to import one of them",
            list.join(", ")
        ));
    }
    if shots.is_empty() {
        let why = report
            .skipped
            .first()
            .map(|s| format!(": line {}: {}", s.line.unwrap_or(0), s.reason))
            .unwrap_or_default();
        return Err(ImportError::invalid(
            path,
            format!("no event of track {track} could be read{why}"),
        ));
    }
    let origin = record_ins.iter().copied().min().unwrap_or(0);
    for (shot, r) in shots.iter_mut().zip(&record_ins) {
        shot.start = Some(Frame(r - origin));
    }
    let overlapping = shots
        .windows(2)
        .filter(|w| match (w[0].start, w[0].frames(), w[1].start) {
            (Some(a), Some(n), Some(b)) => b.0 < a.0 + n,
            _ => false,
        })
        .count();
    if overlapping > 0 {
        report.note(format!(
            "{overlapping} shot{} start before the one before ends (the list's record times overlap)",
            if overlapping == 1 { "" } else { "s" }
        ));
    }
    Ok(ImportedFilm {
        title,
        rate: Some(rate),
        timecode_start: Some(Frame(origin)),
        drop_frame: record_drop && rate.supports_drop_frame(),
        shots,
        media: None,
        report,
    })
}

/// The speed of a note the importer made of an M2 line (`speed 37.5 fps
/// (M2 037.5)`, `freeze frame (M2 000.0)`, `reverse, 24 fps (M2 -024.0)`).
fn m2_of_note(note: &str) -> Option<&str> {
    let rest = note.strip_suffix(')')?;
    let (head, speed) = rest.rsplit_once("(M2 ")?;
    let ours = head.starts_with("speed ") || head.starts_with("freeze frame") || head.starts_with("reverse, ");
    (ours && !speed.is_empty() && speed.parse::<f64>().is_ok()).then_some(speed)
}

fn rate_name(rate: FrameRate) -> String {
    FrameRate::common()
        .iter()
        .find(|(r, _)| *r == rate)
        .map_or(rate.to_string(), |(_, n)| n.to_string())
}

/// Writes a film as a CMX 3600 list: one event per shot with a known start
/// and length, record timecodes from the film's first timecode (01:00:00:00
/// when it has none), the reel or media from the shot's source (`AX` when
/// there is none or it does not fit a reel field: the name then goes in a
/// `* SOURCE FILE` comment), `M2` when the source range and the shot differ
/// in length, the clip name, the description (`* COMMENT`) and the notes.
pub fn write(_project: &Project, film: &Film) -> Result<String, String> {
    let rate = film
        .rate
        .ok_or_else(|| format!("film '{}' has no frame rate: an EDL counts frames at one", film.id))?;
    let drop = film.drop_frame && rate.supports_drop_frame();
    let origin = film.timecode_start.map_or(3600 * rate.timecode_base() as i64, |f| f.0);
    let origin = if drop && film.timecode_start.is_none() {
        // 01:00:00;00 in drop-frame counting
        Timecode {
            hours: 1,
            minutes: 0,
            seconds: 0,
            frames: 0,
            drop: true,
        }
        .to_frame(rate)
        .unwrap_or(origin)
    } else {
        origin
    };
    let tc = |frame: i64| -> Result<String, String> {
        let t = Timecode::from_frame(frame, rate, drop).map_err(|e| e.to_string())?;
        // Avid's way: ':' throughout, the FCM line says drop-frame.
        Ok(format!(
            "{:02}:{:02}:{:02}:{:02}",
            t.hours, t.minutes, t.seconds, t.frames
        ))
    };
    let placed: Vec<&Shot> = film
        .shots
        .iter()
        .filter(|s| s.start.is_some() && s.frames().is_some())
        .collect();
    if placed.is_empty() {
        return Err(format!(
            "film '{}' has no shot with a known start and length: an EDL needs both",
            film.id
        ));
    }
    let left_out: Vec<String> = film
        .shots
        .iter()
        .filter(|s| s.start.is_none() || s.frames().is_none())
        .map(|s| s.id.to_string())
        .collect();
    let width = placed.len().to_string().len().max(3);
    let mut out = String::new();
    let title: String = film.title.chars().filter(|c| !c.is_control()).collect();
    writeln!(out, "TITLE: {}", title.trim()).ok();
    writeln!(out, "FCM: {}", if drop { "DROP FRAME" } else { "NON-DROP FRAME" }).ok();
    let clean = |s: &str| -> String {
        s.chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect::<String>()
            .trim()
            .to_string()
    };
    for (i, shot) in placed.iter().enumerate() {
        let start = shot.start.map_or(0, |s| s.0);
        let frames = shot.frames().unwrap_or(0);
        let rec_in = origin + start;
        let rec_out = rec_in + frames;
        let src = shot.source.clone().unwrap_or_default();
        let (src_in, src_out) = match (src.source_in, src.source_out) {
            (Some(a), Some(b)) if b.0 >= a.0 && a.0 >= 0 => (a.0, b.0),
            _ => (rec_in, rec_out),
        };
        let name = clean(&src.source);
        let fits_reel = !name.is_empty()
            && name.len() <= 8
            && name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
        let reel = if fits_reel { name.clone() } else { "AX".to_string() };
        writeln!(
            out,
            "\n{:0width$}  {:<8} V     C        {} {} {} {}",
            i + 1,
            reel,
            tc(src_in)?,
            tc(src_out)?,
            tc(rec_in)?,
            tc(rec_out)?,
        )
        .ok();
        // A speed the importer noted from an M2 line is written back as
        // that M2 line; otherwise one is made when the source range and
        // the shot differ in length.
        let noted_speed = shot.notes.lines().find_map(m2_of_note);
        let speed = match noted_speed {
            Some(s) => Some(s.to_string()),
            None if src_out - src_in != frames && frames > 0 => Some(format!(
                "{:05.1}",
                (src_out - src_in) as f64 * rate.timecode_base() as f64 / frames as f64
            )),
            None => None,
        };
        if let Some(speed) = speed {
            writeln!(
                out,
                "M2   {:<8}       {:>5}                {}",
                reel,
                speed,
                tc(src_in)?
            )
            .ok();
        }
        let clip = clean(&src.clip_name);
        if !clip.is_empty() {
            writeln!(out, "* FROM CLIP NAME: {clip}").ok();
        }
        if !fits_reel && !name.is_empty() {
            writeln!(out, "* SOURCE FILE: {name}").ok();
        }
        for line in shot.description.lines().map(clean).filter(|l| !l.is_empty()) {
            writeln!(out, "* COMMENT: {line}").ok();
        }
        let black = reel.eq_ignore_ascii_case("BL");
        for line in shot
            .notes
            .lines()
            // what the importer makes again from the M2 line and the reel
            .filter(|l| m2_of_note(l).is_none() && !(black && *l == "black"))
            .map(clean)
            .filter(|l| !l.is_empty())
        {
            // Long notes wrapped at 80 characters, as Avid does; the
            // importer joins them back.
            // A piece never ends in a space (the reader trims it).
            let chars: Vec<char> = line.chars().collect();
            let mut at = 0;
            while at < chars.len() {
                let mut end = (at + 80).min(chars.len());
                while end < chars.len() && chars[end - 1].is_whitespace() {
                    end += 1;
                }
                writeln!(out, "* {}", chars[at..end].iter().collect::<String>()).ok();
                at = end;
            }
        }
        if i == 0 && !left_out.is_empty() {
            writeln!(
                out,
                "* DECOUPAGE: shots {} left out (no known start or length)",
                left_out.join(", ")
            )
            .ok();
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_end_at_crlf_lf_or_cr() {
        let got: Vec<(usize, &str)> = lines("a\r\nb\rc\n\nd").collect();
        assert_eq!(got, [(1, "a"), (2, "b"), (3, "c"), (4, ""), (5, "d")]);
        assert_eq!(lines("").count(), 0);
    }

    #[test]
    fn event_lines_are_read_from_the_right() {
        let e = parse_event_line(
            3,
            "005  EVL1_HEI V      008 00:01:01:10 00:01:01:20 01:00:03:01 01:00:03:11",
        )
        .unwrap();
        assert_eq!((e.reel.as_str(), e.channel.as_str()), ("EVL1_HEI", "V"));
        assert_eq!(e.transition, Transition::Blank(8));
        let e = parse_event_line(
            1,
            "002  TST V     W001    010 01:00:08:08 01:00:08:18 01:00:00:09 01:00:00:19",
        )
        .unwrap();
        assert_eq!(e.transition, Transition::Wipe(1, 10));
        let e = parse_event_line(
            1,
            "001  MY REEL  AA/V  D    030 01:00:00:00 01:00:01:00 01:00:00:00 01:00:01:00",
        )
        .unwrap();
        assert_eq!(
            (e.reel.as_str(), e.transition.clone()),
            ("MY REEL", Transition::Dissolve(30))
        );
        assert_eq!(tracks_of(&e.channel), ["A1", "A2", "V"]);
        assert!(
            parse_event_line(1, "001 AX V D 01:00:00:00 01:00:01:00 01:00:00:00 01:00:01:00")
                .unwrap_err()
                .contains("length")
        );
        assert!(
            parse_event_line(1, "001 AX Q C 01:00:00:00 01:00:01:00 01:00:00:00 01:00:01:00")
                .unwrap_err()
                .contains("channel")
        );
        assert!(
            parse_event_line(1, "0a1 AX V C 01:00:00:00 01:00:01:00 01:00:00:00 01:00:01:00")
                .unwrap_err()
                .contains("event number")
        );
    }

    #[test]
    fn the_rate_guess_is_the_smallest_usual_rate_that_holds_the_frames() {
        let guess = |max_frames, drop| RateGuess { max_frames, drop }.rate();
        assert_eq!(guess(23, false), FrameRate::FPS_24);
        assert_eq!(guess(24, false), FrameRate::FPS_25);
        assert_eq!(guess(29, false), FrameRate::FPS_30);
        assert_eq!(guess(20, true), FrameRate::NTSC_30);
        assert_eq!(guess(56, true), FrameRate::NTSC_60);
        assert_eq!(guess(49, false), FrameRate::new(50, 1).unwrap());
    }

    #[test]
    fn speeds_noted_from_m2_lines_are_found_again() {
        assert_eq!(m2_of_note("speed 37.5 fps (M2 037.5)"), Some("037.5"));
        assert_eq!(m2_of_note("freeze frame (M2 000.0)"), Some("000.0"));
        assert_eq!(m2_of_note("reverse, 24 fps (M2 -024.0)"), Some("-024.0"));
        assert_eq!(m2_of_note("M2 X 031.3 (the other side of the transition)"), None);
        assert_eq!(m2_of_note("a note (M2 fast)"), None);
    }
}
