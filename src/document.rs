//! The document model: one file as read, byte spans into it, and a line index.
//!
//! The original bytes are never rewritten. Rules read [`Document::prose`], a copy of the
//! text of exactly the same length in which everything that is not prose (Markdown code,
//! HTML comments, front matter, URLs, a BOM) is replaced by [`MASK`] bytes. Because the copy
//! has the same length, every byte offset a rule finds in it is also an offset into the
//! original file, so spans and fixes always point at the user's real bytes.

use std::ops::Range;

use regex::Regex;
use std::sync::LazyLock;

/// Filler for masked bytes: not whitespace, not a word character, not punctuation, so no
/// spacing, word or sentence rule can fire on it or on its edges by accident.
pub const MASK: u8 = 0x01;

/// Index of a source in a [`SourceMap`]: a linted document or a config file.
pub type FileId = usize;

/// A byte range in one file.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
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
}

impl Format {
    pub fn from_path(path: &str) -> Format {
        let lower = path.to_ascii_lowercase();
        if lower.ends_with(".md") || lower.ends_with(".markdown") {
            Format::Markdown
        } else {
            Format::Plain
        }
    }
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
}

/// Bytes between entries of [`Source`]'s character index.
const CHECKPOINT: usize = 4096;

fn is_char_start(b: u8) -> bool {
    b & 0xC0 != 0x80
}

impl Source {
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        let text = text.into();
        let line_starts = line_starts(&text);
        let mut chars = 0;
        let mut char_checkpoints = vec![0];
        for chunk in text.as_bytes().chunks(CHECKPOINT) {
            chars += chunk.iter().filter(|&&b| is_char_start(b)).count();
            char_checkpoints.push(chars);
        }
        Source {
            name: name.into(),
            text,
            line_starts,
            char_checkpoints,
        }
    }

    /// Characters that start before `byte` (at most `text.len()`).
    fn chars_before(&self, byte: usize) -> usize {
        let k = byte / CHECKPOINT;
        let from = k * CHECKPOINT;
        let partial = self.text.as_bytes()[from..byte]
            .iter()
            .filter(|&&b| is_char_start(b))
            .count();
        self.char_checkpoints[k] + partial
    }

    pub fn line_starts(&self) -> &[usize] {
        &self.line_starts
    }

    /// 0-based line index of a byte offset.
    pub fn line_index(&self, byte: usize) -> usize {
        match self.line_starts.binary_search(&byte) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        }
    }

    /// The byte range of a 0-based line, without its line terminator.
    pub fn line_range(&self, line: usize) -> Range<usize> {
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
        let byte = byte.min(self.text.len());
        let line = self.line_index(byte);
        let start = self.line_starts[line].min(byte);
        let column = self.chars_before(byte) - self.chars_before(start) + 1;
        (line + 1, column)
    }
}

fn line_starts(text: &str) -> Vec<usize> {
    let first = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let bytes = text.as_bytes();
    let mut starts = vec![first];
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
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    /// The source text, unescaped.
    pub source: String,
    /// Byte range of the target text in the document: one line of an aligned pair, one
    /// unit or plural form of a PO, XLIFF, TMX or TSV file.
    pub target: Range<usize>,
    /// Where the source text is, for labels: in the document itself (PO, XLIFF) or in the
    /// partner file of an aligned pair when that file is registered; `None` otherwise.
    pub source_span: Option<Span>,
}

/// The source side of a bilingual document, segment by segment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bitext {
    /// Language of the source text, lower case: "zh", "ja", "ko", "en"...
    pub source_lang: String,
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
                }
            })
            .collect();
        Ok(Bitext {
            source_lang: source_lang.to_string(),
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
    /// The source side, for a translation read with its source; `None` for monolingual text.
    pub bitext: Option<Bitext>,
}

static URL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:(?:https?|ftp)://[^\s<>()\[\]]+|www\.[a-z0-9-]+\.[^\s<>()\[\]]+|[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}(?-u:\b))").unwrap()
});

