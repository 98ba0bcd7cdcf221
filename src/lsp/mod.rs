//! `translint lsp`: a Language Server over stdio.
//!
//! The framing and the reader and writer threads are [`transport`]'s (which survives any
//! byte stream), the message types `lsp-server`'s and `lsp-types`'. This module is the
//! lifecycle (initialize, shutdown, exit, as the specification orders them) and the dispatch
//! loop:
//! buffers go into the [`workspace::Workspace`], the whole corpus is re-linted (so
//! corpus-wide findings reach every open file) and each open buffer whose diagnostics
//! changed gets them published. Edits are debounced: the loop keeps reading messages until
//! the client has been quiet for the debounce interval, then lints once. A request is always
//! answered against the current text, so it lints first if edits are pending.

mod convert;
mod position;
pub mod transport;
mod uri;
mod workspace;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use lsp_server::{ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidChangeWatchedFiles, DidCloseTextDocument, DidOpenTextDocument,
    DidSaveTextDocument, Exit, Initialized, Notification as _, PublishDiagnostics, ShowMessage,
};
use lsp_types::request::{
    CodeActionRequest, Initialize, RegisterCapability, Request as _, Shutdown,
};
use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOptions, CodeActionOrCommand, CodeActionParams,
    CodeActionProviderCapability, DidChangeWatchedFilesRegistrationOptions, FileSystemWatcher,
    GlobPattern, InitializeParams, MessageType, PublishDiagnosticsParams, Registration,
    RegistrationParams, ServerCapabilities, ShowMessageParams, TextDocumentSyncCapability,
    TextDocumentSyncKind, TextDocumentSyncOptions, TextDocumentSyncSaveOptions, TextEdit, Uri,
    WorkspaceEdit,
};
use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::diagnostic::{Diagnostic, Severity};
use crate::document::FileId;
use crate::fix;
use convert::Converter;
use position::Encoding;
use transport::{Connection, Outgoing};
use workspace::{Key, Workspace};

/// How long the client must be quiet after an edit before the corpus is re-linted.
const DEFAULT_DEBOUNCE: Duration = Duration::from_millis(150);

/// Runs the server until the client says `exit`. The exit status is 0 after an orderly
/// `shutdown` + `exit`, 1 when `exit` came without `shutdown` (as the protocol asks) or the
/// client hung up, 2 on an I/O error.
pub fn run() -> u8 {
    let (connection, io_threads) = transport::stdio();
    let outcome = serve(&connection);
    drop(connection);
    match outcome {
        Ok(clean) => {
            if let Err(e) = io_threads.join() {
                eprintln!("translint lsp: {e}");
                return 2;
            }
            if clean { 0 } else { 1 }
        }
        Err(e) => {
            eprintln!("translint lsp: {e}");
            2
        }
    }
}

/// `initializationOptions` the server understands.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Options {
    /// Milliseconds of quiet after an edit before re-linting.
    debounce_ms: Option<u64>,
}

type Error = Box<dyn std::error::Error + Send + Sync>;

fn serve(connection: &Connection) -> Result<bool, Error> {
    let Some((id, params)) = initialize(connection)? else {
        return Ok(false);
    };
    let enc = Encoding::negotiate(
        params
            .capabilities
            .general
            .as_ref()
            .and_then(|g| g.position_encodings.as_deref()),
    );
    let options: Options = params
        .initialization_options
        .clone()
        .and_then(|v| serde_json::from_value(v).ok())
        .unwrap_or_default();
    let watch = params
        .capabilities
        .workspace
        .as_ref()
        .and_then(|w| w.did_change_watched_files)
        .and_then(|w| w.dynamic_registration)
        .unwrap_or(false);
    let capabilities = ServerCapabilities {
        position_encoding: Some(enc.kind()),
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                save: Some(TextDocumentSyncSaveOptions::Supported(true)),
                ..TextDocumentSyncOptions::default()
            },
        )),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![
                CodeActionKind::QUICKFIX,
                CodeActionKind::SOURCE_FIX_ALL,
            ]),
            ..CodeActionOptions::default()
        })),
        ..ServerCapabilities::default()
    };
    let result = serde_json::json!({
        "capabilities": capabilities,
        "serverInfo": { "name": "translint", "version": env!("CARGO_PKG_VERSION") },
    });
    let response = Response::new_ok(id, result).into();
    connection.sender.send(Outgoing::message(&response)?)?;

    let mut server = Server {
        connection,
        enc,
        debounce: options
            .debounce_ms
            .map_or(DEFAULT_DEBOUNCE, Duration::from_millis),
        ws: Workspace::new(roots(&params)),
        aux_published: BTreeMap::new(),
        watch,
    };
    server.main_loop()
}

