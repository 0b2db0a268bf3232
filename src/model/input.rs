//! What the user types, read and checked: frame counts, years, piece
//! numbers, frame rates, clock times. Each parser takes the text of a field
//! and returns the value or a sentence that says what is wrong, short
//! enough to stand beside the field. Also the small computations the
//! inspector shows: a readable id for new footage, and how much evidence
//! supports or contradicts each claim.

use super::project::{Evidence, Stance};
use super::time::{ClockTime, FrameRate};

/// A shot length in frames: a whole number of at least 1.
pub fn parse_frames(text: &str) -> Result<i64, String> {
    let t = text.trim();
    if t.is_empty() {
        return Err("type a number of frames".into());
    }
    if let Some(rest) = t.strip_prefix('-')
        && !rest.is_empty()
        && rest.bytes().all(|b| b.is_ascii_digit())
    {
        return Err("a length cannot be negative".into());
    }
    if !t.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("'{t}' is not a whole number of frames"));
    }
    let frames: i64 = t.parse().map_err(|_| format!("{t} frames is too long"))?;
    if frames == 0 {
        return Err("a shot is at least 1 frame long (leave it empty if unknown)".into());
    }
    Ok(frames)
}

/// A frame count that may be left empty: empty is unknown, never 0.
pub fn parse_optional_frames(text: &str) -> Result<Option<i64>, String> {
    optional(text, parse_frames)
}

/// The year a film was made, between the first films and the near future.
pub fn parse_year(text: &str) -> Result<i32, String> {
    let t = text.trim();
    if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("'{t}' is not a year (write 1935)"));
    }
    match t.parse::<i32>() {
        Ok(year) if (1870..=2100).contains(&year) => Ok(year),
        _ => Err("a film's year lies between 1870 and 2100".into()),
    }
}

pub fn parse_optional_year(text: &str) -> Result<Option<i32>, String> {
    optional(text, parse_year)
}

/// The place of a piece in its footage, counted from 1.
pub fn parse_piece(text: &str) -> Result<u32, String> {
    let t = text.trim();
    if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("'{t}' is not a piece number (1, 2, 3 …)"));
    }
    match t.parse::<u32>() {
        Ok(0) => Err("pieces are numbered from 1".into()),
        Ok(piece) => Ok(piece),
        Err(_) => Err(format!("{t} is too large for a piece number")),
    }
}

pub fn parse_optional_piece(text: &str) -> Result<Option<u32>, String> {
    optional(text, parse_piece)
}

/// A frame rate: `25`, `30000/1001`, `29.97`. Zero is refused.
pub fn parse_rate(text: &str) -> Result<FrameRate, String> {
    text.trim().parse::<FrameRate>().map_err(|e| e.to_string())
}

pub fn parse_optional_rate(text: &str) -> Result<Option<FrameRate>, String> {
    optional(text, parse_rate)
}

/// A running time as a source gives it: `HH:MM:SS` or `MM:SS`, with
/// optional milliseconds.
pub fn parse_clock(text: &str) -> Result<ClockTime, String> {
    let clock = text.trim().parse::<ClockTime>().map_err(|e| e.to_string())?;
    if clock.millis < 0 {
        return Err("a duration cannot be negative".into());
    }
    Ok(clock)
}

pub fn parse_optional_clock(text: &str) -> Result<Option<ClockTime>, String> {
    optional(text, parse_clock)
}

/// Empty text is an unknown value; anything else must parse.
fn optional<T>(text: &str, parse: impl Fn(&str) -> Result<T, String>) -> Result<Option<T>, String> {
    if text.trim().is_empty() {
        Ok(None)
    } else {
        parse(text).map(Some)
    }
}

/// A rate as a scholar names it: `25`, `29.97` for 30000/1001.
pub fn rate_text(rate: FrameRate) -> String {
    FrameRate::common()
        .iter()
        .find(|(r, _)| *r == rate)
        .map_or_else(|| rate.to_string(), |(_, name)| name.to_string())
}

