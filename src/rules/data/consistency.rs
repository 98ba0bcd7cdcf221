//! `kind = "consistency"`: a document (or corpus) should use one form of each group.

use std::borrow::Cow;
use std::ops::Range;
use std::sync::{Arc, LazyLock};

use serde::Deserialize;
use toml::Spanned;

use super::scan::{Compile, Hits, Literals, Needles, OwnScanner, Scan, Searcher};
use super::{Texts, is_word_char, word_bounded_matches};
use crate::corpus::Corpus;
use crate::diagnostic::Diagnostic;
use crate::document::Document;
use crate::rules::facts::{self, CorpusFacts, Extractor, Fact};
use crate::rules::{Rule, RuleId, RuleMeta};
use serde_json::value::RawValue;

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
}

/// Where the forms of the groups occur in one document: (group, form, byte range, the text
/// found there — a message's `{match}`), so the corpus decision needs no document text.
/// By group and form, each form's in the order found. Flat, the texts laid end to end in one
/// string: most documents use few of the forms, and a run holds every document's until the
/// corpus is decided (a string per hit took as much again as the hits). Saved as a list of
/// `(group, form, range, text)`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Found {
    hits: Box<[FoundHit]>,
    texts: Box<str>,
}

/// 20 bytes: a run holds one per use of a form in the corpus (1.1 million on the 500 MB
/// corpus).
#[derive(Debug, Clone, PartialEq, Eq)]
struct FoundHit {
    group: u32,
    form: u32,
    /// Its text's length in `texts` (each text starts where the one before it ends).
    text_len: u32,
    range: Range<u32>,
}

/// A [`Found`] hit as saved.
type SavedHit<T> = (u32, u32, Range<usize>, T);

impl Found {
    /// Hits given with their texts, in order. A hit that ends past 4 GiB into its document
    /// is not kept.
    fn new<'a>(hits: impl IntoIterator<Item = SavedHit<&'a str>>) -> Found {
        let mut texts = String::new();
        let hits = (hits.into_iter())
            .filter_map(|(group, form, range, text)| {
                let hit = FoundHit {
                    group,
                    form,
                    text_len: u32::try_from(text.len()).ok()?,
                    range: u32::try_from(range.start).ok()?..u32::try_from(range.end).ok()?,
                };
                texts.push_str(text);
                Some(hit)
            })
            .collect();
        Found {
            hits,
            texts: texts.into_boxed_str(),
        }
    }

    fn is_empty(&self) -> bool {
        self.hits.is_empty()
    }

    /// Every hit (group, form, range, text), in order.
    fn iter(&self) -> impl Iterator<Item = (u32, u32, Range<u32>, &str)> {
        let mut start = 0;
        self.hits.iter().map(move |h| {
            let len = h.text_len as usize;
            let text = self.texts.get(start..start + len).unwrap_or_default();
            start += len;
            (h.group, h.form, h.range.clone(), text)
        })
    }
}

impl serde::Serialize for Found {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

impl<'de> Deserialize<'de> for Found {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Found, D::Error> {
        let saved = Vec::<SavedHit<Cow<'de, str>>>::deserialize(d)?;
        Ok(Found::new(
            saved
                .iter()
                .map(|(g, f, r, t)| (*g, *f, r.clone(), t.as_ref())),
        ))
    }
}

/// Where a form occurs, for the decision: (index into its documents, range, text).
type Hit<'a> = (usize, Range<u32>, &'a str);

/// A [`Found`] hit's range in its document.
fn span_of(doc: &Document, range: &Range<u32>) -> crate::document::Span {
    doc.span(range.start as usize..range.end as usize)
}

impl Extractor for Finder {
    fn key(&self) -> &'static str {
        self.id.as_str()
    }

    fn extract(&self, doc: &Document) -> Fact {
        fact(self.find(doc, &Scan::none()))
    }

    fn extract_scanned(&self, doc: &Document, scan: &Scan) -> Fact {
        fact(self.find(doc, scan))
    }

    fn save(&self, fact: &Fact) -> Option<Box<RawValue>> {
        facts::save_as::<Found>(fact)
    }

    fn load(&self, saved: &RawValue) -> Option<Fact> {
        facts::load_as::<Found>(saved)
    }
}

/// `found` as facts. Most documents use none of a rule's forms, and a run holds every
/// document's facts until the corpus is decided: those share one allocation.
fn fact(found: Found) -> Fact {
    static NONE: LazyLock<Fact> = LazyLock::new(|| Arc::new(Found::default()));
    if found.is_empty() {
        NONE.clone()
    } else {
        Arc::new(found)
    }
}