/// Waits for `initialize`: requests before it are answered `ServerNotInitialized`, other
/// notifications dropped. `None` when the client says `exit` or hangs up first.
fn initialize(connection: &Connection) -> Result<Option<(RequestId, InitializeParams)>, Error> {
    for msg in &connection.receiver {
        let response = match msg {
            Message::Request(req) if req.method == Initialize::METHOD => {
                match serde_json::from_value(req.params) {
                    Ok(params) => return Ok(Some((req.id, params))),
                    Err(e) => {
                        Response::new_err(req.id, ErrorCode::InvalidParams as i32, e.to_string())
                    }
                }
            }
            Message::Request(req) => Response::new_err(
                req.id,
                ErrorCode::ServerNotInitialized as i32,
                "the server is not initialized yet".to_string(),
            ),
            Message::Notification(n) if n.method == Exit::METHOD => return Ok(None),
            Message::Notification(_) | Message::Response(_) => continue,
        };
        connection
            .sender
            .send(Outgoing::message(&response.into())?)?;
    }
    Ok(None)
}

/// The workspace folders, or the deprecated root URI of older clients.
fn roots(params: &InitializeParams) -> Vec<PathBuf> {
    if let Some(folders) = &params.workspace_folders {
        return folders
            .iter()
            .filter_map(|f| uri::to_path(&f.uri))
            .collect();
    }
    #[allow(deprecated)]
    let root = params.root_uri.as_ref().and_then(uri::to_path);
    root.into_iter().collect()
}

/// What a notification asks of the linter.
enum Relint {
    No,
    /// After the debounce interval.
    Soon,
    Now,
}

struct Server<'a> {
    connection: &'a Connection,
    enc: Encoding,
    debounce: Duration,
    ws: Workspace,
    /// Non-document files (lint.toml) that currently have diagnostics, by URI.
    aux_published: BTreeMap<String, Vec<lsp_types::Diagnostic>>,
    /// The client registers file watchers dynamically.
    watch: bool,
}

