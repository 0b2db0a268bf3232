//! The film list: every film with its year, kind and shot count, a search
//! field above it, and the operations on films (add, rename, delete after a
//! confirmation that names what would be lost, move up and down), each one
//! undoable edit built in `model::ops`.

use eframe::egui;

use super::ViewState;
use super::commands::Command;
use super::list_entry::{self, ListEntry, list_entry_ui};
use crate::model::ops::{self, Direction};
use crate::model::{Edit, Film, Project};

/// The search field, so that a key can focus it from anywhere.
pub fn search_id() -> egui::Id {
    egui::Id::unique("film_search")
}

/// The title field of the add and rename dialogs.
pub fn title_field_id() -> egui::Id {
    egui::Id::unique("film_title_field")
}

/// Whether `film` matches the filter text (title, English title, id, kind, year).
fn matches(film: &Film, filter: &str) -> bool {
    if filter.trim().is_empty() {
        return true;
    }
    let needle = filter.trim().to_lowercase();
    [
        film.title.as_str(),
        film.english_title.as_str(),
        film.id.as_str(),
        film.kind.as_str(),
    ]
    .iter()
    .any(|s| s.to_lowercase().contains(&needle))
        || film.year.is_some_and(|y| y.to_string().contains(&needle))
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// The second line of a film entry: what kind of film, and when.
fn film_details(film: &Film) -> String {
    let year = film.year.map_or("n.d.".to_string(), |y| y.to_string());
    if film.kind.is_empty() {
        year
    } else {
        format!("{year} · {}", film.kind)
    }
}

/// A dialog of the film list, open between frames (kept in egui's memory:
/// it is only what is being typed, nothing of the project).
#[derive(Clone, Debug, Default, PartialEq)]
enum FilmDialog {
    #[default]
    Closed,
    /// `focus`: give the title field the keyboard (on the dialog's first frame).
    Add {
        title: String,
        focus: bool,
    },
    Rename {
        film: String,
        title: String,
        focus: bool,
    },
    /// `armed`: Enter confirms (not on the first frame, whose Enter may be
    /// the one that opened the dialog).
    Delete {
        film: String,
        armed: bool,
    },
}

fn dialog_memory_id() -> egui::Id {
    egui::Id::unique("film_dialog")
}

fn load_dialog(ctx: &egui::Context) -> FilmDialog {
    ctx.data(|d| d.get_temp(dialog_memory_id())).unwrap_or_default()
}

fn store_dialog(ctx: &egui::Context, dialog: FilmDialog) {
    ctx.data_mut(|d| d.insert_temp(dialog_memory_id(), dialog));
}

/// What the buttons and keys of the film list ask for.
enum FilmAction {
    Open(FilmDialog),
    Move(Direction),
    Select(String),
}

/// Keys of the film list, when no text field has the keyboard: Ctrl+PageUp
/// and Ctrl+PageDown select the previous and next film shown, with Shift
/// they move the film; F2 renames it.
fn film_keys(ui: &egui::Ui, project: &Project, shown: &[&Film], view: &ViewState) -> Option<FilmAction> {
    use egui::{Key, Modifiers};
    if ui.ctx().egui_wants_keyboard_input() || ui.ctx().memory(|m| m.top_modal_layer().is_some()) {
        return None;
    }
    let shift_cmd = Modifiers::COMMAND | Modifiers::SHIFT;
    let selected = view.selected_film.as_deref();
    ui.input_mut(|i| {
        if i.consume_key(shift_cmd, Key::PageUp) {
            return Some(FilmAction::Move(Direction::Up));
        }
        if i.consume_key(shift_cmd, Key::PageDown) {
            return Some(FilmAction::Move(Direction::Down));
        }
        let place = shown.iter().position(|f| Some(f.id.as_str()) == selected);
        let step = |by: isize| {
            let to = match place {
                Some(p) => p.checked_add_signed(by)?,
                None => 0,
            };
            shown.get(to).map(|f| FilmAction::Select(f.id.clone()))
        };
        if i.consume_key(Modifiers::COMMAND, Key::PageUp) {
            return step(-1);
        }
        if i.consume_key(Modifiers::COMMAND, Key::PageDown) {
            return step(1);
        }
        if i.consume_key(Modifiers::NONE, Key::F2) {
            let film = selected.and_then(|id| project.film(id))?;
            return Some(FilmAction::Open(FilmDialog::Rename {
                film: film.id.clone(),
                title: film.title.clone(),
                focus: true,
            }));
        }
        None
    })
}

pub fn films_ui(ui: &mut egui::Ui, project: &Project, view: &mut ViewState, commands: &mut Vec<Command>) {
    let shown: Vec<&Film> = project.films.iter().filter(|f| matches(f, &view.film_filter)).collect();
    let mut action = film_keys(ui, project, &shown, view);

    ui.add_space(4.0);
    ui.horizontal(|ui| {
        ui.heading("Films");
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if shown.len() == project.films.len() {
                ui.weak(project.films.len().to_string());
            } else {
                ui.weak(format!("{} of {}", shown.len(), project.films.len()));
            }
        });
    });
    ui.horizontal(|ui| {
        let clear_width = if view.film_filter.is_empty() { 0.0 } else { 24.0 };
        let response = ui
            .add(
                egui::TextEdit::singleline(&mut view.film_filter)
                    .id(search_id())
                    .hint_text("Search title, year, kind (Ctrl+Shift+F)")
                    .desired_width(ui.available_width() - clear_width),
            )
            .accessible_name("Search films")
            .on_hover_text("Enter shows the first film found");
        if response.lost_focus()
            && ui.input(|i| i.key_pressed(egui::Key::Enter))
            && let Some(first) = shown.first()
        {
            action = Some(FilmAction::Select(first.id.clone()));
        }
        if !view.film_filter.is_empty()
            && ui
                .add(egui::Button::new("×").frame(false))
                .accessible_name("Clear the search")
                .on_hover_text("Clear the search")
                .clicked()
        {
            view.film_filter.clear();
        }
    });
    ui.add_space(2.0);
    let selected = view.selected_film.as_deref().and_then(|id| project.film(id));
    if let Some(a) = film_toolbar_ui(ui, project, selected) {
        action = Some(a);
    }
    ui.add_space(2.0);
    ui.separator();

    let scroll_to_film = std::mem::take(&mut view.scroll_to_film);
    egui::ScrollArea::vertical()
        .auto_shrink(false)
        .show_viewport(ui, |ui, viewport| {
            ui.spacing_mut().item_spacing.y = ENTRY_GAP;
            if project.films.is_empty() {
                ui.add_space(8.0);
                ui.weak("No film yet: add one with “Add”.");
            } else if shown.is_empty() {
                ui.add_space(8.0);
                ui.weak(format!("No film matches “{}”.", view.film_filter.trim()));
            }
            // Only the entries in view are laid out; the others take the height
            // they had when last drawn (or that of a one-line entry), so that a
            // list of a thousand films costs what a list of twenty does.
            let layout = &mut view.film_list;
            let width = ui.available_width();
            if layout.width != width {
                layout.width = width;
                layout.heights.clear();
            }
            let estimate = one_line_entry_height(ui);
            let height =
                |layout: &FilmListLayout, film: &Film| layout.heights.get(&film.id).copied().unwrap_or(estimate);
            let origin = ui.cursor().min.y;
            let selected_id = view.selected_film.as_deref();
            let mut tops = Vec::with_capacity(shown.len());
            let mut y = 0.0;
            for film in &shown {
                tops.push(y);
                y += height(layout, film) + ENTRY_GAP;
            }
            let total = (y - ENTRY_GAP).max(0.0);
            if scroll_to_film && let Some(i) = shown.iter().position(|f| Some(f.id.as_str()) == selected_id) {
                let top = origin + tops[i];
                let rect = egui::Rect::from_min_size(
                    egui::pos2(ui.min_rect().left(), top),
                    egui::vec2(width, height(layout, shown[i])),
                );
                ui.scroll_to_rect(rect, None);
            }
            let first = tops.partition_point(|&top| top + estimate.max(1.0) * 4.0 < viewport.min.y);
            let first = first.saturating_sub(1);
            let Some(&first_top) = tops.get(first) else {
                return;
            };
            ui.add_space(first_top);
            let mut drawn_to = first_top;
            for (i, film) in shown.iter().enumerate().skip(first) {
                if tops[i] > viewport.max.y {
                    break;
                }
                let selected = selected_id == Some(film.id.as_str());
                let response = film_entry_ui(ui, film, selected);
                layout.heights.insert(film.id.clone(), response.rect.height());
                drawn_to = response.rect.bottom() - origin;
                if response.clicked() && !selected {
                    commands.push(Command::SelectFilm(film.id.clone()));
                }
                response.context_menu(|ui| {
                    if ui.add(egui::Button::new("Rename…").shortcut_text("F2")).clicked() {
                        action = Some(FilmAction::Open(FilmDialog::Rename {
                            film: film.id.clone(),
                            title: film.title.clone(),
                            focus: true,
                        }));
                    }
                    if ui.button("Delete…").clicked() {
                        action = Some(FilmAction::Open(FilmDialog::Delete {
                            film: film.id.clone(),
                            armed: false,
                        }));
                    }
                });
            }
            // The entries below the view keep the scroll bar's length.
            if total > drawn_to {
                ui.add_space(total - drawn_to);
            }
        });

    if let Some(FilmAction::Select(_)) = &action {
        view.scroll_to_film = true;
    }
    match action {
        Some(FilmAction::Open(dialog)) => store_dialog(ui.ctx(), dialog),
        Some(FilmAction::Select(id)) => commands.push(Command::SelectFilm(id)),
        Some(FilmAction::Move(direction)) => {
            if let Some(film) = selected {
                push(commands, ops::move_film(project, &film.id, direction));
            }
        }
        None => {}
    }
    film_dialog_ui(ui.ctx(), project, commands);
}

