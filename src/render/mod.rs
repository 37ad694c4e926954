//! Turning a post into lines for the terminal: [`markdown`] builds a [`Document`] for a width,
//! [`text`] does the width-correct wrapping and sanitizing underneath.

pub mod highlight;
pub mod html;
pub mod markdown;
pub mod text;

pub use markdown::{Document, Heading, Link, LinkSpan, render_post};
