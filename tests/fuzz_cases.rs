//! The fuzz targets (`tidings::fuzzing`, run by `cargo fuzz` in fuzz/) as proptest cases, so
//! every machine runs them: arbitrary bytes, and text built from the characters that matter to
//! each parser. `PROPTEST_CASES` sets how many (256 by default; `.ci/run` asks for more when it
//! cannot fuzz).

use proptest::prelude::*;
use tidings::fuzzing;

/// Text mostly made of what Markdown, front matter and dates are built from.
fn markup() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "---\n",
        "+++\n",
        "title: ",
        "date: 2024-06-19\n",
        "tags: [a, b]\n",
        "= ",
        "\"",
        "'",
        "# ",
        "## ",
        "- ",
        "1. ",
        "> ",
        "```\n",
        "~~~rust\n",
        "    code\n",
        "| a | b |\n",
        "|---|:-:|\n",
        "*",
        "**",
        "_",
        "`",
        "[x](y)",
        "![i](u)",
        "<b>",
        "</b>",
        "&amp;",
        "[^1]",
        "[^1]: n\n",
        "\\",
        "\n",
        "\n\n",
        " ",
        "\t",
        "\u{1b}[2J",
        "\u{7}",
        "\u{202e}",
        "中文",
        "é",
        "\u{301}",
        "🙂",
        "{{< x >}}",
        "{% y %}",
        "2024",
        "-06",
        "..",
        ":",
        "T12:00:00Z",
    ]);
    prop::collection::vec(pieces, 0..80).prop_map(|v| v.concat())
}

proptest! {
    #[test]
    fn front_matter_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..512), text in markup()) {
        fuzzing::front_matter(&bytes);
        fuzzing::front_matter(text.as_bytes());
    }

    #[test]
    fn dates_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..64), text in markup()) {
        fuzzing::dates(&bytes);
        fuzzing::dates(text.as_bytes());
    }

    #[test]
    fn markdown_renders_within_its_width_without_control_characters(
        bytes in prop::collection::vec(any::<u8>(), 0..512),
        text in markup(),
    ) {
        fuzzing::markdown(&bytes);
        fuzzing::markdown(text.as_bytes());
    }

    #[test]
    fn plain_text_renders_within_its_width_without_control_characters(
        bytes in prop::collection::vec(any::<u8>(), 0..512),
        text in markup(),
    ) {
        fuzzing::plain_text(&bytes);
        fuzzing::plain_text(text.as_bytes());
    }
}
