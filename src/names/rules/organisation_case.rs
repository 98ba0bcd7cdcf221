use regex::Regex;

use super::{diagnostic, with_fix};
use crate::corpus::Corpus;
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Span;
use crate::names::Context;
use crate::names::data::NameData;
use crate::names::index::{Index, PortfolioCase};
use crate::rule_meta;
use crate::rules::RuleMeta;

const ID: &str = "names/organisation-case";

/// A government body's name left half lower-case ("Ministry of transport").
pub(super) fn meta() -> RuleMeta {
    rule_meta! {
        id: ID,
        severity: Severity::Warning,
        summary: "an organisation's name capitalised only in part (\"Ministry of transport\", \"lanxin bakery Co., Ltd.\")",
        explanation: r#"
The name of a government body is capitalised throughout: "Ministry of Transport",
"Department of Education". Machine translation often capitalises the head word and leaves
the portfolio in lower case. Reported when a capitalised Ministry, Department or Bureau is
followed by "of" and a portfolio in lower case (`portfolios` in `rules/names/common.toml`).
A lower-case head word ("the ministry of education") is a description, not a name, and is
left alone. The fix capitalises the portfolio, and is applied by `--fix`.

A company's name before "Co., Ltd." is capitalised too; machine translation leaves it in
lower case ("home appliance Co., Ltd."). Reported when lower-case words stand right before
"Co., Ltd." (from after the last function word: "a unit of the green dairy Co., Ltd."). Where the name starts is a
guess, so the fix that capitalises them is a suggestion (`--unsafe-fixes`)."#,
        fixable: true,
        flag: [
            "The Ministry of transport said the road would reopen.",
            "A Department of foreign affairs spokesperson declined to comment.",
            "The Ministry of labor and family said so.",
            "Shares of lanxin bakery Co., Ltd. rose, and Hengda paper Co., Ltd. fell.",
        ],
        pass: [
            "The Ministry of Transport said the road would reopen.",
            "A spokesperson for the ministry of education declined to comment.",
            "The Department of Education of Guangxi Zhuang Autonomous Region said so.",
            "The Ministry of all talents is a novel.",
            "Shares of Lanxin Bakery Co., Ltd. rose; the Co., Ltd. suffix marks a company.",
        ],
    }
}

/// Capitalises every word but the function words.
fn title_case(s: &str) -> String {
    s.split(' ')
        .map(|w| {
            if matches!(w, "and" | "of" | "for" | "the") {
                w.to_string()
            } else {
                let mut c = w.chars();
                c.next()
                    .map(|f| f.to_uppercase().chain(c).collect())
                    .unwrap_or_default()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Finds "Ministry of transport": a capitalised head word, then a listed portfolio (or two)
/// in lower case. `None` without portfolios.
pub(crate) fn matcher(portfolios: &[String]) -> Option<Regex> {
    if portfolios.is_empty() {
        return None;
    }
    // Longest first, so "foreign affairs" wins over a shorter entry.
    let mut alternatives: Vec<String> = portfolios.iter().map(|p| regex::escape(p)).collect();
    alternatives.sort_by_key(|a| std::cmp::Reverse(a.len()));
    let pattern = format!(
        r"\b(?:Ministry|Department|Bureau) of ((?:{0})(?: and (?:{0}|[a-z]+))?)\b",
        alternatives.join("|")
    );
    Regex::new(&pattern).ok()
}

/// Finds lower-case words right before "Co., Ltd." ("home appliance Co., Ltd.").
pub(crate) fn company_matcher() -> Option<Regex> {
    Regex::new(r"\b((?:[a-z]+ ){1,6})Co\.,? Ltd\b\.?").ok()
}

/// The hits of [`company_matcher`] in a document's prose, from after the last function word
/// ("of", "the"): its facts for this rule.
pub(crate) fn company_hits(re: &Regex, prose: &str, data: &NameData) -> Vec<PortfolioCase> {
    // The regex starts with any lower-case word, so it has no literal to skip ahead with: a
    // text without "Ltd" (nearly all) is not searched, its one `memmem` search (a third of the
    // cost of `str::contains`) finding nothing. No match crosses a line (its words are joined
    // by spaces), so only the lines holding "Ltd" are searched: searching the whole text costs
    // the regex (an inner literal found, then a backtracking search for the captures) ~1.5 M
    // instructions a document.
    let mut lines = Vec::new();
    let mut from = 0;
    for at in memchr::memmem::find_iter(prose.as_bytes(), "Ltd") {
        if at < from {
            continue;
        }
        let start = prose[..at].rfind('\n').map_or(0, |n| n + 1);
        from = prose[at..].find('\n').map_or(prose.len(), |n| at + n);
        lines.push(start..from);
    }
    lines
        .into_iter()
        .flat_map(|line| {
            re.captures_iter(&prose[line.clone()])
                .map(move |m| (line.start, m))
        })
        .filter_map(|(base, m)| {
            let (end, words) = (base + m.get(0)?.end(), m.get(1)?);
            let words = base + words.start()..base + words.end();
            // The name starts after the last function word: "a unit of | the green dairy".
            let mut start = words.start;
            let mut at = words.start;
            for w in prose[words.clone()].split_terminator(' ') {
                at += w.len() + 1;
                if data.is_stop(w) {
                    start = at;
                }
            }
            (start < words.end).then(|| PortfolioCase {
                range: start..end,
                written: prose[start..end].to_string(),
                portfolio: 0,
                company: true,
            })
        })
        .collect()
}

/// The hits of [`matcher`] in a document's prose: its facts for this rule.
pub(crate) fn hits(re: &Regex, prose: &str) -> Vec<PortfolioCase> {
    re.captures_iter(prose)
        .filter_map(|m| {
            let (all, portfolio) = (m.get(0)?, m.get(1)?);
            Some(PortfolioCase {
                range: all.range(),
                written: all.as_str().to_string(),
                portfolio: portfolio.start() - all.start(),
                company: false,
            })
        })
        .collect()
}

pub(super) fn find(_: &Context, corpus: &Corpus, index: &Index, out: &mut Vec<Diagnostic>) {
    for (d, hit) in index.reported_hits(&index.portfolio_case) {
        let (head, portfolio) = hit.written.split_at(hit.portfolio);
        let fixed = format!("{head}{}", title_case(portfolio));
        let d = diagnostic(
            ID,
            Span::new(corpus.docs[*d].id, hit.range.clone()),
            format!("`{}` is a name: capitalise it throughout", hit.written),
        )
        .with_help(format!("write \"{fixed}\""));
        out.push(with_fix(d, fixed, !hit.company));
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::run;
    use crate::diagnostic::Applicability;

    #[test]
    fn a_lower_case_company_name_gets_a_suggestion_without_its_function_words() {
        let found = run(
            "names/organisation-case",
            "",
            &[(
                "a.txt",
                "A unit of the green valley dairy Co., Ltd. said so.",
            )],
        );
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].1, "green valley dairy Co., Ltd.");
        let fix = found[0].2.fix.as_ref().unwrap();
        assert_eq!(fix.replacement, "Green Valley Dairy Co., Ltd.");
        assert_eq!(fix.applicability, Applicability::Unsafe);
        // A ministry's portfolio is certain: its fix is safe.
        let found = run(
            "names/organisation-case",
            "",
            &[("a.txt", "The Ministry of transport said so.")],
        );
        assert_eq!(
            found[0].2.fix.as_ref().unwrap().applicability,
            Applicability::Safe
        );
    }
}
