//! A label placed in a drawing: its measured lines, anchor, first baseline and bounding
//! box, for diagram types that set text at fixed points (pie legends, journey boxes); and
//! label text as one plain line, for SVG titles and alternative text.
//!
//! Shared by every diagram type; knows no diagram model. Glyphs are taken to reach
//! 0.95 em above the baseline and 0.25 em below it (the CJK faces' extent), so boxes hold
//! the ink.

use std::fmt::Write;

use super::label::{Label, LabelKind};
use super::measure::{TextBlock, TextMeasure, measure_label};
use super::svg::{escape, num};

/// A text placed in the drawing: its lines, the anchor point of the first baseline and
/// its bounding box.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedText {
    /// Measured lines.
    pub text: TextBlock,
    /// x of the anchor (the middle for centred text, the start otherwise), px.
    pub x: f32,
    /// Baseline of the first line, px.
    pub baseline: f32,
    /// Font size, px.
    pub font_size: f32,
    /// Distance between baselines, px.
    pub line_height: f32,
    /// Centred on `x` (`text-anchor="middle"`) or starting there.
    pub centred: bool,
    /// Bounding box `(x, y, width, height)`, px.
    pub bbox: (f32, f32, f32, f32),
}

impl PlacedText {
    /// Places Mermaid label text `raw` (`<br>` forms split lines, entities decoded) at
    /// `font_size` px, wrapped at `max_width` px, first baseline at `(x, baseline)`.
    pub fn new(
        raw: &str,
        m: &dyn TextMeasure,
        (font_size, max_width): (f32, f32),
        (x, baseline): (f32, f32),
        centred: bool,
    ) -> PlacedText {
        let label = Label::from_mermaid_text(raw, LabelKind::Text);
        let text = measure_label(&label, m, font_size, max_width);
        let lh = m.line_height(font_size);
        let mut p = PlacedText {
            text,
            x,
            baseline,
            font_size,
            line_height: lh,
            centred,
            bbox: (0.0, 0.0, 0.0, 0.0),
        };
        p.update_bbox();
        p
    }

    /// Places `raw` centred in the box `(x, y, w, h)`, wrapped at the box width less
    /// `pad` px on each side.
    pub fn centred_in(
        raw: &str,
        m: &dyn TextMeasure,
        font_size: f32,
        (x, y, w, h): (f32, f32, f32, f32),
        pad: f32,
    ) -> PlacedText {
        let mut p = PlacedText::new(
            raw,
            m,
            (font_size, (w - 2.0 * pad).max(font_size)),
            (x + w / 2.0, 0.0),
            true,
        );
        let ink = p.ink_height();
        p.baseline = y + (h - ink) / 2.0 + 0.95 * font_size;
        p.update_bbox();
        p
    }

    /// Number of lines (at least 1).
    pub fn line_count(&self) -> usize {
        self.text.lines.len().max(1)
    }

    /// Height from the top of the first line's glyphs to the bottom of the last's, px.
    pub fn ink_height(&self) -> f32 {
        (self.line_count() - 1) as f32 * self.line_height + 1.2 * self.font_size
    }

    /// Moves the text by `(dx, dy)`.
    pub fn shift(&mut self, dx: f32, dy: f32) {
        self.x += dx;
        self.baseline += dy;
        self.bbox.0 += dx;
        self.bbox.1 += dy;
    }

    /// Appends one SVG `<text>` per non-blank line to `o`, in `font` and `color`.
    pub fn write_svg(&self, o: &mut String, font: &str, color: &str, bold: bool) {
        let anchor = if self.centred { "middle" } else { "start" };
        for (i, line) in self.text.lines.iter().enumerate() {
            let s: String = line.iter().map(|r| r.text.as_str()).collect();
            if s.trim().is_empty() {
                continue;
            }
            let _ = writeln!(
                o,
                "<text x=\"{}\" y=\"{}\" text-anchor=\"{anchor}\" font-family=\"{}\" font-size=\"{}\" fill=\"{}\"{}>{}</text>",
                num(self.x),
                num(self.baseline + i as f32 * self.line_height),
                escape(font),
                num(self.font_size),
                escape(color),
                if bold { " font-weight=\"bold\"" } else { "" },
                escape(&s)
            );
        }
    }

    /// Recomputes [`PlacedText::bbox`] from the anchor, baseline and text.
    pub fn update_bbox(&mut self) {
        let left = if self.centred {
            self.x - self.text.width / 2.0
        } else {
            self.x
        };
        self.bbox = (
            left,
            self.baseline - 0.95 * self.font_size,
            self.text.width,
            self.ink_height(),
        );
    }
}

/// Mermaid label text `raw` as one line of plain text (`<br>` forms become spaces,
/// entities decoded), for titles, descriptions and alternative text.
pub fn plain_line(raw: &str) -> String {
    Label::from_mermaid_text(raw, LabelKind::Text)
        .plain_text()
        .replace('\n', " ")
}

/// Alternative text for a diagram: `accTitle` (else the title) and `accDescr` joined by
/// `: `, either alone, or when neither is given `summary` (e.g. "Pie chart with 4
/// slices") followed by up to 12 `names` and `…` when there are more.
pub fn alt_text(
    (acc_title, title, acc_descr): (Option<&str>, Option<&str>, Option<&str>),
    summary: String,
    names: &[&str],
) -> String {
    match (acc_title.or(title).map(plain_line), acc_descr) {
        (Some(t), Some(d)) => format!("{t}: {d}"),
        (Some(t), None) => t,
        (None, Some(d)) => d.to_string(),
        (None, None) => {
            let mut s = summary;
            if !names.is_empty() {
                s.push_str(": ");
                s.push_str(
                    &names
                        .iter()
                        .take(12)
                        .copied()
                        .collect::<Vec<_>>()
                        .join(", "),
                );
                if names.len() > 12 {
                    s.push_str(", …");
                }
            }
            plain_line(&s)
        }
    }
}
