//! The language server's transport: `Content-Length` framed JSON-RPC over a byte stream.
//!
//! `lsp-server` brings a stdio transport, but its reader allocates whatever length a header
//! claims and gives up on the first malformed frame, ending the session. This one survives
//! any byte stream: header lines and the header block are size-capped, a body may be at most
//! [`MAX_BODY`] bytes and is allocated only as its bytes arrive, and a malformed frame is
//! answered as JSON-RPC asks (a parse error or an invalid request, with the id when it can
//! be read, else `null`) or, when it is a response or bytes between frames, dropped. After a
//! malformed frame the reader finds the next `Content-Length` header and goes on.
//!
//! [`FrameReader`] is the framing alone (no threads, any [`Read`]); [`stdio`] runs it on a
//! reader thread and feeds a [`Connection`], so the dispatch loop in [`super`] sees only
//! well-formed messages. Going out, the server serializes each message itself ([`Outgoing`])
//! and a writer thread frames it.

use std::io::{self, Read, Write};
use std::sync::{Arc, Mutex};
use std::thread;

use crossbeam_channel::{Receiver, Sender, bounded};
use lsp_server::{ErrorCode, Message};
use serde::Serialize;
use serde_json::{Value, json};

/// The largest message body read: larger ones are refused unread.
pub const MAX_BODY: u64 = 64 << 20;
/// The largest header block (every header line of one frame, with line ends).
pub const MAX_HEADER: usize = 8 << 10;

/// The one header that matters, searched for (case-insensitively) to find the next frame.
const CONTENT_LENGTH: &[u8] = b"content-length";
/// How much is read from the stream at a time.
const CHUNK: usize = 8 << 10;

/// What the reader found next in the stream.
#[derive(Debug)]
pub enum Frame {
    /// A well-formed JSON-RPC request, notification or response.
    Message(Message),
    /// A frame that is not a message, with the error response it deserves.
    Malformed(Malformed),
    /// A response that is not well-formed: dropped, as JSON-RPC never answers a response.
    Ignored,
}

/// A malformed frame: the JSON-RPC error to answer it with.
#[derive(Debug, Clone)]
pub struct Malformed {
    pub code: ErrorCode,
    /// What was wrong, without the frame's contents.
    pub message: String,
    /// The request's id when it could be read, else `null`.
    pub id: Value,
}

impl Malformed {
    fn new(code: ErrorCode, message: impl Into<String>) -> Malformed {
        Malformed {
            code,
            message: message.into(),
            id: Value::Null,
        }
    }

    /// The error response, as the JSON text of a frame's body.
    pub fn response(&self) -> String {
        json!({
            "jsonrpc": "2.0",
            "id": self.id,
            "error": { "code": self.code as i32, "message": self.message },
        })
        .to_string()
    }
}

/// Reads frames from a byte stream; see the module documentation.
pub struct FrameReader<R> {
    inner: R,
    /// Bytes read from `inner` (or pushed back) and not consumed yet: `buf[pos..]`.
    buf: Vec<u8>,
    pos: usize,
    eof: bool,
    /// Bytes between frames that were skipped since the last frame.
    skipped: usize,
}

/// What the header block of a frame said about the body's length.
enum Length {
    Missing,
    Invalid,
    TooLarge,
    Bytes(u64),
}

impl<R: Read> FrameReader<R> {
    pub fn new(inner: R) -> FrameReader<R> {
        FrameReader {
            inner,
            buf: Vec::new(),
            pos: 0,
            eof: false,
            skipped: 0,
        }
    }

    /// Bytes skipped between frames (not part of any frame) since the last call.
    pub fn take_skipped(&mut self) -> usize {
        std::mem::take(&mut self.skipped)
    }

