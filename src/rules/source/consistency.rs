//! `source/inconsistent-target` and `source/inconsistent-source`: across the corpus, one
//! source text translated two ways, and one translation used for two different sources
//! (pofilter's poconflicts, Xbench's inconsistency checks).

use std::collections::BTreeMap;
use std::sync::Arc;

use rustc_hash::FxHashMap;

use super::units;
use crate::corpus::Corpus;
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::{Document, Span};
use crate::rule_meta;
use crate::rules::facts::{self, CorpusFacts, Extractor, Fact, Saved};
use crate::rules::{Rule, RuleMeta};

/// A unit as the consistency checks compare it.
#[derive(serde::Serialize, serde::Deserialize)]
struct Entry {
    /// Languages, so a Japanese and a Korean catalogue are never compared.
    langs: (String, String),
    source: String,
    target: String,
    shown_source: String,
    shown_target: String,
    span: Span,
}

/// Case, accelerator marks (`&Open`, `_Open`), final punctuation and spacing do not make two
/// texts different.
fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // One pass: runs of whitespace become one space, none at either end.
    let mut space = false;
    let mut emit = |c: char, out: &mut String| {
        if c.is_whitespace() {
            space = !out.is_empty();
        } else {
            if space {
                out.push(' ');
                space = false;
            }
            out.push(c);
        }
    };
    for c in text.chars().filter(|c| !matches!(c, '&' | '_')) {
        // ASCII, and kana, CJK ideographs and Hangul syllables (most of a CJK catalogue, and
        // caseless), skip the look-up in the case tables.
        if c.is_ascii() {
            emit(c.to_ascii_lowercase(), &mut out);
        } else if is_caseless(c) {
            emit(c, &mut out);
        } else {
            for lower in c.to_lowercase() {
                emit(lower, &mut out);
            }
        }
    }
    let kept = out
        .trim_end_matches(|c: char| c.is_whitespace() || ".:。：…!?！？".contains(c))
        .len();
    out.truncate(kept);
    out
}

/// Kana, CJK ideographs (U+3040 to U+9FFF) and Hangul syllables: no case, no whitespace.
fn is_caseless(c: char) -> bool {
    matches!(c, '\u{3040}'..='\u{9fff}' | '\u{ac00}'..='\u{d7a3}')
}

/// Whether `text` has at least two letters or digits.
fn has_two_alphanumerics(text: &str) -> bool {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .nth(1)
        .is_some()
}

/// The units of one document, as facts: both consistency rules share them.
struct Units;

const KEY: &str = "source/consistency";

impl Extractor for Units {
    fn key(&self) -> &'static str {
        KEY
    }

    fn extract(&self, doc: &Document) -> Fact {
        facts::shared_if_empty(entries(doc), Vec::is_empty)
    }

    fn save(&self, fact: &Fact) -> Option<Saved> {
        facts::save_as::<Vec<Entry>>(fact)
    }

    fn load(&self, saved: &Saved) -> Option<Fact> {
        Some(facts::shared_if_empty(
            saved.read()?,
            Vec::<Entry>::is_empty,
        ))
    }
}

fn entries(doc: &Document) -> Vec<Entry> {
    let mut out = Vec::new();
    let Some(bitext) = &doc.bitext else {
        return out;
    };
    // Edited prose says the same thing in other words, and other things in the same words;
    // string consistency is a property of software and translation memories.
    if !super::is_software(doc) {
        return out;
    }
    for unit in units(doc) {
        let (source, target) = (normalise(unit.source()), normalise(unit.target));
        if !has_two_alphanumerics(&source) || !has_two_alphanumerics(&target) {
            continue;
        }
        out.push(Entry {
            langs: (bitext.source_lang.clone(), bitext.target_lang.clone()),
            source,
            target,
            shown_source: unit.source().trim().to_string(),
            shown_target: unit.target.trim().to_string(),
            span: doc.span(unit.segment.target.clone()),
        });
    }
    out
}

/// Every document's entries, in corpus order.
fn all_entries<'a>(corpus: &Corpus, facts: &'a CorpusFacts) -> Vec<&'a Entry> {
    (0..corpus.docs.len())
        .filter_map(|i| facts.doc::<Vec<Entry>>(i, KEY))
        .flatten()
        .collect()
}

