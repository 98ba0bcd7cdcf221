//! Chinese source text: where its names are, how their characters read, and whose they are.
//!
//! Names are found with jieba's part-of-speech tags (person `nr`, place `ns`, organisation
//! `nt`, other proper noun `nz`, transliterated `nrt`). A tagged word only says where a name
//! starts: jieba often cuts a rare given name short (张家/祺), so a candidate runs on over the
//! Han characters that follow, and the target decides how many it renders.

use std::ops::Range;
use std::sync::LazyLock;

use jieba_rs::Jieba;
use rustc_hash::FxHashMap as HashMap;
use serde::Deserialize;

use super::pinyin;

static JIEBA: LazyLock<Jieba> = LazyLock::new(Jieba::new);

/// Longest name considered, in characters.
pub const MAX_CHARS: usize = 6;

/// What jieba took the word starting a candidate for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tag {
    Person,
    /// A foreign name written with characters for their sound (tagged `nrt`, or mostly
    /// transliteration characters): its romanisation is the original spelling, not pinyin.
    Transliterated,
    Other,
}

/// A place in the source where a name starts, and the Han characters that follow it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Start {
    /// Byte offset in the segment.
    pub at: usize,
    pub tag: Tag,
    /// Up to [`MAX_CHARS`] Han characters from `at`, with their byte offsets.
    pub chars: Vec<(usize, char)>,
}

/// Where names start in `source`, in text order. Besides jieba's names, a surname before a
/// withholding character (林某, which jieba does not tag) starts a person's name.
pub fn name_starts(source: &str, data: &ZhData) -> Vec<Start> {
    let mut out: Vec<Start> = Vec::new();
    let mut at = 0;
    for t in JIEBA.tag(source, true) {
        let start = at;
        at += t.word.len();
        let mut tag = match t.tag {
            "nr" | "nrfg" => Tag::Person,
            "nrt" => Tag::Transliterated,
            "ns" | "nt" | "nz" => Tag::Other,
            _ => continue,
        };
        let chars = han_run(source, start);
        if data.is_transliteration(t.word) {
            tag = Tag::Transliterated;
        }
        if !chars.is_empty() {
            out.push(Start {
                at: start,
                tag,
                chars,
            });
        }
    }
    // Each part of a name joined by a middle dot after the first (约尔格·魏斯纳) is a
    // foreign name of its own, whatever jieba made of it.
    for (i, c) in source.char_indices().filter(|&(_, c)| is_name_dot(c)) {
        let at = i + c.len_utf8();
        let chars = han_run(source, at);
        if !chars.is_empty() && !out.iter().any(|s| s.at == at) {
            out.push(Start {
                at,
                tag: Tag::Transliterated,
                chars,
            });
        }
    }
    let mut prev: Option<(usize, char)> = None;
    for (i, c) in source.char_indices() {
        if data.is_anonymous(c)
            && let Some((at, p)) = prev.filter(|&(_, p)| pinyin::is_han(p))
            && !out.iter().any(|s| s.at == at)
        {
            out.push(Start {
                at,
                tag: Tag::Person,
                chars: vec![(at, p), (i, c)],
            });
        }
        prev = Some((i, c));
    }
    out.sort_by_key(|s| s.at);
    out
}

/// Up to [`MAX_CHARS`] Han characters of `source` from byte `at`, with their byte offsets.
fn han_run(source: &str, at: usize) -> Vec<(usize, char)> {
    source[at..]
        .char_indices()
        .map(|(i, c)| (at + i, c))
        .take_while(|&(_, c)| pinyin::is_han(c))
        .take(MAX_CHARS)
        .collect()
}

/// Whether `c` is a middle dot that joins the parts of a foreign name (约尔格·魏斯纳).
pub fn is_name_dot(c: char) -> bool {
    matches!(c, '·' | '•' | '‧' | '・')
}

/// The Chinese data file, as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct DataFile {
    surname_readings: Vec<(String, String)>,
    anonymous: Vec<String>,
    transliteration: String,
    origin: Vec<Origin>,
    not_between: Vec<String>,
    japan_cues: Vec<String>,
    foreign_countries: Vec<String>,
}

/// A people whose names are not written in pinyin, and how the source shows it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Origin {
    /// "Taiwanese".
    pub name: String,
    /// What to write instead, for the help line.
    pub expected: String,
    markers: Vec<String>,
    #[serde(default)]
    surnames: Vec<String>,
}

/// Readings and origin evidence for Chinese sources (`rules/names/source-zh.toml`).
#[derive(Debug)]
pub struct ZhData {
    extra: HashMap<char, Vec<String>>,
    anonymous: Vec<char>,
    transliteration: Vec<char>,
    pub origins: Vec<Origin>,
    not_between: Vec<String>,
    japan_cues: Vec<String>,
    foreign_countries: Vec<String>,
    /// Names whose established English form is not their pinyin: the form, and what the
    /// dictionary says of the name ("(1964-), Hong Kong actor").
    established: HashMap<String, (String, String)>,
}

