//! The footage registry and the vocabulary editor, clicked and typed into as
//! a user would, on the sample project. Every test checks the project, the
//! selection or the undo history, not only what is drawn.

use std::path::PathBuf;

use decoupage::model::Project;
use decoupage::ui::{App, Command};
use eframe::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};

fn sample_path() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/projects/stakhanov.ron"))
}

/// The whole window on the sample project, with the footage registry or the
/// vocabulary editor open.
fn window(footage: bool, vocabulary: bool) -> Harness<'static, App> {
    let mut app = App::new(Some(sample_path()));
    app.view.panels.footage = footage;
    app.view.panels.vocabulary = vocabulary;
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 780.0))
        .build_ui_state(|ui, app: &mut App| app.show(ui), app);
    harness.run();
    harness
}

fn project(harness: &Harness<'static, App>) -> Project {
    harness
        .state()
        .doc
        .as_ref()
        .expect("the sample project is open")
        .project
        .clone()
}

fn undo_label(harness: &Harness<'static, App>) -> Option<String> {
    let doc = harness.state().doc.as_ref().expect("open");
    doc.history.undo_label().map(str::to_string)
}

fn undo(harness: &mut Harness<'static, App>) {
    harness.state_mut().run_command(Command::Undo);
    harness.run();
}

/// Brings a node into view, then clicks it as the mouse would.
fn click(harness: &mut Harness<'static, App>, label: &str) {
    harness.get_by_label(label).scroll_to_me();
    harness.run();
    harness.get_by_label(label).click();
    harness.run();
}

/// Gives a text field the keyboard and puts the cursor at its end.
fn focus_end(harness: &mut Harness<'static, App>, label: &str) {
    harness.get_by_label(label).focus();
    harness.run();
    harness.key_press(egui::Key::End);
    harness.run();
}

/// Replaces the whole text of a field and presses Enter.
fn retype(harness: &mut Harness<'static, App>, label: &str, text: &str) {
    focus_end(harness, label);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.get_by_label(label).type_text(text);
    harness.run();
    harness.key_press(egui::Key::Enter);
    harness.run();
}

/// The appearance rows the registry shows ("Film title, shot N").
fn appearance_rows(harness: &Harness<'static, App>) -> Vec<String> {
    harness
        .query_all_by(|node| {
            node.role() == egui::accesskit::Role::Button && node.label().is_some_and(|l| l.contains(", shot "))
        })
        .filter_map(|node| node.accesskit_node().label())
        .collect()
}

const DRILL: &str = "Stakhanov at the coal face (drill-mcu)";

#[test]
fn the_registry_lists_drill_mcu_with_its_appearances_and_variant_sets() {
    let mut harness = window(true, false);
    // Every footage of the registry is listed, named by its label and id.
    for footage in &project(&harness).footage {
        harness.get_by_role_and_label(egui::Role::Button, &format!("{} ({})", footage.label, footage.id));
    }
    harness.get_by_label("12 footage");

    click(&mut harness, DRILL);
    assert_eq!(harness.state().view.footage.selected.as_deref(), Some("drill-mcu"));
    harness.get_by_label("5 shots in 4 films");
    assert_eq!(
        appearance_rows(&harness),
        [
            "Le journal de l'année 1935, shot 1",
            "Bataille pour notre Ukraine, shot 1",
            "Archives n°01, shot 1",
            "Archives n°01, shot 2",
            "La voie des siècles, shot 1",
        ]
    );
    // Its record, in editable fields.
    assert_eq!(harness.get_by_label("Footage id").value().as_deref(), Some("drill-mcu"));
    assert_eq!(
        harness.get_by_label("Footage origin").value().as_deref(),
        Some("newsreel 1935 (shot after the record)")
    );
    // Its two variant sets, each value in its set.
    harness.get_by_label("2 sets");
    harness.get_by_label("Set 1");
    harness.get_by_label("Set 2");
    for (label, value) in [
        ("Variant 1 of set 1", "mouth half-open"),
        ("Variant 2 of set 1", "mouth closed"),
        ("Variant 1 of set 2", "coal collapses"),
        ("Variant 2 of set 2", "coal does not collapse"),
    ] {
        assert_eq!(harness.get_by_label(label).value().as_deref(), Some(value), "{label}");
    }
    assert!(harness.query_by_label("Variant 3 of set 1").is_none());
}

