//! The window, clicked and typed into as a user would, on the sample
//! project. Every test checks what the window shows and what is selected.

use std::path::PathBuf;

use decoupage::model::Project;
use decoupage::ui::{App, Message};
use eframe::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};

fn sample_path() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/projects/stakhanov.ron"))
}

/// The whole window, at the size it opens with.
fn window(app: App) -> Harness<'static, App> {
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 780.0))
        .build_ui_state(|ui, app: &mut App| app.show(ui), app);
    harness.run();
    harness
}

fn sample_window() -> Harness<'static, App> {
    window(App::new(Some(sample_path())))
}

fn project<'a>(harness: &'a Harness<'static, App>) -> &'a Project {
    &harness
        .state()
        .doc
        .as_ref()
        .expect("the sample project is open")
        .project
}

/// Titles of the films the film list shows, in order.
fn listed_films(harness: &Harness<'static, App>) -> Vec<String> {
    let titles: Vec<String> = project(harness).films.iter().map(|f| f.title.clone()).collect();
    titles
        .into_iter()
        .filter(|title| harness.query_by_role_and_label(egui::Role::Button, title).is_some())
        .collect()
}

#[test]
fn film_list_shows_every_film_and_selects_the_first() {
    let harness = sample_window();
    let listed = listed_films(&harness);
    assert_eq!(listed.len(), 12, "listed: {listed:?}");
    assert_eq!(listed[0], "Le journal de l'année 1935");
    assert!(listed.contains(&"Ce qu'il y a de plus cher, épisode 2 : Reconstruction".to_string()));
    // The count beside the heading.
    harness.get_by_label("12");

    let state = harness.state();
    assert_eq!(state.view.selected_film.as_deref(), Some("journal-1935"));
    assert_eq!(state.view.selected_shot, None);
    let first = harness.get_by_role_and_label(egui::Role::Button, "Le journal de l'année 1935");
    assert_eq!(first.accesskit_node().toggled(), Some(egui::accesskit::Toggled::True));
    let other = harness.get_by_role_and_label(egui::Role::Button, "La voie des siècles");
    assert_eq!(other.accesskit_node().toggled(), Some(egui::accesskit::Toggled::False));

    // The header and the inspector are about the selected film.
    // In the header over the shots, and in the inspector.
    assert_eq!(harness.get_all_by_label("The News of Year 1935").count(), 2);
    harness.get_by_label("5 shots · 4 with a known length, 140 frames");
    harness.get_by_label("Film");
    harness.get_by_label("Gaumont documentary collection");
    assert_eq!(harness.state().window_title(), "stakhanov.ron — Découpage");
}

#[test]
fn clicking_a_film_shows_its_shots() {
    let mut harness = sample_window();
    assert!(harness.query_by_label("conveyor-b").is_none());

    harness
        .get_by_role_and_label(egui::Role::Button, "La voie des siècles")
        .click();
    harness.run();

    assert_eq!(harness.state().view.selected_film.as_deref(), Some("voie-des-siecles"));
    assert_eq!(harness.state().view.selected_shot, None);
    // The entry in the list, the heading over the table, the inspector.
    assert_eq!(harness.get_all_by_label("La voie des siècles").count(), 3);
    assert_eq!(harness.get_all_by_label("Path of the Centuries").count(), 2);
    harness.get_by_label_contains("7 shots ·");

    // One row per shot, each with its number and description.
    let film = project(&harness).film("voie-des-siecles").expect("the film").clone();
    assert_eq!(film.shots.len(), 7);
    for (i, shot) in film.shots.iter().enumerate() {
        harness.get_by_label(&(i + 1).to_string());
        assert!(!shot.description.is_empty());
        harness.get_by_label(&shot.description);
    }
    harness.get_by_label("conveyor-b");
    assert!(harness.query_by_label("8").is_none(), "there is no 8th row");
    // Shots of the film selected before are gone.
    assert!(
        harness
            .query_by_label("A man with a grey beard and a cap applauds.")
            .is_none()
    );
}

