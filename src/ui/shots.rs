//! The shot table of the selected film: virtualized, so that films of any
//! length scroll smoothly.

use eframe::egui;
use egui_extras::{Column, TableBuilder};

use super::ViewState;
use super::commands::Command;
use crate::model::{Film, LengthSource, Project};

/// The short mark shown after a frame count: where the figure comes from.
pub fn provenance_mark(source: &LengthSource) -> &'static str {
    match source {
        LengthSource::Measured => "",
        LengthSource::Reported { .. } => "r",
        LengthSource::Derived { .. } => "d",
        LengthSource::Estimated => "~",
    }
}

/// Where a length comes from, in words.
pub fn provenance_text(source: &LengthSource) -> String {
    match source {
        LengthSource::Reported { citation } if !citation.is_empty() => format!("reported by {citation}"),
        LengthSource::Derived { from } if !from.is_empty() => format!("derived from {from}"),
        other => other.name().to_string(),
    }
}

const FRAMES_TIP: &str = "Length in frames. The mark says where the figure comes from: \
                          r reported by a source, d derived from a timecode or duration, \
                          ~ estimated; no mark: counted on the film.";

/// State of the shot table between frames (filters, sort order).
#[derive(Default, Debug, Clone, PartialEq)]
pub struct TableState {}

/// Keys for the shot table, when no text field has the keyboard: Up and
/// Down (or K and J) step through the shots, Escape goes back to the film,
/// Ctrl+F searches.
pub fn table_keys(ctx: &egui::Context, project: &Project, view: &mut ViewState, commands: &mut Vec<Command>) {
    let _ = &commands;
    if ctx.input_mut(|i| i.consume_key(egui::Modifiers::COMMAND, egui::Key::F)) {
        ctx.memory_mut(|m| m.request_focus(super::films::search_id()));
        return;
    }
    if ctx.egui_wants_keyboard_input() {
        return;
    }
    let shot_count = view
        .selected_film
        .as_deref()
        .and_then(|id| project.film(id))
        .map_or(0, |film| film.shots.len());
    let (down, up, escape) = ctx.input(|i| {
        (
            i.key_pressed(egui::Key::ArrowDown) || i.key_pressed(egui::Key::J),
            i.key_pressed(egui::Key::ArrowUp) || i.key_pressed(egui::Key::K),
            i.key_pressed(egui::Key::Escape),
        )
    });
    if escape {
        view.select_shot(None);
    } else if shot_count > 0 && (down || up) {
        view.select_shot(Some(match (view.selected_shot, down) {
            (None, true) => 0,
            (None, false) => shot_count - 1,
            (Some(i), true) => (i + 1).min(shot_count - 1),
            (Some(i), false) => i.saturating_sub(1),
        }));
    }
}

pub fn shots_ui(ui: &mut egui::Ui, project: &Project, view: &mut ViewState, commands: &mut Vec<Command>) {
    let _ = &commands;
    let scroll_to_selected = std::mem::take(&mut view.scroll_to_selected);
    let Some(film) = view.selected_film.as_deref().and_then(|id| project.film(id)) else {
        ui.centered_and_justified(|ui| ui.weak("Select a film on the left."));
        return;
    };
    film_header_ui(ui, film);
    ui.add_space(6.0);
    if film.shots.is_empty() {
        ui.add_space(12.0);
        ui.weak("This film has no shots yet.");
        return;
    }
    // Sideways scrolling when the window is too narrow for every column,
    // rather than columns cut off out of sight.
    let clicked = egui::ScrollArea::horizontal()
        .auto_shrink(false)
        .show(ui, |ui| {
            shot_table_ui(ui, project, film, view.selected_shot, scroll_to_selected)
        })
        .inner;
    if let Some(i) = clicked {
        view.selected_shot = Some(i);
        view.selection.clear();
        view.selection.insert(i);
    }
}

fn film_header_ui(ui: &mut egui::Ui, film: &Film) {
    ui.add_space(4.0);
    ui.heading(&film.title);
    ui.horizontal_wrapped(|ui| {
        if !film.english_title.is_empty() {
            ui.label(egui::RichText::new(&film.english_title).italics());
            ui.separator();
        }
        match film.year {
            Some(year) => ui.label(year.to_string()),
            None => ui.weak("year unknown"),
        };
        ui.separator();
        match film.rate {
            Some(rate) => ui.label(format!("{rate} fps")),
            None => ui.weak("frame rate unknown"),
        };
    });
    let known = film.known_lengths();
    let frames = film.known_frames();
    let mut summary = format!(
        "{} shot{} · {known} with a known length",
        film.shots.len(),
        if film.shots.len() == 1 { "" } else { "s" }
    );
    if known > 0 {
        summary.push_str(&format!(", {frames} frames"));
        if let Some(rate) = film.rate {
            summary.push_str(&format!(" ({:.1} s)", rate.frames_to_seconds(frames)));
        }
    }
    ui.label(summary);
}

