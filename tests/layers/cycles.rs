//! No cycles between the files of one module.
//!
//! Inside a directory module (`src/app/`, `src/runtime/jobs/`…), each file and each folder beside
//! it is a unit; a unit depends on another when its code names a path into it (`crate::…`,
//! `super::…`, `self::…`, or a child module declared with `mod`), followed through `use`
//! statements (a name `app/mod.rs` re-exports from `effects.rs` is `effects.rs`'s). The parent
//! (`mod.rs`) is not a unit: children reach up to it and it declares them. A cycle between
//! units is a knot: neither can be read, tested or changed alone.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::source_files::{code_of, is_ident, module_path, sources};

/// A path named in code, as module segments from the crate's root, with its byte offset.
type Named = (usize, Vec<String>);

fn skip_space(bytes: &[u8], at: &mut usize) {
    while *at < bytes.len() && (bytes[*at] as char).is_whitespace() {
        *at += 1;
    }
}

fn ident_at(bytes: &[u8], at: &mut usize) -> String {
    let start = *at;
    while *at < bytes.len() && is_ident(bytes[*at] as char) {
        *at += 1;
    }
    String::from_utf8_lossy(&bytes[start..*at]).into_owned()
}

/// The leaf paths of a use tree (or a plain path) starting at `at`: `a::{b, c::{d, e}}` gives
/// `a::b`, `a::c::d`, `a::c::e`; a glob ends its path (`a::*` gives `a`). Each leaf comes with
/// the name it is imported as (`as` taken into account).
fn parse_tree(
    bytes: &[u8],
    at: &mut usize,
    prefix: Vec<String>,
    out: &mut Vec<(String, Vec<String>)>,
) {
    let mut path = prefix;
    loop {
        skip_space(bytes, at);
        if bytes.get(*at) == Some(&b'{') {
            *at += 1;
            loop {
                skip_space(bytes, at);
                if bytes.get(*at) == Some(&b'}') {
                    *at += 1;
                    return;
                }
                let before = *at;
                parse_tree(bytes, at, path.clone(), out);
                skip_space(bytes, at);
                match bytes.get(*at) {
                    Some(b',') => *at += 1,
                    Some(b'}') => {
                        *at += 1;
                        return;
                    }
                    _ if *at == before => return,
                    _ => return,
                }
            }
        }
        let segment = ident_at(bytes, at);
        if segment.is_empty() {
            if bytes.get(*at) == Some(&b'*') {
                *at += 1;
            }
            let name = path.last().cloned().unwrap_or_default();
            out.push((name, path));
            return;
        }
        if segment != "self" || path.is_empty() {
            path.push(segment);
        }
        if bytes[*at..].starts_with(b"::") {
            *at += 2;
            continue;
        }
        let mut name = path.last().cloned().unwrap_or_default();
        let mut look = *at;
        skip_space(bytes, &mut look);
        if bytes[look..].starts_with(b"as ") {
            look += 3;
            skip_space(bytes, &mut look);
            name = ident_at(bytes, &mut look);
            *at = look;
        }
        out.push((name, path));
        return;
    }
}

/// `segments` as seen from module `here`, made absolute: `crate::a` is `a`, `super::x` is
/// `here`'s parent's `x`, `self::x` and a child `x` of `here` are `here`'s `x`; `None` for a
/// path outside the crate (`std::…`).
fn absolute(here: &[String], children: &[String], segments: &[String]) -> Option<Vec<String>> {
    let first = segments.first()?;
    let mut path: Vec<String>;
    let mut rest = segments;
    if first == "crate" {
        path = Vec::new();
        rest = &segments[1..];
    } else if first == "super" || first == "self" {
        path = here.to_vec();
        while let Some(step) = rest.first() {
            match step.as_str() {
                "super" => {
                    path.pop();
                }
                "self" => {}
                _ => break,
            }
            rest = &rest[1..];
        }
    } else if children.contains(first) {
        path = here.to_vec();
    } else {
        return None;
    }
    path.extend(rest.iter().cloned());
    Some(path)
}

