//! `kind = "consistency"`: a document (or corpus) should use one form of each group.

use std::any::Any;
use std::borrow::Cow;
use std::ops::Range;
use std::sync::{Arc, Mutex, MutexGuard};

use rustc_hash::FxHashMap;

use serde::Deserialize;
use toml::Spanned;

use super::scan::{Compile, Hits, Literals, Needles, OwnScanner, Scan, Searcher};
use super::{Texts, fill_in, is_word_char, word_bounded_matches};
use crate::corpus::Corpus;
use crate::diagnostic::Diagnostic;
use crate::document::Document;
use crate::document::leb128::{put_usize, take_usize};
use crate::rules::facts::{self, CorpusFacts, Extractor, Fact, Saved};
use crate::rules::{Rule, RuleId, RuleMeta};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ConsistencyDef {
    /// Groups of forms of which one document (or corpus) should use one.
    #[serde(default)]
    groups: Vec<Vec<Spanned<FormDef>>>,
    /// `"corpus"`: compare across the whole corpus rather than within one document.
    #[serde(default)]
    scope: Option<Spanned<String>>,
    #[serde(default)]
    ignore_case: bool,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum FormDef {
    Literal(String),
    Pattern {
        name: String,
        pattern: String,
    },
    /// Several regexes for one form, each searched on its own so each keeps its own literal
    /// prefilter (a top-level alternation would lose it).
    Patterns {
        name: String,
        patterns: Vec<String>,
    },
    /// A list of whole words, found together with every other word list of the rule in one
    /// pass: "American spelling" = ["color", "center", ...].
    Words {
        name: String,
        words: Vec<String>,
    },
}

impl ConsistencyDef {
    pub(super) fn build(
        self,
        meta: RuleMeta,
        text: Texts,
        kind_span: Range<usize>,
        compile: Compile,
        err: impl Fn(Range<usize>, String) -> Vec<Diagnostic>,
    ) -> Result<Box<dyn Rule>, Vec<Diagnostic>> {
        let corpus_scope = match self.scope.as_ref().map(|s| s.get_ref().as_str()) {
            None | Some("document") => false,
            Some("corpus") => true,
            Some(other) => {
                let span = self.scope.as_ref().map(|s| s.span()).unwrap_or_default();
                return Err(err(
                    span,
                    format!("unknown scope `{other}`: expected \"document\" or \"corpus\""),
                ));
            }
        };
        if self.groups.is_empty() {
            return Err(err(
                kind_span.clone(),
                "a `consistency` rule needs `groups`".into(),
            ));
        }
        let mut groups = Vec::new();
        let mut words: Vec<String> = Vec::new();
        let mut seen = std::collections::BTreeSet::new();
        let mut owners: Vec<(usize, usize)> = Vec::new();
        for (g, group) in self.groups.into_iter().enumerate() {
            let mut forms = Vec::new();
            for (f, form) in group.into_iter().enumerate() {
                let span = form.span();
                forms.push(match form.into_inner() {
                    FormDef::Literal(s) => {
                        Form::literal(&s, self.ignore_case, compile).map_err(|m| err(span, m))?
                    }
                    FormDef::Pattern { name, pattern } => Form {
                        name,
                        regexes: vec![
                            form_regex(&pattern, self.ignore_case, compile)
                                .map_err(|m| err(span, m))?,
                        ],
                    },
                    FormDef::Patterns { name, patterns } => Form {
                        name,
                        regexes: patterns
                            .iter()
                            .map(|p| form_regex(p, self.ignore_case, compile))
                            .collect::<Result<_, _>>()
                            .map_err(|m| err(span.clone(), m))?,
                    },
                    FormDef::Words { name, words: list } => {
                        for word in list {
                            if word.is_empty() || !seen.insert(word.clone()) {
                                return Err(err(
                                    span,
                                    format!("word `{word}` is empty or listed twice"),
                                ));
                            }
                            words.push(word);
                            owners.push((g, f));
                        }
                        Form {
                            name,
                            regexes: Vec::new(),
                        }
                    }
                });
            }
            groups.push(forms);
        }
        let words = if words.is_empty() {
            None
        } else {
            let matcher =
                Literals::new(words, self.ignore_case).map_err(|m| err(kind_span.clone(), m))?;
            Some((matcher, owners))
        };
        Ok(Box::new(ConsistencyRule {
            finder: Arc::new(Finder {
                id: meta.id,
                groups,
                words,
                own: OwnScanner::default(),
                strings: Mutex::default(),
            }),
            meta,
            corpus_scope,
            text,
        }))
    }
}

/// One member of a consistency group. A pattern form with capture groups reports the span of
/// the first group that took part in the match, so context can be matched without being
/// underlined (", director of"). A word-list form has no regex: the rule's word matcher finds it.
struct Form {
    name: String,
    regexes: Vec<Searcher>,
}

fn form_regex(pattern: &str, ignore_case: bool, compile: Compile) -> Result<Searcher, String> {
    if ignore_case {
        Searcher::new(&format!("(?i:{pattern})"), compile)
    } else {
        Searcher::new(pattern, compile)
    }
}

impl Form {
    fn literal(s: &str, ignore_case: bool, compile: Compile) -> Result<Form, String> {
        if s.is_empty() {
            return Err("empty form".into());
        }
        let escaped = regex::escape(s);
        // An ASCII edge takes an ASCII word boundary: a Unicode `\b` makes the regex crate
        // fall back to a slow engine on non-ASCII text.
        let boundary = |c: Option<char>| match c {
            Some(c) if c.is_ascii_alphanumeric() || c == '_' => r"(?-u:\b)",
            Some(c) if is_word_char(c) => r"\b",
            _ => "",
        };
        let pre = boundary(s.chars().next());
        let post = boundary(s.chars().next_back());
        let case = if ignore_case { "(?i)" } else { "" };
        let regex = Searcher::new(&format!("{case}{pre}{escaped}{post}"), compile)?;
        Ok(Form {
            name: s.to_string(),
            regexes: vec![regex],
        })
    }
}

/// `kind = "consistency"`: a document (or corpus) should use one form of each group.
struct ConsistencyRule {
    meta: RuleMeta,
    finder: Arc<Finder>,
    corpus_scope: bool,
    text: Texts,
}

/// Finds the forms of a consistency rule in a document: the facts of a corpus-wide rule.
struct Finder {
    /// The rule's.
    id: RuleId,
    groups: Vec<Vec<Form>>,
    /// Every word of every word-list form, and the (group, form) each word belongs to.
    words: Option<(Literals, Vec<(usize, usize)>)>,
    own: OwnScanner,
    /// The texts of the hits found: [`Found`] holds their numbers.
    strings: Mutex<Strings>,
}

/// Texts, each kept once and numbered. The same forms recur in every document ("U.S.",
/// "January 15"): a run holds one copy of each, not one per use (a string per document
/// took as much as the hits).
#[derive(Default)]
struct Strings {
    numbers: FxHashMap<Arc<str>, usize>,
    texts: Vec<Arc<str>>,
}

impl Strings {
    fn number(&mut self, text: &str) -> usize {
        if let Some(&n) = self.numbers.get(text) {
            return n;
        }
        let text: Arc<str> = text.into();
        self.texts.push(Arc::clone(&text));
        self.numbers.insert(text, self.texts.len() - 1);
        self.texts.len() - 1
    }

    fn text(&self, n: usize) -> &str {
        self.texts.get(n).map_or("", |t| t)
    }
}

/// One use of a form in a document: the rule ([`RuleId::index`]), group and form, the byte
/// range, and the number of the text found there (a message's `{match}`) in the rule's
/// [`Strings`].
#[derive(Debug, Clone, PartialEq, Eq)]
struct FoundHit {
    rule: usize,
    group: usize,
    form: usize,
    range: Range<usize>,
    text: usize,
}

/// Where the forms of consistency rules occur in one document, so the corpus decision needs
/// no document text: by rule, group and form, each form's hits in the order found.
///
/// A run holds every document's until the corpus is decided, so the hits of every
/// consistency rule of the run are packed into one block per document (a fact per rule, with
/// its hits and their texts apart, took three blocks per rule used, and the allocator's
/// overhead per block as much again), as LEB128 numbers: per rule used, (rule, length of its
/// section), then per form used, (group, form, number of hits), then per hit (start, length,
/// text). Saved with the rules' ids and the texts themselves ([`SavedRules`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Found {
    bytes: Box<[u8]>,
}

