//! `--format human`: rustc-style diagnostics through codespan-reporting, with a summary line.

use std::ops::Range;

use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label, Severity as CsSeverity};
use codespan_reporting::files::{Error as FilesError, Files};
use codespan_reporting::term::termcolor::{Buffer, WriteColor};
use codespan_reporting::term::{self, Config, Styles, StylesWriter};

use super::{Fixable, Summary};
use crate::diagnostic::{Diagnostic, Severity};
use crate::engine::Corpus;

/// Adapts the corpus to codespan's file database. Offsets are into each source's text, which
/// for a source read back as an excerpt ([`crate::document::Source::excerpt`]) holds only
/// the lines shown; line numbers are the file's.
struct CorpusFiles<'a>(&'a Corpus);

impl<'a> Files<'a> for CorpusFiles<'a> {
    type FileId = usize;
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, id: usize) -> Result<&'a str, FilesError> {
        Ok(&self.0.source(id).name)
    }

    fn source(&'a self, id: usize) -> Result<&'a str, FilesError> {
        Ok(&self.0.source(id).text)
    }

    fn line_index(&'a self, id: usize, byte_index: usize) -> Result<usize, FilesError> {
        Ok(self.0.source(id).text_line_index(byte_index))
    }

    fn line_range(&'a self, id: usize, line_index: usize) -> Result<Range<usize>, FilesError> {
        let source = self.0.source(id);
        source
            .text_line_range(line_index)
            .ok_or(FilesError::LineTooLarge {
                given: line_index,
                max: source.line_starts().len().saturating_sub(1),
            })
    }

    /// Counted by the source's own index: codespan's default walks the whole line, which
    /// is quadratic over the findings of one long line.
    fn column_number(
        &'a self,
        id: usize,
        _line: usize,
        byte_index: usize,
    ) -> Result<usize, FilesError> {
        let source = self.0.source(id);
        // `line_col` takes a file offset: the excerpt's run holding `byte_index` gives it.
        Ok(source.line_col(source.file_offset_of(byte_index)).1)
    }
}

/// Longest line shown as a snippet. A longer one (minified or generated text, a file with
/// no line breaks) is named by position only: printing it once per finding could turn a
/// 10 MB line into gigabytes of output.
const MAX_SNIPPET_LINE: usize = 1024;

fn line_too_long(corpus: &Corpus, span: &crate::document::Span) -> bool {
    let source = corpus.source(span.file);
    let first = source.line_index(span.range.start);
    let last = source.line_index(span.range.end);
    (first..=last).any(|line| source.line_range(line).len() > MAX_SNIPPET_LINE)
}

fn to_codespan(corpus: &Corpus, d: &Diagnostic, fixable: bool) -> CsDiagnostic<usize> {
    let severity = match d.severity {
        Severity::Error => CsSeverity::Error,
        Severity::Warning => CsSeverity::Warning,
        Severity::Info => CsSeverity::Note,
    };
    let mut labels = Vec::new();
    let mut notes = Vec::new();
    let spans = std::iter::once((&d.span, None))
        .chain(d.labels.iter().map(|l| (&l.span, Some(&l.message))));
    for (i, (span, message)) in spans.enumerate() {
        if line_too_long(corpus, span) {
            let p = super::position(corpus, span.file, span.range.start);
            let at = format!("{}:{}:{}", corpus.source(span.file).name, p.line, p.column);
            notes.push(match message {
                Some(m) => format!("{at}: {m}"),
                None => format!("at {at} (line too long to show)"),
            });
            continue;
        }
        let source = corpus.source(span.file);
        let range = source.local(span.range.start)..source.local(span.range.end);
        let label = if i == 0 {
            Label::primary(span.file, range)
        } else {
            Label::secondary(span.file, range)
        };
        labels.push(match message {
            Some(m) => label.with_message(m),
            None => label,
        });
    }
    notes.extend(d.notes.iter().cloned());
    if let Some(help) = &d.help {
        notes.push(format!("help: {help}"));
    }
    let message = if fixable {
        format!("[*] {}", d.message)
    } else {
        d.message.to_string()
    };
    CsDiagnostic::new(severity)
        .with_code(d.rule.as_str())
        .with_message(message)
        .with_labels(labels)
        .with_notes(notes)
}

