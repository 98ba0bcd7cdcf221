use std::collections::BTreeMap;

use rustc_hash::FxHashMap as HashMap;

use super::{SAFE_RATIO, diagnostic, majority, with_fix};
use crate::corpus::Corpus;
use crate::diagnostic::{Diagnostic, Severity};
use crate::names::entity::Kind;
use crate::names::glossary::EntityKind;
use crate::names::index::Index;
use crate::names::{Context, key};
use crate::rule_meta;
use crate::rules::RuleMeta;

const ID: &str = "names/inconsistent-organisation";

/// One organisation under two names (China News Service / China News Agency).
pub(super) fn meta() -> RuleMeta {
    rule_meta! {
        id: ID,
        severity: Severity::Warning,
        summary: "one organisation under two names (\"China News Service\" / \"China News Agency\")",
        explanation: r#"
Translation renders an organisation's name word by word, and the head word comes out
differently from one sentence to the next: 中国新闻社 is "China News Service" and, lower
down, "China News Agency". Reported when one corpus uses two names of one organisation:

- names listed together in an alias group (`organisations` in `rules/names/common.toml`, or
  a project's data file), or an organisation's `variants` in the glossary;
- names that agree word for word except for a head word MT confuses (Agency/Service,
  Committee/Commission: `org-generics` lists them).

Names are compared within one publication. The finding sits on each use of the rarer name,
with a label on the one used most; the fix writes it, applied by `--fix` when the publication
uses it at least three times as often (else a suggestion). A tie is no finding: nothing says
which name is right. An abbreviation ("Co.", "Corp.") is not another name."#,
        fixable: true,
        flag: [
            "China News Service, April 2. Photo by China News Agency reporter Peng Dawei. China News Service said.",
            "The Korea Customs Service said, and the Korea Customs Agency added. The Korea Customs Service agreed.",
            "Yonhap News Agency reported. Yonhap News Agency said. The Lianhe News Agency added.",
        ],
        pass: [
            "China News Service, April 2. Photo by China News Service reporter Peng Dawei.",
            "Kyodo News Agency said, and Kyodo News added.",
            "The Ministry of Foreign Affairs and the Foreign Ministry agreed.",
            "The National Security Agency and the Secret Service met.",
            "The Korea Customs Service said, and the Korea Customs Agency added.",
            "Fukui Broadcasting Co., Ltd. is Fukui Broadcasting Corporation's legal name.",
        ],
    }
}

fn report(
    ctx: &Context,
    corpus: &Corpus,
    index: &Index,
    forms: &[usize],
    out: &mut Vec<Diagnostic>,
) {
    let standard = majority(corpus, index, forms);
    let target = &index.forms[standard].text;
    // The standard must be used more than any other name; clearly more for `--fix`.
    let uses = |f: usize| index.forms[f].occ.len();
    let runner_up = forms
        .iter()
        .filter(|&&f| key::fold(index.forms[f].text) != key::fold(target))
        .map(|&f| uses(f))
        .max()
        .unwrap_or(0);
    if runner_up >= uses(standard) {
        return;
    }
    let safe = uses(standard) >= SAFE_RATIO * runner_up;
    for &f in forms {
        let form = &index.forms[f];
        if f == standard
            || key::fold(form.text) == key::fold(target)
            || ctx.glossary.is_distinct(form.text, target)
        {
            continue;
        }
        for occ in index.reported_occs(f) {
            let near = index.nearest(corpus, standard, occ);
            let d = diagnostic(
                ID,
                index.span(corpus, f, occ),
                format!("`{}` is called `{target}` elsewhere", form.text),
            )
            .with_label(
                index.span(corpus, standard, near),
                format!(
                    "`{target}` here ({})",
                    super::uses(index.forms[standard].occ.len())
                ),
            )
            .with_help(format!("use one name: write \"{target}\""));
            out.push(with_fix(d, target.to_string(), safe));
        }
    }
}

pub(super) fn find(ctx: &Context, corpus: &Corpus, index: &Index, out: &mut Vec<Diagnostic>) {
    let data = &ctx.data;
    let mut alias: HashMap<String, usize> = HashMap::default();
    for (g, names) in data.organisations.iter().enumerate() {
        for n in names {
            alias.entry(key::fold(n)).or_insert(g);
        }
    }
    let mut by_alias: BTreeMap<(usize, usize), Vec<usize>> = BTreeMap::new();
    let mut by_head: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (f, form) in index.forms.iter().enumerate() {
        // Folded on the stack (a short name) for the two look-ups.
        let (alias_of, variant) = key::with_folded(form.text, |folded| {
            (
                alias.get(folded).copied(),
                ctx.glossary.variant_folded(folded),
            )
        });
        if let Some(g) = alias_of {
            by_alias.entry((form.publication, g)).or_default().push(f);
            continue;
        }
        // Glossary organisations: a declared variant is names/variant's finding.
        if let Some((e, _)) = variant
            && ctx.glossary.entities[e].kind == EntityKind::Organisation
        {
            continue;
        }
        let n = form.words.len();
        if form.kind != Kind::Organisation || n < 3 {
            continue;
        }
        let head_word = key::fold(form.word(n - 1));
        if data.org_synonyms(&head_word) < 2 {
            continue;
        }
        let group = data.org_generic.get(&head_word).copied().unwrap_or(0);
        by_head
            .entry(format!(
                "{}|{}|{group}",
                form.publication,
                index.roman_words(f)[..n - 1].join(" ")
            ))
            .or_default()
            .push(f);
    }
    for forms in by_alias.values().chain(by_head.values()) {
        let mut distinct: Vec<String> = forms
            .iter()
            .map(|&f| key::fold(index.forms[f].text))
            .collect();
        distinct.sort();
        distinct.dedup();
        if distinct.len() > 1 {
            report(ctx, corpus, index, forms, out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{flagged, run};

    #[test]
    fn alias_pair_across_files() {
        let found = run(
            "names/inconsistent-organisation",
            "",
            &[
                ("a.txt", "China News Service, April 2."),
                (
                    "b.txt",
                    "China News Service, January 15. Photo by China News Agency reporter.",
                ),
            ],
        );
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].1, "China News Agency");
        // The label prefers the same file.
        assert_eq!(found[0].2.labels[0].span.file, found[0].2.span.file);
    }

    #[test]
    fn different_organisations_pass() {
        assert!(flagged(
            "names/inconsistent-organisation",
            "",
            &[("a.txt", "The Seoul Central District Court and the Seoul High Court. The Liberal Democratic Party met.")]
        )
        .is_empty());
    }
}
