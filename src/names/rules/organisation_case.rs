use regex::Regex;

use super::{diagnostic, with_fix};
use crate::corpus::Corpus;
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Span;
use crate::names::Context;
use crate::names::index::Index;
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

pub(super) fn find(ctx: &Context, corpus: &Corpus, _: &Index, out: &mut Vec<Diagnostic>) {
    let portfolios = &ctx.data.portfolios;
    if portfolios.is_empty() {
        return;
    }
    // Longest first, so "foreign affairs" wins over a shorter entry.
    let mut alternatives: Vec<String> = portfolios.iter().map(|p| regex::escape(p)).collect();
    alternatives.sort_by_key(|a| std::cmp::Reverse(a.len()));
    let pattern = format!(
        r"\b(?:Ministry|Department|Bureau) of ((?:{0})(?: and (?:{0}|[a-z]+))?)\b",
        alternatives.join("|")
    );
    let Ok(re) = Regex::new(&pattern) else {
        return;
    };
    for doc in &corpus.docs {
        for m in re.captures_iter(&doc.prose) {
            let (Some(all), Some(portfolio)) = (m.get(0), m.get(1)) else {
                continue;
            };
            let right = title_case(portfolio.as_str());
            let fixed = format!("{}{right}", &doc.prose[all.start()..portfolio.start()]);
            let d = diagnostic(
                ID,
                Span::new(doc.id, all.range()),
                format!("`{}` is a name: capitalise it throughout", all.as_str()),
            )
            .with_help(format!("write \"{fixed}\""));
            out.push(with_fix(d, fixed, true));
        }
    }
}
