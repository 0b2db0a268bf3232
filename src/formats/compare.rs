//! The comparison of films written out: the documented JSON contract, a
//! Markdown report and a standalone HTML page.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;

use crate::analysis::compare::{self, AlignOp, Alignment, Appearance, Presence, Reconstruction};
use crate::model::{Film, Project};

use super::table::html_escape;

/// Everything a comparison shows, for the films compared.
pub struct Comparison {
    pub presence: Presence,
    pub appearances: BTreeMap<String, Vec<Appearance>>,
    pub alignments: Vec<Alignment>,
    pub reconstructions: BTreeMap<String, Reconstruction>,
    /// Variant → films, for each footage with variants in use.
    pub variants: BTreeMap<String, Vec<(String, Vec<String>)>>,
    /// Film titles by id, for reports.
    pub titles: BTreeMap<String, String>,
}

impl Comparison {
    pub fn new(project: &Project, films: &[&Film]) -> Self {
        let appearances = compare::appearances(films);
        let variants = appearances
            .iter()
            .filter(|(_, uses)| uses.iter().any(|a| !a.variants.is_empty()))
            .map(|(id, uses)| (id.clone(), compare::variant_uses_of(project, id, uses)))
            .collect();
        Comparison {
            presence: compare::presence(project, films),
            alignments: compare::all_pairs(films),
            reconstructions: compare::reconstructions(films),
            appearances,
            variants,
            titles: films.iter().map(|f| (f.id.clone(), f.title.clone())).collect(),
        }
    }
}

#[derive(Serialize)]
struct JsonAppearance<'a> {
    film: &'a str,
    shot: usize,
    piece: Option<u32>,
    frames: Option<i64>,
    variants: &'a [String],
}

#[derive(Serialize)]
struct JsonAlignment<'a> {
    a: &'a str,
    b: &'a str,
    score: f64,
    ops: &'a [AlignOp],
}

#[derive(Serialize)]
struct JsonPiece<'a> {
    piece: u32,
    film: &'a str,
    shot: usize,
}

#[derive(Serialize)]
struct JsonComparison<'a> {
    films: &'a [String],
    common: Vec<&'a str>,
    presence: BTreeMap<&'a str, Vec<&'a str>>,
    appearances: BTreeMap<&'a str, Vec<JsonAppearance<'a>>>,
    alignments: Vec<JsonAlignment<'a>>,
    reconstructions: BTreeMap<&'a str, Vec<JsonPiece<'a>>>,
}

/// The comparison as the JSON contract of `decoupage compare` (see README).
pub fn to_json(c: &Comparison) -> serde_json::Result<String> {
    let films = &c.presence.films;
    let json = JsonComparison {
        films,
        common: c.presence.common(),
        presence: c
            .presence
            .rows
            .iter()
            .map(|r| (r.footage.as_str(), r.films_present(films)))
            .collect(),
        appearances: c
            .appearances
            .iter()
            .map(|(id, uses)| {
                let uses = uses
                    .iter()
                    .map(|a| JsonAppearance {
                        film: &a.film,
                        shot: a.shot,
                        piece: a.piece,
                        frames: a.frames,
                        variants: &a.variants,
                    })
                    .collect();
                (id.as_str(), uses)
            })
            .collect(),
        alignments: c
            .alignments
            .iter()
            .map(|al| JsonAlignment {
                a: &al.a,
                b: &al.b,
                score: (al.score * 10_000.0).round() / 10_000.0,
                ops: &al.ops,
            })
            .collect(),
        reconstructions: c
            .reconstructions
            .iter()
            .map(|(id, r)| {
                let pieces = r
                    .pieces
                    .iter()
                    .map(|p| JsonPiece {
                        piece: p.piece,
                        film: &p.film,
                        shot: p.shot,
                    })
                    .collect();
                (id.as_str(), pieces)
            })
            .collect(),
    };
    let mut text = serde_json::to_string_pretty(&json)?;
    text.push('\n');
    Ok(text)
}

