//! Bad input (issue 6): films with no shots, shots with no footage, footage
//! used twice in one film, pieces with gaps or duplicates, unknown lengths
//! everywhere. Every analysis and every command still answers, and says
//! what it could not compute and why.

use std::process::{Command, Output};

use serde_json::{Value, json};

use decoupage::analysis::compare::{self, OpKind};
use decoupage::analysis::stats;
use decoupage::model::{Film, Footage, FootageUse, Length, LengthSource, Project, Shot};
use decoupage::store;

fn shot(no: u32, footage: Option<(&str, Option<u32>)>, frames: Option<i64>) -> Shot {
    let mut s = Shot::new(no);
    s.footage = footage.map(|(id, piece)| {
        let mut u = FootageUse::new(id);
        u.piece = piece;
        u
    });
    s.length = frames.map(|frames| Length {
        frames,
        source: LengthSource::Measured,
    });
    s
}

fn film(id: &str, shots: Vec<Shot>) -> Film {
    let mut f = Film::new(id, format!("Film {id}"));
    f.shots = shots;
    f
}

/// - `empty`: no shots at all;
/// - `a`: piece 1 of x, a shot of unknown footage, y twice (once with no
///   length), piece 3 of x (piece 2 is nowhere: a gap);
/// - `b`: piece 1 of x twice (the second not marked as a repeat), x with no
///   piece number, a shot of unknown footage and length;
/// - `dark`: no length known, y and z (z is not in the registry).
fn bad_project() -> Project {
    let mut p = Project::new("Bad input");
    p.footage = vec![Footage::new("x", "X"), Footage::new("y", "Y")];
    p.films = vec![
        film("empty", vec![]),
        film(
            "a",
            vec![
                shot(1, Some(("x", Some(1))), Some(30)),
                shot(2, None, Some(20)),
                shot(3, Some(("y", None)), None),
                shot(4, Some(("y", None)), Some(10)),
                shot(5, Some(("x", Some(3))), Some(25)),
            ],
        ),
        film(
            "b",
            vec![
                shot(1, Some(("x", Some(1))), Some(28)),
                shot(2, Some(("x", Some(1))), Some(30)),
                shot(3, Some(("x", None)), Some(12)),
                shot(4, None, None),
            ],
        ),
        film(
            "dark",
            vec![shot(1, Some(("y", None)), None), shot(2, Some(("z", None)), None)],
        ),
    ];
    p
}

fn all(p: &Project) -> Vec<&Film> {
    p.films.iter().collect()
}

#[test]
fn the_presence_matrix_answers_and_says_what_it_cannot_show() {
    let p = bad_project();
    let m = compare::presence(&p, &all(&p));
    let rows: Vec<&str> = m.rows.iter().map(|r| r.footage.as_str()).collect();
    assert_eq!(rows, ["x", "y", "z"], "registry order, then footage missing from it");
    assert!(
        m.rows.iter().all(|r| r.cells[0].is_empty()),
        "the empty film's column is empty"
    );
    // y twice in a: both uses in one cell, the unknown length kept unknown
    let y = m.row("y").unwrap();
    let in_a: Vec<(usize, Option<i64>)> = y.cells[1].iter().map(|a| (a.shot, a.frames)).collect();
    assert_eq!(in_a, [(3, None), (4, Some(10))]);
    assert_eq!(y.film_count(), 2);
    assert!(m.common().is_empty());
    assert_eq!(m.unique(), [("z", "dark")]);
    assert_eq!(
        m.notes,
        [
            "empty has no shots: its column is empty",
            "a: 1 of 5 shots have no known footage and are in no row",
            "b: 1 of 4 shots have no known footage and are in no row",
            "footage 'z' is used but not in the footage registry",
        ]
    );
    // trims only against known lengths of the same piece
    let apps = compare::appearances(&all(&p));
    let x: Vec<(&str, usize, Option<u32>, Option<i64>)> = apps["x"]
        .iter()
        .map(|a| (a.film.as_str(), a.shot, a.piece, a.trim))
        .collect();
    assert_eq!(
        x,
        [
            ("a", 1, Some(1), Some(0)),
            ("a", 5, Some(3), Some(0)),
            ("b", 1, Some(1), Some(2)),
            ("b", 2, Some(1), Some(0)),
            ("b", 3, None, Some(0)),
        ]
    );
    assert_eq!(apps["y"][0].trim, None, "no length, no trim");
}

