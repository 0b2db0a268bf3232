//! The shot table of the selected film: virtualized, so that films of any
//! length scroll smoothly; sorted and filtered as a view (the project keeps
//! its order, the shot number stays the shot's place in the film); every
//! operation on the selected shots from the toolbar, the context menu and
//! the keyboard, as one undoable edit each (built in `model::ops`).

use std::collections::BTreeSet;
use std::sync::Arc;

use eframe::egui;
use egui_extras::{Column, TableBuilder};

use super::ViewState;
use super::commands::Command;
use super::filmstrip::{self, Filmstrip};
use crate::media;
use crate::model::ops::{self, Choice, Direction, Side, Sort, SortColumn, TableSpec};
use crate::model::{Edit, Film, LengthSource, Project, Shot, Timecode};

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

/// Rows PageUp and PageDown move by.
const PAGE: usize = 20;

/// State of the shot table between frames: how it sorts and filters the
/// shots, and where a Shift-selection starts.
#[derive(Default, Debug, Clone, PartialEq)]
pub struct TableState {
    pub spec: TableSpec,
    /// The shot a Shift+click or Shift+arrow extends the selection from.
    pub anchor: Option<usize>,
    /// Columns the user hid, in the order of `COLUMNS`.
    pub hidden: [bool; COLUMNS.len()],
    /// The user hid the picture column (shown when the film has media).
    pub hide_pictures: bool,
    pub cache: RowCache,
}

/// The filter text field, so that Ctrl+F can give it the keyboard.
pub fn filter_id() -> egui::Id {
    egui::Id::unique("shot_filter")
}

/// The rows of the last sorted or filtered view, kept while the film, the
/// sort and filter, and the fingerprint of the fields they read stay the
/// same: sorting 100,000 shots on every frame would make scrolling stutter.
/// A cache, not part of what the user sees: every two are equal.
#[derive(Clone, Default)]
pub struct RowCache(Option<CachedRows>);

#[derive(Clone)]
struct CachedRows {
    film: String,
    spec: TableSpec,
    fingerprint: u64,
    rows: Arc<Vec<usize>>,
}

impl PartialEq for RowCache {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl std::fmt::Debug for RowCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.0 {
            Some(cached) => write!(f, "RowCache({} rows of '{}')", cached.rows.len(), cached.film),
            None => write!(f, "RowCache(empty)"),
        }
    }
}

/// Which shot each row of the table shows.
struct Rows {
    /// `None` when row i is shot i (no sort, no filter).
    map: Option<Arc<Vec<usize>>>,
    len: usize,
}

impl Rows {
    fn new(film: &Film, project: &Project, table: &mut TableState) -> Self {
        if table.spec.is_identity() {
            return Rows {
                map: None,
                len: film.shots.len(),
            };
        }
        let fingerprint = ops::view_fingerprint(film, &project.vocabularies, &table.spec);
        let rows = match &table.cache.0 {
            Some(cached)
                if cached.film == film.id && cached.spec == table.spec && cached.fingerprint == fingerprint =>
            {
                cached.rows.clone()
            }
            _ => {
                let rows = Arc::new(ops::sorted_filtered_rows(film, &project.vocabularies, &table.spec));
                table.cache.0 = Some(CachedRows {
                    film: film.id.clone(),
                    spec: table.spec.clone(),
                    fingerprint,
                    rows: rows.clone(),
                });
                rows
            }
        };
        Rows {
            len: rows.len(),
            map: Some(rows),
        }
    }

    fn shot(&self, row: usize) -> usize {
        match &self.map {
            Some(map) => map[row],
            None => row,
        }
    }

    fn row_of(&self, shot: usize) -> Option<usize> {
        match &self.map {
            Some(map) => map.iter().position(|&s| s == shot),
            None => (shot < self.len).then_some(shot),
        }
    }

    /// The shots shown from row `a` to row `b`, both included, in any order.
    fn between(&self, a: usize, b: usize) -> impl Iterator<Item = usize> + '_ {
        (a.min(b)..=a.max(b)).map(|row| self.shot(row))
    }
}

/// Something done to the selected shots, from a key, the toolbar or the
/// context menu.
#[derive(Clone, Debug, PartialEq)]
enum ShotOp {
    Insert(Side),
    Duplicate,
    Delete,
    Move(Direction),
    Split,
    Merge,
    Framing(Option<String>),
    Footage(Option<String>),
    Variant(Option<String>),
    EditDescription,
    AddEvidence,
}

/// The keys of each operation, as the toolbar, the menus and the help show them.
fn op_keys(op: &ShotOp) -> &'static str {
    match op {
        ShotOp::Insert(Side::Before) => "Shift+N",
        ShotOp::Insert(Side::After) => "N",
        ShotOp::Duplicate => "Ctrl+D",
        ShotOp::Delete => "Del",
        ShotOp::Move(Direction::Up) => "Alt+Up",
        ShotOp::Move(Direction::Down) => "Alt+Down",
        ShotOp::Split => "S",
        ShotOp::Merge => "M",
        ShotOp::Framing(Some(_)) => "1–7",
        ShotOp::Framing(None) => "0",
        ShotOp::Footage(_) | ShotOp::Variant(_) => "",
        ShotOp::EditDescription => "Enter",
        ShotOp::AddEvidence => "E",
    }
}

/// The selection as the operations take it: the selected shots, or the
/// shot in the inspector.
fn selected(view: &ViewState) -> Vec<usize> {
    if view.selection.is_empty() {
        view.selected_shot.into_iter().collect()
    } else {
        view.selection.iter().copied().collect()
    }
}

