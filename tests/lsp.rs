//! `translint lsp` end to end: the real binary, spoken to over stdin/stdout with
//! Content-Length framed JSON-RPC, as an editor does. Every read has a timeout, so a server
//! that hangs or stays silent fails the test instead of blocking it.

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use serde_json::{Value, json};

const TIMEOUT: Duration = Duration::from_secs(20);

struct Client {
    child: Child,
    stdin: ChildStdin,
    incoming: mpsc::Receiver<Value>,
    /// Notifications read while waiting for something else.
    stash: VecDeque<Value>,
    /// Requests the server sent us (answered with `null`).
    server_requests: Vec<Value>,
    next_id: i64,
}

fn file_uri(path: &Path) -> String {
    let path = path.canonicalize().unwrap();
    format!("file://{}", path.display()).replace(' ', "%20")
}

impl Client {
    /// Starts `translint lsp` and completes the handshake; returns the `initialize` result.
    fn start(root: &Path, capabilities: Value, options: Value) -> (Client, Value) {
        let mut child = Command::new(env!("CARGO_BIN_EXE_translint"))
            .arg("lsp")
            // Not the workspace: the server must find its files from the root URI alone.
            .current_dir(std::env::temp_dir())
            .env("RUST_BACKTRACE", "0")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start translint lsp");
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, incoming) = mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(msg) = read_message(&mut reader) {
                if tx.send(msg).is_err() {
                    break;
                }
            }
        });
        let mut client = Client {
            child,
            stdin,
            incoming,
            stash: VecDeque::new(),
            server_requests: Vec::new(),
            next_id: 0,
        };
        let result = client.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": file_uri(root),
                "workspaceFolders": [{ "uri": file_uri(root), "name": "ws" }],
                "capabilities": capabilities,
                "initializationOptions": options,
            }),
        );
        client.notify("initialized", json!({}));
        (client, result)
    }

    fn send(&mut self, msg: Value) {
        let body = serde_json::to_string(&msg).unwrap();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.stdin.flush().unwrap();
    }

    /// Bytes as they are, framed or not.
    fn send_raw(&mut self, bytes: &[u8]) {
        self.stdin.write_all(bytes).unwrap();
        self.stdin.flush().unwrap();
    }

    /// The next error response, stashing everything else: `(code, id)`.
    fn error_response(&mut self) -> (i64, Value) {
        let is_error = |msg: &Value| msg.get("method").is_none() && msg.get("error").is_some();
        let msg = match self.stash.iter().position(is_error) {
            Some(i) => self.stash.remove(i).unwrap(),
            None => loop {
                let msg = self.read();
                if is_error(&msg) {
                    break msg;
                }
                self.stash.push_back(msg);
            },
        };
        (msg["error"]["code"].as_i64().unwrap(), msg["id"].clone())
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    /// Sends a request and waits for its response, stashing notifications meanwhile.
    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        loop {
            let msg = self.read();
            if msg.get("method").is_none() && msg["id"] == json!(id) {
                assert!(msg.get("error").is_none(), "{method} failed: {msg}");
                return msg["result"].clone();
            }
            self.stash.push_back(msg);
        }
    }

    /// The next message from the server; requests from the server are answered here.
    fn read(&mut self) -> Value {
        loop {
            let msg = self
                .incoming
                .recv_timeout(TIMEOUT)
                .expect("the server did not answer in time");
            if msg.get("method").is_some() && msg.get("id").is_some() {
                self.send(json!({ "jsonrpc": "2.0", "id": msg["id"], "result": null }));
                self.server_requests.push(msg);
                continue;
            }
            return msg;
        }
    }

    /// The next `publishDiagnostics` for `uri`. Every publication is consumed exactly once,
    /// in order, so a test also sees any it did not expect.
    fn diagnostics(&mut self, uri: &str) -> Vec<Value> {
        let is_for = |msg: &Value| {
            msg["method"] == "textDocument/publishDiagnostics" && msg["params"]["uri"] == uri
        };
        let msg = match self.stash.iter().position(is_for) {
            Some(i) => self.stash.remove(i).unwrap(),
            None => loop {
                let msg = self.read();
                if is_for(&msg) {
                    break msg;
                }
                self.stash.push_back(msg);
            },
        };
        msg["params"]["diagnostics"].as_array().unwrap().clone()
    }

    fn open(&mut self, uri: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": {
                "uri": uri, "languageId": "plaintext", "version": 1, "text": text,
            }}),
        );
    }

    /// `shutdown` then `exit`; returns the exit status.
    fn shutdown(mut self) -> i32 {
        assert_eq!(self.request("shutdown", Value::Null), Value::Null);
        self.notify("exit", Value::Null);
        wait(&mut self.child)
    }
}

