//! `source/numbers`: a number in the source that no number in the target matches, and the
//! reverse. Numbers are compared by value: 5亿 is 500 million, 两千 is 2,000, 3成 is 30%,
//! 1.2万 is 12,000, 百分之三十 is 30 percent, "two" is 2.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::{Unit, units};
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Document;
use crate::rule_meta;
use crate::rules::{Rule, RuleMeta};

/// A number found in a text: its value, where it is, and whether a translation must carry it
/// (`strong`: digits, or a CJK numeral with a unit) or may merely match one (`weak`: "two",
/// a lone 一 that is as often "a" or "first").
#[derive(Debug, Clone, PartialEq)]
pub struct Number {
    pub value: f64,
    pub range: Range<usize>,
    pub strong: bool,
}

fn digit_value(c: char) -> Option<f64> {
    Some(match c {
        '〇' | '零' => 0.0,
        '一' | '壹' => 1.0,
        '二' | '两' | '兩' | '貳' | '贰' => 2.0,
        '三' | '叁' => 3.0,
        '四' | '肆' => 4.0,
        '五' | '伍' => 5.0,
        '六' | '陆' => 6.0,
        '七' | '柒' => 7.0,
        '八' | '捌' => 8.0,
        '九' | '玖' => 9.0,
        _ => return None,
    })
}

/// Units of measure 兆 stands before as "mega": 兆瓦 megawatt, 兆焦 megajoule, 兆赫 megahertz,
/// 兆帕 megapascal, 兆字节 megabyte, 兆比特 megabit, 兆伏 megavolt, 兆欧 megohm.
const MEGA_UNITS: [char; 8] = ['瓦', '焦', '赫', '帕', '字', '比', '伏', '欧'];

/// Units inside a number (十 百 千) and after one (万 亿 兆; Korean 만 억 조 천 백 십).
fn unit_value(c: char) -> Option<(f64, bool)> {
    Some(match c {
        '十' | '拾' | '십' => (10.0, false),
        '百' | '佰' | '백' => (100.0, false),
        '千' | '仟' | '천' => (1000.0, false),
        '万' | '萬' | '만' => (1e4, true),
        '亿' | '億' | '억' => (1e8, true),
        '兆' | '조' => (1e12, true),
        _ => return None,
    })
}

static ARABIC: LazyLock<Regex> = LazyLock::new(|| {
    // Thousands grouped by commas, or not grouped; a decimal point may be a Japanese ・.
    Regex::new(r"(?:[0-9０-９]{1,3}(?:,[0-9０-９]{3})+|[0-9０-９]+)(?:[.．・][0-9０-９]+)?")
        .unwrap()
});

fn ascii_number(s: &str) -> Option<f64> {
    let ascii: String = s
        .chars()
        .filter_map(|c| match c {
            '0'..='9' | '.' => Some(c),
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32),
            '．' | '・' => Some('.'),
            _ => None,
        })
        .collect();
    ascii.parse().ok()
}

