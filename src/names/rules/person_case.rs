use std::ops::Range;

use rustc_hash::FxHashMap as HashMap;

use super::{SAFE_RATIO, diagnostic, with_fix, word_matches};
use crate::corpus::Corpus;
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Span;
use crate::names::data::{NameData, Origin};
use crate::names::entity::Mention;
use crate::names::index::{Index, LowerGiven};
use crate::names::{Context, key};
use crate::rule_meta;
use crate::rules::RuleMeta;

const ID: &str = "names/person-case";

/// A Chinese given name has one or two syllables: a longer pinyin-shaped word ("opera",
/// o-pe-ra) is more likely English.
const MAX_GIVEN_SYLLABLES: usize = 2;

/// A person's given name in lower case where the publication writes it capitalised.
pub(super) fn meta() -> RuleMeta {
    rule_meta! {
        id: ID,
        severity: Severity::Warning,
        summary: "a person's given name in lower case where the publication capitalises it (\"Ding ming\" / \"Ding Ming\")",
        explanation: r#"
Machine translation sometimes leaves a pinyin given name in lower case, as if it were a
word: "Ding ming, deputy director, said". Reported when a Chinese family name is followed by
a lower-case word of one or two pinyin syllables, and the same publication writes the two words,
capitalised, as a Chinese person's name. Without that capitalised use nothing says the word
is a name, and nothing is reported; nor when the document writes the word in lower case on
its own too (vocabulary), nor for a listed loanword (`loanwords` in `rules/names/common.toml`:
"feng shui"). Korean and Japanese syllables spell too many English words to be checked. The
fix capitalises it: applied by `--fix` when the publication writes the capitalised name at
least three times as often, else a suggestion."#,
        fixable: true,
        flag: [
            "Ding ming, the deputy mayor, opened the plant. Ding Ming said it would hire locals.",
            "Reporter Liu Xiaocun filed the story; Liu xiaocun took the photos.",
        ],
        pass: [
            "Ding Ming, the deputy mayor, opened the plant. Ding Ming said it would hire locals.",
            "Ding ming, the deputy mayor, opened the plant.",
            "Abe was late. Shinzo Abe spoke.",
            "Feng shui matters, says Feng Shui master Li.",
            "Sun Hao sang; the sun hao is a fruit. Sun hao again.",
        ],
    }
}

/// A Chinese family name followed by a lower-case word of pinyin syllables ("Ding ming"), in a
/// document's prose: its facts for this rule. Whether it is a name is decided later, against
/// the publication's own capitalised uses. Pinyin only: Korean and Japanese syllables spell
/// too many English words ("Chu soul", "Sun halo"). A word the document also writes in lower
/// case on its own is vocabulary, and a listed loanword ("feng shui") is one.
pub(crate) fn hits(data: &NameData, prose: &str, mentions: &[Mention]) -> Vec<LowerGiven> {
    let Some(pinyin) = data.origin("zh") else {
        return Vec::new();
    };
    let mut out: Vec<LowerGiven> = mentions
        .iter()
        .filter_map(|m| candidate(data, pinyin, prose, m))
        .map(|range| LowerGiven {
            written: prose[range.clone()].to_string(),
            range,
        })
        .collect();
    if out.is_empty() {
        return out;
    }
    // A candidate's word must be written in lower case only in candidates, in the document.
    let words: Vec<&str> = (out.iter())
        .map(|hit| hit.written.split_once(' ').map_or("", |(_, w)| w))
        .collect();
    let mut uses: HashMap<&str, usize> = HashMap::default();
    let alone: Vec<bool> = words
        .iter()
        .map(|w| {
            let used = *uses
                .entry(w)
                .or_insert_with(|| word_matches(prose, w).count());
            used > words.iter().filter(|x| *x == w).count()
        })
        .collect();
    let mut alone = alone.into_iter();
    out.retain(|_| !alone.next().unwrap_or(true));
    out
}

