//! Figures as files: the cutting graph, the shot-length distribution and the
//! shot-scale bars of one film or several, drawn with plotters as SVG or PNG.
//! The numbers come from `analysis::figures`, as in the window. No egui; the
//! text is set in Ubuntu Light, the font egui ships, registered from bytes.

use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::OnceLock;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::analysis::figures::{cutting_graph, length_distributions, scale_bars};
use crate::analysis::stats::stats;
use crate::model::{Film, Project};

/// The smallest and largest figures, in pixels.
pub const MIN_SIZE: (u32, u32) = (300, 200);
pub const MAX_SIZE: (u32, u32) = (10_000, 10_000);
/// The size the command line and the window use unless told otherwise.
pub const DEFAULT_SIZE: (u32, u32) = (1000, 600);

#[derive(Debug, thiserror::Error)]
pub enum PlotError {
    #[error("{}: a figure is written as .svg or .png, not {found}", path.display())]
    Extension { path: PathBuf, found: String },
    #[error("'{0}' is not a kind of figure: cutting, lengths or scale")]
    Kind(String),
    #[error(
        "a figure of {width}×{height} pixels cannot be drawn: from {}×{} to {}×{}",
        MIN_SIZE.0, MIN_SIZE.1, MAX_SIZE.0, MAX_SIZE.1
    )]
    Size { width: u32, height: u32 },
    #[error("the font for the figure's text cannot be loaded")]
    Font,
    #[error("cannot draw the figure: {0}")]
    Draw(String),
    #[error("cannot encode the PNG image: {0}")]
    Encode(String),
    #[error("{}: cannot {action}: {source}", path.display())]
    Io {
        path: PathBuf,
        action: &'static str,
        source: std::io::Error,
    },
}

impl PlotError {
    /// The exit code for the command line: 2 for a wrong request or a file
    /// that cannot be written, 1 when the figure itself cannot be made.
    pub fn exit_code(&self) -> i32 {
        match self {
            PlotError::Extension { .. } | PlotError::Kind(_) | PlotError::Size { .. } | PlotError::Io { .. } => 2,
            PlotError::Font | PlotError::Draw(_) | PlotError::Encode(_) => 1,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FigureKind {
    /// Shot length against position in the film.
    Cutting,
    /// Shot-length distribution.
    Lengths,
    /// Shot-scale bars per film.
    Scale,
}

impl FigureKind {
    pub const ALL: [FigureKind; 3] = [FigureKind::Cutting, FigureKind::Lengths, FigureKind::Scale];

    /// The word the command line takes.
    pub fn as_str(self) -> &'static str {
        match self {
            FigureKind::Cutting => "cutting",
            FigureKind::Lengths => "lengths",
            FigureKind::Scale => "scale",
        }
    }

    /// What the figure is called in its caption.
    pub fn name(self) -> &'static str {
        match self {
            FigureKind::Cutting => "cutting graph",
            FigureKind::Lengths => "shot-length distribution",
            FigureKind::Scale => "shot scale",
        }
    }
}

impl fmt::Display for FigureKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for FigureKind {
    type Err = PlotError;

    fn from_str(s: &str) -> Result<Self, PlotError> {
        FigureKind::ALL
            .into_iter()
            .find(|k| k.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| PlotError::Kind(s.to_string()))
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImageFormat {
    Svg,
    Png,
}

impl ImageFormat {
    /// The format a file name asks for, by its extension.
    pub fn from_path(path: &Path) -> Result<Self, PlotError> {
        let ext = path.extension().map(|e| e.to_string_lossy().to_lowercase());
        match ext.as_deref() {
            Some("svg") => Ok(ImageFormat::Svg),
            Some("png") => Ok(ImageFormat::Png),
            other => Err(PlotError::Extension {
                path: path.to_path_buf(),
                found: other.map_or("a name without an extension".to_string(), |e| format!(".{e}")),
            }),
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            ImageFormat::Svg => "svg",
            ImageFormat::Png => "png",
        }
    }
}

/// The figure as SVG text.
pub fn figure_svg(project: &Project, kind: FigureKind, films: &[&Film], size: (u32, u32)) -> Result<String, PlotError> {
    check_size(size)?;
    ensure_font()?;
    let figure = Figure::new(project, kind, films);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
        render(&root, &figure, size).map_err(|e| PlotError::Draw(e.to_string()))?;
        root.present().map_err(|e| PlotError::Draw(e.to_string()))?;
    }
    Ok(svg)
}

/// The figure as an encoded PNG image (8-bit RGB).
pub fn figure_png(
    project: &Project,
    kind: FigureKind,
    films: &[&Film],
    size: (u32, u32),
) -> Result<Vec<u8>, PlotError> {
    check_size(size)?;
    ensure_font()?;
    let figure = Figure::new(project, kind, films);
    let (width, height) = size;
    let mut pixels = vec![255u8; width as usize * height as usize * 3];
    {
        let root = BitMapBackend::with_buffer(&mut pixels, size).into_drawing_area();
        render(&root, &figure, size).map_err(|e| PlotError::Draw(e.to_string()))?;
        root.present().map_err(|e| PlotError::Draw(e.to_string()))?;
    }
    let encode = |e: png::EncodingError| PlotError::Encode(e.to_string());
    let mut bytes = Vec::new();
    let mut encoder = png::Encoder::new(&mut bytes, width, height);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().map_err(encode)?;
    writer.write_image_data(&pixels).map_err(encode)?;
    writer.finish().map_err(encode)?;
    Ok(bytes)
}

/// Writes the figure to `path` in the format its extension names, through a
/// temporary file beside it renamed over it: `path` is never left half
/// written.
pub fn write_figure(
    path: &Path,
    project: &Project,
    kind: FigureKind,
    films: &[&Film],
    size: (u32, u32),
) -> Result<(), PlotError> {
    let bytes = match ImageFormat::from_path(path)? {
        ImageFormat::Svg => figure_svg(project, kind, films, size)?.into_bytes(),
        ImageFormat::Png => figure_png(project, kind, films, size)?,
    };
    let io = |action, source| PlotError::Io {
        path: path.to_path_buf(),
        action,
        source,
    };
    let mut tmp_name = std::ffi::OsString::from(".");
    tmp_name.push(path.file_name().unwrap_or_default());
    tmp_name.push(format!(".{}.tmp", std::process::id()));
    let tmp = path.with_file_name(tmp_name);
    std::fs::write(&tmp, &bytes).map_err(|e| io("write it", e))?;
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        io("replace it", e)
    })
}

