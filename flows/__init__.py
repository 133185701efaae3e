"""The conversation engine and the flows, as data."""
