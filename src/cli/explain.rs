//! `translint rules` and `translint explain ID`: documentation generated from the registry,
//! for code and data rules alike.

use super::{ConfigArgs, EXIT_ERROR, EXIT_OK};
use crate::diagnostic::Level;
use crate::engine::{Corpus, RuleSet};
use crate::render::human::render_to_string;
use crate::rules::{Registered, RuleMeta};

fn registry(args: &ConfigArgs) -> Result<(Corpus, Vec<Registered>), u8> {
    let mut corpus = Corpus::new();
    let result = crate::workspace::load_config(&args.choice(), &mut corpus)
        .and_then(|c| RuleSet::registry(&mut corpus, &c));
    match result {
        Ok(rules) => Ok((corpus, rules)),
        Err(diagnostics) => {
            eprint!("{}", render_to_string(&corpus, &diagnostics, None));
            Err(EXIT_ERROR)
        }
    }
}

/// `translint rules`: every rule with the level it runs at under the config in force (and
/// its default, when the config changed it), whether it has a fix, and its summary.
pub fn list(args: &ConfigArgs, markdown: bool) -> u8 {
    let (_, mut rules) = match registry(args) {
        Ok(r) => r,
        Err(code) => return code,
    };
    rules.sort_by_key(|r| r.meta().id);
    if markdown {
        let metas: Vec<&RuleMeta> = rules.iter().map(|r| r.meta()).collect();
        emit(&reference(&metas));
        return EXIT_OK;
    }
    let mut corpus = Corpus::new();
    let in_force = crate::workspace::load_config(&args.choice(), &mut corpus)
        .and_then(|c| RuleSet::build(&mut corpus, &c));
    let in_force = match in_force {
        Ok(set) => set,
        Err(diagnostics) => {
            eprint!("{}", render_to_string(&corpus, &diagnostics, None));
            return EXIT_ERROR;
        }
    };
    let width = rules.iter().map(|r| r.meta().id.len()).max().unwrap_or(0);
    let mut out = format!(
        "{:width$}  {:7}  {:7}  fix  summary\n",
        "rule", "level", "default"
    );
    for rule in &rules {
        let m = rule.meta();
        let level = match in_force.level_of(m.id.as_str()) {
            Level::Off => "off",
            Level::On(severity) => severity.as_str(),
        };
        let default = m.default_severity.as_str();
        let changed = if level == default { "" } else { default };
        let fix = if m.fixable { "fix" } else { "   " };
        out.push_str(&format!(
            "{:width$}  {level:7}  {changed:7}  {fix}  {}\n",
            m.id, m.summary
        ));
    }
    emit(&out);
    EXIT_OK
}

pub fn explain(id: &str, args: &ConfigArgs) -> u8 {
    let (_, rules) = match registry(args) {
        Ok(r) => r,
        Err(code) => return code,
    };
    if let Some(rule) = rules.iter().find(|r| r.meta().id == id) {
        let m = rule.meta();
        emit(&format!(
            "{}\nDefined in `{}`.\n",
            document(m),
            m.defined_at
        ));
        return EXIT_OK;
    }
    // A family: its rules, one line each.
    let family: Vec<&RuleMeta> = rules
        .iter()
        .map(|r| r.meta())
        .filter(|m| m.family() == id)
        .collect();
    if !family.is_empty() {
        let mut out = format!("# {id}\n\n");
        for m in family {
            out.push_str(&format!("- `{}`: {}\n", m.id, m.summary));
        }
        out.push_str("\n`translint explain RULE` documents one of them.\n");
        emit(&out);
        return EXIT_OK;
    }
    let ids = rules.iter().map(|r| r.meta().id.as_str());
    match did_you_mean(id, ids) {
        Some(near) => eprintln!("error: unknown rule `{id}`; did you mean `{near}`?"),
        None => eprintln!("error: unknown rule `{id}`; `translint rules` lists every rule"),
    }
    EXIT_ERROR
}

/// Prints to standard output; a reader that stops early (`| head`) is not an error.
fn emit(text: &str) {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(text.as_bytes());
    let _ = stdout.flush();
}

/// The known id closest to `id`, when one is close: a typo (`spacing/double-spaces`) or the
/// name without its family (`double-space`).
fn did_you_mean<'a>(id: &str, known: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    known
        .map(|k| {
            let name = k.rsplit('/').next().unwrap_or(k);
            let score = strsim::jaro_winkler(id, k).max(strsim::jaro_winkler(id, name));
            (score, k)
        })
        .filter(|(score, _)| *score > 0.85)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, k)| k)
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

/// Every rule's documentation as one Markdown page, in the order given: an index table, then
/// each rule's [`document`] one heading level down. This is `rules/README.md`.
pub fn reference(rules: &[&RuleMeta]) -> String {
    let mut s = String::from(
        "# Rules\n\n\
         <!-- Generated by `translint rules --markdown --no-config > rules/README.md`; do not edit. -->\n\n\
         Every built-in rule, code and data alike. A rule's family is the pack that switches it on\n\
         (`packs = [...]` in lint.toml); `[rules]` in lint.toml sets a rule's level \
         (`\"off\"`, `\"info\"`, `\"warning\"`, `\"error\"`).\n\n\
         | Rule | Severity | Fix | Summary |\n|---|---|---|---|\n",
    );
    for m in rules {
        s.push_str(&format!(
            "| [`{}`](#{}) | {} | {} | {} |\n",
            m.id,
            anchor(&m.id),
            m.default_severity,
            if m.fixable { "yes" } else { "" },
            m.summary.replace('|', "\\|")
        ));
    }
    for m in rules {
        s.push_str("\n#");
        s.push_str(&document(m));
    }
    s
}

/// GitHub's heading anchor for a rule id: lower case, `/` dropped.
fn anchor(id: &str) -> String {
    id.chars()
        .filter(|c| c.is_alphanumeric() || *c == '-' || *c == '_')
        .collect()
}
