//! Placeholders and markup in translatable text: printf (`%s`, `%1$d`), Python (`%(name)s`),
//! brace and ICU MessageFormat arguments (`{0}`, `{name}`, `{count, plural, ...}`), markup
//! tags (`<b>`, `</a>`, `<br/>`) and XLIFF/TMX inline codes (`<ph id="1"/>`, `<g id="2">`).
//!
//! They are masked in the prose view of bilingual files (like Markdown code) and compared
//! between source and target by `source/placeholders` and `source/markup`.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;
use regex_automata::{Anchored, Input, meta};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// printf and Python `%` formats.
    Printf,
    /// `{0}`, `{name}`, `{}` and the argument of an ICU `{name, plural, ...}`.
    Brace,
    /// A markup tag in text.
    Markup,
    /// An XLIFF or TMX inline code element.
    Code,
}

/// One placeholder: where it is, its kind, and the key that must match across languages
/// (`%s`, `%(name)s`, `{name}`, `<b>`; a code's element and id).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placeholder {
    pub range: Range<usize>,
    pub kind: Kind,
    pub key: String,
}

// No space or `'` flag: "100% sure" and "50% off" are not formats. Every match starts with
// `%`, so it is searched for where a `%` is ([`starting_with`]).
const PRINTF_PATTERN: &str = concat!(
    r"%%|%\([A-Za-z_][A-Za-z0-9_.-]*\)[-+#0]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]",
    r"|%(?:[1-9]\d*\$)?[-+#0]*(?:\d+|\*)?(?:\.(?:\d+|\*))?(?:hh|h|ll|l|L|q|j|z|t)?[diouxXeEfFgGaAcspn]"
);

static PRINTF: LazyLock<meta::Regex> = LazyLock::new(|| meta::Regex::new(PRINTF_PATTERN).unwrap());

static BRACE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"\{\s*([A-Za-z_][A-Za-z0-9_]*|\d+)\s*,\s*(?:number|date|time|plural|select|selectordinal|choice|spellout|ordinal|duration)\b",
        r"|\{(?:[A-Za-z_][A-Za-z0-9_.]*|\d+)?(?:![rsa])?(?::[^{}\s]*)?\}"
    ))
    .unwrap()
});

static MARKUP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"<(/?)([A-Za-z][A-Za-z0-9:-]*)(?:\s+[A-Za-z_:][^<>]*?)?\s*(/?)>"#).unwrap()
});

/// Inline code elements of XLIFF 1.2, XLIFF 2.0 and TMX.
const CODES: &[&str] = &[
    "g", "x", "bx", "ex", "bpt", "ept", "ph", "it", "pc", "sc", "ec", "ut", "hi",
];

/// Every placeholder of the given kinds in `text`, in order. `Code` and `Markup` are the same
/// syntax: elements named like inline codes are codes, others markup.
pub fn find(text: &str, kinds: &[Kind]) -> Vec<Placeholder> {
    let mut out = Vec::new();
    // Every placeholder starts with one of these: most texts have none, and are read once.
    if memchr::memchr3(b'%', b'{', b'<', text.as_bytes()).is_none() {
        return out;
    }
    if kinds.contains(&Kind::Printf) {
        for range in starting_with(&PRINTF, b'%', text) {
            let found = &text[range.clone()];
            if found != "%%" {
                out.push(Placeholder {
                    range,
                    kind: Kind::Printf,
                    key: found.to_string(),
                });
            }
        }
    }
    if kinds.contains(&Kind::Brace) && text.contains('{') {
        for c in BRACE.captures_iter(text) {
            let m = c.get(0).unwrap_or_else(|| unreachable!());
            let key = match c.get(1) {
                Some(name) => format!("{{{}}}", name.as_str()),
                None => m.as_str().to_string(),
            };
            out.push(Placeholder {
                range: m.range(),
                kind: Kind::Brace,
                key,
            });
        }
    }
    let tags = kinds.contains(&Kind::Markup) || kinds.contains(&Kind::Code);
    if tags && text.contains('<') {
        for c in MARKUP.captures_iter(text) {
            let m = c.get(0).unwrap_or_else(|| unreachable!());
            let close = c.get(1).is_some_and(|g| !g.is_empty());
            let empty = c.get(3).is_some_and(|g| !g.is_empty());
            let name = c.get(2).map_or("", |g| g.as_str());
            let local = name.rsplit(':').next().unwrap_or(name);
            let kind = if CODES.contains(&local) {
                Kind::Code
            } else {
                Kind::Markup
            };
            if !kinds.contains(&kind) {
                continue;
            }
            let key = match kind {
                Kind::Code => {
                    let id = ID
                        .captures(m.as_str())
                        .and_then(|c| c.get(1))
                        .map_or("", |g| g.as_str());
                    format!(
                        "<{}{local} {id}{}>",
                        if close { "/" } else { "" },
                        if empty { "/" } else { "" }
                    )
                }
                _ => format!(
                    "<{}{}{}>",
                    if close { "/" } else { "" },
                    name.to_ascii_lowercase(),
                    if empty { "/" } else { "" }
                ),
            };
            out.push(Placeholder {
                range: m.range(),
                kind,
                key,
            });
        }
    }
    out.sort_by_key(|p| p.range.start);
    // A brace argument inside a markup attribute, and the like: keep the outer one.
    let mut kept: Vec<Placeholder> = Vec::with_capacity(out.len());
    for p in out {
        if kept.last().is_some_and(|k| p.range.start < k.range.end) {
            continue;
        }
        kept.push(p);
    }
    kept
}