/// Selects `shots`, with `cursor` in the inspector, and scrolls to it.
fn select(view: &mut ViewState, shots: impl IntoIterator<Item = usize>, cursor: Option<usize>) {
    view.selection = shots.into_iter().collect();
    view.selection.extend(cursor);
    view.selected_shot = cursor;
    view.table.anchor = cursor;
    view.scroll_to_selected = cursor.is_some();
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Builds the edit for `op`, pushes it, and selects what it leaves behind;
/// or says why it cannot be done.
fn perform(
    ctx: &egui::Context,
    project: &Project,
    film: &Film,
    view: &mut ViewState,
    commands: &mut Vec<Command>,
    op: ShotOp,
) {
    let shots = selected(view);
    let cursor = view.selected_shot.or(shots.first().copied());
    let n = film.shots.len();
    let id = film.id.as_str();
    let need_cursor = || cursor.ok_or_else(|| "Select a shot first".to_string());
    // The edit, and the selection (shots, cursor) once it is applied.
    let planned: Result<(Edit, Vec<usize>, Option<usize>), String> = match &op {
        ShotOp::EditDescription | ShotOp::AddEvidence => {
            match need_cursor() {
                Ok(_) if op == ShotOp::AddEvidence => view.inspector.add_evidence = true,
                Ok(_) => ctx.memory_mut(|m| m.request_focus(super::inspector::description_id())),
                Err(e) => commands.push(Command::error(e)),
            }
            return;
        }
        ShotOp::Insert(side) => ops::insert_blank(project, id, cursor, *side).map(|edit| {
            let at = ops::insert_position(n, cursor, *side);
            (edit, vec![at], Some(at))
        }),
        ShotOp::Duplicate => ops::duplicate(project, id, &shots).map(|edit| {
            let copies = ops::duplicate_positions(&shots);
            let cursor = cursor.and_then(|c| {
                let rank = shots.iter().filter(|&&s| s < c).count();
                copies.get(rank).copied()
            });
            (edit, copies, cursor)
        }),
        ShotOp::Delete => ops::delete_shots(project, id, &shots).map(|edit| {
            let left = n.saturating_sub(shots.len());
            let next = shots.iter().min().map(|&first| first.min(left.saturating_sub(1)));
            let next = next.filter(|_| left > 0);
            (edit, next.into_iter().collect(), next)
        }),
        ShotOp::Move(direction) => ops::move_shots(project, id, &shots, *direction).map(|edit| {
            let shift = |i: usize| match direction {
                Direction::Up => i - 1,
                Direction::Down => i + 1,
            };
            (edit, shots.iter().map(|&i| shift(i)).collect(), cursor.map(shift))
        }),
        ShotOp::Split => need_cursor()
            .and_then(|c| ops::split_shot(project, id, c))
            .map(|edit| (edit, cursor.into_iter().collect(), cursor)),
        ShotOp::Merge => need_cursor()
            .and_then(|c| ops::merge_with_next(project, id, c))
            .map(|edit| (edit, cursor.into_iter().collect(), cursor)),
        ShotOp::Framing(code) => {
            ops::set_framing(project, id, &shots, code.clone()).map(|edit| (edit, shots.clone(), cursor))
        }
        ShotOp::Footage(footage) => {
            ops::set_footage(project, id, &shots, footage.clone()).map(|edit| (edit, shots.clone(), cursor))
        }
        ShotOp::Variant(variant) => {
            ops::set_variant(project, id, &shots, variant.as_deref()).map(|edit| (edit, shots.clone(), cursor))
        }
    };
    match planned {
        Err(message) => commands.push(Command::error(message)),
        Ok((edit, _, _)) if ops::is_empty(&edit) => {
            commands.push(Command::info(format!("Nothing to change: {}", edit.describe())));
        }
        Ok((edit, shots, cursor)) => {
            commands.push(Command::info(format!(
                "{} (Ctrl+Z undoes it)",
                capitalized(&edit.describe())
            )));
            commands.push(Command::Edit(edit));
            select(view, shots, cursor);
        }
    }
}

/// A key press, taken from the input so that no widget acts on it too.
/// Extra Shift or Alt count (see `egui::Modifiers::matches_logically`), so
/// the more specific combinations are taken first.
fn take(input: &mut egui::InputState, modifiers: egui::Modifiers, key: egui::Key) -> usize {
    input.count_and_consume_key(modifiers, key)
}

/// Where the arrow keys move the cursor.
enum Step {
    By(isize),
    First,
    Last,
}

/// Keys for the shot table, when no text field has the keyboard: Up and
/// Down (or K and J) step through the rows, with Shift they extend the
/// selection; Home, End, PageUp and PageDown; Escape goes back to the film.
/// The operations: see `op_keys`. Ctrl+F gives the keyboard to the shot
/// filter (again: to the film search; Ctrl+Shift+F: the film search).
pub fn table_keys(ctx: &egui::Context, project: &Project, view: &mut ViewState, commands: &mut Vec<Command>) {
    use egui::{Key, Modifiers};
    if ctx.memory(|m| m.top_modal_layer().is_some()) {
        // A dialog is open: the keys are its own.
        return;
    }
    let film = view.selected_film.as_deref().and_then(|id| project.film(id));
    let in_filter = ctx.memory(|m| m.has_focus(filter_id()));
    let (shift_cmd, cmd) = (Modifiers::COMMAND | Modifiers::SHIFT, Modifiers::COMMAND);
    let (search_films, search) = ctx.input_mut(|i| (take(i, shift_cmd, Key::F) > 0, take(i, cmd, Key::F) > 0));
    if search_films || (search && (film.is_none() || in_filter)) {
        ctx.memory_mut(|m| m.request_focus(super::films::search_id()));
        return;
    }
    if search {
        ctx.memory_mut(|m| m.request_focus(filter_id()));
        return;
    }
    let Some(film) = film else {
        return;
    };
    if ctx.egui_wants_keyboard_input() {
        // Down from the filter goes to the first shot it shows.
        if in_filter && ctx.input_mut(|i| take(i, Modifiers::NONE, Key::ArrowDown) > 0) {
            ctx.memory_mut(|m| m.surrender_focus(filter_id()));
            let rows = Rows::new(film, project, &mut view.table);
            if rows.len > 0 {
                view.select_shot(Some(rows.shot(0)));
                view.table.anchor = view.selected_shot;
            }
        }
        return;
    }

    let mut step = None;
    let mut extend = false;
    let mut op = None;
    let mut escape = false;
    let mut select_all = false;
    let framing = &project.vocabularies.framing;
    let widget_focused = ctx.memory(|m| m.focused().is_some());
    ctx.input_mut(|i| {
        let (none, shift, alt) = (Modifiers::NONE, Modifiers::SHIFT, Modifiers::ALT);
        if take(i, alt, Key::ArrowUp) > 0 {
            op = Some(ShotOp::Move(Direction::Up));
        }
        if take(i, alt, Key::ArrowDown) > 0 {
            op = Some(ShotOp::Move(Direction::Down));
        }
        for (keys, sign) in [([Key::ArrowUp, Key::K], -1isize), ([Key::ArrowDown, Key::J], 1)] {
            for key in keys {
                let extended = take(i, shift, key);
                let plain = take(i, none, key);
                if extended + plain > 0 {
                    step = Some(Step::By(sign * (extended + plain) as isize));
                    extend = extended > 0;
                }
            }
        }
        for (key, by) in [(Key::PageUp, -(PAGE as isize)), (Key::PageDown, PAGE as isize)] {
            let extended = take(i, shift, key);
            if extended + take(i, none, key) > 0 {
                step = Some(Step::By(by));
                extend = extended > 0;
            }
        }
        for (key, to) in [(Key::Home, Step::First), (Key::End, Step::Last)] {
            let extended = take(i, shift, key);
            if extended + take(i, none, key) > 0 {
                step = Some(to);
                extend = extended > 0;
            }
        }
        if take(i, cmd, Key::A) > 0 {
            select_all = true;
        }
        if take(i, cmd, Key::D) > 0 {
            op = Some(ShotOp::Duplicate);
        }
        if take(i, shift, Key::N) > 0 || take(i, shift, Key::Insert) > 0 {
            op = Some(ShotOp::Insert(Side::Before));
        }
        if take(i, none, Key::N) > 0 || take(i, none, Key::Insert) > 0 {
            op = Some(ShotOp::Insert(Side::After));
        }
        if take(i, none, Key::Delete) > 0 || take(i, none, Key::Backspace) > 0 {
            op = Some(ShotOp::Delete);
        }
        if take(i, none, Key::S) > 0 {
            op = Some(ShotOp::Split);
        }
        if take(i, none, Key::M) > 0 {
            op = Some(ShotOp::Merge);
        }
        // Enter on a button that has the keyboard (reached with Tab) presses it.
        if !widget_focused && take(i, none, Key::Enter) > 0 {
            op = Some(ShotOp::EditDescription);
        }
        if take(i, none, Key::E) > 0 {
            op = Some(ShotOp::AddEvidence);
        }
        if take(i, none, Key::Num0) > 0 {
            op = Some(ShotOp::Framing(None));
        }
        let digits = [
            Key::Num1,
            Key::Num2,
            Key::Num3,
            Key::Num4,
            Key::Num5,
            Key::Num6,
            Key::Num7,
            Key::Num8,
            Key::Num9,
        ];
        for (k, key) in digits.into_iter().enumerate() {
            if take(i, none, key) > 0 {
                op = Some(match framing.get(k) {
                    Some(term) => ShotOp::Framing(Some(term.code.clone())),
                    None => {
                        commands.push(Command::error(format!(
                            "The framing scale has {} terms: there is no term {}",
                            framing.len(),
                            k + 1
                        )));
                        continue;
                    }
                });
            }
        }
        escape = take(i, none, Key::Escape) > 0;
    });

    // Escape in a text field ends the typing (egui drops the focus before
    // this runs): it must not also leave the shot.
    if escape && !view.typing_last_frame {
        view.select_shot(None);
        view.table.anchor = None;
        return;
    }
    if select_all || step.is_some() {
        let rows = Rows::new(film, project, &mut view.table);
        if select_all {
            view.selection = (0..rows.len).map(|r| rows.shot(r)).collect();
            if view.selected_shot.is_none_or(|s| !view.selection.contains(&s)) {
                view.selected_shot = (rows.len > 0).then(|| rows.shot(0));
            }
            view.table.anchor = view.selected_shot;
        }
        if let Some(step) = step
            && rows.len > 0
        {
            let last = rows.len - 1;
            let current = view.selected_shot.and_then(|s| rows.row_of(s));
            let row = match (step, current) {
                (Step::First, _) => 0,
                (Step::Last, _) => last,
                (Step::By(by), None) if by > 0 => 0,
                (Step::By(_), None) => last,
                (Step::By(by), Some(row)) => row.saturating_add_signed(by).min(last),
            };
            let shot = rows.shot(row);
            if extend {
                let anchor = view.table.anchor.or(view.selected_shot).unwrap_or(shot);
                let anchor_row = rows.row_of(anchor).unwrap_or(row);
                view.selection = rows.between(anchor_row, row).collect();
                view.selected_shot = Some(shot);
                view.table.anchor = Some(anchor);
                view.scroll_to_selected = true;
            } else {
                view.select_shot(Some(shot));
                view.table.anchor = Some(shot);
            }
        }
    }
    if let Some(op) = op {
        perform(ctx, project, film, view, commands, op);
    }
}

pub fn shots_ui(
    ui: &mut egui::Ui,
    project: &Project,
    view: &mut ViewState,
    strip: &mut Filmstrip,
    commands: &mut Vec<Command>,
) {
    let scroll_to_selected = std::mem::take(&mut view.scroll_to_selected);
    let Some(film) = view.selected_film.as_deref().and_then(|id| project.film(id)) else {
        ui.centered_and_justified(|ui| ui.weak("Select a film on the left."));
        return;
    };
    let rows = Rows::new(film, project, &mut view.table);
    film_header_ui(ui, film, &mut view.table, rows.len);
    ui.add_space(6.0);
    if view.table.spec.filter.is_active() && !view.selection.is_empty() {
        // Operations act on what the table shows, never on hidden shots.
        let mut shown = vec![false; film.shots.len()];
        for row in 0..rows.len {
            shown[rows.shot(row)] = true;
        }
        view.selection.retain(|&s| shown.get(s).copied().unwrap_or(false));
    }
    let mut ops = Vec::new();
    filter_bar_ui(ui, project, film, &mut view.table);
    ui.add_space(2.0);
    toolbar_ui(ui, project, film, view, &mut ops);
    ui.add_space(4.0);

    if film.shots.is_empty() {
        ui.add_space(12.0);
        ui.weak("This film has no shots yet. Add one with N (or Insert), or, on its media, mark cuts with C or Detect cuts.");
    } else if rows.len == 0 {
        ui.add_space(12.0);
        ui.horizontal(|ui| {
            ui.weak("No shot matches the filter.");
            if ui.button("Clear the filter").clicked() {
                view.table.spec.filter = Default::default();
            }
        });
    } else {
        let scroll_row = if scroll_to_selected {
            view.selected_shot.and_then(|s| rows.row_of(s))
        } else {
            None
        };
        // Sideways scrolling when the window is too narrow for every column,
        // rather than columns cut off out of sight.
        let output = egui::ScrollArea::horizontal()
            .auto_shrink(false)
            .show(ui, |ui| {
                shot_table_ui(ui, project, film, &rows, view, strip, scroll_row)
            })
            .inner;
        ops.extend(output.ops);
        if let Some((shot, modifiers)) = output.clicked {
            click(view, &rows, shot, modifiers);
        }
        if let Some(column) = output.sort_by {
            let sort = &mut view.table.spec.sort;
            *sort = match *sort {
                Some(Sort {
                    column: c,
                    descending: false,
                }) if c == column => Some(Sort {
                    column,
                    descending: true,
                }),
                Some(Sort {
                    column: c,
                    descending: true,
                }) if c == column => None,
                _ => Some(Sort {
                    column,
                    descending: false,
                }),
            };
        }
    }
    for op in ops {
        perform(ui.ctx(), project, film, view, commands, op);
    }
}

/// A click on a row: alone it selects the shot; with Ctrl it adds or
/// removes it; with Shift it selects every row from the last one clicked.
fn click(view: &mut ViewState, rows: &Rows, shot: usize, modifiers: egui::Modifiers) {
    if modifiers.shift {
        let anchor = view.table.anchor.or(view.selected_shot).unwrap_or(shot);
        let (Some(a), Some(b)) = (rows.row_of(anchor), rows.row_of(shot)) else {
            return;
        };
        if !modifiers.command {
            view.selection.clear();
        }
        view.selection.extend(rows.between(a, b));
        view.selected_shot = Some(shot);
        view.table.anchor = Some(anchor);
    } else if modifiers.command {
        if !view.selection.insert(shot) {
            view.selection.remove(&shot);
        }
        view.selected_shot = if view.selection.contains(&shot) {
            Some(shot)
        } else {
            view.selection.iter().next().copied()
        };
        view.table.anchor = Some(shot);
    } else {
        view.selected_shot = Some(shot);
        view.selection = BTreeSet::from([shot]);
        view.table.anchor = Some(shot);
    }
}

fn film_header_ui(ui: &mut egui::Ui, film: &Film, table: &mut TableState, shown: usize) {
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
    // Saturating: a project that fails validation may hold absurd lengths.
    let frames = film
        .shots
        .iter()
        .filter_map(Shot::frames)
        .fold(0i64, i64::saturating_add);
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
    ui.horizontal_wrapped(|ui| {
        ui.label(summary);
        // What the table shows of the film: a view, not the film's order.
        let spec = &mut table.spec;
        let filtered = spec.filter.is_active();
        if filtered || spec.sort.is_some() {
            ui.separator();
            let mut what = Vec::new();
            if filtered {
                what.push(format!("showing {shown} of {} shots", film.shots.len()));
            }
            if let Some(sort) = spec.sort {
                what.push(format!(
                    "sorted by {}{}",
                    column_name(sort.column).to_lowercase(),
                    if sort.descending { ", descending" } else { "" }
                ));
            }
            ui.colored_label(ui.visuals().warn_fg_color, what.join(" · "));
            if spec.sort.is_some()
                && ui
                    .small_button("Film order")
                    .on_hover_text("Show the shots in the film's order again")
                    .clicked()
            {
                spec.sort = None;
            }
        }
    });
}

/// A filter menu: any value, none, or one of `values` (code, label).
fn choice_ui(
    ui: &mut egui::Ui,
    salt: &str,
    name: &str,
    none: &str,
    choice: &mut Choice,
    values: impl FnOnce() -> Vec<(String, String)>,
) {
    let shown = match &*choice {
        Choice::Any => format!("{name}: any"),
        Choice::Unknown => format!("{name}: {none}"),
        Choice::Is(value) => format!("{name}: {value}"),
    };
    let active = *choice != Choice::Any;
    let text = if active {
        egui::RichText::new(&shown).strong()
    } else {
        egui::RichText::new(&shown)
    };
    egui::ComboBox::from_id_salt(("shot_filter", salt))
        .selected_text(text)
        .width(0.0)
        .show_ui(ui, |ui| {
            ui.selectable_value(choice, Choice::Any, "Any");
            ui.selectable_value(choice, Choice::Unknown, capitalized(none));
            ui.separator();
            for (code, label) in values() {
                let text = if label.is_empty() || label == code {
                    code.clone()
                } else {
                    format!("{code} — {label}")
                };
                ui.selectable_value(choice, Choice::Is(code), text);
            }
        })
        .response
        .accessible_name(shown)
        .on_hover_text(format!("Show only the shots with this {}", name.to_lowercase()));
}

/// The filter text and menus, and how many shots they let through.
fn filter_bar_ui(ui: &mut egui::Ui, project: &Project, film: &Film, table: &mut TableState) {
    ui.horizontal_wrapped(|ui| {
        let spec = &mut table.spec;
        let filter = &mut spec.filter;
        let clear_width = if filter.text.is_empty() { 0.0 } else { 20.0 };
        ui.add(
            egui::TextEdit::singleline(&mut filter.text)
                .id(filter_id())
                .hint_text("Filter shots (Ctrl+F)")
                .desired_width(170.0 - clear_width),
        )
        .accessible_name("Filter shots")
        .on_hover_text("Words in the description, notes, footage, variants or evidence. Down goes to the first shot.");
        if !filter.text.is_empty()
            && ui
                .add(egui::Button::new("×").frame(false))
                .on_hover_text("Clear the text")
                .clicked()
        {
            filter.text.clear();
        }
        let vocab = &project.vocabularies;
        choice_ui(ui, "framing", "Framing", "unknown", &mut filter.framing, || {
            vocab
                .framing
                .iter()
                .map(|t| (t.code.clone(), t.label.clone()))
                .collect()
        });
        choice_ui(ui, "footage", "Footage", "none", &mut filter.footage, || {
            // The footage this film uses, in the registry's order.
            let used: BTreeSet<&str> = film
                .shots
                .iter()
                .filter_map(|s| s.footage.as_ref())
                .map(|u| u.footage.as_str())
                .collect();
            let mut values: Vec<(String, String)> = project
                .footage
                .iter()
                .filter(|f| used.contains(f.id.as_str()))
                .map(|f| (f.id.clone(), f.label.clone()))
                .collect();
            // Footage the registry lacks is still a value to filter by.
            for id in used {
                if project.footage(id).is_none() {
                    values.push((id.to_string(), String::new()));
                }
            }
            values
        });
        choice_ui(ui, "claim", "Claim", "no evidence", &mut filter.claim, || {
            vocab.claims.iter().map(|t| (t.code.clone(), t.label.clone())).collect()
        });
        let active = filter.is_active();
        if active && ui.button("Clear filters").clicked() {
            *filter = Default::default();
        }
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            columns_menu_ui(ui, &mut table.hidden, &mut table.hide_pictures)
        });
    });
}

