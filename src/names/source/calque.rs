//! Japanese place names translated by meaning: 南署 (the police station of Minami ward)
//! written "South Police Station", 北区 "North Ward", 中央線 "Central Line".
//!
//! In a Japanese name a direction or "centre" before a ward, police station, line or school
//! is part of the name and is romanised (Minami Police Station, Kita Ward, Chuo Line). The
//! source shows the shape ([element][facility]); the target is searched for the element's
//! English meaning as a capitalised word just before the facility's English head word. The
//! elements, facilities and the words that show a document is about China, Taiwan, Hong Kong
//! or Korea (whose districts are named otherwise) are data in
//! `rules/names/source-ja-places.toml`.

use std::sync::LazyLock;

use serde::Deserialize;

use super::kanji::is_kanji;
use super::{Pair, Verdict, align, kanji, pinyin};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct DataFile {
    elements: Vec<(String, String, Vec<String>)>,
    facilities: Vec<(String, Vec<String>)>,
    after: Vec<String>,
    elsewhere: Vec<String>,
}

pub const BUILTIN: (&str, &str) = (
    "rules/names/source-ja-places.toml",
    include_str!("../../../rules/names/source-ja-places.toml"),
);

/// The built-in data, parsed once. A test checks the shipped file parses.
static DATA: LazyLock<DataFile> = LazyLock::new(|| {
    toml::from_str(BUILTIN.1).expect("rules/names/source-ja-places.toml is valid")
});

/// Whether a Japanese document's source speaks of China, Taiwan, Hong Kong or Korea, where a
/// district or line may rightly be named by meaning (or read in Korean).
pub fn speaks_of_elsewhere(source: &str) -> bool {
    DATA.elsewhere.iter().any(|w| source.contains(w.as_str()))
}

/// The words of one Japanese segment's target that translate a name element of its source by
/// meaning: "South" in "South Police Station" for 南署. `offset`: where `target` starts in the
/// document.
pub fn calques(source: &str, target: &str, offset: usize) -> Vec<Pair> {
    let mut out: Vec<Pair> = Vec::new();
    let target_letters = target.to_lowercase();
    for (at, _) in source.char_indices() {
        let rest = &source[at..];
        let Some((element, reading, meanings)) = DATA
            .elements
            .iter()
            .find(|(e, _, _)| rest.starts_with(e.as_str()))
        else {
            continue;
        };
        let after_element = &rest[element.len()..];
        let Some((facility, heads)) = DATA
            .facilities
            .iter()
            .find(|(f, _)| after_element.starts_with(f.as_str()))
        else {
            continue;
        };
        let end = at + element.len() + facility.len();
        // A kanji after the facility makes it part of a longer word (北区域 "the northern
        // area"), except 長, its chief (南署長).
        if source[end..]
            .chars()
            .next()
            .is_some_and(|c| is_kanji(c) && c != '長')
        {
            continue;
        }
        // The target romanises the element somewhere: it knows the name.
        if target_letters.contains(&reading.to_lowercase()) {
            continue;
        }
        let before = kanji_before(source, at);
        for (start, word) in words_at(target) {
            if !meanings.iter().any(|m| m == word) {
                continue;
            }
            let next = target[start + word.len()..]
                .strip_prefix(' ')
                .and_then(|t| t.split(|c: char| !c.is_alphabetic()).next());
            if !next.is_some_and(|n| heads.iter().any(|h| h == n)) {
                continue;
            }
            if !before.is_empty() && !renders_before(before, &target[..start]) {
                continue;
            }
            let range = offset + start..offset + start + word.len();
            if out.iter().any(|p| p.target == range) {
                continue;
            }
            out.push(Pair {
                name: source[at..end].to_string(),
                source: at..end,
                target: range,
                verdict: Verdict::Calque {
                    element: element.clone(),
                    expected: reading.clone(),
                },
            });
        }
    }
    out
}

/// The run of kanji just before byte `at` of `source` that the element may belong to: empty
/// when the element starts the name (after kana, punctuation or an administrative suffix such
/// as 市 in 岡山市北区).
fn kanji_before(source: &str, at: usize) -> &str {
    let head = &source[..at];
    if DATA.after.iter().any(|a| head.ends_with(a.as_str())) {
        return "";
    }
    let start = head
        .char_indices()
        .rev()
        .take_while(|&(_, c)| is_kanji(c))
        .last()
        .map_or(at, |(i, _)| i);
    &head[start..]
}

