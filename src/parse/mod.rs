//! Text → spanned node tree. YAML and JSON share one front end (JSON is YAML 1.2 flow syntax),
//! so positions are reported the same way for both.

mod node;
mod yaml;

pub use node::{Key, Node, NodeKind};
pub use yaml::{Limits, decode, parse, parse_with};
