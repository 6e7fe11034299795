//! Markdown bytes → document model: decoding (BOM, UTF-16, invalid UTF-8), front matter,
//! comrak, inline HTML, heading ids. Must never panic or hang.
#![no_main]

use inkbind::diagnostics::Diagnostics;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut diags = Diagnostics::new("fuzz.md");
    let src = inkbind::pipeline::decode_source(data, &mut diags);
    let doc = inkbind::pipeline::parse(&src, &mut diags);
    let _ = doc.heading_ids();
});
