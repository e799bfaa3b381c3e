//! Which action a catalogue entry is. The executor for each kind is chosen by one exhaustive
//! `match` in `exec`, so an action added here without an executor does not compile, and the
//! catalogue test checks that every entry names its own kind.

/// One variant per `aws:*` action of the catalogue.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ActionKind {
    Approve,
    AssertAwsResourceProperty,
    Branch,
    ChangeInstanceState,
    CopyImage,
    CreateImage,
    CreateStack,
    CreateTags,
    DeleteImage,
    DeleteStack,
    ExecuteAutomation,
    ExecuteAwsApi,
    ExecuteScript,
    ExecuteStateMachine,
    InvokeLambdaFunction,
    InvokeWebhook,
    Loop,
    Pause,
    RunCommand,
    RunInstances,
    Sleep,
    UpdateVariable,
    WaitForAwsResourceProperty,
}

impl ActionKind {
    /// The name a step's `action:` uses.
    pub fn name(self) -> &'static str {
        match self {
            ActionKind::Approve => "aws:approve",
            ActionKind::AssertAwsResourceProperty => "aws:assertAwsResourceProperty",
            ActionKind::Branch => "aws:branch",
            ActionKind::ChangeInstanceState => "aws:changeInstanceState",
            ActionKind::CopyImage => "aws:copyImage",
            ActionKind::CreateImage => "aws:createImage",
            ActionKind::CreateStack => "aws:createStack",
            ActionKind::CreateTags => "aws:createTags",
            ActionKind::DeleteImage => "aws:deleteImage",
            ActionKind::DeleteStack => "aws:deleteStack",
            ActionKind::ExecuteAutomation => "aws:executeAutomation",
            ActionKind::ExecuteAwsApi => "aws:executeAwsApi",
            ActionKind::ExecuteScript => "aws:executeScript",
            ActionKind::ExecuteStateMachine => "aws:executeStateMachine",
            ActionKind::InvokeLambdaFunction => "aws:invokeLambdaFunction",
            ActionKind::InvokeWebhook => "aws:invokeWebhook",
            ActionKind::Loop => "aws:loop",
            ActionKind::Pause => "aws:pause",
            ActionKind::RunCommand => "aws:runCommand",
            ActionKind::RunInstances => "aws:runInstances",
            ActionKind::Sleep => "aws:sleep",
            ActionKind::UpdateVariable => "aws:updateVariable",
            ActionKind::WaitForAwsResourceProperty => "aws:waitForAwsResourceProperty",
        }
    }
}
