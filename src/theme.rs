//! The styles every pane draws with: a dark theme, a light one, and a colourless variant for
//! `NO_COLOR` (<https://no-color.org>: any non-empty value turns colour off) that keeps bold,
//! italic, underline and reverse video.

use ratatui::style::{Color, Modifier, Style};

/// Every style the renderer and the panes use.
/// The colour themes, as `--theme` and the config's `theme` name them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ThemeName {
    /// The light or dark theme, as the terminal's background is ([`ThemeName::resolve`]).
    #[default]
    Auto,
    Dark,
    Light,
}

impl ThemeName {
    /// Whether the light theme is drawn. `Auto` follows `COLORFGBG` when it is set (rxvt's
    /// `fg;bg`, as Konsole and others export it: a background of 7 or 9–15 is light), else
    /// what `ask_terminal` says of the terminal's background (an OSC 11 query: `Some(true)` for
    /// light), else dark: a terminal that does not answer gets the dark theme.
    pub fn is_light(
        self,
        env: impl Fn(&str) -> Option<String>,
        ask_terminal: impl FnOnce() -> Option<bool>,
    ) -> bool {
        match self {
            ThemeName::Dark => false,
            ThemeName::Light => true,
            ThemeName::Auto => env("COLORFGBG")
                .and_then(|value| light_background(&value))
                .or_else(ask_terminal)
                .unwrap_or(false),
        }
    }

    /// Whether the terminal's background has to be asked: `Auto`, with colour, and no
    /// `COLORFGBG` to say it.
    pub fn asks_the_terminal(self, env: impl Fn(&str) -> Option<String>) -> bool {
        self == ThemeName::Auto
            && !Theme::no_color_asked()
            && env("COLORFGBG")
                .and_then(|v| light_background(&v))
                .is_none()
    }
}

