//! The `names/*` rules, one file per rule. Each reads the shared corpus index and reports on
//! the minority or later form, with a secondary label on the majority or first form, in
//! whichever file it is.

mod anonymised;
pub(super) mod brand_case;
pub(super) mod dated_spelling;
mod forms;
mod fused;
pub(super) mod glued_title;
mod inconsistent_organisation;
mod inconsistent_romanisation;
mod mixed_systems;
pub(super) mod near_miss;
mod order;
mod organisation_calque;
pub(super) mod organisation_case;
pub(super) mod person_case;
mod same_family_name;
mod split_name;
mod unsettled;
mod variant;
pub(super) mod wrong_system;

use std::ops::Range;
use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;

use super::Context;
use super::index::{Index, Occ};
use crate::corpus::Corpus;
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Span;
use crate::rules::facts::{CorpusFacts, Extractor};
use crate::rules::{Rule, RuleId, RuleMeta};

/// Every names rule, in registry order: its documentation, read from its own file.
pub(super) const METAS: &[fn() -> RuleMeta] = &[
    near_miss::meta,
    variant::meta,
    inconsistent_romanisation::meta,
    order::meta,
    unsettled::meta,
    split_name::meta,
    fused::meta,
    mixed_systems::meta,
    wrong_system::meta,
    anonymised::meta,
    organisation_calque::meta,
    organisation_case::meta,
    same_family_name::meta,
    inconsistent_organisation::meta,
    dated_spelling::meta,
    glued_title::meta,
    brand_case::meta,
    person_case::meta,
];

pub fn all(ctx: Arc<Context>) -> Vec<Box<dyn Rule>> {
    METAS
        .iter()
        .map(|meta| {
            Box::new(NamesRule {
                meta: meta(),
                ctx: Arc::clone(&ctx),
            }) as Box<dyn Rule>
        })
        .collect()
}

/// A names rule: its documentation and, as its corpus check, its share of the findings
/// `findings` decides once for all of them. The rules differ only in their `find`.
struct NamesRule {
    meta: RuleMeta,
    ctx: Arc<Context>,
}

impl Rule for NamesRule {
    fn meta(&self) -> &RuleMeta {
        &self.meta
    }

    fn extractor(&self) -> Option<Arc<dyn Extractor>> {
        Some(self.ctx.clone())
    }

    fn check_corpus(&self, corpus: &Corpus, facts: &CorpusFacts, out: &mut Vec<Diagnostic>) {
        let index = self.ctx.index(corpus, facts);
        let mut found = findings(&self.ctx, corpus, &index)
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        // Taken, not copied: a decision asks each rule once, and the rest are freed sooner.
        let mine = found.remove(&self.meta.id).unwrap_or_default();
        if out.is_empty() {
            *out = mine;
        } else {
            out.extend(mine);
        }
    }
}

/// One finder per rule, in precedence order: where two would report one span, the earlier
/// one speaks and the later one is silent.
type Finder = fn(&Context, &Corpus, &Index, &mut Vec<Diagnostic>);
/// A rare family name with two given names is a likely misreading: it outranks the order of
/// the same span, and neither carries a fix the other contradicts.
const FINDERS: &[Finder] = &[
    glued_title::find,
    fused::find,
    variant::find,
    dated_spelling::find,
    mixed_systems::find,
    wrong_system::find,
    anonymised::find,
    near_miss::find,
    same_family_name::find,
    forms::find,
    organisation_calque::find,
    organisation_case::find,
    brand_case::find,
    person_case::find,
    inconsistent_organisation::find,
];

/// The names findings of a corpus by rule, in the order [`findings`] keeps them, until each
/// rule takes its own.
pub(crate) type Found = std::sync::Mutex<HashMap<RuleId, Vec<Diagnostic>>>;

