//! Former home of [`FontMeasure`], which now lives in [`crate::diagram`] (the fonts stage
//! knows nothing of Mermaid). The path stays for existing callers.

pub use crate::diagram::FontMeasure;
