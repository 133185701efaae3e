"""The console's staff: accounts and roles, signing in, one-time links, the audit log."""