    /// The next frame; `None` at the end of the stream (a frame cut off by the end is
    /// dropped: the client is gone). Only an I/O error of the stream is an error.
    pub fn next_frame(&mut self) -> io::Result<Option<Frame>> {
        let mut length = Length::Missing;
        let mut header_bytes = 0;
        let mut in_header = false;
        // The block is longer than a header block may be: dropped whole, with its body.
        let mut too_long = false;
        loop {
            let Some(line) = self.line()? else {
                return Ok(None);
            };
            let Line::Complete(end) = line else {
                // A line longer than any header block: not a header. Skipped, up to a
                // `Content-Length` inside it (or one that may straddle the next read).
                self.skip_to_marker();
                too_long |= in_header;
                continue;
            };
            let text = &self.buf[self.pos..self.pos + end];
            let text = text.strip_suffix(b"\n").unwrap_or(text);
            let text = text.strip_suffix(b"\r").unwrap_or(text);
            if text.is_empty() {
                self.consume(end);
                if in_header {
                    break;
                }
                // Blank lines between frames.
                continue;
            }
            if let Some(i) = find_marker(&text[1..]) {
                // Bytes in front of a `Content-Length`: the rest of a frame whose length was
                // wrong, or noise. The header starts the next frame.
                self.skip(i + 1);
                continue;
            }
            match header(text) {
                Some((name, value)) => {
                    if name.eq_ignore_ascii_case(CONTENT_LENGTH) {
                        length = content_length(value);
                    }
                    header_bytes += end;
                    too_long |= header_bytes > MAX_HEADER;
                    in_header = true;
                    self.consume(end);
                }
                // Not a header: noise between frames, skipped.
                None => self.skip(end),
            }
        }
        if too_long {
            if let Length::Bytes(n) = length
                && !self.discard(n)?
            {
                return Ok(None);
            }
            return Ok(Some(Frame::Malformed(Malformed::new(
                ErrorCode::ParseError,
                format!("the header block is longer than {MAX_HEADER} bytes"),
            ))));
        }
        let length = match length {
            Length::Bytes(n) => n,
            Length::Missing => {
                return Ok(Some(Frame::Malformed(Malformed::new(
                    ErrorCode::ParseError,
                    "a message without a Content-Length header",
                ))));
            }
            Length::Invalid => {
                return Ok(Some(Frame::Malformed(Malformed::new(
                    ErrorCode::ParseError,
                    "the Content-Length header is not a number",
                ))));
            }
            Length::TooLarge => {
                // Refused unread: the bytes that follow are searched for the next frame.
                return Ok(Some(Frame::Malformed(Malformed::new(
                    ErrorCode::InvalidRequest,
                    format!("a message longer than {} MiB is refused", MAX_BODY >> 20),
                ))));
            }
        };
        let Some(body) = self.body(length)? else {
            return Ok(None);
        };
        Ok(Some(self.parse(body)))
    }

    /// A body of `len` bytes, allocated as its bytes arrive; `None` if the stream ends first.
    fn body(&mut self, len: u64) -> io::Result<Option<Vec<u8>>> {
        let buffered = (self.buf.len() - self.pos).min(len as usize);
        let mut body = self.buf[self.pos..self.pos + buffered].to_vec();
        self.consume(buffered);
        let rest = len - buffered as u64;
        if rest > 0 {
            (&mut self.inner).take(rest).read_to_end(&mut body)?;
            if (body.len() as u64) < len {
                self.eof = true;
                return Ok(None);
            }
        }
        Ok(Some(body))
    }

    /// Reads and forgets `len` bytes; `false` if the stream ends first.
    fn discard(&mut self, len: u64) -> io::Result<bool> {
        let buffered = (self.buf.len() - self.pos).min(len as usize);
        self.consume(buffered);
        let rest = len - buffered as u64;
        if rest > 0 && io::copy(&mut (&mut self.inner).take(rest), &mut io::sink())? < rest {
            self.eof = true;
            return Ok(false);
        }
        Ok(true)
    }

