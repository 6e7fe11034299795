//! Syntax highlighting of code blocks with syntect (Sublime Text grammars, the
//! "InspiredGitHub" light theme). Shared by the PDF and EPUB writers.
//!
//! The grammar set is loaded once per process on first use (about 20 ms), only when a
//! document has a code block in a language syntect knows.

use std::sync::OnceLock;

use syntect::easy::HighlightLines;
use syntect::highlighting::{FontStyle, Theme, ThemeSet};
use syntect::parsing::SyntaxSet;

/// The look of one highlighted token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TokenStyle {
    /// sRGB foreground colour.
    pub color: (u8, u8, u8),
    /// Bold.
    pub bold: bool,
    /// Italic.
    pub italic: bool,
}

fn syntaxes() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(SyntaxSet::load_defaults_newlines)
}

fn theme() -> &'static Theme {
    static THEME: OnceLock<Theme> = OnceLock::new();
    THEME.get_or_init(|| {
        let mut set = ThemeSet::load_defaults();
        set.themes.remove("InspiredGitHub").unwrap_or_default()
    })
}

/// Highlights `code` as language `lang` (a fence info word such as `rust`, `yaml`, `sh`,
/// `ts`; matched against syntect's names and file extensions, case-insensitively).
/// Returns one token list per line (lines without their `\n`), or `None` when the language
/// is unknown, in which case the caller draws plain text.
pub fn highlight(code: &str, lang: &str) -> Option<Vec<Vec<(TokenStyle, String)>>> {
    let lang = lang.trim().to_ascii_lowercase();
    if lang.is_empty() || lang == "text" || lang == "plain" || lang == "txt" {
        return None;
    }
    let aliases = [
        ("ts", "js"),
        ("typescript", "js"),
        ("tsx", "js"),
        ("jsx", "js"),
        ("shell", "sh"),
        ("zsh", "sh"),
        ("console", "sh"),
        ("yml", "yaml"),
        ("dockerfile", "Dockerfile"),
        ("toml", "yaml"),
        ("jsonc", "json"),
        ("vue", "html"),
        ("golang", "go"),
    ];
    let token = aliases
        .iter()
        .find(|(a, _)| *a == lang)
        .map(|(_, b)| b.to_string())
        .unwrap_or(lang);
    let ss = syntaxes();
    let syntax = ss
        .find_syntax_by_token(&token)
        .or_else(|| ss.find_syntax_by_extension(&token))?;
    let mut h = HighlightLines::new(syntax, theme());
    let mut out = Vec::new();
    for line in code.split('\n') {
        let with_nl = format!("{line}\n");
        let ranges = h.highlight_line(&with_nl, ss).ok()?;
        let mut toks = Vec::new();
        for (style, text) in ranges {
            let text = text.trim_end_matches('\n');
            if text.is_empty() {
                continue;
            }
            toks.push((
                TokenStyle {
                    color: (style.foreground.r, style.foreground.g, style.foreground.b),
                    bold: style.font_style.contains(FontStyle::BOLD),
                    italic: style.font_style.contains(FontStyle::ITALIC),
                },
                text.to_string(),
            ));
        }
        out.push(toks);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rust_keywords_get_a_colour_of_their_own() {
        let lines = highlight("fn main() {\n    let x = 1;\n}", "rust").expect("rust is known");
        assert_eq!(lines.len(), 3);
        let fn_tok = &lines[0][0];
        assert_eq!(fn_tok.1, "fn");
        let plain = lines[0]
            .iter()
            .find(|(_, t)| t.contains("main"))
            .expect("main");
        assert_ne!(fn_tok.0.color, plain.0.color);
        let joined: String = lines[1].iter().map(|(_, t)| t.as_str()).collect();
        assert_eq!(joined, "    let x = 1;");
    }

    #[test]
    fn unknown_language_is_plain() {
        assert!(highlight("x", "no-such-language").is_none());
        assert!(highlight("x", "").is_none());
        assert!(highlight("a: 1", "yml").is_some());
    }
}
