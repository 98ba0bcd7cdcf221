//! A person the text ties to Taiwan, Hong Kong or Macau, named in mainland Hanyu Pinyin
//! ("TSMC founder Zhang Zhongmou" for Morris Chang, Chang Chung-mou): the regional half of
//! `names/wrong-system`.
//!
//! Taiwan writes Chinese names in Wade–Giles style, Hong Kong and Macau in Cantonese
//! romanisation; machine translation from Chinese reads every name as mainland pinyin. The
//! person is tied to a region only by the words of the text around the name itself: the title
//! or role right before it ("Taipei Mayor", "Hong Kong's Secretary for Justice") or an
//! appositive right after it (", founder of Foxconn,"). One decision per name in a document:
//! a tied name is reported at each of its mentions there, and a name also tied to the mainland
//! (a mainland office, "Beijing") is never reported.

use std::cmp::Reverse;
use std::ops::Range;

use aho_corasick::AhoCorasick;
use rustc_hash::FxHashMap as HashMap;

use super::{MAX_GIVEN_LEN, sentence_bounds, two_or_three};
use crate::names::data::{NameData, Origin};
use crate::names::entity::Mention;
use crate::names::extract::strip_possessive;
use crate::names::index::RegionalPinyin;
use crate::names::key;
use crate::rules::data::scan::Literals;

/// Most words a title before a name or an appositive after it is read over.
const MAX_TITLE_WORDS: usize = 20;

/// Lower-case words that join the words of a title ("Secretary for Justice", "Taiwan's
/// leader", "Director of the Bureau of Financial Affairs and the Treasury").
const JOINERS: &[&str] = &["of", "for", "the", "and", "&", "to"];

/// Lower-case words an appositive may have besides ("Lin, a Taiwanese singer,"). Not "in" or
/// "at": a businessman in Hong Kong may be from anywhere.
const ARTICLES: &[&str] = &["a", "an", "the"];

/// What the words around a name say of where its person is from.
#[derive(Debug, Clone, PartialEq)]
enum Tie {
    /// Nothing.
    None,
    /// The region (an index into [`NameData::regions`]) and the cue that names it.
    Region(usize, Range<usize>),
    /// The person may be from elsewhere: a mainland office or city, a university, two
    /// regions.
    Against,
}

impl Tie {
    /// The decision of two pieces of evidence on one person.
    fn and(self, other: Tie) -> Tie {
        match (self, other) {
            (Tie::None, t) | (t, Tie::None) => t,
            (Tie::Region(a, r), Tie::Region(b, _)) if a == b => Tie::Region(a, r),
            _ => Tie::Against,
        }
    }
}

/// Every region's cues and every exclusion ([`NameData::regions`],
/// [`NameData::regional_exclusions`]) in one automaton: a title or appositive is read once,
/// not once a phrase.
#[derive(Debug)]
pub(crate) struct Cues {
    /// `None` when there is no non-empty phrase.
    phrases: Option<AhoCorasick>,
    /// What each phrase of `phrases` says: its region, or `None` for an exclusion.
    what: Vec<Option<usize>>,
    /// The regions' cues, for the run's one scan: a document without one ties no name to a
    /// region, and four in five of the benchmark's name none ([`regional_hits`]). `None` when
    /// there is none.
    pub(super) regional: Option<Literals>,
    /// Tells the data of one context from another's in a thread's [`JUDGED`].
    id: u64,
}

/// Of the ways of writing a mention a thread has judged ([`pinyin_name`]), what each says,
/// the initial as its index in [`NameData::pinyin_only_initials`]: a corpus writes the same
/// names in document after document. For the data of the [`Cues`] whose `id` it holds.
#[derive(Default)]
struct Judged {
    cues: u64,
    names: HashMap<Box<str>, Option<(usize, usize)>>,
}

thread_local! {
    static JUDGED: std::cell::RefCell<Judged> = std::cell::RefCell::default();
}

