"""One importer per content app: each turns its part of the data file into that app's pages."""
