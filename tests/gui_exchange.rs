//! File > Import and File > Export in the window, on the sample: a list
//! is read, looked at, and put in as one undoable edit; a film is written
//! in a format; a file that cannot be read changes nothing.

use std::path::{Path, PathBuf};

use decoupage::model::Project;
use decoupage::ui::App;
use eframe::egui;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

fn copy_of_sample(dir: &Path) -> PathBuf {
    let path = dir.join("stakhanov.ron");
    std::fs::copy(concat!(env!("CARGO_MANIFEST_DIR"), "/projects/stakhanov.ron"), &path).unwrap();
    path
}

fn window(path: &Path) -> Harness<'static, App> {
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 780.0))
        .build_ui_state(|ui, app: &mut App| app.show(ui), App::new(Some(path.to_path_buf())));
    harness.run_steps(4);
    harness
}

fn project(harness: &Harness<'static, App>) -> Project {
    harness.state().doc.as_ref().unwrap().project.clone()
}

fn click(harness: &mut Harness<'static, App>, label: &str) {
    harness.get_by_label(label).click();
    harness.run();
}

/// Types `text` into the prompt's path field in place of what is there.
fn type_path(harness: &mut Harness<'static, App>, field: &str, text: &str) {
    click(harness, field);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.get_by_label(field).type_text(text);
    harness.run();
}

/// Waits for the worker that reads the list.
fn settle(harness: &mut Harness<'static, App>) {
    for _ in 0..200 {
        if !harness.state().import.as_ref().is_some_and(|d| d.is_reading()) {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
        harness.run();
    }
    harness.run();
}

#[test]
fn the_selected_film_is_exported_as_a_csv_table_from_the_file_menu() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = window(&copy_of_sample(dir.path()));
    click(&mut harness, "File");
    click(&mut harness, "Export");
    click(&mut harness, "Shot table: CSV…");
    harness.get_by_label("Export the shots");
    let offered = harness.get_by_label("Export file path").value().unwrap_or_default();
    assert!(offered.ends_with("journal-1935.csv"), "{offered}");
    let target = dir.path().join("journal.csv");
    type_path(&mut harness, "Export file path", target.to_str().unwrap());
    // Enter in the path field does what the Export button does.
    harness.key_press(Key::Enter);
    harness.run();
    let text = std::fs::read_to_string(&target).expect("the table is written");
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("film_id,shot_no,"));
    assert_eq!(lines.len(), 6, "the header and the five shots of the selected film");
    assert!(lines[1..].iter().all(|l| l.starts_with("journal-1935,")));
    assert!(!harness.state().is_dirty(), "an export does not change the project");
}

#[test]
fn a_file_that_cannot_be_read_is_reported_and_nothing_changes() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = window(&copy_of_sample(dir.path()));
    let before = project(&harness);
    let broken = dir.path().join("reel.edl");
    std::fs::write(
        &broken,
        "TITLE: broken\n001  AX  V  C  01:00:00:00 01:00:0x:00 01:00:00:00 01:00:05:00\n",
    )
    .unwrap();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::I);
    harness.run();
    harness.get_by_label("Import a shot list");
    type_path(&mut harness, "Shot list path", broken.to_str().unwrap());
    click(&mut harness, "Read");
    settle(&mut harness);
    let dialog = harness.state().import.as_ref().expect("the import dialog is open");
    let error = dialog.error().expect("an error").to_string();
    assert!(error.contains("reel.edl"), "the message names the file: {error}");
    harness.get_by_label("Nothing was imported; the project is unchanged.");
    click(&mut harness, "Cancel");
    assert!(harness.state().import.is_none());
    assert_eq!(project(&harness), before);
}

#[test]
fn our_own_csv_table_is_imported_as_a_new_film_in_one_undo_step() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = window(&copy_of_sample(dir.path()));
    let before = project(&harness);
    let csv = dir.path().join("journal copy.csv");
    let bytes =
        decoupage::formats::exchange::export_bytes(&before, &["journal-1935".to_string()], "csv".parse().unwrap())
            .unwrap();
    std::fs::write(&csv, bytes).unwrap();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::I);
    harness.run();
    type_path(&mut harness, "Shot list path", csv.to_str().unwrap());
    click(&mut harness, "Read");
    settle(&mut harness);
    harness.get_by_label("5 shots");
    // The table's columns, with the field guessed for each, to correct.
    harness.get_by_label("Field of column frames");
    harness.get_by_label("Field of column description");
    let id = harness.get_by_label("New film id").value().unwrap_or_default();
    assert_eq!(id, "journal-copy");
    click(&mut harness, "Import");
    let after = project(&harness);
    let film = after.film("journal-copy").expect("the new film");
    let frames: Vec<Option<i64>> = film.shots.iter().map(|s| s.frames()).collect();
    assert_eq!(frames, vec![Some(39), Some(36), Some(36), Some(29), None]);
    assert_eq!(harness.state().view.selected_film.as_deref(), Some("journal-copy"));
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(project(&harness), before, "one undo takes the whole import back");
}

