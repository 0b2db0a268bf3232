//! The inspector as a form, clicked and typed into as a user would, on the
//! sample project: every test checks the project, the undo history and
//! what the window shows.

use std::path::PathBuf;

use decoupage::model::{Film, FrameRate, Length, LengthSource, Placement, Project, Shot, Stance, Weight};
use decoupage::ui::App;
use eframe::egui::{self, Key, Modifiers, Role};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};

fn sample_path() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/projects/stakhanov.ron"))
}

/// The sample copied where a test may save it.
fn sample_copy(dir: &tempfile::TempDir) -> PathBuf {
    let path = dir.path().join("stakhanov.ron");
    std::fs::copy(sample_path(), &path).expect("copy the sample");
    path
}

/// The whole window, tall enough for the inspector of a shot with its
/// evidence.
fn window(path: PathBuf) -> Harness<'static, App> {
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 1500.0))
        .build_ui_state(|ui, app: &mut App| app.show(ui), App::new(Some(path)));
    harness.run();
    harness
}

/// The sample with one shot of Le journal de l'année 1935 selected.
fn journal_shot(index: usize) -> Harness<'static, App> {
    let mut harness = window(sample_path());
    harness
        .get_by_role_and_label(Role::Button, "Le journal de l'année 1935")
        .click();
    harness.run();
    harness.state_mut().view.select_shot(Some(index));
    harness.run();
    harness
}

fn project<'a>(harness: &'a Harness<'static, App>) -> &'a Project {
    &harness.state().doc.as_ref().expect("a project is open").project
}

fn film<'a>(harness: &'a Harness<'static, App>, id: &str) -> &'a Film {
    project(harness).film(id).expect("the film")
}

fn journal(harness: &Harness<'static, App>, index: usize) -> Shot {
    film(harness, "journal-1935").shots[index].clone()
}

fn undo_label(harness: &Harness<'static, App>) -> Option<String> {
    harness
        .state()
        .doc
        .as_ref()
        .and_then(|d| d.history.undo_label().map(String::from))
}

fn is_dirty(harness: &Harness<'static, App>) -> bool {
    harness.state().doc.as_ref().is_some_and(|d| d.is_dirty())
}

fn undo(harness: &mut Harness<'static, App>) {
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
}

fn redo(harness: &mut Harness<'static, App>) {
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    harness.run();
}

/// Selects everything in the text field named `name` and types `text` over
/// it; a single-line field is then left with Enter.
fn retype(harness: &mut Harness<'static, App>, role: Role, name: &str, text: &str) {
    harness.get_by_role_and_label(role, name).click();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.run();
    if text.is_empty() {
        harness.key_press(Key::Backspace);
    } else {
        harness.get_by_role_and_label(role, name).type_text(text);
    }
    harness.run();
    if role == Role::TextInput {
        harness.key_press(Key::Enter);
        harness.run();
    }
}

/// Leaves the text field that has the keyboard with a click on an empty
/// part of the window (below the shot table).
fn leave_field(harness: &mut Harness<'static, App>) {
    let pos = egui::pos2(600.0, 1400.0);
    for pressed in [true, false] {
        harness.event(egui::Event::PointerButton {
            pos,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: Modifiers::NONE,
        });
    }
    harness.run();
    let typing = harness
        .root()
        .query_all(egui_kittest::kittest::by())
        .any(|n| n.is_focused() && matches!(n.accesskit_node().role(), Role::TextInput | Role::MultilineTextInput));
    assert!(!typing, "no field has the keyboard");
}

fn field_value(harness: &Harness<'static, App>, role: Role, name: &str) -> String {
    harness.get_by_role_and_label(role, name).value().unwrap_or_default()
}

