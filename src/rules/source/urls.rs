//! `source/urls`: a URL or e-mail address of the source that the translation drops or
//! changes.

use std::sync::LazyLock;

use regex::Regex;

use super::units;
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Document;
use crate::rule_meta;
use crate::rules::{Rule, RuleMeta};

static LINK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:(?:https?|ftp)://[^\s<>()\[\]{}'\x22，。、）]+|www\.[a-z0-9-]+\.[^\s<>()\[\]{}'\x22，。、）]+|[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,})").unwrap()
});

/// Links of a text, without the punctuation that ends the sentence around them.
fn links(text: &str) -> Vec<&str> {
    if !may_link(text) {
        return Vec::new();
    }
    LINK.find_iter(text)
        .map(|m| m.as_str().trim_end_matches(['.', ',', ';', ':', '!', '?']))
        .collect()
}

/// Whether [`LINK`] may match in `text`: every link has `://`, `www.` (in any case) or `@`,
/// and most texts have none, so most never run the regex.
fn may_link(text: &str) -> bool {
    let bytes = text.as_bytes();
    memchr::memchr(b'@', bytes).is_some()
        || memchr::memmem::find(bytes, b"://").is_some()
        || memchr::memchr_iter(b'.', bytes)
            .any(|i| i >= 3 && bytes[i - 3..i].eq_ignore_ascii_case(b"www"))
}

/// The host of a URL (or the domain of an address), which a localised link keeps.
fn host(link: &str) -> String {
    let rest = link.split_once("://").map_or(link, |(_, r)| r);
    let rest = rest.rsplit_once('@').map_or(rest, |(_, d)| d);
    let host = rest.split(['/', '?', '#', ':']).next().unwrap_or(rest);
    host.trim_start_matches("www.").to_ascii_lowercase()
}

pub struct Urls {
    meta: RuleMeta,
}

impl Urls {
    pub fn new() -> Self {
        Urls {
            meta: rule_meta! {
                id: "source/urls",
                severity: Severity::Warning,
                summary: "a URL or e-mail address of the source missing from the translation",
                explanation: "
Links and addresses are copied, not translated: one that is dropped, mistyped or half
translated sends readers nowhere. A translation may point at a localised page on the same site
(`example.com/ja/`), so a link counts as kept when the translation links to the same host.",
                fixable: false,
                flag: [
                    "See https://example.com/help.\t詳しくはヘルプを参照。",
                    "Mail bugs@example.org\tバグは bug@example.org へ",
                ],
                pass: [
                    "See https://example.com/help.\t詳しくは https://example.com/help を参照。",
                    "See https://example.com/help.\t詳しくは https://example.com/ja/help を参照。",
                    "Mail bugs@example.org\tバグは bugs@example.org へ",
                ],
            },
        }
    }
}

impl Rule for Urls {
    fn meta(&self) -> &RuleMeta {
        &self.meta
    }

    fn check_document(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        for unit in units(doc) {
            let source = links(unit.source());
            if source.is_empty() || unit.target.is_empty() {
                continue;
            }
            let target = links(unit.target);
            for link in source {
                let kept = target.contains(&link)
                    || (link.contains("://") && target.iter().any(|t| host(t) == host(link)));
                if !kept {
                    out.push(
                        unit.report(
                            doc,
                            &self.meta,
                            unit.segment.target.clone(),
                            format!("`{link}` of the source is not in the translation"),
                            Some(link),
                            "in the source",
                        )
                        .with_help(format!("copy `{link}` into the translation")),
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_that_cannot_hold_a_link_is_not_searched() {
        for text in [
            "see https://x.org",
            "WwW.example.com",
            "mail a@b.cc",
            "ftp://h",
        ] {
            assert!(may_link(text), "{text}");
            assert!(!links(text).is_empty(), "{text}");
        }
        for text in ["no link here.", "www", "a.b.c", ""] {
            assert!(!may_link(text), "{text}");
        }
    }

    #[test]
    fn examples() {
        super::super::test::examples(&Urls::new());
    }

    #[test]
    fn hosts() {
        assert_eq!(host("https://www.Example.com:8080/a"), "example.com");
        assert_eq!(host("bugs@example.org"), "example.org");
    }
}