/// Numbers in Chinese, Japanese or Korean text: Arabic digits (with a following 万, 亿, 成,
/// %), numerals such as 两千 or 三百五十, and 百分之三十.
pub fn cjk_numbers(text: &str) -> Vec<Number> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        // What follows reads nothing else from a character no number starts with.
        if !starts_cjk_number(chars[i].1) {
            i += 1;
            continue;
        }
        let start = chars[i].0;
        let percent_prefix = text[start..].starts_with("百分之");
        let begin = if percent_prefix { i + 3 } else { i };
        let Some(&(_, first)) = chars.get(begin) else {
            break;
        };
        if first == '半' && !percent_prefix {
            // 半 (half) may be what a translation's 0.5 or "half" stands for.
            let end = chars[begin].0 + first.len_utf8();
            out.push(Number {
                value: 0.5,
                range: start..end,
                strong: false,
            });
            i += 1;
            continue;
        }
        if let Some((u, _)) = unit_value(first).filter(|_| !percent_prefix) {
            // 万元以上 may be "over 10,000 yuan": a lone unit is what a translation's
            // number may stand for, never a number it must have.
            if digit_value(chars.get(begin + 1).map_or(' ', |c| c.1)).is_none() {
                let end = chars[begin].0 + first.len_utf8();
                out.push(Number {
                    value: u,
                    range: start..end,
                    strong: false,
                });
                i += 1;
                continue;
            }
        }
        // 十五 is 15; a lone 十 (十分 "very") is not a number.
        let ten_first = matches!(first, '十' | '拾')
            && chars
                .get(begin + 1)
                .is_some_and(|&(_, c)| digit_value(c).is_some());
        if !(first.is_ascii_digit()
            || ('０'..='９').contains(&first)
            || digit_value(first).is_some()
            || ten_first)
        {
            i += 1;
            continue;
        }
        // Arabic digits first, then numeral characters and units.
        let mut j = begin;
        let mut total = 0.0;
        let mut section = 0.0;
        let mut current: Option<f64> = None;
        let mut has_unit = false;
        let mut numerals = 0;
        while j < chars.len() {
            let (at, ch) = chars[j];
            if ch.is_ascii_digit() || ('０'..='９').contains(&ch) {
                // Arabic digits start a number or follow a unit (3亿5000万).
                let m = ARABIC.find_at(text, at).filter(|m| m.start() == at);
                let (Some(m), None) = (m, current) else {
                    break;
                };
                // A Japanese ・ between digits is a decimal point (９９・９９９), except between
                // the parts of a telephone number (０９０・８８５９・５９２８): after a part
                // with a leading zero, or before four digits or more.
                let m_str = m.as_str();
                let m_end = match m_str.find('・') {
                    Some(dot)
                        if m_str[dot + '・'.len_utf8()..].chars().count() >= 4
                            || (j == begin
                                && m_str[..dot].chars().count() >= 2
                                && m_str.starts_with(['0', '０'])) =>
                    {
                        m.start() + dot
                    }
                    _ => m.end(),
                };
                current = ascii_number(&text[m.start()..m_end]);
                while j < chars.len() && chars[j].0 < m_end {
                    j += 1;
                }
                // 1100多万: "over 11 million"; the 多 (余, 几) stands between number and unit.
                if chars
                    .get(j)
                    .is_some_and(|c| matches!(c.1, '多' | '余' | '餘' | '几'))
                    && chars
                        .get(j + 1)
                        .is_some_and(|c| unit_value(c.1).is_some_and(|u| u.1))
                {
                    j += 1;
                }
                continue;
            }
            if let Some(d) = digit_value(ch) {
                current = match current {
                    None => Some(d),
                    // 二〇二一: a year written digit by digit.
                    Some(c)
                        if !has_unit
                            && (d == 0.0 || text[chars[begin].0..at].contains(['〇', '零'])) =>
                    {
                        Some(c * 10.0 + d)
                    }
                    // 十四五, 一二三: the next number starts here.
                    Some(_) => break,
                };
                numerals += 1;
            } else if let Some((u, big)) = unit_value(ch) {
                // 兆 before a unit of measure is "mega" (兆瓦 megawatt, 兆焦 megajoule), not a
                // trillion: the number ends before it.
                if matches!(ch, '兆') && chars.get(j + 1).is_some_and(|c| MEGA_UNITS.contains(&c.1))
                {
                    break;
                }
                let n = match current.take() {
                    Some(n) => n,
                    // 十五: a leading 十 is one ten.
                    None if !big && j == begin => 1.0,
                    // 1.3万亿: a big unit after a big unit multiplies.
                    None if big && total > 0.0 && section == 0.0 => {
                        total *= u;
                        j += 1;
                        continue;
                    }
                    // 三百万: the hundreds are counted in ten thousands.
                    None if big && section > 0.0 => 0.0,
                    // 250万千瓦: 千 starts a word (kilowatt), not a number.
                    None => break,
                };
                has_unit = true;
                if big {
                    total += (section + n) * u;
                    section = 0.0;
                } else {
                    section += n * u;
                }
            } else {
                break;
            }
            j += 1;
        }
        let mut value = total + section + current.unwrap_or(0.0);
        let end_byte = chars.get(j).map_or(text.len(), |&(b, _)| b);
        let mut end = end_byte;
        // 3成 (Japanese 3割) is 30%; a batting average 1割8分2厘 is .182, not a percentage.
        let rate = chars.get(j).is_some_and(|&(_, c)| c == '成')
            || (chars.get(j).is_some_and(|&(_, c)| c == '割')
                && !chars.get(j + 1).is_some_and(|&(_, c)| {
                    c.is_ascii_digit() || ('０'..='９').contains(&c) || digit_value(c).is_some()
                }));
        if rate && (has_unit || numerals > 0 || end > chars[begin].0) {
            value *= 10.0;
            end += '成'.len_utf8(); // 割 is as long
        }
        let arabic_digits = text[chars[begin].0..end_byte]
            .chars()
            .any(|c| c.is_ascii_digit() || ('０'..='９').contains(&c));
        let ordinal = start >= 3 && text[..start].ends_with('第');
        let era = ["令和", "平成", "昭和", "大正"].iter().any(|e| text[..start].ends_with(e))
            // 20世纪: a century is a label ("the 20th century", "the 1960s").
            || text[end..].starts_with(['世', '紀']);
        // A lone 1 is as often "a", "an", "single" or "the first" in a translation.
        let one = same(value, 1.0) && !has_unit;
        let strong = !ordinal
            && !era
            && !one
            && (arabic_digits || (numerals >= 1 && (has_unit || numerals >= 2)) || percent_prefix);
        // A lone 十, 百 or 千 (十分 "very", 千万 "by all means") is not a number.
        if numerals > 0 || arabic_digits {
            out.push(Number {
                value,
                range: start..end,
                strong,
            });
        }
        i = j.max(i + 1);
        while i < chars.len() && chars[i].0 < end {
            i += 1;
        }
    }
    out
}

