//! Live reload as an author meets it: the post open beside the editor is saved in each way
//! editors save, broken and fixed, renamed, and swept along by a checkout of 200 files. Each
//! time the new text must show without a key, and the reader must stay in the section they
//! were reading (`## Charlie` at the top of the article), although text was added above it.

use std::path::PathBuf;
use std::time::Duration;

use super::pty::{App, rows};
use super::{manifest_dir, post_count, status};

const TITLE: &str = "Reload subject";

/// The open post's text: `above` goes before the first section (so everything below it moves
/// down), `marker` is the first line of the Charlie section.
fn post_text(front_matter: &str, above: &str, marker: &str) -> String {
    let mut text = format!("---\n{front_matter}---\nThe opening paragraph.\n\n{above}");
    for section in ["Alpha", "Bravo", "Charlie", "Delta"] {
        text.push_str(&format!("## {section}\n\n"));
        if section == "Charlie" {
            text.push_str(&format!("{marker}\n\n"));
        }
        for n in 1..=12 {
            text.push_str(&format!("{section} paragraph {n}, a line of words.\n\n"));
        }
    }
    text
}

fn good_front_matter(title: &str) -> String {
    format!("title: \"{title}\"\ndate: 2030-01-01\ntags: [writing]\n")
}

/// A folder with the post and two others, tidings open on it, and the post open at Charlie.
struct Desk {
    dir: tempfile::TempDir,
    post: PathBuf,
    app: App,
}

