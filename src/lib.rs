//! translint: a translation-quality and consistency linter.
//!
//! The core is pure: [`document`] (files, spans, the prose view), [`diagnostic`] (what rules
//! report), [`rules`] (the rule trait, code rules and data rule kinds), [`config`]
//! (lint.toml) and [`engine`] (running rules over a corpus). [`workspace`] does the I/O
//! (config discovery, walking, reading) for both front ends, [`cli`] and [`lsp`]; [`render`]
//! formats results.

pub mod baseline;
pub mod cap;
pub mod cli;
pub mod config;
pub mod corpus;
pub mod diagnostic;
pub mod document;
pub mod engine;
pub mod fix;
pub mod lsp;
pub mod names;
pub mod render;
pub mod rule_id;
pub mod rules;
pub mod summary;
pub mod suppress;
pub mod workspace;
