//! Film statistics, computed only from known values and always with their
//! coverage: an ASL over 4 of 5 shots says so.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::Serialize;

use crate::model::{Film, Project};

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FilmStats {
    pub film: String,
    pub title: String,
    pub shots: usize,
    pub known_lengths: usize,
    pub total_frames: Option<i64>,
    /// The film's frame rate as `num/den`, when known.
    pub rate: Option<String>,
    /// Running time of the known shots, at the film's rate.
    pub total_seconds: Option<f64>,
    pub asl_frames: Option<f64>,
    pub median_frames: Option<f64>,
    pub sd_frames: Option<f64>,
    pub min_frames: Option<i64>,
    pub max_frames: Option<i64>,
    pub asl_seconds: Option<f64>,
    pub median_seconds: Option<f64>,
    /// Shots per framing code, in the order of the framing scale; shots
    /// with no framing are counted under `unknown`.
    pub scale: BTreeMap<String, usize>,
    /// Framing codes in scale order, for tables and figures.
    #[serde(skip)]
    pub scale_order: Vec<String>,
    pub shots_with_framing: usize,
    /// Frames of shots showing footage that another film also shows, over
    /// all known frames.
    pub reuse_share: Option<f64>,
    /// Shots that show footage found in another film (lengths known or not).
    pub reused_shots: usize,
    /// What could not be computed, and why.
    pub notes: Vec<String>,
}

impl FilmStats {
    /// "4 of 5 shots": how much of the film a length statistic rests on.
    pub fn coverage(&self) -> String {
        format!("{} of {} shots", self.known_lengths, self.shots)
    }

    /// The share of `code` among the shots whose framing is known.
    pub fn scale_share(&self, code: &str) -> Option<f64> {
        let n = *self.scale.get(code)?;
        (self.shots_with_framing > 0).then(|| n as f64 / self.shots_with_framing as f64)
    }
}

fn round(x: f64, places: i32) -> f64 {
    let k = 10f64.powi(places);
    (x * k).round() / k
}

fn median(sorted: &[i64]) -> Option<f64> {
    match sorted.len() {
        0 => None,
        n if n % 2 == 1 => Some(sorted[n / 2] as f64),
        n => Some((sorted[n / 2 - 1] + sorted[n / 2]) as f64 / 2.0),
    }
}

/// Footage shown by more than one film of the whole project (films told
/// apart by their id).
pub fn shared_footage(project: &Project) -> HashSet<&str> {
    // footage → the first film seen showing it, and whether another does
    let mut first_film: HashMap<&str, (&str, bool)> = HashMap::new();
    for film in &project.films {
        for shot in &film.shots {
            if let Some(u) = &shot.footage {
                let (first, shared) = first_film
                    .entry(u.footage.as_str())
                    .or_insert((film.id.as_str(), false));
                *shared |= *first != film.id;
            }
        }
    }
    first_film
        .into_iter()
        .filter(|(_, (_, shared))| *shared)
        .map(|(f, _)| f)
        .collect()
}

/// The statistics of one film; `shared` is `shared_footage(project)`.
pub fn film_stats(project: &Project, film: &Film, shared: &HashSet<&str>) -> FilmStats {
    let mut lengths: Vec<i64> = film.shots.iter().filter_map(|s| s.frames()).collect();
    lengths.sort_unstable();
    let known = lengths.len();
    let total: i64 = lengths.iter().sum();
    let mut notes = Vec::new();
    if film.shots.is_empty() {
        notes.push("the film has no shots".to_string());
    } else if known == 0 {
        notes.push("no shot length is known: no ASL, median or reuse share".to_string());
    } else if known < film.shots.len() {
        notes.push(format!(
            "lengths known for {known} of {} shots: length statistics cover those only",
            film.shots.len()
        ));
    }
    let asl = (known > 0).then(|| total as f64 / known as f64);
    let sd = asl.filter(|_| known > 1).map(|mean| {
        let var = lengths.iter().map(|&n| (n as f64 - mean).powi(2)).sum::<f64>() / (known - 1) as f64;
        var.sqrt()
    });
    if known == 1 {
        notes.push("one known length: no standard deviation".to_string());
    }
    let med = median(&lengths);
    let rate = film.rate;
    if rate.is_none() && known > 0 {
        notes.push("frame rate unknown: no figure in seconds".to_string());
    }
    let secs = |frames: f64| rate.map(|r| round(frames * r.den() as f64 / r.num() as f64, 3));

    // counted by code first, each code copied once
    let mut counts: Vec<(&str, usize)> = Vec::new();
    let mut with_framing = 0;
    for shot in &film.shots {
        let code = match &shot.framing {
            Some(code) => {
                with_framing += 1;
                code.as_str()
            }
            None => "unknown",
        };
        match counts.iter_mut().find(|(c, _)| *c == code) {
            Some((_, n)) => *n += 1,
            None => counts.push((code, 1)),
        }
    }
    let scale: BTreeMap<String, usize> = counts.iter().map(|&(c, n)| (c.to_string(), n)).collect();
    if !film.shots.is_empty() && with_framing == 0 {
        notes.push("no shot has a known framing: no scale shares".to_string());
    }
    let mut scale_order: Vec<String> = project
        .vocabularies
        .framing
        .iter()
        .map(|t| t.code.clone())
        .filter(|c| scale.contains_key(c))
        .collect();
    for code in scale.keys() {
        if !scale_order.contains(code) && code != "unknown" {
            scale_order.push(code.clone());
        }
    }
    if scale.contains_key("unknown") {
        scale_order.push("unknown".to_string());
    }

    let (mut reused_frames, mut reused_shots, mut unknown_footage) = (0i64, 0, 0);
    for shot in &film.shots {
        match &shot.footage {
            Some(u) if shared.contains(u.footage.as_str()) => {
                reused_shots += 1;
                reused_frames += shot.frames().unwrap_or(0);
            }
            Some(_) => {}
            None => unknown_footage += 1,
        }
    }
    if unknown_footage > 0 {
        notes.push(format!(
            "{unknown_footage} of {} shots have no known footage: the reuse share counts them as not reused",
            film.shots.len()
        ));
    }

    FilmStats {
        film: film.id.clone(),
        title: film.title.clone(),
        shots: film.shots.len(),
        known_lengths: known,
        total_frames: (known > 0).then_some(total),
        rate: rate.map(|r| format!("{}/{}", r.num(), r.den())),
        total_seconds: (known > 0).then(|| secs(total as f64)).flatten(),
        asl_frames: asl.map(|x| round(x, 3)),
        median_frames: med,
        sd_frames: sd.map(|x| round(x, 3)),
        min_frames: lengths.first().copied(),
        max_frames: lengths.last().copied(),
        asl_seconds: asl.and_then(secs),
        median_seconds: med.and_then(secs),
        scale,
        scale_order,
        shots_with_framing: with_framing,
        reuse_share: (total > 0).then(|| round(reused_frames as f64 / total as f64, 4)),
        reused_shots,
        notes,
    }
}

