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

use std::borrow::Cow;
use std::ops::Range;

use crate::document::{Bitext, FileId, Format};

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

/// The text a target reads as: PO escapes resolved and string joins removed; XML entities
/// resolved and inline codes (with the native code inside `bpt`, `ept`, `ph`, `it`, `ut`)
/// removed. Text without any of these is borrowed as it is.
pub fn decode(format: Format, raw: &str) -> Cow<'_, str> {
    match format {
        Format::Po => decode_po(raw),
        Format::Xliff | Format::Tmx if raw.contains(['<', '&']) => Cow::Owned(decode_xml(raw)),
        Format::Xliff | Format::Tmx | Format::Plain | Format::Markdown | Format::Tsv => {
            Cow::Borrowed(raw)
        }
    }
}

fn decode_po(raw: &str) -> Cow<'_, str> {
    let bytes = raw.as_bytes();
    let Some(mut i) = memchr::memchr2(b'\\', b'"', bytes) else {
        return Cow::Borrowed(raw);
    };
    let mut out = String::with_capacity(raw.len());
    let mut at = 0;
    loop {
        out.push_str(&raw[at..i]);
        if bytes[i] == b'\\' {
            // The parser's own escape reader, so `\101`, `\x41` and `\a` decode here as they
            // did when the file was read; the parser has refused any other escape already.
            match po::escape(raw, i, raw.len()) {
                Ok((c, len)) => {
                    out.push(c);
                    at = i + len;
                }
                Err(_) => {
                    at = i + 1;
                    if let Some(c) = raw[at..].chars().next() {
                        out.push(c);
                        at += c.len_utf8();
                    }
                }
            }
        } else {
            // The end of one string and the start of the next: `"\n"`.
            at = memchr::memchr(b'"', &bytes[i + 1..]).map_or(raw.len(), |j| i + j + 2);
        }
        match memchr::memchr2(b'\\', b'"', &bytes[at..]) {
            Some(j) => i = at + j,
            None => break,
        }
    }
    out.push_str(&raw[at..]);
    Cow::Owned(out)
}

const CODE_CONTAINERS: &[&str] = &["bpt", "ept", "it", "ph", "ut"];

fn decode_xml(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(i) = rest.find(['<', '&']) {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        if rest.starts_with('<') {
            let Some(end) = rest.find('>') else {
                break;
            };
            let tag = &rest[1..end];
            let self_closing = tag.ends_with('/');
            let name: String = tag
                .chars()
                .take_while(|c| !c.is_whitespace() && *c != '/')
                .collect();
            rest = &rest[end + 1..];
            if !self_closing && CODE_CONTAINERS.contains(&name.as_str()) {
                let close = format!("</{name}>");
                rest = rest.find(&close).map_or("", |j| &rest[j + close.len()..]);
            }
        } else {
            let end = rest.find(';').filter(|&e| e <= 10);
            let decoded = end.and_then(|e| entity(&rest[1..e]));
            match (end, decoded) {
                (Some(e), Some(c)) => {
                    out.push(c);
                    rest = &rest[e + 1..];
                }
                _ => {
                    out.push('&');
                    rest = &rest[1..];
                }
            }
        }
    }
    out.push_str(rest);
    out
}

fn entity(name: &str) -> Option<char> {
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        _ => {
            let num = name.strip_prefix('#')?;
            let n = match num.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => num.parse().ok()?,
            };
            char::from_u32(n)
        }
    }
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
    fn decoding_po_and_xml_targets() {
        assert_eq!(
            decode_po(
                r#"a \"b\"\n"
"c\\d"#
            ),
            "a \"b\"\nc\\d"
        );
        // Text without escapes or joins is not copied; an escape at the end or before a
        // multi-byte character, and a join never reopened, decode as before.
        assert!(matches!(
            decode_po("plain 文字"),
            Cow::Borrowed("plain 文字")
        ));
        assert_eq!(decode_po("tail\\"), "tail");
        assert_eq!(decode_po("a\\é b"), "aé b");
        // Octal, hexadecimal and C's other escapes read as the parser reads them.
        assert_eq!(decode_po(r"\101\x42\a"), "AB\u{7}");
        assert_eq!(decode_po("a\"\nb"), "a");
        assert!(matches!(decode(Format::Xliff, "x y"), Cow::Borrowed("x y")));
        assert_eq!(
            decode_xml("R&amp;D <g id=\"1\">x</g><ph id=\"2\">&lt;br/&gt;</ph>&#65;&bogus"),
            "R&D xA&bogus"
        );
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
