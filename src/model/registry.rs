//! The registries a scholar keeps beside the films: the footage that shots
//! reuse and the vocabularies their codes come from. Renaming or removing an
//! entry touches every shot that uses it, so each function here builds the
//! whole change as one `Edit` (one undo step), or says in a sentence why it
//! cannot be made. Nothing is changed here: the caller applies the edit.
//!
//! Renames are kept reversible: a new code, id or variant must not already
//! be in the list, nor be used by shots that lack an entry for it, so that
//! renaming back gives the project exactly as it was.

use std::collections::HashMap;

use super::edit::Edit;
use super::project::{Footage, FootageUse, Project, Shot};
use super::vocab::{Term, Vocabularies};

/// One of the three vocabularies.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum VocabList {
    #[default]
    Framing,
    EvidenceKinds,
    Claims,
}

impl VocabList {
    pub const ALL: [VocabList; 3] = [VocabList::Framing, VocabList::EvidenceKinds, VocabList::Claims];

    /// The list as a heading: "Framing scale".
    pub fn title(self) -> &'static str {
        match self {
            VocabList::Framing => "Framing scale",
            VocabList::EvidenceKinds => "Evidence kinds",
            VocabList::Claims => "Claims",
        }
    }

    /// The list inside a sentence: "the framing scale".
    pub fn name(self) -> &'static str {
        match self {
            VocabList::Framing => "the framing scale",
            VocabList::EvidenceKinds => "the evidence kinds",
            VocabList::Claims => "the claims",
        }
    }

    /// What one term of the list is: "framing", "evidence kind", "claim".
    pub fn term_noun(self) -> &'static str {
        match self {
            VocabList::Framing => "framing",
            VocabList::EvidenceKinds => "evidence kind",
            VocabList::Claims => "claim",
        }
    }

    /// `n` uses of a term, counted in what holds the code: shots for the
    /// framing scale, evidence items for the others.
    pub fn uses_text(self, n: usize) -> String {
        let word = match self {
            VocabList::Framing => "shot",
            VocabList::EvidenceKinds | VocabList::Claims => "evidence item",
        };
        plural(n, word)
    }

    pub fn terms(self, vocabularies: &Vocabularies) -> &Vec<Term> {
        match self {
            VocabList::Framing => &vocabularies.framing,
            VocabList::EvidenceKinds => &vocabularies.evidence_kinds,
            VocabList::Claims => &vocabularies.claims,
        }
    }

    fn terms_mut(self, vocabularies: &mut Vocabularies) -> &mut Vec<Term> {
        match self {
            VocabList::Framing => &mut vocabularies.framing,
            VocabList::EvidenceKinds => &mut vocabularies.evidence_kinds,
            VocabList::Claims => &mut vocabularies.claims,
        }
    }

    /// The codes this list has on `shot`, one per use.
    fn codes_on(self, shot: &Shot) -> Vec<&str> {
        match self {
            VocabList::Framing => shot.framing.as_deref().into_iter().collect(),
            VocabList::EvidenceKinds => shot.evidence.iter().map(|e| e.kind.as_str()).collect(),
            VocabList::Claims => shot.evidence.iter().map(|e| e.claim.as_str()).collect(),
        }
    }

    /// Puts `new` (`None`: no code) in place of every use of `old` on
    /// `shot`; returns the changed shot, or `None` when nothing changed.
    fn replace_on(self, shot: &Shot, old: &str, new: Option<&str>) -> Option<Shot> {
        if !self.codes_on(shot).contains(&old) {
            return None;
        }
        let mut shot = shot.clone();
        match self {
            VocabList::Framing => shot.framing = new.map(str::to_string),
            VocabList::EvidenceKinds => {
                for e in shot.evidence.iter_mut().filter(|e| e.kind == old) {
                    e.kind = new.unwrap_or_default().to_string();
                }
            }
            VocabList::Claims => {
                for e in shot.evidence.iter_mut().filter(|e| e.claim == old) {
                    e.claim = new.unwrap_or_default().to_string();
                }
            }
        }
        Some(shot)
    }
}

/// "1 shot", "3 shots".
pub fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// Where something is used: a shot (its index in the film), or one evidence
/// item of a shot.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UseSite {
    pub film: String,
    /// Index of the shot in the film (0-based; its number is one more).
    pub shot: usize,
    /// Index of the evidence item, for kinds and claims.
    pub item: Option<usize>,
}

/// A `ReplaceShot` for every shot that `change` alters, in film and shot order.
fn rewrite_shots(project: &Project, mut change: impl FnMut(&Shot) -> Option<Shot>) -> Vec<Edit> {
    let mut edits = Vec::new();
    for film in &project.films {
        for (index, shot) in film.shots.iter().enumerate() {
            if let Some(shot) = change(shot) {
                edits.push(Edit::ReplaceShot {
                    film: film.id.clone(),
                    index,
                    shot: Box::new(shot),
                });
            }
        }
    }
    edits
}

fn batch(label: String, edits: Vec<Edit>) -> Edit {
    Edit::Batch { label, edits }
}

// ---------------------------------------------------------------------------
// Vocabularies

/// Every use of `code` from `list`, in film and shot order.
pub fn term_uses(project: &Project, list: VocabList, code: &str) -> Vec<UseSite> {
    let mut sites = Vec::new();
    for film in &project.films {
        for (index, shot) in film.shots.iter().enumerate() {
            match list {
                VocabList::Framing => {
                    if shot.framing.as_deref() == Some(code) {
                        sites.push(UseSite {
                            film: film.id.clone(),
                            shot: index,
                            item: None,
                        });
                    }
                }
                VocabList::EvidenceKinds | VocabList::Claims => {
                    for (item, e) in shot.evidence.iter().enumerate() {
                        let used = if list == VocabList::Claims { &e.claim } else { &e.kind };
                        if used == code {
                            sites.push(UseSite {
                                film: film.id.clone(),
                                shot: index,
                                item: Some(item),
                            });
                        }
                    }
                }
            }
        }
    }
    sites
}

