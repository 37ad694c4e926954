//! tidings: a terminal reader for a folder of posts.
//!
//! The flow, one module per step: files on disk → [`content::loader`] → [`library::store`] →
//! [`app`] (update state, draw it), with [`runtime::watch`] feeding changes back in and
//! [`runtime::event`] carrying everything to the app over one channel.
//!
//! The modules are layers, each importing only those below it (ARCHITECTURE.md draws the table;
//! `tests/layers.rs` keeps it true), bottom first: [`text`]; [`guard`], [`theme`] and [`keys`];
//! [`content`]; [`config`]; [`library`]; [`render`]; [`runtime`]; [`app`]; [`cli`] and
//! [`commands`].

pub mod app;
pub mod cli;
pub mod commands;
pub mod config;
pub mod content;
#[doc(hidden)]
pub mod fuzzing;
pub mod guard;
pub mod keys;
pub mod library;
pub mod render;
pub mod runtime;
pub mod text;
pub mod theme;
