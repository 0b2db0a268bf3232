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
    /// What the matrix cannot show, and why: films with no shots, shots
    /// whose footage is not known (they are in no row), footage missing
    /// from the registry.
    pub notes: Vec<String>,
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

/// The uses of each footage in `films`, numbered in the order first seen:
/// each with the place of its film in `films`, in film and shot order,
/// trims computed against the longest known use of the same piece.
struct Uses<'a> {
    number: HashMap<&'a str, usize>,
    footage: Vec<&'a str>,
    uses: Vec<Vec<(usize, Appearance)>>,
}

impl<'a> Uses<'a> {
    fn of(films: &[&'a Film]) -> Self {
        let mut all = Uses {
            number: HashMap::new(),
            footage: Vec::new(),
            uses: Vec::new(),
        };
        for (k, film) in films.iter().enumerate() {
            for (i, shot) in film.shots.iter().enumerate() {
                let Some(usage) = &shot.footage else { continue };
                let next = all.footage.len();
                let n = *all.number.entry(usage.footage.as_str()).or_insert(next);
                if n == next {
                    all.footage.push(usage.footage.as_str());
                    all.uses.push(Vec::new());
                }
                all.uses[n].push((
                    k,
                    Appearance {
                        film: film.id.clone(),
                        shot: i + 1,
                        piece: usage.piece,
                        frames: shot.frames(),
                        variants: usage.variants.clone(),
                        trim: None,
                    },
                ));
            }
        }
        for uses in &mut all.uses {
            // Pieces of one footage are different images: compare like with
            // like. A footage has few pieces: a list is quicker than a map.
            let mut longest: Vec<(Option<u32>, i64)> = Vec::new();
            for (_, a) in uses.iter() {
                if let Some(n) = a.frames {
                    match longest.iter_mut().find(|(p, _)| *p == a.piece) {
                        Some((_, max)) => *max = (*max).max(n),
                        None => longest.push((a.piece, n)),
                    }
                }
            }
            for (_, a) in uses.iter_mut() {
                let max = longest.iter().find(|(p, _)| *p == a.piece).map(|(_, n)| *n);
                a.trim = a.frames.zip(max).map(|(n, max)| max - n);
            }
        }
        all
    }
}

/// Every appearance of every footage in `films`, by footage id, in film and
/// shot order, with trims computed against the longest known use.
pub fn appearances(films: &[&Film]) -> BTreeMap<String, Vec<Appearance>> {
    let all = Uses::of(films);
    all.footage
        .into_iter()
        .zip(all.uses)
        .map(|(id, uses)| (id.to_string(), uses.into_iter().map(|(_, a)| a).collect()))
        .collect()
}

/// The presence matrix of the footage in `films`, rows in the order of the
/// project's footage registry, then footage missing from the registry by id.
pub fn presence(project: &Project, films: &[&Film]) -> Presence {
    let ids: Vec<String> = films.iter().map(|f| f.id.clone()).collect();
    // The column of each film: a film given twice (the same id) fills both.
    let mut columns_of: HashMap<&str, Vec<usize>> = HashMap::new();
    for (c, f) in films.iter().enumerate() {
        columns_of.entry(f.id.as_str()).or_default().push(c);
    }
    let columns: Vec<&[usize]> = films.iter().map(|f| columns_of[f.id.as_str()].as_slice()).collect();
    let all = Uses::of(films);
    let mut cells: Vec<Option<Vec<Vec<Appearance>>>> = all
        .uses
        .into_iter()
        .map(|uses| {
            // (not `vec![Vec::new(); n]`, which clones the empty list n times)
            let mut cells: Vec<Vec<Appearance>> = std::iter::repeat_with(Vec::new).take(films.len()).collect();
            for (k, a) in uses {
                match columns[k] {
                    [c] => cells[*c].push(a),
                    many => many.iter().for_each(|&c| cells[c].push(a.clone())),
                }
            }
            Some(cells)
        })
        .collect();
    let registered: HashSet<&str> = project.footage.iter().map(|f| f.id.as_str()).collect();
    let mut unregistered: Vec<(&str, usize)> = all
        .footage
        .iter()
        .enumerate()
        .filter(|(_, id)| !registered.contains(*id))
        .map(|(n, id)| (*id, n))
        .collect();
    unregistered.sort_unstable();
    let unregistered_ids = unregistered.clone();
    let order = project
        .footage
        .iter()
        .filter_map(|f| all.number.get(f.id.as_str()).map(|&n| (f.id.as_str(), n)))
        .chain(unregistered);
    let mut rows: Vec<PresenceRow> = Vec::with_capacity(all.footage.len());
    // where each footage's row is, for an id the registry lists twice
    let mut row_of: Vec<usize> = vec![usize::MAX; all.footage.len()];
    for (footage, n) in order {
        let cells = match cells[n].take() {
            Some(cells) => cells,
            None => rows[row_of[n]].cells.clone(),
        };
        row_of[n] = rows.len();
        rows.push(PresenceRow {
            footage: footage.to_string(),
            cells,
        });
    }
    let mut notes = Vec::new();
    for film in films {
        let unknown = film.shots.iter().filter(|s| s.footage.is_none()).count();
        if film.shots.is_empty() {
            notes.push(format!("{} has no shots: its column is empty", film.id));
        } else if unknown > 0 {
            notes.push(format!(
                "{}: {unknown} of {} shots have no known footage and are in no row",
                film.id,
                film.shots.len()
            ));
        }
    }
    for (id, _) in &unregistered_ids {
        notes.push(format!("footage '{id}' is used but not in the footage registry"));
    }
    Presence {
        films: ids,
        rows,
        notes,
    }
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
    /// What the alignment could not take into account, and why: a film
    /// with no shots, shots whose footage is not known.
    #[serde(skip)]
    pub notes: Vec<String>,
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

/// The number of a shot of unknown footage in film `a`, and in film `b`:
/// different, so that an unknown never matches anything, itself included.
const UNKNOWN_A: u32 = u32::MAX;
const UNKNOWN_B: u32 = u32::MAX - 1;

/// The images (footage and piece) of some films, numbered once so that the
/// alignments compare numbers, not strings. Two pieces of one footage are
/// different images.
#[derive(Default)]
struct Images<'a> {
    number: HashMap<(&'a str, Option<u32>), u32>,
    /// The footage id of each image number.
    footage: Vec<&'a str>,
}

impl<'a> Images<'a> {
    /// The image number of each shot of `film` in order; `UNKNOWN_A` where
    /// the footage is not known.
    fn sequence(&mut self, film: &'a Film) -> Vec<u32> {
        film.shots
            .iter()
            .map(|s| match &s.footage {
                None => UNKNOWN_A,
                Some(u) => {
                    let next = self.footage.len() as u32;
                    *self.number.entry((u.footage.as_str(), u.piece)).or_insert_with(|| {
                        self.footage.push(u.footage.as_str());
                        next
                    })
                }
            })
            .collect()
    }
}

/// What one alignment needs besides the two sequences, kept from one pair
/// to the next so that a run of alignments allocates only its results.
#[derive(Default)]
struct Scratch {
    /// The score table, (n+1) × (m+1), row-major.
    score: Vec<i32>,
    /// Film `b`'s sequence with its unknowns renumbered `UNKNOWN_B`.
    b: Vec<u32>,
    /// Per image number: the round in which film `a` showed it, and in
    /// which a match paired it.
    in_a: Vec<u32>,
    matched: Vec<u32>,
    round: u32,
}

/// Global alignment (Needleman–Wunsch) of the footage sequences of two
/// films. A shot with no known footage never matches anything.
pub fn align(a: &Film, b: &Film) -> Alignment {
    let mut images = Images::default();
    let (sa, sb) = (images.sequence(a), images.sequence(b));
    align_numbered(a, b, &sa, &sb, &images.footage, &mut Scratch::default())
}

fn align_numbered(a: &Film, b: &Film, sa: &[u32], sb: &[u32], footage: &[&str], scratch: &mut Scratch) -> Alignment {
    let (n, m) = (sa.len(), sb.len());
    let name = |x: u32| footage.get(x as usize).map(|f| f.to_string());
    scratch.b.clear();
    scratch
        .b
        .extend(sb.iter().map(|&x| if x == UNKNOWN_A { UNKNOWN_B } else { x }));
    let sb = &scratch.b[..];
    let w = m + 1;
    let score = &mut scratch.score;
    score.clear();
    score.resize((n + 1) * w, 0);
    for (j, cell) in score[..w].iter_mut().enumerate() {
        *cell = j as i32 * GAP;
    }
    for (i, &x) in sa.iter().enumerate() {
        let (done, rest) = score.split_at_mut((i + 1) * w);
        let prev = &done[i * w..];
        let row = &mut rest[..w];
        let mut left = (i + 1) as i32 * GAP;
        row[0] = left;
        for (j, &y) in sb.iter().enumerate() {
            let diag = prev[j] + if x == y { MATCH } else { MISMATCH };
            left = diag.max(prev[j + 1] + GAP).max(left + GAP);
            row[j + 1] = left;
        }
    }
    let score = &scratch.score;
    // trace back, preferring the diagonal so that ties keep shots paired
    let mut ops = Vec::with_capacity(n.max(m));
    let (mut i, mut j) = (n, m);
    while i > 0 || j > 0 {
        let here = score[i * w + j];
        if i > 0 && j > 0 {
            let matched = sa[i - 1] == sb[j - 1];
            let diag = score[(i - 1) * w + j - 1] + if matched { MATCH } else { MISMATCH };
            if here == diag {
                ops.push(AlignOp {
                    op: if matched { OpKind::Match } else { OpKind::Substitute },
                    a_shot: Some(i),
                    b_shot: Some(j),
                    footage: if matched { name(sa[i - 1]) } else { None },
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
                footage: name(sa[i - 1]),
            });
            i -= 1;
        } else {
            ops.push(AlignOp {
                op: OpKind::Insert,
                a_shot: None,
                b_shot: Some(j),
                footage: name(sb[j - 1]),
            });
            j -= 1;
        }
    }
    ops.reverse();
    let matches = ops.iter().filter(|o| o.op == OpKind::Match).count();
    let similarity = if n + m == 0 {
        0.0
    } else {
        2.0 * matches as f64 / (n + m) as f64
    };
    // Footage (and piece) both films show that the alignment left unpaired.
    scratch.round = scratch.round.wrapping_add(1);
    if scratch.round == 0 {
        // a new cycle of rounds: forget the marks of the previous one
        scratch.in_a.fill(0);
        scratch.matched.fill(0);
        scratch.round = 1;
    }
    let round = scratch.round;
    if scratch.in_a.len() < footage.len() {
        scratch.in_a.resize(footage.len(), 0);
        scratch.matched.resize(footage.len(), 0);
    }
    for &x in sa.iter().filter(|&&x| x != UNKNOWN_A) {
        scratch.in_a[x as usize] = round;
    }
    for o in ops.iter().filter(|o| o.op == OpKind::Match) {
        if let Some(i) = o.a_shot {
            scratch.matched[sa[i - 1] as usize] = round;
        }
    }
    let mut moved: Vec<String> = sb
        .iter()
        .filter(|&&x| x != UNKNOWN_B)
        .filter(|&&x| scratch.in_a[x as usize] == round && scratch.matched[x as usize] != round)
        .filter_map(|&x| name(x))
        .collect();
    moved.dedup();
    let mut notes = Vec::new();
    for (film, seq, unknown) in [(a, sa, UNKNOWN_A), (b, sb, UNKNOWN_B)] {
        if seq.is_empty() {
            notes.push(format!("{} has no shots: nothing of it to align", film.id));
        } else {
            let k = seq.iter().filter(|&&x| x == unknown).count();
            if k > 0 {
                notes.push(format!(
                    "{k} of {} shots of {} have no known footage: they match nothing",
                    seq.len(),
                    film.id
                ));
            }
        }
    }
    if n == 0 || m == 0 {
        notes.push("score 0: there is nothing to compare".to_string());
    }
    Alignment {
        a: a.id.clone(),
        b: b.id.clone(),
        score: similarity,
        ops,
        moved,
        notes,
    }
}

/// Alignments of every pair of `films` (a before b in the order given),
/// the same as `align` on each pair. The footage is numbered once for all
/// films, and the pairs are shared out, in blocks, among the threads the
/// machine offers; the output keeps the pair order.
pub fn all_pairs(films: &[&Film]) -> Vec<Alignment> {
    all_pairs_in_blocks(films, 64)
}

/// `all_pairs` with `block` pairs handed out at a time (tests use small
/// blocks so that small projects take the threaded path too).
fn all_pairs_in_blocks(films: &[&Film], block: usize) -> Vec<Alignment> {
    let mut images = Images::default();
    let sequences: Vec<Vec<u32>> = films.iter().map(|f| images.sequence(f)).collect();
    let footage = &images.footage[..];
    let pairs: Vec<(usize, usize)> = (0..films.len())
        .flat_map(|i| (i + 1..films.len()).map(move |j| (i, j)))
        .collect();
    let align_pairs = |block: &[(usize, usize)], scratch: &mut Scratch| -> Vec<Alignment> {
        block
            .iter()
            .map(|&(i, j)| align_numbered(films[i], films[j], &sequences[i], &sequences[j], footage, scratch))
            .collect()
    };
    let block = block.max(1);
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(pairs.len().div_ceil(block));
    if threads <= 1 {
        return align_pairs(&pairs, &mut Scratch::default());
    }
    // Blocks are handed out in order to whichever thread is free; each
    // result is put back in its block's place.
    let next = std::sync::atomic::AtomicUsize::new(0);
    let blocks: Vec<&[(usize, usize)]> = pairs.chunks(block).collect();
    let mut done: Vec<(usize, Vec<Alignment>)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut scratch = Scratch::default();
                    let mut out = Vec::new();
                    loop {
                        let k = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(block) = blocks.get(k) else { break };
                        out.push((k, align_pairs(block, &mut scratch)));
                    }
                    out
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().expect("an alignment thread panicked"))
            .collect()
    });
    done.sort_unstable_by_key(|(k, _)| *k);
    let mut out = Vec::with_capacity(pairs.len());
    for (_, block) in done {
        out.extend(block);
    }
    out
}

