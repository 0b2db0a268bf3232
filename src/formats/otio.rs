//! OpenTimelineIO (`.otio`, JSON) in and out.
//!
//! In: the clips of one track become shots, in track order. OTIO keeps
//! time as floating `RationalTime { value, rate }`; every rate is read as
//! the exact fraction it stands for (23.976023976 is 24000/1001) and every
//! time is converted to frames at the film's rate (the rate given by the
//! user, else the most common clip rate of the track), rounding to the
//! nearest frame where a value is not whole, which the report states.
//! Gaps move the record position on; transitions, markers and effects go
//! into the notes of the shots they touch; markers elsewhere go into the
//! report.
//!
//! Out: a timeline with one video track per film, a clip per shot.
//! A shot whose length is unknown has no place on a timeline: it becomes a
//! zero-length marker on its film's track (named after the shot, its
//! description as the comment), so nothing is silently lost; importing the
//! file back gives the shots of known length, and lists the markers in the
//! report. A hole between shots becomes a gap; a shot that starts before
//! the previous one ends (or whose start is unknown) follows it directly,
//! its own start kept in the clip's `metadata.decoupage.start`. A shot
//! whose source range is longer or shorter than its length carries a
//! `LinearTimeWarp` with the ratio, so the source out comes back.

use std::borrow::Cow;
use std::collections::BTreeSet;
use std::path::Path;

use serde::Deserialize;

use serde_json::{Map, Value, json};

#[path = "otio_skim.rs"]
mod skim;

use super::import::{ImportError, ImportFormat, ImportOptions, ImportReport, ImportedFilm, TrackChoice, decode_text};
use crate::model::{Film, Frame, FrameRate, Length, LengthSource, Project, Shot, SourceClip};

// ---------------------------------------------------------------- reading

// The file is read into these few typed structs, not a `serde_json::Value`
// tree: every OTIO object (timeline, stack, track, clip, gap, transition,
// marker, effect, media reference) into one `Obj` with the fields any of
// them has that an import uses; everything else, metadata first, is
// skipped while parsing. Strings are borrowed from the file where they
// have no escapes. This is what makes a 10,000-clip file quick to read.

type Text<'a> = Option<Cow<'a, str>>;

/// A `RationalTime`; NaN where a number is absent or null (JSON has no
/// NaN of its own), which keeps a clip's times in half the room.
#[derive(Deserialize, Debug)]
#[serde(default)]
struct Time {
    #[serde(deserialize_with = "nan_if_absent")]
    value: f64,
    #[serde(deserialize_with = "nan_if_absent")]
    rate: f64,
}

impl Default for Time {
    fn default() -> Self {
        Time {
            value: f64::NAN,
            rate: f64::NAN,
        }
    }
}

fn nan_if_absent<'de, D: serde::Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    Ok(Option::<f64>::deserialize(d)?.unwrap_or(f64::NAN))
}

/// A `TimeRange`.
#[derive(Deserialize, Default, Debug)]
#[serde(default)]
struct Range {
    start_time: Option<Time>,
    duration: Option<Time>,
}

/// Any OTIO object but a media reference: the fields that clips, gaps and
/// tracks have inline, the rest (markers', effects', transitions', the
/// timeline's) behind one box, made only for an object that has one. A
/// clip with its media reference is 408 bytes and no allocation (a unit
/// test holds it there); parsing, reading and freeing 10,000 clips touch
/// that much memory and no more.
#[derive(Default, Debug)]
struct Obj<'a> {
    otio_schema: Text<'a>,
    name: Text<'a>,
    kind: Text<'a>,
    source_range: Option<Range>,
    children: Option<Vec<Obj<'a>>>,
    markers: Option<Vec<Obj<'a>>>,
    effects: Option<Vec<Obj<'a>>>,
    media_references: Option<Refs<'a>>,
    active_media_reference_key: Text<'a>,
    enabled: Option<bool>,
    extra: Option<Box<Extra<'a>>>,
}

/// The fields few objects have.
#[derive(Default, Debug)]
struct Extra<'a> {
    marked_range: Option<Range>,
    global_start_time: Option<Time>,
    in_offset: Option<Time>,
    out_offset: Option<Time>,
    tracks: Option<Obj<'a>>,
    media_reference: Option<MediaRef<'a>>,
    transition_type: Text<'a>,
    color: Text<'a>,
    comment: Text<'a>,
    effect_name: Text<'a>,
    time_scalar: Option<f64>,
}

/// A string borrowed from the file where it has no escapes (a plain
/// `Option<Cow<str>>` is always copied), or null.
struct BText<'a>(Text<'a>);

impl<'de: 'a, 'a> Deserialize<'de> for BText<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> serde::de::Visitor<'de> for V<'a> {
            type Value = BText<'a>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a string or null")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<BText<'a>, E> {
                Ok(BText(Some(Cow::Borrowed(v))))
            }
            fn visit_str<E>(self, v: &str) -> Result<BText<'a>, E> {
                Ok(BText(Some(Cow::Owned(v.to_owned()))))
            }
            fn visit_string<E>(self, v: String) -> Result<BText<'a>, E> {
                Ok(BText(Some(Cow::Owned(v))))
            }
            fn visit_none<E>(self) -> Result<BText<'a>, E> {
                Ok(BText(None))
            }
            fn visit_unit<E>(self) -> Result<BText<'a>, E> {
                Ok(BText(None))
            }
            fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<BText<'a>, D::Error> {
                d.deserialize_str(self)
            }
        }
        d.deserialize_option(V(std::marker::PhantomData))
    }
}

/// The keys of an OTIO object that an import reads; any other is skipped.
#[derive(Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(field_identifier, rename_all = "snake_case")]
enum Field {
    #[serde(rename = "OTIO_SCHEMA")]
    OtioSchema,
    Name,
    Kind,
    SourceRange,
    AvailableRange,
    Children,
    Markers,
    Effects,
    MediaReferences,
    ActiveMediaReferenceKey,
    TargetUrl,
    Enabled,
    MarkedRange,
    GlobalStartTime,
    InOffset,
    OutOffset,
    Tracks,
    MediaReference,
    NamePrefix,
    NameSuffix,
    FrameZeroPadding,
    GeneratorKind,
    TransitionType,
    Color,
    Comment,
    EffectName,
    TimeScalar,
    #[serde(other)]
    Other,
}

impl Field {
    /// Whether only a media reference has this field.
    fn of_media(self) -> bool {
        matches!(
            self,
            Field::AvailableRange
                | Field::TargetUrl
                | Field::NamePrefix
                | Field::NameSuffix
                | Field::FrameZeroPadding
                | Field::GeneratorKind
        )
    }

    /// A key given twice is refused, as derived readers do; `seen` holds
    /// the keys met so far.
    fn first_time<E: serde::de::Error>(self, seen: &mut u32) -> Result<(), E> {
        let bit = 1u32 << self as u32;
        if *seen & bit != 0 {
            return Err(E::duplicate_field(FIELD_NAMES[self as usize]));
        }
        *seen |= bit;
        Ok(())
    }
}

const FIELD_NAMES: [&str; 27] = [
    "OTIO_SCHEMA",
    "name",
    "kind",
    "source_range",
    "available_range",
    "children",
    "markers",
    "effects",
    "media_references",
    "active_media_reference_key",
    "target_url",
    "enabled",
    "marked_range",
    "global_start_time",
    "in_offset",
    "out_offset",
    "tracks",
    "media_reference",
    "name_prefix",
    "name_suffix",
    "frame_zero_padding",
    "generator_kind",
    "transition_type",
    "color",
    "comment",
    "effect_name",
    "time_scalar",
];

impl<'de: 'a, 'a> Deserialize<'de> for Obj<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Fields<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> serde::de::Visitor<'de> for Fields<'a> {
            type Value = Obj<'a>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an OpenTimelineIO object")
            }
            fn visit_map<M: serde::de::MapAccess<'de>>(self, mut m: M) -> Result<Obj<'a>, M::Error> {
                let mut o = Obj::default();
                // A field kept in the box, made for it unless the value is null.
                macro_rules! rare {
                    ($field:ident) => {
                        if let Some(v) = m.next_value()? {
                            extra_of(&mut o.extra).$field = Some(v);
                        }
                    };
                }
                macro_rules! rare_text {
                    ($field:ident) => {{
                        let v = m.next_value::<BText>()?.0;
                        if v.is_some() {
                            extra_of(&mut o.extra).$field = v;
                        }
                    }};
                }
                let mut seen = 0u32;
                while let Some(field) = m.next_key::<Field>()? {
                    if field != Field::Other && !field.of_media() {
                        field.first_time(&mut seen)?;
                    }
                    match field {
                        Field::OtioSchema => o.otio_schema = m.next_value::<BText>()?.0,
                        Field::Name => o.name = m.next_value::<BText>()?.0,
                        Field::Kind => o.kind = m.next_value::<BText>()?.0,
                        Field::SourceRange => o.source_range = m.next_value()?,
                        Field::Children => o.children = m.next_value()?,
                        Field::Markers => o.markers = m.next_value()?,
                        Field::Effects => o.effects = m.next_value()?,
                        Field::MediaReferences => o.media_references = m.next_value()?,
                        Field::ActiveMediaReferenceKey => o.active_media_reference_key = m.next_value::<BText>()?.0,
                        Field::Enabled => o.enabled = m.next_value()?,
                        // Media references' fields, read by `MediaRef`.
                        Field::Other
                        | Field::AvailableRange
                        | Field::TargetUrl
                        | Field::NamePrefix
                        | Field::NameSuffix
                        | Field::FrameZeroPadding
                        | Field::GeneratorKind => {
                            m.next_value::<serde::de::IgnoredAny>()?;
                        }
                        // A null leaves the object without the box.
                        Field::MarkedRange => rare!(marked_range),
                        Field::GlobalStartTime => rare!(global_start_time),
                        Field::InOffset => rare!(in_offset),
                        Field::OutOffset => rare!(out_offset),
                        Field::Tracks => rare!(tracks),
                        Field::MediaReference => rare!(media_reference),
                        Field::TimeScalar => rare!(time_scalar),
                        Field::TransitionType => rare_text!(transition_type),
                        Field::Color => rare_text!(color),
                        Field::Comment => rare_text!(comment),
                        Field::EffectName => rare_text!(effect_name),
                    }
                }
                Ok(o)
            }
        }
        d.deserialize_map(Fields(std::marker::PhantomData))
    }
}

