//! ELAN `.eaf` in and out (issue 7), on the real files of
//! `../shared/corpus/editorial/eaf/` against pympi-ling's readings of them
//! (`reference/eaf/*.eaf.json`), round trips through the exporter, pympi
//! on the export, and bad input.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use proptest::prelude::*;
use serde_json::Value;

use decoupage::formats::eaf;
use decoupage::formats::exchange::{ExportFormat, export_timeline};
use decoupage::formats::import::{ImportError, ImportFormat, ImportOptions, import_bytes, import_edit, import_file};
use decoupage::model::{Evidence, Film, Frame, FrameRate, Length, LengthSource, Project, Shot, Stance};

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/editorial");

/// The corpus EAF files, by name; every one must have a reading.
const FILES: [&str; 5] = [
    "childproject_example_solis.eaf",
    "elanhelpers_abui_1.eaf",
    "poio_example.eaf",
    "poio_turkish.eaf",
    "speach_blank.eaf",
];

fn eaf_path(name: &str) -> PathBuf {
    Path::new(CORPUS).join("eaf").join(name)
}

fn bytes(name: &str) -> Vec<u8> {
    let path = eaf_path(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("corpus file missing: {}: {e}", path.display()))
}

fn reference(name: &str) -> Value {
    let path = Path::new(CORPUS).join("reference/eaf").join(format!("{name}.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("reading missing: {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap()
}

fn opts(tier: Option<&str>, rate: Option<FrameRate>) -> ImportOptions {
    ImportOptions {
        rate,
        tier: tier.map(str::to_string),
        ..Default::default()
    }
}

/// The nearest frame at 25 fps of a time in ms, half up: computed here,
/// apart from the importer.
fn frame25(ms: i64) -> i64 {
    (ms * 25 + 500).div_euclid(1000)
}

/// What pympi leaves as null and what the right time is: poio_example's
/// time slot ts62 has no TIME_VALUE. It ends word a57 and starts word a58
/// of the Time_Subdivision tier W-Words, between ts61 (11470 ms) and ts64
/// (11940 ms), the nearest slots with a time that the tier uses. ELAN
/// proposes the middle: 11705 ms. The part-of-speech annotations of those
/// two words (tier W-POS) take the same times.
const UNALIGNED_TS62_MS: i64 = 11705;

#[test]
fn the_corpus_is_all_here_and_every_file_has_a_reading() {
    let mut found: Vec<String> = std::fs::read_dir(Path::new(CORPUS).join("eaf"))
        .expect("the corpus folder ../shared/corpus/editorial/eaf")
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".eaf"))
        .collect();
    found.sort();
    assert_eq!(found, FILES.to_vec(), "new files in the corpus: add them to FILES");
    for f in FILES {
        assert!(reference(f).get("tiers").is_some(), "{f}: pympi read it");
    }
}

/// Every tier of every file, as pympi reads it: ids, types, parents,
/// annotation counts, and the annotations themselves (start and end in ms,
/// value). Time-alignable tiers in order; reference tiers compared as
/// sorted lists (pympi gives them in file order, or, where its own lookup
/// failed, in the order the reference script chose).
///
/// Where pympi needs help: on poio_example's W-POS, W-RGMe and K-RGMe
/// (Symbolic_Association tiers whose parents W-Words, W-RGph and K-RGph
/// are Time_Subdivision tiers) pympi 1.71 raises KeyError, because its
/// `get_parent_aligned_annotation` keeps climbing while a tier has a
/// parent, taking every such tier for a reference tier, and looks for the
/// aligned word a23 among W-Words' reference annotations. The right reading
/// stops at the first aligned annotation of the chain (the word, the
/// gesture phase) and takes its times: that is what the reference script
/// did by hand (`peer_tool_note`) and what Découpage does; the times
/// compared below are those.
#[test]
fn every_tier_agrees_with_pympi() {
    let example = reference("poio_example.eaf");
    let helped: Vec<&str> = example["tiers"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t.get("peer_tool_note").is_some())
        .map(|t| t["tier_id"].as_str().unwrap())
        .collect();
    assert_eq!(helped, ["W-POS", "W-RGMe", "K-RGMe"]);
    let mut checked = 0;
    let mut nulls_resolved = 0;
    for f in FILES {
        let r = reference(f);
        let doc = eaf::parse(&eaf_path(f), &bytes(f)).unwrap_or_else(|e| panic!("{f}: {e}"));
        assert_eq!(doc.slots.len() as u64, r["time_slot_count"].as_u64().unwrap(), "{f}");
        assert_eq!(
            doc.slots.iter().filter(|s| s.value.is_none()).count() as u64,
            r["unaligned_time_slot_count"].as_u64().unwrap(),
            "{f}"
        );
        assert_eq!(doc.time_units.as_deref(), r["time_units"].as_str(), "{f}");
        let media = r["media"].as_array().unwrap();
        assert_eq!(doc.media.len(), media.len(), "{f}");
        for (m, rm) in doc.media.iter().zip(media) {
            assert_eq!(m.mime.as_deref(), rm["mime"].as_str(), "{f}");
            assert_eq!(m.relative_url.as_deref(), rm["relative_url"].as_str(), "{f}");
        }
        let tiers = r["tiers"].as_array().unwrap();
        assert_eq!(
            doc.tiers.iter().map(|t| t.id.as_str()).collect::<Vec<_>>(),
            tiers.iter().map(|t| t["tier_id"].as_str().unwrap()).collect::<Vec<_>>(),
            "{f}: tiers"
        );
        let mut total = 0;
        for rt in tiers {
            let id = rt["tier_id"].as_str().unwrap();
            let tier = doc.tier(id).unwrap();
            assert_eq!(
                Some(tier.linguistic_type.as_str()),
                rt["linguistic_type"].as_str(),
                "{f} {id}"
            );
            assert_eq!(tier.parent.as_deref(), rt["parent"].as_str(), "{f} {id}");
            assert_eq!(tier.participant.as_deref(), rt["participant"].as_str(), "{f} {id}");
            assert_eq!(doc.constraint(tier), rt["constraint"].as_str(), "{f} {id}");
            let alignable = rt["time_alignable"].as_str() == Some("true");
            assert_eq!(doc.time_alignable(tier), alignable, "{f} {id}");

            let ours = doc.timed(id).unwrap();
            let theirs = rt["annotations"].as_array().unwrap();
            assert_eq!(ours.len(), theirs.len(), "{f} {id}: count");
            assert_eq!(ours.len() as u64, rt["annotation_count"].as_u64().unwrap());
            total += ours.len();
            let mut ours: Vec<(i64, i64, String)> = ours
                .iter()
                .map(|a| {
                    assert!(a.problem.is_none(), "{f} {id} {}: {:?}", a.id, a.problem);
                    (a.start_ms.unwrap(), a.end_ms.unwrap(), a.value.clone())
                })
                .collect();
            let mut theirs: Vec<(i64, i64, String)> = theirs
                .iter()
                .map(|a| {
                    let mut time = |k: &str| {
                        a[k].as_i64().unwrap_or_else(|| {
                            assert!(a[k].is_null());
                            nulls_resolved += 1;
                            UNALIGNED_TS62_MS
                        })
                    };
                    (
                        time("start_ms"),
                        time("end_ms"),
                        a["value"].as_str().unwrap().to_string(),
                    )
                })
                .collect();
            if !alignable {
                ours.sort();
                theirs.sort();
            }
            assert_eq!(ours, theirs, "{f} {id}");
            checked += 1;
        }
        assert_eq!(total as u64, r["annotation_count"].as_u64().unwrap(), "{f}");
    }
    assert_eq!(checked, 35, "tiers in the corpus");
    // a57's end and a58's start, and the same for their W-POS annotations.
    assert_eq!(nulls_resolved, 4, "pympi's nulls for the unaligned slot");
}

/// Each time-alignable tier taken as the shot tier: one shot per
/// annotation, in pympi's order, with the frames at 25 fps of pympi's
/// milliseconds (source in/out in the media; start from the first shot).
#[test]
fn every_time_alignable_tier_as_shots_at_25_fps() {
    let mut shot_tiers = 0;
    let mut shots_total = 0;
    for f in FILES {
        let r = reference(f);
        for rt in r["tiers"].as_array().unwrap() {
            if rt["time_alignable"].as_str() != Some("true") {
                continue;
            }
            let id = rt["tier_id"].as_str().unwrap();
            let theirs = rt["annotations"].as_array().unwrap();
            let result = import_bytes(&eaf_path(f), &bytes(f), ImportFormat::Eaf, &opts(Some(id), None));
            let film = result.unwrap_or_else(|e| panic!("{f} {id}: {e}"));
            assert_eq!(film.rate, Some(FrameRate::FPS_25), "the default rate");
            assert!(
                film.report
                    .notes
                    .iter()
                    .any(|n| n.contains("no frame rate") && n.contains("25"))
            );
            let expect: Vec<(i64, i64, &str)> = theirs
                .iter()
                .map(|a| {
                    let ms = |k: &str| a[k].as_i64().unwrap_or(UNALIGNED_TS62_MS);
                    (
                        frame25(ms("start_ms")),
                        frame25(ms("end_ms")),
                        a["value"].as_str().unwrap(),
                    )
                })
                .collect();
            // Annotations that round to no frame at all are skipped, and listed.
            let kept: Vec<_> = expect.iter().filter(|(s, e, _)| e > s).collect();
            assert_eq!(film.report.skipped.len(), expect.len() - kept.len(), "{f} {id}");
            assert_eq!(film.shots.len(), kept.len(), "{f} {id}");
            let first = kept.first().map(|k| k.0).unwrap_or(0);
            for (shot, (s, e, value)) in film.shots.iter().zip(&kept) {
                let source = shot.source.as_ref().unwrap();
                assert_eq!(source.source_in, Some(Frame(*s)), "{f} {id}");
                assert_eq!(source.source_out, Some(Frame(*e)), "{f} {id}");
                assert_eq!(shot.start, Some(Frame(s - first)), "{f} {id}");
                assert_eq!(shot.frames(), Some(e - s), "{f} {id}");
                assert_eq!(shot.description, value.trim(), "{f} {id}");
            }
            shot_tiers += 1;
            shots_total += film.shots.len();
        }
    }
    assert_eq!(shot_tiers, 22);
    // 488 annotations on the 22 tiers; none rounds to zero frames at 25 fps.
    assert_eq!(shots_total, 488);
}

#[test]
fn the_default_tier_media_and_report() {
    // poio_example: the first time-alignable tier with annotations is K-Spch.
    let film = import_file(&eaf_path("poio_example.eaf"), None, &ImportOptions::default()).unwrap();
    assert_eq!(film.shots.len(), 7);
    assert!(
        film.report.notes.iter().any(|n| n.contains("'K-Spch'")),
        "{:?}",
        film.report.notes
    );
    // Two media descriptors with absolute Windows URLs: the video's file name.
    assert_eq!(film.media.as_deref(), Some("elan-example1.mpg"));
    let notes = film.report.notes.join("\n");
    assert!(
        notes.contains("absolute URL, file:///D:/Data/elan/elan-example1.mpg"),
        "{notes}"
    );
    assert!(notes.contains("elan-example1.wav (audio/x-wav)"), "{notes}");
    assert!(
        notes.contains("times rounded to the nearest frame at 25 fps"),
        "{notes}"
    );
    assert_eq!(film.shots[0].start, Some(Frame(0)));
    assert!(film.shots.iter().all(|s| {
        s.length
            .as_ref()
            .is_some_and(|l| matches!(l.source, LengthSource::Derived { .. }))
    }));

    // The odd relative URL file:/./turkish.wav.
    let film = import_file(&eaf_path("poio_turkish.eaf"), None, &ImportOptions::default()).unwrap();
    assert_eq!(film.media.as_deref(), Some("turkish.wav"));
    assert_eq!(film.shots.len(), 9);

    // Times around two million ms; start counts from the first shot.
    let film = import_file(
        &eaf_path("childproject_example_solis.eaf"),
        None,
        &opts(None, Some(FrameRate::NTSC_30)),
    )
    .unwrap();
    assert_eq!(film.shots.len(), 67, "tier CHI");
    assert_eq!(film.shots[0].start, Some(Frame(0)));
    assert!(film.shots[0].source.as_ref().unwrap().source_in.unwrap().0 > 50_000);
    assert!(film.report.notes.iter().all(|n| !n.contains("no frame rate")));
    assert!(
        film.report
            .notes
            .iter()
            .any(|n| n.contains("at 30000/1001 fps; 134 of 134 boundaries moved by up to 16.5 ms")),
        "{:?}",
        film.report.notes
    );

    // The rounding stated, with figures: abui at 25 fps has boundaries at
    // 290, 1910 (tier Phrase): 290 ms is 7.25 frames, moved by 10 ms.
    let film = import_file(&eaf_path("elanhelpers_abui_1.eaf"), None, &ImportOptions::default()).unwrap();
    assert!(
        film.report
            .notes
            .iter()
            .any(|n| n.contains("2 of 2 boundaries moved by up to 10.0 ms")),
        "{:?}",
        film.report.notes
    );
}

#[test]
fn an_empty_document_has_no_tier_to_take_shots_from() {
    let err = import_file(&eaf_path("speach_blank.eaf"), None, &ImportOptions::default()).unwrap_err();
    let msg = err.to_string();
    assert!(msg.contains("speach_blank.eaf") && msg.contains("'default'"), "{msg}");
    // Asked for by name, the empty tier gives an empty film.
    let film = import_file(&eaf_path("speach_blank.eaf"), None, &opts(Some("default"), None)).unwrap();
    assert!(film.shots.is_empty());
    assert_eq!(film.media.as_deref(), Some("audio.wav"));
}

#[test]
fn a_tier_that_is_not_there_or_has_no_times_is_refused_with_the_list() {
    let path = eaf_path("elanhelpers_abui_1.eaf");
    let err = import_file(&path, None, &opts(Some("PHRASE"), None))
        .unwrap_err()
        .to_string();
    assert!(err.contains("elanhelpers_abui_1.eaf"), "{err}");
    assert!(err.contains("did you mean 'Phrase' or 'phrase'"), "{err}");
    assert!(err.contains("'gloss@speaker1'"), "{err}");
    // Tier ids differing only by case are two tiers.
    let a = import_file(&path, None, &opts(Some("Phrase"), None)).unwrap();
    let b = import_file(&path, None, &opts(Some("phrase"), None)).unwrap();
    assert_eq!(a.shots[0].description, "amakaang 你好 di kaai hada muila");
    assert_eq!(b.shots[0].description, "mememememememe");

    let err = import_file(&eaf_path("poio_turkish.eaf"), None, &opts(Some("P-Word"), None))
        .unwrap_err()
        .to_string();
    assert!(err.contains("symbolic") && err.contains("'P-Spch'"), "{err}");
    let options = ImportOptions {
        note_tiers: vec!["nope".into()],
        ..Default::default()
    };
    let err = import_file(&eaf_path("poio_turkish.eaf"), None, &options)
        .unwrap_err()
        .to_string();
    assert!(err.contains("no note tier 'nope'"), "{err}");
}

#[test]
fn symbolic_tiers_give_descriptions_and_notes() {
    // Turkish: utterances as shots, the translation (Symbolic_Association)
    // as description, the words (Symbolic_Subdivision, in their
    // PREVIOUS_ANNOTATION order) and the glosses (three levels down) as notes.
    let options = ImportOptions {
        tier: Some("P-Spch".into()),
        description_tiers: vec!["P-Trans".into()],
        note_tiers: vec!["P-Word".into(), "P-Gloss".into()],
        ..Default::default()
    };
    let film = import_file(&eaf_path("poio_turkish.eaf"), None, &options).unwrap();
    assert_eq!(film.shots.len(), 9);
    let first = &film.shots[0];
    assert_eq!(first.description, "yesterday evening I came home running");
    let mut lines = first.notes.lines();
    assert_eq!(lines.next(), Some("P-Spch: dün akşam koşa koşa eve geldim"));
    assert_eq!(lines.next(), Some("P-Word: dün akşam koşa koşa eve geldim"));
    assert!(lines.next().unwrap().starts_with("P-Gloss: "));
    // Every utterance's words, in order, make the utterance.
    for shot in &film.shots {
        let own = shot.notes.lines().next().unwrap().trim_start_matches("P-Spch: ");
        let words = shot.notes.lines().nth(1).unwrap().trim_start_matches("P-Word: ");
        assert_eq!(
            words.split_whitespace().collect::<Vec<_>>(),
            own.split(|c: char| c.is_whitespace() || c == ',' || c == '.' || c == '?' || c == '!')
                .filter(|w| !w.is_empty())
                .collect::<Vec<_>>(),
            "{}",
            shot.notes
        );
    }

    // The MPI example: a reference chain that pympi cannot follow (W-POS
    // refers to W-Words, a Time_Subdivision of W-Spch).
    let options = ImportOptions {
        tier: Some("W-Spch".into()),
        description_tiers: vec!["W-IPA".into()],
        note_tiers: vec!["W-POS".into()],
        ..Default::default()
    };
    let film = import_file(&eaf_path("poio_example.eaf"), None, &options).unwrap();
    let r = reference("poio_example.eaf");
    let ipa = r["tiers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["tier_id"] == "W-IPA")
        .unwrap();
    let ipa: Vec<&str> = ipa["annotations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["value"].as_str().unwrap().trim())
        .collect();
    assert_eq!(
        film.shots.iter().map(|s| s.description.as_str()).collect::<Vec<_>>(),
        ipa
    );
    assert!(film.shots.iter().filter(|s| s.notes.contains("W-POS: ")).count() >= 10);

    // The words as shots: the report says which slot had no time and what it got.
    let film = import_file(&eaf_path("poio_example.eaf"), None, &opts(Some("W-Words"), None)).unwrap();
    assert_eq!(film.shots.len(), 97);
    let notes = film.report.notes.join("\n");
    assert!(
        notes.contains("time slot ts62 (line 69) has no time: 11705 ms is used"),
        "{notes}"
    );
}

// ---------------------------------------------------------------------------
// Export

fn shot(id: u32, start: Option<i64>, frames: Option<i64>, description: &str, framing: Option<&str>) -> Shot {
    let mut s = Shot::new(id);
    s.start = start.map(Frame);
    s.length = frames.map(|frames| Length {
        frames,
        source: LengthSource::Measured,
    });
    s.description = description.to_string();
    s.framing = framing.map(str::to_string);
    s
}

fn sample(rate: Option<FrameRate>) -> (Project, Film) {
    let mut film = Film::new("parade", "Parade");
    film.rate = rate;
    film.media = Some("media/parade 1936.mp4".into());
    film.shots = vec![
        shot(1, Some(0), Some(87), "Red Square & the crowd <wide>", Some("ELS")),
        shot(2, Some(87), Some(1), "one frame", Some("CU")),
        shot(3, Some(88), Some(250), "", None),
        shot(4, Some(338), None, "length unknown: not exported", Some("MS")),
        shot(
            5,
            Some(1000),
            Some(3001),
            "after a gap: \"quotes\", 'apostrophes', ünïcødé, 你好\nsecond line",
            Some("MCU"),
        ),
        shot(6, Some(107_892), Some(17), "at an hour, where 29.97 drifts", Some("LS")),
    ];
    film.shots[0].evidence = vec![
        Evidence {
            claim: "reenacted".into(),
            stance: Stance::Supports,
            kind: "setting".into(),
            observation: "The light comes from two sides".into(),
            source: "Kenez 1992, p. 40".into(),
            weight: None,
        },
        Evidence {
            claim: "staged".into(),
            stance: Stance::Contradicts,
            kind: "action".into(),
            observation: "The crowd moves freely".into(),
            source: String::new(),
            weight: None,
        },
    ];
    film.shots[4].evidence = vec![Evidence {
        claim: "dating".into(),
        stance: Stance::Supports,
        kind: "costume".into(),
        observation: "Winter coats".into(),
        source: String::new(),
        weight: None,
    }];
    let mut project = Project::new("p");
    project.films.push(film.clone());
    (project, film)
}

fn exported(rate: FrameRate) -> (Film, String) {
    let (project, film) = sample(Some(rate));
    let text = export_timeline(&project, &[&film], ExportFormat::Eaf).unwrap();
    (film, text)
}

#[test]
fn export_then_import_gives_back_starts_lengths_descriptions_and_framing() {
    for rate in [FrameRate::FPS_25, FrameRate::NTSC_30] {
        let (film, text) = exported(rate);
        let back = import_bytes(
            Path::new("parade.eaf"),
            text.as_bytes(),
            ImportFormat::Eaf,
            &opts(None, Some(rate)),
        )
        .unwrap();
        let expect: Vec<&Shot> = film.shots.iter().filter(|s| s.length.is_some()).collect();
        assert_eq!(back.shots.len(), expect.len(), "{rate}");
        for (a, b) in expect.iter().zip(&back.shots) {
            assert_eq!(b.start, a.start, "{rate}: shot {}", a.id);
            assert_eq!(b.frames(), a.frames(), "{rate}: shot {}", a.id);
            assert_eq!(b.description, a.description, "{rate}: shot {}", a.id);
            assert_eq!(b.framing, a.framing, "{rate}: shot {}", a.id);
        }
        assert_eq!(back.media.as_deref(), Some("parade 1936.mp4"));
        assert!(back.report.skipped.is_empty(), "{:?}", back.report.skipped);
        assert!(back.report.notes.iter().any(|n| n.contains("shot number")));
        // Milliseconds hold 25 fps frames exactly, 29.97 ones within half a ms.
        let rounding = if rate == FrameRate::FPS_25 {
            "none moved"
        } else {
            "boundaries moved by up to 0.4 ms"
        };
        assert!(
            back.report.notes.iter().any(|n| n.contains(rounding)),
            "{:?}",
            back.report.notes
        );
    }
    // The times in the file: shot 6 starts at frame 107892, at 29.97 that
    // is 3599.9964 s, written 3599996 ms; at 25 fps 4315680 ms.
    let (_, text) = exported(FrameRate::NTSC_30);
    assert!(text.contains(r#"TIME_VALUE="3599996""#), "{text}");
    let (_, text) = exported(FrameRate::FPS_25);
    assert!(text.contains(r#"TIME_VALUE="4315680""#));
    assert!(text.contains("1: Red Square &amp; the crowd &lt;wide&gt;"));
    assert!(text.contains("reenacted supports: The light comes from two sides (Kenez 1992, p. 40)"));
    assert!(text.contains("staged contradicts: The crowd moves freely<"));
    assert!(text.contains(r#"RELATIVE_MEDIA_URL="./media/parade%201936.mp4""#));
}

#[test]
fn elan_to_project_to_elan_puts_the_shots_back_at_their_media_times() {
    let path = eaf_path("poio_example.eaf");
    let imported = import_file(&path, None, &opts(Some("W-Spch"), None)).unwrap();
    let mut project = Project::new("p");
    let edit = import_edit(&project, "example", &imported).unwrap();
    project.apply(edit).unwrap();
    let film = project.film("example").unwrap();
    assert_eq!(
        film.shots[0].start,
        Some(Frame(0)),
        "the film starts with its first shot"
    );
    let text = export_timeline(&project, &[film], ExportFormat::Eaf).unwrap();
    let out = eaf::parse(Path::new("out.eaf"), text.as_bytes())
        .unwrap()
        .timed("shots")
        .unwrap();
    let original = eaf::parse(&path, &bytes("poio_example.eaf"))
        .unwrap()
        .timed("W-Spch")
        .unwrap();
    assert_eq!(out.len(), original.len());
    // The first annotation is at 780 ms in the media, frame 20 (19.5
    // rounded up) at 25 fps: back at 800 ms, not at 0. Every boundary on
    // the same frame at 25 fps, within half a frame in ms.
    assert_eq!(out[0].start_ms, Some(800));
    for (a, b) in out.iter().zip(&original) {
        for (x, y) in [
            (a.start_ms.unwrap(), b.start_ms.unwrap()),
            (a.end_ms.unwrap(), b.end_ms.unwrap()),
        ] {
            assert_eq!(frame25(x), frame25(y));
            assert!((x - y).abs() <= 20, "{x} {y}");
        }
        assert!(a.value.ends_with(b.value.trim()), "{} {}", a.value, b.value);
    }

    // Shots moved in the project (one shorter): the offset no longer holds
    // for every shot, and the times count from the film's first frame.
    let mut project = project.clone();
    let shot = &mut project.films[0].shots[1];
    shot.length.as_mut().unwrap().frames -= 1;
    let text = export_timeline(&project, &[&project.films[0]], ExportFormat::Eaf).unwrap();
    let out = eaf::parse(Path::new("out.eaf"), text.as_bytes())
        .unwrap()
        .timed("shots")
        .unwrap();
    assert_eq!(out[0].start_ms, Some(0));
}

#[test]
fn export_refuses_a_film_without_a_rate() {
    let (project, film) = sample(None);
    let err = export_timeline(&project, &[&film], ExportFormat::Eaf).unwrap_err();
    assert!(
        err.contains("parade") && err.contains("no frame rate") && err.contains("set the film's rate"),
        "{err}"
    );
}

#[test]
fn the_export_loads_in_pympi() {
    let script = r#"
import json, sys
try:
    import pympi
except ImportError:
    print("NO_PYMPI"); sys.exit(0)
eaf = pympi.Elan.Eaf(sys.argv[1])
out = {"tiers": {t: len(eaf.tiers[t][0]) + len(eaf.tiers[t][1]) for t in eaf.get_tier_names()},
       "parents": {t: eaf.tiers[t][2].get("PARENT_REF") for t in eaf.get_tier_names()},
       "shots": [list(a) for a in eaf.get_annotation_data_for_tier("shots")],
       "framing": [list(a) for a in eaf.get_ref_annotation_data_for_tier("framing")],
       "evidence": [list(a) for a in eaf.get_ref_annotation_data_for_tier("evidence")],
       "media": [m.get("RELATIVE_MEDIA_URL") for m in eaf.media_descriptors],
       "cv": sorted(eaf.controlled_vocabularies)}
print(json.dumps(out))
"#;
    let dir = tempfile::tempdir().unwrap();
    for rate in [FrameRate::FPS_25, FrameRate::NTSC_30] {
        let (film, text) = exported(rate);
        let file = dir.path().join("parade.eaf");
        std::fs::write(&file, &text).unwrap();
        let out = match Command::new("python3").arg("-c").arg(script).arg(&file).output() {
            Ok(out) => out,
            Err(e) => {
                eprintln!("SKIPPED: python3 cannot be run ({e}); pympi-ling is not checked");
                return;
            }
        };
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "pympi failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        if stdout.trim() == "NO_PYMPI" {
            eprintln!(
                "SKIPPED: python3 has no pympi (pip install pympi-ling==1.71); the export is not checked in pympi"
            );
            return;
        }
        let v: Value = serde_json::from_str(&stdout).unwrap();
        let tiers: BTreeMap<String, u64> = serde_json::from_value(v["tiers"].clone()).unwrap();
        assert_eq!(
            tiers,
            BTreeMap::from([("shots".into(), 5), ("framing".into(), 4), ("evidence".into(), 3)])
        );
        assert_eq!(v["parents"]["framing"], "shots");
        assert_eq!(v["parents"]["evidence"], "shots");
        assert_eq!(v["media"][0], "./media/parade%201936.mp4");
        assert_eq!(v["cv"][0], "framing");
        // pympi's times for the shots are the frames at the rate.
        let known: Vec<&Shot> = film.shots.iter().filter(|s| s.length.is_some()).collect();
        for (a, s) in v["shots"].as_array().unwrap().iter().zip(known) {
            let start = a[0].as_i64().unwrap();
            let end = a[1].as_i64().unwrap();
            assert_eq!(rate.millis_to_frames(start), s.start.unwrap().0);
            assert_eq!(rate.millis_to_frames(end), s.start.unwrap().0 + s.frames().unwrap());
            assert!(a[2].as_str().unwrap().starts_with(&format!("{}:", s.id)));
        }
        assert_eq!(v["framing"][0][2], "ELS");
        assert_eq!(v["evidence"][1][2], "staged contradicts: The crowd moves freely");
    }
}

// ---------------------------------------------------------------------------
// Bad input

fn err_of(name: &str, text: &[u8]) -> ImportError {
    import_bytes(Path::new(name), text, ImportFormat::Eaf, &ImportOptions::default()).unwrap_err()
}

fn line_of(e: &ImportError) -> usize {
    match e {
        ImportError::Parse { line, .. } => *line,
        other => panic!("not a parse error: {other}"),
    }
}

#[test]
fn invalid_xml_is_an_error_naming_the_file_and_line() {
    // A closing tag that does not match, on line 9 of a real file.
    let text = String::from_utf8(bytes("elanhelpers_abui_1.eaf")).unwrap();
    let broken = text.replacen("</ALIGNABLE_ANNOTATION>", "</ALIGNABLE_ANOTATION>", 1);
    let e = err_of("abui.eaf", broken.as_bytes());
    let msg = e.to_string();
    assert!(msg.starts_with("abui.eaf:22:"), "{msg}");
    assert!(msg.contains("invalid XML"), "{msg}");

    // Cut short in the middle: the line where it ends.
    let text = bytes("poio_example.eaf");
    let e = err_of("cut.eaf", &text[..text.len() / 2]);
    assert!(line_of(&e) > 800, "{e}");
    assert!(e.to_string().starts_with("cut.eaf:"), "{e}");

    // An unknown entity, an attribute without quotes.
    let e = err_of("ent.eaf", b"<ANNOTATION_DOCUMENT>\n<TIER TIER_ID=\"a\"><ANNOTATION><REF_ANNOTATION><ANNOTATION_VALUE>&nbsp;</ANNOTATION_VALUE></REF_ANNOTATION></ANNOTATION></TIER></ANNOTATION_DOCUMENT>");
    assert_eq!(line_of(&e), 2, "{e}");
    assert!(e.to_string().contains("&nbsp;"), "{e}");
    let e = err_of(
        "attr.eaf",
        b"<ANNOTATION_DOCUMENT>\n\n<TIER TIER_ID=a/></ANNOTATION_DOCUMENT>",
    );
    assert_eq!(line_of(&e), 3, "{e}");
}

#[test]
fn empty_and_foreign_files_are_refused_naming_the_file() {
    for empty in [&b""[..], b"   \n", b"\xEF\xBB\xBF"] {
        let e = err_of("empty.eaf", empty);
        assert!(e.to_string().starts_with("empty.eaf:1: the file is empty"), "{e}");
    }
    let e = err_of(
        "page.eaf",
        b"<?xml version=\"1.0\"?>\n<!-- a web page -->\n<html><body/></html>",
    );
    assert_eq!(
        e.to_string(),
        "page.eaf:3:1: not an ELAN file: the root element is <html>, not <ANNOTATION_DOCUMENT>"
    );
    let otio = std::fs::read(Path::new(CORPUS).join("edl/dissolve_test_3.edl")).unwrap();
    let e = err_of("list.eaf", &otio);
    assert!(e.to_string().starts_with("list.eaf:"), "{e}");
    let e = err_of("json.eaf", b"{\"OTIO_SCHEMA\": \"Timeline.1\"}");
    assert!(e.to_string().contains("json.eaf"), "{e}");
}

const BROKEN: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<ANNOTATION_DOCUMENT FORMAT="2.8">
    <TIME_ORDER>
        <TIME_SLOT TIME_SLOT_ID="ts1" TIME_VALUE="0"/>
        <TIME_SLOT TIME_SLOT_ID="ts2" TIME_VALUE="1000"/>
        <TIME_SLOT TIME_SLOT_ID="ts3" TIME_VALUE="2000"/>
        <TIME_SLOT TIME_SLOT_ID="ts4" TIME_VALUE="soon"/>
        <TIME_SLOT TIME_SLOT_ID="ts5"/>
    </TIME_ORDER>
    <TIER LINGUISTIC_TYPE_REF="t" TIER_ID="shots">
        <ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID="a1" TIME_SLOT_REF1="ts1" TIME_SLOT_REF2="ts2"><ANNOTATION_VALUE>good</ANNOTATION_VALUE></ALIGNABLE_ANNOTATION></ANNOTATION>
        <ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID="a2" TIME_SLOT_REF1="ts2" TIME_SLOT_REF2="ts99"><ANNOTATION_VALUE>slot missing</ANNOTATION_VALUE></ALIGNABLE_ANNOTATION></ANNOTATION>
        <ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID="a3" TIME_SLOT_REF1="ts3" TIME_SLOT_REF2="ts2"><ANNOTATION_VALUE>backwards</ANNOTATION_VALUE></ALIGNABLE_ANNOTATION></ANNOTATION>
        <ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID="a4" TIME_SLOT_REF1="ts3" TIME_SLOT_REF2="ts4"><ANNOTATION_VALUE>not a time</ANNOTATION_VALUE></ALIGNABLE_ANNOTATION></ANNOTATION>
        <ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID="a5" TIME_SLOT_REF1="ts3" TIME_SLOT_REF2="ts5"><ANNOTATION_VALUE>unaligned at the end</ANNOTATION_VALUE></ALIGNABLE_ANNOTATION></ANNOTATION>
        <ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID="a6" TIME_SLOT_REF1="ts2" TIME_SLOT_REF2="ts2"><ANNOTATION_VALUE>no duration</ANNOTATION_VALUE></ALIGNABLE_ANNOTATION></ANNOTATION>
        <ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID="a7" TIME_SLOT_REF1="ts2" TIME_SLOT_REF2="ts3"><ANNOTATION_VALUE>good too</ANNOTATION_VALUE></ALIGNABLE_ANNOTATION></ANNOTATION>
    </TIER>
    <TIER LINGUISTIC_TYPE_REF="r" PARENT_REF="shots" TIER_ID="refs">
        <ANNOTATION><REF_ANNOTATION ANNOTATION_ID="a8" ANNOTATION_REF="a404"><ANNOTATION_VALUE>dangling</ANNOTATION_VALUE></REF_ANNOTATION></ANNOTATION>
        <ANNOTATION><REF_ANNOTATION ANNOTATION_ID="a9" ANNOTATION_REF="a10"><ANNOTATION_VALUE>loop</ANNOTATION_VALUE></REF_ANNOTATION></ANNOTATION>
        <ANNOTATION><REF_ANNOTATION ANNOTATION_ID="a10" ANNOTATION_REF="a9"><ANNOTATION_VALUE>loop</ANNOTATION_VALUE></REF_ANNOTATION></ANNOTATION>
        <ANNOTATION><REF_ANNOTATION ANNOTATION_ID="a11" ANNOTATION_REF="a7"><ANNOTATION_VALUE>fine</ANNOTATION_VALUE></REF_ANNOTATION></ANNOTATION>
    </TIER>
    <LINGUISTIC_TYPE LINGUISTIC_TYPE_ID="t" TIME_ALIGNABLE="true"/>
    <LINGUISTIC_TYPE CONSTRAINTS="Symbolic_Association" LINGUISTIC_TYPE_ID="r" TIME_ALIGNABLE="false"/>
</ANNOTATION_DOCUMENT>
"#;

#[test]
fn broken_annotations_are_skipped_and_listed_with_their_lines() {
    let options = ImportOptions {
        note_tiers: vec!["refs".into()],
        ..Default::default()
    };
    let film = import_bytes(Path::new("broken.eaf"), BROKEN.as_bytes(), ImportFormat::Eaf, &options).unwrap();
    let kept: Vec<&str> = film.shots.iter().map(|s| s.description.as_str()).collect();
    assert_eq!(kept, vec!["good", "good too"]);
    assert_eq!(film.shots[1].start, Some(Frame(25)));
    assert_eq!(
        film.shots[1].notes, "refs: fine",
        "dangling and looping references are left out"
    );
    let skipped: Vec<(Option<usize>, &str)> = film
        .report
        .skipped
        .iter()
        .map(|s| (s.line, s.reason.as_str()))
        .collect();
    assert_eq!(skipped.len(), 5, "{skipped:#?}");
    let reason = |line: usize| {
        skipped
            .iter()
            .find(|s| s.0 == Some(line))
            .map(|s| s.1)
            .unwrap_or_else(|| panic!("line {line}: {skipped:#?}"))
    };
    assert!(reason(12).contains("'ts99' is not in the TIME_ORDER"));
    assert!(reason(13).contains("ends (1000 ms) before it starts (2000 ms)"));
    assert!(reason(14).contains("\"soon\""));
    assert!(reason(15).contains("'ts5' (line 8) has no time"));
    assert!(reason(16).contains("no duration"));
    let text = film.report.lines().join("\n");
    assert!(text.contains("skipped line 12 (tier shots, annotation a2)"), "{text}");

    let doc = eaf::parse(Path::new("broken.eaf"), BROKEN.as_bytes()).unwrap();
    let refs = doc.timed("refs").unwrap();
    let problem = |id: &str| {
        refs.iter()
            .find(|a| a.id == id)
            .unwrap()
            .problem
            .clone()
            .unwrap_or_default()
    };
    assert!(problem("a8").contains("'a404', which is not in the file"));
    assert!(problem("a9").contains("loops"));
}

#[test]
fn utf16_and_latin1_files_are_read() {
    let text = String::from_utf8(bytes("elanhelpers_abui_1.eaf")).unwrap();
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(text.encode_utf16().flat_map(|u| u.to_le_bytes()));
    let film = import_bytes(
        Path::new("u16.eaf"),
        &utf16,
        ImportFormat::Eaf,
        &ImportOptions::default(),
    )
    .unwrap();
    assert_eq!(film.shots[0].description, "amakaang 你好 di kaai hada muila");
    assert!(film.report.notes.iter().any(|n| n.contains("UTF-16LE")));

    let latin1 = b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><ANNOTATION_DOCUMENT><TIME_ORDER><TIME_SLOT TIME_SLOT_ID=\"ts1\" TIME_VALUE=\"0\"/><TIME_SLOT TIME_SLOT_ID=\"ts2\" TIME_VALUE=\"800\"/></TIME_ORDER><TIER TIER_ID=\"t\" LINGUISTIC_TYPE_REF=\"x\"><ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID=\"a1\" TIME_SLOT_REF1=\"ts1\" TIME_SLOT_REF2=\"ts2\"><ANNOTATION_VALUE>Caf\xE9 de la gare, \xE9t\xE9 1936</ANNOTATION_VALUE></ALIGNABLE_ANNOTATION></ANNOTATION></TIER></ANNOTATION_DOCUMENT>";
    let film = import_bytes(
        Path::new("l1.eaf"),
        latin1,
        ImportFormat::Eaf,
        &ImportOptions::default(),
    )
    .unwrap();
    assert_eq!(film.shots[0].description, "Café de la gare, été 1936");
    assert_eq!(film.shots[0].frames(), Some(20));
}

// ---------------------------------------------------------------------------
// Fuzzing: no input makes the importer panic.

/// Cases per property; `EAF_FUZZ_CASES=N` runs N of each instead.
fn cases(default: u32) -> u32 {
    std::env::var("EAF_FUZZ_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(default)
}

fn try_all(bytes: &[u8]) {
    let path = Path::new("fuzz.eaf");
    let _ = import_bytes(path, bytes, ImportFormat::Eaf, &ImportOptions::default());
    if let Ok(doc) = eaf::parse(path, bytes) {
        for t in &doc.tiers {
            let _ = doc.timed(&t.id);
        }
        if let Some(t) = doc.tiers.last() {
            let options = ImportOptions {
                tier: doc.tiers.first().map(|t| t.id.clone()),
                description_tiers: vec![t.id.clone()],
                note_tiers: vec![t.id.clone()],
                rate: Some(FrameRate::NTSC_30),
                ..Default::default()
            };
            let _ = import_bytes(path, bytes, ImportFormat::Eaf, &options);
        }
    }
}

#[derive(Debug, Clone)]
enum Mutation {
    Flip(usize, u8),
    Delete(usize, usize),
    Insert(usize, Vec<u8>),
    Duplicate(usize, usize, usize),
    Truncate(usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Mutation::Flip(i, b)),
        (any::<usize>(), 0usize..200).prop_map(|(i, n)| Mutation::Delete(i, n)),
        (
            any::<usize>(),
            prop::collection::vec(
                prop_oneof![
                    any::<u8>(),
                    Just(b'<'),
                    Just(b'>'),
                    Just(b'"'),
                    Just(b'&'),
                    Just(b'/'),
                    Just(b'-')
                ],
                0..20
            )
        )
            .prop_map(|(i, v)| Mutation::Insert(i, v)),
        (any::<usize>(), 0usize..300, any::<usize>()).prop_map(|(i, n, j)| Mutation::Duplicate(i, n, j)),
        any::<usize>().prop_map(Mutation::Truncate),
    ]
}

fn apply(mut data: Vec<u8>, m: &Mutation) -> Vec<u8> {
    let len = data.len().max(1);
    match *m {
        Mutation::Flip(i, b) => {
            if !data.is_empty() {
                data[i % len] ^= b;
            }
        }
        Mutation::Delete(i, n) => {
            let i = i % len;
            let end = (i + n).min(data.len());
            if i < end {
                data.drain(i..end);
            }
        }
        Mutation::Insert(i, ref v) => {
            let i = i % (data.len() + 1);
            data.splice(i..i, v.iter().copied());
        }
        Mutation::Duplicate(i, n, j) => {
            let i = i % len;
            let end = (i + n).min(data.len());
            let piece: Vec<u8> = data.get(i..end).unwrap_or(&[]).to_vec();
            let j = j % (data.len() + 1);
            data.splice(j..j, piece);
        }
        Mutation::Truncate(i) => data.truncate(i % len),
    }
    data
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(2000)))]
    #[test]
    fn arbitrary_bytes_never_panic(data in prop::collection::vec(any::<u8>(), 0..2000)) {
        try_all(&data);
    }

    #[test]
    fn xml_like_bytes_never_panic(parts in prop::collection::vec(prop_oneof![
        Just("<ANNOTATION_DOCUMENT>".to_string()), Just("</ANNOTATION_DOCUMENT>".to_string()),
        Just("<TIME_ORDER>".to_string()), Just("</TIME_ORDER>".to_string()),
        Just("<TIME_SLOT TIME_SLOT_ID=\"ts1\" TIME_VALUE=\"5\"/>".to_string()),
        Just("<TIME_SLOT TIME_SLOT_ID=\"ts2\"/>".to_string()),
        Just("<TIME_SLOT TIME_SLOT_ID=\"ts3\" TIME_VALUE=\"-40\"/>".to_string()),
        Just("<TIER TIER_ID=\"t\" LINGUISTIC_TYPE_REF=\"l\">".to_string()), Just("</TIER>".to_string()),
        Just("<TIER TIER_ID=\"r\" PARENT_REF=\"t\">".to_string()),
        Just("<ANNOTATION>".to_string()), Just("</ANNOTATION>".to_string()),
        Just("<ALIGNABLE_ANNOTATION ANNOTATION_ID=\"a1\" TIME_SLOT_REF1=\"ts1\" TIME_SLOT_REF2=\"ts2\">".to_string()),
        Just("<ALIGNABLE_ANNOTATION ANNOTATION_ID=\"a2\" TIME_SLOT_REF1=\"ts2\" TIME_SLOT_REF2=\"ts3\">".to_string()),
        Just("</ALIGNABLE_ANNOTATION>".to_string()),
        Just("<REF_ANNOTATION ANNOTATION_ID=\"a3\" ANNOTATION_REF=\"a1\" PREVIOUS_ANNOTATION=\"a3\">".to_string()),
        Just("</REF_ANNOTATION>".to_string()),
        Just("<ANNOTATION_VALUE>".to_string()), Just("</ANNOTATION_VALUE>".to_string()),
        Just("<LINGUISTIC_TYPE LINGUISTIC_TYPE_ID=\"l\" TIME_ALIGNABLE=\"false\"/>".to_string()),
        "[a-z &;#<>\"]{0,8}",
    ], 0..40)) {
        try_all(parts.concat().as_bytes());
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(1500)))]
    #[test]
    fn mutated_corpus_files_never_panic(file in 0usize..FILES.len(), ms in prop::collection::vec(mutation(), 1..4)) {
        let mut data = bytes(FILES[file]);
        for m in &ms {
            data = apply(data, m);
        }
        try_all(&data);
    }
}
