//! The shot table: one row per shot, written as CSV, TSV, Markdown, LaTeX,
//! HTML, XLSX or JSON. An unknown value is an empty cell (null in JSON),
//! never 0.

use std::fmt::Write as _;
use std::str::FromStr;

use serde::Serialize;

use crate::model::{Film, Project, Timecode};

/// The columns, in their order.
pub const COLUMNS: [&str; 18] = [
    "film_id",
    "shot_no",
    "start_frame",
    "frames",
    "frames_source",
    "seconds",
    "timecode_in",
    "framing",
    "footage_id",
    "piece",
    "variant",
    "description",
    "evidence",
    "notes",
    "clip_name",
    "source",
    "source_in",
    "source_out",
];

/// Which columns hold numbers (right-aligned, typed cells).
const NUMERIC: [bool; 18] = [
    false, true, true, true, false, true, false, false, false, true, false, false, true, false, false, false, true,
    true,
];

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ShotRow {
    pub film_id: String,
    pub shot_no: usize,
    pub start_frame: Option<i64>,
    pub frames: Option<i64>,
    pub frames_source: Option<&'static str>,
    pub seconds: Option<f64>,
    pub timecode_in: Option<String>,
    pub framing: Option<String>,
    pub footage_id: Option<String>,
    pub piece: Option<u32>,
    pub variant: Option<String>,
    pub description: Option<String>,
    pub evidence: usize,
    pub notes: Option<String>,
    pub clip_name: Option<String>,
    /// Reel or media file name.
    pub source: Option<String>,
    pub source_in: Option<i64>,
    /// Exclusive.
    pub source_out: Option<i64>,
}

fn non_empty(s: &str) -> Option<String> {
    (!s.trim().is_empty()).then(|| s.to_string())
}

/// Seconds rounded to the millisecond.
fn round_ms(seconds: f64) -> f64 {
    (seconds * 1000.0).round() / 1000.0
}

impl ShotRow {
    /// The cells as text, empty where unknown.
    pub fn cells(&self) -> [String; 18] {
        fn opt<T: ToString>(v: &Option<T>) -> String {
            v.as_ref().map_or(String::new(), ToString::to_string)
        }
        [
            self.film_id.clone(),
            self.shot_no.to_string(),
            opt(&self.start_frame),
            opt(&self.frames),
            opt(&self.frames_source),
            self.seconds.map_or(String::new(), |s| format!("{s:.3}")),
            opt(&self.timecode_in),
            opt(&self.framing),
            opt(&self.footage_id),
            opt(&self.piece),
            opt(&self.variant),
            opt(&self.description),
            self.evidence.to_string(),
            opt(&self.notes),
            opt(&self.clip_name),
            opt(&self.source),
            opt(&self.source_in),
            opt(&self.source_out),
        ]
    }
}

/// The rows of one film.
pub fn film_rows(film: &Film) -> Vec<ShotRow> {
    film.shots
        .iter()
        .enumerate()
        .map(|(i, shot)| {
            let frames = shot.frames();
            // The film's own timecode when it has one (an imported edit
            // starting at 01:00:00:00), else counted from its first frame.
            let offset = film.timecode_start.map_or(0, |f| f.0);
            let timecode_in = match (shot.start, film.rate) {
                (Some(start), Some(rate)) => start
                    .0
                    .checked_add(offset)
                    .and_then(|f| Timecode::from_frame(f, rate, film.drop_frame).ok())
                    .map(|t| t.to_string()),
                _ => shot.time_in.map(|t| t.to_string()),
            };
            let source = shot.source.as_ref();
            ShotRow {
                film_id: film.id.clone(),
                shot_no: i + 1,
                start_frame: shot.start.map(|f| f.0),
                frames,
                frames_source: shot.length.as_ref().map(|l| l.source.name()),
                seconds: frames
                    .zip(film.rate)
                    .map(|(n, rate)| round_ms(rate.frames_to_seconds(n))),
                timecode_in,
                framing: shot.framing.clone(),
                footage_id: shot.footage.as_ref().map(|u| u.footage.clone()),
                piece: shot.footage.as_ref().and_then(|u| u.piece),
                variant: shot.footage.as_ref().and_then(|u| non_empty(&u.variants.join("; "))),
                description: non_empty(&shot.description),
                evidence: shot.evidence.len(),
                notes: non_empty(&shot.notes),
                clip_name: source.and_then(|c| non_empty(&c.clip_name)),
                source: source.and_then(|c| non_empty(&c.source)),
                source_in: source.and_then(|c| c.source_in).map(|f| f.0),
                source_out: source.and_then(|c| c.source_out).map(|f| f.0),
            }
        })
        .collect()
}

