//! The server's state and its loop: documents, workspaces, what waits to
//! be checked, what each document was last told.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionOrCommand, CodeActionParams,
    CodeActionProviderCapability, CompletionList, CompletionOptions, CompletionParams,
    DidChangeTextDocumentParams, DidCloseTextDocumentParams, DidOpenTextDocumentParams,
    DocumentSymbol, DocumentSymbolParams, DocumentSymbolResponse, GotoDefinitionParams,
    GotoDefinitionResponse, Hover, HoverContents, HoverParams, HoverProviderCapability,
    InitializeParams, Location, MarkupContent, MarkupKind, MessageType, OneOf,
    PublishDiagnosticsParams, ServerCapabilities, ShowMessageParams, SymbolKind,
    TextDocumentPositionParams, TextDocumentSyncCapability, TextDocumentSyncKind, Uri,
};
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::diagnostics::{Maps, to_lsp};
use super::documents::{Documents, path_to_uri, uri_to_path};
use super::indexing::{Indexed, Indexing};
use super::position::LineMap;
use super::project::Project;
use super::{DEBOUNCE, Ended, LspError, LspOptions};
use super::{actions, completion, hover, navigate};
use crate::workspace::watch::{self, Change, Watch};
use crate::workspace::{self, CONFIG_FILE};

/// What the server can do, as told to the editor.
pub(super) fn capabilities() -> ServerCapabilities {
    ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Kind(TextDocumentSyncKind::FULL)),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec![":".into(), " ".into(), "-".into(), "[".into()]),
            ..Default::default()
        }),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        definition_provider: Some(OneOf::Left(true)),
        document_symbol_provider: Some(OneOf::Left(true)),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
            ..Default::default()
        })),
        ..Default::default()
    }
}

/// What checking one document came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Checked {
    /// It was checked, and what the workspace knows changed.
    Changed,
    /// Nothing changed (a note opened as it is on disk).
    Unchanged,
    /// A brief.yaml check gave way to newer messages; it stays pending.
    GaveWay,
}

/// A document's place: its workspace and its path relative to it.
struct Place {
    project: usize,
    relative: PathBuf,
}

/// The running server.
pub(super) struct Server<'c> {
    connection: &'c Connection,
    options: LspOptions,
    projects: Vec<Project>,
    /// Workspaces that could not be read, not tried again at every keystroke.
    unreadable: BTreeSet<PathBuf>,
    documents: Documents,
    /// Documents changed, opened or closed since the last check.
    pending: BTreeMap<String, Uri>,
    /// When to check them.
    deadline: Option<Instant>,
    /// What each document was last told, by URI.
    published: HashMap<String, Vec<lsp_types::Diagnostic>>,
    shutting_down: bool,
    /// Files changed on disk by something other than the editor (a `git
    /// pull`, another program), reported by each workspace's watch.
    disk: (
        crossbeam_channel::Sender<Change>,
        crossbeam_channel::Receiver<Change>,
    ),
    /// The watches, alive as long as the server.
    watches: Vec<Watch>,
    /// Workspaces being read on their own threads.
    indexing: Indexing,
    /// Documents to check once their workspace has been read.
    waiting: BTreeMap<String, Uri>,
}

