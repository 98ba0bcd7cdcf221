//! Finding candidate names in a document's prose: one pass over the text, no regex.
//!
//! A candidate is a run of capitalised words joined by single spaces ("Toshimitsu Motegi",
//! "China News Service"). Runs are cut at stop words (function words, months, demonyms) and
//! after titles ("Foreign Minister Toshimitsu Motegi" gives "Toshimitsu Motegi"); a run with
//! an organisation head word ("Agency", "Ministry") is an organisation. Only the prose view is
//! read, so names inside Markdown code, URLs and front matter are never seen.
//!
//! Each candidate is typed from the words around it ([`Kind`]): a title before it makes a
//! person, a facility or place word after it (or a facility or place suffix in it) makes a
//! facility or a place.

use unicode_normalization::char::is_combining_mark;

use rustc_hash::FxHashMap as HashMap;

use super::data::NameData;
pub use super::entity::{Kind, Mention};
use super::key;
use crate::document::{MASK, ascii};

/// Longest person or place name considered, in words.
pub const MAX_NAME_WORDS: usize = 3;
/// Longest organisation name considered, in words.
const MAX_ORG_WORDS: usize = 6;

#[derive(Debug, Clone, Copy)]
struct Word {
    start: usize,
    end: usize,
    initial: bool,
    /// Joined to the word before by a plural possessive ("Workers' Union").
    after_possessive: bool,
    /// What the word is to name finding ([`word_flags`]).
    class: u16,
}

/// Every candidate name of `prose`, in text order.
pub fn mentions(prose: &str, data: &NameData) -> Vec<Mention> {
    // About one candidate per 64 bytes of prose is common: most documents then fill `out`
    // without growing it.
    let mut out = Vec::with_capacity(prose.len() / 64);
    let mut run: Vec<Word> = Vec::with_capacity(8);
    // The flags of the run's words, kept between runs to reuse its allocation.
    let mut flags: Vec<u16> = Vec::new();
    let mut sentence_start = true;
    let bytes = prose.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        // Fast paths for ASCII, which is most of the text: lower-case words only end a run,
        // so the lower-case words, spaces, commas, quotes and brackets after this one are
        // skipped at once (the punctuation changes nothing after a word, the words nothing
        // more than this one did).
        let b = bytes[i];
        if b.is_ascii_lowercase() || b.is_ascii_digit() {
            flush(prose, &mut run, &mut flags, data, &mut out);
            sentence_start = false;
            i = ascii::lower_prose_end(bytes, i + 1);
            continue;
        }
        match b {
            b' ' | b'\t' | b'"' | b'\'' | b'(' | b'[' | b'*' | b'_' | b'#' | b'>' | b'-' => {
                i += 1;
                continue;
            }
            b'.' | b'!' | b'?' | b':' | b'\n' | b'\r' | MASK => {
                sentence_start = true;
                i += 1;
                continue;
            }
            b',' | b';' | b')' | b']' | b'/' | b'&' | b'%' | b'$' | b'+' | b'=' => {
                sentence_start = false;
                i += 1;
                continue;
            }
            _ => {}
        }
        let Some(c) = prose[i..].chars().next() else {
            break;
        };
        if !c.is_alphabetic() {
            if matches!(
                c,
                '.' | '!' | '?' | '…' | ':' | '\n' | '\r' | '。' | '！' | '？'
            ) || c as u32 == u32::from(MASK)
            {
                sentence_start = true;
            } else if !(c.is_whitespace()
                || matches!(
                    c,
                    '"' | '“'
                        | '”'
                        | '\''
                        | '‘'
                        | '’'
                        | '('
                        | '['
                        | '«'
                        | '「'
                        | '*'
                        | '_'
                        | '#'
                        | '>'
                        | '-'
                        | '—'
                        | '–'
                ))
            {
                sentence_start = false;
            }
            i += c.len_utf8();
            continue;
        }
        let start = i;
        let mut end = i + c.len_utf8();
        let mut has_lower = false;
        let mut has_digit = false;
        let mut ascii = c.is_ascii();
        loop {
            // ASCII letters and digits without decoding: most of a capitalised word.
            let (run_end, lower, digit) = ascii::alnum_run(bytes, end);
            (end, has_lower, has_digit) = (run_end, has_lower | lower, has_digit | digit);
            let Some(&d) = bytes.get(end) else {
                break;
            };
            let d = if d.is_ascii() {
                char::from(d)
            } else {
                ascii = false;
                let Some(d) = prose[end..].chars().next() else {
                    break;
                };
                if d.is_alphanumeric() || is_combining_mark(d) {
                    has_lower |= d.is_lowercase();
                    end += d.len_utf8();
                    continue;
                }
                d
            };
            if matches!(d, '-' | '\'' | '’')
                && prose[end + d.len_utf8()..]
                    .chars()
                    .next()
                    .is_some_and(char::is_alphabetic)
            {
                end += d.len_utf8();
            } else {
                break;
            }
        }
        let word = &prose[start..end];
        let capitalised = c.is_uppercase() && has_lower && !has_digit;
        if capitalised {
            let gap = run.last().map(|w| &bytes[w.end..start]);
            // "Workers' Union": a plural possessive may sit inside an organisation's name.
            let after_possessive = matches!(gap, Some(b"' " | b"\xE2\x80\x99 "))
                && run.last().is_some_and(|w| bytes[w.end - 1] == b's');
            if gap != Some(b" ") && !after_possessive {
                flush(prose, &mut run, &mut flags, data, &mut out);
            }
            let (stem, possessive) = strip_possessive(word);
            run.push(Word {
                start,
                end: start + stem.len(),
                initial: sentence_start,
                after_possessive,
                class: word_flags(stem, ascii, data),
            });
            if possessive {
                flush(prose, &mut run, &mut flags, data, &mut out);
            }
        } else {
            flush(prose, &mut run, &mut flags, data, &mut out);
        }
        sentence_start = false;
        i = end;
    }
    flush(prose, &mut run, &mut flags, data, &mut out);
    out
}

