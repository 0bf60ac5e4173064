"""Pure workshop rules: stdlib only, no widgets, no pandas, no file I/O."""
