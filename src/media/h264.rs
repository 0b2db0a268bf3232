//! MP4 and MOV with H.264, decoded in-process: the `mp4` crate reads the
//! samples, OpenH264 decodes them. Frame N is the N-th picture in
//! presentation order (samples sorted by their composition time). To show
//! frame N the decoder starts at the last sync sample at or before it and
//! runs forward; the pictures of that group are kept, so that stepping a
//! frame back or forward inside it costs nothing.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::BufReader;
use std::ops::Range;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use openh264::OpenH264API;
use openh264::decoder::{DecodedYUV, Decoder, DecoderConfig, Flush};
use openh264::formats::YUVSource;

use super::{MediaError, MediaInfo, Picture, Video, rate_from_timescale};

/// Why a file is not read here.
pub(super) enum Mp4Open {
    /// Not an MP4/MOV at all: another container.
    NotMp4(String),
    /// An MP4 whose video is not H.264.
    NotH264(String),
    /// An MP4 with H.264 that is broken (truncated, no samples …).
    Broken(MediaError),
}

/// One video sample, in decode order.
#[derive(Clone, Copy, Debug)]
struct Sample {
    /// Composition time (decode time + offset), in the track's timescale.
    pts: i64,
    is_sync: bool,
}

/// A decoded picture in YUV 4:2:0, the planes without padding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Yuv {
    pub width: u32,
    pub height: u32,
    pub y: Vec<u8>,
    pub u: Vec<u8>,
    pub v: Vec<u8>,
}

/// A decoded picture's planes where the decoder holds them, borrowed,
/// rows `stride` bytes apart: what decoding a whole film hands on, with no
/// copy (at 720p a copy is 1.4 MB a frame, most of it fresh pages).
#[derive(Clone, Copy, Debug)]
pub struct Planes<'a> {
    pub width: u32,
    pub height: u32,
    pub y: &'a [u8],
    pub u: &'a [u8],
    pub v: &'a [u8],
    /// Bytes from one row to the next: luma, then both chroma planes.
    pub strides: (usize, usize, usize),
}

impl<'a> Planes<'a> {
    fn from_decoded(d: &'a DecodedYUV<'_>) -> Self {
        let (w, h) = d.dimensions();
        Planes {
            width: w as u32,
            height: h as u32,
            y: d.y(),
            u: d.u(),
            v: d.v(),
            strides: d.strides(),
        }
    }

    /// The picture, its planes copied without padding.
    pub fn to_yuv(&self) -> Yuv {
        let (w, h) = (self.width as usize, self.height as usize);
        let plane = |data: &[u8], stride: usize, width: usize, height: usize| {
            let mut out = Vec::with_capacity(width * height);
            for row in 0..height {
                out.extend_from_slice(&data[row * stride..row * stride + width]);
            }
            out
        };
        let (cw, ch) = (w.div_ceil(2), h.div_ceil(2));
        let (sy, su, sv) = self.strides;
        Yuv {
            width: self.width,
            height: self.height,
            y: plane(self.y, sy, w, h),
            u: plane(self.u, su, cw, ch),
            v: plane(self.v, sv, cw, ch),
        }
    }
}

impl Yuv {
    fn from_decoded(d: &DecodedYUV<'_>) -> Self {
        Planes::from_decoded(d).to_yuv()
    }

    /// The planes, borrowed (rows without padding).
    pub fn planes(&self) -> Planes<'_> {
        let cw = (self.width as usize).div_ceil(2);
        Planes {
            width: self.width,
            height: self.height,
            y: &self.y,
            u: &self.u,
            v: &self.v,
            strides: (self.width as usize, cw, cw),
        }
    }

    /// RGB by the BT.601 limited-range matrix (what H.264 films of this
    /// kind mean unless they say otherwise), in integer arithmetic.
    pub fn to_rgb(&self) -> Picture {
        let (w, h) = (self.width as usize, self.height as usize);
        let cw = w.div_ceil(2);
        let mut rgb = Vec::with_capacity(w * h * 3);
        for row in 0..h {
            for col in 0..w {
                let y = self.y[row * w + col] as i32 - 16;
                let u = self.u[(row / 2) * cw + col / 2] as i32 - 128;
                let v = self.v[(row / 2) * cw + col / 2] as i32 - 128;
                let c = 298 * y + 128;
                let clamp = |x: i32| (x >> 8).clamp(0, 255) as u8;
                rgb.push(clamp(c + 409 * v));
                rgb.push(clamp(c - 100 * u - 208 * v));
                rgb.push(clamp(c + 516 * u));
            }
        }
        Picture {
            width: self.width,
            height: self.height,
            rgb,
        }
    }
}

