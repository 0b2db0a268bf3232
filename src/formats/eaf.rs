//! ELAN annotation files (`.eaf`, EAF 2.x and 3.0), in and out.
//!
//! In: one annotation of the chosen tier is one shot, in time order. ELAN
//! counts time in milliseconds and has no frame rate; the times are rounded
//! to the nearest frame at the rate the user gives (25 fps when none is
//! given), and the report says how far the boundaries moved.
//!
//! - Time slots without a time (unaligned, as left inside a
//!   `Time_Subdivision`) get one the way ELAN proposes it: the interval
//!   between the nearest slots with a time, among the slots the same tier
//!   uses, is divided equally (the slots ordered as in `TIME_ORDER`).
//! - Reference annotations (`Symbolic_Subdivision`, `Symbolic_Association`)
//!   take the times of the aligned annotation they end up referring to,
//!   through any chain of parents. A shot tier must be time-alignable; the
//!   reference tiers serve as description and note tiers.
//! - Annotations of the description and note tiers that overlap a shot (in
//!   milliseconds, before rounding) become its description and notes, in
//!   time order, symbolic subdivisions in their `PREVIOUS_ANNOTATION`
//!   order. Values of one tier are joined by a space; several description
//!   tiers by ` / `; each note tier gives a line `tier: text`.
//! - When description tiers are given, the shot annotation's own value goes
//!   to the notes (`tier: value`) so that nothing is lost.
//! - Values of the form `12: text` on every annotation of the shot tier,
//!   the numbers increasing, in a file whose header property
//!   `decoupage-shot-numbers` names the tier (as this module writes it),
//!   are shot numbers: the number is dropped.
//! - A tier named `framing` that depends on the shot tier gives the shots'
//!   framing codes (as this module writes them).
//! - Each shot keeps its place in the media: `source` is the media file
//!   with the shot's first and end frames counted from the media's start
//!   (the annotation times plus the media descriptor's `TIME_ORIGIN`).
//! - Annotations of the shot tier without a usable time (a slot missing
//!   from `TIME_ORDER`, a `TIME_VALUE` that is not a time, an unaligned
//!   slot with no slot with a time on one side, an end before the start,
//!   no duration, less than half a frame) are skipped and listed in the
//!   report with their lines; so are dangling or looping references.
//! - Controlled vocabularies, lexicon references, locales and languages are
//!   read past.
//!
//! Out: EAF 3.0 with three tiers. `shots` (time-alignable): one annotation
//! per shot whose start and length are known, `N: description`, times in
//! milliseconds from the film's first frame at the film's rate, rounded to
//! the nearest millisecond (exact again in frames on import for any rate
//! below 1000 fps). When every shot keeps its place in the film's media
//! at one offset (as after an ELAN import), the times are the media times
//! again, so that ELAN → Découpage → ELAN puts annotations back where they
//! were. `framing`: a `Symbolic_Association` child of `shots`
//! holding the framing code, with the project's framing scale as a
//! controlled vocabulary. `evidence`: a `Symbolic_Subdivision` child of
//! `shots`, one annotation per evidence item, `claim stance: observation
//! (source)`, so that several items of one shot do not overlap in time.
//! The media descriptor holds the film's media path as a relative URL (it
//! is relative to the project: ELAN finds the file when the `.eaf` is
//! saved beside the project). A film without a rate is refused.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::path::Path;

use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};

use super::import::{ImportError, ImportFormat, ImportOptions, ImportReport, ImportedFilm, decode_text};
use crate::model::{Film, Frame, FrameRate, Length, LengthSource, Project, Shot, SourceClip};

/// The rate ELAN times are counted at when the user gives none.
pub const DEFAULT_RATE: FrameRate = FrameRate::FPS_25;

/// The header property naming the tier whose values start with shot
/// numbers (`N: description`), as `write` makes them.
const NUMBERS_PROPERTY: &str = "decoupage-shot-numbers";

/// The largest time read (about 31 years, in ms): beyond it a `TIME_VALUE`
/// is taken for garbage, and frame arithmetic cannot overflow.
const MAX_MS: i64 = 1_000_000_000_000;

// ---------------------------------------------------------------------------
// The document as read

