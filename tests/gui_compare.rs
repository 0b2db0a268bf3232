//! The Compare and Statistics views on the sample, driven as a user would:
//! the article's findings must be visible in them, and clicking a shot
//! anywhere shows it in the shot table.

use std::path::PathBuf;

use decoupage::ui::{App, Mode};
use eframe::egui;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

fn sample_path() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/projects/stakhanov.ron"))
}

const LATE: [&str; 4] = ["bataille", "archives-01", "voie-des-siecles", "plus-cher"];

fn window(setup: impl FnOnce(&mut App)) -> Harness<'static, App> {
    let mut app = App::new(Some(sample_path()));
    setup(&mut app);
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 780.0))
        .build_ui_state(|ui, app: &mut App| app.show(ui), app);
    harness.run();
    harness
}

fn late_compilations(app: &mut App) {
    app.view.mode = Mode::Compare;
    app.view.chosen = Some(LATE.iter().map(|s| s.to_string()).collect());
}

fn click(harness: &mut Harness<'static, App>, label: &str) {
    harness.get_by_label(label).click();
    harness.run();
}

#[test]
fn ctrl_2_and_ctrl_3_switch_views_and_ctrl_1_comes_back() {
    let mut harness = window(|_| {});
    assert_eq!(harness.state().view.mode, Mode::Shots);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Num2);
    harness.run();
    assert_eq!(harness.state().view.mode, Mode::Compare);
    harness.get_by_label("Footage bouquet-cu");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Num3);
    harness.run();
    assert_eq!(harness.state().view.mode, Mode::Statistics);
    harness.get_by_label("Shots of Le journal de l'année 1935");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Num1);
    harness.run();
    assert_eq!(harness.state().view.mode, Mode::Shots);
}

#[test]
fn the_bouquet_is_the_only_footage_all_four_late_compilations_share() {
    let harness = window(late_compilations);
    harness.get_by_label("In all 4 films:");
    harness.get_by_label("Stakhanov with the bouquet (bouquet-cu)");
    // One presence cell per late compilation for the bouquet, none for the
    // conveyor belt in Ce qu'il y a de plus cher.
    for title in [
        "Bataille pour notre Ukraine",
        "Archives n°01",
        "La voie des siècles",
        "Ce qu'il y a de plus cher, épisode 2 : Reconstruction",
    ] {
        harness.get_by_label_contains(&format!("bouquet-cu in {title}: shot"));
    }
    assert!(
        harness
            .query_by_label_contains("exit-mine in Ce qu'il y a de plus cher")
            .is_none(),
        "finding 4: no exit from the mine in Ce qu'il y a de plus cher"
    );
    // Finding 4: the 1981 take is in that film only, and said so.
    harness.get_by_label_contains(
        "Stakhanov at the coal face (unreleased take) (drill-ms-1981) in Ce qu'il y a de plus cher",
    );
}

#[test]
fn clicking_a_presence_cell_shows_that_shot_in_the_table() {
    let mut harness = window(late_compilations);
    click(&mut harness, "bouquet-cu in La voie des siècles: shot 6");
    let state = harness.state();
    assert_eq!(state.view.mode, Mode::Shots);
    assert_eq!(state.view.selected_film.as_deref(), Some("voie-des-siecles"));
    assert_eq!(state.view.selected_shot, Some(5));
}

#[test]
fn clicking_a_footage_lists_every_use_with_its_variants() {
    let mut harness = window(late_compilations);
    click(&mut harness, "Footage drill-mcu");
    assert_eq!(harness.state().view.compare.footage.as_deref(), Some("drill-mcu"));
    harness.get_by_label("4 uses in 3 of the 4 films compared");
    // Finding 3: Bataille uses only the mouth-closed variant, Archives n°01 both.
    harness.get_by_label("mouth closed: Bataille pour notre Ukraine; Archives n°01");
    click(&mut harness, "Archives n°01, shot 2");
    assert_eq!(harness.state().view.selected_film.as_deref(), Some("archives-01"));
    assert_eq!(harness.state().view.selected_shot, Some(1));
}

#[test]
fn shared_editing_puts_le_journal_and_la_voie_des_siecles_first() {
    let mut harness = window(|app| app.view.mode = Mode::Compare);
    click(&mut harness, "Shared editing");
    harness.get_by_label("Le journal de l'année 1935 and La voie des siècles");
    // The chosen pair is the closest, with its alignment shown.
    assert_eq!(
        harness.state().view.compare.pair,
        Some(("journal-1935".to_string(), "voie-des-siecles".to_string()))
    );
    harness.get_by_label_contains("Similarity 0.83: 5 matched, 0 only in the first, 2 only in the second");
    // 66 pairs in the table, the best one selected.
    harness.get_by_label("Pair Le journal de l'année 1935 and La voie des siècles: 0.83");
    // A shot number of the alignment shows the shot: the steelworker, shot
    // 7 of La voie des siècles, only in the second film.
    click(&mut harness, "7");
    assert_eq!(harness.state().view.mode, Mode::Shots);
    assert_eq!(harness.state().view.selected_film.as_deref(), Some("voie-des-siecles"));
    assert_eq!(harness.state().view.selected_shot, Some(6));
}

#[test]
fn stalins_speech_is_put_back_together_in_the_order_of_the_archives() {
    let mut harness = window(|app| app.view.mode = Mode::Compare);
    click(&mut harness, "Pieces");
    harness.get_by_label("6 of 6 pieces found, none missing");
    for (n, film) in [
        (1, "Archives n°63"),
        (2, "Archives n°41"),
        (3, "Archives n°50"),
        (4, "Archives n°57"),
        (5, "Archives n°59"),
        (6, "Archives n°45"),
    ] {
        let shot = if film == "Archives n°57" { 2 } else { 1 };
        harness.get_by_label(&format!("{n}. {film}, shot {shot}"));
    }
    click(&mut harness, "4. Archives n°57, shot 2");
    assert_eq!(harness.state().view.selected_film.as_deref(), Some("archives-57"));
    assert_eq!(harness.state().view.selected_shot, Some(1));
}