/// The most bytes of a group of pictures kept for stepping, unless told
/// otherwise: a long group at 1080p (300 frames of 3.1 MB) would be 0.9 GB.
pub const DEFAULT_KEEP_BYTES: usize = 256 * 1024 * 1024;

pub struct Mp4Video {
    info: MediaInfo,
    reader: ::mp4::Mp4Reader<BufReader<File>>,
    track: u32,
    /// Length field size of the samples' NAL units (1, 2 or 4).
    nal_length: usize,
    /// SPS and PPS in Annex B form, given to the decoder at each start.
    headers: Vec<u8>,
    samples: Vec<Sample>,
    /// Frame index → sample index (decode order).
    sample_of_frame: Vec<usize>,
    /// Sample index → frame index.
    frame_of_sample: Vec<usize>,
    /// The pictures of the group last decoded, by frame.
    group: BTreeMap<usize, Yuv>,
    /// The most bytes of decoded pictures kept between calls.
    keep_bytes: usize,
}

fn path_error(path: &Path, e: impl std::fmt::Display) -> MediaError {
    MediaError::open(path, e.to_string())
}

impl Mp4Video {
    pub(super) fn open(path: &Path) -> Result<Self, Mp4Open> {
        let file = File::open(path).map_err(|e| Mp4Open::Broken(path_error(path, e)))?;
        let size = file.metadata().map_err(|e| Mp4Open::Broken(path_error(path, e)))?.len();
        if size == 0 {
            return Err(Mp4Open::Broken(MediaError::open(path, "the file is empty")));
        }
        let mut head = [0u8; 12];
        {
            use std::io::Read;
            let mut f = File::open(path).map_err(|e| Mp4Open::Broken(path_error(path, e)))?;
            let n = f.read(&mut head).map_err(|e| Mp4Open::Broken(path_error(path, e)))?;
            // An ISO media file starts with a box: size, then a type such as ftyp.
            let known = [b"ftyp", b"moov", b"mdat", b"wide", b"free", b"skip"];
            if n < 8 || !known.iter().any(|t| &head[4..8] == *t) {
                return Err(Mp4Open::NotMp4("it is not an MP4 or MOV file".into()));
            }
        }
        let reader = ::mp4::Mp4Reader::read_header(BufReader::new(file), size).map_err(|e| {
            Mp4Open::Broken(MediaError::open(
                path,
                format!("not a readable MP4 (truncated or damaged?): {e}"),
            ))
        })?;
        let video = reader
            .tracks()
            .values()
            .filter(|t| matches!(t.track_type(), Ok(::mp4::TrackType::Video)))
            .min_by_key(|t| t.track_id())
            .ok_or_else(|| Mp4Open::Broken(MediaError::open(path, "the file has no video track")))?;
        let avc = video.trak.mdia.minf.stbl.stsd.avc1.as_ref().ok_or_else(|| {
            let codec = video
                .box_type()
                .map_or("an unknown codec".to_string(), |b| b.to_string());
            Mp4Open::NotH264(format!("its video is {codec}, not H.264"))
        })?;
        let nal_length = avc.avcc.length_size_minus_one as usize + 1;
        let mut headers = Vec::new();
        for nal in avc
            .avcc
            .sequence_parameter_sets
            .iter()
            .chain(&avc.avcc.picture_parameter_sets)
        {
            headers.extend_from_slice(&[0, 0, 0, 1]);
            headers.extend_from_slice(&nal.bytes);
        }
        let track = video.track_id();
        let (width, height) = (video.width() as u32, video.height() as u32);
        let timescale = video.timescale();
        let count = video.sample_count() as usize;
        if count == 0 {
            return Err(Mp4Open::Broken(MediaError::open(path, "the video track has no frames")));
        }
        let mut info = MediaInfo {
            path: path.to_path_buf(),
            frames: count,
            rate: crate::model::FrameRate::FPS_24,
            width,
            height,
            decoder: "H.264, in-process (OpenH264)".into(),
        };
        let mut me = Mp4Video {
            info: info.clone(),
            reader,
            track,
            nal_length,
            headers,
            samples: Vec::with_capacity(count),
            sample_of_frame: Vec::new(),
            frame_of_sample: Vec::new(),
            group: BTreeMap::new(),
            keep_bytes: DEFAULT_KEEP_BYTES,
        };
        // The sample table: times and sync flags, from the track's tables
        // (stts, ctts, stss), without reading any sample: opening a long
        // film does not read the film.
        let stbl = &me
            .reader
            .tracks()
            .get(&track)
            .expect("the track just found")
            .trak
            .mdia
            .minf
            .stbl;
        let mut durations: BTreeMap<u32, usize> = BTreeMap::new();
        let mut decode_time: i64 = 0;
        for entry in &stbl.stts.entries {
            *durations.entry(entry.sample_delta).or_default() += entry.sample_count as usize;
            for _ in 0..entry.sample_count {
                if me.samples.len() == count {
                    break;
                }
                me.samples.push(Sample {
                    pts: decode_time,
                    is_sync: stbl.stss.is_none(),
                });
                decode_time += entry.sample_delta as i64;
            }
        }
        if me.samples.len() != count {
            return Err(Mp4Open::Broken(MediaError::open(
                path,
                format!(
                    "its time table lists {} samples, not the {count} of the track (damaged file?)",
                    me.samples.len()
                ),
            )));
        }
        if let Some(ctts) = &stbl.ctts {
            let offsets = ctts
                .entries
                .iter()
                .flat_map(|e| std::iter::repeat_n(e.sample_offset as i64, e.sample_count as usize));
            for (sample, offset) in me.samples.iter_mut().zip(offsets) {
                sample.pts += offset;
            }
        }
        if let Some(stss) = &stbl.stss {
            for &n in &stss.entries {
                if let Some(sample) = (n as usize).checked_sub(1).and_then(|i| me.samples.get_mut(i)) {
                    sample.is_sync = true;
                }
            }
        }
        // The rate from the timescale and the most common sample duration
        // (mp4's frame_rate() is rounded).
        let duration = durations.iter().max_by_key(|(_, n)| **n).map_or(0, |(d, _)| *d);
        info.rate = rate_from_timescale(timescale, duration)
            .ok_or_else(|| Mp4Open::Broken(MediaError::open(path, "the video track has no frame duration")))?;
        let mut order: Vec<usize> = (0..count).collect();
        order.sort_by_key(|&i| (me.samples[i].pts, i));
        me.frame_of_sample = vec![0; count];
        for (frame, &sample) in order.iter().enumerate() {
            me.frame_of_sample[sample] = frame;
        }
        me.sample_of_frame = order;
        me.info = info;
        Ok(me)
    }

