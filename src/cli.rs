//! The command line (clap derive): the reader's paths, options and filters, and the subcommands
//! for scripts (`list`, `show`, `tags`, `check`, `completions`, `man`).

use std::path::PathBuf;

use clap::{Args, Parser};
use jiff::civil::Date;

use crate::app::start::Launch;
use crate::content::date::parse_range;
use crate::library::select::Query;
use crate::library::store::{Filter, SortOrder, TagMatch};
pub use crate::theme::ThemeName;

/// Read a folder of posts in the terminal: Markdown with front matter, and plain-text articles.
///
/// With no PATH, opens the built-in sample posts. Keys: j/k or arrows move, Enter opens,
/// Tab switches pane, t picks tags, d dates, / searches, ? lists every key, q quits.
///
/// Read marks are kept in the platform data directory ($XDG_DATA_HOME/tidings/read on Linux),
/// never beside the posts.
///
/// With stdout a pipe or a file, `tidings DIR` prints what `tidings list DIR` prints, and
/// `tidings FILE` what `tidings show FILE` prints. A path may come before a subcommand
/// (`tidings DIR list`).
///
/// Exit status: 0 ok; 1 nothing to report on (no posts, none matching, problems found by
/// `check`, a feed failed); 2 a usage error, a path that does not exist or cannot be read, or
/// another failure.
#[derive(Debug, Parser)]
#[command(
    name = "tidings",
    version,
    about,
    subcommand_precedence_over_arg = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Subcommand>,

    /// Folders (read recursively) and files of posts (.md, .markdown, .txt). A folder named
    /// like a subcommand is written `./list`.
    pub paths: Vec<PathBuf>,

    #[command(flatten)]
    pub filters: FilterArgs,

    /// Do not watch the paths for changes.
    #[arg(long, conflicts_with_all = ["poll", "follow"])]
    pub no_watch: bool,

    /// Start at the top, as on a first run: not back at the post, place, filters and sort the
    /// last run on these paths left (where this run leaves off is still kept).
    #[arg(long)]
    pub fresh: bool,

    /// Show images as their `[image: alt] src` line only, drawing no pictures (the config's
    /// `images = "off"`).
    #[arg(long)]
    pub no_images: bool,

    /// Watch by looking at every file each second instead of by file events. Chosen by itself
    /// on network mounts (NFS, SMB) and when the system's watch limit is reached.
    #[arg(long)]
    pub poll: bool,

    /// For writing sessions: open the most recently modified post, then switch to each post as
    /// it is saved, at what the save changed.
    #[arg(long)]
    pub follow: bool,

    /// Colours for a dark or a light terminal background (NO_COLOR turns colour off); the
    /// config's `theme`, else auto: the terminal is asked its background (COLORFGBG first).
    #[arg(long, value_enum)]
    pub theme: Option<ThemeName>,

    /// The config file to read instead of the platform's (`$XDG_CONFIG_HOME/tidings/config.toml`
    /// on Linux).
    #[arg(long, value_name = "FILE", global = true)]
    pub config: Option<PathBuf>,
}

/// The subcommands: no screen, output to stdout for scripts and pipes.
#[derive(Debug, clap::Subcommand)]
pub enum Subcommand {
    /// List posts, one per line: date, tags, title and path, tab-separated (newest first).
    List(ListArgs),
    /// Print posts rendered: styled on a terminal (paged when taller than it), plain text
    /// otherwise.
    Show(ShowArgs),
    /// List tags with how many posts carry each, most used first, tab-separated.
    Tags(TagsArgs),
    /// Print every problem found in posts as `path:line: message`; exit 1 if there is any.
    Check(CheckArgs),
    /// Fetch the subscribed feeds (`[[feeds]]` in config.toml), saving each new or changed entry
    /// as a post; exit 1 if any feed failed.
    Fetch(FetchArgs),
    /// Subscribe to a feed (`feeds add URL`) or list the subscriptions (`feeds list`).
    #[command(subcommand)]
    Feeds(FeedsCommand),
    /// Print a completion script for a shell (e.g. `tidings completions bash > ...`).
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), e.g. `tidings man | man -l -`.
    Man,
}

