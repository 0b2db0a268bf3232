//! The shot table of the selected film: virtualized, so that films of any
//! length scroll smoothly.

use eframe::egui;
use egui_extras::{Column, TableBuilder};

use super::ViewState;
use crate::model::{LengthSource, Project};

/// The short mark shown after a frame count: where the figure comes from.
pub fn provenance_mark(source: &LengthSource) -> &'static str {
    match source {
        LengthSource::Measured => "",
        LengthSource::Reported { .. } => " r",
        LengthSource::Derived { .. } => " d",
        LengthSource::Estimated => " ~",
    }
}

pub fn shots_ui(ui: &mut egui::Ui, project: &Project, view: &mut ViewState) {
    let Some(film) = view.selected_film.as_deref().and_then(|id| project.film(id)) else {
        ui.centered_and_justified(|ui| ui.label("Select a film on the left."));
        return;
    };
    ui.add_space(4.0);
    ui.heading(&film.title);
    ui.horizontal_wrapped(|ui| {
        if !film.english_title.is_empty() {
            ui.label(egui::RichText::new(&film.english_title).italics());
            ui.separator();
        }
        ui.label(film.year.map_or("year unknown".to_string(), |y| y.to_string()));
        ui.separator();
        ui.label(match film.rate {
            Some(rate) => format!("{rate} fps"),
            None => "frame rate unknown".to_string(),
        });
        ui.separator();
        ui.label(format!(
            "{} shots, {} with a known length ({} frames)",
            film.shots.len(),
            film.known_lengths(),
            film.known_frames()
        ));
    });
    ui.add_space(6.0);

    let row_height = ui.text_style_height(&egui::TextStyle::Body) + 6.0;
    let mut clicked = None;
    TableBuilder::new(ui)
        .id_salt(("shots", &film.id))
        .striped(true)
        .resizable(true)
        .sense(egui::Sense::click())
        .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
        .column(Column::exact(36.0))
        .column(Column::initial(62.0).at_least(40.0))
        .column(Column::initial(70.0).at_least(40.0))
        .column(Column::initial(54.0).at_least(36.0))
        .column(Column::initial(130.0).at_least(60.0))
        .column(Column::initial(40.0).at_least(30.0))
        .column(Column::initial(150.0).at_least(60.0))
        .column(Column::initial(44.0).at_least(30.0))
        .column(Column::remainder().at_least(120.0).clip(true))
        .header(22.0, |mut header| {
            for (name, tip) in [
                ("No.", "Shot number: its place in the film"),
                ("Start", "First frame (0-based)"),
                (
                    "Frames",
                    "Length in frames; r = reported by a source, d = derived, ~ = estimated",
                ),
                ("Scale", "Framing (shot scale)"),
                ("Footage", "The original footage the shot shows"),
                ("Piece", "Which piece of a footage cut into several"),
                ("Variant", "Which of the footage's known variants"),
                ("Evid.", "Evidence items"),
                ("Description", ""),
            ] {
                header.col(|ui| {
                    let r = ui.strong(name);
                    if !tip.is_empty() {
                        r.on_hover_text(tip);
                    }
                });
            }
        })
        .body(|body| {
            body.rows(row_height, film.shots.len(), |mut row| {
                let i = row.index();
                let shot = &film.shots[i];
                row.set_selected(view.selected_shot == Some(i));
                row.col(|ui| {
                    ui.label((i + 1).to_string());
                });
                row.col(|ui| {
                    ui.label(shot.start.map_or(String::new(), |s| s.0.to_string()));
                });
                row.col(|ui| match &shot.length {
                    Some(length) => {
                        let text = format!("{}{}", length.frames, provenance_mark(&length.source));
                        let tip = match &length.source {
                            LengthSource::Reported { citation } => format!("reported by {citation}"),
                            LengthSource::Derived { from } if !from.is_empty() => format!("derived from {from}"),
                            other => other.name().to_string(),
                        };
                        ui.label(text).on_hover_text(tip);
                    }
                    None => {
                        ui.weak("—").on_hover_text("length unknown");
                    }
                });
                row.col(|ui| {
                    if let Some(code) = &shot.framing {
                        let r = ui.label(code);
                        if let Some(term) = project.vocabularies.framing_term(code) {
                            r.on_hover_text(format!("{}: {}", term.label, term.definition));
                        }
                    }
                });
                row.col(|ui| {
                    if let Some(usage) = &shot.footage {
                        let r = ui.label(&usage.footage);
                        if let Some(footage) = project.footage(&usage.footage) {
                            r.on_hover_text(&footage.label);
                        }
                    }
                });
                row.col(|ui| {
                    if let Some(piece) = shot.footage.as_ref().and_then(|u| u.piece) {
                        ui.label(piece.to_string());
                    }
                });
                row.col(|ui| {
                    if let Some(usage) = &shot.footage {
                        ui.label(usage.variants.join("; "));
                    }
                });
                row.col(|ui| {
                    if !shot.evidence.is_empty() {
                        ui.label(shot.evidence.len().to_string());
                    }
                });
                row.col(|ui| {
                    ui.label(&shot.description).on_hover_text(&shot.description);
                });
                if row.response().clicked() {
                    clicked = Some(i);
                }
            });
        });
    if let Some(i) = clicked {
        view.selected_shot = Some(i);
    }
}
