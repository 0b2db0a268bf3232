//! Every change to a project is an `Edit`. `Project::apply` checks it,
//! performs it and returns the edit that undoes it, so undo and redo are two
//! stacks of edits and importers, the window and tests all change projects
//! the same way.

use std::mem;

use super::project::{Film, Footage, Project, Shot};
use super::time::{ClockTime, FrameRate};
use super::vocab::Vocabularies;

/// One field of a film's description (everything but its shots).
#[derive(Clone, Debug, PartialEq)]
pub enum FilmField {
    Id(String),
    Title(String),
    EnglishTitle(String),
    Year(Option<i32>),
    Kind(String),
    Collection(String),
    Credits(String),
    Duration(Option<ClockTime>),
    Rate(Option<FrameRate>),
    Sound(String),
    MemoryPhase(String),
    Media(Option<String>),
    Notes(String),
}

impl FilmField {
    pub fn name(&self) -> &'static str {
        match self {
            FilmField::Id(_) => "id",
            FilmField::Title(_) => "title",
            FilmField::EnglishTitle(_) => "English title",
            FilmField::Year(_) => "year",
            FilmField::Kind(_) => "kind",
            FilmField::Collection(_) => "collection",
            FilmField::Credits(_) => "credits",
            FilmField::Duration(_) => "duration",
            FilmField::Rate(_) => "frame rate",
            FilmField::Sound(_) => "sound",
            FilmField::MemoryPhase(_) => "memory phase",
            FilmField::Media(_) => "media",
            FilmField::Notes(_) => "notes",
        }
    }

    /// Puts this value into the film and returns the value it replaced.
    fn swap_into(self, film: &mut Film) -> FilmField {
        match self {
            FilmField::Id(v) => FilmField::Id(mem::replace(&mut film.id, v)),
            FilmField::Title(v) => FilmField::Title(mem::replace(&mut film.title, v)),
            FilmField::EnglishTitle(v) => FilmField::EnglishTitle(mem::replace(&mut film.english_title, v)),
            FilmField::Year(v) => FilmField::Year(mem::replace(&mut film.year, v)),
            FilmField::Kind(v) => FilmField::Kind(mem::replace(&mut film.kind, v)),
            FilmField::Collection(v) => FilmField::Collection(mem::replace(&mut film.collection, v)),
            FilmField::Credits(v) => FilmField::Credits(mem::replace(&mut film.credits, v)),
            FilmField::Duration(v) => FilmField::Duration(mem::replace(&mut film.duration, v)),
            FilmField::Rate(v) => FilmField::Rate(mem::replace(&mut film.rate, v)),
            FilmField::Sound(v) => FilmField::Sound(mem::replace(&mut film.sound, v)),
            FilmField::MemoryPhase(v) => FilmField::MemoryPhase(mem::replace(&mut film.memory_phase, v)),
            FilmField::Media(v) => FilmField::Media(mem::replace(&mut film.media, v)),
            FilmField::Notes(v) => FilmField::Notes(mem::replace(&mut film.notes, v)),
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Edit {
    SetTitle(String),
    SetNotes(String),
    InsertFilm {
        index: usize,
        film: Box<Film>,
    },
    RemoveFilm {
        index: usize,
    },
    MoveFilm {
        from: usize,
        to: usize,
    },
    SetFilmField {
        film: String,
        field: FilmField,
    },
    InsertShot {
        film: String,
        index: usize,
        shot: Box<Shot>,
    },
    RemoveShot {
        film: String,
        index: usize,
    },
    ReplaceShot {
        film: String,
        index: usize,
        shot: Box<Shot>,
    },
    MoveShot {
        film: String,
        from: usize,
        to: usize,
    },
    InsertFootage {
        index: usize,
        footage: Box<Footage>,
    },
    RemoveFootage {
        index: usize,
    },
    ReplaceFootage {
        index: usize,
        footage: Box<Footage>,
    },
    SetVocabularies(Box<Vocabularies>),
    /// Several edits as one step (a bulk change, an import).
    Batch {
        label: String,
        edits: Vec<Edit>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    #[error("there is no film '{0}'")]
    NoFilm(String),
    #[error("there is no film at position {0}")]
    FilmIndex(usize),
    #[error("film '{0}' already exists")]
    DuplicateFilm(String),
    #[error("a film id cannot be empty")]
    EmptyId,
    #[error("film '{film}' has no shot at position {index}")]
    ShotIndex { film: String, index: usize },
    #[error("there is no footage at position {0}")]
    FootageIndex(usize),
    #[error("footage '{0}' already exists")]
    DuplicateFootage(String),
    #[error("footage '{0}' is used by {1} shot(s); unlink them first")]
    FootageInUse(String, usize),
}

impl Edit {
    /// What the edit does, for the Edit menu ("Undo change shot 3 of journal-1935").
    pub fn describe(&self) -> String {
        match self {
            Edit::SetTitle(_) => "change the project title".into(),
            Edit::SetNotes(_) => "change the project notes".into(),
            Edit::InsertFilm { film, .. } => format!("add film '{}'", film.id),
            Edit::RemoveFilm { index } => format!("delete film {}", index + 1),
            Edit::MoveFilm { .. } => "move a film".into(),
            Edit::SetFilmField { film, field } => format!("change the {} of '{}'", field.name(), film),
            Edit::InsertShot { film, index, .. } => format!("insert shot {} in '{}'", index + 1, film),
            Edit::RemoveShot { film, index } => format!("delete shot {} of '{}'", index + 1, film),
            Edit::ReplaceShot { film, index, .. } => format!("change shot {} of '{}'", index + 1, film),
            Edit::MoveShot { film, from, to } => format!("move shot {} of '{}' to {}", from + 1, film, to + 1),
            Edit::InsertFootage { footage, .. } => format!("add footage '{}'", footage.id),
            Edit::RemoveFootage { index } => format!("delete footage {}", index + 1),
            Edit::ReplaceFootage { footage, .. } => format!("change footage '{}'", footage.id),
            Edit::SetVocabularies(_) => "change the vocabularies".into(),
            Edit::Batch { label, .. } => label.clone(),
        }
    }
}

fn film_mut<'a>(project: &'a mut Project, id: &str) -> Result<&'a mut Film, EditError> {
    project
        .films
        .iter_mut()
        .find(|f| f.id == id)
        .ok_or_else(|| EditError::NoFilm(id.to_string()))
}

fn check_shot(film: &Film, index: usize) -> Result<(), EditError> {
    if index < film.shots.len() {
        Ok(())
    } else {
        Err(EditError::ShotIndex {
            film: film.id.clone(),
            index,
        })
    }
}

impl Project {
    /// Checks and performs `edit`; returns the edit that undoes it. On an
    /// error the project is unchanged.
    pub fn apply(&mut self, edit: Edit) -> Result<Edit, EditError> {
        Ok(match edit {
            Edit::SetTitle(t) => Edit::SetTitle(mem::replace(&mut self.title, t)),
            Edit::SetNotes(t) => Edit::SetNotes(mem::replace(&mut self.notes, t)),
            Edit::InsertFilm { index, film } => {
                if index > self.films.len() {
                    return Err(EditError::FilmIndex(index));
                }
                if film.id.is_empty() {
                    return Err(EditError::EmptyId);
                }
                if self.film(&film.id).is_some() {
                    return Err(EditError::DuplicateFilm(film.id.clone()));
                }
                self.films.insert(index, *film);
                Edit::RemoveFilm { index }
            }
            Edit::RemoveFilm { index } => {
                if index >= self.films.len() {
                    return Err(EditError::FilmIndex(index));
                }
                let film = self.films.remove(index);
                Edit::InsertFilm {
                    index,
                    film: Box::new(film),
                }
            }
            Edit::MoveFilm { from, to } => {
                let n = self.films.len();
                if from >= n {
                    return Err(EditError::FilmIndex(from));
                }
                if to >= n {
                    return Err(EditError::FilmIndex(to));
                }
                let film = self.films.remove(from);
                self.films.insert(to, film);
                Edit::MoveFilm { from: to, to: from }
            }
            Edit::SetFilmField { film, field } => {
                if let FilmField::Id(new_id) = &field {
                    if new_id.is_empty() {
                        return Err(EditError::EmptyId);
                    }
                    if *new_id != film && self.film(new_id).is_some() {
                        return Err(EditError::DuplicateFilm(new_id.clone()));
                    }
                }
                let target = film_mut(self, &film)?;
                let old = field.swap_into(target);
                Edit::SetFilmField {
                    film: target.id.clone(),
                    field: old,
                }
            }
            Edit::InsertShot { film, index, shot } => {
                let f = film_mut(self, &film)?;
                if index > f.shots.len() {
                    return Err(EditError::ShotIndex { film, index });
                }
                f.shots.insert(index, *shot);
                Edit::RemoveShot { film, index }
            }
            Edit::RemoveShot { film, index } => {
                let f = film_mut(self, &film)?;
                check_shot(f, index)?;
                let shot = f.shots.remove(index);
                Edit::InsertShot {
                    film,
                    index,
                    shot: Box::new(shot),
                }
            }
            Edit::ReplaceShot { film, index, shot } => {
                let f = film_mut(self, &film)?;
                check_shot(f, index)?;
                let old = mem::replace(&mut f.shots[index], *shot);
                Edit::ReplaceShot {
                    film,
                    index,
                    shot: Box::new(old),
                }
            }
            Edit::MoveShot { film, from, to } => {
                let f = film_mut(self, &film)?;
                check_shot(f, from)?;
                check_shot(f, to)?;
                let shot = f.shots.remove(from);
                f.shots.insert(to, shot);
                Edit::MoveShot {
                    film,
                    from: to,
                    to: from,
                }
            }
            Edit::InsertFootage { index, footage } => {
                if index > self.footage.len() {
                    return Err(EditError::FootageIndex(index));
                }
                if footage.id.is_empty() {
                    return Err(EditError::EmptyId);
                }
                if self.footage(&footage.id).is_some() {
                    return Err(EditError::DuplicateFootage(footage.id.clone()));
                }
                self.footage.insert(index, *footage);
                Edit::RemoveFootage { index }
            }
            Edit::RemoveFootage { index } => {
                let id = &self.footage.get(index).ok_or(EditError::FootageIndex(index))?.id;
                let uses = self
                    .films
                    .iter()
                    .flat_map(|f| &f.shots)
                    .filter(|s| s.footage.as_ref().is_some_and(|u| &u.footage == id))
                    .count();
                if uses > 0 {
                    return Err(EditError::FootageInUse(id.clone(), uses));
                }
                let footage = self.footage.remove(index);
                Edit::InsertFootage {
                    index,
                    footage: Box::new(footage),
                }
            }
            Edit::ReplaceFootage { index, footage } => {
                if index >= self.footage.len() {
                    return Err(EditError::FootageIndex(index));
                }
                if footage.id.is_empty() {
                    return Err(EditError::EmptyId);
                }
                if self
                    .footage
                    .iter()
                    .enumerate()
                    .any(|(i, f)| i != index && f.id == footage.id)
                {
                    return Err(EditError::DuplicateFootage(footage.id.clone()));
                }
                let old = mem::replace(&mut self.footage[index], *footage);
                Edit::ReplaceFootage {
                    index,
                    footage: Box::new(old),
                }
            }
            Edit::SetVocabularies(v) => Edit::SetVocabularies(Box::new(mem::replace(&mut self.vocabularies, *v))),
            Edit::Batch { label, edits } => {
                let mut inverses = Vec::with_capacity(edits.len());
                for edit in edits {
                    match self.apply(edit) {
                        Ok(inverse) => inverses.push(inverse),
                        Err(e) => {
                            // Leave the project as it was before the batch.
                            for inverse in inverses.into_iter().rev() {
                                self.apply(inverse).expect("the inverse of an applied edit applies");
                            }
                            return Err(e);
                        }
                    }
                }
                inverses.reverse();
                Edit::Batch { label, edits: inverses }
            }
        })
    }
}
