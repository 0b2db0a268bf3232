//! The Compare view: which footage each chosen film shows (a presence
//! matrix whose rows say at a glance "in all 4 films" or "only in …"),
//! every use of one footage with its trims and variants, which films share
//! their editing (all pairs by similarity, and the alignment of one pair),
//! footage put back together from its pieces, and who uses which variant.
//! Everything shown comes from `formats::compare::Comparison`, computed
//! once per revision of the project and choice of films (`AnalysisCache`).
//! Clicking a shot anywhere shows it in the shot table.

use std::collections::BTreeMap;

use eframe::egui;
use egui::{Align2, Color32, FontId, Rect, Sense, pos2, vec2};
use egui_extras::{Column, TableBuilder};

use super::ViewState;
use super::analysis_cache::{AnalysisCache, ComparisonData};
use super::commands::Command;
use super::list_entry::{ListEntry, list_entry_ui};
use super::view::Mode;
use crate::analysis::compare::{Alignment, Appearance, OpKind};
use crate::formats::compare::Comparison;
use crate::model::Project;

/// Which part of the comparison is shown.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum CompareTab {
    #[default]
    Presence,
    Editing,
    Pieces,
    Variants,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct CompareState {
    pub tab: CompareTab,
    /// Order films and footage by similarity instead of project order.
    pub by_similarity: bool,
    /// The footage whose appearances the side panel lists.
    pub footage: Option<String>,
    /// The pair of films whose alignment is shown: (a, b) as in the
    /// comparison's alignments.
    pub pair: Option<(String, String)>,
    /// Uses of the footage ticked to be seen side by side: (film, shot
    /// number), at most two.
    pub picked: Vec<(String, usize)>,
}

/// Shows a shot in the shot table, leaving the Compare view.
fn show_shot(view: &mut ViewState, commands: &mut Vec<Command>, film: &str, shot: usize) {
    commands.push(Command::SelectShot {
        film: film.to_string(),
        index: shot.saturating_sub(1),
    });
    view.mode = Mode::Shots;
}

fn title<'a>(c: &'a Comparison, film: &'a str) -> &'a str {
    c.titles.get(film).map_or(film, String::as_str)
}

/// The comparison's own colours, readable on both themes.
struct Palette {
    present: Color32,
    common: Color32,
    unique: Color32,
    trim: Color32,
    grid: Color32,
}

fn palette(ui: &egui::Ui) -> Palette {
    let dark = ui.visuals().dark_mode;
    Palette {
        present: if dark {
            Color32::from_rgb(38, 66, 92)
        } else {
            Color32::from_rgb(214, 230, 246)
        },
        common: if dark {
            Color32::from_rgb(120, 200, 120)
        } else {
            Color32::from_rgb(30, 120, 40)
        },
        unique: if dark {
            Color32::from_rgb(230, 170, 80)
        } else {
            Color32::from_rgb(170, 95, 0)
        },
        trim: if dark {
            Color32::from_rgb(240, 130, 120)
        } else {
            Color32::from_rgb(180, 40, 30)
        },
        grid: ui.visuals().widgets.noninteractive.bg_stroke.color,
    }
}

pub fn compare_ui(
    ui: &mut egui::Ui,
    project: &Project,
    view: &mut ViewState,
    cache: &mut AnalysisCache,
    commands: &mut Vec<Command>,
) {
    ui.add_space(4.0);
    ui.horizontal(|ui| {
        ui.heading("Compare");
        ui.separator();
        for (tab, label, hint) in [
            (
                CompareTab::Presence,
                "Presence",
                "Which footage each film shows, and where",
            ),
            (
                CompareTab::Editing,
                "Shared editing",
                "Films that show the same footage in the same order",
            ),
            (
                CompareTab::Pieces,
                "Pieces",
                "Footage cut into pieces, put back together",
            ),
            (
                CompareTab::Variants,
                "Variants",
                "Which film uses which variant of a footage",
            ),
        ] {
            if ui
                .selectable_label(view.compare.tab == tab, label)
                .on_hover_text(hint)
                .clicked()
            {
                view.compare.tab = tab;
            }
        }
        ui.separator();
        ui.checkbox(&mut view.compare.by_similarity, "Order by similarity")
            .on_hover_text("Films next to the films whose editing is closest; footage shared by the most films first");
    });
    ui.separator();
    let Some(data) = cache.comparison(project, view) else {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label(format!("Comparing {} films…", cache.pending_films()));
        });
        ui.ctx().request_repaint_after(std::time::Duration::from_millis(50));
        return;
    };
    let c = &data.comparison;
    if c.presence.films.is_empty() {
        ui.weak("Tick at least one film in the list on the left.");
        return;
    }
    match view.compare.tab {
        CompareTab::Presence => {
            let (films, rows) = if view.compare.by_similarity {
                (data.film_order.clone(), data.footage_order.clone())
            } else {
                (
                    (0..c.presence.films.len()).collect(),
                    (0..c.presence.rows.len()).collect(),
                )
            };
            presence_summary_ui(ui, project, &data);
            presence_grid_ui(ui, project, c, &films, &rows, view, commands);
        }
        CompareTab::Editing => editing_ui(ui, &data, view, commands),
        CompareTab::Pieces => pieces_ui(ui, c, view, commands),
        CompareTab::Variants => variants_ui(ui, c, view, commands),
    }
}