/// How many shots (framing) or evidence items (kinds, claims) use `code`.
pub fn count_term_uses(project: &Project, list: VocabList, code: &str) -> usize {
    project
        .films
        .iter()
        .flat_map(|f| &f.shots)
        .map(|s| list.codes_on(s).iter().filter(|c| **c == code).count())
        .sum()
}

/// How many times each code of `list` is used, in one pass; codes used but
/// not in the list are counted too.
pub fn term_use_counts(project: &Project, list: VocabList) -> HashMap<String, usize> {
    let mut counts: HashMap<String, usize> = HashMap::new();
    for shot in project.films.iter().flat_map(|f| &f.shots) {
        for code in list.codes_on(shot) {
            *counts.entry(code.to_string()).or_default() += 1;
        }
    }
    counts
}

/// `code` trimmed, when it can be a new code of `list`: not empty, on one
/// line, and not already in the list (ignoring case, so that "mcu" and
/// "MCU" are not two terms). `renaming` is the code being renamed, which
/// may take another case of itself.
pub fn check_code(project: &Project, list: VocabList, code: &str, renaming: Option<&str>) -> Result<String, String> {
    let code = code.trim();
    if code.is_empty() {
        return Err(format!("A {} code cannot be empty.", list.term_noun()));
    }
    if code.chars().any(char::is_control) {
        return Err(format!("A {} code must be on one line.", list.term_noun()));
    }
    let taken = list
        .terms(&project.vocabularies)
        .iter()
        .filter(|t| Some(t.code.as_str()) != renaming)
        .find(|t| t.code.to_lowercase() == code.to_lowercase());
    if let Some(term) = taken {
        return Err(format!("'{}' is already a code in {}.", term.code, list.name()));
    }
    Ok(code.to_string())
}

fn term_index(project: &Project, list: VocabList, code: &str) -> Result<usize, String> {
    list.terms(&project.vocabularies)
        .iter()
        .position(|t| t.code == code)
        .ok_or_else(|| format!("There is no {} '{code}' in {}.", list.term_noun(), list.name()))
}

/// Vocabularies with `change` made to `list`.
fn with_terms(project: &Project, list: VocabList, change: impl FnOnce(&mut Vec<Term>)) -> Edit {
    let mut vocabularies = project.vocabularies.clone();
    change(list.terms_mut(&mut vocabularies));
    Edit::SetVocabularies(Box::new(vocabularies))
}

/// Renames the code `old` of `list` to `new`, on the term and on every shot
/// or evidence item that uses it: one step.
pub fn rename_term(project: &Project, list: VocabList, old: &str, new: &str) -> Result<Edit, String> {
    let index = term_index(project, list, old)?;
    if new.trim() == old {
        return Err(format!("The code is already '{old}'."));
    }
    let new = check_code(project, list, new, Some(old))?;
    let strays = count_term_uses(project, list, &new);
    if strays > 0 {
        return Err(format!(
            "'{new}' is already on {} without being in {}; add it as a term, or choose another code.",
            list.uses_text(strays),
            list.name()
        ));
    }
    let uses = count_term_uses(project, list, old);
    let mut edits = vec![with_terms(project, list, |terms| terms[index].code = new.clone())];
    edits.extend(rewrite_shots(project, |shot| list.replace_on(shot, old, Some(&new))));
    Ok(batch(
        format!(
            "rename {} '{old}' to '{new}' ({})",
            list.term_noun(),
            list.uses_text(uses)
        ),
        edits,
    ))
}

/// Renames a code of the framing scale on the scale and on every shot.
pub fn rename_framing(project: &Project, old: &str, new: &str) -> Result<Edit, String> {
    rename_term(project, VocabList::Framing, old, new)
}

/// Renames a claim on the list and on every evidence item.
pub fn rename_claim(project: &Project, old: &str, new: &str) -> Result<Edit, String> {
    rename_term(project, VocabList::Claims, old, new)
}

/// Renames an evidence kind on the list and on every evidence item.
pub fn rename_kind(project: &Project, old: &str, new: &str) -> Result<Edit, String> {
    rename_term(project, VocabList::EvidenceKinds, old, new)
}

/// Adds `term` at the end of `list`, its code checked.
pub fn add_term(project: &Project, list: VocabList, term: Term) -> Result<Edit, String> {
    let code = check_code(project, list, &term.code, None)?;
    let label = format!("add {} '{code}'", list.term_noun());
    let term = Term { code, ..term };
    Ok(batch(label, vec![with_terms(project, list, |terms| terms.push(term))]))
}

/// Sets the label and the definition of the term `code` (its code stays).
pub fn set_term_text(
    project: &Project,
    list: VocabList,
    code: &str,
    label: &str,
    definition: &str,
) -> Result<Edit, String> {
    let index = term_index(project, list, code)?;
    Ok(batch(
        format!("change the {} '{code}'", list.term_noun()),
        vec![with_terms(project, list, |terms| {
            terms[index].label = label.to_string();
            terms[index].definition = definition.to_string();
        })],
    ))
}

/// Moves the term at `from` to `to` (the order of the framing scale runs
/// from the closest to the widest).
pub fn move_term(project: &Project, list: VocabList, from: usize, to: usize) -> Result<Edit, String> {
    let terms = list.terms(&project.vocabularies);
    if from >= terms.len() || to >= terms.len() {
        return Err(format!(
            "{} has no term at position {}.",
            list.title(),
            from.max(to) + 1
        ));
    }
    let code = terms[from].code.clone();
    Ok(batch(
        format!("move {} '{code}' to position {}", list.term_noun(), to + 1),
        vec![with_terms(project, list, |terms| {
            let term = terms.remove(from);
            terms.insert(to, term);
        })],
    ))
}

/// What to do with the uses of a term being removed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OnUses {
    /// Refuse while anything uses the term.
    Refuse,
    /// Take the code off every use: a shot loses its framing; an evidence
    /// item keeps its observation and loses its kind or claim (validation
    /// then lists it, to be classified again).
    Clear,
    /// Give every use another term of the same list.
    ReplaceWith(String),
}

