//! A post's language, in a multilingual site, and the key that ties its translations together.
//! The language comes, in order, from the front matter (`lang`, `language`), a file suffix
//! (`post.ja.md`, as Hugo names translations), or a language folder (`content/ja/…`,
//! `site/ru/…`). Folder and suffix count only when they are a language code tidings knows
//! (ISO 639-1, with an optional region: `pt-br`, `zh-hans`), so a folder named `go` or `ml` is
//! not a language. With none of those, it is detected from the text ([`detect`]: whatlang, on the
//! title and the first paragraphs), or left unknown when the text is too short or too mixed.

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
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum LangSource {
    FrontMatter,
    /// `post.ja.md`.
    Suffix,
    /// `…/ja/…`.
    Folder,
    /// From the text, by [`detect`].
    Detected,
}

impl LangSource {
    /// How post info names it: `front matter`, `file name`, `folder`, `detected`.
    pub fn describe(self) -> &'static str {
        match self {
            LangSource::FrontMatter => "front matter",
            LangSource::Suffix => "file name",
            LangSource::Folder => "folder",
            LangSource::Detected => "detected",
        }
    }
}

/// Characters of prose [`detect`] reads at most: the title and the first paragraphs. Past a
/// few hundred, whatlang's answer rarely changes, and each costs time on a first start.
const DETECT_CHARS: usize = 600;

/// Letters [`detect`] wants before it answers: a post with fewer is unknown.
const DETECT_MIN_LETTERS: usize = 24;

/// Hangul or kana characters [`detect`] wants before it tells Korean or Japanese by them.
const CJK_MIN_CHARS: usize = 2;

/// The language of a post's text, as an ISO 639-1 code (`en`, `ru`, `zh`), from its `lead` (the
/// title, and the description when there is one) and the prose of the first paragraphs of `body` (code blocks, HTML, shortcodes, tables and link
/// targets left out), up to [`DETECT_CHARS`] characters.
///
/// The script most of the text is written in decides first: words count one each, and
/// Chinese, Japanese and Korean characters two thirds of a word each (a word of theirs is one
/// to three).
/// Those three are told apart by script (Hangul is Korean; kana in 5% or more of the
/// characters is Japanese, as whatlang rules too; else Chinese), and [`CJK_MIN_CHARS`] of
/// Hangul or kana tell, where Han alone wants 12 (Japanese writes Han too). Any other script's words, and
/// only those (a Russian post's English product names left out), go to whatlang, which
/// tells the language by trigrams.
///
/// `None` when there is too little text, when whatlang is not sure ([`SURE_ENOUGH`]), or
/// when the language has no two-letter code: a post it cannot tell is unknown, never a guess.
pub fn detect(lead: &str, body: &str) -> Option<String> {
    let text = prose(lead, body);
    let mut tally = ScriptTally::default();
    for c in text.chars() {
        tally.add(c);
    }
    match tally.main()? {
        Main::Cjk => {
            let lang = tally.cjk_lang();
            // Hangul and kana are Korean's and Japanese's alone: a few of them tell. Han
            // ideographs alone are written in Japanese too, so a short run of them is unknown.
            let wanted = if lang == "zh" {
                DETECT_MIN_LETTERS / 2
            } else {
                CJK_MIN_CHARS
            };
            (tally.cjk() >= wanted).then(|| lang.to_string())
        }
        Main::Words(script) => {
            // The other scripts' letters blanked out; the rest, punctuation and all, as written.
            let ours = |c: char| !c.is_alphabetic() || class(c) == script;
            let text: String = text
                .chars()
                .map(|c| if ours(c) { c } else { ' ' })
                .collect();
            let letters = text.chars().filter(|c| c.is_alphabetic()).count();
            if letters < DETECT_MIN_LETTERS {
                return None;
            }
            whatlang_code(&text)
        }
    }
}

/// The language of `post`'s text: [`detect`] on its title and description, and its body (read
/// again from disk when it is not held). A body that cannot be read is not told.
pub fn detect_post(post: &crate::content::Post) -> Option<String> {
    let body = post.read_body().ok()?;
    let lead = match &post.meta.details.description {
        Some(description) => format!("{}\n{description}", post.title),
        None => post.title.clone(),
    };
    detect(&lead, &body)
}

