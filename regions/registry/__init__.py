"""The national registry (NAKOS-style green, red and blue addresses and digital groups)."""

# The registry's name as a source: in global ids, cursors and every record's provenance.
SOURCE = "nakos"
