"""The service directory and the curated data an NGO ships."""