/// Footage common to every chosen film, and footage only one film shows.
fn presence_summary_ui(ui: &mut egui::Ui, project: &Project, data: &ComparisonData) {
    let c = &data.comparison;
    let named = |id: &str| match project.footage(id).map(|f| f.label.as_str()) {
        Some(label) if !label.is_empty() => format!("{label} ({id})"),
        _ => id.to_string(),
    };
    let colors = palette(ui);
    let n = c.presence.films.len();
    let common = &data.common;
    ui.horizontal_wrapped(|ui| {
        if n < 2 {
            ui.weak("One film: nothing to compare it with.");
        } else if common.is_empty() {
            ui.label(format!("No footage is shown by all {n} films."));
        } else {
            ui.colored_label(colors.common, format!("In all {n} films:"));
            let common: Vec<String> = common.iter().map(|id| named(id)).collect();
            ui.strong(common.join(", "));
        }
    });
    let unique = &data.unique;
    if n >= 2 && !unique.is_empty() {
        ui.horizontal_wrapped(|ui| {
            ui.colored_label(colors.unique, "Only in one film:");
            // A dozen at most: with hundreds of films the list would bury
            // the matrix (the rows say "only in …" all the same).
            const SHOWN: usize = 12;
            let mut text: Vec<String> = unique
                .iter()
                .take(SHOWN)
                .map(|(footage, film)| format!("{} in {}", named(footage), title(c, film)))
                .collect();
            if unique.len() > SHOWN {
                text.push(format!("and {} more, marked in the rows below", unique.len() - SHOWN));
            }
            ui.label(text.join(", "));
        });
    }
    ui.add_space(4.0);
}

const LABEL_WIDTH: f32 = 220.0;
const COLUMN_WIDTH: f32 = 108.0;
const HEADER_HEIGHT: f32 = 62.0;
const ROW_HEIGHT: f32 = 40.0;

/// A galley of one or more lines cut at `width` (with "…").
fn text_galley(
    ui: &egui::Ui,
    text: &str,
    font: FontId,
    color: Color32,
    width: f32,
    rows: usize,
) -> std::sync::Arc<egui::Galley> {
    let mut job = egui::text::LayoutJob::single_section(text.to_string(), egui::TextFormat::simple(font, color));
    job.wrap = egui::text::TextWrapping {
        max_width: width,
        max_rows: rows,
        break_anywhere: false,
        overflow_character: Some('…'),
    };
    ui.painter().layout_job(job)
}

/// The two lines of a presence cell: shots (and frames), then piece,
/// variants and trim.
fn cell_lines(uses: &[Appearance]) -> (String, String) {
    let shots: Vec<String> = uses.iter().map(|a| a.shot.to_string()).collect();
    let mut first = if uses.len() == 1 {
        format!("shot {}", shots[0])
    } else {
        format!("shots {}", shots.join(", "))
    };
    if let [a] = uses
        && let Some(n) = a.frames
    {
        first.push_str(&format!(" · {n} fr"));
    }
    let mut second = Vec::new();
    for a in uses {
        if let Some(p) = a.piece {
            second.push(format!("piece {p}"));
        }
        if !a.variants.is_empty() {
            second.push(a.variants.join(", "));
        }
    }
    (first, second.join(" · "))
}

