//! Files a document refers to (today: images), found and read the same way for every
//! backend, so the PDF and the EPUB of one document show, refuse and report each file alike.
//!
//! [`resolve`] turns a Markdown URL into a local path (RFC 3986 §4.2 relative references,
//! against the document's folder); [`image::load`] reads the file within fixed limits and
//! checks that it decodes. Nothing is ever fetched from the network (hermetic builds).

pub mod fetch;
pub mod image;

use std::path::{Path, PathBuf};

/// Where a document's local files may come from: its own folder tree, then the folders of
/// `--resource-path` (searched in order, as pandoc's `--resource-path`). Anything else (an
/// absolute path, `../..` out of the tree, a symbolic link that leads out) is refused unless
/// `allow_outside` is set, so converting someone else's Markdown cannot embed
/// `/etc/passwd` or `~/.ssh/…`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ResourcePolicy {
    /// Folders searched after the document's folder, in order (`--resource-path DIR`).
    pub search_path: Vec<PathBuf>,
    /// Accept files outside the document's folder tree and the search path
    /// (`--allow-outside`).
    pub allow_outside: bool,
    /// Download `http(s)` images into a cache (`--fetch`); `None`: remote images are shown
    /// as their alt text.
    pub fetch: Option<fetch::FetchPolicy>,
}

impl ResourcePolicy {
    /// The folders (symbolic links resolved) a document in `base_dir` may read from, or
    /// `None` when anything may be read (`allow_outside`).
    pub fn roots(&self, base_dir: &Path) -> Option<Vec<PathBuf>> {
        if self.allow_outside {
            return None;
        }
        let base = if base_dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            base_dir
        };
        Some(
            std::iter::once(base)
                .chain(self.search_path.iter().map(PathBuf::as_path))
                .map(real_path)
                .collect(),
        )
    }
}

/// Whether `path` (symbolic links resolved) lies inside one of `roots` (from
/// [`ResourcePolicy::roots`]; `None` allows everything).
pub fn is_inside(path: &Path, roots: Option<&[PathBuf]>) -> bool {
    roots.is_none_or(|roots| {
        let target = real_path(path);
        roots.iter().any(|r| target.starts_with(r))
    })
}

/// The local file a Markdown URL (`images/a.png`, `my%20pic.png?v=2`, `file:///abs/a.png`)
/// names: relative references resolve against `base_dir` (the Markdown file's folder; empty
/// is the working directory), then against each folder of `policy.search_path`; the first
/// that exists is taken. A `?query` or `#fragment` is dropped and `%XX` escapes are decoded
/// (comrak keeps them).
///
/// # Errors
/// A predicate for [`crate::document::image_warning`]: `has no source` (empty URL), `is
/// remote and is not downloaded` (`http:`, `https:`, `//host/…`), `is not a local file`
/// (any other scheme: `data:`, `ftp:`, …), `is not found (looked for …)`, `is outside …`
/// (see [`ResourcePolicy`]); with `policy.fetch`, remote URLs give the cached file or the
/// errors of [`fetch::fetch`].
pub fn resolve(url: &str, base_dir: &Path, policy: &ResourcePolicy) -> Result<PathBuf, String> {
    if let Some(f) = &policy.fetch {
        let u = url.trim();
        match url_scheme(u).as_deref() {
            Some("http" | "https") => return fetch::fetch(u, f),
            None if u.starts_with("//") => return fetch::fetch(&format!("https:{u}"), f),
            _ => {}
        }
    }
    let rel = local_reference(url)?;
    let base = if base_dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        base_dir
    };
    let rel_path = Path::new(&rel);
    let candidates: Vec<PathBuf> = if rel_path.is_absolute() {
        vec![rel_path.to_path_buf()]
    } else {
        std::iter::once(base)
            .chain(policy.search_path.iter().map(PathBuf::as_path))
            .map(|d| d.join(rel_path))
            .collect()
    };
    let Some(found) = candidates
        .iter()
        .find(|c| std::fs::symlink_metadata(c).is_ok())
    else {
        let looked: Vec<String> = candidates.iter().map(|c| c.display().to_string()).collect();
        return Err(format!("is not found (looked for {})", looked.join(", ")));
    };
    if !is_inside(found, policy.roots(base).as_deref()) {
        let mut folders = vec![real_path(base).display().to_string()];
        folders.extend(policy.search_path.iter().map(|d| d.display().to_string()));
        return Err(format!(
            "is outside the document's folder{} ({}) and is not read; pass --allow-outside \
             to allow it",
            if folders.len() > 1 {
                " and the --resource-path folders"
            } else {
                ""
            },
            folders.join(", ")
        ));
    }
    Ok(found.clone())
}

