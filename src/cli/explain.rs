//! `run --explain`: an observer around the run's printer that says, before each step, what
//! it will do with its resolved inputs, and after it, what happened and why the run goes
//! where it goes (docs/explain.md). The sentences come from `render::explain`.

use crate::exec::{BranchDecision, Execution, Observer};
use crate::render::explain;

pub struct Explained<'o> {
    inner: &'o mut dyn Observer,
    enabled: bool,
    /// What the branch running now decided, said after its record.
    decided: Option<String>,
}

impl<'o> Explained<'o> {
    pub fn new(inner: &'o mut dyn Observer, enabled: bool) -> Explained<'o> {
        Explained {
            inner,
            enabled,
            decided: None,
        }
    }
}

fn indent(exec: &Execution, record: usize) -> &'static str {
    match exec.steps[record].parent {
        Some(_) => "  ",
        None => "",
    }
}

impl Observer for Explained<'_> {
    fn step_started(&mut self, exec: &Execution, record: usize) {
        self.inner.step_started(exec, record);
    }

    fn attempt_starting(&mut self, exec: &Execution, record: usize) {
        self.inner.attempt_starting(exec, record);
        if !self.enabled {
            return;
        }
        let r = &exec.steps[record];
        let pad = indent(exec, record);
        if r.attempts > 1 {
            println!(
                "{pad}▸ {}: attempt {} of {} (`maxAttempts`)",
                r.step_name, r.attempts, r.max_attempts
            );
            return;
        }
        let template = crate::actions::lookup(&r.action).map(|s| s.notes().explain);
        let sentence = match template {
            Some(t) if !t.is_empty() => explain::sentence(t, &r.inputs),
            _ => format!("run `{}`", r.action),
        };
        println!("{pad}▸ {}: will {sentence}", r.step_name);
    }

    fn branch_decided(&mut self, exec: &Execution, record: usize, decision: &BranchDecision) {
        self.inner.branch_decided(exec, record, decision);
        self.decided = Some(explain::branch(decision));
    }

    fn step_finished(&mut self, exec: &Execution, record: usize) {
        self.inner.step_finished(exec, record);
        if !self.enabled {
            return;
        }
        let pad = indent(exec, record);
        let lines = self
            .decided
            .take()
            .into_iter()
            .chain(explain::after(&exec.steps[record]));
        for line in lines {
            println!("{pad}    ↳ {line}");
        }
    }

    fn polling(&mut self, step: &str, elapsed_ms: i64) {
        self.inner.polling(step, elapsed_ms);
    }
}
