//! Applying fixes to a text: pure, deterministic, and never touching a byte outside the
//! ranges the fixes name.

use crate::diagnostic::{Diagnostic, Fix};
use crate::document::formats::Escaping;
use crate::document::{Document, MASK};

/// The outcome of applying a set of fixes to one text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    pub text: String,
    /// How many fixes were applied; the rest overlapped an earlier one and were skipped.
    pub applied: usize,
    pub skipped: usize,
    /// Each applied fix, as its index in the fixes given and the range its replacement
    /// occupies in the new text.
    pub placed: Vec<(usize, std::ops::Range<usize>)>,
}

/// Applies `fixes` to `text`. Fixes are taken in order of position (then replacement, so the
/// result does not depend on the order given); a fix that overlaps one already taken, or
/// whose range is not on character boundaries of `text`, is skipped. Two insertions at the
/// same offset overlap, so only the first is taken.
pub fn apply(text: &str, fixes: &[Fix]) -> Applied {
    let mut sorted: Vec<(usize, &Fix)> = fixes.iter().enumerate().collect();
    sorted.sort_by(|(_, a), (_, b)| {
        (a.range.start, a.range.end, &a.replacement).cmp(&(
            b.range.start,
            b.range.end,
            &b.replacement,
        ))
    });
    sorted.dedup_by(|(_, a), (_, b)| a == b);
    let mut out = String::with_capacity(text.len());
    let mut cursor = 0;
    let mut last_insert = None;
    let (mut applied, mut skipped) = (0, 0);
    let mut placed = Vec::new();
    for (index, fix) in sorted {
        let r = &fix.range;
        let valid = r.start <= r.end
            && r.end <= text.len()
            && text.is_char_boundary(r.start)
            && text.is_char_boundary(r.end);
        let overlaps = r.start < cursor || (r.start == r.end && last_insert == Some(r.start));
        if !valid || overlaps {
            skipped += 1;
            continue;
        }
        out.push_str(&text[cursor..r.start]);
        placed.push((index, out.len()..out.len() + fix.replacement.len()));
        out.push_str(&fix.replacement);
        cursor = r.end;
        if r.start == r.end {
            last_insert = Some(r.start);
        }
        applied += 1;
    }
    out.push_str(&text[cursor..]);
    Applied {
        text: out,
        applied,
        skipped,
        placed,
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
        d.fix = d.fix.take().and_then(|f| adapt_fix(doc, *f)).map(Box::new);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fix(range: std::ops::Range<usize>, replacement: &str) -> Fix {
        Fix::safe(range, replacement)
    }

    #[test]
    fn applies_in_position_order_whatever_the_input_order() {
        let text = "solutions . the  end";
        let a = apply(text, &[fix(15..17, " "), fix(9..10, "")]);
        assert_eq!(a.text, "solutions. the end");
        assert_eq!((a.applied, a.skipped), (2, 0));
        assert_eq!(a.placed, [(1, 9..9), (0, 14..15)]);
    }

    #[test]
    fn overlapping_fixes_keep_the_first() {
        let a = apply("abcdef", &[fix(1..4, "X"), fix(2..5, "Y")]);
        assert_eq!(a.text, "aXef");
        assert_eq!(a.skipped, 1);
    }

    #[test]
    fn fixes_off_char_boundaries_are_skipped() {
        let a = apply("é", &[fix(1..2, "e")]);
        assert_eq!(a.text, "é");
        assert_eq!(a.skipped, 1);
    }

    #[test]
    fn two_insertions_at_one_offset_take_one() {
        let a = apply("ab", &[fix(1..1, " "), fix(1..1, "-")]);
        assert_eq!(a.text, "a b");
    }
}
