//! `source/*`: checks that compare a translation with its source, unit by unit, in every
//! bilingual document (aligned pairs, PO, XLIFF, TMX, TSV). Examples are TSV lines,
//! `source<TAB>target`.

mod brackets;
mod consistency;
mod empty_target;
mod end_punctuation;
mod inline_codes;
mod numbers;
mod placeholders;
mod terminology;
mod untranslated;
mod urls;
mod whitespace;

use std::borrow::Cow;
use std::ops::Range;

use crate::diagnostic::Diagnostic;
use crate::document::{Document, Format, Segment, Span};
use crate::rules::{Rule, RuleMeta};

pub fn rules() -> Vec<Box<dyn Rule>> {
    vec![
        Box::new(placeholders::Placeholders::new()),
        Box::new(inline_codes::InlineCodes::new()),
        Box::new(urls::Urls::new()),
        Box::new(numbers::Numbers::new()),
        Box::new(untranslated::Untranslated::new()),
        Box::new(empty_target::EmptyTarget::new()),
        Box::new(end_punctuation::EndPunctuation::new()),
        Box::new(whitespace::Whitespace::new()),
        Box::new(brackets::Brackets::new()),
        Box::new(consistency::InconsistentTarget::new()),
        Box::new(consistency::InconsistentSource::new()),
    ]
}

/// Rules that exist only when lint.toml configures them: `source/terminology` with a
/// `[source] terms` glossary or `tbx` termbases. The termbases are registered in `corpus`, so
/// an error in one points at its line.
pub fn configured(
    corpus: &mut crate::corpus::Corpus,
    config: &crate::config::Config,
) -> Result<Vec<Box<dyn Rule>>, Vec<Diagnostic>> {
    let source = &config.file.source;
    if source.terms.is_empty() && source.tbx.is_empty() {
        return Ok(Vec::new());
    }
    let mut glossary = terminology::Glossary::new(&source.terms);
    let mut errors = Vec::new();
    for file in &source.tbx {
        let path = config.root.join(file.get_ref());
        let text = match config.files.get(&path) {
            Some(Ok(text)) => text,
            error => {
                errors.push(crate::config::config_error(
                    "config/tbx",
                    config.source_id.unwrap_or(0),
                    file.span(),
                    &format!(
                        "cannot read termbase `{}`: {}",
                        path.display(),
                        match error {
                            Some(Err(e)) => e.as_str(),
                            _ => "not read by the workspace",
                        }
                    ),
                ));
                continue;
            }
        };
        let id = corpus.add_source(crate::document::Source::new(
            path.display().to_string(),
            text.as_str(),
        ));
        match crate::document::formats::tbx::parse(text) {
            Ok(concepts) => glossary.add_tbx(file.get_ref(), concepts),
            Err(e) => errors.push(crate::config::config_error(
                "config/tbx",
                id,
                e.range,
                &format!("malformed termbase: {}", e.message),
            )),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(vec![Box::new(terminology::Terminology::new(glossary))])
}

/// One unit of a bilingual document as the checks read it.
pub struct Unit<'a> {
    pub segment: &'a Segment,
    /// The target text, decoded: escapes and entities resolved, inline codes removed.
    pub target: Cow<'a, str>,
    /// The target as written in the file.
    pub raw_target: &'a str,
    /// The source as written in the file, when it is in this document (PO, XLIFF, TMX, TSV).
    pub raw_source: Option<&'a str>,
}

impl Unit<'_> {
    pub fn source(&self) -> &str {
        &self.segment.source
    }

    /// Where in the file a piece of the raw target is: its first occurrence, else the whole
    /// target.
    pub fn find_in_target(&self, needle: &str) -> Range<usize> {
        let start = self.segment.target.start;
        match self.raw_target.find(needle) {
            Some(i) if !needle.is_empty() => start + i..start + i + needle.len(),
            _ => self.segment.target.clone(),
        }
    }

    /// A label on the source, or on the piece of it that `needle` names when the source is
    /// written as it reads (aligned text, TSV).
    pub fn source_label(&self, needle: Option<&str>) -> Option<Span> {
        let span = self.segment.source_span.clone()?;
        let written_as_read = span.range.len() == self.segment.source.len();
        if let Some(i) = needle
            .filter(|_| written_as_read)
            .and_then(|n| self.segment.source.find(n))
        {
            let start = span.range.start + i;
            let len = needle.map_or(0, str::len);
            return Some(Span::new(span.file, start..start + len));
        }
        Some(span)
    }

    /// A diagnostic on `range` of the target with a label on the source.
    pub fn report(
        &self,
        doc: &Document,
        meta: &RuleMeta,
        range: Range<usize>,
        message: String,
        source_needle: Option<&str>,
        label: &str,
    ) -> Diagnostic {
        let mut d = Diagnostic::new(&meta.id, meta.default_severity, doc.span(range), message);
        if let Some(span) = self.source_label(source_needle) {
            d = d.with_label(span, label);
        }
        d
    }
}

