//! The rules that read names against their source: `names/source-reading`,
//! `names/source-system`, `names/source-calque`, `names/source-truncated` and
//! `names/source-inconsistent`. One extractor pairs each bilingual
//! document's source names with their renderings, in the parallel per-document pass; the
//! rules decide over those pairs.

use std::sync::Arc;

use rustc_hash::FxHashMap as HashMap;

use super::kanji;
use super::pinyin;
use super::zh;
use super::{Pair, SegmentText, Verdict, pair_document};
use crate::corpus::Corpus;
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::{Document, FileId, Segment, Span};
use crate::names::Context;
use crate::rule_meta;
use crate::rules::facts::{self, CorpusFacts, Extractor, Fact, Saved};
use crate::rules::{Rule, RuleMeta};

/// Every rule of this module, in the order of [`all`]: its documentation.
pub(in crate::names) const METAS: &[fn() -> RuleMeta] = &[
    SourceReading::meta,
    SourceSystem::meta,
    SourceCalque::meta,
    SourceTruncated::meta,
    SourceInconsistent::meta,
];

pub fn all(ctx: Arc<Context>) -> Vec<Box<dyn Rule>> {
    let pairs = Arc::new(SourcePairs { ctx });
    vec![
        Box::new(SourceReading::new(Arc::clone(&pairs))),
        Box::new(SourceSystem::new(Arc::clone(&pairs))),
        Box::new(SourceCalque::new(Arc::clone(&pairs))),
        Box::new(SourceTruncated::new(Arc::clone(&pairs))),
        Box::new(SourceInconsistent::new(pairs)),
    ]
}

/// The facts: every (source name, target rendering) pair of a document, with the index of
/// its segment.
type Pairs = Vec<(usize, Pair)>;

/// Pairs the names of a bilingual document with their renderings.
pub struct SourcePairs {
    ctx: Arc<Context>,
}

impl Extractor for SourcePairs {
    fn key(&self) -> &'static str {
        "names/source"
    }

    fn extract(&self, doc: &Document) -> Fact {
        let Some(bitext) = &doc.bitext else {
            return facts::shared_if_empty(Pairs::new(), Vec::is_empty);
        };
        let texts: Vec<SegmentText> = bitext
            .segments
            .iter()
            .map(|seg| SegmentText {
                source: &seg.source,
                target: doc.prose.get(seg.target.clone()).unwrap_or(""),
                offset: seg.target.start,
            })
            .collect();
        Arc::new(pair_document(
            &bitext.source_lang,
            &texts,
            &self.ctx.data,
            &zh::DATA,
        ))
    }

    fn save(&self, fact: &Fact) -> Option<Saved> {
        facts::save_as::<Pairs>(fact)
    }

    fn load(&self, saved: &Saved) -> Option<Fact> {
        facts::load_as::<Pairs>(saved)
    }
}

/// Every pair of the corpus: (document, its segment, the pair).
fn pairs<'c>(
    corpus: &'c Corpus,
    facts: &'c CorpusFacts,
) -> impl Iterator<Item = (&'c Document, &'c Segment, &'c Pair)> {
    corpus.docs.iter().enumerate().flat_map(move |(i, doc)| {
        let found = facts.doc::<Pairs>(i, "names/source");
        let segments = doc.bitext.as_ref().map_or(&[][..], |b| &b.segments[..]);
        found
            .into_iter()
            .flatten()
            .filter_map(move |(s, p)| Some((doc, segments.get(*s)?, p)))
    })
}

/// A finding on the rendering of a pair in the target.
fn finding(meta: &RuleMeta, doc: &Document, pair: &Pair, message: String) -> Diagnostic {
    Diagnostic::new(
        &meta.id,
        meta.default_severity,
        Span::new(doc.id, pair.target.clone()),
        message,
    )
}