/// `tidings feeds ...`.
#[derive(Debug, Clone, PartialEq, clap::Subcommand)]
pub enum FeedsCommand {
    /// Add a `[[feeds]]` table to config.toml (its comments and order kept); a URL already
    /// subscribed is said and left as it is.
    Add {
        /// The feed's address (http or https).
        url: String,
        /// A tag for every entry saved; repeat for several.
        #[arg(long = "tag", short = 't', value_name = "TAG")]
        tags: Vec<String>,
        /// What to call it: by default a slug of the feed's title, fetched once now (its host
        /// when that fails).
        #[arg(long)]
        name: Option<String>,
        /// Where to save its entries: by default `feeds/NAME/` under the first of the config's
        /// `folders`, else under the platform data directory (which the reader opens with no
        /// PATH).
        #[arg(long, value_name = "DIR")]
        folder: Option<PathBuf>,
    },
    /// Remove the feed named NAME (or with this URL) from config.toml, keeping the file's
    /// comments. Its posts are kept.
    Remove {
        #[arg(value_name = "NAME")]
        name: String,
    },
    /// Print each feed: name, URL, tags and interval, tab-separated.
    List,
    /// Subscribe to every feed of an OPML file (as newsboat, Miniflux and other feed readers
    /// export them; `-` reads stdin): folders and categories become tags.
    Import {
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
    /// Print the subscriptions as OPML 2.0, for other feed readers (tags as folders and
    /// categories).
    Export,
}

/// `tidings fetch`'s arguments.
#[derive(Debug, Clone, Default, PartialEq, Args)]
pub struct FetchArgs {
    /// Only the feeds with these names (all when none is given).
    #[arg(value_name = "NAME")]
    pub names: Vec<String>,
    /// Print what was done as JSON (per feed: new, updated, unchanged, kept, error).
    #[arg(long)]
    pub json: bool,
    /// Give up on a feed after this many seconds (20 by default).
    #[arg(long, value_name = "SECONDS")]
    pub timeout: Option<f64>,
}

/// Which posts: by tag, by date, by text; and in what order.
#[derive(Debug, Clone, Default, PartialEq, Args)]
pub struct FilterArgs {
    /// Only posts with this tag (case-insensitive); repeat for any of several tags.
    #[arg(long = "tag", short = 't', value_name = "TAG")]
    pub tags: Vec<String>,

    /// With several --tag: only posts that have every one of them.
    #[arg(long)]
    pub all_tags: bool,

    /// Only posts dated on or after DATE: 2024, 2024-06 or 2024-06-01 (the first day of it).
    #[arg(long, value_name = "DATE", value_parser = since_date)]
    pub since: Option<Date>,

    /// Only posts dated on or before DATE: 2024, 2024-06 or 2024-06-01 (the last day of it).
    #[arg(long, value_name = "DATE", value_parser = until_date)]
    pub until: Option<Date>,

    /// Only posts that match TEXT, most relevant first, as `/` searches in the reader: all its
    /// words in any form, "quoted phrases", -excluded words. With --json, each post also gets
    /// its `score` and `snippet`.
    #[arg(long, value_name = "TEXT")]
    pub search: Option<String>,

    /// The order when no search ranks the posts.
    #[arg(long, value_enum, value_name = "ORDER")]
    pub sort: Option<SortOrder>,

    /// Include unpublished posts: drafts (`draft: true`), and posts whose `publishDate` is to
    /// come or whose `expiryDate` has passed. They are left out otherwise, as `hugo server`
    /// leaves them out without `-D`, `-F` and `-E`.
    #[arg(long)]
    pub drafts: bool,

    /// Only posts in language LANG (`ru`, `pt-br`): from the front matter (`lang`,
    /// `language`), a file suffix (`post.ja.md`) or a language folder (`site/ru/…`).
    #[arg(long, value_name = "LANG")]
    pub lang: Option<String>,

    /// Include files that are not articles: redirect stubs, generator partials, 404 pages, a
    /// repository's README or LICENSE without front matter, empty files. `tidings check`
    /// lists them with the reason.
    #[arg(long)]
    pub all: bool,
}

/// Subcommands a mistyped first argument is compared with: every one (a test keeps this equal to
/// clap's list), so the tip is built without building clap's command tree.
const SUBCOMMANDS: [&str; 8] = [
    "list",
    "show",
    "tags",
    "check",
    "fetch",
    "feeds",
    "completions",
    "man",
];

impl Cli {
    /// Parses the process's arguments as [`Cli::resolve`] settles them; a usage error is
    /// printed as clap prints its own, and the process exits with status 2.
    pub fn parse_args() -> Cli {
        Cli::parse().resolve().unwrap_or_else(|err| err.exit())
    }

