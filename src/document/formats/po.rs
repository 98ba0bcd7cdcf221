//! A gettext PO/POT reader that keeps byte positions.
//!
//! Entries are read line by line: comments (`#,` flags; `#~` obsolete entries are skipped),
//! keywords (`msgctxt`, `msgid`, `msgid_plural`, `msgstr`, `msgstr[N]`) and C strings, which
//! may continue on following lines. Each translated form (`msgstr`, or each `msgstr[N]`) is a
//! segment whose source is `msgid` (`msgid_plural` for forms after the first, and for the only
//! form of a one-form language). Untranslated entries and the header are not segments.

use std::ops::Range;

use super::{FormatError, Parsed, guess_language, line_around, primary_language};
use crate::document::{Bitext, FileId, Segment, Span};

/// One C string on one line: the bytes between the quotes, its value, and which of those
/// bytes are literal characters (not escapes).
#[derive(Debug)]
struct Str {
    content: Range<usize>,
    value: String,
    literal: Vec<Range<usize>>,
    /// Offsets of `\"` escapes.
    quotes: Vec<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Keyword {
    Ctxt,
    Id,
    IdPlural,
    /// `msgstr` (`None`) or `msgstr[N]`.
    Str(Option<usize>),
}

#[derive(Debug)]
struct Field {
    keyword: Keyword,
    /// The keyword's line, for errors.
    line: Range<usize>,
    strings: Vec<Str>,
}

impl Field {
    fn value(&self) -> String {
        self.strings.iter().map(|s| s.value.as_str()).collect()
    }

    /// From the first to the last byte of non-empty string content; the first string's
    /// (empty) content when all are empty.
    fn target(&self) -> Range<usize> {
        let mut nonempty = self.strings.iter().filter(|s| !s.content.is_empty());
        match (
            nonempty.next(),
            self.strings.iter().rfind(|s| !s.content.is_empty()),
        ) {
            (Some(first), Some(last)) => first.content.start..last.content.end,
            _ => self.strings.first().map_or(0..0, |s| s.content.clone()),
        }
    }
}

#[derive(Debug, Default)]
struct Entry {
    flags: Vec<String>,
    fields: Vec<Field>,
}

impl Entry {
    fn field(&self, keyword: Keyword) -> Option<&Field> {
        self.fields.iter().find(|f| f.keyword == keyword)
    }

