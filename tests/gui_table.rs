//! The shot table and the film list, clicked and typed into as a user
//! would: selections, every operation with undo and redo, sorting and
//! filtering, the keys, the film dialogs, and a film of 100,000 shots.
//! Every test checks the project, the undo history or what the table shows.

use std::path::PathBuf;

use decoupage::model::{
    Evidence, Film, Footage, FootageUse, Frame, FrameRate, Length, LengthSource, Project, Shot, Stance,
};
use decoupage::ui::App;
use eframe::egui;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

/// Descriptions of the shots of the test film, one word each so that they
/// match nothing else in the window.
const DESCRIPTIONS: [&str; 6] = ["Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot"];
const LENGTHS: [i64; 6] = [30, 10, 50, 20, 40, 60];
const FRAMINGS: [Option<&str>; 6] = [Some("LS"), Some("CU"), None, Some("CU"), Some("MS"), Some("LS")];

fn evidence(observation: &str) -> Evidence {
    Evidence {
        claim: "reenacted".into(),
        stance: Stance::Supports,
        kind: "setting".into(),
        observation: observation.into(),
        source: String::new(),
        weight: None,
    }
}

/// Two films: "f" with six shots laid end to end at 24 fps (three evidence
/// items), and "g" with two.
fn test_project() -> Project {
    let mut project = Project::new("Table test");
    let mut speech = Footage::new("speech", "Speech");
    speech.variants = vec![vec!["mouth open".into(), "mouth closed".into()]];
    project.footage.push(speech);
    let mut film = Film::new("f", "Test film");
    film.year = Some(1935);
    film.rate = Some(FrameRate::new(24, 1).expect("rate"));
    let mut start = 0;
    for k in 0..6 {
        let mut shot = Shot::new(k as u32 + 1);
        shot.start = Some(Frame(start));
        shot.length = Some(Length {
            frames: LENGTHS[k],
            source: LengthSource::Measured,
        });
        shot.framing = FRAMINGS[k].map(str::to_string);
        shot.description = DESCRIPTIONS[k].to_string();
        start += LENGTHS[k];
        film.shots.push(shot);
    }
    film.shots[0].evidence = vec![evidence("one"), evidence("two")];
    film.shots[3].evidence = vec![evidence("three")];
    film.shots[4].footage = Some(FootageUse::new("speech"));
    project.films.push(film);
    let mut second = Film::new("g", "Second film");
    second.shots = vec![Shot::new(1), Shot::new(2)];
    project.films.push(second);
    project
}

/// The whole window on `project`, saved in a temporary directory.
fn window(project: &Project) -> (tempfile::TempDir, Harness<'static, App>) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path: PathBuf = dir.path().join("table.ron");
    decoupage::store::save(project, &path).expect("save");
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 780.0))
        .build_ui_state(|ui, app: &mut App| app.show(ui), App::new(Some(path)));
    harness.run();
    (dir, harness)
}

fn project<'a>(harness: &'a Harness<'static, App>) -> &'a Project {
    &harness.state().doc.as_ref().expect("a project is open").project
}

fn film<'a>(harness: &'a Harness<'static, App>, id: &str) -> &'a Film {
    project(harness).film(id).expect("the film")
}

fn undo_label(harness: &Harness<'static, App>) -> Option<String> {
    harness
        .state()
        .doc
        .as_ref()
        .and_then(|d| d.history.undo_label().map(str::to_string))
}

fn selection(harness: &Harness<'static, App>) -> Vec<usize> {
    harness.state().view.selection.iter().copied().collect()
}

fn press(harness: &mut Harness<'static, App>, key: Key) {
    harness.key_press(key);
    harness.run();
}

fn press_with(harness: &mut Harness<'static, App>, modifiers: Modifiers, key: Key) {
    harness.key_press_modifiers(modifiers, key);
    harness.run();
}

fn undo(harness: &mut Harness<'static, App>) {
    press_with(harness, Modifiers::COMMAND, Key::Z);
}

fn redo(harness: &mut Harness<'static, App>) {
    press_with(harness, Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
}

/// Left of the inspector: the table and the film list.
const TABLE_RIGHT: f32 = 900.0;

/// A cell of the table, or a button above it (the inspector may show the
/// same text).
fn cell<'a>(harness: &'a Harness<'static, App>, text: &'a str) -> egui_kittest::Node<'a> {
    harness
        .get_all_by_label(text)
        .find(|n| n.rect().min.x < TABLE_RIGHT)
        .unwrap_or_else(|| panic!("no cell “{text}” in the table"))
}

