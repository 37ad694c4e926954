//! Counts for writers: how many words a post has and about how long it takes to read.

/// Words a minute, for text in alphabetic scripts (the common figure for adults reading
/// silently, about 230).
const WORDS_A_MINUTE: usize = 230;

/// Characters a minute, for Chinese and Japanese, which are read by the character (about 500).
const CJK_A_MINUTE: usize = 500;

/// Posts longer than this (bytes) are counted as they are loaded, on the loader's thread: a long
/// post's first screen is rendered from its head, and shows the whole post's count, which for
/// 200 KB took a third of a millisecond before that screen.
pub const COUNTED_AT_LOAD_BYTES: usize = 8 * 1024;

/// How much there is to read in a text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Reading {
    /// Runs of letters and digits outside Chinese and Japanese text (`don't` and `e-mail` are
    /// one each).
    pub words: usize,
    /// Han ideographs, hiragana and katakana: each is counted, as Chinese and Japanese are read.
    pub cjk: usize,
}

impl Reading {
    /// Counts `text`. Markup is counted as text: these are estimates.
    ///
    /// A word starts at a letter or digit that follows neither another (outside Chinese and
    /// Japanese) nor a joiner (`'`, `-`, `’`) that follows one: `don't` and `e-mail` are one
    /// word each. Written so, without branches on what the characters are, and with ASCII taken
    /// a byte at a time, a 200 KB post is counted in a fraction of a millisecond.
    pub fn of(text: &str) -> Reading {
        let mut reading = Reading::default();
        // Whether the last character was of a word and a joiner, and the one before of a word.
        let (mut word_1, mut joiner_1, mut word_2) = (false, false, false);
        let bytes = text.as_bytes();
        let mut at = 0;
        while let Some(&byte) = bytes.get(at) {
            let (word, joiner, len) = if byte.is_ascii() {
                let class = ASCII_CLASSES[usize::from(byte)];
                (class == ALPHANUMERIC, class == JOINER, 1)
            } else {
                let c = text[at..].chars().next().unwrap_or(' ');
                let cjk = is_cjk(c);
                reading.cjk += usize::from(cjk);
                (!cjk && c.is_alphanumeric(), c == '’', c.len_utf8())
            };
            reading.words += usize::from(word & !word_1 & !(joiner_1 & word_2));
            (word_2, word_1, joiner_1) = (word_1, word, joiner);
            at += len;
        }
        reading
    }

    /// `post`'s count: the one the loader made (see [`COUNTED_AT_LOAD_BYTES`]), else its body's
    /// (read back from disk when it was left there; none when it can no longer be read).
    pub fn of_post(post: &super::Post) -> Reading {
        post.meta
            .reading
            .unwrap_or_else(|| Reading::of(&post.read_body().unwrap_or_default()))
    }

    /// About how long reading takes, in whole minutes (at least 1): words at
    /// [`WORDS_A_MINUTE`], Chinese and Japanese characters at [`CJK_A_MINUTE`].
    pub fn minutes(&self) -> usize {
        let seconds = self.words * 60 / WORDS_A_MINUTE + self.cjk * 60 / CJK_A_MINUTE;
        seconds.div_ceil(60).max(1)
    }

    /// "1,234 words · 6 min" (or "3,200 characters · …" for mostly Chinese or Japanese text).
    pub fn label(&self) -> String {
        let (n, noun) = if self.cjk > self.words {
            (
                self.cjk,
                if self.cjk == 1 {
                    "character"
                } else {
                    "characters"
                },
            )
        } else {
            (self.words, if self.words == 1 { "word" } else { "words" })
        };
        format!("{} {noun} · {} min", thousands(n), self.minutes())
    }
}

/// `n` with a comma between thousands: 12,345.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    out
}

/// What an ASCII byte is to a word: part of it, a joiner inside it, or neither.
const ALPHANUMERIC: u8 = 1;
const JOINER: u8 = 2;
const ASCII_CLASSES: [u8; 128] = {
    let mut classes = [0; 128];
    let mut byte: u8 = 0;
    while byte < 128 {
        classes[byte as usize] = if byte.is_ascii_alphanumeric() {
            ALPHANUMERIC
        } else if byte == b'\'' || byte == b'-' {
            JOINER
        } else {
            0
        };
        byte += 1;
    }
    classes
};

/// Han ideographs (CJK Unified Ideographs and Extension A), hiragana and katakana.
fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}' | '\u{3040}'..='\u{309f}' | '\u{30a0}'..='\u{30ff}' | '\u{f900}'..='\u{faff}')
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The count a character at a time, as it was written first: the byte-wise one must agree.
    fn by_characters(text: &str) -> Reading {
        let mut reading = Reading::default();
        let mut in_word = false;
        let mut previous = ' ';
        for c in text.chars() {
            if is_cjk(c) {
                reading.cjk += 1;
                in_word = false;
            } else if c.is_alphanumeric() {
                if !in_word {
                    reading.words += 1;
                }
                in_word = true;
            } else if in_word && matches!(c, '\'' | '’' | '-') && previous.is_alphanumeric() {
            } else {
                in_word = false;
            }
            previous = c;
        }
        reading
    }

    #[test]
    fn counting_by_bytes_agrees_with_counting_by_characters() {
        let texts = [
            "Don’t split e-mail -- or 'quotes' - please.",
            "Привет-мир, «ёлка» и ‘кавычки’ 2024-й год.",
            "在终端里读新闻’s 新闻-with Rust，日本語のカタカナ’と ひらがな-x",
            "café-au-lait naïve ﬁ ligature ½ ² x’’y --a- -b- c'",
            "",
        ];
        for text in texts {
            assert_eq!(Reading::of(text), by_characters(text), "{text}");
        }
    }

    proptest::proptest! {
        #[test]
        fn counting_by_bytes_agrees_with_counting_by_characters_on_any_text(
            text in "[a-zé9 '’\\-—.,新闻カ«»\n]{0,40}"
        ) {
            proptest::prop_assert_eq!(Reading::of(&text), by_characters(&text));
        }
    }

    #[test]
    fn words_are_runs_of_letters_and_cjk_is_counted_by_the_character() {
        assert_eq!(Reading::of("Don't split e-mail, please.").words, 4);
        assert_eq!(Reading::of("Привет, мир! 2024 год.").words, 4);
        let mixed = Reading::of("在终端里读新闻 with Rust");
        assert_eq!((mixed.cjk, mixed.words), (7, 2));
        assert_eq!(Reading::of("").minutes(), 1);
        assert_eq!(Reading { words: 460, cjk: 0 }.minutes(), 2);
        assert_eq!(
            Reading {
                words: 0,
                cjk: 1500
            }
            .minutes(),
            3
        );
        assert_eq!(
            Reading {
                words: 1234,
                cjk: 0
            }
            .label(),
            "1,234 words · 6 min"
        );
        assert_eq!(
            Reading {
                words: 3,
                cjk: 1000
            }
            .label(),
            "1,000 characters · 2 min"
        );
        assert_eq!(thousands(1_234_567), "1,234,567");
    }
}
