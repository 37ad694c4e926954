//! Liquid and Nunjucks tags, `{% name args %}`: finding them and reading their arguments.

/// A `{% … %}` tag, parsed.
#[derive(Debug, Default)]
pub(super) struct Tag {
    /// As written (`Aside`, `endAside`).
    pub(super) name: String,
    /// Everything after the name, trimmed.
    pub(super) args: String,
}

impl Tag {
    pub(super) fn lower(&self) -> String {
        self.name.to_lowercase()
    }

    /// `key="value"` / `key='value'` / `key=value`.
    pub(super) fn named(&self, key: &str) -> Option<String> {
        let mut rest = self.args.as_str();
        while let Some(at) = rest.find('=') {
            let before = rest[..at].trim_end();
            let name_start = before
                .char_indices()
                .rfind(|&(_, c)| !(c.is_alphanumeric() || c == '_' || c == '-'))
                .map_or(0, |(i, c)| i + c.len_utf8());
            let (value, after) = value_at(rest[at + 1..].trim_start());
            if before[name_start..].eq_ignore_ascii_case(key) {
                return Some(value);
            }
            rest = after;
        }
        None
    }

    /// Quoted values not part of a `key=value`, in order.
    pub(super) fn positional(&self) -> Vec<String> {
        let mut out = Vec::new();
        let mut rest = self.args.as_str();
        while let Some(at) = rest.find(['"', '\'']) {
            let named = rest[..at].trim_end().ends_with('=');
            let (value, after) = value_at(&rest[at..]);
            if !named {
                out.push(value);
            }
            rest = after;
        }
        out
    }
}

/// A quoted or bare value at the start of `text`, and what follows it.
pub(super) fn value_at(text: &str) -> (String, &str) {
    if let Some(quote) = text.chars().next().filter(|c| matches!(c, '"' | '\'')) {
        let inner = &text[1..];
        return match inner.find(quote) {
            Some(end) => (inner[..end].to_string(), &inner[end + 1..]),
            None => (inner.to_string(), ""),
        };
    }
    let end = text
        .find(|c: char| c.is_whitespace() || c == ',')
        .unwrap_or(text.len());
    (text[..end].to_string(), &text[end..])
}

/// The `{% … %}` tag at the start of `text` and its length in bytes.
pub(super) fn tag_at(text: &str) -> Option<(Tag, usize)> {
    let inner = text.strip_prefix("{%")?;
    let close = inner.find("%}")?;
    let body = inner[..close].trim_matches(|c: char| c == '-' || c.is_whitespace());
    let name_end = body
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(body.len());
    let tag = Tag {
        name: body[..name_end].to_string(),
        args: body[name_end..].trim().to_string(),
    };
    Some((tag, 2 + close + 2))
}

/// Where the first `{% name %}` tag (`name` lower case) is in `text`, and its length.
pub(super) fn find_tag(text: &str, name: &str) -> Option<(usize, usize)> {
    let mut from = 0;
    while let Some(at) = text[from..].find("{%") {
        let at = from + at;
        if let Some((tag, len)) = tag_at(&text[at..])
            && tag.lower() == name
        {
            return Some((at, len));
        }
        from = at + 2;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn named_argument_after_a_multibyte_character() {
        // Found by the markdown fuzz target: a name starting right after
        // a non-ASCII separator used to be sliced inside that character.
        let (tag, _) = tag_at("{% x \u{FFFD}=1 »key=\"v\" %}").expect("a tag");
        assert_eq!(tag.named("key").as_deref(), Some("v"));
        assert_eq!(tag.named("missing"), None);
    }
}
