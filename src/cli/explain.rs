//! `translint rules` and `translint explain ID`: documentation generated from the registry,
//! for code and data rules alike.

use super::{ConfigArgs, EXIT_ERROR, EXIT_OK, input};
use crate::engine::{Corpus, RuleSet};
use crate::render::human::render_to_string;
use crate::rules::{Rule, RuleMeta};

fn registry(args: &ConfigArgs) -> Result<(Corpus, Vec<Box<dyn Rule>>), u8> {
    let mut corpus = Corpus::new();
    let result =
        input::load_config(args, &mut corpus).and_then(|c| RuleSet::registry(&mut corpus, &c));
    match result {
        Ok(rules) => Ok((corpus, rules)),
        Err(diagnostics) => {
            eprint!("{}", render_to_string(&corpus, &diagnostics, None));
            Err(EXIT_ERROR)
        }
    }
}

pub fn list(args: &ConfigArgs) -> u8 {
    let (_, mut rules) = match registry(args) {
        Ok(r) => r,
        Err(code) => return code,
    };
    rules.sort_by(|a, b| a.meta().id.cmp(&b.meta().id));
    let width = rules.iter().map(|r| r.meta().id.len()).max().unwrap_or(0);
    for rule in &rules {
        let m = rule.meta();
        let fix = if m.fixable { "fix" } else { "   " };
        println!(
            "{:width$}  {:7}  {fix}  {}",
            m.id,
            m.default_severity.as_str(),
            m.summary
        );
    }
    EXIT_OK
}

pub fn explain(id: &str, args: &ConfigArgs) -> u8 {
    let (_, rules) = match registry(args) {
        Ok(r) => r,
        Err(code) => return code,
    };
    match rules.iter().find(|r| r.meta().id == id) {
        Some(rule) => {
            print!("{}", document(rule.meta()));
            EXIT_OK
        }
        None => {
            eprintln!("error: unknown rule `{id}`; `translint rules` lists every rule");
            EXIT_ERROR
        }
    }
}

/// A rule's documentation as Markdown: what `explain` prints and `rules/README.md` holds.
pub fn document(m: &RuleMeta) -> String {
    let mut s = format!("# {}\n\n{}\n\n", m.id, m.summary);
    s.push_str(&format!(
        "Default severity: {}. Fixable: {}.\n\n",
        m.default_severity,
        if m.fixable { "yes" } else { "no" }
    ));
    if !m.explanation.is_empty() {
        s.push_str(&m.explanation);
        s.push_str("\n\n");
    }
    let block = |title: &str, text: &str| format!("{title}\n\n```text\n{text}\n```\n\n");
    if let Some(flag) = m.examples.flag.first() {
        s.push_str(&block("Flags:", flag));
    }
    if let Some(pass) = m.examples.pass.first() {
        s.push_str(&block("Leaves alone:", pass));
    }
    s.truncate(s.trim_end().len());
    s.push('\n');
    s
}
