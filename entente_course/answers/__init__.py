"""The answer keys of the auto-checked exercises, one module per lesson (``lessonNN.py``), registered with ``@exercise``.

Named ``answers`` so the word "exercises" keeps one meaning in the course: the table of joint military exercises.
"""
