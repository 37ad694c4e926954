# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_tidings_global_optspecs
    string join \n t/tag= all-tags since= until= search= sort= drafts lang= all no-watch fresh no-images poll follow theme= config= h/help V/version
end

function __fish_tidings_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_tidings_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_tidings_using_subcommand
    set -l cmd (__fish_tidings_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c tidings -n "__fish_tidings_needs_command" -s t -l tag -d 'Only posts with this tag (case-insensitive); repeat for any of several tags' -r
complete -c tidings -n "__fish_tidings_needs_command" -l since -d 'Only posts dated on or after DATE: 2024, 2024-06 or 2024-06-01 (the first day of it)' -r
complete -c tidings -n "__fish_tidings_needs_command" -l until -d 'Only posts dated on or before DATE: 2024, 2024-06 or 2024-06-01 (the last day of it)' -r
complete -c tidings -n "__fish_tidings_needs_command" -l search -d 'Only posts that match TEXT, most relevant first, as `/` searches in the reader: all its words in any form, "quoted phrases", -excluded words. With --json, each post also gets its `score` and `snippet`' -r
complete -c tidings -n "__fish_tidings_needs_command" -l sort -d 'The order when no search ranks the posts' -r -f -a "date\t'Newest first, undated last'
title\t'By title, A to Z'
modified\t'The file changed most recently first'
weight\t'By `weight` front matter (Hugo, Zola), lighter first; then newest first'"
complete -c tidings -n "__fish_tidings_needs_command" -l lang -d 'Only posts in language LANG (`ru`, `pt-br`): from the front matter (`lang`, `language`), a file suffix (`post.ja.md`) or a language folder (`site/ru/…`)' -r
complete -c tidings -n "__fish_tidings_needs_command" -l theme -d 'Colours for a dark or a light terminal background (NO_COLOR turns colour off); the config\'s `theme`, else auto: the terminal is asked its background (COLORFGBG first)' -r -f -a "auto\t'The light or dark theme, as the terminal\'s background is ([`ThemeName::resolve`])'
dark\t''
light\t''"
complete -c tidings -n "__fish_tidings_needs_command" -l config -d 'The config file to read instead of the platform\'s (`$XDG_CONFIG_HOME/tidings/config.toml` on Linux)' -r -F
complete -c tidings -n "__fish_tidings_needs_command" -l all-tags -d 'With several --tag: only posts that have every one of them'
complete -c tidings -n "__fish_tidings_needs_command" -l drafts -d 'Include unpublished posts: drafts (`draft: true`), and posts whose `publishDate` is to come or whose `expiryDate` has passed. They are left out otherwise, as `hugo server` leaves them out without `-D`, `-F` and `-E`'
complete -c tidings -n "__fish_tidings_needs_command" -l all -d 'Include files that are not articles: redirect stubs, generator partials, 404 pages, a repository\'s README or LICENSE without front matter, empty files. `tidings check` lists them with the reason'
complete -c tidings -n "__fish_tidings_needs_command" -l no-watch -d 'Do not watch the paths for changes'
complete -c tidings -n "__fish_tidings_needs_command" -l fresh -d 'Start at the top, as on a first run: not back at the post, place, filters and sort the last run on these paths left (where this run leaves off is still kept)'
complete -c tidings -n "__fish_tidings_needs_command" -l no-images -d 'Show images as their `[image: alt] src` line only, drawing no pictures (the config\'s `images = "off"`)'
complete -c tidings -n "__fish_tidings_needs_command" -l poll -d 'Watch by looking at every file each second instead of by file events. Chosen by itself on network mounts (NFS, SMB) and when the system\'s watch limit is reached'
complete -c tidings -n "__fish_tidings_needs_command" -l follow -d 'For writing sessions: open the most recently modified post, then switch to each post as it is saved, at what the save changed'
complete -c tidings -n "__fish_tidings_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tidings -n "__fish_tidings_needs_command" -s V -l version -d 'Print version'
complete -c tidings -n "__fish_tidings_needs_command" -a "list" -d 'List posts, one per line: date, tags, title and path, tab-separated (newest first)'
complete -c tidings -n "__fish_tidings_needs_command" -a "show" -d 'Print posts rendered: styled on a terminal (paged when taller than it), plain text otherwise'
complete -c tidings -n "__fish_tidings_needs_command" -a "tags" -d 'List tags with how many posts carry each, most used first, tab-separated'
complete -c tidings -n "__fish_tidings_needs_command" -a "check" -d 'Print every problem found in posts as `path:line: message`; exit 1 if there is any'
complete -c tidings -n "__fish_tidings_needs_command" -a "fetch" -d 'Fetch the subscribed feeds (`[[feeds]]` in config.toml), saving each new or changed entry as a post; exit 1 if any feed failed'
complete -c tidings -n "__fish_tidings_needs_command" -a "feeds" -d 'Subscribe to a feed (`feeds add URL`) or list the subscriptions (`feeds list`)'
complete -c tidings -n "__fish_tidings_needs_command" -a "completions" -d 'Print a completion script for a shell (e.g. `tidings completions bash > ...`)'
complete -c tidings -n "__fish_tidings_needs_command" -a "man" -d 'Print the manual page (roff), e.g. `tidings man | man -l -`'
complete -c tidings -n "__fish_tidings_needs_command" -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c tidings -n "__fish_tidings_using_subcommand list" -s t -l tag -d 'Only posts with this tag (case-insensitive); repeat for any of several tags' -r
complete -c tidings -n "__fish_tidings_using_subcommand list" -l since -d 'Only posts dated on or after DATE: 2024, 2024-06 or 2024-06-01 (the first day of it)' -r
complete -c tidings -n "__fish_tidings_using_subcommand list" -l until -d 'Only posts dated on or before DATE: 2024, 2024-06 or 2024-06-01 (the last day of it)' -r
complete -c tidings -n "__fish_tidings_using_subcommand list" -l search -d 'Only posts that match TEXT, most relevant first, as `/` searches in the reader: all its words in any form, "quoted phrases", -excluded words. With --json, each post also gets its `score` and `snippet`' -r
complete -c tidings -n "__fish_tidings_using_subcommand list" -l sort -d 'The order when no search ranks the posts' -r -f -a "date\t'Newest first, undated last'
title\t'By title, A to Z'
modified\t'The file changed most recently first'
weight\t'By `weight` front matter (Hugo, Zola), lighter first; then newest first'"
complete -c tidings -n "__fish_tidings_using_subcommand list" -l lang -d 'Only posts in language LANG (`ru`, `pt-br`): from the front matter (`lang`, `language`), a file suffix (`post.ja.md`) or a language folder (`site/ru/…`)' -r
complete -c tidings -n "__fish_tidings_using_subcommand list" -l config -d 'The config file to read instead of the platform\'s (`$XDG_CONFIG_HOME/tidings/config.toml` on Linux)' -r -F
complete -c tidings -n "__fish_tidings_using_subcommand list" -l all-tags -d 'With several --tag: only posts that have every one of them'
complete -c tidings -n "__fish_tidings_using_subcommand list" -l drafts -d 'Include unpublished posts: drafts (`draft: true`), and posts whose `publishDate` is to come or whose `expiryDate` has passed. They are left out otherwise, as `hugo server` leaves them out without `-D`, `-F` and `-E`'
complete -c tidings -n "__fish_tidings_using_subcommand list" -l all -d 'Include files that are not articles: redirect stubs, generator partials, 404 pages, a repository\'s README or LICENSE without front matter, empty files. `tidings check` lists them with the reason'
complete -c tidings -n "__fish_tidings_using_subcommand list" -l json -d 'One JSON object per line (JSON Lines) with every front matter field'
complete -c tidings -n "__fish_tidings_using_subcommand list" -l paths -d 'Only the paths, one per line'
complete -c tidings -n "__fish_tidings_using_subcommand list" -s 0 -l null -d 'With --paths: end each path with NUL instead of a newline (for `xargs -0`)'
complete -c tidings -n "__fish_tidings_using_subcommand list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tidings -n "__fish_tidings_using_subcommand show" -l width -d 'Width to wrap at, in columns; the terminal\'s width (at most the config\'s `reading_width`, 100) by default, 80 in a pipe' -r
complete -c tidings -n "__fish_tidings_using_subcommand show" -l paging -d 'When to send the output through a pager (`$PAGER`, else `less -R`): `auto` when stdout is a terminal and the output is taller than it, as bat does' -r -f -a "auto\t'Page output taller than the terminal; never in a pipe'
always\t'Always page, even in a pipe'
never\t'Never page'"
complete -c tidings -n "__fish_tidings_using_subcommand show" -l config -d 'The config file to read instead of the platform\'s (`$XDG_CONFIG_HOME/tidings/config.toml` on Linux)' -r -F
complete -c tidings -n "__fish_tidings_using_subcommand show" -l plain -d 'No colours or styles, even on a terminal'
complete -c tidings -n "__fish_tidings_using_subcommand show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tidings -n "__fish_tidings_using_subcommand tags" -s t -l tag -d 'Only posts with this tag (case-insensitive); repeat for any of several tags' -r
complete -c tidings -n "__fish_tidings_using_subcommand tags" -l since -d 'Only posts dated on or after DATE: 2024, 2024-06 or 2024-06-01 (the first day of it)' -r
complete -c tidings -n "__fish_tidings_using_subcommand tags" -l until -d 'Only posts dated on or before DATE: 2024, 2024-06 or 2024-06-01 (the last day of it)' -r
complete -c tidings -n "__fish_tidings_using_subcommand tags" -l search -d 'Only posts that match TEXT, most relevant first, as `/` searches in the reader: all its words in any form, "quoted phrases", -excluded words. With --json, each post also gets its `score` and `snippet`' -r
complete -c tidings -n "__fish_tidings_using_subcommand tags" -l sort -d 'The order when no search ranks the posts' -r -f -a "date\t'Newest first, undated last'
title\t'By title, A to Z'
modified\t'The file changed most recently first'
weight\t'By `weight` front matter (Hugo, Zola), lighter first; then newest first'"
complete -c tidings -n "__fish_tidings_using_subcommand tags" -l lang -d 'Only posts in language LANG (`ru`, `pt-br`): from the front matter (`lang`, `language`), a file suffix (`post.ja.md`) or a language folder (`site/ru/…`)' -r
complete -c tidings -n "__fish_tidings_using_subcommand tags" -l config -d 'The config file to read instead of the platform\'s (`$XDG_CONFIG_HOME/tidings/config.toml` on Linux)' -r -F
complete -c tidings -n "__fish_tidings_using_subcommand tags" -l all-tags -d 'With several --tag: only posts that have every one of them'
complete -c tidings -n "__fish_tidings_using_subcommand tags" -l drafts -d 'Include unpublished posts: drafts (`draft: true`), and posts whose `publishDate` is to come or whose `expiryDate` has passed. They are left out otherwise, as `hugo server` leaves them out without `-D`, `-F` and `-E`'
complete -c tidings -n "__fish_tidings_using_subcommand tags" -l all -d 'Include files that are not articles: redirect stubs, generator partials, 404 pages, a repository\'s README or LICENSE without front matter, empty files. `tidings check` lists them with the reason'
complete -c tidings -n "__fish_tidings_using_subcommand tags" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tidings -n "__fish_tidings_using_subcommand check" -l config -d 'The config file to read instead of the platform\'s (`$XDG_CONFIG_HOME/tidings/config.toml` on Linux)' -r -F
complete -c tidings -n "__fish_tidings_using_subcommand check" -s h -l help -d 'Print help'
complete -c tidings -n "__fish_tidings_using_subcommand fetch" -l timeout -d 'Give up on a feed after this many seconds (20 by default)' -r
complete -c tidings -n "__fish_tidings_using_subcommand fetch" -l config -d 'The config file to read instead of the platform\'s (`$XDG_CONFIG_HOME/tidings/config.toml` on Linux)' -r -F
complete -c tidings -n "__fish_tidings_using_subcommand fetch" -l json -d 'Print what was done as JSON (per feed: new, updated, unchanged, kept, error)'
complete -c tidings -n "__fish_tidings_using_subcommand fetch" -s h -l help -d 'Print help'
complete -c tidings -n "__fish_tidings_using_subcommand feeds; and not __fish_seen_subcommand_from add remove list import export help" -l config -d 'The config file to read instead of the platform\'s (`$XDG_CONFIG_HOME/tidings/config.toml` on Linux)' -r -F
complete -c tidings -n "__fish_tidings_using_subcommand feeds; and not __fish_seen_subcommand_from add remove list import export help" -s h -l help -d 'Print help'
complete -c tidings -n "__fish_tidings_using_subcommand feeds; and not __fish_seen_subcommand_from add remove list import export help" -f -a "add" -d 'Add a `[[feeds]]` table to config.toml (its comments and order kept); a URL already subscribed is said and left as it is'
complete -c tidings -n "__fish_tidings_using_subcommand feeds; and not __fish_seen_subcommand_from add remove list import export help" -f -a "remove" -d 'Remove the feed named NAME (or with this URL) from config.toml, keeping the file\'s comments. Its posts are kept'
complete -c tidings -n "__fish_tidings_using_subcommand feeds; and not __fish_seen_subcommand_from add remove list import export help" -f -a "list" -d 'Print each feed: name, URL, tags and interval, tab-separated'
complete -c tidings -n "__fish_tidings_using_subcommand feeds; and not __fish_seen_subcommand_from add remove list import export help" -f -a "import" -d 'Subscribe to every feed of an OPML file (as newsboat, Miniflux and other feed readers export them; `-` reads stdin): folders and categories become tags'
complete -c tidings -n "__fish_tidings_using_subcommand feeds; and not __fish_seen_subcommand_from add remove list import export help" -f -a "export" -d 'Print the subscriptions as OPML 2.0, for other feed readers (tags as folders and categories)'
complete -c tidings -n "__fish_tidings_using_subcommand feeds; and not __fish_seen_subcommand_from add remove list import export help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c tidings -n "__fish_tidings_using_subcommand feeds; and __fish_seen_subcommand_from add" -s t -l tag -d 'A tag for every entry saved; repeat for several' -r
complete -c tidings -n "__fish_tidings_using_subcommand feeds; and __fish_seen_subcommand_from add" -l name -d 'What to call it: by default a slug of the feed\'s title, fetched once now (its host when that fails)' -r
complete -c tidings -n "__fish_tidings_using_subcommand feeds; and __fish_seen_subcommand_from add" -l folder -d 'Where to save its entries: by default `feeds/NAME/` under the first of the config\'s `folders`, else under the platform data directory (which the reader opens with no PATH)' -r -F
complete -c tidings -n "__fish_tidings_using_subcommand feeds; and __fish_seen_subcommand_from add" -l config -d 'The config file to read instead of the platform\'s (`$XDG_CONFIG_HOME/tidings/config.toml` on Linux)' -r -F
complete -c tidings -n "__fish_tidings_using_subcommand feeds; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help'
complete -c tidings -n "__fish_tidings_using_subcommand feeds; and __fish_seen_subcommand_from remove" -l config -d 'The config file to read instead of the platform\'s (`$XDG_CONFIG_HOME/tidings/config.toml` on Linux)' -r -F
complete -c tidings -n "__fish_tidings_using_subcommand feeds; and __fish_seen_subcommand_from remove" -s h -l help -d 'Print help'
complete -c tidings -n "__fish_tidings_using_subcommand feeds; and __fish_seen_subcommand_from list" -l config -d 'The config file to read instead of the platform\'s (`$XDG_CONFIG_HOME/tidings/config.toml` on Linux)' -r -F
complete -c tidings -n "__fish_tidings_using_subcommand feeds; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c tidings -n "__fish_tidings_using_subcommand feeds; and __fish_seen_subcommand_from import" -l config -d 'The config file to read instead of the platform\'s (`$XDG_CONFIG_HOME/tidings/config.toml` on Linux)' -r -F
complete -c tidings -n "__fish_tidings_using_subcommand feeds; and __fish_seen_subcommand_from import" -s h -l help -d 'Print help'
complete -c tidings -n "__fish_tidings_using_subcommand feeds; and __fish_seen_subcommand_from export" -l config -d 'The config file to read instead of the platform\'s (`$XDG_CONFIG_HOME/tidings/config.toml` on Linux)' -r -F
complete -c tidings -n "__fish_tidings_using_subcommand feeds; and __fish_seen_subcommand_from export" -s h -l help -d 'Print help'
complete -c tidings -n "__fish_tidings_using_subcommand feeds; and __fish_seen_subcommand_from help" -f -a "add" -d 'Add a `[[feeds]]` table to config.toml (its comments and order kept); a URL already subscribed is said and left as it is'
complete -c tidings -n "__fish_tidings_using_subcommand feeds; and __fish_seen_subcommand_from help" -f -a "remove" -d 'Remove the feed named NAME (or with this URL) from config.toml, keeping the file\'s comments. Its posts are kept'
complete -c tidings -n "__fish_tidings_using_subcommand feeds; and __fish_seen_subcommand_from help" -f -a "list" -d 'Print each feed: name, URL, tags and interval, tab-separated'
complete -c tidings -n "__fish_tidings_using_subcommand feeds; and __fish_seen_subcommand_from help" -f -a "import" -d 'Subscribe to every feed of an OPML file (as newsboat, Miniflux and other feed readers export them; `-` reads stdin): folders and categories become tags'
complete -c tidings -n "__fish_tidings_using_subcommand feeds; and __fish_seen_subcommand_from help" -f -a "export" -d 'Print the subscriptions as OPML 2.0, for other feed readers (tags as folders and categories)'
complete -c tidings -n "__fish_tidings_using_subcommand feeds; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c tidings -n "__fish_tidings_using_subcommand completions" -l config -d 'The config file to read instead of the platform\'s (`$XDG_CONFIG_HOME/tidings/config.toml` on Linux)' -r -F
complete -c tidings -n "__fish_tidings_using_subcommand completions" -s h -l help -d 'Print help'
complete -c tidings -n "__fish_tidings_using_subcommand man" -l config -d 'The config file to read instead of the platform\'s (`$XDG_CONFIG_HOME/tidings/config.toml` on Linux)' -r -F
complete -c tidings -n "__fish_tidings_using_subcommand man" -s h -l help -d 'Print help'
complete -c tidings -n "__fish_tidings_using_subcommand help; and not __fish_seen_subcommand_from list show tags check fetch feeds completions man help" -f -a "list" -d 'List posts, one per line: date, tags, title and path, tab-separated (newest first)'
complete -c tidings -n "__fish_tidings_using_subcommand help; and not __fish_seen_subcommand_from list show tags check fetch feeds completions man help" -f -a "show" -d 'Print posts rendered: styled on a terminal (paged when taller than it), plain text otherwise'
complete -c tidings -n "__fish_tidings_using_subcommand help; and not __fish_seen_subcommand_from list show tags check fetch feeds completions man help" -f -a "tags" -d 'List tags with how many posts carry each, most used first, tab-separated'
complete -c tidings -n "__fish_tidings_using_subcommand help; and not __fish_seen_subcommand_from list show tags check fetch feeds completions man help" -f -a "check" -d 'Print every problem found in posts as `path:line: message`; exit 1 if there is any'
complete -c tidings -n "__fish_tidings_using_subcommand help; and not __fish_seen_subcommand_from list show tags check fetch feeds completions man help" -f -a "fetch" -d 'Fetch the subscribed feeds (`[[feeds]]` in config.toml), saving each new or changed entry as a post; exit 1 if any feed failed'
complete -c tidings -n "__fish_tidings_using_subcommand help; and not __fish_seen_subcommand_from list show tags check fetch feeds completions man help" -f -a "feeds" -d 'Subscribe to a feed (`feeds add URL`) or list the subscriptions (`feeds list`)'
complete -c tidings -n "__fish_tidings_using_subcommand help; and not __fish_seen_subcommand_from list show tags check fetch feeds completions man help" -f -a "completions" -d 'Print a completion script for a shell (e.g. `tidings completions bash > ...`)'
complete -c tidings -n "__fish_tidings_using_subcommand help; and not __fish_seen_subcommand_from list show tags check fetch feeds completions man help" -f -a "man" -d 'Print the manual page (roff), e.g. `tidings man | man -l -`'
complete -c tidings -n "__fish_tidings_using_subcommand help; and not __fish_seen_subcommand_from list show tags check fetch feeds completions man help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c tidings -n "__fish_tidings_using_subcommand help; and __fish_seen_subcommand_from feeds" -f -a "add" -d 'Add a `[[feeds]]` table to config.toml (its comments and order kept); a URL already subscribed is said and left as it is'
complete -c tidings -n "__fish_tidings_using_subcommand help; and __fish_seen_subcommand_from feeds" -f -a "remove" -d 'Remove the feed named NAME (or with this URL) from config.toml, keeping the file\'s comments. Its posts are kept'
complete -c tidings -n "__fish_tidings_using_subcommand help; and __fish_seen_subcommand_from feeds" -f -a "list" -d 'Print each feed: name, URL, tags and interval, tab-separated'
complete -c tidings -n "__fish_tidings_using_subcommand help; and __fish_seen_subcommand_from feeds" -f -a "import" -d 'Subscribe to every feed of an OPML file (as newsboat, Miniflux and other feed readers export them; `-` reads stdin): folders and categories become tags'
complete -c tidings -n "__fish_tidings_using_subcommand help; and __fish_seen_subcommand_from feeds" -f -a "export" -d 'Print the subscriptions as OPML 2.0, for other feed readers (tags as folders and categories)'