/// Every names finding of the corpus, decided once and shared by the names rules: at most
/// one finding per span, the one of highest precedence (a declared variant, then a near
/// miss, then an inconsistent romanisation, then order). Independent of the order files
/// were named in: candidates are ranked by file name and position, never by file id.
pub(crate) fn findings<'a>(ctx: &Context, corpus: &Corpus, index: &'a Index) -> &'a Found {
    index.findings.get_or_init(|| {
        // The finders read the index and nothing else: they run in parallel (the corpus
        // decision is otherwise one thread), their findings kept in precedence order.
        let found: Vec<Vec<Diagnostic>> = FINDERS
            .par_iter()
            .map(|find| {
                let mut found = Vec::new();
                find(ctx, corpus, index, &mut found);
                found.sort_by(|a, b| rank(corpus, a).cmp(&rank(corpus, b)));
                found
            })
            .collect();
        // Which are kept is decided first, so each rule's are moved once into a vector of
        // their number: held while the names rules take them one by one, grown by doubling
        // they took up to as much again (27 MB at 500 MB), beside the finders' own.
        let mut claimed: HashMap<usize, Vec<Range<usize>>> = HashMap::default();
        let mut counts: HashMap<RuleId, usize> = HashMap::default();
        let keep: Vec<Vec<bool>> = (found.iter())
            .map(|found| {
                (found.iter())
                    .map(|d| {
                        let spans = claimed.entry(d.span.file).or_default();
                        let r = &d.span.range;
                        let free = !spans.iter().any(|s| s.start < r.end && r.start < s.end);
                        if free {
                            spans.push(r.clone());
                            *counts.entry(d.rule).or_default() += 1;
                        }
                        free
                    })
                    .collect()
            })
            .collect();
        drop(claimed);
        let mut kept: HashMap<RuleId, Vec<Diagnostic>> = (counts.into_iter())
            .map(|(rule, n)| (rule, Vec::with_capacity(n)))
            .collect();
        for (found, keep) in found.into_iter().zip(keep) {
            for (d, _) in found.into_iter().zip(keep).filter(|(_, keep)| *keep) {
                kept.entry(d.rule).or_default().push(d);
            }
        }
        std::sync::Mutex::new(kept)
    })
}

/// Where a finding ranks among its finder's: by file name, position, rule and message.
fn rank<'a>(corpus: &'a Corpus, d: &'a Diagnostic) -> (&'a str, usize, usize, RuleId, &'a str) {
    let span = &d.span;
    let name = corpus.source(span.file).name.as_str();
    (name, span.range.start, span.range.end, d.rule, &d.message)
}

fn diagnostic(id: &str, span: Span, message: String) -> Diagnostic {
    Diagnostic::new(id, Severity::Warning, span, message)
}

/// Adds the fix: applied by `--fix` when `safe` (the right form is certain), else offered as
/// a suggestion.
fn with_fix(d: Diagnostic, replacement: String, safe: bool) -> Diagnostic {
    if safe {
        d.with_fix(replacement)
    } else {
        d.with_unsafe_fix(replacement)
    }
}

/// How much more a form must be used than its rival for a fix to be applied by `--fix`.
const SAFE_RATIO: usize = 3;

/// The form that stands for `forms` in labels: the most used; on a tie, the one that occurs
/// first by file name and position, so the order files were found in does not matter.
fn majority(corpus: &Corpus, index: &Index, forms: &[usize]) -> usize {
    let first = |f: usize| {
        index.forms[f]
            .occ
            .iter()
            .map(|o| (corpus.docs[o.doc()].name(), o.start()))
            .min()
    };
    *forms
        .iter()
        .max_by(|&&a, &&b| {
            let count = |f: usize| index.forms[f].occ.len();
            count(a)
                .cmp(&count(b))
                .then_with(|| first(b).cmp(&first(a)))
        })
        .expect("a group has at least one form")
}

/// Where `phrase` occurs in `text` as whole words: between characters that are not
/// alphanumeric. One search for the phrase, so a word in a long document is counted without
/// reading all its words. A phrase with alphanumeric ends hides no whole-word use behind a
/// match that is not one: such a use starts after a character that is not alphanumeric, so
/// not inside a match.
fn word_matches<'a>(text: &'a str, phrase: &'a str) -> impl Iterator<Item = Range<usize>> + 'a {
    let word_char = |c: char| c.is_alphanumeric();
    // An empty phrase (a user's data file may hold one) is nowhere, not everywhere.
    let phrases = (!phrase.is_empty()).then(|| text.match_indices(phrase));
    phrases.into_iter().flatten().filter_map(move |(i, _)| {
        let end = i + phrase.len();
        let bounded = !text[..i].chars().next_back().is_some_and(word_char)
            && !text[end..].chars().next().is_some_and(word_char);
        bounded.then_some(i..end)
    })
}

