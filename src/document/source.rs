//! Loading a source file: bytes → text ([`decode_source`]: UTF-8, or UTF-16/UTF-32 when a
//! byte-order mark says so) → [`Document`] ([`parse`]: front matter and comrak, plus the
//! warnings for a document with nothing to show). [`load`] does both for a file.
//!
//! This is the document stage's entry point: the pipeline, book mode and the command line
//! all read Markdown through here, so every reader decodes and warns alike.

use std::path::Path;

use super::{Document, ParseOptions, parse_markdown};
use crate::diagnostics::Diagnostics;

/// Reads the file at `path` and parses it ([`decode_source`], then [`parse`]). Warnings go
/// to `diags` (whose file name the caller chose).
///
/// # Errors
/// The I/O error when the file cannot be read; decoding and parsing never fail.
pub fn load(path: &Path, diags: &mut Diagnostics) -> std::io::Result<Document> {
    let bytes = std::fs::read(path)?;
    let src = decode_source(&bytes, diags);
    Ok(parse(&src, diags))
}

/// Decodes file bytes to text. A byte-order mark picks the encoding (The Unicode Standard
/// §3.10 encoding schemes, §23.8 byte order mark): UTF-32 BE `00 00 FE FF`, UTF-32 LE
/// `FF FE 00 00`, UTF-8 `EF BB BF`, UTF-16 BE `FE FF`, UTF-16 LE `FF FE`; without one the
/// bytes are UTF-8. The mark is dropped. Invalid sequences (bad UTF-8, unpaired UTF-16 surrogates, UTF-32 values that are
/// no scalar value, a truncated last code unit) become U+FFFD, and one warning gives the
/// line and column (in characters, 1-based) of the first one; the rest of the file is kept.
pub fn decode_source(bytes: &[u8], diags: &mut Diagnostics) -> String {
    for (mark, encoding, units) in MARKS {
        let Some(rest) = bytes.strip_prefix(mark) else {
            continue;
        };
        return match units {
            Units::Utf16(unit) => {
                let (u, left) = code_units(rest, unit);
                let chars = char::decode_utf16(u).map(|r| {
                    r.map_err(|e| format!("unpaired surrogate {:04X}", e.unpaired_surrogate()))
                });
                collect_units(
                    chars,
                    left.then_some("a last byte with no pair"),
                    encoding,
                    diags,
                )
            }
            Units::Utf32(unit) => {
                let (u, left) = code_units(rest, unit);
                let chars = u.map(|v| {
                    char::from_u32(v).ok_or_else(|| format!("value {v:08X} is no character"))
                });
                collect_units(
                    chars,
                    left.then_some("a truncated last code unit"),
                    encoding,
                    diags,
                )
            }
        };
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(e) => {
            let good = &bytes[..e.valid_up_to()];
            let line = good.iter().filter(|&&b| b == b'\n').count() + 1;
            let line_start = good.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
            let column = String::from_utf8_lossy(&good[line_start..]).chars().count() + 1;
            let bad = &bytes
                [e.valid_up_to()..(e.valid_up_to() + e.error_len().unwrap_or(1)).min(bytes.len())];
            let hex: Vec<String> = bad.iter().map(|b| format!("{b:02X}")).collect();
            diags.warn(
                line,
                column,
                format!(
                    "invalid UTF-8 (bytes {}); replaced with U+FFFD, the rest of the file is kept",
                    hex.join(" ")
                ),
            );
            String::from_utf8_lossy(bytes).into_owned()
        }
    }
}

/// How the code units of a UTF-16 or UTF-32 encoding scheme are read from bytes.
#[derive(Clone, Copy)]
enum Units {
    Utf16(fn([u8; 2]) -> u16),
    Utf32(fn([u8; 4]) -> u32),
}

/// Byte-order marks other than UTF-8's, with their encoding scheme. UTF-32 LE's mark starts
/// with UTF-16 LE's, so it comes first (a UTF-16 LE file whose first character is U+0000
/// reads as UTF-32; no text starts so).
const MARKS: [(&[u8], &str, Units); 4] = [
    (
        b"\x00\x00\xFE\xFF",
        "UTF-32 BE",
        Units::Utf32(u32::from_be_bytes),
    ),
    (
        b"\xFF\xFE\x00\x00",
        "UTF-32 LE",
        Units::Utf32(u32::from_le_bytes),
    ),
    (b"\xFE\xFF", "UTF-16 BE", Units::Utf16(u16::from_be_bytes)),
    (b"\xFF\xFE", "UTF-16 LE", Units::Utf16(u16::from_le_bytes)),
];

/// The code units of `bytes`, `N` bytes each read by `unit`, and whether bytes were left
/// over at the end.
fn code_units<const N: usize, T: 'static>(
    bytes: &[u8],
    unit: fn([u8; N]) -> T,
) -> (impl Iterator<Item = T> + '_, bool) {
    let chunks = bytes.chunks_exact(N);
    let left = !chunks.remainder().is_empty();
    // chunks_exact gives N bytes each, so the conversion always succeeds.
    let units = chunks.map(move |c| unit(<[u8; N]>::try_from(c).unwrap_or([0; N])));
    (units, left)
}

