//! Line-break opportunities: UAX #14 (unicode-linebreak) refined by JLREQ kinsoku.
//!
//! UAX #14 already keeps closing brackets and most CJK punctuation off the line start. On
//! top of it we apply the strict JLREQ §3.1.7 rules (cl-02 closing brackets, cl-04 hyphens
//! and small kana / prolonged sound mark cl-11, cl-05/06 dividing and middle dots, cl-07 full
//! stops, iteration marks) for both Japanese and Chinese, and never break after an opening
//! bracket (cl-01).

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

/// Characters that may not start a line (JLREQ §3.1.7, strict level, plus Western
/// closing punctuation).
pub fn is_line_start_prohibited(c: char) -> bool {
    matches!(
        c,
        '、' | '。'
            | '，'
            | '．'
            | ','
            | '.'
            | '）'
            | ')'
            | '］'
            | ']'
            | '｝'
            | '}'
            | '〕'
            | '〉'
            | '》'
            | '」'
            | '』'
            | '】'
            | '〙'
            | '〗'
            | '〟'
            | '’'
            | '”'
            | '｠'
            | '»'
            | '・'
            | '：'
            | ':'
            | '；'
            | ';'
            | '？'
            | '?'
            | '！'
            | '!'
            | 'ー'
            | '‐'
            | '゠'
            | '–'
            | '〜'
            | '～'
            | '々'
            | '〻'
            | 'ゝ'
            | 'ゞ'
            | 'ヽ'
            | 'ヾ'
            | '…'
            | '‥'
            | 'ぁ'
            | 'ぃ'
            | 'ぅ'
            | 'ぇ'
            | 'ぉ'
            | 'っ'
            | 'ゃ'
            | 'ゅ'
            | 'ょ'
            | 'ゎ'
            | 'ゕ'
            | 'ゖ'
            | 'ァ'
            | 'ィ'
            | 'ゥ'
            | 'ェ'
            | 'ォ'
            | 'ッ'
            | 'ャ'
            | 'ュ'
            | 'ョ'
            | 'ヮ'
            | 'ヵ'
            | 'ヶ'
            | 'ㇰ'..='ㇿ' | '％' | '%' | '‰' | '℃' | '°'
    )
}

/// Characters that may not end a line (JLREQ cl-01 opening brackets).
pub fn is_line_end_prohibited(c: char) -> bool {
    matches!(
        c,
        '（' | '('
            | '［'
            | '['
            | '｛'
            | '{'
            | '〔'
            | '〈'
            | '《'
            | '「'
            | '『'
            | '【'
            | '〘'
            | '〖'
            | '〝'
            | '‘'
            | '“'
            | '｟'
            | '«'
            | '＄'
            | '￥'
            | '＃'
    )
}

/// A piece of text between two line-break opportunities.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    /// Byte range in the paragraph text.
    pub range: Range<usize>,
    /// The line must end after this segment (a hard break, `\n`).
    pub mandatory: bool,
}

/// Splits `text` at its line-break opportunities with the default rules (no `keep-all`).
pub fn segments(text: &str) -> Vec<Segment> {
    segments_with(text, false)
}

fn is_hangul(c: char) -> bool {
    matches!(c as u32, 0x1100..=0x11FF | 0x3130..=0x318F | 0xAC00..=0xD7AF)
}

fn is_ideo_or_kana(c: char) -> bool {
    matches!(c as u32, 0x3040..=0x30FF | 0x31F0..=0x31FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3FFFF)
}

