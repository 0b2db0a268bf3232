//! A synthetic project for benchmarks and load tests: many newsreels made of
//! shots that look like the ones scholars describe. It is deterministic (the
//! same arguments always give the same project) and valid: `validate` finds
//! no problem in it.
//!
//! Every shot has a start frame and a length (measured, or reported by a
//! publication); most have a framing code; about a third show footage shared
//! between films, often cut into numbered pieces; one shot in ten carries
//! evidence. There are two footage entries per film (2,000 for 1,000 films).

use super::project::{
    Evidence, Film, Footage, FootageUse, Length, LengthSource, Placement, Project, Shot, Stance, Weight,
};
use super::time::{Frame, FrameRate};

/// A small linear congruential generator (Knuth's MMIX constants): enough
/// variety for test data, and no dependency.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u32 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 32) as u32
    }

    /// A number in `0..n` (`n > 0`).
    fn below(&mut self, n: usize) -> usize {
        ((self.next() as u64 * n as u64) >> 32) as usize
    }

    /// A number in `lo..=hi`.
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as usize) as i64
    }

    /// True once in `n` times.
    fn one_in(&mut self, n: usize) -> bool {
        self.below(n) == 0
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const SUBJECTS: [&str; 16] = [
    "A miner with a lamp on his helmet",
    "Stakhanov, in a clean work shirt,",
    "A young woman worker in a headscarf",
    "The mine director in a dark coat",
    "A young tractor driver",
    "A worker holding a red banner",
    "An engineer in a white coat",
    "A peasant with a grey beard and a cap",
    "A pioneer in a white shirt",
    "Stalin, on the tribune,",
    "An old worker with medals on his chest",
    "A railwayman in uniform",
    "A delegate with a briefcase",
    "A woman from a collective farm",
    "A foreman with a notebook",
    "A soldier of the Red Army",
];

const ACTIONS: [&str; 16] = [
    "pushes a pneumatic drill into the seam",
    "applauds, cap in hand,",
    "walks slowly towards the camera",
    "shakes hands with the visitors",
    "reads a telegram aloud",
    "raises a bouquet above the heads",
    "listens to a speech without moving",
    "loads coal into a wagon",
    "turns to the left and smiles",
    "marches past the tribune",
    "signs a register on a table",
    "lifts a child up to the camera",
    "points at a chart of the output",
    "waves from a slowly moving train",
    "climbs onto a platform",
    "looks straight into the lens",
];

const PLACES: [&str; 16] = [
    "in a low, flat gallery.",
    "at the pit head, in daylight.",
    "on Red Square, seen from above.",
    "in a hall hung with banners.",
    "beside a conveyor belt.",
    "in front of the mine offices.",
    "on a station platform.",
    "in a wheat field at harvest.",
    "at a factory gate.",
    "on the stage of the Bolshoi.",
    "in a workers' club.",
    "under a large portrait.",
    "near the winding tower.",
    "in a dark tunnel lit from the side.",
    "among the crowd, backlit.",
    "on a snowy street.",
];

const FOOTAGE_TOPICS: [&str; 10] = [
    "Coal face",
    "Pit head",
    "Conference of Stakhanovites",
    "Parade",
    "Harvest",
    "Factory",
    "Railway",
    "Delegation",
    "Collective farm",
    "Kremlin reception",
];

const ORIGINS: [&str; 5] = [
    "Soyuzkinokhronika",
    "Gaumont newsreel",
    "Pathé-Journal",
    "Ukrainian newsreel studio",
    "unknown Soviet camera operator",
];

const VARIANT_SETS: [[&str; 2]; 6] = [
    ["mouth half-open", "mouth closed"],
    ["coal collapses", "coal does not collapse"],
    ["cap on", "cap off"],
    ["flipped", "not flipped"],
    ["with intertitle", "without intertitle"],
    ["tinted", "black and white"],
];

const CITATIONS: [&str; 5] = [
    "article",
    "Gosfilmofond catalogue card",
    "Gaumont Pathé archives record",
    "Depretto (1982)",
    "censorship visa",
];

const OBSERVATIONS: [&str; 8] = [
    "The gallery looks flat and wide, while the memoir says the seams were steep and worked from benches.",
    "Very little coal comes off in the shot; the drill barely enters the face and he seems to pose.",
    "A well-composed frame that puts his face and both hands in view, as a live shot rarely would.",
    "The light comes from several lamps placed outside the frame, which a working gallery did not have.",
    "The crowd waits at the exit before he appears, arms raised, as if told when to applaud.",
    "The medals worn here were awarded only months after the date given in the catalogue.",
    "The commentary names a place that the buildings in the background do not match.",
    "The same man appears in the previous shot on the other side of the hall.",
];

const SOURCES: [&str; 4] = [
    "observation of the shot",
    "A. G. Stakhanov, Story of my Life (1938)",
    "Pravda, 2 September 1935",
    "comparison with the rushes",
];

const NOTES: [&str; 4] = [
    "Placed right after the miner in action, so the montage suggests he cut all the coal on the belt.",
    "The catalogue gives a longer shot; the print we saw is cut at the end.",
    "Also in the 1977 compilation, with a different commentary.",
    "Splice visible in the first frames.",
];

/// Text of 60 to 120 characters describing a shot.
fn description(rng: &mut Lcg) -> String {
    format!("{} {} {}", rng.pick(&SUBJECTS), rng.pick(&ACTIONS), rng.pick(&PLACES))
}

fn footage_entries(count: usize, rng: &mut Lcg) -> Vec<Footage> {
    (0..count)
        .map(|i| {
            let topic = FOOTAGE_TOPICS[i % FOOTAGE_TOPICS.len()];
            let mut footage = Footage::new(format!("footage-{:04}", i + 1), format!("{topic}, take {}", i / 10 + 1));
            footage.origin = format!("{}, {}", rng.pick(&ORIGINS), 1930 + rng.below(10));
            footage.description = description(rng);
            // Four in ten have one set of known variants, one in ten a second.
            let sets = match rng.below(10) {
                0..=3 => 1,
                4 => 2,
                _ => 0,
            };
            let first = rng.below(VARIANT_SETS.len());
            for k in 0..sets {
                let set = VARIANT_SETS[(first + k) % VARIANT_SETS.len()];
                footage.variants.push(set.iter().map(|v| v.to_string()).collect());
            }
            footage
        })
        .collect()
}

fn evidence(rng: &mut Lcg, claims: &[String], kinds: &[String]) -> Vec<Evidence> {
    let claim = rng.pick(claims).clone();
    (0..1 + rng.below(3))
        .map(|_| Evidence {
            claim: claim.clone(),
            stance: if rng.one_in(5) {
                Stance::Contradicts
            } else {
                Stance::Supports
            },
            kind: rng.pick(kinds).clone(),
            observation: rng.pick(&OBSERVATIONS).to_string(),
            source: rng.pick(&SOURCES).to_string(),
            weight: match rng.below(4) {
                0 => Some(Weight::Strong),
                1 => Some(Weight::Supporting),
                2 => Some(Weight::Weak),
                _ => None,
            },
        })
        .collect()
}

/// A valid project of `films` films with `shots_per_film` shots each, the
/// same for the same arguments. See the module documentation.
pub fn synthetic_project(films: usize, shots_per_film: usize) -> Project {
    let mut rng = Lcg(0x5eed_dec0_0a9e);
    let mut project = Project::new(format!("Synthetic corpus: {films} newsreels of {shots_per_film} shots"));
    project.notes = "Generated by decoupage::model::synthetic for benchmarks; every value is invented.".into();
    let framing: Vec<String> = project.vocabularies.framing.iter().map(|t| t.code.clone()).collect();
    let claims: Vec<String> = project.vocabularies.claims.iter().map(|t| t.code.clone()).collect();
    let kinds: Vec<String> = project
        .vocabularies
        .evidence_kinds
        .iter()
        .map(|t| t.code.clone())
        .collect();

    let footage_count = (2 * films).max(10);
    project.footage = footage_entries(footage_count, &mut rng);
    // Each film draws its footage from a window of related entries, so that
    // some footage is shown several times in a film, as pieces.
    let window = footage_count.min(60);

    const RATES: [FrameRate; 4] = [
        FrameRate::FPS_25,
        FrameRate::FPS_24,
        FrameRate::FPS_25,
        FrameRate::FPS_18,
    ];
    const KINDS: [&str; 3] = ["newsreel", "newsreel compilation", "documentary"];
    const PHASES: [&str; 3] = ["celebration", "commemoration", "looking back"];

    project.films.reserve(films);
    for f in 0..films {
        let year = 1930 + (f % 12) as i32;
        let mut film = Film::new(
            format!("newsreel-{:04}", f + 1),
            format!("Soyuzkinozhurnal no. {} ({year})", f + 1),
        );
        film.english_title = format!("Soviet Newsreel No. {}", f + 1);
        film.year = Some(year);
        film.kind = KINDS[f % KINDS.len()].into();
        film.collection = "Gaumont Pathé archives".into();
        film.rate = Some(RATES[f % RATES.len()]);
        film.sound = if year < 1933 { "silent" } else { "sound" }.into();
        film.memory_phase = PHASES[f % PHASES.len()].into();
        film.shots.reserve(shots_per_film);

        let pool = (f * 13) % footage_count;
        // Next piece number of each footage of the window in this film.
        let mut next_piece = vec![1u32; window];
        let mut position = rng.range(0, 48);
        for s in 0..shots_per_film {
            let mut shot = Shot::new(s as u32 + 1);
            let frames = rng.range(24, 400);
            shot.start = Some(Frame(position));
            shot.length = Some(Length {
                frames,
                source: if rng.one_in(4) {
                    LengthSource::Reported {
                        citation: rng.pick(&CITATIONS).to_string(),
                    }
                } else {
                    LengthSource::Measured
                },
            });
            // Now and then a fragment is missing from the print.
            position += frames + if rng.one_in(20) { rng.range(1, 200) } else { 0 };
            if !rng.one_in(10) {
                shot.framing = Some(rng.pick(&framing).clone());
            }
            if rng.one_in(3) {
                let w = rng.below(window);
                let footage = &project.footage[(pool + w) % footage_count];
                let mut usage = FootageUse::new(footage.id.clone());
                if rng.one_in(2) {
                    if next_piece[w] > 1 && rng.one_in(10) {
                        // The previous piece shown again, on purpose.
                        usage.piece = Some(next_piece[w] - 1);
                        usage.repeat = true;
                    } else {
                        usage.piece = Some(next_piece[w]);
                        next_piece[w] += 1;
                    }
                }
                usage.variants = footage.variants.iter().map(|set| rng.pick(set).clone()).collect();
                shot.footage = Some(usage);
            }
            shot.description = description(&mut rng);
            if s % 10 == 0 {
                shot.evidence = evidence(&mut rng, &claims, &kinds);
            }
            shot.placement = match rng.below(20) {
                0..=15 => Some(Placement::Stated),
                16..=18 => Some(Placement::Inferred),
                _ => None,
            };
            if rng.one_in(8) {
                shot.notes = rng.pick(&NOTES).to_string();
            }
            film.shots.push(shot);
        }
        project.films.push(film);
    }
    project
}

/// What a compilation copies: one image of a footage as a shot showed it.
#[derive(Clone)]
struct Image {
    footage: usize,
    piece: Option<u32>,
    variant: Option<usize>,
    frames: Option<i64>,
}

/// The footage registry as the generator builds it: ids, and each entry's
/// one set of variants (empty when it has none).
struct Pool {
    footage: Vec<Footage>,
}

const THIRD_VARIANTS: [&str; 3] = ["reframed", "slowed down", "with a commentary title"];

impl Pool {
    /// A new original footage: one in five with a set of 2 or 3 variants.
    fn new_footage(&mut self, rng: &mut Lcg) -> usize {
        let i = self.footage.len();
        let topic = FOOTAGE_TOPICS[rng.below(FOOTAGE_TOPICS.len())];
        let mut footage = Footage::new(format!("orig-{:05}", i + 1), format!("{topic}, reel {}", i / 10 + 1));
        footage.origin = format!("{}, {}", rng.pick(&ORIGINS), 1930 + rng.below(10));
        if rng.one_in(5) {
            let mut set: Vec<String> = rng.pick(&VARIANT_SETS).iter().map(|v| v.to_string()).collect();
            if rng.one_in(3) {
                set.push(rng.pick(&THIRD_VARIANTS).to_string());
            }
            footage.variants.push(set);
        }
        self.footage.push(footage);
        i
    }

    fn variant_count(&self, footage: usize) -> usize {
        self.footage[footage].variants.first().map_or(0, Vec::len)
    }

    /// A variant index for a use of `footage`, if it has variants.
    fn pick_variant(&self, footage: usize, rng: &mut Lcg) -> Option<usize> {
        match self.variant_count(footage) {
            0 => None,
            n => Some(rng.below(n)),
        }
    }
}

/// A film being generated: its shots, and the images it already shows (a
/// piece shown twice must be marked as a repeat).
struct Cut<'a> {
    film: Film,
    images: Vec<Image>,
    shown: std::collections::HashSet<(usize, u32)>,
    position: i64,
    framing: &'a [String],
}

