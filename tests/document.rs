//! An open document: edits, undo, unsaved state, save, autosave, recovery.

use std::fs;
use std::path::Path;

use decoupage::model::{Edit, FilmField};
use decoupage::store::{self, Document};

fn copy_of_sample(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("stakhanov.ron");
    fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("projects/stakhanov.ron"),
        &path,
    )
    .unwrap();
    path
}

fn set_framing(doc: &Document, film: &str, index: usize, code: &str) -> Edit {
    let mut shot = doc.project.film(film).unwrap().shots[index].clone();
    shot.framing = Some(code.to_string());
    Edit::ReplaceShot {
        film: film.into(),
        index,
        shot: Box::new(shot),
    }
}

#[test]
fn edit_undo_redo_and_the_unsaved_mark() {
    let dir = tempfile::tempdir().unwrap();
    let path = copy_of_sample(dir.path());
    let mut doc = Document::open(&path).unwrap();
    let original = doc.project.clone();
    assert!(!doc.is_dirty());
    let edit = set_framing(&doc, "journal-1935", 0, "CU");
    doc.apply(edit).unwrap();
    assert!(doc.is_dirty());
    assert_eq!(doc.history.undo_label(), Some("change shot 1 of 'journal-1935'"));
    assert_eq!(doc.undo().as_deref(), Some("change shot 1 of 'journal-1935'"));
    assert_eq!(doc.project, original);
    assert!(!doc.is_dirty(), "undone back to what is on disk");
    doc.redo();
    assert_eq!(
        doc.project.film("journal-1935").unwrap().shots[0].framing.as_deref(),
        Some("CU")
    );
    assert!(doc.is_dirty());
}

#[test]
fn save_writes_the_file_and_clears_the_mark() {
    let dir = tempfile::tempdir().unwrap();
    let path = copy_of_sample(dir.path());
    let before = fs::read(&path).unwrap();
    let mut doc = Document::open(&path).unwrap();
    doc.apply(Edit::SetFilmField {
        film: "bataille".into(),
        field: FilmField::Year(Some(1944)),
    })
    .unwrap();
    doc.save().unwrap();
    assert!(!doc.is_dirty());
    assert_eq!(fs::read(store::backup_path(&path)).unwrap(), before);
    assert_eq!(store::load(&path).unwrap(), doc.project);
    // undoing past the save makes it unsaved again
    doc.undo();
    assert!(doc.is_dirty());

    let other = dir.path().join("elsewhere.ron");
    doc.save_as(&other).unwrap();
    assert_eq!(doc.path.as_deref(), Some(other.as_path()));
    assert_eq!(doc.name(), "elsewhere.ron");
    assert_eq!(store::load(&other).unwrap().film("bataille").unwrap().year, Some(1943));
}

#[test]
fn a_failed_save_keeps_the_work_unsaved() {
    let dir = tempfile::tempdir().unwrap();
    let path = copy_of_sample(dir.path());
    let mut doc = Document::open(&path).unwrap();
    doc.apply(Edit::SetTitle("Changed".into())).unwrap();
    let target = dir.path().join("a-directory.ron");
    fs::create_dir(&target).unwrap();
    assert!(doc.save_as(&target).is_err());
    assert!(doc.is_dirty());
    assert_eq!(doc.path.as_deref(), Some(path.as_path()));
    let untitled = &mut Document::untitled("New");
    let err = untitled.save().unwrap_err();
    assert!(err.to_string().contains("Save As"), "{err}");
}

#[test]
fn autosave_and_recovery() {
    let dir = tempfile::tempdir().unwrap();
    let path = copy_of_sample(dir.path());
    let on_disk = fs::read(&path).unwrap();
    let mut doc = Document::open(&path).unwrap();
    assert_eq!(doc.autosave().unwrap(), None, "nothing unsaved, nothing written");
    let edit = set_framing(&doc, "journal-1935", 1, "ELS");
    doc.apply(edit).unwrap();
    let auto = doc.autosave().unwrap().expect("unsaved work is autosaved");
    assert_eq!(doc.autosave().unwrap(), None, "written once per revision");
    assert_eq!(
        fs::read(&path).unwrap(),
        on_disk,
        "autosave never touches the project file"
    );
    // the program dies here; the next start finds the autosave
    drop(doc);
    assert_eq!(Document::newer_autosave(&path), Some(auto.clone()));
    let mut recovered = Document::recover(&path).unwrap();
    assert!(recovered.is_dirty());
    assert_eq!(recovered.path.as_deref(), Some(path.as_path()));
    assert_eq!(
        recovered.project.film("journal-1935").unwrap().shots[1]
            .framing
            .as_deref(),
        Some("ELS")
    );
    recovered.save().unwrap();
    assert!(!auto.exists(), "a save removes the autosave");
    assert_eq!(Document::newer_autosave(&path), None);
}