fn hit(doc: &Document, range: Range<usize>) -> (Range<usize>, &str) {
    let text = doc.text().get(range.clone()).unwrap_or_default();
    (range, text)
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

    fn find(&self, doc: &Document, scan: &Scan) -> Found {
        let needles = || self.needles();
        self.own.with(self.id, needles, scan, &doc.prose, |hits| {
            self.found(doc, hits)
        })
    }

    fn found(&self, doc: &Document, hits: Hits) -> Found {
        let mut k = 0;
        let mut found: Vec<SavedHit<&str>> = Vec::new();
        for (g, group) in self.groups.iter().enumerate() {
            for (f, form) in group.iter().enumerate() {
                let mut ranges: Vec<Range<usize>> = Vec::new();
                for regex in &form.regexes {
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
                    k += 1;
                }
                if form.regexes.len() > 1 {
                    ranges.sort_by_key(|r| (r.start, r.end));
                    ranges.dedup();
                }
                found.extend(ranges.into_iter().map(|r| {
                    let (range, text) = hit(doc, r);
                    (g as u32, f as u32, range, text)
                }));
            }
        }
        if let Some((_, owners)) = &self.words {
            for (i, range) in word_bounded_matches(hits.matches(0), &doc.prose) {
                let (g, f) = owners[i];
                let (range, text) = hit(doc, range);
                found.push((g as u32, f as u32, range, text));
            }
            // By group and form; a form's words after its regexes' hits, in text order.
            found.sort_by_key(|&(g, f, _, _)| (g, f));
        }
        Found::new(found)
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
        // Per group, per form: (index into `docs`, range, text), in document order.
        let mut all: Vec<Vec<Vec<Hit>>> = (self.finder.groups.iter())
            .map(|group| vec![Vec::new(); group.len()])
            .collect();
        for (d, per_doc) in found.iter().enumerate() {
            for (g, f, r, t) in per_doc.iter() {
                if let Some(form) = all
                    .get_mut(g as usize)
                    .and_then(|forms| forms.get_mut(f as usize))
                {
                    form.push((d, r, t));
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
                    .map(|(d, r, _)| span_of(docs[*d], r))
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
                    let fill = |t: &str| {
                        t.replace("{match}", found)
                            .replace("{form}", &group[i].name)
                            .replace("{majority}", &group[majority].name)
                    };
                    let mut diag = self
                        .text
                        .diagnostic(&self.meta, span_of(docs[d], range), fill)
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
                        diag.help = Some(format!("use `{}` throughout", group[majority].name));
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

    fn extractor(&self) -> Option<Arc<dyn Extractor>> {
        self.corpus_scope
            .then(|| Arc::clone(&self.finder) as Arc<dyn Extractor>)
    }

    fn check_corpus(&self, corpus: &Corpus, facts: &CorpusFacts, out: &mut Vec<Diagnostic>) {
        if self.corpus_scope {
            let docs: Vec<&Document> = corpus.docs.iter().collect();
            // Every document's facts were extracted, unless the caller skipped the pass.
            let found: Vec<Cow<Found>> = (0..docs.len())
                .map(|i| match facts.doc::<Found>(i, self.finder.key()) {
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
        assert_eq!(d[1].message, "`director` is lower case");
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
        assert_eq!(d[0].message, "`center` is American");
        assert!(
            load("[[rule]]\nid = \"a/b\"\nkind = \"consistency\"\nsummary = \"s\"\nmessage = \"m\"\ngroups = [[{ name = \"x\", words = [\"a\"] }, { name = \"y\", words = [\"a\"] }]]\n").is_err()
        );
    }

    #[test]
    fn found_hits_keep_their_texts_and_save_as_a_list_of_hits() {
        use super::Found;
        // An empty text (a range not on characters) between two others.
        let hits = [
            (0, 1, 4..9, "color"),
            (0, 1, 12..13, ""),
            (2, 0, 20..27, "centre\n"),
        ];
        // A hit past 4 GiB into its document is not kept (its range does not fit).
        let past = (1, 0, 1 << 32..(1 << 32) + 5, "color");
        let found = Found::new(hits.iter().cloned().chain([past]));
        let back: Vec<_> = found
            .iter()
            .map(|(g, f, r, t)| (g, f, r.start as usize..r.end as usize, t))
            .collect();
        assert_eq!(back, hits);
        // Saved as the list of (group, form, range, text) it was before it was packed, so
        // summaries and cache entries read the same.
        let saved = serde_json::to_string(&found).unwrap();
        let listed: Vec<(u32, u32, std::ops::Range<usize>, String)> = hits
            .iter()
            .map(|(g, f, r, t)| (*g, *f, r.clone(), t.to_string()))
            .collect();
        assert_eq!(saved, serde_json::to_string(&listed).unwrap());
        assert_eq!(serde_json::from_str::<Found>(&saved).unwrap(), found);
        assert!(serde_json::from_str::<Found>("[[0, 1]]").is_err());
    }
}
