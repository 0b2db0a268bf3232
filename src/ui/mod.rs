//! The window. Each panel is a `*_ui` function that reads the project and
//! the view state and pushes `Command`s; `App::run_commands` applies them in
//! one place after drawing. Nothing here computes what a test would want to
//! check: that lives in `model`, `store` and `analysis`.

mod analysis_cache;
mod chooser;
pub mod commands;
pub mod compare;
pub mod detection;
mod files;
pub mod films;
pub mod filmstrip;
pub mod footage;
mod help;
pub mod import;
pub mod inspector;
mod list_entry;
pub mod shots;
pub mod side_by_side;
pub mod statistics;
pub mod view;
pub mod viewer;
pub mod vocab;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use eframe::egui;
use serde::{Deserialize, Serialize};

pub use analysis_cache::{AnalysisCache, ComparisonData};
pub use commands::Command;
use files::{PathPrompt, PathPurpose, Pending, RecoveryAnswer, UnsavedAnswer};
pub use view::{Message, Mode, Panels, ViewState};

use crate::formats::exchange::ExportFormat;
use crate::formats::plot::{self, FigureKind};
use crate::model::{Edit, FilmField, Problem};
use crate::store::{self, Document};

/// The sample project, found in the current directory or beside the
/// program's sources.
pub fn sample_project_path() -> PathBuf {
    let local = PathBuf::from("projects/stakhanov.ron");
    if local.exists() {
        return local;
    }
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/projects/stakhanov.ron"))
}

/// The name of the application, and the window title with nothing open.
const APP_NAME: &str = "Découpage";
/// Where the settings are kept in eframe's storage.
const SETTINGS_KEY: &str = "decoupage_settings";
/// How often unsaved work is written to `NAME.ron.autosave`.
pub const AUTOSAVE_EVERY: Duration = Duration::from_secs(30);
const RECENT_MAX: usize = 10;

/// What persists between runs besides egui's own memory (panel sizes,
/// column widths, theme).
#[derive(Default, Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    pub last_project: Option<PathBuf>,
    pub recent: Vec<PathBuf>,
    pub panels: Panels,
    /// The most memory the viewer keeps frames in, in MB (default 512).
    pub frame_cache_mb: Option<usize>,
}

/// The viewer's bound on decoded frames, from the settings.
fn frame_cache_bytes(settings: &Settings) -> usize {
    settings.frame_cache_mb.unwrap_or(512).max(16) * 1024 * 1024
}

impl Settings {
    fn remember(&mut self, path: &Path) {
        let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        self.recent.retain(|p| p != &path);
        self.recent.insert(0, path.clone());
        self.recent.truncate(RECENT_MAX);
        self.last_project = Some(path);
    }
}

pub struct App {
    pub doc: Option<Document>,
    pub view: ViewState,
    pub message: Option<Message>,
    pub settings: Settings,
    /// Validation problems of the open project, and the revision they are of.
    problems: (Vec<Problem>, Option<u64>),
    prompt: Option<PathPrompt>,
    /// Something waits for an answer about unsaved changes.
    pending: Option<Pending>,
    /// An autosave newer than the project just opened: (project, autosave).
    recovery: Option<(PathBuf, PathBuf)>,
    last_autosave: Instant,
    /// The user agreed to close the window.
    closing: bool,
    /// The title last sent to the window, so that it is sent only on change.
    window_title: String,
    /// What the Compare and Statistics views show, kept between frames.
    pub analysis: AnalysisCache,
    /// A shot list being read or looked at before it is imported.
    pub import: Option<import::ImportDialog>,
    /// The film whose media is being chosen, and, once chosen, the media
    /// being read on a worker.
    linking: Option<(String, Option<MediaProbe>)>,
    /// Frames of the selected shot, decoded on a worker and kept.
    pub filmstrip: filmstrip::Filmstrip,
    /// The selected film's media, frame by frame.
    pub viewer: viewer::Viewer,
    /// Cut detection running, or its findings under review.
    pub detecting: detection::Detecting,
    /// Two uses of a footage in two viewers locked together.
    pub side_by_side: Option<side_by_side::SideBySide>,
}

/// A film's media read on a worker before it is linked.
struct MediaProbe {
    path: PathBuf,
    receiver: std::sync::mpsc::Receiver<Result<crate::media::MediaInfo, String>>,
}

impl App {
    /// The window on `path`, or on the sample project when there is none.
    /// A file that fails to load leaves the window open with its error.
    pub fn new(path: Option<PathBuf>) -> Self {
        Self::with_settings(path, Settings::default())
    }

    /// As `new`, with the settings of the last run; with no path it opens
    /// the last project, or the sample.
    pub fn with_settings(path: Option<PathBuf>, settings: Settings) -> Self {
        let path = path
            .or_else(|| settings.last_project.clone().filter(|p| p.is_file()))
            .unwrap_or_else(sample_project_path);
        let mut app = Self::blank(settings);
        app.open_path(&path);
        app
    }

