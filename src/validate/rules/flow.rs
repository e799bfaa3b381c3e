//! Flow analysis over each step list: steps no path reaches, cycles that nothing but a
//! failure can leave, and step outputs read where their step may not have run.

use super::graph::{Graph, Kind};
use super::references;
use crate::template::Reference;
use crate::validate::context::{Cx, ListId, StepId};

pub(super) fn check(cx: &mut Cx) {
    let graphs: Vec<Graph> = (0..cx.steps.lists.len())
        .map(|l| Graph::new(&cx.steps, l))
        .collect();
    let reached: Vec<Vec<bool>> = graphs.iter().map(Graph::reachable).collect();
    for (list, graph) in graphs.iter().enumerate() {
        if !list_reachable(cx, &reached, list) {
            continue; // its loop step is reported as unreachable already
        }
        if graph.complete {
            unreachable(cx, graph, &reached[list]);
        }
        cycles(cx, graph);
    }
    maybe_unset(cx, &graphs);
}

/// A loop body runs only if its loop step can run.
fn list_reachable(cx: &Cx, reached: &[Vec<bool>], list: ListId) -> bool {
    let Some(owner) = cx.steps.owners[list].map(|id| &cx.steps.all[id]) else {
        return true; // mainSteps
    };
    reached[owner.list][owner.pos] && list_reachable(cx, reached, owner.list)
}

fn unreachable(cx: &mut Cx, graph: &Graph, reached: &[bool]) {
    for (p, &reached) in reached.iter().enumerate() {
        if !reached {
            let step = cx.steps.all[graph.ids[p]].step;
            let msg = format!("step `{}` is never reached", step.name.value);
            let help =
                "no `nextStep`, branch, `onFailure`, `onCancel` or preceding step leads here";
            cx.report_help("unreachable-step", step.name.span, msg, Some(help.into()));
        }
    }
}

fn cycles(cx: &mut Cx, graph: &Graph) {
    for cycle in graph.unconditional_cycles() {
        let names: Vec<&str> = cycle
            .iter()
            .chain(cycle.first())
            .map(|&p| cx.steps.all[graph.ids[p]].step.name.value.as_str())
            .collect();
        let first = cx.steps.all[graph.ids[cycle[0]]].step;
        let msg = format!("steps loop forever: {}", names.join(" → "));
        let help =
            "leave the cycle with an `aws:branch`, `isEnd`, or use `aws:loop` to repeat steps";
        cx.report_help(
            "unconditional-cycle",
            first.name.span,
            msg,
            Some(help.into()),
        );
    }
}

/// Positions of a list reachable from its first step without taking a success edge of
/// `producer`: where the producer may not have succeeded yet. (Once a step has succeeded
/// its outputs stay set, so only paths that never take its success edge leave them unset.)
/// One search per (list, producer), linear in the edges.
fn reachable_without_success_of(graph: &Graph, producer: usize) -> Vec<bool> {
    let n = graph.ids.len();
    let mut seen = vec![false; n];
    if n == 0 {
        return seen;
    }
    let mut stack = vec![0];
    seen[0] = true;
    while let Some(p) = stack.pop() {
        for &(to, kind) in &graph.edges[p] {
            let Some(to) = to else { continue };
            if p == producer && kind == Kind::Success {
                continue;
            }
            if !seen[to] {
                seen[to] = true;
                stack.push(to);
            }
        }
    }
    seen
}

fn maybe_unset(cx: &mut Cx, graphs: &[Graph]) {
    let mut unset_at: std::collections::HashMap<(usize, usize), Vec<bool>> = Default::default();
    for u in references::collect(cx) {
        let (Some(user), Reference::StepOutput { step, output }) = (u.user, &u.reference) else {
            continue;
        };
        let Some(producer) = cx.steps.by_name(step) else {
            continue;
        };
        let Some((user_at, producer_at)) = common_list(cx, user, producer) else {
            continue;
        };
        if user_at == producer_at {
            continue; // a loop step's own outputs inside its body, or a step reading itself
        }
        let (list, user_pos, producer_pos) = {
            let (a, b) = (&cx.steps.all[user_at], &cx.steps.all[producer_at]);
            (a.list, a.pos, b.pos)
        };
        let unset = unset_at
            .entry((list, producer_pos))
            .or_insert_with(|| reachable_without_success_of(&graphs[list], producer_pos));
        if graphs[list].complete && unset[user_pos] {
            let user_name = &cx.steps.all[user].step.name.value;
            let msg = format!(
                "`{step}.{output}` may be unset when `{user_name}` runs: step `{step}` does not succeed on every path before it"
            );
            cx.report("output-maybe-unset", u.span, msg);
        }
    }
}

