//! Mermaid's `sanitizeText` at its default (strict) security level, as the databases of
//! the class, state and other diagram types apply it while parsing: DOMPurify's
//! `sanitize` of the text as an HTML fragment, serialised back (`common.ts`,
//! `sanitizeText` → `removeScript` → DOMPurify with `FORBID_TAGS: ['style']`).
//!
//! DOMPurify returns a text without `<` unchanged; otherwise the fragment is parsed and
//! serialised, so text `&`, `<`, `>` come back as entities, known tags are kept (with
//! attributes in double quotes, `<br/>` as `<br>`, unclosed tags closed at the end),
//! unknown tags are dropped with their content kept, and `script`/`style` are dropped
//! with their content. A small HTML tokenizer, not a full HTML5 tree builder: tags are
//! never re-nested.
//!
//! Knows no diagram type.

/// HTML elements DOMPurify keeps by default (its `html` allow-list, the common part).
const ALLOWED: &[&str] = &[
    "a",
    "abbr",
    "b",
    "big",
    "blockquote",
    "br",
    "caption",
    "center",
    "cite",
    "code",
    "dd",
    "del",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "font",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "ins",
    "kbd",
    "label",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "q",
    "s",
    "small",
    "span",
    "strike",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "tt",
    "u",
    "ul",
    "var",
];

/// Elements DOMPurify drops together with their content.
const DROP_CONTENT: &[&str] = &["script", "style", "template", "noscript", "title", "iframe"];

/// Elements with no end tag.
const VOID: &[&str] = &["br", "hr", "img", "wbr"];

/// `sanitizeText(text)` at the strict security level.
pub(crate) fn sanitize_text(text: &str) -> String {
    if !text.contains('<') {
        return text.to_string();
    }
    let c: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 8);
    let mut open: Vec<String> = Vec::new();
    let mut i = 0;
    while i < c.len() {
        let ch = c[i];
        if ch == '<' {
            let next = c.get(i + 1).copied();
            if next.is_some_and(|n| n.is_ascii_alphabetic()) {
                let (tag, end) = read_tag(&c, i + 1);
                let Some(end) = end else {
                    break; // end of input inside a tag: the tag is dropped
                };
                i = end;
                let name = tag.name.to_ascii_lowercase();
                if DROP_CONTENT.contains(&name.as_str()) {
                    i = skip_past_end_tag(&c, i, &name);
                    continue;
                }
                if ALLOWED.contains(&name.as_str()) {
                    out.push('<');
                    out.push_str(&name);
                    for (k, v) in &tag.attrs {
                        if k.starts_with("on") {
                            continue;
                        }
                        out.push(' ');
                        out.push_str(k);
                        out.push_str("=\"");
                        out.push_str(&v.replace('&', "&amp;").replace('"', "&quot;"));
                        out.push('"');
                    }
                    out.push('>');
                    if !VOID.contains(&name.as_str()) {
                        open.push(name);
                    }
                }
                continue;
            }
            if next == Some('/') {
                if c.get(i + 2).is_some_and(|n| n.is_ascii_alphabetic()) {
                    let (tag, end) = read_tag(&c, i + 2);
                    let Some(end) = end else { break };
                    i = end;
                    let name = tag.name.to_ascii_lowercase();
                    if let Some(p) = open.iter().rposition(|o| *o == name) {
                        while open.len() > p {
                            let o = open.pop().unwrap_or_default();
                            out.push_str("</");
                            out.push_str(&o);
                            out.push('>');
                        }
                    } else if name == "br" {
                        out.push_str("<br>");
                    }
                    continue;
                }
                // bogus comment up to `>`
                i = skip_to_gt(&c, i + 2);
                continue;
            }
            if next == Some('!') || next == Some('?') {
                i = skip_to_gt(&c, i + 2);
                continue;
            }
            out.push_str("&lt;");
            i += 1;
            continue;
        }
        if ch == '&' {
            let (s, len) = entity(&c, i);
            push_text(&mut out, &s);
            i += len;
            continue;
        }
        push_text(&mut out, &ch.to_string());
        i += 1;
    }
    while let Some(o) = open.pop() {
        out.push_str("</");
        out.push_str(&o);
        out.push('>');
    }
    out
}

/// Text serialisation of HTML: `&`, `<`, `>` and no-break space as entities.
fn push_text(out: &mut String, s: &str) {
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\u{A0}' => out.push_str("&nbsp;"),
            _ => out.push(ch),
        }
    }
}

