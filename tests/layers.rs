//! The layers hold: every `crate::…` and `super::…` path in `src/` names a module of its own
//! layer's module or of a layer below it, as ARCHITECTURE.md's table lists them, and no two
//! files of one module import each other ([`cycles`]). An import that goes up the table, or a
//! ring of files, fails here, named by file and line.

#[path = "layers/cycles.rs"]
mod cycles;
#[path = "layers/source_files.rs"]
mod source_files;

use std::collections::HashMap;
use std::path::Path;

use source_files::{code_of, is_ident, module_path, sources};

/// The layer table from ARCHITECTURE.md: each top-level module and its layer's rank (1 is the
/// bottom). Rows look like ``| 3 | content | `content` | … |``; the third cell lists the modules.
fn layer_table() -> HashMap<String, usize> {
    let text =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("ARCHITECTURE.md"))
            .expect("ARCHITECTURE.md is at the top of the repository");
    let mut table = HashMap::new();
    for line in text.lines() {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        if cells.len() < 5 {
            continue;
        }
        let Ok(rank) = cells[1].parse::<usize>() else {
            continue;
        };
        for module in cells[3].split(',') {
            let module = module.trim().trim_matches('`');
            if !module.is_empty() {
                table.insert(module.to_string(), rank);
            }
        }
    }
    table
}

/// The top-level modules the code's `crate::` and `super::` paths name, each with the byte
/// offset it is named at, as seen from module `here` (`super` of module `a::x` is `a`, whether
/// the file is `a/x.rs` or `a/x/mod.rs`; after `tests_from`, the offset of the file's inline
/// `mod tests`, it is the file's own module). `use crate::{a, b::c}` names `a` and `b`, over
/// several lines too.
fn named_modules(code: &str, here: &[String], tests_from: usize) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    let bytes = code.as_bytes();
    let mut at = 0;
    while at < code.len() {
        let rest = &code[at..];
        let starts_word = at == 0 || !is_ident(bytes[at - 1] as char);
        if starts_word && rest.starts_with("crate::") {
            let after = &rest["crate::".len()..];
            if let Some(group) = after.strip_prefix('{') {
                let mut depth = 0usize;
                let mut item = String::new();
                for c in group.chars() {
                    match c {
                        '{' => depth += 1,
                        '}' if depth == 0 => break,
                        '}' => depth -= 1,
                        ',' if depth == 0 => {
                            found.push((at, first_segment(&item)));
                            item.clear();
                            continue;
                        }
                        _ => {}
                    }
                    if depth == 0 {
                        item.push(c);
                    }
                }
                found.push((at, first_segment(&item)));
            } else {
                found.push((at, first_segment(after)));
            }
            at += "crate::".len();
        } else if starts_word && rest.starts_with("super::") {
            let mut path: Vec<String> = here.to_vec();
            if at >= tests_from {
                path.push("tests".to_string());
            }
            let mut tail = rest;
            let mut climbs = 0;
            while let Some(after) = tail.strip_prefix("super::") {
                climbs += 1;
                tail = after;
            }
            for _ in 0..climbs {
                path.pop();
            }
            let named = match path.first() {
                Some(top) => top.clone(),
                None => first_segment(tail),
            };
            found.push((at, named));
            at += "super::".len() * climbs;
        } else {
            at += rest.chars().next().map_or(1, char::len_utf8);
        }
    }
    found.retain(|(_, m)| !m.is_empty() && m != "self" && m != "*");
    found
}

fn first_segment(path: &str) -> String {
    path.trim().chars().take_while(|&c| is_ident(c)).collect()
}