pub const BUILTIN: (&str, &str) = (
    "rules/names/source-zh.toml",
    include_str!("../../../rules/names/source-zh.toml"),
);

/// Established English forms (`rules/names/source-zh-established.txt`), converted from
/// CC-CEDICT by `scripts/zhdict.py`.
const ESTABLISHED: &str = include_str!("../../../rules/names/source-zh-established.txt");

/// The built-in data, parsed once.
pub static DATA: LazyLock<ZhData> = LazyLock::new(|| ZhData::parse(BUILTIN.1, ESTABLISHED));

/// How far before a name (in characters) a marker still marks it.
const MARKER_REACH: usize = 16;

impl ZhData {
    /// Parses a data file. The built-in file is checked by a test, so a panic here is a bug
    /// in the shipped data, not bad user input.
    fn parse(text: &str, established: &str) -> ZhData {
        let file: DataFile = toml::from_str(text).expect("rules/names/source-zh.toml is valid");
        let mut extra: HashMap<char, Vec<String>> = HashMap::default();
        for (chars, reading) in file.surname_readings {
            if let Some(c) = chars.chars().next() {
                extra.entry(c).or_default().push(reading);
            }
        }
        ZhData {
            extra,
            anonymous: file
                .anonymous
                .iter()
                .filter_map(|s| s.chars().next())
                .collect(),
            transliteration: file
                .transliteration
                .chars()
                .filter(|c| pinyin::is_han(*c))
                .collect(),
            origins: file.origin,
            not_between: file.not_between,
            japan_cues: file.japan_cues,
            foreign_countries: file.foreign_countries,
            established: established
                .lines()
                .filter(|l| !l.starts_with('#'))
                .filter_map(|l| {
                    let mut fields = l.split('\t');
                    let (chars, name) = (fields.next()?, fields.next()?);
                    let about = fields.next().unwrap_or_default();
                    Some((chars.to_string(), (name.to_string(), about.to_string())))
                })
                .collect(),
        }
    }

    /// The established English form of a name that is not its pinyin (刘青云 Lau Ching-Wan),
    /// and what the dictionary says of it.
    pub fn established(&self, name: &str) -> Option<&(String, String)> {
        self.established.get(name)
    }

    /// Whether `source` speaks of Japan, where a name may be Japanese and read the Japanese way.
    pub fn mentions_japan(&self, source: &str) -> bool {
        self.japan_cues.iter().any(|c| source.contains(c.as_str()))
    }

    /// Whether the name starting at byte `name` of `source` comes right after the name of a
    /// foreign country (法国米其林, the French Michelin).
    pub fn after_foreign_country(&self, source: &str, name: usize) -> bool {
        source.get(..name).is_some_and(|before| {
            self.foreign_countries
                .iter()
                .any(|c| before.ends_with(c.as_str()))
        })
    }

    /// Every reading of `c`, data readings included.
    pub fn readings(&self, c: char) -> Vec<String> {
        pinyin::readings(c, self.extra.get(&c).map_or(&[][..], |v| &v[..]))
    }

    /// The reading to suggest for `c`: a data (surname) reading at the start of a person's
    /// name, else the first reading of the table.
    pub fn expected(&self, c: char, surname: bool) -> String {
        if surname && let Some(r) = self.extra.get(&c).and_then(|v| v.first()) {
            return r.clone();
        }
        self.readings(c).into_iter().next().unwrap_or_default()
    }

    /// Whether `word` is mostly characters that write foreign names by their sound (突尼斯).
    pub fn is_transliteration(&self, word: &str) -> bool {
        let sound = word
            .chars()
            .filter(|c| self.transliteration.contains(c))
            .count();
        sound * 2 >= word.chars().count()
    }

    /// Whether `c` stands for a withheld name (某).
    pub fn is_anonymous(&self, c: char) -> bool {
        self.anonymous.contains(&c)
    }

