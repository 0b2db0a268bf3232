//! The Statistics view: a table of the chosen films' figures (shots, known
//! lengths, ASL, median, sd, running time, shot scale, reuse share), each
//! with what it rests on, and figures drawn with egui_plot from
//! `analysis::figures` — cutting graphs, shot-length distributions,
//! shot-scale bars — for one film or several on one figure. A figure can
//! be exported as SVG or PNG (`formats::plot`, as `decoupage plot` does).

use eframe::egui;
use egui::Color32;
use egui_extras::{Column, TableBuilder};
use egui_plot::{Bar, BarChart, Legend, Line, Plot, Points};

use super::ViewState;
use super::analysis_cache::AnalysisCache;
use super::commands::Command;
use super::view::Mode;
use crate::analysis::figures::{CuttingGraph, LengthDistribution, ScaleBars};
use crate::analysis::stats::FilmStats;
use crate::formats::plot::{self, FigureKind};
use crate::model::Project;

/// The tab of a figure.
fn tab_name(kind: FigureKind) -> &'static str {
    match kind {
        FigureKind::Cutting => "Cutting graph",
        FigureKind::Lengths => "Shot lengths",
        FigureKind::Scale => "Shot scale",
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct StatsState {
    pub figure: FigureKind,
}

impl Default for StatsState {
    fn default() -> Self {
        StatsState {
            figure: FigureKind::Cutting,
        }
    }
}

/// Films drawn on one figure at most: beyond, a legend cannot be read.
pub const FIGURE_FILMS: usize = 12;

/// The colours of the exported figures, so that the window and the file agree.
fn series_color(i: usize) -> Color32 {
    let (r, g, b) = plot::series_colour(i);
    Color32::from_rgb(r, g, b)
}

fn number(x: Option<f64>, places: usize) -> String {
    x.map_or("—".to_string(), |x| format!("{x:.places$}"))
}

fn whole(x: Option<i64>) -> String {
    x.map_or("—".to_string(), |x| x.to_string())
}

pub fn statistics_ui(
    ui: &mut egui::Ui,
    project: &Project,
    view: &mut ViewState,
    cache: &mut AnalysisCache,
    commands: &mut Vec<Command>,
) {
    let stats = cache.stats(project, view);
    ui.add_space(4.0);
    ui.horizontal(|ui| {
        ui.heading("Statistics");
        ui.weak(format!(
            "{} films · {} shots · {} with a known length",
            stats.len(),
            stats.iter().map(|s| s.shots).sum::<usize>(),
            stats.iter().map(|s| s.known_lengths).sum::<usize>()
        ));
    });
    ui.separator();
    if stats.is_empty() {
        ui.weak("Tick at least one film in the list on the left.");
        return;
    }
    let table_height = (ui.available_height() * 0.38).clamp(120.0, 360.0);
    ui.allocate_ui(egui::vec2(ui.available_width(), table_height), |ui| {
        ui.push_id("stats_table", |ui| stats_table_ui(ui, &stats, view, commands));
    });
    ui.separator();
    ui.horizontal(|ui| {
        for figure in FigureKind::ALL {
            if ui
                .selectable_label(view.stats.figure == figure, tab_name(figure))
                .clicked()
            {
                view.stats.figure = figure;
            }
        }
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui
                .button("Export figure…")
                .on_hover_text("Write this figure of the chosen films as SVG or PNG (as decoupage plot does)")
                .clicked()
            {
                commands.push(Command::AskExportFigure(view.stats.figure));
            }
        });
    });
    let data = cache.figures(project, view);
    match view.stats.figure {
        FigureKind::Cutting => cutting_ui(ui, &data.cutting),
        FigureKind::Lengths => lengths_ui(ui, &data.lengths),
        FigureKind::Scale => scale_ui(ui, &data.scale),
    }
}