/// The descriptions the table shows, top to bottom.
fn shown_rows(harness: &Harness<'static, App>, film_id: &str) -> Vec<String> {
    let descriptions: Vec<String> = film(harness, film_id)
        .shots
        .iter()
        .map(|s| s.description.clone())
        .collect();
    let mut rows: Vec<(f32, String)> = Vec::new();
    for d in &descriptions {
        for node in harness.query_all_by_label(d) {
            if node.rect().min.x < TABLE_RIGHT {
                rows.push((node.rect().min.y, d.clone()));
            }
        }
    }
    rows.sort_by(|a, b| a.0.total_cmp(&b.0));
    rows.into_iter().map(|(_, d)| d).collect()
}

fn descriptions(harness: &Harness<'static, App>) -> Vec<String> {
    film(harness, "f").shots.iter().map(|s| s.description.clone()).collect()
}

fn lengths(harness: &Harness<'static, App>) -> Vec<Option<i64>> {
    film(harness, "f").shots.iter().map(Shot::frames).collect()
}

fn framings(harness: &Harness<'static, App>) -> Vec<Option<String>> {
    film(harness, "f").shots.iter().map(|s| s.framing.clone()).collect()
}

#[test]
fn the_table_shows_every_column() {
    let (_dir, harness) = window(&test_project());
    assert_eq!(shown_rows(&harness, "f"), DESCRIPTIONS);
    // Shot 4 starts at frame 90: 3.75 s at 24 fps; shot 3 is 50 frames, 2.08 s.
    harness.get_by_label("00:00:03:18");
    harness.get_by_label("2.08");
    harness.get_by_label("90");
    for header in [
        "No.", "Start", "Frames", "Sec.", "Timecode", "Scale", "Footage", "Piece", "Variant", "Evid.",
    ] {
        assert!(harness.query_all_by_label(header).next().is_some(), "header {header}");
    }
    harness.get_by_label("speech");
}

#[test]
fn bulk_framing_on_a_shift_selection_is_one_undo_step() {
    let (_dir, mut harness) = window(&test_project());
    cell(&harness, "Alpha").click();
    harness.run();
    assert_eq!(harness.state().view.selected_shot, Some(0));
    press_with(&mut harness, Modifiers::SHIFT, Key::ArrowDown);
    press_with(&mut harness, Modifiers::SHIFT, Key::ArrowDown);
    assert_eq!(selection(&harness), [0, 1, 2]);
    assert_eq!(harness.state().view.selected_shot, Some(2));
    harness.get_by_label("3 selected");

    // 3 is the third term of the scale: MCU.
    press(&mut harness, Key::Num3);
    let mcu = Some("MCU".to_string());
    assert_eq!(framings(&harness)[..3], [mcu.clone(), mcu.clone(), mcu.clone()]);
    assert_eq!(framings(&harness)[3], Some("CU".into()), "unselected shots keep theirs");
    assert_eq!(
        undo_label(&harness).as_deref(),
        Some("set the framing of 3 shots of 'f' to MCU")
    );
    undo(&mut harness);
    assert_eq!(
        framings(&harness),
        FRAMINGS.map(|f| f.map(str::to_string)),
        "one undo step brings back all three"
    );
    assert_eq!(undo_label(&harness), None);
    redo(&mut harness);
    assert_eq!(framings(&harness)[..3], [mcu.clone(), mcu.clone(), mcu]);

    // Shift+click selects the rows between; the Framing menu sets them all.
    cell(&harness, "Bravo").click();
    harness.run();
    cell(&harness, "Echo").click_modifiers(Modifiers::SHIFT);
    harness.run();
    assert_eq!(selection(&harness), [1, 2, 3, 4]);
    // Ctrl+click takes one out.
    cell(&harness, "Charlie").click_modifiers(Modifiers::COMMAND);
    harness.run();
    assert_eq!(selection(&harness), [1, 3, 4]);
    harness.get_by_label("Set framing").click();
    harness.run();
    harness.get_by_label("ELS — Extreme long shot 7").click();
    harness.run();
    let framings_now = framings(&harness);
    assert_eq!(framings_now[1].as_deref(), Some("ELS"));
    assert_eq!(framings_now[2].as_deref(), Some("MCU"));
    assert_eq!(framings_now[3].as_deref(), Some("ELS"));
    assert_eq!(framings_now[4].as_deref(), Some("ELS"));
    assert_eq!(
        undo_label(&harness).as_deref(),
        Some("set the framing of 3 shots of 'f' to ELS")
    );
    undo(&mut harness);
    assert_eq!(framings(&harness)[4].as_deref(), Some("MS"));
}

