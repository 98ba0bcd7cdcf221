//! The findings cap: at most N findings per rule per file, then one summary finding.
//!
//! A rule that fires everywhere (a user regex matching every word, a file of one kind of
//! mistake) would otherwise report millions of findings, each kept in memory until the end
//! of the run and printed. The engine applies [`limit`] to each rule's findings of one
//! document right after the rule ran, so what is kept is bounded by the cap, not by the
//! text. The first N findings in file order are kept; the rest become one finding at the
//! first one left out, saying how many there were.

use crate::diagnostic::Diagnostic;

/// The default of `max-findings-per-rule` in lint.toml.
pub const DEFAULT_MAX_PER_RULE: usize = 100;

/// The note every summary finding carries, so a suppression covering only findings left
/// out is not reported unused (see `crate::suppress`).
const NOTE: &str = "findings past the limit are counted, not shown; `max-findings-per-rule` in lint.toml sets the limit (0: no limit)";

/// Keeps at most `max` findings per rule and file among `out[start..]` (the findings of one
/// rule run over one document) and summarises the rest; `max == 0` keeps everything.
pub fn limit(out: &mut Vec<Diagnostic>, start: usize, max: usize) {
    if max == 0 || out.len() - start <= max {
        return;
    }
    // A rule reports into the document it runs over, so this is nearly always one group.
    out[start..].sort_by(|a, b| {
        (a.file(), a.rule.as_str())
            .cmp(&(b.file(), b.rule.as_str()))
            .then_with(|| a.sort_key().cmp(&b.sort_key()))
    });
    let mut kept = Vec::new();
    let mut rest = out.split_off(start).into_iter().peekable();
    while let Some(first) = rest.next() {
        let key = (first.file(), first.rule);
        let mut group = std::iter::once(first).chain(std::iter::from_fn(|| {
            rest.next_if(|d| (d.file(), d.rule) == key)
        }));
        kept.extend(group.by_ref().take(max));
        if let Some(left_out) = group.next() {
            let more = 1 + group.count();
            kept.push(summary(left_out, more, max));
        }
    }
    out.append(&mut kept);
    // The findings left out had grown the vector: its spare room would outlive them.
    out.shrink_to_fit();
}

/// The finding that stands for `more` findings left out, at the first of them.
fn summary(first: Diagnostic, more: usize, max: usize) -> Diagnostic {
    let rule = first.rule;
    Diagnostic {
        message: format!(
            "and {more} more `{rule}` findings in this file (at most {max} are shown)"
        )
        .into(),
        notes: thin_vec::thin_vec![NOTE.to_string()],
        labels: thin_vec::ThinVec::new(),
        help: None,
        fix: None,
        ..first
    }
}

/// Whether `d` is a summary of findings left out.
pub fn is_summary(d: &Diagnostic) -> bool {
    d.notes.iter().any(|n| n == NOTE)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Severity;
    use crate::document::Span;

    fn finding(rule: &str, file: usize, at: usize) -> Diagnostic {
        Diagnostic::new(rule, Severity::Warning, Span::new(file, at..at + 1), "m").with_help("h")
    }

    fn outline(found: &[Diagnostic]) -> Vec<(String, usize, usize, bool)> {
        found
            .iter()
            .map(|d| {
                (
                    d.rule.to_string(),
                    d.file(),
                    d.span.range.start,
                    is_summary(d),
                )
            })
            .collect()
    }

    #[test]
    fn the_first_findings_in_file_order_are_kept_per_rule_and_the_rest_counted() {
        let earlier = finding("test/other", 1, 50);
        let mut out = vec![earlier.clone()];
        for at in [9, 3, 7, 1, 5] {
            out.push(finding("test/a", 1, at));
        }
        out.push(finding("test/b", 1, 4));
        limit(&mut out, 1, 2);
        assert_eq!(
            outline(&out),
            [
                ("test/other".into(), 1, 50, false),
                ("test/a".into(), 1, 1, false),
                ("test/a".into(), 1, 3, false),
                ("test/a".into(), 1, 5, true),
                ("test/b".into(), 1, 4, false),
            ]
        );
        assert_eq!(
            &*out[3].message,
            "and 3 more `test/a` findings in this file (at most 2 are shown)"
        );
        assert_eq!((&out[3].help, &out[3].fix), (&None, &None));
        assert!(out.capacity() < 10);
    }

    #[test]
    fn zero_is_no_limit_and_a_run_within_the_limit_is_untouched() {
        let found: Vec<Diagnostic> = (0..5).rev().map(|at| finding("test/a", 1, at)).collect();
        let mut out = found.clone();
        limit(&mut out, 0, 0);
        assert_eq!(out, found);
        limit(&mut out, 0, 5);
        assert_eq!(out, found, "not even sorted");
    }
}
