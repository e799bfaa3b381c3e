//! Actions that run someone else's code: inline scripts, Lambda functions, state machines,
//! webhooks and Run Command documents on instances.

use super::{Entry, INTEGER, MAP_LIST, PLAIN, STRING, STRING_LIST, STRING_MAP, no_notes};
use super::{opt, out, req};
use crate::actions::ActionKind;
use crate::actions::spec::{ActionNotes, ActionSpec, OneOf};
use crate::document::DataType;

pub(in crate::actions) const EXECUTE_SCRIPT: Entry = Entry {
    spec: ActionSpec {
        name: "aws:executeScript",
        kind: ActionKind::ExecuteScript,
        summary: "run an inline or attached Python or PowerShell script",
        inputs: &[
            req("Runtime", STRING, "e.g. `python3.11`, `PowerShell 7.0`"),
            // Needed for Python only; real PowerShell runbooks set it too, so it is never
            // required outright.
            opt(
                "Handler",
                STRING,
                "function called with `(events, context)`; `file.function` for attachments",
            ),
            opt("Script", STRING, "inline code"),
            opt(
                "InputPayload",
                STRING_MAP,
                "passed to the handler as `events`",
            ),
            opt(
                "Attachment",
                STRING,
                "a `files` entry holding the script (`.py` or `.zip`)",
            ),
        ],
        outputs: &[out(
            "Payload",
            DataType::StringMap,
            "the handler's return value",
        )],
        max_timeout_seconds: Some(600),
        ..PLAIN
    },
    notes: ActionNotes {
        notes: &[
            "select into the result with `outputs:` selectors such as `$.Payload.key`",
            "the returned payload is cut to 100 KB, a returned list to 100 items",
            "an exception raised by the script fails the step",
        ],
        explain: "run the {Runtime} function {Handler}[ with input {InputPayload}]",
        ..no_notes("aws:executeScript")
    },
};

pub(in crate::actions) const EXECUTE_STATE_MACHINE: Entry = Entry {
    spec: ActionSpec {
        name: "aws:executeStateMachine",
        kind: ActionKind::ExecuteStateMachine,
        summary: "run a Step Functions state machine and wait for it",
        inputs: &[
            req("stateMachineArn", STRING, "state machine to run"),
            opt("name", STRING, "name of the execution"),
            opt("input", STRING, "execution input, as JSON text"),
        ],
        outputs: &[
            out("executionArn", DataType::String, "ARN of the execution"),
            out("input", DataType::String, "execution input"),
            out("name", DataType::String, "name of the execution"),
            out("output", DataType::String, "execution output, as JSON text"),
            out("startDate", DataType::String, "when the execution started"),
            out(
                "stateMachineArn",
                DataType::String,
                "ARN of the state machine",
            ),
            out("status", DataType::String, "final status of the execution"),
            out("stopDate", DataType::String, "when the execution stopped"),
        ],
        ..PLAIN
    },
    notes: ActionNotes {
        notes: &["input and output names are lower camel case, unlike other actions"],
        explain: "start state machine {stateMachineArn}[ with input {input}] and wait for it to end",
        ..no_notes("aws:executeStateMachine")
    },
};

pub(in crate::actions) const INVOKE_LAMBDA_FUNCTION: Entry = Entry {
    spec: ActionSpec {
        name: "aws:invokeLambdaFunction",
        kind: ActionKind::InvokeLambdaFunction,
        summary: "invoke a Lambda function",
        inputs: &[
            req("FunctionName", STRING, "function name or ARN"),
            opt("Qualifier", STRING, "version or alias"),
            opt(
                "InvocationType",
                STRING,
                "`Event`, `RequestResponse` (default) or `DryRun`",
            ),
            opt(
                "LogType",
                STRING,
                "`None` or `Tail`; `Tail` needs `RequestResponse`",
            ),
            opt(
                "ClientContext",
                STRING,
                "client information, base64-encoded",
            ),
            opt(
                "InputPayload",
                STRING_MAP,
                "event as a map; wins over `Payload`",
            ),
            opt("Payload", STRING, "event as JSON text (older form)"),
        ],
        outputs: &[
            out(
                "StatusCode",
                DataType::Integer,
                "HTTP status of the invocation",
            ),
            out(
                "FunctionError",
                DataType::String,
                "set when the function raised an error",
            ),
            out(
                "LogResult",
                DataType::String,
                "last 4 KB of the log, base64-encoded",
            ),
            out(
                "Payload",
                DataType::String,
                "the function's result (`RequestResponse` only)",
            ),
        ],
        max_timeout_seconds: Some(300),
        ..PLAIN
    },
    notes: ActionNotes {
        allowed_values: &[
            ("InvocationType", &["Event", "RequestResponse", "DryRun"]),
            ("LogType", &["None", "Tail"]),
        ],
        notes: &["a `FunctionError` fails the step"],
        explain: "invoke Lambda function {FunctionName}[ ({Qualifier})][ with payload {InputPayload}][ with payload {Payload}]",
        ..no_notes("aws:invokeLambdaFunction")
    },
};