/// Whether `COLORFGBG`'s background (its last field) is light; `None` when it does not say.
fn light_background(colorfgbg: &str) -> Option<bool> {
    let background: u8 = colorfgbg.rsplit(';').next()?.trim().parse().ok()?;
    Some(matches!(background, 7 | 9..=15))
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Theme {
    /// Heading text by level, `[0]` for `#` through `[5]` for `######`.
    pub heading: [Style; 6],
    /// The `##` marks before a heading.
    pub heading_mark: Style,
    pub strong: Style,
    pub emphasis: Style,
    pub strikethrough: Style,
    pub inline_code: Style,
    pub code_block: Style,
    pub quote_bar: Style,
    pub quote_text: Style,
    pub list_marker: Style,
    pub link: Style,
    /// The `[1]` after a link, and the link list at the end of a post.
    pub link_number: Style,
    pub rule: Style,
    /// Raw HTML, image placeholders and other things shown as written but not interpreted.
    pub dim: Style,
    pub title: Style,
    pub meta: Style,
    pub description: Style,
    pub diagnostic: Style,
    pub table_border: Style,
    pub table_header: Style,
    pub list_date: Style,
    pub list_tag: Style,
    pub selected: Style,
    pub border: Style,
    pub border_focused: Style,
    pub status: Style,
    pub status_key: Style,
    /// An unread post's row in the list (with a marker before it).
    pub unread: Style,
    /// The marker of a post added or changed on disk since it was last viewed, and the gutter
    /// mark of lines a save changed.
    pub changed: Style,
    /// The `⚠` after a broken link's number, and why it is broken in the post's link list.
    pub warning: Style,
    /// Search matches in the article, and the one `n`/`N` moved to.
    pub search_match: Style,
    pub search_current: Style,
    /// Text marked `==like this==` (Obsidian's highlight).
    pub highlight: Style,
    /// A callout's title and bar, by its tone ([`crate::content::callouts::Tone`], as an index:
    /// note, tip, warning, danger, quote).
    pub callout: [Style; 5],
    /// The heading the reader is in, in the table of contents.
    pub toc_current: Style,
    /// Whether code blocks are coloured by language (syntect); off without colour.
    pub syntax_highlighting: bool,
    /// How the article header writes the post's date: a strftime format (the config's
    /// `date_format`, checked when it was read); ISO 8601 (`2024-06-19`) when `None`.
    pub date_format: Option<String>,
}

impl Theme {
    /// The theme for this process: [`Theme::no_color`] when `NO_COLOR` is set and non-empty,
    /// else the light or dark one as asked.
    pub fn from_env(light: bool) -> Theme {
        if Theme::no_color_asked() {
            Theme::no_color()
        } else if light {
            Theme::light()
        } else {
            Theme::dark()
        }
    }

    /// Whether `NO_COLOR` is set and not empty.
    pub fn no_color_asked() -> bool {
        std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
    }

    /// The style a config's `[colors]` name stands for (one of [`STYLE_NAMES`]).
    pub fn named_mut(&mut self, name: &str) -> Option<&mut Style> {
        let (_, style) = STYLES.iter().find(|(n, _)| *n == name)?;
        Some(style(self))
    }

    pub fn dark() -> Theme {
        let bold = Style::new().add_modifier(Modifier::BOLD);
        Theme {
            heading: [
                bold.fg(Color::LightMagenta)
                    .add_modifier(Modifier::UNDERLINED),
                bold.fg(Color::LightCyan),
                bold.fg(Color::LightGreen),
                bold.fg(Color::LightYellow),
                bold,
                Style::new().add_modifier(Modifier::ITALIC),
            ],
            heading_mark: Style::new().fg(Color::DarkGray),
            strong: bold,
            emphasis: Style::new().add_modifier(Modifier::ITALIC),
            strikethrough: Style::new().add_modifier(Modifier::CROSSED_OUT),
            inline_code: Style::new().fg(Color::LightYellow).bg(Color::Indexed(236)),
            code_block: Style::new().fg(Color::Indexed(252)).bg(Color::Indexed(235)),
            quote_bar: Style::new().fg(Color::DarkGray),
            quote_text: Style::new().add_modifier(Modifier::ITALIC),
            list_marker: Style::new().fg(Color::LightBlue),
            link: Style::new()
                .fg(Color::LightBlue)
                .add_modifier(Modifier::UNDERLINED),
            link_number: Style::new().fg(Color::DarkGray),
            rule: Style::new().fg(Color::DarkGray),
            dim: Style::new().fg(Color::DarkGray),
            // The terminal's own foreground, and a grey that reads on black and on white alike:
            // a dark theme on a light terminal (one that did not say so) stays legible.
            title: bold,
            meta: Style::new().fg(Color::Indexed(245)),
            description: Style::new().add_modifier(Modifier::ITALIC),
            diagnostic: Style::new().fg(Color::Black).bg(Color::Yellow),
            table_border: Style::new().fg(Color::DarkGray),
            table_header: bold,
            list_date: Style::new().fg(Color::Indexed(245)),
            list_tag: Style::new().fg(Color::Cyan),
            selected: Style::new().add_modifier(Modifier::REVERSED),
            border: Style::new().fg(Color::DarkGray),
            border_focused: Style::new().fg(Color::LightCyan),
            status: Style::new().fg(Color::White).bg(Color::Indexed(237)),
            status_key: bold.fg(Color::LightCyan).bg(Color::Indexed(237)),
            unread: bold,
            changed: bold.fg(Color::LightGreen),
            warning: bold.fg(Color::Yellow),
            search_match: Style::new().fg(Color::Black).bg(Color::Yellow),
            highlight: Style::new().fg(Color::Black).bg(Color::Indexed(187)),
            callout: [
                Style::new().fg(Color::LightBlue),
                Style::new().fg(Color::LightGreen),
                Style::new().fg(Color::Yellow),
                Style::new().fg(Color::LightRed),
                Style::new().fg(Color::Gray),
            ],
            search_current: bold.fg(Color::Black).bg(Color::LightRed),
            toc_current: bold.fg(Color::LightCyan),
            syntax_highlighting: true,
            date_format: None,
        }
    }

    /// For light terminal backgrounds: dark text, darker accents, pale fills.
    pub fn light() -> Theme {
        let bold = Style::new().add_modifier(Modifier::BOLD);
        let dark = Theme::dark();
        Theme {
            heading: [
                bold.fg(Color::Magenta).add_modifier(Modifier::UNDERLINED),
                bold.fg(Color::Blue),
                bold.fg(Color::Green),
                bold.fg(Color::Red),
                bold,
                Style::new().add_modifier(Modifier::ITALIC),
            ],
            heading_mark: Style::new().fg(Color::Indexed(246)),
            inline_code: Style::new().fg(Color::Red).bg(Color::Indexed(254)),
            code_block: Style::new().fg(Color::Indexed(235)).bg(Color::Indexed(254)),
            quote_bar: Style::new().fg(Color::Indexed(246)),
            list_marker: Style::new().fg(Color::Blue),
            link: Style::new()
                .fg(Color::Blue)
                .add_modifier(Modifier::UNDERLINED),
            link_number: Style::new().fg(Color::Indexed(246)),
            rule: Style::new().fg(Color::Indexed(246)),
            dim: Style::new().fg(Color::Indexed(244)),
            title: bold,
            meta: Style::new().fg(Color::Indexed(240)),
            table_border: Style::new().fg(Color::Indexed(246)),
            list_date: Style::new().fg(Color::Indexed(240)),
            list_tag: Style::new().fg(Color::Blue),
            border: Style::new().fg(Color::Indexed(250)),
            border_focused: Style::new().fg(Color::Blue),
            status: Style::new().fg(Color::Black).bg(Color::Indexed(252)),
            status_key: bold.fg(Color::Blue).bg(Color::Indexed(252)),
            changed: bold.fg(Color::Green),
            warning: bold.fg(Color::Indexed(130)),
            search_match: Style::new().fg(Color::Black).bg(Color::LightYellow),
            highlight: Style::new().fg(Color::Black).bg(Color::Indexed(230)),
            callout: [
                Style::new().fg(Color::Blue),
                Style::new().fg(Color::Green),
                Style::new().fg(Color::Indexed(130)),
                Style::new().fg(Color::Red),
                Style::new().fg(Color::DarkGray),
            ],
            search_current: bold.fg(Color::White).bg(Color::Red),
            toc_current: bold.fg(Color::Blue),
            // syntect's colours are chosen for a dark background.
            syntax_highlighting: false,
            date_format: None,
            ..dark
        }
    }

    /// Every colour removed from [`Theme::dark`]; modifiers kept, so structure stays visible.
    pub fn no_color() -> Theme {
        let strip = |s: Style| Style {
            fg: None,
            bg: None,
            underline_color: None,
            ..s
        };
        let dark = Theme::dark();
        Theme {
            heading: dark.heading.map(strip),
            heading_mark: strip(dark.heading_mark),
            strong: strip(dark.strong),
            emphasis: strip(dark.emphasis),
            strikethrough: strip(dark.strikethrough),
            inline_code: strip(dark.inline_code),
            code_block: strip(dark.code_block),
            quote_bar: strip(dark.quote_bar),
            quote_text: strip(dark.quote_text),
            list_marker: strip(dark.list_marker),
            link: strip(dark.link),
            link_number: strip(dark.link_number),
            rule: strip(dark.rule),
            dim: strip(dark.dim),
            title: strip(dark.title),
            meta: strip(dark.meta),
            description: strip(dark.description),
            diagnostic: Style::new().add_modifier(Modifier::REVERSED),
            table_border: strip(dark.table_border),
            table_header: strip(dark.table_header),
            list_date: strip(dark.list_date),
            list_tag: strip(dark.list_tag),
            selected: strip(dark.selected),
            border: strip(dark.border),
            border_focused: Style::new().add_modifier(Modifier::BOLD),
            status: Style::new().add_modifier(Modifier::REVERSED),
            status_key: Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
            unread: strip(dark.unread),
            changed: strip(dark.changed),
            warning: strip(dark.warning),
            search_match: Style::new().add_modifier(Modifier::REVERSED),
            highlight: Style::new().add_modifier(Modifier::UNDERLINED),
            callout: dark.callout.map(strip),
            search_current: Style::new().add_modifier(Modifier::REVERSED | Modifier::UNDERLINED),
            toc_current: strip(dark.toc_current),
            syntax_highlighting: false,
            date_format: None,
        }
    }
}

/// A style of the theme, reached by its `[colors]` name.
type StyleField = fn(&mut Theme) -> &mut Style;

/// Every `[colors]` name with the theme style it sets, in the README's order: the one list of
/// them (the config checks names against it, and a test checks the README).
const STYLES: [(&str, StyleField); 29] = [
    ("heading1", |t| &mut t.heading[0]),
    ("heading2", |t| &mut t.heading[1]),
    ("heading3", |t| &mut t.heading[2]),
    ("heading4", |t| &mut t.heading[3]),
    ("heading5", |t| &mut t.heading[4]),
    ("heading6", |t| &mut t.heading[5]),
    ("link", |t| &mut t.link),
    ("inline_code", |t| &mut t.inline_code),
    ("code_block", |t| &mut t.code_block),
    ("quote", |t| &mut t.quote_text),
    ("list_marker", |t| &mut t.list_marker),
    ("title", |t| &mut t.title),
    ("meta", |t| &mut t.meta),
    ("diagnostic", |t| &mut t.diagnostic),
    ("tag", |t| &mut t.list_tag),
    ("date", |t| &mut t.list_date),
    ("selected", |t| &mut t.selected),
    ("border", |t| &mut t.border),
    ("border_focused", |t| &mut t.border_focused),
    ("status", |t| &mut t.status),
    ("unread", |t| &mut t.unread),
    ("changed", |t| &mut t.changed),
    ("warning", |t| &mut t.warning),
    ("highlight", |t| &mut t.highlight),
    ("callout_note", |t| &mut t.callout[0]),
    ("callout_tip", |t| &mut t.callout[1]),
    ("callout_warning", |t| &mut t.callout[2]),
    ("callout_danger", |t| &mut t.callout[3]),
    ("callout_quote", |t| &mut t.callout[4]),
];

/// The style names `[colors]` takes, in the README's order (see [`Theme::named_mut`]).
pub const STYLE_NAMES: [&str; 29] = {
    let mut names = [""; 29];
    let mut i = 0;
    while i < STYLES.len() {
        names[i] = STYLES[i].0;
        i += 1;
    }
    names
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_config_style_name_names_a_style() {
        let mut theme = Theme::dark();
        for name in STYLE_NAMES {
            assert!(theme.named_mut(name).is_some(), "{name}");
        }
        assert!(theme.named_mut("nope").is_none());
    }

    #[test]
    fn no_color_theme_has_no_colour_anywhere() {
        let t = Theme::no_color();
        let all = [
            t.heading_mark,
            t.strong,
            t.inline_code,
            t.code_block,
            t.link,
            t.dim,
            t.selected,
            t.status,
            t.status_key,
            t.diagnostic,
            t.border_focused,
            t.list_tag,
            t.changed,
        ];
        for style in all.iter().chain(t.heading.iter()) {
            assert_eq!((style.fg, style.bg), (None, None), "{style:?}");
        }
        assert!(!t.syntax_highlighting);
    }

    #[test]
    fn auto_follows_colorfgbg_then_the_terminals_answer_then_is_dark() {
        let env = |value: Option<&'static str>| {
            move |name: &str| {
                (name == "COLORFGBG")
                    .then_some(value)
                    .flatten()
                    .map(str::to_string)
            }
        };
        let never = || -> Option<bool> { panic!("not asked when COLORFGBG says") };
        assert!(ThemeName::Auto.is_light(env(Some("0;15")), never));
        assert!(ThemeName::Auto.is_light(env(Some("0;default;7")), never));
        assert!(!ThemeName::Auto.is_light(env(Some("15;0")), never));
        assert!(ThemeName::Auto.is_light(env(None), || Some(true)));
        assert!(
            !ThemeName::Auto.is_light(env(Some("rubbish")), || None),
            "no answer: dark"
        );
        assert!(!ThemeName::Dark.is_light(env(Some("0;15")), never));
        assert!(ThemeName::Light.is_light(env(None), never));
        assert!(!ThemeName::Auto.asks_the_terminal(env(Some("15;0"))) || Theme::no_color_asked());
    }

    #[test]
    fn neither_theme_draws_text_in_a_terminals_own_background() {
        for theme in [Theme::dark(), Theme::light()] {
            for (name, style) in [
                ("title", theme.title),
                ("meta", theme.meta),
                ("list_date", theme.list_date),
            ] {
                assert!(
                    !matches!(style.fg, Some(Color::White | Color::Black | Color::Gray)),
                    "{name}: {style:?}"
                );
            }
        }
    }
}
