//! AWS's public parameters: `/aws/service/…` exists in every account and region, kept by AWS
//! rather than by the account. The "latest AMI" aliases runbooks use as defaults
//! (`/aws/service/ami-amazon-linux-latest/…`, `/aws/service/ami-windows-latest/…`) are
//! answered from the world's own images, so that an instance launched from the value finds
//! its image.

use super::image::ImageState;
use super::instance::{InstanceState, Platform};
use super::ssm_parameters::{Parameter, ParameterType};
use super::world::SimWorld;
use crate::params::WorldExamples;

/// The alias families, and the platform of the images they name.
const AMI_ALIASES: &[(&str, Platform)] = &[
    ("/aws/service/ami-amazon-linux-latest/", Platform::Linux),
    ("/aws/service/ami-windows-latest/", Platform::Windows),
];

impl SimWorld {
    /// What a value made up for a missing Parameter Store parameter may name: the first
    /// running instance (else the first), and the newest image of each platform.
    pub fn examples(&self) -> WorldExamples {
        let instance = self
            .instances
            .iter()
            .find(|i| i.state == InstanceState::Running)
            .or_else(|| self.instances.first());
        let image = |platform: Platform| {
            self.images
                .iter()
                .filter(|i| i.platform == platform && i.state == ImageState::Available)
                .max_by(|a, b| a.created.cmp(&b.created))
                .map(|i| i.id.clone())
        };
        WorldExamples {
            region: self.region.clone(),
            account: self.account.clone(),
            instance_id: instance.map(|i| i.id.clone()),
            linux_image_id: image(Platform::Linux),
            windows_image_id: image(Platform::Windows),
        }
    }

    /// A public "latest AMI" parameter the world does not store itself: the newest
    /// available image of the alias's platform, of its architecture when the world has one
    /// (`arm64` in the name), else any architecture. None for other names, and when the world
    /// has no image of that platform.
    pub(crate) fn public_parameter(&self, name: &str) -> Option<Parameter> {
        let (_, platform) = AMI_ALIASES
            .iter()
            .find(|(prefix, _)| name.len() > prefix.len() && name.starts_with(prefix))?;
        let architecture = if name.contains("arm64") {
            "arm64"
        } else {
            "x86_64"
        };
        let candidates = || {
            self.images
                .iter()
                .filter(|i| i.platform == *platform && i.state == ImageState::Available)
        };
        let newest = |a: &&super::image::Image, b: &&super::image::Image| a.created.cmp(&b.created);
        let image = candidates()
            .filter(|i| i.architecture == architecture)
            .max_by(newest)
            .or_else(|| candidates().max_by(newest))?;
        Some(Parameter {
            name: name.to_string(),
            kind: ParameterType::String,
            value: image.id.clone(),
            version: 1,
            last_modified: image.created,
            description: None,
        })
    }
}
