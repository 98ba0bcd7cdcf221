//! Rules defined as data: the kinds a TOML rule pack can instantiate, one module per kind
//! ([`pattern`], [`substitution`], [`consistency`]).
//!
//! Built-in packs (`rules/*.toml`) and a user's own rule files are loaded by the same
//! function, [`load_pack`], so a built-in rule has no powers a user rule lacks. A rule's
//! `kind` key selects the variant of [`KindDef`], a serde enum tagged by that key, whose
//! fields are that kind's own (a key of another kind is an error). Errors in a pack come back
//! as diagnostics pointing at the offending bytes of the pack.

pub mod consistency;
pub mod pattern;
pub mod scan;
pub mod substitution;

use std::ops::Range;

use regex::{Regex, RegexBuilder};
use serde::Deserialize;
use toml::Spanned;
use toml::de::{DeTable, DeValue, ValueDeserializer};

use crate::diagnostic::Diagnostic;
use crate::document::{FileId, Source, Span};

pub use crate::config::{config_error, parse_toml};
use crate::rules::{Examples, Rule, RuleId, RuleMeta};
use scan::Compile;

/// Limits on user-supplied regexes: the regex crate is linear-time, but a huge pattern can
/// still eat memory when compiled.
const REGEX_SIZE_LIMIT: usize = 4 << 20;
const REGEX_DFA_SIZE_LIMIT: usize = 8 << 20;

/// The keys every rule has, whatever its kind.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Common {
    id: Spanned<String>,
    #[serde(default = "default_severity")]
    severity: Spanned<String>,
    summary: String,
    #[serde(default)]
    explanation: String,
    message: String,
    #[serde(default)]
    help: Option<String>,
    #[serde(default)]
    note: Option<String>,
    #[serde(default)]
    examples: Examples,
}

const COMMON_KEYS: &[&str] = &[
    "id",
    "severity",
    "summary",
    "explanation",
    "message",
    "help",
    "note",
    "examples",
];

/// The keys of one kind of rule, tagged by the rule's `kind`.
///
/// Externally tagged for serde (`{ pattern = { ... } }`), with the tag taken from the rule's
/// `kind` key by [`load_pack`]: serde's internally tagged enums buffer their input, which
/// loses the byte spans errors point at.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "lowercase")]
enum KindDef {
    Pattern(pattern::PatternDef),
    Substitution(substitution::SubstitutionDef),
    Consistency(consistency::ConsistencyDef),
}

const KINDS: &[&str] = &["pattern", "substitution", "consistency"];

fn default_severity() -> Spanned<String> {
    Spanned::new(0..0, "warning".to_string())
}

/// Loads every rule of one pack, built, or the errors of every rule that does not build.
/// `file` is the pack's id in the corpus, for error spans.
pub fn load_pack(source: &Source, file: FileId) -> Result<Vec<Box<dyn Rule>>, Vec<Diagnostic>> {
    let mut rules = Vec::new();
    let mut errors = Vec::new();
    for rule in register_pack(source, file)? {
        match (rule.build)(Compile::Now) {
            Ok(rule) => rules.push(rule),
            Err(e) => errors.extend(e),
        }
    }
    if errors.is_empty() {
        Ok(rules)
    } else {
        Err(errors)
    }
}

/// Builds a rule of a pack: reads its regexes (compiled as [`Compile`] says) and word lists,
/// which may fail. `Send`: packs are read in parallel.
pub type BuildRule = Box<dyn FnOnce(Compile) -> Result<Box<dyn Rule>, Vec<Diagnostic>> + Send>;

/// A rule of a pack, read: its documentation, and how to build it.
pub struct PackRule {
    pub meta: RuleMeta,
    pub build: BuildRule,
}

