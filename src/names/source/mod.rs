//! Names against their source: each romanised name in the target is read against the
//! characters it translates.
//!
//! For every segment of a bilingual document, the names of the source (see [`zh`]) are
//! paired with the target mentions that render them ([`crate::names::extract`]), by reading
//! the target's syllables against the characters ([`align`]). A pair whose syllables are the
//! characters' readings is a rendering; one that departs by a single syllable, in a name of
//! three characters or more, is a misreading; a pinyin rendering of a person the source marks
//! as Taiwanese, Vietnamese, Korean... is the wrong system. The pairs also let the corpus check
//! that one source name has one target form.

pub mod align;
pub mod calque;
pub mod hangul;
pub mod kana;
pub mod kanji;
pub mod pinyin;
pub mod rules;
pub mod truncated;
pub mod zh;

use std::ops::Range;

use rustc_hash::FxHashMap as HashMap;

use align::{Alignment, Step};
use zh::{Tag, ZhData};

use super::data::NameData;

/// What the target does with a source name.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Verdict {
    /// Reads as the characters.
    Read,
    /// One syllable misread or dropped; `expected` is the form the characters read as.
    Misread {
        /// The source character (or kana mora) and what the target wrote for it (`None`:
        /// nothing).
        departure: (String, Option<String>),
        expected: String,
    },
    /// A Japanese kanji name with a syllable that is none of its kanji's readings: `kanji` is
    /// the kanji, `written` what the target wrote for it (`None`: nothing), `readings` its
    /// readings.
    Unread {
        kanji: String,
        written: Option<String>,
        readings: Vec<String>,
    },
    /// A withheld name (林某 "a certain Lin") romanised as if 某 were part of it.
    Anonymous { written: String },
    /// Pinyin for a person the source marks as of an origin that does not use it.
    System { origin: usize, marker: String },
    /// Pinyin for a person whose established English name is another (刘青云 Lau Ching-Wan);
    /// `about` is what the dictionary says of the person.
    Established { expected: String, about: String },
    /// The Japanese reading of a Chinese name, in a document that does not speak of Japan;
    /// `expected` is its pinyin.
    JapaneseReading { expected: String },
    /// A foreign name the source writes by sound, one part of a name the source joins with a
    /// middle dot (约尔格·魏斯纳), romanised as pinyin syllables written apart ("Wei Sina").
    Transliteration,
    /// A name of Latin letters and katakana (Yahoo!ニュース) whose katakana word the target
    /// leaves out; `romaji` is how that word reads.
    Truncated { dropped: String, romaji: String },
    /// A Japanese name element (南 of 南署) translated by its meaning ("South Police
    /// Station"); `expected` is its reading (Minami).
    Calque { element: String, expected: String },
}

/// One source name and the target mention that renders it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Pair {
    /// The source characters.
    pub name: String,
    /// Byte range of the name in the segment's source text.
    pub source: Range<usize>,
    /// Byte range of the rendering in the document.
    pub target: Range<usize>,
    pub verdict: Verdict,
}

/// One unit of a source name (a Chinese character, a kana mora, a Hangul syllable) and the
/// syllables it may be written as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    /// Byte range in the segment's source text.
    pub range: Range<usize>,
    pub readings: Vec<String>,
    /// The reading to suggest.
    pub expected: String,
}

/// Where a source name may start, and the units from there on.
#[derive(Debug, Clone)]
pub struct Start {
    pub at: usize,
    pub tag: Tag,
    pub units: Vec<Unit>,
    /// The name is all of `units` (a katakana name ends at its honorific); otherwise any
    /// prefix of two units or more may be it (a Chinese name runs on into the next word).
    pub whole: bool,
}

/// How a script's names are written in Latin letters.
#[derive(Clone, Copy)]
struct Script {
    /// Whether a string is a syllable of the romanisation.
    is_syllable: fn(&str) -> bool,
    /// Whether a hyphen cuts syllables inside a word (Korean "Jae-in"); elsewhere a
    /// hyphenated word is another system (Wade–Giles "Ing-wen") and is not read.
    hyphens: bool,
    /// Whether a syllable misspelt by one letter is read as a misreading ("Darqiang"). Only
    /// pinyin syllables are long enough for one letter off to still say which one is meant.
    slips: bool,
    /// Whether a target word reads as a source name as a whole, the way a names dictionary
    /// reads it (湯平 Yunohira), though not as its characters one by one.
    reads_whole: Option<fn(&str, &str) -> bool>,
}

const PINYIN: Script = Script {
    is_syllable: pinyin::is_syllable,
    hyphens: false,
    slips: true,
    reads_whole: None,
};
const KANA: Script = Script {
    is_syllable: kana::is_syllable,
    hyphens: false,
    slips: false,
    reads_whole: None,
};
const KANJI: Script = Script {
    is_syllable: kanji::is_syllable,
    hyphens: false,
    slips: false,
    reads_whole: Some(kanji::reads_whole),
};
const HANGUL: Script = Script {
    is_syllable: hangul::is_syllable,
    hyphens: true,
    slips: false,
    reads_whole: None,
};

/// Least number of characters a name must have for a one-syllable departure to be a finding:
/// with two, one matching syllable is too weak a sign that the pair is the same name.
const MIN_CHARS_FOR_MISREADING: usize = 3;

/// A target word run and its letters, for alignment.
#[derive(Clone)]
struct Run {
    range: Range<usize>,
    /// Letters of each word (of each hyphen-separated part, for Korean).
    words: Vec<String>,
    /// Where each word starts in the run's letters.
    breaks: Vec<usize>,
    /// Each word of the run, alone.
    singles: Vec<Run>,
    /// A word of the run has a capital inside it ("WeiSino"): syllables written apart.
    camel: bool,
}

impl Run {
    /// Whether the run writes a name's syllables apart, as separate words or capitalised
    /// inside a word ("Wei Sinuo", "WeiSino"): how pinyin writes a Chinese name, never how a
    /// foreign name is spelt.
    fn apart(&self) -> bool {
        self.words.len() > 1 || self.camel
    }
}

