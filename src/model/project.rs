//! The project as data: films, shots, footage, evidence, vocabularies.
//!
//! Field order here is the field order in the RON file; keep it stable so
//! that projects diff well under version control. Text that is not known is
//! an empty string and is left out of the file; a number that is not known is
//! `None`, never 0.

use serde::{Deserialize, Serialize};

use super::time::{ClockTime, Frame, FrameRate};
use super::vocab::Vocabularies;

/// The schema this program writes. Older ones are migrated by `store`.
pub const SCHEMA: u32 = 2;

fn is_false(b: &bool) -> bool {
    !*b
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Project {
    pub schema: u32,
    pub title: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
    #[serde(default)]
    pub films: Vec<Film>,
    #[serde(default)]
    pub footage: Vec<Footage>,
    #[serde(default)]
    pub vocabularies: Vocabularies,
}

impl Project {
    /// An empty project with the standard vocabularies.
    pub fn new(title: impl Into<String>) -> Self {
        Project {
            schema: SCHEMA,
            title: title.into(),
            notes: String::new(),
            films: Vec::new(),
            footage: Vec::new(),
            vocabularies: Vocabularies::standard(),
        }
    }

    pub fn film(&self, id: &str) -> Option<&Film> {
        self.films.iter().find(|f| f.id == id)
    }

    pub fn film_index(&self, id: &str) -> Option<usize> {
        self.films.iter().position(|f| f.id == id)
    }

    pub fn footage(&self, id: &str) -> Option<&Footage> {
        self.footage.iter().find(|f| f.id == id)
    }

    pub fn shot_count(&self) -> usize {
        self.films.iter().map(|f| f.shots.len()).sum()
    }

    pub fn evidence_count(&self) -> usize {
        self.films.iter().flat_map(|f| &f.shots).map(|s| s.evidence.len()).sum()
    }
}

/// A film: a newsreel, a compilation, a documentary.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Film {
    /// A readable slug, unique in the project (`journal-1935`).
    pub id: String,
    pub title: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub english_title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<i32>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub kind: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub collection: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub credits: String,
    /// Running time as a source reports it, when not counted in frames.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<ClockTime>,
    /// Projection rate; `None` while nobody knows it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate: Option<FrameRate>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub sound: String,
    /// Phase of memory the film belongs to (celebration, commemoration ...).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub memory_phase: String,
    /// Media file, relative to the project file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub media: Option<String>,
    /// The timecode of the film's first frame, as a frame count at the
    /// film's rate (01:00:00:00 at 25 fps is 90000), when the film came
    /// from an edit with record timecodes: exports write them back.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timecode_start: Option<Frame>,
    /// Timecodes of the film are drop-frame (29.97, 59.94).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub drop_frame: bool,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
    #[serde(default)]
    pub shots: Vec<Shot>,
}

impl Film {
    pub fn new(id: impl Into<String>, title: impl Into<String>) -> Self {
        Film {
            id: id.into(),
            title: title.into(),
            english_title: String::new(),
            year: None,
            kind: String::new(),
            collection: String::new(),
            credits: String::new(),
            duration: None,
            rate: None,
            sound: String::new(),
            memory_phase: String::new(),
            media: None,
            timecode_start: None,
            drop_frame: false,
            notes: String::new(),
            shots: Vec::new(),
        }
    }

    /// Shots whose length is known.
    pub fn known_lengths(&self) -> usize {
        self.shots.iter().filter(|s| s.length.is_some()).count()
    }

    /// Sum of the known shot lengths, in frames.
    pub fn known_frames(&self) -> i64 {
        self.shots
            .iter()
            .filter_map(|s| s.length.as_ref())
            .map(|l| l.frames)
            .fold(0i64, i64::saturating_add)
    }

    /// The first frame after the last shot of known start and length: where
    /// the shots end (`None` when no shot has both).
    pub fn shots_end(&self) -> Option<i64> {
        self.shots.iter().filter_map(Shot::end).max()
    }

    /// An id for a new shot, unused in this film.
    pub fn next_shot_id(&self) -> u32 {
        // After the largest id; when that is u32::MAX, the first free one.
        match self.shots.iter().map(|s| s.id).max() {
            None => 1,
            Some(m) if m < u32::MAX => m + 1,
            Some(_) => {
                let used: std::collections::HashSet<u32> = self.shots.iter().map(|s| s.id).collect();
                (1..).find(|id| !used.contains(id)).expect("fewer than u32::MAX shots")
            }
        }
    }
}

/// One shot of a film. Its number is its place in the film (1-based), not
/// stored; `id` stays with the shot when shots are reordered.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Shot {
    pub id: u32,
    /// First frame in the film (0-based), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<Frame>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub length: Option<Length>,
    /// Position in the film as a source gives it, in clock time, when no
    /// frame is known (`00:02:11`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_in: Option<ClockTime>,
    /// Duration as a source gives it, in clock time (`00:00:35`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<ClockTime>,
    /// Code of a term of the framing scale (`MCU`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub framing: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub footage: Option<FootageUse>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Evidence>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub placement: Option<Placement>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
    /// Where an imported shot came from: the clip and its source range.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<SourceClip>,
    /// The length a publication or record gave, kept when the length was
    /// then measured on the film (the article says 39, the film shows 41).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reported: Option<ReportedLength>,
}