impl Found {
    /// Packs `hits`, given those of each rule side by side, and of each form within it.
    fn pack(hits: &[FoundHit]) -> Found {
        if hits.is_empty() {
            return Found::default();
        }
        // Most numbers take a byte or two.
        let mut bytes = Vec::with_capacity(8 * hits.len());
        let mut section = Vec::with_capacity(8 * hits.len());
        for rule in hits.chunk_by(|a, b| a.rule == b.rule) {
            section.clear();
            for form in rule.chunk_by(|a, b| (a.group, a.form) == (b.group, b.form)) {
                for n in [form[0].group, form[0].form, form.len()] {
                    put_usize(&mut section, n);
                }
                for h in form {
                    for n in [h.range.start, h.range.len(), h.text] {
                        put_usize(&mut section, n);
                    }
                }
            }
            put_usize(&mut bytes, rule[0].rule);
            put_usize(&mut bytes, section.len());
            bytes.extend_from_slice(&section);
        }
        Found {
            bytes: bytes.into_boxed_slice(),
        }
    }

    /// Every rule's hits: (rule, its packed hits). Each rule's hits are in one section, with
    /// its length, so that a rule skips the others' without reading them.
    fn sections(&self) -> impl Iterator<Item = (usize, &[u8])> + '_ {
        let mut bytes = &self.bytes[..];
        std::iter::from_fn(move || {
            let rule = take_usize(&mut bytes)?;
            let len = take_usize(&mut bytes)?;
            let (section, rest) = bytes.split_at_checked(len)?;
            bytes = rest;
            Some((rule, section))
        })
    }

    /// The hits of rule `rule` ([`Finder::rule`]), in order.
    fn hits(&self, rule: usize) -> impl Iterator<Item = FoundHit> + '_ {
        let mut bytes = (self.sections())
            .find(|&(r, _)| r == rule)
            .map_or(&[][..], |(_, section)| section);
        let (mut group, mut form, mut left) = (0, 0, 0);
        std::iter::from_fn(move || {
            if left == 0 {
                let mut next = || take_usize(&mut bytes);
                (group, form, left) = (next()?, next()?, next()?);
            }
            left -= 1;
            let start = take_usize(&mut bytes)?;
            let range = start..start + take_usize(&mut bytes)?;
            Some(FoundHit {
                rule,
                group,
                form,
                range,
                text: take_usize(&mut bytes)?,
            })
        })
    }

    fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }
}

