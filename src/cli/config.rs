//! `inkbind.toml`: project defaults for `inkbind build` and `inkbind book`.
//!
//! Found in the working directory or the nearest parent that has one, or named with
//! `--config FILE`. Every key is optional; command-line flags override them. Relative paths
//! (`output`, `theme`, `resource_path`) are relative to the config file's folder.
//!
//! ```toml
//! output = "dist"            # output directory
//! formats = ["pdf", "epub"]  # or "pdf,epub"
//! page_size = "a4"           # a4 | letter | a5 | b5
//! strict = false             # any warning fails the document
//! jobs = 4                   # parallel documents (default: the number of cores)
//! theme = "book-theme.toml"  # PDF theme file
//! embed_fonts = true         # EPUB: embed the subset CJK font
//! epub_diagrams = "svg"      # svg | png
//! resource_path = ["assets"] # more folders to find images in (--resource-path)
//! ```

use std::path::{Path, PathBuf};

use serde::Deserialize;

/// File name looked for in the working directory and its parents.
pub const FILE_NAME: &str = "inkbind.toml";

/// The settings of an `inkbind.toml`, paths already made relative to the working
/// directory.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Output directory.
    pub output: Option<PathBuf>,
    /// Output formats (`["pdf", "epub"]` or `"pdf,epub"`).
    pub formats: Option<Formats>,
    /// Paper size name.
    pub page_size: Option<String>,
    /// Warnings fail documents.
    pub strict: Option<bool>,
    /// Parallel jobs (at least 1).
    pub jobs: Option<usize>,
    /// PDF theme file.
    pub theme: Option<PathBuf>,
    /// EPUB: embed the subset font.
    pub embed_fonts: Option<bool>,
    /// EPUB diagrams: `svg` or `png`.
    pub epub_diagrams: Option<String>,
    /// Folders searched for images after the document's own.
    #[serde(default)]
    pub resource_path: Vec<PathBuf>,
}

/// Formats as a list or a comma-separated string.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum Formats {
    /// `["pdf", "epub"]`
    List(Vec<String>),
    /// `"pdf,epub"`
    One(String),
}

impl Formats {
    /// The format names, trimmed and lower-case.
    pub fn names(&self) -> Vec<String> {
        let v: Vec<String> = match self {
            Formats::List(v) => v.clone(),
            Formats::One(s) => s.split(',').map(str::to_string).collect(),
        };
        v.into_iter()
            .map(|s| s.trim().to_ascii_lowercase())
            .filter(|s| !s.is_empty())
            .collect()
    }
}

/// Loads `explicit`, else the nearest `inkbind.toml` from the working directory up.
/// Returns the config and the file it came from (`None` when there is none).
///
/// # Errors
/// A message with the file, line and column for unreadable or invalid TOML and unknown keys.
pub fn load(explicit: Option<&Path>) -> Result<(Config, Option<PathBuf>), String> {
    let path = match explicit {
        Some(p) => Some(p.to_path_buf()),
        None => find(),
    };
    let Some(path) = path else {
        return Ok((Config::default(), None));
    };
    let text = std::fs::read_to_string(&path)
        .map_err(|e| format!("{}: cannot read the config file: {e}", path.display()))?;
    let mut c: Config = toml::from_str(&text).map_err(|e| {
        let (line, col) = e
            .span()
            .map(|s| {
                let before = &text[..s.start.min(text.len())];
                let line = before.matches('\n').count() + 1;
                let col = before[before.rfind('\n').map_or(0, |p| p + 1)..]
                    .chars()
                    .count()
                    + 1;
                (line, col)
            })
            .unwrap_or((0, 0));
        format!(
            "{}:{line}:{col}: invalid config: {}",
            path.display(),
            e.message()
        )
    })?;
    let dir = path.parent().unwrap_or(Path::new("")).to_path_buf();
    let rel = |p: PathBuf| if p.is_absolute() { p } else { dir.join(p) };
    c.output = c.output.map(rel);
    c.theme = c.theme.map(rel);
    c.resource_path = std::mem::take(&mut c.resource_path)
        .into_iter()
        .map(rel)
        .collect();
    if c.jobs == Some(0) {
        return Err(format!("{}: jobs must be at least 1", path.display()));
    }
    Ok((c, Some(path)))
}

fn find() -> Option<PathBuf> {
    let mut dir = std::env::current_dir().ok()?;
    loop {
        let p = dir.join(FILE_NAME);
        if p.is_file() {
            return Some(p);
        }
        if !dir.pop() {
            return None;
        }
    }
}
