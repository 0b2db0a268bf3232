//! OpenTimelineIO in and out, on the real files of
//! `../shared/corpus/editorial/otio/` and against the readings that
//! OpenTimelineIO 0.18.1 made of them (`reference/otio/*.otio.json`).

use std::path::{Path, PathBuf};
use std::process::Command;

use decoupage::formats::import::{ImportError, ImportFormat, ImportOptions, ImportedFilm, TrackChoice, import_bytes};
use decoupage::formats::otio::{rate_from_f64, read, read_fast, read_parsing_everything, write};
use decoupage::model::{
    Evidence, Film, FootageUse, Frame, FrameRate, Length, LengthSource, Project, Shot, SourceClip, Stance,
};
use proptest::prelude::*;
use serde_json::Value;

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/editorial");

const FILES: [&str; 12] = [
    "ElFuente_4096x2160_60fps_10bit_420_remix1.otio",
    "Meridian_UHD4k5994_HDR_P3PQ.otio",
    "ayon_hiero_sq001_timeline.otio",
    "gaps.otio",
    "generator_reference_test.otio",
    "timecode_rates.otio",
    "tlrender_Markers.otio",
    "tlrender_MultipleRates.otio",
    "tlrender_TransitionGap.otio",
    "toucan_Markers.otio",
    "toucan_TransitionWipe.otio",
    "transition.otio",
];

fn corpus_path(name: &str) -> PathBuf {
    Path::new(CORPUS).join("otio").join(name)
}

fn corpus_bytes(name: &str) -> Vec<u8> {
    let path = corpus_path(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("corpus file {} is missing: {e}", path.display()))
}

fn reference(name: &str) -> Value {
    let path = Path::new(CORPUS).join("reference/otio").join(format!("{name}.json"));
    let text =
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("reference {} is missing: {e}", path.display()));
    serde_json::from_str(&text).unwrap()
}

fn import(name: &str, options: &ImportOptions) -> ImportedFilm {
    let path = corpus_path(name);
    read(&path, &corpus_bytes(name), options).unwrap_or_else(|e| panic!("{e}"))
}

fn track(n: usize) -> ImportOptions {
    ImportOptions {
        track: Some(TrackChoice::Index(n)),
        ..Default::default()
    }
}

fn frames(shot: &Shot) -> i64 {
    shot.length.as_ref().unwrap().frames
}

fn src(shot: &Shot) -> &SourceClip {
    shot.source.as_ref().unwrap()
}

fn report_text(film: &ImportedFilm) -> String {
    film.report.lines().join("\n")
}

/// A reference figure (possibly fractional) against ours: equal when the
/// reading is whole; when it is not (mixed rates), ours is its nearest
/// frame, or one off where a start and an end were rounded apart.
fn agrees(ours: i64, theirs: f64, what: &str) {
    if (theirs - theirs.round()).abs() < 1e-6 {
        assert_eq!(ours, theirs.round() as i64, "{what}: reference {theirs}");
    } else {
        assert!(
            (ours as f64 - theirs).abs() <= 1.0,
            "{what}: ours {ours}, reference {theirs}"
        );
    }
}

/// Every track of every corpus file that holds clips, read at the
/// reference's rate: the same clips, in the same order, with the same
/// names, media, source start, duration and place in the track.
#[test]
fn every_corpus_track_agrees_with_opentimelineio() {
    let mut tracks_checked = 0;
    let mut clips_checked = 0;
    for name in FILES {
        let reading = reference(name);
        let ref_rate = reading["rate"].as_f64().unwrap();
        let rate = rate_from_f64(ref_rate).unwrap();
        for (ti, t) in reading["tracks"].as_array().unwrap().iter().enumerate() {
            let options = ImportOptions {
                rate: Some(rate),
                track: Some(TrackChoice::Index(ti + 1)),
                ..Default::default()
            };
            let film = import(name, &options);
            let clips: Vec<&Value> = t["items"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|i| i["schema"].as_str().unwrap().starts_with("Clip"))
                .collect();
            let what = format!("{name} track {}", ti + 1);
            assert_eq!(film.shots.len(), clips.len(), "{what}: clip count");
            assert_eq!(t["clip_count"].as_u64().unwrap() as usize, clips.len());
            assert_eq!(film.rate, Some(rate));
            if clips.is_empty() {
                assert!(report_text(&film).contains("holds no clips"), "{}", report_text(&film));
                continue;
            }
            let first = clips[0]["track_position_frame"].as_f64().unwrap();
            for (k, (shot, c)) in film.shots.iter().zip(&clips).enumerate() {
                let what = format!("{what} clip {} '{}'", k + 1, c["name"]);
                assert_eq!(src(shot).clip_name, c["name"].as_str().unwrap(), "{what}: name");
                agrees(
                    src(shot).source_in.unwrap().0,
                    c["source_start_frame"].as_f64().unwrap(),
                    &what,
                );
                agrees(frames(shot), c["source_duration_frames"].as_f64().unwrap(), &what);
                agrees(
                    shot.start.unwrap().0,
                    c["track_position_frame"].as_f64().unwrap() - first,
                    &format!("{what}: start"),
                );
                let media = &c["media_reference"];
                if media["schema"] == "ExternalReference" && media["target_basename"] != "" {
                    assert_eq!(
                        src(shot).source,
                        media["target_basename"].as_str().unwrap(),
                        "{what}: media"
                    );
                }
                assert_eq!(
                    shot.length.as_ref().unwrap().source,
                    LengthSource::Derived {
                        from: "OTIO clip duration".into()
                    }
                );
                clips_checked += 1;
            }
            // The film's first frame keeps the timeline's own time.
            if let Some(g) = reading["global_start_time_frames"].as_f64() {
                agrees(
                    film.timecode_start.unwrap().0,
                    g + first,
                    &format!("{what}: timecode_start"),
                );
            }
            tracks_checked += 1;
        }
    }
    assert_eq!(tracks_checked, 23, "tracks with a reading");
    assert_eq!(clips_checked, 133, "clips compared");
}