fn wait(child: &mut Child) -> i32 {
    let deadline = std::time::Instant::now() + TIMEOUT;
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status.code().expect("exited normally");
        }
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            panic!("the server did not exit");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn read_message(reader: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(n) = line.strip_prefix("Content-Length: ") {
            length = n.parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

fn range(l0: u32, c0: u32, l1: u32, c1: u32) -> Value {
    json!({ "start": { "line": l0, "character": c0 }, "end": { "line": l1, "character": c1 } })
}

fn codes(diagnostics: &[Value]) -> Vec<&str> {
    diagnostics
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect()
}

const SPACED: &str = "Café 😀 solutions . Done.\n";

#[test]
fn diagnostics_quick_fix_and_edit_in_utf16() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), SPACED).unwrap();
    std::fs::write(dir.path().join("b.md"), "Clean text.\n").unwrap();
    let (mut client, init) = Client::start(dir.path(), json!({}), Value::Null);
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-16");
    assert_eq!(init["serverInfo"]["name"], "translint");

    let uri = file_uri(&dir.path().join("a.txt"));
    client.open(&uri, SPACED);
    let diagnostics = client.diagnostics(&uri);
    assert_eq!(codes(&diagnostics), ["spacing/space-before-punct"]);
    let d = &diagnostics[0];
    // "Café 😀 " is 8 UTF-16 units (the emoji takes two), "solutions" 9 more.
    assert_eq!(d["range"], range(0, 17, 0, 19));
    assert_eq!(d["severity"], 2);
    assert_eq!(d["source"], "translint");
    assert_eq!(
        d["message"],
        "space before `.`\nhelp: remove the space before `.`"
    );

    let actions = client.request(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": uri },
            "range": range(0, 18, 0, 18),
            "context": { "diagnostics": [d] },
        }),
    );
    let quickfix = actions
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["kind"] == "quickfix")
        .expect("a quick fix");
    assert_eq!(quickfix["title"], "Remove the space before `.`");
    assert_eq!(
        quickfix["diagnostics"][0]["code"],
        "spacing/space-before-punct"
    );
    assert_eq!(
        quickfix["edit"]["changes"][&uri],
        json!([{ "range": range(0, 17, 0, 18), "newText": "" }])
    );
    let fix_all = client.request(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": uri },
            "range": range(0, 0, 0, 0),
            "context": { "diagnostics": [], "only": ["source.fixAll"] },
        }),
    );
    assert_eq!(fix_all.as_array().unwrap().len(), 1);
    assert_eq!(
        fix_all[0]["edit"]["changes"][&uri][0]["newText"],
        "Café 😀 solutions. Done.\n"
    );

    // The client applies the quick fix as an incremental edit.
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": { "uri": uri, "version": 2 },
            "contentChanges": [{ "range": range(0, 17, 0, 18), "text": "" }],
        }),
    );
    assert_eq!(client.diagnostics(&uri), Vec::<Value>::new());

    // A new mistake typed after an emoji, in one full-text change.
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": { "uri": uri, "version": 3 },
            "contentChanges": [{ "text": "😀 done , really\n" }],
        }),
    );
    let diagnostics = client.diagnostics(&uri);
    assert_eq!(codes(&diagnostics), ["spacing/space-before-punct"]);
    assert_eq!(
        diagnostics[0]["range"]["start"],
        json!({ "line": 0, "character": 7 })
    );

    client.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": uri } }),
    );
    assert_eq!(client.diagnostics(&uri), Vec::<Value>::new());
    assert_eq!(client.shutdown(), 0);
}

