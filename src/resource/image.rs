//! Reading an image file within fixed limits and checking that it decodes, before any
//! backend touches it. The PDF and the EPUB both load images here, so a given file gets one
//! verdict and one wording: a refused image becomes the alt-text placeholder with a single
//! `file:line:col: warning:`.
//!
//! Checks, in order, each before the costlier next one:
//! 1. the path is a regular file (by metadata: no devices, FIFOs or directories, which
//!    could be read forever or block);
//! 2. it holds at most [`MAX_IMAGE_BYTES`] (read through `Read::take`, so a file that grows
//!    while read is cut off too);
//! 3. its magic bytes say PNG, JPEG, GIF or WebP (else SVG, by content or `.svg` name);
//! 4. the width × height its header declares is at most [`MAX_IMAGE_PIXELS`] (a 74-byte
//!    PNG may claim 100,000 × 100,000 pixels, 40 GB once decoded);
//! 5. it decodes, with the decoders and settings krilla uses (png with `EXPAND`,
//!    zune-jpeg, gif to RGBA, image-webp), so the PDF writer never meets an image it
//!    rejects; a JPEG, which krilla embeds undecoded, must also reach its end-of-image
//!    marker (a file cut short is caught). An SVG must be UTF-8, must not carry what an
//!    EPUB package cannot declare (scripts, `foreignObject`, remote references, entity
//!    declarations), and must parse with usvg; images it embeds pass the same limits.

use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Largest image file read: 64 MiB. Larger than any photo or diagram a document needs
/// (a 50-megapixel JPEG is about 20 MB), small enough that reading it cannot exhaust memory.
pub const MAX_IMAGE_BYTES: u64 = 64 * 1024 * 1024;

/// Most pixels (width × height, as the file's header declares) an image may have:
/// 50 megapixels, e.g. 8,660 × 5,773; enough for any print page at 300 dpi (A4 is
/// 8.7 megapixels). Decoding one takes at most 200 MB (RGBA, 8 bits).
pub const MAX_IMAGE_PIXELS: u64 = 50_000_000;

/// Raster formats both backends embed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageFormat {
    /// PNG (ISO/IEC 15948).
    Png,
    /// JPEG (ITU-T T.81, JFIF/Exif).
    Jpeg,
    /// GIF 87a/89a (first frame).
    Gif,
    /// WebP.
    Webp,
}

impl ImageFormat {
    /// IANA media type, e.g. `image/png`.
    pub fn media_type(self) -> &'static str {
        match self {
            ImageFormat::Png => "image/png",
            ImageFormat::Jpeg => "image/jpeg",
            ImageFormat::Gif => "image/gif",
            ImageFormat::Webp => "image/webp",
        }
    }

    /// File extension without the dot, e.g. `jpg`.
    pub fn extension(self) -> &'static str {
        match self {
            ImageFormat::Png => "png",
            ImageFormat::Jpeg => "jpg",
            ImageFormat::Gif => "gif",
            ImageFormat::Webp => "webp",
        }
    }

    /// The format its first bytes (magic number) say, if a raster one.
    pub fn sniff(b: &[u8]) -> Option<ImageFormat> {
        if b.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some(ImageFormat::Png)
        } else if b.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(ImageFormat::Jpeg)
        } else if b.starts_with(b"GIF87a") || b.starts_with(b"GIF89a") {
            Some(ImageFormat::Gif)
        } else if b.len() >= 12 && &b[..4] == b"RIFF" && &b[8..12] == b"WEBP" {
            Some(ImageFormat::Webp)
        } else {
            None
        }
    }
}

/// What a checked image file holds.
#[derive(Debug, Clone)]
pub enum ImageKind {
    /// A raster image that decodes, with the pixel size its header declares.
    Raster {
        /// Format from the magic bytes.
        format: ImageFormat,
        /// Width in pixels.
        width_px: u32,
        /// Height in pixels.
        height_px: u32,
    },
    /// An SVG, parsed by usvg against the bundled fonts (text kept as text).
    Svg(Arc<usvg::Tree>),
}

