//! Where an image a post names is: a file found the ways static site generators find them, or
//! an address on the web (fetched only when the reader asks: see the reader's remote images).
//!
//! The ways, in the order tried:
//! - a path relative to the post's file (`img/a.png`, `../shared/a.png`), which is also how a
//!   page bundle's resources are named (Hugo's `post/index.md` beside `post/cover.png`, Zola's
//!   colocated assets);
//! - a relative path under a folder named after the post (`post.md` beside `post/cover.png`),
//!   the other layout of a bundle;
//! - a site path (`/images/a.png`), looked up in each folder from the post's up to the folder
//!   given on the command line: under `static/` (Hugo, Zola), `assets/` and `public/`, then the
//!   folder itself (a site root).
//!
//! An image that is found nowhere is an [`Unresolved`] with the reason, which post info shows.

use std::path::{Path, PathBuf};

/// Where an image is.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ImageSource {
    /// A file on disk, found as the module says.
    File(PathBuf),
    /// An `http`/`https` address (a protocol-relative `//host/x` is taken as `https:`).
    Web(String),
}

/// Why an image is not shown: said in post info, after its source.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct Unresolved(pub String);

/// Folders under a site folder that hold its site paths (`/images/a.png`), tried in this order
/// before the site folder itself.
const SITE_FOLDERS: [&str; 3] = ["static", "assets", "public"];

/// Where image `src` (as written in the post at `post`, a file path) is, with `roots` the
/// folders (or files) given on the command line, which bound the walk up for a site path.
///
/// # Errors
/// [`Unresolved`] when `src` is empty, has a scheme other than `http`/`https` (a `data:`
/// address included), or names no file by any of the ways the module lists.
pub fn resolve(post: &Path, roots: &[PathBuf], src: &str) -> Result<ImageSource, Unresolved> {
    let src = src.trim();
    if src.is_empty() {
        return Err(Unresolved("the image names no file".into()));
    }
    if let Some(rest) = src.strip_prefix("//") {
        return Ok(ImageSource::Web(format!("https://{rest}")));
    }
    if let Some((scheme, _)) = scheme(src) {
        return if scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https") {
            Ok(ImageSource::Web(src.to_string()))
        } else {
            Err(Unresolved(format!(
                "a {scheme}: address, not a file or a web address"
            )))
        };
    }
    let path = src.split(['?', '#']).next().unwrap_or(src);
    let path = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
    let folder = post.parent().unwrap_or(Path::new("."));
    if let Some(site_path) = path.strip_prefix('/') {
        let site_path = site_path.trim_start_matches('/');
        for dir in folders_up(folder, root_of(post, roots)) {
            for under in SITE_FOLDERS {
                let candidate = dir.join(under).join(site_path);
                if candidate.is_file() {
                    return Ok(ImageSource::File(candidate));
                }
            }
            let candidate = dir.join(site_path);
            if candidate.is_file() {
                return Ok(ImageSource::File(candidate));
            }
        }
        return Err(Unresolved(format!(
            "not found under static/, assets/, public/ or a site folder up to {}",
            root_of(post, roots).unwrap_or(folder).display()
        )));
    }
    let beside = folder.join(path.as_ref());
    if beside.is_file() {
        return Ok(ImageSource::File(beside));
    }
    if let Some(stem) = post.file_stem() {
        let bundled = folder.join(stem).join(path.as_ref());
        if bundled.is_file() {
            return Ok(ImageSource::File(bundled));
        }
    }
    if let Some(found) = find_attachment(post, &path) {
        return Ok(ImageSource::File(found));
    }
    Err(Unresolved("no such file beside the post".into()))
}