#[test]
fn framing_is_chosen_from_the_scale_with_its_definition_and_undone() {
    let mut harness = journal_shot(0);
    assert_eq!(journal(&harness, 0).framing.as_deref(), Some("MCU"));
    harness.get_by_label("Head and chest, cut at mid-torso.");
    assert!(!is_dirty(&harness));

    harness.get_by_role_and_label(Role::ComboBox, "Framing").click();
    harness.run();
    // The list shows every term with its definition.
    harness.get_by_label_contains("A landscape or crowd seen from afar");
    harness.get_by_label_contains("LS  Long shot").click();
    harness.run();

    assert_eq!(journal(&harness, 0).framing.as_deref(), Some("LS"));
    assert_eq!(
        undo_label(&harness).as_deref(),
        Some("change the framing of shot 1 of 'journal-1935'")
    );
    assert!(is_dirty(&harness));
    harness.get_by_label("Whole figures in their setting; the place reads as much as the people.");
    assert!(harness.query_by_label("Head and chest, cut at mid-torso.").is_none());
    // Nothing else of the shot changed.
    let mut expected = journal_shot(0).state().doc.as_ref().unwrap().project.clone();
    expected.films[0].shots[0].framing = Some("LS".into());
    assert_eq!(project(&harness), &expected);

    undo(&mut harness);
    assert_eq!(journal(&harness, 0).framing.as_deref(), Some("MCU"));
    assert!(!is_dirty(&harness));
    harness.get_by_label("Head and chest, cut at mid-torso.");

    redo(&mut harness);
    assert_eq!(journal(&harness, 0).framing.as_deref(), Some("LS"));
    assert!(is_dirty(&harness));

    // Unknown is a choice too: the framing is then None, never a guess.
    harness.get_by_role_and_label(Role::ComboBox, "Framing").click();
    harness.run();
    harness
        .get_by_role(Role::ListBox)
        .get_by_role_and_label(Role::Button, "unknown")
        .click();
    harness.run();
    assert_eq!(journal(&harness, 0).framing, None);
}

#[test]
fn typing_a_description_is_one_undo_step() {
    let mut harness = journal_shot(1);
    let before = journal(&harness, 1).description;
    assert_eq!(before, "Coal moves forward on a conveyor belt.");

    harness
        .get_by_role_and_label(Role::MultilineTextInput, "Description")
        .click();
    harness.run();
    assert!(
        harness
            .get_by_role_and_label(Role::MultilineTextInput, "Description")
            .is_focused()
    );
    harness.key_press(Key::End);
    for word in [" Seen", " from", " above."] {
        harness
            .get_by_role_and_label(Role::MultilineTextInput, "Description")
            .type_text(word);
        harness.run();
    }
    let typed = "Coal moves forward on a conveyor belt. Seen from above.";
    assert_eq!(journal(&harness, 1).description, typed);
    assert_eq!(
        undo_label(&harness).as_deref(),
        Some("change the description of shot 2 of 'journal-1935'")
    );
    // While typing, Ctrl+Z belongs to the field: leave it first.
    leave_field(&mut harness);

    undo(&mut harness);
    assert_eq!(
        journal(&harness, 1).description,
        before,
        "one step undoes all the typing"
    );
    assert_eq!(undo_label(&harness), None);
    assert!(!is_dirty(&harness));
    assert_eq!(field_value(&harness, Role::MultilineTextInput, "Description"), before);

    redo(&mut harness);
    assert_eq!(journal(&harness, 1).description, typed);

    // Typing again after leaving the field is a step of its own.
    harness
        .get_by_role_and_label(Role::MultilineTextInput, "Description")
        .click();
    harness.run();
    harness.key_press(Key::End);
    harness
        .get_by_role_and_label(Role::MultilineTextInput, "Description")
        .type_text("!");
    harness.run();
    leave_field(&mut harness);
    undo(&mut harness);
    assert_eq!(journal(&harness, 1).description, typed);
}

