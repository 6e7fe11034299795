//! YAML front matter → [`Metadata`].
//!
//! Parsed with serde-saphyr (a safe YAML 1.2 parser that reports line and column and rejects
//! duplicate keys; DESIGN.md says why not serde_yaml). The whole mapping is read as
//! [`YamlValue`]s first, so keys with unexpected shapes (`author` as a list, `tags` as a
//! string, a date without quotes) are accepted and no key is lost: unknown keys go to
//! [`Metadata::extra`].

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use std::collections::BTreeMap;
use std::fmt;

use crate::diagnostics::{Diagnostics, quote};

/// A YAML value as read from front matter.
#[derive(Debug, Clone, PartialEq)]
pub enum YamlValue {
    /// `~`, `null` or empty.
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// Integer or float, kept as written by the parser's number type.
    Number(f64),
    /// Any string (plain, quoted, folded `>-`, literal `|`).
    String(String),
    /// A sequence.
    List(Vec<YamlValue>),
    /// A mapping with string keys, in key order.
    Map(BTreeMap<String, YamlValue>),
}

impl YamlValue {
    /// The value as display text: strings as they are, numbers and booleans printed, lists
    /// joined with ", ". `None` for null and maps.
    pub fn as_text(&self) -> Option<String> {
        match self {
            YamlValue::String(s) => Some(s.clone()),
            YamlValue::Bool(b) => Some(b.to_string()),
            YamlValue::Number(n) => Some(if n.fract() == 0.0 && n.abs() < 1e15 {
                format!("{}", *n as i64)
            } else {
                n.to_string()
            }),
            YamlValue::List(v) => {
                let parts: Vec<String> = v.iter().filter_map(|x| x.as_text()).collect();
                Some(parts.join(", "))
            }
            YamlValue::Null | YamlValue::Map(_) => None,
        }
    }

    /// The value as a list of strings: a list's items, or one string split at commas.
    pub fn as_list(&self) -> Vec<String> {
        match self {
            YamlValue::List(v) => v.iter().filter_map(|x| x.as_text()).collect(),
            YamlValue::String(s) => s
                .split(',')
                .map(|p| p.trim().to_string())
                .filter(|p| !p.is_empty())
                .collect(),
            other => other.as_text().into_iter().collect(),
        }
    }
}

impl<'de> Deserialize<'de> for YamlValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = YamlValue;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("any YAML value")
            }
            fn visit_bool<E>(self, v: bool) -> Result<YamlValue, E> {
                Ok(YamlValue::Bool(v))
            }
            fn visit_i64<E>(self, v: i64) -> Result<YamlValue, E> {
                Ok(YamlValue::Number(v as f64))
            }
            fn visit_u64<E>(self, v: u64) -> Result<YamlValue, E> {
                Ok(YamlValue::Number(v as f64))
            }
            fn visit_f64<E>(self, v: f64) -> Result<YamlValue, E> {
                Ok(YamlValue::Number(v))
            }
            fn visit_str<E>(self, v: &str) -> Result<YamlValue, E> {
                Ok(YamlValue::String(v.to_string()))
            }
            fn visit_string<E>(self, v: String) -> Result<YamlValue, E> {
                Ok(YamlValue::String(v))
            }
            fn visit_none<E>(self) -> Result<YamlValue, E> {
                Ok(YamlValue::Null)
            }
            fn visit_unit<E>(self) -> Result<YamlValue, E> {
                Ok(YamlValue::Null)
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<YamlValue, D::Error> {
                YamlValue::deserialize(d)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut a: A) -> Result<YamlValue, A::Error> {
                let mut v = Vec::new();
                while let Some(x) = a.next_element()? {
                    v.push(x);
                }
                Ok(YamlValue::List(v))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> Result<YamlValue, A::Error> {
                let mut m = BTreeMap::new();
                while let Some((k, v)) = a.next_entry::<YamlKey, YamlValue>()? {
                    m.insert(k.0, v);
                }
                Ok(YamlValue::Map(m))
            }
        }
        d.deserialize_any(V)
    }
}

/// A mapping key: YAML allows numbers and booleans as keys; we keep their text.
struct YamlKey(String);

impl<'de> Deserialize<'de> for YamlKey {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = YamlValue::deserialize(d)?;
        Ok(YamlKey(v.as_text().unwrap_or_default()))
    }
}