/// How much shorter than the longest known use of the same image a use is.
fn trim_of(uses: &[Appearance]) -> Option<i64> {
    uses.iter().filter_map(|a| a.trim).filter(|&t| t > 0).max()
}

/// The presence matrix, painted: only the rows and columns in view are
/// drawn, with the film titles and footage names kept in sight while the
/// matrix scrolls, so that 200 films cost what 12 do.
fn presence_grid_ui(
    ui: &mut egui::Ui,
    project: &Project,
    c: &Comparison,
    film_order: &[usize],
    row_order: &[usize],
    view: &mut ViewState,
    commands: &mut Vec<Command>,
) {
    let colors = palette(ui);
    let films = &c.presence.films;
    let n_films = films.len();
    let total = vec2(
        LABEL_WIDTH + COLUMN_WIDTH * film_order.len() as f32,
        HEADER_HEIGHT + ROW_HEIGHT * row_order.len() as f32,
    );
    if row_order.is_empty() {
        ui.weak("No shot of these films has a footage: mark the footage of shots in the inspector.");
        return;
    }
    let text_color = ui.visuals().text_color();
    let weak = ui.visuals().weak_text_color();
    let strong = ui.visuals().strong_text_color();
    let panel_fill = ui.visuals().panel_fill;
    let small = FontId::proportional(11.5);
    let body = FontId::proportional(13.0);
    egui::ScrollArea::both()
        .auto_shrink(false)
        .id_salt("presence_grid")
        .show_viewport(ui, |ui, viewport| {
            ui.set_min_size(total);
            let origin = ui.min_rect().min;
            let painter = ui.painter().clone();
            let visible_x = (viewport.min.x - LABEL_WIDTH).max(0.0);
            let first_col = (visible_x / COLUMN_WIDTH).floor() as usize;
            let last_col =
                (((viewport.max.x - LABEL_WIDTH) / COLUMN_WIDTH).ceil().max(0.0) as usize).min(film_order.len());
            let first_row = ((viewport.min.y - HEADER_HEIGHT).max(0.0) / ROW_HEIGHT).floor() as usize;
            let last_row =
                (((viewport.max.y - HEADER_HEIGHT) / ROW_HEIGHT).ceil().max(0.0) as usize).min(row_order.len());
            // Where the sticky header and label column are, on screen.
            let header_bottom = origin.y + viewport.min.y + HEADER_HEIGHT;
            let labels_right = origin.x + viewport.min.x + LABEL_WIDTH;

            // Cells.
            for (r, &row_index) in row_order.iter().enumerate().take(last_row).skip(first_row) {
                let row = &c.presence.rows[row_index];
                let y = origin.y + HEADER_HEIGHT + r as f32 * ROW_HEIGHT;
                for (k, &film_index) in film_order.iter().enumerate().take(last_col).skip(first_col) {
                    let x = origin.x + LABEL_WIDTH + k as f32 * COLUMN_WIDTH;
                    let rect = Rect::from_min_size(pos2(x, y), vec2(COLUMN_WIDTH, ROW_HEIGHT));
                    painter.rect_stroke(rect, 0.0, (0.5, colors.grid), egui::StrokeKind::Inside);
                    let uses = &row.cells[film_index];
                    if uses.is_empty() {
                        continue;
                    }
                    let inner = rect.shrink(2.0);
                    painter.rect_filled(inner, 3.0, colors.present);
                    let (first, second) = cell_lines(uses);
                    let width = COLUMN_WIDTH - 10.0;
                    painter.galley(
                        inner.min + vec2(4.0, 3.0),
                        text_galley(ui, &first, body.clone(), strong, width, 1),
                        strong,
                    );
                    let trim = trim_of(uses);
                    let (second, color) = match trim {
                        Some(t) if second.is_empty() => (format!("−{t} fr"), colors.trim),
                        Some(t) => (format!("−{t} fr · {second}"), colors.trim),
                        None => (second, text_color),
                    };
                    if !second.is_empty() {
                        painter.galley(
                            inner.min + vec2(4.0, 20.0),
                            text_galley(ui, &second, small.clone(), color, width, 1),
                            color,
                        );
                    }
                    // Only the part of the cell out from under the sticky
                    // header and labels takes clicks.
                    let clickable = Rect::from_min_max(
                        pos2(rect.min.x.max(labels_right), rect.min.y.max(header_bottom)),
                        rect.max,
                    );
                    if clickable.is_positive() {
                        let film = &films[film_index];
                        let label = format!("{} in {}: {first}", row.footage, title(c, film));
                        let response = ui.interact(
                            clickable,
                            ui.make_persistent_id(("cell", row_index, film_index)),
                            Sense::click(),
                        );
                        response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &label));
                        if response.hovered() {
                            painter.rect_stroke(inner, 3.0, (1.5, strong), egui::StrokeKind::Inside);
                        }
                        let response = response.on_hover_ui(|ui| {
                            ui.strong(title(c, film));
                            ui.label(crate::formats::compare::presence_cell(uses));
                            if let Some(t) = trim {
                                ui.colored_label(colors.trim, format!("{t} frames shorter than the longest known use"));
                            }
                            ui.weak("Click: show the shot");
                        });
                        if response.clicked() {
                            show_shot(view, commands, film, uses[0].shot);
                        }
                    }
                }
            }

            // The footage column, kept at the left.
            let label_x = origin.x + viewport.min.x;
            for (r, &row_index) in row_order.iter().enumerate().take(last_row).skip(first_row) {
                let row = &c.presence.rows[row_index];
                let y = origin.y + HEADER_HEIGHT + r as f32 * ROW_HEIGHT;
                let rect = Rect::from_min_size(pos2(label_x, y), vec2(LABEL_WIDTH, ROW_HEIGHT));
                let selected = view.compare.footage.as_deref() == Some(row.footage.as_str());
                painter.rect_filled(
                    rect,
                    0.0,
                    if selected {
                        ui.visuals().selection.bg_fill
                    } else {
                        panel_fill
                    },
                );
                painter.rect_stroke(rect, 0.0, (0.5, colors.grid), egui::StrokeKind::Inside);
                let count = row.film_count();
                let (note, color) = if count == n_films && n_films >= 2 {
                    (format!("in all {n_films} films"), colors.common)
                } else if count == 1 && n_films >= 2 {
                    let film = row.films_present(films)[0];
                    (format!("only in {}", title(c, film)), colors.unique)
                } else {
                    (format!("in {count} of {n_films} films"), weak)
                };
                if count == n_films && n_films >= 2 {
                    painter.rect_filled(Rect::from_min_size(rect.min, vec2(4.0, ROW_HEIGHT)), 0.0, colors.common);
                } else if count == 1 && n_films >= 2 {
                    painter.rect_filled(Rect::from_min_size(rect.min, vec2(4.0, ROW_HEIGHT)), 0.0, colors.unique);
                }
                let name = project
                    .footage(&row.footage)
                    .map(|f| f.label.as_str())
                    .filter(|l| !l.is_empty())
                    .unwrap_or(row.footage.as_str());
                let width = LABEL_WIDTH - 14.0;
                painter.galley(
                    rect.min + vec2(9.0, 3.0),
                    text_galley(ui, name, body.clone(), strong, width, 1),
                    strong,
                );
                painter.galley(
                    rect.min + vec2(9.0, 21.0),
                    text_galley(ui, &note, small.clone(), color, width, 1),
                    color,
                );
                let clickable = Rect::from_min_max(pos2(rect.min.x, rect.min.y.max(header_bottom)), rect.max);
                if clickable.is_positive() {
                    let response =
                        ui.interact(clickable, ui.make_persistent_id(("footage", row_index)), Sense::click());
                    let label = format!("Footage {}", row.footage);
                    response.widget_info(|| egui::WidgetInfo::selected(egui::Role::Button, true, selected, &label));
                    if response
                        .on_hover_text(format!("{}: {note}. Click: every use of it", row.footage))
                        .clicked()
                    {
                        view.compare.footage = Some(row.footage.clone());
                    }
                }
            }

            // The film titles, kept at the top.
            let header_y = origin.y + viewport.min.y;
            let header = Rect::from_min_size(
                pos2(origin.x + viewport.min.x, header_y),
                vec2(viewport.width(), HEADER_HEIGHT),
            );
            painter.rect_filled(header, 0.0, panel_fill);
            for (k, &film_index) in film_order.iter().enumerate().take(last_col).skip(first_col) {
                let x = origin.x + LABEL_WIDTH + k as f32 * COLUMN_WIDTH;
                if x + COLUMN_WIDTH <= labels_right {
                    continue;
                }
                let rect = Rect::from_min_size(pos2(x, header_y), vec2(COLUMN_WIDTH, HEADER_HEIGHT));
                painter.rect_stroke(rect, 0.0, (0.5, colors.grid), egui::StrokeKind::Inside);
                let film = &films[film_index];
                let galley = text_galley(ui, title(c, film), small.clone(), strong, COLUMN_WIDTH - 8.0, 3);
                painter.galley(pos2(x + 4.0, header_y + 4.0), galley, strong);
                let year = project.film(film).and_then(|f| f.year);
                if let Some(year) = year {
                    painter.text(
                        pos2(x + COLUMN_WIDTH - 4.0, header_y + HEADER_HEIGHT - 3.0),
                        Align2::RIGHT_BOTTOM,
                        year.to_string(),
                        small.clone(),
                        weak,
                    );
                }
            }
            let corner = Rect::from_min_size(pos2(label_x, header_y), vec2(LABEL_WIDTH, HEADER_HEIGHT));
            painter.rect_filled(corner, 0.0, panel_fill);
            painter.text(
                corner.left_bottom() + vec2(9.0, -4.0),
                Align2::LEFT_BOTTOM,
                format!("{} footage × {} films", row_order.len(), film_order.len()),
                small.clone(),
                weak,
            );
        });
}