    fn has_msgstr(&self) -> bool {
        self.fields
            .iter()
            .any(|f| matches!(f.keyword, Keyword::Str(_)))
    }
}

pub fn parse(text: &str, file: FileId) -> Result<Parsed, FormatError> {
    let entries = read_entries(text)?;
    let mut segments = Vec::new();
    let mut literal = Vec::new();
    let mut shown = Vec::new();
    let mut target_lang = String::new();
    let mut nplurals = None;
    for entry in &entries {
        let id = entry.field(Keyword::Id).ok_or_else(|| {
            let line = entry.fields.first().map_or(0..0, |f| f.line.clone());
            FormatError::new(line, "entry has no `msgid`")
        })?;
        if !entry.has_msgstr() {
            return Err(FormatError::new(
                id.line.clone(),
                "`msgid` without `msgstr`",
            ));
        }
        let plural = entry.field(Keyword::IdPlural);
        for f in &entry.fields {
            let wrong = match (f.keyword, plural) {
                (Keyword::Str(Some(_)), None) => Some("`msgstr[N]` without `msgid_plural`"),
                (Keyword::Str(None), Some(_)) => {
                    Some("`msgid_plural` needs `msgstr[0]`, `msgstr[1]`..., not `msgstr`")
                }
                _ => None,
            };
            if let Some(message) = wrong {
                return Err(FormatError::new(f.line.clone(), message));
            }
        }
        let id_value = id.value();
        if id_value.is_empty() && entry.field(Keyword::Ctxt).is_none() {
            // The header: metadata, not a translation.
            if let Some(header) = entry.field(Keyword::Str(None)) {
                for line in header.value().lines() {
                    if let Some(lang) = line.strip_prefix("Language:") {
                        target_lang = primary_language(lang);
                    } else if let Some(forms) = line.strip_prefix("Plural-Forms:") {
                        nplurals = forms
                            .split(';')
                            .find_map(|p| p.trim().strip_prefix("nplurals="))
                            .and_then(|n| n.trim().parse::<usize>().ok());
                    }
                }
            }
            continue;
        }
        let forms: Vec<&Field> = entry
            .fields
            .iter()
            .filter(|f| matches!(f.keyword, Keyword::Str(_)))
            .collect();
        if forms
            .iter()
            .all(|f| f.strings.iter().all(|s| s.value.is_empty()))
        {
            continue;
        }
        let plural_value = plural.map(Field::value);
        for form in forms {
            let Keyword::Str(n) = form.keyword else {
                continue;
            };
            let (source, span) = match (&plural_value, plural) {
                (Some(pv), Some(pf)) if n.unwrap_or(0) >= 1 || nplurals == Some(1) => {
                    (pv.clone(), pf.target())
                }
                _ => (id_value.clone(), id.target()),
            };
            literal.extend(form.strings.iter().flat_map(|s| s.literal.iter().cloned()));
            shown.extend(
                form.strings
                    .iter()
                    .flat_map(|s| s.quotes.iter().map(|&q| (q, b'"'))),
            );
            segments.push(Segment {
                source,
                target: form.target(),
                source_span: Some(Span::new(file, span)),
                flags: entry.flags.clone(),
            });
        }
    }
    if target_lang.is_empty() {
        let sample: String = segments
            .iter()
            .take(50)
            .map(|s| &text[s.target.clone()])
            .collect();
        target_lang = guess_language(&sample).to_string();
    }
    Ok(Parsed {
        bitext: Bitext {
            source_lang: "en".to_string(),
            target_lang,
            segments,
        },
        text: literal,
        shown,
    })
}

fn read_entries(text: &str) -> Result<Vec<Entry>, FormatError> {
    let mut entries = Vec::new();
    let mut entry = Entry::default();
    let mut offset = if text.starts_with('\u{feff}') { 3 } else { 0 };
    while offset < text.len() {
        let end =
            memchr::memchr(b'\n', &text.as_bytes()[offset..]).map_or(text.len(), |i| offset + i);
        let line = offset..end;
        let next = end + 1;
        let raw = text[line.clone()].trim_end_matches('\r');
        let body = raw.trim_start();
        let start = line.start + (raw.len() - body.len());
        offset = next;
        if body.is_empty() {
            if !entry.fields.is_empty() {
                entries.push(std::mem::take(&mut entry));
            }
            continue;
        }
        if body.starts_with("#~") {
            continue;
        }
        if let Some(flags) = body.strip_prefix("#,") {
            entry.flags.extend(
                flags
                    .split(',')
                    .map(|f| f.trim().to_string())
                    .filter(|f| !f.is_empty()),
            );
            continue;
        }
        if body.starts_with('#') {
            continue;
        }
        if body.starts_with('"') {
            let Some(field) = entry.fields.last_mut() else {
                return Err(FormatError::new(
                    line,
                    "string outside an entry: a keyword such as `msgid` must come first",
                ));
            };
            field.strings.push(read_string(text, start, &line)?);
            continue;
        }
        let word_end = body
            .find(|c: char| c.is_ascii_whitespace() || c == '"')
            .unwrap_or(body.len());
        let keyword = match &body[..word_end] {
            "msgctxt" => Keyword::Ctxt,
            "msgid" => Keyword::Id,
            "msgid_plural" => Keyword::IdPlural,
            "msgstr" => Keyword::Str(None),
            w => match w
                .strip_prefix("msgstr[")
                .and_then(|n| n.strip_suffix(']'))
                .and_then(|n| n.parse::<usize>().ok())
            {
                Some(n) => Keyword::Str(Some(n)),
                None => {
                    return Err(FormatError::new(
                        line,
                        format!(
                            "unexpected `{}`: expected a keyword (`msgid`, `msgstr`...), a string or a comment",
                            first_word(body)
                        ),
                    ));
                }
            },
        };
        // A new msgctxt or msgid after a msgstr starts the next entry, blank line or not.
        if matches!(keyword, Keyword::Ctxt | Keyword::Id) && entry.has_msgstr() {
            entries.push(std::mem::take(&mut entry));
        }
        if entry.fields.iter().any(|f| f.keyword == keyword) {
            return Err(FormatError::new(
                line,
                format!("duplicate `{}` in one entry", &body[..word_end]),
            ));
        }
        let rest = &body[word_end..];
        let string_at = start + word_end + (rest.len() - rest.trim_start().len());
        if !text[string_at..line.end].starts_with('"') {
            return Err(FormatError::new(
                line,
                format!(
                    "`{}` must be followed by a string in double quotes",
                    &body[..word_end]
                ),
            ));
        }
        let string = read_string(text, string_at, &line)?;
        entry.fields.push(Field {
            keyword,
            line: line.clone(),
            strings: vec![string],
        });
    }
    if !entry.fields.is_empty() {
        entries.push(entry);
    }
    Ok(entries)
}

fn first_word(s: &str) -> &str {
    let end = s.find(char::is_whitespace).unwrap_or(s.len());
    let mut cut = end.min(40);
    while !s.is_char_boundary(cut) {
        cut -= 1;
    }
    &s[..cut]
}

/// Reads the C string whose opening quote is at `open`, which must end on `line`.
fn read_string(text: &str, open: usize, line: &Range<usize>) -> Result<Str, FormatError> {
    let bytes = text.as_bytes();
    let mut value = String::new();
    let mut literal = Vec::new();
    let mut quotes = Vec::new();
    let mut run = open + 1;
    let mut i = open + 1;
    let end = line.end;
    let bad = |msg: &str| FormatError::new(line_around(text, open), msg.to_string());
    while i < end {
        match bytes[i] {
            b'"' => {
                if run < i {
                    literal.push(run..i);
                    value.push_str(&text[run..i]);
                }
                let after = text[i + 1..end].trim();
                if !after.is_empty() && !after.starts_with('#') {
                    return Err(bad("unexpected text after the closing quote"));
                }
                return Ok(Str {
                    content: open + 1..i,
                    value,
                    literal,
                    quotes,
                });
            }
            b'\\' => {
                if run < i {
                    literal.push(run..i);
                    value.push_str(&text[run..i]);
                }
                let Some(&c) = bytes.get(i + 1).filter(|_| i + 1 < end) else {
                    return Err(bad("unterminated string"));
                };
                let mut len = 2;
                match c {
                    b'n' => value.push('\n'),
                    b't' => value.push('\t'),
                    b'r' => value.push('\r'),
                    b'a' => value.push('\u{7}'),
                    b'b' => value.push('\u{8}'),
                    b'f' => value.push('\u{c}'),
                    b'v' => value.push('\u{b}'),
                    b'"' => {
                        value.push('"');
                        quotes.push(i);
                    }
                    b'\\' | b'\'' | b'?' => value.push(c as char),
                    b'0'..=b'7' => {
                        let digits = bytes[i + 1..end]
                            .iter()
                            .take(3)
                            .take_while(|b| (b'0'..=b'7').contains(b))
                            .count();
                        let n = u32::from_str_radix(&text[i + 1..i + 1 + digits], 8).unwrap_or(0);
                        value.push(char::from_u32(n).unwrap_or('\u{fffd}'));
                        len = 1 + digits;
                    }
                    b'x' => {
                        let digits = bytes[i + 2..end]
                            .iter()
                            .take_while(|b| b.is_ascii_hexdigit())
                            .count();
                        if digits == 0 {
                            return Err(bad("`\\x` escape without hexadecimal digits"));
                        }
                        let n = u32::from_str_radix(&text[i + 2..i + 2 + digits.min(6)], 16)
                            .unwrap_or(0);
                        value.push(char::from_u32(n).unwrap_or('\u{fffd}'));
                        len = 2 + digits;
                    }
                    _ => return Err(bad("invalid escape sequence in string")),
                }
                i += len;
                run = i;
            }
            _ => {
                i = memchr::memchr2(b'"', b'\\', &bytes[i..end]).map_or(end, |j| i + j);
            }
        }
    }
    Err(bad(
        "unterminated string: no closing double quote on this line",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segments(text: &str) -> Vec<(String, String, Vec<String>)> {
        let parsed = parse(text, 0).unwrap();
        parsed
            .bitext
            .segments
            .iter()
            .map(|s| {
                (
                    s.source.clone(),
                    text[s.target.clone()].to_string(),
                    s.flags.clone(),
                )
            })
            .collect()
    }

    const PLURALS: &str = r#"# A comment
msgid ""
msgstr ""
"Language: ja\n"
"Plural-Forms: nplurals=1; plural=0;\n"

#: src/main.c:10
#, c-format
msgid "%d file"
msgid_plural "%d files"
msgstr[0] "%d 個のファイル"

#, fuzzy, python-format
msgctxt "menu"
msgid ""
"Open %(name)s "
"now"
msgstr ""
"今すぐ "
"%(name)s を開く"

msgid "untranslated"
msgstr ""

#~ msgid "old"
#~ msgstr "古い"
"#;

    #[test]
    fn reads_plurals_flags_context_and_multiline_strings() {
        let parsed = parse(PLURALS, 3).unwrap();
        assert_eq!(parsed.bitext.target_lang, "ja");
        assert_eq!(parsed.bitext.source_lang, "en");
        let segs = segments(PLURALS);
        assert_eq!(segs.len(), 2);
        // One plural form: it translates the plural message.
        assert_eq!(segs[0].0, "%d files");
        assert_eq!(segs[0].1, "%d 個のファイル");
        assert_eq!(segs[0].2, ["c-format"]);
        assert_eq!(segs[1].0, "Open %(name)s now");
        assert_eq!(segs[1].1, "今すぐ \"\n\"%(name)s を開く");
        assert_eq!(segs[1].2, ["fuzzy", "python-format"]);
        let span = parsed.bitext.segments[1].source_span.clone().unwrap();
        assert_eq!(span.file, 3);
        assert_eq!(&PLURALS[span.range], "Open %(name)s \"\n\"now");
        // Literal text is target text only: not the header, the msgid or the obsolete entry.
        let literal: String = parsed.text.iter().map(|r| &PLURALS[r.clone()]).collect();
        assert_eq!(literal, "%d 個のファイル今すぐ %(name)s を開く");
    }

    #[test]
    fn forms_after_the_first_translate_the_plural_message() {
        let po =
            "msgid \"a file\"\nmsgid_plural \"%d files\"\nmsgstr[0] \"one\"\nmsgstr[1] \"%d\"\n";
        let segs = segments(po);
        assert_eq!(segs[0].0, "a file");
        assert_eq!(segs[1].0, "%d files");
    }

    #[test]
    fn escapes_are_decoded_and_not_literal() {
        let po = "msgid \"a\\tb\"\nmsgstr \"x\\\"y\\n\\101\\x42\"\n";
        let parsed = parse(po, 0).unwrap();
        assert_eq!(parsed.bitext.segments[0].source, "a\tb");
        let literal: Vec<_> = parsed.text.iter().map(|r| &po[r.clone()]).collect();
        assert_eq!(literal, ["x", "y"]);
    }

    fn error_line(po: &str) -> (usize, String) {
        let e = parse(po, 0).unwrap_err();
        (po[..e.range.start].matches('\n').count() + 1, e.message)
    }

    #[test]
    fn malformed_files_point_at_the_bad_line() {
        assert_eq!(error_line("msgid \"a\"\nmsgstr \"b\n").0, 2);
        assert_eq!(
            error_line("msgid \"a\"\nmsgstr \"b\"\n\nmsgid \"c\"\n").0,
            4
        );
        assert_eq!(error_line("msgid \"a\"\nmsgstr \"b\"\nbogus\n").0, 3);
        assert_eq!(error_line("\"orphan\"\n").0, 1);
        assert_eq!(error_line("msgid \"a\"\nmsgstr \"\\q\"\n").0, 2);
        assert_eq!(error_line("msgid \"a\"\nmsgstr[0] \"b\"\n").0, 2);
        assert_eq!(error_line("msgid \"a\"\nmsgid \"b\"\nmsgstr \"\"\n").0, 2);
        assert_eq!(error_line("msgid \"a\" x\nmsgstr \"\"\n").0, 1);
    }

    #[test]
    fn never_panics_on_truncated_input() {
        let po = PLURALS;
        for cut in (0..po.len()).filter(|&i| po.is_char_boundary(i)) {
            let _ = parse(&po[..cut], 0);
        }
        for bad in [
            "\\",
            "msgid \"\\",
            "msgid \"\\x",
            "msgstr[",
            "msgstr[99999999999999999999] \"\"",
            "msgid \"\\777\"\nmsgstr \"a\"",
        ] {
            let _ = parse(bad, 0);
        }
    }
}