#[test]
fn bad_frame_counts_are_shown_beside_the_field_and_not_applied() {
    let mut harness = journal_shot(0);
    let reported = Some(Length {
        frames: 39,
        source: LengthSource::Reported {
            citation: "article".into(),
        },
    });
    assert_eq!(journal(&harness, 0).length, reported);
    harness.get_by_label("39 frames, reported by article");

    for (typed, error) in [
        ("12a", "'12a' is not a whole number of frames"),
        ("-3", "a length cannot be negative"),
        ("0", "a shot is at least 1 frame long (leave it empty if unknown)"),
    ] {
        retype(&mut harness, Role::TextInput, "Frames", typed);
        harness.get_by_label(error);
        assert_eq!(journal(&harness, 0).length, reported, "{typed} is not applied");
        assert_eq!(field_value(&harness, Role::TextInput, "Frames"), typed);
        assert!(!is_dirty(&harness));
        assert_eq!(undo_label(&harness), None);
    }
    // The error stands at the field: beside it when the panel has room,
    // else on the line under it, in the column of the values.
    let field = harness.get_by_role_and_label(Role::TextInput, "Frames").rect();
    let error = harness
        .get_by_label("a shot is at least 1 frame long (leave it empty if unknown)")
        .rect();
    let beside = error.left() > field.right() && error.top() < field.bottom();
    let under =
        error.left() >= field.left() - 1.0 && error.top() >= field.bottom() && error.top() < field.bottom() + 12.0;
    assert!(beside || under, "{error:?} at {field:?}");
    // The error stays after leaving the field, until the text is corrected.
    leave_field(&mut harness);
    harness.get_by_label("a shot is at least 1 frame long (leave it empty if unknown)");
    assert_eq!(field_value(&harness, Role::TextInput, "Frames"), "0");

    // Typed key by key, "12a" never passes through 1 and 12 on its way.
    retype(&mut harness, Role::TextInput, "Frames", "");
    assert_eq!(journal(&harness, 0).length, None);
    undo(&mut harness);
    harness.get_by_role_and_label(Role::TextInput, "Frames").click();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    for key in ["1", "2", "a"] {
        harness.get_by_role_and_label(Role::TextInput, "Frames").type_text(key);
        harness.run();
        assert_eq!(journal(&harness, 0).length, reported, "nothing applied while typing");
    }
    harness.key_press(Key::Enter);
    harness.run();
    harness.get_by_label("'12a' is not a whole number of frames");
    assert_eq!(journal(&harness, 0).length, reported);
    assert!(!is_dirty(&harness));

    retype(&mut harness, Role::TextInput, "Frames", "41");
    assert!(harness.query_by_label_contains("not a whole number").is_none());
    // A new figure keeps the provenance chosen; the scholar says it was counted.
    assert_eq!(journal(&harness, 0).frames(), Some(41));
    harness.get_by_role_and_label(Role::Button, "measured").click();
    harness.run();
    assert_eq!(
        journal(&harness, 0).length,
        Some(Length {
            frames: 41,
            source: LengthSource::Measured
        })
    );
    harness.get_by_label("41 frames, measured");
    assert_eq!(
        undo_label(&harness).as_deref(),
        Some("change the length source of shot 1 of 'journal-1935'")
    );
    undo(&mut harness);
    assert_eq!(journal(&harness, 0).frames(), Some(41));
    undo(&mut harness);
    assert_eq!(journal(&harness, 0).length, reported);
    assert!(!is_dirty(&harness));
    assert_eq!(field_value(&harness, Role::TextInput, "Frames"), "39");

    // Derived figures follow the film's rate: none is known for this film.
    harness.get_by_label("set the film's frame rate to see seconds and timecode");
    harness.get_by_label("2+07");
}

#[test]
fn a_first_length_is_measured_and_an_empty_field_is_unknown() {
    let mut harness = journal_shot(4);
    assert_eq!(journal(&harness, 4).length, None);
    let source = harness.get_by_role_and_label(Role::Button, "reported");
    assert!(source.accesskit_node().is_disabled(), "no source without a figure");

    retype(&mut harness, Role::TextInput, "Frames", "41");
    assert_eq!(
        journal(&harness, 4).length,
        Some(Length {
            frames: 41,
            source: LengthSource::Measured
        })
    );
    harness.get_by_label("41 frames, measured");
    leave_field(&mut harness);

    // Reported, with its citation typed as one step.
    harness.get_by_role_and_label(Role::Button, "reported").click();
    harness.run();
    retype(&mut harness, Role::TextInput, "Citation", "Depretto 1982, p. 12");
    leave_field(&mut harness);
    assert_eq!(
        journal(&harness, 4).length.unwrap().source,
        LengthSource::Reported {
            citation: "Depretto 1982, p. 12".into()
        }
    );
    harness.get_by_label("41 frames, reported by Depretto 1982, p. 12");
    undo(&mut harness);
    assert_eq!(
        journal(&harness, 4).length.unwrap().source,
        LengthSource::Reported {
            citation: String::new()
        }
    );

    retype(&mut harness, Role::TextInput, "Frames", "");
    leave_field(&mut harness);
    assert_eq!(journal(&harness, 4).length, None, "empty is unknown, never 0");
}

