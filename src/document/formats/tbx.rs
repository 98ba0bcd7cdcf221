//! TBX termbases (ISO 30042), read for the terminology glossary of `source/terminology`:
//! TBX-Basic and TBX 2008 (`<martif>`: `termEntry`, `langSet`, `tig`/`ntig`) and TBX v3
//! (`<tbx>`: `conceptEntry`, `langSec`, `termSec`).
//!
//! Each concept gives its terms by language. A term whose administrative status is deprecated
//! or superseded is kept (it still names the concept in a source text) but marked, so it is
//! never required of a translation.

use super::xml::{Item, Walker, attribute};
use super::{FormatError, primary_language};

/// One term of a concept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// The primary language subtag, in lower case (`zh` for `zh-CN`).
    pub lang: String,
    pub text: String,
    /// Marked deprecated or superseded: not to be used in a translation.
    pub deprecated: bool,
}

/// One concept (`termEntry`, `conceptEntry`): its id and its terms in every language.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Concept {
    pub id: String,
    pub terms: Vec<Term>,
}

/// Whether a status note (`administrativeStatus`, or TBX 2008's `normativeAuthorization`)
/// says a term is not to be used.
fn is_deprecated(status: &str) -> bool {
    let status = status.to_ascii_lowercase();
    status.contains("deprecated") || status.contains("superseded")
}

/// The concepts of a TBX file, in file order. Concepts without terms are left out.
pub fn parse(text: &str) -> Result<Vec<Concept>, FormatError> {
    let mut w = Walker::new(text);
    let mut concepts = Vec::new();
    let mut root = true;
    let mut concept: Option<Concept> = None;
    let mut lang: Option<String> = None;
    // Where the current term group (`tig`, `ntig`, `termSec`) starts in the concept's terms:
    // a status note in the group is about its term.
    let mut group = 0;
    while let Some(item) = w.next()? {
        let (e, range, empty) = match item {
            Item::Start(e, range) => (e, range, false),
            Item::Empty(e, range) => (e, range, true),
            Item::End(name, _) => {
                match name.as_str() {
                    "termEntry" | "conceptEntry" => {
                        concepts.extend(concept.take().filter(|c| !c.terms.is_empty()));
                    }
                    "langSet" | "langSec" => lang = None,
                    _ => {}
                }
                continue;
            }
            _ => continue,
        };
        let name = e.local_name().as_ref().to_string();
        if root {
            if name != "martif" && name != "tbx" {
                return Err(w.error(
                    range.start,
                    "not a TBX file: the root element is not `<martif>` or `<tbx>`",
                ));
            }
            root = false;
        }
        match name.as_str() {
            "termEntry" | "conceptEntry" if !empty => {
                concept = Some(Concept {
                    id: attribute(&e, "id").unwrap_or_default(),
                    terms: Vec::new(),
                });
            }
            "langSet" | "langSec" if !empty => {
                let Some(l) = attribute(&e, "lang") else {
                    return Err(w.error(range.start, format!("`<{name}>` without `xml:lang`")));
                };
                lang = Some(primary_language(&l));
            }
            "tig" | "ntig" | "termSec" => {
                group = concept.as_ref().map_or(0, |c| c.terms.len());
            }
            "term" => {
                let (Some(c), Some(l)) = (concept.as_mut(), &lang) else {
                    return Err(w.error(
                        range.start,
                        "`<term>` outside the language section of an entry",
                    ));
                };
                let value = if empty {
                    String::new()
                } else {
                    w.content(&range)?.value
                };
                let text = value.split_whitespace().collect::<Vec<_>>().join(" ");
                if !text.is_empty() {
                    c.terms.push(Term {
                        lang: l.clone(),
                        text,
                        deprecated: false,
                    });
                }
            }
            "termNote" | "descrip" if !empty => {
                let kind = attribute(&e, "type").unwrap_or_default();
                if kind != "administrativeStatus" && kind != "normativeAuthorization" {
                    continue;
                }
                let status = w.content(&range)?.value;
                if is_deprecated(&status)
                    && let Some(c) = concept.as_mut()
                {
                    for term in c.terms.iter_mut().skip(group) {
                        term.deprecated = true;
                    }
                }
            }
            _ => {}
        }
    }
    if root {
        return Err(w.error(0, "not a TBX file: no root element"));
    }
    Ok(concepts)
}