/// Every use of the selected footage: film, shot, piece, frames, the trim
/// against the longest use of the same piece, variants. Shown beside the
/// Compare view.
pub fn footage_uses_ui(
    ui: &mut egui::Ui,
    project: &Project,
    view: &mut ViewState,
    cache: &mut AnalysisCache,
    commands: &mut Vec<Command>,
) {
    ui.add_space(4.0);
    ui.heading("Footage");
    let Some(data) = cache.ready() else {
        return;
    };
    let c = &data.comparison;
    let Some(id) = view.compare.footage.clone() else {
        ui.weak("Click a footage in the presence matrix to see every use of it.");
        return;
    };
    let colors = palette(ui);
    if let Some(footage) = project.footage(&id) {
        ui.strong(if footage.label.is_empty() {
            &footage.id
        } else {
            &footage.label
        });
        ui.weak(&footage.id);
        if !footage.description.is_empty() {
            ui.label(&footage.description);
        }
    } else {
        ui.strong(&id);
    }
    ui.separator();
    let Some(uses) = c.appearances.get(&id) else {
        ui.weak("None of the chosen films shows it.");
        return;
    };
    let films: std::collections::BTreeSet<&str> = uses.iter().map(|a| a.film.as_str()).collect();
    ui.label(format!(
        "{} uses in {} of the {} films compared",
        uses.len(),
        films.len(),
        c.presence.films.len()
    ));
    // Two uses side by side: the two ticked, or the only two there are.
    view.compare
        .picked
        .retain(|(f, n)| uses.iter().any(|a| a.film == *f && a.shot == *n));
    let pair = match view.compare.picked.as_slice() {
        [a, b] => Some((a.clone(), b.clone())),
        _ if uses.len() == 2 => Some((
            (uses[0].film.clone(), uses[0].shot),
            (uses[1].film.clone(), uses[1].shot),
        )),
        _ => None,
    };
    ui.horizontal(|ui| {
        let button = ui
            .add_enabled(pair.is_some(), egui::Button::new("Side by side"))
            .on_hover_text("The two uses in two viewers locked together, from their first frames")
            .on_disabled_hover_text("Tick two uses below");
        if button.clicked()
            && let Some((a, b)) = pair
        {
            commands.push(Command::SideBySide {
                a: (a.0, a.1.saturating_sub(1)),
                b: (b.0, b.1.saturating_sub(1)),
            });
        }
        ui.weak(format!("{} of 2 ticked", view.compare.picked.len()));
    });
    ui.add_space(4.0);
    egui::ScrollArea::vertical().id_salt("footage_uses").show(ui, |ui| {
        ui.spacing_mut().item_spacing.y = 2.0;
        for a in uses {
            let text = format!("{}, shot {}", title(c, &a.film), a.shot);
            let count = a.frames.map_or("length unknown".to_string(), |n| format!("{n} fr"));
            let mut details = Vec::new();
            if let Some(p) = a.piece {
                details.push(format!("piece {p}"));
            }
            if !a.variants.is_empty() {
                details.push(a.variants.join(", "));
            }
            match a.trim {
                Some(0) => details.push("the longest use".to_string()),
                Some(t) => details.push(format!("{t} frames shorter than the longest")),
                None => {}
            }
            if details.is_empty() {
                details.push("no piece or variant noted".to_string());
            }
            let details = details.join(" · ");
            ui.horizontal(|ui| {
                let key = (a.film.clone(), a.shot);
                let mut ticked = view.compare.picked.contains(&key);
                let tick = ui
                    .checkbox(&mut ticked, "")
                    .on_hover_text("Tick two uses to see them side by side");
                let tick = tick.accessible_name(format!("Side by side: {}, shot {}", title(c, &a.film), a.shot));
                if tick.changed() {
                    if ticked {
                        view.compare.picked.push(key);
                        if view.compare.picked.len() > 2 {
                            view.compare.picked.remove(0);
                        }
                    } else {
                        view.compare.picked.retain(|k| *k != key);
                    }
                }
                let response = list_entry_ui(
                    ui,
                    ListEntry {
                        title: &text,
                        count: &count,
                        details: &details,
                        details_font: FontId::proportional(11.5),
                        name: &text,
                        selected: false,
                    },
                );
                if response.on_hover_text("Show the shot").clicked() {
                    show_shot(view, commands, &a.film, a.shot);
                }
            });
        }
        ui.spacing_mut().item_spacing.y = 4.0;
        if let Some(variants) = c.variants.get(&id) {
            ui.add_space(8.0);
            ui.strong("Variants");
            for (variant, films) in variants {
                let names: Vec<&str> = films.iter().map(|f| title(c, f)).collect();
                ui.label(format!(
                    "{variant}: {}",
                    if names.is_empty() {
                        "no film".to_string()
                    } else {
                        names.join("; ")
                    }
                ));
            }
        }
        if let Some(r) = c.reconstructions.get(&id) {
            ui.add_space(8.0);
            ui.strong("Pieces");
            for p in &r.pieces {
                ui.label(format!("{}. {}, shot {}", p.piece, title(c, &p.film), p.shot));
            }
            if !r.gaps.is_empty() {
                let gaps: Vec<String> = r.gaps.iter().map(u32::to_string).collect();
                ui.colored_label(colors.unique, format!("Not found: piece {}", gaps.join(", ")));
            }
        }
    });
}

