//! The operators of a simple condition, read once from their names.

/// Every operator of a simple condition, exactly as documents spell them.
pub const OPERATORS: &[&str] = &[
    "StringEquals",
    "EqualsIgnoreCase",
    "StartsWith",
    "EndsWith",
    "Contains",
    "NumericEquals",
    "NumericGreater",
    "NumericLesser",
    "NumericGreaterOrEquals",
    "NumericLesserOrEquals",
    "BooleanEquals",
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Operator {
    StringEquals,
    EqualsIgnoreCase,
    StartsWith,
    EndsWith,
    Contains,
    NumericEquals,
    NumericGreater,
    NumericLesser,
    NumericGreaterOrEquals,
    NumericLesserOrEquals,
    BooleanEquals,
}

/// In the order of [`OPERATORS`].
const ALL: [Operator; 11] = [
    Operator::StringEquals,
    Operator::EqualsIgnoreCase,
    Operator::StartsWith,
    Operator::EndsWith,
    Operator::Contains,
    Operator::NumericEquals,
    Operator::NumericGreater,
    Operator::NumericLesser,
    Operator::NumericGreaterOrEquals,
    Operator::NumericLesserOrEquals,
    Operator::BooleanEquals,
];

impl Operator {
    pub fn parse(name: &str) -> Option<Operator> {
        let at = OPERATORS.iter().position(|o| *o == name)?;
        Some(ALL[at])
    }

    pub fn name(self) -> &'static str {
        let at = ALL.iter().position(|o| *o == self).unwrap_or(0);
        OPERATORS[at]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for name in OPERATORS {
            assert_eq!(Operator::parse(name).map(Operator::name), Some(*name));
        }
        assert_eq!(Operator::parse("Matches"), None);
    }
}
