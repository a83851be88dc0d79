"""The response cache of reads (README, *Response cache*): keys (keys.py), the stores
(stores.py), the registry's version (versions.py), and what may be cached (response.py)."""
