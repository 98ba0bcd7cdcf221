//! Files of records, as the cache and shards keep summaries: each record a header in JSON
//! (what a reader looks an entry up by: one line, as compact JSON holds no newline) and a body
//! of bytes (a [`crate::summary::Summary`] in postcard's encoding), written
//! `HEADER \t LENGTH \n BODY \n`. A reader finds every header without decoding a body, and
//! the bytes of a record can be copied from one file to the next as they are.

use std::io::{BufRead, Read, Write};
use std::ops::Range;

/// Longest header read: a path of a few KB at most; more is not a file of records.
const MAX_HEADER: usize = 1 << 16;

/// Appends the record of `header` (JSON, without a newline) and `body` to `out`.
pub fn put(out: &mut Vec<u8>, header: &[u8], body: &[u8]) {
    debug_assert!(!header.contains(&b'\n') && !header.contains(&b'\t'));
    out.extend_from_slice(header);
    out.push(b'\t');
    let mut len = itoa::Buffer::new();
    out.extend_from_slice(len.format(body.len()).as_bytes());
    out.push(b'\n');
    out.extend_from_slice(body);
    out.push(b'\n');
}

/// One record read, as ranges of the buffer it was read into and of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub header: Range<usize>,
    pub body: Range<usize>,
    /// The whole record, in the file: what copies it.
    pub in_file: Range<usize>,
}

/// Reads records one after the other, counting where each is in the file.
pub struct Reader<R> {
    from: R,
    at: usize,
}

impl<R: BufRead> Reader<R> {
    /// Records from `from`, which starts at offset `at` of its file.
    pub fn new(from: R, at: usize) -> Reader<R> {
        Reader { from, at }
    }

    /// Appends the next record to `buf` and says where it is; `None` at the end of the file.
    /// A record cut short or not as [`put`] writes it is an error that says where it starts.
    pub fn next_into(&mut self, buf: &mut Vec<u8>) -> std::io::Result<Option<Record>> {
        let start = buf.len();
        let bad = |why: &str| {
            std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!("byte {}: {why}", self.at),
            )
        };
        let n = (&mut self.from)
            .take(MAX_HEADER as u64)
            .read_until(b'\t', buf)?;
        if n == 0 {
            return Ok(None);
        }
        if buf.last() != Some(&b'\t') {
            return Err(bad("a record's header has no end"));
        }
        let header = start..buf.len() - 1;
        if buf[header.clone()].contains(&b'\n') {
            return Err(bad("a record's header spans lines"));
        }
        let len_at = buf.len();
        let len_line = (&mut self.from).take(24).read_until(b'\n', buf)?;
        let len = std::str::from_utf8(&buf[len_at..])
            .ok()
            .and_then(|l| l.strip_suffix('\n')?.parse::<usize>().ok())
            .ok_or_else(|| bad("a record's length is not a number"))?;
        buf.truncate(len_at);
        let body = buf.len()..buf.len() + len;
        // Read as it comes, not allocated from the length first: a corrupt length must not
        // allocate more than the file holds.
        let got = (&mut self.from).take(len as u64 + 1).read_to_end(buf)?;
        if got != len + 1 || buf.pop() != Some(b'\n') {
            return Err(bad("a record's body does not end where its length says"));
        }
        let in_file = self.at..self.at + n + len_line + got;
        self.at = in_file.end;
        Ok(Some(Record {
            header,
            body,
            in_file,
        }))
    }
}

/// Writes the bytes of every record of `file` in `ranges` (sorted, from [`Record::in_file`])
/// to `w`, as they are.
pub fn copy(
    file: std::fs::File,
    ranges: &[Range<usize>],
    w: &mut impl Write,
) -> std::io::Result<()> {
    let mut file = std::io::BufReader::new(file);
    let (mut at, mut record) = (0, Vec::new());
    for range in ranges {
        file.seek_relative((range.start - at) as i64)?;
        record.clear();
        (&mut file)
            .take(range.len() as u64)
            .read_to_end(&mut record)?;
        if record.len() != range.len() {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        at = range.end;
        w.write_all(&record)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(records: &[(&str, &[u8])]) -> Vec<u8> {
        let mut out = Vec::new();
        for (header, body) in records {
            put(&mut out, header.as_bytes(), body);
        }
        out
    }

    /// A record read back: its header, its body and where it is in the file.
    type Read = (String, Vec<u8>, Range<usize>);

    fn read_all(file: &[u8]) -> std::io::Result<Vec<Read>> {
        let mut reader = Reader::new(file, 0);
        let mut out = Vec::new();
        let mut buf = Vec::new();
        while let Some(r) = reader.next_into(&mut buf)? {
            let header = String::from_utf8(buf[r.header].to_vec()).unwrap();
            out.push((header, buf[r.body].to_vec(), r.in_file));
        }
        Ok(out)
    }

    #[test]
    fn records_read_back_as_written_whatever_bytes_their_bodies_hold() {
        let every_byte: Vec<u8> = (0..=255).collect();
        let records: [(&str, &[u8]); 4] = [
            (r#"{"path":"a"}"#, b"\n\t\n"),
            (r#"{"path":"b"}"#, b""),
            (r#"{"path":"c\td"}"#, &every_byte),
            (r#"{}"#, b"1234567890"),
        ];
        let file = written(&records);
        let read = read_all(&file).unwrap();
        assert_eq!(read.len(), records.len());
        for ((header, body, in_file), (want_header, want_body)) in read.iter().zip(records) {
            assert_eq!((header.as_str(), body.as_slice()), (want_header, want_body));
            // The range in the file is the record's bytes exactly: what `copy` copies.
            assert_eq!(
                file[in_file.clone()],
                written(&[(want_header, want_body)])[..]
            );
        }
        // Copied by range, records make the same file.
        let ranges: Vec<_> = read.iter().map(|(.., r)| r.clone()).collect();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("records");
        std::fs::write(&path, &file).unwrap();
        let mut copied = Vec::new();
        copy(
            std::fs::File::open(&path).unwrap(),
            &ranges[1..3],
            &mut copied,
        )
        .unwrap();
        assert_eq!(copied, file[ranges[1].start..ranges[2].end]);
    }

    #[test]
    fn a_damaged_file_is_an_error_that_says_where() {
        let file = written(&[(r#"{"path":"a"}"#, b"body"), (r#"{"path":"b"}"#, b"more")]);
        let second = read_all(&file).unwrap()[1].2.start;
        let body_end = "a record's body does not end where its length says";
        let damaged: Vec<(Vec<u8>, &str)> = vec![
            (file[..file.len() - 1].to_vec(), body_end),
            (file[..second + 5].to_vec(), "a record's header has no end"),
            (
                [&file[..second], b"{}\tx\nbody\n"].concat(),
                "a record's length is not a number",
            ),
            ([&file[..second], b"{}\t99\nbody\n"].concat(), body_end),
            ([&file[..second], b"{}\t3\nbody\n"].concat(), body_end),
            (
                [&file[..second], b"{\n}\t4\nbody\n"].concat(),
                "a record's header spans lines",
            ),
        ];
        for (bytes, why) in damaged {
            let e = read_all(&bytes).unwrap_err();
            assert_eq!(e.kind(), std::io::ErrorKind::InvalidData);
            assert_eq!(e.to_string(), format!("byte {second}: {why}"));
        }
        assert!(read_all(b"").unwrap().is_empty());
    }
}
