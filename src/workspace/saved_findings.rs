//! Findings as a saved decision keeps them: a blob of findings writes each distinct text
//! (a rule id, a message, a help, a label's message, a note) once, and its findings point at
//! them by number.
//!
//! A report repeats its texts: over the 51 MB benchmark corpus, 53,200 findings have 2,115
//! distinct messages, 711 helps and 1,074 labels' messages. Read back, each distinct text is
//! made once and shared ([`Diagnostic`] holds them as `Arc<str>`): a warm run decoded a copy
//! of every one, some 130,000 allocations, and half of its decoding time.

use std::ops::Range;
use std::sync::Arc;

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use thin_vec::ThinVec;

use crate::diagnostic::{Applicability, Diagnostic, Fix, Label, Severity};
use crate::document::Span;
use crate::rule_id::RuleId;

/// A blob: its texts, then its findings.
#[derive(Serialize, Deserialize)]
struct Blob<'a> {
    #[serde(borrow)]
    texts: Vec<&'a str>,
    findings: Vec<Finding>,
}

/// A [`Diagnostic`] whose texts are numbers in its blob's texts.
#[derive(Serialize, Deserialize)]
struct Finding {
    rule: u32,
    severity: Severity,
    message: u32,
    span: Span,
    labels: Vec<(Span, u32)>,
    notes: Vec<u32>,
    help: Option<u32>,
    fix: Option<(Range<usize>, u32, Applicability)>,
}

/// The texts of a blob being written, each given its number once.
#[derive(Default)]
struct Texts<'a> {
    numbers: FxHashMap<&'a str, u32>,
    texts: Vec<&'a str>,
}

impl<'a> Texts<'a> {
    fn number(&mut self, text: &'a str) -> u32 {
        *self.numbers.entry(text).or_insert_with(|| {
            self.texts.push(text);
            u32::try_from(self.texts.len() - 1).expect("fewer than 2^32 texts in a blob")
        })
    }
}

/// `findings` as a blob, their files moved down by `aux` (the run's sources before its
/// documents); `None` if a span points at one of those.
pub(super) fn encode(findings: &[Diagnostic], aux: usize) -> Option<Vec<u8>> {
    let mut texts = Texts::default();
    let moved = |span: &Span| {
        Some(Span {
            file: span.file.checked_sub(aux)?,
            range: span.range.clone(),
        })
    };
    let findings = findings
        .iter()
        .map(|d| {
            // Every field, so that a new one is not left unsaved.
            let Diagnostic {
                rule,
                severity,
                message,
                span,
                labels,
                notes,
                help,
                fix,
            } = d;
            Some(Finding {
                rule: texts.number(rule.as_str()),
                severity: *severity,
                message: texts.number(message),
                span: moved(span)?,
                labels: (labels.iter())
                    .map(|l| Some((moved(&l.span)?, texts.number(&l.message))))
                    .collect::<Option<_>>()?,
                notes: notes.iter().map(|n| texts.number(n)).collect(),
                help: help.as_deref().map(|h| texts.number(h)),
                fix: fix.as_deref().map(|f| {
                    let replacement = texts.number(&f.replacement);
                    (f.range.clone(), replacement, f.applicability)
                }),
            })
        })
        .collect::<Option<Vec<Finding>>>()?;
    let blob = Blob {
        texts: texts.texts,
        findings,
    };
    postcard::to_allocvec(&blob).ok()
}

/// The findings of a blob [`encode`] wrote; `None` if it is not one, or a number points at
/// no text or a rule id at none that is valid.
pub(super) fn decode(bytes: &[u8]) -> Option<Vec<Diagnostic>> {
    let blob: Blob = postcard::from_bytes(bytes).ok()?;
    let shared: Vec<Arc<str>> = blob.texts.iter().map(|&t| Arc::from(t)).collect();
    // A rule id interned once per text used as one.
    let mut rules: Vec<Option<RuleId>> = vec![None; shared.len()];
    let text = |n: u32| shared.get(usize::try_from(n).ok()?).cloned();
    (blob.findings.into_iter())
        .map(|f| {
            let at = usize::try_from(f.rule).ok()?;
            let rule = match *rules.get(at)? {
                Some(rule) => rule,
                None => *rules[at].insert(RuleId::new(blob.texts[at])),
            };
            let labels: ThinVec<Label> = (f.labels.into_iter())
                .map(|(span, message)| {
                    Some(Label {
                        span,
                        message: text(message)?,
                    })
                })
                .collect::<Option<_>>()?;
            let notes: ThinVec<String> = (f.notes.into_iter())
                .map(|n| Some(text(n)?.to_string()))
                .collect::<Option<_>>()?;
            let fix = match f.fix {
                Some((range, replacement, applicability)) => Some(Box::new(Fix {
                    range,
                    replacement: text(replacement)?.to_string(),
                    applicability,
                })),
                None => None,
            };
            Some(Diagnostic {
                rule,
                severity: f.severity,
                message: text(f.message)?,
                span: f.span,
                labels,
                notes,
                help: match f.help {
                    Some(h) => Some(text(h)?),
                    None => None,
                },
                fix,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(file: usize, message: &str) -> Diagnostic {
        Diagnostic::new("test/a", Severity::Warning, Span::new(file, 3..7), message)
            .with_help("one help for all")
    }

    /// Every field comes back, each file moved down by `aux`; a text written many times is
    /// read back once and shared.
    #[test]
    fn findings_read_back_as_written_their_texts_shared() {
        let aux = 2;
        let findings = vec![
            finding(2, "same").with_label(Span::new(3, 0..1), "there"),
            finding(3, "same")
                .with_note("a note")
                .with_unsafe_fix("x")
                .with_label(Span::new(2, 1..2), "there"),
            Diagnostic::new("test/b", Severity::Info, Span::new(4, 0..0), "")
                .with_fix_at(0..0, "same"),
        ];
        let back = decode(&encode(&findings, aux).unwrap()).unwrap();
        let mut expected = findings.clone();
        for span in expected.iter_mut().flat_map(Diagnostic::spans_mut) {
            span.file -= aux;
        }
        assert_eq!(back, expected);
        assert_eq!(back[2].rule.as_str(), "test/b");
        assert!(Arc::ptr_eq(&back[0].message, &back[1].message));
        let helps: Vec<&Arc<str>> = back.iter().filter_map(|d| d.help.as_ref()).collect();
        assert!(Arc::ptr_eq(helps[0], helps[1]));
        assert!(Arc::ptr_eq(
            &back[0].labels[0].message,
            &back[1].labels[0].message
        ));
    }

    /// A finding in a source before the documents cannot be saved; bytes that are not a blob,
    /// or whose numbers point past its texts, are not read as findings.
    #[test]
    fn what_cannot_be_saved_or_read_back_is_none() {
        assert!(encode(&[finding(1, "m")], 2).is_none());
        let label_in_aux = finding(2, "m").with_label(Span::new(0, 0..1), "l");
        assert!(encode(&[label_in_aux], 2).is_none());
        assert_eq!(decode(&encode(&[], 0).unwrap()), Some(Vec::new()));
        assert!(decode(b"\x05not a blob").is_none());
        let blob = Blob {
            texts: vec!["test/a"],
            findings: vec![Finding {
                rule: 0,
                severity: Severity::Error,
                message: 1,
                span: Span::new(0, 0..1),
                labels: Vec::new(),
                notes: Vec::new(),
                help: None,
                fix: None,
            }],
        };
        assert!(decode(&postcard::to_allocvec(&blob).unwrap()).is_none());
    }
}