/// How many ways of writing a thread's [`Judged`] holds before it starts afresh.
const JUDGED_MAX: usize = 1 << 14;

/// Frees this thread's [`Judged`] ([`crate::names::forget_thread_caches`]).
pub(crate) fn forget_judged() {
    JUDGED.take();
}

impl Cues {
    pub(crate) fn new(data: &NameData) -> Cues {
        // In the order the phrases are weighed: regions and their cues, then exclusions.
        let listed = data
            .regions
            .iter()
            .enumerate()
            .flat_map(|(r, region)| region.cues.iter().map(move |c| (c, Some(r))))
            .chain(data.regional_exclusions.iter().map(|e| (e, None)));
        // An empty phrase (a user's data file may hold one) is nowhere, not everywhere.
        let (phrases, what): (Vec<&String>, Vec<Option<usize>>) =
            listed.filter(|(p, _)| !p.is_empty()).unzip();
        let regional = (phrases.iter().zip(&what))
            .filter(|(_, what)| what.is_some())
            .map(|(p, _)| p.to_string())
            .collect();
        static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        Cues {
            phrases: AhoCorasick::new(phrases).ok(),
            what,
            // Only an empty phrase is refused, and those were left out.
            regional: Literals::new(regional, false)
                .ok()
                .filter(|l| !l.forms().is_empty()),
            id: NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
        }
    }
}

/// The mentions of `mentions` written in mainland pinyin for a person the text ties to a
/// region with a romanisation of its own: a document's facts for `names/wrong-system`.
/// `cued`: whether `prose` holds one of the regions' cues ([`Cues::regional`]), when the
/// run's scan said; without one, no name is tied.
pub(crate) fn regional_hits(
    data: &NameData,
    cues: &Cues,
    prose: &str,
    mentions: &[Mention],
    cued: Option<bool>,
) -> Vec<RegionalPinyin> {
    if cued == Some(false) {
        return Vec::new();
    }
    let Some(pinyin) = data.origin("zh") else {
        return Vec::new();
    };
    if data.regions.is_empty() || data.pinyin_only_initials.is_empty() {
        return Vec::new();
    }
    // (mention, the name in it, its pinyin-only initial): most documents have none. A name
    // is written again and again: each way a mention is written is judged once a thread.
    let mut judged = JUDGED.take();
    if judged.cues != cues.id || judged.names.len() > JUDGED_MAX {
        judged = Judged {
            cues: cues.id,
            names: HashMap::default(),
        };
    }
    let candidates: Vec<(usize, Range<usize>, &str)> = mentions
        .iter()
        .enumerate()
        // Most mentions are told apart by their bytes, before anything is split or looked up.
        .filter(|(_, m)| {
            m.kind.may_be_person()
                && prose
                    .get(m.start..m.end)
                    .is_some_and(|w| may_be_pinyin(w.as_bytes()))
        })
        .filter_map(|(i, m)| {
            let written = &prose[m.start..m.end];
            let (before, initial) = match judged.names.get(written) {
                Some(said) => *said,
                None => {
                    let said = pinyin_name(data, pinyin, prose, m).map(|(before, initial)| {
                        let at = data.pinyin_only_initials.iter().position(|p| p == initial);
                        (before, at.unwrap_or_default())
                    });
                    judged.names.insert(written.into(), said);
                    said
                }
            }?;
            Some((
                i,
                m.start + before..m.end,
                data.pinyin_only_initials[initial].as_str(),
            ))
        })
        .collect();
    JUDGED.set(judged);
    if candidates.is_empty() {
        return Vec::new();
    }
    // One decision per name: every mention of it in the document has its say.
    let mut decided: HashMap<&str, Tie> = HashMap::default();
    for (i, name, _) in &candidates {
        let tie = tie_of(data, cues, prose, mentions, *i, name.clone());
        let entry = decided.entry(&prose[name.clone()]).or_insert(Tie::None);
        *entry = std::mem::replace(entry, Tie::None).and(tie);
    }
    candidates
        .into_iter()
        .filter_map(|(_, name, initial)| {
            let written = &prose[name.clone()];
            let Some(Tie::Region(region, tie)) = decided.get(written) else {
                return None;
            };
            Some(RegionalPinyin {
                range: name,
                written: written.to_string(),
                region: *region,
                initial: initial.to_string(),
                cue: prose[tie.clone()].to_string(),
                tie: tie.clone(),
            })
        })
        .collect()
}