/// A readable id made from a label: lower case ASCII letters and digits
/// joined by hyphens (`Stakhanov à la foreuse` → `stakhanov-a-la-foreuse`).
/// Accented Latin letters lose their accents; other characters separate
/// words. Never empty: a label with nothing usable gives `footage`.
pub fn slug(label: &str) -> String {
    const MAX: usize = 40;
    let mut out = String::new();
    let mut gap = false;
    for c in label.chars() {
        let lower = c.to_lowercase().next().unwrap_or(c);
        let ascii;
        let letters = if lower.is_ascii_alphanumeric() {
            ascii = [lower as u8];
            std::str::from_utf8(&ascii).ok()
        } else {
            fold(lower)
        };
        match letters {
            Some(s) => {
                if gap && !out.is_empty() {
                    out.push('-');
                }
                gap = false;
                out.push_str(s);
            }
            None => gap = true,
        }
        if out.len() >= MAX {
            break;
        }
    }
    out.truncate(MAX);
    while out.ends_with('-') {
        out.pop();
    }
    if out.is_empty() { "footage".to_string() } else { out }
}

/// `slug(label)`, or with `-2`, `-3` … added when `taken` says it is used.
pub fn unique_slug(label: &str, taken: impl Fn(&str) -> bool) -> String {
    let base = slug(label);
    if !taken(&base) {
        return base;
    }
    (2..)
        .map(|n| format!("{base}-{n}"))
        .find(|id| !taken(id))
        .expect("some number is free")
}

/// A lower-case accented Latin letter without its accent, or `None` for
/// anything that separates words.
fn fold(lower: char) -> Option<&'static str> {
    Some(match lower {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ą' => "a",
        'ç' | 'ć' | 'č' => "c",
        'ď' | 'đ' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ę' | 'ě' => "e",
        'ì' | 'í' | 'î' | 'ï' | 'ī' => "i",
        'ł' => "l",
        'ñ' | 'ń' | 'ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => "o",
        'ř' => "r",
        'ś' | 'š' | 'ş' => "s",
        'ť' | 'ţ' => "t",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' => "u",
        'ý' | 'ÿ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        'æ' => "ae",
        'œ' => "oe",
        'ß' => "ss",
        _ => return None,
    })
}

/// How the evidence on one shot bears on one claim.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClaimTally {
    pub claim: String,
    pub supports: usize,
    pub contradicts: usize,
}

/// One tally per claim, in the order the claims first appear.
pub fn claim_tallies(evidence: &[Evidence]) -> Vec<ClaimTally> {
    let mut tallies: Vec<ClaimTally> = Vec::new();
    for item in evidence {
        let index = match tallies.iter().position(|t| t.claim == item.claim) {
            Some(i) => i,
            None => {
                tallies.push(ClaimTally {
                    claim: item.claim.clone(),
                    supports: 0,
                    contradicts: 0,
                });
                tallies.len() - 1
            }
        };
        match item.stance {
            Stance::Supports => tallies[index].supports += 1,
            Stance::Contradicts => tallies[index].contradicts += 1,
        }
    }
    tallies
}

