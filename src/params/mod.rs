//! Start-time parameters: reading them from the command line in the AWS CLI's forms
//! ([`shorthand`]) and turning them into the typed values a runbook declares ([`resolve`]).

mod check;
mod pattern;
mod pattern_example;
pub use pattern::Pattern;
pub use pattern_example::examples as pattern_examples;
mod stand_in;
pub use stand_in::{WorldExamples, stand_in};
mod convert;
pub mod resolve;
pub mod shorthand;
mod templates;
pub use templates::{fill_default_templates, templated_parameters};

pub use convert::base_type;
pub use resolve::{
    ParameterError, SsmLookup, check_default, check_default_type, check_value, default_value,
    resolve_parameters, to_api_strings,
};
pub use shorthand::{ShorthandError, parse_filters, parse_string_list_map, parse_string_list_maps};
