//! Exact film time: integer frames and rational rates.
//!
//! Everything else (seconds, timecode, feet+frames) is derived here from a
//! frame number and a rate, so that no float ever decides which frame a
//! shot starts on.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A frame number (0-based) or a count of frames.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Frame(pub i64);

/// A run of frames: `start` included, `start + len` excluded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct FrameRange {
    pub start: Frame,
    pub len: i64,
}

impl FrameRange {
    pub fn new(start: Frame, len: i64) -> Self {
        Self { start, len }
    }

    /// The first frame after the range.
    pub fn end(&self) -> Frame {
        Frame(self.start.0 + self.len)
    }

    pub fn contains(&self, frame: Frame) -> bool {
        frame >= self.start && frame < self.end()
    }
}

/// A frame rate as an exact fraction: 24, 25, 30000/1001 ...
///
/// Both parts are positive; a rate of zero cannot be built.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct FrameRate {
    num: u32,
    den: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TimeError {
    #[error("a frame rate must be greater than zero, got {0}")]
    ZeroRate(String),
    #[error("'{0}' is not a frame rate (write 25, 24000/1001 or 29.97)")]
    BadRate(String),
    #[error("'{0}' is not a timecode (write HH:MM:SS:FF, or HH:MM:SS;FF for drop-frame)")]
    BadTimecode(String),
    #[error("timecode {0} has {1} frames, but a second has only {2} at this rate")]
    FramesOutOfRange(String, u32, u32),
    #[error("drop-frame timecode exists only at 29.97 and 59.94 fps, not at {0}")]
    DropFrameRate(FrameRate),
    #[error("{0} is a dropped timecode label: it never occurs in drop-frame timecode")]
    DroppedLabel(String),
    #[error("a timecode cannot show a negative frame ({0})")]
    Negative(i64),
    #[error("'{0}' is not a clock time (write HH:MM:SS or HH:MM:SS.mmm)")]
    BadClock(String),
    #[error("'{0}' is not a feet+frames count (write FEET+FRAMES, e.g. 12+07)")]
    BadFeet(String),
}

fn gcd(mut a: u64, mut b: u64) -> u64 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

impl FrameRate {
    pub const FPS_16: FrameRate = FrameRate { num: 16, den: 1 };
    pub const FPS_18: FrameRate = FrameRate { num: 18, den: 1 };
    pub const FPS_24: FrameRate = FrameRate { num: 24, den: 1 };
    pub const FPS_25: FrameRate = FrameRate { num: 25, den: 1 };
    pub const FPS_30: FrameRate = FrameRate { num: 30, den: 1 };
    pub const NTSC_24: FrameRate = FrameRate { num: 24000, den: 1001 };
    pub const NTSC_30: FrameRate = FrameRate { num: 30000, den: 1001 };
    pub const NTSC_60: FrameRate = FrameRate { num: 60000, den: 1001 };

    /// A rate `num/den` in lowest terms; zero in either part is refused.
    pub fn new(num: u32, den: u32) -> Result<Self, TimeError> {
        if num == 0 || den == 0 {
            return Err(TimeError::ZeroRate(format!("{num}/{den}")));
        }
        let g = gcd(num as u64, den as u64) as u32;
        Ok(Self {
            num: num / g,
            den: den / g,
        })
    }

    pub fn num(&self) -> u32 {
        self.num
    }

    pub fn den(&self) -> u32 {
        self.den
    }

    pub fn as_f64(&self) -> f64 {
        self.num as f64 / self.den as f64
    }

    /// Frames per second as written on a timecode counter: 30 for 29.97.
    pub fn timecode_base(&self) -> u32 {
        ((self.num as u64 + self.den as u64 / 2) / self.den as u64).max(1) as u32
    }

    /// Whether drop-frame timecode is defined at this rate (29.97, 59.94).
    pub fn supports_drop_frame(&self) -> bool {
        *self == Self::NTSC_30 || *self == Self::NTSC_60
    }

    /// Seconds of `frames` frames, exactly as a fraction `(numerator, denominator)`.
    pub fn seconds_exact(&self, frames: i64) -> (i128, i128) {
        (frames as i128 * self.den as i128, self.num as i128)
    }

    /// Seconds of `frames` frames (for display and tables).
    pub fn frames_to_seconds(&self, frames: i64) -> f64 {
        frames as f64 * self.den as f64 / self.num as f64
    }

    /// The frame nearest to a time in seconds (half a frame rounds up).
    pub fn seconds_to_frames(&self, seconds: f64) -> i64 {
        (seconds * self.num as f64 / self.den as f64).round() as i64
    }

