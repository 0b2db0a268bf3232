//! The data behind the figures: cutting graphs, shot-length distributions
//! and shot-scale bars. The window draws them with egui_plot and
//! `formats::plot` writes them as SVG and PNG; both read these values, so a
//! figure on screen and the file exported from it show the same numbers.

use serde::Serialize;

use crate::model::{Film, Project};

use super::stats::FilmStats;

/// One shot on a cutting graph.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CutPoint {
    /// Shot number (1-based).
    pub shot: usize,
    /// Where the shot begins, in frames from the film's first frame: its
    /// start frame when known, otherwise the sum of the known lengths
    /// before it (`position_exact` says which).
    pub position: i64,
    pub position_exact: bool,
    pub frames: i64,
}

/// Shot length against position in the film, for the shots whose length
/// is known.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CuttingGraph {
    pub film: String,
    pub title: String,
    /// `num/den` when the film's rate is known.
    pub rate: Option<String>,
    /// Frames per second, for an axis in seconds.
    #[serde(skip)]
    pub fps: Option<f64>,
    pub points: Vec<CutPoint>,
    /// Shots left off because their length is not known.
    pub unknown: usize,
}

impl CuttingGraph {
    /// "4 of 5 shots": what the figure rests on.
    pub fn coverage(&self) -> String {
        format!("{} of {} shots", self.points.len(), self.points.len() + self.unknown)
    }
}

pub fn cutting_graph(film: &Film) -> CuttingGraph {
    let mut points = Vec::new();
    let mut unknown = 0;
    let mut running: i64 = 0;
    for (i, shot) in film.shots.iter().enumerate() {
        let (position, exact) = match shot.start {
            Some(start) => (start.0, true),
            None => (running, false),
        };
        match shot.frames() {
            Some(frames) => {
                points.push(CutPoint {
                    shot: i + 1,
                    position,
                    position_exact: exact,
                    frames,
                });
                running = position.saturating_add(frames);
            }
            None => {
                unknown += 1;
                running = position;
            }
        }
    }
    CuttingGraph {
        film: film.id.clone(),
        title: film.title.clone(),
        rate: film.rate.map(|r| format!("{}/{}", r.num(), r.den())),
        fps: film.rate.map(|r| r.as_f64()),
        points,
        unknown,
    }
}

/// A bar of a shot-length distribution: shots of `from..to` frames.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LengthBin {
    pub from: i64,
    /// Exclusive.
    pub to: i64,
    pub shots: usize,
}

/// Shot lengths of one film, counted in bins of equal width.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LengthDistribution {
    pub film: String,
    pub title: String,
    pub bin_frames: i64,
    pub bins: Vec<LengthBin>,
    pub known: usize,
    pub unknown: usize,
}

/// A bin width that gives about a dozen bars for lengths up to `max`, rounded
/// to 1, 2 or 5 times a power of ten (in frames).
pub fn bin_width(max: i64) -> i64 {
    let target = (max.max(1) as f64 / 12.0).max(1.0);
    let mut step = 1i64;
    loop {
        for k in [1, 2, 5] {
            if (step * k) as f64 >= target {
                return step * k;
            }
        }
        step = step.saturating_mul(10);
    }
}

/// The distributions of several films with one bin width, so that they can
/// be drawn on one figure; `bin_frames` of `None` chooses it from the
/// longest shot.
pub fn length_distributions(films: &[&Film], bin_frames: Option<i64>) -> Vec<LengthDistribution> {
    let max = films
        .iter()
        .flat_map(|f| f.shots.iter().filter_map(|s| s.frames()))
        .max()
        .unwrap_or(1);
    let width = bin_frames.filter(|&w| w > 0).unwrap_or_else(|| bin_width(max));
    let n_bins = (max / width + 1) as usize;
    films
        .iter()
        .map(|film| {
            let mut counts = vec![0usize; n_bins];
            let mut known = 0;
            for n in film.shots.iter().filter_map(|s| s.frames()) {
                let i = ((n.max(0) / width) as usize).min(n_bins - 1);
                counts[i] += 1;
                known += 1;
            }
            LengthDistribution {
                film: film.id.clone(),
                title: film.title.clone(),
                bin_frames: width,
                bins: counts
                    .into_iter()
                    .enumerate()
                    .map(|(i, shots)| LengthBin {
                        from: i as i64 * width,
                        to: (i as i64 + 1) * width,
                        shots,
                    })
                    .collect(),
                known,
                unknown: film.shots.len() - known,
            }
        })
        .collect()
}