/// Every import in `src/` that goes up the layer table, as `file:line: message`.
fn upward_imports(src: &Path, table: &HashMap<String, usize>) -> Vec<String> {
    let mut files = Vec::new();
    sources(src, &mut files);
    files.sort();
    let mut problems = Vec::new();
    for file in files {
        let module = module_path(src, &file);
        let Some(top) = module.first() else {
            continue; // lib.rs and main.rs sit above every layer
        };
        let shown = file
            .strip_prefix(src.parent().unwrap_or(src))
            .unwrap_or(&file);
        let Some(&rank) = table.get(top) else {
            problems.push(format!(
                "{}: module `{top}` has no row in ARCHITECTURE.md's layer table",
                shown.display()
            ));
            continue;
        };
        let text = std::fs::read_to_string(&file).expect("a source file reads");
        let code = code_of(&text);
        let tests_from = code.find("\nmod tests").unwrap_or(usize::MAX);
        for (offset, named) in named_modules(&code, &module, tests_from) {
            if named == *top {
                continue;
            }
            let line = code[..offset].matches('\n').count() + 1;
            match table.get(&named) {
                Some(&other) if other < rank => {}
                Some(&other) => problems.push(format!(
                    "{}:{line}: `{top}` (layer {rank}) imports `{named}` (layer {other}), which is {}",
                    shown.display(),
                    if other == rank {
                        "beside it, not below"
                    } else {
                        "above it"
                    }
                )),
                None => problems.push(format!(
                    "{}:{line}: `{named}` is not a module in ARCHITECTURE.md's layer table",
                    shown.display()
                )),
            }
        }
    }
    problems
}

#[test]
fn every_import_goes_down_the_layer_table() {
    let table = layer_table();
    assert!(
        table.len() >= 10,
        "ARCHITECTURE.md's layer table reads as {table:?}"
    );
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let problems = upward_imports(&src, &table);
    assert!(
        problems.is_empty(),
        "imports that go up the layers:\n{}",
        problems.join("\n")
    );
}

#[test]
fn an_upward_import_is_caught_with_its_file_and_line() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let src = dir.path().join("src");
    std::fs::create_dir_all(src.join("content")).expect("folders");
    std::fs::create_dir_all(src.join("app")).expect("folders");
    std::fs::write(
        src.join("content/mod.rs"),
        "//! crate::app in a comment is fine\nuse crate::text;\nuse crate::{\n    text,\n    app::state,\n};\n",
    )
    .expect("write");
    std::fs::write(
        src.join("app/mod.rs"),
        "use super::content::Post;\nmod tests {\n    use super::*;\n}\n",
    )
    .expect("write");
    let table: HashMap<String, usize> = [("text", 1), ("content", 3), ("app", 8)]
        .into_iter()
        .map(|(m, r)| (m.to_string(), r))
        .collect();
    let problems = upward_imports(&src, &table);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0]
            .starts_with("src/content/mod.rs:3: `content` (layer 3) imports `app` (layer 8)"),
        "{problems:?}"
    );
}

#[test]
fn inside_the_app_only_the_loop_uses_the_drawing() {
    // `update`, the state and the overlays' content never reach into `app::ui`: drawing reads
    // the state, never the other way round. Only the event loop (`app/mod.rs`) draws.
    let app = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/app");
    let mut files = Vec::new();
    sources(&app, &mut files);
    let mut problems = Vec::new();
    for file in files {
        let relative = file.strip_prefix(&app).expect("under src/app");
        if relative.starts_with("ui") || relative == Path::new("mod.rs") {
            continue;
        }
        // Tests draw to look at the screen: a `tests.rs`, or the files of a `tests` folder.
        let in_tests = relative.file_name().is_some_and(|n| n == "tests.rs")
            || relative.components().any(|c| c.as_os_str() == "tests");
        if in_tests {
            continue;
        }
        let text = std::fs::read_to_string(&file).expect("a source file reads");
        let code = code_of(&text);
        let code = match code.find("\nmod tests") {
            Some(end) => &code[..end],
            None => &code,
        };
        for (index, line) in code.lines().enumerate() {
            if line.contains("app::ui") || line.contains("super::ui") {
                problems.push(format!("src/app/{}:{}", relative.display(), index + 1));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "app code that uses app::ui:\n{}",
        problems.join("\n")
    );
}
