//! Asking for files and confirmations: the path prompt (typed path, or the
//! system's file dialog through rfd on a worker thread), Save / Discard /
//! Cancel before unsaved work is dropped, and the offer to recover an
//! autosave.

use std::path::PathBuf;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use eframe::egui;

use super::commands::Command;
use crate::formats::exchange::ExportFormat;
use crate::formats::plot::FigureKind;

/// What a path prompt is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathPurpose {
    Open,
    SaveAs,
    /// Write a figure of the chosen films, as SVG or PNG.
    ExportFigure(FigureKind),
    /// Read a shot list (CSV, TSV, EDL, OTIO, ELAN).
    Import,
    /// The video file (or folder of scans) of a film.
    LinkMedia,
    /// Write the shots in a format.
    Export(ExportFormat),
}

impl PathPurpose {
    fn title(&self) -> &'static str {
        match self {
            PathPurpose::Open => "Open a project",
            PathPurpose::SaveAs => "Save the project as",
            PathPurpose::ExportFigure(_) => "Export the figure (.svg or .png)",
            PathPurpose::Import => "Import a shot list",
            PathPurpose::LinkMedia => "Link the film to its media",
            PathPurpose::Export(_) => "Export the shots",
        }
    }

    fn action(&self) -> &'static str {
        match self {
            PathPurpose::Open => "Open",
            PathPurpose::SaveAs => "Save",
            PathPurpose::ExportFigure(_) | PathPurpose::Export(_) => "Export",
            PathPurpose::Import => "Read",
            PathPurpose::LinkMedia => "Link",
        }
    }

    /// What to do with the path chosen.
    fn command(&self, path: PathBuf) -> Command {
        match *self {
            PathPurpose::Open => Command::OpenPath(path),
            PathPurpose::SaveAs => Command::SaveAsPath(path),
            PathPurpose::ExportFigure(kind) => Command::ExportFigure { kind, path },
            PathPurpose::Import => Command::ImportPath(path),
            PathPurpose::LinkMedia => Command::LinkMediaPath(path),
            PathPurpose::Export(format) => Command::ExportPath { format, path },
        }
    }
}

/// What to do once unsaved work has been saved or discarded.
#[derive(Debug, Clone, PartialEq)]
pub enum Pending {
    New,
    Open,
    OpenPath(PathBuf),
    Quit,
}

/// Our own small dialog: a path field, a Browse button that asks the system
/// dialog, and the recent projects. Works where no system dialog can be shown.
#[derive(Debug)]
pub struct PathPrompt {
    pub purpose: PathPurpose,
    pub text: String,
    pub note: Option<String>,
    browse: Option<(mpsc::Receiver<Option<PathBuf>>, Instant)>,
}

impl PathPrompt {
    pub fn new(purpose: PathPurpose, start: String) -> Self {
        PathPrompt {
            purpose,
            text: start,
            note: None,
            browse: None,
        }
    }
}

/// A system file dialog returns at once, with nothing, when it cannot be
/// shown (no xdg-desktop-portal, no zenity).
const NO_DIALOG_WITHIN: Duration = Duration::from_millis(400);

/// Whether a system file dialog can be shown here at all.
fn dialog_possible() -> Option<&'static str> {
    let on_path = |name: &str| {
        std::env::var_os("PATH").is_some_and(|paths| std::env::split_paths(&paths).any(|d| d.join(name).is_file()))
    };
    if std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_none() && !on_path("zenity") {
        return Some("no file dialog can be shown here (it needs xdg-desktop-portal on a D-Bus session, or zenity)");
    }
    None
}

