//! `--format human`: rustc-style diagnostics through codespan-reporting, with a summary line.

use std::ops::Range;

use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label, Severity as CsSeverity};
use codespan_reporting::files::{Error as FilesError, Files};
use codespan_reporting::term::termcolor::{Buffer, WriteColor};
use codespan_reporting::term::{self, Config, Styles, StylesWriter};

use super::Summary;
use crate::diagnostic::{Diagnostic, Severity};
use crate::engine::Corpus;

/// Adapts the corpus to codespan's file database.
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
        Ok(self.0.source(id).line_index(byte_index))
    }

    fn line_range(&'a self, id: usize, line_index: usize) -> Result<Range<usize>, FilesError> {
        let source = self.0.source(id);
        let starts = source.line_starts();
        let start = *starts.get(line_index).ok_or(FilesError::LineTooLarge {
            given: line_index,
            max: starts.len().saturating_sub(1),
        })?;
        let end = starts
            .get(line_index + 1)
            .copied()
            .unwrap_or(source.text.len());
        Ok(start..end)
    }

    /// Counted by the source's own index: codespan's default walks the whole line, which
    /// is quadratic over the findings of one long line.
    fn column_number(
        &'a self,
        id: usize,
        _line: usize,
        byte_index: usize,
    ) -> Result<usize, FilesError> {
        Ok(self.0.source(id).line_col(byte_index).1)
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

fn to_codespan(corpus: &Corpus, d: &Diagnostic) -> CsDiagnostic<usize> {
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
        let label = if i == 0 {
            Label::primary(span.file, span.range.clone())
        } else {
            Label::secondary(span.file, span.range.clone())
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
    CsDiagnostic::new(severity)
        .with_code(d.rule.as_str())
        .with_message(&d.message)
        .with_labels(labels)
        .with_notes(notes)
}

/// Renders into `buffer`, coloured if the buffer is.
pub fn render(
    buffer: &mut Buffer,
    corpus: &Corpus,
    diagnostics: &[Diagnostic],
    summary: Option<Summary>,
) {
    let files = CorpusFiles(corpus);
    let config = Config::default();
    let styles = Styles::default();
    for d in diagnostics {
        let mut writer = StylesWriter::new(&mut *buffer, &styles);
        // A label outside its file would be a rule bug; skip it rather than abort the report.
        if term::emit_to_write_style(&mut writer, &config, &files, &to_codespan(corpus, d)).is_err()
        {
            let _ = std::io::Write::write_all(
                buffer,
                format!("{}[{}]: {}\n", d.severity, d.rule, d.message).as_bytes(),
            );
        }
    }
    if let Some(summary) = summary {
        summary_line(buffer, summary);
    }
}

fn summary_line(buffer: &mut Buffer, s: Summary) {
    use std::io::Write;
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let mut spec = codespan_reporting::term::termcolor::ColorSpec::new();
    spec.set_bold(true);
    let _ = buffer.set_color(&spec);
    let found = s.errors + s.warnings + s.infos;
    let line = if found == 0 {
        format!("{}: no problems found", plural(s.files, "file"))
    } else {
        format!(
            "{} checked: {}, {}, {}",
            plural(s.files, "file"),
            plural(s.errors, "error"),
            plural(s.warnings, "warning"),
            plural(s.infos, "info")
        )
    };
    let _ = writeln!(buffer, "{line}");
    let _ = buffer.reset();
}

/// Plain rendering, for tests and snapshots.
pub fn render_to_string(
    corpus: &Corpus,
    diagnostics: &[Diagnostic],
    summary: Option<Summary>,
) -> String {
    let mut buffer = Buffer::no_color();
    render(&mut buffer, corpus, diagnostics, summary);
    String::from_utf8_lossy(buffer.as_slice()).into_owned()
}
