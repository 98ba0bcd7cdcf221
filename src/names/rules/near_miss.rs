use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::{corpus_pointer, diagnostic, glossary_pointer, majority, with_fix};
use crate::corpus::Corpus;
use crate::diagnostic::{Diagnostic, Severity};
use crate::names::glossary::roman_name;
use crate::names::index::Index;
use crate::names::{Context, key};
use crate::rule_meta;
use crate::rules::RuleMeta;

const ID: &str = "names/near-miss";

/// A corpus spelling must be used this many times more often than a near miss of it to be
/// taken as the right one.
const DOMINANCE: usize = 2;

/// Shortest lone word compared with the corpus: shorter ones are everyday words too often.
const MIN_WORD_LEN: usize = 5;

/// A name a transliteration slip away from a known one ("Brinken" for "Blinken").
pub(super) fn meta() -> RuleMeta {
    rule_meta! {
        id: ID,
        severity: Severity::Warning,
        summary: "a name a transliteration slip away from a known name (\"Brinken\" / \"Blinken\")",
        explanation: r#"
Names that pass through Chinese, Japanese or Korean come back slightly wrong: r for l
("Brinken" for "Blinken"), a long vowel spelt another way, a surname in another
romanisation system ("Jeong" for "Chung"), Wade–Giles for pinyin. A name is reported when
it is such a slip away from a known name:

- a name in the glossary (same sound key, or one edit away for names of five letters or
  more), or
- a family name used at least twice as often in the corpus (as the family name of a full
  name) that has the same sound key (r/l, eu/u, eo/o...): words of five letters or more,
  never a listed surname or given name, which are real names of their own. Whole-name
  romanisation classes (Jeong = Chung, Lee = Rhee) apply to full names only, because two
  people may really be called Jeong and Chung.

The help says which name was probably meant and the fix writes it. If two similar names
really are two entities, declare them in lint.toml: `names.distinct = [["A", "B"]]`."#,
        fixable: true,
        flag: [
            "Jake Sullivan met Moon, and Sullivan said so; Sulrivan left.",
            "Chung Eui-yong spoke. Chung Eui-yong left. Jeong Eui-yong returned.",
            "Park Geun-hye met Moon, and Park Geun-hye left; Pak Geun-hye returned.",
        ],
        pass: [
            "Antony Blinken met Moon. Blinken said so, and Blinken left.",
            "Chung Eui-yong met Jeong Se-kyun; Chung Eui-yong left.",
            "John Kerry met Megyn Kelly. Kerry spoke. Kerry left.",
            "Wang Yi met Wang Yu and Li Peng met Li Ping.",
        ],
    }
}

fn glossary_hits(
    ctx: &Context,
    corpus: &Corpus,
    index: &Index,
    out: &mut Vec<Diagnostic>,
    done: &mut HashSet<(usize, usize)>,
) {
    let g = &ctx.glossary;
    for (f, form) in index.forms.iter().enumerate() {
        if !form.kind.may_be_person() || g.variant(&form.text).is_some() {
            continue;
        }
        for w in 0..form.words.len() {
            let word = form.word(w);
            let Some((surface, entity)) = &index.word_keys(f, w).near_glossary else {
                continue;
            };
            if g.is_distinct(word, surface) {
                continue;
            }
            done.insert((f, w));
            let canonical = &g.entities[*entity].canonical;
            for occ in &form.occ {
                if occ.initial && form.words.len() == 1 {
                    continue;
                }
                let d = diagnostic(
                    ID,
                    index.word_span(corpus, f, occ, w),
                    format!("`{word}` is close to `{surface}` ({canonical})"),
                )
                .with_help(format!("did you mean \"{surface}\"?"));
                let d = glossary_pointer(ctx, d, *entity);
                let d = corpus_pointer(corpus, index, d, f, occ, canonical);
                out.push(with_fix(d, surface.clone(), false));
            }
        }
        // A whole name in another romanisation system ("Jeong Eui-yong").
        if form.words.len() >= 2 && !(0..form.words.len()).any(|w| done.contains(&(f, w))) {
            let words = form.word_strs();
            let roman = roman_name(&ctx.data, &words);
            if let Some(e) = g
                .by_sound(&index.sound_name(f))
                .or_else(|| g.near_name(&ctx.data, &words))
                && g.by_roman(&roman) != Some(e)
                && g.entities[e].canonical != form.text
                && !g.is_distinct(&form.text, &g.entities[e].canonical)
            {
                let canonical = g.entities[e].canonical.clone();
                done.insert((f, 0));
                for occ in &form.occ {
                    let d = diagnostic(
                        ID,
                        index.span(corpus, f, occ),
                        format!("`{}` is close to `{canonical}`", form.text),
                    )
                    .with_help(format!("did you mean \"{canonical}\"?"));
                    let d = glossary_pointer(ctx, d, e);
                    let d = corpus_pointer(corpus, index, d, f, occ, &canonical);
                    out.push(with_fix(d, canonical.clone(), false));
                }
            }
        }
    }
}

