//! The inspector: the selected shot, or the selected film when no shot is
//! selected, as a form. Every field edits the project through commands,
//! never directly. Typing in a text field is one undo step
//! (`Command::EditMerging`, closed when the field loses focus); a choice
//! from a list is one step. A field whose text must read as a value (frame
//! count, year, rate, piece) is read by `model::input` when it is left:
//! text that does not read stays in the field with its error beside it,
//! and the project keeps its value.

mod evidence;
mod shot;

use std::collections::{BTreeMap, BTreeSet};

use eframe::egui;

use super::ViewState;
use super::commands::Command;
use crate::model::input::{self, rate_text};
use crate::model::{Edit, Film, FilmField, FrameRate, Project};

/// Width of the field names, so that the values line up.
const NAME_WIDTH: f32 = 92.0;

/// State of the inspector between frames: text that does not read yet,
/// the editors that are open.
#[derive(Default, Debug, Clone, PartialEq)]
pub struct InspectorState {
    /// Set by the shot table's E key: open a new evidence item on the
    /// selected shot. The inspector clears it once it has done so.
    pub add_evidence: bool,
    /// Text typed into a field that the project does not hold yet: a
    /// checked field (frame count, year, rate, piece …) being typed, or
    /// left with text that does not read; a new variant being named.
    /// Keyed like the field's undo step.
    pub drafts: BTreeMap<String, String>,
    /// Checked fields whose draft was refused when the field was left:
    /// their error shows until the text reads.
    pub refused: BTreeSet<String>,
    /// The evidence item whose editor is open: (film, shot id, index).
    pub open_evidence: Option<(String, u32, usize)>,
    /// Give the observation of the open evidence item the keyboard.
    focus_observation: bool,
    /// The label of a new footage being named: (film, shot id, label).
    pub new_footage: Option<(String, u32, String)>,
    /// What the inspector showed last: (film, shot id). When it changes,
    /// typing that follows is a new undo step.
    shown: Option<(String, Option<u32>)>,
}

/// The description field of the selected shot, so that Enter in the shot
/// table can give it the keyboard.
pub fn description_id() -> egui::Id {
    egui::Id::unique("shot_description")
}

pub fn inspector_ui(ui: &mut egui::Ui, project: &Project, view: &mut ViewState, commands: &mut Vec<Command>) {
    let (state_before, commands_before) = (view.inspector.clone(), commands.len());
    inspector_contents_ui(ui, project, view, commands);
    // What changed is drawn in the next frame, even with no input to come
    // (the E key's request, an editor opened from a list).
    if view.inspector != state_before || commands.len() != commands_before {
        ui.ctx().request_repaint();
    }
}

fn inspector_contents_ui(ui: &mut egui::Ui, project: &Project, view: &mut ViewState, commands: &mut Vec<Command>) {
    let Some(film) = view.selected_film.as_deref().and_then(|id| project.film(id)) else {
        view.inspector.add_evidence = false;
        return;
    };
    let selected = view.selected_shot.and_then(|i| film.shots.get(i).map(|s| (i, s)));
    let project_dir = view.project_dir.clone();
    let state = &mut view.inspector;
    let shown = Some((film.id.clone(), selected.map(|(_, s)| s.id)));
    if state.shown != shown {
        state.shown = shown;
        commands.push(Command::CloseStep);
    }
    if selected.is_none() && std::mem::take(&mut state.add_evidence) {
        commands.push(Command::info("Select a shot to add evidence to it (E)"));
    }
    egui::ScrollArea::vertical().auto_shrink(false).show(ui, |ui| {
        ui.spacing_mut().item_spacing.y = 5.0;
        ui.add_space(4.0);
        match selected {
            Some((index, shot)) => {
                let at = shot::ShotAt { film, index, shot };
                shot::shot_ui(ui, project, &at, state, commands);
            }
            None => film_ui(ui, film, project_dir.as_deref(), state, commands),
        }
        ui.add_space(12.0);
    });
}

/// One line of the form: the field's name in a column of its own, then
/// whatever `add` draws.
fn row<R>(ui: &mut egui::Ui, name: &str, add: impl FnOnce(&mut egui::Ui) -> R) -> R {
    ui.horizontal(|ui| {
        ui.allocate_ui_with_layout(
            egui::vec2(NAME_WIDTH, ui.spacing().interact_size.y),
            egui::Layout::left_to_right(egui::Align::Center),
            |ui| {
                ui.set_min_width(NAME_WIDTH);
                ui.weak(name);
            },
        );
        add(ui)
    })
    .inner
}