/// Where mention `m` and the lower-case word after it are, when `m` is a listed Chinese
/// family name and the word may be a given name in pinyin ([`hits`]).
fn candidate(data: &NameData, pinyin: &Origin, prose: &str, m: &Mention) -> Option<Range<usize>> {
    // The tests that read a byte or two first: most mentions fail them.
    let bytes = prose.as_bytes();
    if bytes.get(m.end) != Some(&b' ') || !bytes.get(m.end + 1).is_some_and(u8::is_ascii_lowercase)
    {
        return None;
    }
    let family = prose.get(m.start..m.end)?;
    let rest = &prose[m.end + 1..];
    if family.contains(' ') {
        return None;
    }
    // A non-ASCII character starts with a byte that is no ASCII letter.
    let len = rest
        .bytes()
        .position(|b| !b.is_ascii_alphabetic())
        .unwrap_or(rest.len());
    let word = &rest[..len];
    let end = m.end + 1 + len;
    if rest[len..].starts_with(|c: char| c.is_alphanumeric() || c == '-')
        || data.is_stop(word)
        || !key::with_folded(family, |f| pinyin.surnames.contains(f))
        || pinyin
            .min_syllables(word)
            .is_none_or(|k| k > MAX_GIVEN_SYLLABLES)
        || data.loanwords.contains(&key::fold(&prose[m.start..end]))
    {
        return None;
    }
    Some(m.start..end)
}

/// "Ding ming" -> "Ding Ming".
fn capitalised(written: &str) -> String {
    let (family, given) = written.split_once(' ').unwrap_or((written, ""));
    let mut chars = given.chars();
    let first = chars.next().map(|c| c.to_ascii_uppercase());
    format!(
        "{family} {}{}",
        first.map(String::from).unwrap_or_default(),
        chars.as_str()
    )
}