    /// What clap cannot tell by itself, so that nothing typed is dropped:
    /// - a first path that does not exist and is one or two edits from a subcommand (`lsit`,
    ///   `feed list`) is that subcommand mistyped: clap's "unrecognized subcommand" with its tip;
    /// - paths written before a subcommand (`tidings posts list`) are given to it (`list`,
    ///   `tags`, `check`, `show`), as filters are (`tidings -t go list`), or refused for one that
    ///   takes none;
    /// - filters and the reader's own options before a subcommand that takes none are refused.
    ///
    /// Errors: the mistakes above, as clap errors (exit status 2).
    pub fn resolve(mut self) -> Result<Cli, clap::Error> {
        use clap::error::{ContextKind, ContextValue, ErrorKind};
        // Made only for an error: building clap's command tree costs ~0.1 ms of the start.
        let command = <Cli as clap::CommandFactory>::command;
        if let Some(first) = self.paths.first()
            && !first.exists()
            && let Some(name) = first.to_str()
            && let Some(meant) = mistyped_subcommand(name)
        {
            let mut cmd = command();
            let mut err = clap::Error::new(ErrorKind::InvalidSubcommand).with_cmd(&cmd);
            err.insert(
                ContextKind::InvalidSubcommand,
                ContextValue::String(name.to_string()),
            );
            err.insert(
                ContextKind::SuggestedSubcommand,
                ContextValue::Strings(vec![meant.to_string()]),
            );
            err.insert(
                ContextKind::Usage,
                ContextValue::StyledStr(cmd.render_usage()),
            );
            return Err(err);
        }
        let Some(sub) = &mut self.command else {
            return Ok(self);
        };
        let name = sub.name();
        let refused = |what: &str, takes: &str| {
            command().error(
                ErrorKind::ArgumentConflict,
                format!("{what} given before `{name}` do not apply to it: {takes}"),
            )
        };
        let paths = std::mem::take(&mut self.paths);
        if !paths.is_empty() {
            match sub {
                Subcommand::List(ListArgs { paths: after, .. })
                | Subcommand::Tags(TagsArgs { paths: after, .. })
                | Subcommand::Check(CheckArgs { paths: after, .. })
                | Subcommand::Show(ShowArgs { posts: after, .. }) => {
                    after.splice(0..0, paths);
                }
                _ => {
                    return Err(refused(
                        "paths",
                        "paths are for the reader, `list`, `tags`, `check` and `show`",
                    ));
                }
            }
        }
        if let Subcommand::Show(ShowArgs { posts, .. }) = sub
            && posts.is_empty()
        {
            return Err(command().error(
                ErrorKind::MissingRequiredArgument,
                "`show` needs a post: tidings show POST... (files, or folders of posts)",
            ));
        }
        if self.no_watch
            || self.poll
            || self.follow
            || self.no_images
            || self.fresh
            || self.theme.is_some()
        {
            return Err(refused(
                "the reader's options",
                "--no-watch, --poll, --follow, --no-images, --fresh and --theme are for the reader",
            ));
        }
        let before = std::mem::take(&mut self.filters);
        if before == FilterArgs::default() {
            return Ok(self);
        }
        match sub {
            Subcommand::List(ListArgs { filters, .. })
            | Subcommand::Tags(TagsArgs { filters, .. }) => {
                *filters = before.merged(std::mem::take(filters));
            }
            _ => {
                return Err(refused(
                    "the filters",
                    "filters (--tag, --since, --until, --search, --sort, --drafts, --lang, \
                     --all) are for the reader, `list` and `tags`",
                ));
            }
        }
        Ok(self)
    }

    /// Every path the command line names for posts: the reader's, or its subcommand's.
    pub fn post_paths(&self) -> &[PathBuf] {
        match &self.command {
            None => &self.paths,
            Some(
                Subcommand::List(ListArgs { paths, .. })
                | Subcommand::Tags(TagsArgs { paths, .. })
                | Subcommand::Check(CheckArgs { paths, .. })
                | Subcommand::Show(ShowArgs { posts: paths, .. }),
            ) => paths,
            Some(_) => &[],
        }
    }

