//! Source preprocessing, in the order Mermaid applies it before any diagram grammar sees
//! the text (`preprocessDiagram` and `Diagram.fromText` of `mermaidAPI`): line-ending and
//! tag-attribute cleanup, YAML front matter, `%%{...}%%` directives, `%%` comment lines,
//! leading white space, entity-code encoding and a final newline.
//!
//! Every character of the result remembers where it came from in the original source, so
//! errors can be reported at the original line/column ([`line_col`], [`error_at`],
//! [`warning_at`]). Shared by every diagram type; knows no grammar: steps a type's own
//! parser wrapper adds (the flowchart's `}`-newline collapse) live with that type, built
//! with [`Out`].

use super::error::{ParseError, Warning};

/// Text being preprocessed; `orig[i]` is the index (in chars) of `chars[i]`
/// in the original source.
#[derive(Debug, Clone, Default)]
pub(crate) struct Src {
    pub chars: Vec<char>,
    pub orig: Vec<usize>,
}

impl Src {
    fn new(s: &str) -> Src {
        let chars: Vec<char> = s.chars().collect();
        let orig = (0..chars.len()).collect();
        Src { chars, orig }
    }

    fn slice(&self, a: usize, b: usize) -> Src {
        Src {
            chars: self.chars[a..b].to_vec(),
            orig: self.orig[a..b].to_vec(),
        }
    }

    /// Index in the original source of position `i` (may be one past the end).
    pub fn orig_at(&self, i: usize, src_len: usize) -> usize {
        if i < self.orig.len() {
            self.orig[i]
        } else {
            self.orig.last().map(|o| o + 1).unwrap_or(0).min(src_len)
        }
    }

    pub fn string(&self, a: usize, b: usize) -> String {
        self.chars[a.min(self.chars.len())..b.min(self.chars.len())]
            .iter()
            .collect()
    }
}

/// Builder for a transformed [`Src`].
pub(crate) struct Out {
    /// The text built so far.
    pub(crate) s: Src,
}

impl Out {
    /// An empty text.
    pub(crate) fn new() -> Out {
        Out { s: Src::default() }
    }
    /// Appends `c`, which came from original index `o`.
    pub(crate) fn push(&mut self, c: char, o: usize) {
        self.s.chars.push(c);
        self.s.orig.push(o);
    }
    /// Appends `src[a..b]` with its origins.
    pub(crate) fn copy(&mut self, src: &Src, a: usize, b: usize) {
        self.s.chars.extend_from_slice(&src.chars[a..b]);
        self.s.orig.extend_from_slice(&src.orig[a..b]);
    }
}

/// JavaScript `\s`.
pub(crate) fn is_js_space(c: char) -> bool {
    matches!(
        c,
        '\t' | '\n' | '\u{0B}' | '\u{0C}' | '\r' | ' ' | '\u{A0}' | '\u{1680}' | '\u{2000}'
            ..='\u{200A}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{202F}'
                | '\u{205F}'
                | '\u{3000}'
                | '\u{FEFF}'
    )
}

