//! Book mode: many Markdown files → one [`Book`] (chapters in order, book metadata, ids
//! unique across the book, links between the files rewritten).
//!
//! A book is built from a list of files ([`Book::from_files`], `inkbind book a.md b.md …`) or
//! from a `book.yaml` ([`Book::from_yaml`], `inkbind book book.yaml`):
//!
//! ```yaml
//! title: 紙に刷るブログ          # book title (else --title, else the first chapter's)
//! subtitle: …
//! author: 佐伯 みなと            # or authors: [a, b]
//! lang: ja                      # BCP 47 (else the most common chapter language)
//! cover: cover.png              # relative to the yaml; missing → a warning, no cover
//! identifier: urn:uuid:…        # or an ISBN URN; else a stable hash of title/authors/date
//! sort: date                    # date | title | path | none (default: as listed)
//! chapters: ["*.md", extra/appendix.md]   # paths or globs (*, ?, **) relative to the yaml
//! ```
//!
//! Each file is a chapter; its front matter gives the chapter's title, date (`date` or
//! `pubDate`), author(s) and description. What the backends can rely on after assembly:
//!
//! - every heading id is unique across the whole book (a clash gets the chapter number as a
//!   suffix: `intro` in chapter 3 becomes `intro-3`); each chapter also has its own anchor id
//!   ([`Chapter::id`], `chapter-N`) for the chapter start, unique as well;
//! - every link between the files (`other.md`, `other.md#section`, `./dir/other.md`,
//!   percent-encoded or not) is rewritten to `#id`, where `id` is a heading id or a chapter
//!   anchor; [`Book::chapter_of`] says which chapter holds an id (the EPUB writer turns
//!   `#id` into `chapter_N.xhtml#id`, the PDF writer into a named destination);
//! - links inside one file (`#section`) follow their heading's new id;
//! - a link to a file that is not in the book is left as written, with a
//!   `file:line:col` warning (the EPUB shows it as plain text: it cannot resolve there).

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Component, Path, PathBuf};

use crate::diagnostics::{Diagnostics, quote};
use crate::document::{Block, Document, Inline, Metadata, YamlValue};

/// A whole book: book-level metadata and the chapters in reading order.
#[derive(Debug, Clone, Default)]
pub struct Book {
    /// Book metadata: title, subtitle, authors, lang, description, date (the latest chapter
    /// date unless given), cover (an absolute or working-directory-relative path to a file
    /// that exists; `None` when missing) and the identifier in `extra["identifier"]`.
    pub metadata: Metadata,
    /// Chapters in reading order (at least one).
    pub chapters: Vec<Chapter>,
    /// Heading id or chapter anchor → index into `chapters`.
    anchors: HashMap<String, usize>,
}

/// One chapter: a Markdown file with its own front matter.
#[derive(Debug, Clone, Default)]
pub struct Chapter {
    /// The file as the user named it (or as found by a glob).
    pub source_path: PathBuf,
    /// The parsed document, with ids and links already rewritten for the book.
    pub document: Document,
    /// Chapter title: front matter `title`, else the first heading, else the file stem.
    pub title: String,
    /// True when `title` came from front matter or the file name, so a writer must show it
    /// as the chapter heading; false when it is the text of the chapter's first heading
    /// (which is shown anyway).
    pub show_title: bool,
    /// `date` / `pubDate` as written.
    pub date: Option<String>,
    /// Chapter author(s) from front matter.
    pub authors: Vec<String>,
    /// `description` / `summary`.
    pub description: Option<String>,
    /// Anchor id of the chapter start (`chapter-N`, 1-based), unique in the book.
    pub id: String,
}

/// Chapter order for [`Book::from_yaml`] (`sort:`) and [`Book::from_files`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    /// As listed (globs expand in path order).
    #[default]
    None,
    /// By `date`/`pubDate`, oldest first; undated chapters last, in listed order.
    Date,
    /// By title (Unicode code point order).
    Title,
    /// By path.
    Path,
}

