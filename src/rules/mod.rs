//! Rules: the one small trait every rule implements, its metadata, and the registry.
//!
//! A rule is either written in code (a module under `rules/`, one file per rule, named after
//! the rule id) or defined as data (an instance of a kind in [`data`], loaded from a TOML
//! pack). Both meet behind [`Rule`] and produce the same [`Diagnostic`]. The rule id names
//! the place: `spacing/double-space` lives in `src/rules/spacing/double_space.rs`, or in
//! `rules/spacing.toml` when it is data.

pub mod calque;
pub mod data;
pub mod facts;
pub mod source;
pub mod spacing;
pub mod suppression;
pub mod typography;

use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Document;
use std::sync::Arc;

use crate::config::Config;
use crate::corpus::Corpus;
use data::scan::{Needles, Scan};
use facts::{CorpusFacts, Extractor};

pub use crate::rule_id::RuleId;

/// Texts a rule must flag and texts it must leave alone; tested for every rule.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Examples {
    #[serde(default)]
    pub flag: Vec<String>,
    #[serde(default)]
    pub pass: Vec<String>,
}

/// What `translint rules` and `translint explain` print, for code and data rules alike.
#[derive(Debug, Clone)]
pub struct RuleMeta {
    /// Stable, kebab-case, `family/name`.
    pub id: RuleId,
    /// Where the rule is defined: the source file of a code rule, the pack and line of a
    /// data rule (`rules/calque.toml:12`). `translint explain` says it.
    pub defined_at: String,
    pub default_severity: Severity,
    /// One line.
    pub summary: String,
    /// Why it matters and what to do; Markdown.
    pub explanation: String,
    pub examples: Examples,
    /// Whether its diagnostics can carry a fix that `--fix` may apply unasked.
    pub fixable: bool,
}

impl RuleMeta {
    /// The family the rule belongs to, which is also the pack that switches it on.
    pub fn family(&self) -> &'static str {
        self.id.family()
    }

    /// Whether the rule reads text in any language. The spacing, typography, calque, style
    /// and names rules are about English copy, so they skip a Chinese, Japanese or Korean
    /// target (a PO file translated into Japanese); the `source/*` checks do not.
    pub fn any_language(&self) -> bool {
        matches!(self.family(), "source" | "suppression")
    }
}

/// A check over one document, or over the whole corpus, or both.
///
/// Per-document checks run in parallel across files. Corpus checks run once, after, and may
/// compare documents with each other (names spelt differently in two files); they decide over
/// the facts their [`Extractor`] took from each document in the per-document pass, and read
/// the corpus only for names and ids.
pub trait Rule: Send + Sync {
    fn meta(&self) -> &RuleMeta;

    fn check_document(&self, _doc: &Document, _out: &mut Vec<Diagnostic>) {}

    /// What the rule searches for: the literals and regexes of a data rule, which the engine
    /// finds for every rule of a run in one scan of each document ([`data::scan`]).
    fn needles(&self) -> Needles<'_> {
        Needles::default()
    }

    /// [`Rule::check_document`], given the run's one scan of the document, where a rule with
    /// [`Rule::needles`] finds its hits.
    fn check_scanned(&self, doc: &Document, _scan: &Scan, out: &mut Vec<Diagnostic>) {
        self.check_document(doc, out);
    }

    /// What this rule's corpus check needs from each document. Rules that return extractors
    /// with the same key share one extraction ([`Extractor::join`]).
    fn extractor(&self) -> Option<Arc<dyn Extractor>> {
        None
    }

    fn check_corpus(&self, _corpus: &Corpus, _facts: &CorpusFacts, _out: &mut Vec<Diagnostic>) {}

    /// Drops what the rule's searches keep from one document to the next (a regex's
    /// per-thread caches). Called once a run's per-document pass is over, so that the corpus
    /// decision does not hold them; the next search builds them again.
    fn forget_search_caches(&mut self) {}
}

/// Builds a rule the registry knows by its [`RuleMeta`] only, given the run's corpus (to
/// register the files it loads) and config.
type Build = Box<dyn FnOnce(&mut Corpus, &Config) -> Result<Box<dyn Rule>, Vec<Diagnostic>>>;

/// A rule of the registry: its documentation, and the rule itself, or how to build it.
///
/// Ids are checked and selections resolved against the documentation alone, so a run builds
/// only the rules it enables: compiling the regexes and automata of every rule, and loading
/// the names data, is most of the start-up of a run that selects a few rules.
pub enum Registered {
    /// Cheap to build: built already.
    Built(Box<dyn Rule>),
    /// Built when a run enables it.
    Later(RuleMeta, Build),
}

impl Registered {
    pub fn later(
        meta: RuleMeta,
        build: impl FnOnce(&mut Corpus, &Config) -> Result<Box<dyn Rule>, Vec<Diagnostic>> + 'static,
    ) -> Registered {
        Registered::Later(meta, Box::new(build))
    }