/// A pair of films in words, with the numbers that make its score.
fn pair_summary(a: &Alignment) -> String {
    let count = |k: OpKind| a.ops.iter().filter(|o| o.op == k).count();
    format!(
        "{} matched, {} only in the first, {} only in the second, {} different",
        count(OpKind::Match),
        count(OpKind::Delete),
        count(OpKind::Insert),
        count(OpKind::Substitute)
    )
}

/// All pairs of films by similarity of their editing, and the alignment
/// of the chosen pair.
fn editing_ui(ui: &mut egui::Ui, data: &ComparisonData, view: &mut ViewState, commands: &mut Vec<Command>) {
    let c = &data.comparison;
    if c.alignments.is_empty() {
        ui.weak("Choose two films or more to see which share their editing.");
        return;
    }
    let pairs: Vec<&Alignment> = data.pairs_by_score.iter().map(|&i| &c.alignments[i]).collect();
    if view.compare.pair.is_none() {
        view.compare.pair = Some((pairs[0].a.clone(), pairs[0].b.clone()));
    }
    let best = pairs[0];
    ui.horizontal_wrapped(|ui| {
        ui.label("Closest editing:");
        ui.strong(format!("{} and {}", title(c, &best.a), title(c, &best.b)));
        ui.label(format!("({:.2}: {})", best.score, pair_summary(best)));
    });
    ui.add_space(4.0);
    ui.columns(2, |columns| {
        columns[0].push_id("pairs", |ui| pairs_table_ui(ui, c, &pairs, view));
        let ui = &mut columns[1];
        let chosen = view
            .compare
            .pair
            .as_ref()
            .and_then(|(a, b)| c.alignments.iter().find(|x| &x.a == a && &x.b == b));
        match chosen {
            Some(alignment) => alignment_ui(ui, c, alignment, view, commands),
            None => {
                ui.weak("Click a pair to see its alignment.");
            }
        }
    });
}

