use crate::diagnostic::{Diagnostic, Severity};
use crate::document::{Document, ascii};
use crate::rule_meta;
use crate::rules::{Rule, RuleMeta};

/// A sentence that runs into the next with no space ("said.The"), where a translator or a
/// copy-paste joined two sentences or two articles.
pub struct MissingSpaceAfterPunct {
    meta: RuleMeta,
}

impl MissingSpaceAfterPunct {
    pub fn new() -> Self {
        MissingSpaceAfterPunct {
            meta: rule_meta! {
                id: "spacing/missing-space-after-punct",
                severity: Severity::Warning,
                summary: "no space after sentence punctuation (\"said.The\")",
                explanation: "
Two sentences or clauses glued together (`said.The`, `Tokyo,Seoul`) usually mean a lost line break or two texts joined
by copy-and-paste. Abbreviations with inner full stops (`e.g.`, `U.S.`, `Ph.D.`), decimals
(`3.5`), URLs, e-mail addresses and file names are left alone. The fix inserts a space. After
a comma or semicolon it is safe; after a full stop it is a suggestion, applied with
`--unsafe-fixes`, because a brand or domain (`Amazon.Com`) has the same shape.",
                fixable: true,
                flag: [
                    "one of the focuses.China News Service reported",
                    "He left early;Then he came back.",
                    "the talks failed,Japan said",
                ],
                pass: [
                    "the U.S. and Japan, e.g. in Tokyo",
                    "growth of 3.5 percent",
                    "see www.example.com or mail press@example.org",
                    "Ph.D. students and a.m. meetings",
                    "an article on Yahoo!News today",
                    "He left early. Then he came back.",
                ],
            },
        }
    }
}

impl Rule for MissingSpaceAfterPunct {
    fn meta(&self) -> &RuleMeta {
        &self.meta
    }

    fn check_document(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        let bytes = doc.prose.as_bytes();
        // Not `!` or `?`: brand names glue them ("Yahoo!News", "Jeopardy!").
        for mark in ascii::find_all(bytes, [b'.', b',', b';']) {
            // The shape "said.The": two lowercase letters, the mark, a capital, a lowercase.
            let glued = mark >= 2
                && bytes[mark - 1].is_ascii_lowercase()
                && bytes[mark - 2].is_ascii_lowercase()
                && bytes.get(mark + 1).is_some_and(u8::is_ascii_uppercase)
                && bytes.get(mark + 2).is_some_and(u8::is_ascii_lowercase);
            if !glued {
                continue;
            }
            let word_start = bytes[..mark]
                .iter()
                .rposition(|b| !b.is_ascii_alphabetic())
                .map_or(0, |i| i + 1);
            // "x.y.Zzz" or "file.Name": a dotted token, not a sentence end.
            if word_start > 0 && matches!(bytes[word_start - 1], b'.' | b'@' | b'/' | b'_' | b'-') {
                continue;
            }
            let next_end = bytes[mark + 2..]
                .iter()
                .position(|b| !b.is_ascii_lowercase())
                .map_or(bytes.len(), |i| mark + 2 + i);
            let after = bytes.get(next_end).copied();
            // "foo.Bar.baz" or "Foo.BarBaz": an identifier, not prose.
            let identifier = after.is_some_and(|b| {
                (b == b'.'
                    && bytes
                        .get(next_end + 1)
                        .is_some_and(u8::is_ascii_alphanumeric))
                    || b.is_ascii_uppercase()
                    || b == b'('
                    || b == b'_'
            });
            if identifier {
                continue;
            }
            let m = bytes[mark] as char;
            let d = Diagnostic::new(
                &self.meta.id,
                self.meta.default_severity,
                doc.span(mark..next_end),
                format!("no space after `{m}`"),
            )
            .with_help(format!("insert a space after `{m}`"));
            let gap = mark + 1..mark + 1;
            out.push(match m {
                '.' => d.with_unsafe_fix_at(gap, " "),
                _ => d.with_fix_at(gap, " "),
            });
        }
    }
}
