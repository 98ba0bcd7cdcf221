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

/// One C string on one line: the bytes between the quotes, and which of those bytes are
/// literal characters (not escapes) and where its `\"` escapes are, as ranges of the entry's
/// lists of them ([`Strings`]).
#[derive(Debug, Clone)]
struct Str {
    content: Range<usize>,
    literal: Range<usize>,
    quotes: Range<usize>,
}

/// Every C string of an entry, with the literal runs and `\"` escapes of all of them in two
/// lists, so reading a string allocates nothing of its own.
#[derive(Debug, Default)]
struct Strings {
    all: Vec<Str>,
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
    /// Its strings, in [`Strings::all`].
    strings: Range<usize>,
}

impl Field {
    fn strings<'s>(&self, strings: &'s Strings) -> &'s [Str] {
        &strings.all[self.strings.clone()]
    }

    /// The text the field's strings stand for, escapes decoded.
    fn value(&self, text: &str, strings: &Strings) -> String {
        let all = self.strings(strings);
        let mut value = String::with_capacity(all.iter().map(|s| s.content.len()).sum());
        for s in all {
            unescape(text, s.content.clone(), &mut value);
        }
        value
    }

    /// Whether every string is `""`.
    fn is_empty(&self, strings: &Strings) -> bool {
        self.strings(strings).iter().all(|s| s.content.is_empty())
    }

    /// From the first to the last byte of non-empty string content; the first string's
    /// (empty) content when all are empty.
    fn target(&self, strings: &Strings) -> Range<usize> {
        let all = self.strings(strings);
        let mut nonempty = all.iter().filter(|s| !s.content.is_empty());
        match (nonempty.next(), all.iter().rfind(|s| !s.content.is_empty())) {
            (Some(first), Some(last)) => first.content.start..last.content.end,
            _ => all.first().map_or(0..0, |s| s.content.clone()),
        }
    }
}

/// The entry being read: its flags, fields and their strings. Entries are handed on one at
/// a time and the lists reused, so reading a file holds one entry's lists, not the file's.
#[derive(Debug, Default)]
struct Entry<'t> {
    flags: Vec<&'t str>,
    fields: Vec<Field>,
    strings: Strings,
}

impl Entry<'_> {
    fn field(&self, keyword: Keyword) -> Option<&Field> {
        self.fields.iter().find(|f| f.keyword == keyword)
    }

    fn has_msgstr(&self) -> bool {
        self.fields
            .iter()
            .any(|f| matches!(f.keyword, Keyword::Str(_)))
    }

    /// Empties the lists for the next entry.
    fn clear(&mut self) {
        self.flags.clear();
        self.fields.clear();
        self.strings.all.clear();
        self.strings.literal.clear();
        self.strings.quotes.clear();
    }
}

/// The segments of a file, built entry by entry as they are read.
#[derive(Default)]
struct Units {
    segments: Vec<Segment>,
    /// The literal target text.
    literal: Vec<Range<usize>>,
    shown: Vec<(usize, u8)>,
    /// From the header.
    target_lang: String,
    nplurals: Option<usize>,
    /// The first entry that does not make sense: reported unless the file does not read.
    error: Option<FormatError>,
}

impl Units {
    fn add(&mut self, text: &str, file: FileId, entry: &Entry) {
        if self.error.is_none()
            && let Err(e) = self.try_add(text, file, entry)
        {
            self.error = Some(e);
        }
    }

