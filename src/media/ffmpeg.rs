//! Any other film through `ffprobe` and `ffmpeg` found on PATH: slower
//! than the in-process decoder (a process per frame), but it reads what
//! ffmpeg reads. Without them, a message says what to install.

use std::path::Path;
use std::process::Command;

use super::{MediaError, MediaInfo, Picture, Video};
use crate::model::FrameRate;

pub struct FfmpegVideo {
    info: MediaInfo,
}

/// Whether `tool` answers on PATH.
pub fn available(tool: &str) -> bool {
    Command::new(tool)
        .arg("-version")
        .output()
        .is_ok_and(|o| o.status.success())
}

impl FfmpegVideo {
    /// `why` says why the in-process decoder does not read the file.
    pub fn open(path: &Path, why: &str) -> Result<Self, MediaError> {
        if !available("ffprobe") || !available("ffmpeg") {
            return Err(MediaError::NoFfmpeg {
                path: path.to_path_buf(),
                what: format!("this file ({why})"),
            });
        }
        let out = Command::new("ffprobe")
            .args(["-v", "error", "-select_streams", "v:0", "-count_packets"])
            .args([
                "-show_entries",
                "stream=codec_name,width,height,avg_frame_rate,r_frame_rate,nb_read_packets",
            ])
            .args(["-of", "default=noprint_wrappers=1"])
            .arg(path)
            .output()
            .map_err(|e| MediaError::open(path, format!("ffprobe did not run: {e}")))?;
        if !out.status.success() {
            let err = String::from_utf8_lossy(&out.stderr);
            return Err(MediaError::open(
                path,
                format!("ffmpeg cannot read it either: {}", err.trim()),
            ));
        }
        let text = String::from_utf8_lossy(&out.stdout);
        let field = |key: &str| {
            text.lines()
                .find_map(|l| l.strip_prefix(key)?.strip_prefix('='))
                .map(str::trim)
                .filter(|v| !v.is_empty() && *v != "N/A")
        };
        let codec = field("codec_name").unwrap_or("unknown codec").to_string();
        let number = |key: &str| field(key).and_then(|v| v.parse::<u32>().ok());
        let (Some(width), Some(height), Some(frames)) = (number("width"), number("height"), number("nb_read_packets"))
        else {
            return Err(MediaError::open(path, "ffprobe found no video stream in it"));
        };
        let rate = field("avg_frame_rate")
            .and_then(|r| r.parse::<FrameRate>().ok())
            .or_else(|| field("r_frame_rate").and_then(|r| r.parse::<FrameRate>().ok()))
            .ok_or_else(|| MediaError::open(path, "ffprobe gives no frame rate for it"))?;
        Ok(FfmpegVideo {
            info: MediaInfo {
                path: path.to_path_buf(),
                frames: frames as usize,
                rate,
                width,
                height,
                decoder: format!("ffmpeg ({codec})"),
            },
        })
    }
}

/// Frame `n` of `path` as ffmpeg decodes it, in `pix_fmt` (rgb24,
/// yuv420p …), raw: what the tests compare the in-process decoder with.
pub fn ffmpeg_frame(path: &Path, n: usize, pix_fmt: &str) -> Result<Vec<u8>, MediaError> {
    let out = Command::new("ffmpeg")
        .args(["-v", "error", "-nostdin", "-i"])
        .arg(path)
        .args(["-vf", &format!("select=eq(n\\,{n})"), "-vsync", "0", "-frames:v", "1"])
        .args(["-f", "rawvideo", "-pix_fmt", pix_fmt, "-"])
        .output()
        .map_err(|e| MediaError::frame(path, n, format!("ffmpeg did not run: {e}")))?;
    if !out.status.success() || out.stdout.is_empty() {
        return Err(MediaError::frame(
            path,
            n,
            format!(
                "ffmpeg gave no picture: {}",
                String::from_utf8_lossy(&out.stderr).trim()
            ),
        ));
    }
    Ok(out.stdout)
}

impl Video for FfmpegVideo {
    fn info(&self) -> &MediaInfo {
        &self.info
    }

    fn frame(&mut self, n: usize) -> Result<Picture, MediaError> {
        if n >= self.info.frames {
            return Err(MediaError::PastEnd {
                path: self.info.path.clone(),
                frame: n,
                frames: self.info.frames,
            });
        }
        let rgb = ffmpeg_frame(&self.info.path, n, "rgb24")?;
        let expected = self.info.width as usize * self.info.height as usize * 3;
        if rgb.len() != expected {
            return Err(MediaError::frame(
                &self.info.path,
                n,
                format!(
                    "ffmpeg gave {} bytes, not the {expected} of a {}×{} picture",
                    rgb.len(),
                    self.info.width,
                    self.info.height
                ),
            ));
        }
        Ok(Picture {
            width: self.info.width,
            height: self.info.height,
            rgb,
        })
    }
}
