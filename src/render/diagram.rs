//! Mermaid diagrams (```` ```mermaid ```` blocks) drawn as Unicode box-drawing text by the
//! mermaid-text crate: flowcharts, sequence, class, state, ER, Gantt and pie diagrams, and the
//! other kinds it knows. A diagram it cannot draw stays its source, as code, under a line
//! saying why.

/// Diagram sources larger than this are shown as code: laying a graph out grows faster than
/// its size, and a diagram this large would not be read as a drawing in a terminal anyway.
const MAX_SOURCE_BYTES: usize = 4 * 1024;

/// Diagrams of more statements (lines, or `;`-separated parts) than this are shown as code:
/// mermaid-text's layout grows as about the 2.5th power of the edges (measured, release build:
/// 20 edges 1 ms, 40 edges 9–17 ms, 60 edges 42–57 ms, 120 edges 0.2 s), and a post renders on
/// the UI thread.
const MAX_STATEMENTS: usize = 40;

/// Whether a fenced code block's info string names Mermaid (its first word, in any case).
pub fn is_mermaid(info: &str) -> bool {
    (info.split_whitespace().next()).is_some_and(|l| l.eq_ignore_ascii_case("mermaid"))
}

/// Why `source` is too large to draw, if it is (see [`MAX_STATEMENTS`]): checked by the
/// renderer before the drawing is asked for, and by [`mermaid`].
pub fn too_large(source: &str) -> Option<String> {
    let statements = source
        .split(['\n', ';'])
        .filter(|s| !s.trim().is_empty())
        .count();
    (source.len() > MAX_SOURCE_BYTES || statements > MAX_STATEMENTS).then(|| {
        format!("too large to draw here ({statements} statements; at most {MAX_STATEMENTS})")
    })
}

/// `source` drawn at most `width` columns wide where the layout allows (`None`: as wide as it
/// takes; the renderer lets a wide drawing scroll sideways), as lines; or why it cannot be
/// drawn. Slow for larger diagrams: the app draws them on its colouring thread.
///
/// # Errors
/// The reason: too large, a kind of diagram or a syntax the crate does not draw, or a fault in
/// the crate (its panic is caught here).
pub fn mermaid(source: &str, width: Option<usize>) -> Result<Vec<String>, String> {
    if let Some(why) = too_large(source) {
        return Err(why);
    }
    let drawn = std::panic::catch_unwind(|| mermaid_text::render_with_width(source, width))
        .map_err(|_| "the diagram could not be drawn".to_string())?
        .map_err(|e| e.to_string())?;
    let mut lines: Vec<String> = drawn.lines().map(|l| l.trim_end().to_string()).collect();
    while lines.last().is_some_and(String::is_empty) {
        lines.pop();
    }
    while lines.first().is_some_and(String::is_empty) {
        lines.remove(0);
    }
    if lines.is_empty() {
        return Err("the diagram is empty".into());
    }
    Ok(lines)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_flowchart_is_drawn_with_its_nodes_and_a_bad_one_says_why() {
        let lines = mermaid("graph TD\n  A[Write] --> B[Save]\n", Some(60)).expect("drawn");
        let text = lines.join("\n");
        assert!(text.contains("│ Write │"), "{text}");
        assert!(text.contains("│ Save │"), "{text}");
        assert!(
            text.contains('▾') || text.contains('▼') || text.contains('↓'),
            "{text}"
        );
        let why = mermaid("nonsense here", None).expect_err("not drawn");
        assert!(why.contains("nonsense"), "{why}");
        let big = format!("graph TD\n{}", "  A --> B\n".repeat(40));
        let why = mermaid(&big, None).expect_err("not drawn");
        assert!(
            why.starts_with("too large to draw here (41 statements"),
            "{why}"
        );
    }
}
