//! The `names/*` rules, one file per rule. Each reads the shared corpus index and reports on
//! the minority or later form, with a secondary label on the majority or first form, in
//! whichever file it is.

mod inconsistent_organisation;
mod inconsistent_romanisation;
mod near_miss;
mod order;
mod same_family_name;
mod variant;

use std::sync::Arc;

use super::Context;
use super::index::Index;
use crate::corpus::Corpus;
use crate::diagnostic::Diagnostic;
use crate::document::Span;
use crate::rules::{Rule, RuleMeta};

pub fn all(ctx: Arc<Context>) -> Vec<Box<dyn Rule>> {
    vec![
        Box::new(near_miss::NearMiss::new(Arc::clone(&ctx))),
        Box::new(variant::Variant::new(Arc::clone(&ctx))),
        Box::new(inconsistent_romanisation::InconsistentRomanisation::new(
            Arc::clone(&ctx),
        )),
        Box::new(order::Order::new(Arc::clone(&ctx))),
        Box::new(same_family_name::SameFamilyName::new(Arc::clone(&ctx))),
        Box::new(inconsistent_organisation::InconsistentOrganisation::new(
            ctx,
        )),
    ]
}

fn diagnostic(meta: &RuleMeta, span: Span, message: String) -> Diagnostic {
    Diagnostic::new(&meta.id, meta.default_severity, span, message)
}

/// The form that sets the standard among `forms`: the most used; on a tie, the one that
/// occurs first by file name and position, so the order files were found in does not matter.
fn majority(corpus: &Corpus, index: &Index, forms: &[usize]) -> usize {
    let first = |f: usize| {
        index.forms[f]
            .occ
            .iter()
            .map(|o| (corpus.docs[o.doc].name(), o.start))
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

/// "1 use", "3 uses in the corpus".
fn uses(n: usize) -> String {
    if n == 1 {
        "1 use in the corpus".to_string()
    } else {
        format!("{n} uses in the corpus")
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

    /// Lints `docs` as one corpus with `lint_toml` as config; returns the findings of `rule`
    /// as (file name, flagged text, message).
    pub fn run(
        rule: &str,
        lint_toml: &str,
        docs: &[(&str, &str)],
    ) -> Vec<(String, String, Diagnostic)> {
        let mut corpus = Corpus::new();
        let id = corpus.add_source(Source::new("lint.toml", lint_toml));
        let config = Config::parse(corpus.source(id), id, Default::default()).expect("config");
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
}
