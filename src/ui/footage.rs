//! The footage registry: every footage with its variants and appearances.

use eframe::egui;

use super::ViewState;
use super::commands::Command;
use crate::model::Project;

/// State of the footage registry panel.
#[derive(Default, Debug, Clone, PartialEq)]
pub struct FootageState {
    pub selected: Option<String>,
}

pub fn footage_ui(ui: &mut egui::Ui, project: &Project, view: &mut ViewState, commands: &mut Vec<Command>) {
    let _ = (project, view, commands);
    ui.heading("Footage");
}
