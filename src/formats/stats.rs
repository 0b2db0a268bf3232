//! Film statistics written out: CSV, JSON (the documented contract) and
//! Markdown.

use std::fmt::Write as _;

use crate::analysis::stats::FilmStats;

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map_or(String::new(), |v| v.to_string())
}

fn scale_text(s: &FilmStats) -> String {
    s.scale_order
        .iter()
        .map(|code| format!("{code} {}", s.scale[code]))
        .collect::<Vec<_>>()
        .join("; ")
}

const COLUMNS: [&str; 16] = [
    "film",
    "title",
    "shots",
    "known_lengths",
    "total_frames",
    "rate",
    "total_seconds",
    "asl_frames",
    "median_frames",
    "sd_frames",
    "min_frames",
    "max_frames",
    "asl_seconds",
    "median_seconds",
    "scale",
    "reuse_share",
];

fn cells(s: &FilmStats) -> Vec<String> {
    vec![
        s.film.clone(),
        s.title.clone(),
        s.shots.to_string(),
        s.known_lengths.to_string(),
        opt(s.total_frames),
        opt(s.rate.clone()),
        opt(s.total_seconds),
        opt(s.asl_frames),
        opt(s.median_frames),
        opt(s.sd_frames),
        opt(s.min_frames),
        opt(s.max_frames),
        opt(s.asl_seconds),
        opt(s.median_seconds),
        scale_text(s),
        opt(s.reuse_share),
    ]
}

pub fn to_csv(stats: &[FilmStats]) -> Result<String, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(COLUMNS)?;
    for s in stats {
        w.write_record(cells(s))?;
    }
    w.flush()?;
    let bytes = w.into_inner().map_err(|e| csv::Error::from(e.into_error()))?;
    Ok(String::from_utf8(bytes).expect("CSV of UTF-8 text is UTF-8"))
}

pub fn to_json(stats: &[FilmStats]) -> serde_json::Result<String> {
    let mut text = serde_json::to_string_pretty(stats)?;
    text.push('\n');
    Ok(text)
}

pub fn to_markdown(stats: &[FilmStats]) -> String {
    let esc = |s: &str| s.replace('|', "\\|");
    let mut out = String::from(
        "| film | shots | known lengths | total frames | ASL (frames) | median | sd | ASL (s) | scale | reuse share |\n\
         |---|---:|---:|---:|---:|---:|---:|---:|---|---:|\n",
    );
    for s in stats {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            esc(&s.title),
            s.shots,
            s.coverage(),
            opt(s.total_frames),
            opt(s.asl_frames),
            opt(s.median_frames),
            opt(s.sd_frames),
            opt(s.asl_seconds),
            esc(&scale_text(s)),
            s.reuse_share.map_or(String::new(), |r| format!("{:.1} %", r * 100.0)),
        );
    }
    let notes: Vec<String> = stats
        .iter()
        .flat_map(|s| s.notes.iter().map(move |n| format!("- {}: {n}", s.film)))
        .collect();
    if !notes.is_empty() {
        out.push_str("\nWhat could not be computed:\n\n");
        out.push_str(&notes.join("\n"));
        out.push('\n');
    }
    out
}