    /// The message in a frame's body, or the error it deserves.
    fn parse(&mut self, body: Vec<u8>) -> Frame {
        let mut values = serde_json::Deserializer::from_slice(&body).into_iter::<Value>();
        let value = match values.next() {
            Some(Ok(value)) => value,
            Some(Err(e)) => {
                return Frame::Malformed(Malformed::new(
                    ErrorCode::ParseError,
                    format!("the message is not JSON: {}", describe(&e)),
                ));
            }
            None => {
                return Frame::Malformed(Malformed::new(ErrorCode::ParseError, "an empty message"));
            }
        };
        let end = values.byte_offset();
        if body[end..].iter().any(|b| !b.is_ascii_whitespace()) {
            // The header claimed more bytes than the message has: what follows it is likely
            // the next frame, read too early. It is read again, as frames.
            self.unread(&body[end..]);
            let mut m = Malformed::new(
                ErrorCode::InvalidRequest,
                "the Content-Length header is longer than the message",
            );
            m.id = request_id(&value);
            return Frame::Malformed(m);
        }
        classify(value)
    }

    /// The next line: `Complete(len)` when a line end is buffered within the header cap
    /// (`len` includes it), `TooLong` when none is, `None` at the end of the stream.
    fn line(&mut self) -> io::Result<Option<Line>> {
        let mut searched = 0;
        loop {
            let avail = &self.buf[self.pos..];
            if let Some(i) = memchr::memchr(b'\n', &avail[searched..]) {
                return Ok(Some(Line::Complete(searched + i + 1)));
            }
            searched = avail.len();
            if avail.len() > MAX_HEADER {
                return Ok(Some(Line::TooLong));
            }
            if self.fill()? == 0 {
                // The stream ends in the middle of a line (or between frames).
                self.skipped += self.buf.len() - self.pos;
                self.consume(self.buf.len() - self.pos);
                return Ok(None);
            }
        }
    }

    /// Skips buffered bytes up to the next `Content-Length` after the first byte, or all but
    /// the last few (the start of one the next read completes). At least one byte is skipped.
    fn skip_to_marker(&mut self) {
        let avail = &self.buf[self.pos..];
        let n = match find_marker(&avail[1..]) {
            Some(i) => i + 1,
            None => avail.len().saturating_sub(CONTENT_LENGTH.len() - 1).max(1),
        };
        self.skip(n);
    }

    /// Reads one chunk more into the buffer; the number of bytes read (0 at the end).
    fn fill(&mut self) -> io::Result<usize> {
        if self.eof {
            return Ok(0);
        }
        if self.pos > 0 && self.pos >= self.buf.len() / 2 {
            self.buf.drain(..self.pos);
            self.pos = 0;
        }
        let start = self.buf.len();
        self.buf.resize(start + CHUNK, 0);
        let n = loop {
            match self.inner.read(&mut self.buf[start..]) {
                Ok(n) => break n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    self.buf.truncate(start);
                    return Err(e);
                }
            }
        };
        self.buf.truncate(start + n);
        if n == 0 {
            self.eof = true;
        }
        Ok(n)
    }

    fn consume(&mut self, n: usize) {
        self.pos += n;
        if self.pos == self.buf.len() {
            self.buf.clear();
            self.pos = 0;
        }
    }

    fn skip(&mut self, n: usize) {
        self.skipped += n;
        self.consume(n);
    }

    /// Puts bytes back in front of the buffer, to be read again.
    fn unread(&mut self, bytes: &[u8]) {
        let rest = self.buf.split_off(self.pos);
        self.buf.clear();
        self.buf.extend_from_slice(bytes);
        self.buf.extend_from_slice(&rest);
        self.pos = 0;
    }
}

enum Line {
    Complete(usize),
    TooLong,
}

/// `Name: value` of a header line, when it is one (the name a token, as HTTP has it).
fn header(line: &[u8]) -> Option<(&[u8], &[u8])> {
    let colon = memchr::memchr(b':', line)?;
    let (name, value) = (&line[..colon], &line[colon + 1..]);
    let token = |b: &u8| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(b);
    (!name.is_empty() && name.iter().all(token)).then_some((name, value.trim_ascii()))
}

fn content_length(value: &[u8]) -> Length {
    if value.is_empty() || !value.iter().all(u8::is_ascii_digit) {
        return Length::Invalid;
    }
    // Digits only: a parse error can only be an overflow.
    match std::str::from_utf8(value)
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
    {
        Some(n) if n <= MAX_BODY => Length::Bytes(n),
        _ => Length::TooLarge,
    }
}

