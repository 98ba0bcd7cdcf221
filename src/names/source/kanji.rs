//! Kanji: Japanese names written in Chinese characters, and the ways their characters read.
//!
//! A Japanese name reads its kanji by their on readings, the stems of their kun readings or the
//! readings kept for names (nanori), one after another, with the sounds joined as Japanese joins
//! them: a voiced initial inside the name (rendaku: 原 hara in 茅原 Kayahara is also bara), a
//! final つ/ち/く/き doubling the next consonant (北 hoku + 海 kai: Hokkaido), ん as m before b,
//! m and p; and written in Hepburn's English variants: long vowels as ō, ou, oo, oh or o. A
//! name that reads its kanji otherwise (湯平 Yunohira, 日本 Yamato) is read as a whole from the
//! names dictionary. Both come from the EDRDG's KANJIDIC and ENAMDICT, converted by
//! `scripts/jadict.py` into `rules/names/source-ja.txt`.

use std::ops::Range;
use std::sync::LazyLock;

use rustc_hash::FxHashMap as HashMap;
use wana_kana::ConvertJapanese;

use super::{Start, Unit, kana, pinyin};
use crate::names::source::zh::Tag;

/// Longest name considered, in kanji.
const MAX_CHARS: usize = 4;

/// The readings of `rules/names/source-ja.txt`.
struct Readings {
    /// Each kanji's readings, romaji as typed (ou, uu spelt out): its on and kun readings,
    /// then its name readings (nanori).
    kanji: HashMap<char, (Vec<&'static str>, Vec<&'static str>)>,
    /// Names whose reading is not made of their kanji's readings.
    names: HashMap<&'static str, Vec<&'static str>>,
}

static READINGS: LazyLock<Readings> = LazyLock::new(|| {
    let mut kanji = HashMap::default();
    let mut names = HashMap::default();
    for line in include_str!("../../../rules/names/source-ja.txt").lines() {
        let mut fields = line.split(' ');
        match (fields.next(), fields.next()) {
            (Some("K"), Some(k)) => {
                if let Some(c) = k.chars().next() {
                    let common = fields.by_ref().take_while(|&f| f != "/").collect();
                    kanji.insert(c, (common, fields.collect()));
                }
            }
            (Some("N"), Some(name)) => {
                names.insert(name, fields.collect());
            }
            _ => {}
        }
    }
    Readings { kanji, names }
});

/// Whether `c` is written in a kanji name: a Han character, or the repeat mark 々.
pub(super) fn is_kanji(c: char) -> bool {
    pinyin::is_han(c) || c == '々'
}

/// Whether `s` (lower-case letters) cuts into romanised morae, a doubled consonant counting as
/// one (the first t of "Hattori").
pub fn is_syllable(s: &str) -> bool {
    pinyin::cuts_into(s, |m| {
        kana::is_syllable(m) || (m.len() == 1 && "kstpc".contains(m))
    })
}

/// Whether `s` cuts into whole romanised morae, without a lone consonant: what a kanji misread
/// as another kanji's reading is written as.
pub fn is_morae(s: &str) -> bool {
    pinyin::cuts_into(s, kana::is_syllable)
}

/// Every way `reading` is written in English: Hepburn or Kunrei (shi or si, chi or ti...), long
/// vowels kept, dropped or written with h.
fn spellings(reading: &str) -> Vec<String> {
    let mut out = long_vowels(reading);
    let kunrei = [
        ("shi", "si"),
        ("sh", "sy"),
        ("chi", "ti"),
        ("ch", "ty"),
        ("tsu", "tu"),
        ("fu", "hu"),
        ("ji", "zi"),
        ("j", "zy"),
    ];
    let mut k = reading.to_string();
    for (from, to) in kunrei {
        k = k.replace(from, to);
    }
    if k != reading {
        out.extend(long_vowels(&k));
    }
    out
}

/// Every way `reading` is written with its long vowels kept, dropped or written with h.
fn long_vowels(reading: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let bytes = reading.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let pair = reading.get(i..i + 2);
        let ways: &[&str] = match pair {
            Some("ou") => &["ou", "o", "oh", "oo"],
            Some("oo") => &["oo", "o", "oh"],
            Some("uu") => &["uu", "u"],
            _ => &[],
        };
        if ways.is_empty() {
            let c = &reading[i..i + 1];
            out.iter_mut().for_each(|o| o.push_str(c));
            i += 1;
        } else {
            out = out
                .iter()
                .flat_map(|o| ways.iter().map(move |w| format!("{o}{w}")))
                .collect();
            i += 2;
        }
    }
    out
}

