//! Suppressions: findings the user has said not to report, applied in one place after the
//! rules ran (from [`crate::engine::lint`]), so every output — CLI, fixes, baseline, editor —
//! sees the same result.
//!
//! Two sources:
//! - comments in the document: `<!-- translint-disable-next-line RULE -->`, and
//!   `<!-- translint-disable RULE -->` … `<!-- translint-enable RULE -->` blocks. RULE is a
//!   rule id or a family (`spacing`), several may be given separated by commas or spaces, and
//!   none means every rule; `-- reason` may follow. In Markdown they are real HTML comments (not inside code); in
//!   plain text a directive must stand alone on its line.
//! - `[[ignore]]` entries in lint.toml: path glob, rule, optional text on the line.
//!
//! A suppression that hides nothing is reported as `suppression/unused` (info by default), so
//! stale suppressions do not pile up. An `[[ignore]]` entry is only judged in a run that lints
//! a file its glob matches; linting one file says nothing about entries for other files.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use globset::{GlobBuilder, GlobMatcher};
use regex::Regex;
use serde::{Deserialize, Serialize};

use crate::config::Config;
use crate::corpus::Corpus;
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::{Document, FileId, Format, Span};

/// The rule id of unused-suppression reports.
pub const UNUSED: &str = "suppression/unused";

/// `[[ignore]]` entries of the config, compiled.
#[derive(Debug, Default)]
pub struct Ignores {
    entries: Vec<IgnoreRule>,
    config: Option<FileId>,
    root: PathBuf,
}

#[derive(Debug)]
struct IgnoreRule {
    glob: GlobMatcher,
    rule: String,
    text: Option<String>,
    /// The entry in lint.toml, for the unused report.
    span: Range<usize>,
}

impl Ignores {
    /// Whether the config has no `[[ignore]]` entries.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn new(config: &Config) -> Ignores {
        let entries = config
            .file
            .ignore
            .iter()
            .filter_map(|entry| {
                let e = entry.get_ref();
                // Globs were validated when the config was parsed.
                let glob = GlobBuilder::new(e.path.get_ref())
                    .literal_separator(false)
                    .build()
                    .ok()?
                    .compile_matcher();
                Some(IgnoreRule {
                    glob,
                    rule: e.rule.get_ref().clone(),
                    text: e.text.as_ref().map(|t| t.get_ref().clone()),
                    span: entry.span(),
                })
            })
            .collect();
        Ignores {
            entries,
            config: config.source_id,
            root: config.root.clone(),
        }
    }

    /// Whether an entry matches on the text of the line (`text = ...`), which [`apply`]
    /// reads from the document: a run that kept no text must not use such a config.
    pub fn read_lines(&self) -> bool {
        self.entries.iter().any(|e| e.text.is_some())
    }

    /// Whether `name` (a path as shown) matches `glob`, as shown or relative to lint.toml.
    fn path_matches(&self, glob: &GlobMatcher, name: &str) -> bool {
        if glob.is_match(name.strip_prefix("./").unwrap_or(name)) {
            return true;
        }
        // Canonical on both sides, so `..` and symlinked folders compare equal.
        let canonical = |p: &Path| p.canonicalize().or_else(|_| std::path::absolute(p)).ok();
        match (canonical(Path::new(name)), canonical(&self.root)) {
            (Some(path), Some(root)) => path
                .strip_prefix(&root)
                .is_ok_and(|relative| glob.is_match(relative)),
            _ => false,
        }
    }
}

/// Whether a suppression naming `pattern` covers rule `id`: the id itself or its family.
fn covers(pattern: &str, id: &str) -> bool {
    pattern == id || (!pattern.contains('/') && id.split('/').next() == Some(pattern))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    NextLine,
    Disable,
    Enable,
}

/// One rule named in a directive (`None`: every rule), with the bytes to point at.
#[derive(Debug)]
struct Named {
    rule: Option<String>,
    span: Range<usize>,
}

#[derive(Debug)]
struct Directive {
    kind: Kind,
    names: Vec<Named>,
    range: Range<usize>,
}