/// A length as a source reports it, beside the one measured on the film.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportedLength {
    pub frames: i64,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub citation: String,
}

/// The clip an imported shot was cut from: its name, the reel or media
/// file, and the range used, in frames at the film's rate (out exclusive).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceClip {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub clip_name: String,
    /// Reel name or media file name.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub source: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_in: Option<Frame>,
    /// Exclusive.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_out: Option<Frame>,
}

impl SourceClip {
    pub fn is_empty(&self) -> bool {
        *self == SourceClip::default()
    }
}

impl Shot {
    pub fn new(id: u32) -> Self {
        Shot {
            id,
            start: None,
            length: None,
            time_in: None,
            duration: None,
            framing: None,
            footage: None,
            description: String::new(),
            evidence: Vec::new(),
            placement: None,
            notes: String::new(),
            source: None,
            reported: None,
        }
    }

    pub fn frames(&self) -> Option<i64> {
        self.length.as_ref().map(|l| l.frames)
    }

    /// The first frame after the shot, when its start and length are known.
    pub fn end(&self) -> Option<i64> {
        self.start?.0.checked_add(self.frames()?)
    }

    /// The shot's length set to `frames` counted on the film: a length a
    /// source reported is kept beside it (the first one, if the shot was
    /// measured more than once).
    pub fn set_measured(&mut self, frames: i64) {
        if let Some(Length {
            frames: reported,
            source: LengthSource::Reported { citation },
        }) = &self.length
            && self.reported.is_none()
        {
            self.reported = Some(ReportedLength {
                frames: *reported,
                citation: citation.clone(),
            });
        }
        self.length = Some(Length {
            frames,
            source: LengthSource::Measured,
        });
    }

    /// Measured and reported lengths that disagree: (measured, reported).
    pub fn length_disagreement(&self) -> Option<(i64, &ReportedLength)> {
        let length = self.length.as_ref().filter(|l| l.source == LengthSource::Measured)?;
        let reported = self.reported.as_ref().filter(|r| r.frames != length.frames)?;
        Some((length.frames, reported))
    }
}

/// A length in frames and where the figure comes from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Length {
    pub frames: i64,
    pub source: LengthSource,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum LengthSource {
    /// Counted on the media.
    Measured,
    /// Given by a publication or an archive record.
    Reported { citation: String },
    /// Computed from a timecode or a duration at a rate.
    Derived { from: String },
    /// A guess, e.g. from a viewing without frame access.
    Estimated,
}

impl LengthSource {
    pub fn name(&self) -> &'static str {
        match self {
            LengthSource::Measured => "measured",
            LengthSource::Reported { .. } => "reported",
            LengthSource::Derived { .. } => "derived",
            LengthSource::Estimated => "estimated",
        }
    }
}

/// Whether the source states the shot and its place, or we infer them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Placement {
    Stated,
    Inferred,
}

impl Placement {
    pub fn name(&self) -> &'static str {
        match self {
            Placement::Stated => "stated",
            Placement::Inferred => "inferred",
        }
    }
}

/// Original footage that shots of several films reuse.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Footage {
    pub id: String,
    pub label: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub origin: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Known variants, as sets of alternatives: each inner list holds values
    /// that exclude each other (`["mouth half-open", "mouth closed"]`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub variants: Vec<Vec<String>>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
}

impl Footage {
    pub fn new(id: impl Into<String>, label: impl Into<String>) -> Self {
        Footage {
            id: id.into(),
            label: label.into(),
            origin: String::new(),
            description: String::new(),
            variants: Vec::new(),
            notes: String::new(),
        }
    }

    pub fn knows_variant(&self, value: &str) -> bool {
        self.variants.iter().flatten().any(|v| v == value)
    }
}

/// The footage a shot shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FootageUse {
    pub footage: String,
    /// Place of this fragment in the whole footage (1-based), when the
    /// footage was cut into pieces.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub piece: Option<u32>,
    /// Which of the footage's known variants this use shows.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub variants: Vec<String>,
    /// The same piece shown again in this film, on purpose.
    #[serde(default, skip_serializing_if = "is_false")]
    pub repeat: bool,
}

impl FootageUse {
    pub fn new(footage: impl Into<String>) -> Self {
        FootageUse {
            footage: footage.into(),
            piece: None,
            variants: Vec::new(),
            repeat: false,
        }
    }
}

/// One piece of evidence for or against a claim about a shot.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    /// Code of a claim (`reenacted`).
    pub claim: String,
    pub stance: Stance,
    /// Code of an evidence kind (`setting`).
    pub kind: String,
    pub observation: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub source: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weight: Option<Weight>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Stance {
    Supports,
    Contradicts,
}

impl Stance {
    pub fn name(&self) -> &'static str {
        match self {
            Stance::Supports => "supports",
            Stance::Contradicts => "contradicts",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Weight {
    Strong,
    Supporting,
    Weak,
}

impl Weight {
    pub fn name(&self) -> &'static str {
        match self {
            Weight::Strong => "strong",
            Weight::Supporting => "supporting",
            Weight::Weak => "weak",
        }
    }

    pub fn parse(s: &str) -> Option<Weight> {
        match s.trim().to_ascii_lowercase().as_str() {
            "strong" => Some(Weight::Strong),
            "supporting" => Some(Weight::Supporting),
            "weak" => Some(Weight::Weak),
            _ => None,
        }
    }
}
