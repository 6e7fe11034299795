//! Text measurement: the [`TextMeasure`] trait every layout measures label text through,
//! a font-free [`SimpleMeasure`], and [`measure_label`], which wraps a [`Label`]'s lines
//! at a width into a [`TextBlock`].
//!
//! Shared by every diagram type. Knows no fonts (the caller implements [`TextMeasure`]
//! with its own faces) and no diagram model beyond [`Label`].

use super::label::{Label, TextRun};

/// Measures label text for the layout. All lengths are in px.
///
/// Implementations: [`SimpleMeasure`] (fixed em widths, deterministic, std-only) and the
/// caller's font measurer (inkbind's `FontMeasure` shapes with the bundled Noto Sans CJK
/// faces in the document language, so the layout measures with the fonts that draw the
/// labels).
pub trait TextMeasure {
    /// Advance width of one line of `text` (no line breaks) at `font_size` px, bold or
    /// regular.
    fn width(&self, text: &str, font_size: f32, bold: bool) -> f32;

    /// Distance between baselines of consecutive label lines at `font_size` px
    /// (default 1.5 × the size, Mermaid's 24 px at 16 px).
    fn line_height(&self, font_size: f32) -> f32 {
        font_size * 1.5
    }

    /// Byte offsets in `text` where a line may be broken when a label is wrapped; each
    /// offset is the start of the next line (spaces stay at the end of the previous one).
    /// The default allows breaks after spaces and around CJK characters; the font
    /// measurer uses the project's UAX #14 + JLREQ line breaker instead.
    fn break_opportunities(&self, text: &str) -> Vec<usize> {
        default_breaks(text)
    }
}

/// Breaks after runs of spaces and before/after wide (CJK) characters, except before
/// closing punctuation such as `、。」）` (a small subset of JLREQ's kinsoku rules).
pub fn default_breaks(text: &str) -> Vec<usize> {
    let mut out = Vec::new();
    let mut prev: Option<char> = None;
    for (i, c) in text.char_indices() {
        if let Some(p) = prev {
            let after_space = p == ' ' && c != ' ';
            let cjk = (is_wide(p) || is_wide(c)) && c != ' ';
            let no_start =
                "、。，．,.」』）)】〕〉》！？!?ー々ゃゅょっャュョッ：；:;…‥".contains(c);
            let no_end = "「『（(【〔〈《".contains(p);
            if after_space || (cjk && !no_start && !no_end) {
                out.push(i);
            }
        }
        prev = Some(c);
    }
    out
}

/// East Asian Wide/Fullwidth characters (CJK ideographs, kana, Hangul, full-width forms,
/// CJK punctuation), as used by [`SimpleMeasure`].
pub fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x1F300..=0x1F64F
        | 0x1F900..=0x1F9FF | 0x20000..=0x3FFFD)
}

/// A deterministic measurer needing no fonts: wide (CJK) characters are 1 em, others
/// 0.6 em (bold 0.65 em). Used by tests and as a fallback.
#[derive(Debug, Clone, Copy, Default)]
pub struct SimpleMeasure;

impl TextMeasure for SimpleMeasure {
    fn width(&self, text: &str, font_size: f32, bold: bool) -> f32 {
        let narrow = if bold { 0.65 } else { 0.6 };
        text.chars()
            .map(|c| if is_wide(c) { 1.0 } else { narrow })
            .sum::<f32>()
            * font_size
    }
}

/// Laid-out label text: lines of runs (after wrapping) and the size of the text block.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TextBlock {
    /// Lines from top to bottom.
    pub lines: Vec<Vec<TextRun>>,
    /// Width of the widest line, px.
    pub width: f32,
    /// Height of all lines, px (lines × line height).
    pub height: f32,
}

impl TextBlock {
    /// The text without emphasis, lines joined with `'\n'`.
    pub fn plain_text(&self) -> String {
        self.lines
            .iter()
            .map(|l| l.iter().map(|r| r.text.as_str()).collect::<String>())
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// Measures `label` at `font_size`, wrapping lines wider than `max_width`.
pub fn measure_label(
    label: &Label,
    measure: &dyn TextMeasure,
    font_size: f32,
    max_width: f32,
) -> TextBlock {
    let lh = measure.line_height(font_size);
    let mut lines: Vec<Vec<TextRun>> = Vec::new();
    let mut width: f32 = 0.0;
    for line in &label.lines {
        for l in wrap_line(line, measure, font_size, max_width) {
            width = width.max(line_width(&l, measure, font_size));
            lines.push(l);
        }
    }
    while lines.len() > 1
        && lines
            .last()
            .is_some_and(|l| l.iter().all(|r| r.text.is_empty()))
    {
        lines.pop();
    }
    if lines.is_empty() {
        lines.push(Vec::new());
    }
    let height = lh * lines.len() as f32;
    TextBlock {
        lines,
        width,
        height,
    }
}

fn line_width(line: &[TextRun], m: &dyn TextMeasure, size: f32) -> f32 {
    line.iter().map(|r| m.width(&r.text, size, r.bold)).sum()
}

fn wrap_line(
    line: &[TextRun],
    m: &dyn TextMeasure,
    size: f32,
    max_width: f32,
) -> Vec<Vec<TextRun>> {
    if line_width(line, m, size) <= max_width {
        return vec![line.to_vec()];
    }
    let mut text = String::new();
    let mut runs: Vec<(usize, usize, bool, bool)> = Vec::new();
    for r in line {
        let s = text.len();
        text.push_str(&r.text);
        runs.push((s, text.len(), r.bold, r.italic));
    }
    let slice_runs = |a: usize, b: usize| -> Vec<TextRun> {
        runs.iter()
            .filter_map(|&(s, e, bold, italic)| {
                let (x, y) = (s.max(a), e.min(b));
                (x < y).then(|| TextRun {
                    text: text[x..y].to_string(),
                    bold,
                    italic,
                })
            })
            .collect()
    };
    let width_of = |a: usize, b: usize| line_width(&slice_runs(a, b), m, size);
    let mut breaks: Vec<usize> = m
        .break_opportunities(&text)
        .into_iter()
        .filter(|&b| b > 0 && b < text.len() && text.is_char_boundary(b))
        .collect();
    breaks.sort_unstable();
    breaks.dedup();
    breaks.push(text.len());
    let mut out = Vec::new();
    let mut start = 0;
    let mut cur_end = 0; // end of the pieces accepted on the current line
    for &b in &breaks {
        let trimmed = start + text[start..b].trim_end().len();
        if cur_end > start && width_of(start, trimmed) > max_width {
            let e = start + text[start..cur_end].trim_end().len();
            out.push(slice_runs(start, e));
            start = cur_end;
            // skip leading spaces
            while start < text.len() && text[start..].starts_with(' ') {
                start += 1;
            }
        }
        cur_end = b;
    }
    if start < text.len() {
        let e = start + text[start..].trim_end().len();
        out.push(slice_runs(start, e));
    }
    if out.is_empty() {
        out.push(line.to_vec());
    }
    out
}
