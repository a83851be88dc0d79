"""Baden-Württemberg's plain group service (a stand-in): its own key order, a few filters of
its own words, offset paging; no ranking, no facets, no national topic slugs."""

STATUS_PATH = "/api/status"  # what `shg serve` asks to see the service is up
