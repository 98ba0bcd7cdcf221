//! A file's lines without its text ([`LineMap`]): what a report of lines and columns needs of
//! a document that was checked as it was read and then dropped.

use super::leb128::{put_usize, take_usize};
use super::{Part, Source};

/// Where a file's lines start and where its characters of more than one byte are: all that
/// [`Source::line_col`] reads of a text. A run that checks a file as it reads it keeps this
/// in place of the text, so a report of lines and columns (`--format short`) reads no file
/// again. Held as LEB128 differences: a byte or two a line of prose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineMap(Box<[u8]>);

/// The characters of more than one byte of a file without its text ([`Source::lines_only`]),
/// to count characters as [`super::chars_in`] counts them in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Widths {
    /// The file's length in bytes.
    pub(super) len: usize,
    /// The offset of each character of more than one byte, and the continuation bytes (a
    /// character's bytes past its first) before it; then `(usize::MAX, all of them)`.
    wide: Vec<(usize, usize)>,
}

/// A character's continuation bytes, from its first byte (valid UTF-8: one of 0xC0..).
fn continuation_bytes(first: u8) -> usize {
    match first {
        0xF0.. => 3,
        0xE0.. => 2,
        _ => 1,
    }
}

impl LineMap {
    /// The map of a whole file's source; `None` for an excerpt, or when the map would not be
    /// much smaller than the text (a script of characters of more than one byte, such as
    /// Chinese): such a file is read again to be shown.
    pub fn of(source: &Source) -> Option<LineMap> {
        if source.part.is_some() {
            return None;
        }
        let text = source.text.as_bytes();
        let most = text.len() / 8 + 16;
        let mut bytes = Vec::with_capacity(source.line_starts.len() * 2 + 8);
        put_usize(&mut bytes, text.len());
        put_usize(&mut bytes, source.line_starts.len());
        let mut last = 0;
        for &start in &source.line_starts {
            put_usize(&mut bytes, start - last);
            last = start;
        }
        let mut wide = Vec::new();
        // Most text is ASCII: a block of it is passed at once.
        for (block, chunk) in text.chunks(32).enumerate() {
            if chunk.is_ascii() {
                continue;
            }
            for (i, &b) in chunk.iter().enumerate() {
                if b >= 0xC0 {
                    wide.push((block * 32 + i, continuation_bytes(b)));
                }
            }
            if wide.len() > most {
                return None;
            }
        }
        put_usize(&mut bytes, wide.len());
        // Each as the bytes from the end of the one before, the count in its two low bits.
        let mut end = 0;
        for (at, more) in wide {
            put_usize(&mut bytes, (at - end) << 2 | more);
            end = at + more + 1;
        }
        (bytes.len() <= most).then(|| LineMap(bytes.into_boxed_slice()))
    }

    /// The map's bytes, as [`LineMap::from_bytes`] takes them back (the cache saves them).
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// The map whose bytes are `bytes`: if they are not one's, its [`LineMap::source`] is
    /// `None`.
    pub fn from_bytes(bytes: &[u8]) -> LineMap {
        LineMap(bytes.into())
    }

    /// A source named `name` that gives the lines and columns of the file mapped, and holds
    /// none of its text; `None` when the map does not read back (never, for one [`LineMap::of`]
    /// made).
    pub fn source(&self, name: impl Into<String>) -> Option<Source> {
        let mut bytes = &self.0[..];
        let mut next = || take_usize(&mut bytes);
        let len = next()?;
        let lines = next()?;
        let mut line_starts = Vec::with_capacity(lines.min(len + 1));
        let mut last = 0usize;
        for _ in 0..lines {
            last = last.checked_add(next()?).filter(|&s| s <= len)?;
            line_starts.push(last);
        }
        let count = next()?;
        let mut wide = Vec::with_capacity(count.min(len) + 1);
        let (mut end, mut before) = (0usize, 0);
        for _ in 0..count {
            let n = next()?;
            let (at, more) = (end.checked_add(n >> 2)?, n & 3);
            end = at.checked_add(more + 1).filter(|&e| e <= len && more > 0)?;
            wide.push((at, before));
            before += more;
        }
        wide.push((usize::MAX, before));
        if next().is_some() || line_starts.is_empty() {
            return None;
        }
        Some(Source::lines_only(name, line_starts, Widths { len, wide }))
    }
}

