"""Everything a build writes besides HTML pages: feeds, exports, sitemap and robots.txt.

``table`` holds the ``Output`` value and the one table of producers; ``feeds`` and
``exports`` the formats.
"""