/// A [`Found`] hit as saved: (group, form, range, text).
type SavedHit = (usize, usize, Range<usize>, String);

/// A [`Found`] as saved: per rule, its id and its hits.
type SavedRules = Vec<(String, Vec<SavedHit>)>;

/// Where a form occurs, for the decision: (index into its documents, range, text).
type Hit<'a> = (usize, Range<usize>, &'a str);

/// The key of the facts of the consistency rules of a run.
const KEY: &str = "consistency";

/// The consistency rules of a run, extracted together into one [`Found`] per document.
struct Finders {
    finders: Vec<Arc<Finder>>,
    /// Per finder, per regex ([`Finder::needles`] order): if another regex of the run is the
    /// same (the date rules search for the same dates), where their matches are kept in a
    /// document's [`Shared`], so they are searched for once.
    slots: Vec<Vec<Option<usize>>>,
    /// How many slots.
    shared: usize,
}

/// The matches of the regexes several rules of a run share ([`Finders::slots`]), in one
/// document.
struct Shared<'a> {
    /// By the rule's regex.
    slots: &'a [Option<usize>],
    matches: &'a mut [Option<Vec<Range<usize>>>],
}

impl Shared<'_> {
    /// For a rule on its own.
    fn none() -> Shared<'static> {
        Shared {
            slots: &[],
            matches: &mut [],
        }
    }
}

impl Finders {
    fn new(finders: Vec<Arc<Finder>>) -> Finders {
        let patterns: Vec<Vec<&str>> = (finders.iter())
            .map(|f| f.needles().regexes.iter().map(|r| r.pattern()).collect())
            .collect();
        let mut shared: Vec<&str> = Vec::new();
        let slots = (patterns.iter())
            .map(|own| {
                (own.iter())
                    .map(|&p| {
                        let uses = patterns.iter().flatten().filter(|&&q| q == p).count();
                        (uses > 1).then(|| {
                            shared.iter().position(|&q| q == p).unwrap_or_else(|| {
                                shared.push(p);
                                shared.len() - 1
                            })
                        })
                    })
                    .collect()
            })
            .collect();
        let shared = shared.len();
        Finders {
            finders,
            slots,
            shared,
        }
    }

