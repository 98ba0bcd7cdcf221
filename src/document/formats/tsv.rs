//! A TSV bitext: one unit per line, `source<TAB>target`. Blank lines are skipped; any other
//! line without exactly one tab is an error at that line.

use super::{FormatError, Parsed, guess_language};
use crate::document::{Bitext, FileId, Segment, Span};

pub fn parse(text: &str, file: FileId) -> Result<Parsed, FormatError> {
    let mut segments = Vec::new();
    let mut offset = if text.starts_with('\u{feff}') { 3 } else { 0 };
    while offset < text.len() {
        let end =
            memchr::memchr(b'\n', &text.as_bytes()[offset..]).map_or(text.len(), |i| offset + i);
        let line = &text[offset..end];
        let line = line.strip_suffix('\r').unwrap_or(line);
        let start = offset;
        offset = end + 1;
        if line.trim().is_empty() {
            continue;
        }
        let mut columns = line.split('\t');
        let (Some(source), Some(target), None) = (columns.next(), columns.next(), columns.next())
        else {
            let tabs = line.matches('\t').count();
            return Err(FormatError::new(
                start..start + line.len(),
                format!("expected `source<TAB>target`, found {} columns", tabs + 1),
            ));
        };
        let target_start = start + source.len() + 1;
        segments.push(Segment {
            source: source.to_string(),
            target: target_start..target_start + target.len(),
            source_span: Some(Span::new(file, start..start + source.len())),
            flags: Vec::new(),
        });
    }
    let sample: String = segments
        .iter()
        .take(50)
        .map(|s| s.source.as_str())
        .collect();
    let target_sample: String = segments
        .iter()
        .take(50)
        .map(|s| &text[s.target.clone()])
        .collect();
    Ok(Parsed {
        text: segments.iter().map(|s| s.target.clone()).collect(),
        shown: Vec::new(),
        bitext: Bitext {
            source_lang: guess_language(&sample).to_string(),
            target_lang: guess_language(&target_sample).to_string(),
            segments,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_unit_per_line() {
        let tsv = "你好\tHello\r\n\n再见\tGoodbye\n";
        let parsed = parse(tsv, 0).unwrap();
        assert_eq!(parsed.bitext.source_lang, "zh");
        assert_eq!(parsed.bitext.target_lang, "en");
        let pairs: Vec<_> = parsed
            .bitext
            .segments
            .iter()
            .map(|s| (s.source.as_str(), &tsv[s.target.clone()]))
            .collect();
        assert_eq!(pairs, [("你好", "Hello"), ("再见", "Goodbye")]);
    }

    #[test]
    fn a_line_without_one_tab_is_an_error_there() {
        let tsv = "a\tb\nno tab here\n";
        let e = parse(tsv, 0).unwrap_err();
        assert_eq!(&tsv[e.range], "no tab here");
        assert!(parse("a\tb\tc\n", 0).is_err());
    }
}
