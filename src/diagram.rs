//! Glue between the diagram engine and our fonts: [`FontMeasure`] implements Mermaid's
//! [`TextMeasure`] by shaping labels with the same Noto Sans CJK faces (and the same `locl`
//! language) that draw them, with the same per-character fallback as body text (emoji in
//! the bundled Noto Emoji face, other scripts in system fonts), so labels fit their boxes in
//! the PDF and EPUB output.
//!
//! It sits on the caller's side of both stages (DESIGN.md, "the font adapter for diagrams
//! lives on the diagram side of the line"): [`crate::mermaid`] only knows the trait and
//! [`crate::fonts`] knows nothing of Mermaid.

use std::cell::RefCell;
use std::collections::HashMap;

use crate::fonts::{FaceKey, FontError, Region, Shaper, Weight};
use crate::mermaid::TextMeasure;

/// Measures label text with [`Shaper`] in one document language. Not `Sync` (the shaper
/// needs `&mut`; it sits in a `RefCell`); make one per document or thread.
pub struct FontMeasure {
    shaper: RefCell<Shaper>,
    lang: String,
    region: Region,
    cache: RefCell<HashMap<(String, bool), f32>>,
}

impl FontMeasure {
    /// A measurer for the BCP 47 language `lang` (`ja`, `zh-Hans`, `ko`, `en`, …), which
    /// picks the regional face (see [`Region::from_lang`]).
    ///
    /// # Errors
    /// When the font files cannot be loaded (only without the `bundled-fonts` feature).
    pub fn new(lang: &str) -> Result<FontMeasure, FontError> {
        Ok(FontMeasure {
            shaper: RefCell::new(Shaper::new()?),
            lang: lang.to_string(),
            region: Region::from_lang(lang),
            cache: RefCell::new(HashMap::new()),
        })
    }

    /// Label characters that no face has (drawn by usvg as nothing or a box), in code
    /// point order, each once since the last call; the caller warns with the source line
    /// (see [`missing_glyph_warnings`]).
    pub fn take_missing(&self) -> Vec<char> {
        self.shaper
            .borrow_mut()
            .take_missing()
            .into_keys()
            .collect()
    }

    /// The family name usvg knows the proportional face of this language by (for
    /// [`crate::mermaid::SvgOptions::font_family`]).
    pub fn family(&self) -> &'static str {
        match self.region {
            Region::Jp => "Noto Sans CJK JP",
            Region::Kr => "Noto Sans CJK KR",
            Region::Sc => "Noto Sans CJK SC",
            Region::Tc => "Noto Sans CJK TC",
            Region::Hk => "Noto Sans CJK HK",
        }
    }
}

/// `(line, column, message)` warnings for label characters no font has: one per line of
/// `source` (a Mermaid fence body starting on Markdown line `first_line`) that holds some,
/// at the first such character, naming them all in the order they appear (the wording of
/// body text's missing-glyph warning).
pub fn missing_glyph_warnings(
    missing: &[char],
    source: &str,
    first_line: usize,
) -> Vec<(usize, usize, String)> {
    let mut left: Vec<char> = missing.to_vec();
    let mut out = Vec::new();
    for (i, line) in source.lines().enumerate() {
        let mut found: Vec<(usize, char)> = Vec::new();
        for (col, c) in line.chars().enumerate() {
            if let Some(k) = left.iter().position(|&m| m == c) {
                left.swap_remove(k);
                found.push((col + 1, c));
            }
        }
        if let Some(&(column, _)) = found.first() {
            let names: Vec<String> = found
                .iter()
                .map(|&(_, c)| format!("U+{:04X} {c:?}", c as u32))
                .collect();
            out.push((
                first_line + i,
                column,
                format!(
                    "no font has a glyph for {} in a Mermaid label; drawn as the missing-glyph box",
                    names.join(", ")
                ),
            ));
        }
    }
    out
}

