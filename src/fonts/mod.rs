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
use std::sync::{Mutex, OnceLock};

mod emoji;
pub use emoji::{
    EMOJI_FAMILY, EMOJI_FILE, Presentation, emoji_data, emoji_face, is_emoji_char, is_emoji_joiner,
    presentation,
};

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
            if l.contains("-hk") || l.contains("-mo") || l.starts_with("yue") {
                Region::Hk
            } else if l.contains("hant") || l.contains("-tw") {
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

/// A font face: one of the bundled collections' faces, or a face loaded from the system
/// (or a configured file) for fallback.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FaceKey {
    /// A face of `fonts/NotoSansCJK-{Regular,Bold}.ttc`.
    Bundled {
        /// Regular or Bold collection.
        weight: Weight,
        /// Regional variant.
        region: Region,
        /// The Noto Sans Mono CJK face (code) instead of the proportional one.
        mono: bool,
    },
    /// Entry `n` of the process's table of loaded faces (see [`face_data`]).
    Loaded(u16),
}

impl FaceKey {
    /// A bundled face.
    pub fn bundled(weight: Weight, region: Region, mono: bool) -> FaceKey {
        FaceKey::Bundled {
            weight,
            region,
            mono,
        }
    }

    /// True for a face of the Bold collection (loaded faces: when their name says so).
    pub fn is_bold(self) -> bool {
        matches!(
            self,
            FaceKey::Bundled {
                weight: Weight::Bold,
                ..
            }
        )
    }
}

/// Characters shapers drop or draw as nothing (Unicode `Default_Ignorable_Code_Point`, the
/// ones met in text); never a reason to change face.
pub fn is_default_ignorable(c: char) -> bool {
    matches!(c, '\u{00AD}' | '\u{034F}' | '\u{200B}'..='\u{200F}' | '\u{2028}'..='\u{202E}' | '\u{2060}'..='\u{206F}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}' | '\u{E0000}'..='\u{E0FFF}')
}

/// Font file bytes, loaded once per process.
pub struct FontFiles {
    /// NotoSansCJK-Regular.ttc
    pub regular: &'static [u8],
    /// NotoSansCJK-Bold.ttc
    pub bold: &'static [u8],
}

impl FontFiles {
    /// The bytes of the collection of `weight`.
    pub fn data(&self, weight: Weight) -> &'static [u8] {
        match weight {
            Weight::Regular => self.regular,
            Weight::Bold => self.bold,
        }
    }
}

/// A face loaded from outside the bundle.
struct LoadedFace {
    data: &'static [u8],
    index: u32,
    /// Where it came from (path or family), for de-duplication.
    origin: String,
}

fn loaded() -> &'static Mutex<Vec<LoadedFace>> {
    static LOADED: OnceLock<Mutex<Vec<LoadedFace>>> = OnceLock::new();
    LOADED.get_or_init(|| Mutex::new(Vec::new()))
}

/// The font data (whole file) and face index of a face, for shaping and embedding.
///
/// # Errors
/// When the bundled fonts cannot be read (only without `bundled-fonts`) or the key names
/// no loaded face.
pub fn face_data(key: FaceKey) -> Result<(&'static [u8], u32), FontError> {
    match key {
        FaceKey::Bundled {
            weight,
            region,
            mono,
        } => Ok((
            files()?.data(weight),
            region.index() + if mono { 5 } else { 0 },
        )),
        FaceKey::Loaded(n) => {
            let table = loaded().lock().unwrap_or_else(|e| e.into_inner());
            table
                .get(n as usize)
                .map(|f| (f.data, f.index))
                .ok_or_else(|| FontError {
                    path: format!("loaded face #{n}"),
                    source: std::io::Error::new(std::io::ErrorKind::NotFound, "no such face"),
                })
        }
    }
}

/// Registers a face from bytes read elsewhere (a configured font file); returns its key.
/// The same `origin` and index are registered once.
pub fn register_face(data: &'static [u8], index: u32, origin: &str) -> FaceKey {
    let mut table = loaded().lock().unwrap_or_else(|e| e.into_inner());
    if let Some(i) = table
        .iter()
        .position(|f| f.origin == origin && f.index == index)
    {
        return FaceKey::Loaded(i as u16);
    }
    table.push(LoadedFace {
        data,
        index,
        origin: origin.to_string(),
    });
    FaceKey::Loaded((table.len() - 1) as u16)
}

/// The system font database (standard font folders, plus `INKBIND_FONT_PATH` entries),
/// scanned once on first use: only when a character is missing from the bundled faces.
fn system_db() -> &'static fontdb::Database {
    static DB: OnceLock<fontdb::Database> = OnceLock::new();
    DB.get_or_init(|| {
        let mut db = fontdb::Database::new();
        if std::env::var_os("INKBIND_NO_SYSTEM_FONTS").is_none() {
            db.load_system_fonts();
        }
        if let Some(extra) = std::env::var_os("INKBIND_FONT_PATH") {
            for dir in std::env::split_paths(&extra) {
                db.load_fonts_dir(dir);
            }
        }
        db
    })
}