const WORDS: &[(&str, f64)] = &[
    ("zero", 0.0),
    ("one", 1.0),
    ("two", 2.0),
    ("three", 3.0),
    ("four", 4.0),
    ("five", 5.0),
    ("six", 6.0),
    ("seven", 7.0),
    ("eight", 8.0),
    ("nine", 9.0),
    ("ten", 10.0),
    ("eleven", 11.0),
    ("twelve", 12.0),
    ("thirteen", 13.0),
    ("fourteen", 14.0),
    ("fifteen", 15.0),
    ("sixteen", 16.0),
    ("seventeen", 17.0),
    ("eighteen", 18.0),
    ("nineteen", 19.0),
    ("twenty", 20.0),
    ("thirty", 30.0),
    ("forty", 40.0),
    ("fifty", 50.0),
    ("sixty", 60.0),
    ("seventy", 70.0),
    ("eighty", 80.0),
    ("ninety", 90.0),
    ("hundred", 100.0),
    ("thousand", 1000.0),
    ("dozen", 12.0),
    ("half", 0.5),
    ("first", 1.0),
    ("second", 2.0),
    ("third", 3.0),
    ("fourth", 4.0),
    ("fifth", 5.0),
    ("sixth", 6.0),
    ("seventh", 7.0),
    ("eighth", 8.0),
    ("ninth", 9.0),
    ("tenth", 10.0),
    ("january", 1.0),
    ("february", 2.0),
    ("march", 3.0),
    ("april", 4.0),
    ("may", 5.0),
    ("june", 6.0),
    ("july", 7.0),
    ("august", 8.0),
    ("september", 9.0),
    ("october", 10.0),
    ("november", 11.0),
    ("december", 12.0),
    ("jan", 1.0),
    ("feb", 2.0),
    ("mar", 3.0),
    ("apr", 4.0),
    ("jun", 6.0),
    ("jul", 7.0),
    ("aug", 8.0),
    ("sep", 9.0),
    ("sept", 9.0),
    ("oct", 10.0),
    ("nov", 11.0),
    ("dec", 12.0),
    ("midnight", 0.0),
    ("noon", 12.0),
    ("both", 2.0),
    ("twice", 2.0),
    ("once", 1.0),
    ("single", 1.0),
    ("pair", 2.0),
    ("monday", 1.0),
    ("tuesday", 2.0),
    ("wednesday", 3.0),
    ("thursday", 4.0),
    ("friday", 5.0),
    ("saturday", 6.0),
    ("sunday", 7.0),
];

static ENGLISH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)([$£€¥]\s?)?(\d+(?:,\d{3}|, 000\b)*(?:\.\d+)?)(?:\s*-?\s*(hundred|thousand|million|billion|trillion|mn|bn|m|b|k)\b)?|\b([a-z]+)\b").unwrap()
});

