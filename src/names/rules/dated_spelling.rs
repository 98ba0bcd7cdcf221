use super::{diagnostic, with_fix};
use crate::corpus::Corpus;
use crate::diagnostic::{Diagnostic, Severity};
use crate::names::data::NameData;
use crate::names::entity::Mention;
use crate::names::index::Index;
use crate::names::{Context, key};
use crate::rule_meta;
use crate::rules::RuleMeta;

const ID: &str = "names/dated-spelling";

/// A place under a spelling English has retired ("Teheran" for "Tehran").
pub(super) fn meta() -> RuleMeta {
    rule_meta! {
        id: ID,
        severity: Severity::Warning,
        summary: "a place under a spelling English has retired (\"Teheran\" for \"Tehran\")",
        explanation: r#"
Machine translation and old style guides bring back spellings English news stopped using
decades ago: "Teheran", "Urumchi", "Rangoon", "Katmandu". Reported when a place written
alone has a spelling listed in `dated-spellings` (`rules/names/common.toml`; a project adds
its own with `[names] data`). A larger name keeps its own spelling ("Alma-Ata Declaration",
"Treaty of Tientsin"), and spellings alive in set phrases (Peking duck, Bombay) are not
listed. The current spelling is certain, so `--fix` writes it."#,
        fixable: true,
        flag: [
            "The talks in Teheran ended on Monday.",
            "Flights to Rangoon were cancelled, officials in Katmandu said.",
        ],
        pass: [
            "The talks in Tehran ended on Monday.",
            "The Alma-Ata Declaration of 1978 is still cited.",
            "She ordered Peking duck in Beijing.",
        ],
    }
}

/// The starts of a document's mentions of a dated spelling that end a name of the form
/// "<Name> of <place>" ("Treaty of Tientsin"), which keeps the spelling it was given: its
/// facts for this rule, so the decision reads no text.
pub(crate) fn in_larger_names(data: &NameData, text: &str, mentions: &[Mention]) -> Vec<usize> {
    mentions
        .iter()
        // The words before the mention first: few mentions follow "<Name> of", and the
        // mention's fold allocates.
        .filter(|m| {
            text.get(..m.start).is_some_and(|before| {
                before
                    .trim_end()
                    .strip_suffix(" of")
                    .and_then(|rest| rest.split_whitespace().next_back())
                    .is_some_and(|w| w.starts_with(char::is_uppercase))
            }) && text
                .get(m.start..m.end)
                .is_some_and(|t| data.dated_spellings.contains_key(&key::fold(t)))
        })
        .map(|m| m.start)
        .collect()
}

pub(super) fn find(ctx: &Context, corpus: &Corpus, index: &Index, out: &mut Vec<Diagnostic>) {
    for (f, form) in index.forms.iter().enumerate() {
        if form.words.len() != 1 {
            continue;
        }
        let Some(current) = ctx.data.dated_spellings.get(&key::fold(form.text)) else {
            continue;
        };
        for occ in index.reported_occs(f) {
            if index.in_larger_name.contains(&(occ.doc(), occ.start())) {
                continue;
            }
            let d = diagnostic(
                ID,
                index.span(corpus, f, occ),
                format!("`{}` is a retired spelling of `{current}`", form.text),
            )
            .with_help(format!("write \"{current}\""));
            out.push(with_fix(d, current.clone(), true));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{flagged, run};

    #[test]
    fn a_retired_spelling_alone_is_fixed_safely() {
        let found = run(
            "names/dated-spelling",
            "",
            &[("a.txt", "Officials in Urumchi and Dacca said so.")],
        );
        let texts: Vec<&str> = found.iter().map(|(_, t, _)| t.as_str()).collect();
        assert_eq!(texts, ["Urumchi", "Dacca"]);
        let fix = found[0].2.fix.as_ref().unwrap();
        assert_eq!(fix.replacement, "Urumqi");
        assert_eq!(fix.applicability, crate::diagnostic::Applicability::Safe);
    }

    #[test]
    fn a_dateline_place_after_a_news_organisation_is_alone() {
        let docs = [("a.txt", "Report from Kyodo News Agency Rangoon on May 3.")];
        assert_eq!(flagged("names/dated-spelling", "", &docs), ["Rangoon"]);
    }

    #[test]
    fn larger_names_and_current_spellings_pass() {
        let docs = [(
            "a.txt",
            "The Treaty of Tientsin was signed long ago. Today Tianjin and Urumqi grow.",
        )];
        assert!(flagged("names/dated-spelling", "", &docs).is_empty());
    }
}
