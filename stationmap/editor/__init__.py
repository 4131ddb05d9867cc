"""The editor page: a local Streamlit front end to the desk (``make editor``), for editors only.

It lives outside ``stationmap/desk`` (which never imports Streamlit) and outside ``stationmap/ui`` (the
public app's, which never reaches the desk); nothing public imports it (tests/unit/test_desk_imports.py).
Every decision goes through the desk's command itself (``stationmap review|correction``, ``actions.run_desk``):
no second implementation.
"""