/// An image file that passed every check.
#[derive(Debug, Clone)]
pub struct Image {
    /// The file read.
    pub path: PathBuf,
    /// Its bytes, as read (at most [`MAX_IMAGE_BYTES`]).
    pub bytes: Arc<Vec<u8>>,
    /// What they hold.
    pub kind: ImageKind,
}

/// Loads the image a Markdown URL names, relative to `base_dir` ([`super::resolve`]).
///
/// # Errors
/// A predicate for [`crate::document::image_warning`], naming the reason and the limit:
/// `is remote and is not downloaded`, `cannot be read (not found)`, `is a character device,
/// not a regular file`, `is 100000×100000 pixels, over the 50-megapixel limit`, …
pub fn load(url: &str, base_dir: &Path, policy: &super::ResourcePolicy) -> Result<Image, String> {
    load_file(
        &super::resolve(url, base_dir, policy)?,
        policy.roots(base_dir).as_deref(),
    )
}

/// Loads and checks the image file at `path` (see the module doc for the checks).
///
/// # Errors
/// As [`load`], less the URL reasons.
/// Images an SVG refers to are read only from inside `roots` (see
/// [`super::ResourcePolicy::roots`]; `None`: from anywhere).
pub fn load_file(path: &Path, roots: Option<&[PathBuf]>) -> Result<Image, String> {
    let bytes = read_limited(path)?;
    let kind = match ImageFormat::sniff(&bytes) {
        Some(format) => {
            let (width_px, height_px) = check_raster(&bytes, format)?;
            ImageKind::Raster {
                format,
                width_px,
                height_px,
            }
        }
        None if looks_like_svg(&bytes, path) => {
            ImageKind::Svg(Arc::new(parse_svg(&bytes, path, roots)?))
        }
        None => return Err("is not a PNG, JPEG, GIF, WebP or SVG image".into()),
    };
    Ok(Image {
        path: path.to_path_buf(),
        bytes: Arc::new(bytes),
        kind,
    })
}

/// The bytes of a regular file of at most [`MAX_IMAGE_BYTES`].
fn read_limited(path: &Path) -> Result<Vec<u8>, String> {
    let io = |e: std::io::Error| format!("cannot be read ({})", crate::diagnostics::io_reason(&e));
    let meta = std::fs::metadata(path).map_err(io)?;
    not_regular(&meta)?;
    if meta.len() > MAX_IMAGE_BYTES {
        return Err(format!(
            "is {:.1} MiB, over the {} MiB limit",
            meta.len() as f64 / 1048576.0,
            MAX_IMAGE_BYTES >> 20
        ));
    }
    let file = std::fs::File::open(path).map_err(io)?;
    // The path may have been swapped since `metadata`: check what was opened.
    not_regular(&file.metadata().map_err(io)?)?;
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(MAX_IMAGE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if bytes.len() as u64 > MAX_IMAGE_BYTES {
        return Err(format!("is over the {} MiB limit", MAX_IMAGE_BYTES >> 20));
    }
    Ok(bytes)
}

/// `Err` naming what the file is when it is not a regular file.
fn not_regular(meta: &std::fs::Metadata) -> Result<(), String> {
    let t = meta.file_type();
    if t.is_file() {
        return Ok(());
    }
    let what = if t.is_dir() {
        "a directory"
    } else {
        special_file_kind(&t)
    };
    Err(format!("is {what}, not a regular file"))
}

#[cfg(unix)]
fn special_file_kind(t: &std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if t.is_char_device() {
        "a character device"
    } else if t.is_block_device() {
        "a block device"
    } else if t.is_fifo() {
        "a FIFO (named pipe)"
    } else if t.is_socket() {
        "a socket"
    } else {
        "a special file"
    }
}

#[cfg(not(unix))]
fn special_file_kind(_: &std::fs::FileType) -> &'static str {
    "a special file"
}

