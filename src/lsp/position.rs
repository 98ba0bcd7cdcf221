//! Byte offsets ⇄ LSP positions.
//!
//! translint spans are byte ranges; an LSP position is a 0-based line and a column counted in
//! the negotiated encoding: UTF-16 code units by default, bytes when the client offers
//! `utf-8`. Lines end at `\n`, `\r\n` or a lone `\r`, as the protocol says. Unlike
//! [`crate::document::Source`], line 0 starts at byte 0 even after a BOM: an editor that keeps
//! the BOM in the buffer counts it as a character.

use std::ops::Range;

use lsp_types::{Position, PositionEncodingKind, TextDocumentContentChangeEvent};

/// How columns are counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
}

impl Encoding {
    /// UTF-8 when the client offers it (no conversion needed), otherwise the mandatory UTF-16.
    pub fn negotiate(offered: Option<&[PositionEncodingKind]>) -> Encoding {
        match offered {
            Some(kinds) if kinds.contains(&PositionEncodingKind::UTF8) => Encoding::Utf8,
            _ => Encoding::Utf16,
        }
    }

    pub fn kind(self) -> PositionEncodingKind {
        match self {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
        }
    }

    fn width(self, c: char) -> usize {
        match self {
            Encoding::Utf8 => c.len_utf8(),
            Encoding::Utf16 => c.len_utf16(),
        }
    }
}

/// Start offset of every line of one text.
pub struct LineIndex {
    starts: Vec<usize>,
    len: usize,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
            if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
                continue;
            }
            starts.push(i + 1);
        }
        LineIndex {
            starts,
            len: text.len(),
        }
    }

    /// The LSP position of a byte offset. Offsets past the end or inside a character are
    /// clamped back to the nearest character boundary.
    pub fn position(&self, text: &str, byte: usize, enc: Encoding) -> Position {
        let mut byte = byte.min(self.len);
        while !text.is_char_boundary(byte) {
            byte -= 1;
        }
        let line = match self.starts.binary_search(&byte) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.starts[line];
        let column = match enc {
            Encoding::Utf8 => byte - start,
            Encoding::Utf16 => text[start..byte].chars().map(char::len_utf16).sum(),
        };
        Position::new(to_u32(line), to_u32(column))
    }

    pub fn range(&self, text: &str, range: Range<usize>, enc: Encoding) -> lsp_types::Range {
        lsp_types::Range::new(
            self.position(text, range.start, enc),
            self.position(text, range.end, enc),
        )
    }

    /// The byte offset of an LSP position. As the protocol asks, a line past the end means the
    /// end of the text and a column past the end of its line means the end of that line; a
    /// column inside a character (half a surrogate pair) rounds down to its start.
    pub fn offset(&self, text: &str, pos: Position, enc: Encoding) -> usize {
        let Some(&start) = self.starts.get(pos.line as usize) else {
            return self.len;
        };
        let end = self.line_end(text, pos.line as usize);
        let mut units = 0;
        for (i, c) in text[start..end].char_indices() {
            let next = units + enc.width(c);
            if next > pos.character as usize {
                return start + i;
            }
            units = next;
        }
        end
    }

    /// End of a line's content, before its terminator.
    fn line_end(&self, text: &str, line: usize) -> usize {
        let start = self.starts[line];
        let mut end = self.starts.get(line + 1).copied().unwrap_or(self.len);
        let bytes = text.as_bytes();
        if end > start && bytes[end - 1] == b'\n' {
            end -= 1;
        }
        if end > start && bytes[end - 1] == b'\r' {
            end -= 1;
        }
        end
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Applies `didChange` content changes in order: each either replaces the whole text or a
/// range of the text as left by the previous one.
pub fn apply_changes(
    text: &mut String,
    changes: Vec<TextDocumentContentChangeEvent>,
    enc: Encoding,
) {
    for change in changes {
        match change.range {
            None => *text = change.text,
            Some(range) => {
                let index = LineIndex::new(text);
                let start = index.offset(text, range.start, enc);
                let end = index.offset(text, range.end, enc).max(start);
                text.replace_range(start..end, &change.text);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pos(line: u32, character: u32) -> Position {
        Position::new(line, character)
    }

    #[test]
    fn utf16_counts_surrogate_pairs_and_utf8_counts_bytes() {
        let text = "a😀b\r\nçd\re";
        let index = LineIndex::new(text);
        let b = text.find('b').unwrap();
        assert_eq!(index.position(text, b, Encoding::Utf16), pos(0, 3));
        assert_eq!(index.position(text, b, Encoding::Utf8), pos(0, 5));
        let d = text.find('d').unwrap();
        assert_eq!(index.position(text, d, Encoding::Utf16), pos(1, 1));
        assert_eq!(index.position(text, d, Encoding::Utf8), pos(1, 2));
        let e = text.find('e').unwrap();
        assert_eq!(index.position(text, e, Encoding::Utf16), pos(2, 0));
        for enc in [Encoding::Utf8, Encoding::Utf16] {
            for byte in [0, b, d, e, text.len()] {
                let p = index.position(text, byte, enc);
                assert_eq!(index.offset(text, p, enc), byte, "{enc:?} {byte}");
            }
        }
    }

    #[test]
    fn out_of_range_positions_clamp() {
        let text = "ab\ncd";
        let index = LineIndex::new(text);
        assert_eq!(index.offset(text, pos(0, 99), Encoding::Utf16), 2);
        assert_eq!(index.offset(text, pos(7, 0), Encoding::Utf16), text.len());
        // Half a surrogate pair rounds down to the character's start.
        let emoji = "😀x";
        let index = LineIndex::new(emoji);
        assert_eq!(index.offset(emoji, pos(0, 1), Encoding::Utf16), 0);
        assert_eq!(index.position(emoji, 2, Encoding::Utf16), pos(0, 0));
        assert_eq!(index.position(emoji, 99, Encoding::Utf16), pos(0, 3));
    }

    #[test]
    fn bom_counts_as_a_character() {
        let text = "\u{feff}ab";
        let index = LineIndex::new(text);
        assert_eq!(index.position(text, 3, Encoding::Utf16), pos(0, 1));
    }

    #[test]
    fn incremental_changes_apply_in_order() {
        let mut text = "solutions .\nnext".to_string();
        let change = |range: Option<lsp_types::Range>, t: &str| TextDocumentContentChangeEvent {
            range,
            range_length: None,
            text: t.to_string(),
        };
        apply_changes(
            &mut text,
            vec![
                change(Some(lsp_types::Range::new(pos(0, 9), pos(0, 10))), ""),
                change(Some(lsp_types::Range::new(pos(1, 4), pos(1, 4))), " line"),
            ],
            Encoding::Utf16,
        );
        assert_eq!(text, "solutions.\nnext line");
        apply_changes(&mut text, vec![change(None, "new")], Encoding::Utf16);
        assert_eq!(text, "new");
    }
}
