//! Fonts: the Noto Sans CJK collections, face choice by language, and shaping.
//!
//! The two collections (`fonts/NotoSansCJK-{Regular,Bold}.ttc`) hold the same ten faces:
//! 0 JP, 1 KR, 2 SC, 3 TC, 4 HK (proportional, with Latin glyphs) and 5–9 the Noto Sans Mono
//! CJK faces in the same order. With the `bundled-fonts` feature (default) they are compiled
//! in; without it they are read from `INKBIND_FONT_DIR` or Debian's
//! `/usr/share/fonts/opentype/noto/`.
//!
//! Shaping is rustybuzz (HarfBuzz's algorithm) with the language set, so `locl` picks the
//! regional glyph forms and Latin text keeps kerning and ligatures (DESIGN.md, "Shape with
//! the language set"). Advances are returned in em so one shaping serves every size.

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::sync::OnceLock;

/// A length in PostScript points (1/72 inch), the unit of every layout coordinate.
pub type Pt = f32;

/// Which collection a face comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Weight {
    /// NotoSansCJK-Regular.ttc
    Regular,
    /// NotoSansCJK-Bold.ttc
    Bold,
}

/// The regional variant of the CJK faces, chosen from a BCP 47 language tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Region {
    /// Japanese (`ja`): face 0.
    Jp,
    /// Korean (`ko`): face 1.
    Kr,
    /// Simplified Chinese (`zh`, `zh-Hans`, `zh-CN`, `zh-SG`): face 2.
    Sc,
    /// Traditional Chinese (`zh-Hant`, `zh-TW`): face 3.
    Tc,
    /// Hong Kong (`zh-HK`, `zh-MO`): face 4.
    Hk,
}

impl Region {
    /// Region for a BCP 47 tag; unknown and non-CJK languages get Japanese forms, the
    /// collection's default (Noto's own choice for Latin-only text).
    pub fn from_lang(lang: &str) -> Region {
        let l = lang.to_ascii_lowercase();
        if l.starts_with("ko") {
            Region::Kr
        } else if l.starts_with("zh") || l.starts_with("cmn") || l.starts_with("yue") {
            if l.contains("hk") || l.contains("mo") || l.starts_with("yue") {
                Region::Hk
            } else if l.contains("hant") || l.contains("tw") {
                Region::Tc
            } else {
                Region::Sc
            }
        } else {
            Region::Jp
        }
    }

    fn index(self) -> u32 {
        match self {
            Region::Jp => 0,
            Region::Kr => 1,
            Region::Sc => 2,
            Region::Tc => 3,
            Region::Hk => 4,
        }
    }
}

/// One face of the bundled collections.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FaceKey {
    /// Regular or Bold collection.
    pub weight: Weight,
    /// Regional variant.
    pub region: Region,
    /// The Noto Sans Mono CJK face (code) instead of the proportional one.
    pub mono: bool,
}

impl FaceKey {
    /// Index of the face in its `.ttc` (0–9).
    pub fn index(self) -> u32 {
        self.region.index() + if self.mono { 5 } else { 0 }
    }
}

/// Font file bytes, loaded once per process.
pub struct FontFiles {
    /// NotoSansCJK-Regular.ttc
    pub regular: &'static [u8],
    /// NotoSansCJK-Bold.ttc
    pub bold: &'static [u8],
}

impl FontFiles {
    /// The bytes of the collection holding `key`.
    pub fn data(&self, key: FaceKey) -> &'static [u8] {
        match key.weight {
            Weight::Regular => self.regular,
            Weight::Bold => self.bold,
        }
    }
}

/// Error when the fonts cannot be found (only possible without `bundled-fonts`).
#[derive(Debug, thiserror::Error)]
#[error(
    "cannot read font {path}: {source} (set INKBIND_FONT_DIR to a folder holding NotoSansCJK-Regular.ttc and NotoSansCJK-Bold.ttc)"
)]
pub struct FontError {
    /// The file tried.
    pub path: String,
    /// Why it failed.
    pub source: std::io::Error,
}