/// Statistics of each of `films`.
pub fn stats(project: &Project, films: &[&Film]) -> Vec<FilmStats> {
    let shared = shared_footage(project);
    films.iter().map(|f| film_stats(project, f, &shared)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{FootageUse, FrameRate, Length, LengthSource, Shot};
    use proptest::prelude::*;

    fn shot(frames: Option<i64>, framing: Option<&str>, footage: Option<&str>) -> Shot {
        let mut s = Shot::new(1);
        s.length = frames.map(|n| Length {
            frames: n,
            source: LengthSource::Measured,
        });
        s.framing = framing.map(str::to_string);
        s.footage = footage.map(FootageUse::new);
        s
    }

    fn project(a: Vec<Shot>, b: Vec<Shot>) -> Project {
        let mut p = Project::new("t");
        let mut fa = Film::new("a", "A");
        fa.shots = a;
        fa.rate = Some(FrameRate::FPS_24);
        let mut fb = Film::new("b", "B");
        fb.shots = b;
        p.films = vec![fa, fb];
        p
    }

    #[test]
    fn known_values_only_with_coverage() {
        let p = project(
            vec![
                shot(Some(24), Some("CU"), Some("x")),
                shot(Some(48), Some("CU"), None),
                shot(Some(12), Some("LS"), Some("y")),
                shot(None, None, Some("x")),
            ],
            vec![shot(Some(10), Some("MS"), Some("x"))],
        );
        let s = stats(&p, &[&p.films[0], &p.films[1]]);
        let a = &s[0];
        assert_eq!((a.shots, a.known_lengths), (4, 3));
        assert_eq!(a.coverage(), "3 of 4 shots");
        assert_eq!(a.total_frames, Some(84));
        assert_eq!(a.asl_frames, Some(28.0));
        assert_eq!(a.median_frames, Some(24.0));
        assert_eq!(a.sd_frames, Some(18.33)); // sample sd of 12, 24, 48
        assert_eq!(a.asl_seconds, Some(1.167));
        assert_eq!(a.total_seconds, Some(3.5));
        assert_eq!(a.scale.get("CU"), Some(&2));
        assert_eq!(a.scale.get("unknown"), Some(&1));
        assert_eq!(a.scale_order, vec!["CU", "LS", "unknown"]);
        assert_eq!(a.scale_share("CU"), Some(2.0 / 3.0));
        // x is in both films; y only in a. 24 of 84 known frames are reused.
        assert_eq!(a.reuse_share, Some(0.2857));
        assert_eq!(a.reused_shots, 2);
        assert!(a.notes[0].contains("3 of 4"));
        let b = &s[1];
        assert_eq!(b.asl_seconds, None, "no rate, no seconds");
        assert_eq!(b.sd_frames, None, "one length, no sd");
        assert_eq!(b.reuse_share, Some(1.0));
    }

    #[test]
    fn a_film_without_shots_or_lengths_still_answers() {
        let p = project(vec![], vec![shot(None, None, None)]);
        let s = stats(&p, &[&p.films[0], &p.films[1]]);
        assert_eq!(s[0].total_frames, None);
        assert_eq!(s[0].notes, vec!["the film has no shots"]);
        assert_eq!(s[1].asl_frames, None);
        assert_eq!(s[1].reuse_share, None);
        assert!(s[1].notes[0].starts_with("no shot length is known"));
    }

    proptest! {
        #[test]
        fn statistics_do_not_depend_on_shot_order(lengths in proptest::collection::vec(proptest::option::of(1i64..500), 0..40), seed in any::<u64>()) {
            let shots: Vec<Shot> = lengths.iter().map(|&n| shot(n, Some("CU"), None)).collect();
            let mut shuffled = shots.clone();
            // a deterministic shuffle
            let mut x = seed | 1;
            for i in (1..shuffled.len()).rev() {
                x ^= x << 13; x ^= x >> 7; x ^= x << 17;
                shuffled.swap(i, (x % (i as u64 + 1)) as usize);
            }
            let p1 = project(shots, vec![]);
            let p2 = project(shuffled, vec![]);
            let s1 = stats(&p1, &[&p1.films[0]]);
            let s2 = stats(&p2, &[&p2.films[0]]);
            prop_assert_eq!(s1, s2);
        }
    }
}