    /// The first path given that cannot be looked at (it does not exist, or a folder on the
    /// way cannot be entered), with why: `/no/such: No such file or directory`. Checked before
    /// anything is read or drawn, whatever the subcommand, so a script never gets an answer
    /// about other posts than the ones it named.
    ///
    /// Errors: that path, as a [`PathError`].
    pub fn check_paths(&self) -> Result<(), PathError> {
        for path in self.post_paths() {
            if let Err(err) = std::fs::metadata(path) {
                return Err(PathError {
                    path: path.clone(),
                    reason: crate::text::io_reason(&err),
                });
            }
        }
        Ok(())
    }

    /// The subcommand to run: the one given, else, when stdout is not a terminal (a pipe, a
    /// file), what the reader would show written as text, as `ls`, `bat` and `glow` do in a
    /// pipe: `show` when every path is a file and no filter is given, `list` otherwise. `None`:
    /// the reader.
    pub fn take_command(&mut self, stdout_is_terminal: bool) -> Option<Subcommand> {
        if let Some(command) = self.command.take() {
            return Some(command);
        }
        if stdout_is_terminal {
            return None;
        }
        let paths = self.paths.clone();
        let files_only = !paths.is_empty() && paths.iter().all(|p| p.is_file());
        Some(if files_only && self.filters == FilterArgs::default() {
            Subcommand::Show(ShowArgs {
                posts: paths,
                width: None,
                plain: false,
                paging: Paging::Auto,
            })
        } else {
            Subcommand::List(ListArgs {
                paths,
                filters: self.filters.clone(),
                json: false,
                paths_only: false,
                null: false,
            })
        })
    }

    /// What the command line asks of the reader (no subcommand given).
    pub fn launch(&self) -> Launch {
        Launch {
            paths: self.paths.clone(),
            theme: self.theme,
            query: self.filters.query(),
            follow: self.follow,
            no_watch: self.no_watch,
            fresh: self.fresh,
            poll: self.poll,
            no_images: self.no_images,
        }
    }
}

/// A path given on the command line that cannot be looked at.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}: {reason}", path.display())]
pub struct PathError {
    pub path: PathBuf,
    /// The system's words for it, without Rust's `(os error N)`: `No such file or directory`.
    pub reason: String,
}

/// The subcommand `word` is one or two edits from (Levenshtein), if it is a plain word (no
/// `/` or `.`, as a path would have) of at least 3 characters.
fn mistyped_subcommand(word: &str) -> Option<&'static str> {
    if word.chars().count() < 3 || word.contains(['/', '.', '\\']) {
        return None;
    }
    SUBCOMMANDS
        .iter()
        .map(|name| (strsim::levenshtein(word, name), *name))
        .filter(|(edits, _)| *edits <= 2)
        .min()
        .map(|(_, name)| name)
}

impl Subcommand {
    /// Its name on the command line.
    pub fn name(&self) -> &'static str {
        match self {
            Subcommand::List(_) => "list",
            Subcommand::Show(_) => "show",
            Subcommand::Tags(_) => "tags",
            Subcommand::Check(_) => "check",
            Subcommand::Fetch(_) => "fetch",
            Subcommand::Feeds(_) => "feeds",
            Subcommand::Completions { .. } => "completions",
            Subcommand::Man => "man",
        }
    }
}

impl FilterArgs {
    /// These filters (written before the subcommand) with `after`'s (written after it): tags
    /// of both, switches on if either has them, and `after`'s value where both give one.
    pub fn merged(self, after: FilterArgs) -> FilterArgs {
        let mut tags = self.tags;
        tags.extend(after.tags);
        FilterArgs {
            tags,
            all_tags: self.all_tags || after.all_tags,
            since: after.since.or(self.since),
            until: after.until.or(self.until),
            search: after.search.or(self.search),
            sort: after.sort.or(self.sort),
            drafts: self.drafts || after.drafts,
            lang: after.lang.or(self.lang),
            all: self.all || after.all,
        }
    }

    /// The tag and date conditions, as the store applies them.
    pub fn filter(&self) -> Filter {
        Filter {
            tags: self.tags.iter().map(|t| t.trim().to_lowercase()).collect(),
            tag_match: if self.all_tags {
                TagMatch::All
            } else {
                TagMatch::Any
            },
            from: self.since,
            to: self.until,
            lang: self
                .lang
                .as_deref()
                .map(|l| crate::content::lang::code(l).unwrap_or_else(|| l.trim().to_lowercase())),
        }
    }