/// The name in mention `m` ([`name_in`]), as the number of bytes of `m` before it, and its
/// pinyin-only initial ([`pinyin_initial`]): what `m` says, read off its text alone.
fn pinyin_name<'d>(
    data: &'d NameData,
    pinyin: &Origin,
    prose: &str,
    m: &Mention,
) -> Option<(usize, &'d str)> {
    let name = name_in(pinyin, prose, m)?;
    let initial = pinyin_initial(data, pinyin, &prose[name.clone()])?;
    Some((name.start - m.start, initial))
}

/// Whether a mention written `written` may hold a name [`pinyin_name`] finds: two or three
/// words, the last two (the name is all of them or those: [`name_in`]) of the shape
/// [`pinyin_initial`] wants, an ASCII capital then ASCII letters, hyphens and apostrophes,
/// no longer than a given name. Its bytes are read, none decoded: a byte outside ASCII may
/// be part of a curly apostrophe.
fn may_be_pinyin(written: &[u8]) -> bool {
    let shaped = |w: &[u8]| {
        w.first().is_some_and(u8::is_ascii_uppercase)
            && w.len() <= MAX_GIVEN_LEN + 2
            && w.iter()
                .all(|&b| b.is_ascii_alphabetic() || matches!(b, b'-' | b'\'') || b >= 0x80)
    };
    let mut words = written.split(|&b| b == b' ');
    match (words.next(), words.next(), words.next(), words.next()) {
        (Some(_), Some(a), Some(b), None) | (Some(a), Some(b), None, None) => {
            shaped(a) && shaped(b)
        }
        _ => false,
    }
}

/// The name in mention `m`: all of it, or its last two words when the first is a capitalised
/// word of a title the run took in ("Treasury" of "Secretary for Financial Services and the
/// Treasury Xu Zhengyu").
fn name_in(pinyin: &Origin, prose: &str, m: &Mention) -> Option<Range<usize>> {
    let written = prose.get(m.start..m.end)?;
    let surname = |w: &str| key::with_folded(w, |w| pinyin.surnames.contains(w));
    if let Some((words, 3)) = two_or_three(written)
        && !surname(words[0])
        && surname(words[1])
    {
        Some(m.start + words[0].len() + 1..m.end)
    } else {
        Some(m.start..m.end)
    }
}

/// The first pinyin-only initial ("zh", "x") of `written` when it is a Chinese name in pinyin:
/// two or three capitalised words, a listed family name first or last, every word (or part
/// of a hyphenated word) pinyin syllables.
fn pinyin_initial<'d>(data: &'d NameData, pinyin: &Origin, written: &str) -> Option<&'d str> {
    let (words, n) = two_or_three(written)?;
    let words = &words[..n];
    // The shape of every word first: most candidates fail it, and it looks nothing up.
    let shaped = |w: &str| {
        w.starts_with(|c: char| c.is_ascii_uppercase())
            && w.len() <= MAX_GIVEN_LEN + 2
            && w.split(['-', '\'', '’'])
                .all(|part| part.bytes().all(|b| b.is_ascii_alphabetic()))
    };
    if !words.iter().all(|w| shaped(w)) {
        return None;
    }
    let surname = |w: &str| key::with_folded(w, |w| pinyin.surnames.contains(w));
    if !surname(words[0]) && !surname(words[n - 1]) {
        return None;
    }
    let mut found = None;
    // A part is at most as long as its word: lowered in place.
    let mut buf = [0u8; MAX_GIVEN_LEN + 2];
    for w in words {
        for part in w.split(['-', '\'', '’']) {
            let lower = &mut buf[..part.len()];
            lower.copy_from_slice(part.as_bytes());
            lower.make_ascii_lowercase();
            let lower = std::str::from_utf8(lower).ok()?;
            for syllable in pinyin.split(lower)? {
                let initial = pinyin.initial(syllable);
                found = found.or_else(|| {
                    data.pinyin_only_initials
                        .iter()
                        .find(|p| *p == initial)
                        .map(String::as_str)
                });
            }
        }
    }
    found
}