#[test]
fn clicking_an_appearance_selects_that_shot() {
    let mut harness = window(true, false);
    click(&mut harness, DRILL);
    assert_eq!(harness.state().view.selected_film.as_deref(), Some("journal-1935"));
    assert_eq!(harness.state().view.selected_shot, None);

    click(&mut harness, "Archives n°01, shot 2");
    assert_eq!(harness.state().view.selected_film.as_deref(), Some("archives-01"));
    assert_eq!(harness.state().view.selected_shot, Some(1));
    // The inspector shows it, and the registry stays on the footage.
    harness.get_by_label("Shot 2");
    assert_eq!(harness.state().view.footage.selected.as_deref(), Some("drill-mcu"));
    let after = project(&harness);
    let shot = &after.film("archives-01").expect("film").shots[1];
    assert_eq!(shot.footage.as_ref().map(|u| u.footage.as_str()), Some("drill-mcu"));
}

#[test]
fn the_search_filters_the_registry_by_text_variant_or_film() {
    let mut harness = window(true, false);
    harness.get_by_label("Search footage").focus();
    harness.run();
    harness.get_by_label("Search footage").type_text("bouquet");
    harness.run();
    harness.get_by_label("1 of 12");
    harness.get_by_label("Stakhanov with the bouquet (bouquet-cu)");
    assert!(harness.query_by_label(DRILL).is_none());
    assert_eq!(harness.state().view.footage.selected.as_deref(), Some("bouquet-cu"));

    // A variant finds its footage.
    click(&mut harness, "Clear the footage search");
    harness.get_by_label("Search footage").focus();
    harness.run();
    harness.get_by_label("Search footage").type_text("collapse");
    harness.run();
    harness.get_by_label("1 of 12");
    harness.get_by_label(DRILL);

    // Nothing found is said.
    harness.get_by_label("Search footage").type_text("zzz");
    harness.run();
    harness.get_by_label("0 of 12");
    harness.get_by_label("No footage matches “collapsezzz”.");
}

#[test]
fn renaming_the_framing_code_mcu_renames_every_shot_and_one_undo_restores_all() {
    let mut harness = window(false, true);
    let before = project(&harness);
    let mcu: Vec<(String, usize)> = before
        .films
        .iter()
        .flat_map(|f| {
            f.shots
                .iter()
                .enumerate()
                .filter(|(_, s)| s.framing.as_deref() == Some("MCU"))
                .map(|(i, _)| (f.id.clone(), i))
        })
        .collect();
    assert!(mcu.len() > 10, "the sample has many MCU shots: {}", mcu.len());
    harness.get_by_label(&format!("{} shots", mcu.len()));

    focus_end(&mut harness, "Code of MCU");
    harness.get_by_label("Code of MCU").type_text("2");
    harness.run();
    // Nothing changes while the code is being typed.
    assert_eq!(project(&harness), before);
    harness.key_press(egui::Key::Enter);
    harness.run();

    let after = project(&harness);
    assert_eq!(after.vocabularies.framing[2].code, "MCU2");
    assert_eq!(after.vocabularies.framing[2].label, "Medium close-up");
    for (film, index) in &mcu {
        let shot = &after.film(film).expect("film").shots[*index];
        assert_eq!(shot.framing.as_deref(), Some("MCU2"), "{film} shot {}", index + 1);
    }
    let still_mcu = after
        .films
        .iter()
        .flat_map(|f| &f.shots)
        .filter(|s| s.framing.as_deref() == Some("MCU"))
        .count();
    assert_eq!(still_mcu, 0);
    harness.get_by_label("Code of MCU2");
    assert_eq!(
        undo_label(&harness).as_deref(),
        Some(format!("rename framing 'MCU' to 'MCU2' ({} shots)", mcu.len()).as_str())
    );

    // One undo brings every shot back, from the keyboard.
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    harness.run();
    assert_eq!(project(&harness), before);
    harness.get_by_label("Code of MCU");
}

