//! Pie colours and text sizes of Mermaid's themes (`pie1..pie12`, `pieStrokeColor`,
//! `pieOpacity`, … in `packages/mermaid/src/themes/theme-*.js`), with the config's
//! `themeVariables` applied.
//!
//! Owns the pie palette only; the colour arithmetic is `common::hsl`.

use crate::mermaid::common::hsl::ThemeColor;
use crate::mermaid::common::style::clean_value;

/// What the pie writer paints with (CSS colour values, sizes in px).
#[derive(Debug, Clone, PartialEq)]
pub struct PieTheme {
    /// `pie1..pie12`: slice `i` (in source order, legend included) takes `palette[i % 12]`.
    pub palette: Vec<String>,
    /// Slice outline colour and width (`pieStrokeColor`, `pieStrokeWidth`).
    pub stroke: String,
    /// Slice outline width, px.
    pub stroke_width_px: f32,
    /// Rim circle colour (`pieOuterStrokeColor`).
    pub outer_stroke: String,
    /// Rim circle width, px (`pieOuterStrokeWidth`, default 2).
    pub outer_stroke_width_px: f32,
    /// Slice fill opacity (`pieOpacity`, default 0.7).
    pub opacity: f32,
    /// Title colour and size (`pieTitleTextColor`, `pieTitleTextSize`: 25 px).
    pub title_color: String,
    /// Title font size, px.
    pub title_size_px: f32,
    /// Percentage colour and size (`pieSectionTextColor`, `pieSectionTextSize`: 17 px).
    pub section_color: String,
    /// Percentage font size, px.
    pub section_size_px: f32,
    /// Legend text colour and size (`pieLegendTextColor`, `pieLegendTextSize`: 17 px).
    pub legend_color: String,
    /// Legend font size, px.
    pub legend_size_px: f32,
}

/// A `17px`-like size as px; `None` when it does not start with a number.
fn px(v: &str) -> Option<f32> {
    let t = v.trim();
    let end = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(t.len());
    t[..end].parse().ok().filter(|n: &f32| n.is_finite())
}

impl PieTheme {
    /// The pie theme `name` (Mermaid's `default` for `None` or an unknown name) with the
    /// theme variables applied in order (unsafe values skipped).
    pub fn new(name: Option<&str>, vars: &[(String, String)]) -> PieTheme {
        let var = |k: &str| {
            vars.iter()
                .rev()
                .find(|(n, _)| n == k)
                .and_then(|(_, v)| clean_value(v))
        };
        let a = |c: &ThemeColor, h: f64, l: f64| c.adjust(h, 0.0, l).css();
        let col = |k: &str, default: &str| ThemeColor::parse(&var(k).unwrap_or(default.into()));
        let palette: Vec<String> = match name {
            Some("forest") => {
                let p = col("primaryColor", "#cde498");
                let s = col("secondaryColor", "#cdffb2");
                let t = var("tertiaryColor")
                    .map(|v| ThemeColor::parse(&v))
                    .unwrap_or_else(|| ThemeColor::parse("#cde498").adjust(0.0, 0.0, 10.0));
                vec![
                    p.css(),
                    s.css(),
                    t.css(),
                    a(&p, 0.0, -30.0),
                    a(&s, 0.0, -30.0),
                    a(&t, 40.0, -40.0),
                    a(&p, 60.0, -10.0),
                    a(&p, -60.0, -10.0),
                    a(&p, 120.0, 0.0),
                    a(&p, 60.0, -50.0),
                    a(&p, -60.0, -50.0),
                    a(&p, 120.0, -50.0),
                ]
            }
            Some("base") => {
                let p = col("primaryColor", "#fff4dd");
                let s = var("secondaryColor")
                    .map(|v| ThemeColor::parse(&v))
                    .unwrap_or_else(|| p.adjust(-120.0, 0.0, 0.0));
                let t = var("tertiaryColor")
                    .map(|v| ThemeColor::parse(&v))
                    .unwrap_or_else(|| p.adjust(180.0, 0.0, 5.0));
                vec![
                    p.css(),
                    s.css(),
                    t.css(),
                    a(&p, 0.0, -10.0),
                    a(&s, 0.0, -10.0),
                    a(&t, 0.0, -10.0),
                    a(&p, 60.0, -10.0),
                    a(&p, -60.0, -10.0),
                    a(&p, 120.0, 0.0),
                    a(&p, 60.0, -20.0),
                    a(&p, -60.0, -20.0),
                    a(&p, 120.0, -10.0),
                ]
            }
            Some("neutral") => [
                "#F4F4F4", "#555", "#BBB", "#777", "#999", "#DDD", "#FFF", "#DDD", "#BBB", "#999",
                "#777", "#555",
            ]
            .map(String::from)
            .to_vec(),
            Some("dark") => [
                "#0b0000", "#4d1037", "#3f5258", "#4f2f1b", "#6e0a0a", "#3b0048", "#995a01",
                "#154706", "#161722", "#00296f", "#01629c", "#010029",
            ]
            .map(String::from)
            .to_vec(),
            _ => {
                let p = col("primaryColor", "#ECECFF");
                let s = col("secondaryColor", "#ffffde");
                let t = var("tertiaryColor")
                    .map(|v| ThemeColor::parse(&v))
                    .unwrap_or_else(|| p.adjust(-160.0, 0.0, 0.0));
                vec![
                    p.css(),
                    s.css(),
                    a(&t, 0.0, -40.0),
                    a(&p, 0.0, -10.0),
                    a(&s, 0.0, -30.0),
                    a(&t, 0.0, -20.0),
                    a(&p, 60.0, -20.0),
                    a(&p, -60.0, -40.0),
                    a(&p, 120.0, -40.0),
                    a(&p, 60.0, -40.0),
                    a(&p, -90.0, -40.0),
                    a(&p, 120.0, -30.0),
                ]
            }
        };
        let dark = name == Some("dark");
        let (title, section) = if dark {
            ("lightgrey", "#ccc")
        } else {
            ("black", "#333")
        };
        let mut t = PieTheme {
            palette,
            stroke: "black".into(),
            stroke_width_px: 2.0,
            outer_stroke: "black".into(),
            outer_stroke_width_px: 2.0,
            opacity: 0.7,
            title_color: title.into(),
            title_size_px: 25.0,
            section_color: section.into(),
            section_size_px: 17.0,
            legend_color: title.into(),
            legend_size_px: 17.0,
        };
        for (i, slot) in t.palette.iter_mut().enumerate() {
            if let Some(v) = var(&format!("pie{}", i + 1)) {
                *slot = v;
            }
        }
        let set = |k: &str, slot: &mut String| {
            if let Some(v) = var(k) {
                *slot = v;
            }
        };
        set("pieStrokeColor", &mut t.stroke);
        set("pieOuterStrokeColor", &mut t.outer_stroke);
        set("pieTitleTextColor", &mut t.title_color);
        set("pieSectionTextColor", &mut t.section_color);
        set("pieLegendTextColor", &mut t.legend_color);
        let size = |k: &str, slot: &mut f32| {
            if let Some(v) = var(k).as_deref().and_then(px) {
                *slot = v;
            }
        };
        size("pieStrokeWidth", &mut t.stroke_width_px);
        size("pieOuterStrokeWidth", &mut t.outer_stroke_width_px);
        size("pieTitleTextSize", &mut t.title_size_px);
        size("pieSectionTextSize", &mut t.section_size_px);
        size("pieLegendTextSize", &mut t.legend_size_px);
        if let Some(o) = var("pieOpacity").as_deref().and_then(px) {
            t.opacity = o.clamp(0.0, 1.0);
        }
        t
    }
}
