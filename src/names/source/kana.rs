//! Katakana: names written in katakana, cut into morae, each with its romanisations.
//!
//! A mora's readings are its Hepburn romanisation (from `wana_kana`) and the other spellings
//! English text uses for it: Kunrei (si, ti, tu, hu, zi), a long vowel written out, with `h`
//! or left out (オオタニ Otani, Ohtani, Ootani), ッ as a doubled consonant, ン as n or m.
//! Only names read as Japanese are judged: a foreign name in katakana (スパンジェンバーグ) is
//! written in its own spelling, which cannot be cut into these syllables, so it never pairs.

use std::ops::Range;
use std::sync::LazyLock;

use rustc_hash::FxHashSet as HashSet;
use wana_kana::ConvertJapanese;

use super::Unit;

pub(super) fn is_katakana(c: char) -> bool {
    matches!(c, '\u{30A1}'..='\u{30FA}' | 'ー')
}

fn is_small(c: char) -> bool {
    matches!(
        c,
        'ァ' | 'ィ' | 'ゥ' | 'ェ' | 'ォ' | 'ャ' | 'ュ' | 'ョ' | 'ヮ'
    )
}

/// Every spelling of a mora's Hepburn romanisation `h`.
fn spellings(h: &str) -> Vec<String> {
    let mut out = vec![h.to_string()];
    let mut add = |s: String| {
        if !out.contains(&s) {
            out.push(s);
        }
    };
    for (from, to) in [
        ("shi", "si"),
        ("sh", "sy"),
        ("chi", "ti"),
        ("ch", "ty"),
        ("tsu", "tu"),
        ("fu", "hu"),
        ("ji", "zi"),
        ("j", "zy"),
        ("wo", "o"),
    ] {
        if let Some(rest) = h.strip_prefix(from) {
            add(format!("{to}{rest}"));
        }
    }
    out
}

/// Every syllable a mora is written as, for cutting target words.
static SYLLABLES: LazyLock<HashSet<String>> = LazyLock::new(|| {
    let mut set = HashSet::default();
    let bases: Vec<char> = ('\u{30A2}'..='\u{30F3}')
        .filter(|&c| !is_small(c))
        .collect();
    for &b in &bases {
        let h = b.to_string().as_str().to_romaji();
        set.extend(spellings(&h));
        for s in ['ャ', 'ュ', 'ョ', 'ァ', 'ィ', 'ェ', 'ォ'] {
            let h = format!("{b}{s}").as_str().to_romaji();
            if h.is_ascii() {
                set.extend(spellings(&h));
            }
        }
    }
    set.retain(|s| !s.is_empty() && s.is_ascii());
    set
});

/// Whether `s` is a romanised mora.
pub fn is_syllable(s: &str) -> bool {
    SYLLABLES.contains(s)
}

/// Words that follow a person's name (タナカさん, サトウ氏).
const HONORIFICS: [&str; 6] = ["さん", "氏", "様", "さま", "君", "ちゃん"];

/// The katakana names of `source` that are people's names: each run of katakana followed by an
/// honorific, cut at ・ and ＝ into parts ("タナカ・ヒロシさん" gives two), as morae with their
/// readings and byte ranges. Other katakana is mostly foreign words and names (レイン, アジア,
/// スパンジェンバーグ), whose English is the original spelling and not a romanisation: near
/// misses of it ("Rain" for re-i-n) would be false alarms.
pub fn names(source: &str) -> Vec<Vec<Unit>> {
    let mut out = Vec::new();
    let mut chars = source.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if !is_katakana(c) {
            continue;
        }
        let mut end = start + c.len_utf8();
        while let Some(&(i, d)) = chars.peek() {
            if !(is_katakana(d) || is_small(d) || matches!(d, '・' | '＝')) {
                break;
            }
            end = i + d.len_utf8();
            chars.next();
        }
        if !HONORIFICS.iter().any(|h| source[end..].starts_with(h)) {
            continue;
        }
        let mut part: Vec<(Range<usize>, String)> = Vec::new();
        for (i, c) in source[start..end].char_indices() {
            let range = start + i..start + i + c.len_utf8();
            if is_small(c)
                && let Some(last) = part.last_mut()
            {
                last.0.end = range.end;
                last.1.push(c);
            } else if is_katakana(c) {
                part.push((range, c.to_string()));
            } else if !part.is_empty() {
                out.push(read(std::mem::take(&mut part)));
            }
        }
        if !part.is_empty() {
            out.push(read(part));
        }
    }
    out
}