/// What the title before `name` (in mention `i`) and the appositive after it say of its
/// person.
fn tie_of(
    data: &NameData,
    cues: &Cues,
    prose: &str,
    mentions: &[Mention],
    i: usize,
    name: Range<usize>,
) -> Tie {
    let sentence = sentence_bounds(prose, name.start, name.end);
    let named_apart = prose[name.end..].starts_with(',');
    let before = title_before(
        data,
        prose,
        mentions,
        i,
        sentence.start..name.start,
        named_apart,
    );
    let after = appositive_after(data, prose, mentions, i, name.end..sentence.end);
    let tie = |r: Option<Range<usize>>| r.map_or(Tie::None, |r| tie_in(cues, prose, r));
    tie(before).and(tie(after))
}

/// Whitespace-separated words of `prose[range]`, as byte ranges of `prose`: read lazily, from
/// either end, as a title is read back from the name over a sentence that may run long.
fn words(prose: &str, range: Range<usize>) -> impl DoubleEndedIterator<Item = Range<usize>> + '_ {
    let base = prose.as_ptr() as usize;
    prose[range]
        .split(char::is_whitespace)
        .filter(|w| !w.is_empty())
        .map(move |w| {
            let start = w.as_ptr() as usize - base;
            start..start + w.len()
        })
}

/// How a word of a title or appositive reads.
struct WordClass {
    role: bool,
    joiner: bool,
    capital: bool,
}

fn classify(data: &NameData, word: &str) -> WordClass {
    let (stem, _) = strip_possessive(word);
    key::with_folded(stem, |lower| WordClass {
        role: data.titles.contains(lower) || data.regional_roles.contains(lower),
        joiner: JOINERS.contains(&lower),
        capital: stem.starts_with(char::is_uppercase),
    })
}

/// Whether `at` is inside another mention that looks like a person's name: a title before
/// it is that person's ("Chief Executive Carrie Lam and Vice Premier Han Zheng").
fn in_other_person(
    data: &NameData,
    prose: &str,
    mentions: &[Mention],
    i: usize,
    at: usize,
) -> bool {
    let after = mentions.partition_point(|o| o.start <= at);
    let Some(j) = after.checked_sub(1) else {
        return false;
    };
    let o = &mentions[j];
    let written = &prose[o.start..o.end];
    j != i
        && at < o.end
        && o.kind.may_be_person()
        && !key::with_folded(written, |w| data.places.contains(w))
        && written.split(' ').any(|w| {
            key::with_folded(w, |folded| {
                data.western_given.contains(folded)
                    || data.origins.iter().any(|x| x.surnames.contains(folded))
            })
        })
}

