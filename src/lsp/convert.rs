//! translint diagnostics and fixes as LSP values.
//!
//! The rule id is the diagnostic `code`, labels become `relatedInformation` (in whichever
//! file they point into), help and notes are appended to the message as `translint check`
//! prints them, and a fix becomes a `TextEdit`.

use std::collections::HashMap;

use lsp_types::{
    DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString, TextEdit,
};

use super::position::{Encoding, LineIndex};
use super::workspace::Workspace;
use crate::diagnostic::{Diagnostic, Fix, Severity};
use crate::document::FileId;

/// Converts spans of one workspace, indexing each file's lines once.
pub struct Converter<'a> {
    ws: &'a Workspace,
    enc: Encoding,
    lines: HashMap<FileId, LineIndex>,
}

impl<'a> Converter<'a> {
    pub fn new(ws: &'a Workspace, enc: Encoding) -> Self {
        Converter {
            ws,
            enc,
            lines: HashMap::new(),
        }
    }

    pub fn range(&mut self, file: FileId, range: std::ops::Range<usize>) -> lsp_types::Range {
        let text = &self.ws.corpus.source(file).text;
        self.lines
            .entry(file)
            .or_insert_with(|| LineIndex::new(text))
            .range(text, range, self.enc)
    }

    pub fn diagnostic(&mut self, d: &Diagnostic) -> lsp_types::Diagnostic {
        let mut message = d.message.to_string();
        if let Some(help) = &d.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        for note in &d.notes {
            message.push_str("\nnote: ");
            message.push_str(note);
        }
        let related: Vec<DiagnosticRelatedInformation> = d
            .labels
            .iter()
            .filter_map(|label| {
                let uri = self.ws.uri_of(label.span.file)?;
                Some(DiagnosticRelatedInformation {
                    location: Location::new(
                        uri,
                        self.range(label.span.file, label.span.range.clone()),
                    ),
                    message: label.message.to_string(),
                })
            })
            .collect();
        lsp_types::Diagnostic {
            range: self.range(d.file(), d.span.range.clone()),
            severity: Some(severity(d.severity)),
            code: Some(NumberOrString::String(d.rule.to_string())),
            code_description: None,
            source: Some("translint".to_string()),
            message,
            related_information: (!related.is_empty()).then_some(related),
            tags: None,
            data: None,
        }
    }

    pub fn edit(&mut self, file: FileId, fix: &Fix) -> TextEdit {
        TextEdit::new(self.range(file, fix.range.clone()), fix.replacement.clone())
    }
}

fn severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
    }
}
