//! Actions that call an arbitrary AWS API by service and operation name. Every input beyond
//! the few listed here is a request field of that operation, so these accept extra keys.

use super::{Entry, PLAIN, STRING, STRING_LIST, req};
use crate::actions::ActionKind;
use crate::actions::spec::{ActionNotes, ActionSpec, ExtraInputs, InputSpec, InputType};

const SERVICE: InputSpec = req(
    "Service",
    STRING,
    "service namespace as in boto3, e.g. `ec2`, `ssm`",
);
const API: InputSpec = req("Api", STRING, "operation name, e.g. `DescribeInstances`");
const PROPERTY_SELECTOR: InputSpec = req(
    "PropertySelector",
    STRING,
    "JSONPath into the response, starting with `$.`",
);

pub(in crate::actions) const ASSERT_AWS_RESOURCE_PROPERTY: Entry = Entry {
    spec: ActionSpec {
        name: "aws:assertAwsResourceProperty",
        kind: ActionKind::AssertAwsResourceProperty,
        summary: "call an AWS API once and fail unless a response property has a desired value",
        inputs: &[
            SERVICE,
            API,
            PROPERTY_SELECTOR,
            req(
                "DesiredValues",
                STRING_LIST,
                "accepted values; booleans written `True` / `False`",
            ),
        ],
        extra_inputs: ExtraInputs::ApiParameters,
        ..PLAIN
    },
    notes: ActionNotes {
        notes: &[
            "values are compared as strings: numbers in decimal, booleans as `True` / `False`",
        ],
        explain: "call {Service} {Api}[ with {*}] and check that {PropertySelector} is one of {DesiredValues}",
        ..super::no_notes("aws:assertAwsResourceProperty")
    },
};

pub(in crate::actions) const EXECUTE_AWS_API: Entry = Entry {
    spec: ActionSpec {
        name: "aws:executeAwsApi",
        kind: ActionKind::ExecuteAwsApi,
        summary: "call an AWS API operation and expose parts of the response as outputs",
        inputs: &[SERVICE, API],
        extra_inputs: ExtraInputs::ApiParameters,
        max_timeout_seconds: Some(25),
        ..PLAIN
    },
    notes: ActionNotes {
        notes: &[
            "no built-in outputs: declare `outputs:` with selectors into the response",
            "streaming operations such as S3 `GetObject` are not supported",
        ],
        explain: "call {Service} {Api}[ with {*}]",
        ..super::no_notes("aws:executeAwsApi")
    },
};

pub(in crate::actions) const WAIT_FOR_AWS_RESOURCE_PROPERTY: Entry = Entry {
    spec: ActionSpec {
        name: "aws:waitForAwsResourceProperty",
        kind: ActionKind::WaitForAwsResourceProperty,
        summary: "poll an AWS API until a response property has a desired value",
        inputs: &[
            SERVICE,
            API,
            PROPERTY_SELECTOR,
            // Documented as "varies", unlike the assert action's StringList.
            req(
                "DesiredValues",
                InputType::Any,
                "accepted values; booleans written `True` / `False`",
            ),
        ],
        extra_inputs: ExtraInputs::ApiParameters,
        default_timeout_seconds: Some(3600),
        ..PLAIN
    },
    notes: ActionNotes {
        notes: &["the step times out if the property never reaches a desired value"],
        explain: "call {Service} {Api}[ with {*}] until {PropertySelector} is one of {DesiredValues}",
        ..super::no_notes("aws:waitForAwsResourceProperty")
    },
};
