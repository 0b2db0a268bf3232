//! The viewer: the selected film's media, frame by frame. Play and pause at
//! the film's rate (any rational rate), step one or ten frames, go to the
//! previous or next shot, jump to a frame number, a timecode or feet+frames.
//! The shot under the current frame is selected in the table, which follows
//! playback; choosing a shot in the table brings its first frame. Cuts are
//! marked here: at the current frame (C, also while playing: tap mode), and
//! moved frame by frame (, and .).
//!
//! Frames come from a `media::FrameServer`: decoded on a worker into a
//! bounded cache, so the window never waits on a decoder. While a frame is
//! being decoded the last one shown stays, marked as waiting.

use std::path::{Path, PathBuf};
use std::time::Instant;

use eframe::egui;

use super::Command;
use super::detection::{self, Detecting};
use super::view::ViewState;
use crate::media::{self, FrameServer, MediaInfo};
use crate::model::{FeetFrames, Film, FrameRate, Gauge, Project, Timecode, ops};

/// Frames asked for ahead of the one shown while playing.
const AHEAD: usize = 12;

/// The viewer's state, kept between frames.
pub struct Viewer {
    server: Option<FrameServer>,
    /// The film and media path the server is for.
    film: Option<(String, PathBuf)>,
    /// The frame shown (0-based from the media's first frame).
    pub frame: usize,
    /// Playing since (instant, frame then).
    playing: Option<(Instant, usize)>,
    texture: Option<(usize, egui::TextureHandle)>,
    /// The "go to" field.
    jump: String,
    /// The shot last selected, to tell the user's choice in the table from
    /// the viewer's own following.
    followed: Option<(String, Option<usize>)>,
    /// Bytes the frame cache may hold.
    pub bound: usize,
    /// A frame to show once the film asked for is attached.
    pending_seek: Option<usize>,
}

impl Default for Viewer {
    fn default() -> Self {
        Viewer {
            server: None,
            film: None,
            frame: 0,
            playing: None,
            texture: None,
            jump: String::new(),
            followed: None,
            bound: media::DEFAULT_CACHE_BYTES,
            pending_seek: None,
        }
    }
}

/// What the viewer knows of the media, once open.
fn media_info(viewer: &Viewer) -> Option<MediaInfo> {
    viewer.server.as_ref()?.info()?.ok()
}

impl Viewer {
    /// A viewer whose frame cache holds at most `bound` bytes.
    pub fn with_bound(bound: usize) -> Self {
        Viewer {
            bound,
            ..Viewer::default()
        }
    }

    pub fn is_playing(&self) -> bool {
        self.playing.is_some()
    }

    /// The frame shown has been decoded (tests).
    pub fn shows_frame(&self) -> Option<usize> {
        self.texture.as_ref().map(|(n, _)| *n)
    }

    /// The media is open and its description read (tests).
    pub fn media(&self) -> Option<MediaInfo> {
        media_info(self)
    }

    fn frames(&self) -> Option<usize> {
        media_info(self).map(|i| i.frames)
    }

    /// Goes to frame `n`, within the film; stops playback.
    pub fn seek(&mut self, n: i64) {
        let last = self.frames().map_or(i64::MAX, |f| f.saturating_sub(1) as i64);
        self.frame = n.clamp(0, last.max(0)) as usize;
        self.playing = None;
    }

    /// Shows frame `n` once the media is open (from elsewhere in the
    /// window: the review of detected cuts).
    pub fn show_frame(&mut self, n: usize) {
        self.frame = n;
        self.playing = None;
        self.pending_seek = Some(n);
    }

    pub fn toggle_play(&mut self) {
        self.playing = match self.playing {
            Some(_) => None,
            None => {
                if self.frames().is_some_and(|f| self.frame + 1 >= f) {
                    self.frame = 0;
                }
                Some((Instant::now(), self.frame))
            }
        };
    }