/// The title or role right before a name (in mention `i`), in `range` from the start of its
/// sentence to the name: a
/// run of title and role words, capitalised words and joiners, with a title or role in it and
/// a title, role or capitalised word next to the name ("TSMC founder", "Hong Kong's Secretary
/// for Justice"). With `named_apart` (the name is followed by a comma), a comma may stand
/// between them ("the Secretary for Justice of Hong Kong, Zheng Xiaoyun, said").
fn title_before(
    data: &NameData,
    prose: &str,
    mentions: &[Mention],
    i: usize,
    range: Range<usize>,
    named_apart: bool,
) -> Option<Range<usize>> {
    let mut title: Option<Range<usize>> = None;
    let mut role = false;
    for (n, w) in words(prose, range).rev().take(MAX_TITLE_WORDS).enumerate() {
        let word = &prose[w.clone()];
        let trimmed = word.trim_end_matches(|c: char| !c.is_alphanumeric());
        if trimmed.len() < word.len() && !(n == 0 && named_apart && &word[trimmed.len()..] == ",") {
            break;
        }
        let core = trimmed.trim_start_matches(|c: char| !c.is_alphanumeric());
        let core_start = w.start + (trimmed.len() - core.len());
        if core.is_empty() || in_other_person(data, prose, mentions, i, core_start) {
            break;
        }
        let class = classify(data, core);
        if !(class.role || class.capital || (n > 0 && class.joiner)) {
            break;
        }
        role |= class.role;
        let end = title.as_ref().map_or(core_start + core.len(), |t| t.end);
        title = Some(core_start..end);
        if core.len() < trimmed.len() {
            // An opening quote or bracket starts the title.
            break;
        }
    }
    title.filter(|_| role)
}

/// The appositive right after a name (in mention `i`: ", founder of Foxconn,", " (a
/// Taiwanese singer)"), in `range` from the name to the end of its sentence: title and role words, capitalised words,
/// joiners and articles, closed by punctuation or the sentence's end, with a title or role in
/// it.
fn appositive_after(
    data: &NameData,
    prose: &str,
    mentions: &[Mention],
    i: usize,
    range: Range<usize>,
) -> Option<Range<usize>> {
    let rest = &prose[range.clone()];
    let open = [", ", " ("].iter().find(|o| rest.starts_with(**o))?;
    let (from, to) = (range.start + open.len(), range.end);
    let mut last = None;
    let mut role = false;
    for (n, w) in words(prose, from..to).enumerate() {
        if n == MAX_TITLE_WORDS {
            return None;
        }
        let word = &prose[w.clone()];
        let core = word.trim_end_matches(|c: char| !c.is_alphanumeric());
        if !core.starts_with(char::is_alphanumeric)
            || in_other_person(data, prose, mentions, i, w.start)
        {
            return None;
        }
        let class = classify(data, core);
        let article = ARTICLES.contains(&core);
        // "90-year-old", "2021-elected".
        let numeric = core.contains('-') && core.starts_with(|c: char| c.is_ascii_digit());
        let fits = class.role || class.capital || article || (n > 0 && (class.joiner || numeric));
        if !fits {
            return None;
        }
        role |= class.role;
        last = Some(w.start + core.len());
        if core.len() < word.len() {
            break;
        }
    }
    Some(from..last?).filter(|_| role)
}

/// What the cues in `prose[range]` say: a region's cue and nothing against it ties the
/// person to that region. Each cue and exclusion is a whole word (or words); where two
/// overlap, the longer one is the phrase ("Taiwan Affairs Office" is the mainland's office,
/// not Taiwan).
fn tie_in(cues: &Cues, prose: &str, range: Range<usize>) -> Tie {
    let text = &prose[range.clone()];
    let Some(phrases) = &cues.phrases else {
        return Tie::None;
    };
    // Each phrase's whole-word occurrences, as `word_matches` finds them: left to right,
    // none overlapping an earlier occurrence of the same phrase, whole word or not.
    let word_char = |c: char| c.is_alphanumeric();
    let mut ends: Vec<(usize, usize)> = Vec::new();
    let mut by_phrase: Vec<(usize, Range<usize>)> = Vec::new();
    for m in phrases.find_overlapping_iter(text) {
        let p = m.pattern().as_usize();
        match ends.iter_mut().find(|(q, _)| *q == p) {
            Some((_, end)) if m.start() < *end => continue,
            Some((_, end)) => *end = m.end(),
            None => ends.push((p, m.end())),
        }
        let bounded = !text[..m.start()].chars().next_back().is_some_and(word_char)
            && !text[m.end()..].chars().next().is_some_and(word_char);
        if bounded {
            by_phrase.push((p, m.range()));
        }
    }
    // In the order of the phrases: the stable sort below breaks ties by it.
    by_phrase.sort_by_key(|(p, at)| (*p, at.start));
    let mut found: Vec<(Range<usize>, Option<usize>)> = by_phrase
        .into_iter()
        .map(|(p, at)| (at, cues.what[p]))
        .collect();
    found.sort_by_key(|(at, _)| (Reverse(at.len()), at.start));
    let mut kept: Vec<(Range<usize>, Option<usize>)> = Vec::new();
    for (at, what) in found {
        if !kept
            .iter()
            .any(|(k, _)| k.start < at.end && at.start < k.end)
        {
            kept.push((at, what));
        }
    }
    kept.sort_by_key(|(at, _)| at.start);
    kept.into_iter().fold(Tie::None, |tie, (at, what)| {
        tie.and(match what {
            Some(r) => Tie::Region(r, range.start + at.start..range.start + at.end),
            None => Tie::Against,
        })
    })
}

