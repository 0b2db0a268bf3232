//! A folder of numbered frames (PNG, JPEG, TIFF), as archives deliver
//! scans: frame N is the N-th file by its number. A gap in the numbering is
//! a missing frame, said with its number, not silently skipped.

use std::path::{Path, PathBuf};

use super::{MediaError, MediaInfo, Picture, Video};
use crate::model::FrameRate;

const EXTENSIONS: [&str; 5] = ["png", "jpg", "jpeg", "tif", "tiff"];

pub struct ImageSequence {
    info: MediaInfo,
    files: Vec<PathBuf>,
}

/// The number at the end of a file's stem (`scan_000123.png` → 123).
fn frame_number(path: &Path) -> Option<u64> {
    let stem = path.file_stem()?.to_str()?;
    stem[stem.trim_end_matches(|c: char| c.is_ascii_digit()).len()..]
        .parse()
        .ok()
}

impl ImageSequence {
    pub fn open(dir: &Path, rate: FrameRate) -> Result<Self, MediaError> {
        let entries = std::fs::read_dir(dir).map_err(|e| MediaError::open(dir, e.to_string()))?;
        let mut numbered: Vec<(u64, PathBuf)> = Vec::new();
        for entry in entries {
            let path = entry.map_err(|e| MediaError::open(dir, e.to_string()))?.path();
            let image = path
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()));
            if image && let Some(n) = frame_number(&path) {
                numbered.push((n, path));
            }
        }
        if numbered.is_empty() {
            return Err(MediaError::open(
                dir,
                "no numbered image (PNG, JPEG, TIFF) in this folder",
            ));
        }
        numbered.sort();
        for pair in numbered.windows(2) {
            let ((a, pa), (b, pb)) = (&pair[0], &pair[1]);
            if a == b {
                return Err(MediaError::open(
                    dir,
                    format!("two files have the number {a}: {} and {}", name(pa), name(pb)),
                ));
            }
            if b - a > 1 {
                let missing = if b - a == 2 {
                    format!("frame number {} is missing", a + 1)
                } else {
                    format!("frame numbers {} to {} are missing", a + 1, b - 1)
                };
                return Err(MediaError::open(
                    dir,
                    format!("{missing} (between {} and {})", name(pa), name(pb)),
                ));
            }
        }
        let first = image::ImageReader::open(&numbered[0].1)
            .and_then(|r| r.with_guessed_format())
            .map_err(|e| MediaError::frame(&numbered[0].1, 0, e.to_string()))?
            .into_dimensions()
            .map_err(|e| MediaError::frame(&numbered[0].1, 0, e.to_string()))?;
        let kind = numbered[0]
            .1
            .extension()
            .map_or(String::new(), |e| e.to_string_lossy().to_uppercase());
        Ok(ImageSequence {
            info: MediaInfo {
                path: dir.to_path_buf(),
                frames: numbered.len(),
                rate,
                width: first.0,
                height: first.1,
                decoder: format!("{kind} sequence"),
            },
            files: numbered.into_iter().map(|(_, p)| p).collect(),
        })
    }
}

fn name(path: &Path) -> String {
    path.file_name()
        .map_or(String::new(), |n| n.to_string_lossy().into_owned())
}

impl Video for ImageSequence {
    fn info(&self) -> &MediaInfo {
        &self.info
    }

    fn frame(&mut self, n: usize) -> Result<Picture, MediaError> {
        let file = self.files.get(n).ok_or_else(|| MediaError::PastEnd {
            path: self.info.path.clone(),
            frame: n,
            frames: self.files.len(),
        })?;
        let image = image::ImageReader::open(file)
            .and_then(|r| r.with_guessed_format())
            .map_err(|e| MediaError::frame(file, n, e.to_string()))?
            .decode()
            .map_err(|e| MediaError::frame(file, n, e.to_string()))?
            .to_rgb8();
        Ok(Picture {
            width: image.width(),
            height: image.height(),
            rgb: image.into_raw(),
        })
    }
}