/// An ELAN file as read: what the importer needs of it, nothing more.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Document {
    /// `FORMAT` (or `VERSION`) of the root element: `2.3`, `3.0`.
    pub version: String,
    pub time_units: Option<String>,
    pub media: Vec<MediaDescriptor>,
    /// `TIME_ORDER` in file order.
    pub slots: Vec<TimeSlot>,
    pub tiers: Vec<Tier>,
    pub linguistic_types: Vec<LinguisticType>,
    /// The header's `PROPERTY` elements, name and value.
    pub properties: Vec<(String, String)>,
    /// Things read past that the report should mention.
    pub notes: Vec<String>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct MediaDescriptor {
    pub url: String,
    pub relative_url: Option<String>,
    pub mime: Option<String>,
    pub time_origin: Option<i64>,
    pub extracted_from: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct TimeSlot {
    pub id: String,
    /// Milliseconds; `None` when the slot is unaligned.
    pub value: Option<i64>,
    /// Set when `TIME_VALUE` is there but is not a time (not a whole
    /// number, or negative): annotations using the slot are skipped.
    pub bad_value: Option<String>,
    pub line: usize,
}

#[derive(Clone, Debug, PartialEq)]
pub struct LinguisticType {
    pub id: String,
    pub time_alignable: Option<bool>,
    /// `Time_Subdivision`, `Symbolic_Subdivision`, `Symbolic_Association`,
    /// `Included_In`, or `None` for an independent tier.
    pub constraint: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Tier {
    pub id: String,
    pub linguistic_type: String,
    pub parent: Option<String>,
    pub participant: Option<String>,
    pub line: usize,
    pub annotations: Vec<Annotation>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Annotation {
    pub id: String,
    pub kind: AnnotationKind,
    pub value: String,
    pub line: usize,
}

#[derive(Clone, Debug, PartialEq)]
pub enum AnnotationKind {
    Aligned { slot1: String, slot2: String },
    Ref { to: String, previous: Option<String> },
}

/// An annotation with its times resolved, in milliseconds.
#[derive(Clone, Debug, PartialEq)]
pub struct TimedAnnotation {
    pub id: String,
    pub start_ms: Option<i64>,
    pub end_ms: Option<i64>,
    pub value: String,
    /// Line of the annotation in the file.
    pub line: usize,
    /// A time came from an unaligned slot, interpolated.
    pub interpolated: bool,
    /// Why the times are missing or wrong, when they are.
    pub problem: Option<String>,
    /// Order among annotations with the same times (symbolic subdivisions).
    order: Vec<usize>,
}

impl Document {
    pub fn tier(&self, id: &str) -> Option<&Tier> {
        self.tiers.iter().find(|t| t.id == id)
    }

    fn linguistic_type(&self, id: &str) -> Option<&LinguisticType> {
        self.linguistic_types.iter().find(|t| t.id == id)
    }

    /// Whether the tier's annotations have times of their own: its
    /// linguistic type says so, or, when the type is missing, its
    /// annotations are aligned.
    pub fn time_alignable(&self, tier: &Tier) -> bool {
        match self
            .linguistic_type(&tier.linguistic_type)
            .and_then(|t| t.time_alignable)
        {
            Some(b) => b,
            None => tier
                .annotations
                .iter()
                .all(|a| matches!(a.kind, AnnotationKind::Aligned { .. })),
        }
    }

    pub fn constraint(&self, tier: &Tier) -> Option<&str> {
        self.linguistic_type(&tier.linguistic_type)
            .and_then(|t| t.constraint.as_deref())
    }

    /// The tier's annotations with their times in milliseconds, in time
    /// order (file order among equal times, `PREVIOUS_ANNOTATION` order
    /// among symbolic subdivisions). `None` when there is no such tier.
    pub fn timed(&self, tier_id: &str) -> Option<Vec<TimedAnnotation>> {
        let resolver = Resolver::new(self);
        let index = self.tiers.iter().position(|t| t.id == tier_id)?;
        let mut out: Vec<TimedAnnotation> = (0..self.tiers[index].annotations.len())
            .map(|i| resolver.resolve(index, i))
            .collect();
        out.sort_by(|a, b| {
            (a.start_ms.is_none(), a.start_ms, a.end_ms, &a.order).cmp(&(
                b.start_ms.is_none(),
                b.start_ms,
                b.end_ms,
                &b.order,
            ))
        });
        Some(out)
    }

    /// The unaligned time slots a tier uses, with the times they get.
    pub fn interpolated_slots(&self, tier_id: &str) -> Vec<(&TimeSlot, i64)> {
        let Some(index) = self.tiers.iter().position(|t| t.id == tier_id) else {
            return Vec::new();
        };
        let resolver = Resolver::new(self);
        let mut out: Vec<(usize, &TimeSlot, i64)> = resolver.interpolated[index]
            .iter()
            .filter_map(|(id, &ms)| resolver.slots.get(id).map(|&(i, slot)| (i, slot, ms)))
            .collect();
        out.sort_by_key(|&(i, _, _)| i);
        out.into_iter().map(|(_, slot, ms)| (slot, ms)).collect()
    }

    /// Tier ids, each with what it is, for messages.
    fn tier_list(&self) -> String {
        if self.tiers.is_empty() {
            return "the file has no tier".to_string();
        }
        let names: Vec<String> = self
            .tiers
            .iter()
            .map(|t| {
                let kind = if self.time_alignable(t) {
                    "time-alignable"
                } else {
                    "symbolic"
                };
                let n = t.annotations.len();
                format!("'{}' ({kind}, {n} annotation{})", t.id, if n == 1 { "" } else { "s" })
            })
            .collect();
        format!("the tiers are {}", names.join(", "))
    }
}

/// Resolves annotation times: slot values, interpolation per tier, and
/// references followed to an aligned annotation.
struct Resolver<'d> {
    doc: &'d Document,
    /// slot id -> (place in TIME_ORDER, slot)
    slots: HashMap<&'d str, (usize, &'d TimeSlot)>,
    /// annotation id -> (tier index, annotation index)
    annotations: HashMap<&'d str, (usize, usize)>,
    /// per tier: slot id -> interpolated ms, for the unaligned slots it uses
    interpolated: Vec<HashMap<&'d str, i64>>,
    /// reference annotation id -> place among its siblings
    ranks: HashMap<&'d str, usize>,
}

enum SlotTime {
    Known(i64),
    Interpolated(i64),
    Missing(String),
}

impl<'d> Resolver<'d> {
    fn new(doc: &'d Document) -> Self {
        let mut slots = HashMap::new();
        for (i, s) in doc.slots.iter().enumerate() {
            slots.entry(s.id.as_str()).or_insert((i, s));
        }
        let mut annotations = HashMap::new();
        for (t, tier) in doc.tiers.iter().enumerate() {
            for (a, ann) in tier.annotations.iter().enumerate() {
                annotations.entry(ann.id.as_str()).or_insert((t, a));
            }
        }
        let mut r = Resolver {
            doc,
            slots,
            annotations,
            interpolated: Vec::new(),
            ranks: HashMap::new(),
        };
        r.interpolated = doc.tiers.iter().map(|t| r.interpolate(t)).collect();
        r.ranks = r.sibling_ranks();
        r
    }

    /// Times for the unaligned slots a tier uses: the interval between the
    /// nearest slots with a time (among the tier's slots, in TIME_ORDER
    /// order) divided equally.
    fn interpolate(&self, tier: &'d Tier) -> HashMap<&'d str, i64> {
        let mut used: Vec<(usize, &'d TimeSlot)> = Vec::new();
        let mut seen = HashSet::new();
        for a in &tier.annotations {
            if let AnnotationKind::Aligned { slot1, slot2 } = &a.kind {
                for s in [slot1, slot2] {
                    if let Some(&(i, slot)) = self.slots.get(s.as_str())
                        && seen.insert(i)
                    {
                        used.push((i, slot));
                    }
                }
            }
        }
        let mut out = HashMap::new();
        if used.iter().all(|(_, s)| s.value.is_some() || s.bad_value.is_some()) {
            return out;
        }
        used.sort_by_key(|(i, _)| *i);
        // The nearest slot with a time before and after each place.
        let mut before = vec![None; used.len()];
        let mut after = vec![None; used.len()];
        let mut last = None;
        for (k, (_, slot)) in used.iter().enumerate() {
            before[k] = last;
            if let Some(v) = slot.value {
                last = Some((k, v));
            }
        }
        last = None;
        for (k, (_, slot)) in used.iter().enumerate().rev() {
            after[k] = last;
            if let Some(v) = slot.value {
                last = Some((k, v));
            }
        }
        for k in 0..used.len() {
            let slot = used[k].1;
            if slot.value.is_some() || slot.bad_value.is_some() {
                continue;
            }
            if let (Some((i, a)), Some((j, b))) = (before[k], after[k]) {
                // a + (b - a) * (k - i) / (j - i), to the nearest ms
                let num = (b as i128 - a as i128) * (k - i) as i128;
                let den = (j - i) as i128;
                let step = if num >= 0 {
                    (2 * num + den) / (2 * den)
                } else {
                    -((-2 * num + den) / (2 * den))
                };
                out.insert(slot.id.as_str(), (a as i128 + step) as i64);
            }
        }
        out
    }

    fn slot_time(&self, tier: usize, id: &str) -> SlotTime {
        match self.slots.get(id) {
            None => SlotTime::Missing(format!("its time slot '{id}' is not in the TIME_ORDER")),
            Some((_, slot)) => match (&slot.bad_value, slot.value) {
                (Some(bad), _) => SlotTime::Missing(format!(
                    "its time slot '{id}' (line {}) has TIME_VALUE \"{bad}\", which is not a time in milliseconds",
                    slot.line
                )),
                (None, Some(v)) => SlotTime::Known(v),
                (None, None) => match self.interpolated[tier].get(id) {
                    Some(&v) => SlotTime::Interpolated(v),
                    None => SlotTime::Missing(format!(
                        "its time slot '{id}' (line {}) has no time and no slot with a time on both sides of it in the tier",
                        slot.line
                    )),
                },
            },
        }
    }

    fn resolve(&self, tier: usize, index: usize) -> TimedAnnotation {
        let ann = &self.doc.tiers[tier].annotations[index];
        let mut out = TimedAnnotation {
            id: ann.id.clone(),
            start_ms: None,
            end_ms: None,
            value: ann.value.clone(),
            line: ann.line,
            interpolated: false,
            problem: None,
            order: Vec::new(),
        };
        // Follow references to an aligned annotation.
        let (mut t, mut a) = (tier, index);
        let mut order = Vec::new();
        let mut hops = 0;
        loop {
            let cur = &self.doc.tiers[t].annotations[a];
            match &cur.kind {
                AnnotationKind::Aligned { slot1, slot2 } => {
                    let mut times = [None, None];
                    for (k, s) in [slot1, slot2].into_iter().enumerate() {
                        match self.slot_time(t, s) {
                            SlotTime::Known(v) => times[k] = Some(v),
                            SlotTime::Interpolated(v) => {
                                times[k] = Some(v);
                                out.interpolated = true;
                            }
                            SlotTime::Missing(why) => {
                                out.problem.get_or_insert(if (t, a) == (tier, index) {
                                    why
                                } else {
                                    format!("the annotation it refers to, '{}', has no time: {why}", cur.id)
                                });
                            }
                        }
                    }
                    out.start_ms = times[0];
                    out.end_ms = times[1];
                    if let (Some(s), Some(e)) = (times[0], times[1])
                        && e < s
                    {
                        out.problem = Some(format!("it ends ({e} ms) before it starts ({s} ms)"));
                    }
                    break;
                }
                AnnotationKind::Ref { to, .. } => {
                    order.push(self.ranks.get(cur.id.as_str()).copied().unwrap_or(0));
                    hops += 1;
                    match self.annotations.get(to.as_str()) {
                        Some(&next) if hops <= 64 => (t, a) = next,
                        Some(_) => {
                            out.problem = Some("its chain of references loops".to_string());
                            break;
                        }
                        None => {
                            out.problem = Some(format!("it refers to annotation '{to}', which is not in the file"));
                            break;
                        }
                    }
                }
            }
        }
        order.reverse();
        out.order = order;
        out
    }

    /// Places of reference annotations among their siblings: how many
    /// steps `PREVIOUS_ANNOTATION` takes back to the first (a loop or a
    /// missing annotation ends the chain). Linear in the annotations.
    fn sibling_ranks(&self) -> HashMap<&'d str, usize> {
        let mut ranks: HashMap<&'d str, usize> = HashMap::new();
        for tier in &self.doc.tiers {
            for ann in &tier.annotations {
                // Walk back to an annotation whose rank is known, or the first.
                let mut chain: Vec<&'d str> = Vec::new();
                let mut on_chain: HashSet<&'d str> = HashSet::new();
                let mut cur: &'d Annotation = ann;
                let base = loop {
                    if let Some(&r) = ranks.get(cur.id.as_str()) {
                        break Some(r);
                    }
                    if !on_chain.insert(cur.id.as_str()) {
                        break None; // a loop: the chain starts here
                    }
                    chain.push(cur.id.as_str());
                    match &cur.kind {
                        AnnotationKind::Ref {
                            previous: Some(prev), ..
                        } => match self.annotations.get(prev.as_str()) {
                            Some(&(t, a)) => cur = &self.doc.tiers[t].annotations[a],
                            None => break None,
                        },
                        _ => break None,
                    }
                };
                let first = base.map_or(0, |r| r + 1);
                for (rank, id) in (first..).zip(chain.into_iter().rev()) {
                    ranks.entry(id).or_insert(rank);
                }
            }
        }
        ranks
    }
}

// ---------------------------------------------------------------------------
// XML

/// Lines of a text, counted forward as positions grow (LF, CRLF or CR).
struct Lines<'t> {
    text: &'t [u8],
    pos: usize,
    line: usize,
}

impl<'t> Lines<'t> {
    fn new(text: &'t str) -> Self {
        Lines {
            text: text.as_bytes(),
            pos: 0,
            line: 1,
        }
    }

    /// 1-based line of a byte position; positions that grow cost only the
    /// bytes between them.
    fn line(&mut self, pos: u64) -> usize {
        let pos = (pos as usize).min(self.text.len());
        if pos < self.pos {
            self.pos = 0;
            self.line = 1;
        }
        for i in self.pos..pos {
            match self.text[i] {
                b'\n' => self.line += 1,
                b'\r' if self.text.get(i + 1) != Some(&b'\n') => self.line += 1,
                _ => {}
            }
        }
        self.pos = pos;
        self.line
    }

    /// 1-based line and column of a byte position (for errors: the column
    /// costs the length of the line).
    fn at(&mut self, pos: u64) -> (usize, usize) {
        let line = self.line(pos);
        let pos = self.pos;
        let start = self.text[..pos]
            .iter()
            .rposition(|&b| b == b'\n' || b == b'\r')
            .map_or(0, |i| i + 1);
        let column = String::from_utf8_lossy(&self.text[start..pos]).chars().count() + 1;
        (line, column)
    }
}

fn xml_error(path: &Path, lines: &mut Lines, pos: u64, message: impl Into<String>) -> ImportError {
    let (line, column) = lines.at(pos);
    ImportError::Parse {
        path: path.to_path_buf(),
        line,
        column: Some(column),
        message: message.into(),
    }
}

fn attributes(
    e: &BytesStart,
    path: &Path,
    lines: &mut Lines,
    pos: u64,
) -> Result<HashMap<String, String>, ImportError> {
    let mut out = HashMap::new();
    for attr in e.attributes() {
        let attr = attr.map_err(|err| xml_error(path, lines, pos, format!("invalid XML: {err}")))?;
        let value = attr
            .normalized_value(XmlVersion::Implicit1_0)
            .map_err(|err| xml_error(path, lines, pos, format!("invalid XML: {err}")))?;
        out.insert(attr.key.local_name().as_ref().to_string(), value.into_owned());
    }
    Ok(out)
}

/// Text of the file: UTF-8 (with or without a byte-order mark), UTF-16
/// with a byte-order mark, or the legacy encoding the bytes most likely are.
fn text_of(bytes: &[u8]) -> (String, Option<String>) {
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        let encoding = if bytes[0] == 0xFF {
            encoding_rs::UTF_16LE
        } else {
            encoding_rs::UTF_16BE
        };
        let (text, _, _) = encoding.decode(bytes);
        return (text.into_owned(), Some(format!("the file is {}", encoding.name())));
    }
    decode_text(bytes)
}

