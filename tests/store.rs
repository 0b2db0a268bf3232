//! Project files: round trips, migrations, atomic save, autosave, and every
//! kind of bad input with a message that says where.

use std::fs;
use std::path::{Path, PathBuf};

use decoupage::model::{FrameRate, LengthSource, SCHEMA, validate};
use decoupage::store::{self, StoreError};

fn sample_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("projects/stakhanov.ron")
}

fn sample_text() -> String {
    fs::read_to_string(sample_path()).unwrap()
}

/// Writes `text` to a file in a fresh temporary directory.
fn write_temp(name: &str, bytes: &[u8]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    fs::write(&path, bytes).unwrap();
    (dir, path)
}

#[test]
fn loading_then_saving_the_sample_gives_identical_bytes() {
    let project = store::load(&sample_path()).unwrap();
    assert_eq!(store::to_ron_string(&project).unwrap(), sample_text());
    // and through a real save
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("copy.ron");
    store::save(&project, &copy).unwrap();
    assert_eq!(fs::read_to_string(&copy).unwrap(), sample_text());
    assert_eq!(store::load(&copy).unwrap(), project);
}

#[test]
fn schema_1_is_migrated() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/schema1.ron");
    let project = store::load(&path).unwrap();
    assert_eq!(project.schema, SCHEMA);
    let journal = project.film("journal-1935").unwrap();
    assert_eq!(
        journal.rate,
        Some(FrameRate::NTSC_30),
        "29.97 becomes exactly 30000/1001"
    );
    assert_eq!(project.film("depute").unwrap().rate, Some(FrameRate::FPS_18));
    let first = journal.shots[0].length.as_ref().unwrap();
    assert_eq!(first.frames, 39);
    assert_eq!(
        first.source,
        LengthSource::Reported {
            citation: "article".into()
        }
    );
    assert_eq!(journal.shots[1].length.as_ref().unwrap().source, LengthSource::Measured);
    assert_eq!(journal.shots[2].length, None, "an unknown length stays unknown");
    assert_eq!(validate(&project), vec![]);
    // Saving writes the current schema, which then loads as it is.
    let text = store::to_ron_string(&project).unwrap();
    assert!(text.contains(&format!("schema: {SCHEMA},")));
    assert!(text.contains("rate: Some(\"30000/1001\")"));
    assert_eq!(store::from_bytes(text.as_bytes(), &path).unwrap(), project);
}

#[test]
fn a_newer_schema_is_refused() {
    let text = sample_text().replace(&format!("schema: {SCHEMA},"), "schema: 99,");
    let (_dir, path) = write_temp("future.ron", text.as_bytes());
    let err = store::load(&path).unwrap_err();
    assert!(matches!(err, StoreError::FutureSchema { found: 99, .. }), "{err:?}");
    let message = err.to_string();
    assert!(message.contains("future.ron") && message.contains("99") && message.contains("newer Découpage"));
    assert_eq!(err.exit_code(), 1);
}

#[test]
fn an_empty_file_is_refused() {
    for content in ["", "   \n\n", "// only a comment\n"] {
        let (_dir, path) = write_temp("empty.ron", content.as_bytes());
        let err = store::load(&path).unwrap_err();
        assert!(matches!(err, StoreError::Empty { .. }), "{err:?}");
        assert!(err.to_string().contains("empty.ron"));
    }
}

/// The line and column a parse error names.
fn position(err: &StoreError) -> (usize, usize) {
    match err {
        StoreError::Parse { line, col, .. } => (*line, *col),
        other => panic!("expected a parse error, got {other:?}"),
    }
}

#[test]
fn a_truncated_file_names_where_it_ends() {
    let text = sample_text();
    let cut = &text[..text.len() / 2];
    let (_dir, path) = write_temp("truncated.ron", cut.as_bytes());
    let err = store::load(&path).unwrap_err();
    let (line, _) = position(&err);
    assert!(err.to_string().starts_with(&format!("{}:", path.display())));
    // the error is at the end of what is left
    assert!(
        line + 2 >= cut.lines().count(),
        "line {line} of {}",
        cut.lines().count()
    );
}