fn start_browse(purpose: PathPurpose, start: &str) -> mpsc::Receiver<Option<PathBuf>> {
    let (tx, rx) = mpsc::channel();
    let start = PathBuf::from(start);
    std::thread::spawn(move || {
        let mut dialog = match purpose {
            PathPurpose::ExportFigure(_) => rfd::FileDialog::new()
                .add_filter("SVG figure", &["svg"])
                .add_filter("PNG image", &["png"]),
            PathPurpose::Import => rfd::FileDialog::new().add_filter(
                "Shot list (CSV, TSV, EDL, OTIO, ELAN)",
                &["csv", "tsv", "txt", "edl", "otio", "eaf"],
            ),
            PathPurpose::Export(format) => rfd::FileDialog::new().add_filter(format.as_str(), &[format.as_str()]),
            PathPurpose::LinkMedia => {
                rfd::FileDialog::new().add_filter("Video", &["mp4", "mov", "m4v", "mkv", "avi", "mxf"])
            }
            _ => rfd::FileDialog::new().add_filter("Découpage project", &["ron"]),
        };
        if let Some(dir) = start.parent().filter(|d| d.is_dir()) {
            dialog = dialog.set_directory(dir);
        }
        let picked = match purpose {
            PathPurpose::Open | PathPurpose::Import | PathPurpose::LinkMedia => dialog.pick_file(),
            PathPurpose::SaveAs | PathPurpose::ExportFigure(_) | PathPurpose::Export(_) => {
                if let Some(name) = start.file_name() {
                    dialog = dialog.set_file_name(name.to_string_lossy());
                }
                dialog.save_file()
            }
        };
        let _ = tx.send(picked);
    });
    rx
}

/// Shows the prompt; returns `false` once it is closed.
pub fn path_prompt_ui(
    ctx: &egui::Context,
    prompt: &mut PathPrompt,
    recent: &[PathBuf],
    commands: &mut Vec<Command>,
) -> bool {
    // A pending system dialog reports back here.
    if let Some((rx, started)) = &prompt.browse {
        match rx.try_recv() {
            Ok(Some(path)) => {
                prompt.browse = None;
                commands.push(prompt.purpose.command(path));
                return false;
            }
            Ok(None) | Err(mpsc::TryRecvError::Disconnected) => {
                if started.elapsed() < NO_DIALOG_WITHIN {
                    prompt.note = Some(
                        "No file dialog appeared (it needs xdg-desktop-portal or zenity): type the path instead."
                            .into(),
                    );
                }
                prompt.browse = None;
            }
            Err(mpsc::TryRecvError::Empty) => ctx.request_repaint_after(Duration::from_millis(100)),
        }
    }
    let mut open = true;
    let mut submit = false;
    egui::Modal::new(egui::Id::unique("path_prompt")).show(ctx, |ui| {
        ui.set_width(520.0);
        ui.heading(prompt.purpose.title());
        ui.add_space(6.0);
        let (what, hint, name) = match prompt.purpose {
            PathPurpose::ExportFigure(_) => (
                "Path of the figure (.svg or .png):",
                "/path/to/figure.svg",
                "Figure file path",
            ),
            PathPurpose::Import => (
                "Path of the shot list (.csv, .tsv, .edl, .otio, .eaf):",
                "/path/to/list.edl",
                "Shot list path",
            ),
            PathPurpose::Export(_) => ("Path of the file to write:", "/path/to/shots.csv", "Export file path"),
            PathPurpose::LinkMedia => (
                "Path of the video file, or of the folder of numbered scans:",
                "/path/to/film.mp4",
                "Media path",
            ),
            _ => (
                "Path of the project file (.ron):",
                "/path/to/project.ron",
                "Project file path",
            ),
        };
        ui.label(what);
        let response = ui
            .add(
                egui::TextEdit::singleline(&mut prompt.text)
                    .desired_width(f32::INFINITY)
                    .hint_text(hint),
            )
            .accessible_name(name);
        // Enter makes the field give up the keyboard: see that before
        // taking the keyboard back for the next frame.
        if response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
            submit = true;
        } else {
            response.request_focus();
        }
        if let Some(note) = &prompt.note {
            ui.colored_label(ui.visuals().warn_fg_color, note);
        }
        if prompt.purpose == PathPurpose::Open && !recent.is_empty() {
            ui.add_space(6.0);
            ui.label(egui::RichText::new("Recent projects").weak());
            for path in recent.iter().take(8) {
                if ui.link(path.display().to_string()).clicked() {
                    prompt.text = path.display().to_string();
                    submit = true;
                }
            }
        }
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            if ui.button(prompt.purpose.action()).clicked() {
                submit = true;
            }
            let browsing = prompt.browse.is_some();
            let browse = ui.add_enabled(!browsing, egui::Button::new("Browse…"));
            if browse.clicked() {
                match dialog_possible() {
                    Some(why) => prompt.note = Some(format!("{why}: type the path instead.")),
                    None => prompt.browse = Some((start_browse(prompt.purpose, &prompt.text), Instant::now())),
                }
            }
            if browsing {
                ui.spinner();
                ui.weak("waiting for the file dialog…");
            }
            if ui.button("Cancel").clicked() || ui.input(|i| i.key_pressed(egui::Key::Escape)) {
                open = false;
            }
        });
    });
    if submit {
        let text = prompt.text.trim();
        if text.is_empty() {
            prompt.note = Some("Type a path first.".into());
        } else {
            let mut path = PathBuf::from(text);
            if path.extension().is_none() {
                match prompt.purpose {
                    PathPurpose::SaveAs => path.set_extension("ron"),
                    PathPurpose::ExportFigure(_) => path.set_extension("svg"),
                    PathPurpose::Export(format) => path.set_extension(format.as_str()),
                    PathPurpose::Open | PathPurpose::Import | PathPurpose::LinkMedia => false,
                };
            }
            commands.push(prompt.purpose.command(path));
            open = false;
        }
    }
    open
}