/// Where `Content-Length` (in any case) starts in `bytes`.
fn find_marker(bytes: &[u8]) -> Option<usize> {
    memchr::memchr2_iter(b'c', b'C', bytes).find(|&i| {
        bytes[i..]
            .get(..CONTENT_LENGTH.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(CONTENT_LENGTH))
    })
}

/// A JSON error without the text around it (a frame's contents are not echoed).
fn describe(e: &serde_json::Error) -> String {
    use serde_json::error::Category;
    match e.classify() {
        Category::Eof => "it ends early (is the Content-Length header too short?)".to_string(),
        Category::Io | Category::Syntax | Category::Data => {
            format!("invalid at line {} column {}", e.line(), e.column())
        }
    }
}

/// A request's id as JSON-RPC allows it to be echoed: a number or a string, else `null`.
fn request_id(value: &Value) -> Value {
    match value.get("id") {
        Some(id @ (Value::Number(_) | Value::String(_))) => id.clone(),
        _ => Value::Null,
    }
}

/// A JSON value as a message: requests and notifications need a string `method`, and ids
/// are integers or strings; responses the server cannot match are dropped, never answered.
fn classify(value: Value) -> Frame {
    let invalid = |value: &Value, message: &str| {
        let mut m = Malformed::new(ErrorCode::InvalidRequest, message);
        m.id = request_id(value);
        Frame::Malformed(m)
    };
    let Some(object) = value.as_object() else {
        return invalid(&value, "a message must be a JSON object");
    };
    match object.get("method") {
        Some(Value::String(_)) => {}
        Some(_) => return invalid(&value, "`method` must be a string"),
        None if object.contains_key("result") || object.contains_key("error") => {
            // A response the server cannot match to a request of its own (its id is not one
            // the server uses, say): JSON-RPC never answers a response.
            return serde_json::from_value(value).map_or(Frame::Ignored, Frame::Message);
        }
        None => {
            return invalid(
                &value,
                "a message needs a `method`, or a `result` or `error`",
            );
        }
    }
    if let Some(id) = object.get("id") {
        let fits = match id {
            Value::Number(n) => n.as_i64().is_some_and(|n| i32::try_from(n).is_ok()),
            Value::String(_) => true,
            _ => false,
        };
        if !fits {
            return invalid(
                &value,
                "a request id must be a string or an integer of 32 bits",
            );
        }
    }
    let id = request_id(&value);
    match serde_json::from_value(value) {
        Ok(msg) => Frame::Message(msg),
        Err(_) => Frame::Malformed(Malformed {
            id,
            ..Malformed::new(
                ErrorCode::InvalidRequest,
                "not a JSON-RPC request or notification",
            )
        }),
    }
}

/// The server's end of a connection: well-formed messages in, serialized ones out.
pub struct Connection {
    pub sender: Sender<Outgoing>,
    pub receiver: Receiver<Message>,
}

/// A JSON-RPC message serialized by the server, for the writer thread to frame and write.
///
/// A notification is serialized straight from its `lsp-types` structs: sent as an
/// `lsp_server::Notification`, its params would be built as a `serde_json::Value` tree first,
/// then written from it and freed, which for a document's hundreds of diagnostics costs more
/// than the writing itself, on every edit.
pub struct Outgoing(String);

impl Outgoing {
    pub fn message(msg: &Message) -> serde_json::Result<Outgoing> {
        #[derive(Serialize)]
        struct JsonRpc<'a> {
            jsonrpc: &'static str,
            #[serde(flatten)]
            msg: &'a Message,
        }
        serde_json::to_string(&JsonRpc {
            jsonrpc: "2.0",
            msg,
        })
        .map(Outgoing)
    }

    pub fn notification(method: &str, params: &impl Serialize) -> serde_json::Result<Outgoing> {
        #[derive(Serialize)]
        struct JsonRpc<'a, P> {
            jsonrpc: &'static str,
            method: &'a str,
            params: &'a P,
        }
        let msg = JsonRpc {
            jsonrpc: "2.0",
            method,
            params,
        };
        serde_json::to_string(&msg).map(Outgoing)
    }
}

