//! The evidence on the selected shot: a tally per claim, then the items,
//! each a card that opens into an editor. Items are added (button or E in
//! the shot table), edited, moved and deleted; each is one undo step, and
//! typing in a field of an item is one step.

use eframe::egui;

use super::shot::{ShotAt, term_text};
use super::{InspectorState, TextField, chips_row, note, row, row_top, section};
use crate::model::input::claim_tallies;
use crate::model::{Evidence, Project, Stance, Term, Weight};
use crate::ui::commands::Command;

const SUPPORTS: egui::Color32 = egui::Color32::from_rgb(110, 190, 120);
const CONTRADICTS: egui::Color32 = egui::Color32::from_rgb(225, 110, 100);

fn stance_color(stance: Stance) -> egui::Color32 {
    match stance {
        Stance::Supports => SUPPORTS,
        Stance::Contradicts => CONTRADICTS,
    }
}

/// The observation field of the open evidence item.
fn observation_id(at: &ShotAt, index: usize) -> egui::Id {
    egui::Id::unique(("evidence observation", &at.film.id, at.shot.id, index))
}

pub(super) fn evidence_ui(
    ui: &mut egui::Ui,
    project: &Project,
    at: &ShotAt,
    state: &mut InspectorState,
    commands: &mut Vec<Command>,
) {
    let evidence = &at.shot.evidence;
    if std::mem::take(&mut state.add_evidence) {
        add(project, at, state, commands);
    }
    section(ui, &format!("Evidence ({})", evidence.len()));
    tallies_ui(ui, project, evidence);
    if evidence.is_empty() {
        ui.weak("No evidence recorded for this shot.");
    }
    let open = match &state.open_evidence {
        Some((film, shot, index)) if *film == at.film.id && *shot == at.shot.id => Some(*index),
        _ => None,
    };
    for (index, item) in evidence.iter().enumerate() {
        if open == Some(index) {
            editor_ui(ui, project, at, index, item, state, commands);
        } else {
            card_ui(ui, project, at, index, item, state, commands);
        }
    }
    ui.add_space(4.0);
    if ui
        .button("+ Add evidence")
        .on_hover_text("A new item for or against a claim about this shot (E in the shot table)")
        .clicked()
    {
        add(project, at, state, commands);
    }
}

/// One line per claim: how many items support it and how many contradict it.
fn tallies_ui(ui: &mut egui::Ui, project: &Project, evidence: &[Evidence]) {
    for tally in claim_tallies(evidence) {
        let claim = project
            .vocabularies
            .claim_term(&tally.claim)
            .map_or(tally.claim.as_str(), |t| t.label.as_str());
        let body = egui::TextStyle::Body.resolve(ui.style());
        let format = |color: egui::Color32| egui::TextFormat {
            font_id: body.clone(),
            color,
            ..Default::default()
        };
        let mut job = egui::text::LayoutJob::default();
        job.append(claim, 0.0, format(ui.visuals().strong_text_color()));
        job.append(": ", 0.0, format(ui.visuals().text_color()));
        let supports = if tally.supports > 0 {
            SUPPORTS
        } else {
            ui.visuals().weak_text_color()
        };
        let contradicts = if tally.contradicts > 0 {
            CONTRADICTS
        } else {
            ui.visuals().weak_text_color()
        };
        job.append(&format!("{} support", tally.supports), 0.0, format(supports));
        job.append(", ", 0.0, format(ui.visuals().text_color()));
        job.append(&format!("{} contradict", tally.contradicts), 0.0, format(contradicts));
        ui.label(job);
    }
}

