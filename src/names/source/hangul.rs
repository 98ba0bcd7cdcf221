//! Hangul: each syllable decomposed into its letters (jamo), and romanised by Revised
//! Romanization together with the spellings Korean names keep in English (McCune–Reischauer
//! and personal forms: 재 jae or chae, 어 eo or o or u). A surname has its own established
//! forms (이 Lee, Yi, Rhee; 박 Park), which are data in `rules/names/source-ko.toml`.
//! Syllables are read in isolation: a name's sound changes across syllables are left to the
//! alternatives of each syllable, which is lenient on purpose.

use std::sync::LazyLock;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use serde::Deserialize;

use super::Unit;

const INITIALS: [&[&str]; 19] = [
    &["g", "k"],
    &["kk", "gg"],
    &["n"],
    &["d", "t"],
    &["tt", "dd"],
    &["r", "l", "n"],
    &["m"],
    &["b", "p"],
    &["pp", "bb"],
    &["s", "sh"],
    &["ss"],
    &[""],
    &["j", "ch"],
    &["jj", "tch"],
    &["ch"],
    &["k"],
    &["t"],
    &["p"],
    &["h"],
];

const VOWELS: [&[&str]; 21] = [
    &["a"],
    &["ae", "ai", "e"],
    &["ya"],
    &["yae"],
    &["eo", "o", "u"],
    &["e"],
    &["yeo", "yo", "you", "yu"],
    &["ye", "e"],
    &["o", "oh"],
    &["wa"],
    &["wae"],
    &["oe", "oi", "we"],
    &["yo"],
    &["u", "oo"],
    &["wo", "weo"],
    &["we"],
    &["wi", "wee"],
    &["yu", "yoo"],
    &["eu", "u"],
    &["ui", "eui", "i"],
    &["i", "ee", "yi"],
];

const FINALS: [&[&str]; 28] = [
    &[""],
    &["k", "g"],
    &["k", "kk"],
    &["k"],
    &["n"],
    &["n"],
    &["n"],
    &["t", "d"],
    &["l", "r"],
    &["k"],
    &["m"],
    &["l"],
    &["l"],
    &["l"],
    &["p"],
    &["l"],
    &["m"],
    &["p", "b"],
    &["p"],
    &["t", "s"],
    &["t", "ss"],
    &["ng"],
    &["t"],
    &["t"],
    &["k"],
    &["t"],
    &["p"],
    &["t"],
];

fn is_hangul(c: char) -> bool {
    ('\u{AC00}'..='\u{D7A3}').contains(&c)
}

/// Every spelling of one syllable in isolation, Revised Romanization first.
pub fn syllable_readings(c: char) -> Vec<String> {
    if !is_hangul(c) {
        return Vec::new();
    }
    let index = c as usize - 0xAC00;
    let (initial, vowel, last) = (index / (21 * 28), index / 28 % 21, index % 28);
    let mut out = Vec::new();
    for i in INITIALS[initial] {
        for v in VOWELS[vowel] {
            for f in FINALS[last] {
                let s = format!("{i}{v}{f}");
                if !out.contains(&s) {
                    out.push(s);
                }
            }
        }
    }
    out
}

static SYLLABLES: LazyLock<HashSet<String>> = LazyLock::new(|| {
    let mut set: HashSet<String> = ('\u{AC00}'..='\u{D7A3}')
        .flat_map(syllable_readings)
        .collect();
    set.extend(DATA.surnames.values().flatten().cloned());
    set
});

/// Whether `s` is a romanised Hangul syllable.
pub fn is_syllable(s: &str) -> bool {
    SYLLABLES.contains(s)
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct DataFile {
    surnames: Vec<(String, Vec<String>)>,
}

/// Korean surnames and their established English forms.
#[derive(Debug)]
pub struct KoData {
    surnames: HashMap<char, Vec<String>>,
}

pub const BUILTIN: (&str, &str) = (
    "rules/names/source-ko.toml",
    include_str!("../../../rules/names/source-ko.toml"),
);

/// The built-in data, parsed once. A test checks the shipped file parses.
pub static DATA: LazyLock<KoData> = LazyLock::new(|| {
    let file: DataFile = toml::from_str(BUILTIN.1).expect("rules/names/source-ko.toml is valid");
    KoData {
        surnames: file
            .surnames
            .into_iter()
            .filter_map(|(s, forms)| Some((s.chars().next()?, forms)))
            .collect(),
    }
});

/// A candidate Korean name: where it starts, and whether it starts with a surname.
pub struct Word {
    pub at: usize,
    pub units: Vec<Unit>,
    pub surname: bool,
}

/// The Hangul words of `source` (names start words, particles follow them: 문재인은), each
/// with up to four syllables and their readings; a known surname adds its English forms to
/// the first syllable.
pub fn words(source: &str) -> Vec<Word> {
    let mut out = Vec::new();
    let mut chars = source.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        if !is_hangul(c) {
            continue;
        }
        let mut syllables = vec![(at, c)];
        while let Some(&(i, d)) = chars.peek() {
            if !is_hangul(d) {
                break;
            }
            syllables.push((i, d));
            chars.next();
        }
        let surname = DATA.surnames.get(&c);
        let units = syllables
            .iter()
            .take(4)
            .enumerate()
            .map(|(k, &(i, ch))| {
                let mut readings = syllable_readings(ch);
                if k == 0
                    && let Some(forms) = surname
                {
                    for f in forms {
                        if !readings.contains(f) {
                            readings.push(f.clone());
                        }
                    }
                }
                Unit {
                    range: i..i + ch.len_utf8(),
                    expected: readings.first().cloned().unwrap_or_default(),
                    readings,
                }
            })
            .collect();
        out.push(Word {
            at,
            units,
            surname: surname.is_some(),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::names::source::align::align;
    use crate::names::source::pinyin::letters;

    fn cost(hangul: &str, target: &str) -> Option<usize> {
        let units = &words(hangul)[0].units;
        let readings: Vec<Vec<String>> = units.iter().map(|u| u.readings.clone()).collect();
        let words: Vec<String> = target.split([' ', '-']).map(letters).collect();
        align(&readings, &words, is_syllable, false).map(|a| a.cost())
    }

    #[test]
    fn revised_romanization_of_syllables() {
        assert_eq!(syllable_readings('한')[0], "han");
        assert_eq!(syllable_readings('서')[0], "seo");
        assert_eq!(syllable_readings('울')[0], "ul");
        assert_eq!(syllable_readings('정')[0], "jeong");
    }

    #[test]
    fn established_name_spellings_read() {
        assert_eq!(cost("문재인", "Moon Jae-in"), Some(0));
        assert_eq!(cost("문재인", "Mun Jae In"), Some(0));
        assert_eq!(cost("이재명", "Lee Jae-myung"), Some(0));
        assert_eq!(cost("박근혜", "Park Geun-hye"), Some(0));
        assert_eq!(cost("반기문", "Ban Ki-moon"), Some(0));
        assert_eq!(cost("정의용", "Chung Eui-yong"), Some(0));
    }

    #[test]
    fn a_misread_syllable_costs_one() {
        assert_eq!(cost("문재인", "Moon Jae-ik"), Some(1));
        assert_eq!(cost("박근혜", "Park Gun-hwa"), Some(1));
    }

    #[test]
    fn the_shipped_data_parses() {
        assert!(DATA.surnames[&'이'].contains(&"lee".to_string()));
    }
}
