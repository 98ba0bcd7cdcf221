//! Markdown structure is never damaged by `--fix`: list markers and their padding, block
//! quotes, headings, images, tables, hard line breaks, code and link reference definitions
//! are structure, not prose. A property over generated Markdown compares the block structure
//! pulldown-cmark parses before and after fixing, and the cases issue 12 reported are plain
//! tests through the binary.

use std::path::Path;
use std::process::Command;
use std::sync::LazyLock;

use proptest::prelude::*;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use translint::config::Config;
use translint::diagnostic::{Fix, Severity};
use translint::engine::{Corpus, RuleSet, lint};
use translint::fix::apply;

#[path = "support/proptest_config.rs"]
mod proptest_config;
use proptest_config::config;

/// What the structure of a Markdown text is: its block tags, images, hard breaks and the
/// text of its code, in order. Prose text is left out: fixing it is the point.
fn structure(text: &str) -> Vec<String> {
    let options = Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS
        | Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH;
    let mut out = Vec::new();
    let mut in_code = false;
    for event in Parser::new_ext(text, options) {
        match event {
            Event::Start(tag) => {
                let inline = matches!(
                    tag,
                    Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. }
                );
                in_code |= matches!(tag, Tag::CodeBlock(_));
                if !inline {
                    out.push(format!("{tag:?}"));
                }
            }
            Event::End(tag) => {
                let inline = matches!(
                    tag,
                    TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link
                );
                in_code &= tag != TagEnd::CodeBlock;
                if !inline {
                    out.push(format!("/{tag:?}"));
                }
            }
            Event::Text(t) if in_code => out.push(format!("code {t:?}")),
            Event::Code(t) => out.push(format!("`{t}`")),
            Event::Html(t) | Event::InlineHtml(t) => out.push(format!("html {t:?}")),
            Event::HardBreak => out.push("hard break".to_string()),
            Event::Rule => out.push("rule".to_string()),
            _ => {}
        }
    }
    out
}

/// The built-in rules with the default config, built once.
static RULES: LazyLock<RuleSet> = LazyLock::new(|| {
    RuleSet::build(&mut Corpus::new(), &Config::default()).expect("built-in rules load")
});

/// One pass of what `check --fix` applies to a Markdown file: the safe fixes of fixable rules
/// at warning level or above.
fn fix_pass(text: &str) -> String {
    let fixable: Vec<&str> = RULES
        .rules()
        .filter(|r| r.meta().fixable)
        .map(|r| r.meta().id.as_str())
        .collect();
    let mut corpus = Corpus::new();
    corpus.add_document("generated.md", text);
    let fixes: Vec<Fix> = lint(&corpus, &RULES)
        .into_iter()
        .filter(|d| d.severity >= Severity::Warning && fixable.contains(&d.rule.as_str()))
        .filter_map(|d| d.fix.map(|f| *f))
        .filter(Fix::is_safe)
        .collect();
    apply(text, &fixes).text
}

/// `check --fix`: passes until nothing changes (at most 8, as the CLI does).
fn fix(text: &str) -> Option<String> {
    let mut text = text.to_string();
    for _ in 0..8 {
        let next = fix_pass(&text);
        if next == text {
            return Some(text);
        }
        text = next;
    }
    None
}

/// Prose with the slips the spacing and typography rules fix.
fn inline() -> impl Strategy<Value = String> {
    let piece = proptest::sample::select(vec![
        "the",
        "The",
        "minister",
        "said",
        "Tokyo",
        " ",
        " ",
        "  ",
        " ,",
        " .",
        " !",
        " ?",
        ",",
        ".",
        "the the",
        "，",
        "。",
        "\"",
        "“",
        "”",
        "'",
        "’",
        "(",
        ")",
        "![alt](a.png)",
        " ![diagram](b.png)",
        "[link](http://x.org)",
        "`code  .`",
        "*em*",
        "**strong**",
        "  \t",
        "e.g.",
        "said.The",
        "April 2-According",
        "1.",
        "#",
        ">",
        "-",
        "|",
        "!",
    ]);
    proptest::collection::vec(piece, 1..10).prop_map(|p| p.concat())
}

/// One Markdown block, from its parts.
fn block() -> impl Strategy<Value = String> {
    let pad = || proptest::sample::select(vec![" ", "  ", "   ", "    "]);
    prop_oneof![
        inline(),
        (inline(), inline()).prop_map(|(a, b)| format!("{a}\n{b}")),
        // Hard line breaks: two trailing spaces, or a backslash.
        (inline(), inline()).prop_map(|(a, b)| format!("{a}  \n{b}")),
        (inline(), inline()).prop_map(|(a, b)| format!("{a}\\\n{b}")),
        (1..4usize, pad(), inline()).prop_map(|(n, p, t)| format!("{}{p}{t}", "#".repeat(n))),
        (inline()).prop_map(|t| format!("{t}\n===")),
        (
            proptest::sample::select(vec!["-", "*", "+", "1.", "2)", "10."]),
            pad(),
            inline(),
            inline(),
        )
            .prop_map(|(m, p, a, b)| format!("{m}{p}{a}\n{m}{p}{b}")),
        (pad(), inline(), inline()).prop_map(|(p, a, b)| format!("-{p}{a}\n\n  {b}\n  - {a}")),
        (
            proptest::sample::select(vec![">", "> ", ">  ", "> > "]),
            inline(),
            inline()
        )
            .prop_map(|(q, a, b)| format!("{q}{a}\n{q}{b}\n>\n{q}{a}")),
        (inline(), inline())
            .prop_map(|(a, b)| format!("| {a} | {b} |\n| :--- | ---: |\n| {b}  | {a} |")),
        inline().prop_map(|t| format!("```\n{t}\n```")),
        inline().prop_map(|t| format!("    {t}")),
        inline().prop_map(|t| format!("[id]: http://y.org/p  \"{t}\"")),
        Just("---".to_string()),
        Just("* * *".to_string()),
        inline().prop_map(|t| format!("<!-- {t} -->")),
    ]
}

