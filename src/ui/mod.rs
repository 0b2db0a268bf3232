//! The window. Each panel is a `*_ui` function that reads the project and
//! the view state; nothing here computes what a test would want to check.

mod films;
mod inspector;
mod shots;

use std::path::{Path, PathBuf};

use eframe::egui;

use crate::model::{Problem, Project, validate};
use crate::store;

/// The sample project, found beside the program's sources or in the
/// current directory.
pub fn sample_project_path() -> PathBuf {
    let local = PathBuf::from("projects/stakhanov.ron");
    if local.exists() {
        return local;
    }
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/projects/stakhanov.ron"))
}

/// What the user is looking at; kept across frames, never in the project.
#[derive(Default, Debug, Clone, PartialEq)]
pub struct ViewState {
    pub selected_film: Option<String>,
    /// Index of the selected shot in the selected film. `None` shows the
    /// film itself in the inspector.
    pub selected_shot: Option<usize>,
    pub film_filter: String,
}

impl ViewState {
    /// The view of a freshly opened project: its first film, no shot.
    fn opening(project: &Project) -> Self {
        ViewState {
            selected_film: project.films.first().map(|f| f.id.clone()),
            selected_shot: None,
            film_filter: String::new(),
        }
    }
}

/// An open project file.
pub struct Document {
    pub path: PathBuf,
    pub project: Project,
    pub problems: Vec<Problem>,
}

impl Document {
    pub fn open(path: &Path) -> Result<Self, store::StoreError> {
        let project = store::load(path)?;
        let problems = validate(&project);
        Ok(Document {
            path: path.to_path_buf(),
            project,
            problems,
        })
    }
}

/// A line for the status bar. An error stays until something replaces it.
#[derive(Debug, Clone, PartialEq)]
pub enum Message {
    Info(String),
    Error(String),
}

impl Message {
    pub fn text(&self) -> &str {
        match self {
            Message::Info(text) | Message::Error(text) => text,
        }
    }

    pub fn is_error(&self) -> bool {
        matches!(self, Message::Error(_))
    }
}

/// The title the window starts with, before any project is open.
const APP_NAME: &str = "Découpage";

pub struct App {
    pub doc: Option<Document>,
    pub view: ViewState,
    pub message: Option<Message>,
    /// The title last sent to the window, so that it is sent only when it
    /// changes.
    window_title: String,
}

impl App {
    /// The window on `path`, or on the sample project when there is none.
    /// A file that fails to load leaves the window open with its error.
    pub fn new(path: Option<PathBuf>) -> Self {
        let path = path.unwrap_or_else(sample_project_path);
        let mut app = App {
            doc: None,
            view: ViewState::default(),
            message: None,
            window_title: APP_NAME.to_string(),
        };
        app.open(&path);
        app
    }

    pub fn open(&mut self, path: &Path) {
        match Document::open(path) {
            Ok(doc) => {
                self.view = ViewState::opening(&doc.project);
                self.message = Some(Message::Info(match doc.problems.len() {
                    0 => format!("Opened {}", path.display()),
                    1 => format!("Opened {}: 1 problem", path.display()),
                    n => format!("Opened {}: {n} problems", path.display()),
                }));
                self.doc = Some(doc);
            }
            // Keep whatever is open; say what went wrong and where.
            Err(e) => self.message = Some(Message::Error(format!("Could not open {e}"))),
        }
    }

    /// The window title for what is open now.
    pub fn window_title(&self) -> String {
        match &self.doc {
            Some(doc) => format!(
                "{} — {APP_NAME}",
                doc.path.file_name().unwrap_or_default().to_string_lossy()
            ),
            None => APP_NAME.to_string(),
        }
    }

