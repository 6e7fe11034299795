//! Hostile and broken images: each one becomes the alt-text placeholder with exactly one
//! `file:line:col: warning:` naming it, the reason and the limit, in a PDF that passes
//! `qpdf --check` and an EPUB that passes EPUBCheck; the build never aborts or reads
//! forever, and good images are still embedded. The files are made in a temporary folder:
//! a 74-byte PNG whose header claims 100,000 × 100,000 pixels, a PNG and JPEGs cut short
//! (from `examples/images/pipeline.png` and `tests/fixtures/pipeline.jpg`, a JPEG of it),
//! a directory named like an image, SVGs that are not UTF-8 or not closed, and
//! `/dev/zero` on unix.

mod common;

use std::path::Path;

use common::{epubcheck, have, pdftotext, root, run_ok, squash, tempdir};

/// Runs `inkbind` like [`common::inkbind`], but fails the test instead of hanging when it
/// has not finished after two minutes (an image read forever).
fn inkbind<I, S>(args: I) -> std::process::Output
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_inkbind"))
        .args(args)
        .env_remove("SOURCE_DATE_EPOCH")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run inkbind");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
    while child.try_wait().expect("wait for inkbind").is_none() {
        if std::time::Instant::now() > deadline {
            child.kill().ok();
            panic!("inkbind did not finish within two minutes");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    child.wait_with_output().expect("inkbind output")
}

/// CRC-32 (ISO 3309, the PNG chunk checksum), bit by bit.
fn crc32(data: &[u8]) -> u32 {
    let mut c = 0xFFFF_FFFFu32;
    for &b in data {
        c ^= u32::from(b);
        for _ in 0..8 {
            c = if c & 1 == 1 {
                0xEDB8_8320 ^ (c >> 1)
            } else {
                c >> 1
            };
        }
    }
    !c
}

fn png_chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut v = (data.len() as u32).to_be_bytes().to_vec();
    v.extend_from_slice(kind);
    v.extend_from_slice(data);
    let mut body = kind.to_vec();
    body.extend_from_slice(data);
    v.extend_from_slice(&crc32(&body).to_be_bytes());
    v
}

/// A valid PNG structure (signature, IHDR, IDAT, IEND, right CRCs) whose IHDR claims
/// 100,000 × 100,000 RGBA pixels: 40 GB once decoded, 74 bytes on disk.
fn bomb_png() -> Vec<u8> {
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&100_000u32.to_be_bytes());
    ihdr.extend_from_slice(&100_000u32.to_be_bytes());
    ihdr.extend_from_slice(&[8, 6, 0, 0, 0]); // 8-bit RGBA, deflate, no filter/interlace
    // zlib: header, one stored block of 6 zero bytes, Adler-32 (a = 1, b = 6).
    let idat = [
        0x78, 0x01, 0x01, 6, 0, 0xF9, 0xFF, 0, 0, 0, 0, 0, 0, 0x00, 0x06, 0x00, 0x01,
    ];
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend(png_chunk(b"IHDR", &ihdr));
    png.extend(png_chunk(b"IDAT", &idat));
    png.extend(png_chunk(b"IEND", &[]));
    png
}

