//! `--format short`: `path:line:col: severity[rule] message`, one per line, for grep and editors.

use std::io::Write;

use super::{Fixable, position};
use crate::diagnostic::Diagnostic;
use crate::engine::Corpus;

/// Writes the lines of `diagnostics` to `out` as they are formatted: no string of them all,
/// which for a report of a whole archive grew (and was copied) to megabytes a chunk. Each
/// line is put together in a buffer of its own and written at once: `writeln!` wrote its
/// eleven pieces one by one through `out`, some 1,600 instructions a line.
pub fn write(
    out: &mut dyn Write,
    corpus: &Corpus,
    diagnostics: &[Diagnostic],
    fixable: Fixable,
) -> std::io::Result<()> {
    let mut line = Vec::with_capacity(256);
    for d in diagnostics {
        let p = position(corpus, d.file(), d.span.range.start);
        line.clear();
        line.extend_from_slice(corpus.source(d.file()).name.as_bytes());
        line.push(b':');
        line.extend_from_slice(itoa::Buffer::new().format(p.line).as_bytes());
        line.push(b':');
        line.extend_from_slice(itoa::Buffer::new().format(p.column).as_bytes());
        line.extend_from_slice(b": ");
        line.extend_from_slice(d.severity.as_str().as_bytes());
        line.push(b'[');
        line.extend_from_slice(d.rule.as_str().as_bytes());
        line.extend_from_slice(b"] ");
        if fixable(d) {
            line.extend_from_slice(b"[*] ");
        }
        line.extend_from_slice(d.message.as_bytes());
        line.push(b'\n');
        out.write_all(&line)?;
    }
    Ok(())
}
