//! XLIFF 1.2, XLIFF 2.0 and TMX, read with quick-xml keeping byte positions.
//!
//! Inside `<source>`, `<target>` (XLIFF) and `<seg>` (TMX), character data is text and
//! elements are inline codes. Codes that wrap native markup (`bpt`, `ept`, `it`, `ph`, `ut`)
//! hide their content; codes that wrap text (`g`, `pc`, `mrk`, `hi`) do not. Entity
//! references are decoded in the source and never part of the literal target text, so a
//! fix cannot split one. Targets inside XLIFF 1.2 `<alt-trans>` (suggestions) are skipped.

use std::ops::Range;

use quick_xml::Reader;
use quick_xml::events::{BytesRef, BytesStart, Event};

use super::{FormatError, Parsed, line_around, primary_language};
use crate::document::{Bitext, FileId, Segment, Span};

/// Text collected inside one `<source>`, `<target>` or `<seg>`.
#[derive(Debug, Default, Clone)]
pub(super) struct Content {
    /// Between the start and the end tag.
    inner: Range<usize>,
    pub(super) value: String,
    literal: Vec<Range<usize>>,
}

/// Elements whose content is native code, not text.
const CODE_CONTAINERS: &[&str] = &["bpt", "ept", "it", "ph", "ut"];

/// Reads an XML file event by event, calling `on` with each element event and the byte range
/// it covers; collects text inside the element `on` marks as open through `Collect`.
pub(super) struct Walker<'a> {
    text: &'a str,
    reader: Reader<&'a [u8]>,
    /// Local names of open elements, with the offset of their start tag.
    stack: Vec<(String, usize)>,
}

pub(super) enum Item<'a> {
    Start(BytesStart<'a>, Range<usize>),
    Empty(BytesStart<'a>, Range<usize>),
    End(String, Range<usize>),
    Text(Range<usize>),
    Ref(BytesRef<'a>),
    CData(Range<usize>),
}

impl<'a> Walker<'a> {
    pub(super) fn new(text: &'a str) -> Self {
        let mut reader = Reader::from_str(text);
        reader.config_mut().check_end_names = true;
        Walker {
            text,
            reader,
            stack: Vec::new(),
        }
    }

    pub(super) fn error(&self, at: usize, message: impl Into<String>) -> FormatError {
        FormatError::new(line_around(self.text, at), message)
    }

    pub(super) fn next(&mut self) -> Result<Option<Item<'a>>, FormatError> {
        loop {
            let before = self.reader.buffer_position() as usize;
            let event = self.reader.read_event().map_err(|e| {
                let at = self.reader.error_position() as usize;
                self.error(at, format!("malformed XML: {e}"))
            })?;
            let after = (self.reader.buffer_position() as usize).min(self.text.len());
            let range = before.min(after)..after;
            return Ok(Some(match event {
                Event::Start(e) => {
                    self.stack
                        .push((e.local_name().as_ref().to_string(), range.start));
                    Item::Start(e, range)
                }
                Event::Empty(e) => Item::Empty(e, range),
                Event::End(e) => {
                    self.stack.pop();
                    Item::End(e.local_name().as_ref().to_string(), range)
                }
                Event::Text(_) => Item::Text(range),
                Event::GeneralRef(r) => Item::Ref(r),
                Event::CData(_) => Item::CData(range),
                Event::Eof => {
                    if let Some((name, at)) = self.stack.last() {
                        let name = name.clone();
                        return Err(self.error(*at, format!("element `<{name}>` is never closed")));
                    }
                    return Ok(None);
                }
                Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => continue,
            }));
        }
    }

    fn depth(&self) -> usize {
        self.stack.len()
    }

    /// Reads the content of the element just opened, up to its end tag.
    pub(super) fn content(&mut self, start: &Range<usize>) -> Result<Content, FormatError> {
        let depth = self.depth();
        let mut content = Content {
            inner: start.end..start.end,
            ..Content::default()
        };
        let mut code = 0usize;
        while let Some(item) = self.next()? {
            match item {
                Item::End(name, range) => {
                    if self.depth() < depth {
                        content.inner.end = range.start;
                        return Ok(content);
                    }
                    if CODE_CONTAINERS.contains(&name.as_str()) {
                        code = code.saturating_sub(1);
                    }
                }
                Item::Start(e, _) => {
                    if CODE_CONTAINERS.contains(&e.local_name().as_ref()) {
                        code += 1;
                    }
                }
                Item::Empty(e, _) => {
                    // XLIFF 2.0 `<cp hex="..."/>`: a character XML cannot hold.
                    if e.local_name().as_ref() == "cp"
                        && let Some(c) = attribute(&e, "hex")
                            .and_then(|h| u32::from_str_radix(&h, 16).ok())
                            .and_then(char::from_u32)
                    {
                        content.value.push(c);
                    }
                }
                Item::Text(range) if code == 0 => {
                    // quick-xml's positions can fall inside a character on some malformed
                    // input: refuse the file rather than place spans (and fixes) wrongly.
                    let Some(text) = self.text.get(range.clone()) else {
                        return Err(self.error(range.start, "malformed XML: text out of place"));
                    };
                    content.value.push_str(text);
                    content.literal.push(range);
                }
                Item::CData(range) if code == 0 => {
                    let inner = range.start + 9..range.end.saturating_sub(3).max(range.start + 9);
                    if let Some(s) = self.text.get(inner) {
                        content.value.push_str(s);
                    }
                }
                Item::Ref(r) if code == 0 => content.value.push_str(&resolve(&r)),
                Item::Text(_) | Item::CData(_) | Item::Ref(_) => {}
            }
        }
        Err(self.error(start.start, "element is never closed"))
    }
}

fn resolve(r: &BytesRef) -> String {
    if let Ok(Some(c)) = r.resolve_char_ref() {
        return c.to_string();
    }
    let name: &str = r.as_ref();
    match name {
        "amp" => "&".into(),
        "lt" => "<".into(),
        "gt" => ">".into(),
        "quot" => "\"".into(),
        "apos" => "'".into(),
        other => format!("&{other};"),
    }
}

pub(super) fn attribute(e: &BytesStart, key: &str) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        let k: &str = a.key.as_ref();
        let local = k.rsplit(':').next().unwrap_or(k);
        (k == key || local == key).then(|| a.value.to_string())
    })
}

