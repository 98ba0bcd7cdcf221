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
syllable has (`not-vietnamese`: "zh", "eng", "iong"...).

When the family name is only Vietnamese (not also a pinyin syllable, as "Dang" is), each
given name is also checked against how a Vietnamese syllable is built
(`vietnamese-syllables`): an onset and a rime, and no glide o/u after b, m, p, ph or v. A
garbled syllable ("Nguyen Muang Hung" for Nguyen Manh Hung) is reported the same way. A
hyphenated given name (a Cantonese "Ngo Kam-hung") is left alone.

The right given name cannot be derived from the English, so there is no fix: check the
source or the person's own spelling."#,
        fixable: false,
        flag: [
            "Deputy Minister Nguyen Zhengfeng visited Hanoi.",
            "Minister Tran Meng Xiong spoke.",
            "Governor Pham Boan Tuan spoke.",
        ],
        pass: [
            "Minister Nguyen Manh Hung spoke.",
            "Prime Minister Pham Minh Chinh met Tran Thanh Man.",
            "Nguyen Van Thuong and Vo Thi Anh Xuan attended.",
            "Nguyen Quoc Khanh met Huynh Thi Xuan Quynh and Truong Tan Sang.",
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
        let surname = key::fold(words[0]);
        // Only a family name no pinyin reading shares vouches for the rest being Vietnamese.
        let only_vietnamese = data.origin("zh").is_none_or(|zh| !zh.is_syllable(&surname));
        let Some(foreign) = words[1..].iter().find(|w| {
            let s = key::strip(w);
            data.not_vietnamese.iter().any(|m| s.contains(m.as_str()))
                || (only_vietnamese
                    && !w.contains('-')
                    && !data.vietnamese_syllables.contains(&key::fold(w)))
        }) else {
            continue;
        };
        for occ in index.reported_occs(f) {
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

#[cfg(test)]
mod tests {
    use crate::names::data::NameData;

    #[test]
    fn vietnamese_syllables_are_an_onset_and_a_rime() {
        let v = &NameData::builtin().vietnamese_syllables;
        for ok in [
            "nguyen", "hoang", "thuy", "tuan", "quan", "quynh", "phuong", "khuyen", "giang",
            "nghia", "uyen", "oanh", "muoi", "vuong", "a", "manh",
        ] {
            assert!(v.contains(ok), "{ok}");
        }
        // A glide after a labial; a pinyin rime; an onset Vietnamese lacks.
        for bad in [
            "muang", "boan", "vuy", "meng", "xiong", "zhang", "fan", "jun", "wen",
        ] {
            assert!(!v.contains(bad), "{bad}");
        }
    }
}