/// The runs of capitalised words of `target` (a prose slice starting at byte `offset` of the
/// document) that can be cut into syllables of `script` (with `slips`, in pinyin, one of a
/// word's syllables may be misspelt by a letter), joined by single spaces. A run is cut
/// at any other word ("Lake", "Nguyen", "Ing-wen" for pinyin), at stop words and titles, and
/// after a possessive, so "Minister Nguyen Meng Xiong's" gives "Meng Xiong". Runs are read
/// here rather than taken from the names extractor's mentions, which leave out runs longer
/// than a person's name.
fn runs(target: &str, offset: usize, data: &NameData, script: Script, slips: bool) -> Vec<Run> {
    let mut out = Vec::new();
    let mut run: Option<Run> = None;
    let mut last_end: Option<usize> = None;
    for (start, word) in words(target) {
        let joined = last_end.is_some_and(|e| &target[e..start] == " ");
        if !joined && let Some(r) = run.take() {
            out.push(r);
        }
        let (stem, possessive) = match word.strip_suffix("'s").or_else(|| word.strip_suffix("’s"))
        {
            Some(stem) => (stem, true),
            None => (word, false),
        };
        let capitalised = stem.chars().next().is_some_and(char::is_uppercase)
            && stem.chars().skip(1).any(char::is_lowercase);
        let parts: Vec<String> = if script.hyphens {
            stem.split('-').map(pinyin::letters).collect()
        } else {
            vec![pinyin::letters(stem)]
        };
        let readable = parts
            .iter()
            .all(|p| pinyin::cuts_into(p, script.is_syllable))
            || (slips && pinyin::cuts_into_with_a_slip(&parts[0]));
        if capitalised && readable && !is_generic(stem, data) {
            let range = offset + start..offset + start + stem.len();
            let camel = stem
                .chars()
                .zip(stem.chars().skip(1))
                .any(|(a, b)| a.is_lowercase() && b.is_uppercase());
            let r = run.get_or_insert(Run {
                range: range.clone(),
                words: Vec::new(),
                breaks: Vec::new(),
                singles: Vec::new(),
                camel: false,
            });
            r.camel |= camel;
            r.range.end = range.end;
            r.breaks.push(r.words.iter().map(String::len).sum());
            r.words.extend(parts.iter().cloned());
            r.singles.push(Run {
                range,
                words: parts,
                breaks: vec![0],
                singles: Vec::new(),
                camel,
            });
        } else if let Some(r) = run.take() {
            out.push(r);
        }
        if possessive && let Some(r) = run.take() {
            out.push(r);
        }
        last_end = Some(start + word.len());
    }
    out.extend(run);
    out
}

/// The words of `text` with their byte offsets: letters, with apostrophes and hyphens inside.
fn words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut chars = text.char_indices().peekable();
    std::iter::from_fn(move || {
        let (start, _) = chars.find(|(_, c)| c.is_alphabetic())?;
        let mut end = text.len();
        while let Some(&(i, c)) = chars.peek() {
            let inner = matches!(c, '\'' | '’' | '-')
                && text[i + c.len_utf8()..]
                    .chars()
                    .next()
                    .is_some_and(char::is_alphabetic);
            if c.is_alphabetic() || inner {
                chars.next();
            } else {
                end = i;
                break;
            }
        }
        Some((start, &text[start..end]))
    })
}

/// An English head word of a name ("Lake", "Road"), a title or a stop word, which pinyin runs
/// never include.
fn is_generic(word: &str, data: &NameData) -> bool {
    let lower = word.to_lowercase();
    data.org_generic.contains_key(lower.as_str())
        || data.stopwords.contains(lower.as_str())
        || data.titles.contains(lower.as_str())
}

/// A candidate source name: a prefix of the units from a [`Start`].
struct Candidate<'a> {
    units: &'a [Unit],
    tag: Tag,
    /// The name is the given name of a person (the surname left out).
    given_only: bool,
    /// Byte offset of the whole name (with its surname) in the segment.
    name_at: usize,
}

impl Candidate<'_> {
    fn span(&self) -> Range<usize> {
        self.units[0].range.start..self.units[self.units.len() - 1].range.end
    }
}

/// Whether the one departure of `a` looks like a misreading inside the name rather than a
/// name cut at the wrong place. A dropped character must sit inside a word ("Zhang Jiqi" for
/// 张家祺 is read, "Tunbao" for 经屯堡 only renders 屯堡). A misread syllable that is a word of
/// its own must be a person's surname ("Huo Jingping" for 鄂竟平): anywhere else it is more
/// likely the next word ("Ningxia Hui" for 宁夏银川, where Hui is not 银). A misread syllable
/// of one letter is more likely a piece of an English word ("Tunisia").
///
/// `breaks`: where the run's words start in the alignment's letters (a Korean "Jae-in" is
/// one word of two syllables).
fn plausible_departure(a: &Alignment, breaks: &[usize], tag: Tag) -> bool {
    let Some(i) = a.steps.iter().position(|s| !matches!(s, Step::Read(_))) else {
        return false;
    };
    let is_word = |r: &Range<usize>| {
        breaks.contains(&r.start) && (breaks.contains(&r.end) || r.end == a.letters.len())
    };
    match &a.steps[i] {
        Step::Misread(r) if r.len() < 2 => false,
        Step::Misread(r) => !is_word(r) || (i == 0 && tag == Tag::Person),
        Step::Dropped => {
            let before = a.steps[..i].iter().rev().find_map(|s| match s {
                Step::Read(r) | Step::Misread(r) => Some(r.end),
                Step::Dropped => None,
            });
            before.is_some_and(|end| i + 1 < a.steps.len() && !breaks.contains(&end))
        }
        Step::Read(_) => false,
    }
}

/// Whether `words` is one word that writes two characters with a letter doubled or left out
/// inside the word ("Sunning", "Shangai"): a slip of the pen that leaves no doubt which name is meant, where
/// a changed letter may be another system's spelling (Taipei for 台北 Taibei) and a misread
/// syllable may be another name.
fn two_characters_slipped(units: &[Unit], words: &[String]) -> bool {
    let ([first, second], [word]) = (units, words) else {
        return false;
    };
    // As in a slip of one syllable, the word's last letter stays: Ximen is 西门, not a
    // misspelt 西盟 Ximeng.
    first.readings.iter().any(|a| {
        second.readings.iter().any(|b| {
            let read = format!("{a}{b}");
            read.as_bytes().last() == word.as_bytes().last()
                && matches!(
                    pinyin::slip(&read, word),
                    Some(pinyin::Slip::Added { doubled: true } | pinyin::Slip::LeftOut)
                )
        })
    })
}

/// Whether the characters at `span` of a Chinese `source` are one part of a name whose parts
/// are joined by a middle dot (约尔格·魏斯纳), mostly characters that write foreign names by
/// sound: a foreign name, whose English form is its own spelling. (The dot also joins the
/// parts of titles, 湖南日报·新湖南, whose characters are words.)
fn foreign_by_sound(source: &str, span: Range<usize>, data: &ZhData) -> bool {
    let beside = source[..span.start]
        .chars()
        .next_back()
        .is_some_and(zh::is_name_dot)
        || source[span.end..]
            .chars()
            .next()
            .is_some_and(zh::is_name_dot);
    beside && data.is_transliteration(&source[span])
}