/// Groups entries by `key`, and for every group with more than one `variant`, reports each
/// unit whose variant is not the group's most frequent one, with a label on a unit that has it.
fn conflicts(
    entries: &[&Entry],
    key: impl Fn(&Entry) -> &str,
    variant: impl Fn(&Entry) -> &str,
    mut report: impl FnMut(&Entry, &Entry),
) {
    let mut groups: FxHashMap<(&str, &(String, String)), Vec<&Entry>> = FxHashMap::default();
    for &e in entries {
        groups.entry((key(e), &e.langs)).or_default().push(e);
    }
    // Most keys have one entry: only groups of two or more are sorted and read.
    let mut keys: Vec<_> = groups
        .iter()
        .filter(|(_, group)| group.len() >= 2)
        .map(|(k, _)| *k)
        .collect();
    keys.sort();
    for k in keys {
        let group = &groups[&k];
        // Most frequent variant first; ties go to the one seen first.
        let mut counts: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
        for (i, e) in group.iter().enumerate() {
            let c = counts.entry(variant(e)).or_insert((0, i));
            c.0 += 1;
        }
        if counts.len() < 2 {
            continue;
        }
        let (major, _) = counts
            .iter()
            .max_by(|a, b| a.1.0.cmp(&b.1.0).then(b.1.1.cmp(&a.1.1)))
            .map(|(v, c)| (*v, *c))
            .unwrap_or(("", (0, 0)));
        for e in group.iter().filter(|e| variant(e) != major) {
            let other = group
                .iter()
                .filter(|o| variant(o) == major)
                .min_by_key(|o| (o.span.file != e.span.file, o.span.file, o.span.range.start));
            if let Some(other) = other {
                report(e, other);
            }
        }
    }
}

pub struct InconsistentTarget {
    meta: RuleMeta,
}

impl InconsistentTarget {
    pub fn new() -> Self {
        InconsistentTarget {
            meta: rule_meta! {
                id: "source/inconsistent-target",
                severity: Severity::Warning,
                summary: "the same source text translated two different ways across the corpus",
                explanation: "
One source text, two translations: a menu item called one thing here and another there, a
term that drifts between files. The unit whose translation is the less frequent one is
reported, with a label on a unit that has the usual one. Case, accelerator marks (`&`, `_`),
final punctuation and spacing are ignored. Software strings and translation memories (PO,
XLIFF, TMX, TSV) are compared; edited prose (aligned text) says one thing in several ways.",
                fixable: false,
                flag: ["Open file\tファイルを開く\nSave\t保存\nOpen file\tファイルを開ける\nOpen file\tファイルを開く"],
                pass: ["Open file\tファイルを開く\nOpen File\tファイルを開く。\n&Open file\tファイルを開く"],
            },
        }
    }
}

impl Rule for InconsistentTarget {
    fn meta(&self) -> &RuleMeta {
        &self.meta
    }

    fn extractor(&self) -> Option<Arc<dyn Extractor>> {
        Some(Arc::new(Units))
    }

    fn check_corpus(&self, corpus: &Corpus, facts: &CorpusFacts, out: &mut Vec<Diagnostic>) {
        let entries = all_entries(corpus, facts);
        conflicts(
            &entries,
            |e| &e.source,
            |e| &e.target,
            |e, other| {
                out.push(
                    Diagnostic::new(
                        &self.meta.id,
                        self.meta.default_severity,
                        e.span.clone(),
                        format!(
                            "`{}` is translated `{}` here and `{}` elsewhere",
                            e.shown_source, e.shown_target, other.shown_target
                        ),
                    )
                    .with_label(other.span.clone(), "the usual translation")
                    .with_help(
                        "translate the same text the same way, or tell the two apart in the source",
                    ),
                );
            },
        );
    }
}

pub struct InconsistentSource {
    meta: RuleMeta,
}

