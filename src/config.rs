//! `lint.toml`: parsing it (serde, unknown keys rejected) and turning it into
//! settings. Every error is a diagnostic that points at the offending bytes of the file.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::PathBuf;

use serde::Deserialize;
use toml::Spanned;

use crate::diagnostic::{Diagnostic, Level, Severity};
use crate::document::Layout;
use crate::document::{FileId, Source, Span};
use crate::rule_id::RuleId;

pub const CONFIG_FILE_NAME: &str = "lint.toml";

/// Files linted when lint.toml says nothing. TSV is not among them: most TSV files are not
/// bitexts; name them, or include them in lint.toml.
pub const DEFAULT_INCLUDE: &[&str] = &[
    "*.txt",
    "*.md",
    "*.markdown",
    "*.po",
    "*.pot",
    "*.xlf",
    "*.xliff",
    "*.tmx",
];

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ConfigFile {
    /// Rule families to run; all when absent.
    #[serde(default)]
    pub packs: Option<Vec<Spanned<String>>>,
    /// Globs of files to lint when walking folders.
    #[serde(default)]
    pub include: Option<Vec<Spanned<String>>>,
    /// Globs of files and folders never linted.
    #[serde(default)]
    pub exclude: Vec<Spanned<String>>,
    /// Extra rule packs, relative to lint.toml.
    #[serde(default)]
    pub rule_files: Vec<Spanned<String>>,
    /// Per-rule levels: `"spacing/double-space" = "off"`.
    #[serde(default)]
    pub rules: BTreeMap<Spanned<String>, Spanned<String>>,
    #[serde(default)]
    pub names: NamesConfig,
    /// `[source]`: settings of the checks against the source (the terminology glossary).
    #[serde(default)]
    pub source: SourceConfig,
    /// `[[ignore]]`: findings never reported (see `crate::suppress`).
    #[serde(default)]
    pub ignore: Vec<Spanned<IgnoreEntry>>,
    /// How plain-text files divide into segments for pairing quotes and brackets and for
    /// doubled words: `"auto"` (the default: one segment per line when the file looks like
    /// it), `"paragraphs"` or `"lines"`.
    #[serde(default)]
    pub layout: Option<Spanned<String>>,
    /// At most this many findings per rule per file are reported, then one that counts the
    /// rest (`crate::cap`); 0: no limit.
    #[serde(default)]
    pub max_findings_per_rule: Option<usize>,
}

/// One `[[ignore]]` entry: findings of `rule` in files matching `path`, optionally only on
/// lines that contain `text`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct IgnoreEntry {
    /// Glob, matched against the path relative to lint.toml and as shown.
    pub path: Spanned<String>,
    /// A rule id or a family (`spacing`).
    pub rule: Spanned<String>,
    #[serde(default)]
    pub text: Option<Spanned<String>>,
}

/// `[source]`: `terms`, a glossary of source term → the target term a translation must use,
/// and `tbx`, termbases (TBX files, relative to lint.toml) that extend it.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct SourceConfig {
    #[serde(default)]
    pub terms: BTreeMap<String, String>,
    #[serde(default)]
    pub tbx: Vec<Spanned<String>>,
}

/// `[names]`: the glossary of known entities.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct NamesConfig {
    #[serde(default)]
    pub entity: Vec<Spanned<EntityDef>>,
    /// Sets of names that look alike but are different entities.
    #[serde(default)]
    pub distinct: Vec<Spanned<Vec<String>>>,
    /// Extra romanisation data files (the format of `rules/names/*.toml`), relative to lint.toml.
    #[serde(default)]
    pub data: Vec<Spanned<String>>,
    /// How documents fall into publications when none is declared: "run" (default) or "folder".
    #[serde(default)]
    pub publication: Option<Spanned<String>>,
    /// Name order per naming tradition for every publication: `{ ja = "family-first" }`.
    #[serde(default)]
    pub order: std::collections::BTreeMap<String, Spanned<String>>,
    /// Publications declared by path, each with its own conventions.
    #[serde(default)]
    pub publications: Vec<Spanned<PublicationDef>>,
}