/// A TBX v3 termbase for the tests of the termbase's readers and users: the concept `save`
/// (en `Save`; ja `保存`, and `セーブ` superseded; zh `保存`), then the concepts of `more`.
#[cfg(test)]
pub(crate) fn sample_v3(more: &str) -> String {
    format!(
        r#"<?xml version="1.0"?>
<tbx type="TBX-Basic" style="dct" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">
  <tbxHeader/>
  <text><body>
    <conceptEntry id="save">
      <langSec xml:lang="en"><termSec><term>Save</term></termSec></langSec>
      <langSec xml:lang="ja-JP">
        <termSec><term>保存</term></termSec>
        <termSec><term>セーブ</term>
          <termNote type="administrativeStatus">supersededTerm-admn-sts</termNote></termSec>
      </langSec>
      <langSec xml:lang="zh-CN"><termSec><term>保存</term></termSec></langSec>
    </conceptEntry>
    {more}
  </body></text>
</tbx>"#
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (language, text, deprecated)
    type Read = (String, String, bool);

    fn terms(text: &str) -> Vec<(String, Vec<Read>)> {
        parse(text)
            .unwrap()
            .into_iter()
            .map(|c| {
                let t = c
                    .terms
                    .into_iter()
                    .map(|t| (t.lang, t.text, t.deprecated))
                    .collect();
                (c.id, t)
            })
            .collect()
    }

    fn t(lang: &str, text: &str, deprecated: bool) -> Read {
        (lang.to_string(), text.to_string(), deprecated)
    }

    #[test]
    fn reads_tbx_basic() {
        let tbx = r#"<?xml version="1.0" encoding="UTF-8"?>
<martif type="TBX-Basic" xml:lang="en">
  <martifHeader><fileDesc><sourceDesc><p>test</p></sourceDesc></fileDesc></martifHeader>
  <text><body>
    <termEntry id="c1">
      <descrip type="subjectField">finance</descrip>
      <langSet xml:lang="zh-CN"><tig><term>财政部</term></tig></langSet>
      <langSet xml:lang="en-US">
        <tig><term>Ministry of Finance</term>
          <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></tig>
        <tig><term>Finance  Ministry</term>
          <termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig>
        <ntig><termGrp><term>MOF</term></termGrp></ntig>
      </langSet>
    </termEntry>
    <termEntry id="empty"><langSet xml:lang="en"/></termEntry>
  </body></text>
</martif>"#;
        assert_eq!(
            terms(tbx),
            [(
                "c1".to_string(),
                vec![
                    t("zh", "财政部", false),
                    t("en", "Ministry of Finance", false),
                    t("en", "Finance Ministry", true),
                    t("en", "MOF", false),
                ]
            )]
        );
    }

    #[test]
    fn reads_tbx_v3() {
        assert_eq!(
            terms(&sample_v3("")),
            [(
                "save".to_string(),
                vec![
                    t("en", "Save", false),
                    t("ja", "保存", false),
                    t("ja", "セーブ", true),
                    t("zh", "保存", false),
                ]
            )]
        );
    }

    #[test]
    fn entities_and_inline_markup_are_read_as_text() {
        let tbx = r#"<martif><text><body><termEntry><langSet xml:lang="en">
<tig><term>R&amp;D <hi type="italics">centre</hi></term></tig></langSet></termEntry></body></text></martif>"#;
        assert_eq!(terms(tbx)[0].1, [t("en", "R&D centre", false)]);
    }

    #[test]
    fn malformed_files_are_errors_at_their_line() {
        let line = |text: &str| {
            let e = parse(text).unwrap_err();
            (text[..e.range.start].matches('\n').count() + 1, e.message)
        };
        assert_eq!(
            line("<martif>\n<text>\n<termEntry>\n</text>\n</martif>").0,
            4,
            "mismatched end tag"
        );
        assert!(line("<xliff/>").1.contains("not a TBX file"));
        assert_eq!(
            line("<tbx>\n<conceptEntry>\n<langSec>\n</langSec></conceptEntry></tbx>"),
            (3, "`<langSec>` without `xml:lang`".to_string())
        );
        assert_eq!(line("<martif>\n<term>x</term></martif>").0, 2);
        assert!(parse("").is_err());
    }
}