#[cfg(test)]
mod tests {
    use super::super::super::test_support::{flagged, run};
    use crate::names::data::NameData;

    const ID: &str = "names/wrong-system";

    fn flags(text: &str) -> Vec<String> {
        flagged(ID, "", &[("a.txt", text)])
    }

    #[test]
    fn a_title_before_the_name_ties_the_person_to_taiwan_or_hong_kong() {
        assert_eq!(
            flags("Kaohsiung Mayor Chen Qimai visited the harbour."),
            ["Chen Qimai"]
        );
        assert_eq!(
            flags("Foxconn founder Zhao Minghui spoke in Taipei."),
            ["Zhao Minghui"]
        );
        // A capitalised office word the run took in is not part of the name.
        assert_eq!(
            flags(
                "Hong Kong's Secretary for Financial Services and the Treasury Xu Zhenghao spoke."
            ),
            ["Xu Zhenghao"]
        );
        // The title, a comma, the name and a comma.
        assert_eq!(
            flags(
                "The Secretary for Security of the Hong Kong SAR Government, Zeng Guowei, said so."
            ),
            ["Zeng Guowei"]
        );
    }

    #[test]
    fn an_appositive_after_the_name_ties_the_person() {
        assert_eq!(
            flags("Zhou Jielan, the chairman of Taiwan's Formosa Plastics, retired."),
            ["Zhou Jielan"]
        );
        assert_eq!(
            flags("Xie Ruolin (a Hong Kong actress) won the award."),
            ["Xie Ruolin"]
        );
        // Not an appositive: a clause.
        assert!(flags("Xie Ruolin, who visited Hong Kong last year, won the award.").is_empty());
    }

    #[test]
    fn every_mention_of_a_tied_name_is_reported_with_a_label_on_the_tie() {
        let text = "Taipei Mayor Lin Zhiqiang opened the line.\n\
                    Two days later, Lin Zhiqiang rode it again.\n";
        let found = run(ID, "", &[("a.txt", text)]);
        let names: Vec<&str> = found.iter().map(|(_, t, _)| t.as_str()).collect();
        assert_eq!(names, ["Lin Zhiqiang", "Lin Zhiqiang"]);
        let second = &found[1].2;
        assert_eq!(second.labels.len(), 1);
        assert_eq!(second.labels[0].span.range, 0..6, "{:?}", second.labels);
        assert!(second.message.contains("Taiwan"), "{}", second.message);
        assert!(
            second
                .help
                .as_deref()
                .unwrap_or_default()
                .contains("Wade–Giles")
        );
        assert!(second.fix.is_none());
    }

    #[test]
    fn a_name_written_again_is_cut_and_placed_as_at_its_first_mention() {
        // The same sentence twice: the same mention, with an office word to cut off.
        let text = "Hong Kong's Secretary for Financial Services and the Treasury Xu Zhenghao \
                    spoke.\nHong Kong's Secretary for Financial Services and the Treasury Xu \
                    Zhenghao spoke.\n";
        let found = run(ID, "", &[("a.txt", text)]);
        let at: Vec<(usize, &str)> = found
            .iter()
            .map(|(_, t, d)| (d.span.range.start, t.as_str()))
            .collect();
        let starts: Vec<usize> = text.match_indices("Xu").map(|(i, _)| i).collect();
        assert_eq!(
            at,
            starts
                .iter()
                .map(|&i| (i, "Xu Zhenghao"))
                .collect::<Vec<_>>()
        );
    }