impl Cut<'_> {
    fn push(&mut self, image: Option<Image>, pool: &Pool, rng: &mut Lcg) {
        let mut shot = Shot::new(self.film.shots.len() as u32 + 1);
        let frames = image.as_ref().and_then(|i| i.frames);
        shot.start = Some(Frame(self.position));
        // unknown lengths still take room on the reel
        self.position += frames.unwrap_or(120) + if rng.one_in(25) { rng.range(1, 100) } else { 0 };
        shot.length = frames.map(|frames| Length {
            frames,
            source: if rng.one_in(5) {
                LengthSource::Reported {
                    citation: rng.pick(&CITATIONS).to_string(),
                }
            } else {
                LengthSource::Measured
            },
        });
        if !rng.one_in(10) {
            shot.framing = Some(rng.pick(self.framing).clone());
        }
        if let Some(image) = &image {
            let footage = &pool.footage[image.footage];
            let mut usage = FootageUse::new(footage.id.clone());
            usage.piece = image.piece;
            if let Some(p) = image.piece {
                usage.repeat = !self.shown.insert((image.footage, p));
            }
            if let (Some(v), Some(set)) = (image.variant, footage.variants.first()) {
                usage.variants = vec![set[v].clone()];
            }
            shot.footage = Some(usage);
        }
        shot.description = description(rng);
        self.film.shots.push(shot);
        self.images.push(image.unwrap_or(Image {
            footage: usize::MAX,
            piece: None,
            variant: None,
            frames,
        }));
    }

    fn is_full(&self, shots: usize) -> bool {
        self.film.shots.len() >= shots
    }
}

