//! Files in the window: save and reload, Save As through the typed-path
//! prompt, unsaved changes before opening another project, recovery of an
//! autosave, a broken file that leaves the open project alone.

use std::fs;
use std::path::{Path, PathBuf};

use decoupage::model::{Edit, FilmField};
use decoupage::store;
use decoupage::ui::{App, Command};
use eframe::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

fn sample_path() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/projects/stakhanov.ron"))
}

fn copy_of_sample(dir: &Path) -> PathBuf {
    let path = dir.join("stakhanov.ron");
    fs::copy(sample_path(), &path).unwrap();
    path
}

fn window(path: &Path) -> Harness<'static, App> {
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 780.0))
        .build_ui_state(|ui, app: &mut App| app.show(ui), App::new(Some(path.to_path_buf())));
    harness.run();
    harness
}

fn set_year(harness: &mut Harness<'static, App>, film: &str, year: i32) {
    harness.state_mut().run_command(Command::Edit(Edit::SetFilmField {
        film: film.into(),
        field: FilmField::Year(Some(year)),
    }));
    harness.run();
}

#[test]
fn ctrl_s_saves_and_the_file_reloads_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let path = copy_of_sample(dir.path());
    let mut harness = window(&path);
    assert_eq!(harness.state().window_title(), "stakhanov.ron — Découpage");
    set_year(&mut harness, "archives-57", 1935);
    assert!(harness.state().is_dirty());
    assert_eq!(harness.state().window_title(), "● stakhanov.ron — Découpage");
    harness.get_by_label("unsaved changes");

    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    harness.run();
    assert!(!harness.state().is_dirty());
    harness.get_by_label("saved");
    let reloaded = store::load(&path).unwrap();
    assert_eq!(&reloaded, &harness.state().doc.as_ref().unwrap().project);
    assert_eq!(reloaded.film("archives-57").unwrap().year, Some(1935));
    assert_eq!(
        fs::read(store::backup_path(&path)).unwrap(),
        fs::read(sample_path()).unwrap()
    );
}

#[test]
fn save_as_through_the_typed_path_prompt() {
    let dir = tempfile::tempdir().unwrap();
    let path = copy_of_sample(dir.path());
    let mut harness = window(&path);
    set_year(&mut harness, "bataille", 1944);
    harness.key_press_modifiers(egui::Modifiers::COMMAND | egui::Modifiers::SHIFT, egui::Key::S);
    harness.run();
    harness.get_by_label("Save the project as");
    let target = dir.path().join("copy");
    let field = harness.get_by_label("Project file path");
    field.click();
    harness.run();
    // replace what is there with the new path
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness
        .get_by_label("Project file path")
        .type_text(target.to_str().unwrap());
    harness.run();
    harness.get_by_label("Save").click();
    harness.run();
    let saved = dir.path().join("copy.ron");
    assert!(saved.is_file(), "the .ron extension is added");
    assert_eq!(
        harness.state().doc.as_ref().unwrap().path.as_deref(),
        Some(saved.as_path())
    );
    assert_eq!(store::load(&saved).unwrap().film("bataille").unwrap().year, Some(1944));
    assert_eq!(
        store::load(&path).unwrap().film("bataille").unwrap().year,
        Some(1943),
        "the original is untouched"
    );
    assert!(harness.query_by_label("Save the project as").is_none());
}