#[test]
fn a_film_with_no_shots_aligns_with_score_0_and_the_alignment_says_so() {
    let p = bad_project();
    let films = all(&p);
    let al = compare::align(films[0], films[1]);
    assert_eq!(al.score, 0.0);
    assert_eq!(al.ops.len(), 5);
    assert!(al.ops.iter().all(|o| o.op == OpKind::Insert));
    assert_eq!(
        al.notes,
        [
            "empty has no shots: nothing of it to align",
            "1 of 5 shots of a have no known footage: they match nothing",
            "score 0: there is nothing to compare",
        ]
    );
    let none = compare::align(films[0], films[0]);
    assert_eq!((none.score, none.ops.len()), (0.0, 0));
    assert_eq!(
        none.notes,
        [
            "empty has no shots: nothing of it to align",
            "empty has no shots: nothing of it to align",
            "score 0: there is nothing to compare",
        ]
    );
    // a and b: piece 1 of x matches once; unknowns never match
    let ab = compare::align(films[1], films[2]);
    assert_eq!(ab.matches(), 1);
    assert!((ab.score - 2.0 / 9.0).abs() < 1e-12);
    assert!(
        ab.notes
            .contains(&"1 of 4 shots of b have no known footage: they match nothing".to_string())
    );
    // all pairs, in order, each the same as aligning the pair alone
    let pairs = compare::all_pairs(&films);
    let names: Vec<(&str, &str)> = pairs.iter().map(|a| (a.a.as_str(), a.b.as_str())).collect();
    assert_eq!(
        names,
        [
            ("empty", "a"),
            ("empty", "b"),
            ("empty", "dark"),
            ("a", "b"),
            ("a", "dark"),
            ("b", "dark")
        ]
    );
    assert_eq!(pairs[0], al);
    assert_eq!(pairs[3], ab);
    // y in a and dark, in order in both: shot 3 of a and shot 1 of dark
    let a_dark = &pairs[4];
    assert_eq!(a_dark.matches(), 1);
    assert!(
        a_dark.notes.iter().all(|n| !n.contains("dark")),
        "dark has all its footage"
    );
}

#[test]
fn a_duplicated_piece_is_listed_once_per_source_and_the_gap_is_listed() {
    let p = bad_project();
    let r = compare::reconstructions(&all(&p));
    assert_eq!(r.keys().collect::<Vec<_>>(), ["x"], "y and z are never cut into pieces");
    let x = &r["x"];
    let pieces: Vec<(u32, &str, usize)> = x.pieces.iter().map(|s| (s.piece, s.film.as_str(), s.shot)).collect();
    assert_eq!(pieces, [(1, "a", 1), (1, "b", 1), (1, "b", 2), (3, "a", 5)]);
    assert_eq!(x.gaps, [2]);
    assert_eq!(
        x.notes,
        [
            "piece 1 is found 3 times (a shot 1, b shot 1, b shot 2): each is listed",
            "1 use(s) with no piece number cannot be placed: b shot 3",
        ]
    );
}

#[test]
fn statistics_answer_from_known_values_and_name_the_reason_for_the_rest() {
    let p = bad_project();
    let s = stats::stats(&p, &all(&p));
    let empty = &s[0];
    assert_eq!((empty.shots, empty.known_lengths), (0, 0));
    assert_eq!(
        (empty.total_frames, empty.asl_frames, empty.reuse_share),
        (None, None, None)
    );
    assert_eq!(empty.notes, ["the film has no shots"]);

    let a = &s[1];
    assert_eq!(a.coverage(), "4 of 5 shots");
    assert_eq!(a.total_frames, Some(85));
    // x (in a and b) and y (in a and dark) are shared: 30 + 10 + 25 of 85
    assert_eq!(a.reused_shots, 4);
    assert_eq!(a.reuse_share, Some(0.7647));
    assert_eq!(
        a.notes,
        [
            "lengths known for 4 of 5 shots: length statistics cover those only",
            "frame rate unknown: no figure in seconds",
            "no shot has a known framing: no scale shares",
            "1 of 5 shots have no known footage: the reuse share counts them as not reused",
        ]
    );

    let dark = &s[3];
    assert_eq!(dark.known_lengths, 0);
    assert_eq!(
        (dark.asl_frames, dark.median_frames, dark.sd_frames),
        (None, None, None)
    );
    assert_eq!(dark.reuse_share, None);
    assert_eq!(dark.reused_shots, 1, "y is shared, z is not; lengths unknown");
    assert_eq!(dark.scale.get("unknown"), Some(&2));
    assert_eq!(
        dark.notes,
        [
            "no shot length is known: no ASL, median or reuse share",
            "no shot has a known framing: no scale shares",
        ]
    );
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_decoupage"))
        .args(args)
        .output()
        .unwrap()
}

