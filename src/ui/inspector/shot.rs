//! The selected shot as a form: its length and where the figure comes
//! from, framing, footage, placement, description and notes; then its
//! evidence (`evidence.rs`).

use eframe::egui;

use super::{
    CheckedField, InspectorState, TextField, chips_row, description_id, error_below, error_beside, error_label,
    evidence, note, row, row_top, section,
};
use crate::model::input::{self, unique_slug};
use crate::model::{
    Edit, FeetFrames, Film, Footage, FootageUse, Gauge, Length, LengthSource, Placement, Project, Shot, Timecode,
};
use crate::ui::commands::Command;
use crate::ui::shots::provenance_text;

/// The shot being edited and where it is.
pub(super) struct ShotAt<'a> {
    pub film: &'a Film,
    pub index: usize,
    pub shot: &'a Shot,
}

impl ShotAt<'_> {
    /// The undo key of one field of this shot.
    pub fn key(&self, field: &str) -> String {
        format!("shot {} {} {field}", self.film.id, self.shot.id)
    }

    /// "shot 3 of 'journal-1935'", for the Edit menu.
    pub fn name(&self) -> String {
        format!("shot {} of '{}'", self.index + 1, self.film.id)
    }

    /// Puts `shot` in place of this one.
    pub fn replace(&self, shot: Shot) -> Edit {
        Edit::ReplaceShot {
            film: self.film.id.clone(),
            index: self.index,
            shot: Box::new(shot),
        }
    }

    /// This shot changed by `change`, as one step the Edit menu names
    /// with `label`.
    pub fn labelled(&self, label: String, change: impl FnOnce(&mut Shot)) -> Edit {
        let mut shot = self.shot.clone();
        change(&mut shot);
        Edit::Batch {
            label,
            edits: vec![self.replace(shot)],
        }
    }

    /// As `labelled`, named "change the WHAT of shot N of 'film'".
    pub fn edit(&self, what: &str, change: impl FnOnce(&mut Shot)) -> Edit {
        self.labelled(format!("change the {what} of {}", self.name()), change)
    }
}

pub(super) fn shot_ui(
    ui: &mut egui::Ui,
    project: &Project,
    at: &ShotAt,
    state: &mut InspectorState,
    commands: &mut Vec<Command>,
) {
    ui.horizontal(|ui| {
        ui.heading(format!("Shot {}", at.index + 1));
        ui.weak(format!("of {}", at.film.shots.len()));
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            ui.label(egui::RichText::new(format!("id {}", at.shot.id)).monospace().weak())
                .on_hover_text("The shot's id: it stays with the shot when shots move");
        });
    });
    ui.add(egui::Label::new(egui::RichText::new(&at.film.title).weak()).truncate());

    length_ui(ui, at, state, commands);
    framing_ui(ui, project, at, commands);
    footage_ui(ui, project, at, state, commands);

    section(ui, "Description");
    TextField::new(at.key("description"), "Description", &at.shot.description)
        .id(description_id())
        .rows(3)
        .hint("What the shot shows (Enter in the shot table comes here)")
        .show(ui, commands, |text| at.edit("description", |s| s.description = text));
    ui.add_space(2.0);
    ui.weak("Notes");
    TextField::new(at.key("notes"), "Notes", &at.shot.notes)
        .rows(2)
        .hint("Questions, doubts, what a source says about this shot")
        .show(ui, commands, |text| at.edit("notes", |s| s.notes = text));

    evidence::evidence_ui(ui, project, at, state, commands);
}

