//! The footage registry: every footage with its record, its variant sets
//! and every shot that shows it, in a list that can be searched. Clicking
//! an appearance shows that shot. Renaming a footage renames it on every
//! shot; deleting footage that shots show asks first and offers to unlink.
//!
//! The small field widgets at the end are shared with the vocabulary editor.

use std::collections::{BTreeMap, BTreeSet};

use eframe::egui;

use super::ViewState;
use super::commands::Command;
use super::list_entry::{ListEntry, list_entry_ui};
use super::shots::{provenance_mark, provenance_text};
use crate::analysis::compare::{Appearance, appearances};
use crate::model::registry::{self, FootageText, plural};
use crate::model::{Edit, Footage, Project, input};

/// State of the footage registry panel.
#[derive(Default, Debug, Clone, PartialEq)]
pub struct FootageState {
    /// The footage shown beside the list.
    pub selected: Option<String>,
    /// Search text: ids, labels, origins, descriptions, variants, films.
    pub filter: String,
    /// A reference being retyped (an id, a variant), applied on Enter.
    draft: Draft,
    /// The new-footage form, while it is open.
    new_footage: Option<NewFootage>,
    /// Footage whose deletion waits for an answer (shots show it).
    confirm_delete: Option<String>,
    /// A variant or a variant set whose deletion waits for an answer.
    confirm_variant: Option<VariantDeletion>,
    /// The last change refused, shown until another one is made.
    error: Option<String>,
    /// Frames drawn so far: the first ones ask for room (see `ask_for_room`).
    frames: u8,
}

#[derive(Default, Debug, Clone, PartialEq)]
struct NewFootage {
    label: String,
    id: String,
    /// The user typed the id: it no longer follows the label.
    id_typed: bool,
    /// The label field was given the keyboard when the form opened.
    focused: bool,
}

#[derive(Debug, Clone, PartialEq)]
enum VariantDeletion {
    Value { footage: String, value: String },
    Set { footage: String, set: usize },
}

/// Whether `footage` matches the search text, in its own fields or in the
/// titles of the films that show it.
fn matches(footage: &Footage, films: &[&str], filter: &str) -> bool {
    let needle = filter.trim().to_lowercase();
    if needle.is_empty() {
        return true;
    }
    let contains = |s: &str| s.to_lowercase().contains(&needle);
    [
        &footage.id,
        &footage.label,
        &footage.origin,
        &footage.description,
        &footage.notes,
    ]
    .into_iter()
    .any(|s| contains(s))
        || footage.variants.iter().flatten().any(|v| contains(v))
        || films.iter().any(|f| contains(f))
}

pub fn footage_ui(ui: &mut egui::Ui, project: &Project, view: &mut ViewState, commands: &mut Vec<Command>) {
    let state = &mut view.footage;
    ask_for_room(ui, &mut state.frames, egui::vec2(760.0, 560.0));
    let films: Vec<_> = project.films.iter().collect();
    let uses = appearances(&films);
    let no_uses = Vec::new();
    let uses_of = |id: &str| uses.get(id).unwrap_or(&no_uses);
    // Film titles by id, for the search and the appearance rows.
    let titles: BTreeMap<&str, &str> = project
        .films
        .iter()
        .map(|f| (f.id.as_str(), f.title.as_str()))
        .collect();
    let film_titles = |id: &str| -> Vec<&str> {
        let films: BTreeSet<&str> = uses_of(id).iter().map(|a| a.film.as_str()).collect();
        films.into_iter().filter_map(|f| titles.get(f).copied()).collect()
    };
    let shown: Vec<&Footage> = project
        .footage
        .iter()
        .filter(|f| matches(f, &film_titles(&f.id), &state.filter))
        .collect();
    if !shown.iter().any(|f| state.selected.as_deref() == Some(f.id.as_str())) {
        state.selected = shown.first().map(|f| f.id.clone());
    }

    toolbar_ui(ui, project, state, shown.len());
    ui.separator();
    egui::Panel::left("footage_registry_list")
        .frame(egui::Frame::NONE.inner_margin(egui::Margin {
            right: 6,
            ..Default::default()
        }))
        .resizable(true)
        .default_size(200.0)
        .size_range(150.0..=360.0)
        .show(ui, |ui| {
            egui::ScrollArea::vertical()
                .id_salt("footage_list_scroll")
                .auto_shrink(false)
                .show(ui, |ui| {
                    ui.spacing_mut().item_spacing.y = 2.0;
                    if shown.is_empty() {
                        ui.add_space(6.0);
                        if project.footage.is_empty() {
                            ui.weak("No footage yet: add the first with “New footage”.");
                        } else {
                            ui.weak(format!("No footage matches “{}”.", state.filter.trim()));
                        }
                    }
                    for footage in &shown {
                        let selected = state.selected.as_deref() == Some(footage.id.as_str());
                        let count = uses_of(&footage.id).len();
                        if footage_entry_ui(ui, footage, count, selected).clicked() && !selected {
                            state.selected = Some(footage.id.clone());
                            state.error = None;
                        }
                    }
                });
        });
    egui::CentralPanel::no_frame().show(ui, |ui| {
        let footage = state.selected.as_deref().and_then(|id| project.footage(id));
        match footage {
            Some(footage) => {
                let uses = uses_of(&footage.id);
                details_ui(ui, project, footage, uses, &titles, state, commands);
            }
            None => {
                ui.add_space(12.0);
                ui.weak("Select a footage on the left to see where it appears.");
            }
        }
    });
    let ctx = ui.ctx().clone();
    new_footage_ui(&ctx, project, state, commands);
    delete_footage_ui(&ctx, project, state, &titles, commands);
    delete_variant_ui(&ctx, project, state, commands);
}