/// Pairs the names of one Chinese segment with their renderings in the target.
pub fn pair_zh(
    source: &str,
    target: &str,
    offset: usize,
    names: &NameData,
    data: &ZhData,
) -> Vec<Pair> {
    let starts = zh_starts(source, data);
    let persons = person_starts(&starts);
    let chinese = Chinese {
        data,
        persons: &persons,
    };
    pair_segment(
        source,
        &starts,
        target,
        offset,
        names,
        PINYIN,
        Some(chinese),
    )
}

/// The Chinese names of `source` as units with their readings.
fn zh_starts(source: &str, data: &ZhData) -> Vec<Start> {
    zh::name_starts(source, data)
        .into_iter()
        .map(|s| Start {
            at: s.at,
            tag: s.tag,
            units: s
                .chars
                .iter()
                .enumerate()
                .map(|(i, &(at, c))| Unit {
                    range: at..at + c.len_utf8(),
                    readings: data.readings(c),
                    expected: data.expected(c, i == 0 && s.tag == Tag::Person),
                })
                .collect(),
            whole: false,
        })
        .collect()
}

/// One segment of a document: its source text, and its target as a prose slice starting at
/// byte `offset` of the document.
pub struct SegmentText<'a> {
    pub source: &'a str,
    pub target: &'a str,
    pub offset: usize,
}

/// Pairs the names of every segment of a document whose source is in `lang` ("zh", "ja",
/// "ko"), with the index of the segment each pair is in. Chinese characters are read in pinyin,
/// Japanese katakana in Hepburn, Korean Hangul in Revised Romanization and the spellings names
/// keep. A person a Chinese source marks with an origin in one segment keeps it in the others:
/// "台积电创始人张忠谋" early in an article makes a later 张忠谋 Taiwanese too.
pub fn pair_document(
    lang: &str,
    segments: &[SegmentText],
    names: &NameData,
    data: &ZhData,
) -> Vec<(usize, Pair)> {
    let mut marked: HashMap<String, (usize, String)> = HashMap::default();
    let japan = lang == "zh" && segments.iter().any(|s| data.mentions_japan(s.source));
    let elsewhere = lang == "ja"
        && segments
            .iter()
            .any(|s| calque::speaks_of_elsewhere(s.source));
    // Names the target writes as a Japanese person's (a Chinese text about a Japanese scientist
    // that does not name Japan).
    let mut japanese_persons: Vec<String> = Vec::new();
    let mut out = Vec::new();
    for (i, seg) in segments.iter().enumerate() {
        let found = match lang {
            "zh" => {
                let starts = zh_starts(seg.source, data);
                let persons = person_starts(&starts);
                for s in starts.iter().filter(|s| s.tag == Tag::Person) {
                    if let Some((origin, marker)) = data.origin_of(seg.source, s.at, &persons) {
                        for n in 2..=s.units.len() {
                            let name = &seg.source[s.at..s.units[n - 1].range.end];
                            marked
                                .entry(name.to_string())
                                .or_insert_with(|| (origin, marker.to_string()));
                        }
                    }
                }
                let chinese = Chinese {
                    data,
                    persons: &persons,
                };
                let (src, tgt) = (seg.source, seg.target);
                let mut found =
                    pair_segment(src, &starts, tgt, seg.offset, names, PINYIN, Some(chinese));
                if !japan {
                    let japanese = japanese_readings(
                        src,
                        &starts,
                        tgt,
                        seg.offset,
                        names,
                        &mut japanese_persons,
                    );
                    for p in japanese {
                        if found.iter().all(|f| {
                            f.target.end <= p.target.start || p.target.end <= f.target.start
                        }) {
                            found.push(p);
                        }
                    }
                    found.sort_by_key(|p| p.target.start);
                }
                found
            }
            "ja" => {
                let starts: Vec<Start> = kana::names(seg.source)
                    .into_iter()
                    .map(|units| Start {
                        at: units[0].range.start,
                        tag: Tag::Other,
                        units,
                        whole: true,
                    })
                    .collect();
                let (src, tgt) = (seg.source, seg.target);
                let mut found = pair_segment(src, &starts, tgt, seg.offset, names, KANA, None);
                for p in pair_kanji(src, tgt, seg.offset, names) {
                    if found
                        .iter()
                        .all(|f| f.target.end <= p.target.start || p.target.end <= f.target.start)
                    {
                        found.push(p);
                    }
                }
                if !elsewhere {
                    found.extend(calque::calques(src, tgt, seg.offset));
                }
                found.extend(truncated::truncated(src, tgt, seg.offset));
                found.sort_by_key(|p| p.target.start);
                found
            }
            "ko" => {
                let starts: Vec<Start> = hangul::words(seg.source)
                    .into_iter()
                    .map(|w| Start {
                        at: w.at,
                        tag: if w.surname { Tag::Person } else { Tag::Other },
                        units: w.units,
                        whole: false,
                    })
                    .collect();
                pair_segment(
                    seg.source, &starts, seg.target, seg.offset, names, HANGUL, None,
                )
            }
            _ => Vec::new(),
        };
        out.extend(found.into_iter().map(|p| (i, p)));
    }
    out.retain(|(_, p)| {
        !matches!(p.verdict, Verdict::JapaneseReading { .. }) || !japanese_persons.contains(&p.name)
    });
    for (_, p) in &mut out {
        if p.verdict == Verdict::Read
            && let Some((origin, marker)) = marked.get(&p.name)
        {
            p.verdict = Verdict::System {
                origin: *origin,
                marker: marker.clone(),
            };
        }
    }
    out
}

fn person_starts(starts: &[Start]) -> Vec<usize> {
    starts
        .iter()
        .filter(|s| s.tag == Tag::Person)
        .map(|s| s.at)
        .collect()
}

/// What only a Chinese source has: origin markers and withheld names.
#[derive(Clone, Copy)]
struct Chinese<'a> {
    data: &'a ZhData,
    /// Where the source's person names start.
    persons: &'a [usize],
}

