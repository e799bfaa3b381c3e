//! The memory store's `contents`: each world and setup text held once, with the number of
//! executions that refer to it, and dropped with its last reference, as the SQLite store's
//! triggers drop it.

use std::collections::BTreeMap;

use crate::store::sha256::sha256;

pub(super) type Key = [u8; 32];

/// The keys of an execution's world and setup.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct PartKeys {
    pub world: Key,
    pub setup: Key,
}

#[derive(Debug, Default)]
pub(super) struct Contents {
    texts: BTreeMap<Key, (String, usize)>,
}

impl Contents {
    /// Adds a reference to `text`, storing it if it is new.
    pub fn add(&mut self, text: &str) -> Key {
        let key = sha256(text.as_bytes());
        self.texts
            .entry(key)
            .or_insert_with(|| (text.to_string(), 0))
            .1 += 1;
        key
    }

    /// Removes a reference; the text goes with the last one.
    pub fn release(&mut self, key: &Key) {
        if let Some((_, refs)) = self.texts.get_mut(key) {
            *refs -= 1;
            if *refs == 0 {
                self.texts.remove(key);
            }
        }
    }

    pub fn text(&self, key: &Key) -> Option<&str> {
        self.texts.get(key).map(|(text, _)| text.as_str())
    }

    pub fn len(&self) -> usize {
        self.texts.len()
    }
}
