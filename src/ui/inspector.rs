//! The inspector: everything known about the selected shot, or about the
//! selected film when no shot is selected. Read-only for now.

use eframe::egui;

use super::ViewState;
use crate::model::{FeetFrames, Film, Gauge, LengthSource, Project, Shot, Timecode};

fn field(ui: &mut egui::Ui, name: &str, value: &str) {
    ui.label(egui::RichText::new(name).weak());
    if value.is_empty() {
        ui.weak("unknown");
    } else {
        ui.label(value);
    }
    ui.end_row();
}

pub fn inspector_ui(ui: &mut egui::Ui, project: &Project, view: &ViewState) {
    let Some(film) = view.selected_film.as_deref().and_then(|id| project.film(id)) else {
        return;
    };
    egui::ScrollArea::vertical().auto_shrink(false).show(ui, |ui| {
        ui.add_space(4.0);
        match view.selected_shot.and_then(|i| film.shots.get(i).map(|s| (i, s))) {
            Some((i, shot)) => shot_ui(ui, project, film, i, shot),
            None => film_ui(ui, film),
        }
    });
}

fn film_ui(ui: &mut egui::Ui, film: &Film) {
    ui.heading("Film");
    egui::Grid::new("film_fields")
        .num_columns(2)
        .striped(true)
        .show(ui, |ui| {
            field(ui, "Id", &film.id);
            field(ui, "Title", &film.title);
            field(ui, "English title", &film.english_title);
            field(ui, "Year", &film.year.map_or(String::new(), |y| y.to_string()));
            field(ui, "Kind", &film.kind);
            field(ui, "Collection", &film.collection);
            field(ui, "Credits", &film.credits);
            field(ui, "Duration", &film.duration.map_or(String::new(), |d| d.to_string()));
            field(
                ui,
                "Frame rate",
                &film.rate.map_or(String::new(), |r| format!("{r} fps")),
            );
            field(ui, "Sound", &film.sound);
            field(ui, "Memory phase", &film.memory_phase);
        });
    if !film.notes.is_empty() {
        ui.add_space(6.0);
        ui.label(egui::RichText::new("Notes").weak());
        ui.label(&film.notes);
    }
}

fn shot_ui(ui: &mut egui::Ui, project: &Project, film: &Film, index: usize, shot: &Shot) {
    ui.heading(format!("Shot {}", index + 1));
    egui::Grid::new("shot_fields")
        .num_columns(2)
        .striped(true)
        .show(ui, |ui| {
            let length = match &shot.length {
                Some(l) => {
                    let source = match &l.source {
                        LengthSource::Reported { citation } => format!("reported ({citation})"),
                        LengthSource::Derived { from } if !from.is_empty() => format!("derived from {from}"),
                        other => other.name().to_string(),
                    };
                    format!("{} frames, {source}", l.frames)
                }
                None => String::new(),
            };
            field(ui, "Length", &length);
            if let (Some(frames), Some(rate)) = (shot.frames(), film.rate) {
                field(
                    ui,
                    "Seconds",
                    &format!("{:.3} s at {rate} fps", rate.frames_to_seconds(frames)),
                );
                if let Ok(tc) = Timecode::from_frame(frames, rate, false) {
                    field(ui, "Timecode", &tc.to_string());
                }
            }
            if let Some(frames) = shot.frames() {
                field(
                    ui,
                    "35 mm",
                    &format!("{} ft+fr", FeetFrames::from_frames(frames, Gauge::Mm35)),
                );
            }
            if let Some(t) = shot.time_in {
                field(ui, "Time in (reported)", &t.to_string());
            }
            if let Some(d) = shot.duration {
                field(ui, "Duration (reported)", &d.to_string());
            }
            let framing =
                shot.framing
                    .as_deref()
                    .map_or(String::new(), |code| match project.vocabularies.framing_term(code) {
                        Some(term) => format!("{code}: {}", term.label),
                        None => code.to_string(),
                    });
            field(ui, "Framing", &framing);
            let footage = shot.footage.as_ref().map_or(String::new(), |u| {
                let label = project.footage(&u.footage).map_or("", |f| f.label.as_str());
                let piece = u.piece.map_or(String::new(), |p| format!(", piece {p}"));
                format!("{label} ({}{piece})", u.footage)
            });
            field(ui, "Footage", &footage);
            let variants = shot.footage.as_ref().map_or(String::new(), |u| u.variants.join("; "));
            field(ui, "Variant", &variants);
            field(ui, "Placement", shot.placement.map_or("", |p| p.name()));
        });
    ui.add_space(6.0);
    ui.label(egui::RichText::new("Description").weak());
    ui.label(if shot.description.is_empty() {
        "—"
    } else {
        &shot.description
    });
    if !shot.notes.is_empty() {
        ui.add_space(4.0);
        ui.label(egui::RichText::new("Notes").weak());
        ui.label(&shot.notes);
    }
    ui.add_space(8.0);
    ui.heading(format!("Evidence ({})", shot.evidence.len()));
    for ev in &shot.evidence {
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.horizontal_wrapped(|ui| {
                ui.strong(format!("{} {}", ev.stance.name(), ev.claim));
                ui.weak(format!("· {}", ev.kind));
                if let Some(w) = ev.weight {
                    ui.weak(format!("· {}", w.name()));
                }
            });
            ui.label(&ev.observation);
            if !ev.source.is_empty() {
                ui.weak(format!("Source: {}", ev.source));
            }
        });
    }
}
