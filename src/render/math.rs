//! LaTeX math (`$…$` and `$$…$$`, read by pulldown-cmark's math extension) as Unicode text:
//! Greek letters, operators, arrows, super- and subscripts by the unicodeit crate (a port of
//! unicodeit.net), after the constructs it leaves alone are rewritten here: `\frac{a}{b}` as
//! `a⁄b`, `\sqrt{x}` as `√x`, `\text{…}` as its text, function names (`\log`, `\sin`) as
//! words, spacing commands as spaces, `\left`/`\right` dropped.
//!
//! What cannot be shown honestly (an unknown command, a group with no Unicode super- or
//! subscript form) is `None`: the renderer then shows the source as it was written, dimmed, never half converted.

/// Commands that name functions, set upright: shown as their name.
const FUNCTIONS: [&str; 22] = [
    "arccos", "arcsin", "arctan", "arg", "cos", "cosh", "cot", "deg", "det", "dim", "exp", "gcd",
    "inf", "ker", "lim", "ln", "log", "max", "min", "sin", "sup", "tan",
];

/// Commands whose one argument is shown as it is.
const TEXT_COMMANDS: [&str; 6] = ["text", "mathrm", "operatorname", "textrm", "mbox", "mathit"];

/// `tex` (the math between the dollars) as Unicode, or `None` when part of it has no honest
/// Unicode form.
pub fn to_unicode(tex: &str) -> Option<String> {
    let rewritten = rewrite(tex.trim(), 0)?;
    let converted = unicodeit::replace(&rewritten);
    // A command or a group left was not converted. A `^` or `_` before one character with no
    // Unicode super- or subscript (`^∞`) stays, as plain-text math is written.
    if converted.contains(['\\', '{', '}']) {
        return None;
    }
    // TeX sets math's spacing itself: runs of spaces (and `\,`, `\quad`) are one space here.
    Some(converted.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// Nesting deeper than this is not rewritten (`None`): real formulas are far shallower.
const MAX_DEPTH: usize = 32;

/// `tex` with the constructs unicodeit leaves alone rewritten (see the module's doc).
fn rewrite(tex: &str, depth: usize) -> Option<String> {
    if depth > MAX_DEPTH {
        return None;
    }
    let mut out = String::with_capacity(tex.len());
    let mut rest = tex;
    while let Some(at) = rest.find('\\') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let name_len = after
            .find(|c: char| !c.is_ascii_alphabetic())
            .unwrap_or(after.len());
        if name_len == 0 {
            // `\,` `\;` `\:` `\!` `\ ` are spaces; `\\` a line break; `\{` a brace.
            let mut chars = after.chars();
            match chars.next() {
                Some(',' | ';' | ':' | ' ') => out.push(' '),
                Some('!') => {}
                Some('\\') => out.push(' '),
                Some('{') => out.push('{'),
                Some('}') => out.push('}'),
                Some(c) => {
                    out.push('\\');
                    out.push(c);
                }
                None => out.push('\\'),
            }
            rest = chars.as_str();
            continue;
        }
        let name = &after[..name_len];
        let mut tail = &after[name_len..];
        match name {
            "frac" | "dfrac" | "tfrac" => {
                let (num, t) = group(tail)?;
                let (den, t) = group(t)?;
                let (num, den) = (rewrite(num, depth + 1)?, rewrite(den, depth + 1)?);
                out.push_str(&format!("{}⁄{}", grouped(&num), grouped(&den)));
                tail = t;
            }
            "sqrt" => {
                let (body, t) = group(tail)?;
                out.push('√');
                out.push_str(&grouped(&rewrite(body, depth + 1)?));
                tail = t;
            }
            "left" | "right" | "displaystyle" | "limits" => {}
            "quad" | "qquad" => out.push_str("  "),
            n if TEXT_COMMANDS.contains(&n) => {
                let (body, t) = group(tail)?;
                out.push_str(body);
                tail = t;
            }
            n if FUNCTIONS.contains(&n) => out.push_str(n),
            // The rest is unicodeit's: `\alpha`, `\leq`, `\mathbb{R}`.
            _ => {
                out.push('\\');
                out.push_str(name);
            }
        }
        rest = tail;
    }
    out.push_str(rest);
    Some(out)
}

/// The braced group (or single character) at the start of `tex`, spaces before it skipped,
/// and what follows it; `None` when a brace is never closed.
fn group(tex: &str) -> Option<(&str, &str)> {
    let tex = tex.trim_start();
    let mut chars = tex.char_indices();
    match chars.next()? {
        (_, '{') => {
            let mut depth = 0usize;
            for (i, c) in tex.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' => {
                        depth -= 1;
                        if depth == 0 {
                            return Some((&tex[1..i], &tex[i + 1..]));
                        }
                    }
                    _ => {}
                }
            }
            None
        }
        (_, c) => Some((&tex[..c.len_utf8()], &tex[c.len_utf8()..])),
    }
}

/// `text` in parentheses when it is more than one letter or digit, so `a+b⁄2` reads as
/// `(a+b)⁄2`.
fn grouped(text: &str) -> String {
    let text = text.trim();
    if text.chars().all(char::is_alphanumeric) || text.chars().count() <= 1 {
        text.to_string()
    } else {
        format!("({text})")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_read_as_unicode() {
        let cases = [
            ("E = mc^2", "E = mc²"),
            (r"\alpha_{i}^{2} + \beta", "αᵢ² + β"),
            (r"\frac{a}{b}", "a⁄b"),
            (r"\frac{n(n+1)}{2}", "(n(n+1))⁄2"),
            (r"\sqrt{x^2 + 1}", "√(x² + 1)"),
            (r"\sum_{i=1}^{n} x_i", "∑ᵢ₌₁ⁿ xᵢ"),
            (r"\mathcal{O}(n \log n)", "𝒪(n log n)"),
            (r"x \leq y \rightarrow \mathbb{R}", "x ≤ y → ℝ"),
            (r"\left( a \right)", "( a )"),
            (r"\text{if } x > 0", "if x > 0"),
            (r"\int_0^\infty e^{-x} \, dx = 1", "∫₀^∞ e⁻ˣ dx = 1"),
        ];
        for (tex, want) in cases {
            assert_eq!(to_unicode(tex).as_deref(), Some(want), "{tex}");
        }
    }

    #[test]
    fn what_has_no_unicode_form_is_not_half_converted() {
        for tex in [
            r"\begin{pmatrix} a & b \end{pmatrix}",
            r"x^{\heartsuitx}",
            r"\frac{a}{",
            r"\unknowncommand{x}",
            r"e^{i\pi q}",
        ] {
            assert_eq!(to_unicode(tex), None, "{tex}");
        }
        let deep = format!("{}x{}", r"\sqrt{".repeat(100), "}".repeat(100));
        assert_eq!(to_unicode(&deep), None);
    }
}
