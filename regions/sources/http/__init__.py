"""The HTTP/JSON adapter for regions that publish their groups as a JSON API."""