#[test]
fn a_duplicate_or_empty_code_is_refused_with_a_message() {
    let mut harness = window(false, true);
    let before = project(&harness);

    retype(&mut harness, "Code of MCU", "CU");
    assert_eq!(project(&harness), before);
    let message = harness.state().message.clone().expect("a message");
    assert!(message.is_error());
    assert_eq!(message.text(), "'CU' is already a code in the framing scale.");
    // In the editor and in the status bar.
    assert_eq!(
        harness
            .get_all_by_label_contains("'CU' is already a code in the framing scale.")
            .count(),
        2
    );
    // The field shows the code it still has.
    assert_eq!(harness.get_by_label("Code of MCU").value().as_deref(), Some("MCU"));

    retype(&mut harness, "Code of MCU", "  ");
    assert_eq!(project(&harness), before);
    assert_eq!(
        harness
            .get_all_by_label_contains("A framing code cannot be empty.")
            .count(),
        2
    );

    // A new term may not take a code either, whatever its case.
    harness.get_by_label("New code").focus();
    harness.run();
    harness.get_by_label("New code").type_text("ls");
    harness.run();
    click(&mut harness, "Add term");
    assert_eq!(project(&harness), before);
    assert_eq!(
        harness
            .get_all_by_label_contains("'LS' is already a code in the framing scale.")
            .count(),
        2
    );
    assert!(
        harness
            .state()
            .doc
            .as_ref()
            .expect("open")
            .history
            .undo_label()
            .is_none()
    );
}

#[test]
fn a_new_term_is_added_and_a_claim_renamed_on_every_evidence_item() {
    let mut harness = window(false, true);
    click(&mut harness, "Claims");
    assert_eq!(
        harness.state().view.vocab.list,
        decoupage::model::registry::VocabList::Claims
    );
    let before = project(&harness);
    let reenacted = before
        .films
        .iter()
        .flat_map(|f| &f.shots)
        .flat_map(|s| &s.evidence)
        .filter(|e| e.claim == "reenacted")
        .count();
    assert!(reenacted > 0);

    retype(&mut harness, "Code of reenacted", "re-enacted");
    let after = project(&harness);
    assert_eq!(after.vocabularies.claims[0].code, "re-enacted");
    let moved = after
        .films
        .iter()
        .flat_map(|f| &f.shots)
        .flat_map(|s| &s.evidence)
        .filter(|e| e.claim == "re-enacted")
        .count();
    assert_eq!(moved, reenacted);

    harness.get_by_label("New code").focus();
    harness.run();
    harness.get_by_label("New code").type_text("posed");
    harness.run();
    harness.get_by_label("New label").focus();
    harness.run();
    harness.get_by_label("New label").type_text("Posed for the camera");
    harness.run();
    click(&mut harness, "Add term");
    let added = project(&harness);
    let last = added.vocabularies.claims.last().expect("a claim");
    assert_eq!(
        (last.code.as_str(), last.label.as_str()),
        ("posed", "Posed for the camera")
    );
    assert_eq!(harness.get_by_label("New code").value().as_deref(), Some(""));

    // Moved up one place.
    click(&mut harness, "Move posed up");
    let claims = &project(&harness).vocabularies.claims;
    assert_eq!(claims[claims.len() - 2].code, "posed");
}

#[test]
fn a_term_in_use_is_deleted_only_after_saying_what_becomes_of_its_uses() {
    let mut harness = window(false, true);
    let before = project(&harness);
    let ls = before
        .films
        .iter()
        .flat_map(|f| &f.shots)
        .filter(|s| s.framing.as_deref() == Some("LS"))
        .count();
    assert!(ls > 0);

    click(&mut harness, "Delete LS");
    // Asked, nothing changed yet; the question says how many use it.
    assert_eq!(project(&harness), before);
    harness.get_by_label("Delete framing “LS”?");
    harness.get_by_label(&format!(
        "“LS” (Long shot) is used by {ls} shots. What becomes of them?"
    ));
    click(&mut harness, "Keep it");
    assert_eq!(project(&harness), before);
    assert!(harness.query_by_label("Delete framing “LS”?").is_none());

    click(&mut harness, "Delete LS");
    click(&mut harness, &format!("Delete and clear {ls} shots"));
    let after = project(&harness);
    assert!(after.vocabularies.framing_term("LS").is_none());
    assert_eq!(
        after
            .films
            .iter()
            .flat_map(|f| &f.shots)
            .filter(|s| s.framing.is_none())
            .count(),
        before
            .films
            .iter()
            .flat_map(|f| &f.shots)
            .filter(|s| s.framing.is_none() || s.framing.as_deref() == Some("LS"))
            .count()
    );
    undo(&mut harness);
    assert_eq!(project(&harness), before);

    // An unused term goes at once, and comes back with undo.
    click(&mut harness, "Delete ELS");
    assert!(project(&harness).vocabularies.framing_term("ELS").is_none());
    undo(&mut harness);
    assert_eq!(project(&harness), before);
}