#[test]
fn unsaved_changes_are_asked_about_before_opening_another_project() {
    let dir = tempfile::tempdir().unwrap();
    let path = copy_of_sample(dir.path());
    let other = dir.path().join("other.ron");
    store::save(&decoupage::model::Project::new("Other project"), &other).unwrap();
    let mut harness = window(&path);
    set_year(&mut harness, "depute", 1938);

    // Cancel keeps everything as it is.
    harness.state_mut().run_command(Command::OpenPath(other.clone()));
    harness.run();
    assert!(harness.state().asks_about_unsaved());
    harness.get_by_label("Unsaved changes");
    harness.get_by_label("Cancel").click();
    harness.run();
    assert!(!harness.state().asks_about_unsaved());
    assert_eq!(
        harness
            .state()
            .doc
            .as_ref()
            .unwrap()
            .project
            .film("depute")
            .unwrap()
            .year,
        Some(1938)
    );

    // Save writes the work, then opens the other project.
    harness.state_mut().run_command(Command::OpenPath(other.clone()));
    harness.run();
    harness.get_by_label("Save").click();
    harness.run();
    assert_eq!(harness.state().doc.as_ref().unwrap().project.title, "Other project");
    assert_eq!(store::load(&path).unwrap().film("depute").unwrap().year, Some(1938));

    // Discard drops the work.
    harness.state_mut().run_command(Command::OpenPath(path.clone()));
    harness.run();
    set_year(&mut harness, "depute", 1940);
    harness.state_mut().run_command(Command::OpenPath(other.clone()));
    harness.run();
    harness.get_by_label("Discard changes").click();
    harness.run();
    assert_eq!(harness.state().doc.as_ref().unwrap().project.title, "Other project");
    assert_eq!(store::load(&path).unwrap().film("depute").unwrap().year, Some(1938));
}

#[test]
fn a_newer_autosave_is_offered_and_recovered() {
    let dir = tempfile::tempdir().unwrap();
    let path = copy_of_sample(dir.path());
    // A session that edited and autosaved, then died.
    {
        let mut doc = store::Document::open(&path).unwrap();
        doc.apply(Edit::SetTitle("Work from the lost session".into())).unwrap();
        doc.autosave().unwrap().unwrap();
    }
    let old = std::time::SystemTime::now() - std::time::Duration::from_secs(600);
    fs::File::options()
        .write(true)
        .open(&path)
        .unwrap()
        .set_modified(old)
        .unwrap();

    let mut harness = window(&path);
    assert_eq!(
        harness.state().offered_recovery(),
        Some(store::autosave_path(&path).as_path())
    );
    harness.get_by_label("Recover unsaved work?");
    harness.get_by_label("Recover the autosave").click();
    harness.run();
    let app = harness.state();
    assert_eq!(app.doc.as_ref().unwrap().project.title, "Work from the lost session");
    assert!(app.is_dirty(), "recovered work is not saved yet");
    assert_eq!(
        store::load(&path).unwrap().title,
        "Stakhanov in the Gaumont Pathé archives"
    );
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    harness.run();
    assert_eq!(store::load(&path).unwrap().title, "Work from the lost session");
    assert!(!store::autosave_path(&path).exists());
}

#[test]
fn declining_recovery_opens_the_saved_file_and_forgets_the_autosave() {
    let dir = tempfile::tempdir().unwrap();
    let path = copy_of_sample(dir.path());
    let mut doc = store::Document::open(&path).unwrap();
    doc.apply(Edit::SetTitle("Abandoned".into())).unwrap();
    doc.autosave().unwrap().unwrap();
    let old = std::time::SystemTime::now() - std::time::Duration::from_secs(600);
    fs::File::options()
        .write(true)
        .open(&path)
        .unwrap()
        .set_modified(old)
        .unwrap();
    let mut harness = window(&path);
    harness
        .get_by_label("Open the saved file and delete the autosave")
        .click();
    harness.run();
    assert_eq!(
        harness.state().doc.as_ref().unwrap().project.title,
        "Stakhanov in the Gaumont Pathé archives"
    );
    assert!(!harness.state().is_dirty());
    assert!(!store::autosave_path(&path).exists());
}

#[test]
fn autosave_writes_unsaved_work_after_thirty_seconds() {
    let dir = tempfile::tempdir().unwrap();
    let path = copy_of_sample(dir.path());
    let mut harness = window(&path);
    set_year(&mut harness, "archives-63", 1935);
    let auto = store::autosave_path(&path);
    let now = std::time::Instant::now();
    harness.state_mut().autosave_tick(now);
    assert!(!auto.exists(), "not before thirty seconds");
    harness.state_mut().autosave_tick(now + decoupage::ui::AUTOSAVE_EVERY);
    assert!(auto.exists());
    assert_eq!(
        store::load(&auto).unwrap().film("archives-63").unwrap().year,
        Some(1935)
    );
    assert_eq!(
        fs::read(&path).unwrap(),
        fs::read(sample_path()).unwrap(),
        "the project file is not touched"
    );
}

