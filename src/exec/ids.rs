//! Execution and step ids: random UUIDs normally, a counter for golden tests.

pub trait IdSource {
    fn next_id(&mut self) -> String;
}

pub struct RandomIds;

impl IdSource for RandomIds {
    fn next_id(&mut self) -> String {
        uuid::Uuid::new_v4().to_string()
    }
}

/// Deterministic UUID-shaped ids (`00000000-0000-4000-8000-000000000001`, …).
#[derive(Default)]
pub struct SequentialIds {
    pub next: u64,
}

impl IdSource for SequentialIds {
    fn next_id(&mut self) -> String {
        self.next += 1;
        format!("00000000-0000-4000-8000-{:012x}", self.next)
    }
}