/// The child modules a file declares (`mod x;`, `pub mod x;`, `pub(crate) mod x;`).
fn children_of(code: &str) -> Vec<String> {
    code.lines()
        .filter_map(|line| {
            let line = line.trim();
            let line = line
                .strip_prefix("pub(crate) ")
                .or_else(|| line.strip_prefix("pub "))
                .unwrap_or(line);
            let name = line.strip_prefix("mod ")?.strip_suffix(';')?;
            Some(name.trim().to_string())
        })
        .collect()
}

/// One source file, as the cycle check reads it.
struct Unit {
    file: PathBuf,
    code: String,
    children: Vec<String>,
    /// Each name its `use` statements bring in, and the absolute path it stands for.
    uses: HashMap<String, Vec<String>>,
}

/// Every path into the crate that `code` names, made absolute from module `here`.
fn paths_named(code: &str, here: &[String], children: &[String]) -> Vec<Named> {
    let bytes = code.as_bytes();
    let mut found = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        let starts_word = at == 0 || !(is_ident(bytes[at - 1] as char) || bytes[at - 1] == b':');
        if !starts_word || !is_ident(bytes[at] as char) {
            at += 1;
            continue;
        }
        let mut look = at;
        let first = ident_at(bytes, &mut look);
        let rooted =
            ["crate", "super", "self"].contains(&first.as_str()) || children.contains(&first);
        if !rooted || !bytes[look..].starts_with(b"::") {
            at = look.max(at + 1);
            continue;
        }
        let start = at;
        let mut leaves = Vec::new();
        parse_tree(bytes, &mut at, Vec::new(), &mut leaves);
        at = at.max(look);
        for (_, segments) in leaves {
            if let Some(path) = absolute(here, children, &segments) {
                found.push((start, path));
            }
        }
    }
    found
}

/// The file module a path leads to: the longest prefix that is a file, followed through the
/// `use` statements of the module it stops in (at most a few hops).
fn resolve(units: &HashMap<Vec<String>, Unit>, path: &[String]) -> Option<Vec<String>> {
    let mut path = path.to_vec();
    for _ in 0..8 {
        let k = (1..=path.len())
            .rev()
            .find(|&k| units.contains_key(&path[..k]))?;
        let module = path[..k].to_vec();
        let Some(next) = path.get(k) else {
            return Some(module);
        };
        let unit = &units[&module];
        match unit.uses.get(next) {
            Some(target) if !target.starts_with(&module[..]) || target.len() > module.len() + 1 => {
                let mut followed = target.clone();
                followed.extend(path[k + 1..].iter().cloned());
                if followed == path {
                    return Some(module);
                }
                path = followed;
            }
            _ => return Some(module),
        }
    }
    None
}

