//! A post's language, in a multilingual site, and the key that ties its translations together.
//! The language comes, in order, from the front matter (`lang`, `language`), a file suffix
//! (`post.ja.md`, as Hugo names translations), or a language folder (`content/ja/…`,
//! `site/ru/…`). Folder and suffix count only when they are a language code tidings knows
//! (ISO 639-1, with an optional region: `pt-br`, `zh-hans`), so a folder named `go` or `ml` is
//! not a language.

use std::path::{Component, Path};

/// The ISO 639-1 codes of the languages sites are commonly translated into.
const CODES: [&str; 48] = [
    "ar", "bg", "bn", "ca", "cs", "da", "de", "el", "en", "es", "et", "fa", "fi", "fr", "he", "hi",
    "hr", "hu", "hy", "id", "it", "ja", "ka", "kk", "ko", "lt", "lv", "ms", "nb", "nl", "no", "pl",
    "pt", "ro", "ru", "sk", "sl", "sr", "sv", "sw", "ta", "th", "tr", "uk", "ur", "uz", "vi", "zh",
];

/// The language code `text` is, lower-cased (`pt-BR` → `pt-br`), if it is one.
pub fn code(text: &str) -> Option<String> {
    let lower = text.to_ascii_lowercase().replace('_', "-");
    let (base, region) = match lower.split_once('-') {
        Some((base, region)) => (base, Some(region)),
        None => (lower.as_str(), None),
    };
    let region_ok = region
        .is_none_or(|r| (2..=4).contains(&r.len()) && r.chars().all(|c| c.is_ascii_alphanumeric()));
    (CODES.contains(&base) && region_ok).then(|| lower.clone())
}

/// Where a post's language was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LangSource {
    FrontMatter,
    /// `post.ja.md`.
    Suffix,
    /// `…/ja/…`.
    Folder,
}

/// The language of the post at `path`, given its front matter's `lang`/`language` value.
pub fn of(path: &Path, front_matter: Option<&str>) -> Option<(String, LangSource)> {
    if let Some(written) = front_matter.map(str::trim).filter(|w| !w.is_empty()) {
        return Some((
            code(written).unwrap_or_else(|| written.to_lowercase()),
            LangSource::FrontMatter,
        ));
    }
    if let Some(lang) = suffix(path) {
        return Some((lang, LangSource::Suffix));
    }
    folder(path).map(|(lang, _)| (lang, LangSource::Folder))
}

/// `post.ja.md` → `ja`.
fn suffix(path: &Path) -> Option<String> {
    let stem = path.file_stem()?.to_str()?;
    let (_, last) = stem.rsplit_once('.')?;
    code(last)
}

/// The nearest folder above the file named by a language code, and its index among the path's
/// components.
fn folder(path: &Path) -> Option<(String, usize)> {
    let components: Vec<Component<'_>> = path.components().collect();
    let folders = components.len().saturating_sub(1);
    (0..folders)
        .rev()
        .find_map(|i| Some((code(components[i].as_os_str().to_str()?)?, i)))
}

/// What a post's translations share: its path with the language taken out (the folder or the
/// suffix that named it). `None` when the language did not come from the path.
pub fn translation_key(path: &Path, source: LangSource) -> Option<String> {
    match source {
        LangSource::FrontMatter => None,
        LangSource::Suffix => {
            let stem = path.file_stem()?.to_str()?;
            let (base, _) = stem.rsplit_once('.')?;
            let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
            Some(
                path.with_file_name(format!("{base}.{ext}"))
                    .display()
                    .to_string(),
            )
        }
        LangSource::Folder => {
            let (_, at) = folder(path)?;
            let parts: Vec<String> = path
                .components()
                .enumerate()
                .map(|(i, c)| {
                    if i == at {
                        "*".to_string()
                    } else {
                        c.as_os_str().to_string_lossy().into_owned()
                    }
                })
                .collect();
            Some(parts.join("/"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_then_suffix_then_folder() {
        let p = Path::new("/site/ru/blog/x/index.md");
        assert_eq!(of(p, None), Some(("ru".into(), LangSource::Folder)));
        assert_eq!(
            of(p, Some("pt-BR")),
            Some(("pt-br".into(), LangSource::FrontMatter))
        );
        assert_eq!(
            of(Path::new("/c/posts/hello.ja.md"), None),
            Some(("ja".into(), LangSource::Suffix))
        );
        // Folders that are not language codes are not languages.
        assert_eq!(of(Path::new("/blog/go/ml/io.md"), None), None);
        assert_eq!(of(Path::new("/blog/post.v2.md"), None), None);
    }

    #[test]
    fn translations_share_a_key() {
        let en = translation_key(Path::new("/site/en/blog/x/index.md"), LangSource::Folder);
        let ru = translation_key(Path::new("/site/ru/blog/x/index.md"), LangSource::Folder);
        assert_eq!(en, ru);
        assert!(en.is_some());
        assert_eq!(
            translation_key(Path::new("/c/hello.ja.md"), LangSource::Suffix),
            translation_key(Path::new("/c/hello.fr.md"), LangSource::Suffix)
        );
        assert_eq!(
            translation_key(Path::new("/c/a.md"), LangSource::FrontMatter),
            None
        );
    }
}
