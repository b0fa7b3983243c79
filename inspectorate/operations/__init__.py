"""Running the site in production: request ids and logging, request limits, the health check, start-up checks."""
