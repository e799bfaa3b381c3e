//! Command lines of `ssmrun ssm …` that clap refuses but the AWS CLI would take:
//! `aws ssm <command> help` (the help, exit 0), and the AWS CLI options of an operation that
//! ssmrun does not support, which are told apart from options nobody knows.

use super::error::PARAMETER_ERROR;
use clap::error::{ContextKind, ContextValue, ErrorKind};

/// Options every `aws` command takes (AWS CLI v2's global options, and the per-command
/// `--cli-input-*` and `--generate-cli-skeleton`).
const AWS_CLI_OPTIONS: &[&str] = &[
    "--debug",
    "--endpoint-url",
    "--no-verify-ssl",
    "--no-paginate",
    "--output",
    "--query",
    "--profile",
    "--region",
    "--version",
    "--color",
    "--no-sign-request",
    "--ca-bundle",
    "--cli-read-timeout",
    "--cli-connect-timeout",
    "--cli-binary-format",
    "--no-cli-pager",
    "--cli-auto-prompt",
    "--no-cli-auto-prompt",
    "--cli-input-json",
    "--cli-input-yaml",
    "--generate-cli-skeleton",
];

/// What to do with a command line clap refused, when it is an `ssm` one: `Some(exit code)`
/// once handled (help printed, or the option named), `None` to let clap report it.
pub fn recover(error: &clap::Error, args: &[String], command: &clap::Command) -> Option<i32> {
    if error.kind() != ErrorKind::UnknownArgument {
        return None;
    }
    let Some(ContextValue::String(arg)) = error.get(ContextKind::InvalidArg) else {
        return None;
    };
    let ssm = command.find_subcommand("ssm")?;
    let position = args.iter().position(|a| a == "ssm")?;
    let at = position
        + 1
        + args[position + 1..]
            .iter()
            .position(|a| ssm.find_subcommand(a.as_str()).is_some())?;
    let name = &args[at];
    if arg == "help" {
        return Some(help(command, args, at));
    }
    let flag = arg.split_once('=').map_or(arg.as_str(), |(f, _)| f);
    if !is_aws_option(name, flag) {
        return None;
    }
    eprintln!(
        "error: `{flag}` is an option of `aws ssm {name}` that is not supported by ssmrun \
         (docs/differences.md lists what is)"
    );
    Some(PARAMETER_ERROR)
}

/// `aws ssm <command> help`: the command line again with `--help` for the `help` after the
/// command (at `at`), so clap prints the command's help, global options included.
fn help(command: &clap::Command, args: &[String], at: usize) -> i32 {
    let mut with_flag = args.to_vec();
    if let Some(word) = with_flag[at + 1..].iter_mut().find(|a| *a == "help") {
        *word = "--help".to_string();
    }
    match command.clone().try_get_matches_from(with_flag) {
        Err(e) if e.kind() == ErrorKind::DisplayHelp => {
            let _ = e.print();
            0
        }
        // Something else on the line is wrong too: report that.
        Err(e) => {
            let _ = e.print();
            PARAMETER_ERROR
        }
        Ok(_) => PARAMETER_ERROR,
    }
}

/// Whether `aws ssm <command>` takes `flag`: a global option or a member of the operation's
/// input (`--no-…` too for booleans), by the botocore model.
fn is_aws_option(command: &str, flag: &str) -> bool {
    if AWS_CLI_OPTIONS.contains(&flag) {
        return true;
    }
    let Some(model) = crate::models::service("ssm") else {
        return false;
    };
    let operation = crate::params::shorthand::member_name(command);
    let Some(input) = model
        .operation(&operation)
        .and_then(|op| op.input.as_deref())
    else {
        return false;
    };
    let Some(crate::models::ShapeKind::Structure { members, .. }) =
        model.shape(input).map(|s| &s.kind)
    else {
        return false;
    };
    members.keys().any(|member| {
        let cli = format!("--{}", crate::models::xform_name(member).replace('_', "-"));
        flag == cli
            || flag
                .strip_prefix("--no-")
                .is_some_and(|f| cli == format!("--{f}"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operation_members_and_global_options_are_aws_options() {
        assert!(is_aws_option("start-automation-execution", "--targets"));
        assert!(is_aws_option("start-automation-execution", "--target-maps"));
        assert!(is_aws_option(
            "describe-automation-executions",
            "--cli-input-json"
        ));
        assert!(is_aws_option(
            "describe-automation-step-executions",
            "--no-reverse-order"
        ));
        assert!(!is_aws_option("start-automation-execution", "--bogus"));
        assert!(!is_aws_option("get-automation-execution", "--targets"));
    }
}