impl Sort {
    /// Parses `date`, `title`, `path`, `none` (any case).
    pub fn parse(s: &str) -> Option<Sort> {
        match s.trim().to_ascii_lowercase().as_str() {
            "date" => Some(Sort::Date),
            "title" => Some(Sort::Title),
            "path" => Some(Sort::Path),
            "none" | "" => Some(Sort::None),
            _ => None,
        }
    }
}

/// Book settings from the command line; each one given overrides `book.yaml`.
#[derive(Debug, Clone, Default)]
pub struct BookOptions {
    /// `--title`.
    pub title: Option<String>,
    /// `--subtitle`.
    pub subtitle: Option<String>,
    /// `--author` (repeatable).
    pub authors: Vec<String>,
    /// `--lang`.
    pub lang: Option<String>,
    /// `--cover` (relative to the working directory).
    pub cover: Option<PathBuf>,
    /// `--identifier`.
    pub identifier: Option<String>,
    /// `--sort`; `None` keeps the yaml's (or, for files, the order given).
    pub sort: Option<Sort>,
}

/// Why no book could be made. Problems inside chapters are warnings, not errors.
#[derive(Debug, thiserror::Error)]
pub enum BookError {
    /// The book file or a chapter could not be read.
    #[error("{path}: error: cannot read the file: {source}")]
    Read {
        /// The file.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// `book.yaml` is not valid YAML or not a mapping.
    #[error("{path}:{line}:{column}: error: {message}")]
    Yaml {
        /// The book file.
        path: String,
        /// 1-based line (0 unknown).
        line: usize,
        /// 1-based column (0 unknown).
        column: usize,
        /// What is wrong.
        message: String,
    },
    /// No chapter files (empty list, or globs that matched nothing).
    #[error("{0}: error: the book has no chapters")]
    NoChapters(String),
}

impl Book {
    /// Builds a book from Markdown files in the given order (unless `opts.sort` says
    /// otherwise). Warnings of every chapter (with its own file name) go to `diags`.
    ///
    /// # Errors
    /// [`BookError::Read`] when a file cannot be read, [`BookError::NoChapters`] for an
    /// empty list.
    pub fn from_files(
        files: &[PathBuf],
        opts: &BookOptions,
        diags: &mut Diagnostics,
    ) -> Result<Book, BookError> {
        if files.is_empty() {
            return Err(BookError::NoChapters("inkbind book".into()));
        }
        let mut list = ChapterList::default();
        for f in files {
            if let Some(first) = list.add(f.clone(), true) {
                diags.warn_in("inkbind book", 0, 0, same_file_warning(f, &first));
            }
        }
        let meta = Metadata::default();
        assemble(
            &list.files,
            meta,
            opts.sort.unwrap_or_default(),
            opts,
            None,
            diags,
        )
    }

