//! The cache, as ruff keeps one: `.translint_cache/` in the project root (the folder of the
//! config, else the current folder) holds the [`Summary`] of every file a run linted, so the
//! next run takes the summaries of files that did not change and reads only the others. The
//! corpus decision then runs over every summary, as it would over every text: the cache never
//! changes the output. `--no-cache` neither reads nor writes it.
//!
//! A file counts as unchanged when its size and modification time are those saved with its
//! summary. A file modified within [`RACY`] of the cache's own writing could have changed
//! again within the same timestamp, so it is read to compare its content's hash (git's "racily
//! clean" entries). Summaries are stored under a key of everything else they depend on: the
//! translint version and binary, the config, the rule and names files it names, the command
//! line's rule selection and the rules enabled. One file per key, one record per file linted
//! (a JSON header, then its summary in postcard's encoding: [`super::records`]); it is written
//! whole to a temporary file and renamed over the old one, so a reader never sees half of it.
//! A summary that does not read back (a corrupt or foreign entry) is a miss: the file is
//! linted again.
//!
//! Beside it, the last run's decision ([`write_part`]): every file's stamp and hash, the
//! corpus decision's findings and the lines of each file they show. A run over the same
//! unchanged files reads only that (in a compact binary encoding), neither the summaries nor
//! the files; a run with some files changed still shows the others' findings from the lines
//! kept. Each of its parts is checked by a hash: a damaged one is ignored.

use std::borrow::Cow;
use std::hash::{Hash, Hasher};
use std::io::{Read, Seek, SeekFrom, Write};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet, FxHasher};
use serde::{Deserialize, Serialize};
use tempfile::NamedTempFile;

use super::{Input, ReadOutcome, read_one};
use crate::config::Config;
use crate::diagnostic::{Diagnostic, Level};
use crate::document::{Document, FileId, Format, Kept, Layout, LineMap, Source};
use crate::engine::{self, Checked, Corpus, RuleSet};
use crate::render::Show;
use crate::summary::{self, Summary};

/// The cache folder's name, in the project root.
pub const DIR: &str = ".translint_cache";

/// How close to the cache's writing a file's modification time makes it "racy": the file may
/// have changed again without its time changing, so its content is compared.
const RACY: Duration = Duration::from_secs(2);

/// How many bytes of the cache file [`Cache::take`] reads at a time: enough records to decode
/// their summaries side by side.
const TAKEN_AT_A_TIME: usize = 4 << 20;

/// A summary taken from the cache ([`Cache::take`]).
type Taken = (Box<Checked>, bool, u64);

/// What the cache knows of a file without reading it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Stamp {
    size: u64,
    secs: u64,
    nanos: u32,
}

impl Stamp {
    fn of(path: &Path) -> Option<Stamp> {
        Stamp::of_metadata(&std::fs::metadata(path).ok()?)
    }

    fn of_metadata(meta: &std::fs::Metadata) -> Option<Stamp> {
        let since = meta.modified().ok()?.duration_since(UNIX_EPOCH).ok()?;
        Some(Stamp {
            size: meta.len(),
            secs: since.as_secs(),
            nanos: since.subsec_nanos(),
        })
    }

    fn modified(&self) -> SystemTime {
        UNIX_EPOCH + Duration::new(self.secs, self.nanos)
    }
}

/// What a record of a cache file says of its file, before the file's [`Summary`], so opening
/// the cache decodes the headers only.
#[derive(Serialize, Deserialize)]
struct Header {
    path: PathBuf,
    stamp: Stamp,
    /// Of the file's bytes ([`content_hash`]).
    hash: u64,
}

/// The cache of one key: its summaries, read only when a run needs them ([`Cache::take`]),
/// and its decision ([`write_part`]).
pub struct Cache {
    file: PathBuf,
    summaries: Summaries,
}

/// The summaries' file as read.
#[derive(Default)]
struct Summaries {
    /// Where each file's record is in the cache file.
    entries: FxHashMap<PathBuf, Range<usize>>,
    /// The file as read: the entries kept when the cache is written again are copied from
    /// it if it is still so ([`Cache::copy_kept`]).
    read_as: Option<Stamp>,
}

impl Cache {
    /// The cache under `root` for runs with settings `key` ([`key`]). Nothing is read yet; a
    /// missing or unreadable cache is an empty one.
    pub fn open(root: &Path, key: u64) -> Cache {
        let file = root
            .join(DIR)
            .join(concat!("v", env!("CARGO_PKG_VERSION")))
            .join(format!("{key:016x}.summaries"));
        Cache {
            file,
            summaries: Summaries::default(),
        }
    }

    /// Reads the cache a block of records at a time and takes, for each file `wanted` gives
    /// the path and stamp of, its summary if it was saved when the file was so (by its place
    /// in `wanted`): the document's per-document pass, whether the file was read to confirm
    /// it is unchanged, and its content hash. The file is about as large as the corpus, so
    /// only a block of it is held at once; the entries are kept, to copy those of the files
    /// not linted again when the cache is written ([`Cache::copy_kept`]).
    fn take(&mut self, wanted: &[Option<(&Path, Stamp)>], rules: &RuleSet) -> Vec<Option<Taken>> {
        // A file that cannot be read whole gives no summary: the run lints every file.
        let none = || wanted.iter().map(|_| None).collect();
        let mut taken: Vec<Option<Taken>> = none();
        let Ok((file, meta)) = super::open_regular(&self.file) else {
            return taken;
        };
        let written = meta.modified().ok();
        let by_path: FxHashMap<&Path, usize> = (wanted.iter().enumerate())
            .filter_map(|(i, w)| Some((w.as_ref()?.0, i)))
            .collect();
        let mut entries = FxHashMap::default();
        let mut records = super::records::Reader::new(std::io::BufReader::new(file), 0);
        let mut block = Vec::new();
        loop {
            block.clear();
            let mut read = Vec::new();
            while block.len() < TAKEN_AT_A_TIME {
                match records.next_into(&mut block) {
                    Ok(Some(record)) => read.push(record),
                    Ok(None) => break,
                    Err(_) => return none(),
                }
            }
            if read.is_empty() {
                break;
            }
            // The records of this block with a summary wanted, decoded side by side.
            let mut found: Vec<(usize, &[u8], u64)> = Vec::new();
            for record in read {
                let Ok(parsed) = serde_json::from_slice::<Header>(&block[record.header]) else {
                    continue;
                };
                if let Some(&i) = by_path.get(parsed.path.as_path()) {
                    // A file listed twice is as its last record says, as its entry is.
                    found.retain(|(j, ..)| *j != i);
                    taken[i] = None;
                    if wanted[i].is_some_and(|(_, stamp)| stamp == parsed.stamp) {
                        found.push((i, &block[record.body], parsed.hash));
                    }
                }
                entries.insert(parsed.path, record.in_file);
            }
            let parsed: Vec<(usize, Option<Taken>)> = found
                .into_par_iter()
                .map(|(i, summary, hash)| {
                    let (path, stamp) = wanted[i].expect("found files are wanted");
                    let take = || {
                        let confirmed = confirm(path, stamp, hash, written)?;
                        let summary = Summary::decode(summary)?;
                        Some((Box::new(summary.load(0, rules)?), confirmed, hash))
                    };
                    (i, take())
                })
                .collect();
            for (i, hit) in parsed {
                taken[i] = hit;
            }
        }
        self.summaries = Summaries {
            entries,
            read_as: Stamp::of_metadata(&meta),
        };
        taken
    }

    /// The file of the decision saved beside the summaries.
    fn decision_file(&self) -> PathBuf {
        self.file.with_extension("decision")
    }

    /// The decision saved beside the summaries, if there is one.
    fn saved_decision(&self) -> Option<SavedDecision> {
        SavedDecision::open(&self.decision_file())
    }

    /// Starts saving a decision ([`write_part`]): a temporary file beside the summaries with
    /// its first two parts, for [`Cache::finish_decision`]. `None` when there is no cache folder
    /// (no summary was written: the folder is made, tagged, with them).
    fn start_decision(
        &self,
        files: &[u8],
        findings: impl FnOnce(&mut PartWriter) -> std::io::Result<()>,
    ) -> std::io::Result<Option<NamedTempFile>> {
        let folder = self.file.parent().expect("the cache file is in a folder");
        if !folder.is_dir() {
            return Ok(None);
        }
        let mut out = NamedTempFile::new_in(folder)?;
        out.write_all(DECISION_TAG)?;
        write_part(out.as_file_mut(), |w| w.write_all(files))?;
        write_part(out.as_file_mut(), findings)?;
        Ok(Some(out))
    }