/// A character reference at `i` (`&amp;`, `&#35;`, `&#x23;`): its text and length; a
/// bare `&` is itself.
fn entity(c: &[char], i: usize) -> (String, usize) {
    let mut k = i + 1;
    while k < c.len() && k - i <= 10 && (c[k].is_ascii_alphanumeric() || c[k] == '#') {
        k += 1;
    }
    if k < c.len() && c[k] == ';' && k > i + 1 {
        let body: String = c[i + 1..k].iter().collect();
        let dec = if let Some(num) = body.strip_prefix('#') {
            let v = match num.strip_prefix(['x', 'X']) {
                Some(h) => u32::from_str_radix(h, 16).ok(),
                None => num.parse::<u32>().ok(),
            };
            v.and_then(char::from_u32).map(|ch| ch.to_string())
        } else {
            match body.as_str() {
                "amp" => Some("&".into()),
                "lt" => Some("<".into()),
                "gt" => Some(">".into()),
                "quot" => Some("\"".into()),
                "apos" => Some("'".into()),
                "nbsp" => Some("\u{A0}".into()),
                _ => None,
            }
        };
        if let Some(d) = dec {
            return (d, k + 1 - i);
        }
    }
    ("&".into(), 1)
}

struct Tag {
    name: String,
    attrs: Vec<(String, String)>,
}

/// Reads a tag from its name at `i` to its `>`; the index after `>`, or `None` when the
/// text ends first.
fn read_tag(c: &[char], mut i: usize) -> (Tag, Option<usize>) {
    let mut name = String::new();
    while i < c.len() && !c[i].is_whitespace() && c[i] != '>' && c[i] != '/' {
        name.push(c[i]);
        i += 1;
    }
    let mut attrs = Vec::new();
    loop {
        while i < c.len() && (c[i].is_whitespace() || c[i] == '/') {
            i += 1;
        }
        if i >= c.len() {
            return (Tag { name, attrs }, None);
        }
        if c[i] == '>' {
            return (Tag { name, attrs }, Some(i + 1));
        }
        let mut key = String::new();
        while i < c.len() && !c[i].is_whitespace() && !matches!(c[i], '>' | '/' | '=') {
            key.push(c[i].to_ascii_lowercase());
            i += 1;
        }
        while i < c.len() && c[i].is_whitespace() {
            i += 1;
        }
        let mut val = String::new();
        if c.get(i) == Some(&'=') {
            i += 1;
            while i < c.len() && c[i].is_whitespace() {
                i += 1;
            }
            match c.get(i) {
                Some(&q) if q == '"' || q == '\'' => {
                    i += 1;
                    while i < c.len() && c[i] != q {
                        val.push(c[i]);
                        i += 1;
                    }
                    i += 1;
                }
                _ => {
                    while i < c.len() && !c[i].is_whitespace() && c[i] != '>' {
                        val.push(c[i]);
                        i += 1;
                    }
                }
            }
        }
        if !key.is_empty() && !attrs.iter().any(|(k, _)| *k == key) {
            attrs.push((key, val));
        }
    }
}

fn skip_to_gt(c: &[char], mut i: usize) -> usize {
    while i < c.len() && c[i] != '>' {
        i += 1;
    }
    (i + 1).min(c.len())
}

/// The index after `</name>` (case-insensitive), or the end of the text.
fn skip_past_end_tag(c: &[char], i: usize, name: &str) -> usize {
    let close: Vec<char> = format!("</{name}").chars().collect();
    let mut k = i;
    while k + close.len() <= c.len() {
        if c[k..k + close.len()]
            .iter()
            .zip(&close)
            .all(|(a, b)| a.to_ascii_lowercase() == *b)
        {
            return skip_to_gt(c, k + close.len());
        }
        k += 1;
    }
    c.len()
}

#[cfg(test)]
mod tests {
    use super::sanitize_text;

    #[test]
    fn dompurify_like() {
        assert_eq!(sanitize_text("a & b"), "a & b");
        assert_eq!(sanitize_text("< owns"), "&lt; owns");
        assert_eq!(sanitize_text("a<br/>b"), "a<br>b");
        assert_eq!(sanitize_text("x<script>bad()</script>y"), "xy");
        assert_eq!(sanitize_text("List<int> & more"), "List &amp; more");
        assert_eq!(sanitize_text("<b>bold"), "<b>bold</b>");
        assert_eq!(sanitize_text("1 < 2 > 0"), "1 &lt; 2 &gt; 0");
    }
}
