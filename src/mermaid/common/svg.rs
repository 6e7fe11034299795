//! SVG writer helpers shared by every diagram type: XML escaping, number formatting, the
//! document wrapper (`<svg>` root with size and `viewBox`, `<title>`, `<desc>`,
//! background), label text as `<text>`/`<tspan>`, fill/stroke attributes, polygon and
//! cubic-curve paths.
//!
//! The output is meant for any SVG consumer (usvg/resvg, EPUB readers, PDF converters): no
//! `<foreignObject>`, no CSS classes or `<style>` (every colour is a presentation
//! attribute), label text in the caller's font family, all text escaped for XML. Knows no
//! diagram model: a diagram's writer decides what to draw and calls these.

use std::fmt::Write;

use super::geometry::{Cubic, Point};
use super::layout::LayoutOptions;
use super::measure::TextBlock;
use super::style::{Style, clean_value};

/// Options for drawing any diagram type ([`crate::mermaid::render`]): font, layout
/// settings and background.
#[derive(Debug, Clone, PartialEq)]
pub struct SvgOptions {
    /// `font-family` for every label, e.g. `"Noto Sans CJK JP"` (the PDF backend gives usvg
    /// a font database holding the bundled faces under these names).
    pub font_family: String,
    /// Layout settings (font size, spacing, wrap width).
    pub layout: LayoutOptions,
    /// Background colour painted under the drawing; `None` leaves it transparent.
    pub background: Option<String>,
}

impl Default for SvgOptions {
    fn default() -> Self {
        SvgOptions {
            font_family: "Noto Sans CJK JP, sans-serif".to_string(),
            layout: LayoutOptions::default(),
            background: None,
        }
    }
}

/// Escapes text for XML character data and attribute values, dropping characters XML 1.0
/// does not allow.
pub fn escape(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&apos;"),
            '\t' | '\n' | '\r' => o.push(' '),
            c if (c as u32) < 0x20 => {}
            '\u{FFFE}' | '\u{FFFF}' => {}
            c if (0xD800..=0xDFFF).contains(&(c as u32)) => {}
            c => o.push(c),
        }
    }
    o
}

/// A length or coordinate as SVG (and JSON) text: rounded to 0.01, no trailing zeros,
/// integers without a point; non-finite values as `0`.
pub(crate) fn num(v: f32) -> String {
    let v = if v.is_finite() { v } else { 0.0 };
    let r = (v * 100.0).round() / 100.0;
    if r == r.trunc() {
        format!("{}", r as i64)
    } else {
        format!("{r}")
    }
}

/// An SVG document being written: [`SvgWriter::new`] opens it (root element, title,
/// description, background), the diagram's writer appends elements to
/// [`SvgWriter::o`], and [`SvgWriter::finish`] closes it.
pub(crate) struct SvgWriter {
    /// The document so far.
    pub(crate) o: String,
    font: String,
    size: f32,
    lh: f32,
}

impl SvgWriter {
    /// Opens a `width × height` px document (each at least 1 px) whose labels are set at
    /// `font_size` px with `line_height` px between baselines; `capacity` is a size hint in
    /// bytes.
    pub(crate) fn new(
        capacity: usize,
        (width, height): (f32, f32),
        (title, desc): (&str, &str),
        opts: &SvgOptions,
        (font_size, line_height): (f32, f32),
    ) -> SvgWriter {
        let mut w = SvgWriter {
            o: String::with_capacity(capacity),
            font: opts.font_family.clone(),
            size: font_size,
            lh: line_height,
        };
        let (tw, thh) = (width.max(1.0), height.max(1.0));
        let _ = writeln!(
            w.o,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" version=\"1.1\" width=\"{}\" height=\"{}\" viewBox=\"0 0 {} {}\">",
            num(tw),
            num(thh),
            num(tw),
            num(thh)
        );
        let _ = writeln!(w.o, "<title>{}</title>", escape(title));
        let _ = writeln!(w.o, "<desc>{}</desc>", escape(desc));
        if let Some(bg) = opts.background.as_deref().and_then(clean_value) {
            let _ = writeln!(
                w.o,
                "<rect x=\"0\" y=\"0\" width=\"{}\" height=\"{}\" fill=\"{}\" stroke=\"none\"/>",
                num(tw),
                num(thh),
                escape(&bg)
            );
        }
        w
    }

    /// Closes the document and returns its text.
    pub(crate) fn finish(mut self) -> String {
        self.o.push_str("</svg>\n");
        self.o
    }