/// `word` without a possessive ending ("Taiwan's" -> "Taiwan"), and whether it had one.
pub(crate) fn strip_possessive(word: &str) -> (&str, bool) {
    // Most words end in no possessive, nor in a byte one ends in.
    if !matches!(word.as_bytes().last(), Some(b's' | b'\'' | 0x99)) {
        return (word, false);
    }
    for suffix in ["'s", "’s", "'", "’"] {
        if let Some(stem) = word.strip_suffix(suffix)
            && !stem.is_empty()
        {
            return (stem, true);
        }
    }
    (word, false)
}

const STOP: u16 = 1;
const TITLE: u16 = 2;
const GENERIC: u16 = 4;
const THE: u16 = 8;
const FACILITY: u16 = 16;
const PLACE: u16 = 32;
const NEWS: u16 = 64;
const EITHER_SIDE: u16 = 128;
const COMPASS: u16 = 256;
/// A last word that makes a facility ("Daiichi"): read by [`suffix_kind`] alone, never kept
/// in a run's flags.
const FACILITY_LAST: u16 = 512;

/// What name finding reads off a capitalised word, built once a data set
/// ([`NameData::add`]): its class, and whether a facility or place suffix may end it.
#[derive(Debug, Default)]
pub(super) struct WordClasses {
    /// Every word of the lists name finding reads (stop words, titles, organisation head
    /// words, facility and place words, "the"), folded, with what it is to name finding: a
    /// capitalised word then costs one lookup ([`word_flags`]), by its bytes.
    words: HashMap<Box<[u8]>, u16>,
    /// Bit `a << 8 | b` is set when a facility or place suffix ends in the bytes `a`, `b`
    /// (for every `a` when it is one byte long or empty): a word whose last two folded bytes
    /// are not set ends in none ([`suffix_kind`]), and most words are told so without reading
    /// the suffix lists. Empty (every word may) until built.
    suffix_tails: Vec<u64>,
    /// Bit [`shape_bit`] of each word of `words`: an ASCII word whose bit is not set is in no
    /// list, and most capitalised words (names) are told so without being folded or hashed.
    /// Empty (every word may be) until built.
    word_shapes: Vec<u64>,
}

impl WordClasses {
    /// Whether a suffix may end `folded`: false only if none does.
    fn may_end_in_suffix(&self, folded: &[u8]) -> bool {
        let bit = tail_bit(folded);
        self.suffix_tails
            .get(bit / 64)
            .is_none_or(|w| w >> (bit % 64) & 1 != 0)
    }
}

/// The bit of [`WordClasses::word_shapes`] of a word of ASCII bytes: of its length (the low
/// four bits) and its first and last bytes, each without its case (the low five bits: those
/// of `b'A'` and `b'a'` are one).
fn shape_bit(word: &[u8]) -> usize {
    let (first, last) = (word.first().unwrap_or(&0), word.last().unwrap_or(&0));
    (word.len() & 15) << 10 | usize::from(first & 31) << 5 | usize::from(last & 31)
}

/// The bit of [`WordClasses::suffix_tails`] of the last two bytes of `folded` (a NUL standing
/// for the byte before a one-byte word).
fn tail_bit(folded: &[u8]) -> usize {
    match folded {
        [.., a, b] => usize::from(*a) << 8 | usize::from(*b),
        [b] => usize::from(*b),
        [] => 0,
    }
}

/// The table of [`WordClasses`] of `data`'s lists.
pub(super) fn word_classes(data: &NameData) -> WordClasses {
    let mut classes: HashMap<Box<[u8]>, u16> = HashMap::default();
    let the = ["the".to_string()];
    let lists: [(&mut dyn Iterator<Item = &String>, u16); 10] = [
        (&mut data.stopwords.iter(), STOP),
        (&mut data.titles.iter(), TITLE),
        (&mut data.org_generic.keys(), GENERIC),
        (&mut the.iter(), THE),
        (&mut data.facility_words.iter(), FACILITY),
        (&mut data.place_words.iter(), PLACE),
        (&mut data.news_heads.iter(), NEWS),
        (&mut data.place_words_either_side.iter(), EITHER_SIDE),
        (&mut data.compass_words.iter(), COMPASS),
        (&mut data.facility_last_words.iter(), FACILITY_LAST),
    ];
    for (words, flag) in lists {
        for w in words {
            *classes.entry(w.as_bytes().into()).or_default() |= flag;
        }
    }
    let mut tails = vec![0u64; 1 << 10];
    let mut set = |bit: usize| tails[bit / 64] |= 1 << (bit % 64);
    for s in data.facility_suffixes.iter().chain(&data.place_suffixes) {
        match s.as_bytes() {
            tail @ [_, _, ..] => set(tail_bit(tail)),
            // A word may have any byte before a suffix this short.
            [b] => (0..=0xff).for_each(|a| set(a << 8 | usize::from(*b))),
            [] => (0..=0xffff).for_each(&mut set),
        }
    }
    let mut shapes = vec![0u64; 1 << 14 >> 6];
    for word in classes.keys() {
        let bit = shape_bit(word);
        shapes[bit / 64] |= 1 << (bit % 64);
    }
    WordClasses {
        words: classes,
        suffix_tails: tails,
        word_shapes: shapes,
    }
}

