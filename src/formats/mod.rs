//! Bilingual file formats: PO/POT, XLIFF 1.2 and 2.0, TMX and TSV, read with exact byte spans.
//!
//! A reader finds every translation unit's source text and the bytes of its target in the
//! file, and which of those bytes are literal target text (not quotes, escapes, markup or
//! entities). The document's prose view keeps only those bytes, so the monolingual rules see
//! target text alone, and a fix can only ever touch target text; [`Escaping`] says how a
//! replacement is written back into the file.

pub mod placeholders;
pub mod po;
pub mod tbx;
pub mod tsv;
pub mod xml;

use std::ops::Range;

use crate::diagnostic::{Diagnostic, Fix};
use crate::document::{Bitext, Document, FileId, Format, MASK};

/// What a reader found in a bilingual file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parsed {
    pub bitext: Bitext,
    /// Byte ranges of literal target text, in file order.
    pub text: Vec<Range<usize>>,
    /// Escapes shown in the prose view as the character they stand for, at the escape's
    /// first byte (a PO `\"` reads `"` and a mask), so the rules see the character; a fix
    /// never writes there.
    pub shown: Vec<(usize, u8)>,
}

/// A file that cannot be read as its format: where and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormatError {
    pub range: Range<usize>,
    pub message: String,
}

impl FormatError {
    fn new(range: Range<usize>, message: impl Into<String>) -> Self {
        FormatError {
            range,
            message: message.into(),
        }
    }
}

/// How literal text is written in a format, for writing fixes back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Escaping {
    /// Plain text and TSV: written as is (a tab or line break would split the unit).
    Raw,
    /// A C string in a PO file.
    Po,
    /// XML character data.
    Xml,
}

impl Escaping {
    /// `text` as it must be written in the file, or `None` if the format cannot hold it here.
    pub fn escape(self, text: &str) -> Option<String> {
        match self {
            Escaping::Raw => (!text.contains(['\t', '\n', '\r'])).then(|| text.to_string()),
            Escaping::Po => {
                let mut out = String::with_capacity(text.len());
                for c in text.chars() {
                    match c {
                        '\\' => out.push_str("\\\\"),
                        '"' => out.push_str("\\\""),
                        '\n' => out.push_str("\\n"),
                        '\t' => out.push_str("\\t"),
                        '\r' => out.push_str("\\r"),
                        c => out.push(c),
                    }
                }
                Some(out)
            }
            Escaping::Xml => {
                let mut out = String::with_capacity(text.len());
                for c in text.chars() {
                    match c {
                        '&' => out.push_str("&amp;"),
                        '<' => out.push_str("&lt;"),
                        '>' => out.push_str("&gt;"),
                        c => out.push(c),
                    }
                }
                Some(out)
            }
        }
    }
}

impl Escaping {
    pub fn of(format: Format) -> Option<Escaping> {
        match format {
            Format::Plain | Format::Markdown => None,
            Format::Po => Some(Escaping::Po),
            Format::Xliff | Format::Tmx => Some(Escaping::Xml),
            Format::Tsv => Some(Escaping::Raw),
        }
    }
}

/// A fix as it must be written into a bilingual file: its replacement escaped for the
/// format, and only if it replaces literal target text and nothing else (not a quote, an
/// escape, an entity, markup or a placeholder). `None` when it cannot be written safely.
pub fn adapt_fix(doc: &Document, mut fix: Fix) -> Option<Fix> {
    let Some(escaping) = Escaping::of(doc.format) else {
        return Some(fix);
    };
    let prose = doc.prose.as_bytes();
    let text = doc.text().as_bytes();
    // Literal text is shown as it is; masks and shown escapes differ from the file.
    let literal = |i: usize| {
        prose
            .get(i)
            .is_some_and(|&b| b != MASK && b != b'\n' && b != b'\r' && text.get(i) == Some(&b))
    };
    let r = fix.range.clone();
    let inside = if r.is_empty() {
        (r.start > 0 && literal(r.start - 1)) || literal(r.start)
    } else {
        r.end <= prose.len() && r.clone().all(literal)
    };
    if !inside {
        return None;
    }
    fix.replacement = escaping.escape(&fix.replacement)?;
    Some(fix)
}

/// Applies [`adapt_fix`] to the fixes of `diagnostics` of one bilingual document.
pub fn adapt_fixes(doc: &Document, diagnostics: &mut [Diagnostic]) {
    if Escaping::of(doc.format).is_none() {
        return;
    }
    for d in diagnostics.iter_mut().filter(|d| d.file() == doc.id) {
        d.fix = d.fix.take().and_then(|f| adapt_fix(doc, f));
    }
}

/// A guess at the language of a text from its script, for formats that do not say.
pub fn guess_language(text: &str) -> &'static str {
    let mut han = false;
    for c in text.chars() {
        match c {
            '\u{3040}'..='\u{30ff}' => return "ja",
            '\u{ac00}'..='\u{d7af}' | '\u{1100}'..='\u{11ff}' => return "ko",
            '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}' => han = true,
            _ => {}
        }
    }
    if han { "zh" } else { "en" }
}

/// The primary language subtag, lower case: "zh-Hans" and "zh_CN" are "zh".
pub fn primary_language(tag: &str) -> String {
    tag.split(['-', '_', '.', '@'])
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

/// Byte offset of the start of the line holding `offset`, and of its end.
fn line_around(text: &str, offset: usize) -> Range<usize> {
    let offset = offset.min(text.len());
    let bytes = text.as_bytes();
    let start = memchr::memrchr(b'\n', &bytes[..offset]).map_or(0, |i| i + 1);
    let end = memchr::memchr(b'\n', &bytes[offset..]).map_or(text.len(), |i| offset + i);
    start..end
}

/// Reads `text` in `format`; `file` is the document's id, for source spans.
pub fn parse(format: Format, text: &str, file: FileId) -> Option<Result<Parsed, FormatError>> {
    Some(match format {
        Format::Po => po::parse(text, file),
        Format::Xliff => xml::parse_xliff(text, file),
        Format::Tmx => xml::parse_tmx(text, file),
        Format::Tsv => tsv::parse(text, file),
        Format::Plain | Format::Markdown => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_writes_what_each_format_reads() {
        assert_eq!(
            Escaping::Po.escape("a \"b\"\\\n").unwrap(),
            "a \\\"b\\\"\\\\\\n"
        );
        assert_eq!(
            Escaping::Xml.escape("R&D <b>").unwrap(),
            "R&amp;D &lt;b&gt;"
        );
        assert_eq!(Escaping::Raw.escape("a\tb"), None);
    }

    #[test]
    fn languages_from_tags_and_scripts() {
        assert_eq!(primary_language("zh_CN"), "zh");
        assert_eq!(primary_language("ja-JP"), "ja");
        assert_eq!(guess_language("東京タワー"), "ja");
        assert_eq!(guess_language("서울"), "ko");
        assert_eq!(guess_language("北京"), "zh");
        assert_eq!(guess_language("Beijing"), "en");
    }
}
