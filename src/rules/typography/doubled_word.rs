use crate::diagnostic::{Diagnostic, Severity};
use crate::document::{Document, ascii};
use crate::rule_meta;
use crate::rules::{Rule, RuleMeta};

/// The same word twice in a row ("the the").
pub struct DoubledWord {
    meta: RuleMeta,
}

/// Repetitions that English grammar or idiom allows.
const ALLOWED: &[&str] = &[
    "had", "that", "bye", "so", "no", "very", "ha", "haha", "knock", "tut", "boo", "aye", "hear",
    "chop", "pooh", "there", "is", "yeah", "well", "now", "dum", "la", "blah", "bla", "cha", "yo",
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
(`had had`, `that that`), reduplicated words (`bye bye`), capitalised pairs (names such as
`Yang Yang` or `Walla Walla`, unless they repeat three times or more) and words separated by
punctuation are left alone. A machine-translation loop (`Hun Hun Hun Hun`) is reported once.
The fix deletes the repeats.",
                fixable: true,
                flag: [
                    "the the talks",
                    "a humming like Hun Hun Hun Hun gradually",
                    "They met in in Tokyo.",
                    "The\nthe line break hides it.",
                ],
                pass: [
                    "the talks",
                    "what he had had was enough",
                    "Sing Sing prison and 10 10 are not doubled words",
                    "conductor Yang Yang and deputy manager Li Li said",
                    "They met, met again, and left.",
                    "A headline by Xinhua\nXinhua reported the news.",
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
        // Within a block: a heading's last word and the next paragraph's first, or the end of
        // one segment and the start of the next, are not a doubled word.
        for block in &doc.blocks {
            self.check_block(doc, block.start, &doc.prose[block.clone()], out);
        }
    }
}

impl DoubledWord {
    /// Checks `text`, the prose of one block starting at byte `base` of `doc`.
    fn check_block(&self, doc: &Document, base: usize, text: &str, out: &mut Vec<Diagnostic>) {
        let bytes = text.as_bytes();
        // Walk the whitespace runs, found eight bytes at a time ([`ascii::control`]); the
        // token between two runs is compared with the bytes after the second.
        let mut token_start = 0;
        let mut consumed = 0;
        let mut i = 0;
        while i < bytes.len() {
            i = ascii::control(bytes, i);
            if i == bytes.len() {
                break;
            }
            if !SPACE[usize::from(bytes[i])] {
                i += 1;
                continue;
            }
            // A run of spaces, tabs, line breaks and carriage returns; carriage returns alone
            // part nothing.
            let run_start = i;
            let mut parts = false;
            while let Some(&b) = bytes.get(i).filter(|&&b| SPACE[usize::from(b)]) {
                parts |= b != b'\r';
                i += 1;
            }
            if !parts {
                continue;
            }
            let run_end = i;
            let prev_start = token_start;
            token_start = run_end;
            if run_start < consumed || prev_start >= run_start {
                continue;
            }
            // Most pairs differ in their first byte: the cheapest test first.
            let first = bytes[prev_start].to_ascii_lowercase();
            if bytes.get(run_end).map(u8::to_ascii_lowercase) != Some(first) {
                continue;
            }
            let len = run_start - prev_start;
            let second = run_end..run_end + len;
            let same = bytes
                .get(second.clone())
                .is_some_and(|b| b.eq_ignore_ascii_case(&bytes[prev_start..run_start]));
            if !same || bytes.get(second.end).is_some_and(|&b| is_word_byte(b)) {
                continue;
            }
            let (Some(a), Some(b)) = (text.get(prev_start..run_start), text.get(second.clone()))
            else {
                continue;
            };
            if !is_word(a) || ALLOWED.iter().any(|w| w.eq_ignore_ascii_case(a)) {
                continue;
            }
            // "... - Xinhua\nXinhua News Agency": a capitalised word that opens a new line is
            // more often a new segment or heading than a slip.
            let new_line = bytes[run_start..run_end].contains(&b'\n');
            if new_line && b.starts_with(|c: char| c.is_uppercase()) {
                continue;
            }
            // A machine-translation loop repeats a word many times: report the run once.
            let mut end = second.end;
            let mut times = 2;
            while let Some(next) = repeated_after(bytes, end, a.as_bytes()) {
                end = next;
                times += 1;
            }
            consumed = end;
            // "Yang Yang", "Walla Walla": a reduplicated name, unless it loops on.
            let capitalised = |w: &str| w.starts_with(|c: char| c.is_uppercase());
            if times == 2 && capitalised(a) && capitalised(b) {
                continue;
            }
            let (message, help) = if times == 2 {
                (
                    format!("`{b}` is repeated"),
                    format!("remove the second `{b}`"),
                )
            } else {
                (
                    format!("`{b}` is repeated {times} times"),
                    format!("keep one `{b}`"),
                )
            };
            out.push(
                Diagnostic::new(
                    &self.meta.id,
                    self.meta.default_severity,
                    doc.span(base + prev_start..base + end),
                    message,
                )
                .with_help(help)
                .with_fix_at(base + run_start..base + end, ""),
            );
        }
    }
}

/// The end of `word` if it follows `at` after whitespace, as a whole word.
fn repeated_after(bytes: &[u8], at: usize, word: &[u8]) -> Option<usize> {
    let start = at + bytes.get(at..)?.iter().position(|&b| !is_space(b))?;
    if start == at {
        return None;
    }
    let end = start + word.len();
    let same = bytes.get(start..end)?.eq_ignore_ascii_case(word);
    (same && bytes.get(end).is_none_or(|&b| !is_word_byte(b))).then_some(end)
}

fn is_space(b: u8) -> bool {
    SPACE[usize::from(b)]
}

/// Whitespace between words: spaces, tabs, line breaks, carriage returns.
const SPACE: [bool; 256] = {
    let mut t = [false; 256];
    t[b' ' as usize] = true;
    t[b'\n' as usize] = true;
    t[b'\t' as usize] = true;
    t[b'\r' as usize] = true;
    t
};

/// Bytes that may belong to a word: ASCII letters, digits, apostrophes and hyphens, and any
/// byte of a non-ASCII character (checked properly by [`is_word`] on a candidate).
fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'\'' || b == b'-' || b >= 0x80
}

/// A word: starts with a letter; letters, digits, apostrophes and hyphens after.
fn is_word(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(char::is_alphabetic)
        && chars.all(|c| c.is_alphanumeric() || c == '\'' || c == '’' || c == '-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_run_of_repeats_is_one_finding_with_one_fix() {
        let text = "like Hun Hun Hun Hun gradually";
        let doc = Document::new(0, "a.txt", text);
        let mut out = Vec::new();
        DoubledWord::new().check_document(&doc, &mut out);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].message, "`Hun` is repeated 4 times");
        let fixed = crate::fix::apply(text, &[out[0].fix.clone().unwrap()]);
        assert_eq!(fixed.text, "like Hun gradually");
    }
}
