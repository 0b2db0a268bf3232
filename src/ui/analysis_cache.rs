//! What the Compare and Statistics views show, computed once per revision
//! of the project and choice of films rather than every frame. A
//! comparison of many films (all pairs aligned) runs on a worker thread,
//! so the window never waits for it.

use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, TryRecvError};

use super::ViewState;
use super::chooser::{chosen_films, chosen_ids};
use crate::analysis::compare;
use crate::analysis::figures::{self, CuttingGraph, LengthDistribution, ScaleBars};
use crate::analysis::stats::{self, FilmStats};
use crate::formats::compare::Comparison;
use crate::model::{Film, Project};

/// Above this many films the comparison is computed on a worker thread
/// (40 films: 780 pairs, a few milliseconds).
const FILMS_IN_FRAME: usize = 40;

/// A comparison and the orders the view can show it in.
pub struct ComparisonData {
    pub comparison: Comparison,
    /// Films (indices into `comparison.presence.films`) by similarity.
    pub film_order: Vec<usize>,
    /// Footage rows (indices into `comparison.presence.rows`) by presence.
    pub footage_order: Vec<usize>,
    /// Alignments (indices into `comparison.alignments`), the most similar
    /// pair first; ties in the order of the films.
    pub pairs_by_score: Vec<usize>,
    /// Footage in every chosen film, and footage in one only (with that
    /// film): the summary above the presence matrix.
    pub common: Vec<String>,
    pub unique: Vec<(String, String)>,
}

impl ComparisonData {
    pub fn new(project: &Project, films: &[&Film]) -> Self {
        let comparison = Comparison::new(project, films);
        let film_order = compare::film_order_by_similarity(films, &comparison.alignments);
        let footage_order = compare::footage_order_by_presence(&comparison.presence, &film_order);
        let mut pairs_by_score: Vec<usize> = (0..comparison.alignments.len()).collect();
        let a = &comparison.alignments;
        pairs_by_score.sort_by(|&x, &y| a[y].score.total_cmp(&a[x].score).then(x.cmp(&y)));
        let common = comparison.presence.common().into_iter().map(str::to_string).collect();
        let unique = comparison
            .presence
            .unique()
            .into_iter()
            .map(|(f, film)| (f.to_string(), film.to_string()))
            .collect();
        ComparisonData {
            common,
            unique,
            comparison,
            film_order,
            footage_order,
            pairs_by_score,
        }
    }
}

/// (revision of the project, ids of the chosen films).
type Key = (u64, Vec<String>);

struct Pending {
    key: Key,
    receiver: Receiver<ComparisonData>,
}

/// The data of the Statistics view's figures, for the chosen films.
pub struct FigureData {
    pub cutting: Vec<CuttingGraph>,
    pub lengths: Vec<LengthDistribution>,
    pub scale: ScaleBars,
}

#[derive(Default)]
pub struct AnalysisCache {
    /// The revision of the project being drawn, set by the app each frame.
    pub revision: u64,
    comparison: Option<(Key, Arc<ComparisonData>)>,
    pending: Option<Pending>,
    stats: Option<(Key, Arc<Vec<FilmStats>>)>,
    figures: Option<(Key, Arc<FigureData>)>,
}

impl AnalysisCache {
    /// Forgets everything: another project was opened.
    pub fn clear(&mut self) {
        *self = AnalysisCache::default();
    }

    /// The comparison of the chosen films, or `None` while a worker
    /// computes it.
    pub fn comparison(&mut self, project: &Project, view: &ViewState) -> Option<Arc<ComparisonData>> {
        let key = (self.revision, chosen_ids(project, view));
        if let Some((k, data)) = &self.comparison
            && *k == key
        {
            return Some(data.clone());
        }
        if let Some(pending) = &self.pending
            && pending.key == key
        {
            return match pending.receiver.try_recv() {
                Ok(data) => {
                    let data = Arc::new(data);
                    self.comparison = Some((key, data.clone()));
                    self.pending = None;
                    Some(data)
                }
                Err(TryRecvError::Empty) => None,
                Err(TryRecvError::Disconnected) => {
                    // The worker died: compute here rather than show nothing.
                    self.pending = None;
                    Some(self.compute_here(project, view, key))
                }
            };
        }
        if key.1.len() <= FILMS_IN_FRAME {
            return Some(self.compute_here(project, view, key));
        }
        // A new request replaces any older one, whose answer is dropped.
        let (sender, receiver) = mpsc::channel();
        let project = project.clone();
        let ids = key.1.clone();
        std::thread::spawn(move || {
            let films: Vec<&Film> = project.films.iter().filter(|f| ids.contains(&f.id)).collect();
            let _ = sender.send(ComparisonData::new(&project, &films));
        });
        self.pending = Some(Pending { key, receiver });
        None
    }

    fn compute_here(&mut self, project: &Project, view: &ViewState, key: Key) -> Arc<ComparisonData> {
        let films = chosen_films(project, view);
        let data = Arc::new(ComparisonData::new(project, &films));
        self.comparison = Some((key, data.clone()));
        data
    }

    /// The last comparison computed, whatever it is of.
    pub fn ready(&self) -> Option<Arc<ComparisonData>> {
        self.comparison.as_ref().map(|(_, d)| d.clone())
    }

    /// How many films the comparison being computed is of.
    pub fn pending_films(&self) -> usize {
        self.pending.as_ref().map_or(0, |p| p.key.1.len())
    }

    /// The figures' data for the chosen films, computed once per revision
    /// and choice rather than every frame.
    pub fn figures(&mut self, project: &Project, view: &ViewState) -> Arc<FigureData> {
        let key = (self.revision, chosen_ids(project, view));
        if let Some((k, f)) = &self.figures
            && *k == key
        {
            return f.clone();
        }
        let stats = self.stats(project, view);
        let films = chosen_films(project, view);
        let data = Arc::new(FigureData {
            cutting: films.iter().map(|f| figures::cutting_graph(f)).collect(),
            lengths: figures::length_distributions(&films, None),
            scale: figures::scale_bars(project, &stats),
        });
        self.figures = Some((key, data.clone()));
        data
    }

    /// Statistics of the chosen films (fast enough to compute in a frame:
    /// 200 films in a few milliseconds).
    pub fn stats(&mut self, project: &Project, view: &ViewState) -> Arc<Vec<FilmStats>> {
        let key = (self.revision, chosen_ids(project, view));
        if let Some((k, s)) = &self.stats
            && *k == key
        {
            return s.clone();
        }
        let s = Arc::new(stats::stats(project, &chosen_films(project, view)));
        self.stats = Some((key, s.clone()));
        s
    }
}