/// A toolbar button: its name, its keys in weak type beside it.
fn tool_button(ui: &mut egui::Ui, enabled: bool, name: &str, op: &ShotOp, tip: &str) -> bool {
    let keys = op_keys(op);
    let button = egui::Button::new(name).shortcut_text(keys);
    let tip = if keys.is_empty() {
        tip.to_string()
    } else {
        format!("{tip} ({keys})")
    };
    ui.add_enabled(enabled, button).on_hover_text(tip).clicked()
}

/// The operations on the selected shots, in two rows: what makes and
/// unmakes shots, then what moves and annotates the selection.
fn toolbar_ui(ui: &mut egui::Ui, project: &Project, film: &Film, view: &ViewState, ops: &mut Vec<ShotOp>) {
    let count = selected(view).len();
    let any = count > 0;
    let one = view.selected_shot.is_some();
    fn row(ui: &mut egui::Ui, ops: &mut Vec<ShotOp>, tools: &[(bool, &str, ShotOp, &str)]) {
        for (enabled, name, op, tip) in tools {
            if tool_button(ui, *enabled, name, op, tip) {
                ops.push(op.clone());
            }
        }
    }
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing.x = 4.0;
        row(
            ui,
            ops,
            &[
                (
                    true,
                    "Insert before",
                    ShotOp::Insert(Side::Before),
                    "A blank shot before the selected one",
                ),
                (
                    true,
                    "Insert after",
                    ShotOp::Insert(Side::After),
                    "A blank shot after the selected one",
                ),
                (one, "Split", ShotOp::Split, "Cut the shot in two halves of its length"),
                (one, "Merge", ShotOp::Merge, "Merge the shot with the next one"),
                (
                    any,
                    "Duplicate",
                    ShotOp::Duplicate,
                    "Copy each selected shot after itself",
                ),
                (any, "Delete", ShotOp::Delete, "Delete the selected shots"),
            ],
        );
    });
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing.x = 4.0;
        row(
            ui,
            ops,
            &[
                (
                    any,
                    "Move up",
                    ShotOp::Move(Direction::Up),
                    "Move the selected shots one place up",
                ),
                (
                    any,
                    "Move down",
                    ShotOp::Move(Direction::Down),
                    "Move the selected shots one place down",
                ),
            ],
        );
        ui.separator();
        ui.add_enabled_ui(any, |ui| set_menus_ui(ui, project, film, view, ops));
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if count > 1 {
                ui.strong(format!("{count} selected"));
            }
        });
    });
}