/// The process-wide font files.
///
/// # Errors
/// Only without the `bundled-fonts` feature, when the `.ttc` files cannot be read.
pub fn files() -> Result<&'static FontFiles, FontError> {
    static FILES: OnceLock<FontFiles> = OnceLock::new();
    if let Some(f) = FILES.get() {
        return Ok(f);
    }
    let f = load_files()?;
    Ok(FILES.get_or_init(|| f))
}

#[cfg(feature = "bundled-fonts")]
fn load_files() -> Result<FontFiles, FontError> {
    Ok(FontFiles {
        regular: include_bytes!("../../fonts/NotoSansCJK-Regular.ttc"),
        bold: include_bytes!("../../fonts/NotoSansCJK-Bold.ttc"),
    })
}

#[cfg(not(feature = "bundled-fonts"))]
fn load_files() -> Result<FontFiles, FontError> {
    let dir = std::env::var("INKBIND_FONT_DIR")
        .unwrap_or_else(|_| "/usr/share/fonts/opentype/noto".to_string());
    let read = |name: &str| -> Result<&'static [u8], FontError> {
        let path = format!("{dir}/{name}");
        std::fs::read(&path)
            .map(|v| &*Box::leak(v.into_boxed_slice()))
            .map_err(|source| FontError { path, source })
    };
    Ok(FontFiles {
        regular: read("NotoSansCJK-Regular.ttc")?,
        bold: read("NotoSansCJK-Bold.ttc")?,
    })
}

/// One shaped glyph. Advances and offsets are in em (divide font units by units-per-em),
/// `range` is the byte range of the source text it came from (for ToUnicode and for
/// splitting lines between clusters).
#[derive(Debug, Clone, PartialEq)]
pub struct ShapedGlyph {
    /// Glyph id in the face.
    pub id: u16,
    /// Horizontal advance, em.
    pub x_advance: f32,
    /// Horizontal offset, em.
    pub x_offset: f32,
    /// Vertical offset, em (up is positive, as in OpenType).
    pub y_offset: f32,
    /// Byte range in the shaped text.
    pub range: Range<usize>,
}

/// Vertical metrics of a face, in em.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct VMetrics {
    /// Typographic ascender (positive).
    pub ascender: f32,
    /// Typographic descender (negative).
    pub descender: f32,
}

/// Shapes text with the bundled faces; caches parsed faces. One per document build (not
/// `Sync`: rustybuzz faces borrow the static font bytes and are cheap to re-create).
pub struct Shaper {
    files: &'static FontFiles,
    faces: HashMap<FaceKey, rustybuzz::Face<'static>>,
    /// Characters no face had, with the first byte offset reported by the caller.
    missing: BTreeMap<char, usize>,
}

impl Shaper {
    /// A shaper over the process fonts.
    ///
    /// # Errors
    /// When the font files cannot be loaded (see [`files`]).
    pub fn new() -> Result<Shaper, FontError> {
        Ok(Shaper {
            files: files()?,
            faces: HashMap::new(),
            missing: BTreeMap::new(),
        })
    }