#[test]
fn seconds_timecode_and_feet_follow_the_rate() {
    let mut harness = journal_shot(0);
    harness.state_mut().view.select_shot(None);
    harness.run();
    retype(&mut harness, Role::TextInput, "Frame rate", "25");
    leave_field(&mut harness);
    harness.state_mut().view.select_shot(Some(0));
    harness.run();
    harness.get_by_label("1.56 s at 25 fps");
    harness.get_by_label("00:00:01:14");
    harness.get_by_label("2+07");
    harness.get_by_label("0+39");
}

#[test]
fn evidence_is_added_edited_reordered_and_deleted() {
    let mut harness = journal_shot(2);
    let original = journal(&harness, 2).evidence;
    assert_eq!(original.len(), 1);
    harness.get_by_label("Evidence (1)");
    harness.get_by_label("Staged reception: 1 support, 0 contradict");

    harness.get_by_role_and_label(Role::Button, "+ Add evidence").click();
    harness.run();
    assert_eq!(journal(&harness, 2).evidence.len(), 2);
    assert_eq!(
        undo_label(&harness).as_deref(),
        Some("add evidence to shot 3 of 'journal-1935'")
    );
    harness.get_by_label("Evidence 2");
    // The new item's observation has the keyboard.
    assert!(
        harness
            .get_by_role_and_label(Role::MultilineTextInput, "Observation")
            .is_focused()
    );
    harness
        .get_by_role_and_label(Role::MultilineTextInput, "Observation")
        .type_text("The crowd looks at the camera, not at Stakhanov.");
    harness.run();
    leave_field(&mut harness);

    harness.get_by_role_and_label(Role::ComboBox, "Claim").click();
    harness.run();
    harness.get_by_label_contains("Staged\n").click();
    harness.run();
    harness.get_by_role_and_label(Role::Button, "contradicts").click();
    harness.run();
    harness.get_by_role_and_label(Role::ComboBox, "Kind").click();
    harness.run();
    harness.get_by_label_contains("Continuity\n").click();
    harness.run();
    harness.get_by_role_and_label(Role::Button, "weak").click();
    harness.run();
    retype(&mut harness, Role::TextInput, "Source", "observation of the shot");
    leave_field(&mut harness);

    let item = journal(&harness, 2).evidence[1].clone();
    assert_eq!(item.claim, "staged");
    assert_eq!(item.stance, Stance::Contradicts);
    assert_eq!(item.kind, "continuity");
    assert_eq!(item.observation, "The crowd looks at the camera, not at Stakhanov.");
    assert_eq!(item.source, "observation of the shot");
    assert_eq!(item.weight, Some(Weight::Weak));
    harness.get_by_label("Staged: 0 support, 1 contradict");
    // One step per change: add, observation, claim, stance, kind, weight, source.
    assert_eq!(
        undo_label(&harness).as_deref(),
        Some("change evidence 2 of shot 3 of 'journal-1935'")
    );

    // Close the editor: the item reads as a card.
    harness.get_by_label("Close evidence 2").click();
    harness.run();
    assert!(harness.query_by_label("Evidence 2").is_none());
    harness.get_by_label("Contradicts");

    // Move it up, then delete the other one.
    harness.get_by_label("Move evidence 2 up").click();
    harness.run();
    let evidence = journal(&harness, 2).evidence;
    assert_eq!(evidence[0], item);
    assert_eq!(evidence[1], original[0]);
    assert_eq!(
        undo_label(&harness).as_deref(),
        Some("move evidence 2 of shot 3 of 'journal-1935' up")
    );
    harness.get_by_label("Delete evidence 2").click();
    harness.run();
    assert_eq!(journal(&harness, 2).evidence, vec![item.clone()]);
    harness.get_by_label("Evidence (1)");
    assert!(
        harness
            .query_by_label("Staged reception: 1 support, 0 contradict")
            .is_none()
    );

    // Undo brings the order and the item back, step by step.
    undo(&mut harness);
    assert_eq!(journal(&harness, 2).evidence, vec![item.clone(), original[0].clone()]);
    undo(&mut harness);
    assert_eq!(journal(&harness, 2).evidence, vec![original[0].clone(), item]);
    for _ in 0..7 {
        undo(&mut harness);
    }
    assert_eq!(journal(&harness, 2).evidence, original);
    assert!(!is_dirty(&harness));
}

