//! The viewer in the window, on a real film (bikes.mp4, 250 frames at 25
//! fps, cuts at frames 30, 76, 137, 187 and 242): frames stepped and jumped
//! to, cuts marked with a key and moved frame by frame as undoable edits,
//! the table following playback, a reported length kept beside the
//! measured one and the difference shown.

use std::path::{Path, PathBuf};
use std::time::Duration;

use decoupage::model::{Film, Frame, FrameRate, Length, LengthSource, Project, Shot};
use decoupage::ui::App;
use eframe::egui;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

/// A project beside a copy of bikes.mp4, one film linked to it, with the
/// shots given as (start, frames, reported).
fn project_with_bikes(dir: &Path, shots: &[(i64, i64, bool)]) -> PathBuf {
    std::fs::copy(
        concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/bikes.mp4"),
        dir.join("bikes.mp4"),
    )
    .unwrap();
    let mut project = Project::new("Viewer");
    let mut film = Film::new("bikes", "Bikes");
    film.rate = FrameRate::new(25, 1).ok();
    film.media = Some("bikes.mp4".into());
    for (k, &(start, frames, reported)) in shots.iter().enumerate() {
        let mut shot = Shot::new(k as u32 + 1);
        shot.start = Some(Frame(start));
        shot.length = Some(Length {
            frames,
            source: if reported {
                LengthSource::Reported {
                    citation: "the article, p. 3".into(),
                }
            } else {
                LengthSource::Measured
            },
        });
        film.shots.push(shot);
    }
    project.films.push(film);
    let path = dir.join("viewer.ron");
    decoupage::store::save(&project, &path).unwrap();
    path
}

fn window(path: &Path) -> Harness<'static, App> {
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 860.0))
        .build_ui_state(|ui, app: &mut App| app.show(ui), App::new(Some(path.to_path_buf())));
    harness.state_mut().view.select_film(Some("bikes".into()));
    harness.step();
    harness
}

