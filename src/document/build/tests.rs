use super::*;

fn parse(src: &str) -> (Document, Diagnostics) {
    let mut d = Diagnostics::new("t.md");
    let doc = parse_markdown(src, &ParseOptions::default(), &mut d);
    (doc, d)
}

fn para(doc: &Document, i: usize) -> &Vec<Inline> {
    match &doc.blocks[i] {
        Block::Paragraph { content, .. } => content,
        b => panic!("not a paragraph: {b:?}"),
    }
}

#[test]
fn soft_break_between_cjk_joins() {
    let (doc, _) = parse("日本語の\n文章です。\nEnglish\nwords");
    assert_eq!(
        para(&doc, 0),
        &vec![Inline::Text("日本語の文章です。 English words".into())]
    );
}

#[test]
fn inline_html_nests() {
    let (doc, d) = parse("a <strong>b <em>c</em></strong> d<br/>e <!-- x --> f");
    assert!(d.items().is_empty(), "{:?}", d.items());
    assert_eq!(
        para(&doc, 0),
        &vec![
            Inline::Text("a ".into()),
            Inline::Styled(
                Style::Strong,
                vec![
                    Inline::Text("b ".into()),
                    Inline::Styled(Style::Emphasis, vec![Inline::Text("c".into())])
                ]
            ),
            Inline::Text(" d".into()),
            Inline::LineBreak,
            Inline::Text("e  f".into()),
        ]
    );
}

#[test]
fn soft_break_space_stays_outside_the_next_element() {
    let (doc, _) = parse("Press\n<kbd>Ctrl</kbd> and\n**bold**");
    assert_eq!(
        para(&doc, 0),
        &vec![
            Inline::Text("Press ".into()),
            Inline::Styled(Style::Kbd, vec![Inline::Text("Ctrl".into())]),
            Inline::Text(" and ".into()),
            Inline::Styled(Style::Strong, vec![Inline::Text("bold".into())]),
        ]
    );
}

#[test]
fn unknown_html_is_text_with_warning() {
    let (doc, d) = parse("x <blink>y</blink>");
    assert_eq!(Inline::plain_text(para(&doc, 0)), "x <blink>y</blink>");
    assert_eq!(d.items().len(), 2);
    assert_eq!(d.items()[0].line, 1);
}

#[test]
fn front_matter_and_lang() {
    let (doc, _) = parse("---\ntitle: T\n---\n\n# 見出し\n\n本文です。\n\n# 見出し\n");
    assert_eq!(doc.metadata.title.as_deref(), Some("T"));
    assert_eq!(doc.metadata.lang.as_deref(), Some("ja"));
    let ids: Vec<&str> = doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Heading { id, .. } => Some(id.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(ids, vec!["見出し", "見出し-1"]);
}

#[test]
fn lists_tasks_footnotes_mermaid() {
    let src = "3. a\n4. b\n   - [x] done\n   - [ ] todo\n\nx[^n]\n\n[^n]: note\n\n```mermaid\ngraph TD\nA-->B\n```\n";
    let (doc, _) = parse(src);
    let Block::List { start, items, .. } = &doc.blocks[0] else {
        panic!()
    };
    assert_eq!(*start, Some(3));
    let Block::List { items: sub, .. } = &items[1].blocks[1] else {
        panic!()
    };
    assert_eq!(sub[0].task, Some(true));
    assert_eq!(sub[1].task, Some(false));
    assert_eq!(doc.footnotes.len(), 1);
    assert_eq!(doc.footnotes[0].number, 1);
    assert!(matches!(&doc.blocks[2], Block::Mermaid { source, .. } if source == "graph TD\nA-->B"));
}

#[test]
fn footnotes_inside_footnotes_and_inline_notes_are_numbered() {
    let (doc, d) = parse("a[^n] b^[inline]\n\n[^n]: x[^inner] y^[deep]\n[^inner]: inner body\n");
    assert!(d.items().is_empty(), "{:?}", d.items());
    let numbers: Vec<(u32, String)> = doc
        .footnotes
        .iter()
        .map(|f| {
            (
                f.number,
                Inline::plain_text(match &f.blocks[0] {
                    Block::Paragraph { content, .. } => content,
                    _ => panic!(),
                }),
            )
        })
        .collect();
    assert_eq!(
        numbers,
        vec![
            (1, "x y".to_string()),
            (2, "inline".to_string()),
            (3, "inner body".to_string()),
            (4, "deep".to_string())
        ]
    );
}

#[test]
fn kramdown_attribute_lists_are_dropped() {
    let (doc, d) =
        parse("![Desktop](/a.png){: width=\"972\" .normal}\n\n## H\n{: .mt-4 }\n\ntext {: x}\n");
    assert!(
        matches!(&para(&doc, 0)[..], [Inline::Image { .. }]),
        "{:?}",
        doc.blocks[0]
    );
    assert_eq!(doc.blocks.len(), 3, "{:?}", doc.blocks);
    assert_eq!(d.items().len(), 1);
}

#[test]
fn deep_nesting_is_flattened() {
    let src = ">".repeat(200) + " deep";
    let (doc, d) = parse(&src);
    assert!(!doc.blocks.is_empty());
    assert!(d.items().iter().any(|x| x.message.contains("nesting")));
}