fn stats_table_ui(ui: &mut egui::Ui, stats: &[FilmStats], view: &mut ViewState, commands: &mut Vec<Command>) {
    let warn = ui.visuals().warn_fg_color;
    TableBuilder::new(ui)
        .striped(true)
        .column(Column::remainder().at_least(180.0).clip(true))
        .columns(Column::auto().at_least(44.0), 9)
        .column(Column::remainder().at_least(160.0).clip(true))
        .header(22.0, |mut header| {
            for (h, hint) in [
                ("Film", "Click a film to show its shots"),
                ("Shots", "Shots in the film"),
                (
                    "Known",
                    "Shots whose length is known: every length figure rests on these",
                ),
                ("Frames", "Frames of the shots of known length"),
                ("Time", "Running time of those shots, at the film's frame rate"),
                ("ASL", "Average shot length, in frames"),
                ("Median", "Median shot length, in frames"),
                ("SD", "Standard deviation of the shot lengths, in frames"),
                ("ASL s", "Average shot length in seconds, at the film's rate"),
                (
                    "Reuse",
                    "Share of the known frames showing footage that another film shows too",
                ),
                ("Scale", "Shots per framing, in the order of the scale"),
            ] {
                header.col(|ui| {
                    ui.strong(h).on_hover_text(hint);
                });
            }
        })
        .body(|body| {
            body.rows(22.0, stats.len(), |mut row| {
                let s = &stats[row.index()];
                row.col(|ui| {
                    if ui
                        .add(egui::Button::new(&s.title).frame(false).truncate())
                        .accessible_name(format!("Shots of {}", s.title))
                        .on_hover_text("Show the film's shots")
                        .clicked()
                    {
                        commands.push(Command::SelectFilm(s.film.clone()));
                        view.mode = Mode::Shots;
                    }
                });
                row.col(|ui| {
                    ui.label(s.shots.to_string());
                });
                row.col(|ui| {
                    let text = format!("{}", s.known_lengths);
                    let response = if s.known_lengths < s.shots {
                        ui.colored_label(warn, text)
                    } else {
                        ui.label(text)
                    };
                    if !s.notes.is_empty() {
                        response.on_hover_text(format!("{}\n{}", s.coverage(), s.notes.join("\n")));
                    }
                });
                row.col(|ui| {
                    ui.label(whole(s.total_frames));
                });
                row.col(|ui| {
                    ui.label(s.total_seconds.map_or("—".to_string(), clock));
                });
                row.col(|ui| {
                    ui.label(number(s.asl_frames, 1));
                });
                row.col(|ui| {
                    ui.label(number(s.median_frames, 1));
                });
                row.col(|ui| {
                    ui.label(number(s.sd_frames, 1));
                });
                row.col(|ui| {
                    ui.label(number(s.asl_seconds, 2));
                });
                row.col(|ui| {
                    ui.label(s.reuse_share.map_or("—".to_string(), |r| format!("{:.0}%", r * 100.0)));
                });
                row.col(|ui| {
                    let scale: Vec<String> = s
                        .scale_order
                        .iter()
                        .map(|code| format!("{code} {}", s.scale.get(code).copied().unwrap_or(0)))
                        .collect();
                    ui.add(egui::Label::new(scale.join(" · ")).truncate());
                });
            });
        });
}

/// Seconds as m:ss.s.
fn clock(seconds: f64) -> String {
    let minutes = (seconds / 60.0).floor();
    format!("{}:{:04.1}", minutes as i64, seconds - minutes * 60.0)
}

/// "No shot length is known in 3 films: …", when some are.
fn no_length_note<'a>(titles: impl Iterator<Item = &'a str>) -> Option<String> {
    let titles: Vec<&str> = titles.collect();
    (!titles.is_empty()).then(|| {
        format!(
            "No shot length is known in {} film{}: {}",
            titles.len(),
            if titles.len() == 1 { "" } else { "s" },
            titles.join(", ")
        )
    })
}

/// A line under a figure: what it rests on and what it leaves out.
fn figure_notes_ui(ui: &mut egui::Ui, notes: &[String]) {
    for note in notes {
        ui.weak(note);
    }
}