#[test]
fn the_default_track_is_the_first_video_track_with_clips_at_its_own_rate() {
    // gaps.otio: both tracks hold only gaps: no shots, and the report says so.
    let film = import("gaps.otio", &ImportOptions::default());
    assert!(film.shots.is_empty());
    assert!(report_text(&film).contains("holds no clips"));

    // The Hiero export: 23.976024627685547 is 24000/1001; the first clip of
    // track "reference" sits at 86400 + its place; its fractional source
    // start (86400.0887…) is rounded, and the report says so.
    let film = import("ayon_hiero_sq001_timeline.otio", &ImportOptions::default());
    assert_eq!(film.rate, Some(FrameRate::NTSC_24));
    assert_eq!(film.shots.len(), 5);
    let reading = reference("ayon_hiero_sq001_timeline.otio");
    let first = reading["tracks"][0]["items"][0]["track_position_frame"]
        .as_f64()
        .unwrap();
    assert_eq!(film.timecode_start, Some(Frame(86400 + first as i64)));
    let text = report_text(&film);
    assert!(text.contains("23.976024627685547 read as 24000/1001"), "{text}");
    assert!(text.contains("rounded to the nearest frame"), "{text}");
    assert!(text.contains("track 1 'reference' read"), "{text}");

    // 59.94 written as 59.94: 83 shots over one file, which is the film's media.
    let film = import("Meridian_UHD4k5994_HDR_P3PQ.otio", &ImportOptions::default());
    assert_eq!(film.rate, Some(FrameRate::NTSC_60));
    assert_eq!(film.shots.len(), 83);
    assert_eq!(film.title, "test");
    assert!(film.media.as_deref().unwrap().ends_with(".mp4"), "{:?}", film.media);
    let last = film.shots.last().unwrap();
    assert_eq!(last.start.unwrap().0 + frames(last), 43092, "the cut's 43092 frames");
    // Each clip's source range is its own place in the one file.
    for s in &film.shots {
        assert_eq!(
            src(s).source_in.unwrap().0 - film.shots[0].source.as_ref().unwrap().source_in.unwrap().0,
            s.start.unwrap().0
        );
    }
}

#[test]
fn tracks_are_chosen_by_name_or_number_and_a_wrong_name_lists_them() {
    let film = import(
        "timecode_rates.otio",
        &ImportOptions {
            track: Some(TrackChoice::Name("30000/1001 fps".into())),
            ..Default::default()
        },
    );
    assert_eq!(film.rate, Some(FrameRate::NTSC_30), "the track's own rate");
    assert_eq!(film.shots.len(), 1);

    // Two tracks named "Sequence": the name reads the first and says so;
    // the number reads the second (5 overlays).
    let film = import(
        "ElFuente_4096x2160_60fps_10bit_420_remix1.otio",
        &ImportOptions {
            track: Some(TrackChoice::Name("Sequence".into())),
            ..Default::default()
        },
    );
    assert!(report_text(&film).contains("2 tracks are named 'Sequence'"));
    assert_eq!(film.shots.len(), 5);
    let overlays = import("ElFuente_4096x2160_60fps_10bit_420_remix1.otio", &track(2));
    assert!(overlays.shots.iter().all(|s| src(s).clip_name == "Overlay"));

    let path = corpus_path("tlrender_Markers.otio");
    let err = read(
        &path,
        &corpus_bytes("tlrender_Markers.otio"),
        &ImportOptions {
            track: Some(TrackChoice::Name("V9".into())),
            ..Default::default()
        },
    )
    .unwrap_err();
    let msg = err.to_string();
    assert!(msg.contains("tlrender_Markers.otio"), "{msg}");
    assert!(msg.contains("no track named 'V9'"), "{msg}");
    assert!(
        msg.contains("1 'Video' (Video, 2 clips), 2 'Audio' (Audio, 2 clips)"),
        "{msg}"
    );
    let err = read(&path, &corpus_bytes("tlrender_Markers.otio"), &track(3)).unwrap_err();
    assert!(err.to_string().contains("there is no track 3"), "{err}");
}

