"""The Teams listeners, each one shape: parse the activity, one handler call, render."""