fn pairs_table_ui(ui: &mut egui::Ui, c: &Comparison, pairs: &[&Alignment], view: &mut ViewState) {
    TableBuilder::new(ui)
        .striped(true)
        .sense(Sense::click())
        .column(Column::exact(52.0))
        .column(Column::remainder().at_least(120.0).clip(true))
        .column(Column::remainder().at_least(120.0).clip(true))
        .column(Column::exact(60.0))
        .header(22.0, |mut header| {
            for h in ["Score", "Film", "Film", "Matched"] {
                header.col(|ui| {
                    ui.strong(h);
                });
            }
        })
        .body(|body| {
            body.rows(22.0, pairs.len(), |mut row| {
                let a = pairs[row.index()];
                let selected = view.compare.pair.as_ref().is_some_and(|(x, y)| x == &a.a && y == &a.b);
                row.set_selected(selected);
                row.col(|ui| {
                    ui.label(format!("{:.2}", a.score));
                });
                row.col(|ui| {
                    ui.add(egui::Label::new(title(c, &a.a)).truncate());
                });
                row.col(|ui| {
                    ui.add(egui::Label::new(title(c, &a.b)).truncate());
                });
                row.col(|ui| {
                    ui.label(a.matches().to_string());
                });
                let response = row.response();
                let label = format!("Pair {} and {}: {:.2}", title(c, &a.a), title(c, &a.b), a.score);
                response.widget_info(|| egui::WidgetInfo::selected(egui::Role::Button, true, selected, &label));
                if response.clicked() {
                    view.compare.pair = Some((a.a.clone(), a.b.clone()));
                }
            });
        });
}