/// Lone words: a rarer spelling with the sound key of a word used in full names.
fn word_hits(
    ctx: &Context,
    corpus: &Corpus,
    index: &Index,
    out: &mut Vec<Diagnostic>,
    done: &mut HashSet<(usize, usize)>,
) {
    #[derive(Default)]
    struct Stat {
        count: usize,
        /// Seen as the family name of a full name: a known name, not just a word.
        family: bool,
        uses: Vec<(usize, usize)>,
    }
    // Per publication: words are compared with the words of their own publication only.
    let mut stats: HashMap<(usize, &str), Stat> = HashMap::default();
    // Sound key of each compared word.
    let mut sounds: HashMap<(usize, &str), &str> = HashMap::default();
    for (f, form) in index.forms.iter().enumerate() {
        if !form.kind.may_be_person() {
            continue;
        }
        let p = form.publication;
        let n = form
            .occ
            .iter()
            .filter(|o| !(o.initial && form.words.len() == 1))
            .count();
        let last = form.words.len() - 1;
        let family = form.person.map(|p| p.family).or_else(|| {
            // Western order: "Antony Blinken".
            (last > 0 && ctx.data.western_given.contains(&key::fold(form.word(0)))).then_some(last)
        });
        for w in 0..form.words.len() {
            let keys = index.word_keys(f, w);
            if keys.stripped.chars().count() < MIN_WORD_LEN {
                continue;
            }
            let s = stats.entry((p, keys.stripped.as_str())).or_default();
            s.count += n;
            s.family |= family == Some(w);
            s.uses.push((f, w));
            sounds.insert((p, keys.stripped.as_str()), keys.sound.as_str());
        }
    }
    let mut buckets: HashMap<(usize, &str), Vec<(usize, &str)>> = HashMap::default();
    for (&(p, stripped), sound) in &sounds {
        buckets.entry((p, sound)).or_default().push((p, stripped));
    }
    for mut words in buckets.into_values().filter(|b| b.len() > 1) {
        words.sort_by_key(|w| (std::cmp::Reverse(stats[w].count), *w));
        let top = words[0];
        let top_stat = &stats[&top];
        if !top_stat.family || top_stat.count < DOMINANCE {
            continue;
        }
        // The label points at the most used form holding the dominant word.
        let uses: Vec<usize> = top_stat.uses.iter().map(|&(f, _)| f).collect();
        let label_form = majority(corpus, index, &uses);
        let label_word = top_stat
            .uses
            .iter()
            .find(|(f, _)| *f == label_form)
            .map_or(0, |u| u.1);
        let top_surface = index.forms[label_form].word(label_word).to_string();
        for minor in &words[1..] {
            let s = &stats[minor];
            if s.count == 0 || top_stat.count < DOMINANCE * s.count {
                continue;
            }
            for &(f, w) in &s.uses {
                let form = &index.forms[f];
                let word = form.word(w);
                if done.contains(&(f, w))
                    || index.word_keys(f, w).own_word
                    || ctx.glossary.is_token(word)
                    || ctx.glossary.is_distinct(word, &top_surface)
                {
                    continue;
                }
                done.insert((f, w));
                for occ in &form.occ {
                    if occ.initial && form.words.len() == 1 {
                        continue;
                    }
                    let near = index.nearest(corpus, label_form, occ);
                    out.push(
                        diagnostic(
                            ID,
                            index.word_span(corpus, f, occ, w),
                            format!(
                                "`{word}` is close to `{top_surface}` ({})",
                                super::uses(top_stat.count)
                            ),
                        )
                        .with_label(
                            index.word_span(corpus, label_form, near, label_word),
                            format!("`{top_surface}` here"),
                        )
                        .with_help(format!("did you mean \"{top_surface}\"?"))
                        .with_unsafe_fix(top_surface.clone()),
                    );
                }
            }
        }
    }
}