    /// Opens an MP4/MOV with H.264, or says why not (the file, and what).
    pub fn open_file(path: &Path) -> Result<Self, MediaError> {
        Self::open(path).map_err(|e| match e {
            Mp4Open::NotMp4(why) | Mp4Open::NotH264(why) => MediaError::open(path, why),
            Mp4Open::Broken(e) => e,
        })
    }

    /// The bytes of a sample with its NAL units in Annex B form.
    fn annex_b(&mut self, sample: usize) -> Result<Vec<u8>, MediaError> {
        let path = self.info.path.clone();
        let frame = self.frame_of_sample[sample];
        let s = self
            .reader
            .read_sample(self.track, sample as u32 + 1)
            .map_err(|e| MediaError::frame(&path, frame, format!("cannot read its sample: {e}")))?
            .ok_or_else(|| MediaError::frame(&path, frame, "its sample is missing (truncated file?)"))?;
        let bytes = &s.bytes;
        let mut out = Vec::with_capacity(bytes.len() + 16);
        let mut at = 0;
        while at + self.nal_length <= bytes.len() {
            let mut len = 0usize;
            for &b in &bytes[at..at + self.nal_length] {
                len = (len << 8) | b as usize;
            }
            at += self.nal_length;
            if at + len > bytes.len() {
                return Err(MediaError::frame(
                    &path,
                    frame,
                    "a NAL unit runs past the end of its sample",
                ));
            }
            out.extend_from_slice(&[0, 0, 0, 1]);
            out.extend_from_slice(&bytes[at..at + len]);
            at += len;
        }
        Ok(out)
    }

