//! WebVTT out: one cue per shot, for a video player or a web page beside
//! the film.
//!
//! - A cue for every shot whose start frame and length are known; its id
//!   is the shot's number in the film (1-based), its times
//!   `HH:MM:SS.mmm --> HH:MM:SS.mmm` are the shot's first frame and the
//!   first frame after it at the film's rate, rounded to the millisecond
//!   (a frame lasts 33 ms or more at the rates films run at, so the times
//!   read back to the same frames). Times count from the film's first
//!   frame, as a player does; a film's timecode start (01:00:00:00) is not
//!   added.
//! - The text is the shot's framing in brackets, as subtitles write sound
//!   labels, then its description: `[MCU] Stakhanov pushes the drill …`.
//!   `&`, `<` and `>` are escaped (so `-->` cannot occur), and a
//!   description's line breaks stay inside the cue (blank lines dropped).
//! - Cues are in order of start, as WebVTT asks; a shot that starts
//!   earlier than the one before it is moved up, its id unchanged.
//! - Shots without a known start or length are listed in a `NOTE` block at
//!   the top; a film without a rate, or without any shot to place, is
//!   refused with a sentence that says what is missing.

use std::fmt::Write as _;

use crate::model::input::rate_text;
use crate::model::{Film, Project};

/// `HH:MM:SS.mmm` (hours grow past 99 when they must).
pub fn timestamp(millis: i64) -> String {
    let ms = millis.max(0);
    let s = ms / 1000;
    format!("{:02}:{:02}:{:02}.{:03}", s / 3600, (s / 60) % 60, s % 60, ms % 1000)
}

/// Text made safe for a cue or a note: no markup, no `-->`, no blank line.
fn escape(text: &str) -> String {
    let text = text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
    text.replace("\r\n", "\n")
        .replace('\r', "\n")
        .split('\n')
        .map(str::trim_end)
        .filter(|l| !l.trim().is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

pub fn write(_project: &Project, film: &Film) -> Result<String, String> {
    let rate = film.rate.ok_or_else(|| {
        format!(
            "film '{}' has no frame rate: WebVTT times are in seconds, so set the film's rate first",
            film.id
        )
    })?;
    // (start, end, shot number, text)
    let mut cues: Vec<(i64, i64, usize, String)> = Vec::new();
    let mut unplaced: Vec<usize> = Vec::new();
    for (i, shot) in film.shots.iter().enumerate() {
        let number = i + 1;
        match (shot.start, shot.frames()) {
            (Some(start), Some(frames)) if start.0 >= 0 && frames > 0 => {
                let mut text = String::new();
                if let Some(code) = shot.framing.as_deref().filter(|c| !c.trim().is_empty()) {
                    let _ = write!(text, "[{}]", escape(code).replace('\n', " "));
                }
                let description = escape(&shot.description);
                if !description.is_empty() {
                    if !text.is_empty() {
                        text.push(' ');
                    }
                    text.push_str(&description);
                }
                cues.push((
                    rate.frames_to_millis(start.0),
                    rate.frames_to_millis(start.0.saturating_add(frames)),
                    number,
                    text,
                ));
            }
            _ => unplaced.push(number),
        }
    }
    if cues.is_empty() {
        return Err(format!(
            "no shot of film '{}' has both a start frame and a length: WebVTT needs them to time its cues",
            film.id
        ));
    }
    cues.sort_by_key(|&(start, end, number, _)| (start, end, number));
    let mut out = String::from("WEBVTT\n\n");
    let title = escape(&film.title).replace('\n', " ");
    let _ = writeln!(
        out,
        "NOTE\n{title} ({}), {} fps, exported by Découpage.\nCue ids are shot numbers; [CODE] is the shot's framing.",
        escape(&film.id),
        rate_text(rate)
    );
    if !unplaced.is_empty() {
        let _ = writeln!(
            out,
            "Left out, their start or length unknown: shot{} {}.",
            if unplaced.len() == 1 { "" } else { "s" },
            unplaced.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
        );
    }
    for (start, end, number, text) in cues {
        let _ = write!(out, "\n{number}\n{} --> {}\n", timestamp(start), timestamp(end));
        if !text.is_empty() {
            out.push_str(&text);
            out.push('\n');
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::FrameRate;

    #[test]
    fn times_and_escapes() {
        assert_eq!(timestamp(3_723_004), "01:02:03.004");
        assert_eq!(timestamp(0), "00:00:00.000");
        assert_eq!(FrameRate::NTSC_30.frames_to_millis(1), 33);
        assert_eq!(FrameRate::FPS_25.frames_to_millis(25), 1000);
        assert_eq!(
            escape("a -> b --> c & <i>\n\n d"),
            "a -&gt; b --&gt; c &amp; &lt;i&gt;\n d"
        );
    }
}