/// `n thing` or `n things`.
pub fn count(n: usize, thing: &str) -> String {
    if n == 1 {
        format!("1 {thing}")
    } else {
        format!("{n} {thing}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Weight;

    #[test]
    fn frame_counts() {
        assert_eq!(parse_frames("41"), Ok(41));
        assert_eq!(parse_frames("  7 "), Ok(7));
        assert_eq!(parse_frames("12a"), Err("'12a' is not a whole number of frames".into()));
        assert_eq!(parse_frames("-3"), Err("a length cannot be negative".into()));
        assert!(parse_frames("0").unwrap_err().contains("at least 1 frame"));
        assert!(parse_frames("1.5").is_err());
        assert!(parse_frames("+4").is_err());
        assert!(parse_frames("99999999999999999999").unwrap_err().contains("too long"));
        assert_eq!(parse_optional_frames(""), Ok(None));
        assert_eq!(parse_optional_frames(" "), Ok(None));
        assert_eq!(parse_optional_frames("39"), Ok(Some(39)));
        assert!(parse_optional_frames("0").is_err());
    }

    #[test]
    fn years() {
        assert_eq!(parse_year("1935"), Ok(1935));
        assert!(parse_year("193").is_err());
        assert!(parse_year("19x5").is_err());
        assert!(parse_year("-1935").is_err());
        assert!(parse_year("2500").is_err());
        assert_eq!(parse_optional_year(""), Ok(None));
    }

    #[test]
    fn pieces() {
        assert_eq!(parse_piece("3"), Ok(3));
        assert_eq!(parse_piece("0"), Err("pieces are numbered from 1".into()));
        assert!(parse_piece("-1").is_err());
        assert!(parse_piece("99999999999").is_err());
        assert_eq!(parse_optional_piece(""), Ok(None));
    }

    #[test]
    fn rates() {
        assert_eq!(parse_rate("25"), Ok(FrameRate::FPS_25));
        assert_eq!(parse_rate("30000/1001"), Ok(FrameRate::NTSC_30));
        assert_eq!(parse_rate("29.97"), Ok(FrameRate::NTSC_30));
        assert_eq!(parse_rate(" 18 "), Ok(FrameRate::FPS_18));
        assert!(parse_rate("0").unwrap_err().contains("greater than zero"));
        assert!(parse_rate("25/0").unwrap_err().contains("greater than zero"));
        assert!(parse_rate("fast").unwrap_err().contains("not a frame rate"));
        assert_eq!(parse_optional_rate(""), Ok(None));
        assert_eq!(rate_text(FrameRate::NTSC_30), "29.97");
        assert_eq!(rate_text(FrameRate::new(25, 2).unwrap()), "25/2");
    }

    #[test]
    fn clock_times() {
        assert_eq!(parse_clock("00:02:11"), Ok(ClockTime::from_millis(131_000)));
        assert!(parse_clock("2 minutes").is_err());
        assert_eq!(parse_optional_clock(""), Ok(None));
    }

    #[test]
    fn slugs() {
        assert_eq!(slug("Stakhanov à la foreuse"), "stakhanov-a-la-foreuse");
        assert_eq!(slug("  Exit the mine (LS)!  "), "exit-the-mine-ls");
        assert_eq!(slug("Œuvre n°2"), "oeuvre-n-2");
        assert_eq!(slug("Стаханов"), "footage");
        assert_eq!(slug(""), "footage");
        assert!(slug(&"long words ".repeat(20)).len() <= 40);
        assert!(!slug(&"long words ".repeat(20)).ends_with('-'));
        let taken = ["drill", "drill-2"];
        assert_eq!(unique_slug("Drill", |id| taken.contains(&id)), "drill-3");
        assert_eq!(unique_slug("Crowd", |id| taken.contains(&id)), "crowd");
    }

    fn item(claim: &str, stance: Stance) -> Evidence {
        Evidence {
            claim: claim.into(),
            stance,
            kind: "other".into(),
            observation: "seen".into(),
            source: String::new(),
            weight: Some(Weight::Weak),
        }
    }

    #[test]
    fn tallies_per_claim_in_order_of_appearance() {
        let evidence = [
            item("staged", Stance::Supports),
            item("reenacted", Stance::Contradicts),
            item("staged", Stance::Supports),
            item("staged", Stance::Contradicts),
        ];
        assert_eq!(
            claim_tallies(&evidence),
            [
                ClaimTally {
                    claim: "staged".into(),
                    supports: 2,
                    contradicts: 1
                },
                ClaimTally {
                    claim: "reenacted".into(),
                    supports: 0,
                    contradicts: 1
                },
            ]
        );
        assert!(claim_tallies(&[]).is_empty());
        assert_eq!(count(1, "item"), "1 item");
        assert_eq!(count(3, "item"), "3 items");
    }
}
