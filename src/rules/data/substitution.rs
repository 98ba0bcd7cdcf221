//! `kind = "substitution"`: a word-bounded map of wrong forms to right forms.

use std::collections::BTreeMap;
use std::ops::Range;

use serde::Deserialize;

use super::scan::{Literals, Needles, OwnScanner, Scan};
use super::{Texts, fill_in, preserve_case, word_bounded_matches};
use crate::diagnostic::Diagnostic;
use crate::document::Document;
use crate::rules::{Rule, RuleMeta};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct SubstitutionDef {
    /// Wrong form to right form.
    #[serde(default)]
    substitutions: BTreeMap<String, String>,
    #[serde(default)]
    ignore_case: bool,
}

impl SubstitutionDef {
    pub(super) fn build(
        self,
        meta: RuleMeta,
        text: Texts,
        kind_span: Range<usize>,
        err: impl Fn(Range<usize>, String) -> Vec<Diagnostic>,
    ) -> Result<Box<dyn Rule>, Vec<Diagnostic>> {
        if self.substitutions.is_empty() {
            return Err(err(
                kind_span,
                "a `substitution` rule needs a `substitutions` table".into(),
            ));
        }
        let (wrong, right): (Vec<String>, Vec<String>) = self.substitutions.into_iter().unzip();
        let matcher =
            Literals::new(wrong.clone(), self.ignore_case).map_err(|m| err(kind_span, m))?;
        Ok(Box::new(SubstitutionRule {
            meta,
            matcher,
            wrong,
            right,
            text,
            own: OwnScanner::default(),
        }))
    }
}

struct SubstitutionRule {
    meta: RuleMeta,
    matcher: Literals,
    wrong: Vec<String>,
    right: Vec<String>,
    text: Texts,
    own: OwnScanner,
}

impl Rule for SubstitutionRule {
    fn meta(&self) -> &RuleMeta {
        &self.meta
    }

    fn needles(&self) -> Needles<'_> {
        Needles {
            regexes: Vec::new(),
            lists: vec![&self.matcher],
        }
    }

    fn check_document(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        self.check_scanned(doc, &Scan::none(), out);
    }

    fn check_scanned(&self, doc: &Document, scan: &Scan, out: &mut Vec<Diagnostic>) {
        let needles = || self.needles();
        self.own
            .with(self.meta.id, needles, scan, &doc.prose, |hits| {
                for (i, range) in word_bounded_matches(hits.matches(0), &doc.prose) {
                    let found = &doc.text()[range.clone()];
                    let right = preserve_case(found, &self.right[i]);
                    let fields = [
                        ("{match}", found),
                        ("{wrong}", &self.wrong[i]),
                        ("{right}", &right),
                    ];
                    let fill = |t: &str| fill_in(t, &fields);
                    let mut d = self.text.diagnostic(&self.meta, doc.span(range), fill);
                    if d.help.is_none() {
                        d.help = Some(format!("use `{right}`").into());
                    }
                    out.push(d.with_fix(right.clone()));
                }
            });
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::data::test_support::{load, run};
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
}
