//! Journey colours of Mermaid's themes: section and task fills `fillType0..7` (derived
//! from the primary and secondary colours in `packages/mermaid/src/themes/theme-*.js`;
//! the journey styles apply them over `sectionFills`), the face colour (`faceColor`,
//! default `#FFF8DC`) and the text colour, with `themeVariables` applied.
//!
//! Owns the journey palette only; the colour arithmetic is `common::hsl`.

use crate::mermaid::common::hsl::ThemeColor;
use crate::mermaid::common::style::clean_value;

/// What the journey writer paints with (CSS colour values).
#[derive(Debug, Clone, PartialEq)]
pub struct JourneyTheme {
    /// `fillType0..7`; section run `n` takes `fill_types[n % 7]` (Mermaid's seven
    /// `sectionFills` decide the count).
    pub fill_types: Vec<String>,
    /// Face fill (`faceColor`).
    pub face: String,
    /// Labels, legend names and the title.
    pub text: String,
    /// Outline of boxes and the dashed task lines.
    pub outline: String,
    /// The arrow line.
    pub line: String,
}

impl JourneyTheme {
    /// The journey colours of theme `name` (`default` for `None` or an unknown name) with
    /// the theme variables applied in order (unsafe values skipped).
    pub fn new(name: Option<&str>, vars: &[(String, String)]) -> JourneyTheme {
        let var = |k: &str| {
            vars.iter()
                .rev()
                .find(|(n, _)| n == k)
                .and_then(|(_, v)| clean_value(v))
        };
        let (p, s, text) = match name {
            Some("forest") => ("#cde498".to_string(), "#cdffb2".to_string(), "#333"),
            Some("neutral") => {
                let s = ThemeColor::parse("#707070").adjust(0.0, 0.0, 55.0).css();
                ("#eee".to_string(), s, "#333")
            }
            Some("dark") => {
                let s = ThemeColor::parse("#1f2020").adjust(0.0, 0.0, 16.0).css();
                ("#1f2020".to_string(), s, "#ccc")
            }
            Some("base") => {
                let s = ThemeColor::parse("#fff4dd").adjust(-120.0, 0.0, 0.0).css();
                ("#fff4dd".to_string(), s, "#333")
            }
            _ => ("#ECECFF".to_string(), "#ffffde".to_string(), "#333"),
        };
        let p = ThemeColor::parse(&var("primaryColor").unwrap_or(p));
        let s = ThemeColor::parse(&var("secondaryColor").unwrap_or(s));
        let mut fill_types = Vec::with_capacity(8);
        for h in [0.0, 64.0, -64.0, 128.0] {
            fill_types.push(p.adjust(h, 0.0, 0.0).css());
            fill_types.push(s.adjust(h, 0.0, 0.0).css());
        }
        for (i, slot) in fill_types.iter_mut().enumerate() {
            if let Some(v) = var(&format!("fillType{i}")) {
                *slot = v;
            }
        }
        JourneyTheme {
            fill_types,
            face: var("faceColor").unwrap_or("#FFF8DC".into()),
            text: var("textColor").unwrap_or(text.into()),
            outline: "#666".into(),
            line: if name == Some("dark") {
                "lightgrey".into()
            } else {
                "black".into()
            },
        }
    }

    /// The fill of section run `n` (counting drawn section headers).
    pub fn fill(&self, n: usize) -> String {
        self.fill_types[n % 7].clone()
    }
}
