//! The film list: every film with its year, kind and shot count, and a
//! search field above it.

use eframe::egui;

use super::ViewState;
use super::commands::Command;
use crate::model::{Film, Project};

/// The search field, so that a key can focus it from anywhere.
pub fn search_id() -> egui::Id {
    egui::Id::unique("film_search")
}

/// Whether `film` matches the filter text (title, English title, id, kind, year).
fn matches(film: &Film, filter: &str) -> bool {
    if filter.trim().is_empty() {
        return true;
    }
    let needle = filter.trim().to_lowercase();
    [
        film.title.as_str(),
        film.english_title.as_str(),
        film.id.as_str(),
        film.kind.as_str(),
    ]
    .iter()
    .any(|s| s.to_lowercase().contains(&needle))
        || film.year.is_some_and(|y| y.to_string().contains(&needle))
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// The second line of a film entry: what kind of film, and when.
fn film_details(film: &Film) -> String {
    let year = film.year.map_or("n.d.".to_string(), |y| y.to_string());
    if film.kind.is_empty() {
        year
    } else {
        format!("{year} · {}", film.kind)
    }
}

pub fn films_ui(ui: &mut egui::Ui, project: &Project, view: &mut ViewState, commands: &mut Vec<Command>) {
    let shown: Vec<&Film> = project.films.iter().filter(|f| matches(f, &view.film_filter)).collect();

    ui.add_space(4.0);
    ui.horizontal(|ui| {
        ui.heading("Films");
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if shown.len() == project.films.len() {
                ui.weak(project.films.len().to_string());
            } else {
                ui.weak(format!("{} of {}", shown.len(), project.films.len()));
            }
        });
    });
    ui.horizontal(|ui| {
        let clear_width = if view.film_filter.is_empty() { 0.0 } else { 24.0 };
        ui.add(
            egui::TextEdit::singleline(&mut view.film_filter)
                .id(search_id())
                .hint_text("Search title, year, kind (Ctrl+F)")
                .desired_width(ui.available_width() - clear_width),
        )
        .accessible_name("Search films");
        if !view.film_filter.is_empty()
            && ui
                .add(egui::Button::new("×").frame(false))
                .accessible_name("Clear the search")
                .on_hover_text("Clear the search")
                .clicked()
        {
            view.film_filter.clear();
        }
    });
    ui.add_space(4.0);
    ui.separator();

    egui::ScrollArea::vertical().auto_shrink(false).show(ui, |ui| {
        ui.spacing_mut().item_spacing.y = 2.0;
        if shown.is_empty() {
            ui.add_space(8.0);
            ui.weak(format!("No film matches “{}”.", view.film_filter.trim()));
        }
        for film in shown {
            let selected = view.selected_film.as_deref() == Some(film.id.as_str());
            let response = film_entry_ui(ui, film, selected);
            if response.clicked() && !selected {
                commands.push(Command::SelectFilm(film.id.clone()));
            }
        }
    });
}

/// One film in the list: its title (wrapped) and shot count, and below them
/// its year and kind in small type. Named by its title for screen readers.
fn film_entry_ui(ui: &mut egui::Ui, film: &Film, selected: bool) -> egui::Response {
    let padding = egui::vec2(6.0, 4.0);
    let width = ui.available_width();
    let inner_width = (width - 2.0 * padding.x).max(40.0);
    // Between the small and the body text: readable, yet clearly second.
    let detail_font = egui::FontId::proportional(11.0);

    let count = egui::WidgetText::from(plural(film.shots.len(), "shot")).into_galley(
        ui,
        Some(egui::TextWrapMode::Extend),
        f32::INFINITY,
        detail_font.clone(),
    );
    let title = egui::WidgetText::from(film.title.as_str()).into_galley(
        ui,
        Some(egui::TextWrapMode::Wrap),
        inner_width - count.size().x - 8.0,
        egui::TextStyle::Body,
    );
    let details = egui::WidgetText::from(film_details(film)).into_galley(
        ui,
        Some(egui::TextWrapMode::Truncate),
        inner_width,
        detail_font,
    );

    let height = 2.0 * padding.y + title.size().y + 1.0 + details.size().y;
    let (rect, response) = ui.allocate_exact_size(egui::vec2(width, height), egui::Sense::click());
    response.widget_info(|| egui::WidgetInfo::selected(egui::Role::Button, ui.is_enabled(), selected, &film.title));

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

    let mut hover = film.title.clone();
    if !film.english_title.is_empty() {
        hover = format!("{hover}\n{}", film.english_title);
    }
    response.on_hover_text(format!("{hover}\n{}", film_details(film)))
}
