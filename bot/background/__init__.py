"""The leader's background work: the scheduler, the leadership lock, retention."""