#[test]
fn utf8_positions_when_the_client_offers_them() {
    let dir = tempfile::tempdir().unwrap();
    let (mut client, init) = Client::start(
        dir.path(),
        json!({ "general": { "positionEncodings": ["utf-8", "utf-16"] } }),
        Value::Null,
    );
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-8");
    let uri = file_uri(dir.path()).to_string() + "/new.txt";
    client.open(&uri, SPACED);
    let diagnostics = client.diagnostics(&uri);
    assert_eq!(codes(&diagnostics), ["spacing/space-before-punct"]);
    assert_eq!(diagnostics[0]["range"], range(0, 20, 0, 22));
    assert_eq!(client.shutdown(), 0);
}

#[test]
fn labels_become_related_information() {
    let dir = tempfile::tempdir().unwrap();
    let text = "He said \"no\" and the court’s “view” stood.\n";
    let (mut client, _) = Client::start(dir.path(), json!({}), Value::Null);
    let uri = file_uri(dir.path()) + "/q.txt";
    client.open(&uri, text);
    let diagnostics = client.diagnostics(&uri);
    assert_eq!(
        codes(&diagnostics),
        ["typography/mixed-quotes", "typography/mixed-quotes"]
    );
    assert_eq!(diagnostics[0]["range"], range(0, 8, 0, 9));
    let related = &diagnostics[0]["relatedInformation"];
    assert_eq!(related[0]["location"]["uri"], uri);
    assert_eq!(related[0]["location"]["range"], range(0, 26, 0, 27));
    assert_eq!(
        related[0]["message"],
        "curly quotes are used here (3 in this document)"
    );

    // Info-level findings get quick fixes but are left out of fix-all, as `--fix` does.
    assert_eq!(diagnostics[0]["severity"], 3);
    let actions = |only: Value| {
        json!({
            "textDocument": { "uri": uri },
            "range": range(0, 0, 0, 50),
            "context": { "diagnostics": [], "only": only },
        })
    };
    let quickfixes = client.request("textDocument/codeAction", actions(json!(["quickfix"])));
    assert_eq!(quickfixes.as_array().unwrap().len(), 2);
    assert_eq!(quickfixes[0]["edit"]["changes"][&uri][0]["newText"], "“");
    let fix_all = client.request("textDocument/codeAction", actions(json!(["source"])));
    assert_eq!(fix_all, json!([]));
    assert_eq!(client.shutdown(), 0);
}