/// Document metadata from front matter (keys as used by Hugo, Jekyll, Zenn, Astro, pandoc).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Metadata {
    /// `title`.
    pub title: Option<String>,
    /// `subtitle`.
    pub subtitle: Option<String>,
    /// `author` (string or list) or `authors`.
    pub authors: Vec<String>,
    /// `date`, else `pubDate`, as written (`2026-02-18`).
    pub date: Option<String>,
    /// `description`, else `summary`.
    pub description: Option<String>,
    /// `lang` / `language`, else detected from the body (`ja`, `ko`, `zh-Hans`, `en`).
    pub lang: Option<String>,
    /// `tags` (list or comma-separated string), plus `keywords`/`topics`.
    pub tags: Vec<String>,
    /// `cover`, else `heroImage`, else `image`.
    pub cover: Option<String>,
    /// Every other key, unchanged.
    pub extra: BTreeMap<String, YamlValue>,
}

impl Metadata {
    /// Reads front matter YAML (the text between the `---` lines). `first_line` is the
    /// 1-based file line of the YAML's first line, so messages point into the file.
    ///
    /// Malformed YAML or a top level that is not a mapping gives a warning with line and
    /// column and returns empty metadata: the body still renders.
    pub fn from_yaml(yaml: &str, first_line: usize, diags: &mut Diagnostics) -> Metadata {
        if yaml.trim().is_empty() {
            return Metadata::default();
        }
        let map: BTreeMap<String, YamlValue> = match serde_saphyr::from_str::<YamlValue>(yaml) {
            Ok(YamlValue::Map(m)) => m,
            Ok(YamlValue::Null) => return Metadata::default(),
            Ok(_) => {
                diags.warn(
                    first_line,
                    1,
                    "front matter is not a YAML mapping of keys to values; it was ignored",
                );
                return Metadata::default();
            }
            Err(e) => {
                let (line, col) = e
                    .location()
                    .map(|l| (l.line() as usize, l.column() as usize))
                    .unwrap_or((1, 0));
                let src_line = yaml.lines().nth(line.saturating_sub(1)).unwrap_or("");
                let msg = e.to_string();
                let first = clean_yaml_message(msg.lines().next().unwrap_or("invalid YAML"));
                diags.warn(
                        first_line + line.saturating_sub(1),
                        col,
                        format!(
                            "malformed front matter ({first}) near {}; front matter ignored, body rendered",
                            quote(src_line)
                        ),
                    );
                return Metadata::default();
            }
        };
        Self::from_map(map)
    }

    fn from_map(mut m: BTreeMap<String, YamlValue>) -> Metadata {
        let mut take_text = |keys: &[&str]| -> Option<String> {
            let mut found = None;
            for k in keys {
                if let Some(v) = m.remove(*k)
                    && found.is_none()
                {
                    found = v.as_text().filter(|s| !s.trim().is_empty());
                }
            }
            found
        };
        let title = take_text(&["title"]);
        let subtitle = take_text(&["subtitle"]);
        let date = take_text(&["date", "pubDate", "pubdate"]);
        let description = take_text(&["description", "summary"]);
        let lang = take_text(&["lang", "language"]);
        let cover = take_text(&["cover", "heroImage", "image"]);
        let mut authors = Vec::new();
        for k in ["author", "authors"] {
            if let Some(v) = m.remove(k) {
                match v {
                    YamlValue::Map(mm) => {
                        if let Some(n) = mm.get("name").and_then(|n| n.as_text()) {
                            authors.push(n)
                        }
                    }
                    YamlValue::List(items) => {
                        for it in items {
                            match it {
                                YamlValue::Map(mm) => {
                                    if let Some(n) = mm.get("name").and_then(|n| n.as_text()) {
                                        authors.push(n)
                                    }
                                }
                                other => authors.extend(other.as_text()),
                            }
                        }
                    }
                    other => authors.extend(other.as_text()),
                }
            }
        }
        let mut tags = Vec::new();
        for k in ["tags", "keywords", "topics"] {
            if let Some(v) = m.remove(k) {
                for t in v.as_list() {
                    if !tags.contains(&t) {
                        tags.push(t);
                    }
                }
            }
        }
        Metadata {
            title: title.map(|t| join_cjk_folds(&t)),
            subtitle: subtitle.map(|t| join_cjk_folds(&t)),
            authors,
            date,
            description: description.map(|d| join_cjk_folds(d.trim())),
            lang,
            tags,
            cover,
            extra: m,
        }
    }

