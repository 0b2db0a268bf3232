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
    /// Index of the selected shot in the selected film.
    pub selected_shot: Option<usize>,
    pub film_filter: String,
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

pub struct App {
    pub doc: Option<Document>,
    pub view: ViewState,
    /// The last message for the status bar; errors stay until replaced.
    pub message: Option<String>,
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
        };
        app.open(&path);
        app
    }

    pub fn open(&mut self, path: &Path) {
        match Document::open(path) {
            Ok(doc) => {
                self.view = ViewState {
                    selected_film: doc.project.films.first().map(|f| f.id.clone()),
                    selected_shot: None,
                    film_filter: String::new(),
                };
                self.message = Some(match doc.problems.len() {
                    0 => format!("Opened {}", path.display()),
                    n => format!("Opened {}: {n} problem(s), see `decoupage validate`", path.display()),
                });
                self.doc = Some(doc);
            }
            // Keep whatever is open; say what went wrong and where.
            Err(e) => self.message = Some(format!("Could not open: {e}")),
        }
    }

    /// Draws the whole window into `ui`.
    pub fn show(&mut self, ui: &mut egui::Ui) {
        egui::Panel::top("title_bar").show(ui, |ui| {
            ui.horizontal(|ui| match &self.doc {
                Some(doc) => {
                    ui.heading(&doc.project.title);
                    ui.weak(format!(
                        "{} films · {} shots · {} footage · {} evidence items",
                        doc.project.films.len(),
                        doc.project.shot_count(),
                        doc.project.footage.len(),
                        doc.project.evidence_count()
                    ));
                }
                None => {
                    ui.heading("Découpage");
                }
            });
        });
        egui::Panel::bottom("status_bar").show(ui, |ui| {
            ui.horizontal(|ui| {
                if let Some(doc) = &self.doc {
                    ui.monospace(doc.path.display().to_string());
                    ui.separator();
                }
                if let Some(message) = &self.message {
                    ui.label(message);
                }
            });
        });
        let Some(doc) = &self.doc else {
            egui::CentralPanel::default().show(ui, |ui| {
                ui.centered_and_justified(|ui| {
                    ui.label("No project is open. Start Découpage with a project file: decoupage PROJECT.ron");
                });
            });
            return;
        };
        egui::Panel::left("films")
            .resizable(true)
            .default_size(280.0)
            .show(ui, |ui| films::films_ui(ui, &doc.project, &mut self.view));
        egui::Panel::right("inspector")
            .resizable(true)
            .default_size(340.0)
            .show(ui, |ui| inspector::inspector_ui(ui, &doc.project, &self.view));
        egui::CentralPanel::default().show(ui, |ui| shots::shots_ui(ui, &doc.project, &mut self.view));
    }
}

impl eframe::App for App {
    fn ui(&mut self, ui: &mut egui::Ui, frame: &mut eframe::Frame) {
        let title = match &self.doc {
            Some(doc) => format!(
                "{} — Découpage",
                doc.path.file_name().unwrap_or_default().to_string_lossy()
            ),
            None => "Découpage".to_string(),
        };
        let _ = frame;
        ui.ctx().send_viewport_cmd(egui::ViewportCommand::Title(title));
        self.show(ui);
    }
}

/// Opens the window on `path` (or the sample project) and runs until it closes.
pub fn run(path: Option<PathBuf>) -> eframe::Result {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Découpage")
            .with_inner_size([1280.0, 780.0])
            .with_min_inner_size([720.0, 420.0]),
        ..Default::default()
    };
    eframe::run_native("Découpage", options, Box::new(move |_cc| Ok(Box::new(App::new(path)))))
}