/// An order of `films` (a permutation of `0..films.len()`) that puts films
/// sharing their editing next to each other, for the columns of the
/// presence matrix and the rows and columns of the similarity table.
///
/// Average-linkage hierarchical clustering (UPGMA) on the alignment scores:
/// each film starts as its own group; the two groups with the highest mean
/// score between their films are joined, until one group is left, whose
/// films in order are the answer. When two groups are joined, either may be
/// reversed so that the two films meeting at the join are the most similar
/// of the four possible meetings (the first group keeps its direction on a
/// tie). Ties between groups go to the earliest ones in film order, so the
/// result depends only on the films' order and the scores.
///
/// `alignments` are found by film id (`all_pairs(films)` is what is
/// expected); a pair without an alignment counts as a score of 0.
pub fn film_order_by_similarity(films: &[&Film], alignments: &[Alignment]) -> Vec<usize> {
    let n = films.len();
    let mut index: HashMap<&str, usize> = HashMap::with_capacity(n);
    for (i, f) in films.iter().enumerate() {
        index.entry(f.id.as_str()).or_insert(i);
    }
    // film × film similarity
    let mut sim = vec![0.0f64; n * n];
    for al in alignments {
        if let (Some(&i), Some(&j)) = (index.get(al.a.as_str()), index.get(al.b.as_str())) {
            sim[i * n + j] = al.score;
            sim[j * n + i] = al.score;
        }
    }
    let film_sim = |i: usize, j: usize| sim[i * n + j];
    // the groups, in the order they were made; `None` once joined
    let mut groups: Vec<Option<Vec<usize>>> = (0..n).map(|i| Some(vec![i])).collect();
    // group × group mean similarity, for the live groups (indices < n:
    // a joined group takes the place of its first part)
    let mut link = sim.clone();
    loop {
        let live: Vec<usize> = (0..n).filter(|&g| groups[g].is_some()).collect();
        if live.len() < 2 {
            break;
        }
        let mut best: Option<(f64, usize, usize)> = None;
        for (x, &g) in live.iter().enumerate() {
            for &h in &live[x + 1..] {
                let s = link[g * n + h];
                if best.is_none_or(|(b, _, _)| s > b) {
                    best = Some((s, g, h));
                }
            }
        }
        let Some((_, g, h)) = best else { break };
        let (mut first, mut second) = (
            groups[g].take().unwrap_or_default(),
            groups[h].take().unwrap_or_default(),
        );
        let ends = |a: &[usize], b: &[usize]| film_sim(a[a.len() - 1], b[0]);
        let mut best_join = ends(&first, &second);
        let mut flip = (false, false);
        for (rf, rs) in [(false, true), (true, false), (true, true)] {
            let f: Vec<usize> = if rf {
                first.iter().rev().copied().collect()
            } else {
                first.clone()
            };
            let s: Vec<usize> = if rs {
                second.iter().rev().copied().collect()
            } else {
                second.clone()
            };
            let j = ends(&f, &s);
            if j > best_join {
                best_join = j;
                flip = (rf, rs);
            }
        }
        if flip.0 {
            first.reverse();
        }
        if flip.1 {
            second.reverse();
        }
        let (size_g, size_h) = (first.len() as f64, second.len() as f64);
        for &k in &live {
            if k != g && k != h {
                let s = (size_g * link[g * n + k] + size_h * link[h * n + k]) / (size_g + size_h);
                link[g * n + k] = s;
                link[k * n + g] = s;
            }
        }
        first.extend(second);
        groups[g] = Some(first);
    }
    groups.into_iter().flatten().flatten().collect()
}