/// What a capitalised word is to name finding; `ascii` when the word is all ASCII.
fn word_flags(word: &str, ascii: bool, data: &NameData) -> u16 {
    let classes = &data.word_classes;
    // An ASCII word's fold is its lower case, of its length, with its ends' low five bits.
    if ascii {
        let bit = shape_bit(word.as_bytes());
        if classes
            .word_shapes
            .get(bit / 64)
            .is_some_and(|w| w >> (bit % 64) & 1 == 0)
        {
            return 0;
        }
    }
    key::with_folded_bytes(word, |lower| classes.words.get(lower).copied().unwrap_or(0))
}

/// Turns one run of capitalised words into candidates, and empties it. Most calls find the
/// run empty: that test is inlined into the caller.
#[inline]
fn flush(
    prose: &str,
    run: &mut Vec<Word>,
    flags: &mut Vec<u16>,
    data: &NameData,
    out: &mut Vec<Mention>,
) {
    if !run.is_empty() {
        flush_run(prose, run, flags, data, out);
    }
}

fn flush_run(
    prose: &str,
    run: &mut Vec<Word>,
    flags: &mut Vec<u16>,
    data: &NameData,
    out: &mut Vec<Mention>,
) {
    // Most runs are one word: a name unless it is a stop word or a title, typed by its
    // suffix alone (no word stands before or after it). What [`flush_words`] finds for it.
    if let [w] = run[..] {
        if w.class & (STOP | TITLE) == 0 {
            out.push(Mention {
                start: w.start,
                end: w.end,
                kind: suffix_kind(prose, run, data).unwrap_or(Kind::Name),
                initial: w.initial,
            });
        }
        run.clear();
        return;
    }
    flush_words(prose, run, flags, data, out);
}