/// Removes the term `code` from `list`, dealing with its uses as `on_uses` says.
pub fn remove_term(project: &Project, list: VocabList, code: &str, on_uses: OnUses) -> Result<Edit, String> {
    let index = term_index(project, list, code)?;
    let uses = count_term_uses(project, list, code);
    let (replacement, how) = match &on_uses {
        _ if uses == 0 => (None, String::new()),
        OnUses::Refuse => {
            return Err(format!(
                "'{code}' is used by {}; clear those uses or replace them to delete it.",
                list.uses_text(uses)
            ));
        }
        OnUses::Clear => (None, format!(", clearing {}", list.uses_text(uses))),
        OnUses::ReplaceWith(other) => {
            if other == code {
                return Err(format!("'{code}' cannot replace itself."));
            }
            term_index(project, list, other)?;
            (
                Some(other.as_str()),
                format!(", moving {} to '{other}'", list.uses_text(uses)),
            )
        }
    };
    let mut edits = rewrite_shots(project, |shot| list.replace_on(shot, code, replacement));
    edits.push(with_terms(project, list, |terms| {
        terms.remove(index);
    }));
    Ok(batch(format!("delete {} '{code}'{how}", list.term_noun()), edits))
}

// ---------------------------------------------------------------------------
// Footage

/// Every shot that shows footage `id`, in film and shot order.
pub fn footage_uses(project: &Project, id: &str) -> Vec<UseSite> {
    let mut sites = Vec::new();
    for film in &project.films {
        for (index, shot) in film.shots.iter().enumerate() {
            if shot.footage.as_ref().is_some_and(|u| u.footage == id) {
                sites.push(UseSite {
                    film: film.id.clone(),
                    shot: index,
                    item: None,
                });
            }
        }
    }
    sites
}

pub fn count_footage_uses(project: &Project, id: &str) -> usize {
    project
        .films
        .iter()
        .flat_map(|f| &f.shots)
        .filter(|s| s.footage.as_ref().is_some_and(|u| u.footage == id))
        .count()
}

fn footage_index(project: &Project, id: &str) -> Result<usize, String> {
    project
        .footage
        .iter()
        .position(|f| f.id == id)
        .ok_or_else(|| format!("There is no footage '{id}'."))
}

/// `id` trimmed, when it can be the id of a footage: a slug (no spaces),
/// not taken by another footage (`renaming` is the footage being renamed).
pub fn check_footage_id(project: &Project, id: &str, renaming: Option<&str>) -> Result<String, String> {
    let id = id.trim();
    if id.is_empty() {
        return Err("A footage id cannot be empty.".into());
    }
    if id.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(format!(
            "'{id}' is not a valid footage id: use no spaces (drill-mcu, not drill mcu)."
        ));
    }
    if project
        .footage
        .iter()
        .any(|f| f.id == id && Some(f.id.as_str()) != renaming)
    {
        return Err(format!("There is already a footage '{id}'."));
    }
    Ok(id.to_string())
}

/// An id for a new footage: `base`, or `base-2`, `base-3` ... the first
/// that no footage has and no shot uses.
pub fn unused_footage_id(project: &Project, base: &str) -> String {
    let free = |id: &str| project.footage(id).is_none() && count_footage_uses(project, id) == 0;
    if free(base) {
        return base.to_string();
    }
    (2..)
        .map(|n| format!("{base}-{n}"))
        .find(|id| free(id))
        .expect("some number is free")
}

/// Adds `footage` at the end of the registry, its id checked.
pub fn add_footage(project: &Project, footage: Footage) -> Result<Edit, String> {
    let id = check_footage_id(project, &footage.id, None)?;
    let footage = Footage { id, ..footage };
    Ok(Edit::InsertFootage {
        index: project.footage.len(),
        footage: Box::new(footage),
    })
}

/// The text fields of a footage (its id is renamed with `rename_footage`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FootageText {
    Label,
    Origin,
    Description,
    Notes,
}

impl FootageText {
    pub fn name(self) -> &'static str {
        match self {
            FootageText::Label => "label",
            FootageText::Origin => "origin",
            FootageText::Description => "description",
            FootageText::Notes => "notes",
        }
    }

    pub fn get(self, footage: &Footage) -> &String {
        match self {
            FootageText::Label => &footage.label,
            FootageText::Origin => &footage.origin,
            FootageText::Description => &footage.description,
            FootageText::Notes => &footage.notes,
        }
    }

    fn get_mut(self, footage: &mut Footage) -> &mut String {
        match self {
            FootageText::Label => &mut footage.label,
            FootageText::Origin => &mut footage.origin,
            FootageText::Description => &mut footage.description,
            FootageText::Notes => &mut footage.notes,
        }
    }
}

/// Replaces footage `id` by `change`d copy of it, as one labelled step.
fn change_footage(
    project: &Project,
    id: &str,
    label: String,
    change: impl FnOnce(&mut Footage),
) -> Result<(Footage, Edit), String> {
    let index = footage_index(project, id)?;
    let mut footage = project.footage[index].clone();
    change(&mut footage);
    let edit = Edit::ReplaceFootage {
        index,
        footage: Box::new(footage.clone()),
    };
    Ok((footage, batch(label, vec![edit])))
}

/// Sets one text field of footage `id`.
pub fn set_footage_text(project: &Project, id: &str, field: FootageText, value: &str) -> Result<Edit, String> {
    let label = format!("change the {} of footage '{id}'", field.name());
    change_footage(project, id, label, |f| *field.get_mut(f) = value.to_string()).map(|(_, e)| e)
}