/// As `row`, for a value that may take several lines: the name sits at
/// the top.
fn row_top<R>(ui: &mut egui::Ui, name: &str, add: impl FnOnce(&mut egui::Ui) -> R) -> R {
    ui.horizontal_top(|ui| {
        ui.allocate_ui_with_layout(
            egui::vec2(NAME_WIDTH, ui.spacing().interact_size.y),
            egui::Layout::left_to_right(egui::Align::Center),
            |ui| {
                ui.set_min_width(NAME_WIDTH);
                ui.weak(name);
            },
        );
        ui.vertical(add).inner
    })
    .inner
}

/// A line of choices (selectable chips) that wraps under itself when the
/// panel is narrow.
fn chips_row<R>(ui: &mut egui::Ui, name: &str, add: impl FnOnce(&mut egui::Ui) -> R) -> R {
    row_top(ui, name, |ui| {
        ui.horizontal_wrapped(|ui| {
            ui.spacing_mut().item_spacing.x = 2.0;
            add(ui)
        })
        .inner
    })
}

/// A value that is shown, not edited; unknown when empty.
fn value_label(ui: &mut egui::Ui, value: &str) {
    if value.is_empty() {
        ui.add(egui::Label::new(egui::RichText::new("unknown").weak().italics()).wrap());
    } else {
        ui.add(egui::Label::new(value).wrap());
    }
}

/// A line of explanation under a field, in small weak type.
fn note(ui: &mut egui::Ui, text: impl Into<String>) {
    ui.add(egui::Label::new(egui::RichText::new(text.into()).weak().small()).wrap());
}

/// A section heading with some room above it.
fn section(ui: &mut egui::Ui, title: &str) {
    ui.add_space(10.0);
    ui.label(egui::RichText::new(title).strong().size(15.0));
    ui.separator();
}

/// What is wrong with the text of a field, in red.
fn error_label(ui: &mut egui::Ui, error: &str) {
    let color = ui.visuals().error_fg_color;
    ui.add(egui::Label::new(egui::RichText::new(error).color(color)).wrap());
}

/// Room an error needs beside its field to read in two or three lines.
const ERROR_WIDTH: f32 = 150.0;

/// Shows `error` beside the field when the line has room for it; else
/// gives it back for `error_below`.
fn error_beside(ui: &mut egui::Ui, error: Option<String>) -> Option<String> {
    match error {
        Some(error) if ui.available_width() >= ERROR_WIDTH => {
            error_label(ui, &error);
            None
        }
        other => other,
    }
}

/// An error that had no room beside its field, on the line under it.
fn error_below(ui: &mut egui::Ui, error: Option<String>) {
    if let Some(error) = error {
        row(ui, "", |ui| error_label(ui, &error));
    }
}

/// A text field bound to a value of the project: each change pushes
/// `make(text)` as a step merged under `key`; leaving the field ends the
/// step.
struct TextField<'a> {
    key: String,
    name: &'a str,
    value: &'a str,
    id: Option<egui::Id>,
    rows: usize,
    hint: &'a str,
}

impl<'a> TextField<'a> {
    fn new(key: String, name: &'a str, value: &'a str) -> Self {
        TextField {
            key,
            name,
            value,
            id: None,
            rows: 1,
            hint: "",
        }
    }

    fn rows(mut self, rows: usize) -> Self {
        self.rows = rows;
        self
    }

    fn id(mut self, id: egui::Id) -> Self {
        self.id = Some(id);
        self
    }

    fn hint(mut self, hint: &'a str) -> Self {
        self.hint = hint;
        self
    }

    fn show(self, ui: &mut egui::Ui, commands: &mut Vec<Command>, make: impl FnOnce(String) -> Edit) -> egui::Response {
        let mut text = self.value.to_string();
        let edit = if self.rows > 1 {
            egui::TextEdit::multiline(&mut text).desired_rows(self.rows)
        } else {
            egui::TextEdit::singleline(&mut text)
        };
        let id = self
            .id
            .unwrap_or_else(|| egui::Id::unique(("inspector field", &self.key)));
        let response = ui
            .add(edit.id(id).hint_text(self.hint).desired_width(ui.available_width()))
            .accessible_name(self.name);
        if response.changed() && text != self.value {
            commands.push(Command::EditMerging {
                edit: make(text),
                key: self.key,
            });
        }
        if response.lost_focus() {
            commands.push(Command::CloseStep);
        }
        response
    }
}

/// What a checked field gives back.
struct Checked<T> {
    response: egui::Response,
    /// A new value the user typed.
    value: Option<T>,
    error: Option<String>,
}

/// A field whose text must read as a value (a frame count, a year …).
/// When the field is left, text that reads and differs from the project's
/// value is returned for the caller to apply as one step; text that does
/// not read stays in the field, with its error beside it, until it is
/// corrected or reverted.
struct CheckedField<'a> {
    key: &'a str,
    name: &'a str,
    width: f32,
}

impl<'a> CheckedField<'a> {
    fn new(key: &'a str, name: &'a str, width: f32) -> Self {
        CheckedField { key, name, width }
    }

