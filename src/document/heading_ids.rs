//! Heading ids: GitHub-style slugs, or the id the writer gave in an attribute block.
//!
//! Attribute blocks after a heading follow pandoc's `header_attributes` extension
//! (`## Title {#id .class key=value}`, parsed by comrak) and kramdown's inline attribute lists
//! (`## Title {: #id}`, or `{: #id}` alone on the next line), which Hugo, Jekyll and Zenn
//! users write. Only the id changes the document (links and the outline use it); classes and
//! key/value pairs only style HTML and are dropped.

use std::collections::{HashMap, HashSet};

use super::Inline;
use super::text::slugify;

/// Hands out heading ids unique within one document.
///
/// Explicit ids are reserved before the walk ([`HeadingIds::reserve`]), so an earlier
/// heading's slug never takes an id a later heading asked for.
#[derive(Debug, Default)]
pub(super) struct HeadingIds {
    /// Ids given out so far.
    taken: HashSet<String>,
    /// Explicit ids found anywhere in the document.
    reserved: HashSet<String>,
    /// Next suffix to try per slug base.
    next_suffix: HashMap<String, usize>,
}

impl HeadingIds {
    /// Marks `id` as wanted by an explicit attribute somewhere in the document.
    pub(super) fn reserve(&mut self, id: &str) {
        self.reserved.insert(id.to_string());
    }

    /// A GitHub-style slug of `text` (`section` when it has no letters), with `-1`, `-2`…
    /// appended when taken or reserved.
    pub(super) fn slug(&mut self, text: &str) -> String {
        let mut base = slugify(text);
        if base.is_empty() {
            base = "section".to_string();
        }
        loop {
            let n = self.next_suffix.entry(base.clone()).or_insert(0);
            let id = if *n == 0 {
                base.clone()
            } else {
                format!("{base}-{n}")
            };
            *n += 1;
            if !self.taken.contains(&id) && !self.reserved.contains(&id) {
                self.taken.insert(id.clone());
                return id;
            }
        }
    }

    /// The explicit `id`, or `Err` with a fresh unique id when an earlier heading already
    /// has it (the caller warns).
    pub(super) fn explicit(&mut self, id: &str) -> Result<String, String> {
        if self.taken.insert(id.to_string()) {
            Ok(id.to_string())
        } else {
            Err(self.slug(id))
        }
    }

    /// Gives `id` back (a heading whose id was replaced by a later attribute line).
    pub(super) fn release(&mut self, id: &str) {
        self.taken.remove(id);
    }
}

/// What a trailing `{…}` in a heading's text turned out to be.
#[derive(Debug, PartialEq)]
pub(super) enum TrailingAttrs {
    /// No attribute block.
    None,
    /// A kramdown list; `Some` when it names an id. `only_style` is true when it had
    /// classes or key/value pairs that are dropped.
    Kramdown {
        id: Option<String>,
        only_style: bool,
    },
    /// Looked like attributes (`{#`, `{.`, `{:`, `{-`) but did not parse; the text.
    Unknown(String),
}

/// Parses a kramdown inline attribute list `{: #id .class key="value" key=value}` (also
/// `{:#id}`); `None` when `text` is not one. Returns the id, if any, and whether anything
/// else was in it.
pub(super) fn kramdown_ial(text: &str) -> Option<(Option<String>, bool)> {
    let inner = text.trim().strip_prefix("{:")?.strip_suffix('}')?;
    if inner.contains(['\n', '{', '}']) {
        return None;
    }
    let mut id = None;
    let mut other = false;
    let mut rest = inner.trim_start();
    while !rest.is_empty() {
        let end = token_end(rest)?;
        let token = &rest[..end];
        if let Some(name) = token.strip_prefix('#') {
            if name.is_empty() {
                return None;
            }
            id = Some(name.to_string());
        } else if token.starts_with('.') || token.contains('=') || token.starts_with(':') {
            other = true;
        } else {
            return None;
        }
        rest = rest[end..].trim_start();
    }
    Some((id, other))
}

/// End of one attribute token: up to whitespace, with `"…"` values kept whole.
fn token_end(s: &str) -> Option<usize> {
    let mut quoted = false;
    for (i, c) in s.char_indices() {
        match c {
            '"' => quoted = !quoted,
            c if c.is_whitespace() && !quoted => return Some(i),
            _ => {}
        }
    }
    (!quoted).then_some(s.len())
}

/// Removes a trailing attribute block from a heading's inline content (the last text run)
/// and says what it was. comrak has already taken pandoc-style blocks it could parse; what
/// is left here is kramdown's form or text that only looks like attributes.
pub(super) fn take_trailing_attrs(items: &mut Vec<Inline>) -> TrailingAttrs {
    let Some(Inline::Text(t)) = items.last_mut() else {
        return TrailingAttrs::None;
    };
    let trimmed = t.trim_end();
    if !trimmed.ends_with('}') {
        return TrailingAttrs::None;
    }
    let Some(start) = trimmed.rfind('{') else {
        return TrailingAttrs::None;
    };
    let block = &trimmed[start..];
    let before = &trimmed[..start];
    if !(before.is_empty() || before.ends_with(char::is_whitespace)) {
        return TrailingAttrs::None;
    }
    let found = match kramdown_ial(block) {
        Some((id, only_style)) => TrailingAttrs::Kramdown { id, only_style },
        None if ["{#", "{.", "{:", "{-"]
            .iter()
            .any(|p| block.starts_with(p)) =>
        {
            TrailingAttrs::Unknown(block.to_string())
        }
        None => return TrailingAttrs::None,
    };
    *t = before.trim_end().to_string();
    if t.is_empty() {
        items.pop();
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kramdown_lists() {
        assert_eq!(
            kramdown_ial("{: #intro}"),
            Some((Some("intro".into()), false))
        );
        assert_eq!(
            kramdown_ial("{:#intro .x}"),
            Some((Some("intro".into()), true))
        );
        assert_eq!(kramdown_ial("{: .mt-4 width=\"9 7\" }"), Some((None, true)));
        assert_eq!(kramdown_ial("{: #}"), None);
        assert_eq!(kramdown_ial("{: hello}"), None);
        assert_eq!(kramdown_ial("{#intro}"), None);
    }

    #[test]
    fn explicit_ids_win_over_earlier_slugs() {
        let mut ids = HeadingIds::default();
        ids.reserve("intro");
        assert_eq!(ids.slug("Intro"), "intro-1");
        assert_eq!(ids.explicit("intro"), Ok("intro".into()));
        assert_eq!(ids.explicit("intro"), Err("intro-2".into()));
        // A slug never repeats one given out under another base: "a", "a", "a-1".
        assert_eq!(ids.slug("a"), "a");
        assert_eq!(ids.slug("a"), "a-1");
        assert_eq!(ids.slug("a-1"), "a-1-1");
    }

    #[test]
    fn trailing_blocks() {
        let mut v = vec![Inline::Text("見出し {: #midashi}".into())];
        assert_eq!(
            take_trailing_attrs(&mut v),
            TrailingAttrs::Kramdown {
                id: Some("midashi".into()),
                only_style: false
            }
        );
        assert_eq!(v, vec![Inline::Text("見出し".into())]);
        let mut v = vec![Inline::Text("Set {x} and {y}".into())];
        assert_eq!(take_trailing_attrs(&mut v), TrailingAttrs::None);
        let mut v = vec![Inline::Text("T {#bad id!}".into())];
        assert_eq!(
            take_trailing_attrs(&mut v),
            TrailingAttrs::Unknown("{#bad id!}".into())
        );
        assert_eq!(v, vec![Inline::Text("T".into())]);
    }
}
