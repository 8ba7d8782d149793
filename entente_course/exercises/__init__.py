"""The auto-checked exercises, one module per lesson (``lessonNN.py``), registered with ``@exercise``."""