/// A media reference (`ExternalReference`, `ImageSequenceReference`,
/// `GeneratorReference`, `MissingReference`): what an import reads of it,
/// an image sequence's and a generator's fields behind a box.
#[derive(Default, Debug)]
struct MediaRef<'a> {
    otio_schema: Text<'a>,
    name: Text<'a>,
    target_url: Text<'a>,
    available_range: Option<Range>,
    more: Option<Box<MediaMore<'a>>>,
}

#[derive(Default, Debug)]
struct MediaMore<'a> {
    name_prefix: Text<'a>,
    name_suffix: Text<'a>,
    frame_zero_padding: Option<f64>,
    generator_kind: Text<'a>,
}

impl<'de: 'a, 'a> Deserialize<'de> for MediaRef<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Fields<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> serde::de::Visitor<'de> for Fields<'a> {
            type Value = MediaRef<'a>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an OpenTimelineIO media reference")
            }
            fn visit_map<M: serde::de::MapAccess<'de>>(self, mut m: M) -> Result<MediaRef<'a>, M::Error> {
                let mut r = MediaRef::default();
                let mut seen = 0u32;
                while let Some(field) = m.next_key::<Field>()? {
                    if !(field.of_media() || matches!(field, Field::OtioSchema | Field::Name)) {
                        m.next_value::<serde::de::IgnoredAny>()?;
                        continue;
                    }
                    field.first_time(&mut seen)?;
                    match field {
                        Field::OtioSchema => r.otio_schema = m.next_value::<BText>()?.0,
                        Field::Name => r.name = m.next_value::<BText>()?.0,
                        Field::TargetUrl => r.target_url = m.next_value::<BText>()?.0,
                        Field::AvailableRange => r.available_range = m.next_value()?,
                        Field::FrameZeroPadding => {
                            if let Some(v) = m.next_value()? {
                                more_of(&mut r.more).frame_zero_padding = Some(v);
                            }
                        }
                        text_field => {
                            let v = m.next_value::<BText>()?.0;
                            if v.is_some() {
                                let e = more_of(&mut r.more);
                                *match text_field {
                                    Field::NamePrefix => &mut e.name_prefix,
                                    Field::NameSuffix => &mut e.name_suffix,
                                    _ => &mut e.generator_kind,
                                } = v;
                            }
                        }
                    }
                }
                Ok(r)
            }
        }
        d.deserialize_map(Fields(std::marker::PhantomData))
    }
}

/// A clip's `media_references` in file order, the first held in place (a
/// clip has one or two; a map per clip cost a tenth of the reading time,
/// and an allocation per clip most of what was left of it).
#[derive(Debug, Default)]
struct Refs<'a> {
    first: Option<(Cow<'a, str>, MediaRef<'a>)>,
    more: Vec<(Cow<'a, str>, MediaRef<'a>)>,
}

impl<'a> Refs<'a> {
    fn iter(&self) -> impl Iterator<Item = &(Cow<'a, str>, MediaRef<'a>)> {
        self.first.iter().chain(&self.more)
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Refs<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Entries<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> serde::de::Visitor<'de> for Entries<'a> {
            type Value = Refs<'a>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a map of media references")
            }
            fn visit_map<M: serde::de::MapAccess<'de>>(self, mut m: M) -> Result<Refs<'a>, M::Error> {
                let mut out = Refs::default();
                while let Some((k, v)) = m.next_entry::<Key<'a>, MediaRef<'a>>()? {
                    if out.first.is_none() {
                        out.first = Some((k.0, v));
                    } else {
                        out.more.push((k.0, v));
                    }
                }
                Ok(out)
            }
        }
        d.deserialize_map(Entries(std::marker::PhantomData))
    }
}

#[derive(Deserialize)]
struct Key<'a>(#[serde(borrow)] Cow<'a, str>);

fn more_of<'o, 'a>(more: &'o mut Option<Box<MediaMore<'a>>>) -> &'o mut MediaMore<'a> {
    more.get_or_insert_with(Box::default)
}

fn extra_of<'o, 'a>(extra: &'o mut Option<Box<Extra<'a>>>) -> &'o mut Extra<'a> {
    extra.get_or_insert_with(Box::default)
}

/// What an object without the rare fields has of them.
static NO_EXTRA: Extra<'static> = Extra {
    marked_range: None,
    global_start_time: None,
    in_offset: None,
    out_offset: None,
    tracks: None,
    media_reference: None,
    transition_type: None,
    color: None,
    comment: None,
    effect_name: None,
    time_scalar: None,
};

impl<'a> Obj<'a> {
    fn kids(&self) -> &[Obj<'a>] {
        self.children.as_deref().unwrap_or(&[])
    }

    /// The rare fields (all absent when the object has none).
    fn x(&self) -> &Extra<'a> {
        self.extra.as_deref().unwrap_or(&NO_EXTRA)
    }
}

fn text<'s>(t: &'s Text<'_>) -> &'s str {
    t.as_deref().unwrap_or("")
}

/// The schema name of an OTIO object without its version (`Clip` for
/// `Clip.2`), or `None` when the value is not an OTIO object.
fn schema<'s>(v: &'s Obj<'_>) -> Option<&'s str> {
    schema_name(&v.otio_schema)
}

/// [`schema`] of a schema field.
fn schema_name<'s>(t: &'s Text<'_>) -> Option<&'s str> {
    let s = t.as_deref()?;
    Some(match s.bytes().position(|b| b == b'.') {
        Some(dot) => &s[..dot],
        None => s,
    })
}

fn name_of<'s>(v: &'s Obj<'_>) -> &'s str {
    text(&v.name)
}

/// The exact rate a float in a file stands for: whole rates, the NTSC
/// family `k × 1000/1001` (23.976, 23.976023976, 23.976024627685547,
/// 29.97002997, 59.94 …), else the rate to the thousandth.
pub fn rate_from_f64(r: f64) -> Option<FrameRate> {
    if !r.is_finite() || r <= 0.0 || r > 4.0e6 {
        return None;
    }
    let whole = r.round();
    if whole >= 1.0 && (r - whole).abs() < 1e-4 {
        return FrameRate::new(whole as u32, 1).ok();
    }
    let k = (r * 1.001).round();
    if k >= 1.0 && ((r - k / 1.001) / r).abs() < 2e-4 {
        return FrameRate::new((k as u32).checked_mul(1000)?, 1001).ok();
    }
    let thousandths = (r * 1000.0).round();
    if thousandths < 1.0 {
        return None;
    }
    FrameRate::new(thousandths as u32, 1000).ok()
}

/// A point or a span of time as the file gives it.
#[derive(Clone, Copy, Debug)]
struct RTime {
    value: f64,
    rate: FrameRate,
}

impl RTime {
    /// Frames at `to`, not rounded.
    fn at(self, to: FrameRate) -> f64 {
        if self.rate == to {
            self.value
        } else {
            self.value * (to.num() as f64 * self.rate.den() as f64) / (to.den() as f64 * self.rate.num() as f64)
        }
    }
}

#[derive(Clone, Copy, Debug)]
struct RRange {
    start: RTime,
    duration: RTime,
}

/// What reading the times of a file met: rates that were not written as
/// exact fractions, and values that were not whole frames.
#[derive(Default)]
struct TimeNotes {
    rates_read: BTreeSet<(u64, String)>,
    rounded: usize,
    largest_rounding: f64,
    /// The last rate read, as its bits, and what it stands for: a track's
    /// times nearly all share one rate.
    last_rate: Option<(u64, FrameRate)>,
}

impl TimeNotes {
    /// The nearest frame; values beyond a million years of frames are held
    /// there, so that sums of frames cannot overflow.
    fn round(&mut self, x: f64) -> i64 {
        const LIMIT: f64 = 1e15;
        let r = x.round().clamp(-LIMIT, LIMIT);
        let d = (x - r).abs();
        if d > 1e-6 {
            self.rounded += 1;
            self.largest_rounding = self.largest_rounding.max(d);
        }
        r as i64
    }
}

fn rtime(v: &Time, notes: &mut TimeNotes) -> Result<RTime, String> {
    let value = Some(v.value)
        .filter(|x| !x.is_nan())
        .ok_or("a time has no numeric value")?;
    let raw = Some(v.rate)
        .filter(|x| !x.is_nan())
        .ok_or("a time has no numeric rate")?;
    let rate = match notes.last_rate {
        Some((bits, rate)) if bits == raw.to_bits() => rate,
        _ => {
            let rate =
                rate_from_f64(raw).ok_or_else(|| format!("a time has the rate {raw}, which is not a frame rate"))?;
            notes.last_rate = Some((raw.to_bits(), rate));
            // (Noted once for a run of times at that rate.)
            if raw != rate.as_f64() && raw.fract() != 0.0 {
                notes
                    .rates_read
                    .insert((raw.to_bits(), format!("rate {raw} read as {rate}")));
            }
            rate
        }
    };
    if !value.is_finite() || value.abs() > 1e12 {
        return Err(format!("a time has the value {value}, out of range"));
    }
    Ok(RTime { value, rate })
}

/// A `TimeRange`, `None` when absent or null.
fn rrange(v: Option<&Range>, notes: &mut TimeNotes) -> Result<Option<RRange>, String> {
    match v {
        None => Ok(None),
        Some(r) => {
            let start = r.start_time.as_ref().ok_or("a time range has no start_time")?;
            let duration = r.duration.as_ref().ok_or("a time range has no duration")?;
            Ok(Some(RRange {
                start: rtime(start, notes)?,
                duration: rtime(duration, notes)?,
            }))
        }
    }
}

/// The media a clip uses: `media_reference` (Clip.1) or the active entry
/// of `media_references` (Clip.2).
fn active_media<'s>(clip: &'s Obj<'s>) -> Option<&'s MediaRef<'s>> {
    if let Some(refs) = &clip.media_references {
        let key = clip.active_media_reference_key.as_deref().unwrap_or("DEFAULT_MEDIA");
        return refs
            .iter()
            .find(|(k, _)| k == key)
            .or(refs.iter().next())
            .map(|(_, m)| m);
    }
    clip.x().media_reference.as_ref()
}

/// The file name a URL or path ends with.
fn base_name(url: &str) -> &str {
    let url = url.trim_end_matches(['/', '\\']);
    url.rsplit(['/', '\\']).next().unwrap_or(url)
}

/// What a clip's media says: a file name (or reel) for the shot's source,
/// the full URL for the film's media, and a note for generators.
struct Media<'s> {
    source: Cow<'s, str>,
    url: Option<&'s str>,
    note: Option<String>,
}