#[test]
fn transitions_markers_effects_and_media_go_into_notes() {
    // transition.otio: a dissolve between clips 2 and 3; clip 4 has no
    // source_range and takes its media's available range (start 100).
    let film = import("transition.otio", &ImportOptions::default());
    assert_eq!(film.shots.len(), 4);
    assert!(
        film.shots[1]
            .notes
            .contains("transition out: SMPTE_Dissolve (in 2, out 3 frames)")
    );
    assert!(
        film.shots[2]
            .notes
            .contains("transition in: SMPTE_Dissolve (in 2, out 3 frames)")
    );
    let s = &film.shots[3];
    assert_eq!(
        (src(s).source_in, src(s).source_out),
        (Some(Frame(100)), Some(Frame(106)))
    );
    assert_eq!((s.start, frames(s)), (Some(Frame(13)), 6));
    assert_eq!(src(s).source, "credits.mov");

    // Custom transition names are kept as written.
    let film = import("toucan_TransitionWipe.otio", &ImportOptions::default());
    assert!(film.shots.iter().any(|s| s.notes.contains("toucan:HorizontalWipe")));
    assert!(film.shots.iter().any(|s| s.notes.contains("toucan:VerticalWipe")));

    // Transitions beside a gap note the one clip they touch.
    let film = import("tlrender_TransitionGap.otio", &ImportOptions::default());
    assert!(
        film.shots[0].notes.contains("transition out: SMPTE_Dissolve"),
        "{:?}",
        film.shots[0].notes
    );
    assert!(film.shots[1].notes.contains("transition in: SMPTE_Dissolve"));

    // Markers: on clips into the shots' notes; on gaps, the track and the
    // stack into the report (the reading lists only item markers: these
    // files hold 8 and 7 markers in all, and nothing is dropped here).
    let film = import("tlrender_Markers.otio", &ImportOptions::default());
    let text = report_text(&film);
    assert!(text.contains("marker on the track"), "{text}");
    assert!(text.contains("(gap): marker"), "{text}");
    let on_clips: usize = film.shots.iter().map(|s| s.notes.matches("marker '").count()).sum();
    let in_report = text.matches("marker '").count();
    let reading = reference("tlrender_Markers.otio");
    let listed_on_video: usize = reading["tracks"][0]["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["markers"].as_array().map_or(0, |m| m.len()))
        .sum();
    assert_eq!(
        on_clips + in_report,
        listed_on_video + 1,
        "item markers plus the track's own"
    );

    let film = import("toucan_Markers.otio", &ImportOptions::default());
    let text = report_text(&film);
    assert!(text.contains("marker on the timeline"), "{text}");
    assert!(text.contains("marker on the track"), "{text}");
    assert_eq!(film.timecode_start, Some(Frame(100)), "global_start_time 100 @ 24");

    // Sequence.1 and a generator.
    let film = import("generator_reference_test.otio", &ImportOptions::default());
    assert_eq!(film.shots.len(), 1);
    assert!(film.shots[0].notes.contains("generated media (SMPTEBars)"));

    // Hiero's generic TimeEffect (track P01) is named in the notes, and
    // its image sequence is named by its pattern.
    let film = import(
        "ayon_hiero_sq001_timeline.otio",
        &ImportOptions {
            track: Some(TrackChoice::Name("P01".into())),
            ..Default::default()
        },
    );
    assert!(
        film.shots[2].notes.contains("effect TimeEffect 'TimeWarp'"),
        "{:?}",
        film.shots[2].notes
    );
    assert_eq!(film.shots[1].notes.matches("marker '").count(), 2);
    let film = import(
        "ayon_hiero_sq001_timeline.otio",
        &ImportOptions {
            track: Some(TrackChoice::Name("P03".into())),
            ..Default::default()
        },
    );
    assert_eq!(src(&film.shots[0]).source, "output.####.exr");

    // A track mixing rates: 1 frame at 24 + 30 frames at 30 before a
    // 23.976 clip: it starts 24.975 frames in, so frame 25 of the timeline.
    let film = import("tlrender_MultipleRates.otio", &ImportOptions::default());
    assert_eq!(film.rate, Some(FrameRate::NTSC_24));
    assert_eq!(film.timecode_start, Some(Frame(25)));
    assert_eq!(frames(&film.shots[0]), 232);
    assert!(report_text(&film).contains("rounded to the nearest frame"));
}

#[test]
fn import_bytes_dispatches_here() {
    let path = corpus_path("transition.otio");
    let film = import_bytes(
        &path,
        &corpus_bytes("transition.otio"),
        ImportFormat::Otio,
        &Default::default(),
    )
    .unwrap();
    assert_eq!(film.report.shots, 4);
    assert_eq!(film.title, "Figure 2 - Transitions");
}

// ---------------------------------------------------------------- the fast path

/// `read` parses only the track it reads when the file is a timeline of
/// tracks (its fast path): on every corpus file, with every choice of
/// track, it reads what parsing the whole file reads.
#[test]
fn the_fast_path_reads_every_corpus_file_as_the_full_parse_does() {
    let mut fast = 0;
    for name in FILES {
        let path = corpus_path(name);
        let bytes = corpus_bytes(name);
        let mut options = vec![ImportOptions::default(), track(9)];
        options.extend((1..=4).map(track));
        options.push(ImportOptions {
            track: Some(TrackChoice::Name("V1".into())),
            ..Default::default()
        });
        for o in &options {
            let full = read_parsing_everything(&path, &bytes, o);
            let ours = read(&path, &bytes, o);
            match (&full, &ours) {
                (Ok(a), Ok(b)) => assert_eq!(a, b, "{name} {o:?}"),
                (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string(), "{name} {o:?}"),
                _ => panic!("{name} {o:?}: {full:?} against {ours:?}"),
            }
            if let Some(f) = read_fast(&path, &bytes, o) {
                assert_eq!(Ok(&f), full.as_ref().map_err(|e| e.to_string()), "{name} {o:?}");
                fast += 1;
            }
        }
    }
    assert!(fast >= 30, "the fast path read {fast} of the corpus readings");
}

/// Layouts the fast path leaves to the full parse (a collection, a bare
/// track, a stack in the stack, escaped keys, a duplicate key, compact
/// text), and large tracks it splits between two threads: the same
/// readings either way.
#[test]
fn unusual_layouts_read_the_same_either_way() {
    let clips = |n: usize, rate: f64| {
        (0..n)
            .map(|i| clip_json(&format!("c{i}"), i as f64, 10.0 + (i % 7) as f64, rate, ""))
            .collect::<Vec<_>>()
            .join(",\n      ")
    };
    let track_json = |name: &str, kind: &str, children: &str| {
        format!(
            r#"{{"OTIO_SCHEMA": "Track.1", "name": "{name}", "kind": "{kind}", "children": [
      {children}]}}"#
        )
    };
    let timeline = |tracks: &str| {
        format!(
            r#"{{"OTIO_SCHEMA": "Timeline.1", "name": "t", "tracks": {{"OTIO_SCHEMA": "Stack.1", "children": [{tracks}]}}}}"#
        )
    };
    let (v, a) = (
        track_json("V1", "Video", &clips(3, 24.0)),
        track_json("A1", "Audio", &clips(4, 48000.0)),
    );
    let big_v = track_json("V1", "Video", &clips(4000, 24.0));
    let big_a = track_json("A1", "Audio", &clips(4000, 48000.0));
    let files = [
        (timeline(&format!("{a}, {v}")), true),
        (timeline(&format!("{big_a}, {big_v}")), true),
        (timeline(&format!("{big_v}, {big_a}, {v}")), true),
        (timeline(&format!("{}, {v}", track_json("empty", "Video", ""))), true),
        (
            format!(
                r#"{{"OTIO_SCHEMA": "SerializableCollection.1", "children": [{}]}}"#,
                timeline(&v)
            ),
            false,
        ),
        (v.clone(), false),
        (
            timeline(&format!(
                r#"{{"OTIO_SCHEMA": "Stack.1", "name": "s", "children": [{a}, {v}]}}, {v}"#
            )),
            false,
        ),
        (
            timeline(&format!("{a}, {v}")).replace("\"OTIO_SCHEMA\": \"Clip.1\"", "\"OTIO\\u005fSCHEMA\": \"Clip.1\""),
            false,
        ),
        (
            timeline(&format!("{a}, {v}")).replacen(
                "\"kind\": \"Audio\",",
                "\"kind\": \"Audio\", \"children\": [],",
                1,
            ),
            false,
        ),
        (
            serde_json::to_string(&serde_json::from_str::<Value>(&timeline(&format!("{big_a}, {big_v}"))).unwrap())
                .unwrap(),
            true,
        ),
    ];
    for (k, (text, fast_expected)) in files.iter().enumerate() {
        let path = Path::new("layout.otio");
        for o in [ImportOptions::default(), track(1), track(2), track(3)] {
            let full = read_parsing_everything(path, text.as_bytes(), &o).map_err(|e| e.to_string());
            let ours = read(path, text.as_bytes(), &o).map_err(|e| e.to_string());
            assert_eq!(ours, full, "file {k} {o:?}");
            if full.is_ok() {
                let fast = read_fast(path, text.as_bytes(), &o);
                assert_eq!(fast.is_some(), *fast_expected, "file {k} {o:?}: fast path taken");
            }
        }
    }
}