/// Renames footage `old` to `new`, in the registry and on every shot that
/// shows it: one step.
pub fn rename_footage(project: &Project, old: &str, new: &str) -> Result<Edit, String> {
    let index = footage_index(project, old)?;
    if new.trim() == old {
        return Err(format!("The id is already '{old}'."));
    }
    let new = check_footage_id(project, new, Some(old))?;
    let strays = count_footage_uses(project, &new);
    if strays > 0 {
        return Err(format!(
            "'{new}' is already on {} that no footage of the registry matches; choose another id.",
            plural(strays, "shot")
        ));
    }
    let uses = count_footage_uses(project, old);
    let mut footage = project.footage[index].clone();
    footage.id = new.clone();
    let mut edits = vec![Edit::ReplaceFootage {
        index,
        footage: Box::new(footage),
    }];
    edits.extend(rewrite_shots(project, |shot| {
        let usage = shot.footage.as_ref().filter(|u| u.footage == old)?;
        let mut shot = shot.clone();
        shot.footage = Some(FootageUse {
            footage: new.clone(),
            ..usage.clone()
        });
        Some(shot)
    }));
    Ok(batch(
        format!("rename footage '{old}' to '{new}' ({})", plural(uses, "shot")),
        edits,
    ))
}

/// Deletes footage `id`, which no shot may use (see `unlink_footage`).
pub fn delete_footage(project: &Project, id: &str) -> Result<Edit, String> {
    let index = footage_index(project, id)?;
    let uses = count_footage_uses(project, id);
    if uses > 0 {
        return Err(format!(
            "Footage '{id}' is shown by {}; unlink them to delete it.",
            plural(uses, "shot")
        ));
    }
    Ok(batch(
        format!("delete footage '{id}'"),
        vec![Edit::RemoveFootage { index }],
    ))
}

/// Takes footage `id` off every shot that shows it, then deletes it: one step.
pub fn unlink_footage(project: &Project, id: &str) -> Result<Edit, String> {
    let index = footage_index(project, id)?;
    let mut edits = rewrite_shots(project, |shot| {
        shot.footage.as_ref().filter(|u| u.footage == id)?;
        let mut shot = shot.clone();
        shot.footage = None;
        Some(shot)
    });
    let uses = edits.len();
    edits.push(Edit::RemoveFootage { index });
    let label = if uses == 0 {
        format!("delete footage '{id}'")
    } else {
        format!("delete footage '{id}' and unlink {}", plural(uses, "shot"))
    };
    Ok(batch(label, edits))
}

// ---------------------------------------------------------------------------
// Variants of a footage

/// How many shots show variant `value` of footage `id`.
pub fn count_variant_uses(project: &Project, id: &str, value: &str) -> usize {
    project
        .films
        .iter()
        .flat_map(|f| &f.shots)
        .filter_map(|s| s.footage.as_ref())
        .filter(|u| u.footage == id && u.variants.iter().any(|v| v == value))
        .count()
}

/// `value` trimmed, when it can be a new variant of `footage`: not empty,
/// not already one of its variants (ignoring case: a use names its variants
/// by value alone, so values must be told apart across all the sets).
fn check_variant(footage: &Footage, value: &str, renaming: Option<&str>) -> Result<String, String> {
    let value = value.trim();
    if value.is_empty() {
        return Err("A variant cannot be empty.".into());
    }
    if value.chars().any(char::is_control) {
        return Err("A variant must be on one line.".into());
    }
    let taken = footage
        .variants
        .iter()
        .flatten()
        .filter(|v| Some(v.as_str()) != renaming)
        .find(|v| v.to_lowercase() == value.to_lowercase());
    if let Some(v) = taken {
        return Err(format!("'{v}' is already a variant of footage '{}'.", footage.id));
    }
    Ok(value.to_string())
}

/// Adds a set of variants that exclude each other to footage `id`.
pub fn add_variant_set(project: &Project, id: &str, values: &[&str]) -> Result<Edit, String> {
    let index = footage_index(project, id)?;
    let mut footage = project.footage[index].clone();
    let mut set = Vec::new();
    for value in values {
        let value = check_variant(&footage, value, None)?;
        if set.iter().any(|v: &String| v.to_lowercase() == value.to_lowercase()) {
            return Err(format!("'{value}' is twice in the new set."));
        }
        set.push(value);
    }
    if set.is_empty() {
        return Err("A variant set needs at least one variant.".into());
    }
    footage.variants.push(set);
    Ok(batch(
        format!("add a variant set to footage '{id}'"),
        vec![Edit::ReplaceFootage {
            index,
            footage: Box::new(footage),
        }],
    ))
}

/// Adds `value` to the variant set `set` of footage `id`.
pub fn add_variant(project: &Project, id: &str, set: usize, value: &str) -> Result<Edit, String> {
    let footage = &project.footage[footage_index(project, id)?];
    let value = check_variant(footage, value, None)?;
    if set >= footage.variants.len() {
        return Err(format!("Footage '{id}' has no variant set {}.", set + 1));
    }
    let label = format!("add variant '{value}' to footage '{id}'");
    change_footage(project, id, label, |f| f.variants[set].push(value)).map(|(_, e)| e)
}

/// Renames variant `old` of footage `id` to `new`, in its set and on every
/// shot that shows it: one step.
pub fn rename_variant(project: &Project, id: &str, old: &str, new: &str) -> Result<Edit, String> {
    let index = footage_index(project, id)?;
    let footage = &project.footage[index];
    if !footage.knows_variant(old) {
        return Err(format!("Footage '{id}' has no variant '{old}'."));
    }
    if new.trim() == old {
        return Err(format!("The variant is already '{old}'."));
    }
    let new = check_variant(footage, new, Some(old))?;
    let strays = count_variant_uses(project, id, &new);
    if strays > 0 {
        return Err(format!(
            "'{new}' is already on {} of '{id}' without being a known variant; choose another name.",
            plural(strays, "shot")
        ));
    }
    let uses = count_variant_uses(project, id, old);
    let mut footage = footage.clone();
    for v in footage.variants.iter_mut().flatten().filter(|v| *v == old) {
        *v = new.clone();
    }
    let mut edits = vec![Edit::ReplaceFootage {
        index,
        footage: Box::new(footage),
    }];
    edits.extend(rewrite_shots(project, |shot| {
        let usage = shot.footage.as_ref().filter(|u| u.footage == id)?;
        if !usage.variants.iter().any(|v| v == old) {
            return None;
        }
        let mut shot = shot.clone();
        if let Some(usage) = &mut shot.footage {
            for v in usage.variants.iter_mut().filter(|v| *v == old) {
                *v = new.clone();
            }
        }
        Some(shot)
    }));
    Ok(batch(
        format!("rename variant '{old}' of '{id}' to '{new}' ({})", plural(uses, "shot")),
        edits,
    ))
}