/// Writes the test images into `dir`.
fn write_images(dir: &Path) {
    let png = std::fs::read(root().join("examples/images/pipeline.png")).unwrap();
    let jpg = std::fs::read(root().join("tests/fixtures/pipeline.jpg")).unwrap();
    let bomb = bomb_png();
    assert_eq!(bomb.len(), 74);
    std::fs::write(dir.join("bomb.png"), bomb).unwrap();
    std::fs::write(dir.join("pipeline.png"), &png).unwrap();
    std::fs::write(dir.join("pipeline.jpg"), &jpg).unwrap();
    std::fs::write(dir.join("cut.png"), &png[..png.len() / 2]).unwrap();
    // Cut in the entropy-coded data (the headers are whole) and cut in the headers.
    std::fs::write(dir.join("cut-scan.jpg"), &jpg[..jpg.len() / 2]).unwrap();
    std::fs::write(dir.join("cut-head.jpg"), &jpg[..200]).unwrap();
    std::fs::create_dir(dir.join("x.png")).unwrap();
    std::fs::write(
        dir.join("latin1.svg"),
        b"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><text>caf\xe9</text></svg>",
    )
    .unwrap();
    std::fs::write(
        dir.join("broken.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><rect",
    )
    .unwrap();
}

/// (Markdown line, image URL, alt text, what the warning must say) of each bad image.
fn bad_images() -> Vec<(usize, &'static str, &'static str, &'static str)> {
    let mut v = vec![
        (
            3,
            "bomb.png",
            "bomb alt",
            "is 100000×100000 pixels, over the 50-megapixel limit",
        ),
        (5, "x.png", "dir alt", "is a directory, not a regular file"),
        (
            7,
            "cut-scan.jpg",
            "cut scan alt",
            "cannot be decoded (the file is cut short: it ends before its end-of-image marker)",
        ),
        (9, "cut-head.jpg", "cut head alt", "cannot be decoded ("),
        (11, "cut.png", "cut png alt", "cannot be decoded ("),
        (
            13,
            "latin1.svg",
            "latin1 alt",
            "is an SVG that is not UTF-8 text",
        ),
        (15, "broken.svg", "broken alt", "is not a valid SVG ("),
    ];
    if cfg!(unix) {
        v.push((
            17,
            "/dev/zero",
            "zero alt",
            "is a character device, not a regular file",
        ));
    }
    v
}

fn document() -> String {
    let mut md = String::from("# Hostile images\n\n");
    for (_, url, alt, _) in bad_images() {
        md.push_str(&format!("![{alt}]({url})\n\n"));
    }
    if !cfg!(unix) {
        md.push_str("Line 17.\n\n");
    }
    // Line 19 on: good images, then a bad one in a table cell (line 25, column 3).
    md.push_str("![good png](pipeline.png)\n\n![good jpeg](pipeline.jpg)\n\n| Cell |\n|---|\n| ![cell alt](latin1.svg) |\n");
    md
}

/// (width, height) in pixels of every image XObject in the PDF.
fn pdf_image_sizes(pdf: &Path) -> Vec<(i64, i64)> {
    let doc = lopdf::Document::load(pdf).expect("read PDF");
    doc.objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .filter(|s| {
            s.dict
                .get(b"Subtype")
                .and_then(|v| v.as_name())
                .is_ok_and(|n| n == b"Image")
        })
        .map(|s| {
            let n = |k: &[u8]| s.dict.get(k).and_then(|v| v.as_i64()).unwrap_or(0);
            (n(b"Width"), n(b"Height"))
        })
        .collect()
}

/// EPUBCheck finds no error or warning in `epub` (skipped loudly without EPUBCheck).
fn assert_epub_valid(epub: &Path) {
    if let Some(report) = epubcheck(epub) {
        assert!(
            report.contains("No errors or warnings detected"),
            "{report}"
        );
    }
}

/// Stderr lines that are warnings.
fn warnings(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter(|l| l.contains(": warning: "))
        .collect()
}

#[test]
fn bad_images_become_placeholders_with_one_warning_each_in_pdf_and_epub() {
    let dir = tempdir();
    write_images(dir.path());
    let md = dir.path().join("doc.md");
    std::fs::write(&md, document()).unwrap();
    let pdf = dir.path().join("out/doc.pdf");
    // `--allow-outside` lets `/dev/zero` through the folder rule to the device check.
    let out = inkbind([
        "build".as_ref(),
        md.as_os_str(),
        "--to".as_ref(),
        "pdf,epub".as_ref(),
        "--allow-outside".as_ref(),
        "-o".as_ref(),
        pdf.as_os_str(),
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let warns = warnings(&stderr);
    let file = md.display().to_string();
    for (line, url, _, why) in bad_images() {
        let at = format!("{file}:{line}:1: warning: image \"{url}\" {why}");
        let here: Vec<_> = warns.iter().filter(|w| w.starts_with(&at)).collect();
        assert_eq!(
            here.len(),
            1,
            "one warning for {url} at {line}:1:\n{stderr}"
        );
        assert!(
            here[0].ends_with("; its alt text is shown instead"),
            "{}",
            here[0]
        );
    }
    let cell = format!("{file}:25:3: warning: image \"latin1.svg\" is an SVG that is not UTF-8");
    assert_eq!(
        warns.iter().filter(|w| w.starts_with(&cell)).count(),
        1,
        "{stderr}"
    );
    // Nothing else: one warning per bad image, none for the good ones.
    assert_eq!(warns.len(), bad_images().len() + 1, "{stderr}");

    // PDF: valid, the placeholders' alt text is there, the two good images are embedded.
    if have("qpdf") {
        run_ok("qpdf", &["--check", pdf.to_str().unwrap()]);
    }
    if have("pdftotext") {
        let text = squash(&pdftotext(&pdf, None));
        for (_, _, alt, _) in bad_images() {
            let placeholder = squash(&format!("[image: {alt}]"));
            assert!(text.contains(&placeholder), "{placeholder} in {text}");
        }
        assert!(
            text.contains("[image:cellalt]") || text.contains("[cellalt]"),
            "{text}"
        );
    }
    assert_eq!(
        pdf_image_sizes(&pdf),
        [(320, 120), (320, 120)],
        "the PNG and the JPEG are embedded, nothing else"
    );

    // EPUB: valid, placeholders in the chapter, only the two good images packaged (the
    // JPEG byte for byte).
    let epub = dir.path().join("out/doc.epub");
    let bytes = std::fs::read(&epub).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&bytes)).unwrap();
    let names: Vec<String> = zip.file_names().map(str::to_string).collect();
    let packaged: Vec<_> = names.iter().filter(|n| n.contains("images/")).collect();
    assert_eq!(packaged.len(), 2, "{names:?}");
    let mut jpg = Vec::new();
    std::io::Read::read_to_end(
        &mut zip.by_name("OEBPS/images/image-2.jpg").unwrap(),
        &mut jpg,
    )
    .unwrap();
    assert_eq!(jpg, std::fs::read(dir.path().join("pipeline.jpg")).unwrap());
    let mut chapter = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("OEBPS/chapter.xhtml").unwrap(),
        &mut chapter,
    )
    .unwrap();
    for (_, _, alt, _) in bad_images() {
        assert!(
            chapter.contains(&format!("<span class=\"image-missing\">{alt}</span>")),
            "{alt}: {chapter}"
        );
    }
    assert_epub_valid(&epub);
}