    /// Draws the whole window into `ui`.
    pub fn show(&mut self, ui: &mut egui::Ui) {
        let scroll_to_shot = self.keyboard(ui.ctx());
        egui::Panel::top("title_bar").show(ui, |ui| title_bar_ui(ui, self.doc.as_ref()));
        egui::Panel::bottom("status_bar").show(ui, |ui| status_bar_ui(ui, self.doc.as_ref(), self.message.as_ref()));
        let Some(doc) = &self.doc else {
            egui::CentralPanel::default().show(ui, |ui| no_project_ui(ui, self.message.as_ref()));
            return;
        };
        egui::Panel::left("films")
            .resizable(true)
            .default_size(240.0)
            .size_range(180.0..=480.0)
            .show(ui, |ui| films::films_ui(ui, &doc.project, &mut self.view));
        egui::Panel::right("inspector")
            .resizable(true)
            .default_size(320.0)
            .size_range(240.0..=640.0)
            .show(ui, |ui| inspector::inspector_ui(ui, &doc.project, &self.view));
        egui::CentralPanel::default().show(ui, |ui| {
            shots::shots_ui(ui, &doc.project, &mut self.view, scroll_to_shot)
        });
    }

    /// Keys that work anywhere but in a text field: Up and Down step through
    /// the shots, Escape goes back to the film, Ctrl+F searches the films.
    /// Returns whether the shot table should scroll to the selection.
    fn keyboard(&mut self, ctx: &egui::Context) -> bool {
        let Some(doc) = &self.doc else {
            return false;
        };
        if ctx.input_mut(|i| i.consume_key(egui::Modifiers::COMMAND, egui::Key::F)) {
            ctx.memory_mut(|m| m.request_focus(films::search_id()));
            return false;
        }
        if ctx.egui_wants_keyboard_input() {
            return false;
        }
        let shot_count = self
            .view
            .selected_film
            .as_deref()
            .and_then(|id| doc.project.film(id))
            .map_or(0, |film| film.shots.len());
        let (down, up, escape) = ctx.input(|i| {
            (
                i.key_pressed(egui::Key::ArrowDown),
                i.key_pressed(egui::Key::ArrowUp),
                i.key_pressed(egui::Key::Escape),
            )
        });
        let before = self.view.selected_shot;
        if escape {
            self.view.selected_shot = None;
        } else if shot_count > 0 && (down || up) {
            self.view.selected_shot = Some(match (before, down) {
                (None, true) => 0,
                (None, false) => shot_count - 1,
                (Some(i), true) => (i + 1).min(shot_count - 1),
                (Some(i), false) => i.saturating_sub(1),
            });
        }
        self.view.selected_shot != before && self.view.selected_shot.is_some()
    }
}

fn title_bar_ui(ui: &mut egui::Ui, doc: Option<&Document>) {
    ui.add_space(2.0);
    ui.horizontal(|ui| match doc {
        Some(doc) => {
            ui.heading(&doc.project.title);
            let project = &doc.project;
            ui.weak(format!(
                "{} films · {} shots · {} footage · {} evidence items",
                project.films.len(),
                project.shot_count(),
                project.footage.len(),
                project.evidence_count()
            ));
        }
        None => {
            ui.heading(APP_NAME);
        }
    });
    ui.add_space(2.0);
}

fn status_bar_ui(ui: &mut egui::Ui, doc: Option<&Document>, message: Option<&Message>) {
    ui.horizontal(|ui| {
        if let Some(doc) = doc {
            ui.monospace(doc.path.display().to_string())
                .on_hover_text("The open project file");
            ui.separator();
            match doc.problems.len() {
                0 => {
                    ui.weak("No problems");
                }
                n => {
                    let text = if n == 1 {
                        "1 problem".to_string()
                    } else {
                        format!("{n} problems")
                    };
                    let list: Vec<String> = doc.problems.iter().map(|p| p.to_string()).collect();
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
                ui.weak("Up/Down: shots · Esc: film · Ctrl+F: search films");
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
                ui.label("The file was left as it is. Fix it, or start Découpage with another project:");
            }
            _ => {
                ui.heading("No project is open");
                ui.add_space(8.0);
                ui.label("Start Découpage with a project file:");
            }
        }
        ui.monospace("decoupage PROJECT.ron");
    });
}

impl eframe::App for App {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let title = self.window_title();
        if title != self.window_title {
            ui.ctx().send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.window_title = title;
        }
        self.show(ui);
    }
}

/// Opens the window on `path` (or the sample project) and runs until it closes.
pub fn run(path: Option<PathBuf>) -> eframe::Result {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title(APP_NAME)
            .with_inner_size([1280.0, 780.0])
            .with_min_inner_size([900.0, 480.0]),
        ..Default::default()
    };
    eframe::run_native(APP_NAME, options, Box::new(move |_cc| Ok(Box::new(App::new(path)))))
}