fn toolbar_ui(ui: &mut egui::Ui, project: &Project, state: &mut FootageState, shown: usize) {
    ui.horizontal(|ui| {
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui
                .button("New footage…")
                .on_hover_text("Add a footage to the registry")
                .clicked()
            {
                state.new_footage = Some(NewFootage::default());
            }
            let total = project.footage.len();
            if shown == total {
                ui.weak(format!("{total} footage"));
            } else {
                ui.weak(format!("{shown} of {total}"));
            }
            ui.with_layout(egui::Layout::left_to_right(egui::Align::Center), |ui| {
                let clear_width = if state.filter.is_empty() { 0.0 } else { 24.0 };
                ui.add(
                    egui::TextEdit::singleline(&mut state.filter)
                        .hint_text("Search footage, variants, films")
                        .desired_width(ui.available_width() - clear_width),
                )
                .accessible_name("Search footage");
                if !state.filter.is_empty()
                    && ui
                        .add(egui::Button::new("×").frame(false))
                        .accessible_name("Clear the footage search")
                        .on_hover_text("Clear the search")
                        .clicked()
                {
                    state.filter.clear();
                }
            });
        });
    });
}

/// One footage in the list: its label and how many shots show it, and
/// below them its id. Named "label (id)" for screen readers and tests.
fn footage_entry_ui(ui: &mut egui::Ui, footage: &Footage, uses: usize, selected: bool) -> egui::Response {
    let count = match uses {
        0 => "unused".to_string(),
        n => plural(n, "shot"),
    };
    let label = if footage.label.trim().is_empty() {
        footage.id.as_str()
    } else {
        footage.label.as_str()
    };
    let response = list_entry_ui(
        ui,
        ListEntry {
            title: label,
            count: &count,
            details: &footage.id,
            details_font: egui::FontId::monospace(10.5),
            name: &format!("{label} ({})", footage.id),
            selected,
        },
    );
    let mut hover = format!("{label}\n{}", footage.id);
    if !footage.origin.is_empty() {
        hover = format!("{hover}\n{}", footage.origin);
    }
    response.on_hover_text(hover)
}

/// Width of the field names in the record, so that the values line up.
const NAME_WIDTH: f32 = 76.0;

fn field_name(ui: &mut egui::Ui, name: &str) {
    ui.allocate_ui_with_layout(
        egui::vec2(NAME_WIDTH, 20.0),
        egui::Layout::left_to_right(egui::Align::Center),
        |ui| {
            ui.set_min_width(NAME_WIDTH);
            ui.weak(name);
        },
    );
}

fn section_heading(ui: &mut egui::Ui, title: &str, detail: &str) {
    ui.add_space(12.0);
    ui.horizontal(|ui| {
        ui.strong(title);
        if !detail.is_empty() {
            ui.weak(detail);
        }
    });
    ui.add_space(2.0);
}

