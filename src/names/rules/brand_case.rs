use std::ops::Range;

use aho_corasick::AhoCorasick;

use super::{diagnostic, with_fix};
use crate::corpus::Corpus;
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::{Span, ascii};
use crate::names::Context;
use crate::names::index::{BrandCase, Index};
use crate::rule_meta;
use crate::rules::data::scan::{Literals, Needles, leftmost_longest};
use crate::rules::{RuleId, RuleMeta};

pub(super) const ID: &str = "names/brand-case";

/// A brand written with other capitals than its own ("youtube", "Wechat").
pub(super) fn meta() -> RuleMeta {
    rule_meta! {
        id: ID,
        severity: Severity::Warning,
        summary: "a brand or platform written with other capitals than its own (\"youtube\", \"Wechat\")",
        explanation: r#"
Platforms and companies have one spelling, capitals included: "YouTube", "WeChat",
"TikTok", "iPhone". Machine translation lower-cases them ("posted on twitter") or
capitalises only the first letter ("Wechat", "Whatsapp"). Reported when a listed brand
(`brands` in `rules/names/common.toml`; a project adds its own with `[names] data`) is
written with other capitals. Brands that are also English words (Apple, Meta, Amazon, Line)
are not listed. A spelling in capitals throughout ("TIKTOK", a headline) and the brand
inside an address, a handle or a hashtag (youtube.com, @twitter, #wechat) are left
alone. The brand's own spelling is certain, so `--fix` writes it."#,
        fixable: true,
        flag: [
            "She posted the clip on youtube, and it spread.",
            "Users of Wechat and Whatsapp shared the notice.",
        ],
        pass: [
            "She posted the clip on YouTube, and it spread.",
            "See youtube.com/watch or follow @wechat and #tiktok.",
            "TIKTOK BANNED, the headline said.",
            "An apple a day; the meta question stays.",
            "Le groupe éyoutube and youtubeé are other words.",
        ],
    }
}

/// Finds the listed brands in any ASCII case between ASCII word boundaries (a Unicode `\b`
/// would make a letter outside ASCII glue, which [`hits`] checks itself), as a regex of the
/// brands, longest first, between `(?-u:\b)`s finds them. Such a regex ignoring case has no
/// literal prefix to skip by: it ran its lazy DFA over every byte of every document (4% of a
/// run). The brands are found in the run's one scan instead ([`needles`]).
#[derive(Debug)]
pub(crate) struct Matcher {
    /// The brands, for the one scan: leftmost-longest, ignoring ASCII case.
    list: Literals,
    /// Every brand at every place, for the documents the scan's matches do not settle.
    every: AhoCorasick,
}

/// `None` without brands (or with too many for an automaton, which no list comes near).
pub(crate) fn matcher(brands: &[String]) -> Option<Matcher> {
    let brands: Vec<String> = brands.iter().filter(|b| !b.is_empty()).cloned().collect();
    if brands.is_empty() {
        return None;
    }
    let every = (AhoCorasick::builder().ascii_case_insensitive(true))
        .build(&brands)
        .ok()?;
    let list = Literals::new(brands, true).ok()?;
    Some(Matcher { list, every })
}

/// What the names facts ask the run's one scan for, under this rule's id: the brands.
pub(crate) fn needles(ctx: &Context) -> Needles<'_> {
    Needles {
        lists: ctx.brand_case.iter().map(|m| &m.list).collect(),
        ..Needles::default()
    }
}

/// The rule whose scan matches [`hits`] reads.
pub(crate) fn rule_id() -> RuleId {
    RuleId::new(ID)
}

impl Matcher {
    /// The brands found: at the first place where one starts between word boundaries, the
    /// longest that also ends at one, then on from its end, as a regex of the brands (longest
    /// first) between `(?-u:\b)`s finds them.
    ///
    /// Given the scan's leftmost-longest matches of the brands (`scanned`), those: when each
    /// is between boundaries, no match starts before the next one, and each is the longest
    /// at its start, so the regex finds the same. Else (a brand inside a longer word, "uber"
    /// in "exuberant", a few documents in a hundred) every brand at every place is searched.
    fn found(&self, text: &str, scanned: Option<&[(usize, Range<usize>)]>) -> Vec<Range<usize>> {
        let bytes = text.as_bytes();
        let word = |i: usize| bytes.get(i).is_some_and(|&b| ascii::is_word_byte(b));
        let boundary = |i: usize| (i > 0 && word(i - 1)) != word(i);
        if let Some(scanned) = scanned
            && scanned
                .iter()
                .all(|(_, m)| boundary(m.start) && boundary(m.end))
        {
            return scanned.iter().map(|(_, m)| m.clone()).collect();
        }
        let mut candidates: Vec<(usize, Range<usize>)> = (self.every.find_overlapping_iter(text))
            .filter(|m| !m.is_empty() && boundary(m.start()) && boundary(m.end()))
            .map(|m| (m.pattern().as_usize(), m.range()))
            .collect();
        leftmost_longest(&mut candidates);
        candidates.into_iter().map(|(_, m)| m).collect()
    }
}

