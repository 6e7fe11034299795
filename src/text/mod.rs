//! Line-break opportunities: UAX #14 (unicode-linebreak) refined by JLREQ kinsoku.
//!
//! UAX #14 already keeps closing brackets and most CJK punctuation off the line start. On
//! top of it we apply the strict JLREQ §3.1.7 rules (cl-02 closing brackets, cl-04 hyphens
//! and small kana / prolonged sound mark cl-11, cl-05/06 dividing and middle dots, cl-07 full
//! stops, iteration marks) for both Japanese and Chinese, and never break after an opening
//! bracket (cl-01).

use std::ops::Range;

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

/// Splits `text` at its line-break opportunities. The segments cover the text exactly, in
/// order; white space stays at the end of the segment before the opportunity.
pub fn segments(text: &str) -> Vec<Segment> {
    let mut out: Vec<Segment> = Vec::new();
    let mut start = 0;
    for (pos, op) in unicode_linebreak::linebreaks(text) {
        let mandatory = op == unicode_linebreak::BreakOpportunity::Mandatory;
        if pos < text.len() && !mandatory {
            let before = text[..pos].chars().next_back();
            let after = text[pos..].chars().next();
            let forbidden = after.is_some_and(is_line_start_prohibited)
                || before.is_some_and(is_line_end_prohibited);
            if forbidden {
                continue;
            }
        }
        if pos > start {
            out.push(Segment {
                range: start..pos,
                mandatory: mandatory && pos < text.len(),
            });
        } else if mandatory && pos < text.len() {
            if let Some(last) = out.last_mut() {
                last.mandatory = true;
            }
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
    fn hard_breaks_are_mandatory() {
        let s = segments("a\nb");
        assert_eq!(s.len(), 2);
        assert!(s[0].mandatory);
        assert!(!s[1].mandatory);
    }
}