pub(in crate::actions) const INVOKE_WEBHOOK: Entry = Entry {
    spec: ActionSpec {
        name: "aws:invokeWebhook",
        kind: ActionKind::InvokeWebhook,
        summary: "call a webhook set up as an Automation integration",
        inputs: &[
            req(
                "IntegrationName",
                STRING,
                "name of an existing Automation integration",
            ),
            opt("Body", STRING, "request body"),
        ],
        outputs: &[
            out("Response", DataType::String, "response body"),
            out("ResponseCode", DataType::Integer, "HTTP status"),
        ],
        ..PLAIN
    },
    notes: ActionNotes {
        explain: "call the webhook integration {IntegrationName}[ with body {Body}]",
        ..no_notes("aws:invokeWebhook")
    },
};

pub(in crate::actions) const RUN_COMMAND: Entry = Entry {
    spec: ActionSpec {
        name: "aws:runCommand",
        kind: ActionKind::RunCommand,
        summary: "run a Command document on managed instances",
        inputs: &[
            req("DocumentName", STRING, "Command document name or ARN"),
            opt(
                "InstanceIds",
                STRING_LIST,
                "instances to run on; at most 50",
            ),
            opt(
                "Targets",
                MAP_LIST,
                "`Key`/`Values` pairs selecting the instances",
            ),
            // The Command document's own parameter types decide what each value may be.
            opt(
                "Parameters",
                STRING_MAP,
                "the Command document's parameters",
            ),
            opt("DocumentVersion", STRING, "Command document version"),
            opt("DocumentHash", STRING, "hash the document must have"),
            opt("DocumentHashType", STRING, "`Sha256` or `Sha1`"),
            opt("Comment", STRING, "comment for the command"),
            opt(
                "TimeoutSeconds",
                INTEGER,
                "time to reach the instances, not the step timeout",
            ),
            opt(
                "MaxConcurrency",
                STRING,
                "instances run at once, a number or a percentage",
            ),
            opt("MaxErrors", STRING, "errors before the rest is stopped"),
            opt(
                "CloudWatchOutputConfig",
                STRING_MAP,
                "`CloudWatchLogGroupName`, `CloudWatchOutputEnabled`",
            ),
            opt(
                "NotificationConfig",
                STRING_MAP,
                "SNS notifications for the command",
            ),
            opt(
                "AlarmConfiguration",
                STRING_MAP,
                "CloudWatch alarms that stop the command",
            ),
            opt(
                "OutputS3BucketName",
                STRING,
                "bucket for the command output",
            ),
            opt(
                "OutputS3KeyPrefix",
                STRING,
                "key prefix for the command output",
            ),
            opt("OutputS3Region", STRING, "Region of the output bucket"),
            opt("ServiceRoleArn", STRING, "role for SNS notifications"),
        ],
        outputs: &[
            out("CommandId", DataType::String, "id of the command"),
            out("Status", DataType::String, "status of the command"),
            out("ResponseCode", DataType::Integer, "exit code of the script"),
            out("Output", DataType::String, "output of the command"),
        ],
        one_of: &[OneOf {
            inputs: &["InstanceIds", "Targets"],
            exactly: false,
        }],
        ..PLAIN
    },
    notes: ActionNotes {
        allowed_values: &[("DocumentHashType", &["Sha256", "Sha1"])],
        notes: &["accepts the request fields of SSM `SendCommand`"],
        explain: "send command document {DocumentName}[ to instances {InstanceIds}][ to targets {Targets}][ with parameters {Parameters}] and wait for it",
        ..no_notes("aws:runCommand")
    },
};
