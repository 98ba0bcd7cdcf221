//! The document model: one file as read, byte spans into it, and a line index.
//!
//! The original bytes are never rewritten. Rules read [`Document::prose`], a copy of the
//! text of exactly the same length in which everything that is not prose (Markdown code,
//! HTML comments, front matter, URLs, a BOM) is replaced by [`MASK`] bytes. Because the copy
//! has the same length, every byte offset a rule finds in it is also an offset into the
//! original file, so spans and fixes always point at the user's real bytes.
//!
//! In Markdown the block structure is not prose either: list markers and their padding,
//! block-quote markers, heading markers, table rules, hard line breaks and the `!` of an image
//! are masked, so no rule flags (or "fixes") the spaces that make a list a list. Pairing and
//! doubling are checked within [`Document::blocks`]: Markdown's leaf blocks, or in plain text
//! paragraphs, or single lines when the file holds one segment per line ([`Layout`]).
//!
//! The readers of the bilingual formats (PO, XLIFF, TMX, TSV, TBX) live in [`formats`]: they
//! are the document model of those files, so the model reads no module above it.

use std::borrow::Cow;
use std::ops::Range;

use regex::Regex;
use regex_automata::{Input, meta};
use std::sync::{LazyLock, OnceLock};

use formats::FormatError;
pub use line_map::LineMap;
use line_map::Widths;

pub mod ascii;
pub mod formats;
pub mod leb128;
mod line_map;

/// Filler for masked bytes: not whitespace, not a word character, not punctuation, so no
/// spacing, word or sentence rule can fire on it or on its edges by accident.
pub const MASK: u8 = 0x01;

/// Index of a source in a [`SourceMap`]: a linted document or a config file.
pub type FileId = usize;

/// A byte range in one file.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Span {
    pub file: FileId,
    pub range: Range<usize>,
}

impl Span {
    pub fn new(file: FileId, range: Range<usize>) -> Self {
        Span { file, range }
    }
}

/// What kind of text a file holds, which decides what is masked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Plain,
    Markdown,
    /// gettext PO or POT: the `msgstr` text is the prose.
    Po,
    /// XLIFF 1.2 or 2.0: the `<target>` text is the prose.
    Xliff,
    /// TMX: the text of every `<seg>` not in the source language is the prose.
    Tmx,
    /// `source<TAB>target` lines: the target column is the prose.
    Tsv,
}

impl Format {
    pub fn from_path(path: &str) -> Format {
        let lower = path.to_ascii_lowercase();
        let ext = lower.rsplit_once('.').map_or("", |(_, ext)| ext);
        match ext {
            "md" | "markdown" => Format::Markdown,
            "po" | "pot" => Format::Po,
            "xlf" | "xliff" => Format::Xliff,
            "tmx" => Format::Tmx,
            "tsv" => Format::Tsv,
            _ => Format::Plain,
        }
    }
}

/// How a plain-text file divides into independent segments, within which quotes and brackets
/// pair up and a word can double the one before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// Paragraphs separated by blank lines: an article, a hard-wrapped text.
    Paragraphs,
    /// One segment per line and no blank lines: machine-translation pipelines, subtitles and
    /// the WMT data store text this way; a line's quote never pairs with the next line's.
    Lines,
}

impl Layout {
    /// [`Layout::Lines`] for a text of several lines, none blank, whose line breaks look like
    /// segment boundaries: at most a quarter of them fall mid-sentence (the line does not end
    /// with sentence punctuation and the next starts in lower case). Hard-wrapped prose breaks
    /// mid-sentence on most lines; segment-per-line text almost never does.
    pub fn detect(text: &str) -> Layout {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let body = text.trim_end_matches(['\n', '\r']);
        // The lines of `body` as `str::lines` cuts them (`body` ends in no line break), found
        // with the `memchr` crate: core's search for a char is several times slower, and this
        // reads every byte of every plain-text document.
        let mut start = 0;
        let mut lines = memchr::memchr_iter(b'\n', body.as_bytes())
            .chain([body.len()])
            .map(|end| {
                let line = &body[start..end];
                start = end + 1;
                line.trim_end_matches('\r')
            });
        let Some(mut before) = lines.next() else {
            return Layout::Paragraphs;
        };
        if is_blank(before) {
            return Layout::Paragraphs;
        }
        let (mut breaks, mut mid_sentence) = (0, 0);
        for line in lines {
            if is_blank(line) {
                return Layout::Paragraphs;
            }
            breaks += 1;
            mid_sentence += usize::from(!ends_segment(before) && !starts_segment(line));
            before = line;
        }
        if breaks > 0 && mid_sentence * 4 <= breaks {
            Layout::Lines
        } else {
            Layout::Paragraphs
        }
    }
}

/// Whether `line` is empty or only whitespace. Most lines start with a visible ASCII byte,
/// which says no at once.
fn is_blank(line: &str) -> bool {
    !line.as_bytes().first().is_some_and(u8::is_ascii_graphic) && line.trim().is_empty()
}

/// A line that ends as a sentence or heading ends: sentence punctuation, possibly inside
/// closing quotes or brackets.
fn ends_segment(line: &str) -> bool {
    // Most lines end in a letter or a full stop: their last byte decides, with nothing to
    // trim.
    if let Some(&b) = line.as_bytes().last()
        && b.is_ascii_graphic()
        && !matches!(b, b'"' | b'\'' | b')' | b']' | b'*')
    {
        return matches!(b, b'.' | b'!' | b'?' | b':' | b';');
    }
    let end = line
        .trim_end()
        .trim_end_matches(['"', '\'', '”', '’', ')', '）', '」', '』', ']', '*']);
    end.ends_with(['.', '!', '?', ':', ';', '…', '。', '！', '？', '：', '；'])
}

/// A line that starts as a segment does: not a lower-case letter.
fn starts_segment(line: &str) -> bool {
    // A visible ASCII first byte is the first character, with nothing to trim.
    if let Some(&b) = line.as_bytes().first()
        && b.is_ascii_graphic()
    {
        return !b.is_ascii_lowercase();
    }
    line.trim_start()
        .chars()
        .next()
        .is_some_and(|c| !c.is_lowercase())
}

/// One source text and its line index. Used for documents and for config files alike.
#[derive(Debug, Clone)]
pub struct Source {
    pub name: String,
    pub text: String,
    /// Byte offset of the start of each line. Line 1 starts after a BOM, so columns
    /// count from the first visible character.
    line_starts: Vec<usize>,
    /// Characters before every [`CHECKPOINT`]-th byte, so a column is counted in bounded
    /// time however long its line is (a minified or 10 MB single-line file).
    char_checkpoints: Vec<usize>,
    /// Set when `text` is not the whole file. Boxed: most sources are.
    part: Option<Box<Part>>,
}

/// What a [`Source`] that is not its whole file holds of it.
#[derive(Debug, Clone)]
enum Part {
    /// Some of its lines ([`Source::excerpt`]).
    Excerpt(Excerpt),
    /// None of its text, but where its lines start and its characters are
    /// ([`LineMap::source`]).
    Lines(Widths),
}

/// Where the lines an excerpt keeps are in the file: runs of whole lines, in file order,
/// laid end to end in the excerpt's text. Offsets and lines given to a [`Source`] are the
/// file's; it translates them to its text.
#[derive(Debug, Clone)]
struct Excerpt {
    runs: Vec<LineRun>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
struct LineRun {
    /// Byte offset of the run in the file, and in the excerpt's text.
    file: usize,
    text: usize,
    len: usize,
    /// 0-based line of its first line in the file, and in the excerpt's line index.
    file_line: usize,
    text_line: usize,
}

/// What an excerpt ([`Source::excerpt`]) keeps, as plain data: the cache saves it, so a
/// run over unchanged files shows their findings without reading them ([`Source::from_kept`]).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Kept<'a> {
    text: Cow<'a, str>,
    line_starts: Cow<'a, [usize]>,
    runs: Cow<'a, [LineRun]>,
}

