//! XML text and names: escaping that drops what XML 1.0 §2.2 forbids, NCName checks
//! (Namespaces in XML 1.0 §3), language tags and URL encoding for `href`/`src`.

/// XML 1.0 (5th ed.) NameStartChar without ':'.
pub(super) fn is_xml_name_start(c: char) -> bool {
    matches!(c,
        'A'..='Z' | '_' | 'a'..='z'
        | '\u{C0}'..='\u{D6}' | '\u{D8}'..='\u{F6}' | '\u{F8}'..='\u{2FF}'
        | '\u{370}'..='\u{37D}' | '\u{37F}'..='\u{1FFF}' | '\u{200C}'..='\u{200D}'
        | '\u{2070}'..='\u{218F}' | '\u{2C00}'..='\u{2FEF}' | '\u{3001}'..='\u{D7FF}'
        | '\u{F900}'..='\u{FDCF}' | '\u{FDF0}'..='\u{FFFD}' | '\u{10000}'..='\u{EFFFF}')
}

/// XML 1.0 (5th ed.) NameChar without ':'.
pub(super) fn is_xml_name_char(c: char) -> bool {
    is_xml_name_start(c)
        || matches!(c, '-' | '.' | '0'..='9' | '\u{B7}' | '\u{300}'..='\u{36F}' | '\u{203F}'..='\u{2040}')
}

/// True for a non-empty NCName (what EPUBCheck accepts as an XHTML `id`).
pub(crate) fn is_xml_name(s: &str) -> bool {
    let mut it = s.chars();
    it.next().is_some_and(is_xml_name_start) && it.all(is_xml_name_char)
}

/// A well-formed BCP 47 tag in the simple `xx-Yyyy-ZZ` shape (`_` read as `-`), else `None`.
pub(crate) fn valid_lang(lang: &str) -> Option<String> {
    let l = lang.trim().replace('_', "-");
    let mut parts = l.split('-');
    let first = parts.next()?;
    let ok_first = (1..=8).contains(&first.len()) && first.chars().all(|c| c.is_ascii_alphabetic());
    let ok_rest = l
        .split('-')
        .skip(1)
        .all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()));
    (ok_first && ok_rest).then_some(l)
}

/// Percent-encodes the characters that are never valid in a URL (space, quotes, angle
/// brackets, controls); everything else, including non-ASCII (IRIs), is kept.
pub(super) fn encode_url(url: &str) -> String {
    let mut s = String::with_capacity(url.len());
    for c in url.chars() {
        if c.is_ascii_control()
            || matches!(
                c,
                ' ' | '"' | '<' | '>' | '\\' | '^' | '`' | '{' | '|' | '}'
            )
        {
            let mut b = [0u8; 4];
            for byte in c.encode_utf8(&mut b).bytes() {
                s.push_str(&format!("%{byte:02X}"));
            }
        } else {
            s.push(c);
        }
    }
    s
}

/// A `class` token from a code block's info word (no whitespace).
pub(super) fn class_token(s: &str) -> String {
    s.trim()
        .chars()
        .map(|c| if c.is_whitespace() { '-' } else { c })
        .collect()
}

/// True for characters XML 1.0 allows in content (and not C1 controls or noncharacters,
/// which EPUB readers mishandle).
pub(super) fn xml_ok(c: char) -> bool {
    match c {
        '\t' | '\n' | '\r' => true,
        '\u{0}'..='\u{1F}' | '\u{7F}'..='\u{9F}' | '\u{FDD0}'..='\u{FDEF}' => false,
        c => (c as u32) & 0xFFFE != 0xFFFE,
    }
}

/// `s` without the characters [`xml_ok`] rejects (for titles handed to epub-builder).
pub(crate) fn clean_text(s: &str) -> String {
    s.chars().filter(|&c| xml_ok(c)).collect()
}

/// Appends `s` as XML character data.
pub(crate) fn push_text(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c if xml_ok(c) => out.push(c),
            _ => {}
        }
    }
}

/// Appends `s` as a double-quoted XML attribute value.
pub(crate) fn push_attr(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\n' => out.push_str("&#10;"),
            '\t' => out.push_str("&#9;"),
            '\r' => {}
            c if xml_ok(c) => out.push(c),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    pub(super) fn escaping_drops_invalid_xml() {
        let mut s = String::new();
        push_text(&mut s, "a<b>&\u{0}\u{FFFE}c");
        assert_eq!(s, "a&lt;b&gt;&amp;c");
        let mut a = String::new();
        push_attr(&mut a, "\"x\"\n");
        assert_eq!(a, "&quot;x&quot;&#10;");
    }

    #[test]
    pub(super) fn names_langs_urls() {
        assert!(is_xml_name("はじめに"));
        assert!(is_xml_name("a-1"));
        assert!(!is_xml_name("2026-plans"));
        assert!(!is_xml_name(""));
        assert_eq!(valid_lang("zh_Hant").as_deref(), Some("zh-Hant"));
        assert_eq!(valid_lang("日本語"), None);
        assert_eq!(encode_url("https://x/a b"), "https://x/a%20b");
    }
}