/// The ancestors of both steps that sit in the same list (loop steps stand for their
/// bodies), innermost such list first.
fn common_list(cx: &Cx, a: StepId, b: StepId) -> Option<(StepId, StepId)> {
    let (up_a, up_b) = (cx.steps.ancestry(a), cx.steps.ancestry(b));
    up_a.iter().find_map(|&x| {
        let list = cx.steps.all[x].list;
        up_b.iter()
            .find(|&&y| cx.steps.all[y].list == list)
            .map(|&y| (x, y))
    })
}

#[cfg(test)]
mod tests {
    use crate::validate::rules::testing::{codes, doc};

    const API: &str = "action: aws:executeAwsApi\n    inputs: {Service: '{{P}}', Api: A}\n    outputs: [{Name: O, Selector: $.O, Type: String}]\n";

    #[test]
    fn unreachable_steps_warn() {
        let text = doc(concat!(
            "  - name: a\n    action: aws:pause\n    isEnd: true\n",
            "  - name: b\n    action: aws:pause\n",
            "  - name: c\n    action: aws:pause\n    onFailure: step:d\n    isEnd: true\n",
            "  - name: d\n    action: aws:pause\n",
        ));
        let found = codes(&text);
        assert_eq!(
            found,
            [
                ("unreachable-step", 13),
                ("unreachable-step", 15),
                ("unreachable-step", 19)
            ]
        );
        let text = text.replace("isEnd: true\n  - name: b", "nextStep: c\n  - name: b");
        assert_eq!(codes(&text), [("unreachable-step", 13)]);
    }

    #[test]
    fn cycles_without_exit_are_errors() {
        let text = doc(concat!(
            "  - name: a\n    action: aws:pause\n",
            "  - name: b\n    action: aws:pause\n    nextStep: a\n",
        ));
        let checked = crate::validate::check(&crate::source::SourceFile::new("t", text));
        let d = &checked.diagnostics[0];
        assert_eq!((d.code, d.span.line), ("unconditional-cycle", 10));
        assert!(d.message.contains("a → b → a"), "{}", d.message);
    }

    #[test]
    fn cycles_with_a_branch_or_failure_exit_are_fine() {
        let text = doc(concat!(
            "  - name: a\n    action: aws:pause\n    onFailure: step:c\n",
            "  - name: b\n    action: aws:pause\n    nextStep: a\n",
            "  - name: c\n    action: aws:pause\n",
        ));
        assert_eq!(codes(&text), []);
    }

    #[test]
    fn outputs_of_skippable_steps_warn() {
        let text = doc(&format!(
            "  - name: br\n    action: aws:branch\n    inputs:\n      Choices: [{{NextStep: u, Variable: '{{{{ P }}}}', StringEquals: x}}]\n  - name: p\n    {API}  - name: u\n    action: aws:executeAwsApi\n    inputs: {{Service: '{{{{P}}}}', Api: A, X: '{{{{ p.O }}}}'}}\n"
        ));
        assert_eq!(codes(&text), [("output-maybe-unset", 20)]);
        let text = text.replace("NextStep: u", "NextStep: p");
        assert_eq!(codes(&text), []);
    }

    #[test]
    fn failure_paths_do_not_count_as_success() {
        let text = doc(&format!(
            "  - name: p\n    onFailure: Continue\n    {API}  - name: u\n    action: aws:executeAwsApi\n    inputs: {{Service: '{{{{P}}}}', Api: A, X: '{{{{ p.O }}}}'}}\n"
        ));
        assert_eq!(codes(&text), [("output-maybe-unset", 17)]);
    }

    #[test]
    fn an_unknown_target_does_not_cascade() {
        let text = doc(concat!(
            "  - name: a\n    action: aws:pause\n    nextStep: bb\n",
            "  - name: b\n    action: aws:pause\n",
        ));
        assert_eq!(codes(&text), [("unknown-step", 12)]);
    }

    #[test]
    fn a_jump_out_of_a_loop_body_reaches_its_target() {
        let text = doc(concat!(
            "  - name: l\n    action: aws:loop\n    isEnd: true\n",
            "    inputs:\n      Iterators: [x]\n      Steps:\n",
            "        - name: inner\n          action: aws:pause\n          nextStep: out\n",
            "  - name: out\n    action: aws:pause\n",
        ));
        assert_eq!(codes(&text), []);
    }
}
