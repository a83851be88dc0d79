"""NRW's publishing service (a stand-in for the region's JSON API) and how the graph reads it."""