static DIRECTIVE: LazyLock<Regex> = LazyLock::new(|| {
    // Rule names, then an optional `-- reason` for the reader.
    Regex::new(
        r"<!--[ \t]*translint-(disable-next-line|disable|enable)((?:[ \t,]+[A-Za-z0-9][A-Za-z0-9_/-]*)*)(?:[ \t]+--[^>]*?)?[ \t,]*-->",
    )
    .unwrap()
});
static RULE_NAME: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"[A-Za-z0-9_/-]+").unwrap());

/// Directives of `doc`, in order.
fn directives(doc: &Document) -> Vec<Directive> {
    let text = doc.text();
    if memchr::memmem::find(text.as_bytes(), b"translint-").is_none() {
        return Vec::new();
    }
    let regions: Vec<Range<usize>> = match doc.format {
        Format::Markdown => markdown_html(text),
        // Plain text and bilingual files (XML comments are HTML-style comments too).
        _ => std::iter::once(0..text.len()).collect(),
    };
    let mut out = Vec::new();
    for region in regions {
        for caps in DIRECTIVE.captures_iter(&text[region.clone()]) {
            let whole = caps.get(0).expect("group 0 always matches");
            let range = region.start + whole.start()..region.start + whole.end();
            if doc.format != Format::Markdown && !alone_on_line(doc, &range) {
                continue;
            }
            let kind = match &caps[1] {
                "disable-next-line" => Kind::NextLine,
                "disable" => Kind::Disable,
                _ => Kind::Enable,
            };
            let list = caps.get(2).expect("group 2 always matches");
            let base = region.start + list.start();
            let mut names: Vec<Named> = RULE_NAME
                .find_iter(list.as_str())
                .map(|m| Named {
                    rule: Some(m.as_str().to_string()),
                    span: base + m.start()..base + m.end(),
                })
                .collect();
            if names.is_empty() {
                names.push(Named {
                    rule: None,
                    span: range.clone(),
                });
            }
            out.push(Directive { kind, names, range });
        }
    }
    out
}

/// Byte ranges of a Markdown text's HTML (blocks and inline), where comments live. Code spans
/// and blocks are not HTML, so a directive quoted as an example is not obeyed.
fn markdown_html(text: &str) -> Vec<Range<usize>> {
    use pulldown_cmark::{Event, Options, Parser};
    // The options the prose mask uses, so "HTML" means the same bytes here and there.
    let options = Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS
        | Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH;
    let mut ranges: Vec<Range<usize>> = Vec::new();
    for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
        if let Event::Html(_) | Event::InlineHtml(_) = event {
            // A multi-line HTML block comes as one event per line: join them back up.
            match ranges.last_mut() {
                Some(last) if last.end == range.start => last.end = range.end,
                _ => ranges.push(range),
            }
        }
    }
    ranges
}

fn alone_on_line(doc: &Document, range: &Range<usize>) -> bool {
    let source = &doc.source;
    let line = source.line_index(range.start);
    let bounds = source.line_range(line);
    bounds.end >= range.end && doc.text()[bounds].trim() == &doc.text()[range.clone()]
}

/// Where one suppression applies in its document, and whether it hid anything.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Region {
    rule: Option<String>,
    /// Findings starting in this byte range are hidden (end inclusive for next-line, so a
    /// finding at the very end of the line counts).
    range: Range<usize>,
    inclusive_end: bool,
    /// What to point at when it turns out unused.
    origin: Range<usize>,
    #[serde(skip)]
    used: bool,
}

/// Marks as used the suppressions of `summary`'s rule that may cover a finding it counts.
fn left_out_covered(
    summary: &Diagnostic,
    by_doc: &mut BTreeMap<FileId, (Vec<Region>, Stray)>,
    matched: &BTreeMap<FileId, Vec<usize>>,
    ignores: &Ignores,
    ignore_used: &mut [bool],
) {
    let file = summary.file();
    if let Some((regions, _)) = by_doc.get_mut(&file) {
        for region in regions.iter_mut() {
            let rule = region
                .rule
                .as_deref()
                .is_none_or(|p| covers(p, &summary.rule));
            if rule && region.range.end >= summary.span.range.start {
                region.used = true;
            }
        }
    }
    for &i in matched.get(&file).into_iter().flatten() {
        if covers(&ignores.entries[i].rule, &summary.rule) {
            ignore_used[i] = true;
        }
    }
}

