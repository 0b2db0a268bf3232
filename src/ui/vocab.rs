//! The vocabulary editor: framing scale, evidence kinds, claims. Terms are
//! added, reordered, described and deleted here. A code is what shots and
//! evidence items store, so renaming one renames it on every use in one
//! step, and a term in use is deleted only once the user says what becomes
//! of its uses.

use std::collections::{BTreeMap, HashMap};

use eframe::egui;

use super::ViewState;
use super::commands::Command;
use super::footage::{
    Draft, Icon, ask_for_room, draft_field, error_line, icon_button, push_merging, push_result, typed_field,
};
use crate::model::registry::{self, OnUses, VocabList};
use crate::model::{Project, Term};

/// State of the vocabulary editor.
#[derive(Default, Debug, Clone, PartialEq)]
pub struct VocabState {
    /// The list shown.
    pub list: VocabList,
    /// A code being retyped, applied on Enter.
    draft: Draft,
    /// The term being added.
    new_code: String,
    new_label: String,
    /// A term in use whose deletion waits for an answer.
    confirm_delete: Option<(VocabList, String)>,
    /// In that question: `None` clears the uses, a code moves them to it.
    replace_with: Option<String>,
    /// The last change refused, shown until another one is made.
    error: Option<String>,
    /// Frames drawn so far: the first ones ask for room.
    frames: u8,
}

/// What a list is for and what renaming does, under the tabs.
fn explanation(list: VocabList) -> &'static str {
    match list {
        VocabList::Framing => {
            "Shot scale, from the closest to the widest. Shots store the code: \
             renaming a code renames it on every shot."
        }
        VocabList::EvidenceKinds => {
            "What a piece of evidence rests on. Evidence items store the code: \
             renaming a code renames it on every item."
        }
        VocabList::Claims => {
            "What evidence argues for or against. Evidence items store the code: \
             renaming a code renames it on every item."
        }
    }
}

pub fn vocab_ui(ui: &mut egui::Ui, project: &Project, view: &mut ViewState, commands: &mut Vec<Command>) {
    let state = &mut view.vocab;
    ask_for_room(ui, &mut state.frames, egui::vec2(640.0, 600.0));
    let list = state.list;
    ui.horizontal(|ui| {
        for tab in VocabList::ALL {
            let n = tab.terms(&project.vocabularies).len();
            let response = ui
                .selectable_value(&mut state.list, tab, format!("{} · {n}", tab.title()))
                .accessible_name(tab.title());
            if response.clicked() {
                state.error = None;
            }
        }
    });
    ui.add_space(2.0);
    ui.add(egui::Label::new(egui::RichText::new(explanation(list)).weak()).wrap());
    if let Some(error) = &state.error {
        error_line(ui, error);
    }
    ui.separator();

    let titles: BTreeMap<&str, &str> = project
        .films
        .iter()
        .map(|f| (f.id.as_str(), f.title.as_str()))
        .collect();
    let counts = registry::term_use_counts(project, list);
    let terms = list.terms(&project.vocabularies);
    egui::ScrollArea::vertical()
        .id_salt(("vocab_terms", list.title()))
        .auto_shrink(false)
        .show(ui, |ui| {
            ui.spacing_mut().item_spacing.y = 6.0;
            if terms.is_empty() {
                ui.weak(format!("{} is empty: add a first term below.", list.title()));
            }
            for (index, term) in terms.iter().enumerate() {
                term_ui(
                    ui,
                    project,
                    list,
                    index,
                    terms.len(),
                    term,
                    &counts,
                    &titles,
                    state,
                    commands,
                );
            }
            ui.add_space(6.0);
            new_term_ui(ui, project, list, state, commands);
            let strays = stray_codes(list, terms, &counts);
            if !strays.is_empty() {
                ui.add_space(8.0);
                ui.add(
                    egui::Label::new(
                        egui::RichText::new(format!(
                            "Used but not in {}: {}. Add them as terms to define them.",
                            list.name(),
                            strays.join(", ")
                        ))
                        .color(ui.visuals().warn_fg_color),
                    )
                    .wrap(),
                );
            }
        });
    delete_term_ui(ui.ctx(), project, state, commands);
}

/// Codes that shots or evidence use without a term for them, with their
/// counts ("XCU (2)"), in code order.
fn stray_codes(list: VocabList, terms: &[Term], counts: &HashMap<String, usize>) -> Vec<String> {
    let mut strays: Vec<String> = counts
        .iter()
        .filter(|(code, _)| !code.is_empty() && !terms.iter().any(|t| &t.code == *code))
        .map(|(code, n)| format!("“{code}” ({})", list.uses_text(*n)))
        .collect();
    strays.sort();
    strays
}

