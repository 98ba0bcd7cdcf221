//! Comparison keys for names. Text is never rewritten: these keys exist only to decide which
//! spellings are "the same name".
//!
//! Three strengths, each coarser than the last:
//! - [`fold`]: NFKC, diacritics removed, lower case ("Tōkyō" = "Tokyo").
//! - [`roman`]: also without hyphens, apostrophes and long-vowel spellings ("Jae-in" = "Jaein",
//!   "Yousuke" = "Yosuke"). Two spellings with one roman key are one name romanised two ways.
//! - [`sound`]: also through the confusions transliteration produces (r/l, eu/u, RR vs
//!   McCune–Reischauer surnames, Wade–Giles syllables). Two spellings with one sound key but
//!   different roman keys are near misses of each other.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use super::data::NameData;
use crate::document::ascii;

/// NFKC, then without combining marks, in lower case.
pub fn fold(s: &str) -> String {
    if s.is_ascii() {
        // Nothing to normalise: the common case, kept cheap because it runs per word.
        return s.to_ascii_lowercase();
    }
    let mut out = String::with_capacity(s.len());
    for c in s.nfkc().collect::<String>().nfd() {
        if is_combining_mark(c) {
            continue;
        }
        match c {
            'ø' | 'Ø' => out.push('o'),
            'ł' | 'Ł' => out.push('l'),
            'đ' | 'Đ' => out.push('d'),
            '’' | 'ʼ' | '‘' => out.push('\''),
            _ => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// `f` of [`fold`]`(word)`.
pub(crate) fn with_folded<R>(word: &str, f: impl FnOnce(&str) -> R) -> R {
    with_folded_bytes(word, |lower| {
        f(std::str::from_utf8(lower).unwrap_or_default())
    })
}

/// `f` of the bytes of [`fold`]`(word)`. Runs for every capitalised word, so a short ASCII
/// word is lower-cased on the stack, eight bytes at a time, rather than folded into a new
/// string.
pub(crate) fn with_folded_bytes<R>(word: &str, f: impl FnOnce(&[u8]) -> R) -> R {
    let mut buf = [0u8; 32];
    if let Some(head) = buf.get_mut(..word.len()) {
        head.copy_from_slice(word.as_bytes());
        let mut high = 0;
        // The chunks the word reaches: the rest of the buffer is zeros.
        for chunk in buf[..word.len().next_multiple_of(8)].chunks_exact_mut(8) {
            let w = u64::from_le_bytes((&*chunk).try_into().expect("eight bytes"));
            high |= w & ascii::HIGH;
            chunk.copy_from_slice(&ascii::to_lower(w).to_le_bytes());
        }
        if high == 0 {
            return f(&buf[..word.len()]);
        }
    }
    f(fold(word).as_bytes())
}

/// [`fold`] without hyphens, apostrophes and spaces.
pub fn strip(s: &str) -> String {
    if s.is_ascii() {
        // Folding ASCII lower-cases it, and its joiners are ASCII: one copy, and a pass to
        // drop joiners only when there are any (most names have none).
        let mut out = s.to_ascii_lowercase();
        if out.bytes().any(|b| is_joiner(char::from(b))) {
            out.retain(|c| !is_joiner(c));
        }
        return out;
    }
    strip_folded(fold(s))
}

/// [`strip`] of a word from its [`fold`].
pub fn strip_folded(mut folded: String) -> String {
    folded.retain(|c| !is_joiner(c));
    folded
}

fn is_joiner(c: char) -> bool {
    matches!(c, '-' | '\'' | ' ' | '‐' | '‑')
}

/// The roman key of one token: [`strip`], then long vowels written one way.
pub fn roman(data: &NameData, token: &str) -> String {
    roman_stripped(data, strip(token))
}

/// [`roman`] of a word from its [`strip`].
pub fn roman_stripped(data: &NameData, stripped: String) -> String {
    rewrite(stripped, &data.long_vowels, true)
}

/// The sound key of one token: the roman key through the transliteration confusions.
/// `classes` also maps whole tokens through their equivalence class (Jeong = Chung), which is
/// right for a full name but too loose for a lone surname (two people may be Jeong and Chung).
pub fn sound(data: &NameData, token: &str, classes: bool) -> String {
    sound_folded(data, &fold(token), classes)
}

/// [`sound`] of a word from its [`fold`].
pub fn sound_folded(data: &NameData, folded: &str, classes: bool) -> String {
    // Hyphenated syllables may be Wade–Giles ("Tse-tung"): map each to pinyin first.
    let mapped: String = if folded.contains('-') {
        folded
            .split('-')
            .map(|syl| data.syllable_map.get(syl).map_or(syl, String::as_str))
            .collect()
    } else {
        folded.to_string()
    };
    let mut s = mapped;
    s.retain(|c| !is_joiner(c));
    if classes && let Some(head) = data.token_class.get(&s) {
        s = head.clone();
    }
    let s = rewrite(s, &data.long_vowels, true);
    rewrite(s, &data.sound, false)
}

/// Applies each (from, to) rewrite left to right. With `before_consonant`, a match is only
/// rewritten at the end of the word or before a consonant ("Yousuke" -> "Yosuke" but
/// "Inoue" keeps its "ou", whose "u" is a syllable of its own). A string no rule matches is
/// returned as it is, without a copy.
fn rewrite(mut s: String, rules: &[(String, String)], before_consonant: bool) -> String {
    // The bytes of `s`, each as bit `b % 64`: a rule one of whose bytes is missing cannot
    // match, and most rules are passed over without a search.
    let bits = |s: &str| s.bytes().fold(0u64, |bits, b| bits | 1 << (b & 63));
    let mut present = bits(&s);
    for (from, to) in rules {
        if from.is_empty() || bits(from) & !present != 0 {
            continue;
        }
        let Some(first) = find(&s, from) else {
            continue;
        };
        let mut out = String::with_capacity(s.len());
        let mut rest = s.as_str();
        let mut at = Some(first);
        while let Some(i) = at {
            let after = &rest[i + from.len()..];
            let next_vowel = after.chars().next().is_some_and(is_vowel);
            out.push_str(&rest[..i]);
            if before_consonant && next_vowel {
                // Keep the first char and look again from the next one.
                let c = rest[i..].chars().next().map_or(1, char::len_utf8);
                out.push_str(&rest[i..i + c]);
                rest = &rest[i + c..];
            } else {
                out.push_str(to);
                rest = after;
            }
            at = find(rest, from);
        }
        out.push_str(rest);
        s = out;
        present = bits(&s);
    }
    s
}

/// Where `needle` first occurs in `hay`: [`str::find`] without its searcher's set-up, which
/// costs more than the search itself for a word and the short rewrites, and runs for every
/// rewrite rule of every key. Byte by byte: a match of whole UTF-8 sequences starts and ends
/// on char boundaries.
fn find(hay: &str, needle: &str) -> Option<usize> {
    let (hay, needle) = (hay.as_bytes(), needle.as_bytes());
    let Some((&first, rest)) = needle.split_first() else {
        return Some(0);
    };
    let last_start = hay.len().checked_sub(needle.len())?;
    // Byte by byte: a slice comparison would call `memcmp` for a rule of two bytes.
    (0..=last_start)
        .find(|&i| hay[i] == first && rest.iter().zip(&hay[i + 1..]).all(|(a, b)| a == b))
}

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y')
}

/// How two spellings of one name differ: what the rules decide on, and the message's words.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Difference {
    Normalisation,
    Compatibility,
    Diacritics,
    Apostrophe,
    Spacing,
    NameOrder,
    /// A place word on the other side, or the words of a non-person in another order: never
    /// read off the text alone, the rules decide it.
    WordOrder,
    Romanisation,
}

impl std::fmt::Display for Difference {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str(match self {
            Difference::Normalisation => {
                "only in Unicode normalisation (composed vs decomposed characters)"
            }
            Difference::Compatibility => "only in compatibility characters (NFKC)",
            Difference::Diacritics => "in diacritics",
            Difference::Apostrophe => "in an apostrophe",
            Difference::Spacing => "in hyphenation or spacing",
            Difference::NameOrder => "in name order",
            Difference::WordOrder => "in word order",
            Difference::Romanisation => "in romanisation",
        })
    }
}