/// Frames, where the figure comes from, and what it comes to in seconds,
/// timecode and feet.
fn length_ui(ui: &mut egui::Ui, at: &ShotAt, state: &mut InspectorState, commands: &mut Vec<Command>) {
    let shot = at.shot;
    section(ui, "Length");
    let error = row(ui, "Frames", |ui| {
        let key = at.key("frames");
        let checked = CheckedField::new(&key, "Frames", 72.0).show(
            ui,
            state,
            commands,
            (&shot.frames(), shot.frames().map_or(String::new(), |f| f.to_string())),
            input::parse_optional_frames,
        );
        checked
            .response
            .on_hover_text("The length in frames; leave it empty when it is unknown");
        if let Some(frames) = checked.value {
            // A new figure keeps the provenance chosen below; a first one
            // is counted on the media until said otherwise.
            let source = shot
                .length
                .as_ref()
                .map_or(LengthSource::Measured, |l| l.source.clone());
            let length = frames.map(|frames| Length { frames, source });
            commands.push(Command::Edit(at.edit("length", |s| s.length = length)));
        }
        if checked.error.is_none() {
            ui.weak("frames");
        }
        error_beside(ui, checked.error)
    });
    error_below(ui, error);

    let source = shot.length.as_ref().map(|l| &l.source);
    chips_row(ui, "Source", |ui| {
        ui.add_enabled_ui(shot.length.is_some(), |ui| {
            let choices = [
                (LengthSource::Measured, "counted on the film or its media"),
                (
                    LengthSource::Reported {
                        citation: String::new(),
                    },
                    "given by a publication or an archive record: say which",
                ),
                (
                    LengthSource::Derived { from: String::new() },
                    "computed from a timecode or a duration at a rate: say which",
                ),
                (LengthSource::Estimated, "a guess, from a viewing without frame access"),
            ];
            for (choice, tip) in choices {
                let on = source.is_some_and(|s| s.name() == choice.name());
                let response = ui
                    .selectable_label(on, choice.name())
                    .on_hover_text(tip)
                    .on_disabled_hover_text("Type a frame count first");
                if response.clicked() && !on {
                    commands.push(Command::CloseStep);
                    commands.push(Command::Edit(at.edit("length source", |s| {
                        if let Some(length) = &mut s.length {
                            length.source = choice;
                        }
                    })));
                }
            }
        });
    });
    match source {
        Some(LengthSource::Reported { citation }) => row(ui, "Citation", |ui| {
            TextField::new(at.key("citation"), "Citation", citation)
                .hint("who reports it: author, title, page")
                .show(ui, commands, |text| {
                    at.edit("citation", |s| {
                        if let Some(length) = &mut s.length {
                            length.source = LengthSource::Reported { citation: text };
                        }
                    })
                });
        }),
        Some(LengthSource::Derived { from }) => row(ui, "From", |ui| {
            TextField::new(at.key("derived from"), "Derived from", from)
                .hint("the timecode or duration, and the rate")
                .show(ui, commands, |text| {
                    at.edit("length source", |s| {
                        if let Some(length) = &mut s.length {
                            length.source = LengthSource::Derived { from: text };
                        }
                    })
                });
        }),
        _ => {}
    }

    if let Some(length) = &shot.length {
        row(ui, "", |ui| {
            ui.label(format!("{} frames, {}", length.frames, provenance_text(&length.source)));
        });
        if let Some(reported) = &shot.reported {
            let cited = if reported.citation.is_empty() {
                String::new()
            } else {
                format!(" ({})", reported.citation)
            };
            row(ui, "Reported", |ui| match shot.length_disagreement() {
                Some((measured, _)) => {
                    let text = format!(
                        "{} frames{cited}: the film shows {measured}, {:+}",
                        reported.frames,
                        measured - reported.frames
                    );
                    ui.colored_label(ui.visuals().warn_fg_color, text)
                        .on_hover_text("The length a source gave differs from the one counted on the film");
                }
                None => {
                    ui.label(format!("{} frames{cited}: the same as counted", reported.frames));
                }
            });
        }
        let frames = length.frames;
        match at.film.rate {
            Some(rate) => {
                row(ui, "Seconds", |ui| {
                    ui.label(format!("{:.2} s at {rate} fps", rate.frames_to_seconds(frames)));
                });
                if let Ok(tc) = Timecode::from_frame(frames, rate, false) {
                    row(ui, "Timecode", |ui| {
                        ui.label(tc.to_string());
                        if rate.supports_drop_frame()
                            && let Ok(df) = Timecode::from_frame(frames, rate, true)
                        {
                            ui.weak(format!("{df} drop-frame"));
                        }
                    });
                }
            }
            None => {
                row(ui, "Seconds", |ui| {
                    ui.add(
                        egui::Label::new(
                            egui::RichText::new("set the film's frame rate to see seconds and timecode")
                                .weak()
                                .italics(),
                        )
                        .wrap(),
                    );
                });
            }
        }
        row(ui, "Feet", |ui| {
            ui.label(FeetFrames::from_frames(frames, Gauge::Mm35).to_string());
            ui.weak("at 35 mm");
            ui.label(FeetFrames::from_frames(frames, Gauge::Mm16).to_string());
            ui.weak("at 16 mm");
        });
    }
    if let Some(t) = shot.time_in {
        row(ui, "Time in", |ui| {
            ui.label(t.to_string());
            ui.weak("as reported");
        });
    }
    if let Some(d) = shot.duration {
        row(ui, "Duration", |ui| {
            ui.label(d.to_string());
            ui.weak("as reported");
        });
    }
}

