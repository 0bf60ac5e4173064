"""Tools for developing the toolkit (browser driving, screenshots); not shipped."""