/// The matches of `regex` in `text`, leftmost-first and without overlaps as `find_iter` finds
/// them, for a regex whose every match starts with the byte `first` and is not empty: the
/// leftmost match from any point is the first anchored match at a `first` from there on. An
/// anchored search at each `first` reads a few bytes; a search through the text reads all of
/// it, in a lazy DFA and back again to find where each match starts.
fn starting_with(regex: &meta::Regex, first: u8, text: &str) -> Vec<Range<usize>> {
    let mut found = Vec::new();
    let mut end = 0;
    for start in memchr::memchr_iter(first, text.as_bytes()) {
        if start < end {
            continue;
        }
        let input = Input::new(text).range(start..).anchored(Anchored::Yes);
        if let Some(m) = regex.search(&input) {
            end = m.end();
            found.push(m.range());
        }
    }
    found
}

static ID: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"\s(?:id|i|x)\s*=\s*["']([^"']*)["']"#).unwrap());

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(text: &str, kinds: &[Kind]) -> Vec<String> {
        find(text, kinds).into_iter().map(|p| p.key).collect()
    }

    const ALL: &[Kind] = &[Kind::Printf, Kind::Brace, Kind::Markup, Kind::Code];

    #[test]
    fn printf_and_python_formats() {
        assert_eq!(
            keys("%s of %1$d at %.2f, 100%%", ALL),
            ["%s", "%1$d", "%.2f"]
        );
        assert_eq!(
            keys("%(name)s has %(count)d", ALL),
            ["%(name)s", "%(count)d"]
        );
        assert!(keys("100% sure, 50% off", ALL).is_empty());
    }

    /// What a search through the whole text finds, the anchored searches find.
    #[test]
    fn printf_formats_are_found_as_a_whole_text_search_finds_them() {
        let reference = Regex::new(PRINTF_PATTERN).unwrap();
        for text in [
            "%s of %1$d at %.2f, 100%%",
            "%%s %%%d %(name)s%-5.3lf% d %",
            "50% off, %(x)d%%(y)s, %zu%",
            "",
        ] {
            let expected: Vec<_> = reference.find_iter(text).map(|m| m.range()).collect();
            assert_eq!(starting_with(&PRINTF, b'%', text), expected, "{text:?}");
        }
    }

    #[test]
    fn brace_and_icu_arguments() {
        assert_eq!(keys("{0} and {name} and {}", ALL), ["{0}", "{name}", "{}"]);
        assert_eq!(
            keys("{count, plural, one {# file} other {# files}}", ALL),
            ["{count}"]
        );
        assert_eq!(keys("{value:.2f}", ALL), ["{value:.2f}"]);
    }

    #[test]
    fn markup_and_inline_codes() {
        assert_eq!(
            keys("<b>Bold</b> <a href=\"x\">link</a><br/>", ALL),
            ["<b>", "</b>", "<a>", "</a>", "<br/>"]
        );
        assert_eq!(
            keys("<g id=\"1\">x</g><ph id=\"2\"/>", &[Kind::Code]),
            ["<g 1>", "</g >", "<ph 2/>"]
        );
        assert!(keys("a < b > c", ALL).is_empty());
    }
}
