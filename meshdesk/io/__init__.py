"""Files: dataset, project files, imports and exports. Uses meshdesk.core, never Qt."""