impl Document {
    pub fn new(id: FileId, name: impl Into<String>, text: impl Into<String>) -> Self {
        let name = name.into();
        let format = Format::from_path(&name);
        Self::with_format(id, name, text, format)
    }

    pub fn with_format(
        id: FileId,
        name: impl Into<String>,
        text: impl Into<String>,
        format: Format,
    ) -> Self {
        let source = Source::new(name, text);
        let prose = mask(&source.text, format);
        Document {
            id,
            source,
            format,
            prose,
            bitext: None,
        }
    }

    /// This document with new text (after a fix), keeping its name, format and source side.
    pub fn with_text(&self, text: impl Into<String>) -> Document {
        let mut doc = Document::with_format(self.id, self.name(), text, self.format);
        doc.bitext = self.bitext.as_ref().map(|b| b.realigned(&doc.source));
        doc
    }

    pub fn name(&self) -> &str {
        &self.source.name
    }

    pub fn text(&self) -> &str {
        &self.source.text
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

/// Builds the prose view of `text`.
fn mask(text: &str, format: Format) -> String {
    let mut bytes = text.as_bytes().to_vec();
    let mut blank = |range: Range<usize>| {
        for b in &mut bytes[range] {
            if *b != b'\n' && *b != b'\r' {
                *b = MASK;
            }
        }
    };
    if text.starts_with('\u{feff}') {
        blank(0..3);
    }
    if format == Format::Markdown {
        for range in markdown_non_prose(text) {
            blank(range);
        }
    }
    // Most prose has no URL or address: skip the regex unless one could be there.
    let may_link = memchr::memchr(b'@', text.as_bytes()).is_some()
        || memchr::memmem::find(text.as_bytes(), b"://").is_some()
        || memchr::memmem::find(text.as_bytes(), b"www.").is_some()
        || memchr::memmem::find(text.as_bytes(), b"WWW.").is_some();
    if may_link {
        for m in URL.find_iter(text) {
            // A sentence full stop right after a URL belongs to the prose.
            let trimmed = m
                .as_str()
                .trim_end_matches(['.', ',', ';', ':', '!', '?', '"', '\'']);
            blank(m.start()..m.start() + trimmed.len());
        }
    }
    // Every masked byte is ASCII and multi-byte characters are masked whole, so the result
    // is still valid UTF-8; fall back to the lossy path rather than panic if that ever broke.
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Byte ranges of a Markdown file that are not prose: code, HTML, front matter, link targets.
fn markdown_non_prose(text: &str) -> Vec<Range<usize>> {
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

    let mut ranges = Vec::new();
    let options = Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS
        | Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH;
    let mut block_start = None;
    for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(_)) | Event::Start(Tag::MetadataBlock(_)) => {
                block_start = Some(range.start)
            }
            Event::End(TagEnd::CodeBlock) | Event::End(TagEnd::MetadataBlock(_)) => {
                ranges.push(block_start.take().unwrap_or(range.start)..range.end)
            }
            Event::Code(_) | Event::Html(_) | Event::InlineHtml(_) | Event::InlineMath(_) => {
                ranges.push(range)
            }
            Event::DisplayMath(_) => ranges.push(range),
            Event::Start(Tag::Link { .. }) | Event::Start(Tag::Image { .. }) => {
                // `[text](target)`: the text is prose, the target after "](" is not.
                if let Some(close) = text[range.clone()].rfind("](") {
                    ranges.push(range.start + close + 1..range.end);
                } else if text[range.clone()].starts_with('<') {
                    ranges.push(range);
                }
            }
            _ => {}
        }
    }
    // Reference definitions (`[id]: http://...`) produce no events; mask them line-wise.
    static REF_DEF: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?m)^ {0,3}\[[^\]\n]+\]:[^\n]*").unwrap());
    ranges.extend(REF_DEF.find_iter(text).map(|m| m.range()));
    ranges
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn a_fixed_aligned_document_keeps_its_source_side() {
        let mut doc = Document::new(0, "a.en", "One  two.\nThree.\n");
        let source = Source::new("a.zh", "一二。\n三。\n");
        doc.bitext = Bitext::aligned(&doc.source, &source, None, "zh").ok();
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
