"""The national registry (NAKOS-style green, red and blue addresses and digital groups)."""