// ---------------------------------------------------------------- bad input

#[test]
fn truncated_json_names_the_file_line_and_column() {
    let bytes = corpus_bytes("transition.otio");
    let cut = &bytes[..bytes.len() / 2];
    let err = read(Path::new("cut.otio"), cut, &ImportOptions::default()).unwrap_err();
    match &err {
        ImportError::Parse { line, column, .. } => {
            let lines = cut.iter().filter(|&&b| b == b'\n').count() + 1;
            assert_eq!(*line, lines, "the error is at the end of what is there");
            assert!(column.is_some());
        }
        other => panic!("{other:?}"),
    }
    let msg = err.to_string();
    assert!(msg.starts_with("cut.otio:"), "{msg}");
    assert!(msg.contains("ends too early"), "{msg}");

    let err = read(
        Path::new("bad.otio"),
        b"{\n  \"OTIO_SCHEMA\": \"Timeline.1\",\n  \"name\": x\n}",
        &Default::default(),
    )
    .unwrap_err();
    assert!(err.to_string().starts_with("bad.otio:3:"), "{err}");
}

#[test]
fn json_that_is_not_a_timeline_is_refused() {
    for (bytes, expect) in [
        (&b"{\"name\": \"x\"}"[..], "no OTIO_SCHEMA"),
        // Where an object is due, a list is named, at its place.
        (
            b"{\"tracks\": []}",
            "1:11: not an OpenTimelineIO file as expected: invalid type: sequence, expected an OpenTimelineIO object",
        ),
        (b"[1, 2, 3]", "not an OpenTimelineIO file"),
        (
            b"{\"OTIO_SCHEMA\": \"Clip.2\", \"name\": \"x\"}",
            "OpenTimelineIO Clip, not a timeline",
        ),
        (b"{\"OTIO_SCHEMA\": \"Timeline.1\", \"tracks\": null}", "no tracks"),
        (
            b"{\"OTIO_SCHEMA\": \"Timeline.1\", \"tracks\": {\"OTIO_SCHEMA\": \"Stack.1\", \"children\": []}}",
            "no tracks",
        ),
    ] {
        let err = read(Path::new("x.otio"), bytes, &Default::default()).unwrap_err();
        let msg = err.to_string();
        assert!(msg.starts_with("x.otio:"), "{msg}");
        assert!(msg.contains(expect), "{msg}");
    }
}

