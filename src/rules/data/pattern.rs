//! `kind = "pattern"`: every match of a regex is a finding.

use std::ops::Range;

use regex::Regex;
use serde::Deserialize;
use toml::Spanned;

use regex_automata::util::captures::Captures;

use super::scan::{Compile, Needles, OwnScanner, Scan, Searcher};
use super::{Texts, compile_regex};
use crate::diagnostic::Diagnostic;
use crate::document::Document;
use crate::rules::{Rule, RuleMeta};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct PatternDef {
    /// The regex.
    pattern: Spanned<String>,
    /// The fix, with `$1`/`${name}` capture references.
    #[serde(default)]
    replacement: Option<String>,
    /// A match counts only when this regex matches within `reach` bytes before it (anchor it
    /// with `$` to mean "right before"). Context checked this way keeps the main pattern
    /// starting with a literal, which the regex crate can search for fast.
    #[serde(default)]
    preceded_by: Option<Spanned<String>>,
    /// A match is left alone when this regex matches within `reach` bytes before it (in the
    /// same document): "on the 15th" is fine once "January 15" has been said.
    #[serde(default)]
    unless_preceded_by: Option<Spanned<String>>,
    /// How far back `preceded_by` and `unless_preceded_by` look, in bytes.
    #[serde(default = "default_reach")]
    reach: usize,
}

fn default_reach() -> usize {
    1000
}

impl PatternDef {
    pub(super) fn fixable(&self) -> bool {
        self.replacement.is_some()
    }

    pub(super) fn build(
        self,
        meta: RuleMeta,
        text: Texts,
        compile: Compile,
        err: impl Fn(Range<usize>, String) -> Vec<Diagnostic>,
    ) -> Result<Box<dyn Rule>, Vec<Diagnostic>> {
        let regex = Searcher::new(self.pattern.get_ref(), compile)
            .map_err(|m| err(self.pattern.span(), m))?;
        let context = |p: &Option<Spanned<String>>| match p {
            Some(p) => compile_regex(p.get_ref())
                .map(Some)
                .map_err(|m| err(p.span(), m)),
            None => Ok(None),
        };
        let preceded_by = context(&self.preceded_by)?;
        let unless_preceded_by = context(&self.unless_preceded_by)?;
        Ok(Box::new(PatternRule {
            meta,
            regex,
            // `{match}` as the regex crate's templates name the whole match.
            text: text.map(|t| t.replace("{match}", "${0}")),
            replacement: self.replacement,
            preceded_by,
            unless_preceded_by,
            reach: self.reach,
            own: OwnScanner::default(),
        }))
    }
}

/// `kind = "pattern"`: every match of a regex is a finding.
struct PatternRule {
    meta: RuleMeta,
    regex: Searcher,
    /// With `{match}` written `${0}`, ready for [`Captures::interpolate_string_into`].
    text: Texts,
    replacement: Option<String>,
    preceded_by: Option<Regex>,
    unless_preceded_by: Option<Regex>,
    reach: usize,
    own: OwnScanner,
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
    fn forget_search_caches(&mut self) {
        self.regex.forget_caches();
        self.own.forget_caches();
        // A clone of a `Regex` shares its program, not its caches.
        for regex in [&mut self.preceded_by, &mut self.unless_preceded_by]
            .into_iter()
            .flatten()
        {
            *regex = regex.clone();
        }
    }

    fn meta(&self) -> &RuleMeta {
        &self.meta
    }

    fn needles(&self) -> Needles<'_> {
        Needles {
            regexes: vec![&self.regex],
            lists: Vec::new(),
        }
    }

    fn check_document(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        self.check_scanned(doc, &Scan::none(), out);
    }

    fn check_scanned(&self, doc: &Document, scan: &Scan, out: &mut Vec<Diagnostic>) {
        let text = doc.prose.as_str();
        let needles = || self.needles();
        self.own.with(self.meta.id, needles, scan, text, |hits| {
            self.regex
                .for_each(text, hits.starts(0), |caps| self.report(doc, caps, out))
        });
    }
}

impl PatternRule {
    /// The finding for one match, unless its context excuses it.
    fn report(&self, doc: &Document, caps: &Captures, out: &mut Vec<Diagnostic>) {
        let text = doc.prose.as_str();
        let Some(m) = caps.get_match() else { return };
        if m.is_empty() || !self.in_context(text, m.start()) {
            return;
        }
        let fill = |template: &str| {
            let mut s = String::new();
            caps.interpolate_string_into(text, template, &mut s);
            s
        };
        let mut d = self.text.diagnostic(&self.meta, doc.span(m.range()), fill);
        if let Some(r) = &self.replacement {
            let mut replacement = String::new();
            caps.interpolate_string_into(text, r, &mut replacement);
            d = d.with_fix(replacement);
        }
        out.push(d);
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::data::test_support::{load, run};
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
        assert_eq!(&*d[0].message, "glued: 2-A");
        assert_eq!(d[0].fix.as_ref().unwrap().replacement, "2 - A");
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
}