    /// Points the viewer at `film`'s media, opening it on a worker when it
    /// is another film or file.
    fn attach(&mut self, ctx: &egui::Context, film: &Film, path: &Path) {
        let same = self.film.as_ref().is_some_and(|(id, p)| *id == film.id && p == path);
        if same {
            return;
        }
        let repaint = ctx.clone();
        self.server = Some(FrameServer::open(
            path.to_path_buf(),
            film.rate,
            self.bound,
            move || repaint.request_repaint(),
        ));
        self.film = Some((film.id.clone(), path.to_path_buf()));
        self.frame = self.pending_seek.take().unwrap_or(0);
        self.playing = None;
        self.texture = None;
        self.followed = None;
    }

    /// Lets the media go (no film with media selected).
    pub fn detach(&mut self) {
        *self = Viewer {
            bound: self.bound,
            ..Viewer::default()
        };
    }
}

/// Frame `n` into the texture `slot` (made on first use, updated when
/// another frame comes).
pub(crate) fn put_frame(
    ctx: &egui::Context,
    slot: &mut Option<(usize, egui::TextureHandle)>,
    n: usize,
    picture: &media::Picture,
    name: &str,
) {
    if slot.as_ref().is_some_and(|(shown, _)| *shown == n) {
        return;
    }
    let image = egui::ColorImage::from_rgb([picture.width as usize, picture.height as usize], &picture.rgb);
    match slot {
        Some((shown, texture)) => {
            texture.set(image, egui::TextureOptions::LINEAR);
            *shown = n;
        }
        None => *slot = Some((n, ctx.load_texture(name, image, egui::TextureOptions::LINEAR))),
    }
}

/// A frame as large as `area` allows, its proportions kept, centred.
pub(crate) fn paint_fitted(ui: &egui::Ui, texture: &egui::TextureHandle, area: egui::Rect, tint: egui::Color32) {
    let size = texture.size_vec2();
    let scale = (area.width() / size.x).min(area.height() / size.y);
    let rect = egui::Rect::from_center_size(area.center(), size * scale);
    egui::Image::new(texture).tint(tint).paint_at(ui, rect);
}

/// The rate frames are counted and played at: the film's, else the media's.
fn rate_of(film: &Film, info: Option<&MediaInfo>) -> FrameRate {
    film.rate.or(info.map(|i| i.rate)).unwrap_or(FrameRate::FPS_24)
}

/// The frame `elapsed` seconds after `from` at `rate`, exactly: frames =
/// seconds × num / den, in integers of microseconds.
pub(crate) fn frame_after(from: usize, elapsed: std::time::Duration, rate: FrameRate) -> usize {
    let micros = elapsed.as_micros();
    from + (micros * rate.num() as u128 / (rate.den() as u128 * 1_000_000)) as usize
}

/// "frame 1234 · 00:00:49:09 · 77+02 (35 mm)".
pub fn position_text(film: &Film, frame: usize, rate: FrameRate) -> String {
    let n = frame as i64;
    let start = film.timecode_start.map_or(0, |f| f.0);
    let drop = film.drop_frame && rate.supports_drop_frame();
    let tc = Timecode::from_frame(start + n, rate, drop).map_or_else(|_| "--:--:--:--".into(), |t| t.to_string());
    let feet = FeetFrames::from_frames(n, Gauge::Mm35);
    format!("frame {frame} · {tc} · {feet} ft ({})", Gauge::Mm35.name())
}

/// When the shots do not end where the media does: "the shots end at
/// frame 240 of 250" (or run past it).
pub fn coverage_text(film: &Film, frames: usize) -> Option<String> {
    let end = film.shots_end()?;
    let frames = frames as i64;
    match end.cmp(&frames) {
        std::cmp::Ordering::Equal => None,
        std::cmp::Ordering::Less => Some(format!("the shots end at frame {end} of {frames}")),
        std::cmp::Ordering::Greater => Some(format!(
            "the shots run {} frames past the media's {frames}",
            end - frames
        )),
    }
}

