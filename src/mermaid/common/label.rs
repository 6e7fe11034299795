//! Label text as every Mermaid diagram type writes it: lines of emphasis runs built from
//! entity codes, `<br>` line breaks, simple HTML emphasis tags and markdown strings
//! ("Markdown formatting" and "Entity codes to escape characters" sections of the
//! flowchart syntax, which Mermaid applies to the labels of every diagram type).
//!
//! Owns the [`Label`] type and its decoding; knows no grammar (a parser hands over the raw
//! text and how it was quoted) and nothing of measuring or drawing.

use super::preprocess::{ENT_OPEN, is_js_space};

/// One run of label text with uniform emphasis.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TextRun {
    /// The text, with entity codes already decoded (no markup left).
    pub text: String,
    /// Bold (`**x**` / `__x__` in markdown strings, `<b>`/`<strong>` in text).
    pub bold: bool,
    /// Italic (`*x*` / `_x_` in markdown strings, `<i>`/`<em>` in text).
    pub italic: bool,
}

/// How a label was written in the source (FlowDB's `labelType`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LabelKind {
    /// Plain text, e.g. `A[some text]` or `-->|text|`.
    #[default]
    Text,
    /// A quoted string, e.g. `A["text"]`.
    String,
    /// A markdown string (``A["`**bold** text`"]``) or an `@{ label: ... }` value.
    Markdown,
}

/// A node, edge or subgraph label: lines of text runs.
///
/// Line breaks come from every `<br>` form (`<br>`, `<br/>`, `<br />`, `<BR>`,
/// any case) and, in markdown strings, from newlines. Entity codes such as
/// `#quot;`, `#9829;` and `#amp;` (the "Entity codes to escape characters"
/// section) are decoded.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Label {
    /// Lines from top to bottom; each line is a sequence of runs.
    pub lines: Vec<Vec<TextRun>>,
    /// How the label was written.
    pub kind: LabelKind,
}

impl Label {
    /// A single-line plain label (no emphasis).
    pub fn plain(text: &str) -> Label {
        Label {
            lines: vec![vec![TextRun {
                text: text.to_string(),
                bold: false,
                italic: false,
            }]],
            kind: LabelKind::Text,
        }
    }

    /// Builds a label from label text as Mermaid's parser stores it: `<br>`
    /// forms split lines, entity codes and HTML entities are decoded,
    /// `<b>`/`<i>` (and markdown `**`/`*` for [`LabelKind::Markdown`], where
    /// newlines also split lines) give emphasis, other tags are dropped, and
    /// each line is trimmed.
    pub fn from_mermaid_text(raw: &str, kind: LabelKind) -> Label {
        build_label(raw, kind)
    }

    /// The label text without emphasis, lines joined with `'\n'`.
    pub fn plain_text(&self) -> String {
        let lines: Vec<String> = self
            .lines
            .iter()
            .map(|l| l.iter().map(|r| r.text.as_str()).collect::<String>())
            .collect();
        lines.join("\n")
    }

    /// True when the label has no visible text.
    pub fn is_empty(&self) -> bool {
        self.lines
            .iter()
            .all(|l| l.iter().all(|r| r.text.is_empty()))
    }
}

