//! Child documents of `aws:executeAutomation` for stored executions: bundled documents, the
//! registry, or `file://` paths, found as StartAutomationExecution finds its document.

use super::documents::resolve_document;
use crate::exec::{DocumentSource, LoadError, LoadedDocument};
use crate::source::SourceFile;
use crate::store::DocumentStore;

pub struct RegistryDocuments<'s> {
    pub store: &'s dyn DocumentStore,
}

impl DocumentSource for RegistryDocuments<'_> {
    fn load(&self, name: &str, version: Option<&str>) -> Result<LoadedDocument, LoadError> {
        let resolved = resolve_document(self.store, name, version).map_err(|e| {
            // Only a name the store does not know is missing; a missing version is not.
            if e.exception == Some("AutomationDefinitionNotFoundException") {
                LoadError::NotFound(e.message)
            } else {
                LoadError::Unusable(e.message)
            }
        })?;
        let source = SourceFile::new(resolved.label.clone(), resolved.text.clone());
        let document =
            crate::cli::load::child_document(&source, name).map_err(LoadError::Unusable)?;
        Ok(LoadedDocument {
            name: resolved.name,
            version: resolved.version,
            document,
            label: resolved.label,
            text: resolved.text,
        })
    }
}
