"""The Slack adapter: slack-bolt listeners, Block Kit rendering and ids."""