    /// Builds a book from a `book.yaml` (see the module docs for its keys). Command-line
    /// settings in `opts` override the file's.
    ///
    /// # Errors
    /// [`BookError::Read`] / [`BookError::Yaml`] for the book file, [`BookError::Read`] for
    /// a chapter, [`BookError::NoChapters`] when the chapter list matches no file.
    pub fn from_yaml(
        path: &Path,
        opts: &BookOptions,
        diags: &mut Diagnostics,
    ) -> Result<Book, BookError> {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| BookError::Read {
            path: name.clone(),
            source,
        })?;
        // Parse once strictly for errors with positions; the mapping is then read by the
        // front matter reader (same keys, same shapes).
        match serde_saphyr::from_str::<YamlValue>(&text) {
            Ok(YamlValue::Map(_)) => {}
            Ok(_) => {
                return Err(BookError::Yaml {
                    path: name,
                    line: 1,
                    column: 1,
                    message: "the book file must be a YAML mapping (title:, chapters:, …)".into(),
                });
            }
            Err(e) => {
                let (line, column) = e
                    .location()
                    .map(|l| (l.line() as usize, l.column() as usize))
                    .unwrap_or((0, 0));
                let msg = e.to_string();
                return Err(BookError::Yaml {
                    path: name,
                    line,
                    column,
                    message: format!(
                        "invalid YAML: {}",
                        msg.lines().next().unwrap_or("parse error")
                    ),
                });
            }
        }
        let mut yd = Diagnostics::new(name.clone());
        let mut meta = Metadata::from_yaml(&text, 1, &mut yd);
        diags.append(yd);
        let base = path.parent().unwrap_or(Path::new("")).to_path_buf();
        let line_of = |key: &str| -> usize {
            text.lines()
                .position(|l| l.starts_with(&format!("{key}:")))
                .map_or(0, |i| i + 1)
        };
        let sort = match meta.extra.remove("sort").and_then(|v| v.as_text()) {
            Some(s) => Sort::parse(&s).unwrap_or_else(|| {
                diags.warn_in(
                    &name,
                    line_of("sort"),
                    1,
                    format!("unknown sort {}; use date, title, path or none", quote(&s)),
                );
                Sort::None
            }),
            None => Sort::None,
        };
        let patterns: Vec<String> = match meta.extra.remove("chapters") {
            Some(v) => v.as_list(),
            None => Vec::new(),
        };
        let mut list = ChapterList::default();
        for p in &patterns {
            let found = expand(&base, p);
            if found.is_empty() {
                diags.warn_in(
                    &name,
                    line_of("chapters"),
                    1,
                    format!("chapter {} matches no file", quote(p)),
                );
            }
            // A file a glob finds again stays where it was first listed (`[intro.md, "*.md"]`
            // puts intro first); naming one file twice is a warning.
            let explicit = !p.contains(['*', '?']);
            for f in found {
                if let Some(first) = list.add(f.clone(), explicit) {
                    diags.warn_in(&name, line_of("chapters"), 1, same_file_warning(&f, &first));
                }
            }
        }
        let files = list.files;
        if files.is_empty() {
            return Err(BookError::NoChapters(name));
        }
        // The cover is relative to the yaml.
        let cover_line = line_of("cover");
        if let Some(c) = meta.cover.take() {
            meta.cover = Some(base.join(c).display().to_string());
        }
        let sort = opts.sort.unwrap_or(sort);
        assemble(&files, meta, sort, opts, Some((&name, cover_line)), diags)
    }

    /// The chapter (index into [`Book::chapters`]) that holds heading id or chapter anchor
    /// `id` (as rewritten, without `#`).
    pub fn chapter_of(&self, id: &str) -> Option<usize> {
        self.anchors.get(id).copied()
    }

    /// Book title (always set after assembly).
    pub fn title(&self) -> &str {
        self.metadata.title.as_deref().unwrap_or("Untitled")
    }
}

/// Chapter files in reading order, each file once: two paths are the same file when their
/// [`path_key`]s (canonical paths) are equal, so a symlink or `./a.md` next to `a.md` adds
/// nothing.
#[derive(Default)]
struct ChapterList {
    files: Vec<PathBuf>,
    /// [`path_key`] of each file and whether it was named explicitly (not by a glob).
    keys: Vec<(PathBuf, bool)>,
}

impl ChapterList {
    /// Adds `file` unless it is already listed. Returns the earlier path when both were
    /// named explicitly (the caller warns); a repeat found by a glob is silent.
    fn add(&mut self, file: PathBuf, explicit: bool) -> Option<PathBuf> {
        let key = path_key(&file);
        match self.keys.iter().position(|(k, _)| *k == key) {
            Some(i) => (explicit && self.keys[i].1).then(|| self.files[i].clone()),
            None => {
                self.keys.push((key, explicit));
                self.files.push(file);
                None
            }
        }
    }
}

fn same_file_warning(again: &Path, first: &Path) -> String {
    format!(
        "chapter {} is the same file as {}, listed before; it is bound once",
        quote(&again.display().to_string()),
        quote(&first.display().to_string())
    )
}

/// One chapter while the book is assembled.
struct Loaded {
    path: PathBuf,
    key: PathBuf,
    /// The chapter's Markdown (the document's own copy).
    src: std::sync::Arc<str>,
    doc: Document,
}