/// Renders into `buffer`, coloured if the buffer is. Findings `fixable` marks get `[*]`.
pub fn render(
    buffer: &mut Buffer,
    corpus: &Corpus,
    diagnostics: &[Diagnostic],
    summary: Option<Summary>,
    fixable: Fixable,
) {
    findings(buffer, corpus, diagnostics, fixable);
    if let Some(summary) = summary {
        summary_lines(buffer, summary);
    }
}

/// The findings of [`render`], without the summary (for a report shown in chunks).
pub fn findings(
    buffer: &mut Buffer,
    corpus: &Corpus,
    diagnostics: &[Diagnostic],
    fixable: Fixable,
) {
    let files = CorpusFiles(corpus);
    let config = Config::default();
    let styles = Styles::default();
    // One finding at a time, in a buffer of the same kind (coloured or not), made once: a
    // copy of `buffer` for each finding copied all that was written before it.
    let mut one = buffer.clone();
    for d in diagnostics {
        one.clear();
        let mut writer = StylesWriter::new(&mut one, &styles);
        let emitted = term::emit_to_write_style(
            &mut writer,
            &config,
            &files,
            &to_codespan(corpus, d, fixable(d)),
        );
        // A label outside its file would be a rule bug; skip it rather than abort the report.
        if emitted.is_err() {
            one.clear();
            let _ = std::io::Write::write_all(
                &mut one,
                format!("{}[{}]: {}\n", d.severity, d.rule, d.message).as_bytes(),
            );
        }
        let _ = std::io::Write::write_all(buffer, &info_for_note(one.as_slice(), d));
    }
}

/// codespan calls the lowest severity `note`; every other output says `info`. Its header is
/// `note[RULE]`, written in one piece (colour codes come before it), so the first occurrence
/// in a diagnostic's own output is the header.
fn info_for_note(rendered: &[u8], d: &Diagnostic) -> Vec<u8> {
    let mut out = rendered.to_vec();
    if d.severity == Severity::Info {
        let header = format!("note[{}]", d.rule);
        if let Some(at) = memchr::memmem::find(rendered, header.as_bytes()) {
            out[at..at + 4].copy_from_slice(b"info");
        }
    }
    out
}

/// The summary of [`render`], in bold.
pub fn summary_lines(buffer: &mut Buffer, s: Summary) {
    use std::io::Write;
    let mut spec = codespan_reporting::term::termcolor::ColorSpec::new();
    spec.set_bold(true);
    let _ = buffer.set_color(&spec);
    for line in s.lines() {
        let _ = writeln!(buffer, "{line}");
    }
    let _ = buffer.reset();
}

/// Plain rendering, for tests and snapshots.
pub fn render_to_string(
    corpus: &Corpus,
    diagnostics: &[Diagnostic],
    summary: Option<Summary>,
) -> String {
    let mut buffer = Buffer::no_color();
    render(&mut buffer, corpus, diagnostics, summary, &|_| false);
    String::from_utf8_lossy(buffer.as_slice()).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Source, Span};

    #[test]
    fn a_file_read_back_as_an_excerpt_renders_as_the_whole_file() {
        let text = "one \"a\ntwo\nthree ” b\nfour\nfive\nsix\nseven “c\r\neight\n";
        let mut corpus = Corpus::new();
        let id = corpus.add_document("a.txt", text);
        let at = |s: &str| text.find(s).unwrap();
        let d = |primary: usize, label: usize| {
            Diagnostic::new(
                "typography/mixed-quotes",
                Severity::Warning,
                Span::new(id, primary..primary + 1),
                "mixed",
            )
            .with_label(Span::new(id, label..label + 1), "straight here")
        };
        // One line between the labels (shown), and several (elided).
        let diagnostics = [d(at("” b"), at("\"a")), d(at("c\r"), at("\"a"))];
        let whole = render_to_string(&corpus, &diagnostics, None);
        let keep: Vec<_> = diagnostics
            .iter()
            .flat_map(|d| [d.span.range.clone(), d.labels[0].span.range.clone()])
            .collect();
        corpus.restore_source(id, Source::excerpt("a.txt", text, &keep));
        assert!(corpus.source(id).text.len() < text.len());
        assert_eq!(render_to_string(&corpus, &diagnostics, None), whole);
        assert!(whole.contains("two"), "{whole}");
    }
}