fn document() -> impl Strategy<Value = String> {
    let gap = proptest::sample::select(vec!["\n", "\n\n", "\n\n\n"]);
    proptest::collection::vec((block(), gap), 1..6).prop_map(|blocks| {
        blocks
            .into_iter()
            .map(|(b, gap)| format!("{b}{gap}"))
            .collect()
    })
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn fixing_keeps_the_block_structure_and_a_second_fix_changes_nothing(text in document()) {
        let fixed = fix(&text);
        prop_assert!(fixed.is_some(), "no fixed point for {:?}", text);
        let fixed = fixed.unwrap_or_default();
        prop_assert_eq!(structure(&text), structure(&fixed), "{:?} became {:?}", text, fixed);
        prop_assert_eq!(fix_pass(&fixed), fixed);
    }
}

/// `translint check --no-config --fix` on a Markdown file holding `text`; returns the file.
fn fixed_by_the_binary(text: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("doc.md");
    std::fs::write(&file, text).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_translint"))
        .args(["check", "--no-config", "--fix", "doc.md"])
        .current_dir(dir.path())
        .output()
        .expect("translint runs");
    assert!(out.status.code().is_some_and(|c| c <= 1), "{out:?}");
    std::fs::read_to_string(Path::new(&file)).unwrap()
}

/// Each structure from issue 12 stays as it is, and the slip in its prose is still fixed.
#[test]
fn list_markers_and_their_padding_are_kept() {
    let text = "1.  First item  .\n2.  Second item\n\n-   Bullet\n-  . trailing item\n";
    assert_eq!(
        fixed_by_the_binary(text),
        "1.  First item.\n2.  Second item\n\n-   Bullet\n-  . trailing item\n"
    );
}

#[test]
fn block_quote_markers_are_kept() {
    let text = ">  Quoted  text .\n>\n> > Nested.\n";
    assert_eq!(
        fixed_by_the_binary(text),
        ">  Quoted text.\n>\n> > Nested.\n"
    );
}

#[test]
fn heading_markers_are_kept() {
    let text = "#  ,\n    the !\n\n##   Title  here\n";
    assert_eq!(
        fixed_by_the_binary(text),
        "#  ,\n    the !\n\n##   Title here\n"
    );
}

#[test]
fn an_image_keeps_its_bang() {
    let text = "See the diagram ![architecture](arch.png) here .\n";
    assert_eq!(
        fixed_by_the_binary(text),
        "See the diagram ![architecture](arch.png) here.\n"
    );
}

#[test]
fn hard_line_breaks_are_kept_and_other_trailing_spaces_go() {
    let text = "A line with a break  \nthe next line   \nand a backslash\\\nlast line  \n";
    assert_eq!(
        fixed_by_the_binary(text),
        "A line with a break  \nthe next line   \nand a backslash\\\nlast line\n"
    );
}

#[test]
fn tables_keep_their_rules_and_alignment() {
    let text = "| Col  | Other |\n| :--- | ----: |\n| a  b | c     |\n";
    let fixed = fixed_by_the_binary(text);
    assert_eq!(
        fixed,
        "| Col  | Other |\n| :--- | ----: |\n| a b | c     |\n"
    );
    assert_eq!(structure(&fixed), structure(text));
}

#[test]
fn link_reference_definitions_are_not_prose() {
    let text = "See [the site][id] .\n\n[id]: http://example.org  \"A  title\"\n";
    assert_eq!(
        fixed_by_the_binary(text),
        "See [the site][id].\n\n[id]: http://example.org  \"A  title\"\n"
    );
}

/// A heading's last word and the paragraph's first are not a doubled word: deleting one
/// would merge the paragraph into the heading.
#[test]
fn doubled_words_do_not_cross_blocks() {
    let text = "# The minister\nminister said so.\n\n- the\n- the item\n";
    assert_eq!(fixed_by_the_binary(text), text);
}

/// A top-level paragraph's indent is still a slip, and still fixed.
#[test]
fn a_top_level_paragraph_indent_is_still_fixed() {
    assert_eq!(
        fixed_by_the_binary("  Indented paragraph.\n"),
        "Indented paragraph.\n"
    );
}