    fn find(&self, doc: &Document, scan: &Scan) -> Found {
        let mut matches = vec![None; self.shared];
        let mut hits = Vec::new();
        for (finder, slots) in self.finders.iter().zip(&self.slots) {
            let shared = Shared {
                slots,
                matches: &mut matches,
            };
            finder.find_into(doc, scan, shared, &mut hits);
        }
        Found::pack(&hits)
    }
}

impl Extractor for Finders {
    fn key(&self) -> &'static str {
        KEY
    }

    fn extract(&self, doc: &Document) -> Fact {
        facts::shared_if_empty(self.find(doc, &Scan::none()), Found::is_empty)
    }

    fn extract_scanned(&self, doc: &Document, scan: &Scan) -> Fact {
        facts::shared_if_empty(self.find(doc, scan), Found::is_empty)
    }

    fn join(&self, other: &dyn Extractor) -> Option<Arc<dyn Extractor>> {
        let other = (other as &dyn Any).downcast_ref::<Finders>()?;
        let finders = self.finders.iter().chain(&other.finders).cloned().collect();
        Some(Arc::new(Finders::new(finders)))
    }

    fn save(&self, fact: &Fact) -> Option<Saved> {
        let found = fact.downcast_ref::<Found>()?;
        let saved: SavedRules = (self.finders.iter())
            .map(|finder| (finder.id.as_str().to_string(), finder.saved(found)))
            .collect();
        Saved::of(&saved)
    }

    /// `None` unless every rule's hits were saved.
    fn load(&self, saved: &Saved) -> Option<Fact> {
        let saved: SavedRules = saved.read()?;
        let mut hits = Vec::new();
        for finder in &self.finders {
            let (_, own) = saved.iter().find(|(id, _)| id == finder.id.as_str())?;
            let mut strings = finder.strings();
            hits.extend(own.iter().map(|(group, form, range, text)| FoundHit {
                rule: finder.rule(),
                group: *group,
                form: *form,
                range: range.clone(),
                text: strings.number(text),
            }));
        }
        Some(facts::shared_if_empty(Found::pack(&hits), Found::is_empty))
    }
}

