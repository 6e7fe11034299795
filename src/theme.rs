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
    /// Justify paragraphs (all lines but the last fill the width).
    pub justify: bool,
    /// Font family names per role; empty: the bundled face for the document language.
    pub fonts: FontFamilies,
    /// What to do with a table whose columns' minimum widths exceed the text width.
    pub wide_tables: WideTables,
    /// Smallest table font size as a fraction of the table's normal size (shrink policy).
    pub table_min_scale: f32,
    /// Alternate row backgrounds instead of row rules.
    pub table_zebra: bool,
    /// Cell padding, pt (left/right; top/bottom is 60% of it).
    pub table_cell_padding: Pt,
}

/// Policy for tables too wide for the text width (`[tables] wide_tables`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum WideTables {
    /// Shrink the font down to the floor, then a landscape page, then split the columns.
    #[default]
    Auto,
    /// Only shrink (cells then wrap inside words).
    Shrink,
    /// Shrink, then a landscape page.
    Landscape,
    /// Shrink, then split the columns into parts that repeat the first column.
    Split,
}

/// Font family names per role (`[fonts]` in a theme file).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FontFamilies {
    /// Body text.
    #[serde(default)]
    pub body: String,
    /// Headings.
    #[serde(default)]
    pub heading: String,
    /// Code.
    #[serde(default)]
    pub mono: String,
    /// Latin letters, digits and their punctuation.
    #[serde(default)]
    pub latin: String,
    /// Families tried, in order, for characters neither the bundled nor the system fonts
    /// have.
    #[serde(default)]
    pub fallback: Vec<String>,
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
            justify: true,
            fonts: FontFamilies::default(),
            wide_tables: WideTables::Auto,
            table_min_scale: 0.75,
            table_zebra: false,
            table_cell_padding: 4.6,
        }
    }
}

impl Theme {
    /// Width available to text, pt.
    pub fn text_width(&self) -> Pt {
        self.page.size_pt().0 - self.margin_left - self.margin_right
    }
}

