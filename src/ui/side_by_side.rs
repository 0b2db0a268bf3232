//! Two appearances of the same footage side by side, locked together: both
//! start at their shot's first frame and step and play together, frame
//! for frame, so that a trim or a variant is seen as it is. Opened from
//! the Compare view's list of a footage's uses.

use std::time::Instant;

use eframe::egui;

use super::Command;
use super::view::ViewState;
use super::viewer::{frame_after, paint_fitted, put_frame};
use crate::media::{self, FrameServer};
use crate::model::{FrameRate, Project};

/// One side: a shot of a film and the frames of its media.
pub struct Pane {
    pub film: String,
    /// Shot index in the film (0-based).
    pub shot: usize,
    server: Option<FrameServer>,
    texture: Option<(usize, egui::TextureHandle)>,
}

impl Pane {
    fn new(film: &str, shot: usize) -> Self {
        Pane {
            film: film.to_string(),
            shot,
            server: None,
            texture: None,
        }
    }

    /// The frame shown, when one is (tests).
    pub fn shows_frame(&self) -> Option<usize> {
        self.texture.as_ref().map(|(n, _)| *n)
    }
}

/// The two viewers and the position they share.
pub struct SideBySide {
    pub panes: [Pane; 2],
    /// Frames from each shot's first frame.
    pub offset: usize,
    playing: Option<(Instant, usize)>,
    bound: usize,
}

impl SideBySide {
    /// `a` and `b`: (film, shot index).
    pub fn new(a: (&str, usize), b: (&str, usize), bound: usize) -> Self {
        SideBySide {
            panes: [Pane::new(a.0, a.1), Pane::new(b.0, b.1)],
            offset: 0,
            playing: None,
            // Two viewers share the memory of one.
            bound: bound / 2,
        }
    }

    pub fn is_playing(&self) -> bool {
        self.playing.is_some()
    }
}

/// What one pane knows of its shot: first frame and length.
fn shot_span(project: &Project, pane: &Pane) -> Option<(usize, Option<usize>)> {
    let shot = project.film(&pane.film)?.shots.get(pane.shot)?;
    let start = usize::try_from(shot.start?.0).ok()?;
    Some((start, shot.frames().and_then(|f| usize::try_from(f).ok())))
}

/// The window; `false` when the user closed it.
pub fn side_by_side_ui(
    ctx: &egui::Context,
    sbs: &mut SideBySide,
    project: &Project,
    view: &ViewState,
    commands: &mut Vec<Command>,
) -> bool {
    let mut open = true;
    // Played at the first film's rate, frame for frame on both sides.
    let rates: Vec<Option<FrameRate>> = sbs
        .panes
        .iter()
        .map(|p| project.film(&p.film).and_then(|f| f.rate))
        .collect();
    let rate = rates[0].or(rates[1]).unwrap_or(FrameRate::FPS_24);
    let longest = sbs
        .panes
        .iter()
        .filter_map(|p| shot_span(project, p).and_then(|(_, len)| len))
        .max()
        .unwrap_or(1)
        .max(1);
    if let Some((since, from)) = sbs.playing {
        let offset = frame_after(from, since.elapsed(), rate);
        if offset + 1 >= longest {
            sbs.offset = longest - 1;
            sbs.playing = None;
        } else {
            sbs.offset = offset;
            ctx.request_repaint();
        }
    }
    egui::Window::new("Side by side")
        .open(&mut open)
        .default_size([900.0, 460.0])
        .show(ctx, |ui| {
            ui.columns(2, |columns| {
                for (ui, pane) in columns.iter_mut().zip(sbs.panes.iter_mut()) {
                    pane_ui(ui, pane, project, view, sbs.offset, sbs.bound, commands);
                }
            });
            ui.separator();
            ui.horizontal(|ui| {
                let step = |sbs: &mut SideBySide, by: i64| {
                    sbs.playing = None;
                    sbs.offset = (sbs.offset as i64 + by).clamp(0, longest as i64 - 1) as usize;
                };
                if ui.button("|<").on_hover_text("Both shots' first frames").clicked() {
                    step(sbs, -(sbs.offset as i64));
                }
                if ui.button("-10").clicked() {
                    step(sbs, -10);
                }
                if ui.button("-1").clicked() {
                    step(sbs, -1);
                }
                let label = if sbs.is_playing() { "Pause" } else { "Play" };
                if ui
                    .add(egui::Button::new(label).min_size(egui::vec2(56.0, 0.0)))
                    .clicked()
                {
                    sbs.playing = match sbs.playing {
                        Some(_) => None,
                        None => {
                            if sbs.offset + 1 >= longest {
                                sbs.offset = 0;
                            }
                            Some((Instant::now(), sbs.offset))
                        }
                    };
                }
                if ui.button("+1").clicked() {
                    step(sbs, 1);
                }
                if ui.button("+10").clicked() {
                    step(sbs, 10);
                }
                ui.label(format!("frame {} of the shots (from 1)", sbs.offset + 1));
                if rates[0] != rates[1] {
                    ui.weak(format!(
                        "· played at {rate} fps, frame for frame (the films' rates differ: {} and {})",
                        rates[0].map_or("?".into(), |r| r.to_string()),
                        rates[1].map_or("?".into(), |r| r.to_string())
                    ));
                }
            });
        });
    open
}

