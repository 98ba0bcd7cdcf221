//! Pinyin: the readings of Chinese characters, and which Latin strings are pinyin syllables.
//!
//! Readings come from the `pinyin` crate (every reading of a heteronym), plus the surname
//! readings of `rules/names/source-zh.toml` (单 Shan, 区 Ou), toneless and in lower case.
//! ü is written every way English text writes it: `lü` is also `lv`, `lu` and `lyu`.

use std::sync::LazyLock;

use pinyin::ToPinyinMulti;
use rustc_hash::FxHashSet as HashSet;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Every toneless syllable some CJK character reads as, in every ü spelling. Interjection
/// syllables without a vowel (hm, ng) are left out: no name is written with them.
static SYLLABLES: LazyLock<HashSet<String>> = LazyLock::new(|| {
    let mut set = HashSet::default();
    for c in ('\u{3400}'..='\u{4DBF}').chain('\u{4E00}'..='\u{9FFF}') {
        for r in crate_readings(c) {
            if r.bytes().any(|b| b"aeiouv".contains(&b)) {
                set.insert(r);
            }
        }
    }
    set
});

/// The crate's readings of `c`, each in every ü spelling.
fn crate_readings(c: char) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(multi) = c.to_pinyin_multi() {
        for p in multi {
            push_spellings(p.plain(), &mut out);
        }
    }
    out
}

/// Adds `reading` to `out` in every way it is written in Latin letters (ü as u, v and yu).
pub fn push_spellings(reading: &str, out: &mut Vec<String>) {
    let plain = reading.to_lowercase();
    let forms: Vec<String> = if plain.contains('ü') {
        ["v", "u", "yu"]
            .iter()
            .map(|r| plain.replace('ü', r))
            .collect()
    } else {
        vec![plain]
    };
    for f in forms {
        if !out.contains(&f) {
            out.push(f);
        }
    }
}

/// Every reading of `c`: the crate's, then `extra` (surname readings from data).
pub fn readings(c: char, extra: &[String]) -> Vec<String> {
    let mut out = crate_readings(c);
    for r in extra {
        push_spellings(r, &mut out);
    }
    out
}

/// Whether `s` (lower case) is a pinyin syllable.
pub fn is_syllable(s: &str) -> bool {
    SYLLABLES.contains(s)
}

/// How many pinyin syllables there are (in every ü spelling).
#[cfg(test)]
pub fn syllable_count() -> usize {
    SYLLABLES.len()
}

/// Every string one letter away from a pinyin syllable (one added, left out or changed) that
/// is no syllable itself, of two letters or more: the slips of the pen a romanised name may
/// hold ("Darqiang", "Beijng").
static SLIPS: LazyLock<HashSet<String>> = LazyLock::new(|| {
    let mut set = HashSet::default();
    for s in SYLLABLES.iter() {
        for slip in one_letter_edits(s) {
            if slip.len() >= 2 && !SYLLABLES.contains(&slip) {
                set.insert(slip);
            }
        }
    }
    set
});

/// Every string `s` (lower-case ASCII) becomes with one letter added, left out or changed.
fn one_letter_edits(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    for i in 0..=s.len() {
        for c in b'a'..=b'z' {
            let c = char::from(c);
            out.push(format!("{}{c}{}", &s[..i], &s[i..]));
            if i < s.len() && !s[i..].starts_with(c) {
                out.push(format!("{}{c}{}", &s[..i], &s[i + 1..]));
            }
        }
        if i < s.len() {
            out.push(format!("{}{}", &s[..i], &s[i + 1..]));
        }
    }
    out
}

/// How `slip` departs from `reading` by one letter, if it does: `Added` holds whether the
/// added letter doubles its neighbour ("Sunning" for su-ning).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slip {
    Added { doubled: bool },
    LeftOut,
    Changed,
}

/// The one-letter slip that turns `reading` into `written` (both lower-case ASCII), if any.
pub fn slip(reading: &str, written: &str) -> Option<Slip> {
    let (r, w) = (reading.as_bytes(), written.as_bytes());
    let p = r.iter().zip(w).take_while(|(a, b)| a == b).count();
    if w.len() == r.len() + 1 && w[p + 1..] == r[p..] {
        let doubled = (p > 0 && w[p - 1] == w[p]) || w.get(p + 1) == Some(&w[p]);
        Some(Slip::Added { doubled })
    } else if r.len() == w.len() + 1 && r[p + 1..] == w[p..] {
        Some(Slip::LeftOut)
    } else if r.len() == w.len() && p < r.len() && r[p + 1..] == w[p + 1..] {
        Some(Slip::Changed)
    } else {
        None
    }
}