/// A field of the wrong type is an error at its line and column.
#[test]
fn a_field_of_the_wrong_type_is_an_error_at_its_line() {
    let text = String::from_utf8(corpus_bytes("transition.otio")).unwrap();
    let at = text.find("\"name\": \"Clip-002\"").expect("clip 2 in transition.otio");
    let line = text[..at].matches('\n').count() + 1;
    let bad = text.replacen("\"name\": \"Clip-002\"", "\"name\": 2", 1);
    let err = read(Path::new("t.otio"), bad.as_bytes(), &Default::default()).unwrap_err();
    let msg = err.to_string();
    assert!(msg.starts_with(&format!("t.otio:{line}:")), "{msg} (line {line})");
    assert!(msg.contains("invalid type: integer `2`"), "{msg}");
}

/// The `transition.otio` file with its first clip's duration made `value`.
fn with_first_duration(value: &str) -> Vec<u8> {
    let text = String::from_utf8(corpus_bytes("transition.otio")).unwrap();
    let mut v: Value = serde_json::from_str(&text).unwrap();
    v["tracks"]["children"][0]["children"][0]["source_range"]["duration"]["value"] =
        serde_json::from_str(value).unwrap();
    serde_json::to_vec(&v).unwrap()
}

#[test]
fn a_clip_with_a_negative_or_missing_duration_is_skipped_and_reported() {
    let film = read(Path::new("neg.otio"), &with_first_duration("-5"), &Default::default()).unwrap();
    assert_eq!(film.shots.len(), 3, "the other clips are read");
    assert_eq!(film.report.skipped.len(), 1);
    let s = &film.report.skipped[0];
    assert!(s.place.contains("item 1") && s.place.contains("Clip-001"), "{s:?}");
    assert!(s.reason.contains("negative"), "{s:?}");
    assert_eq!(film.shots[0].start, Some(Frame(0)));

    let film = read(
        Path::new("null.otio"),
        &with_first_duration("null"),
        &Default::default(),
    )
    .unwrap();
    assert_eq!(film.shots.len(), 3);
    assert!(
        film.report.skipped[0].reason.contains("no numeric value"),
        "{:?}",
        film.report.skipped
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 3000, .. ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let _ = read(Path::new("fuzz.otio"), &bytes, &ImportOptions::default());
    }

    /// Corpus files with bytes changed, cut or repeated; also numbers
    /// flipped to odd values: an error or a film, never a panic.
    #[test]
    fn mutated_corpus_files_never_panic(
        file in 0..FILES.len(),
        edits in proptest::collection::vec((any::<prop::sample::Index>(), 0u8..4, any::<u8>()), 1..8),
        track_no in 0usize..4,
    ) {
        let mut bytes = corpus_bytes(FILES[file]);
        for (at, kind, b) in edits {
            if bytes.is_empty() { break; }
            let i = at.index(bytes.len());
            match kind {
                0 => bytes[i] = b,
                1 => bytes.truncate(i),
                2 => { bytes.remove(i); }
                _ => {
                    // A digit somewhere turned into a sign or a big number.
                    if bytes[i].is_ascii_digit() {
                        let s: &[u8] = match b % 4 { 0 => b"-", 1 => b"9e300", 2 => b"0.0", _ => b"1e-9" };
                        bytes.splice(i..i + 1, s.iter().copied());
                    }
                }
            }
        }
        let options = if track_no == 0 { ImportOptions::default() } else { track(track_no) };
        let ours = read(Path::new("fuzz.otio"), &bytes, &options);
        // Where the whole file parses, the fast path reads the same. (It
        // may read a file whose damage lies only in a track it does not
        // read, which the full parse refuses.)
        if let Ok(full) = read_parsing_everything(Path::new("fuzz.otio"), &bytes, &options) {
            prop_assert_eq!(ours.ok(), Some(full));
        }
    }
}

/// Every value in the corpus files' time fields replaced by odd numbers
/// (zero rates, negative, huge, fractional): no panic, and never a shot
/// of negative length.
#[test]
fn odd_times_in_every_corpus_file_never_panic() {
    let odd = ["0", "-1", "1e300", "-1e300", "0.5", "1e-300", "null", "\"24\""];
    let mut runs = 0;
    for name in FILES {
        let text = String::from_utf8(corpus_bytes(name)).unwrap();
        for (k, replacement) in odd.iter().enumerate() {
            for field in ["rate", "value"] {
                let mut v: Value = serde_json::from_str(&text).unwrap();
                let mut n = 0;
                replace_field(&mut v, field, replacement, k, &mut n);
                let bytes = serde_json::to_vec(&v).unwrap();
                if let Ok(film) = read(Path::new(name), &bytes, &Default::default()) {
                    assert!(
                        film.shots.iter().all(|s| frames(s) >= 0),
                        "{name} {field}={replacement}"
                    );
                }
                runs += 1;
            }
        }
    }
    assert_eq!(runs, FILES.len() * odd.len() * 2);
}

/// Replaces every `(k+1)`-th occurrence of `field` with `replacement`.
fn replace_field(v: &mut Value, field: &str, replacement: &str, k: usize, n: &mut usize) {
    match v {
        Value::Object(map) => {
            for (key, value) in map.iter_mut() {
                if key == field && value.is_number() {
                    *n += 1;
                    if (*n).is_multiple_of(k + 1) {
                        *value = serde_json::from_str(replacement).unwrap();
                    }
                } else {
                    replace_field(value, field, replacement, k, n);
                }
            }
        }
        Value::Array(items) => items
            .iter_mut()
            .for_each(|i| replace_field(i, field, replacement, k, n)),
        _ => {}
    }
}

// ---------------------------------------------------------------- export