/// A font database holding the bundled faces, for usvg (SVG images and Mermaid diagrams):
/// `sans-serif` is Noto Sans CJK JP and `monospace` Noto Sans Mono CJK JP, so SVG text never
/// silently disappears for lack of a font (usvg drops text it cannot resolve); Noto Emoji is
/// there for usvg's fallback.
///
/// # Errors
/// When the bundled fonts cannot be read (only without `bundled-fonts`).
pub fn svg_fontdb() -> Result<std::sync::Arc<fontdb::Database>, FontError> {
    static DB: OnceLock<std::sync::Arc<fontdb::Database>> = OnceLock::new();
    if let Some(db) = DB.get() {
        return Ok(db.clone());
    }
    let f = files()?;
    let mut db = fontdb::Database::new();
    db.load_font_source(fontdb::Source::Binary(std::sync::Arc::new(f.regular)));
    db.load_font_source(fontdb::Source::Binary(std::sync::Arc::new(f.bold)));
    // usvg's own per-character fallback searches every face of the database: emoji in
    // labels and SVG text are drawn from Noto Emoji (only its name table is read here).
    if let Some(emoji) = emoji_data() {
        db.load_font_source(fontdb::Source::Binary(std::sync::Arc::new(emoji)));
    }
    db.set_sans_serif_family("Noto Sans CJK JP");
    db.set_serif_family("Noto Sans CJK JP");
    db.set_monospace_family("Noto Sans Mono CJK JP");
    Ok(DB.get_or_init(|| std::sync::Arc::new(db)).clone())
}

/// Resolves a font family name to (regular, bold) faces: the bundled Noto Sans CJK
/// families by name ("Noto Sans CJK JP", "Noto Sans Mono CJK KR", …), else an installed
/// family through fontdb (bold falls back to regular when the family has no bold).
/// `None` when no such family exists.
pub fn resolve_family(name: &str) -> Option<(FaceKey, FaceKey)> {
    let name = name.trim();
    if name.is_empty() {
        return None;
    }
    for (mono, prefix) in [(true, "Noto Sans Mono CJK "), (false, "Noto Sans CJK ")] {
        if let Some(tag) = name.strip_prefix(prefix) {
            let region = match tag.trim().to_ascii_uppercase().as_str() {
                "JP" => Region::Jp,
                "KR" => Region::Kr,
                "SC" => Region::Sc,
                "TC" => Region::Tc,
                "HK" => Region::Hk,
                _ => return None,
            };
            return Some((
                FaceKey::bundled(Weight::Regular, region, mono),
                FaceKey::bundled(Weight::Bold, region, mono),
            ));
        }
    }
    let db = system_db();
    let load = |weight: u16| -> Option<FaceKey> {
        let id = db.query(&fontdb::Query {
            families: &[fontdb::Family::Name(name)],
            weight: fontdb::Weight(weight),
            ..Default::default()
        })?;
        let (source, index) = db.face_source(id)?;
        let (origin, bytes) = match source {
            fontdb::Source::File(path) => (path.display().to_string(), std::fs::read(&path).ok()?),
            fontdb::Source::SharedFile(path, data) => {
                (path.display().to_string(), (*data).as_ref().to_vec())
            }
            fontdb::Source::Binary(data) => (format!("binary-{id:?}"), (*data).as_ref().to_vec()),
        };
        Some(register_face(
            Box::leak(bytes.into_boxed_slice()),
            index,
            &origin,
        ))
    };
    let regular = load(400)?;
    let bold = load(700).unwrap_or(regular);
    Some((regular, bold))
}

