//! The whole conversion: Markdown bytes → PDF bytes and EPUB bytes. Must never panic or
//! hang; every output that is produced starts like its format.
#![no_main]

use inkbind::diagnostics::Diagnostics;
use inkbind::pipeline::{self, RenderOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut diags = Diagnostics::new("fuzz.md");
    let src = pipeline::decode_source(data, &mut diags);
    let doc = pipeline::parse(&src, &mut diags);
    let opts = RenderOptions {
        // Images resolve inside an empty folder: the fuzzer must not read the machine.
        source_dir: std::env::temp_dir().join("inkbind-fuzz-empty"),
        ..Default::default()
    };
    if let Ok((pdf, _pages)) = pipeline::to_pdf(&doc, &opts, &mut diags) {
        assert!(pdf.starts_with(b"%PDF-"));
    }
    if let Ok(epub) = pipeline::to_epub(&doc, &opts, &mut diags) {
        assert!(epub.starts_with(b"PK"));
    }
});
