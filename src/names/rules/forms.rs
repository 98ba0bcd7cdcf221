//! One decision per entity: the standard form of each entity group in its publication, and
//! one finding for every other form of it. `names/inconsistent-romanisation`, `names/order`
//! and `names/unsettled-form` are three outcomes of this one decision, so they can never
//! give opposite advice:
//!
//! - the standard is the glossary's canonical form, else the form its publication uses most,
//!   written in the publication's order for that naming tradition when it has a settled one;
//! - a form differing from it only in order is `order`; in spelling, `inconsistent-romanisation`;
//! - when nothing is settled (a tie, or a publication that writes both orders about equally),
//!   `unsettled-form` says both forms and offers no fix.

use rustc_hash::FxHashMap as HashMap;

use super::{SAFE_RATIO, diagnostic, glossary_pointer, majority, with_fix};
use crate::corpus::Corpus;
use crate::diagnostic::Diagnostic;
use crate::names::Context;
use crate::names::entity::Order;
use crate::names::index::{Form, Index, movable_word};
use crate::names::key::{self, Difference};

pub(super) const ROMANISATION: &str = "names/inconsistent-romanisation";
pub(super) const ORDER: &str = "names/order";
pub(super) const UNSETTLED: &str = "names/unsettled-form";
pub(super) const SPLIT: &str = "names/split-name";

/// The name with its given name written as one word, when `form` is a Chinese name whose
/// pinyin given name is split into capitalised syllables ("Fu Kun Bao" -> "Fu Kunbao").
/// Pinyin joins the syllables of a given name, with an apostrophe before a syllable opening
/// with a, o or e ("Xi'an"). Korean names are written in separate syllables by some house
/// styles ("Kim Jong Un"), so a name is taken as Chinese only when one of its syllables
/// cannot be Korean.
pub(crate) fn split_given(ctx: &Context, form: &Form) -> Option<String> {
    let data = &ctx.data;
    let n = form.words.len();
    if !(3..=4).contains(&n) || !form.kind.may_be_person() {
        return None;
    }
    let (zh, ko) = (data.origin("zh")?, data.origin("ko")?);
    let words: Vec<String> = form.word_strs().iter().map(|w| key::fold(w)).collect();
    let pinyin = |w: &String| !w.contains(['-', '\'']) && zh.is_syllable(w);
    if !zh.surnames.contains(&words[0])
        || !words.iter().all(pinyin)
        || words.iter().all(|w| ko.is_syllable(w))
        || words[1..]
            .iter()
            .any(|w| data.is_stop(w) || data.western_given.contains(w))
    {
        return None;
    }
    let mut given = String::new();
    for (i, w) in words[1..].iter().enumerate() {
        if i == 0 {
            let mut c = w.chars();
            given.extend(c.next().into_iter().flat_map(char::to_uppercase));
            given.push_str(c.as_str());
        } else {
            if w.starts_with(['a', 'o', 'e']) {
                given.push('\'');
            }
            given.push_str(w);
        }
    }
    Some(format!("{} {given}", form.word(0)))
}

/// A publication's order for the names of one tradition.
struct Convention {
    order: Order,
    /// Declared in lint.toml, or used at least [`SAFE_RATIO`] times as often as the other.
    certain: bool,
    /// Uses of each order: [given first, family first].
    uses: [usize; 2],
    /// The most used name written in that order, to point at.
    example: Option<usize>,
}

/// The conventions by (publication, origin), where one is declared or settled.
type Conventions = HashMap<(usize, usize), Convention>;

/// How often a publication must use one order more than the other for it to be its
/// convention. Below this, the publication writes both and neither is corrected.
const SETTLED_RATIO: usize = SAFE_RATIO;

fn family_first(form: &Form) -> Option<bool> {
    form.person.map(|p| p.family == 0)
}

