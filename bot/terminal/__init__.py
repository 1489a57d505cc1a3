"""What the command line prints: report tables, previews and one-line failures."""