    fn try_add(&mut self, text: &str, file: FileId, entry: &Entry) -> Result<(), FormatError> {
        let fields = &entry.fields;
        let strings = &entry.strings;
        let id = entry.field(Keyword::Id).ok_or_else(|| {
            let line = fields.first().map_or(0..0, |f| f.line.clone());
            FormatError::new(line, "entry has no `msgid`")
        })?;
        if !entry.has_msgstr() {
            return Err(FormatError::new(
                id.line.clone(),
                "`msgid` without `msgstr`",
            ));
        }
        let plural = entry.field(Keyword::IdPlural);
        for f in fields {
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
        if id.is_empty(strings) && entry.field(Keyword::Ctxt).is_none() {
            // The header: metadata, not a translation.
            if let Some(header) = entry.field(Keyword::Str(None)) {
                for line in header.value(text, strings).lines() {
                    if let Some(lang) = line.strip_prefix("Language:") {
                        self.target_lang = primary_language(lang);
                    } else if let Some(forms) = line.strip_prefix("Plural-Forms:") {
                        self.nplurals = forms
                            .split(';')
                            .find_map(|p| p.trim().strip_prefix("nplurals="))
                            .and_then(|n| n.trim().parse::<usize>().ok());
                    }
                }
            }
            return Ok(());
        }
        let forms = || {
            fields
                .iter()
                .filter(|f| matches!(f.keyword, Keyword::Str(_)))
        };
        if forms().all(|f| f.is_empty(strings)) {
            return Ok(());
        }
        let mut id_value = id.value(text, strings);
        let mut plural_value = plural.map_or_else(String::new, |p| p.value(text, strings));
        let flags: Vec<String> = entry.flags.iter().map(|f| f.to_string()).collect();
        let last = forms().count() - 1;
        for (k, form) in forms().enumerate() {
            let Keyword::Str(n) = form.keyword else {
                continue;
            };
            let (value, span) = match plural {
                Some(pf) if n.unwrap_or(0) >= 1 || self.nplurals == Some(1) => {
                    (&mut plural_value, pf.target(strings))
                }
                _ => (&mut id_value, id.target(strings)),
            };
            // The last form takes the source text; the others copy it.
            let source = if k == last {
                std::mem::take(value)
            } else {
                value.clone()
            };
            for s in form.strings(strings) {
                self.literal
                    .extend_from_slice(&strings.literal[s.literal.clone()]);
                self.shown
                    .extend(strings.quotes[s.quotes.clone()].iter().map(|&q| (q, b'"')));
            }
            self.segments.push(Segment {
                source,
                target: form.target(strings),
                source_span: Some(Span::new(file, span)),
                flags: flags.clone(),
            });
        }
        Ok(())
    }
}

pub fn parse(text: &str, file: FileId) -> Result<Parsed, FormatError> {
    let mut units = Units::default();
    // A file that does not read is reported as such before an entry that makes no sense.
    read_entries(text, |entry| units.add(text, file, entry))?;
    if let Some(e) = units.error {
        return Err(e);
    }
    let mut target_lang = units.target_lang;
    if target_lang.is_empty() {
        let sample: String = units
            .segments
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
            segments: units.segments,
        },
        text: units.literal,
        shown: units.shown,
    })
}

/// Reads the entries of `text` in order, handing each to `each` once it is read.
fn read_entries<'t>(text: &'t str, mut each: impl FnMut(&Entry<'t>)) -> Result<(), FormatError> {
    let mut entry = Entry::default();
    // An entry is read once it has a field (flags before any field are the next field's
    // entry's).
    let mut close = |entry: &mut Entry<'t>| {
        if !entry.fields.is_empty() {
            each(entry);
            entry.clear();
        }
    };
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
            close(&mut entry);
            continue;
        }
        if body.starts_with("#~") {
            continue;
        }
        if let Some(flags) = body.strip_prefix("#,") {
            entry
                .flags
                .extend(flags.split(',').map(str::trim).filter(|f| !f.is_empty()));
            continue;
        }
        if body.starts_with('#') {
            continue;
        }
        if body.starts_with('"') {
            if entry.fields.is_empty() {
                return Err(FormatError::new(
                    line,
                    "string outside an entry: a keyword such as `msgid` must come first",
                ));
            }
            read_string(text, start, &line, &mut entry.strings)?;
            if let Some(field) = entry.fields.last_mut() {
                field.strings.end = entry.strings.all.len();
            }
            continue;
        }
        // Bytes, not characters: no byte of a multi-byte character is ASCII.
        let word_end = body
            .bytes()
            .position(|b| b.is_ascii_whitespace() || b == b'"')
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
            close(&mut entry);
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
        let first = entry.strings.all.len();
        read_string(text, string_at, &line, &mut entry.strings)?;
        entry.fields.push(Field {
            keyword,
            line: line.clone(),
            strings: first..first + 1,
        });
    }
    close(&mut entry);
    Ok(())
}

fn first_word(s: &str) -> &str {
    let end = s.find(char::is_whitespace).unwrap_or(s.len());
    let mut cut = end.min(40);
    while !s.is_char_boundary(cut) {
        cut -= 1;
    }
    &s[..cut]
}

