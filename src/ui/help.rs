//! The list of every keyboard shortcut (F1).

use eframe::egui;

/// Every shortcut, grouped: (group, [(keys, what it does)]).
pub const SHORTCUTS: &[(&str, &[(&str, &str)])] = &[
    (
        "Files",
        &[
            ("Ctrl+N", "New project"),
            ("Ctrl+O", "Open a project"),
            ("Ctrl+I", "Import a shot list (CSV, TSV, EDL, OTIO, ELAN)"),
            ("Ctrl+S", "Save"),
            ("Ctrl+Shift+S", "Save as"),
        ],
    ),
    ("Editing", &[("Ctrl+Z", "Undo"), ("Ctrl+Shift+Z, Ctrl+Y", "Redo")]),
    (
        "Shots",
        &[
            ("Up / Down, K / J", "Previous / next shot"),
            ("Home / End, PageUp / PageDown", "First / last shot, a page up or down"),
            ("Shift+Up / Shift+Down, Shift+click", "Extend the selection"),
            ("Ctrl+click, Ctrl+A", "Add a shot to the selection, select all"),
            ("Escape", "Back to the film"),
            ("Enter", "Edit the description"),
            (
                "1 … 7, 0",
                "Set the framing (ECU … ELS) of the selected shots, clear it",
            ),
            ("E", "Add evidence to the shot"),
            ("N, Shift+N", "Insert a shot after, before"),
            ("S, M", "Split the shot in two, merge it with the next"),
            ("Ctrl+D, Delete", "Duplicate, delete the selected shots"),
            ("Alt+Up / Alt+Down", "Move the shot up / down"),
            ("Ctrl+F", "Filter the shots (again: search the films)"),
        ],
    ),
    (
        "Viewer (a film with media)",
        &[
            ("Space", "Play or pause at the film's rate"),
            ("Left / Right", "One frame back / forward"),
            ("Shift+Left / Shift+Right", "Ten frames back / forward"),
            ("Ctrl+Left / Ctrl+Right", "The previous / next shot's first frame"),
            ("C", "A cut at this frame (while playing: tap mode)"),
            (", / .", "The cut before this shot one frame earlier / later"),
        ],
    ),
    (
        "Films",
        &[
            ("Ctrl+Shift+F", "Search the films"),
            ("Ctrl+PageUp / Ctrl+PageDown", "Previous / next film"),
            ("Ctrl+Shift+PageUp / PageDown", "Move the film up / down"),
            ("F2", "Rename the film"),
        ],
    ),
    (
        "Window",
        &[
            ("Ctrl+1", "Shots: the film list, the shot table, the inspector"),
            ("Ctrl+2", "Compare the chosen films"),
            ("Ctrl+3", "Statistics and figures of the chosen films"),
            ("F1", "This list"),
        ],
    ),
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