/// The rows of every film, or of the films named in `only`.
pub fn project_rows(project: &Project, only: &[String]) -> Vec<ShotRow> {
    project
        .films
        .iter()
        .filter(|f| only.is_empty() || only.contains(&f.id))
        .flat_map(film_rows)
        .collect()
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TableFormat {
    Csv,
    Tsv,
    Markdown,
    Latex,
    Html,
    Xlsx,
    Json,
}

impl TableFormat {
    pub const ALL: [TableFormat; 7] = [
        TableFormat::Csv,
        TableFormat::Tsv,
        TableFormat::Markdown,
        TableFormat::Latex,
        TableFormat::Html,
        TableFormat::Xlsx,
        TableFormat::Json,
    ];

    pub fn name(&self) -> &'static str {
        match self {
            TableFormat::Csv => "csv",
            TableFormat::Tsv => "tsv",
            TableFormat::Markdown => "md",
            TableFormat::Latex => "latex",
            TableFormat::Html => "html",
            TableFormat::Xlsx => "xlsx",
            TableFormat::Json => "json",
        }
    }

    pub fn extension(&self) -> &'static str {
        match self {
            TableFormat::Latex => "tex",
            other => other.name(),
        }
    }

    /// Whether the output is text that can go to a terminal.
    pub fn is_text(&self) -> bool {
        *self != TableFormat::Xlsx
    }
}