    /// The date as (year, month, day) when it starts with `YYYY-MM-DD`.
    pub fn date_ymd(&self) -> Option<(u16, u8, u8)> {
        let d = self.date.as_deref()?.trim();
        let mut it = d.get(..10)?.split('-');
        let y = it.next()?.parse().ok()?;
        let m: u8 = it.next()?.parse().ok()?;
        let dd: u8 = it.next()?.parse().ok()?;
        ((1..=12).contains(&m) && (1..=31).contains(&dd)).then_some((y, m, dd))
    }
}

/// The YAML parser's message without its own position (counted inside the front matter,
/// which would contradict the file position we give) and without library advice.
fn clean_yaml_message(m: &str) -> String {
    let mut m = m.trim();
    m = m.strip_prefix("error: ").unwrap_or(m);
    if m.starts_with("line ")
        && let Some(i) = m.find(": ")
    {
        m = &m[i + 2..];
    }
    m.split(", set DuplicateKeyPolicy")
        .next()
        .unwrap_or(m)
        .trim()
        .to_string()
}

/// Removes a single space between two CJK characters: YAML folding (`>-`) turns each line
/// break into a space, which Chinese and Japanese text must not have (the same rule as soft
/// line breaks in Markdown).
fn join_cjk_folds(s: &str) -> String {
    use super::text::is_cjk_no_space;
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    for (i, &c) in chars.iter().enumerate() {
        if c == ' '
            && i > 0
            && i + 1 < chars.len()
            && is_cjk_no_space(chars[i - 1])
            && is_cjk_no_space(chars[i + 1])
        {
            continue;
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_all_shapes() {
        let yaml = "title: 組版の話\nauthors:\n  - 山田\n  - name: Kim\ndescription: >-\n  one\n  two\npubDate: '2026-02-18'\ntags: [日本語, 한국어]\nseries:\n  - name: 中文\n    ko: 한국\n";
        let mut d = Diagnostics::new("t.md");
        let m = Metadata::from_yaml(yaml, 2, &mut d);
        assert!(d.items().is_empty(), "{:?}", d.items());
        assert_eq!(m.title.as_deref(), Some("組版の話"));
        assert_eq!(m.authors, vec!["山田", "Kim"]);
        assert_eq!(m.description.as_deref(), Some("one two"));
        assert_eq!(m.date.as_deref(), Some("2026-02-18"));
        assert_eq!(m.date_ymd(), Some((2026, 2, 18)));
        assert_eq!(m.tags, vec!["日本語", "한국어"]);
        let YamlValue::List(series) = &m.extra["series"] else {
            panic!("series kept as a list")
        };
        let YamlValue::Map(first) = &series[0] else {
            panic!("map")
        };
        assert_eq!(first["ko"], YamlValue::String("한국".into()));
    }

    #[test]
    fn malformed_yaml_warns_with_file_line() {
        let mut d = Diagnostics::new("t.md");
        let m = Metadata::from_yaml("title: ok\ntags: [a, b\nx: 1\n", 2, &mut d);
        assert_eq!(m, Metadata::default());
        assert_eq!(d.items().len(), 1);
        let msg = d.items()[0].to_string();
        assert!(msg.starts_with("t.md:"), "{msg}");
        assert!(d.items()[0].line >= 3, "{msg}");
        assert!(!msg.contains("column"), "one numbering only: {msg}");
    }

    #[test]
    fn folded_cjk_lines_join_without_space() {
        let mut d = Diagnostics::new("t.md");
        let m = Metadata::from_yaml(
            "description: >-\n  PDF と EPUB に\n  仕上げる。\n",
            2,
            &mut d,
        );
        assert_eq!(m.description.as_deref(), Some("PDF と EPUB に仕上げる。"));
    }

    #[test]
    fn duplicate_keys_are_reported() {
        let mut d = Diagnostics::new("t.md");
        Metadata::from_yaml("title: a\ntitle: b\n", 2, &mut d);
        assert_eq!(d.items().len(), 1, "{:?}", d.items());
    }
}
