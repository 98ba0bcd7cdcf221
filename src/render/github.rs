//! `--format github`: GitHub Actions workflow commands (`::warning file=…::message`), which
//! the runner turns into annotations on the pull request's changed lines.
//!
//! Escaping follows the runner's rules: in the message `%`, CR and LF are percent-encoded; in
//! property values `:` and `,` are too, since they delimit properties.

use std::fmt::Write;

use super::position;
use crate::diagnostic::{Diagnostic, Severity};
use crate::engine::Corpus;

fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

pub fn render(corpus: &Corpus, diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let start = position(corpus, d.file(), d.span.range.start);
        let end = position(corpus, d.file(), d.span.range.end);
        let mut message = d.message.to_string();
        for label in &d.labels {
            let p = position(corpus, label.span.file, label.span.range.start);
            let name = &corpus.source(label.span.file).name;
            let _ = write!(
                message,
                "\n{name}:{}:{}: {}",
                p.line, p.column, label.message
            );
        }
        if let Some(help) = &d.help {
            let _ = write!(message, "\nhelp: {help}");
        }
        let _ = writeln!(
            out,
            "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}",
            escape_property(&corpus.source(d.file()).name),
            start.line,
            start.column,
            end.line,
            end.column,
            escape_property(&d.rule),
            escape_data(&message),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn properties_and_messages_are_escaped() {
        assert_eq!(escape_property("a,b:c%d"), "a%2Cb%3Ac%25d");
        assert_eq!(escape_data("50%\r\nnext: a,b"), "50%25%0D%0Anext: a,b");
    }
}
