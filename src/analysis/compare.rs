//! Comparing films: which footage each one shows, where and how long, in
//! which order and which variant; which films share their editing; how a
//! footage cut into pieces is put back together.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::Serialize;

use crate::model::{Film, Project};

/// One use of a footage in a film.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Appearance {
    pub film: String,
    /// Shot number (1-based).
    pub shot: usize,
    pub piece: Option<u32>,
    pub frames: Option<i64>,
    pub variants: Vec<String>,
    /// Frames missing against the longest known use of the same footage
    /// (and piece): a trim. `None` when either length is unknown.
    #[serde(skip)]
    pub trim: Option<i64>,
}

/// Footage × films: where each footage appears.
#[derive(Clone, Debug, PartialEq)]
pub struct Presence {
    /// The films compared, in project order.
    pub films: Vec<String>,
    pub rows: Vec<PresenceRow>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct PresenceRow {
    pub footage: String,
    /// For each compared film, the appearances in it (empty: absent).
    pub cells: Vec<Vec<Appearance>>,
}

impl PresenceRow {
    /// How many of the compared films show this footage.
    pub fn film_count(&self) -> usize {
        self.cells.iter().filter(|c| !c.is_empty()).count()
    }

    pub fn films_present<'a>(&self, films: &'a [String]) -> Vec<&'a str> {
        films
            .iter()
            .zip(&self.cells)
            .filter(|(_, c)| !c.is_empty())
            .map(|(f, _)| f.as_str())
            .collect()
    }
}

impl Presence {
    /// Footage present in every compared film (none when fewer than two).
    pub fn common(&self) -> Vec<&str> {
        if self.films.len() < 2 {
            return Vec::new();
        }
        self.rows
            .iter()
            .filter(|r| r.film_count() == self.films.len())
            .map(|r| r.footage.as_str())
            .collect()
    }

    /// Footage present in exactly one of the compared films.
    pub fn unique(&self) -> Vec<(&str, &str)> {
        if self.films.len() < 2 {
            return Vec::new();
        }
        self.rows
            .iter()
            .filter(|r| r.film_count() == 1)
            .map(|r| (r.footage.as_str(), r.films_present(&self.films)[0]))
            .collect()
    }

    pub fn row(&self, footage: &str) -> Option<&PresenceRow> {
        self.rows.iter().find(|r| r.footage == footage)
    }
}

/// The films named by `ids` (all when empty), in project order, or the
/// first id that names no film.
pub fn select_films<'a>(project: &'a Project, ids: &[String]) -> Result<Vec<&'a Film>, String> {
    if let Some(missing) = ids.iter().find(|id| project.film(id).is_none()) {
        return Err(missing.clone());
    }
    Ok(project
        .films
        .iter()
        .filter(|f| ids.is_empty() || ids.contains(&f.id))
        .collect())
}

/// Every appearance of every footage in `films`, by footage id, in film and
/// shot order, with trims computed against the longest known use.
pub fn appearances(films: &[&Film]) -> BTreeMap<String, Vec<Appearance>> {
    let mut map: BTreeMap<String, Vec<Appearance>> = BTreeMap::new();
    for film in films {
        for (i, shot) in film.shots.iter().enumerate() {
            if let Some(usage) = &shot.footage {
                map.entry(usage.footage.clone()).or_default().push(Appearance {
                    film: film.id.clone(),
                    shot: i + 1,
                    piece: usage.piece,
                    frames: shot.frames(),
                    variants: usage.variants.clone(),
                    trim: None,
                });
            }
        }
    }
    for uses in map.values_mut() {
        // Pieces of one footage are different images: compare like with like.
        let mut longest: HashMap<Option<u32>, i64> = HashMap::new();
        for a in uses.iter() {
            if let Some(n) = a.frames {
                let e = longest.entry(a.piece).or_insert(n);
                *e = (*e).max(n);
            }
        }
        for a in uses.iter_mut() {
            a.trim = a.frames.zip(longest.get(&a.piece)).map(|(n, max)| max - n);
        }
    }
    map
}

