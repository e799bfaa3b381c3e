//! Actions that steer the run rather than touch resources: branching, looping, waiting for
//! time or people, variables, and child automations.

use super::{Entry, INTEGER, MAP_LIST, PLAIN, STRING, STRING_LIST, STRING_MAP, no_notes};
use super::{opt, out, req};
use crate::actions::ActionKind;
use crate::actions::spec::{ActionNotes, ActionSpec, InputType, OneOf};
use crate::document::DataType;

pub(in crate::actions) const APPROVE: Entry = Entry {
    spec: ActionSpec {
        name: "aws:approve",
        kind: ActionKind::Approve,
        summary: "pause the automation until enough approvers approve, or one rejects",
        inputs: &[
            req(
                "Approvers",
                STRING_LIST,
                "IAM user names or user, role or assumed-role ARNs; at most 10",
            ),
            opt(
                "MinRequiredApprovals",
                INTEGER,
                "approvals needed to continue; default 1, at most the number of approvers",
            ),
            opt(
                "NotificationArn",
                STRING,
                "SNS topic to notify; its name must start with `Automation`",
            ),
            opt(
                "Message",
                STRING,
                "text shown to approvers; at most 4096 characters",
            ),
        ],
        outputs: &[
            out(
                "ApprovalStatus",
                DataType::String,
                "`Approved`, `Rejected` or `Waiting`",
            ),
            out(
                "ApproverDecisions",
                DataType::MapList,
                "one decision per approver",
            ),
        ],
        default_timeout_seconds: Some(604_800),
        max_timeout_seconds: Some(2_592_000),
        forbidden_as_cancel_target: true,
        ..PLAIN
    },
    notes: ActionNotes {
        notes: &[
            "the execution is `Waiting` until approvals arrive through `Approve` or `Reject` signals",
            "a rejection fails the step, so `onFailure` applies",
        ],
        explain: "wait until approvers {Approvers} approve, or one rejects[ ({MinRequiredApprovals} approvals needed)]",
        ..no_notes("aws:approve")
    },
};

pub(in crate::actions) const BRANCH: Entry = Entry {
    spec: ActionSpec {
        name: "aws:branch",
        kind: ActionKind::Branch,
        summary: "choose the next step from conditions evaluated in order",
        inputs: &[
            req(
                "Choices",
                MAP_LIST,
                "conditions, each with a `NextStep`; the first that holds wins",
            ),
            opt("Default", STRING, "step to run when no choice holds"),
        ],
        ..PLAIN
    },
    notes: ActionNotes {
        notes: &[
            "a choice is `Variable` plus one operator, or `And`, `Or` or `Not` over conditions",
            "operators: `StringEquals`, `EqualsIgnoreCase`, `StartsWith`, `EndsWith`, `Contains`, `NumericEquals`, `NumericGreater`, `NumericLesser`, `NumericGreaterOrEquals`, `NumericLesserOrEquals`, `BooleanEquals`",
            "a matching choice or `Default` wins over `isEnd`",
        ],
        explain: "choose the next step: the first choice that holds[, else {Default}]",
        ..no_notes("aws:branch")
    },
};

pub(in crate::actions) const EXECUTE_AUTOMATION: Entry = Entry {
    spec: ActionSpec {
        name: "aws:executeAutomation",
        kind: ActionKind::ExecuteAutomation,
        summary: "run another Automation runbook as a child and wait for it",
        inputs: &[
            req(
                "DocumentName",
                STRING,
                "runbook name, or ARN of a shared runbook",
            ),
            opt(
                "DocumentVersion",
                STRING,
                "runbook version; the default version when unset",
            ),
            // A map of parameter name to value or list of values; the values are not checked
            // here because the child's own parameter types decide what fits.
            opt(
                "RuntimeParameters",
                STRING_MAP,
                "parameters for the child runbook",
            ),
            opt(
                "MaxConcurrency",
                STRING,
                "rate control: targets run at once, a number or a percentage",
            ),
            opt(
                "MaxErrors",
                STRING,
                "rate control: errors before the rest is stopped",
            ),
            opt("Tags", MAP_LIST, "tags for the child execution; at most 5"),
            opt(
                "TargetLocations",
                MAP_LIST,
                "accounts and Regions to run in; 1 to 100",
            ),
            opt(
                "TargetMaps",
                MAP_LIST,
                "parameter maps, one child execution each",
            ),
            opt(
                "TargetParameterName",
                STRING,
                "parameter that receives each target in a rate-controlled run",
            ),
            opt(
                "Targets",
                MAP_LIST,
                "`Key`/`Values` pairs selecting the targets",
            ),
        ],
        outputs: &[
            out(
                "Output",
                DataType::StringList,
                "the values of the child's outputs, in the order it declares them",
            ),
            out("ExecutionId", DataType::String, "the child execution's id"),
            out(
                "Status",
                DataType::String,
                "the child execution's final status",
            ),
        ],
        ..PLAIN
    },
    notes: ActionNotes {
        notes: &[
            "the child runs with the parent's identity; the step fails unless the child ends `Success`",
            "a child whose document is not available locally is synthesized: recorded as a `Success` that did not run, unless `--strict`",
        ],
        explain: "start automation {DocumentName}[ version {DocumentVersion}][ with parameters {RuntimeParameters}] and wait for it to end",
        ..no_notes("aws:executeAutomation")
    },
};