impl<'c> Server<'c> {
    /// A server for `connection`, with the workspaces the editor's folders
    /// (or `--root`) name being read.
    pub(super) fn new(
        connection: &'c Connection,
        options: LspOptions,
        params: &InitializeParams,
    ) -> Server<'c> {
        let mut server = Server {
            connection,
            options,
            projects: Vec::new(),
            unreadable: BTreeSet::new(),
            documents: Documents::default(),
            pending: BTreeMap::new(),
            deadline: None,
            published: HashMap::new(),
            shutting_down: false,
            disk: crossbeam_channel::unbounded(),
            watches: Vec::new(),
            indexing: Indexing::default(),
            waiting: BTreeMap::new(),
        };
        let mut folders: Vec<PathBuf> = params
            .workspace_folders
            .iter()
            .flatten()
            .filter_map(|folder| uri_to_path(&folder.uri))
            .collect();
        #[allow(deprecated)] // Older editors send only `rootUri`.
        if folders.is_empty() {
            folders.extend(params.root_uri.as_ref().and_then(uri_to_path));
        }
        match server.options.root.clone() {
            Some(root) => {
                server.load(&root);
            }
            None => {
                for folder in folders {
                    if let Ok(root) = workspace::find_root(&folder) {
                        server.load(&root);
                    }
                }
            }
        }
        server
    }

    /// The workspace at `root`, once read; until then `None`, and it is
    /// being read on a thread of its own (watched from now, so that no
    /// change on disk is missed meanwhile).
    fn load(&mut self, root: &Path) -> Option<usize> {
        if let Some(at) = self.projects.iter().position(|p| p.root == root) {
            return Some(at);
        }
        if !self.unreadable.contains(root) && self.indexing.root_of(root).is_none() {
            self.watch(root);
            self.indexing.start(root);
        }
        None
    }

    /// Takes a workspace read on its thread; what waited for it is
    /// checked now. A failure is told to the editor.
    fn install(&mut self, indexed: Indexed) {
        self.indexing.finish(&indexed.root);
        let failure = match indexed.project {
            Some(Ok(project)) => {
                self.projects.push(project);
                None
            }
            Some(Err(error)) => Some(crate::error::chain(&error)),
            None => Some("reading the workspace failed (a bug in brief)".to_owned()),
        };
        if let Some(failure) = failure {
            self.unreadable.insert(indexed.root.clone());
            self.notify(
                "window/showMessage",
                ShowMessageParams {
                    typ: MessageType::WARNING,
                    message: format!("brief: {}", crate::diag::escape_controls(&failure)),
                },
            );
        }
        let waited = std::mem::take(&mut self.waiting);
        if !waited.is_empty() {
            self.pending.extend(waited);
            self.deadline = Some(Instant::now());
        }
    }

    /// Waits until every workspace being read has been: an answer about
    /// a workspace must see all of it.
    fn await_indexing(&mut self) {
        while let Some(indexed) = self.indexing.next() {
            self.install(indexed);
        }
    }

    /// Watches a workspace's brief.yaml and notes on disk. Without a watch
    /// (no inotify left, say) the editor's own changes still work.
    fn watch(&mut self, root: &Path) {
        let sender = self.disk.0.clone();
        // Nothing under briefs/ is an output; the default output folder
        // is ignored like `serve` ignores it.
        let out = root.join("out");
        if let Ok(watch) = watch::watch(root, &out, move |change| {
            let _ = sender.send(change);
        }) {
            self.watches.push(watch);
        }
    }

    /// Schedules the files a watch saw change, unless the editor has them
    /// open (its text, not the file's, is what the analyst sees).
    fn disk_changed(&mut self, change: Change) {
        let paths = match change {
            Change::Paths(paths) => paths,
            // Events were lost: every note of every workspace again.
            Change::Rescan => self
                .projects
                .iter()
                .map(|p| p.root.join(CONFIG_FILE))
                .collect(),
        };
        for path in paths {
            let Some(uri) = path_to_uri(&path) else {
                continue;
            };
            if self.documents.get(&uri).is_none() {
                self.schedule(uri, DEBOUNCE);
            }
        }
    }

    /// The workspace and relative path of the file at `uri`: the nearest
    /// folder above it holding brief.yaml (only `--root` when given).
    fn place(&mut self, uri: &Uri) -> Option<Place> {
        let path = uri_to_path(uri)?;
        let root = match &self.options.root {
            Some(root) => root.clone(),
            None => workspace::find_root(path.parent()?).ok()?,
        };
        let project = self.load(&root)?;
        let relative = self.projects[project].relative(&path)?;
        Some(Place { project, relative })
    }

    /// Answers messages until the editor says `exit` or hangs up.
    pub(super) fn run(&mut self) -> Result<Ended, LspError> {
        let connection = self.connection;
        let receiver = &connection.receiver;
        let disk = self.disk.1.clone();
        let indexed = self.indexing.arrivals();
        loop {
            let timer = match self.deadline {
                Some(deadline) => crossbeam_channel::at(deadline),
                None => crossbeam_channel::never(),
            };
            let message = crossbeam_channel::select! {
                recv(receiver) -> message => match message {
                    Ok(message) => message,
                    Err(_) => return Ok(self.ended()),
                },
                recv(indexed) -> arrived => {
                    if let Ok(arrived) = arrived {
                        self.guarded(|server| server.install(arrived));
                    }
                    continue;
                }
                recv(disk) -> change => {
                    if let Ok(change) = change {
                        self.guarded(|server| server.disk_changed(change));
                    }
                    continue;
                }
                recv(timer) -> _ => {
                    let stale = || !receiver.is_empty();
                    self.guarded(|server| server.check_pending(&stale));
                    continue;
                }
            };
            match message {
                Message::Request(request) => {
                    let id = request.id.clone();
                    let answer = self
                        .guarded(|server| server.request(request))
                        .unwrap_or_else(|| {
                            Response::new_err(
                                id,
                                ErrorCode::InternalError as i32,
                                "brief lsp failed on this request".to_owned(),
                            )
                        });
                    self.send(Message::Response(answer));
                }
                Message::Notification(notification) if notification.method == "exit" => {
                    return Ok(self.ended());
                }
                Message::Notification(notification) => {
                    self.guarded(|server| server.notification(notification));
                }
                Message::Response(_) => {}
            }
        }
    }

    fn ended(&self) -> Ended {
        if self.shutting_down {
            Ended::AfterShutdown
        } else {
            Ended::WithoutShutdown
        }
    }

    /// Runs `work`, turning a panic into `None` so one bad request does
    /// not take the editor's server down.
    fn guarded<T>(&mut self, work: impl FnOnce(&mut Self) -> T) -> Option<T> {
        catch_unwind(AssertUnwindSafe(|| work(self))).ok()
    }

    fn send(&self, message: Message) {
        // A closed channel ends the loop at the next receive.
        let _ = self.connection.sender.send(message);
    }

    fn notify(&self, method: &str, params: impl serde::Serialize) {
        self.send(Message::Notification(Notification::new(
            method.to_owned(),
            params,
        )));
    }

    /// Records a document to check after `delay`.
    fn schedule(&mut self, uri: Uri, delay: Duration) {
        self.pending.insert(uri.as_str().to_owned(), uri);
        self.deadline = Some(Instant::now() + delay);
    }

    fn notification(&mut self, notification: Notification) {
        match notification.method.as_str() {
            "textDocument/didOpen" => {
                if let Some(p) = params::<DidOpenTextDocumentParams>(notification.params) {
                    let document = p.text_document;
                    self.documents
                        .open(document.uri.clone(), document.text, document.version);
                    self.schedule(document.uri, Duration::ZERO);
                }
            }
            "textDocument/didChange" => {
                if let Some(p) = params::<DidChangeTextDocumentParams>(notification.params) {
                    let document = p.text_document;
                    self.documents
                        .change(&document.uri, document.version, p.content_changes);
                    self.schedule(document.uri, DEBOUNCE);
                }
            }
            "textDocument/didClose" => {
                if let Some(p) = params::<DidCloseTextDocumentParams>(notification.params) {
                    self.documents.close(&p.text_document.uri);
                    self.schedule(p.text_document.uri, Duration::ZERO);
                }
            }
            _ => {}
        }
    }

    /// Checks every pending document on its latest text, then publishes.
    /// Stops, keeping them pending, when `stale` says newer messages wait.
    fn check_pending(&mut self, stale: &(dyn Fn() -> bool + Sync)) {
        self.deadline = None;
        let pending = std::mem::take(&mut self.pending);
        // Workspaces with a document to publish, and those where something
        // changed, whose checks across notes must run again.
        let mut touched = BTreeSet::new();
        let mut changed = BTreeSet::new();
        let mut closed = Vec::new();
        // brief.yaml first: checking it checks every note again anyway.
        let mut order: Vec<&Uri> = pending.values().collect();
        order.sort_by_key(|uri| !uri.as_str().ends_with(CONFIG_FILE));
        for (done, uri) in order.iter().enumerate() {
            if self.wait_for_workspace(uri) {
                continue;
            }
            let Some(place) = self.place(uri) else {
                if self.documents.get(uri).is_none() {
                    closed.push((*uri).clone());
                }
                continue;
            };
            let open_text = self.documents.get(uri).map(|d| Arc::clone(&d.text));
            if open_text.is_none() {
                closed.push((*uri).clone());
            }
            let outcome = self.check_one(&place, open_text, stale);
            if outcome == Checked::GaveWay {
                // Keep what is left for the next round, after the news.
                for uri in &order[done..] {
                    self.pending.insert(uri.as_str().to_owned(), (*uri).clone());
                }
                self.deadline = Some(Instant::now() + DEBOUNCE);
                closed.clear();
                break;
            }
            touched.insert(place.project);
            if outcome == Checked::Changed {
                changed.insert(place.project);
            }
        }
        for project in &changed {
            self.projects[*project].refresh_across();
        }
        for uri in closed {
            if self.published.remove(uri.as_str()).is_some() {
                self.publish(&uri, Vec::new(), None);
            }
        }
        self.publish_open(&touched);
    }

    /// Whether the workspace of `uri` is still being read: the document
    /// then waits for it, and an open note is told what checking it alone
    /// finds meanwhile.
    fn wait_for_workspace(&mut self, uri: &Uri) -> bool {
        let Some(path) = uri_to_path(uri) else {
            return false;
        };
        if let Some(root) = &self.options.root {
            self.load(&root.clone());
        } else if let Ok(root) = path.parent().map_or(Err(()), |folder| {
            workspace::find_root(folder).map_err(|_| ())
        }) {
            self.load(&root);
        }
        let Some(root) = self.indexing.root_of(&path).map(Path::to_path_buf) else {
            return false;
        };
        self.waiting.insert(uri.as_str().to_owned(), uri.clone());
        let Some(document) = self.documents.get(uri) else {
            return true;
        };
        let Ok(relative) = path.strip_prefix(&root) else {
            return true;
        };
        if !Project::is_note_path(relative) {
            return true;
        }
        let (text, version) = (Arc::clone(&document.text), document.version);
        let found = Project::provisional(&root, relative, &text);
        let mut maps = Maps::default();
        let diagnostics: Vec<lsp_types::Diagnostic> =
            found.iter().map(|d| to_lsp(d, &mut maps)).collect();
        if self.published.get(uri.as_str()) != Some(&diagnostics) {
            self.published
                .insert(uri.as_str().to_owned(), diagnostics.clone());
            self.publish(uri, diagnostics, Some(version));
        }
        true
    }

    /// Checks the document at `place` from `open_text` (its file when
    /// closed).
    fn check_one(
        &mut self,
        place: &Place,
        open_text: Option<Arc<str>>,
        stale: &(dyn Fn() -> bool + Sync),
    ) -> Checked {
        let relative = &place.relative;
        if Project::is_config(relative) {
            let root = self.projects[place.project].root.clone();
            let text = match open_text {
                Some(text) => text,
                None => match workspace::read_config(&root) {
                    Ok(text) => text,
                    Err(_) => return Checked::Unchanged,
                },
            };
            let open = self.open_notes(place.project);
            return match self.projects[place.project].set_config(text, &open, stale) {
                true => Checked::Changed,
                false => Checked::GaveWay,
            };
        }
        if !Project::is_note_path(relative) {
            return Checked::Unchanged;
        }
        let project = &mut self.projects[place.project];
        match open_text {
            // A note opened as the server read it from disk: nothing to do
            // but tell the editor (the whole workspace was just checked).
            Some(text) if project.holds(relative, &text) => {
                project.lint_if_needed(relative);
                return Checked::Unchanged;
            }
            Some(text) => project.set_note(relative, Project::note_text(relative, &text)),
            None => project.reread_note(relative),
        }
        Checked::Changed
    }

    /// The open notes of a workspace: relative path → the editor's text.
    fn open_notes(&self, project: usize) -> BTreeMap<PathBuf, Arc<str>> {
        let root = &self.projects[project].root;
        self.documents
            .iter()
            .filter_map(|(uri, document)| {
                let path = uri_to_path(uri)?;
                let relative = path.strip_prefix(root).ok()?.to_path_buf();
                Project::is_note_path(&relative).then(|| (relative, Arc::clone(&document.text)))
            })
            .collect()
    }

    /// Publishes to every open document of the `touched` workspaces whose
    /// diagnostics changed since it was last told.
    fn publish_open(&mut self, touched: &BTreeSet<usize>) {
        let open: Vec<(Uri, i32)> = self
            .documents
            .iter()
            .map(|(uri, document)| (uri.clone(), document.version))
            .collect();
        for (uri, version) in open {
            let Some(place) = self.place(&uri) else {
                continue;
            };
            let relative = &place.relative;
            let is_checked = Project::is_config(relative) || Project::is_note_path(relative);
            if !touched.contains(&place.project) || !is_checked {
                continue;
            }
            let found = self.projects[place.project].diagnostics_for(relative);
            let mut maps = Maps::default();
            let diagnostics: Vec<lsp_types::Diagnostic> =
                found.iter().map(|d| to_lsp(d, &mut maps)).collect();
            if self.published.get(uri.as_str()) == Some(&diagnostics) {
                continue;
            }
            self.published
                .insert(uri.as_str().to_owned(), diagnostics.clone());
            self.publish(&uri, diagnostics, Some(version));
        }
    }

    fn publish(&self, uri: &Uri, diagnostics: Vec<lsp_types::Diagnostic>, version: Option<i32>) {
        self.notify(
            "textDocument/publishDiagnostics",
            PublishDiagnosticsParams {
                uri: uri.clone(),
                diagnostics,
                version,
            },
        );
    }

    /// Checks what is pending now, whatever waits: an answer about
    /// diagnostics must see the latest text.
    fn settle(&mut self) {
        if !self.pending.is_empty() {
            self.check_pending(&|| false);
        }
    }

    fn request(&mut self, request: Request) -> Response {
        let id = request.id.clone();
        if self.shutting_down {
            return Response::new_err(
                id,
                ErrorCode::InvalidRequest as i32,
                "the server is shutting down".to_owned(),
            );
        }
        if request.method != "shutdown" {
            self.await_indexing();
        }
        let result = match request.method.as_str() {
            "shutdown" => {
                self.shutting_down = true;
                Ok(Value::Null)
            }
            "textDocument/completion" => answer(request.params, |p: CompletionParams| {
                self.completion(p.text_document_position)
            }),
            "textDocument/hover" => answer(request.params, |p: HoverParams| {
                self.settle();
                self.hover(p.text_document_position_params)
            }),
            "textDocument/definition" => answer(request.params, |p: GotoDefinitionParams| {
                self.settle();
                self.definition(p.text_document_position_params)
            }),
            "textDocument/documentSymbol" => answer(request.params, |p: DocumentSymbolParams| {
                self.symbols(&p.text_document.uri)
            }),
            "textDocument/codeAction" => answer(request.params, |p: CodeActionParams| {
                self.settle();
                self.code_actions(p)
            }),
            _ => Err((
                ErrorCode::MethodNotFound,
                format!("no method {}", request.method),
            )),
        };
        respond(id, result)
    }

    /// The open document at a position: its text, the byte offset, its place.
    fn at(&mut self, at: &TextDocumentPositionParams) -> Option<(Arc<str>, usize, Option<Place>)> {
        let uri = &at.text_document.uri;
        let text = Arc::clone(&self.documents.get(uri)?.text);
        let offset = LineMap::new(&text).offset(at.position);
        let place = self.place(uri);
        Some((text, offset, place))
    }

    /// The brief a note belongs to: its valid `brief:`, else its folder.
    fn brief_of(&self, place: &Place) -> Option<String> {
        let project = &self.projects[place.project];
        project
            .note(&place.relative)
            .map(|note| note.brief.clone())
            .or_else(|| workspace::note_file_at(place.relative.clone()).folder)
    }

    fn completion(&mut self, at: TextDocumentPositionParams) -> Option<CompletionList> {
        let (text, offset, place) = self.at(&at)?;
        let in_note = place
            .as_ref()
            .is_none_or(|p| Project::is_note_path(&p.relative));
        let is_markdown = at.text_document.uri.as_str().ends_with(".md");
        if !in_note || !is_markdown {
            return None;
        }
        let brief = place.as_ref().and_then(|p| self.brief_of(p));
        let project = place.as_ref().map(|p| &self.projects[p.project]);
        let found =
            completion::complete(&text, offset, project, brief.as_deref(), self.options.today)?;
        Some(CompletionList {
            is_incomplete: false,
            items: completion::items(found, &text),
        })
    }

    fn hover(&mut self, at: TextDocumentPositionParams) -> Option<Hover> {
        let (text, offset, place) = self.at(&at)?;
        let brief = place.as_ref().and_then(|p| self.brief_of(p));
        let project = place.as_ref().map(|p| &self.projects[p.project]);
        let (shown, span) = hover::hover(&text, offset, project, brief.as_deref())?;
        Some(Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::Markdown,
                value: shown,
            }),
            range: Some(LineMap::new(&text).range(span)),
        })
    }

    fn definition(&mut self, at: TextDocumentPositionParams) -> Option<GotoDefinitionResponse> {
        let (text, offset, place) = self.at(&at)?;
        let project = &self.projects[place?.project];
        let config = project.config()?;
        let span = navigate::definition(&text, offset, config, &project.config_text)?;
        let uri = path_to_uri(&project.root.join(CONFIG_FILE))?;
        let range = LineMap::new(&project.config_text).range(span);
        Some(GotoDefinitionResponse::Scalar(Location { uri, range }))
    }

    fn symbols(&mut self, uri: &Uri) -> Option<DocumentSymbolResponse> {
        let text = Arc::clone(&self.documents.get(uri)?.text);
        let map = LineMap::new(&text);
        #[allow(deprecated)] // `deprecated` is a field every literal must fill.
        let symbols = navigate::sections(&text)
            .into_iter()
            .map(|heading| DocumentSymbol {
                name: if heading.name.is_empty() {
                    "(untitled section)".to_owned()
                } else {
                    heading.name
                },
                detail: heading.kind.map(|kind| kind.id().to_owned()),
                kind: SymbolKind::STRING,
                tags: None,
                deprecated: None,
                range: map.range(heading.section),
                selection_range: map.range(heading.heading),
                children: None,
            })
            .collect();
        Some(DocumentSymbolResponse::Nested(symbols))
    }

    fn code_actions(&mut self, params: CodeActionParams) -> Option<Vec<CodeActionOrCommand>> {
        let uri = &params.text_document.uri;
        let text = Arc::clone(&self.documents.get(uri)?.text);
        let place = self.place(uri)?;
        let diagnostics = self.projects[place.project].diagnostics_for(&place.relative);
        let span = LineMap::new(&text).span(params.range);
        let found = actions::code_actions(uri, &text, &diagnostics, span, self.options.today);
        Some(
            found
                .into_iter()
                .map(CodeActionOrCommand::CodeAction)
                .collect(),
        )
    }
}

/// A notification's parameters, `None` (ignored) when they do not parse.
fn params<P: DeserializeOwned>(value: Value) -> Option<P> {
    serde_json::from_value(value).ok()
}

type Answer = Result<Value, (ErrorCode, String)>;

/// Parses a request's parameters and runs `handle` on them; no result is `null`.
fn answer<P: DeserializeOwned, R: serde::Serialize>(
    value: Value,
    handle: impl FnOnce(P) -> Option<R>,
) -> Answer {
    let params: P = serde_json::from_value(value).map_err(|error| {
        (
            ErrorCode::InvalidParams,
            format!("invalid parameters: {error}"),
        )
    })?;
    match handle(params) {
        Some(result) => serde_json::to_value(result)
            .map_err(|error| (ErrorCode::InternalError, error.to_string())),
        None => Ok(Value::Null),
    }
}

fn respond(id: RequestId, result: Answer) -> Response {
    match result {
        Ok(value) => Response::new_ok(id, value),
        Err((code, message)) => Response::new_err(id, code as i32, message),
    }
}