#[test]
fn clicking_a_shot_shows_its_evidence() {
    let mut harness = sample_window();
    assert!(harness.query_by_label("Evidence (4)").is_none());

    harness
        .get_by_label("Stakhanov pushes the pneumatic drill into the coal face; face and work technique.")
        .click();
    harness.run();

    assert_eq!(harness.state().view.selected_shot, Some(0));
    harness.get_by_label("Shot 1");
    harness.get_by_label("39 frames, reported by article");
    // The inspector is a form: the framing in its list, with its definition.
    let framing = harness.get_by_role_and_label(egui::Role::ComboBox, "Framing");
    assert_eq!(framing.value().as_deref(), Some("MCU — Medium close-up"));
    harness.get_by_label("Head and chest, cut at mid-torso.");
    // In the table; in the inspector, the variants shown are chosen.
    harness.get_by_label("mouth half-open; coal does not collapse");
    for variant in ["mouth half-open", "coal does not collapse"] {
        let chip = harness.get_by_role_and_label(egui::Role::Button, variant);
        assert_eq!(chip.accesskit_node().toggled(), Some(egui::accesskit::Toggled::True));
    }
    harness.get_by_label("Evidence (4)");
    harness
        .get_by_label("Very little coal comes off in the shot; the drill barely enters the face and he seems to pose.");
    assert_eq!(harness.get_all_by_label("Supports").count(), 4);
    harness.get_by_label("Source: A. G. Stakhanov, Story of my Life (1938), quoted by Depretto (1982)");

    // Another shot: one piece of evidence.
    harness.get_by_label("exit-mine").click();
    harness.run();
    assert_eq!(harness.state().view.selected_shot, Some(2));
    harness.get_by_label("Shot 3");
    harness.get_by_label("Evidence (1)");
    assert!(harness.query_by_label("Evidence (4)").is_none());

    // A shot without a known length says so instead of showing a number.
    harness.get_by_label("bouquet-cu").click();
    harness.run();
    assert_eq!(harness.state().view.selected_shot, Some(4));
    harness.get_by_label("Evidence (0)");
    harness.get_by_label("No evidence recorded for this shot.");
}

#[test]
fn arrow_keys_step_through_shots_and_escape_returns_to_the_film() {
    let mut harness = sample_window();
    harness.key_press(egui::Key::ArrowDown);
    harness.run();
    assert_eq!(harness.state().view.selected_shot, Some(0));
    harness.get_by_label("Evidence (4)");

    harness.key_press(egui::Key::ArrowDown);
    harness.run();
    assert_eq!(harness.state().view.selected_shot, Some(1));
    harness.get_by_label("Shot 2");

    for _ in 0..10 {
        harness.key_press(egui::Key::ArrowDown);
    }
    harness.run();
    assert_eq!(harness.state().view.selected_shot, Some(4), "stops at the last shot");

    harness.key_press(egui::Key::ArrowUp);
    harness.run();
    assert_eq!(harness.state().view.selected_shot, Some(3));

    harness.key_press(egui::Key::Escape);
    harness.run();
    assert_eq!(harness.state().view.selected_shot, None);
    harness.get_by_label("Film");
}

#[test]
fn typing_in_the_search_field_filters_the_films() {
    let mut harness = sample_window();
    let search = harness.get_by_label("Search films");
    search.click();
    harness.run();
    harness.get_by_label("Search films").type_text("archives");
    harness.run();

    assert_eq!(harness.state().view.film_filter, "archives");
    let listed = listed_films(&harness);
    assert_eq!(
        listed,
        [
            "Archives n°57",
            "Archives n°01",
            "Archives n°63",
            "Archives n°41",
            "Archives n°50",
            "Archives n°59",
            "Archives n°45",
        ]
    );
    assert!(harness.query_by_label("Bataille pour notre Ukraine").is_none());
    harness.get_by_label("7 of 12");

    // A year finds the films of that year.
    harness.get_by_label("Clear the search").click();
    harness.run();
    assert_eq!(listed_films(&harness).len(), 12);
    harness.get_by_label("Search films").click();
    harness.run();
    harness.get_by_label("Search films").type_text("1943");
    harness.run();
    assert_eq!(listed_films(&harness), ["Bataille pour notre Ukraine"]);

    // Nothing found is said, not left blank.
    harness.get_by_label("Search films").type_text("zzz");
    harness.run();
    assert!(listed_films(&harness).is_empty());
    harness.get_by_label("No film matches “1943zzz”.");
}

#[test]
fn ctrl_shift_f_focuses_the_film_search_field() {
    let mut harness = sample_window();
    assert!(!harness.get_by_label("Search films").is_focused());
    // Ctrl+F goes to the shot filter; Ctrl+Shift+F to the film search.
    harness.key_press_modifiers(egui::Modifiers::COMMAND | egui::Modifiers::SHIFT, egui::Key::F);
    harness.run();
    assert!(harness.get_by_label("Search films").is_focused());
    harness.get_by_label("Search films").type_text("voie");
    harness.run();
    assert_eq!(listed_films(&harness), ["La voie des siècles"]);
    // Arrow keys belong to the text field while it has the focus.
    harness.key_press(egui::Key::ArrowDown);
    harness.run();
    assert_eq!(harness.state().view.selected_shot, None);
}