fn media_of<'s>(media: Option<&'s MediaRef<'s>>) -> Media<'s> {
    let mut out = Media {
        source: Cow::Borrowed(""),
        url: None,
        note: None,
    };
    let Some(m) = media else { return out };
    let more = m.more.as_deref();
    match schema_name(&m.otio_schema) {
        Some("ExternalReference") => {
            let url = text(&m.target_url);
            if !url.is_empty() {
                out.source = Cow::Borrowed(base_name(url));
                out.url = Some(url.strip_prefix("file://").unwrap_or(url));
            }
        }
        Some("ImageSequenceReference") => {
            let pad = more.and_then(|x| x.frame_zero_padding).unwrap_or(0.0).clamp(0.0, 12.0) as usize;
            let (prefix, suffix) = more.map_or(("", ""), |x| (text(&x.name_prefix), text(&x.name_suffix)));
            out.source = Cow::Owned(format!("{prefix}{}{suffix}", "#".repeat(pad.max(1))));
        }
        Some("GeneratorReference") => {
            let kind = more.map_or("", |x| text(&x.generator_kind));
            out.note = Some(format!("generated media ({kind})"));
        }
        // A missing reference still names the reel or file it stood for.
        _ => out.source = Cow::Borrowed(text(&m.name)),
    }
    out
}

/// One child of a track, as it lies in the chosen track, in frames at the
/// film's rate (not rounded).
/// (Strings are borrowed from the file where they can be: a clip costs
/// no allocation until it becomes a shot.)
#[derive(Debug)]
enum Piece<'s> {
    Clip(ClipPiece<'s>),
    Gap,
    Transition { text: String },
}

#[derive(Debug)]
struct ClipPiece<'s> {
    /// Where the clip lies: its track's place, and its item number there.
    place: std::rc::Rc<str>,
    item: usize,
    position: f64,
    duration: f64,
    source_start: f64,
    name: &'s str,
    source: Cow<'s, str>,
    url: Option<&'s str>,
    /// Source frames per record frame, from a `LinearTimeWarp`/`FreezeFrame`.
    time_scalar: Option<f64>,
    notes: Vec<String>,
}

struct Reader<'a, 's> {
    rate: FrameRate,
    times: TimeNotes,
    report: &'a mut ImportReport,
    pieces: Vec<Piece<'s>>,
}

/// A composable's own duration, in frames at `rate`: its source range, or
/// what its children or media make.
fn duration_of(item: &Obj, rate: FrameRate, notes: &mut TimeNotes) -> Result<f64, String> {
    if let Some(r) = rrange(item.source_range.as_ref(), notes)? {
        return Ok(r.duration.at(rate));
    }
    let children = || item.kids().iter();
    match schema(item) {
        Some("Clip") => match rrange(active_media(item).and_then(|m| m.available_range.as_ref()), notes)? {
            Some(r) => Ok(r.duration.at(rate)),
            None => Err("the clip has no source_range and its media no available_range".into()),
        },
        Some("Track") | Some("Sequence") => {
            let mut sum = 0.0;
            for c in children() {
                if schema(c) != Some("Transition") {
                    sum += duration_of(c, rate, notes)?;
                }
            }
            Ok(sum)
        }
        Some("Stack") => {
            let mut max: f64 = 0.0;
            for c in children() {
                max = max.max(duration_of(c, rate, notes)?);
            }
            Ok(max)
        }
        Some("Gap") => Err("the gap has no source_range".into()),
        other => Err(format!("a {} has no duration", other.unwrap_or("value"))),
    }
}

fn marker_text(m: &Obj, rate: FrameRate, notes: &mut TimeNotes) -> String {
    let mut s = format!("marker '{}'", name_of(m));
    if let Some(c) = m.x().color.as_deref().filter(|c| !c.is_empty()) {
        s.push_str(&format!(" ({c})"));
    }
    if let Ok(Some(r)) = rrange(m.x().marked_range.as_ref(), notes) {
        let start = r.start.at(rate);
        let len = r.duration.at(rate);
        s.push_str(&format!(" at source frame {}", fmt_frames(start)));
        if len.abs() > 1e-6 {
            s.push_str(&format!(", {} frames", fmt_frames(len)));
        }
    }
    if let Some(c) = m.x().comment.as_deref().filter(|c| !c.trim().is_empty()) {
        s.push_str(&format!(": {}", c.trim()));
    }
    s
}

/// A frame figure for a note: whole when it is, else two decimals.
fn fmt_frames(x: f64) -> String {
    if (x - x.round()).abs() < 1e-6 {
        format!("{}", x.round() as i64)
    } else {
        format!("{x:.2}")
    }
}

fn markers_of<'s>(item: &'s Obj<'s>) -> impl Iterator<Item = &'s Obj<'s>> {
    item.markers.as_deref().unwrap_or(&[]).iter()
}

impl<'s> Reader<'_, 's> {
    /// Reads the children of `track` whose local time lies in
    /// `[window.0, window.1)`; local time `window.0` is at `origin` in the
    /// chosen track.
    fn track(&mut self, track: &'s Obj<'s>, place: &str, origin: f64, window: (f64, f64)) {
        let Some(children) = track.children.as_deref() else {
            self.report.skip(None, place, "the track has no children list");
            return;
        };
        let shared_place: std::rc::Rc<str> = place.into();
        let mut cursor = 0.0;
        for (i, item) in children.iter().enumerate() {
            let here = || format!("{place}, item {}", i + 1);
            let kind = schema(item);
            if kind == Some("Transition") {
                if cursor >= window.0 && cursor <= window.1 {
                    let text = transition_text(item, self.rate, &mut self.times);
                    self.pieces.push(Piece::Transition { text });
                }
                continue;
            }
            let duration = match duration_of(item, self.rate, &mut self.times) {
                Ok(d) => d,
                Err(e) => {
                    self.report.skip(
                        None,
                        format!("{} ({} '{}')", here(), kind.unwrap_or("?"), name_of(item)),
                        format!("{e}; it takes no time, so what follows may sit early"),
                    );
                    continue;
                }
            };
            if duration < 0.0 {
                self.report.skip(
                    None,
                    format!("{} ({} '{}')", here(), kind.unwrap_or("?"), name_of(item)),
                    format!("its duration is negative ({} frames)", fmt_frames(duration)),
                );
                continue;
            }
            let (start, end) = (cursor, cursor + duration);
            cursor = end;
            let (vis_start, vis_end) = (start.max(window.0), end.min(window.1));
            if vis_end < vis_start || (vis_end == vis_start && duration > 0.0) {
                continue; // trimmed away by an enclosing range
            }
            let position = origin + (vis_start - window.0);
            match kind {
                Some("Clip") => self.clip(
                    item,
                    (&shared_place, i + 1),
                    position,
                    vis_start - start,
                    vis_end - vis_start,
                ),
                Some("Gap") => {
                    for m in markers_of(item) {
                        let text = marker_text(m, self.rate, &mut self.times);
                        self.report.note(format!("{} (gap): {text}", here()));
                    }
                    self.pieces.push(Piece::Gap);
                }
                Some("Track") | Some("Sequence") | Some("Stack") => {
                    let trim = match rrange(item.source_range.as_ref(), &mut self.times) {
                        Ok(r) => r.map_or(0.0, |r| r.start.at(self.rate)),
                        Err(_) => 0.0,
                    };
                    let inner = (trim + (vis_start - start), trim + (vis_end - start));
                    let nested = format!("{} ({} '{}')", here(), kind.unwrap_or("?"), name_of(item));
                    if kind == Some("Stack") {
                        let tracks: Vec<&Obj> = item
                            .kids()
                            .iter()
                            .filter(|c| matches!(schema(c), Some("Track") | Some("Sequence")))
                            .collect();
                        let chosen = tracks
                            .iter()
                            .position(|t| t.kind.as_deref() == Some("Video") && count_clips(t) > 0)
                            .or_else(|| tracks.iter().position(|t| count_clips(t) > 0));
                        match chosen {
                            Some(k) => {
                                if tracks.len() > 1 {
                                    self.report.note(format!(
                                        "{nested}: a nested stack of {} tracks; its track {} '{}' read",
                                        tracks.len(),
                                        k + 1,
                                        name_of(tracks[k])
                                    ));
                                }
                                self.track(tracks[k], &format!("{nested}, track {}", k + 1), position, inner);
                            }
                            None => self.pieces.push(Piece::Gap),
                        }
                    } else {
                        self.track(item, &nested, position, inner);
                    }
                }
                other => {
                    self.report.skip(
                        None,
                        format!("{} ({} '{}')", here(), other.unwrap_or("?"), name_of(item)),
                        "not a clip, gap, transition, track or stack: counted as empty time",
                    );
                    self.pieces.push(Piece::Gap);
                }
            }
        }
    }

    fn clip(
        &mut self,
        item: &'s Obj<'s>,
        (place, number): (&std::rc::Rc<str>, usize),
        position: f64,
        trim: f64,
        duration: f64,
    ) {
        let media = active_media(item);
        let range = match rrange(item.source_range.as_ref(), &mut self.times) {
            Ok(Some(r)) => Some(r),
            Ok(None) => rrange(media.and_then(|m| m.available_range.as_ref()), &mut self.times)
                .ok()
                .flatten(),
            Err(_) => None,
        };
        let source_start = range.map_or(0.0, |r| r.start.at(self.rate)) + trim;
        let m = media_of(media);
        let mut notes = Vec::new();
        if let Some(n) = m.note {
            notes.push(n);
        }
        let mut time_scalar = None;
        for e in item.effects.as_deref().unwrap_or(&[]) {
            let effect = text(&e.x().effect_name);
            match schema(e) {
                Some("LinearTimeWarp") => {
                    let s = e.x().time_scalar.unwrap_or(1.0);
                    time_scalar = Some(s);
                    notes.push(format!("speed {}% (LinearTimeWarp)", fmt_frames(s * 100.0)));
                }
                Some("FreezeFrame") => {
                    time_scalar = Some(0.0);
                    notes.push("freeze frame".to_string());
                }
                Some(other) => {
                    let label = if effect.is_empty() { name_of(e) } else { effect };
                    notes.push(format!("effect {other} '{label}'"));
                }
                None => {}
            }
        }
        for mk in markers_of(item) {
            notes.push(marker_text(mk, self.rate, &mut self.times));
        }
        if item.enabled == Some(false) {
            notes.push("disabled in the timeline".to_string());
        }
        self.pieces.push(Piece::Clip(ClipPiece {
            place: place.clone(),
            item: number,
            position,
            duration,
            source_start,
            name: name_of(item),
            source: m.source,
            url: m.url,
            time_scalar,
            notes,
        }));
    }
}