#[test]
fn a_wrong_type_names_its_line() {
    let text = sample_text().replacen("year: Some(1993)", "year: Some(\"1993\")", 1);
    let expected_line = text.lines().position(|l| l.contains("year: Some(\"1993\")")).unwrap() + 1;
    let (_dir, path) = write_temp("wrong-type.ron", text.as_bytes());
    let err = store::load(&path).unwrap_err();
    assert_eq!(position(&err).0, expected_line, "{err}");
}

#[test]
fn a_zero_rate_is_refused_with_its_line() {
    let text = sample_text().replacen(
        "sound: \"sound (French voice-over)\",",
        "rate: Some(\"25/0\"),\n            sound: \"sound (French voice-over)\",",
        1,
    );
    let expected_line = text.lines().position(|l| l.contains("25/0")).unwrap() + 1;
    let (_dir, path) = write_temp("zero-rate.ron", text.as_bytes());
    let err = store::load(&path).unwrap_err();
    assert_eq!(position(&err).0, expected_line, "{err}");
    assert!(err.to_string().contains("greater than zero"), "{err}");
}

#[test]
fn an_unknown_field_is_named() {
    let text = sample_text().replacen(
        "kind: \"compilation documentary\",",
        "kind: \"compilation documentary\",\n            colour: \"sepia\",",
        1,
    );
    let expected_line = text.lines().position(|l| l.contains("colour")).unwrap() + 1;
    let (_dir, path) = write_temp("unknown-field.ron", text.as_bytes());
    let err = store::load(&path).unwrap_err();
    assert_eq!(position(&err).0, expected_line, "{err}");
    assert!(err.to_string().contains("colour"), "{err}");
}

#[test]
fn non_utf8_bytes_are_located() {
    let mut bytes = sample_text().into_bytes();
    let at = sample_text().find("Le journal").unwrap();
    bytes[at + 1] = 0xE9; // a Latin-1 'é' on its own
    let line = sample_text()[..at].matches('\n').count() + 1;
    let col = sample_text()[..at].rsplit('\n').next().unwrap().chars().count() + 2;
    let (_dir, path) = write_temp("latin1.ron", &bytes);
    let err = store::load(&path).unwrap_err();
    match &err {
        StoreError::NotUtf8 {
            line: l, col: c, byte, ..
        } => {
            assert_eq!((*l, *c, *byte), (line, col, 0xE9));
        }
        other => panic!("{other:?}"),
    }
    assert!(err.to_string().contains("not UTF-8"));
}

#[test]
fn a_directory_is_not_a_project() {
    let dir = tempfile::tempdir().unwrap();
    let err = store::load(dir.path()).unwrap_err();
    assert!(matches!(err, StoreError::IsDirectory { .. }));
    assert_eq!(err.exit_code(), 2);
    let missing = store::load(&dir.path().join("missing.ron")).unwrap_err();
    assert!(matches!(missing, StoreError::Io { .. }));
    assert!(missing.to_string().contains("missing.ron"));
    assert_eq!(missing.exit_code(), 2);
}

#[test]
fn duplicate_ids_and_dangling_footage_are_reported_with_their_place() {
    let text = sample_text()
        .replacen("id: \"archives-57\"", "id: \"journal-1935\"", 1)
        .replacen("footage: \"spectator-beard\"", "footage: \"spectator-ghost\"", 1);
    let (_dir, path) = write_temp("dup.ron", text.as_bytes());
    let project = store::load(&path).unwrap();
    let problems: Vec<String> = validate(&project).iter().map(|p| p.to_string()).collect();
    assert!(
        problems.contains(&"film 'journal-1935', id: this id is used by more than one film".to_string()),
        "{problems:?}"
    );
    assert!(
        problems
            .contains(&"film 'journal-1935', shot 4, footage: footage 'spectator-ghost' does not exist".to_string()),
        "{problems:?}"
    );
}