/// Bytes between entries of [`Source`]'s character index.
const CHECKPOINT: usize = 4096;

fn is_char_start(b: u8) -> bool {
    b & 0xC0 != 0x80
}

/// The characters in `bytes`. Summed in `u8` over 255 bytes at a time, which cannot overflow
/// and is vectorised sixteen bytes to an instruction (a sum in `u32`, four; `filter().count()`
/// is not vectorised at all).
fn chars_in(bytes: &[u8]) -> usize {
    bytes
        .chunks(255)
        .map(|chunk| {
            chunk
                .iter()
                .fold(0u8, |n, &b| n + u8::from(is_char_start(b))) as usize
        })
        .sum()
}

impl Source {
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        let text = text.into();
        let line_starts = line_starts(&text);
        Source::indexed(name, text, line_starts)
    }

    /// A source of `text` whose lines start at `line_starts`.
    fn indexed(name: impl Into<String>, text: String, line_starts: Vec<usize>) -> Self {
        let mut chars = 0;
        let mut char_checkpoints = Vec::with_capacity(text.len() / CHECKPOINT + 2);
        char_checkpoints.push(0);
        for chunk in text.as_bytes().chunks(CHECKPOINT) {
            chars += chars_in(chunk);
            char_checkpoints.push(chars);
        }
        Source {
            name: name.into(),
            text,
            line_starts,
            char_checkpoints,
            part: None,
        }
    }

    /// The source of a file that keeps only the lines `keep` touches (a range's end counts,
    /// so its line and column can be given) and single lines between them, to show findings
    /// without holding the file.
    /// Lines, columns and slices of what is kept are the file's; other lines are empty.
    pub fn excerpt(name: impl Into<String>, file: &str, keep: &[Range<usize>]) -> Source {
        let starts = line_starts(file);
        let line_of = |byte: usize| line_containing(&starts, byte.min(file.len()));
        let mut lines: Vec<(usize, usize)> = keep
            .iter()
            .map(|r| (line_of(r.start), line_of(r.end.max(r.start))))
            .collect();
        lines.sort_unstable();
        let line_start = |line: usize| if line == 0 { 0 } else { starts[line] };
        let line_end = |line: usize| starts.get(line + 1).copied().unwrap_or(file.len());
        let mut text = String::new();
        let mut local_starts = Vec::new();
        let mut runs: Vec<LineRun> = Vec::new();
        for (first, last) in lines {
            if let Some(run) = runs.last_mut() {
                let next = run.file_line + (local_starts.len() - run.text_line);
                // Touching or overlapping the last run, one line after it (codespan shows a
                // line between two labelled ones), or after a lone CR that a line starting
                // with LF would join into one CRLF: extend the last run.
                let joins = text.ends_with('\r') && file[line_start(first)..].starts_with('\n');
                if first <= next + 1 || joins {
                    let added = starts.get(next..=last).unwrap_or(&[]);
                    local_starts.extend(added.iter().map(|s| s - run.file + run.text));
                    let end = line_end(last.max(next.saturating_sub(1)));
                    if end > run.file + run.len {
                        text.push_str(&file[run.file + run.len..end]);
                        run.len = end - run.file;
                    }
                    continue;
                }
            }
            let (from, to) = (line_start(first), line_end(last));
            runs.push(LineRun {
                file: from,
                text: text.len(),
                len: to - from,
                file_line: first,
                text_line: local_starts.len(),
            });
            let added = &starts[first..=last];
            local_starts.extend(added.iter().map(|s| s - from + text.len()));
            text.push_str(&file[from..to]);
        }
        if local_starts.is_empty() {
            local_starts.push(0);
        }
        // A report over an archive holds one excerpt per file with a finding until it is
        // written: not with the room their growth left (up to as much again).
        text.shrink_to_fit();
        local_starts.shrink_to_fit();
        runs.shrink_to_fit();
        let mut source = Source::indexed(name, text, local_starts);
        source.part = Some(Box::new(Part::Excerpt(Excerpt { runs })));
        source
    }

    /// What an excerpt keeps (`None` for a source that is the whole file).
    pub fn kept(&self) -> Option<Kept<'_>> {
        let e = self.excerpt_runs()?;
        Some(Kept {
            text: Cow::Borrowed(&self.text),
            line_starts: Cow::Borrowed(&self.line_starts),
            runs: Cow::Borrowed(&e.runs),
        })
    }

    /// The excerpt that kept `kept`, as [`Source::excerpt`] made it; `None` when `kept` is not
    /// one an excerpt could keep (a damaged cache), so the caller reads the file instead.
    pub fn from_kept(name: impl Into<String>, kept: Kept) -> Option<Source> {
        let Kept {
            text,
            line_starts,
            runs,
        } = kept;
        let (line_starts, runs) = (line_starts.into_owned(), runs.into_owned());
        let boundary = |at: usize| text.is_char_boundary(at);
        let lines_fit = !line_starts.is_empty()
            && line_starts.windows(2).all(|w| w[0] <= w[1])
            && line_starts.iter().all(|&s| boundary(s));
        let runs_fit = runs.iter().all(|r| {
            r.file >= r.text
                && r.text_line < line_starts.len()
                && r.text.checked_add(r.len).is_some_and(boundary)
                && boundary(r.text)
        }) && runs.windows(2).all(|w| {
            let (a, b) = (w[0], w[1]);
            a.file + a.len <= b.file
                && a.text + a.len == b.text
                && a.file_line < b.file_line
                && a.text_line < b.text_line
        });
        if !lines_fit || !runs_fit {
            return None;
        }
        let mut source = Source::indexed(name, text.into_owned(), line_starts);
        source.part = Some(Box::new(Part::Excerpt(Excerpt { runs })));
        Some(source)
    }

    /// The runs of lines kept, for an excerpt.
    fn excerpt_runs(&self) -> Option<&Excerpt> {
        match self.part.as_deref() {
            Some(Part::Excerpt(e)) => Some(e),
            _ => None,
        }
    }

    /// The widths of the characters, for a source that holds none of its file's text.
    fn widths(&self) -> Option<&Widths> {
        match self.part.as_deref() {
            Some(Part::Lines(w)) => Some(w),
            _ => None,
        }
    }

    /// Where byte `byte` of the file is in `text` (an offset between kept lines goes to the
    /// end of the run before it).
    pub fn local(&self, byte: usize) -> usize {
        let Some(e) = self.excerpt_runs() else {
            return byte;
        };
        let i = e.runs.partition_point(|r| r.file <= byte);
        match i.checked_sub(1).map(|i| e.runs[i]) {
            Some(r) => r.text + (byte - r.file).min(r.len),
            None => 0,
        }
    }

    /// The file's line of a line of `text`'s index.
    fn file_line(&self, line: usize) -> usize {
        let Some(e) = self.excerpt_runs() else {
            return line;
        };
        let i = e.runs.partition_point(|r| r.text_line <= line);
        match i.checked_sub(1).map(|i| e.runs[i]) {
            Some(r) => r.file_line + (line - r.text_line),
            None => line,
        }
    }

    /// The line of `text`'s index that is the file's `line`, if kept.
    fn text_line(&self, line: usize) -> Option<usize> {
        if self.widths().is_some() {
            return None;
        }
        let Some(e) = self.excerpt_runs() else {
            return Some(line);
        };
        let i = e.runs.partition_point(|r| r.file_line <= line);
        let r = e.runs.get(i.checked_sub(1)?)?;
        let local = r.text_line + (line - r.file_line);
        let next = e
            .runs
            .get(i)
            .map_or(self.line_starts.len(), |n| n.text_line);
        (local < next).then_some(local)
    }

    /// The text of a byte range of the file, if it is kept.
    pub fn slice(&self, range: Range<usize>) -> Option<&str> {
        if self.excerpt_runs().is_none() {
            return self.text.get(range);
        }
        let (start, end) = (self.local(range.start), self.local(range.end));
        (end - start == range.end.checked_sub(range.start)?)
            .then(|| self.text.get(start..end))
            .flatten()
    }

    /// [`Source::line_index`] and [`Source::line_range`] in `text`'s coordinates: the file's
    /// line of an offset into `text`, and the range in `text` of the file's line, with its
    /// line break (codespan reads the text this way).
    pub fn text_line_index(&self, local: usize) -> usize {
        self.file_line(self.local_line(local))
    }

    pub fn text_line_range(&self, line: usize) -> Option<Range<usize>> {
        let local = self.text_line(line)?;
        let start = *self.line_starts.get(local)?;
        let end = self
            .line_starts
            .get(local + 1)
            .copied()
            .unwrap_or(self.text.len());
        Some(start..end)
    }

    /// Characters that start in `from..to` (`from <= to`, at most the file's length).
    fn chars_between(&self, from: usize, to: usize) -> usize {
        match self.widths() {
            Some(widths) => widths.chars_between(from, to),
            // A range shorter than a checkpoint's span is counted directly (most are).
            None if to - from <= CHECKPOINT => chars_in(&self.text.as_bytes()[from..to]),
            None => self.chars_before(to) - self.chars_before(from),
        }
    }

    /// The length of `text`, or of the file when it holds none of it.
    fn len(&self) -> usize {
        self.widths().map_or(self.text.len(), |w| w.len)
    }

    /// Characters that start before `byte` (at most `text.len()`).
    fn chars_before(&self, byte: usize) -> usize {
        let k = byte / CHECKPOINT;
        let from = k * CHECKPOINT;
        self.char_checkpoints[k] + chars_in(&self.text.as_bytes()[from..byte])
    }

    pub fn line_starts(&self) -> &[usize] {
        &self.line_starts
    }

    /// 0-based line index of a byte offset.
    pub fn line_index(&self, byte: usize) -> usize {
        self.file_line(self.local_line(self.local(byte)))
    }

    /// [`Source::line_index`] for offsets given mostly in increasing order (a document's name
    /// mentions, in text order): each found by walking on from the last one's line, not by a
    /// search of every line. An offset before the last is searched for.
    pub fn line_cursor(&self) -> impl FnMut(usize) -> usize + '_ {
        let mut line = 0;
        move |byte| {
            if self.excerpt_runs().is_some() {
                return self.line_index(byte);
            }
            if byte < self.line_starts[line] {
                line = self.local_line(byte);
            }
            while self
                .line_starts
                .get(line + 1)
                .is_some_and(|&next| next <= byte)
            {
                line += 1;
            }
            line
        }
    }

    /// The line of `text`'s index of an offset into `text`.
    fn local_line(&self, byte: usize) -> usize {
        line_containing(&self.line_starts, byte)
    }

    /// The byte range of a 0-based line, without its line terminator (empty for a line an
    /// excerpt does not keep).
    pub fn line_range(&self, line: usize) -> Range<usize> {
        let Some(local) = self.text_line(line) else {
            return 0..0;
        };
        let range = self.local_line_range(local);
        let shift = self.file_offset(range.start);
        range.start + shift..range.end + shift
    }

    /// The file's offset of an offset into `text`.
    pub fn file_offset_of(&self, local: usize) -> usize {
        local + self.file_offset(local)
    }

    /// How far the file's offset of an offset into `text` is past it (0 for a source that is
    /// the whole file).
    fn file_offset(&self, local: usize) -> usize {
        let Some(e) = self.excerpt_runs() else {
            return 0;
        };
        let i = e.runs.partition_point(|r| r.text <= local);
        i.checked_sub(1)
            .map_or(0, |i| e.runs[i].file - e.runs[i].text)
    }

    fn local_line_range(&self, line: usize) -> Range<usize> {
        let start = self.line_starts[line];
        let mut end = self
            .line_starts
            .get(line + 1)
            .copied()
            .unwrap_or(self.text.len());
        let bytes = self.text.as_bytes();
        if end > start && bytes[end - 1] == b'\n' {
            end -= 1;
        }
        if end > start && bytes[end - 1] == b'\r' {
            end -= 1;
        }
        start..end.max(start)
    }

    /// 1-based line and column (in Unicode scalar values) of a byte offset.
    pub fn line_col(&self, byte: usize) -> (usize, usize) {
        let byte = self.local(byte).min(self.len());
        self.line_col_on(self.local_line(byte), byte)
    }

    /// [`Source::line_col`] of an offset into `text` on `text`'s line `line`.
    fn line_col_on(&self, line: usize, byte: usize) -> (usize, usize) {
        let start = self.line_starts[line].min(byte);
        (
            self.file_line(line) + 1,
            self.chars_between(start, byte) + 1,
        )
    }

    /// [`Source::line_col`] of a range's start and of its end. An end on the start's line (most
    /// findings') is counted on from the start, without looking its line up again.
    pub fn line_cols(&self, range: Range<usize>) -> ((usize, usize), (usize, usize)) {
        let (from, to) = (self.local(range.start), self.local(range.end));
        let (from, to) = (from.min(self.len()), to.min(self.len()));
        let line = self.local_line(from);
        let start = self.line_col_on(line, from);
        // No line starts in `from + 1..=to`: `to` is on `line`, which starts at or before `from`.
        let same_line = self.line_starts[line] <= from
            && from <= to
            && self.line_starts.get(line + 1).is_none_or(|&next| to < next);
        if !same_line {
            return (start, self.line_col(range.end));
        }
        let column = start.1 + self.chars_between(from, to);
        (start, (start.0, column))
    }
}

