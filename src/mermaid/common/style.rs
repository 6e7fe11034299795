//! CSS-like style declarations as Mermaid's `classDef`, `class`/`:::`, `style` and
//! `linkStyle` statements write them (`fill:#f9f,stroke-width:4px`), reduced to the
//! presentation attributes an SVG writer can set.
//!
//! Shared by every diagram type that has such statements; knows no grammar (it gets the
//! declaration strings) and no shape. Values are checked by [`clean_value`] before they
//! reach an attribute, so no declaration can inject markup.

/// Accepts a CSS value made of safe characters only (colours, lengths, dash lists).
pub(crate) fn clean_value(v: &str) -> Option<String> {
    let v = v.trim().trim_end_matches("!important").trim();
    if v.is_empty()
        || v.len() > 64
        || !v
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || " #.,%()-".contains(c))
    {
        return None;
    }
    Some(v.to_string())
}

#[derive(Debug, Clone, Default)]
/// The presentation a set of declarations asks for; `None` keeps the theme's value.
pub(crate) struct Style {
    pub(crate) fill: Option<String>,
    pub(crate) stroke: Option<String>,
    pub(crate) stroke_width: Option<String>,
    pub(crate) dash: Option<String>,
    pub(crate) color: Option<String>,
    pub(crate) opacity: Option<String>,
    pub(crate) bold: bool,
    pub(crate) italic: bool,
}

impl Style {
    /// Applies declarations in order (later ones win); unknown properties and unsafe
    /// values are skipped.
    pub(crate) fn apply(&mut self, decls: &[String]) {
        for d in decls {
            // a declaration may hold several `a:b` pairs separated by ';' or ','
            for part in d.split(';') {
                let Some((k, v)) = part.split_once(':') else {
                    continue;
                };
                let k = k.trim().to_ascii_lowercase();
                let Some(v) = clean_value(v) else { continue };
                match k.as_str() {
                    "fill" | "background" | "background-color" => self.fill = Some(v),
                    "stroke" | "border-color" => self.stroke = Some(v),
                    "stroke-width" => {
                        self.stroke_width = Some(v.trim_end_matches("px").to_string())
                    }
                    "stroke-dasharray" => self.dash = Some(v),
                    "color" => self.color = Some(v),
                    "opacity" => self.opacity = Some(v),
                    "font-weight" => {
                        self.bold = v == "bold" || v.parse::<u32>().is_ok_and(|w| w >= 600)
                    }
                    "font-style" => self.italic = v == "italic",
                    _ => {}
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsafe_values_dropped() {
        assert_eq!(clean_value("#f9f !important").as_deref(), Some("#f9f"));
        assert_eq!(clean_value("url(javascript:x)"), None);
    }
}