/// The presence matrix of the footage in `films`, rows in the order of the
/// project's footage registry.
pub fn presence(project: &Project, films: &[&Film]) -> Presence {
    let apps = appearances(films);
    let ids: Vec<String> = films.iter().map(|f| f.id.clone()).collect();
    let mut order: Vec<&str> = project.footage.iter().map(|f| f.id.as_str()).collect();
    // footage used but missing from the registry still shows
    for id in apps.keys() {
        if !order.contains(&id.as_str()) {
            order.push(id);
        }
    }
    let rows = order
        .into_iter()
        .filter_map(|footage| {
            let uses = apps.get(footage)?;
            let cells = ids
                .iter()
                .map(|film| uses.iter().filter(|a| &a.film == film).cloned().collect())
                .collect();
            Some(PresenceRow {
                footage: footage.to_string(),
                cells,
            })
        })
        .collect();
    Presence { films: ids, rows }
}

/// One step of an alignment of two films' footage sequences.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum OpKind {
    /// The same footage at this place in both films.
    Match,
    /// A shot only film `b` has here.
    Insert,
    /// A shot only film `a` has here.
    Delete,
    /// Both films have a shot here, showing different (or unknown) footage.
    Substitute,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AlignOp {
    pub op: OpKind,
    /// Shot numbers (1-based) in each film; `None` on the side that has none.
    pub a_shot: Option<usize>,
    pub b_shot: Option<usize>,
    /// The footage of a match, or of the one side of an insert or delete.
    pub footage: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Alignment {
    pub a: String,
    pub b: String,
    /// Shared editing, from 0 (nothing in common) to 1 (the same footage in
    /// the same order): twice the matches over the shots of both films.
    pub score: f64,
    pub ops: Vec<AlignOp>,
    /// Footage both films show but that the alignment could not match:
    /// shown in another order.
    #[serde(skip)]
    pub moved: Vec<String>,
}

impl Alignment {
    pub fn matches(&self) -> usize {
        self.ops.iter().filter(|o| o.op == OpKind::Match).count()
    }
}

// A substitution costs as much as a deletion plus an insertion, so the best
// alignment is the one with the most matches (the longest common
// subsequence of footage) and the score does not depend on which film is
// `a`. Ties keep the shots paired as substitutions.
const MATCH: i32 = 2;
const MISMATCH: i32 = -2;
const GAP: i32 = -1;

/// The footage (and piece) of each shot in order; `None` where it is not
/// known. Two pieces of one footage are different images.
fn footage_sequence(film: &Film) -> Vec<Option<(&str, Option<u32>)>> {
    film.shots
        .iter()
        .map(|s| s.footage.as_ref().map(|u| (u.footage.as_str(), u.piece)))
        .collect()
}

/// Global alignment (Needleman–Wunsch) of the footage sequences of two
/// films. A shot with no known footage never matches anything.
pub fn align(a: &Film, b: &Film) -> Alignment {
    let (sa, sb) = (footage_sequence(a), footage_sequence(b));
    let (n, m) = (sa.len(), sb.len());
    let same = |i: usize, j: usize| matches!((sa[i], sb[j]), (Some(x), Some(y)) if x == y);
    // score table, (n+1) × (m+1), row-major
    let w = m + 1;
    let mut score = vec![0i32; (n + 1) * w];
    for i in 0..=n {
        score[i * w] = i as i32 * GAP;
    }
    for (j, cell) in score.iter_mut().take(m + 1).enumerate() {
        *cell = j as i32 * GAP;
    }
    for i in 1..=n {
        for j in 1..=m {
            let diag = score[(i - 1) * w + j - 1] + if same(i - 1, j - 1) { MATCH } else { MISMATCH };
            let up = score[(i - 1) * w + j] + GAP;
            let left = score[i * w + j - 1] + GAP;
            score[i * w + j] = diag.max(up).max(left);
        }
    }
    // trace back, preferring the diagonal so that ties keep shots paired
    let mut ops = Vec::with_capacity(n.max(m));
    let (mut i, mut j) = (n, m);
    while i > 0 || j > 0 {
        let here = score[i * w + j];
        if i > 0 && j > 0 {
            let matched = same(i - 1, j - 1);
            let diag = score[(i - 1) * w + j - 1] + if matched { MATCH } else { MISMATCH };
            if here == diag {
                ops.push(AlignOp {
                    op: if matched { OpKind::Match } else { OpKind::Substitute },
                    a_shot: Some(i),
                    b_shot: Some(j),
                    footage: if matched {
                        sa[i - 1].map(|(f, _)| f.to_string())
                    } else {
                        None
                    },
                });
                i -= 1;
                j -= 1;
                continue;
            }
        }
        if i > 0 && here == score[(i - 1) * w + j] + GAP {
            ops.push(AlignOp {
                op: OpKind::Delete,
                a_shot: Some(i),
                b_shot: None,
                footage: sa[i - 1].map(|(f, _)| f.to_string()),
            });
            i -= 1;
        } else {
            ops.push(AlignOp {
                op: OpKind::Insert,
                a_shot: None,
                b_shot: Some(j),
                footage: sb[j - 1].map(|(f, _)| f.to_string()),
            });
            j -= 1;
        }
    }
    ops.reverse();
    let matches = ops.iter().filter(|o| o.op == OpKind::Match).count();
    let score = if n + m == 0 {
        0.0
    } else {
        2.0 * matches as f64 / (n + m) as f64
    };
    // Footage (and piece) both films show that the alignment left unpaired.
    let matched: HashSet<(&str, Option<u32>)> = ops
        .iter()
        .filter(|o| o.op == OpKind::Match)
        .filter_map(|o| sa[o.a_shot? - 1])
        .collect();
    let in_a: HashSet<(&str, Option<u32>)> = sa.iter().flatten().copied().collect();
    let mut moved: Vec<String> = sb
        .iter()
        .flatten()
        .filter(|t| in_a.contains(t) && !matched.contains(t))
        .map(|(f, _)| f.to_string())
        .collect();
    moved.dedup();
    Alignment {
        a: a.id.clone(),
        b: b.id.clone(),
        score,
        ops,
        moved,
    }
}

/// Alignments of every pair of `films` (a before b in project order).
pub fn all_pairs(films: &[&Film]) -> Vec<Alignment> {
    let mut out = Vec::with_capacity(films.len() * films.len().saturating_sub(1) / 2);
    for (i, a) in films.iter().enumerate() {
        for b in &films[i + 1..] {
            out.push(align(a, b));
        }
    }
    out
}

/// One known piece of a footage cut into pieces.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PieceSource {
    pub piece: u32,
    pub film: String,
    pub shot: usize,
}

