//! A Japanese name of Latin letters and katakana cut short in the target: the site name
//! "Yahoo!ニュース" that ends a headline, rendered "Yahoo!" without "News".
//!
//! The shape is the source's own: a Latin-letter name followed at once by a katakana word
//! (Yahoo!ニュース, NHKスペシャル), the two ending the segment. The target keeps the Latin
//! name at its end and nothing renders the katakana word anywhere in the segment: no word
//! sounds like it, the way a loanword sounds like its English (ニュース nyūsu and "News").

use wana_kana::ConvertJapanese;

use super::kana::is_katakana;
use super::{Pair, Verdict};

/// What may close a segment after a name: spaces, brackets, quotes, final punctuation.
fn is_closing(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            ')' | ']'
                | '）'
                | '」'
                | '』'
                | '】'
                | '"'
                | '\''
                | '”'
                | '’'
                | '.'
                | '。'
                | '!'
                | '！'
        )
}

/// The Latin name and the katakana word after it that end `source`, if it ends so.
fn name_at_end(source: &str) -> Option<(&str, &str)> {
    let body = source.trim_end_matches(is_closing);
    // Closing marks may end the katakana word's run ("ニュース）"), but not the Latin name's
    // own "!" (Yahoo!), which is kept below.
    let kana_start = body
        .char_indices()
        .rev()
        .take_while(|&(_, c)| is_katakana(c))
        .last()
        .map(|(i, _)| i)?;
    let kana = &body[kana_start..];
    if kana.chars().count() < 2 || kana.starts_with('ー') {
        return None;
    }
    let head = &body[..kana_start];
    let latin_start = head
        .char_indices()
        .rev()
        .take_while(|&(_, c)| c.is_ascii_alphanumeric() || matches!(c, '!' | '&' | '.' | '+'))
        .last()
        .map(|(i, _)| i)?;
    let latin = &head[latin_start..];
    let letters = latin.chars().filter(char::is_ascii_alphabetic).count();
    (letters >= 2 && latin.starts_with(|c: char| c.is_ascii_alphabetic())).then_some((latin, kana))
}

/// The consonants of a word as they sound, for comparing a loanword with its English: vowels,
/// y, w and h left out, c before e, i, y as s, k-sounds as k, l as r, v as b, doubled
/// consonants once; an English r before a consonant or at the end is silent (スポーツ sports).
fn consonants(word: &str) -> String {
    let w: Vec<char> = word.to_lowercase().chars().collect();
    let mut out: Vec<char> = Vec::new();
    for (i, &c) in w.iter().enumerate() {
        let next = w.get(i + 1).copied();
        let vowel = |c: Option<char>| c.is_some_and(|c| "aeiouy".contains(c));
        let sound = match c {
            'a' | 'e' | 'i' | 'o' | 'u' | 'y' | 'w' | 'h' => continue,
            'c' if vowel(next) && next != Some('a') && next != Some('o') && next != Some('u') => {
                's'
            }
            'c' | 'q' => 'k',
            'z' => 's',
            'l' => 'r',
            'v' => 'b',
            'r' if !vowel(next) => continue,
            c if c.is_ascii_alphabetic() => c,
            _ => continue,
        };
        if out.last() != Some(&sound) {
            out.push(sound);
        }
    }
    out.into_iter().collect()
}

/// Whether an English word sounds like the romanised loanword `romaji`: the same consonants,
/// an English plural's s aside.
fn sounds_like(word: &str, romaji: &str) -> bool {
    let (english, japanese) = (consonants(word), consonants(romaji));
    !japanese.is_empty()
        && (english == japanese || english.strip_suffix('s') == Some(japanese.as_str()))
}

/// The target of one Japanese segment, if it ends with the Latin part of a name that ends the
/// source and renders nothing of the katakana word after it. `offset`: where `target` starts
/// in the document.
pub fn truncated(source: &str, target: &str, offset: usize) -> Option<Pair> {
    let (latin, kana) = name_at_end(source)?;
    let body = target.trim_end_matches(|c: char| is_closing(c) && c != '!');
    let at = body.strip_suffix(latin).map(str::len)?;
    // The Latin name is a word of its own ("- Yahoo!", not "MyYahoo!").
    if body[..at]
        .chars()
        .next_back()
        .is_some_and(char::is_alphanumeric)
    {
        return None;
    }
    let romaji = kana.to_romaji();
    if target.contains(kana)
        || target
            .split(|c: char| !c.is_alphabetic())
            .any(|w| sounds_like(w, &romaji))
    {
        return None;
    }
    let name_at = source.rfind(latin)?;
    Some(Pair {
        name: format!("{latin}{kana}"),
        source: name_at..name_at + latin.len() + kana.len(),
        target: offset + at..offset + at + latin.len(),
        verdict: Verdict::Truncated {
            dropped: kana.to_string(),
            romaji,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flagged(source: &str, target: &str) -> Option<String> {
        truncated(source, target, 0).map(|p| target[p.target].to_string())
    }

    #[test]
    fn a_site_name_cut_short_at_the_end_of_a_headline() {
        let source = "パラマラソンをVRで体験（TOKYO MX ） - Yahoo!ニュース";
        assert_eq!(
            flagged(
                source,
                "Experience the Para-marathon in VR (TOKYO MX) - Yahoo!"
            )
            .as_deref(),
            Some("Yahoo!")
        );
        assert_eq!(
            flagged("番組の紹介 | NHKスペシャル", "About the programme | NHK").as_deref(),
            Some("NHK")
        );
    }

    #[test]
    fn whole_names_and_other_shapes_pass() {
        let source = "パラマラソンをVRで体験（TOKYO MX ） - Yahoo!ニュース";
        for target in [
            "Experience the Para-marathon in VR (TOKYO MX) - Yahoo! News",
            "Experience the Para-marathon in VR (TOKYO MX) - Yahoo!News",
            "Experience the Para-marathon in VR (TOKYO MX) - Yahoo! news",
            // The katakana word rendered elsewhere in the segment.
            "News from Yahoo!",
        ] {
            assert_eq!(flagged(source, target), None, "{target}");
        }
        // The loanword's English, wherever it stands: a case for the iPhone.
        assert_eq!(
            flagged("新しいiPhoneケース", "A new case for the iPhone."),
            None
        );
        assert_eq!(
            flagged("スポーツ用品のJRスポーツ", "Sports goods from JR"),
            None
        );
        // The Latin name does not end the source, or is not a word of the target.
        assert_eq!(
            flagged("Yahoo!ニュースで見た。", "I saw it on Yahoo!"),
            None
        );
        assert_eq!(flagged("記事 - Yahoo!ニュース", "Article - MyYahoo!"), None);
        // One katakana letter is no word.
        assert_eq!(flagged("型番はABCシ", "The model is ABC"), None);
    }

    #[test]
    fn loanwords_sound_like_their_english() {
        for (word, kana) in [
            ("News", "ニュース"),
            ("Shopping", "ショッピング"),
            ("Finance", "ファイナンス"),
            ("Sports", "スポーツ"),
            ("Special", "スペシャル"),
            ("Prime", "プライム"),
            ("Mobile", "モバイル"),
            ("maps", "マップ"),
        ] {
            assert!(sounds_like(word, &kana.to_romaji()), "{word} {kana}");
        }
        assert!(!sounds_like("stickers", &"スタンプ".to_romaji()));
    }
}