    /// A window with nothing open yet.
    fn blank(settings: Settings) -> Self {
        App {
            doc: None,
            view: ViewState {
                panels: settings.panels.clone(),
                ..Default::default()
            },
            message: None,
            problems: (Vec::new(), None),
            prompt: None,
            pending: None,
            recovery: None,
            last_autosave: Instant::now(),
            closing: false,
            window_title: APP_NAME.to_string(),
            analysis: AnalysisCache::default(),
            import: None,
            linking: None,
            filmstrip: filmstrip::Filmstrip::default(),
            viewer: viewer::Viewer::with_bound(frame_cache_bytes(&settings)),
            detecting: detection::Detecting::default(),
            side_by_side: None,
            settings,
        }
    }

    /// The window on a document already in memory (tests, benchmarks).
    pub fn with_document(doc: Document) -> Self {
        let mut app = Self::blank(Settings::default());
        app.set_document(doc);
        app
    }

    /// Opens `path` in place of the open project (unsaved work must have
    /// been dealt with). On an error the open project stays.
    pub fn open_path(&mut self, path: &Path) {
        match Document::open(path) {
            Ok(doc) => {
                if let Some(auto) = Document::newer_autosave(path) {
                    self.recovery = Some((path.to_path_buf(), auto));
                }
                self.set_document(doc);
                let n = self.problems().len();
                self.message = Some(Message::Info(match n {
                    0 => format!("Opened {}", path.display()),
                    1 => format!("Opened {}: 1 problem", path.display()),
                    n => format!("Opened {}: {n} problems", path.display()),
                }));
                self.settings.remember(path);
            }
            // Keep whatever is open; say what went wrong and where.
            Err(e) => self.message = Some(Message::Error(format!("Could not open {e}"))),
        }
    }

    fn set_document(&mut self, doc: Document) {
        let panels = self.view.panels.clone();
        self.view = ViewState::opening(&doc.project);
        self.view.panels = panels;
        self.analysis.clear();
        self.doc = Some(doc);
        self.problems = (Vec::new(), None);
        self.last_autosave = Instant::now();
    }

    /// Validation problems of the open project, brought up to date.
    pub fn problems(&mut self) -> &[Problem] {
        if let Some(doc) = &self.doc {
            let revision = doc.history.revision();
            if self.problems.1 != Some(revision) {
                self.problems = (doc.problems(), Some(revision));
            }
        }
        &self.problems.0
    }

    pub fn is_dirty(&self) -> bool {
        self.doc.as_ref().is_some_and(Document::is_dirty)
    }

    /// The window title: the file, and a mark when there are unsaved changes.
    pub fn window_title(&self) -> String {
        match &self.doc {
            Some(doc) => format!("{}{} — {APP_NAME}", if doc.is_dirty() { "● " } else { "" }, doc.name()),
            None => APP_NAME.to_string(),
        }
    }

    /// Applies the commands panels pushed this frame, in order.
    pub fn run_commands(&mut self, commands: Vec<Command>) {
        for command in commands {
            self.run_command(command);
        }
        if let Some(doc) = &self.doc {
            self.view.clamp(&doc.project);
        }
    }

    pub fn run_command(&mut self, command: Command) {
        match command {
            Command::Edit(edit) => {
                if let Some(doc) = &mut self.doc {
                    let what = edit.describe();
                    if let Err(e) = doc.apply(edit) {
                        self.message = Some(Message::Error(format!("Could not {what}: {e}")));
                    }
                }
            }
            Command::EditMerging { edit, key } => {
                if let Some(doc) = &mut self.doc
                    && let Err(e) = doc.apply_merging(edit, &key)
                {
                    self.message = Some(Message::Error(e.to_string()));
                }
            }
            Command::CloseStep => {
                if let Some(doc) = &mut self.doc {
                    doc.history.close_step();
                }
            }
            Command::Undo => {
                if let Some(doc) = &mut self.doc {
                    self.message = Some(Message::Info(match doc.undo() {
                        Some(label) => format!("Undid: {label}"),
                        None => "Nothing to undo".into(),
                    }));
                }
            }
            Command::Redo => {
                if let Some(doc) = &mut self.doc {
                    self.message = Some(Message::Info(match doc.redo() {
                        Some(label) => format!("Redid: {label}"),
                        None => "Nothing to redo".into(),
                    }));
                }
            }
            Command::SelectFilm(id) => self.view.select_film(Some(id)),
            Command::SelectShot { film, index } => {
                self.view.select_film(Some(film));
                self.view.select_shot(Some(index));
            }
            Command::Message(message) => self.message = Some(message),
            Command::New => self.when_saved(Pending::New),
            Command::Open => self.when_saved(Pending::Open),
            Command::OpenPath(path) => self.when_saved(Pending::OpenPath(path)),
            Command::Quit => self.when_saved(Pending::Quit),
            Command::Save => {
                self.save();
            }
            Command::SaveAs => self.ask_path(PathPurpose::SaveAs),
            Command::SaveAsPath(path) => {
                self.save_as(&path);
            }
            Command::AskExportFigure(kind) => {
                let start = self.figure_path(kind);
                self.prompt = Some(PathPrompt::new(PathPurpose::ExportFigure(kind), start));
            }
            Command::ExportFigure { kind, path } => self.export_figure(kind, &path),
            Command::AskLinkMedia(film) => {
                let start = self.project_dir().display().to_string();
                self.linking = Some((film, None));
                self.prompt = Some(PathPrompt::new(PathPurpose::LinkMedia, start));
            }
            Command::LinkMediaPath(path) => self.probe_media(path),
            Command::Import => {
                let start = self.project_dir().display().to_string();
                self.prompt = Some(PathPrompt::new(PathPurpose::Import, start));
            }
            Command::ImportPath(path) => {
                if let Some(doc) = &self.doc {
                    self.import = Some(import::ImportDialog::open(path, &doc.project));
                }
            }
            Command::AskExport(format) => {
                let start = self.export_path(format);
                self.prompt = Some(PathPrompt::new(PathPurpose::Export(format), start));
            }
            Command::ExportPath { format, path } => self.export(format, &path),
            Command::SideBySide { a, b } => {
                self.side_by_side = Some(side_by_side::SideBySide::new(
                    (&a.0, a.1),
                    (&b.0, b.1),
                    self.viewer.bound,
                ));
            }
        }
    }

