"""mltl_site: a static site generator for a job board and career guide.

The build flows one way: ``content`` (load and validate) → ``site`` (pages) →
``render`` (Jinja) → ``write`` (atomic swap); ``pipeline`` strings them together.
"""