fn assemble(
    files: &[PathBuf],
    mut meta: Metadata,
    sort: Sort,
    opts: &BookOptions,
    yaml: Option<(&str, usize)>,
    diags: &mut Diagnostics,
) -> Result<Book, BookError> {
    let mut loaded = Vec::with_capacity(files.len());
    for f in files {
        let mut d = Diagnostics::new(f.display().to_string());
        let doc = crate::document::load(f, &mut d).map_err(|source| BookError::Read {
            path: f.display().to_string(),
            source,
        })?;
        diags.append(d);
        loaded.push(Loaded {
            path: f.clone(),
            key: path_key(f),
            src: doc.source.clone(),
            doc,
        });
    }
    match sort {
        Sort::None => {}
        Sort::Path => loaded.sort_by(|a, b| a.path.cmp(&b.path)),
        Sort::Title => loaded.sort_by_key(|l| chapter_title(&l.doc, &l.path).0),
        Sort::Date => loaded.sort_by_key(|l| {
            let d = l.doc.metadata.date.clone();
            (d.is_none(), d)
        }),
    }

    // Book metadata: command line over yaml over what the chapters say.
    if opts.title.is_some() {
        meta.title = opts.title.clone();
    }
    if opts.subtitle.is_some() {
        meta.subtitle = opts.subtitle.clone();
    }
    if !opts.authors.is_empty() {
        meta.authors = opts.authors.clone();
    }
    if opts.lang.is_some() {
        meta.lang = opts.lang.clone();
    }
    if let Some(id) = &opts.identifier {
        meta.extra
            .insert("identifier".into(), YamlValue::String(id.clone()));
    }
    let (book_file, cover_line) = yaml.unwrap_or(("inkbind book", 0));
    if let Some(c) = &opts.cover {
        meta.cover = Some(c.display().to_string());
    }
    if let Some(c) = meta.cover.take() {
        if Path::new(&c).is_file() {
            meta.cover = Some(c);
        } else {
            diags.warn_in(
                book_file,
                cover_line,
                if cover_line > 0 { 1 } else { 0 },
                format!("cover image {} not found; the book has no cover", quote(&c)),
            );
        }
    }
    if meta.title.is_none() {
        let first = chapter_title(&loaded[0].doc, &loaded[0].path).0;
        diags.warn_in(
            book_file,
            0,
            0,
            format!(
                "the book has no title (give --title or title: in book.yaml); using the first chapter's, {}",
                quote(&first)
            ),
        );
        meta.title = Some(first);
    }
    if meta.authors.is_empty() {
        for l in &loaded {
            for a in &l.doc.metadata.authors {
                if !meta.authors.contains(a) {
                    meta.authors.push(a.clone());
                }
            }
        }
    }
    if meta.lang.is_none() {
        // The most common chapter language; ties go to the earliest chapter.
        let mut count: Vec<(String, usize)> = Vec::new();
        for l in &loaded {
            if let Some(lang) = &l.doc.metadata.lang {
                match count.iter_mut().find(|(k, _)| k == lang) {
                    Some(e) => e.1 += 1,
                    None => count.push((lang.clone(), 1)),
                }
            }
        }
        meta.lang = count
            .iter()
            .max_by(|a, b| a.1.cmp(&b.1).then(std::cmp::Ordering::Greater))
            .map(|(k, _)| k.clone());
    }
    if meta.date.is_none() {
        meta.date = loaded
            .iter()
            .filter_map(|l| l.doc.metadata.date.clone())
            .max();
    }

    // Ids: chapter anchors first, then headings in reading order.
    let mut used: BTreeSet<String> = BTreeSet::new();
    let mut anchors: HashMap<String, usize> = HashMap::new();
    let chapter_ids: Vec<String> = (0..loaded.len())
        .map(|i| {
            let id = format!("chapter-{}", i + 1);
            used.insert(id.clone());
            anchors.insert(id.clone(), i);
            id
        })
        .collect();
    let mut id_maps: Vec<BTreeMap<String, String>> = Vec::with_capacity(loaded.len());
    for (i, l) in loaded.iter().enumerate() {
        let ids = l.doc.heading_ids();
        let mut map = BTreeMap::new();
        for id in ids {
            if map.contains_key(&id) {
                continue;
            }
            let mut new = id.clone();
            if used.contains(&new) {
                new = format!("{id}-{}", i + 1);
                let mut k = 2;
                while used.contains(&new) {
                    new = format!("{id}-{}-{k}", i + 1);
                    k += 1;
                }
            }
            used.insert(new.clone());
            anchors.insert(new.clone(), i);
            map.insert(id, new);
        }
        id_maps.push(map);
    }

    let keys: Vec<PathBuf> = loaded.iter().map(|l| l.key.clone()).collect();
    let mut chapters = Vec::with_capacity(loaded.len());
    for (i, mut l) in loaded.into_iter().enumerate() {
        let mut cx = LinkCx {
            chapter: i,
            dir: l.path.parent().unwrap_or(Path::new("")).to_path_buf(),
            keys: &keys,
            id_maps: &id_maps,
            chapter_ids: &chapter_ids,
            src: &l.src,
            cursor: 0,
            diags: Diagnostics::new(l.path.display().to_string()),
        };
        let mut blocks = std::mem::take(&mut l.doc.blocks);
        cx.blocks(&mut blocks);
        l.doc.blocks = blocks;
        let mut notes = std::mem::take(&mut l.doc.footnotes);
        for f in &mut notes {
            cx.blocks(&mut f.blocks);
        }
        l.doc.footnotes = notes;
        diags.append(cx.diags);
        let (title, show_title) = chapter_title(&l.doc, &l.path);
        let m = &l.doc.metadata;
        chapters.push(Chapter {
            title,
            show_title,
            date: m.date.clone(),
            authors: m.authors.clone(),
            description: m.description.clone(),
            id: chapter_ids[i].clone(),
            source_path: l.path,
            document: l.doc,
        });
    }
    Ok(Book {
        metadata: meta,
        chapters,
        anchors,
    })
}