impl Server<'_> {
    /// Returns whether the client shut down properly before `exit`. After `shutdown`,
    /// requests are refused and notifications other than `exit` dropped; responses from the
    /// client are never answered.
    fn main_loop(&mut self) -> Result<bool, Error> {
        let mut pending: Option<Instant> = None;
        let mut shut_down = false;
        loop {
            let received = match pending {
                None => self.connection.receiver.recv().map_err(|_| ()),
                Some(deadline) => match self.connection.receiver.recv_deadline(deadline) {
                    Ok(msg) => Ok(msg),
                    Err(e) if e.is_timeout() => {
                        pending = None;
                        self.publish()?;
                        continue;
                    }
                    Err(_) => Err(()),
                },
            };
            // The client hung up without `exit`.
            let Ok(msg) = received else {
                return Ok(shut_down);
            };
            match msg {
                Message::Request(req) if shut_down => {
                    self.refuse(req, "the server is shut down")?
                }
                Message::Request(req) if req.method == Shutdown::METHOD => {
                    shut_down = true;
                    pending = None;
                    self.send(Response::new_ok(req.id, ()))?;
                }
                Message::Request(req) if req.method == Initialize::METHOD => {
                    self.refuse(req, "the server is already initialized")?;
                }
                Message::Request(req) => {
                    if pending.take().is_some() {
                        self.publish()?;
                    }
                    self.request(req)?;
                }
                Message::Notification(n) if n.method == Exit::METHOD => return Ok(shut_down),
                Message::Notification(_) if shut_down => {}
                Message::Notification(n) if n.method == Initialized::METHOD => {
                    if self.watch {
                        self.register_watchers()?;
                    }
                    pending = None;
                    self.publish()?;
                }
                Message::Notification(n) => match self.notification(n) {
                    Relint::No => {}
                    Relint::Soon => pending = Some(Instant::now() + self.debounce),
                    Relint::Now => {
                        pending = None;
                        self.publish()?;
                    }
                },
                Message::Response(_) => {}
            }
        }
    }

    /// Answers a request the server may not handle now with `InvalidRequest`.
    fn refuse(&self, req: Request, why: &str) -> Result<(), Error> {
        self.send(Response::new_err(
            req.id,
            ErrorCode::InvalidRequest as i32,
            why.to_string(),
        ))
    }

    fn send(&self, msg: impl Into<Message>) -> Result<(), Error> {
        self.connection
            .sender
            .send(Outgoing::message(&msg.into())?)?;
        Ok(())
    }

    fn register_watchers(&self) -> Result<(), Error> {
        let watchers = self
            .ws
            .watch_globs()
            .into_iter()
            .map(|g| FileSystemWatcher {
                glob_pattern: GlobPattern::String(g),
                kind: None,
            })
            .collect();
        let options = DidChangeWatchedFilesRegistrationOptions { watchers };
        let params = RegistrationParams {
            registrations: vec![Registration {
                id: "translint-watch".to_string(),
                method: DidChangeWatchedFiles::METHOD.to_string(),
                register_options: Some(serde_json::to_value(options)?),
            }],
        };
        // The only request the server sends, so its id need not be unique beyond itself.
        let id = RequestId::from("translint-watch".to_string());
        self.send(Request::new(
            id,
            RegisterCapability::METHOD.to_string(),
            params,
        ))
    }

    fn notification(&mut self, n: Notification) -> Relint {
        match n.method.as_str() {
            DidOpenTextDocument::METHOD => {
                let Some(p) = params::<lsp_types::DidOpenTextDocumentParams>(n) else {
                    return Relint::No;
                };
                let doc = p.text_document;
                if self.is_config(&doc.uri) {
                    return Relint::No;
                }
                self.ws
                    .open(doc.uri, doc.version, doc.text, &doc.language_id);
                Relint::Now
            }
            DidChangeTextDocument::METHOD => {
                let Some(p) = params::<lsp_types::DidChangeTextDocumentParams>(n) else {
                    return Relint::No;
                };
                let doc = p.text_document;
                if self
                    .ws
                    .change(&doc.uri, doc.version, p.content_changes, self.enc)
                {
                    Relint::Soon
                } else {
                    Relint::No
                }
            }
            DidSaveTextDocument::METHOD => {
                let Some(p) = params::<lsp_types::DidSaveTextDocumentParams>(n) else {
                    return Relint::No;
                };
                if self.is_config(&p.text_document.uri) {
                    self.ws.reload();
                }
                Relint::Now
            }
            DidCloseTextDocument::METHOD => {
                let Some(p) = params::<lsp_types::DidCloseTextDocumentParams>(n) else {
                    return Relint::No;
                };
                match self.ws.close(&p.text_document.uri) {
                    Some(uri) => {
                        // The client forgets a closed file's diagnostics only when told.
                        let _ = self.publish_for(uri, Vec::new(), None);
                        Relint::Now
                    }
                    None => Relint::No,
                }
            }
            DidChangeWatchedFiles::METHOD => {
                let Some(p) = params::<lsp_types::DidChangeWatchedFilesParams>(n) else {
                    return Relint::No;
                };
                let mut reload = false;
                for change in p.changes {
                    if let Some(path) = uri::to_path(&change.uri) {
                        reload |= self.ws.disk_changed(&path);
                    }
                }
                if reload {
                    self.ws.reload();
                }
                Relint::Now
            }
            _ => Relint::No,
        }
    }

    fn is_config(&self, uri: &Uri) -> bool {
        uri::to_path(uri).is_some_and(|p| self.ws.is_config(&p))
    }

    fn request(&mut self, req: Request) -> Result<(), Error> {
        let response = match req.method.as_str() {
            CodeActionRequest::METHOD => match serde_json::from_value(req.params) {
                Ok(params) => Response::new_ok(req.id, self.code_actions(&params)),
                Err(e) => Response::new_err(req.id, ErrorCode::InvalidParams as i32, e.to_string()),
            },
            _ => Response::new_err(
                req.id,
                ErrorCode::MethodNotFound as i32,
                format!("translint does not handle `{}`", req.method),
            ),
        };
        self.send(response)
    }

    /// Re-lints the corpus and publishes for every open buffer whose diagnostics changed,
    /// and for config files with errors (or whose errors went away).
    fn publish(&mut self) -> Result<(), Error> {
        // A rule that panics on some text must not take the editor's linting down with it:
        // the panic is printed to stderr (the client's server log) and the client told.
        let diagnostics =
            match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.ws.lint())) {
                Ok(diagnostics) => diagnostics,
                Err(_) => {
                    let params = ShowMessageParams {
                        typ: MessageType::ERROR,
                        message: "translint: a rule failed while linting; see the server log"
                            .to_string(),
                    };
                    return self.send(Notification::new(ShowMessage::METHOD.to_string(), params));
                }
            };
        let mut by_file: BTreeMap<FileId, Vec<Diagnostic>> = BTreeMap::new();
        for d in diagnostics {
            by_file.entry(d.file()).or_default().push(d);
        }
        let aux = self.ws.corpus.aux.len();
        let mut sends = Vec::new();
        let mut converter = Converter::new(&self.ws, self.enc);
        let mut updates = Vec::new();
        for (i, entry) in self.ws.entries.iter().enumerate() {
            let Some(open) = &entry.open else { continue };
            let findings = by_file.remove(&(aux + i)).unwrap_or_default();
            let lsp: Vec<_> = findings.iter().map(|d| converter.diagnostic(d)).collect();
            if open.published.as_ref() != Some(&lsp) {
                sends.push((open.uri.clone(), lsp.clone(), Some(open.version)));
            }
            updates.push((i, lsp, findings));
        }
        // Besides closed documents (not published), what is left points into config files
        // or files that could not be read. Keyed by the URI's text: `Uri` has interior
        // mutability, so it is no map key.
        let mut aux_now: BTreeMap<String, (Uri, Vec<lsp_types::Diagnostic>)> = BTreeMap::new();
        for (file, findings) in &by_file {
            if *file >= aux {
                continue;
            }
            if let Some(uri) = self.ws.uri_of(*file) {
                let lsp = findings.iter().map(|d| converter.diagnostic(d));
                aux_now
                    .entry(uri.as_str().to_string())
                    .or_insert_with(|| (uri, Vec::new()))
                    .1
                    .extend(lsp);
            }
        }
        for (i, lsp, findings) in updates {
            if let Some(open) = &mut self.ws.entries[i].open {
                open.published = Some(lsp);
                open.findings = findings;
            }
        }
        for (uri, lsp, version) in sends {
            self.publish_for(uri, lsp, version)?;
        }
        let before = std::mem::take(&mut self.aux_published);
        for key in before.keys() {
            if !aux_now.contains_key(key)
                && let Ok(uri) = key.parse()
            {
                self.publish_for(uri, Vec::new(), None)?;
            }
        }
        for (key, (uri, lsp)) in aux_now {
            if before.get(&key) != Some(&lsp) {
                self.publish_for(uri, lsp.clone(), None)?;
            }
            self.aux_published.insert(key, lsp);
        }
        Ok(())
    }

    fn publish_for(
        &self,
        uri: Uri,
        diagnostics: Vec<lsp_types::Diagnostic>,
        version: Option<i32>,
    ) -> Result<(), Error> {
        let params = PublishDiagnosticsParams {
            uri,
            diagnostics,
            version,
        };
        let msg = Outgoing::notification(PublishDiagnostics::METHOD, &params)?;
        self.connection.sender.send(msg)?;
        Ok(())
    }

    /// A quick fix for each diagnostic with a fix (safe or suggested) touching the range, and
    /// one action that applies every safe fix of the document as `translint check --fix` would.
    fn code_actions(&self, params: &CodeActionParams) -> Vec<CodeActionOrCommand> {
        let uri = &params.text_document.uri;
        let Some(i) = self.ws.find(&Key::of(uri)) else {
            return Vec::new();
        };
        let Some(open) = &self.ws.entries[i].open else {
            return Vec::new();
        };
        let wanted = |kind: &CodeActionKind| {
            params.context.only.as_ref().is_none_or(|only| {
                only.iter().any(|o| {
                    kind.as_str() == o.as_str()
                        || kind
                            .as_str()
                            .strip_prefix(o.as_str())
                            .is_some_and(|rest| rest.starts_with('.'))
                })
            })
        };
        let file = self.ws.file_id(i);
        let mut converter = Converter::new(&self.ws, self.enc);
        let mut actions = Vec::new();
        let edit = |edits: Vec<TextEdit>| WorkspaceEdit {
            changes: Some([(uri.clone(), edits)].into_iter().collect()),
            ..WorkspaceEdit::default()
        };
        if wanted(&CodeActionKind::QUICKFIX) {
            for d in &open.findings {
                let Some(fix) = &d.fix else { continue };
                let diagnostic = converter.diagnostic(d);
                if !touches(&diagnostic.range, &params.range) {
                    continue;
                }
                let title = match &d.help {
                    Some(help) => capitalise(help),
                    None => format!("Replace with `{}`", fix.replacement),
                };
                actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title,
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![diagnostic]),
                    edit: Some(edit(vec![converter.edit(file, fix)])),
                    // A suggestion is offered, but not as the fix to apply without reading.
                    is_preferred: Some(fix.is_safe()),
                    ..CodeAction::default()
                }));
            }
        }
        let fixable = self.ws.fixable_rules();
        let fixes: Vec<_> = open
            .findings
            .iter()
            // What `check --fix` applies: safe fixes of fixable rules, findings at warning
            // level or above.
            .filter(|d| fixable.contains(&d.rule) && d.severity >= Severity::Warning)
            .filter_map(|d| d.fix.as_deref().filter(|f| f.is_safe()).cloned())
            .collect();
        if wanted(&CodeActionKind::SOURCE_FIX_ALL) && !fixes.is_empty() {
            let text = self.ws.corpus.source(file).text.as_str();
            let applied = fix::apply(text, &fixes);
            let whole = converter.range(file, 0..text.len());
            actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: format!("Apply all translint fixes ({})", applied.applied),
                kind: Some(CodeActionKind::SOURCE_FIX_ALL),
                edit: Some(edit(vec![TextEdit::new(whole, applied.text)])),
                ..CodeAction::default()
            }));
        }
        actions
    }
}

/// A notification's parameters; malformed ones are ignored, as the protocol allows.
fn params<P: DeserializeOwned>(n: Notification) -> Option<P> {
    serde_json::from_value(n.params).ok()
}

/// Whether two ranges overlap or touch (a cursor at a diagnostic's edge counts).
fn touches(a: &lsp_types::Range, b: &lsp_types::Range) -> bool {
    a.start <= b.end && b.start <= a.end
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