/// A new item on the shot, opened for editing with the keyboard in its
/// observation.
fn add(project: &Project, at: &ShotAt, state: &mut InspectorState, commands: &mut Vec<Command>) {
    let vocab = &project.vocabularies;
    let claim = vocab.claims.first().map_or("reenacted".to_string(), |t| t.code.clone());
    let kind = vocab
        .kind_term("other")
        .or(vocab.evidence_kinds.first())
        .map_or("other".to_string(), |t| t.code.clone());
    let item = Evidence {
        claim,
        stance: Stance::Supports,
        kind,
        observation: String::new(),
        source: String::new(),
        weight: None,
    };
    let index = at.shot.evidence.len();
    commands.push(Command::CloseStep);
    commands.push(Command::Edit(
        at.labelled(format!("add evidence to {}", at.name()), |s| s.evidence.push(item)),
    ));
    state.open_evidence = Some((at.film.id.clone(), at.shot.id, index));
    state.focus_observation = true;
}

/// What the buttons of an item ask for.
enum ItemAction {
    Open,
    Close,
    Up,
    Down,
    Delete,
}

/// A small drawn icon for a button: the default fonts have no arrows.
#[derive(Clone, Copy)]
enum Icon {
    Up,
    Down,
}

/// A small button showing `icon`, named `name` for screen readers and tests.
fn icon_button(ui: &mut egui::Ui, icon: Icon, enabled: bool, name: String, tip: &str) -> egui::Response {
    let size = egui::vec2(20.0, ui.spacing().interact_size.y - 4.0);
    let response = ui
        .add_enabled(enabled, egui::Button::new("").small().min_size(size))
        .accessible_name(name)
        .on_hover_text(tip);
    let color = if enabled {
        ui.style().interact(&response).fg_stroke.color
    } else {
        ui.visuals().weak_text_color()
    };
    let rect = egui::Rect::from_center_size(response.rect.center(), egui::vec2(8.0, 5.0));
    let points = match icon {
        Icon::Up => vec![rect.center_top(), rect.right_bottom(), rect.left_bottom()],
        Icon::Down => vec![rect.left_top(), rect.right_top(), rect.center_bottom()],
    };
    ui.painter()
        .add(egui::Shape::convex_polygon(points, color, egui::Stroke::NONE));
    response
}

/// The top line of an item: `title` on the left, wrapped if need be, and
/// the buttons to open or close, move and delete it on the right.
fn item_header(
    ui: &mut egui::Ui,
    index: usize,
    count: usize,
    is_open: bool,
    title: impl FnOnce(&mut egui::Ui),
) -> Option<ItemAction> {
    let number = index + 1;
    let mut action = None;
    // A row whose buttons are placed first, from the right, so that the
    // title takes only the room they leave and never pushes them out.
    ui.horizontal(|ui| {
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Min), |ui| {
            ui.spacing_mut().item_spacing.x = 2.0;
            if ui
                .small_button("×")
                .accessible_name(format!("Delete evidence {number}"))
                .on_hover_text("Delete this item (Ctrl+Z brings it back)")
                .clicked()
            {
                action = Some(ItemAction::Delete);
            }
            let down = format!("Move evidence {number} down");
            if icon_button(ui, Icon::Down, index + 1 < count, down, "Move down").clicked() {
                action = Some(ItemAction::Down);
            }
            let up = format!("Move evidence {number} up");
            if icon_button(ui, Icon::Up, index > 0, up, "Move up").clicked() {
                action = Some(ItemAction::Up);
            }
            let (text, name, tip) = if is_open {
                ("Done", format!("Close evidence {number}"), "Close the editor")
            } else {
                ("Edit", format!("Edit evidence {number}"), "Edit this item")
            };
            if ui.small_button(text).accessible_name(name).on_hover_text(tip).clicked() {
                action = Some(if is_open { ItemAction::Close } else { ItemAction::Open });
            }
            ui.add_space(6.0);
            ui.with_layout(
                egui::Layout::left_to_right(egui::Align::Min).with_main_wrap(true),
                |ui| {
                    ui.spacing_mut().item_spacing.x = 4.0;
                    title(ui);
                },
            );
        });
    });
    action
}

