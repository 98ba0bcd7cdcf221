//! `source/markup`: markup tags (`<b>`, `</a>`) and XLIFF/TMX inline codes (`<g id="1">`,
//! `<ph id="2"/>`, `<bpt i="1">`) of the source that the target lacks, or adds.

use std::collections::BTreeMap;

use super::{Unit, units};
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::formats::placeholders::{Kind, find};
use crate::document::{Document, Format};
use crate::rule_meta;
use crate::rules::{Rule, RuleMeta};

pub struct InlineCodes {
    meta: RuleMeta,
}

/// Tags of `text` by key, with the first one as written.
fn tags(text: &str, kinds: &[Kind]) -> BTreeMap<String, (usize, String)> {
    let mut map: BTreeMap<String, (usize, String)> = BTreeMap::new();
    for p in find(text, kinds) {
        let entry = map
            .entry(p.key)
            .or_insert((0, text[p.range.clone()].to_string()));
        entry.0 += 1;
    }
    map
}

impl InlineCodes {
    pub fn new() -> Self {
        InlineCodes {
            meta: rule_meta! {
                id: "source/markup",
                severity: Severity::Error,
                summary: "a markup tag or inline code of the source missing from the translation, or added",
                explanation: "
Markup in a string (`<b>`, `<a href=...>`) and the inline codes of XLIFF and TMX (`<g id=\"1\">`,
`<ph id=\"2\"/>`, `<bpt i=\"1\">`) carry formatting, links and native code through translation.
A translation must keep every one of them: a dropped closing tag breaks the page; a dropped
code loses a line break, a link or a variable when the file is merged back.

Tags are compared by name (attributes such as a link target may be localised), inline codes by
element and id. Their order may change, as word order does.",
                fixable: false,
                flag: [
                    "Click <b>Save</b>.\t<b>保存</b をクリック。",
                    "See <a href=\"x\">the guide</a>.\tガイドを参照。",
                    "Line<br/>break\t改行",
                ],
                pass: [
                    "Click <b>Save</b>.\t<b>保存</b>をクリック。",
                    "See <a href=\"x\">the guide</a>.\t<a href=\"y\">ガイド</a>を参照。",
                    "a < b and c > d\ta < b かつ c > d",
                ],
            },
        }
    }

    fn compare(
        &self,
        doc: &Document,
        unit: &Unit,
        source: &BTreeMap<String, (usize, String)>,
        target: &BTreeMap<String, (usize, String)>,
        out: &mut Vec<Diagnostic>,
    ) {
        for (key, (n, raw)) in source {
            if target.get(key).map_or(0, |t| t.0) < *n {
                out.push(
                    unit.report(
                        doc,
                        &self.meta,
                        unit.segment.target.clone(),
                        format!("`{raw}` of the source is missing from the translation"),
                        Some(raw),
                        "in the source",
                    )
                    .with_help(format!("keep `{raw}` around the text it marks")),
                );
            }
        }
        for (key, (n, raw)) in target {
            if source.get(key).map_or(0, |s| s.0) < *n {
                out.push(
                    unit.report(
                        doc,
                        &self.meta,
                        unit.find_in_target(raw),
                        format!("`{raw}` is not in the source"),
                        None,
                        "the source",
                    )
                    .with_help("use the source's tags and codes, and only those"),
                );
            }
        }
    }
}

impl Rule for InlineCodes {
    fn meta(&self) -> &RuleMeta {
        &self.meta
    }

    fn check_document(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        if doc.format == Format::Plain {
            return;
        }
        let xml = matches!(doc.format, Format::Xliff | Format::Tmx);
        for unit in units(doc) {
            if unit.target.is_empty() && unit.raw_target.is_empty() {
                continue;
            }
            if xml && let Some(raw_source) = unit.raw_source {
                let (s, t) = (
                    tags(raw_source, &[Kind::Code]),
                    tags(unit.raw_target, &[Kind::Code]),
                );
                self.compare(doc, &unit, &s, &t, out);
            }
            let (s, t) = (
                tags(unit.source(), &[Kind::Markup]),
                tags(unit.target, &[Kind::Markup]),
            );
            self.compare(doc, &unit, &s, &t, out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn examples() {
        super::super::test::examples(&InlineCodes::new());
    }

    #[test]
    fn xliff_inline_codes_by_id() {
        let xlf = r#"<xliff version="1.2"><file source-language="en" target-language="ja"><body>
<trans-unit id="1"><source>Press <g id="1">Save</g><x id="2"/></source><target><g id="1">保存</g>を押す</target></trans-unit>
<trans-unit id="2"><source>Press <g id="1">Save</g></source><target><g id="3">保存</g>を押す</target></trans-unit>
</body></file></xliff>"#;
        let doc = Document::new(0, "a.xlf", xlf);
        let mut out = Vec::new();
        InlineCodes::new().check_document(&doc, &mut out);
        let messages: Vec<_> = out.iter().map(|d| &*d.message).collect();
        assert_eq!(
            messages,
            [
                "`<x id=\"2\"/>` of the source is missing from the translation",
                "`<g id=\"1\">` of the source is missing from the translation",
                "`<g id=\"3\">` is not in the source",
            ]
        );
    }
}