    /// Writes the last part of a decision (`last` writes it, as it is encoded) and renames
    /// the file over the old one.
    fn finish_decision(
        &self,
        mut out: NamedTempFile,
        last: impl FnOnce(&mut PartWriter) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        write_part(out.as_file_mut(), last)?;
        out.persist(self.decision_file()).map_err(|e| e.error)?;
        Ok(())
    }

    /// Writes the cache again: the record of each file `fresh` gives (in chunks, so the
    /// records of a whole corpus are never held at once), then the entries it had for other
    /// files; to a temporary file beside it, then renamed over it. Nothing is written when
    /// `fresh` gives no record.
    fn write(
        &self,
        mut fresh: impl Iterator<Item = Vec<(PathBuf, Vec<u8>)>>,
    ) -> std::io::Result<()> {
        let mut first = fresh.find(|chunk| !chunk.is_empty());
        if first.is_none() {
            return Ok(());
        }
        let folder = self.file.parent().expect("the cache file is in a folder");
        std::fs::create_dir_all(folder)?;
        let top = folder
            .parent()
            .expect("the version folder is in the cache folder");
        let tag = top.join("CACHEDIR.TAG");
        if !tag.exists() {
            std::fs::write(
                &tag,
                "Signature: 8a477f597d28d172789f06886806bc55\n\
                 # This file is a cache directory tag created by translint.\n\
                 # For information about cache directory tags see https://bford.info/cachedir/\n",
            )?;
        }
        let ignore = top.join(".gitignore");
        if !ignore.exists() {
            std::fs::write(&ignore, "# Created by translint.\n*\n")?;
        }
        let mut replaced: FxHashSet<PathBuf> = FxHashSet::default();
        let mut out = NamedTempFile::new_in(folder)?;
        {
            let mut w = std::io::BufWriter::new(out.as_file_mut());
            while let Some(chunk) = first.take().or_else(|| fresh.next()) {
                for (path, record) in chunk {
                    w.write_all(&record)?;
                    replaced.insert(path);
                }
            }
            self.copy_kept(&mut w, &replaced)?;
            w.flush()?;
        }
        out.persist(&self.file).map_err(|e| e.error)?;
        Ok(())
    }

    /// Copies into `w` the records of the entries of files other than `replaced`, from the
    /// cache file as [`Cache::take`] read it. None if the file has changed since (another run
    /// wrote it): a cache may lose entries, never take another's.
    fn copy_kept(&self, w: &mut impl Write, replaced: &FxHashSet<PathBuf>) -> std::io::Result<()> {
        let mut kept: Vec<Range<usize>> = (self.summaries.entries.iter())
            .filter(|(path, _)| !replaced.contains(*path))
            .map(|(_, record)| record.clone())
            .collect();
        let Some(read_as) = self.summaries.read_as.filter(|_| !kept.is_empty()) else {
            return Ok(());
        };
        let Ok((file, meta)) = super::open_regular(&self.file) else {
            return Ok(());
        };
        if Stamp::of_metadata(&meta) != Some(read_as) {
            return Ok(());
        }
        kept.sort_unstable_by_key(|record| record.start);
        super::records::copy(file, &kept, w)
    }
}

/// Whether a file saved with `hash` when it was as `stamp` says may be taken as unchanged:
/// `Some(false)` when its time is not close to `written` (the cache's writing), else after
/// reading it to compare its content, `Some(true)` if it is the same. `None` if it changed.
fn confirm(path: &Path, stamp: Stamp, hash: u64, written: Option<SystemTime>) -> Option<bool> {
    let racy = written.is_none_or(|written| stamp.modified() + RACY >= written);
    if racy {
        let bytes = super::read_regular(path).ok()?;
        if content_hash(&bytes) != hash {
            return None;
        }
    }
    Some(racy)
}

/// A document of a saved decision ([`write_part`]), as it was when decided.
#[derive(Serialize, Deserialize)]
struct DecidedFile<'a> {
    name: &'a str,
    path: &'a Path,
    stamp: Stamp,
    hash: u64,
}

/// The lines of a file that a report showed, with the hash of the content they were cut from:
/// `lines` is the postcard encoding of [`Shown`] as a [`Blob`], decoded only for the files
/// shown again.
#[derive(Serialize, Deserialize)]
struct SavedExcerpt<'a, L> {
    name: &'a str,
    hash: u64,
    lines: L,
}

/// What a report showed of a file.
#[derive(Serialize, Deserialize)]
enum Shown<'a> {
    /// The ranges shown, and what [`Source::excerpt`] kept of the file for them.
    Excerpt(Cow<'a, [Range<usize>]>, #[serde(borrow)] Kept<'a>),
    /// Its [`LineMap`]'s bytes, for a report of lines and columns only ([`Shows::Positions`]):
    /// another report reads the file.
    Lines(Cow<'a, [u8]>),
}

/// Bytes written as one string of bytes (postcard: their length, then them) and read back
/// borrowed, so a part of a decision is decoded later, or on another thread.
struct Blob<'a>(&'a [u8]);

impl Serialize for Blob<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bytes(self.0)
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Blob<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Blob<'a>, D::Error> {
        <&'de [u8]>::deserialize(d).map(Blob)
    }
}

/// The ranges of their documents a report shows (to read back), every document's together
/// and in order of id.
struct ShownRanges {
    ranges: Vec<Range<usize>>,
    /// Where each document's ranges end (and the next one's start).
    end: Vec<usize>,
    /// The last chunk of the report that shows each document.
    last: Vec<usize>,
}

impl ShownRanges {
    fn of(&self, id: FileId) -> &[Range<usize>] {
        let start = id.checked_sub(1).map_or(0, |before| self.end[before]);
        &self.ranges[start..self.end[id]]
    }
}

/// Findings per [`Blob`] of a decision's second part, decoded in parallel. (At 1,024 a blob's
/// findings decoded stay under malloc's threshold for a mapping of their own, `src/main.rs`:
/// fewer pages faulted in, but a warm run's peak RSS held them, some 1 MB more.)
const FINDINGS_PER_BLOB: usize = 2048;

/// What starts a decision's file, before its three parts.
const DECISION_TAG: &[u8; 8] = b"tldecid4";

/// Writes one part of a decision's file: its length and its [`part_hash`] (8 bytes each,
/// little-endian), then its bytes, as `write` writes them (never held whole).
///
/// The file: [`DECISION_TAG`], then three parts, each the postcard encoding of
/// - every document of the run, in order (`Vec<DecidedFile>`);
/// - the findings, pointing at documents by index in the first part, [`FINDINGS_PER_BLOB`]
///   to a [`Blob`] (`Vec<Blob>`, each as [`super::saved_findings`] writes it);
/// - the lines shown of each document shown (`Vec<SavedExcerpt>`),
///
/// so a reader reads and decodes only the parts it needs. The corpus decision of a run whose
/// every document came from the cache or was summarised depends only on the settings (the
/// cache file's key) and on every document's name and content, in order: a run over the same
/// unchanged files takes it whole instead of reading every summary and deciding again, and
/// shows it from the lines kept without reading a file.
fn write_part(
    out: &mut std::fs::File,
    write: impl FnOnce(&mut PartWriter) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let header = out.stream_position()?;
    out.write_all(&[0; 16])?;
    let mut part = PartWriter {
        out: &mut *out,
        block: Vec::with_capacity(HASH_BLOCK),
        len: 0,
        hash: FxHasher::default(),
    };
    write(&mut part)?;
    let (len, hash) = part.finish()?;
    out.seek(SeekFrom::Start(header))?;
    out.write_all(&len.to_le_bytes())?;
    out.write_all(&hash.to_le_bytes())?;
    out.seek(SeekFrom::End(0))?;
    Ok(())
}

/// A cache file that could not be written: a warning, and the run goes on without it.
fn cannot_write(path: &Path, e: &dyn std::fmt::Display) {
    eprintln!("warning: cannot write the cache {}: {e}", path.display());
}

/// Bytes hashed at a time by [`part_hash`].
const HASH_BLOCK: usize = 64 << 10;