/// How many letters of prose [`detect`] reads of a post: its lead and first paragraphs, up to
/// about [`DETECT_CHARS`] characters. Few of them (a title alone, an empty body) leave the
/// language unknown.
pub fn letters_to_judge(lead: &str, body: &str) -> usize {
    prose(lead, body)
        .chars()
        .filter(|c| c.is_alphabetic())
        .count()
}

/// The confidence (0 to 1) whatlang must give an answer for [`detect`] to take it. whatlang's
/// own `is_reliable` wants 0.9; measured over the 3,294 posts of `../shared/corpora` whose
/// folder names their language (`tests/languages.rs`), 0.5 told 15 more of them right and one
/// more wrong (99.4% of the posts told agree), and lower told more wrong.
const SURE_ENOUGH: f64 = 0.5;

/// The ISO 639-1 code of `text`'s language by whatlang, when it is sure enough of it.
fn whatlang_code(text: &str) -> Option<String> {
    /// whatlang choosing among the languages of [`CODES`] only, the languages sites are
    /// translated into: no post is told to be Latin or Esperanto. (It did not make whatlang
    /// surer of technical English, whose runner-up is French.) Made once; shared by threads.
    static DETECTOR: std::sync::LazyLock<whatlang::Detector> = std::sync::LazyLock::new(|| {
        let ours = (whatlang::Lang::all().iter())
            .filter(|lang| code_of(**lang).is_some_and(|code| CODES.contains(&code)))
            .copied()
            .collect();
        whatlang::Detector::with_allowlist(ours)
    });
    let info = DETECTOR
        .detect(text)
        .filter(|info| info.confidence() > SURE_ENOUGH)?;
    code_of(info.lang()).map(str::to_string)
}

/// The ISO 639-1 code of a language whatlang knows, if it has one.
fn code_of(lang: whatlang::Lang) -> Option<&'static str> {
    match lang {
        // Mandarin and Western Persian have no ISO 639-1 codes of their own; their
        // macrolanguages' are what sites use.
        whatlang::Lang::Cmn => Some("zh"),
        whatlang::Lang::Pes => Some("fa"),
        lang => isolang::Language::from_639_3(lang.code())?.to_639_1(),
    }
}

/// What a letter is written in, as [`detect`] weighs scripts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Latin,
    Cyrillic,
    /// Han ideographs.
    Han,
    /// Hiragana and katakana.
    Kana,
    Hangul,
    /// Any other letter (Greek, Arabic, Hebrew, Devanagari, Thai...).
    Other,
}

fn class(c: char) -> Class {
    match c as u32 {
        0x0041..=0x024F | 0x1E00..=0x1EFF => Class::Latin,
        0x0400..=0x052F => Class::Cyrillic,
        0x3040..=0x30FF | 0x31F0..=0x31FF | 0xFF66..=0xFF9F => Class::Kana,
        0x1100..=0x11FF | 0x3130..=0x318F | 0xAC00..=0xD7AF => Class::Hangul,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FFFF => Class::Han,
        _ => Class::Other,
    }
}

/// The script most of a text is written in: one whose words are spaced, or Chinese, Japanese
/// and Korean together.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Main {
    Words(Class),
    Cjk,
}

/// Counts of a text's words by script, and of its CJK characters.
#[derive(Debug, Default)]
struct ScriptTally {
    /// Words (runs of letters) of Latin, Cyrillic and other scripts.
    words: [usize; 3],
    han: usize,
    kana: usize,
    hangul: usize,
    /// The class of the letter before, to tell where a word starts.
    last: Option<Class>,
}

impl ScriptTally {
    fn add(&mut self, c: char) {
        if !c.is_alphabetic() {
            self.last = None;
            return;
        }
        let class = class(c);
        let starts = self.last != Some(class);
        self.last = Some(class);
        match class {
            Class::Han => self.han += 1,
            Class::Kana => self.kana += 1,
            Class::Hangul => self.hangul += 1,
            Class::Latin => self.words[0] += usize::from(starts),
            Class::Cyrillic => self.words[1] += usize::from(starts),
            Class::Other => self.words[2] += usize::from(starts),
        }
    }

    fn cjk(&self) -> usize {
        self.han + self.kana + self.hangul
    }

    fn main(&self) -> Option<Main> {
        let scripts = [
            (Main::Words(Class::Latin), self.words[0] * 3),
            (Main::Words(Class::Cyrillic), self.words[1] * 3),
            (Main::Words(Class::Other), self.words[2] * 3),
            (Main::Cjk, self.cjk() * 2),
        ];
        let (main, weight) = scripts.into_iter().max_by_key(|&(_, weight)| weight)?;
        (weight > 0).then_some(main)
    }