/// Reads every rule of one pack without building it: the errors are those of the TOML and of
/// the keys every rule has (its id, severity, kind).
pub fn register_pack(source: &Source, file: FileId) -> Result<Vec<PackRule>, Vec<Diagnostic>> {
    let schema = |range: Range<usize>, message: &str| {
        vec![config_error("config/syntax", file, range, message)]
    };
    let root = DeTable::parse(&source.text)
        .map_err(|e| toml_error(&e, file))?
        .into_inner();
    let mut defs = Vec::new();
    for (key, value) in root {
        if key.get_ref() != "rule" {
            return Err(schema(
                key.span(),
                &format!("unknown field `{}`, expected `rule`", key.get_ref()),
            ));
        }
        match value.into_inner() {
            DeValue::Array(rules) if rules.iter().all(|r| r.get_ref().is_table()) => {
                defs.extend(rules);
            }
            _ => {
                return Err(schema(
                    key.span(),
                    "`rule` must be an array of tables: `[[rule]]`",
                ));
            }
        }
    }
    let mut rules = Vec::new();
    let mut errors = Vec::new();
    for def in defs {
        let span = def.span();
        match parse_rule(def, file).and_then(|(common, kind)| read(common, kind, source, file)) {
            Ok(rule) => rules.push(rule),
            Err(mut e) => {
                if e.is_empty() {
                    e.push(config_error(
                        "config/invalid-rule",
                        file,
                        span,
                        "invalid rule",
                    ));
                }
                errors.extend(e);
            }
        }
    }
    if errors.is_empty() {
        Ok(rules)
    } else {
        Err(errors)
    }
}

/// Splits one `[[rule]]` table into its common keys and its kind's keys, and deserialises
/// both: the kind's keys as the [`KindDef`] variant its `kind` names.
fn parse_rule<'i>(
    def: Spanned<DeValue<'i>>,
    file: FileId,
) -> Result<(Common, Spanned<KindDef>), Vec<Diagnostic>> {
    let span = def.span();
    let DeValue::Table(table) = def.into_inner() else {
        return Err(Vec::new());
    };
    let mut common = DeTable::new();
    let mut own = DeTable::new();
    let mut kind = None;
    for (key, value) in table {
        if key.get_ref() == "kind" {
            kind = Some(value);
        } else if COMMON_KEYS.contains(&key.get_ref().as_ref()) {
            common.insert(key, value);
        } else {
            own.insert(key, value);
        }
    }
    let table = |entries: DeTable<'i>| -> ValueDeserializer<'i> {
        ValueDeserializer::from(Spanned::new(span.clone(), DeValue::Table(entries)))
    };
    let common = Common::deserialize(table(common)).map_err(|e| toml_error(&e, file))?;
    let invalid = |range: Range<usize>, message: String| {
        vec![config_error("config/invalid-rule", file, range, &message)]
    };
    let Some(kind) = kind else {
        return Err(invalid(span, "missing field `kind`".into()));
    };
    let kind_span = kind.span();
    let name = match kind.get_ref().as_str() {
        Some(name) if KINDS.contains(&name) => name.to_string(),
        other => {
            return Err(invalid(
                kind_span,
                format!(
                    "unknown rule kind `{}`: expected \"pattern\", \"substitution\" or \"consistency\"",
                    other.unwrap_or_default()
                ),
            ));
        }
    };
    let mut tagged = DeTable::new();
    tagged.insert(
        Spanned::new(kind_span.clone(), name.into()),
        Spanned::new(span.clone(), DeValue::Table(own)),
    );
    let kind = KindDef::deserialize(table(tagged)).map_err(|e| toml_error(&e, file))?;
    Ok((common, Spanned::new(kind_span, kind)))
}

/// A TOML syntax or schema error as one `config/syntax` diagnostic.
fn toml_error(e: &toml::de::Error, file: FileId) -> Vec<Diagnostic> {
    vec![config_error(
        "config/syntax",
        file,
        e.span().unwrap_or(0..0),
        e.message().trim(),
    )]
}

/// Compiles a user-supplied regex under the size limits, or says why not.
pub fn compile_regex(pattern: &str) -> Result<Regex, String> {
    RegexBuilder::new(pattern)
        .size_limit(REGEX_SIZE_LIMIT)
        .dfa_size_limit(REGEX_DFA_SIZE_LIMIT)
        .build()
        .map_err(|e| match e {
            regex::Error::CompiledTooBig(limit) => {
                format!("regex is too large: it compiles to more than {limit} bytes")
            }
            other => format!("invalid regex: {other}"),
        })
}

/// An error in a rule's definition, at `range` of the pack.
fn invalid(file: FileId, range: Range<usize>, message: String) -> Vec<Diagnostic> {
    vec![config_error("config/invalid-rule", file, range, &message)]
}