    /// The frame at `ms` milliseconds, rounded to the nearest frame.
    pub fn millis_to_frames(&self, ms: i64) -> i64 {
        let n = ms as i128 * self.num as i128;
        let d = 1000i128 * self.den as i128;
        // round half away from zero, in integers
        let q = if n >= 0 {
            (2 * n + d) / (2 * d)
        } else {
            -((-2 * n + d) / (2 * d))
        };
        q as i64
    }

    /// The milliseconds of frame `frame` (from 0), rounded to the nearest:
    /// the inverse of `millis_to_frames` for every frame.
    pub fn frames_to_millis(&self, frame: i64) -> i64 {
        let n = frame as i128 * 1000 * self.den as i128;
        let d = self.num as i128;
        let q = if n >= 0 {
            (2 * n + d) / (2 * d)
        } else {
            -((-2 * n + d) / (2 * d))
        };
        q as i64
    }

    /// The common rates a scholar picks from, with their names.
    pub fn common() -> &'static [(FrameRate, &'static str)] {
        &[
            (Self::FPS_16, "16"),
            (Self::FPS_18, "18"),
            (FrameRate { num: 20, den: 1 }, "20"),
            (FrameRate { num: 22, den: 1 }, "22"),
            (Self::NTSC_24, "23.976"),
            (Self::FPS_24, "24"),
            (Self::FPS_25, "25"),
            (Self::NTSC_30, "29.97"),
            (Self::FPS_30, "30"),
            (FrameRate { num: 50, den: 1 }, "50"),
            (Self::NTSC_60, "59.94"),
            (FrameRate { num: 60, den: 1 }, "60"),
        ]
    }
}

impl fmt::Display for FrameRate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.den == 1 {
            write!(f, "{}", self.num)
        } else {
            write!(f, "{}/{}", self.num, self.den)
        }
    }
}

impl FromStr for FrameRate {
    type Err = TimeError;

    /// Reads `25`, `30000/1001`, and the decimal names of NTSC rates
    /// (`23.976`, `29.97`, `59.94`) as the exact fractions they stand for.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        let bad = || TimeError::BadRate(s.to_string());
        if let Some((n, d)) = t.split_once('/') {
            let num: u64 = n.trim().parse().map_err(|_| bad())?;
            let den: u64 = d.trim().parse().map_err(|_| bad())?;
            if num == 0 || den == 0 {
                return Err(TimeError::ZeroRate(t.to_string()));
            }
            let (num, den) = (
                u32::try_from(num).map_err(|_| bad())?,
                u32::try_from(den).map_err(|_| bad())?,
            );
            return FrameRate::new(num, den);
        }
        match t {
            "23.976" | "23.98" => return Ok(Self::NTSC_24),
            "29.97" => return Ok(Self::NTSC_30),
            "59.94" => return Ok(Self::NTSC_60),
            _ => {}
        }
        if let Ok(n) = t.parse::<u32>() {
            return if n == 0 {
                Err(TimeError::ZeroRate(t.to_string()))
            } else {
                FrameRate::new(n, 1)
            };
        }
        // Other decimals: exact in thousandths (e.g. 12.5 = 25/2).
        let (int, frac) = t.split_once('.').ok_or_else(bad)?;
        if frac.is_empty() || frac.len() > 3 || !frac.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        let int: u32 = if int.is_empty() {
            0
        } else {
            int.parse().map_err(|_| bad())?
        };
        let scale = 10u32.pow(frac.len() as u32);
        let frac: u32 = frac.parse().map_err(|_| bad())?;
        let num = int
            .checked_mul(scale)
            .and_then(|v| v.checked_add(frac))
            .ok_or_else(bad)?;
        if num == 0 {
            return Err(TimeError::ZeroRate(t.to_string()));
        }
        FrameRate::new(num, scale)
    }
}

impl Serialize for FrameRate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for FrameRate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// A SMPTE timecode label. `drop` marks drop-frame counting (`;` before the frames).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Timecode {
    pub hours: u32,
    pub minutes: u32,
    pub seconds: u32,
    pub frames: u32,
    pub drop: bool,
}

impl fmt::Display for Timecode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sep = if self.drop { ';' } else { ':' };
        write!(
            f,
            "{:02}:{:02}:{:02}{}{:02}",
            self.hours, self.minutes, self.seconds, sep, self.frames
        )
    }
}