/// The framing, footage and variant menus, for every selected shot at once.
fn set_menus_ui(ui: &mut egui::Ui, project: &Project, film: &Film, view: &ViewState, ops: &mut Vec<ShotOp>) {
    ui.menu_button("Set framing", |ui| framing_items_ui(ui, project, ops))
        .response
        .on_hover_text("Set the framing of the selected shots (keys 1–7; 0 clears)");
    ui.menu_button("Set footage", |ui| footage_items_ui(ui, project, ops))
        .response
        .on_hover_text("Set the footage the selected shots show");
    ui.menu_button("Set variant", |ui| variant_items_ui(ui, project, film, view, ops))
        .response
        .on_hover_text("Set which variant of their footage the selected shots show");
}

fn framing_items_ui(ui: &mut egui::Ui, project: &Project, ops: &mut Vec<ShotOp>) {
    for (k, term) in project.vocabularies.framing.iter().enumerate() {
        let button = egui::Button::new(format!("{} — {}", term.code, term.label));
        let button = if k < 9 {
            button.shortcut_text((k + 1).to_string())
        } else {
            button
        };
        if ui.add(button).on_hover_text(&term.definition).clicked() {
            ops.push(ShotOp::Framing(Some(term.code.clone())));
        }
    }
    ui.separator();
    if ui.add(egui::Button::new("Unknown").shortcut_text("0")).clicked() {
        ops.push(ShotOp::Framing(None));
    }
}