/// The two films side by side, shot against shot.
fn alignment_ui(ui: &mut egui::Ui, c: &Comparison, a: &Alignment, view: &mut ViewState, commands: &mut Vec<Command>) {
    let colors = palette(ui);
    ui.strong(format!("{}  /  {}", title(c, &a.a), title(c, &a.b)));
    ui.label(format!("Similarity {:.2}: {}", a.score, pair_summary(a)));
    if !a.moved.is_empty() {
        ui.colored_label(
            colors.unique,
            format!("Shown by both in another order: {}", a.moved.join(", ")),
        );
    }
    ui.add_space(4.0);
    let mut clicked: Option<(String, usize)> = None;
    ui.push_id("alignment", |ui| {
        TableBuilder::new(ui)
            .striped(true)
            .column(Column::exact(36.0))
            .column(Column::remainder().at_least(80.0).clip(true))
            .column(Column::exact(70.0))
            .column(Column::remainder().at_least(80.0).clip(true))
            .column(Column::exact(36.0))
            .header(22.0, |mut header| {
                for h in ["Shot", "Footage", "", "Footage", "Shot"] {
                    header.col(|ui| {
                        ui.strong(h);
                    });
                }
            })
            .body(|body| {
                body.rows(22.0, a.ops.len(), |mut row| {
                    let op = &a.ops[row.index()];
                    let footage = op.footage.as_deref().unwrap_or("?");
                    let (word, color) = match op.op {
                        OpKind::Match => ("same", colors.common),
                        OpKind::Delete => ("only left", colors.unique),
                        OpKind::Insert => ("only right", colors.unique),
                        OpKind::Substitute => ("different", colors.trim),
                    };
                    row.col(|ui| {
                        if let Some(n) = op.a_shot
                            && ui.link(n.to_string()).on_hover_text("Show the shot").clicked()
                        {
                            clicked = Some((a.a.clone(), n));
                        }
                    });
                    row.col(|ui| {
                        if op.a_shot.is_some() {
                            ui.add(egui::Label::new(footage_side(&op.op, footage, true)).truncate());
                        }
                    });
                    row.col(|ui| {
                        ui.colored_label(color, word);
                    });
                    row.col(|ui| {
                        if op.b_shot.is_some() {
                            ui.add(egui::Label::new(footage_side(&op.op, footage, false)).truncate());
                        }
                    });
                    row.col(|ui| {
                        if let Some(n) = op.b_shot
                            && ui.link(n.to_string()).on_hover_text("Show the shot").clicked()
                        {
                            clicked = Some((a.b.clone(), n));
                        }
                    });
                });
            });
    });
    if let Some((film, shot)) = clicked {
        show_shot(view, commands, &film, shot);
    }
}

