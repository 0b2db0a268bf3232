//! The filmstrip of the selected shot: its first, middle and last frames,
//! decoded on a worker thread from the film's media and kept as textures,
//! so that going back to a shot shows it at once. The window never waits
//! for a decoder: a frame not decoded yet is a spinner.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, Sender};

use eframe::egui;

use crate::media::{self, Picture};
use crate::model::{Film, FrameRate, Shot};

/// Frames kept as textures, at most (three a shot: about 40 shots).
const KEPT: usize = 120;
/// Frames are kept at most this wide.
const KEPT_WIDTH: u32 = 480;

type Key = (PathBuf, usize);

struct Request {
    path: PathBuf,
    rate: Option<FrameRate>,
    frames: Vec<usize>,
}

/// Decoded frames, or why a frame could not be decoded.
type Answer = (Key, Result<Picture, String>);

pub struct Filmstrip {
    requests: Sender<Request>,
    answers: Receiver<Answer>,
    textures: HashMap<Key, egui::TextureHandle>,
    errors: HashMap<Key, String>,
    /// Asked for and not answered yet.
    pending: std::collections::HashSet<Key>,
    /// Least recently shown first.
    order: Vec<Key>,
}

impl Default for Filmstrip {
    fn default() -> Self {
        let (requests, inbox) = mpsc::channel::<Request>();
        let (outbox, answers) = mpsc::channel::<Answer>();
        std::thread::spawn(move || decoder_thread(inbox, outbox));
        Filmstrip {
            requests,
            answers,
            textures: HashMap::new(),
            errors: HashMap::new(),
            pending: Default::default(),
            order: Vec::new(),
        }
    }
}

/// The worker: keeps the film last opened, decodes what is asked.
fn decoder_thread(inbox: Receiver<Request>, outbox: Sender<Answer>) {
    let mut open: Option<(PathBuf, Box<dyn media::Video>)> = None;
    // Requests waiting, the newest last: the newest is served first, so
    // that the rows in view come before those scrolled past.
    let mut waiting: Vec<Request> = Vec::new();
    loop {
        if waiting.is_empty() {
            match inbox.recv() {
                Ok(request) => waiting.push(request),
                Err(_) => return,
            }
        }
        waiting.extend(inbox.try_iter());
        let Some(request) = waiting.pop() else { continue };
        if open.as_ref().is_none_or(|(p, _)| *p != request.path) {
            match media::open(&request.path, request.rate) {
                Ok(video) => open = Some((request.path.clone(), video)),
                Err(e) => {
                    for n in request.frames {
                        if outbox.send(((request.path.clone(), n), Err(e.to_string()))).is_err() {
                            return;
                        }
                    }
                    open = None;
                    continue;
                }
            }
        }
        let Some((_, video)) = open.as_mut() else { continue };
        for n in request.frames {
            // Shown small: kept small (a 720p frame is 3.7 MB as a texture).
            let answer = video
                .frame(n)
                .map(|p| p.downscaled(KEPT_WIDTH))
                .map_err(|e| e.to_string());
            if outbox.send(((request.path.clone(), n), answer)).is_err() {
                return;
            }
        }
    }
}

/// The first, middle and last frames of a shot of known start and length.
pub fn shot_frames(shot: &Shot) -> Option<[usize; 3]> {
    let start = usize::try_from(shot.start?.0).ok()?;
    let len = usize::try_from(shot.frames()?).ok().filter(|&n| n > 0)?;
    Some([start, start + (len - 1) / 2, start + len - 1])
}

impl Filmstrip {
    /// Asks for the `frames` of `path` that are not kept, failed or on
    /// their way, in one request.
    fn ask(&mut self, path: &Path, rate: Option<FrameRate>, frames: &[usize]) {
        let missing: Vec<usize> = frames
            .iter()
            .copied()
            .filter(|&n| {
                let key = (path.to_path_buf(), n);
                !self.textures.contains_key(&key) && !self.errors.contains_key(&key) && !self.pending.contains(&key)
            })
            .collect();
        if missing.is_empty() {
            return;
        }
        for &n in &missing {
            self.pending.insert((path.to_path_buf(), n));
        }
        let _ = self.requests.send(Request {
            path: path.to_path_buf(),
            rate,
            frames: missing,
        });
    }