#[test]
fn split_and_merge_with_undo_and_redo() {
    let (_dir, mut harness) = window(&test_project());
    cell(&harness, "Charlie").click();
    harness.run();
    press(&mut harness, Key::S);
    assert_eq!(
        lengths(&harness),
        [Some(30), Some(10), Some(25), Some(25), Some(20), Some(40), Some(60)]
    );
    let new = &film(&harness, "f").shots[3];
    assert_eq!(new.id, 7, "a new id");
    assert_eq!(new.start, Some(Frame(65)), "the start follows: 40 + 25");
    assert_eq!(new.description, "");
    assert_eq!(undo_label(&harness).as_deref(), Some("split shot 3 of 'f'"));
    assert!(harness.state().doc.as_ref().unwrap().problems().is_empty());

    // Merging shot 3 with the new shot gives the shot back.
    press(&mut harness, Key::M);
    assert_eq!(lengths(&harness), LENGTHS.map(Some));
    assert_eq!(undo_label(&harness).as_deref(), Some("merge shots 3 and 4 of 'f'"));
    undo(&mut harness);
    assert_eq!(lengths(&harness).len(), 7);
    undo(&mut harness);
    assert_eq!(lengths(&harness), LENGTHS.map(Some));
    assert_eq!(descriptions(&harness), DESCRIPTIONS);
    redo(&mut harness);
    assert_eq!(lengths(&harness)[2..4], [Some(25), Some(25)]);

    // Merge from the toolbar: Alpha and Bravo; descriptions joined, evidence kept.
    undo(&mut harness);
    cell(&harness, "Alpha").click();
    harness.run();
    harness.get_by_label("Merge M").click();
    harness.run();
    let merged = &film(&harness, "f").shots[0];
    assert_eq!(merged.frames(), Some(40));
    assert_eq!(merged.description, "Alpha Bravo");
    assert_eq!(merged.evidence.len(), 2);

    // A shot of unknown length is not split, and the message says why.
    harness.state_mut().doc.as_mut().unwrap().project.films[0].shots[0].length = None;
    harness.run();
    press(&mut harness, Key::S);
    let message = harness.state().message.clone().expect("a message");
    assert!(message.is_error());
    assert!(message.text().contains("length is unknown"), "{message:?}");
    assert_eq!(film(&harness, "f").shots.len(), 5);
}

