//! A small JSON writer (RFC 8259) for the laid-out diagram exports: string literals,
//! numbers, points and boxes. Written by hand so `src/mermaid` stays std-only.
//!
//! Shared by every diagram type's export; knows no diagram's schema.

use std::fmt::Write;

use super::geometry::Point;
use super::measure::TextBlock;
use super::svg;

/// Writes `s` as a JSON string literal (RFC 8259 §7: quote, backslash and control
/// characters escaped).
pub(crate) fn string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 || c == '\u{2028}' || c == '\u{2029}' => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// A number rounded to 0.01 (as the SVG writer prints it).
pub(crate) fn num(out: &mut String, v: f32) {
    out.push_str(&svg::num(v));
}

/// A point as `[x, y]`.
pub(crate) fn point(out: &mut String, p: Point) {
    out.push('[');
    num(out, p.0);
    out.push(',');
    num(out, p.1);
    out.push(']');
}

/// The lines of a text block as an array of strings (emphasis dropped).
pub(crate) fn lines(out: &mut String, t: &TextBlock) {
    out.push('[');
    for (i, l) in t.lines.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let s: String = l.iter().map(|r| r.text.as_str()).collect();
        string(out, &s);
    }
    out.push(']');
}

/// `"x":…,"y":…,"width":…,"height":…` of a box given by its centre and size.
pub(crate) fn boxed(out: &mut String, x: f32, y: f32, w: f32, h: f32) {
    out.push_str("\"x\":");
    num(out, x);
    out.push_str(",\"y\":");
    num(out, y);
    out.push_str(",\"width\":");
    num(out, w);
    out.push_str(",\"height\":");
    num(out, h);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes() {
        let mut s = String::new();
        string(&mut s, "a\"b\\c\nd\u{1}é");
        assert_eq!(s, "\"a\\\"b\\\\c\\nd\\u0001é\"");
        let mut n = String::new();
        num(&mut n, 1.0 / 3.0);
        assert_eq!(n, "0.33");
    }
}
