"""The HTTP door: authentication, the JSON API under /api/, its OpenAPI document, and the
360° view composed from every service over RPC."""