/// `[[names.publications]]`: documents matching `paths` are one publication.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PublicationDef {
    pub name: Spanned<String>,
    pub paths: Vec<Spanned<String>>,
    #[serde(default)]
    pub order: std::collections::BTreeMap<String, Spanned<String>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct EntityDef {
    pub canonical: Spanned<String>,
    #[serde(default)]
    pub kind: Option<Spanned<String>>,
    #[serde(default)]
    pub family: Option<Spanned<String>>,
    #[serde(default)]
    pub variants: Vec<Spanned<String>>,
}

/// Rules chosen on the command line, as ruff's `--select`, `--extend-select` and `--ignore`
/// do: rule ids or families, overriding the config's packs and levels. `--select` replaces the
/// enabled set, `--extend-select` adds to it, `--ignore` takes away (and wins).
#[derive(Debug, Default, Clone)]
pub struct Selection {
    /// The source that holds the arguments as typed, for error spans.
    pub file: Option<FileId>,
    pub select: Option<Vec<Spanned<String>>>,
    pub extend_select: Vec<Spanned<String>>,
    pub ignore: Vec<Spanned<String>>,
}

impl Selection {
    /// Every name given, to check that each is a rule or a family.
    pub fn names(&self) -> impl Iterator<Item = &Spanned<String>> {
        self.select
            .iter()
            .flatten()
            .chain(&self.extend_select)
            .chain(&self.ignore)
    }

    /// Whether a rule runs, given whether the config enables it.
    pub fn enables(&self, rule: RuleId, by_config: bool) -> bool {
        let matches = |names: &[Spanned<String>]| {
            names
                .iter()
                .any(|n| n.get_ref() == rule.as_str() || n.get_ref() == rule.family())
        };
        let selected = match &self.select {
            Some(names) => matches(names),
            None => by_config,
        };
        (selected || matches(&self.extend_select)) && !matches(&self.ignore)
    }
}

/// A parsed config file and where it lives.
#[derive(Debug, Default)]
pub struct Config {
    pub file: ConfigFile,
    /// The config's id among the run's sources, for error spans; `None` without a config.
    pub source_id: Option<FileId>,
    /// The folder paths in the config are relative to.
    pub root: PathBuf,
    /// Errors found after parsing (bad levels, bad globs). They are reported together with
    /// the errors only the rule registry can find (unknown rule ids), not one at a time.
    pub errors: Vec<Diagnostic>,
    /// The files the config names (rule packs, names data) by path under `root`, as the
    /// workspace layer read them: their text, or why they could not be read.
    pub files: BTreeMap<PathBuf, Result<String, String>>,
    /// The command line's rule selection, applied over the file's.
    pub selection: Selection,
}

impl Config {
    /// Parses `source` (already registered as `file`). A syntax error fails at once; other
    /// errors are kept in [`Config::errors`]. Errors point into the source.
    pub fn parse(source: &Source, file: FileId, root: PathBuf) -> Result<Config, Vec<Diagnostic>> {
        let parsed: ConfigFile = parse_toml(source, file, "config/syntax")?;
        let mut errors = Vec::new();
        for level in parsed.rules.values() {
            if let Err(msg) = level.get_ref().parse::<Level>() {
                errors.push(config_error(
                    "config/bad-severity",
                    file,
                    level.span(),
                    &msg,
                ));
            }
        }
        if let Some(layout) = &parsed.layout
            && !["auto", "paragraphs", "lines"].contains(&layout.get_ref().as_str())
        {
            errors.push(config_error(
                "config/bad-layout",
                file,
                layout.span(),
                "unknown layout: expected \"auto\", \"paragraphs\" or \"lines\"",
            ));
        }
        let ignore_globs = parsed.ignore.iter().map(|i| &i.get_ref().path);
        for glob in parsed
            .include
            .iter()
            .flatten()
            .chain(&parsed.exclude)
            .chain(ignore_globs)
        {
            if let Err(e) = globset::Glob::new(glob.get_ref()) {
                errors.push(config_error(
                    "config/bad-glob",
                    file,
                    glob.span(),
                    &format!("invalid glob: {}", e.kind()),
                ));
            }
        }
        Ok(Config {
            file: parsed,
            source_id: Some(file),
            root,
            errors,
            files: BTreeMap::new(),
            selection: Selection::default(),
        })
    }

    /// Configured level of each rule id, with the span of its key for error reports.
    pub fn levels(&self) -> impl Iterator<Item = (&Spanned<String>, Level)> {
        self.file
            .rules
            .iter()
            .filter_map(|(k, v)| v.get_ref().parse().ok().map(|l| (k, l)))
    }

