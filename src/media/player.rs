//! Frames for a viewer: a worker thread owns the decoder and decodes the
//! frames asked for, newest request first; the pictures go into a cache
//! bounded in bytes, which the window reads without ever waiting on the
//! decoder. The bound counts the cache and what the decoder itself holds
//! (the group of pictures it keeps for stepping), so that a two-hour film
//! played end to end stays within it.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, Sender, TryRecvError};
use std::sync::{Arc, Mutex, MutexGuard};

use super::{MediaInfo, Picture, Video, open};
use crate::model::FrameRate;

/// The default bound of a viewer's memory for frames.
pub const DEFAULT_CACHE_BYTES: usize = 512 * 1024 * 1024;

/// What the worker was asked for last: frames in the order wanted.
struct Want(Vec<usize>);

#[derive(Default)]
struct Cache {
    frames: HashMap<usize, (Arc<Picture>, u64)>,
    errors: HashMap<usize, String>,
    /// Bytes of the pictures in `frames`.
    bytes: usize,
    /// What the decoder holds besides, as it last said.
    decoder_bytes: usize,
    /// The most bytes held at once (cache and decoder).
    peak: usize,
    tick: u64,
}

struct Shared {
    cache: Mutex<Cache>,
    /// The media once opened, or why it could not be.
    info: Mutex<Option<Result<MediaInfo, String>>>,
    bound: usize,
    /// Called when a frame or the media's description arrives (the window
    /// repaints).
    notify: Box<dyn Fn() + Send + Sync>,
}

impl Shared {
    fn cache(&self) -> MutexGuard<'_, Cache> {
        self.cache.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// A film's frames, decoded on a worker thread into a bounded cache.
pub struct FrameServer {
    shared: Arc<Shared>,
    wants: Sender<Want>,
    path: PathBuf,
}

fn picture_bytes(p: &Picture) -> usize {
    p.rgb.len() + std::mem::size_of::<Picture>()
}

impl FrameServer {
    /// Opens `path` on a worker (a folder of images at `rate`); `info`
    /// says when it is open. `bound` is the most bytes kept for frames.
    pub fn open(
        path: PathBuf,
        rate: Option<FrameRate>,
        bound: usize,
        notify: impl Fn() + Send + Sync + 'static,
    ) -> Self {
        let opener = {
            let path = path.clone();
            move || open(&path, rate).map_err(|e| e.to_string())
        };
        Self::start(path, Box::new(opener), bound, Box::new(notify))
    }

    /// A server on a video already open (tests, benchmarks).
    pub fn with_video(video: Box<dyn Video>, bound: usize, notify: impl Fn() + Send + Sync + 'static) -> Self {
        let path = video.info().path.clone();
        Self::start(path, Box::new(move || Ok(video)), bound, Box::new(notify))
    }

    #[allow(clippy::type_complexity)]
    fn start(
        path: PathBuf,
        opener: Box<dyn FnOnce() -> Result<Box<dyn Video>, String> + Send>,
        bound: usize,
        notify: Box<dyn Fn() + Send + Sync>,
    ) -> Self {
        let shared = Arc::new(Shared {
            cache: Mutex::new(Cache::default()),
            info: Mutex::new(None),
            bound,
            notify,
        });
        let (wants, inbox) = mpsc::channel();
        let worker = Arc::clone(&shared);
        std::thread::Builder::new()
            .name("frames".into())
            .spawn(move || serve(opener, inbox, &worker))
            .expect("a thread for decoding frames");
        FrameServer { shared, wants, path }
    }

    pub fn path(&self) -> &std::path::Path {
        &self.path
    }