/// What a decision's file saves of each part to tell it whole from damaged: the hash of its
/// blocks' hashes ([`HASH_BLOCK`] bytes each), so a part is hashed as it is written and its
/// blocks are read back in parallel (hashed in one pass, the lines shown were 7 ms of one core
/// in a 95 ms warm run, the other idle).
fn part_hash(bytes: &[u8]) -> u64 {
    let blocks: Vec<u64> = bytes.par_chunks(HASH_BLOCK).map(block_hash).collect();
    let mut h = FxHasher::default();
    for block in blocks {
        h.write_u64(block);
    }
    h.finish()
}

/// The hash of one block of a part ([`part_hash`]).
fn block_hash(block: &[u8]) -> u64 {
    let mut h = FxHasher::default();
    h.write(block);
    h.finish()
}

/// Writes a part of a decision's file a [`HASH_BLOCK`] at a time, hashing it ([`part_hash`]).
struct PartWriter<'a> {
    out: &'a mut std::fs::File,
    block: Vec<u8>,
    len: u64,
    hash: FxHasher,
}

impl PartWriter<'_> {
    fn flush_block(&mut self) -> std::io::Result<()> {
        if !self.block.is_empty() {
            self.hash.write_u64(block_hash(&self.block));
            self.out.write_all(&self.block)?;
            self.len += self.block.len() as u64;
            self.block.clear();
        }
        Ok(())
    }

    /// The part's length and hash, once written whole.
    fn finish(mut self) -> std::io::Result<(u64, u64)> {
        self.flush_block()?;
        Ok((self.len, self.hash.finish()))
    }
}

impl Write for PartWriter<'_> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        let n = bytes.len().min(HASH_BLOCK - self.block.len());
        self.block.extend_from_slice(&bytes[..n]);
        if self.block.len() == HASH_BLOCK {
            self.flush_block()?;
        }
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The second part of a decision ([`write_part`]), [`write_findings`] to write: `findings` in blobs, moved from the ids
/// of a run with `aux` sources before its documents to indices of its documents. `None` if
/// one points at one of those sources.
fn encode_findings(findings: &[Diagnostic], aux: usize) -> Option<Vec<Vec<u8>>> {
    (findings.par_chunks(FINDINGS_PER_BLOB))
        .map(|chunk| super::saved_findings::encode(chunk, aux))
        .collect()
}

/// Writes the blobs [`encode_findings`] made as a decision's second part.
fn write_findings(out: &mut PartWriter, blobs: &[Vec<u8>]) -> std::io::Result<()> {
    let blobs: Vec<Blob> = blobs.iter().map(|b| Blob(b)).collect();
    postcard::to_io(&blobs, out).map_err(std::io::Error::other)?;
    Ok(())
}

/// A decision's file ([`write_part`]), open: its parts are read on demand.
struct SavedDecision {
    file: std::fs::File,
    size: u64,
    /// When it was written: files modified close to it are racy.
    written: Option<SystemTime>,
}

impl SavedDecision {
    /// The decision's file at `path`, if it is one.
    fn open(path: &Path) -> Option<SavedDecision> {
        let (mut file, meta) = super::open_regular(path).ok()?;
        let mut tag = [0; 8];
        file.read_exact(&mut tag).ok()?;
        (&tag == DECISION_TAG).then(|| SavedDecision {
            file,
            size: meta.len(),
            written: meta.modified().ok(),
        })
    }

    /// The bytes of part `i`, if they are whole (their hash is the one saved with them).
    fn read(&mut self, i: usize) -> Option<Part> {
        let (bytes, hash) = self.part(i)?;
        (part_hash(&bytes) == hash).then_some(bytes)
    }

    /// Part `i` as `decode` reads it, if its bytes are whole: checked while they are decoded
    /// (a serial few milliseconds of a warm run, for its findings). Damaged bytes fail to
    /// decode, or decode to what is dropped.
    fn decode<T: Send>(&mut self, i: usize, decode: impl FnOnce(&[u8]) -> T + Send) -> Option<T> {
        let (bytes, hash) = self.part(i)?;
        let (whole, decoded) = rayon::join(|| part_hash(&bytes) == hash, || decode(&bytes));
        whole.then_some(decoded)
    }

    /// The bytes of part `i`, and the hash saved with them.
    fn part(&mut self, i: usize) -> Option<(Part, u64)> {
        let mut at = DECISION_TAG.len() as u64;
        for part in 0..=i {
            let mut header = [0; 16];
            self.file.seek(SeekFrom::Start(at)).ok()?;
            self.file.read_exact(&mut header).ok()?;
            let [len, hash] =
                [0, 8].map(|o| u64::from_le_bytes(header[o..o + 8].try_into().expect("8 bytes")));
            let start = at + 16;
            let end = start.checked_add(len).filter(|&end| end <= self.size)?;
            if part == i {
                let bytes = Part::read(&mut self.file, start, usize::try_from(len).ok()?)?;
                return Some((bytes, hash));
            }
            at = end;
        }
        None
    }
}

/// The bytes of a part of a decision's file ([`SavedDecision::read`]).
enum Part {
    /// Mapped from the file: read into a buffer, the two large parts (some 10 MB each for a
    /// 51 MB corpus) were copied and their fresh pages faulted in, a serial tenth of a
    /// warm-cache run.
    #[cfg(unix)]
    Mapped(Mapping),
    Read(Vec<u8>),
}

impl Part {
    /// The `len` bytes of `file` from `start`, where the file is read from (its position).
    fn read(file: &mut std::fs::File, start: u64, len: usize) -> Option<Part> {
        #[cfg(unix)]
        if let Some(mapped) = Mapping::new(file, start, len) {
            return Some(Part::Mapped(mapped));
        }
        let mut bytes = vec![0; len];
        file.read_exact(&mut bytes).ok()?;
        Some(Part::Read(bytes))
    }
}

impl std::ops::Deref for Part {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        match self {
            #[cfg(unix)]
            Part::Mapped(mapped) => mapped.bytes(),
            Part::Read(bytes) => bytes,
        }
    }
}

/// Bytes of a file mapped read-only, unmapped when dropped.
///
/// Reading a mapped file that has since shrunk is a fault (SIGBUS). The cache never writes a
/// file in place (it writes a new one and renames it over the old, and a mapping keeps the file
/// it was made of), so only another program truncating the cache's file could make it one.
#[cfg(unix)]
struct Mapping {
    base: *mut libc::c_void,
    /// The mapping's length, from the page that holds its first byte.
    size: usize,
    /// Its bytes: `len` from `skip` into the mapping.
    skip: usize,
    len: usize,
}

#[cfg(unix)]
impl Mapping {
    /// `len` bytes of `file` from `start` (within it); `None` if they cannot be mapped.
    fn new(file: &std::fs::File, start: u64, len: usize) -> Option<Mapping> {
        use std::os::fd::AsRawFd;
        // SAFETY: reads a setting of the system.
        let page = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
        let page = u64::try_from(page).ok().filter(|&page| page > 0)?;
        let skip = usize::try_from(start % page).ok()?;
        let size = skip.checked_add(len).filter(|_| len > 0)?;
        let offset = libc::off_t::try_from(start - start % page).ok()?;
        // Its pages mapped at once (they are in the page cache: the file was just written or
        // read), rather than a fault each.
        #[cfg(any(target_os = "linux", target_os = "android"))]
        let flags = libc::MAP_PRIVATE | libc::MAP_POPULATE;
        #[cfg(not(any(target_os = "linux", target_os = "android")))]
        let flags = libc::MAP_PRIVATE;
        // SAFETY: a new read-only mapping of an open file, where the system places it: no
        // memory in use is touched.
        let base = unsafe {
            libc::mmap(
                std::ptr::null_mut(),
                size,
                libc::PROT_READ,
                flags,
                file.as_raw_fd(),
                offset,
            )
        };
        (base != libc::MAP_FAILED).then_some(Mapping {
            base,
            size,
            skip,
            len,
        })
    }

    fn bytes(&self) -> &[u8] {
        // SAFETY: `skip + len` bytes are mapped from `base`, readable until `self` is dropped.
        unsafe { std::slice::from_raw_parts(self.base.cast::<u8>().add(self.skip), self.len) }
    }
}

// SAFETY: the mapping is read-only memory of its own, used by no one else: as a `Box<[u8]>`.
#[cfg(unix)]
unsafe impl Send for Mapping {}
#[cfg(unix)]
unsafe impl Sync for Mapping {}