impl Desk {
    fn new() -> Desk {
        let dir = tempfile::tempdir().expect("tempdir");
        let post = dir.path().join("subject.md");
        std::fs::write(
            &post,
            post_text(&good_front_matter(TITLE), "", "First version."),
        )
        .expect("write");
        for (name, date) in [("older.md", "2024-01-02"), ("oldest.md", "2023-05-06")] {
            let text = format!("---\ntitle: \"{name}\"\ndate: {date}\n---\nbody\n");
            std::fs::write(dir.path().join(name), text).expect("write");
        }
        let mut app = App::spawn(
            &[dir.path().to_str().expect("utf-8 path")],
            &manifest_dir(),
            120,
            40,
        );
        app.wait_for("the post, open", |s| {
            s.contains(TITLE) && s.contains("The opening paragraph") && s.contains("3 of 3")
        });
        // Read it, and go down to the third section.
        app.send("\r");
        app.send("]]]");
        app.wait_for("Charlie at the top of the article", at_charlie);
        Desk { dir, post, app }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// The post's next version: a paragraph more above the sections, and `marker`.
    fn next_version(&self, marker: &str) -> String {
        post_text(
            &good_front_matter(TITLE),
            "A paragraph added above everything.\n\nAnd another one.\n\n",
            marker,
        )
    }

    /// Waits for `marker` on screen, then checks the reader is still at Charlie with no banner.
    fn shows_in_place(&self, marker: &str) -> String {
        let screen = self
            .app
            .wait_for(&format!("{marker:?} on screen"), |s| s.contains(marker));
        assert!(at_charlie(&screen), "the place was lost:\n{screen}");
        assert!(!screen.contains("was deleted"), "{screen}");
        assert!(!screen.contains("does not read"), "{screen}");
        screen
    }
}

/// Whether the article's text starts at the Charlie heading: the first heading under the
/// banner (at most 3 lines) is Charlie's, and nothing of the section above it shows.
fn at_charlie(screen: &str) -> bool {
    let first_heading = rows(screen)
        .iter()
        .skip(1)
        .take(4)
        .find(|row| row.contains("## "))
        .copied();
    first_heading.is_some_and(|row| row.contains("## Charlie"))
        && !screen.contains("Bravo paragraph")
}

#[test]
fn a_save_in_place_shows_in_place() {
    let desk = Desk::new();
    std::fs::write(&desk.post, desk.next_version("Saved in place.")).expect("write");
    desk.shows_in_place("Saved in place.");
}

#[test]
fn a_temp_file_renamed_over_the_post_shows_in_place() {
    // VS Code, and atomic writers generally: a temp file beside the post, renamed over it.
    let desk = Desk::new();
    let temp = desk.path(".subject.md.tmp-1234");
    std::fs::write(&temp, desk.next_version("Renamed over.")).expect("write");
    std::fs::rename(&temp, &desk.post).expect("rename");
    desk.shows_in_place("Renamed over.");
}

#[test]
fn a_temp_file_from_another_folder_moved_over_the_post_shows_in_place() {
    // An atomic rename across folders (same file system): the temp file is made outside.
    let desk = Desk::new();
    let outside =
        tempfile::tempdir_in(desk.dir.path().parent().expect("parent")).expect("another folder");
    let temp = outside.path().join("subject.md");
    std::fs::write(&temp, desk.next_version("Moved in from elsewhere.")).expect("write");
    std::fs::rename(&temp, &desk.post).expect("rename");
    desk.shows_in_place("Moved in from elsewhere.");
}

#[test]
fn vims_probe_backup_and_write_shows_in_place() {
    // Vim with `backupcopy=no`: probe file 4913, the post renamed to a backup, the new text
    // written under the post's name, the backup removed. A swap file sits beside it throughout.
    let desk = Desk::new();
    let swap = desk.path(".subject.md.swp");
    std::fs::write(&swap, b"b0VIM 9.1").expect("swap");
    let probe = desk.path("4913");
    std::fs::write(&probe, b"").expect("probe");
    std::fs::remove_file(&probe).expect("probe");
    let backup = desk.path("subject.md~");
    std::fs::rename(&desk.post, &backup).expect("backup");
    std::fs::write(&desk.post, desk.next_version("Written by vim.")).expect("write");
    std::fs::remove_file(&backup).expect("remove backup");
    let screen = desk.shows_in_place("Written by vim.");
    assert!(status(&screen).contains("3 of 3"), "{screen}");
}

#[test]
fn jetbrains_safe_write_shows_in_place() {
    // JetBrains: write NAME___jb_tmp___, rename the post to NAME___jb_old___, rename the temp
    // file to the post, delete the old one.
    let desk = Desk::new();
    let temp = desk.path("subject.md___jb_tmp___");
    let old = desk.path("subject.md___jb_old___");
    std::fs::write(&temp, desk.next_version("Written by an IDE.")).expect("write");
    std::fs::rename(&desk.post, &old).expect("rename old");
    std::fs::rename(&temp, &desk.post).expect("rename new");
    std::fs::remove_file(&old).expect("remove old");
    let screen = desk.shows_in_place("Written by an IDE.");
    assert!(status(&screen).contains("3 of 3"), "{screen}");
}

#[test]
fn delete_then_create_shows_in_place() {
    let desk = Desk::new();
    std::fs::remove_file(&desk.post).expect("remove");
    std::fs::write(&desk.post, desk.next_version("Deleted and created.")).expect("write");
    desk.shows_in_place("Deleted and created.");
}

#[test]
fn delete_then_create_a_moment_later_comes_back_in_place() {
    // Longer apart than the debounce: tidings sees the post gone, then back.
    let desk = Desk::new();
    std::fs::remove_file(&desk.post).expect("remove");
    let screen = desk.app.wait_for("the deleted banner", |s| {
        s.contains("This post's file was deleted")
    });
    assert!(status(&screen).contains("2 of 2"), "{screen}");
    std::fs::write(&desk.post, desk.next_version("Back again.")).expect("write");
    let screen = desk.shows_in_place("Back again.");
    assert!(status(&screen).contains("3 of 3"), "{screen}");
}

#[test]
fn a_checkout_of_200_files_shows_in_place() {
    let desk = Desk::new();
    let before = post_count(&desk.app.screen()).expect("count");
    // As `git checkout` writes: many files in a burst, the open post among them.
    for n in 0..199 {
        let text = format!("---\ntitle: \"Checked out {n:03}\"\ndate: 2025-02-03\n---\nbody {n}\n");
        std::fs::write(desk.path(&format!("checkout-{n:03}.md")), text).expect("write");
        if n == 100 {
            std::fs::write(&desk.post, desk.next_version("Checked out too.")).expect("write");
        }
    }
    let screen = desk.app.wait_for("every file of the checkout", |s| {
        post_count(s) == Some(before + 199) && s.contains("Checked out too.")
    });
    assert!(at_charlie(&screen), "the place was lost:\n{screen}");
    assert!(
        screen.contains("● Checked out"),
        "new posts are marked:\n{screen}"
    );
}

#[test]
fn a_renamed_post_is_followed() {
    let desk = Desk::new();
    std::fs::rename(&desk.post, desk.path("renamed.md")).expect("rename");
    // Nothing on screen changes: wait past the debounce, then look.
    std::thread::sleep(Duration::from_millis(500));
    let screen = desk.app.wait_for("a settled screen", |_| true);
    assert!(at_charlie(&screen), "{screen}");
    assert!(!screen.contains("was deleted"), "{screen}");
    assert!(status(&screen).contains("3 of 3"), "{screen}");
    // It is followed: an edit under the new name shows.
    std::fs::write(
        desk.path("renamed.md"),
        desk.next_version("Under a new name."),
    )
    .expect("w");
    desk.shows_in_place("Under a new name.");
}

#[test]
fn a_front_matter_broken_while_open_keeps_the_last_render_under_a_banner_until_fixed() {
    let desk = Desk::new();
    // An unclosed quote, as when typing a new title.
    let broken = format!("title: \"{TITLE}, half typed\ndate: 2030-01-01\ntags: [writing]\n");
    let text = post_text(&broken, "", "Half written.");
    std::fs::write(&desk.post, text).expect("write");
    let screen = desk
        .app
        .wait_for("the banner", |s| s.contains("does not read"));
    // The quote opens on the file's line 2: the banner, the status line, `!` and
    // `tidings check` all say so, with the same words.
    assert!(screen.contains("front matter at line 2 does"), "{screen}");
    assert!(screen.contains("last version"), "{screen}");
    assert!(
        screen.contains("1 diagnostic"),
        "the status line counts it:\n{screen}"
    );
    let check = std::process::Command::new(env!("CARGO_BIN_EXE_tidings"))
        .arg("check")
        .arg(desk.dir.path())
        .output()
        .expect("check runs");
    let check = String::from_utf8_lossy(&check.stdout).into_owned();
    let line = check
        .lines()
        .find(|l| l.contains("subject.md"))
        .unwrap_or_else(|| panic!("check names the post:\n{check}"));
    assert!(line.contains("subject.md:2: front matter: "), "{line}");
    let message = line.split("front matter: ").nth(1).unwrap_or_default();
    // The banner's rows, joined as one text (it wraps in the article pane).
    let banner: Vec<&str> = rows(&screen)
        .iter()
        .filter_map(|row| row.split('┃').nth(1))
        .map(str::trim)
        .collect();
    let banner = banner.join(" ");
    assert!(
        banner.contains(message.trim()),
        "the banner says {message:?}:\n{screen}"
    );
    assert!(
        screen.contains("First version."),
        "the last render stays:\n{screen}"
    );
    assert!(!screen.contains("Half written."), "{screen}");
    assert!(at_charlie(&screen), "{screen}");
    assert!(
        !screen.contains("half typed"),
        "the list keeps the title:\n{screen}"
    );
    let mut desk = desk;
    desk.app.send("!");
    let listed = desk
        .app
        .wait_for("the diagnostics", |s| s.contains("Diagnostics"));
    assert!(listed.contains("subject.md:2: front matter"), "{listed}");
    desk.app.send("!");
    desk.app
        .wait_for("the diagnostics closed", |s| !s.contains("Diagnostics"));

    std::fs::write(
        &desk.post,
        post_text(&good_front_matter("Fixed title"), "", "Fixed."),
    )
    .expect("write");
    let screen = desk.app.wait_for("the fix", |s| s.contains("Fixed."));
    assert!(!screen.contains("does not read"), "{screen}");
    assert!(screen.contains("Fixed title"), "{screen}");
    assert!(at_charlie(&screen), "{screen}");
}

#[test]
fn follow_opens_the_last_saved_post_and_switches_to_the_next_one_saved() {
    let dir = tempfile::tempdir().expect("tempdir");
    let write = |name: &str, title: &str, date: &str| {
        let text = format!("---\ntitle: \"{title}\"\ndate: {date}\n---\nThe text of {title}.\n");
        std::fs::write(dir.path().join(name), text).expect("write");
        // Modification times apart, in the order written.
        std::thread::sleep(Duration::from_millis(20));
    };
    write("a.md", "Written first", "2030-01-01");
    write("b.md", "Written last", "2020-01-01");
    let path = dir.path().to_str().expect("utf-8 path");
    let app = App::spawn(&["--follow", path], &manifest_dir(), 120, 40);
    app.wait_for("the last written post open", |s| {
        s.contains("The text of Written last.")
    });
    std::fs::write(
        dir.path().join("c.md"),
        "---\ntitle: \"Saved now\"\ndate: 2010-01-01\n---\nThe text saved now.\n",
    )
    .expect("write");
    let screen = app.wait_for("the saved post open", |s| s.contains("The text saved now."));
    assert!(!screen.contains("The text of Written last."), "{screen}");
}

#[test]
fn poll_sees_a_save_and_no_watch_sees_none() {
    let dir = tempfile::tempdir().expect("tempdir");
    let post = dir.path().join("post.md");
    std::fs::write(&post, "---\ntitle: \"Before\"\n---\nText.\n").expect("write");
    let path = dir.path().to_str().expect("utf-8 path");
    let polling = App::spawn(&["--poll", path], &manifest_dir(), 120, 40);
    polling.wait_for_text("Watching for changes by looking every 1 s: --poll");
    let still = App::spawn(&["--no-watch", path], &manifest_dir(), 120, 40);
    still.wait_for_text("Before");

    std::fs::write(&post, "---\ntitle: \"After\"\n---\nText.\n").expect("write");
    polling.wait_for_text("After");
    // Well past the poll's second and the debounce: the unwatched reader still shows Before.
    std::thread::sleep(Duration::from_millis(1500));
    let screen = still.screen();
    assert!(
        screen.contains("Before") && !screen.contains("After"),
        "{screen}"
    );
}

#[test]
fn a_folder_deleted_and_made_again_is_listed_again_within_two_seconds() {
    let top = tempfile::tempdir().expect("tempdir");
    let dir = top.path().join("posts");
    let copy = |to: &std::path::Path| {
        std::fs::create_dir_all(to).expect("mkdir");
        for n in 1..=3 {
            let text =
                format!("---\ntitle: \"Back post {n}\"\ndate: 2030-01-0{n}\n---\nBody {n}.\n");
            std::fs::write(to.join(format!("p{n}.md")), text).expect("write");
        }
    };
    copy(&dir);
    let arg = dir.to_str().expect("utf-8 path");
    let mut app = App::spawn(&[arg], &manifest_dir(), 120, 40);
    app.wait_for_text("3 of 3 posts");

    std::fs::remove_dir_all(&dir).expect("rm -rf");
    let screen = app.wait_for_text("0 of 0 posts");
    let gone = app.wait_for("the folder said to be gone", |s| {
        status(s).contains("is gone; waiting for it to come back")
    });
    assert!(status(&gone).contains("posts is gone"), "{screen}\n{gone}");

    let made = std::time::Instant::now();
    copy(&dir);
    let screen = app.wait_for_text("3 of 3 posts");
    let took = made.elapsed();
    eprintln!("listed again {took:?} after the folder was made again");
    assert!(took < Duration::from_secs(2), "listed again after {took:?}");
    assert!(screen.contains("Back post 3"), "{screen}");
    assert!(!status(&screen).contains("is gone"), "{screen}");

    // Replaced by a new folder between two looks (rm -rf && regenerate): still followed.
    let old = top.path().join("old");
    std::fs::rename(&dir, &old).expect("mv");
    copy(&dir);
    std::fs::write(
        dir.join("p4.md"),
        "---\ntitle: \"Back post 4\"\ndate: 2030-01-04\n---\nBody 4.\n",
    )
    .expect("write");
    app.wait_for_text("4 of 4 posts");
    app.send("q");
    assert!(app.wait_exit());
}

#[test]
fn follow_switching_to_another_post_goes_to_what_its_save_changed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let long = |edited: bool| {
        let mut body = String::from("---\ntitle: \"Long notes\"\ndate: 2020-01-01\n---\n");
        for p in 0..60 {
            let word = if edited && p == 50 {
                "REWRITTEN"
            } else {
                "words"
            };
            body.push_str(&format!("Paragraph {p} has {word} in it.\n\n"));
        }
        body
    };
    std::fs::write(dir.path().join("long.md"), long(false)).expect("write");
    std::thread::sleep(Duration::from_millis(20));
    std::fs::write(
        dir.path().join("open.md"),
        "---\ntitle: \"Open first\"\ndate: 2030-01-01\n---\nThe open post.\n",
    )
    .expect("write");
    let path = dir.path().to_str().expect("utf-8 path");
    let app = App::spawn(&["--follow", path], &manifest_dir(), 120, 40);
    app.wait_for("the last written post open", |s| {
        s.contains("The open post.")
    });
    std::thread::sleep(Duration::from_millis(300));
    std::fs::write(dir.path().join("long.md"), long(true)).expect("write");
    // The switch lands on the change, far down the post, and marks it.
    let screen = app.wait_for("the change on screen", |s| s.contains("REWRITTEN"));
    assert!(
        !screen.contains("Paragraph 0 has"),
        "not at the top:\n{screen}"
    );
    let row = screen
        .lines()
        .find(|l| l.contains("REWRITTEN"))
        .expect("the row");
    assert!(
        row.contains('▎'),
        "the change is marked in the gutter: {row}"
    );
}
