//! The AWS service models: every service's operations and shapes as botocore publishes
//! them, embedded in the binary (see `scripts/gen-models.py` for the pinned release and
//! what is kept). They are the truth for operation names, request members, types, enums
//! and response shapes, for the validator and for answers synthesized in a dry-run.
//!
//! A service's operations are a small zlib stream, read the first time the service is asked
//! for; its shapes sit in chunks of about 16 KB, each inflated when a shape in it is first
//! asked for, and each shape parsed on its own first use. A process pays only for the
//! operations and shapes its documents use.

mod index;
pub mod params;
mod service_model;
mod shape;
mod xform;

use std::sync::OnceLock;

pub use index::BOTOCORE_VERSION;
pub use service_model::{Operation, ServiceModel};
pub use shape::{Shape, ShapeKind};
pub use xform::xform_name;

static DATA: &[u8] = include_bytes!("data/models.bin");

/// One parsed model per embedded service, filled on first use.
static LOADED: [OnceLock<Option<ServiceModel>>; index::SERVICES.len()] =
    [const { OnceLock::new() }; index::SERVICES.len()];

/// Names boto3 also takes for a client, as botocore's `SERVICE_NAME_ALIASES` lists them.
const ALIASES: &[(&str, &str)] = &[("runtime.sagemaker", "sagemaker-runtime")];

/// Every embedded service's boto3 client name, sorted.
pub fn service_names() -> impl Iterator<Item = &'static str> {
    index::SERVICES.iter().map(|(name, ..)| *name)
}

/// The model of a service by its boto3 client name (`ec2`, `elbv2`, `logs`). Names compare
/// case-insensitively, as the simulation and the mocks always have.
pub fn service(name: &str) -> Option<&'static ServiceModel> {
    let name = ALIASES
        .iter()
        .find(|(alias, _)| alias.eq_ignore_ascii_case(name))
        .map_or(name, |(_, real)| real);
    let position = index::SERVICES
        .iter()
        .position(|(n, ..)| n.eq_ignore_ascii_case(name))?;
    LOADED
        .get(position)?
        .get_or_init(|| load(position))
        .as_ref()
}

/// Whether two `Api` spellings name the same operation of `service`: through the model
/// when the service is known (`describe_instances` is `DescribeInstances`), else ignoring
/// case.
pub fn same_operation(service: &str, a: &str, b: &str) -> bool {
    if a.eq_ignore_ascii_case(b) {
        return true;
    }
    let Some(model) = self::service(service) else {
        return false;
    };
    match (model.operation(a), model.operation(b)) {
        (Some(x), Some(y)) => x.name == y.name,
        _ => false,
    }
}

/// Loads a service's model without keeping it: what the first use of a service costs, for
/// the benchmarks (shapes are then read as they are asked for).
pub fn parse_uncached(name: &str) -> Option<ServiceModel> {
    let position = index::SERVICES.iter().position(|(n, ..)| *n == name)?;
    load(position)
}

/// Inflate one embedded service's operations and note where its shape chunks are. The
/// data is generated and checked by tests, so a failure here is a build defect; it leaves
/// the service unknown rather than panic.
fn load(position: usize) -> Option<ServiceModel> {
    let (name, offset, len, first, count) = *index::SERVICES.get(position)?;
    let packed = slice(offset, len)?;
    let bytes = miniz_oxide::inflate::decompress_to_vec_zlib(packed).ok()?;
    let text = std::str::from_utf8(&bytes).ok()?;
    let chunks = index::CHUNKS
        .get(first as usize..(first + count) as usize)?
        .iter()
        .map(|(first, offset, len)| {
            Some(service_model::ChunkSource {
                first,
                packed: slice(*offset, *len)?,
            })
        })
        .collect::<Option<Vec<_>>>()?;
    ServiceModel::new(name, text, chunks)
}

fn slice(offset: u32, len: u32) -> Option<&'static [u8]> {
    let start = offset as usize;
    DATA.get(start..start + len as usize)
}

#[cfg(test)]
mod tests;