/// [`flush_run`] of any run.
fn flush_words(
    prose: &str,
    run: &mut Vec<Word>,
    flags: &mut Vec<u16>,
    data: &NameData,
    out: &mut Vec<Mention>,
) {
    flags.clear();
    flags.extend(run.iter().map(|w| w.class & !FACILITY_LAST));
    keep_korean_syllable(prose, run, data, flags);
    let n = run.len();
    // "General" after a head word is part of the office's name ("Consulate General",
    // "Secretariat General"), as it is when hyphenated, not a title before a person.
    if n >= 2
        && flags[n - 2] & GENERIC != 0
        && prose[run[n - 1].start..run[n - 1].end].eq_ignore_ascii_case("general")
    {
        flags[n - 1] = GENERIC;
    }
    // A plural possessive belongs to an organisation's name ("Metallurgical Workers' Union");
    // in any other run it ends the name before it.
    if flags[n - 1] & GENERIC == 0
        && let Some(cut) = run.iter().skip(1).position(|w| w.after_possessive)
    {
        let mut rest = run.split_off(cut + 1);
        rest[0].after_possessive = false;
        flush(prose, run, flags, data, out);
        flush(prose, &mut rest, flags, data, out);
        return;
    }
    let is_stop = |i: usize| flags[i] & STOP != 0;
    // A dateline: a news organisation, then the place it reports from with no comma
    // ("Xinhua News Agency Tehran"), is the two names, not one long one.
    let dateline = n >= 3 && flags[n - 1] == 0 && flags[n - 2] & NEWS != 0;
    let org_end = if dateline { n - 1 } else { n };
    if org_end >= 2 && flags[org_end - 1] & GENERIC != 0 {
        // An organisation (it ends in a head word): drop a leading article or sentence
        // opener, keep the rest whole.
        let mut first = 0;
        while first < org_end
            && is_stop(first)
            && (first == 0 && run[0].initial || flags[first] & THE != 0)
        {
            first += 1;
        }
        let words = &run[first..org_end];
        if words.len() >= 2 && words.len() <= MAX_ORG_WORDS {
            out.push(Mention {
                start: words[0].start,
                end: words[words.len() - 1].end,
                kind: Kind::Organisation,
                initial: words[0].initial,
            });
        }
        if dateline {
            out.push(Mention {
                start: run[n - 1].start,
                end: run[n - 1].end,
                kind: Kind::Name,
                initial: false,
            });
        }
        run.clear();
        return;
    }
    // Persons and places: segments between stop words, titles, facility and place words.
    let mut seg_start = 0;
    // The words before this one are part of a place with a compass word, already found.
    let mut taken = 0;
    let place = |words: &[Word], last: u16| Mention {
        start: words[0].start,
        end: words[words.len() - 1].end,
        kind: if last & PLACE != 0 {
            Kind::Place
        } else {
            Kind::Facility
        },
        initial: words[0].initial,
    };
    for i in 0..=run.len() {
        if i < taken {
            continue;
        }
        // A facility or place word ends a name it follows; first in a run it may be a
        // name itself ("Park Ji-sung").
        let boundary = i == run.len()
            || flags[i] & (STOP | TITLE) != 0
            || (i > seg_start && flags[i] & (FACILITY | PLACE) != 0);
        if !boundary {
            continue;
        }
        // "Huancheng South Road": the name, a compass word and a place word are one place.
        if i > seg_start
            && let Some(end) = compass_place(flags, seg_start, i)
        {
            out.push(place(&run[seg_start..end], flags[end - 1]));
            (taken, seg_start) = (end, end);
            continue;
        }
        let n = i - seg_start;
        if n == 4 && fused_at(data, &words_of(prose, &run[seg_start..i])).is_some() {
            // Two names run together ("Gao Wencheng Wang Shoubao"): one mention, which
            // names/fused reports.
            out.push(Mention {
                start: run[seg_start].start,
                end: run[i - 1].end,
                kind: Kind::Person,
                initial: run[seg_start].initial,
            });
        } else if n > MAX_NAME_WORDS
            && i == run.len()
            && let Some(j) = tail_name(prose, &run[seg_start..i], data)
        {
            // A name after capitalised words that are not a title ("... and Media Nguyen
            // Meng Xiong"): the name from its family name on.
            let words = &run[seg_start + j..i];
            out.push(Mention {
                start: words[0].start,
                end: words[words.len() - 1].end,
                kind: Kind::Name,
                initial: false,
            });
        }
        if n == MAX_NAME_WORDS && i == run.len() && name_after_word(prose, &run[seg_start..i], data)
        {
            let words = &run[seg_start + 1..i];
            out.push(Mention {
                start: words[0].start,
                end: words[1].end,
                kind: Kind::Name,
                initial: false,
            });
        } else if (1..=MAX_NAME_WORDS).contains(&n) {
            let mut words = &run[seg_start..i];
            let after = flags.get(i).copied().unwrap_or(0);
            // "Chaohu Lake" / "Lake Chaohu": a place word English writes on either side is
            // part of the name, so the two orders are one place written two ways.
            let either_before = n >= 2 && flags[seg_start] & EITHER_SIDE != 0;
            if after & EITHER_SIDE != 0 && n < MAX_NAME_WORDS && !either_before {
                words = &run[seg_start..=i];
            }
            let kind = if either_before {
                Kind::Place
            } else if after & FACILITY != 0 {
                Kind::Facility
            } else if after & PLACE != 0 {
                Kind::Place
            } else if let Some(k) = suffix_kind(prose, words, data) {
                k
            } else if seg_start > 0 && flags[seg_start - 1] & TITLE != 0 {
                Kind::Person
            } else {
                Kind::Name
            };
            out.push(Mention {
                start: words[0].start,
                end: words[words.len() - 1].end,
                kind,
                initial: words[0].initial,
            });
        }
        // "South Huancheng Road": a compass word, the name and a place word.
        if i < run.len()
            && let Some(end) = compass_place(flags, i, i)
        {
            out.push(place(&run[i..end], flags[end - 1]));
            (taken, seg_start) = (end, end);
            continue;
        }
        seg_start = i + 1;
    }
    run.clear();
}

/// Where a place named with a compass word ends (the index after its place or facility word),
/// when the compass word at `compass` is one, with a name of one or two words that are
/// nothing else before it ("Huancheng South Road", from `start`) or after it ("South
/// Huancheng Road", `start` being the compass word), and the place ends the run or is followed
/// by a stop word or a title. Elsewhere a compass word is a stop word ("South Korea").
fn compass_place(flags: &[u16], start: usize, compass: usize) -> Option<usize> {
    if flags.get(compass)? & COMPASS == 0 {
        return None;
    }
    let plain = |words: std::ops::Range<usize>| {
        (1..=2).contains(&words.len())
            && flags.get(words).is_some_and(|f| f.iter().all(|&f| f == 0))
    };
    let place_word = if start < compass {
        plain(start..compass).then_some(compass + 1)?
    } else {
        let name_end = (compass + 1..flags.len()).find(|&k| flags[k] != 0)?;
        plain(compass + 1..name_end).then_some(name_end)?
    };
    let end = place_word + 1;
    (flags.get(place_word)? & (PLACE | FACILITY) != 0
        && flags.get(end).is_none_or(|&f| f & (STOP | TITLE) != 0))
    .then_some(end)
}

