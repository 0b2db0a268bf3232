//! Ordering the Compare view by similarity (issue 6), on the sample project.

use std::path::Path;

use decoupage::analysis::compare;
use decoupage::model::Project;
use decoupage::store;

fn sample() -> Project {
    store::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("projects/stakhanov.ron")).unwrap()
}

fn is_permutation(order: &[usize], n: usize) -> bool {
    let mut sorted = order.to_vec();
    sorted.sort_unstable();
    sorted == (0..n).collect::<Vec<_>>()
}

#[test]
fn journal_and_voie_are_side_by_side_and_rows_go_by_how_many_films_show_them() {
    let p = sample();
    let films = compare::select_films(&p, &[]).unwrap();
    let pairs = compare::all_pairs(&films);
    let order = compare::film_order_by_similarity(&films, &pairs);
    assert!(is_permutation(&order, films.len()), "{order:?}");
    let ids: Vec<&str> = order.iter().map(|&i| films[i].id.as_str()).collect();
    let at = |id: &str| ids.iter().position(|x| *x == id).unwrap();
    assert_eq!(at("journal-1935").abs_diff(at("voie-des-siecles")), 1, "{ids:?}");
    assert_eq!(
        order,
        compare::film_order_by_similarity(&films, &pairs),
        "deterministic"
    );

    // In the whole sample the footage in the most films is Stalin's speech
    // (six films, one piece each), then the bouquet (five films).
    let presence = compare::presence(&p, &films);
    let rows = compare::footage_order_by_presence(&presence, &order);
    assert!(is_permutation(&rows, presence.rows.len()));
    let names: Vec<&str> = rows.iter().map(|&r| presence.rows[r].footage.as_str()).collect();
    assert_eq!(names[..2], ["stalin-speech", "bouquet-cu"]);
    let counts: Vec<usize> = rows.iter().map(|&r| presence.rows[r].film_count()).collect();
    assert!(counts.windows(2).all(|w| w[0] >= w[1]), "{counts:?}");
    // drill and exit are in the same four films: the tie goes to the
    // registry order; conveyor and spectator (journal and voie) follow
    assert_eq!(names[2..6], ["drill-mcu", "exit-mine", "conveyor", "spectator-beard"]);
}

#[test]
fn among_the_films_that_reuse_the_bouquet_it_comes_first() {
    let p = sample();
    let ids: Vec<String> = [
        "journal-1935",
        "bataille",
        "archives-01",
        "voie-des-siecles",
        "plus-cher",
    ]
    .map(String::from)
    .to_vec();
    let films = compare::select_films(&p, &ids).unwrap();
    let order = compare::film_order_by_similarity(&films, &compare::all_pairs(&films));
    let on_screen: Vec<&str> = order.iter().map(|&i| films[i].id.as_str()).collect();
    let at = |id: &str| on_screen.iter().position(|x| *x == id).unwrap();
    assert_eq!(at("journal-1935").abs_diff(at("voie-des-siecles")), 1, "{on_screen:?}");
    let presence = compare::presence(&p, &films);
    let rows = compare::footage_order_by_presence(&presence, &order);
    assert_eq!(presence.rows[rows[0]].footage, "bouquet-cu");
    assert_eq!(presence.rows[rows[0]].film_count(), 5);
}

#[test]
fn orders_of_no_film_and_of_one_film_are_permutations() {
    let p = sample();
    assert!(compare::film_order_by_similarity(&[], &[]).is_empty());
    let none = compare::presence(&p, &[]);
    assert!(compare::footage_order_by_presence(&none, &[]).is_empty());

    let one = compare::select_films(&p, &["journal-1935".to_string()]).unwrap();
    let order = compare::film_order_by_similarity(&one, &compare::all_pairs(&one));
    assert_eq!(order, [0]);
    let presence = compare::presence(&p, &one);
    let rows = compare::footage_order_by_presence(&presence, &order);
    assert!(is_permutation(&rows, presence.rows.len()));
    assert_eq!(rows.len(), 5);
}