fn stdout_of(args: &[&str]) -> String {
    let o = run(args);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout).unwrap()
}

#[test]
fn the_commands_answer_in_every_format_and_say_why() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.ron");
    store::save(&bad_project(), &path).unwrap();
    let path = path.to_str().unwrap();

    let c: Value = serde_json::from_str(&stdout_of(&["compare", path, "--format", "json"])).unwrap();
    assert_eq!(c["films"], json!(["empty", "a", "b", "dark"]));
    assert_eq!(c["common"], json!([]));
    assert_eq!(c["presence"]["z"], json!(["dark"]));
    assert_eq!(
        c["appearances"]["y"][0],
        json!({"film": "a", "shot": 3, "piece": null, "frames": null, "variants": []})
    );
    let first = &c["alignments"][0];
    assert_eq!(
        (&first["a"], &first["b"], &first["score"]),
        (&json!("empty"), &json!("a"), &json!(0.0))
    );
    assert_eq!(first["ops"].as_array().unwrap().len(), 5);
    assert_eq!(
        first.as_object().unwrap().keys().collect::<Vec<_>>(),
        ["a", "b", "ops", "score"],
        "the contract is unchanged"
    );
    let pieces: Vec<u64> = c["reconstructions"]["x"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["piece"].as_u64().unwrap())
        .collect();
    assert_eq!(pieces, [1, 1, 1, 3]);

    let md = stdout_of(&["compare", path, "--format", "md"]);
    assert!(md.contains("## What could not be compared"), "{md}");
    assert!(md.contains("- empty has no shots: its column is empty"), "{md}");
    assert!(md.contains("- empty / a: score 0: there is nothing to compare"), "{md}");
    assert!(md.contains("(pieces not found: 2); piece 1 is found 3 times"), "{md}");
    let html = stdout_of(&["compare", path, "--format", "html"]);
    assert!(html.contains("<h2>What could not be compared</h2>"), "{html}");
    assert!(
        html.contains("<li>footage &#39;z&#39; is used but not in the footage registry</li>")
            || html.contains("footage 'z' is used but not in the footage registry"),
        "{html}"
    );
    // only the film with no shots
    let md = stdout_of(&["compare", path, "empty", "--format", "md"]);
    assert!(md.contains("- empty has no shots: its column is empty"), "{md}");

    let s: Value = serde_json::from_str(&stdout_of(&["stats", path, "--format", "json"])).unwrap();
    assert_eq!(s[0]["notes"], json!(["the film has no shots"]));
    assert_eq!(s[0]["asl_frames"], Value::Null);
    assert_eq!(s[3]["reuse_share"], Value::Null);
    assert_eq!(
        s[3]["notes"][0],
        "no shot length is known: no ASL, median or reuse share"
    );
    let md = stdout_of(&["stats", path, "--format", "md"]);
    assert!(md.contains("What could not be computed:"), "{md}");
    assert!(md.contains("- empty: the film has no shots"), "{md}");
    assert!(md.contains("- dark: no shot length is known"), "{md}");
    let csv = stdout_of(&["stats", path, "--format", "csv"]);
    assert_eq!(
        csv.lines().count(),
        5,
        "a header and a row per film, empty cells for the unknown"
    );
    assert!(csv.contains("\nempty,Film empty,0,0,,"), "{csv}");
}