fn shot(id: u32, start: Option<i64>, frames: Option<i64>, source: Option<(&str, &str, i64, i64)>) -> Shot {
    let mut s = Shot::new(id);
    s.start = start.map(Frame);
    s.length = frames.map(|frames| Length {
        frames,
        source: LengthSource::Measured,
    });
    s.source = source.map(|(clip, media, a, b)| SourceClip {
        clip_name: clip.into(),
        source: media.into(),
        source_in: Some(Frame(a)),
        source_out: Some(Frame(b)),
    });
    s
}

fn sample_project() -> Project {
    let mut project = Project::new("Exchange");
    let mut a = Film::new("reel-1", "Reel 1");
    a.rate = Some(FrameRate::FPS_25);
    a.timecode_start = Some(Frame(90_000));
    a.shots = vec![
        shot(1, Some(0), Some(50), Some(("A001_C002", "A001_C002.mov", 1000, 1050))),
        shot(2, Some(50), Some(25), Some(("tape 7", "R007", 300, 325))),
        // a hole of 10 frames before shot 3, and a speed change (50 source
        // frames over 25 record frames)
        shot(3, Some(85), Some(25), Some(("fast", "B.mov", 0, 50))),
        shot(4, None, None, None),
        shot(5, Some(110), Some(40), None),
    ];
    a.shots[0].framing = Some("MCU".into());
    a.shots[0].description = "Worker at the lathe".into();
    a.shots[0].footage = Some(FootageUse {
        footage: "lathe".into(),
        piece: Some(2),
        variants: vec!["tinted".into()],
        repeat: false,
    });
    a.shots[0].evidence.push(Evidence {
        claim: "reenacted".into(),
        stance: Stance::Supports,
        kind: "setting".into(),
        observation: "lighting".into(),
        source: String::new(),
        weight: None,
    });
    a.shots[3].description = "a flash frame nobody has counted".into();
    let mut b = Film::new("clip-2", "Clip 2");
    b.rate = Some(FrameRate::NTSC_30);
    b.shots = vec![shot(1, Some(0), Some(30), None), shot(2, Some(30), Some(31), None)];
    project.films = vec![a, b];
    project
}

#[test]
fn an_export_imports_back_to_the_same_shots() {
    let project = sample_project();
    let films: Vec<&Film> = project.films.iter().collect();
    let text = write(&project, &films).unwrap();
    let back = read(Path::new("export.otio"), text.as_bytes(), &Default::default()).unwrap();
    let a = &project.films[0];
    assert_eq!(back.rate, Some(FrameRate::FPS_25));
    assert_eq!(back.timecode_start, Some(Frame(90_000)));
    let known: Vec<&Shot> = a.shots.iter().filter(|s| s.length.is_some()).collect();
    assert_eq!(back.shots.len(), known.len(), "shots of known length");
    for (ours, theirs) in back.shots.iter().zip(&known) {
        assert_eq!(ours.start, theirs.start, "shot {}", theirs.id);
        assert_eq!(ours.frames(), theirs.frames(), "shot {}", theirs.id);
        if let Some(s) = &theirs.source {
            let b = src(ours);
            assert_eq!((&b.clip_name, &b.source), (&s.clip_name, &s.source));
            assert_eq!(
                (b.source_in, b.source_out),
                (s.source_in, s.source_out),
                "shot {}",
                theirs.id
            );
        } else {
            // Without a source, the clip's range is the shot's own place.
            assert_eq!(src(ours).source_in, theirs.start);
        }
    }
    assert!(back.shots[2].notes.contains("speed 200%"), "{}", back.shots[2].notes);
    // The shot of unknown length is a marker, and the report says so.
    let report = report_text(&back);
    assert!(
        report.contains("marker on the track: marker 'shot 4 (length unknown)'"),
        "{report}"
    );
    assert!(report.contains("a flash frame nobody has counted"), "{report}");

    // The second film is track 2, at its own rate.
    let second = read(Path::new("export.otio"), text.as_bytes(), &track(2)).unwrap();
    assert_eq!(second.rate, Some(FrameRate::NTSC_30));
    assert_eq!(second.shots.iter().map(frames).collect::<Vec<_>>(), vec![30, 31]);

    // Footage, framing, description and evidence travel as metadata.
    let v: Value = serde_json::from_str(&text).unwrap();
    let clip = &v["tracks"]["children"][0]["children"][0];
    assert_eq!(clip["OTIO_SCHEMA"], "Clip.2");
    let meta = &clip["metadata"]["decoupage"];
    assert_eq!(meta["footage"], "lathe");
    assert_eq!(meta["piece"], 2);
    assert_eq!(meta["variants"][0], "tinted");
    assert_eq!(meta["framing"], "MCU");
    assert_eq!(meta["description"], "Worker at the lathe");
    assert_eq!(meta["evidence"], 1);
    assert_eq!(v["global_start_time"]["value"], 90000.0);
    assert_eq!(v["global_start_time"]["rate"], 25.0);
}

#[test]
fn a_film_without_a_rate_is_not_exported() {
    let mut project = sample_project();
    project.films[1].rate = None;
    let films: Vec<&Film> = project.films.iter().collect();
    let err = write(&project, &films).unwrap_err();
    assert!(err.contains("clip-2") && err.contains("no frame rate"), "{err}");
}