fn check_size((width, height): (u32, u32)) -> Result<(), PlotError> {
    if (MIN_SIZE.0..=MAX_SIZE.0).contains(&width) && (MIN_SIZE.1..=MAX_SIZE.1).contains(&height) {
        Ok(())
    } else {
        Err(PlotError::Size { width, height })
    }
}

/// The family every text of a figure uses; SVG viewers fall back to their
/// own sans-serif.
const FAMILY: &str = "sans-serif";

fn ensure_font() -> Result<(), PlotError> {
    static REGISTERED: OnceLock<bool> = OnceLock::new();
    let ok = *REGISTERED.get_or_init(|| {
        plotters::style::register_font(FAMILY, FontStyle::Normal, epaint_default_fonts::UBUNTU_LIGHT).is_ok()
    });
    if ok { Ok(()) } else { Err(PlotError::Font) }
}

/// Okabe and Ito's colours (told apart with the common colour blindnesses),
/// then a few more for comparisons of many films.
const COLOURS: [RGBColor; 12] = [
    RGBColor(0, 114, 178),
    RGBColor(230, 159, 0),
    RGBColor(0, 158, 115),
    RGBColor(204, 121, 167),
    RGBColor(86, 180, 233),
    RGBColor(213, 94, 0),
    RGBColor(0, 0, 0),
    RGBColor(117, 112, 179),
    RGBColor(166, 118, 29),
    RGBColor(102, 166, 30),
    RGBColor(153, 153, 153),
    RGBColor(231, 41, 138),
];

/// The colour of the `i`th film of a figure.
pub fn series_colour(i: usize) -> (u8, u8, u8) {
    let c = COLOURS[i % COLOURS.len()];
    (c.0, c.1, c.2)
}

/// What a figure shows, before any drawing.
#[derive(Clone, Debug, PartialEq)]
struct Figure {
    caption: String,
    x_label: String,
    y_label: String,
    /// What the figure rests on ("4 of 5 shots with a known length").
    footnote: String,
    /// One entry per film when there are several.
    /// (title, what follows it) per film; the title is what gets shortened.
    legend: Vec<(String, String)>,
    /// Said in the middle of the axes when there is nothing to draw.
    empty: Option<String>,
    body: Body,
}