impl FromStr for Timecode {
    type Err = TimeError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        let bad = || TimeError::BadTimecode(s.to_string());
        let drop = t.contains(';') || t.contains(',');
        let parts: Vec<&str> = t.split([':', ';', ',', '.']).collect();
        if parts.len() != 4
            || parts
                .iter()
                .any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()))
        {
            return Err(bad());
        }
        let n = |p: &str| p.parse::<u32>().map_err(|_| bad());
        let tc = Timecode {
            hours: n(parts[0])?,
            minutes: n(parts[1])?,
            seconds: n(parts[2])?,
            frames: n(parts[3])?,
            drop,
        };
        if tc.minutes > 59 || tc.seconds > 59 {
            return Err(bad());
        }
        Ok(tc)
    }
}

impl Timecode {
    /// The timecode label of frame `frame` counted from 00:00:00:00.
    pub fn from_frame(frame: i64, rate: FrameRate, drop: bool) -> Result<Self, TimeError> {
        if frame < 0 {
            return Err(TimeError::Negative(frame));
        }
        if drop && !rate.supports_drop_frame() {
            return Err(TimeError::DropFrameRate(rate));
        }
        let base = rate.timecode_base() as i64;
        let mut n = frame;
        if drop {
            // Labels 0 and 1 (×2 at 59.94) of every minute are skipped,
            // except in minutes divisible by ten.
            let dropped = base / 15; // 2 at 30, 4 at 60
            let per_10min = base * 600 - dropped * 9;
            let per_min = base * 60 - dropped;
            let tens = n / per_10min;
            let rem = n % per_10min;
            let extra = if rem > dropped {
                dropped * ((rem - dropped) / per_min)
            } else {
                0
            };
            n += dropped * 9 * tens + extra;
        }
        let frames = (n % base) as u32;
        let total_seconds = n / base;
        Ok(Timecode {
            hours: (total_seconds / 3600) as u32,
            minutes: ((total_seconds / 60) % 60) as u32,
            seconds: (total_seconds % 60) as u32,
            frames,
            drop,
        })
    }

    /// The frame this label stands for, counted from 00:00:00:00.
    pub fn to_frame(&self, rate: FrameRate) -> Result<i64, TimeError> {
        let base = rate.timecode_base();
        if self.frames >= base {
            return Err(TimeError::FramesOutOfRange(self.to_string(), self.frames, base));
        }
        if self.drop && !rate.supports_drop_frame() {
            return Err(TimeError::DropFrameRate(rate));
        }
        let base = base as i64;
        let total_minutes = self.hours as i64 * 60 + self.minutes as i64;
        let mut n = (total_minutes * 60 + self.seconds as i64) * base + self.frames as i64;
        if self.drop {
            let dropped = base / 15;
            if self.seconds == 0 && (self.frames as i64) < dropped && !self.minutes.is_multiple_of(10) {
                return Err(TimeError::DroppedLabel(self.to_string()));
            }
            n -= dropped * (total_minutes - total_minutes / 10);
        }
        Ok(n)
    }
}

/// Film gauges, for feet+frames counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Gauge {
    /// 35 mm, 16 frames a foot.
    Mm35,
    /// 16 mm, 40 frames a foot.
    Mm16,
}

impl Gauge {
    pub fn frames_per_foot(&self) -> i64 {
        match self {
            Gauge::Mm35 => 16,
            Gauge::Mm16 => 40,
        }
    }

    pub fn name(&self) -> &'static str {
        match self {
            Gauge::Mm35 => "35 mm",
            Gauge::Mm16 => "16 mm",
        }
    }
}

/// A length of film as feet and frames: `12+07` is 12 feet 7 frames.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct FeetFrames {
    pub feet: i64,
    pub frames: i64,
}

impl FeetFrames {
    pub fn from_frames(frames: i64, gauge: Gauge) -> Self {
        let per = gauge.frames_per_foot();
        FeetFrames {
            feet: frames.div_euclid(per),
            frames: frames.rem_euclid(per),
        }
    }

    pub fn to_frames(&self, gauge: Gauge) -> i64 {
        self.feet * gauge.frames_per_foot() + self.frames
    }

    pub fn parse(s: &str, gauge: Gauge) -> Result<Self, TimeError> {
        let bad = || TimeError::BadFeet(s.to_string());
        let (f, r) = s.trim().split_once('+').ok_or_else(bad)?;
        let feet: i64 = f.trim().parse().map_err(|_| bad())?;
        let frames: i64 = r.trim().parse().map_err(|_| bad())?;
        if feet < 0 || frames < 0 || frames >= gauge.frames_per_foot() {
            return Err(bad());
        }
        Ok(FeetFrames { feet, frames })
    }
}

impl fmt::Display for FeetFrames {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}+{:02}", self.feet, self.frames)
    }
}

