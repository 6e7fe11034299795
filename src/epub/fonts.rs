//! Embedded fonts for the EPUB: the subset of the bundled Noto Sans CJK face(s) that the
//! package's text uses, as standalone OpenType (CFF) files referenced from `@font-face`.
//!
//! How: the `subsetter` crate (the one krilla uses for PDF) keeps only the glyphs used and
//! writes an sfnt with `CFF `, `head`, `hhea`, `hmtx`, `maxp`, `name` (copyright and the
//! SIL OFL notice kept) and `post`, but — being meant for PDF CID fonts — no `cmap` and no
//! `OS/2`. A reader needs both to map characters to glyphs, so this module adds a `cmap`
//! (format 4 for the BMP, format 12 when a character lies beyond it; OpenType spec, "cmap —
//! Character to Glyph Index Mapping Table") and the face's original `OS/2`, and rebuilds the
//! table directory with checksums and `head.checkSumAdjustment` (OpenType spec,
//! "Calculating checksums"). The result is a valid `font/otf` core media resource
//! (EPUB 3.3 §3.2). GSUB/GPOS are not kept: glyph forms are the face's defaults for its
//! region (face 0 JP, 1 KR, 2 SC, 3 TC, 4 HK), which is why one face per region is embedded.
//!
//! A region's face is embedded only when the text of the chapters in that language holds a
//! CJK character; Latin-only books embed nothing.
//!
//! Emoji clusters (the ones the PDF draws with Noto Emoji, [`crate::fonts::presentation`])
//! embed a subset of Noto Emoji (`font/ttf`, TrueType outlines), last in every font-family
//! list; its sequences (ZWJ, skin tone, flag, keycap) keep working through a small `GSUB`
//! ligature table built for exactly the sequences the text uses ([`super::gsub`]).

use std::collections::{BTreeMap, BTreeSet};

use rustybuzz::ttf_parser;

use super::EpubError;

/// One embedded font file.
pub(crate) struct FontFile {
    /// Path inside `OEBPS/`.
    pub href: String,
    /// The OpenType file.
    pub bytes: Vec<u8>,
    /// `font/otf` (CFF outlines) or `font/ttf` (TrueType outlines), EPUB 3.3 core media types.
    pub media_type: &'static str,
}

/// CSS family name of the embedded emoji subset.
const EMOJI_CSS_FAMILY: &str = "inkbind Noto Emoji";

/// Fonts and the CSS that uses them.
pub(crate) struct Embedded {
    /// One file per region with CJK text.
    pub files: Vec<FontFile>,
    /// `@font-face` rules and font-family overrides, appended to the stylesheet.
    pub css: String,
}

/// Region of the CJK faces: (collection index, short name, CSS selector, family name).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Region {
    Jp,
    Kr,
    Sc,
    Tc,
    Hk,
}

impl Region {
    /// The region of the bundled faces for a language ([`crate::fonts::Region::from_lang`]).
    fn from_lang(lang: &str) -> Region {
        match crate::fonts::Region::from_lang(lang) {
            crate::fonts::Region::Jp => Region::Jp,
            crate::fonts::Region::Kr => Region::Kr,
            crate::fonts::Region::Sc => Region::Sc,
            crate::fonts::Region::Tc => Region::Tc,
            crate::fonts::Region::Hk => Region::Hk,
        }
    }

    fn index(self) -> u32 {
        self as u32
    }

    fn code(self) -> &'static str {
        ["JP", "KR", "SC", "TC", "HK"][self as usize]
    }

    fn selector(self) -> &'static str {
        match self {
            Region::Jp => ":lang(ja)",
            Region::Kr => ":lang(ko)",
            Region::Sc => ":lang(zh), :lang(zh-Hans), :lang(zh-CN), :lang(zh-SG)",
            Region::Tc => ":lang(zh-Hant), :lang(zh-TW)",
            Region::Hk => ":lang(zh-HK), :lang(zh-MO)",
        }
    }

    fn family(self) -> String {
        format!("inkbind Noto Sans CJK {}", self.code())
    }
}

/// True for Han, kana, hangul, CJK punctuation and full-width forms.
fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x11FF | 0x2E80..=0x2FDF | 0x3000..=0x303F | 0x3040..=0x30FF | 0x3130..=0x318F
        | 0x31F0..=0x31FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF
        | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFFEF | 0x20000..=0x3FFFF)
}

