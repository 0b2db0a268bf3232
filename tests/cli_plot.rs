//! `decoupage plot`, run as a scholar runs it: the figure files it writes,
//! and what it refuses.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn sample() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("projects/stakhanov.ron")
}

fn plot(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_decoupage"))
        .arg("plot")
        .arg(sample())
        .args(args)
        .output()
        .unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The number after `attr="` in an SVG element's line.
fn attr(line: &str, attr: &str) -> f64 {
    let start = line.find(&format!(" {attr}=\"")).unwrap() + attr.len() + 3;
    let end = start + line[start..].find('"').unwrap();
    line[start..end].parse().unwrap()
}

/// The text elements of an SVG: (y attribute, text).
fn texts(svg: &str) -> Vec<(f64, String)> {
    let lines: Vec<&str> = svg.lines().collect();
    lines
        .windows(2)
        .filter(|w| w[0].starts_with("<text"))
        .map(|w| (attr(w[0], "y"), w[1].to_string()))
        .collect()
}

#[test]
fn the_cutting_graph_of_the_journal_shows_its_title_and_four_lengths() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("journal.svg");
    let o = plot(&[
        "--kind",
        "cutting",
        "--film",
        "journal-1935",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let svg = fs::read_to_string(&out).unwrap();
    let texts = texts(&svg);
    assert!(
        texts.iter().any(|(_, t)| t.contains("Le journal de l&apos;année 1935")),
        "{texts:?}"
    );
    assert!(texts.iter().any(|(_, t)| t == "4 of 5 shots with a known length"));
    assert!(texts.iter().any(|(_, t)| t == "Shot length (frames)"));

    // Four points in the series colour, at the heights of 39, 36, 36 and 29
    // frames read against the y axis's tick labels 0 and 30.
    let circles: Vec<&str> = svg
        .lines()
        .filter(|l| l.starts_with("<circle") && l.contains("fill=\"#0072B2\""))
        .collect();
    assert_eq!(circles.len(), 4, "{svg}");
    let tick_y = |label: &str| {
        texts
            .iter()
            .filter(|(_, t)| t == label)
            .map(|(y, _)| *y)
            .fold(f64::INFINITY, f64::min)
    };
    let (y0, y30) = (tick_y("0"), tick_y("30"));
    let frames: Vec<f64> = circles
        .iter()
        .map(|l| ((attr(l, "cy") - y0) / (y30 - y0) * 30.0).round())
        .collect();
    assert_eq!(frames, vec![39.0, 36.0, 36.0, 29.0]);
    let xs: Vec<f64> = circles.iter().map(|l| attr(l, "cx")).collect();
    assert!(xs.windows(2).all(|w| w[0] < w[1]), "in film order: {xs:?}");
}

#[test]
fn png_has_the_size_asked_for_and_a_picture_in_it() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("journal.png");
    let o = plot(&[
        "--kind",
        "lengths",
        "--film",
        "journal-1935",
        "-o",
        out.to_str().unwrap(),
        "--width",
        "800",
        "--height",
        "500",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let bytes = fs::read(&out).unwrap();
    let mut reader = png::Decoder::new(std::io::Cursor::new(bytes)).read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    assert_eq!((info.width, info.height), (800, 500));
    let pixels = &buf[..info.buffer_size()];
    let colours: std::collections::HashSet<&[u8]> = pixels.chunks(3).collect();
    assert!(colours.len() > 10, "{} colours", colours.len());
    // The bars are in the first series colour.
    let bars = pixels.chunks(3).filter(|p| *p == [0, 114, 178]).count();
    assert!(bars > 1000, "{bars} pixels of bars");
}

#[test]
fn scale_bars_cover_every_film_by_default() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("scale.svg");
    let o = plot(&["--kind", "scale", "-o", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let svg = fs::read_to_string(&out).unwrap();
    let texts: Vec<String> = texts(&svg).into_iter().map(|(_, t)| t).collect();
    assert!(texts.iter().any(|t| t.starts_with("12 films")), "{texts:?}");
    for code in ["CU", "MCU", "MS", "LS", "unknown"] {
        assert!(texts.iter().any(|t| t == code), "{code}: {texts:?}");
    }
    assert!(texts.iter().any(|t| t == "La voie des siècles"));
    assert!(
        texts
            .iter()
            .any(|t| t == "31 of 42 shots with a known framing in 12 films")
    );
}

#[test]
fn a_film_without_known_lengths_says_so_on_the_figure() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("archives.svg");
    let o = plot(&["-k", "cutting", "--film", "archives-57", "-o", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let svg = fs::read_to_string(&out).unwrap();
    assert!(svg.contains("\nNo shot length is known in Archives n°57\n"), "{svg}");
    assert!(svg.contains("\n0 of 3 shots with a known length\n"));
    assert!(!svg.contains("<circle"));
}

#[test]
fn wrong_requests_write_nothing_and_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let gif = dir.path().join("figure.gif");
    let o = plot(&["--kind", "scale", "-o", gif.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains(&format!(
            "{}: a figure is written as .svg or .png, not .gif",
            gif.display()
        )),
        "{err}"
    );

    let svg = dir.path().join("figure.svg");
    let o = plot(&["--kind", "cutting", "--film", "nosuch", "-o", svg.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("there is no film 'nosuch'"), "{}", stderr(&o));

    let o = plot(&["--kind", "pie", "-o", svg.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("'pie' is not a kind of figure"), "{}", stderr(&o));

    let o = plot(&["--kind", "scale", "--width", "20", "-o", svg.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("20×600 pixels"), "{}", stderr(&o));

    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0, "nothing written");

    let o = Command::new(env!("CARGO_BIN_EXE_decoupage"))
        .args(["plot", "no/such.ron", "-k", "scale", "-o"])
        .arg(&svg)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no/such.ron"), "{}", stderr(&o));
}