/// The answer to "save the changes first?".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnsavedAnswer {
    Save,
    Discard,
    Cancel,
}

/// Asks what to do with unsaved changes; `None` while it waits.
pub fn unsaved_ui(ctx: &egui::Context, name: &str, doing: &str) -> Option<UnsavedAnswer> {
    let mut answer = None;
    egui::Modal::new(egui::Id::unique("unsaved_changes")).show(ctx, |ui| {
        ui.set_width(440.0);
        ui.heading("Unsaved changes");
        ui.add_space(6.0);
        ui.label(format!(
            "{name} has changes that are not saved. Save them before {doing}?"
        ));
        ui.add_space(10.0);
        ui.horizontal(|ui| {
            if ui.button("Save").clicked() {
                answer = Some(UnsavedAnswer::Save);
            }
            if ui.button("Discard changes").clicked() {
                answer = Some(UnsavedAnswer::Discard);
            }
            if ui.button("Cancel").clicked() || ui.input(|i| i.key_pressed(egui::Key::Escape)) {
                answer = Some(UnsavedAnswer::Cancel);
            }
        });
    });
    answer
}

/// The answer to "recover the autosave?".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecoveryAnswer {
    Recover,
    OpenSaved,
}

pub fn recovery_ui(
    ctx: &egui::Context,
    project: &std::path::Path,
    autosave: &std::path::Path,
) -> Option<RecoveryAnswer> {
    let mut answer = None;
    let when = std::fs::metadata(autosave)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.elapsed().ok())
        .map(|age| match age.as_secs() {
            s if s < 120 => format!("{s} seconds ago"),
            s if s < 7200 => format!("{} minutes ago", s / 60),
            s => format!("{} hours ago", s / 3600),
        });
    egui::Modal::new(egui::Id::unique("recover_autosave")).show(ctx, |ui| {
        ui.set_width(480.0);
        ui.heading("Recover unsaved work?");
        ui.add_space(6.0);
        ui.label(format!(
            "{} has an autosave{} that is newer than the saved file: work from a session that did not save.",
            project.display(),
            when.map(|w| format!(" written {w}")).unwrap_or_default()
        ));
        ui.add_space(10.0);
        ui.horizontal(|ui| {
            if ui.button("Recover the autosave").clicked() {
                answer = Some(RecoveryAnswer::Recover);
            }
            if ui.button("Open the saved file and delete the autosave").clicked() {
                answer = Some(RecoveryAnswer::OpenSaved);
            }
        });
    });
    answer
}
