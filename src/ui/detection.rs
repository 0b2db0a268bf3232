//! Automatic cut detection in the window: it runs on a worker with a
//! progress bar and a Cancel button; then a review list shows every
//! candidate with the frames before and after it, to accept or reject, or
//! move frame by frame, and the accepted cuts go into the film as shots in
//! one undoable edit. A gradual transition (dissolve, fade) becomes a cut
//! at its middle frame.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver};

use eframe::egui;

use super::Command;
use super::filmstrip::{self, Filmstrip};
use crate::analysis::detect::{self, DetectOptions, Detection};
use crate::model::{FrameRate, Project, ops};

/// Detection running on a worker.
pub struct Run {
    film: String,
    path: PathBuf,
    rate: Option<FrameRate>,
    done: Arc<AtomicUsize>,
    total: Arc<AtomicUsize>,
    cancel: Arc<AtomicBool>,
    answer: Receiver<Result<Detection, String>>,
}

/// One thing detection found, as the user reviews it.
#[derive(Clone, Debug, PartialEq)]
pub struct Candidate {
    /// The first frame of the new shot (for a transition: its middle).
    pub frame: usize,
    /// "cut", "dissolve", "fade-in", "fade-out".
    pub kind: &'static str,
    /// The mixed frames of a gradual transition, [start, end).
    pub span: Option<(usize, usize)>,
    pub confidence: f32,
    pub accepted: bool,
}

/// Detection's findings for one film, under review.
pub struct Review {
    pub film: String,
    path: PathBuf,
    rate: Option<FrameRate>,
    pub frames: usize,
    pub seconds: f64,
    pub candidates: Vec<Candidate>,
}

#[derive(Default)]
pub enum Detecting {
    #[default]
    Idle,
    Running(Run),
    Reviewing(Review),
}

/// The candidates of a detection, in film order, all accepted.
pub fn candidates(detection: &Detection) -> Vec<Candidate> {
    let mut list: Vec<Candidate> = detection
        .cuts
        .iter()
        .map(|c| Candidate {
            frame: c.frame,
            kind: "cut",
            span: None,
            confidence: c.confidence,
            accepted: true,
        })
        .chain(detection.transitions.iter().map(|t| Candidate {
            frame: t.start + (t.end - t.start) / 2,
            kind: t.kind.as_str(),
            span: Some((t.start, t.end)),
            confidence: t.confidence,
            accepted: true,
        }))
        .collect();
    list.sort_by_key(|c| c.frame);
    list
}

impl Detecting {
    /// Starts detection on `path`, the media of `film`.
    pub fn start(film: &str, path: &Path, rate: Option<FrameRate>, ctx: &egui::Context) -> Self {
        let done = Arc::new(AtomicUsize::new(0));
        let total = Arc::new(AtomicUsize::new(0));
        let cancel = Arc::new(AtomicBool::new(false));
        let (outbox, answer) = mpsc::channel();
        {
            let (done, total, cancel, path, ctx) = (
                done.clone(),
                total.clone(),
                cancel.clone(),
                path.to_path_buf(),
                ctx.clone(),
            );
            std::thread::spawn(move || {
                let progress = |d: usize, t: usize| {
                    done.fetch_max(d, Ordering::Relaxed);
                    total.store(t, Ordering::Relaxed);
                };
                let result = detect::detect(&path, rate, &DetectOptions::default(), &progress, &cancel)
                    .map_err(|e| e.to_string());
                let _ = outbox.send(result);
                ctx.request_repaint();
            });
        }
        Detecting::Running(Run {
            film: film.to_string(),
            path: path.to_path_buf(),
            rate,
            done,
            total,
            cancel,
            answer,
        })
    }

    pub fn is_running(&self) -> bool {
        matches!(self, Detecting::Running(_))
    }

    pub fn review(&self) -> Option<&Review> {
        match self {
            Detecting::Reviewing(r) => Some(r),
            _ => None,
        }
    }

    pub fn review_mut(&mut self) -> Option<&mut Review> {
        match self {
            Detecting::Reviewing(r) => Some(r),
            _ => None,
        }
    }

