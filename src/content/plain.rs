//! The shape of a plain-text article saved from a news page: which lines are its kicker, its
//! headline, its standfirst and its byline (shown in the post header), which are section
//! headings (listed in the contents), and which are page furniture (dimmed). Read from the
//! shape of the lines (their length, their end, what is around them), never from their words,
//! so it holds in any language. No line is dropped: each is either in the header or in the
//! body.
//!
//! The page shape news sites share: an optional kicker (a site or section name, 1–3 short
//! lines, then a blank line), the headline, a standfirst (a one-paragraph summary) and a byline line (the source,
//! a reading time or a view count), then the body, where short standalone lines with no
//! sentence end are section titles.

use crate::text::width;

/// A kicker line is at most this many words...
const KICKER_WORDS: usize = 3;
/// ...and this many columns.
const KICKER_COLUMNS: usize = 30;
/// A headline under a kicker is at least this many columns (and twice each kicker line).
const HEADLINE_COLUMNS: usize = 20;
/// ...and at most this many: a longer line is text, not a headline.
const HEADLINE_MAX_COLUMNS: usize = 160;
/// A section heading is at most this many columns...
const HEADING_COLUMNS: usize = 80;
/// ...and this many words.
const HEADING_WORDS: usize = 10;
/// A byline is at most this many words.
const BYLINE_WORDS: usize = 8;

/// What [`shape`] found; line numbers are 0-based indices into `body.lines()`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Shape {
    /// The kicker's lines, joined with ` · `.
    pub kicker: Option<String>,
    /// The headline: the post's title.
    pub headline: Option<String>,
    /// The standfirst: the post's description.
    pub standfirst: Option<String>,
    /// The byline or source line.
    pub byline: Option<String>,
    /// The lines shown in the header (kicker, headline, standfirst, byline), so the body leaves
    /// them out: they come first, so this is how many lines the header took.
    pub header_lines: usize,
    /// Lines that are section headings.
    pub headings: Vec<usize>,
    /// Lines that are page furniture: share-button labels run together.
    pub furniture: Vec<usize>,
}

/// A run of non-blank lines: its first line's index and its lines.
struct Block<'a> {
    start: usize,
    lines: Vec<&'a str>,
}

impl Block<'_> {
    fn end(&self) -> usize {
        self.start + self.lines.len()
    }

    fn single(&self) -> Option<&str> {
        match self.lines.as_slice() {
            [line] => Some(line.trim()),
            _ => None,
        }
    }

    fn text(&self) -> String {
        self.lines
            .iter()
            .map(|l| l.trim())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

fn blocks(body: &str) -> Vec<Block<'_>> {
    let mut out: Vec<Block<'_>> = Vec::new();
    let mut current: Option<Block<'_>> = None;
    for (i, line) in body.lines().enumerate() {
        if line.trim().is_empty() {
            out.extend(current.take());
        } else {
            current
                .get_or_insert_with(|| Block {
                    start: i,
                    lines: Vec::new(),
                })
                .lines
                .push(line);
        }
    }
    out.extend(current);
    out
}

fn words(line: &str) -> usize {
    line.split_whitespace().count()
}

/// Ends as a sentence does: `.`, `!`, `?`, `…`, `;`, `:` or `,` (and their CJK forms), a closing
/// quote or bracket after one allowed.
fn ends_a_sentence(line: &str) -> bool {
    let trimmed = line
        .trim_end()
        .trim_end_matches(['"', '\'', '”', '’', '»', ')', '）', '」', '』']);
    trimmed.ends_with([
        '.', '!', '?', '…', ';', ':', ',', '。', '！', '？', '；', '：', '，',
    ])
}