    /// Does `action` now, or first asks what to do with unsaved changes.
    fn when_saved(&mut self, action: Pending) {
        if self.is_dirty() {
            self.pending = Some(action);
        } else {
            self.perform(action);
        }
    }

    fn perform(&mut self, action: Pending) {
        match action {
            Pending::New => {
                self.set_document(Document::untitled("Untitled project"));
                self.message = Some(Message::Info("New project: Save As gives it a file".into()));
            }
            Pending::Open => self.ask_path(PathPurpose::Open),
            Pending::OpenPath(path) => self.open_path(&path),
            Pending::Quit => self.closing = true,
        }
    }

    fn ask_path(&mut self, purpose: PathPurpose) {
        let start = self
            .doc
            .as_ref()
            .and_then(|d| d.path.as_ref())
            .map(|p| p.display().to_string())
            .unwrap_or_default();
        self.prompt = Some(PathPrompt::new(purpose, start));
    }

    /// Reads the chosen media on a worker; `media_tick` links it once read.
    fn probe_media(&mut self, path: PathBuf) {
        let (Some((film, _)), Some(doc)) = (self.linking.take(), &self.doc) else {
            return;
        };
        let rate = doc.project.film(&film).and_then(|f| f.rate);
        let (sender, receiver) = std::sync::mpsc::channel();
        let probe_path = path.clone();
        std::thread::spawn(move || {
            let result = crate::media::open(&probe_path, rate).map(|v| v.info().clone());
            let _ = sender.send(result.map_err(|e| e.to_string()));
        });
        self.message = Some(Message::Info(format!("Reading {}…", path.display())));
        self.linking = Some((film, Some(MediaProbe { path, receiver })));
    }