fn pair_segment(
    source: &str,
    starts: &[Start],
    target: &str,
    offset: usize,
    names: &NameData,
    script: Script,
    chinese: Option<Chinese>,
) -> Vec<Pair> {
    let strict = runs(target, offset, names, script, false);
    let slipped = if script.slips {
        runs(target, offset, names, script, true)
    } else {
        Vec::new()
    };
    if strict.is_empty() && slipped.is_empty() {
        return Vec::new();
    }
    let mut candidates: Vec<Candidate> = Vec::new();
    for s in starts {
        let shortest = if s.whole { s.units.len() } else { 2 };
        for n in shortest..=s.units.len() {
            candidates.push(Candidate {
                units: &s.units[..n],
                tag: s.tag,
                given_only: false,
                name_at: s.at,
            });
        }
        if s.tag == Tag::Person {
            for n in 3..=s.units.len().min(4) {
                candidates.push(Candidate {
                    units: &s.units[1..n],
                    tag: s.tag,
                    given_only: true,
                    name_at: s.at,
                });
            }
        }
    }
    // A run that renders no name as a whole may render one per word: the two parts of a
    // katakana name (キリアン・エムバペ) are two source names. Runs with a misspelt word are
    // read after the others, where no other pair is: such a word may lengthen a run that
    // renders a name exactly without it.
    let mut out: Vec<Pair> = Vec::new();
    for (i, runs) in [strict, slipped].iter().enumerate() {
        for run in runs {
            let pairs = match pair_run(source, run, &candidates, script, chinese) {
                Some(pair) => vec![pair],
                None if run.singles.len() > 1 => run
                    .singles
                    .iter()
                    .filter_map(|w| pair_run(source, w, &candidates, script, chinese))
                    .collect(),
                None => Vec::new(),
            };
            for pair in pairs {
                let free = || {
                    out.iter().all(|p| {
                        p.target.end <= pair.target.start || pair.target.end <= p.target.start
                    })
                };
                if i == 0 || free() {
                    out.push(pair);
                }
            }
        }
    }
    if let Some(zh) = chinese {
        out.retain(|p| !doubtful_misreading(source, target, offset, p, zh.data));
    }
    out.sort_by_key(|p| p.target.start);
    out
}

/// English words after a Chinese university's name: universities keep English names older
/// than pinyin or shortened (Peking, Tsinghua, Soochow, Jiaotong for 交大, Beihang for
/// 北京航空航天大学), which do not read as their characters.
const UNIVERSITY_WORDS: [&str; 2] = ["University", "College"];

/// Whether a pinyin misreading found in a Chinese segment has a likelier explanation:
/// - the name comes right after a foreign country's name (法国米其林): a foreign company or
///   place, whose English is its own spelling ("Michelin"), not pinyin;
/// - the rendering names a university ("Lanzhou Jiaotong University" for 兰州交大);
/// - the rendering reads exactly other characters of the segment: it renders them, not the
///   name it was aligned with ("Oulianwang" is 欧联网, not a misread 欧联通 in
///   "据欧联网援引欧联通讯社报道").
fn doubtful_misreading(
    source: &str,
    target: &str,
    offset: usize,
    pair: &Pair,
    data: &ZhData,
) -> bool {
    if !matches!(pair.verdict, Verdict::Misread { .. }) {
        return false;
    }
    let Some(written) = target.get(pair.target.start - offset..pair.target.end - offset) else {
        return false;
    };
    let after = &target[pair.target.end - offset..];
    data.after_foreign_country(source, pair.source.start)
        || UNIVERSITY_WORDS.iter().any(|w| {
            after
                .strip_prefix(' ')
                .and_then(|a| a.strip_prefix(w))
                .is_some_and(|a| !a.starts_with(char::is_alphanumeric))
        })
        || reads_other_characters(source, written, data)
}

/// Whether `written` reads exactly, syllable by syllable, some run of two or more Han
/// characters of `source`.
fn reads_other_characters(source: &str, written: &str, data: &ZhData) -> bool {
    let words: Vec<String> = written.split([' ', '-']).map(pinyin::letters).collect();
    let chars: Vec<char> = source.chars().collect();
    (0..chars.len()).any(|i| {
        let run = chars[i..]
            .iter()
            .take_while(|c| pinyin::is_han(**c))
            .take(zh::MAX_CHARS);
        let mut readings: Vec<Vec<String>> = Vec::new();
        run.into_iter().any(|&c| {
            readings.push(data.readings(c));
            readings.len() >= 2
                && align::align(&readings, &words, pinyin::is_syllable, false)
                    .is_some_and(|a| a.cost() == 0)
        })
    })
}

/// The words of a Chinese segment's target that render one of its names (two characters or
/// more, not a transliteration) by the Japanese on and kun readings of its characters, and
/// not by their pinyin: "Matsuyama" for 松山 Songshan. The caller keeps them only where the
/// document does not speak of Japan.
fn japanese_readings(
    source: &str,
    starts: &[Start],
    target: &str,
    offset: usize,
    names: &NameData,
    persons: &mut Vec<String>,
) -> Vec<Pair> {
    let kanji = kanji::names(source, false);
    let mut out = Vec::new();
    for run in runs(target, offset, names, KANJI, false) {
        // Two words read the Japanese way side by side are a Japanese person's name (Shuji
        // Nakamura for 中村修二), whatever jieba took its first characters for; its parts
        // are that person's in the whole document ("Professor Nakamura"). Only a word alone
        // is reported: a place or an organisation.
        let japanese: Vec<&str> = run
            .singles
            .iter()
            .filter_map(|w| {
                exact_kanji(source, &kanji, &w.words)
                    .into_iter()
                    .map(|r| &source[r])
                    .find(|name| name.chars().count() >= 2)
            })
            .collect();
        let read = run
            .singles
            .iter()
            .filter_map(|word| japanese_reading(source, starts, word));
        let range = run.range.start - offset..run.range.end - offset;
        if japanese.len() >= 2 {
            persons.extend(japanese.iter().map(|n| n.to_string()));
        } else if run.singles.len() > 1 || !alone(target, range, names) {
            // A word read the Japanese way beside another name word is a person's surname or
            // given name (Nakamura Xiuer, pinyin given to half a Japanese name).
            persons.extend(read.map(|p| p.name));
        } else {
            out.extend(read);
        }
    }
    out
}

/// Whether the words at `range` of `target` stand alone: no capitalised word other than a
/// title, stop word or head word ("In", "Lake") is next to them ("Nakamura Xiuer").
fn alone(target: &str, range: Range<usize>, names: &NameData) -> bool {
    let name_word =
        |w: &str| w.chars().next().is_some_and(char::is_uppercase) && !is_generic(w, names);
    let before = target[..range.start]
        .strip_suffix(' ')
        .and_then(|b| words(b).last())
        .is_some_and(|(at, w)| at + w.len() + 1 == range.start && name_word(w));
    let after = target[range.end..]
        .strip_prefix(' ')
        .and_then(|a| words(a).next())
        .is_some_and(|(at, w)| at == 0 && name_word(w));
    !before && !after
}

/// The Chinese place or organisation name `word` renders by its Japanese reading, if one.
fn japanese_reading(source: &str, starts: &[Start], word: &Run) -> Option<Pair> {
    let mut found: Option<Pair> = None;
    for s in starts.iter().filter(|s| s.tag == Tag::Other) {
        for n in 2..=s.units.len() {
            let units = &s.units[..n];
            let chars = source[units[0].range.start..units[n - 1].range.end].chars();
            let readings: Vec<Vec<String>> = chars
                .enumerate()
                .map(|(i, c)| kanji::unit_readings(c, i == 0, false))
                .collect();
            let japanese = align::align(&readings, &word.words, KANJI.is_syllable, false)
                .is_some_and(|a| a.cost() == 0);
            if !japanese {
                continue;
            }
            let pinyin: String = units.iter().map(|u| u.expected.as_str()).collect();
            let pair = Pair {
                name: source[units[0].range.start..units[n - 1].range.end].to_string(),
                source: units[0].range.start..units[n - 1].range.end,
                target: word.range.clone(),
                verdict: Verdict::JapaneseReading {
                    expected: align::capitalise(&pinyin),
                },
            };
            if found.as_ref().is_some_and(|f| f.name != pair.name) {
                return None;
            }
            found = Some(pair);
        }
    }
    found
}

