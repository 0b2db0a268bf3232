//! A two-line entry of a selectable list (the film list, the footage
//! registry): a wrapped title with a count at its right, a small line of
//! details below, and a name for screen readers and tests.

use eframe::egui;

pub struct ListEntry<'a> {
    pub title: &'a str,
    /// Shown at the right of the title, in small type ("5 shots").
    pub count: &'a str,
    /// The second line, truncated to the width.
    pub details: &'a str,
    pub details_font: egui::FontId,
    /// What screen readers and tests call the entry.
    pub name: &'a str,
    pub selected: bool,
}

/// Space around the text of an entry.
pub const PADDING: egui::Vec2 = egui::vec2(6.0, 4.0);

/// Draws the entry across the available width; returns its response (click).
pub fn list_entry_ui(ui: &mut egui::Ui, entry: ListEntry<'_>) -> egui::Response {
    let padding = PADDING;
    let width = ui.available_width();
    let inner_width = (width - 2.0 * padding.x).max(40.0);
    let count = egui::WidgetText::from(entry.count).into_galley(
        ui,
        Some(egui::TextWrapMode::Extend),
        f32::INFINITY,
        egui::FontId::proportional(11.0),
    );
    let title = egui::WidgetText::from(entry.title).into_galley(
        ui,
        Some(egui::TextWrapMode::Wrap),
        inner_width - count.size().x - 8.0,
        egui::TextStyle::Body,
    );
    let details = egui::WidgetText::from(entry.details).into_galley(
        ui,
        Some(egui::TextWrapMode::Truncate),
        inner_width,
        entry.details_font,
    );
    let height = 2.0 * padding.y + title.size().y + 1.0 + details.size().y;
    let (rect, response) = ui.allocate_exact_size(egui::vec2(width, height), egui::Sense::click());
    let selected = entry.selected;
    response.widget_info(|| egui::WidgetInfo::selected(egui::Role::Button, ui.is_enabled(), selected, entry.name));
    if ui.is_rect_visible(rect) {
        let visuals = ui.style().interact_selectable(&response, selected);
        if selected || response.hovered() || response.has_focus() {
            ui.painter().rect(
                rect,
                visuals.corner_radius,
                visuals.weak_bg_fill,
                visuals.bg_stroke,
                egui::StrokeKind::Inside,
            );
        }
        let (title_color, detail_color) = if selected {
            let color = ui.visuals().selection.stroke.color;
            (color, color.gamma_multiply(0.8))
        } else {
            (ui.visuals().strong_text_color(), ui.visuals().weak_text_color())
        };
        let top_left = rect.min + padding;
        let count_pos = egui::pos2(rect.max.x - padding.x - count.size().x, top_left.y + 2.0);
        let details_pos = top_left + egui::vec2(0.0, title.size().y + 1.0);
        ui.painter().galley(top_left, title, title_color);
        ui.painter().galley(count_pos, count, detail_color);
        ui.painter().galley(details_pos, details, detail_color);
    }
    response
}