fn transition_text(t: &Obj, rate: FrameRate, notes: &mut TimeNotes) -> String {
    let kind = text(&t.x().transition_type);
    let off = |v: Option<&Time>, notes: &mut TimeNotes| {
        v.and_then(|v| rtime(v, notes).ok())
            .map_or("?".to_string(), |r| fmt_frames(r.at(rate)))
    };
    let (a, b) = (
        off(t.x().in_offset.as_ref(), notes),
        off(t.x().out_offset.as_ref(), notes),
    );
    let name = name_of(t);
    let kind = if kind.is_empty() { "transition" } else { kind };
    if name.is_empty() || name == "Transition" {
        format!("{kind} (in {a}, out {b} frames)")
    } else {
        format!("{kind} '{name}' (in {a}, out {b} frames)")
    }
}

fn count_clips(v: &Obj) -> usize {
    v.kids()
        .iter()
        .map(|c| match schema(c) {
            Some("Clip") => 1,
            Some("Track") | Some("Sequence") | Some("Stack") => count_clips(c),
            _ => 0,
        })
        .sum()
}

/// Rates of the clip durations under `v`, counted, in order of first
/// appearance; gaps' rates count only when there are no clips.
fn clip_rates(v: &Obj, clips: &mut Vec<(FrameRate, usize)>, gaps: &mut Vec<(FrameRate, usize)>) {
    // (What reading these times notes is thrown away: the track's reading
    // notes it.)
    let mut scratch = TimeNotes::default();
    for c in v.kids() {
        let range = |c: &Obj, scratch: &mut TimeNotes| {
            rrange(c.source_range.as_ref(), scratch).ok().flatten().or_else(|| {
                rrange(active_media(c).and_then(|m| m.available_range.as_ref()), scratch)
                    .ok()
                    .flatten()
            })
        };
        let (list, r) = match schema(c) {
            Some("Clip") => (&mut *clips, range(c, &mut scratch)),
            Some("Gap") => (&mut *gaps, range(c, &mut scratch)),
            Some("Track") | Some("Sequence") | Some("Stack") => {
                clip_rates(c, clips, gaps);
                continue;
            }
            _ => continue,
        };
        if let Some(r) = r {
            match list.iter_mut().find(|(rate, _)| *rate == r.duration.rate) {
                Some((_, n)) => *n += 1,
                None => list.push((r.duration.rate, 1)),
            }
        }
    }
}

fn most_common(list: &[(FrameRate, usize)]) -> Option<FrameRate> {
    // max_by_key keeps the last of equals: search from the end to keep the first.
    list.iter().rev().max_by_key(|(_, n)| *n).map(|(r, _)| *r)
}

/// A track of the timeline, as the user chooses among them.
struct TrackEntry<'a> {
    value: &'a Obj<'a>,
    name: String,
    kind: String,
    clips: usize,
}

fn list_tracks<'a>(stack: &'a Obj<'a>, prefix: &str, out: &mut Vec<TrackEntry<'a>>) {
    for c in stack.kids() {
        match schema(c) {
            Some("Track") | Some("Sequence") => out.push(TrackEntry {
                value: c,
                name: format!("{prefix}{}", name_of(c)),
                kind: text(&c.kind).to_string(),
                clips: count_clips(c),
            }),
            Some("Stack") => list_tracks(c, &format!("{prefix}{}/", name_of(c)), out),
            _ => {}
        }
    }
}

