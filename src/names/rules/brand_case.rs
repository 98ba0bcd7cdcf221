use regex::{Regex, RegexBuilder};

use super::{diagnostic, with_fix};
use crate::corpus::Corpus;
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Span;
use crate::names::Context;
use crate::names::index::{BrandCase, Index};
use crate::rule_meta;
use crate::rules::RuleMeta;

const ID: &str = "names/brand-case";

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

/// Finds any listed brand, whatever its case, between ASCII word boundaries (a Unicode `\b`
/// would send every document with a curly quote to the regex crate's slow engines); [`hits`]
/// keeps those that are whole words in Unicode's sense too. `None` without brands.
pub(crate) fn matcher(brands: &[String]) -> Option<Regex> {
    if brands.is_empty() {
        return None;
    }
    let mut alternatives: Vec<String> = brands.iter().map(|b| regex::escape(b)).collect();
    alternatives.sort_by_key(|a| std::cmp::Reverse(a.len()));
    RegexBuilder::new(&format!(r"(?-u:\b)(?:{})(?-u:\b)", alternatives.join("|")))
        .case_insensitive(true)
        .build()
        .ok()
}

/// The brands of a document's prose written with other capitals: its facts for this rule.
pub(crate) fn hits(re: &Regex, brands: &[String], prose: &str) -> Vec<BrandCase> {
    re.find_iter(prose)
        .filter_map(|m| {
            let written = m.as_str();
            let brand = brands
                .iter()
                .position(|b| b.eq_ignore_ascii_case(written))?;
            let before = prose[..m.start()].chars().next_back();
            let mut after = prose[m.end()..].chars();
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
                range: m.range(),
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
