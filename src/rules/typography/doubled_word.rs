use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Document;
use crate::rule_meta;
use crate::rules::{Rule, RuleMeta};

/// The same word twice in a row ("the the").
pub struct DoubledWord {
    meta: RuleMeta,
}

/// Repetitions that English grammar or idiom allows.
const ALLOWED: &[&str] = &[
    "had", "that", "bye", "so", "no", "very", "ha", "haha", "knock", "tut", "boo", "aye", "hear",
    "chop", "pooh", "there", "is", "yeah", "well", "now", "dum", "la", "blah", "bla", "cha", "mau",
    "tse", "pom", "bora", "baden", "walla", "sing", "wagga", "yo",
];

impl DoubledWord {
    pub fn new() -> Self {
        DoubledWord {
            meta: rule_meta! {
                id: "typography/doubled-word",
                severity: Severity::Warning,
                summary: "the same word twice in a row (\"the the\")",
                explanation: "
A word repeated with only whitespace between is almost always a slip, and easy to miss
because the eye skips it, especially across a line break. Repetitions grammar allows
(`had had`, `that that`) and reduplicated words (`bye bye`, `Walla Walla`) are left alone, as
are words separated by punctuation. The fix deletes the second word.",
                fixable: true,
                flag: [
                    "the the talks",
                    "They met in in Tokyo.",
                    "The\nthe line break hides it.",
                ],
                pass: [
                    "the talks",
                    "what he had had was enough",
                    "Sing Sing prison and 10 10 are not doubled words",
                    "They met, met again, and left.",
                ],
            },
        }
    }
}

impl Rule for DoubledWord {
    fn meta(&self) -> &RuleMeta {
        &self.meta
    }

    fn check_document(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        let text = &doc.prose;
        let bytes = text.as_bytes();
        let mut prev: Option<(usize, usize)> = None;
        let mut i = 0;
        while i < bytes.len() {
            let Some(c) = text[i..].chars().next() else {
                break;
            };
            if !c.is_alphabetic() {
                // Only whitespace may separate the two words; anything else breaks the pair.
                if !c.is_whitespace() {
                    prev = None;
                }
                i += c.len_utf8();
                continue;
            }
            let start = i;
            let end = text[i..]
                .char_indices()
                .find(|&(_, c)| !(c.is_alphanumeric() || c == '\'' || c == '’' || c == '-'))
                .map_or(text.len(), |(j, _)| i + j);
            if let Some((ps, pe)) = prev {
                let a = &text[ps..pe];
                let b = &text[start..end];
                if a.eq_ignore_ascii_case(b)
                    && !ALLOWED.contains(&a.to_ascii_lowercase().as_str())
                    && a.chars().any(char::is_alphabetic)
                {
                    out.push(
                        Diagnostic::new(
                            &self.meta.id,
                            self.meta.default_severity,
                            doc.span(ps..end),
                            format!("`{b}` is repeated"),
                        )
                        .with_help(format!("remove the second `{b}`"))
                        .with_fix_at(pe..end, ""),
                    );
                }
            }
            prev = Some((start, end));
            i = end;
        }
    }
}
