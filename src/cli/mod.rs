//! `inkbind build`: argument parsing, output naming, atomic writes, diagnostics and exit
//! codes (0 success, 1 a document failed or `--strict` saw a warning, 2 usage error).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use clap::{Parser, Subcommand};

use inkbind::diagnostics::Diagnostics;
use inkbind::pipeline::{self, RenderOptions};
use inkbind::theme::{PageSize, Theme};

/// Markdown articles to print-quality PDF and EPUB 3, with CJK typesetting.
#[derive(Parser, Debug)]
#[command(name = "inkbind", version, about)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Convert each Markdown file to PDF and/or EPUB.
    Build(BuildArgs),
}

#[derive(clap::Args, Debug)]
struct BuildArgs {
    /// Markdown files to convert.
    #[arg(required = true)]
    inputs: Vec<PathBuf>,
    /// Output file (one input) or directory (several inputs).
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// Output formats: pdf, epub or pdf,epub (default: from -o's extension, else pdf).
    #[arg(long, value_delimiter = ',')]
    to: Vec<Format>,
    /// Paper size of the PDF.
    #[arg(long, default_value = "a4", value_parser = parse_page_size)]
    page_size: PageSize,
    /// Treat every warning as an error (exit code 1).
    #[arg(long)]
    strict: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    Pdf,
    Epub,
}

impl Format {
    fn ext(self) -> &'static str {
        match self {
            Format::Pdf => "pdf",
            Format::Epub => "epub",
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
        Command::Build(args) => build(args),
    }
}

fn usage(msg: &str) -> i32 {
    eprintln!("error: {msg}");
    2
}

fn build(args: BuildArgs) -> i32 {
    let mut formats = args.to.clone();
    if formats.is_empty() {
        let ext = args
            .output
            .as_ref()
            .and_then(|o| o.extension())
            .and_then(|e| e.to_str())
            .map(|e| e.to_ascii_lowercase());
        formats.push(if ext.as_deref() == Some("epub") {
            Format::Epub
        } else {
            Format::Pdf
        });
    }
    formats.dedup();
    let many = args.inputs.len() > 1;
    if many {
        if let Some(o) = &args.output {
            if o.is_file() {
                return usage(&format!(
                    "-o {} must be a directory when several inputs are given",
                    o.display()
                ));
            }
        }
    }
    let theme = Theme {
        page: args.page_size,
        ..Theme::default()
    };
    let sde = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|v| v.trim().parse::<i64>().ok());
    let started = Instant::now();
    let (mut failed, mut warnings, mut outputs) = (0usize, 0usize, 0usize);
    for input in &args.inputs {
        let targets: Vec<(Format, PathBuf)> = formats
            .iter()
            .map(|f| {
                (
                    *f,
                    output_path(input, args.output.as_deref(), many, *f, formats.len()),
                )
            })
            .collect();
        let mut diags = Diagnostics::new(input.display().to_string());
        let rendered = convert(input, &targets, &theme, sde, &mut diags);
        for d in diags.items() {
            eprintln!("{d}");
        }
        warnings += diags.warning_count();
        let result = match rendered {
            Ok(_) if args.strict && diags.warning_count() > 0 => Err(format!(
                "{} warning(s) with --strict; nothing written",
                diags.warning_count()
            )),
            Ok(outs) => outs.iter().try_for_each(|(f, path, bytes)| {
                write_atomic(path, bytes)
                    .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
                eprintln!("wrote {} ({})", path.display(), f.ext());
                outputs += 1;
                Ok(())
            }),
            Err(e) => Err(e),
        };
        if let Err(e) = result {
            eprintln!("{}: error: {e}", input.display());
            failed += 1;
        }
    }
    if many {
        eprintln!(
            "{} document(s), {} output(s), {} warning(s), {} failed, {:.2} s",
            args.inputs.len(),
            outputs,
            warnings,
            failed,
            started.elapsed().as_secs_f64()
        );
    }
    if failed > 0 { 1 } else { 0 }
}

/// Where the output for `input` in format `f` goes.
fn output_path(
    input: &Path,
    output: Option<&Path>,
    many: bool,
    f: Format,
    nformats: usize,
) -> PathBuf {
    let stem = input
        .file_stem()
        .map(|s| s.to_os_string())
        .unwrap_or_else(|| "out".into());
    let with_ext = |dir: &Path| {
        let mut p = dir.join(&stem);
        p.set_extension(f.ext());
        p
    };
    match output {
        Some(o) if many || o.is_dir() => with_ext(o),
        Some(o) => {
            // One input: -o names the file; with several formats its extension is swapped.
            if nformats > 1 || o.extension().is_none() {
                let mut p = o.to_path_buf();
                p.set_extension(f.ext());
                p
            } else {
                o.to_path_buf()
            }
        }
        None => with_ext(input.parent().unwrap_or(Path::new("."))),
    }
}

/// Renders `input` to every target in memory; nothing is written here.
fn convert(
    input: &Path,
    targets: &[(Format, PathBuf)],
    theme: &Theme,
    sde: Option<i64>,
    diags: &mut Diagnostics,
) -> Result<Vec<(Format, PathBuf, Vec<u8>)>, String> {
    let bytes = std::fs::read(input).map_err(|e| format!("cannot read the file: {e}"))?;
    let src = pipeline::decode_source(&bytes, diags);
    let doc = pipeline::parse(&src, diags);
    let opts = RenderOptions {
        source_dir: input.parent().map(Path::to_path_buf).unwrap_or_default(),
        theme: theme.clone(),
        source_date_epoch: sde,
    };
    let mut out = Vec::new();
    for (f, path) in targets {
        let bytes = match f {
            Format::Pdf => pipeline::to_pdf(&doc, &opts, diags).map(|(b, _)| b),
            Format::Epub => pipeline::to_epub(&doc, &opts, diags),
        }
        .map_err(|e| e.to_string())?;
        out.push((*f, path.clone(), bytes));
    }
    Ok(out)
}

/// Writes to a temporary file in the target's folder, then renames it over the target, so a
/// failed run never leaves a truncated file.
fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&dir)?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".inkbind-")
        .suffix(".tmp")
        .tempfile_in(&dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    // Temporary files are created 0600; outputs get the usual 0644.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        tmp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644))?;
    }
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}
