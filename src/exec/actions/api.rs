//! aws:executeAwsApi, aws:assertAwsResourceProperty, aws:waitForAwsResourceProperty: any API
//! of any service through the driver; the response feeds selectors.

use super::{ActionCx, Outcome, string};
use crate::compile::Output;
use crate::driver::{Expectation, Wanted};
use crate::selector::Selector;
use serde_json::{Map, Value};

const FIXED_INPUTS: &[&str] = &["Service", "Api", "PropertySelector", "DesiredValues"];

/// The API request: every input but the action's own.
fn request(inputs: &Map<String, Value>) -> Value {
    Value::Object(
        inputs
            .iter()
            .filter(|(k, _)| !FIXED_INPUTS.contains(&k.as_str()))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
    )
}

pub(super) fn execute(
    cx: &mut ActionCx,
    inputs: &Map<String, Value>,
    outputs: &[Output],
) -> Result<Outcome, Outcome> {
    let service = string(inputs, "Service")?;
    let api = string(inputs, "Api")?;
    // A synthesized answer gives every output something to find.
    let expect: Vec<Expectation> = outputs
        .iter()
        .filter_map(|o| {
            let selector = o.selector.as_ref().ok()?;
            Some(Expectation {
                selector: selector.as_str().to_string(),
                wanted: Wanted::Output(o.ty),
            })
        })
        .collect();
    let response = cx.call_expecting(service, api, request(inputs), &expect)?;
    Ok(Outcome::Success {
        outputs: Map::new(),
        response: Some(response),
        notes: Vec::new(),
    })
}

/// Compare as the service does: booleans as `True`/`False`, numbers in decimal.
fn text(v: &Value) -> String {
    match v {
        Value::Bool(true) => "True".into(),
        Value::Bool(false) => "False".into(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

struct Check {
    selector: Selector,
    desired: Vec<String>,
}

impl Check {
    fn new(inputs: &Map<String, Value>) -> Result<Check, Outcome> {
        let raw = string(inputs, "PropertySelector")?;
        let selector = Selector::parse(raw)
            .map_err(|e| Outcome::invalid_input(format!("`PropertySelector` `{raw}`: {e}")))?;
        let desired = match inputs.get("DesiredValues") {
            Some(Value::Array(items)) => items.iter().map(text).collect(),
            Some(v) => vec![text(v)],
            None => return Err(Outcome::invalid_input("input `DesiredValues` is required")),
        };
        Ok(Check { selector, desired })
    }

    /// What a synthesized answer should hold: the first desired value at the selector.
    fn expectation(&self) -> Expectation {
        Expectation {
            selector: self.selector.as_str().to_string(),
            wanted: Wanted::Value(self.desired.first().cloned().unwrap_or_default()),
        }
    }

    /// The selected values, and whether they all match one of the desired values.
    fn test(&self, response: &Value) -> (Vec<String>, bool) {
        let found: Vec<String> = self
            .selector
            .select(response)
            .iter()
            .flat_map(|v| match v {
                // An empty list is compared as its text: AWS's own runbooks assert that a
                // list is empty with `DesiredValues: ["[]"]` (docs/semantics.md).
                Value::Array(items) if items.is_empty() => vec!["[]".to_string()],
                Value::Array(items) => items.iter().map(text).collect(),
                other => vec![text(other)],
            })
            .collect();
        let ok = !found.is_empty() && found.iter().all(|f| self.desired.contains(f));
        (found, ok)
    }
}

pub(super) fn assert_property(
    cx: &mut ActionCx,
    inputs: &Map<String, Value>,
) -> Result<Outcome, Outcome> {
    let check = Check::new(inputs)?;
    let response = cx.call_expecting(
        string(inputs, "Service")?,
        string(inputs, "Api")?,
        request(inputs),
        std::slice::from_ref(&check.expectation()),
    )?;
    let (found, ok) = check.test(&response);
    if ok {
        return Ok(Outcome::empty());
    }
    Err(Outcome::verification(format!(
        "Expected values {:?} for property {}, but found {:?}",
        check.desired,
        check.selector.as_str(),
        found
    )))
}

pub(super) fn wait_for_property(
    cx: &mut ActionCx,
    inputs: &Map<String, Value>,
) -> Result<Outcome, Outcome> {
    let check = Check::new(inputs)?;
    let service = string(inputs, "Service")?.to_string();
    let api = string(inputs, "Api")?.to_string();
    let req = request(inputs);
    let what = format!(
        "{} to be one of {:?}",
        check.selector.as_str(),
        check.desired
    );
    let expect = check.expectation();
    cx.poll(&what, |cx| {
        let response =
            cx.call_expecting(&service, &api, req.clone(), std::slice::from_ref(&expect))?;
        Ok(check.test(&response).1.then_some(()))
    })?;
    Ok(Outcome::empty())
}