#[allow(clippy::too_many_arguments)]
fn details_ui(
    ui: &mut egui::Ui,
    project: &Project,
    footage: &Footage,
    uses: &[Appearance],
    titles: &BTreeMap<&str, &str>,
    state: &mut FootageState,
    commands: &mut Vec<Command>,
) {
    egui::ScrollArea::vertical()
        .id_salt("footage_details_scroll")
        .auto_shrink(false)
        .show(ui, |ui| {
            ui.spacing_mut().item_spacing.y = 4.0;
            ui.add_space(2.0);
            let label = if footage.label.is_empty() {
                &footage.id
            } else {
                &footage.label
            };
            ui.add(egui::Label::new(egui::RichText::new(label).heading()).wrap());
            let film_count = uses.iter().map(|a| a.film.as_str()).collect::<BTreeSet<_>>().len();
            ui.horizontal_wrapped(|ui| {
                ui.label(egui::RichText::new(&footage.id).monospace().weak());
                if !footage.origin.is_empty() {
                    ui.weak("·");
                    ui.weak(&footage.origin);
                }
            });
            if let Some(error) = &state.error {
                error_line(ui, error);
            }

            section_heading(
                ui,
                "Appearances",
                &match uses.len() {
                    0 => "none".to_string(),
                    n => format!("{} in {}", plural(n, "shot"), plural(film_count, "film")),
                },
            );
            appearances_ui(ui, project, uses, titles, commands);

            let sets = footage.variants.len();
            section_heading(
                ui,
                "Variants",
                &match sets {
                    0 => "none known".to_string(),
                    n => plural(n, "set"),
                },
            );
            variants_ui(ui, project, footage, state, commands);

            section_heading(ui, "Record", "");
            record_ui(ui, project, footage, state, commands);

            ui.add_space(16.0);
            ui.separator();
            ui.horizontal(|ui| {
                let button =
                    egui::Button::new(egui::RichText::new("Delete footage…").color(ui.visuals().error_fg_color));
                let hover = match uses.len() {
                    0 => "Delete this footage from the registry (Ctrl+Z brings it back)".to_string(),
                    n => format!("{} show this footage: you will be asked first", plural(n, "shot")),
                };
                if ui.add(button).on_hover_text(hover).clicked() {
                    if uses.is_empty() {
                        push_result(
                            registry::delete_footage(project, &footage.id),
                            &mut state.error,
                            commands,
                            Some(format!("Deleted footage '{}' (Ctrl+Z brings it back)", footage.id)),
                        );
                    } else {
                        state.confirm_delete = Some(footage.id.clone());
                    }
                }
            });
            ui.add_space(8.0);
        });
}

/// The footage's own fields. The id is a reference: retyped apart and
/// renamed on every shot on Enter; the others change as they are typed.
fn record_ui(
    ui: &mut egui::Ui,
    project: &Project,
    footage: &Footage,
    state: &mut FootageState,
    commands: &mut Vec<Command>,
) {
    let id = &footage.id;
    ui.horizontal(|ui| {
        field_name(ui, "Id");
        let field = egui::Id::unique(("footage_id", id));
        let width = ui.available_width();
        if let Some(new) = draft_field(
            ui,
            &mut state.draft,
            field,
            id,
            width,
            "Footage id",
            "a readable slug: drill-mcu",
        ) {
            let done = format!("Renamed footage '{id}' to '{new}' on every shot that shows it");
            if push_result(
                registry::rename_footage(project, id, &new),
                &mut state.error,
                commands,
                Some(done),
            ) {
                state.selected = Some(new);
            }
        }
    })
    .response
    .on_hover_text("Renaming the id renames it on every shot that shows this footage, in one step");
    for (field, name, multiline, hint) in [
        (
            FootageText::Label,
            "Label",
            false,
            "what the footage shows, in a few words",
        ),
        (FootageText::Origin, "Origin", false, "where and when it was shot"),
        (FootageText::Description, "Description", true, "what can be seen in it"),
        (FootageText::Notes, "Notes", true, ""),
    ] {
        ui.horizontal_top(|ui| {
            field_name(ui, name);
            let key = format!("footage:{id}:{}", field.name());
            let value = field.get(footage);
            let edit = typed_field(
                ui,
                commands,
                &key,
                value,
                multiline,
                &format!("Footage {}", field.name()),
                hint,
            );
            if let Some(text) = edit {
                push_merging(
                    registry::set_footage_text(project, id, field, &text),
                    &key,
                    &mut state.error,
                    commands,
                );
            }
        });
    }
}

