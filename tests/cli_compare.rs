//! `decoupage compare` and `decoupage stats`: the JSON contracts, and the
//! article's findings read from them as a script would.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::{Value, json};

fn sample() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("projects/stakhanov.ron")
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_decoupage"))
        .args(args)
        .output()
        .unwrap()
}

fn json_of(args: &[&str]) -> Value {
    let o = run(args);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    serde_json::from_slice(&o.stdout).unwrap()
}

#[test]
fn compare_json_follows_the_contract_and_shows_the_findings() {
    let s = sample();
    let late = json_of(&[
        "compare",
        s.to_str().unwrap(),
        "bataille",
        "archives-01",
        "voie-des-siecles",
        "plus-cher",
    ]);
    // 1. the bouquet is the only footage all four late compilations share
    assert_eq!(
        late["films"],
        json!(["bataille", "archives-01", "voie-des-siecles", "plus-cher"])
    );
    assert_eq!(late["common"], json!(["bouquet-cu"]));
    // 4. plus-cher alone has no exit from the mine, and alone the 1981 take
    assert_eq!(
        late["presence"]["exit-mine"],
        json!(["bataille", "archives-01", "voie-des-siecles"])
    );
    assert_eq!(late["presence"]["drill-ms-1981"], json!(["plus-cher"]));

    let all = json_of(&["compare", s.to_str().unwrap()]);
    assert_eq!(all["films"].as_array().unwrap().len(), 12);
    assert_eq!(all["common"], json!([]));
    // 3. the drilling footage in four films, with its variants
    let drill = all["appearances"]["drill-mcu"].as_array().unwrap();
    assert_eq!(drill.len(), 5);
    assert_eq!(
        drill[0],
        json!({"film": "journal-1935", "shot": 1, "piece": null, "frames": 39,
               "variants": ["mouth half-open", "coal does not collapse"]})
    );
    let films_of = |variant: &str| -> Vec<&str> {
        drill
            .iter()
            .filter(|a| a["variants"].as_array().unwrap().iter().any(|v| v == variant))
            .map(|a| a["film"].as_str().unwrap())
            .collect()
    };
    assert_eq!(films_of("mouth closed"), vec!["bataille", "archives-01"]);
    assert_eq!(
        films_of("mouth half-open"),
        vec!["journal-1935", "archives-01", "voie-des-siecles"]
    );
    // 2. journal and voie share their editing: the best pair, all journal's shots matched
    let alignments = all["alignments"].as_array().unwrap();
    assert_eq!(alignments.len(), 66, "12 films, 66 pairs");
    let best = alignments
        .iter()
        .max_by(|a, b| a["score"].as_f64().unwrap().total_cmp(&b["score"].as_f64().unwrap()))
        .unwrap();
    assert_eq!(
        (best["a"].as_str(), best["b"].as_str()),
        (Some("journal-1935"), Some("voie-des-siecles"))
    );
    assert_eq!(best["score"], json!(0.8333));
    let ops = best["ops"].as_array().unwrap();
    assert_eq!(
        ops[2],
        json!({"op": "insert", "a_shot": null, "b_shot": 3, "footage": "conveyor-b"})
    );
    assert_eq!(ops.iter().filter(|o| o["op"] == "match").count(), 5);
    // 5. Stalin's speech from six films, in order
    let pieces: Vec<(u64, &str)> = all["reconstructions"]["stalin-speech"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["piece"].as_u64().unwrap(), p["film"].as_str().unwrap()))
        .collect();
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
}

#[test]
fn stats_json_follows_the_contract_and_states_coverage() {
    let s = sample();
    let stats = json_of(&[
        "stats",
        s.to_str().unwrap(),
        "journal-1935",
        "depute",
        "--format",
        "json",
    ]);
    let list = stats.as_array().unwrap();
    assert_eq!(list.len(), 2);
    let j = &list[0];
    // 6. 39 + 36 + 36 + 29 frames known, the bouquet shot unknown
    assert_eq!(j["film"], "journal-1935");
    assert_eq!(j["shots"], 5);
    assert_eq!(j["known_lengths"], 4);
    assert_eq!(j["total_frames"], 140);
    assert_eq!(j["asl_frames"], json!(35.0));
    assert_eq!(j["median_frames"], json!(36.0));
    assert_eq!(j["sd_frames"], json!(4.243));
    assert_eq!(j["asl_seconds"], Value::Null, "no frame rate is known");
    assert_eq!(j["scale"], json!({"CU": 1, "MCU": 2, "LS": 1, "unknown": 1}));
    assert_eq!(
        j["reuse_share"],
        json!(1.0),
        "every known frame shows footage found in another film"
    );
    let d = &list[1];
    assert_eq!(d["known_lengths"], 0);
    assert_eq!(d["total_frames"], Value::Null);
    assert_eq!(d["asl_frames"], Value::Null);
    assert_eq!(d["reuse_share"], Value::Null);
    assert!(d["notes"][0].as_str().unwrap().contains("no shot length is known"));

    let md = run(&["stats", s.to_str().unwrap(), "--format", "md"]);
    let md = String::from_utf8(md.stdout).unwrap();
    assert!(
        md.contains("| Le journal de l'année 1935 | 5 | 4 of 5 shots | 140 | 35 | 36 | 4.243 |"),
        "{md}"
    );
    let csv = String::from_utf8(run(&["stats", s.to_str().unwrap(), "--format", "csv"]).stdout).unwrap();
    assert_eq!(csv.lines().count(), 13);
    assert!(csv.starts_with("film,title,shots,known_lengths,total_frames"));
}

#[test]
fn compare_reports_and_bad_film_ids() {
    let s = sample();
    let md = String::from_utf8(run(&["compare", s.to_str().unwrap(), "--format", "md"]).stdout).unwrap();
    assert!(md.contains("| journal-1935 | voie-des-siecles | 0.833 | 5 |"), "{md}");
    assert!(md.contains("**stalin-speech**: 1. archives-63 shot 1 → 2. archives-41 shot 1"));
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("c.html");
    let o = run(&[
        "compare",
        s.to_str().unwrap(),
        "--format",
        "html",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0));
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>") && html.contains("<th>bouquet-cu</th>"));
    let o = run(&["compare", s.to_str().unwrap(), "no-such-film"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("there is no film 'no-such-film'"));
    let o = run(&["stats", s.to_str().unwrap(), "--format", "pdf"]);
    assert_eq!(o.status.code(), Some(2));
}
