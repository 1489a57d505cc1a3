"""Microsoft Teams: the bot's Teams side, on the Microsoft 365 Agents SDK (Bot Connector REST).

`standins.teams` is a local stand-in for Teams' Bot Connector service and Bot Service's
token issuer, used by the tests and by `bigconv demo --platform teams`.
"""
