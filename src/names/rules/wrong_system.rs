use std::ops::Range;

use super::{diagnostic, word_matches};
use crate::corpus::Corpus;
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Span;
use crate::names::Context;
use crate::names::data::NameData;
use crate::names::entity::Mention;
use crate::names::index::{ForeignPinyin, Index};
use crate::rule_meta;
use crate::rules::data::scan::{Hits, Needles};
use crate::rules::{RuleId, RuleMeta};

mod regional;

pub(crate) use regional::{Cues, forget_judged, regional_hits};

pub(super) const ID: &str = "names/wrong-system";

/// What the names facts ask the run's one scan for, under this rule's id: the regions' cues
/// ([`Cues::regional`]).
pub(crate) fn needles(ctx: &Context) -> Needles<'_> {
    Needles {
        lists: ctx.regional_cues.regional.iter().collect(),
        ..Needles::default()
    }
}

/// Whether a document holds one of the regions' cues, if the run's scan looked for them
/// (`hits`, this rule's).
pub(crate) fn cued(cues: &Cues, hits: Option<Hits>) -> Option<bool> {
    cues.regional.as_ref()?;
    Some(!hits?.matches(0).is_empty())
}

/// The rule whose scan matches [`cued`] reads.
pub(crate) fn rule_id() -> RuleId {
    RuleId::new(ID)
}

/// Longest given name compared, in letters: two pinyin syllables at most.
const MAX_GIVEN_LEN: usize = 12;

