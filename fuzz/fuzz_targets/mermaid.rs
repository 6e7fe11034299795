//! Mermaid source → parse → layered layout → SVG, labels measured with the bundled fonts.
//! Must never panic or hang; syntax errors are fine.
#![no_main]

use inkbind::diagnostics::Diagnostics;
use inkbind::pipeline::{DiagramFormat, render_mermaid};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(src) = std::str::from_utf8(data) else {
        return;
    };
    let mut diags = Diagnostics::new("fuzz.mmd");
    let _ = render_mermaid(src, "ja", DiagramFormat::Svg, &mut diags);
});
