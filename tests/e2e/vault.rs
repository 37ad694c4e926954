//! An Obsidian vault in the real binary: wikilinks followed to the heading and the block they
//! name, Backspace back, a folded callout opened with Enter, a picture embedded from the vault's
//! attachment folder, a note's section embedded in another, nested tags in the tag picker.

use super::images::picture_cell;
use super::{article_rows, manifest_dir, status};
use crate::pty::{App, row_of, rows};

#[test]
fn in_a_vault_wikilinks_lead_to_their_heading_and_block_callouts_fold_pictures_embed_and_tags_nest()
{
    let vault = manifest_dir().join("tests/fixtures/vault");
    let vault = vault.to_str().expect("utf-8 path");
    let mut app = App::spawn_env(
        &["--search", "lantern vault", vault],
        &[("TERM", "xterm-256color")],
        120,
        40,
    );
    app.wait_for("the note found", |s| {
        s.contains("Home") && !status(s).contains("loading")
    });
    app.send("\r");
    // Wikilinks show their note and heading, numbered; the note not written yet is marked.
    let before = app.wait_for_text("Guides/Setup › Second step[1]");
    assert!(before.contains("Someday[3]⚠"), "{before}");
    assert!(!before.contains("[["), "{before}");
    // `![[flag.png]]` is found in the vault's attachment folder and drawn in half-blocks.
    let deadline = std::time::Instant::now() + crate::pty::PATIENCE;
    loop {
        let screen = app.screen();
        let caption = row_of(&screen, "[image: flag.png] flag.png").expect("the embed's line");
        let rows_below = (caption + 1..caption + 8).map(|r| u16::try_from(r).expect("a row"));
        if rows_below
            .map(|r| app.cells_of_row(r))
            .any(|cells| cells.iter().any(picture_cell))
        {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "no picture:\n{screen}"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    // The folded callout shows its title alone; Enter opens it, and again closes it.
    let screen = app.screen();
    assert!(screen.contains("▸ ★ A folded tip"), "{screen}");
    assert!(!screen.contains("Hidden until it is opened."), "{screen}");
    app.send("\r");
    let screen = app.wait_for_text("Hidden until it is opened.");
    assert!(screen.contains("▾ ★ A folded tip"), "{screen}");
    app.send("\r");
    let before = app.wait_for("folded again", |s| {
        s.contains("▸ ★ A folded tip") && !s.contains("Hidden until")
    });

    // `o1` opens Guides/Setup at the heading the link names, off its first screen.
    app.send("o1\r");
    app.wait_for("Setup at Second step", |s| {
        article_rows(s)
            .first()
            .is_some_and(|r| r.contains("## Second step"))
    });
    // Backspace comes back to the same place.
    app.send("\x7f");
    let after = app.wait_for_text("Guides/Setup › Second step[1]");
    assert_eq!(article_rows(&after), article_rows(&before), "{after}");

    // `[[Ideas|the ideas note]]`, then its `[[Setup#^linked|…]]`: the line the block id marks.
    app.send("o2\r");
    let ideas = app.wait_for_text("the linked block[2]");
    // Its `![[Setup#First step]]` shows that section under its link, as a quote.
    assert!(ideas.contains("↳ Setup › First step[3]"), "{ideas}");
    assert!(ideas.contains("│ ## First step"), "{ideas}");
    assert!(
        ideas.contains("│ Filler line 1 of the first step"),
        "{ideas}"
    );
    app.send("o2\r");
    app.wait_for("Setup at the block", |s| {
        article_rows(s)
            .first()
            .is_some_and(|r| r.starts_with("Linked from the home note."))
    });

    // The tag picker lists the nested tags under their parent, indented by their last segment
    // (its count is of the notes the search left, so it is not asserted here).
    app.send("t");
    let picker = app.wait_for_text("Tags: posts with any of");
    let listed: Vec<&str> = rows(&picker)
        .into_iter()
        .filter(|r| r.contains("[ ] project") || r.contains("[ ]   "))
        .collect();
    assert_eq!(listed.len(), 3, "{picker}");
    assert!(listed[0].contains("[ ] project "), "{picker}");
    assert!(listed[1].contains("[ ]   alpha "), "{picker}");
    assert!(listed[2].contains("[ ]   beta "), "{picker}");
}