/// The decoded local path a URL names, before any folder is joined.
fn local_reference(url: &str) -> Result<String, String> {
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
    Ok(rel)
}

/// `p` with symbolic links and `..` resolved (the file must exist for links to be seen);
/// when it cannot be resolved, its absolute form with `.` and `..` removed lexically.
fn real_path(p: &Path) -> PathBuf {
    if let Ok(r) = std::fs::canonicalize(p) {
        return r;
    }
    let abs = std::env::current_dir().unwrap_or_default().join(p);
    let mut out = PathBuf::new();
    for c in abs.components() {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
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

    fn open() -> ResourcePolicy {
        ResourcePolicy {
            allow_outside: true,
            ..Default::default()
        }
    }

    #[test]
    fn decodes_relative_absolute_and_escaped_references() {
        assert_eq!(local_reference("images/a.png").unwrap(), "images/a.png");
        assert_eq!(
            local_reference(" my%20pic%E3%81%82.png?v=2#x ").unwrap(),
            "my picあ.png"
        );
        assert_eq!(local_reference("file:///abs/a.png").unwrap(), "/abs/a.png");
        assert_eq!(
            resolve("/dev/null", Path::new("/doc"), &open()).unwrap(),
            PathBuf::from("/dev/null")
        );
    }

    #[test]
    fn refuses_what_is_not_a_local_file() {
        let dir = Path::new("/doc");
        let p = ResourcePolicy::default();
        assert_eq!(resolve("", dir, &p).unwrap_err(), "has no source");
        assert_eq!(resolve("#top", dir, &p).unwrap_err(), "has no source");
        for remote in ["https://x/a.png", "HTTP://x/a.png", "//cdn/a.png"] {
            assert_eq!(
                resolve(remote, dir, &p).unwrap_err(),
                "is remote and is not downloaded"
            );
        }
        assert_eq!(
            resolve("data:image/png;base64,AAAA", dir, &p).unwrap_err(),
            "is not a local file"
        );
    }

    #[test]
    fn search_path_and_containment() {
        let tmp = tempfile::tempdir().unwrap();
        let doc = tmp.path().join("posts");
        let shared = tmp.path().join("shared");
        std::fs::create_dir_all(doc.join("img")).unwrap();
        std::fs::create_dir_all(&shared).unwrap();
        std::fs::write(doc.join("img/a.png"), b"x").unwrap();
        std::fs::write(shared.join("b.png"), b"x").unwrap();
        std::fs::write(tmp.path().join("secret.png"), b"x").unwrap();
        let none = ResourcePolicy::default();
        let with_shared = ResourcePolicy {
            search_path: vec![shared.clone()],
            ..Default::default()
        };
        assert_eq!(
            resolve("img/a.png", &doc, &none).unwrap(),
            doc.join("img/a.png")
        );
        // The document's folder first, then the search path.
        assert_eq!(
            resolve("b.png", &doc, &with_shared).unwrap(),
            shared.join("b.png")
        );
        let miss = resolve("c.png", &doc, &with_shared).unwrap_err();
        assert!(miss.starts_with("is not found (looked for "), "{miss}");
        assert!(
            miss.contains("posts/c.png") && miss.contains("shared/c.png"),
            "{miss}"
        );
        // Out of the tree: `..`, an absolute path, a link that leads out.
        for url in ["../secret.png", "img/../../secret.png", "/etc/passwd"] {
            let e = resolve(url, &doc, &none).unwrap_err();
            assert!(
                e.starts_with("is outside the document's folder"),
                "{url}: {e}"
            );
            assert!(e.contains("--allow-outside"), "{e}");
        }
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(tmp.path().join("secret.png"), doc.join("link.png"))
                .unwrap();
            assert!(resolve("link.png", &doc, &none).is_err());
            assert!(resolve("link.png", &doc, &open()).is_ok());
        }
        assert_eq!(
            resolve("../secret.png", &doc, &open()).unwrap(),
            doc.join("../secret.png")
        );
        // A folder of the search path is inside by choice.
        assert!(resolve("../shared/b.png", &doc, &with_shared).is_ok());
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
