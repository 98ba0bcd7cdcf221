//! `source/placeholders`: printf, Python and brace/ICU placeholders of the source that the
//! target lacks, or has more of.

use std::borrow::Cow;

use super::{Unit, translated_strings};
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Document;
use crate::document::formats::placeholders::{Kind, find};
use crate::rule_meta;
use crate::rules::{Rule, RuleMeta};

/// `text` with its placeholders and markup replaced by spaces, byte for byte.
pub fn blank(text: &str) -> Cow<'_, str> {
    let found = find(text, &[Kind::Printf, Kind::Brace, Kind::Markup, Kind::Code]);
    if found.is_empty() {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for p in found {
        out.push_str(&text[at..p.range.start]);
        out.extend(std::iter::repeat_n(' ', p.range.len()));
        at = p.range.end;
    }
    out.push_str(&text[at..]);
    Cow::Owned(out)
}

/// The placeholder kinds a unit uses: as its PO flags say (`c-format`, `python-format`,
/// `python-brace-format`; `no-c-format` turns a kind off), else printf and brace.
fn kinds(flags: &[String]) -> Vec<Kind> {
    let has = |f: &str| flags.iter().any(|x| x == f);
    let declared: Vec<&String> = flags
        .iter()
        .filter(|f| f.ends_with("-format") && !f.starts_with("no-"))
        .collect();
    if declared.is_empty() {
        let mut k = Vec::new();
        if !has("no-c-format") && !has("no-python-format") {
            k.push(Kind::Printf);
        }
        if !has("no-python-brace-format") {
            k.push(Kind::Brace);
        }
        return k;
    }
    let mut k = Vec::new();
    if declared.iter().any(|f| !f.contains("brace")) {
        k.push(Kind::Printf);
    }
    if declared.iter().any(|f| f.contains("brace")) {
        k.push(Kind::Brace);
    }
    k
}

/// What must match across languages: `%1$s` and `%s` are the same argument type, reordered.
fn key(found: String, kind: Kind) -> String {
    if kind == Kind::Printf
        && let Some(dollar) = found.find('$')
        && found[1..dollar].bytes().all(|b| b.is_ascii_digit())
    {
        return format!("%{}", &found[dollar + 1..]);
    }
    found
}

/// The placeholders of `text` by key, in key order: how many there are, and the first as
/// written. A unit has a few, so a list searched in full beats a map.
fn counts<'t>(text: &'t str, kinds: &[Kind]) -> Vec<(String, usize, &'t str)> {
    let mut counts: Vec<(String, usize, &str)> = Vec::new();
    for p in find(text, kinds) {
        let key = key(p.key, p.kind);
        match counts.iter_mut().find(|c| c.0 == key) {
            Some(c) => c.1 += 1,
            None => counts.push((key, 1, &text[p.range])),
        }
    }
    counts.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    counts
}

/// How many placeholders with key `key` [`counts`] found.
fn count(counts: &[(String, usize, &str)], key: &str) -> usize {
    counts.iter().find(|c| c.0 == key).map_or(0, |c| c.1)
}

pub struct Placeholders {
    meta: RuleMeta,
}

impl Placeholders {
    pub fn new() -> Self {
        Placeholders {
            meta: rule_meta! {
                id: "source/placeholders",
                severity: Severity::Error,
                summary: "a placeholder of the source (%s, %(name)s, {0}, {count, plural}) missing from the translation, or added",
                explanation: "
A placeholder is filled in by the program at run time. A translation that drops one loses the
value; one that adds or changes one (`%d` for `%s`) can crash the program or print garbage.
gettext's `msgfmt --check` rejects such catalogues for `c-format` strings.

The kinds compared follow the PO flags (`c-format`, `python-format`, `python-brace-format`;
`no-c-format` turns printf off); without flags, printf and brace placeholders are compared.
Positional printf arguments (`%2$s`) may reorder the arguments, as gettext allows. Other
bilingual formats are compared the same way; aligned news text has no placeholders.",
                fixable: false,
                flag: [
                    "Cannot open %s: %s\t%s を開けません",
                    "Hello, %(name)s!\tこんにちは!",
                    "{count, plural, one {# file} other {# files}}\t{n, plural, other {# 個}}",
                    "Saved {0} files\t{1} 個のファイルを保存しました",
                ],
                pass: [
                    "Cannot open %s: %s\t%s を開けません: %s",
                    "%s of %s\t%2$s の %1$s",
                    "Hello, %(name)s!\t%(name)s さん、こんにちは!",
                    "100% sure\t100% 確実",
                    "Saved {0} files\t{0} 個のファイルを保存しました",
                ],
            },
        }
    }

    fn check_unit(&self, doc: &Document, unit: &Unit, out: &mut Vec<Diagnostic>) {
        // Every placeholder compared starts with `%` or `{`: most units have neither.
        let may_have = |text: &str| memchr::memchr2(b'%', b'{', text.as_bytes()).is_some();
        if !may_have(unit.source()) && !may_have(unit.target) {
            return;
        }
        let kinds = kinds(&unit.segment.flags);
        if kinds.is_empty() {
            return;
        }
        let source = counts(unit.source(), &kinds);
        let target = counts(unit.target, &kinds);
        for &(ref k, n, raw) in &source {
            if count(&target, k) < n {
                out.push(
                    unit.report(
                        doc,
                        &self.meta,
                        unit.segment.target.clone(),
                        format!(
                            "placeholder `{raw}` of the source is missing from the translation"
                        ),
                        Some(raw),
                        "in the source",
                    )
                    .with_help(format!(
                        "add `{raw}` where its value belongs in the translation"
                    )),
                );
            }
        }
        for &(ref k, n, raw) in &target {
            if count(&source, k) < n {
                out.push(
                    unit.report(
                        doc,
                        &self.meta,
                        unit.find_in_target(raw),
                        format!("placeholder `{raw}` is not in the source"),
                        None,
                        "the source",
                    )
                    .with_help("use the source's placeholders, and only those"),
                );
            }
        }
    }
}

impl Rule for Placeholders {
    fn meta(&self) -> &RuleMeta {
        &self.meta
    }

    fn check_document(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        for unit in translated_strings(doc) {
            self.check_unit(doc, &unit, out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn examples() {
        super::super::test::examples(&Placeholders::new());
    }

    #[test]
    fn flags_choose_the_kinds() {
        assert_eq!(kinds(&["c-format".into()]), [Kind::Printf]);
        assert_eq!(kinds(&["python-brace-format".into()]), [Kind::Brace]);
        assert_eq!(kinds(&["fuzzy".into()]), [Kind::Printf, Kind::Brace]);
        assert_eq!(kinds(&["no-c-format".into()]), [Kind::Brace]);
    }

    #[test]
    fn blanking_keeps_offsets() {
        assert_eq!(blank("a %s <b>x</b>"), "a    ".to_string() + "   x    ");
    }
}