/// Whether `s` is one letter away from a pinyin syllable without being one.
pub fn is_slip(s: &str) -> bool {
    SLIPS.contains(s)
}

/// Whether `letters` can be cut into pinyin syllables but for one slip of the pen, beside one
/// syllable or more: "Darqiang" is da-qiang misspelt, "Cat" is no pinyin at all.
pub fn cuts_into_with_a_slip(letters: &str) -> bool {
    let n = letters.len();
    // can[k][i]: letters[i..] cuts into syllables with k slips.
    let mut can = [vec![false; n + 1], vec![false; n + 1]];
    can[0][n] = true;
    for i in (0..n).rev() {
        for j in i + 1..=n.min(i + 7) {
            let piece = &letters[i..j];
            if is_syllable(piece) {
                can[0][i] |= can[0][j];
                can[1][i] |= can[1][j];
            } else if can[0][j] && is_slip(piece) {
                can[1][i] = true;
            }
        }
    }
    // At least one real syllable: the slip alone is a whole word.
    can[1][0] && !is_slip(letters)
}

/// Whether `word` can be cut into pinyin syllables (an apostrophe may mark a cut).
pub fn is_pinyin_word(word: &str) -> bool {
    cuts_into(&letters(word), is_syllable)
}

/// Whether `letters` (from [`letters`]) can be cut into strings that are all `syllable`s.
pub fn cuts_into(letters: &str, syllable: impl Fn(&str) -> bool) -> bool {
    if letters.is_empty() {
        return false;
    }
    // can[i]: letters[i..] can be cut into syllables.
    let n = letters.len();
    let mut can = vec![false; n + 1];
    can[n] = true;
    for i in (0..n).rev() {
        can[i] = (i + 1..=n.min(i + 6)).any(|j| can[j] && syllable(&letters[i..j]));
    }
    can[0]
}

/// `word` in lower case, without apostrophes and accents (Ōtani is otani, Lǚ is lu), or empty
/// when it holds anything else than letters and apostrophes (a hyphen means another system).
pub fn letters(word: &str) -> String {
    let folded: String = word.nfd().filter(|c| !is_combining_mark(*c)).collect();
    if !folded
        .chars()
        .all(|c| c.is_ascii_alphabetic() || matches!(c, '\'' | '’'))
    {
        return String::new();
    }
    folded
        .chars()
        .filter(char::is_ascii_alphabetic)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// Whether `c` is a CJK unified ideograph (a Han character).
pub fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heteronyms_give_every_reading() {
        let r = readings('单', &[]);
        assert!(r.contains(&"dan".to_string()), "{r:?}");
        assert!(r.contains(&"shan".to_string()), "{r:?}");
        assert_eq!(readings('鄂', &[]), vec!["e"]);
    }

    #[test]
    fn u_umlaut_is_written_three_ways() {
        let r = readings('吕', &[]);
        for s in ["lv", "lu", "lyu"] {
            assert!(r.contains(&s.to_string()), "{r:?}");
        }
    }

    #[test]
    fn data_readings_are_added() {
        assert!(readings('区', &["ou".to_string()]).contains(&"ou".to_string()));
    }

    #[test]
    fn pinyin_words() {
        for w in ["Jingping", "Xi'an", "Zhongmou", "Lyu", "E", "Lǚ"] {
            assert!(is_pinyin_word(w), "{w}");
        }
        for w in [
            "Darming",
            "Morris",
            "Ing-wen",
            "Matsuyama",
            "Jörg",
            "Łódź",
            "",
        ] {
            assert!(!is_pinyin_word(w), "{w}");
        }
    }

    #[test]
    fn slips_of_one_letter() {
        assert_eq!(
            slip("suning", "sunning"),
            Some(Slip::Added { doubled: true })
        );
        assert_eq!(slip("da", "dar"), Some(Slip::Added { doubled: false }));
        assert_eq!(slip("shanghai", "shangai"), Some(Slip::LeftOut));
        assert_eq!(slip("bei", "pei"), Some(Slip::Changed));
        for (reading, written) in [("da", "da"), ("da", "dara"), ("ming", "mnig"), ("", "")] {
            assert_eq!(slip(reading, written), None, "{written}");
        }
    }

    #[test]
    fn words_with_one_slip_beside_real_syllables() {
        for w in ["darming", "beijng", "guangzho"] {
            assert!(cuts_into_with_a_slip(w), "{w}");
        }
        // A slip alone, two slips, or no pinyin at all.
        for w in ["dar", "darmingg", "morris", "cat", ""] {
            assert!(!cuts_into_with_a_slip(w), "{w}");
        }
    }
}