#[cfg(unix)]
impl Drop for Mapping {
    fn drop(&mut self) {
        // SAFETY: the mapping made in `Mapping::new`, no longer borrowed.
        unsafe {
            libc::munmap(self.base, self.size);
        }
    }
}

/// A decision's first part: its files.
fn decided_files(bytes: &[u8]) -> Option<Vec<DecidedFile<'_>>> {
    postcard::from_bytes(bytes).ok()
}

/// A decision's last part, by name: the hash of each file it showed, and the [`Lines`] it
/// kept of it, encoded.
fn excerpts(bytes: &[u8]) -> FxHashMap<&str, (u64, &[u8])> {
    let saved: Vec<SavedExcerpt<Blob>> = postcard::from_bytes(bytes).unwrap_or_default();
    saved
        .into_iter()
        .map(|e| (e.name, (e.hash, e.lines.0)))
        .collect()
}

/// A decision's second part: its findings, their blobs decoded in parallel.
fn findings(bytes: &[u8]) -> Option<Vec<Diagnostic>> {
    let blobs: Vec<Blob> = postcard::from_bytes(bytes).ok()?;
    let chunks = blobs
        .par_iter()
        .map(|blob| super::saved_findings::decode(blob.0))
        .collect::<Option<Vec<_>>>()?;
    // Moved a blob at a time into a vector sized once (flattened, a finding at a time into a
    // vector grown as it went, they were a serial few milliseconds of a warm run).
    let mut all = Vec::with_capacity(chunks.iter().map(Vec::len).sum());
    for mut chunk in chunks {
        all.append(&mut chunk);
    }
    Some(all)
}

/// Whether `files` (of a decision written at `written`) are `inputs` (their absolute paths and
/// stamps in `stated`), in the same order and unchanged; how many were read to confirm it.
fn unchanged(
    files: &[DecidedFile],
    written: Option<SystemTime>,
    inputs: &[Input],
    stated: &[Stated],
) -> Option<usize> {
    if files.len() != inputs.len() {
        return None;
    }
    let confirmed = inputs
        .par_iter()
        .zip(stated)
        .zip(files)
        .map(|((input, (path, stamp)), file)| {
            // A stamp is stated only of an input that may be cached ([`summarisable`]).
            let same = input.name == file.name
                && path.as_deref() == Some(file.path)
                && *stamp == Some(file.stamp);
            match same {
                true => confirm(file.path, file.stamp, file.hash, written),
                false => None,
            }
        })
        .collect::<Option<Vec<bool>>>()?;
    Some(confirmed.into_iter().filter(|&c| c).count())
}

/// An input's absolute path, and its stamp before it was read when it may be cached.
type Stated = (Option<PathBuf>, Option<Stamp>);

/// The hash of a file's bytes saved with its summary (stable from run to run).
fn content_hash(bytes: &[u8]) -> u64 {
    let mut h = FxHasher::default();
    bytes.hash(&mut h);
    h.finish()
}

/// The key of everything a file's summary depends on besides the file and the binary: the
/// translint version, the config and the files it names, the command line's selection (all in
/// `corpus` as sources once the rules are built) and the rules enabled at their levels. Shards
/// linted on other machines must agree on it ([`super::shard`]).
pub fn settings_key(corpus: &Corpus, config: &Config, rules: &RuleSet) -> u64 {
    let mut h = FxHasher::default();
    env!("CARGO_PKG_VERSION").hash(&mut h);
    for source in &corpus.aux {
        source.text.hash(&mut h);
    }
    for text in config.files.values() {
        text.hash(&mut h);
    }
    for rule in rules.rules() {
        let id = rule.meta().id;
        id.as_str().hash(&mut h);
        match rules.level_of(id.as_str()) {
            Level::Off => "off".hash(&mut h),
            Level::On(severity) => severity.hash(&mut h),
        }
    }
    h.finish()
}

/// The cache's key: [`settings_key`] and the binary, since a rebuilt binary of the same
/// version (a developer's) may have other rules.
pub fn key(corpus: &Corpus, config: &Config, rules: &RuleSet) -> u64 {
    let mut h = FxHasher::default();
    settings_key(corpus, config, rules).hash(&mut h);
    if let Some(stamp) = std::env::current_exe().ok().and_then(|exe| Stamp::of(&exe)) {
        stamp.hash(&mut h);
    }
    h.finish()
}

/// Whether a file may be summarised: monolingual text, not an aligned pair. Bilingual files are
/// decided over their text ([`Summary`]).
fn summarisable(input: &Input) -> bool {
    input.source.is_none()
        && matches!(
            Format::from_path(&input.name),
            Format::Plain | Format::Markdown
        )
}

/// One run's use of the cache: which inputs came from it, which were read and linted, and
/// (for `--emit-summary`) what the per-document pass took from each.
///
/// It also streams the per-document pass: a file that may be summarised is read, checked and
/// its text dropped at once ([`Run::read`] with `stream`), so a run holds every document's
/// findings and facts but only the texts being checked; the renderers get back the lines
/// they show ([`Run::read_back`]).
#[derive(Default)]
pub struct Run {
    cache: Option<Cache>,
    /// What the run knows of each input, in input order (not by name: an archive has
    /// hundreds of thousands of files, and each map of their names held a copy of them).
    inputs: Vec<Known>,
    /// The input of each document, in `corpus.docs` order ([`Run::registered`]).
    docs: Vec<usize>,
    /// The corpus decision taken from the cache: every file was unchanged.
    decided: Option<Vec<Diagnostic>>,
    /// Whether [`Run::lint`] used it.
    used_decision: bool,
    /// The decision saved by the last run when it is this run's, for the lines it showed.
    saved: Option<SavedDecision>,
    /// The decision of this run being saved: its files and findings written, the lines they
    /// show to come ([`Run::read_back`]).
    to_save: Option<NamedTempFile>,
    /// Documents registered without their text (their summary came from the cache or a
    /// shard, or they were checked while streaming): read back from their input's path.
    from_cache: FxHashSet<FileId>,
    /// Of those, the ones checked while streaming.
    checked_here: FxHashSet<FileId>,
    /// Files read only to confirm they did not change.
    confirmed: usize,
    /// Keep every document's [`Checked`] for [`Run::summaries`].
    keep: bool,
    kept: Vec<Checked>,
}

/// What a [`Run`] knows of one input.
#[derive(Default)]
struct Known {
    /// Its absolute path (none for standard input).
    path: Option<PathBuf>,
    /// Its stamp before it was read, when it may be cached.
    stamp: Option<Stamp>,
    /// The content hash of a file taken from the cache or checked while streaming (whose
    /// cache line is written after the decision, without its text).
    hash: Option<u64>,
    /// The summary taken from the cache or checked while streaming (its file id not yet
    /// placed), until [`Run::lint`] takes it. Boxed: a run holds one `Known` per input to
    /// the end, and most of them without it.
    hit: Option<Box<Checked>>,
    /// It was checked while streaming.
    streamed: bool,
    /// Its lines, when it was checked while streaming ([`Shows::Positions`]).
    lines: Option<LineMap>,
}

/// What a report shows of the documents read back for it ([`Run::read_back_in_chunks`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Shows {
    /// Their lines: the text around a finding, its snippet or its line's fingerprint.
    #[default]
    Lines,
    /// Their lines and columns only (`--format short`): a document checked while it was read
    /// is not read again, its [`LineMap`] stands in (and is what the cache's decision keeps
    /// of it, for the next such report).
    Positions,
}

/// How [`Run::read`] reads.
#[derive(Debug, Clone, Copy, Default)]
pub struct Reading {
    /// Keep what the per-document pass took from each document, for [`Run::summaries`].
    pub keep: bool,
    /// Check the files that may be summarised as they are read, and drop their text (not when
    /// the run needs every text: `--fix`, `--diff`, `[[ignore]]` entries that read lines).
    pub stream: bool,
    /// The config's layout for plain text, as [`super::register`] is given.
    pub layout: Option<Layout>,
    /// What the report shows of the files checked while streaming: with
    /// [`Shows::Positions`], each keeps its [`LineMap`].
    pub shows: Shows,
}