#[derive(Clone, Debug, PartialEq)]
enum Body {
    /// Per film, (position, shot length) points drawn as stems.
    Stems {
        series: Vec<Vec<(f64, f64)>>,
        x_max: f64,
        y_max: f64,
        /// Positions in frames (integer ticks) rather than seconds.
        frames: bool,
    },
    /// Per film, a count per group; group `i` spans `i..i + 1` on x.
    Bars {
        groups: usize,
        counts: Vec<Vec<usize>>,
        x_ticks: Vec<(f64, String)>,
    },
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// "Le journal de l'année 1935 (1993)", "3 films", "no film".
fn subject(films: &[&Film]) -> String {
    match films {
        [] => "No film".to_string(),
        [film] => match film.year {
            Some(year) => format!("{} ({year})", film.title),
            None => film.title.clone(),
        },
        _ => plural(films.len(), "film", "films"),
    }
}

/// Why a figure of shot lengths is empty.
fn no_lengths(films: &[&Film]) -> String {
    match films {
        [] => "No film is chosen".to_string(),
        [film] => format!("No shot length is known in {}", film.title),
        _ => format!("No shot length is known in any of the {} films", films.len()),
    }
}

fn coverage(known: usize, total: usize, films: usize, what: &str) -> String {
    let mut s = format!("{known} of {} with {what}", plural(total, "shot", "shots"));
    if films > 1 {
        s.push_str(&format!(" in {films} films"));
    }
    s
}

impl Figure {
    fn new(project: &Project, kind: FigureKind, films: &[&Film]) -> Figure {
        let caption = format!("{} — {}", subject(films), kind.name());
        match kind {
            FigureKind::Cutting => Figure::cutting(caption, films),
            FigureKind::Lengths => Figure::lengths(caption, films),
            FigureKind::Scale => Figure::scale(caption, project, films),
        }
    }

    fn cutting(caption: String, films: &[&Film]) -> Figure {
        let graphs: Vec<_> = films.iter().map(|f| cutting_graph(f)).collect();
        let seconds = !graphs.is_empty() && graphs.iter().all(|g| g.fps.is_some_and(|fps| fps > 0.0));
        let mut x_max: f64 = 0.0;
        let mut y_max: f64 = 0.0;
        let series = graphs
            .iter()
            .map(|g| {
                // Frames per unit of the x axis.
                let per_unit = if seconds { g.fps.unwrap_or(1.0) } else { 1.0 };
                g.points
                    .iter()
                    .map(|p| {
                        x_max = x_max.max(p.position.saturating_add(p.frames) as f64 / per_unit);
                        y_max = y_max.max(p.frames as f64);
                        (p.position as f64 / per_unit, p.frames as f64)
                    })
                    .collect()
            })
            .collect();
        let known: usize = graphs.iter().map(|g| g.points.len()).sum();
        let total = known + graphs.iter().map(|g| g.unknown).sum::<usize>();
        let mut footnote = coverage(known, total, films.len(), "a known length");
        // A point placed by summing the lengths before it, some of them unknown.
        let shifted = graphs.iter().any(|g| {
            g.points
                .iter()
                .enumerate()
                .any(|(k, p)| !p.position_exact && p.shot > k + 1)
        });
        if shifted {
            footnote.push_str("; a shot after one of unknown length is placed too early by that length");
        }
        Figure {
            caption,
            x_label: if seconds {
                "Position (seconds)"
            } else {
                "Position (frames)"
            }
            .to_string(),
            y_label: "Shot length (frames)".to_string(),
            footnote,
            legend: legend(films, |i| {
                known_of(graphs[i].points.len(), graphs[i].points.len() + graphs[i].unknown)
            }),
            empty: (known == 0).then(|| no_lengths(films)),
            body: Body::Stems {
                series,
                x_max,
                y_max,
                frames: !seconds,
            },
        }
    }

    fn lengths(caption: String, films: &[&Film]) -> Figure {
        let dists = length_distributions(films, None);
        let known: usize = dists.iter().map(|d| d.known).sum();
        let total = known + dists.iter().map(|d| d.unknown).sum::<usize>();
        // With no known length, empty axes of ten bins of 5 frames.
        let (width, bins) = match dists.first() {
            Some(d) if known > 0 => (d.bin_frames, d.bins.len()),
            _ => (5, 10),
        };
        let every = bins.div_ceil(15).max(1);
        let x_ticks = (0..=bins)
            .step_by(every)
            .map(|i| (i as f64, (i as i64 * width).to_string()))
            .collect();
        Figure {
            caption,
            x_label: if known > 0 {
                format!("Shot length (frames, in bins of {width})")
            } else {
                "Shot length (frames)".to_string()
            },
            y_label: "Shots".to_string(),
            footnote: coverage(known, total, films.len(), "a known length"),
            legend: legend(films, |i| known_of(dists[i].known, dists[i].known + dists[i].unknown)),
            empty: (known == 0).then(|| no_lengths(films)),
            body: Body::Bars {
                groups: bins,
                counts: dists
                    .iter()
                    .map(|d| {
                        if known > 0 {
                            d.bins.iter().map(|b| b.shots).collect()
                        } else {
                            vec![0; bins]
                        }
                    })
                    .collect(),
                x_ticks,
            },
        }
    }