/// A wall-clock duration or position in milliseconds, as publications give
/// them when no frame rate is known (`00:02:11`, `00:00:35`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ClockTime {
    pub millis: i64,
}

impl ClockTime {
    pub fn from_millis(millis: i64) -> Self {
        Self { millis }
    }

    pub fn seconds(&self) -> f64 {
        self.millis as f64 / 1000.0
    }

    /// The nearest frame at `rate`.
    pub fn to_frames(&self, rate: FrameRate) -> i64 {
        rate.millis_to_frames(self.millis)
    }
}

impl fmt::Display for ClockTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.millis < 0 { "-" } else { "" };
        let ms = self.millis.abs();
        let s = ms / 1000;
        write!(f, "{sign}{:02}:{:02}:{:02}", s / 3600, (s / 60) % 60, s % 60)?;
        if ms % 1000 != 0 {
            write!(f, ".{:03}", ms % 1000)?;
        }
        Ok(())
    }
}

impl FromStr for ClockTime {
    type Err = TimeError;

    /// Reads `HH:MM:SS`, `MM:SS`, or either with `.mmm`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        let bad = || TimeError::BadClock(s.to_string());
        let (hms, frac) = match t.split_once('.') {
            Some((a, b)) => (a, Some(b)),
            None => (t, None),
        };
        let parts: Vec<&str> = hms.split(':').collect();
        if !(2..=3).contains(&parts.len())
            || parts
                .iter()
                .any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()))
        {
            return Err(bad());
        }
        let nums: Vec<i64> = parts
            .iter()
            .map(|p| p.parse().map_err(|_| bad()))
            .collect::<Result<_, _>>()?;
        let (h, m, sec) = if nums.len() == 3 {
            (nums[0], nums[1], nums[2])
        } else {
            (0, nums[0], nums[1])
        };
        if m > 59 || sec > 59 {
            return Err(bad());
        }
        let millis = match frac {
            None => 0,
            Some(f) if !f.is_empty() && f.len() <= 3 && f.bytes().all(|b| b.is_ascii_digit()) => {
                f.parse::<i64>().map_err(|_| bad())? * 10i64.pow(3 - f.len() as u32)
            }
            Some(_) => return Err(bad()),
        };
        Ok(ClockTime {
            millis: ((h * 60 + m) * 60 + sec) * 1000 + millis,
        })
    }
}

impl Serialize for ClockTime {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for ClockTime {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn any_rate() -> impl Strategy<Value = FrameRate> {
        prop_oneof![
            Just(FrameRate::FPS_16),
            Just(FrameRate::FPS_18),
            Just(FrameRate::FPS_24),
            Just(FrameRate::FPS_25),
            Just(FrameRate::NTSC_24),
            Just(FrameRate::NTSC_30),
            Just(FrameRate::NTSC_60),
            (1u32..=240, 1u32..=1001).prop_map(|(n, d)| FrameRate::new(n, d).unwrap()),
        ]
    }

    #[test]
    fn rates_parse_and_print() {
        assert_eq!("25".parse::<FrameRate>().unwrap(), FrameRate::FPS_25);
        assert_eq!("30000/1001".parse::<FrameRate>().unwrap(), FrameRate::NTSC_30);
        assert_eq!("29.97".parse::<FrameRate>().unwrap(), FrameRate::NTSC_30);
        assert_eq!("12.5".parse::<FrameRate>().unwrap(), FrameRate::new(25, 2).unwrap());
        assert_eq!("48/2".parse::<FrameRate>().unwrap().to_string(), "24");
        assert_eq!(FrameRate::NTSC_60.to_string(), "60000/1001");
        assert!(matches!("0".parse::<FrameRate>(), Err(TimeError::ZeroRate(_))));
        assert!(matches!("25/0".parse::<FrameRate>(), Err(TimeError::ZeroRate(_))));
        assert!(matches!("fast".parse::<FrameRate>(), Err(TimeError::BadRate(_))));
        assert_eq!(FrameRate::NTSC_30.timecode_base(), 30);
        assert_eq!(FrameRate::NTSC_24.timecode_base(), 24);
    }

    #[test]
    fn known_drop_frame_labels() {
        let r = FrameRate::NTSC_30;
        // The first label after 00:00:59;29 is 00:01:00;02.
        assert_eq!(Timecode::from_frame(1799, r, true).unwrap().to_string(), "00:00:59;29");
        assert_eq!(Timecode::from_frame(1800, r, true).unwrap().to_string(), "00:01:00;02");
        // Minute ten keeps its labels 0 and 1.
        assert_eq!(Timecode::from_frame(17982, r, true).unwrap().to_string(), "00:10:00;00");
        // One hour of 29.97 is 107892 frames.
        assert_eq!("01:00:00;00".parse::<Timecode>().unwrap().to_frame(r).unwrap(), 107_892);
        assert!(matches!(
            "00:01:00;01".parse::<Timecode>().unwrap().to_frame(r),
            Err(TimeError::DroppedLabel(_))
        ));
        assert!(matches!(
            Timecode::from_frame(10, FrameRate::FPS_25, true),
            Err(TimeError::DropFrameRate(_))
        ));
    }