impl Finder {
    /// Every regex of every form, in order, then the word lists.
    fn needles(&self) -> Needles<'_> {
        Needles {
            regexes: self
                .groups
                .iter()
                .flatten()
                .flat_map(|form| &form.regexes)
                .collect(),
            lists: self.words.iter().map(|(words, _)| words).collect(),
        }
    }

    /// The rule's number in [`FoundHit::rule`].
    fn rule(&self) -> usize {
        self.id.index() as usize
    }

    fn strings(&self) -> MutexGuard<'_, Strings> {
        self.strings.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The hits of this rule alone.
    fn find(&self, doc: &Document, scan: &Scan) -> Found {
        let mut hits = Vec::new();
        self.find_into(doc, scan, Shared::none(), &mut hits);
        Found::pack(&hits)
    }

    fn find_into(&self, doc: &Document, scan: &Scan, shared: Shared, out: &mut Vec<FoundHit>) {
        let needles = || self.needles();
        self.own.with(self.id, needles, scan, &doc.prose, |hits| {
            self.found(doc, hits, shared, out)
        })
    }

    fn found(&self, doc: &Document, hits: Hits, shared: Shared, out: &mut Vec<FoundHit>) {
        let mut k = 0;
        let mut found: Vec<(usize, usize, Range<usize>)> = Vec::new();
        for (g, group) in self.groups.iter().enumerate() {
            for (f, form) in group.iter().enumerate() {
                let mut ranges: Vec<Range<usize>> = Vec::new();
                for regex in &form.regexes {
                    let slot = shared.slots.get(k).copied().flatten();
                    match slot.and_then(|s| shared.matches[s].as_ref()) {
                        Some(matches) => ranges.extend(matches.iter().cloned()),
                        None => {
                            let from = ranges.len();
                            regex.for_each(&doc.prose, hits.starts(k), |c| {
                                // The first group that took part, else the whole match.
                                let m = c
                                    .iter()
                                    .skip(1)
                                    .flatten()
                                    .next()
                                    .or_else(|| c.get_match().map(|m| m.span()));
                                if let Some(m) = m.filter(|m| !m.is_empty()) {
                                    ranges.push(m.range());
                                }
                            });
                            if let Some(s) = slot {
                                shared.matches[s] = Some(ranges[from..].to_vec());
                            }
                        }
                    }
                    k += 1;
                }
                if form.regexes.len() > 1 {
                    ranges.sort_by_key(|r| (r.start, r.end));
                    ranges.dedup();
                }
                found.extend(ranges.into_iter().map(|r| (g, f, r)));
            }
        }
        if let Some((_, owners)) = &self.words {
            for (i, range) in word_bounded_matches(hits.matches(0), &doc.prose) {
                let (g, f) = owners[i];
                found.push((g, f, range));
            }
            // By group and form; a form's words after its regexes' hits, in text order.
            found.sort_by_key(|&(g, f, _)| (g, f));
        }
        if found.is_empty() {
            return;
        }
        let mut strings = self.strings();
        out.extend(found.into_iter().map(|(group, form, range)| {
            let text = doc.text().get(range.clone()).unwrap_or_default();
            FoundHit {
                rule: self.rule(),
                group,
                form,
                text: strings.number(text),
                range,
            }
        }));
    }

    /// This rule's hits in `found`, as saved.
    fn saved(&self, found: &Found) -> Vec<SavedHit> {
        let strings = self.strings();
        (found.hits(self.rule()))
            .map(|h| (h.group, h.form, h.range, strings.text(h.text).to_string()))
            .collect()
    }
}

impl ConsistencyRule {
    /// Flags, group by group, every occurrence of a form other than the one `docs` use most;
    /// `found[i]` is where the forms occur in `docs[i]`. Every document counts towards the
    /// majority; only the occurrences in the documents `reported` accepts (by index) are flagged.
    fn check(
        &self,
        docs: &[&Document],
        found: &[&Found],
        reported: &dyn Fn(usize) -> bool,
        out: &mut Vec<Diagnostic>,
    ) {
        let strings = self.finder.strings();
        // Per group, per form: (index into `docs`, range, text), in document order.
        let mut all: Vec<Vec<Vec<Hit>>> = (self.finder.groups.iter())
            .map(|group| vec![Vec::new(); group.len()])
            .collect();
        for (d, per_doc) in found.iter().enumerate() {
            for h in per_doc.hits(self.finder.rule()) {
                if let Some(form) = all.get_mut(h.group).and_then(|forms| forms.get_mut(h.form)) {
                    form.push((d, h.range, strings.text(h.text)));
                }
            }
        }
        for (group, hits) in self.finder.groups.iter().zip(all) {
            let used = hits.iter().filter(|h| !h.is_empty()).count();
            if used < 2 {
                continue;
            }
            // The majority form wins; on a tie, the one that appears first by file name, not
            // by file id, so the result does not depend on the order files were found in.
            let first_of = |i: usize| {
                hits[i]
                    .iter()
                    .min_by_key(|(d, r, _)| (docs[*d].name(), r.start))
                    .map(|(d, r, _)| docs[*d].span(r.clone()))
                    .expect("only used forms are compared")
            };
            let majority = (0..group.len())
                .filter(|&i| !hits[i].is_empty())
                .max_by_key(|&i| {
                    let first = first_of(i);
                    let name = docs
                        .iter()
                        .find(|d| d.id == first.file)
                        .map_or("", |d| d.name());
                    (hits[i].len(), std::cmp::Reverse((name, first.range.start)))
                })
                .expect("at least two forms are used");
            let first = first_of(majority);
            for (i, spans) in hits.iter().enumerate() {
                if i == majority {
                    continue;
                }
                for (d, range, found) in spans.iter().filter(|(d, ..)| reported(*d)) {
                    let (d, found) = (*d, *found);
                    let fields = [
                        ("{match}", found),
                        ("{form}", &group[i].name),
                        ("{majority}", &group[majority].name),
                    ];
                    let fill = |t: &str| fill_in(t, &fields);
                    let mut diag = self
                        .text
                        .diagnostic(&self.meta, docs[d].span(range.clone()), fill)
                        .with_label(
                            first.clone(),
                            format!(
                                "`{}` is used here ({} time{})",
                                group[majority].name,
                                hits[majority].len(),
                                if hits[majority].len() == 1 { "" } else { "s" }
                            ),
                        );
                    if diag.help.is_none() {
                        diag.help =
                            Some(format!("use `{}` throughout", group[majority].name).into());
                    }
                    out.push(diag);
                }
            }
        }
    }
}