impl Run {
    /// Reads `inputs` (in their order, as [`super::read_all`]), except the files whose
    /// summary `cache` has or that `reading.stream` checks as they are read: those read as
    /// empty, to be registered without their text. When every file is as the cache's
    /// decision saw it, nothing is read: every file reads as empty.
    pub fn read(
        mut cache: Option<Cache>,
        inputs: &[Input],
        rules: &RuleSet,
        reading: Reading,
    ) -> (Run, Vec<ReadOutcome>) {
        // Stat every file that may be cached.
        let stat = || {
            // Asked once: `absolute` of a relative path asks for it, once per file.
            let cwd = std::env::current_dir().ok();
            inputs
                .par_iter()
                .map(|input| {
                    let absolute = |p: &PathBuf| match &cwd {
                        Some(cwd) => super::absolute_in(cwd, p),
                        None => std::path::absolute(p),
                    };
                    let Some((given, path)) =
                        (input.path.as_ref()).and_then(|p| Some((p, absolute(p).ok()?)))
                    else {
                        return (None, None);
                    };
                    // By the path given: the same file, with fewer folders to look up.
                    let stamp = match cache.is_some() && summarisable(input) {
                        true => Stamp::of(given),
                        false => None,
                    };
                    (Some(path), stamp)
                })
                .collect::<Vec<Stated>>()
        };
        // Meanwhile, open the decision saved beside the summaries and read the files it decided.
        let load = || {
            let mut saved = cache.as_ref()?.saved_decision()?;
            let listed = saved.read(0)?;
            Some((saved, listed))
        };
        let (mut stated, saved) = rayon::join(stat, load);
        let mut run = Run {
            keep: reading.keep,
            ..Run::default()
        };
        let may_decide = !reading.keep && !inputs.is_empty();
        if let Some((mut saved, listed)) = saved.filter(|_| may_decide) {
            // Nothing changed: the decision saved for these files is the run's.
            let files = decided_files(&listed).unwrap_or_default();
            // In parallel, as the findings were decoded (with the shift of their files in
            // `Run::lint`, one by one they took ~3 ms of a 95 ms warm run).
            let inside = |found: &Vec<Diagnostic>| {
                found
                    .par_iter()
                    .all(|d| d.spans().all(|s| s.file < inputs.len()))
            };
            let decided = unchanged(&files, saved.written, inputs, &stated).and_then(|confirmed| {
                let found = saved.decode(1, findings)?.filter(inside)?;
                Some((found, confirmed))
            });
            if let Some((found, confirmed)) = decided {
                run.decided = Some(found);
                run.confirmed = confirmed;
                // Each path stated is the file's (`unchanged`): moved, not copied.
                run.inputs = (files.iter())
                    .zip(std::mem::take(&mut stated))
                    .map(|(file, (path, stamp))| Known {
                        path,
                        stamp,
                        hash: Some(file.hash),
                        ..Known::default()
                    })
                    .collect();
                // Kept for the lines it showed (otherwise opened again then).
                run.saved = Some(saved);
            }
        }
        if run.decided.is_some() {
            run.cache = cache;
            let reads = inputs
                .iter()
                .map(|_| ReadOutcome::Text(String::new()))
                .collect();
            return (run, reads);
        }
        // Otherwise the summaries of the files that did not change. What each input gives is
        // boxed where it is made: held inline, every input's slot in these vectors took room
        // for one (37 MB at 500 MB, beside the boxes they end in).
        let wanted: Vec<Option<(&Path, Stamp)>> = (inputs.iter().zip(&stated))
            .map(|(input, (path, stamp))| {
                Some((path.as_deref()?, (*stamp)?)).filter(|_| summarisable(input))
            })
            .collect();
        let taken = match &mut cache {
            Some(cache) => cache.take(&wanted, rules),
            None => wanted.iter().map(|_| None).collect(),
        };
        drop(wanted);
        type Hit = (Option<(PathBuf, Option<Stamp>)>, Option<Taken>);
        let looked: Vec<Hit> = (stated.into_iter().zip(taken))
            .map(|((path, stamp), hit)| (path.map(|path| (path, stamp)), hit))
            .collect();
        type Read = (ReadOutcome, Option<Streamed>);
        let reads: Vec<Read> = inputs
            .par_iter()
            .zip(&looked)
            .with_max_len(engine::DOCUMENTS_A_JOB)
            .map(|(input, (path, hit))| match hit {
                Some(_) => (ReadOutcome::Text(String::new()), None),
                None => {
                    let read = read_one(input);
                    match read {
                        ReadOutcome::Text(text)
                            if reading.stream && path.is_some() && summarisable(input) =>
                        {
                            check_streamed(input, text, rules, reading.layout, reading.shows)
                        }
                        read => (read, None),
                    }
                }
            })
            .collect();
        run.cache = cache;
        let mut outcomes = Vec::with_capacity(reads.len());
        run.inputs.reserve_exact(reads.len());
        for ((path, hit), (read, streamed)) in looked.into_iter().zip(reads) {
            let (path, stamp) = path.map_or((None, None), |(path, stamp)| (Some(path), stamp));
            let mut known = Known {
                path,
                stamp,
                ..Known::default()
            };
            if let Some((checked, confirmed, hash)) = hit {
                run.confirmed += usize::from(confirmed);
                (known.hit, known.hash) = (Some(checked), Some(hash));
            }
            if let Some((checked, hash, lines)) = streamed {
                (known.hit, known.hash, known.lines) = (Some(checked), Some(hash), lines);
                known.streamed = true;
            }
            run.inputs.push(known);
            outcomes.push(read);
        }
        (run, outcomes)
    }

    /// The input of each document of the corpus, as [`super::register`] gives them.
    pub fn registered(&mut self, docs: Vec<usize>) {
        self.docs = docs;
    }

    /// A document registered from a shard's summary, to be read back from `path`.
    pub(super) fn add_shard_document(&mut self, id: FileId, path: PathBuf) {
        self.docs.push(self.inputs.len());
        self.inputs.push(Known {
            path: Some(path),
            ..Known::default()
        });
        self.from_cache.insert(id);
    }

    /// What the run knows of the input of document `id`.
    fn known(&self, corpus: &Corpus, id: FileId) -> Option<&Known> {
        let doc = id.checked_sub(corpus.aux.len())?;
        self.inputs.get(*self.docs.get(doc)?)
    }

    /// [`engine::lint`] over `corpus`, whose documents that came from the cache or were
    /// checked while streaming have no text: their summaries stand in for the per-document
    /// pass. Saves the summaries of the files linted; a cache that cannot be written is
    /// reported on standard error, and the run goes on. Unless it keeps the documents' facts
    /// for another decision, the rules' search caches are dropped before this one
    /// ([`RuleSet::forget_search_caches`]).
    pub fn lint(&mut self, corpus: &Corpus, rules: &mut RuleSet) -> Vec<Diagnostic> {
        if self.cache.is_none() && !self.keep && self.inputs.iter().all(|k| k.hit.is_none()) {
            let checked = engine::check_all(corpus, rules);
            rules.forget_search_caches();
            return engine::decide_with(corpus, rules, checked);
        }
        if let Some(mut decided) = self.decided.take() {
            self.used_decision = true;
            for doc in &corpus.docs {
                if self.known(corpus, doc.id).is_some_and(|k| k.path.is_some()) {
                    self.from_cache.insert(doc.id);
                }
            }
            // In parallel: every finding is touched (see `Run::read`'s check of their files).
            decided.par_iter_mut().for_each(|d| {
                for span in d.spans_mut() {
                    span.file += corpus.aux.len();
                }
            });
            return decided;
        }
        let hits: Vec<Option<Checked>> = corpus
            .docs
            .iter()
            .zip(&self.docs)
            .map(|(doc, &input)| {
                let known = &mut self.inputs[input];
                let checked = *known.hit.take()?;
                self.from_cache.insert(doc.id);
                if known.streamed {
                    self.checked_here.insert(doc.id);
                }
                Some(checked)
            })
            .collect();
        let checked: Vec<(Checked, bool)> = corpus
            .docs
            .par_iter()
            .zip(hits)
            .with_max_len(engine::DOCUMENTS_A_JOB)
            .map(|(doc, hit)| match hit {
                Some(mut checked) => {
                    summary::place(&mut checked, doc.id);
                    let fresh = self.checked_here.contains(&doc.id);
                    (checked, !fresh)
                }
                None => (engine::check_document(doc, rules), false),
            })
            .collect();
        if let Some(cache) = &self.cache {
            // The records of files linted, encoded in parallel a chunk at a time.
            let docs: Vec<(&Known, &Document, &Checked)> = corpus
                .docs
                .iter()
                .zip(&checked)
                .zip(&self.docs)
                .filter(|((_, (_, hit)), _)| !hit)
                .map(|((doc, (checked, _)), &input)| (&self.inputs[input], doc, checked))
                .collect();
            let fresh = docs.chunks(256).map(|chunk| {
                chunk
                    .par_iter()
                    .filter_map(|&(known, doc, checked)| self.record(known, doc, checked, rules))
                    .collect()
            });
            if let Err(e) = cache.write(fresh) {
                cannot_write(&cache.file, &e);
            }
        }
        if let Some(cache) = &mut self.cache {
            // Written: the file's text, as large as it, is not held through the decision.
            cache.summaries = Summaries::default();
        }
        let checked = checked.into_iter().map(|(c, _)| c);
        if self.keep {
            self.kept = checked.collect();
            let refs: Vec<&Checked> = self.kept.iter().collect();
            return engine::lint_with(corpus, rules, &refs);
        }
        // Handed over: the decision frees what it is done with as it goes.
        rules.forget_search_caches();
        let diagnostics = engine::decide_with(corpus, rules, checked.collect());
        if self.cache.is_some() {
            let blobs = encode_findings(&diagnostics, corpus.aux.len());
            self.to_save =
                blobs.and_then(|blobs| self.start_decision(corpus, |w| write_findings(w, &blobs)));
        }
        diagnostics
    }