/// The index of the line holding `byte`, given the starts of the lines.
fn line_containing(starts: &[usize], byte: usize) -> usize {
    match starts.binary_search(&byte) {
        Ok(i) => i,
        Err(i) => i.saturating_sub(1),
    }
}

fn line_starts(text: &str) -> Vec<usize> {
    let first = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let bytes = text.as_bytes();
    // Sized once: counting the line feeds is a fast pass, where pushing would grow it many
    // times over.
    let mut starts = Vec::with_capacity(memchr::memchr_iter(b'\n', bytes).count() + 1);
    starts.push(first);
    // Most files have no CR: then a search for one byte, cheaper than for either of two.
    if memchr::memchr(b'\r', bytes).is_none() {
        starts.extend(memchr::memchr_iter(b'\n', bytes).map(|i| i + 1));
        return starts;
    }
    for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
        // A CRLF pair ends one line; a lone CR ends a line too (old Mac files).
        if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
            continue;
        }
        starts.push(i + 1);
    }
    starts
}

/// One translation unit of a bilingual document: the source text and where its translation
/// (the target) is in the document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Segment {
    /// The source text, unescaped.
    pub source: String,
    /// Byte range of the target text in the document: one line of an aligned pair, one
    /// unit or plural form of a PO, XLIFF, TMX or TSV file.
    pub target: Range<usize>,
    /// Where the source text is, for labels: in the document itself (PO, XLIFF) or in the
    /// partner file of an aligned pair when that file is registered; `None` otherwise.
    pub source_span: Option<Span>,
    /// The unit's flags, as PO `#,` comments give them: `c-format`, `python-format`, `fuzzy`...
    pub flags: Vec<String>,
}