#[test]
fn a_broken_file_keeps_the_open_project_and_names_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = copy_of_sample(dir.path());
    let broken = dir.path().join("broken.ron");
    let text = fs::read_to_string(&path).unwrap();
    fs::write(&broken, &text[..text.len() / 2]).unwrap();
    let mut harness = window(&path);
    set_year(&mut harness, "archives-41", 1935);
    // With unsaved work, opening asks about it first; Cancel keeps it.
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::O);
    harness.run();
    harness.get_by_label("Unsaved changes");
    harness.get_by_label("Cancel").click();
    harness.run();
    assert!(harness.query_by_label("Open a project").is_none());
    assert_eq!(
        harness
            .state()
            .doc
            .as_ref()
            .unwrap()
            .project
            .film("archives-41")
            .unwrap()
            .year,
        Some(1935)
    );
    // Saved, the prompt comes; the broken file is tried and refused.
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    harness.run();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::O);
    harness.run();
    harness.get_by_label("Open a project");
    harness.get_by_label("Project file path").click();
    harness.run();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness
        .get_by_label("Project file path")
        .type_text(broken.to_str().unwrap());
    harness.run();
    harness.get_by_label("Open").click();
    harness.run();
    let message = harness.state().message.clone().unwrap();
    assert!(message.is_error());
    assert!(message.text().contains("broken.ron:"), "{}", message.text());
    assert_eq!(
        harness.state().doc.as_ref().unwrap().path.as_deref(),
        Some(path.as_path())
    );
    assert_eq!(fs::read_to_string(&broken).unwrap(), &text[..text.len() / 2]);
}

#[test]
fn the_edit_menu_names_what_undo_will_undo() {
    let dir = tempfile::tempdir().unwrap();
    let path = copy_of_sample(dir.path());
    let mut harness = window(&path);
    set_year(&mut harness, "archives-50", 1935);
    harness.get_by_label("Edit").click();
    harness.run();
    harness.get_by_label("Undo change the year of 'archives-50'").click();
    harness.run();
    assert_eq!(
        harness
            .state()
            .doc
            .as_ref()
            .unwrap()
            .project
            .film("archives-50")
            .unwrap()
            .year,
        None
    );
    assert!(!harness.state().is_dirty());
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Y);
    harness.run();
    assert_eq!(
        harness
            .state()
            .doc
            .as_ref()
            .unwrap()
            .project
            .film("archives-50")
            .unwrap()
            .year,
        Some(1935)
    );
    harness.key_press_modifiers(egui::Modifiers::COMMAND | egui::Modifiers::SHIFT, egui::Key::Z);
    harness.run();
    assert_eq!(
        harness
            .state()
            .doc
            .as_ref()
            .unwrap()
            .project
            .film("archives-50")
            .unwrap()
            .year,
        Some(1935),
        "nothing left to redo"
    );
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    harness.run();
    assert_eq!(
        harness
            .state()
            .doc
            .as_ref()
            .unwrap()
            .project
            .film("archives-50")
            .unwrap()
            .year,
        None
    );
}

#[test]
fn f1_lists_every_shortcut() {
    let mut harness = window(&sample_path());
    assert!(harness.query_by_label("Keyboard shortcuts").is_none());
    harness.key_press(egui::Key::F1);
    harness.run();
    harness.get_by_label("Keyboard shortcuts");
    harness.get_by_label("Ctrl+Shift+Z, Ctrl+Y");
    harness.get_by_label("Set the framing (ECU … ELS) of the selected shots, clear it");
    harness.get_by_label("Split the shot in two, merge it with the next");
}