    /// Links the film to its media once the worker has read it: the path
    /// relative to the project, and the media's rate when the film has
    /// none. One undoable edit; a file that cannot be read changes nothing.
    fn media_tick(&mut self, ctx: &egui::Context) {
        let Some((film, Some(probe))) = &self.linking else {
            return;
        };
        let result = match probe.receiver.try_recv() {
            Ok(result) => result,
            Err(std::sync::mpsc::TryRecvError::Empty) => {
                ctx.request_repaint_after(Duration::from_millis(30));
                return;
            }
            Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                Err(format!("{}: the reading stopped", probe.path.display()))
            }
        };
        let (film, path) = (film.clone(), probe.path.clone());
        self.linking = None;
        let info = match result {
            Ok(info) => info,
            Err(e) => {
                self.message = Some(Message::Error(format!("Not linked: {e}")));
                return;
            }
        };
        let stored = store::stored_media_path(&self.project_dir(), &path);
        let Some(current) = self.doc.as_ref().and_then(|d| d.project.film(&film)) else {
            return;
        };
        let set = |field| Edit::SetFilmField {
            film: film.clone(),
            field,
        };
        let mut edits = vec![set(FilmField::Media(Some(stored.display().to_string())))];
        let rate_note = match current.rate {
            None => {
                edits.push(set(FilmField::Rate(Some(info.rate))));
                format!("; the film's rate is now {} fps", info.rate)
            }
            Some(rate) if rate != info.rate => {
                format!(
                    "; the film keeps its rate of {rate} fps (the media runs at {})",
                    info.rate
                )
            }
            Some(_) => String::new(),
        };
        self.run_command(Command::Edit(Edit::Batch {
            label: format!("link '{film}' to {}", stored.display()),
            edits,
        }));
        // The edit was refused: its message stays.
        if !self.message.as_ref().is_some_and(Message::is_error) {
            self.message = Some(Message::Info(format!(
                "Linked {}: {} frames at {} fps, {}×{} ({}){rate_note}",
                stored.display(),
                info.frames,
                info.rate,
                info.width,
                info.height,
                info.decoder
            )));
        }
    }

    /// The folder of the project file (the current folder for a new one).
    fn project_dir(&self) -> PathBuf {
        let dir = self
            .doc
            .as_ref()
            .and_then(|d| d.path.as_ref())
            .and_then(|p| p.parent())
            .map(Path::to_path_buf)
            .unwrap_or_default();
        if dir.as_os_str().is_empty() {
            PathBuf::from(".")
        } else {
            dir
        }
    }

    /// The films an export holds: the selected film alone, or every film.
    fn export_films(&self, format: ExportFormat) -> Vec<String> {
        match (
            &self.view.selected_film,
            format.one_film() || self.view.export_selected_only,
        ) {
            (Some(id), true) => vec![id.clone()],
            _ => Vec::new(),
        }
    }

    /// Where an export is offered to go: beside the project, named after
    /// the film or the project.
    fn export_path(&self, format: ExportFormat) -> String {
        let name = match (self.export_films(format).as_slice(), &self.doc) {
            ([one], _) => one.clone(),
            (_, Some(doc)) => doc
                .path
                .as_ref()
                .and_then(|p| p.file_stem())
                .map_or("shots".to_string(), |s| s.to_string_lossy().into_owned()),
            _ => "shots".to_string(),
        };
        self.project_dir()
            .join(format!("{name}.{}", format.as_str()))
            .display()
            .to_string()
    }

    /// Writes the shots in `format`; says where, or why not. The project
    /// is not touched.
    pub fn export(&mut self, format: ExportFormat, path: &Path) {
        let Some(doc) = &self.doc else {
            return;
        };
        let films = self.export_films(format);
        let result = crate::formats::exchange::export_bytes(&doc.project, &films, format)
            .and_then(|bytes| std::fs::write(path, bytes).map_err(|e| format!("{}: {e}", path.display())));
        self.message = Some(match result {
            Ok(()) => Message::Info(format!(
                "Exported {} to {}",
                match films.as_slice() {
                    [one] => format!("'{one}'"),
                    _ => format!("{} films", doc.project.films.len()),
                },
                path.display()
            )),
            Err(e) => Message::Error(format!("Not exported: {e}")),
        });
    }

    /// Where a figure is offered to go: beside the project, named after the
    /// film (or the number of films) and the figure.
    fn figure_path(&self, kind: FigureKind) -> String {
        let Some(doc) = &self.doc else {
            return String::new();
        };
        let films = chooser::chosen_ids(&doc.project, &self.view);
        let name = match films.as_slice() {
            [one] => format!("{one}-{}.svg", kind.as_str()),
            many => format!("{}-films-{}.svg", many.len(), kind.as_str()),
        };
        let dir = doc
            .path
            .as_ref()
            .and_then(|p| p.parent())
            .map(Path::to_path_buf)
            .unwrap_or_default();
        dir.join(name).display().to_string()
    }

    /// Writes a figure of the chosen films; says where, or why not.
    pub fn export_figure(&mut self, kind: FigureKind, path: &Path) {
        let Some(doc) = &self.doc else {
            return;
        };
        let films = chooser::chosen_films(&doc.project, &self.view);
        self.message = Some(
            match plot::write_figure(path, &doc.project, kind, &films, plot::DEFAULT_SIZE) {
                Ok(()) => Message::Info(format!("Wrote the {} to {}", kind.name(), path.display())),
                Err(e) => Message::Error(format!("Figure not written: {e}")),
            },
        );
    }

    /// Saves to the document's file, or asks for one. Returns whether the
    /// project is now saved.
    pub fn save(&mut self) -> bool {
        let Some(doc) = &mut self.doc else {
            return false;
        };
        if doc.path.is_none() {
            self.ask_path(PathPurpose::SaveAs);
            return false;
        }
        match doc.save() {
            Ok(path) => {
                self.message = Some(Message::Info(format!("Saved {}", path.display())));
                true
            }
            Err(e) => {
                self.message = Some(Message::Error(format!("Not saved: {e}")));
                false
            }
        }
    }

    pub fn save_as(&mut self, path: &Path) -> bool {
        let Some(doc) = &mut self.doc else {
            return false;
        };
        match doc.save_as(path) {
            Ok(()) => {
                self.message = Some(Message::Info(format!("Saved {}", path.display())));
                self.settings.remember(path);
                true
            }
            Err(e) => {
                self.message = Some(Message::Error(format!("Not saved: {e}")));
                false
            }
        }
    }

    /// Writes the autosave when unsaved work has waited long enough.
    pub fn autosave_tick(&mut self, now: Instant) {
        if now.duration_since(self.last_autosave) < AUTOSAVE_EVERY {
            return;
        }
        self.last_autosave = now;
        if let Some(doc) = &mut self.doc
            && let Err(e) = doc.autosave()
        {
            self.message = Some(Message::Error(format!("Autosave failed: {e}")));
        }
    }

    /// Keys that work anywhere: files, undo and redo, help.
    fn global_keys(&mut self, ctx: &egui::Context, commands: &mut Vec<Command>) {
        use egui::{Key, KeyboardShortcut, Modifiers};
        let shortcut = |m, k| KeyboardShortcut::new(m, k);
        let shift_cmd = Modifiers::COMMAND | Modifiers::SHIFT;
        let typing = ctx.egui_wants_keyboard_input();
        ctx.input_mut(|i| {
            if i.consume_shortcut(&shortcut(shift_cmd, Key::S)) {
                commands.push(Command::SaveAs);
            } else if i.consume_shortcut(&shortcut(Modifiers::COMMAND, Key::S)) {
                commands.push(Command::CloseStep);
                commands.push(Command::Save);
            }
            if i.consume_shortcut(&shortcut(Modifiers::COMMAND, Key::O)) {
                commands.push(Command::Open);
            }
            if i.consume_shortcut(&shortcut(Modifiers::COMMAND, Key::N)) {
                commands.push(Command::New);
            }
            if i.consume_shortcut(&shortcut(Modifiers::COMMAND, Key::I)) {
                commands.push(Command::Import);
            }
            for (key, mode) in [
                (Key::Num1, Mode::Shots),
                (Key::Num2, Mode::Compare),
                (Key::Num3, Mode::Statistics),
            ] {
                if i.consume_shortcut(&shortcut(Modifiers::COMMAND, key)) {
                    self.view.mode = mode;
                }
            }
            if i.consume_key(Modifiers::NONE, Key::F1) {
                self.view.panels.help = !self.view.panels.help;
            }
            // In a text field, undo belongs to the field.
            if !typing {
                if i.consume_shortcut(&shortcut(shift_cmd, Key::Z))
                    || i.consume_shortcut(&shortcut(Modifiers::COMMAND, Key::Y))
                {
                    commands.push(Command::Redo);
                } else if i.consume_shortcut(&shortcut(Modifiers::COMMAND, Key::Z)) {
                    commands.push(Command::Undo);
                }
            }
        });
    }

    /// Draws the whole window into `ui` and applies what the user did.
    pub fn show(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        let mut commands = Vec::new();
        self.global_keys(&ctx, &mut commands);
        if let Some(doc) = &self.doc
            && self.view.mode == Mode::Shots
        {
            viewer::viewer_keys(&ctx, &mut self.viewer, &doc.project, &self.view, &mut commands);
            shots::table_keys(&ctx, &doc.project, &mut self.view, &mut commands);
        }
        let problems = self.problems().to_vec();

        egui::Panel::top("menu_bar").show(ui, |ui| {
            menu_bar_ui(
                ui,
                self.doc.as_ref(),
                &mut self.view,
                &self.settings.recent,
                &mut self.settings.frame_cache_mb,
                &mut commands,
            )
        });
        egui::Panel::bottom("status_bar").show(ui, |ui| {
            status_bar_ui(ui, self.doc.as_ref(), &problems, self.message.as_ref())
        });
        match &self.doc {
            None => {
                egui::CentralPanel::default().show(ui, |ui| no_project_ui(ui, self.message.as_ref()));
            }
            Some(doc) => {
                let project = &doc.project;
                self.analysis.revision = doc.history.revision();
                self.view.project_dir = doc.path.as_ref().and_then(|p| p.parent()).map(Path::to_path_buf);
                match self.view.mode {
                    Mode::Shots => {
                        egui::Panel::left("films")
                            .resizable(true)
                            .default_size(240.0)
                            .size_range(180.0..=480.0)
                            .show(ui, |ui| films::films_ui(ui, project, &mut self.view, &mut commands));
                        egui::Panel::right("inspector")
                            .resizable(true)
                            .default_size(340.0)
                            .size_range(260.0..=640.0)
                            .show(ui, |ui| {
                                let film = self.view.selected_film.as_deref().and_then(|id| project.film(id));
                                let shot = film.zip(self.view.selected_shot).and_then(|(f, i)| f.shots.get(i));
                                if let (Some(film), Some(shot)) = (film, shot)
                                    && film.media.is_some()
                                {
                                    ui.add_space(4.0);
                                    filmstrip::filmstrip_ui(
                                        ui,
                                        &mut self.filmstrip,
                                        film,
                                        shot,
                                        self.view.project_dir.as_deref(),
                                    );
                                }
                                inspector::inspector_ui(ui, project, &mut self.view, &mut commands)
                            });
                        if viewer::has_media(project, &self.view) {
                            egui::Panel::top("viewer")
                                .resizable(true)
                                .default_size(380.0)
                                .size_range(160.0..=900.0)
                                .show(ui, |ui| {
                                    viewer::viewer_ui(
                                        ui,
                                        &mut self.viewer,
                                        &mut self.detecting,
                                        project,
                                        &mut self.view,
                                        &mut commands,
                                    )
                                });
                        } else {
                            // Let the last film's frames go.
                            self.viewer.detach();
                        }
                        egui::CentralPanel::default().show(ui, |ui| {
                            shots::shots_ui(ui, project, &mut self.view, &mut self.filmstrip, &mut commands)
                        });
                    }
                    Mode::Compare | Mode::Statistics => {
                        egui::Panel::left("chosen_films")
                            .resizable(true)
                            .default_size(240.0)
                            .size_range(180.0..=480.0)
                            .show(ui, |ui| chooser::chooser_ui(ui, project, &mut self.view));
                        let (view, analysis) = (&mut self.view, &mut self.analysis);
                        if view.mode == Mode::Statistics {
                            egui::CentralPanel::default().show(ui, |ui| {
                                statistics::statistics_ui(ui, project, view, analysis, &mut commands)
                            });
                        } else {
                            if view.compare.tab == compare::CompareTab::Presence {
                                egui::Panel::right("footage_uses")
                                    .resizable(true)
                                    .default_size(340.0)
                                    .size_range(260.0..=640.0)
                                    .show(ui, |ui| {
                                        compare::footage_uses_ui(ui, project, view, analysis, &mut commands)
                                    });
                            }
                            egui::CentralPanel::default()
                                .show(ui, |ui| compare::compare_ui(ui, project, view, analysis, &mut commands));
                        }
                    }
                }
                if let Some(sbs) = &mut self.side_by_side
                    && !side_by_side::side_by_side_ui(&ctx, sbs, project, &self.view, &mut commands)
                {
                    self.side_by_side = None;
                }
                let reviewed = self.detecting.review().map(|r| r.film.clone());
                if let Some(detection::ReviewAnswer::Show(n)) =
                    detection::review_ui(&ctx, &mut self.detecting, &mut self.filmstrip, project, &mut commands)
                    && let Some(film) = reviewed
                {
                    self.view.mode = Mode::Shots;
                    self.view.select_film(Some(film));
                    self.viewer.show_frame(n);
                }
                let mut open = self.view.panels.footage;
                egui::Window::new("Footage registry")
                    .open(&mut open)
                    .default_size([520.0, 480.0])
                    .show(&ctx, |ui| {
                        footage::footage_ui(ui, project, &mut self.view, &mut commands)
                    });
                self.view.panels.footage = open;
                let mut open = self.view.panels.vocabulary;
                egui::Window::new("Vocabularies")
                    .open(&mut open)
                    .default_size([520.0, 480.0])
                    .show(&ctx, |ui| vocab::vocab_ui(ui, project, &mut self.view, &mut commands));
                self.view.panels.vocabulary = open;
            }
        }
        let mut open = self.view.panels.help;
        egui::Window::new("Keyboard shortcuts")
            .open(&mut open)
            .collapsible(false)
            .show(&ctx, help::help_ui);
        self.view.panels.help = open;
        self.settings.panels = self.view.panels.clone();

        // A new bound applies to the next film the viewer opens.
        self.viewer.bound = frame_cache_bytes(&self.settings);
        self.dialogs_ui(&ctx, &mut commands);
        self.view.typing_last_frame = ctx.egui_wants_keyboard_input();
        let asked = !commands.is_empty();
        self.run_commands(commands);
        if asked {
            // show at once what the commands changed, even with no new input
            ctx.request_repaint();
        }
        self.media_tick(&ctx);
        self.autosave_tick(Instant::now());
        if self.is_dirty() {
            // wake up for the next autosave even when nothing happens
            ctx.request_repaint_after(AUTOSAVE_EVERY);
        }
    }

    fn dialogs_ui(&mut self, ctx: &egui::Context, commands: &mut Vec<Command>) {
        if let (Some(dialog), Some(doc)) = (&mut self.import, &self.doc) {
            match import::import_ui(ctx, dialog, &doc.project) {
                Some(import::ImportAnswer::Import { edit, film, message }) => {
                    commands.push(Command::Edit(edit));
                    commands.push(Command::SelectFilm(film));
                    commands.push(Command::info(message));
                    self.import = None;
                }
                Some(import::ImportAnswer::Cancel) => self.import = None,
                None => {}
            }
        }
        if let Some(prompt) = &mut self.prompt
            && !files::path_prompt_ui(ctx, prompt, &self.settings.recent, commands)
        {
            self.prompt = None;
        }
        if let Some(pending) = self.pending.clone() {
            let name = self.doc.as_ref().map_or("The project".to_string(), |d| d.name());
            let doing = match &pending {
                Pending::New => "starting a new project",
                Pending::Open | Pending::OpenPath(_) => "opening another project",
                Pending::Quit => "closing",
            };
            match files::unsaved_ui(ctx, &name, doing) {
                Some(UnsavedAnswer::Save) => {
                    self.pending = None;
                    if self.save() {
                        self.perform(pending);
                    }
                }
                Some(UnsavedAnswer::Discard) => {
                    self.pending = None;
                    if let Some(doc) = &self.doc {
                        doc.discard_autosave();
                    }
                    self.perform(pending);
                }
                Some(UnsavedAnswer::Cancel) => self.pending = None,
                None => {}
            }
        }
        if let Some((project, autosave)) = self.recovery.clone() {
            match files::recovery_ui(ctx, &project, &autosave) {
                Some(RecoveryAnswer::Recover) => {
                    self.recovery = None;
                    match Document::recover(&project) {
                        Ok(doc) => {
                            self.set_document(doc);
                            self.message = Some(Message::Info(format!(
                                "Recovered the autosave of {}: save to keep it",
                                project.display()
                            )));
                        }
                        Err(e) => self.message = Some(Message::Error(format!("Could not recover: {e}"))),
                    }
                }
                Some(RecoveryAnswer::OpenSaved) => {
                    self.recovery = None;
                    store::remove_autosave(&project);
                }
                None => {}
            }
        }
    }

    /// The autosave the app offers to recover, if it is asking.
    pub fn offered_recovery(&self) -> Option<&Path> {
        self.recovery.as_ref().map(|(_, a)| a.as_path())
    }

    /// Whether the app is asking about unsaved changes.
    pub fn asks_about_unsaved(&self) -> bool {
        self.pending.is_some()
    }

    pub fn wants_to_close(&self) -> bool {
        self.closing
    }
}

