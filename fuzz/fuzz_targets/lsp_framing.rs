//! Arbitrary bytes read by the language server's framing reader, delivered in chunks of a
//! size the first byte chooses (so frames straddle reads anywhere). The reader must end at
//! the end of the stream, make progress, never hold more than the body cap, and answer every
//! malformed frame with a JSON-RPC error whose id is null, a number or a string.
#![no_main]

use std::io::{self, Read};

use libfuzzer_sys::fuzz_target;
use translint::lsp::transport::{Frame, FrameReader};

/// A stream that hands out at most `chunk` bytes per read.
struct Chunked<'a> {
    data: &'a [u8],
    chunk: usize,
}

impl Read for Chunked<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.data.len().min(buf.len()).min(self.chunk);
        buf[..n].copy_from_slice(&self.data[..n]);
        self.data = &self.data[n..];
        Ok(n)
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&first, stream)) = data.split_first() else {
        return;
    };
    let chunk = match first {
        0 => usize::MAX,
        n => usize::from(n),
    };
    let mut reader = FrameReader::new(Chunked {
        data: stream,
        chunk,
    });
    let mut frames = 0;
    while let Some(frame) = reader
        .next_frame()
        .expect("reading from memory cannot fail")
    {
        frames += 1;
        // Every frame takes at least a line end or a header: no loop without progress.
        assert!(frames <= stream.len(), "more frames than bytes");
        match frame {
            Frame::Message(msg) => {
                let mut out = Vec::new();
                msg.write(&mut out).expect("a message read can be written");
            }
            Frame::Malformed(m) => {
                let response: serde_json::Value =
                    serde_json::from_str(&m.response()).expect("the error response is JSON");
                assert!(matches!(
                    response["id"],
                    serde_json::Value::Null
                        | serde_json::Value::Number(_)
                        | serde_json::Value::String(_)
                ));
                let code = response["error"]["code"].as_i64().unwrap();
                assert!(code == -32700 || code == -32600, "code {code}");
            }
            Frame::Ignored => {}
        }
    }
});