/// The source side of a bilingual document, segment by segment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bitext {
    /// Language of the source text, lower case: "zh", "ja", "ko", "en"...; empty if unknown.
    pub source_lang: String,
    /// Language of the target text, as the file says or "en" for aligned pairs; empty if unknown.
    pub target_lang: String,
    /// In document order.
    pub segments: Vec<Segment>,
}

/// An aligned pair whose two files do not have the same number of lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Misaligned {
    pub target_lines: usize,
    pub source_lines: usize,
}

impl Bitext {
    /// Pairs line N of `target` with line N of `source` (a Moses-style aligned pair, such as
    /// `STEM.en` beside `STEM.zh`). Empty lines at the end of either file are not counted, so
    /// a missing or extra final newline does not misalign the pair. `source_file` is the id
    /// under which `source` is registered, if it is.
    pub fn aligned(
        target: &Source,
        source: &Source,
        source_file: Option<FileId>,
        source_lang: &str,
    ) -> Result<Bitext, Misaligned> {
        let target_lines = content_lines(target);
        let source_lines = content_lines(source);
        if target_lines != source_lines {
            return Err(Misaligned {
                target_lines,
                source_lines,
            });
        }
        let segments = (0..target_lines)
            .map(|line| {
                let range = source.line_range(line);
                Segment {
                    source: source.text[range.clone()].to_string(),
                    target: target.line_range(line),
                    source_span: source_file.map(|file| Span::new(file, range)),
                    flags: Vec::new(),
                }
            })
            .collect();
        Ok(Bitext {
            source_lang: source_lang.to_string(),
            target_lang: "en".to_string(),
            segments,
        })
    }

    /// The same segments over a new version of an aligned target (after a fix), line by line.
    fn realigned(&self, target: &Source) -> Bitext {
        let segments = self
            .segments
            .iter()
            .zip(0..content_lines(target))
            .map(|(segment, line)| Segment {
                target: target.line_range(line),
                ..segment.clone()
            })
            .collect();
        Bitext {
            source_lang: self.source_lang.clone(),
            target_lang: self.target_lang.clone(),
            segments,
        }
    }
}

/// Lines of `source`, not counting empty lines at its end.
pub fn content_lines(source: &Source) -> usize {
    let mut lines = source.line_starts().len();
    while lines > 0 && source.line_range(lines - 1).is_empty() {
        lines -= 1;
    }
    lines
}

/// A file to lint: its source and the masked prose view rules read.
#[derive(Debug, Clone)]
pub struct Document {
    pub id: FileId,
    pub source: Source,
    pub format: Format,
    /// Same length as `source.text`; non-prose bytes replaced by [`MASK`].
    pub prose: String,
    /// How a plain-text document divides into segments (Markdown has its own blocks).
    pub layout: Layout,
    /// The units within which quotes and brackets pair and words double, in order: Markdown's
    /// leaf blocks (a paragraph, a heading, a list item's text, a table cell), else the
    /// paragraphs of plain text, or its lines under [`Layout::Lines`]. Each range runs from
    /// the block's first prose byte to its last.
    pub blocks: Vec<Range<usize>>,
    /// The source side, for a translation read with its source; `None` for monolingual text.
    /// Boxed, as the error below: a run holds every document, and most have neither.
    pub bitext: Option<Box<Bitext>>,
    /// Why a bilingual file could not be read (nothing of it is then linted).
    pub format_error: Option<Box<FormatError>>,
    /// Per segment of `bitext`, its target decoded ([`formats::decode`]) where that differs
    /// from the text as written: every `source/…` rule reads every target, so it is decoded
    /// once, on first use ([`Document::decoded_targets`]).
    pub decoded: OnceLock<Vec<Option<Box<str>>>>,
}

// Searched in spans of a file, with what is around them in view ([`links`]).
static URL: LazyLock<meta::Regex> = LazyLock::new(|| {
    meta::Regex::new(r"(?i)(?-u:\b)(?:(?:https?|ftp)://[^\s<>()\[\]]+|www\.[a-z0-9-]+\.[^\s<>()\[\]]+|[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}(?-u:\b))").unwrap()
});

impl Document {
    pub fn new(id: FileId, name: impl Into<String>, text: impl Into<String>) -> Self {
        let name = name.into();
        let format = Format::from_path(&name);
        Self::with_format(id, name, text, format)
    }

    /// A document whose layout is detected from its text ([`Layout::detect`]; Markdown's
    /// blocks are its own).
    pub fn with_format(
        id: FileId,
        name: impl Into<String>,
        text: impl Into<String>,
        format: Format,
    ) -> Self {
        let text = text.into();
        let layout = match format {
            Format::Plain => Layout::detect(&text),
            _ => Layout::Paragraphs,
        };
        Self::with_layout(id, name, text, format, layout)
    }

    /// A document with the layout given (from lint.toml's `layout`), not detected.
    pub fn with_layout(
        id: FileId,
        name: impl Into<String>,
        text: impl Into<String>,
        format: Format,
        layout: Layout,
    ) -> Self {
        let source = Source::new(name, text);
        let (prose, blocks, bitext, format_error) = match formats::parse(format, &source.text, id) {
            None => {
                let (prose, blocks) = mask(&source.text, format);
                (prose, blocks, None, None)
            }
            // Each unit's target is a block.
            Some(Ok(parsed)) => (
                mask_bilingual(&source.text, &parsed),
                parsed
                    .bitext
                    .segments
                    .iter()
                    .map(|s| s.target.clone())
                    .collect(),
                Some(parsed.bitext),
                None,
            ),
            Some(Err(e)) => (mask_all(&source.text), Vec::new(), None, Some(e)),
        };
        let mut doc = Document {
            id,
            source,
            format,
            prose,
            layout,
            blocks,
            bitext: bitext.map(Box::new),
            format_error: format_error.map(Box::new),
            decoded: OnceLock::new(),
        };
        if format == Format::Plain {
            doc.blocks = match layout {
                Layout::Paragraphs => Paragraphs { doc: &doc, line: 0 }.collect(),
                Layout::Lines => (0..doc.source.line_starts().len())
                    .filter(|&line| !doc.is_blank_line(line))
                    .map(|line| doc.source.line_range(line))
                    .collect(),
            };
        }
        doc
    }

    /// This document with new text (after a fix), keeping its name, format, layout and source
    /// side.
    pub fn with_text(&self, text: impl Into<String>) -> Document {
        let mut doc = Document::with_layout(self.id, self.name(), text, self.format, self.layout);
        if doc.bitext.is_none() && doc.format_error.is_none() {
            doc.bitext = (self.bitext.as_ref()).map(|b| Box::new(b.realigned(&doc.source)));
        }
        doc
    }

    pub fn name(&self) -> &str {
        &self.source.name
    }

    /// Whether the text rules read is Chinese, Japanese or Korean (the target of a bilingual
    /// file in one of those languages), not English.
    pub fn is_cjk_target(&self) -> bool {
        self.bitext
            .as_ref()
            .is_some_and(|b| matches!(b.target_lang.as_str(), "zh" | "ja" | "ko"))
    }

    pub fn text(&self) -> &str {
        &self.source.text
    }

    /// Per segment of the bitext, its target decoded, or `None` where it reads as written
    /// (or its range is not in the text).
    pub fn decoded_targets(&self) -> &[Option<Box<str>>] {
        self.decoded.get_or_init(|| {
            let segments = self.bitext.as_ref().map_or(&[][..], |b| &b.segments[..]);
            segments
                .iter()
                .map(
                    |s| match formats::decode(self.format, self.text().get(s.target.clone())?) {
                        Cow::Owned(decoded) => Some(decoded.into_boxed_str()),
                        Cow::Borrowed(_) => None,
                    },
                )
                .collect()
        })
    }

