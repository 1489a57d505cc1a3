"""Platform-independent glue for the Big Conversation: the posting job that takes due
prompts from the handlers and hands them to each platform's ChannelPort."""
