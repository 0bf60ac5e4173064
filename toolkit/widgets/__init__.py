"""ipywidgets views over domain objects; side effects are injected as callables."""
