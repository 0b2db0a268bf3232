//! What the user is looking at: selection, filters, open panels. Never in
//! the project; persisted between runs where it makes sense.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::model::Project;

use super::{compare, films, footage, inspector, shots, statistics, vocab};

/// What the central area shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Mode {
    /// The film list, the shot table and the inspector.
    #[default]
    Shots,
    Compare,
    Statistics,
}

impl Mode {
    pub fn name(self) -> &'static str {
        match self {
            Mode::Shots => "Shots",
            Mode::Compare => "Compare",
            Mode::Statistics => "Statistics",
        }
    }
}

#[derive(Default, Debug, Clone, PartialEq)]
pub struct ViewState {
    pub mode: Mode,
    /// The films compared and measured; `None`: every film.
    pub chosen: Option<BTreeSet<String>>,
    pub compare: compare::CompareState,
    pub stats: statistics::StatsState,
    /// The folder of the project file, where media paths start from.
    pub project_dir: Option<std::path::PathBuf>,
    /// File > Export writes the selected film alone (else every film).
    pub export_selected_only: bool,
    pub selected_film: Option<String>,
    /// The shot shown in the inspector (index in the selected film); `None`
    /// shows the film itself.
    pub selected_shot: Option<usize>,
    /// Every selected shot, for bulk changes; holds `selected_shot`.
    pub selection: BTreeSet<usize>,
    /// Scroll the shot table to `selected_shot` on the next frame.
    pub scroll_to_selected: bool,
    pub film_filter: String,
    /// Scroll the film list to the selected film on the next frame.
    pub scroll_to_film: bool,
    /// Heights of the film entries, so that only those in view are drawn.
    pub film_list: films::FilmListLayout,
    pub table: shots::TableState,
    pub inspector: inspector::InspectorState,
    pub footage: footage::FootageState,
    pub vocab: vocab::VocabState,
    pub panels: Panels,
    /// A text field had the keyboard at the end of the last frame.
    pub typing_last_frame: bool,
}

/// Which extra panels are open.
#[derive(Default, Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Panels {
    pub footage: bool,
    pub vocabulary: bool,
    pub help: bool,
}

impl ViewState {
    /// The view of a freshly opened project: its first film, no shot.
    pub fn opening(project: &Project) -> Self {
        ViewState {
            selected_film: project.films.first().map(|f| f.id.clone()),
            export_selected_only: true,
            ..Default::default()
        }
    }

    /// Selects one shot alone.
    pub fn select_shot(&mut self, index: Option<usize>) {
        self.selected_shot = index;
        self.selection.clear();
        self.selection.extend(index);
        self.scroll_to_selected = index.is_some();
    }

    pub fn select_film(&mut self, film: Option<String>) {
        if self.selected_film != film {
            self.selected_film = film;
            self.select_shot(None);
            self.inspector = Default::default();
        }
    }

    /// Keeps the selection inside the project after an edit or an undo: a
    /// film that is gone, shots past the end.
    pub fn clamp(&mut self, project: &Project) {
        let film = self.selected_film.as_deref().and_then(|id| project.film(id));
        match film {
            None => {
                self.selected_film = project.films.first().map(|f| f.id.clone());
                self.select_shot(None);
            }
            Some(film) => {
                let n = film.shots.len();
                self.selection.retain(|&i| i < n);
                if self.selected_shot.is_some_and(|i| i >= n) {
                    self.selected_shot = n.checked_sub(1);
                    self.selection.extend(self.selected_shot);
                }
            }
        }
    }
}

/// A line for the status bar. An error stays until something replaces it.
#[derive(Debug, Clone, PartialEq)]
pub enum Message {
    Info(String),
    Error(String),
}

impl Message {
    pub fn text(&self) -> &str {
        match self {
            Message::Info(text) | Message::Error(text) => text,
        }
    }

    pub fn is_error(&self) -> bool {
        matches!(self, Message::Error(_))
    }
}
