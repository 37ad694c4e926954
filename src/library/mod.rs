//! The posts as a whole: the in-memory [`store`], the one selection pipeline ([`select`]) that
//! the reader's list and the command line share, text [`search`], Hugo/Zola [`sections`], links
//! between posts ([`links`]), which posts were read ([`readstate`]) and where the reader left off ([`places`]), the [`languages`] of a
//! multilingual site, [`feeds`] whose entries are saved as posts, and where the [`images`] posts
//! name are.

pub mod choices;
pub mod embeds;
pub mod feeds;
pub mod filter;
pub mod images;
pub mod languages;
pub mod linkcheck;
pub mod links;
pub mod locked;
pub mod places;
pub mod readstate;
pub mod search;
pub mod sections;
pub mod select;
pub mod store;