#[test]
fn insert_delete_duplicate_and_move_with_undo_and_redo() {
    let (_dir, mut harness) = window(&test_project());
    cell(&harness, "Bravo").click();
    harness.run();

    // N inserts after, Shift+N before; the new shot is selected.
    press(&mut harness, Key::N);
    assert_eq!(film(&harness, "f").shots.len(), 7);
    assert_eq!(film(&harness, "f").shots[2].description, "");
    assert_eq!(film(&harness, "f").shots[2].id, 7);
    assert_eq!(harness.state().view.selected_shot, Some(2));
    assert_eq!(undo_label(&harness).as_deref(), Some("insert shot 3 in 'f'"));
    undo(&mut harness);
    assert_eq!(descriptions(&harness), DESCRIPTIONS);
    redo(&mut harness);
    assert_eq!(film(&harness, "f").shots.len(), 7);
    undo(&mut harness);
    cell(&harness, "Bravo").click();
    harness.run();
    press_with(&mut harness, Modifiers::SHIFT, Key::N);
    assert_eq!(film(&harness, "f").shots[1].description, "");
    assert_eq!(film(&harness, "f").shots[2].description, "Bravo");
    undo(&mut harness);

    // Ctrl+D duplicates the selection; each copy follows its original.
    cell(&harness, "Bravo").click();
    harness.run();
    cell(&harness, "Delta").click_modifiers(Modifiers::COMMAND);
    harness.run();
    press_with(&mut harness, Modifiers::COMMAND, Key::D);
    assert_eq!(
        descriptions(&harness),
        [
            "Alpha", "Bravo", "Bravo", "Charlie", "Delta", "Delta", "Echo", "Foxtrot"
        ]
    );
    assert_eq!(selection(&harness), [2, 5], "the copies are selected");
    assert_eq!(undo_label(&harness).as_deref(), Some("duplicate 2 shots of 'f'"));
    assert!(harness.state().doc.as_ref().unwrap().problems().is_empty());
    undo(&mut harness);
    assert_eq!(descriptions(&harness), DESCRIPTIONS);

    // Delete removes the selection as one step.
    cell(&harness, "Bravo").click();
    harness.run();
    cell(&harness, "Delta").click_modifiers(Modifiers::COMMAND);
    harness.run();
    press(&mut harness, Key::Delete);
    assert_eq!(descriptions(&harness), ["Alpha", "Charlie", "Echo", "Foxtrot"]);
    assert_eq!(undo_label(&harness).as_deref(), Some("delete 2 shots of 'f'"));
    assert_eq!(harness.state().view.selected_shot, Some(1));
    undo(&mut harness);
    assert_eq!(descriptions(&harness), DESCRIPTIONS);
    assert_eq!(film(&harness, "f").shots[3].evidence.len(), 1, "evidence comes back");
    redo(&mut harness);
    assert_eq!(descriptions(&harness).len(), 4);
    undo(&mut harness);

    // Alt+Up moves up; starts follow, so the film stays valid.
    cell(&harness, "Charlie").click();
    harness.run();
    press_with(&mut harness, Modifiers::ALT, Key::ArrowUp);
    assert_eq!(
        descriptions(&harness),
        ["Alpha", "Charlie", "Bravo", "Delta", "Echo", "Foxtrot"]
    );
    assert_eq!(harness.state().view.selected_shot, Some(1));
    assert_eq!(film(&harness, "f").shots[1].start, Some(Frame(30)));
    assert!(harness.state().doc.as_ref().unwrap().problems().is_empty());
    assert_eq!(undo_label(&harness).as_deref(), Some("move shot 3 of 'f' up"));
    // The toolbar moves down.
    harness.get_by_label("Move down Alt+Down").click();
    harness.run();
    assert_eq!(descriptions(&harness), DESCRIPTIONS);
    undo(&mut harness);
    undo(&mut harness);
    assert_eq!(descriptions(&harness), DESCRIPTIONS);
    redo(&mut harness);
    assert_eq!(descriptions(&harness)[1], "Charlie");

    // Nothing moves past the ends, and the message says so.
    cell(&harness, "Alpha").click();
    harness.run();
    press_with(&mut harness, Modifiers::ALT, Key::ArrowUp);
    assert!(harness.state().message.as_ref().unwrap().is_error());
    assert_eq!(descriptions(&harness)[0], "Alpha");
}

#[test]
fn sort_by_frames_and_filter_by_framing() {
    let (_dir, mut harness) = window(&test_project());
    let frames_header = |harness: &Harness<'static, App>| {
        harness
            .get_all_by_label_contains("Frames")
            .find(|n| n.rect().min.x < TABLE_RIGHT)
            .expect("the Frames header")
            .click();
    };
    frames_header(&harness);
    harness.run();
    // 30 10 50 20 40 60, ascending
    assert_eq!(
        shown_rows(&harness, "f"),
        ["Bravo", "Delta", "Alpha", "Echo", "Charlie", "Foxtrot"]
    );
    harness.get_by_label_contains("sorted by frames");
    // The project keeps its order: sorting is a view.
    assert_eq!(descriptions(&harness), DESCRIPTIONS);
    assert_eq!(undo_label(&harness), None);

    // An edit re-sorts the view: Foxtrot split in two halves of 30 frames
    // goes up beside Alpha; undo puts it back.
    cell(&harness, "Foxtrot").click();
    harness.run();
    press(&mut harness, Key::S);
    assert_eq!(
        shown_rows(&harness, "f"),
        ["Bravo", "Delta", "Alpha", "Foxtrot", "Echo", "Charlie"]
    );
    undo(&mut harness);
    assert_eq!(
        shown_rows(&harness, "f"),
        ["Bravo", "Delta", "Alpha", "Echo", "Charlie", "Foxtrot"]
    );
    press(&mut harness, Key::Escape);

    frames_header(&harness);
    harness.run();
    assert_eq!(
        shown_rows(&harness, "f"),
        ["Foxtrot", "Charlie", "Echo", "Alpha", "Delta", "Bravo"]
    );

    // Row order and shot numbers: the first row is shot 6. Down from nothing
    // goes to the first row, J to the next row.
    press(&mut harness, Key::J);
    assert_eq!(harness.state().view.selected_shot, Some(5));
    press(&mut harness, Key::J);
    assert_eq!(harness.state().view.selected_shot, Some(2));
    press(&mut harness, Key::Escape);

    // Filter by framing: only the close-ups, still sorted.
    harness.get_by_label("Framing: any").click();
    harness.run();
    harness.get_by_label("CU — Close-up").click();
    harness.run();
    assert_eq!(shown_rows(&harness, "f"), ["Delta", "Bravo"]);
    harness.get_by_label_contains("2 of 6 shots");
    assert!(harness.query_by_label("Alpha").is_none());

    // Bulk changes reach only what the filter shows.
    press_with(&mut harness, Modifiers::COMMAND, Key::A);
    assert_eq!(selection(&harness), [1, 3]);
    press(&mut harness, Key::Num1);
    assert_eq!(
        undo_label(&harness).as_deref(),
        Some("set the framing of 2 shots of 'f' to ECU")
    );
    // They no longer match the filter.
    assert_eq!(shown_rows(&harness, "f"), Vec::<String>::new());
    harness.get_by_label("No shot matches the filter.");
    undo(&mut harness);
    assert_eq!(shown_rows(&harness, "f"), ["Delta", "Bravo"]);

    harness.get_by_label("Clear filters").click();
    harness.run();
    harness.get_by_label("Film order").click();
    harness.run();
    assert_eq!(shown_rows(&harness, "f"), DESCRIPTIONS);
}