/// Splits `text` at its line-break opportunities. The segments cover the text exactly, in
/// order; white space stays at the end of the segment before the opportunity.
///
/// `keep_all` is CSS `word-break: keep-all` (the Korean default): no opportunity inside a
/// run of Hangul and letters, only at spaces and punctuation. A number keeps its unit: no
/// break between a digit and a following ideograph or kana (`1.75倍`, `3ページ`).
pub fn segments_with(text: &str, keep_all: bool) -> Vec<Segment> {
    let mut out: Vec<Segment> = Vec::new();
    let mut start = 0;
    // Never break inside an extended grapheme cluster (UAX #29): an emoji ZWJ sequence,
    // a skin-tone modifier or a flag is one glyph.
    let clusters: Option<std::collections::HashSet<usize>> =
        (!text.is_ascii()).then(|| text.grapheme_indices(true).map(|(i, _)| i).collect());
    for (pos, op) in unicode_linebreak::linebreaks(text) {
        let mandatory = op == unicode_linebreak::BreakOpportunity::Mandatory;
        if pos < text.len() && clusters.as_ref().is_some_and(|b| !b.contains(&pos)) {
            continue;
        }
        if pos < text.len() && !mandatory {
            let before = text[..pos].chars().next_back();
            let after = text[pos..].chars().next();
            let forbidden = after.is_some_and(is_line_start_prohibited)
                || before.is_some_and(is_line_end_prohibited)
                || matches!((before, after), (Some(b), Some(a)) if b.is_ascii_digit() && is_ideo_or_kana(a))
                || keep_all
                    && matches!((before, after), (Some(b), Some(a))
                        if (is_hangul(b) || is_hangul(a)) && b.is_alphanumeric() && a.is_alphanumeric());
            if forbidden {
                continue;
            }
        }
        if pos > start {
            out.push(Segment {
                range: start..pos,
                mandatory: mandatory && pos < text.len(),
            });
        } else if mandatory
            && pos < text.len()
            && let Some(last) = out.last_mut()
        {
            last.mandatory = true;
        }
        start = pos;
    }
    if start < text.len() {
        out.push(Segment {
            range: start..text.len(),
            mandatory: false,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pieces(t: &str) -> Vec<&str> {
        segments(t).iter().map(|s| &t[s.range.clone()]).collect()
    }

    #[test]
    fn latin_breaks_at_spaces() {
        assert_eq!(pieces("one two  three"), vec!["one ", "two  ", "three"]);
    }

    #[test]
    fn kinsoku_keeps_punctuation_and_small_kana() {
        let p = pieces("「かぎ」です。ちょっと");
        for s in &p {
            let first = s.chars().next().unwrap();
            assert!(!is_line_start_prohibited(first), "{s} starts with {first}");
            let last = s.chars().last().unwrap();
            assert!(!is_line_end_prohibited(last), "{s} ends with {last}");
        }
        assert_eq!(p.first(), Some(&"「か"));
        assert!(p.contains(&"す。"));
        assert!(!p.iter().any(|s| s.starts_with('っ') || s.starts_with('ょ')));
    }

    #[test]
    fn korean_keep_all_breaks_only_at_spaces() {
        let t = "한국어 문장입니다";
        let keep: Vec<&str> = segments_with(t, true)
            .iter()
            .map(|s| &t[s.range.clone()])
            .collect();
        assert_eq!(keep, vec!["한국어 ", "문장입니다"]);
        assert!(
            segments(t).len() > 2,
            "without keep-all Hangul syllables break"
        );
    }

    #[test]
    fn numbers_keep_their_units() {
        let p = pieces("1.75倍と3ページ");
        assert!(p.contains(&"1.75倍"), "{p:?}");
        assert!(
            p.iter()
                .any(|s| s.starts_with("3ペ") || s.ends_with("3ペ") || s.contains("3ペ")),
            "{p:?}"
        );
    }

    #[test]
    fn emoji_sequences_are_never_split() {
        let family = "👨\u{200D}👩\u{200D}👧\u{200D}👦";
        for t in [
            format!("a{family}b"),
            "🇯🇵🇯🇵".to_string(),
            "👍🏽👍🏽".to_string(),
            format!("漢{family}字"),
        ] {
            for s in segments(&t) {
                let piece = &t[s.range.clone()];
                assert!(
                    t.is_char_boundary(s.range.end)
                        && t.grapheme_indices(true).any(|(i, _)| i == s.range.start),
                    "{piece:?} in {t:?}"
                );
                assert!(!piece.starts_with('\u{200D}') && !piece.starts_with('\u{1F3FD}'));
            }
        }
    }

    #[test]
    fn hard_breaks_are_mandatory() {
        let s = segments("a\nb");
        assert_eq!(s.len(), 2);
        assert!(s[0].mandatory);
        assert!(!s[1].mandatory);
    }
}