    /// The order asked for (newest first by default).
    pub fn sort_order(&self) -> SortOrder {
        self.sort.unwrap_or_default()
    }

    /// The search text, if one that is not blank was given.
    pub fn search_text(&self) -> Option<&str> {
        self.search.as_deref().filter(|s| !s.trim().is_empty())
    }

    /// The query these flags ask for, as the reader's list and the subcommands both run it
    /// ([`crate::library::select`]).
    pub fn query(&self) -> Query {
        Query {
            filter: self.filter(),
            search: self.search_text().unwrap_or_default().to_string(),
            sort: self.sort_order(),
            drafts: self.drafts,
            all: self.all,
            ..Query::default()
        }
    }
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Folders and files of posts; the built-in samples when none.
    pub paths: Vec<PathBuf>,

    #[command(flatten)]
    pub filters: FilterArgs,

    /// One JSON object per line (JSON Lines) with every front matter field.
    #[arg(long, conflicts_with = "paths_only")]
    pub json: bool,

    /// Only the paths, one per line.
    #[arg(long = "paths", id = "paths_only")]
    pub paths_only: bool,

    /// With --paths: end each path with NUL instead of a newline (for `xargs -0`).
    #[arg(short = '0', long = "null", requires = "paths_only")]
    pub null: bool,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The posts' files, printed one after the other with a blank line between them; a folder
    /// gives its posts, in the order `list` gives them (newest first).
    #[arg(value_name = "POST")]
    pub posts: Vec<PathBuf>,

    /// Width to wrap at, in columns; the terminal's width (at most the config's `reading_width`,
    /// 100) by default, 80 in a pipe.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(20..))]
    pub width: Option<u16>,

    /// No colours or styles, even on a terminal.
    #[arg(long)]
    pub plain: bool,

    /// When to send the output through a pager (`$PAGER`, else `less -R`): `auto` when stdout
    /// is a terminal and the output is taller than it, as bat does.
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = Paging::Auto)]
    pub paging: Paging,
}

/// `show --paging`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Paging {
    /// Page output taller than the terminal; never in a pipe.
    #[default]
    Auto,
    /// Always page, even in a pipe.
    Always,
    /// Never page.
    Never,
}

#[derive(Debug, Args)]
pub struct TagsArgs {
    /// Folders and files of posts; the built-in samples when none.
    pub paths: Vec<PathBuf>,

    #[command(flatten)]
    pub filters: FilterArgs,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Folders and files of posts; the built-in samples when none.
    pub paths: Vec<PathBuf>,
}

/// `--since`: the first day of the year, month or day written.
fn since_date(text: &str) -> Result<Date, String> {
    parse_range(text)
        .ok()
        .and_then(|r| r.from)
        .ok_or_else(|| format!("{text:?} is not a date: write 2024, 2024-06 or 2024-06-01"))
}

