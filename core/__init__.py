"""The runtime: command line, settings, storage and the channels people reach Onward on."""