fn segment(source: &Content, target: &Content, file: FileId) -> Segment {
    Segment {
        source: source.value.clone(),
        target: target.inner.clone(),
        source_span: Some(Span::new(file, source.inner.clone())),
        flags: Vec::new(),
    }
}

/// XLIFF 1.2 (`<trans-unit>`) or 2.0 (`<unit><segment>`).
pub fn parse_xliff(text: &str, file: FileId) -> Result<Parsed, FormatError> {
    let mut w = Walker::new(text);
    let mut bitext = Bitext {
        source_lang: String::new(),
        target_lang: String::new(),
        segments: Vec::new(),
    };
    let mut literal = Vec::new();
    let mut root = true;
    let mut source: Option<Content> = None;
    // Depth of the element that holds a source/target pair (`trans-unit` or `segment`).
    let mut unit: Option<usize> = None;
    while let Some(item) = w.next()? {
        let (e, range, empty) = match item {
            Item::Start(e, range) => (e, range, false),
            Item::Empty(e, range) => (e, range, true),
            Item::End(..) => {
                if unit.is_some_and(|d| w.depth() < d) {
                    unit = None;
                    source = None;
                }
                continue;
            }
            _ => continue,
        };
        let name = e.local_name().as_ref().to_string();
        if root {
            if name != "xliff" {
                return Err(w.error(
                    range.start,
                    "not an XLIFF file: the root element is not `<xliff>`",
                ));
            }
            root = false;
        }
        match name.as_str() {
            "xliff" | "file" => {
                let lang = |keys: [&str; 2]| keys.iter().find_map(|k| attribute(&e, k));
                if let Some(l) = lang(["srcLang", "source-language"]) {
                    bitext.source_lang = primary_language(&l);
                }
                if let Some(l) = lang(["trgLang", "target-language"]) {
                    bitext.target_lang = primary_language(&l);
                }
            }
            "trans-unit" | "segment" if !empty => {
                unit = Some(w.depth());
                source = None;
            }
            "source" if unit == Some(w.depth() - usize::from(!empty)) => {
                source = Some(if empty {
                    Content {
                        inner: range.end..range.end,
                        ..Content::default()
                    }
                } else {
                    w.content(&range)?
                });
            }
            "target" if unit == Some(w.depth() - usize::from(!empty)) => {
                let target = if empty {
                    Content {
                        inner: range.end..range.end,
                        ..Content::default()
                    }
                } else {
                    w.content(&range)?
                };
                let Some(source) = &source else {
                    return Err(w.error(range.start, "`<target>` before its `<source>`"));
                };
                literal.extend(target.literal.iter().cloned());
                bitext.segments.push(segment(source, &target, file));
            }
            _ => {}
        }
    }
    if root {
        return Err(w.error(0, "not an XLIFF file: no root element"));
    }
    Ok(Parsed {
        bitext,
        text: literal,
        shown: Vec::new(),
    })
}