/// An XHTML document's body text, tags skipped and entities decoded (control characters
/// other than `\n` dropped).
fn text_content(xhtml: &str) -> String {
    let mut out = String::new();
    let body = xhtml.find("<body").map_or(xhtml, |i| &xhtml[i..]);
    let mut in_tag = false;
    let mut entity: Option<String> = None;
    for c in body.chars() {
        if in_tag {
            in_tag = c != '>';
            continue;
        }
        if let Some(e) = entity.as_mut() {
            if c == ';' {
                let d = match e.as_str() {
                    "amp" => Some('&'),
                    "lt" => Some('<'),
                    "gt" => Some('>'),
                    "quot" => Some('"'),
                    "apos" => Some('\''),
                    n => n
                        .strip_prefix("#x")
                        .and_then(|h| u32::from_str_radix(h, 16).ok())
                        .or_else(|| n.strip_prefix('#').and_then(|d| d.parse().ok()))
                        .and_then(char::from_u32),
                };
                out.extend(d);
                entity = None;
            } else {
                e.push(c);
            }
            continue;
        }
        match c {
            '<' => in_tag = true,
            '&' => entity = Some(String::new()),
            c if !c.is_control() || c == '\n' => out.push(c),
            _ => {}
        }
    }
    out
}

/// Subsets the bundled Regular face of each region whose parts hold CJK text.
/// `parts` are (language tag, XHTML) pairs.
pub(crate) fn subset_fonts(parts: &[(&str, &str)]) -> Result<Embedded, EpubError> {
    let mut by_region: BTreeMap<Region, BTreeSet<char>> = BTreeMap::new();
    let texts: Vec<String> = parts.iter().map(|(_, x)| text_content(x)).collect();
    for ((lang, _), text) in parts.iter().zip(&texts) {
        by_region
            .entry(Region::from_lang(lang))
            .or_default()
            .extend(text.chars());
    }
    by_region.retain(|_, chars| chars.iter().any(|c| is_cjk(*c)));
    let files = crate::fonts::files().map_err(|e| EpubError::Internal(e.to_string()))?;
    let emoji = emoji_subset(&texts, files.regular)?;
    if by_region.is_empty() && emoji.is_none() {
        return Ok(Embedded {
            files: Vec::new(),
            css: String::new(),
        });
    }
    let mut out = Vec::new();
    let mut css = String::from(
        "\n/* Embedded subsets of Noto Sans CJK and Noto Emoji (SIL Open Font License 1.1, see their name tables). */\n",
    );
    let mut families: Vec<String> = by_region
        .keys()
        .map(|r| format!("\"{}\"", r.family()))
        .collect();
    if let Some(file) = emoji {
        css.push_str(&format!(
            "@font-face {{\n  font-family: \"{EMOJI_CSS_FAMILY}\";\n  src: url(\"{}\") format(\"truetype\");\n  font-weight: normal;\n  font-style: normal;\n}}\n",
            file.href
        ));
        out.push(file);
        families.push(format!("\"{EMOJI_CSS_FAMILY}\""));
    }
    for (region, chars) in &by_region {
        let bytes = subset_face(files.regular, region.index(), chars, &[])?;
        let href = format!("fonts/NotoSansCJK-{}-subset.otf", region.code());
        css.push_str(&format!(
            "@font-face {{\n  font-family: \"{}\";\n  src: url(\"{href}\") format(\"opentype\");\n  font-weight: normal;\n  font-style: normal;\n}}\n",
            region.family()
        ));
        out.push(FontFile {
            href,
            bytes,
            media_type: "font/otf",
        });
    }
    // Each language's own face first, then the other embedded faces (a Korean name in a
    // Japanese chapter is in the Japanese subset), then the reader's fonts.
    let others = families.join(", ");
    css.push_str(&format!(
        "html {{ font-family: \"Noto Sans\", \"Helvetica Neue\", Arial, {others}, sans-serif; }}\n"
    ));
    for region in by_region.keys() {
        css.push_str(&format!(
            "{} {{ font-family: \"{}\", {others}, \"Noto Sans CJK {}\", sans-serif; }}\n",
            region.selector(),
            region.family(),
            region.code()
        ));
    }
    css.push_str(&format!(
        "code, kbd, pre, :lang(ko) code, :lang(ko) pre, :lang(zh) code, :lang(zh) pre, :lang(zh-Hant) code, :lang(zh-Hant) pre {{ font-family: \"Noto Sans Mono CJK JP\", \"Noto Sans Mono\", \"DejaVu Sans Mono\", Menlo, Consolas, {others}, monospace; }}\n"
    ));
    Ok(Embedded { files: out, css })
}

