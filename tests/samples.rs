//! The built-in sample posts describe the keys as they are: every key a sample names (a
//! backticked key, outside code blocks) is bound in the default key map or in the typing keys.

use tidings::keys::{BINDINGS, INPUT_BINDINGS, key_label};

/// Backticked words in `text` outside fenced code blocks.
fn backticked(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut fenced = false;
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
            continue;
        }
        if fenced {
            continue;
        }
        let mut parts = line.split('`');
        parts.next();
        while let (Some(inside), Some(_)) = (parts.next(), parts.next()) {
            out.push(inside.to_string());
        }
    }
    out
}

/// Whether `word` is written as a key is: one character, or a key's name (`Enter`,
/// `Shift-Tab`, `PgDn`, `Ctrl-d`...).
fn looks_like_a_key(word: &str) -> bool {
    const NAMES: [&str; 12] = [
        "Enter",
        "Tab",
        "Shift-Tab",
        "Esc",
        "PgUp",
        "PgDn",
        "Home",
        "End",
        "Space",
        "Backspace",
        "Up",
        "Down",
    ];
    word.chars().count() == 1 || NAMES.contains(&word) || word.starts_with("Ctrl-")
}

#[test]
fn every_key_a_sample_post_names_is_bound() {
    let bound: Vec<String> = BINDINGS
        .iter()
        .chain(INPUT_BINDINGS)
        .flat_map(|b| b.keys.iter().map(key_label))
        .collect();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/posts");
    let mut named = 0;
    for entry in std::fs::read_dir(&dir).expect("assets/posts") {
        let path = entry.expect("entry").path();
        let text = std::fs::read_to_string(&path).expect("a sample post");
        for word in backticked(&text)
            .into_iter()
            .filter(|w| looks_like_a_key(w))
        {
            named += 1;
            assert!(
                bound.contains(&word),
                "{} names the key `{word}`, which no command is bound to (bound: {bound:?})",
                path.display()
            );
        }
    }
    // Not a test that cannot fail: the samples do name keys.
    assert!(named > 10, "only {named} keys named");
    assert!(
        !bound.contains(&"Z".to_string()),
        "an unbound key is told apart"
    );
}
