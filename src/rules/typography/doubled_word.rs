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
        // Where the last pair's repeats end: no pair starts before.
        let mut consumed = 0;
        // The token `prev_start..run_start` and the bytes after the run of whitespace
        // `run_start..run_end`, whose first bytes match: reports a doubled word there, and
        // gives the end of its repeats if it got as far as counting them.
        let mut pair = |prev_start: usize, run_start: usize, run_end: usize| -> Option<usize> {
            let len = run_start - prev_start;
            let second = run_end..run_end + len;
            let same = bytes
                .get(second.clone())
                .is_some_and(|b| b.eq_ignore_ascii_case(&bytes[prev_start..run_start]));
            if !same || bytes.get(second.end).is_some_and(|&b| is_word_byte(b)) {
                return None;
            }
            let (Some(a), Some(b)) = (text.get(prev_start..run_start), text.get(second.clone()))
            else {
                return None;
            };
            if !is_word(a) || ALLOWED.iter().any(|w| w.eq_ignore_ascii_case(a)) {
                return None;
            }
            // "... - Xinhua\nXinhua News Agency": a capitalised word that opens a new line is
            // more often a new segment or heading than a slip.
            let new_line = bytes[run_start..run_end].contains(&b'\n');
            if new_line && b.starts_with(|c: char| c.is_uppercase()) {
                return None;
            }
            // A machine-translation loop repeats a word many times: report the run once.
            let mut end = second.end;
            let mut times = 2;
            while let Some(next) = repeated_after(bytes, end, a.as_bytes()) {
                end = next;
                times += 1;
            }
            // "Yang Yang", "Walla Walla": a reduplicated name, unless it loops on.
            let capitalised = |w: &str| w.starts_with(|c: char| c.is_uppercase());
            if times == 2 && capitalised(a) && capitalised(b) {
                return Some(end);
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
            Some(end)
        };
        // memchr's search, not the slice's: this reads every byte of the prose.
        if memchr::memchr(b'\r', bytes).is_none() {
            for (prev_start, start, end) in candidates(bytes) {
                if start >= consumed
                    && let Some(repeats_end) = pair(prev_start, start, end)
                {
                    consumed = repeats_end;
                }
            }
            return;
        }
        // With carriage returns, which part words only beside another space: runs of spaces,
        // tabs, line breaks and carriage returns, read off the control bytes
        // found eight at a time ([`ascii::controls`]; another control byte is part of a
        // token), and one past the end that closes the last run. The run being read is
        // `start..end` (empty before the first), `parts` unless it is only carriage returns.
        let (mut start, mut end, mut parts) = (0, 0, false);
        // Where the current token starts.
        let mut token_start = 0;
        for at in ascii::controls(bytes).chain([bytes.len() + 1]) {
            let b = bytes.get(at).copied().unwrap_or(b' ');
            if !SPACE[usize::from(b)] {
                continue;
            }
            if at == end && start < end {
                end += 1;
                parts |= b != b'\r';
                continue;
            }
            // The run `start..end` is over.
            if parts {
                let prev_start = token_start;
                token_start = end;
                // Most pairs differ in their first byte: the cheapest test first.
                if start >= consumed
                    && prev_start < start
                    && bytes.get(end).map(u8::to_ascii_lowercase)
                        == Some(bytes[prev_start].to_ascii_lowercase())
                    && let Some(repeats_end) = pair(prev_start, start, end)
                {
                    consumed = repeats_end;
                }
            }
            (start, end, parts) = (at, at + 1, b != b'\r');
        }
    }
}