/// The shape of a theme file (`templates/themes/default.toml`): every key optional.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct ThemeFile {
    page: Option<PageSection>,
    text: Option<TextSection>,
    headings: Option<HeadingSection>,
    fonts: Option<FontFamilies>,
    colors: Option<ColorSection>,
    header_footer: Option<HeaderFooterSection>,
    tables: Option<TableSection>,
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct TableSection {
    wide_tables: Option<WideTables>,
    min_font_scale: Option<f32>,
    zebra: Option<bool>,
    cell_padding_pt: Option<f32>,
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct PageSection {
    size: Option<String>,
    margin_top_mm: Option<f32>,
    margin_right_mm: Option<f32>,
    margin_bottom_mm: Option<f32>,
    margin_left_mm: Option<f32>,
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct TextSection {
    size_pt: Option<f32>,
    line_height: Option<f32>,
    paragraph_gap: Option<f32>,
    code_size_pt: Option<f32>,
    justify: Option<bool>,
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct HeadingSection {
    sizes_pt: Option<Vec<f32>>,
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct ColorSection {
    text: Option<String>,
    muted: Option<String>,
    link: Option<String>,
    code_background: Option<String>,
    rule: Option<String>,
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct HeaderFooterSection {
    running_header: Option<bool>,
    page_numbers: Option<bool>,
}

/// Parses `#rrggbb` or `#rgb`.
pub fn parse_color(s: &str) -> Option<Rgb> {
    let h = s.trim().strip_prefix('#')?;
    let v = |a: &str| u8::from_str_radix(a, 16).ok();
    match h.len() {
        6 => Some(Rgb(v(&h[0..2])?, v(&h[2..4])?, v(&h[4..6])?)),
        3 => {
            let d = |i: usize| v(&h[i..i + 1]).map(|x| x * 17);
            Some(Rgb(d(0)?, d(1)?, d(2)?))
        }
        _ => None,
    }
}

fn check_range(name: &str, v: f32, lo: f32, hi: f32) -> Result<f32, String> {
    if (lo..=hi).contains(&v) {
        Ok(v)
    } else {
        Err(format!("{name} = {v} is outside {lo}..={hi}"))
    }
}

impl Theme {
    /// Applies a theme file's text (TOML, the shape of `templates/themes/default.toml`)
    /// on top of `self`.
    ///
    /// # Errors
    /// A message naming the bad key (unknown key, wrong type, value out of range).
    pub fn apply_toml(&mut self, text: &str) -> Result<(), String> {
        let file: ThemeFile = toml::from_str(text).map_err(|e| e.to_string().trim().to_string())?;
        self.apply(file)
    }

    fn apply(&mut self, f: ThemeFile) -> Result<(), String> {
        if let Some(p) = f.page {
            if let Some(sz) = p.size {
                self.page = PageSize::parse(&sz)
                    .ok_or_else(|| format!("page.size = {sz:?}: use a4, letter, a5 or b5"))?;
            }
            let (_, ph) = self.page.size_pt();
            let _ = ph;
            if let Some(v) = p.margin_top_mm {
                self.margin_top = mm(check_range("page.margin_top_mm", v, 5.0, 80.0)?);
            }
            if let Some(v) = p.margin_right_mm {
                self.margin_right = mm(check_range("page.margin_right_mm", v, 5.0, 80.0)?);
            }
            if let Some(v) = p.margin_bottom_mm {
                self.margin_bottom = mm(check_range("page.margin_bottom_mm", v, 5.0, 80.0)?);
            }
            if let Some(v) = p.margin_left_mm {
                self.margin_left = mm(check_range("page.margin_left_mm", v, 5.0, 80.0)?);
            }
        }
        if let Some(t) = f.text {
            if let Some(v) = t.size_pt {
                self.body_size = check_range("text.size_pt", v, 5.0, 30.0)?;
            }
            if let Some(v) = t.line_height {
                self.line_height = check_range("text.line_height", v, 1.0, 3.0)?;
            }
            if let Some(v) = t.paragraph_gap {
                self.paragraph_gap = check_range("text.paragraph_gap", v, 0.0, 5.0)?;
            }
            if let Some(v) = t.code_size_pt {
                self.code_size = check_range("text.code_size_pt", v, 4.0, 30.0)?;
            }
            if let Some(v) = t.justify {
                self.justify = v;
            }
        }
        if let Some(h) = f.headings
            && let Some(v) = h.sizes_pt
        {
            if v.len() != 6 {
                return Err(format!(
                    "headings.sizes_pt needs 6 sizes (levels 1-6), got {}",
                    v.len()
                ));
            }
            for (i, x) in v.iter().enumerate() {
                self.heading_sizes[i] = check_range("headings.sizes_pt", *x, 5.0, 60.0)?;
            }
        }
        if let Some(fams) = f.fonts {
            self.fonts = fams;
        }
        if let Some(c) = f.colors {
            let set = |slot: &mut Rgb, name: &str, v: Option<String>| -> Result<(), String> {
                if let Some(v) = v {
                    *slot = parse_color(&v)
                        .ok_or_else(|| format!("colors.{name} = {v:?}: use #rrggbb"))?;
                }
                Ok(())
            };
            set(&mut self.text, "text", c.text)?;
            set(&mut self.muted, "muted", c.muted)?;
            set(&mut self.link, "link", c.link)?;
            set(&mut self.code_bg, "code_background", c.code_background)?;
            set(&mut self.rule, "rule", c.rule)?;
        }
        if let Some(hf) = f.header_footer {
            if let Some(v) = hf.running_header {
                self.running_header = v;
            }
            if let Some(v) = hf.page_numbers {
                self.page_numbers = v;
            }
        }
        if let Some(tb) = f.tables {
            if let Some(v) = tb.wide_tables {
                self.wide_tables = v;
            }
            if let Some(v) = tb.min_font_scale {
                self.table_min_scale = check_range("tables.min_font_scale", v, 0.3, 1.0)?;
            }
            if let Some(v) = tb.zebra {
                self.table_zebra = v;
            }
            if let Some(v) = tb.cell_padding_pt {
                self.table_cell_padding = check_range("tables.cell_padding_pt", v, 0.0, 30.0)?;
            }
        }
        let (pw, ph) = self.page.size_pt();
        if self.margin_left + self.margin_right > pw * 0.7
            || self.margin_top + self.margin_bottom > ph * 0.7
        {
            return Err("margins leave less than 30% of the page for text".into());
        }
        Ok(())
    }

    /// Applies front-matter overrides: pandoc's `papersize` and `fontsize` (`11pt`), and an
    /// `inkbind:` mapping shaped like a theme file.
    ///
    /// # Errors
    /// A message naming the bad key.
    pub fn apply_front_matter(
        &mut self,
        extra: &std::collections::BTreeMap<String, crate::document::YamlValue>,
    ) -> Result<(), String> {
        use crate::document::YamlValue;
        if let Some(v) = extra
            .get("papersize")
            .or_else(|| extra.get("page_size"))
            .and_then(|v| v.as_text())
        {
            self.page = PageSize::parse(v.trim().trim_end_matches("paper"))
                .ok_or_else(|| format!("papersize: {v:?}: use a4, letter, a5 or b5"))?;
        }
        if let Some(v) = extra
            .get("fontsize")
            .or_else(|| extra.get("font_size"))
            .and_then(|v| v.as_text())
        {
            let n: f32 = v
                .trim()
                .trim_end_matches("pt")
                .trim()
                .parse()
                .map_err(|_| format!("fontsize: {v:?}: use a size such as 11pt"))?;
            let scale = check_range("fontsize", n, 5.0, 30.0)? / self.body_size;
            self.body_size *= scale;
            for h in &mut self.heading_sizes {
                *h *= scale;
            }
            self.code_size *= scale;
        }
        if let Some(map) = extra.get("inkbind") {
            fn to_toml(v: &YamlValue) -> toml::Value {
                match v {
                    YamlValue::Null => toml::Value::String(String::new()),
                    YamlValue::Bool(b) => toml::Value::Boolean(*b),
                    YamlValue::Number(n) => toml::Value::Float(*n),
                    YamlValue::String(s) => toml::Value::String(s.clone()),
                    YamlValue::List(l) => toml::Value::Array(l.iter().map(to_toml).collect()),
                    YamlValue::Map(m) => {
                        toml::Value::Table(m.iter().map(|(k, v)| (k.clone(), to_toml(v))).collect())
                    }
                }
            }
            let file: ThemeFile = serde::Deserialize::deserialize(to_toml(map))
                .map_err(|e| format!("inkbind: {e}"))?;
            self.apply(file)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_theme_file_matches_defaults() {
        let mut t = Theme::default();
        t.apply_toml(include_str!("../templates/themes/default.toml"))
            .unwrap();
        let d = Theme::default();
        assert_eq!(t.page, d.page);
        assert!((t.margin_top - d.margin_top).abs() < 1e-3);
        assert_eq!(t.body_size, d.body_size);
        assert_eq!(t.heading_sizes, d.heading_sizes);
        assert_eq!(t.text, d.text);
        assert_eq!(t.fonts, d.fonts);
    }

    #[test]
    fn overrides_and_errors() {
        let mut t = Theme::default();
        t.apply_toml("[page]\nsize = \"a5\"\n[text]\nsize_pt = 9\n[colors]\nlink = \"#f00\"\n")
            .unwrap();
        assert_eq!(t.page, PageSize::A5);
        assert_eq!(t.body_size, 9.0);
        assert_eq!(t.link, Rgb(255, 0, 0));
        let e = Theme::default()
            .apply_toml("[text]\nsize = 9\n")
            .unwrap_err();
        assert!(e.contains("size"), "{e}");
        let e = Theme::default()
            .apply_toml("[text]\nsize_pt = 900\n")
            .unwrap_err();
        assert!(e.contains("text.size_pt"), "{e}");
    }

    #[test]
    fn front_matter_overrides() {
        use crate::document::YamlValue;
        let mut extra = std::collections::BTreeMap::new();
        extra.insert("papersize".to_string(), YamlValue::String("a5".into()));
        extra.insert("fontsize".to_string(), YamlValue::String("12pt".into()));
        let mut page = std::collections::BTreeMap::new();
        page.insert("margin_left_mm".to_string(), YamlValue::Number(15.0));
        let mut ink = std::collections::BTreeMap::new();
        ink.insert("page".to_string(), YamlValue::Map(page));
        extra.insert("inkbind".to_string(), YamlValue::Map(ink));
        let mut t = Theme::default();
        t.apply_front_matter(&extra).unwrap();
        assert_eq!(t.page, PageSize::A5);
        assert!((t.body_size - 12.0).abs() < 1e-4);
        assert!((t.heading_sizes[0] - 20.0 * 12.0 / 10.5).abs() < 1e-3);
        assert!((t.margin_left - mm(15.0)).abs() < 1e-3);
    }
}