    pub fn span(&self, range: Range<usize>) -> Span {
        Span::new(self.id, range)
    }

    /// Paragraphs of the prose view: runs of lines separated by blank lines.
    /// Each range excludes the final line terminator.
    pub fn paragraphs(&self) -> impl Iterator<Item = Range<usize>> + '_ {
        Paragraphs { doc: self, line: 0 }
    }

    /// Whether a 0-based line of the prose view holds nothing but whitespace and masks.
    pub fn is_blank_line(&self, line: usize) -> bool {
        let r = self.source.line_range(line);
        self.prose.as_bytes()[r]
            .iter()
            .all(|&b| b == b' ' || b == b'\t' || b == MASK)
    }
}

struct Paragraphs<'a> {
    doc: &'a Document,
    line: usize,
}

impl Iterator for Paragraphs<'_> {
    type Item = Range<usize>;

    fn next(&mut self) -> Option<Range<usize>> {
        let lines = self.doc.source.line_starts().len();
        while self.line < lines && self.doc.is_blank_line(self.line) {
            self.line += 1;
        }
        if self.line >= lines {
            return None;
        }
        let start = self.doc.source.line_range(self.line).start;
        let mut end = start;
        while self.line < lines && !self.doc.is_blank_line(self.line) {
            end = self.doc.source.line_range(self.line).end;
            self.line += 1;
        }
        Some(start..end)
    }
}

/// Every byte masked but line breaks: a file that could not be parsed.
fn mask_all(text: &str) -> String {
    into_prose(masked_bytes(text))
}

fn masked_bytes(text: &str) -> Vec<u8> {
    text.bytes()
        .map(|b| if b == b'\n' || b == b'\r' { b } else { MASK })
        .collect()
}

/// Masks `range` of `bytes`, but its line breaks.
fn blank(bytes: &mut [u8], range: Range<usize>) {
    for b in &mut bytes[range] {
        if *b != b'\n' && *b != b'\r' {
            *b = MASK;
        }
    }
}

/// Every masked byte is ASCII and multi-byte characters are masked whole, so a prose view is
/// still valid UTF-8; fall back to the lossy path rather than panic if that ever broke.
fn into_prose(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// The prose view of a bilingual file: literal target text only, without placeholders,
/// markup or URLs.
fn mask_bilingual(text: &str, parsed: &formats::Parsed) -> String {
    let mut bytes = masked_bytes(text);
    for r in &parsed.text {
        if let (Some(to), Some(from)) = (bytes.get_mut(r.clone()), text.as_bytes().get(r.clone())) {
            to.copy_from_slice(from);
        }
    }
    // The URLs that the prose view of plain text hides, where they fall on literal target
    // text; elsewhere (and the byte-order mark) it is masked already.
    for r in target_links(text, &parsed.bitext.segments) {
        blank(&mut bytes, r);
    }
    for &(i, shown) in &parsed.shown {
        if let Some(to) = bytes.get_mut(i) {
            *to = shown;
        }
    }
    let mut prose = into_prose(bytes);
    use formats::placeholders::{Kind, find};
    let mut hide = Vec::new();
    for segment in &parsed.bitext.segments {
        // A target cut inside a character is skipped, as slicing the prose there would.
        let Some(target) = prose.get(segment.target.clone()) else {
            continue;
        };
        for p in find(target, &[Kind::Printf, Kind::Brace, Kind::Markup]) {
            hide.push(segment.target.start + p.range.start..segment.target.start + p.range.end);
        }
    }
    for r in hide {
        // Whole characters of a valid text: masked in place, not validated again.
        let masked: String = prose[r.clone()]
            .bytes()
            .map(|b| match b {
                b'\n' | b'\r' => char::from(b),
                _ => char::from(MASK),
            })
            .collect();
        prose.replace_range(r, &masked);
    }
    prose
}

/// What the prose view of plain text masks: a byte-order mark, URLs and e-mail addresses.
fn hidden_in_plain(text: &str) -> Vec<Range<usize>> {
    let mut hidden = Vec::new();
    if text.starts_with('\u{feff}') {
        hidden.push(0..3);
    }
    // Most prose has no URL or address: skip the regex unless one could be there.
    if may_link(text.as_bytes()) {
        hidden.extend(links(text, 0..text.len()));
    }
    hidden
}

/// Whether a file may have a URL or address for [`hidden_in_plain`] to search.
fn may_link(bytes: &[u8]) -> bool {
    memchr::memchr(b'@', bytes).is_some()
        || memchr::memmem::find(bytes, b"://").is_some()
        || memchr::memmem::find(bytes, b"www.").is_some()
        || memchr::memmem::find(bytes, b"WWW.").is_some()
}

/// The URLs and addresses of `text` that start in `span`, as a search through the whole text
/// finds them, each without the sentence punctuation after it. No match crosses a line
/// break, so a span that ends at one (or at the end) finds every match that starts in it.
fn links(text: &str, span: Range<usize>) -> impl Iterator<Item = Range<usize>> + '_ {
    URL.find_iter(Input::new(text).span(span)).map(|m| {
        // A sentence full stop right after a URL belongs to the prose.
        let trimmed = text[m.range()].trim_end_matches(['.', ',', ';', ':', '!', '?', '"', '\'']);
        m.start()..m.start() + trimmed.len()
    })
}

/// The URLs and addresses that [`hidden_in_plain`] finds in a bilingual file and that start in
/// a target, searched only in the targets. No match crosses into a target from before it (a
/// target starts after a quote, a tab or markup, which no link starts with or crosses a line
/// break to), so each target is searched from its start to the end of its line.
fn target_links(text: &str, segments: &[Segment]) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    if !may_link(bytes) {
        return found;
    }
    // Every match has an `@`, a `://` or a `www.` in any case: where they are, sorted, so a
    // target without one is passed over without a search.
    let mut marks: Vec<usize> = memchr::memchr_iter(b'@', bytes).collect();
    marks.extend(memchr::memmem::find_iter(bytes, b"://"));
    marks.extend(
        memchr::memchr_iter(b'.', bytes)
            .filter(|&i| i >= 3 && bytes[i - 3..i].eq_ignore_ascii_case(b"www"))
            .map(|i| i - 3),
    );
    marks.sort_unstable();
    for segment in segments {
        let Range { start, end } = segment.target;
        let next = marks.get(marks.partition_point(|&m| m < start));
        let (Some(&mark), true) = (next, start <= end && end <= text.len()) else {
            continue;
        };
        // A mark has no line break: one before the line's end is whole in the span.
        let line_end = memchr::memchr(b'\n', &bytes[end..]).map_or(text.len(), |i| end + i);
        if mark < line_end {
            found.extend(links(text, start..line_end).take_while(|r| r.start < end));
        }
    }
    found
}

/// Builds the prose view of `text`, and for Markdown its blocks.
fn mask(text: &str, format: Format) -> (String, Vec<Range<usize>>) {
    let mut blocks = Vec::new();
    let mut hidden = Vec::new();
    if format == Format::Markdown {
        let markdown = markdown_structure(text);
        hidden = markdown.non_prose;
        blocks = markdown.blocks;
    }
    hidden.extend(hidden_in_plain(text));
    // Most plain text hides nothing: its prose is its text, valid without a second look.
    if hidden.is_empty() {
        return (text.to_owned(), blocks);
    }
    let mut bytes = text.as_bytes().to_vec();
    for range in hidden {
        blank(&mut bytes, range);
    }
    (into_prose(bytes), blocks)
}

/// What the Markdown parser tells about a file: the bytes that are not prose, and the leaf
/// blocks.
struct Markdown {
    non_prose: Vec<Range<usize>>,
    blocks: Vec<Range<usize>>,
}