    /// Starts saving the decision of this run, its findings written by `findings`: when every
    /// document has a summary (so the next run finds the same documents unchanged in the
    /// cache).
    fn start_decision(
        &self,
        corpus: &Corpus,
        findings: impl FnOnce(&mut PartWriter) -> std::io::Result<()>,
    ) -> Option<NamedTempFile> {
        let cache = self.cache.as_ref()?;
        let files = corpus
            .docs
            .iter()
            .map(|doc| {
                let known = self.known(corpus, doc.id)?;
                Some(DecidedFile {
                    name: doc.name(),
                    path: known.path.as_deref()?,
                    stamp: known.stamp?,
                    hash: known.hash?,
                })
            })
            .collect::<Option<Vec<DecidedFile>>>()?;
        let files = postcard::to_allocvec(&files).ok()?;
        match cache.start_decision(&files, findings) {
            Ok(out) => out,
            Err(e) => {
                cannot_write(&cache.decision_file(), &e);
                None
            }
        }
    }

    /// Saves the decision started by [`Run::start_decision`] with the lines shown of each
    /// document, `shown` as [`Run::saved_excerpt`] encoded them, in file order.
    fn finish_decision(&self, out: NamedTempFile, shown: &[(FileId, Vec<u8>)]) {
        let Some(cache) = &self.cache else {
            return;
        };
        // As postcard writes a `Vec<SavedExcerpt>`: its length, then each.
        let saved = cache.finish_decision(out, |w| {
            let len = postcard::to_allocvec(&shown.len()).map_err(std::io::Error::other)?;
            w.write_all(&len)?;
            shown.iter().try_for_each(|(_, bytes)| w.write_all(bytes))
        });
        if let Err(e) = saved {
            cannot_write(&cache.decision_file(), &e);
        }
    }

    /// The cache record of a document linted in this run, with its path: `None` when it
    /// cannot be cached.
    fn record(
        &self,
        known: &Known,
        doc: &Document,
        checked: &Checked,
        rules: &RuleSet,
    ) -> Option<(PathBuf, Vec<u8>)> {
        let path = known.path.as_ref()?;
        let summary = Summary::save(doc, checked, rules)?;
        let hash = match known.hash {
            Some(hash) => hash,
            None => content_hash(doc.text().as_bytes()),
        };
        let header = Header {
            path: path.clone(),
            stamp: known.stamp?,
            hash,
        };
        let header = serde_json::to_vec(&header).ok()?;
        let mut record = Vec::new();
        super::records::put(&mut record, &header, &summary.encode()?);
        Some((path.clone(), record))
    }

    /// The summary of every document of `corpus` that is read from a file, with its name and
    /// path, after [`Run::lint`] with `keep`; `Err` with the names of the documents that
    /// cannot be summarised (bilingual ones).
    pub fn summaries(
        &self,
        corpus: &Corpus,
        rules: &RuleSet,
    ) -> Result<Vec<(String, PathBuf, Summary)>, Vec<String>> {
        let mut out = Vec::new();
        let mut refused = Vec::new();
        for (doc, checked) in corpus.docs.iter().zip(&self.kept) {
            let Some(path) = self.known(corpus, doc.id).and_then(|k| k.path.as_ref()) else {
                refused.push(doc.name().to_string());
                continue;
            };
            match Summary::save(doc, checked, rules) {
                Some(summary) => out.push((doc.name().to_string(), path.clone(), summary)),
                None => refused.push(doc.name().to_string()),
            }
        }
        if refused.is_empty() {
            Ok(out)
        } else {
            Err(refused)
        }
    }

    /// Reads back the documents registered without their text that have a finding (or a
    /// label) to show, for the renderers: as excerpts that keep the lines shown, so a report
    /// over a whole archive never holds its texts. They stay in `corpus`. Returns the names of
    /// those that could not be read.
    pub fn read_back(&mut self, corpus: &mut Corpus, diagnostics: &[Diagnostic]) -> Vec<String> {
        self.read_back_with(corpus, diagnostics, Shows::Lines, None)
    }

    /// [`Run::read_back`] a chunk at a time, so a report holds the excerpts of only a few
    /// files: `show` is given the findings of each run of `files` documents in turn (in the
    /// order of `diagnostics`, whose findings of a document are side by side), with `corpus`
    /// holding the excerpts of every document they point into (or only their lines, as
    /// `shows`); each is given back when no later chunk points into it.
    pub fn read_back_in_chunks(
        &mut self,
        corpus: &mut Corpus,
        diagnostics: &[Diagnostic],
        files: usize,
        shows: Shows,
        show: Show,
    ) -> Vec<String> {
        self.read_back_with(corpus, diagnostics, shows, Some((files, show)))
    }