fn run_action(action: ItemAction, at: &ShotAt, index: usize, state: &mut InspectorState, commands: &mut Vec<Command>) {
    let number = index + 1;
    let place = (at.film.id.clone(), at.shot.id);
    let open = match &state.open_evidence {
        Some((film, shot, i)) if (film.clone(), *shot) == place => Some(*i),
        _ => None,
    };
    let reopen = |i: Option<usize>| i.map(|i| (place.0.clone(), place.1, i));
    match action {
        ItemAction::Open => state.open_evidence = reopen(Some(index)),
        ItemAction::Close => {
            state.open_evidence = None;
            commands.push(Command::CloseStep);
        }
        ItemAction::Up | ItemAction::Down => {
            let other = if matches!(action, ItemAction::Up) {
                index - 1
            } else {
                index + 1
            };
            let word = if other < index { "up" } else { "down" };
            commands.push(Command::CloseStep);
            commands.push(Command::Edit(
                at.labelled(format!("move evidence {number} of {} {word}", at.name()), |s| {
                    s.evidence.swap(index, other)
                }),
            ));
            // The open editor follows its item.
            state.open_evidence = reopen(open.map(|i| {
                if i == index {
                    other
                } else if i == other {
                    index
                } else {
                    i
                }
            }));
        }
        ItemAction::Delete => {
            commands.push(Command::CloseStep);
            commands.push(Command::Edit(at.labelled(
                format!("delete evidence {number} of {}", at.name()),
                |s| {
                    s.evidence.remove(index);
                },
            )));
            state.open_evidence = reopen(match open {
                Some(i) if i == index => None,
                Some(i) if i > index => Some(i - 1),
                other => other,
            });
        }
    }
}

/// An item as it reads: the claim it bears on and how, then the
/// observation and its source.
fn card_ui(
    ui: &mut egui::Ui,
    project: &Project,
    at: &ShotAt,
    index: usize,
    item: &Evidence,
    state: &mut InspectorState,
    commands: &mut Vec<Command>,
) {
    let vocab = &project.vocabularies;
    let claim = vocab
        .claim_term(&item.claim)
        .map_or(item.claim.as_str(), |t| t.label.as_str());
    let kind = vocab
        .kind_term(&item.kind)
        .map_or(item.kind.as_str(), |t| t.label.as_str());
    let stance_word = match item.stance {
        Stance::Supports => "Supports",
        Stance::Contradicts => "Contradicts",
    };
    let mut action = None;
    egui::Frame::group(ui.style())
        .inner_margin(egui::Margin::same(8))
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            action = item_header(ui, index, at.shot.evidence.len(), false, |ui| {
                ui.label(
                    egui::RichText::new(stance_word)
                        .color(stance_color(item.stance))
                        .strong(),
                );
                ui.strong(claim.to_lowercase());
                ui.weak("·");
                ui.weak(kind.to_lowercase());
                if let Some(weight) = item.weight {
                    ui.weak("·");
                    ui.weak(weight.name());
                }
            });
            if item.observation.trim().is_empty() {
                ui.colored_label(ui.visuals().warn_fg_color, "No observation yet: say what is seen.");
            } else {
                ui.add(egui::Label::new(&item.observation).wrap());
            }
            if !item.source.is_empty() {
                ui.add(egui::Label::new(egui::RichText::new(format!("Source: {}", item.source)).weak()).wrap());
            }
        });
    if let Some(action) = action {
        run_action(action, at, index, state, commands);
    }
}