#[test]
fn save_is_atomic_and_keeps_a_backup() {
    let mut project = store::load(&sample_path()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("work.ron");
    store::save(&project, &path).unwrap();
    assert!(!store::backup_path(&path).exists(), "nothing to back up the first time");
    let first = fs::read(&path).unwrap();
    project.title = "Changed".into();
    store::save(&project, &path).unwrap();
    assert_eq!(fs::read(store::backup_path(&path)).unwrap(), first);
    assert_eq!(store::load(&path).unwrap().title, "Changed");
    // no temporary file is left beside it
    let names: Vec<String> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
}

/// A place where nobody, not even root, can create a file.
fn unwritable_dir() -> (Option<tempfile::TempDir>, PathBuf) {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o555)).unwrap();
    if fs::write(dir.path().join("probe"), b"x").is_err() {
        let path = dir.path().to_path_buf();
        return (Some(dir), path);
    }
    // Root ignores permissions: /proc takes no new files from anyone.
    let _ = fs::remove_file(dir.path().join("probe"));
    fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o755)).unwrap();
    (None, PathBuf::from("/proc"))
}

#[test]
fn saving_into_a_read_only_directory_fails_cleanly() {
    let project = store::load(&sample_path()).unwrap();
    let (_guard, dir) = unwritable_dir();
    let target = dir.join("project.ron");
    let err = store::save(&project, &target).unwrap_err();
    assert!(matches!(err, StoreError::Io { .. }), "{err:?}");
    assert!(err.to_string().contains("project.ron"), "{err}");
    assert_eq!(err.exit_code(), 2);
    assert!(!target.exists());
    if let Some(guard) = _guard {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(guard.path(), fs::Permissions::from_mode(0o755)).unwrap();
    }
}

#[test]
fn an_existing_file_is_unchanged_when_saving_fails() {
    // A target that is a directory cannot be replaced; whatever is there stays.
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("project.ron");
    fs::create_dir(&target).unwrap();
    fs::write(target.join("keep.txt"), b"keep").unwrap();
    let project = store::load(&sample_path()).unwrap();
    let err = store::save(&project, &target).unwrap_err();
    assert!(matches!(err, StoreError::IsDirectory { .. }));
    assert_eq!(fs::read(target.join("keep.txt")).unwrap(), b"keep");
}

#[test]
fn an_autosave_newer_than_the_project_is_found() {
    let mut project = store::load(&sample_path()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.ron");
    store::save(&project, &path).unwrap();
    assert_eq!(store::newer_autosave(&path), None);
    project.title = "Unsaved work".into();
    let auto = store::write_autosave(&project, &path).unwrap();
    assert_eq!(auto, dir.path().join("p.ron.autosave"));
    // make the project file clearly older than the autosave
    let old = std::time::SystemTime::now() - std::time::Duration::from_secs(60);
    fs::File::options()
        .write(true)
        .open(&path)
        .unwrap()
        .set_modified(old)
        .unwrap();
    assert_eq!(store::newer_autosave(&path), Some(auto.clone()));
    assert_eq!(store::load(&auto).unwrap().title, "Unsaved work");
    // once saved, the autosave is older and no longer offered
    store::save(&project, &path).unwrap();
    fs::File::options()
        .write(true)
        .open(&auto)
        .unwrap()
        .set_modified(old)
        .unwrap();
    assert_eq!(store::newer_autosave(&path), None);
    store::remove_autosave(&path);
    assert!(!auto.exists());
}

#[test]
fn a_media_file_inside_the_project_folder_is_stored_relative_and_one_outside_absolute() {
    let dir = tempfile::tempdir().unwrap();
    let project_dir = dir.path().join("project");
    std::fs::create_dir_all(project_dir.join("media")).unwrap();
    let inside = project_dir.join("media").join("reel 1.mp4");
    std::fs::write(&inside, b"x").unwrap();
    let outside = dir.path().join("elsewhere.mp4");
    std::fs::write(&outside, b"x").unwrap();
    assert_eq!(
        decoupage::store::stored_media_path(&project_dir, &inside),
        std::path::PathBuf::from("media/reel 1.mp4")
    );
    let stored = decoupage::store::stored_media_path(&project_dir, &outside);
    assert!(stored.is_absolute(), "{}", stored.display());
    assert!(stored.ends_with("elsewhere.mp4"));
}