/// Framing from the project's scale, with the chosen term's definition;
/// placement.
fn framing_ui(ui: &mut egui::Ui, project: &Project, at: &ShotAt, commands: &mut Vec<Command>) {
    let scale = &project.vocabularies.framing;
    let current = at.shot.framing.as_deref();
    section(ui, "Framing and placement");
    row(ui, "Framing", |ui| {
        let selected = match current {
            None => "unknown".to_string(),
            Some(code) => match project.vocabularies.framing_term(code) {
                Some(term) => format!("{code} — {}", term.label),
                None => code.to_string(),
            },
        };
        let chosen = egui::ComboBox::from_id_salt(("framing", &at.film.id, at.shot.id))
            .selected_text(selected)
            .width(ui.available_width())
            .height(480.0)
            .show_ui(ui, |ui| {
                let mut chosen = None;
                for term in scale {
                    let text = term_text(ui, &term.code, &term.label, &term.definition);
                    if ui.selectable_label(current == Some(term.code.as_str()), text).clicked() {
                        chosen = Some(Some(term.code.clone()));
                    }
                }
                ui.separator();
                if ui.selectable_label(current.is_none(), "unknown").clicked() {
                    chosen = Some(None);
                }
                chosen
            });
        chosen.response.accessible_name("Framing");
        if let Some(framing) = chosen.inner.flatten()
            && framing.as_deref() != current
        {
            commands.push(Command::CloseStep);
            commands.push(Command::Edit(at.edit("framing", |s| s.framing = framing)));
        }
    });
    if let Some(code) = current {
        row(ui, "", |ui| match project.vocabularies.framing_term(code) {
            Some(term) => {
                ui.add(egui::Label::new(egui::RichText::new(&term.definition).italics()).wrap());
            }
            None => error_label(ui, &format!("'{code}' is not in the framing scale (Vocabularies)")),
        });
    }
    chips_row(ui, "Placement", |ui| {
        for (choice, name, tip) in [
            (
                Some(Placement::Stated),
                "stated",
                "a source states the shot and its place in the film",
            ),
            (
                Some(Placement::Inferred),
                "inferred",
                "we infer the shot or its place from other evidence",
            ),
            (None, "unknown", "nobody has said yet"),
        ] {
            let on = at.shot.placement == choice;
            if ui.selectable_label(on, name).on_hover_text(tip).clicked() && !on {
                commands.push(Command::CloseStep);
                commands.push(Command::Edit(at.edit("placement", |s| s.placement = choice)));
            }
        }
    });
}

