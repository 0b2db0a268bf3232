//! The film itself: frames decoded exactly, frame N as frame N. MP4 and MOV
//! with H.264 are decoded in-process (an MP4 demuxer and OpenH264: nothing
//! to install); a folder of numbered images is read as a film at the rate
//! the user gives; anything else goes through `ffmpeg` found on PATH, with
//! a message saying what to install when there is none. No egui.

mod ffmpeg;
mod h264;
mod player;
mod sequence;

use std::path::{Path, PathBuf};

use crate::model::{Film, FrameRate};

pub use ffmpeg::{FfmpegVideo, available as ffmpeg_available, ffmpeg_frame};
pub use h264::{Mp4Video, Planes, Yuv};
pub use player::{DEFAULT_CACHE_BYTES, FrameServer};
pub use sequence::ImageSequence;

/// What a film's media is.
#[derive(Clone, Debug, PartialEq)]
pub struct MediaInfo {
    pub path: PathBuf,
    /// Frames in the film, in presentation order.
    pub frames: usize,
    pub rate: FrameRate,
    pub width: u32,
    pub height: u32,
    /// How it is read: "H.264 (in-process)", "PNG sequence", "ffmpeg: vp9" …
    pub decoder: String,
}

/// One decoded frame, as 8-bit RGB rows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Picture {
    pub width: u32,
    pub height: u32,
    pub rgb: Vec<u8>,
}

impl Picture {
    /// The picture at most `max_width` pixels wide, its proportions kept
    /// (itself when it is narrower).
    pub fn downscaled(&self, max_width: u32) -> Picture {
        if self.width <= max_width || self.width == 0 {
            return self.clone();
        }
        let height = ((self.height as u64 * max_width as u64) / self.width as u64).max(1) as u32;
        let Some(buffer) = image::RgbImage::from_raw(self.width, self.height, self.rgb.clone()) else {
            return self.clone();
        };
        let small = image::imageops::thumbnail(&buffer, max_width, height);
        Picture {
            width: small.width(),
            height: small.height(),
            rgb: small.into_raw(),
        }
    }

    /// Writes the picture as a PNG file.
    pub fn write_png(&self, path: &Path) -> Result<(), MediaError> {
        let io = |e: std::io::Error| MediaError::Write {
            path: path.to_path_buf(),
            message: e.to_string(),
        };
        let file = std::fs::File::create(path).map_err(io)?;
        let mut encoder = png::Encoder::new(std::io::BufWriter::new(file), self.width, self.height);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        let enc = |e: png::EncodingError| MediaError::Write {
            path: path.to_path_buf(),
            message: e.to_string(),
        };
        let mut writer = encoder.write_header().map_err(enc)?;
        writer.write_image_data(&self.rgb).map_err(enc)?;
        writer.finish().map_err(enc)
    }
}

/// Why a film's media could not be read. Every message names the file,
/// and the frame where one is involved.
#[derive(Debug, thiserror::Error)]
pub enum MediaError {
    #[error("{}: {message}", path.display())]
    Open { path: PathBuf, message: String },
    #[error("{}: frame {frame}: {message}", path.display())]
    Frame {
        path: PathBuf,
        frame: usize,
        message: String,
    },
    #[error("{}: frame {frame} is past the end of the film ({frames} frames, 0 to {})", path.display(), frames.saturating_sub(1))]
    PastEnd { path: PathBuf, frame: usize, frames: usize },
    #[error(
        "{}: {what} cannot be decoded in-process and there is no ffmpeg on PATH: install ffmpeg (Debian: apt-get install ffmpeg) to read it",
        path.display()
    )]
    NoFfmpeg { path: PathBuf, what: String },
    #[error("{}: cannot write it: {message}", path.display())]
    Write { path: PathBuf, message: String },
}

impl MediaError {
    pub(crate) fn open(path: &Path, message: impl Into<String>) -> Self {
        MediaError::Open {
            path: path.to_path_buf(),
            message: message.into(),
        }
    }

    pub(crate) fn frame(path: &Path, frame: usize, message: impl Into<String>) -> Self {
        MediaError::Frame {
            path: path.to_path_buf(),
            frame,
            message: message.into(),
        }
    }
}

/// A film whose frames can be asked for in any order.
pub trait Video: Send {
    fn info(&self) -> &MediaInfo;
    /// Frame `n` (0-based, presentation order).
    fn frame(&mut self, n: usize) -> Result<Picture, MediaError>;
    /// Bytes the reader keeps between calls (decoded pictures kept for
    /// stepping), which a viewer's memory bound counts.
    fn held_bytes(&self) -> usize {
        0
    }
    /// The most bytes the reader may keep between calls (a viewer gives
    /// part of its bound); readers that keep nothing ignore it.
    fn set_memory_budget(&mut self, _bytes: usize) {}
}

/// Opens a film: an MP4/MOV with H.264 in-process, a folder of numbered
/// images (at `rate`, which a folder cannot tell), or anything else
/// through ffmpeg.
pub fn open(path: &Path, rate: Option<FrameRate>) -> Result<Box<dyn Video>, MediaError> {
    if path.is_dir() {
        let rate = rate.ok_or_else(|| {
            MediaError::open(
                path,
                "a folder of images has no frame rate: give one (--rate 24, 18, 16 …)",
            )
        })?;
        return Ok(Box::new(ImageSequence::open(path, rate)?));
    }
    if !path.exists() {
        return Err(MediaError::open(
            path,
            "no such file (moved or renamed? relink the film to its media)",
        ));
    }
    match Mp4Video::open(path) {
        Ok(video) => Ok(Box::new(video)),
        Err(h264::Mp4Open::NotMp4(why)) | Err(h264::Mp4Open::NotH264(why)) => {
            // Another container or codec: ffmpeg, if there is one.
            FfmpegVideo::open(path, &why).map(|v| Box::new(v) as Box<dyn Video>)
        }
        Err(h264::Mp4Open::Broken(e)) => Err(e),
    }
}

/// The media file of a film: its path as the project stores it, from
/// the project's folder when it is relative.
pub fn media_path(film: &Film, project_dir: Option<&Path>) -> Option<PathBuf> {
    let media = Path::new(film.media.as_deref()?);
    Some(match project_dir {
        Some(dir) if media.is_relative() => dir.join(media),
        _ => media.to_path_buf(),
    })
}

/// The frame rate that `timescale` units per frame of `duration` units
/// make, exactly (30000/1001, 25/1 …).
pub fn rate_from_timescale(timescale: u32, duration: u32) -> Option<FrameRate> {
    // FrameRate::new puts the fraction in lowest terms and refuses zeros.
    FrameRate::new(timescale, duration).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_from_timescales_are_exact() {
        assert_eq!(rate_from_timescale(30000, 1001), FrameRate::new(30000, 1001).ok());
        assert_eq!(rate_from_timescale(12800, 512), FrameRate::new(25, 1).ok());
        assert_eq!(rate_from_timescale(90000, 3750), FrameRate::new(24, 1).ok());
        assert_eq!(rate_from_timescale(0, 1), None);
        assert_eq!(rate_from_timescale(25, 0), None);
    }
}