#[test]
fn the_e_key_request_opens_a_new_item_on_the_selected_shot() {
    let mut harness = journal_shot(4);
    assert!(journal(&harness, 4).evidence.is_empty());
    harness.get_by_label("No evidence recorded for this shot.");

    // What the shot table does on E.
    harness.state_mut().view.inspector.add_evidence = true;
    harness.run();
    assert!(!harness.state().view.inspector.add_evidence, "the request is cleared");
    let evidence = journal(&harness, 4).evidence;
    assert_eq!(evidence.len(), 1, "one item, not one per frame");
    assert_eq!(evidence[0].claim, "reenacted");
    assert_eq!(evidence[0].stance, Stance::Supports);
    assert!(
        harness
            .get_by_role_and_label(Role::MultilineTextInput, "Observation")
            .is_focused()
    );
    harness.get_by_label("Reenacted: 1 support, 0 contradict");

    // With no shot selected there is nothing to add to.
    let count = project(&harness).evidence_count();
    harness.state_mut().view.select_shot(None);
    harness.state_mut().view.inspector.add_evidence = true;
    harness.run();
    assert!(!harness.state().view.inspector.add_evidence);
    assert_eq!(project(&harness).evidence_count(), count);
}

#[test]
fn the_frame_rate_is_chosen_or_typed_and_zero_is_refused() {
    let mut harness = window(sample_path());
    assert_eq!(film(&harness, "journal-1935").rate, None);
    harness.get_by_label("Film");

    harness
        .get_by_role_and_label(Role::ComboBox, "Common frame rates")
        .click();
    harness.run();
    harness.get_by_role_and_label(Role::Button, "25 fps").click();
    harness.run();
    assert_eq!(film(&harness, "journal-1935").rate, Some(FrameRate::FPS_25));
    assert_eq!(field_value(&harness, Role::TextInput, "Frame rate"), "25");
    assert_eq!(
        undo_label(&harness).as_deref(),
        Some("change the frame rate of 'journal-1935'")
    );

    for (typed, error) in [
        ("25/0", "a frame rate must be greater than zero, got 25/0"),
        ("0", "a frame rate must be greater than zero, got 0"),
        ("fast", "'fast' is not a frame rate (write 25, 24000/1001 or 29.97)"),
    ] {
        retype(&mut harness, Role::TextInput, "Frame rate", typed);
        harness.get_by_label(error);
        assert_eq!(film(&harness, "journal-1935").rate, Some(FrameRate::FPS_25));
    }

    // Typed key by key, a figure is read only when the field is left:
    // "25/0" never passes through 2 or 25 on its way.
    retype(&mut harness, Role::TextInput, "Frame rate", "");
    harness.get_by_role_and_label(Role::TextInput, "Frame rate").click();
    harness.run();
    for key in ["1", "6", "/", "0"] {
        harness
            .get_by_role_and_label(Role::TextInput, "Frame rate")
            .type_text(key);
        harness.run();
        assert_eq!(
            film(&harness, "journal-1935").rate,
            None,
            "nothing applied while typing"
        );
    }
    harness.key_press(Key::Enter);
    harness.run();
    harness.get_by_label("a frame rate must be greater than zero, got 16/0");
    assert_eq!(film(&harness, "journal-1935").rate, None);
    // Revert gives the field back the project's value.
    harness.get_by_label("Revert Frame rate").click();
    harness.run();
    assert_eq!(field_value(&harness, Role::TextInput, "Frame rate"), "");
    assert!(harness.query_by_label_contains("greater than zero").is_none());
    undo(&mut harness);
    assert_eq!(film(&harness, "journal-1935").rate, Some(FrameRate::FPS_25));

    retype(&mut harness, Role::TextInput, "Frame rate", "30000/1001");
    assert_eq!(film(&harness, "journal-1935").rate, Some(FrameRate::NTSC_30));
    leave_field(&mut harness);
    assert_eq!(field_value(&harness, Role::TextInput, "Frame rate"), "29.97");
    harness.get_by_label("= 30000/1001");
    retype(&mut harness, Role::TextInput, "Frame rate", "18");
    leave_field(&mut harness);
    assert_eq!(film(&harness, "journal-1935").rate, Some(FrameRate::FPS_18));

    // Each value entered is one step: back to 29.97, 25, then unknown.
    undo(&mut harness);
    assert_eq!(film(&harness, "journal-1935").rate, Some(FrameRate::NTSC_30));
    undo(&mut harness);
    undo(&mut harness);
    assert_eq!(film(&harness, "journal-1935").rate, None);
    assert!(!is_dirty(&harness));
}