/// The variant sets: each set holds variants that exclude each other; a
/// shot shows at most one of each set. Values are retyped apart and
/// renamed on every shot on Enter.
fn variants_ui(
    ui: &mut egui::Ui,
    project: &Project,
    footage: &Footage,
    state: &mut FootageState,
    commands: &mut Vec<Command>,
) {
    let id = &footage.id;
    let counts = registry::variant_use_counts(project, id);
    if footage.variants.is_empty() {
        ui.weak("Variants are versions of the same footage that differ (a gesture, a trim, a print). Group the ones that exclude each other in a set.");
    }
    for (s, set) in footage.variants.iter().enumerate() {
        egui::Frame::group(ui.style())
            .inner_margin(egui::Margin::symmetric(8, 6))
            .show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.horizontal(|ui| {
                    ui.label(egui::RichText::new(format!("Set {}", s + 1)).strong());
                    ui.weak("one of:");
                    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                        if ui
                            .small_button("Delete set")
                            .on_hover_text("Delete this set and its variants")
                            .clicked()
                        {
                            delete_variants(
                                project,
                                VariantDeletion::Set {
                                    footage: id.clone(),
                                    set: s,
                                },
                                state,
                                commands,
                            );
                        }
                    });
                });
                ui.horizontal_wrapped(|ui| {
                    ui.spacing_mut().item_spacing.x = 4.0;
                    for (v, value) in set.iter().enumerate() {
                        let field = egui::Id::unique(("variant", id, value));
                        let width = text_width(ui, value).clamp(60.0, 260.0);
                        let name = format!("Variant {} of set {}", v + 1, s + 1);
                        if let Some(new) = draft_field(ui, &mut state.draft, field, value, width, &name, "") {
                            let done = format!("Renamed variant '{value}' to '{new}' on every shot that shows it");
                            push_result(
                                registry::rename_variant(project, id, value, &new),
                                &mut state.error,
                                commands,
                                Some(done),
                            );
                        }
                        let n = counts.get(value).copied().unwrap_or(0);
                        ui.weak(format!("({n})"))
                            .on_hover_text(format!("{} show “{value}”", plural(n, "shot")));
                        if ui
                            .add(egui::Button::new("×").frame(false).small())
                            .accessible_name(format!("Delete variant {value}"))
                            .on_hover_text(format!("Delete the variant “{value}”"))
                            .clicked()
                        {
                            delete_variants(
                                project,
                                VariantDeletion::Value {
                                    footage: id.clone(),
                                    value: value.clone(),
                                },
                                state,
                                commands,
                            );
                        }
                        if v + 1 < set.len() {
                            ui.add_space(2.0);
                            ui.weak("or");
                            ui.add_space(2.0);
                        }
                    }
                    ui.add_space(6.0);
                    let field = egui::Id::unique(("variant_add", id, s));
                    let name = format!("Add a variant to set {}", s + 1);
                    if let Some(value) = draft_field(ui, &mut state.draft, field, "", 110.0, &name, "+ variant") {
                        push_result(
                            registry::add_variant(project, id, s, &value),
                            &mut state.error,
                            commands,
                            None,
                        );
                    }
                });
            });
    }
    ui.horizontal(|ui| {
        let field = egui::Id::unique(("variant_set_add", id));
        if let Some(value) = draft_field(
            ui,
            &mut state.draft,
            field,
            "",
            220.0,
            "New variant set",
            "+ new set: its first variant, Enter",
        ) {
            push_result(
                registry::add_variant_set(project, id, &[&value]),
                &mut state.error,
                commands,
                None,
            );
        }
    });
}

/// Deletes the variants now when no shot shows them, or asks first.
fn delete_variants(project: &Project, what: VariantDeletion, state: &mut FootageState, commands: &mut Vec<Command>) {
    let edit = match &what {
        VariantDeletion::Value { footage, value } => registry::remove_variant(project, footage, value, false),
        VariantDeletion::Set { footage, set } => registry::remove_variant_set(project, footage, *set, false),
    };
    match edit {
        Ok(edit) => {
            state.error = None;
            commands.push(Command::Edit(edit));
        }
        // Shown by shots: ask.
        Err(_) => state.confirm_variant = Some(what),
    }
}

/// Column layout of the appearance rows, from the right edge.
const SHOT_WIDTH: f32 = 40.0;
const PIECE_WIDTH: f32 = 40.0;
const FRAMES_WIDTH: f32 = 72.0;
const ROW_PADDING: egui::Vec2 = egui::vec2(6.0, 3.0);

/// Every shot that shows the footage, one row each: film, shot number,
/// piece, frames (with the trim against the longest use) and, below, the
/// variants it shows. Clicking a row shows the shot.
fn appearances_ui(
    ui: &mut egui::Ui,
    project: &Project,
    uses: &[Appearance],
    titles: &BTreeMap<&str, &str>,
    commands: &mut Vec<Command>,
) {
    if uses.is_empty() {
        ui.weak("No shot shows this footage yet.");
        return;
    }
    header_row_ui(ui);
    for a in uses {
        if appearance_row_ui(ui, project, a, titles).clicked() {
            commands.push(Command::SelectShot {
                film: a.film.clone(),
                index: a.shot - 1,
            });
        }
    }
    ui.add_space(2.0);
    ui.weak("Click a row to show that shot.");
}

/// Right edges of the number columns in a row spanning `rect`.
fn columns(rect: egui::Rect) -> (f32, f32, f32, f32) {
    let frames = rect.max.x - ROW_PADDING.x;
    let piece = frames - FRAMES_WIDTH;
    let shot = piece - PIECE_WIDTH;
    let film = shot - SHOT_WIDTH - 6.0;
    (film, shot, piece, frames)
}