impl Rule for ConsistencyRule {
    fn meta(&self) -> &RuleMeta {
        &self.meta
    }

    fn needles(&self) -> Needles<'_> {
        self.finder.needles()
    }

    fn check_document(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        self.check_scanned(doc, &Scan::none(), out);
    }

    fn check_scanned(&self, doc: &Document, scan: &Scan, out: &mut Vec<Diagnostic>) {
        if !self.corpus_scope {
            self.check(&[doc], &[&self.finder.find(doc, scan)], &|_| true, out);
        }
    }

    /// One for the run's every consistency rule: the engine joins them.
    fn extractor(&self) -> Option<Arc<dyn Extractor>> {
        self.corpus_scope
            .then(|| Arc::new(Finders::new(vec![Arc::clone(&self.finder)])) as Arc<dyn Extractor>)
    }

    fn check_corpus(&self, corpus: &Corpus, facts: &CorpusFacts, out: &mut Vec<Diagnostic>) {
        if self.corpus_scope {
            let docs: Vec<&Document> = corpus.docs.iter().collect();
            // Every document's facts were extracted, unless the caller skipped the pass.
            let found: Vec<Cow<Found>> = (0..docs.len())
                .map(|i| match facts.doc::<Found>(i, KEY) {
                    Some(found) => Cow::Borrowed(found),
                    None => Cow::Owned(self.finder.find(docs[i], &Scan::none())),
                })
                .collect();
            let found: Vec<&Found> = found.iter().map(|f| f.as_ref()).collect();
            self.check(&docs, &found, &|i| facts.reported(i), out);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::data::test_support::{load, run};
    use crate::rules::facts::{Extractor, Fact, Saved};
    #[test]
    fn consistency_flags_the_minority_and_points_at_the_majority() {
        let rules = load(
            r#"
[[rule]]
id = "test/con"
kind = "consistency"
summary = "s"
message = "`{form}` beside `{majority}`"
groups = [["labor", "labour"]]
"#,
        )
        .unwrap();
        let d = run(rules[0].as_ref(), "labour, labor and labor");
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].span.range, 0..6);
        assert_eq!(d[0].labels[0].span.range, 8..13);
    }

    #[test]
    fn consistency_form_may_be_several_patterns() {
        let rules = load(
            r#"
[[rule]]
id = "test/date"
kind = "consistency"
summary = "s"
message = "m"
groups = [[
    { name = "ordinal", patterns = ['(July [0-9]+th)', '([0-9]+th of July)'] },
    { name = "plain", pattern = 'July [0-9]+(?-u:\b)' },
]]
"#,
        )
        .unwrap();
        let text = "July 4 and 5th of July and July 6th";
        let d = run(rules[0].as_ref(), text);
        assert_eq!(d.len(), 1);
        assert_eq!(&text[d[0].span.range.clone()], "July 4");
    }

    #[test]
    fn consistency_reports_group_one_and_fills_the_match() {
        let rules = load(
            r#"
[[rule]]
id = "test/title"
kind = "consistency"
summary = "s"
message = "`{match}` is {form}"
groups = [[
    { name = "capitalised", pattern = ', (Director) of' },
    { name = "lower case", pattern = ', (director) of|(?:^|; )(director), ' },
]]
"#,
        )
        .unwrap();
        let text =
            "director, A, Director of X. B, Director of Y. D, Director of W. C, director of Z.";
        let d = run(rules[0].as_ref(), text);
        assert_eq!(d.len(), 2);
        assert_eq!(d[0].span.range, 0..8);
        assert_eq!(&text[d[1].span.range.clone()], "director");
        assert_eq!(&*d[1].message, "`director` is lower case");
    }

    #[test]
    fn consistency_literals_are_word_bounded() {
        let rules = load(
            r#"
[[rule]]
id = "test/us"
kind = "consistency"
summary = "s"
message = "m"
groups = [["US", "U.S."]]
"#,
        )
        .unwrap();
        assert!(run(rules[0].as_ref(), "U.S. troops and USB sticks, BUS").is_empty());
        assert_eq!(run(rules[0].as_ref(), "U.S. and U.S. and US").len(), 1);
    }

    #[test]
    fn consistency_word_lists_are_found_in_one_pass_and_word_bounded() {
        let rules = load(
            r#"
[[rule]]
id = "test/spell"
kind = "consistency"
summary = "s"
message = "`{match}` is {form}"
groups = [
    [{ name = "American", words = ["color", "center"] }, { name = "British", words = ["colour", "centre"] }],
    [{ name = "-ize", words = ["organize"] }, { name = "-ise", words = ["organise"] }],
]
"#,
        )
        .unwrap();
        let text = "colour, centre, colors, center; organize, organise, organize";
        let d = run(rules[0].as_ref(), text);
        let flagged: Vec<&str> = d.iter().map(|d| &text[d.span.range.clone()]).collect();
        assert_eq!(flagged, ["center", "organise"]);
        assert_eq!(&*d[0].message, "`center` is American");
        assert!(
            load("[[rule]]\nid = \"a/b\"\nkind = \"consistency\"\nsummary = \"s\"\nmessage = \"m\"\ngroups = [[{ name = \"x\", words = [\"a\"] }, { name = \"y\", words = [\"a\"] }]]\n").is_err()
        );
    }

    #[test]
    fn found_packs_hits_and_reads_them_back() {
        use super::{Found, FoundHit};
        let hit = |rule, group, form, range, text| FoundHit {
            rule,
            group,
            form,
            range,
            text,
        };
        // Numbers of one byte and of several; a range past 4 GiB into its document.
        let hits = [
            hit(300, 0, 1, 4..9, 0),
            hit(300, 0, 1, 2..2, 7),
            hit(300, 2, 0, 20..27, 1 << 20),
            hit(5, 0, 0, 1 << 33..(1 << 33) + 5, 0),
        ];
        let found = Found::pack(&hits);
        let read: Vec<FoundHit> = [300, 5].iter().flat_map(|&r| found.hits(r)).collect();
        assert_eq!(read, hits);
        assert_eq!(
            found.sections().map(|(r, _)| r).collect::<Vec<_>>(),
            [300, 5]
        );
        assert_eq!(found.hits(6).count(), 0);
        assert!(Found::pack(&[]).is_empty());
        assert_eq!(Found::pack(&[]).hits(5).count(), 0);
    }

    /// Two corpus-wide rules that search for one regex each and share another, and a corpus.
    fn two_rules() -> (Vec<Box<dyn crate::rules::Rule>>, crate::corpus::Corpus) {
        let rules = load(
            r#"
[[rule]]
id = "test/a"
kind = "consistency"
scope = "corpus"
summary = "s"
message = "`{match}` is {form}"
groups = [[{ name = "ordinal", pattern = '[0-9]+(th)' }, { name = "plain", pattern = '(?i:July) [0-9]+(?-u:\b)' }]]

[[rule]]
id = "test/b"
kind = "consistency"
scope = "corpus"
summary = "s"
message = "`{match}` is {form}"
groups = [
    [{ name = "ordinal", pattern = '[0-9]+(th)' }, { name = "word", words = ["fourth"] }],
    [{ name = "US", pattern = 'US' }, { name = "U.S.", pattern = 'U\.S\.' }],
]
"#,
        )
        .unwrap();
        let mut corpus = crate::corpus::Corpus::new();
        for (name, text) in [
            (
                "a.txt",
                "July 4th, JULY 5, july 6 and the fourth; US and U.S.",
            ),
            ("b.txt", "5th and 6th, \"U.S.\" beside U.S."),
            ("c.txt", "nothing to see"),
        ] {
            corpus.add_document(name, text);
        }
        (rules, corpus)
    }

    /// The rules' extractors, joined as the engine joins them.
    fn joined(rules: &[Box<dyn crate::rules::Rule>]) -> std::sync::Arc<dyn Extractor> {
        let mut extractors = rules.iter().filter_map(|r| r.extractor());
        let first = extractors.next().unwrap();
        extractors.fold(first, |a, b| a.join(&*b).unwrap())
    }

    #[test]
    fn consistency_rules_share_one_fact_per_document_and_decide_as_alone() {
        use crate::rules::facts::{CorpusFacts, DocFacts};
        let (rules, corpus) = two_rules();
        let joined = joined(&rules);
        assert_eq!(joined.key(), super::KEY);
        let finders = (joined.as_ref() as &dyn std::any::Any)
            .downcast_ref::<super::Finders>()
            .unwrap();
        // The one regex both rules search for, once per document.
        assert_eq!(finders.shared, 1);
        assert_eq!(
            finders.slots,
            [vec![Some(0), None], vec![Some(0), None, None]]
        );
        let facts: Vec<DocFacts> = (corpus.docs.iter())
            .map(|d| DocFacts::extract(d, std::slice::from_ref(&joined)))
            .collect();
        let decide = |facts: &CorpusFacts| {
            let mut out = Vec::new();
            for rule in &rules {
                rule.check_corpus(&corpus, facts, &mut out);
            }
            out
        };
        let shared = decide(&CorpusFacts::new(facts.iter().collect()));
        // Each rule finds its own hits where no facts were extracted.
        let alone = decide(&CorpusFacts::new(Vec::new()));
        assert_eq!(shared, alone);
        let flagged: Vec<(&str, &str)> = (shared.iter())
            .map(|d| (d.rule.as_str(), &*d.message))
            .collect();
        assert_eq!(
            flagged,
            [
                ("test/a", "`JULY 5` is plain"),
                ("test/a", "`july 6` is plain"),
                ("test/b", "`fourth` is word"),
                ("test/b", "`US` is US"),
            ]
        );
    }

    #[test]
    fn consistency_facts_save_and_load_with_their_texts() {
        let (rules, corpus) = two_rules();
        let joined = joined(&rules);
        let fact = joined.extract(&corpus.docs[0]);
        let saved = joined.save(&fact).unwrap();
        // Per rule, its id and its hits: (group, form, range, text).
        let hits: super::SavedRules = saved.read().unwrap();
        let hit = |group, form, range, text: &str| (group, form, range, text.to_string());
        assert_eq!(hits[0].0, "test/a");
        assert_eq!(hits[0].1[0], hit(0, 0, 6..8, "th"));
        assert!(hits[0].1.contains(&hit(0, 1, 10..16, "JULY 5")));
        assert_eq!(
            hits.last().unwrap().1.last(),
            Some(&hit(1, 1, 48..52, "U.S."))
        );
        let loaded = joined.load(&saved).unwrap();
        let found = |f: &Fact| f.downcast_ref::<super::Found>().unwrap().clone();
        assert_eq!(found(&loaded), found(&fact));
        // Read back by another run, whose texts are numbered afresh: the same when saved.
        let (other, _) = two_rules();
        let other = self::joined(&other);
        let fresh = other.load(&saved).unwrap();
        assert_eq!(other.save(&fresh).unwrap(), saved);
        // Facts saved without one of the rules are not read back.
        let alone = rules[0].extractor().unwrap();
        assert!(
            joined
                .load(&alone.save(&alone.extract(&corpus.docs[0])).unwrap())
                .is_none()
        );
        assert!(joined.load(&Saved(vec![1])).is_none());
    }

    #[test]
    fn a_run_extracts_one_fact_for_every_consistency_rule() {
        let mut corpus = crate::corpus::Corpus::new();
        let config = crate::config::Config::default();
        let rules = crate::engine::RuleSet::build(&mut corpus, &config).unwrap();
        let keys: Vec<&str> = rules.extractors().iter().map(|e| e.key()).collect();
        assert_eq!(keys.iter().filter(|k| **k == super::KEY).count(), 1);
        let joined = rules.extractors().iter().find(|e| e.key() == super::KEY);
        let finders = (joined.unwrap().as_ref() as &dyn std::any::Any)
            .downcast_ref::<super::Finders>()
            .unwrap();
        assert!(finders.finders.len() > 1);
    }
}