#[test]
fn film_fields_are_edited_and_a_bad_year_is_refused() {
    let mut harness = window(sample_path());
    harness
        .get_by_role_and_label(Role::Button, "La voie des siècles")
        .click();
    harness.run();
    let before = film(&harness, "voie-des-siecles").clone();

    retype(&mut harness, Role::TextInput, "Year", "19x7");
    harness.get_by_label("'19x7' is not a year (write 1935)");
    assert_eq!(film(&harness, "voie-des-siecles").year, before.year);
    retype(&mut harness, Role::TextInput, "Year", "1978");
    leave_field(&mut harness);
    assert_eq!(film(&harness, "voie-des-siecles").year, Some(1978));

    retype(&mut harness, Role::TextInput, "Collection", "Gaumont Pathé archives");
    leave_field(&mut harness);
    retype(&mut harness, Role::MultilineTextInput, "Notes", "Seen at the archive.");
    leave_field(&mut harness);
    let film_now = film(&harness, "voie-des-siecles").clone();
    assert_eq!(film_now.collection, "Gaumont Pathé archives");
    assert_eq!(film_now.notes, "Seen at the archive.");
    assert_eq!(
        undo_label(&harness).as_deref(),
        Some("change the notes of 'voie-des-siecles'")
    );
    // The reference line at the top follows.
    harness.get_by_label("Gaumont Pathé archives");

    for _ in 0..3 {
        undo(&mut harness);
    }
    assert_eq!(film(&harness, "voie-des-siecles"), &before);
    assert!(!is_dirty(&harness));
}