/// A frame from what the user typed: a frame number, a timecode
/// (HH:MM:SS:FF, from the film's first timecode) or feet+frames (35 mm).
pub fn parse_position(text: &str, film: &Film, rate: FrameRate) -> Result<i64, String> {
    let t = text.trim();
    if let Ok(n) = t.parse::<i64>() {
        return Ok(n);
    }
    if t.contains('+') {
        return FeetFrames::parse(t, Gauge::Mm35)
            .map(|f| f.to_frames(Gauge::Mm35))
            .map_err(|e| e.to_string());
    }
    if let Ok(tc) = t.parse::<Timecode>() {
        let start = film.timecode_start.map_or(0, |f| f.0);
        return tc.to_frame(rate).map(|f| f - start).map_err(|e| e.to_string());
    }
    Err(format!(
        "'{t}' is not a frame number, a timecode (00:01:02:03) or feet+frames (12+07)"
    ))
}

/// The first frame of shot `index`, when known.
fn shot_start(film: &Film, index: usize) -> Option<usize> {
    film.shots.get(index)?.start.and_then(|s| usize::try_from(s.0).ok())
}

/// Keys of the viewer, when no text field has the keyboard.
pub fn viewer_keys(
    ctx: &egui::Context,
    viewer: &mut Viewer,
    project: &Project,
    view: &ViewState,
    commands: &mut Vec<Command>,
) {
    if viewer.server.is_none() || ctx.egui_wants_keyboard_input() {
        return;
    }
    let Some(film) = view.selected_film.as_deref().and_then(|id| project.film(id)) else {
        return;
    };
    use egui::{Key, Modifiers};
    let (mut play, mut step, mut shot_step, mut cut, mut nudge) = (false, 0i64, 0i64, false, 0i64);
    ctx.input_mut(|i| {
        play = i.consume_key(Modifiers::NONE, Key::Space);
        for (key, sign) in [(Key::ArrowLeft, -1), (Key::ArrowRight, 1)] {
            if i.consume_key(Modifiers::SHIFT, key) {
                step += 10 * sign;
            }
            if i.consume_key(Modifiers::COMMAND, key) {
                shot_step += sign;
            }
            if i.consume_key(Modifiers::NONE, key) {
                step += sign;
            }
        }
        cut = i.consume_key(Modifiers::NONE, Key::C);
        if i.consume_key(Modifiers::NONE, Key::Comma) {
            nudge -= 1;
        }
        if i.consume_key(Modifiers::NONE, Key::Period) {
            nudge += 1;
        }
    });
    if play {
        viewer.toggle_play();
    }
    if step != 0 {
        viewer.seek(viewer.frame as i64 + step);
    }
    if shot_step != 0 {
        go_to_shot(viewer, film, shot_step);
    }
    if cut {
        cut_here(viewer, film, project, commands);
    }
    if nudge != 0 {
        nudge_cut(viewer, film, project, nudge, commands);
    }
}

/// To the first frame of the previous (−1) or next (+1) shot.
fn go_to_shot(viewer: &mut Viewer, film: &Film, direction: i64) {
    let here = viewer.frame as i64;
    let starts = film.shots.iter().filter_map(|s| s.start.map(|f| f.0));
    let target = if direction > 0 {
        starts.filter(|&s| s > here).min()
    } else {
        // Back to this shot's start, or, from there, the one before.
        starts.filter(|&s| s < here).max()
    };
    if let Some(t) = target {
        viewer.seek(t);
    }
}

/// Marks a cut at the frame shown (tap mode while playing).
fn cut_here(viewer: &Viewer, film: &Film, project: &Project, commands: &mut Vec<Command>) {
    let total = viewer.frames().map(|f| f as i64);
    match ops::mark_cut(project, &film.id, viewer.frame as i64, total) {
        Ok(edit) => {
            commands.push(Command::Edit(edit));
            commands.push(Command::info(format!("Cut at frame {}", viewer.frame)));
        }
        Err(e) => commands.push(Command::error(e)),
    }
}

