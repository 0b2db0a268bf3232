//! Vocabularies: the framing scale, evidence kinds and claims a project uses.
//! They are saved in the project, so a scholar can extend or rename them.

use serde::{Deserialize, Serialize};

/// One term: a short code stored on shots, a label, a one-line definition.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Term {
    pub code: String,
    pub label: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub definition: String,
}

impl Term {
    pub fn new(code: &str, label: &str, definition: &str) -> Self {
        Term {
            code: code.to_string(),
            label: label.to_string(),
            definition: definition.to_string(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Vocabularies {
    /// Shot scale, from the closest to the widest.
    pub framing: Vec<Term>,
    pub evidence_kinds: Vec<Term>,
    pub claims: Vec<Term>,
}

impl Default for Vocabularies {
    fn default() -> Self {
        Self::standard()
    }
}

impl Vocabularies {
    /// The vocabularies a new project starts with.
    pub fn standard() -> Self {
        Vocabularies {
            framing: vec![
                Term::new(
                    "ECU",
                    "Extreme close-up",
                    "A detail: an eye, a hand, an object filling the frame.",
                ),
                Term::new("CU", "Close-up", "The face, or head and shoulders."),
                Term::new("MCU", "Medium close-up", "Head and chest, cut at mid-torso."),
                Term::new("MS", "Medium shot", "The figure from the waist or the knees up."),
                Term::new("MLS", "Medium long shot", "The whole figure, with little around it."),
                Term::new(
                    "LS",
                    "Long shot",
                    "Whole figures in their setting; the place reads as much as the people.",
                ),
                Term::new(
                    "ELS",
                    "Extreme long shot",
                    "A landscape or crowd seen from afar; figures are small or absent.",
                ),
            ],
            evidence_kinds: vec![
                Term::new(
                    "setting",
                    "Setting",
                    "The place shown: gallery, light, space, what the site should look like.",
                ),
                Term::new(
                    "action",
                    "Action",
                    "What is done in the shot and whether it could really be done so.",
                ),
                Term::new(
                    "composition",
                    "Composition",
                    "Framing, camera placement and lighting that a live event would not allow.",
                ),
                Term::new("dating", "Dating", "Clues to when the images were made."),
                Term::new("costume", "Costume", "Clothes, insignia and medals worn."),
                Term::new("sound", "Sound", "Commentary, music or synchronous sound."),
                Term::new("continuity", "Continuity", "Matches and mismatches between shots."),
                Term::new("other", "Other", "Anything else."),
            ],
            claims: vec![
                Term::new(
                    "reenacted",
                    "Reenacted",
                    "The event was performed again for the camera after it happened.",
                ),
                Term::new("staged", "Staged", "The scene was arranged for the camera."),
                Term::new(
                    "staged reception",
                    "Staged reception",
                    "The welcome or audience was arranged for the camera.",
                ),
                Term::new("dating", "Dating", "When the images were made."),
            ],
        }
    }

    pub fn framing_term(&self, code: &str) -> Option<&Term> {
        self.framing.iter().find(|t| t.code == code)
    }

    pub fn kind_term(&self, code: &str) -> Option<&Term> {
        self.evidence_kinds.iter().find(|t| t.code == code)
    }

    pub fn claim_term(&self, code: &str) -> Option<&Term> {
        self.claims.iter().find(|t| t.code == code)
    }
}