    /// Korean, Japanese or Chinese, by which of their scripts the text uses.
    fn cjk_lang(&self) -> &'static str {
        if self.hangul * 2 > self.cjk() {
            "ko"
        } else if self.kana * 20 >= self.han + self.kana {
            "ja"
        } else {
            "zh"
        }
    }
}

/// The lead and the prose of `body`'s first paragraphs, one line each, about
/// [`DETECT_CHARS`] characters: fenced code, indented code, HTML lines, shortcodes
/// (`{{< >}}`, `{% %}`), MDX imports, tables and link targets are left out.
fn prose(lead: &str, body: &str) -> String {
    let mut out = String::with_capacity(DETECT_CHARS * 2);
    out.push_str(lead);
    out.push('\n');
    let mut fence: Option<&str> = None;
    for line in body.lines() {
        if out.chars().count() >= DETECT_CHARS {
            break;
        }
        let trimmed = line.trim_start();
        if let Some(open) = fence {
            if trimmed.starts_with(open) {
                fence = None;
            }
            continue;
        }
        if let Some(mark) = ["```", "~~~"].into_iter().find(|m| trimmed.starts_with(m)) {
            fence = Some(mark);
            continue;
        }
        // A reference link's target (`[repo]: https://…`) is not prose either.
        let reference = trimmed.starts_with('[') && trimmed.contains("]:");
        let skipped = reference
            || line.starts_with("    ")
            || line.starts_with('\t')
            || ["<", "{{", "{%", "|", "import ", "export ", ":::", "---"]
                .iter()
                .any(|m| trimmed.starts_with(m));
        if skipped {
            continue;
        }
        push_without_links(&mut out, trimmed);
        out.push('\n');
    }
    out
}

/// Pushes `line` with Markdown link targets (`](…)`) and bare URLs left out.
fn push_without_links(out: &mut String, line: &str) {
    let mut rest = line;
    while let Some(at) = rest.find("](") {
        out.push_str(&rest[..at]);
        rest = &rest[at + 2..];
        rest = rest.find(')').map_or("", |end| &rest[end + 1..]);
    }
    for word in rest.split(' ') {
        if !word.contains("://") {
            out.push_str(word);
            out.push(' ');
        }
    }
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
        LangSource::FrontMatter | LangSource::Detected => None,
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
    fn the_language_is_told_from_the_text_or_left_unknown() {
        let english = "Modules are how Go manages dependencies. This post introduces the basic \
            operations needed to get started with modules in your own projects.";
        assert_eq!(detect("Using Go Modules", english).as_deref(), Some("en"));
        // Russian prose with English product names and code left out of the count.
        let russian = "Решения второго уровня, такие как Arbitrum и Optimism, увеличили общую \
            стоимость заблокированных средств в сети Ethereum до рекорда.\n\n```\nlet x = 1;\n```";
        assert_eq!(detect("Layer2 и TVL", russian).as_deref(), Some("ru"));
        let chinese = "使用语义约定来命名属性。OpenTelemetry 提供了一组用于追踪和指标的接口。";
        assert_eq!(detect("可观测性", chinese).as_deref(), Some("zh"));
        let japanese = "すでにZipkinまたはZipkin互換のバックエンドをセットアップしている場合は、\
            このセクションをスキップしてください。";
        assert_eq!(
            detect("バックエンドのセットアップ", japanese).as_deref(),
            Some("ja")
        );
        let korean = "크롬 개발자 도구의 새로운 기능을 소개합니다. 이번 업데이트에서는 성능 패널이 개선되었습니다.";
        assert_eq!(detect("새로운 기능", korean).as_deref(), Some("ko"));
        // A title alone in kana or Hangul is told by its script; Han ideographs alone are
        // written in Chinese and Japanese both, so a few of them are not.
        assert_eq!(detect("お知らせ", "").as_deref(), Some("ja"));
        assert_eq!(detect("블로그", "").as_deref(), Some("ko"));
        assert_eq!(detect("検索結果", ""), None);
        // Too little to tell: unknown, not a guess.
        assert_eq!(detect("Selenium Conf 2023", ""), None);
        assert_eq!(
            detect("Notes", "{% Partial 'x.md' %}\n<div>hi</div>\n"),
            None
        );
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