/// The voiced forms of a reading's first consonant (rendaku).
fn voiced(reading: &str) -> Vec<String> {
    const VOICING: [(&str, &[&str]); 8] = [
        ("k", &["g"]),
        ("sh", &["j"]),
        ("s", &["z"]),
        ("ch", &["j"]),
        ("ts", &["z"]),
        ("t", &["d"]),
        ("h", &["b", "p"]),
        ("f", &["b", "p"]),
    ];
    VOICING
        .iter()
        .find_map(|(from, to)| {
            let rest = reading.strip_prefix(from)?;
            Some(to.iter().map(|t| format!("{t}{rest}")).collect())
        })
        .unwrap_or_default()
}

/// The ways the kanji `c` is written inside a name (`first`: at its start): its on and kun
/// readings (and with `nanori` its name readings), voiced after the first kanji, doubling the
/// next consonant instead of a final tsu, chi, ku or ki, with n as m, each spelt every way.
pub fn unit_readings(c: char, first: bool, nanori: bool) -> Vec<String> {
    let Some((common, names)) = READINGS.kanji.get(&c) else {
        return Vec::new();
    };
    let base = common.iter().chain(names.iter().filter(|_| nanori));
    let mut forms: Vec<String> = Vec::new();
    for &r in base {
        let mut these = vec![r.to_string()];
        if !first {
            these.extend(voiced(r));
        }
        for f in these.clone() {
            for end in ["tsu", "chi", "ku", "ki"] {
                if let Some(stem) = f.strip_suffix(end)
                    && !stem.is_empty()
                {
                    these.extend(["k", "s", "t", "p"].map(|d| format!("{stem}{d}")));
                }
            }
            if let Some(stem) = f.strip_suffix('n') {
                these.push(format!("{stem}m"));
            }
        }
        for f in these {
            for w in spellings(&f) {
                if !forms.contains(&w) {
                    forms.push(w);
                }
            }
        }
    }
    forms
}

/// The kanji names of `source`: at every kanji of a run of kanji, the kanji from there on (up
/// to [`MAX_CHARS`]) as units with their readings, with `nanori` the readings kept for names
/// too. The target decides where the name starts and ends.
pub fn names(source: &str, nanori: bool) -> Vec<Start> {
    let chars: Vec<(usize, char)> = source.char_indices().collect();
    let mut out = Vec::new();
    for (i, &(at, c)) in chars.iter().enumerate() {
        if !is_kanji(c) || c == '々' {
            continue;
        }
        let mut units = Vec::new();
        for (j, &(b, d)) in chars[i..].iter().enumerate().take(MAX_CHARS) {
            if !is_kanji(d) {
                break;
            }
            // 々 repeats the kanji before it (佐々木 Sasaki).
            let read = if d == '々' { chars[i + j - 1].1 } else { d };
            let readings = unit_readings(read, j == 0, nanori);
            let Some(expected) = readings.first().cloned() else {
                break;
            };
            units.push(Unit {
                range: b..b + d.len_utf8(),
                readings,
                expected,
            });
        }
        if !units.is_empty() {
            out.push(Start {
                at,
                tag: Tag::Other,
                units,
                whole: false,
            });
        }
    }
    out
}

/// The readings of a kanji (its first character), as KANJIDIC lists them: on, kun, nanori.
pub fn readings(kanji: &str) -> Vec<String> {
    kanji
        .chars()
        .next()
        .and_then(|c| READINGS.kanji.get(&c))
        .map_or_else(Vec::new, |(common, names)| {
            common.iter().chain(names).map(|r| r.to_string()).collect()
        })
}

/// Whether `name` is written in kanji alone.
pub fn is_kanji_name(name: &str) -> bool {
    name.chars().all(is_kanji)
}

/// Kanji that end a name's run of kanji without being part of the name: a place, building or
/// institution written after it (高地原地区, 高地原橋).
const SUFFIXES: [&str; 24] = [
    "地区", "地域", "橋", "駅", "線", "川", "港", "湾", "島", "山", "城", "寺", "神社", "署", "市",
    "町", "村", "区", "郡", "県", "府", "都", "道", "通",
];

/// Titles written after a name, in the same run of kanji (小山田久市長, Mayor Oyamada
/// Hisashi): never the end of the name itself.
const TITLES: [&str; 16] = [
    "市長", "町長", "村長", "区長", "知事", "社長", "会長", "署長", "校長", "院長", "議長", "監督",
    "選手", "議員", "教授", "氏",
];