/// Whether the word just before the element's English (the end of `head`) reads as the last
/// kanji of `before`: "Saga" for 佐賀 in 佐賀南署, which makes 南 a name of its own.
fn renders_before(before: &str, head: &str) -> bool {
    let Some(word) = head
        .strip_suffix(' ')
        .and_then(|h| h.rsplit(' ').next())
        .map(pinyin::letters)
        .filter(|w| !w.is_empty())
    else {
        return false;
    };
    let chars: Vec<(usize, char)> = before.char_indices().collect();
    (0..chars.len()).any(|i| {
        let name = &before[chars[i].0..];
        let readings: Vec<Vec<String>> = name
            .chars()
            .enumerate()
            .map(|(j, c)| kanji::unit_readings(c, j == 0, true))
            .collect();
        kanji::reads_whole(name, &word)
            || align::align(
                &readings,
                std::slice::from_ref(&word),
                kanji::is_syllable,
                false,
            )
            .is_some_and(|a| a.cost() == 0)
    })
}

/// The capitalised words of `text` with their byte offsets.
fn words_at(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split(|c: char| !c.is_alphabetic())
        .scan(0, move |pos, w| {
            let at = *pos;
            *pos += w.len()
                + text[at + w.len()..]
                    .chars()
                    .next()
                    .map_or(0, char::len_utf8);
            Some((at, w))
        })
        .filter(|(_, w)| w.chars().next().is_some_and(char::is_uppercase))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(source: &str, target: &str) -> Vec<(String, String, String)> {
        calques(source, target, 0)
            .into_iter()
            .map(|p| {
                let Verdict::Calque { expected, .. } = p.verdict else {
                    panic!("{p:?}");
                };
                (p.name, target[p.target].to_string(), expected)
            })
            .collect()
    }

    #[test]
    fn builtin_data_parses() {
        let file: DataFile = toml::from_str(BUILTIN.1).unwrap();
        assert!(!file.elements.is_empty() && !file.facilities.is_empty());
    }

    #[test]
    fn an_element_translated_before_a_facility_word() {
        assert_eq!(
            found(
                "南署によると、通行人から110番があった。",
                "According to the South Police Station, a passerby called 110."
            ),
            [("南署".into(), "South".into(), "Minami".into())]
        );
        assert_eq!(
            found(
                "岡山市北区の神社で",
                "at a shrine in North Ward, Okayama City"
            ),
            [("北区".into(), "North".into(), "Kita".into())]
        );
        assert_eq!(
            found("東京都中央区の銀座", "Ginza in Central Ward, Tokyo"),
            [("中央区".into(), "Central".into(), "Chuo".into())]
        );
        // After kanji, when the word before renders them: 佐賀 Saga.
        assert_eq!(
            found(
                "佐賀南署が行方を追っている。",
                "Saga South Police Station is looking for him."
            ),
            [("南署".into(), "South".into(), "Minami".into())]
        );
        assert_eq!(
            found("JRおおさか東線の駅", "a station on the JR Osaka East Line"),
            [("東線".into(), "East".into(), "Higashi".into())]
        );
    }

    #[test]
    fn romanised_elements_and_other_shapes_pass() {
        for (source, target) in [
            // Romanised, as it should be.
            ("南署によると", "According to the Minami Police Station"),
            ("岡山市北区の神社", "a shrine in Kita-ku, Okayama City"),
            // The romanisation is given beside the translation.
            ("南署によると", "According to Minami (South) Police Station"),
            // Part of a longer word: 城南区 is Jonan Ward, 東北線 the Tohoku Line.
            ("福岡市の城南区で", "in Castle South Ward of Fukuoka"),
            ("東北線が止まった。", "The East North Line stopped."),
            // Followed by more kanji: 北区域 is "the northern area".
            ("市の北区域で", "in the North District of the city"),
            // No facility word after the English.
            ("南署によると", "According to police in the south"),
            ("南署によると", "South Korea said"),
        ] {
            assert!(found(source, target).is_empty(), "{target}");
        }
    }

    #[test]
    fn documents_about_china_taiwan_hong_kong_or_korea_are_told_apart() {
        assert!(speaks_of_elsewhere("台中市南区で地震があった。"));
        assert!(speaks_of_elsewhere("北京南駅から高速鉄道で"));
        assert!(!speaks_of_elsewhere("岡山市北区の神社で"));
    }
}
