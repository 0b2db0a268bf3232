//! CSV and TSV shot tables in, on the editorial corpus: each table agrees
//! row for row with the reading Python's `csv` module makes of it
//! (`reference/csv/*.json`), our own shot table of the sample project comes
//! back whole, and bad tables give report lines with line numbers, never a
//! panic.

use std::path::{Path, PathBuf};

use decoupage::formats::csv_shots::{self, Field};
use decoupage::formats::import::{self, ImportFormat, ImportOptions, ImportedFilm};
use decoupage::formats::table::{self, TableFormat};
use decoupage::model::{Frame, FrameRate, LengthSource, Project, SourceClip};
use decoupage::store;
use proptest::prelude::*;
use serde_json::Value;

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/editorial");

fn corpus(name: &str) -> PathBuf {
    let path = Path::new(CORPUS).join("csv").join(name);
    assert!(path.exists(), "the corpus file {} is missing", path.display());
    path
}

fn reference(name: &str) -> Value {
    let path = Path::new(CORPUS).join("reference/csv").join(format!("{name}.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap()
}

fn at(rate: FrameRate) -> ImportOptions {
    ImportOptions {
        rate: Some(rate),
        ..Default::default()
    }
}

/// Seconds as the reference writes them (3 decimals), in milliseconds.
fn millis(v: &Value) -> i64 {
    (v.as_f64().unwrap() * 1000.0).round() as i64
}

fn int(v: &Value) -> i64 {
    v.as_i64().unwrap()
}

#[test]
fn the_pyscenedetect_csv_agrees_with_the_reference_row_for_row() {
    let path = corpus("friends_s01e01-Scenes.csv");
    let reading = reference("friends_s01e01-Scenes.csv");
    let bytes = std::fs::read(&path).unwrap();

    // The guess: the preamble skipped, the header on line 2, 1-based
    // inclusive frame numbers.
    let preview = csv_shots::preview(&bytes, ImportFormat::Csv).unwrap();
    assert_eq!(preview.header_line as i64, int(&reading["header_line"]));
    assert_eq!(preview.delimiter, b',');
    let columns: Vec<String> = reading["columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_string())
        .collect();
    assert_eq!(preview.headers, columns);
    assert_eq!(preview.rows.len(), 20);
    assert_eq!(preview.rows[0][0], "1");
    assert_eq!(
        preview.guess.columns,
        vec![
            Field::ShotNo,
            Field::StartFrame,
            Field::StartTimecode,
            Field::StartSeconds,
            Field::EndFrame,
            Field::EndTimecode,
            Field::EndSeconds,
            Field::Frames,
            Field::DurationTimecode,
            Field::DurationSeconds,
        ]
    );
    assert_eq!(preview.guess.first_frame, 1);
    assert!(preview.guess.end_inclusive);
    assert_eq!(preview.encoding_note, None);

    // Frame numbers need no rate: the file's seconds imply 59.94 fps for a
    // 29.97 fps episode (see the reference's quirks), so no rate is taken
    // from them, and the report says what they imply.
    let film = import::import_file(&path, None, &ImportOptions::default()).unwrap();
    let shots = reading["shots"].as_array().unwrap();
    assert_eq!(film.shots.len() as i64, int(&reading["shot_count"]));
    assert_eq!(film.shots.len(), shots.len());
    assert_eq!(film.rate, None);
    for (shot, row) in film.shots.iter().zip(shots) {
        let (start, end, length) = (
            int(&row["start_frame"]),
            int(&row["end_frame"]),
            int(&row["length_frames"]),
        );
        assert_eq!(shot.start, Some(Frame(start - 1)), "shot {}", row["index"]);
        assert_eq!(shot.frames(), Some(length), "shot {}", row["index"]);
        assert_eq!(shot.frames(), Some(end - start + 1), "shot {}", row["index"]);
        assert_eq!(shot.notes, "", "the shot number is its place: nothing to note");
        assert!(
            matches!(&shot.length.as_ref().unwrap().source, LengthSource::Reported { citation } if citation == "friends_s01e01-Scenes.csv")
        );
    }
    // Contiguous, as the reference checked.
    assert_eq!(reading["checks"]["contiguous_frames"], Value::Bool(true));
    for pair in film.shots.windows(2) {
        assert_eq!(
            pair[0].start.unwrap().0 + pair[0].frames().unwrap(),
            pair[1].start.unwrap().0
        );
    }
    let last = film.shots.last().unwrap();
    assert_eq!(
        last.start.unwrap().0 + last.frames().unwrap(),
        int(&reading["checks"]["last_end_frame"])
    );
    assert!(film.report.skipped.is_empty(), "{:?}", film.report.skipped);
    let notes = film.report.notes.join("\n");
    assert!(notes.contains("lines 1–1 before the header skipped"), "{notes}");
    assert!(notes.contains("imply 59.9"), "{notes}");

    // At the episode's real rate the frames still win, and the report says
    // the seconds disagree.
    let film = import::import_file(&path, None, &at(FrameRate::NTSC_30)).unwrap();
    assert_eq!(film.rate, Some(FrameRate::NTSC_30));
    assert_eq!(film.shots[2].start, Some(Frame(103)));
    assert_eq!(film.shots[2].frames(), Some(97));
    let notes = film.report.notes.join("\n");
    assert!(
        notes.contains("not the 29.97 fps given: the frame counts were used"),
        "{notes}"
    );
}

#[test]
fn the_onset_duration_tsv_at_its_rate() {
    let path = corpus("friends_s01e01a_pyscene.tsv");
    let reading = reference("friends_s01e01a_pyscene.tsv");
    let rate = FrameRate::NTSC_30;

    // Its lengths are in seconds only: without a rate the import is refused
    // with a message that asks for one.
    let err = import::import_file(&path, None, &ImportOptions::default()).unwrap_err();
    let message = err.to_string();
    assert!(message.contains("friends_s01e01a_pyscene.tsv"), "{message}");
    assert!(message.contains("--rate"), "{message}");

    let preview = csv_shots::preview(&std::fs::read(&path).unwrap(), ImportFormat::Tsv).unwrap();
    assert_eq!(preview.delimiter, b'\t');
    assert_eq!(preview.header_line, 1);
    assert_eq!(
        preview.guess.columns,
        vec![Field::StartSeconds, Field::DurationSeconds, Field::StartFrame]
    );
    assert_eq!(preview.guess.first_frame, 1, "onset_frame 1 at 0.000 s");

    let film = import::import_file(&path, None, &at(rate)).unwrap();
    let shots = reading["shots"].as_array().unwrap();
    assert_eq!(film.shots.len() as i64, int(&reading["shot_count"]));
    let mut off_by_one = 0;
    for (shot, row) in film.shots.iter().zip(shots) {
        let onset = millis(&row["onset_seconds"]);
        let duration = millis(&row["duration_seconds"]);
        // The start is the table's own frame number (1-based) …
        assert_eq!(
            shot.start,
            Some(Frame(int(&row["onset_frame"]) - 1)),
            "row {}",
            row["index"]
        );
        // … which is the onset at 29.97 fps within a frame: the table's
        // seconds were counted at 29.968 fps (the reference's implied_fps),
        // so late in the episode they run a frame ahead of 29.97.
        let onset_at_rate = rate.millis_to_frames(onset);
        assert!(
            (shot.start.unwrap().0 - onset_at_rate).abs() <= 1,
            "row {}",
            row["index"]
        );
        off_by_one += usize::from(shot.start.unwrap().0 != onset_at_rate);
        // The length is onset + duration, added before rounding to frames,
        // less the onset, both at the rate.
        let end = rate.millis_to_frames(onset + duration);
        assert_eq!(shot.frames(), Some(end - onset_at_rate), "row {}", row["index"]);
        assert!(
            matches!(&shot.length.as_ref().unwrap().source, LengthSource::Derived { from } if from.contains("29.97")),
            "{:?}",
            shot.length
        );
    }
    assert!(off_by_one > 0, "some onsets are a frame off at 29.97");
    // Onsets and durations were rounded separately (±1 ms), and the frame
    // numbers and the seconds part by a frame here and there: the shots
    // follow each other within a frame, and exactly for most.
    let mut exact = 0;
    for pair in film.shots.windows(2) {
        let gap = pair[1].start.unwrap().0 - (pair[0].start.unwrap().0 + pair[0].frames().unwrap());
        assert!(gap.abs() <= 1, "{gap}");
        exact += usize::from(gap == 0);
    }
    assert!(exact >= 190, "{exact} of 199 exact");
    assert!(film.report.skipped.is_empty());
}

#[test]
fn the_story_segment_tsv_becomes_shots_with_its_scenes_and_flags_in_the_notes() {
    let path = corpus("friends_s1e01a_manualseg.tsv");
    let reading = reference("friends_s1e01a_manualseg.tsv");
    let rate = FrameRate::NTSC_30;
    let film = import::import_file(&path, None, &at(rate)).unwrap();
    let segments = reading["shots"].as_array().unwrap();
    assert_eq!(film.shots.len() as i64, int(&reading["segment_count"]));
    for (shot, row) in film.shots.iter().zip(segments) {
        let onset = rate.millis_to_frames(millis(&row["onset_seconds"]));
        let offset = rate.millis_to_frames(millis(&row["offset_seconds"]));
        assert_eq!(shot.start, Some(Frame(onset)), "segment {}", row["index"]);
        assert_eq!(shot.frames(), Some(offset - onset), "segment {}", row["index"]);
        // Scene and episode kept; of the 22 flags, the true ones by name.
        let notes: Vec<&str> = shot.notes.split("; ").collect();
        assert!(notes.contains(&format!("episode: {}", row["episode"].as_str().unwrap()).as_str()));
        assert!(
            notes.contains(&format!("scene: {}", row["scene"]).as_str()),
            "{notes:?}"
        );
        let mut flags: Vec<&str> = notes.iter().copied().filter(|n| !n.contains(':')).collect();
        flags.sort();
        let mut expected: Vec<&str> = row["true_flags"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f.as_str().unwrap())
            .collect();
        expected.sort();
        assert_eq!(flags, expected, "segment {}", row["index"]);
        assert!(!shot.notes.contains("False"));
    }
    let last = film.shots.last().unwrap();
    assert_eq!(
        last.start.unwrap().0 + last.frames().unwrap(),
        rate.millis_to_frames(millis(&reading["checks"]["last_offset_seconds"]))
    );
}

/// The sample project, with what it lacks to fill every column: a rate,
/// start frames (laid end to end from the reported lengths), a timecode
/// start, and a source clip on some shots.
fn sample_with_every_column() -> Project {
    let mut project = store::load(Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/projects/stakhanov.ron"
    )))
    .unwrap();
    assert!(project.films.len() >= 3 && project.shot_count() > 20);
    for (f, film) in project.films.iter_mut().enumerate() {
        if f % 2 == 0 {
            film.rate = Some(FrameRate::FPS_24);
            film.timecode_start = Some(Frame(86_400));
            let mut next = 0;
            for (i, shot) in film.shots.iter_mut().enumerate() {
                if let Some(n) = shot.frames() {
                    shot.start = Some(Frame(next));
                    next += n;
                }
                if i % 2 == 1 {
                    shot.source = Some(SourceClip {
                        clip_name: format!("Reel {f}, \"take\" {i}"),
                        source: "A001_C002.mov".into(),
                        source_in: Some(Frame(1000 + i as i64)),
                        source_out: Some(Frame(1050 + i as i64)),
                    });
                }
            }
        }
    }
    project
}

fn round_trip(format: TableFormat, import_format: ImportFormat) {
    let project = sample_with_every_column();
    let mut compared = 0;
    for film in &project.films {
        let bytes = table::render(&table::film_rows(film), format, &film.title).unwrap();
        let options = ImportOptions {
            rate: film.rate,
            ..Default::default()
        };
        let name = format!("{}.{}", film.id, import_format.as_str());
        let back: ImportedFilm = import::import_bytes(Path::new(&name), &bytes, import_format, &options).unwrap();
        assert!(back.report.skipped.is_empty(), "{name}: {:?}", back.report.skipped);
        assert_eq!(back.shots.len(), film.shots.len(), "{name}");
        // The timecode start travels with the start frames (timecode_in
        // less start_frame): a film with none placed cannot carry it.
        let placed = film.shots.iter().any(|s| s.start.is_some());
        assert_eq!(back.timecode_start, film.timecode_start.filter(|_| placed), "{name}");
        assert_eq!(back.rate, film.rate);
        for (a, b) in film.shots.iter().zip(&back.shots) {
            assert_eq!(b.start, a.start, "{name} shot {}", a.id);
            assert_eq!(b.frames(), a.frames(), "{name} shot {}", a.id);
            assert_eq!(b.framing, a.framing, "{name} shot {}", a.id);
            let description = if import_format == ImportFormat::Tsv {
                a.description.replace(['\t', '\n', '\r'], " ")
            } else {
                a.description.clone()
            };
            assert_eq!(b.description, description, "{name} shot {}", a.id);
            assert_eq!(b.source, a.source, "{name} shot {}", a.id);
            // The notes come back first; the footage columns follow them.
            let notes = if import_format == ImportFormat::Tsv {
                a.notes.replace(['\t', '\n', '\r'], " ")
            } else {
                a.notes.clone()
            };
            assert!(b.notes.starts_with(&notes), "{name}: {:?} vs {:?}", b.notes, notes);
            if let Some(footage) = &a.footage {
                assert!(
                    b.notes.contains(&format!("footage_id: {}", footage.footage)),
                    "{}",
                    b.notes
                );
            }
            compared += 1;
        }
    }
    assert_eq!(compared, project.shot_count());
}

#[test]
fn our_own_csv_export_of_the_sample_comes_back_whole() {
    round_trip(TableFormat::Csv, ImportFormat::Csv);
}

#[test]
fn our_own_tsv_export_of_the_sample_comes_back_whole() {
    round_trip(TableFormat::Tsv, ImportFormat::Tsv);
}

#[test]
fn ragged_rows_bad_numbers_and_a_latin1_file_are_reported_by_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("découpage.csv");
    // Windows-1252, CRLF, a title line, semicolons as a French spreadsheet
    // writes them.
    let mut bytes: Vec<u8> = Vec::new();
    bytes.extend(b"Film : La voie des si\xE8cles\r\n");
    bytes.extend(b"Plan;Dur\xE9e (images);\xC9chelle;Description\r\n"); // line 2
    bytes.extend(b"1;39;Gros plan;Stakhanov \xE0 la foreuse\r\n"); // 3
    bytes.extend(b"2;36;plan d'ensemble;Le convoyeur\r\n"); // 4
    bytes.extend(b"3;36;LS\r\n"); // 5: ragged
    bytes.extend(b"4;trente;LS;La sortie\r\n"); // 6: bad number
    bytes.extend(b"5;-3;LS;N\xE9gatif\r\n"); // 7: negative
    bytes.extend(b"6;29;two shot;Le couple, \xE9t\xE9 1935\r\n"); // 8: unknown framing
    bytes.extend(b"7;12;CU;Fin;en trop\r\n"); // 9: too many cells
    std::fs::write(&path, &bytes).unwrap();

    let film = import::import_file(&path, None, &ImportOptions::default()).unwrap();
    let report = film.report.lines().join("\n");
    assert!(report.contains("not UTF-8: read as windows-1252"), "{report}");
    assert_eq!(film.shots.len(), 3, "{report}");
    assert_eq!(film.shots[0].description, "Stakhanov à la foreuse");
    assert_eq!(film.shots[0].framing.as_deref(), Some("CU"));
    assert_eq!(film.shots[1].framing.as_deref(), Some("LS"));
    assert_eq!(film.shots[2].description, "Le couple, été 1935");
    assert_eq!(film.shots[2].framing, None);
    assert!(
        film.shots[2].notes.contains("framing: two shot"),
        "{}",
        film.shots[2].notes
    );
    assert!(
        film.shots[2].notes.contains("Plan: 6"),
        "numbering kept: {}",
        film.shots[2].notes
    );
    assert!(report.contains("framing 'two shot' is not on the scale"), "{report}");
    assert!(report.contains("(line 8)"), "{report}");
    let skipped: Vec<(Option<usize>, &str)> = film
        .report
        .skipped
        .iter()
        .map(|s| (s.line, s.reason.as_str()))
        .collect();
    assert_eq!(skipped.len(), 4, "{skipped:?}");
    assert_eq!(skipped[0].0, Some(5));
    assert!(skipped[0].1.contains("3 cells where the header has 4"), "{skipped:?}");
    assert_eq!(skipped[1].0, Some(6));
    assert!(skipped[1].1.contains("'trente'"), "{skipped:?}");
    assert_eq!(skipped[2].0, Some(7));
    assert_eq!(skipped[3].0, Some(9));
    assert!(report.contains("skipped line 6"), "{report}");
}

