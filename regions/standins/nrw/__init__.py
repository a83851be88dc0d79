"""NRW's publishing service (a stand-in for the region's JSON API)."""

STATUS_PATH = "/api/v1/status"  # what `shg serve` asks to see the service is up
