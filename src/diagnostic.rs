//! The one diagnostic type every rule produces and every renderer consumes.
//!
//! It knows nothing about codespan or JSON: a rule id, a severity, a primary span, secondary
//! labels (which may point into other files), notes, help and an optional fix.

use std::fmt;
use std::ops::Range;
use std::str::FromStr;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use thin_vec::ThinVec;

use crate::document::{FileId, Span};
use crate::rule_id::{AsRuleId, RuleId};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A severity as configured: a level, or `off`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Off,
    On(Severity),
}

impl FromStr for Level {
    type Err = String;

    fn from_str(s: &str) -> Result<Level, String> {
        match s {
            "off" => Ok(Level::Off),
            "info" => Ok(Level::On(Severity::Info)),
            "warning" => Ok(Level::On(Severity::Warning)),
            "error" => Ok(Level::On(Severity::Error)),
            other => Err(format!(
                "unknown severity `{other}`: expected \"off\", \"info\", \"warning\" or \"error\""
            )),
        }
    }
}

/// How sure a fix is, as in ruff: `--fix` applies safe fixes, `--unsafe-fixes` adds the rest.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    /// The right text is certain: applied by `--fix`.
    #[default]
    Safe,
    /// A suggestion: shown by `--diff` and the editor, applied only with `--unsafe-fixes`.
    Unsafe,
}

impl Applicability {
    pub fn as_str(self) -> &'static str {
        match self {
            Applicability::Safe => "safe",
            Applicability::Unsafe => "unsafe",
        }
    }
}

/// A replacement of one byte range of one file.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Fix {
    pub range: Range<usize>,
    pub replacement: String,
    pub applicability: Applicability,
}

impl Fix {
    pub fn safe(range: Range<usize>, replacement: impl Into<String>) -> Self {
        Fix {
            range,
            replacement: replacement.into(),
            applicability: Applicability::Safe,
        }
    }

    pub fn is_safe(&self) -> bool {
        self.applicability == Applicability::Safe
    }
}

/// A secondary location, possibly in another file.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Label {
    pub span: Span,
    pub message: Arc<str>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Diagnostic {
    pub rule: RuleId,
    pub severity: Severity,
    /// Shared, as the help and the labels' messages are: a report repeats its texts, and the
    /// findings read back from a saved decision share each one.
    pub message: Arc<str>,
    pub span: Span,
    /// Thin (one pointer, the length and capacity with the items): most findings have no
    /// label and no note, and a report over an archive holds every finding.
    pub labels: ThinVec<Label>,
    pub notes: ThinVec<String>,
    pub help: Option<Arc<str>>,
    /// Boxed: most findings have none, and a report over an archive holds every finding.
    pub fix: Option<Box<Fix>>,
}

impl Diagnostic {
    /// A diagnostic at the rule's default severity; the engine applies configured levels.
    pub fn new(
        rule: impl AsRuleId,
        severity: Severity,
        span: Span,
        message: impl Into<Arc<str>>,
    ) -> Self {
        Diagnostic {
            rule: rule.as_rule_id(),
            severity,
            message: message.into(),
            span,
            labels: ThinVec::new(),
            notes: ThinVec::new(),
            help: None,
            fix: None,
        }
    }

    pub fn file(&self) -> FileId {
        self.span.file
    }

    /// The primary span, then each label's.
    pub fn spans(&self) -> impl Iterator<Item = &Span> {
        std::iter::once(&self.span).chain(self.labels.iter().map(|l| &l.span))
    }

    /// [`Diagnostic::spans`], to move them into another file numbering.
    pub fn spans_mut(&mut self) -> impl Iterator<Item = &mut Span> {
        std::iter::once(&mut self.span).chain(self.labels.iter_mut().map(|l| &mut l.span))
    }

