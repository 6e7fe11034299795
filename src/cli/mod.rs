//! The `inkbind` command: argument parsing (clap), `inkbind.toml`, parallel batch builds
//! with a progress bar and a JSON report, book mode, atomic writes, diagnostics and exit
//! codes (0 success, 1 a document failed or `--strict` saw a warning, 2 usage error).
//!
//! Only this module prints; the library returns results and diagnostics.

mod batch;
mod book;
mod config;
mod mermaid;
mod output;

use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand};

use inkbind::pipeline::RenderOptions;
use inkbind::theme::{PageSize, Theme};

pub(crate) use output::{check_outputs, output_extension, output_hint, write_atomic};

/// Markdown articles to print-quality PDF and EPUB 3, with CJK typesetting.
#[derive(Parser, Debug)]
#[command(name = "inkbind", version, about)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Convert each Markdown file to PDF and/or EPUB (in parallel).
    Build(batch::BuildArgs),
    /// Bind many Markdown files (or a book.yaml) into one EPUB or PDF.
    Book(book::BookArgs),
    /// Draw one Mermaid diagram as SVG, PNG, PDF or laid-out JSON.
    Mermaid(mermaid::MermaidArgs),
}

/// Flags shared by `build` and `book`.
#[derive(clap::Args, Debug, Clone)]
pub(crate) struct CommonArgs {
    /// Output formats: pdf, epub or pdf,epub (default: from -o's extension, else the config,
    /// else pdf for build and epub for book).
    #[arg(long, value_delimiter = ',')]
    to: Vec<Format>,
    /// Paper size of the PDF: a4, letter, a5, b5 (default a4).
    #[arg(long, value_parser = parse_page_size)]
    page_size: Option<PageSize>,
    /// Treat every warning as an error (exit code 1; nothing is written for that document).
    #[arg(long)]
    strict: bool,
    /// Config file (default: inkbind.toml in the working directory or a parent).
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// PDF theme file (TOML).
    #[arg(long, value_name = "FILE")]
    theme: Option<PathBuf>,
    /// EPUB: do not embed the subset CJK font.
    #[arg(long)]
    no_embed_fonts: bool,
    /// EPUB: Mermaid diagrams as svg (default) or png.
    #[arg(long, value_name = "svg|png", value_parser = ["svg", "png"])]
    epub_diagrams: Option<String>,
    /// Also look for images in DIR, after the document's own folder (repeatable; several
    /// folders can be joined with `:` as in pandoc's --resource-path).
    #[arg(long, value_name = "DIR")]
    resource_path: Vec<std::ffi::OsString>,
    /// Read images from anywhere (by default a document may only use files inside its own
    /// folder and the --resource-path folders).
    #[arg(long)]
    allow_outside: bool,
    /// Download http(s) images (off by default; never with --offline or in CI, where only
    /// images already in the cache are used).
    #[arg(long)]
    fetch: bool,
    /// Never download anything (images already in the --fetch cache are still used).
    #[arg(long)]
    offline: bool,
    /// Cache folder for downloaded images (default: ~/.cache/inkbind/images).
    #[arg(long, value_name = "DIR")]
    fetch_cache: Option<PathBuf>,
    /// Timeout of one image download, seconds (default 10).
    #[arg(long, value_name = "SECS")]
    fetch_timeout: Option<f32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Format {
    Pdf,
    Epub,
}

impl Format {
    pub(crate) fn ext(self) -> &'static str {
        match self {
            Format::Pdf => "pdf",
            Format::Epub => "epub",
        }
    }

    fn parse(s: &str) -> Option<Format> {
        match s {
            "pdf" => Some(Format::Pdf),
            "epub" => Some(Format::Epub),
            _ => None,
        }
    }
}

fn parse_page_size(s: &str) -> Result<PageSize, String> {
    PageSize::parse(s).ok_or_else(|| format!("unknown page size {s:?} (use a4, letter, a5 or b5)"))
}

/// Runs the CLI; returns the process exit code.
pub fn run() -> i32 {
    let cli = Cli::parse();
    match cli.command {
        Command::Build(args) => batch::build(args),
        Command::Book(args) => book::book(args),
        Command::Mermaid(args) => mermaid::mermaid(args),
    }
}

pub(crate) fn usage(msg: &str) -> i32 {
    eprintln!("error: {msg}");
    2
}

/// Settings after merging `inkbind.toml` and the command line.
pub(crate) struct Settings {
    pub formats: Vec<Format>,
    pub output: Option<PathBuf>,
    /// The output came from inkbind.toml, which always names a directory.
    pub output_is_dir: bool,
    pub strict: bool,
    pub jobs: Option<usize>,
    pub render: RenderOptions,
    /// Files the settings came from (`inkbind.toml`, the theme): inputs no output may
    /// overwrite.
    pub settings_files: Vec<PathBuf>,
}