/// The order convention of every (publication, origin) with persons in it.
fn conventions(ctx: &Context, corpus: &Corpus, index: &Index) -> Conventions {
    // (publication, origin) -> uses of each order, and the forms written in it.
    type Sides = ([usize; 2], [Vec<usize>; 2]);
    let mut uses: HashMap<(usize, usize), Sides> = HashMap::default();
    for (f, form) in index.forms.iter().enumerate() {
        let (Some(p), Some(ff)) = (form.person, family_first(form)) else {
            continue;
        };
        let Some(origin) = p.origin else {
            continue;
        };
        let e = uses.entry((form.publication, origin)).or_default();
        e.0[usize::from(ff)] += form.occ.len();
        e.1[usize::from(ff)].push(f);
    }
    let mut out = HashMap::default();
    for ((publication, origin), (counts, forms)) in uses {
        let code = &ctx.data.origins[origin].code;
        let declared = ctx
            .publications
            .declared_order(&index.publications[publication], code);
        let (order, certain) = match declared {
            Some(o) => (o, true),
            None => {
                let [given, family] = counts;
                if family >= SETTLED_RATIO * given {
                    (Order::FamilyFirst, family >= SAFE_RATIO * given)
                } else if given >= SETTLED_RATIO * family {
                    (Order::GivenFirst, given >= SAFE_RATIO * family)
                } else {
                    continue;
                }
            }
        };
        let side = &forms[usize::from(order.family_first())];
        let example = (!side.is_empty()).then(|| majority(corpus, index, side));
        out.insert(
            (publication, origin),
            Convention {
                order,
                certain,
                uses: counts,
                example,
            },
        );
    }
    out
}

/// `text`'s two words swapped.
fn swapped(form: &Form) -> String {
    format!("{} {}", form.word(1), form.word(0))
}

pub(super) fn find(ctx: &Context, corpus: &Corpus, index: &Index, out: &mut Vec<Diagnostic>) {
    let conventions = conventions(ctx, corpus, index);
    let declarable = declarable(ctx);
    for members in &index.groups {
        if !nothing_to_decide(ctx, index, &conventions, declarable, members) {
            decide(ctx, corpus, index, &conventions, declarable, members, out);
        }
    }
}

/// Whether a group may have a standard it does not use: only a user's glossary entry sets one.
fn declarable(ctx: &Context) -> bool {
    ctx.glossary.entities.iter().any(|e| !e.builtin)
}

/// The convention that applies to form `f`: only a person of a known tradition has one.
fn convention_of<'a>(
    index: &Index,
    conventions: &'a Conventions,
    f: usize,
) -> Option<&'a Convention> {
    let form = &index.forms[f];
    conventions.get(&(form.publication, form.person?.origin?))
}

/// Form `f` in its publication's order, when settled and not the order it is written in.
fn reorder(index: &Index, conventions: &Conventions, f: usize) -> Option<String> {
    let form = &index.forms[f];
    match (convention_of(index, conventions, f), family_first(form)) {
        (Some(c), Some(ff)) if ff != c.order.family_first() => Some(swapped(form)),
        _ => None,
    }
}

/// Whether a group has nothing for [`decide`] to report, told without deciding it: most
/// groups are one form, and one that no glossary entry can declare, not split, and written in
/// its publication's order (as `normal` in [`decide`]) is its own standard.
fn nothing_to_decide(
    ctx: &Context,
    index: &Index,
    conventions: &Conventions,
    declarable: bool,
    members: &[usize],
) -> bool {
    let &[f] = members else {
        return false;
    };
    let form = &index.forms[f];
    !declarable
        && split_given(ctx, form).is_none()
        && reorder(index, conventions, f).is_none_or(|r| r == form.text)
}

