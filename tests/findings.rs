//! The six findings of the article, as a comparison of the sample project
//! must show them (shared/corpus/stakhanov/README.md).

use std::path::Path;

use decoupage::analysis::compare::{self, OpKind};
use decoupage::model::Project;
use decoupage::store;

fn sample() -> Project {
    store::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("projects/stakhanov.ron")).unwrap()
}

fn ids(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

const LATE: [&str; 4] = ["bataille", "archives-01", "voie-des-siecles", "plus-cher"];

#[test]
fn finding_1_the_bouquet_is_the_only_footage_all_four_late_compilations_share() {
    let p = sample();
    let films = compare::select_films(&p, &ids(&LATE)).unwrap();
    let presence = compare::presence(&p, &films);
    assert_eq!(presence.common(), vec!["bouquet-cu"]);
}

#[test]
fn finding_2_journal_and_voie_share_their_editing() {
    let p = sample();
    let films = compare::select_films(&p, &[]).unwrap();
    let pairs = compare::all_pairs(&films);
    let best = pairs.iter().max_by(|x, y| x.score.total_cmp(&y.score)).unwrap();
    assert_eq!((best.a.as_str(), best.b.as_str()), ("journal-1935", "voie-des-siecles"));
    // the same footage in the same order: every journal shot is matched
    assert_eq!(best.matches(), 5);
    let inserted: Vec<&str> = best
        .ops
        .iter()
        .filter(|o| o.op == OpKind::Insert)
        .map(|o| o.footage.as_deref().unwrap())
        .collect();
    assert_eq!(inserted, vec!["conveyor-b", "steelworker"]);
    assert!(
        best.ops
            .iter()
            .all(|o| o.op != OpKind::Delete && o.op != OpKind::Substitute)
    );
    assert!(best.moved.is_empty());
    assert!((best.score - 10.0 / 12.0).abs() < 1e-9);
}

#[test]
fn finding_3_drilling_footage_in_four_films_with_its_variants() {
    let p = sample();
    let films = compare::select_films(&p, &[]).unwrap();
    let presence = compare::presence(&p, &films);
    let drill = presence.row("drill-mcu").unwrap();
    assert_eq!(
        drill.films_present(&presence.films),
        vec!["journal-1935", "bataille", "archives-01", "voie-des-siecles"]
    );
    let variants = compare::variant_uses(&p, &films, "drill-mcu");
    let closed = &variants.iter().find(|(v, _)| v == "mouth closed").unwrap().1;
    let open = &variants.iter().find(|(v, _)| v == "mouth half-open").unwrap().1;
    // Bataille uses only the mouth-closed variant; Archives n°01 uses both.
    assert!(closed.contains(&"bataille".to_string()) && !open.contains(&"bataille".to_string()));
    assert!(closed.contains(&"archives-01".to_string()) && open.contains(&"archives-01".to_string()));
    let both: Vec<&String> = open.iter().filter(|f| closed.contains(f)).collect();
    assert_eq!(both, vec!["archives-01"]);
}

#[test]
fn finding_4_plus_cher_lacks_the_exit_and_alone_has_the_1981_take() {
    let p = sample();
    let mut set = vec!["journal-1935"];
    set.extend(LATE);
    let films = compare::select_films(&p, &ids(&set)).unwrap();
    let presence = compare::presence(&p, &films);
    let exit = presence.row("exit-mine").unwrap();
    let without: Vec<&str> = presence
        .films
        .iter()
        .map(String::as_str)
        .filter(|f| !exit.films_present(&presence.films).contains(f))
        .collect();
    assert_eq!(without, vec!["plus-cher"]);
    assert!(presence.unique().contains(&("drill-ms-1981", "plus-cher")));
}

#[test]
fn finding_5_stalins_speech_is_put_back_together_from_six_films() {
    let p = sample();
    let films = compare::select_films(&p, &[]).unwrap();
    let speech = &compare::reconstructions(&films)["stalin-speech"];
    let order: Vec<&str> = speech.pieces.iter().map(|s| s.film.as_str()).collect();
    assert_eq!(
        order,
        vec![
            "archives-63",
            "archives-41",
            "archives-50",
            "archives-57",
            "archives-59",
            "archives-45"
        ]
    );
    assert_eq!(
        speech.pieces.iter().map(|s| s.piece).collect::<Vec<_>>(),
        vec![1, 2, 3, 4, 5, 6]
    );
    assert!(speech.gaps.is_empty());
    assert_eq!(speech.pieces[3].shot, 2, "in Archives n°57 it is shot 2");
}

#[test]
fn a_missing_piece_is_a_gap() {
    let mut p = sample();
    p.films.retain(|f| f.id != "archives-50");
    let films = compare::select_films(&p, &[]).unwrap();
    assert_eq!(compare::reconstructions(&films)["stalin-speech"].gaps, vec![3]);
    assert_eq!(
        compare::select_films(&p, &ids(&["archives-50"])),
        Err("archives-50".to_string())
    );
}

#[test]
fn finding_6_journal_runs_39_36_36_29_plus_the_bouquet() {
    let p = sample();
    let films = compare::select_films(&p, &ids(&["journal-1935"])).unwrap();
    let apps = compare::appearances(&films);
    let frames: Vec<Option<i64>> = ["drill-mcu", "conveyor", "exit-mine", "spectator-beard", "bouquet-cu"]
        .iter()
        .map(|f| apps[*f][0].frames)
        .collect();
    assert_eq!(frames, vec![Some(39), Some(36), Some(36), Some(29), None]);
}