    #[test]
    fn a_name_also_tied_to_the_mainland_is_not_reported() {
        let text = "Taipei Mayor Lin Zhiqiang opened the line.\n\
                    Lin Zhiqiang, a Beijing official, denied it.\n";
        assert!(flags(text).is_empty());
    }

    #[test]
    fn mainland_officials_and_own_spellings_pass() {
        for text in [
            "Taiwan Affairs Office spokesperson Zhu Fenglian said the talks would go on.",
            "Liaison Office director Luo Huining met Hong Kong Chief Executive Carrie Lam.",
            "Hong Kong Chief Executive Carrie Lam and Vice Premier Han Zheng met.",
            "Chinese Foreign Ministry spokesperson Zhao Lijian criticised Taiwan's leader.",
            "Mainland Affairs Council head Chiu Tai-san answered the Taiwan Affairs Office.",
            "Taiwan's President Tsai Ing-wen met Taipei Mayor Ko Wen-je.",
            "TSMC founder Chang Chung-mou spoke at the forum.",
            "Hong Kong Chief Executive John Lee Ka-chiu spoke.",
            "Zhao Yijun, our Taiwan correspondent, reported.",
            "Xiao Jianhua, a billionaire in Hong Kong, vanished.",
            "Hong Kong-based billionaire Xiao Jianhua vanished.",
            "University of Hong Kong president Zhang Xiang spoke at the ceremony.",
            // No title or appositive: a sentence about Taiwan does not make a person Taiwanese.
            "Zhang Wei said Taiwan must not be split from the motherland.",
        ] {
            assert!(flags(text).is_empty(), "{text}: {:?}", flags(text));
        }
    }

    #[test]
    fn an_empty_cue_in_user_data_ties_nothing() {
        assert_eq!(super::super::word_matches("Taipei Mayor", "").count(), 0);
        assert_eq!(
            super::super::word_matches("Taipei Mayor", "Taipei").count(),
            1
        );
        assert_eq!(super::super::word_matches("Taipeians", "Taipei").count(), 0);
    }

    #[test]
    fn every_name_pinyin_initial_judges_passes_the_byte_gate_first() {
        let data = NameData::builtin();
        let zh = data.origin("zh").unwrap();
        let pieces = [
            "Zhang",
            "Wei",
            "Xu",
            "Zhenghao",
            "Treasury",
            "zhang",
            "Wéi",
            "Xi",
            "Jin-ping",
            "Jin’ping",
            "Jin'ping",
            "Li",
            "Qiang",
            "Zhongmouzhongmou",
            "",
            "12",
            "X-",
            "Chen",
        ];
        let mut state = 3u32;
        let mut judged = 0;
        for _ in 0..20_000 {
            state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            let n = 1 + (state >> 16) as usize % 4;
            let words: Vec<&str> = (0..n)
                .map(|_| {
                    state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                    pieces[(state >> 16) as usize % pieces.len()]
                })
                .collect();
            let written = words.join(" ");
            let last_two = (n == 3).then(|| words[1..].join(" "));
            let named = super::pinyin_initial(&data, zh, &written).is_some()
                || last_two.is_some_and(|w| super::pinyin_initial(&data, zh, &w).is_some());
            if named {
                judged += 1;
                assert!(super::may_be_pinyin(written.as_bytes()), "{written}");
            }
        }
        assert!(judged > 100, "{judged}");
        assert!(!super::may_be_pinyin(b"Zhang  Wei"));
        assert!(!super::may_be_pinyin(b"Zhang"));
        assert!(super::may_be_pinyin("Xi Jin’ping".as_bytes()));
    }