/// A rule decided over the source pairs: its struct, constructor and `Rule` impl; its
/// `meta` and `check` methods are its own.
macro_rules! source_pairs_rule {
    ($(#[$doc:meta])* $rule:ident) => {
        $(#[$doc])*
        pub struct $rule {
            meta: RuleMeta,
            pairs: Arc<SourcePairs>,
        }

        impl $rule {
            pub fn new(pairs: Arc<SourcePairs>) -> Self {
                $rule {
                    pairs,
                    meta: $rule::meta(),
                }
            }
        }

        impl Rule for $rule {
            fn meta(&self) -> &RuleMeta {
                &self.meta
            }

            fn extractor(&self) -> Option<Arc<dyn Extractor>> {
                Some(self.pairs.clone())
            }

            fn check_corpus(
                &self,
                corpus: &Corpus,
                facts: &CorpusFacts,
                out: &mut Vec<Diagnostic>,
            ) {
                self.check(corpus, facts, out);
            }
        }
    };
}

/// Judges every pair of the corpus on its own: `judge` gets the pair and the target text
/// it is written as, and each finding it makes gets a label on the source name.
fn judge_pairs<'c>(
    corpus: &'c Corpus,
    facts: &'c CorpusFacts,
    out: &mut Vec<Diagnostic>,
    mut judge: impl FnMut(&'c Document, &'c Segment, &'c Pair, &'c str) -> Option<Diagnostic>,
) {
    for (doc, seg, pair) in pairs(corpus, facts) {
        let written = &doc.source.text[pair.target.clone()];
        if let Some(d) = judge(doc, seg, pair, written) {
            out.push(source_label(d, seg, pair));
        }
    }
}

source_pairs_rule!(
    /// A romanised name that does not read as the characters it translates.
    SourceReading
);
source_pairs_rule!(
    /// Pinyin for a person the source marks as Taiwanese, Hongkongese, Vietnamese, Korean...
    SourceSystem
);
source_pairs_rule!(
    /// A Japanese name element translated by its meaning.
    SourceCalque
);
source_pairs_rule!(
    /// A name of Latin letters and katakana cut short.
    SourceTruncated
);
source_pairs_rule!(
    /// One source name written two ways in the corpus.
    SourceInconsistent
);

/// A label on the source name, when the source file is known.
fn source_label(d: Diagnostic, seg: &Segment, pair: &Pair) -> Diagnostic {
    match &seg.source_span {
        Some(span) => d.with_label(
            Span::new(
                span.file,
                span.range.start + pair.source.start..span.range.start + pair.source.end,
            ),
            "the source name",
        ),
        None => d.with_note(format!("the source writes {}", pair.name)),
    }
}

impl SourceReading {
    fn meta() -> RuleMeta {
        rule_meta! {
            id: "names/source-reading",
            severity: Severity::Warning,
            summary: "a romanised name misreads or drops a syllable of the Chinese, Japanese (kanji or katakana) or Hangul name it translates",
            explanation: r#"
Read with its source (an aligned pair `STEM.en` beside `STEM.zh`), each pinyin name in the
English is compared, syllable by syllable, with the readings of the characters it renders
(every reading of a heteronym counts, and surname readings such as 单 Shan, 区 Ou, 曾 Zeng
are data in `rules/names/source-zh.toml`). A name of three characters or more that departs
from them by one syllable is reported with the form the characters read as, as a suggestion
(`--unsafe-fixes`): the person may have an established spelling of their own.

```text
source: 鄂竟平提出……     target: Huo Jingping said …   →  鄂 reads e: "E Jingping"
source: 陆先生将林某起诉    target: Mr. Lu sued Lin Mou  →  林某 is "a certain Lin": "Lin"
```

Katakana names of people (a Japanese source; a katakana name followed by an honorific such as
さん or 氏: other katakana is mostly foreign words, whose English is not a romanisation) are
read in Hepburn and its common variants (Kunrei
spellings, long vowels written out, with `h` or left out: Otani, Ohtani), and Hangul names (a
Korean source) in Revised Romanization and the spellings Korean names keep in English (Moon
Jae-in, Lee, Park: `rules/names/source-ko.toml`).

Japanese names in kanji are read against the readings of their kanji (KANJIDIC's on and kun
readings and the readings kept for names, with the sounds Japanese changes inside a name:
原 hara as bara, 北 hoku before 海 kai as Hokkai) and against the names dictionary, for names
that read their kanji otherwise (ENAMDICT: 湯平 Yunohira); both from the EDRDG, converted by
`scripts/jadict.py` into `rules/names/source-ja.txt`. A name has many possible readings, so
only a romanisation that none of them explains is reported: a name of three kanji or more that
ends its run of kanji (or is followed by 地区, 橋, 市, 町...), whose first and last kanji the
word reads as written, with one kanji in between read as none of its readings or left out. The
help lists that kanji's readings, and the dictionary's readings of the name when it has them;
there is no fix, since which reading the name takes is not certain.

```text
source: 高地原地区につながる唯一の道   target: the only road to the Takahara district
                                       →  地 is not read `ka` (地 reads chi, ji, tsuchi…)
```

Names of two characters, morae or syllables are not judged (one matching syllable is no proof
the pair is the same name), nor foreign names written by sound (突尼斯, スパンジェンバーグ),
whose English form is the original spelling, nor a word that renders kana or Latin letters of
the source (さんデジ Sandeji). A pinyin near reading is no finding either when something else
explains it: the name comes right after a foreign country's name (法国米其林, Michelin of
France: the countries are `foreign-countries` in `rules/names/source-zh.toml`), the English
names a university, which keeps its older or shortened English name ("Lanzhou Jiaotong
University" for 兰州交大, Peking, Tsinghua, Beihang), or the word reads other characters of the
segment exactly (民主镇明珠社区: "Minzhu Town" renders 民主, not a misread 明珠). A kanji left
out counts only in a name that starts its run of kanji, or follows a place suffix or a rank
(大関貴景勝), and no name runs into a title (小山田久市長)."#,
            fixable: false,
            flag: [
                "鄂竟平提出，要进一步加大洪水排泄力度。\tHuo Jingping said that flood discharge should be increased.",
                "为此，陆先生将林某起诉至余姚市人民法院。\tMr. Lu sued Lin Mou at the Yuyao People's Court.",
                "タナカ・ヒロシさんは語った。\tMr. Hiroshi Tanuka said.",
                "문재인 대통령은 말했다.\tPresident Moon Jae-ik said.",
                "高地原地区につながる唯一の道が流された。\tThe only road to the Takahara district was washed away.",
            ],
            pass: [
                "鄂竟平提出，要进一步加大洪水排泄力度。\tMinister E Jingping said that flood discharge should be increased.",
                "为此，陆先生将林某起诉至余姚市人民法院。\tMr. Lu sued Lin at the Yuyao People's Court.",
                "突尼斯总统赛义德表示\tTunisian President Saied said",
                "Huo Jingping said that flood discharge should be increased.",
                "サトウ・ヒロシさんは語った。\tMr. Hiroshi Sato said.",
                "スパンジェンバーグ選手が打った。\tSpangenberg hit it.",
                "レインが降った。\tRain fell.",
                "ホームヘルパーさんが来た。\tHome helpers came.",
                "문재인 대통령은 말했다.\tPresident Moon Jae-in said.",
                "高地原地区につながる唯一の道が流された。\tThe only road to the Kochihara district was washed away.",
                "赤磐市惣分で寄席が開かれた。\tA show was held in Sobun, Akaiwa City.",
                "山陽新聞デジタル｜さんデジ\tSanyo Shimbun Digital | Sandeji",
                "德国西门子、法国米其林等企业签约。\tSiemens of Germany and Michelin of France signed.",
                "兰州交大的学生反映了问题。\tStudents of Lanzhou Jiaotong University reported problems.",
                "他搬到了民主镇明珠社区。\tHe moved to Mingzhu Community, Minzhu Town.",
                "十和田市役所に小山田久市長を訪ねた。\tThey visited Mayor Hisashi Oyamada.",
            ],
        }
    }
}

impl SourceReading {
    fn check(&self, corpus: &Corpus, facts: &CorpusFacts, out: &mut Vec<Diagnostic>) {
        judge_pairs(corpus, facts, out, |doc, seg, pair, written| {
            Some(match &pair.verdict {
                Verdict::Misread {
                    departure,
                    expected,
                } => {
                    let what = match &departure.1 {
                        Some(syllable) => format!(
                            "`{written}` does not read as its source {}: {} is not `{syllable}`",
                            pair.name, departure.0
                        ),
                        None => format!(
                            "`{written}` leaves out {} of its source {}",
                            departure.0, pair.name
                        ),
                    };
                    finding(&self.meta, doc, pair, what)
                        .with_help(format!("the characters read `{expected}`"))
                        .with_unsafe_fix(expected.clone())
                }
                Verdict::Unread {
                    kanji,
                    written: syllable,
                    readings,
                } => {
                    let what = match syllable {
                        Some(syllable) => format!(
                            "`{written}` does not read as its source {}: {kanji} is not read `{syllable}`",
                            pair.name
                        ),
                        None => {
                            format!("`{written}` leaves out {kanji} of its source {}", pair.name)
                        }
                    };
                    let whole = kanji::whole_readings(&seg.source, pair.source.clone());
                    let mut help = format!("{kanji} reads {}", readings.join(", "));
                    if !whole.is_empty() {
                        help.push_str(&format!(
                            "; the names dictionary reads {} as {}",
                            pair.name,
                            whole.join(", ")
                        ));
                    }
                    finding(&self.meta, doc, pair, what).with_help(help)
                }
                Verdict::Anonymous { written: syllable } => {
                    let kept = written
                        .rsplit_once(' ')
                        .map(|(head, _)| head.to_string())
                        .filter(|_| written.to_lowercase().ends_with(syllable.as_str()));
                    let d = finding(
                        &self.meta,
                        doc,
                        pair,
                        format!(
                            "`{written}` romanises the character that withholds the name in {}",
                            pair.name
                        ),
                    )
                    .with_note(format!(
                        "{} means \"a certain\": the source gives only the surname",
                        pair.name.chars().last().unwrap_or('某')
                    ));
                    match kept {
                        Some(k) => d
                            .with_help(format!("write the surname alone (`{k}`, `Mr. {k}`)"))
                            .with_unsafe_fix(k),
                        None => d.with_help("write the surname alone"),
                    }
                }
                _ => return None,
            })
        });
    }
}

impl SourceSystem {
    fn meta() -> RuleMeta {
        rule_meta! {
            id: "names/source-system",
            severity: Severity::Warning,
            summary: "a person the Chinese source marks as Taiwanese, Hongkongese, Vietnamese, Korean or Japanese, or whose English name a dictionary records, is written in pinyin, or a Chinese place in a Japanese reading",
            explanation: r#"
Pinyin is the romanisation of mainland Chinese names. Taiwanese people write theirs in
Wade–Giles or a spelling of their own (蔡英文 Tsai Ing-wen, 张忠谋 Morris Chang), Hong Kong
people in Cantonese-based spellings (林郑月娥 Carrie Lam), and the Chinese characters of a
Vietnamese, Korean or Japanese name stand for a name in that language (阮春福 Nguyen Xuan
Phuc, 文在寅 Moon Jae-in, 岸田文雄 Kishida Fumio). When the source names the person's origin
just before the name, in the same clause ("台积电创始人张忠谋", "越南总理范明正"), or the
surname is characteristic and the origin is named in the segment (阮 with 越南), a pinyin
rendering is reported, and so is pinyin misspelt with its syllables written apart ("Wei Sino"
or "WeiSino" for （德）魏思诺, the German author Jörg Weisner); written as one word, a near
reading may be the person's own spelling. Likewise a part of a foreign name joined by a middle
dot and written with the characters Chinese uses for sounds (约尔格·魏斯纳) rendered as pinyin
syllables apart ("Wei Sina"): no foreign name is spelt that way. The marker words are data (`rules/names/source-zh.toml`); words such as
中联办 or 驻…大使 between marker and name show the person is from elsewhere.

Without a marker, a person whose English name a dictionary records is held to it: 刘青云 is the
Hong Kong actor Lau Ching-Wan, 邵逸夫 Run Run Shaw, never "Liu Qingyun" or "Shao Yifu". The list
(`rules/names/source-zh-established.txt`, converted from CC-CEDICT by `scripts/zhdict.py`) keeps
only people the dictionary dates, whose name is not their pinyin; places and firms are left out,
as their characters name other places too (泰山 is Mount Tai). The help says who the dictionary
means, since a namesake may be someone else.

The other way round, a Chinese place or organisation written in the Japanese reading of its
characters (松山 Songshan as "Matsuyama", by the kanji's on and kun readings) is reported when
the document never speaks of Japan (no 日本, 日方, 东京… : the `japan-cues` of the same file)
and the word stands alone: beside another name word it is part of a person's name, and a
person named the Japanese way anywhere in the document (Shuji Nakamura for 中村修二) is taken
to be Japanese in all of it."#,
            fixable: false,
            flag: [
                "然而，台积电创始人张忠谋却不屑一顾。\tHowever, TSMC founder Zhang Zhongmou dismissed it.",
                "韩国总统文在寅表示\tSouth Korean President Wen Zaiyin said",
                "通信传媒部部长阮孟雄表示，越南数字技术企业增长。\tMinister Ruan Mengxiong said Vietnam's firms grew.",
                "在松山，野生动物是真正的主人。\tIn Matsuyama, wild animals are the real masters.",
                "办公室里的巧克力（德）魏思诺 著\tChocolate in the Office by Wei Sino",
                "作者约尔格·魏斯纳表示\tThe author Jorg Wei Sina said",
                "刘青云和刘德华合作拍摄新片。\tLiu Qingyun and Andy Lau teamed up for a new film.",
            ],
            pass: [
                "办公室里的巧克力（德）魏思诺 著\tChocolate in the Office by Jörg Weisner",
                "作者约尔格·魏斯纳表示\tThe author Jörg Weisner said",
                "然而，台积电创始人张忠谋却不屑一顾。\tHowever, TSMC founder Morris Chang dismissed it.",
                "香港中联办主任骆惠宁表示\tLuo Huining, director of the Liaison Office in Hong Kong, said",
                "国务院总理李克强表示\tPremier Li Keqiang said",
                "刘青云和刘德华合作拍摄新片。\tLau Ching-Wan and Andy Lau teamed up for a new film.",
                "在松山，野生动物是真正的主人。\tIn Songshan, wild animals are the real masters.",
                "日本爱媛县松山市举行了活动。\tAn event was held in Matsuyama, Ehime, Japan.",
                "中村修二教授获颁荣誉博士学位。\tProfessor Shuji Nakamura received an honorary doctorate.",
            ],
        }
    }
}

impl SourceSystem {
    fn check(&self, corpus: &Corpus, facts: &CorpusFacts, out: &mut Vec<Diagnostic>) {
        judge_pairs(corpus, facts, out, |doc, _, pair, written| {
            let (message, help) = match &pair.verdict {
                Verdict::JapaneseReading { expected } => (
                    format!(
                        "`{written}` is the Japanese reading of {}, in a Chinese text that does not speak of Japan",
                        pair.name
                    ),
                    format!("the pinyin is `{expected}`"),
                ),
                Verdict::Transliteration => (
                    format!(
                        "`{written}` writes {}, a foreign name the source spells by sound, as pinyin syllables",
                        pair.name
                    ),
                    "write the person's own spelling, which the characters transliterate".into(),
                ),
                Verdict::Established { expected, about } => (
                    format!(
                        "`{written}` writes {} in pinyin, but its established English form is `{expected}`",
                        pair.name
                    ),
                    if about.is_empty() {
                        format!("write `{expected}`")
                    } else {
                        format!("if this is {expected} {about}, write `{expected}`")
                    },
                ),
                Verdict::System { origin, marker } => {
                    let origin = zh::DATA.origins.get(*origin)?;
                    (
                        format!(
                            "`{written}` writes {} in pinyin, but the source marks the person as {} ({marker})",
                            pair.name, origin.name
                        ),
                        format!("write {}", origin.expected),
                    )
                }
                _ => return None,
            };
            Some(finding(&self.meta, doc, pair, message).with_help(help))
        });
    }
}

impl SourceCalque {
    fn meta() -> RuleMeta {
        rule_meta! {
            id: "names/source-calque",
            severity: Severity::Warning,
            summary: "a Japanese place name's direction or centre is translated by meaning (南署 \"South Police Station\" for the Minami Police Station)",
            explanation: r#"
In a Japanese name, a direction or "centre" before a ward, police station, railway line or
school is part of the name and is romanised: 南署 is the Minami Police Station (the station
of Minami ward), 岡山市北区 Kita Ward of Okayama, 中央線 the Chuo Line, おおさか東線 the Osaka
Higashi Line. Translated by its meaning ("South Police Station", "North Ward", "Central
Line") it names a place that does not exist under that English name, and a reader cannot
find it on a map.

Read with its source (`STEM.en` beside `STEM.ja`), the element's English meaning is reported
when it is a capitalised word just before the facility's English head word ("South Police
Station", "North Ward"), the element starts the name (after kana, punctuation or 市, 県, 町…,
or after kanji the word before it renders: 佐賀南署 "Saga South"), and the target does not
romanise the element anywhere. The fix, a suggestion (`--unsafe-fixes`), writes the reading.

Stations and hospitals are not judged (Chinese stations and a few Japanese institutions are
named in English by meaning: 北京南駅 Beijing South, …東病院 Hospital East), nor documents that
speak of China, Taiwan, Hong Kong or Korea, whose districts are translated (Taichung's South
District) or read in Korean (Seoul's 中区 Jung-gu). The elements, facilities and those words
are data in `rules/names/source-ja-places.toml`."#,
            fixable: false,
            flag: [
                "南署によると、通行人から110番があった。\tAccording to the South Police Station, a passerby called 110.",
                "岡山市北区の神社で祭りがあった。\tA festival was held at a shrine in North Ward, Okayama City.",
            ],
            pass: [
                "南署によると、通行人から110番があった。\tAccording to the Minami Police Station, a passerby called 110.",
                "岡山市北区の神社で祭りがあった。\tA festival was held at a shrine in Kita Ward, Okayama City.",
                "台中市南区で地震があった。\tAn earthquake struck the South District of Taichung.",
                "福岡市城南区で祭りがあった。\tA festival was held in Jonan Ward, Fukuoka.",
            ],
        }
    }
}

impl SourceCalque {
    fn check(&self, corpus: &Corpus, facts: &CorpusFacts, out: &mut Vec<Diagnostic>) {
        judge_pairs(corpus, facts, out, |doc, _, pair, written| {
            let Verdict::Calque { element, expected } = &pair.verdict else {
                return None;
            };
            let message = format!(
                "`{written}` translates {element} of the Japanese name {} by its meaning",
                pair.name
            );
            Some(
                finding(&self.meta, doc, pair, message)
                    .with_note(format!(
                        "{element} is part of the name and reads `{expected}`"
                    ))
                    .with_help(format!("romanise it: `{expected}`"))
                    .with_unsafe_fix(expected.clone()),
            )
        });
    }
}

impl SourceTruncated {
    fn meta() -> RuleMeta {
        rule_meta! {
            id: "names/source-truncated",
            severity: Severity::Warning,
            summary: "a Japanese name of Latin letters and katakana that ends a line loses its katakana word (Yahoo!ニュース rendered \"Yahoo!\")",
            explanation: r#"
Japanese writes many names as a Latin-letter brand followed by a katakana word: the news site
Yahoo!ニュース (Yahoo! News) that ends a headline, NHKスペシャル (NHK Special). A translation
that keeps the Latin letters and drops the katakana word names the company, not the site or
programme.

Read with its source (`STEM.en` beside `STEM.ja`), a segment whose source ends with such a
name (before closing brackets or punctuation) and whose target ends with the Latin part alone
is reported, unless some word of the target sounds like the katakana word the way a loanword
sounds like its English (ニュース nyūsu and "News", スポーツ and "Sports"): it may be rendered
elsewhere in the line. There is no fix: the katakana word's English is not certain."#,
            fixable: false,
            flag: [
                "パラマラソンをVRで体験（TOKYO MX ） - Yahoo!ニュース\tExperience the Para-marathon in VR (TOKYO MX) - Yahoo!",
            ],
            pass: [
                "パラマラソンをVRで体験（TOKYO MX ） - Yahoo!ニュース\tExperience the Para-marathon in VR (TOKYO MX) - Yahoo! News",
                "パラマラソンをVRで体験（TOKYO MX ） - Yahoo!ニュース\tExperience the Para-marathon in VR, news from Yahoo!",
                "新しいiPhoneケース\tA new case for the iPhone.",
            ],
        }
    }
}

impl SourceTruncated {
    fn check(&self, corpus: &Corpus, facts: &CorpusFacts, out: &mut Vec<Diagnostic>) {
        judge_pairs(corpus, facts, out, |doc, _, pair, written| {
            let Verdict::Truncated { dropped, romaji } = &pair.verdict else {
                return None;
            };
            let message = format!(
                "`{written}` leaves out {dropped} of the source name {}",
                pair.name
            );
            Some(finding(&self.meta, doc, pair, message).with_help(format!(
                "render the whole name: {dropped} ({romaji}) is part of it"
            )))
        });
    }
}

impl SourceInconsistent {
    fn meta() -> RuleMeta {
        rule_meta! {
            id: "names/source-inconsistent",
            severity: Severity::Warning,
            summary: "one source name is romanised two ways across the corpus",
            explanation: r#"
The same characters in the source are one name, and should have one English form. When a
name (Chinese, katakana or Hangul) is rendered by two spellings that both read as it, the
less used one is reported, with a label on the other: a heteronym read two ways (单 Shan and
Dan), two romanisation systems (Moon Jae-in and Mun Jae-in), a long vowel written two ways
(Ohtani and Otani). Forms that differ only in spacing, hyphens or capitals are left to the
other `names/*` rules, and a form that misreads the name is `names/source-reading`'s.

A Japanese surname or place of two kanji may be two names that read differently (菅野 is
Sugano for one person and Kanno for another): its forms are compared within one document
only. Longer kanji names, and names in other scripts, are compared across the corpus."#,
            fixable: false,
            flag: [
                "单雄信说。\tShan Xiongxin said.\n单雄信走了。\tShan Xiongxin left.\n单雄信笑了。\tDan Xiongxin laughed.",
                "문재인 대통령은 말했다.\tPresident Moon Jae-in said.\n문재인 대통령은 웃었다.\tPresident Mun Jae-in laughed.",
                "外崎が打った。\tTonosaki hit.\n外崎が走った。\tTonosaki ran.\n外崎が笑った。\tTozaki laughed.",
            ],
            pass: [
                "单雄信说。\tShan Xiongxin said.\n单雄信走了。\tShan Xiongxin left.",
                "문재인 대통령은 말했다.\tPresident Moon Jae-in said.\n문재인 대통령은 웃었다.\tMoon Jae-in laughed.",
                "外崎が打った。\tTonosaki hit.\n外崎が走った。\tTonosaki ran.",
            ],
        }
    }
}

impl SourceInconsistent {
    fn check(&self, corpus: &Corpus, facts: &CorpusFacts, out: &mut Vec<Diagnostic>) {
        // Source name -> spelling (letters only) -> its uses, in corpus order. A Japanese
        // surname or place of two kanji may be two names read two ways (菅野 Sugano and
        // Kanno): its uses are taken for one name within one document only, whose id goes
        // with the name.
        type Uses<'c> = Vec<(&'c Document, &'c Segment, &'c Pair)>;
        type Name<'c> = (Option<FileId>, &'c str);
        let mut names: HashMap<Name, Vec<(String, Uses)>> = HashMap::default();
        for (doc, seg, pair) in pairs(corpus, facts) {
            if pair.verdict != Verdict::Read {
                continue;
            }
            let written = &doc.source.text[pair.target.clone()];
            let letters: String = written.split([' ', '-']).map(pinyin::letters).collect();
            let homograph = doc.bitext.as_ref().is_some_and(|b| b.source_lang == "ja")
                && kanji::is_kanji_name(&pair.name)
                && pair.name.chars().count() <= 2;
            let scope = homograph.then_some(doc.id);
            let forms = names.entry((scope, &pair.name)).or_default();
            match forms.iter_mut().find(|(l, _)| *l == letters) {
                Some((_, uses)) => uses.push((doc, seg, pair)),
                None => forms.push((letters, vec![(doc, seg, pair)])),
            }
        }
        let mut names: Vec<_> = names.into_iter().filter(|(_, f)| f.len() > 1).collect();
        names.sort_by_key(|(n, _)| *n);
        for ((_, name), mut forms) in names {
            // The most used form sets the standard; on a tie, the one used first.
            fn first<'c>(
                uses: &[(&'c Document, &'c Segment, &'c Pair)],
            ) -> Option<(&'c str, usize)> {
                uses.iter()
                    .map(|(d, _, p)| (d.name(), p.target.start))
                    .min()
            }
            forms.sort_by(|a, b| {
                b.1.len()
                    .cmp(&a.1.len())
                    .then_with(|| first(&a.1).cmp(&first(&b.1)))
            });
            let (standard_doc, _, standard) = forms[0].1[0];
            let standard_text = &standard_doc.source.text[standard.target.clone()];
            for (_, uses) in &forms[1..] {
                for &(doc, seg, pair) in uses {
                    let written = &doc.source.text[pair.target.clone()];
                    let d = finding(
                        &self.meta,
                        doc,
                        pair,
                        format!(
                            "{name} is `{written}` here but `{standard_text}` elsewhere ({} {})",
                            forms[0].1.len(),
                            if forms[0].1.len() == 1 { "use" } else { "uses" }
                        ),
                    )
                    .with_label(
                        Span::new(standard_doc.id, standard.target.clone()),
                        format!("{name} written `{standard_text}`"),
                    )
                    .with_help(format!("write `{standard_text}` throughout"));
                    out.push(source_label(d, seg, pair));
                }
            }
        }
    }
}
