//! The command line, run as a scholar runs it: outputs, files and exit codes.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn sample() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("projects/stakhanov.ron")
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_decoupage"))
        .args(args)
        .output()
        .unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

#[test]
fn info_lists_films_and_counts() {
    let o = run(&["info", sample().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    let journal = out.lines().find(|l| l.starts_with("journal-1935")).unwrap();
    let cols: Vec<&str> = journal.split_whitespace().collect();
    // id, title..., year, shots, known, frames
    assert_eq!(&cols[cols.len() - 4..], &["1993", "5", "4", "140"]);
    assert!(journal.contains("Le journal de l'année 1935"));
    assert_eq!(out.lines().filter(|l| l.starts_with("archives-")).count(), 7);
    assert!(out.contains("12 films, 42 shots (4 with a known length, 140 frames), 12 footage, 9 evidence items"));
}

#[test]
fn validate_passes_on_the_sample_and_fails_with_places() {
    let o = run(&["validate", sample().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(stdout(&o).lines().count(), 1);

    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.ron");
    let text = fs::read_to_string(sample())
        .unwrap()
        .replacen("framing: Some(\"LS\")", "framing: Some(\"XLS\")", 1)
        .replacen("frames: 36,", "frames: 0,", 1);
    fs::write(&bad, &text).unwrap();
    let o = run(&["validate", bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(
        out.contains("bad.ron: film 'journal-1935', shot 2, length: a length must be at least 1 frame, not 0"),
        "{out}"
    );
    assert!(
        out.contains("bad.ron: film 'journal-1935', shot 3, framing: 'XLS' is not in the framing scale"),
        "{out}"
    );
    assert!(stderr(&o).contains("2 problems"));
    assert_eq!(fs::read_to_string(&bad).unwrap(), text, "validate never writes");
}

#[test]
fn bad_files_get_exit_codes_and_places() {
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("broken.ron");
    let text = fs::read_to_string(sample()).unwrap();
    fs::write(&broken, &text[..text.len() / 3]).unwrap();
    for cmd in ["info", "validate", "export"] {
        let mut args = vec![cmd, broken.to_str().unwrap()];
        if cmd == "export" {
            args.extend(["--format", "csv"]);
        }
        let o = run(&args);
        assert_eq!(o.status.code(), Some(1), "{cmd}");
        let err = stderr(&o);
        assert!(err.starts_with(&format!("decoupage: {}:", broken.display())), "{err}");
        assert!(o.stdout.is_empty());
    }
    assert_eq!(fs::read_to_string(&broken).unwrap(), &text[..text.len() / 3]);

    let o = run(&["info", dir.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("is a directory"));
    let o = run(&["info", dir.path().join("nope.ron").to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("nope.ron"));
    let o = run(&["export", sample().to_str().unwrap(), "--format", "pdf"]);
    assert_eq!(o.status.code(), Some(2));
    let o = run(&[
        "export",
        sample().to_str().unwrap(),
        "--format",
        "csv",
        "--film",
        "nope",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("there is no film 'nope'"));
    let o = run(&["export", sample().to_str().unwrap(), "--format", "xlsx"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("-o"));
}

#[test]
fn new_creates_an_empty_project_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mine.ron");
    let o = run(&["new", path.to_str().unwrap(), "--title", "Newsreels of 1936"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let project = decoupage::store::load(&path).unwrap();
    assert_eq!(project.title, "Newsreels of 1936");
    assert!(project.films.is_empty());
    assert_eq!(project.vocabularies.framing.len(), 7);
    let o = run(&["validate", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0));

    // an existing file, even a broken one, is left alone
    fs::write(&path, b"(schema: 2, title: \"half").unwrap();
    let o = run(&["new", path.to_str().unwrap(), "--title", "Other"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("already exists"));
    assert_eq!(fs::read(&path).unwrap(), b"(schema: 2, title: \"half");
    let o = run(&["new", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "--title is required");
}

fn export(format: &str, extra: &[&str]) -> String {
    let mut args = vec![
        "export",
        sample().to_str().unwrap().to_owned().leak(),
        "--format",
        format,
    ];
    args.extend(extra);
    let o = run(&args);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    stdout(&o)
}

const HEADER: &str = "film_id,shot_no,start_frame,frames,frames_source,seconds,timecode_in,framing,footage_id,piece,variant,description,evidence,notes,clip_name,source,source_in,source_out";

#[test]
fn csv_and_tsv_have_the_columns_in_order_and_empty_unknowns() {
    let csv = export("csv", &[]);
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some(HEADER));
    assert_eq!(csv.lines().count(), 43);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let j1 = &rows[0];
    assert_eq!(&j1[0], "journal-1935");
    assert_eq!(&j1[1], "1");
    assert_eq!(&j1[2], "", "start unknown: empty, never 0");
    assert_eq!(&j1[3], "39");
    assert_eq!(&j1[4], "reported");
    assert_eq!(&j1[5], "", "no rate, no seconds");
    assert_eq!(&j1[7], "MCU");
    assert_eq!(&j1[8], "drill-mcu");
    assert_eq!(&j1[10], "mouth half-open; coal does not collapse");
    assert_eq!(&j1[12], "4");
    let a57 = rows.iter().find(|r| &r[0] == "archives-57" && &r[1] == "2").unwrap();
    assert_eq!(&a57[6], "00:02:11");
    assert_eq!(&a57[9], "4");
    // one film only
    let only = export("tsv", &["--film", "voie-des-siecles"]);
    assert_eq!(only.lines().next().unwrap(), HEADER.replace(',', "\t"));
    assert_eq!(only.lines().count(), 8);
    assert!(
        only.lines()
            .skip(1)
            .all(|l| l.starts_with("voie-des-siecles\t") && l.split('\t').count() == 18)
    );
}

#[test]
fn seconds_and_timecode_appear_once_a_rate_is_known() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rated.ron");
    let text = fs::read_to_string(sample()).unwrap().replacen(
        "memory_phase: \"looking back\",",
        "memory_phase: \"looking back\",\n            rate: Some(\"24\"),",
        1,
    );
    // fields keep their order: rate goes before sound
    let text = text.replacen(
        "            sound: \"sound (French voice-over)\",\n            memory_phase: \"looking back\",\n            rate: Some(\"24\"),",
        "            rate: Some(\"24\"),\n            sound: \"sound (French voice-over)\",\n            memory_phase: \"looking back\",",
        1,
    );
    fs::write(&path, text).unwrap();
    let o = run(&[
        "export",
        path.to_str().unwrap(),
        "--format",
        "json",
        "--film",
        "journal-1935",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let rows: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(rows[0]["seconds"], serde_json::json!(1.625));
    assert_eq!(rows[1]["seconds"], serde_json::json!(1.5));
    assert_eq!(
        rows[4]["seconds"],
        serde_json::Value::Null,
        "unknown length, unknown seconds"
    );
}

#[test]
fn json_uses_numbers_and_nulls() {
    let json = export("json", &[]);
    let rows: serde_json::Value = serde_json::from_str(&json).unwrap();
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 42);
    let keys: Vec<&str> = rows[0].as_object().unwrap().keys().map(String::as_str).collect();
    let mut expected: Vec<&str> = HEADER.split(',').collect();
    expected.sort();
    let mut keys_sorted = keys.clone();
    keys_sorted.sort();
    assert_eq!(keys_sorted, expected);
    // and in column order in the text
    let first_object = &json[..json.find('}').unwrap()];
    let positions: Vec<usize> = HEADER
        .split(',')
        .map(|k| first_object.find(&format!("\"{k}\"")).unwrap())
        .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]));
    assert_eq!(rows[0]["frames"], serde_json::json!(39));
    assert_eq!(rows[0]["evidence"], serde_json::json!(4));
    assert_eq!(rows[0]["start_frame"], serde_json::Value::Null);
    assert_eq!(rows[4]["frames"], serde_json::Value::Null);
}

#[test]
fn latex_escapes_and_uses_booktabs() {
    let tex = export("latex", &[]);
    assert!(tex.contains("\\usepackage{booktabs}"));
    assert!(tex.contains("\\toprule") && tex.contains("\\midrule") && tex.contains("\\bottomrule"));
    assert!(tex.contains("film\\_id & shot\\_no"));
    assert!(
        tex.contains("\\caption{Stakhanov in the Gaumont Pathé archives}"),
        "the caption keeps accents"
    );
    assert_eq!(
        decoupage::formats::table::latex_escape("a & b % $ # _ { } ~ ^ \\"),
        "a \\& b \\% \\$ \\# \\_ \\{ \\} \\textasciitilde{} \\textasciicircum{} \\textbackslash{}"
    );
    // every data row has 14 cells: no shot of the sample was imported, so
    // the four source columns are left out of the page
    assert!(!tex.contains("clip\\_name"));
    let rows: Vec<&str> = tex.lines().filter(|l| l.starts_with("journal-1935 &")).collect();
    assert_eq!(rows.len(), 5);
    assert!(rows.iter().all(|r| r.matches(" & ").count() == 13));
}

#[test]
fn html_is_a_standalone_page() {
    let html = export("html", &["--film", "plus-cher"]);
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("<meta charset=\"utf-8\">"));
    assert!(html.contains("<title>Ce qu&#39;il y a de plus cher, épisode 2 : Reconstruction</title>"));
    assert_eq!(html.matches("<tr>").count(), 5, "header and four shots");
    assert!(html.trim_end().ends_with("</html>"));
}

#[test]
fn markdown_is_a_pipe_table() {
    let md = export("md", &["--film", "journal-1935"]);
    let lines: Vec<&str> = md.lines().collect();
    assert_eq!(lines.len(), 7);
    assert!(lines[1].starts_with("| --- | ---: |"));
    assert!(lines.iter().all(|l| l.matches(" |").count() >= 14));
}

#[test]
fn xlsx_has_typed_numbers_and_a_frozen_header() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("shots.xlsx");
    let o = run(&[
        "export",
        sample().to_str().unwrap(),
        "--format",
        "xlsx",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let mut zip = zip::ZipArchive::new(fs::File::open(&out).unwrap()).unwrap();
    let mut sheet = String::new();
    zip.by_name("xl/worksheets/sheet1.xml")
        .unwrap()
        .read_to_string(&mut sheet)
        .unwrap();
    assert!(
        sheet.contains("<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>"),
        "{sheet}"
    );
    // D2 is the 39 frames of journal-1935 shot 1, as a number cell
    assert!(
        sheet.contains("<c r=\"D2\"><v>39</v></c>"),
        "{}",
        &sheet[..sheet.len().min(3000)]
    );
    // C2 (start frame) is unknown: no cell at all, not 0
    assert!(!sheet.contains("<c r=\"C2\""));
    let mut strings = String::new();
    zip.by_name("xl/sharedStrings.xml")
        .unwrap()
        .read_to_string(&mut strings)
        .unwrap();
    assert!(strings.contains("drill-mcu") && strings.contains("film_id"));
}

#[test]
fn import_corpus_writes_the_sample() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("sample.ron");
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/stakhanov-corpus");
    let o = run(&[
        "import-corpus",
        corpus.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--sample",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(fs::read(&out).unwrap(), fs::read(sample()).unwrap());
    let o = run(&[
        "import-corpus",
        dir.path().join("nothing").to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("films.csv"));
}
