//! The problems listed under `!` that are not a stored post's own: files or folders that could
//! not be read, feeds that could not be fetched, feed entries that could not be converted.

/// A problem listed under `!` that is not one of a stored post's own (those are the store's).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub source: DiagnosticSource,
    /// What went wrong; for a file, `path: reason`.
    pub message: String,
}

/// What a [`Diagnostic`] is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DiagnosticSource {
    /// A file or folder that could not be read.
    File,
    /// A feed (by name) that could not be fetched or saved.
    Feed(String),
    /// An entry of a feed (by the feed's name) that could not be converted.
    FeedEntry(String),
}

impl Diagnostic {
    /// A file or folder that could not be read, as `error` says.
    pub fn file(error: &impl std::fmt::Display) -> Diagnostic {
        Diagnostic {
            source: DiagnosticSource::File,
            message: error.to_string(),
        }
    }

    /// The feed it is about, if any.
    pub fn feed(&self) -> Option<&String> {
        match &self.source {
            DiagnosticSource::Feed(name) | DiagnosticSource::FeedEntry(name) => Some(name),
            DiagnosticSource::File => None,
        }
    }
}

/// As listed: `path: reason`, `feed NAME: reason`, `feed NAME: entry KEY: reason`.
impl std::fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.source {
            DiagnosticSource::File => write!(f, "{}", self.message),
            DiagnosticSource::Feed(name) => write!(f, "feed {name}: {}", self.message),
            DiagnosticSource::FeedEntry(name) => write!(f, "feed {name}: entry {}", self.message),
        }
    }
}