/// Removes `values` of footage `id` from its sets (dropping sets left empty)
/// and, with `clear_uses`, from the shots that show them.
fn remove_variants(
    project: &Project,
    id: &str,
    values: &[String],
    clear_uses: bool,
    label: String,
) -> Result<Edit, String> {
    let index = footage_index(project, id)?;
    let uses: usize = project
        .films
        .iter()
        .flat_map(|f| &f.shots)
        .filter_map(|s| s.footage.as_ref())
        .filter(|u| u.footage == id && u.variants.iter().any(|v| values.contains(v)))
        .count();
    if uses > 0 && !clear_uses {
        return Err(format!(
            "{} of '{id}' {} shown by {}; clear those uses to delete {}.",
            if values.len() == 1 {
                format!("Variant '{}'", values[0])
            } else {
                "These variants".to_string()
            },
            if values.len() == 1 { "is" } else { "are" },
            plural(uses, "shot"),
            if values.len() == 1 { "it" } else { "them" },
        ));
    }
    let mut footage = project.footage[index].clone();
    for set in &mut footage.variants {
        set.retain(|v| !values.contains(v));
    }
    footage.variants.retain(|set| !set.is_empty());
    let mut edits = vec![Edit::ReplaceFootage {
        index,
        footage: Box::new(footage),
    }];
    edits.extend(rewrite_shots(project, |shot| {
        let usage = shot.footage.as_ref().filter(|u| u.footage == id)?;
        if !usage.variants.iter().any(|v| values.contains(v)) {
            return None;
        }
        let mut shot = shot.clone();
        if let Some(usage) = &mut shot.footage {
            usage.variants.retain(|v| !values.contains(v));
        }
        Some(shot)
    }));
    let label = if uses > 0 {
        format!("{label}, clearing it on {}", plural(uses, "shot"))
    } else {
        label
    };
    Ok(batch(label, edits))
}

/// Removes variant `value` of footage `id`; a set left empty goes too.
/// While shots show it, refused unless `clear_uses`.
pub fn remove_variant(project: &Project, id: &str, value: &str, clear_uses: bool) -> Result<Edit, String> {
    let footage = &project.footage[footage_index(project, id)?];
    if !footage.knows_variant(value) {
        return Err(format!("Footage '{id}' has no variant '{value}'."));
    }
    let label = format!("delete variant '{value}' of footage '{id}'");
    remove_variants(project, id, &[value.to_string()], clear_uses, label)
}

/// Removes the variant set `set` of footage `id`. While shots show one of
/// its variants, refused unless `clear_uses`.
pub fn remove_variant_set(project: &Project, id: &str, set: usize, clear_uses: bool) -> Result<Edit, String> {
    let footage = &project.footage[footage_index(project, id)?];
    let Some(values) = footage.variants.get(set) else {
        return Err(format!("Footage '{id}' has no variant set {}.", set + 1));
    };
    let label = format!("delete variant set {} of footage '{id}'", set + 1);
    remove_variants(project, id, values, clear_uses, label)
}