fn vowel(reading: &str) -> Option<char> {
    reading.chars().last().filter(|c| "aeiou".contains(*c))
}

/// Readings of each mora of one part, in context (a long vowel repeats the vowel before it).
fn read(morae: Vec<(Range<usize>, String)>) -> Vec<Unit> {
    let hepburn: Vec<String> = morae.iter().map(|(_, m)| m.as_str().to_romaji()).collect();
    let mut units = Vec::with_capacity(morae.len());
    for (i, (range, mora)) in morae.iter().enumerate() {
        let prev = i.checked_sub(1).and_then(|p| vowel(&hepburn[p]));
        let next_first = hepburn
            .get(i + 1)
            .and_then(|n| n.chars().next())
            .map(String::from);
        let mut readings: Vec<String> = match mora.as_str() {
            "ー" => {
                let mut r = vec![String::new(), "h".to_string()];
                r.extend(prev.map(String::from));
                r
            }
            "ッ" => {
                let mut r = vec![String::new()];
                r.extend(next_first);
                if hepburn.get(i + 1).is_some_and(|n| n.starts_with("ch")) {
                    r.push("t".to_string());
                }
                r
            }
            "ン" => vec!["n".to_string(), "m".to_string()],
            _ => spellings(&hepburn[i]),
        };
        // A long vowel written with a vowel kana (オオ, ウウ, オウ, エイ) may be left out.
        if matches!(
            (prev, mora.as_str()),
            (Some('o'), "オ" | "ウ") | (Some('u'), "ウ") | (Some('e'), "イ")
        ) {
            readings.push(String::new());
            readings.push("h".to_string());
        }
        readings.retain(|r| r.is_ascii());
        let expected = readings.first().cloned().unwrap_or_default();
        units.push(Unit {
            range: range.clone(),
            readings,
            expected,
        });
    }
    units
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::names::source::align::align;
    use crate::names::source::pinyin::letters;

    fn cost(kana: &str, target: &str) -> Option<usize> {
        let units = &names(&format!("{kana}さん"))[0];
        let readings: Vec<Vec<String>> = units.iter().map(|u| u.readings.clone()).collect();
        let words: Vec<String> = target.split(' ').map(letters).collect();
        align(&readings, &words, is_syllable, false).map(|a| a.cost())
    }

    #[test]
    fn parts_and_morae() {
        let found = names("監督のキリアン・エムバペさんが");
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].len(), 4, "キ リ ア ン");
        let shu = names("シューコ氏");
        assert_eq!(shu[0].len(), 3, "シュ ー コ");
        assert!(names("レインが降った").is_empty(), "not a person");
    }

    #[test]
    fn hepburn_and_its_variants_read() {
        assert_eq!(cost("タナカ", "Tanaka"), Some(0));
        assert_eq!(cost("オオタニ", "Ohtani"), Some(0));
        assert_eq!(cost("オオタニ", "Otani"), Some(0));
        assert_eq!(cost("サトウ", "Sato"), Some(0));
        assert_eq!(cost("ツチヤ", "Tsuchiya"), Some(0));
        assert_eq!(cost("ツチヤ", "Tutiya"), Some(0));
        assert_eq!(cost("ハットリ", "Hattori"), Some(0));
    }

    #[test]
    fn a_misread_mora_costs_one_and_foreign_spellings_do_not_align() {
        assert_eq!(cost("タナカ", "Tanuka"), Some(1));
        assert_eq!(cost("スパンジェンバーグ", "Spangenberg"), None);
    }
}