#[test]
fn typing_a_term_label_is_one_undo_step() {
    let mut harness = window(false, true);
    let before = project(&harness);
    focus_end(&mut harness, "Label of CU");
    for c in [" ", "(", "face", ")"] {
        harness.get_by_label("Label of CU").type_text(c);
        harness.run();
    }
    assert_eq!(project(&harness).vocabularies.framing[1].label, "Close-up (face)");
    harness.key_press(egui::Key::Tab);
    harness.run();
    undo(&mut harness);
    assert_eq!(project(&harness), before);
}

#[test]
fn deleting_used_footage_asks_and_unlinking_clears_both_uses_in_one_step() {
    let mut harness = window(true, false);
    let before = project(&harness);
    click(&mut harness, "Conveyor belt (conveyor)");
    assert_eq!(
        appearance_rows(&harness),
        ["Le journal de l'année 1935, shot 2", "La voie des siècles, shot 2"]
    );

    click(&mut harness, "Delete footage…");
    // Asked first; nothing changed yet.
    assert_eq!(project(&harness), before);
    harness.get_by_label("Delete footage “Conveyor belt”?");
    harness.get_by_label("2 shots show this footage (conveyor):");
    click(&mut harness, "Keep the footage");
    assert_eq!(project(&harness), before);

    click(&mut harness, "Delete footage…");
    click(&mut harness, "Unlink 2 shots and delete");
    let after = project(&harness);
    assert!(after.footage("conveyor").is_none());
    assert_eq!(after.footage.len(), before.footage.len() - 1);
    for (film, index) in [("journal-1935", 1), ("voie-des-siecles", 1)] {
        let was = &before.film(film).expect("film").shots[index];
        let now = &after.film(film).expect("film").shots[index];
        assert_eq!(was.footage.as_ref().map(|u| u.footage.as_str()), Some("conveyor"));
        assert_eq!(now.footage, None, "{film} shot {}", index + 1);
        assert_eq!(now.description, was.description, "the rest of the shot stays");
    }
    assert_eq!(
        undo_label(&harness).as_deref(),
        Some("delete footage 'conveyor' and unlink 2 shots")
    );
    undo(&mut harness);
    assert_eq!(project(&harness), before);
}

#[test]
fn renaming_a_footage_id_renames_every_use_and_a_taken_id_is_refused() {
    let mut harness = window(true, false);
    let before = project(&harness);
    click(&mut harness, DRILL);
    retype(&mut harness, "Footage id", "conveyor");
    assert_eq!(project(&harness), before);
    assert_eq!(
        harness
            .get_all_by_label_contains("There is already a footage 'conveyor'.")
            .count(),
        2,
        "in the registry and in the status bar"
    );

    retype(&mut harness, "Footage id", "drill-mcu-1935");
    let after = project(&harness);
    assert!(after.footage("drill-mcu").is_none());
    let uses: Vec<&str> = after
        .films
        .iter()
        .flat_map(|f| &f.shots)
        .filter_map(|s| s.footage.as_ref())
        .filter(|u| u.footage == "drill-mcu-1935")
        .map(|u| u.footage.as_str())
        .collect();
    assert_eq!(uses.len(), 5);
    // The registry follows the footage under its new id.
    assert_eq!(harness.state().view.footage.selected.as_deref(), Some("drill-mcu-1935"));
    harness.get_by_label("Stakhanov at the coal face (drill-mcu-1935)");
    assert_eq!(appearance_rows(&harness).len(), 5);
    undo(&mut harness);
    assert_eq!(project(&harness), before);
}