/// Where an East Asian or Vietnamese name of two or three words begins at the end of a longer
/// run of capitalised words: its family name, the first listed surname among the last three
/// words that does not follow another, followed only by words that are not stop words.
fn tail_name(prose: &str, words: &[Word], data: &NameData) -> Option<usize> {
    let n = words.len();
    let folded: Vec<String> = words
        .iter()
        .map(|w| key::fold(&prose[w.start..w.end]))
        .collect();
    let surname = |w: &String| {
        data.vietnamese_surnames.contains(w) || data.origins.iter().any(|o| o.surnames.contains(w))
    };
    // A run of pinyin syllables is one romanised phrase (a product, a song title: "Huo Xiang
    // Zheng Qi Shui"), not words and a name.
    let syllable = |w: &String| data.origin("zh").is_some_and(|zh| zh.is_syllable(w));
    (n.saturating_sub(3)..n - 1).find(|&j| {
        j > 0
            && surname(&folded[j])
            && !surname(&folded[j - 1])
            && !syllable(&folded[j - 1])
            && folded[j + 1..]
                .iter()
                .all(|w| !data.is_stop(w) && !data.western_given.contains(w))
    })
}

/// Whether three capitalised words are a word that cannot be an East Asian name followed by a
/// family name and a given name of one origin, in either order ("Transportation Zhao
/// Xiaolan", "Transportation Xiaolan Zhao"): the last two are the name. A first word that may
/// be a name keeps the three together ("Yau Lai Tao", a Cantonese name; "Tommy Lee Jones":
/// "Jones" is no given name of the origin of "Lee").
fn name_after_word(prose: &str, words: &[Word], data: &NameData) -> bool {
    let [first, second, third] = words else {
        return false;
    };
    let fold = |w: &Word| key::fold(&prose[w.start..w.end]);
    let (first, second, third) = (fold(first), fold(second), fold(third));
    let name = |family: &String, given: &String| {
        !given.contains(['-', '\''])
            && data
                .origins
                .iter()
                .any(|o| o.surnames.contains(family) && o.is_plausible(given))
    };
    // The name first: most runs of three are no name, and splitting the first word into
    // syllables of every origin costs the most.
    (name(&second, &third) || name(&third, &second))
        && !data.western_given.contains(&first)
        && !data.vietnamese_surnames.contains(&first)
        && {
            let bare: String = first.chars().filter(|c| !matches!(c, '-' | '\'')).collect();
            !data.origins.iter().any(|o| o.is_plausible(&bare))
        }
}

fn words_of<'a>(prose: &'a str, words: &[Word]) -> Vec<&'a str> {
    words.iter().map(|w| &prose[w.start..w.end]).collect()
}

/// A Korean given name whose last syllable is also an English word ("Moon Jae In", "Lee Su
/// An") ends the run: the syllable is part of the name, not a stop word.
fn keep_korean_syllable(prose: &str, run: &[Word], data: &NameData, flags: &mut [u16]) {
    let n = run.len();
    if n < 3 || flags[n - 1] & STOP == 0 {
        return;
    }
    let Some(ko) = data.origin("ko") else {
        return;
    };
    let word = |i: usize| key::fold(&prose[run[i].start..run[i].end]);
    if data.korean_stop_syllables.contains(&word(n - 1))
        && ko.is_syllable(&word(n - 1))
        && ko.surnames.contains(&word(n - 3))
        && ko.is_syllable(&word(n - 2))
        && flags[n - 3] & STOP == 0
        && flags[n - 2] & STOP == 0
    {
        flags[n - 1] &= !STOP;
    }
}

/// Where the second of two names run together begins (word index), when `words` are a
/// surname and a given name twice over, of one tradition ("Gao Wencheng Wang Shoubao").
pub fn fused_at(data: &NameData, words: &[&str]) -> Option<usize> {
    if words.len() != 4 {
        return None;
    }
    let folded: Vec<String> = words.iter().map(|w| key::fold(w)).collect();
    let stripped: Vec<String> = words.iter().map(|w| key::strip(w)).collect();
    data.origins.iter().find_map(|o| {
        let surname = |i: usize| o.surnames.contains(&folded[i]);
        let given = |i: usize| {
            !surname(i)
                && !data.western_given.contains(&folded[i])
                && !data.is_stop(&folded[i])
                && (o.given.contains(&stripped[i]) || o.is_plausible(&stripped[i]))
                // A split given name ("Kim Jong Un") is not a second person.
                && (!o.given_first_needs_hyphen || words[i].contains('-') || stripped[i].len() > 3)
        };
        (surname(0) && given(1) && surname(2) && given(3)).then_some(2)
    })
}

/// A facility or place from the words themselves: a last word such as "Daiichi" or "Chuo"
/// ("Fukushima Daiichi"), or a Japanese suffix ("Yufuin-cho", "Soma Nakamura-jinja").
fn suffix_kind(prose: &str, words: &[Word], data: &NameData) -> Option<Kind> {
    let last = &words[words.len() - 1];
    if words.len() > 1 && last.class & FACILITY_LAST != 0 {
        return Some(Kind::Facility);
    }
    let word = &prose[last.start..last.end];
    let classes = &data.word_classes;
    if word.is_ascii() {
        // Its fold is its lower case, byte for byte: compared as it is, not folded.
        let word = word.as_bytes();
        let mut tail = [0; 2];
        let tail = &mut tail[..word.len().min(2)];
        tail.copy_from_slice(&word[word.len() - tail.len()..]);
        tail.make_ascii_lowercase();
        if !classes.may_end_in_suffix(tail) {
            return None;
        }
        let end = word.last().map(u8::to_ascii_lowercase);
        return kind_by_suffix(data, |s| {
            s.last().copied() == end && ascii_ends_with_folded(word, s)
        });
    }
    key::with_folded_bytes(word, |last| {
        if !classes.may_end_in_suffix(last) {
            return None;
        }
        // The last bytes first: most words end unlike every suffix.
        kind_by_suffix(data, |s| s.last() == last.last() && last.ends_with(s))
    })
}

