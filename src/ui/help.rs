//! The list of every keyboard shortcut (F1).

use eframe::egui;

/// Every shortcut, grouped: (group, [(keys, what it does)]).
pub const SHORTCUTS: &[(&str, &[(&str, &str)])] = &[
    (
        "Files",
        &[
            ("Ctrl+N", "New project"),
            ("Ctrl+O", "Open a project"),
            ("Ctrl+S", "Save"),
            ("Ctrl+Shift+S", "Save as"),
        ],
    ),
    ("Editing", &[("Ctrl+Z", "Undo"), ("Ctrl+Shift+Z, Ctrl+Y", "Redo")]),
    (
        "Shots",
        &[
            ("Up / Down, K / J", "Previous / next shot"),
            ("Shift+Up / Shift+Down", "Extend the selection"),
            ("Escape", "Back to the film"),
            ("Enter", "Edit the description"),
            ("1 … 7", "Set the framing (ECU … ELS) of the selected shots"),
            ("E", "Add evidence to the shot"),
            ("Ctrl+F", "Search"),
        ],
    ),
    ("Window", &[("F1", "This list")]),
];

pub fn help_ui(ui: &mut egui::Ui) {
    for (group, keys) in SHORTCUTS {
        ui.strong(*group);
        egui::Grid::new(("shortcuts", *group))
            .num_columns(2)
            .spacing([24.0, 4.0])
            .show(ui, |ui| {
                for (key, what) in *keys {
                    ui.monospace(*key);
                    ui.label(*what);
                    ui.end_row();
                }
            });
        ui.add_space(6.0);
    }
}
