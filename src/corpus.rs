//! The corpus of one run: the sources diagnostics may point into (config and rule files)
//! and the documents to lint. A plain store: nothing derived from the documents is cached
//! here, so replacing a document needs no bookkeeping; what corpus rules derive lives in the
//! facts of one decision ([`crate::rules::facts`]).

use crate::document::{Document, FileId, Source};

/// Every source of one run: config and rule files first, then the documents to lint.
#[derive(Debug, Default)]
pub struct Corpus {
    /// Config files and rule packs: referenced by config diagnostics, never linted.
    pub aux: Vec<Source>,
    pub docs: Vec<Document>,
}

impl Corpus {
    pub fn new() -> Self {
        Self::default()
    }

    /// Registers a config or rule file. Must happen before any document is added, so that
    /// document ids stay stable.
    pub fn add_source(&mut self, source: Source) -> FileId {
        assert!(
            self.docs.is_empty(),
            "config sources are registered before documents"
        );
        self.aux.push(source);
        self.aux.len() - 1
    }

    pub fn add_document(&mut self, name: impl Into<String>, text: impl Into<String>) -> FileId {
        let id = self.aux.len() + self.docs.len();
        self.docs.push(Document::new(id, name, text));
        id
    }

    pub fn next_id(&self) -> FileId {
        self.aux.len() + self.docs.len()
    }

    /// Replaces the text of document `id`, keeping its name, format and source side.
    pub fn replace_text(&mut self, id: FileId, text: String) {
        let Some(index) = id
            .checked_sub(self.aux.len())
            .filter(|&i| i < self.docs.len())
        else {
            return;
        };
        self.docs[index] = self.docs[index].with_text(text);
    }

    /// Gives back the source of document `id` (its text, or an excerpt of the lines shown),
    /// registered without it because its summary came from the cache or it was checked as it
    /// was read, so its findings can be shown. Only the source (what renderers read) is
    /// rebuilt: the document has been linted. Returns the source it had, to be given back
    /// once its findings are shown.
    pub fn restore_source(&mut self, id: FileId, source: Source) -> Source {
        match id
            .checked_sub(self.aux.len())
            .and_then(|i| self.docs.get_mut(i))
        {
            Some(doc) => std::mem::replace(&mut doc.source, source),
            None => source,
        }
    }

    pub fn push_document(&mut self, doc: Document) {
        debug_assert_eq!(doc.id, self.next_id());
        self.docs.push(doc);
    }

    /// [`Corpus::push_document`] for each of `docs`, in order. Into an empty corpus they are
    /// moved whole, not copied one by one: an archive's documents take tens of megabytes.
    pub fn append_documents(&mut self, mut docs: Vec<Document>) {
        debug_assert!(
            docs.iter()
                .enumerate()
                .all(|(i, d)| d.id == self.next_id() + i)
        );
        if self.docs.is_empty() {
            self.docs = docs;
        } else {
            self.docs.append(&mut docs);
        }
    }

    pub fn source(&self, id: FileId) -> &Source {
        if id < self.aux.len() {
            &self.aux[id]
        } else {
            &self.docs[id - self.aux.len()].source
        }
    }

    pub fn document(&self, id: FileId) -> Option<&Document> {
        id.checked_sub(self.aux.len())
            .and_then(|i| self.docs.get(i))
    }
}
