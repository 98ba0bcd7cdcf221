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
            "Darqiang",
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
}