/// Merges config and flags. `output` is the `-o` flag; `default_format` applies when
/// neither `--to`, `-o`'s extension nor the config name a format.
pub(crate) fn settings(
    c: &CommonArgs,
    output: Option<&Path>,
    jobs: Option<usize>,
    default_format: Format,
) -> Result<Settings, String> {
    let (cfg, cfg_path) = config::load(c.config.as_deref())?;
    let mut formats = c.to.clone();
    if formats.is_empty() {
        let ext = output
            .and_then(|o| o.extension())
            .and_then(|e| e.to_str())
            .map(|e| e.to_ascii_lowercase());
        match ext.as_deref() {
            Some("epub") => formats.push(Format::Epub),
            Some("pdf") => formats.push(Format::Pdf),
            _ => {
                if let Some(f) = &cfg.formats {
                    for n in f.names() {
                        formats.push(Format::parse(&n).ok_or_else(|| {
                            format!("inkbind.toml: unknown format {n:?} (use pdf or epub)")
                        })?);
                    }
                }
            }
        }
    }
    if formats.is_empty() {
        formats.push(default_format);
    }
    let mut seen = Vec::new();
    formats.retain(|f| {
        let new = !seen.contains(f);
        seen.push(*f);
        new
    });
    let page = match (c.page_size, &cfg.page_size) {
        (Some(p), _) => p,
        (None, Some(s)) => parse_page_size(s).map_err(|e| format!("inkbind.toml: {e}"))?,
        (None, None) => PageSize::A4,
    };
    let diagrams = c.epub_diagrams.clone().or(cfg.epub_diagrams.clone());
    let epub_diagrams_png = match diagrams.as_deref() {
        None | Some("svg") => false,
        Some("png") => true,
        Some(o) => {
            return Err(format!(
                "inkbind.toml: epub_diagrams = {o:?}: use svg or png"
            ));
        }
    };
    let theme_file = c.theme.clone().or(cfg.theme.clone());
    let mut theme = Theme {
        page,
        ..Theme::default()
    };
    if let Some(t) = &theme_file {
        let text = std::fs::read_to_string(t)
            .map_err(|e| format!("cannot read the theme {}: {e}", t.display()))?;
        apply_theme(&mut theme, &text).map_err(|e| format!("{}: {e}", t.display()))?;
        // The page size flag wins over the theme's.
        if let Some(p) = c.page_size {
            theme.page = p;
        }
    }
    let sde = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|v| v.trim().parse::<i64>().ok());
    Ok(Settings {
        formats,
        output: output.map(Path::to_path_buf).or(cfg.output.clone()),
        output_is_dir: output.is_none() && cfg.output.is_some(),
        strict: c.strict || cfg.strict.unwrap_or(false),
        jobs: jobs.or(cfg.jobs),
        render: RenderOptions {
            theme,
            source_date_epoch: sde,
            no_embed_fonts: c.no_embed_fonts || cfg.embed_fonts == Some(false),
            epub_diagrams_png,
            resources: inkbind::resource::ResourcePolicy {
                search_path: c
                    .resource_path
                    .iter()
                    .flat_map(std::env::split_paths)
                    .filter(|p| !p.as_os_str().is_empty())
                    .chain(cfg.resource_path.iter().cloned())
                    .collect(),
                allow_outside: c.allow_outside,
                fetch: fetch_policy(c)?,
            },
            ..Default::default()
        },
        settings_files: cfg_path.into_iter().chain(theme_file).collect(),
    })
}

/// The `--fetch` settings: `None` without `--fetch`; offline (cache only) with `--offline`
/// or when `CI` is set in the environment (GitHub Actions, GitLab CI and others set it).
fn fetch_policy(c: &CommonArgs) -> Result<Option<inkbind::resource::fetch::FetchPolicy>, String> {
    use inkbind::resource::fetch::FetchPolicy;
    if !c.fetch {
        return Ok(None);
    }
    let dir = c
        .fetch_cache
        .clone()
        .unwrap_or_else(FetchPolicy::default_cache_dir);
    let mut p = FetchPolicy::new(dir);
    if let Some(s) = c.fetch_timeout {
        if !(s.is_finite() && s > 0.0 && s <= 3600.0) {
            return Err(format!(
                "--fetch-timeout {s}: use a number of seconds from 0 to 3600"
            ));
        }
        p.timeout = std::time::Duration::from_secs_f32(s);
    }
    let ci = std::env::var_os("CI").is_some_and(|v| !v.is_empty() && v != "false" && v != "0");
    p.offline = c.offline || ci;
    Ok(Some(p))
}

/// Applies a theme file (TOML, the shape of `templates/themes/default.toml`).
fn apply_theme(theme: &mut Theme, text: &str) -> Result<(), String> {
    theme.apply_toml(text)
}
