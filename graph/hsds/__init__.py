"""Open data: the public registry as HSDS 3.0 (Open Referral), an API under /hsds/ and a bulk
export. Nothing here keeps data of its own: every object is mapped on the way out from the
registry's store functions and the region sources."""
