//! A small tokenizer for the HTML that Markdown authors write inline (`<strong>`, `<br/>`,
//! `<a href="…">`, `<!-- … -->`) and in HTML blocks (`<div align="center">`, `<details>`).
//!
//! It does not build a DOM: the document builder keeps a stack of open elements of the safe
//! subset and turns everything else into text with a warning. Entities are decoded with
//! html-escape (HTML5 named and numeric references).

/// One piece of an HTML fragment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HtmlToken {
    /// `<name attr="v">` or `<name/>`; `name` is lowercase.
    Open {
        /// Lowercase tag name.
        name: String,
        /// Attributes, names lowercase, values entity-decoded.
        attrs: Vec<(String, String)>,
        /// `<br/>` form.
        self_closing: bool,
        /// The tag as written (for "kept as text" warnings).
        raw: String,
    },
    /// `</name>`.
    Close {
        /// Lowercase tag name.
        name: String,
        /// The tag as written.
        raw: String,
    },
    /// `<!-- … -->`, `<!DOCTYPE>`, `<?…?>`: never shown.
    Comment,
    /// Text between tags, entities decoded.
    Text(String),
}

impl HtmlToken {
    /// Attribute value by lowercase name.
    pub fn attr(&self, key: &str) -> Option<&str> {
        match self {
            HtmlToken::Open { attrs, .. } => attrs
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.as_str()),
            _ => None,
        }
    }
}

/// Decodes HTML character references (`&amp;`, `&#9829;`, `&nbsp;`).
pub fn decode_entities(s: &str) -> String {
    html_escape::decode_html_entities(s).into_owned()
}

/// Splits an HTML fragment into tokens. Never fails: a `<` that does not start a tag is
/// text.
pub fn tokenize(src: &str) -> Vec<HtmlToken> {
    let mut out = Vec::new();
    let mut text = String::new();
    let mut rest = src;
    while let Some(lt) = rest.find('<') {
        text.push_str(&rest[..lt]);
        let after = &rest[lt..];
        if let Some(body) = after.strip_prefix("<!--") {
            flush(&mut text, &mut out);
            match body.find("-->") {
                Some(end) => rest = &body[end + 3..],
                None => rest = "",
            }
            out.push(HtmlToken::Comment);
            continue;
        }
        if after.starts_with("<!") || after.starts_with("<?") {
            flush(&mut text, &mut out);
            match after.find('>') {
                Some(end) => rest = &after[end + 1..],
                None => rest = "",
            }
            out.push(HtmlToken::Comment);
            continue;
        }
        match parse_tag(after) {
            Some((tok, len)) => {
                flush(&mut text, &mut out);
                out.push(tok);
                rest = &after[len..];
            }
            None => {
                text.push('<');
                rest = &after[1..];
            }
        }
    }
    text.push_str(rest);
    flush(&mut text, &mut out);
    out
}

fn flush(text: &mut String, out: &mut Vec<HtmlToken>) {
    if !text.is_empty() {
        out.push(HtmlToken::Text(decode_entities(text)));
        text.clear();
    }
}

/// Parses `<name …>` or `</name>` at the start of `s`; returns the token and its byte length.
fn parse_tag(s: &str) -> Option<(HtmlToken, usize)> {
    let b = s.as_bytes();
    let mut i = 1;
    let closing = b.get(1) == Some(&b'/');
    if closing {
        i += 1;
    }
    let name_start = i;
    while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'-') {
        i += 1;
    }
    if i == name_start || !b[name_start].is_ascii_alphabetic() {
        return None;
    }
    let name = s[name_start..i].to_ascii_lowercase();
    let mut attrs = Vec::new();
    let mut self_closing = false;
    loop {
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        match b.get(i) {
            None => return None,
            Some(b'>') => {
                i += 1;
                break;
            }
            Some(b'/') if b.get(i + 1) == Some(&b'>') => {
                self_closing = true;
                i += 2;
                break;
            }
            Some(_) if closing => return None,
            Some(_) => {
                let k0 = i;
                while i < b.len() && !b[i].is_ascii_whitespace() && !b"=>/".contains(&b[i]) {
                    i += 1;
                }
                if i == k0 {
                    // a stray '/' or '=': skip it
                    i += 1;
                    continue;
                }
                let key = s[k0..i].to_ascii_lowercase();
                while i < b.len() && b[i].is_ascii_whitespace() {
                    i += 1;
                }
                let mut value = String::new();
                if b.get(i) == Some(&b'=') {
                    i += 1;
                    while i < b.len() && b[i].is_ascii_whitespace() {
                        i += 1;
                    }
                    match b.get(i) {
                        Some(&q @ (b'"' | b'\'')) => {
                            let end = s[i + 1..].find(q as char)? + i + 1;
                            value = decode_entities(&s[i + 1..end]);
                            i = end + 1;
                        }
                        _ => {
                            let v0 = i;
                            while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' {
                                i += 1;
                            }
                            value = decode_entities(&s[v0..i]);
                        }
                    }
                }
                attrs.push((key, value));
            }
        }
    }
    let raw = s[..i].to_string();
    let tok = if closing {
        HtmlToken::Close { name, raw }
    } else {
        HtmlToken::Open {
            name,
            attrs,
            self_closing,
            raw,
        }
    };
    Some((tok, i))
}

/// Elements that only structure blocks; in an HTML block they separate paragraphs and are
/// otherwise dropped (their text is kept).
pub fn is_block_container(name: &str) -> bool {
    matches!(
        name,
        "div"
            | "p"
            | "center"
            | "section"
            | "article"
            | "header"
            | "footer"
            | "aside"
            | "nav"
            | "main"
            | "figure"
            | "figcaption"
            | "details"
            | "summary"
            | "picture"
            | "source"
            | "blockquote"
            | "ul"
            | "ol"
            | "li"
            | "dl"
            | "dt"
            | "dd"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "hr"
            | "table"
            | "thead"
            | "tbody"
            | "tr"
            | "td"
            | "th"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokenizes_tags_comments_and_entities() {
        let t =
            tokenize("a <strong class=x>b</strong><br/><!-- c --> &amp; <a href='u?a=1&amp;b=2'>");
        assert_eq!(t[0], HtmlToken::Text("a ".into()));
        assert!(matches!(&t[1], HtmlToken::Open { name, .. } if name == "strong"));
        assert_eq!(t[1].attr("class"), Some("x"));
        assert!(matches!(&t[3], HtmlToken::Close { name, .. } if name == "strong"));
        assert!(matches!(&t[4], HtmlToken::Open { name, self_closing: true, .. } if name == "br"));
        assert_eq!(t[5], HtmlToken::Comment);
        assert_eq!(t[6], HtmlToken::Text(" & ".into()));
        assert_eq!(t[7].attr("href"), Some("u?a=1&b=2"));
    }

    #[test]
    fn lone_angle_bracket_is_text() {
        assert_eq!(tokenize("1 < 2"), vec![HtmlToken::Text("1 < 2".into())]);
    }
}
