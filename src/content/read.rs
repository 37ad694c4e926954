//! Reading one post file: its bytes up to a size limit, a binary file told by a NUL (as git
//! tells it), and its text decoded as UTF-8 (invalid sequences shown as U+FFFD, with a
//! diagnostic). Shared by the loader and by bodies read again from disk.

use std::io::Read;
use std::path::{Path, PathBuf};

use super::Diagnostic;

/// How many leading bytes are searched for a NUL to tell a binary file (the same test as git's).
const BINARY_SNIFF_BYTES: usize = 8 * 1024;

/// Why a file or folder could not be read at all. Each carries the path it concerns.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}: binary file (a NUL byte in the first 8 KiB), skipped", path.display())]
    Binary { path: PathBuf },
    #[error("{}: {message}", path.display())]
    Walk { path: PathBuf, message: String },
}

impl LoadError {
    /// The file or folder the error concerns.
    pub fn path(&self) -> &Path {
        match self {
            Self::Io { path, .. } | Self::Binary { path } | Self::Walk { path, .. } => path,
        }
    }
}

/// Reads and decodes up to `max_bytes` of the file at `path`: its text, its metadata, and what
/// went wrong on the way (a cut at the size limit, invalid UTF-8 decoded lossily).
///
/// Errors: the file cannot be read, or it is binary (a NUL in its first 8 KiB).
pub(super) fn read_text(
    path: &Path,
    max_bytes: u64,
) -> Result<(String, std::fs::Metadata, Vec<Diagnostic>), LoadError> {
    let io = |source| LoadError::Io {
        path: path.to_path_buf(),
        source,
    };
    let file = std::fs::File::open(path).map_err(io)?;
    let meta = file.metadata().map_err(io)?;
    let mut bytes = Vec::with_capacity(meta.len().min(max_bytes) as usize);
    file.take(max_bytes).read_to_end(&mut bytes).map_err(io)?;
    if bytes[..bytes.len().min(BINARY_SNIFF_BYTES)].contains(&0) {
        return Err(LoadError::Binary {
            path: path.to_path_buf(),
        });
    }
    let mut diagnostics = Vec::new();
    let cut = meta.len() > max_bytes;
    if cut {
        diagnostics.push(Diagnostic {
            line: None,
            message: format!(
                "the file is {} bytes; only the first {max_bytes} are shown",
                meta.len()
            ),
        });
    }
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        // A cut at the size limit may split the last character; that is not the file's fault.
        Err(err) if cut && err.utf8_error().error_len().is_none() => {
            let valid = err.utf8_error().valid_up_to();
            let mut bytes = err.into_bytes();
            bytes.truncate(valid);
            String::from_utf8(bytes).unwrap_or_else(|err| lossy(err, &mut diagnostics))
        }
        Err(err) => lossy(err, &mut diagnostics),
    };
    Ok((text, meta, diagnostics))
}

/// Decodes invalid UTF-8 with U+FFFD for each invalid sequence (the WHATWG decoder's rule, as
/// `String::from_utf8_lossy` applies it), adding a diagnostic that counts them.
fn lossy(err: std::string::FromUtf8Error, diagnostics: &mut Vec<Diagnostic>) -> String {
    let text = String::from_utf8_lossy(err.as_bytes()).into_owned();
    let bad = text.matches('\u{fffd}').count();
    diagnostics.push(Diagnostic {
        line: None,
        message: format!("not valid UTF-8: {bad} invalid sequence(s) shown as \u{fffd}"),
    });
    text
}