/// The standard form of one entity group, and a finding for each other form of it.
fn decide(
    ctx: &Context,
    corpus: &Corpus,
    index: &Index,
    conventions: &Conventions,
    declarable: bool,
    members: &[usize],
    out: &mut Vec<Diagnostic>,
) {
    let forms = &index.forms;
    let convention = |f: usize| convention_of(index, conventions, f);
    let reordered = |f: usize| reorder(index, conventions, f);
    // A split given name is reported on its own, and counts as the name written whole.
    let split: Vec<Option<String>> = members
        .iter()
        .map(|&f| split_given(ctx, &forms[f]))
        .collect();
    for (&f, joined) in members.iter().zip(&split) {
        if let Some(joined) = joined {
            split_finding(corpus, index, members, f, joined, out);
        }
    }
    // Each member written the way its publication writes names: in its order, when settled.
    let normal = |f: usize| -> String {
        if let Some(Some(joined)) = members.iter().position(|&m| m == f).map(|i| &split[i]) {
            return joined.clone();
        }
        reordered(f).unwrap_or_else(|| forms[f].text.to_string())
    };
    // A user-declared canonical form sets the standard, even when it is not used.
    let declared = (members.iter().filter(|_| declarable)).find_map(|&f| {
        ctx.glossary
            .by_roman(&index.roman_name(f))
            .filter(|&e| !ctx.glossary.entities[e].builtin)
    });
    let mut counts: Vec<(String, usize)> = Vec::new();
    for &f in members {
        let n = normal(f);
        match counts
            .iter_mut()
            .find(|(t, _)| t.to_lowercase() == n.to_lowercase())
        {
            Some(c) => c.1 += forms[f].occ.len(),
            None => counts.push((n, forms[f].occ.len())),
        }
    }
    if counts.len() < 2 && declared.is_none() && members.iter().all(|&f| normal(f) == forms[f].text)
    {
        return;
    }
    counts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let (standard, certain) = match declared {
        Some(e) => (ctx.glossary.entities[e].canonical.clone(), true),
        None => {
            let top = counts[0].1;
            let second = counts.get(1).map_or(0, |c| c.1);
            if top == second {
                unsettled(ctx, corpus, index, members, None, out);
                return;
            }
            (counts[0].0.clone(), top >= SAFE_RATIO * second)
        }
    };
    // Where the standard form is written, to point at.
    let standard_form = members.iter().copied().find(|&f| forms[f].text == standard);
    for (&f, joined) in members.iter().zip(&split) {
        let form = &forms[f];
        if joined.is_some()
            || form.text.to_lowercase() == standard.to_lowercase()
            || form.text.replace('’', "'") == standard.replace('’', "'")
            || ctx.glossary.is_distinct(form.text, &standard)
        {
            continue;
        }
        let how = key::difference(form.text, &standard);
        let only_order = normal(f).to_lowercase() == standard.to_lowercase() && declared.is_none();
        if only_order {
            let Some(c) = convention(f) else {
                continue;
            };
            order_finding(ctx, corpus, index, f, c, standard_form, out);
            continue;
        }
        if how == Difference::Diacritics && !hepburn_marks_only(form.text, &standard) {
            // "Mbappe" for "Mbappé": English copy may drop a foreign name's accents; never
            // rewrite one spelling of an established name into the other by majority.
            continue;
        }
        if how == Difference::NameOrder
            || standard_form.is_some_and(|s| word_moved(ctx, form, &forms[s]))
        {
            // Both orders in a publication that has not settled on one.
            unsettled(ctx, corpus, index, members, Some(f), out);
            continue;
        }
        if how == Difference::Apostrophe && form.person.is_none() {
            // "Teachers' Forum" / "Teachers Forum": style guides differ on the apostrophe
            // of a plural in a name ("Veterans Day"); say so, but correct neither. (A
            // person's "Yi'an" / "Yian" is pinyin's syllable mark, a romanisation.)
            unsettled(ctx, corpus, index, members, Some(f), out);
            continue;
        }
        if how == Difference::Spacing && form.person.is_none() {
            // A name pinyin writes as one word, cut into its syllables, is a split, not a
            // style: when the standard is clearly more used, or more used and this form has
            // a word besides the syllables ("Feng Gui Housekeeping"). Bare syllables need
            // the clear majority: they may be a person with a one-syllable given name
            // ("Hai Qing") whom a few outputs write as one word.
            if let Some(s) = standard_form
                && (certain || !all_syllables(ctx, form))
                && splits_into_syllables(ctx, form, &forms[s])
            {
                split_finding(corpus, index, members, f, &standard, out);
                continue;
            }
            // "Yufuin-cho" / "Yufuincho": place and facility names are hyphenated by house
            // style; say so, but correct only people's names.
            unsettled(ctx, corpus, index, members, Some(f), out);
            continue;
        }
        // A spelling fix keeps the writer's order when the publication has no settled one.
        let target = match (standard_form, family_first(form)) {
            (Some(s), Some(ff))
                if convention(f).is_none()
                    && family_first(&forms[s]).is_some_and(|sf| sf != ff) =>
            {
                swapped(&forms[s])
            }
            _ => standard.clone(),
        };
        let mut safe = certain;
        if let Some(c) = convention(f)
            && family_first(form).is_some_and(|ff| ff != c.order.family_first())
        {
            safe &= c.certain;
        }
        if how == Difference::Spacing
            && declared.is_none()
            && form.text.split_whitespace().count() != target.split_whitespace().count()
        {
            // "Lan Xi" / "Lanxi": a family and a given name, or one joined name (a place, a
            // given name alone); the syllables are joined or split, so the people may differ
            // and the right text is not certain: a suggestion unless the glossary declares it.
            safe = false;
        }
        if how == Difference::Apostrophe && declared.is_none() {
            // "Song Xiao'an" / "Song Xiaoan": pinyin marks the syllable break, and many
            // publications drop the mark; neither spelling is certain to be the right one.
            safe = false;
        }
        for occ in index.reported_occs(f) {
            let d = diagnostic(
                ROMANISATION,
                index.span(corpus, f, occ),
                format!("`{}` differs from `{target}` {how}", form.text),
            )
            .with_help(format!("write \"{target}\" everywhere"));
            let d = match (standard_form, declared) {
                (Some(s), _) => {
                    let near = index.nearest(corpus, s, occ);
                    d.with_label(
                        index.span(corpus, s, near),
                        format!(
                            "`{}` here ({})",
                            forms[s].text,
                            super::uses(forms[s].occ.len())
                        ),
                    )
                }
                (None, Some(e)) => glossary_pointer(ctx, d, e),
                (None, None) => d,
            };
            out.push(with_fix(d, target.clone(), safe));
        }
    }
}