    /// Decodes the group of pictures that holds frame `n` and keeps it.
    fn decode_group(&mut self, n: usize) -> Result<(), MediaError> {
        let target = self.sample_of_frame[n];
        // The last sync sample, in decode order, at or before the target,
        // whose frame is not after n (an open group's leading pictures).
        let start = (0..=target)
            .rev()
            .find(|&i| self.samples[i].is_sync && self.frame_of_sample[i] <= n)
            .unwrap_or(0);
        let end = (target + 1..self.samples.len())
            .find(|&i| self.samples[i].is_sync)
            .unwrap_or(self.samples.len());
        // The frames of the group kept for stepping: all of them, or, when
        // they would pass the memory budget, those nearest frame n.
        let frame_bytes = (self.info.width as usize * self.info.height as usize * 3 / 2).max(1);
        let half = (self.keep_bytes / frame_bytes / 2).max(1);
        let window = n.saturating_sub(half)..=n + half;
        let mut group = BTreeMap::new();
        self.decode_samples_into(start..end, &mut |frame, picture| {
            if window.contains(&frame) {
                group.insert(frame, Yuv::from_decoded(picture));
            }
        })?;
        if !group.contains_key(&n) {
            return Err(MediaError::frame(
                &self.info.path,
                n,
                "the decoder gave no picture for it",
            ));
        }
        self.group = group;
        Ok(())
    }

