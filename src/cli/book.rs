//! `inkbind book`: many Markdown files, or one `book.yaml`, bound into one EPUB (and, once
//! the PDF book layout lands, one PDF).

use std::path::{Path, PathBuf};

use inkbind::book::{Book, BookOptions, Sort};
use inkbind::diagnostics::Diagnostics;
use inkbind::pipeline;

use super::{CommonArgs, Format, check_outputs, output_hint, usage, write_atomic};

#[derive(clap::Args, Debug)]
pub(crate) struct BookArgs {
    /// Chapter files in reading order, or one book.yaml.
    #[arg(required = true)]
    inputs: Vec<PathBuf>,
    /// Output file (book.epub or book.pdf); default: next to book.yaml, named after it, or
    /// book.epub in the working directory.
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// Book title.
    #[arg(long)]
    title: Option<String>,
    /// Book subtitle.
    #[arg(long)]
    subtitle: Option<String>,
    /// Author (repeat for several).
    #[arg(long = "author")]
    authors: Vec<String>,
    /// Book language (BCP 47: ja, ko, zh-Hans, en, …).
    #[arg(long)]
    lang: Option<String>,
    /// Cover image (PNG, JPEG or GIF).
    #[arg(long)]
    cover: Option<PathBuf>,
    /// Identifier (a UUID, or e.g. urn:isbn:…).
    #[arg(long)]
    identifier: Option<String>,
    /// Chapter order: date, title, path or none (as given).
    #[arg(long, value_parser = ["date", "title", "path", "none"])]
    sort: Option<String>,
    #[command(flatten)]
    common: CommonArgs,
}

pub(crate) fn book(args: BookArgs) -> i32 {
    let s = match super::settings(&args.common, args.output.as_deref(), None, Format::Epub) {
        Ok(s) => s,
        Err(e) => return usage(&e),
    };
    let yaml = match args.inputs.as_slice() {
        [one]
            if matches!(
                one.extension().and_then(|e| e.to_str()),
                Some("yaml" | "yml")
            ) =>
        {
            Some(one.clone())
        }
        _ => None,
    };
    if yaml.is_none()
        && let Some(y) = args
            .inputs
            .iter()
            .find(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("yaml" | "yml")))
    {
        return usage(&format!(
            "{} : a book.yaml must be the only input",
            y.display()
        ));
    }
    let opts = BookOptions {
        title: args.title.clone(),
        subtitle: args.subtitle.clone(),
        authors: args.authors.clone(),
        lang: args.lang.clone(),
        cover: args.cover.clone(),
        identifier: args.identifier.clone(),
        sort: args.sort.as_deref().and_then(Sort::parse),
    };
    let label = yaml
        .as_ref()
        .map(|y| y.display().to_string())
        .unwrap_or_else(|| "book".into());
    let mut diags = Diagnostics::new(label.clone());
    let built = match &yaml {
        Some(y) => Book::from_yaml(y, &opts, &mut diags),
        None => Book::from_files(&args.inputs, &opts, &mut diags),
    };
    let book = match built {
        Ok(b) => b,
        Err(e) => {
            print_diags(&diags);
            eprintln!("{e}");
            return 1;
        }
    };
    // Output: -o, else the config's output dir, else next to the yaml / here.
    let stem = yaml
        .as_ref()
        .and_then(|y| y.file_stem())
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "book".into());
    let target = |f: Format| -> PathBuf {
        match &s.output {
            Some(o) if o.is_dir() || s.output_is_dir => o.join(format!("{stem}.{}", f.ext())),
            Some(o) => {
                if s.formats.len() > 1 || o.extension().is_none() {
                    o.with_extension(f.ext())
                } else {
                    o.clone()
                }
            }
            None => yaml
                .as_ref()
                .and_then(|y| y.parent())
                .unwrap_or(Path::new(""))
                .join(format!("{stem}.{}", f.ext())),
        }
    };
    // Nothing the book reads may be overwritten: the yaml, the chapters, the cover, the
    // config and the theme.
    let read: Vec<&Path> = yaml
        .iter()
        .map(PathBuf::as_path)
        .chain(book.chapters.iter().map(|c| c.source_path.as_path()))
        .chain(book.metadata.cover.as_deref().map(Path::new))
        .chain(s.settings_files.iter().map(PathBuf::as_path))
        .collect();
    let written: Vec<PathBuf> = s.formats.iter().map(|f| target(*f)).collect();
    if let Err(e) = check_outputs(
        read,
        written.iter().map(PathBuf::as_path),
        output_hint(s.output.as_deref()),
    ) {
        print_diags(&diags);
        return usage(&e);
    }
    let mut outs = Vec::new();
    let mut failed = false;
    for f in &s.formats {
        match f {
            Format::Epub => match pipeline::book_to_epub(&book, &s.render, &mut diags) {
                Ok(bytes) => outs.push((target(*f), bytes)),
                Err(e) => {
                    eprintln!("{label}: error: {e}");
                    failed = true;
                }
            },
            Format::Pdf => match pipeline::book_to_pdf(&book, &s.render, &mut diags) {
                Ok((bytes, _pages)) => outs.push((target(*f), bytes)),
                Err(e) => {
                    eprintln!("{label}: error: {e}");
                    failed = true;
                }
            },
        }
    }
    print_diags(&diags);
    if s.strict && diags.warning_count() > 0 {
        eprintln!(
            "{label}: error: {} warning(s) with --strict; nothing written",
            diags.warning_count()
        );
        return 1;
    }
    for (path, bytes) in &outs {
        if let Err(e) = write_atomic(path, bytes) {
            eprintln!("{label}: error: cannot write {}: {e}", path.display());
            return 1;
        }
        eprintln!(
            "wrote {} ({} chapter(s))",
            path.display(),
            book.chapters.len()
        );
    }
    i32::from(failed)
}

fn print_diags(d: &Diagnostics) {
    for x in d.items() {
        eprintln!("{x}");
    }
}