/// File > Export: every format, for the selected film or every film.
fn export_menu_ui(ui: &mut egui::Ui, view: &mut ViewState, commands: &mut Vec<Command>) {
    use crate::formats::table::TableFormat;
    ui.checkbox(&mut view.export_selected_only, "Only the selected film")
        .on_hover_text("EDL, ELAN and WebVTT always hold the selected film alone");
    ui.separator();
    let items: [(&str, ExportFormat); 12] = [
        ("Shot table: CSV", ExportFormat::Table(TableFormat::Csv)),
        ("Shot table: TSV", ExportFormat::Table(TableFormat::Tsv)),
        ("Shot table: Markdown", ExportFormat::Table(TableFormat::Markdown)),
        ("Shot table: LaTeX", ExportFormat::Table(TableFormat::Latex)),
        ("Shot table: HTML page", ExportFormat::Table(TableFormat::Html)),
        ("Shot table: Excel workbook", ExportFormat::Table(TableFormat::Xlsx)),
        ("Shot table: JSON", ExportFormat::Table(TableFormat::Json)),
        ("Edit decision list (CMX 3600 EDL)", ExportFormat::Edl),
        ("OpenTimelineIO", ExportFormat::Otio),
        ("ELAN annotations", ExportFormat::Eaf),
        ("WebVTT captions", ExportFormat::WebVtt),
        ("W3C Web Annotations (JSON-LD)", ExportFormat::WebAnnotation),
    ];
    for (label, format) in items {
        if ui.button(format!("{label}…")).clicked() {
            commands.push(Command::AskExport(format));
            ui.close();
        }
    }
}

