//! Pictures of the main views, rendered by wgpu (Mesa's software GL here)
//! and compared with the images in `tests/snapshots/`. A change to what a
//! view shows fails here until the images are looked at and renewed with
//! `UPDATE_SNAPSHOTS=1 cargo test --test gui_snapshots`.

use std::path::PathBuf;

use decoupage::ui::App;
use eframe::egui;
use egui_kittest::Harness;

/// A copy of the sample at a path that is the same on every machine and
/// checkout: the status bar shows it.
fn sample_copy(view: &str) -> PathBuf {
    let dir = std::env::temp_dir().join("decoupage-snapshots").join(view);
    std::fs::create_dir_all(&dir).expect("snapshot directory");
    let path = dir.join("stakhanov.ron");
    std::fs::copy(concat!(env!("CARGO_MANIFEST_DIR"), "/projects/stakhanov.ron"), &path).expect("copy the sample");
    let _ = std::fs::remove_file(dir.join("stakhanov.ron.autosave"));
    path
}

/// The whole window on the sample, at the size it opens with, after
/// `setup` has chosen what it shows.
fn window(view: &str, setup: impl FnOnce(&mut App)) -> Harness<'static, App> {
    let mut app = App::new(Some(sample_copy(view)));
    setup(&mut app);
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 780.0))
        .wgpu()
        .build_ui_state(|ui, app: &mut App| app.show(ui), app);
    harness.run();
    harness
}

#[test]
fn the_workspace_on_shot_1_of_le_journal_de_l_annee_1935() {
    let mut harness = window("shot", |app| app.view.select_shot(Some(0)));
    assert_eq!(harness.state().view.selected_film.as_deref(), Some("journal-1935"));
    harness.snapshot("workspace_journal_1935_shot_1");
}

#[test]
fn the_workspace_on_a_film_with_no_shot_selected() {
    let mut harness = window("film", |app| app.view.select_film(Some("voie-des-siecles".into())));
    harness.snapshot("workspace_voie_des_siecles");
}

#[test]
fn the_footage_registry() {
    let mut harness = window("footage", |app| app.view.panels.footage = true);
    harness.snapshot("footage_registry");
}

#[test]
fn the_vocabularies() {
    let mut harness = window("vocabulary", |app| app.view.panels.vocabulary = true);
    harness.snapshot("vocabularies");
}

#[test]
fn compare_presence_of_the_four_late_compilations() {
    let mut harness = window("compare", |app| {
        app.view.mode = decoupage::ui::Mode::Compare;
        app.view.chosen = Some(
            ["bataille", "archives-01", "voie-des-siecles", "plus-cher"]
                .iter()
                .map(|s| s.to_string())
                .collect(),
        );
        app.view.compare.footage = Some("drill-mcu".into());
    });
    harness.snapshot("compare_presence_late_compilations");
}

#[test]
fn compare_shared_editing() {
    let mut harness = window("editing", |app| {
        app.view.mode = decoupage::ui::Mode::Compare;
        app.view.compare.tab = decoupage::ui::compare::CompareTab::Editing;
    });
    harness.snapshot("compare_shared_editing");
}

#[test]
fn statistics_with_the_cutting_graph() {
    let mut harness = window("statistics", |app| app.view.mode = decoupage::ui::Mode::Statistics);
    harness.snapshot("statistics_cutting_graph");
}