/// JavaScript `\w`.
pub(crate) fn is_word(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// A `%%{...}%%` directive found in the source.
#[derive(Debug, Clone)]
pub(crate) struct Directive {
    /// Directive type, e.g. `init`.
    pub kind: String,
    /// Raw argument text (JSON-like), if any.
    pub args: Option<String>,
    /// Original char index where it starts.
    pub pos: usize,
}

/// Result of preprocessing.
#[derive(Debug, Clone, Default)]
pub(crate) struct Pre {
    pub text: Src,
    pub front_matter: Option<(String, usize)>,
    pub directives: Vec<Directive>,
}

/// Runs every preprocessing step. Never fails: what is left is for a grammar to judge.
pub(crate) fn preprocess(source: &str) -> Pre {
    let src = Src::new(source);
    let src = cleanup_text(&src);
    let (src, front_matter) = front_matter(&src);
    let (src, directives) = directives(&src);
    let src = cleanup_comments(&src);
    let src = trim_start(&src);
    let src = encode_entities(&src);
    let mut out = Out::new();
    out.copy(&src, 0, src.chars.len());
    let end = src.orig.last().map(|o| o + 1).unwrap_or(0);
    out.push('\n', end);
    Pre {
        text: out.s,
        front_matter,
        directives,
    }
}

/// `\r\n?` to `\n`, and `<tag a="b">` attribute quotes to single quotes.
fn cleanup_text(src: &Src) -> Src {
    let mut o = Out::new();
    let c = &src.chars;
    let mut i = 0;
    while i < c.len() {
        if c[i] == '\r' {
            o.push('\n', src.orig[i]);
            i += 1;
            if i < c.len() && c[i] == '\n' {
                i += 1;
            }
            continue;
        }
        o.push(c[i], src.orig[i]);
        i += 1;
    }
    let src = o.s;
    let c = &src.chars;
    let mut o = Out::new();
    let mut i = 0;
    while i < c.len() {
        if c[i] == '<'
            && i + 1 < c.len()
            && is_word(c[i + 1])
            && let Some(gt) = (i + 1..c.len()).find(|&j| c[j] == '>')
        {
            // tag name: \w+ (greedy), then attributes up to '>'.
            let mut j = i + 1;
            while j < gt && is_word(c[j]) {
                j += 1;
            }
            o.copy(&src, i, j);
            // attributes: replace ="..." with ='...'
            let mut k = j;
            while k < gt {
                if c[k] == '='
                    && k + 1 < gt
                    && c[k + 1] == '"'
                    && let Some(q) = (k + 2..gt).find(|&m| c[m] == '"')
                {
                    o.push('=', src.orig[k]);
                    o.push('\'', src.orig[k + 1]);
                    o.copy(&src, k + 2, q);
                    o.push('\'', src.orig[q]);
                    k = q + 1;
                    continue;
                }
                o.push(c[k], src.orig[k]);
                k += 1;
            }
            o.push('>', src.orig[gt]);
            i = gt + 1;
            continue;
        }
        o.push(c[i], src.orig[i]);
        i += 1;
    }
    o.s
}

fn is_line_break(c: char) -> bool {
    c == '\n' || c == '\r'
}

fn last_line_break_in_ws_run(c: &[char], from: usize) -> Option<usize> {
    let mut idx = None;
    let mut i = from;
    while i < c.len() && is_js_space(c[i]) {
        if is_line_break(c[i]) {
            idx = Some(i);
        }
        i += 1;
    }
    idx
}

/// Mermaid's front-matter matcher: returns (indent, body range, consumed length).
fn match_front_matter(c: &[char]) -> Option<(usize, usize, usize, usize)> {
    let mut cursor = 0;
    while cursor < c.len() && is_js_space(c[cursor]) && !is_line_break(c[cursor]) {
        cursor += 1;
    }
    let indent = cursor;
    if !(c.len() >= cursor + 3 && c[cursor..cursor + 3] == ['-', '-', '-']) {
        return None;
    }
    let mut opening_ends = Vec::new();
    let mut i = cursor + 3;
    while i < c.len() && is_js_space(c[i]) {
        if is_line_break(c[i]) {
            opening_ends.push(i);
        }
        i += 1;
    }
    if opening_ends.is_empty() {
        return None;
    }
    let fence: Vec<char> = c[..indent].iter().copied().chain("---".chars()).collect();
    let closing_end = |i: usize| -> Option<usize> {
        if is_line_break(c[i])
            && c.len() >= i + 1 + fence.len()
            && c[i + 1..i + 1 + fence.len()] == fence[..]
        {
            last_line_break_in_ws_run(c, i + 1 + fence.len())
        } else {
            None
        }
    };
    let earliest = opening_ends[0] + 1;
    let mut last_closing = None;
    for i in earliest..c.len() {
        if closing_end(i).is_some() {
            last_closing = Some(i);
        }
    }
    let last_closing = last_closing?;
    let mut opening_end = opening_ends[0];
    for &cand in &opening_ends {
        if cand < last_closing {
            opening_end = cand;
        }
    }
    let body_start = opening_end + 1;
    for i in body_start..=last_closing {
        if let Some(end) = closing_end(i) {
            return Some((indent, body_start, i, end + 1));
        }
    }
    None
}

fn front_matter(src: &Src) -> (Src, Option<(String, usize)>) {
    match match_front_matter(&src.chars) {
        Some((indent, a, b, len)) => {
            let body: String = src.string(a, b);
            let body = if indent > 0 {
                let ind: String = src.string(0, indent);
                body.split('\n')
                    .map(|l| l.strip_prefix(ind.as_str()).unwrap_or(l))
                    .collect::<Vec<_>>()
                    .join("\n")
            } else {
                body
            };
            let pos = src.orig.get(a).copied().unwrap_or(0);
            (src.slice(len, src.chars.len()), Some((body, pos)))
        }
        None => (src.clone(), None),
    }
}

fn starts_with(c: &[char], i: usize, s: &str) -> bool {
    (i..).zip(s.chars()).all(|(k, ch)| c.get(k) == Some(&ch))
}

/// Matches Mermaid's directive regex at `i`; returns (end, kind, args).
fn match_directive(c: &[char], i: usize) -> Option<(usize, String, Option<String>)> {
    if !starts_with(c, i, "%%{") {
        return None;
    }
    let mut k = i + 3;
    while k < c.len() && is_js_space(c[k]) {
        k += 1;
    }
    let ws = k;
    while k < c.len() && is_word(c[k]) {
        k += 1;
    }
    if k == ws {
        return None;
    }
    let kind: String = c[ws..k].iter().collect();
    // (\w+)\s*:  or  (\w+)
    let mut m = k;
    while m < c.len() && is_js_space(c[m]) {
        m += 1;
    }
    if m < c.len() && c[m] == ':' {
        k = m + 1;
    }
    while k < c.len() && is_js_space(c[k]) {
        k += 1;
    }
    let mut args = None;
    if k < c.len() && is_word(c[k]) {
        let a = k;
        while k < c.len() && is_word(c[k]) {
            k += 1;
        }
        args = Some(c[a..k].iter().collect::<String>());
    } else {
        let a = k;
        while k < c.len()
            && !starts_with(c, k, "}%%")
            && !matches!(c[k], '\r' | '\u{2028}' | '\u{2029}')
        {
            k += 1;
        }
        let s: String = c[a..k].iter().collect();
        if !s.trim().is_empty() {
            args = Some(s);
        }
    }
    while k < c.len() && is_js_space(c[k]) {
        k += 1;
    }
    if starts_with(c, k, "}%%") {
        k += 3;
    }
    Some((k, kind, args))
}

fn directives(src: &Src) -> (Src, Vec<Directive>) {
    let c = &src.chars;
    let mut o = Out::new();
    let mut found = Vec::new();
    let mut i = 0;
    while i < c.len() {
        if let Some((end, kind, args)) = match_directive(c, i) {
            found.push(Directive {
                kind,
                args,
                pos: src.orig[i],
            });
            i = end.max(i + 1);
            continue;
        }
        o.push(c[i], src.orig[i]);
        i += 1;
    }
    (o.s, found)
}

/// Removes lines matching `^\s*%%(?!{)[^\n]+\n?` (multiline), then trims the start.
fn cleanup_comments(src: &Src) -> Src {
    let c = &src.chars;
    let mut o = Out::new();
    let mut i = 0;
    let mut line_start = true;
    while i < c.len() {
        if line_start {
            let mut q = i;
            while q < c.len() && is_js_space(c[q]) {
                q += 1;
            }
            if starts_with(c, q, "%%") && q + 2 < c.len() && c[q + 2] != '{' && c[q + 2] != '\n' {
                let mut e = q + 2;
                while e < c.len() && c[e] != '\n' {
                    e += 1;
                }
                if e < c.len() {
                    e += 1;
                }
                i = e;
                line_start = true;
                continue;
            }
        }
        o.push(c[i], src.orig[i]);
        line_start = c[i] == '\n';
        i += 1;
    }
    o.s
}

fn trim_start(src: &Src) -> Src {
    let mut i = 0;
    while i < src.chars.len() && is_js_space(src.chars[i]) {
        i += 1;
    }
    src.slice(i, src.chars.len())
}

/// Mermaid's `encodeEntities`: drops the final `;` of `style`/`classDef` lines
/// that contain `:...#`, then turns `#name;` into placeholder text that the
/// label decoder later turns back into characters.
fn encode_entities(src: &Src) -> Src {
    let src = drop_style_semicolon(src, "style");
    let src = drop_style_semicolon(&src, "classDef");
    let c = &src.chars;
    let mut o = Out::new();
    let mut i = 0;
    while i < c.len() {
        if c[i] == '#' {
            let mut k = i + 1;
            while k < c.len() && is_word(c[k]) {
                k += 1;
            }
            if k > i + 1 && k < c.len() && c[k] == ';' {
                let inner: String = c[i + 1..k].iter().collect();
                let p = src.orig[i];
                let digits = inner.strip_prefix('+').unwrap_or(&inner);
                let is_int = !digits.is_empty() && digits.chars().all(|d| d.is_ascii_digit());
                o.push(ENT_OPEN, p);
                o.push('\u{B0}', p);
                if is_int {
                    o.push('\u{B0}', p);
                }
                for (n, ch) in inner.chars().enumerate() {
                    o.push(ch, src.orig[i + 1 + n]);
                }
                o.push('\u{B6}', src.orig[k]);
                o.push('\u{DF}', src.orig[k]);
                i = k + 1;
                continue;
            }
        }
        o.push(c[i], src.orig[i]);
        i += 1;
    }
    o.s
}

/// First char of Mermaid's entity placeholder (`ﬂ°name¶ß`, `ﬂ°°123¶ß`).
pub(crate) const ENT_OPEN: char = '\u{FB02}';

fn drop_style_semicolon(src: &Src, kw: &str) -> Src {
    let c = &src.chars;
    let mut remove = Vec::new();
    let mut ls = 0;
    while ls <= c.len() {
        let mut le = ls;
        while le < c.len() && c[le] != '\n' {
            le += 1;
        }
        // first occurrence of kw in the line
        let kl = kw.chars().count();
        if let Some(s) = (ls..le).find(|&p| starts_with(c, p, kw) && p + kl <= le) {
            let mut ok = false;
            for p in s + kl..le {
                if c[p] != ':' {
                    continue;
                }
                let mut q = p + 1;
                while q < le && !is_js_space(c[q]) {
                    if c[q] == '#' && (q + 1..le).any(|r| c[r] == ';') {
                        ok = true;
                        break;
                    }
                    q += 1;
                }
                if ok {
                    break;
                }
            }
            if ok && let Some(r) = (ls..le).rev().find(|&r| c[r] == ';') {
                remove.push(r);
            }
        }
        ls = le + 1;
    }
    if remove.is_empty() {
        return src.clone();
    }
    let mut o = Out::new();
    let mut ri = 0;
    for (i, &ch) in c.iter().enumerate() {
        if ri < remove.len() && remove[ri] == i {
            ri += 1;
            continue;
        }
        o.push(ch, src.orig[i]);
    }
    o.s
}

/// Converts an original char index to 1-based (line, column).
pub(crate) fn line_col(source_chars: &[char], idx: usize) -> (usize, usize) {
    let mut line = 1;
    let mut col = 1;
    for &c in source_chars.iter().take(idx) {
        if c == '\n' {
            line += 1;
            col = 1;
        } else {
            col += 1;
        }
    }
    (line, col)
}

/// Builds a [`ParseError`] at an original char index.
pub(crate) fn error_at(source_chars: &[char], idx: usize, message: &str) -> ParseError {
    let (line, column) = line_col(source_chars, idx);
    let near: String = source_chars
        .iter()
        .skip(idx)
        .take_while(|&&c| c != '\n')
        .take(20)
        .collect();
    ParseError {
        line,
        column,
        message: message.to_string(),
        near,
    }
}

/// Builds a [`Warning`] at an original char index.
pub(crate) fn warning_at(source_chars: &[char], idx: usize, message: String) -> Warning {
    let (line, column) = line_col(source_chars, idx);
    Warning {
        line,
        column,
        message,
    }
}