/// Named HTML entities we decode (the common ones; others stay literal).
fn named_entity(name: &str) -> Option<&'static str> {
    Some(match name {
        "quot" => "\"",
        "amp" => "&",
        "lt" => "<",
        "gt" => ">",
        "apos" => "'",
        "nbsp" => "\u{A0}",
        "equals" => "=",
        "copy" => "©",
        "reg" => "®",
        "trade" => "™",
        "hellip" => "…",
        "mdash" => "—",
        "ndash" => "–",
        "laquo" => "«",
        "raquo" => "»",
        "lsquo" => "‘",
        "rsquo" => "’",
        "ldquo" => "“",
        "rdquo" => "”",
        "deg" => "°",
        "plusmn" => "±",
        "times" => "×",
        "divide" => "÷",
        "euro" => "€",
        "pound" => "£",
        "yen" => "¥",
        "cent" => "¢",
        "sect" => "§",
        "para" => "¶",
        "middot" => "·",
        "bull" => "•",
        "larr" => "←",
        "rarr" => "→",
        "uarr" => "↑",
        "darr" => "↓",
        "harr" => "↔",
        "lArr" => "⇐",
        "rArr" => "⇒",
        "hArr" => "⇔",
        "hearts" => "♥",
        "spades" => "♠",
        "clubs" => "♣",
        "diams" => "♦",
        "check" => "✓",
        "infin" => "∞",
        "ne" => "≠",
        "le" => "≤",
        "ge" => "≥",
        "alpha" => "α",
        "beta" => "β",
        "gamma" => "γ",
        "delta" => "δ",
        "pi" => "π",
        "mu" => "μ",
        "sigma" => "σ",
        "lambda" => "λ",
        "omega" => "ω",
        "Omega" => "Ω",
        "Delta" => "Δ",
        "hyphen" => "-",
        "colon" => ":",
        "semi" => ";",
        "num" => "#",
        "lpar" => "(",
        "rpar" => ")",
        "lsqb" => "[",
        "rsqb" => "]",
        "lbrace" => "{",
        "rbrace" => "}",
        "vert" => "|",
        "ast" => "*",
        "excl" => "!",
        "quest" => "?",
        "commat" => "@",
        "dollar" => "$",
        "percnt" => "%",
        "plus" => "+",
        "comma" => ",",
        "period" => ".",
        "sol" => "/",
        "bsol" => "\\",
        "grave" => "`",
        "tilde" => "~",
        "Hat" => "^",
        "lowbar" => "_",
        _ => return None,
    })
}

fn numeric_entity(body: &str) -> Option<char> {
    let n = if let Some(h) = body.strip_prefix('x').or_else(|| body.strip_prefix('X')) {
        u32::from_str_radix(h, 16).ok()?
    } else {
        body.strip_prefix('+').unwrap_or(body).parse::<u32>().ok()?
    };
    char::from_u32(n)
}

/// Decodes Mermaid's entity placeholders (`#quot;` in the source) and HTML
/// entities (`&amp;`, `&#9829;`, `&#x2665;`). Unknown names stay literal.
pub(crate) fn decode_entities(s: &str) -> String {
    let c: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < c.len() {
        // Mermaid placeholder: ﬂ° [°] name ¶ß
        if c[i] == ENT_OPEN && c.get(i + 1) == Some(&'\u{B0}') {
            let numeric = c.get(i + 2) == Some(&'\u{B0}');
            let start = if numeric { i + 3 } else { i + 2 };
            let mut k = start;
            while k + 1 < c.len() && !(c[k] == '\u{B6}' && c[k + 1] == '\u{DF}') {
                k += 1;
            }
            if k + 1 < c.len() {
                let name: String = c[start..k].iter().collect();
                let dec = if numeric {
                    numeric_entity(&name).map(|ch| ch.to_string())
                } else if let Some(rest) = name.strip_prefix('x') {
                    u32::from_str_radix(rest, 16)
                        .ok()
                        .and_then(char::from_u32)
                        .map(|ch| ch.to_string())
                        .or_else(|| named_entity(&name).map(str::to_string))
                } else {
                    named_entity(&name).map(str::to_string)
                };
                match dec {
                    Some(d) => out.push_str(&d),
                    None => {
                        out.push('&');
                        if numeric {
                            out.push('#');
                        }
                        out.push_str(&name);
                        out.push(';');
                    }
                }
                i = k + 2;
                continue;
            }
        }
        if c[i] == '&' {
            let mut k = i + 1;
            while k < c.len() && k - i <= 12 && (c[k].is_ascii_alphanumeric() || c[k] == '#') {
                k += 1;
            }
            if k < c.len() && c[k] == ';' && k > i + 1 {
                let body: String = c[i + 1..k].iter().collect();
                let dec = if let Some(num) = body.strip_prefix('#') {
                    numeric_entity(num).map(|ch| ch.to_string())
                } else {
                    named_entity(&body).map(str::to_string)
                };
                if let Some(d) = dec {
                    out.push_str(&d);
                    i = k + 1;
                    continue;
                }
            }
        }
        out.push(c[i]);
        i += 1;
    }
    out
}