#[test]
fn text_filter_and_the_filter_keys() {
    let (_dir, mut harness) = window(&test_project());
    // Ctrl+F gives the keyboard to the shot filter, again to the film search.
    press_with(&mut harness, Modifiers::COMMAND, Key::F);
    assert!(harness.get_by_label("Filter shots").is_focused());
    harness.get_by_label("Filter shots").type_text("ha");
    harness.run();
    assert_eq!(shown_rows(&harness, "f"), ["Alpha", "Charlie"]);
    // Down goes to the first shot shown.
    press(&mut harness, Key::ArrowDown);
    assert!(!harness.get_by_label("Filter shots").is_focused());
    assert_eq!(harness.state().view.selected_shot, Some(0));
    press(&mut harness, Key::J);
    assert_eq!(harness.state().view.selected_shot, Some(2));
    press(&mut harness, Key::J);
    assert_eq!(harness.state().view.selected_shot, Some(2), "the last row shown");

    press_with(&mut harness, Modifiers::COMMAND, Key::F);
    assert!(harness.get_by_label("Filter shots").is_focused());
    press_with(&mut harness, Modifiers::COMMAND, Key::F);
    assert!(harness.get_by_label("Search films").is_focused());
    press(&mut harness, Key::Escape);
    press_with(&mut harness, Modifiers::COMMAND | Modifiers::SHIFT, Key::F);
    assert!(harness.get_by_label("Search films").is_focused());
}

#[test]
fn keys_j_k_and_1_to_7() {
    let (_dir, mut harness) = window(&test_project());
    press(&mut harness, Key::J);
    assert_eq!(harness.state().view.selected_shot, Some(0));
    press(&mut harness, Key::J);
    press(&mut harness, Key::J);
    assert_eq!(harness.state().view.selected_shot, Some(2));
    press(&mut harness, Key::K);
    assert_eq!(harness.state().view.selected_shot, Some(1));
    assert_eq!(selection(&harness), [1]);
    press(&mut harness, Key::End);
    assert_eq!(harness.state().view.selected_shot, Some(5));
    press(&mut harness, Key::Home);
    assert_eq!(harness.state().view.selected_shot, Some(0));

    let scale: Vec<String> = project(&harness)
        .vocabularies
        .framing
        .iter()
        .map(|t| t.code.clone())
        .collect();
    assert_eq!(scale, ["ECU", "CU", "MCU", "MS", "MLS", "LS", "ELS"]);
    let digits = [
        Key::Num1,
        Key::Num2,
        Key::Num3,
        Key::Num4,
        Key::Num5,
        Key::Num6,
        Key::Num7,
    ];
    for (k, key) in digits.into_iter().enumerate() {
        press(&mut harness, key);
        assert_eq!(
            framings(&harness)[0].as_deref(),
            Some(scale[k].as_str()),
            "key {}",
            k + 1
        );
    }
    press(&mut harness, Key::Num0);
    assert_eq!(framings(&harness)[0], None);
    assert_eq!(
        undo_label(&harness).as_deref(),
        Some("clear the framing of shot 1 of 'f'")
    );
    // Each key is a step of its own.
    for _ in 0..8 {
        undo(&mut harness);
    }
    assert_eq!(framings(&harness)[0].as_deref(), Some("LS"));
    assert_eq!(undo_label(&harness), None);
}