/// A rule's documentation from its common keys, and the build of its kind.
fn read(
    common: Common,
    kind: Spanned<KindDef>,
    source: &Source,
    file: FileId,
) -> Result<PackRule, Vec<Diagnostic>> {
    let id = common.id.get_ref().clone();
    if !is_rule_id(&id) {
        return Err(invalid(
            file,
            common.id.span(),
            format!("rule id `{id}` must be kebab-case `family/name`"),
        ));
    }
    let default_severity = match common.severity.get_ref().parse() {
        Ok(crate::diagnostic::Level::On(s)) => s,
        Ok(crate::diagnostic::Level::Off) => {
            return Err(invalid(
                file,
                common.severity.span(),
                "a rule's default severity cannot be \"off\"; turn it off in lint.toml".into(),
            ));
        }
        Err(msg) => return Err(invalid(file, common.severity.span(), msg)),
    };
    let line = source.line_index(common.id.span().start) + 1;
    let meta = RuleMeta {
        id: RuleId::new(&id),
        defined_at: format!("{}:{line}", source.name),
        default_severity,
        summary: common.summary,
        explanation: common.explanation.trim().to_string(),
        examples: common.examples,
        fixable: match kind.get_ref() {
            KindDef::Pattern(def) => def.fixable(),
            KindDef::Substitution(_) => true,
            KindDef::Consistency(_) => false,
        },
    };
    let text = Texts {
        message: common.message,
        help: common.help,
        note: common.note,
    };
    let kind_span = kind.span();
    let built = meta.clone();
    let build = move |compile| {
        let err = |range: Range<usize>, message: String| invalid(file, range, message);
        match kind.into_inner() {
            KindDef::Pattern(def) => def.build(built, text, compile, err),
            KindDef::Substitution(def) => def.build(built, text, kind_span, err),
            KindDef::Consistency(def) => def.build(built, text, kind_span, compile, err),
        }
    };
    Ok(PackRule {
        meta,
        build: Box::new(build),
    })
}

fn is_rule_id(id: &str) -> bool {
    let mut parts = id.split('/');
    let kebab = |s: &str| {
        !s.is_empty()
            && s.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !s.starts_with('-')
            && !s.ends_with('-')
    };
    matches!((parts.next(), parts.next(), parts.next()), (Some(f), Some(n), None) if kebab(f) && kebab(n))
}

/// The message, help and note of a data rule, with `{match}` and capture references filled in.
struct Texts {
    message: String,
    help: Option<String>,
    note: Option<String>,
}

impl Texts {
    /// The texts as `f` rewrites each: a rule that fills them in its own way prepares them
    /// once, not at every finding.
    fn map(self, f: impl Fn(&str) -> String) -> Texts {
        Texts {
            message: f(&self.message),
            help: self.help.as_deref().map(&f),
            note: self.note.as_deref().map(&f),
        }
    }

    fn diagnostic(&self, meta: &RuleMeta, span: Span, fill: impl Fn(&str) -> String) -> Diagnostic {
        let mut d = Diagnostic::new(&meta.id, meta.default_severity, span, fill(&self.message));
        d.help = self.help.as_deref().map(|help| fill(help).into());
        if let Some(note) = &self.note {
            d.notes.push(fill(note));
        }
        d
    }
}