/// A facility or a place if a suffix of one ends the word (`ends`).
fn kind_by_suffix(data: &NameData, ends: impl Fn(&[u8]) -> bool) -> Option<Kind> {
    if data.facility_suffixes.iter().any(|s| ends(s.as_bytes())) {
        Some(Kind::Facility)
    } else if data.place_suffixes.iter().any(|s| ends(s.as_bytes())) {
        Some(Kind::Place)
    } else {
        None
    }
}

/// Whether the fold of ASCII `word` (its lower case) ends with `suffix`.
fn ascii_ends_with_folded(word: &[u8], suffix: &[u8]) -> bool {
    word.len() >= suffix.len()
        && word[word.len() - suffix.len()..]
            .iter()
            .zip(suffix)
            .all(|(w, s)| w.to_ascii_lowercase() == *s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(&str, Kind)> {
        let data = NameData::builtin();
        mentions(text, &data)
            .into_iter()
            .map(|m| (&text[m.start..m.end], m.kind))
            .collect()
    }

    #[test]
    fn ascii_suffixes_and_possessives_are_found_as_before() {
        let words = [
            "Yufuin-cho",
            "YUFUIN-CHO",
            "Cho",
            "cho",
            "o",
            "Nakamura-Jinja",
            "Taiwan's",
            "Taiwan’s",
            "Jones'",
            "Jones’",
            "'s",
            "’",
            "s",
            "Kiss",
            "Kis’s",
            "Café’s",
        ];
        let suffixes = ["-cho", "o", "-jinja", "s", "’s", "é"];
        for w in words {
            for s in suffixes {
                if w.is_ascii() {
                    assert_eq!(
                        ascii_ends_with_folded(w.as_bytes(), s.as_bytes()),
                        key::fold(w).ends_with(s),
                        "{w:?} {s:?}"
                    );
                }
            }
            let slow = ["'s", "’s", "'", "’"]
                .iter()
                .find_map(|suffix| w.strip_suffix(suffix).filter(|stem| !stem.is_empty()))
                .map_or((w, false), |stem| (stem, true));
            assert_eq!(strip_possessive(w), slow, "{w:?}");
        }
    }

    #[test]
    fn a_run_of_one_word_is_found_as_any_run_is() {
        let data = NameData::builtin();
        let prose = "Tokyo The President Lake South North Yufuin-cho Daiichi Agency General \
                     News Nakamura-jinja Kō Ōno-shi May Chuo Ab A Cho Jinja Kawasaki-ku";
        let mut start = 0;
        for w in prose.split(' ') {
            for initial in [false, true] {
                let word = Word {
                    start,
                    end: start + w.len(),
                    initial,
                    after_possessive: false,
                    class: word_flags(w, w.is_ascii(), &data),
                };
                let (mut fast, mut slow) = (Vec::new(), Vec::new());
                flush_run(prose, &mut vec![word], &mut Vec::new(), &data, &mut fast);
                flush_words(prose, &mut vec![word], &mut Vec::new(), &data, &mut slow);
                assert_eq!(fast, slow, "{w:?}");
            }
            start += w.len() + 1;
        }
    }

    #[test]
    fn word_shapes_pass_every_listed_word() {
        let data = NameData::builtin();
        let by_lookup = |w: &str| {
            key::with_folded_bytes(w, |lower| {
                data.word_classes.words.get(lower).copied().unwrap_or(0)
            })
        };
        let listed: Vec<String> = data
            .word_classes
            .words
            .keys()
            .map(|w| String::from_utf8_lossy(w).into_owned())
            .collect();
        let mut words: Vec<String> = listed.iter().map(|w| w.to_uppercase()).collect();
        for w in &listed {
            let mut chars = w.chars();
            let first: String = chars
                .next()
                .into_iter()
                .flat_map(char::to_uppercase)
                .collect();
            words.push(first + chars.as_str());
        }
        words.extend(
            [
                "",
                "A",
                "Zhang",
                "Beijing",
                "The",
                "THE",
                "Ministry",
                "Mr",
                "O'Brien",
                "Ōno",
                "Président",
                "General",
                "Sixteen-Letter-Wo",
                "Abcdefghijklmnopqrstuvwxyz",
                "_",
                "Q9",
            ]
            .map(String::from),
        );
        assert!(words.iter().any(|w| by_lookup(w) != 0));
        for w in words.iter().chain(&listed) {
            assert_eq!(word_flags(w, w.is_ascii(), &data), by_lookup(w), "{w:?}");
        }
    }

    #[test]
    fn suffix_tails_pass_every_word_a_suffix_ends() {
        let data = NameData::builtin();
        let suffixes: Vec<&String> = data
            .facility_suffixes
            .iter()
            .chain(&data.place_suffixes)
            .collect();
        let words = [
            "",
            "o",
            "ko",
            "cho",
            "yufuin-cho",
            "-jinja",
            "a",
            "ja",
            "nakamura-jinja",
            "tokyo",
            "kawasaki-ku",
            "ku",
            "u",
            "\0o",
            "kō",
        ];
        for w in words {
            let ends = suffixes.iter().any(|s| w.ends_with(s.as_str()));
            assert!(
                !ends || data.word_classes.may_end_in_suffix(w.as_bytes()),
                "{w:?}"
            );
        }
        assert!(!data.word_classes.may_end_in_suffix(b"tokyo"));
        // Built from lists holding a suffix of one byte and an empty one.
        let mut odd = NameData {
            place_suffixes: vec!["o".into(), "-shi".into()],
            ..NameData::default()
        };
        let classes = word_classes(&odd);
        for w in ["o", "ko", "\0o", "kōo", "ōshi", "-shi"] {
            assert!(classes.may_end_in_suffix(w.as_bytes()), "{w:?}");
        }
        assert!(!classes.may_end_in_suffix(b"ka"));
        odd.facility_suffixes = vec![String::new()];
        assert!(word_classes(&odd).may_end_in_suffix(b"ka"));
        assert!(WordClasses::default().may_end_in_suffix(b"ka"));
    }

    #[test]
    fn korean_syllables_that_are_english_words_stay_in_the_name() {
        assert_eq!(
            kinds("President Moon Jae In spoke."),
            vec![("Moon Jae In", Kind::Person)]
        );
        // A real stop word after a name still ends it.
        assert_eq!(
            kinds("He met Kim Jong In March."),
            vec![("Kim Jong", Kind::Name)]
        );
    }

    #[test]
    fn a_name_at_the_end_of_a_long_capitalised_run_is_found() {
        assert_eq!(
            kinds("the Minister of Communications and Information Media Nguyen Meng Xiong said"),
            vec![
                ("Communications", Kind::Name),
                ("Nguyen Meng Xiong", Kind::Name)
            ]
        );
        assert_eq!(
            kinds("the New York Stock Exchange Annual Report said"),
            vec![]
        );
    }

    #[test]
    fn two_names_run_together_are_one_mention() {
        let data = NameData::builtin();
        assert_eq!(
            kinds("By reporters Gao Wencheng Wang Shoubao."),
            vec![("Gao Wencheng Wang Shoubao", Kind::Person)]
        );
        assert_eq!(fused_at(&data, &["Kim", "Jong", "Un", "Lee"]), None);
        assert_eq!(
            fused_at(&data, &["Moon", "Jae-in", "Kim", "Jong-un"]),
            Some(2)
        );
    }

    #[test]
    fn mentions_are_typed_from_the_words_around_them() {
        assert_eq!(
            kinds(
                "Visitors to Soma Nakamura Shrine and Fukushima Daiichi met Minister Kato Katsunobu in Yufuin-cho."
            ),
            vec![
                ("Visitors", Kind::Name),
                ("Soma Nakamura", Kind::Facility),
                ("Fukushima Daiichi", Kind::Facility),
                ("Kato Katsunobu", Kind::Person),
                ("Yufuin-cho", Kind::Place),
            ]
        );
        assert_eq!(
            kinds("He left Sato Village and Ueno Station for Aso City."),
            vec![
                ("Sato", Kind::Place),
                ("Ueno", Kind::Facility),
                ("Aso", Kind::Place),
            ]
        );
        // A lake or a river keeps its place word, which English writes on either side.
        assert_eq!(
            kinds(
                "Boats left Dianchi Lake for Lake Dianchi, then the River Thames and Pearl River."
            ),
            vec![
                ("Boats", Kind::Name),
                ("Dianchi Lake", Kind::Place),
                ("Lake Dianchi", Kind::Place),
                ("River Thames", Kind::Place),
                ("Pearl River", Kind::Place),
            ]
        );
        // A named event is one name, with the apostrophe of a plural inside it.
        assert_eq!(
            kinds("They opened the Harbour Pilots' Annual Conference in Osaka."),
            vec![
                ("Harbour Pilots' Annual Conference", Kind::Organisation),
                ("Osaka", Kind::Name),
            ]
        );
        // Other place words still end the name they follow.
        assert_eq!(
            kinds("They reached Lake Como Town and Yellow Mountain."),
            vec![("Lake Como", Kind::Place), ("Yellow", Kind::Place)]
        );
    }

    #[test]
    fn a_compass_word_between_a_name_and_its_place_word_is_part_of_the_place() {
        assert_eq!(
            kinds("Shops on Jinhua West Road and North Lanxi Street closed. Ikeda East Station."),
            vec![
                ("Shops", Kind::Name),
                ("Jinhua West Road", Kind::Place),
                ("North Lanxi Street", Kind::Place),
                ("Ikeda East Station", Kind::Facility),
            ]
        );
        // Elsewhere a compass word still ends a name: no place word, or a place word with
        // no name. With a name on both sides it belongs to the one before the place word.
        assert_eq!(
            kinds("He left South Korea for West Lake, then Jinhua West Ring Road and Aso West."),
            vec![
                ("Korea", Kind::Name),
                ("Lake", Kind::Name),
                ("Jinhua", Kind::Name),
                ("West Ring Road", Kind::Place),
                ("Aso", Kind::Name),
            ]
        );
    }

    fn names(text: &str) -> Vec<(&str, Kind, bool)> {
        let data = NameData::builtin();
        mentions(text, &data)
            .into_iter()
            .map(|m| (&text[m.start..m.end], m.kind, m.initial))
            .collect()
    }

    #[test]
    fn titles_and_stop_words_cut_runs() {
        let found = names(
            "Foreign Minister Toshimitsu Motegi met South Korean President Moon Jae-in's aide.",
        );
        assert_eq!(
            found,
            vec![
                ("Toshimitsu Motegi", Kind::Person, false),
                ("Moon Jae-in", Kind::Person, false),
            ]
        );
    }

    #[test]
    fn roles_before_and_after_a_name_are_not_part_of_it() {
        let found = names(
            "Pitcher Nakamori Shunsuke struck out Outfielder Yoshitomo Tsutsuka, and \
             Daisuke Fukumoto Jockey won. Suspect Okubo Yoshikazu was arrested.",
        );
        assert_eq!(
            found.iter().map(|f| (f.0, f.1)).collect::<Vec<_>>(),
            vec![
                ("Nakamori Shunsuke", Kind::Person),
                ("Yoshitomo Tsutsuka", Kind::Person),
                ("Daisuke Fukumoto", Kind::Name),
                ("Okubo Yoshikazu", Kind::Person),
            ]
        );
    }

    #[test]
    fn a_name_after_a_word_that_is_no_name_stands_alone() {
        let found = names(
            "US Secretary of Transportation Zhao Xiaolan spoke, as did Transportation Xiaolan \
             Zhao; Hong Kong's Yau Lai Tao left. Tommy Lee Jones and Fu Kun Bao came.",
        );
        assert_eq!(
            found.iter().map(|f| f.0).collect::<Vec<_>>(),
            vec![
                "Zhao Xiaolan",
                "Xiaolan Zhao",
                "Hong Kong",
                "Yau Lai Tao",
                "Tommy Lee Jones",
                "Fu Kun Bao"
            ]
        );
    }

    #[test]
    fn organisations_keep_their_head_word() {
        let found = names("Photo by China News Agency reporter Peng Dawei.");
        assert_eq!(
            found,
            vec![
                ("China News Agency", Kind::Organisation, false),
                ("Peng Dawei", Kind::Name, false),
            ]
        );
    }

    #[test]
    fn general_after_a_head_word_belongs_to_the_office() {
        let found = names("Then the Swiss Consulate General in Osaka and General Lee Min spoke.");
        assert_eq!(
            found,
            vec![
                ("Swiss Consulate General", Kind::Organisation, false),
                ("Osaka", Kind::Name, false),
                ("Lee Min", Kind::Person, false),
            ]
        );
        // Not after a head word: a title before a person.
        assert_eq!(
            names("Then Attorney General Meng Lu spoke."),
            vec![("Meng Lu", Kind::Person, false)]
        );
    }

    #[test]
    fn a_plural_possessive_stays_inside_an_organisation_only() {
        assert_eq!(
            names("Then the Dockers' Union and the Farmers’ Association met."),
            vec![
                ("Dockers' Union", Kind::Organisation, false),
                ("Farmers’ Association", Kind::Organisation, false),
            ]
        );
        // Elsewhere it ends the name before it, as a singular one does.
        assert_eq!(
            names("Then the Teachers' Day came, and Jones' Kamakura trip."),
            vec![
                ("Teachers", Kind::Name, false),
                ("Jones", Kind::Name, false),
                ("Kamakura", Kind::Name, false),
            ]
        );
    }

    #[test]
    fn a_byline_role_after_the_author_is_no_part_of_the_name() {
        assert_eq!(
            names("Source: the wire. Author: Pan Lixin Responsible Editor: Gu Mei"),
            vec![
                ("Author", Kind::Name, true),
                ("Pan Lixin", Kind::Name, true),
                ("Gu Mei", Kind::Name, true),
            ]
        );
    }

    #[test]
    fn a_dateline_after_a_news_organisation_is_its_own_name() {
        assert_eq!(
            names("It was reported by Yomiuri News Agency Canberra on May 2."),
            vec![
                ("Yomiuri News Agency", Kind::Organisation, false),
                ("Canberra", Kind::Name, false),
            ]
        );
        // Any other head word keeps the run whole, and a title after it is no place.
        assert_eq!(
            names(
                "Then Tokyo Gas Company Kanagawa said. Then Kyodo News Agency Director Sato spoke."
            ),
            vec![
                ("Kyodo News Agency", Kind::Name, false),
                ("Sato", Kind::Person, false)
            ]
        );
    }

    #[test]
    fn sentence_openers_are_marked_and_acronyms_skipped() {
        let found = names("Takeshi Funakoshi attended. NHK said so. In March, Kato spoke.");
        assert_eq!(
            found,
            vec![
                ("Takeshi Funakoshi", Kind::Name, true),
                ("Kato", Kind::Name, false),
            ]
        );
    }

    #[test]
    fn punctuation_and_line_breaks_separate_names() {
        let found = names("Kim, Lee\nPark and Choi-Soon");
        assert_eq!(
            found.iter().map(|f| f.0).collect::<Vec<_>>(),
            vec!["Kim", "Lee", "Park", "Choi-Soon"]
        );
    }
}