fn footage_items_ui(ui: &mut egui::Ui, project: &Project, ops: &mut Vec<ShotOp>) {
    egui::ScrollArea::vertical().max_height(320.0).show(ui, |ui| {
        if project.footage.is_empty() {
            ui.weak("The footage registry is empty");
        }
        for footage in &project.footage {
            if ui
                .button(format!("{} — {}", footage.id, footage.label))
                .on_hover_text(&footage.description)
                .clicked()
            {
                ops.push(ShotOp::Footage(Some(footage.id.clone())));
            }
        }
    });
    ui.separator();
    if ui.button("None").clicked() {
        ops.push(ShotOp::Footage(None));
    }
}

fn variant_items_ui(ui: &mut egui::Ui, project: &Project, film: &Film, view: &ViewState, ops: &mut Vec<ShotOp>) {
    // The variants of the footage the selected shots show.
    let used: BTreeSet<&str> = selected(view)
        .iter()
        .filter_map(|&i| film.shots.get(i))
        .filter_map(|s| s.footage.as_ref())
        .map(|u| u.footage.as_str())
        .collect();
    let mut any = false;
    for id in &used {
        let Some(footage) = project.footage(id) else {
            continue;
        };
        for set in &footage.variants {
            if used.len() > 1 {
                ui.weak(&footage.id);
            }
            for value in set {
                any = true;
                if ui.button(value).clicked() {
                    ops.push(ShotOp::Variant(Some(value.clone())));
                }
            }
            ui.separator();
        }
    }
    if !any {
        ui.weak("The footage of the selected shots has no known variants");
        ui.separator();
    }
    if ui.button("Clear the variants").clicked() {
        ops.push(ShotOp::Variant(None));
    }
}