fn split_finding(
    corpus: &Corpus,
    index: &Index,
    members: &[usize],
    f: usize,
    joined: &str,
    out: &mut Vec<Diagnostic>,
) {
    let form = &index.forms[f];
    let whole = members
        .iter()
        .copied()
        .find(|&m| index.forms[m].text == joined);
    let what = if form.person.is_some() {
        "a Chinese given name"
    } else {
        "a pinyin name"
    };
    for occ in index.reported_occs(f) {
        let mut d = diagnostic(
            SPLIT,
            index.span(corpus, f, occ),
            format!("`{}` splits {what} into syllables", form.text),
        )
        .with_help(format!("pinyin writes {what} as one word: \"{joined}\""));
        if let Some(w) = whole {
            let near = index.nearest(corpus, w, occ);
            d = d.with_label(
                index.span(corpus, w, near),
                format!(
                    "`{joined}` here ({})",
                    super::uses(index.forms[w].occ.len())
                ),
            );
        }
        out.push(with_fix(d, joined.to_string(), false));
    }
}

/// Whether `form` writes as separate capitalised pinyin syllables a word that `whole`, the
/// publication's clear standard, writes as one ("Feng Gui Housekeeping" for "Fenggui
/// Housekeeping"). Pinyin joins the syllables of one name; a hyphen or a space between
/// longer words ("Hulun Buir") is house style, and separate Korean syllables are a style too.
fn splits_into_syllables(ctx: &Context, form: &Form, whole: &Form) -> bool {
    let (Some(zh), Some(ko)) = (ctx.data.origin("zh"), ctx.data.origin("ko")) else {
        return false;
    };
    if whole.text.contains(['-', '\'']) {
        return false;
    }
    let parts = form.word_strs();
    let wholes = whole.word_strs();
    let mut i = 0;
    let mut split = false;
    for w in wholes {
        let target = key::fold(w);
        let mut joined = String::new();
        let start = i;
        while joined.len() < target.len() && i < parts.len() {
            joined.push_str(&key::fold(parts[i]));
            i += 1;
        }
        if joined != target {
            return false;
        }
        let pieces: Vec<String> = parts[start..i].iter().map(|p| key::fold(p)).collect();
        if pieces.len() > 1 {
            if !parts[start..i]
                .iter()
                .all(|p| p.starts_with(char::is_uppercase))
                || !pieces.iter().all(|p| zh.is_syllable(p))
                || pieces.iter().all(|p| ko.is_syllable(p))
            {
                return false;
            }
            split = true;
        }
    }
    split && i == parts.len()
}

/// Whether every word of `form` is one pinyin syllable.
fn all_syllables(ctx: &Context, form: &Form) -> bool {
    ctx.data.origin("zh").is_some_and(|zh| {
        form.word_strs()
            .iter()
            .all(|w| zh.is_syllable(&key::fold(w)))
    })
}