    /// Takes the worker's answers into textures.
    fn receive(&mut self, ctx: &egui::Context) {
        while let Ok((key, answer)) = self.answers.try_recv() {
            self.pending.remove(&key);
            match answer {
                Ok(picture) => {
                    let image =
                        egui::ColorImage::from_rgb([picture.width as usize, picture.height as usize], &picture.rgb);
                    let name = format!("frame {} of {}", key.1, key.0.display());
                    let texture = ctx.load_texture(name, image, egui::TextureOptions::LINEAR);
                    self.textures.insert(key.clone(), texture);
                    self.order.push(key);
                }
                Err(e) => {
                    self.errors.insert(key, e);
                }
            }
        }
        while self.order.len() > KEPT {
            let old = self.order.remove(0);
            self.textures.remove(&old);
        }
    }

    /// Whether frame `n` of `path` is decoded and kept.
    pub fn has(&self, path: &Path, n: usize) -> bool {
        self.textures.contains_key(&(path.to_path_buf(), n))
    }

    /// Whether some frame is still being decoded.
    pub fn is_busy(&self) -> bool {
        !self.pending.is_empty()
    }
}

/// Shows the filmstrip of `shot` of `film`, when the film has media and
/// the shot a known start and length.
pub fn filmstrip_ui(ui: &mut egui::Ui, strip: &mut Filmstrip, film: &Film, shot: &Shot, project_dir: Option<&Path>) {
    strip.receive(ui.ctx());
    let (Some(path), Some(frames)) = (media::media_path(film, project_dir), shot_frames(shot)) else {
        return;
    };
    strip.ask(&path, film.rate, &frames);
    if strip.is_busy() {
        ui.ctx().request_repaint_after(std::time::Duration::from_millis(30));
    }
    let width = ((ui.available_width() - 8.0) / 3.0).max(40.0);
    ui.horizontal(|ui| {
        ui.spacing_mut().item_spacing.x = 4.0;
        for (n, what) in frames.iter().zip(["first", "middle", "last"]) {
            ui.vertical(|ui| {
                ui.set_width(width);
                kept_frame_ui(
                    ui,
                    strip,
                    (path.clone(), *n),
                    width,
                    &format!("The {what} frame of the shot: frame {n}"),
                );
                ui.weak(format!("{what} · frame {n}"));
            });
        }
    });
}

/// Frame `n` of `path`, `width` points wide, decoded in the background
/// (a spinner until then, "no picture" with the reason when it cannot be).
pub fn frame_thumb(
    ui: &mut egui::Ui,
    strip: &mut Filmstrip,
    path: &Path,
    rate: Option<FrameRate>,
    n: usize,
    width: f32,
) {
    strip.receive(ui.ctx());
    strip.ask(path, rate, &[n]);
    kept_frame_ui(ui, strip, (path.to_path_buf(), n), width, &format!("frame {n}"));
}

/// A frame asked for, `width` points wide: its picture once decoded (it is
/// then kept longer), "no picture" with the reason when it cannot be, a
/// spinner until then.
fn kept_frame_ui(ui: &mut egui::Ui, strip: &mut Filmstrip, key: Key, width: f32, hover: &str) {
    if let Some(texture) = strip.textures.get(&key) {
        let size = texture.size_vec2();
        let height = width * size.y / size.x.max(1.0);
        ui.add(egui::Image::new(texture).fit_to_exact_size(egui::vec2(width, height)))
            .on_hover_text(hover);
        // Back to the front of the queue: shown just now.
        if let Some(i) = strip.order.iter().position(|k| *k == key) {
            let k = strip.order.remove(i);
            strip.order.push(k);
        }
    } else if let Some(e) = strip.errors.get(&key) {
        ui.colored_label(ui.visuals().error_fg_color, "no picture")
            .on_hover_text(e.as_str());
    } else {
        ui.add_sized(egui::vec2(width, width * 9.0 / 16.0), egui::Spinner::new());
        ui.ctx().request_repaint_after(std::time::Duration::from_millis(30));
    }
}