fn menu_bar_ui(
    ui: &mut egui::Ui,
    doc: Option<&Document>,
    view: &mut ViewState,
    recent: &[PathBuf],
    frame_cache_mb: &mut Option<usize>,
    commands: &mut Vec<Command>,
) {
    egui::MenuBar::new().ui(ui, |ui| {
        ui.menu_button("File", |ui| {
            if ui.button("New project").on_hover_text("Ctrl+N").clicked() {
                commands.push(Command::New);
            }
            if ui.button("Open…").on_hover_text("Ctrl+O").clicked() {
                commands.push(Command::Open);
            }
            ui.menu_button("Open recent", |ui| {
                if recent.is_empty() {
                    ui.weak("No recent project");
                }
                for path in recent {
                    if ui.button(path.display().to_string()).clicked() {
                        commands.push(Command::OpenPath(path.clone()));
                    }
                }
            });
            ui.separator();
            if ui
                .add_enabled(doc.is_some(), egui::Button::new("Save"))
                .on_hover_text("Ctrl+S")
                .clicked()
            {
                commands.push(Command::CloseStep);
                commands.push(Command::Save);
            }
            if ui
                .add_enabled(doc.is_some(), egui::Button::new("Save as…"))
                .on_hover_text("Ctrl+Shift+S")
                .clicked()
            {
                commands.push(Command::SaveAs);
            }
            ui.separator();
            if ui
                .add_enabled(doc.is_some(), egui::Button::new("Import shot list…"))
                .on_hover_text(
                    "CSV, TSV, CMX 3600 EDL, OpenTimelineIO or ELAN, as a new film or after a film's shots (Ctrl+I)",
                )
                .clicked()
            {
                commands.push(Command::Import);
            }
            ui.add_enabled_ui(doc.is_some(), |ui| {
                ui.menu_button("Export", |ui| export_menu_ui(ui, view, commands));
            });
            ui.separator();
            if ui.button("Quit").clicked() {
                commands.push(Command::Quit);
            }
        });
        ui.menu_button("Edit", |ui| {
            let history = doc.map(|d| &d.history);
            let undo = history.and_then(|h| h.undo_label());
            let redo = history.and_then(|h| h.redo_label());
            let undo_text = undo.map_or("Undo".to_string(), |l| format!("Undo {l}"));
            if ui
                .add_enabled(undo.is_some(), egui::Button::new(undo_text))
                .on_hover_text("Ctrl+Z")
                .clicked()
            {
                commands.push(Command::Undo);
            }
            let redo_text = redo.map_or("Redo".to_string(), |l| format!("Redo {l}"));
            if ui
                .add_enabled(redo.is_some(), egui::Button::new(redo_text))
                .on_hover_text("Ctrl+Shift+Z or Ctrl+Y")
                .clicked()
            {
                commands.push(Command::Redo);
            }
        });
        ui.menu_button("View", |ui| {
            for (mode, key) in [
                (Mode::Shots, "Ctrl+1"),
                (Mode::Compare, "Ctrl+2"),
                (Mode::Statistics, "Ctrl+3"),
            ] {
                if ui
                    .add(egui::Button::selectable(view.mode == mode, mode.name()).shortcut_text(key))
                    .clicked()
                {
                    view.mode = mode;
                    ui.close();
                }
            }
            ui.separator();
            ui.checkbox(&mut view.panels.footage, "Footage registry");
            ui.checkbox(&mut view.panels.vocabulary, "Vocabularies");
            ui.separator();
            ui.horizontal(|ui| {
                let mut mb = frame_cache_mb.unwrap_or(512);
                ui.label("Memory for frames");
                let drag = ui
                    .add(egui::DragValue::new(&mut mb).range(64..=16384).suffix(" MB"))
                    .on_hover_text("The most the viewer keeps decoded frames in (from the next film opened)");
                if drag.changed() {
                    *frame_cache_mb = Some(mb);
                }
            });
            ui.separator();
            egui::widgets::global_theme_preference_buttons(ui);
        });
        ui.menu_button("Help", |ui| {
            if ui.button("Keyboard shortcuts").on_hover_text("F1").clicked() {
                view.panels.help = true;
            }
        });
        ui.separator();
        for mode in [Mode::Shots, Mode::Compare, Mode::Statistics] {
            if ui.selectable_label(view.mode == mode, mode.name()).clicked() {
                view.mode = mode;
            }
        }
        if let Some(doc) = doc {
            ui.separator();
            ui.strong(&doc.project.title);
            let project = &doc.project;
            ui.weak(format!(
                "{} films · {} shots · {} footage · {} evidence items",
                project.films.len(),
                project.shot_count(),
                project.footage.len(),
                project.evidence_count()
            ));
        }
    });
}