    /// `current` is the value the project holds, `shown` its text.
    fn show<T: PartialEq>(
        self,
        ui: &mut egui::Ui,
        state: &mut InspectorState,
        commands: &mut Vec<Command>,
        (current, shown): (&T, String),
        parse: impl Fn(&str) -> Result<T, String>,
    ) -> Checked<T> {
        let CheckedField { key, name, width } = self;
        let id = egui::Id::unique(("inspector field", key));
        let mut text = state.drafts.get(key).cloned().unwrap_or(shown);
        let response = ui
            .add(
                egui::TextEdit::singleline(&mut text)
                    .id(id)
                    .hint_text("unknown")
                    .desired_width(width),
            )
            .accessible_name(name);
        if response.changed() {
            state.drafts.insert(key.to_string(), text);
        }
        // The text is read when the field is left (Enter, Tab, a click
        // elsewhere): a figure half typed is never applied.
        let mut value = None;
        if response.lost_focus() {
            commands.push(Command::CloseStep);
            if let Some(draft) = state.drafts.get(key) {
                match parse(draft) {
                    Ok(v) => {
                        if v != *current {
                            value = Some(v);
                        }
                        state.drafts.remove(key);
                        state.refused.remove(key);
                    }
                    Err(_) => {
                        state.refused.insert(key.to_string());
                    }
                }
            }
        }
        let draft = state.drafts.get(key);
        if response.has_focus() && draft.is_some_and(|d| parse(d).is_ok_and(|v| v != *current)) {
            response.clone().on_hover_text("Enter applies it");
        }
        let error = if state.refused.contains(key) {
            draft.and_then(|d| parse(d).err())
        } else {
            None
        };
        if error.is_some()
            && ui
                .small_button("×")
                .accessible_name(format!("Revert {name}"))
                .on_hover_text("Drop what was typed: the field shows the project's value again")
                .clicked()
        {
            state.drafts.remove(key);
            state.refused.remove(key);
        }
        Checked { response, value, error }
    }
}

/// The film: its description as a form.
fn film_ui(
    ui: &mut egui::Ui,
    film: &Film,
    project_dir: Option<&std::path::Path>,
    state: &mut InspectorState,
    commands: &mut Vec<Command>,
) {
    ui.horizontal(|ui| {
        ui.heading("Film");
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            ui.label(egui::RichText::new(&film.id).monospace().weak())
                .on_hover_text("The film's id in the project file");
        });
    });
    // The film as a filmography cites it, kept up to date as fields change.
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing.x = 4.0;
        ui.label(egui::RichText::new(&film.title).strong());
        if !film.english_title.is_empty() {
            ui.label(egui::RichText::new(&film.english_title).italics());
        }
    });
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing.x = 4.0;
        match film.year {
            Some(year) => ui.weak(year.to_string()),
            None => ui.weak("year unknown"),
        };
        if !film.kind.is_empty() {
            ui.weak("·");
            ui.weak(&film.kind);
        }
        if !film.collection.is_empty() {
            ui.weak("·");
            ui.weak(&film.collection);
        }
    });

    let id = film.id.as_str();
    let key = |field: &str| format!("film {id} {field}");
    let set = |field: FilmField| Edit::SetFilmField {
        film: id.to_string(),
        field,
    };

    section(ui, "Description");
    for (name, value, make) in [
        ("Title", &film.title, FilmField::Title as fn(String) -> FilmField),
        ("English title", &film.english_title, FilmField::EnglishTitle),
    ] {
        row(ui, name, |ui| {
            TextField::new(key(name), name, value).show(ui, commands, |t| set(make(t)));
        });
    }
    let error = row(ui, "Year", |ui| {
        let checked = CheckedField::new(&key("year"), "Year", 64.0).show(
            ui,
            state,
            commands,
            (&film.year, film.year.map_or(String::new(), |y| y.to_string())),
            input::parse_optional_year,
        );
        if let Some(year) = checked.value {
            commands.push(Command::Edit(set(FilmField::Year(year))));
        }
        error_beside(ui, checked.error)
    });
    error_below(ui, error);
    for (name, value, make, hint) in [
        (
            "Kind",
            &film.kind,
            FilmField::Kind as fn(String) -> FilmField,
            "newsreel, compilation documentary …",
        ),
        (
            "Collection",
            &film.collection,
            FilmField::Collection,
            "archive or series",
        ),
        ("Sound", &film.sound, FilmField::Sound, "silent, sound, music only …"),
        ("Memory phase", &film.memory_phase, FilmField::MemoryPhase, ""),
    ] {
        row(ui, name, |ui| {
            TextField::new(key(name), name, value)
                .hint(hint)
                .show(ui, commands, |t| set(make(t)));
        });
    }
    row_top(ui, "Credits", |ui| {
        TextField::new(key("credits"), "Credits", &film.credits)
            .rows(2)
            .hint("director: …; commentary: …")
            .show(ui, commands, |t| set(FilmField::Credits(t)));
    });

    section(ui, "Time");
    rate_row(ui, film, state, commands);
    let error = row(ui, "Duration", |ui| {
        let checked = CheckedField::new(&key("duration"), "Duration", 90.0).show(
            ui,
            state,
            commands,
            (&film.duration, film.duration.map_or(String::new(), |d| d.to_string())),
            input::parse_optional_clock,
        );
        checked
            .response
            .on_hover_text("Running time as a source gives it: HH:MM:SS");
        if let Some(duration) = checked.value {
            commands.push(Command::Edit(set(FilmField::Duration(duration))));
        }
        if checked.error.is_none() {
            ui.weak("as reported");
        }
        error_beside(ui, checked.error)
    });
    error_below(ui, error);
    media_row(ui, film, project_dir, commands);

    section(ui, "Notes");
    TextField::new(key("notes"), "Notes", &film.notes)
        .rows(4)
        .hint("What the sources say about the film, open questions …")
        .show(ui, commands, |t| set(FilmField::Notes(t)));

    if !film.shots.is_empty() {
        ui.add_space(12.0);
        ui.weak("Click a shot, or press Down, to see its details and evidence.");
    }
}