/// Whether a tag is inline (inside a paragraph, heading or cell) rather than a block.
fn is_inline(tag: &pulldown_cmark::TagEnd) -> bool {
    use pulldown_cmark::TagEnd;
    matches!(
        tag,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link
            | TagEnd::Image
    )
}

/// Parses `text` as Markdown: code, HTML, front matter, link targets and the block structure
/// (every byte of a line before its first inline content, when that is more than a
/// top-level paragraph's indent; lines with no inline content at all; hard line breaks) are
/// not prose.
fn markdown_structure(text: &str) -> Markdown {
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

    let mut non_prose = Vec::new();
    let mut blocks = Vec::new();
    // Where inline content starts (whole ranges of text and code, the opening byte of inline
    // elements), and the ranges of list items, quotes and footnotes.
    let mut content: Vec<Range<usize>> = Vec::new();
    let mut containers: Vec<Range<usize>> = Vec::new();
    let mut block: Option<Range<usize>> = None;
    let mut verbatim = 0usize;
    let options = Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS
        | Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH;
    let mut block_start = None;
    for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
        let inline = match &event {
            Event::Start(tag) => is_inline(&tag.to_end()),
            Event::End(tag) => is_inline(tag),
            Event::Text(_)
            | Event::Code(_)
            | Event::InlineMath(_)
            | Event::InlineHtml(_)
            | Event::FootnoteReference(_)
            | Event::SoftBreak
            | Event::HardBreak
            | Event::TaskListMarker(_) => verbatim == 0,
            Event::Html(_) | Event::DisplayMath(_) | Event::Rule => false,
        };
        if inline {
            block = Some(match block.take() {
                Some(b) => b.start.min(range.start)..b.end.max(range.end),
                None => range.clone(),
            });
        } else if let Some(b) = block.take() {
            blocks.push(b);
        }
        match event {
            Event::Start(Tag::CodeBlock(_)) | Event::Start(Tag::MetadataBlock(_)) => {
                verbatim += 1;
                block_start = Some(range.start)
            }
            Event::End(TagEnd::CodeBlock) | Event::End(TagEnd::MetadataBlock(_)) => {
                verbatim = verbatim.saturating_sub(1);
                non_prose.push(block_start.take().unwrap_or(range.start)..range.end)
            }
            Event::Start(Tag::Item)
            | Event::Start(Tag::BlockQuote(_))
            | Event::Start(Tag::FootnoteDefinition(_)) => containers.push(range),
            Event::Code(_) | Event::InlineHtml(_) | Event::InlineMath(_) => {
                content.push(range.clone());
                non_prose.push(range)
            }
            Event::Html(_) | Event::DisplayMath(_) => non_prose.push(range),
            Event::Text(_) | Event::FootnoteReference(_) if verbatim == 0 => content.push(range),
            // Two trailing spaces or a backslash before a line break: a hard line break.
            Event::HardBreak => non_prose.push(range),
            Event::Start(Tag::Link { .. }) | Event::Start(Tag::Image { .. }) => {
                content.push(range.start..range.start + 1);
                let image = text[range.clone()].starts_with('!');
                // `[text](target)`: the text is prose, the target after "](" is not.
                if let Some(close) = text[range.clone()].rfind("](") {
                    non_prose.push(range.start + close + 1..range.end);
                } else if text[range.clone()].starts_with('<') {
                    non_prose.push(range.clone());
                }
                // The `!` of `![alt](src)` belongs to the image, not to the sentence.
                if image {
                    non_prose.push(range.start..range.start + 1);
                }
            }
            Event::Start(tag) if is_inline(&tag.to_end()) => {
                content.push(range.start..range.start + 1)
            }
            _ => {}
        }
    }
    if let Some(b) = block {
        blocks.push(b);
    }
    // Reference definitions (`[id]: http://...`) produce no events; mask them line-wise.
    static REF_DEF: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?m)^ {0,3}\[[^\]\n]+\]:[^\n]*").unwrap());
    non_prose.extend(REF_DEF.find_iter(text).map(|m| m.range()));
    non_prose.extend(block_prefixes(text, &merge(content), &merge(containers)));
    Markdown { non_prose, blocks }
}

/// Sorted, disjoint ranges covering the same bytes as `ranges`.
fn merge(mut ranges: Vec<Range<usize>>) -> Vec<Range<usize>> {
    ranges.sort_by_key(|r| r.start);
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
    for r in ranges {
        match merged.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => merged.push(r),
        }
    }
    merged
}