#[test]
fn a_new_footage_is_added_edited_and_deleted() {
    let mut harness = window(true, false);
    let before = project(&harness);
    click(&mut harness, "New footage…");
    harness
        .get_by_label("New footage label")
        .type_text("Miners at the pithead");
    harness.run();
    assert_eq!(
        harness.get_by_label("New footage id").value().as_deref(),
        Some("miners-at-the-pithead")
    );
    click(&mut harness, "Add footage");
    let added = project(&harness);
    let footage = added.footage("miners-at-the-pithead").expect("added");
    assert_eq!(footage.label, "Miners at the pithead");
    assert_eq!(
        harness.state().view.footage.selected.as_deref(),
        Some("miners-at-the-pithead")
    );
    harness.get_by_label("No shot shows this footage yet.");

    // A variant set, then a second variant in it.
    focus_end(&mut harness, "New variant set");
    harness.get_by_label("New variant set").type_text("helmets");
    harness.run();
    harness.key_press(egui::Key::Enter);
    harness.run();
    focus_end(&mut harness, "Add a variant to set 1");
    harness.get_by_label("Add a variant to set 1").type_text("caps");
    harness.run();
    harness.key_press(egui::Key::Enter);
    harness.run();
    let edited = project(&harness);
    assert_eq!(
        edited.footage("miners-at-the-pithead").expect("there").variants,
        [["helmets", "caps"]]
    );

    // Unused: deleted at once.
    click(&mut harness, "Delete footage…");
    assert_eq!(project(&harness).footage, before.footage);
}

/// Variants of the footage `id` that the shots show, in film and shot order.
fn variants_shown(project: &Project, id: &str) -> Vec<Vec<String>> {
    project
        .films
        .iter()
        .flat_map(|f| &f.shots)
        .filter_map(|s| s.footage.as_ref())
        .filter(|u| u.footage == id)
        .map(|u| u.variants.clone())
        .collect()
}

#[test]
fn a_variant_is_renamed_on_every_shot_and_deleted_only_after_asking() {
    let mut harness = window(true, false);
    let before = project(&harness);
    click(&mut harness, DRILL);
    let closed = variants_shown(&before, "drill-mcu")
        .iter()
        .filter(|v| v.contains(&"mouth closed".to_string()))
        .count();
    assert_eq!(closed, 2);

    retype(&mut harness, "Variant 2 of set 1", "mouth shut");
    let renamed = project(&harness);
    assert_eq!(
        renamed.footage("drill-mcu").expect("footage").variants[0],
        ["mouth half-open", "mouth shut"]
    );
    let shown = variants_shown(&renamed, "drill-mcu");
    assert_eq!(
        shown.iter().filter(|v| v.contains(&"mouth shut".to_string())).count(),
        2
    );
    assert!(!shown.iter().any(|v| v.contains(&"mouth closed".to_string())));
    // A variant may not take the name of another one of the same footage.
    retype(&mut harness, "Variant 2 of set 1", "Coal collapses");
    assert_eq!(project(&harness), renamed);
    assert_eq!(
        harness
            .get_all_by_label_contains("'coal collapses' is already a variant of footage 'drill-mcu'.")
            .count(),
        2
    );

    click(&mut harness, "Delete variant mouth shut");
    assert_eq!(project(&harness), renamed, "asked first");
    harness.get_by_label("Delete the variant “mouth shut”?");
    click(&mut harness, "Clear it on 2 shots and delete");
    let deleted = project(&harness);
    assert_eq!(
        deleted.footage("drill-mcu").expect("footage").variants[0],
        ["mouth half-open"]
    );
    assert!(
        !variants_shown(&deleted, "drill-mcu")
            .iter()
            .any(|v| v.contains(&"mouth shut".to_string()))
    );
    undo(&mut harness);
    assert_eq!(project(&harness), renamed);
    undo(&mut harness);
    assert_eq!(project(&harness), before);
}