    /// The layout lint.toml sets for plain-text files; `None` to detect it per file.
    pub fn layout(&self) -> Option<Layout> {
        match self.file.layout.as_ref()?.get_ref().as_str() {
            "paragraphs" => Some(Layout::Paragraphs),
            "lines" => Some(Layout::Lines),
            _ => None,
        }
    }

    pub fn include_globs(&self) -> Vec<String> {
        match &self.file.include {
            Some(globs) => globs.iter().map(|g| g.get_ref().clone()).collect(),
            None => DEFAULT_INCLUDE.iter().map(|s| s.to_string()).collect(),
        }
    }

    pub fn exclude_globs(&self) -> Vec<String> {
        self.file
            .exclude
            .iter()
            .map(|g| g.get_ref().clone())
            .collect()
    }
}

/// Deserialises a TOML config, rule or data file; a syntax or schema error becomes one
/// diagnostic with id `rule`, pointing into `source` (registered as `file`).
pub fn parse_toml<T: serde::de::DeserializeOwned>(
    source: &Source,
    file: FileId,
    rule: &str,
) -> Result<T, Vec<Diagnostic>> {
    toml::from_str(&source.text).map_err(|e| {
        vec![config_error(
            rule,
            file,
            e.span().unwrap_or(0..0),
            e.message().trim(),
        )]
    })
}

/// An error in a config or rule file, at `range` of `file`. The message is cut short when
/// long: parser messages quote the offending value, which may be megabytes long.
pub fn config_error(rule: &str, file: FileId, range: Range<usize>, message: &str) -> Diagnostic {
    Diagnostic::new(
        rule,
        Severity::Error,
        Span::new(file, range),
        shorten(message, MAX_MESSAGE),
    )
}

/// Longest config error message, in bytes, before it is cut short.
const MAX_MESSAGE: usize = 512;

/// `text` cut to at most `max` bytes (at a character boundary) with the length left out said.
pub fn shorten(text: &str, max: usize) -> String {
    if text.len() <= max {
        return text.to_string();
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}… ({} more bytes)", &text[..end], text.len() - end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, Vec<Diagnostic>> {
        Config::parse(&Source::new("lint.toml", text), 0, PathBuf::new())
    }

    #[test]
    fn bad_severity_points_at_the_value() {
        let text = "[rules]\n\"spacing/double-space\" = \"loud\"\n";
        let errs = parse(text).unwrap().errors;
        assert_eq!(&text[errs[0].span.range.clone()], "\"loud\"");
    }

    #[test]
    fn unknown_key_is_a_syntax_error_with_a_span() {
        let text = "packs = [\"spacing\"]\ncolour = true\n";
        let errs = parse(text).err().unwrap();
        assert_eq!(errs[0].rule, "config/syntax");
        assert!(text[errs[0].span.range.clone()].contains("colour"));
    }

    #[test]
    fn ignore_entries_parse_and_bad_globs_point_at_the_path() {
        let cfg =
            parse("[[ignore]]\npath = \"archive/**\"\nrule = \"spacing\"\ntext = \"Xinhua\"\n")
                .unwrap();
        let entry = cfg.file.ignore[0].get_ref();
        assert_eq!(entry.rule.get_ref(), "spacing");
        assert_eq!(entry.text.as_ref().unwrap().get_ref(), "Xinhua");
        let text = "[[ignore]]\npath = \"a/[\"\nrule = \"spacing\"\n";
        let errs = parse(text).unwrap().errors;
        assert_eq!(errs[0].rule, "config/bad-glob");
        assert_eq!(&text[errs[0].span.range.clone()], "\"a/[\"");
    }

    #[test]
    fn a_long_value_is_not_echoed_whole_in_its_error() {
        let text = format!("packs = \"{}\"\n", "é".repeat(100_000));
        let errs = parse(&text).err().unwrap();
        assert!(errs[0].message.len() < 600, "{}", errs[0].message.len());
        assert!(errs[0].message.ends_with("more bytes)"));
    }

    #[test]
    fn glossary_parses() {
        let cfg = parse(
            "[[names.entity]]\ncanonical = \"Antony Blinken\"\nfamily = \"Blinken\"\nvariants = [\"Brinken\"]\n",
        )
        .unwrap();
        assert_eq!(
            cfg.file.names.entity[0].get_ref().canonical.get_ref(),
            "Antony Blinken"
        );
    }
}