    /// Takes the worker's answer when there is one.
    pub fn tick(&mut self, commands: &mut Vec<Command>) {
        let Detecting::Running(run) = self else { return };
        match run.answer.try_recv() {
            Ok(Ok(detection)) => {
                commands.push(Command::info(format!(
                    "Detection: {} cuts and {} gradual transitions in {} frames, {:.1} s",
                    detection.cuts.len(),
                    detection.transitions.len(),
                    detection.frames,
                    detection.seconds
                )));
                *self = Detecting::Reviewing(Review {
                    film: run.film.clone(),
                    path: run.path.clone(),
                    rate: run.rate,
                    frames: detection.frames,
                    seconds: detection.seconds,
                    candidates: candidates(&detection),
                });
            }
            Ok(Err(e)) => {
                let cancelled = run.cancel.load(Ordering::Relaxed);
                commands.push(if cancelled {
                    Command::info("Detection cancelled: nothing changed")
                } else {
                    Command::error(format!("Detection stopped: {e}"))
                });
                *self = Detecting::Idle;
            }
            Err(mpsc::TryRecvError::Empty) => {}
            Err(mpsc::TryRecvError::Disconnected) => *self = Detecting::Idle,
        }
    }
}

/// The progress bar and Cancel button while detection runs, or the button
/// that starts it.
pub fn detect_controls_ui(
    ui: &mut egui::Ui,
    detecting: &mut Detecting,
    film: &str,
    path: &Path,
    rate: Option<FrameRate>,
    commands: &mut Vec<Command>,
) {
    detecting.tick(commands);
    match detecting {
        Detecting::Running(run) => {
            let (done, total) = (run.done.load(Ordering::Relaxed), run.total.load(Ordering::Relaxed));
            let fraction = if total > 0 { done as f32 / total as f32 } else { 0.0 };
            ui.add(
                egui::ProgressBar::new(fraction)
                    .desired_width(160.0)
                    .text(format!("detecting: {done} of {total} frames")),
            );
            if ui
                .button("Cancel")
                .on_hover_text("Stop detecting; nothing changes")
                .clicked()
            {
                run.cancel.store(true, Ordering::Relaxed);
            }
            ui.ctx().request_repaint_after(std::time::Duration::from_millis(50));
        }
        _ => {
            if ui
                .button("Detect cuts")
                .on_hover_text("Find the cuts, dissolves and fades of the film, then review them")
                .clicked()
            {
                *detecting = Detecting::start(film, path, rate, ui.ctx());
            }
        }
    }
}

/// What the review asks of the window.
pub enum ReviewAnswer {
    /// Show this frame in the viewer.
    Show(usize),
}