    #[test]
    fn non_drop_and_feet() {
        let tc = Timecode::from_frame(39, FrameRate::FPS_24, false).unwrap();
        assert_eq!(tc.to_string(), "00:00:01:15");
        assert!(matches!(
            "00:00:01:25".parse::<Timecode>().unwrap().to_frame(FrameRate::FPS_25),
            Err(TimeError::FramesOutOfRange(..))
        ));
        assert_eq!(FeetFrames::from_frames(39, Gauge::Mm35).to_string(), "2+07");
        assert_eq!(FeetFrames::from_frames(39, Gauge::Mm16).to_string(), "0+39");
        assert_eq!(
            FeetFrames::parse("2+07", Gauge::Mm35).unwrap().to_frames(Gauge::Mm35),
            39
        );
        assert!(FeetFrames::parse("2+16", Gauge::Mm35).is_err());
        assert_eq!("00:02:11".parse::<ClockTime>().unwrap().millis, 131_000);
        assert_eq!("00:00:35".parse::<ClockTime>().unwrap().to_string(), "00:00:35");
        assert_eq!("01:02.5".parse::<ClockTime>().unwrap().to_string(), "00:01:02.500");
        assert_eq!(FrameRate::FPS_25.millis_to_frames(1020), 26); // 25.5 rounds up
        assert_eq!(FrameRate::FPS_24.frames_to_seconds(39), 1.625);
    }

    proptest! {
        #[test]
        fn timecode_round_trip(frame in 0i64..50_000_000, rate in any_rate()) {
            let tc = Timecode::from_frame(frame, rate, false).unwrap();
            prop_assert_eq!(tc.to_frame(rate).unwrap(), frame);
            let parsed: Timecode = tc.to_string().parse().unwrap();
            prop_assert_eq!(parsed, tc);
        }

        #[test]
        fn drop_frame_round_trip(frame in 0i64..50_000_000, sixty in any::<bool>()) {
            let rate = if sixty { FrameRate::NTSC_60 } else { FrameRate::NTSC_30 };
            let tc = Timecode::from_frame(frame, rate, true).unwrap();
            prop_assert_eq!(tc.to_frame(rate).unwrap(), frame);
            let parsed: Timecode = tc.to_string().parse().unwrap();
            prop_assert_eq!(parsed, tc);
            // consecutive frames never share a label
            let next = Timecode::from_frame(frame + 1, rate, true).unwrap();
            prop_assert_ne!(next, tc);
        }

        #[test]
        fn seconds_round_trip(frame in -10_000_000i64..10_000_000, rate in any_rate()) {
            let s = rate.frames_to_seconds(frame);
            prop_assert_eq!(rate.seconds_to_frames(s), frame);
        }

        #[test]
        fn millis_round_trip_when_frames_are_longer_than_a_millisecond(frame in 0i64..10_000_000, rate in any_rate()) {
            prop_assume!(rate.as_f64() < 1000.0);
            let ms = (rate.frames_to_seconds(frame) * 1000.0).round() as i64;
            prop_assert_eq!(rate.millis_to_frames(ms), frame);
        }

        #[test]
        fn feet_round_trip(frames in 0i64..10_000_000, mm16 in any::<bool>()) {
            let gauge = if mm16 { Gauge::Mm16 } else { Gauge::Mm35 };
            let ff = FeetFrames::from_frames(frames, gauge);
            prop_assert_eq!(ff.to_frames(gauge), frames);
            prop_assert_eq!(FeetFrames::parse(&ff.to_string(), gauge).unwrap(), ff);
        }

        #[test]
        fn rate_text_round_trip(num in 1u32..=1_000_000, den in 1u32..=10_000) {
            let rate = FrameRate::new(num, den).unwrap();
            prop_assert_eq!(rate.to_string().parse::<FrameRate>().unwrap(), rate);
        }

        #[test]
        fn clock_round_trip(ms in 0i64..400_000_000) {
            let c = ClockTime::from_millis(ms);
            prop_assert_eq!(c.to_string().parse::<ClockTime>().unwrap(), c);
        }
    }
}