/// An order of the rows of `presence` (a permutation of
/// `0..presence.rows.len()`): the footage shown by the most films first;
/// among footage shown by as many films, the one whose first film — first
/// in `film_order`, the order of the columns on screen — comes earliest;
/// then the registry order. Rows thus form blocks of shared footage that
/// follow the columns.
///
/// `film_order` holds indices of `presence.films` (as
/// `film_order_by_similarity` gives them); columns it leaves out count as
/// coming after all the others.
pub fn footage_order_by_presence(presence: &Presence, film_order: &[usize]) -> Vec<usize> {
    let columns = presence.films.len();
    let mut place = vec![usize::MAX; columns];
    for (p, &c) in film_order.iter().enumerate() {
        if c < columns && place[c] == usize::MAX {
            place[c] = p;
        }
    }
    let key = |r: &PresenceRow| {
        let first = r
            .cells
            .iter()
            .enumerate()
            .filter(|(_, cell)| !cell.is_empty())
            .map(|(c, _)| place.get(c).copied().unwrap_or(usize::MAX))
            .min()
            .unwrap_or(usize::MAX);
        (std::cmp::Reverse(r.film_count()), first)
    };
    let keys: Vec<_> = presence.rows.iter().map(key).collect();
    let mut order: Vec<usize> = (0..presence.rows.len()).collect();
    // stable: equal keys keep the registry order
    order.sort_by_key(|&r| keys[r]);
    order
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
    /// What could not be put in place, and why: a piece found in several
    /// places, uses with no piece number, a piece numbered 0.
    pub notes: Vec<String>,
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
        let mut notes = Vec::new();
        for same in pieces.chunk_by(|x, y| x.piece == y.piece).filter(|s| s.len() > 1) {
            let places: Vec<String> = same.iter().map(|p| format!("{} shot {}", p.film, p.shot)).collect();
            notes.push(format!(
                "piece {} is found {} times ({}): each is listed",
                same[0].piece,
                same.len(),
                places.join(", ")
            ));
        }
        if have.contains(&0) {
            notes.push("a piece is numbered 0: pieces are numbered from 1".to_string());
        }
        let unnumbered: Vec<String> = uses
            .iter()
            .filter(|a| a.piece.is_none())
            .map(|a| format!("{} shot {}", a.film, a.shot))
            .collect();
        if !unnumbered.is_empty() {
            notes.push(format!(
                "{} use(s) with no piece number cannot be placed: {}",
                unnumbered.len(),
                unnumbered.join(", ")
            ));
        }
        out.insert(
            footage.clone(),
            Reconstruction {
                footage,
                pieces,
                gaps,
                notes,
            },
        );
    }
    out
}