#[test]
fn a_table_with_nothing_to_make_shots_of_is_refused_naming_the_file() {
    let err = import::import_bytes(
        Path::new("colours.csv"),
        b"colour,mood\nred,angry\nblue,sad\n",
        ImportFormat::Csv,
        &ImportOptions::default(),
    )
    .unwrap_err();
    let message = err.to_string();
    assert!(message.starts_with("colours.csv: "), "{message}");
    assert!(message.contains("map the columns"), "{message}");
    let err = import::import_bytes(
        Path::new("empty.csv"),
        b"",
        ImportFormat::Csv,
        &ImportOptions::default(),
    )
    .unwrap_err();
    assert!(err.to_string().contains("empty"), "{err}");
}

#[test]
fn smpte_timecodes_give_the_film_its_timecode_start() {
    let text = "Shot,TC In,TC Out,Scale\n1,01:00:00:00,01:00:01:12,MS\n2,01:00:01:12,01:00:04:00,ECU\n";
    let film = import::import_bytes(
        Path::new("tc.csv"),
        text.as_bytes(),
        ImportFormat::Csv,
        &at(FrameRate::FPS_25),
    )
    .unwrap();
    assert_eq!(film.timecode_start, Some(Frame(90_000)));
    let got: Vec<(i64, i64)> = film
        .shots
        .iter()
        .map(|s| (s.start.unwrap().0, s.frames().unwrap()))
        .collect();
    assert_eq!(got, vec![(0, 37), (37, 63)]);
}

