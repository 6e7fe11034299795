//! Oracle test: our journey parser against Mermaid 12.3's own parse of every journey file
//! in `tests/data/mermaid-types` (schema in its README): accept ⇔ Mermaid accepts (with
//! the line when Mermaid gives one), and for accepted files `title`, `acc_title`,
//! `acc_descr`, the sections, the tasks (name, section, score, actors) in order and the
//! sorted actors. Disagreeing files must be listed in `tests/mermaid_journey_known.tsv`
//! (id, tab, reason); a listed file that agrees fails the test too.

mod common;

use common::mermaid_draw::{run_oracle, strings, titles_agree};
use inkbind::mermaid::journey::model::Journey;
use inkbind::mermaid::journey::parse;
use serde_json::Value;

/// `None` when our accepted model agrees with the truth, else why not.
fn compare(truth: &Value, journey: &Journey) -> Option<String> {
    if let Some(r) = titles_agree(
        truth,
        [&journey.title, &journey.acc_title, &journey.acc_descr],
    ) {
        return Some(r);
    }
    if strings(&truth["sections"]) != journey.sections {
        return Some(format!("sections: ours {:?}", journey.sections));
    }
    if strings(&truth["actors"]) != journey.actors() {
        return Some(format!("actors: ours {:?}", journey.actors()));
    }
    let empty = Vec::new();
    let tt = truth["tasks"].as_array().unwrap_or(&empty);
    if tt.len() != journey.tasks.len() {
        return Some(format!(
            "task count: truth {} ours {}",
            tt.len(),
            journey.tasks.len()
        ));
    }
    for (i, (t, o)) in tt.iter().zip(&journey.tasks).enumerate() {
        // JSON has no NaN: Mermaid's NaN score is null
        let score_ok = match t["score"].as_f64() {
            Some(s) => s == o.score,
            None => !o.score.is_finite(),
        };
        if t["name"].as_str() != Some(o.name.as_str())
            || t["section"].as_str() != Some(o.section.as_str())
            || !score_ok
            || strings(&t["actors"]) != o.actors
        {
            return Some(format!("task {i}: truth {t} ours {o:?}"));
        }
    }
    None
}

#[test]
fn mermaid_journey_oracle() {
    run_oracle(
        "journey",
        36,
        "mermaid_journey_known.tsv",
        |src| {
            parse(src)
                .map(|(j, _)| j)
                .map_err(|e| (e.line, e.to_string()))
        },
        compare,
    );
}
