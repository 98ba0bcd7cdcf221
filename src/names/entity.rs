//! The entity model every names rule reads: what a mention is (person, organisation,
//! facility, place), which publication it belongs to, and that publication's conventions.
//!
//! A mention is typed from the words around it before any rule judges it ([`Kind`]): a title
//! before it makes it a person ("Minister Kato Katsunobu"), a facility or place word after it
//! makes it a facility or a place ("Soma Nakamura Shrine", "Fukushima Daiichi", "Yufuin-cho"),
//! whatever its words look like. The evidence is data (`rules/names/common.toml`). Only
//! persons take part in the order and family-name rules.
//!
//! A run may hold several publications with different house styles; conventions (the order
//! of Japanese names, the standard form of an entity) are decided per publication and never
//! carried from one to another ([`Publications`]). The source checks (`names/source-*`) read
//! the same [`Mention`]s.

use std::collections::BTreeMap;

use globset::{Glob, GlobSet, GlobSetBuilder};
use rustc_hash::FxHashMap as HashMap;

use crate::config::NamesConfig;
use crate::diagnostic::Diagnostic;
use crate::document::FileId;
use crate::rules::data::config_error;

/// What a mention names.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum Kind {
    /// A person or a place: nothing around it said which; told apart later, from surname
    /// lists and the glossary.
    Name,
    /// A title or honorific stands before it.
    Person,
    /// Ends in an organisation head word ("Agency", "Ministry", "University").
    Organisation,
    /// A facility word follows it or ends it ("Station", "Shrine", "Daiichi", "-jinja").
    Facility,
    /// A place word follows it or ends it ("Prefecture", "River", "-cho").
    Place,
}

impl Kind {
    /// Whether the person rules may read it: a person, or an untyped name.
    pub fn may_be_person(self) -> bool {
        matches!(self, Kind::Name | Kind::Person)
    }

    /// The kind of a form seen with several kinds: a facility or place anywhere wins (a
    /// shrine named after a family is a shrine everywhere in one publication), then person.
    pub fn merge(self, other: Kind) -> Kind {
        let rank = |k: Kind| match k {
            Kind::Facility | Kind::Place => 3,
            Kind::Organisation => 2,
            Kind::Person => 1,
            Kind::Name => 0,
        };
        if rank(other) > rank(self) {
            other
        } else {
            self
        }
    }
}

/// One name mention, as byte offsets into its document. Saved as a tuple: a document's names
/// facts hold many, and the cache reads them all back.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(from = "MentionFields", into = "MentionFields")]
pub struct Mention {
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
    /// Its first word opens a sentence, so its capital says nothing.
    pub initial: bool,
}

/// A [`Mention`] as saved: start, end, kind, initial.
type MentionFields = (usize, usize, Kind, bool);

impl From<MentionFields> for Mention {
    fn from((start, end, kind, initial): MentionFields) -> Mention {
        Mention {
            start,
            end,
            kind,
            initial,
        }
    }
}

impl From<Mention> for MentionFields {
    fn from(m: Mention) -> MentionFields {
        (m.start, m.end, m.kind, m.initial)
    }
}

/// The order of a person's names a publication writes, for one naming tradition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Order {
    GivenFirst,
    FamilyFirst,
}

impl Order {
    pub fn describe(self) -> &'static str {
        match self {
            Order::GivenFirst => "given name first",
            Order::FamilyFirst => "family name first",
        }
    }

    pub fn family_first(self) -> bool {
        self == Order::FamilyFirst
    }

    fn parse(s: &str) -> Option<Order> {
        match s {
            "given-first" => Some(Order::GivenFirst),
            "family-first" => Some(Order::FamilyFirst),
            _ => None,
        }
    }
}

/// How documents fall into publications when lint.toml does not say.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Default_ {
    /// The whole run is one publication: what a project linting its own copy expects.
    #[default]
    Run,
    /// Every folder is a publication (one folder per outlet, engine or desk).
    Folder,
}

/// A publication declared in lint.toml.
#[derive(Debug)]
struct Declared {
    name: String,
    paths: GlobSet,
    /// Origin code -> order.
    order: HashMap<String, Order>,
}

/// Which publication each document belongs to, and each publication's declared conventions.
#[derive(Debug, Default)]
pub struct Publications {
    default: Default_,
    declared: Vec<Declared>,
    /// Origin code -> order, for every publication that does not declare its own.
    order: HashMap<String, Order>,
}

