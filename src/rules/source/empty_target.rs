//! `source/empty-target`: a unit whose source has text and whose translation is empty.

use super::units;
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Document;
use crate::rule_meta;
use crate::rules::{Rule, RuleMeta};

pub struct EmptyTarget {
    meta: RuleMeta,
}

impl EmptyTarget {
    pub fn new() -> Self {
        EmptyTarget {
            meta: rule_meta! {
                id: "source/empty-target",
                severity: Severity::Warning,
                summary: "the translation of a unit with source text is empty",
                explanation: "
An empty line in an aligned pair where the source has a sentence, an empty `<target>` or TMX
segment, or a PO plural form left empty while another form is translated: the text is missing
from the translation. (A PO entry with no translation at all is simply untranslated, as
gettext sees it, and is not reported.)",
                fixable: false,
                flag: ["两千人参加。\t", "Open\t "],
                pass: ["两千人参加。\t2,000 people attended.", "\t"],
            },
        }
    }
}

impl Rule for EmptyTarget {
    fn meta(&self) -> &RuleMeta {
        &self.meta
    }

    fn check_document(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        for unit in units(doc) {
            if unit.target.trim().is_empty() && !unit.source().trim().is_empty() {
                out.push(
                    unit.report(
                        doc,
                        &self.meta,
                        unit.segment.target.clone(),
                        "the translation is empty".to_string(),
                        None,
                        "this source text has no translation",
                    )
                    .with_help("translate the source text"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn examples() {
        super::super::test::examples(&EmptyTarget::new());
    }
}
