use super::{corpus_pointer, diagnostic, glossary_pointer, with_fix};
use crate::corpus::Corpus;
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Span;
use crate::names::Context;
use crate::names::index::Index;
use crate::rule_meta;
use crate::rules::RuleMeta;

const ID: &str = "names/variant";

/// A form the glossary declares wrong ("Brinken" for Antony Blinken).
pub(super) fn meta() -> RuleMeta {
    rule_meta! {
        id: ID,
        severity: Severity::Warning,
        summary: "a name the glossary declares wrong (`variants`) is used",
        explanation: r#"
A glossary entry lists the wrong forms a name is known to take in translation:

```toml
[[names.entity]]
canonical = "Antony Blinken"
family = "Blinken"
variants = ["Brinken"]
```

Each use of a variant is reported with a fix to the canonical form: the family name when the
variant is a single word ("Brinken" becomes "Blinken"), the full name otherwise. The fix is
safe (`--fix` applies it): the glossary declares both forms. When the canonical form is also
used in the corpus, a label points at its nearest use. translint
ships a small glossary of well-known people whose names machine translation is known to
garble (`rules/names/entities.toml`); a project's own entries add to it and override it."#,
        fixable: true,
        flag: [
            "Secretary of State Brinken arrived in Seoul.",
            "The talks with Xi Jin-ping ended.",
            "Foreign Minister Jeong Yiyong spoke.",
            "He met Antony Brinken on Monday.",
        ],
        pass: [
            "Secretary of State Blinken arrived in Seoul.",
            "The talks with Xi Jinping ended.",
            "Foreign Minister Chung Eui-yong spoke.",
            "Brink and Brinkmann are different words.",
        ],
    }
}

pub(super) fn find(ctx: &Context, corpus: &Corpus, index: &Index, out: &mut Vec<Diagnostic>) {
    let glossary = &ctx.glossary;
    for (f, form) in index.forms.iter().enumerate() {
        let n = form.words.len();
        // The longest declared variant inside the form wins.
        let found = (1..=n).rev().find_map(|len| {
            (0..=n - len).find_map(|i| {
                let range = form.words[i].start..form.words[i + len - 1].end;
                glossary
                    .variant(&form.text[range.clone()])
                    .map(|hit| (range, hit))
            })
        });
        let Some((range, (entity, _))) = found else {
            continue;
        };
        let e = &glossary.entities[entity];
        let written = &form.text[range.clone()];
        let single = !written.contains(' ');
        let replacement = match &e.family {
            Some(family) if single => family.clone(),
            _ => e.canonical.clone(),
        };
        for occ in index.reported_occs(f) {
            let file = corpus.docs[occ.doc()].id;
            let span = Span::new(file, occ.start() + range.start..occ.start() + range.end);
            let d = diagnostic(
                ID,
                span,
                format!("`{written}` is a known wrong form of `{}`", e.canonical),
            )
            .with_help(format!("write \"{replacement}\""));
            let d = glossary_pointer(ctx, d, entity);
            let d = corpus_pointer(corpus, index, d, f, occ, &e.canonical);
            out.push(with_fix(d, replacement.clone(), true));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{flagged, run};

    const GLOSSARY: &str = "[[names.entity]]\ncanonical = \"Taro Kono\"\nfamily = \"Kono\"\nvariants = [\"Kono Taro\", \"Khono\"]\n";

    #[test]
    fn declared_variants_are_fixed_to_the_canonical_form() {
        let found = run(
            "names/variant",
            GLOSSARY,
            &[("a.txt", "Minister Kono Taro spoke. Later Khono left.")],
        );
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].1, "Kono Taro");
        assert_eq!(found[0].2.fix.as_ref().unwrap().replacement, "Taro Kono");
        assert_eq!(found[1].2.fix.as_ref().unwrap().replacement, "Kono");
        // The label points into lint.toml.
        assert_eq!(found[0].2.labels[0].span.file, 0);
    }

    #[test]
    fn canonical_and_unrelated_names_pass() {
        assert!(
            flagged(
                "names/variant",
                GLOSSARY,
                &[("a.txt", "Taro Kono met Taro Aso in Kono.")]
            )
            .is_empty()
        );
    }
}
