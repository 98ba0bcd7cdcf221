//! Rule ids, interned (re-exported as `rules::RuleId`): a [`RuleId`] is a pointer to the one copy of its text, so it is
//! copied, compared and hashed without allocating, in every diagnostic of a run.

use std::fmt;
use std::sync::{LazyLock, Mutex};

use rustc_hash::FxHashSet;

/// A rule id (`family/name`), or an id of the config and I/O errors (`config/syntax`).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RuleId(&'static str);

/// Every id interned so far. Ids come from the code and from rule files, so the set stays
/// small; an id is leaked once and lives for the rest of the process.
/// Hashed with Fx: a run read back from the cache interns the id of each of its findings.
static INTERNED: LazyLock<Mutex<FxHashSet<&'static str>>> = LazyLock::new(Default::default);

impl RuleId {
    pub fn new(id: &str) -> RuleId {
        let mut set = INTERNED.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(&s) = set.get(id) {
            return RuleId(s);
        }
        let s: &'static str = Box::leak(id.to_string().into_boxed_str());
        set.insert(s);
        RuleId(s)
    }

    pub fn as_str(self) -> &'static str {
        self.0
    }

    /// The family the rule belongs to, which is also the pack that switches it on.
    pub fn family(self) -> &'static str {
        self.0.split('/').next().unwrap_or(self.0)
    }
}

impl std::ops::Deref for RuleId {
    type Target = str;

    fn deref(&self) -> &str {
        self.0
    }
}

impl std::borrow::Borrow<str> for RuleId {
    fn borrow(&self) -> &str {
        self.0
    }
}

impl fmt::Display for RuleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

impl fmt::Debug for RuleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.0, f)
    }
}

impl serde::Serialize for RuleId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.0)
    }
}

/// Read back from a cache or a summary: interned like an id from a rule file, from the text
/// as the format gives it (a `Cow<str>` is always copied, once per finding of a warm run).
impl<'de> serde::Deserialize<'de> for RuleId {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<RuleId, D::Error> {
        struct Id;
        impl serde::de::Visitor<'_> for Id {
            type Value = RuleId;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a rule id")
            }

            fn visit_str<E: serde::de::Error>(self, id: &str) -> Result<RuleId, E> {
                Ok(RuleId::new(id))
            }
        }
        d.deserialize_str(Id)
    }
}

/// What [`crate::diagnostic::Diagnostic::new`] takes as a rule: an id already interned
/// (`&self.meta.id`, free) or a text (`"io/read-error"`, interned on the way).
pub trait AsRuleId {
    fn as_rule_id(&self) -> RuleId;
}

impl AsRuleId for &str {
    fn as_rule_id(&self) -> RuleId {
        RuleId::new(self)
    }
}

impl AsRuleId for &String {
    fn as_rule_id(&self) -> RuleId {
        RuleId::new(self)
    }
}

impl AsRuleId for &RuleId {
    fn as_rule_id(&self) -> RuleId {
        **self
    }
}

impl PartialEq<str> for RuleId {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for RuleId {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

impl PartialEq<String> for RuleId {
    fn eq(&self, other: &String) -> bool {
        self.0 == other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_text_one_pointer() {
        let a = RuleId::new("spacing/double-space");
        let b = RuleId::new(&String::from("spacing/double-space"));
        assert!(std::ptr::eq(a.as_str(), b.as_str()));
        assert_eq!(a, "spacing/double-space");
        assert_eq!(a.family(), "spacing");
        assert_ne!(a, RuleId::new("spacing/double-spaces"));
    }
}
