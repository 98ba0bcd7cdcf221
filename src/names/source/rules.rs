//! The rules that read names against their source: `names/source-reading` and
//! `names/source-system`. Both run per document, on bilingual documents with a Chinese
//! source, and share one pairing pass per document ([`pairs`]).

use std::sync::Arc;

use super::zh;
use super::{Pair, SegmentText, Verdict, pair_document};
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::{Document, Segment, Span};
use crate::names::Context;
use crate::rule_meta;
use crate::rules::{Rule, RuleMeta};

pub fn all(ctx: Arc<Context>) -> Vec<Box<dyn Rule>> {
    vec![
        Box::new(SourceReading::new(Arc::clone(&ctx))),
        Box::new(SourceSystem::new(ctx)),
    ]
}

/// Every (source name, target rendering) pair of `doc`, with the segment it is in.
fn pairs<'d>(doc: &'d Document, ctx: &Context) -> Vec<(&'d Segment, Pair)> {
    let Some(bitext) = &doc.bitext else {
        return Vec::new();
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
    pair_document(&bitext.source_lang, &texts, &ctx.data, &zh::DATA)
        .into_iter()
        .map(|(i, p)| (&bitext.segments[i], p))
        .collect()
}

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

/// A romanised name that does not read as the characters it translates.
pub struct SourceReading {
    meta: RuleMeta,
    ctx: Arc<Context>,
}

impl SourceReading {
    pub fn new(ctx: Arc<Context>) -> Self {
        SourceReading {
            ctx,
            meta: rule_meta! {
                id: "names/source-reading",
                severity: Severity::Warning,
                summary: "a romanised name misreads or drops a syllable of the Chinese, katakana or Hangul name it translates",
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

Names of two characters, morae or syllables are not judged (one matching syllable is no proof
the pair is the same name), nor foreign names written by sound (突尼斯, スパンジェンバーグ),
whose English form is the original spelling."#,
                fixable: false,
                flag: [
                    "鄂竟平提出，要进一步加大洪水排泄力度。\tHuo Jingping said that flood discharge should be increased.",
                    "为此，陆先生将林某起诉至余姚市人民法院。\tMr. Lu sued Lin Mou at the Yuyao People's Court.",
                    "タナカ・ヒロシさんは語った。\tMr. Hiroshi Tanuka said.",
                    "문재인 대통령은 말했다.\tPresident Moon Jae-ik said.",
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
                ],
            },
        }
    }
}

impl Rule for SourceReading {
    fn meta(&self) -> &RuleMeta {
        &self.meta
    }

    fn check_document(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        for (seg, pair) in pairs(doc, &self.ctx) {
            let written = &doc.source.text[pair.target.clone()];
            let span = Span::new(doc.id, pair.target.clone());
            let d = match &pair.verdict {
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
                    Diagnostic::new(&self.meta.id, self.meta.default_severity, span, what)
                        .with_help(format!("the characters read `{expected}`"))
                        .with_unsafe_fix(expected.clone())
                }
                Verdict::Anonymous { written: syllable } => {
                    let kept = written
                        .rsplit_once(' ')
                        .map(|(head, _)| head.to_string())
                        .filter(|_| written.to_lowercase().ends_with(syllable.as_str()));
                    let d = Diagnostic::new(
                        &self.meta.id,
                        self.meta.default_severity,
                        span,
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
                _ => continue,
            };
            out.push(source_label(d, seg, &pair));
        }
    }
}

/// Pinyin for a person the source marks as Taiwanese, Hongkongese, Vietnamese, Korean...
pub struct SourceSystem {
    meta: RuleMeta,
    ctx: Arc<Context>,
}

impl SourceSystem {
    pub fn new(ctx: Arc<Context>) -> Self {
        SourceSystem {
            ctx,
            meta: rule_meta! {
                id: "names/source-system",
                severity: Severity::Warning,
                summary: "a person the Chinese source marks as Taiwanese, Hongkongese, Vietnamese, Korean or Japanese is written in pinyin",
                explanation: r#"
Pinyin is the romanisation of mainland Chinese names. Taiwanese people write theirs in
Wade–Giles or a spelling of their own (蔡英文 Tsai Ing-wen, 张忠谋 Morris Chang), Hong Kong
people in Cantonese-based spellings (林郑月娥 Carrie Lam), and the Chinese characters of a
Vietnamese, Korean or Japanese name stand for a name in that language (阮春福 Nguyen Xuan
Phuc, 文在寅 Moon Jae-in, 岸田文雄 Kishida Fumio). When the source names the person's origin
just before the name, in the same clause ("台积电创始人张忠谋", "越南总理范明正"), or the
surname is characteristic and the origin is named in the segment (阮 with 越南), a pinyin
rendering is reported. The marker words are data (`rules/names/source-zh.toml`); words such as
中联办 or 驻…大使 between marker and name show the person is from elsewhere."#,
                fixable: false,
                flag: [
                    "然而，台积电创始人张忠谋却不屑一顾。\tHowever, TSMC founder Zhang Zhongmou dismissed it.",
                    "韩国总统文在寅表示\tSouth Korean President Wen Zaiyin said",
                    "通信传媒部部长阮孟雄表示，越南数字技术企业增长。\tMinister Ruan Mengxiong said Vietnam's firms grew.",
                ],
                pass: [
                    "然而，台积电创始人张忠谋却不屑一顾。\tHowever, TSMC founder Morris Chang dismissed it.",
                    "香港中联办主任骆惠宁表示\tLuo Huining, director of the Liaison Office in Hong Kong, said",
                    "国务院总理李克强表示\tPremier Li Keqiang said",
                ],
            },
        }
    }
}

impl Rule for SourceSystem {
    fn meta(&self) -> &RuleMeta {
        &self.meta
    }

    fn check_document(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        for (seg, pair) in pairs(doc, &self.ctx) {
            let Verdict::System { origin, marker } = &pair.verdict else {
                continue;
            };
            let Some(origin) = zh::DATA.origins.get(*origin) else {
                continue;
            };
            let written = &doc.source.text[pair.target.clone()];
            let d = Diagnostic::new(
                &self.meta.id,
                self.meta.default_severity,
                Span::new(doc.id, pair.target.clone()),
                format!(
                    "`{written}` is the pinyin of {}, whom the source marks as {} ({marker})",
                    pair.name, origin.name
                ),
            )
            .with_help(format!("write {}", origin.expected));
            out.push(source_label(d, seg, &pair));
        }
    }
}