impl Region {
    fn hides(&self, d: &Diagnostic) -> bool {
        let at = d.span.range.start;
        let inside = at >= self.range.start
            && (at < self.range.end || (self.inclusive_end && at == self.range.end));
        inside && self.rule.as_deref().is_none_or(|p| covers(p, &d.rule))
    }
}

/// Directives that do nothing by construction (an `enable` with no open `disable`): where, why.
type Stray = Vec<(Range<usize>, String)>;

/// The suppression comments of one document, found in the per-document pass: all [`apply`]
/// needs of the document's text, so they are cached and merged like its other facts.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Suppressions {
    regions: Vec<Region>,
    stray: Stray,
}

impl Suppressions {
    pub fn of(doc: &Document) -> Suppressions {
        let (regions, stray) = regions(doc);
        Suppressions { regions, stray }
    }
}

/// Regions of one document, plus its stray directives.
fn regions(doc: &Document) -> (Vec<Region>, Stray) {
    let text_len = doc.text().len();
    let mut regions = Vec::new();
    let mut stray = Vec::new();
    // Open `disable` blocks by rule (None: all), in opening order.
    let mut open: Vec<(Option<String>, usize, Range<usize>)> = Vec::new();
    for directive in directives(doc) {
        match directive.kind {
            Kind::NextLine => {
                let last_line = doc.source.line_index(directive.range.end.saturating_sub(1));
                let next = last_line + 1;
                if next >= doc.source.line_starts().len() {
                    for n in directive.names {
                        stray.push((n.span, "nothing follows this suppression".to_string()));
                    }
                    continue;
                }
                let line = doc.source.line_range(next);
                for n in directive.names {
                    regions.push(Region {
                        rule: n.rule,
                        range: line.clone(),
                        inclusive_end: true,
                        origin: n.span,
                        used: false,
                    });
                }
            }
            Kind::Disable => {
                for n in directive.names {
                    open.push((n.rule, directive.range.end, n.span));
                }
            }
            Kind::Enable => {
                for n in directive.names {
                    let before = open.len();
                    let mut closed = Vec::new();
                    open.retain(|(rule, start, origin)| {
                        let matches = n.rule.is_none() || *rule == n.rule;
                        if matches {
                            closed.push((rule.clone(), *start, origin.clone()));
                        }
                        !matches
                    });
                    if open.len() == before {
                        stray.push((n.span, "no `translint-disable` to end here".to_string()));
                    }
                    for (rule, start, origin) in closed {
                        regions.push(Region {
                            rule,
                            range: start..directive.range.start,
                            inclusive_end: false,
                            origin,
                            used: false,
                        });
                    }
                }
            }
        }
    }
    // A block left open runs to the end of the file.
    for (rule, start, origin) in open {
        regions.push(Region {
            rule,
            range: start..text_len,
            inclusive_end: true,
            origin,
            used: false,
        });
    }
    (regions, stray)
}