/// In text without carriage returns, where spaces, tabs and line breaks alone part words:
/// each word (token) whose first byte matches the previous token's, ignoring ASCII case, as
/// (the previous token's start, the start and the end of the whitespace between). 64 bytes
/// at a time: their whitespace as a bit mask ([`ascii::equal_64`]), and the tokens that
/// start after it; most tokens cost a load and a compare.
fn candidates(bytes: &[u8]) -> impl Iterator<Item = (usize, usize, usize)> + '_ {
    // The previous token's start and its first byte; the block `base..base + 64`, the token
    // starts left in it, and whether the byte before it is whitespace.
    let (mut prev, mut prev_first) = (0, bytes.first().copied().unwrap_or(0));
    let (mut base, mut starts, mut after_space) = (0, 0u64, 0u64);
    let mut next = 0;
    std::iter::from_fn(move || {
        loop {
            while starts == 0 {
                if next >= bytes.len() {
                    return None;
                }
                // Past the end: spaces, which start no token.
                let spaces = ascii::equal_64(bytes, next, [b' ', b'\t', b'\n']);
                starts = !spaces & ((spaces << 1) | after_space);
                after_space = spaces >> 63;
                base = next;
                next += 64;
            }
            let at = base + starts.trailing_zeros() as usize;
            starts &= starts - 1;
            let (prev_start, this) = (prev, bytes[at]);
            // Bytes equal but for ASCII case differ at most in bit 5: the cheapest test first.
            let maybe = (this ^ prev_first) & !0x20 == 0;
            (prev, prev_first) = (at, this);
            if maybe && this.eq_ignore_ascii_case(&bytes[prev_start]) {
                let start = at
                    - bytes[..at]
                        .iter()
                        .rev()
                        .take_while(|&&b| is_space(b))
                        .count();
                if prev_start < start {
                    return Some((prev_start, start, at));
                }
            }
        }
    })
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
        assert_eq!(&*out[0].message, "`Hun` is repeated 4 times");
        let fixed = crate::fix::apply(text, &[*out[0].fix.clone().unwrap()]);
        assert_eq!(fixed.text, "like Hun gradually");
    }

    /// Where one block of `text` has doubled words, and their messages.
    fn found(text: &str) -> Vec<(usize, String)> {
        let doc = Document::new(0, "a.txt", text);
        let mut out = Vec::new();
        DoubledWord::new().check_block(&doc, 0, text, &mut out);
        out.iter()
            .map(|d| (d.span.range.start, d.message.to_string()))
            .collect()
    }

    /// Text without carriage returns is read 64 bytes at a time ([`candidates`]); text
    /// with them a control byte at a time. A trailing " \r" changes no finding, so the two
    /// ways must find the same in each text.
    #[test]
    fn the_chunked_reading_finds_what_the_byte_reading_finds() {
        let pieces = [
            "the", "The", "THE", "to", "a", "had", "Hun", "x", "é", "éé", "日本", "it's", "co-op",
            "10", " ", " ", " ", "  ", "\t", "\n", " \n ", "\u{b}", ",", ".",
        ];
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut random = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        let mut texts: Vec<String> = vec![String::new(), " ".into(), "the the".into()];
        for _ in 0..20_000 {
            let len = random(24);
            texts.push((0..len).map(|_| pieces[random(pieces.len())]).collect());
        }
        let mut doubled = 0;
        for text in &texts {
            assert!(!text.contains('\r'));
            let by_chunks = found(text);
            doubled += by_chunks.len();
            assert_eq!(by_chunks, found(&format!("{text} \r")), "{text:?}");
        }
        // The texts do have doubled words.
        assert!(doubled > 100, "{doubled}");
    }

    #[test]
    fn whitespace_runs_are_read_alike_at_every_offset_of_the_64_byte_blocks() {
        for pad in 0..130 {
            let lead = "x".repeat(pad);
            // Runs of spaces, tabs and line breaks part words, across chunk boundaries too.
            for gap in [" ", "  \t ", "\r\n", "\n \n", " \r"] {
                let text = format!("{lead} went{gap}to{gap}to Tokyo");
                let first = pad + " went".len() + gap.len();
                let expected = [(first, "`to` is repeated".to_string())];
                assert_eq!(found(&text), expected, "{text:?}");
            }
            // Carriage returns alone part nothing, nor does another control byte.
            for glue in ["\r", "\r\r", "\u{b}"] {
                let text = format!("{lead} went to{glue}to Tokyo");
                assert!(found(&text).is_empty(), "{text:?}");
            }
        }
    }
}