/// Whether two spellings differ only in the long-vowel marks of Hepburn (ō, û...), which a
/// publication writes or drops as a rule, unlike the accents of a European name.
fn hepburn_marks_only(a: &str, b: &str) -> bool {
    use unicode_normalization::UnicodeNormalization;
    a.nfd().chain(b.nfd()).all(|c| {
        c.is_ascii()
            || matches!(c, '\u{304}' | '\u{302}')
            || !unicode_normalization::char::is_combining_mark(c)
    })
}

fn order_finding(
    ctx: &Context,
    corpus: &Corpus,
    index: &Index,
    f: usize,
    c: &Convention,
    standard_form: Option<usize>,
    out: &mut Vec<Diagnostic>,
) {
    let form = &index.forms[f];
    let Some(origin) = form.person.and_then(|p| p.origin) else {
        return;
    };
    let origin_name = &ctx.data.origins[origin].name;
    let target = swapped(form);
    let written = if c.order.family_first() {
        Order::GivenFirst
    } else {
        Order::FamilyFirst
    };
    let example = standard_form.or(c.example);
    let chinese = chinese_as_written(ctx, form, origin);
    for occ in index.reported_occs(f) {
        let mut d = diagnostic(
            ORDER,
            index.span(corpus, f, occ),
            format!(
                "`{}` is written {}, unlike the other {origin_name} names in this publication",
                form.text,
                written.describe()
            ),
        );
        if let Some(s) = example {
            let near = index.nearest(corpus, s, occ);
            d = d.with_label(
                index.span(corpus, s, near),
                format!(
                    "`{}` is written {}",
                    index.forms[s].text,
                    c.order.describe()
                ),
            );
        }
        let d = d.with_note(if c.uses == [0, 0] {
            format!("lint.toml sets {origin_name} names {}", c.order.describe())
        } else {
            format!(
                "{origin_name} names here: {} uses given name first, {} family name first",
                c.uses[0], c.uses[1]
            )
        });
        if chinese {
            // Swapping would make a Chinese name wrong: no fix, say why.
            out.push(d.with_help(format!(
                "if `{}` is {origin_name}, write \"{target}\"; it also reads as a Chinese name written family name first: check the source",
                form.text
            )));
        } else {
            out.push(with_fix(
                d.with_help(format!("write \"{target}\"")),
                target.clone(),
                c.certain,
            ));
        }
    }
}

/// Whether a name judged of another origin also reads as a Chinese name in the order it is
/// written: a Chinese family name, then pinyin ("Yu Kan", the Chinese Yu Jin read in
/// Japanese). Its order cannot tell which it is, so no swap is certain.
fn chinese_as_written(ctx: &Context, form: &Form, origin: usize) -> bool {
    let Some(zh) = ctx.data.origins.iter().position(|o| o.code == "zh") else {
        return false;
    };
    let zh_origin = &ctx.data.origins[zh];
    origin != zh
        && zh_origin.surnames.contains(&key::fold(form.word(0)))
        && (1..form.words.len()).all(|w| zh_origin.is_plausible(&key::strip(form.word(w))))
}

/// Whether two forms are one place with its place word or compass word on either side of its
/// name ("Lake Chaohu" / "Chaohu Lake", "South Huancheng Road" / "Huancheng South Road").
fn word_moved(ctx: &Context, a: &Form, b: &Form) -> bool {
    match (movable_word(a, &ctx.data), movable_word(b, &ctx.data)) {
        (Some(a), Some(b)) => a.first != b.first && a.key == b.key,
        _ => false,
    }
}

