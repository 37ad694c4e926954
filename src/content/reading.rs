//! Counts for writers: how many words a post has and about how long it takes to read.

/// Words a minute, for text in alphabetic scripts (the common figure for adults reading
/// silently, about 230).
const WORDS_A_MINUTE: usize = 230;

/// Characters a minute, for Chinese and Japanese, which are read by the character (about 500).
const CJK_A_MINUTE: usize = 500;

/// Posts longer than this (bytes) are counted as they are loaded, on the loader's thread: a long
/// post's first screen is rendered from its head, and shows the whole post's count (for 200 KB
/// of English ~50 µs, of Russian ~250 µs).
pub const COUNTED_AT_LOAD_BYTES: usize = 8 * 1024;

/// How much there is to read in a text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
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
    /// word each. Runs of 64 ASCII bytes are counted as bit masks (one bit a byte: letter or
    /// digit, joiner), the word starts found with shifts and counted with one popcount; other
    /// text a character at a time. A 200 KB English post takes ~70 µs (210 a byte at a time).
    pub fn of(text: &str) -> Reading {
        let mut reading = Reading::default();
        // Whether the last character was of a word and a joiner, and the one before of a word.
        let mut state = (false, false, false);
        let bytes = text.as_bytes();
        let mut at = 0;
        while at < bytes.len() {
            if let Some(block) = bytes.get(at..at + 64)
                && block.is_ascii()
            {
                reading.words += ascii_block(block, &mut state);
                at += 64;
                continue;
            }
            // Up to the next character outside ASCII, and that one, before trying a block again.
            let stop = (at + 64).min(bytes.len());
            while at < stop {
                let byte = bytes[at];
                let (word, joiner, len) = if byte.is_ascii() {
                    let class = ASCII_CLASSES[usize::from(byte)];
                    (class == ALPHANUMERIC, class == JOINER, 1)
                } else {
                    let c = text[at..].chars().next().unwrap_or(' ');
                    let cjk = is_cjk(c);
                    reading.cjk += usize::from(cjk);
                    (!cjk && is_alphanumeric(c), c == '’', c.len_utf8())
                };
                let (word_1, joiner_1, word_2) = state;
                reading.words += usize::from(word & !word_1 & !(joiner_1 & word_2));
                state = (word, joiner, word_1);
                at += len;
                if !byte.is_ascii() {
                    break;
                }
            }
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

/// The words that start in `block`, 64 ASCII bytes, after `state` (whether the character
/// before it was of a word and a joiner, and the one before that of a word), which it updates.
fn ascii_block(block: &[u8], state: &mut (bool, bool, bool)) -> usize {
    let (mut words, mut joiners) = (0u64, 0u64);
    for (i, lane) in block.chunks_exact(8).enumerate() {
        let (word, joiner) = classes(u64::from_le_bytes(lane.try_into().unwrap_or_default()));
        words |= word << (8 * i);
        joiners |= joiner << (8 * i);
    }
    let (word_1, joiner_1, word_2) = *state;
    // Bit i of each: whether byte i - 1 (i - 2) was of a word, or a joiner.
    let before = words << 1 | u64::from(word_1);
    let joiner_before = joiners << 1 | u64::from(joiner_1);
    let two_before = words << 2 | u64::from(word_1) << 1 | u64::from(word_2);
    let starts = words & !before & !(joiner_before & two_before);
    *state = (words >> 63 == 1, joiners >> 63 == 1, words >> 62 & 1 == 1);
    starts.count_ones() as usize
}

/// Eight ASCII bytes (little-endian) → which are letters or digits, and which are joiners, as
/// 8-bit masks (bit k for byte k). Each byte is compared as a lane of the word: with every byte
/// below 0x80, adding a constant below 0x80 never carries into the next byte, and the sum's high
/// bit says whether the byte reached a bound.
fn classes(x: u64) -> (u64, u64) {
    const fn splat(byte: u8) -> u64 {
        u64::from_ne_bytes([byte; 8])
    }
    const HIGH: u64 = splat(0x80);
    let from = |x: u64, low: u8, high: u8| (x + splat(0x80 - low)) & !(x + splat(0x7f - high));
    // `byte | 0x20` is lower case for letters, and a letter only for letters.
    let letters = from(x | splat(0x20), b'a', b'z');
    let digits = from(x, b'0', b'9');
    let is = |byte: u8| !((x ^ splat(byte)) + splat(0x7f));
    let joiners = is(b'\'') | is(b'-');
    (pack((letters | digits) & HIGH), pack(joiners & HIGH))
}

/// The high bits of a word's eight bytes as an 8-bit mask, byte k's at bit k.
fn pack(high: u64) -> u64 {
    (high >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56
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

/// `char::is_alphanumeric`, with the Cyrillic alphabet answered before Unicode's tables are
/// searched (~20 ns a character).
fn is_alphanumeric(c: char) -> bool {
    matches!(c, '\u{410}'..='\u{44f}' | 'ё' | 'Ё') || c.is_alphanumeric()
}

/// Han ideographs (CJK Unified Ideographs and Extension A), hiragana and katakana.
pub(crate) fn is_cjk(c: char) -> bool {
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
            text in "[a-zé9 '’\\-—.,新闻カ«»\nжЁёяᲀ]{0,40}"
        ) {
            proptest::prop_assert_eq!(Reading::of(&text), by_characters(&text));
        }

        /// Long runs of ASCII, so whole 64-byte blocks are counted as masks, with the bytes
        /// next to the letters' and digits' ranges, and joiners across the blocks' edges.
        #[test]
        fn counting_by_blocks_agrees_with_counting_by_characters_on_any_text(
            text in "([a-zA-Z09 '\\-.,\n@\\[`{/:]{0,90}[é’—新жЁ]?){0,6}"
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