/// The Noto Emoji subset for the emoji clusters of `texts` (those the PDF draws with it:
/// emoji presentation, or an emoji character the CJK face `cjk` (face 0) lacks), with a
/// ligature for each sequence the full font draws as one glyph; `None` without emoji.
fn emoji_subset(texts: &[String], cjk: &[u8]) -> Result<Option<FontFile>, EpubError> {
    use unicode_segmentation::UnicodeSegmentation;
    let err = |m: String| EpubError::Internal(format!("emoji font: {m}"));
    let mut clusters: BTreeSet<&str> = BTreeSet::new();
    let mut text_face: Option<ttf_parser::Face> = None;
    for text in texts {
        for g in text.graphemes(true) {
            let Some(base) = g.chars().next() else {
                continue;
            };
            if (g.len() == 1 || !crate::fonts::is_emoji_char(base)) || clusters.contains(g) {
                continue;
            }
            let wanted = match crate::fonts::presentation(g) {
                crate::fonts::Presentation::Emoji => true,
                _ => {
                    let face = text_face.get_or_insert_with(|| {
                        ttf_parser::Face::parse(cjk, 0).expect("bundled face 0 parses")
                    });
                    face.glyph_index(base).is_none()
                }
            };
            if wanted {
                clusters.insert(g);
            }
        }
    }
    if clusters.is_empty() {
        return Ok(None);
    }
    let Some(data) = crate::fonts::emoji_data() else {
        return Ok(None);
    };
    let face = ttf_parser::Face::parse(data, 0).map_err(|e| err(e.to_string()))?;
    let shaper = rustybuzz::Face::from_slice(data, 0).ok_or_else(|| err("unreadable".into()))?;
    let mut chars = BTreeSet::new();
    let mut ligatures: Vec<(Vec<u16>, u16)> = Vec::new();
    for g in &clusters {
        let mapped: Vec<u16> = g
            .chars()
            .filter(|c| !c.is_ascii())
            .filter_map(|c| face.glyph_index(c))
            .map(|id| id.0)
            .collect();
        if mapped.is_empty() {
            continue;
        }
        // ASCII (a keycap's digit) stays out: a reader lacking the text fonts listed first
        // would otherwise draw every digit in the emoji face.
        chars.extend(
            g.chars()
                .filter(|&c| !c.is_ascii() && face.glyph_index(c).is_some()),
        );
        if mapped.len() < 2 {
            continue;
        }
        let mut buf = rustybuzz::UnicodeBuffer::new();
        buf.push_str(g);
        let shaped = rustybuzz::shape(&shaper, &[], buf);
        let visible: Vec<u16> = shaped
            .glyph_infos()
            .iter()
            .zip(shaped.glyph_positions())
            .filter(|(_, p)| p.x_advance != 0)
            .map(|(i, _)| i.glyph_id as u16)
            .collect();
        // One glyph for several characters, even the base's own (Noto Emoji draws a
        // skin-tone modifier after its base as nothing).
        if let [one] = visible[..]
            && one != 0
        {
            ligatures.push((mapped, one));
        }
    }
    if chars.is_empty() {
        return Ok(None);
    }
    let bytes = subset_face(data, 0, &chars, &ligatures)?;
    Ok(Some(FontFile {
        href: "fonts/NotoEmoji-subset.ttf".into(),
        bytes,
        media_type: "font/ttf",
    }))
}

/// A standalone OpenType font holding the glyphs of `chars` from face `index` of `ttc`,
/// plus the `ligatures` (component glyph ids of the full font → ligature glyph id) as a
/// `GSUB` table when there are any.
fn subset_face(
    ttc: &[u8],
    index: u32,
    chars: &BTreeSet<char>,
    ligatures: &[(Vec<u16>, u16)],
) -> Result<Vec<u8>, EpubError> {
    let err = |m: String| EpubError::Internal(format!("font subsetting: {m}"));
    let face = ttf_parser::Face::parse(ttc, index).map_err(|e| err(e.to_string()))?;
    let mut remapper = subsetter::GlyphRemapper::new();
    remapper.remap(0);
    let mut mapped: Vec<(u32, u16)> = Vec::new();
    for &c in chars {
        if let Some(g) = face.glyph_index(c) {
            let new = remapper.remap(g.0);
            mapped.push((c as u32, new));
        }
    }
    let ligatures: Vec<(Vec<u16>, u16)> = ligatures
        .iter()
        .map(|(comps, lig)| {
            (
                comps.iter().map(|&g| remapper.remap(g)).collect(),
                remapper.remap(*lig),
            )
        })
        .collect();
    let os2 = face
        .raw_face()
        .table(ttf_parser::Tag::from_bytes(b"OS/2"))
        .ok_or_else(|| err("the face has no OS/2 table".into()))?
        .to_vec();
    let sub = subsetter::subset(ttc, index, &remapper).map_err(|e| err(e.to_string()))?;
    let mut tables = read_tables(&sub).ok_or_else(|| err("unreadable subset".into()))?;
    tables.insert(*b"cmap", build_cmap(&mapped));
    tables.insert(*b"OS/2", os2);
    if !ligatures.is_empty() {
        tables.insert(*b"GSUB", super::gsub::ligature_gsub(&ligatures));
    }
    Ok(write_sfnt(&sub[..4], tables))
}