    fn scale(caption: String, project: &Project, films: &[&Film]) -> Figure {
        let figures = stats(project, films);
        let bars = scale_bars(project, &figures);
        let shots: usize = figures.iter().map(|s| s.shots).sum();
        let framed: usize = figures.iter().map(|s| s.shots_with_framing).sum();
        let empty = if films.is_empty() {
            Some("No film is chosen".to_string())
        } else if shots == 0 {
            Some(match films {
                [film] => format!("There is no shot in {}", film.title),
                _ => format!("There is no shot in any of the {} films", films.len()),
            })
        } else {
            None
        };
        Figure {
            caption,
            x_label: "Shot scale (framing)".to_string(),
            y_label: "Shots".to_string(),
            footnote: coverage(framed, shots, films.len(), "a known framing"),
            legend: legend(films, |_| String::new()),
            empty,
            body: Body::Bars {
                groups: bars.codes.len(),
                counts: bars.films.into_iter().map(|(_, _, counts)| counts).collect(),
                x_ticks: bars
                    .codes
                    .into_iter()
                    .enumerate()
                    .map(|(i, code)| (i as f64 + 0.5, code))
                    .collect(),
            },
        }
    }
}

/// What a legend entry adds to a film's title about its known lengths:
/// nothing when all are known.
fn known_of(known: usize, total: usize) -> String {
    match (known, total) {
        (_, 0) => " (no shot)".to_string(),
        (0, _) => " (no known length)".to_string(),
        (k, t) if k == t => String::new(),
        (k, t) => format!(" ({k} of {t})"),
    }
}

/// Legend entries, title and `tail(i)`, when there is more than one film.
fn legend(films: &[&Film], tail: impl Fn(usize) -> String) -> Vec<(String, String)> {
    if films.len() < 2 {
        return Vec::new();
    }
    films
        .iter()
        .enumerate()
        .map(|(i, f)| (f.title.clone(), tail(i)))
        .collect()
}

/// Ticks from 0 to at least `max` in steps of 1, 2 or 5 times a power of
/// ten, about `target` of them; whole steps when `whole`.
fn ticks(max: f64, target: usize, whole: bool) -> (Vec<f64>, usize) {
    let max = if max.is_finite() && max > 0.0 { max } else { 1.0 };
    let raw = max / target.max(1) as f64;
    let raw = if whole { raw.max(1.0) } else { raw };
    let magnitude = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|k| k * magnitude)
        .find(|s| *s >= raw * (1.0 - 1e-9))
        .unwrap_or(10.0 * magnitude);
    let n = (max / step - 1e-9).ceil().max(1.0) as usize;
    let decimals = if step >= 1.0 {
        0
    } else {
        (-step.log10()).ceil() as usize
    };
    ((0..=n).map(|i| i as f64 * step).collect(), decimals)
}

/// `text` cut with an ellipsis to fit `max_width` pixels.
fn fit<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, text: &str, style: &TextStyle, max_width: u32) -> String {
    let width = |s: &str| area.estimate_text_size(s, style).map_or(0, |(w, _)| w);
    if width(text) <= max_width {
        return text.to_string();
    }
    let chars: Vec<char> = text.chars().collect();
    (1..chars.len())
        .rev()
        .map(|n| format!("{}…", chars[..n].iter().collect::<String>().trim_end()))
        .find(|s| width(s) <= max_width)
        .unwrap_or_else(|| "…".to_string())
}

type DrawResult = Result<(), Box<dyn std::error::Error>>;

/// Chart coordinates are whole thousandths of the values (frames, seconds,
/// shots, groups), so that the ticks can be chosen by hand.
const UNIT: f64 = 1000.0;

fn u(v: f64) -> i64 {
    (v * UNIT).round() as i64
}