    fn read_back_with(
        &mut self,
        corpus: &mut Corpus,
        diagnostics: &[Diagnostic],
        shows: Shows,
        mut chunks: Option<(usize, Show)>,
    ) -> Vec<String> {
        // Where each chunk ends: after `files` documents' findings (all of them at once when
        // nothing is shown as it goes).
        let per_chunk = chunks
            .as_ref()
            .map_or(usize::MAX, |(files, _)| (*files).max(1));
        let mut ends = Vec::new();
        let mut in_chunk = 0;
        for (i, pair) in diagnostics.windows(2).enumerate() {
            if pair[0].file() != pair[1].file() {
                in_chunk += 1;
                if in_chunk == per_chunk {
                    ends.push(i + 1);
                    in_chunk = 0;
                }
            }
        }
        ends.push(diagnostics.len());
        // The lines the cache kept of the same ranges of the same content (else the file's),
        // read while the ranges shown are gathered.
        let mut saved = (self.saved.take()).or_else(|| self.cache.as_ref()?.saved_decision());
        let gather_shown = || {
            // The ranges shown, every document's together (one vector, not one a document: a
            // document's was made on one thread and freed on another, which waited on the
            // first's malloc arena some hundred times a warm run). Counted first, by id (not
            // in a map: every span of the report is looked up).
            let mut count: Vec<usize> = vec![0; corpus.next_id()];
            let mut last = vec![0; corpus.next_id()];
            // The documents each chunk reads back: those it is the first to show.
            let mut first_shown: Vec<Vec<FileId>> = vec![Vec::new(); ends.len()];
            let mut from = 0;
            for (chunk, &end) in ends.iter().enumerate() {
                for (file, _) in diagnostics[from..end]
                    .iter()
                    .flat_map(|d| self.shown_ranges(d))
                {
                    if count[file] == 0 {
                        first_shown[chunk].push(file);
                    }
                    count[file] += 1;
                    last[file] = chunk;
                }
                from = end;
            }
            // Where each document's ranges start, then (as they are placed) end.
            let mut at = count;
            let mut total = 0;
            for n in &mut at {
                (*n, total) = (total, total + *n);
            }
            let mut ranges = vec![0..0; total];
            for (file, range) in diagnostics.iter().flat_map(|d| self.shown_ranges(d)) {
                ranges[at[file]] = range.clone();
                at[file] += 1;
            }
            let shown = ShownRanges {
                ranges,
                end: at,
                last,
            };
            (shown, first_shown)
        };
        let (lines, (shown, first_shown)) = rayon::join(
            || saved.as_mut().and_then(|saved| saved.read(2)),
            gather_shown,
        );
        if lines.is_none() && self.used_decision {
            // The decision read whole but for its lines: saved again, with its findings.
            let findings = saved.as_mut().and_then(|saved| saved.read(1));
            self.to_save =
                findings.and_then(|part| self.start_decision(corpus, |w| w.write_all(&part)));
        }
        drop(saved);
        let index = lines.as_deref().map(excerpts).unwrap_or_default();
        // The lines shown of each document read back, encoded, when the decision is saved.
        let mut to_save: Vec<(FileId, Vec<u8>)> = Vec::new();
        let saving = self.to_save.is_some() && self.cache.is_some();
        let lines_only = shows == Shows::Positions;
        // Each chunk's documents (those it is the first to show), with the last chunk that
        // shows one.
        let mut to_read = (first_shown.into_iter()).map(|mut files| {
            files.sort_unstable();
            let files: Vec<(FileId, usize)> =
                files.into_iter().map(|id| (id, shown.last[id])).collect();
            files
        });
        let this = &*self;
        let shown = &shown;
        let read = |files: Vec<(FileId, usize)>, corpus: &Corpus| {
            (files.into_par_iter())
                .map(|(id, last)| {
                    let keep = shown.of(id);
                    let source = this.excerpt(corpus, &index, id, keep, lines_only);
                    let save = source.as_ref().ok().filter(|_| saving);
                    let save = save.and_then(|source| this.saved_excerpt(corpus, id, keep, source));
                    (id, last, source, save)
                })
                .collect::<Vec<_>>()
        };
        // The documents read back, each with the source it had and the last chunk it is in.
        let mut held: Vec<(FileId, Source, usize)> = Vec::new();
        let mut unreadable = Vec::new();
        let mut from = 0;
        let mut next = read(to_read.next().unwrap_or_default(), corpus);
        for (number, &end) in ends.iter().enumerate() {
            let chunk = &diagnostics[from..end];
            from = end;
            for (id, last, source, save) in std::mem::take(&mut next) {
                to_save.extend(save.map(|bytes| (id, bytes)));
                match source {
                    Ok(source) => held.push((id, corpus.restore_source(id, source), last)),
                    Err(e) => unreadable.push(e),
                }
            }
            let upcoming = to_read.next().unwrap_or_default();
            let Some((_, show)) = chunks.as_mut() else {
                next = read(upcoming, corpus);
                continue;
            };
            // The next chunk's documents are read while this one is shown (each of the two
            // keeps the cores about two thirds busy).
            rayon::in_place_scope(|scope| {
                let corpus = &*corpus;
                scope.spawn(|_| next = read(upcoming, corpus));
                show(corpus, chunk);
            });
            // Given back their source without text once no chunk to come shows them.
            let (done, rest) = (held.into_iter()).partition(|(_, _, last)| *last == number);
            held = rest;
            for (id, source, _) in done {
                corpus.restore_source(id, source);
            }
        }
        drop(index);
        drop(lines);
        if let Some(out) = self.to_save.take() {
            to_save.sort_unstable_by_key(|(id, _)| *id);
            self.finish_decision(out, &to_save);
        }
        unreadable.sort();
        unreadable
    }

    /// Whether a document registered without its text is read from `file` to show its
    /// findings (by its path as given, or as the file's real path).
    pub fn reads_back_from(&self, corpus: &Corpus, file: &Path) -> bool {
        let named = [std::path::absolute(file).ok(), file.canonicalize().ok()];
        (self.from_cache.iter())
            .filter_map(|&id| self.known(corpus, id)?.path.as_ref())
            .any(|path| named.iter().flatten().any(|p| p == path))
    }

    /// The ranges of files registered without their text that `d` shows: its spans', and its
    /// fix's.
    fn shown_ranges<'d>(
        &self,
        d: &'d Diagnostic,
    ) -> impl Iterator<Item = (FileId, &'d Range<usize>)> {
        let fix = d.fix.as_ref().map(|fix| (d.file(), &fix.range));
        (d.spans().map(|s| (s.file, &s.range)))
            .chain(fix)
            .filter(|(file, _)| self.from_cache.contains(file))
    }

    /// The excerpt of document `id` that keeps `keep`: from the lines the cache kept of the
    /// same ranges of the same content (`index`), else read from its file; with `lines_only`,
    /// the source of its [`LineMap`] when it has one.
    fn excerpt(
        &self,
        corpus: &Corpus,
        index: &FxHashMap<&str, (u64, &[u8])>,
        id: FileId,
        keep: &[Range<usize>],
        lines_only: bool,
    ) -> Result<Source, String> {
        let name = corpus.source(id).name.as_str();
        let known = self.known(corpus, id);
        let lines = known.and_then(|k| k.lines.as_ref()).filter(|_| lines_only);
        if let Some(source) = lines.and_then(|lines| lines.source(name)) {
            return Ok(source);
        }
        let shown = index
            .get(name)
            .filter(|(hash, _)| Some(*hash) == known.and_then(|k| k.hash))
            .and_then(|(_, shown)| postcard::from_bytes::<Shown>(shown).ok());
        let kept = match shown {
            Some(Shown::Excerpt(saved, kept)) if *saved == *keep => Source::from_kept(name, kept),
            Some(Shown::Lines(map)) if lines_only => LineMap::from_bytes(&map).source(name),
            _ => None,
        };
        if let Some(source) = kept {
            return Ok(source);
        }
        let Some(path) = known.and_then(|k| k.path.as_ref()) else {
            return Err(format!("{name}: no file to read"));
        };
        super::read_regular(path)
            .and_then(|bytes| String::from_utf8(bytes).map_err(std::io::Error::other))
            .map(|text| Source::excerpt(name, &text, keep))
            .map_err(|e| format!("{}: {e}", path.display()))
    }

    /// What was shown of document `id` (`keep`, kept by `source`, or its line map), encoded
    /// as the decision saves it ([`SavedExcerpt`]); `None` for a document the decision cannot
    /// name.
    fn saved_excerpt(
        &self,
        corpus: &Corpus,
        id: FileId,
        keep: &[Range<usize>],
        source: &Source,
    ) -> Option<Vec<u8>> {
        let known = self.known(corpus, id)?;
        let shown = match source.kept() {
            Some(kept) => Shown::Excerpt(Cow::Borrowed(keep), kept),
            None => Shown::Lines(Cow::Borrowed(known.lines.as_ref()?.as_bytes())),
        };
        let shown = postcard::to_allocvec(&shown).ok()?;
        let excerpt = SavedExcerpt {
            name: &source.name,
            hash: known.hash?,
            lines: Blob(&shown),
        };
        postcard::to_allocvec(&excerpt).ok()
    }

    /// What `--verbose` says: how many files were linted and how many came from the cache.
    pub fn report(&self, corpus: &Corpus) -> Option<String> {
        self.cache.as_ref()?;
        let cached = self.from_cache.len() - self.checked_here.len();
        let mut s = format!(
            "info: linted {} of {} files; {cached} unchanged, from the cache",
            corpus.docs.len() - cached,
            corpus.docs.len()
        );
        if self.used_decision {
            s.push_str(" with their corpus decision");
        }
        if self.confirmed > 0 {
            s.push_str(&format!(
                " ({} of them read to confirm: changed too recently to trust their time)",
                self.confirmed
            ));
        }
        Some(s)
    }
}

/// What [`check_streamed`] keeps of a file: its [`Checked`] (at file 0, placed later), the
/// hash of its text and, as the report [`Shows`], its lines.
type Streamed = (Box<Checked>, u64, Option<LineMap>);