impl Widths {
    /// Characters that start in `from..to` (`from <= to`).
    pub(super) fn chars_between(&self, from: usize, to: usize) -> usize {
        (to - from) - (self.continuations_before(to) - self.continuations_before(from))
    }

    /// Continuation bytes before `byte`: those of every character before it, and of the one
    /// it is in up to it.
    fn continuations_before(&self, byte: usize) -> usize {
        let i = self.wide.partition_point(|&(at, _)| at < byte);
        let Some(last) = i.checked_sub(1) else {
            return 0;
        };
        let ((at, before), after) = (self.wide[last], self.wide[last + 1].1);
        before + (byte - at - 1).min(after - before)
    }
}

impl Source {
    /// The source of a file known by its lines only ([`LineMap::source`]): its lines and
    /// columns are the file's, and no line is kept (as a line an excerpt does not keep).
    fn lines_only(name: impl Into<String>, line_starts: Vec<usize>, widths: Widths) -> Source {
        Source {
            name: name.into(),
            text: String::new(),
            line_starts,
            char_checkpoints: vec![0],
            part: Some(Box::new(Part::Lines(widths))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Texts with BOMs, CRLF and lone CRs, characters of two, three and four bytes, and a
    /// line longer than a checkpoint's span.
    fn texts() -> Vec<String> {
        let mut texts: Vec<String> = [
            "",
            "one line",
            "one\ntwo\r\nthree\rfour\n\n",
            "\u{feff}A BOM, then “quoted” text.\nSecond line — with a dash.\n",
            "Tōkyō, Ōsaka and 東京 in one line; 𝒳 takes four bytes.\r\nNext: ça va\n",
            "é",
            "\n\u{e9}\n\u{1F600}\n",
        ]
        .map(String::from)
        .to_vec();
        texts.push(format!(
            "{}é{}\nend é",
            "a".repeat(5000),
            "bcdefghijk😀".repeat(600)
        ));
        texts
    }

    #[test]
    fn a_mapped_source_gives_every_offset_the_line_and_column_the_text_does() {
        for text in texts() {
            let whole = Source::new("f", text.clone());
            let map = LineMap::of(&whole).expect("mostly ASCII");
            let mapped = map.source("f").expect("reads back");
            assert_eq!(mapped.line_starts(), whole.line_starts(), "{text:?}");
            // Offsets past the end and inside characters too, as a damaged span might give.
            for from in 0..=text.len() + 2 {
                assert_eq!(
                    mapped.line_col(from),
                    whole.line_col(from),
                    "{text:?} {from}"
                );
                assert_eq!(mapped.line_index(from), whole.line_index(from));
                for to in [from, from + 1, from + 7, from + 5000, text.len()] {
                    let range = from..to;
                    assert_eq!(
                        mapped.line_cols(range.clone()),
                        whole.line_cols(range.clone()),
                        "{text:?} {range:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn a_mapped_source_keeps_no_text_and_shows_no_line() {
        let text = "First line.\nSecond “line”.\n";
        let mapped = LineMap::of(&Source::new("f", text))
            .and_then(|map| map.source("f"))
            .expect("maps");
        assert_eq!(mapped.text, "");
        assert_eq!(mapped.slice(0..5), None);
        assert_eq!(mapped.line_range(1), 0..0);
        assert_eq!(mapped.text_line_range(1), None);
        assert_eq!(mapped.kept(), None);
    }

    #[test]
    fn text_mostly_of_wide_characters_and_excerpts_are_not_mapped() {
        let chinese = "中国新闻社报道，".repeat(40);
        assert_eq!(LineMap::of(&Source::new("f", chinese)), None);
        let text = "one\ntwo\nthree\n";
        assert_eq!(
            LineMap::of(&Source::excerpt("f", text, &[4..7, 8..9])),
            None
        );
    }

    #[test]
    fn a_damaged_map_does_not_read_back() {
        let map = LineMap::of(&Source::new("f", "a\nbé\n")).expect("maps");
        for cut in 0..map.0.len() {
            let short = LineMap(map.0[..cut].into());
            assert!(short.source("f").is_none(), "cut at {cut}");
        }
        let mut longer = map.0.to_vec();
        longer.push(0);
        assert!(LineMap(longer.into()).source("f").is_none());
    }
}
