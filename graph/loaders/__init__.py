"""Per-request batch loaders, one module per entity."""