/// Pairs the kanji names of one Japanese segment with the target words that render them. Each
/// word is read alone: a Japanese name's parts are words of their own, in either order
/// (Kayahara Yuki, Yuki Kayahara), and each renders a run of kanji.
fn pair_kanji(source: &str, target: &str, offset: usize, names: &NameData) -> Vec<Pair> {
    let common = kanji::names(source, false);
    let all = kanji::names(source, true);
    runs(target, offset, names, KANJI, false)
        .iter()
        .flat_map(|r| &r.singles)
        .filter_map(|word| pair_kanji_word(source, &common, &all, word))
        .collect()
}

/// Least number of kanji a name must have for a syllable none of its kanji read as to be a
/// finding: two kanji read as written on either side of it leave no doubt the word renders
/// that name.
const MIN_KANJI_FOR_UNREAD: usize = 3;

/// The runs of kanji from `starts` that `letters` read as exactly: one after another by their
/// readings, or as a whole the way the names dictionary reads them. Only the longest are kept
/// (a run inside another is the same reading cut short).
fn exact_kanji(source: &str, starts: &[Start], words: &[String]) -> Vec<Range<usize>> {
    let letters = words.concat();
    let mut found: Vec<Range<usize>> = Vec::new();
    for s in starts {
        for n in 1..=s.units.len() {
            let units = &s.units[..n];
            let span = units[0].range.start..units[n - 1].range.end;
            let readings: Vec<Vec<String>> = units.iter().map(|u| u.readings.clone()).collect();
            if kanji::reads_whole(&source[span.clone()], &letters)
                || align::align(&readings, words, KANJI.is_syllable, false)
                    .is_some_and(|a| a.cost() == 0)
            {
                found.push(span);
            }
        }
    }
    let inside =
        |a: &Range<usize>, b: &Range<usize>| a != b && b.start <= a.start && a.end <= b.end;
    found
        .iter()
        .filter(|a| !found.iter().any(|b| inside(a, b)))
        .cloned()
        .collect()
}

/// The kanji name `word` renders, if any. A word that reads as a run of kanji renders it,
/// preferring runs read by their common (on and kun) readings to runs read by readings kept
/// for names; two different runs read alike leave it unpaired, and so does a single kanji
/// (one kanji has too many readings for the pair to be sure), though it explains the word.
/// A word that reads as no run is reported when it renders a name of three kanji or more
/// that ends its run of kanji (not with a title: 市長), whose first and last kanji it reads
/// as written, with one syllable in between that is none of its kanji's readings, or left out
/// ("Takahara" for 高地原), and every such name agrees on which kanji it is. A kanji left out
/// counts only in a name that starts its run (賭博破戒録 has no name 博破戒録).
fn pair_kanji_word(source: &str, common: &[Start], all: &[Start], word: &Run) -> Option<Pair> {
    let letters = word.words.concat();
    if kanji::written_otherwise(source, &letters) {
        return None;
    }
    let mut exact = exact_kanji(source, common, &word.words);
    if exact.is_empty() {
        exact = exact_kanji(source, all, &word.words);
    }
    if let Some(first) = exact.first() {
        let name = &source[first.clone()];
        if name.chars().count() < 2 || exact.iter().any(|e| &source[e.clone()] != name) {
            return None;
        }
        return Some(Pair {
            name: name.to_string(),
            source: first.clone(),
            target: word.range.clone(),
            verdict: Verdict::Read,
        });
    }
    let mut unread: Option<Pair> = None;
    for s in all {
        for n in MIN_KANJI_FOR_UNREAD..=s.units.len() {
            let units = &s.units[..n];
            let span = units[0].range.start..units[n - 1].range.end;
            if !kanji::ends_name(source, span.end) || kanji::ends_with_title(&source[span.clone()])
            {
                continue;
            }
            let readings: Vec<Vec<String>> = units.iter().map(|u| u.readings.clone()).collect();
            let Some(a) = align::align(&readings, &word.words, KANJI.is_syllable, false)
                .filter(|a| a.cost() == 1)
            else {
                continue;
            };
            let Some(i) = a.steps.iter().position(|s| !matches!(s, Step::Read(_))) else {
                continue;
            };
            let written = match &a.steps[i] {
                Step::Misread(r) if r.len() <= 4 && kanji::is_morae(&a.letters[r.clone()]) => {
                    Some(a.letters[r.clone()].to_string())
                }
                Step::Dropped => None,
                _ => continue,
            };
            // The kanji on either side are read by readings of two letters or more: a
            // one-vowel name reading (日 a, 追 o) says little.
            let anchored = |s: &Step| matches!(s, Step::Read(r) if r.len() >= 2);
            if i == 0 || i + 1 == n || !anchored(&a.steps[0]) || !anchored(&a.steps[n - 1]) {
                continue;
            }
            if written.is_none() && !kanji::starts_name(source, span.start) {
                continue;
            }
            let kanji = source[units[i].range.clone()].to_string();
            let pair = Pair {
                name: source[span.clone()].to_string(),
                source: span,
                target: word.range.clone(),
                verdict: Verdict::Unread {
                    readings: kanji::readings(&kanji),
                    kanji,
                    written,
                },
            };
            match &unread {
                Some(u) if u.name != pair.name || u.verdict != pair.verdict => return None,
                _ => unread = Some(pair),
            }
        }
    }
    unread
}

/// The source name `run` renders, if any, and how.
fn pair_run(
    source: &str,
    run: &Run,
    candidates: &[Candidate],
    script: Script,
    chinese: Option<Chinese>,
) -> Option<Pair> {
    pair_run_reading(source, run, candidates, script, chinese, false).or_else(|| {
        script
            .slips
            .then(|| pair_run_reading(source, run, candidates, script, chinese, true))?
    })
}

