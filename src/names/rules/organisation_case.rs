use regex::Regex;

use super::{diagnostic, with_fix};
use crate::corpus::Corpus;
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Span;
use crate::names::Context;
use crate::names::index::{Index, PortfolioCase};
use crate::rule_meta;
use crate::rules::RuleMeta;

const ID: &str = "names/organisation-case";

/// A government body's name left half lower-case ("Ministry of transport").
pub(super) fn meta() -> RuleMeta {
    rule_meta! {
        id: ID,
        severity: Severity::Warning,
        summary: "a ministry's or department's name capitalised only in part (\"Ministry of transport\")",
        explanation: r#"
The name of a government body is capitalised throughout: "Ministry of Transport",
"Department of Education". Machine translation often capitalises the head word and leaves
the portfolio in lower case. Reported when a capitalised Ministry, Department or Bureau is
followed by "of" and a portfolio in lower case (`portfolios` in `rules/names/common.toml`).
A lower-case head word ("the ministry of education") is a description, not a name, and is
left alone. The fix capitalises the portfolio, and is applied by `--fix`."#,
        fixable: true,
        flag: [
            "The Ministry of transport said the road would reopen.",
            "A Department of foreign affairs spokesperson declined to comment.",
            "The Ministry of labor and family said so.",
        ],
        pass: [
            "The Ministry of Transport said the road would reopen.",
            "A spokesperson for the ministry of education declined to comment.",
            "The Department of Education of Guangxi Zhuang Autonomous Region said so.",
            "The Ministry of all talents is a novel.",
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

/// The hits of [`matcher`] in a document's prose: its facts for this rule.
pub(crate) fn hits(re: &Regex, prose: &str) -> Vec<PortfolioCase> {
    re.captures_iter(prose)
        .filter_map(|m| {
            let (all, portfolio) = (m.get(0)?, m.get(1)?);
            Some(PortfolioCase {
                range: all.range(),
                written: all.as_str().to_string(),
                portfolio: portfolio.start() - all.start(),
            })
        })
        .collect()
}

pub(super) fn find(_: &Context, corpus: &Corpus, index: &Index, out: &mut Vec<Diagnostic>) {
    for (d, hit) in &index.portfolio_case {
        let (head, portfolio) = hit.written.split_at(hit.portfolio);
        let fixed = format!("{head}{}", title_case(portfolio));
        let d = diagnostic(
            ID,
            Span::new(corpus.docs[*d].id, hit.range.clone()),
            format!("`{}` is a name: capitalise it throughout", hit.written),
        )
        .with_help(format!("write \"{fixed}\""));
        out.push(with_fix(d, fixed, true));
    }
}