/// Bytes that look like a table: delimiters, quotes, digits, times.
fn table_like() -> impl Strategy<Value = Vec<u8>> {
    proptest::collection::vec(
        prop_oneof![
            Just(b','),
            Just(b';'),
            Just(b'\t'),
            Just(b'\n'),
            Just(b'\r'),
            Just(b'"'),
            Just(b':'),
            Just(b'.'),
            Just(b'-'),
            proptest::num::u8::ANY,
            (b'0'..=b'9'),
        ],
        0..400,
    )
    .prop_map(|mut body| {
        let mut bytes = b"Shot,Start Frame,End Frame,Start Time (seconds),Duration,TC In,Scale,Description\n".to_vec();
        bytes.append(&mut body);
        bytes
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]

    /// 1000 arbitrary byte strings: read as CSV and as TSV, never a panic.
    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        for format in [ImportFormat::Csv, ImportFormat::Tsv] {
            let _ = csv_shots::preview(&bytes, format);
            let _ = import::import_bytes(Path::new("fuzz.csv"), &bytes, format, &at(FrameRate::NTSC_30));
            let _ = import::import_bytes(Path::new("fuzz.csv"), &bytes, format, &ImportOptions::default());
        }
    }

    /// 1000 tables of extreme numbers at extreme rates: no overflow, every
    /// shot placed at a frame ≥ 0 with a length ≥ 1, or the row reported.
    #[test]
    fn extreme_numbers_never_overflow(
        rows in proptest::collection::vec(
            (any::<i64>(), any::<i64>(), any::<i64>(), any::<f64>(), any::<i64>(), 0u32..100_000),
            1..8,
        ),
        num in 1u32..=u32::MAX,
        den in 1u32..=u32::MAX,
        first in 0i64..=1,
    ) {
        let mut text = String::from("Shot,Start Frame,End Frame,Frames,Start Time (seconds),Duration,TC In\n");
        for (i, (a, b, c, d, e, h)) in rows.iter().enumerate() {
            let frame = |n: &i64| if i % 2 == 0 { (n % 1_000_000_000_000_000).to_string() } else { n.to_string() };
            text.push_str(&format!("{i},{},{},{},{d},{},{h}:00:00:{:02}\n", frame(a), frame(b), frame(c), e / 7, e.rem_euclid(100)));
        }
        let rate = FrameRate::new(num, den).unwrap();
        let bytes = text.as_bytes();
        let mut mapping = csv_shots::preview(bytes, ImportFormat::Csv).unwrap().guess;
        mapping.first_frame = first;
        for options in [at(rate), ImportOptions::default()] {
            if let Ok(film) = csv_shots::read_mapped(Path::new("x.csv"), bytes, &mapping, &options) {
                prop_assert_eq!(film.shots.len() + film.report.skipped.len(), rows.len());
                for shot in &film.shots {
                    prop_assert!(shot.frames().is_none_or(|n| n > 0));
                    prop_assert!(shot.start.is_none_or(|s| s.0 >= 0));
                }
            }
            // Without the frame columns, only times: at any rate.
            let mut times = mapping.clone();
            times.columns[1] = Field::Ignore;
            times.columns[2] = Field::Ignore;
            times.columns[3] = Field::Ignore;
            let _ = csv_shots::read_mapped(Path::new("x.csv"), bytes, &times, &options);
        }
    }

    /// 1000 tables with a known header and random rows: every row becomes
    /// a shot or a report line, never a panic.
    #[test]
    fn table_like_bytes_never_panic(bytes in table_like()) {
        if let Ok(film) = import::import_bytes(Path::new("fuzz.csv"), &bytes, ImportFormat::Csv, &at(FrameRate::FPS_25)) {
            for shot in &film.shots {
                prop_assert!(shot.frames().is_none_or(|n| n > 0));
                prop_assert!(shot.start.is_none_or(|s| s.0 >= 0));
            }
        }
    }
}