/// Removes suppressed findings from `diagnostics` and, when `unused` is a level (the
/// configured level of `suppression/unused`), reports suppressions that hid nothing.
/// Config and I/O errors are never suppressed.
///
/// `suppressions` are those of each document of `corpus` ([`Suppressions::of`]), by id.
pub fn apply(
    corpus: &Corpus,
    ignores: &Ignores,
    diagnostics: &mut Vec<Diagnostic>,
    unused: Option<Severity>,
    suppressions: Vec<(FileId, Suppressions)>,
) {
    let mut by_doc: BTreeMap<FileId, (Vec<Region>, Stray)> = suppressions
        .into_iter()
        .map(|(id, s)| (id, (s.regions, s.stray)))
        .collect();
    let mut ignore_used = vec![false; ignores.entries.len()];
    // Which documents each ignore entry's glob matches, computed once per document.
    let matched: BTreeMap<FileId, Vec<usize>> = corpus
        .docs
        .iter()
        .map(|doc| {
            let hits = ignores
                .entries
                .iter()
                .enumerate()
                .filter(|(_, e)| ignores.path_matches(&e.glob, doc.name()))
                .map(|(i, _)| i)
                .collect();
            (doc.id, hits)
        })
        .collect();
    diagnostics.retain(|d| {
        if d.rule.starts_with("config/") || d.rule.starts_with("io/") {
            return true;
        }
        if crate::cap::is_summary(d) {
            // The findings the cap left out (at and after the summary) may be what a
            // suppression was written for: none is reported unused on their account.
            left_out_covered(d, &mut by_doc, &matched, ignores, &mut ignore_used);
        }
        let mut hidden = false;
        if let Some((regions, _)) = by_doc.get_mut(&d.span.file) {
            // Every covering suppression counts as used, so none is reported as stale.
            for region in regions.iter_mut().filter(|r| r.hides(d)) {
                region.used = true;
                hidden = true;
            }
        }
        if let (Some(hits), Some(doc)) = (matched.get(&d.span.file), corpus.document(d.file())) {
            for &i in hits {
                let entry = &ignores.entries[i];
                if covers(&entry.rule, &d.rule)
                    && entry
                        .text
                        .as_deref()
                        .is_none_or(|t| line_text(doc, &d.span.range).contains(t))
                {
                    ignore_used[i] = true;
                    hidden = true;
                }
            }
        }
        !hidden
    });
    let Some(severity) = unused else {
        return;
    };
    for (file, (regions, stray)) in by_doc {
        for region in regions.into_iter().filter(|r| !r.used) {
            let what = match &region.rule {
                Some(rule) => format!("suppression of `{rule}` hides nothing"),
                None => "suppression hides nothing".to_string(),
            };
            diagnostics.push(unused_report(
                Span::new(file, region.origin),
                severity,
                what,
            ));
        }
        for (span, what) in stray {
            diagnostics.push(unused_report(Span::new(file, span), severity, what));
        }
    }
    if let Some(config) = ignores.config {
        let linted: Vec<bool> = (0..ignores.entries.len())
            .map(|i| matched.values().any(|hits| hits.contains(&i)))
            .collect();
        for (i, entry) in ignores.entries.iter().enumerate() {
            if linted[i] && !ignore_used[i] {
                diagnostics.push(unused_report(
                    Span::new(config, entry.span.clone()),
                    severity,
                    format!(
                        "`[[ignore]]` entry for `{}` hides nothing in the files it matches",
                        entry.rule
                    ),
                ));
            }
        }
    }
}

/// The full lines a span touches.
fn line_text<'a>(doc: &'a Document, range: &Range<usize>) -> &'a str {
    let first = doc.source.line_range(doc.source.line_index(range.start));
    let last = doc.source.line_range(doc.source.line_index(range.end));
    doc.text().get(first.start..last.end).unwrap_or("")
}

