//! WebVTT and W3C Web Annotation out: checked against the rules of each
//! format, and read back to the frames they came from.

use std::path::Path;

use decoupage::formats::exchange::{self, ExportFormat};
use decoupage::formats::import::{self, ImportOptions};
use decoupage::formats::{annotation, webvtt};
use decoupage::model::{Film, Frame, FrameRate, Project};
use decoupage::store;
use serde_json::Value;

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/editorial");

/// The sample project with its first film (Le journal de l'année 1935) at
/// `rate`, its shots of known length laid end to end: the sample has
/// neither rates nor start frames, and both exports need them. Its fifth
/// shot has no reported length, so it stays unplaced.
fn placed_sample(rate: FrameRate) -> Project {
    let mut project = store::load(Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/projects/stakhanov.ron"
    )))
    .unwrap();
    let film = &mut project.films[0];
    assert_eq!(film.id, "journal-1935");
    film.rate = Some(rate);
    let mut next = 0;
    for shot in &mut film.shots {
        if let Some(frames) = shot.frames() {
            shot.start = Some(Frame(next));
            next += frames;
        }
    }
    assert_eq!(film.shots.iter().filter(|s| s.start.is_some()).count(), 4);
    project
}

/// A cue as read back: id, start and end in milliseconds, text lines.
#[derive(Debug)]
struct Cue {
    id: String,
    start: i64,
    end: i64,
    text: Vec<String>,
}

fn parse_timestamp(t: &str) -> i64 {
    let (hms, ms) = t.split_once('.').expect("a timestamp has milliseconds");
    assert_eq!(ms.len(), 3, "{t}");
    let parts: Vec<i64> = hms.split(':').map(|p| p.parse().unwrap()).collect();
    assert_eq!(parts.len(), 3, "hours are always written: {t}");
    assert!(parts[1] < 60 && parts[2] < 60, "{t}");
    ((parts[0] * 60 + parts[1]) * 60 + parts[2]) * 1000 + ms.parse::<i64>().unwrap()
}

/// Reads a WebVTT file as its rules say, failing on what they forbid:
/// the `WEBVTT` signature, blocks separated by blank lines, a cue's
/// timing line, no `-->` in a text, start times that never decrease and
/// ends after starts, cue ids unique.
fn parse_vtt(text: &str) -> Vec<Cue> {
    assert!(text.starts_with("WEBVTT\n"), "{text}");
    assert!(!text.contains('\r'));
    let mut blocks = text.split("\n\n");
    let header = blocks.next().unwrap();
    assert_eq!(header, "WEBVTT");
    let mut cues = Vec::new();
    for block in blocks {
        let block = block.trim_end_matches('\n');
        assert!(!block.is_empty(), "no run of blank lines: {text:?}");
        let lines: Vec<&str> = block.split('\n').collect();
        if lines[0] == "NOTE" || lines[0].starts_with("NOTE ") {
            assert!(!block.contains("-->"));
            continue;
        }
        assert!(!lines[0].contains("-->"), "a cue id line: {block}");
        let (start, end) = lines[1].split_once(" --> ").expect("a timing line");
        let cue = Cue {
            id: lines[0].to_string(),
            start: parse_timestamp(start),
            end: parse_timestamp(end),
            text: lines[2..].iter().map(|l| l.to_string()).collect(),
        };
        for line in &cue.text {
            assert!(!line.contains("-->") && !line.trim().is_empty(), "{block}");
            assert!(!line.contains('<'), "no markup: {line}");
        }
        assert!(cue.end > cue.start, "{block}");
        cues.push(cue);
    }
    for pair in cues.windows(2) {
        assert!(pair[1].start >= pair[0].start, "cues in order of start");
    }
    let mut ids: Vec<&str> = cues.iter().map(|c| c.id.as_str()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), cues.len(), "cue ids are unique");
    cues
}

#[test]
fn webvtt_of_the_sample_film_reads_back_to_its_frames() {
    let rate = FrameRate::FPS_24;
    let project = placed_sample(rate);
    let film = &project.films[0];
    let text = exchange::export_timeline(&project, &[film], ExportFormat::WebVtt).unwrap();
    let cues = parse_vtt(&text);
    assert_eq!(cues.len(), 4);
    assert!(
        text.contains("Left out, their start or length unknown: shot 5."),
        "{text}"
    );
    for (i, (cue, shot)) in cues.iter().zip(&film.shots).enumerate() {
        assert_eq!(cue.id, (i + 1).to_string());
        let start = shot.start.unwrap().0;
        assert_eq!(rate.millis_to_frames(cue.start), start);
        assert_eq!(rate.millis_to_frames(cue.end), start + shot.frames().unwrap());
        let line = cue.text.join("\n");
        let expected = match &shot.framing {
            Some(code) => format!("[{code}] {}", shot.description),
            None => shot.description.clone(),
        };
        assert_eq!(line, expected.replace('&', "&amp;"));
    }
    // The first shot: 39 frames at 24 fps.
    assert!(
        text.contains("\n1\n00:00:00.000 --> 00:00:01.625\n[MCU] Stakhanov pushes"),
        "{text}"
    );
}