/// A system face that has a glyph for `c`, preferring bold faces when `bold`; cached per
/// character. Faces of Noto Sans CJK are skipped (the bundle already has them).
pub fn system_fallback(c: char, bold: bool) -> Option<FaceKey> {
    type Cache = Mutex<HashMap<(char, bool), Option<FaceKey>>>;
    static CACHE: OnceLock<Cache> = OnceLock::new();
    let cache = CACHE.get_or_init(|| Mutex::new(HashMap::new()));
    if let Some(hit) = cache
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .get(&(c, bold))
    {
        return *hit;
    }
    let db = system_db();
    let mut best: Option<(fontdb::ID, bool)> = None;
    for info in db.faces() {
        if info
            .families
            .iter()
            .any(|(f, _)| f.starts_with("Noto Sans CJK") || f.starts_with("Noto Sans Mono CJK"))
        {
            continue;
        }
        let has = db
            .with_face_data(info.id, |data, index| {
                rustybuzz::ttf_parser::Face::parse(data, index)
                    .ok()
                    .and_then(|f| f.glyph_index(c))
                    .is_some()
            })
            .unwrap_or(false);
        if !has {
            continue;
        }
        let is_bold = info.weight.0 >= 600;
        let good = is_bold == bold && info.style == fontdb::Style::Normal;
        match best {
            None => best = Some((info.id, good)),
            Some((_, false)) if good => best = Some((info.id, good)),
            _ => {}
        }
        if good {
            break;
        }
    }
    let key = best.and_then(|(id, _)| {
        let (source, index) = db.face_source(id)?;
        let (origin, bytes) = match source {
            fontdb::Source::File(path) => (path.display().to_string(), std::fs::read(&path).ok()?),
            fontdb::Source::SharedFile(path, data) => {
                (path.display().to_string(), (*data).as_ref().to_vec())
            }
            fontdb::Source::Binary(data) => (format!("binary-{id:?}"), (*data).as_ref().to_vec()),
        };
        // Leaked once per face for the life of the process, like the bundled fonts.
        let data: &'static [u8] = Box::leak(bytes.into_boxed_slice());
        Some(register_face(data, index, &origin))
    });
    cache
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .insert((c, bold), key);
    key
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
    faces: HashMap<FaceKey, rustybuzz::Face<'static>>,
    /// Faces named in the theme's `[fonts] fallback`, tried last: (regular, bold).
    extra_fallbacks: Vec<(FaceKey, FaceKey)>,
    /// Characters no face had, with the first byte offset reported by the caller.
    missing: BTreeMap<char, usize>,
}

impl Shaper {
    /// A shaper over the process fonts.
    ///
    /// # Errors
    /// When the font files cannot be loaded (see [`files`]).
    pub fn new() -> Result<Shaper, FontError> {
        files()?;
        Ok(Shaper {
            faces: HashMap::new(),
            extra_fallbacks: Vec::new(),
            missing: BTreeMap::new(),
        })
    }

    fn face(&mut self, key: FaceKey) -> &rustybuzz::Face<'static> {
        self.faces.entry(key).or_insert_with(|| {
            let parsed = face_data(key)
                .ok()
                .and_then(|(data, index)| rustybuzz::Face::from_slice(data, index));
            match parsed {
                Some(f) => f,
                // A face that failed to parse falls back to the bundled JP face, which
                // `Shaper::new` has checked is readable.
                None => {
                    let data = files().map(|f| f.regular).unwrap_or_default();
                    rustybuzz::Face::from_slice(data, 0).expect("bundled face 0 parses")
                }
            }
        })
    }

    /// True when `key`'s face has a glyph for `c`.
    pub fn has_glyph(&mut self, key: FaceKey, c: char) -> bool {
        self.face(key).glyph_index(c).is_some()
    }

    /// The face to draw `c` with when `preferred` lacks it: the other bundled regions and
    /// the mono faces first, then the bundled emoji face (emoji characters only), then
    /// system fonts, then the theme's fallbacks; `None` when no font has it.
    pub fn fallback(&mut self, preferred: FaceKey, c: char) -> Option<FaceKey> {
        if self.has_glyph(preferred, c) {
            return Some(preferred);
        }
        if let FaceKey::Bundled { weight, region, .. } = preferred {
            for mono in [false, true] {
                for r in [
                    region,
                    Region::Jp,
                    Region::Sc,
                    Region::Tc,
                    Region::Hk,
                    Region::Kr,
                ] {
                    let k = FaceKey::bundled(weight, r, mono);
                    if self.has_glyph(k, c) {
                        return Some(k);
                    }
                }
            }
        }
        if is_emoji_char(c)
            && let Some(k) = emoji_face()
            && self.has_glyph(k, c)
        {
            return Some(k);
        }
        if let Some(k) = system_fallback(c, preferred.is_bold()) {
            return Some(k);
        }
        let bold = preferred.is_bold();
        let extra = self.extra_fallbacks.clone();
        extra
            .into_iter()
            .map(|(r, b)| if bold { b } else { r })
            .find(|k| self.has_glyph(*k, c))
    }

    /// Sets the faces tried after the bundled and system fonts (the theme's
    /// `[fonts] fallback` families), as (regular, bold) pairs.
    pub fn set_extra_fallbacks(&mut self, faces: Vec<(FaceKey, FaceKey)>) {
        self.extra_fallbacks = faces;
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
            if g.id == 0
                && let Some(c) = text[g.range.clone()].chars().next()
                && !c.is_control()
            {
                self.missing.entry(c).or_insert(offset + g.range.start);
            }
        }
        glyphs
    }

    /// Records `c` (at byte `offset` of the caller's text) as drawn by no font.
    pub fn note_missing(&mut self, c: char, offset: usize) {
        self.missing.entry(c).or_insert(offset);
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
        let jp = FaceKey::bundled(Weight::Regular, Region::Jp, false);
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
        let key = FaceKey::bundled(Weight::Regular, Region::Jp, false);
        s.shape(key, "a\u{1F600}", "en", 10);
        let m = s.take_missing();
        assert_eq!(m.get(&'\u{1F600}'), Some(&11));
    }
}