/// The block structure of each line: the bytes before the line's first inline content
/// (`> `, `- `, `1.  `, `## `, `| `, a list item's continuation indent), and every
/// non-blank byte of a line with no inline content (`---`, `|---|`, a setext underline, an
/// empty `>`). A top-level paragraph's own indent is left to the prose rules. `content` and
/// `containers` are sorted and disjoint.
fn block_prefixes(
    text: &str,
    content: &[Range<usize>],
    containers: &[Range<usize>],
) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let inside = |ranges: &[Range<usize>], at: usize| {
        let i = ranges.partition_point(|r| r.end <= at);
        ranges.get(i).is_some_and(|r| r.start <= at)
    };
    let mut out = Vec::new();
    let starts = line_starts(text);
    for (n, &start) in starts.iter().enumerate() {
        let mut end = starts.get(n + 1).copied().unwrap_or(text.len());
        while end > start && matches!(bytes[end - 1], b'\n' | b'\r') {
            end -= 1;
        }
        let first = content.partition_point(|r| r.end <= start);
        match content.get(first).filter(|r| r.start < end) {
            Some(r) => {
                let prefix = start..r.start.max(start);
                let structural = bytes[prefix.clone()]
                    .iter()
                    .any(|b| !b.is_ascii_whitespace())
                    || inside(containers, start);
                if !prefix.is_empty() && structural {
                    out.push(prefix);
                }
            }
            None => {
                let mut at = start;
                while at < end {
                    let run = bytes[at..end]
                        .iter()
                        .position(|b| b.is_ascii_whitespace())
                        .map_or(end, |i| at + i);
                    if run > at {
                        out.push(at..run);
                    }
                    at = run + 1;
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_cursor_gives_the_line_index_of_each_offset_in_any_order() {
        let texts = [
            "one\ntwo\r\nthree\n\nfive",
            "\u{feff}bom\nline",
            "",
            "\n\n\n",
            "no line break",
        ];
        for text in texts {
            let source = Source::new("f", text);
            let excerpt = Source::excerpt("f", text, &[0..1, text.len()..text.len()]);
            for source in [&source, &excerpt] {
                let forward: Vec<usize> = (0..=text.len() + 2).collect();
                let back: Vec<usize> = forward.iter().rev().copied().collect();
                let mixed: Vec<usize> = forward
                    .iter()
                    .map(|&b| (b * 7) % (text.len() + 3))
                    .collect();
                for order in [forward, back, mixed] {
                    let mut line_of = source.line_cursor();
                    for byte in order {
                        assert_eq!(line_of(byte), source.line_index(byte), "{text:?} {byte}");
                    }
                }
            }
        }
    }

    #[test]
    fn a_ranges_line_and_columns_are_those_of_its_ends() {
        // Lines longer than a checkpoint's span, a BOM, CR and CRLF, characters of 1-4 bytes.
        let long = "aé中𝄞 ".repeat(CHECKPOINT / 3);
        let texts = [
            format!("{long}\n{long}\r\nshort\rline\n"),
            format!("\u{feff}é{long}"),
            String::new(),
        ];
        for text in &texts {
            let source = Source::new("f", text.as_str());
            let n = text.len();
            let bytes: Vec<usize> = (0..=n + 2)
                .step_by(389)
                .chain([0, 1, 3, n, n + 1])
                .collect();
            for &a in &bytes {
                for &b in &bytes {
                    let both = (source.line_col(a), source.line_col(b));
                    assert_eq!(source.line_cols(a..b), both, "{a}..{b} of {n}");
                }
            }
        }
    }

    #[test]
    fn an_excerpt_gives_the_lines_columns_and_text_of_what_it_keeps() {
        let texts = [
            "\u{feff}first line\nsecond é line\nthird\nfourth\nfifth\n",
            "one\r\ntwo\r\n\r\nfour\rfive\r\nsix",
            "a\r\nb\rc\n\nd\n",
            "",
            "no break at all",
        ];
        for text in texts {
            let full = Source::new("f", text);
            let n = text.len();
            // Every choice of one or two ranges: a position of the excerpt is the file's.
            let cuts: Vec<usize> = (0..=n).filter(|&b| text.is_char_boundary(b)).collect();
            for &a in &cuts {
                for &b in cuts.iter().filter(|&&b| b >= a) {
                    let one = std::iter::once(a..b).collect();
                    for keep in [one, vec![a..a, b..b], vec![b..b, 0..a]] {
                        let ex = Source::excerpt("f", text, &keep);
                        // As saved in the cache and taken back: the same excerpt.
                        let kept = ex.kept().expect("an excerpt keeps lines");
                        let back = Source::from_kept("f", kept.clone()).expect("taken back");
                        assert_eq!(back.kept(), Some(kept));
                        for ex in [ex, back] {
                            for r in &keep {
                                let both = (full.line_col(r.start), full.line_col(r.end));
                                assert_eq!(ex.line_cols(r.clone()), both, "{text:?} {keep:?}");
                                assert_eq!(full.line_cols(r.clone()), both, "{text:?} {keep:?}");
                                for byte in [r.start, r.end] {
                                    assert_eq!(
                                        ex.line_col(byte),
                                        full.line_col(byte),
                                        "{text:?} {keep:?} {byte}"
                                    );
                                    let line = full.line_index(byte);
                                    assert_eq!(ex.line_index(byte), line);
                                    assert_eq!(
                                        ex.slice(ex.line_range(line)),
                                        full.slice(full.line_range(line))
                                    );
                                }
                                assert_eq!(
                                    ex.slice(r.clone()),
                                    full.slice(r.clone()),
                                    "{text:?} {keep:?}"
                                );
                            }
                        }
                    }
                }
            }
        }
        let ex = Source::excerpt("f", texts[0], std::slice::from_ref(&(30..31)));
        assert!(ex.text.len() < texts[0].len() / 2, "{:?}", ex.text);
        assert!(
            Source::new("f", texts[0]).kept().is_none(),
            "a whole file is no excerpt"
        );
        assert_eq!(ex.line_range(0), 0..0, "a line not kept is empty");
    }

    #[test]
    fn kept_lines_that_no_excerpt_could_keep_are_refused() {
        let text = "one\ntwo é\nthree\nfour\nfive\n";
        let excerpt = Source::excerpt("f", text, &[5..6, 23..24]);
        let kept = excerpt.kept().unwrap();
        assert_eq!(kept.runs.len(), 2);
        let damaged = [
            Kept {
                line_starts: Cow::Owned(vec![]),
                ..kept.clone()
            },
            Kept {
                line_starts: Cow::Owned(vec![0, 99]),
                ..kept.clone()
            },
            Kept {
                // Inside the two bytes of "é".
                line_starts: Cow::Owned(vec![0, 5]),
                ..kept.clone()
            },
            Kept {
                text: Cow::Borrowed("two"),
                ..kept.clone()
            },
            Kept {
                runs: kept.runs.iter().rev().copied().collect(),
                ..kept.clone()
            },
        ];
        for bad in damaged {
            assert!(Source::from_kept("f", bad.clone()).is_none(), "{bad:?}");
        }
        assert!(Source::from_kept("f", kept).is_some());
    }

    #[test]
    fn columns_count_scalars_and_skip_bom() {
        let src = Source::new("a", "\u{feff}héllo\r\nwörld");
        assert_eq!(src.line_col(3), (1, 1));
        assert_eq!(src.line_col(3 + "hé".len()), (1, 3));
        let world = src.text.find('w').unwrap();
        assert_eq!(src.line_col(world), (2, 1));
        assert_eq!(src.line_range(0), 3..3 + "héllo".len());
    }

    #[test]
    fn lone_cr_ends_a_line() {
        let src = Source::new("a", "one\rtwo\n");
        assert_eq!(src.line_col(4), (2, 1));
        assert_eq!(src.line_range(0), 0..3);
    }

    #[test]
    fn lines_and_characters_are_counted_as_a_byte_loop_counts_them() {
        // Lines start after every LF, and after every CR that no LF follows.
        let naive_starts = |text: &str| {
            let bytes = text.as_bytes();
            let first = if text.starts_with('\u{feff}') { 3 } else { 0 };
            let mut starts = vec![first];
            for (i, &b) in bytes.iter().enumerate() {
                if b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')) {
                    starts.push(i + 1);
                }
            }
            starts
        };
        let pieces = [
            "\n", "\r", "\r\n", "\n\r", "ab", "é", "東京", "\u{feff}", " ",
        ];
        let mut state = 3u32;
        for _ in 0..500 {
            let mut text = String::new();
            for _ in 0..(state >> 20) % 400 {
                state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                text.push_str(pieces[(state >> 16) as usize % pieces.len()]);
            }
            state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            assert_eq!(line_starts(&text), naive_starts(&text), "{text:?}");
            let bytes = text.as_bytes();
            for cut in [0, 1, 254, 255, 256, 511, 1000, bytes.len()] {
                let part = &bytes[..cut.min(bytes.len())];
                let naive = part.iter().filter(|&&b| is_char_start(b)).count();
                assert_eq!(chars_in(part), naive, "{text:?}");
            }
        }
    }

    #[test]
    fn links_in_targets_are_masked_as_a_search_through_the_whole_file_masks_them() {
        let po = concat!(
            "# see http://example.com/comment\n",
            "msgid \"Visit http://example.com/a, or write to a@example.com.\"\n",
            "msgstr \"http://example.com/a を見るか a@example.com へ。\"\n\n",
            "msgid \"x\"\nmsgstr \"\"\n\"Www.Example.org/x\\\"q\\\" \"\n\"と www.example.\" #c\n\n",
            "msgid \"y\"\nmsgstr \"見る http://\"\n\n",
            "msgid \"z\"\nmsgid_plural \"zs\"\nmsgstr[0] \"ftp://f.org/a.\"\nmsgstr[1] \"b@c.de\"\n",
        );
        let tsv = "see www.a.org\twww.a.org を見る\nmail x@y.org\tx@y.org http://b.c/d\n";
        let xliff = concat!(
            "<xliff version=\"1.2\"><file source-language=\"en\" target-language=\"ja\"><body>",
            "<trans-unit id=\"1\"><source>at http://a.org</source>",
            "<target>http://a.org/x<g id=\"1\">www.b.org</g></target></trans-unit>",
            "</body></file></xliff>\n",
        );
        for (name, text) in [("a.po", po), ("a.tsv", tsv), ("a.xlf", xliff)] {
            let parsed = formats::parse(Format::from_path(name), text, 0)
                .unwrap()
                .unwrap();
            let masked = |hidden: Vec<Range<usize>>| {
                let mut bytes = masked_bytes(text);
                for r in &parsed.text {
                    bytes[r.clone()].copy_from_slice(&text.as_bytes()[r.clone()]);
                }
                for r in hidden {
                    blank(&mut bytes, r);
                }
                bytes
            };
            let whole_file = masked(hidden_in_plain(text));
            assert_ne!(
                whole_file,
                masked(Vec::new()),
                "{name} has links in targets"
            );
            assert_eq!(
                masked(target_links(text, &parsed.bitext.segments)),
                whole_file,
                "{name}"
            );
        }
    }

    #[test]
    fn markdown_code_and_urls_are_masked_in_place() {
        let text = "Say `the the` and see https://x.org/a .\n\n```\nsolutions .\n```\n";
        let doc = Document::new(0, "a.md", text);
        assert_eq!(doc.prose.len(), text.len());
        assert!(!doc.prose.contains("the the"));
        assert!(!doc.prose.contains("solutions"));
        assert!(!doc.prose.contains("x.org"));
        assert!(doc.prose.starts_with("Say "));
    }

    #[test]
    fn plain_text_keeps_backticks() {
        let doc = Document::new(0, "a.txt", "Say `the the`.");
        assert_eq!(doc.prose, doc.text());
    }

    /// [`Layout::detect`] as first written: `str::lines`, trimming every line.
    fn detect_naive(text: &str) -> Layout {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let body = text.trim_end_matches(['\n', '\r']);
        let lines: Vec<&str> = body.lines().map(|l| l.trim_end_matches('\r')).collect();
        if lines.len() < 2 || lines.iter().any(|l| l.trim().is_empty()) {
            return Layout::Paragraphs;
        }
        let breaks = lines.len() - 1;
        let mid_sentence = lines
            .windows(2)
            .filter(|pair| {
                let end = pair[0]
                    .trim_end()
                    .trim_end_matches(['"', '\'', '”', '’', ')', '）', '」', '』', ']', '*']);
                let ends =
                    end.ends_with(['.', '!', '?', ':', ';', '…', '。', '！', '？', '：', '；']);
                let starts = pair[1]
                    .trim_start()
                    .chars()
                    .next()
                    .is_some_and(|c| !c.is_lowercase());
                !ends && !starts
            })
            .count();
        if mid_sentence * 4 <= breaks {
            Layout::Lines
        } else {
            Layout::Paragraphs
        }
    }

    #[test]
    fn layout_is_detected_as_trimming_every_line_would() {
        // Line ends and starts of every kind the fast paths pass to the slow ones, in pairs
        // of lines, so that each end meets each start.
        let ends = [
            "a.", "a", "a:", "a.\"", "a\")", "a.”", "a。", "a …", "a.\u{b}", "a\t", "a ", "a.*",
            "Straße", "a;\r", "",
        ];
        let starts = [
            "b",
            "B",
            "\"b",
            " b",
            "\u{b}b",
            "ébc",
            "Éb",
            "\u{3000}b",
            "1",
            "\r",
            " ",
            "—b",
        ];
        let mut texts = vec![String::new(), "\u{feff}".into(), "a\n\r\n".into()];
        for end in ends {
            for start in starts {
                texts.push(format!("{end}\n{start}\n"));
                texts.push(format!("\u{feff}{start}\r\n{end}\r\n{end}"));
                texts.push(format!("{end}\n{start}\n{start}.\n{end}\n\n"));
            }
        }
        for text in &texts {
            assert_eq!(Layout::detect(text), detect_naive(text), "{text:?}");
        }
    }

    #[test]
    fn one_segment_per_line_is_detected_and_wrapped_prose_is_not() {
        let segments = "The talks failed.\nThe minister said \"no\".\nTalks resume on Monday\n";
        assert_eq!(Layout::detect(segments), Layout::Lines);
        let wrapped = "The talks failed after the minister\nsaid no, and they resume on\nMonday, officials said.\n";
        assert_eq!(Layout::detect(wrapped), Layout::Paragraphs);
        assert_eq!(Layout::detect("One.\n\nTwo.\nThree.\n"), Layout::Paragraphs);
        assert_eq!(Layout::detect("Only one line.\n"), Layout::Paragraphs);
        let doc = Document::new(0, "a.txt", segments);
        assert_eq!(doc.blocks.len(), 3);
        assert_eq!(&doc.text()[doc.blocks[2].clone()], "Talks resume on Monday");
    }

    #[test]
    fn markdown_structure_is_masked_and_prose_kept() {
        let text = "#  Title\n\n1.  First  item\n>  Quoted\n\nSee ![alt](a.png) .\nbreak  \nnext\n\n| a | b |\n|---|:-:|\n";
        let doc = Document::new(0, "a.md", text);
        let prose = doc.prose.replace(MASK as char, "~");
        assert_eq!(
            prose,
            "~~~Title\n\n~~~~First  item\n~~~Quoted\n\nSee ~[alt]~~~~~~~ .\nbreak~~\nnext\n\n~~a | b |\n~~~~~~~~~\n"
        );
        let blocks: Vec<&str> = doc.blocks.iter().map(|r| &text[r.clone()]).collect();
        assert_eq!(
            blocks,
            [
                "Title",
                "First  item",
                "Quoted",
                "See ![alt](a.png) .\nbreak  \nnext",
                "a",
                "b"
            ]
        );
    }

    #[test]
    fn aligned_pairs_line_n_with_line_n() {
        let target = Source::new("a.en", "One.\r\nTwo.\n");
        let source = Source::new("a.zh", "一。\n二。");
        let bitext = Bitext::aligned(&target, &source, Some(7), "zh").unwrap();
        assert_eq!(bitext.source_lang, "zh");
        let pairs: Vec<_> = bitext
            .segments
            .iter()
            .map(|s| (s.source.as_str(), &target.text[s.target.clone()]))
            .collect();
        assert_eq!(pairs, [("一。", "One."), ("二。", "Two.")]);
        let second = bitext.segments[1].source_span.clone().unwrap();
        assert_eq!(second.file, 7);
        assert_eq!(&source.text[second.range], "二。");
    }

    #[test]
    fn aligned_pair_with_a_missing_line_is_misaligned() {
        let target = Source::new("a.en", "One.\n\nThree.\n\n");
        let source = Source::new("a.zh", "一。\n二。\n三。\n四。\n");
        assert_eq!(
            Bitext::aligned(&target, &source, None, "zh"),
            Err(Misaligned {
                target_lines: 3,
                source_lines: 4
            })
        );
        // An empty line inside the file is a segment (an untranslated line), not the end.
        let source = Source::new("a.zh", "一。\n二。\n三。");
        assert_eq!(
            Bitext::aligned(&target, &source, None, "zh").map(|b| b.segments.len()),
            Ok(3)
        );
    }

    #[test]
    fn a_list_items_continuation_indent_is_structure_a_paragraphs_is_not() {
        let doc = Document::new(0, "a.md", "  Indented.\n\n- item\n\n  continued\n");
        assert!(doc.prose.starts_with("  Indented."));
        assert!(doc.prose.ends_with("\x01\x01continued\n"));
    }

    #[test]
    fn a_fixed_aligned_document_keeps_its_source_side() {
        let mut doc = Document::new(0, "a.en", "One  two.\nThree.\n");
        let source = Source::new("a.zh", "一二。\n三。\n");
        doc.bitext = Bitext::aligned(&doc.source, &source, None, "zh")
            .ok()
            .map(Box::new);
        let fixed = doc.with_text("One two.\nThree.\n");
        let bitext = fixed.bitext.unwrap();
        assert_eq!(bitext.segments[0].target, 0..8);
        assert_eq!(bitext.segments[1].source, "三。");
    }

    #[test]
    fn paragraphs_split_on_blank_lines() {
        let doc = Document::new(0, "a.txt", "a\nb\n\n  \nc\n");
        let paras: Vec<_> = doc.paragraphs().map(|r| &doc.text()[r]).collect();
        assert_eq!(paras, ["a\nb", "c"]);
    }
}