/// A corpus-wide rule (from the workspace's own rule file) sees a file that is not open
/// and points at it; editing the open file and changing lint.toml both take effect.
#[test]
fn workspace_files_and_config_changes() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(
        root.join("house.toml"),
        r#"
[[rule]]
id = "house/email"
kind = "consistency"
scope = "corpus"
summary = "one spelling of email"
message = "`{form}` where the rest of the corpus writes `{majority}`"
groups = [["email", "e-mail"]]
"#,
    )
    .unwrap();
    std::fs::write(root.join("lint.toml"), "rule-files = [\"house.toml\"]\n").unwrap();
    std::fs::create_dir(root.join("docs")).unwrap();
    std::fs::write(root.join("docs/b.md"), "Send an email.\n\nOr an email.\n").unwrap();
    std::fs::write(root.join("a.txt"), "Write an e-mail.\n").unwrap();
    let (mut client, _) = Client::start(
        root,
        json!({ "workspace": { "didChangeWatchedFiles": { "dynamicRegistration": true } } }),
        json!({ "debounceMs": 50 }),
    );
    let uri = file_uri(&root.join("a.txt"));
    let b_uri = file_uri(&root.join("docs/b.md"));
    client.open(&uri, "Write an e-mail.\n");
    let diagnostics = client.diagnostics(&uri);
    assert_eq!(codes(&diagnostics), ["house/email"]);
    assert_eq!(diagnostics[0]["range"], range(0, 9, 0, 15));
    let related = &diagnostics[0]["relatedInformation"][0];
    assert_eq!(related["location"]["uri"], b_uri);
    assert_eq!(related["location"]["range"], range(0, 8, 0, 13));
    assert_eq!(related["message"], "`email` is used here (2 times)");

    // The server asked to watch lint.toml.
    let registration = &client.server_requests[0];
    assert_eq!(registration["method"], "client/registerCapability");
    let globs = registration["params"]["registrations"][0]["registerOptions"]["watchers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["globPattern"].as_str().unwrap().to_string())
        .collect::<Vec<_>>();
    assert!(globs.contains(&"**/lint.toml".to_string()), "{globs:?}");

    // Outnumbered by the open buffer, `email` in the closed file becomes the minority.
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": { "uri": uri, "version": 2 },
            "contentChanges": [{ "text": "An e-mail, an e-mail, an e-mail.\n" }],
        }),
    );
    let diagnostics = client.diagnostics(&uri);
    assert_eq!(codes(&diagnostics), Vec::<&str>::new());

    // A broken lint.toml: its errors show on lint.toml and the rules keep working.
    let config_uri = file_uri(&root.join("lint.toml"));
    std::fs::write(
        root.join("lint.toml"),
        "rule-files = [\"house.toml\"]\ncolour = 1\n",
    )
    .unwrap();
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": config_uri, "type": 2 }] }),
    );
    let errors = client.diagnostics(&config_uri);
    assert_eq!(codes(&errors), ["config/syntax"]);
    assert_eq!(errors[0]["range"]["start"]["line"], 1);

    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": { "uri": uri, "version": 3 },
            "contentChanges": [{ "text": "Write an e-mail .\n" }],
        }),
    );
    let diagnostics = client.diagnostics(&uri);
    assert_eq!(
        codes(&diagnostics),
        ["house/email", "spacing/space-before-punct"]
    );

    // Fixed by switching the rule off (saved from the editor): its findings go away.
    std::fs::write(
        root.join("lint.toml"),
        "rule-files = [\"house.toml\"]\n[rules]\n\"house/email\" = \"off\"\n",
    )
    .unwrap();
    client.notify(
        "textDocument/didSave",
        json!({ "textDocument": { "uri": config_uri } }),
    );
    assert_eq!(client.diagnostics(&config_uri), Vec::<Value>::new());
    let diagnostics = client.diagnostics(&uri);
    assert_eq!(codes(&diagnostics), ["spacing/space-before-punct"]);
    assert_eq!(client.shutdown(), 0);
}

#[test]
fn exit_without_shutdown_is_status_1() {
    let dir = tempfile::tempdir().unwrap();
    let (mut client, _) = Client::start(dir.path(), json!({}), Value::Null);
    client.notify("exit", Value::Null);
    assert_eq!(wait(&mut client.child), 1);
}

/// A frame of `body` whose Content-Length header says `length`.
fn frame_claiming(length: &str, body: &str) -> Vec<u8> {
    format!("Content-Length: {length}\r\n\r\n{body}").into_bytes()
}

