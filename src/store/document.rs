//! An open project: its file, its undo history, and whether what is on
//! screen differs from what is on disk. The window holds one; tests drive
//! one without a window.

use std::path::{Path, PathBuf};

use super::{StoreError, load, newer_autosave, remove_autosave, save, write_autosave};
use crate::model::{Edit, EditError, History, Problem, Project, validate};

pub struct Document {
    /// Where the project is saved; `None` for a new project never saved.
    pub path: Option<PathBuf>,
    pub project: Project,
    pub history: History,
    saved_revision: u64,
    autosaved_revision: Option<u64>,
}

impl Document {
    /// A new, empty project with no file yet.
    pub fn untitled(title: &str) -> Self {
        Self::from_project(Project::new(title), None)
    }

    pub fn from_project(project: Project, path: Option<PathBuf>) -> Self {
        let history = History::new();
        Document {
            path,
            project,
            saved_revision: history.revision(),
            history,
            autosaved_revision: None,
        }
    }

    /// Opens a project file. On an error nothing is kept of it.
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        let project = load(path)?;
        Ok(Self::from_project(project, Some(path.to_path_buf())))
    }

    /// Opens the autosave of `path` in its place: the work is recovered but
    /// not saved, so the document starts with unsaved changes.
    pub fn recover(path: &Path) -> Result<Self, StoreError> {
        let project = load(&super::autosave_path(path))?;
        let mut doc = Self::from_project(project, Some(path.to_path_buf()));
        // No revision on disk matches what is on screen.
        doc.saved_revision = u64::MAX;
        Ok(doc)
    }

    /// The autosave of this document's file, when it holds newer work.
    pub fn newer_autosave(path: &Path) -> Option<PathBuf> {
        newer_autosave(path)
    }

    /// The file name for the title bar, `untitled` for a new project.
    pub fn name(&self) -> String {
        self.path
            .as_ref()
            .and_then(|p| p.file_name())
            .map_or("untitled".to_string(), |n| n.to_string_lossy().into_owned())
    }

    pub fn is_dirty(&self) -> bool {
        self.history.revision() != self.saved_revision
    }

    pub fn problems(&self) -> Vec<Problem> {
        validate(&self.project)
    }

    pub fn apply(&mut self, edit: Edit) -> Result<(), EditError> {
        self.history.apply(&mut self.project, edit)
    }

    /// Applies an edit that folds into the previous one with the same key
    /// (typing in one field makes one undo step).
    pub fn apply_merging(&mut self, edit: Edit, key: &str) -> Result<(), EditError> {
        self.history.apply_merging(&mut self.project, edit, key)
    }

    pub fn undo(&mut self) -> Option<String> {
        self.history.undo(&mut self.project)
    }

    pub fn redo(&mut self) -> Option<String> {
        self.history.redo(&mut self.project)
    }

    /// Saves to the document's file. A new project needs `save_as`.
    pub fn save(&mut self) -> Result<PathBuf, StoreError> {
        let path = self.path.clone().ok_or_else(|| StoreError::Io {
            path: PathBuf::from("untitled"),
            action: "save it: it has no file yet (use Save As)",
            source: std::io::Error::from(std::io::ErrorKind::NotFound),
        })?;
        self.save_as(&path)?;
        Ok(path)
    }

    /// Saves to `path`, which becomes the document's file. On an error the
    /// document keeps its file and its unsaved state.
    pub fn save_as(&mut self, path: &Path) -> Result<(), StoreError> {
        save(&self.project, path)?;
        if let Some(old) = &self.path {
            remove_autosave(old);
        }
        remove_autosave(path);
        self.path = Some(path.to_path_buf());
        self.history.close_step();
        self.saved_revision = self.history.revision();
        self.autosaved_revision = None;
        Ok(())
    }

    /// Whether there is unsaved work that the autosave file does not hold yet.
    pub fn autosave_due(&self) -> bool {
        self.path.is_some() && self.is_dirty() && self.autosaved_revision != Some(self.history.revision())
    }

    /// Writes `NAME.ron.autosave` when there is unsaved work not yet in it.
    pub fn autosave(&mut self) -> Result<Option<PathBuf>, StoreError> {
        if !self.autosave_due() {
            return Ok(None);
        }
        let path = self.path.clone().expect("autosave_due checks the path");
        let written = write_autosave(&self.project, &path)?;
        self.autosaved_revision = Some(self.history.revision());
        Ok(Some(written))
    }

    /// The user chose to throw the unsaved work away: forget its autosave.
    pub fn discard_autosave(&self) {
        if let Some(path) = &self.path {
            remove_autosave(path);
        }
    }
}