/// TMX: every `<tuv>` of a `<tu>` in another language than the header's `srclang` is a
/// target of the source `<tuv>`.
pub fn parse_tmx(text: &str, file: FileId) -> Result<Parsed, FormatError> {
    let mut w = Walker::new(text);
    let mut srclang = String::new();
    let mut target_lang = String::new();
    let mut segments = Vec::new();
    let mut literal = Vec::new();
    let mut root = true;
    // The `<tuv>`s of the current `<tu>`: language and content.
    let mut tuvs: Vec<(String, Content)> = Vec::new();
    let mut lang = String::new();
    while let Some(item) = w.next()? {
        match item {
            Item::Start(e, range) | Item::Empty(e, range) => {
                let name = e.local_name().as_ref().to_string();
                if root {
                    if name != "tmx" {
                        return Err(w.error(
                            range.start,
                            "not a TMX file: the root element is not `<tmx>`",
                        ));
                    }
                    root = false;
                }
                match name.as_str() {
                    "header" => {
                        srclang = attribute(&e, "srclang")
                            .map(|l| primary_language(&l))
                            .unwrap_or_default();
                    }
                    "tu" => tuvs.clear(),
                    "tuv" => {
                        lang = attribute(&e, "lang")
                            .map(|l| primary_language(&l))
                            .unwrap_or_default()
                    }
                    // `<seg/>`: an empty segment.
                    "seg" if text.get(range.clone()).is_some_and(|s| s.ends_with("/>")) => tuvs
                        .push((
                            lang.clone(),
                            Content {
                                inner: range.end..range.end,
                                ..Content::default()
                            },
                        )),
                    "seg" => {
                        let content = w.content(&range)?;
                        tuvs.push((lang.clone(), content));
                    }
                    _ => {}
                }
            }
            Item::End(name, _) if name == "tu" => {
                let source = tuvs
                    .iter()
                    .position(|(l, _)| *l == srclang)
                    .or((srclang == "*all*" || srclang.is_empty()).then_some(0));
                if let Some(s) = source {
                    for (i, (l, target)) in tuvs.iter().enumerate() {
                        if i == s {
                            continue;
                        }
                        if target_lang.is_empty() {
                            target_lang = l.clone();
                        }
                        literal.extend(target.literal.iter().cloned());
                        segments.push(segment(&tuvs[s].1, target, file));
                    }
                }
                tuvs.clear();
            }
            _ => {}
        }
    }
    if root {
        return Err(w.error(0, "not a TMX file: no root element"));
    }
    Ok(Parsed {
        bitext: Bitext {
            source_lang: srclang,
            target_lang,
            segments,
        },
        text: literal,
        shown: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_positions_inside_a_character_are_an_error_not_a_panic() {
        // Found by the `formats` fuzz target: a BOM'd XLIFF file with NULs in an attribute and a
        // broken entity. The seed's first byte picks the format in the fuzz target.
        let seed = include_bytes!("../../../fuzz/seeds/formats/regression-xliff-text-range");
        let text = String::from_utf8_lossy(&seed[1..]);
        let _ = parse_xliff(&text, 0);
    }

    fn pairs(text: &str, parsed: &Parsed) -> Vec<(String, String)> {
        parsed
            .bitext
            .segments
            .iter()
            .map(|s| (s.source.clone(), text[s.target.clone()].to_string()))
            .collect()
    }

    fn literal(text: &str, parsed: &Parsed) -> String {
        parsed.text.iter().map(|r| &text[r.clone()]).collect()
    }

    const XLIFF12: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file source-language="en-US" target-language="ja-JP" datatype="plaintext" original="a">
    <body>
      <trans-unit id="1">
        <source>Click <g id="1">Save</g> &amp; quit<ph id="2">&lt;br/&gt;</ph></source>
        <target>保存&amp;終了するには<g id="1">保存</g>を押す<ph id="2">&lt;br/&gt;</ph></target>
        <alt-trans><target>提案</target></alt-trans>
      </trans-unit>
      <trans-unit id="2"><source>Untranslated</source></trans-unit>
    </body>
  </file>
</xliff>
"#;

    #[test]
    fn xliff_12_units_inline_codes_and_entities() {
        let parsed = parse_xliff(XLIFF12, 0).unwrap();
        assert_eq!(parsed.bitext.source_lang, "en");
        assert_eq!(parsed.bitext.target_lang, "ja");
        let p = pairs(XLIFF12, &parsed);
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].0, "Click Save & quit");
        assert!(p[0].1.starts_with("保存&amp;終了"));
        // Entities, code tags and code content are not literal text; the suggestion is skipped.
        assert_eq!(literal(XLIFF12, &parsed), "保存終了するには保存を押す");
    }

    const XLIFF20: &str = r#"<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="zh-CN" trgLang="en">
 <file id="f1">
  <unit id="u1">
   <segment><source>价格是<ph id="1"/>5亿元</source><target>The price is <ph id="1"/>500 million yuan</target></segment>
   <ignorable><source> </source></ignorable>
   <segment><source><pc id="2">你好</pc></source><target><pc id="2">Hello</pc><cp hex="0001"/></target></segment>
  </unit>
 </file>
</xliff>"#;

    #[test]
    fn xliff_20_segments_and_codes() {
        let parsed = parse_xliff(XLIFF20, 0).unwrap();
        assert_eq!(parsed.bitext.source_lang, "zh");
        assert_eq!(parsed.bitext.target_lang, "en");
        let p = pairs(XLIFF20, &parsed);
        assert_eq!(p.len(), 2);
        assert_eq!(p[0].0, "价格是5亿元");
        assert_eq!(p[0].1, "The price is <ph id=\"1\"/>500 million yuan");
        assert_eq!(p[1].0, "你好");
        assert_eq!(
            literal(XLIFF20, &parsed),
            "The price is 500 million yuanHello"
        );
    }

    const TMX: &str = r#"<?xml version="1.0"?>
<tmx version="1.4"><header srclang="zh-CN" segtype="sentence" o-tmf="x" adminlang="en" datatype="plaintext" creationtool="t" creationtoolversion="1"/>
<body>
<tu><tuv xml:lang="zh-CN"><seg>两千人</seg></tuv><tuv xml:lang="en"><seg>2,000 <bpt i="1">&lt;b&gt;</bpt>people<ept i="1">&lt;/b&gt;</ept></seg></tuv></tu>
</body></tmx>"#;

    #[test]
    fn tmx_source_and_target_variants() {
        let parsed = parse_tmx(TMX, 0).unwrap();
        assert_eq!(parsed.bitext.source_lang, "zh");
        assert_eq!(parsed.bitext.target_lang, "en");
        let p = pairs(TMX, &parsed);
        assert_eq!(p[0].0, "两千人");
        assert_eq!(literal(TMX, &parsed), "2,000 people");
    }

    fn error_line(text: &str, parse: fn(&str, FileId) -> Result<Parsed, FormatError>) -> usize {
        let e = parse(text, 0).unwrap_err();
        text[..e.range.start].matches('\n').count() + 1
    }

    #[test]
    fn malformed_xml_points_at_its_line() {
        let bad = XLIFF12.replace("<g id=\"1\">保存</g>", "<g id=\"1\">保存</x>");
        assert_eq!(error_line(&bad, parse_xliff), 7);
        let unclosed = XLIFF12.replace("</xliff>\n", "");
        assert_eq!(error_line(&unclosed, parse_xliff), 2);
        assert_eq!(error_line("<html>\n</html>", parse_xliff), 1);
        let bad = TMX.replace("</tuv></tu>", "</tu>");
        assert_eq!(error_line(&bad, parse_tmx), 4);
    }

    #[test]
    fn never_panics_on_truncated_input() {
        for doc in [XLIFF12, XLIFF20] {
            for cut in (0..doc.len()).filter(|&i| doc.is_char_boundary(i)) {
                let _ = parse_xliff(&doc[..cut], 0);
                let _ = parse_tmx(&doc[..cut], 0);
            }
        }
        for cut in (0..TMX.len()).filter(|&i| TMX.is_char_boundary(i)) {
            let _ = parse_tmx(&TMX[..cut], 0);
        }
    }
}