/// A match of [`ENGLISH`]: digits, with the groups of their currency sign and scale word, or
/// a word (the whole match).
enum Token<'t> {
    Digits(regex::Captures<'t>),
    Word(regex::Match<'t>),
}

/// The matches of [`ENGLISH`] in `text`, as `captures_iter` finds them. Most are words, and
/// only the digits alternative needs its groups: a word is the one alternative that starts
/// with a letter, so words are found by the DFA alone and only digits are searched again
/// for their groups.
fn tokens(text: &str) -> impl Iterator<Item = Token<'_>> {
    ENGLISH.find_iter(text).filter_map(move |m| {
        if m.as_str().starts_with(char::is_alphabetic) {
            Some(Token::Word(m))
        } else {
            ENGLISH.captures_at(text, m.start()).map(Token::Digits)
        }
    })
}

/// Numbers in English text: digits with a scale word ("500 million"), and number words
/// (weak: "two", "first", month names), so "May 3" and "two" can match 5月3日 and 两.
pub fn english_numbers(text: &str) -> Vec<Number> {
    let mut out = Vec::new();
    for token in tokens(text) {
        if let Token::Digits(c) = &token
            && let (Some(m), Some(digits)) = (c.get(0), c.get(2))
        {
            let Some(mut value) = ascii_number(digits.as_str()) else {
                continue;
            };
            // "COVID-19", "G7", "A380", "4K": part of a name, not a quantity.
            let head = &text[..digits.start()];
            let before = head.chars().next_back();
            let after = text[digits.end()..].chars().next();
            // The minutes of a time (8:00) are part of the hour.
            let clock = head.trim_end_matches(' ');
            let minutes = clock.ends_with(':')
                && clock
                    .trim_end_matches(':')
                    .ends_with(|c: char| c.is_ascii_digit());
            let in_name = minutes
                || (before.is_some_and(|c| c.is_alphabetic() || c == '-')
                    && head.trim_end_matches('-').ends_with(char::is_alphabetic));
            let glued = after.is_some_and(|c| c.is_ascii_alphabetic()) && c.get(3).is_none();
            if in_name || glued {
                out.push(Number {
                    value,
                    range: digits.range(),
                    strong: false,
                });
                continue;
            }
            // "0800 hours" is the hour 8 on the 24-hour clock; "1500 hours" may as well be a
            // duration: either value may match, neither must.
            if digits.as_str().len() == 4
                && text[digits.end()..].starts_with(" hours")
                && value % 100.0 == 0.0
            {
                for v in [value, value / 100.0] {
                    out.push(Number {
                        value: v,
                        range: digits.range(),
                        strong: false,
                    });
                }
                continue;
            }
            let currency = c.get(1).is_some();
            // $30m is 30 million; 30m alone is as likely 30 metres, and 50K 50,000 or 50
            // kilometres: either may stand for a number of the other side, neither must.
            // A letter that opens an abbreviation ("400 B.C.", "5 m.p.h.") is no scale.
            let abbreviation = text[m.end()..]
                .strip_prefix('.')
                .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_alphabetic()));
            let letter = c
                .get(3)
                .map(|s| s.as_str().to_ascii_lowercase())
                .filter(|s| !(abbreviation && s.len() == 1));
            if !currency && letter.as_ref().is_some_and(|s| s.len() == 1) {
                let times = match letter.as_deref() {
                    Some("k") => 1e3,
                    Some("m") => 1e6,
                    _ => 1e9,
                };
                for v in [value, value * times] {
                    out.push(Number {
                        value: v,
                        range: digits.start()..m.end(),
                        strong: false,
                    });
                }
                continue;
            }
            let scale = letter;
            value *= match scale.as_deref() {
                Some("hundred") => 100.0,
                Some("thousand" | "k") => 1e3,
                Some("million" | "mn" | "m") => 1e6,
                Some("billion" | "bn" | "b") => 1e9,
                Some("trillion") => 1e12,
                _ => 1.0,
            };
            let range = if scale.is_some() {
                digits.start()..m.end()
            } else {
                digits.range()
            };
            out.push(Number {
                value,
                range,
                strong: true,
            });
            // "3 million" also matches a bare 3 (a translation may keep the unit apart).
            if scale.is_some() {
                out.push(Number {
                    value: ascii_number(digits.as_str()).unwrap_or(0.0),
                    range: digits.range(),
                    strong: false,
                });
            }
        } else if let Token::Word(m) = token {
            let lower = m.as_str().to_ascii_lowercase();
            let base = lower
                .strip_suffix("s")
                .filter(|b| b.ends_with("ie") || b.ends_with("dred") || b.ends_with("sand"));
            let base = base.map(|b| {
                b.strip_suffix("ie")
                    .map(|s| format!("{s}y"))
                    .unwrap_or(b.to_string())
            });
            let key = base.as_deref().unwrap_or(&lower);
            let scale = match key {
                "hundred" => Some(100.0),
                "thousand" => Some(1e3),
                "million" => Some(1e6),
                "billion" => Some(1e9),
                "trillion" => Some(1e12),
                _ => None,
            };
            // "ten thousand", "three million": a number word and a scale.
            let value = WORDS.iter().find(|(w, _)| *w == key).map(|w| w.1);
            let joined = |prev: &Number| {
                !prev.strong
                    && text[prev.range.end..m.start()]
                        .trim_matches([' ', '-'])
                        .is_empty()
            };
            if let (Some(scale), Some(prev)) = (scale, out.last_mut())
                && joined(prev)
            {
                prev.value *= scale;
                prev.range.end = m.end();
            } else if let (Some(v), Some(prev)) = (value, out.last_mut())
                && joined(prev)
                && v < 10.0
                && prev.value >= 20.0
                && prev.value < 100.0
                && prev.value % 10.0 == 0.0
            {
                // "thirty-six", "thirty six".
                prev.value += v;
                prev.range.end = m.end();
            } else if let Some(v) = value {
                out.push(Number {
                    value: v,
                    range: m.range(),
                    strong: false,
                });
            }
        }
    }
    // "a million", "two billion": a word and a scale.
    out
}