#[test]
fn a_new_footage_from_the_picker_is_one_undo_step_with_the_shot() {
    let mut harness = journal_shot(1);
    let footage_before = project(&harness).footage.clone();
    assert_eq!(journal(&harness, 1).footage.unwrap().footage, "conveyor");

    harness.get_by_role_and_label(Role::ComboBox, "Footage").click();
    harness.run();
    harness.get_by_role_and_label(Role::Button, "New footage…").click();
    harness.run();
    assert!(
        harness
            .get_by_role_and_label(Role::TextInput, "New footage label")
            .is_focused()
    );
    harness
        .get_by_role_and_label(Role::TextInput, "New footage label")
        .type_text("Conveyor belt");
    harness.run();
    // "conveyor-belt" is free; the id is shown before it is made.
    harness.get_by_label("id conveyor-belt");
    assert_eq!(project(&harness).footage, footage_before, "nothing made yet");
    harness.get_by_role_and_label(Role::Button, "Create footage").click();
    harness.run();

    let project_now = project(&harness);
    assert_eq!(project_now.footage.len(), footage_before.len() + 1);
    let created = project_now.footage("conveyor-belt").expect("the new footage");
    assert_eq!(created.label, "Conveyor belt");
    assert_eq!(journal(&harness, 1).footage.unwrap().footage, "conveyor-belt");
    assert_eq!(
        undo_label(&harness).as_deref(),
        Some("add footage 'conveyor-belt' to shot 2 of 'journal-1935'")
    );

    // The same label again gets an id of its own.
    harness.get_by_role_and_label(Role::ComboBox, "Footage").click();
    harness.run();
    harness.get_by_role_and_label(Role::Button, "New footage…").click();
    harness.run();
    harness
        .get_by_role_and_label(Role::TextInput, "New footage label")
        .type_text("Conveyor belt");
    harness.run();
    harness.get_by_label("id conveyor-belt-2");
    harness.key_press(Key::Enter);
    harness.run();
    assert_eq!(journal(&harness, 1).footage.unwrap().footage, "conveyor-belt-2");

    undo(&mut harness);
    assert_eq!(journal(&harness, 1).footage.unwrap().footage, "conveyor-belt");
    undo(&mut harness);
    assert_eq!(
        project(&harness).footage,
        footage_before,
        "one undo removes the footage…"
    );
    assert_eq!(
        journal(&harness, 1).footage.unwrap().footage,
        "conveyor",
        "…and gives the shot its footage back"
    );
    assert!(!is_dirty(&harness));
}

#[test]
fn footage_piece_variants_and_placement_are_edited() {
    let mut harness = journal_shot(0);
    let usage = journal(&harness, 0).footage.unwrap();
    assert_eq!(usage.variants, ["mouth half-open", "coal does not collapse"]);

    // Alternatives exclude each other.
    harness.get_by_role_and_label(Role::Button, "mouth closed").click();
    harness.run();
    assert_eq!(
        journal(&harness, 0).footage.unwrap().variants,
        ["coal does not collapse", "mouth closed"]
    );

    // A new variant: the shot shows it and the footage knows it, in one step.
    harness.get_by_role_and_label(Role::TextInput, "New variant").click();
    harness.run();
    harness
        .get_by_role_and_label(Role::TextInput, "New variant")
        .type_text("cap off");
    harness.run();
    harness.get_by_role_and_label(Role::Button, "Add").click();
    harness.run();
    assert!(
        journal(&harness, 0)
            .footage
            .unwrap()
            .variants
            .contains(&"cap off".to_string())
    );
    assert!(project(&harness).footage("drill-mcu").unwrap().knows_variant("cap off"));
    assert_eq!(
        undo_label(&harness).as_deref(),
        Some("add variant 'cap off' to shot 1 of 'journal-1935'")
    );
    undo(&mut harness);
    assert!(!project(&harness).footage("drill-mcu").unwrap().knows_variant("cap off"));

    // Piece numbers are counted from 1.
    retype(&mut harness, Role::TextInput, "Piece", "0");
    harness.get_by_label("pieces are numbered from 1");
    assert_eq!(journal(&harness, 0).footage.unwrap().piece, None);
    retype(&mut harness, Role::TextInput, "Piece", "2");
    leave_field(&mut harness);
    assert_eq!(journal(&harness, 0).footage.unwrap().piece, Some(2));

    harness.get_by_role_and_label(Role::Button, "inferred").click();
    harness.run();
    assert_eq!(journal(&harness, 0).placement, Some(Placement::Inferred));

    // Choosing none unlinks the footage.
    harness.get_by_role_and_label(Role::ComboBox, "Footage").click();
    harness.run();
    harness.get_by_role_and_label(Role::Button, "none").click();
    harness.run();
    assert_eq!(journal(&harness, 0).footage, None);
}

