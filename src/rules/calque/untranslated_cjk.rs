//! `calque/untranslated-cjk`: Chinese, Japanese or Korean characters left in English text.
//!
//! In code rather than as a regex: a character class with no literal in it makes the regex
//! crate step through every byte, while English text can be skipped 32 bytes at a time by
//! looking only for the UTF-8 lead bytes that start CJK characters.

use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Document;
use crate::rule_meta;
use crate::rules::{Rule, RuleMeta};

/// Bytes skipped at once when none of them can start a CJK character.
const CHUNK: usize = 32;

/// Lowest UTF-8 lead byte of any character `is_cjk` accepts (U+1100 is E1 84 80).
const LOWEST_LEAD: u8 = 0xE1;

/// Han, kana and Hangul: the scripts machine translation leaves behind untranslated.
fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x11FF       // Hangul Jamo
        | 0x2E80..=0x2FDF     // CJK and Kangxi radicals
        | 0x3005..=0x3007     // 々 〆 〇
        | 0x3040..=0x30FF     // Hiragana, Katakana
        | 0x3131..=0x318E     // Hangul compatibility Jamo
        | 0x31F0..=0x31FF     // Katakana phonetic extensions
        | 0x3400..=0x4DBF     // CJK extension A
        | 0x4E00..=0x9FFF     // CJK unified ideographs
        | 0xAC00..=0xD7AF     // Hangul syllables
        | 0xF900..=0xFAFF     // CJK compatibility ideographs
        | 0xFF66..=0xFF9F     // half-width Katakana
        | 0x20000..=0x3134F   // CJK extensions B to G
    )
}

/// The katakana middle dot and prolonged sound mark: part of a run of kana, but alone they are
/// punctuation ("Tokyo・Osaka", a stray "ー"), not untranslated text.
fn is_joiner(c: char) -> bool {
    matches!(c, '\u{30FB}' | '\u{30FC}')
}

/// Byte ranges of the runs of CJK characters in `text` that hold more than joiners.
fn cjk_runs(text: &str) -> Vec<std::ops::Range<usize>> {
    let bytes = text.as_bytes();
    let mut runs = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let end = (i + CHUNK).min(bytes.len());
        // A max over the chunk, not an early-exit search, so the compiler can vectorise it.
        let chunk = &bytes[i..end];
        let highest = chunk.iter().fold(0u8, |m, &b| m.max(b));
        // E2 leads curly quotes, dashes and the ellipsis, frequent in English, and of CJK
        // only the radicals (E2 BA 80 on): a chunk whose highest byte is E2 counts only if
        // it has E1 or an E2 whose next byte says a radical.
        let cjk_lead = highest > 0xE2
            || (highest >= LOWEST_LEAD && memchr::memchr(0xE1, chunk).is_some())
            || (highest == 0xE2
                && memchr::memchr_iter(0xE2, chunk)
                    .any(|k| bytes.get(i + k + 1).is_some_and(|&next| next >= 0xBA)));
        if !cjk_lead {
            i = end;
            continue;
        }
        let mut pos = i;
        while !text.is_char_boundary(pos) {
            pos -= 1;
        }
        // Start of the current run, and whether it holds a character other than a joiner.
        let mut run: Option<(usize, bool)> = None;
        let mut next = bytes.len();
        for (offset, c) in text[pos..].char_indices() {
            let at = pos + offset;
            if is_cjk(c) {
                let (_, core) = run.get_or_insert((at, false));
                *core |= !is_joiner(c);
                continue;
            }
            if let Some((start, true)) = run.take() {
                runs.push(start..at);
            }
            if at >= end {
                next = at;
                break;
            }
        }
        if let Some((start, true)) = run {
            runs.push(start..bytes.len());
        }
        i = next;
    }
    runs
}

pub struct UntranslatedCjk {
    meta: RuleMeta,
}

impl UntranslatedCjk {
    pub fn new() -> Self {
        UntranslatedCjk {
            meta: rule_meta! {
                id: "calque/untranslated-cjk",
                severity: Severity::Warning,
                summary: "Chinese, Japanese or Korean characters left in English text",
                explanation: "
Machine translation leaves characters it could not render, most often in names and rare
words (\"originated in 陕 West\", \"the 蕃 Shoshosho\"). In English copy they are untranslated
text: translate or romanise them (pinyin, Hepburn, Revised Romanization), or drop them. If a
file is meant to carry CJK text (a glossary, a bilingual caption), switch the rule off for it.",
                fixable: false,
                flag: ["etc., originated in 陕 West", "ATP <男子テニス> results", "the mayor of 서울 said"],
                pass: ["etc., originated in Shaanxi", "ATP men’s tennis results — “Seoul” said", "the mayor of Seoul said"],
            },
        }
    }
}

impl Rule for UntranslatedCjk {
    fn meta(&self) -> &RuleMeta {
        &self.meta
    }

    fn check_document(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        // A translation into Chinese, Japanese or Korean is meant to be in CJK script.
        if doc.is_cjk_target() {
            return;
        }
        for range in cjk_runs(&doc.prose) {
            let found = &doc.text()[range.clone()];
            out.push(
                Diagnostic::new(
                    &self.meta.id,
                    self.meta.default_severity,
                    doc.span(range),
                    format!("untranslated text `{found}` in English copy"),
                )
                .with_help("translate or romanise it (pinyin, Hepburn), or remove it"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn runs(text: &str) -> Vec<&str> {
        cjk_runs(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn finds_whole_runs_across_chunk_edges() {
        let pad = "x".repeat(CHUNK - 2);
        let text = format!("{pad}日本語 and 한국어 — “quoted” {pad}カタカナ");
        assert_eq!(runs(&text), ["日本語", "한국어", "カタカナ"]);
    }

    #[test]
    fn leaves_latin_and_typographic_text_alone() {
        assert!(runs("café — “naïve” résumé … 1–2 °C € ™").is_empty());
        assert!(runs("").is_empty());
    }

    #[test]
    fn radicals_are_found_among_the_punctuation_that_shares_their_lead_byte() {
        for at in 0..40 {
            let pad = "x".repeat(at);
            let text = format!("{pad}“a” — ’⺀⿕ … ’⺀");
            assert_eq!(runs(&text), ["⺀⿕", "⺀"], "{text:?}");
            assert_eq!(runs(&format!("{pad}’")), Vec::<&str>::new());
        }
    }

    #[test]
    fn joiners_count_only_inside_a_run() {
        assert!(runs("Tokyo・Osaka and a stray ー dash").is_empty());
        assert_eq!(runs("the ラーメン shop"), ["ラーメン"]);
    }

    #[test]
    fn every_start_position_agrees_with_a_plain_scan() {
        let text = "a日b本 語c\u{20000}dé한・x・ーカー";
        for start in (0..text.len()).filter(|&i| text.is_char_boundary(i)) {
            let slice = &text[start..];
            let mut plain = Vec::new();
            let mut run: Option<usize> = None;
            for (i, c) in slice.char_indices() {
                match (is_cjk(c), run) {
                    (true, None) => run = Some(i),
                    (false, Some(s)) => {
                        plain.push(s..i);
                        run = None;
                    }
                    _ => {}
                }
            }
            if let Some(s) = run {
                plain.push(s..slice.len());
            }
            plain.retain(|r| slice[r.clone()].chars().any(|c| !is_joiner(c)));
            assert_eq!(cjk_runs(slice), plain, "{slice:?}");
        }
    }
}