/// `svg` made drawable by usvg, and the emoji sequences it had to simplify. usvg's text
/// fallback re-shapes a whole text with the fallback face and keeps its glyphs only when
/// the glyph count is unchanged, so a sequence that one face draws as one glyph (ZWJ
/// sequence, skin tone, flag, keycap) would leave every missing glyph of the label a box
/// (and a `<tspan>` per sequence trips its span merging). Inside `<text>` content each such
/// sequence becomes its first emoji; single emoji stay and are found by usvg's fallback
/// (Noto Emoji is in [`crate::fonts::svg_fontdb`]). SVG without sequences is unchanged.
pub fn simplify_emoji_sequences(svg: &str) -> (std::borrow::Cow<'_, str>, Vec<String>) {
    use unicode_segmentation::UnicodeSegmentation;
    let is_sequence = |g: &str| {
        g.chars().count() > 1
            && g.chars().any(|c| {
                crate::fonts::is_emoji_joiner(c) || ('\u{1F1E6}'..='\u{1F1FF}').contains(&c)
            })
            && crate::fonts::presentation(g) == crate::fonts::Presentation::Emoji
    };
    if svg.is_ascii() || !svg.contains("<text") || !svg.graphemes(true).any(is_sequence) {
        return (std::borrow::Cow::Borrowed(svg), Vec::new());
    }
    let mut out = String::with_capacity(svg.len());
    let mut simplified: Vec<String> = Vec::new();
    let mut depth = 0usize; // open <text> elements
    let mut rest = svg;
    while !rest.is_empty() {
        let lt = rest.find('<').unwrap_or(rest.len());
        for g in rest[..lt].graphemes(true) {
            if depth > 0 && is_sequence(g) {
                let base: String = g.chars().take(1).collect();
                // A keycap's base is an ASCII digit: keep it; a flag keeps nothing drawable.
                if !base
                    .chars()
                    .all(|c| ('\u{1F1E6}'..='\u{1F1FF}').contains(&c))
                {
                    out.push_str(&base);
                }
                if !simplified.iter().any(|s| s == g) {
                    simplified.push(g.to_string());
                }
            } else {
                out.push_str(g);
            }
        }
        let tag_end = rest[lt..].find('>').map_or(rest.len(), |e| lt + e + 1);
        let tag = &rest[lt..tag_end];
        if tag.starts_with("<text") && !tag.ends_with("/>") {
            depth += 1;
        } else if tag.starts_with("</text") {
            depth = depth.saturating_sub(1);
        }
        out.push_str(tag);
        rest = &rest[tag_end..];
    }
    (std::borrow::Cow::Owned(out), simplified)
}

/// The warning for sequences [`simplify_emoji_sequences`] simplified.
pub fn simplified_warning(simplified: &[String]) -> Option<String> {
    (!simplified.is_empty()).then(|| {
        format!(
            "Mermaid label emoji sequence {} drawn as its first emoji (diagram text cannot join sequences)",
            simplified.join(" ")
        )
    })
}

impl TextMeasure for FontMeasure {
    fn width(&self, text: &str, font_size: f32, bold: bool) -> f32 {
        if text.is_empty() {
            return 0.0;
        }
        let key = (text.to_string(), bold);
        if let Some(w) = self.cache.borrow().get(&key) {
            return w * font_size;
        }
        let weight = if bold { Weight::Bold } else { Weight::Regular };
        let face = FaceKey::bundled(weight, self.region, false);
        let em: f32 = self
            .shaper
            .borrow_mut()
            .shape_with_fallback(face, text, &self.lang, 0)
            .iter()
            .map(|g| g.x_advance)
            .sum();
        self.cache.borrow_mut().insert(key, em);
        em * font_size
    }

    fn break_opportunities(&self, text: &str) -> Vec<usize> {
        crate::text::segments(text)
            .into_iter()
            .map(|s| s.range.end)
            .filter(|&e| e > 0 && e < text.len())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn measures_cjk_and_latin() {
        let m = FontMeasure::new("ja").unwrap();
        let cjk = m.width("日本語", 16.0, false);
        assert!((cjk - 48.0).abs() < 0.5, "{cjk}");
        let latin = m.width("Hello", 16.0, false);
        assert!(latin > 20.0 && latin < 48.0, "{latin}");
        assert!(m.width("Hello", 16.0, true) > latin);
        let b = m.break_opportunities("日本語の文章 and words");
        assert!(!b.is_empty());
        assert!(m.take_missing().is_empty());
    }

    #[test]
    fn emoji_sequences_in_svg_text_are_simplified() {
        let fam = "👨\u{200D}👩\u{200D}👧";
        let svg = format!(
            "<svg><g id=\"{fam}\"><text x=\"1\">Done ✅ {fam} <tspan>👍🏽 🇯🇵!</tspan></text></g></svg>"
        );
        let (out, seqs) = simplify_emoji_sequences(&svg);
        assert_eq!(
            out,
            format!(
                "<svg><g id=\"{fam}\"><text x=\"1\">Done ✅ 👨 <tspan>👍 !</tspan></text></g></svg>"
            )
        );
        assert_eq!(seqs, vec![fam.to_string(), "👍🏽".into(), "🇯🇵".into()]);
        assert!(simplified_warning(&seqs).is_some());
        let (same, none) = simplify_emoji_sequences("<svg><text>plain 🚀</text></svg>");
        assert!(matches!(same, std::borrow::Cow::Borrowed(_)) && none.is_empty());
    }

    #[test]
    fn emoji_are_measured_in_the_emoji_face() {
        let m = FontMeasure::new("en").unwrap();
        let rocket = m.width("🚀", 16.0, false);
        assert!(rocket > 10.0 && rocket < 24.0, "{rocket}");
        // The family is one glyph, not four people and three joiners.
        let family = m.width("👨\u{200D}👩\u{200D}👧\u{200D}👦", 16.0, false);
        assert!((family - rocket).abs() < 4.0, "{family} vs {rocket}");
        assert!(m.take_missing().is_empty());
        let w = missing_glyph_warnings(&['ب', 'م'], "flowchart LR\n  A[x مب]", 7);
        assert_eq!(w.len(), 1);
        assert_eq!((w[0].0, w[0].1), (8, 7));
        assert!(w[0].2.contains("U+0645 'م', U+0628 'ب'"), "{}", w[0].2);
    }
}