/// The context menu of a row: every operation, with its keys.
fn context_menu_ui(ui: &mut egui::Ui, project: &Project, film: &Film, view: &ViewState, ops: &mut Vec<ShotOp>) {
    let count = selected(view).len();
    let items: [(&str, ShotOp); 8] = [
        ("Edit the description", ShotOp::EditDescription),
        ("Add evidence", ShotOp::AddEvidence),
        ("Insert a shot before", ShotOp::Insert(Side::Before)),
        ("Insert a shot after", ShotOp::Insert(Side::After)),
        ("Split in two", ShotOp::Split),
        ("Merge with the next shot", ShotOp::Merge),
        ("Move up", ShotOp::Move(Direction::Up)),
        ("Move down", ShotOp::Move(Direction::Down)),
    ];
    for (k, (name, op)) in items.into_iter().enumerate() {
        if k == 2 || k == 4 || k == 6 {
            ui.separator();
        }
        if ui.add(egui::Button::new(name).shortcut_text(op_keys(&op))).clicked() {
            ops.push(op);
        }
    }
    ui.separator();
    let what = if count > 1 {
        format!("{count} shots")
    } else {
        "shot".into()
    };
    if ui
        .add(egui::Button::new(format!("Duplicate {what}")).shortcut_text(op_keys(&ShotOp::Duplicate)))
        .clicked()
    {
        ops.push(ShotOp::Duplicate);
    }
    if ui
        .add(egui::Button::new(format!("Delete {what}")).shortcut_text(op_keys(&ShotOp::Delete)))
        .clicked()
    {
        ops.push(ShotOp::Delete);
    }
    ui.separator();
    ui.menu_button("Framing", |ui| framing_items_ui(ui, project, ops));
    ui.menu_button("Footage", |ui| footage_items_ui(ui, project, ops));
    ui.menu_button("Variant", |ui| variant_items_ui(ui, project, film, view, ops));
}

fn column_name(column: SortColumn) -> &'static str {
    COLUMNS
        .iter()
        .find(|c| c.sort == column)
        .map_or("shot number", |c| c.name)
}

/// A column of the table: its header, what it holds, how it sorts, and its
/// starting width (the columns are compact so that the description shows
/// beside the film list and the inspector in a 1280-pixel window).
struct ColumnSpec {
    name: &'static str,
    tip: &'static str,
    numeric: bool,
    sort: SortColumn,
    width: f32,
    /// The user may hide it (the number and the description always show).
    optional: bool,
}

/// How wide the picture column shows each shot's first frame.
const PICTURE_WIDTH: f32 = 64.0;

const COLUMNS: [ColumnSpec; 11] = [
    ColumnSpec {
        name: "No.",
        tip: "Shot number: its place in the film",
        numeric: true,
        sort: SortColumn::Number,
        width: 34.0,
        optional: false,
    },
    ColumnSpec {
        name: "Start",
        tip: "First frame in the film (counted from 0)",
        numeric: true,
        sort: SortColumn::Start,
        width: 46.0,
        optional: true,
    },
    ColumnSpec {
        name: "Frames",
        tip: FRAMES_TIP,
        numeric: true,
        sort: SortColumn::Frames,
        width: 52.0,
        optional: true,
    },
    ColumnSpec {
        name: "Sec.",
        tip: "Length in seconds at the film's frame rate",
        numeric: true,
        sort: SortColumn::Seconds,
        width: 40.0,
        optional: true,
    },
    ColumnSpec {
        name: "Timecode",
        tip: "Where the shot starts, as a timecode at the film's frame rate",
        numeric: true,
        sort: SortColumn::Timecode,
        width: 70.0,
        optional: true,
    },
    ColumnSpec {
        name: "Scale",
        tip: "Framing (shot scale)",
        numeric: false,
        sort: SortColumn::Framing,
        width: 38.0,
        optional: true,
    },
    ColumnSpec {
        name: "Footage",
        tip: "The original footage the shot shows",
        numeric: false,
        sort: SortColumn::Footage,
        width: 76.0,
        optional: true,
    },
    ColumnSpec {
        name: "Piece",
        tip: "Which piece of a footage cut into several",
        numeric: true,
        sort: SortColumn::Piece,
        width: 34.0,
        optional: true,
    },
    ColumnSpec {
        name: "Variant",
        tip: "Which of the footage's known variants the shot shows",
        numeric: false,
        sort: SortColumn::Variant,
        width: 72.0,
        optional: true,
    },
    ColumnSpec {
        name: "Evid.",
        tip: "Evidence items about the shot",
        numeric: true,
        sort: SortColumn::Evidence,
        width: 34.0,
        optional: true,
    },
    ColumnSpec {
        name: "Description",
        tip: "What the shot shows",
        numeric: false,
        sort: SortColumn::Description,
        width: 120.0,
        optional: false,
    },
];