/// Whether a name ending at byte `end` of `source` ends its run of kanji, or is followed by a
/// suffix that ends it: a run that goes on is a longer word the name is only part of (順次発売).
pub fn ends_name(source: &str, end: usize) -> bool {
    let rest = &source[end..];
    run_end(rest)
        || SUFFIXES
            .iter()
            .any(|s| rest.strip_prefix(s).is_some_and(run_end))
}

/// Whether `rest` starts with no kanji.
fn run_end(rest: &str) -> bool {
    !rest.chars().next().is_some_and(is_kanji)
}

/// Ranks and titles written before a name, in the same run of kanji (大関貴景勝, the ozeki
/// Takakeisho).
const RANKS: [&str; 8] = [
    "横綱", "大関", "関脇", "小結", "首相", "知事", "市長", "監督",
];

/// Whether a name starting at byte `start` of `source` starts a run of kanji, or follows a
/// suffix or a rank (岡山市北区石関町, 大関貴景勝): elsewhere inside a run it may be the end
/// of a longer word (賭博破戒録).
pub fn starts_name(source: &str, start: usize) -> bool {
    let before = &source[..start];
    !before.chars().next_back().is_some_and(is_kanji)
        || SUFFIXES.iter().chain(&RANKS).any(|s| before.ends_with(s))
}

/// Whether the kanji `name` ends with a title (市長, 知事): a name runs up to its title, not
/// into it.
pub fn ends_with_title(name: &str) -> bool {
    TITLES.iter().any(|t| name.ends_with(t))
}

/// Whether `letters` (a target word's, lower case) render kana or Latin letters of `source`
/// rather than kanji: さんデジ "Sandeji", Yahoo!ニュース "Yahoo".
pub fn written_otherwise(source: &str, letters: &str) -> bool {
    let mut runs: Vec<String> = Vec::new();
    let mut kana = String::new();
    let mut latin = String::new();
    for c in source.chars().chain(std::iter::once(' ')) {
        if matches!(c, '\u{3041}'..='\u{3096}' | '\u{30A1}'..='\u{30FA}' | 'ー') {
            kana.push(c);
        } else if !kana.is_empty() {
            runs.push(std::mem::take(&mut kana).as_str().to_romaji());
        }
        if c.is_ascii_alphabetic() {
            latin.push(c.to_ascii_lowercase());
        } else if !latin.is_empty() {
            runs.push(std::mem::take(&mut latin));
        }
    }
    runs.iter()
        .any(|r| r.contains(letters) || (r.len() >= 3 && letters.starts_with(r.as_str())))
}

/// Whether `letters` (a target word's, lower case) read as the kanji name `name` as a whole,
/// the way the names dictionary reads it.
pub fn reads_whole(name: &str, letters: &str) -> bool {
    READINGS.names.get(name).is_some_and(|readings| {
        readings
            .iter()
            .any(|r| spellings(r).iter().any(|w| w == letters))
    })
}

/// The dictionary's readings of `range` of `source` as a whole, if it lists the name.
pub fn whole_readings(source: &str, range: Range<usize>) -> &'static [&'static str] {
    source
        .get(range)
        .and_then(|name| READINGS.names.get(name))
        .map_or(&[], Vec::as_slice)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::names::source::align::align;

    fn cost(kanji: &str, target: &str) -> Option<usize> {
        let start = &names(kanji, true)[0];
        let readings: Vec<Vec<String>> = start.units.iter().map(|u| u.readings.clone()).collect();
        let words: Vec<String> = target.split(' ').map(pinyin::letters).collect();
        align(&readings, &words, is_syllable, false).map(|a| a.cost())
    }

    #[test]
    fn regular_readings_and_their_english_spellings() {
        assert_eq!(cost("大谷", "Ohtani"), Some(0));
        assert_eq!(cost("大谷", "Otani"), Some(0));
        assert_eq!(cost("大谷", "Ōtani"), Some(0));
        assert_eq!(cost("茅原", "Kayahara"), Some(0));
        assert_eq!(cost("北海道", "Hokkaido"), Some(0));
        assert_eq!(cost("佐々木", "Sasaki"), Some(0));
        assert_eq!(cost("難波", "Namba"), Some(0));
        assert_eq!(cost("惣分", "Sobun"), Some(0));
    }

    #[test]
    fn a_syllable_no_reading_of_its_kanji_costs_one() {
        assert_eq!(cost("惣分", "Sofu"), Some(1));
        assert_eq!(cost("北海道", "Hokkaida"), Some(1));
    }

    #[test]
    fn irregular_names_read_whole() {
        assert!(reads_whole("湯平", "yunohira"));
        assert!(!reads_whole("湯平", "yuhei"));
        assert!(whole_readings("湯平", 0..6).contains(&"yunohira"));
    }
}