/// Title of a chapter and whether a writer must show it (see [`Chapter::show_title`]).
fn chapter_title(doc: &Document, path: &Path) -> (String, bool) {
    if let Some(t) = doc
        .metadata
        .title
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        return (t.to_string(), true);
    }
    let first = doc.blocks.iter().find_map(|b| match b {
        Block::Heading { content, .. } => {
            let t = Inline::plain_text(content).trim().to_string();
            (!t.is_empty()).then_some(t)
        }
        _ => None,
    });
    match first {
        Some(t) => (t, false),
        None => (
            path.file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| "Untitled".into()),
            true,
        ),
    }
}

/// Rewrites ids and links of one chapter.
struct LinkCx<'a> {
    chapter: usize,
    dir: PathBuf,
    keys: &'a [PathBuf],
    id_maps: &'a [BTreeMap<String, String>],
    chapter_ids: &'a [String],
    /// The chapter's Markdown (for link positions: the IR keeps none for links).
    src: &'a str,
    /// Byte offset after the last link found in `src`.
    cursor: usize,
    diags: Diagnostics,
}

impl LinkCx<'_> {
    fn blocks(&mut self, blocks: &mut [Block]) {
        for b in blocks {
            match b {
                Block::Heading { id, content, .. } => {
                    if let Some(new) = self.id_maps[self.chapter].get(id.as_str()) {
                        *id = new.clone();
                    }
                    self.inlines(content);
                }
                Block::Paragraph { content, .. } => self.inlines(content),
                Block::List { items, .. } => {
                    for i in items {
                        self.blocks(&mut i.blocks);
                    }
                }
                Block::BlockQuote(bs) | Block::Alert { blocks: bs, .. } => self.blocks(bs),
                Block::Table(t) => {
                    for c in &mut t.header {
                        self.inlines(c);
                    }
                    for r in &mut t.rows {
                        for c in r {
                            self.inlines(c);
                        }
                    }
                }
                Block::Code { .. }
                | Block::Mermaid { .. }
                | Block::ThematicBreak
                | Block::Math { .. } => {}
            }
        }
    }

    fn inlines(&mut self, inlines: &mut [Inline]) {
        for i in inlines {
            match i {
                Inline::Styled(_, c) | Inline::Lang(_, c) => self.inlines(c),
                Inline::Link { url, content, .. } => {
                    if let Some(new) = self.rewrite(url) {
                        *url = new;
                    }
                    self.inlines(content);
                }
                _ => {}
            }
        }
    }

    /// The new target of a link, or `None` to keep it.
    fn rewrite(&mut self, url: &str) -> Option<String> {
        let (line, col) = self.locate(url);
        let u = url.trim();
        if let Some(frag) = u.strip_prefix('#') {
            let frag = percent_decode(frag);
            return self.id_maps[self.chapter]
                .get(&frag)
                .map(|id| format!("#{id}"));
        }
        if u.is_empty() || has_scheme(u) || u.starts_with("//") {
            return None;
        }
        let (path, frag) = match u.split_once('#') {
            Some((p, f)) => (p, Some(percent_decode(f))),
            None => (u, None),
        };
        let path = path.split('?').next().unwrap_or("");
        if path.is_empty() {
            return None;
        }
        let decoded = percent_decode(path);
        let target = if decoded.starts_with('/') {
            None // site-absolute (`/posts/x/`): not a file of the book
        } else {
            let key = path_key(&self.dir.join(&decoded));
            self.keys.iter().position(|k| *k == key)
        };
        let Some(j) = target else {
            self.diags.warn(
                line,
                col,
                format!(
                    "link to {} points at a file that is not in the book; it stays an external link (plain text in the EPUB)",
                    quote(url)
                ),
            );
            return None;
        };
        match frag.filter(|f| !f.is_empty()) {
            None => Some(format!("#{}", self.chapter_ids[j])),
            Some(f) => match self.id_maps[j].get(&f).or_else(|| {
                // `#The-Shortlist` for `the-shortlist`: GitHub anchors are lower case.
                let lower = f.to_lowercase();
                self.id_maps[j].get(&lower)
            }) {
                Some(id) => Some(format!("#{id}")),
                None => {
                    self.diags.warn(
                        line,
                        col,
                        format!(
                            "link {}: the chapter has no heading with id {}; the link goes to the chapter's start",
                            quote(url),
                            quote(&f)
                        ),
                    );
                    Some(format!("#{}", self.chapter_ids[j]))
                }
            },
        }
    }

    /// Line and column (1-based, characters) of `url` in the chapter source, searching on
    /// from the previous link; (0, 0) when it cannot be found.
    fn locate(&mut self, url: &str) -> (usize, usize) {
        let candidates = [url.to_string(), percent_decode(url)];
        let mut found = None;
        for start in [self.cursor, 0] {
            for c in &candidates {
                if c.is_empty() {
                    continue;
                }
                if let Some(at) = self.src.get(start..).and_then(|s| s.find(c.as_str())) {
                    found = Some((start + at, c.len()));
                    break;
                }
            }
            if found.is_some() {
                break;
            }
        }
        let Some((at, len)) = found else {
            return (0, 0);
        };
        self.cursor = at + len;
        let before = &self.src[..at];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |p| p + 1);
        // Point at the `[` of `[text](url)` when the url sits in one.
        let col_at = match before.rfind("](") {
            Some(p) if p + 2 == at => before[line_start..p]
                .rfind('[')
                .map_or(at, |b| line_start + b),
            _ => at,
        };
        let col = self.src[line_start..col_at.max(line_start)].chars().count() + 1;
        (line, col)
    }
}