/// Steps the window until `done`, for at most ten seconds.
fn until(harness: &mut Harness<'static, App>, what: &str, done: impl Fn(&App) -> bool) {
    for _ in 0..1000 {
        harness.step();
        if done(harness.state()) {
            return;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    panic!("never: {what}");
}

fn shows(harness: &mut Harness<'static, App>, n: usize) {
    until(harness, &format!("frame {n} shown"), |app| {
        app.viewer.shows_frame() == Some(n)
    });
}

fn lengths(app: &App) -> Vec<(i64, i64, &'static str)> {
    let film = app.doc.as_ref().unwrap().project.film("bikes").unwrap();
    film.shots
        .iter()
        .map(|s| {
            (
                s.start.unwrap().0,
                s.frames().unwrap(),
                s.length.as_ref().unwrap().source.name(),
            )
        })
        .collect()
}

fn key(harness: &mut Harness<'static, App>, modifiers: Modifiers, key: Key) {
    harness.key_press_modifiers(modifiers, key);
    harness.step();
}

#[test]
fn frames_are_stepped_and_cuts_are_marked_and_moved_on_the_film() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = window(&project_with_bikes(dir.path(), &[]));
    until(&mut harness, "the media open", |app| app.viewer.media().is_some());
    assert_eq!(harness.state().viewer.media().unwrap().frames, 250);
    shows(&mut harness, 0);
    harness.get_by_label("frame 0 · 00:00:00:00 · 0+00 ft (35 mm)");

    // To the first cut: three times ten frames forward.
    for _ in 0..3 {
        key(&mut harness, Modifiers::SHIFT, Key::ArrowRight);
    }
    shows(&mut harness, 30);
    harness.get_by_label("frame 30 · 00:00:01:05 · 1+14 ft (35 mm)");
    // A film not yet cut: C makes the shots before and after the cut.
    key(&mut harness, Modifiers::NONE, Key::C);
    assert_eq!(lengths(harness.state()), [(0, 30, "measured"), (30, 220, "measured")]);

    // To the second cut by typing where: one frame late, then mended.
    harness.get_by_label("Go").click(); // an empty field: nothing happens
    harness.step();
    let field = "Go to frame";
    harness.get_by_label(field).click();
    harness.step();
    harness.get_by_label(field).type_text("00:00:03:02");
    harness.step();
    harness.get_by_label("Go").click();
    harness.step();
    shows(&mut harness, 77);
    key(&mut harness, Modifiers::NONE, Key::C);
    assert_eq!(
        lengths(harness.state()),
        [(0, 30, "measured"), (30, 47, "measured"), (77, 173, "measured")]
    );
    key(&mut harness, Modifiers::NONE, Key::Comma);
    assert_eq!(
        lengths(harness.state()),
        [(0, 30, "measured"), (30, 46, "measured"), (76, 174, "measured")]
    );
    shows(&mut harness, 76);
    // Each is one undo step.
    key(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(lengths(harness.state())[2], (77, 173, "measured"));
    key(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(lengths(harness.state()).len(), 2);

    // Back one frame, previous and next shot.
    key(&mut harness, Modifiers::NONE, Key::ArrowLeft);
    shows(&mut harness, 75);
    key(&mut harness, Modifiers::COMMAND, Key::ArrowLeft);
    shows(&mut harness, 30);
    key(&mut harness, Modifiers::COMMAND, Key::ArrowLeft);
    shows(&mut harness, 0);
    key(&mut harness, Modifiers::COMMAND, Key::ArrowRight);
    shows(&mut harness, 30);

    // A frame outside the film is refused by name.
    harness.get_by_label(field).click();
    harness.step();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.get_by_label(field).type_text("900");
    harness.step();
    harness.get_by_label("Go").click();
    harness.step();
    harness.step();
    harness.get_by_label("Frame 900 is outside the film (0 to 249)");
    assert_eq!(harness.state().viewer.frame, 30);
}

#[test]
fn the_table_follows_playback_and_a_chosen_shot_shows_its_first_frame() {
    let dir = tempfile::tempdir().unwrap();
    let path = project_with_bikes(dir.path(), &[(0, 30, false), (30, 46, false), (76, 174, false)]);
    let mut harness = window(&path);
    until(&mut harness, "the media open", |app| app.viewer.media().is_some());
    // The picture column shows each shot's first frame.
    harness.get_by_label("Picture");
    let media = dir.path().join("bikes.mp4");
    until(&mut harness, "the first frames of the shots", |app| {
        [0, 30, 76].iter().all(|&n| app.filmstrip.has(&media, n))
    });
    // Choosing shot 3 in the table brings its first frame.
    harness.state_mut().view.select_shot(Some(2));
    shows(&mut harness, 76);
    harness.get_by_label_contains("shot 3 (frames 76–249), frame 1 of it");
    // From shot 1, playing: the table's selection follows into shot 2.
    harness.state_mut().view.select_shot(Some(0));
    shows(&mut harness, 0);
    key(&mut harness, Modifiers::NONE, Key::Space);
    assert!(harness.state().viewer.is_playing());
    until(&mut harness, "playback into shot 2", |app| {
        app.view.selected_shot == Some(1)
    });
    assert!(harness.state().viewer.frame >= 30);
    key(&mut harness, Modifiers::NONE, Key::Space);
    assert!(!harness.state().viewer.is_playing());
    let stopped = harness.state().viewer.frame;
    harness.step();
    std::thread::sleep(Duration::from_millis(100));
    harness.step();
    assert_eq!(harness.state().viewer.frame, stopped, "paused");
}

#[test]
fn a_reported_length_stays_beside_the_measured_one_and_the_difference_is_shown() {
    // The article says 39 frames for the first shot; the film shows 30.
    let dir = tempfile::tempdir().unwrap();
    let path = project_with_bikes(dir.path(), &[(0, 39, true), (39, 211, false)]);
    let mut harness = window(&path);
    until(&mut harness, "the media open", |app| app.viewer.media().is_some());
    harness.state_mut().view.select_shot(Some(1));
    shows(&mut harness, 39);
    // The cut is nine frames early on the film: moved back frame by frame.
    for _ in 0..9 {
        key(&mut harness, Modifiers::NONE, Key::Comma);
    }
    let app = harness.state();
    let film = app.doc.as_ref().unwrap().project.film("bikes").unwrap();
    let first = &film.shots[0];
    assert_eq!(first.frames(), Some(30));
    assert_eq!(first.length.as_ref().unwrap().source, LengthSource::Measured);
    let reported = first.reported.as_ref().unwrap();
    assert_eq!((reported.frames, reported.citation.as_str()), (39, "the article, p. 3"));
    assert_eq!(film.shots[1].start, Some(Frame(30)));
    harness.state_mut().view.select_shot(Some(0));
    harness.step();
    harness.step();
    harness.get_by_label("39 frames (the article, p. 3): the film shows 30, -9");
}

#[test]
fn detected_cuts_are_reviewed_and_put_in_the_film_as_one_edit() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = window(&project_with_bikes(dir.path(), &[]));
    until(&mut harness, "the media open", |app| app.viewer.media().is_some());
    harness.get_by_label("Detect cuts").click();
    harness.step();
    until(&mut harness, "the review", |app| app.detecting.review().is_some());
    let frames: Vec<(usize, &str)> = harness
        .state()
        .detecting
        .review()
        .unwrap()
        .candidates
        .iter()
        .map(|c| (c.frame, c.kind))
        .collect();
    assert_eq!(
        frames,
        [(30, "cut"), (76, "cut"), (137, "cut"), (187, "cut"), (242, "cut")]
    );
    // A window is sized, unseen, on its first frame.
    harness.step();
    harness.step();
    harness.get_by_label("cut at frame 76");
    // The frames on either side of each are shown once decoded.
    let media = dir.path().join("bikes.mp4");
    until(&mut harness, "frames 29 and 30", |app| {
        app.filmstrip.has(&media, 29) && app.filmstrip.has(&media, 30)
    });
    // The last is rejected, the second moved one frame later and back
    // (the first +1 and -1 are the viewer's, the next the first row's).
    harness.state_mut().detecting.review_mut().unwrap().candidates[4].accepted = false;
    harness.step();
    harness.get_all_by_label("+1").nth(2).unwrap().click();
    harness.step();
    assert_eq!(harness.state().detecting.review().unwrap().candidates[1].frame, 77);
    harness.get_all_by_label("-1").nth(2).unwrap().click();
    harness.step();
    harness.get_by_label("Put 4 cuts in the film").click();
    harness.step();
    harness.step();
    assert!(harness.state().detecting.review().is_none(), "the review closes");
    assert_eq!(
        lengths(harness.state()),
        [
            (0, 30, "measured"),
            (30, 46, "measured"),
            (76, 61, "measured"),
            (137, 50, "measured"),
            (187, 63, "measured")
        ]
    );
    key(&mut harness, Modifiers::COMMAND, Key::Z);
    assert!(lengths(harness.state()).is_empty(), "one undo takes them all back");
}

#[test]
fn two_uses_of_a_footage_play_side_by_side_from_their_first_frames() {
    use decoupage::model::{Footage, FootageUse};
    // Two films cut from the same film (bikes.mp4): the newsreel keeps the
    // rider whole (frames 30-75), the compilation trims him (34-69).
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/bikes.mp4"),
        dir.path().join("bikes.mp4"),
    )
    .unwrap();
    let mut project = Project::new("Two uses");
    project.footage.push(Footage::new("rider", "The rider in the traffic"));
    for (id, start, frames) in [("newsreel", 30, 46), ("compilation", 34, 36)] {
        let mut film = Film::new(id, id);
        film.rate = FrameRate::new(25, 1).ok();
        film.media = Some("bikes.mp4".into());
        let mut shot = Shot::new(1);
        shot.start = Some(Frame(start));
        shot.length = Some(Length {
            frames,
            source: LengthSource::Measured,
        });
        shot.footage = Some(FootageUse::new("rider"));
        film.shots.push(shot);
        project.films.push(film);
    }
    let path = dir.path().join("sbs.ron");
    decoupage::store::save(&project, &path).unwrap();
    let mut harness = window(&path);
    key(&mut harness, Modifiers::COMMAND, Key::Num2);
    harness.state_mut().view.compare.footage = Some("rider".into());
    harness.step();
    harness.step();
    harness.get_by_label("Side by side").click();
    harness.step();
    harness.step();
    let shown = |app: &App| {
        let sbs = app.side_by_side.as_ref().unwrap();
        (sbs.panes[0].shows_frame(), sbs.panes[1].shows_frame())
    };
    until(&mut harness, "both first frames", |app| {
        shown(app) == (Some(30), Some(34))
    });
    harness.get_by_label("+1").click();
    until(&mut harness, "both one frame on", |app| {
        shown(app) == (Some(31), Some(35))
    });
    for _ in 0..4 {
        harness.get_by_label("+10").click();
        harness.step();
    }
    // Frame 42 of both shots: the compilation's, 36 long, has ended on its
    // last frame; the newsreel's goes on.
    until(&mut harness, "the trim seen", |app| shown(app) == (Some(71), Some(69)));
    harness.get_by_label("frame 69 · the shot has ended (36 frames)");
    harness.get_by_label("frame 71 · frame 42 of 46 frames");
}

#[test]
fn tap_mode_drops_cuts_while_the_film_plays_on() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = window(&project_with_bikes(dir.path(), &[]));
    until(&mut harness, "the media open", |app| app.viewer.media().is_some());
    shows(&mut harness, 0);
    key(&mut harness, Modifiers::NONE, Key::Space);
    until(&mut harness, "playback past frame 20", |app| app.viewer.frame >= 20);
    key(&mut harness, Modifiers::NONE, Key::C);
    assert!(harness.state().viewer.is_playing(), "the film plays on");
    until(&mut harness, "playback past frame 60", |app| app.viewer.frame >= 60);
    key(&mut harness, Modifiers::NONE, Key::C);
    key(&mut harness, Modifiers::NONE, Key::Space);
    let shots = lengths(harness.state());
    assert_eq!(shots.len(), 3, "{shots:?}");
    assert!(shots[1].0 >= 20 && shots[2].0 >= 60, "{shots:?}");
    assert_eq!(shots.iter().map(|s| s.1).sum::<i64>(), 250, "the shots cover the film");
    assert!(shots.iter().all(|s| s.2 == "measured"));
}
