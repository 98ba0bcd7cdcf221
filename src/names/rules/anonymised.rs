use super::{diagnostic, with_fix};
use crate::corpus::Corpus;
use crate::diagnostic::{Diagnostic, Severity};
use crate::names::index::Index;
use crate::names::{Context, key};
use crate::rule_meta;
use crate::rules::RuleMeta;

const ID: &str = "names/anonymised";

/// A family name with the mark of an anonymised person read as a given name ("Huang Moumou").
pub(super) fn meta() -> RuleMeta {
    rule_meta! {
        id: ID,
        severity: Severity::Warning,
        summary: "a Chinese family name followed by \"Mou\" (某, \"a certain\"): an anonymised person, not a given name",
        explanation: r#"
Chinese news hides the given name of a suspect, a victim or a witness behind 某 ("a
certain"): 黄某 is "a man surnamed Huang", 黄某某 the same. Machine translation reads the
mark as a syllable of the name and writes "Huang Mou" or "Huang Moumou", a given name nobody
has.

Reported when a Chinese family name (`surnames` in `rules/names/zh.toml`) is followed by
one of the marks' readings (`anonymous-given`: Mou, Moumou, "Mou Mou") and nothing else.
The fix, a suggestion (`--unsafe-fixes`), keeps the family name alone; "a man surnamed
Huang" or "Mr. Huang" may read better."#,
        fixable: true,
        flag: [
            "The police detained Zhao Mou, 35, on Tuesday.",
            "The witness, Sun Moumou, said the car was red.",
        ],
        pass: [
            "The police detained Zhao, 35, on Tuesday.",
            "TSMC founder Chang Chung-mou spoke.",
            "Mou Zhiqiang, the county head, resigned.",
        ],
    }
}

pub(super) fn find(ctx: &Context, corpus: &Corpus, index: &Index, out: &mut Vec<Diagnostic>) {
    let Some(chinese) = ctx.data.origin("zh") else {
        return;
    };
    for (f, form) in index.forms.iter().enumerate() {
        let words = form.word_strs();
        let [family, given @ ..] = words.as_slice() else {
            continue;
        };
        if given.is_empty()
            || !form.kind.may_be_person()
            || !chinese.surnames.contains(&key::fold(family))
            || !ctx
                .data
                .anonymous_given
                .contains(&key::strip(&given.concat()))
        {
            continue;
        }
        for occ in index.reported_occs(f) {
            let d = diagnostic(
                ID,
                index.span(corpus, f, occ),
                format!(
                    "`{}` reads 某 (\"a certain\") as a given name: the person is anonymised as \"a person surnamed {family}\"",
                    form.text
                ),
            )
            .with_help(format!(
                "write the family name alone (\"{family}\"), or \"a man surnamed {family}\", \"Mr. {family}\""
            ));
            out.push(with_fix(d, family.to_string(), false));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{flagged, run};

    #[test]
    fn the_anonymising_mark_read_as_a_given_name_is_reported_with_a_suggestion() {
        let found = run(
            "names/anonymised",
            "",
            &[(
                "a.txt",
                "Huang Moumou, a driver, was fined. Later Huang Mou Mou paid, and Lin Mou did not.",
            )],
        );
        let texts: Vec<&str> = found.iter().map(|(_, t, _)| t.as_str()).collect();
        assert_eq!(texts, ["Huang Moumou", "Huang Mou Mou", "Lin Mou"]);
        let fix = found[0].2.fix.as_ref().unwrap();
        assert_eq!(fix.replacement, "Huang");
        assert!(!fix.is_safe());
    }

    #[test]
    fn real_given_names_and_the_mou_family_name_pass() {
        let docs = [(
            "a.txt",
            "Zhang Zhongmou and Mou Qizhong met Huang Moulin. Mou Wei, Zhang Mouren's aide, left.",
        )];
        assert!(flagged("names/anonymised", "", &docs).is_empty());
    }
}