/// How two spellings of one name differ.
pub fn difference(a: &str, b: &str) -> Difference {
    let without_apostrophes = |s: &str| {
        let mut f = fold(s);
        f.retain(|c| c != '\'');
        f
    };
    let nfc = |s: &str| s.nfc().collect::<String>();
    let nfkc = |s: &str| s.nfkc().collect::<String>();
    let tokens = |s: &str| -> Vec<String> { s.split(' ').map(strip).collect() };
    if nfc(a) == nfc(b) {
        Difference::Normalisation
    } else if nfkc(a) == nfkc(b) {
        Difference::Compatibility
    } else if fold(a) == fold(b) {
        Difference::Diacritics
    } else if without_apostrophes(a) == without_apostrophes(b) {
        Difference::Apostrophe
    } else if strip(a) == strip(b) {
        Difference::Spacing
    } else {
        let (mut ta, tb) = (tokens(a), tokens(b));
        ta.reverse();
        if ta == tb {
            Difference::NameOrder
        } else {
            Difference::Romanisation
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_removes_diacritics_and_normalisation_differences() {
        assert_eq!(fold("Tōkyō"), "tokyo");
        assert_eq!(fold("To\u{304}kyo\u{304}"), "tokyo");
        assert_eq!(fold("Ｋａｔｏ"), "kato");
        assert_eq!(strip("Jae-in"), "jaein");
    }

    #[test]
    fn keys_from_the_fold_are_the_keys_of_the_word() {
        let d = NameData::builtin();
        let long = "Hyun-jin".repeat(40);
        for w in [
            "",
            "Jeong",
            "Eui-yong",
            "Kōno",
            "Tse-tung",
            "O’Brien",
            "Ｋａｔｏ",
            "a\r",
            "Łódź",
            &long,
        ] {
            let folded = fold(w);
            assert_eq!(strip_folded(folded.clone()), strip(w), "{w:?}");
            assert_eq!(roman_stripped(&d, strip(w)), roman(&d, w), "{w:?}");
            for classes in [false, true] {
                assert_eq!(
                    sound_folded(&d, &folded, classes),
                    sound(&d, w, classes),
                    "{w:?}"
                );
            }
        }
    }

    #[test]
    fn find_is_str_find() {
        let words = [
            "", "o", "ou", "oou", "yousuke", "ōno", "oō", "eu", "ueu", "ōō",
        ];
        for hay in words {
            for needle in words {
                assert_eq!(find(hay, needle), hay.find(needle), "{hay:?} {needle:?}");
            }
        }
    }

    /// [`rewrite`] as it was: every rule searched by [`str::find`].
    fn rewrite_slow(s: &str, rules: &[(String, String)], before_consonant: bool) -> String {
        let mut s = s.to_string();
        for (from, to) in rules {
            if from.is_empty() || !s.contains(from.as_str()) {
                continue;
            }
            let mut out = String::new();
            let mut rest = s.as_str();
            while let Some(i) = rest.find(from.as_str()) {
                let after = &rest[i + from.len()..];
                out.push_str(&rest[..i]);
                if before_consonant && after.chars().next().is_some_and(is_vowel) {
                    let c = rest[i..].chars().next().map_or(1, char::len_utf8);
                    out.push_str(&rest[i..i + c]);
                    rest = &rest[i + c..];
                } else {
                    out.push_str(to);
                    rest = after;
                }
            }
            out.push_str(rest);
            s = out;
        }
        s
    }

    #[test]
    fn rewrite_is_rewrite_by_str_find() {
        let d = NameData::builtin();
        let rules = [
            ("ou", "o"),
            ("r", "l"),
            ("", "x"),
            ("ō", "o"),
            ("uu", "u"),
            ("l", "rr"),
        ]
        .map(|(a, b)| (a.to_string(), b.to_string()));
        for w in [
            "", "yousuke", "inoue", "ouou", "ryuu", "kōno", "ōōo", "rrl", "kim", "ouō",
        ] {
            for before_consonant in [true, false] {
                for rules in [&rules[..], &d.long_vowels, &d.sound] {
                    assert_eq!(
                        rewrite(w.to_string(), rules, before_consonant),
                        rewrite_slow(w, rules, before_consonant),
                        "{w:?}"
                    );
                }
            }
        }
    }

    /// [`strip`] as it was: [`fold`], then without joiners.
    fn strip_slow(s: &str) -> String {
        let mut f = fold(s);
        f.retain(|c| !is_joiner(c));
        f
    }

    #[test]
    fn fast_paths_fold_as_fold_does() {
        let words = [
            "",
            "A",
            "Motegi",
            "Jae-in",
            "O'Neil",
            "New York",
            "AbCdEfGhIjKlMnOpQrStUvWxYz@[`{09",
            "AbCdEfGhIjKlMnOpQrStUvWxYz@[`{09X",
            "Tōkyō",
            "Ｋａｔｏ",
            "Teachers’",
            "ÉCOLE",
            "Lee\u{2010}Min",
        ];
        for w in words {
            assert_eq!(strip(w), strip_slow(w), "{w:?}");
            assert_eq!(
                with_folded_bytes(w, <[u8]>::to_vec),
                fold(w).into_bytes(),
                "{w:?}"
            );
            assert_eq!(with_folded(w, str::to_string), fold(w), "{w:?}");
        }
        for b in 0..0x80u8 {
            let w = format!("x{}Y", char::from(b));
            assert_eq!(strip(&w), strip_slow(&w), "{w:?}");
            assert_eq!(with_folded_bytes(&w, <[u8]>::to_vec), fold(&w).into_bytes());
        }
    }

    #[test]
    fn roman_keys_merge_long_vowel_spellings() {
        let d = NameData::builtin();
        assert_eq!(roman(&d, "Yousuke"), roman(&d, "Yōsuke"));
        assert_eq!(roman(&d, "Oono"), roman(&d, "Ōno"));
        assert_eq!(roman(&d, "Ohno"), roman(&d, "Ono"));
        assert_eq!(roman(&d, "Inoue"), "inoue");
        assert_ne!(roman(&d, "Kato"), roman(&d, "Kano"));
    }

    #[test]
    fn sound_keys_merge_transliteration_confusions() {
        let d = NameData::builtin();
        assert_eq!(sound(&d, "Brinken", false), sound(&d, "Blinken", false));
        assert_eq!(sound(&d, "Jeong", true), sound(&d, "Chung", true));
        assert_ne!(sound(&d, "Jeong", false), sound(&d, "Chung", false));
        assert_eq!(sound(&d, "Lee", true), sound(&d, "Rhee", true));
        assert_eq!(sound(&d, "Tse-tung", true), sound(&d, "Zedong", true));
        assert_ne!(sound(&d, "Kim", true), sound(&d, "Kang", true));
    }

    #[test]
    fn differences_are_named() {
        assert_eq!(
            difference("Kato\u{304}", "Kat\u{14d}").to_string(),
            "only in Unicode normalisation (composed vs decomposed characters)"
        );
        assert_eq!(
            difference("Katō Katsunobu", "Kato Katsunobu").to_string(),
            "in diacritics"
        );
        assert_eq!(
            difference("Lee Sang-yeol", "Lee Sangyeol").to_string(),
            "in hyphenation or spacing"
        );
        assert_eq!(
            difference("Takeshi Funakoshi", "Funakoshi Takeshi").to_string(),
            "in name order"
        );
        assert_eq!(
            difference("Teachers' Forum", "Teachers Forum").to_string(),
            "in an apostrophe"
        );
        assert_eq!(
            difference("Teachers’ Forum", "Teachers-Forum").to_string(),
            "in hyphenation or spacing"
        );
    }
}