/// How many shots show each variant of footage `id`, in one pass.
pub fn variant_use_counts(project: &Project, id: &str) -> HashMap<String, usize> {
    let mut counts: HashMap<String, usize> = HashMap::new();
    for usage in project
        .films
        .iter()
        .flat_map(|f| &f.shots)
        .filter_map(|s| s.footage.as_ref())
        .filter(|u| u.footage == id)
    {
        for v in &usage.variants {
            *counts.entry(v.clone()).or_default() += 1;
        }
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Evidence, Film, Stance};
    use proptest::prelude::*;

    fn evidence(claim: &str, kind: &str) -> Evidence {
        Evidence {
            claim: claim.into(),
            stance: Stance::Supports,
            kind: kind.into(),
            observation: "seen".into(),
            source: String::new(),
            weight: None,
        }
    }

    /// Two films; footage `drill` with two variant sets, used three times;
    /// `belt` used once; `spare` unused.
    fn sample() -> Project {
        let mut project = Project::new("Test");
        let mut drill = Footage::new("drill", "At the coal face");
        drill.variants = vec![
            vec!["open".into(), "closed".into()],
            vec!["falls".into(), "stays".into()],
        ];
        project.footage = vec![drill, Footage::new("belt", "Belt"), Footage::new("spare", "Spare")];
        let usage = |id: &str, variants: &[&str]| {
            Some(FootageUse {
                footage: id.into(),
                piece: None,
                variants: variants.iter().map(|v| v.to_string()).collect(),
                repeat: false,
            })
        };
        let mut a = Film::new("a", "Film A");
        let mut s1 = Shot::new(1);
        s1.framing = Some("MCU".into());
        s1.footage = usage("drill", &["open", "stays"]);
        s1.evidence = vec![evidence("reenacted", "setting"), evidence("staged", "setting")];
        let mut s2 = Shot::new(2);
        s2.framing = Some("CU".into());
        s2.footage = usage("belt", &[]);
        s2.evidence = vec![evidence("reenacted", "action")];
        a.shots = vec![s1, s2];
        let mut b = Film::new("b", "Film B");
        let mut s3 = Shot::new(1);
        s3.framing = Some("MCU".into());
        s3.footage = usage("drill", &["closed"]);
        let mut s4 = Shot::new(2);
        s4.footage = usage("drill", &[]);
        b.shots = vec![s3, s4];
        project.films = vec![a, b];
        project
    }

    fn applied(project: &Project, edit: Edit) -> (Project, Edit) {
        let mut changed = project.clone();
        let inverse = changed.apply(edit).expect("the edit applies");
        (changed, inverse)
    }

    #[test]
    fn renaming_a_framing_code_follows_every_shot_and_undoes_in_one_step() {
        let project = sample();
        let edit = rename_framing(&project, "MCU", "MCU2").expect("rename");
        assert_eq!(edit.describe(), "rename framing 'MCU' to 'MCU2' (2 shots)");
        let (renamed, inverse) = applied(&project, edit);
        assert!(renamed.vocabularies.framing_term("MCU2").is_some());
        assert!(renamed.vocabularies.framing_term("MCU").is_none());
        assert_eq!(count_term_uses(&renamed, VocabList::Framing, "MCU"), 0);
        assert_eq!(count_term_uses(&renamed, VocabList::Framing, "MCU2"), 2);
        assert_eq!(renamed.films[0].shots[1].framing.as_deref(), Some("CU"));
        // The term keeps its place, label and definition.
        assert_eq!(renamed.vocabularies.framing[2].label, "Medium close-up");
        let (back, _) = applied(&renamed, inverse);
        assert_eq!(back, project);
    }

    #[test]
    fn renaming_claims_and_kinds_follows_every_evidence_item() {
        let project = sample();
        let (renamed, _) = applied(
            &project,
            rename_claim(&project, "reenacted", "re-enacted").expect("claim"),
        );
        assert_eq!(renamed.films[0].shots[0].evidence[0].claim, "re-enacted");
        assert_eq!(renamed.films[0].shots[0].evidence[1].claim, "staged");
        assert_eq!(renamed.films[0].shots[1].evidence[0].claim, "re-enacted");
        assert_eq!(renamed.films[0].shots[0].evidence[0].kind, "setting");
        let (renamed, _) = applied(&project, rename_kind(&project, "setting", "place").expect("kind"));
        assert_eq!(count_term_uses(&renamed, VocabList::EvidenceKinds, "place"), 2);
        assert_eq!(renamed.films[0].shots[1].evidence[0].kind, "action");
    }

    #[test]
    fn a_code_that_is_empty_or_taken_is_refused() {
        let project = sample();
        let err = rename_framing(&project, "MCU", "CU").unwrap_err();
        assert_eq!(err, "'CU' is already a code in the framing scale.");
        assert!(
            rename_framing(&project, "MCU", "cu").is_err(),
            "case does not make a new code"
        );
        assert_eq!(
            rename_framing(&project, "MCU", "  ").unwrap_err(),
            "A framing code cannot be empty."
        );
        assert!(
            rename_framing(&project, "NOPE", "X")
                .unwrap_err()
                .contains("no framing 'NOPE'")
        );
        assert!(add_term(&project, VocabList::Claims, Term::new("Staged", "", "")).is_err());
        // Another case of itself is a rename.
        let (renamed, _) = applied(&project, rename_framing(&project, "MCU", "mcu").expect("case"));
        assert_eq!(renamed.films[1].shots[0].framing.as_deref(), Some("mcu"));
        // A code shots use without a term for it would merge with them.
        let mut stray = project.clone();
        stray.films[1].shots[1].framing = Some("XCU".into());
        assert!(
            rename_framing(&stray, "MCU", "XCU")
                .unwrap_err()
                .contains("already on 1 shot")
        );
    }

    #[test]
    fn a_term_in_use_is_deleted_only_when_its_uses_are_dealt_with() {
        let project = sample();
        let err = remove_term(&project, VocabList::Framing, "MCU", OnUses::Refuse).unwrap_err();
        assert_eq!(
            err,
            "'MCU' is used by 2 shots; clear those uses or replace them to delete it."
        );
        let edit = remove_term(&project, VocabList::Framing, "MCU", OnUses::Clear).expect("clear");
        assert_eq!(edit.describe(), "delete framing 'MCU', clearing 2 shots");
        let (cleared, inverse) = applied(&project, edit);
        assert!(cleared.vocabularies.framing_term("MCU").is_none());
        assert_eq!(cleared.films[0].shots[0].framing, None);
        assert_eq!(cleared.films[0].shots[1].framing.as_deref(), Some("CU"));
        assert_eq!(applied(&cleared, inverse).0, project);

        let edit = remove_term(
            &project,
            VocabList::Claims,
            "staged",
            OnUses::ReplaceWith("reenacted".into()),
        );
        let (merged, _) = applied(&project, edit.expect("replace"));
        assert_eq!(count_term_uses(&merged, VocabList::Claims, "reenacted"), 3);
        assert!(merged.vocabularies.claim_term("staged").is_none());
        // Unused: no question asked.
        let (fewer, _) = applied(
            &project,
            remove_term(&project, VocabList::Framing, "ELS", OnUses::Refuse).expect("unused"),
        );
        assert_eq!(fewer.vocabularies.framing.len(), 6);
    }

    #[test]
    fn terms_are_added_reordered_and_described() {
        let project = sample();
        let (added, _) = applied(
            &project,
            add_term(&project, VocabList::Framing, Term::new(" BCU ", "Big close-up", "")).expect("add"),
        );
        assert_eq!(added.vocabularies.framing.last().map(|t| t.code.as_str()), Some("BCU"));
        let (moved, _) = applied(&added, move_term(&added, VocabList::Framing, 7, 1).expect("move"));
        assert_eq!(moved.vocabularies.framing[1].code, "BCU");
        assert_eq!(moved.vocabularies.framing[2].code, "CU");
        let (described, _) = applied(
            &moved,
            set_term_text(
                &moved,
                VocabList::Framing,
                "BCU",
                "Big close-up",
                "The face fills the frame.",
            )
            .expect("text"),
        );
        assert_eq!(
            described.vocabularies.framing[1].definition,
            "The face fills the frame."
        );
        assert!(move_term(&project, VocabList::Claims, 0, 9).is_err());
    }

    #[test]
    fn renaming_a_footage_follows_every_shot() {
        let project = sample();
        let edit = rename_footage(&project, "drill", "drill-mcu").expect("rename");
        assert_eq!(edit.describe(), "rename footage 'drill' to 'drill-mcu' (3 shots)");
        let (renamed, inverse) = applied(&project, edit);
        assert_eq!(footage_uses(&renamed, "drill-mcu").len(), 3);
        assert!(footage_uses(&renamed, "drill").is_empty());
        assert_eq!(
            renamed.films[1].shots[0].footage.as_ref().map(|u| u.variants.clone()),
            Some(vec!["closed".to_string()])
        );
        assert_eq!(applied(&renamed, inverse).0, project);
        assert_eq!(
            rename_footage(&project, "drill", "belt").unwrap_err(),
            "There is already a footage 'belt'."
        );
        assert!(
            rename_footage(&project, "drill", "drill mcu")
                .unwrap_err()
                .contains("no spaces")
        );
        assert!(rename_footage(&project, "drill", "").is_err());
    }

    #[test]
    fn used_footage_is_deleted_only_by_unlinking_its_shots() {
        let project = sample();
        assert_eq!(
            delete_footage(&project, "drill").unwrap_err(),
            "Footage 'drill' is shown by 3 shots; unlink them to delete it."
        );
        let edit = unlink_footage(&project, "drill").expect("unlink");
        assert_eq!(edit.describe(), "delete footage 'drill' and unlink 3 shots");
        let (unlinked, inverse) = applied(&project, edit);
        assert!(unlinked.footage("drill").is_none());
        assert_eq!(count_footage_uses(&unlinked, "drill"), 0);
        assert!(unlinked.films[0].shots[1].footage.is_some(), "other footage stays");
        assert_eq!(applied(&unlinked, inverse).0, project);
        let (fewer, _) = applied(&project, delete_footage(&project, "spare").expect("unused"));
        assert_eq!(fewer.footage.len(), 2);
    }

    #[test]
    fn footage_is_added_with_a_free_id() {
        let project = sample();
        assert_eq!(unused_footage_id(&project, "footage"), "footage");
        let (more, _) = applied(
            &project,
            add_footage(&project, Footage::new("footage", "New")).expect("add"),
        );
        assert_eq!(unused_footage_id(&more, "footage"), "footage-2");
        assert!(add_footage(&more, Footage::new("footage", "Again")).is_err());
        let (labelled, _) = applied(
            &more,
            set_footage_text(&more, "footage", FootageText::Origin, "newsreel 1935").expect("origin"),
        );
        assert_eq!(labelled.footage[3].origin, "newsreel 1935");
    }

    #[test]
    fn variants_are_renamed_on_every_use_and_removed_only_when_unused_or_cleared() {
        let project = sample();
        let (renamed, _) = applied(
            &project,
            rename_variant(&project, "drill", "open", "half-open").expect("rename"),
        );
        assert_eq!(renamed.footage[0].variants[0], ["half-open", "closed"]);
        assert_eq!(
            renamed.films[0].shots[0].footage.as_ref().map(|u| u.variants.clone()),
            Some(vec!["half-open".to_string(), "stays".to_string()])
        );
        assert!(
            rename_variant(&project, "drill", "open", "Falls")
                .unwrap_err()
                .contains("already a variant")
        );

        assert!(
            remove_variant(&project, "drill", "closed", false)
                .unwrap_err()
                .contains("1 shot")
        );
        let (removed, _) = applied(
            &project,
            remove_variant(&project, "drill", "closed", true).expect("clear"),
        );
        assert_eq!(removed.footage[0].variants[0], ["open"]);
        assert!(
            removed.films[1].shots[0]
                .footage
                .as_ref()
                .is_some_and(|u| u.variants.is_empty())
        );
        let (no_set, _) = applied(&project, remove_variant_set(&project, "drill", 1, true).expect("set"));
        assert_eq!(no_set.footage[0].variants.len(), 1);
        assert_eq!(
            no_set.films[0].shots[0].footage.as_ref().map(|u| u.variants.clone()),
            Some(vec!["open".to_string()])
        );

        let (more, _) = applied(
            &project,
            add_variant_set(&project, "belt", &["fast", "slow"]).expect("set"),
        );
        assert_eq!(more.footage[1].variants, [["fast", "slow"]]);
        let (more, _) = applied(&more, add_variant(&more, "belt", 0, "still").expect("add"));
        assert_eq!(more.footage[1].variants[0].len(), 3);
        assert!(add_variant(&more, "belt", 0, "FAST").is_err());
        assert!(add_variant_set(&more, "belt", &[]).is_err());
    }

    // -- properties --------------------------------------------------------

    const FRAMINGS: [&str; 5] = ["ECU", "CU", "MCU", "LS", "STRAY"];
    const CLAIMS: [&str; 3] = ["reenacted", "staged", "stray-claim"];
    const KINDS: [&str; 3] = ["setting", "action", "stray-kind"];
    const FOOTAGE: [&str; 3] = ["drill", "belt", "stray-footage"];
    const VARIANTS: [&str; 5] = ["open", "closed", "falls", "stays", "stray-variant"];
    const NEW_CODES: [&str; 8] = ["MCU2", "CU", "STRAY", "", "staged", "stray-kind", "place", "Setting"];

    fn arb_shot() -> impl Strategy<Value = Shot> {
        (
            proptest::option::of(0..FRAMINGS.len()),
            proptest::option::of((0..FOOTAGE.len(), proptest::collection::vec(0..VARIANTS.len(), 0..3))),
            proptest::collection::vec((0..CLAIMS.len(), 0..KINDS.len()), 0..3),
        )
            .prop_map(|(framing, footage, evidence)| {
                let mut shot = Shot::new(1);
                shot.framing = framing.map(|i| FRAMINGS[i].to_string());
                shot.footage = footage.map(|(f, vs)| FootageUse {
                    footage: FOOTAGE[f].into(),
                    piece: None,
                    variants: vs.into_iter().map(|v| VARIANTS[v].to_string()).collect(),
                    repeat: false,
                });
                shot.evidence = evidence
                    .into_iter()
                    .map(|(c, k)| self::evidence(CLAIMS[c], KINDS[k]))
                    .collect();
                shot
            })
    }

    fn arb_project() -> impl Strategy<Value = Project> {
        proptest::collection::vec(proptest::collection::vec(arb_shot(), 0..6), 1..4).prop_map(|films| {
            let mut project = sample();
            project.films = films
                .into_iter()
                .enumerate()
                .map(|(i, shots)| {
                    let mut film = Film::new(format!("film-{i}"), "Film");
                    film.shots = shots;
                    film
                })
                .collect();
            project
        })
    }

    fn arb_list() -> impl Strategy<Value = VocabList> {
        prop_oneof![
            Just(VocabList::Framing),
            Just(VocabList::EvidenceKinds),
            Just(VocabList::Claims)
        ]
    }

    proptest! {
        #[test]
        fn renaming_a_term_then_back_restores_the_project(
            project in arb_project(),
            list in arb_list(),
            which in 0usize..8,
            new in 0..NEW_CODES.len(),
        ) {
            let terms = list.terms(&project.vocabularies);
            let old = terms[which % terms.len()].code.clone();
            let new = NEW_CODES[new];
            match rename_term(&project, list, &old, new) {
                Ok(edit) => {
                    let (renamed, inverse) = applied(&project, edit);
                    // Every use followed, and nothing else changed.
                    prop_assert_eq!(count_term_uses(&renamed, list, &old), 0);
                    prop_assert_eq!(
                        count_term_uses(&renamed, list, new),
                        count_term_uses(&project, list, &old)
                    );
                    prop_assert_eq!(term_uses(&renamed, list, new), term_uses(&project, list, &old));
                    for other in VocabList::ALL.into_iter().filter(|l| *l != list) {
                        prop_assert_eq!(term_use_counts(&renamed, other), term_use_counts(&project, other));
                    }
                    let back = rename_term(&renamed, list, new, &old).expect("renaming back is allowed");
                    prop_assert_eq!(&applied(&renamed, back).0, &project);
                    prop_assert_eq!(&applied(&renamed, inverse).0, &project);
                }
                Err(_) => {
                    // Refused only for an empty code, a taken code or one
                    // shots already use.
                    let taken = terms
                        .iter()
                        .any(|t| t.code != old && t.code.to_lowercase() == new.to_lowercase());
                    let strays = count_term_uses(&project, list, new) > 0;
                    prop_assert!(new.is_empty() || new == old || taken || strays, "refused '{}' -> '{}'", old, new);
                }
            }
        }

        #[test]
        fn renaming_a_footage_then_back_restores_the_project(
            project in arb_project(),
            which in 0usize..3,
            new in prop_oneof![Just("belt"), Just("stray-footage"), Just("drill-2"), Just("a b"), Just("")],
        ) {
            let old = project.footage[which].id.clone();
            match rename_footage(&project, &old, new) {
                Ok(edit) => {
                    let (renamed, inverse) = applied(&project, edit);
                    prop_assert_eq!(count_footage_uses(&renamed, &old), 0);
                    prop_assert_eq!(footage_uses(&renamed, new), footage_uses(&project, &old));
                    let back = rename_footage(&renamed, new, &old).expect("renaming back is allowed");
                    prop_assert_eq!(&applied(&renamed, back).0, &project);
                    prop_assert_eq!(&applied(&renamed, inverse).0, &project);
                }
                Err(_) => prop_assert!(new != "drill-2"),
            }
        }

        #[test]
        fn renaming_a_variant_then_back_restores_the_project(
            project in arb_project(),
            which in 0usize..4,
            new in prop_oneof![Just("ajar"), Just("OPEN"), Just("stray-variant"), Just(" ")],
        ) {
            let old = VARIANTS[which];
            match rename_variant(&project, "drill", old, new) {
                Ok(edit) => {
                    let (renamed, inverse) = applied(&project, edit);
                    prop_assert_eq!(count_variant_uses(&renamed, "drill", old), 0);
                    prop_assert_eq!(
                        count_variant_uses(&renamed, "drill", new),
                        count_variant_uses(&project, "drill", old)
                    );
                    let back = rename_variant(&renamed, "drill", new, old).expect("renaming back is allowed");
                    prop_assert_eq!(&applied(&renamed, back).0, &project);
                    prop_assert_eq!(&applied(&renamed, inverse).0, &project);
                }
                Err(_) => prop_assert!(new != "ajar" || old == "ajar"),
            }
        }

        #[test]
        fn unlinking_leaves_no_use_and_undoes_exactly(project in arb_project(), which in 0usize..3) {
            let id = project.footage[which].id.clone();
            let (unlinked, inverse) = applied(&project, unlink_footage(&project, &id).expect("unlink"));
            prop_assert!(unlinked.footage(&id).is_none());
            prop_assert_eq!(count_footage_uses(&unlinked, &id), 0);
            prop_assert_eq!(unlinked.footage.len(), project.footage.len() - 1);
            prop_assert_eq!(&applied(&unlinked, inverse).0, &project);
        }

        #[test]
        fn clearing_a_term_leaves_no_use_and_undoes_exactly(
            project in arb_project(),
            list in arb_list(),
            which in 0usize..8,
        ) {
            let terms = list.terms(&project.vocabularies);
            let code = terms[which % terms.len()].code.clone();
            let uses = count_term_uses(&project, list, &code);
            let refused = remove_term(&project, list, &code, OnUses::Refuse);
            prop_assert_eq!(refused.is_err(), uses > 0);
            let (cleared, inverse) = applied(&project, remove_term(&project, list, &code, OnUses::Clear).expect("clear"));
            prop_assert_eq!(count_term_uses(&cleared, list, &code), 0);
            prop_assert_eq!(list.terms(&cleared.vocabularies).len(), terms.len() - 1);
            prop_assert_eq!(&applied(&cleared, inverse).0, &project);
        }
    }
}