/// The per-document pass over a file as it is read, for [`Run::read`] ([`Streamed`]); its
/// text is dropped. A document with a
/// finding outside itself is not streamed (its text is given back, to be registered).
fn check_streamed(
    input: &Input,
    text: String,
    rules: &RuleSet,
    layout: Option<Layout>,
    shows: Shows,
) -> (ReadOutcome, Option<Streamed>) {
    let format = Format::from_path(&input.name);
    let doc = super::document(0, input.name.clone(), text, format, false, layout);
    let checked = engine::check_document(&doc, rules);
    if checked.diagnostics.foreign() || doc.format_error.is_some() {
        return (ReadOutcome::Text(doc.source.text), None);
    }
    let hash = content_hash(doc.text().as_bytes());
    let lines = match shows {
        Shows::Positions => LineMap::of(&doc.source),
        Shows::Lines => None,
    };
    (
        ReadOutcome::Text(String::new()),
        Some((Box::new(checked), hash, lines)),
    )
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::render::{human, json};

    #[test]
    fn a_part_read_back_hashes_as_it_was_written() {
        // Parts of no block, of part of one, of several and a piece, written in writes of
        // sizes that do not fit the blocks.
        for len in [0, 10, HASH_BLOCK, 3 * HASH_BLOCK + 17] {
            let bytes: Vec<u8> = (0..len).map(|i| (i * 31 % 251) as u8).collect();
            let mut file = tempfile::tempfile().unwrap();
            write_part(&mut file, |part| {
                for piece in bytes.chunks(1000) {
                    part.write_all(piece)?;
                }
                Ok(())
            })
            .unwrap();
            let mut saved = Vec::new();
            file.seek(SeekFrom::Start(0)).unwrap();
            file.read_to_end(&mut saved).unwrap();
            let hash = u64::from_le_bytes(saved[8..16].try_into().unwrap());
            assert_eq!(saved[16..], bytes[..]);
            assert_eq!(hash, part_hash(&bytes), "{len} bytes");
            // A byte changed anywhere changes it.
            if let Some(last) = bytes.len().checked_sub(1) {
                let mut damaged = bytes.clone();
                damaged[last] ^= 1;
                assert_ne!(hash, part_hash(&damaged), "{len} bytes");
            }
        }
    }

    /// Texts whose findings point into other files (names written in two orders), carry
    /// fixes, and come several to a file (also the report's chunks' test).
    pub(crate) const TEXTS: [(&str, &str); 4] = [
        (
            "a.txt",
            "Takeshi Funakoshi met the press.  He sent an e-mail .\n",
        ),
        (
            "b.txt",
            "Later, Funakoshi Takeshi said he would reply by email.\n",
        ),
        (
            "c.md",
            "# Notes\n\nthe two  sides met Funakoshi Takeshi\n\nthe the end\n",
        ),
        ("d.txt", "Takeshi Funakoshi ,  again.\n"),
    ];

    /// Writes `texts` into `dir`; the inputs that name them, as often as asked.
    fn written<'a>(dir: &'a Path, texts: &'a [(&str, &str)]) -> impl Fn() -> Vec<Input> + 'a {
        for (name, text) in texts {
            std::fs::write(dir.join(name), text).unwrap();
        }
        move || {
            (texts.iter())
                .map(|(name, _)| Input {
                    name: name.to_string(),
                    path: Some(dir.join(name)),
                    source: None,
                })
                .collect()
        }
    }

    /// `inputs` as `check` reads them when streaming: each checked as read, registered
    /// without its text, then decided.
    fn streamed(inputs: &impl Fn() -> Vec<Input>, shows: Shows) -> (Corpus, Run, Vec<Diagnostic>) {
        let mut corpus = Corpus::new();
        let mut rules = RuleSet::build(&mut corpus, &Config::default()).unwrap();
        let reading = Reading {
            stream: true,
            shows,
            ..Reading::default()
        };
        let (mut run, reads) = Run::read(None, &inputs(), &rules, reading);
        let registered = super::super::register(&mut corpus, inputs(), reads, None, None);
        run.registered(registered.inputs);
        let mut diagnostics = run.lint(&corpus, &mut rules);
        engine::sort_and_dedup(&mut diagnostics);
        (corpus, run, diagnostics)
    }

    /// The human and JSON renderings of `diagnostics` as `show` gets them.
    fn rendered(corpus: &Corpus, diagnostics: &[Diagnostic], out: &mut (Vec<u8>, Vec<u8>)) {
        let mut buffer = codespan_reporting::term::termcolor::Buffer::no_color();
        human::findings(&mut buffer, corpus, diagnostics, &|_| false);
        out.0.extend_from_slice(buffer.as_slice());
        let first = out.1.is_empty();
        (json::Findings::default())
            .write(&mut out.1, corpus, diagnostics, first)
            .unwrap();
    }

    /// Mapped from unaligned offsets, across pages; read when empty.
    #[test]
    fn a_part_mapped_or_read_is_the_files_bytes() {
        let bytes: Vec<u8> = (0..20_000u32).map(|i| (i * 7 % 251) as u8).collect();
        let mut file = tempfile::tempfile().unwrap();
        file.write_all(&bytes).unwrap();
        for (start, len) in [
            (0, 0),
            (0, 1),
            (8, 4096),
            (4095, 2),
            (4096, 9000),
            (5, 19_995),
        ] {
            file.seek(SeekFrom::Start(start as u64)).unwrap();
            let part = Part::read(&mut file, start as u64, len).unwrap();
            assert_eq!(&part[..], &bytes[start..start + len], "{start} {len}");
        }
    }

    #[test]
    fn findings_read_back_a_chunk_at_a_time_show_as_read_back_whole() {
        let dir = tempfile::tempdir().unwrap();
        let inputs = written(dir.path(), &TEXTS);
        let streamed = || streamed(&inputs, Shows::Lines);
        let (mut corpus, mut run, diagnostics) = streamed();
        assert!(corpus.docs.iter().all(|d| d.source.text.is_empty()));
        assert!(
            diagnostics
                .iter()
                .any(|d| d.labels.iter().any(|l| l.span.file != d.file()))
        );
        assert!(diagnostics.iter().any(|d| d.fix.is_some()));
        assert!(run.read_back(&mut corpus, &diagnostics).is_empty());
        let mut whole = Default::default();
        rendered(&corpus, &diagnostics, &mut whole);
        assert!(String::from_utf8_lossy(&whole.0).contains("met the press"));
        for files in [1, 2, usize::MAX] {
            let (mut corpus, mut run, diagnostics) = streamed();
            let mut chunks = 0;
            let mut shown = Default::default();
            let show = &mut |corpus: &Corpus, chunk: &[Diagnostic]| {
                chunks += 1;
                rendered(corpus, chunk, &mut shown);
            };
            let unreadable =
                run.read_back_in_chunks(&mut corpus, &diagnostics, files, Shows::Lines, show);
            assert!(unreadable.is_empty());
            assert_eq!(chunks, TEXTS.len().div_ceil(files));
            let text = String::from_utf8_lossy(&shown.0);
            assert!(shown == whole, "{files} files at a time: {text}");
            // Each excerpt given back once shown.
            assert!(corpus.docs.iter().all(|d| d.source.text.is_empty()));
        }
    }

    #[test]
    fn a_report_of_lines_and_columns_reads_no_file_again_and_shows_what_one_of_the_text_does() {
        let dir = tempfile::tempdir().unwrap();
        let texts = [
            (
                "a.txt",
                "\u{feff}Takeshi Funakoshi met “the press” .\r\nHe said  so.\n",
            ),
            (
                "b.txt",
                "Later, Funakoshi Takeshi — the minister — said he would reply .\n",
            ),
            ("c.txt", &"北京 said the the same thing .\n".repeat(3)),
        ];
        let inputs = written(dir.path(), &texts);
        let short = |corpus: &Corpus, chunk: &[Diagnostic], out: &mut Vec<u8>| {
            crate::render::short::write(out, corpus, chunk, &|_| false).unwrap();
        };
        let (mut corpus, mut run, diagnostics) = streamed(&inputs, Shows::Lines);
        assert!(run.read_back(&mut corpus, &diagnostics).is_empty());
        let mut whole = Vec::new();
        short(&corpus, &diagnostics, &mut whole);
        let (mut corpus, mut run, diagnostics) = streamed(&inputs, Shows::Positions);
        // Gone before the report: only their lines are shown, from what the run kept.
        for (name, _) in texts {
            std::fs::remove_file(dir.path().join(name)).unwrap();
        }
        let mut shown = Vec::new();
        let show = &mut |corpus: &Corpus, chunk: &[Diagnostic]| short(corpus, chunk, &mut shown);
        let unreadable =
            run.read_back_in_chunks(&mut corpus, &diagnostics, 1, Shows::Positions, show);
        assert!(unreadable.is_empty(), "{unreadable:?}");
        let text = String::from_utf8_lossy(&whole);
        assert_eq!(String::from_utf8_lossy(&shown), text);
        assert!(
            text.contains("a.txt:1:") && text.contains("b.txt:1:") && text.contains("c.txt:2:"),
            "{text}"
        );
    }
}