/// Comparable form of a path: canonical when the file exists, else made absolute and
/// normalised lexically (`a/./b/../c` → `a/c`).
fn path_key(p: &Path) -> PathBuf {
    if let Ok(c) = std::fs::canonicalize(p) {
        return c;
    }
    let abs = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(p)
    };
    normalize_lexically(&abs)
}

/// `a/./b/../c` → `a/c`, without touching the file system.
pub fn normalize_lexically(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

fn has_scheme(u: &str) -> bool {
    let Some(colon) = u.find(':') else {
        return false;
    };
    let s = &u[..colon];
    s.len() > 1
        && s.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// Decodes `%XX` escapes (invalid UTF-8 replaced, bad escapes kept).
fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && i + 2 < b.len()
            && let Some(v) = std::str::from_utf8(&b[i + 1..i + 3])
                .ok()
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Files matching `pattern` relative to `base`: `*` and `?` within one path component,
/// `**` for any number of directories. A pattern without wildcards is returned as is when
/// the file exists. Matches are sorted by path; hidden files only match an explicit `.`.
/// Symlinks are followed, but no directory is walked twice for the same rest of the
/// pattern (so a symlink loop ends) and each file is returned once (by canonical path, the
/// first in path order).
pub fn expand(base: &Path, pattern: &str) -> Vec<PathBuf> {
    let pattern = pattern.trim();
    if !pattern.contains(['*', '?']) {
        let p = base.join(pattern);
        return if p.is_file() { vec![p] } else { Vec::new() };
    }
    let parts: Vec<&str> = pattern
        .split('/')
        .filter(|p| !p.is_empty() && *p != ".")
        .collect();
    let mut out = Vec::new();
    walk(base, &parts, &mut HashSet::new(), &mut out);
    out.sort();
    let mut files = HashSet::new();
    out.retain(|f| files.insert(path_key(f)));
    out
}

/// Matches of `parts` below `dir`. `seen` holds (canonical directory, parts left) pairs
/// already walked: the same directory with the same rest of the pattern finds the same
/// files, so it is walked once.
fn walk(dir: &Path, parts: &[&str], seen: &mut HashSet<(PathBuf, usize)>, out: &mut Vec<PathBuf>) {
    let Some((first, rest)) = parts.split_first() else {
        return;
    };
    let here = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    if !seen.insert((path_key(here), parts.len())) {
        return;
    }
    if *first == "**" {
        walk(dir, rest, seen, out);
        for sub in sorted_entries(dir).into_iter().filter(|p| p.is_dir()) {
            walk(&sub, parts, seen, out);
        }
        return;
    }
    if !first.contains(['*', '?']) {
        let p = dir.join(first);
        if rest.is_empty() {
            if p.is_file() {
                out.push(p);
            }
        } else if p.is_dir() {
            walk(&p, rest, seen, out);
        }
        return;
    }
    for p in sorted_entries(dir) {
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if name.starts_with('.') && !first.starts_with('.') {
            continue;
        }
        if !wildcard(first, &name) {
            continue;
        }
        if rest.is_empty() {
            if p.is_file() {
                out.push(p);
            }
        } else if p.is_dir() {
            walk(&p, rest, seen, out);
        }
    }
}

fn sorted_entries(dir: &Path) -> Vec<PathBuf> {
    let d = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let mut v: Vec<PathBuf> = std::fs::read_dir(d)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| {
                    if dir.as_os_str().is_empty() {
                        PathBuf::from(e.file_name())
                    } else {
                        e.path()
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

/// `*` any run of characters, `?` one character.
fn wildcard(pattern: &str, name: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let n: Vec<char> = name.chars().collect();
    let (mut pi, mut ni, mut star, mut mark) = (0, 0, None, 0);
    while ni < n.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == n[ni]) {
            pi += 1;
            ni += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some(pi);
            mark = ni;
            pi += 1;
        } else if let Some(s) = star {
            pi = s + 1;
            mark += 1;
            ni = mark;
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|c| *c == '*')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards() {
        assert!(wildcard("*.md", "a.md"));
        assert!(wildcard("2026-??-*.md", "2026-01-x.md"));
        assert!(!wildcard("*.md", "a.mdx"));
        assert!(wildcard("*", ""));
        assert_eq!(percent_decode("a%20b%E3%81%82"), "a bあ");
        assert_eq!(percent_decode("100%"), "100%");
        assert!(has_scheme("https://x"));
        assert!(!has_scheme("C:\\x"));
        assert!(!has_scheme("other.md"));
    }

    #[test]
    fn sort_parses() {
        assert_eq!(Sort::parse("Date"), Some(Sort::Date));
        assert_eq!(Sort::parse("x"), None);
    }
}
