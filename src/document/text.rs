//! Character classes the document builder needs: CJK detection (for joining soft line
//! breaks, JLREQ §3.1.7 / CSS Text 3 §4.1.2 segment-break transformation) and language
//! detection from the script (UAX #24 ranges).

/// True for characters of the CJK writing systems whose text has no spaces between words:
/// Han, kana, CJK punctuation and full-width forms. Hangul is *not* included: Korean separates
/// words with spaces, so a soft break between Hangul syllables stays a space.
pub fn is_cjk_no_space(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x2FDF      // CJK radicals, Kangxi
        | 0x3000..=0x303F    // CJK symbols and punctuation
        | 0x3040..=0x30FF    // Hiragana, Katakana
        | 0x31F0..=0x31FF    // Katakana phonetic extensions
        | 0x3400..=0x4DBF    // Ext A
        | 0x4E00..=0x9FFF    // Unified ideographs
        | 0xF900..=0xFAFF    // Compatibility ideographs
        | 0xFE30..=0xFE4F    // CJK compatibility forms
        | 0xFF00..=0xFFEF    // Half-width and full-width forms
        | 0x20000..=0x3FFFF) // Ext B and later
}

/// True for Hangul syllables and jamo.
pub fn is_hangul(c: char) -> bool {
    matches!(c as u32, 0x1100..=0x11FF | 0x3130..=0x318F | 0xAC00..=0xD7AF)
}

/// True for Hiragana or Katakana (the signal for Japanese).
pub fn is_kana(c: char) -> bool {
    matches!(c as u32, 0x3040..=0x30FF | 0x31F0..=0x31FF | 0xFF66..=0xFF9F)
}

/// True for a Han ideograph.
pub fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3FFFF)
}

/// Guesses a BCP 47 language tag from the text: any kana → `ja`; more Hangul than Han →
/// `ko`; any Han → `zh-Hans`; else `en`. The design's rule (DESIGN.md, Fonts).
pub fn detect_lang(text: &str) -> &'static str {
    let (mut kana, mut hangul, mut han) = (0usize, 0usize, 0usize);
    for c in text.chars() {
        if is_kana(c) {
            kana += 1;
        } else if is_hangul(c) {
            hangul += 1;
        } else if is_han(c) {
            han += 1;
        }
    }
    if kana > 0 {
        "ja"
    } else if hangul > 0 && hangul >= han {
        "ko"
    } else if han > 0 {
        "zh-Hans"
    } else {
        "en"
    }
}

/// GitHub-style heading anchor: lowercase, spaces to `-`, punctuation removed, letters of
/// every script (CJK included) and digits, `-` and `_` kept.
pub fn slugify(text: &str) -> String {
    let mut s = String::new();
    for c in text.trim().chars() {
        if c.is_alphanumeric() || c == '-' || c == '_' {
            s.extend(c.to_lowercase());
        } else if c == ' ' {
            s.push('-');
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_languages() {
        assert_eq!(detect_lang("日本語のテキスト"), "ja");
        assert_eq!(detect_lang("한국어 문장입니다"), "ko");
        assert_eq!(detect_lang("中文简体文本"), "zh-Hans");
        assert_eq!(detect_lang("plain English"), "en");
    }

    #[test]
    fn slugs_like_github() {
        assert_eq!(slugify("Hello, World!"), "hello-world");
        assert_eq!(slugify("組版の基本 (入門)"), "組版の基本-入門");
        assert_eq!(slugify("Rust 1.95 と PDF"), "rust-195-と-pdf");
    }
}