/// What opentimelineio makes of a file: per track, its clips' durations
/// (in frames at their rate) and its markers; `None` when python3 or the
/// package is not there.
fn opentimelineio_reading(path: &Path) -> Option<Value> {
    let script = r#"
import json, sys
try:
    import opentimelineio as otio
except ImportError:
    print("NO-OTIO"); sys.exit(0)
tl = otio.adapters.read_from_file(sys.argv[1])
out = {"global_start": tl.global_start_time.value if tl.global_start_time else None, "tracks": []}
for t in tl.tracks:
    out["tracks"].append({
        "name": t.name,
        "clips": [c.source_range.duration.value for c in t.find_clips()],
        "names": [c.name for c in t.find_clips()],
        "starts": [t.range_of_child(c).start_time.value for c in t.find_clips()],
        "markers": [m.name for m in t.markers],
        "duration": t.duration().value,
    })
print(json.dumps(out))
"#;
    let out = match Command::new("python3").arg("-c").arg(script).arg(path).output() {
        Ok(o) => o,
        Err(e) => {
            eprintln!("SKIPPED: python3 cannot run ({e}); the export was not checked with opentimelineio");
            return None;
        }
    };
    let stdout = String::from_utf8_lossy(&out.stdout);
    if stdout.trim() == "NO-OTIO" {
        eprintln!("SKIPPED: python3 has no opentimelineio (pip install opentimelineio==0.18.1)");
        return None;
    }
    assert!(
        out.status.success(),
        "opentimelineio refused {}: {}",
        path.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    Some(serde_json::from_str(&stdout).unwrap())
}

#[test]
fn opentimelineio_reads_our_export() {
    let project = sample_project();
    let films: Vec<&Film> = project.films.iter().collect();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("exchange.otio");
    std::fs::write(&path, write(&project, &films).unwrap()).unwrap();
    let Some(r) = opentimelineio_reading(&path) else { return };
    assert_eq!(r["global_start"], 90000.0);
    let t0 = &r["tracks"][0];
    assert_eq!(t0["name"], "Reel 1");
    assert_eq!(t0["clips"], serde_json::json!([50.0, 25.0, 25.0, 40.0]));
    assert_eq!(t0["starts"], serde_json::json!([0.0, 50.0, 85.0, 110.0]));
    assert_eq!(t0["markers"], serde_json::json!(["shot 4 (length unknown)"]));
    assert_eq!(t0["duration"], 150.0);
    assert_eq!(r["tracks"][1]["clips"], serde_json::json!([30.0, 31.0]));
}

/// A real cut imported and exported again: opentimelineio finds the same
/// clips, durations and places as in the original file.
#[test]
fn a_corpus_cut_survives_import_and_export() {
    let mut project = Project::new("Meridian");
    for name in ["Meridian_UHD4k5994_HDR_P3PQ.otio", "transition.otio"] {
        let imported = import(name, &ImportOptions::default());
        let id = name.split('_').next().unwrap().trim_end_matches(".otio").to_lowercase();
        let edit = decoupage::formats::import::import_edit(&project, &id, &imported).unwrap();
        project.apply(edit).unwrap();
    }
    let films: Vec<&Film> = project.films.iter().collect();
    let text = write(&project, &films).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("again.otio");
    std::fs::write(&path, &text).unwrap();

    // Our own reading of it gives the same shots back.
    for (i, film) in project.films.iter().enumerate() {
        let back = read(&path, text.as_bytes(), &track(i + 1)).unwrap();
        assert_eq!(back.shots.len(), film.shots.len());
        for (a, b) in back.shots.iter().zip(&film.shots) {
            assert_eq!((a.start, a.frames()), (b.start, b.frames()));
            assert_eq!(
                a.source
                    .as_ref()
                    .map(|s| (&s.clip_name, &s.source, s.source_in, s.source_out)),
                b.source
                    .as_ref()
                    .map(|s| (&s.clip_name, &s.source, s.source_in, s.source_out))
            );
        }
    }
    let Some(r) = opentimelineio_reading(&path) else { return };
    let reading = reference("Meridian_UHD4k5994_HDR_P3PQ.otio");
    let items = reading["tracks"][0]["items"].as_array().unwrap();
    let durations: Vec<f64> = items
        .iter()
        .map(|i| i["source_duration_frames"].as_f64().unwrap())
        .collect();
    let names: Vec<&str> = items.iter().map(|i| i["name"].as_str().unwrap()).collect();
    let t0 = &r["tracks"][0];
    assert_eq!(
        t0["clips"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_f64().unwrap())
            .collect::<Vec<_>>(),
        durations
    );
    assert_eq!(
        t0["names"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect::<Vec<_>>(),
        names
    );
    assert_eq!(t0["duration"], 43092.0);
}

// ---------------------------------------------------------------- what the corpus lacks

fn clip_json(name: &str, start: f64, frames: f64, rate: f64, effects: &str) -> String {
    format!(
        r#"{{"OTIO_SCHEMA": "Clip.1", "name": "{name}", "effects": [{effects}], "markers": [],
            "media_reference": {{"OTIO_SCHEMA": "ExternalReference.1", "target_url": "file:///media/{name}.mov"}},
            "source_range": {{"OTIO_SCHEMA": "TimeRange.1",
                "start_time": {{"OTIO_SCHEMA": "RationalTime.1", "value": {start}, "rate": {rate}}},
                "duration": {{"OTIO_SCHEMA": "RationalTime.1", "value": {frames}, "rate": {rate}}}}}}}"#
    )
}

