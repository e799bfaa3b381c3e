//! The names `{{ }}` references resolve against while an execution runs (spec §3).

use super::execution::Execution;
use crate::driver::CloudDriver;
use crate::template::{Reference, Scope};
use serde_json::Value;
use std::cell::RefCell;

pub struct ExecScope<'a> {
    pub exec: &'a Execution,
    pub region: String,
    pub account: String,
    pub now_ms: i64,
    /// An output the execution does not hold resolves to its reference as written, instead
    /// of failing: for the recorded inputs of `aws:branch`, whose choices over such outputs
    /// simply do not hold.
    pub keep_unset_outputs: bool,
    /// Notes on the references to outputs that their step ran without setting, which stay
    /// as written (docs/semantics.md, "Outputs a step did not set"), for the step that
    /// resolved them.
    pub kept: RefCell<Vec<String>>,
}

impl<'a> ExecScope<'a> {
    pub fn new(exec: &'a Execution, driver: &dyn CloudDriver) -> ExecScope<'a> {
        ExecScope {
            exec,
            region: driver.region(),
            account: driver.account_id(),
            now_ms: driver.now_millis(),
            keep_unset_outputs: false,
            kept: RefCell::default(),
        }
    }

    /// The notes on references kept as written so far, each once, and none kept after.
    pub fn take_kept(&self) -> Vec<String> {
        std::mem::take(&mut *self.kept.borrow_mut())
    }
}

fn partition(region: &str) -> &'static str {
    if region.starts_with("cn-") {
        "aws-cn"
    } else if region.starts_with("us-gov-") {
        "aws-us-gov"
    } else {
        "aws"
    }
}

fn format_time(ms: i64, pattern: &str) -> String {
    jiff::Timestamp::from_millisecond(ms)
        .map(|t| t.strftime(pattern).to_string())
        .unwrap_or_default()
}

impl Scope for ExecScope<'_> {
    fn lookup(&self, r: &Reference) -> Result<Value, String> {
        match r {
            Reference::Parameter(name) => self
                .exec
                .parameters
                .get(name)
                .cloned()
                .ok_or_else(|| format!("parameter `{name}` is not declared")),
            Reference::StepOutput { step, output } => self
                .exec
                .step_outputs
                .get(step)
                .and_then(|o| o.get(output))
                .cloned()
                .ok_or_else(|| {
                    format!("output `{output}` of step `{step}` is not available (the step has not run, or did not produce it)")
                }),
            Reference::Variable(name) => self
                .exec
                .variables
                .get(name)
                .cloned()
                .ok_or_else(|| format!("variable `{name}` is not declared")),
            Reference::Automation(name) if name == "EXECUTION_ID" => {
                Ok(Value::String(self.exec.id.clone()))
            }
            Reference::Global(name) => match name.as_str() {
                "REGION" => Ok(Value::String(self.region.clone())),
                "ACCOUNT_ID" => Ok(Value::String(self.account.clone())),
                "AWS_PARTITION" => Ok(Value::String(partition(&self.region).to_string())),
                "DATE" => Ok(Value::String(format_time(self.now_ms, "%Y-%m-%d"))),
                "DATE_TIME" => Ok(Value::String(format_time(self.now_ms, "%Y-%m-%d_%H.%M.%S"))),
                other => Err(format!("unknown global variable `global:{other}`")),
            },
            Reference::Automation(name) => Err(format!("unknown automation variable `automation:{name}`")),
            Reference::Ssm { .. } => {
                Err("parameter store references are allowed only in parameter defaults".into())
            }
            Reference::SsmSecure(_) => Err("`ssm-secure:` references are not supported in Automation".into()),
            Reference::Invalid(raw) => Err(format!("invalid reference `{{{{{raw}}}}}`")),
        }
    }

    /// An output of a step that succeeded without setting it (its selector found nothing)
    /// stays as written; so does any unset output in the recorded choices of `aws:branch`.
    fn keeps_as_written(&self, r: &Reference, raw: &str) -> bool {
        let Reference::StepOutput { step, output } = r else {
            return false;
        };
        if self.keep_unset_outputs {
            return true;
        }
        let ran = self.exec.step_outputs.contains_key(step);
        if ran {
            let note =
                format!("`{raw}` is left as written: step `{step}` did not set output `{output}`");
            let mut kept = self.kept.borrow_mut();
            if !kept.contains(&note) {
                kept.push(note);
            }
        }
        ran
    }
}