/// `--until`: the last day of the year, month or day written.
fn until_date(text: &str) -> Result<Date, String> {
    parse_range(text)
        .ok()
        .and_then(|r| r.to)
        .ok_or_else(|| format!("{text:?} is not a date: write 2024, 2024-06 or 2024-06-01"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn since_and_until_take_the_ends_of_what_is_written() {
        let cli = Cli::try_parse_from(["tidings", "--since", "2024-06", "--until", "2024"])
            .expect("parses");
        let filter = cli.filters.filter();
        assert_eq!(
            filter.from.map(|d| d.to_string()).as_deref(),
            Some("2024-06-01")
        );
        assert_eq!(
            filter.to.map(|d| d.to_string()).as_deref(),
            Some("2024-12-31")
        );
        let bad = Cli::try_parse_from(["tidings", "--since", "June"]).expect_err("refused");
        assert!(bad.to_string().contains("is not a date"), "{bad}");
    }

    #[test]
    fn paths_and_subcommands_are_told_apart() {
        let cli = Cli::try_parse_from(["tidings", "posts", "-t", "Go"]).expect("parses");
        assert!(cli.command.is_none());
        assert_eq!(cli.filters.filter().tags, ["go"]);
        let cli = Cli::try_parse_from(["tidings", "list", "posts", "--json"]).expect("parses");
        assert!(matches!(
            cli.command,
            Some(Subcommand::List(ListArgs { json: true, .. }))
        ));
        assert!(
            Cli::try_parse_from(["tidings", "list", "-0"]).is_err(),
            "-0 needs --paths"
        );
    }

    fn resolved(args: &[&str]) -> Result<Cli, clap::Error> {
        Cli::try_parse_from(args).expect("parses").resolve()
    }

    #[test]
    fn filters_before_a_subcommand_go_to_it_or_are_refused() {
        let cli = resolved(&[
            "tidings", "-t", "go", "list", "-t", "rust", "--since", "2024",
        ])
        .expect("given to list");
        let Some(Subcommand::List(list)) = cli.command else {
            panic!("list");
        };
        assert_eq!(list.filters.tags, ["go", "rust"]);
        assert!(list.filters.since.is_some());
        let err = resolved(&["tidings", "--search", "x", "show", "a.md"]).expect_err("refused");
        assert_eq!(err.kind(), clap::error::ErrorKind::ArgumentConflict);
        assert!(err.to_string().contains("before `show`"), "{err}");
    }

    #[test]
    fn every_subcommand_is_compared_with_a_mistyped_first_word() {
        let names: Vec<String> = (Cli::command().get_subcommands())
            .map(|c| c.get_name().to_string())
            .collect();
        assert_eq!(names, SUBCOMMANDS);
        for (typo, meant) in [("feed", "'feeds'"), ("fetc", "'fetch'")] {
            let err = resolved(&["tidings", typo, "list"]).expect_err("a typo");
            assert_eq!(err.kind(), clap::error::ErrorKind::InvalidSubcommand);
            assert!(err.to_string().contains(meant), "{err}");
        }
    }

    #[test]
    fn paths_before_a_subcommand_go_to_it_or_are_refused() {
        let cli = resolved(&["tidings", "a", "list", "b"]).expect("given to list");
        assert_eq!(cli.post_paths(), [PathBuf::from("a"), PathBuf::from("b")]);
        let cli = resolved(&["tidings", "a.md", "show"]).expect("given to show");
        assert_eq!(cli.post_paths(), [PathBuf::from("a.md")]);
        for args in [
            &["tidings", "posts", "fetch"][..],
            &["tidings", "posts", "man"],
            &["tidings", "--follow", "list"],
            &["tidings", "--theme", "light", "tags"],
        ] {
            let err = resolved(args).expect_err("refused");
            assert_eq!(
                err.kind(),
                clap::error::ErrorKind::ArgumentConflict,
                "{args:?}"
            );
        }
        let err = resolved(&["tidings", "show"]).expect_err("nothing to show");
        assert_eq!(err.kind(), clap::error::ErrorKind::MissingRequiredArgument);
    }

    #[test]
    fn without_a_terminal_the_reader_is_printed_as_list_or_show() {
        let here = env!("CARGO_MANIFEST_DIR");
        let file = format!("{here}/Cargo.toml");
        let mut cli = resolved(&["tidings", &file]).expect("parses");
        assert!(matches!(cli.take_command(false), Some(Subcommand::Show(_))));
        let mut cli = resolved(&["tidings", &file, "-t", "x"]).expect("parses");
        assert!(matches!(cli.take_command(false), Some(Subcommand::List(_))));
        let mut cli = resolved(&["tidings", here]).expect("parses");
        assert!(matches!(cli.take_command(false), Some(Subcommand::List(_))));
        let mut cli = resolved(&["tidings", here]).expect("parses");
        assert!(cli.take_command(true).is_none(), "the reader");
        let cli = resolved(&["tidings", "list", "/no/such/tidings"]).expect("parses");
        let err = cli.check_paths().expect_err("not there");
        assert_eq!(
            err.to_string(),
            "/no/such/tidings: No such file or directory"
        );
    }

    #[test]
    fn a_first_word_close_to_a_subcommand_is_that_mistake() {
        assert_eq!(mistyped_subcommand("lsit"), Some("list"));
        assert_eq!(mistyped_subcommand("chek"), Some("check"));
        assert_eq!(mistyped_subcommand("posts"), None);
        assert_eq!(mistyped_subcommand("lsit.md"), None);
        let err = resolved(&["tidings", "tgas"]).expect_err("a typo");
        assert_eq!(err.kind(), clap::error::ErrorKind::InvalidSubcommand);
        assert!(err.to_string().contains("'tags'"), "{err}");
    }
}
