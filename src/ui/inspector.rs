//! The inspector: everything known about the selected shot, or about the
//! selected film when no shot is selected. Read-only for now.

use eframe::egui;

use super::ViewState;
use super::commands::Command;
use super::shots::provenance_text;
use crate::model::{Evidence, FeetFrames, Film, Gauge, Project, Shot, Stance, Timecode};

/// Width of the field names, so that the values line up.
const NAME_WIDTH: f32 = 92.0;

/// One field: its name, and its value wrapped beside it. An empty value is
/// shown as unknown, never left out, so that gaps in the record show.
fn field(ui: &mut egui::Ui, name: &str, value: &str) {
    ui.horizontal_top(|ui| {
        ui.allocate_ui_with_layout(
            egui::vec2(NAME_WIDTH, 0.0),
            egui::Layout::left_to_right(egui::Align::TOP),
            |ui| {
                ui.set_min_width(NAME_WIDTH);
                ui.weak(name);
            },
        );
        if value.is_empty() {
            ui.add(egui::Label::new(egui::RichText::new("unknown").weak().italics()).wrap());
        } else {
            ui.add(egui::Label::new(value).wrap());
        }
    });
}

/// A titled block of running text, left out when empty.
fn paragraph(ui: &mut egui::Ui, name: &str, text: &str) {
    if text.is_empty() {
        return;
    }
    ui.add_space(8.0);
    ui.label(egui::RichText::new(name).weak());
    ui.add(egui::Label::new(text).wrap());
}

/// State of the inspector between frames (text being typed, open editors).
#[derive(Default, Debug, Clone, PartialEq)]
pub struct InspectorState {
    /// Set by the shot table's E key: open a new evidence item on the
    /// selected shot. The inspector clears it once it has done so.
    pub add_evidence: bool,
}

/// The description field of the selected shot, so that Enter in the shot
/// table can give it the keyboard.
pub fn description_id() -> egui::Id {
    egui::Id::unique("shot_description")
}

pub fn inspector_ui(ui: &mut egui::Ui, project: &Project, view: &mut ViewState, commands: &mut Vec<Command>) {
    let _ = &commands;
    let Some(film) = view.selected_film.as_deref().and_then(|id| project.film(id)) else {
        return;
    };
    egui::ScrollArea::vertical().auto_shrink(false).show(ui, |ui| {
        ui.spacing_mut().item_spacing.y = 5.0;
        ui.add_space(4.0);
        match view.selected_shot.and_then(|i| film.shots.get(i).map(|s| (i, s))) {
            Some((i, shot)) => shot_ui(ui, project, film, i, shot),
            None => film_ui(ui, film),
        }
        ui.add_space(8.0);
    });
}

fn film_ui(ui: &mut egui::Ui, film: &Film) {
    ui.heading("Film");
    ui.add_space(2.0);
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
    field(ui, "Media", film.media.as_deref().unwrap_or(""));
    paragraph(ui, "Notes", &film.notes);
    if !film.shots.is_empty() {
        ui.add_space(12.0);
        ui.weak("Click a shot, or press Down, to see its details and evidence.");
    }
}

fn shot_ui(ui: &mut egui::Ui, project: &Project, film: &Film, index: usize, shot: &Shot) {
    ui.horizontal(|ui| {
        ui.heading(format!("Shot {}", index + 1));
        ui.weak(format!("of {}", film.shots.len()));
    });
    ui.add(egui::Label::new(egui::RichText::new(&film.title).weak()).truncate());
    ui.add_space(2.0);

    let length = shot.length.as_ref().map_or(String::new(), |l| {
        format!("{} frames, {}", l.frames, provenance_text(&l.source))
    });
    field(ui, "Length", &length);
    if let (Some(frames), Some(rate)) = (shot.frames(), film.rate) {
        field(
            ui,
            "Seconds",
            &format!("{:.2} s at {rate} fps", rate.frames_to_seconds(frames)),
        );
        if let Ok(tc) = Timecode::from_frame(frames, rate, false) {
            field(ui, "Timecode", &tc.to_string());
        }
    }
    if let Some(frames) = shot.frames() {
        field(
            ui,
            "35 mm",
            &format!("{} (feet+frames)", FeetFrames::from_frames(frames, Gauge::Mm35)),
        );
    }
    if let Some(t) = shot.time_in {
        field(ui, "Time in", &format!("{t} (reported)"));
    }
    if let Some(d) = shot.duration {
        field(ui, "Duration", &format!("{d} (reported)"));
    }
    let framing = shot
        .framing
        .as_deref()
        .map_or(String::new(), |code| match project.vocabularies.framing_term(code) {
            Some(term) => format!("{code}, {}", term.label.to_lowercase()),
            None => code.to_string(),
        });
    field(ui, "Framing", &framing);
    let footage = shot.footage.as_ref().map_or(String::new(), |u| {
        let piece = u.piece.map_or(String::new(), |p| format!(", piece {p}"));
        match project.footage(&u.footage) {
            Some(f) => format!("{} ({}{piece})", f.label, u.footage),
            None => format!("{}{piece}", u.footage),
        }
    });
    field(ui, "Footage", &footage);
    if let Some(usage) = shot.footage.as_ref().filter(|u| !u.variants.is_empty()) {
        field(ui, "Variant", &usage.variants.join("; "));
    }
    field(ui, "Placement", shot.placement.map_or("", |p| p.name()));
    paragraph(ui, "Description", &shot.description);
    paragraph(ui, "Notes", &shot.notes);

    ui.add_space(10.0);
    ui.heading(format!("Evidence ({})", shot.evidence.len()));
    if shot.evidence.is_empty() {
        ui.weak("No evidence recorded for this shot.");
    }
    for evidence in &shot.evidence {
        evidence_ui(ui, project, evidence);
    }
}

/// One piece of evidence as a card: the claim it bears on and how, then
/// the observation and its source.
fn evidence_ui(ui: &mut egui::Ui, project: &Project, evidence: &Evidence) {
    let vocab = &project.vocabularies;
    let claim = vocab
        .claim_term(&evidence.claim)
        .map_or(evidence.claim.as_str(), |t| t.label.as_str());
    let kind = vocab
        .kind_term(&evidence.kind)
        .map_or(evidence.kind.as_str(), |t| t.label.as_str());
    let (stance_color, stance_word) = match evidence.stance {
        Stance::Supports => (egui::Color32::from_rgb(110, 190, 120), "Supports"),
        Stance::Contradicts => (egui::Color32::from_rgb(225, 110, 100), "Contradicts"),
    };
    egui::Frame::group(ui.style())
        .inner_margin(egui::Margin::same(8))
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.horizontal_wrapped(|ui| {
                ui.spacing_mut().item_spacing.x = 4.0;
                ui.label(egui::RichText::new(stance_word).color(stance_color).strong());
                ui.strong(claim.to_lowercase());
                ui.weak("·");
                ui.weak(kind.to_lowercase());
                if let Some(weight) = evidence.weight {
                    ui.weak("·");
                    ui.weak(weight.name());
                }
            });
            ui.add(egui::Label::new(&evidence.observation).wrap());
            if !evidence.source.is_empty() {
                ui.add(egui::Label::new(egui::RichText::new(format!("Source: {}", evidence.source)).weak()).wrap());
            }
        });
}