fn write_broken_project(dir: &tempfile::TempDir) -> PathBuf {
    let path = dir.path().join("broken.ron");
    std::fs::write(
        &path,
        "(\n    schema: 2,\n    title: \"Broken\",\n    films: [ (id: ]\n)\n",
    )
    .expect("write");
    path
}

#[test]
fn a_broken_project_shows_a_message_naming_the_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = write_broken_project(&dir);
    let harness = window(App::new(Some(path.clone())));

    let app = harness.state();
    assert!(app.doc.is_none());
    let message = app.message.as_ref().expect("a message");
    assert!(message.is_error());
    assert!(message.text().contains("broken.ron"), "{message:?}");
    assert!(message.text().contains(":4:"), "names the line: {message:?}");
    assert_eq!(app.window_title(), "Découpage");

    harness.get_by_label("The project could not be opened");
    // In the middle of the window and in the status bar.
    assert_eq!(harness.get_all_by_label_contains("broken.ron").count(), 2);
    // The file is left as it was.
    assert!(std::fs::read_to_string(&path).expect("read").contains("(id: ]"));
}

#[test]
fn a_failed_open_keeps_the_open_project() {
    let dir = tempfile::tempdir().expect("temp dir");
    let broken = write_broken_project(&dir);
    let mut harness = sample_window();
    harness
        .get_by_role_and_label(egui::Role::Button, "Bataille pour notre Ukraine")
        .click();
    harness.run();

    harness.state_mut().open_path(&broken);
    harness.run();

    let app = harness.state();
    assert_eq!(app.doc.as_ref().and_then(|d| d.path.clone()), Some(sample_path()));
    assert_eq!(app.view.selected_film.as_deref(), Some("bataille"));
    assert!(matches!(&app.message, Some(Message::Error(text)) if text.contains("broken.ron")));
    assert_eq!(listed_films(&harness).len(), 12);
    harness.get_by_label_contains("broken.ron");
}

#[test]
fn a_missing_project_names_the_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("nowhere.ron");
    let harness = window(App::new(Some(path)));
    assert!(harness.state().doc.is_none());
    assert_eq!(harness.get_all_by_label_contains("nowhere.ron").count(), 2);
}

/// A film of 600 measured shots at 24 fps, saved where the test can open it.
fn write_long_film(dir: &tempfile::TempDir) -> PathBuf {
    use decoupage::model::{Film, Frame, FrameRate, Length, LengthSource, Shot};
    let mut film = Film::new("long", "A long film");
    film.year = Some(1936);
    film.rate = Some(FrameRate::new(24, 1).expect("rate"));
    let mut start = 0;
    for id in 1..=600 {
        let mut shot = Shot::new(id);
        let frames = 24 + i64::from(id % 48);
        shot.start = Some(Frame(start));
        shot.length = Some(Length {
            frames,
            source: LengthSource::Measured,
        });
        shot.description = format!("Shot number {id} of the long film.");
        start += frames;
        film.shots.push(shot);
    }
    let mut project = Project::new("Long");
    project.films.push(film);
    let path = dir.path().join("long.ron");
    decoupage::store::save(&project, &path).expect("save");
    path
}

#[test]
fn the_table_scrolls_to_the_shot_chosen_with_the_keyboard() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut harness = window(App::new(Some(write_long_film(&dir))));
    let total: i64 = (1..=600).map(|id| 24 + id % 48).sum();
    harness.get_by_label(&format!(
        "600 shots · 600 with a known length, {total} frames ({:.1} s)",
        total as f64 / 24.0
    ));
    // Rows out of sight are not drawn at all.
    harness.get_by_label("Shot number 1 of the long film.");
    assert!(harness.query_by_label("Shot number 600 of the long film.").is_none());

    // Up with nothing selected goes to the last shot, and the table follows.
    harness.key_press(egui::Key::ArrowUp);
    harness.run();
    assert_eq!(harness.state().view.selected_shot, Some(599));
    // In the table, and in the inspector's description field.
    harness.get_by_label("Shot number 600 of the long film.");
    let description = harness.get_by_role_and_label(egui::Role::MultilineTextInput, "Description");
    assert_eq!(
        description.value().as_deref(),
        Some("Shot number 600 of the long film.")
    );
    assert!(harness.query_by_label("Shot number 1 of the long film.").is_none());
    harness.get_by_label("Shot 600");
    // Measured at a known rate: seconds and timecode, no provenance mark.
    harness.get_by_label("48 frames, measured");
    harness.get_by_label("2.00 s at 24 fps");
    harness.get_by_label("00:00:02:00");
}
