//! Checks that a project holds together: ids unique, references resolve,
//! lengths and order make sense. Every problem says where it is.

use std::collections::{HashMap, HashSet};
use std::fmt;

use super::project::{Project, SCHEMA};

/// Where a problem is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Location {
    Project,
    Film {
        film: String,
    },
    /// `shot` is the shot number (1-based place in the film).
    Shot {
        film: String,
        shot: usize,
    },
    Evidence {
        film: String,
        shot: usize,
        item: usize,
    },
    Footage {
        footage: String,
    },
    Vocabulary {
        list: &'static str,
    },
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::Project => write!(f, "project"),
            Location::Film { film } => write!(f, "film '{film}'"),
            Location::Shot { film, shot } => write!(f, "film '{film}', shot {shot}"),
            Location::Evidence { film, shot, item } => {
                write!(f, "film '{film}', shot {shot}, evidence {item}")
            }
            Location::Footage { footage } => write!(f, "footage '{footage}'"),
            Location::Vocabulary { list } => write!(f, "vocabulary '{list}'"),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub location: Location,
    pub field: &'static str,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}, {}: {}", self.location, self.field, self.message)
    }
}

fn is_slug(id: &str) -> bool {
    !id.is_empty() && !id.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// Every problem in the project, in file order. Empty when it holds together.
pub fn validate(project: &Project) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut add = |location: Location, field: &'static str, message: String| {
        problems.push(Problem {
            location,
            field,
            message,
        })
    };

    if project.schema != SCHEMA {
        add(
            Location::Project,
            "schema",
            format!("schema {} is not the current schema {SCHEMA}", project.schema),
        );
    }

    for (list, terms) in [
        ("framing", &project.vocabularies.framing),
        ("evidence_kinds", &project.vocabularies.evidence_kinds),
        ("claims", &project.vocabularies.claims),
    ] {
        let mut seen = HashSet::new();
        for term in terms {
            if term.code.trim().is_empty() {
                add(Location::Vocabulary { list }, "code", "a term has an empty code".into());
            } else if !seen.insert(term.code.as_str()) {
                add(
                    Location::Vocabulary { list },
                    "code",
                    format!("'{}' is defined twice", term.code),
                );
            }
        }
    }

    let mut footage_ids = HashSet::new();
    // Shots find their footage here, not by a search of the whole list.
    let footage_by_id: HashMap<&str, &crate::model::Footage> =
        project.footage.iter().rev().map(|f| (f.id.as_str(), f)).collect();
    for footage in &project.footage {
        let at = || Location::Footage {
            footage: footage.id.clone(),
        };
        if !is_slug(&footage.id) {
            add(
                at(),
                "id",
                format!("'{}' is not a valid id (no spaces, not empty)", footage.id),
            );
        }
        if !footage_ids.insert(footage.id.as_str()) {
            add(at(), "id", "this id is used by more than one footage".into());
        }
        for set in &footage.variants {
            if set.iter().any(|v| v.trim().is_empty()) {
                add(at(), "variants", "a variant is empty".into());
            }
        }
    }

    let mut film_ids = HashSet::new();
    for film in &project.films {
        let film_at = || Location::Film { film: film.id.clone() };
        if !is_slug(&film.id) {
            add(
                film_at(),
                "id",
                format!("'{}' is not a valid id (no spaces, not empty)", film.id),
            );
        }
        if !film_ids.insert(film.id.as_str()) {
            add(film_at(), "id", "this id is used by more than one film".into());
        }
        if film.title.trim().is_empty() {
            add(film_at(), "title", "the title is empty".into());
        }

        let mut shot_ids = HashSet::new();
        // (footage, piece) -> first shot number claiming it
        let mut pieces: HashMap<(&str, u32), usize> = HashMap::new();
        let mut previous_start: Option<(usize, i64, Option<i64>)> = None;
        for (i, shot) in film.shots.iter().enumerate() {
            let no = i + 1;
            let at = || Location::Shot {
                film: film.id.clone(),
                shot: no,
            };
            if !shot_ids.insert(shot.id) {
                add(at(), "id", format!("shot id {} is used twice in this film", shot.id));
            }
            if let Some(length) = &shot.length
                && length.frames <= 0
            {
                add(
                    at(),
                    "length",
                    format!("a length must be at least 1 frame, not {}", length.frames),
                );
            }
            if let Some(d) = shot.duration
                && d.millis <= 0
            {
                add(at(), "duration", format!("a duration must be positive, not {d}"));
            }
            if let Some(start) = shot.start {
                if start.0 < 0 {
                    add(at(), "start", format!("a start frame cannot be negative ({})", start.0));
                }
                if let Some((prev_no, prev_start, prev_len)) = previous_start {
                    if start.0 <= prev_start {
                        add(
                            at(),
                            "start",
                            format!(
                                "starts at frame {}, not after shot {prev_no} (frame {prev_start})",
                                start.0
                            ),
                        );
                    } else if let Some(len) = prev_len
                        && prev_start + len > start.0
                    {
                        add(
                            at(),
                            "start",
                            format!(
                                "starts at frame {} inside shot {prev_no} (frames {prev_start}..{})",
                                start.0,
                                prev_start + len
                            ),
                        );
                    }
                }
                previous_start = Some((no, start.0, shot.frames()));
            }
            if let Some(code) = &shot.framing
                && project.vocabularies.framing_term(code).is_none()
            {
                add(at(), "framing", format!("'{code}' is not in the framing scale"));
            }
            if let Some(usage) = &shot.footage {
                match footage_by_id.get(usage.footage.as_str()) {
                    None => add(at(), "footage", format!("footage '{}' does not exist", usage.footage)),
                    Some(footage) => {
                        for v in &usage.variants {
                            if !footage.variants.is_empty() && !footage.knows_variant(v) {
                                add(
                                    at(),
                                    "variant",
                                    format!("'{v}' is not a known variant of footage '{}'", footage.id),
                                );
                            }
                        }
                    }
                }
                if let Some(piece) = usage.piece {
                    if piece == 0 {
                        add(at(), "piece", "pieces are numbered from 1".into());
                    }
                    match pieces.get(&(usage.footage.as_str(), piece)) {
                        Some(first) if !usage.repeat => add(
                            at(),
                            "piece",
                            format!(
                                "piece {piece} of '{}' is already shot {first}; mark this use as a repeat if it is shown twice",
                                usage.footage
                            ),
                        ),
                        Some(_) => {}
                        None => {
                            pieces.insert((usage.footage.as_str(), piece), no);
                        }
                    }
                }
            }
            for (j, ev) in shot.evidence.iter().enumerate() {
                let at = || Location::Evidence {
                    film: film.id.clone(),
                    shot: no,
                    item: j + 1,
                };
                if project.vocabularies.claim_term(&ev.claim).is_none() {
                    add(at(), "claim", format!("'{}' is not a known claim", ev.claim));
                }
                if project.vocabularies.kind_term(&ev.kind).is_none() {
                    add(at(), "kind", format!("'{}' is not a known evidence kind", ev.kind));
                }
                if ev.observation.trim().is_empty() {
                    add(at(), "observation", "the observation is empty".into());
                }
            }
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Film, Footage, FootageUse, Frame, Length, LengthSource, Shot};

    fn project_with(shots: Vec<Shot>) -> Project {
        let mut p = Project::new("t");
        let mut speech = Footage::new("speech", "Speech");
        speech.variants = vec![vec!["open".into(), "closed".into()]];
        p.footage.push(speech);
        let mut film = Film::new("f", "F");
        film.shots = shots;
        p.films.push(film);
        p
    }

    fn piece_shot(id: u32, piece: u32, repeat: bool) -> Shot {
        let mut s = Shot::new(id);
        s.footage = Some(FootageUse {
            footage: "speech".into(),
            piece: Some(piece),
            variants: vec![],
            repeat,
        });
        s
    }

    fn messages(p: &Project) -> Vec<String> {
        validate(p).iter().map(ToString::to_string).collect()
    }

    #[test]
    fn a_piece_claimed_twice_needs_a_repeat_mark() {
        let p = project_with(vec![piece_shot(1, 2, false), piece_shot(2, 2, false)]);
        assert_eq!(
            messages(&p),
            vec![
                "film 'f', shot 2, piece: piece 2 of 'speech' is already shot 1; mark this use as a repeat if it is shown twice"
            ]
        );
        let p = project_with(vec![piece_shot(1, 2, false), piece_shot(2, 2, true)]);
        assert!(messages(&p).is_empty());
    }

    #[test]
    fn start_frames_must_increase_and_not_overlap() {
        let shot = |id, start, frames| {
            let mut s = Shot::new(id);
            s.start = Some(Frame(start));
            s.length = Some(Length {
                frames,
                source: LengthSource::Measured,
            });
            s
        };
        let mut gap = Shot::new(3); // unknown start: skipped, not an error
        gap.description = "?".into();
        let p = project_with(vec![
            shot(1, 0, 40),
            shot(2, 40, 10),
            gap,
            shot(4, 45, 5),
            shot(5, 30, 5),
        ]);
        assert_eq!(
            messages(&p),
            vec![
                "film 'f', shot 4, start: starts at frame 45 inside shot 2 (frames 40..50)",
                "film 'f', shot 5, start: starts at frame 30, not after shot 4 (frame 45)",
            ]
        );
    }

    #[test]
    fn unknown_variants_terms_and_ids_are_named() {
        let mut s = piece_shot(1, 1, false);
        s.footage.as_mut().unwrap().variants = vec!["half-open".into()];
        s.framing = Some("XCU".into());
        let mut p = project_with(vec![s, Shot::new(1)]);
        p.films.push(Film::new("has space", ""));
        assert_eq!(
            messages(&p),
            vec![
                "film 'f', shot 1, framing: 'XCU' is not in the framing scale",
                "film 'f', shot 1, variant: 'half-open' is not a known variant of footage 'speech'",
                "film 'f', shot 2, id: shot id 1 is used twice in this film",
                "film 'has space', id: 'has space' is not a valid id (no spaces, not empty)",
                "film 'has space', title: the title is empty",
            ]
        );
    }
}