    /// Rules that share what is costly to load, built together the first time one of them is,
    /// by `build_all` (which returns them all, or the errors once). `metas` is their
    /// documentation: one per rule `build_all` returns.
    pub fn together(
        metas: Vec<RuleMeta>,
        build_all: impl FnOnce(&mut Corpus, &Config) -> Result<Vec<Box<dyn Rule>>, Vec<Diagnostic>>
        + 'static,
    ) -> Vec<Registered> {
        type Shared = Option<Result<Vec<Option<Box<dyn Rule>>>, Vec<Diagnostic>>>;
        let build_all = std::rc::Rc::new(std::cell::RefCell::new(Some(build_all)));
        let built: std::rc::Rc<std::cell::RefCell<Shared>> = Default::default();
        metas
            .into_iter()
            .map(|meta| {
                let (build_all, built) = (build_all.clone(), built.clone());
                let id = meta.id;
                Registered::later(meta, move |corpus, config| {
                    let mut built = built.borrow_mut();
                    let all = built.get_or_insert_with(|| {
                        let build = build_all.borrow_mut().take().expect("built once");
                        build(corpus, config).map(|rules| rules.into_iter().map(Some).collect())
                    });
                    match all {
                        // The errors are reported with the first rule asked for; each is
                        // reported once.
                        Err(errors) => Err(std::mem::take(errors)),
                        Ok(rules) => Ok(rules
                            .iter_mut()
                            .find(|r| r.as_ref().is_some_and(|r| r.meta().id == id))
                            .and_then(Option::take)
                            .expect("one rule per meta, each built once")),
                    }
                })
            })
            .collect()
    }

    pub fn meta(&self) -> &RuleMeta {
        match self {
            Registered::Built(rule) => rule.meta(),
            Registered::Later(meta, _) => meta,
        }
    }

    pub fn build(
        self,
        corpus: &mut Corpus,
        config: &Config,
    ) -> Result<Box<dyn Rule>, Vec<Diagnostic>> {
        match self {
            Registered::Built(rule) => Ok(rule),
            Registered::Later(_, build) => build(corpus, config),
        }
    }
}

/// Rules written in code, in registry order.
pub fn code_rules() -> Vec<Box<dyn Rule>> {
    let mut rules: Vec<Box<dyn Rule>> = Vec::new();
    rules.extend(spacing::rules());
    rules.extend(typography::rules());
    rules.extend(suppression::rules());
    rules.extend(calque::rules());
    rules.extend(source::rules());
    rules
}

/// Rule packs shipped as data, compiled into the binary: (file name, TOML text).
pub const BUILTIN_PACKS: &[(&str, &str)] = &[
    (
        "rules/spacing.toml",
        include_str!("../../rules/spacing.toml"),
    ),
    (
        "rules/typography.toml",
        include_str!("../../rules/typography.toml"),
    ),
    ("rules/calque.toml", include_str!("../../rules/calque.toml")),
    ("rules/style.toml", include_str!("../../rules/style.toml")),
];

/// Builds a `RuleMeta` for a code rule from its documentation constants.
#[macro_export]
macro_rules! rule_meta {
    (
        id: $id:expr,
        severity: $sev:expr,
        summary: $summary:expr,
        explanation: $expl:expr,
        fixable: $fixable:expr,
        flag: [$($flag:expr),* $(,)?],
        pass: [$($pass:expr),* $(,)?] $(,)?
    ) => {
        $crate::rules::RuleMeta {
            id: $crate::rules::RuleId::new($id),
            defined_at: file!().to_string(),
            default_severity: $sev,
            summary: $summary.to_string(),
            explanation: $expl.trim().to_string(),
            examples: $crate::rules::Examples {
                flag: vec![$($flag.to_string()),*],
                pass: vec![$($pass.to_string()),*],
            },
            fixable: $fixable,
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;
    use std::rc::Rc;

    struct Named(RuleMeta);

    impl Rule for Named {
        fn meta(&self) -> &RuleMeta {
            &self.0
        }
    }

    fn meta(id: &str) -> RuleMeta {
        RuleMeta {
            id: RuleId::new(id),
            defined_at: String::new(),
            default_severity: Severity::Warning,
            summary: String::new(),
            explanation: String::new(),
            examples: Examples::default(),
            fixable: false,
        }
    }

    /// Rules built together are built once, when the first of them is asked for, and only
    /// then; each is handed out by its id, whatever the order they were built in.
    #[test]
    fn rules_built_together_are_built_once_and_only_when_asked_for() {
        let calls = Rc::new(Cell::new(0));
        let counted = calls.clone();
        let group = Registered::together(vec![meta("t/a"), meta("t/b")], move |_, _| {
            counted.set(counted.get() + 1);
            Ok(vec![
                Box::new(Named(meta("t/b"))) as Box<dyn Rule>,
                Box::new(Named(meta("t/a"))),
            ])
        });
        assert_eq!(calls.get(), 0);
        let (mut corpus, config) = (Corpus::new(), Config::default());
        let ids: Vec<RuleId> = group
            .into_iter()
            .map(|r| r.build(&mut corpus, &config).unwrap().meta().id)
            .collect();
        assert_eq!(ids, [RuleId::new("t/a"), RuleId::new("t/b")]);
        assert_eq!(calls.get(), 1);
    }

    #[test]
    fn the_errors_of_rules_built_together_are_reported_once() {
        let error = Diagnostic::new(
            &RuleId::new("config/syntax"),
            Severity::Error,
            crate::document::Span::new(0, 0..0),
            "broken".to_string(),
        );
        let group =
            Registered::together(vec![meta("t/a"), meta("t/b")], move |_, _| Err(vec![error]));
        let (mut corpus, config) = (Corpus::new(), Config::default());
        let errors: Vec<usize> = group
            .into_iter()
            .map(|r| r.build(&mut corpus, &config).err().unwrap().len())
            .collect();
        assert_eq!(errors, [1, 0]);
    }
}
