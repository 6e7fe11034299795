//! Page geometry and typographic settings for the PDF backend.
//!
//! Defaults follow common book practice for CJK and Latin text: 10.5 pt body (the Japanese
//! 五号 size), 1.7 line height (JLREQ §2.4 suggests 50–100% of the character size as
//! line gap), 20 mm side margins.

use crate::fonts::Pt;

/// Millimetres to points (1 in = 25.4 mm = 72 pt).
pub fn mm(v: f32) -> Pt {
    v * 72.0 / 25.4
}

/// A paper size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PageSize {
    /// ISO A4, 210 × 297 mm.
    #[default]
    A4,
    /// US Letter, 8.5 × 11 in.
    Letter,
    /// ISO A5, 148 × 210 mm.
    A5,
    /// ISO B5, 176 × 250 mm.
    B5,
}

impl PageSize {
    /// Width and height in points, portrait.
    pub fn size_pt(self) -> (Pt, Pt) {
        match self {
            PageSize::A4 => (mm(210.0), mm(297.0)),
            PageSize::Letter => (612.0, 792.0),
            PageSize::A5 => (mm(148.0), mm(210.0)),
            PageSize::B5 => (mm(176.0), mm(250.0)),
        }
    }

    /// Parses `a4`, `letter`, `a5`, `b5` (any case).
    pub fn parse(s: &str) -> Option<PageSize> {
        match s.to_ascii_lowercase().as_str() {
            "a4" => Some(PageSize::A4),
            "letter" => Some(PageSize::Letter),
            "a5" => Some(PageSize::A5),
            "b5" => Some(PageSize::B5),
            _ => None,
        }
    }
}

/// An sRGB colour, 8 bits per channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

/// Everything the page layout needs to know about the look.
#[derive(Debug, Clone)]
pub struct Theme {
    /// Paper.
    pub page: PageSize,
    /// Margins: top, right, bottom, left, in points.
    pub margin_top: Pt,
    /// Right margin, pt.
    pub margin_right: Pt,
    /// Bottom margin, pt (the footer sits inside it).
    pub margin_bottom: Pt,
    /// Left margin, pt.
    pub margin_left: Pt,
    /// Body text size, pt.
    pub body_size: Pt,
    /// Line height as a multiple of the text size.
    pub line_height: f32,
    /// Heading sizes for levels 1–6, pt.
    pub heading_sizes: [Pt; 6],
    /// Code size, pt.
    pub code_size: Pt,
    /// Body text colour.
    pub text: Rgb,
    /// Secondary text (header, footer, metadata).
    pub muted: Rgb,
    /// Links.
    pub link: Rgb,
    /// Code block and inline code background.
    pub code_bg: Rgb,
    /// Rules and table borders.
    pub rule: Rgb,
    /// Space between paragraphs, as a multiple of the body size.
    pub paragraph_gap: f32,
    /// Show the document title in the page header.
    pub running_header: bool,
    /// Show "page n / N" in the footer.
    pub page_numbers: bool,
}

impl Default for Theme {
    fn default() -> Self {
        Theme {
            page: PageSize::A4,
            margin_top: mm(22.0),
            margin_right: mm(20.0),
            margin_bottom: mm(22.0),
            margin_left: mm(20.0),
            body_size: 10.5,
            line_height: 1.7,
            heading_sizes: [20.0, 16.0, 13.5, 12.0, 11.0, 10.5],
            code_size: 9.0,
            text: Rgb(0x1a, 0x1a, 0x1a),
            muted: Rgb(0x66, 0x66, 0x66),
            link: Rgb(0x0b, 0x57, 0xd0),
            code_bg: Rgb(0xf3, 0xf4, 0xf6),
            rule: Rgb(0xbb, 0xbb, 0xbb),
            paragraph_gap: 0.8,
            running_header: true,
            page_numbers: true,
        }
    }
}

impl Theme {
    /// Width available to text, pt.
    pub fn text_width(&self) -> Pt {
        self.page.size_pt().0 - self.margin_left - self.margin_right
    }
}