/// A cell of the presence matrix: the shot numbers, frames and variants of
/// the footage in one film; empty when absent.
pub fn presence_cell(uses: &[Appearance]) -> String {
    uses.iter()
        .map(|a| {
            let mut s = format!("#{}", a.shot);
            if let Some(p) = a.piece {
                let _ = write!(s, " piece {p}");
            }
            if let Some(n) = a.frames {
                let _ = write!(s, " ({n} fr)");
            }
            if !a.variants.is_empty() {
                let _ = write!(s, " [{}]", a.variants.join("; "));
            }
            s
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn op_text(op: &AlignOp) -> String {
    let shot = |s: Option<usize>| s.map_or("—".to_string(), |n| n.to_string());
    let footage = op.footage.as_deref().unwrap_or("?");
    match op.op {
        compare::OpKind::Match => format!("{} = {} {footage}", shot(op.a_shot), shot(op.b_shot)),
        compare::OpKind::Insert => format!("+ {} {footage}", shot(op.b_shot)),
        compare::OpKind::Delete => format!("− {} {footage}", shot(op.a_shot)),
        compare::OpKind::Substitute => format!("{} ≠ {}", shot(op.a_shot), shot(op.b_shot)),
    }
}

impl Comparison {
    /// What the comparison could not compute, and why, each said once: the
    /// presence matrix's notes, then the alignments' (a film's shots of
    /// unknown footage are noted once, not for every pair it is in).
    pub fn notes(&self) -> Vec<String> {
        let mut seen = std::collections::HashSet::new();
        let mut notes = Vec::new();
        let mut add = |note: &str, notes: &mut Vec<String>| {
            if seen.insert(note.to_string()) {
                notes.push(note.to_string());
            }
        };
        for n in &self.presence.notes {
            add(n, &mut notes);
        }
        for al in &self.alignments {
            for n in &al.notes {
                if n.starts_with("score 0") {
                    add(&format!("{} / {}: {n}", al.a, al.b), &mut notes);
                } else {
                    add(n, &mut notes);
                }
            }
        }
        notes
    }

    /// The pairs of films, the most similar editing first.
    fn pairs_by_score(&self) -> Vec<&Alignment> {
        let mut pairs: Vec<&Alignment> = self.alignments.iter().collect();
        pairs.sort_by(|x, y| y.score.total_cmp(&x.score));
        pairs
    }
}

/// A reconstruction in words: "1. archives-63 shot 1 → 2. …", and the
/// pieces nobody has found.
fn reconstruction_text(r: &Reconstruction) -> String {
    let pieces: Vec<String> = r
        .pieces
        .iter()
        .map(|p| format!("{}. {} shot {}", p.piece, p.film, p.shot))
        .collect();
    let mut text = pieces.join(" → ");
    if !r.gaps.is_empty() {
        let gaps: Vec<String> = r.gaps.iter().map(u32::to_string).collect();
        let _ = write!(text, " (pieces not found: {})", gaps.join(", "));
    }
    for note in &r.notes {
        let _ = write!(text, "; {note}");
    }
    text
}

/// The comparison as a Markdown report.
pub fn to_markdown(c: &Comparison) -> String {
    let films = &c.presence.films;
    let esc = |s: &str| s.replace('|', "\\|");
    let mut out = String::from("# Comparison\n\n## Footage in each film\n\n");
    let _ = writeln!(
        out,
        "| footage | {} |",
        films.iter().map(|f| esc(f)).collect::<Vec<_>>().join(" | ")
    );
    let _ = writeln!(out, "|---|{}", "---|".repeat(films.len()));
    let common = c.presence.common();
    let unique: Vec<&str> = c.presence.unique().iter().map(|(f, _)| *f).collect();
    for row in &c.presence.rows {
        let mark = if common.contains(&row.footage.as_str()) {
            " (in all)"
        } else if unique.contains(&row.footage.as_str()) {
            " (only one)"
        } else {
            ""
        };
        let cells: Vec<String> = row.cells.iter().map(|uses| esc(&presence_cell(uses))).collect();
        let _ = writeln!(out, "| {}{mark} | {} |", esc(&row.footage), cells.join(" | "));
    }
    let _ = writeln!(
        out,
        "\nCommon to all films: {}",
        if common.is_empty() {
            "none".into()
        } else {
            common.join(", ")
        }
    );

    out.push_str("\n## Shared editing\n\n| a | b | score | matches | ops |\n|---|---|---:|---:|---|\n");
    for al in c.pairs_by_score() {
        let ops: Vec<String> = al.ops.iter().map(op_text).collect();
        let _ = writeln!(
            out,
            "| {} | {} | {:.3} | {} | {} |",
            esc(&al.a),
            esc(&al.b),
            al.score,
            al.matches(),
            esc(&ops.join("; "))
        );
    }
    if !c.reconstructions.is_empty() {
        out.push_str("\n## Footage put back together from its pieces\n\n");
        for (id, r) in &c.reconstructions {
            let _ = writeln!(out, "- **{}**: {}", esc(id), esc(&reconstruction_text(r)));
        }
    }
    if !c.variants.is_empty() {
        out.push_str("\n## Variants\n\n");
        for (id, variants) in &c.variants {
            for (variant, films) in variants {
                let _ = writeln!(
                    out,
                    "- {} — {}: {}",
                    esc(id),
                    esc(variant),
                    if films.is_empty() {
                        "no film".into()
                    } else {
                        films.join(", ")
                    }
                );
            }
        }
    }
    let notes = c.notes();
    if !notes.is_empty() {
        out.push_str("\n## What could not be compared\n\n");
        for note in &notes {
            let _ = writeln!(out, "- {}", esc(note));
        }
    }
    out
}

/// The comparison as a standalone HTML page.
pub fn to_html(c: &Comparison, title: &str) -> String {
    let films = &c.presence.films;
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>\n\
body {{ font-family: Georgia, serif; margin: 2rem; color: #222; }}\n\
table {{ border-collapse: collapse; font-size: 0.85rem; margin-bottom: 2rem; }}\n\
th, td {{ border: 1px solid #ccc; padding: 0.3rem 0.5rem; vertical-align: top; }}\n\
th {{ background: #f4f1ea; font-family: system-ui, sans-serif; font-size: 0.75rem; }}\n\
td.absent {{ background: #fafafa; }}\n td.present {{ background: #e8f1e4; }}\n\
tr.common th {{ background: #cfe3c6; }}\n tr.unique th {{ background: #f3e2c7; }}\n\
</style>\n</head>\n<body>\n<h1>{}</h1>\n<h2>Footage in each film</h2>\n<table>\n<tr><th>footage</th>",
        html_escape(title),
        html_escape(title)
    );
    for f in films {
        let name = c.titles.get(f).map_or(f.as_str(), String::as_str);
        let _ = write!(out, "<th title=\"{}\">{}</th>", html_escape(f), html_escape(name));
    }
    out.push_str("</tr>\n");
    let common = c.presence.common();
    let unique: Vec<&str> = c.presence.unique().iter().map(|(f, _)| *f).collect();
    for row in &c.presence.rows {
        let class = if common.contains(&row.footage.as_str()) {
            " class=\"common\""
        } else if unique.contains(&row.footage.as_str()) {
            " class=\"unique\""
        } else {
            ""
        };
        let _ = write!(out, "<tr{class}><th>{}</th>", html_escape(&row.footage));
        for uses in &row.cells {
            if uses.is_empty() {
                out.push_str("<td class=\"absent\"></td>");
            } else {
                let _ = write!(out, "<td class=\"present\">{}</td>", html_escape(&presence_cell(uses)));
            }
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</table>\n<h2>Shared editing</h2>\n<table>\n<tr><th>a</th><th>b</th><th>score</th><th>matches</th><th>alignment</th></tr>\n");
    for al in c.pairs_by_score() {
        let ops: Vec<String> = al.ops.iter().map(op_text).collect();
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{:.3}</td><td>{}</td><td>{}</td></tr>",
            html_escape(&al.a),
            html_escape(&al.b),
            al.score,
            al.matches(),
            html_escape(&ops.join("; "))
        );
    }
    out.push_str("</table>\n");
    if !c.reconstructions.is_empty() {
        out.push_str("<h2>Footage put back together from its pieces</h2>\n<ul>\n");
        for (id, r) in &c.reconstructions {
            let _ = writeln!(
                out,
                "<li><b>{}</b>: {}</li>",
                html_escape(id),
                html_escape(&reconstruction_text(r))
            );
        }
        out.push_str("</ul>\n");
    }
    let notes = c.notes();
    if !notes.is_empty() {
        out.push_str("<h2>What could not be compared</h2>\n<ul>\n");
        for note in &notes {
            let _ = writeln!(out, "<li>{}</li>", html_escape(note));
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</body>\n</html>\n");
    out
}
