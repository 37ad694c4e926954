//! tidings: a terminal reader for a folder of posts.
//!
//! The flow, one module per step: files on disk → [`content::loader`] → [`store::Store`] →
//! [`app`] (update state, draw it), with [`watch`] feeding changes back in and [`event`] carrying
//! everything to the app over one channel.

pub mod app;
pub mod cli;
pub mod commands;
pub mod config;
pub mod content;
pub mod event;
pub mod fuzzing;
pub mod guard;
pub mod links;
pub mod readstate;
pub mod render;
pub mod search;
pub mod sections;
pub mod store;
pub mod terminal;
pub mod theme;
pub mod watch;
