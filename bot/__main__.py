"""`python -m bot` is `bigconv`."""

from bot.cli import main

main()