/// `1. Title`, `2) Title`, or as Chinese and Japanese number sections, `一、标题`, `2、标题`: a
/// numbered section title.
fn numbered(line: &str) -> bool {
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    let rest = &line[digits..];
    if digits > 0 && digits <= 2 && (rest.starts_with(". ") || rest.starts_with(") ")) {
        return true;
    }
    // The enumeration comma (、) after one to three numerals, ideographic or ASCII.
    let numerals = line
        .chars()
        .take_while(|c| c.is_ascii_digit() || "一二三四五六七八九十".contains(*c))
        .count();
    (1..=3).contains(&numerals) && line.chars().nth(numerals) == Some('、')
}

/// Short enough, and holding a letter, to be a title of some kind.
fn title_sized(line: &str) -> bool {
    width(line) <= HEADING_COLUMNS
        && words(line) <= HEADING_WORDS
        && line.chars().any(char::is_alphabetic)
}

/// Button labels run together when a page is copied: one long word with many inner capitals
/// (`ShareXRedditLinkedInHN`).
fn run_together(line: &str) -> bool {
    let line = line.trim();
    if words(line) != 1 || line.chars().count() < 12 {
        return false;
    }
    let capitals_inside = line
        .chars()
        .zip(line.chars().skip(1))
        .filter(|(a, b)| (a.is_lowercase() || a.is_uppercase()) && b.is_uppercase())
        .count();
    capitals_inside >= 3
}

/// A byline, source or reading-time line: short, with a figure in it (`8 мин чтения`,
/// `1.2万 阅读`, `5 min read`) or a separator (`Jane Doe | Tech`).
fn byline_like(line: &str) -> bool {
    words(line) <= BYLINE_WORDS
        && !ends_a_sentence(line)
        && !numbered(line)
        && (line.chars().any(|c| c.is_ascii_digit()) || line.contains(['|', '·', '•']))
}

/// A byline with its parts shown apart: ` · ` before each figure that follows a name (a read
/// count, a reading time, a date: `海港财经 3.4万 阅读` → `海港财经 · 3.4万 阅读`,
/// `Деловой вестник 8 мин чтения` → `Деловой вестник · 8 мин чтения`), also when a page ran
/// them together before a CJK counter (`YayaNews2 阅读` → `YayaNews · 2 阅读`). A figure inside
/// a name (`Web3 Daily`) stays, as does a byline already separated.
fn byline_parts(line: &str) -> String {
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    let figure = |c: char| c.is_ascii_digit();
    let mut cuts = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let (at, c) = chars[i];
        let starts = figure(c)
            && i > 0
            && !figure(chars[i - 1].1)
            && !matches!(chars[i - 1].1, '.' | ',' | '-' | '/' | ':');
        if !starts {
            i += 1;
            continue;
        }
        // The figure group: digits, `.`/`,`/`-`/`/`/`:` between digits, and a unit after.
        let mut end = i;
        while end < chars.len()
            && (figure(chars[end].1)
                || (matches!(chars[end].1, '.' | ',' | '-' | '/' | ':')
                    && chars.get(end + 1).is_some_and(|&(_, n)| figure(n))))
        {
            end += 1;
        }
        let after = chars[end..]
            .iter()
            .map(|&(_, c)| c)
            .find(|c| !c.is_whitespace());
        let before = line[..at].trim_end();
        let spaced = chars[i - 1].1.is_whitespace();
        let glued_to_counter =
            !spaced && chars[i - 1].1.is_alphabetic() && after.is_some_and(super::reading::is_cjk);
        let separated = before.ends_with(['·', '|', '•', '/', ',', '-', '–', '—']);
        if (spaced || glued_to_counter) && !before.is_empty() && !separated {
            cuts.push((before.len(), at));
        }
        i = end.max(i + 1);
    }
    if cuts.is_empty() {
        return line.to_string();
    }
    let mut out = String::with_capacity(line.len() + 4 * cuts.len());
    let mut from = 0;
    for (keep, resume) in cuts {
        out.push_str(&line[from..keep]);
        out.push_str(" · ");
        from = resume;
    }
    out.push_str(&line[from..]);
    out
}