/// Is there a `<br>`-form tag (`<br>`, `<br/>`, `<br />`, `</br>`, any case)
/// at `i`? Returns its length.
fn br_at(c: &[char], i: usize) -> Option<usize> {
    if c.get(i) != Some(&'<') {
        return None;
    }
    let mut k = i + 1;
    if c.get(k) == Some(&'/') {
        k += 1;
    }
    if !matches!(c.get(k), Some('b' | 'B')) || !matches!(c.get(k + 1), Some('r' | 'R')) {
        return None;
    }
    k += 2;
    while k < c.len() && is_js_space(c[k]) {
        k += 1;
    }
    if c.get(k) == Some(&'/') {
        k += 1;
    }
    if c.get(k) == Some(&'>') {
        Some(k + 1 - i)
    } else {
        None
    }
}

/// Splits text at every `<br>` form.
fn split_br(s: &str) -> Vec<String> {
    let c: Vec<char> = s.chars().collect();
    let mut lines = vec![String::new()];
    let mut i = 0;
    while i < c.len() {
        if let Some(n) = br_at(&c, i) {
            lines.push(String::new());
            i += n;
            continue;
        }
        if let Some(l) = lines.last_mut() {
            l.push(c[i]);
        }
        i += 1;
    }
    lines
}

struct RunBuilder {
    runs: Vec<TextRun>,
    bold: u32,
    italic: u32,
}

impl RunBuilder {
    fn new() -> RunBuilder {
        RunBuilder {
            runs: Vec::new(),
            bold: 0,
            italic: 0,
        }
    }
    fn push_str(&mut self, s: &str) {
        if s.is_empty() {
            return;
        }
        let (b, it) = (self.bold > 0, self.italic > 0);
        match self.runs.last_mut() {
            Some(r) if r.bold == b && r.italic == it => r.text.push_str(s),
            _ => self.runs.push(TextRun {
                text: s.to_string(),
                bold: b,
                italic: it,
            }),
        }
    }
    fn finish(mut self) -> Vec<TextRun> {
        // trim the line
        if let Some(f) = self.runs.first_mut() {
            f.text = f.text.trim_start().to_string();
        }
        if let Some(l) = self.runs.last_mut() {
            l.text = l.text.trim_end().to_string();
        }
        self.runs.retain(|r| !r.text.is_empty());
        if self.runs.is_empty() {
            self.runs.push(TextRun::default());
        }
        self.runs
    }
}

/// One line of HTML-ish text: `<b>`/`<strong>` and `<i>`/`<em>` give
/// emphasis, other tags are dropped, entities are decoded.
fn html_line(s: &str) -> Vec<TextRun> {
    html_runs(s).finish()
}

/// The runs of [`html_line`] as they are (no placeholder run for empty text), for pieces
/// of a markdown line.
fn html_line_keep_space(s: &str) -> Vec<TextRun> {
    html_runs(s).runs
}

fn html_runs(s: &str) -> RunBuilder {
    let c: Vec<char> = s.chars().collect();
    let mut rb = RunBuilder::new();
    let mut buf = String::new();
    let mut i = 0;
    while i < c.len() {
        if c[i] == '<'
            && let Some(gt) = (i + 1..c.len()).find(|&k| c[k] == '>')
        {
            let inner: String = c[i + 1..gt].iter().collect();
            let closing = inner.starts_with('/');
            let name: String = inner
                .trim_start_matches('/')
                .chars()
                .take_while(|ch| ch.is_ascii_alphanumeric())
                .collect::<String>()
                .to_ascii_lowercase();
            if !name.is_empty() {
                rb.push_str(&decode_entities(&buf));
                buf.clear();
                let delta = |v: &mut u32| {
                    if closing {
                        *v = v.saturating_sub(1)
                    } else {
                        *v += 1
                    }
                };
                match name.as_str() {
                    "b" | "strong" => delta(&mut rb.bold),
                    "i" | "em" => delta(&mut rb.italic),
                    _ => {}
                }
                i = gt + 1;
                continue;
            }
        }
        buf.push(c[i]);
        i += 1;
    }
    rb.push_str(&decode_entities(&buf));
    rb
}

