//! The step graph of an execution page, drawn by the server as inline SVG from the graph
//! model (`crate::graph`): no script and nothing fetched, so it shows with JavaScript off.
//!
//! The layout is one column in document order (a loop's body indented under its loop
//! step), between a start and an end node. A transition to the next node in the column is a
//! short arrow; every other one (nextStep jumps, branch choices, onFailure, onCancel, loop
//! repeats) runs in its own lane to the right, so that no two share a line. Each step links
//! to its row in the steps table, which says the same in words.

use crate::console::html::{escape, segment};
use crate::graph::{Edge, EdgeKind, Endpoint, Graph, shorten};
use std::fmt::Write;

const ROW: i64 = 56;
const BOX_H: i64 = 38;
const BOX_W: i64 = 280;
const INDENT: i64 = 28;
const LANE: i64 = 16;
const MARGIN: i64 = 16;
/// Room right of the lanes for the first characters of a label.
const LABEL_ROOM: i64 = 200;

/// Where a node is drawn.
#[derive(Clone, Copy)]
struct Place {
    row: i64,
    x: i64,
    w: i64,
}

impl Place {
    fn top(self) -> i64 {
        MARGIN + self.row * ROW
    }
    fn mid(self) -> i64 {
        self.top() + BOX_H / 2
    }
    fn right(self) -> i64 {
        self.x + self.w
    }
    fn center(self) -> i64 {
        self.x + self.w / 2
    }
}

pub fn svg(graph: &Graph) -> String {
    let places = layout(graph);
    let place = |e: &Endpoint| -> Place {
        match e {
            Endpoint::Start => places[0],
            Endpoint::Step(i) => places[1 + i],
            Endpoint::End => places[1 + graph.steps.len()],
            Endpoint::Missing(i) => places[2 + graph.steps.len() + i],
        }
    };
    let right = places.iter().map(|p| p.right()).max().unwrap_or(0);
    let mut lanes = 0;
    let mut edges = String::new();
    for edge in &graph.edges {
        let (from, to) = (place(&edge.from), place(&edge.to));
        let class = edge_class(edge);
        let straight =
            to.row == from.row + 1 && edge.label.is_none() && !edge.kind.is_exceptional();
        if straight {
            let _ = write!(
                edges,
                "<path class=\"{class}\" d=\"M{} {} L{} {}\" marker-end=\"url(#arrow)\"/>",
                from.center(),
                from.top() + BOX_H,
                to.center(),
                to.top() - 2
            );
            continue;
        }
        lanes += 1;
        let lane = right + lanes * LANE;
        let (y1, y2) = (from.mid() - 6, to.mid() + 6);
        let _ = write!(
            edges,
            "<path class=\"{class}\" d=\"M{} {y1} H{lane} V{y2} H{}\" marker-end=\"url(#arrow)\">\
             <title>{}</title></path>",
            from.right(),
            to.right() + 2,
            escape(&describe(graph, edge))
        );
        if let Some(label) = &edge.label {
            let _ = write!(
                edges,
                "<text class=\"edge-label\" x=\"{}\" y=\"{}\">{}</text>",
                lane + 4,
                y1 + 4,
                escape(&shorten(label, 28))
            );
        }
    }
    let width = right + lanes * LANE + LABEL_ROOM;
    let height = MARGIN * 2 + places.len() as i64 * ROW;
    let mut out = format!(
        "<svg class=\"graph\" role=\"img\" aria-label=\"step graph\" xmlns=\"http://www.w3.org/2000/svg\" \
         width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\">\
         <defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" \
         markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0 0 L10 5 L0 10 z\"/></marker></defs>"
    );
    out.push_str(&edges);
    terminal(&mut out, places[0], "start");
    for i in 0..graph.steps.len() {
        node(&mut out, graph, i, places[1 + i]);
    }
    terminal(&mut out, places[1 + graph.steps.len()], "end");
    for (i, name) in graph.missing.iter().enumerate() {
        let p = places[2 + graph.steps.len() + i];
        let _ = write!(
            out,
            "<g class=\"node missing\"><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{BOX_H}\" rx=\"6\"/>\
             <text x=\"{}\" y=\"{}\">{} (no such step)</text></g>",
            p.x,
            p.top(),
            p.w,
            p.x + 10,
            p.mid() + 4,
            escape(&shorten(name, 30))
        );
    }
    out.push_str("</svg>");
    out
}