/// [`pair_run`], reading syllables misspelt by a letter as misreadings when `slips`: only once
/// no reading without them explains the run, so a slip never hides another finding.
fn pair_run_reading(
    source: &str,
    run: &Run,
    candidates: &[Candidate],
    script: Script,
    chinese: Option<Chinese>,
    slips: bool,
) -> Option<Pair> {
    let mut exact: Option<(&Candidate, Option<Alignment>)> = None;
    let mut near: Vec<(&Candidate, Alignment)> = Vec::new();
    let mut cut_elsewhere = false;
    let letters = run.words.concat();
    for c in candidates {
        let longer = |exact: &Option<(&Candidate, _)>| {
            exact
                .as_ref()
                .is_none_or(|(e, _)| e.units.len() < c.units.len())
        };
        if let Some(reads_whole) = script.reads_whole
            && reads_whole(&source[c.span()], &letters)
        {
            if longer(&exact) {
                exact = Some((c, None));
            }
            continue;
        }
        let readings: Vec<Vec<String>> = c.units.iter().map(|u| u.readings.clone()).collect();
        let Some(a) = align::align(&readings, &run.words, script.is_syllable, slips) else {
            continue;
        };
        match a.cost() {
            // The longest exact candidate is the name (张家祺 over 张家).
            0 if longer(&exact) => {
                exact = Some((c, Some(a)));
            }
            1 if !c.given_only
                && (c.tag != Tag::Transliterated
                    || chinese.is_some_and(|zh| foreign_by_sound(source, c.span(), zh.data)))
                && ((c.units.len() >= MIN_CHARS_FOR_MISREADING && a.read() >= 2)
                    || (slips && two_characters_slipped(c.units, &run.words))) =>
            {
                // One candidate explaining the target as a name cut elsewhere is enough
                // to doubt every misreading.
                cut_elsewhere |= !plausible_departure(&a, &run.breaks, c.tag);
                near.push((c, a));
            }
            _ => {}
        }
    }
    let pair = |c: &Candidate, verdict| Pair {
        name: source[c.span()].to_string(),
        source: c.span(),
        target: run.range.clone(),
        verdict,
    };
    if let Some((c, a)) = exact {
        if let Some(zh) = chinese {
            if c.tag == Tag::Person
                && let Some((origin, marker)) = zh.data.origin_of(source, c.name_at, zh.persons)
            {
                let verdict = Verdict::System {
                    origin,
                    marker: marker.to_string(),
                };
                return Some(pair(c, verdict));
            }
            if let Some((expected, about)) = zh.data.established(&source[c.span()]) {
                let verdict = Verdict::Established {
                    expected: expected.clone(),
                    about: about.clone(),
                };
                return Some(pair(c, verdict));
            }
            if run.apart() && foreign_by_sound(source, c.span(), zh.data) {
                return Some(pair(c, Verdict::Transliteration));
            }
            let last = source[c.span()].chars().next_back();
            if let (Some(last), Some(Step::Read(r))) =
                (last, a.as_ref().and_then(|a| a.steps.last()))
                && zh.data.is_anonymous(last)
            {
                let written = letters[r.clone()].to_string();
                return Some(pair(c, Verdict::Anonymous { written }));
            }
        }
        if c.given_only {
            return None;
        }
        return Some(pair(c, Verdict::Read));
    }
    if cut_elsewhere {
        return None;
    }
    // A near reading counts only when every near candidate suggests the same form. The name
    // of a person the source marks as of an origin whose names are not pinyin, or of a
    // foreign name written by sound, is not misread pinyin: written as one word, a near
    // reading may be the person's own spelling; with its syllables apart ("Wei Sino" for
    // （德）魏思诺), it is pinyin, the wrong system.
    let mut found: Option<Pair> = None;
    for (c, a) in near {
        if let Some(zh) = chinese {
            let origin = (c.tag == Tag::Person)
                .then(|| zh.data.origin_of(source, c.name_at, zh.persons))
                .flatten();
            if let Some((origin, marker)) = origin {
                let verdict = Verdict::System {
                    origin,
                    marker: marker.to_string(),
                };
                return run.apart().then(|| pair(c, verdict));
            }
            if foreign_by_sound(source, c.span(), zh.data) {
                return run.apart().then(|| pair(c, Verdict::Transliteration));
            }
        }
        let expected: Vec<String> = c.units.iter().map(|u| u.expected.clone()).collect();
        let (i, step) = a
            .steps
            .iter()
            .enumerate()
            .find(|(_, s)| !matches!(s, Step::Read(_)))?;
        let written = match step {
            Step::Misread(r) => Some(a.letters[r.clone()].to_string()),
            _ => None,
        };
        let verdict = Verdict::Misread {
            departure: (source[c.units[i].range.clone()].to_string(), written),
            expected: a.corrected(&expected),
        };
        let p = pair(c, verdict);
        match &found {
            Some(f) if f.verdict != p.verdict => return None,
            _ => found = Some(p),
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(source: &str, target: &str) -> Vec<(String, String, Verdict)> {
        let names = NameData::builtin();
        pair_zh(source, target, 0, &names, &zh::DATA)
            .into_iter()
            .map(|p| (p.name, target[p.target].to_string(), p.verdict))
            .collect()
    }

    #[test]
    fn exact_renderings_pair_and_read() {
        let found = pairs(
            "鄂竟平提出，淮河流域要进一步加大洪水排泄力度。",
            "Officials said the Huaihe River basin should discharge more.",
        );
        assert_eq!(found, vec![("淮河".into(), "Huaihe".into(), Verdict::Read)]);
    }

    #[test]
    fn misread_surname_is_found() {
        let found = pairs(
            "鄂竟平提出，淮河流域要进一步加大洪水排泄力度。",
            "Huo Jingping said the basin should discharge more.",
        );
        assert_eq!(
            found,
            vec![(
                "鄂竟平".into(),
                "Huo Jingping".into(),
                Verdict::Misread {
                    departure: ("鄂".into(), Some("huo".into())),
                    expected: "E Jingping".into()
                }
            )]
        );
    }

    #[test]
    fn runs_are_cut_at_non_pinyin_words_titles_and_possessives() {
        let names = NameData::builtin();
        let text =
            "Minister of Communications Nguyen Meng Xiong's aide met Tsai Ing-wen, Li Qiang.";
        let runs: Vec<&str> = runs(text, 0, &names, PINYIN, false)
            .iter()
            .map(|r| &text[r.range.clone()])
            .collect();
        // Tsai is Wade–Giles, not pinyin.
        assert_eq!(runs, ["Meng Xiong", "Li Qiang"]);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

        /// Any text, in any script mix, pairs without panicking, and every pair points at
        /// character boundaries of its texts.
        #[test]
        fn any_text_pairs_without_panicking(
            source in "[鄂竟平张忠谋台湾香港某林阮越南（德）、，。a-zA-Z タナカヒロシーッンさん氏문재인이박 -]{0,40}",
            target in "[A-Za-z' ’-]{0,40}|(Huo Jingping|Zhang Zhongmou|Lin Mou|Tanuka|Moon Jae-ik|Ōtani|Lǚ)( [A-Z][a-z]{0,6}){0,3}",
        ) {
            let names = NameData::builtin();
            for lang in ["zh", "ja", "ko"] {
                let texts = [SegmentText { source: &source, target: &target, offset: 0 }];
                for (_, p) in pair_document(lang, &texts, &names, &zh::DATA) {
                    proptest::prop_assert!(source.get(p.source.clone()).is_some());
                    proptest::prop_assert!(target.get(p.target.clone()).is_some());
                }
            }
        }
    }

    #[test]
    fn two_character_names_are_not_judged_on_one_syllable() {
        assert!(pairs("马云表示", "Ma Yan said").is_empty());
    }

    fn misread_as(source: &str, target: &str) -> Vec<(String, String)> {
        pairs(source, target)
            .into_iter()
            .filter_map(|(_, written, v)| match v {
                Verdict::Misread { expected, .. } => Some((written, expected)),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn a_syllable_misspelt_by_one_letter_is_a_misreading() {
        assert_eq!(
            misread_as("王大明表示同意。", "Wang Darming said he agreed."),
            [("Wang Darming".into(), "Wang Daming".into())]
        );
        assert!(misread_as("王大明表示同意。", "Wang Daming said he agreed.").is_empty());
        // A slip at the end of a word is how English spells a transliteration; a person marked
        // as foreign is not read as pinyin.
        assert!(misread_as("王大明表示同意。", "Wang Damingo said he agreed.").is_empty());
        assert!(misread_as("（美）王大明 著", "by Wang Darming").is_empty());
        // Nothing near the name is read into it.
        assert!(misread_as("王大明表示同意。", "Wang Daming Agreed, said the paper.").is_empty());
    }

    #[test]
    fn a_two_character_place_name_with_a_letter_doubled_or_left_out() {
        assert_eq!(
            misread_as("他在上海工作。", "He works in Shangai."),
            [("Shangai".into(), "Shanghai".into())]
        );
        assert_eq!(
            misread_as("他在苏州工作。", "He works in Suzzhou."),
            [("Suzzhou".into(), "Suzhou".into())]
        );
        // Conventional spellings with a changed or added letter are left alone: Taipei is
        // Wade–Giles, Lhasa Tibetan, Shaanxi the official form for 陕西.
        for (source, target) in [
            ("他在台北工作。", "He works in Taipei."),
            ("他在拉萨工作。", "He works in Lhasa."),
            ("他在陕西工作。", "He works in Shaanxi."),
            ("他在上海工作。", "He works in Shanghai."),
            // A final letter left out makes another syllable, maybe another name.
            ("他在西盟工作。", "He works in Ximen."),
        ] {
            assert!(misread_as(source, target).is_empty(), "{target}");
        }
    }

    #[test]
    fn pinyin_for_a_taiwanese_person_is_the_wrong_system() {
        let found = pairs(
            "然而，对于这个决定，台积电创始人张忠谋却不屑一顾。",
            "However, TSMC founder Zhang Zhongmou dismissed the decision.",
        );
        assert!(matches!(found[0].2, Verdict::System { .. }), "{found:?}");
        assert!(
            pairs(
                "然而，对于这个决定，台积电创始人张忠谋却不屑一顾。",
                "However, TSMC founder Morris Chang dismissed the decision."
            )
            .is_empty()
        );
    }

    #[test]
    fn pinyin_with_syllables_apart_for_a_foreign_name_is_the_wrong_system() {
        let book = "办公室里的巧克力（德）魏思诺 著";
        // A marked foreign author in pinyin, misspelt, apart or capitalised inside a word.
        for target in [
            "Chocolate by Wei Sinuo",
            "Chocolate by Wei Sino",
            "Chocolate by WeiSino",
        ] {
            let found = pairs(book, target);
            assert!(
                matches!(&found[..], [(_, _, Verdict::System { .. })]),
                "{target}: {found:?}"
            );
        }
        // Written as one word, a near reading may be the author's own spelling.
        assert!(pairs(book, "Chocolate by Weisino").is_empty());
        let transliterations = |source: &str, target: &str| -> Vec<String> {
            pairs(source, target)
                .into_iter()
                .filter(|p| p.2 == Verdict::Transliteration)
                .map(|p| p.1)
                .collect()
        };
        assert_eq!(
            transliterations("作者约尔格·魏斯纳表示", "The author Jorg Wei Sina said"),
            ["Wei Sina"]
        );
        for (source, target) in [
            ("作者约尔格·魏斯纳表示", "The author Jörg Weisner said"),
            // One word that happens to be the pinyin (安娜 Anna) is the name's own spelling.
            ("演员安娜·魏斯纳表示", "The actress Anna Weisner said"),
            // A dot between the words of a title: 新湖南 is no foreign name.
            ("湖南日报·新湖南客户端", "Hunan Daily Xin Hunan app"),
        ] {
            assert!(transliterations(source, target).is_empty(), "{target}");
        }
    }

    #[test]
    fn an_origin_marked_once_holds_for_the_whole_document() {
        let names = NameData::builtin();
        let segments = [
            (
                "台积电创始人张忠谋表示。",
                "TSMC founder Morris Chang said so.",
            ),
            (
                "张忠谋曾找英特尔投资。",
                "Zhang Zhongmou once asked Intel to invest.",
            ),
        ];
        let texts = segment_texts(&segments);
        let found = pair_document("zh", &texts, &names, &zh::DATA);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, 1);
        assert!(matches!(found[0].1.verdict, Verdict::System { .. }));
        // Alone, the second segment says nothing of the person's origin.
        assert_eq!(
            pair_document("zh", &texts[1..], &names, &zh::DATA)[0]
                .1
                .verdict,
            Verdict::Read
        );
    }

    #[test]
    fn a_withheld_name_is_not_romanised() {
        let found = pairs(
            "为此，陆先生将林某起诉至余姚市人民法院。",
            "Mr. Lu sued Lin Mou in the Yuyao People's Court.",
        );
        assert!(
            found
                .iter()
                .any(|p| p.1 == "Lin Mou" && matches!(p.2, Verdict::Anonymous { .. })),
            "{found:?}"
        );
    }

    /// The kanji pairs of a Japanese segment: (source name, target text, verdict).
    fn kanji_pairs(source: &str, target: &str) -> Vec<(String, String, Verdict)> {
        let names = NameData::builtin();
        pair_kanji(source, target, 0, &names)
            .into_iter()
            .map(|p| (p.name, target[p.target].to_string(), p.verdict))
            .collect()
    }

    #[test]
    fn kanji_names_pair_with_the_words_that_read_them() {
        let found = kanji_pairs(
            "茅原悠紀が優勝戦に進んだ。",
            "Kayahara Yuki advanced to the final.",
        );
        let read: Vec<(&str, &str)> = found
            .iter()
            .filter(|p| p.2 == Verdict::Read)
            .map(|p| (p.0.as_str(), p.1.as_str()))
            .collect();
        assert_eq!(read, [("茅原", "Kayahara"), ("悠紀", "Yuki")]);
        // A dictionary reading that is not its kanji's (湯平 Yunohira) pairs too.
        assert_eq!(
            kanji_pairs("湯平で見つかった。", "It was found in Yunohira."),
            [("湯平".into(), "Yunohira".into(), Verdict::Read)]
        );
    }

    #[test]
    fn a_kanji_inside_a_name_read_as_none_of_its_readings() {
        let found = kanji_pairs(
            "高地原地区が孤立した。",
            "The Takahara district was cut off.",
        );
        assert!(
            matches!(
                &found[..],
                [(name, word, Verdict::Unread { kanji, written: Some(w), readings })]
                    if name == "高地原" && word == "Takahara" && kanji == "地" && w == "ka"
                        && readings.contains(&"chi".to_string())
            ),
            "{found:?}"
        );
    }

    #[test]
    fn a_kanji_left_out_of_a_name_after_a_rank() {
        let found = kanji_pairs("大関貴景勝が勝った。", "Ozeki Takakatsu won.");
        assert!(
            matches!(
                &found[..],
                [_, (name, word, Verdict::Unread { kanji, written: None, .. })]
                    if name == "貴景勝" && word == "Takakatsu" && kanji == "景"
            ),
            "{found:?}"
        );
    }

    #[test]
    fn kanji_words_that_are_no_finding() {
        for (source, target) in [
            // The right reading, and another reading of the same kanji.
            (
                "高地原地区が孤立した。",
                "The Kochihara district was cut off.",
            ),
            (
                "高地原地区が孤立した。",
                "The Takachihara district was cut off.",
            ),
            // A name of two kanji is not judged on one.
            (
                "赤磐市惣分で開かれた。",
                "It was held in Sofu, Akaiwa City.",
            ),
            // A kanji read by a reading kept for names (高 ka): the name may read so.
            (
                "高地原地区が孤立した。",
                "The Kachihara district was cut off.",
            ),
            // A kanji left out of a name inside a longer word (賭博破戒録), or a name that
            // runs into a title (小山田久市長).
            (
                "『賭博破戒録カイジ』に登場した。",
                "It appeared in Kaiji Gaming Hakkairoku.",
            ),
            (
                "十和田市役所に小山田久市長を訪ねた。",
                "They visited Mayor Hisahisa Oyamada.",
            ),
            // Hepburn for a kanji name after a rank, read right.
            ("大関貴景勝が勝った。", "Ozeki Takakeisho won."),
            // The run of kanji goes on: 順次発 is part of 順次発売, no name.
            ("順次発売する。", "Sales start in Okinawa."),
            // The word renders kana of the source.
            (
                "山陽新聞デジタル｜さんデジ",
                "Sanyo Shimbun Digital | Sandeji",
            ),
        ] {
            let unread: Vec<_> = kanji_pairs(source, target)
                .into_iter()
                .filter(|p| p.2 != Verdict::Read)
                .collect();
            assert!(unread.is_empty(), "{target}: {unread:?}");
        }
        // Two different names read alike: the word pairs with neither.
        assert!(kanji_pairs("河野と川野が来た。", "Kawano came.").is_empty());
    }

    #[test]
    fn misreadings_with_a_likelier_explanation_are_dropped() {
        for (source, target) in [
            // A foreign company after its country: its own spelling.
            (
                "德国西门子、法国米其林等企业签约。",
                "Siemens of Germany and Michelin of France signed.",
            ),
            // A university's English name.
            (
                "兰州交大的学生反映了问题。",
                "Students of Lanzhou Jiaotong University reported problems.",
            ),
            // The word reads other characters of the segment exactly.
            (
                "据欧联网援引欧联通讯社报道，飞机坠毁。",
                "Oulianwang, citing the Oulian news agency, reported a crash.",
            ),
            (
                "他搬到了民主镇明珠社区。",
                "He moved to Mingzhu Community, Minzhu Town.",
            ),
        ] {
            assert!(misread_as(source, target).is_empty(), "{target}");
        }
        // Without the country, the university or the other characters, they are findings.
        for (source, target) in [
            ("米其林表示同意。", "Michelin said he agreed."),
            (
                "兰州交大的学生反映了问题。",
                "Students of Lanzhou Jiaotong reported problems.",
            ),
            (
                "据欧联通讯社报道，飞机坠毁。",
                "Oulianwang reported a crash.",
            ),
            // Inner Mongolia (内蒙古) is no foreign country.
            (
                "内蒙古阿荣旗4名学生溺水身亡。",
                "4 students drown in Alongqi, Inner Mongolia.",
            ),
        ] {
            assert_eq!(misread_as(source, target).len(), 1, "{target}");
        }
    }

    /// Aligned (source, target) segments, each target starting the document.
    fn segment_texts<'a>(segments: &[(&'a str, &'a str)]) -> Vec<SegmentText<'a>> {
        segments
            .iter()
            .map(|&(source, target)| SegmentText {
                source,
                target,
                offset: 0,
            })
            .collect()
    }

    fn japanese_readings_of(segments: &[(&str, &str)]) -> Vec<(String, String)> {
        let names = NameData::builtin();
        let texts = segment_texts(segments);
        pair_document("zh", &texts, &names, &zh::DATA)
            .into_iter()
            .filter_map(|(i, p)| match p.verdict {
                Verdict::JapaneseReading { expected } => {
                    Some((segments[i].1[p.target].to_string(), expected))
                }
                _ => None,
            })
            .collect()
    }

    #[test]
    fn a_chinese_place_in_a_japanese_reading() {
        let place = (
            "在松山，野生动物是真正的主人。",
            "In Matsuyama, wild animals rule.",
        );
        assert_eq!(
            japanese_readings_of(&[place]),
            [("Matsuyama".to_string(), "Songshan".to_string())]
        );
        // A document that speaks of Japan may name a Japanese Matsuyama.
        assert!(japanese_readings_of(&[place, ("日本的城市。", "A city of Japan.")]).is_empty());
        // Pinyin, and a word beside another name word, are not reported.
        for target in [
            "In Songshan, wild animals rule.",
            "In Matsuyama Songshan, wild animals rule.",
        ] {
            assert!(
                japanese_readings_of(&[("在松山，野生动物是真正的主人。", target)]).is_empty(),
                "{target}"
            );
        }
        // A Japanese person's name read the Japanese way makes its parts Japanese in the
        // whole document.
        assert!(
            japanese_readings_of(&[
                (
                    "中村修二教授获颁学位。",
                    "Professor Shuji Nakamura received a degree."
                ),
                ("中村教授表示。", "Professor Nakamura said."),
            ])
            .is_empty()
        );
    }
}