/// The brands of a document's prose written with other capitals: its facts for this rule.
/// `scanned`: the run's one scan's matches of [`needles`], if it had them.
pub(crate) fn hits(
    matcher: &Matcher,
    brands: &[String],
    prose: &str,
    scanned: Option<&[(usize, Range<usize>)]>,
) -> Vec<BrandCase> {
    (matcher.found(prose, scanned).into_iter())
        .filter_map(|Range { start, end }| {
            let written = &prose[start..end];
            let brand = brands
                .iter()
                .position(|b| b.eq_ignore_ascii_case(written))?;
            let before = prose[..start].chars().next_back();
            let mut after = prose[end..].chars();
            let (next, then) = (after.next(), after.next());
            // A whole word: not glued to a letter outside ASCII ("youtubeé").
            let word = |c: Option<char>| c.is_some_and(regex_syntax::is_word_character);
            if word(before) || word(next) {
                return None;
            }
            // Part of an address, a handle, a hashtag or a file name.
            let in_address = before.is_some_and(|c| matches!(c, '.' | '/' | '@' | '#' | '_'))
                || next.is_some_and(|c| matches!(c, '/' | '@' | '_'))
                || (next == Some('.') && then.is_some_and(char::is_alphanumeric));
            // All capitals is a headline's or an acronym's style, not a misspelling.
            let shouted = !written.chars().any(char::is_lowercase);
            (written != brands[brand] && !shouted && !in_address).then(|| BrandCase {
                range: start..end,
                written: written.to_string(),
                brand,
            })
        })
        .collect()
}

pub(super) fn find(ctx: &Context, corpus: &Corpus, index: &Index, out: &mut Vec<Diagnostic>) {
    for (d, hit) in index.reported_hits(&index.brand_case) {
        let Some(brand) = ctx.data.brands.get(hit.brand) else {
            continue;
        };
        let span = Span::new(corpus.docs[*d].id, hit.range.clone());
        let written = &hit.written;
        let d = diagnostic(
            ID,
            span,
            format!("`{written}` is the name `{brand}`, written with its own capitals"),
        )
        .with_help(format!("write \"{brand}\""));
        out.push(with_fix(d, brand.clone(), true));
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{flagged, run};
    use crate::diagnostic::Applicability;
    use crate::rules::RuleId;
    use crate::rules::data::scan::{Needles, Scanner};

    #[test]
    fn lower_case_and_half_capitalised_brands_are_fixed_to_their_own_spelling() {
        let found = run(
            "names/brand-case",
            "",
            &[("a.txt", "He left twitter for tiktok, then Linkedin.")],
        );
        let fixes: Vec<&str> = found
            .iter()
            .map(|f| f.2.fix.as_ref().unwrap().replacement.as_str())
            .collect();
        assert_eq!(fixes, ["Twitter", "TikTok", "LinkedIn"]);
        assert!(
            found
                .iter()
                .all(|f| f.2.fix.as_ref().unwrap().applicability == Applicability::Safe)
        );
    }

    /// The matcher finds what a case-insensitive regex of the brands, longest first, between
    /// ASCII word boundaries finds (what it replaced), where brands overlap and nest: from
    /// the one scan's matches, and on its own.
    #[test]
    fn the_matcher_finds_what_a_regex_of_the_brands_finds() {
        let brands: Vec<String> = [
            "Tik",
            "TikTok",
            "Tok",
            "We",
            "WeChat Pay",
            "WeChat",
            "C++",
            "X",
        ]
        .map(String::from)
        .into();
        let mut alternatives: Vec<String> = brands.iter().map(|b| regex::escape(b)).collect();
        alternatives.sort_by_key(|a| std::cmp::Reverse(a.len()));
        let regex =
            regex::RegexBuilder::new(&format!(r"(?-u:\b)(?:{})(?-u:\b)", alternatives.join("|")))
                .case_insensitive(true)
                .build()
                .unwrap();
        let matcher = super::matcher(&brands).unwrap();
        let id = RuleId::new(super::ID);
        let scanner = Scanner::new([(
            id,
            Needles {
                lists: vec![&matcher.list],
                ..Needles::default()
            },
        )]);
        for text in [
            "tiktok TIKTOK tik tok tiktoks tik_tok tiktok2 2tiktok",
            "wechat pay, wechat payments, WECHAT, we-chat, wechatpay",
            "wechat pay, WeChat, we chat: every match between word boundaries",
            "c++ and C++11, x and X-ray, xx, x_y, éx, xé, tiktoké, étiktok",
            "TikTok\nWeChat Pay\r\n",
            "",
        ] {
            let expected: Vec<_> = regex.find_iter(text).map(|m| m.range()).collect();
            let scan = scanner.scan(text);
            let scanned = scan.of(id).unwrap().matches(0);
            assert_eq!(matcher.found(text, Some(scanned)), expected, "{text:?}");
            assert_eq!(matcher.found(text, None), expected, "{text:?}");
        }
    }

    #[test]
    fn addresses_handles_capitals_and_the_right_spelling_pass() {
        for text in [
            "Photos: pic.twitter.com/abc and www.youtube.com.",
            "Write to press@tiktok.com or tag wechat_official.",
            "WECHAT PAY ARRIVES, the banner read.",
            "On WeChat, TikTok and YouTube.",
        ] {
            assert!(
                flagged("names/brand-case", "", &[("a.txt", text)]).is_empty(),
                "{text}"
            );
        }
    }
}