/// Start, every step, end, then missing targets, one per row.
fn layout(graph: &Graph) -> Vec<Place> {
    let depth = |mut i: usize| {
        let mut d = 0;
        while let Some(p) = graph.steps[i].parent {
            d += 1;
            i = p;
        }
        d
    };
    let mut places = vec![Place {
        row: 0,
        x: MARGIN,
        w: 80,
    }];
    for i in 0..graph.steps.len() {
        let x = MARGIN + depth(i) * INDENT;
        places.push(Place {
            row: 1 + i as i64,
            x,
            w: BOX_W,
        });
    }
    let end = 1 + graph.steps.len() as i64;
    places.push(Place {
        row: end,
        x: MARGIN,
        w: 80,
    });
    for i in 0..graph.missing.len() {
        places.push(Place {
            row: end + 1 + i as i64,
            x: MARGIN,
            w: BOX_W,
        });
    }
    places
}

fn terminal(out: &mut String, p: Place, name: &str) {
    let _ = write!(
        out,
        "<g class=\"node terminal\"><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{BOX_H}\" rx=\"19\"/>\
         <text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{name}</text></g>",
        p.x,
        p.top(),
        p.w,
        p.center(),
        p.mid() + 4
    );
}

fn node(out: &mut String, graph: &Graph, i: usize, p: Place) {
    let step = &graph.steps[i];
    let state = match (&step.run, &graph.execution) {
        (Some(run), _) => run.status.as_str().to_ascii_lowercase(),
        (None, Some(_)) => "pending".to_string(),
        (None, None) => String::new(),
    };
    let mut class = format!("node status-{state}");
    if step.unreachable {
        class.push_str(" unreachable");
    }
    // A loop body's steps have no row of their own: they link to their outermost loop.
    let mut top = i;
    while let Some(parent) = graph.steps[top].parent {
        top = parent;
    }
    let detail = crate::graph::run_summary(graph, step)
        .map(|s| format!("{} · {s}", step.action))
        .unwrap_or_else(|| step.action.clone());
    let _ = write!(
        out,
        "<a href=\"#step-{}\"><g class=\"{class}\"><title>{}</title>\
         <rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{BOX_H}\" rx=\"6\"/>\
         <text class=\"name\" x=\"{}\" y=\"{}\">{}</text>\
         <text class=\"detail\" x=\"{}\" y=\"{}\">{}</text></g></a>",
        segment(&graph.steps[top].name),
        escape(&format!("{}: {detail}", step.name)),
        p.x,
        p.top(),
        p.w,
        p.x + 10,
        p.top() + 16,
        escape(&shorten(&step.name, 34)),
        p.x + 10,
        p.top() + 31,
        escape(&shorten(&detail, 40))
    );
}

fn edge_class(edge: &Edge) -> String {
    let mut class = String::from("edge");
    if edge.kind.is_exceptional() {
        class.push_str(" exceptional");
    }
    if edge.kind == EdgeKind::LoopRepeat {
        class.push_str(" repeat");
    }
    if edge.taken {
        class.push_str(" taken");
    }
    class
}

/// An edge in words, for its tooltip.
fn describe(graph: &Graph, edge: &Edge) -> String {
    let mut text = format!(
        "{} → {}",
        graph.endpoint_name(&edge.from),
        graph.endpoint_name(&edge.to)
    );
    if let Some(label) = &edge.label {
        let _ = write!(text, " ({label})");
    }
    text
}
