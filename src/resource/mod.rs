//! Files a document refers to (today: images), found and read the same way for every
//! backend, so the PDF and the EPUB of one document show, refuse and report each file alike.
//!
//! [`resolve`] turns a Markdown URL into a local path (RFC 3986 §4.2 relative references,
//! against the document's folder); [`image::load`] reads the file within fixed limits and
//! checks that it decodes. Nothing is ever fetched from the network (hermetic builds).

pub mod image;

use std::path::{Path, PathBuf};

/// The local file a Markdown URL (`images/a.png`, `my%20pic.png?v=2`, `file:///abs/a.png`)
/// names: relative references resolve against `base_dir` (the Markdown file's folder), a
/// `?query` or `#fragment` is dropped and `%XX` escapes are decoded (comrak keeps them).
///
/// # Errors
/// A predicate for [`crate::document::image_warning`]: `has no source` (empty URL), `is
/// remote and is not downloaded` (`http:`, `https:`, `//host/…`), `is not a local file`
/// (any other scheme: `data:`, `ftp:`, …).
pub fn resolve(url: &str, base_dir: &Path) -> Result<PathBuf, String> {
    let url = url.trim();
    if url.is_empty() {
        return Err("has no source".into());
    }
    let local = match url_scheme(url).as_deref() {
        None if url.starts_with("//") => return Err("is remote and is not downloaded".into()),
        None => url,
        Some("file") => url
            .strip_prefix("file://")
            .or_else(|| url.strip_prefix("file:"))
            .unwrap_or(url),
        Some("http" | "https") => return Err("is remote and is not downloaded".into()),
        Some(_) => return Err("is not a local file".into()),
    };
    let local = local.split(['?', '#']).next().unwrap_or("");
    let rel = percent_decode(local);
    if rel.is_empty() {
        return Err("has no source".into());
    }
    Ok(base_dir.join(rel))
}

/// Lower-case URL scheme (`https`) per RFC 3986 §3.1, or `None` for a relative reference.
/// A single letter before the colon is a Windows drive (`C:\x.png`), not a scheme.
pub(crate) fn url_scheme(url: &str) -> Option<String> {
    let colon = url.find(':')?;
    let s = &url[..colon];
    let mut chars = s.chars();
    let valid = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    (valid && s.len() > 1).then(|| s.to_ascii_lowercase())
}

/// Decodes `%XX` escapes (RFC 3986 §2.1); invalid UTF-8 is replaced, bad escapes are kept.
pub(crate) fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            let hex = std::str::from_utf8(&b[i + 1..i + 3]).ok();
            if let Some(v) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_relative_absolute_and_escaped_urls() {
        let dir = Path::new("/doc");
        assert_eq!(
            resolve("images/a.png", dir).unwrap(),
            PathBuf::from("/doc/images/a.png")
        );
        assert_eq!(
            resolve(" my%20pic%E3%81%82.png?v=2#x ", dir).unwrap(),
            PathBuf::from("/doc/my picあ.png")
        );
        assert_eq!(
            resolve("file:///abs/a.png", dir).unwrap(),
            PathBuf::from("/abs/a.png")
        );
        assert_eq!(
            resolve("/dev/zero", dir).unwrap(),
            PathBuf::from("/dev/zero")
        );
    }

    #[test]
    fn refuses_what_is_not_a_local_file() {
        let dir = Path::new("/doc");
        assert_eq!(resolve("", dir).unwrap_err(), "has no source");
        assert_eq!(resolve("#top", dir).unwrap_err(), "has no source");
        for remote in ["https://x/a.png", "HTTP://x/a.png", "//cdn/a.png"] {
            assert_eq!(
                resolve(remote, dir).unwrap_err(),
                "is remote and is not downloaded"
            );
        }
        assert_eq!(
            resolve("data:image/png;base64,AAAA", dir).unwrap_err(),
            "is not a local file"
        );
    }

    #[test]
    fn schemes_and_escapes() {
        assert_eq!(url_scheme("https://x"), Some("https".into()));
        assert_eq!(url_scheme("images/a.png"), None);
        assert_eq!(url_scheme("C:\\a.png"), None);
        assert_eq!(percent_decode("my%20pic%E3%81%82.png"), "my picあ.png");
        assert_eq!(percent_decode("100%"), "100%");
    }
}