/// Where `code` is used, for a hover text: up to 20 places.
fn uses_hover(project: &Project, list: VocabList, code: &str, titles: &BTreeMap<&str, &str>) -> String {
    let sites = registry::term_uses(project, list, code);
    if sites.is_empty() {
        return format!("No {} uses “{code}”.", list.uses_text(1).trim_start_matches("1 "));
    }
    let mut lines: Vec<String> = sites
        .iter()
        .take(20)
        .map(|site| {
            let title = titles.get(site.film.as_str()).copied().unwrap_or(&site.film);
            match site.item {
                Some(item) => format!("{title}, shot {}, evidence {}", site.shot + 1, item + 1),
                None => format!("{title}, shot {}", site.shot + 1),
            }
        })
        .collect();
    if sites.len() > 20 {
        lines.push(format!("and {} more", sites.len() - 20));
    }
    lines.join("\n")
}

/// One term: its place, code, label, uses and buttons on one line; its
/// definition below.
#[allow(clippy::too_many_arguments)]
fn term_ui(
    ui: &mut egui::Ui,
    project: &Project,
    list: VocabList,
    index: usize,
    count: usize,
    term: &Term,
    counts: &HashMap<String, usize>,
    titles: &BTreeMap<&str, &str>,
    state: &mut VocabState,
    commands: &mut Vec<Command>,
) {
    let code = &term.code;
    let uses = counts.get(code).copied().unwrap_or(0);
    egui::Frame::group(ui.style())
        .inner_margin(egui::Margin::symmetric(8, 6))
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.horizontal(|ui| {
                ui.add_sized(
                    [18.0, 18.0],
                    egui::Label::new(egui::RichText::new(format!("{}", index + 1)).weak()),
                );
                let field = egui::Id::unique(("vocab_code", list.title(), code));
                let width = super::footage::text_width(ui, code).clamp(64.0, 160.0);
                if let Some(new) = draft_field(
                    ui,
                    &mut state.draft,
                    field,
                    code,
                    width,
                    &format!("Code of {code}"),
                    "code",
                ) {
                    let done = format!(
                        "Renamed {} '{code}' to '{new}' on {}",
                        list.term_noun(),
                        list.uses_text(uses)
                    );
                    push_result(
                        registry::rename_term(project, list, code, &new),
                        &mut state.error,
                        commands,
                        Some(done),
                    );
                }
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    ui.spacing_mut().item_spacing.x = 2.0;
                    let delete = ui
                        .add(egui::Button::new(egui::RichText::new("×").size(16.0)).frame(false))
                        .accessible_name(format!("Delete {code}"))
                        .on_hover_text(match uses {
                            0 => format!("Delete “{code}” (nothing uses it)"),
                            n => format!("Delete “{code}”: {} use it, you will be asked first", list.uses_text(n)),
                        });
                    if delete.clicked() {
                        if uses == 0 {
                            push_result(
                                registry::remove_term(project, list, code, OnUses::Refuse),
                                &mut state.error,
                                commands,
                                Some(format!("Deleted {} '{code}' (Ctrl+Z brings it back)", list.term_noun())),
                            );
                        } else {
                            state.confirm_delete = Some((list, code.clone()));
                            state.replace_with = None;
                        }
                    }
                    ui.add_space(4.0);
                    let down = icon_button(
                        ui,
                        Icon::Down,
                        index + 1 < count,
                        &format!("Move {code} down"),
                        "Move down",
                    );
                    if down.clicked() {
                        push_result(
                            registry::move_term(project, list, index, index + 1),
                            &mut state.error,
                            commands,
                            None,
                        );
                    }
                    let up = icon_button(ui, Icon::Up, index > 0, &format!("Move {code} up"), "Move up");
                    if up.clicked() {
                        push_result(
                            registry::move_term(project, list, index, index - 1),
                            &mut state.error,
                            commands,
                            None,
                        );
                    }
                    ui.add_space(6.0);
                    let uses_text = match uses {
                        0 => "unused".to_string(),
                        n => list.uses_text(n),
                    };
                    ui.add_sized([84.0, 18.0], egui::Label::new(egui::RichText::new(uses_text).weak()))
                        .on_hover_text(uses_hover(project, list, code, titles));
                    ui.add_space(4.0);
                    let key = format!("vocab:{}:{code}:label", list.title());
                    if let Some(label) = typed_field(
                        ui,
                        commands,
                        &key,
                        &term.label,
                        false,
                        &format!("Label of {code}"),
                        "label",
                    ) {
                        let edit = registry::set_term_text(project, list, code, &label, &term.definition);
                        push_merging(edit, &key, &mut state.error, commands);
                    }
                });
            });
            ui.horizontal(|ui| {
                ui.add_space(22.0);
                let key = format!("vocab:{}:{code}:definition", list.title());
                if let Some(definition) = typed_field(
                    ui,
                    commands,
                    &key,
                    &term.definition,
                    false,
                    &format!("Definition of {code}"),
                    "a one-line definition: what the term covers",
                ) {
                    let edit = registry::set_term_text(project, list, code, &term.label, &definition);
                    push_merging(edit, &key, &mut state.error, commands);
                }
            });
        });
}

