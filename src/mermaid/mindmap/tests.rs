use super::model::Shape;
use super::parse;

#[test]
fn tree_from_indentation() {
    let (mm, _) = parse("mindmap\n  root((R))\n    A\n      A1\n    B[Bee]\n").unwrap();
    assert_eq!(mm.nodes.len(), 4);
    assert_eq!(mm.nodes[0].shape, Shape::Circle);
    assert_eq!(mm.nodes[2].parent, Some(1));
    assert_eq!(mm.nodes[3].parent, Some(0));
    assert_eq!(mm.nodes[3].text, "Bee");
    assert_eq!(mm.nodes[3].section, Some(1));
}