impl Publications {
    /// From `[names]` in lint.toml (`config` is its source id, for errors).
    pub fn new(names: &NamesConfig, config: FileId) -> Result<Publications, Vec<Diagnostic>> {
        let mut errors = Vec::new();
        let default = match names
            .publication
            .as_ref()
            .map(|p| (p.get_ref().as_str(), p))
        {
            None | Some(("run", _)) => Default_::Run,
            Some(("folder", _)) => Default_::Folder,
            Some((other, p)) => {
                errors.push(config_error(
                    "config/names-publication",
                    config,
                    p.span(),
                    &format!(
                        "unknown publication grouping `{other}`: expected \"folder\" or \"run\""
                    ),
                ));
                Default_::Run
            }
        };
        let order = parse_orders(&names.order, config, &mut errors);
        let mut declared = Vec::new();
        for def in &names.publications {
            let def = def.get_ref();
            let mut set = GlobSetBuilder::new();
            for p in &def.paths {
                match Glob::new(p.get_ref().trim_start_matches("./")) {
                    Ok(g) => {
                        set.add(g);
                    }
                    Err(e) => errors.push(config_error(
                        "config/bad-glob",
                        config,
                        p.span(),
                        &format!("invalid glob: {}", e.kind()),
                    )),
                }
            }
            let Ok(paths) = set.build() else {
                continue;
            };
            declared.push(Declared {
                name: def.name.get_ref().clone(),
                paths,
                order: parse_orders(&def.order, config, &mut errors),
            });
        }
        if errors.is_empty() {
            Ok(Publications {
                default,
                declared,
                order,
            })
        } else {
            Err(errors)
        }
    }

    /// The publication of a document, by its name (path as given).
    pub fn of(&self, doc_name: &str) -> String {
        let path = doc_name.trim_start_matches("./");
        if let Some(d) = self.declared.iter().find(|d| d.paths.is_match(path)) {
            return d.name.clone();
        }
        match self.default {
            Default_::Run => String::new(),
            Default_::Folder => match path.rfind(['/', '\\']) {
                Some(i) => path[..i].to_string(),
                None => String::new(),
            },
        }
    }

    /// The order a publication declares for names of `origin` (a code: "ja", "ko", "zh").
    pub fn declared_order(&self, publication: &str, origin: &str) -> Option<Order> {
        self.declared
            .iter()
            .find(|d| d.name == publication)
            .and_then(|d| d.order.get(origin))
            .or_else(|| self.order.get(origin))
            .copied()
    }
}

fn parse_orders(
    table: &BTreeMap<String, toml::Spanned<String>>,
    config: FileId,
    errors: &mut Vec<Diagnostic>,
) -> HashMap<String, Order> {
    let mut out = HashMap::default();
    for (origin, order) in table {
        match Order::parse(order.get_ref()) {
            Some(o) => {
                out.insert(origin.clone(), o);
            }
            None => errors.push(config_error(
                "config/names-publication",
                config,
                order.span(),
                &format!(
                    "unknown order `{}`: expected \"family-first\" or \"given-first\"",
                    order.get_ref()
                ),
            )),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::document::Source;

    fn publications(toml: &str) -> Result<Publications, Vec<Diagnostic>> {
        let cfg = Config::parse(&Source::new("lint.toml", toml), 1, Default::default())?;
        Publications::new(&cfg.file.names, 1)
    }

    #[test]
    fn one_publication_by_default_or_one_per_folder() {
        let run = publications("").unwrap();
        assert_eq!(run.of("wire/a.txt"), run.of("desk/b.txt"));
        let p = publications("[names]\npublication = \"folder\"\n").unwrap();
        assert_eq!(p.of("wire/a.txt"), "wire");
        assert_eq!(p.of("./wire/b.txt"), "wire");
        assert_eq!(p.of("desk/2024/a.txt"), "desk/2024");
        assert_eq!(p.of("a.txt"), "");
    }

    #[test]
    fn declared_publications_and_orders() {
        let p = publications(
            "[names]\norder = { ja = \"given-first\" }\n[[names.publications]]\nname = \"kyodo\"\npaths = [\"kyodo/**\"]\norder = { ja = \"family-first\" }\n",
        )
        .unwrap();
        assert_eq!(p.of("kyodo/2024/a.txt"), "kyodo");
        assert_eq!(p.declared_order("kyodo", "ja"), Some(Order::FamilyFirst));
        assert_eq!(p.declared_order("other", "ja"), Some(Order::GivenFirst));
        assert_eq!(p.declared_order("kyodo", "ko"), None);
    }

    #[test]
    fn bad_settings_point_into_lint_toml() {
        let text = "[names]\norder = { ja = \"surname-first\" }\npublication = \"desk\"\n";
        let errs = publications(text).unwrap_err();
        assert_eq!(errs.len(), 2);
        assert!(errs.iter().all(|e| e.span.file == 1));
        assert!(text[errs[0].span.range.clone()].contains("desk"));
    }
}
