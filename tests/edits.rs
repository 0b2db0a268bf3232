//! Every kind of edit, applied then undone, gives back the project exactly.

use decoupage::model::*;
use proptest::prelude::*;

fn text() -> impl Strategy<Value = String> {
    prop_oneof![Just(String::new()), "[a-zé ]{1,12}"]
}

fn shot(id: u32) -> impl Strategy<Value = Shot> {
    (
        proptest::option::of(0i64..10_000),
        proptest::option::of((1i64..500, 0u8..4)),
        proptest::option::of(prop_oneof![Just("CU"), Just("MCU"), Just("LS")]),
        proptest::option::of(("[ab]", proptest::option::of(1u32..4), any::<bool>())),
        text(),
        proptest::collection::vec((text(), any::<bool>()), 0..3),
        text(),
    )
        .prop_map(move |(start, length, framing, footage, description, evidence, notes)| {
            let mut s = Shot::new(id);
            s.start = start.map(Frame);
            s.length = length.map(|(frames, k)| Length {
                frames,
                source: match k {
                    0 => LengthSource::Measured,
                    1 => LengthSource::Reported {
                        citation: "article".into(),
                    },
                    2 => LengthSource::Derived { from: "EDL".into() },
                    _ => LengthSource::Estimated,
                },
            });
            s.framing = framing.map(str::to_string);
            s.footage = footage.map(|(id, piece, repeat)| FootageUse {
                footage: id,
                piece,
                variants: vec![],
                repeat,
            });
            s.description = description;
            s.evidence = evidence
                .into_iter()
                .map(|(observation, supports)| Evidence {
                    claim: "reenacted".into(),
                    stance: if supports {
                        Stance::Supports
                    } else {
                        Stance::Contradicts
                    },
                    kind: "setting".into(),
                    observation,
                    source: String::new(),
                    weight: Some(Weight::Weak),
                })
                .collect();
            s.notes = notes;
            s
        })
}

fn film(i: usize) -> impl Strategy<Value = Film> {
    (
        text(),
        proptest::option::of(1900i32..2000),
        proptest::collection::vec(shot(0), 0..6),
    )
        .prop_map(move |(title, year, shots)| {
            let mut f = Film::new(format!("film-{i}"), format!("Film {i} {title}"));
            f.year = year;
            f.shots = shots
                .into_iter()
                .enumerate()
                .map(|(n, mut s)| {
                    s.id = n as u32 + 1;
                    s
                })
                .collect();
            f
        })
}

fn project() -> impl Strategy<Value = Project> {
    (0usize..4)
        .prop_flat_map(|n| (0..n).map(film).collect::<Vec<_>>())
        .prop_map(|films| {
            let mut p = Project::new("Test");
            p.films = films;
            p.footage = vec![Footage::new("a", "A"), Footage::new("b", "B")];
            p
        })
}

/// Raw numbers from which an edit valid (or deliberately invalid) for the
/// current project is made.
#[derive(Debug, Clone)]
struct Spec {
    kind: u8,
    a: usize,
    b: usize,
    text: String,
    shot: Shot,
}

fn spec() -> impl Strategy<Value = Spec> {
    (0u8..22, 0usize..8, 0usize..8, "[a-z]{0,6}", shot(99)).prop_map(|(kind, a, b, text, shot)| Spec {
        kind,
        a,
        b,
        text,
        shot,
    })
}

/// Every field of a film, chosen by the spec's numbers.
fn film_field(s: &Spec) -> FilmField {
    let t = s.text.clone();
    match (s.kind as usize + s.b) % 13 {
        0 => FilmField::Id(format!("renamed-{t}")),
        1 => FilmField::Title(t),
        2 => FilmField::EnglishTitle(t),
        3 => FilmField::Year(Some(1900 + s.b as i32)),
        4 => FilmField::Kind(t),
        5 => FilmField::Collection(t),
        6 => FilmField::Credits(t),
        7 => FilmField::Duration(Some(ClockTime::from_millis(s.b as i64 * 1000))),
        8 => FilmField::Rate(Some(FrameRate::new(s.b as u32 + 1, 1).unwrap())),
        9 => FilmField::Sound(t),
        10 => FilmField::MemoryPhase(t),
        11 => FilmField::Media(Some(t)),
        _ => FilmField::Notes(t),
    }
}