/// A footage put back together from its pieces: each piece with where it
/// is found, and the piece numbers nobody has found.
#[derive(Clone, Debug, PartialEq)]
pub struct Reconstruction {
    pub footage: String,
    pub pieces: Vec<PieceSource>,
    pub gaps: Vec<u32>,
}

/// For each footage used with piece numbers, its pieces in order.
pub fn reconstructions(films: &[&Film]) -> BTreeMap<String, Reconstruction> {
    let mut out = BTreeMap::new();
    for (footage, uses) in appearances(films) {
        let mut pieces: Vec<PieceSource> = uses
            .iter()
            .filter_map(|a| {
                a.piece.map(|piece| PieceSource {
                    piece,
                    film: a.film.clone(),
                    shot: a.shot,
                })
            })
            .collect();
        if pieces.is_empty() {
            continue;
        }
        pieces.sort_by_key(|p| p.piece);
        let max = pieces.last().map_or(0, |p| p.piece);
        let have: HashSet<u32> = pieces.iter().map(|p| p.piece).collect();
        let gaps = (1..=max).filter(|p| !have.contains(p)).collect();
        out.insert(footage.clone(), Reconstruction { footage, pieces, gaps });
    }
    out
}

/// Which films use which variant of a footage: variant → films, in the
/// order of the footage's known variants, then any other variant seen.
pub fn variant_uses(project: &Project, films: &[&Film], footage: &str) -> Vec<(String, Vec<String>)> {
    let apps = appearances(films);
    let Some(uses) = apps.get(footage) else {
        return Vec::new();
    };
    let mut order: Vec<String> = project
        .footage(footage)
        .map(|f| f.variants.iter().flatten().cloned().collect())
        .unwrap_or_default();
    for a in uses {
        for v in &a.variants {
            if !order.contains(v) {
                order.push(v.clone());
            }
        }
    }
    order
        .into_iter()
        .map(|variant| {
            let mut films: Vec<String> = uses
                .iter()
                .filter(|a| a.variants.contains(&variant))
                .map(|a| a.film.clone())
                .collect();
            films.dedup();
            (variant, films)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{FootageUse, Shot};
    use proptest::prelude::*;

    fn film(id: &str, footage: &[Option<&str>]) -> Film {
        let mut f = Film::new(id, id);
        f.shots = footage
            .iter()
            .enumerate()
            .map(|(i, fo)| {
                let mut s = Shot::new(i as u32 + 1);
                s.footage = fo.map(FootageUse::new);
                s
            })
            .collect();
        f
    }

    fn kinds(a: &Alignment) -> String {
        a.ops
            .iter()
            .map(|o| match o.op {
                OpKind::Match => 'M',
                OpKind::Insert => 'I',
                OpKind::Delete => 'D',
                OpKind::Substitute => 'S',
            })
            .collect()
    }

    #[test]
    fn a_swap_of_two_shots_shows_as_moved() {
        let a = film("a", &[Some("x"), Some("y"), Some("z")]);
        let b = film("b", &[Some("x"), Some("z"), Some("y")]);
        let al = align(&a, &b);
        assert_eq!(al.matches(), 2);
        assert_eq!(al.moved.len(), 1);
        assert!((al.score - 4.0 / 6.0).abs() < 1e-9);
    }

    #[test]
    fn unknown_footage_never_matches() {
        let a = film("a", &[None, Some("x")]);
        let b = film("b", &[None, Some("x")]);
        let al = align(&a, &b);
        assert_eq!(kinds(&al), "SM");
        assert_eq!(al.score, 0.5);
        let empty = film("e", &[]);
        assert_eq!(align(&empty, &empty).score, 0.0);
        assert_eq!(kinds(&align(&a, &empty)), "DD");
    }

    fn footage_seq() -> impl Strategy<Value = Vec<Option<&'static str>>> {
        proptest::collection::vec(
            prop_oneof![
                Just(None),
                Just(Some("a")),
                Just(Some("b")),
                Just(Some("c")),
                Just(Some("d"))
            ],
            0..30,
        )
    }

    proptest! {
        #[test]
        fn a_film_aligned_with_itself_is_all_matches(seq in footage_seq()) {
            // known footage only: an unknown never matches, even itself
            let seq: Vec<Option<&str>> = seq.into_iter().filter(Option::is_some).collect();
            let f = film("f", &seq);
            let al = align(&f, &f);
            prop_assert_eq!(al.matches(), seq.len());
            prop_assert!(al.ops.iter().all(|o| o.op == OpKind::Match && o.a_shot == o.b_shot));
            prop_assert!(seq.is_empty() || al.score == 1.0);
        }

        #[test]
        fn every_shot_appears_once_on_its_side(a in footage_seq(), b in footage_seq()) {
            let (fa, fb) = (film("a", &a), film("b", &b));
            let al = align(&fa, &fb);
            let a_shots: Vec<usize> = al.ops.iter().filter_map(|o| o.a_shot).collect();
            let b_shots: Vec<usize> = al.ops.iter().filter_map(|o| o.b_shot).collect();
            prop_assert_eq!(a_shots, (1..=a.len()).collect::<Vec<_>>());
            prop_assert_eq!(b_shots, (1..=b.len()).collect::<Vec<_>>());
            prop_assert!((0.0..=1.0).contains(&al.score));
            // symmetric score
            prop_assert!((align(&fb, &fa).score - al.score).abs() < 1e-12);
        }
    }
}
