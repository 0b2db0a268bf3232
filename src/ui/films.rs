//! The film list: every film with its year, kind and shot count.

use eframe::egui;

use super::ViewState;
use crate::model::{Film, Project};

/// Whether `film` matches the filter text (title, English title, id, year).
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

pub fn films_ui(ui: &mut egui::Ui, project: &Project, view: &mut ViewState) {
    ui.add_space(4.0);
    ui.heading("Films");
    ui.add(
        egui::TextEdit::singleline(&mut view.film_filter)
            .hint_text("Search films")
            .desired_width(f32::INFINITY),
    );
    ui.add_space(4.0);
    egui::ScrollArea::vertical().auto_shrink(false).show(ui, |ui| {
        for film in project.films.iter().filter(|f| matches(f, &view.film_filter)) {
            let selected = view.selected_film.as_deref() == Some(film.id.as_str());
            let year = film.year.map_or("n.d.".to_string(), |y| y.to_string());
            let shots = film.shots.len();
            let text = format!(
                "{}\n{year} · {} · {shots} shot{}",
                film.title,
                if film.kind.is_empty() {
                    "kind unknown"
                } else {
                    &film.kind
                },
                if shots == 1 { "" } else { "s" }
            );
            let response =
                ui.add(egui::Button::selectable(selected, text))
                    .on_hover_text(if film.english_title.is_empty() {
                        &film.id
                    } else {
                        &film.english_title
                    });
            if response.clicked() && !selected {
                view.selected_film = Some(film.id.clone());
                view.selected_shot = None;
            }
        }
    });
}
