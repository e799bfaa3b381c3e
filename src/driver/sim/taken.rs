//! Every id and private address the world has handed out or read from a world file, so a
//! fresh one is found in constant time. Scanning every instance for each new id made loading
//! a world of 100,000 instances quadratic (over a minute).
//!
//! Ids only ever enter the world through the world file reader and the `fresh_*` generators
//! (EC2 never lets a caller choose an id), plus an explicit `PrivateIpAddress` at launch;
//! each of those records here. Removing a resource leaves its id taken, as EC2 never reuses
//! ids either.

use std::collections::HashSet;

#[derive(Clone, Debug, Default)]
pub(crate) struct TakenIds(HashSet<String>);

impl TakenIds {
    pub fn insert(&mut self, id: &str) {
        if !self.0.contains(id) {
            self.0.insert(id.to_string());
        }
    }

    pub fn contains(&self, id: &str) -> bool {
        self.0.contains(id)
    }
}

/// An index, not state: two worlds with the same resources are equal whatever was taken.
impl PartialEq for TakenIds {
    fn eq(&self, _: &TakenIds) -> bool {
        true
    }
}