fn describe_tracks(tracks: &[TrackEntry]) -> String {
    tracks
        .iter()
        .enumerate()
        .map(|(i, t)| {
            format!(
                "{} '{}' ({}{} clip{})",
                i + 1,
                t.name,
                if t.kind.is_empty() {
                    String::new()
                } else {
                    format!("{}, ", t.kind)
                },
                t.clips,
                if t.clips == 1 { "" } else { "s" }
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The track that holds the shots: the user's, else the first video track
/// with clips, else the first with clips.
fn choose(
    path: &Path,
    tracks: &[TrackEntry],
    options: &ImportOptions,
    report: &mut ImportReport,
) -> Result<usize, ImportError> {
    Ok(match &options.track {
        Some(TrackChoice::Index(n)) => n.checked_sub(1).filter(|i| *i < tracks.len()).ok_or_else(|| {
            ImportError::invalid(
                path,
                format!("there is no track {n}: the tracks are {}", describe_tracks(tracks)),
            )
        })?,
        Some(TrackChoice::Name(name)) => {
            let found: Vec<usize> = {
                let exact: Vec<usize> = (0..tracks.len()).filter(|&i| tracks[i].name == *name).collect();
                if exact.is_empty() {
                    (0..tracks.len())
                        .filter(|&i| tracks[i].name.eq_ignore_ascii_case(name))
                        .collect()
                } else {
                    exact
                }
            };
            match found.as_slice() {
                [] => {
                    return Err(ImportError::invalid(
                        path,
                        format!(
                            "there is no track named '{name}': the tracks are {}",
                            describe_tracks(tracks)
                        ),
                    ));
                }
                [one] => *one,
                [first, ..] => {
                    report.note(format!(
                        "{} tracks are named '{name}': track {} read (give the track's number to read another)",
                        found.len(),
                        first + 1
                    ));
                    *first
                }
            }
        }
        None => {
            let video = |t: &TrackEntry| t.kind == "Video";
            tracks
                .iter()
                .position(|t| video(t) && t.clips > 0)
                .or_else(|| tracks.iter().position(|t| t.clips > 0))
                .or_else(|| tracks.iter().position(video))
                .unwrap_or(0)
        }
    })
}

fn json_error(path: &Path, e: &serde_json::Error) -> ImportError {
    let text = e.to_string();
    let message = match text.rfind(" at line ") {
        Some(i) => text[..i].to_string(),
        None => text,
    };
    let message = if e.is_eof() {
        format!("the JSON ends too early, the file may be cut short ({message})")
    } else if e.is_data() {
        format!("not an OpenTimelineIO file as expected: {message}")
    } else {
        format!("not valid JSON: {message}")
    };
    ImportError::Parse {
        path: path.to_path_buf(),
        line: e.line().max(1),
        column: Some(e.column()),
        message,
    }
}

/// The fast path of [`read`], for a timeline laid out as OTIO writes one:
/// a `Timeline` whose `tracks` is a `Stack` of `Track`s. Only the track
/// read is parsed; the others are stepped over (`skim`), their clips
/// counted from their `OTIO_SCHEMA`s alone. What is parsed is the
/// skeleton (the text with every track's `children` taken out) and the
/// children of the track read, on two threads. `None` whenever the file
/// is not so laid out or anything goes wrong: [`read`] then parses the
/// whole file, which finds any error and names its line.
mod fast {
    use super::*;

    /// The size from which a text is parsed on two threads (below it the
    /// second thread costs more than it saves).
    pub(super) const TWO_THREADS_FROM: usize = 1 << 20;

    /// For each element of the stack: its `children` array's byte range
    /// and, for all but the first, its clips.
    pub(super) type Layout = Vec<Option<(usize, usize, Option<usize>)>>;

    /// Where each element of the stack's `children` has its own
    /// `children` array, as byte ranges, with the clips each holds
    /// (counted as `count_clips` does) but for the first: that one is
    /// usually the track read, which is parsed and counted then, and
    /// stepping over it without counting is quicker.
    pub(super) fn layout(s: &[u8]) -> Option<Layout> {
        let skip = |at| skim::value_end(s, at).map(Some);
        let mut tracks = None;
        skim::walk_object(s, skim::ws(s, 0), |key, at| {
            if key != Some(b"tracks") || tracks.is_some() || s.get(at) != Some(&b'{') {
                return skip(at);
            }
            let mut list = None;
            let end = skim::walk_object(s, at, |key, at| {
                if key != Some(b"children") || list.is_some() || s.get(at) != Some(&b'[') {
                    return skip(at);
                }
                let mut ranges = Vec::new();
                let end = skim::walk_array(s, at, |el| {
                    let mut range = None;
                    let end = skim::walk_object(s, el, |key, at| {
                        if key != Some(b"children") || range.is_some() || s.get(at) != Some(&b'[') {
                            return skip(at);
                        }
                        let (clips, end) = if ranges.iter().all(Option::is_none) {
                            (None, skim::value_end(s, at)?)
                        } else {
                            let (n, end) = count_clips_in(s, at)?;
                            (Some(n), end)
                        };
                        range = Some((at, end, clips));
                        Some(Some(end))
                    })?;
                    ranges.push(range);
                    Some(end)
                })?;
                list = Some(ranges);
                Some(Some(end))
            })?;
            tracks = Some(list?);
            Some(Some(end))
        })?;
        tracks
    }

    /// The clips under the array at `at`, counted as `count_clips` does,
    /// from each element's `OTIO_SCHEMA` (and, for tracks and stacks, their
    /// `children`).
    fn count_clips_in(s: &[u8], at: usize) -> Option<(usize, usize)> {
        let mut clips = 0;
        let end = skim::walk_array(s, at, |el| {
            let mut kind: Option<&[u8]> = None;
            let mut nested = 0;
            let end = skim::walk_object(s, el, |key, at| {
                match key? {
                    b"OTIO_SCHEMA" => {
                        let (end, escapes) = skim::string_end(s, at)?;
                        if escapes || kind.is_some() {
                            return None;
                        }
                        let full = &s[at + 1..end - 1];
                        let name = full.split(|&b| b == b'.').next().unwrap_or(full);
                        kind = Some(name);
                        // Only tracks and stacks have more to look at.
                        if !matches!(name, b"Track" | b"Sequence" | b"Stack") {
                            return Some(None);
                        }
                        Some(Some(end))
                    }
                    b"children" if s.get(at) == Some(&b'[') => {
                        let (n, end) = count_clips_in(s, at)?;
                        nested = n;
                        Some(Some(end))
                    }
                    _ => skim::value_end(s, at).map(Some),
                }
            })?;
            clips += match kind {
                Some(b"Clip") => 1,
                Some(b"Track" | b"Sequence" | b"Stack") => nested,
                _ => 0,
            };
            Some(end)
        })?;
        Some((clips, end))
    }

    /// How far an element-by-element parse got.
    pub(super) enum Parsed {
        /// To the array's end, just after its `]`.
        End(usize),
        /// To the element that starts at the given stop.
        Stop,
        /// Stopped because the parse was no longer wanted.
        Aborted,
    }

    /// How a parse on one thread is told, by another, where to stop or that
    /// it is not wanted, and tells how far it has got.
    #[derive(Default)]
    pub(super) struct Watch {
        /// Where the next element starts (written before it is parsed).
        at: std::sync::atomic::AtomicUsize,
        /// Stop when the next element starts here (0: nowhere yet).
        stop: std::sync::atomic::AtomicUsize,
        abort: std::sync::atomic::AtomicBool,
    }

    impl Watch {
        /// Asks the parse to stop at the element that starts at `split`,
        /// unless it has got there already: whether it will stop there
        /// (if an element starts there), so that the caller may parse from
        /// `split` on. (Both sides write, then read, sequentially
        /// consistent: one of them sees the other's write.)
        pub(super) fn stop_at(&self, split: usize) -> bool {
            use std::sync::atomic::Ordering::SeqCst;
            self.stop.store(split, SeqCst);
            self.at.load(SeqCst) < split
        }

        pub(super) fn abort(&self) {
            self.abort.store(true, std::sync::atomic::Ordering::Relaxed);
        }
    }

    /// Parses the elements of an array from `at` (just after its `[`, or
    /// the start of an element), each on its own, into `out`, until the
    /// array ends or `watch` stops it (at the element that starts where it
    /// says, or at once when the parse is not wanted).
    /// (Each element starts with serde_json's full nesting limit of 128,
    /// where the full parse has used 5 levels to get there: an element
    /// nested 124 to 128 deep is read here and refused there.)
    pub(super) fn parse_elements<'a>(
        text: &'a str,
        at: usize,
        watch: Option<&Watch>,
        out: &mut Vec<Obj<'a>>,
    ) -> Option<Parsed> {
        let s = text.as_bytes();
        let mut i = skim::ws(s, at);
        if s.get(at.wrapping_sub(1)) == Some(&b'[') && s.get(i) == Some(&b']') {
            return Some(Parsed::End(i + 1));
        }
        // serde_json reads faster with the text asked for ahead of it.
        let mut asked = i;
        loop {
            if let Some(w) = watch {
                use std::sync::atomic::Ordering::{Relaxed, SeqCst};
                if w.abort.load(Relaxed) {
                    return Some(Parsed::Aborted);
                }
                w.at.store(i, SeqCst);
                if w.stop.load(SeqCst) == i {
                    return Some(Parsed::Stop);
                }
            }
            while asked < i + 4 * skim::AHEAD {
                skim::prefetch(s, asked);
                asked += 64;
            }
            let mut values = serde_json::Deserializer::from_str(&text[i..]).into_iter::<Obj<'a>>();
            out.push(values.next()?.ok()?);
            i = skim::ws(s, i + values.byte_offset());
            match s.get(i)? {
                b',' => i = skim::ws(s, i + 1),
                b']' => return Some(Parsed::End(i + 1)),
                _ => return None,
            }
        }
    }

    /// A place to split the array whose `[` is at `start` for two threads:
    /// an element that starts as the first one does (same whitespace after
    /// the comma as after the `[`), at or past `mid`. If it is not where an
    /// element starts (it is inside a string), the first part does not stop
    /// there and parses on to the end by itself.
    pub(super) fn split_point(text: &str, start: usize, mid: usize, end: usize) -> Option<usize> {
        let first = skim::ws(text.as_bytes(), start + 1);
        let sep = &text[start + 1..first];
        let pattern = format!("}},{sep}{{");
        let mid = (mid.max(first)..end).find(|&i| text.is_char_boundary(i))?;
        text[mid..end].find(&pattern).map(|k| mid + k + pattern.len() - 1)
    }

    /// The elements of the array `range` (from its `[` to just after its
    /// `]`), parsed in two parts on two threads when it is large.
    fn parse_array<'a>(text: &'a str, (start, end): (usize, usize)) -> Option<Vec<Obj<'a>>> {
        let len = end - start;
        let split = (len >= TWO_THREADS_FROM).then(|| split_point(text, start, start + len / 2, end));
        let whole = |out: &mut Vec<Obj<'a>>| match parse_elements(text, start + 1, None, out)? {
            Parsed::End(e) if e == end => Some(()),
            _ => None,
        };
        let Some(Some(split)) = split else {
            let mut out = Vec::new();
            return whole(&mut out).map(|()| out);
        };
        std::thread::scope(|scope| {
            let second = scope.spawn(move || {
                let mut out = Vec::with_capacity((end - split) / 512);
                match parse_elements(text, split, None, &mut out) {
                    Some(Parsed::End(e)) if e == end => Some(out),
                    _ => None,
                }
            });
            let mut out = Vec::with_capacity(len / 512);
            let stop = Watch::default();
            stop.stop_at(split);
            let got = parse_elements(text, start + 1, Some(&stop), &mut out);
            let second = second.join().unwrap_or_else(|p| std::panic::resume_unwind(p));
            match got {
                Some(Parsed::Stop) => second.map(|second| {
                    out.extend(second);
                    out
                }),
                Some(Parsed::End(e)) if e == end => Some(out),
                _ => None,
            }
        })
    }

    /// Where the `children` array of the first element of the stack starts
    /// (its `[`), found without stepping over anything large.
    pub(super) fn first_children(s: &[u8]) -> Option<usize> {
        let mut found = None;
        let skip = |at| skim::value_end(s, at).map(Some);
        // Each walk stops (returns `None`) once it has looked where it must.
        skim::walk_object(s, skim::ws(s, 0), |key, at| {
            if key != Some(b"tracks") || s.get(at) != Some(&b'{') {
                return skip(at);
            }
            skim::walk_object(s, at, |key, at| {
                if key != Some(b"children") || s.get(at) != Some(&b'[') {
                    return skip(at);
                }
                skim::walk_object(s, skim::ws(s, at + 1), |key, at| {
                    if key == Some(b"children") && s.get(at) == Some(&b'[') {
                        found = Some(at);
                        return None;
                    }
                    skip(at)
                });
                None
            });
            None
        });
        found
    }

    /// [`read`] for a large file, on two threads from the start: one
    /// checks that the text is UTF-8, then parses the first track's
    /// children (the track read, most often); the other finds the layout
    /// and which track is read, then takes the second half of what is left
    /// of the first one, or stops its parse when another is read.
    pub(super) fn read_large(path: &Path, bytes: &[u8], options: &ImportOptions) -> Option<ImportedFilm> {
        use std::sync::atomic::Ordering::Relaxed;
        let first = first_children(bytes)?;
        let watch = Watch::default();
        let (send, receive) = std::sync::mpsc::channel::<&str>();
        std::thread::scope(|scope| {
            let watch = &watch;
            let helper = scope.spawn(move || {
                let Some(ranges) = layout(bytes) else {
                    watch.abort();
                    return None;
                };
                let split = ranges.iter().flatten().next().copied().and_then(|(a, end, _)| {
                    let json = receive.recv().ok()?;
                    // Only when the track read is the first one is its
                    // parse wanted.
                    let skeleton = skeleton(json, &ranges);
                    let first_read = serde_json::from_str::<Obj>(&skeleton)
                        .ok()
                        .and_then(|root| plan(path, &root, &ranges, options))
                        .is_some_and(|(index, candidate)| ranges[index[candidate]].is_some_and(|r| r.0 == first));
                    if a != first || !first_read {
                        watch.abort();
                        return None;
                    }
                    if watch.abort.load(Relaxed) {
                        return None;
                    }
                    let at = watch.at.load(Relaxed).max(first);
                    let split = split_point(json, first, at + (end - at) / 2, end)?;
                    if !watch.stop_at(split) {
                        return Some((split, None));
                    }
                    let mut out = Vec::with_capacity((end - split) / 1024);
                    let second = match parse_elements(json, split, None, &mut out) {
                        Some(Parsed::End(e)) if e == end => Some(out),
                        _ => None,
                    };
                    Some((split, second))
                });
                Some((ranges, split))
            });
            let json = match from_utf8(bytes) {
                Ok(json) => json,
                Err(_) => {
                    watch.abort();
                    drop(send);
                    let _ = helper.join();
                    return None;
                }
            };
            let _ = send.send(json);
            let mut out = Vec::with_capacity(bytes.len() / 2048);
            let got = parse_elements(json, first + 1, Some(watch), &mut out);
            // (Nothing more of this track is wanted from the helper.)
            watch.abort();
            let (ranges, split) = helper.join().unwrap_or_else(|p| std::panic::resume_unwind(p))?;
            let end = ranges.iter().flatten().next().map(|r| r.1);
            let kids = match (got, split) {
                (Some(Parsed::End(e)), _) if Some(e) == end => Some(out),
                (Some(Parsed::Stop), Some((split, second))) => {
                    let rest = second.or_else(|| {
                        let mut rest = Vec::new();
                        match parse_elements(json, split, None, &mut rest) {
                            Some(Parsed::End(e)) if Some(e) == end => Some(rest),
                            _ => None,
                        }
                    });
                    rest.map(|rest| {
                        out.extend(rest);
                        out
                    })
                }
                _ => None,
            };
            read(path, json, None, options, Some(ranges), kids.map(|k| (first, k)))
        })
    }

    /// The skeleton of the timeline: the text without the tracks' children.
    fn skeleton(json: &str, ranges: &Layout) -> String {
        let mut skeleton = String::with_capacity(4096);
        let mut from = 0;
        for &(a, b, _) in ranges.iter().flatten() {
            skeleton.push_str(&json[from..a]);
            skeleton.push_str("[]");
            from = b;
        }
        skeleton.push_str(&json[from..]);
        skeleton
    }

    /// The elements of the stack that are tracks (as `list_tracks` finds
    /// them), and which of them to parse: the one asked for, else the
    /// first video track (the default when it has clips). `root` is the
    /// skeleton, parsed.
    fn plan(path: &Path, root: &Obj, ranges: &Layout, options: &ImportOptions) -> Option<(Vec<usize>, usize)> {
        if schema(root) != Some("Timeline") {
            return None;
        }
        let stack = root.x().tracks.as_ref()?;
        if schema(stack) != Some("Stack") || stack.kids().len() != ranges.len() {
            return None;
        }
        let mut index = Vec::new();
        for (k, c) in stack.kids().iter().enumerate() {
            match schema(c) {
                Some("Track") | Some("Sequence") => index.push(k),
                Some("Stack") => return None,
                _ => {}
            }
        }
        if index.is_empty() {
            return None;
        }
        let entries = track_entries(stack, &index, &vec![0; index.len()]);
        let candidate = match &options.track {
            Some(_) => choose(path, &entries, options, &mut ImportReport::default()).ok()?,
            None => entries.iter().position(|t| t.kind == "Video").unwrap_or(0),
        };
        Some((index, candidate))
    }

    /// The tracks `index` of `stack`, with their clip `counts`, as the
    /// user chooses among them.
    fn track_entries<'r>(stack: &'r Obj<'r>, index: &[usize], counts: &[usize]) -> Vec<TrackEntry<'r>> {
        index
            .iter()
            .zip(counts)
            .map(|(&k, &clips)| {
                let c = &stack.kids()[k];
                TrackEntry {
                    value: c,
                    name: name_of(c).to_string(),
                    kind: text(&c.kind).to_string(),
                    clips,
                }
            })
            .collect()
    }

    /// `laid_out`: the layout of `json` when it has been found already;
    /// `ahead`: the children of the first track, parsed while it was.
    pub(super) fn read<'a>(
        path: &Path,
        json: &'a str,
        encoding: Option<&str>,
        options: &ImportOptions,
        laid_out: Option<Layout>,
        ahead: Option<(usize, Vec<Obj<'a>>)>,
    ) -> Option<ImportedFilm> {
        let s = json.as_bytes();
        let ranges = match laid_out {
            Some(ranges) => ranges,
            None => layout(s)?,
        };
        let skeleton = skeleton(json, &ranges);
        let mut root: Obj = serde_json::from_str(&skeleton).ok()?;
        let (index, candidate) = plan(path, &root, &ranges, options)?;
        let stack = root.x().tracks.as_ref()?;
        let entries = |counts: &[usize]| track_entries(stack, &index, counts);
        let mut scratch = ImportReport::default();
        let mut counts: Vec<Option<usize>> = index
            .iter()
            .map(|&k| match ranges[k] {
                Some((_, _, clips)) => clips,
                None => Some(count_clips(&stack.kids()[k])),
            })
            .collect();
        let parse = |t: usize| match ranges[index[t]] {
            Some((a, b, _)) => parse_array(json, (a, b)).map(Some),
            None => Some(None),
        };
        let mut children = match ahead {
            Some((at, kids)) if ranges[index[candidate]].is_some_and(|(a, _, _)| a == at) => Some(kids),
            _ => parse(candidate)?,
        };
        // What the parse found is what is read (the skimmer counts the
        // same clips where the text is valid JSON).
        if let Some(kids) = &children {
            counts[candidate] = Some(
                kids.iter()
                    .map(|c| match schema(c) {
                        Some("Clip") => 1,
                        Some("Track") | Some("Sequence") | Some("Stack") => count_clips(c),
                        _ => 0,
                    })
                    .sum(),
            );
        }
        // The first track's, when another is read.
        let counts: Vec<usize> = counts
            .iter()
            .zip(&index)
            .map(|(n, &k)| match (n, ranges[k]) {
                (Some(n), _) => Some(*n),
                (None, Some((at, end, _))) => count_clips_in(s, at).filter(|&(_, e)| e == end).map(|(n, _)| n),
                (None, None) => None,
            })
            .collect::<Option<_>>()?;
        let mut chosen = candidate;
        if options.track.is_none() {
            chosen = choose(path, &entries(&counts), options, &mut scratch).ok()?;
            if chosen != candidate {
                children = parse(chosen)?;
            }
        }
        if let Some(kids) = children {
            let stack = root.extra.as_deref_mut()?.tracks.as_mut()?;
            stack.children.as_mut()?[index[chosen]].children = Some(kids);
        }
        let mut report = ImportReport::new(path, ImportFormat::Otio);
        if let Some(n) = encoding {
            report.note(n);
        }
        film_from(path, &root, report, options, Some(&counts)).ok()
    }
}