/// The film's media: the file (relative to the project), whether it is
/// there, and a button to link it or link it again.
fn media_row(ui: &mut egui::Ui, film: &Film, project_dir: Option<&std::path::Path>, commands: &mut Vec<Command>) {
    row(ui, "Media", |ui| {
        let missing = crate::media::media_path(film, project_dir).is_some_and(|path| !path.exists());
        match film.media.as_deref() {
            None => value_label(ui, ""),
            Some(media) if missing => {
                ui.colored_label(ui.visuals().warn_fg_color, format!("{media}: missing"))
                    .on_hover_text("The file is not where the project says: moved or renamed? Relink it.");
            }
            Some(media) => value_label(ui, media),
        }
        let label = if film.media.is_none() { "Link…" } else { "Relink…" };
        if ui
            .button(label)
            .on_hover_text("The film's video file or folder of numbered scans")
            .clicked()
        {
            commands.push(Command::AskLinkMedia(film.id.clone()));
        }
    });
}

/// The frame rate: typed (`25`, `30000/1001`, `29.97`) or chosen from the
/// common rates.
fn rate_row(ui: &mut egui::Ui, film: &Film, state: &mut InspectorState, commands: &mut Vec<Command>) {
    let key = format!("film {} rate", film.id);
    let set = |rate: Option<FrameRate>| Edit::SetFilmField {
        film: film.id.clone(),
        field: FilmField::Rate(rate),
    };
    let error = row(ui, "Frame rate", |ui| {
        let checked = CheckedField::new(&key, "Frame rate", 80.0).show(
            ui,
            state,
            commands,
            (&film.rate, film.rate.map_or(String::new(), rate_text)),
            input::parse_optional_rate,
        );
        checked
            .response
            .on_hover_text("Frames per second: 25, 24, 18 … or a fraction such as 30000/1001");
        if let Some(rate) = checked.value {
            commands.push(Command::Edit(set(rate)));
        }
        let chosen = egui::ComboBox::from_id_salt(("rate presets", &film.id))
            .selected_text("fps")
            .width(56.0)
            .show_ui(ui, |ui| {
                let mut chosen = None;
                for (rate, name) in FrameRate::common() {
                    let text = if rate.den() == 1 {
                        format!("{name} fps")
                    } else {
                        format!("{name} fps ({rate})")
                    };
                    if ui.selectable_label(film.rate == Some(*rate), text).clicked() {
                        chosen = Some(Some(*rate));
                    }
                }
                ui.separator();
                if ui.selectable_label(film.rate.is_none(), "unknown").clicked() {
                    chosen = Some(None);
                }
                chosen
            });
        chosen
            .response
            .accessible_name("Common frame rates")
            .on_hover_text("Choose a common rate");
        if let Some(Some(rate)) = chosen.inner {
            state.drafts.remove(&key);
            state.refused.remove(&key);
            if rate != film.rate {
                commands.push(Command::CloseStep);
                commands.push(Command::Edit(set(rate)));
            }
        }
        // The exact fraction, or the decimal, of a rate that is not whole.
        if checked.error.is_none()
            && let Some(rate) = film.rate.filter(|r| r.den() != 1)
        {
            if rate_text(rate) != rate.to_string() {
                ui.weak(format!("= {rate}"));
            } else {
                ui.weak(format!("= {:.3} fps", rate.as_f64()));
            }
        }
        error_beside(ui, checked.error)
    });
    error_below(ui, error);
}