/// Pushes an edit, or the reason it cannot be made.
fn push(commands: &mut Vec<Command>, edit: Result<Edit, String>) -> bool {
    match edit {
        Ok(edit) => {
            commands.push(Command::Edit(edit));
            true
        }
        Err(message) => {
            commands.push(Command::error(message));
            false
        }
    }
}

/// Add, rename, delete, up, down: on the selected film.
fn film_toolbar_ui(ui: &mut egui::Ui, project: &Project, selected: Option<&Film>) -> Option<FilmAction> {
    let mut action = None;
    let place = selected.and_then(|f| project.film_index(&f.id));
    ui.horizontal_wrapped(|ui| {
        // Compact, so that the five buttons fit the narrowest list.
        ui.spacing_mut().item_spacing.x = 3.0;
        ui.spacing_mut().button_padding.x = 4.0;
        if ui.button("Add…").on_hover_text("Add a film to the project").clicked() {
            action = Some(FilmAction::Open(FilmDialog::Add {
                title: String::new(),
                focus: true,
            }));
        }
        if ui
            .add_enabled(selected.is_some(), egui::Button::new("Rename…"))
            .on_hover_text("Change the title of the selected film (F2)")
            .clicked()
            && let Some(film) = selected
        {
            action = Some(FilmAction::Open(FilmDialog::Rename {
                film: film.id.clone(),
                title: film.title.clone(),
                focus: true,
            }));
        }
        if ui
            .add_enabled(selected.is_some(), egui::Button::new("Delete…"))
            .on_hover_text("Delete the selected film, after a confirmation")
            .clicked()
            && let Some(film) = selected
        {
            action = Some(FilmAction::Open(FilmDialog::Delete {
                film: film.id.clone(),
                armed: false,
            }));
        }
        let up = place.is_some_and(|p| p > 0);
        let down = place.is_some_and(|p| p + 1 < project.films.len());
        if ui
            .add_enabled(up, egui::Button::new(egui::RichText::new("▲").monospace()))
            .accessible_name("Move the film up")
            .on_hover_text("Move the film up the list (Ctrl+Shift+PageUp)")
            .clicked()
        {
            action = Some(FilmAction::Move(Direction::Up));
        }
        if ui
            .add_enabled(down, egui::Button::new(egui::RichText::new("▼").monospace()))
            .accessible_name("Move the film down")
            .on_hover_text("Move the film down the list (Ctrl+Shift+PageDown)")
            .clicked()
        {
            action = Some(FilmAction::Move(Direction::Down));
        }
    });
    action
}