/// Shot-scale bars of several films: the framing codes in scale order (the
/// union over the films, `unknown` last) and, per film, the count for each.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ScaleBars {
    pub codes: Vec<String>,
    /// (film id, title, counts in the order of `codes`).
    pub films: Vec<(String, String, Vec<usize>)>,
}

pub fn scale_bars(project: &Project, stats: &[FilmStats]) -> ScaleBars {
    let mut codes: Vec<String> = project
        .vocabularies
        .framing
        .iter()
        .map(|t| t.code.clone())
        .filter(|c| stats.iter().any(|s| s.scale.contains_key(c)))
        .collect();
    for s in stats {
        for code in &s.scale_order {
            if !codes.contains(code) && code != "unknown" {
                codes.push(code.clone());
            }
        }
    }
    if stats.iter().any(|s| s.scale.contains_key("unknown")) {
        codes.push("unknown".to_string());
    }
    let films = stats
        .iter()
        .map(|s| {
            let counts = codes.iter().map(|c| s.scale.get(c).copied().unwrap_or(0)).collect();
            (s.film.clone(), s.title.clone(), counts)
        })
        .collect();
    ScaleBars { codes, films }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::stats::stats;
    use crate::model::{Frame, Length, LengthSource, Shot};

    fn shot(start: Option<i64>, frames: Option<i64>, framing: Option<&str>) -> Shot {
        let mut s = Shot::new(1);
        s.start = start.map(Frame);
        s.length = frames.map(|n| Length {
            frames: n,
            source: LengthSource::Measured,
        });
        s.framing = framing.map(str::to_string);
        s
    }

    #[test]
    fn cutting_graph_places_shots_by_start_or_by_the_lengths_before() {
        let mut film = Film::new("f", "F");
        film.shots = vec![
            shot(None, Some(39), None),
            shot(None, None, None),
            shot(None, Some(36), None),
            shot(Some(200), Some(10), None),
        ];
        let g = cutting_graph(&film);
        let got: Vec<(usize, i64, bool, i64)> = g
            .points
            .iter()
            .map(|p| (p.shot, p.position, p.position_exact, p.frames))
            .collect();
        assert_eq!(got, vec![(1, 0, false, 39), (3, 39, false, 36), (4, 200, true, 10)]);
        assert_eq!(g.unknown, 1);
        assert_eq!(g.coverage(), "3 of 4 shots");
    }

    #[test]
    fn bin_widths_are_round() {
        assert_eq!(bin_width(39), 5);
        assert_eq!(bin_width(12), 1);
        assert_eq!(bin_width(240), 20);
        assert_eq!(bin_width(1000), 100);
        assert_eq!(bin_width(0), 1);
    }

    #[test]
    fn distributions_share_one_width_and_count_every_known_length() {
        let mut a = Film::new("a", "A");
        a.shots = vec![
            shot(None, Some(39), None),
            shot(None, Some(36), None),
            shot(None, None, None),
        ];
        let mut b = Film::new("b", "B");
        b.shots = vec![shot(None, Some(4), None)];
        let d = length_distributions(&[&a, &b], None);
        assert_eq!(d[0].bin_frames, 5);
        assert_eq!(d[1].bin_frames, 5);
        assert_eq!(d[0].bins.len(), d[1].bins.len());
        let nonzero: Vec<(i64, usize)> = d[0]
            .bins
            .iter()
            .filter(|b| b.shots > 0)
            .map(|b| (b.from, b.shots))
            .collect();
        assert_eq!(nonzero, vec![(35, 2)]);
        assert_eq!((d[0].known, d[0].unknown), (2, 1));
        assert_eq!(d[1].bins[0].shots, 1);
    }

    #[test]
    fn scale_bars_follow_the_scale_with_unknown_last() {
        let mut p = Project::new("t");
        let mut a = Film::new("a", "A");
        a.shots = vec![
            shot(None, None, Some("LS")),
            shot(None, None, Some("CU")),
            shot(None, None, None),
        ];
        let mut b = Film::new("b", "B");
        b.shots = vec![shot(None, None, Some("MS"))];
        p.films = vec![a, b];
        let s = stats(&p, &[&p.films[0], &p.films[1]]);
        let bars = scale_bars(&p, &s);
        assert_eq!(bars.codes, vec!["CU", "MS", "LS", "unknown"]);
        assert_eq!(bars.films[0].2, vec![1, 0, 1, 1]);
        assert_eq!(bars.films[1].2, vec![0, 1, 0, 0]);
    }
}