/// Which films use which variant of a footage: variant → films, in the
/// order of the footage's known variants, then any other variant seen.
pub fn variant_uses(project: &Project, films: &[&Film], footage: &str) -> Vec<(String, Vec<String>)> {
    let apps = appearances(films);
    match apps.get(footage) {
        Some(uses) => variant_uses_of(project, footage, uses),
        None => Vec::new(),
    }
}

/// As `variant_uses`, from the appearances of the footage already found
/// (a comparison finds them once for every footage).
pub fn variant_uses_of(project: &Project, footage: &str, uses: &[Appearance]) -> Vec<(String, Vec<String>)> {
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

    // The implementations before they were made faster (issue 6), kept to
    // check that the faster ones give the same answers.
    use std::collections::HashSet;

    fn reference_appearances(films: &[&Film]) -> BTreeMap<String, Vec<Appearance>> {
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

    fn reference_presence(project: &Project, films: &[&Film]) -> Presence {
        let apps = reference_appearances(films);
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
        Presence {
            films: ids,
            rows,
            notes: Vec::new(),
        }
    }

    fn footage_sequence(film: &Film) -> Vec<Option<(&str, Option<u32>)>> {
        film.shots
            .iter()
            .map(|s| s.footage.as_ref().map(|u| (u.footage.as_str(), u.piece)))
            .collect()
    }

    // Global alignment (Needleman–Wunsch) of the footage sequences of two
    // films. A shot with no known footage never matches anything.
    fn reference_align(a: &Film, b: &Film) -> Alignment {
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
            notes: Vec::new(),
        }
    }

    /// The alignment without its notes, which the reference does not write.
    fn unnoted(mut al: Alignment) -> Alignment {
        al.notes.clear();
        al
    }

    /// Films of up to 12 shots over a small alphabet of footage and pieces,
    /// some unknown, with lengths known or not; ids may repeat.
    fn small_films() -> impl Strategy<Value = Vec<Film>> {
        let shot = (
            proptest::option::weighted(0.85, (0usize..6, proptest::option::of(1u32..3))),
            proptest::option::of(1i64..60),
        );
        proptest::collection::vec(proptest::collection::vec(shot, 0..12), 0..7).prop_map(|films| {
            films
                .into_iter()
                .enumerate()
                .map(|(k, shots)| {
                    let mut f = Film::new(format!("f{}", k % 5), "F");
                    f.shots = shots
                        .into_iter()
                        .enumerate()
                        .map(|(i, (footage, frames))| {
                            let mut s = Shot::new(i as u32 + 1);
                            s.footage = footage.map(|(x, piece)| {
                                let mut u = FootageUse::new(["a", "b", "c", "d", "e", "z"][x]);
                                u.piece = piece;
                                u
                            });
                            s.length = frames.map(|frames| crate::model::Length {
                                frames,
                                source: crate::model::LengthSource::Measured,
                            });
                            s
                        })
                        .collect();
                    f
                })
                .collect()
        })
    }

    proptest! {
        #[test]
        fn the_faster_comparison_gives_the_same_answers(films in small_films()) {
            let refs: Vec<&Film> = films.iter().collect();
            let pairs = all_pairs(&refs);
            // the threaded path too, with blocks of 2 pairs
            prop_assert_eq!(&all_pairs_in_blocks(&refs, 2), &pairs);
            let mut k = 0;
            for (i, a) in refs.iter().enumerate() {
                for b in &refs[i + 1..] {
                    let expected = reference_align(a, b);
                    prop_assert_eq!(&unnoted(align(a, b)), &expected);
                    prop_assert_eq!(&unnoted(pairs[k].clone()), &expected);
                    k += 1;
                }
            }
            prop_assert_eq!(k, pairs.len());
            // footage "z" is not in the registry, "a" is listed twice
            let mut project = Project::new("p");
            for id in ["e", "a", "b", "c", "a", "d", "x"] {
                project.footage.push(crate::model::Footage::new(id, id));
            }
            let (fast, slow) = (presence(&project, &refs), reference_presence(&project, &refs));
            prop_assert_eq!(fast.films, slow.films);
            prop_assert_eq!(fast.rows, slow.rows);
            prop_assert_eq!(appearances(&refs), reference_appearances(&refs));
        }
    }

    #[test]
    fn all_pairs_on_many_films_uses_threads_and_keeps_the_order() {
        let films: Vec<Film> = (0..30)
            .map(|k| {
                let seq: Vec<Option<&str>> = (0..20)
                    .map(|i| (i % 7 != k % 7).then_some(["a", "b", "c", "d", "e"][(i * k + i) % 5]))
                    .collect();
                film(&format!("f{k}"), &seq)
            })
            .collect();
        let refs: Vec<&Film> = films.iter().collect();
        let pairs = all_pairs(&refs);
        assert_eq!(pairs.len(), 435);
        let mut k = 0;
        for (i, a) in refs.iter().enumerate() {
            for b in &refs[i + 1..] {
                assert_eq!(unnoted(pairs[k].clone()), reference_align(a, b));
                k += 1;
            }
        }
    }

    fn is_permutation(order: &[usize], n: usize) -> bool {
        let mut seen = vec![false; n];
        order.len() == n && order.iter().all(|&i| i < n && !std::mem::replace(&mut seen[i], true))
    }

    #[test]
    fn similar_films_end_up_side_by_side() {
        let films = [
            film("a", &[Some("x"), Some("y"), Some("z"), Some("w")]),
            film("b", &[Some("p"), Some("q"), Some("r")]),
            film("c", &[Some("x"), Some("y"), Some("z"), None]),
            film("d", &[Some("p"), Some("q"), Some("s")]),
            film("e", &[Some("k")]),
        ];
        let refs: Vec<&Film> = films.iter().collect();
        let order = film_order_by_similarity(&refs, &all_pairs(&refs));
        assert!(is_permutation(&order, 5), "{order:?}");
        let at = |i: usize| order.iter().position(|&x| x == i).unwrap();
        assert_eq!(at(0).abs_diff(at(2)), 1, "{order:?}");
        assert_eq!(at(1).abs_diff(at(3)), 1, "{order:?}");
        assert_eq!(
            order,
            film_order_by_similarity(&refs, &all_pairs(&refs)),
            "deterministic"
        );
        // no films, one film, no alignments at all
        assert!(film_order_by_similarity(&[], &[]).is_empty());
        assert_eq!(film_order_by_similarity(&refs[..1], &[]), vec![0]);
        assert_eq!(film_order_by_similarity(&refs, &[]), vec![0, 1, 2, 3, 4]);
    }

    #[test]
    fn the_most_shared_footage_comes_first() {
        let films = [
            film("a", &[Some("x"), Some("y")]),
            film("b", &[Some("y"), Some("z")]),
            film("c", &[Some("y"), Some("x"), Some("w")]),
        ];
        let refs: Vec<&Film> = films.iter().collect();
        let mut project = Project::new("p");
        for id in ["w", "x", "y", "z"] {
            project.footage.push(crate::model::Footage::new(id, id));
        }
        let p = presence(&project, &refs);
        let names = |order: Vec<usize>| -> Vec<&str> { order.iter().map(|&r| p.rows[r].footage.as_str()).collect() };
        // y in three films; x in two; then w (first in c) and z (first in b)
        assert_eq!(names(footage_order_by_presence(&p, &[0, 1, 2])), ["y", "x", "z", "w"]);
        assert_eq!(names(footage_order_by_presence(&p, &[2, 1, 0])), ["y", "x", "w", "z"]);
        // columns left out of the order come last
        assert_eq!(names(footage_order_by_presence(&p, &[])), ["y", "x", "w", "z"]);
        let empty = presence(&project, &[]);
        assert!(footage_order_by_presence(&empty, &[]).is_empty());
    }
}