/// The open dialog of the film list, if any, as a modal window: Enter
/// confirms, Escape cancels.
fn film_dialog_ui(ctx: &egui::Context, project: &Project, commands: &mut Vec<Command>) {
    let mut dialog = load_dialog(ctx);
    if dialog == FilmDialog::Closed {
        return;
    }
    let mut close = false;
    let response = egui::Modal::new(egui::Id::unique("film_dialog_modal")).show(ctx, |ui| {
        ui.set_width(380.0);
        match &mut dialog {
            FilmDialog::Closed => {}
            FilmDialog::Add { title, focus } => {
                ui.heading("Add a film");
                ui.add_space(6.0);
                let enter = title_field_ui(ui, title, std::mem::take(focus));
                let id = ops::unique_film_id(project, title);
                ui.weak(format!("Its id will be “{id}”."));
                ui.add_space(8.0);
                let (confirm, cancel) = buttons_ui(ui, "Add film", !title.trim().is_empty());
                if confirm || (enter && !title.trim().is_empty()) {
                    if push(commands, ops::new_film(project, title)) {
                        commands.push(Command::SelectFilm(id));
                    }
                    close = true;
                }
                close |= cancel;
            }
            FilmDialog::Rename { film, title, focus } => {
                let Some(current) = project.film(film) else {
                    close = true;
                    return;
                };
                ui.heading(format!("Rename “{}”", current.title));
                ui.add_space(6.0);
                let enter = title_field_ui(ui, title, std::mem::take(focus));
                ui.weak(format!("Its id stays “{}”.", current.id));
                ui.add_space(8.0);
                let (confirm, cancel) = buttons_ui(ui, "Rename", !title.trim().is_empty());
                if confirm || (enter && !title.trim().is_empty()) {
                    if title.trim() != current.title {
                        push(commands, ops::rename_film(project, film, title));
                    }
                    close = true;
                }
                close |= cancel;
            }
            FilmDialog::Delete { film, armed } => {
                let Some(current) = project.film(film) else {
                    close = true;
                    return;
                };
                ui.heading(format!("Delete “{}”?", current.title));
                ui.add_space(6.0);
                let contents = ops::film_contents(current);
                let loss = if current.shots.is_empty() {
                    "The film has no shots.".to_string()
                } else {
                    format!("Its {contents} will be deleted with it.")
                };
                ui.label(loss);
                ui.weak("Edit > Undo (Ctrl+Z) brings it back. Enter deletes, Escape cancels.");
                ui.add_space(8.0);
                let (confirm, cancel) = buttons_ui(ui, "Delete film", true);
                let enter = *armed && ui.input(|i| i.key_pressed(egui::Key::Enter));
                *armed = true;
                if confirm || enter {
                    let next = project.film_index(film).and_then(|i| {
                        project
                            .films
                            .get(i + 1)
                            .or_else(|| i.checked_sub(1).and_then(|p| project.films.get(p)))
                    });
                    if push(commands, ops::delete_film(project, film)) {
                        commands.push(Command::info(format!(
                            "Deleted “{}” and its {contents} (Ctrl+Z undoes it)",
                            current.title
                        )));
                        if let Some(next) = next {
                            commands.push(Command::SelectFilm(next.id.clone()));
                        }
                    }
                    close = true;
                }
                close |= cancel;
            }
        }
    });
    if close || response.should_close() {
        dialog = FilmDialog::Closed;
    }
    store_dialog(ctx, dialog);
}

