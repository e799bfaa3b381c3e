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

/// The items of the step menu, always in this order, so that a position always means the
/// same thing whether or not a step follows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MenuItem {
    ExecuteNext,
    Choose,
    Override,
    Show,
    Complete,
    Cancel,
}

const MENU: [MenuItem; 6] = [
    MenuItem::ExecuteNext,
    MenuItem::Choose,
    MenuItem::Override,
    MenuItem::Show,
    MenuItem::Complete,
    MenuItem::Cancel,
];

fn prompt_err(e: dialoguer::Error) -> CliError {
    CliError::internal(format!("prompt failed: {e}"))
}

/// Asks what to do next. The cursor starts on executing the next step, or on completing
/// when no step follows. `None`: the prompt was left (Escape).
pub fn step_menu(next: Option<&str>) -> Result<Option<MenuItem>, CliError> {
    let labels: Vec<String> = MENU
        .iter()
        .map(|item| match (item, next) {
            (MenuItem::ExecuteNext, Some(step)) => format!("Execute `{step}`"),
            (MenuItem::ExecuteNext, None) => "Execute the next step (none follows)".into(),
            (MenuItem::Choose, _) => "Choose a step".into(),
            (MenuItem::Override, _) => "Override inputs, then execute".into(),
            (MenuItem::Show, _) => "Show the execution".into(),
            (MenuItem::Complete, _) => "Complete and view results".into(),
            (MenuItem::Cancel, _) => "Cancel".into(),
        })
        .collect();
    let default = match next {
        Some(_) => 0,
        None => 4,
    };
    let picked = Select::new()
        .with_prompt("What now?")
        .items(&labels)
        .default(default)
        .interact_opt()
        .map_err(prompt_err)?;
    Ok(picked.map(|i| MENU[i]))
}

/// Picks one of `items` (already labelled with their status), starting on `default`.
pub fn pick(prompt: &str, items: &[String], default: usize) -> Result<Option<usize>, CliError> {
    Select::new()
        .with_prompt(prompt)
        .items(items)
        .default(default)
        .interact_opt()
        .map_err(prompt_err)
}

/// Asks before a chosen step runs.
pub fn confirm_step(step: &str) -> Result<bool, CliError> {
    let items = [format!("Execute `{step}`"), "Back to the menu".to_string()];
    Ok(pick(&format!("Run `{step}` now?"), &items, 0)? == Some(0))
}

/// One input's value, prefilled with `initial` for editing.
pub fn edit_value(name: &str, initial: &str) -> Result<String, CliError> {
    dialoguer::Input::new()
        .with_prompt(name.to_string())
        .with_initial_text(initial.to_string())
        .interact_text()
        .map_err(prompt_err)
}