/// Reads an ELAN file into a `Document`. XML that is not well formed, a
/// file that is not an ELAN document, an empty or truncated file: an
/// error naming the file and the line.
pub fn parse(path: &Path, bytes: &[u8]) -> Result<Document, ImportError> {
    let (text, encoding_note) = text_of(bytes);
    let mut lines = Lines::new(&text);
    if text.trim().is_empty() {
        return Err(ImportError::parse(
            path,
            1,
            "the file is empty: an ELAN file is XML whose root element is ANNOTATION_DOCUMENT",
        ));
    }
    let mut doc = Document::default();
    if let Some(note) = encoding_note {
        doc.notes.push(note);
    }
    let mut reader = Reader::from_str(&text);
    // Element names open, with the line each was opened on.
    let mut stack: Vec<(String, usize)> = Vec::new();
    let mut root_seen = false;
    let mut value: Option<String> = None; // inside ANNOTATION_VALUE or PROPERTY
    let mut property: Option<String> = None; // the PROPERTY's name
    let mut tier_ids: HashSet<String> = HashSet::new();
    let mut ann_ids: HashSet<String> = HashSet::new();
    let mut duplicates = 0usize;
    loop {
        let pos = reader.buffer_position();
        let event = reader.read_event().map_err(|err| {
            let at = reader.error_position();
            xml_error(path, &mut lines, at, format!("invalid XML: {err}"))
        })?;
        let (start, empty) = match &event {
            Event::Start(e) => (Some(e), false),
            Event::Empty(e) => (Some(e), true),
            _ => (None, false),
        };
        if let Some(e) = start {
            let name = e.local_name().as_ref().to_string();
            let line = lines.line(pos);
            if stack.is_empty() {
                if root_seen {
                    return Err(xml_error(
                        path,
                        &mut lines,
                        pos,
                        format!("invalid XML: a second root element <{name}>"),
                    ));
                }
                root_seen = true;
                if name != "ANNOTATION_DOCUMENT" {
                    return Err(xml_error(
                        path,
                        &mut lines,
                        pos,
                        format!("not an ELAN file: the root element is <{name}>, not <ANNOTATION_DOCUMENT>"),
                    ));
                }
                let attrs = attributes(e, path, &mut lines, pos)?;
                doc.version = attrs
                    .get("FORMAT")
                    .or_else(|| attrs.get("VERSION"))
                    .cloned()
                    .unwrap_or_default();
            } else {
                let parent = stack.last().map(|(n, _)| n.as_str()).unwrap_or("");
                match (parent, name.as_str()) {
                    ("ANNOTATION_DOCUMENT", "HEADER") => {
                        let attrs = attributes(e, path, &mut lines, pos)?;
                        doc.time_units = attrs.get("TIME_UNITS").cloned();
                    }
                    ("HEADER", "MEDIA_DESCRIPTOR") => {
                        let mut attrs = attributes(e, path, &mut lines, pos)?;
                        doc.media.push(MediaDescriptor {
                            url: attrs.remove("MEDIA_URL").unwrap_or_default(),
                            relative_url: attrs.remove("RELATIVE_MEDIA_URL").filter(|s| !s.is_empty()),
                            mime: attrs.remove("MIME_TYPE"),
                            time_origin: attrs.get("TIME_ORIGIN").and_then(|s| s.trim().parse().ok()),
                            extracted_from: attrs.remove("EXTRACTED_FROM"),
                        });
                    }
                    ("TIME_ORDER", "TIME_SLOT") => {
                        let mut attrs = attributes(e, path, &mut lines, pos)?;
                        let id = attrs
                            .remove("TIME_SLOT_ID")
                            .ok_or_else(|| xml_error(path, &mut lines, pos, "a TIME_SLOT without TIME_SLOT_ID"))?;
                        let (value, bad_value) = match attrs.remove("TIME_VALUE") {
                            None => (None, None),
                            Some(v) => match v.trim().parse::<i64>() {
                                Ok(ms) if (0..=MAX_MS).contains(&ms) => (Some(ms), None),
                                _ => (None, Some(v)),
                            },
                        };
                        doc.slots.push(TimeSlot {
                            id,
                            value,
                            bad_value,
                            line,
                        });
                    }
                    ("ANNOTATION_DOCUMENT", "TIER") => {
                        let mut attrs = attributes(e, path, &mut lines, pos)?;
                        let id = attrs
                            .remove("TIER_ID")
                            .ok_or_else(|| xml_error(path, &mut lines, pos, "a TIER without TIER_ID"))?;
                        if !tier_ids.insert(id.clone()) {
                            doc.notes.push(format!(
                                "line {line}: a second tier '{id}': ELAN does not allow two tiers with one id; the first is used"
                            ));
                        }
                        doc.tiers.push(Tier {
                            id,
                            linguistic_type: attrs.remove("LINGUISTIC_TYPE_REF").unwrap_or_default(),
                            parent: attrs.remove("PARENT_REF"),
                            participant: attrs.remove("PARTICIPANT"),
                            line,
                            annotations: Vec::new(),
                        });
                    }
                    ("ANNOTATION", "ALIGNABLE_ANNOTATION" | "REF_ANNOTATION")
                        if stack.len() >= 3 && stack[stack.len() - 2].0 == "TIER" =>
                    {
                        let mut attrs = attributes(e, path, &mut lines, pos)?;
                        let id = attrs.remove("ANNOTATION_ID").unwrap_or_default();
                        let kind = if name == "ALIGNABLE_ANNOTATION" {
                            AnnotationKind::Aligned {
                                slot1: attrs.remove("TIME_SLOT_REF1").unwrap_or_default(),
                                slot2: attrs.remove("TIME_SLOT_REF2").unwrap_or_default(),
                            }
                        } else {
                            AnnotationKind::Ref {
                                to: attrs.remove("ANNOTATION_REF").unwrap_or_default(),
                                previous: attrs.remove("PREVIOUS_ANNOTATION"),
                            }
                        };
                        if !id.is_empty() && !ann_ids.insert(id.clone()) {
                            duplicates += 1;
                        }
                        if let Some(tier) = doc.tiers.last_mut() {
                            tier.annotations.push(Annotation {
                                id,
                                kind,
                                value: String::new(),
                                line,
                            });
                        }
                    }
                    ("ALIGNABLE_ANNOTATION" | "REF_ANNOTATION", "ANNOTATION_VALUE") => {
                        value = Some(String::new());
                    }
                    ("HEADER", "PROPERTY") => {
                        let mut attrs = attributes(e, path, &mut lines, pos)?;
                        property = Some(attrs.remove("NAME").unwrap_or_default());
                        value = Some(String::new());
                    }
                    ("ANNOTATION_DOCUMENT", "LINGUISTIC_TYPE") => {
                        let mut attrs = attributes(e, path, &mut lines, pos)?;
                        doc.linguistic_types.push(LinguisticType {
                            id: attrs.remove("LINGUISTIC_TYPE_ID").unwrap_or_default(),
                            time_alignable: attrs.get("TIME_ALIGNABLE").map(|v| v.trim() == "true"),
                            constraint: attrs.remove("CONSTRAINTS").filter(|c| !c.is_empty()),
                        });
                    }
                    _ => {}
                }
            }
            if !empty {
                stack.push((name, line));
            } else if name == "ANNOTATION_VALUE" || name == "PROPERTY" {
                value = None;
                property = None;
            }
            continue;
        }
        match event {
            Event::End(e) => {
                let name = e.local_name().as_ref().to_string();
                if name == "ANNOTATION_VALUE"
                    && let Some(v) = value.take()
                    && let Some(ann) = doc.tiers.last_mut().and_then(|t| t.annotations.last_mut())
                {
                    ann.value = v;
                } else if name == "PROPERTY"
                    && let (Some(p), Some(v)) = (property.take(), value.take())
                {
                    doc.properties.push((p, v));
                }
                stack.pop();
            }
            Event::Text(t) => {
                if let Some(v) = value.as_mut() {
                    v.push_str(&t.xml10_content());
                } else if stack.is_empty() && !t.xml10_content().trim().is_empty() {
                    return Err(xml_error(
                        path,
                        &mut lines,
                        pos,
                        "invalid XML: text outside the root element",
                    ));
                }
            }
            Event::CData(t) => {
                if let Some(v) = value.as_mut() {
                    v.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) => {
                let resolved: Cow<str> = match r.resolve_char_ref() {
                    Ok(Some(c)) => Cow::Owned(c.to_string()),
                    Ok(None) => match quick_xml::escape::resolve_predefined_entity(&r) {
                        Some(s) => Cow::Borrowed(s),
                        None => {
                            return Err(xml_error(
                                path,
                                &mut lines,
                                pos,
                                format!("invalid XML: unknown entity &{};", &*r),
                            ));
                        }
                    },
                    Err(err) => return Err(xml_error(path, &mut lines, pos, format!("invalid XML: {err}"))),
                };
                if let Some(v) = value.as_mut() {
                    v.push_str(&resolved);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if let Some((name, line)) = stack.last() {
        let end = lines.line(text.len() as u64);
        return Err(ImportError::parse(
            path,
            end,
            format!("the file ends inside <{name}> (opened on line {line}): it is cut short"),
        ));
    }
    if !root_seen {
        return Err(ImportError::parse(
            path,
            1,
            "not an ELAN file: there is no ANNOTATION_DOCUMENT element",
        ));
    }
    if duplicates > 0 {
        doc.notes.push(format!(
            "{duplicates} annotation ids are used twice: references to them go to the first"
        ));
    }
    Ok(doc)
}

// ---------------------------------------------------------------------------
// Import

/// The last part of a media URL or path, with `%XX` escapes decoded.
fn file_name(url: &str) -> String {
    let url = url.trim();
    let last = url.rsplit(['/', '\\']).next().unwrap_or(url);
    let bytes = last.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && bytes[i + 1].is_ascii_hexdigit()
            && bytes[i + 2].is_ascii_hexdigit()
        {
            let hex = |b: u8| (b as char).to_digit(16).unwrap_or(0) as u8;
            out.push(hex(bytes[i + 1]) * 16 + hex(bytes[i + 2]));
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn is_absolute_url(url: &str) -> bool {
    let u = url.trim().to_ascii_lowercase();
    u.starts_with("file:///")
        || u.starts_with("file://")
        || u.starts_with("http://")
        || u.starts_with("https://")
        || u.starts_with('/')
        || (u.len() > 2 && u.as_bytes()[1] == b':' && u.as_bytes()[0].is_ascii_alphabetic())
}

/// Picks the film's media: the first video, else the first descriptor.
fn film_media(doc: &Document, report: &mut ImportReport) -> Option<String> {
    let chosen = doc
        .media
        .iter()
        .find(|m| m.mime.as_deref().is_some_and(|t| t.starts_with("video")))
        .or_else(|| doc.media.first())?;
    let url = chosen.relative_url.as_deref().unwrap_or(&chosen.url);
    let name = file_name(url);
    if name.is_empty() {
        return None;
    }
    if chosen.relative_url.is_none() && is_absolute_url(&chosen.url) {
        report.note(format!(
            "the media is named by an absolute URL, {}: the film's media is its file name, {name}; put the file beside the project or set the film's media",
            chosen.url
        ));
    } else if chosen.relative_url.is_some() && chosen.url != url {
        report.note(format!(
            "the film's media is {name} (from the relative URL {url}; the absolute one was {})",
            chosen.url
        ));
    }
    let others: Vec<String> = doc
        .media
        .iter()
        .filter(|m| !std::ptr::eq(*m, chosen))
        .map(|m| {
            format!(
                "{} ({})",
                file_name(m.relative_url.as_deref().unwrap_or(&m.url)),
                m.mime.as_deref().unwrap_or("no MIME type")
            )
        })
        .collect();
    if !others.is_empty() {
        report.note(format!("other media in the file, not used: {}", others.join(", ")));
    }
    Some(name)
}

/// Annotations of a tier that overlap `[start, end)` ms, their values.
fn overlapping(anns: &[TimedAnnotation], start: i64, end: i64) -> Vec<&str> {
    anns.iter()
        .filter(|a| a.problem.is_none())
        .filter_map(|a| Some((a.start_ms?, a.end_ms?, a)))
        .filter(|&(s, e, _)| {
            if s == e {
                s >= start && s < end
            } else {
                s < end && e > start
            }
        })
        .map(|(_, _, a)| a.value.trim())
        .filter(|v| !v.is_empty())
        .collect()
}

/// Strips `N: ` shot numbers when every value has one and they increase.
fn shot_numbers(values: &[&str]) -> Option<Vec<usize>> {
    let mut last = 0usize;
    let mut lens = Vec::with_capacity(values.len());
    for v in values {
        let digits = v.bytes().take_while(|b| b.is_ascii_digit()).count();
        if digits == 0 || digits > 9 || v.as_bytes().get(digits) != Some(&b':') {
            return None;
        }
        let n: usize = v[..digits].parse().ok()?;
        if n <= last {
            return None;
        }
        last = n;
        let rest = &v[digits + 1..];
        lens.push(digits + 1 + usize::from(rest.starts_with(' ')));
    }
    (!values.is_empty()).then_some(lens)
}

fn check_tier<'d>(doc: &'d Document, path: &Path, id: &str, what: &str) -> Result<&'d Tier, ImportError> {
    doc.tier(id).ok_or_else(|| {
        let near: Vec<&str> = doc
            .tiers
            .iter()
            .filter(|t| t.id.eq_ignore_ascii_case(id))
            .map(|t| t.id.as_str())
            .collect();
        let hint = if near.is_empty() {
            String::new()
        } else {
            format!(
                " (tier ids are case-sensitive: did you mean '{}'?)",
                near.join("' or '")
            )
        };
        ImportError::invalid(
            path,
            format!("there is no {what} tier '{id}'{hint}: {}", doc.tier_list()),
        )
    })
}

pub fn read(path: &Path, bytes: &[u8], options: &ImportOptions) -> Result<ImportedFilm, ImportError> {
    let doc = parse(path, bytes)?;
    let mut report = ImportReport::new(path, ImportFormat::Eaf);
    for n in &doc.notes {
        report.note(n.clone());
    }
    if !doc.version.is_empty() {
        let major: u32 = doc
            .version
            .split('.')
            .next()
            .and_then(|m| m.trim().parse().ok())
            .unwrap_or(0);
        if major > 3 {
            report.note(format!("EAF {} is newer than 3.0: read as 3.0", doc.version));
        }
    }
    if let Some(units) = &doc.time_units
        && units != "milliseconds"
    {
        report.note(format!(
            "TIME_UNITS says \"{units}\": ELAN reads every time as milliseconds whatever it says, and so does Découpage"
        ));
    }

    // The shot tier.
    let tier = match &options.tier {
        Some(id) => {
            let tier = check_tier(&doc, path, id, "shot")?;
            if !doc.time_alignable(tier) {
                return Err(ImportError::invalid(
                    path,
                    format!(
                        "tier '{id}' is symbolic ({}): its annotations have no times of their own, so they cannot be shots; choose a time-alignable tier (its parent is '{}'), and give '{id}' as a description or note tier: {}",
                        doc.constraint(tier).unwrap_or("a reference tier"),
                        tier.parent.as_deref().unwrap_or("?"),
                        doc.tier_list()
                    ),
                ));
            }
            tier
        }
        None => {
            let tier = doc
                .tiers
                .iter()
                .find(|t| doc.time_alignable(t) && !t.annotations.is_empty())
                .ok_or_else(|| {
                    ImportError::invalid(
                        path,
                        format!(
                            "no time-alignable tier has annotations, so there are no shots: {}",
                            doc.tier_list()
                        ),
                    )
                })?;
            report.note(format!(
                "shots from tier '{}', the first time-alignable tier with annotations (give --tier to choose another)",
                tier.id
            ));
            tier
        }
    };
    let description_tiers: Vec<&Tier> = options
        .description_tiers
        .iter()
        .map(|id| check_tier(&doc, path, id, "description"))
        .collect::<Result<_, _>>()?;
    let note_tiers: Vec<&Tier> = options
        .note_tiers
        .iter()
        .map(|id| check_tier(&doc, path, id, "note"))
        .collect::<Result<_, _>>()?;

    let rate = match options.rate {
        Some(r) => r,
        None => {
            report.note(format!(
                "an ELAN file has no frame rate: times counted at {DEFAULT_RATE} fps (give --rate to choose)"
            ));
            DEFAULT_RATE
        }
    };

    // The shot tier's annotations, in time order.
    let mut timed = doc.timed(&tier.id).unwrap_or_default();
    timed.retain(|a| {
        let place = format!("tier {}, annotation {}", tier.id, a.id);
        let why = match (&a.problem, a.start_ms, a.end_ms) {
            (Some(p), _, _) => p.clone(),
            (None, Some(s), Some(e)) if s == e => format!("it has no duration (starts and ends at {s} ms)"),
            (None, Some(_), Some(_)) => return true,
            _ => "it has no time".to_string(),
        };
        report.skip(Some(a.line), place, why);
        false
    });
    let unaligned = doc.interpolated_slots(&tier.id);
    for (slot, ms) in unaligned.iter().take(10) {
        report.note(format!(
            "time slot {} (line {}) has no time: {ms} ms is used, dividing the interval between the nearest slots with a time on tier '{}' equally, as ELAN proposes it",
            slot.id, slot.line, tier.id
        ));
    }
    if unaligned.len() > 10 {
        report.note(format!(
            "{} more time slots without a time, interpolated in the same way",
            unaligned.len() - 10
        ));
    }
    // Shot numbers, where this module wrote them.
    let numbered = doc
        .properties
        .iter()
        .any(|(name, value)| name == NUMBERS_PROPERTY && value.trim() == tier.id);
    let values: Vec<&str> = timed.iter().map(|a| a.value.as_str()).collect();
    let numbers = if numbered { shot_numbers(&values) } else { None };
    if numbers.is_some() {
        report.note(format!(
            "the values of tier '{}' start with the shot numbers ('N: ', as Découpage writes them): the numbers are dropped from the descriptions",
            tier.id
        ));
    }

    // Framing, from a tier 'framing' that depends on the shot tier.
    let framing: HashMap<String, String> = doc
        .tiers
        .iter()
        .find(|t| t.id == "framing" && t.parent.as_deref() == Some(tier.id.as_str()))
        .map(|t| {
            t.annotations
                .iter()
                .filter_map(|a| match &a.kind {
                    AnnotationKind::Ref { to, .. } if !a.value.trim().is_empty() => {
                        Some((to.clone(), a.value.trim().to_string()))
                    }
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default();

    let described: Vec<(String, Vec<TimedAnnotation>)> = description_tiers
        .iter()
        .map(|t| (t.id.clone(), doc.timed(&t.id).unwrap_or_default()))
        .collect();
    let noted: Vec<(String, Vec<TimedAnnotation>)> = note_tiers
        .iter()
        .map(|t| (t.id.clone(), doc.timed(&t.id).unwrap_or_default()))
        .collect();

    let origin = doc
        .media
        .iter()
        .find(|m| m.mime.as_deref().is_some_and(|t| t.starts_with("video")))
        .or_else(|| doc.media.first())
        .and_then(|m| m.time_origin)
        .unwrap_or(0);
    let media = film_media(&doc, &mut report);
    if origin != 0 {
        report.note(format!(
            "the media's TIME_ORIGIN is {origin} ms: shot source in/out frames count from the media's start"
        ));
    }

    let first = timed.first().map(|a| rate.millis_to_frames(a.start_ms.unwrap_or(0)));
    let mut shots = Vec::with_capacity(timed.len());
    let mut boundaries = 0usize;
    let mut moved = 0usize;
    let mut max_moved = 0f64;
    let mut overlaps = 0usize;
    let mut too_short = 0usize;
    let mut last_end: Option<i64> = None;
    for (i, a) in timed.iter().enumerate() {
        let (s_ms, e_ms) = (a.start_ms.unwrap_or(0), a.end_ms.unwrap_or(0));
        let (s, e) = (rate.millis_to_frames(s_ms), rate.millis_to_frames(e_ms));
        for (ms, f) in [(s_ms, s), (e_ms, e)] {
            boundaries += 1;
            // |f * 1000 * den / num - ms| in ms
            let diff = (f as i128 * 1000 * rate.den() as i128 - ms as i128 * rate.num() as i128).abs();
            if diff != 0 {
                moved += 1;
                max_moved = max_moved.max(diff as f64 / rate.num() as f64);
            }
        }
        if e <= s {
            too_short += 1;
            report.skip(
                Some(a.line),
                format!("tier {}, annotation {}", tier.id, a.id),
                format!("it lasts {} ms, less than half a frame at {rate} fps", e_ms - s_ms),
            );
            continue;
        }
        if last_end.is_some_and(|l| s < l) {
            overlaps += 1;
        }
        last_end = Some(last_end.map_or(e, |l| l.max(e)));
        let own = match &numbers {
            Some(lens) => a.value[lens[i]..].trim(),
            None => a.value.trim(),
        };
        let mut shot = Shot::new(shots.len() as u32 + 1);
        shot.start = Some(Frame(s - first.unwrap_or(0)));
        shot.length = Some(Length {
            frames: e - s,
            source: LengthSource::Derived {
                from: format!("ELAN tier '{}', {s_ms}–{e_ms} ms at {rate} fps", tier.id),
            },
        });
        let mut notes = Vec::new();
        if described.is_empty() {
            shot.description = own.to_string();
        } else {
            let parts: Vec<String> = described
                .iter()
                .map(|(_, anns)| overlapping(anns, s_ms, e_ms).join(" "))
                .filter(|p| !p.is_empty())
                .collect();
            shot.description = parts.join(" / ");
            if !own.is_empty() && !options.description_tiers.contains(&tier.id) {
                notes.push(format!("{}: {own}", tier.id));
            }
        }
        for (id, anns) in &noted {
            let text = overlapping(anns, s_ms, e_ms).join(" ");
            if !text.is_empty() {
                notes.push(format!("{id}: {text}"));
            }
        }
        shot.notes = notes.join("\n");
        shot.framing = framing.get(&a.id).cloned();
        shot.source = Some(SourceClip {
            clip_name: String::new(),
            source: media.clone().unwrap_or_default(),
            source_in: Some(Frame(rate.millis_to_frames(s_ms.saturating_add(origin)))),
            source_out: Some(Frame(rate.millis_to_frames(e_ms.saturating_add(origin)))),
        });
        shots.push(shot);
    }
    if boundaries > 0 {
        let how = if moved == 0 {
            "none moved".to_string()
        } else {
            format!("{moved} of {boundaries} boundaries moved by up to {max_moved:.1} ms")
        };
        report.note(format!("times rounded to the nearest frame at {rate} fps; {how}"));
    }
    if too_short > 0 {
        report.note(format!("{too_short} annotations shorter than half a frame skipped"));
    }
    if overlaps > 0 {
        report.note(format!(
            "{overlaps} shot{} start before the previous one ends (the tier's annotations overlap)",
            if overlaps == 1 { "" } else { "s" }
        ));
    }
    if !framing.is_empty() {
        report.note(format!(
            "framing of the shots from tier 'framing' ({} values)",
            framing.len()
        ));
    }
    Ok(ImportedFilm {
        title: String::new(),
        rate: Some(rate),
        timecode_start: None,
        drop_frame: false,
        shots,
        media,
        report,
    })
}

// ---------------------------------------------------------------------------
// Export

/// Text for XML content and attribute values: the five special characters
/// escaped, characters XML 1.0 cannot hold dropped, line breaks kept.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

fn mime_of(media: &str) -> &'static str {
    let ext = Path::new(media)
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "mp4" | "m4v" => "video/mp4",
        "mpg" | "mpeg" | "mpe" => "video/mpeg",
        "mov" | "qt" => "video/quicktime",
        "avi" => "video/x-msvideo",
        "mkv" => "video/x-matroska",
        "webm" => "video/webm",
        "ogv" => "video/ogg",
        "wav" => "audio/x-wav",
        "mp3" => "audio/mpeg",
        _ => "unknown",
    }
}

/// A relative path as a URL path: `/` separators, unsafe bytes escaped.
fn url_path(path: &str) -> String {
    let mut out = String::new();
    for b in path.replace('\\', "/").bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=:@".contains(&b) {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// Today's date and time, UTC, as ELAN writes it.
fn now_iso() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    // civil from days (Howard Hinnant)
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}+00:00",
        rem / 3600,
        rem / 60 % 60,
        rem % 60
    )
}

/// Where the film's first frame is in its media, in frames: when every
/// shot written names the film's media as its source, at one offset from
/// its start, with a source range as long as the shot (as after an ELAN
/// import, whose shots keep their media frames), that offset, so that the
/// annotations go back to their media times; otherwise 0.
fn media_offset(film: &Film, shots: &[(usize, &Shot, i64, i64)]) -> i64 {
    let Some(media) = film.media.as_deref() else {
        return 0;
    };
    let name = file_name(media);
    let mut offset = None;
    for &(_, shot, start, end) in shots {
        let Some(SourceClip {
            source,
            source_in: Some(from),
            source_out: Some(to),
            ..
        }) = &shot.source
        else {
            return 0;
        };
        let here = from.0.checked_sub(start);
        if *source != name || here.is_none() || to.0.checked_sub(from.0) != Some(end - start) {
            return 0;
        }
        match offset {
            None => offset = here,
            Some(o) if Some(o) == here => {}
            Some(_) => return 0,
        }
    }
    offset.filter(|&o| o > 0 && o < MAX_MS).unwrap_or(0)
}

/// The film as an ELAN 3.0 file (see the module's documentation).
pub fn write(project: &Project, film: &Film) -> Result<String, String> {
    let rate = film.rate.ok_or_else(|| {
        format!(
            "film '{}' has no frame rate, and ELAN counts time in milliseconds: set the film's rate first (in the film's details, or `rate: \"25\"` in the project file)",
            film.id
        )
    })?;
    // Shots of known start and length, in time order.
    let mut shots: Vec<(usize, &Shot, i64, i64)> = film
        .shots
        .iter()
        .enumerate()
        .filter_map(|(i, s)| {
            let start = s.start?.0;
            let end = start.checked_add(s.frames()?)?;
            (start >= 0 && end > start).then_some((i + 1, s, start, end))
        })
        .collect();
    shots.sort_by_key(|&(n, _, start, _)| (start, n));

    let mut out = String::new();
    let _ = writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#);
    let _ = writeln!(
        out,
        r#"<ANNOTATION_DOCUMENT AUTHOR="Découpage" DATE="{}" FORMAT="3.0" VERSION="3.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="http://www.mpi.nl/tools/elan/EAFv3.0.xsd">"#,
        now_iso()
    );
    let _ = writeln!(out, r#"    <HEADER MEDIA_FILE="" TIME_UNITS="milliseconds">"#);
    if let Some(media) = film.media.as_deref().filter(|m| !m.trim().is_empty()) {
        let rel = url_path(media);
        let rel = if rel.starts_with('/') || rel.starts_with("./") || rel.starts_with("../") {
            rel
        } else {
            format!("./{rel}")
        };
        let _ = writeln!(
            out,
            r#"        <MEDIA_DESCRIPTOR MEDIA_URL="{}" MIME_TYPE="{}" RELATIVE_MEDIA_URL="{}"/>"#,
            esc(&rel),
            mime_of(media),
            esc(&rel)
        );
    }
    let shot_ids = shots.len();
    let framing_count = shots.iter().filter(|(_, s, _, _)| s.framing.is_some()).count();
    let evidence_count: usize = shots.iter().map(|(_, s, _, _)| s.evidence.len()).sum();
    let _ = writeln!(
        out,
        r#"        <PROPERTY NAME="{NUMBERS_PROPERTY}">shots</PROPERTY>
        <PROPERTY NAME="lastUsedAnnotationId">{}</PROPERTY>"#,
        shot_ids + framing_count + evidence_count
    );
    let _ = writeln!(out, "    </HEADER>");

    // Two slots a shot, in time order, at the shots' places in the media.
    let offset = media_offset(film, &shots);
    let mut slots: Vec<(i64, usize, usize)> = Vec::new(); // (ms, shot place, 0 begin / 1 end)
    for (k, &(_, _, start, end)) in shots.iter().enumerate() {
        slots.push((rate.frames_to_millis(start + offset), k, 0));
        slots.push((rate.frames_to_millis(end + offset), k, 1));
    }
    slots.sort();
    let mut slot_id = vec![[0usize; 2]; shots.len()];
    if slots.is_empty() {
        let _ = writeln!(out, "    <TIME_ORDER/>");
    } else {
        let _ = writeln!(out, "    <TIME_ORDER>");
        for (i, &(ms, k, side)) in slots.iter().enumerate() {
            slot_id[k][side] = i + 1;
            let _ = writeln!(
                out,
                r#"        <TIME_SLOT TIME_SLOT_ID="ts{}" TIME_VALUE="{ms}"/>"#,
                i + 1
            );
        }
        let _ = writeln!(out, "    </TIME_ORDER>");
    }

    let mut next_id = 0usize;
    let mut ann_id = Vec::with_capacity(shots.len());
    let _ = writeln!(out, r#"    <TIER LINGUISTIC_TYPE_REF="shot" TIER_ID="shots">"#);
    for (k, (n, shot, _, _)) in shots.iter().enumerate() {
        next_id += 1;
        ann_id.push(next_id);
        let value = if shot.description.trim().is_empty() {
            format!("{n}:")
        } else {
            format!("{n}: {}", shot.description.trim())
        };
        let _ = writeln!(
            out,
            "        <ANNOTATION>\n            <ALIGNABLE_ANNOTATION ANNOTATION_ID=\"a{next_id}\" TIME_SLOT_REF1=\"ts{}\" TIME_SLOT_REF2=\"ts{}\">\n                <ANNOTATION_VALUE>{}</ANNOTATION_VALUE>\n            </ALIGNABLE_ANNOTATION>\n        </ANNOTATION>",
            slot_id[k][0],
            slot_id[k][1],
            esc(&value)
        );
    }
    let _ = writeln!(out, "    </TIER>");

    let _ = writeln!(
        out,
        r#"    <TIER LINGUISTIC_TYPE_REF="framing" PARENT_REF="shots" TIER_ID="framing">"#
    );
    for (k, (_, shot, _, _)) in shots.iter().enumerate() {
        if let Some(code) = &shot.framing {
            next_id += 1;
            let _ = writeln!(
                out,
                "        <ANNOTATION>\n            <REF_ANNOTATION ANNOTATION_ID=\"a{next_id}\" ANNOTATION_REF=\"a{}\">\n                <ANNOTATION_VALUE>{}</ANNOTATION_VALUE>\n            </REF_ANNOTATION>\n        </ANNOTATION>",
                ann_id[k],
                esc(code)
            );
        }
    }
    let _ = writeln!(out, "    </TIER>");

    let _ = writeln!(
        out,
        r#"    <TIER LINGUISTIC_TYPE_REF="evidence" PARENT_REF="shots" TIER_ID="evidence">"#
    );
    for (k, (_, shot, _, _)) in shots.iter().enumerate() {
        let mut previous: Option<usize> = None;
        for ev in &shot.evidence {
            next_id += 1;
            let mut value = format!("{} {}: {}", ev.claim, ev.stance.name(), ev.observation.trim());
            if !ev.source.trim().is_empty() {
                let _ = write!(value, " ({})", ev.source.trim());
            }
            let prev = previous.map_or(String::new(), |p| format!(" PREVIOUS_ANNOTATION=\"a{p}\""));
            let _ = writeln!(
                out,
                "        <ANNOTATION>\n            <REF_ANNOTATION ANNOTATION_ID=\"a{next_id}\" ANNOTATION_REF=\"a{}\"{prev}>\n                <ANNOTATION_VALUE>{}</ANNOTATION_VALUE>\n            </REF_ANNOTATION>\n        </ANNOTATION>",
                ann_id[k],
                esc(&value)
            );
            previous = Some(next_id);
        }
    }
    let _ = writeln!(out, "    </TIER>");

    out.push_str(
        r#"    <LINGUISTIC_TYPE GRAPHIC_REFERENCES="false" LINGUISTIC_TYPE_ID="shot" TIME_ALIGNABLE="true"/>
    <LINGUISTIC_TYPE CONSTRAINTS="Symbolic_Association" CONTROLLED_VOCABULARY_REF="framing" GRAPHIC_REFERENCES="false" LINGUISTIC_TYPE_ID="framing" TIME_ALIGNABLE="false"/>
    <LINGUISTIC_TYPE CONSTRAINTS="Symbolic_Subdivision" GRAPHIC_REFERENCES="false" LINGUISTIC_TYPE_ID="evidence" TIME_ALIGNABLE="false"/>
    <LANGUAGE LANG_DEF="http://cdb.iso.org/lg/CDB-00130975-001" LANG_ID="eng" LANG_LABEL="English (eng)"/>
    <CONSTRAINT DESCRIPTION="Time subdivision of parent annotation's time interval, no time gaps allowed within this interval" STEREOTYPE="Time_Subdivision"/>
    <CONSTRAINT DESCRIPTION="Symbolic subdivision of a parent annotation. Annotations refering to the same parent are ordered" STEREOTYPE="Symbolic_Subdivision"/>
    <CONSTRAINT DESCRIPTION="1-1 association with a parent annotation" STEREOTYPE="Symbolic_Association"/>
    <CONSTRAINT DESCRIPTION="Time alignable annotations within the parent annotation's time interval, gaps are allowed" STEREOTYPE="Included_In"/>
"#,
    );
    let _ = writeln!(out, r#"    <CONTROLLED_VOCABULARY CV_ID="framing">"#);
    let _ = writeln!(
        out,
        r#"        <DESCRIPTION LANG_REF="eng">Shot scale, from the closest to the widest</DESCRIPTION>"#
    );
    for (i, term) in project.vocabularies.framing.iter().enumerate() {
        let _ = writeln!(
            out,
            r#"        <CV_ENTRY_ML CVE_ID="cveid{}">
            <CVE_VALUE DESCRIPTION="{}" LANG_REF="eng">{}</CVE_VALUE>
        </CV_ENTRY_ML>"#,
            i + 1,
            esc(format!("{}: {}", term.label, term.definition).trim_end_matches([':', ' '])),
            esc(&term.code)
        );
    }
    let _ = writeln!(out, "    </CONTROLLED_VOCABULARY>");
    let _ = writeln!(out, "</ANNOTATION_DOCUMENT>");
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p() -> &'static Path {
        Path::new("test.eaf")
    }

    const SMALL: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<ANNOTATION_DOCUMENT FORMAT="3.0" VERSION="3.0">
    <HEADER TIME_UNITS="milliseconds"/>
    <TIME_ORDER>
        <TIME_SLOT TIME_SLOT_ID="ts1" TIME_VALUE="0"/>
        <TIME_SLOT TIME_SLOT_ID="ts2"/>
        <TIME_SLOT TIME_SLOT_ID="ts3"/>
        <TIME_SLOT TIME_SLOT_ID="ts4" TIME_VALUE="3000"/>
    </TIME_ORDER>
    <TIER LINGUISTIC_TYPE_REF="u" TIER_ID="U">
        <ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID="a1" TIME_SLOT_REF1="ts1" TIME_SLOT_REF2="ts4"><ANNOTATION_VALUE>whole</ANNOTATION_VALUE></ALIGNABLE_ANNOTATION></ANNOTATION>
    </TIER>
    <TIER LINGUISTIC_TYPE_REF="w" PARENT_REF="U" TIER_ID="W">
        <ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID="a2" TIME_SLOT_REF1="ts1" TIME_SLOT_REF2="ts2"><ANNOTATION_VALUE>one &amp; &#x32;</ANNOTATION_VALUE></ALIGNABLE_ANNOTATION></ANNOTATION>
        <ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID="a3" TIME_SLOT_REF1="ts2" TIME_SLOT_REF2="ts3"><ANNOTATION_VALUE>two</ANNOTATION_VALUE></ALIGNABLE_ANNOTATION></ANNOTATION>
        <ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID="a4" TIME_SLOT_REF1="ts3" TIME_SLOT_REF2="ts4"><ANNOTATION_VALUE>three</ANNOTATION_VALUE></ALIGNABLE_ANNOTATION></ANNOTATION>
    </TIER>
    <TIER LINGUISTIC_TYPE_REF="s" PARENT_REF="W" TIER_ID="S">
        <ANNOTATION><REF_ANNOTATION ANNOTATION_ID="a6" ANNOTATION_REF="a3" PREVIOUS_ANNOTATION="a5"><ANNOTATION_VALUE>B</ANNOTATION_VALUE></REF_ANNOTATION></ANNOTATION>
        <ANNOTATION><REF_ANNOTATION ANNOTATION_ID="a5" ANNOTATION_REF="a3"><ANNOTATION_VALUE>A</ANNOTATION_VALUE></REF_ANNOTATION></ANNOTATION>
    </TIER>
    <LINGUISTIC_TYPE LINGUISTIC_TYPE_ID="u" TIME_ALIGNABLE="true"/>
    <LINGUISTIC_TYPE CONSTRAINTS="Time_Subdivision" LINGUISTIC_TYPE_ID="w" TIME_ALIGNABLE="true"/>
    <LINGUISTIC_TYPE CONSTRAINTS="Symbolic_Subdivision" LINGUISTIC_TYPE_ID="s" TIME_ALIGNABLE="false"/>
</ANNOTATION_DOCUMENT>
"#;

    #[test]
    fn unaligned_slots_divide_the_interval_equally_and_references_follow_their_parents() {
        let doc = parse(p(), SMALL.as_bytes()).unwrap();
        let w = doc.timed("W").unwrap();
        let times: Vec<(Option<i64>, Option<i64>, bool)> =
            w.iter().map(|a| (a.start_ms, a.end_ms, a.interpolated)).collect();
        assert_eq!(
            times,
            vec![
                (Some(0), Some(1000), true),
                (Some(1000), Some(2000), true),
                (Some(2000), Some(3000), true)
            ]
        );
        assert_eq!(w[0].value, "one & 2");
        // Symbolic subdivisions: the parent's times, in PREVIOUS_ANNOTATION order.
        let s = doc.timed("S").unwrap();
        let got: Vec<(&str, Option<i64>, Option<i64>)> =
            s.iter().map(|a| (a.value.as_str(), a.start_ms, a.end_ms)).collect();
        assert_eq!(got, vec![("A", Some(1000), Some(2000)), ("B", Some(1000), Some(2000))]);
    }

    #[test]
    fn description_and_note_tiers_gather_what_overlaps_each_shot() {
        let options = ImportOptions {
            rate: Some(FrameRate::FPS_25),
            tier: Some("W".into()),
            description_tiers: vec!["S".into()],
            note_tiers: vec!["U".into()],
            ..Default::default()
        };
        let film = read(p(), SMALL.as_bytes(), &options).unwrap();
        let d: Vec<&str> = film.shots.iter().map(|s| s.description.as_str()).collect();
        assert_eq!(d, vec!["", "A B", ""]);
        assert_eq!(film.shots[1].notes, "W: two\nU: whole");
        let starts: Vec<i64> = film.shots.iter().map(|s| s.start.unwrap().0).collect();
        assert_eq!(starts, vec![0, 25, 50]);
        let notes = film.report.notes.join("\n");
        assert!(
            notes.contains("time slot ts2 (line 6) has no time: 1000 ms is used"),
            "{notes}"
        );
        assert!(
            notes.contains("time slot ts3 (line 7) has no time: 2000 ms is used"),
            "{notes}"
        );
    }

    /// A long run of unaligned slots, and a long chain of symbolic
    /// subdivisions written last to first (with a loop at its end).
    #[test]
    fn long_unaligned_runs_and_subdivision_chains() {
        let n = 1000;
        let mut x = String::from("<ANNOTATION_DOCUMENT><TIME_ORDER><TIME_SLOT TIME_SLOT_ID=\"t0\" TIME_VALUE=\"0\"/>");
        for i in 1..n {
            x.push_str(&format!("<TIME_SLOT TIME_SLOT_ID=\"t{i}\"/>"));
        }
        x.push_str(&format!(
            "<TIME_SLOT TIME_SLOT_ID=\"t{n}\" TIME_VALUE=\"{}\"/></TIME_ORDER><TIER TIER_ID=\"W\">",
            n * 40
        ));
        for i in 0..n {
            x.push_str(&format!("<ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID=\"w{i}\" TIME_SLOT_REF1=\"t{i}\" TIME_SLOT_REF2=\"t{}\"><ANNOTATION_VALUE>{i}</ANNOTATION_VALUE></ALIGNABLE_ANNOTATION></ANNOTATION>", i + 1));
        }
        x.push_str("</TIER><TIER TIER_ID=\"S\" PARENT_REF=\"W\">");
        for i in (0..n).rev() {
            let prev = if i > 0 {
                format!(" PREVIOUS_ANNOTATION=\"s{}\"", i - 1)
            } else {
                String::new()
            };
            x.push_str(&format!("<ANNOTATION><REF_ANNOTATION ANNOTATION_ID=\"s{i}\" ANNOTATION_REF=\"w7\"{prev}><ANNOTATION_VALUE>{i}</ANNOTATION_VALUE></REF_ANNOTATION></ANNOTATION>"));
        }
        x.push_str("<ANNOTATION><REF_ANNOTATION ANNOTATION_ID=\"l1\" ANNOTATION_REF=\"w7\" PREVIOUS_ANNOTATION=\"l2\"><ANNOTATION_VALUE>loop</ANNOTATION_VALUE></REF_ANNOTATION></ANNOTATION>");
        x.push_str("<ANNOTATION><REF_ANNOTATION ANNOTATION_ID=\"l2\" ANNOTATION_REF=\"w7\" PREVIOUS_ANNOTATION=\"l1\"><ANNOTATION_VALUE>loop</ANNOTATION_VALUE></REF_ANNOTATION></ANNOTATION>");
        x.push_str("</TIER><LINGUISTIC_TYPE LINGUISTIC_TYPE_ID=\"\" TIME_ALIGNABLE=\"true\"/></ANNOTATION_DOCUMENT>");
        let doc = parse(p(), x.as_bytes()).unwrap();
        let w = doc.timed("W").unwrap();
        assert_eq!(w.len(), n);
        for (i, a) in w.iter().enumerate() {
            assert_eq!((a.start_ms, a.end_ms), (Some(i as i64 * 40), Some(i as i64 * 40 + 40)));
        }
        let s = doc.timed("S").unwrap();
        let values: Vec<&str> = s.iter().map(|a| a.value.as_str()).filter(|v| *v != "loop").collect();
        let expect: Vec<String> = (0..n).map(|i| i.to_string()).collect();
        assert_eq!(values, expect);
        assert_eq!(s.len(), n + 2);
        let film = read(p(), x.as_bytes(), &ImportOptions::default()).unwrap();
        assert_eq!(film.shots.len(), n);
        assert!(film.shots.iter().all(|s| s.frames() == Some(1)));
        let notes = &film.report.notes;
        assert_eq!(notes.iter().filter(|n| n.starts_with("time slot t")).count(), 10);
        assert!(notes.iter().any(|n| n.starts_with("989 more time slots")), "{notes:?}");
    }

    #[test]
    fn shot_numbers_are_dropped_only_in_files_that_say_they_have_them() {
        let body = r#"<TIME_ORDER><TIME_SLOT TIME_SLOT_ID="a" TIME_VALUE="0"/><TIME_SLOT TIME_SLOT_ID="b" TIME_VALUE="400"/><TIME_SLOT TIME_SLOT_ID="c" TIME_VALUE="800"/></TIME_ORDER>
<TIER TIER_ID="shots" LINGUISTIC_TYPE_REF="x">
<ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID="a1" TIME_SLOT_REF1="a" TIME_SLOT_REF2="b"><ANNOTATION_VALUE>1936: parade</ANNOTATION_VALUE></ALIGNABLE_ANNOTATION></ANNOTATION>
<ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID="a2" TIME_SLOT_REF1="b" TIME_SLOT_REF2="c"><ANNOTATION_VALUE>1937: march</ANNOTATION_VALUE></ALIGNABLE_ANNOTATION></ANNOTATION>
</TIER></ANNOTATION_DOCUMENT>"#;
        let plain = format!("<ANNOTATION_DOCUMENT><HEADER/>{body}");
        let film = read(p(), plain.as_bytes(), &ImportOptions::default()).unwrap();
        assert_eq!(film.shots[0].description, "1936: parade");
        let marked = format!(
            "<ANNOTATION_DOCUMENT><HEADER><PROPERTY NAME=\"{NUMBERS_PROPERTY}\">shots</PROPERTY><PROPERTY NAME=\"x\"/></HEADER>{body}"
        );
        let film = read(p(), marked.as_bytes(), &ImportOptions::default()).unwrap();
        assert_eq!(film.shots[0].description, "parade");
        assert_eq!(film.shots[1].description, "march");
    }

    #[test]
    fn shot_numbers_are_dropped_only_when_every_value_has_one() {
        assert_eq!(shot_numbers(&["1: a", "2:", "5: c"]), Some(vec![3, 2, 3]));
        assert_eq!(shot_numbers(&["1: a", "1: b"]), None);
        assert_eq!(shot_numbers(&["1: a", "b"]), None);
        assert_eq!(shot_numbers(&[]), None);
    }

    #[test]
    fn media_file_names() {
        assert_eq!(file_name("file:///D:/Data/elan/elan-example1.mpg"), "elan-example1.mpg");
        assert_eq!(file_name("file:/./turkish.wav"), "turkish.wav");
        assert_eq!(file_name("./my%20film.mp4"), "my film.mp4");
        assert_eq!(file_name("C:\\films\\a.avi"), "a.avi");
        assert_eq!(file_name("x%4"), "x%4");
        assert_eq!(url_path("films/my film.mp4"), "films/my%20film.mp4");
    }

    #[test]
    fn frames_to_ms_and_back_are_exact() {
        for rate in [
            FrameRate::FPS_25,
            FrameRate::NTSC_30,
            FrameRate::NTSC_24,
            FrameRate::FPS_16,
        ] {
            for f in (0..200_000).step_by(7) {
                assert_eq!(rate.millis_to_frames(rate.frames_to_millis(f)), f, "{rate} {f}");
            }
        }
    }

    #[test]
    fn lines_count_lf_crlf_and_cr() {
        let mut l = Lines::new("a\nb\r\nc\rd");
        assert_eq!(l.at(0), (1, 1));
        assert_eq!(l.at(2), (2, 1));
        assert_eq!(l.at(5), (3, 1));
        assert_eq!(l.at(7), (4, 1));
        assert_eq!(l.at(1), (1, 2));
    }
}