fn header_row_ui(ui: &mut egui::Ui) {
    let font = egui::FontId::proportional(11.0);
    let (rect, _) = ui.allocate_exact_size(egui::vec2(ui.available_width(), 16.0), egui::Sense::hover());
    let (_, shot, piece, frames) = columns(rect);
    let color = ui.visuals().weak_text_color();
    let painter = ui.painter();
    let y = rect.center().y;
    painter.text(
        egui::pos2(rect.min.x + ROW_PADDING.x, y),
        egui::Align2::LEFT_CENTER,
        "Film",
        font.clone(),
        color,
    );
    for (x, text) in [(shot, "Shot"), (piece, "Piece"), (frames, "Frames")] {
        painter.text(egui::pos2(x, y), egui::Align2::RIGHT_CENTER, text, font.clone(), color);
    }
    painter.hline(
        rect.x_range(),
        rect.max.y,
        egui::Stroke::new(1.0, ui.visuals().widgets.noninteractive.bg_stroke.color),
    );
}

fn appearance_row_ui(
    ui: &mut egui::Ui,
    project: &Project,
    a: &Appearance,
    titles: &BTreeMap<&str, &str>,
) -> egui::Response {
    let width = ui.available_width();
    let probe = egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(width, 0.0));
    let (film_right, shot_x, piece_x, frames_x) = columns(probe);
    let title = titles.get(a.film.as_str()).copied().unwrap_or(a.film.as_str());
    let shot = project.film(&a.film).and_then(|f| f.shots.get(a.shot - 1));
    let year = project.film(&a.film).and_then(|f| f.year);
    let film_text = match year {
        Some(y) => format!("{title} ({y})"),
        None => title.to_string(),
    };
    let film = egui::WidgetText::from(film_text.as_str()).into_galley(
        ui,
        Some(egui::TextWrapMode::Truncate),
        (film_right - ROW_PADDING.x).max(40.0),
        egui::TextStyle::Body,
    );
    let small = egui::FontId::proportional(11.0);
    let variants = (!a.variants.is_empty()).then(|| {
        egui::WidgetText::from(a.variants.join(" · ")).into_galley(
            ui,
            Some(egui::TextWrapMode::Wrap),
            width - 2.0 * ROW_PADDING.x - 10.0,
            small.clone(),
        )
    });
    let height = 2.0 * ROW_PADDING.y + film.size().y + variants.as_ref().map_or(0.0, |g| g.size().y + 1.0);
    let (rect, response) = ui.allocate_exact_size(egui::vec2(width, height), egui::Sense::click());
    let name = format!("{title}, shot {}", a.shot);
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, ui.is_enabled(), &name));

    // Without a frame count, the duration a source gives, if any.
    let reported = shot.and_then(|s| s.duration).filter(|_| a.frames.is_none());
    let frames_text = a.frames.map_or_else(
        || reported.map_or("—".to_string(), |d| d.to_string()),
        |n| {
            let mark = shot
                .and_then(|s| s.length.as_ref())
                .map_or("", |l| provenance_mark(&l.source));
            if mark.is_empty() {
                n.to_string()
            } else {
                format!("{n} {mark}")
            }
        },
    );
    if ui.is_rect_visible(rect) {
        let visuals = ui.style().interact(&response);
        if response.hovered() || response.has_focus() {
            ui.painter().rect(
                rect,
                visuals.corner_radius,
                visuals.weak_bg_fill,
                visuals.bg_stroke,
                egui::StrokeKind::Inside,
            );
        }
        let text_color = ui.visuals().text_color();
        let weak = ui.visuals().weak_text_color();
        let painter = ui.painter();
        let top = rect.min + ROW_PADDING;
        let line_y = top.y + film.size().y / 2.0;
        painter.galley(top, film, text_color);
        let dx = rect.min.x;
        let body = egui::TextStyle::Body.resolve(ui.style());
        painter.text(
            egui::pos2(dx + shot_x, line_y),
            egui::Align2::RIGHT_CENTER,
            a.shot.to_string(),
            body.clone(),
            text_color,
        );
        painter.text(
            egui::pos2(dx + piece_x, line_y),
            egui::Align2::RIGHT_CENTER,
            a.piece.map_or("—".to_string(), |p| p.to_string()),
            body.clone(),
            if a.piece.is_some() { text_color } else { weak },
        );
        let frames_rect = painter.text(
            egui::pos2(dx + frames_x, line_y),
            egui::Align2::RIGHT_CENTER,
            &frames_text,
            body,
            if a.frames.is_some() { text_color } else { weak },
        );
        if let Some(trim) = a.trim.filter(|t| *t > 0) {
            // Shorter than the longest known use of the same piece: a trim.
            painter.text(
                egui::pos2(frames_rect.min.x - 4.0, line_y),
                egui::Align2::RIGHT_CENTER,
                format!("−{trim}"),
                small,
                ui.visuals().warn_fg_color,
            );
        }
        if let Some(variants) = variants {
            let pos = egui::pos2(top.x + 10.0, top.y + height - 2.0 * ROW_PADDING.y - variants.size().y);
            painter.galley(pos, variants, weak);
        }
    }

    let mut hover = vec![format!("{film_text}, shot {}", a.shot)];
    if let Some(p) = a.piece {
        hover.push(format!("Piece {p} of the footage"));
    }
    match (a.frames, shot.and_then(|s| s.length.as_ref()), reported) {
        (Some(n), Some(length), _) => hover.push(format!("{n} frames, {}", provenance_text(&length.source))),
        (_, _, Some(d)) => hover.push(format!("Frames unknown; lasts {d} as reported")),
        _ => hover.push("Length unknown".to_string()),
    }
    if let Some(trim) = a.trim.filter(|t| *t > 0) {
        hover.push(format!(
            "{} shorter than the longest known use",
            plural(trim as usize, "frame")
        ));
    }
    if !a.variants.is_empty() {
        hover.push(format!("Variants: {}", a.variants.join("; ")));
    }
    if let Some(s) = shot
        && !s.description.is_empty()
    {
        hover.push(s.description.clone());
    }
    hover.push("Click to show this shot".to_string());
    response.on_hover_text(hover.join("\n"))
}