    /// The font files (for the PDF writer to embed the faces used).
    pub fn files(&self) -> &'static FontFiles {
        self.files
    }

    fn face(&mut self, key: FaceKey) -> &rustybuzz::Face<'static> {
        let data = self.files.data(key);
        self.faces.entry(key).or_insert_with(|| {
            // The bundled collections always hold faces 0-9.
            rustybuzz::Face::from_slice(data, key.index()).expect("face index 0-9 exists")
        })
    }

    /// Ascender and descender of a face, em.
    pub fn metrics(&mut self, key: FaceKey) -> VMetrics {
        let face = self.face(key);
        let upem = face.units_per_em() as f32;
        VMetrics {
            ascender: face.ascender() as f32 / upem,
            descender: face.descender() as f32 / upem,
        }
    }

    /// Shapes `text` (one direction, one style) with `key`'s face and the BCP 47 `lang`.
    /// Glyph 0 (.notdef) marks a character the face lacks; such characters are remembered
    /// with `offset` + their byte offset and reported by [`Shaper::take_missing`].
    pub fn shape(
        &mut self,
        key: FaceKey,
        text: &str,
        lang: &str,
        offset: usize,
    ) -> Vec<ShapedGlyph> {
        if text.is_empty() {
            return Vec::new();
        }
        let face = self.face(key);
        let upem = face.units_per_em() as f32;
        let mut buf = rustybuzz::UnicodeBuffer::new();
        buf.push_str(text);
        if let Ok(l) = lang.parse::<rustybuzz::Language>() {
            buf.set_language(l);
        }
        buf.guess_segment_properties();
        // Layout is left to right; right-to-left scripts are outside this product's scope.
        buf.set_direction(rustybuzz::Direction::LeftToRight);
        let out = rustybuzz::shape(face, &[], buf);
        let infos = out.glyph_infos();
        let pos = out.glyph_positions();
        let mut glyphs = Vec::with_capacity(infos.len());
        for i in 0..infos.len() {
            let start = infos[i].cluster as usize;
            // The cluster ends where the next different cluster starts.
            let mut end = text.len();
            for next in &infos[i + 1..] {
                if next.cluster as usize != start {
                    end = next.cluster as usize;
                    break;
                }
            }
            if end <= start {
                end = start + text[start..].chars().next().map_or(1, char::len_utf8);
            }
            glyphs.push(ShapedGlyph {
                id: infos[i].glyph_id as u16,
                x_advance: pos[i].x_advance as f32 / upem,
                x_offset: pos[i].x_offset as f32 / upem,
                y_offset: pos[i].y_offset as f32 / upem,
                range: start..end,
            });
        }
        for g in &glyphs {
            if g.id == 0 {
                if let Some(c) = text[g.range.clone()].chars().next() {
                    if !c.is_control() {
                        self.missing.entry(c).or_insert(offset + g.range.start);
                    }
                }
            }
        }
        glyphs
    }

    /// Characters that no face could draw, each with the first offset passed to
    /// [`Shaper::shape`]; clears the list.
    pub fn take_missing(&mut self) -> BTreeMap<char, usize> {
        std::mem::take(&mut self.missing)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_from_lang() {
        assert_eq!(Region::from_lang("ja"), Region::Jp);
        assert_eq!(Region::from_lang("ko-KR"), Region::Kr);
        assert_eq!(Region::from_lang("zh-Hans"), Region::Sc);
        assert_eq!(Region::from_lang("zh-TW"), Region::Tc);
        assert_eq!(Region::from_lang("zh-HK"), Region::Hk);
        assert_eq!(Region::from_lang("en"), Region::Jp);
    }

    #[test]
    fn shaping_uses_locl_and_kerning() {
        let mut s = Shaper::new().unwrap();
        let jp = FaceKey {
            weight: Weight::Regular,
            region: Region::Jp,
            mono: false,
        };
        // 骨 has different Japanese and Chinese forms (the spike measured gids 45132/45133).
        let ja = s.shape(jp, "骨", "ja", 0);
        let zh = s.shape(jp, "骨", "zh-Hans", 0);
        assert_ne!(ja[0].id, zh[0].id);
        // Kerning: "AV" is narrower shaped than the sum of its advances.
        let av: f32 = s.shape(jp, "AV", "en", 0).iter().map(|g| g.x_advance).sum();
        let a: f32 = s.shape(jp, "A", "en", 0)[0].x_advance;
        let v: f32 = s.shape(jp, "V", "en", 0)[0].x_advance;
        assert!(av < a + v - 0.005, "{av} vs {}", a + v);
        // CJK ideographs are one em wide.
        assert!((ja[0].x_advance - 1.0).abs() < 1e-3);
        assert!(s.take_missing().is_empty());
    }

    #[test]
    fn missing_glyphs_are_reported() {
        let mut s = Shaper::new().unwrap();
        let key = FaceKey {
            weight: Weight::Regular,
            region: Region::Jp,
            mono: false,
        };
        s.shape(key, "a\u{1F600}", "en", 10);
        let m = s.take_missing();
        assert_eq!(m.get(&'\u{1F600}'), Some(&11));
    }
}