/// The footage a side of an alignment row shows. A substitution pairs two
/// different images: its footage (of the first film) is not the second's.
fn footage_side(op: &OpKind, footage: &str, left: bool) -> String {
    match (op, left) {
        (OpKind::Substitute, false) => "other footage".to_string(),
        _ => footage.to_string(),
    }
}

/// Footage cut into pieces: each piece with the film and shot it comes
/// from, in order, and the pieces nobody has found.
fn pieces_ui(ui: &mut egui::Ui, c: &Comparison, view: &mut ViewState, commands: &mut Vec<Command>) {
    let colors = palette(ui);
    if c.reconstructions.is_empty() {
        ui.weak("No footage of these films is marked with piece numbers.");
        return;
    }
    egui::ScrollArea::vertical().id_salt("pieces").show(ui, |ui| {
        for (footage, r) in &c.reconstructions {
            let last = r.pieces.last().map_or(0, |p| p.piece);
            ui.horizontal(|ui| {
                ui.strong(footage);
                ui.weak(format!(
                    "{} of {last} pieces found{}",
                    last as usize - r.gaps.len(),
                    if r.gaps.is_empty() { ", none missing" } else { "" }
                ));
            });
            ui.horizontal_wrapped(|ui| {
                let mut pieces = r.pieces.iter().peekable();
                for number in 1..=last {
                    let here: Vec<_> = std::iter::from_fn(|| pieces.next_if(|p| p.piece == number)).collect();
                    if here.is_empty() {
                        egui::Frame::group(ui.style()).show(ui, |ui| {
                            ui.colored_label(colors.unique, format!("{number}. not found"));
                        });
                    }
                    for p in here {
                        let text = format!("{number}. {}, shot {}", title(c, &p.film), p.shot);
                        if ui.button(text).on_hover_text("Show the shot").clicked() {
                            show_shot(view, commands, &p.film, p.shot);
                        }
                    }
                }
            });
            ui.add_space(10.0);
        }
    });
}

/// For each footage whose uses differ by variant: which film uses which.
fn variants_ui(ui: &mut egui::Ui, c: &Comparison, view: &mut ViewState, commands: &mut Vec<Command>) {
    if c.variants.is_empty() {
        ui.weak("No use of a footage in these films names a variant.");
        return;
    }
    egui::ScrollArea::vertical().id_salt("variants").show(ui, |ui| {
        for (footage, variants) in &c.variants {
            ui.strong(footage);
            let uses = c.appearances.get(footage).map(Vec::as_slice).unwrap_or_default();
            // Films by the set of variants they use: "both", "only closed".
            let mut by_film: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
            for a in uses {
                let entry = by_film.entry(a.film.as_str()).or_default();
                for v in &a.variants {
                    if !entry.contains(&v.as_str()) {
                        entry.push(v.as_str());
                    }
                }
            }
            egui::Grid::new(("variants", footage.as_str()))
                .num_columns(2)
                .spacing([16.0, 4.0])
                .striped(true)
                .show(ui, |ui| {
                    for (variant, films) in variants {
                        ui.label(variant);
                        ui.horizontal_wrapped(|ui| {
                            if films.is_empty() {
                                ui.weak("no film");
                            }
                            for film in films {
                                let shot = uses
                                    .iter()
                                    .find(|a| &a.film == film && a.variants.contains(variant))
                                    .map(|a| a.shot);
                                let mut text = title(c, film).to_string();
                                match by_film.get(film.as_str()).map_or(0, Vec::len) {
                                    2 => text.push_str(" (both)"),
                                    n if n > 2 => text.push_str(&format!(" ({n} variants)")),
                                    _ => {}
                                }
                                if ui.button(text).on_hover_text("Show the shot").clicked()
                                    && let Some(shot) = shot
                                {
                                    show_shot(view, commands, film, shot);
                                }
                            }
                        });
                        ui.end_row();
                    }
                });
            ui.add_space(10.0);
        }
    });
}