fn new_footage_ui(ctx: &egui::Context, project: &Project, state: &mut FootageState, commands: &mut Vec<Command>) {
    let Some(form) = &mut state.new_footage else {
        return;
    };
    let taken = |id: &str| project.footage(id).is_some() || registry::count_footage_uses(project, id) > 0;
    let mut close = false;
    let mut submit = false;
    egui::Modal::new(egui::Id::unique("new_footage")).show(ctx, |ui| {
        ui.set_width(420.0);
        ui.heading("New footage");
        ui.add_space(6.0);
        egui::Grid::new("new_footage_grid")
            .num_columns(2)
            .spacing([8.0, 6.0])
            .show(ui, |ui| {
                ui.label("Label");
                let label = ui
                    .add(
                        egui::TextEdit::singleline(&mut form.label)
                            .hint_text("Stakhanov at the coal face")
                            .desired_width(320.0),
                    )
                    .accessible_name("New footage label");
                if !form.focused {
                    label.request_focus();
                    form.focused = true;
                }
                if label.changed() && !form.id_typed {
                    form.id = input::unique_slug(&form.label, taken);
                }
                submit |= label.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                ui.end_row();
                ui.label("Id");
                let id = ui
                    .add(
                        egui::TextEdit::singleline(&mut form.id)
                            .hint_text("made from the label")
                            .desired_width(320.0),
                    )
                    .accessible_name("New footage id");
                form.id_typed |= id.changed();
                submit |= id.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                ui.end_row();
            });
        ui.weak("The id is what shots store; it can be renamed later on every shot at once.");
        if let Some(error) = &state.error {
            error_line(ui, error);
        }
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            submit |= ui.button("Add footage").clicked();
            if ui.button("Cancel").clicked() || ui.input(|i| i.key_pressed(egui::Key::Escape)) {
                close = true;
            }
        });
    });
    if submit && let Some(form) = &state.new_footage {
        let id = if form.id.trim().is_empty() {
            input::unique_slug(&form.label, taken)
        } else {
            form.id.trim().to_string()
        };
        let footage = Footage::new(id.clone(), form.label.trim());
        if push_result(
            registry::add_footage(project, footage),
            &mut state.error,
            commands,
            Some(format!("Added footage '{id}'")),
        ) {
            state.selected = Some(id);
            state.filter.clear();
            close = true;
        }
    }
    if close {
        state.new_footage = None;
        if submit {
            state.error = None;
        }
    }
}