impl InconsistentSource {
    pub fn new() -> Self {
        InconsistentSource {
            meta: rule_meta! {
                id: "source/inconsistent-source",
                severity: Severity::Warning,
                summary: "the same translation used for two different source texts",
                explanation: "
One translation, two different sources: two countries given the same name, \"Save\" and
\"Save as\" both translated as the same word. Readers can no longer tell the two apart, and
one of the two is usually a copy-paste error. Case, accelerator marks, final punctuation and
spacing are ignored on both sides.",
                fixable: false,
                flag: ["Save\t保存\nSave as\t保存\nSave\t保存"],
                pass: ["Save\t保存\nSave as\t名前を付けて保存\n&Save\t保存"],
            },
        }
    }
}

impl Rule for InconsistentSource {
    fn meta(&self) -> &RuleMeta {
        &self.meta
    }

    fn extractor(&self) -> Option<Arc<dyn Extractor>> {
        Some(Arc::new(Units))
    }

    fn check_corpus(&self, corpus: &Corpus, facts: &CorpusFacts, out: &mut Vec<Diagnostic>) {
        let entries = all_entries(corpus, facts);
        conflicts(
            &entries,
            |e| &e.target,
            |e| &e.source,
            |e, other| {
                out.push(
                    Diagnostic::new(
                        &self.meta.id,
                        self.meta.default_severity,
                        e.span.clone(),
                        format!(
                            "`{}` translates `{}` here and `{}` elsewhere",
                            e.shown_target, e.shown_source, other.shown_source
                        ),
                    )
                    .with_label(
                        other.span.clone(),
                        "the same translation for another source",
                    )
                    .with_help("give the two source texts translations that tell them apart"),
                );
            },
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_without_units_share_one_fact() {
        let (a, b) = (
            Document::new(0, "a.txt", "one"),
            Document::new(1, "b.md", "two"),
        );
        let (a, b) = (Units.extract(&a), Units.extract(&b));
        assert!(Arc::ptr_eq(&a, &b));
        let loaded = Units.load(&Units.save(&a).unwrap()).unwrap();
        assert!(Arc::ptr_eq(&a, &loaded));
        assert_eq!(a.downcast_ref::<Vec<Entry>>().map(Vec::len), Some(0));
    }

    /// The characters passed without a look-up are those the case tables leave alone.
    #[test]
    fn caseless_characters_are_their_own_lower_case_and_no_space() {
        let caseless = ('\u{3040}'..='\u{9fff}').chain('\u{ac00}'..='\u{d7a3}');
        for c in caseless {
            assert!(is_caseless(c));
            assert!(c.to_lowercase().eq([c]) && !c.is_whitespace(), "{c:?}");
        }
        assert!(!is_caseless('A') && !is_caseless('\u{3000}') && !is_caseless('Ａ'));
    }

    #[test]
    fn normalising_ignores_case_accelerators_spacing_and_final_marks() {
        assert_eq!(normalise("  &Open   the\tFILE_ ... \n"), "open the file");
        assert_eq!(normalise("保存 。"), "保存");
        assert_eq!(normalise("a . b ."), "a . b");
        assert_eq!(normalise(" \u{3000}"), "");
    }

    fn check(rule: &dyn Rule, tsv: &str) -> Vec<Diagnostic> {
        let mut corpus = Corpus::new();
        corpus.add_document("t.tsv", tsv);
        let extractors = vec![rule.extractor().expect("consistency rules extract units")];
        let docs = crate::rules::facts::extract_all(&corpus.docs, &extractors);
        let facts = CorpusFacts::new(docs.iter().collect());
        let mut out = Vec::new();
        rule.check_corpus(&corpus, &facts, &mut out);
        out
    }

    fn examples(rule: &dyn Rule) {
        for text in &rule.meta().examples.flag {
            assert!(!check(rule, text).is_empty(), "did not flag {text:?}");
        }
        for text in &rule.meta().examples.pass {
            assert!(check(rule, text).is_empty(), "flagged {text:?}");
        }
    }

    #[test]
    fn examples_of_both_rules() {
        examples(&InconsistentTarget::new());
        examples(&InconsistentSource::new());
    }

    #[test]
    fn the_minority_form_is_reported_with_a_label_on_the_usual_one() {
        let d = check(
            &InconsistentTarget::new(),
            "Open file\tAa\nOpen file\tBb\nOpen file\tAa\n",
        );
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].span.range, 23..25);
        assert_eq!(d[0].labels[0].span.range, 10..12);
    }
}