/// The units of a bilingual document, decoded.
pub fn units(doc: &Document) -> impl Iterator<Item = Unit<'_>> {
    let segments = doc.bitext.as_ref().map_or(&[][..], |b| &b.segments[..]);
    segments.iter().filter_map(move |segment| {
        let raw_target = doc.text().get(segment.target.clone())?;
        let raw_source = segment
            .source_span
            .as_ref()
            .filter(|s| s.file == doc.id)
            .and_then(|s| doc.text().get(s.range.clone()));
        Some(Unit {
            segment,
            target: decode(doc.format, raw_target),
            raw_target,
            raw_source,
        })
    })
}

/// The translated units of a document of program strings: every bilingual format but aligned
/// prose, whose lines have no placeholders ("50%" before a letter is text there) and no
/// leading or trailing whitespace that a program joins (the spacing rules look after it).
pub fn translated_strings(doc: &Document) -> impl Iterator<Item = Unit<'_>> {
    let strings = doc.format != Format::Plain;
    units(doc).filter(move |unit| strings && !unit.target.is_empty())
}

/// Whether a document's units carry software strings (placeholders, markup), not prose pairs.
pub fn is_software(doc: &Document) -> bool {
    matches!(
        doc.format,
        Format::Po | Format::Xliff | Format::Tmx | Format::Tsv
    )
}

/// The text a target reads as: PO escapes resolved and string joins removed; XML entities
/// resolved and inline codes (with the native code inside `bpt`, `ept`, `ph`, `it`, `ut`)
/// removed. Text without any of these is borrowed as it is: the checks read every unit, once
/// per rule.
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
            at = i + 1;
            if let Some(c) = raw[at..].chars().next() {
                out.push(match c {
                    'n' => '\n',
                    't' => '\t',
                    'r' => '\r',
                    other => other,
                });
                at += c.len_utf8();
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

/// Whether a language is written without spaces between words and with full-width
/// punctuation.
pub fn is_cjk(lang: &str) -> bool {
    matches!(lang, "zh" | "ja" | "ko")
}

#[cfg(test)]
pub mod test {
    use crate::diagnostic::Diagnostic;
    use crate::document::Document;
    use crate::rules::Rule;

    /// Lints `tsv` (`source<TAB>target` lines) with one rule.
    pub fn check(rule: &dyn Rule, tsv: &str) -> Vec<Diagnostic> {
        let doc = Document::new(0, "t.tsv", tsv);
        assert!(doc.format_error.is_none(), "{:?}", doc.format_error);
        let mut out = Vec::new();
        rule.check_document(&doc, &mut out);
        out
    }

    /// The rule's own examples: every flag text flagged, every pass text not.
    pub fn examples(rule: &dyn Rule) {
        let meta = rule.meta();
        assert!(!meta.examples.flag.is_empty() && !meta.examples.pass.is_empty());
        for text in &meta.examples.flag {
            assert!(
                !check(rule, text).is_empty(),
                "{}: did not flag {text:?}",
                meta.id
            );
        }
        for text in &meta.examples.pass {
            let found = check(rule, text);
            assert!(
                found.is_empty(),
                "{}: flagged {text:?}: {}",
                meta.id,
                found[0].message
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(decode_po("a\"\nb"), "a");
        assert!(matches!(decode(Format::Xliff, "x y"), Cow::Borrowed("x y")));
        assert_eq!(
            decode_xml("R&amp;D <g id=\"1\">x</g><ph id=\"2\">&lt;br/&gt;</ph>&#65;&bogus"),
            "R&D xA&bogus"
        );
    }
}