/// Whether a CJK number may start with `c`: a digit, a numeral, a unit or 半 (百分之 starts
/// with the unit 百). The characters of [`digit_value`] and [`unit_value`] in one match, as
/// it is asked of every character of a CJK text.
fn starts_cjk_number(c: char) -> bool {
    matches!(
        c,
        '0'..='9'
            | '０'..='９'
            | '半'
            | '〇'
            | '零'
            | '一'
            | '壹'
            | '二'
            | '两'
            | '兩'
            | '貳'
            | '贰'
            | '三'
            | '叁'
            | '四'
            | '肆'
            | '五'
            | '伍'
            | '六'
            | '陆'
            | '七'
            | '柒'
            | '八'
            | '捌'
            | '九'
            | '玖'
            | '十'
            | '拾'
            | '십'
            | '百'
            | '佰'
            | '백'
            | '千'
            | '仟'
            | '천'
            | '万'
            | '萬'
            | '만'
            | '亿'
            | '億'
            | '억'
            | '兆'
            | '조'
    )
}

/// Whether [`numbers`] may find a number in `text`: it has a character a number starts with
/// (a digit, a numeral, a unit, 半; in English any numeric character).
fn may_have_number(text: &str, cjk: bool) -> bool {
    if cjk {
        text.chars().any(starts_cjk_number)
    } else if text.is_ascii() {
        // The only numeric ASCII characters are the digits: bytes, not decoded characters.
        text.bytes().any(|b| b.is_ascii_digit())
    } else {
        text.contains(|c: char| c.is_numeric())
    }
}