/// The session goes on after every kind of malformed frame: each is answered as JSON-RPC
/// asks (parse error or invalid request, id `null` unless the request's id could be read),
/// then a well-formed request is answered as usual.
#[test]
fn the_server_answers_a_request_after_each_kind_of_malformed_frame() {
    let dir = tempfile::tempdir().unwrap();
    let (mut client, _) = Client::start(dir.path(), json!({}), Value::Null);
    let request = json!({ "jsonrpc": "2.0", "id": 77, "method": "x/unknown" }).to_string();
    let len = request.len();
    const PARSE_ERROR: i64 = -32700;
    const INVALID_REQUEST: i64 = -32600;
    let cases: Vec<(&str, Vec<u8>, i64, Value)> = vec![
        (
            "a Content-Length no memory holds",
            frame_claiming("99999999999999", ""),
            INVALID_REQUEST,
            Value::Null,
        ),
        (
            "a Content-Length past u64",
            frame_claiming("999999999999999999999999999", ""),
            INVALID_REQUEST,
            Value::Null,
        ),
        (
            "a body that is not JSON",
            frame_claiming("5", "{abc}"),
            PARSE_ERROR,
            Value::Null,
        ),
        (
            "Content-Length: abc",
            frame_claiming("abc", "{}"),
            PARSE_ERROR,
            Value::Null,
        ),
        (
            "no Content-Length",
            b"Content-Type: x\r\n\r\n{}".to_vec(),
            PARSE_ERROR,
            Value::Null,
        ),
        (
            "a Content-Length too short",
            frame_claiming(&(len - 4).to_string(), &request),
            PARSE_ERROR,
            Value::Null,
        ),
        (
            "a Content-Length too long",
            frame_claiming(&(len + 6).to_string(), &request),
            INVALID_REQUEST,
            json!(77),
        ),
        (
            "a JSON array",
            frame_claiming("5", "[1,2]"),
            INVALID_REQUEST,
            Value::Null,
        ),
        (
            "a request id that is not a string or integer",
            frame_claiming("35", r#"{"id":[1],"method":"initialize"} "#),
            INVALID_REQUEST,
            Value::Null,
        ),
        (
            "a megabyte of noise without a line end, then a frame",
            [vec![b'x'; 1 << 20], frame_claiming("5", "{abc}")].concat(),
            PARSE_ERROR,
            Value::Null,
        ),
    ];
    let no_actions = json!({
        "textDocument": { "uri": file_uri(dir.path()) + "/none.txt" },
        "range": range(0, 0, 0, 0),
        "context": { "diagnostics": [] },
    });
    for (what, bytes, code, id) in cases {
        // The request goes right after the frame: a Content-Length too long is completed
        // by the bytes that follow, as a server cannot tell them apart.
        client.send_raw(&bytes);
        assert_eq!(
            client.request("textDocument/codeAction", no_actions.clone()),
            json!([]),
            "after {what}"
        );
        assert_eq!(client.error_response(), (code, id), "{what}");
    }
    // A response to nothing and a notification the server does not know are not answered.
    client.send(json!({ "jsonrpc": "2.0", "id": null, "error": { "code": 1, "message": "?" } }));
    client.notify("x/unknown", json!({}));
    assert_eq!(
        client.request("textDocument/codeAction", no_actions),
        json!([])
    );
    assert!(client.stash.iter().all(|m| m.get("error").is_none()));
    #[cfg(target_os = "linux")]
    {
        // The huge Content-Length was refused unread: the server never held a large buffer.
        let status =
            std::fs::read_to_string(format!("/proc/{}/status", client.child.id())).unwrap();
        let peak_kb: u64 = status
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))
            .and_then(|v| v.trim().trim_end_matches(" kB").parse().ok())
            .unwrap();
        assert!(peak_kb < 512 * 1024, "peak RSS {peak_kb} kB");
    }
    assert_eq!(client.shutdown(), 0);
}

/// The lifecycle as the specification orders it: requests before `initialize` are refused,
/// after `shutdown` too; a response from the client between `shutdown` and `exit` is
/// ignored, and `exit` then ends the server with status 0.
#[test]
fn shutdown_then_a_client_response_then_exit_is_status_0() {
    let dir = tempfile::tempdir().unwrap();
    let (mut client, _) = Client::start(dir.path(), json!({}), Value::Null);
    assert_eq!(client.request("shutdown", Value::Null), Value::Null);
    client.send(json!({ "jsonrpc": "2.0", "id": "translint-watch", "result": null }));
    client.notify("textDocument/didOpen", json!({}));
    client.send(json!({ "jsonrpc": "2.0", "id": 500, "method": "textDocument/codeAction" }));
    assert_eq!(client.error_response(), (-32600, json!(500)));
    client.notify("exit", Value::Null);
    assert_eq!(wait(&mut client.child), 0);
}