/// The menu that shows and hides the optional columns.
fn columns_menu_ui(ui: &mut egui::Ui, hidden: &mut [bool; COLUMNS.len()], hide_pictures: &mut bool) {
    ui.menu_button("Columns", |ui| {
        let mut pictures = !*hide_pictures;
        if ui
            .checkbox(&mut pictures, "Picture")
            .on_hover_text("The first frame of each shot, from the film's media")
            .changed()
        {
            *hide_pictures = !pictures;
        }
        for (column, hide) in COLUMNS.iter().zip(hidden.iter_mut()) {
            if column.optional {
                let mut shown = !*hide;
                if ui.checkbox(&mut shown, column.name).on_hover_text(column.tip).changed() {
                    *hide = !shown;
                }
            }
        }
    })
    .response
    .on_hover_text("Show or hide columns");
}

/// A small triangle beside a header that sorts the table: up when the
/// values grow down the table, down when they shrink. Painted, because the
/// body font has no arrows; on the free side of the header text.
fn sort_mark(ui: &egui::Ui, header: &egui::Response, numeric: bool, descending: bool) {
    let size = 3.5;
    let text = header.rect;
    let x = if numeric {
        text.left() - size - 2.0
    } else {
        text.right() + size + 2.0
    };
    let c = egui::pos2(x, text.center().y);
    let (tip, base) = if descending { (size, -size) } else { (-size, size) };
    let points = vec![
        egui::pos2(c.x, c.y + tip),
        egui::pos2(c.x - size, c.y + base),
        egui::pos2(c.x + size, c.y + base),
    ];
    let color = ui.visuals().strong_text_color();
    ui.painter()
        .add(egui::Shape::convex_polygon(points, color, egui::Stroke::NONE));
}

/// What the user did in the table this frame.
#[derive(Default)]
struct TableOutput {
    /// A shot clicked, with the modifiers held.
    clicked: Option<(usize, egui::Modifiers)>,
    sort_by: Option<SortColumn>,
    /// Operations asked for (a double click, the context menu).
    ops: Vec<ShotOp>,
}

/// Draws the table.
fn shot_table_ui(
    ui: &mut egui::Ui,
    project: &Project,
    film: &Film,
    rows: &Rows,
    view: &ViewState,
    strip: &mut Filmstrip,
    scroll_row: Option<usize>,
) -> TableOutput {
    // A click anywhere on a row selects the shot; selectable text would
    // take the clicks that land on it.
    ui.style_mut().interaction.selectable_labels = false;
    ui.spacing_mut().item_spacing.x = 6.0;
    let text_row = ui.text_style_height(&egui::TextStyle::Body) + 8.0;
    // The first frame of each shot, when the film has media.
    let pictures = if view.table.hide_pictures {
        None
    } else {
        media::media_path(film, view.project_dir.as_deref())
    };
    let row_height = if pictures.is_some() {
        text_row.max(PICTURE_WIDTH * 9.0 / 16.0 + 6.0)
    } else {
        text_row
    };
    let right = egui::Layout::right_to_left(egui::Align::Center);
    let modifiers = ui.input(|i| i.modifiers);
    let sort = view.table.spec.sort;
    let mut output = TableOutput::default();
    let shown: Vec<&ColumnSpec> = COLUMNS
        .iter()
        .zip(view.table.hidden)
        .filter(|(_, hidden)| !hidden)
        .map(|(column, _)| column)
        .collect();
    let mut table = TableBuilder::new(ui)
        .id_salt(("shots", &film.id))
        .striped(true)
        .resizable(true)
        .sense(egui::Sense::click())
        .cell_layout(egui::Layout::left_to_right(egui::Align::Center));
    // Wide enough for the largest shot number, and (at first) for the
    // last start frame and its timecode: films of hours have long ones.
    let digit = 8.0;
    let wide = |text_len: usize, width: f32| (10.0 + digit * text_len as f32).max(width);
    let last_start = film.shots.iter().rev().find_map(|s| s.start).map(|f| f.0);
    let last_timecode = last_start
        .zip(film.rate)
        .and_then(|(start, rate)| Timecode::from_frame(start, rate, false).ok())
        .map_or(0, |tc| tc.to_string().len());
    if pictures.is_some() {
        table = table.column(Column::exact(PICTURE_WIDTH + 4.0));
    }
    for column in &shown {
        table = table.column(match column.sort {
            SortColumn::Number => Column::exact(wide(film.shots.len().to_string().len(), column.width)),
            SortColumn::Description => Column::remainder().at_least(column.width).clip(true),
            SortColumn::Start => {
                let len = last_start.map_or(0, |s| s.to_string().len());
                Column::initial(wide(len, column.width)).at_least(28.0).clip(true)
            }
            // Digits and colons: a colon is half a digit.
            SortColumn::Timecode => Column::initial(wide(last_timecode * 3 / 4 + 1, column.width))
                .at_least(28.0)
                .clip(true),
            _ => Column::initial(column.width).at_least(28.0).clip(true),
        });
    }
    if let Some(row) = scroll_row {
        table = table.scroll_to_row(row, None);
    }
    table
        .header(24.0, |mut header| {
            if pictures.is_some() {
                header.col(|ui| {
                    ui.strong("Picture")
                        .on_hover_text("The first frame of the shot, from the film's media (Columns hides it)");
                });
            }
            for column in &shown {
                header.col(|ui| {
                    let sorted = sort.filter(|s| s.column == column.sort).map(|s| s.descending);
                    let layout = if column.numeric {
                        right
                    } else {
                        egui::Layout::left_to_right(egui::Align::Center)
                    };
                    ui.with_layout(layout, |ui| {
                        let name = egui::RichText::new(column.name).strong();
                        let mut response = ui.add(egui::Button::new(name).frame(false)).on_hover_text(format!(
                            "{}\nClick to sort by this column; again to reverse, a third time for the film's order.",
                            column.tip
                        ));
                        if let Some(descending) = sorted {
                            sort_mark(ui, &response, column.numeric, descending);
                            response = response.accessible_name(format!(
                                "{}, sorted {}",
                                column.name,
                                if descending { "descending" } else { "ascending" }
                            ));
                        }
                        if response.clicked() {
                            output.sort_by = Some(column.sort);
                        }
                    });
                });
            }
        })
        .body(|body| {
            body.rows(row_height, rows.len, |mut row| {
                let i = rows.shot(row.index());
                let shot = &film.shots[i];
                row.set_selected(view.selection.contains(&i) || view.selected_shot == Some(i));
                if let Some(path) = &pictures {
                    row.col(|ui| match shot.start.and_then(|s| usize::try_from(s.0).ok()) {
                        Some(first) => filmstrip::frame_thumb(ui, strip, path, film.rate, first, PICTURE_WIDTH),
                        None => {
                            ui.weak("—").on_hover_text("first frame unknown");
                        }
                    });
                }
                for column in &shown {
                    row.col(|ui| cell_ui(ui, column.sort, project, film, i, shot, row_height));
                }
                let response = row.response();
                if response.clicked() {
                    output.clicked = Some((i, modifiers));
                }
                if response.double_clicked() {
                    output.ops.push(ShotOp::EditDescription);
                }
                if response.secondary_clicked() && !view.selection.contains(&i) {
                    output.clicked = Some((i, egui::Modifiers::NONE));
                }
                response.context_menu(|ui| context_menu_ui(ui, project, film, view, &mut output.ops));
            });
        });
    output
}