fn pane_ui(
    ui: &mut egui::Ui,
    pane: &mut Pane,
    project: &Project,
    view: &ViewState,
    offset: usize,
    bound: usize,
    commands: &mut Vec<Command>,
) {
    let Some(film) = project.film(&pane.film) else {
        ui.weak(format!("There is no film '{}' any more", pane.film));
        return;
    };
    ui.strong(format!("{}, shot {}", film.title, pane.shot + 1));
    let Some((start, len)) = shot_span(project, pane) else {
        ui.weak("The shot's first frame is unknown: set its start to see it here.");
        return;
    };
    let Some(path) = media::media_path(film, view.project_dir.as_deref()) else {
        ui.weak("The film has no media: link it in the inspector (Shots view).");
        if ui.button("Link media…").clicked() {
            commands.push(Command::AskLinkMedia(film.id.clone()));
        }
        return;
    };
    if pane.server.as_ref().is_none_or(|s| s.path() != path) {
        let repaint = ui.ctx().clone();
        pane.server = Some(FrameServer::open(path.clone(), film.rate, bound, move || {
            repaint.request_repaint()
        }));
        pane.texture = None;
    }
    let server = pane.server.as_ref().expect("opened");
    let info = match server.info() {
        None => {
            ui.spinner();
            return;
        }
        Some(Err(e)) => {
            ui.colored_label(ui.visuals().error_fg_color, e);
            return;
        }
        Some(Ok(info)) => info,
    };
    // Past the end of this shot: its last frame stays, marked as ended.
    let ended = len.is_some_and(|l| offset >= l);
    let within = match len {
        Some(l) => offset.min(l.saturating_sub(1)),
        None => offset,
    };
    let n = (start + within).min(info.frames.saturating_sub(1));
    server.want(vec![n, n + 1]);
    if let Some(picture) = server.get(n) {
        put_frame(ui.ctx(), &mut pane.texture, n, &picture, "side by side");
    } else if pane.texture.as_ref().is_some_and(|(shown, _)| *shown != n) {
        ui.ctx().request_repaint_after(std::time::Duration::from_millis(15));
    }
    let width = ui.available_width();
    let room = egui::vec2(width, (width * 9.0 / 16.0).min(ui.available_height() - 40.0).max(60.0));
    let (area, _) = ui.allocate_exact_size(room, egui::Sense::hover());
    ui.painter().rect_filled(area, 0.0, egui::Color32::BLACK);
    if let Some((_, texture)) = &pane.texture {
        let tint = if ended {
            egui::Color32::from_gray(90)
        } else {
            egui::Color32::WHITE
        };
        paint_fitted(ui, texture, area, tint);
    } else {
        egui::Spinner::new().paint_at(ui, egui::Rect::from_center_size(area.center(), egui::vec2(24.0, 24.0)));
    }
    let length = len.map_or("length unknown".to_string(), |l| format!("{l} frames"));
    if ended {
        ui.label(format!("frame {n} · the shot has ended ({length})"));
    } else {
        ui.label(format!("frame {n} · frame {} of {length}", within + 1));
    }
}