#[test]
fn edits_are_saved_and_read_back() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = sample_copy(&dir);
    let mut harness = window(path.clone());
    harness
        .get_by_role_and_label(Role::Button, "Le journal de l'année 1935")
        .click();
    harness.run();
    harness.state_mut().view.select_shot(Some(3));
    harness.run();
    harness.get_by_role_and_label(Role::ComboBox, "Framing").click();
    harness.run();
    harness.get_by_label_contains("CU  Close-up").click();
    harness.run();
    retype(
        &mut harness,
        Role::MultilineTextInput,
        "Notes",
        "Checked on the 35 mm print.",
    );
    leave_field(&mut harness);
    assert!(is_dirty(&harness));

    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    harness.run();
    assert!(!is_dirty(&harness));

    let saved = decoupage::store::load(&path).expect("the saved project loads");
    let shot = &saved.film("journal-1935").unwrap().shots[3];
    assert_eq!(shot.framing.as_deref(), Some("CU"));
    assert_eq!(shot.notes, "Checked on the 35 mm print.");
    assert_eq!(&saved, project(&harness));
}

#[test]
fn e_in_the_shot_table_adds_evidence_and_enter_goes_to_the_description() {
    let mut harness = window(sample_path());
    let count = project(&harness).evidence_count();
    harness.key_press(Key::ArrowDown);
    harness.run();
    assert_eq!(harness.state().view.selected_shot, Some(0));

    harness.key_press(Key::E);
    harness.run();
    assert_eq!(journal(&harness, 0).evidence.len(), 5);
    assert_eq!(project(&harness).evidence_count(), count + 1);
    let observation = harness.get_by_role_and_label(Role::MultilineTextInput, "Observation");
    assert!(observation.is_focused());
    observation.type_text("Everything is lit from the front.");
    harness.run();
    assert_eq!(
        journal(&harness, 0).evidence[4].observation,
        "Everything is lit from the front."
    );
    harness.get_by_label("Reenacted: 5 support, 0 contradict");
    leave_field(&mut harness);

    // Enter in the table gives the description the keyboard.
    harness.key_press(Key::Enter);
    harness.run();
    assert!(
        harness
            .get_by_role_and_label(Role::MultilineTextInput, "Description")
            .is_focused()
    );
}

#[test]
fn the_inspector_keeps_its_width_frame_after_frame() {
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 780.0))
        .build_ui_state(|ui, app: &mut App| app.show(ui), App::new(Some(sample_path())));
    harness.run();
    let left = |harness: &Harness<'static, App>, heading: &str| harness.get_by_label(heading).rect().left();
    let film = left(&harness, "Film");
    harness.state_mut().view.select_shot(Some(0));
    harness.run();
    // A shot with evidence, every editor open that widens it.
    harness.state_mut().view.inspector.open_evidence = Some(("journal-1935".into(), 1, 1));
    harness.run();
    let shot = left(&harness, "Shot 1");
    for _ in 0..20 {
        harness.step();
    }
    assert_eq!(left(&harness, "Shot 1"), shot, "the panel does not grow by itself");
    assert_eq!(shot, film, "the film and the shot fit the same width");
    assert!(1280.0 - shot < 360.0, "the default width is enough: {shot}");
}

#[test]
fn escape_in_the_description_field_keeps_the_shot() {
    let path = std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/projects/stakhanov.ron"));
    let mut harness = egui_kittest::Harness::builder()
        .with_size(eframe::egui::vec2(1280.0, 780.0))
        .build_ui_state(
            |ui, app: &mut decoupage::ui::App| app.show(ui),
            decoupage::ui::App::new(Some(path)),
        );
    harness.run();
    harness.state_mut().view.select_shot(Some(0));
    harness.run();
    harness.key_press(eframe::egui::Key::Enter);
    harness.run();
    assert!(
        harness.state().view.typing_last_frame,
        "Enter gives the description the keyboard"
    );
    harness.key_press(eframe::egui::Key::Escape);
    harness.run();
    assert_eq!(
        harness.state().view.selected_shot,
        Some(0),
        "Escape ends the typing, not the shot"
    );
    harness.key_press(eframe::egui::Key::Escape);
    harness.run();
    assert_eq!(
        harness.state().view.selected_shot,
        None,
        "a second Escape goes back to the film"
    );
}
