use super::diagnostic;
use crate::corpus::Corpus;
use crate::diagnostic::{Diagnostic, Severity};
use crate::names::index::Index;
use crate::names::{Context, key};
use crate::rule_meta;
use crate::rules::RuleMeta;

const ID: &str = "names/mixed-systems";

/// One name romanised in two systems ("Nguyen Meng Xiong").
pub(super) fn meta() -> RuleMeta {
    rule_meta! {
        id: ID,
        severity: Severity::Warning,
        summary: "a name romanised in two systems (a Vietnamese family name with pinyin syllables)",
        explanation: r#"
A Vietnamese name that reaches English through Chinese comes back half in pinyin: the family
name recognised ("Nguyen"), the given name read as Chinese characters ("Meng Xiong" for Manh
Hung). Reported when a Vietnamese family name (`vietnamese-surnames` in
`rules/names/common.toml`) is followed by a word with a letter sequence no Vietnamese
syllable has (`not-vietnamese`: "zh", "eng", "iong"...). The right given name cannot be
derived from the English, so there is no fix: check the source or the person's own spelling."#,
        fixable: false,
        flag: [
            "Deputy Minister Nguyen Zhengfeng visited Hanoi.",
            "Minister Tran Meng Xiong spoke.",
        ],
        pass: [
            "Minister Nguyen Manh Hung spoke.",
            "Prime Minister Pham Minh Chinh met Tran Thanh Man.",
            "Nguyen Van Thuong and Vo Thi Anh Xuan attended.",
        ],
    }
}

pub(super) fn find(ctx: &Context, corpus: &Corpus, index: &Index, out: &mut Vec<Diagnostic>) {
    let data = &ctx.data;
    for (f, form) in index.forms.iter().enumerate() {
        let words = form.word_strs();
        if words.len() < 2
            || !form.kind.may_be_person()
            || !data.vietnamese_surnames.contains(&key::fold(words[0]))
        {
            continue;
        }
        let Some(foreign) = words[1..].iter().find(|w| {
            let s = key::strip(w);
            data.not_vietnamese.iter().any(|m| s.contains(m.as_str()))
        }) else {
            continue;
        };
        for occ in &form.occ {
            out.push(
                diagnostic(
                    ID,
                    index.span(corpus, f, occ),
                    format!(
                        "`{}` has a Vietnamese family name but `{foreign}` is not a Vietnamese syllable: a name romanised in two systems",
                        form.text
                    ),
                )
                .with_help("write the given name in Vietnamese romanisation, as the person writes it"),
            );
        }
    }
}