/// A term of a vocabulary in a list: its code and label, and its
/// definition in small type under them.
pub(super) fn term_text(ui: &egui::Ui, code: &str, label: &str, definition: &str) -> egui::text::LayoutJob {
    let style = ui.style();
    let strong = egui::TextFormat {
        font_id: egui::TextStyle::Body.resolve(style),
        color: ui.visuals().strong_text_color(),
        ..Default::default()
    };
    let plain = egui::TextFormat {
        font_id: egui::TextStyle::Body.resolve(style),
        color: ui.visuals().text_color(),
        ..Default::default()
    };
    let small = egui::TextFormat {
        font_id: egui::TextStyle::Small.resolve(style),
        color: ui.visuals().weak_text_color(),
        ..Default::default()
    };
    let mut job = egui::text::LayoutJob::default();
    if code != label {
        job.append(code, 0.0, strong);
        job.append(&format!("  {label}"), 0.0, plain);
    } else {
        job.append(label, 0.0, strong);
    }
    if !definition.is_empty() {
        job.append(&format!("\n{definition}"), 0.0, small);
    }
    job
}

/// The footage the shot shows: chosen from the registry or created here,
/// the piece, and which of its known variants.
fn footage_ui(
    ui: &mut egui::Ui,
    project: &Project,
    at: &ShotAt,
    state: &mut InspectorState,
    commands: &mut Vec<Command>,
) {
    section(ui, "Footage");
    let usage = at.shot.footage.as_ref();
    let naming = state
        .new_footage
        .as_ref()
        .is_some_and(|(film, shot, _)| *film == at.film.id && *shot == at.shot.id);
    let new_label_id = egui::Id::unique(("new footage label", &at.film.id, at.shot.id));
    row(ui, "Footage", |ui| {
        let selected = if naming {
            "new footage…".to_string()
        } else {
            match usage {
                None => "none".to_string(),
                Some(u) => project
                    .footage(&u.footage)
                    .map_or(u.footage.clone(), |f| f.label.clone()),
            }
        };
        let chosen = egui::ComboBox::from_id_salt(("footage", &at.film.id, at.shot.id))
            .selected_text(selected)
            .width(ui.available_width())
            .height(420.0)
            .truncate()
            .show_ui(ui, |ui| {
                let mut chosen = None;
                if ui.selectable_label(usage.is_none() && !naming, "none").clicked() {
                    chosen = Some(FootageChoice::None);
                }
                if ui
                    .selectable_label(naming, "New footage…")
                    .on_hover_text("Name a footage the registry does not have yet")
                    .clicked()
                {
                    chosen = Some(FootageChoice::New);
                }
                ui.separator();
                for footage in &project.footage {
                    let on = usage.is_some_and(|u| u.footage == footage.id);
                    let text = term_text(ui, &footage.label, &footage.label, &footage.id);
                    let response = ui.selectable_label(on, text);
                    let response = if footage.description.is_empty() {
                        response
                    } else {
                        response.on_hover_text(&footage.description)
                    };
                    if response.clicked() && !on {
                        chosen = Some(FootageChoice::Existing(footage.id.clone()));
                    }
                }
                chosen
            });
        chosen.response.accessible_name("Footage");
        match chosen.inner.flatten() {
            Some(FootageChoice::None) => {
                state.new_footage = None;
                if usage.is_some() {
                    commands.push(Command::CloseStep);
                    commands.push(Command::Edit(at.edit("footage", |s| s.footage = None)));
                }
            }
            Some(FootageChoice::Existing(id)) => {
                state.new_footage = None;
                commands.push(Command::CloseStep);
                // Piece and variants belong to the footage left behind.
                commands.push(Command::Edit(
                    at.edit("footage", |s| s.footage = Some(FootageUse::new(id))),
                ));
            }
            Some(FootageChoice::New) => {
                state.new_footage = Some((at.film.id.clone(), at.shot.id, String::new()));
                ui.memory_mut(|m| m.request_focus(new_label_id));
            }
            None => {}
        }
    });

    if naming {
        new_footage_ui(ui, project, at, state, commands, new_label_id);
    } else if let Some(usage) = usage {
        let footage = project.footage(&usage.footage);
        row(ui, "", |ui| match footage {
            Some(f) => {
                let mut about = f.id.clone();
                if !f.origin.is_empty() {
                    about.push_str(" · ");
                    about.push_str(&f.origin);
                }
                note(ui, about);
            }
            None => error_label(ui, &format!("'{}' is not in the footage registry", usage.footage)),
        });
    }
    let Some(usage) = usage.filter(|_| !naming) else {
        return;
    };
    let footage = project.footage(&usage.footage);
    let error = row(ui, "Piece", |ui| {
        let key = at.key("piece");
        let checked = CheckedField::new(&key, "Piece", 72.0).show(
            ui,
            state,
            commands,
            (&usage.piece, usage.piece.map_or(String::new(), |p| p.to_string())),
            input::parse_optional_piece,
        );
        checked
            .response
            .on_hover_text("Which piece of the footage, counted from 1, when it was cut into several");
        if let Some(piece) = checked.value {
            commands.push(Command::Edit(at.edit("piece", |s| {
                if let Some(u) = &mut s.footage {
                    u.piece = piece;
                }
            })));
        }
        if checked.error.is_none() {
            let mut repeat = usage.repeat;
            if ui
                .checkbox(&mut repeat, "repeat")
                .on_hover_text("The same piece shown again in this film, on purpose")
                .changed()
            {
                commands.push(Command::CloseStep);
                commands.push(Command::Edit(at.edit("repeat mark", |s| {
                    if let Some(u) = &mut s.footage {
                        u.repeat = repeat;
                    }
                })));
            }
        }
        error_beside(ui, checked.error)
    });
    error_below(ui, error);
    variants_ui(ui, project, at, footage, usage, state, commands);
}

