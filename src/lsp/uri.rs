//! `file:` URIs ⇄ paths: percent-decoding and -encoding of the path component.
//!
//! Documents are keyed by path, not by URI string, because clients differ in what they
//! escape (`%3A` or `:`, upper- or lower-case hex); the client's own URI is kept for replies.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use lsp_types::Uri;

/// The local path of a `file:` URI; `None` for other schemes (`untitled:`) and remote hosts.
pub fn to_path(uri: &Uri) -> Option<PathBuf> {
    let rest = uri.as_str().strip_prefix("file://")?;
    // `file:///p` (empty host) or `file://localhost/p`.
    let path = rest.strip_prefix("localhost").unwrap_or(rest);
    if !path.starts_with('/') {
        return None;
    }
    let path = path.split(['?', '#']).next().unwrap_or(path);
    let decoded = String::from_utf8(percent_decode(path)).ok()?;
    Some(native(decoded))
}

#[cfg(windows)]
fn native(decoded: String) -> PathBuf {
    // `/C:/dir` → `C:/dir`.
    let bytes = decoded.as_bytes();
    if bytes.len() >= 3 && bytes[0] == b'/' && bytes[2] == b':' {
        return PathBuf::from(&decoded[1..]);
    }
    PathBuf::from(decoded)
}

#[cfg(not(windows))]
fn native(decoded: String) -> PathBuf {
    PathBuf::from(decoded)
}

/// The `file:` URI of an absolute path.
pub fn from_path(path: &Path) -> Option<Uri> {
    let text = path.to_str()?.replace('\\', "/");
    let mut uri = String::from("file://");
    if !text.starts_with('/') {
        uri.push('/');
    }
    for &b in text.as_bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~!$&'()*+,;=:@".contains(&b) {
            uri.push(b as char);
        } else {
            uri.push_str(&format!("%{b:02X}"));
        }
    }
    Uri::from_str(&uri).ok()
}

fn percent_decode(s: &str) -> Vec<u8> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%'
            && let (Some(h), Some(l)) = (
                bytes.get(i + 1).and_then(|&b| hex(b)),
                bytes.get(i + 2).and_then(|&b| hex(b)),
            )
        {
            out.push((h * 16 + l) as u8);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    out
}

#[cfg(all(test, not(windows)))]
mod tests {
    use super::*;

    #[test]
    fn round_trips_spaces_and_non_ascii() {
        let path = Path::new("/tmp/my docs/café #1.md");
        let uri = from_path(path).unwrap();
        assert_eq!(uri.as_str(), "file:///tmp/my%20docs/caf%C3%A9%20%231.md");
        assert_eq!(to_path(&uri).unwrap(), path);
    }

    #[test]
    fn accepts_other_escapings_and_rejects_other_schemes() {
        let uri = Uri::from_str("file://localhost/a%3ab/c%2Fd").unwrap();
        assert_eq!(to_path(&uri).unwrap(), Path::new("/a:b/c/d"));
        let untitled = Uri::from_str("untitled:Untitled-1").unwrap();
        assert_eq!(to_path(&untitled), None);
    }
}