/// The cycles between units of one directory module in the crate at `src`, each as
/// `module: a → b → a` with the file and line of each step.
fn module_cycles(src: &Path) -> Vec<String> {
    let mut files = Vec::new();
    sources(src, &mut files);
    files.sort();
    let mut units: HashMap<Vec<String>, Unit> = HashMap::new();
    for file in files {
        let here = module_path(src, &file);
        let text = std::fs::read_to_string(&file).expect("a source file reads");
        let code = code_of(&text);
        let code = match code.find("\nmod tests") {
            Some(end) => code[..end].to_string(),
            None => code,
        };
        let children = children_of(&code);
        let mut uses = HashMap::new();
        let mut search = 0;
        while let Some(found) = code[search..].find("use ") {
            let at = search + found;
            search = at + 4;
            let line_start = code[..at].rfind('\n').map_or(0, |i| i + 1);
            let before = code[line_start..at].trim();
            if !(before.is_empty() || before.starts_with("pub")) {
                continue;
            }
            let mut cursor = at + 4;
            let mut leaves = Vec::new();
            parse_tree(code.as_bytes(), &mut cursor, Vec::new(), &mut leaves);
            for (name, segments) in leaves {
                if let Some(path) = absolute(&here, &children, &segments) {
                    uses.insert(name, path);
                }
            }
        }
        units.insert(
            here,
            Unit {
                file,
                code,
                children,
                uses,
            },
        );
    }
    // Edges between sibling units: (directory, from unit, to unit) → where it is named.
    let mut edges: HashMap<Vec<String>, HashMap<String, HashMap<String, String>>> = HashMap::new();
    let shown_root = src.parent().unwrap_or(src);
    for (here, unit) in &units {
        for (offset, path) in paths_named(&unit.code, here, &unit.children) {
            let Some(target) = resolve(&units, &path) else {
                continue;
            };
            let common = here.iter().zip(&target).take_while(|(a, b)| a == b).count();
            if common == here.len() || common == target.len() {
                continue; // an ancestor or a descendant: the parent is not a unit
            }
            let line = unit.code[..offset].matches('\n').count() + 1;
            let file = unit.file.strip_prefix(shown_root).unwrap_or(&unit.file);
            edges
                .entry(here[..common].to_vec())
                .or_default()
                .entry(here[common].clone())
                .or_default()
                .entry(target[common].clone())
                .or_insert_with(|| format!("{}:{line}", file.display()));
        }
    }
    let mut cycles = Vec::new();
    let mut directories: Vec<_> = edges.keys().cloned().collect();
    directories.sort();
    for directory in directories {
        let graph = &edges[&directory];
        let mut names: Vec<&String> = graph.keys().collect();
        names.sort();
        let mut reported: Vec<Vec<String>> = Vec::new();
        for start in names {
            // The shortest way back to `start`, breadth first.
            let mut came_from: HashMap<&String, &String> = HashMap::new();
            let mut queue = std::collections::VecDeque::from([start]);
            let mut back = None;
            while let Some(unit) = queue.pop_front() {
                let mut next: Vec<&String> = graph
                    .get(unit)
                    .map(|m| m.keys().collect())
                    .unwrap_or_default();
                next.sort();
                for to in next {
                    if to == start {
                        back = Some(unit);
                        break;
                    }
                    if !came_from.contains_key(to) {
                        came_from.insert(to, unit);
                        queue.push_back(to);
                    }
                }
                if back.is_some() {
                    break;
                }
            }
            let Some(mut unit) = back else {
                continue;
            };
            let mut ring = vec![unit.clone()];
            while unit != start {
                unit = came_from[unit];
                ring.push(unit.clone());
            }
            ring.reverse();
            let mut key = ring.clone();
            key.sort();
            if reported.contains(&key) {
                continue;
            }
            reported.push(key);
            let steps: Vec<String> = (0..ring.len())
                .map(|i| {
                    let (from, to) = (&ring[i], &ring[(i + 1) % ring.len()]);
                    format!("{from} → {to} ({})", graph[from][to])
                })
                .collect();
            let module = if directory.is_empty() {
                "crate".to_string()
            } else {
                directory.join("::")
            };
            cycles.push(format!("{module}: {}", steps.join(", ")));
        }
    }
    cycles
}

#[test]
fn no_two_files_of_a_module_import_each_other() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let cycles = module_cycles(&src);
    assert!(
        cycles.is_empty(),
        "files of one module that import each other, in a ring:\n{}",
        cycles.join("\n")
    );
}

#[test]
fn a_cycle_between_files_of_a_module_is_caught_through_a_reexport() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let src = dir.path().join("src");
    std::fs::create_dir_all(src.join("app/state")).expect("folders");
    let write = |path: &str, text: &str| std::fs::write(src.join(path), text).expect("write");
    write("lib.rs", "pub mod app;\n");
    // `effects` names `update` by its re-export in `app/mod.rs`; `update` names `effects` with a
    // group; `state` only names `effects`, and its child reaches up to its parent (fine).
    write(
        "app/mod.rs",
        "mod effects;\nmod state;\nmod update;\npub use update::update;\n",
    );
    write(
        "app/effects.rs",
        "pub enum Effect {}\nfn f() { crate::app::update(); }\n",
    );
    write(
        "app/update.rs",
        "use super::{effects::Effect};\npub fn update() {}\n",
    );
    write(
        "app/state/mod.rs",
        "mod marks;\npub struct AppState(Vec<crate::app::effects::Effect>);\n",
    );
    write("app/state/marks.rs", "use super::AppState;\n");
    let cycles = module_cycles(&src);
    assert_eq!(cycles.len(), 1, "{cycles:?}");
    assert!(
        cycles[0].starts_with(
            "app: effects → update (src/app/effects.rs:2), update → effects (src/app/update.rs:1)"
        ),
        "{cycles:?}"
    );
}
