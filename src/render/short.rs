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
        push_number(&mut line, p.line);
        line.push(b':');
        push_number(&mut line, p.column);
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

/// `n` in decimal, as `Display` writes it.
fn push_number(out: &mut Vec<u8>, mut n: usize) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[at..]);
}

#[cfg(test)]
mod tests {
    #[test]
    fn numbers_are_written_as_display_writes_them() {
        for n in [0, 1, 9, 10, 99, 100, 12_345, usize::MAX] {
            let mut out = Vec::new();
            super::push_number(&mut out, n);
            assert_eq!(String::from_utf8(out).unwrap(), n.to_string());
        }
    }
}