/// Asks before deleting footage that shots show, listing them; the answer
/// is to unlink them all and delete, in one step, or to keep it.
fn delete_footage_ui(
    ctx: &egui::Context,
    project: &Project,
    state: &mut FootageState,
    titles: &BTreeMap<&str, &str>,
    commands: &mut Vec<Command>,
) {
    let Some(id) = state.confirm_delete.clone() else {
        return;
    };
    let Some(footage) = project.footage(&id) else {
        state.confirm_delete = None;
        return;
    };
    let sites = registry::footage_uses(project, &id);
    let mut answer = None;
    egui::Modal::new(egui::Id::unique("delete_footage")).show(ctx, |ui| {
        ui.set_width(460.0);
        ui.heading(format!("Delete footage “{}”?", footage.label));
        ui.add_space(6.0);
        ui.label(format!(
            "{} show this footage ({}):",
            plural(sites.len(), "shot"),
            footage.id
        ));
        ui.indent("delete_footage_uses", |ui| {
            for site in sites.iter().take(12) {
                let title = titles.get(site.film.as_str()).copied().unwrap_or(&site.film);
                ui.label(format!("{title}, shot {}", site.shot + 1));
            }
            if sites.len() > 12 {
                ui.weak(format!("and {} more", sites.len() - 12));
            }
        });
        ui.add_space(6.0);
        ui.label(
            "Unlinking takes the footage off these shots (with its piece and variants); \
             everything else about them stays. Undo brings the footage and the links back in one step.",
        );
        ui.add_space(10.0);
        ui.horizontal(|ui| {
            let unlink = format!("Unlink {} and delete", plural(sites.len(), "shot"));
            if ui
                .button(egui::RichText::new(unlink).color(ui.visuals().error_fg_color))
                .clicked()
            {
                answer = Some(true);
            }
            if ui.button("Keep the footage").clicked() || ui.input(|i| i.key_pressed(egui::Key::Escape)) {
                answer = Some(false);
            }
        });
    });
    match answer {
        Some(true) => {
            state.confirm_delete = None;
            let done = format!(
                "Deleted footage '{id}' and unlinked {} (Ctrl+Z brings them back)",
                plural(sites.len(), "shot")
            );
            push_result(
                registry::unlink_footage(project, &id),
                &mut state.error,
                commands,
                Some(done),
            );
        }
        Some(false) => state.confirm_delete = None,
        None => {}
    }
}