/// Waits for the worker that reads a film's media.
fn settle_media(harness: &mut Harness<'static, App>) {
    for _ in 0..300 {
        harness.run_steps(2);
        let message = harness.state().message.clone();
        if !message.is_some_and(|m| m.text().starts_with("Reading")) {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
}

#[test]
fn a_film_is_linked_to_its_video_which_gives_its_rate_and_a_moved_file_is_shown_missing() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = window(&copy_of_sample(dir.path()));
    let video = dir.path().join("media").join("bikes.mp4");
    std::fs::create_dir_all(video.parent().unwrap()).unwrap();
    std::fs::copy(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/bikes.mp4"), &video).unwrap();
    // A text file named .mp4 is refused, naming it; nothing changes.
    let fake = dir.path().join("fake.mp4");
    std::fs::write(&fake, "not a film").unwrap();
    let before = project(&harness);
    for (path, ok) in [(&fake, false), (&video, true)] {
        click(&mut harness, "Link…");
        harness.get_by_label("Link the film to its media");
        type_path(&mut harness, "Media path", path.to_str().unwrap());
        harness.key_press(Key::Enter);
        settle_media(&mut harness);
        let message = harness.state().message.clone().unwrap();
        if !ok {
            assert!(message.is_error() && message.text().contains("fake.mp4"), "{message:?}");
            assert_eq!(project(&harness), before);
        } else {
            assert!(!message.is_error(), "{message:?}");
            assert!(message.text().contains("250 frames at 25 fps"), "{}", message.text());
        }
    }
    let film = project(&harness).film("journal-1935").unwrap().clone();
    assert_eq!(
        film.media.as_deref(),
        Some("media/bikes.mp4"),
        "stored relative to the project"
    );
    assert_eq!(
        film.rate,
        decoupage::model::FrameRate::new(25, 1).ok(),
        "the media's rate"
    );
    harness.get_by_label("media/bikes.mp4");
    // One undo takes the link and the rate back.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run_steps(4);
    assert_eq!(project(&harness), before);
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    harness.run_steps(4);
    // The file moves: the inspector says so and offers to relink.
    std::fs::rename(&video, dir.path().join("elsewhere.mp4")).unwrap();
    harness.run_steps(4);
    harness.get_by_label("media/bikes.mp4: missing");
    harness.get_by_label("Relink…");
}

#[test]
fn the_selected_shot_shows_its_first_middle_and_last_frames_from_the_film() {
    use decoupage::model::{Film, Frame, FrameRate, Length, LengthSource, Shot};
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/bikes.mp4"),
        dir.path().join("bikes.mp4"),
    )
    .unwrap();
    std::fs::write(dir.path().join("broken.mp4"), "not a film").unwrap();
    let mut project = Project::new("Strip");
    for (id, media) in [("bikes", "bikes.mp4"), ("broken", "broken.mp4")] {
        let mut film = Film::new(id, id);
        film.rate = FrameRate::new(25, 1).ok();
        film.media = Some(media.to_string());
        for (k, (start, frames)) in [(0, 25), (25, 100)].into_iter().enumerate() {
            let mut shot = Shot::new(k as u32 + 1);
            shot.start = Some(Frame(start));
            shot.length = Some(Length {
                frames,
                source: LengthSource::Measured,
            });
            film.shots.push(shot);
        }
        project.films.push(film);
    }
    let path = dir.path().join("strip.ron");
    decoupage::store::save(&project, &path).unwrap();
    let mut harness = window(&path);
    harness.state_mut().view.select_shot(Some(1));
    let media = dir.path().join("bikes.mp4");
    for _ in 0..500 {
        harness.step();
        if [25, 74, 124].iter().all(|&n| harness.state().filmstrip.has(&media, n)) {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    for n in [25, 74, 124] {
        assert!(harness.state().filmstrip.has(&media, n), "frame {n} decoded and kept");
    }
    harness.get_by_label("first · frame 25");
    harness.get_by_label("middle · frame 74");
    harness.get_by_label("last · frame 124");
    // A film whose media cannot be read says so where the pictures would be.
    harness.state_mut().view.select_film(Some("broken".into()));
    harness.state_mut().view.select_shot(Some(0));
    for _ in 0..300 {
        harness.step();
        if !harness.state().filmstrip.is_busy() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    harness.run_steps(4);
    // Three in the filmstrip, and one for each of the film's two shots in
    // the table's Picture column.
    assert_eq!(harness.get_all_by_label("no picture").count(), 3 + 2);
}