pub(super) fn find(ctx: &Context, corpus: &Corpus, index: &Index, out: &mut Vec<Diagnostic>) {
    // How often each publication writes each lower-case form, for the fix's safety.
    let mut lower_uses: HashMap<(usize, &str), usize> = HashMap::default();
    let publication = |d: usize| index.publication_of(ctx, corpus.docs[d].name());
    for (d, hit) in &index.lower_given {
        *lower_uses
            .entry((publication(*d), hit.written.as_str()))
            .or_default() += 1;
    }
    let zh = ctx.data.origins.iter().position(|o| o.code == "zh");
    for (d, hit) in index.reported_hits(&index.lower_given) {
        let p = publication(*d);
        let right = capitalised(&hit.written);
        let Some(u) = index
            .form_in(p, &right)
            .filter(|&u| index.forms[u].person.is_some_and(|x| x.origin == zh))
        else {
            continue;
        };
        let standard = &index.forms[u];
        // Its first use in this document (the closest to its start), found from the blocks.
        let here = standard.occ.closest_in_doc(*d, 0);
        let near = here.unwrap_or_else(|| standard.occ.first());
        let safe = standard.occ.len() >= SAFE_RATIO * lower_uses[&(p, hit.written.as_str())];
        let diag = diagnostic(
            ID,
            Span::new(corpus.docs[*d].id, hit.range.clone()),
            format!(
                "`{}` is the name `{right}` with its given name in lower case",
                hit.written
            ),
        )
        .with_label(
            index.span(corpus, u, near),
            format!("`{right}` here ({})", super::uses(standard.occ.len())),
        )
        .with_help(format!("write \"{right}\""));
        out.push(with_fix(diag, right, safe));
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{flagged, run};
    use super::*;
    use crate::diagnostic::Applicability;
    use crate::names::entity::Kind;

    #[test]
    fn whole_word_uses_are_the_words_a_cut_at_every_other_character_gives() {
        let texts = [
            "ding ming, dingming ding-ding ding2 2ding ding_ding ding",
            "éding dingé ding·ding «ding» 丁ding ding丁 DING Ding ding",
            "dingding ding dingdingding ding",
            "ding",
            "",
            "aa aaa aaaa aa",
        ];
        for text in texts {
            for word in ["ding", "aa", "a", "dingding", "ming"] {
                let by_definition = (text.split(|c: char| !c.is_alphanumeric()))
                    .filter(|t| *t == word)
                    .count();
                assert_eq!(
                    word_matches(text, word).count(),
                    by_definition,
                    "{text:?} {word}"
                );
            }
        }
        assert_eq!(word_matches("aa aaa aaaa aa", "aa").count(), 2);
    }

    /// [`candidate`] as it was: the word read char by char, the tests in their first order.
    fn candidate_slow(
        data: &NameData,
        pinyin: &Origin,
        prose: &str,
        m: &Mention,
    ) -> Option<Range<usize>> {
        let family = prose.get(m.start..m.end)?;
        let rest = prose[m.end..].strip_prefix(' ')?;
        let len = rest
            .find(|c: char| !c.is_ascii_alphabetic())
            .unwrap_or(rest.len());
        let word = &rest[..len];
        let end = m.end + 1 + len;
        if family.contains(' ')
            || !word.starts_with(|c: char| c.is_ascii_lowercase())
            || rest[len..].starts_with(|c: char| c.is_alphanumeric() || c == '-')
            || data.is_stop(word)
            || !pinyin.surnames.contains(&key::fold(family))
            || pinyin
                .min_syllables(word)
                .is_none_or(|k| k > MAX_GIVEN_SYLLABLES)
            || data.loanwords.contains(&key::fold(&prose[m.start..end]))
        {
            return None;
        }
        Some(m.start..end)
    }

    #[test]
    fn candidates_are_found_as_before() {
        let data = NameData::builtin();
        let pinyin = data.origin("zh").unwrap();
        let prose = "Ding ming said. Wang jianguo, Li na-na and Zhang wéi left; Ma long x Sun \
                     hao2 Liu dehua Chen shui-bian Feng shui Lǐ ming Hu Jintao Xi jinping’s Wáng \
                     li Zhou enlai\nGao the Ｌｉ ming Wang ";
        let starts: Vec<usize> = std::iter::once(0)
            .chain(prose.match_indices([' ', '\n']).map(|(i, _)| i + 1))
            .collect();
        let mut found = 0;
        // Every one and two words of the text as a mention, and spans ending elsewhere.
        for (k, &start) in starts.iter().enumerate() {
            for &end in starts[k + 1..].iter().take(2) {
                for end in [end - 1, end, end.saturating_sub(3)] {
                    if end <= start {
                        continue;
                    }
                    let m = Mention {
                        start,
                        end,
                        kind: Kind::Name,
                        initial: false,
                    };
                    let slow = candidate_slow(&data, pinyin, prose, &m);
                    found += usize::from(slow.is_some());
                    assert_eq!(candidate(&data, pinyin, prose, &m), slow, "{m:?}");
                }
            }
        }
        assert!(found >= 4, "{found}");
    }

    #[test]
    fn a_lower_case_given_name_is_capitalised_safely_only_when_clearly_outnumbered() {
        let once = [(
            "a.txt",
            "Wang Jianguo spoke. Later wang said that Wang jianguo left.",
        )];
        let found = run("names/person-case", "", &once);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].1, "Wang jianguo");
        let fix = found[0].2.fix.as_ref().unwrap();
        assert_eq!(fix.replacement, "Wang Jianguo");
        assert_eq!(fix.applicability, Applicability::Unsafe);
        let thrice = [(
            "a.txt",
            "Wang Jianguo spoke. Wang Jianguo sat. Wang Jianguo ate. Then Wang jianguo left.",
        )];
        let found = run("names/person-case", "", &thrice);
        assert_eq!(
            found[0].2.fix.as_ref().unwrap().applicability,
            Applicability::Safe
        );
    }

    #[test]
    fn words_loanwords_and_names_of_other_publications_pass() {
        // "Long" is a surname and "long" a word: no capitalised "Ma Long" in the text.
        let word = [("a.txt", "Jack Ma spoke. Ma long argued that trade helps.")];
        assert!(flagged("names/person-case", "", &word).is_empty());
        // A loanword, and a Korean-looking word after a Korean family name.
        let loan = [("a.txt", "Feng Shui spoke. Feng shui sells homes.")];
        assert!(flagged("names/person-case", "", &loan).is_empty());
        let korean = [("a.txt", "Chu Soul sang. Chu soul is a mood.")];
        assert!(flagged("names/person-case", "", &korean).is_empty());
        // Three syllables' worth of letters: an English word, not a given name.
        let long = [("a.txt", "Qin Opera toured. Qin opera is loud.")];
        assert!(flagged("names/person-case", "", &long).is_empty());
        // The capitalised name is in another publication.
        let config = "[names]\npublication = \"folder\"\n";
        let apart = [
            ("x/a.txt", "Wang Jianguo spoke."),
            ("y/b.txt", "Then Wang jianguo left."),
        ];
        assert!(flagged("names/person-case", config, &apart).is_empty());
    }
}