    /// A document the run's scan finds no region's cue in is not read further, and what it
    /// says is what reading it says.
    #[test]
    fn a_document_without_a_regions_cue_ties_no_name() {
        use crate::rules::RuleId;
        use crate::rules::data::scan::{Needles, Scanner};
        let data = NameData::builtin();
        let cues = super::Cues::new(&data);
        let id = RuleId::new(super::super::ID);
        let list = cues.regional.as_ref().unwrap();
        let needles = Needles {
            lists: vec![list],
            ..Needles::default()
        };
        let scanner = Scanner::new([(id, needles)]);
        for (text, has_cue, tied) in [
            (
                "Taipei Mayor Xu Zhiqiang opened the new metro line.",
                true,
                1,
            ),
            (
                "Zhou Jiaxin, a Taiwanese singer, released a new album.",
                true,
                1,
            ),
            (
                "Beijing Mayor Chen Jining opened the new metro line.",
                false,
                0,
            ),
            ("TAIPEI mayor Xu Zhiqiang opened the line.", false, 0),
            // A cue inside a longer word is read, and ties nothing.
            ("Matsumoto Mayor Xu Zhiqiang spoke.", true, 0),
            ("Zhang Wei spoke.", false, 0),
            ("", false, 0),
        ] {
            let scan = scanner.scan(text);
            let cued = super::super::cued(&cues, scan.of(id));
            assert_eq!(cued, Some(has_cue), "{text}");
            let mentions = crate::names::extract::mentions(text, &data);
            let read = super::regional_hits(&data, &cues, text, &mentions, None);
            assert_eq!(read.len(), tied, "{text}: {read:?}");
            let scanned = super::regional_hits(&data, &cues, text, &mentions, cued);
            assert_eq!(format!("{scanned:?}"), format!("{read:?}"), "{text}");
        }
        // Without the regions' cues in the scan, the document is read.
        assert_eq!(
            super::super::cued(&cues, Scanner::new([]).scan("x").of(id)),
            None
        );
    }

    #[test]
    fn a_name_judged_before_in_the_thread_is_judged_the_same() {
        let data = NameData::builtin();
        let cues = super::Cues::new(&data);
        let text = "Taipei Mayor Lin Zhiqiang opened the line. Zhang Wei spoke.\n";
        let mentions = crate::names::extract::mentions(text, &data);
        let first = super::regional_hits(&data, &cues, text, &mentions, None);
        assert_eq!(first.len(), 1, "{first:?}");
        let again = super::regional_hits(&data, &cues, text, &mentions, None);
        assert_eq!(format!("{first:?}"), format!("{again:?}"));
        // Another context's data starts the thread's judgements afresh.
        let other = super::Cues::new(&data);
        assert_ne!(other.id, cues.id);
        let anew = super::regional_hits(&data, &other, text, &mentions, None);
        assert_eq!(format!("{first:?}"), format!("{anew:?}"));
    }

    #[test]
    fn pinyin_initials_are_found_in_syllables_not_letters() {
        let data = NameData::builtin();
        let zh = data.origin("zh").unwrap();
        let initial = |w: &str| super::pinyin_initial(&data, zh, w);
        assert_eq!(initial("Zhang Zhongmou"), Some("zh"));
        assert_eq!(initial("Lin Qiang"), Some("q"));
        assert_eq!(initial("Wang Wenrui"), Some("r"));
        assert_eq!(initial("Cai Yingwen"), Some("c"));
        // Wade–Giles and Cantonese: ch, ts, hs are not pinyin-only.
        assert_eq!(initial("Chang Chung-mou"), None);
        assert_eq!(initial("Tsai Ing-wen"), None);
        assert_eq!(initial("Chan Kin-man"), None);
        assert_eq!(zh.split("zhongmou"), Some(vec!["zhong", "mou"]));
        assert_eq!(zh.initial("zhong"), "zh");
        assert_eq!(zh.initial("an"), "");
    }
}