enum FootageChoice {
    None,
    Existing(String),
    New,
}

/// Naming a new footage: its label, and the id it will get.
fn new_footage_ui(
    ui: &mut egui::Ui,
    project: &Project,
    at: &ShotAt,
    state: &mut InspectorState,
    commands: &mut Vec<Command>,
    label_id: egui::Id,
) {
    let Some((_, _, label)) = &mut state.new_footage else {
        return;
    };
    let (create, cancel) = row(ui, "Label", |ui| {
        let response = ui
            .add(
                egui::TextEdit::singleline(label)
                    .id(label_id)
                    .hint_text("e.g. Stakhanov at the drill")
                    .desired_width(ui.available_width()),
            )
            .accessible_name("New footage label");
        let enter = response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        let escape = response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Escape));
        (enter, escape)
    });
    let label = label.trim().to_string();
    let id = unique_slug(&label, |id| project.footage(id).is_some());
    let (create_clicked, cancel_clicked) = row(ui, "", |ui| {
        let create = ui
            .add_enabled(!label.is_empty(), egui::Button::new("Create footage"))
            .on_hover_text("Adds it to the footage registry and links this shot to it (one undo step)");
        let cancel = ui.button("Cancel");
        if !label.is_empty() {
            ui.weak(format!("id {id}"));
        }
        (create.clicked(), cancel.clicked())
    });
    if cancel || cancel_clicked {
        state.new_footage = None;
    } else if (create || create_clicked) && !label.is_empty() {
        state.new_footage = None;
        let mut shot = at.shot.clone();
        shot.footage = Some(FootageUse::new(id.clone()));
        commands.push(Command::CloseStep);
        commands.push(Command::Edit(Edit::Batch {
            label: format!("add footage '{id}' to {}", at.name()),
            edits: vec![
                Edit::InsertFootage {
                    index: project.footage.len(),
                    footage: Box::new(Footage::new(id, label)),
                },
                at.replace(shot),
            ],
        }));
    }
}

