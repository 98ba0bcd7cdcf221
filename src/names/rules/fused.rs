use super::{diagnostic, with_fix};
use crate::corpus::Corpus;
use crate::diagnostic::{Diagnostic, Severity};
use crate::names::Context;
use crate::names::extract::fused_at;
use crate::names::index::Index;
use crate::rule_meta;
use crate::rules::RuleMeta;

const ID: &str = "names/fused";

/// Two names run together without "and" ("Gao Wencheng Wang Shoubao").
pub(super) fn meta() -> RuleMeta {
    rule_meta! {
        id: ID,
        severity: Severity::Warning,
        summary: "two names run together without \"and\" (\"Gao Wencheng Wang Shoubao\")",
        explanation: r#"
Chinese separates two names in a list with a mark English does not have (、) or with a space,
and machine translation drops it: "reporters Gao Wencheng Wang Shoubao". Reported when four
capitalised words are a surname and a given name twice over, of one naming tradition
(surname lists and syllables in `rules/names/*.toml`). A Korean name split into syllables
("Kim Jong Un") is one person, not two. The fix inserts "and"; it is a suggestion
(`--unsafe-fixes`), as a comma may be meant."#,
        fixable: true,
        flag: [
            "Photo by reporters Liu Dawei Zhao Xiaoming.",
            "The talks between Moon Jae-in Kim Jong-un ended.",
        ],
        pass: [
            "Photo by reporters Liu Dawei and Zhao Xiaoming.",
            "North Korean leader Kim Jong Un spoke.",
            "Peter Paul Rubens Smith painted it.",
        ],
    }
}

pub(super) fn find(ctx: &Context, corpus: &Corpus, index: &Index, out: &mut Vec<Diagnostic>) {
    for (f, form) in index.forms.iter().enumerate() {
        let words = form.word_strs();
        let Some(k) = fused_at(&ctx.data, &words) else {
            continue;
        };
        let (a, b) = (words[..k].join(" "), words[k..].join(" "));
        let fixed = format!("{a} and {b}");
        for occ in index.reported_occs(f) {
            let d = diagnostic(
                ID,
                index.span(corpus, f, occ),
                format!("`{}` runs two names together: `{a}` and `{b}`", form.text),
            )
            .with_help(format!("separate them: \"{fixed}\""));
            out.push(with_fix(d, fixed.clone(), false));
        }
    }
}