#[test]
fn add_rename_and_delete_a_film() {
    let (_dir, mut harness) = window(&test_project());
    harness.get_by_label("Add…").click();
    harness.run();
    harness.get_by_label("Add a film");
    assert!(harness.get_by_label("Film title").is_focused());
    harness
        .get_by_label("Film title")
        .type_text("Le journal de l'année 1936");
    harness.run();
    harness.get_by_label("Its id will be “le-journal-de-l-annee-1936”.");
    press(&mut harness, Key::Enter);
    assert!(harness.query_by_label("Add a film").is_none(), "the dialog closed");
    let films: Vec<String> = project(&harness).films.iter().map(|f| f.id.clone()).collect();
    assert_eq!(films, ["f", "g", "le-journal-de-l-annee-1936"]);
    assert_eq!(
        harness.state().view.selected_film.as_deref(),
        Some("le-journal-de-l-annee-1936")
    );
    assert_eq!(
        undo_label(&harness).as_deref(),
        Some("add film 'le-journal-de-l-annee-1936'")
    );
    harness.get_by_role_and_label(egui::Role::Button, "Le journal de l'année 1936");

    // Rename: the title changes, the id stays.
    harness.get_by_label("Rename…").click();
    harness.run();
    harness.get_by_label("Its id stays “le-journal-de-l-annee-1936”.");
    // Select the old title and type over it.
    press_with(&mut harness, Modifiers::COMMAND, Key::A);
    harness.get_by_label("Film title").type_text("Journal 1936");
    harness.run();
    harness.get_by_label("Rename").click();
    harness.run();
    let new = project(&harness).film("le-journal-de-l-annee-1936").expect("same id");
    assert_eq!(new.title, "Journal 1936");
    assert_eq!(
        undo_label(&harness).as_deref(),
        Some("change the title of 'le-journal-de-l-annee-1936'")
    );

    // Delete the first film: the confirmation names what would be lost.
    harness.get_by_role_and_label(egui::Role::Button, "Test film").click();
    harness.run();
    harness.get_by_label("Delete…").click();
    harness.run();
    harness.get_by_label("Delete “Test film”?");
    harness.get_by_label("Its 6 shots and 3 evidence items will be deleted with it.");
    // Cancel keeps it.
    harness.get_by_label("Cancel").click();
    harness.run();
    assert_eq!(project(&harness).films.len(), 3);
    harness.get_by_label("Delete…").click();
    harness.run();
    // Enter confirms.
    press(&mut harness, Key::Enter);
    let films: Vec<String> = project(&harness).films.iter().map(|f| f.id.clone()).collect();
    assert_eq!(films, ["g", "le-journal-de-l-annee-1936"]);
    assert_eq!(harness.state().view.selected_film.as_deref(), Some("g"));
    assert_eq!(undo_label(&harness).as_deref(), Some("delete film 'f'"));
    undo(&mut harness);
    assert_eq!(
        project(&harness).films[0],
        test_project().films[0],
        "undo brings it back whole"
    );
    redo(&mut harness);
    assert_eq!(project(&harness).films.len(), 2);

    // Escape closes a dialog without a change.
    harness.get_by_label("Add…").click();
    harness.run();
    press(&mut harness, Key::Escape);
    assert!(harness.query_by_label("Add a film").is_none());
    assert_eq!(project(&harness).films.len(), 2);
}