    /// The media, once open; its error if it cannot be read.
    pub fn info(&self) -> Option<Result<MediaInfo, String>> {
        self.shared.info.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Frame `n` if it is decoded (it is then kept longer).
    pub fn get(&self, n: usize) -> Option<Arc<Picture>> {
        let mut cache = self.shared.cache();
        cache.tick += 1;
        let tick = cache.tick;
        let (picture, used) = cache.frames.get_mut(&n)?;
        *used = tick;
        Some(Arc::clone(picture))
    }

    /// Why frame `n` could not be decoded, if it could not.
    pub fn error(&self, n: usize) -> Option<String> {
        self.shared.cache().errors.get(&n).cloned()
    }

    /// Asks for `frames`, in that order; replaces what was asked before.
    pub fn want(&self, frames: Vec<usize>) {
        let _ = self.wants.send(Want(frames));
    }

    /// Bytes held now for frames: the cache and the decoder's own.
    pub fn held_bytes(&self) -> usize {
        let cache = self.shared.cache();
        cache.bytes + cache.decoder_bytes
    }

    /// The most bytes held at once since the server started.
    pub fn peak_bytes(&self) -> usize {
        self.shared.cache().peak
    }

    pub fn bound(&self) -> usize {
        self.shared.bound
    }

    /// Frames in the cache now.
    pub fn cached_frames(&self) -> usize {
        self.shared.cache().frames.len()
    }
}

/// The worker: opens the media, then decodes what is wanted, always the
/// newest request, until the window lets the server go.
fn serve(opener: Box<dyn FnOnce() -> Result<Box<dyn Video>, String> + Send>, inbox: Receiver<Want>, shared: &Shared) {
    let opened = opener();
    let mut video = match opened {
        Ok(mut video) => {
            // The decoder's kept pictures count in the bound: half of it.
            video.set_memory_budget(shared.bound / 2);
            *shared.info.lock().unwrap_or_else(|e| e.into_inner()) = Some(Ok(video.info().clone()));
            (shared.notify)();
            video
        }
        Err(e) => {
            *shared.info.lock().unwrap_or_else(|e| e.into_inner()) = Some(Err(e));
            (shared.notify)();
            return;
        }
    };
    let mut pending: Option<Want> = None;
    loop {
        let mut want = match pending.take() {
            Some(w) => w,
            None => match inbox.recv() {
                Ok(w) => w,
                Err(_) => return,
            },
        };
        // Only the newest request counts.
        loop {
            match inbox.try_recv() {
                Ok(newer) => want = newer,
                Err(TryRecvError::Empty) => break,
                Err(TryRecvError::Disconnected) => return,
            }
        }
        for &n in &want.0 {
            {
                let cache = shared.cache();
                if cache.frames.contains_key(&n) || cache.errors.contains_key(&n) {
                    continue;
                }
            }
            let decoded = video.frame(n);
            let held_by_decoder = video.held_bytes();
            let mut cache = shared.cache();
            cache.decoder_bytes = held_by_decoder;
            match decoded {
                Ok(picture) => {
                    let size = picture_bytes(&picture);
                    cache.tick += 1;
                    let tick = cache.tick;
                    cache.frames.insert(n, (Arc::new(picture), tick));
                    cache.bytes += size;
                    evict(&mut cache, shared.bound, n);
                }
                Err(e) => {
                    cache.errors.insert(n, e.to_string());
                }
            }
            let held = cache.bytes + cache.decoder_bytes;
            cache.peak = cache.peak.max(held);
            drop(cache);
            (shared.notify)();
            // A newer request stops this one.
            match inbox.try_recv() {
                Ok(newer) => {
                    pending = Some(newer);
                    break;
                }
                Err(TryRecvError::Empty) => {}
                Err(TryRecvError::Disconnected) => return,
            }
        }
    }
}

/// Drops the frames used least recently until the cache and the decoder
/// together fit in `bound`. The frame just decoded always stays (a bound
/// smaller than the decoder's group and one frame is overrun by that
/// frame, rather than decoding it again and again).
fn evict(cache: &mut Cache, bound: usize, keep: usize) {
    while cache.bytes + cache.decoder_bytes > bound && cache.frames.len() > 1 {
        let Some((&oldest, _)) = cache
            .frames
            .iter()
            .filter(|(n, _)| **n != keep)
            .min_by_key(|(_, (_, used))| *used)
        else {
            break;
        };
        if let Some((picture, _)) = cache.frames.remove(&oldest) {
            cache.bytes -= picture_bytes(&picture);
        }
    }
}
