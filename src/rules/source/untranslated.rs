//! `source/untranslated`: a translation that is the source copied unchanged.

use super::units;
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Document;
use crate::rule_meta;
use crate::rules::{Rule, RuleMeta};

/// Whether a text has something to translate: two words, or two CJK characters, once
/// placeholders and markup are taken out ("GnuPG", "%s", "OK" are kept as they are).
fn translatable(text: &str) -> bool {
    let text = super::placeholders::blank(text);
    let words = text
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| w.chars().count() >= 2 && w.chars().all(|c| c.is_ascii_alphabetic()))
        .count();
    let cjk = text.chars().filter(|&c| is_cjk_char(c)).count();
    words >= 2 || cjk >= 2
}

/// Whether `c` is kana, a CJK ideograph or Hangul.
fn is_cjk_char(c: char) -> bool {
    matches!(c, '\u{3040}'..='\u{30ff}' | '\u{3400}'..='\u{9fff}' | '\u{ac00}'..='\u{d7af}')
}

fn normalise(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

pub struct Untranslated {
    meta: RuleMeta,
}

impl Untranslated {
    pub fn new() -> Self {
        Untranslated {
            meta: rule_meta! {
                id: "source/untranslated",
                severity: Severity::Warning,
                summary: "the translation is the source, copied unchanged",
                explanation: "
A target identical to its source is usually a unit nobody translated: an MT system that gave
up, or a string copied to fill the file. Product names, commands and single words are often
kept as they are on purpose, so only texts of two words or more (two characters in Chinese,
Japanese and Korean), placeholders and markup aside, are reported; and a line of a Chinese,
Japanese or Korean source written in English (《Midnight SALE》) is rightly kept in an English
translation. CJK characters left inside
an English translation are `calque/untranslated-cjk`.",
                fixable: false,
                flag: [
                    "大好評の商品です。\tA very popular product.\n今すぐ購入\t今すぐ購入",
                    "Save the file\tSave the file",
                    "两千人参加。\t两千人参加。",
                ],
                pass: [
                    "大好評の商品です。\tA very popular product.\n《Midnight SALE》\t《Midnight SALE》",
                    "GnuPG\tGnuPG",
                    "%s: %s\t%s: %s",
                    "Save the file\tファイルを保存",
                ],
            },
        }
    }
}

impl Rule for Untranslated {
    fn meta(&self) -> &RuleMeta {
        &self.meta
    }

    fn check_document(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        // A Chinese, Japanese or Korean source sometimes writes a line in English (a slogan,
        // a product name: 《Midnight SALE》): an English translation rightly keeps it.
        let into_english = doc
            .bitext
            .as_ref()
            .is_some_and(|b| super::is_cjk(&b.source_lang) && !super::is_cjk(&b.target_lang));
        for unit in units(doc) {
            // Compared word by word first: most units differ, and need no copy. Most differ
            // in their first character, which is read without splitting a CJK target's whole
            // first run.
            let source = unit.source();
            let first = |text: &str| text.trim_start().chars().next();
            if first(source) != first(unit.target)
                || !source.split_whitespace().eq(unit.target.split_whitespace())
                || !translatable(&normalise(source))
                || (into_english && !source.chars().any(is_cjk_char))
            {
                continue;
            }
            out.push(
                unit.report(
                    doc,
                    &self.meta,
                    unit.segment.target.clone(),
                    "the translation is the source text, unchanged".to_string(),
                    None,
                    "the same text in the source",
                )
                .with_help(
                    "translate it, or mark the unit as intentionally unchanged with a suppression",
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn examples() {
        super::super::test::examples(&Untranslated::new());
    }
}