/// Reads the C string whose opening quote is at `open`, which must end on `line`, into
/// `strings`.
fn read_string(
    text: &str,
    open: usize,
    line: &Range<usize>,
    strings: &mut Strings,
) -> Result<(), FormatError> {
    let bytes = text.as_bytes();
    let (literal, quotes) = (strings.literal.len(), strings.quotes.len());
    let mut run = open + 1;
    let mut i = open + 1;
    let end = line.end;
    let bad = |msg: &str| FormatError::new(line_around(text, open), msg.to_string());
    while i < end {
        match bytes[i] {
            b'"' => {
                if run < i {
                    strings.literal.push(run..i);
                }
                let after = text[i + 1..end].trim();
                if !after.is_empty() && !after.starts_with('#') {
                    return Err(bad("unexpected text after the closing quote"));
                }
                strings.all.push(Str {
                    content: open + 1..i,
                    literal: literal..strings.literal.len(),
                    quotes: quotes..strings.quotes.len(),
                });
                return Ok(());
            }
            b'\\' => {
                if run < i {
                    strings.literal.push(run..i);
                }
                let (_, len) = escape(text, i, end).map_err(bad)?;
                if bytes[i + 1] == b'"' {
                    strings.quotes.push(i);
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

/// The escape whose backslash is at `i`, in a string that ends by `end`: the character it
/// stands for and its length in bytes.
pub(super) fn escape(text: &str, i: usize, end: usize) -> Result<(char, usize), &'static str> {
    let bytes = text.as_bytes();
    let Some(&c) = bytes.get(i + 1).filter(|_| i + 1 < end) else {
        return Err("unterminated string");
    };
    Ok(match c {
        b'n' => ('\n', 2),
        b't' => ('\t', 2),
        b'r' => ('\r', 2),
        b'a' => ('\u{7}', 2),
        b'b' => ('\u{8}', 2),
        b'f' => ('\u{c}', 2),
        b'v' => ('\u{b}', 2),
        b'"' | b'\\' | b'\'' | b'?' => (c as char, 2),
        b'0'..=b'7' => {
            let digits = bytes[i + 1..end]
                .iter()
                .take(3)
                .take_while(|b| (b'0'..=b'7').contains(b))
                .count();
            let n = u32::from_str_radix(&text[i + 1..i + 1 + digits], 8).unwrap_or(0);
            (char::from_u32(n).unwrap_or('\u{fffd}'), 1 + digits)
        }
        b'x' => {
            let digits = bytes[i + 2..end]
                .iter()
                .take_while(|b| b.is_ascii_hexdigit())
                .count();
            if digits == 0 {
                return Err("`\\x` escape without hexadecimal digits");
            }
            let n = u32::from_str_radix(&text[i + 2..i + 2 + digits.min(6)], 16).unwrap_or(0);
            (char::from_u32(n).unwrap_or('\u{fffd}'), 2 + digits)
        }
        _ => return Err("invalid escape sequence in string"),
    })
}

/// Appends the text the string content `content` (read by [`read_string`], so its escapes
/// are valid) stands for to `out`.
fn unescape(text: &str, content: Range<usize>, out: &mut String) {
    let bytes = text.as_bytes();
    let mut i = content.start;
    while i < content.end {
        let Some(j) = memchr::memchr(b'\\', &bytes[i..content.end]) else {
            out.push_str(&text[i..content.end]);
            return;
        };
        out.push_str(&text[i..i + j]);
        let Ok((c, len)) = escape(text, i + j, content.end) else {
            return;
        };
        out.push(c);
        i += j + len;
    }
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
    fn flags_belong_to_the_entry_they_are_read_in() {
        // Flags before a blank line and no keyword are the next entry's; flags after a
        // `msgstr` are its entry's, until the next `msgid` starts another.
        let po = "#, c-format\n\nmsgid \"a\"\nmsgstr \"b\"\n#, fuzzy\nmsgid \"c\"\nmsgstr \"d\"\n";
        let flags: Vec<Vec<String>> = segments(po).into_iter().map(|s| s.2).collect();
        assert_eq!(flags, [vec!["c-format", "fuzzy"], vec![]]);
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