/// The pixel size of a raster image that is within [`MAX_IMAGE_PIXELS`] and decodes.
fn check_raster(bytes: &[u8], format: ImageFormat) -> Result<(u32, u32), String> {
    let size = imagesize::blob_size(bytes).map_err(|e| format!("is damaged ({e})"))?;
    let (w, h) = (size.width as u64, size.height as u64);
    if w == 0 || h == 0 {
        return Err("has no pixels".into());
    }
    if w.saturating_mul(h) > MAX_IMAGE_PIXELS {
        return Err(format!(
            "is {w}×{h} pixels, over the {}-megapixel limit",
            MAX_IMAGE_PIXELS / 1_000_000
        ));
    }
    let decoded = match format {
        ImageFormat::Png => check_png(bytes),
        ImageFormat::Jpeg => check_jpeg(bytes),
        ImageFormat::Gif => check_gif(bytes),
        ImageFormat::Webp => check_webp(bytes),
    };
    decoded.map_err(|e| {
        let e = e.split_whitespace().collect::<Vec<_>>().join(" ");
        format!("cannot be decoded ({})", e.to_lowercase())
    })?;
    Ok((w as u32, h as u32))
}

/// Decodes the first frame row by row (one row in memory), as krilla's `Image::from_png`
/// does with the whole frame.
fn check_png(bytes: &[u8]) -> Result<(), String> {
    let mut dec = png::Decoder::new(Cursor::new(bytes));
    dec.set_transformations(png::Transformations::EXPAND);
    let mut reader = dec.read_info().map_err(|e| e.to_string())?;
    while reader.next_row().map_err(|e| e.to_string())?.is_some() {}
    Ok(())
}

/// Reads the headers and the colour model as krilla does (it embeds the JPEG data as is,
/// for the viewer to decode), then walks the segments to the end-of-image marker.
fn check_jpeg(bytes: &[u8]) -> Result<(), String> {
    use zune_jpeg::zune_core::colorspace::ColorSpace;
    let mut dec = zune_jpeg::JpegDecoder::new(Cursor::new(bytes));
    dec.decode_headers().map_err(|e| e.to_string())?;
    match dec.input_colorspace() {
        Some(
            ColorSpace::Luma
            | ColorSpace::YCbCr
            | ColorSpace::RGB
            | ColorSpace::CMYK
            | ColorSpace::YCCK,
        ) => {}
        other => return Err(format!("unsupported colour space {other:?}")),
    }
    if !jpeg_reaches_eoi(bytes) {
        return Err("the file is cut short: it ends before its end-of-image marker".into());
    }
    Ok(())
}

/// Whether the marker segments of a JPEG (ITU-T T.81 §B.1.1) run on to its EOI marker:
/// segments are skipped by their length, entropy-coded data after SOS runs to the next
/// marker that is neither a stuffed `FF 00` nor a restart marker. Stray bytes between
/// segments are skipped, as decoders do.
fn jpeg_reaches_eoi(b: &[u8]) -> bool {
    let mut i = 2; // after SOI
    loop {
        let Some(ff) = b.get(i..).and_then(|r| r.iter().position(|&x| x == 0xFF)) else {
            return false;
        };
        i += ff;
        while b.get(i) == Some(&0xFF) {
            i += 1; // fill bytes
        }
        let Some(&marker) = b.get(i) else {
            return false;
        };
        i += 1;
        match marker {
            0xD9 => return true,
            0x00 | 0x01 | 0xD0..=0xD7 => continue, // no length
            _ => {}
        }
        let Some(len) = b
            .get(i..i + 2)
            .map(|l| usize::from(u16::from_be_bytes([l[0], l[1]])))
        else {
            return false;
        };
        i += len;
        if len < 2 || i > b.len() {
            return false;
        }
        if marker == 0xDA {
            loop {
                let Some(ff) = b[i..].iter().position(|&x| x == 0xFF) else {
                    return false;
                };
                i += ff;
                match b.get(i + 1) {
                    None => return false,
                    Some(0x00 | 0xD0..=0xD7) => i += 2,
                    Some(0xFF) => i += 1,
                    Some(_) => break,
                }
            }
        }
    }
}

/// Decodes the first frame to RGBA within gif's default 50 MB limit, as krilla does.
fn check_gif(bytes: &[u8]) -> Result<(), String> {
    let mut opts = gif::DecodeOptions::new();
    opts.set_color_output(gif::ColorOutput::RGBA);
    let mut dec = opts.read_info(bytes).map_err(|e| e.to_string())?;
    dec.read_next_frame()
        .map_err(|e| e.to_string())?
        .map(|_| ())
        .ok_or_else(|| "it has no frames".to_string())
}