/// The tables of a single-font sfnt, by tag.
fn read_tables(font: &[u8]) -> Option<BTreeMap<[u8; 4], Vec<u8>>> {
    let u16_at = |o: usize| Some(u16::from_be_bytes(font.get(o..o + 2)?.try_into().ok()?));
    let u32_at = |o: usize| Some(u32::from_be_bytes(font.get(o..o + 4)?.try_into().ok()?));
    let n = usize::from(u16_at(4)?);
    let mut out = BTreeMap::new();
    for i in 0..n {
        let rec = 12 + 16 * i;
        let tag: [u8; 4] = font.get(rec..rec + 4)?.try_into().ok()?;
        let off = u32_at(rec + 8)? as usize;
        let len = u32_at(rec + 12)? as usize;
        out.insert(tag, font.get(off..off + len)?.to_vec());
    }
    Some(out)
}

fn checksum(data: &[u8]) -> u32 {
    data.chunks(4).fold(0u32, |sum, c| {
        let mut b = [0u8; 4];
        b[..c.len()].copy_from_slice(c);
        sum.wrapping_add(u32::from_be_bytes(b))
    })
}

/// Writes an sfnt with `tables` (tags in ascending order, as the spec requires).
fn write_sfnt(version: &[u8], mut tables: BTreeMap<[u8; 4], Vec<u8>>) -> Vec<u8> {
    if let Some(head) = tables.get_mut(b"head")
        && head.len() >= 12
    {
        head[8..12].fill(0);
    }
    let n = tables.len() as u16;
    let sel = 15 - n.leading_zeros() as u16; // floor(log2(n))
    let search = (1u16 << sel) * 16;
    let mut out = Vec::new();
    out.extend_from_slice(version);
    for v in [n, search, sel, n * 16 - search] {
        out.extend_from_slice(&v.to_be_bytes());
    }
    let mut offset = 12 + 16 * tables.len();
    let mut head_at = None;
    for (tag, data) in &tables {
        if tag == b"head" {
            head_at = Some(offset);
        }
        out.extend_from_slice(tag);
        out.extend_from_slice(&checksum(data).to_be_bytes());
        out.extend_from_slice(&(offset as u32).to_be_bytes());
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        offset += data.len().div_ceil(4) * 4;
    }
    for data in tables.values() {
        out.extend_from_slice(data);
        out.resize(out.len().div_ceil(4) * 4, 0);
    }
    if let Some(at) = head_at {
        let adj = 0xB1B0_AFBAu32.wrapping_sub(checksum(&out));
        out[at + 8..at + 12].copy_from_slice(&adj.to_be_bytes());
    }
    out
}