/// An item opened for editing.
fn editor_ui(
    ui: &mut egui::Ui,
    project: &Project,
    at: &ShotAt,
    index: usize,
    item: &Evidence,
    state: &mut InspectorState,
    commands: &mut Vec<Command>,
) {
    let vocab = &project.vocabularies;
    let number = index + 1;
    let key = |field: &str| at.key(&format!("evidence {number} {field}"));
    let edit = |change: Box<dyn FnOnce(&mut Evidence)>| {
        at.labelled(format!("change evidence {number} of {}", at.name()), move |s| {
            if let Some(item) = s.evidence.get_mut(index) {
                change(item);
            }
        })
    };
    let mut action = None;
    let stroke = egui::Stroke::new(1.5, ui.visuals().selection.stroke.color);
    egui::Frame::group(ui.style())
        .stroke(stroke)
        .inner_margin(egui::Margin::same(8))
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            action = item_header(ui, index, at.shot.evidence.len(), true, |ui| {
                ui.strong(format!("Evidence {number}"));
            });
            row(ui, "Claim", |ui| {
                if let Some(code) = term_combo(ui, ("claim", index), "Claim", &vocab.claims, &item.claim) {
                    commands.push(Command::CloseStep);
                    commands.push(Command::Edit(edit(Box::new(move |e| e.claim = code))));
                }
            });
            if let Some(term) = vocab.claim_term(&item.claim) {
                row(ui, "", |ui| note(ui, &term.definition));
            }
            chips_row(ui, "Stance", |ui| {
                for stance in [Stance::Supports, Stance::Contradicts] {
                    let on = item.stance == stance;
                    let text = egui::RichText::new(stance.name());
                    let text = if on {
                        text.color(stance_color(stance)).strong()
                    } else {
                        text
                    };
                    if ui.selectable_label(on, text).clicked() && !on {
                        commands.push(Command::CloseStep);
                        commands.push(Command::Edit(edit(Box::new(move |e| e.stance = stance))));
                    }
                }
            });
            row(ui, "Kind", |ui| {
                if let Some(code) = term_combo(ui, ("kind", index), "Kind", &vocab.evidence_kinds, &item.kind) {
                    commands.push(Command::CloseStep);
                    commands.push(Command::Edit(edit(Box::new(move |e| e.kind = code))));
                }
            });
            if let Some(term) = vocab.kind_term(&item.kind) {
                row(ui, "", |ui| note(ui, &term.definition));
            }
            chips_row(ui, "Weight", |ui| {
                for (weight, name) in [
                    (Some(Weight::Strong), "strong"),
                    (Some(Weight::Supporting), "supporting"),
                    (Some(Weight::Weak), "weak"),
                    (None, "unset"),
                ] {
                    let on = item.weight == weight;
                    if ui.selectable_label(on, name).clicked() && !on {
                        commands.push(Command::CloseStep);
                        commands.push(Command::Edit(edit(Box::new(move |e| e.weight = weight))));
                    }
                }
            });
            let observation_id = observation_id(at, index);
            if std::mem::take(&mut state.focus_observation) {
                ui.memory_mut(|m| m.request_focus(observation_id));
            }
            row_top(ui, "Observation", |ui| {
                TextField::new(key("observation"), "Observation", &item.observation)
                    .id(observation_id)
                    .rows(3)
                    .hint("What is seen or heard that bears on the claim")
                    .show(ui, commands, |text| edit(Box::new(move |e| e.observation = text)));
            });
            row(ui, "Source", |ui| {
                TextField::new(key("source"), "Source", &item.source)
                    .hint("author, title, page; or: observation of the shot")
                    .show(ui, commands, |text| edit(Box::new(move |e| e.source = text)));
            });
        });
    if let Some(action) = action {
        run_action(action, at, index, state, commands);
    }
}

/// A choice of one term of a vocabulary, each shown with its definition;
/// returns the code chosen.
fn term_combo(ui: &mut egui::Ui, salt: (&str, usize), name: &str, terms: &[Term], current: &str) -> Option<String> {
    let selected = terms
        .iter()
        .find(|t| t.code == current)
        .map_or(current.to_string(), |t| t.label.clone());
    let chosen = egui::ComboBox::from_id_salt(salt)
        .selected_text(selected)
        .width(ui.available_width())
        .height(420.0)
        .show_ui(ui, |ui| {
            let mut chosen = None;
            for term in terms {
                let text = term_text(ui, &term.label, &term.label, &term.definition);
                if ui.selectable_label(term.code == current, text).clicked() && term.code != current {
                    chosen = Some(term.code.clone());
                }
            }
            chosen
        });
    chosen.response.accessible_name(name);
    chosen.inner.flatten()
}
