"""Block Kit renderers: one per neutral reply of handlers.messages, and the pulse modal
generated from surveys.form."""