/// Moves the cut that starts the shot under the frame shown by `delta`,
/// and shows the shot's new first frame.
fn nudge_cut(viewer: &mut Viewer, film: &Film, project: &Project, delta: i64, commands: &mut Vec<Command>) {
    let Some(index) = ops::shot_at_frame(film, viewer.frame as i64) else {
        commands.push(Command::error(format!("Frame {} is in no shot", viewer.frame)));
        return;
    };
    match ops::move_cut(project, &film.id, index, delta) {
        Ok(edit) => {
            commands.push(Command::Edit(edit));
            if let Some(start) = shot_start(film, index) {
                viewer.seek(start as i64 + delta);
            }
        }
        Err(e) => commands.push(Command::error(e)),
    }
}

/// Whether the viewer has something to show for the selected film.
pub fn has_media(project: &Project, view: &ViewState) -> bool {
    view.selected_film
        .as_deref()
        .and_then(|id| project.film(id))
        .is_some_and(|f| f.media.is_some())
}

/// The viewer panel for the selected film.
pub fn viewer_ui(
    ui: &mut egui::Ui,
    viewer: &mut Viewer,
    detecting: &mut Detecting,
    project: &Project,
    view: &mut ViewState,
    commands: &mut Vec<Command>,
) {
    let film = view.selected_film.as_deref().and_then(|id| project.film(id));
    let Some((film, path)) = film.and_then(|f| Some((f, media::media_path(f, view.project_dir.as_deref())?))) else {
        viewer.detach();
        return;
    };
    // The panel keeps the height it was given (or dragged to), whatever
    // is shown in it: a resizable panel remembers the size of its content.
    ui.set_min_height(ui.available_height());
    let ctx = ui.ctx().clone();
    viewer.attach(&ctx, film, &path);
    viewer.pending_seek = None;
    let Some(server) = viewer.server.as_ref() else { return };
    let info = match server.info() {
        None => {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label(format!("Opening {} …", path.display()));
            });
            return;
        }
        Some(Err(e)) => {
            ui.colored_label(
                ui.visuals().error_fg_color,
                format!("The film's media cannot be shown: {e}"),
            );
            if ui.button("Relink…").clicked() {
                commands.push(Command::AskLinkMedia(film.id.clone()));
            }
            return;
        }
        Some(Ok(info)) => info,
    };
    let rate = rate_of(film, Some(&info));
    let last = info.frames.saturating_sub(1);

    // The user chose a shot in the table: show its first frame.
    let selected = (film.id.clone(), view.selected_shot);
    if viewer.followed.as_ref() != Some(&selected) {
        if viewer.followed.is_some()
            && let Some(start) = view.selected_shot.and_then(|i| shot_start(film, i))
        {
            viewer.seek(start as i64);
        }
        viewer.followed = Some(selected);
    }

    // Playback: the frame the clock says, at the exact rate.
    if let Some((since, from)) = viewer.playing {
        let target = frame_after(from, since.elapsed(), rate);
        if target >= last {
            viewer.frame = last;
            viewer.playing = None;
        } else {
            viewer.frame = target;
            ctx.request_repaint();
        }
    }
    viewer.frame = viewer.frame.min(last);
    let n = viewer.frame;
    let wanted: Vec<usize> = if viewer.playing.is_some() {
        (n..(n + AHEAD).min(info.frames)).collect()
    } else {
        // The frame, then its neighbours for stepping.
        [Some(n), n.checked_add(1).filter(|&m| m <= last), n.checked_sub(1)]
            .into_iter()
            .flatten()
            .collect()
    };
    let server = viewer.server.as_ref().expect("attached");
    let picture = server.get(n);
    let error = server.error(n);
    server.want(wanted);
    if let Some(picture) = picture {
        put_frame(&ctx, &mut viewer.texture, n, &picture, "viewer frame");
    }

    // The table follows: the shot under the frame is selected.
    if let Some(index) = ops::shot_at_frame(film, n as i64)
        && view.selected_shot != Some(index)
        && viewer.playing.is_some()
    {
        view.select_shot(Some(index));
        viewer.followed = Some((film.id.clone(), Some(index)));
    }

    // The picture, as large as the panel allows: the room is taken even
    // before the first frame arrives, so the panel keeps its height.
    let controls_height = 3.0 * ui.spacing().interact_size.y + 4.0 * ui.spacing().item_spacing.y;
    let room = egui::vec2(
        ui.available_width(),
        (ui.available_height() - controls_height).max(80.0),
    );
    let (area, response) = ui.allocate_exact_size(room, egui::Sense::hover());
    ui.painter().rect_filled(area, 0.0, egui::Color32::BLACK);
    if let Some((shown, texture)) = &viewer.texture {
        paint_fitted(ui, texture, area, egui::Color32::WHITE);
        let waiting = *shown != n;
        response.on_hover_text(if waiting {
            format!("frame {shown} (frame {n} is being decoded)")
        } else {
            format!("frame {n} of {}", info.frames)
        });
    } else if let Some(e) = &error {
        ui.painter().text(
            area.center(),
            egui::Align2::CENTER_CENTER,
            format!("no picture: {e}"),
            egui::FontId::proportional(14.0),
            ui.visuals().error_fg_color,
        );
    } else {
        egui::Spinner::new().paint_at(ui, egui::Rect::from_center_size(area.center(), egui::vec2(24.0, 24.0)));
    }
    if viewer.texture.as_ref().is_some_and(|(shown, _)| *shown != n) && viewer.playing.is_none() {
        ctx.request_repaint_after(std::time::Duration::from_millis(15));
    }

    // Where we are.
    ui.horizontal(|ui| {
        ui.strong(position_text(film, n, rate));
        ui.weak(format!("of {} frames at {rate} fps", info.frames));
        match ops::shot_at_frame(film, n as i64) {
            Some(i) => {
                let shot = &film.shots[i];
                let start = shot.start.map_or(0, |s| s.0);
                ui.label(format!(
                    "· shot {} (frames {start}–{}), frame {} of it",
                    i + 1,
                    shot.end().unwrap_or(start) - 1,
                    n as i64 - start + 1
                ));
            }
            None => {
                ui.weak("· in no shot");
            }
        }
    });

    // Transport, cuts and going to a frame.
    ui.horizontal(|ui| {
        let step = |viewer: &mut Viewer, by: i64| viewer.seek(viewer.frame as i64 + by);
        if ui.button("|<").on_hover_text("The previous shot (Ctrl+Left)").clicked() {
            go_to_shot(viewer, film, -1);
        }
        if ui.button("-10").on_hover_text("Ten frames back (Shift+Left)").clicked() {
            step(viewer, -10);
        }
        if ui.button("-1").on_hover_text("One frame back (Left)").clicked() {
            step(viewer, -1);
        }
        let label = if viewer.is_playing() { "Pause" } else { "Play" };
        if ui
            .add(egui::Button::new(label).min_size(egui::vec2(56.0, 0.0)))
            .on_hover_text("Play or pause at the film's rate (Space)")
            .clicked()
        {
            viewer.toggle_play();
        }
        if ui.button("+1").on_hover_text("One frame forward (Right)").clicked() {
            step(viewer, 1);
        }
        if ui
            .button("+10")
            .on_hover_text("Ten frames forward (Shift+Right)")
            .clicked()
        {
            step(viewer, 10);
        }
        if ui.button(">|").on_hover_text("The next shot (Ctrl+Right)").clicked() {
            go_to_shot(viewer, film, 1);
        }
        ui.separator();
        if ui
            .button("Cut here")
            .on_hover_text("A cut at this frame: it starts a new shot (C; while playing, tap C at each cut)")
            .clicked()
        {
            cut_here(viewer, film, project, commands);
        }
        if ui
            .button("Cut -1")
            .on_hover_text("The cut before this shot one frame earlier (,)")
            .clicked()
        {
            nudge_cut(viewer, film, project, -1, commands);
        }
        if ui
            .button("Cut +1")
            .on_hover_text("The cut before this shot one frame later (.)")
            .clicked()
        {
            nudge_cut(viewer, film, project, 1, commands);
        }
        ui.separator();
        let field = ui
            .add(
                egui::TextEdit::singleline(&mut viewer.jump)
                    .desired_width(110.0)
                    .hint_text("frame, 00:00:10:00, 12+07"),
            )
            .accessible_name("Go to frame");
        let go = ui
            .button("Go")
            .on_hover_text("Go to a frame number, a timecode or feet+frames");
        if go.clicked() || (field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter))) {
            match parse_position(&viewer.jump, film, rate) {
                Ok(f) if f < 0 || f as usize > last => {
                    commands.push(Command::error(format!("Frame {f} is outside the film (0 to {last})")));
                }
                Ok(f) => viewer.seek(f),
                Err(e) => commands.push(Command::error(e)),
            }
        }
    });
    ui.horizontal(|ui| {
        detection::detect_controls_ui(ui, detecting, &film.id, &path, film.rate, commands);
        if let Some(text) = coverage_text(film, info.frames) {
            ui.colored_label(ui.visuals().warn_fg_color, text).on_hover_text(
                "The shots' lengths and the media's frames disagree: a shot is missing, or counted on another copy",
            );
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Frame;

    #[test]
    fn playback_follows_the_rational_rate_exactly() {
        let ntsc = FrameRate::new(30000, 1001).unwrap();
        let second = std::time::Duration::from_secs(1);
        assert_eq!(frame_after(0, second * 1001, ntsc), 30000);
        assert_eq!(frame_after(10, second, FrameRate::new(25, 1).unwrap()), 35);
        // 18 fps silent film: frame 17 until the second is over.
        let silent = FrameRate::new(18, 1).unwrap();
        assert_eq!(frame_after(0, second - std::time::Duration::from_micros(1), silent), 17);
    }

    #[test]
    fn shots_that_do_not_end_with_the_media_are_told() {
        use crate::model::{Length, LengthSource, Shot};
        let mut film = Film::new("f", "F");
        assert_eq!(coverage_text(&film, 250), None, "no shots yet: nothing to say");
        for (start, frames) in [(0, 30), (30, 210)] {
            let mut shot = Shot::new(start as u32 + 1);
            shot.start = Some(Frame(start));
            shot.length = Some(Length {
                frames,
                source: LengthSource::Measured,
            });
            film.shots.push(shot);
        }
        assert_eq!(
            coverage_text(&film, 250).as_deref(),
            Some("the shots end at frame 240 of 250")
        );
        assert_eq!(coverage_text(&film, 240), None);
        assert_eq!(
            coverage_text(&film, 200).as_deref(),
            Some("the shots run 40 frames past the media's 200")
        );
    }

    #[test]
    fn positions_are_typed_as_frames_timecodes_or_feet() {
        let mut film = Film::new("f", "F");
        film.timecode_start = Some(Frame(25 * 3600));
        let rate = FrameRate::new(25, 1).unwrap();
        assert_eq!(parse_position("1234", &film, rate), Ok(1234));
        assert_eq!(parse_position("01:00:02:05", &film, rate), Ok(55));
        assert_eq!(parse_position("2+07", &film, rate), Ok(39));
        assert!(parse_position("soon", &film, rate).unwrap_err().contains("'soon'"));
        assert_eq!(
            position_text(&film, 39, rate),
            "frame 39 · 01:00:01:14 · 2+07 ft (35 mm)"
        );
    }
}
