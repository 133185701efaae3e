"""Reminders: case workers, the clients who agreed to hear from them, and the scheduler."""