    /// Writes the lines of `t` centred on `cx`, the first line's box starting at `top`;
    /// `st` gives bold or italic for the whole block, runs add their own.
    pub(crate) fn text_block(&mut self, t: &TextBlock, cx: f32, top: f32, color: &str, st: &Style) {
        for (i, line) in t.lines.iter().enumerate() {
            if line.iter().all(|r| r.text.is_empty()) {
                continue;
            }
            let cy = top + self.lh * (i as f32 + 0.5);
            let base = cy + 0.35 * self.size;
            let _ = write!(
                self.o,
                "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-family=\"{}\" font-size=\"{}\" fill=\"{}\"",
                num(cx),
                num(base),
                escape(&self.font),
                num(self.size),
                escape(color)
            );
            if st.bold {
                self.o.push_str(" font-weight=\"bold\"");
            }
            if st.italic {
                self.o.push_str(" font-style=\"italic\"");
            }
            self.o.push('>');
            if line.len() == 1 && !line[0].bold && !line[0].italic {
                self.o.push_str(&escape(&line[0].text));
            } else {
                for r in line {
                    self.o.push_str("<tspan");
                    if r.bold {
                        self.o.push_str(" font-weight=\"bold\"");
                    }
                    if r.italic {
                        self.o.push_str(" font-style=\"italic\"");
                    }
                    self.o.push('>');
                    self.o.push_str(&escape(&r.text));
                    self.o.push_str("</tspan>");
                }
            }
            self.o.push_str("</text>\n");
        }
    }
}

/// ` fill=… stroke=… stroke-width=…` attributes (with dash array and opacity when `st`
/// sets them), `st`'s values before the given defaults.
pub(crate) fn paint(st: &Style, fill: &str, stroke: &str, width: &str) -> String {
    let mut s = format!(
        " fill=\"{}\" stroke=\"{}\" stroke-width=\"{}\"",
        escape(st.fill.as_deref().unwrap_or(fill)),
        escape(st.stroke.as_deref().unwrap_or(stroke)),
        escape(st.stroke_width.as_deref().unwrap_or(width))
    );
    if let Some(d) = &st.dash {
        let _ = write!(s, " stroke-dasharray=\"{}\"", escape(d));
    }
    if let Some(o) = &st.opacity {
        let _ = write!(s, " opacity=\"{}\"", escape(o));
    }
    s
}

/// A closed path through `pts` (relative to the centre `(cx, cy)`).
pub(crate) fn poly_path(pts: &[(f32, f32)], cx: f32, cy: f32) -> String {
    let mut d = String::new();
    for (i, p) in pts.iter().enumerate() {
        let _ = write!(
            d,
            "{}{},{} ",
            if i == 0 { "M" } else { "L" },
            num(cx + p.0),
            num(cy + p.1)
        );
    }
    d.push('Z');
    d
}

/// The `d` attribute of a path through cubic pieces.
pub(crate) fn curve_d(c: &[Cubic]) -> String {
    let mut d = String::new();
    if let Some(first) = c.first() {
        let _ = write!(d, "M{},{}", num(first[0].0), num(first[0].1));
    }
    for s in c {
        let _ = write!(
            d,
            " C{},{} {},{} {},{}",
            num(s[1].0),
            num(s[1].1),
            num(s[2].0),
            num(s[2].1),
            num(s[3].0),
            num(s[3].1)
        );
    }
    d
}

/// Unit direction arriving at the last point of `c`.
pub(crate) fn end_dir(c: &[Cubic]) -> Option<Point> {
    let s = c.last()?;
    for k in [2usize, 1, 0] {
        let (dx, dy) = (s[3].0 - s[k].0, s[3].1 - s[k].1);
        let len = (dx * dx + dy * dy).sqrt();
        if len > 1e-3 {
            return Some((dx / len, dy / len));
        }
    }
    None
}

/// Moves the end of the curve back by `by` px along its end tangent.
pub(crate) fn shorten_end(c: &mut [Cubic], by: f32) {
    if let (Some(d), Some(s)) = (end_dir(c), c.last_mut()) {
        let seg_len = ((s[3].0 - s[0].0).powi(2) + (s[3].1 - s[0].1).powi(2)).sqrt();
        let by = by.min(seg_len * 0.9);
        s[3] = (s[3].0 - d.0 * by, s[3].1 - d.1 * by);
        s[2] = (s[2].0 - d.0 * by, s[2].1 - d.1 * by);
    }
}

/// The same curve run backwards.
pub(crate) fn reverse(c: &[Cubic]) -> Vec<Cubic> {
    c.iter().rev().map(|s| [s[3], s[2], s[1], s[0]]).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(escape("a<b>&\"'\u{1}"), "a&lt;b&gt;&amp;&quot;&apos;");
    }

    #[test]
    fn numbers() {
        assert_eq!(num(1.0 / 3.0), "0.33");
        assert_eq!(num(2.0), "2");
        assert_eq!(num(f32::NAN), "0");
    }
}