/// Draws the table; returns the shot the user clicked.
fn shot_table_ui(
    ui: &mut egui::Ui,
    project: &Project,
    film: &Film,
    selected: Option<usize>,
    scroll_to_selected: bool,
) -> Option<usize> {
    // A click anywhere on a row selects the shot; selectable text would
    // take the clicks that land on it.
    ui.style_mut().interaction.selectable_labels = false;
    let row_height = ui.text_style_height(&egui::TextStyle::Body) + 8.0;
    let right = egui::Layout::right_to_left(egui::Align::Center);
    let mut clicked = None;
    let mut table = TableBuilder::new(ui)
        .id_salt(("shots", &film.id))
        .striped(true)
        .resizable(true)
        .sense(egui::Sense::click())
        .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
        .column(Column::exact(34.0))
        .column(Column::initial(44.0).at_least(36.0))
        .column(Column::initial(58.0).at_least(44.0))
        .column(Column::initial(44.0).at_least(36.0))
        .column(Column::initial(104.0).at_least(60.0).clip(true))
        .column(Column::initial(36.0).at_least(30.0))
        .column(Column::initial(100.0).at_least(50.0).clip(true))
        .column(Column::initial(40.0).at_least(34.0))
        .column(Column::remainder().at_least(120.0).clip(true));
    if scroll_to_selected && let Some(i) = selected {
        table = table.scroll_to_row(i, None);
    }
    table
        .header(24.0, |mut header| {
            for (name, tip, numeric) in [
                ("No.", "Shot number: its place in the film", true),
                ("Start", "First frame in the film (counted from 0)", true),
                ("Frames", FRAMES_TIP, true),
                ("Scale", "Framing (shot scale)", false),
                ("Footage", "The original footage the shot shows", false),
                ("Piece", "Which piece of a footage cut into several", true),
                ("Variant", "Which of the footage's known variants the shot shows", false),
                ("Evid.", "Evidence items about the shot", true),
                ("Description", "What the shot shows", false),
            ] {
                header.col(|ui| {
                    let layout = if numeric {
                        right
                    } else {
                        egui::Layout::left_to_right(egui::Align::Center)
                    };
                    ui.with_layout(layout, |ui| ui.strong(name).on_hover_text(tip));
                });
            }
        })
        .body(|body| {
            body.rows(row_height, film.shots.len(), |mut row| {
                let i = row.index();
                let shot = &film.shots[i];
                row.set_selected(selected == Some(i));
                row.col(|ui| {
                    ui.with_layout(right, |ui| ui.label((i + 1).to_string()));
                });
                row.col(|ui| {
                    ui.with_layout(right, |ui| match shot.start {
                        Some(start) => ui.label(start.0.to_string()),
                        None => ui.weak("—").on_hover_text("first frame unknown"),
                    });
                });
                row.col(|ui| {
                    ui.with_layout(right, |ui| match &shot.length {
                        Some(length) => {
                            // The mark has a column of its own, so that the
                            // digits line up whatever the mark.
                            let mark = provenance_mark(&length.source);
                            let tip = provenance_text(&length.source);
                            ui.add_sized([10.0, row_height], egui::Label::new(egui::RichText::new(mark).weak()));
                            ui.add_space(-4.0);
                            ui.label(length.frames.to_string()).on_hover_text(tip);
                        }
                        None => {
                            ui.add_space(10.0);
                            ui.weak("—").on_hover_text("length unknown");
                        }
                    });
                });
                row.col(|ui| match &shot.framing {
                    Some(code) => {
                        let response = ui.label(code);
                        if let Some(term) = project.vocabularies.framing_term(code) {
                            response.on_hover_text(format!("{}: {}", term.label, term.definition));
                        }
                    }
                    None => {
                        ui.weak("—").on_hover_text("framing unknown");
                    }
                });
                row.col(|ui| {
                    if let Some(usage) = &shot.footage {
                        let response = ui.add(egui::Label::new(&usage.footage).truncate());
                        if let Some(footage) = project.footage(&usage.footage) {
                            response.on_hover_text(&footage.label);
                        }
                    }
                });
                row.col(|ui| {
                    if let Some(piece) = shot.footage.as_ref().and_then(|u| u.piece) {
                        ui.with_layout(right, |ui| ui.label(piece.to_string()));
                    }
                });
                row.col(|ui| {
                    if let Some(usage) = shot.footage.as_ref().filter(|u| !u.variants.is_empty()) {
                        ui.add(egui::Label::new(usage.variants.join("; ")).truncate());
                    }
                });
                row.col(|ui| {
                    if !shot.evidence.is_empty() {
                        ui.with_layout(right, |ui| ui.label(shot.evidence.len().to_string()));
                    }
                });
                row.col(|ui| {
                    ui.add(egui::Label::new(&shot.description).truncate());
                });
                if row.response().clicked() {
                    clicked = Some(i);
                }
            });
        });
    clicked
}