/// The title field of a dialog; returns whether Enter was pressed in it.
fn title_field_ui(ui: &mut egui::Ui, title: &mut String, focus: bool) -> bool {
    ui.label("Title");
    let response = ui
        .add(
            egui::TextEdit::singleline(title)
                .id(title_field_id())
                .desired_width(f32::INFINITY),
        )
        .accessible_name("Film title");
    if focus {
        response.request_focus();
    }
    response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter))
}

/// The confirm and cancel buttons of a dialog: (confirmed, cancelled).
fn buttons_ui(ui: &mut egui::Ui, confirm: &str, enabled: bool) -> (bool, bool) {
    ui.horizontal(|ui| {
        let confirmed = ui.add_enabled(enabled, egui::Button::new(confirm)).clicked();
        let cancelled = ui.button("Cancel").on_hover_text("Escape").clicked();
        (confirmed, cancelled)
    })
    .inner
}

/// One film in the list: its title (wrapped) and shot count, and below them
/// its year and kind in small type. Named by its title for screen readers.
/// The gap between two entries of the list.
const ENTRY_GAP: f32 = 2.0;

/// The height of an entry whose title fits on one line: what an entry not
/// drawn yet is taken to be.
fn one_line_entry_height(ui: &egui::Ui) -> f32 {
    let body = ui.text_style_height(&egui::TextStyle::Body);
    let details = ui.ctx().fonts_mut(|f| f.row_height(&egui::FontId::proportional(11.0)));
    list_entry::PADDING.y * 2.0 + body + 1.0 + details
}

/// The heights of the film entries last drawn, at the list's width.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FilmListLayout {
    width: f32,
    heights: std::collections::HashMap<String, f32>,
}

fn film_entry_ui(ui: &mut egui::Ui, film: &Film, selected: bool) -> egui::Response {
    let response = list_entry_ui(
        ui,
        ListEntry {
            title: &film.title,
            count: &plural(film.shots.len(), "shot"),
            details: &film_details(film),
            // Between the small and the body text: readable, yet clearly second.
            details_font: egui::FontId::proportional(11.0),
            name: &film.title,
            selected,
        },
    );

    let mut hover = film.title.clone();
    if !film.english_title.is_empty() {
        hover = format!("{hover}\n{}", film.english_title);
    }
    response.on_hover_text(format!("{hover}\n{}", film_details(film)))
}
