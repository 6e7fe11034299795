//! Emoji: the bundled Noto Emoji face (`fonts/NotoEmoji-Regular.ttf`, monochrome TrueType
//! outlines; see `fonts/README.md` for why not the colour font), emoji presentation (UTS #51
//! §4 "Presentation Style") and face choice per extended grapheme cluster (UAX #29), so a
//! ZWJ sequence, a skin-tone modifier, a flag or a keycap is shaped by one face as one glyph.
//!
//! The face is registered on first use ([`emoji_face`]): a document without emoji never
//! parses it (its bytes are part of the binary's read-only data, paged in only when read).

use std::sync::OnceLock;

use unicode_properties::emoji::{EmojiStatus, UnicodeEmoji};
use unicode_segmentation::UnicodeSegmentation;

use super::{FaceKey, ShapedGlyph, Shaper, register_face};

/// Family name of the bundled emoji face (its `name` table, ID 1).
pub const EMOJI_FAMILY: &str = "Noto Emoji";

/// File name of the bundled emoji face in `fonts/` (or `INKBIND_FONT_DIR`).
pub const EMOJI_FILE: &str = "NotoEmoji-Regular.ttf";

/// The bytes of Noto Emoji Regular, or `None` when it cannot be had (only without the
/// `bundled-fonts` feature, when `INKBIND_FONT_DIR` has no `NotoEmoji-Regular.ttf`).
pub fn emoji_data() -> Option<&'static [u8]> {
    static DATA: OnceLock<Option<&'static [u8]>> = OnceLock::new();
    *DATA.get_or_init(load_emoji)
}

#[cfg(feature = "bundled-fonts")]
fn load_emoji() -> Option<&'static [u8]> {
    Some(include_bytes!("../../fonts/NotoEmoji-Regular.ttf"))
}

#[cfg(not(feature = "bundled-fonts"))]
fn load_emoji() -> Option<&'static [u8]> {
    let dir = std::env::var("INKBIND_FONT_DIR")
        .unwrap_or_else(|_| "/usr/share/fonts/truetype/noto".to_string());
    std::fs::read(format!("{dir}/{EMOJI_FILE}"))
        .ok()
        .map(|v| &*Box::leak(v.into_boxed_slice()))
}

/// The key of the emoji face, registered in the table of loaded faces on first call.
pub fn emoji_face() -> Option<FaceKey> {
    static KEY: OnceLock<Option<FaceKey>> = OnceLock::new();
    *KEY.get_or_init(|| emoji_data().map(|d| register_face(d, 0, "bundled:NotoEmoji-Regular")))
}

/// How a grapheme cluster asks to be drawn (UTS #51 §4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presentation {
    /// An emoji glyph: `Emoji_Presentation=Yes`, or an emoji sequence (VS16, keycap, ZWJ,
    /// skin-tone modifier, flag, tag sequence).
    Emoji,
    /// A text glyph when a text face has one: the cluster holds VS15 (U+FE0E).
    Text,
    /// Not an emoji, or an emoji character that defaults to text presentation (`©`, `☺`,
    /// digits): ordinary per-character fallback.
    Default,
}

/// True for characters that only join or modify an emoji sequence: ZWJ, VS15/VS16, the
/// combining keycap, skin-tone modifiers and tag characters.
pub fn is_emoji_joiner(c: char) -> bool {
    matches!(c, '\u{200D}' | '\u{FE0E}' | '\u{FE0F}' | '\u{20E3}' | '\u{1F3FB}'..='\u{1F3FF}' | '\u{E0020}'..='\u{E007F}')
}

/// True when `c` may be drawn by the emoji face (`Emoji=Yes` or `Emoji_Component=Yes`).
pub fn is_emoji_char(c: char) -> bool {
    c.is_emoji_char_or_emoji_component()
}

/// The presentation of one extended grapheme cluster.
pub fn presentation(cluster: &str) -> Presentation {
    let mut chars = cluster.chars();
    let Some(first) = chars.next() else {
        return Presentation::Default;
    };
    if !first.is_emoji_char() && !matches!(first, '\u{1F1E6}'..='\u{1F1FF}') {
        return Presentation::Default;
    }
    let rest: Vec<char> = chars.collect();
    if rest.contains(&'\u{FE0E}') {
        return Presentation::Text;
    }
    if rest
        .iter()
        .any(|&c| is_emoji_joiner(c) || matches!(c, '\u{1F1E6}'..='\u{1F1FF}'))
    {
        return Presentation::Emoji;
    }
    match first.emoji_status() {
        EmojiStatus::EmojiPresentation
        | EmojiStatus::EmojiPresentationAndModifierBase
        | EmojiStatus::EmojiPresentationAndEmojiComponent
        | EmojiStatus::EmojiPresentationAndModifierAndEmojiComponent => Presentation::Emoji,
        _ => Presentation::Default,
    }
}

impl Shaper {
    /// The emoji face when it should draw the whole grapheme cluster `cluster` instead of
    /// `preferred`: an emoji-presentation cluster whose base character it has, or a
    /// text-presentation (VS15) or default one whose base no bundled text face has.
    /// `None`: choose per character ([`Shaper::fallback`]).
    pub fn emoji_cluster_face(&mut self, preferred: FaceKey, cluster: &str) -> Option<FaceKey> {
        let base = cluster.chars().next()?;
        if cluster.len() == 1 || !is_emoji_char(base) {
            // ASCII alone is never an emoji cluster; other characters need the property.
            return None;
        }
        let p = presentation(cluster);
        // Text and default presentation keep a text face that has the character, without
        // touching the emoji face (digits and `©` must not load it).
        if p != Presentation::Emoji && self.has_glyph(preferred, base) {
            return None;
        }
        let emoji = emoji_face()?;
        match p {
            Presentation::Emoji => self.has_glyph(emoji, base).then_some(emoji),
            Presentation::Text | Presentation::Default => {
                (self.fallback(preferred, base) == Some(emoji)).then_some(emoji)
            }
        }
    }

