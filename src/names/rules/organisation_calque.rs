use super::{diagnostic, with_fix};
use crate::corpus::Corpus;
use crate::diagnostic::{Diagnostic, Severity};
use crate::names::entity::Kind;
use crate::names::index::Index;
use crate::names::{Context, key};
use crate::rule_meta;
use crate::rules::RuleMeta;

const ID: &str = "names/organisation-calque";

/// An organisation's established name translated word by word ("Shizuoka Newspaper").
pub(super) fn meta() -> RuleMeta {
    rule_meta! {
        id: ID,
        severity: Severity::Warning,
        summary: "an organisation's established name translated word by word (\"Shizuoka Newspaper\" for \"Shizuoka Shimbun\")",
        explanation: r#"
Some organisations keep a word of their own language in their English name: Japan's regional
papers are "<place> Shimbun" (Shizuoka Shimbun, Yamagata Shimbun, Kobe Shimbun). Machine
translation renders that word ("Shizuoka Newspaper"), which is no paper's name.

Reported when an organisation's name is a place of one naming tradition followed by a head
word that tradition's data lists as a calque (`places` and `calques` in
`rules/names/ja.toml`; a project adds its own with `[names] data`). The fix writes the
established word; it is a suggestion (`--unsafe-fixes`), with a label on the established name
when the publication also uses it."#,
        fixable: true,
        flag: [
            "The Okayama Newspaper reported the fire on Monday.",
            "According to the Hokkaido Newspaper, the road was closed.",
        ],
        pass: [
            "The Okayama Shimbun reported the fire on Monday.",
            "The Guardian Newspaper and the Times Newspapers group merged.",
            "He reads the Springfield Newspaper every day.",
        ],
    }
}

pub(super) fn find(ctx: &Context, corpus: &Corpus, index: &Index, out: &mut Vec<Diagnostic>) {
    for (f, form) in index.forms.iter().enumerate() {
        let n = form.words.len();
        if form.kind != Kind::Organisation || n < 2 {
            continue;
        }
        let head = key::fold(form.word(n - 1));
        let place = key::fold(&form.text[..form.words[n - 2].end]);
        let Some(established) = ctx
            .data
            .origins
            .iter()
            .find_map(|o| o.calques.get(&head).filter(|_| o.places.contains(&place)))
        else {
            continue;
        };
        let right = format!("{} {established}", &form.text[..form.words[n - 2].end]);
        let used = index.form_in(form.publication, &right);
        for occ in index.reported_occs(f) {
            let mut d = diagnostic(
                ID,
                index.span(corpus, f, occ),
                format!(
                    "`{}` translates word by word a name that English keeps as `{right}`",
                    form.text
                ),
            )
            .with_help(format!("write \"{right}\""));
            if let Some(u) = used {
                let near = index.nearest(corpus, u, occ);
                d = d.with_label(
                    index.span(corpus, u, near),
                    format!("`{right}` here ({})", super::uses(index.forms[u].occ.len())),
                );
            }
            out.push(with_fix(d, right.clone(), false));
        }
    }
}