#[test]
fn reorder_films() {
    let (_dir, mut harness) = window(&test_project());
    let order = |harness: &Harness<'static, App>| -> Vec<String> {
        project(harness).films.iter().map(|f| f.id.clone()).collect()
    };
    assert_eq!(harness.state().view.selected_film.as_deref(), Some("f"));
    harness.get_by_label("Move the film down").click();
    harness.run();
    assert_eq!(order(&harness), ["g", "f"]);
    assert_eq!(undo_label(&harness).as_deref(), Some("move film 'f' down"));
    // The list shows the new order.
    let y = |title: &str| harness.get_by_role_and_label(egui::Role::Button, title).rect().min.y;
    assert!(y("Second film") < y("Test film"));
    undo(&mut harness);
    assert_eq!(order(&harness), ["f", "g"]);
    redo(&mut harness);
    assert_eq!(order(&harness), ["g", "f"]);
    // With the keyboard: Ctrl+Shift+PageUp moves the selected film up.
    press_with(&mut harness, Modifiers::COMMAND | Modifiers::SHIFT, Key::PageUp);
    assert_eq!(order(&harness), ["f", "g"]);
    // Ctrl+PageDown selects the next film.
    press_with(&mut harness, Modifiers::COMMAND, Key::PageDown);
    assert_eq!(harness.state().view.selected_film.as_deref(), Some("g"));
}

#[test]
fn keys_on_an_invalid_project_never_panic() {
    // What `decoupage validate` rejects: a zero and a negative length, a
    // negative start, a repeated id, an unknown framing and footage; and
    // what it accepts but could overflow: the largest id, the longest length.
    let mut invalid = test_project();
    let shots = &mut invalid.films[0].shots;
    shots[0].length = Some(Length {
        frames: 0,
        source: LengthSource::Measured,
    });
    shots[1].length = Some(Length {
        frames: -5,
        source: LengthSource::Estimated,
    });
    shots[2].start = Some(Frame(-100));
    shots[3].id = 1;
    shots[4].id = u32::MAX;
    shots[4].framing = Some("XYZ".into());
    shots[5].footage = Some(FootageUse::new("nowhere"));
    shots[5].length = Some(Length {
        frames: i64::MAX,
        source: LengthSource::Measured,
    });
    let (_dir, mut harness) = window(&invalid);
    let keys = [
        Key::J,
        Key::S,
        Key::M,
        Key::J,
        Key::S,
        Key::M,
        Key::N,
        Key::Delete,
        Key::End,
        Key::S,
        Key::M,
        Key::Num3,
        Key::Home,
    ];
    for key in keys {
        press(&mut harness, key);
        press_with(&mut harness, Modifiers::ALT, Key::ArrowDown);
        press_with(&mut harness, Modifiers::COMMAND, Key::D);
    }
    press_with(&mut harness, Modifiers::COMMAND, Key::A);
    press(&mut harness, Key::S);
    press(&mut harness, Key::Delete);
    assert!(film(&harness, "f").shots.is_empty());
    while undo_label(&harness).is_some() {
        undo(&mut harness);
    }
    assert_eq!(project(&harness), &invalid, "undo goes all the way back");
}

#[test]
fn a_film_of_100k_shots_shows_and_scrolls_to_its_last_shot() {
    const N: usize = 100_000;
    let mut long = Project::new("Long");
    let mut long_film = Film::new("long", "A very long film");
    long_film.rate = Some(FrameRate::new(24, 1).expect("rate"));
    let mut start = 0;
    for k in 0..N {
        let mut shot = Shot::new(k as u32 + 1);
        let frames = 24 + (k % 48) as i64;
        shot.start = Some(Frame(start));
        shot.length = Some(Length {
            frames,
            source: LengthSource::Measured,
        });
        shot.description = format!("Long shot {}", k + 1);
        start += frames;
        long_film.shots.push(shot);
    }
    long.films.push(long_film);
    let (_dir, mut harness) = window(&long);
    harness.get_by_label_contains("100000 shots · 100000 with a known length");
    cell(&harness, "Long shot 1");
    assert!(
        harness.query_by_label("Long shot 100000").is_none(),
        "rows out of sight are not drawn"
    );

    press(&mut harness, Key::End);
    assert_eq!(harness.state().view.selected_shot, Some(N - 1));
    cell(&harness, "Long shot 100000");
    harness.get_by_label("100000");
    assert!(harness.query_by_label("Long shot 1").is_none());

    // Sorted by frames, descending: the longest shots come first, and the
    // table still scrolls to the end.
    harness.state_mut().view.table.spec.sort = Some(decoupage::model::ops::Sort {
        column: decoupage::model::ops::SortColumn::Frames,
        descending: true,
    });
    harness.run();
    press(&mut harness, Key::Home);
    assert_eq!(
        harness.state().view.selected_shot,
        Some(47),
        "the first shot of 71 frames"
    );
    press(&mut harness, Key::End);
    let last_short = (0..N).rfind(|k| k % 48 == 0).expect("a shot of 24 frames");
    assert_eq!(
        harness.state().view.selected_shot,
        Some(last_short),
        "the last shot of 24 frames"
    );
    cell(&harness, &format!("Long shot {}", last_short + 1));

    // A bulk change on every shot is one step.
    harness.state_mut().view.table.spec.sort = None;
    press_with(&mut harness, Modifiers::COMMAND, Key::A);
    assert_eq!(harness.state().view.selection.len(), N);
    press(&mut harness, Key::Num2);
    assert!(
        film(&harness, "long")
            .shots
            .iter()
            .all(|s| s.framing.as_deref() == Some("CU"))
    );
    assert_eq!(
        undo_label(&harness).as_deref(),
        Some("set the framing of 100000 shots of 'long' to CU")
    );
    undo(&mut harness);
    assert!(film(&harness, "long").shots.iter().all(|s| s.framing.is_none()));
}