/// Where Obsidian finds attachment `name` (`image.png`, `folder/image.png`) named by a note at
/// `post` in a vault (a folder above it holds `.obsidian/`): in the vault's attachment folder
/// (`attachmentFolderPath` in `.obsidian/app.json`; `./sub` is under the note's folder), else
/// anywhere in the vault by its path's end, the shortest path first (not for a path with `.` or
/// `..` in it, which names a place). `None` outside a vault or when no file has that name.
pub fn find_attachment(post: &Path, name: &str) -> Option<PathBuf> {
    let vault = post
        .ancestors()
        .skip(1)
        .find(|folder| folder.join(".obsidian").is_dir())?;
    let configured = std::fs::read(vault.join(".obsidian").join("app.json"))
        .ok()
        .and_then(|bytes| serde_json::from_slice::<serde_json::Value>(&bytes).ok())
        .and_then(|app| {
            app.get("attachmentFolderPath")?
                .as_str()
                .map(str::to_string)
        });
    if let Some(folder) = configured {
        let base = match folder.strip_prefix("./") {
            Some(under_note) => post.parent()?.join(under_note),
            None => vault.join(folder.trim_start_matches('/')),
        };
        let candidate = base.join(name);
        if candidate.is_file() {
            return Some(candidate);
        }
    }
    // A path that climbs or starts here (`../img/a.png`, `./a.png`) names a place, not a
    // name to look for: the vault is not walked for it.
    let wanted: Vec<&str> = name.split('/').filter(|s| !s.is_empty()).collect();
    if wanted.iter().any(|s| *s == ".." || *s == ".") {
        return None;
    }
    let mut found: Vec<PathBuf> = ignore::WalkBuilder::new(vault)
        .require_git(false)
        .build()
        .filter_map(Result::ok)
        .filter(|entry| entry.file_type().is_some_and(|t| t.is_file()))
        .map(ignore::DirEntry::into_path)
        .filter(|path| {
            let mut parts = path.iter().rev();
            wanted
                .iter()
                .rev()
                .all(|w| parts.next().is_some_and(|p| p == *w))
        })
        .collect();
    found.sort_by_key(|p| (p.components().count(), p.clone()));
    found.into_iter().next()
}

/// The scheme of `src` (`https` of `https://…`), and the rest: a run of letters, digits and
/// `+-.` that starts with a letter and is more than one character (so `C:\x` is a path).
fn scheme(src: &str) -> Option<(&str, &str)> {
    let (scheme, rest) = src.split_once(':')?;
    let ok = scheme.len() > 1
        && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
    ok.then_some((scheme, rest))
}

/// The folder given on the command line that holds `post` (the deepest, when they nest); a
/// file given alone stands for its folder.
fn root_of<'r>(post: &Path, roots: &'r [PathBuf]) -> Option<&'r Path> {
    roots
        .iter()
        .map(|root| {
            if root.is_file() {
                root.parent().unwrap_or(root)
            } else {
                root.as_path()
            }
        })
        .filter(|root| post.starts_with(root))
        .max_by_key(|root| root.as_os_str().len())
}

/// `from` and the folders above it, up to and including `root` (only `from` when it is not
/// under `root`, or when there is no root).
fn folders_up<'p>(from: &'p Path, root: Option<&Path>) -> Vec<&'p Path> {
    let Some(root) = root.filter(|root| from.starts_with(root)) else {
        return vec![from];
    };
    from.ancestors()
        .take_while(|dir| dir.starts_with(root))
        .collect()
}

/// The folder remote images are kept in once fetched: `images/` in the platform cache
/// directory (`None` when there is none).
pub fn cache_dir() -> Option<PathBuf> {
    let dirs = directories::ProjectDirs::from("", "", "tidings")?;
    Some(dirs.cache_dir().join("images"))
}

/// Where remote image `url` is kept in `cache`: a file named by the SHA-256 of the address.
pub fn cached_path(cache: &Path, url: &str) -> PathBuf {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(url.as_bytes());
    let name: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    cache.join(name)
}

/// The most bytes of one remote image fetched.
pub const MAX_REMOTE_BYTES: u64 = 10 * 1024 * 1024;

/// How long fetching one remote image may take, connection and body, in all.
pub const REMOTE_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(15);