fn same(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

/// Numbers of one side of a unit, by the script of its language.
fn numbers(text: &str, cjk: bool) -> Vec<Number> {
    if cjk {
        cjk_numbers(text)
    } else {
        english_numbers(text)
    }
}

/// Whether `n` is matched by one of `others`, allowing a 24-hour hour to be written on the
/// 12-hour clock (15时 is 3 p.m.) and a percentage as a fraction.
fn matched(n: &Number, others: &[Number], text: &str) -> bool {
    let after = &text[n.range.end..];
    let hour =
        (13.0..=24.0).contains(&n.value) && (after.starts_with(['时', '時', '点', ':', '：']));
    // 八十年代: the 1980s; １３年のドラフト: the 2013 draft.
    let decade = after.starts_with('年') && n.value < 100.0 && n.value.fract() == 0.0;
    others.iter().any(|o| {
        same(o.value, n.value)
            || (hour && same(o.value, n.value - 12.0))
            || (decade && (same(o.value, n.value + 1900.0) || same(o.value, n.value + 2000.0)))
    })
}

/// Years that a translation adds to a dateline ("this year" made explicit) are not
/// errors of the translation; they are left out of the target-to-source direction.
fn is_year(n: &Number) -> bool {
    n.value.fract() == 0.0 && (1900.0..=2100.0).contains(&n.value)
}

pub struct Numbers {
    meta: RuleMeta,
}

impl Numbers {
    pub fn new() -> Self {
        Numbers {
            meta: rule_meta! {
                id: "source/numbers",
                severity: Severity::Warning,
                summary: "a number in the source that the translation does not have, or the reverse",
                explanation: "
A number changed in translation is one of the most costly errors a translation can make, and
one of the easiest to check: every number of the source must be in the target, and every
number of the target in the source.

Numbers are compared by value, across scripts: 5亿 is 500 million, 两千 is 2,000, 1.2万 is
12,000, 3成 and 百分之三十 are 30%, 15时 may be 3 p.m., and number words such as \"two\" or a
month name match the digit they stand for. A lone numeral that is often not a number
(一 in 一些, 第一) must be matched only when the target has the digit; ordinals (第3) and
era years (令和3年) are left alone, and so are years the translation adds. 兆 before a unit of
measure is \"mega\" (兆焦 MJ), ・ between the parts of a telephone number is no decimal point,
７割 is 70% as 7成 is, １３年 may be 2013, 午前0時 \"midnight\", \"0800 hours\" 8时, and 50K or 30m (no currency sign) may stand for either
value.",
                fixable: false,
                flag: [
                    "净利润5亿元。\tNet profit was 50 million yuan.",
                    "两千人参加。\tTwenty people attended.",
                    "增长3成。\tIt grew by 3%.",
                    "共1.2万人。\t1,200 people in all.",
                    "他有3个孩子。\tHe has 4 children.",
                    "每平方米6200多兆焦\tMore than 6,300 MJ per square metre",
                    "会長（０９０・８８５９・５９２８）に申し込む\tApply to the chairman (090, 8859, 5927)",
                    "月50万の案件\t600, 000 a month",
                    "得票率約７割で圧勝\tWon with about 7% of the vote",
                ],
                pass: [
                    "净利润5亿元。\tNet profit was 500 million yuan.",
                    "两千人参加。\t2,000 people attended.",
                    "增长3成。\tIt grew by 30%.",
                    "共1.2万人。\t12,000 people in all.",
                    "百分之三十的人\t30 percent of people",
                    "5月3日下午15时\tAt 3 p.m. on May 3",
                    "上世纪八十年代\tIn the 1980s",
                    "比利时有1100多万人口。\tBelgium has more than 11 million people.",
                    "前日は36人\tThirty-six the day before",
                    "每平方米6200多兆焦\tMore than 6,200 MJ per square metre",
                    "今年９月１日に訪れた\tHe visited on Sept. 1",
                    "7月15日午前0時から\tFrom midnight on July 15",
                    "奖励5万元\t50K award",
                    "１３年のドラフト１位\tThe first pick of the 2013 draft",
                    "25日14时\tAt 14: 00 on the 25th",
                    "月50万の案件\t500, 000 a month",
                    "純度９９・９９９％の金\tGold of 99.999% purity",
                    "得票率約７割で圧勝\tWon with about 70% of the vote",
                    "プロ６年目で初\tHis first in his sixth year as a pro",
                    "25日8时至26日8时\tFrom 0800 hours on the 25th to 0800 hours on the 26th",
                    "培训1500小时\tTraining of 1500 hours",
                    "終値は１万０３６３・１８\tIt closed at 10,363.18",
                    "会長（０９０・８８５９・５９２８）に申し込む\tApply to the chairman (090, 8859, 5928)",
                    "两国一致同意\tBoth countries agreed",
                    "第一次会议\tThe first meeting",
                    "Deleted %d files.\t%d 個のファイルを削除しました。",
                ],
            },
        }
    }

    /// `source` and `target` are the unit's texts with placeholders blanked, and whether each
    /// is in a CJK language.
    fn check_unit(
        &self,
        doc: &Document,
        unit: &Unit,
        (source, source_cjk): (&str, bool),
        (target, target_cjk): (&str, bool),
        out: &mut Vec<Diagnostic>,
    ) {
        // Only strong numbers are reported, and English has one only where it has a digit: a
        // side without digits is read (for its number words) only when the other side has a
        // strong number to match.
        let read = |text: &str, cjk: bool| {
            (cjk || text.contains(|c: char| c.is_numeric())).then(|| numbers(text, cjk))
        };
        let (sn, tn) = (read(source, source_cjk), read(target, target_cjk));
        let strong = |ns: &Option<Vec<Number>>| ns.iter().flatten().any(|n| n.strong);
        if !strong(&sn) && !strong(&tn) {
            return;
        }
        let sn = sn.unwrap_or_else(|| numbers(source, source_cjk));
        let tn = tn.unwrap_or_else(|| numbers(target, target_cjk));
        for n in sn.iter().filter(|n| n.strong) {
            if !matched(n, &tn, source) {
                let written = &source[n.range.clone()];
                out.push(
                    unit.report(
                        doc,
                        &self.meta,
                        unit.segment.target.clone(),
                        format!(
                            "the source has the number `{written}` ({}), the translation does not",
                            show(n.value)
                        ),
                        Some(written),
                        "the number in the source",
                    )
                    .with_help("check the number; write it as the source has it"),
                );
            }
        }
        for n in tn.iter().filter(|n| n.strong && !is_year(n)) {
            if !matched(n, &sn, target) {
                let written = &target[n.range.clone()];
                out.push(
                    unit.report(
                        doc,
                        &self.meta,
                        unit.find_in_target(written),
                        format!("the translation has the number `{written}`, the source does not"),
                        None,
                        "the source",
                    )
                    .with_help("check the number against the source"),
                );
            }
        }
    }
}

fn show(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        let digits = format!("{}", v as i64);
        let mut out = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                out.push(',');
            }
            out.push(c);
        }
        out
    } else {
        format!("{v}")
    }
}

