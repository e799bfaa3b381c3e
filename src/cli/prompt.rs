//! Terminal prompts (dialoguer). Only used when stdin and stderr are both terminals:
//! dialoguer blocks when stdin is redirected while stderr is a terminal.

use super::error::CliError;
use crate::exec::Signal;
use dialoguer::Select;

pub fn ask_signal(step: &str, action: &str) -> Result<Option<Signal>, CliError> {
    let (prompt, items, signals): (String, Vec<&str>, Vec<Option<Signal>>) = match action {
        "aws:approve" => (
            format!("step `{step}` asks for approval"),
            vec!["approve", "reject", "leave it waiting"],
            vec![Some(Signal::Approve), Some(Signal::Reject), None],
        ),
        "aws:pause" => (
            format!("step `{step}` is paused"),
            vec!["resume", "leave it waiting"],
            vec![Some(Signal::Resume), None],
        ),
        _ => return Ok(None),
    };
    let choice = Select::new()
        .with_prompt(prompt)
        .items(&items)
        .default(0)
        .interact_opt()
        .map_err(|e| CliError::internal(format!("prompt failed: {e}")))?;
    Ok(choice.and_then(|i| signals.get(i).copied().flatten()))
}
