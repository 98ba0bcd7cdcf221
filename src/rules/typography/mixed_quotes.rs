use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Document;
use crate::rule_meta;
use crate::rules::{Rule, RuleMeta};

/// Straight (`"`, `'`) and curly (`“ ” ‘ ’`) quotes and apostrophes in one document.
pub struct MixedQuotes {
    meta: RuleMeta,
}

impl MixedQuotes {
    pub fn new() -> Self {
        MixedQuotes {
            meta: rule_meta! {
                id: "typography/mixed-quotes",
                severity: Severity::Info,
                summary: "straight and curly quotes mixed in one document",
                explanation: "
A document should use one quote style: straight (`\"`, `'`) or typographic (`“ ” ‘ ’`),
apostrophes included. Mixed styles are the mark of text pasted together from different
sources or of a translation engine that copied some quotes from the source.

It is reported at info level by default: quote style is house style, and human-edited copy
mixes styles often enough (a third of the WMT reference chunks do) that a warning would be
noise. Raise it to `warning` in lint.toml where the house style is enforced.

Each quote in the minority style is flagged, with a label on the first quote in the majority
style; the fix converts it. It is a suggestion, applied with `--unsafe-fixes`: a curly quote's
direction is guessed from what precedes it.",
                fixable: true,
                flag: [
                    "He said \"no\" and the court’s decision stood.",
                    "“Yes,” she said, and \"no\" he said, “maybe”.",
                    "The party’s view and the \"comfort women\" and the \"court's\" view.",
                ],
                pass: [
                    "He said \"no\" and the court's decision stood.",
                    "He said “no” and the court’s decision stood.",
                    "No quotes at all.",
                ],
            },
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Style {
    Straight,
    Curly,
}

fn style(c: char) -> Option<Style> {
    match c {
        '"' | '\'' => Some(Style::Straight),
        '“' | '”' | '‘' | '’' => Some(Style::Curly),
        _ => None,
    }
}

/// The same quote in the other style. An opening curly quote follows whitespace, an
/// opening bracket or the start of the text.
fn convert(c: char, prev: Option<char>) -> char {
    let opening = prev.is_none_or(|p| p.is_whitespace() || "([{—–-\u{1}".contains(p));
    match (c, opening) {
        ('"', true) => '“',
        ('"', false) => '”',
        ('\'', true) => '‘',
        ('\'', false) => '’',
        ('“' | '”', _) => '"',
        _ => '\'',
    }
}

/// Every quote mark of `prose`: its offset, itself, its style and the character before it.
/// Only the bytes a quote starts with are looked at (`"`, `'`, and E2, the first byte of
/// U+2018..U+201D in UTF-8), found by a vectorised search: a document with both styles is
/// not decoded character by character.
fn quote_marks(prose: &str) -> Vec<(usize, char, Style, Option<char>)> {
    memchr::memchr3_iter(b'"', b'\'', 0xE2, prose.as_bytes())
        .filter_map(|i| {
            // Each of the three bytes starts a character.
            let c = prose[i..].chars().next()?;
            // A straight single quote between letters is an apostrophe only when curly
            // ones are apostrophes too; it counts as a quote mark either way.
            Some((i, c, style(c)?, prose[..i].chars().next_back()))
        })
        .collect()
}

impl Rule for MixedQuotes {
    fn meta(&self) -> &RuleMeta {
        &self.meta
    }

    fn check_document(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        let prose = &doc.prose;
        // Curly quotes are U+2018/2019/201C/201D: E2 80 98/99/9C/9D in UTF-8.
        let has_curly = memchr::memchr_iter(0xE2, prose.as_bytes()).any(|i| {
            prose.as_bytes().get(i + 1) == Some(&0x80)
                && matches!(prose.as_bytes().get(i + 2), Some(0x98 | 0x99 | 0x9C | 0x9D))
        });
        if !has_curly || memchr::memchr2(b'"', b'\'', prose.as_bytes()).is_none() {
            return;
        }
        let quotes = quote_marks(prose);
        let straight = quotes.iter().filter(|q| q.2 == Style::Straight).count();
        let curly = quotes.len() - straight;
        // Ties go to typographic quotes: that is what published copy uses.
        let majority = if straight > curly {
            Style::Straight
        } else {
            Style::Curly
        };
        let (name, other) = match majority {
            Style::Straight => ("straight", "curly"),
            Style::Curly => ("curly", "straight"),
        };
        let Some(first) = quotes.iter().find(|q| q.2 == majority) else {
            return;
        };
        let first_span = doc.span(first.0..first.0 + first.1.len_utf8());
        let count = straight.max(curly);
        for &(i, c, s, prev) in &quotes {
            if s == majority {
                continue;
            }
            let fixed = convert(c, prev);
            out.push(
                Diagnostic::new(
                    &self.meta.id,
                    self.meta.default_severity,
                    doc.span(i..i + c.len_utf8()),
                    format!("{other} quote `{c}` in a document that mostly uses {name} quotes"),
                )
                .with_label(
                    first_span.clone(),
                    format!("{name} quotes are used here ({count} in this document)"),
                )
                .with_help(format!("use `{fixed}`"))
                .with_unsafe_fix(fixed.to_string()),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quote_marks_are_found_as_reading_every_character_would() {
        for text in [
            "",
            "\"",
            "’",
            "“He said ‘no’,” she wrote — it's \"done\"…",
            "é'x' 東京\"a\" —‘b’ …“",
            "\u{2019}\u{2018}\u{201C}\u{201D}\u{2014}\u{2026}'\"",
        ] {
            let mut naive = Vec::new();
            let mut prev = None;
            for (i, c) in text.char_indices() {
                if let Some(s) = style(c) {
                    naive.push((i, c, s, prev));
                }
                prev = Some(c);
            }
            let found = quote_marks(text);
            assert_eq!(found.len(), naive.len(), "{text:?}");
            for (a, b) in found.iter().zip(&naive) {
                assert!(
                    a.0 == b.0 && a.1 == b.1 && a.2 == b.2 && a.3 == b.3,
                    "{text:?}"
                );
            }
        }
    }
}