/// One cell of the table: shot `i`'s value in `column`.
fn cell_ui(
    ui: &mut egui::Ui,
    column: SortColumn,
    project: &Project,
    film: &Film,
    i: usize,
    shot: &Shot,
    row_height: f32,
) {
    let right = egui::Layout::right_to_left(egui::Align::Center);
    match column {
        SortColumn::Number => {
            ui.with_layout(right, |ui| ui.label((i + 1).to_string()));
        }
        SortColumn::Start => {
            ui.with_layout(right, |ui| match shot.start {
                Some(start) => ui.label(start.0.to_string()),
                None => ui.weak("—").on_hover_text("first frame unknown"),
            });
        }
        SortColumn::Frames => {
            ui.with_layout(right, |ui| match &shot.length {
                Some(length) => {
                    // The mark has a column of its own, so that the digits
                    // line up whatever the mark.
                    let mark = provenance_mark(&length.source);
                    let tip = provenance_text(&length.source);
                    ui.add_sized([10.0, row_height], egui::Label::new(egui::RichText::new(mark).weak()));
                    ui.add_space(-4.0);
                    match shot.length_disagreement() {
                        Some((_, reported)) => {
                            let warn = ui.visuals().warn_fg_color;
                            ui.colored_label(warn, length.frames.to_string()).on_hover_text(format!(
                                "{tip}; reported as {} frames{}",
                                reported.frames,
                                if reported.citation.is_empty() {
                                    String::new()
                                } else {
                                    format!(" by {}", reported.citation)
                                }
                            ));
                        }
                        None => {
                            ui.label(length.frames.to_string()).on_hover_text(tip);
                        }
                    }
                }
                None => {
                    ui.add_space(10.0);
                    ui.weak("—").on_hover_text("length unknown");
                }
            });
        }
        SortColumn::Seconds => {
            ui.with_layout(right, |ui| match (shot.frames(), film.rate) {
                (Some(frames), Some(rate)) => {
                    ui.label(format!("{:.2}", rate.frames_to_seconds(frames)))
                        .on_hover_text(format!("seconds at {rate} fps"));
                }
                (Some(_), None) => {
                    ui.weak("?").on_hover_text("the film's frame rate is unknown");
                }
                (None, _) => {
                    ui.weak("—").on_hover_text("length unknown");
                }
            });
        }
        SortColumn::Timecode => {
            ui.with_layout(right, |ui| match (shot.start, film.rate) {
                (Some(start), Some(rate)) => match Timecode::from_frame(start.0, rate, false) {
                    Ok(tc) => {
                        ui.label(tc.to_string());
                    }
                    Err(e) => {
                        ui.weak("!").on_hover_text(e.to_string());
                    }
                },
                (Some(_), None) => {
                    ui.weak("?").on_hover_text("the film's frame rate is unknown");
                }
                (None, _) => {
                    ui.weak("—").on_hover_text("first frame unknown");
                }
            });
        }
        SortColumn::Framing => match &shot.framing {
            Some(code) => {
                let response = ui.label(code);
                match project.vocabularies.framing_term(code) {
                    Some(term) => response.on_hover_text(format!("{}: {}", term.label, term.definition)),
                    None => response.on_hover_text("not in the framing scale"),
                };
            }
            None => {
                ui.weak("—").on_hover_text("framing unknown");
            }
        },
        SortColumn::Footage => {
            if let Some(usage) = &shot.footage {
                let response = ui.add(egui::Label::new(&usage.footage).truncate());
                if let Some(footage) = project.footage(&usage.footage) {
                    response.on_hover_text(&footage.label);
                }
            }
        }
        SortColumn::Piece => {
            if let Some(piece) = shot.footage.as_ref().and_then(|u| u.piece) {
                ui.with_layout(right, |ui| ui.label(piece.to_string()));
            }
        }
        SortColumn::Variant => {
            if let Some(usage) = shot.footage.as_ref().filter(|u| !u.variants.is_empty()) {
                ui.add(egui::Label::new(usage.variants.join("; ")).truncate());
            }
        }
        SortColumn::Evidence => {
            if !shot.evidence.is_empty() {
                ui.with_layout(right, |ui| ui.label(shot.evidence.len().to_string()));
            }
        }
        SortColumn::Description => {
            ui.add(egui::Label::new(&shot.description).truncate());
        }
    }
}