fn new_term_ui(
    ui: &mut egui::Ui,
    project: &Project,
    list: VocabList,
    state: &mut VocabState,
    commands: &mut Vec<Command>,
) {
    let mut submit = false;
    ui.horizontal(|ui| {
        ui.label(format!("New {}", list.term_noun()));
        let code = ui
            .add(
                egui::TextEdit::singleline(&mut state.new_code)
                    .hint_text("code")
                    .desired_width(90.0),
            )
            .accessible_name("New code");
        submit |= code.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            submit |= ui.button("Add term").clicked();
            let label = ui
                .add(
                    egui::TextEdit::singleline(&mut state.new_label)
                        .hint_text("label")
                        .desired_width(ui.available_width()),
                )
                .accessible_name("New label");
            submit |= label.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        });
    });
    if submit {
        let label = if state.new_label.trim().is_empty() {
            state.new_code.trim()
        } else {
            state.new_label.trim()
        };
        let term = Term::new(&state.new_code, label, "");
        let done = format!("Added {} '{}'", list.term_noun(), state.new_code.trim());
        if push_result(
            registry::add_term(project, list, term),
            &mut state.error,
            commands,
            Some(done),
        ) {
            state.new_code.clear();
            state.new_label.clear();
        }
    }
}

/// Asks what becomes of the uses of a term before deleting it: cleared,
/// or moved to another term of the list.
fn delete_term_ui(ctx: &egui::Context, project: &Project, state: &mut VocabState, commands: &mut Vec<Command>) {
    let Some((list, code)) = state.confirm_delete.clone() else {
        return;
    };
    let terms = list.terms(&project.vocabularies);
    let Some(term) = terms.iter().find(|t| t.code == code) else {
        state.confirm_delete = None;
        return;
    };
    let uses = registry::count_term_uses(project, list, &code);
    let mut answer = None;
    egui::Modal::new(egui::Id::unique("delete_term")).show(ctx, |ui| {
        ui.set_width(460.0);
        ui.heading(format!("Delete {} “{code}”?", list.term_noun()));
        ui.add_space(6.0);
        ui.label(format!(
            "“{code}” ({}) is used by {}. What becomes of them?",
            term.label,
            list.uses_text(uses)
        ));
        ui.add_space(4.0);
        let clear = match list {
            VocabList::Framing => "Clear it: those shots will have no framing".to_string(),
            _ => format!(
                "Clear it: those items keep their observation and will need a {}",
                list.term_noun()
            ),
        };
        ui.radio_value(&mut state.replace_with, None, clear);
        let others: Vec<&Term> = terms.iter().filter(|t| t.code != code).collect();
        ui.add_enabled_ui(!others.is_empty(), |ui| {
            ui.horizontal(|ui| {
                let moving = state.replace_with.is_some();
                if ui.radio(moving, "Give them another term:").clicked() && !moving {
                    state.replace_with = others.first().map(|t| t.code.clone());
                }
                let shown = state.replace_with.clone().unwrap_or_else(|| "choose…".to_string());
                egui::ComboBox::from_id_salt("delete_term_replacement")
                    .selected_text(shown)
                    .show_ui(ui, |ui| {
                        for other in &others {
                            ui.selectable_value(
                                &mut state.replace_with,
                                Some(other.code.clone()),
                                format!("{} — {}", other.code, other.label),
                            );
                        }
                    })
                    .response
                    .accessible_name("Replacement term");
            });
        });
        ui.add_space(10.0);
        ui.horizontal(|ui| {
            let action = match &state.replace_with {
                None => format!("Delete and clear {}", list.uses_text(uses)),
                Some(other) => format!("Delete and move {} to “{other}”", list.uses_text(uses)),
            };
            if ui
                .button(egui::RichText::new(action).color(ui.visuals().error_fg_color))
                .clicked()
            {
                answer = Some(true);
            }
            if ui.button("Keep it").clicked() || ui.input(|i| i.key_pressed(egui::Key::Escape)) {
                answer = Some(false);
            }
        });
    });
    if let Some(yes) = answer {
        state.confirm_delete = None;
        if yes {
            let on_uses = match state.replace_with.take() {
                None => OnUses::Clear,
                Some(other) => OnUses::ReplaceWith(other),
            };
            let done = format!(
                "Deleted {} '{code}' and changed {} (Ctrl+Z brings them back)",
                list.term_noun(),
                list.uses_text(uses)
            );
            push_result(
                registry::remove_term(project, list, &code, on_uses),
                &mut state.error,
                commands,
                Some(done),
            );
        }
    }
}