fn make_edit(p: &Project, s: &Spec) -> Edit {
    let nf = p.films.len().max(1);
    let film_id = p.films.get(s.a % nf).map_or("missing".to_string(), |f| f.id.clone());
    let ns = p.films.get(s.a % nf).map_or(1, |f| f.shots.len().max(1));
    match s.kind {
        0 => Edit::SetTitle(s.text.clone()),
        1 => Edit::SetNotes(s.text.clone()),
        2 => Edit::InsertFilm {
            index: s.b % (p.films.len() + 1),
            film: Box::new(Film::new(format!("new-{}", s.text), "New film")),
        },
        3 => Edit::RemoveFilm { index: s.a % nf },
        4 => Edit::MoveFilm {
            from: s.a % nf,
            to: s.b % nf,
        },
        5..=10 => Edit::SetFilmField {
            film: film_id,
            field: film_field(s),
        },
        11 => Edit::InsertShot {
            film: film_id,
            index: s.b % (ns + 1),
            shot: Box::new(s.shot.clone()),
        },
        12 => Edit::RemoveShot {
            film: film_id,
            index: s.b % ns,
        },
        13 => Edit::ReplaceShot {
            film: film_id,
            index: s.b % ns,
            shot: Box::new(s.shot.clone()),
        },
        14 => Edit::MoveShot {
            film: film_id,
            from: s.a % ns,
            to: s.b % ns,
        },
        15 => Edit::InsertFootage {
            index: s.b % (p.footage.len() + 1),
            footage: Box::new(Footage::new(format!("fx-{}", s.text), "New")),
        },
        16 => Edit::RemoveFootage {
            index: s.a % p.footage.len().max(1),
        },
        17 => {
            let mut f = Footage::new(format!("ren-{}", s.text), s.text.clone());
            f.variants = vec![vec!["open".into(), "closed".into()]];
            Edit::ReplaceFootage {
                index: s.a % p.footage.len().max(1),
                footage: Box::new(f),
            }
        }
        18 => {
            let mut v = Vocabularies::standard();
            v.framing.push(Term::new(&s.text, "Custom", ""));
            Edit::SetVocabularies(Box::new(v))
        }
        19 => Edit::SetFilmField {
            film: film_id,
            field: FilmField::Year(None),
        },
        20 => Edit::SetFilmField {
            film: "no-such-film".into(),
            field: FilmField::Kind(s.text.clone()),
        },
        _ => Edit::Batch {
            label: "bulk".into(),
            edits: vec![
                Edit::SetTitle(s.text.clone()),
                Edit::ReplaceShot {
                    film: film_id.clone(),
                    index: s.b % ns,
                    shot: Box::new(s.shot.clone()),
                },
                Edit::MoveShot {
                    film: film_id,
                    from: s.a % ns,
                    to: s.b % ns,
                },
            ],
        },
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn apply_then_inverse_restores_exactly(p in project(), s in spec()) {
        let original = p.clone();
        let mut p = p;
        let edit = make_edit(&p, &s);
        match p.apply(edit.clone()) {
            Ok(inverse) => {
                let changed = p.clone();
                let redo = p.apply(inverse).expect("an inverse applies");
                prop_assert_eq!(&p, &original);
                // and the inverse of the inverse redoes the edit
                p.apply(redo).expect("a redo applies");
                prop_assert_eq!(&p, &changed);
            }
            // A refused edit leaves the project as it was.
            Err(_) => prop_assert_eq!(&p, &original),
        }
    }

    #[test]
    fn a_history_of_edits_undoes_to_the_start(p in project(), specs in proptest::collection::vec(spec(), 1..25)) {
        let original = p.clone();
        let mut p = p;
        let mut undo = Vec::new();
        for s in &specs {
            let edit = make_edit(&p, s);
            if let Ok(inverse) = p.apply(edit) {
                undo.push(inverse);
            }
        }
        while let Some(inverse) = undo.pop() {
            p.apply(inverse).expect("undo applies");
        }
        prop_assert_eq!(p, original);
    }
}

#[test]
fn refused_edits_say_why() {
    let mut p = Project::new("T");
    p.films.push(Film::new("a", "A"));
    p.films.push(Film::new("b", "B"));
    assert_eq!(
        p.apply(Edit::SetFilmField {
            film: "a".into(),
            field: FilmField::Id("b".into())
        }),
        Err(EditError::DuplicateFilm("b".into()))
    );
    assert_eq!(
        p.apply(Edit::RemoveShot {
            film: "a".into(),
            index: 0
        }),
        Err(EditError::ShotIndex {
            film: "a".into(),
            index: 0
        })
    );
    p.footage.push(Footage::new("x", "X"));
    let mut s = Shot::new(1);
    s.footage = Some(FootageUse::new("x"));
    p.films[0].shots.push(s);
    assert_eq!(
        p.apply(Edit::RemoveFootage { index: 0 }),
        Err(EditError::FootageInUse("x".into(), 1))
    );
    // A failing batch is rolled back whole.
    let before = p.clone();
    let batch = Edit::Batch {
        label: "two".into(),
        edits: vec![Edit::SetTitle("changed".into()), Edit::RemoveFilm { index: 7 }],
    };
    assert_eq!(p.apply(batch), Err(EditError::FilmIndex(7)));
    assert_eq!(p, before);
    assert_eq!(
        Edit::ReplaceShot {
            film: "a".into(),
            index: 2,
            shot: Box::new(Shot::new(3))
        }
        .describe(),
        "change shot 3 of 'a'"
    );
}
