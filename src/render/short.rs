//! `--format short`: `path:line:col: severity[rule] message`, one per line, for grep and editors.

use std::fmt::Write;

use super::position;
use crate::diagnostic::Diagnostic;
use crate::engine::Corpus;

pub fn render(corpus: &Corpus, diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let p = position(corpus, d.file(), d.span.range.start);
        let _ = writeln!(
            out,
            "{}:{}:{}: {}[{}] {}",
            corpus.source(d.file()).name,
            p.line,
            p.column,
            d.severity,
            d.rule,
            d.message
        );
    }
    out
}