/// Asks before deleting variants that shots show.
fn delete_variant_ui(ctx: &egui::Context, project: &Project, state: &mut FootageState, commands: &mut Vec<Command>) {
    let Some(what) = state.confirm_variant.clone() else {
        return;
    };
    let (id, values, title) = match &what {
        VariantDeletion::Value { footage, value } => {
            (footage, vec![value.clone()], format!("Delete the variant “{value}”?"))
        }
        VariantDeletion::Set { footage, set } => (
            footage,
            project
                .footage(footage)
                .and_then(|f| f.variants.get(*set))
                .cloned()
                .unwrap_or_default(),
            format!("Delete variant set {}?", set + 1),
        ),
    };
    let shots = project
        .films
        .iter()
        .flat_map(|f| &f.shots)
        .filter_map(|s| s.footage.as_ref())
        .filter(|u| &u.footage == id && u.variants.iter().any(|v| values.contains(v)))
        .count();
    let mut answer = None;
    egui::Modal::new(egui::Id::unique("delete_variant")).show(ctx, |ui| {
        ui.set_width(420.0);
        ui.heading(title);
        ui.add_space(6.0);
        ui.label(format!(
            "{} of '{id}' say they show {}. Deleting takes it off them; undo brings it back.",
            plural(shots, "shot"),
            values.iter().map(|v| format!("“{v}”")).collect::<Vec<_>>().join(" or "),
        ));
        ui.add_space(10.0);
        ui.horizontal(|ui| {
            let clear = format!("Clear it on {} and delete", plural(shots, "shot"));
            if ui
                .button(egui::RichText::new(clear).color(ui.visuals().error_fg_color))
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
        state.confirm_variant = None;
        if yes {
            let edit = match &what {
                VariantDeletion::Value { footage, value } => registry::remove_variant(project, footage, value, true),
                VariantDeletion::Set { footage, set } => registry::remove_variant_set(project, footage, *set, true),
            };
            push_result(edit, &mut state.error, commands, None);
        }
    }
}

// ---------------------------------------------------------------------------
// Fields shared with the vocabulary editor

/// On the first frames a panel is drawn, asks its window for `size` (less
/// on a small screen): the window grows to hold it, and the user can still
/// make it smaller afterwards.
pub(super) fn ask_for_room(ui: &mut egui::Ui, frames: &mut u8, size: egui::Vec2) {
    if *frames < 3 {
        *frames += 1;
        let screen = ui.ctx().content_rect().size();
        let room = size.min(screen - egui::vec2(80.0, 160.0)).max(egui::vec2(320.0, 240.0));
        ui.set_min_size(room - egui::vec2(16.0, 16.0));
    }
}

/// A text that other things refer to by value (a code, an id, a variant):
/// typed into a draft, given back once on Enter or when the field is left,
/// dropped on Escape. `None` while typing or when nothing changed.
pub type Draft = Option<(egui::Id, String)>;

pub(super) fn draft_field(
    ui: &mut egui::Ui,
    draft: &mut Draft,
    id: egui::Id,
    current: &str,
    width: f32,
    name: &str,
    hint: &str,
) -> Option<String> {
    let mine = draft.as_ref().filter(|(d, _)| *d == id).map(|(_, text)| text.clone());
    let editing = mine.is_some();
    let mut text = mine.unwrap_or_else(|| current.to_string());
    let response = ui
        .add(
            egui::TextEdit::singleline(&mut text)
                .id(id)
                .hint_text(hint)
                .desired_width(width),
        )
        .accessible_name(name);
    if response.has_focus() {
        *draft = Some((id, text));
        return None;
    }
    if editing {
        *draft = None;
    }
    let escape = ui.input(|i| i.key_pressed(egui::Key::Escape));
    (response.lost_focus() && !escape && text.trim() != current).then(|| text.trim().to_string())
}

/// A text changed as it is typed (a label, a description): gives back the
/// new text on each change, and closes the undo step when the field is left
/// so that one visit to a field is one step.
pub(super) fn typed_field(
    ui: &mut egui::Ui,
    commands: &mut Vec<Command>,
    key: &str,
    current: &str,
    multiline: bool,
    name: &str,
    hint: &str,
) -> Option<String> {
    let mut text = current.to_string();
    let editor = if multiline {
        egui::TextEdit::multiline(&mut text).desired_rows(2)
    } else {
        egui::TextEdit::singleline(&mut text)
    };
    let response = ui
        .add(
            editor
                .id(egui::Id::unique(("typed_field", key)))
                .hint_text(hint)
                .desired_width(ui.available_width()),
        )
        .accessible_name(name);
    if response.lost_focus() {
        commands.push(Command::CloseStep);
    }
    (response.changed() && text != current).then_some(text)
}

/// A refused change, in the error colour.
pub(super) fn error_line(ui: &mut egui::Ui, error: &str) {
    ui.add(egui::Label::new(egui::RichText::new(error).color(ui.visuals().error_fg_color)).wrap());
}

/// Pushes the edit with `done` for the status bar, or keeps the refusal in
/// `error` and says it there too. Returns whether the edit was pushed.
pub(super) fn push_result(
    edit: Result<Edit, String>,
    error: &mut Option<String>,
    commands: &mut Vec<Command>,
    done: Option<String>,
) -> bool {
    match edit {
        Ok(edit) => {
            *error = None;
            commands.push(Command::Edit(edit));
            commands.extend(done.map(Command::info));
            true
        }
        Err(why) => {
            commands.push(Command::error(why.clone()));
            *error = Some(why);
            false
        }
    }
}

/// As `push_result`, for typing: the edit folds into the field's open step.
pub(super) fn push_merging(
    edit: Result<Edit, String>,
    key: &str,
    error: &mut Option<String>,
    commands: &mut Vec<Command>,
) {
    match edit {
        Ok(edit) => commands.push(Command::EditMerging {
            edit,
            key: key.to_string(),
        }),
        Err(why) => {
            commands.push(Command::error(why.clone()));
            *error = Some(why);
        }
    }
}

/// About how wide `text` is in the body font, for fields sized to their text.
pub(super) fn text_width(ui: &egui::Ui, text: &str) -> f32 {
    let galley = egui::WidgetText::from(text).into_galley(
        ui,
        Some(egui::TextWrapMode::Extend),
        f32::INFINITY,
        egui::TextStyle::Body,
    );
    galley.size().x + 16.0
}

/// A small drawn icon, for buttons the font has no glyph for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Icon {
    Up,
    Down,
}

/// A frameless icon button named `name` for screen readers and tests.
pub(super) fn icon_button(ui: &mut egui::Ui, icon: Icon, enabled: bool, name: &str, hover: &str) -> egui::Response {
    let sense = if enabled {
        egui::Sense::click()
    } else {
        egui::Sense::hover()
    };
    let (rect, response) = ui.allocate_exact_size(egui::vec2(18.0, 18.0), sense);
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, enabled, name));
    if ui.is_rect_visible(rect) {
        let color = if enabled {
            let visuals = ui.style().interact(&response);
            if response.hovered() {
                ui.painter()
                    .rect_filled(rect, visuals.corner_radius, visuals.weak_bg_fill);
            }
            visuals.fg_stroke.color
        } else {
            ui.visuals().weak_text_color().gamma_multiply(0.4)
        };
        let c = rect.center();
        let (w, h) = (4.5, 3.0);
        let points = match icon {
            Icon::Up => vec![
                egui::pos2(c.x - w, c.y + h),
                egui::pos2(c.x + w, c.y + h),
                egui::pos2(c.x, c.y - h),
            ],
            Icon::Down => vec![
                egui::pos2(c.x - w, c.y - h),
                egui::pos2(c.x + w, c.y - h),
                egui::pos2(c.x, c.y + h),
            ],
        };
        ui.painter()
            .add(egui::Shape::convex_polygon(points, color, egui::Stroke::NONE));
    }
    if enabled {
        response.on_hover_text(hover)
    } else {
        response
    }
}
