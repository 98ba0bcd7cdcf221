//! Summaries: what the per-document pass took from one document ([`Checked`]: its own
//! findings, the facts the corpus rules decide over, its suppression comments) as plain data
//! that is saved and read back without the document's text. The cache keeps one per file
//! between runs; `--emit-summary` writes a shard's, and `translint merge` decides the corpus
//! over many shards' summaries.
//!
//! A summary holds no file id: its findings are saved pointing at file 0 and placed at the
//! id the document has in the run that reads them back ([`Summary::load`]). Only documents
//! whose corpus decision needs nothing but the summary are summarised: monolingual text
//! (plain text, Markdown) whose findings all point into the document itself. Bilingual
//! documents are read again, since their source-aware corpus rules read the aligned text.

use serde::{Deserialize, Serialize};

use crate::diagnostic::Diagnostic;
use crate::document::{Document, FileId, Format};
use crate::engine::{Checked, Findings, RuleSet};
use crate::rules::facts::{self, DocFacts, SavedFacts};
use crate::suppress::Suppressions;

/// The version of [`Summary::encode`]'s encoding, which a shard's summary file states: postcard
/// writes no field names, so a summary read by a build that lays it out otherwise would be
/// misread rather than refused. Raised with every change to what a summary holds.
pub const FORMAT: u32 = 3;

/// One document's [`Checked`], saved.
#[derive(Debug, Serialize, Deserialize)]
pub struct Summary {
    diagnostics: Vec<Diagnostic>,
    facts: SavedFacts,
    suppressions: Suppressions,
}

impl Summary {
    /// The summary of `doc`, or `None` when the decision would need its text (see the module
    /// documentation) or a fact cannot be saved.
    pub fn save(doc: &Document, checked: &Checked, rules: &RuleSet) -> Option<Summary> {
        let monolingual = matches!(doc.format, Format::Plain | Format::Markdown)
            && doc.bitext.is_none()
            && doc.format_error.is_none();
        if !monolingual {
            return None;
        }
        let mut diagnostics = checked.diagnostics.unpack();
        for d in &mut diagnostics {
            for span in d.spans_mut() {
                if span.file != doc.id {
                    return None;
                }
                span.file = 0;
            }
        }
        Some(Summary {
            diagnostics,
            facts: checked.facts.save(rules.extractors())?,
            suppressions: checked.suppressions.clone(),
        })
    }

    /// The summary as the cache and shard files keep it: postcard's encoding, as facts are
    /// saved ([`facts::encode`]).
    pub fn encode(&self) -> Option<Vec<u8>> {
        facts::encode(self)
    }

    /// A summary [`Summary::encode`] wrote; `None` for any other bytes (a damaged file, or
    /// one written by another version).
    pub fn decode(bytes: &[u8]) -> Option<Summary> {
        facts::decode(bytes)
    }

    /// The [`Checked`] of the document that has id `id` in this run, or `None` when the
    /// summary does not fit `rules` (facts missing or unreadable).
    pub fn load(self, id: FileId, rules: &RuleSet) -> Option<Checked> {
        let mut checked = Checked {
            facts: DocFacts::load(&self.facts, rules.extractors())?,
            diagnostics: Findings::pack(0, self.diagnostics),
            suppressions: self.suppressions,
        };
        place(&mut checked, id);
        Some(checked)
    }
}

/// Places a document's [`Checked`], read back from a summary, at id `id`: a summary's
/// findings all point into its own document.
pub fn place(checked: &mut Checked, id: FileId) {
    checked.diagnostics.place(id);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::engine::{Corpus, check_document, lint, lint_with};

    #[test]
    fn a_decision_over_read_back_summaries_is_the_decision_over_the_texts() {
        let texts = [
            (
                "a.txt",
                "Takeshi Funakoshi met the press.  Later he left.\n",
            ),
            (
                "b.md",
                "<!-- translint-disable-next-line spacing -->\nFunakoshi Takeshi met  them.\n",
            ),
            (
                "c.txt",
                "The Ministry of transport said the labour law and labor law differ. Mr.Lu left youtube.\n",
            ),
            // A near miss of a much-used name, but the text writes the word in lower case.
            (
                "d.txt",
                "The Marinas won. The Marinas lost. The Marinas drew. The Marinas won.\n",
            ),
            ("e.txt", "The Marines landed, and the marines stayed.\n"),
        ];
        let mut corpus = Corpus::new();
        let rules = RuleSet::build(&mut corpus, &Config::default()).unwrap();
        for (name, text) in texts {
            corpus.add_document(name, text);
        }
        let expected = lint(&corpus, &rules);
        assert!(expected.len() >= 3, "{expected:#?}");
        // Save every summary, then decide over the read-back summaries of documents whose
        // text is gone (registered empty, with ids shifted by one).
        let saved: Vec<Vec<u8>> = corpus
            .docs
            .iter()
            .map(|doc| {
                let summary = Summary::save(doc, &check_document(doc, &rules), &rules).unwrap();
                summary.encode().unwrap()
            })
            .collect();
        // Damaged bytes are no summary: cut short, or with a byte to spare.
        for bytes in &saved {
            assert!(Summary::decode(&bytes[..bytes.len() - 1]).is_none());
            assert!(Summary::decode(&[bytes.as_slice(), &[0]].concat()).is_none());
        }
        let mut empty = Corpus::new();
        let rules = RuleSet::build(&mut empty, &Config::default()).unwrap();
        empty.add_document("padding.txt", "");
        let checked: Vec<Checked> = std::iter::once(check_document(&empty.docs[0], &rules))
            .chain(texts.iter().zip(&saved).map(|((name, _), bytes)| {
                let id = empty.add_document(*name, "");
                let summary = Summary::decode(bytes).unwrap();
                summary.load(id, &rules).unwrap()
            }))
            .collect();
        let found = lint_with(&empty, &rules, &checked.iter().collect::<Vec<_>>());
        let aux = corpus.aux.len();
        let shift = |d: &Diagnostic| {
            let mut d = d.clone();
            for span in d.spans_mut() {
                if span.file >= aux {
                    span.file += 1;
                }
            }
            d
        };
        assert_eq!(found, expected.iter().map(shift).collect::<Vec<_>>());
    }

    #[test]
    fn bilingual_documents_are_not_summarised() {
        let mut corpus = Corpus::new();
        let rules = RuleSet::build(&mut corpus, &Config::default()).unwrap();
        corpus.add_document("a.po", "msgid \"Save\"\nmsgstr \"Save  it\"\n");
        let doc = &corpus.docs[0];
        assert!(Summary::save(doc, &check_document(doc, &rules), &rules).is_none());
    }
}