/// The text of decoded characters, where `Err(what)` (and a `truncated` end) become
/// U+FFFD; one warning in `encoding`'s name gives the first one's line and column
/// (characters, 1-based) and how many more there were.
fn collect_units(
    chars: impl Iterator<Item = Result<char, String>>,
    truncated: Option<&str>,
    encoding: &str,
    diags: &mut Diagnostics,
) -> String {
    let mut out = String::new();
    let mut first: Option<(usize, usize, String)> = None;
    let mut count = 0;
    for r in chars.chain(truncated.map(|t| Err(t.to_string()))) {
        match r {
            Ok(c) => out.push(c),
            Err(what) => {
                count += 1;
                if first.is_none() {
                    let line = out.matches('\n').count() + 1;
                    let line_start = out.rfind('\n').map_or(0, |p| p + 1);
                    let column = out[line_start..].chars().count() + 1;
                    first = Some((line, column, what));
                }
                out.push(char::REPLACEMENT_CHARACTER);
            }
        }
    }
    if let Some((line, column, what)) = first {
        let more = match count {
            1 => String::new(),
            n => format!(" and {} more", n - 1),
        };
        diags.warn(
            line,
            column,
            format!(
                "invalid {encoding} ({what}{more}); replaced with U+FFFD, the rest of the file is kept"
            ),
        );
    }
    out
}

/// Parses Markdown text ([`parse_markdown`] with default options) and reports documents
/// with nothing to show: an empty file, or front matter with no body.
pub fn parse(src: &str, diags: &mut Diagnostics) -> Document {
    let doc = parse_markdown(src, &ParseOptions::default(), diags);
    if src.trim().is_empty() {
        diags.warn(1, 1, "the file is empty; the output has an empty page");
    } else if doc.blocks.is_empty() && doc.footnotes.is_empty() {
        let line = src.lines().count().max(1);
        diags.warn(line, 1, "the document has front matter but no body text");
    }
    doc
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16(s: &str, be: bool) -> Vec<u8> {
        let mut v = if be {
            vec![0xFE, 0xFF]
        } else {
            vec![0xFF, 0xFE]
        };
        for u in s.encode_utf16() {
            v.extend(if be { u.to_be_bytes() } else { u.to_le_bytes() });
        }
        v
    }

    fn decode(bytes: &[u8]) -> (String, Vec<String>) {
        let mut d = Diagnostics::new("t.md");
        let s = decode_source(bytes, &mut d);
        (s, d.items().iter().map(|x| x.to_string()).collect())
    }

    #[test]
    fn utf16_with_either_mark_decodes_without_warnings() {
        let text = "# 見出し\n\n本文 text 𠮷\n";
        for be in [false, true] {
            assert_eq!(decode(&utf16(text, be)), (text.to_string(), vec![]));
        }
    }

    #[test]
    fn unpaired_surrogates_become_replacement_with_one_warning() {
        // "ab\nc" + lone high surrogate + "d" + lone low surrogate, little endian.
        let mut b = vec![0xFF, 0xFE];
        for u in [0x61u16, 0x62, 0x0A, 0x63, 0xD800, 0x64, 0xDC00] {
            b.extend(u.to_le_bytes());
        }
        let (s, w) = decode(&b);
        assert_eq!(s, "ab\nc\u{FFFD}d\u{FFFD}");
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(
            w[0].starts_with(
                "t.md:2:2: warning: invalid UTF-16 LE (unpaired surrogate D800 and 1 more)"
            ),
            "{w:?}"
        );
        // An odd last byte is one more replacement.
        let mut odd = utf16("x", true);
        odd.push(0x41);
        let (s, w) = decode(&odd);
        assert_eq!(s, "x\u{FFFD}");
        assert!(
            w[0].contains("1:2: warning: invalid UTF-16 BE (a last byte"),
            "{w:?}"
        );
    }

    #[test]
    fn utf32_marks_and_utf8_mark() {
        let mut be = vec![0, 0, 0xFE, 0xFF];
        let mut le = vec![0xFF, 0xFE, 0, 0];
        for c in "漢a".chars() {
            be.extend((c as u32).to_be_bytes());
            le.extend((c as u32).to_le_bytes());
        }
        assert_eq!(decode(&be), ("漢a".to_string(), vec![]));
        assert_eq!(decode(&le), ("漢a".to_string(), vec![]));
        le.extend(0x11_0000u32.to_le_bytes());
        let (s, w) = decode(&le);
        assert_eq!(s, "漢a\u{FFFD}");
        assert!(
            w[0].contains("1:3: warning: invalid UTF-32 LE (value 00110000"),
            "{w:?}"
        );
        assert_eq!(decode(b"\xEF\xBB\xBFok"), ("ok".to_string(), vec![]));
    }
}