fn cutting_ui(ui: &mut egui::Ui, graphs: &[CuttingGraph]) {
    let with_data: Vec<&CuttingGraph> = graphs.iter().filter(|g| !g.points.is_empty()).collect();
    let mut notes: Vec<String> =
        no_length_note(graphs.iter().filter(|g| g.points.is_empty()).map(|g| g.title.as_str()))
            .into_iter()
            .collect();
    if with_data.is_empty() {
        figure_notes_ui(ui, &notes);
        return;
    }
    let seconds = with_data.iter().all(|g| g.fps.is_some());
    for g in &with_data {
        if g.unknown > 0 {
            notes.push(format!("{}: {} with a known length", g.title, g.coverage()));
        }
    }
    if with_data.len() > FIGURE_FILMS {
        notes.push(format!(
            "The first {FIGURE_FILMS} films with known lengths are drawn; choose fewer films to see others."
        ));
    }
    figure_notes_ui(ui, &notes);
    let x_label = if seconds {
        "Position (seconds)"
    } else {
        "Position (frames)"
    };
    Plot::new("cutting_graph")
        .legend(Legend::default())
        .x_axis_label(x_label)
        .y_axis_label("Shot length (frames)")
        .include_y(0.0)
        .include_x(0.0)
        .show(ui, |plot| {
            for (i, g) in with_data.iter().take(FIGURE_FILMS).enumerate() {
                let scale = if seconds { 1.0 / g.fps.unwrap_or(1.0) } else { 1.0 };
                let points: Vec<[f64; 2]> = g
                    .points
                    .iter()
                    .map(|p| [p.position as f64 * scale, p.frames as f64])
                    .collect();
                let color = series_color(i);
                plot.line(Line::new(g.title.clone(), points.clone()).color(color.gamma_multiply(0.5)));
                plot.points(Points::new(g.title.clone(), points).color(color).radius(4.0).stems(0.0));
            }
        });
}

fn lengths_ui(ui: &mut egui::Ui, dists: &[LengthDistribution]) {
    let with_data: Vec<_> = dists.iter().filter(|d| d.known > 0).collect();
    let mut notes: Vec<String> = no_length_note(dists.iter().filter(|d| d.known == 0).map(|d| d.title.as_str()))
        .into_iter()
        .collect();
    if let Some(first) = with_data.first() {
        notes.push(format!("Bars of {} frames", first.bin_frames));
    }
    figure_notes_ui(ui, &notes);
    if with_data.is_empty() {
        return;
    }
    let shown = with_data.len().min(FIGURE_FILMS);
    Plot::new("length_distribution")
        .legend(Legend::default())
        .x_axis_label("Shot length (frames)")
        .y_axis_label("Shots")
        .include_y(0.0)
        .show(ui, |plot| {
            for (i, d) in with_data.iter().take(FIGURE_FILMS).enumerate() {
                let width = d.bin_frames as f64 / shown as f64;
                let bars: Vec<Bar> = d
                    .bins
                    .iter()
                    .filter(|b| b.shots > 0)
                    .map(|b| {
                        Bar::new(b.from as f64 + width * (i as f64 + 0.5), b.shots as f64)
                            .width(width * 0.9)
                            .name(format!("{}–{} frames", b.from, b.to - 1))
                    })
                    .collect();
                plot.bar_chart(BarChart::new(d.title.clone(), bars).color(series_color(i)));
            }
        });
}

fn scale_ui(ui: &mut egui::Ui, bars: &ScaleBars) {
    if bars.codes.is_empty() {
        ui.weak("No shot has a framing.");
        return;
    }
    if bars.films.len() > FIGURE_FILMS {
        ui.weak(format!(
            "The first {FIGURE_FILMS} films are drawn; choose fewer films to see others."
        ));
    }
    let shown = bars.films.len().min(FIGURE_FILMS);
    let codes = bars.codes.clone();
    let width = 0.8 / shown as f64;
    Plot::new("scale_bars")
        .legend(Legend::default())
        .x_axis_label("Framing")
        .y_axis_label("Shots")
        .include_y(0.0)
        .x_axis_formatter(move |mark, _| {
            let i = mark.value.round();
            if (mark.value - i).abs() < 1e-6 && i >= 0.0 {
                codes.get(i as usize).cloned().unwrap_or_default()
            } else {
                String::new()
            }
        })
        .show(ui, |plot| {
            for (i, (_, title, counts)) in bars.films.iter().take(FIGURE_FILMS).enumerate() {
                let chart: Vec<Bar> = counts
                    .iter()
                    .enumerate()
                    .filter(|(_, n)| **n > 0)
                    .map(|(k, n)| {
                        Bar::new(k as f64 - 0.4 + width * (i as f64 + 0.5), *n as f64)
                            .width(width * 0.9)
                            .name(bars.codes[k].clone())
                    })
                    .collect();
                plot.bar_chart(BarChart::new(title.clone(), chart).color(series_color(i)));
            }
        });
}