pub(in crate::actions) const LOOP: Entry = Entry {
    spec: ActionSpec {
        name: "aws:loop",
        kind: ActionKind::Loop,
        summary: "run nested steps for each item of a list, or while a condition holds",
        inputs: &[
            req("Steps", InputType::Steps, "the loop body, a list of steps"),
            // With `IteratorDataType` the items may be numbers, booleans or maps, and the
            // value is usually a reference, so any list shape has to be let through.
            opt(
                "Iterators",
                InputType::Any,
                "items to iterate over (for-each mode); at most 100",
            ),
            opt(
                "IteratorDataType",
                STRING,
                "type of each item; default `String`",
            ),
            opt(
                "LoopCondition",
                STRING_MAP,
                "condition checked after each pass (do-while mode), as in `aws:branch`",
            ),
            opt(
                "MaxIterations",
                INTEGER,
                "stop after this many passes; 1 to 100",
            ),
        ],
        outputs: &[
            out(
                "CurrentIteration",
                DataType::Integer,
                "pass number, counting from 1",
            ),
            out(
                "CurrentIteratorValue",
                DataType::String,
                "current item (for-each mode only)",
            ),
        ],
        one_of: &[OneOf {
            inputs: &["Iterators", "LoopCondition"],
            exactly: true,
        }],
        on_cancel_forbidden: true,
        ..PLAIN
    },
    notes: ActionNotes {
        allowed_values: &[(
            "IteratorDataType",
            &["Boolean", "Integer", "String", "StringMap"],
        )],
        notes: &[
            "at most 100 iterations in all",
            "a failing body step follows its own `onFailure`; the loop's `onFailure` covers only errors of the loop itself",
        ],
        explain: "run its body steps[ once for each of {Iterators}][ while {LoopCondition} holds], at most {MaxIterations} times",
        ..no_notes("aws:loop")
    },
};

pub(in crate::actions) const PAUSE: Entry = Entry {
    spec: ActionSpec {
        name: "aws:pause",
        kind: ActionKind::Pause,
        summary: "pause the automation until a `Resume` signal names this step",
        // Documented as `inputs: {}`, yet AWS-owned runbooks give a `Message` and the
        // service takes them (spec §8 item 20).
        inputs: &[opt(
            "Message",
            STRING,
            "text for whoever resumes the run; accepted and not used",
        )],
        forbidden_as_cancel_target: true,
        ..PLAIN
    },
    notes: ActionNotes {
        notes: &[
            "documented with no inputs (`inputs: {}`); an observed `Message` is accepted; the execution is `Waiting` meanwhile",
        ],
        explain: "pause the run until it is resumed[: {Message}]",
        ..no_notes("aws:pause")
    },
};

pub(in crate::actions) const SLEEP: Entry = Entry {
    spec: ActionSpec {
        name: "aws:sleep",
        kind: ActionKind::Sleep,
        summary: "wait for a duration or until a point in time",
        inputs: &[
            opt(
                "Duration",
                STRING,
                "ISO 8601 duration such as `PT10M`; not negative",
            ),
            opt(
                "Timestamp",
                STRING,
                "ISO 8601 instant such as `2020-01-01T01:00:00Z`",
            ),
        ],
        one_of: &[OneOf {
            inputs: &["Duration", "Timestamp"],
            exactly: false,
        }],
        max_timeout_seconds: Some(crate::duration::MAX_SLEEP_SECONDS as u64),
        forbidden_as_cancel_target: true,
        ..PLAIN
    },
    notes: ActionNotes {
        notes: &[
            "when both are given, `Timestamp` wins",
            "a timestamp in the past continues at once",
        ],
        explain: "wait[ {Duration}][ until {Timestamp}]",
        ..no_notes("aws:sleep")
    },
};

pub(in crate::actions) const UPDATE_VARIABLE: Entry = Entry {
    spec: ActionSpec {
        name: "aws:updateVariable",
        kind: ActionKind::UpdateVariable,
        summary: "set a runbook variable to a new value",
        inputs: &[
            req(
                "Name",
                STRING,
                "`variable:<name>` of a variable declared in `variables`",
            ),
            // The declared variable's type decides; it can be any of the six data types.
            req(
                "Value",
                InputType::Any,
                "the new value; must have the variable's declared type",
            ),
        ],
        on_cancel_forbidden: true,
        ..PLAIN
    },
    notes: ActionNotes {
        notes: &[
            "values are not converted: a String must be 1 to 512 characters, a StringList 0 to 50 items, a MapList at most 200 items",
        ],
        explain: "set variable {Name} to {Value}",
        ..no_notes("aws:updateVariable")
    },
};
