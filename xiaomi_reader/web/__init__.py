"""Articles from the web: fetching a page over HTTP(S) and reading it as an article.

Between ``core`` and ``store``: it uses the article reader of ``core`` and knows nothing
of the library, tables or Qt, so the command line and the window call it alike (the
window from a worker thread, with a progress callback and a cancel check).
"""