#[test]
fn source_timecodes_without_a_rate_stay_in_the_notes() {
    let text = "Shot,Frames,Clip,Source In,Source Out\n1,25,A001,01:00:00:00,01:00:01:00\n2,10,A002,120,130\n";
    let film = import::import_bytes(
        Path::new("src.csv"),
        text.as_bytes(),
        ImportFormat::Csv,
        &ImportOptions::default(),
    )
    .unwrap();
    assert_eq!(film.shots.len(), 2);
    let first = &film.shots[0];
    assert_eq!(first.frames(), Some(25));
    let source = first.source.as_ref().unwrap();
    assert_eq!(source.clip_name, "A001");
    assert_eq!((source.source_in, source.source_out), (None, None));
    assert_eq!(first.notes, "Source In: 01:00:00:00; Source Out: 01:00:01:00");
    let notes = film.report.notes.join("\n");
    assert!(
        notes.contains("source in/out timecodes on 1 line (2–2)") && notes.contains("--rate"),
        "{notes}"
    );
    // Frame numbers need no rate.
    let second = film.shots[1].source.as_ref().unwrap();
    assert_eq!(
        (second.source_in, second.source_out),
        (Some(Frame(120)), Some(Frame(130)))
    );

    let film = import::import_bytes(
        Path::new("src.csv"),
        text.as_bytes(),
        ImportFormat::Csv,
        &at(FrameRate::FPS_25),
    )
    .unwrap();
    let source = film.shots[0].source.as_ref().unwrap();
    assert_eq!(
        (source.source_in, source.source_out),
        (Some(Frame(90_000)), Some(Frame(90_025)))
    );
    assert_eq!(film.shots[0].notes, "");
}