/// A `cmap` with format 4 (BMP) and, when needed, format 12 subtables for `(code point,
/// glyph)` pairs sorted by code point.
fn build_cmap(mapped: &[(u32, u16)]) -> Vec<u8> {
    let runs = split_runs(mapped);
    let bmp: Vec<(u32, u32, u16)> = runs.iter().copied().filter(|r| r.1 <= 0xFFFF).collect();
    let wide = runs.iter().any(|r| r.1 > 0xFFFF);

    let mut f4 = Vec::new();
    let seg = bmp.len() + 1;
    let sel = 31 - (seg as u32).leading_zeros();
    let search = 2u16 << sel;
    for v in [
        4u16,
        0,
        0,
        (seg * 2) as u16,
        search,
        sel as u16,
        (seg * 2) as u16 - search,
    ] {
        f4.extend_from_slice(&v.to_be_bytes());
    }
    for r in &bmp {
        f4.extend_from_slice(&(r.1 as u16).to_be_bytes());
    }
    f4.extend_from_slice(&0xFFFFu16.to_be_bytes());
    f4.extend_from_slice(&0u16.to_be_bytes());
    for r in &bmp {
        f4.extend_from_slice(&(r.0 as u16).to_be_bytes());
    }
    f4.extend_from_slice(&0xFFFFu16.to_be_bytes());
    for r in &bmp {
        let delta = r.2.wrapping_sub(r.0 as u16);
        f4.extend_from_slice(&delta.to_be_bytes());
    }
    f4.extend_from_slice(&1u16.to_be_bytes());
    for _ in 0..seg {
        f4.extend_from_slice(&0u16.to_be_bytes());
    }
    let len = f4.len() as u16;
    f4[2..4].copy_from_slice(&len.to_be_bytes());

    let mut f12 = Vec::new();
    if wide {
        f12.extend_from_slice(&12u16.to_be_bytes());
        f12.extend_from_slice(&0u16.to_be_bytes());
        f12.extend_from_slice(&((16 + 12 * runs.len()) as u32).to_be_bytes());
        f12.extend_from_slice(&0u32.to_be_bytes());
        f12.extend_from_slice(&(runs.len() as u32).to_be_bytes());
        for r in &runs {
            for v in [r.0, r.1, u32::from(r.2)] {
                f12.extend_from_slice(&v.to_be_bytes());
            }
        }
    }
    // Encoding records: (0,3) and (3,1) → format 4; (0,4) and (3,10) → format 12.
    let mut records: Vec<(u16, u16, bool)> = vec![(0, 3, false), (3, 1, false)];
    if wide {
        records = vec![(0, 3, false), (0, 4, true), (3, 1, false), (3, 10, true)];
    }
    let header = 4 + 8 * records.len();
    let mut out = Vec::new();
    out.extend_from_slice(&0u16.to_be_bytes());
    out.extend_from_slice(&(records.len() as u16).to_be_bytes());
    for (p, e, is12) in &records {
        out.extend_from_slice(&p.to_be_bytes());
        out.extend_from_slice(&e.to_be_bytes());
        let off = if *is12 { header + f4.len() } else { header };
        out.extend_from_slice(&(off as u32).to_be_bytes());
    }
    out.extend_from_slice(&f4);
    out.extend_from_slice(&f12);
    out
}

/// `(first code point, last code point, first glyph)` runs.
fn split_runs(mapped: &[(u32, u16)]) -> Vec<(u32, u32, u16)> {
    let mut runs: Vec<(u32, u32, u16)> = Vec::new();
    for &(c, g) in mapped {
        if let Some(last) = runs.last_mut()
            && c == last.1 + 1
            && last.1 != 0xFFFF
            && u32::from(last.2) + (c - last.0) == u32::from(g)
        {
            last.1 = c;
            continue;
        }
        runs.push((c, c, g));
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subset_is_a_usable_font() {
        let files = crate::fonts::files().unwrap();
        let chars: BTreeSet<char> = "組版のテスト、漢字とかな。Latin ok! 𠮷".chars().collect();
        let otf = subset_face(files.regular, 0, &chars, &[]).unwrap();
        assert!(otf.len() < 200_000, "{} bytes", otf.len());
        let sub = ttf_parser::Face::parse(&otf, 0).expect("subset parses");
        let orig = ttf_parser::Face::parse(files.regular, 0).unwrap();
        for c in chars.iter().filter(|c| **c != ' ') {
            let g = sub.glyph_index(*c).unwrap_or_else(|| panic!("{c} mapped"));
            struct Sink(usize);
            impl ttf_parser::OutlineBuilder for Sink {
                fn move_to(&mut self, _: f32, _: f32) {
                    self.0 += 1
                }
                fn line_to(&mut self, _: f32, _: f32) {
                    self.0 += 1
                }
                fn quad_to(&mut self, _: f32, _: f32, _: f32, _: f32) {
                    self.0 += 1
                }
                fn curve_to(&mut self, _: f32, _: f32, _: f32, _: f32, _: f32, _: f32) {
                    self.0 += 1
                }
                fn close(&mut self) {}
            }
            let a = sub.outline_glyph(g, &mut Sink(0));
            let b = orig.outline_glyph(orig.glyph_index(*c).unwrap(), &mut Sink(0));
            assert_eq!(a, b, "outline of {c}");
            assert_eq!(
                sub.glyph_hor_advance(g),
                orig.glyph_hor_advance(orig.glyph_index(*c).unwrap())
            );
        }
        // Whole-file checksum is 0xB1B0AFBA once checkSumAdjustment is in.
        assert_eq!(checksum(&otf), 0xB1B0_AFBA);
    }

    #[test]
    fn chars_from_xhtml() {
        let s: BTreeSet<char> = text_content(
            "<head><title>T</title></head><body><p a=\"x\">漢&amp;&#x3042;</p></body>",
        )
        .chars()
        .collect();
        assert_eq!(s.into_iter().collect::<String>(), "&あ漢");
        assert_eq!(Region::from_lang("zh-Hant").code(), "TC");
        assert_eq!(Region::from_lang("ko-KR").code(), "KR");
    }
}