/// Writes one `Content-Length` framed message body.
fn write_frame(out: &mut impl Write, body: &str) -> io::Result<()> {
    write!(out, "Content-Length: {}\r\n\r\n{body}", body.len())?;
    out.flush()
}

/// The reader and writer threads of [`stdio`].
pub struct IoThreads {
    reader: thread::JoinHandle<io::Result<()>>,
    writer: thread::JoinHandle<io::Result<()>>,
}

impl IoThreads {
    /// Waits for both threads: the reader ends after `exit` or at the end of input, the
    /// writer once every sender of the connection is dropped.
    pub fn join(self) -> io::Result<()> {
        let reader = self.reader.join();
        let writer = self.writer.join();
        for result in [reader, writer] {
            result.map_err(|_| io::Error::other("an I/O thread panicked"))??;
        }
        Ok(())
    }
}

/// A connection over stdin and stdout.
pub fn stdio() -> (Connection, IoThreads) {
    spawn(io::stdin(), io::stdout())
}

/// A connection reading frames from `input` and writing to `output`, each on its own
/// thread. Malformed frames are answered by the reader thread itself and logged on stderr
/// (the client's server log) without their contents; the connection delivers only
/// well-formed messages, `exit` last.
pub fn spawn<R, W>(input: R, output: W) -> (Connection, IoThreads)
where
    R: Read + Send + 'static,
    W: Write + Send + 'static,
{
    let output = Arc::new(Mutex::new(output));
    let (to_writer, from_server) = bounded::<Outgoing>(0);
    let (to_server, from_reader) = bounded::<Message>(0);
    let out = Arc::clone(&output);
    let writer = thread::Builder::new()
        .name("lsp-writer".to_string())
        .spawn(move || {
            for Outgoing(body) in from_server {
                let mut out = out.lock().unwrap_or_else(|e| e.into_inner());
                write_frame(&mut *out, &body)?;
            }
            Ok(())
        })
        .expect("spawn the writer thread");
    let reader = thread::Builder::new()
        .name("lsp-reader".to_string())
        .spawn(move || {
            let mut frames = FrameReader::new(input);
            while let Some(frame) = frames.next_frame()? {
                let skipped = frames.take_skipped();
                if skipped > 0 {
                    eprintln!("translint lsp: skipped {skipped} bytes that are not a message");
                }
                match frame {
                    Frame::Message(msg) => {
                        let exit = matches!(&msg, Message::Notification(n) if n.method == "exit");
                        if to_server.send(msg).is_err() || exit {
                            break;
                        }
                    }
                    Frame::Malformed(m) => {
                        eprintln!("translint lsp: malformed message: {}", m.message);
                        let body = m.response();
                        let mut out = output.lock().unwrap_or_else(|e| e.into_inner());
                        write_frame(&mut *out, &body)?;
                    }
                    Frame::Ignored => eprintln!("translint lsp: ignored a malformed response"),
                }
            }
            Ok(())
        })
        .expect("spawn the reader thread");
    (
        Connection {
            sender: to_writer,
            receiver: from_reader,
        },
        IoThreads { reader, writer },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every frame of a stream, read one byte at a time (so every buffer boundary is met).
    fn frames(bytes: &[u8]) -> Vec<Frame> {
        struct Trickle<'a>(&'a [u8]);
        impl Read for Trickle<'_> {
            fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                let n = self.0.len().min(buf.len()).min(1);
                buf[..n].copy_from_slice(&self.0[..n]);
                self.0 = &self.0[n..];
                Ok(n)
            }
        }
        let mut reader = FrameReader::new(Trickle(bytes));
        std::iter::from_fn(|| reader.next_frame().unwrap()).collect()
    }

    fn frame(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    /// The methods of the messages, and the error codes of the malformed frames.
    fn outline(frames: &[Frame]) -> Vec<String> {
        frames
            .iter()
            .map(|f| match f {
                Frame::Message(Message::Request(r)) => r.method.clone(),
                Frame::Message(Message::Notification(n)) => n.method.clone(),
                Frame::Message(Message::Response(r)) => format!("response {}", r.id),
                Frame::Malformed(m) => format!("error {}", m.code as i32),
                Frame::Ignored => "ignored".to_string(),
            })
            .collect()
    }

    const PING: &str = r#"{"jsonrpc":"2.0","id":1,"method":"ping"}"#;

    #[test]
    fn headers_in_any_case_with_line_feeds_only_and_blank_lines_between_frames() {
        let stream = format!(
            "\r\n\r\ncontent-length:{}\nContent-Type: application/vscode-jsonrpc; charset=utf-8\n\n{PING}{}",
            PING.len(),
            frame(r#"{"jsonrpc":"2.0","id":2,"result":null}"#)
        );
        assert_eq!(outline(&frames(stream.as_bytes())), ["ping", "response 2"]);
    }

    #[test]
    fn a_header_block_past_the_cap_is_an_error_and_the_next_frame_is_read() {
        let pad = "X-Pad: 0123456789\r\n".repeat(MAX_HEADER / 10);
        let stream = format!("{pad}\r\n{}", frame(PING));
        assert_eq!(
            outline(&frames(stream.as_bytes())),
            ["error -32700", "ping"]
        );
        // With a Content-Length, the body it announces is dropped with the block.
        let stream = format!("{pad}{}{}", frame(PING), frame(PING));
        assert_eq!(
            outline(&frames(stream.as_bytes())),
            ["error -32700", "ping"]
        );
    }

    #[test]
    fn the_next_frame_is_found_after_noise_even_across_buffer_boundaries() {
        // Noise longer than a header block, whose end holds the start of the next frame.
        for pad in [0, 1, CHUNK - 7, CHUNK, MAX_HEADER + 3] {
            let stream = format!("{}{}", "y".repeat(MAX_HEADER + pad), frame(PING));
            let mut reader = FrameReader::new(stream.as_bytes());
            let frame = reader.next_frame().unwrap();
            assert_eq!(outline(&frame.into_iter().collect::<Vec<_>>()), ["ping"]);
            assert_eq!(reader.take_skipped(), MAX_HEADER + pad);
        }
    }

    #[test]
    fn a_responses_without_an_id_is_ignored_and_errors_carry_the_id_they_can() {
        let stream = [
            frame(r#"{"jsonrpc":"2.0","id":null,"error":{"code":1,"message":"x"}}"#),
            frame(r#"{"jsonrpc":"2.0","id":"a","method":5}"#),
            frame(r#"{"jsonrpc":"2.0","id":4294967296,"method":"m"}"#),
            frame(r#"{"jsonrpc":"2.0"}"#),
        ]
        .concat();
        let got = frames(stream.as_bytes());
        assert_eq!(
            outline(&got),
            ["ignored", "error -32600", "error -32600", "error -32600"]
        );
        let ids: Vec<_> = got
            .iter()
            .filter_map(|f| match f {
                Frame::Malformed(m) => Some(m.id.clone()),
                _ => None,
            })
            .collect();
        assert_eq!(ids, [json!("a"), json!(4294967296u64), Value::Null]);
    }

    #[test]
    fn a_frame_cut_off_by_the_end_of_the_stream_is_dropped() {
        let stream = format!("{}Content-Length: 99\r\n\r\n{{\"jsonrpc\"", frame(PING));
        assert_eq!(outline(&frames(stream.as_bytes())), ["ping"]);
        assert_eq!(outline(&frames(b"Content-Len")), Vec::<String>::new());
    }

    #[test]
    fn error_responses_are_json_rpc_and_do_not_echo_the_frame() {
        let stream = frame(r#"{"secret": tru}"#);
        let got = frames(stream.as_bytes());
        let Frame::Malformed(m) = &got[0] else {
            panic!("{got:?}")
        };
        let response: Value = serde_json::from_str(&m.response()).unwrap();
        assert_eq!(response["id"], Value::Null);
        assert_eq!(response["error"]["code"], json!(-32700));
        assert!(!m.response().contains("secret"));
    }
}