fn render<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, fig: &Figure, (width, height): (u32, u32)) -> DrawResult
where
    DB::ErrorType: 'static,
{
    // Text sizes are plotters sizes: an SVG font-size of size / 1.24, so
    // 18 is 14.5 px at the default size; they grow with larger figures.
    let k = (f64::from(width) / 1000.0).min(f64::from(height) / 600.0).max(1.0);
    let px = |v: f64| (v * k).round() as u32;
    let font = |size: f64| (FAMILY, size * k).into_font();
    let small = font(18.0);
    let grey = RGBColor(90, 90, 90);

    root.fill(&WHITE)?;
    let page = root.margin(px(10.0), 0, 0, 0);

    let caption_style = font(27.0).into_text_style(root);
    let caption = fit(root, &fig.caption, &caption_style, width.saturating_sub(px(40.0)));
    let area = page.titled(&caption, caption_style)?;

    let foot_h = px(36.0);
    let (area, foot) = area.split_vertically(area.dim_in_pixel().1.saturating_sub(foot_h));
    let foot_style = small.clone().color(&grey).pos(Pos::new(HPos::Left, VPos::Center));
    let footnote = fit(&foot, &fig.footnote, &foot_style, width.saturating_sub(px(40.0)));
    foot.draw_text(&footnote, &foot_style, (px(20.0) as i32, (foot_h / 2) as i32))?;

    let legend_w = if fig.legend.is_empty() {
        0
    } else {
        px(340.0).min(width * 2 / 5)
    };
    let (plot, legend_area) = area.split_horizontally(area.dim_in_pixel().0.saturating_sub(legend_w));
    if !fig.legend.is_empty() {
        draw_legend(&legend_area, &fig.legend, &small, k)?;
    }

    let (x_range, x_ticks, x_labels, y_max, whole_y) = match &fig.body {
        Body::Stems {
            x_max, y_max, frames, ..
        } => {
            let x_max = if fig.empty.is_some() { 100.0 } else { *x_max };
            let (mut ticks, decimals) = ticks(x_max, 8, *frames);
            // No tick past the end of the axis.
            ticks.retain(|t| *t <= x_max * 1.02);
            let labels = ticks.iter().map(|t| (*t, format!("{t:.decimals$}"))).collect();
            // A little room left of 0, so that the first stem is not on the axis.
            (-x_max * 0.01..x_max * 1.02, ticks, labels, *y_max, true)
        }
        Body::Bars {
            groups,
            counts,
            x_ticks,
        } => {
            let groups = (*groups).max(1);
            let y_max = counts.iter().flatten().copied().max().unwrap_or(0) as f64;
            let ticks = x_ticks.iter().map(|(x, _)| *x).collect();
            (0.0..groups as f64, ticks, x_ticks.clone(), y_max, true)
        }
    };
    let y_max = if fig.empty.is_some() || y_max <= 0.0 {
        10.0
    } else {
        y_max
    };
    let (y_ticks, _) = ticks(y_max, 6, whole_y);
    let y_top = y_ticks.last().copied().unwrap_or(y_max).max(y_max * 1.08);

    let axis_style = font(21.0);
    let tick_style = small.clone();
    let x_label_of = |v: &i64| {
        let v = *v as f64 / UNIT;
        x_labels
            .iter()
            .min_by(|a, b| (a.0 - v).abs().total_cmp(&(b.0 - v).abs()))
            .map_or(String::new(), |(_, l)| l.clone())
    };
    let y_label_of = |v: &i64| format!("{:.0}", *v as f64 / UNIT);

    let mut chart = ChartBuilder::on(&plot)
        .margin_left(px(12.0))
        .margin_right(px(28.0))
        .margin_top(px(8.0))
        .x_label_area_size(px(62.0))
        .y_label_area_size(px(86.0))
        .build_cartesian_2d(
            (u(x_range.start)..u(x_range.end)).with_key_points(x_ticks.into_iter().map(u).collect()),
            (0..u(y_top)).with_key_points(y_ticks.into_iter().map(u).collect()),
        )?;
    let mut mesh = chart.configure_mesh();
    mesh.x_desc(fig.x_label.as_str())
        .y_desc(fig.y_label.as_str())
        .axis_desc_style(axis_style)
        .label_style(tick_style)
        .x_label_formatter(&x_label_of)
        .y_label_formatter(&y_label_of)
        .bold_line_style(RGBColor(225, 225, 225))
        .light_line_style(TRANSPARENT)
        .axis_style(grey);
    if matches!(fig.body, Body::Bars { .. }) {
        mesh.disable_x_mesh();
    }
    mesh.draw()?;

    if let Some(message) = &fig.empty {
        let style = font(24.0).color(&grey).pos(Pos::new(HPos::Center, VPos::Center));
        let (plot_w, _) = chart.plotting_area().dim_in_pixel();
        let message = fit(root, message, &style, plot_w.saturating_sub(px(20.0)));
        let centre = (u((x_range.start + x_range.end) / 2.0), u(y_top / 2.0));
        chart.draw_series(std::iter::once(Text::new(message, centre, style)))?;
        return Ok(());
    }

    match &fig.body {
        Body::Stems { series, .. } => {
            let radius = px(4.0).max(2) as i32;
            for (i, points) in series.iter().enumerate() {
                let colour = COLOURS[i % COLOURS.len()];
                let stem = colour.mix(if series.len() > 1 { 0.55 } else { 0.8 });
                chart.draw_series(points.iter().map(|&(x, y)| {
                    PathElement::new(vec![(u(x), 0), (u(x), u(y))], stem.stroke_width(px(1.5).max(1)))
                }))?;
                chart.draw_series(
                    points
                        .iter()
                        .map(|&(x, y)| Circle::new((u(x), u(y)), radius, colour.filled())),
                )?;
            }
        }
        Body::Bars { groups, counts, .. } => {
            // A place in each group for every film with something to show;
            // each film keeps its colour.
            let shown: Vec<usize> = (0..counts.len())
                .filter(|&j| counts[j].iter().any(|n| *n > 0))
                .collect();
            let bar = 0.8 / shown.len().max(1) as f64;
            let (plot_w, _) = chart.plotting_area().dim_in_pixel();
            let bar_px = f64::from(plot_w) / (*groups).max(1) as f64 * bar;
            let label_style = small.clone().color(&grey).pos(Pos::new(HPos::Center, VPos::Bottom));
            for (slot, &j) in shown.iter().enumerate() {
                let colour = COLOURS[j % COLOURS.len()];
                let spans = counts[j].iter().enumerate().filter(|(_, n)| **n > 0).map(|(i, &n)| {
                    let x0 = i as f64 + 0.1 + slot as f64 * bar;
                    (x0, x0 + bar, n)
                });
                chart.draw_series(
                    spans
                        .clone()
                        .map(|(x0, x1, n)| Rectangle::new([(u(x0), 0), (u(x1), u(n as f64))], colour.filled())),
                )?;
                // The count above each bar, where the bars are wide enough.
                if bar_px >= 30.0 * k {
                    chart.draw_series(spans.map(|(x0, x1, n)| {
                        Text::new(n.to_string(), (u((x0 + x1) / 2.0), u(n as f64)), label_style.clone())
                    }))?;
                }
            }
        }
    }
    Ok(())
}

