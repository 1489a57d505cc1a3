"""The web server every wing is mounted on: health, metrics and the privacy pages."""