/// Reads the shape of a plain-text article (see the module documentation).
pub fn shape(body: &str) -> Shape {
    let blocks = blocks(body);
    let mut out = Shape::default();
    let mut next = 0;
    // The kicker: 1–3 short lines before a headline longer than each of them.
    if let [first, second, ..] = blocks.as_slice()
        && first.lines.len() <= 3
        && first.lines.iter().all(|l| {
            words(l) <= KICKER_WORDS && width(l.trim()) <= KICKER_COLUMNS && !ends_a_sentence(l)
        })
        && let Some(headline) = second.single()
        && !headline.ends_with('.')
        && width(headline) <= HEADLINE_MAX_COLUMNS
        && first
            .lines
            .iter()
            .all(|l| width(headline) >= (2 * width(l.trim())).max(HEADLINE_COLUMNS))
    {
        out.kicker = Some(
            first
                .lines
                .iter()
                .map(|l| l.trim())
                .collect::<Vec<_>>()
                .join(" · "),
        );
        next = 1;
    }
    if out.headline.is_none() {
        let Some(block) = blocks.get(next) else {
            return out;
        };
        match block.single() {
            Some(line) => {
                out.headline = Some(line.to_string());
                out.header_lines = block.end();
                next += 1;
            }
            // A page that opens with a paragraph has no headline to take.
            None => {
                out.kicker = None;
                return body_shape(out, &blocks, next);
            }
        }
    }
    // The standfirst: a paragraph under the headline, when the page has a kicker or a byline
    // follows it (a plain article's first paragraph is its text, not a summary).
    if let Some(block) = blocks.get(next)
        && block.lines.iter().any(|l| ends_a_sentence(l))
    {
        let byline_after = blocks
            .get(next + 1)
            .and_then(Block::single)
            .is_some_and(byline_like);
        if out.kicker.is_some() || byline_after {
            out.standfirst = Some(block.text());
            out.header_lines = block.end();
            next += 1;
            if let Some(byline) = blocks.get(next).and_then(Block::single)
                && byline_like(byline)
            {
                out.byline = Some(byline_parts(byline));
                out.header_lines = blocks[next].end();
                next += 1;
            }
        }
    }
    body_shape(out, &blocks, next)
}