#[test]
fn webvtt_of_an_imported_table_gives_back_its_frames_at_29_97() {
    let rate = FrameRate::NTSC_30;
    let path = Path::new(CORPUS).join("csv/friends_s01e01a_pyscene.tsv");
    assert!(path.exists(), "{} is missing", path.display());
    let imported = import::import_file(
        &path,
        None,
        &ImportOptions {
            rate: Some(rate),
            ..Default::default()
        },
    )
    .unwrap();
    let mut project = Project::new("p");
    let edit = import::import_edit(&project, "friends", &imported).unwrap();
    project.apply(edit).unwrap();
    let film = project.film("friends").unwrap();
    let cues = parse_vtt(&webvtt::write(&project, film).unwrap());
    assert_eq!(cues.len(), 200);
    for (cue, shot) in cues.iter().zip(&film.shots) {
        assert_eq!(rate.millis_to_frames(cue.start), shot.start.unwrap().0);
        assert_eq!(
            rate.millis_to_frames(cue.end),
            shot.start.unwrap().0 + shot.frames().unwrap()
        );
        assert!(cue.text.is_empty(), "no description, no framing: no text");
    }
    // The last shot ends where the table says (881.293 s), within a frame:
    // its starts are frame numbers, and its seconds were counted at
    // 29.968 fps, not 29.97 (see the reference's checks).
    let last_end = rate.millis_to_frames(cues.last().unwrap().end);
    assert!((last_end - rate.millis_to_frames(881_293)).abs() <= 1, "{last_end}");
}

#[test]
fn webvtt_escapes_text_and_keeps_cues_in_order_and_refuses_without_a_rate() {
    let mut project = placed_sample(FrameRate::FPS_25);
    {
        let film = &mut project.films[0];
        film.shots[0].description = "Fire & <smoke> --> then\n\n  a second line\r\n".into();
        // The third shot starts before the second: its cue moves up.
        film.shots.swap(1, 2);
        film.shots[3].start = None;
    }
    let film = &project.films[0];
    let text = webvtt::write(&project, film).unwrap();
    let cues = parse_vtt(&text);
    assert_eq!(cues.len(), 3, "shots 4 and 5 have no start");
    assert_eq!(
        cues[0].text,
        vec!["[MCU] Fire &amp; &lt;smoke&gt; --&gt; then", "  a second line"]
    );
    assert_eq!(cues[1].id, "3", "shot 3 starts first");
    assert_eq!(cues[2].id, "2");
    assert!(
        text.contains("Left out, their start or length unknown: shots 4, 5."),
        "{text}"
    );

    let mut no_rate = project.clone();
    no_rate.films[0].rate = None;
    let err = webvtt::write(&no_rate, &no_rate.films[0]).unwrap_err();
    assert!(
        err.contains("no frame rate") && err.contains(&no_rate.films[0].id),
        "{err}"
    );
    let mut unplaced: Film = project.films[0].clone();
    for shot in &mut unplaced.shots {
        shot.start = None;
    }
    let err = webvtt::write(&project, &unplaced).unwrap_err();
    assert!(err.contains("start frame"), "{err}");
}