/// A valid project of `films` films of `shots_per_film` shots each in which
/// archival footage is reused as it is in compilation films; the same for
/// the same arguments, and `validate` finds no problem in it.
///
/// - **Newsreels**: the first quarter of the films (at least one). At each
///   step a newsreel either shows new original footage (one time in twenty
///   a shot of unknown footage instead: no footage recorded), or, one time
///   in ten, copies a short run (2–4 shots) from an earlier newsreel. One
///   new footage in five is cut into 2–6 numbered pieces that the newsreel
///   shows in order, 2–4 shots apart, leaving out one piece in five (gaps
///   that no film fills).
/// - **Compilations**: the other films. At each step a compilation either
///   adds a new shot (one time in five) or copies a run of 3–15 consecutive
///   shots in order from an earlier film — half the time from the film's
///   *parent* (one earlier film chosen per compilation, so that families of
///   films share their editing), otherwise from any earlier film. Within a
///   copied run a shot is trimmed by 1–12 frames one time in three, dropped
///   one time in twenty, followed by an inserted new shot one time in
///   twenty, swapped with the next one time in fifteen (changes of order),
///   and given another variant one time in ten. A piece already in the film
///   is shown again as a marked repeat.
/// - **Footage**: a registry entry per original footage (`orig-00001`, …),
///   one in five with one set of 2 or 3 variants; each use shows one variant.
/// - **Lengths**: new shots last 24–400 frames, unknown one time in
///   twenty-five; a copy keeps the length it copies (trimmed or not) and
///   loses it one time in twenty-five; a shot of unknown footage copied
///   loses its length. Start frames follow the lengths (an unknown length
///   takes 120 frames). Nine shots in ten have a framing; rates are 24 or
///   25 fps, unknown for one film in fifteen.
///
/// `compilation_project(200, 100)`, the project of the comparison
/// benchmarks (`benches/analysis.rs`), has 3,856 footage entries (743 with
/// variants, 287 of them three) and 20,000 shots: in the 50 newsreels 78 %
/// of the shots show an image (footage and piece) first seen there, 19 % one
/// an earlier film shows, 3 % unknown footage; in the 150 compilations 89 %
/// show an image an earlier film shows, 7 % a new one, 4 % unknown footage.
/// 12 % of the lengths are unknown (unknowns pile up as films copy films),
/// 38 % of the shots show a numbered piece, 692 are marked repeats.
pub fn compilation_project(films: usize, shots_per_film: usize) -> Project {
    let mut rng = Lcg(0xc0_4d11_a710_2026);
    let mut project = Project::new(format!(
        "Synthetic corpus: {films} newsreels and compilations of {shots_per_film} shots"
    ));
    project.notes =
        "Generated by decoupage::model::synthetic::compilation_project for benchmarks; every value is invented.".into();
    let framing: Vec<String> = project.vocabularies.framing.iter().map(|t| t.code.clone()).collect();
    let newsreels = if films == 0 { 0 } else { (films / 4).max(1) };
    let mut pool = Pool { footage: Vec::new() };
    // the images of each film made so far, shot by shot
    let mut made: Vec<Vec<Image>> = Vec::with_capacity(films);

    for f in 0..films {
        let newsreel = f < newsreels;
        let year = if newsreel {
            1930 + (f * 10 / newsreels.max(1)) as i32
        } else {
            1941 + (f % 50) as i32
        };
        let mut film = Film::new(
            format!("film-{:04}", f + 1),
            if newsreel {
                format!("Soyuzkinozhurnal no. {} ({year})", f + 1)
            } else {
                format!("Compilation no. {} ({year})", f + 1 - newsreels)
            },
        );
        film.year = Some(year);
        film.kind = if newsreel { "newsreel" } else { "compilation" }.into();
        film.collection = "Gaumont Pathé archives".into();
        film.rate = if rng.one_in(15) {
            None
        } else if rng.one_in(2) {
            Some(FrameRate::FPS_24)
        } else {
            Some(FrameRate::FPS_25)
        };
        film.shots.reserve(shots_per_film);
        let mut cut = Cut {
            film,
            images: Vec::with_capacity(shots_per_film),
            shown: Default::default(),
            position: rng.range(0, 48),
            framing: &framing,
        };
        let new_image = |pool: &mut Pool, rng: &mut Lcg| -> Option<Image> {
            if rng.one_in(20) {
                return None;
            }
            let footage = pool.new_footage(rng);
            Some(Image {
                footage,
                piece: None,
                variant: pool.pick_variant(footage, rng),
                frames: (!rng.one_in(25)).then(|| rng.range(24, 400)),
            })
        };

        if newsreel {
            // pieces still to show: (shot index at which to show, image)
            let mut pending: Vec<(usize, Image)> = Vec::new();
            while !cut.is_full(shots_per_film) {
                let here = cut.film.shots.len();
                if let Some(k) = pending.iter().position(|(at, _)| *at <= here) {
                    let (_, image) = pending.remove(k);
                    cut.push(Some(image), &pool, &mut rng);
                    continue;
                }
                if f > 0 && rng.one_in(10) {
                    let source = &made[rng.below(f)];
                    let start = rng.below(source.len().max(1));
                    for image in source.iter().skip(start).take(rng.range(2, 4) as usize) {
                        if cut.is_full(shots_per_film) {
                            break;
                        }
                        let image = (image.footage != usize::MAX).then(|| image.clone());
                        cut.push(image, &pool, &mut rng);
                    }
                    continue;
                }
                let image = new_image(&mut pool, &mut rng);
                match image {
                    Some(mut image) if rng.one_in(5) => {
                        let pieces = rng.range(2, 6) as u32;
                        image.piece = Some(1);
                        cut.push(Some(image.clone()), &pool, &mut rng);
                        let mut at = here;
                        for p in 2..=pieces {
                            at += rng.range(2, 4) as usize;
                            if rng.one_in(5) {
                                continue; // a piece nobody shows
                            }
                            pending.push((
                                at,
                                Image {
                                    piece: Some(p),
                                    frames: (!rng.one_in(25)).then(|| rng.range(24, 400)),
                                    ..image.clone()
                                },
                            ));
                        }
                    }
                    image => cut.push(image, &pool, &mut rng),
                }
            }
        } else {
            let parent = rng.below(f);
            while !cut.is_full(shots_per_film) {
                if rng.below(5) == 0 {
                    let image = new_image(&mut pool, &mut rng);
                    cut.push(image, &pool, &mut rng);
                    continue;
                }
                let source = if rng.one_in(2) { parent } else { rng.below(f) };
                let source = &made[source];
                if source.is_empty() {
                    let image = new_image(&mut pool, &mut rng);
                    cut.push(image, &pool, &mut rng);
                    continue;
                }
                let start = rng.below(source.len());
                let len = rng.range(3, 15) as usize;
                let mut run: Vec<Option<Image>> = Vec::with_capacity(len + 2);
                for image in source.iter().skip(start).take(len) {
                    if rng.one_in(20) {
                        continue; // dropped
                    }
                    let mut image = (image.footage != usize::MAX).then(|| image.clone());
                    if let Some(image) = &mut image {
                        if rng.one_in(3) {
                            image.frames = image.frames.map(|n| (n - rng.range(1, 12)).max(1));
                        }
                        if rng.one_in(25) {
                            image.frames = None;
                        }
                        if rng.one_in(10) {
                            image.variant = pool.pick_variant(image.footage, &mut rng);
                        }
                    }
                    run.push(image);
                    if rng.one_in(20) {
                        run.push(new_image(&mut pool, &mut rng));
                    }
                }
                for k in 0..run.len().saturating_sub(1) {
                    if rng.one_in(15) {
                        run.swap(k, k + 1);
                    }
                }
                for image in run {
                    if cut.is_full(shots_per_film) {
                        break;
                    }
                    cut.push(image, &pool, &mut rng);
                }
            }
        }
        made.push(cut.images);
        project.films.push(cut.film);
    }
    project.footage = pool.footage;
    project
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::validate;

    #[test]
    fn a_small_synthetic_project_is_valid_and_realistic() {
        let project = synthetic_project(20, 100);
        let problems = validate(&project);
        assert!(problems.is_empty(), "{:#?}", &problems[..problems.len().min(10)]);
        assert_eq!(project.shot_count(), 2_000);
        let shots: Vec<&Shot> = project.films.iter().flat_map(|f| &f.shots).collect();
        for shot in &shots {
            let n = shot.description.chars().count();
            assert!((60..=120).contains(&n), "{n} characters: {}", shot.description);
            assert!(shot.start.is_some() && shot.length.is_some());
        }
        let with_footage = shots.iter().filter(|s| s.footage.is_some()).count();
        assert!((500..=850).contains(&with_footage), "{with_footage} shots use footage");
        let reported = shots
            .iter()
            .filter(|s| matches!(s.length.as_ref().unwrap().source, LengthSource::Reported { .. }))
            .count();
        assert!(reported > 200 && reported < 1000, "{reported} reported lengths");
        assert!(shots.iter().any(|s| s.footage.as_ref().is_some_and(|u| u.repeat)));
        assert_eq!(project, synthetic_project(20, 100), "not deterministic");
    }

    #[test]
    fn the_benchmark_project_has_100k_shots_and_10k_with_evidence() {
        let project = synthetic_project(1000, 100);
        assert_eq!(project.films.len(), 1000);
        assert_eq!(project.shot_count(), 100_000);
        let with_evidence = project
            .films
            .iter()
            .flat_map(|f| &f.shots)
            .filter(|s| !s.evidence.is_empty())
            .count();
        assert_eq!(with_evidence, 10_000);
        assert_eq!(project.footage.len(), 2_000);
        assert!(validate(&project).is_empty());
    }

    #[test]
    fn the_compilation_project_is_valid_and_reuses_footage_as_compilations_do() {
        let project = compilation_project(40, 60);
        let problems = validate(&project);
        assert!(problems.is_empty(), "{:#?}", &problems[..problems.len().min(10)]);
        assert_eq!(project.films.len(), 40);
        assert_eq!(project.shot_count(), 2_400);
        assert_eq!(project, compilation_project(40, 60), "not deterministic");
        let shots: Vec<&Shot> = project.films.iter().flat_map(|f| &f.shots).collect();
        let uses: Vec<&FootageUse> = shots.iter().filter_map(|s| s.footage.as_ref()).collect();
        let unknown_footage = shots.len() - uses.len();
        assert!(
            (40..=400).contains(&unknown_footage),
            "{unknown_footage} shots of unknown footage"
        );
        let unknown_length = shots.iter().filter(|s| s.length.is_none()).count();
        assert!((20..=300).contains(&unknown_length), "{unknown_length} unknown lengths");
        assert!(uses.iter().filter(|u| u.piece.is_some()).count() > 100, "pieces");
        assert!(uses.iter().filter(|u| !u.variants.is_empty()).count() > 100, "variants");
        assert!(uses.iter().any(|u| u.repeat), "a repeated piece");
        assert!(
            project
                .footage
                .iter()
                .any(|f| f.variants.first().is_some_and(|v| v.len() == 3))
        );
        // the compilations are mostly made of footage an earlier film shows
        let mut first_film: std::collections::HashMap<&str, usize> = Default::default();
        let (mut reused, mut total) = (0, 0);
        for (i, film) in project.films.iter().enumerate() {
            for u in film.shots.iter().filter_map(|s| s.footage.as_ref()) {
                let first = *first_film.entry(u.footage.as_str()).or_insert(i);
                if i >= 10 {
                    total += 1;
                    reused += usize::from(first < i);
                }
            }
        }
        assert!(
            reused * 10 > total * 6,
            "{reused} of {total} uses in compilations are reuses"
        );
        // and the same footage is shown with different lengths: trims
        let mut lengths: std::collections::HashMap<(&str, Option<u32>), Vec<i64>> = Default::default();
        for s in &shots {
            if let (Some(u), Some(n)) = (&s.footage, s.frames()) {
                lengths.entry((u.footage.as_str(), u.piece)).or_default().push(n);
            }
        }
        assert!(
            lengths.values().filter(|v| v.iter().min() != v.iter().max()).count() > 100,
            "trims"
        );
    }

    #[test]
    fn degenerate_compilation_projects_are_valid() {
        assert!(compilation_project(0, 10).films.is_empty());
        for (films, shots) in [(1, 0), (1, 5), (5, 0), (5, 1)] {
            let p = compilation_project(films, shots);
            assert_eq!(p.shot_count(), films * shots);
            assert!(validate(&p).is_empty(), "{films} × {shots}");
        }
    }
}
