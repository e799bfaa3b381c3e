//! The fuzz targets: each takes raw bytes and drives one front end of the library. A target
//! passes when it returns; a panic or an input that runs too long is the finding.

use serde_json::{Value, json};
use ssmrun::condition::Condition;
use ssmrun::driver::{Mocks, SimWorld};
use ssmrun::exec::{Engine, Mode, NoObserver, Options, SequentialIds};
use ssmrun::selector::Selector;
use ssmrun::source::SourceFile;
use std::collections::BTreeMap;

pub struct Target {
    pub name: &'static str,
    pub seeds: fn() -> Vec<Vec<u8>>,
    pub run: fn(&[u8]),
}

pub const TARGETS: &[Target] = &[
    Target {
        name: "parse",
        seeds: super::seeds::documents,
        run: parse,
    },
    Target {
        name: "validate",
        seeds: super::seeds::documents,
        run: validate,
    },
    Target {
        name: "shorthand",
        seeds: super::seeds::shorthand,
        run: shorthand,
    },
    Target {
        name: "template",
        seeds: super::seeds::templates,
        run: template,
    },
    Target {
        name: "selector",
        seeds: super::seeds::selectors,
        run: selector,
    },
    Target {
        name: "condition",
        seeds: super::seeds::conditions,
        run: condition,
    },
    Target {
        name: "world",
        seeds: super::seeds::worlds,
        run: world,
    },
    Target {
        name: "mocks",
        seeds: super::seeds::mocks,
        run: mocks,
    },
    Target {
        name: "run",
        seeds: super::seeds::documents,
        run,
    },
];

fn source(bytes: &[u8]) -> Option<SourceFile> {
    ssmrun::parse::decode("fuzz.yaml", bytes.to_vec()).ok()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn data(bytes: &[u8]) -> Option<Value> {
    ssmrun::parse::parse(&source(bytes)?)
        .ok()
        .map(|n| n.to_json())
}

fn parse(bytes: &[u8]) {
    if let Some(src) = source(bytes) {
        let _ = ssmrun::parse::parse(&src);
    }
}

fn validate(bytes: &[u8]) {
    if let Some(src) = source(bytes) {
        let checked = ssmrun::validate::check(&src);
        // Rendering is part of the front end: excerpts and caps run over every diagnostic.
        let report = ssmrun::render::diagnostics::FileReport {
            source: &src,
            diagnostics: &checked.diagnostics,
        };
        let _ = ssmrun::render::diagnostics::human(&[report], false);
    }
}

fn shorthand(bytes: &[u8]) {
    let s = text(bytes);
    let _ = ssmrun::params::parse_string_list_map(&s);
    let _ = ssmrun::params::parse_filters(&s);
}

fn template(bytes: &[u8]) {
    let s = text(bytes);
    let _ = ssmrun::template::scan(&s);
    let _ = ssmrun::template::whole(&s);
    let _ = ssmrun::template::Template::new(&Value::String(s));
}

fn selector(bytes: &[u8]) {
    let response = json!({"Reservations": [{"Instances": [
        {"InstanceId": "i-1", "State": {"Name": "running"}, "Tags": [{"Key": "a", "Value": "b"}]},
        {"InstanceId": "i-2", "State": {"Name": "stopped"}}
    ]}], "List": [1, 2.5, "x", null, true, [[]], {}]});
    if let Ok(sel) = Selector::parse(&text(bytes)) {
        let _ = sel.select(&response);
        let _ = sel.path();
        for ty in [
            "String",
            "StringList",
            "Integer",
            "Boolean",
            "MapList",
            "StringMap",
        ] {
            if let Some(ty) = ssmrun::document::DataType::parse(ty) {
                let _ = sel.extract(&response, ty);
            }
        }
    }
}

fn condition(bytes: &[u8]) {
    let Some(v) = data(bytes) else { return };
    if let Ok(c) = Condition::from_json(&v) {
        let _ = c.evaluate(&|operand: &Value| Ok(operand.clone()));
    }
}

fn world(bytes: &[u8]) {
    if let Some(v) = data(bytes)
        && let Ok(world) = SimWorld::from_world_json(&v)
    {
        // What loads must write back and load again.
        let written = world.to_world_json();
        if let Err(e) = SimWorld::from_world_json(&written) {
            panic!("a loaded world does not reload: {e}\n{written}");
        }
    }
}

fn mocks(bytes: &[u8]) {
    if let Some(v) = data(bytes) {
        let _ = Mocks::from_json(&v);
    }
}

/// A whole run on the simulated cloud, with start parameters from the defaults.
fn run(bytes: &[u8]) {
    let Some(src) = source(bytes) else { return };
    let checked = ssmrun::validate::check(&src);
    if checked.diagnostics.iter().any(|d| d.is_error()) {
        return;
    }
    let Some(doc) = checked.document else { return };
    let mut world = SimWorld::default_world();
    let lookup = |_: &ssmrun::document::Parameter, _: &str, _: Option<&str>| None;
    let Ok(params) = ssmrun::params::resolve_parameters(&doc, &BTreeMap::new(), &lookup) else {
        return;
    };
    let (mut ids, mut observer, mut step_mocks) = (SequentialIds::default(), NoObserver, ());
    let children = super::seeds::NoChildren;
    let options = Options::default();
    let mut engine = Engine::new(
        &doc,
        &mut world,
        &mut step_mocks,
        &mut ids,
        &mut observer,
        &children,
        &options,
    );
    let mut exec = engine.start("fuzz", "1", params, Mode::Auto, None);
    engine.run(&mut exec);
}