/// Finds the headings and the furniture in `blocks[from..]`.
fn body_shape(mut out: Shape, blocks: &[Block<'_>], from: usize) -> Shape {
    for (i, block) in blocks.iter().enumerate().skip(from) {
        for (j, line) in block.lines.iter().enumerate() {
            if run_together(line) {
                out.furniture.push(block.start + j);
            }
        }
        let Some(line) = block.single() else {
            continue;
        };
        // A section title stands alone, is short, and text follows it.
        let followed_by_text = blocks.get(i + 1).is_some_and(|b| {
            b.lines.len() > 1
                || b.single()
                    .is_some_and(|l| ends_a_sentence(l) || words(l) > HEADING_WORDS)
        });
        let titled = numbered(line) || !ends_a_sentence(line);
        if title_sized(line) && titled && followed_by_text && !run_together(line) {
            out.headings.push(block.start);
        }
    }
    // The page after the article: past its last sentence, a short line standing alone is a
    // label of the page's (share, tags, related reading, the channel's name), not a section
    // title: dimmed, never in the contents. Found by where it is, in any language.
    let last_sentence = (blocks.iter().enumerate().skip(from))
        .rev()
        .find(|(_, b)| b.lines.iter().any(|l| ends_a_sentence(l)))
        .map(|(i, _)| i);
    if let Some(last) = last_sentence {
        let tail = blocks[last].end();
        out.headings.retain(|&h| h < tail);
        for block in blocks.iter().skip(last + 1) {
            for (j, line) in block.lines.iter().enumerate() {
                if title_sized(line) {
                    out.furniture.push(block.start + j);
                }
            }
        }
        out.furniture.sort_unstable();
        out.furniture.dedup();
    }
    // An article whose sections are numbered ends with its last numbered section: a title
    // without a number after it (a disclaimer, "related reading", "share to") is the page's,
    // and it and every line after it are furniture.
    let line_at = |i: usize| {
        (blocks.iter())
            .find(|b| (b.start..b.end()).contains(&i))
            .map(|b| b.lines[i - b.start])
    };
    if let Some(last) = (out
        .headings
        .iter()
        .rposition(|&i| line_at(i).is_some_and(numbered)))
        && let Some(&page) = out.headings.get(last + 1)
    {
        out.headings.truncate(last + 1);
        let after = (blocks.iter().filter(|b| b.start >= page)).flat_map(|b| b.start..b.end());
        out.furniture.extend(after);
        out.furniture.sort_unstable();
        out.furniture.dedup();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kicker_above_the_headline_is_a_label_and_the_standfirst_a_description() {
        let text = "MERIDIAN\nMarkets\n\nWhy are yields rising?\n\nYields climbed for a fourth week as investors priced in fewer cuts.\n\nCurrent Reading\n\nUpdated 5 minutes ago\n4.62%\n\nWhat It Means\n\nBond yields move opposite to prices. When investors ask more, costs rise.\n\nShareXRedditLinkedInHN\n\nNot advice.\n";
        let shape = shape(text);
        assert_eq!(shape.kicker.as_deref(), Some("MERIDIAN · Markets"));
        assert_eq!(shape.headline.as_deref(), Some("Why are yields rising?"));
        assert!(
            shape
                .standfirst
                .as_deref()
                .is_some_and(|s| s.starts_with("Yields climbed"))
        );
        assert_eq!(shape.byline, None);
        assert_eq!(shape.header_lines, 6);
        let lines: Vec<&str> = text.lines().collect();
        let headings: Vec<&str> = shape.headings.iter().map(|&i| lines[i]).collect();
        assert_eq!(headings, ["Current Reading", "What It Means"]);
        let furniture: Vec<&str> = shape.furniture.iter().map(|&i| lines[i]).collect();
        assert_eq!(furniture, ["ShareXRedditLinkedInHN"]);
    }

    #[test]
    fn a_byline_with_a_figure_goes_to_the_header() {
        let text = "ЭКОНОМИКА\n\nЦентробанк сохранил ставку: что это значит\n\nРегулятор оставил ставку без изменений.\n\nДеловой вестник 8 мин чтения\n\nРешение совпало с ожиданиями. Инфляция замедляется.\n\nЧто будет с ипотекой\n\nБанки уже подняли ставки.\n";
        let shape = shape(text);
        assert_eq!(shape.kicker.as_deref(), Some("ЭКОНОМИКА"));
        assert_eq!(
            shape.byline.as_deref(),
            Some("Деловой вестник · 8 мин чтения"),
            "its parts apart"
        );
        assert_eq!(shape.header_lines, 7);
        assert_eq!(shape.headings, [10]);
    }

    #[test]
    fn a_headline_first_article_of_sentences_has_no_kicker_standfirst_or_headings() {
        let text = "City Council Approves Night Bus Network After Two-Year Trial\n\nThe council voted 9 to 2 on Tuesday.\n\nNurses made up most of the riders.\n";
        let shape = shape(text);
        assert_eq!(shape.kicker, None);
        assert_eq!(
            shape.headline.as_deref(),
            Some("City Council Approves Night Bus Network After Two-Year Trial")
        );
        assert_eq!(shape.standfirst, None);
        assert_eq!(shape.header_lines, 1);
        assert!(shape.headings.is_empty());
    }

    #[test]
    fn numbered_section_titles_are_headings_even_as_questions() {
        let text = "Title line\n\nFirst paragraph ends here.\n\n1. Why It Matters\n\nText follows.\n\n2. Build, Buy or Rent?\n\nMore text.\n\nWhat is a yield curve?\nIt plots yields.\n";
        let shape = shape(text);
        assert_eq!(shape.headings, [4, 8]);
    }

    #[test]
    fn after_numbered_sections_an_unnumbered_title_and_what_follows_are_furniture() {
        let text = "标题很长的一篇文章在这里\n\n导语。\n\n一、为什么\n\n正文第一段，还有更多的文字。\n\n二、谁会受益\n\n正文第二段。\n\n免责声明\n\n本文仅供参考。\n\n分享到\n\n返回首页\n";
        let shape = shape(text);
        let lines: Vec<&str> = text.lines().collect();
        let headings: Vec<&str> = shape.headings.iter().map(|&i| lines[i]).collect();
        assert_eq!(headings, ["一、为什么", "二、谁会受益"]);
        let furniture: Vec<&str> = shape.furniture.iter().map(|&i| lines[i]).collect();
        assert_eq!(
            furniture,
            ["免责声明", "本文仅供参考。", "分享到", "返回首页"]
        );
        // Unnumbered sections alone are all headings.
        let plain = shape_of_unnumbered();
        assert_eq!(plain.headings.len(), 2);
        assert!(plain.furniture.is_empty());
    }

    fn shape_of_unnumbered() -> Shape {
        shape(
            "A Title For It\n\nLead text here.\n\nFirst Part\n\nSome text.\n\nSecond Part\n\nMore text.\n",
        )
    }

    #[test]
    fn a_short_first_line_over_a_paragraph_is_the_title_not_a_kicker() {
        let shape = shape("Budget Day\n\nThe minister spoke for an hour about taxes.\n");
        assert_eq!(shape.kicker, None);
        assert_eq!(shape.headline.as_deref(), Some("Budget Day"));
    }

    #[test]
    fn a_bylines_parts_are_shown_apart() {
        assert_eq!(byline_parts("海港财经 3.4万 阅读"), "海港财经 · 3.4万 阅读");
        assert_eq!(
            byline_parts("TechDaily 1.2万 阅读"),
            "TechDaily · 1.2万 阅读"
        );
        assert_eq!(
            byline_parts("Деловой вестник 8 мин чтения"),
            "Деловой вестник · 8 мин чтения"
        );
        assert_eq!(byline_parts("YayaNews2 阅读"), "YayaNews · 2 阅读");
        assert_eq!(
            byline_parts("Jane Doe 5 min read 2024-06-10"),
            "Jane Doe · 5 min read · 2024-06-10"
        );
        assert_eq!(
            byline_parts("Web3 Daily 1.2万 阅读"),
            "Web3 Daily · 1.2万 阅读",
            "a figure in a name"
        );
        assert_eq!(
            byline_parts("Jane Doe | 5 min read"),
            "Jane Doe | 5 min read",
            "already apart"
        );
        assert_eq!(byline_parts("36Kr"), "36Kr");
    }

    #[test]
    fn labels_after_the_articles_last_sentence_are_the_pages_in_any_language() {
        let text = "港口自动化提速：三家码头运营商同日公布新一轮投资\n\n三家运营商计划在两年内把自动化岸桥的比例提高一倍。\n\n海港财经 3.4万 阅读\n\n本周二，三家码头运营商披露了新的资本开支计划。\n\n设备供应商\n\n设备供应商的订单排期已经延伸到明年下半年。调度软件公司则更看重维护合同。\n\n分享\n\n标签\n\n港口 · 航运\n\n继续阅读\n\n另一篇文章的标题\n第三篇文章的标题\n\n进入频道\n";
        let shape = shape(text);
        let lines: Vec<&str> = text.lines().collect();
        let headings: Vec<&str> = shape.headings.iter().map(|&i| lines[i]).collect();
        assert_eq!(headings, ["设备供应商"]);
        let furniture: Vec<&str> = shape.furniture.iter().map(|&i| lines[i]).collect();
        assert_eq!(
            furniture,
            [
                "分享",
                "标签",
                "港口 · 航运",
                "继续阅读",
                "另一篇文章的标题",
                "第三篇文章的标题",
                "进入频道"
            ]
        );
    }
}
