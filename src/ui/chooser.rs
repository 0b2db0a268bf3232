//! The films a comparison or a statistics table is about: a checklist in
//! project order, shared by the Compare and Statistics views, with All and
//! None. A thousand films scroll as smoothly as twelve (only the rows in
//! view are drawn).

use std::collections::BTreeSet;

use eframe::egui;

use super::ViewState;
use crate::model::{Film, Project};

/// The chosen films, in project order; every film when no choice was made.
pub fn chosen_films<'a>(project: &'a Project, view: &ViewState) -> Vec<&'a Film> {
    match &view.chosen {
        None => project.films.iter().collect(),
        Some(ids) => project.films.iter().filter(|f| ids.contains(&f.id)).collect(),
    }
}

/// Their ids, as the key of what was computed from them.
pub fn chosen_ids(project: &Project, view: &ViewState) -> Vec<String> {
    chosen_films(project, view).iter().map(|f| f.id.clone()).collect()
}

pub fn chooser_ui(ui: &mut egui::Ui, project: &Project, view: &mut ViewState) {
    let chosen = chosen_films(project, view).len();
    ui.add_space(4.0);
    ui.horizontal(|ui| {
        ui.heading("Films");
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            ui.weak(format!("{chosen} of {}", project.films.len()));
        });
    });
    ui.horizontal(|ui| {
        if ui
            .button("All")
            .on_hover_text("Compare every film of the project")
            .clicked()
        {
            view.chosen = None;
        }
        if ui.button("None").on_hover_text("Clear the choice").clicked() {
            view.chosen = Some(BTreeSet::new());
        }
    });
    ui.weak("Tick the films to compare and measure.");
    ui.separator();
    let row_height = ui.spacing().interact_size.y;
    egui::ScrollArea::vertical()
        .auto_shrink(false)
        .show_rows(ui, row_height, project.films.len(), |ui, rows| {
            ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Truncate);
            for film in &project.films[rows] {
                let mut on = view.chosen.as_ref().is_none_or(|ids| ids.contains(&film.id));
                let text = match film.year {
                    Some(year) => format!("{} ({year})", film.title),
                    None => film.title.clone(),
                };
                let response = ui.add(egui::Checkbox::new(&mut on, text));
                if response.changed() {
                    let ids = view
                        .chosen
                        .get_or_insert_with(|| project.films.iter().map(|f| f.id.clone()).collect());
                    if on {
                        ids.insert(film.id.clone());
                    } else {
                        ids.remove(&film.id);
                    }
                    if ids.len() == project.films.len() {
                        view.chosen = None;
                    }
                }
            }
        });
}