    /// Decodes the samples `range` (decode order, starting at a sync
    /// sample) with a decoder of their own, and gives each picture, with
    /// its frame, to `take` as it comes, in presentation order (nothing is
    /// kept here).
    fn decode_samples_into(
        &mut self,
        range: Range<usize>,
        take: &mut dyn FnMut(usize, &DecodedYUV<'_>),
    ) -> Result<(), MediaError> {
        let path = self.info.path.clone();
        let first_frame = self.frame_of_sample[range.start];
        let mut decoder = Decoder::with_api_config(
            OpenH264API::from_source(),
            DecoderConfig::new().flush_after_decode(Flush::NoFlush),
        )
        .map_err(|e| MediaError::frame(&path, first_frame, format!("the H.264 decoder could not start: {e}")))?;
        // Pictures come out in presentation order; the frames of these
        // samples, sorted, say which frame each one is.
        let mut frames: Vec<usize> = range.clone().map(|i| self.frame_of_sample[i]).collect();
        frames.sort_unstable();
        let mut next = frames.into_iter();
        let mut packet = self.headers.clone();
        for i in range {
            packet.extend(self.annex_b(i)?);
            let decoded = decoder.decode(&packet).map_err(|e| {
                MediaError::frame(&path, self.frame_of_sample[i], format!("H.264 decoding failed: {e}"))
            })?;
            packet.clear();
            if let Some(picture) = decoded
                && let Some(frame) = next.next()
            {
                take(frame, &picture);
            }
        }
        let rest = decoder.flush_remaining().map_err(|e| {
            MediaError::frame(
                &path,
                first_frame,
                format!("H.264 decoding failed at the end of the group: {e}"),
            )
        })?;
        for picture in rest {
            if let Some(frame) = next.next() {
                take(frame, &picture);
            }
        }
        Ok(())
    }

    /// The groups of pictures, as sample ranges in decode order, each
    /// from a sync sample to the next.
    pub fn groups(&self) -> Vec<Range<usize>> {
        let mut starts: Vec<usize> = (0..self.samples.len()).filter(|&i| self.samples[i].is_sync).collect();
        if starts.first() != Some(&0) {
            starts.insert(0, 0);
        }
        let mut ends: Vec<usize> = starts[1..].to_vec();
        ends.push(self.samples.len());
        starts.into_iter().zip(ends).map(|(a, b)| a..b).collect()
    }

    /// Decodes every frame of the film once, its groups of pictures spread
    /// over `threads` workers, each with its own reader and decoder, and
    /// gives each picture to `each` (from the workers, groups in no
    /// particular order, frames in order within a group). Returns how many
    /// frames were decoded.
    pub fn decode_all(path: &Path, threads: usize, each: impl Fn(usize, &Planes) + Sync) -> Result<usize, MediaError> {
        Self::decode_all_until(path, threads, &AtomicBool::new(false), each)
    }

    /// [`Mp4Video::decode_all`] that stops when `stop` is set: no group of
    /// pictures is started after that (the groups under way are finished).
    /// Returns how many frames were decoded.
    pub fn decode_all_until(
        path: &Path,
        threads: usize,
        stop: &AtomicBool,
        each: impl Fn(usize, &Planes) + Sync,
    ) -> Result<usize, MediaError> {
        let first = Self::open_file(path)?;
        let groups = first.groups();
        let next = AtomicUsize::new(0);
        let decoded = AtomicUsize::new(0);
        let threads = threads.clamp(1, groups.len().max(1));
        let work = |mut video: Mp4Video| -> Result<(), MediaError> {
            loop {
                if stop.load(Ordering::Relaxed) {
                    return Ok(());
                }
                let g = next.fetch_add(1, Ordering::Relaxed);
                let Some(range) = groups.get(g) else {
                    return Ok(());
                };
                // Each picture goes on as it comes: a long group at a high
                // resolution is never held whole.
                let mut count = 0;
                video.decode_samples_into(range.clone(), &mut |frame, picture| {
                    each(frame, &Planes::from_decoded(picture));
                    count += 1;
                })?;
                decoded.fetch_add(count, Ordering::Relaxed);
            }
        };
        std::thread::scope(|scope| {
            let workers: Vec<_> = (1..threads)
                .map(|_| {
                    let work = &work;
                    scope.spawn(move || work(Self::open_file(path)?))
                })
                .collect();
            let mine = work(first);
            workers
                .into_iter()
                .map(|w| {
                    w.join()
                        .unwrap_or_else(|_| Err(MediaError::open(path, "a decoding thread stopped")))
                })
                .chain([mine])
                .collect::<Result<Vec<()>, MediaError>>()
        })?;
        Ok(decoded.into_inner())
    }

    /// Frame `n` as the decoder gives it, in YUV.
    pub fn yuv(&mut self, n: usize) -> Result<&Yuv, MediaError> {
        if n >= self.info.frames {
            return Err(MediaError::PastEnd {
                path: self.info.path.clone(),
                frame: n,
                frames: self.info.frames,
            });
        }
        if !self.group.contains_key(&n) {
            self.decode_group(n)?;
        }
        Ok(&self.group[&n])
    }

    /// The frames of the group last decoded (first, last).
    pub fn group_span(&self) -> Option<(usize, usize)> {
        Some((*self.group.keys().next()?, *self.group.keys().next_back()?))
    }
}

impl Video for Mp4Video {
    fn info(&self) -> &MediaInfo {
        &self.info
    }

    fn frame(&mut self, n: usize) -> Result<Picture, MediaError> {
        self.yuv(n).map(Yuv::to_rgb)
    }

    fn set_memory_budget(&mut self, bytes: usize) {
        self.keep_bytes = bytes;
    }

    fn held_bytes(&self) -> usize {
        self.group
            .values()
            .map(|p| p.y.len() + p.u.len() + p.v.len() + std::mem::size_of::<Yuv>())
            .sum()
    }
}