#[test]
fn filter_by_claim_and_sort_by_evidence_on_the_sample() {
    let path = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/projects/stakhanov.ron"));
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 780.0))
        .build_ui_state(|ui, app: &mut App| app.show(ui), App::new(Some(path)));
    harness.run();
    assert_eq!(harness.state().view.selected_film.as_deref(), Some("journal-1935"));
    let description =
        |harness: &Harness<'static, App>, i: usize| film(harness, "journal-1935").shots[i].description.clone();

    // Shot 1 carries the four items about reenactment.
    harness.get_by_label("Claim: any").click();
    harness.run();
    harness.get_by_label("reenacted — Reenacted").click();
    harness.run();
    assert_eq!(shown_rows(&harness, "journal-1935"), [description(&harness, 0)]);
    harness.get_by_label_contains("showing 1 of 5 shots");
    // "No evidence" shows the three shots without any.
    harness.get_by_label("Claim: reenacted").click();
    harness.run();
    harness.get_by_label("No evidence").click();
    harness.run();
    let bare: Vec<String> = [1, 3, 4].iter().map(|&i| description(&harness, i)).collect();
    assert_eq!(shown_rows(&harness, "journal-1935"), bare);

    // Sorted by evidence: the fewest first, shots without evidence last.
    harness.get_by_label("Clear filters").click();
    harness.run();
    cell(&harness, "Evid.").click();
    harness.run();
    let order: Vec<String> = [2, 0, 1, 3, 4].iter().map(|&i| description(&harness, i)).collect();
    assert_eq!(shown_rows(&harness, "journal-1935"), order);
    // The project is as it was: nothing to save.
    assert!(!harness.state().is_dirty());
}

#[test]
fn a_list_of_a_thousand_films_draws_only_those_in_view_and_follows_the_keys() {
    let mut many = Project::new("Many films");
    for k in 0..1000 {
        let mut film = Film::new(format!("film-{k:04}"), format!("Newsreel number {k:04}"));
        film.shots = vec![Shot::new(1)];
        many.films.push(film);
    }
    let (_dir, mut harness) = window(&many);
    let entry = |h: &Harness<'static, App>, k: usize| {
        h.query_by_role_and_label(egui::Role::Button, &format!("Newsreel number {k:04}"))
            .is_some()
    };
    assert!(entry(&harness, 0) && entry(&harness, 5), "the first films are in view");
    assert!(!entry(&harness, 999), "the last film is not drawn");
    let drawn = (0..1000).filter(|&k| entry(&harness, k)).count();
    assert!((10..40).contains(&drawn), "{drawn} entries drawn of 1000");

    // Ctrl+PageDown goes down the list; the list scrolls with the selection.
    for _ in 0..60 {
        press_with(&mut harness, Modifiers::COMMAND, Key::PageDown);
    }
    assert_eq!(harness.state().view.selected_film.as_deref(), Some("film-0060"));
    harness.run();
    assert!(entry(&harness, 60), "the selected film is scrolled into view");
    assert!(!entry(&harness, 0), "the top of the list has scrolled away");

    // The search finds a film at the end of the list and Enter shows it.
    harness.get_by_label("Search films").click();
    harness.run();
    harness.get_by_label("Search films").type_text("0987");
    harness.run();
    assert!(entry(&harness, 987));
    assert!(!entry(&harness, 60), "only the film found is listed");
}