/// The corpus has no stack nested in a track (its README says so): this
/// one is written by hand, following the OTIO model: the nested stack's
/// source range (5 frames in, 20 long) trims its first video track.
#[test]
fn a_stack_nested_in_a_track_gives_the_clips_its_range_shows() {
    let track = |name: &str, kind: &str, children: &str| {
        format!(r#"{{"OTIO_SCHEMA": "Track.1", "name": "{name}", "kind": "{kind}", "children": [{children}]}}"#)
    };
    let nested = format!(
        r#"{{"OTIO_SCHEMA": "Stack.1", "name": "precomp",
            "source_range": {{"OTIO_SCHEMA": "TimeRange.1",
                "start_time": {{"OTIO_SCHEMA": "RationalTime.1", "value": 5, "rate": 24}},
                "duration": {{"OTIO_SCHEMA": "RationalTime.1", "value": 20, "rate": 24}}}},
            "children": [{}, {}]}}"#,
        track("a", "Audio", &clip_json("hum", 0.0, 100.0, 24.0, "")),
        track(
            "v",
            "Video",
            &[
                clip_json("B", 100.0, 15.0, 24.0, ""),
                clip_json("C", 200.0, 15.0, 24.0, "")
            ]
            .join(",")
        )
    );
    let gap = r#"{"OTIO_SCHEMA": "Gap.1", "source_range": {"OTIO_SCHEMA": "TimeRange.1",
        "start_time": {"OTIO_SCHEMA": "RationalTime.1", "value": 0, "rate": 24},
        "duration": {"OTIO_SCHEMA": "RationalTime.1", "value": 4, "rate": 24}}}"#;
    let warp = r#"{"OTIO_SCHEMA": "LinearTimeWarp.1", "name": "", "effect_name": "", "time_scalar": 2.0}"#;
    let freeze = r#"{"OTIO_SCHEMA": "FreezeFrame.1", "name": "", "effect_name": "FreezeFrame", "time_scalar": 0.0}"#;
    let children = [
        clip_json("A", 0.0, 10.0, 24.0, ""),
        nested,
        gap.to_string(),
        clip_json("D", 50.0, 12.0, 24.0, warp),
        clip_json("E", 70.0, 6.0, 24.0, freeze),
    ]
    .join(",");
    let file = format!(
        r#"{{"OTIO_SCHEMA": "Timeline.1", "name": "nested", "global_start_time": {{"OTIO_SCHEMA": "RationalTime.1", "value": 86400, "rate": 24}},
            "tracks": {{"OTIO_SCHEMA": "Stack.1", "children": [{}]}}}}"#,
        track("V1", "Video", &children)
    );
    let film = read(Path::new("nested.otio"), file.as_bytes(), &Default::default()).unwrap();
    let got: Vec<(String, i64, i64, i64, Option<i64>)> = film
        .shots
        .iter()
        .map(|s| {
            let c = src(s);
            (
                c.clip_name.clone(),
                s.start.unwrap().0,
                frames(s),
                c.source_in.unwrap().0,
                c.source_out.map(|f| f.0),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            ("A".into(), 0, 10, 0, Some(10)),
            ("B".into(), 10, 10, 105, Some(115)), // B's first 5 frames trimmed by the stack
            ("C".into(), 20, 10, 200, Some(210)), // C's last 5 frames trimmed
            ("D".into(), 34, 12, 50, Some(74)),   // after the gap; twice as fast: 24 source frames
            ("E".into(), 46, 6, 70, Some(71)),    // a freeze shows one source frame
        ]
    );
    assert_eq!(film.timecode_start, Some(Frame(86400)));
    assert!(film.shots[3].notes.contains("speed 200% (LinearTimeWarp)"));
    assert!(film.shots[4].notes.contains("freeze frame"));
    assert_eq!(film.media, None, "every clip has its own file");
    assert_eq!(src(&film.shots[0]).source, "A.mov");
    assert!(
        report_text(&film).contains("a nested stack of 2 tracks; its track 2 'v' read"),
        "{}",
        report_text(&film)
    );
}

/// `decoupage import` and `decoupage export --format otio` go through the
/// same code: a corpus file in, the project saved, the timeline out, and
/// the timeline read back with the same shots.
#[test]
fn the_command_line_imports_and_exports_otio() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("p.ron");
    let run = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_decoupage"))
            .args(args)
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let file = corpus_path("ElFuente_4096x2160_60fps_10bit_420_remix1.otio");
    let (code, stdout, stderr) = run(&[
        "import",
        file.to_str().unwrap(),
        "--into",
        project.to_str().unwrap(),
        "--film",
        "overlays",
        "--track",
        "2",
    ]);
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    assert!(stdout.contains("5 shots imported"), "{stdout}");
    assert!(stdout.contains("track 2 'Sequence' read"), "{stdout}");

    let (code, _, stderr) = run(&[
        "import",
        file.to_str().unwrap(),
        "--into",
        project.to_str().unwrap(),
        "--track",
        "V9",
    ]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("no track named 'V9'") && stderr.contains("1 'Sequence' (Video, 5 clips)"),
        "{stderr}"
    );

    let out = dir.path().join("out.otio");
    let (code, stdout, stderr) = run(&[
        "export",
        project.to_str().unwrap(),
        "--format",
        "otio",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    let back = read(&out, &std::fs::read(&out).unwrap(), &Default::default()).unwrap();
    let original = import("ElFuente_4096x2160_60fps_10bit_420_remix1.otio", &track(2));
    assert_eq!(back.rate, Some(FrameRate::new(60, 1).unwrap()));
    let key = |f: &ImportedFilm| {
        f.shots
            .iter()
            .map(|s| (s.start, s.frames(), src(s).source_in, src(s).source_out))
            .collect::<Vec<_>>()
    };
    assert_eq!(key(&back), key(&original));
}