/// Fetches remote image `url` with `client` into `cache` (written atomically, so a reader of
/// the cache never sees half a file), and returns where it is.
///
/// # Errors
/// Why it was not kept: not `http`/`https`, no answer within the client's timeout, a status
/// other than 2xx, a body over the client's cap, or the cache cannot be written.
pub fn fetch_to_cache(
    client: &crate::library::feeds::http::Client,
    url: &str,
    cache: &Path,
) -> Result<PathBuf, String> {
    use crate::library::feeds::http::{Got, Validators};
    let bytes = match client.get(url, &Validators::default()) {
        Ok(Got::Feed { bytes, .. }) => bytes,
        Ok(Got::NotModified) => return Err("the server answered 304 to no validators".into()),
        Err(err) => return Err(err.to_string()),
    };
    std::fs::create_dir_all(cache).map_err(|e| format!("{}: {e}", cache.display()))?;
    let path = cached_path(cache, url);
    crate::library::feeds::write_atomic(&path, &bytes)?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("tempdir");
        for file in [
            "content/posts/bundle/index.md",
            "content/posts/bundle/cover.png",
            "content/posts/plain.md",
            "content/posts/plain/figure.png",
            "content/posts/img/beside.png",
            "static/images/site.png",
            "assets/logo.png",
        ] {
            let path = dir.path().join(file);
            std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            std::fs::write(&path, b"x").expect("write");
        }
        dir
    }

    #[test]
    fn each_way_of_naming_an_image_resolves_to_its_file() {
        let dir = site();
        let root = dir.path().to_path_buf();
        let posts = root.join("content/posts");
        let file = |p: &str| Ok(ImageSource::File(root.join(p)));
        let plain = posts.join("plain.md");
        let bundle = posts.join("bundle/index.md");
        let roots = [root.clone()];
        assert_eq!(
            resolve(&plain, &roots, "img/beside.png"),
            file("content/posts/img/beside.png")
        );
        assert_eq!(
            resolve(&bundle, &roots, "cover.png"),
            file("content/posts/bundle/cover.png")
        );
        assert_eq!(
            resolve(&bundle, &roots, "../img/beside.png?v=2#x"),
            file("content/posts/bundle/../img/beside.png")
        );
        assert_eq!(
            resolve(&plain, &roots, "figure.png"),
            file("content/posts/plain/figure.png")
        );
        assert_eq!(
            resolve(&plain, &roots, "/images/site.png"),
            file("static/images/site.png")
        );
        assert_eq!(
            resolve(&bundle, &roots, "/logo.png"),
            file("assets/logo.png")
        );
        assert_eq!(
            resolve(&plain, &roots, "/content/posts/img/beside.png"),
            file("content/posts/img/beside.png")
        );
    }

    #[test]
    fn a_site_path_is_not_looked_for_above_the_folder_given() {
        let dir = site();
        let posts = dir.path().join("content/posts");
        let plain = posts.join("plain.md");
        let err = resolve(&plain, std::slice::from_ref(&posts), "/images/site.png");
        assert!(
            matches!(&err, Err(Unresolved(why)) if why.contains("not found under static/")),
            "{err:?}"
        );
    }

    #[test]
    fn web_addresses_are_web_and_other_schemes_and_missing_files_say_why() {
        let dir = site();
        let plain = dir.path().join("content/posts/plain.md");
        let roots = [dir.path().to_path_buf()];
        assert_eq!(
            resolve(&plain, &roots, " https://example.com/a.png "),
            Ok(ImageSource::Web("https://example.com/a.png".into()))
        );
        assert_eq!(
            resolve(&plain, &roots, "//cdn.example.com/a.png"),
            Ok(ImageSource::Web("https://cdn.example.com/a.png".into()))
        );
        let why = |src: &str| match resolve(&plain, &roots, src) {
            Err(Unresolved(why)) => why,
            Ok(found) => panic!("{src} resolved to {found:?}"),
        };
        assert!(why("data:image/png;base64,AAAA").starts_with("a data: address"));
        assert!(why("javascript:alert(1)").starts_with("a javascript: address"));
        assert_eq!(why("missing.png"), "no such file beside the post");
        assert_eq!(why("  "), "the image names no file");
        assert_eq!(
            resolve(&plain, &roots, "a%20b.png"),
            Err(Unresolved("no such file beside the post".into()))
        );
    }
}