/// One line of a markdown string: `**bold**`, `__bold__`, `*italic*`,
/// `_italic_` (underscores only at word edges), HTML emphasis tags as above.
fn markdown_line(s: &str) -> Vec<TextRun> {
    let c: Vec<char> = s.chars().collect();
    let mut rb = RunBuilder::new();
    let mut buf = String::new();
    let mut i = 0;
    let flush = |rb: &mut RunBuilder, buf: &mut String| {
        if !buf.is_empty() {
            let runs = html_line_keep_space(buf);
            for r in runs {
                let (b0, i0) = (rb.bold, rb.italic);
                if r.bold {
                    rb.bold += 1;
                }
                if r.italic {
                    rb.italic += 1;
                }
                rb.push_str(&r.text);
                rb.bold = b0;
                rb.italic = i0;
            }
            buf.clear();
        }
    };
    while i < c.len() {
        let ch = c[i];
        if ch == '*' || ch == '_' {
            let double = c.get(i + 1) == Some(&ch);
            let n = if double { 2 } else { 1 };
            let prev = if i > 0 { Some(c[i - 1]) } else { None };
            let next = c.get(i + n).copied();
            let word = |x: Option<char>| x.is_some_and(|x| x.is_alphanumeric());
            // underscores inside words are literal
            let literal = ch == '_' && word(prev) && word(next);
            if !literal {
                let opening_ok = next.is_some_and(|x| !x.is_whitespace());
                let closing_ok = prev.is_some_and(|x| !x.is_whitespace());
                let counter_open = if double { rb.bold > 0 } else { rb.italic > 0 };
                if counter_open && closing_ok {
                    flush(&mut rb, &mut buf);
                    if double {
                        rb.bold -= 1;
                    } else {
                        rb.italic -= 1;
                    }
                    i += n;
                    continue;
                }
                if !counter_open && opening_ok && has_closer(&c, i + n, ch, n) {
                    flush(&mut rb, &mut buf);
                    if double {
                        rb.bold += 1;
                    } else {
                        rb.italic += 1;
                    }
                    i += n;
                    continue;
                }
            }
        }
        buf.push(ch);
        i += 1;
    }
    flush(&mut rb, &mut buf);
    rb.finish()
}

/// Is there a closing delimiter (same char, same count) later on the line?
fn has_closer(c: &[char], from: usize, ch: char, n: usize) -> bool {
    let mut k = from;
    while k + n <= c.len() {
        if c[k] == ch && (n == 1 || c.get(k + 1) == Some(&ch)) {
            if n == 1 && c.get(k + 1) == Some(&ch) {
                k += 2;
                continue;
            }
            if k > from && !c[k - 1].is_whitespace() {
                return true;
            }
        }
        k += 1;
    }
    false
}

/// Builds a [`Label`] from label text as Mermaid's FlowDB stores it.
pub(crate) fn build_label(raw: &str, kind: LabelKind) -> Label {
    let mut lines: Vec<Vec<TextRun>> = Vec::new();
    match kind {
        LabelKind::Markdown => {
            let mut src_lines: Vec<String> = Vec::new();
            for l in raw.split('\n') {
                src_lines.extend(split_br(l));
            }
            // drop leading/trailing blank lines
            while src_lines.first().is_some_and(|l| l.trim().is_empty()) && src_lines.len() > 1 {
                src_lines.remove(0);
            }
            while src_lines.last().is_some_and(|l| l.trim().is_empty()) && src_lines.len() > 1 {
                src_lines.pop();
            }
            for l in src_lines {
                lines.push(markdown_line(&l));
            }
        }
        LabelKind::Text | LabelKind::String => {
            for l in split_br(raw) {
                lines.push(html_line(&l));
            }
        }
    }
    if lines.is_empty() {
        lines.push(vec![TextRun::default()]);
    }
    Label { lines, kind }
}