/// Runs a `decoupage` command in this process (the same `cli::run` the
/// binary calls): its output, or its failure's message.
fn decoupage(args: &[&str]) -> Result<String, String> {
    use clap::Parser;
    let cli = decoupage::cli::Cli::try_parse_from(std::iter::once("decoupage").chain(args.iter().copied()))
        .map_err(|e| e.to_string())?;
    let mut out = Vec::new();
    decoupage::cli::run(cli.command.expect("a subcommand"), &mut out).map_err(|f| f.message)?;
    Ok(String::from_utf8(out).unwrap())
}

#[test]
fn the_command_line_imports_a_table_and_exports_it_as_webvtt_and_annotations() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("friends.ron");
    let project = project.to_str().unwrap();
    let tsv = corpus("friends_s01e01a_pyscene.tsv");
    let tsv = tsv.to_str().unwrap();

    // Without a rate: refused, and no project written.
    let message = decoupage(&["import", tsv, "--into", project]).unwrap_err();
    assert!(
        message.contains("--rate") && message.contains("friends_s01e01a_pyscene.tsv"),
        "{message}"
    );
    assert!(!Path::new(project).exists());

    let report = decoupage(&["import", tsv, "--into", project, "--rate", "29.97", "--film", "friends"]).unwrap();
    assert!(report.contains("200 shots imported"), "{report}");

    let vtt = decoupage(&["export", project, "--format", "vtt", "--film", "friends"]).unwrap();
    assert!(vtt.starts_with("WEBVTT\n"));
    assert_eq!(vtt.matches(" --> ").count(), 200);

    let jsonld = decoupage(&["export", project, "--format", "jsonld"]).unwrap();
    let doc: Value = serde_json::from_str(&jsonld).unwrap();
    assert_eq!(doc["total"], 200);
    assert_eq!(
        doc["first"]["items"][1]["target"]["selector"]["value"],
        "t=17.985,22.689"
    );
}