/// Decodes the first frame as krilla does (at most 200 MB at [`MAX_IMAGE_PIXELS`]).
fn check_webp(bytes: &[u8]) -> Result<(), String> {
    let mut dec = image_webp::WebPDecoder::new(Cursor::new(bytes)).map_err(|e| e.to_string())?;
    dec.icc_profile().map_err(|e| e.to_string())?;
    let size = dec.output_buffer_size().ok_or("it is too large")?;
    let mut buf = vec![0u8; size];
    dec.read_image(&mut buf).map_err(|e| e.to_string())
}

/// An SVG by content (an XML prolog, doctype, comment or `<svg` first, and an `<svg`
/// element in the first 4 KiB) or by a `.svg` name.
fn looks_like_svg(b: &[u8], path: &Path) -> bool {
    let head = String::from_utf8_lossy(&b[..b.len().min(4096)]);
    let t = head.trim_start_matches('\u{FEFF}').trim_start();
    let looks_xml = t.starts_with("<?xml") || t.starts_with("<svg") || t.starts_with("<!");
    (looks_xml && t.contains("<svg"))
        || path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("svg"))
}

/// The usvg tree of an SVG file both backends can use, or why not.
fn parse_svg(bytes: &[u8], path: &Path, roots: Option<&[PathBuf]>) -> Result<usvg::Tree, String> {
    let text = std::str::from_utf8(bytes).map_err(|_| "is an SVG that is not UTF-8 text")?;
    if let Some(why) = svg_refusal(text) {
        return Err(format!("is an SVG that {why}"));
    }
    let fontdb = crate::fonts::svg_fontdb().map_err(|e| e.to_string())?;
    let opts = usvg::Options {
        resources_dir: path.parent().map(Path::to_path_buf),
        fontdb,
        font_family: "Noto Sans CJK JP".into(),
        image_href_resolver: embedded_image_resolver(roots.map(<[PathBuf]>::to_vec)),
        ..Default::default()
    };
    usvg::Tree::from_str(text, &opts).map_err(|e| format!("is not a valid SVG ({e})"))
}

/// What an SVG holds that an EPUB package cannot declare (epub-builder writes no manifest
/// `properties` for `scripted` or `remote-resources`, EPUB 3.3 §5.6.2.2) or that is unsafe
/// to expand (entity declarations, a DTD internal subset), worded as a relative clause.
fn svg_refusal(text: &str) -> Option<&'static str> {
    let lower = text.to_ascii_lowercase();
    if lower.contains("<script") {
        return Some("contains a script");
    }
    if lower.contains("<foreignobject") {
        return Some("contains foreignObject");
    }
    if lower.contains("<!entity") {
        return Some("declares XML entities");
    }
    let remote = [
        "href=\"http",
        "href='http",
        "url(http",
        "url(\"http",
        "url('http",
        "@import",
    ];
    if remote.iter().any(|p| lower.contains(p)) {
        return Some("references remote resources");
    }
    if let Some(start) = text.find("<!DOCTYPE") {
        match text[start..].find('>') {
            None => return Some("has a DOCTYPE that is not closed"),
            Some(len) if text[start..start + len].contains('[') => {
                return Some("has a DTD internal subset");
            }
            Some(_) => {}
        }
    }
    None
}