#[test]
fn an_oversized_mermaid_diagram_warns_once_for_pdf_and_epub() {
    let dir = tempdir();
    let mut md = String::from("# Big diagram\n\n```mermaid\nflowchart TD\n");
    for i in 0..501 {
        md.push_str(&format!("  n{i} --> n{}\n", i + 1));
    }
    md.push_str("```\n");
    let src = dir.path().join("big.md");
    std::fs::write(&src, md).unwrap();
    let out = inkbind([
        "build".as_ref(),
        src.as_os_str(),
        "--to".as_ref(),
        "pdf,epub".as_ref(),
        "-o".as_ref(),
        dir.path().join("big.pdf").as_os_str(),
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let warns = warnings(&stderr);
    // The 501st edge is on line 505 (the fence opens on line 3).
    let at = format!(
        "{}:505:7: warning: Mermaid edge limit exceeded",
        src.display()
    );
    assert_eq!(warns.len(), 1, "{stderr}");
    assert!(warns[0].starts_with(&at), "{stderr}");
    assert!(
        warns[0].ends_with("; the diagram is shown as its source"),
        "{stderr}"
    );
}

#[test]
fn a_hostile_cover_warns_once_and_the_book_has_no_cover() {
    let dir = tempdir();
    std::fs::write(dir.path().join("bomb.png"), bomb_png()).unwrap();
    let chapter = dir.path().join("a.md");
    std::fs::write(&chapter, "---\ntitle: One\n---\n\nText.\n").unwrap();
    let out = inkbind([
        "book".as_ref(),
        chapter.as_os_str(),
        "--title".as_ref(),
        "Hostile cover".as_ref(),
        "--cover".as_ref(),
        dir.path().join("bomb.png").as_os_str(),
        "--to".as_ref(),
        "pdf,epub".as_ref(),
        "-o".as_ref(),
        dir.path().join("book.pdf").as_os_str(),
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let warns = warnings(&stderr);
    assert_eq!(warns.len(), 1, "{stderr}");
    assert!(
        warns[0].contains("cover image")
            && warns[0].contains("is 100000×100000 pixels, over the 50-megapixel limit")
            && warns[0].ends_with("; the book has no cover"),
        "{stderr}"
    );
    assert_epub_valid(&dir.path().join("book.epub"));
}

#[test]
fn images_inside_an_svg_get_the_same_limits() {
    let dir = tempdir();
    write_images(dir.path());
    let zero = if cfg!(unix) {
        "<image href=\"/dev/zero\" width=\"50\" height=\"50\"/>"
    } else {
        ""
    };
    std::fs::write(
        dir.path().join("nest.svg"),
        format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"100\" height=\"100\">\
             <image href=\"bomb.png\" width=\"50\" height=\"50\"/>{zero}\
             <image href=\"cut.png\" width=\"50\" height=\"50\"/>\
             <image href=\"pipeline.png\" x=\"50\" width=\"50\" height=\"50\"/></svg>"
        ),
    )
    .unwrap();
    let md = dir.path().join("nest.md");
    std::fs::write(&md, "# Nested\n\n![nested](nest.svg)\n").unwrap();
    let pdf = dir.path().join("nest.pdf");
    let out = inkbind([
        "build".as_ref(),
        md.as_os_str(),
        "-o".as_ref(),
        pdf.as_os_str(),
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    // The drawing keeps the good image and leaves out the bomb, the device and the cut PNG
    // (each would abort, hang or fail the PDF writer).
    let sizes = pdf_image_sizes(&pdf);
    assert_eq!(sizes, [(320, 120)], "only pipeline.png is drawn");
    if have("qpdf") {
        run_ok("qpdf", &["--check", pdf.to_str().unwrap()]);
    }
}

#[test]
fn images_outside_the_document_folder_are_refused_unless_allowed() {
    let dir = tempdir();
    let root = dir.path();
    std::fs::create_dir_all(root.join("posts/img")).unwrap();
    std::fs::create_dir_all(root.join("assets")).unwrap();
    let png = std::fs::read(common::root().join("examples/images/pipeline.png")).unwrap();
    std::fs::write(root.join("posts/img/inside.png"), &png).unwrap();
    let other = std::fs::read(common::root().join("examples/blog/images/bookshelf.png")).unwrap();
    std::fs::write(root.join("assets/shared.png"), &other).unwrap();
    std::fs::write(root.join("secret.png"), &png).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(root.join("secret.png"), root.join("posts/img/link.png")).unwrap();
    let md = root.join("posts/post.md");
    std::fs::write(
        &md,
        "# Post\n\n![inside](img/inside.png)\n\n![shared](shared.png)\n\n\
         ![up](../secret.png)\n\n![passwd](../../../../../../etc/passwd)\n\n\
         ![abs](/etc/passwd)\n\n![link](img/link.png)\n",
    )
    .unwrap();
    let pdf = root.join("out/post.pdf");
    let build = |extra: &[&str]| {
        let mut args: Vec<std::ffi::OsString> = vec![
            "build".into(),
            md.clone().into(),
            "--to".into(),
            "pdf,epub".into(),
            "-o".into(),
            pdf.clone().into(),
        ];
        args.extend(extra.iter().map(Into::into));
        inkbind(args)
    };
    let out = build(&[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let file = md.display().to_string();
    let mut refused = vec![
        (7, "../secret.png"),
        (9, "../../../../../../etc/passwd"),
        (11, "/etc/passwd"),
    ];
    if cfg!(unix) {
        refused.push((13, "img/link.png"));
    }
    for (line, url) in &refused {
        let at =
            format!("{file}:{line}:1: warning: image \"{url}\" is outside the document's folder");
        assert!(stderr.contains(&at), "{at}\n{stderr}");
    }
    assert!(
        stderr.contains("pass --allow-outside to allow it"),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!(
            "{file}:5:1: warning: image \"shared.png\" is not found (looked for "
        )),
        "{stderr}"
    );
    // Only the image inside the folder is embedded, in both formats; no byte of
    // /etc/passwd is anywhere in the outputs.
    assert_eq!(pdf_image_sizes(&pdf), [(320, 120)]);
    let epub = std::fs::read(root.join("out/post.epub")).unwrap();
    let names = epub_entry_names(&root.join("out/post.epub"));
    assert_eq!(
        names.iter().filter(|n| n.ends_with(".png")).count(),
        1,
        "{names:?}"
    );
    assert!(!String::from_utf8_lossy(&epub).contains("root:x:0:0"));
    // --resource-path finds the shared image; the others stay refused.
    let out = build(&["--resource-path", root.join("assets").to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("shared.png"), "{stderr}");
    assert!(
        stderr.contains("and the --resource-path folders"),
        "{stderr}"
    );
    let mut sizes = pdf_image_sizes(&pdf);
    sizes.sort();
    assert_eq!(sizes, [(240, 160), (320, 120)]);
    // --allow-outside reads the file above the folder (and the link).
    let out = build(&["--allow-outside"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("is outside"), "{stderr}");
    assert!(!stderr.contains("secret.png"), "{stderr}");
    assert_epub_valid(&root.join("out/post.epub"));
}

/// Entry names of a ZIP (EPUB) container.
fn epub_entry_names(epub: &Path) -> Vec<String> {
    let f = std::fs::File::open(epub).unwrap();
    let zip = zip::ZipArchive::new(f).unwrap();
    zip.file_names().map(str::to_string).collect()
}

/// A local HTTP/1.1 server for the `--fetch` tests: `/a.png` (counted), `/slow.png` (answers
/// after 3 s), `/huge.png` (declares 100 MiB), anything else 404. Returns the base URL and
/// the number of `/a.png` requests served.
fn image_server(png: Vec<u8>) -> (String, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
    use std::io::{BufRead, BufReader, Write};
    use std::sync::atomic::{AtomicUsize, Ordering};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let hits = std::sync::Arc::new(AtomicUsize::new(0));
    let counter = hits.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut s) = stream else { continue };
            let png = png.clone();
            let counter = counter.clone();
            std::thread::spawn(move || {
                let mut r = BufReader::new(s.try_clone().unwrap());
                let mut line = String::new();
                r.read_line(&mut line).unwrap_or(0);
                let path = line.split_whitespace().nth(1).unwrap_or("").to_string();
                loop {
                    let mut h = String::new();
                    if r.read_line(&mut h).unwrap_or(0) == 0 || h == "\r\n" {
                        break;
                    }
                }
                let head = |status: &str, len: usize| {
                    format!(
                        "HTTP/1.1 {status}\r\nContent-Type: image/png\r\nContent-Length: {len}\r\nConnection: close\r\n\r\n"
                    )
                };
                let _ = match path.as_str() {
                    "/a.png" => {
                        counter.fetch_add(1, Ordering::SeqCst);
                        s.write_all(head("200 OK", png.len()).as_bytes())
                            .and_then(|_| s.write_all(&png))
                    }
                    "/slow.png" => {
                        std::thread::sleep(std::time::Duration::from_secs(3));
                        s.write_all(head("200 OK", png.len()).as_bytes())
                            .and_then(|_| s.write_all(&png))
                    }
                    "/huge.png" => s.write_all(head("200 OK", 100 << 20).as_bytes()),
                    _ => s.write_all(head("404 Not Found", 0).as_bytes()),
                };
            });
        }
    });
    (base, hits)
}

#[test]
fn fetch_downloads_remote_images_once_into_a_content_hash_cache() {
    use std::sync::atomic::Ordering;
    let dir = tempdir();
    let png = std::fs::read(common::root().join("examples/images/pipeline.png")).unwrap();
    let (base, hits) = image_server(png.clone());
    let md = dir.path().join("remote.md");
    std::fs::write(
        &md,
        format!(
            "# Remote\n\n![a]({base}/a.png)\n\n![gone]({base}/gone.png)\n\n\
             ![slow]({base}/slow.png)\n\n![huge]({base}/huge.png)\n"
        ),
    )
    .unwrap();
    let cache = dir.path().join("cache");
    let pdf = dir.path().join("remote.pdf");
    let run = |extra: &[&str], ci: bool| {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_inkbind"));
        cmd.arg("build")
            .arg(&md)
            .args(["--to", "pdf,epub", "-o"])
            .arg(&pdf)
            .arg("--fetch-cache")
            .arg(&cache)
            .args(["--fetch-timeout", "1"])
            .args(extra)
            .env_remove("CI");
        if ci {
            cmd.env("CI", "true");
        }
        let out = cmd.output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    // Without --fetch nothing is downloaded.
    let stderr = run(&[], false);
    assert!(
        stderr.contains("is remote and is not downloaded"),
        "{stderr}"
    );
    assert_eq!(hits.load(Ordering::SeqCst), 0);
    // --fetch: the good image is embedded (PDF and EPUB), the others warn with the reason.
    let stderr = run(&["--fetch"], false);
    let file = md.display().to_string();
    for (line, why) in [
        (5, "could not be downloaded (HTTP 404)"),
        (7, "could not be downloaded (timed out after 1 s)"),
        (9, "is larger than the 64 MiB download limit"),
    ] {
        assert!(
            stderr.contains(&format!("{file}:{line}:1: warning: image ")),
            "{stderr}"
        );
        assert!(stderr.contains(why), "{why}\n{stderr}");
    }
    assert!(!stderr.contains("/a.png"), "{stderr}");
    assert_eq!(pdf_image_sizes(&pdf), [(320, 120)]);
    assert_epub_valid(&dir.path().join("remote.epub"));
    assert_eq!(
        hits.load(Ordering::SeqCst),
        1,
        "one download for PDF and EPUB"
    );
    // The cache holds the bytes under their SHA-256.
    let names: Vec<String> = std::fs::read_dir(&cache)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "url")
        .collect();
    assert_eq!(names.len(), 1, "{names:?}");
    assert_eq!(std::fs::read(cache.join(&names[0])).unwrap(), png);
    // A second run, and a CI run, read the cache: no new request.
    run(&["--fetch"], false);
    let stderr = run(&["--fetch"], true);
    assert!(!stderr.contains("/a.png"), "{stderr}");
    assert!(
        stderr.contains("offline: --offline or CI is set"),
        "{stderr}"
    );
    assert_eq!(pdf_image_sizes(&pdf), [(320, 120)]);
    assert_eq!(hits.load(Ordering::SeqCst), 1);
    // --offline with an empty cache downloads nothing.
    std::fs::remove_dir_all(&cache).unwrap();
    let stderr = run(&["--fetch", "--offline"], false);
    assert!(
        stderr.contains(&format!(
            "image \"{base}/a.png\" is remote and not in the download cache"
        )),
        "{stderr}"
    );
    assert_eq!(hits.load(Ordering::SeqCst), 1);
}