/// Full names whose sound keys meet through romanisation classes ("Jeong Eui-yong" /
/// "Chung Eui-yong"): the rarer entity group is reported.
fn name_hits(
    ctx: &Context,
    corpus: &Corpus,
    index: &Index,
    out: &mut Vec<Diagnostic>,
    done: &HashSet<(usize, usize)>,
) {
    let mut buckets: HashMap<(usize, String), Vec<usize>> = HashMap::default();
    for (f, form) in index.forms.iter().enumerate() {
        if form.kind.may_be_person() && form.words.len() >= 2 {
            buckets
                .entry((form.publication, index.sound_name(f)))
                .or_default()
                .push(f);
        }
    }
    let count = |g: usize| -> usize {
        index.groups[g]
            .iter()
            .map(|&f| index.forms[f].occ.len())
            .sum()
    };
    for forms in buckets.into_values() {
        let mut groups: Vec<usize> = forms.iter().map(|&f| index.group[f]).collect();
        groups.sort_unstable();
        groups.dedup();
        if groups.len() < 2 {
            continue;
        }
        groups.sort_by_key(|&g| (std::cmp::Reverse(count(g)), g));
        let top = majority(corpus, index, &index.groups[groups[0]]);
        let top_count = count(groups[0]);
        let top_text = index.forms[top].text.clone();
        for &g in &groups[1..] {
            if top_count < DOMINANCE * count(g) {
                continue;
            }
            for &f in &index.groups[g] {
                let form = &index.forms[f];
                if forms.binary_search(&f).is_err()
                    || (0..form.words.len()).any(|w| done.contains(&(f, w)))
                    || ctx.glossary.is_distinct(&form.text, &top_text)
                {
                    continue;
                }
                for occ in &form.occ {
                    let near = index.nearest(corpus, top, occ);
                    out.push(
                        diagnostic(
                            ID,
                            index.span(corpus, f, occ),
                            format!(
                                "`{}` is close to `{top_text}` ({})",
                                form.text,
                                super::uses(top_count)
                            ),
                        )
                        .with_label(index.span(corpus, top, near), format!("`{top_text}` here"))
                        .with_help(format!("did you mean \"{top_text}\"?"))
                        .with_unsafe_fix(top_text.clone()),
                    );
                }
            }
        }
    }
}

pub(super) fn find(ctx: &Context, corpus: &Corpus, index: &Index, out: &mut Vec<Diagnostic>) {
    let mut done = HashSet::default();
    glossary_hits(ctx, corpus, index, out, &mut done);
    word_hits(ctx, corpus, index, out, &mut done);
    name_hits(ctx, corpus, index, out, &done);
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{flagged, run};

    const BLINKEN: &str =
        "[[names.entity]]\ncanonical = \"Antony Blinken\"\nfamily = \"Blinken\"\n";

    #[test]
    fn glossary_near_miss_says_did_you_mean_and_fixes() {
        let found = run(
            "names/near-miss",
            "",
            &[("a.txt", "US Secretary of State Brinken visited.")],
        );
        // Without a glossary entry for Blinken nothing is known... except the built-in one.
        assert_eq!(
            found.len(),
            0,
            "Brinken is a declared variant, not a near miss"
        );
        let found = run(
            "names/near-miss",
            BLINKEN,
            &[("a.txt", "He met Blinkin in Seoul.")],
        );
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].1, "Blinkin");
        assert_eq!(
            found[0].2.help.as_deref(),
            Some("did you mean \"Blinken\"?")
        );
        assert_eq!(found[0].2.fix.as_ref().unwrap().replacement, "Blinken");
    }

    #[test]
    fn corpus_majority_across_files() {
        let found = run(
            "names/near-miss",
            "",
            &[
                ("a.txt", "Jake Sullivan arrived. He said Sullivan spoke."),
                ("b.txt", "Then Sulrivan left."),
            ],
        );
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, "b.txt");
        assert_ne!(found[0].2.labels[0].span.file, found[0].2.span.file);
    }

    #[test]
    fn different_people_and_distinct_declarations_pass() {
        let docs = [(
            "a.txt",
            "Then Rollins met Lollins, and Lollins left with Robert Lollins.",
        )];
        assert_eq!(flagged("names/near-miss", "", &docs).len(), 1);
        assert!(
            flagged(
                "names/near-miss",
                "[names]\ndistinct = [[\"Rollins\", \"Lollins\"]]\n",
                &docs
            )
            .is_empty()
        );
        assert!(
            flagged(
                "names/near-miss",
                "",
                &[("a.txt", "Kim Jong-un met Kim Yo-jong and Kim Jong-il.")]
            )
            .is_empty()
        );
    }
}