/// usvg's `<image href>` resolution with this module's limits: a file (relative to the
/// SVG) is read by [`read_limited`], raster data (a file or a `data:` URL) must pass
/// [`check_raster`], so an embedded image can neither be read forever nor abort the PDF
/// writer, and a file outside `roots` is not read. An embedded image that fails is left
/// out of the drawing, as usvg leaves out one it cannot find.
fn embedded_image_resolver(roots: Option<Vec<PathBuf>>) -> usvg::ImageHrefResolver<'static> {
    usvg::ImageHrefResolver {
        resolve_data: Box::new(|mime, data, opts| {
            let format = match mime {
                "image/jpg" | "image/jpeg" => ImageFormat::Jpeg,
                "image/png" => ImageFormat::Png,
                "image/gif" => ImageFormat::Gif,
                "image/webp" => ImageFormat::Webp,
                "image/svg+xml" => return nested_svg(&data, opts),
                "text/plain" => match ImageFormat::sniff(&data) {
                    Some(f) => f,
                    None => return nested_svg(&data, opts),
                },
                _ => return None,
            };
            raster_kind(data, format)
        }),
        resolve_string: Box::new(move |href, opts| {
            let path = opts.get_abs_path(Path::new(href));
            if !super::is_inside(&path, roots.as_deref()) {
                return None;
            }
            let data = read_limited(&path).ok()?;
            let svg = path
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| e.eq_ignore_ascii_case("svg") || e.eq_ignore_ascii_case("svgz"));
            if svg {
                return nested_svg(&data, opts);
            }
            let format = ImageFormat::sniff(&data)?;
            raster_kind(Arc::new(data), format)
        }),
    }
}

fn raster_kind(data: Arc<Vec<u8>>, format: ImageFormat) -> Option<usvg::ImageKind> {
    check_raster(&data, format).ok()?;
    Some(match format {
        ImageFormat::Png => usvg::ImageKind::PNG(data),
        ImageFormat::Jpeg => usvg::ImageKind::JPEG(data),
        ImageFormat::Gif => usvg::ImageKind::GIF(data),
        ImageFormat::Webp => usvg::ImageKind::WEBP(data),
    })
}

/// An SVG inside an SVG (usvg gives it no file access; its `data:` images come back here).
fn nested_svg(data: &[u8], opts: &usvg::Options) -> Option<usvg::ImageKind> {
    usvg::Tree::from_data_nested(data, opts)
        .ok()
        .map(usvg::ImageKind::SVG)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_formats() {
        assert_eq!(
            ImageFormat::sniff(b"\x89PNG\r\n\x1a\n..."),
            Some(ImageFormat::Png)
        );
        assert_eq!(
            ImageFormat::sniff(b"RIFF\0\0\0\0WEBPVP8 "),
            Some(ImageFormat::Webp)
        );
        assert_eq!(ImageFormat::sniff(b"<svg/>"), None);
        let p = Path::new("a.bin");
        assert!(looks_like_svg(
            b"\xEF\xBB\xBF <?xml version='1.0'?><svg/>",
            p
        ));
        assert!(!looks_like_svg(b"hello", p));
        assert!(looks_like_svg(b"hello", Path::new("a.SVG")));
    }

    #[test]
    fn jpeg_segments_must_reach_eoi() {
        // SOI, APP0 (length 4), SOS (length 3 + 1 byte), entropy data with a stuffed FF00
        // and a restart marker, EOI.
        let whole = [
            0xFF, 0xD8, 0xFF, 0xE0, 0, 4, 1, 2, 0xFF, 0xDA, 0, 3, 9, 0x12, 0xFF, 0x00, 0x34, 0xFF,
            0xD0, 0x56, 0xFF, 0xD9,
        ];
        assert!(jpeg_reaches_eoi(&whole));
        for cut in 2..whole.len() {
            assert!(!jpeg_reaches_eoi(&whole[..cut]), "cut at {cut}");
        }
        // An EOI inside a segment (an Exif thumbnail) is not the end.
        let thumb = [0xFF, 0xD8, 0xFF, 0xE1, 0, 4, 0xFF, 0xD9, 0xFF, 0xDA];
        assert!(!jpeg_reaches_eoi(&thumb));
    }

    #[test]
    fn svg_refusals() {
        assert_eq!(
            svg_refusal("<svg><script>x</script></svg>"),
            Some("contains a script")
        );
        assert_eq!(
            svg_refusal("<svg><image href=\"https://x/a.png\"/></svg>"),
            Some("references remote resources")
        );
        assert_eq!(
            svg_refusal("<!DOCTYPE svg [<!ELEMENT a ANY>]><svg/>"),
            Some("has a DTD internal subset")
        );
        assert_eq!(
            svg_refusal("<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" \"svg11.dtd\"><svg/>"),
            None
        );
    }
}
