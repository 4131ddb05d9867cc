"""Editor entry point: ``make editor`` (``streamlit run editor.py`` bound to 127.0.0.1). Never part of the
public app or the published site; see stationmap/editor/access.py for who may open it."""

from stationmap.editor.page import main

main()