/// A person of another country or region written in pinyin ("Ruan Wenping" for a Vietnamese
/// Nguyen, "Zhang" for a Taiwanese Chang).
pub(super) fn meta() -> RuleMeta {
    rule_meta! {
        id: ID,
        severity: Severity::Warning,
        summary: "a person of another country, or of Taiwan or Hong Kong, named in mainland pinyin (\"Ruan\" for the Vietnamese \"Nguyen\")",
        explanation: r#"
Vietnamese and Korean names are written in Chinese characters in Chinese text, and machine
translation from Chinese reads the characters as pinyin: Nguyen becomes "Ruan", Bui "Pei",
Park "Piao", Kwon "Quan". The person's own name is lost.

Reported when a name is one of those pinyin family names (`pinyin-renderings` in
`rules/names/common.toml`, with the country's own spelling) followed by a pinyin given name,
in a sentence that names the country ("Vietnam", "Hanoi", "Seoul"...) and nothing Chinese
(`china-cues`: a Chinese official meeting a delegation, a Chinese citizen of Korean descent).
Only family names rare in China are listed. The given name cannot be recovered from the
pinyin, so there is no fix: check the source or the person's own spelling.

Taiwan romanises names in Wade–Giles style (Tsai Ing-wen, Ko Wen-je), Hong Kong and Macau
in Cantonese (Lam Cheng Yuet-ngor), and none of them uses the pinyin initials zh, z, c, q, x
or r (`pinyin-only-initials`). A Chinese name in pinyin with one of them is reported when the
text ties the person to one of those regions (`regions`: places, institutions, parties,
major companies) in the title or role right before the name ("Taipei Mayor Xu Zhiqiang",
"Foxconn founder ...") or in an appositive right after it (", a Taiwanese singer,"), and
nothing in that title says the person may be from elsewhere (`regional-exclusions`: "Taiwan
Affairs Office", "Liaison Office", "Beijing", a university). The decision is made once per
name in a document: its other mentions there are reported too, with a label on the words
that tie it, unless another mention ties it to the mainland."#,
        fixable: false,
        flag: [
            "Ruan Wenping, Vietnam's deputy minister of trade, signed the deal.",
            "The Seoul court heard lawmaker Piao Zhengxi on Friday.",
            "Taipei Mayor Xu Zhiqiang opened the new metro line.",
            "Zhou Jiaxin, a Taiwanese singer, released a new album.",
            "Hong Kong's Secretary for Housing Qian Ruolan visited the estate.",
        ],
        pass: [
            "Nguyen Van Binh, Vietnam's deputy minister of trade, signed the deal.",
            "Yunnan Governor Ruan Chengfa met a delegation from Vietnam.",
            "The poet Ruan Ji lived in the third century.",
            "Piao Zhengxi, a Korean-speaking teacher from Jilin, won the prize.",
            "Taiwan's President Tsai Ing-wen met Taipei Mayor Ko Wen-je.",
            "TSMC founder Chang Chung-mou spoke at the forum.",
            "Taiwan Affairs Office spokesperson Zhu Fenglian said the talks would go on.",
            "Hong Kong Chief Executive John Lee Ka-chiu thanked former leader Carrie Lam.",
            "University of Hong Kong president Zhang Xiang spoke at the ceremony.",
        ],
    }
}

/// The names of a document's `mentions` written with another country's pinyin family name,
/// in a sentence about that country and not about China: its facts for this rule.
pub(crate) fn hits(data: &NameData, prose: &str, mentions: &[Mention]) -> Vec<ForeignPinyin> {
    let Some(pinyin) = data.origin("zh") else {
        return Vec::new();
    };
    if data.pinyin_renderings.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for m in mentions {
        let Some(written) = prose.get(m.start..m.end) else {
            continue;
        };
        if !m.kind.may_be_person() {
            continue;
        }
        let Some(([family, ..], _)) = two_or_three(written) else {
            continue;
        };
        // Another country's family name in pinyin first: few names have one, so the words
        // are split out, and the given name into syllables, only for those.
        let Some(rendering) = data
            .pinyin_renderings
            .iter()
            .position(|r| r.surnames.iter().any(|(py, _)| py == family))
        else {
            continue;
        };
        let words: Vec<&str> = written.split(' ').collect();
        // A pinyin given name: capitalised words of pinyin syllables ("Wenping", "Wen Ping").
        let given = words[1..].concat().to_ascii_lowercase();
        let pinyin_given = words[1..].iter().all(|w| {
            w.starts_with(|c: char| c.is_ascii_uppercase())
                && w.chars().all(|c| c.is_ascii_alphabetic())
                && pinyin.is_plausible(&w.to_ascii_lowercase())
        });
        if !pinyin_given || given.len() > MAX_GIVEN_LEN || given.contains('v') {
            continue;
        }
        let sentence = &prose[sentence_bounds(prose, m.start, m.end)];
        if has_word(sentence, &data.pinyin_renderings[rendering].cues)
            && !has_word(sentence, &data.china_cues)
        {
            out.push(ForeignPinyin {
                range: m.start..m.end,
                written: written.to_string(),
                rendering,
            });
        }
    }
    out
}

/// The words of `written` between single spaces when there are two or three of them (one or
/// two spaces), and how many: its bytes are read for the spaces, as the names judged are
/// short and many, and most are one word.
fn two_or_three(written: &str) -> Option<([&str; 3], usize)> {
    let mut cuts = [0; 2];
    let mut n = 0;
    for (i, _) in written.bytes().enumerate().filter(|(_, b)| *b == b' ') {
        *cuts.get_mut(n)? = i;
        n += 1;
    }
    let [a, b] = cuts;
    match n {
        1 => Some(([&written[..a], &written[a + 1..], ""], 2)),
        2 => Some(([&written[..a], &written[a + 1..b], &written[b + 1..]], 3)),
        _ => None,
    }
}

/// The sentence holding `start..end`: from after the last full stop, question or exclamation
/// mark followed by a space, or line break, before it to the next one after it. The full stop
/// of an initial ("U.S.", "J. Smith") ends no sentence.
fn sentence_bounds(prose: &str, start: usize, end: usize) -> Range<usize> {
    let initial = |i: usize| {
        let mut before = prose[..i].chars().rev();
        before.next().is_some_and(|c| c.is_uppercase())
            && !before.next().is_some_and(char::is_alphabetic)
    };
    // Every mark is ASCII, and no byte of a longer character is: the bytes are read, not
    // decoded, and an index found is a character boundary.
    let bytes = prose.as_bytes();
    // Whether the mark at `i` ends a sentence.
    let ends_sentence = |i: usize| {
        prose[i + 1..]
            .chars()
            .next()
            .is_none_or(char::is_whitespace)
            && !(bytes[i] == b'.' && initial(i))
    };
    // The nearest line breaks end the search; the marks between are found with memchr, as
    // lines run long and the closure a byte cost more than the rest of the name's checks.
    let line_start = memchr::memrchr(b'\n', &bytes[..start]).map_or(0, |i| i + 1);
    let line_end = memchr::memchr(b'\n', &bytes[end..]).map_or(prose.len(), |i| end + i);
    let from = memchr::memrchr3_iter(b'.', b'!', b'?', &bytes[line_start..start])
        .map(|i| line_start + i)
        .find(|&i| ends_sentence(i))
        .map_or(line_start, |i| i + 1);
    let to = memchr::memchr3_iter(b'.', b'!', b'?', &bytes[end..line_end])
        .map(|i| end + i)
        .find(|&i| ends_sentence(i))
        .unwrap_or(line_end);
    from..to
}

/// Whether `text` holds one of `words` as a whole word (or words), case as written.
fn has_word(text: &str, words: &[String]) -> bool {
    words.iter().any(|w| word_matches(text, w).next().is_some())
}

pub(super) fn find(ctx: &Context, corpus: &Corpus, index: &Index, out: &mut Vec<Diagnostic>) {
    for (d, hit) in index.reported_hits(&index.foreign_pinyin) {
        let Some(rendering) = ctx.data.pinyin_renderings.get(hit.rendering) else {
            continue;
        };
        let family = hit.written.split(' ').next().unwrap_or_default();
        let own = rendering
            .surnames
            .iter()
            .find(|(py, _)| py == family)
            .map_or("", |(_, own)| own.as_str());
        let country = &rendering.country;
        out.push(
            diagnostic(
                ID,
                Span::new(corpus.docs[*d].id, hit.range.clone()),
                format!(
                    "`{}` is written in pinyin in a sentence about a {country} person: `{family}` is how Chinese writes the {country} family name {own}",
                    hit.written
                ),
            )
            .with_help(format!(
                "write the name in the person's own {country} spelling (check the source: the given name cannot be recovered from pinyin)"
            )),
        );
    }
    for (d, hit) in index.reported_hits(&index.regional_pinyin) {
        let Some(region) = ctx.data.regions.get(hit.region) else {
            continue;
        };
        let id = corpus.docs[*d].id;
        let name = &region.region;
        out.push(
            diagnostic(
                ID,
                Span::new(id, hit.range.clone()),
                format!(
                    "`{}` is mainland pinyin for a person the text ties to {name}, where names are never romanised with the initial `{}`",
                    hit.written, hit.initial
                ),
            )
            .with_label(
                Span::new(id, hit.tie.clone()),
                format!("`{}` ties the person to {name}", hit.cue),
            )
            .with_help(format!(
                "write the name as the person does: {} (check the source: pinyin cannot give it back)",
                region.own
            )),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{flagged, run};

    #[test]
    fn the_first_of_two_or_three_words_is_read_as_before() {
        for w in [
            "",
            " ",
            "Ruan",
            "Ruan Wenping",
            "Ruan Wen Ping",
            "A B C D",
            "Ruan  Wen",
            " Ruan",
            "Ruan ",
            "Nguyễn Văn",
            "Ruan Wen ",
            "  ",
        ] {
            let spaces = w.bytes().filter(|&b| b == b' ').count();
            let before = (1..=2)
                .contains(&spaces)
                .then(|| w.split(' ').next().unwrap_or_default());
            let first = super::two_or_three(w).map(|([family, ..], _)| family);
            assert_eq!(first, before, "{w:?}");
        }
    }

    #[test]
    fn a_vietnamese_family_name_in_pinyin_is_reported_without_a_fix() {
        let found = run(
            "names/wrong-system",
            "",
            &[(
                "a.txt",
                "The talks went well. Colonel Pei Guoqing of the Vietnam People's Army \
                 thanked the hosts.",
            )],
        );
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].1, "Pei Guoqing");
        assert!(found[0].2.message.contains("Bui"), "{}", found[0].2.message);
        assert!(found[0].2.fix.is_none());
    }

    #[test]
    fn the_country_must_be_in_the_same_sentence_and_china_absent() {
        // The cue is in another sentence.
        let apart = "Hanoi hosted the fair. Ruan Wenping opened it.";
        assert!(flagged("names/wrong-system", "", &[("a.txt", apart)]).is_empty());
        // A Chinese cue in the sentence: possibly a Chinese person.
        let chinese = "Ruan Wenping, the Chinese consul in Hanoi, opened the fair.";
        assert!(flagged("names/wrong-system", "", &[("a.txt", chinese)]).is_empty());
        // A given name that is not pinyin: the name was not read through Chinese.
        let own = "Ruan Thanh, a trader in Hanoi, opened the fair.";
        assert!(flagged("names/wrong-system", "", &[("a.txt", own)]).is_empty());
        // A split pinyin given name is still pinyin.
        let split = "Ruan Wen Ping, a trader in Hanoi, opened the fair.";
        assert_eq!(
            flagged("names/wrong-system", "", &[("a.txt", split)]),
            ["Ruan Wen Ping"]
        );
    }

    #[test]
    fn sentences_end_at_full_stops_not_inside_abbreviations() {
        assert_eq!(
            super::sentence_bounds("One. Two U.S. aid to Hanoi. Three", 5, 8),
            4..26
        );
        // Read by bytes among longer characters.
        let text = "Café. Zhāng Wěi met Lǐ? Yes";
        assert_eq!(super::sentence_bounds(text, 7, 13), 6..26);
        assert_eq!(&text[6..26], " Zhāng Wěi met Lǐ");
        // Line breaks end sentences, and marks elsewhere on the line are no end.
        let lines = "Up.\nLi Wei, 3.5 m tall, U.S. aid!x\nDown";
        assert_eq!(super::sentence_bounds(lines, 4, 10), 4..34);
        assert_eq!(super::sentence_bounds("a. b\nLi", 5, 7), 5..7);
        assert_eq!(super::sentence_bounds("Li Wei", 0, 6), 0..6);
        // At every place, as a loop over every byte finds them.
        let naive = |text: &str, start: usize, end: usize| {
            let b = text.as_bytes();
            let initial = |i: usize| {
                let mut before = text[..i].chars().rev();
                before.next().is_some_and(char::is_uppercase)
                    && !before.next().is_some_and(char::is_alphabetic)
            };
            let ends = |i: usize| {
                b[i] == b'\n'
                    || (b"!?.".contains(&b[i])
                        && text[i + 1..].chars().next().is_none_or(char::is_whitespace)
                        && !(b[i] == b'.' && initial(i)))
            };
            let from = (0..start).rev().find(|&i| ends(i)).map_or(0, |i| i + 1);
            let to = (end..b.len()).find(|&i| ends(i)).unwrap_or(b.len());
            from..to
        };
        for text in [lines, text, "Mr. J. Smith met Li? No! Yes.\n\nEnd. x.y ?!"] {
            for (start, _) in text.char_indices() {
                for (end, _) in text[start..].char_indices() {
                    let end = start + end;
                    assert_eq!(
                        super::sentence_bounds(text, start, end),
                        naive(text, start, end)
                    );
                }
            }
        }
        assert!(super::has_word(" in Hanoi", &["Hanoi".to_string()]));
        assert!(!super::has_word(" Vietnamese", &["Vietnam".to_string()]));
    }
}