fn status_bar_ui(ui: &mut egui::Ui, doc: Option<&Document>, problems: &[Problem], message: Option<&Message>) {
    ui.horizontal(|ui| {
        if let Some(doc) = doc {
            let path = doc
                .path
                .as_ref()
                .map_or("untitled (not saved yet)".to_string(), |p| p.display().to_string());
            ui.monospace(path).on_hover_text("The open project file");
            if doc.is_dirty() {
                ui.colored_label(ui.visuals().warn_fg_color, "unsaved changes");
            } else {
                ui.weak("saved");
            }
            ui.separator();
            match problems.len() {
                0 => {
                    ui.weak("No problems");
                }
                n => {
                    let text = if n == 1 {
                        "1 problem".to_string()
                    } else {
                        format!("{n} problems")
                    };
                    let list: Vec<String> = problems.iter().take(40).map(|p| p.to_string()).collect();
                    ui.colored_label(ui.visuals().warn_fg_color, text)
                        .on_hover_text(list.join("\n"));
                }
            }
            ui.separator();
        }
        if let Some(message) = message {
            if message.is_error() {
                ui.colored_label(ui.visuals().error_fg_color, message.text());
            } else {
                ui.label(message.text());
            }
        }
        if doc.is_some() {
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                ui.weak("F1: keyboard shortcuts");
            });
        }
    });
}