/// Which of the footage's known variants the shot shows: one value from
/// each set of alternatives, or a new variant, which the footage then
/// knows too.
fn variants_ui(
    ui: &mut egui::Ui,
    project: &Project,
    at: &ShotAt,
    footage: Option<&Footage>,
    usage: &FootageUse,
    state: &mut InspectorState,
    commands: &mut Vec<Command>,
) {
    let toggle = |value: &str, alternatives: &[String]| {
        let value = value.to_string();
        let alternatives = alternatives.to_vec();
        at.edit("variants", move |s| {
            if let Some(u) = &mut s.footage {
                if u.variants.contains(&value) {
                    u.variants.retain(|v| *v != value);
                } else {
                    // The alternatives of a set exclude each other.
                    u.variants.retain(|v| !alternatives.contains(v));
                    u.variants.push(value);
                }
            }
        })
    };
    row_top(ui, "Variants", |ui| {
        let known: &[Vec<String>] = footage.map_or(&[], |f| &f.variants);
        if known.is_empty() && usage.variants.is_empty() {
            note(ui, "This footage has no known variants yet.");
        }
        for set in known {
            ui.horizontal_wrapped(|ui| {
                ui.spacing_mut().item_spacing.x = 2.0;
                for value in set {
                    let on = usage.variants.contains(value);
                    let response = ui.selectable_label(on, value);
                    if set.len() > 1 {
                        response.clone().on_hover_text(format!("One of: {}", set.join(" / ")));
                    }
                    if response.clicked() {
                        commands.push(Command::CloseStep);
                        commands.push(Command::Edit(toggle(value, set)));
                    }
                }
            });
        }
        // Values the footage does not know (from an import, say).
        let unknown: Vec<&String> = usage
            .variants
            .iter()
            .filter(|v| !footage.is_some_and(|f| f.knows_variant(v)))
            .collect();
        if !unknown.is_empty() {
            ui.horizontal_wrapped(|ui| {
                for value in unknown {
                    if ui
                        .selectable_label(true, format!("{value} ×"))
                        .on_hover_text("Not a known variant of this footage; click to remove")
                        .clicked()
                    {
                        commands.push(Command::CloseStep);
                        commands.push(Command::Edit(toggle(value, &[])));
                    }
                }
            });
        }
        let key = at.key("new variant");
        let text = state.drafts.entry(key.clone()).or_default();
        let added = ui
            .horizontal(|ui| {
                let field = ui
                    .add(
                        egui::TextEdit::singleline(text)
                            .hint_text("new variant")
                            .desired_width((ui.available_width() - 52.0).max(80.0)),
                    )
                    .accessible_name("New variant");
                let enter = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                let add = ui.add_enabled(!text.trim().is_empty(), egui::Button::new("Add"));
                enter || add.clicked()
            })
            .inner;
        let value = text.trim().to_string();
        if text.is_empty() {
            state.drafts.remove(&key);
        }
        if added && !value.is_empty() {
            state.drafts.remove(&key);
            if let Some(edit) = add_variant(project, at, footage, usage, value) {
                commands.push(Command::CloseStep);
                commands.push(Command::Edit(edit));
            }
        }
    });
}

/// The shot shows `value`; a footage that does not know it learns it as a
/// variant of its own, in the same step.
fn add_variant(
    project: &Project,
    at: &ShotAt,
    footage: Option<&Footage>,
    usage: &FootageUse,
    value: String,
) -> Option<Edit> {
    if usage.variants.contains(&value) {
        return None;
    }
    let mut shot = at.shot.clone();
    if let Some(u) = &mut shot.footage {
        u.variants.push(value.clone());
    }
    let mut edits = Vec::new();
    if let Some(footage) = footage.filter(|f| !f.knows_variant(&value)) {
        let mut known = footage.clone();
        known.variants.push(vec![value.clone()]);
        if let Some(index) = project.footage.iter().position(|f| f.id == footage.id) {
            edits.push(Edit::ReplaceFootage {
                index,
                footage: Box::new(known),
            });
        }
    }
    edits.push(at.replace(shot));
    Some(Edit::Batch {
        label: format!("add variant '{value}' to {}", at.name()),
        edits,
    })
}