/// `template` with each of `fields`' placeholders (`{match}`) replaced by its value, in one
/// pass: a value is never read as a template ("{form}" found in the text stays as written).
fn fill_in(template: &str, fields: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(at) = memchr::memchr(b'{', rest.as_bytes()) {
        let (before, from) = rest.split_at(at);
        out.push_str(before);
        match fields.iter().find(|(key, _)| from.starts_with(key)) {
            Some((key, value)) => {
                out.push_str(value);
                rest = &from[key.len()..];
            }
            None => {
                out.push('{');
                rest = &from[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Whether `text[range]` stands as a whole word (edges that are word characters must not
/// continue into a neighbouring word character).
fn word_bounded(text: &str, range: &Range<usize>) -> bool {
    let inner_first = text[range.clone()].chars().next();
    let inner_last = text[range.clone()].chars().next_back();
    let before = text[..range.start].chars().next_back();
    let after = text[range.end..].chars().next();
    let clash = |edge: Option<char>, outside: Option<char>| matches!((edge, outside), (Some(e), Some(o)) if is_word_char(e) && is_word_char(o));
    !clash(inner_first, before) && !clash(inner_last, after)
}

/// The matches (form index, byte range) that stand as whole words in `text`.
fn word_bounded_matches<'a>(
    matches: &'a [(usize, Range<usize>)],
    text: &'a str,
) -> impl Iterator<Item = (usize, Range<usize>)> + 'a {
    matches
        .iter()
        .filter(move |(_, range)| word_bounded(text, range))
        .cloned()
}

/// Carries the case of `found` over to `replacement`: "Original" -> "Former", "ORIGINAL" -> "FORMER".
pub fn preserve_case(found: &str, replacement: &str) -> String {
    let letters: Vec<char> = found.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.len() > 1 && letters.iter().all(|c| c.is_uppercase()) {
        return replacement.to_uppercase();
    }
    let found_first_upper = found.chars().next().is_some_and(char::is_uppercase);
    let mut chars = replacement.chars();
    match chars.next() {
        Some(first) if found_first_upper && first.is_lowercase() => {
            first.to_uppercase().chain(chars).collect()
        }
        _ => replacement.to_string(),
    }
}

#[cfg(test)]
pub(super) mod test_support {
    use super::*;
    use crate::document::Document;

    pub fn load(text: &str) -> Result<Vec<Box<dyn Rule>>, Vec<Diagnostic>> {
        load_pack(&Source::new("pack.toml", text), 0)
    }

    pub fn run(rule: &dyn Rule, text: &str) -> Vec<Diagnostic> {
        let doc = Document::new(1, "t.txt", text);
        let mut out = Vec::new();
        rule.check_document(&doc, &mut out);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::data::test_support::load;
    #[test]
    fn preserve_case_follows_the_found_text() {
        assert_eq!(preserve_case("Original", "former"), "Former");
        assert_eq!(preserve_case("ORIGINAL", "former"), "FORMER");
        assert_eq!(preserve_case("original", "former"), "former");
    }

    #[test]
    fn fill_in_replaces_each_placeholder_once_and_leaves_the_rest_as_written() {
        let fields = [("{match}", "new crown"), ("{right}", "COVID-19")];
        assert_eq!(
            fill_in("`{match}` reads as `{right}`; {match}!", &fields),
            "`new crown` reads as `COVID-19`; new crown!"
        );
        // Braces that name no field, and a template without any, are kept.
        assert_eq!(fill_in("{x} {match", &fields), "{x} {match");
        assert_eq!(fill_in("plain", &fields), "plain");
        assert_eq!(fill_in("", &fields), "");
        // A value is not a template: text that happens to hold a placeholder stays as found.
        let found = [("{match}", "{right}"), ("{right}", "R")];
        assert_eq!(fill_in("{match} -> {right}", &found), "{right} -> R");
        // Non-ASCII around the braces.
        assert_eq!(fill_in("«{match}»", &fields), "«new crown»");
    }

    #[test]
    fn bad_regex_points_at_the_pattern() {
        let text = "[[rule]]\nid = \"a/b\"\nkind = \"pattern\"\nsummary = \"s\"\nmessage = \"m\"\npattern = '(unclosed'\n";
        let errs = load(text).err().unwrap();
        let range = errs[0].span.range.clone();
        assert_eq!(&text[range], "'(unclosed'");
        assert!(errs[0].message.contains("invalid regex"));
    }

    #[test]
    fn huge_regex_is_refused_with_a_clear_error() {
        let pattern = format!("(?:{}){{1000}}", "[a-z]{100}");
        let text = format!(
            "[[rule]]\nid = \"a/b\"\nkind = \"pattern\"\nsummary = \"s\"\nmessage = \"m\"\npattern = '{pattern}'\n"
        );
        let errs = load(&text).err().unwrap();
        assert!(errs[0].message.contains("too large"), "{}", errs[0].message);
    }

    /// The built-in packs' regexes are compiled on first use, so each must compile.
    #[test]
    fn every_builtin_regex_compiles() {
        for (name, text) in crate::rules::BUILTIN_PACKS {
            assert!(load_pack(&Source::new(*name, *text), 0).is_ok(), "{name}");
        }
    }

    #[test]
    fn unknown_keys_and_ids_are_errors() {
        assert!(load("[[rule]]\nid = \"a/b\"\nkind = \"pattern\"\nsummary = \"s\"\nmessage = \"m\"\npatern = 'x'\n").is_err());
        assert!(load("[[rule]]\nid = \"NotKebab\"\nkind = \"pattern\"\nsummary = \"s\"\nmessage = \"m\"\npattern = 'x'\n").is_err());
    }
}