    /// The origin (index into `origins`) the source gives the person whose name starts at
    /// byte `name` of `source`, with the marker word that says so. `persons`: where the source's person names start; a marker is taken by the first of
    /// them after it ("日本人福原和李立群": 福原 is the Japanese one).
    pub fn origin_of(&self, source: &str, name: usize, persons: &[usize]) -> Option<(usize, &str)> {
        let first = source[name..].chars().next()?;
        let before = &source[..name];
        for (index, origin) in self.origins.iter().enumerate() {
            for marker in &origin.markers {
                if origin.surnames.iter().any(|s| s.starts_with(first))
                    && source.contains(marker.as_str())
                {
                    return Some((index, marker));
                }
                let Some(pos) = before.rfind(marker.as_str()) else {
                    continue;
                };
                let between = &before[pos + marker.len()..];
                let close = between.chars().count() <= MARKER_REACH;
                let same_clause = !between.contains(|c: char| {
                    matches!(
                        c,
                        '，' | '。'
                            | '；'
                            | '！'
                            | '？'
                            | '、'
                            | '：'
                            | ','
                            | ';'
                            | '“'
                            | '”'
                            | '（'
                            | '）'
                            | '和'
                            | '与'
                    )
                });
                let marker_end = pos + marker.len();
                let first_person = !persons.iter().any(|&p| p >= marker_end && p < name);
                // The window also covers the words just before the marker (中国驻韩国大使).
                let window_start = before[..pos]
                    .char_indices()
                    .rev()
                    .nth(3)
                    .map_or(0, |(i, _)| i);
                let window = &before[window_start..];
                let elsewhere = self.not_between.iter().any(|w| window.contains(w.as_str()))
                    || before[window_start..pos].contains('驻');
                if close && same_clause && first_person && !elsewhere {
                    return Some((index, marker));
                }
            }
        }
        None
    }
}

/// Byte ranges of the Han characters of `chars[..n]` joined: the name in the segment.
pub fn span(chars: &[(usize, char)], n: usize) -> Range<usize> {
    let (last_at, last) = chars[n - 1];
    chars[0].0..last_at + last.len_utf8()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn starts(text: &str) -> Vec<(String, Tag)> {
        name_starts(text, &DATA)
            .into_iter()
            .map(|s| (s.chars.iter().map(|c| c.1).collect(), s.tag))
            .collect()
    }

    #[test]
    fn person_names_start_where_jieba_tags_them_and_run_on() {
        let found = starts("国家主席习近平在北京会见了来访的客人。");
        assert!(
            found.contains(&("习近平在北京会".to_string(), Tag::Person))
                || found
                    .iter()
                    .any(|(s, t)| s.starts_with("习近平") && *t == Tag::Person),
            "{found:?}"
        );
    }

    #[test]
    fn builtin_data_parses_and_adds_surname_readings() {
        let data = ZhData::parse(BUILTIN.1, ESTABLISHED);
        assert!(data.readings('区').contains(&"ou".to_string()));
        assert_eq!(data.expected('区', true), "ou");
        assert!(data.is_anonymous('某'));
    }

    #[test]
    fn established_forms_are_dated_people_whose_name_is_not_their_pinyin() {
        let data = ZhData::parse(BUILTIN.1, ESTABLISHED);
        let form = |chars: &str| data.established(chars).map(|(name, _)| name.as_str());
        assert_eq!(form("刘青云"), Some("Lau Ching-Wan"));
        assert_eq!(form("邵逸夫"), Some("Run Run Shaw"));
        assert!(
            data.established("刘德华")
                .is_some_and(|(_, about)| about.contains("Hong Kong"))
        );
        // Pinyin names, places and firms are not listed.
        assert_eq!(form("李克强"), None);
        assert_eq!(form("泰山"), None);
        assert_eq!(form("台积电"), None);
    }

    #[test]
    fn origin_from_a_marker_just_before_the_name() {
        let data = &*DATA;
        let s = "台积电创始人张忠谋表示";
        let at = s.find("张忠谋").unwrap();
        assert_eq!(
            data.origin_of(s, at, &[at])
                .map(|o| data.origins[o.0].name.as_str()),
            Some("Taiwanese")
        );
        let s = "办公室里的巧克力（德）魏思诺 著";
        let at = s.find("魏思诺").unwrap();
        assert_eq!(
            data.origin_of(s, at, &[at])
                .map(|o| data.origins[o.0].name.as_str()),
            Some("a foreign author")
        );
        let s = "通信传媒部部长阮孟雄表示，越南数字技术企业增长";
        let at = s.find("阮孟雄").unwrap();
        assert_eq!(
            data.origin_of(s, at, &[at])
                .map(|o| data.origins[o.0].name.as_str()),
            Some("Vietnamese")
        );
    }

    #[test]
    fn no_origin_from_far_or_other_clause_or_mainland_office() {
        let data = &*DATA;
        for (s, name) in [
            ("香港中联办主任骆惠宁表示", "骆惠宁"),
            ("国务院台湾事务办公室发言人朱凤莲说", "朱凤莲"),
            ("他去过香港，王毅表示", "王毅"),
            ("中国驻日本大使孔铉佑表示", "孔铉佑"),
            ("外交部发言人汪文斌表示", "汪文斌"),
            ("由梁冠华饰演的日本人福原和李立群饰演的警察厅厅长", "李立群"),
        ] {
            let at = s.find(name).unwrap();
            assert!(data.origin_of(s, at, &[at]).is_none(), "{s}");
        }
    }
}
