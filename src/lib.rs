//! translint: a translation-quality and consistency linter.
//!
//! The core is pure: [`document`] (files, spans, the prose view), [`diagnostic`] (what rules
//! report), [`rules`] (the rule trait, code rules and data rule kinds), [`config`]
//! (lint.toml) and [`engine`] (running rules over a corpus). [`render`] formats results;
//! [`cli`] is the thin shell that reads files and writes output.

pub mod baseline;
pub mod cli;
pub mod config;
pub mod diagnostic;
pub mod document;
pub mod engine;
pub mod fix;
pub mod formats;
pub mod lsp;
pub mod names;
pub mod render;
pub mod rules;
pub mod suppress;
