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
    pub target: &'a str,
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
    segments
        .iter()
        .zip(doc.decoded_targets())
        .filter_map(move |(segment, decoded)| {
            let raw_target = doc.text().get(segment.target.clone())?;
            let raw_source = segment
                .source_span
                .as_ref()
                .filter(|s| s.file == doc.id)
                .and_then(|s| doc.text().get(s.range.clone()));
            Some(Unit {
                segment,
                target: decoded.as_deref().unwrap_or(raw_target),
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