    pub fn with_label(mut self, span: Span, message: impl Into<Arc<str>>) -> Self {
        // A finding has a label or two, and a run holds every finding: `push` alone would make
        // room for four.
        self.labels.reserve_exact(1);
        self.labels.push(Label {
            span,
            message: message.into(),
        });
        self
    }

    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        // As a label's.
        self.notes.reserve_exact(1);
        self.notes.push(note.into());
        self
    }

    pub fn with_help(mut self, help: impl Into<Arc<str>>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// A safe fix replacing the primary span: the right text is certain.
    pub fn with_fix(self, replacement: impl Into<String>) -> Self {
        let range = self.span.range.clone();
        self.with_fix_at(range, replacement)
    }

    /// A safe fix replacing `range` of the primary span's file.
    pub fn with_fix_at(mut self, range: Range<usize>, replacement: impl Into<String>) -> Self {
        self.fix = Some(Box::new(Fix::safe(range, replacement)));
        self
    }

    /// A suggested (unsafe) fix replacing the primary span: applied only with `--unsafe-fixes`.
    pub fn with_unsafe_fix(self, replacement: impl Into<String>) -> Self {
        let range = self.span.range.clone();
        self.with_unsafe_fix_at(range, replacement)
    }

    /// A suggested (unsafe) fix replacing `range` of the primary span's file.
    pub fn with_unsafe_fix_at(
        mut self,
        range: Range<usize>,
        replacement: impl Into<String>,
    ) -> Self {
        self.fix = Some(Box::new(Fix {
            applicability: Applicability::Unsafe,
            ..Fix::safe(range, replacement)
        }));
        self
    }

    /// The order diagnostics are reported in: by file, position, then rule.
    pub fn sort_key(&self) -> (FileId, usize, usize, &str, &str) {
        (
            self.span.file,
            self.span.range.start,
            self.span.range.end,
            &self.rule,
            &self.message,
        )
    }
}

/// A finding as [`Diagnostic::pack`] writes it: the rule as its number in the process, not
/// its text (a rule id is 15 to 30 bytes, in every finding).
#[derive(Serialize)]
struct PackedRef<'a> {
    rule: u32,
    severity: Severity,
    message: &'a str,
    span: &'a Span,
    labels: &'a [Label],
    notes: &'a [String],
    help: Option<&'a str>,
    fix: Option<&'a Fix>,
}

/// [`PackedRef`], read back: its texts borrowed from the bytes, to be shared ([`Unpacker`]).
#[derive(Deserialize)]
struct Packed<'a> {
    rule: u32,
    severity: Severity,
    message: &'a str,
    span: Span,
    #[serde(borrow)]
    labels: Vec<PackedLabel<'a>>,
    notes: ThinVec<String>,
    help: Option<&'a str>,
    fix: Option<Box<Fix>>,
}

/// A [`Label`] as [`PackedRef`] writes it.
#[derive(Deserialize)]
struct PackedLabel<'a> {
    span: Span,
    message: &'a str,
}

/// Reads back findings [`Diagnostic::pack`] wrote, one after the other. A text equal to the
/// one read last in its place (a rule's help, most often) is shared rather than copied: the
/// findings of a document or a corpus rule repeat them, and a report holds every finding.
#[derive(Default)]
pub(crate) struct Unpacker {
    message: Option<Arc<str>>,
    help: Option<Arc<str>>,
    label: Option<Arc<str>>,
}

impl Unpacker {
    /// The finding at the start of `bytes`, and the bytes after it.
    pub(crate) fn unpack<'a>(&mut self, bytes: &'a [u8]) -> Option<(Diagnostic, &'a [u8])> {
        let (packed, rest) = postcard::take_from_bytes::<Packed>(bytes).ok()?;
        let d = Diagnostic {
            rule: RuleId::from_index(packed.rule)?,
            severity: packed.severity,
            message: shared(&mut self.message, packed.message),
            span: packed.span,
            labels: (packed.labels.into_iter())
                .map(|l| Label {
                    span: l.span,
                    message: shared(&mut self.label, l.message),
                })
                .collect(),
            notes: packed.notes,
            help: packed.help.map(|h| shared(&mut self.help, h)),
            fix: packed.fix,
        };
        Some((d, rest))
    }
}

/// `text`, shared with `last` when it is the same, and kept there.
fn shared(last: &mut Option<Arc<str>>, text: &str) -> Arc<str> {
    match last {
        Some(kept) if **kept == *text => kept.clone(),
        _ => last.insert(text.into()).clone(),
    }
}

impl Diagnostic {
    /// Appends the finding to `out` in a compact form for this process only (the rule is
    /// written as its [`RuleId::index`]): for findings held in memory, never saved.
    pub(crate) fn pack(&self, out: Vec<u8>) -> postcard::Result<Vec<u8>> {
        // Every field, so that a new one does not go unpacked.
        let Diagnostic {
            rule,
            severity,
            message,
            span,
            labels,
            notes,
            help,
            fix,
        } = self;
        let packed = PackedRef {
            rule: rule.index(),
            severity: *severity,
            message,
            span,
            labels,
            notes,
            help: help.as_deref(),
            fix: fix.as_deref(),
        };
        postcard::to_extend(&packed, out)
    }
}