impl Rule for Numbers {
    fn meta(&self) -> &RuleMeta {
        &self.meta
    }

    fn check_document(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        let Some(bitext) = &doc.bitext else { return };
        let source_cjk = super::is_cjk(&bitext.source_lang);
        let target_cjk = super::is_cjk(&bitext.target_lang);
        for unit in units(doc) {
            // Most units have no number on either side: nothing to blank or read.
            if !may_have_number(unit.source(), source_cjk)
                && !may_have_number(unit.target, target_cjk)
            {
                continue;
            }
            // printf and brace arguments and markup are not numbers (%1$s, {0}, <h2>).
            let source = super::placeholders::blank(unit.source());
            let target = super::placeholders::blank(unit.target);
            self.check_unit(
                doc,
                &unit,
                (&*source, source_cjk),
                (&*target, target_cjk),
                out,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(text: &str) -> Vec<(f64, bool)> {
        cjk_numbers(text)
            .iter()
            .map(|n| (n.value, n.strong))
            .collect()
    }

    #[test]
    fn a_text_without_a_number_start_is_skipped_and_one_with_any_is_read() {
        for text in ["3", "３", "两", "十五", "万元", "半", "百分之三十"] {
            assert!(may_have_number(text, true), "{text}");
        }
        for text in ["文件", "ファイルを開く", "파일"] {
            assert!(!may_have_number(text, true), "{text}");
            assert!(cjk_numbers(text).is_empty(), "{text}");
        }
        for text in ["page 3", "½ a page", "two pages", "٣ pages", "", "3", "x²"] {
            let numeric = text.contains(|c: char| c.is_numeric());
            assert_eq!(may_have_number(text, false), numeric, "{text}");
        }
        assert!(may_have_number("page 3", false));
        assert!(may_have_number("½ a page", false));
        assert!(!may_have_number("two pages", false));
    }

    #[test]
    fn a_cjk_number_starts_where_a_digit_numeral_unit_or_half_is() {
        let reference = |c: char| {
            c.is_ascii_digit()
                || ('０'..='９').contains(&c)
                || c == '半'
                || digit_value(c).is_some()
                || unit_value(c).is_some()
        };
        for c in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
            assert_eq!(starts_cjk_number(c), reference(c), "{c:?}");
        }
    }

    /// The tokens are what a capture search through the whole text finds.
    #[test]
    fn english_tokens_are_the_matches_of_a_capture_search() {
        let groups = |c: &regex::Captures| -> Vec<Option<std::ops::Range<usize>>> {
            (0..c.len()).map(|i| c.get(i).map(|m| m.range())).collect()
        };
        for text in [
            "US$500 million, 2,000 people, two, 3.5bn",
            "thirty-six, ten thousand, COVID-19, 8:00, £3 k, ſix Kelvin",
            "Page ٣ of ３, 第3, 12abc, abc12, €ـ5",
            "",
        ] {
            let expected: Vec<_> = ENGLISH.captures_iter(text).map(|c| groups(&c)).collect();
            let found: Vec<_> = tokens(text)
                .map(|t| match t {
                    Token::Digits(c) => groups(&c),
                    Token::Word(m) => {
                        let mut g = vec![None; ENGLISH.captures_len()];
                        g[0] = Some(m.range());
                        g[4] = Some(m.range());
                        g
                    }
                })
                .collect();
            assert_eq!(found, expected, "{text:?}");
        }
    }

    #[test]
    fn cjk_numerals_and_units() {
        assert_eq!(values("5亿"), [(5e8, true)]);
        assert_eq!(values("两千人"), [(2000.0, true)]);
        assert_eq!(values("3成"), [(30.0, true)]);
        assert_eq!(values("1.2万"), [(12000.0, true)]);
        assert_eq!(values("三百五十"), [(350.0, true)]);
        assert_eq!(values("十五"), [(15.0, true)]);
        assert_eq!(values("3亿5000万"), [(3.5e8, true)]);
        assert_eq!(values("百分之三十"), [(30.0, true)]);
        assert_eq!(values("１２３"), [(123.0, true)]);
        assert_eq!(values("12,345.5元"), [(12345.5, true)]);
        assert_eq!(values("5억 원"), [(5e8, true)]);
        // Not numbers, or not ones a translation must carry.
        assert_eq!(values("一些人"), [(1.0, false)]);
        assert_eq!(values("第3次"), [(3.0, false)]);
        assert_eq!(values("令和3年"), [(3.0, false)]);
        assert_eq!(values("1100多万人口"), [(1.1e7, true)]);
        assert_eq!(values("１・５５㍍"), [(1.55, true)]);
        assert_eq!(values("二〇二一年"), [(2021.0, true)]);
        assert_eq!(values("十四五"), [(14.0, true), (5.0, false)]);
        assert_eq!(values("三百万"), [(3e6, true)]);
        assert_eq!(values("1.3万亿"), [(1.3e12, true)]);
        assert_eq!(values("250万千瓦"), [(2.5e6, true), (1000.0, false)]);
        assert_eq!(values("万元以上"), [(1e4, false)]);
        assert_eq!(values("20世纪"), [(20.0, false)]);
        assert_eq!(values("6666，8888"), [(6666.0, true), (8888.0, true)]);
        assert!(values("十分重要，千万小心").iter().all(|n| !n.1));
    }

    #[test]
    fn english_numbers_with_scales_and_words() {
        let v: Vec<f64> = english_numbers("US$500 million, 2,000 people, two, 3.5bn")
            .iter()
            .filter(|n| n.strong)
            .map(|n| n.value)
            .collect();
        assert_eq!(v, [5e8, 2000.0, 3.5e9]);
        assert!(
            english_numbers("hundreds of people")
                .iter()
                .any(|n| n.value == 100.0 && !n.strong)
        );
        let words: Vec<f64> = english_numbers("thirty-six, ten thousand, COVID-19, 8:00")
            .iter()
            .filter(|n| n.strong || n.value > 20.0)
            .map(|n| n.value)
            .collect();
        assert_eq!(words, [36.0, 1e4, 8.0]);
    }

    #[test]
    fn a_letter_after_a_number_is_a_scale_or_an_abbreviation() {
        let strong = |text: &str| -> Vec<f64> {
            english_numbers(text)
                .iter()
                .filter(|n| n.strong)
                .map(|n| n.value)
                .collect()
        };
        // "B.C." is no billion: the year must be in the translation.
        assert_eq!(strong("Old Persian (ca. 600-400 B.C.)"), [600.0, 400.0]);
        assert_eq!(strong("at 5 m.p.h."), [5.0]);
        // "50K" and "30m" may be either value, so neither is required.
        assert_eq!(strong("50K runners ran 30m"), Vec::<f64>::new());
    }

    #[test]
    fn examples() {
        super::super::test::examples(&Numbers::new());
    }
}