fn unused_report(span: Span, severity: Severity, message: String) -> Diagnostic {
    Diagnostic::new(UNUSED, severity, span, message)
        .with_help("remove the suppression, or check the rule id (`translint rules` lists them)")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::document::Source;
    use crate::engine::{RuleSet, lint};

    fn run(name: &str, text: &str, config: &str) -> Vec<(String, String)> {
        let mut corpus = Corpus::new();
        let config = if config.is_empty() {
            Config::default()
        } else {
            let id = corpus.add_source(Source::new("lint.toml", config));
            Config::parse(corpus.source(id), id, PathBuf::from("/nonexistent")).unwrap()
        };
        let rules = RuleSet::build(&mut corpus, &config).unwrap();
        corpus.add_document(name, text);
        lint(&corpus, &rules)
            .into_iter()
            .map(|d| {
                let snippet = corpus.source(d.file()).text[d.span.range.clone()].to_string();
                (d.rule.to_string(), snippet)
            })
            .collect()
    }

    fn rules_of(found: &[(String, String)]) -> Vec<&str> {
        found.iter().map(|(r, _)| r.as_str()).collect()
    }

    #[test]
    fn next_line_hides_only_the_next_line_and_only_that_rule() {
        let text = "<!-- translint-disable-next-line spacing/double-space -->\nthe two  sides met\nthe two  sides met\n";
        let found = run("a.md", text, "");
        assert_eq!(rules_of(&found), ["spacing/double-space"]);
        let text =
            "<!-- translint-disable-next-line typography/doubled-word -->\nthe two  sides met\n";
        let found = run("a.md", text, "");
        assert_eq!(rules_of(&found), [UNUSED, "spacing/double-space"]);
        assert_eq!(found[0].1, "typography/doubled-word");
    }

    #[test]
    fn a_suppression_of_findings_the_cap_left_out_is_not_reported_unused() {
        let line = "the two  sides met\n";
        let text = format!(
            "{}<!-- translint-disable-next-line spacing/double-space -->\n{line}",
            line.repeat(3)
        );
        let found = run("a.md", &text, "max-findings-per-rule = 2\n");
        assert_eq!(rules_of(&found), ["spacing/double-space"; 3]);
        assert_eq!(found[2].1, "  ", "the summary stands at the third");
        // Without the cap, the suppression hides the fourth and the third is reported.
        let found = run("a.md", &text, "max-findings-per-rule = 0\n");
        assert_eq!(rules_of(&found), ["spacing/double-space"; 3]);
    }

    #[test]
    fn a_reason_after_two_dashes_is_not_a_rule() {
        let text = "<!-- translint-disable-next-line spacing/double-space -- house style -->\nthe two  sides met\n";
        assert!(run("a.md", text, "").is_empty());
    }

    #[test]
    fn blocks_run_to_their_enable_and_families_match() {
        let text = "<!-- translint-disable spacing -->\nthe two  sides met\n\n<!-- translint-enable spacing -->\n\nthe two  sides met\n";
        let found = run("a.md", text, "");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, "spacing/double-space");
    }

    #[test]
    fn directives_in_code_are_not_obeyed_and_stray_enables_are_reported() {
        let text =
            "`<!-- translint-disable -->`\n\nthe two  sides met\n\n<!-- translint-enable -->\n";
        let found = run("a.md", text, "");
        assert_eq!(rules_of(&found), ["spacing/double-space", UNUSED]);
    }

    #[test]
    fn plain_text_directives_must_stand_alone() {
        let text = "see <!-- translint-disable-next-line -->\nthe two  sides met\n";
        assert_eq!(rules_of(&run("a.txt", text, "")), ["spacing/double-space"]);
        let text = "<!-- translint-disable-next-line -->\nthe two  sides met\n";
        assert!(run("a.txt", text, "").is_empty());
    }

    #[test]
    fn ignore_entries_match_path_rule_and_text() {
        let config = "[[ignore]]\npath = \"wire/*.txt\"\nrule = \"spacing/double-space\"\ntext = \"sides\"\n";
        let text = "the two  sides met\nthe two  parties met\n";
        let found = run("wire/a.txt", text, config);
        assert_eq!(
            found,
            [("spacing/double-space".to_string(), "  ".to_string())]
        );
        // Not judged where its glob matches no linted file.
        assert_eq!(run("other.txt", "fine\n", config), []);
        // Judged, and reported, where it matches but hides nothing.
        let found = run("wire/b.txt", "fine\n", config);
        assert_eq!(rules_of(&found), [UNUSED]);
        assert!(found[0].1.starts_with("[[ignore]]"));
    }

    #[test]
    fn unused_reports_follow_their_configured_level() {
        let text = "<!-- translint-disable-next-line -->\nfine\n";
        assert_eq!(rules_of(&run("a.md", text, "")), [UNUSED]);
        let off = "[rules]\n\"suppression/unused\" = \"off\"\n";
        assert!(run("a.md", text, off).is_empty());
    }
}
