"""Bavaria's own group database (a stand-in for the region's system), read over SQL."""