/// `std::str::from_utf8`, 4 KB at a time with the next 4 KB asked for
/// ahead: on the 33.8 MB bench file the check alone had been a tenth of
/// the reading time, waiting for memory.
fn from_utf8(bytes: &[u8]) -> Result<&str, std::str::Utf8Error> {
    const BLOCK: usize = 4096;
    let mut at = 0;
    while at < bytes.len() {
        let mut end = (at + BLOCK).min(bytes.len());
        // Blocks start where characters do.
        while end < bytes.len() && bytes[end] & 0xC0 == 0x80 {
            end += 1;
        }
        for k in (end..(end + BLOCK).min(bytes.len())).step_by(64) {
            skim::prefetch(bytes, k);
        }
        std::str::from_utf8(&bytes[at..end])?;
        at = end;
    }
    // SAFETY: the bytes are blocks of valid UTF-8, one after the other,
    // each of whole characters.
    Ok(unsafe { std::str::from_utf8_unchecked(bytes) })
}

/// The bytes without a UTF-8 byte-order mark and without the Ctrl-Z or
/// NUL padding old systems leave at the end (as `decode_text` drops them).
fn trim_padding(bytes: &[u8]) -> &[u8] {
    let end = bytes.iter().rposition(|&b| b != 0x1A && b != 0).map_or(0, |i| i + 1);
    let bytes = &bytes[..end];
    bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
}

pub fn read(path: &Path, bytes: &[u8], options: &ImportOptions) -> Result<ImportedFilm, ImportError> {
    // UTF-8 is parsed in place (validated once here: serde_json reads a
    // `&str` without checking it again); other encodings are decoded first.
    // A large file is read on two threads from the start.
    let trimmed = trim_padding(bytes);
    if trimmed.len() >= fast::TWO_THREADS_FROM
        && let Some(film) = fast::read_large(path, trimmed, options)
    {
        return Ok(film);
    }
    let decoded;
    let (json, encoding) = match from_utf8(trimmed) {
        Ok(text) => (text, None),
        Err(_) => {
            let (text, note) = decode_text(bytes);
            decoded = text;
            (decoded.as_str(), note)
        }
    };
    if let Some(film) = fast::read(path, json, encoding.as_deref(), options, None, None) {
        return Ok(film);
    }
    read_parsed(path, json, encoding.as_deref(), options)
}

/// The whole file parsed, then read: what [`read`] does when the file is
/// not laid out as its fast path expects, or when that path meets
/// anything wrong (so that errors name their line). Public for the tests
/// that compare both paths.
#[doc(hidden)]
pub fn read_parsing_everything(
    path: &Path,
    bytes: &[u8],
    options: &ImportOptions,
) -> Result<ImportedFilm, ImportError> {
    let decoded;
    let (json, encoding) = match from_utf8(trim_padding(bytes)) {
        Ok(text) => (text, None),
        Err(_) => {
            let (text, note) = decode_text(bytes);
            decoded = text;
            (decoded.as_str(), note)
        }
    };
    read_parsed(path, json, encoding.as_deref(), options)
}

/// [`read`]'s fast path alone: `None` where `read` parses everything.
#[doc(hidden)]
pub fn read_fast(path: &Path, bytes: &[u8], options: &ImportOptions) -> Option<ImportedFilm> {
    fast::read(path, from_utf8(trim_padding(bytes)).ok()?, None, options, None, None)
}

fn read_parsed(
    path: &Path,
    json: &str,
    encoding: Option<&str>,
    options: &ImportOptions,
) -> Result<ImportedFilm, ImportError> {
    let root: Obj = serde_json::from_str(json).map_err(|e| json_error(path, &e))?;
    let mut report = ImportReport::new(path, ImportFormat::Otio);
    if let Some(n) = encoding {
        report.note(n);
    }
    film_from(path, &root, report, options, None)
}