#[test]
fn requests_before_initialize_are_refused_and_exit_then_is_status_1() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_translint"))
        .arg("lsp")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let body = json!({ "jsonrpc": "2.0", "id": 1, "method": "shutdown" }).to_string();
    let exit = json!({ "jsonrpc": "2.0", "method": "exit" }).to_string();
    for body in [&body, &exit] {
        write!(stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
    }
    stdin.flush().unwrap();
    let reply = read_message(&mut stdout).unwrap();
    assert_eq!(reply["id"], json!(1));
    assert_eq!(
        reply["error"]["code"],
        json!(-32002),
        "ServerNotInitialized"
    );
    assert_eq!(wait(&mut child), 1);
}

/// Edits inside the debounce interval are linted once, and a request is answered against
/// the latest text even while the interval is still running.
#[test]
fn edits_are_debounced_and_requests_see_the_latest_text() {
    let dir = tempfile::tempdir().unwrap();
    let (mut client, _) = Client::start(
        dir.path(),
        json!({}),
        // Long enough that only the request below can trigger the lint.
        json!({ "debounceMs": 60_000 }),
    );
    let uri = file_uri(dir.path()) + "/d.txt";
    client.open(&uri, "Clean.\n");
    assert_eq!(client.diagnostics(&uri), Vec::<Value>::new());
    for (version, text) in [(2, "One .\n"), (3, "One . Two .\n")] {
        client.notify(
            "textDocument/didChange",
            json!({
                "textDocument": { "uri": uri, "version": version },
                "contentChanges": [{ "text": text }],
            }),
        );
    }
    let actions = client.request(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": uri },
            "range": range(0, 9, 0, 9),
            "context": { "diagnostics": [] },
        }),
    );
    assert_eq!(
        actions[0]["edit"]["changes"][&uri][0]["range"],
        range(0, 9, 0, 10)
    );
    // One publication, for the last version only.
    let published: Vec<&Value> = client
        .stash
        .iter()
        .filter(|m| m["method"] == "textDocument/publishDiagnostics")
        .collect();
    assert_eq!(published.len(), 1, "{published:?}");
    assert_eq!(published[0]["params"]["version"], 3);
    assert_eq!(
        published[0]["params"]["diagnostics"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    assert_eq!(client.shutdown(), 0);
}

/// Re-lint latency: a ~100 KB document, edited one character at a time, with no debounce.
/// Reports the didChange → publishDiagnostics round trip, alone and beside a workspace of
/// other files (every edit re-lints the whole corpus). Run with
/// `cargo test --release --test lsp -- --ignored --nocapture relint`.
#[test]
#[ignore = "measurement; prints timings"]
fn relint_100kb_round_trip() {
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/seeds");
    let mut paragraph = String::new();
    for entry in std::fs::read_dir(&seeds).unwrap() {
        paragraph.push_str(&std::fs::read_to_string(entry.unwrap().path()).unwrap());
        paragraph.push('\n');
    }
    let mut text = String::new();
    while text.len() < 100_000 {
        text.push_str(&paragraph);
    }
    text.push_str("The end.\n");
    let end_line = text.lines().count() as u32 - 1;
    for others in [0usize, 50] {
        let dir = tempfile::tempdir().unwrap();
        for i in 0..others {
            std::fs::write(dir.path().join(format!("other{i}.txt")), &text).unwrap();
        }
        let (mut client, _) = Client::start(dir.path(), json!({}), json!({ "debounceMs": 0 }));
        let uri = file_uri(dir.path()) + "/big.txt";
        client.open(&uri, &text);
        let baseline = client.diagnostics(&uri).len();
        let mut times = Vec::new();
        for i in 0..40 {
            // Alternately add and remove a space before the last full stop, so every edit
            // changes the diagnostics and is published.
            let change = if i % 2 == 0 {
                json!({ "range": range(end_line, 7, end_line, 7), "text": " " })
            } else {
                json!({ "range": range(end_line, 7, end_line, 8), "text": "" })
            };
            let start = std::time::Instant::now();
            client.notify(
                "textDocument/didChange",
                json!({
                    "textDocument": { "uri": uri, "version": i + 2 },
                    "contentChanges": [change],
                }),
            );
            let n = client.diagnostics(&uri).len();
            times.push(start.elapsed());
            assert_eq!(n, baseline + (i % 2 == 0) as usize);
        }
        times.sort();
        println!(
            "{} KB document, {others} other files of the same size: round trip median {:.1} ms, \
             p90 {:.1} ms, max {:.1} ms ({} edits, {baseline} diagnostics)",
            text.len() / 1000,
            times[times.len() / 2].as_secs_f64() * 1e3,
            times[times.len() * 9 / 10].as_secs_f64() * 1e3,
            times[times.len() - 1].as_secs_f64() * 1e3,
            times.len(),
        );
        assert_eq!(client.shutdown(), 0);
    }
}

/// A closed buffer that is not a workspace file leaves the corpus; the files after it are
/// renumbered, and their findings and fixes must follow.
#[test]
fn closing_a_buffer_keeps_the_others_right() {
    let dir = tempfile::tempdir().unwrap();
    let (mut client, _) = Client::start(dir.path(), json!({}), Value::Null);
    let first = file_uri(dir.path()) + "/first.txt";
    let second = file_uri(dir.path()) + "/second.txt";
    client.open(&first, "One .\n");
    assert_eq!(
        codes(&client.diagnostics(&first)),
        ["spacing/space-before-punct"]
    );
    client.open(&second, "Two .\n");
    assert_eq!(
        codes(&client.diagnostics(&second)),
        ["spacing/space-before-punct"]
    );
    client.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": first } }),
    );
    assert_eq!(client.diagnostics(&first), Vec::<Value>::new());
    let actions = client.request(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": second },
            "range": range(0, 3, 0, 3),
            "context": { "diagnostics": [] },
        }),
    );
    assert_eq!(
        actions[0]["edit"]["changes"][&second][0],
        json!({ "range": range(0, 3, 0, 4), "newText": "" })
    );
    // Nothing changed for the second file, so nothing was published for it.
    assert!(
        client
            .stash
            .iter()
            .all(|m| m["params"]["uri"] != json!(second)),
        "{:?}",
        client.stash
    );
    assert_eq!(client.shutdown(), 0);
}