#[test]
fn the_variants_tab_says_who_uses_which() {
    let mut harness = window(|app| app.view.mode = Mode::Compare);
    click(&mut harness, "Variants");
    // Finding 3: Archives n°01 uses both drill variants (listed under
    // each), Bataille only the mouth closed one.
    assert_eq!(harness.get_all_by_label("Archives n°01 (both)").count(), 2);
    assert_eq!(harness.get_all_by_label("Bataille pour notre Ukraine").count(), 1);
}

#[test]
fn statistics_state_what_they_rest_on() {
    let mut harness = window(|app| app.view.mode = Mode::Statistics);
    harness.get_by_label("12 films · 42 shots · 4 with a known length");
    // Finding 6: 39 + 36 + 36 + 29 = 140 frames over 4 of 5 shots.
    harness.get_by_label("140");
    harness.get_by_label("35.0");
    harness.get_by_label("No shot length is known in 11 films: Archives n°57, Alexeï Stakhanov, ouvrier russe devient député, Bataille pour notre Ukraine, Archives n°01, La voie des siècles, Ce qu'il y a de plus cher, épisode 2 : Reconstruction, Archives n°63, Archives n°41, Archives n°50, Archives n°59, Archives n°45");
    harness.get_by_label("Le journal de l'année 1935: 4 of 5 shots with a known length");
    click(&mut harness, "Shot lengths");
    harness.get_by_label("Bars of 5 frames");
    click(&mut harness, "Shot scale");
    // Clicking a film's row shows its shots.
    click(&mut harness, "Shots of La voie des siècles");
    assert_eq!(harness.state().view.mode, Mode::Shots);
    assert_eq!(harness.state().view.selected_film.as_deref(), Some("voie-des-siecles"));
}

#[test]
fn unticking_films_changes_what_is_compared() {
    let mut harness = window(|app| app.view.mode = Mode::Compare);
    click(&mut harness, "None");
    harness.get_by_label("Tick at least one film in the list on the left.");
    click(&mut harness, "Le journal de l'année 1935 (1993)");
    click(&mut harness, "La voie des siècles (1977)");
    harness.get_by_label("In all 2 films:");
    let chosen = harness.state().view.chosen.clone().expect("a choice");
    assert_eq!(chosen.len(), 2);
    click(&mut harness, "All");
    assert_eq!(harness.state().view.chosen, None);
}

#[test]
fn a_figure_is_exported_as_svg_and_png_through_the_prompt_and_a_bad_name_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = window(|app| {
        app.view.mode = Mode::Statistics;
        app.view.chosen = Some(["journal-1935".to_string()].into_iter().collect());
    });
    for (name, check_svg) in [("journal.svg", true), ("journal.png", false), ("journal.gif", false)] {
        click(&mut harness, "Export figure…");
        harness.get_by_label("Export the figure (.svg or .png)");
        // The prompt offers a name beside the project, after the film.
        let offered = harness.get_by_label("Figure file path").value().unwrap_or_default();
        assert!(offered.ends_with("journal-1935-cutting.svg"), "{offered}");
        harness.get_by_label("Figure file path").click();
        harness.run();
        harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
        let target = dir.path().join(name);
        harness
            .get_by_label("Figure file path")
            .type_text(target.to_str().unwrap());
        harness.run();
        click(&mut harness, "Export");
        let message = harness.state().message.clone().expect("a message");
        if name.ends_with(".gif") {
            assert!(message.is_error(), "{message:?}");
            assert!(message.text().contains("journal.gif"), "{}", message.text());
            assert!(!target.exists());
            continue;
        }
        assert!(!message.is_error(), "{message:?}");
        let bytes = std::fs::read(&target).expect("the figure is written");
        if check_svg {
            let svg = String::from_utf8(bytes).unwrap();
            assert!(
                svg.contains("Le journal de l&apos;année 1935"),
                "the title is in the figure"
            );
        } else {
            assert_eq!(&bytes[1..4], b"PNG");
        }
    }
}

#[test]
fn order_by_similarity_puts_films_with_shared_editing_side_by_side() {
    let mut harness = window(|app| {
        app.view.mode = Mode::Compare;
        app.view.chosen = Some(
            ["journal-1935", "bataille", "voie-des-siecles"]
                .iter()
                .map(|s| s.to_string())
                .collect(),
        );
    });
    let column_gap = |h: &Harness<'static, App>| {
        let journal = h
            .get_by_label("bouquet-cu in Le journal de l'année 1935: shot 5")
            .rect();
        let voie = h.get_by_label("bouquet-cu in La voie des siècles: shot 6").rect();
        (voie.center().x - journal.center().x).abs().round()
    };
    // Project order: Le journal, Bataille, La voie des siècles.
    assert_eq!(column_gap(&harness), 216.0);
    click(&mut harness, "Order by similarity");
    // Le journal and La voie des siècles share their editing (0.83): next
    // to each other now.
    assert_eq!(column_gap(&harness), 108.0);
    // The footage all three show comes first: its row is at the top.
    let rows: Vec<f32> = ["Footage bouquet-cu", "Footage drill-mcu", "Footage conveyor"]
        .iter()
        .map(|label| harness.get_by_label(label).rect().top())
        .collect();
    assert!(rows[0] < rows[2] && rows[1] < rows[2], "{rows:?}");
}
