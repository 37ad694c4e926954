//! What the packages ship beside the binary is the binary's own: the man page and the shell
//! completions committed in `assets/` (the Debian package installs them) are what `tidings man`
//! and `tidings completions SHELL` print, from the one clap command; and the newest version in
//! CHANGELOG.md is the one `tidings --version` prints. `TIDINGS_BLESS=1` writes the assets again.

mod support;

use std::process::Command;

use support::manifest_dir;

fn tidings(args: &[&str]) -> Vec<u8> {
    let out = Command::new(env!("CARGO_BIN_EXE_tidings"))
        .args(args)
        .env("XDG_CONFIG_HOME", "/nonexistent/tidings-tests")
        .output()
        .expect("run");
    assert!(out.status.success(), "tidings {args:?}: {out:?}");
    out.stdout
}

#[test]
fn the_man_page_and_completions_shipped_are_the_binarys_own() {
    let bless = std::env::var_os("TIDINGS_BLESS").is_some();
    for (file, args) in [
        ("assets/man/tidings.1", &["man"][..]),
        ("assets/completions/tidings.bash", &["completions", "bash"]),
        ("assets/completions/_tidings", &["completions", "zsh"]),
        ("assets/completions/tidings.fish", &["completions", "fish"]),
    ] {
        let path = manifest_dir().join(file);
        let made = tidings(args);
        if bless {
            std::fs::write(&path, &made).expect("write");
        }
        let shipped = std::fs::read(&path).expect("shipped");
        assert!(
            shipped == made,
            "{file} is not `tidings {}`: run `TIDINGS_BLESS=1 cargo test --test package`",
            args.join(" ")
        );
    }
}

#[test]
fn the_changelogs_newest_release_is_the_version_tidings_prints() {
    let changelog =
        std::fs::read_to_string(manifest_dir().join("CHANGELOG.md")).expect("CHANGELOG.md");
    let newest = changelog
        .lines()
        .filter_map(|l| l.strip_prefix("## ["))
        .filter_map(|l| l.split(']').next())
        .find(|v| *v != "Unreleased")
        .expect("a release");
    assert_eq!(newest, env!("CARGO_PKG_VERSION"));
    let printed = String::from_utf8(tidings(&["--version"])).expect("utf-8");
    assert_eq!(printed.trim(), format!("tidings {newest}"));
}