#[test]
fn web_annotations_of_the_sample_have_ranges_framings_and_evidence() {
    let rate = FrameRate::FPS_25;
    let mut project = placed_sample(rate);
    project.films[0].media = Some("media/Le journal 1935.mp4".into());
    let film = &project.films[0];
    let text = exchange::export_timeline(&project, &[film], ExportFormat::WebAnnotation).unwrap();
    // The context, id and type come first, as in the model's examples.
    assert!(
        text.starts_with(
            "{\n  \"@context\": \"http://www.w3.org/ns/anno.jsonld\",\n  \"id\": \"urn:decoupage:collection\",\n  \"type\": \"AnnotationCollection\","
        ),
        "{text}"
    );
    let doc: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(doc["@context"], "http://www.w3.org/ns/anno.jsonld");
    assert_eq!(doc["type"], "AnnotationCollection");
    let items = doc["first"]["items"].as_array().unwrap();
    assert_eq!(items.len(), 4, "shot 5 has no length");
    assert_eq!(doc["total"], 4);
    assert!(
        doc["label"].as_str().unwrap().contains("(1 left out"),
        "{}",
        doc["label"]
    );
    assert_eq!(doc["first"]["type"], "AnnotationPage");
    let mut evidence_bodies = 0;
    for (item, shot) in items.iter().zip(&film.shots) {
        assert_eq!(item["type"], "Annotation");
        assert!(item["id"].as_str().unwrap().starts_with("urn:decoupage:"));
        let target = &item["target"];
        assert_eq!(target["source"], "media/Le%20journal%201935.mp4");
        assert_eq!(target["selector"]["type"], "FragmentSelector");
        assert_eq!(target["selector"]["conformsTo"], "http://www.w3.org/TR/media-frags/");
        // t= in seconds to the millisecond; at 25 fps exact.
        let start = shot.start.unwrap().0;
        let end = start + shot.frames().unwrap();
        let value = format!("t={:.3},{:.3}", start as f64 / 25.0, end as f64 / 25.0);
        assert_eq!(target["selector"]["value"], value.as_str());
        let (from, to) = value[2..].split_once(',').unwrap();
        assert_eq!(rate.seconds_to_frames(from.parse().unwrap()), start);
        assert_eq!(rate.seconds_to_frames(to.parse().unwrap()), end);

        let bodies: Vec<&Value> = match &item["body"] {
            Value::Array(all) => all.iter().collect(),
            Value::Null => vec![],
            one => vec![one],
        };
        let with = |purpose: &str| {
            bodies
                .iter()
                .filter(|b| b["purpose"] == purpose)
                .copied()
                .collect::<Vec<_>>()
        };
        let described = with("describing");
        assert_eq!(described.len(), 1);
        assert_eq!(described[0]["type"], "TextualBody");
        assert_eq!(described[0]["value"], shot.description.as_str());
        let classified = with("classifying");
        match &shot.framing {
            Some(code) => {
                assert_eq!(classified.len(), 1);
                assert_eq!(classified[0]["value"], code.as_str());
                let term = project.vocabularies.framing.iter().find(|t| &t.code == code).unwrap();
                assert_eq!(classified[0]["label"], term.label.as_str());
            }
            None => assert!(classified.is_empty()),
        }
        let commented = with("commenting");
        if shot.notes.is_empty() {
            assert!(commented.is_empty());
        } else {
            assert_eq!(commented.len(), 1);
            assert_eq!(commented[0]["value"], shot.notes.as_str());
        }
        let assessed = with("assessing");
        assert_eq!(assessed.len(), shot.evidence.len());
        for (body, evidence) in assessed.iter().zip(&shot.evidence) {
            assert_eq!(body["claim"], evidence.claim.as_str());
            assert_eq!(body["stance"], evidence.stance.name());
            assert_eq!(body["evidence_kind"], evidence.kind.as_str());
            assert_eq!(body["citation"], evidence.source.as_str());
            let sentence = body["value"].as_str().unwrap();
            assert!(sentence.contains(&evidence.observation) && sentence.contains(&evidence.source));
            evidence_bodies += 1;
        }
    }
    assert!(evidence_bodies >= 5, "the sample's first film holds evidence");
}

#[test]
fn web_annotations_at_29_97_leave_out_unplaced_shots_and_refuse_a_film_without_a_rate() {
    let mut project = placed_sample(FrameRate::NTSC_30);
    project.films[0].shots[1].start = None;
    let film = &project.films[0];
    let doc: Value = serde_json::from_str(&annotation::write(&project, &[film]).unwrap()).unwrap();
    let items = doc["first"]["items"].as_array().unwrap();
    assert_eq!(items.len(), 3);
    assert!(
        doc["label"].as_str().unwrap().contains("(2 left out"),
        "{}",
        doc["label"]
    );
    // With no media, the film's id names it.
    assert_eq!(
        items[0]["target"]["source"],
        format!("urn:decoupage:film:{}", film.id).as_str()
    );
    // The third shot: frames in milliseconds at 30000/1001, rounded.
    let shot = &film.shots[2];
    let start = shot.start.unwrap().0;
    let end = start + shot.frames().unwrap();
    let ms = |f: i64| (f as f64 * 1001.0 / 30.0).round() as i64;
    assert_eq!(
        items[1]["target"]["selector"]["value"],
        format!(
            "t={}.{:03},{}.{:03}",
            ms(start) / 1000,
            ms(start) % 1000,
            ms(end) / 1000,
            ms(end) % 1000
        )
        .as_str()
    );

    let second = project.films[1].clone();
    let err = annotation::write(&project, &[film, &second]).unwrap_err();
    assert!(err.contains(&second.id) && err.contains("no frame rate"), "{err}");
}
