"""The editor's desk: from a saved article to a reviewed change in the data, with an audit trail.

``stationmap ingest`` turns a saved page (HTML, PDF or text) into a queue item of proposals; ``stationmap
review`` lists, shows, accepts or rejects them. Only editors use it: the public app, the published site and
the core modules of ``stationmap`` never import this package (tests/unit/test_desk_imports.py enforces it),
so its extraction libraries are never loaded when readers use the map.
"""
