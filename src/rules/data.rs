//! Rules defined as data: the kinds a TOML rule pack can instantiate.
//!
//! Built-in packs (`rules/*.toml`) and a user's own rule files are loaded by the same
//! function, [`load_pack`], so a built-in rule has no powers a user rule lacks. Errors in a
//! pack come back as diagnostics pointing at the offending line of the pack.

use std::collections::BTreeMap;
use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use rayon::prelude::*;
use regex::{Regex, RegexBuilder};
use serde::Deserialize;
use toml::Spanned;

use crate::diagnostic::{Diagnostic, Severity};
use crate::document::{Document, FileId, Source, Span};
use crate::engine::Corpus;
use crate::rules::{Examples, Rule, RuleMeta};

/// Limits on user-supplied regexes: the regex crate is linear-time, but a huge pattern can
/// still eat memory when compiled.
const REGEX_SIZE_LIMIT: usize = 4 << 20;
const REGEX_DFA_SIZE_LIMIT: usize = 8 << 20;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PackFile {
    #[serde(default, rename = "rule")]
    rules: Vec<Spanned<RuleDef>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleDef {
    id: Spanned<String>,
    kind: Spanned<String>,
    #[serde(default = "default_severity")]
    severity: Spanned<String>,
    summary: String,
    #[serde(default)]
    explanation: String,
    message: String,
    #[serde(default)]
    help: Option<String>,
    #[serde(default)]
    note: Option<String>,
    #[serde(default)]
    examples: Examples,
    /// `pattern`: the regex.
    #[serde(default)]
    pattern: Option<Spanned<String>>,
    /// `pattern`: the fix, with `$1`/`${name}` capture references.
    #[serde(default)]
    replacement: Option<String>,
    /// `pattern`: a match counts only when this regex matches within `reach` bytes before it
    /// (anchor it with `$` to mean "right before"). Context checked this way keeps the main
    /// pattern starting with a literal, which the regex crate can search for fast.
    #[serde(default)]
    preceded_by: Option<Spanned<String>>,
    /// `pattern`: a match is left alone when this regex matches within `reach` bytes before it
    /// (in the same document): "on the 15th" is fine once "January 15" has been said.
    #[serde(default)]
    unless_preceded_by: Option<Spanned<String>>,
    /// `pattern`: how far back `preceded_by` and `unless_preceded_by` look, in bytes.
    #[serde(default = "default_reach")]
    reach: usize,
    /// `substitution`: wrong form to right form.
    #[serde(default)]
    substitutions: BTreeMap<String, String>,
    /// `consistency`: groups of forms of which one document (or corpus) should use one.
    #[serde(default)]
    groups: Vec<Vec<Spanned<FormDef>>>,
    /// `consistency`: compare across the whole corpus rather than within one document.
    #[serde(default)]
    scope: Option<Spanned<String>>,
    #[serde(default)]
    ignore_case: bool,
}

fn default_reach() -> usize {
    1000
}

fn default_severity() -> Spanned<String> {
    Spanned::new(0..0, "warning".to_string())
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

/// Loads every rule of one pack. `file` is the pack's id in the corpus, for error spans.
pub fn load_pack(source: &Source, file: FileId) -> Result<Vec<Box<dyn Rule>>, Vec<Diagnostic>> {
    let pack: PackFile = parse_toml(source, file, "config/syntax")?;
    let mut rules: Vec<Box<dyn Rule>> = Vec::new();
    let mut errors = Vec::new();
    for def in pack.rules {
        let span = def.span();
        match build(def.into_inner(), file) {
            Ok(rule) => rules.push(rule),
            Err(mut e) => {
                if e.is_empty() {
                    e.push(config_error(
                        "config/invalid-rule",
                        file,
                        span,
                        "invalid rule",
                    ));
                }
                errors.extend(e);
            }
        }
    }
    if errors.is_empty() {
        Ok(rules)
    } else {
        Err(errors)
    }
}

/// Deserialises a TOML config, rule or data file; a syntax or schema error becomes one
/// diagnostic with id `rule`, pointing into `source` (registered as `file`).
pub fn parse_toml<T: serde::de::DeserializeOwned>(
    source: &Source,
    file: FileId,
    rule: &str,
) -> Result<T, Vec<Diagnostic>> {
    toml::from_str(&source.text).map_err(|e| {
        vec![config_error(
            rule,
            file,
            e.span().unwrap_or(0..0),
            e.message().trim(),
        )]
    })
}

/// An error in a config or rule file, at `range` of `file`.
pub fn config_error(rule: &str, file: FileId, range: Range<usize>, message: &str) -> Diagnostic {
    Diagnostic::new(rule, Severity::Error, Span::new(file, range), message)
}

/// Compiles a user-supplied regex under the size limits, or says why not.
pub fn compile_regex(pattern: &str) -> Result<Regex, String> {
    RegexBuilder::new(pattern)
        .size_limit(REGEX_SIZE_LIMIT)
        .dfa_size_limit(REGEX_DFA_SIZE_LIMIT)
        .build()
        .map_err(|e| match e {
            regex::Error::CompiledTooBig(limit) => {
                format!("regex is too large: it compiles to more than {limit} bytes")
            }
            other => format!("invalid regex: {other}"),
        })
}

fn build(def: RuleDef, file: FileId) -> Result<Box<dyn Rule>, Vec<Diagnostic>> {
    let err = |range: Range<usize>, msg: String| {
        vec![config_error("config/invalid-rule", file, range, &msg)]
    };
    let id = def.id.get_ref().clone();
    if !is_rule_id(&id) {
        return Err(err(
            def.id.span(),
            format!("rule id `{id}` must be kebab-case `family/name`"),
        ));
    }
    let severity = match def.severity.get_ref().parse() {
        Ok(crate::diagnostic::Level::On(s)) => s,
        Ok(crate::diagnostic::Level::Off) => {
            return Err(err(
                def.severity.span(),
                "a rule's default severity cannot be \"off\"; turn it off in lint.toml".into(),
            ));
        }
        Err(msg) => return Err(err(def.severity.span(), msg)),
    };
    let meta = RuleMeta {
        id,
        default_severity: severity,
        summary: def.summary.clone(),
        explanation: def.explanation.trim().to_string(),
        examples: def.examples.clone(),
        fixable: false,
    };
    let text = Texts {
        message: def.message.clone(),
        help: def.help.clone(),
        note: def.note.clone(),
    };
    match def.kind.get_ref().as_str() {
        "pattern" => {
            let Some(pattern) = &def.pattern else {
                return Err(err(
                    def.kind.span(),
                    "a `pattern` rule needs `pattern`".into(),
                ));
            };
            let regex = compile_regex(pattern.get_ref()).map_err(|m| err(pattern.span(), m))?;
            let context = |p: &Option<Spanned<String>>| match p {
                Some(p) => compile_regex(p.get_ref())
                    .map(Some)
                    .map_err(|m| err(p.span(), m)),
                None => Ok(None),
            };
            let preceded_by = context(&def.preceded_by)?;
            let unless_preceded_by = context(&def.unless_preceded_by)?;
            Ok(Box::new(PatternRule {
                meta: RuleMeta {
                    fixable: def.replacement.is_some(),
                    ..meta
                },
                regex,
                text,
                replacement: def.replacement,
                preceded_by,
                unless_preceded_by,
                reach: def.reach,
            }))
        }
        "substitution" => {
            if def.substitutions.is_empty() {
                return Err(err(
                    def.kind.span(),
                    "a `substitution` rule needs a `substitutions` table".into(),
                ));
            }
            let (wrong, right): (Vec<String>, Vec<String>) = def.substitutions.into_iter().unzip();
            let matcher =
                literal_matcher(&wrong, def.ignore_case).map_err(|m| err(def.kind.span(), m))?;
            Ok(Box::new(SubstitutionRule {
                meta: RuleMeta {
                    fixable: true,
                    ..meta
                },
                matcher,
                wrong,
                right,
                text,
            }))
        }
        "consistency" => {
            let corpus_scope = match def.scope.as_ref().map(|s| s.get_ref().as_str()) {
                None | Some("document") => false,
                Some("corpus") => true,
                Some(other) => {
                    let span = def.scope.as_ref().map(|s| s.span()).unwrap_or_default();
                    return Err(err(
                        span,
                        format!("unknown scope `{other}`: expected \"document\" or \"corpus\""),
                    ));
                }
            };
            if def.groups.is_empty() {
                return Err(err(
                    def.kind.span(),
                    "a `consistency` rule needs `groups`".into(),
                ));
            }
            let mut groups = Vec::new();
            let mut words: Vec<String> = Vec::new();
            let mut seen = std::collections::BTreeSet::new();
            let mut owners: Vec<(usize, usize)> = Vec::new();
            for (g, group) in def.groups.into_iter().enumerate() {
                let mut forms = Vec::new();
                for (f, form) in group.into_iter().enumerate() {
                    let span = form.span();
                    forms.push(match form.into_inner() {
                        FormDef::Literal(s) => {
                            Form::literal(&s, def.ignore_case).map_err(|m| err(span, m))?
                        }
                        FormDef::Pattern { name, pattern } => Form {
                            name,
                            regexes: vec![
                                form_regex(&pattern, def.ignore_case).map_err(|m| err(span, m))?,
                            ],
                        },
                        FormDef::Patterns { name, patterns } => Form {
                            name,
                            regexes: patterns
                                .iter()
                                .map(|p| form_regex(p, def.ignore_case))
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
                let matcher = literal_matcher(&words, def.ignore_case)
                    .map_err(|m| err(def.kind.span(), m))?;
                Some((matcher, owners))
            };
            Ok(Box::new(ConsistencyRule {
                meta,
                groups,
                words,
                corpus_scope,
                text,
            }))
        }
        other => Err(err(
            def.kind.span(),
            format!(
                "unknown rule kind `{other}`: expected \"pattern\", \"substitution\" or \"consistency\""
            ),
        )),
    }
}

fn is_rule_id(id: &str) -> bool {
    let mut parts = id.split('/');
    let kebab = |s: &str| {
        !s.is_empty()
            && s.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !s.starts_with('-')
            && !s.ends_with('-')
    };
    matches!((parts.next(), parts.next(), parts.next()), (Some(f), Some(n), None) if kebab(f) && kebab(n))
}

/// The message, help and note of a data rule, with `{match}` and capture references filled in.
struct Texts {
    message: String,
    help: Option<String>,
    note: Option<String>,
}

impl Texts {
    fn diagnostic(&self, meta: &RuleMeta, span: Span, fill: impl Fn(&str) -> String) -> Diagnostic {
        let mut d = Diagnostic::new(&meta.id, meta.default_severity, span, fill(&self.message));
        d.help = self.help.as_deref().map(&fill);
        if let Some(note) = &self.note {
            d.notes.push(fill(note));
        }
        d
    }
}

/// `kind = "pattern"`: every match of a regex is a finding.
struct PatternRule {
    meta: RuleMeta,
    regex: Regex,
    text: Texts,
    replacement: Option<String>,
    preceded_by: Option<Regex>,
    unless_preceded_by: Option<Regex>,
    reach: usize,
}

impl PatternRule {
    /// Whether the text before a match at `start` is as the rule's context regexes require.
    fn in_context(&self, text: &str, start: usize) -> bool {
        if self.preceded_by.is_none() && self.unless_preceded_by.is_none() {
            return true;
        }
        let mut from = start.saturating_sub(self.reach);
        while !text.is_char_boundary(from) {
            from += 1;
        }
        // Searched from `from`, but seeing the text before it, so `\b` and `^` at the window's
        // edge mean what they mean in the document.
        let before = &text[..start];
        let found = |r: &Regex| r.is_match_at(before, from);
        self.preceded_by.as_ref().is_none_or(found)
            && !self.unless_preceded_by.as_ref().is_some_and(found)
    }
}

impl Rule for PatternRule {
    fn meta(&self) -> &RuleMeta {
        &self.meta
    }

    fn check_document(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        for caps in self.regex.captures_iter(&doc.prose) {
            let m = caps.get(0).expect("group 0 always matches");
            if m.is_empty() || !self.in_context(&doc.prose, m.start()) {
                continue;
            }
            let fill = |template: &str| {
                let mut s = String::new();
                caps.expand(&template.replace("{match}", "${0}"), &mut s);
                s
            };
            let mut d = self.text.diagnostic(&self.meta, doc.span(m.range()), fill);
            if let Some(r) = &self.replacement {
                let mut replacement = String::new();
                caps.expand(r, &mut replacement);
                d = d.with_fix(replacement);
            }
            out.push(d);
        }
    }
}

/// Finds literal forms with word boundaries where the form's edge is a word character.
fn literal_matcher(literals: &[String], ignore_case: bool) -> Result<AhoCorasick, String> {
    if literals.iter().any(|l| l.is_empty()) {
        return Err("empty form".into());
    }
    AhoCorasickBuilder::new()
        .match_kind(MatchKind::LeftmostLongest)
        .ascii_case_insensitive(ignore_case)
        // A full DFA: word lists (hundreds of spellings) have no rare byte to prefilter on,
        // and the DFA is several times faster than the default NFA when scanning every byte.
        .kind(Some(AhoCorasickKind::DFA))
        .build(literals)
        .map_err(|e| e.to_string())
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Whether `text[range]` stands as a whole word (edges that are word characters must not
/// continue into a neighbouring word character).
fn word_bounded(text: &str, range: &Range<usize>) -> bool {
    let inner_first = text[range.clone()].chars().next();
    let inner_last = text[range.clone()].chars().next_back();
    let before = text[..range.start].chars().next_back();
    let after = text[range.end..].chars().next();
    let clash = |edge: Option<char>, outside: Option<char>| matches!((edge, outside), (Some(e), Some(o)) if is_word_char(e) && is_word_char(o));
    !clash(inner_first, before) && !clash(inner_last, after)
}

fn word_matches<'a>(
    matcher: &'a AhoCorasick,
    text: &'a str,
) -> impl Iterator<Item = (usize, Range<usize>)> + 'a {
    matcher
        .find_iter(text)
        .filter(move |m| word_bounded(text, &m.range()))
        .map(|m| (m.pattern().as_usize(), m.range()))
}

/// Carries the case of `found` over to `replacement`: "Original" -> "Former", "ORIGINAL" -> "FORMER".
pub fn preserve_case(found: &str, replacement: &str) -> String {
    let letters: Vec<char> = found.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.len() > 1 && letters.iter().all(|c| c.is_uppercase()) {
        return replacement.to_uppercase();
    }
    let found_first_upper = found.chars().next().is_some_and(char::is_uppercase);
    let mut chars = replacement.chars();
    match chars.next() {
        Some(first) if found_first_upper && first.is_lowercase() => {
            first.to_uppercase().chain(chars).collect()
        }
        _ => replacement.to_string(),
    }
}

/// `kind = "substitution"`: a word-bounded map of wrong forms to right forms.
struct SubstitutionRule {
    meta: RuleMeta,
    matcher: AhoCorasick,
    wrong: Vec<String>,
    right: Vec<String>,
    text: Texts,
}

impl Rule for SubstitutionRule {
    fn meta(&self) -> &RuleMeta {
        &self.meta
    }

    fn check_document(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        for (i, range) in word_matches(&self.matcher, &doc.prose) {
            let found = &doc.text()[range.clone()];
            let right = preserve_case(found, &self.right[i]);
            let fill = |t: &str| {
                t.replace("{match}", found)
                    .replace("{wrong}", &self.wrong[i])
                    .replace("{right}", &right)
            };
            let mut d = self.text.diagnostic(&self.meta, doc.span(range), fill);
            if d.help.is_none() {
                d.help = Some(format!("use `{right}`"));
            }
            out.push(d.with_fix(right.clone()));
        }
    }
}

/// One member of a consistency group. A pattern form with capture groups reports the span of
/// the first group that took part in the match, so context can be matched without being
/// underlined (", director of"). A word-list form has no regex: the rule's word matcher finds it.
struct Form {
    name: String,
    regexes: Vec<Regex>,
}

fn form_regex(pattern: &str, ignore_case: bool) -> Result<Regex, String> {
    if ignore_case {
        compile_regex(&format!("(?i:{pattern})"))
    } else {
        compile_regex(pattern)
    }
}

impl Form {
    fn literal(s: &str, ignore_case: bool) -> Result<Form, String> {
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
        let regex = compile_regex(&format!("{case}{pre}{escaped}{post}"))?;
        Ok(Form {
            name: s.to_string(),
            regexes: vec![regex],
        })
    }
}

/// `kind = "consistency"`: a document (or corpus) should use one form of each group.
struct ConsistencyRule {
    meta: RuleMeta,
    groups: Vec<Vec<Form>>,
    /// Every word of every word-list form, and the (group, form) each word belongs to.
    words: Option<(AhoCorasick, Vec<(usize, usize)>)>,
    corpus_scope: bool,
    text: Texts,
}

/// Where each form of each group occurs in one document: `[group][form]` -> byte ranges.
type Found = Vec<Vec<Vec<Range<usize>>>>;

impl ConsistencyRule {
    fn find(&self, doc: &Document) -> Found {
        let mut found: Found = self
            .groups
            .iter()
            .map(|group| {
                group
                    .iter()
                    .map(|form| {
                        let mut ranges: Vec<Range<usize>> = form
                            .regexes
                            .iter()
                            .flat_map(|regex| {
                                regex.captures_iter(&doc.prose).filter_map(|c| {
                                    let m =
                                        c.iter().skip(1).flatten().next().or_else(|| c.get(0))?;
                                    (!m.is_empty()).then(|| m.range())
                                })
                            })
                            .collect();
                        if form.regexes.len() > 1 {
                            ranges.sort_by_key(|r| (r.start, r.end));
                            ranges.dedup();
                        }
                        ranges
                    })
                    .collect()
            })
            .collect();
        if let Some((matcher, owners)) = &self.words {
            for (i, range) in word_matches(matcher, &doc.prose) {
                let (g, f) = owners[i];
                found[g][f].push(range);
            }
        }
        found
    }

    /// Flags, group by group, every occurrence of a form other than the one `docs` use most.
    fn check(&self, docs: &[&Document], out: &mut Vec<Diagnostic>) {
        let found: Vec<Found> = docs.par_iter().map(|d| self.find(d)).collect();
        for (g, group) in self.groups.iter().enumerate() {
            // Per form: (index into `docs`, range), in document order.
            let hits: Vec<Vec<(usize, &Range<usize>)>> = (0..group.len())
                .map(|f| {
                    found
                        .iter()
                        .enumerate()
                        .flat_map(|(d, per_doc)| per_doc[g][f].iter().map(move |r| (d, r)))
                        .collect()
                })
                .collect();
            let used = hits.iter().filter(|h| !h.is_empty()).count();
            if used < 2 {
                continue;
            }
            // The majority form wins; on a tie, the one that appears first by file name, not
            // by file id, so the result does not depend on the order files were found in.
            let first_of = |i: usize| {
                hits[i]
                    .iter()
                    .min_by_key(|&&(d, r)| (docs[d].name(), r.start))
                    .map(|&(d, r)| docs[d].span(r.clone()))
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
                for &(d, range) in spans {
                    let found = docs[d].text().get(range.clone()).unwrap_or_default();
                    let fill = |t: &str| {
                        t.replace("{match}", found)
                            .replace("{form}", &group[i].name)
                            .replace("{majority}", &group[majority].name)
                    };
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

    fn check_document(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        if !self.corpus_scope {
            self.check(&[doc], out);
        }
    }

    fn check_corpus(&self, corpus: &Corpus, out: &mut Vec<Diagnostic>) {
        if self.corpus_scope {
            let docs: Vec<&Document> = corpus.docs.iter().collect();
            self.check(&docs, out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> Result<Vec<Box<dyn Rule>>, Vec<Diagnostic>> {
        load_pack(&Source::new("pack.toml", text), 0)
    }

    fn run(rule: &dyn Rule, text: &str) -> Vec<Diagnostic> {
        let doc = Document::new(1, "t.txt", text);
        let mut out = Vec::new();
        rule.check_document(&doc, &mut out);
        out
    }

    #[test]
    fn preserve_case_follows_the_found_text() {
        assert_eq!(preserve_case("Original", "former"), "Former");
        assert_eq!(preserve_case("ORIGINAL", "former"), "FORMER");
        assert_eq!(preserve_case("original", "former"), "former");
    }

    #[test]
    fn pattern_rule_expands_captures_in_fix_and_message() {
        let rules = load(
            r#"
[[rule]]
id = "test/dash"
kind = "pattern"
summary = "s"
message = "glued: {match}"
pattern = '(\d)-([A-Z])'
replacement = '$1 - $2'
"#,
        )
        .unwrap();
        let d = run(rules[0].as_ref(), "April 2-According");
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].message, "glued: 2-A");
        assert_eq!(d[0].fix.as_ref().unwrap().replacement, "2 - A");
    }

    #[test]
    fn substitution_is_word_bounded_and_case_preserving() {
        let rules = load(
            r#"
[[rule]]
id = "test/sub"
kind = "substitution"
summary = "s"
message = "use {right}"
ignore_case = true
substitutions = { "colour" = "color" }
"#,
        )
        .unwrap();
        let d = run(rules[0].as_ref(), "Colour and colours and colour.");
        assert_eq!(d.len(), 2);
        assert_eq!(d[0].fix.as_ref().unwrap().replacement, "Color");
    }

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
    fn pattern_rule_is_excused_by_context_within_reach_only() {
        let rules = load(
            r#"
[[rule]]
id = "test/day"
kind = "pattern"
summary = "s"
message = "m"
pattern = 'the \d+th'
unless_preceded_by = 'January'
reach = 20
"#,
        )
        .unwrap();
        assert_eq!(run(rules[0].as_ref(), "On the 15th.").len(), 1);
        assert!(run(rules[0].as_ref(), "January 14. On the 15th.").is_empty());
        let far = format!("January 14.{} On the 15th.", " ".repeat(30));
        assert_eq!(run(rules[0].as_ref(), &far).len(), 1);
        // The window may start inside a multi-byte character.
        assert_eq!(
            run(rules[0].as_ref(), "日本日本日本日本日本日本日本 the 15th").len(),
            1
        );
    }

    #[test]
    fn pattern_rule_requires_its_preceding_context() {
        let rules = load(
            r#"
[[rule]]
id = "test/side"
kind = "pattern"
summary = "s"
message = "m"
pattern = 'Japanese side'
preceded_by = '(?-u:\b)[Tt]he $'
reach = 4
"#,
        )
        .unwrap();
        assert_eq!(run(rules[0].as_ref(), "The Japanese side said").len(), 1);
        assert!(run(rules[0].as_ref(), "Bathe Japanese side").is_empty());
        assert!(run(rules[0].as_ref(), "on its Japanese side").is_empty());
        assert!(run(rules[0].as_ref(), "Japanese side").is_empty());
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
    fn bad_regex_points_at_the_pattern() {
        let text = "[[rule]]\nid = \"a/b\"\nkind = \"pattern\"\nsummary = \"s\"\nmessage = \"m\"\npattern = '(unclosed'\n";
        let errs = load(text).err().unwrap();
        let range = errs[0].span.range.clone();
        assert_eq!(&text[range], "'(unclosed'");
        assert!(errs[0].message.contains("invalid regex"));
    }

    #[test]
    fn huge_regex_is_refused_with_a_clear_error() {
        let pattern = format!("(?:{}){{1000}}", "[a-z]{100}");
        let text = format!(
            "[[rule]]\nid = \"a/b\"\nkind = \"pattern\"\nsummary = \"s\"\nmessage = \"m\"\npattern = '{pattern}'\n"
        );
        let errs = load(&text).err().unwrap();
        assert!(errs[0].message.contains("too large"), "{}", errs[0].message);
    }

    #[test]
    fn unknown_keys_and_ids_are_errors() {
        assert!(load("[[rule]]\nid = \"a/b\"\nkind = \"pattern\"\nsummary = \"s\"\nmessage = \"m\"\npatern = 'x'\n").is_err());
        assert!(load("[[rule]]\nid = \"NotKebab\"\nkind = \"pattern\"\nsummary = \"s\"\nmessage = \"m\"\npattern = 'x'\n").is_err());
    }
}