/// The forms of an entity when nothing decides between them: each says the other, no fix.
/// `only` limits the finding to one member.
fn unsettled(
    ctx: &Context,
    corpus: &Corpus,
    index: &Index,
    members: &[usize],
    only: Option<usize>,
    out: &mut Vec<Diagnostic>,
) {
    let forms = &index.forms;
    for &f in members {
        if only.is_some_and(|o| o != f) {
            continue;
        }
        let others: Vec<usize> = members
            .iter()
            .copied()
            .filter(|&g| {
                forms[g].text.to_lowercase() != forms[f].text.to_lowercase()
                    && !ctx.glossary.is_distinct(forms[f].text, forms[g].text)
            })
            .collect();
        if others.is_empty() {
            continue;
        }
        let other = majority(corpus, index, &others);
        let how = match key::difference(forms[f].text, forms[other].text) {
            _ if word_moved(ctx, &forms[f], &forms[other]) => Difference::WordOrder,
            Difference::NameOrder if !forms[f].kind.may_be_person() => Difference::WordOrder,
            how => how,
        };
        for occ in index.reported_occs(f) {
            let near = index.nearest(corpus, other, occ);
            out.push(
                diagnostic(
                    UNSETTLED,
                    index.span(corpus, f, occ),
                    format!(
                        "`{}` is also written `{}` (differing {how}), and this publication has no settled form",
                        forms[f].text, forms[other].text
                    ),
                )
                .with_label(
                    index.span(corpus, other, near),
                    format!("`{}` here ({})", forms[other].text, super::uses(forms[other].occ.len())),
                )
                .with_help(
                    "choose one form: declare it in lint.toml (`[[names.entity]]`, or `[names] order` for name order)",
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::indexed;
    use super::*;

    /// A one-form group of a corpus: whether [`nothing_to_decide`] skips it, and the rules
    /// [`decide`] reports it under when run all the same.
    #[derive(Debug)]
    struct OneForm {
        text: String,
        skipped: bool,
        decided: Vec<&'static str>,
    }

    /// Every one-form group of `docs` linted with `lint_toml`, each decided in full: none
    /// that is skipped may be reported anything.
    fn one_form_groups(lint_toml: &str, docs: &[(&str, &str)]) -> Vec<OneForm> {
        let (corpus, ctx, index) = indexed(lint_toml, docs);
        let conventions = conventions(&ctx, &corpus, &index);
        let declarable = declarable(&ctx);
        (index.groups.iter())
            .filter(|members| members.len() == 1)
            .map(|members| {
                let mut out = Vec::new();
                decide(
                    &ctx,
                    &corpus,
                    &index,
                    &conventions,
                    declarable,
                    members,
                    &mut out,
                );
                OneForm {
                    text: index.forms[members[0]].text.to_string(),
                    skipped: nothing_to_decide(&ctx, &index, &conventions, declarable, members),
                    decided: out.iter().map(|d| d.rule.as_str()).collect(),
                }
            })
            .inspect(|g| assert!(!g.skipped || g.decided.is_empty(), "skipped: {g:?}"))
            .collect()
    }

    /// The one-form group written `text`.
    fn group<'a>(groups: &'a [OneForm], text: &str) -> &'a OneForm {
        (groups.iter())
            .find(|g| g.text == text)
            .unwrap_or_else(|| panic!("no one-form group `{text}` in {groups:?}"))
    }

    #[test]
    fn a_one_form_group_is_skipped_only_when_deciding_it_would_report_nothing() {
        // Japanese names given name first, but one: that one is decided (`names/order`).
        let groups = one_form_groups(
            "",
            &[
                (
                    "a.txt",
                    "Foreign Minister Toshimitsu Motegi spoke with Yoshihide Suga and Taro Kono.",
                ),
                ("b.txt", "Chief Cabinet Secretary Kato Katsunobu agreed."),
            ],
        );
        let wrong_order = group(&groups, "Kato Katsunobu");
        assert!(!wrong_order.skipped);
        assert_eq!(wrong_order.decided, [ORDER]);
        assert!(group(&groups, "Yoshihide Suga").skipped);
        // A Chinese given name split into syllables is decided (`names/split-name`); one
        // written whole, or a Korean name in syllables, is not.
        let groups = one_form_groups(
            "",
            &[(
                "a.txt",
                "Police officer Fu Kun Bao met Li Xiaoming and Kim Jong Un.",
            )],
        );
        let split = group(&groups, "Fu Kun Bao");
        assert!(!split.skipped);
        assert_eq!(split.decided, [SPLIT]);
        assert!(group(&groups, "Li Xiaoming").skipped);
        assert!(group(&groups, "Kim Jong Un").skipped);
        // A user's glossary entry may set a standard no text uses: every group is decided.
        let groups = one_form_groups(
            "[[names.entity]]\ncanonical = \"Lee Sang-yeol\"\n",
            &[("a.txt", "Lee Sangyeol met Lee Sangyeol and Yoshihide Suga.")],
        );
        let declared = group(&groups, "Lee Sangyeol");
        assert!(!declared.skipped);
        assert_eq!(declared.decided, [ROMANISATION, ROMANISATION]);
        assert!(!group(&groups, "Yoshihide Suga").skipped);
    }
}
