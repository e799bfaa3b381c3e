//! CloudFormation stack actions.

use super::{BOOLEAN, Entry, INTEGER, MAP_LIST, PLAIN, STRING, STRING_LIST, no_notes};
use super::{opt, out, req};
use crate::actions::ActionKind;
use crate::actions::spec::{ActionNotes, ActionSpec, OneOf};
use crate::document::DataType;

pub(in crate::actions) const CREATE_STACK: Entry = Entry {
    spec: ActionSpec {
        name: "aws:createStack",
        kind: ActionKind::CreateStack,
        summary: "create a CloudFormation stack and wait for it to finish",
        inputs: &[
            req(
                "StackName",
                STRING,
                "letters, digits and `-`, starting with a letter; at most 128",
            ),
            opt("TemplateBody", STRING, "the template text"),
            opt(
                "TemplateURL",
                STRING,
                "location of the template; at most 1024 characters",
            ),
            opt(
                "Capabilities",
                STRING_LIST,
                "`CAPABILITY_IAM`, `CAPABILITY_NAMED_IAM`, `CAPABILITY_AUTO_EXPAND`",
            ),
            opt(
                "ClientRequestToken",
                STRING,
                "idempotency token; useful with `maxAttempts` above 1",
            ),
            opt(
                "DisableRollback",
                BOOLEAN,
                "keep resources after a failure; default false",
            ),
            opt(
                "NotificationARNs",
                STRING_LIST,
                "SNS topics for stack events; at most 5",
            ),
            opt(
                "OnFailure",
                STRING,
                "`DO_NOTHING`, `ROLLBACK` (default) or `DELETE`",
            ),
            opt(
                "Parameters",
                MAP_LIST,
                "`ParameterKey`/`ParameterValue` pairs",
            ),
            opt(
                "ResourceTypes",
                STRING_LIST,
                "resource types the stack may create",
            ),
            opt("RoleARN", STRING, "role CloudFormation assumes"),
            opt("StackPolicyBody", STRING, "stack policy text"),
            opt("StackPolicyURL", STRING, "location of the stack policy"),
            opt("Tags", MAP_LIST, "stack tags; at most 10"),
            opt(
                "TimeoutInMinutes",
                INTEGER,
                "minutes before the creation fails; at least 1",
            ),
        ],
        outputs: &[
            out("StackId", DataType::String, "id of the stack"),
            out(
                "StackStatus",
                DataType::String,
                "stack status, e.g. `CREATE_COMPLETE`",
            ),
            out(
                "StackStatusReason",
                DataType::String,
                "why the stack has that status",
            ),
        ],
        one_of: &[OneOf {
            inputs: &["TemplateBody", "TemplateURL"],
            exactly: true,
        }],
        forbidden_as_cancel_target: true,
        ..PLAIN
    },
    notes: ActionNotes {
        exclusive: &[
            &["DisableRollback", "OnFailure"],
            &["StackPolicyBody", "StackPolicyURL"],
        ],
        allowed_values: &[("OnFailure", &["DO_NOTHING", "ROLLBACK", "DELETE"])],
        explain: "create CloudFormation stack {StackName} and wait until it is created",
        ..no_notes("aws:createStack")
    },
};

pub(in crate::actions) const DELETE_STACK: Entry = Entry {
    spec: ActionSpec {
        name: "aws:deleteStack",
        kind: ActionKind::DeleteStack,
        summary: "delete a CloudFormation stack and wait for it to go",
        inputs: &[
            req("StackName", STRING, "name or id of the stack"),
            opt("ClientRequestToken", STRING, "idempotency token"),
            opt(
                "RetainResources",
                STRING_LIST,
                "resources to keep; only for stacks in `DELETE_FAILED`",
            ),
            opt("RoleARN", STRING, "role CloudFormation assumes"),
        ],
        ..PLAIN
    },
    notes: ActionNotes {
        explain: "delete CloudFormation stack {StackName} and wait until it is gone",
        ..no_notes("aws:deleteStack")
    },
};