fn draw_legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    entries: &[(String, String)],
    font: &FontDesc,
    k: f64,
) -> DrawResult
where
    DB::ErrorType: 'static,
{
    let px = |v: f64| (v * k).round() as i32;
    let (w, h) = area.dim_in_pixel();
    let line = px(27.0);
    let top = px(14.0);
    let style = font
        .clone()
        .into_text_style(area)
        .pos(Pos::new(HPos::Left, VPos::Center));
    let room = ((h as i32 - top) / line).max(1) as usize;
    let shown = if entries.len() > room { room - 1 } else { entries.len() };
    let text_x = px(24.0);
    let max_w = (w as i32 - text_x - px(14.0)).max(10) as u32;
    for (i, (title, tail)) in entries.iter().take(shown).enumerate() {
        let y = top + i as i32 * line + line / 2;
        let colour = COLOURS[i % COLOURS.len()];
        let half = px(7.0);
        area.draw(&Rectangle::new([(0, y - half), (2 * half, y + half)], colour.filled()))?;
        // The title is shortened so that what follows it stays readable.
        let tail_w = area.estimate_text_size(tail, &style).map_or(0, |(w, _)| w);
        let title = fit(area, title, &style, max_w.saturating_sub(tail_w).max(max_w / 3));
        let entry = fit(area, &format!("{title}{tail}"), &style, max_w);
        area.draw_text(&entry, &style, (text_x, y))?;
    }
    if shown < entries.len() {
        let y = top + shown as i32 * line + line / 2;
        let rest = entries.len() - shown;
        let more = format!("… and {rest} more {}", if rest == 1 { "film" } else { "films" });
        area.draw_text(&more, &style, (text_x, y))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::synthetic::synthetic_project;

    fn sample() -> Project {
        crate::store::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("projects/stakhanov.ron")).unwrap()
    }

    /// Decodes a PNG: its size and its number of distinct colours.
    fn decode(bytes: &[u8]) -> (u32, u32, usize) {
        let mut reader = png::Decoder::new(std::io::Cursor::new(bytes)).read_info().unwrap();
        let mut buf = vec![0; reader.output_buffer_size().unwrap()];
        let info = reader.next_frame(&mut buf).unwrap();
        let colours: std::collections::HashSet<&[u8]> = buf[..info.buffer_size()].chunks(3).collect();
        (info.width, info.height, colours.len())
    }

    /// The SVG fill attribute of the `i`th film's colour.
    fn fill_of(i: usize) -> String {
        let (r, g, b) = series_colour(i);
        format!("fill=\"#{r:02X}{g:02X}{b:02X}\"")
    }

    #[test]
    fn kinds_and_formats_parse_and_name_what_is_wrong() {
        for kind in FigureKind::ALL {
            assert_eq!(kind.to_string().parse::<FigureKind>().unwrap(), kind);
        }
        assert_eq!("Scale".parse::<FigureKind>().unwrap(), FigureKind::Scale);
        let e = "pie".parse::<FigureKind>().unwrap_err();
        assert_eq!(
            e.to_string(),
            "'pie' is not a kind of figure: cutting, lengths or scale"
        );

        assert_eq!(ImageFormat::from_path(Path::new("a/b.svg")).unwrap(), ImageFormat::Svg);
        assert_eq!(ImageFormat::from_path(Path::new("B.PNG")).unwrap(), ImageFormat::Png);
        let e = ImageFormat::from_path(Path::new("out/fig.gif")).unwrap_err();
        assert_eq!(
            e.to_string(),
            "out/fig.gif: a figure is written as .svg or .png, not .gif"
        );
        assert_eq!(e.exit_code(), 2);
        let e = ImageFormat::from_path(Path::new("fig")).unwrap_err();
        assert!(e.to_string().contains("not a name without an extension"), "{e}");
    }

    #[test]
    fn ticks_are_round_and_cover_the_maximum() {
        assert_eq!(ticks(39.0, 6, true), (vec![0.0, 10.0, 20.0, 30.0, 40.0], 0));
        assert_eq!(ticks(3.0, 6, true), (vec![0.0, 1.0, 2.0, 3.0], 0));
        assert_eq!(ticks(140.0, 8, true).0.last(), Some(&140.0));
        assert_eq!(ticks(145.0, 8, true).0.last(), Some(&160.0));
        let (t, decimals) = ticks(1.2, 6, false);
        assert_eq!(decimals, 1);
        assert!((t[1] - 0.2).abs() < 1e-9 && *t.last().unwrap() >= 1.2, "{t:?}");
        assert_eq!(ticks(0.0, 6, true).0, vec![0.0, 1.0]);
    }

    #[test]
    fn the_cutting_graph_of_the_journal_shows_its_four_known_lengths() {
        let p = sample();
        let film = p.film("journal-1935").unwrap();
        let fig = Figure::new(&p, FigureKind::Cutting, &[film]);
        assert_eq!(fig.caption, "Le journal de l'année 1935 (1993) — cutting graph");
        assert!(
            fig.footnote.starts_with("4 of 5 shots with a known length"),
            "{}",
            fig.footnote
        );
        assert_eq!(fig.x_label, "Position (frames)");
        assert!(fig.legend.is_empty() && fig.empty.is_none());
        let Body::Stems {
            series, x_max, y_max, ..
        } = &fig.body
        else {
            panic!("{:?}", fig.body)
        };
        let lengths: Vec<f64> = series[0].iter().map(|p| p.1).collect();
        assert_eq!(lengths, vec![39.0, 36.0, 36.0, 29.0]);
        assert_eq!((*x_max, *y_max), (140.0, 39.0));
    }

    #[test]
    fn a_film_without_lengths_gives_axes_and_says_why() {
        let p = sample();
        let film = p.films.iter().find(|f| f.known_lengths() == 0).unwrap();
        for kind in [FigureKind::Cutting, FigureKind::Lengths] {
            let svg = figure_svg(&p, kind, &[film], DEFAULT_SIZE).unwrap();
            let escaped = film.title.replace('\'', "&apos;");
            assert!(
                svg.contains(&format!("No shot length is known in {escaped}")),
                "{kind}: {svg}"
            );
            assert!(!svg.contains(&fill_of(0)), "{kind}: no point or bar is drawn");
        }
    }

    #[test]
    fn scale_bars_of_several_films_have_a_legend_and_one_bar_per_count() {
        let p = sample();
        let films: Vec<&Film> = p.films.iter().collect();
        let fig = Figure::new(&p, FigureKind::Scale, &films);
        assert_eq!(fig.legend.len(), p.films.len());
        assert!(fig.caption.starts_with("12 films"));
        let Body::Bars { counts, x_ticks, .. } = &fig.body else {
            panic!()
        };
        let bars = counts.iter().flatten().filter(|n| **n > 0).count();
        assert!(bars > 0);
        let svg = figure_svg(&p, FigureKind::Scale, &films, DEFAULT_SIZE).unwrap();
        // One rectangle per non-zero count, and one legend square per film.
        let rects: usize = (0..films.len())
            .map(|i| {
                svg.lines()
                    .filter(|l| l.contains("<rect") && l.contains(&fill_of(i)))
                    .count()
            })
            .sum();
        assert_eq!(rects, bars + films.len());
        for (_, code) in x_ticks {
            assert!(svg.contains(&format!("\n{code}\n</text>")), "{code}");
        }
    }

    #[test]
    fn films_without_lengths_are_in_the_legend_but_take_no_room_among_the_bars() {
        assert_eq!(known_of(4, 5), " (4 of 5)");
        assert_eq!(known_of(3, 3), "");
        assert_eq!(known_of(0, 3), " (no known length)");
        assert_eq!(known_of(0, 0), " (no shot)");
        let p = sample();
        let films: Vec<&Film> = p.films.iter().collect();
        let fig = Figure::new(&p, FigureKind::Lengths, &films);
        assert_eq!(
            fig.legend[0],
            ("Le journal de l'année 1935".to_string(), " (4 of 5)".to_string())
        );
        assert_eq!(fig.legend[1].1, " (no known length)");
        let svg = figure_svg(&p, FigureKind::Lengths, &films, DEFAULT_SIZE).unwrap();
        let attr = |line: &str, name: &str| -> f64 {
            let start = line.find(&format!(" {name}=\"")).unwrap() + name.len() + 3;
            line[start..start + line[start..].find('"').unwrap()].parse().unwrap()
        };
        // Ticks every bin edge (0, 5, ... 40): the journal's two bars fill
        // 0.8 of a bin each, as if it were the only film.
        let lines: Vec<&str> = svg.lines().collect();
        let tick_x = |label: &str| {
            let i = lines.iter().position(|l| *l == label).unwrap();
            attr(lines[i - 1], "x")
        };
        let bin_px = tick_x("10") - tick_x("5");
        let bars: Vec<f64> = lines
            .iter()
            .filter(|l| l.starts_with("<rect") && l.contains(&fill_of(0)))
            .map(|l| attr(l, "width"))
            .filter(|w| *w > 20.0)
            .collect();
        assert_eq!(bars.len(), 2, "{svg}");
        for w in bars {
            assert!((w - 0.8 * bin_px).abs() <= 2.0, "{w} against a bin of {bin_px}");
        }
    }

    #[test]
    fn a_comparison_draws_every_known_length_of_every_film() {
        let p = synthetic_project(3, 40);
        let films: Vec<&Film> = p.films.iter().collect();
        let known: usize = films.iter().map(|f| f.known_lengths()).sum();
        assert!(known > 60);
        // Every film's rate is known: positions in seconds, each at its rate.
        let fig = Figure::new(&p, FigureKind::Cutting, &films);
        assert_eq!(fig.x_label, "Position (seconds)");
        let Body::Stems { series, .. } = &fig.body else {
            panic!()
        };
        let fps = films[1].rate.unwrap().as_f64();
        let graph = cutting_graph(films[1]);
        let expected: Vec<(f64, f64)> = graph
            .points
            .iter()
            .map(|p| (p.position as f64 / fps, p.frames as f64))
            .collect();
        assert_eq!(series[1], expected);
        let svg = figure_svg(&p, FigureKind::Cutting, &films, DEFAULT_SIZE).unwrap();
        assert_eq!(svg.matches("<circle").count(), known);
        for f in &films {
            assert!(svg.contains(&f.title.replace('\'', "&apos;")), "{}", f.title);
        }
        let svg = figure_svg(&p, FigureKind::Lengths, &films, DEFAULT_SIZE).unwrap();
        assert!(svg.contains("Shot length (frames, in bins of"));
    }

    #[test]
    fn a_legend_too_long_for_the_figure_says_how_many_films_it_leaves_out() {
        let p = synthetic_project(30, 5);
        let films: Vec<&Film> = p.films.iter().collect();
        let svg = figure_svg(&p, FigureKind::Scale, &films, DEFAULT_SIZE).unwrap();
        let shown = films
            .iter()
            .filter(|f| svg.contains(&format!("\n{}\n", f.title)))
            .count();
        assert!((10..30).contains(&shown), "{shown}");
        assert!(svg.contains(&format!("\n… and {} more films\n", 30 - shown)), "{shown}");
    }

    #[test]
    fn text_is_at_least_14_px() {
        let p = synthetic_project(2, 30);
        let films: Vec<&Film> = p.films.iter().collect();
        for kind in FigureKind::ALL {
            let svg = figure_svg(&p, kind, &films, DEFAULT_SIZE).unwrap();
            let sizes: Vec<f64> = svg
                .split("font-size=\"")
                .skip(1)
                .map(|s| s[..s.find('"').unwrap()].parse().unwrap())
                .collect();
            assert!(sizes.len() > 10, "{kind}");
            assert!(sizes.iter().all(|s| *s >= 14.0), "{kind}: {sizes:?}");
        }
    }

    #[test]
    fn png_has_the_size_asked_for() {
        let p = sample();
        let film = p.film("journal-1935").unwrap();
        for kind in FigureKind::ALL {
            let bytes = figure_png(&p, kind, &[film], (640, 400)).unwrap();
            let (w, h, colours) = decode(&bytes);
            assert_eq!((w, h), (640, 400));
            assert!(colours > 10, "{kind}: {colours} colours");
        }
        let e = figure_png(&p, FigureKind::Cutting, &[film], (10, 10)).unwrap_err();
        assert!(matches!(e, PlotError::Size { .. }), "{e}");
    }

    #[test]
    fn write_figure_writes_by_extension_and_nothing_else() {
        let p = sample();
        let films: Vec<&Film> = p.films.iter().collect();
        let dir = tempfile::tempdir().unwrap();
        let svg = dir.path().join("scale.svg");
        write_figure(&svg, &p, FigureKind::Scale, &films, DEFAULT_SIZE).unwrap();
        assert!(std::fs::read_to_string(&svg).unwrap().starts_with("<svg"));
        let gif = dir.path().join("scale.gif");
        assert!(write_figure(&gif, &p, FigureKind::Scale, &films, DEFAULT_SIZE).is_err());
        let left: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(left, vec![std::ffi::OsString::from("scale.svg")]);
        let missing = dir.path().join("no/such/dir/fig.png");
        let e = write_figure(&missing, &p, FigureKind::Scale, &films, DEFAULT_SIZE).unwrap_err();
        assert!(e.to_string().starts_with(&missing.display().to_string()), "{e}");
    }
}
