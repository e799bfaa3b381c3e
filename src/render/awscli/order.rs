//! Key order of `--query` results.
//!
//! The jmespath crate hands objects back with their keys sorted, while the CLI (Python dicts)
//! keeps them in response order, and a multi-select hash `{Name: StepName, Status: StepStatus}`
//! in the order written. The order is restored by matching each result object's key set
//! against the objects of the response and the hashes of the expression.

use std::collections::HashMap;

use jmespath::ast::Ast;
use serde_json::{Map, Value};

type Orders = HashMap<Vec<String>, Vec<String>>;

pub(super) fn restore(result: &mut Value, response: &Value, ast: &Ast) {
    let mut orders = Orders::new();
    // The expression's own hashes win: their keys can only have come from there.
    from_ast(ast, &mut orders);
    from_value(response, &mut orders);
    apply(result, &orders);
}

fn key_set(keys: &[String]) -> Vec<String> {
    let mut sorted = keys.to_vec();
    sorted.sort();
    sorted
}

fn record(keys: Vec<String>, orders: &mut Orders) {
    orders.entry(key_set(&keys)).or_insert(keys);
}

fn from_value(value: &Value, orders: &mut Orders) {
    match value {
        Value::Object(map) => {
            if map.len() > 1 {
                record(map.keys().cloned().collect(), orders);
            }
            map.values().for_each(|v| from_value(v, orders));
        }
        Value::Array(items) => items.iter().for_each(|v| from_value(v, orders)),
        _ => {}
    }
}

fn from_ast(ast: &Ast, orders: &mut Orders) {
    match ast {
        Ast::MultiHash { elements, .. } => {
            record(elements.iter().map(|kv| kv.key.clone()).collect(), orders);
            elements.iter().for_each(|kv| from_ast(&kv.value, orders));
        }
        Ast::MultiList { elements, .. } => elements.iter().for_each(|a| from_ast(a, orders)),
        Ast::Function { args, .. } => args.iter().for_each(|a| from_ast(a, orders)),
        Ast::Comparison { lhs, rhs, .. }
        | Ast::And { lhs, rhs, .. }
        | Ast::Or { lhs, rhs, .. }
        | Ast::Projection { lhs, rhs, .. }
        | Ast::Subexpr { lhs, rhs, .. } => {
            from_ast(lhs, orders);
            from_ast(rhs, orders);
        }
        Ast::Condition {
            predicate, then, ..
        } => {
            from_ast(predicate, orders);
            from_ast(then, orders);
        }
        Ast::Expref { ast, .. } => from_ast(ast, orders),
        Ast::Flatten { node, .. } | Ast::Not { node, .. } | Ast::ObjectValues { node, .. } => {
            from_ast(node, orders)
        }
        Ast::Identity { .. }
        | Ast::Field { .. }
        | Ast::Index { .. }
        | Ast::Literal { .. }
        | Ast::Slice { .. } => {}
    }
}

fn apply(value: &mut Value, orders: &Orders) {
    match value {
        Value::Object(map) => {
            let keys: Vec<String> = map.keys().cloned().collect();
            if let Some(order) = orders.get(&key_set(&keys)) {
                let mut old = std::mem::take(map);
                let mut reordered = Map::new();
                for key in order {
                    if let Some(v) = old.remove(key) {
                        reordered.insert(key.clone(), v);
                    }
                }
                *map = reordered;
            }
            map.values_mut().for_each(|v| apply(v, orders));
        }
        Value::Array(items) => items.iter_mut().for_each(|v| apply(v, orders)),
        _ => {}
    }
}