/// A name spelt one way in the open buffer and another way in a file that is not open: the
/// corpus-wide names index covers the whole workspace and points at the other file.
#[test]
fn names_across_files() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir(root.join("docs")).unwrap();
    std::fs::write(
        root.join("docs/b.md"),
        "Lee Sang-yeol met Moon. Lee Sang-yeol spoke.\n",
    )
    .unwrap();
    std::fs::write(root.join("a.txt"), "").unwrap();
    let (mut client, _) = Client::start(root, json!({}), Value::Null);
    let uri = file_uri(&root.join("a.txt"));
    client.open(&uri, "Then Lee Sangyeol left.\n");
    let diagnostics = client.diagnostics(&uri);
    assert_eq!(codes(&diagnostics), ["names/inconsistent-romanisation"]);
    assert_eq!(diagnostics[0]["range"], range(0, 5, 0, 17));
    let related = &diagnostics[0]["relatedInformation"][0];
    assert_eq!(
        related["location"]["uri"],
        file_uri(&root.join("docs/b.md"))
    );
    assert_eq!(related["location"]["range"], range(0, 0, 0, 13));

    let actions = client.request(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": uri },
            "range": range(0, 6, 0, 6),
            "context": { "diagnostics": [diagnostics[0]] },
        }),
    );
    let edit = &actions[0]["edit"]["changes"][&uri][0];
    assert_eq!(edit["newText"], "Lee Sang-yeol");
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": { "uri": uri, "version": 2 },
            "contentChanges": [{ "range": edit["range"], "text": "Lee Sang-yeol" }],
        }),
    );
    assert_eq!(client.diagnostics(&uri), Vec::<Value>::new());
    assert_eq!(client.shutdown(), 0);
}
