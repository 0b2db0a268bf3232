//! The vocabulary editor: framing scale, evidence kinds, claims.

use eframe::egui;

use super::ViewState;
use super::commands::Command;
use crate::model::Project;

/// State of the vocabulary editor.
#[derive(Default, Debug, Clone, PartialEq)]
pub struct VocabState {}

pub fn vocab_ui(ui: &mut egui::Ui, project: &Project, view: &mut ViewState, commands: &mut Vec<Command>) {
    let _ = (project, view, commands);
    ui.heading("Vocabularies");
}