/// The film `root` holds; `counts`, when given, are the clip counts of the
/// tracks (whose children were not all parsed).
fn film_from(
    path: &Path,
    root: &Obj,
    mut report: ImportReport,
    options: &ImportOptions,
    counts: Option<&[usize]>,
) -> Result<ImportedFilm, ImportError> {
    // The timeline, its stack of tracks, its start.
    let (timeline, top) = match schema(root) {
        Some("Timeline") => (Some(root), root.x().tracks.as_ref()),
        Some("Stack") | Some("Track") | Some("Sequence") => (None, Some(root)),
        Some("SerializableCollection") => {
            let first = root
                .kids()
                .iter()
                .find(|c| schema(c) == Some("Timeline"))
                .ok_or_else(|| ImportError::invalid(path, "the collection holds no timeline"))?;
            report.note(format!(
                "the file is a collection: its first timeline '{}' read",
                name_of(first)
            ));
            (Some(first), first.x().tracks.as_ref())
        }
        Some(other) => {
            return Err(ImportError::invalid(
                path,
                format!("the file holds an OpenTimelineIO {other}, not a timeline"),
            ));
        }
        None => {
            return Err(ImportError::invalid(
                path,
                "not an OpenTimelineIO file: the top-level JSON value has no OTIO_SCHEMA",
            ));
        }
    };
    let top = top.ok_or_else(|| ImportError::invalid(path, "the timeline has no tracks"))?;
    let mut tracks = Vec::new();
    if matches!(schema(top), Some("Track") | Some("Sequence")) {
        tracks.push(TrackEntry {
            value: top,
            name: name_of(top).to_string(),
            kind: text(&top.kind).to_string(),
            clips: count_clips(top),
        });
    } else {
        list_tracks(top, "", &mut tracks);
    }
    if tracks.is_empty() {
        return Err(ImportError::invalid(path, "the timeline has no tracks"));
    }
    if let Some(counts) = counts {
        for (t, n) in tracks.iter_mut().zip(counts) {
            t.clips = *n;
        }
    }
    let chosen = choose(path, &tracks, options, &mut report)?;
    let track = &tracks[chosen];
    if tracks.len() > 1 {
        report.note(format!(
            "track {} '{}' read; the timeline's tracks are {}",
            chosen + 1,
            track.name,
            describe_tracks(&tracks)
        ));
    }

    // The film's rate: the user's, else the track's most common clip rate.
    let mut times = TimeNotes::default();
    let global_start = timeline
        .and_then(|t| t.x().global_start_time.as_ref())
        .map(|g| rtime(g, &mut times))
        .transpose()
        .map_err(|e| ImportError::invalid(path, format!("global_start_time: {e}")))?;
    let (mut clip_rates_seen, mut gap_rates) = (Vec::new(), Vec::new());
    clip_rates(track.value, &mut clip_rates_seen, &mut gap_rates);
    let track_rate = most_common(&clip_rates_seen)
        .or_else(|| most_common(&gap_rates))
        .or(global_start.map(|g| g.rate));
    let rate = match (options.rate, track_rate) {
        (Some(r), Some(t)) if r != t => {
            report.note(format!("the track runs at {t} fps; frames counted at {r} fps as asked"));
            r
        }
        (Some(r), _) => r,
        (None, Some(t)) => t,
        (None, None) => {
            report.note("the file gives no rate: 24 fps assumed");
            FrameRate::FPS_24
        }
    };
    if clip_rates_seen.len() > 1 {
        report.note(format!(
            "the track mixes clip rates {}: all times converted to {rate} fps",
            clip_rates_seen
                .iter()
                .map(|(r, _)| r.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }

    for m in markers_of(top) {
        report.note(format!("marker on the timeline: {}", marker_text(m, rate, &mut times)));
    }
    for m in markers_of(track.value) {
        report.note(format!("marker on the track: {}", marker_text(m, rate, &mut times)));
    }

    let mut reader = Reader {
        rate,
        times,
        report: &mut report,
        pieces: Vec::new(),
    };
    let place = format!("track {} '{}'", chosen + 1, track.name);
    reader.track(track.value, &place, 0.0, (0.0, f64::INFINITY));
    let Reader { mut times, pieces, .. } = reader;

    // Transitions into the notes of the clips beside them.
    let mut pieces: Vec<Piece> = pieces;
    for i in 0..pieces.len() {
        if let Piece::Transition { text } = &pieces[i] {
            let text = text.clone();
            let mut placed = false;
            if let Some(Piece::Clip(c)) = i.checked_sub(1).and_then(|j| pieces.get_mut(j)) {
                c.notes.push(format!("transition out: {text}"));
                placed = true;
            }
            if let Some(Piece::Clip(c)) = pieces.get_mut(i + 1) {
                c.notes.push(format!("transition in: {text}"));
                placed = true;
            }
            if !placed {
                report.note(format!("{place}: a transition between gaps: {text}"));
            }
        }
    }

    // Clips to shots.
    let clips: Vec<ClipPiece> = pieces
        .into_iter()
        .filter_map(|p| match p {
            Piece::Clip(c) => Some(c),
            _ => None,
        })
        .collect();
    if clips.is_empty() {
        report.note(format!("{place} holds no clips"));
    }
    let first = clips.first().map_or(0, |c| times.round(c.position));
    let media = match clips.first().and_then(|c| c.url) {
        Some(url) if clips.iter().all(|c| c.url == Some(url)) => Some(url.to_string()),
        _ => None,
    };
    let mut shots = Vec::with_capacity(clips.len());
    for (i, c) in clips.into_iter().enumerate() {
        let start = times.round(c.position);
        let end = times.round(c.position + c.duration);
        let frames = end - start;
        let source_in = times.round(c.source_start);
        let source_out = match c.time_scalar {
            Some(s) if s < 0.0 => None,
            Some(s) => Some((source_in + times.round(c.duration * s)).max(source_in + 1)),
            None => Some(times.round(c.source_start + c.duration)),
        };
        if frames == 0 {
            report.note(format!(
                "{}, item {}: clip '{}' lasts less than a frame",
                c.place, c.item, c.name
            ));
        }
        let mut shot = Shot::new(i as u32 + 1);
        shot.start = Some(Frame(start - first));
        shot.length = Some(Length {
            frames,
            source: LengthSource::Derived {
                from: "OTIO clip duration".to_string(),
            },
        });
        shot.source = Some(SourceClip {
            clip_name: c.name.to_string(),
            source: c.source.into_owned(),
            source_in: Some(Frame(source_in)),
            source_out: source_out.map(Frame),
        });
        shot.notes = c.notes.join("; ");
        shots.push(shot);
    }

    let global = global_start.map(|g| times.round(g.at(rate)));
    let timecode_start = match global {
        Some(g) => Some(Frame(g + first)),
        None if first != 0 => Some(Frame(first)),
        None => None,
    };
    for (_, n) in &times.rates_read {
        report.note(n.clone());
    }
    if times.rounded > 0 {
        report.note(format!(
            "{} time{} not whole frames at {rate} fps, rounded to the nearest frame (largest change {:.3} frame)",
            times.rounded,
            if times.rounded == 1 { " was" } else { "s were" },
            times.largest_rounding
        ));
    }

    Ok(ImportedFilm {
        title: timeline.map(name_of).unwrap_or("").to_string(),
        rate: Some(rate),
        timecode_start,
        drop_frame: false,
        shots,
        media,
        report,
    })
}

// ---------------------------------------------------------------- writing

fn rt(value: i64, rate: FrameRate) -> Value {
    json!({"OTIO_SCHEMA": "RationalTime.1", "rate": rate.as_f64(), "value": value as f64})
}

fn range(start: i64, duration: i64, rate: FrameRate) -> Value {
    json!({"OTIO_SCHEMA": "TimeRange.1", "start_time": rt(start, rate), "duration": rt(duration, rate)})
}

fn gap(frames: i64, rate: FrameRate) -> Value {
    json!({
        "OTIO_SCHEMA": "Gap.1", "name": "", "metadata": {}, "source_range": range(0, frames, rate),
        "effects": [], "markers": [], "enabled": true,
    })
}

/// A reel name is not a file: it is kept as the name of a missing reference.
fn looks_like_file(source: &str) -> bool {
    source.contains(['.', '/', '\\'])
}

fn media_reference(source: &str) -> Value {
    if source.is_empty() {
        json!({"OTIO_SCHEMA": "MissingReference.1", "name": "", "metadata": {}, "available_range": null, "available_image_bounds": null})
    } else if looks_like_file(source) {
        json!({
            "OTIO_SCHEMA": "ExternalReference.1", "name": "", "metadata": {}, "target_url": source,
            "available_range": null, "available_image_bounds": null,
        })
    } else {
        json!({"OTIO_SCHEMA": "MissingReference.1", "name": source, "metadata": {"reel": source}, "available_range": null, "available_image_bounds": null})
    }
}

fn shot_metadata(shot: &Shot) -> Value {
    let mut m = Map::new();
    m.insert("shot".into(), json!(shot.id));
    if let Some(s) = shot.start {
        m.insert("start".into(), json!(s.0));
    }
    if let Some(l) = &shot.length {
        m.insert("length_source".into(), json!(l.source.name()));
    }
    if let Some(f) = &shot.footage {
        m.insert("footage".into(), json!(f.footage));
        if let Some(p) = f.piece {
            m.insert("piece".into(), json!(p));
        }
        if !f.variants.is_empty() {
            m.insert("variants".into(), json!(f.variants));
        }
    }
    if let Some(f) = &shot.framing {
        m.insert("framing".into(), json!(f));
    }
    if !shot.description.is_empty() {
        m.insert("description".into(), json!(shot.description));
    }
    if !shot.notes.is_empty() {
        m.insert("notes".into(), json!(shot.notes));
    }
    m.insert("evidence".into(), json!(shot.evidence.len()));
    Value::Object(m)
}

fn film_track(film: &Film, rate: FrameRate, leading: i64) -> Value {
    let mut children = Vec::new();
    let mut markers = Vec::new();
    if leading > 0 {
        children.push(gap(leading, rate));
    }
    // `cursor` is the film frame where the track has got to.
    let first = film
        .shots
        .iter()
        .filter_map(|s| s.start)
        .map(|f| f.0)
        .min()
        .unwrap_or(0);
    let mut cursor = first;
    for shot in &film.shots {
        let Some(frames) = shot.frames().filter(|f| *f > 0) else {
            let at = shot.start.map_or(cursor, |s| s.0).max(first);
            let label = if shot.frames().is_some() {
                "length 0"
            } else {
                "length unknown"
            };
            markers.push(json!({
                "OTIO_SCHEMA": "Marker.2",
                "name": format!("shot {} ({label})", shot.id),
                "color": "RED",
                "marked_range": range(at - first + leading.max(0), 0, rate),
                "comment": shot.description,
                "metadata": {"decoupage": shot_metadata(shot)},
            }));
            continue;
        };
        if let Some(start) = shot.start
            && start.0 > cursor
        {
            children.push(gap(start.0 - cursor, rate));
            cursor = start.0;
        }
        let record_start = shot.start.map_or(cursor, |s| s.0);
        let source = shot.source.clone().unwrap_or_default();
        let source_in = source.source_in.map_or(record_start, |f| f.0);
        let mut effects = Vec::new();
        if let (Some(a), Some(b)) = (source.source_in, source.source_out)
            && b.0 - a.0 != frames
        {
            let scalar = (b.0 - a.0) as f64 / frames as f64;
            effects.push(json!({
                "OTIO_SCHEMA": "LinearTimeWarp.1", "name": "", "effect_name": "LinearTimeWarp",
                "time_scalar": scalar, "metadata": {},
            }));
        }
        let media = if source.source.is_empty() {
            film.media.as_deref().unwrap_or("")
        } else {
            source.source.as_str()
        };
        let name = if source.clip_name.is_empty() {
            format!("{} {}", film.id, shot.id)
        } else {
            source.clip_name.clone()
        };
        children.push(json!({
            "OTIO_SCHEMA": "Clip.2",
            "name": name,
            "source_range": range(source_in, frames, rate),
            "media_references": {"DEFAULT_MEDIA": media_reference(media)},
            "active_media_reference_key": "DEFAULT_MEDIA",
            "effects": effects,
            "markers": [],
            "enabled": true,
            "metadata": {"decoupage": shot_metadata(shot)},
        }));
        cursor = cursor.max(record_start) + frames;
    }
    json!({
        "OTIO_SCHEMA": "Track.1",
        "name": film.title,
        "kind": "Video",
        "source_range": null,
        "children": children,
        "effects": [],
        "markers": markers,
        "enabled": true,
        "metadata": {"decoupage": {"film": film.id, "rate": rate.to_string()}},
    })
}

/// A timeline of the films, one video track each, at each film's rate;
/// its global start is the first film's first timecode.
pub fn write(project: &Project, films: &[&Film]) -> Result<String, String> {
    if films.is_empty() {
        return Err("no film to export".into());
    }
    let mut tracks = Vec::new();
    let first = films[0];
    let first_rate = first.rate.ok_or_else(|| {
        format!(
            "film '{}' has no frame rate: set it before exporting a timeline",
            first.id
        )
    })?;
    for film in films {
        let rate = film.rate.ok_or_else(|| {
            format!(
                "film '{}' has no frame rate: set it before exporting a timeline",
                film.id
            )
        })?;
        // A film whose first timecode comes after the first film's starts
        // that much later on the timeline.
        let leading = match (first.timecode_start, film.timecode_start) {
            (Some(g), Some(t)) => {
                let secs = t.0 as f64 * rate.den() as f64 / rate.num() as f64
                    - g.0 as f64 * first_rate.den() as f64 / first_rate.num() as f64;
                (secs * rate.as_f64()).round() as i64
            }
            _ => 0,
        };
        tracks.push(film_track(film, rate, leading));
    }
    let title = if films.len() == 1 {
        &films[0].title
    } else {
        &project.title
    };
    let timeline = json!({
        "OTIO_SCHEMA": "Timeline.1",
        "name": title,
        "global_start_time": first.timecode_start.map(|f| rt(f.0, first_rate)),
        "metadata": {"decoupage": {"project": project.title}},
        "tracks": {
            "OTIO_SCHEMA": "Stack.1", "name": "tracks", "source_range": null, "children": tracks,
            "effects": [], "markers": [], "enabled": true, "metadata": {},
        },
    });
    serde_json::to_string_pretty(&timeline).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn float_rates_are_read_as_the_fractions_they_stand_for() {
        let ntsc24 = FrameRate::NTSC_24;
        for r in [23.976, 23.976023976, 23.976023976023978, 23.976024627685547, 23.98] {
            assert_eq!(rate_from_f64(r), Some(ntsc24), "{r}");
        }
        for r in [29.97, 29.97002997] {
            assert_eq!(rate_from_f64(r), Some(FrameRate::NTSC_30), "{r}");
        }
        for r in [59.94, 59.9400599401] {
            assert_eq!(rate_from_f64(r), Some(FrameRate::NTSC_60), "{r}");
        }
        assert_eq!(rate_from_f64(24.0), Some(FrameRate::FPS_24));
        assert_eq!(rate_from_f64(25.0), Some(FrameRate::FPS_25));
        assert_eq!(rate_from_f64(44100.0), Some(FrameRate::new(44100, 1).unwrap()));
        assert_eq!(rate_from_f64(12.5), Some(FrameRate::new(25, 2).unwrap()));
        assert_eq!(rate_from_f64(0.0), None);
        assert_eq!(rate_from_f64(-24.0), None);
        assert_eq!(rate_from_f64(f64::NAN), None);
    }

    #[test]
    fn times_convert_between_rates() {
        let t = RTime {
            value: 30.0,
            rate: FrameRate::FPS_30,
        };
        assert!((t.at(FrameRate::NTSC_24) - 23.976).abs() < 1e-3);
        assert_eq!(t.at(FrameRate::FPS_30), 30.0);
    }

    /// What keeps a 10,000-clip import quick: a clip, with its first
    /// media reference, in a few cache lines.
    #[test]
    fn a_parsed_clip_stays_small() {
        assert!(std::mem::size_of::<Obj>() <= 408, "{}", std::mem::size_of::<Obj>());
        assert!(
            std::mem::size_of::<MediaRef>() <= 128,
            "{}",
            std::mem::size_of::<MediaRef>()
        );
        assert_eq!(std::mem::size_of::<Time>(), 16);
    }

    #[test]
    fn the_active_media_reference_is_the_one_used() {
        let clip: Obj = serde_json::from_str(
            r#"{"OTIO_SCHEMA": "Clip.2", "media_references": {
                "DEFAULT_MEDIA": {"OTIO_SCHEMA": "ExternalReference.1", "target_url": "proxy.mov"},
                "high": {"OTIO_SCHEMA": "ExternalReference.1", "target_url": "file:///full/res.mov"}},
                "active_media_reference_key": "high"}"#,
        )
        .unwrap();
        let m = media_of(active_media(&clip));
        assert_eq!((&*m.source, m.url), ("res.mov", Some("/full/res.mov")));
        let missing: Obj = serde_json::from_str(
            r#"{"OTIO_SCHEMA": "Clip.1", "media_reference": {"OTIO_SCHEMA": "MissingReference.1", "name": "R007"}}"#,
        )
        .unwrap();
        assert_eq!(media_of(active_media(&missing)).source, "R007");
    }

    /// A timeline of a video and an audio track, `n` clips each, with
    /// gaps, transitions, markers and effects.
    fn two_tracks(n: usize, pretty: bool) -> String {
        let rt = |v: f64, r: f64| json!({"OTIO_SCHEMA": "RationalTime.1", "rate": r, "value": v});
        let tr = |s: f64, d: f64, r: f64| json!({"OTIO_SCHEMA": "TimeRange.1", "start_time": rt(s, r), "duration": rt(d, r)});
        let clip = |i: usize, r: f64| {
            json!({"OTIO_SCHEMA": "Clip.2", "name": format!("c{i} \"q\" [x]"), "source_range": tr(i as f64, 10.0 + i as f64, r),
                "effects": if i % 7 == 3 { json!([{"OTIO_SCHEMA": "LinearTimeWarp.1", "time_scalar": 2.0}]) } else { json!([]) },
                "markers": if i % 5 == 1 { json!([{"OTIO_SCHEMA": "Marker.2", "name": "m}", "marked_range": tr(1.0, 0.0, r)}]) } else { json!([]) },
                "metadata": {"a": {"b": [1, {"c": "}]\\"}]}},
                "media_references": {"DEFAULT_MEDIA": {"OTIO_SCHEMA": "ExternalReference.1", "target_url": format!("file:///m/{i}.mov")}},
                "active_media_reference_key": "DEFAULT_MEDIA"})
        };
        let mut video = Vec::new();
        let mut audio = Vec::new();
        for i in 0..n {
            if i % 9 == 4 {
                video.push(json!({"OTIO_SCHEMA": "Gap.1", "source_range": tr(0.0, 3.0, 24.0)}));
            }
            video.push(clip(i, 24.0));
            if i % 11 == 5 {
                video.push(
                    json!({"OTIO_SCHEMA": "Transition.1", "transition_type": "SMPTE_Dissolve",
                    "in_offset": rt(2.0, 24.0), "out_offset": rt(2.0, 24.0)}),
                );
            }
            audio.push(clip(i, 48000.0));
        }
        let track = |name: &str, kind: &str, children: Vec<Value>| json!({"OTIO_SCHEMA": "Track.1", "name": name, "kind": kind, "children": children, "metadata": {}});
        let v = json!({"OTIO_SCHEMA": "Timeline.1", "name": "two", "global_start_time": rt(86400.0, 24.0),
            "tracks": {"OTIO_SCHEMA": "Stack.1", "children": [track("A1", "Audio", audio), track("V1", "Video", video),
                track("V2", "Video", vec![])]}});
        if pretty {
            serde_json::to_string_pretty(&v).unwrap()
        } else {
            serde_json::to_string(&v).unwrap()
        }
    }

    /// The two threads of a large read share a track this way: one parses
    /// from the start and is told, while it parses, where to stop.
    #[test]
    fn a_watched_parse_stops_where_it_is_told() {
        use fast::Parsed;
        let text = two_tracks(40, true);
        let layout = fast::layout(text.as_bytes()).unwrap();
        let (a, end, _) = layout[0].unwrap();
        assert_eq!(fast::first_children(text.as_bytes()), Some(a));
        let split = fast::split_point(&text, a, a + (end - a) / 2, end).unwrap();
        let watch = fast::Watch::default();
        assert!(watch.stop_at(split), "nothing parsed yet");
        let (mut head, mut tail, mut whole) = (Vec::new(), Vec::new(), Vec::new());
        let got = fast::parse_elements(&text, a + 1, Some(&watch), &mut head);
        assert!(matches!(got, Some(Parsed::Stop)));
        let got = fast::parse_elements(&text, split, None, &mut tail);
        assert!(matches!(got, Some(Parsed::End(e)) if e == end));
        let got = fast::parse_elements(&text, a + 1, None, &mut whole);
        assert!(matches!(got, Some(Parsed::End(e)) if e == end));
        assert!(!head.is_empty() && !tail.is_empty());
        assert_eq!(head.len() + tail.len(), whole.len());
        let names = |v: &[Obj]| v.iter().map(|o| name_of(o).to_string()).collect::<Vec<_>>();
        assert_eq!([names(&head), names(&tail)].concat(), names(&whole));
        // Asked to stop where it has been already, it says it will not.
        assert!(!watch.stop_at(a + 1));
        // Not wanted any more, it stops at once.
        watch.abort();
        let got = fast::parse_elements(&text, a + 1, Some(&watch), &mut Vec::new());
        assert!(matches!(got, Some(Parsed::Aborted)));
    }

    #[test]
    fn the_fast_path_reads_what_the_full_parse_reads() {
        let path = Path::new("two.otio");
        for n in [0, 1, 3, 40, 3000] {
            for pretty in [false, true] {
                let text = two_tracks(n, pretty);
                for options in [
                    ImportOptions::default(),
                    ImportOptions {
                        track: Some(TrackChoice::Index(1)),
                        ..Default::default()
                    },
                    ImportOptions {
                        track: Some(TrackChoice::Index(3)),
                        ..Default::default()
                    },
                    ImportOptions {
                        track: Some(TrackChoice::Name("v1".into())),
                        ..Default::default()
                    },
                ] {
                    let full = read_parsing_everything(path, text.as_bytes(), &options).unwrap();
                    let fast = read_fast(path, text.as_bytes(), &options);
                    assert_eq!(fast.as_ref(), Some(&full), "{n} clips, pretty {pretty}, {options:?}");
                    // `read` on a file of 1 MB or more (3,000 clips here)
                    // starts parsing the first track (the audio one) while
                    // it looks for the others.
                    assert!(n < 3000 || text.len() >= fast::TWO_THREADS_FROM, "{}", text.len());
                    let fast = fast::read_large(path, text.as_bytes(), &options);
                    assert_eq!(fast.as_ref(), Some(&full), "{n} clips, pretty {pretty}, {options:?}");
                    assert_eq!(read(path, text.as_bytes(), &options).as_ref().ok(), Some(&full));
                }
            }
        }
    }

    #[test]
    #[ignore]
    fn probe_skim_speed() {
        let text = two_tracks(40000, true);
        let s = text.as_bytes();
        for _ in 0..3 {
            let t = std::time::Instant::now();
            let end = skim::value_end(s, 0);
            eprintln!(
                "skim {:.1} MB: {:?} {:?}",
                s.len() as f64 / 1e6,
                end.map(|e| e == s.len()),
                t.elapsed()
            );
            let t = std::time::Instant::now();
            let n = s.iter().filter(|&&b| b == b'{').count();
            eprintln!("count {n} {:?}", t.elapsed());
            let t = std::time::Instant::now();
            let n: u64 = s
                .chunks_exact(8)
                .map(|c| u64::from_le_bytes(c.try_into().unwrap()))
                .fold(0, |a, b| a ^ b);
            eprintln!("xor {n} {:?}", t.elapsed());
        }
        let small = two_tracks(400, true);
        let s = small.as_bytes();
        let t = std::time::Instant::now();
        for _ in 0..100 {
            std::hint::black_box(skim::value_end(std::hint::black_box(s), 0));
        }
        eprintln!("skim in cache {:.1} MB x100: {:?}", s.len() as f64 / 1e6, t.elapsed());
    }

    #[test]
    fn base_names_of_urls_and_windows_paths() {
        assert_eq!(base_name("file:///a/b/c.mov"), "c.mov");
        assert_eq!(base_name("C:/projects/x/plate.exr"), "plate.exr");
        assert_eq!(base_name("C:\\x\\y.mov"), "y.mov");
        assert_eq!(base_name("plain.mov"), "plain.mov");
    }
}
