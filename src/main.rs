//! `tidings`: parse the command line and the config, then hand over to a subcommand
//! ([`commands::run`]) or to the reader ([`app::start`]); with stdout not a terminal, the reader's
//! paths are listed or shown as text instead. Errors end as one line on stderr and exit status 2.

use std::io::IsTerminal;
use std::process::ExitCode;

use tidings::app;
use tidings::cli::Cli;
use tidings::commands;
use tidings::config::{self, Config};

fn main() -> ExitCode {
    // Usage errors are clap's: a message and exit status 2; --help and --version exit 0.
    let mut cli = Cli::parse_args();
    tidings::guard::install_quiet_hook();
    // A path that is not there ends it before anything is read: never an answer about others.
    if let Err(err) = cli.check_paths() {
        say(&format!("tidings: {err}"));
        return ExitCode::from(2);
    }
    // A config that cannot be used leaves the defaults, and says so.
    let file = cli.config.clone().or_else(config::default_file);
    let (config, config_error) = match &file {
        Some(path) => config::load(path),
        None => (Config::default(), None),
    };
    let result = match cli.take_command(std::io::stdout().is_terminal()) {
        Some(command) => {
            // As the reader's: `list` over 100,000 posts peaked 30 MiB higher without it.
            tidings::runtime::memory::tune_allocator();
            if let Some(error) = &config_error {
                say(&format!("tidings: {error}"));
            }
            commands::run(command, &config, file.as_deref())
                .map(|outcome| ExitCode::from(outcome.code()))
        }
        None => app::start(&cli.launch(), &config, config_error).map(|signal| match signal {
            // As a shell reports a process ended by a signal.
            Some(signal) => ExitCode::from(u8::try_from(128 + signal).unwrap_or(u8::MAX)),
            None => ExitCode::SUCCESS,
        }),
    };
    result.unwrap_or_else(|err| {
        say(&format!("tidings: {}", commands::one_line(&err)));
        ExitCode::from(2)
    })
}

/// Writes `line` to stderr, if it is still there: `eprintln!` panics when it is not (the
/// terminal hung up, or `2>&-`).
fn say(line: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "{line}");
}
