//! Undo and redo: two stacks of edits. Each state of the project has a
//! revision number, so "unsaved changes" is a comparison with the revision
//! that was saved, and stays right across undo and redo.

use super::edit::{Edit, EditError};
use super::project::Project;

#[derive(Clone, Debug)]
struct Step {
    /// The edit that goes back (in `undo`) or forward again (in `redo`).
    edit: Edit,
    label: String,
    /// Revisions before and after the step, in the undo direction.
    before: u64,
    after: u64,
    /// Edits with the same key in a row (typing in one field) make one step.
    merge_key: Option<String>,
}

#[derive(Clone, Debug, Default)]
pub struct History {
    undo: Vec<Step>,
    redo: Vec<Step>,
    revision: u64,
    last_revision: u64,
    /// Once a step is closed, a later edit with the same key starts a new one.
    open_key: Option<String>,
}

impl History {
    pub fn new() -> Self {
        Self::default()
    }

    /// The revision of the project as it is now.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    fn next_revision(&mut self) -> u64 {
        self.last_revision += 1;
        self.last_revision
    }

    /// Applies `edit` as one undoable step.
    pub fn apply(&mut self, project: &mut Project, edit: Edit) -> Result<(), EditError> {
        self.apply_inner(project, edit, None)
    }

    /// Applies `edit`, folding it into the previous step when that step has
    /// the same `key` and is still open: typing in a field is one step.
    pub fn apply_merging(&mut self, project: &mut Project, edit: Edit, key: &str) -> Result<(), EditError> {
        self.apply_inner(project, edit, Some(key.to_string()))
    }

    fn apply_inner(&mut self, project: &mut Project, edit: Edit, key: Option<String>) -> Result<(), EditError> {
        let label = edit.describe();
        let inverse = project.apply(edit)?;
        let after = self.next_revision();
        self.redo.clear();
        let merge = key.is_some()
            && self.open_key == key
            && self
                .undo
                .last()
                .is_some_and(|s| s.merge_key == key && s.after == self.revision);
        if merge {
            // The first inverse already goes back to before the typing began.
            let top = self.undo.last_mut().expect("checked");
            top.after = after;
        } else {
            self.undo.push(Step {
                edit: inverse,
                label,
                before: self.revision,
                after,
                merge_key: key.clone(),
            });
        }
        self.open_key = key;
        self.revision = after;
        Ok(())
    }

    /// Ends the current merging step: the next edit is a step of its own
    /// even with the same key (the field lost focus).
    pub fn close_step(&mut self) {
        self.open_key = None;
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// What undo would undo ("change shot 3 of 'journal-1935'").
    pub fn undo_label(&self) -> Option<&str> {
        self.undo.last().map(|s| s.label.as_str())
    }

    pub fn redo_label(&self) -> Option<&str> {
        self.redo.last().map(|s| s.label.as_str())
    }

    /// Undoes the last step; returns its label, or `None` when there is none.
    pub fn undo(&mut self, project: &mut Project) -> Option<String> {
        let step = self.undo.pop()?;
        let forward = project
            .apply(step.edit)
            .expect("an undo step applies to the project it was made on");
        self.revision = step.before;
        self.open_key = None;
        self.redo.push(Step {
            edit: forward,
            label: step.label.clone(),
            before: step.before,
            after: step.after,
            merge_key: None,
        });
        Some(step.label)
    }

    /// Redoes the last undone step; returns its label.
    pub fn redo(&mut self, project: &mut Project) -> Option<String> {
        let step = self.redo.pop()?;
        let back = project
            .apply(step.edit)
            .expect("a redo step applies to the project it was undone on");
        self.revision = step.after;
        self.open_key = None;
        self.undo.push(Step {
            edit: back,
            label: step.label.clone(),
            before: step.before,
            after: step.after,
            merge_key: None,
        });
        Some(step.label)
    }

    /// Forgets every step (after opening another project).
    pub fn clear(&mut self) {
        self.undo.clear();
        self.redo.clear();
        self.open_key = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Film, Shot};

    fn project() -> Project {
        let mut p = Project::new("T");
        let mut f = Film::new("f", "F");
        f.shots = vec![Shot::new(1), Shot::new(2)];
        p.films.push(f);
        p
    }

    fn describe(p: &Project, text: &str) -> Edit {
        let mut shot = p.films[0].shots[0].clone();
        shot.description = text.to_string();
        Edit::ReplaceShot {
            film: "f".into(),
            index: 0,
            shot: Box::new(shot),
        }
    }

    #[test]
    fn typing_in_one_field_is_one_step() {
        let mut p = project();
        let original = p.clone();
        let mut h = History::new();
        for text in ["S", "St", "Sta"] {
            let edit = describe(&p, text);
            h.apply_merging(&mut p, edit, "shot 1 description").unwrap();
        }
        h.close_step();
        let edit = describe(&p, "Stak");
        h.apply_merging(&mut p, edit, "shot 1 description").unwrap();
        assert_eq!(p.films[0].shots[0].description, "Stak");
        assert_eq!(h.undo_label(), Some("change shot 1 of 'f'"));
        h.undo(&mut p);
        assert_eq!(p.films[0].shots[0].description, "Sta");
        h.undo(&mut p);
        assert_eq!(p, original);
        assert!(!h.can_undo());
        h.redo(&mut p);
        assert_eq!(p.films[0].shots[0].description, "Sta");
    }

    #[test]
    fn revisions_track_the_saved_state_across_undo_and_redo() {
        let mut p = project();
        let mut h = History::new();
        let saved = h.revision();
        h.apply(&mut p, Edit::SetTitle("A".into())).unwrap();
        assert_ne!(h.revision(), saved);
        h.undo(&mut p);
        assert_eq!(h.revision(), saved, "back to the saved state: nothing unsaved");
        h.redo(&mut p);
        let after_a = h.revision();
        h.undo(&mut p);
        // a different edit from the same state is a different revision
        h.apply(&mut p, Edit::SetTitle("B".into())).unwrap();
        assert_ne!(h.revision(), after_a);
        assert!(!h.can_redo(), "a new edit clears redo");
    }

    #[test]
    fn a_refused_edit_is_not_a_step() {
        let mut p = project();
        let mut h = History::new();
        let err = h.apply(
            &mut p,
            Edit::RemoveShot {
                film: "f".into(),
                index: 9,
            },
        );
        assert!(err.is_err());
        assert!(!h.can_undo());
        assert_eq!(h.revision(), 0);
    }
}