impl FromStr for TableFormat {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "csv" => Ok(TableFormat::Csv),
            "tsv" => Ok(TableFormat::Tsv),
            "md" | "markdown" => Ok(TableFormat::Markdown),
            "latex" | "tex" => Ok(TableFormat::Latex),
            "html" => Ok(TableFormat::Html),
            "xlsx" => Ok(TableFormat::Xlsx),
            "json" => Ok(TableFormat::Json),
            _ => Err(format!(
                "unknown table format '{s}' (csv, tsv, md, latex, html, xlsx, json)"
            )),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum TableError {
    #[error("cannot write the CSV table: {0}")]
    Csv(#[from] csv::Error),
    #[error("cannot write the XLSX workbook: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
    #[error("cannot write the JSON table: {0}")]
    Json(#[from] serde_json::Error),
}

/// The table in `format`, as the bytes of a file. `title` heads the
/// documents that have a title (HTML, LaTeX, XLSX sheet).
pub fn render(rows: &[ShotRow], format: TableFormat, title: &str) -> Result<Vec<u8>, TableError> {
    Ok(match format {
        TableFormat::Csv => delimited(rows, b',')?,
        TableFormat::Tsv => delimited(rows, b'\t')?,
        TableFormat::Markdown => markdown(rows).into_bytes(),
        TableFormat::Latex => latex(rows, title).into_bytes(),
        TableFormat::Html => html(rows, title).into_bytes(),
        TableFormat::Xlsx => xlsx(rows, title)?,
        TableFormat::Json => {
            let mut out = serde_json::to_vec_pretty(rows)?;
            out.push(b'\n');
            out
        }
    })
}

fn delimited(rows: &[ShotRow], delimiter: u8) -> Result<Vec<u8>, TableError> {
    let mut writer = csv::WriterBuilder::new().delimiter(delimiter).from_writer(Vec::new());
    writer.write_record(COLUMNS)?;
    for row in rows {
        let cells = row.cells();
        if delimiter == b'\t' {
            // A TSV cell cannot hold a tab or a line break.
            let cells = cells.map(|c| c.replace(['\t', '\n', '\r'], " "));
            writer.write_record(&cells)?;
        } else {
            writer.write_record(&cells)?;
        }
    }
    writer.flush().map_err(csv::Error::from)?;
    Ok(writer.into_inner().map_err(|e| csv::Error::from(e.into_error()))?)
}

/// The columns of a table meant to be read (Markdown, LaTeX, HTML): all
/// of them, but the four of an imported shot's source (clip name, source,
/// source in and out) only when some shot has one, so that a table of
/// shots counted on the film fits its page. Data formats (CSV, TSV, JSON,
/// XLSX) always have every column.
fn shown_columns(rows: &[ShotRow]) -> Vec<usize> {
    let sourced = rows
        .iter()
        .any(|r| r.clip_name.is_some() || r.source.is_some() || r.source_in.is_some() || r.source_out.is_some());
    let n = if sourced { COLUMNS.len() } else { COLUMNS.len() - 4 };
    (0..n).collect()
}

fn markdown(rows: &[ShotRow]) -> String {
    let escape = |s: &str| s.replace('|', "\\|").replace(['\n', '\r'], " ");
    let columns = shown_columns(rows);
    let mut out = String::new();
    out.push_str("| ");
    out.push_str(&columns.iter().map(|&c| COLUMNS[c]).collect::<Vec<_>>().join(" | "));
    out.push_str(" |\n|");
    for &c in &columns {
        out.push_str(if NUMERIC[c] { " ---: |" } else { " --- |" });
    }
    out.push('\n');
    for row in rows {
        out.push('|');
        let cells = row.cells();
        for &c in &columns {
            let _ = write!(out, " {} |", escape(&cells[c]));
        }
        out.push('\n');
    }
    out
}

/// Escapes the characters LaTeX gives a meaning to.
pub fn latex_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' | '%' | '$' | '#' | '_' | '{' | '}' => {
                out.push('\\');
                out.push(c);
            }
            '~' => out.push_str("\\textasciitilde{}"),
            '^' => out.push_str("\\textasciicircum{}"),
            '\\' => out.push_str("\\textbackslash{}"),
            '\n' | '\r' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

fn latex(rows: &[ShotRow], title: &str) -> String {
    let columns = shown_columns(rows);
    let spec: String = columns
        .iter()
        .map(|&c| (COLUMNS[c], NUMERIC[c]))
        .map(|(name, numeric)| match (name, numeric) {
            ("description", _) => ">{\\raggedright\\arraybackslash}p{4.2cm}",
            ("notes", _) => ">{\\raggedright\\arraybackslash}p{3.6cm}",
            ("variant", _) => ">{\\raggedright\\arraybackslash}p{2.0cm}",
            (_, true) => "r",
            (_, false) => "l",
        })
        .collect();
    let header = columns
        .iter()
        .map(|&c| latex_escape(COLUMNS[c]))
        .collect::<Vec<_>>()
        .join(" & ");
    let mut out = String::new();
    out.push_str("% Shot table written by Découpage. The table needs array, booktabs and longtable;\n");
    out.push_str("% to use it inside another document, copy from \\begin{longtable} to \\end{longtable}.\n");
    out.push_str("\\documentclass[10pt]{article}\n\\usepackage[T1]{fontenc}\n\\usepackage[utf8]{inputenc}\n");
    out.push_str(
        "\\usepackage[a4paper,landscape,margin=1cm]{geometry}\n\\usepackage{array}\n\\usepackage{booktabs}\n\\usepackage{longtable}\n",
    );
    out.push_str("\\begin{document}\n\\scriptsize\n\\setlength{\\tabcolsep}{3pt}\n");
    let _ = writeln!(out, "\\begin{{longtable}}{{{spec}}}");
    let _ = writeln!(out, "\\caption{{{}}}\\\\", latex_escape(title));
    let _ = writeln!(out, "\\toprule\n{header} \\\\\n\\midrule\n\\endfirsthead");
    let _ = writeln!(out, "\\toprule\n{header} \\\\\n\\midrule\n\\endhead");
    out.push_str("\\bottomrule\n\\endlastfoot\n");
    for row in rows {
        let all = row.cells();
        let cells: Vec<String> = columns.iter().map(|&c| latex_escape(&all[c])).collect();
        let _ = writeln!(out, "{} \\\\", cells.join(" & "));
    }
    out.push_str("\\end{longtable}\n\\end{document}\n");
    out
}

/// Escapes text for HTML content and attribute values.
pub fn html_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

fn html(rows: &[ShotRow], title: &str) -> String {
    let title = html_escape(title);
    let mut out = String::new();
    let _ = write!(
        out,
        r#"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Découpage">
<title>{title}</title>
<style>
body {{ font-family: Georgia, "Times New Roman", serif; margin: 2rem; color: #222; background: #fff; }}
h1 {{ font-size: 1.4rem; font-weight: normal; }}
p.meta {{ color: #666; font-size: 0.9rem; }}
table {{ border-collapse: collapse; font-size: 0.85rem; }}
thead th {{ position: sticky; top: 0; background: #f4f1ea; border-bottom: 2px solid #555; text-align: left; padding: 0.4rem 0.5rem; font-family: system-ui, sans-serif; font-size: 0.75rem; }}
td {{ border-bottom: 1px solid #ddd; padding: 0.35rem 0.5rem; vertical-align: top; }}
td.num, th.num {{ text-align: right; font-variant-numeric: tabular-nums; }}
td.text {{ min-width: 16rem; }}
tr:hover td {{ background: #faf8f3; }}
</style>
</head>
<body>
<h1>{title}</h1>
<p class="meta">{count} shots. An empty cell is a value the sources do not give.</p>
<table>
<thead><tr>"#,
        count = rows.len()
    );
    let columns = shown_columns(rows);
    for (name, numeric) in columns.iter().map(|&c| (COLUMNS[c], NUMERIC[c])) {
        let class = if numeric { " class=\"num\"" } else { "" };
        let _ = write!(out, "<th{class}>{name}</th>");
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for row in rows {
        out.push_str("<tr>");
        let cells = row.cells();
        for (cell, numeric, name) in columns.iter().map(|&c| (&cells[c], NUMERIC[c], COLUMNS[c])) {
            let class = if numeric {
                " class=\"num\""
            } else if name == "description" || name == "notes" {
                " class=\"text\""
            } else {
                ""
            };
            let _ = write!(out, "<td{class}>{}</td>", html_escape(cell));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n</body>\n</html>\n");
    out
}

fn xlsx(rows: &[ShotRow], title: &str) -> Result<Vec<u8>, TableError> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    // Sheet names are at most 31 characters, without []:*?/\
    let name: String = title.chars().filter(|c| !"[]:*?/\\".contains(*c)).take(31).collect();
    if !name.trim().is_empty() {
        sheet.set_name(name.trim())?;
    }
    let bold = Format::new().set_bold().set_background_color("#F4F1EA");
    let seconds = Format::new().set_num_format("0.000");
    let wrap = Format::new().set_text_wrap();
    for (col, name) in COLUMNS.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, *name, &bold)?;
    }
    for (i, row) in rows.iter().enumerate() {
        let r = (i + 1) as u32;
        sheet.write_string(r, 0, &row.film_id)?;
        sheet.write_number(r, 1, row.shot_no as f64)?;
        let numbers = [
            (2u16, row.start_frame.map(|v| v as f64)),
            (3, row.frames.map(|v| v as f64)),
            (9, row.piece.map(f64::from)),
        ];
        for (col, value) in numbers {
            if let Some(v) = value {
                sheet.write_number(r, col, v)?;
            }
        }
        if let Some(s) = row.seconds {
            sheet.write_number_with_format(r, 5, s, &seconds)?;
        }
        let texts = [
            (4u16, row.frames_source.map(str::to_string)),
            (6, row.timecode_in.clone()),
            (7, row.framing.clone()),
            (8, row.footage_id.clone()),
            (10, row.variant.clone()),
        ];
        for (col, value) in texts {
            if let Some(v) = value {
                sheet.write_string(r, col, &v)?;
            }
        }
        if let Some(d) = &row.description {
            sheet.write_string_with_format(r, 11, d, &wrap)?;
        }
        sheet.write_number(r, 12, row.evidence as f64)?;
        if let Some(n) = &row.notes {
            sheet.write_string_with_format(r, 13, n, &wrap)?;
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, rows.len() as u32, (COLUMNS.len() - 1) as u16)?;
    sheet.autofit();
    sheet.set_column_width(11, 60)?;
    sheet.set_column_width(13, 50)?;
    Ok(workbook.save_to_buffer()?)
}
