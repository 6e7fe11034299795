//! Glue between the diagram engine and our fonts: [`FontMeasure`] implements Mermaid's
//! [`TextMeasure`] by shaping labels with the same Noto Sans CJK faces (and the same `locl`
//! language) that draw them, so CJK and Latin labels fit their boxes in the PDF and EPUB
//! output.
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
            .shape(face, text, &self.lang, 0)
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
    }
}