/// The review window: every candidate with the frames on either side.
pub fn review_ui(
    ctx: &egui::Context,
    detecting: &mut Detecting,
    strip: &mut Filmstrip,
    project: &Project,
    commands: &mut Vec<Command>,
) -> Option<ReviewAnswer> {
    let Detecting::Reviewing(review) = detecting else {
        return None;
    };
    let mut answer = None;
    let mut open = true;
    let mut close = false;
    let film_title = project
        .film(&review.film)
        .map_or(review.film.as_str(), |f| f.title.as_str());
    egui::Window::new("Detected cuts")
        .open(&mut open)
        .default_size([620.0, 560.0])
        .show(ctx, |ui| {
            let accepted = review.candidates.iter().filter(|c| c.accepted).count();
            ui.strong(film_title);
            ui.label(format!(
                "{} candidates in {} frames ({:.1} s). Each shows the last frame before and the first after.",
                review.candidates.len(),
                review.frames,
                review.seconds
            ));
            ui.horizontal(|ui| {
                if ui.button("Accept all").clicked() {
                    review.candidates.iter_mut().for_each(|c| c.accepted = true);
                }
                if ui.button("Reject all").clicked() {
                    review.candidates.iter_mut().for_each(|c| c.accepted = false);
                }
                ui.separator();
                let apply = ui.add_enabled(
                    accepted > 0,
                    egui::Button::new(format!("Put {accepted} cuts in the film")),
                );
                if apply.clicked() {
                    let frames: Vec<i64> = review
                        .candidates
                        .iter()
                        .filter(|c| c.accepted)
                        .map(|c| c.frame as i64)
                        .collect();
                    match ops::mark_cuts(project, &review.film, &frames, Some(review.frames as i64)) {
                        Ok((edit, already)) => {
                            commands.push(Command::Edit(edit));
                            commands.push(Command::info(format!(
                                "{} cuts put in the film{}",
                                frames.len() - already,
                                if already > 0 {
                                    format!("; {already} were cuts already")
                                } else {
                                    String::new()
                                }
                            )));
                            close = true;
                        }
                        Err(e) => commands.push(Command::error(e)),
                    }
                }
            });
            ui.separator();
            let row_height = 84.0;
            let thumb = 112.0;
            let (path, rate) = (review.path.clone(), review.rate);
            let last = review.frames.saturating_sub(1);
            egui::ScrollArea::vertical().auto_shrink([false, false]).show_rows(
                ui,
                row_height,
                review.candidates.len(),
                |ui, rows| {
                    for i in rows {
                        let c = &mut review.candidates[i];
                        ui.horizontal(|ui| {
                            ui.set_height(row_height - 8.0);
                            ui.add_sized([24.0, 20.0], egui::Checkbox::without_text(&mut c.accepted))
                                .on_hover_text("Accept this cut");
                            ui.vertical(|ui| {
                                ui.set_width(150.0);
                                match c.span {
                                    Some((s, e)) => {
                                        ui.strong(format!("{} {s}–{}", c.kind, e - 1));
                                        ui.label(format!("cut at frame {}", c.frame));
                                    }
                                    None => {
                                        ui.strong(format!("cut at frame {}", c.frame));
                                    }
                                }
                                ui.weak(format!("confidence {:.2}", c.confidence));
                                ui.horizontal(|ui| {
                                    if ui.small_button("-1").on_hover_text("One frame earlier").clicked() {
                                        c.frame = c.frame.saturating_sub(1).max(1);
                                    }
                                    if ui.small_button("+1").on_hover_text("One frame later").clicked() {
                                        c.frame = (c.frame + 1).min(last);
                                    }
                                    if ui.small_button("Show").on_hover_text("Show it in the viewer").clicked() {
                                        answer = Some(ReviewAnswer::Show(c.frame));
                                    }
                                });
                            });
                            let (before, after) = match c.span {
                                Some((s, e)) => (s.saturating_sub(1), e.min(last)),
                                None => (c.frame.saturating_sub(1), c.frame),
                            };
                            filmstrip::frame_thumb(ui, strip, &path, rate, before, thumb);
                            filmstrip::frame_thumb(ui, strip, &path, rate, after, thumb);
                        });
                        ui.separator();
                    }
                },
            );
        });
    if !open || close {
        *detecting = Detecting::Idle;
    }
    answer
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::detect::{Cut, Transition, TransitionKind};

    #[test]
    fn a_transition_becomes_a_cut_at_its_middle_in_film_order() {
        let detection = Detection {
            frames: 300,
            rate: FrameRate::new(25, 1).unwrap(),
            cuts: vec![
                Cut {
                    frame: 30,
                    confidence: 0.9,
                },
                Cut {
                    frame: 200,
                    confidence: 0.5,
                },
            ],
            transitions: vec![Transition {
                start: 100,
                end: 113,
                kind: TransitionKind::Dissolve,
                confidence: 0.8,
            }],
            seconds: 0.1,
        };
        let list = candidates(&detection);
        let frames: Vec<(usize, &str)> = list.iter().map(|c| (c.frame, c.kind)).collect();
        assert_eq!(frames, [(30, "cut"), (106, "dissolve"), (200, "cut")]);
        assert_eq!(list[1].span, Some((100, 113)));
        assert!(list.iter().all(|c| c.accepted));
    }
}