/// "1 use", "3 uses in the corpus".
fn uses(n: usize) -> String {
    if n == 1 {
        "1 use in the corpus".to_string()
    } else {
        format!("{n} uses in the corpus")
    }
}

/// Labels the nearest use of `canonical` in the publication of form `f`, when it is used
/// there: a glossary finding points at the corpus too, as the corpus rules do.
fn corpus_pointer(
    corpus: &Corpus,
    index: &Index,
    d: Diagnostic,
    f: usize,
    occ: Occ,
    canonical: &str,
) -> Diagnostic {
    match index.form_in(index.forms[f].publication, canonical) {
        Some(c) if c != f => {
            let near = index.nearest(corpus, c, occ);
            d.with_label(
                index.span(corpus, c, near),
                format!("`{canonical}` here ({})", uses(index.forms[c].occ.len())),
            )
        }
        _ => d,
    }
}

/// Points at the glossary entry of an entity: a label into lint.toml, or a note for the
/// built-in glossary, which is not a file the user has.
fn glossary_pointer(ctx: &Context, d: Diagnostic, entity: usize) -> Diagnostic {
    let e = &ctx.glossary.entities[entity];
    if e.builtin {
        d.with_note(format!(
            "`{}` is in translint's built-in glossary (rules/names/entities.toml)",
            e.canonical
        ))
    } else {
        d.with_label(e.span.clone(), "declared in the glossary here")
    }
}

#[cfg(test)]
pub(crate) mod test_support {
    use crate::config::Config;
    use crate::diagnostic::Diagnostic;
    use crate::document::Source;
    use crate::engine::{Corpus, RuleSet, lint};
    use crate::names::Context;
    use crate::names::index::Index;
    use crate::rules::facts::CorpusFacts;

    /// `lint_toml` parsed as the config of `corpus`.
    fn config(corpus: &mut Corpus, lint_toml: &str) -> Config {
        let id = corpus.add_source(Source::new("lint.toml", lint_toml));
        Config::parse(corpus.source(id), id, Default::default()).expect("config")
    }

    /// Lints `docs` as one corpus with `lint_toml` as config; returns the findings of `rule`
    /// as (file name, flagged text, message).
    pub fn run(
        rule: &str,
        lint_toml: &str,
        docs: &[(&str, &str)],
    ) -> Vec<(String, String, Diagnostic)> {
        let mut corpus = Corpus::new();
        let config = config(&mut corpus, lint_toml);
        let rules = RuleSet::build(&mut corpus, &config).expect("rules");
        for (name, text) in docs {
            corpus.add_document(*name, *text);
        }
        lint(&corpus, &rules)
            .into_iter()
            .filter(|d| d.rule == rule)
            .map(|d| {
                let src = corpus.source(d.span.file);
                (
                    src.name.clone(),
                    src.text[d.span.range.clone()].to_string(),
                    d,
                )
            })
            .collect()
    }

    /// Just the flagged texts.
    pub fn flagged(rule: &str, lint_toml: &str, docs: &[(&str, &str)]) -> Vec<String> {
        run(rule, lint_toml, docs)
            .into_iter()
            .map(|(_, t, _)| t)
            .collect()
    }

    /// `docs` as one corpus with `lint_toml` as config, with the names context and the index
    /// the names rules read: to call one finder, or a part of one, on it.
    pub fn indexed(lint_toml: &str, docs: &[(&str, &str)]) -> (Corpus, Context, Index) {
        let mut corpus = Corpus::new();
        let config = config(&mut corpus, lint_toml);
        let ctx = Context::new(&mut corpus, &config).expect("names context");
        for (name, text) in docs {
            corpus.add_document(*name, *text);
        }
        let index = Index::build(&corpus, &CorpusFacts::new(Vec::new()), &ctx);
        (corpus, ctx, index)
    }
}
