//! Colour arithmetic as Mermaid's themes do it with khroma's `adjust`: a colour is read as
//! `#rgb`/`#rrggbb`, turned into hue (degrees), saturation and lightness (percent), shifted
//! channel by channel and written back as `#rrggbb`.
//!
//! Shared by every diagram type whose theme palette is derived (pie `pie1..pie12`, journey
//! `fillType0..7`); knows no diagram.

/// Hue (degrees, any sign), saturation and lightness (0–100).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Hsl {
    pub(crate) h: f64,
    pub(crate) s: f64,
    pub(crate) l: f64,
}

/// Parses `#rgb` or `#rrggbb` (any case) into red, green and blue (0–255).
pub(crate) fn parse_hex(c: &str) -> Option<(u8, u8, u8)> {
    let h = c.trim().strip_prefix('#')?;
    let d = |s: &str| u8::from_str_radix(s, 16).ok();
    match h.len() {
        3 => {
            let v: Vec<u8> = h
                .chars()
                .map(|ch| d(&ch.to_string()).map(|x| x * 17))
                .collect::<Option<_>>()?;
            Some((v[0], v[1], v[2]))
        }
        6 => Some((d(&h[0..2])?, d(&h[2..4])?, d(&h[4..6])?)),
        _ => None,
    }
}

/// The HSL channels of an sRGB colour (khroma's `rgb2hsl`).
pub(crate) fn to_hsl((r, g, b): (u8, u8, u8)) -> Hsl {
    let (r, g, b) = (r as f64 / 255.0, g as f64 / 255.0, b as f64 / 255.0);
    let max = r.max(g).max(b);
    let min = r.min(g).min(b);
    let l = (max + min) / 2.0;
    if max == min {
        return Hsl {
            h: 0.0,
            s: 0.0,
            l: l * 100.0,
        };
    }
    let d = max - min;
    let s = if l > 0.5 {
        d / (2.0 - max - min)
    } else {
        d / (max + min)
    };
    let h = if max == r {
        (g - b) / d + if g < b { 6.0 } else { 0.0 }
    } else if max == g {
        (b - r) / d + 2.0
    } else {
        (r - g) / d + 4.0
    };
    Hsl {
        h: h * 60.0,
        s: s * 100.0,
        l: l * 100.0,
    }
}

/// `#rrggbb` of an HSL colour (khroma's `hsl2rgb`; the hue wraps, saturation and lightness
/// are clamped to 0–100).
pub(crate) fn to_hex(c: Hsl) -> String {
    let h = c.h.rem_euclid(360.0) / 360.0;
    let s = c.s.clamp(0.0, 100.0) / 100.0;
    let l = c.l.clamp(0.0, 100.0) / 100.0;
    let ch = |v: f64| (v * 255.0).round().clamp(0.0, 255.0) as u8;
    let (r, g, b) = if s == 0.0 {
        (l, l, l)
    } else {
        let q = if l < 0.5 {
            l * (1.0 + s)
        } else {
            l + s - l * s
        };
        let p = 2.0 * l - q;
        let hue = |mut t: f64| {
            if t < 0.0 {
                t += 1.0;
            }
            if t > 1.0 {
                t -= 1.0;
            }
            if t < 1.0 / 6.0 {
                p + (q - p) * 6.0 * t
            } else if t < 0.5 {
                q
            } else if t < 2.0 / 3.0 {
                p + (q - p) * (2.0 / 3.0 - t) * 6.0
            } else {
                p
            }
        };
        (hue(h + 1.0 / 3.0), hue(h), hue(h - 1.0 / 3.0))
    };
    format!("#{:02x}{:02x}{:02x}", ch(r), ch(g), ch(b))
}

impl Hsl {
    /// khroma's `adjust(color, {h, s, l})`: `dh` degrees of hue and `ds`, `dl` points of
    /// saturation and lightness added. Kept unrounded, as khroma keeps its channels, so
    /// derived colours do not drift through `#rrggbb` rounding.
    pub(crate) fn adjust(self, dh: f64, ds: f64, dl: f64) -> Hsl {
        Hsl {
            h: self.h + dh,
            s: (self.s + ds).clamp(0.0, 100.0),
            l: (self.l + dl).clamp(0.0, 100.0),
        }
    }
}

/// A theme colour: exact HSL when it was hex (or derived from hex), else the CSS text as
/// given (named colours, `rgb(…)`), which adjusting leaves unchanged.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum ThemeColor {
    /// Channels, unrounded.
    Hsl(Hsl),
    /// A colour this module cannot read; used as written.
    Css(String),
}

impl ThemeColor {
    /// Reads `#rgb`/`#rrggbb`; anything else is kept as CSS text.
    pub(crate) fn parse(c: &str) -> ThemeColor {
        match parse_hex(c) {
            Some(rgb) => ThemeColor::Hsl(to_hsl(rgb)),
            None => ThemeColor::Css(c.to_string()),
        }
    }

    /// [`Hsl::adjust`]; CSS text comes back unchanged.
    pub(crate) fn adjust(&self, dh: f64, ds: f64, dl: f64) -> ThemeColor {
        match self {
            ThemeColor::Hsl(c) => ThemeColor::Hsl(c.adjust(dh, ds, dl)),
            other => other.clone(),
        }
    }

    /// The colour as CSS (`#rrggbb`, or the text as given).
    pub(crate) fn css(&self) -> String {
        match self {
            ThemeColor::Hsl(c) => to_hex(*c),
            ThemeColor::Css(s) => s.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mermaid_default_pie_colours() {
        // theme-default: tertiaryColor = adjust(primaryColor, {h: -160}); pie3 = adjust(tertiary,
        // {l: -40}) = hsl(80, 100%, 56.27%).
        let tertiary = ThemeColor::parse("#ECECFF").adjust(-160.0, 0.0, 0.0);
        assert_eq!(tertiary.adjust(0.0, 0.0, -40.0).css(), "#b5ff20");
        let adjust = |c: &str, h, l| ThemeColor::parse(c).adjust(h, 0.0, l).css();
        assert_eq!(adjust("#ECECFF", 0.0, 0.0), "#ececff");
        assert_eq!(adjust("#fff", 0.0, -50.0), "#808080");
        assert_eq!(adjust("not a colour", 10.0, 0.0), "not a colour");
    }
}