    /// Shapes one line of text (a label) with per-cluster fallback from `preferred`: emoji
    /// clusters in the emoji face, other characters in the first face that has them (see
    /// [`Shaper::fallback`]). Glyph ranges are byte ranges of `text`; characters no face has
    /// are remembered for [`Shaper::take_missing`] at `offset` + their byte offset.
    pub fn shape_with_fallback(
        &mut self,
        preferred: FaceKey,
        text: &str,
        lang: &str,
        offset: usize,
    ) -> Vec<ShapedGlyph> {
        let mut runs: Vec<(usize, usize, FaceKey)> = Vec::new();
        for (start, g) in text.grapheme_indices(true) {
            let whole = self.emoji_cluster_face(preferred, g);
            for (i, c) in g.char_indices() {
                let off = start + i;
                let face = match whole {
                    Some(f) => f,
                    None if c.is_control() || super::is_default_ignorable(c) => {
                        runs.last().map_or(preferred, |r| r.2)
                    }
                    None => self.fallback(preferred, c).unwrap_or(preferred),
                };
                match runs.last_mut() {
                    Some(r) if r.2 == face => r.1 = off + c.len_utf8(),
                    _ => runs.push((off, off + c.len_utf8(), face)),
                }
            }
        }
        let mut out = Vec::new();
        for (a, b, face) in runs {
            for mut g in self.shape(face, &text[a..b], lang, offset + a) {
                g.range = g.range.start + a..g.range.end + a;
                out.push(g);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fonts::{Region, Weight};

    #[test]
    fn presentation_follows_uts51() {
        assert_eq!(presentation("✅"), Presentation::Emoji);
        assert_eq!(presentation("🚀"), Presentation::Emoji);
        assert_eq!(presentation("☺"), Presentation::Default);
        assert_eq!(presentation("☺\u{FE0F}"), Presentation::Emoji);
        assert_eq!(presentation("✅\u{FE0E}"), Presentation::Text);
        assert_eq!(presentation("1"), Presentation::Default);
        assert_eq!(presentation("1\u{FE0F}\u{20E3}"), Presentation::Emoji);
        assert_eq!(presentation("🇯🇵"), Presentation::Emoji);
        assert_eq!(presentation("👍🏽"), Presentation::Emoji);
        assert_eq!(presentation("a"), Presentation::Default);
        assert_eq!(presentation("漢"), Presentation::Default);
    }

    #[test]
    fn variation_selectors_pick_the_face() {
        let mut s = Shaper::new().unwrap();
        let jp = FaceKey::bundled(Weight::Regular, Region::Jp, false);
        let emoji = emoji_face().unwrap();
        // Emoji characters that default to text presentation and that both faces have.
        let both: Vec<char> = ['♥', '☀', '⚠', '☺', '✔', '☎', '♻']
            .into_iter()
            .filter(|&c| s.has_glyph(jp, c) && s.has_glyph(emoji, c))
            .collect();
        assert!(!both.is_empty());
        for c in both {
            assert_eq!(s.emoji_cluster_face(jp, &c.to_string()), None, "{c}");
            assert_eq!(
                s.emoji_cluster_face(jp, &format!("{c}\u{FE0E}")),
                None,
                "{c}"
            );
            assert_eq!(
                s.emoji_cluster_face(jp, &format!("{c}\u{FE0F}")),
                Some(emoji),
                "{c}"
            );
        }
        // VS15 on an emoji no text face has still draws it (from the emoji face).
        assert_eq!(s.emoji_cluster_face(jp, "✅\u{FE0E}"), Some(emoji));
        assert_eq!(s.emoji_cluster_face(jp, "✅\u{FE0F}"), Some(emoji));
        // Digits and letters never load or use the emoji face on their own.
        assert_eq!(s.emoji_cluster_face(jp, "1"), None);
    }

    #[test]
    fn sequences_shape_as_one_glyph() {
        let mut s = Shaper::new().unwrap();
        let jp = FaceKey::bundled(Weight::Regular, Region::Jp, false);
        for seq in [
            "👨\u{200D}👩\u{200D}👧\u{200D}👦",
            "👍🏽",
            "🇯🇵",
            "1\u{FE0F}\u{20E3}",
            "✅",
        ] {
            let glyphs: Vec<_> = s
                .shape_with_fallback(jp, seq, "en", 0)
                .into_iter()
                .filter(|g| g.x_advance > 0.0)
                .collect();
            assert_eq!(glyphs.len(), 1, "{seq:?}: {glyphs:?}");
            assert_ne!(glyphs[0].id, 0, "{seq:?}");
        }
        assert!(s.take_missing().is_empty());
        // Around the emoji, Latin text stays in the text face.
        let g = s.shape_with_fallback(jp, "a🚀b", "en", 0);
        assert_eq!(g.len(), 3);
        assert_eq!(g[1].range, 1..5);
    }
}