fn no_project_ui(ui: &mut egui::Ui, message: Option<&Message>) {
    ui.vertical_centered(|ui| {
        ui.add_space(ui.available_height() / 3.0);
        match message {
            Some(message) if message.is_error() => {
                ui.heading("The project could not be opened");
                ui.add_space(8.0);
                ui.colored_label(ui.visuals().error_fg_color, message.text());
                ui.add_space(8.0);
                ui.label("The file was left as it is. Fix it, or open another project (File > Open, Ctrl+O).");
            }
            _ => {
                ui.heading("No project is open");
                ui.add_space(8.0);
                ui.label("Open a project with File > Open (Ctrl+O), or start a new one (Ctrl+N).");
            }
        }
    });
}

impl eframe::App for App {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        if ctx.input(|i| i.viewport().close_requested()) && !self.closing {
            if self.is_dirty() {
                ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
                self.pending = Some(Pending::Quit);
            } else {
                self.closing = true;
            }
        }
        self.show(ui);
        if self.closing {
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
        let title = self.window_title();
        if title != self.window_title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.window_title = title;
        }
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, SETTINGS_KEY, &self.settings);
    }
}

/// Opens the window on `path` (or the last project, or the sample) and runs
/// until it closes.
pub fn run(path: Option<PathBuf>) -> eframe::Result {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title(APP_NAME)
            .with_inner_size([1280.0, 780.0])
            .with_min_inner_size([900.0, 480.0]),
        ..Default::default()
    };
    eframe::run_native(
        APP_NAME,
        options,
        Box::new(move |cc| {
            let settings: Settings = cc
                .storage
                .and_then(|s| eframe::get_value(s, SETTINGS_KEY))
                .unwrap_or_default();
            Ok(Box::new(App::with_settings(path, settings)))
        }),
    )
}
