//! The sample project is exactly the Stakhanov corpus: rebuilt from the
//! CSVs, it matches the committed file byte for byte, and it holds what the
//! article reports.

use std::path::{Path, PathBuf};

use decoupage::formats::corpus;
use decoupage::model::{LengthSource, Stance, Weight, validate};
use decoupage::store;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The corpus in `shared/` beside the repository, where it is; otherwise
/// the copy kept in the repository.
fn corpus_dir() -> PathBuf {
    let shared = root().join("../shared/corpus/stakhanov");
    if shared.join("shots.csv").exists() {
        shared
    } else {
        root().join("tests/fixtures/stakhanov-corpus")
    }
}

#[test]
fn the_sample_is_rebuilt_from_the_corpus_exactly() {
    let rebuilt = corpus::stakhanov_sample(&corpus_dir()).unwrap();
    let committed = std::fs::read_to_string(root().join("projects/stakhanov.ron")).unwrap();
    assert_eq!(
        store::to_ron_string(&rebuilt).unwrap(),
        committed,
        "projects/stakhanov.ron has drifted from the corpus: run \
         `cargo run -- import-corpus ../shared/corpus/stakhanov -o projects/stakhanov.ron --sample`"
    );
}

#[test]
fn the_repository_copy_of_the_corpus_matches_shared() {
    let shared = root().join("../shared/corpus/stakhanov");
    if !shared.exists() {
        return; // a checkout without shared/ beside it has only the copy
    }
    for name in ["films.csv", "footage.csv", "shots.csv", "evidence.csv"] {
        assert_eq!(
            std::fs::read(shared.join(name)).unwrap(),
            std::fs::read(root().join("tests/fixtures/stakhanov-corpus").join(name)).unwrap(),
            "tests/fixtures/stakhanov-corpus/{name} differs from shared/"
        );
    }
}

#[test]
fn every_row_and_cell_is_kept_and_nothing_is_invented() {
    let p = store::load(&root().join("projects/stakhanov.ron")).unwrap();
    assert_eq!(validate(&p), vec![]);
    assert_eq!(p.films.len(), 12);
    assert_eq!(p.footage.len(), 12);
    assert_eq!(p.shot_count(), 42);
    assert_eq!(p.evidence_count(), 9);

    // Only four shots have a length: 39, 36, 36, 29, reported by the article.
    let journal = p.film("journal-1935").unwrap();
    let lengths: Vec<Option<i64>> = journal.shots.iter().map(|s| s.frames()).collect();
    assert_eq!(lengths, vec![Some(39), Some(36), Some(36), Some(29), None]);
    assert_eq!(
        journal.shots[0].length.as_ref().unwrap().source,
        LengthSource::Reported {
            citation: "article".into()
        }
    );
    let known: usize = p.films.iter().map(|f| f.known_lengths()).sum();
    assert_eq!(known, 4);
    // No rate anywhere: the article never gives one.
    assert!(p.films.iter().all(|f| f.rate.is_none()));
    assert_eq!(journal.year, Some(1993));
    assert_eq!(p.film("archives-57").unwrap().year, None, "an empty year stays unknown");
    assert_eq!(p.film("depute").unwrap().duration.unwrap().to_string(), "00:01:34");

    // Footage with its variant sets.
    let drill = p.footage("drill-mcu").unwrap();
    assert_eq!(
        drill.variants,
        vec![
            vec!["mouth half-open".to_string(), "mouth closed".to_string()],
            vec!["coal collapses".to_string(), "coal does not collapse".to_string()],
        ]
    );
    let first = journal.shots[0].footage.as_ref().unwrap();
    assert_eq!(first.variants, vec!["mouth half-open", "coal does not collapse"]);

    // Stalin's speech in six pieces across six films.
    let mut pieces: Vec<(u32, &str)> = p
        .films
        .iter()
        .flat_map(|f| f.shots.iter().map(move |s| (f, s)))
        .filter_map(|(f, s)| {
            let u = s.footage.as_ref()?;
            (u.footage == "stalin-speech").then(|| (u.piece.unwrap(), f.id.as_str()))
        })
        .collect();
    pieces.sort();
    assert_eq!(
        pieces,
        vec![
            (1, "archives-63"),
            (2, "archives-41"),
            (3, "archives-50"),
            (4, "archives-57"),
            (5, "archives-59"),
            (6, "archives-45")
        ]
    );
    let a57 = p.film("archives-57").unwrap();
    assert_eq!(a57.shots[1].time_in.unwrap().to_string(), "00:02:11");
    assert_eq!(a57.shots[2].duration.unwrap().to_string(), "00:00:35");

    // Evidence with sources and weights; every item supports its claim.
    let ev = &journal.shots[0].evidence;
    assert_eq!(ev.len(), 4);
    assert_eq!(ev[0].kind, "setting");
    assert_eq!(ev[0].weight, Some(Weight::Strong));
    assert!(ev[0].source.starts_with("A. G. Stakhanov, Story of my Life (1938)"));
    assert!(
        p.films
            .iter()
            .flat_map(|f| &f.shots)
            .flat_map(|s| &s.evidence)
            .all(|e| e.stance == Stance::Supports)
    );
    let depute = p.film("depute").unwrap();
    assert_eq!(depute.shots[3].evidence[0].kind, "costume");
    assert_eq!(depute.shots.len(), 9);
    // A shot without footage keeps its framing and nothing else invented.
    let bataille3 = &p.film("bataille").unwrap().shots[2];
    assert_eq!(bataille3.footage, None);
    assert_eq!(bataille3.framing.as_deref(), Some("CU"));
    assert_eq!(bataille3.length, None);
}

#[test]
fn a_malformed_corpus_row_names_its_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["films.csv", "footage.csv", "shots.csv", "evidence.csv"] {
        std::fs::copy(corpus_dir().join(name), dir.path().join(name)).unwrap();
    }
    let shots = std::fs::read_to_string(dir.path().join("shots.csv")).unwrap();
    let broken = shots.replacen(
        "journal-1935,2,conveyor,,,,36,article",
        "journal-1935,2,conveyor,,,,3x6,article",
        1,
    );
    std::fs::write(dir.path().join("shots.csv"), broken).unwrap();
    let err = corpus::import_corpus(dir.path(), "t").unwrap_err().to_string();
    assert!(err.contains("shots.csv:3:") && err.contains("3x6"), "{err}");

    std::fs::write(dir.path().join("shots.csv"), shots + "journal-1935,6,,,\n").unwrap();
    let err = corpus::import_corpus(dir.path(), "t").unwrap_err().to_string();
    assert!(err.contains("shots.csv:") && err.contains("cells"), "{err}");
}
